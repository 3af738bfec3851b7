# testlib.bash - helpers the tests/cli/*.sh scripts source (not a test).
#
#   sv ARGS...          run the command; stdout in $OUT, stderr in $ERR,
#                       exit code in $RC (files: $T/out, $T/err)
#   ok NAME COND...     one check: passes when the command COND... succeeds
#   is NAME GOT WANT    one check: passes when GOT and WANT are equal
#   py NAME EXPR        one check on the stdout JSON: j = json.loads(stdout)
#   finish              print "N passed, N failed" and exit
#
# Every script gets a fresh temp dir $T with a vault and a key file
# (--key-file, so that no passphrase KDF slows the tests down).
set -u

cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
SV_BIN=${SV_BIN:-build/bin/secretvault}
if [[ ! -x $SV_BIN ]]; then
	echo "FAIL: $SV_BIN is not built"
	echo "0 passed, 1 failed"
	exit 1
fi
SV=$(realpath "$SV_BIN")
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
export TZ=UTC LC_ALL=C
export SECRETVAULT_PATH=$T/vault SECRETVAULT_KEY_FILE=$T/key
unset SECRETVAULT_PASSPHRASE XDG_DATA_HOME
PASSED=0
FAILED=0

sv() {
	"$SV" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

pass() {
	PASSED=$((PASSED + 1))
	echo "ok   $1"
}

fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL $1"
	shift
	[[ $# -gt 0 ]] && printf '     %s\n' "$@"
	echo "     last exit code: ${RC:-}"
	echo "     last stdout: $(head -c 2000 "$T/out" 2>/dev/null)"
	echo "     last stderr: $(head -c 2000 "$T/err" 2>/dev/null)"
}

ok() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "condition: $*"; fi
}

is() {
	if [[ "$2" == "$3" ]]; then
		pass "$1"
	else
		fail "$1" "got:  $(printf '%q' "$2")" "want: $(printf '%q' "$3")"
	fi
}

# py NAME EXPR: EXPR is a Python expression over j (the stdout JSON).
py() {
	if python3 -c '
import json, re, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$T/out" "$2" 2>"$T/pyerr"; then
		pass "$1"
	else
		fail "$1" "python: $2" "$(cat "$T/pyerr")"
	fi
}

contains() { [[ $1 == *"$2"* ]]; }
lacks() { [[ $1 != *"$2"* ]]; }
matches() { [[ $1 =~ $2 ]]; }

new_vault() {
	rm -rf "$T/vault" "$T/key"
	"$SV" init --key-file "$T/key" >/dev/null 2>&1 </dev/null
}

finish() {
	echo "$PASSED passed, $FAILED failed"
	[[ $FAILED -eq 0 ]]
	exit
}

new_vault || {
	echo "FAIL: secretvault init"
	echo "0 passed, 1 failed"
	exit 1
}
