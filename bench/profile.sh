#!/usr/bin/env bash
# profile.sh - where the library's paths spend their instructions
# (valgrind --tool=callgrind), for bench/README.md.
#
#   bench/profile.sh [BUILD_DIR] [OUT_DIR]
#
# BUILD_DIR (default build) holds bench/bench and bin/secretvault.  Each
# profile collects only inside one function of the benchmark (callgrind's
# --toggle-collect), on a small data set (2,000 secrets, 2 x 2,000 gets).
# The top functions by inclusive cost are printed, each once, then the
# instructions per call of the entry points.  The callgrind files stay in
# OUT_DIR (default: a new temporary directory) for callgrind_annotate or
# kcachegrind.  SV_PROFILE_TOP sets how many functions are shown (25).
#
# Callgrind counts user-space instructions: time in system calls (fsync,
# mmap, mprotect, getrandom) does not show; `make bench` has the wall clock.
set -uo pipefail

build=${1:-build}
out=${2:-$(mktemp -d /tmp/svprofile.XXXXXX)}
bench=$build/bench/bench
cli=$build/bin/secretvault
top=${SV_PROFILE_TOP:-25}

command -v valgrind >/dev/null || { echo "profile.sh: valgrind is not installed" >&2; exit 1; }
[[ -x $bench ]] || { echo "profile.sh: $bench is missing (make bench builds it)" >&2; exit 1; }
mkdir -p "$out" || exit 1

# calls NAME FUNCTION: how many times FUNCTION was called in profile NAME
# (the calls= lines of the callgrind file; names may be compressed to ids).
calls() {
	awk -v fn="$2" '
		function name_of(s,   id, rest) {
			if (match(s, /^\([0-9]+\)/)) {
				id = substr(s, RSTART, RLENGTH)
				rest = substr(s, RLENGTH + 1)
				sub(/^ /, "", rest)
				if (rest != "")
					names[id] = rest
				return names[id]
			}
			return s
		}
		/^fn=/ { name_of(substr($0, 4)) }
		/^cfn=/ { cur = name_of(substr($0, 5)) }
		/^calls=/ { if (cur == fn) { split(substr($0, 7), a, " "); n += a[1] } }
		END { print n + 0 }' "$out/$1.cg"
}

# show NAME: the top functions of profile NAME by inclusive cost, each once
# (debug info may name a file two ways), with paths made relative.
show() {
	callgrind_annotate --auto=no --inclusive=yes "$out/$1.cg" >"$out/$1.full.txt" 2>/dev/null
	sed -n '/^Ir /,$p' "$out/$1.full.txt" | tail -n +3 |
		sed -e 's/ \[[^]]*\]$//' -e 's#[^ ]*/\(lib\|bench\|cli\)/#\1/#' |
		awk 'NF >= 3 { key = $0; sub(/^ *[0-9,]+ +\([ 0-9.%]+\) +/, "", key)
			       n = split(key, parts, ":"); fn = parts[n]
			       if (!(fn in seen)) { seen[fn] = 1; print } }' >"$out/$1.txt"
	head -n "$top" "$out/$1.txt"
}

# inclusive NAME FUNCTION: the inclusive Ir of FUNCTION in profile NAME.
inclusive() {
	awk -v fn="$2" '{ n = split($0, parts, ":"); if (parts[n] == fn) {
		gsub(/,/, "", $1); print $1; exit } }' "$out/$1.txt"
}

# per_call NAME FUNCTION...: instructions per call of each entry point.
per_call() {
	local name=$1 fn n ir
	shift
	for fn in "$@"; do
		n=$(calls "$name" "$fn")
		ir=$(inclusive "$name" "$fn")
		if [[ -n $ir && $n -gt 0 ]]; then
			printf '   per call: %-24s %7d calls %10d Ir\n' "$fn" "$n" $((ir / n))
		fi
	done
}

# profile NAME TOGGLE ARGS...: run the benchmark under callgrind.
profile() {
	local name=$1 toggle=$2
	shift 2
	echo "== $name (collecting inside $toggle)"
	if ! valgrind -q --tool=callgrind --toggle-collect="$toggle" \
		--callgrind-out-file="$out/$name.cg" "$bench" "$@" >/dev/null 2>"$out/$name.log"; then
		echo "profile.sh: $name failed, see $out/$name.log" >&2
		return 1
	fi
	show "$name"
}

small=(--secrets 2000 --gets 2000 --reps 1)

profile get 'bench_gets*' --only get_1k_random,get_property_1k "${small[@]}" &&
	per_call get sv_secret_get_value sv_value_property floor_get sv_value_free
profile list 'bench_list*' --only list_prefix_page "${small[@]}" &&
	per_call list sv_secret_list sv_iter_free
profile put 'bench_put*' --only put_durable_1k "${small[@]}" &&
	per_call put sv_secret_put_value floor_commit_one
profile open 'bench_open*' --only open_keyfile "${small[@]}" &&
	per_call open sv_vault_open sv_vault_close
profile import 'sv_secret_import' --only import_100k --secrets 10000 &&
	per_call import sv_secret_import

# The CLI: one get-secret-value process on a small vault of its own.
if [[ -x $cli ]]; then
	echo "== cli (one get-secret-value process, whole program)"
	d=$(mktemp -d /tmp/svprofile-cli.XXXXXX)
	trap 'rm -rf "$d"' EXIT
	if "$cli" init --vault "$d/vault" --key-file "$d/key" >/dev/null &&
		"$cli" create-secret --vault "$d/vault" --key-file "$d/key" --name bench/cli \
			--secret-string '{"password":"x"}' >/dev/null &&
		"$cli" get-secret-value --vault "$d/vault" --key-file "$d/key" \
			--secret-id bench/cli >/dev/null &&
		valgrind -q --tool=callgrind --callgrind-out-file="$out/cli.cg" "$cli" \
			get-secret-value --vault "$d/vault" --key-file "$d/key" \
			--secret-id bench/cli >/dev/null 2>"$out/cli.log"; then
		show cli
		per_call cli main sv_vault_open sv_call sv_vault_close
	else
		echo "profile.sh: the CLI profile failed" >&2
	fi
fi
echo "profile.sh: callgrind files in $out"
