#!/usr/bin/env bash
# examples.sh - run each built example on a fresh vault path.
#
# Every executable in build/examples/ is run as `NAME TMPDIR/vault` (the
# directory does not exist yet) and must exit 0 within the time limit.
# quickstart is the one `make demo` runs; it is run here the same way.
# Ends with "N passed, N failed"; no examples built is 0 passed, 0 failed.
set -u

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

bindir=${SV_EXAMPLES_DIR:-build/examples}
limit=${SV_EXAMPLE_TIMEOUT:-300}
passed=0
failed=0

run_example() {
	local bin=$1 name tmp rc
	name=$(basename "$bin")
	tmp=$(mktemp -d) || {
		echo "FAIL $name (mktemp)"
		failed=$((failed + 1))
		return
	}
	timeout "$limit" "$bin" "$tmp/vault" </dev/null >"$tmp/out" 2>&1
	rc=$?
	if [[ $rc -eq 0 ]]; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		if [[ $rc -eq 124 ]]; then
			echo "FAIL $name (timed out after ${limit}s)"
		else
			echo "FAIL $name (exit $rc)"
		fi
		sed 's/^/    /' "$tmp/out" | tail -n 40
		failed=$((failed + 1))
	fi
	rm -rf "$tmp"
}

for bin in "$bindir"/*; do
	[[ -f $bin && -x $bin ]] || continue
	[[ $(basename "$bin") == quickstart ]] && continue
	run_example "$bin"
done
if [[ -f $bindir/quickstart && -x $bindir/quickstart ]]; then
	run_example "$bindir/quickstart"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
