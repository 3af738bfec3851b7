#!/usr/bin/env bash
# leaks.sh - values never show: not in error messages, not in --dry-run,
# not in `ps` while `run` executes its child; and no memory leaks or
# invalid accesses under valgrind (when it is installed).
# shellcheck source=testlib.bash
source "$(dirname "${BASH_SOURCE[0]}")/testlib.bash"

SENTINEL=S3cr3t-Sentinel-7f1e
JSON_SENTINEL="{\"user\":\"u\",\"password\":\"$SENTINEL\"}"
"$SV" create-secret --name app --secret-string "$JSON_SENTINEL" >/dev/null 2>&1 </dev/null
"$SV" create-secret --name App --secret-string "$SENTINEL" >/dev/null 2>&1 </dev/null
"$SV" create-secret --name app2 --secret-string "$JSON_SENTINEL" >/dev/null 2>&1 </dev/null
printf '%s' "$SENTINEL" >"$T/value.txt"

# hidden NAME "ARGS": the command fails, and its stderr and stdout lack
# the sentinel.
hidden() {
	eval "sv $2"
	ok "$1: fails" [ "$RC" -ne 0 ]
	ok "$1: no value in the message" lacks "$ERR$OUT" "$SENTINEL"
}

hidden "create of an existing name" "create-secret --name app --secret-string '$SENTINEL'"
hidden "put to a missing secret" "put-secret-value --secret-id nosuch --secret-string '$SENTINEL'"
hidden "put from file:// to a missing secret" "put-secret-value --secret-id nosuch --secret-string file://$T/value.txt"
hidden "an invalid name" "create-secret --name 'bad name!' --secret-string '$SENTINEL'"
hidden "a value too large" "put-secret-value --secret-id app --secret-string '$SENTINEL$(head -c 70000 /dev/zero | tr '\0' x)'"
hidden "--secret-binary that is not base64" "create-secret --name b --secret-binary '$SENTINEL!'"
hidden "both a string and a binary" "put-secret-value --secret-id app --secret-string '$SENTINEL' --secret-binary Zm9v"
hidden "an unknown flag after a value" "create-secret --name c --secret-string '$SENTINEL' --bogus"
hidden "--cli-input-json with a value and an error" \
	"put-secret-value --cli-input-json '{\"SecretId\":\"nosuch\",\"SecretString\":\"$SENTINEL\"}'"
hidden "--cli-input-json with a value of the wrong type" \
	"put-secret-value --cli-input-json '{\"SecretId\":\"app\",\"SecretString\":[\"$SENTINEL\"]}'"
hidden "run: a collision" "run --dry-run --secret-ids app App"
hidden "run: a missing property" "run --dry-run --map X=app#nosuch"
hidden "run: a JSON key collision" "run --dry-run --secret-ids ,app ,app2 --parse-json-secrets"
hidden "run: a command that does not exist" "run --secret-ids app -- /nonexistent/cmd"

# --dry-run: names only.
sv run --dry-run --secret-ids app --parse-json-secrets
is "--dry-run prints the names" "$OUT" "$(printf 'APP_USER\nAPP_PASSWORD')"
ok "--dry-run prints no value" lacks "$OUT$ERR" "$SENTINEL"
sv run --dry-run --secret-ids App --map P=app#password
ok "--dry-run with --map prints no value" lacks "$OUT$ERR" "$SENTINEL"

# ps: the child runs with the value in its environment, never in argv.
"$SV" run --secret-ids App -- sleep 3 </dev/null >/dev/null 2>&1 &
PID=$!
found=0
for _ in $(seq 1 50); do
	if ps -o args= -p $PID 2>/dev/null | grep -q '^sleep 3'; then
		found=1
		break
	fi
	sleep 0.05
done
ok "ps: the child is running (as the same process: exec, no shell)" [ $found -eq 1 ]
# (ps writes to a file first: a pipeline's grep would carry the value.)
ps -eo args >"$T/ps"
ok "ps: the listing has the child" grep -q '^sleep 3' "$T/ps"
ok "ps: no value in any process's arguments" bash -c '! grep -qF -f "$1" "$2"' _ "$T/value.txt" "$T/ps"
ok "the value is in the child's environment (the test can see it)" \
	grep -qF "APP=$SENTINEL" "/proc/$PID/environ"
wait $PID
is "run: the child's exit code (sleep)" "$?" 0
sv get-secret-value --secret-id App --query SecretString --output text
is "get-secret-value still prints the value on stdout" "$OUT" "$SENTINEL"

# ---- valgrind ---------------------------------------------------------------------------------

# vg NAME ARGS...: no definite or indirect leak, no invalid access.
vg() {
	local name=$1
	shift
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 "$SV" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	ok "valgrind: $name" [ "$RC" -ne 99 ]
}

if command -v valgrind >/dev/null 2>&1; then
	vg "get-secret-value" get-secret-value --secret-id app
	vg "an error" get-secret-value --secret-id nosuch
	vg "create with tags and text output" create-secret --name vg --secret-string x \
		--tags Key=a,Value=b Key=c,Value=d --output text
	vg "list-secrets with paging and a query" list-secrets --page-size 1 --query 'SecretList[].Tags[].Key'
	vg "list-secrets --max-items" list-secrets --max-items 1 --output text
	vg "a usage error" get-secret-value -secret-id x
	vg "export k8s-secret with --map" export --format k8s-secret --map p=app#password --secret-ids ,app --parse-json-secrets
	vg "run --dry-run with a prefix" run --dry-run --secret-ids 'ap*'
	vg "run a command" run --secret-ids App -- true
	vg "--cli-input-json from a file" get-secret-value --cli-input-json "file://$T/value.txt"
else
	echo "skip valgrind: not installed"
fi

finish
