#!/usr/bin/env bash
# fuzz-run.sh - run every libFuzzer target for a bounded time (make fuzz,
# SV_FUZZ_SECONDS each, 20 by default); a target that ran to its time
# without a crash, leak or timeout counts as passed.  Needs clang and
# libclang-rt-14-dev (.ci/run installs them).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
seconds=${SV_FUZZ_SECONDS:-20}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! command -v clang >/dev/null; then
	echo "fuzz-run: clang is not installed"
	echo "0 passed, 1 failed"
	exit 1
fi
${SV_MAKE:-make} --no-print-directory fuzz FUZZ_SECONDS="$seconds" >"$log" 2>&1
rc=$?
passed=$(grep -c '^Done [0-9]* runs' "$log")
targets=$(sed -n 's/^FUZZ_TARGETS := //p' Makefile | wc -w)
grep -E '^Done [0-9]* runs|ERROR|SUMMARY' "$log" | sed 's/^/fuzz-run: /'
failed=$((targets - passed))
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
	failed=1
fi
if [[ $failed -ne 0 ]]; then
	tail -n 30 "$log"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
