#!/usr/bin/env bash
# python.sh - run the Python binding's unittest suite (bindings/python)
# against the shared library of the build tree.
#
#   SV_BUILD  the build directory (default build); it must hold
#             lib/libsecretvault.so.0 (make builds it)
#   PYTHON    the interpreter (default python3; Python >= 3.9)
#
# Runs `python3 -m unittest discover -s bindings/python/tests -v` with
# PYTHONPATH=bindings/python and SECRETVAULT_LIBRARY pointing at the built
# library.  Ends with one line "N passed, N failed" computed from
# unittest's summary: skipped tests and expected failures are not counted
# as passed; failures, errors and unexpected successes are failed.  Exits
# non-zero on any failure.
set -u

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
root=$PWD
build=${SV_BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
PYTHON=${PYTHON:-python3}

fail() {
	echo "python.sh: $*"
	echo "0 passed, 1 failed"
	exit 1
}

command -v "$PYTHON" >/dev/null 2>&1 || fail "$PYTHON is not installed"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))' ||
	fail "Python >= 3.9 is needed ($("$PYTHON" --version 2>&1))"
lib=$build/lib/libsecretvault.so.0
[[ -e $lib ]] || fail "$lib is missing (run make first)"

log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT

export SECRETVAULT_LIBRARY=$lib
export PYTHONPATH=$root/bindings/python${PYTHONPATH:+:$PYTHONPATH}
export PYTHONDONTWRITEBYTECODE=1

"$PYTHON" --version
"$PYTHON" -m unittest discover -s bindings/python/tests -v </dev/null 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

ran=$(sed -n 's/^Ran \([0-9][0-9]*\) tests\{0,1\} in .*/\1/p' "$log" | tail -n 1)
if [[ -z $ran ]]; then
	echo "python.sh: unittest printed no summary (exit $rc)"
	echo "0 passed, 1 failed"
	exit 1
fi
# The summary line: "OK", "OK (skipped=2)", "FAILED (failures=1, errors=2, ...)".
summary=$(grep -E '^(OK|FAILED)( \(.*\))?$' "$log" | tail -n 1)
count() {
	local n
	n=$(printf '%s\n' "$summary" | sed -n -E "s/.*(\(|, )$1=([0-9]+).*/\2/p")
	echo "${n:-0}"
}
failures=$(count failures)
errors=$(count errors)
skipped=$(count skipped)
xfail=$(count 'expected failures')
xpass=$(count 'unexpected successes')
failed=$((failures + errors + xpass))
passed=$((ran - failures - errors - skipped - xfail - xpass))
if [[ -z $summary ]]; then
	echo "python.sh: no OK/FAILED line (exit $rc)"
	failed=$((failed + 1))
elif [[ $rc -ne 0 && $failed -eq 0 ]]; then
	echo "python.sh: unittest exited $rc without a counted failure"
	failed=1
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
