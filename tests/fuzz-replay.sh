#!/usr/bin/env bash
# fuzz-replay.sh - replay every fuzz target's corpus through its standalone
# driver (build/fuzz/TARGET); each input is one counted case.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
passed=0
failed=0
for dir in tests/fuzz/corpus/*/; do
	t=$(basename "$dir")
	bin=build/fuzz/$t
	if [[ ! -x $bin ]]; then
		echo "fuzz-replay: $bin is missing"
		failed=$((failed + 1))
		continue
	fi
	out=$("$bin" "$dir" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [[ $rc -ne 0 || -z $line ]]; then
		echo "fuzz-replay: $t crashed or failed (exit $rc):"
		printf '%s\n' "$out" | tail -n 5
		failed=$((failed + 1))
		continue
	fi
	n=${line%% passed*}
	echo "fuzz-replay: $t: $n inputs replayed"
	passed=$((passed + n))
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
