#!/usr/bin/env bash
# readme.sh - the README's quick start works as pasted: its app.c compiles
# against the build tree with strict warnings and runs (twice: the second
# run opens the vault the first one made).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
B=${SV_BUILD:-build}
passed=0
failed=0
check() {
	if "${@:2}"; then
		passed=$((passed + 1))
		echo "ok   $1"
	else
		failed=$((failed + 1))
		echo "FAIL $1"
	fi
}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
# The first C block after "Save this as `app.c`".
awk '/Save this as `app.c`/ {f = 1} f && /^```c$/ {p = 1; next} p && /^```$/ {exit} p {print}' \
	README.md >"$t/app.c"
check "the README has an app.c" test -s "$t/app.c"
libs=$(pkg-config --libs libsodium lmdb libcjson 2>/dev/null || echo "-lsodium -llmdb -lcjson")
check "app.c compiles with -Wall -Wextra -Werror" \
	cc -std=c99 -Wall -Wextra -Werror -Iinclude "$t/app.c" "$B/lib/libsecretvault.a" $libs -pthread -o "$t/app"
(umask 077 && head -c 32 /dev/urandom >"$t/app.key")
check "app runs" bash -c "cd '$t' && ./app >out1 && grep -q 'prod/app/db' out1"
check "app runs again on its vault" bash -c "cd '$t' && ./app >out2 && grep -q 'EXAMPLE-PASSWORD' out2"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
