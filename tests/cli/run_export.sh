#!/usr/bin/env bash
# run_export.sh - `run` and `export`: the GitHub Action's naming rules
# (aliases, blank alias, PREFIX*, JSON keys, leading digits, the three
# transformations), --dry-run, collisions, the child's environment and
# exit code, and every export format.
# shellcheck source=testlib.bash
source "$(dirname "${BASH_SOURCE[0]}")/testlib.bash"

mk() { "$SV" create-secret --name "$1" --secret-string "$2" >/dev/null 2>&1 </dev/null; }
mk MyTestSecret1 '{"user":"diego","password":"EXAMPLE-PASSWORD"}'
mk /prod/example/secret 'prod-value'
mk 0/test/secret 'digit-value'
mk test/json '{"api_key":"k1","config":{"active":"true","1st":"x"},"list":[1,2],"n":5}'
mk app/one 'one'
mk app/two 'two'
mk tricky $'a"b\\c$d`e\nf g'
mk MySecret 'upper'
mk mysecret 'lower'
mk names '{"name":"a","Name":"b"}'

# dry NAME "ARGS" EXPECTED-NAMES (one a line)
dry() {
	eval "sv run --dry-run $2"
	is "$1" "$RC:$OUT" "0:$3"
}

# ---- naming rules (--dry-run prints the names) -------------------------------------------

dry "a plain name is upper-cased" "--secret-ids MyTestSecret1" "MYTESTSECRET1"
dry "a path: '/' becomes '_'" "--secret-ids /prod/example/secret" "_PROD_EXAMPLE_SECRET"
dry "a leading digit gets '_'" "--secret-ids 0/test/secret" "_0_TEST_SECRET"
dry "ALIAS,ID" "--secret-ids 'DB_PASS, /prod/example/secret'" "DB_PASS"
dry "--parse-json-secrets: one variable per key, nested with '_'" \
	"--secret-ids test/json --parse-json-secrets" \
	"$(printf 'TEST_JSON_API_KEY\nTEST_JSON_CONFIG_ACTIVE\nTEST_JSON_CONFIG_1ST\nTEST_JSON_LIST\nTEST_JSON_N')"
dry "an alias prefixes JSON keys" "--secret-ids CFG,test/json --parse-json-secrets" \
	"$(printf 'CFG_API_KEY\nCFG_CONFIG_ACTIVE\nCFG_CONFIG_1ST\nCFG_LIST\nCFG_N')"
dry "a blank alias: JSON keys without a prefix" "--secret-ids ,MyTestSecret1 --parse-json-secrets" \
	"$(printf 'USER\nPASSWORD')"
dry "a blank alias on a value that is not JSON: the name" \
	"--secret-ids ,/prod/example/secret --parse-json-secrets" "_PROD_EXAMPLE_SECRET"
dry "without --parse-json-secrets a JSON value is one variable" "--secret-ids test/json" "TEST_JSON"
dry "--name-transformation lowercase" \
	"--secret-ids MyTestSecret1 --parse-json-secrets --name-transformation lowercase" \
	"$(printf 'mytestsecret1_user\nmytestsecret1_password')"
dry "--name-transformation none" "--secret-ids MyTestSecret1 /prod/example/secret --name-transformation none" \
	"$(printf 'MyTestSecret1\n_prod_example_secret')"
dry "PREFIX*: every match" "--secret-ids 'app/*'" "$(printf 'APP_ONE\nAPP_TWO')"
dry "PREFIX* with an alias that matches one" "--secret-ids 'ONE,app/o*'" "ONE"
dry "PREFIX* with a blank alias matching two" "--secret-ids ',app/*'" "$(printf 'APP_ONE\nAPP_TWO')"
dry "--secret-ids repeated and with several values" \
	"--secret-ids app/one --secret-ids app/two MyTestSecret1" \
	"$(printf 'APP_ONE\nAPP_TWO\nMYTESTSECRET1')"
ARN=$("$SV" describe-secret --secret-id app/one --query ARN --output text)
dry "an ARN: the secret's name is used" "--secret-ids '$ARN'" "APP_ONE"
dry "--map KEY=ID#PROPERTY" "--map U=MyTestSecret1#user" "U"

# ---- refusals -------------------------------------------------------------------------------

sv run --dry-run --secret-ids MySecret mysecret
is "collision MySecret/mysecret: exit 255" "$RC" 255
is "collision: the message names both sources" "$ERR" \
	"secretvault: the environment variable MYSECRET from mysecret collides with the one from MySecret; give one of them an alias"
sv run --dry-run --secret-ids names --parse-json-secrets
is "collision of JSON keys name/Name" "$RC" 255
MYTESTSECRET1=already sv run --dry-run --secret-ids MyTestSecret1
is "a variable already set in the environment: exit 255" "$RC" 255
is "a variable already set: the message" "$ERR" \
	"secretvault: the environment variable MYTESTSECRET1 (from MyTestSecret1) is already set; give the secret an alias (ALIAS,ID)"
MYTESTSECRET1='' sv run --dry-run --secret-ids MyTestSecret1
is "a variable set but empty is replaced, as in the action" "$RC:$OUT" "0:MYTESTSECRET1"
sv run --dry-run --secret-ids SECRETS_LIST_CLEAN_UP,app/one
is "the action's own variable name is refused" "$RC" 255
sv run --dry-run --secret-ids 'MyTestSecret1,app/one'
is "an alias that the transformation would change" "$RC" 255
ok "... says why" contains "$ERR" "is not a valid variable name"
sv run --dry-run --secret-ids 'ap*'
is "a prefix shorter than 3 characters" "$RC" 252
sv run --dry-run --secret-ids 'zzz*'
is "a prefix that matches nothing" "$RC:$ERR" "255:secretvault: zzz*: no secret matches this prefix"
sv run --dry-run --secret-ids 'X,app/*'
is "an alias on a prefix that matches two" "$RC" 255
sv run --dry-run --secret-ids nosuch
is "a missing secret: the service error" "$RC:$ERR" \
	"254:An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret."
sv run --dry-run --map U=MyTestSecret1#nosuch
is "--map of a missing property: exit 255" "$RC" 255
ok "--map of a missing property: says which" contains "$ERR" "nosuch"
sv run --dry-run --secret-ids app/one --map APP_ONE=app/two
is "--map colliding with a secret's variable" "$RC" 255
sv run --dry-run --secret-ids app/one --name-transformation camel
is "--name-transformation camel: exit 252" "$RC" 252

# ---- the child ------------------------------------------------------------------------------

sv run --secret-ids tricky T2,app/two -- printenv TRICKY T2
is "run: the child gets the values exactly" "$OUT" "$(printf 'a"b\\c$d`e\nf g\ntwo')"
sv run --secret-ids app/one -- sh -c 'exit 7'
is "run: the child's exit code" "$RC" 7
sv run --secret-ids app/one -- /nonexistent/cmd
is "run: a command that does not exist: 127" "$RC" 127
KEEP=me sv run --secret-ids app/one -- printenv KEEP
is "run: the environment is inherited" "$OUT" "me"
SECRETVAULT_PASSPHRASE=pw sv run --secret-ids app/one -- sh -c 'echo "${SECRETVAULT_PASSPHRASE-unset}"'
is "run: the vault passphrase is not handed to the child" "$OUT" "unset"
sv run --secret-ids MyTestSecret1 --parse-json-secrets -- sh -c 'echo "$MYTESTSECRET1_PASSWORD"'
is "run --parse-json-secrets: a key's value" "$OUT" "EXAMPLE-PASSWORD"
sv run --secret-ids test/json --parse-json-secrets -- sh -c 'echo "$TEST_JSON_LIST $TEST_JSON_N"'
is "run: arrays and numbers as JSON text" "$OUT" "[1,2] 5"

# ---- export -----------------------------------------------------------------------------------

sv export --secret-ids tricky app/one
is "export dotenv (the default): quoted, with \\ \" \$ \` and newline escaped" "$OUT" \
	"$(printf '%s\n' 'TRICKY="a\"b\\c\$d\`e\nf g"' 'APP_ONE="one"')"
sv export --secret-ids tricky app/one --format json
is "export json" "$OUT" "$(printf '%s\n' '{' '    "TRICKY": "a\"b\\c$d`e\nf g",' '    "APP_ONE": "one"' '}')"
python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["TRICKY"] != "a\"b\\c$d`e\nf g")' "$T/out"
ok "export json parses back to the value" [ $? -eq 0 ]
sv export --secret-ids tricky app/one --format yaml
is "export yaml" "$OUT" "$(printf '%s\n' 'TRICKY: "a\"b\\c$d`e\nf g"' 'APP_ONE: "one"')"
sv export --secret-ids tricky app/one --format github-env
ok "export github-env: NAME<<DELIM, the value, DELIM" python3 -c '
import re, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"([A-Z_0-9]+)<<(EOF_[0-9a-f]{32})\n(.*?)\n\2\n", text, re.S)
sys.exit(0 if [(b[0], b[2]) for b in blocks] == [("TRICKY", "a\"b\\c$d`e\nf g"), ("APP_ONE", "one")]
         and len("".join(m.group(0) for m in re.finditer(r"([A-Z_0-9]+)<<(EOF_[0-9a-f]{32})\n(.*?)\n\2\n", text, re.S))) == len(text)
         else 1)' "$T/out"
sv export --format k8s-secret --k8s-name x --map username=MyTestSecret1#user --map password=MyTestSecret1#password
is "export k8s-secret: the tutorial's ExternalSecret" "$OUT" "$(printf '%s\n' \
	'apiVersion: v1' 'kind: Secret' 'metadata:' '  name: x' 'type: Opaque' 'data:' \
	"  username: $(printf diego | base64)" "  password: $(printf EXAMPLE-PASSWORD | base64)")"
sv export --format k8s-secret --k8s-name db-creds --k8s-namespace prod --secret-ids app/one
is "export k8s-secret with a namespace" "$OUT" "$(printf '%s\n' \
	'apiVersion: v1' 'kind: Secret' 'metadata:' '  name: db-creds' '  namespace: prod' \
	'type: Opaque' 'data:' "  APP_ONE: $(printf one | base64)")"
sv export --format k8s-secret --map tls.key=app/one
is "k8s data keys may hold dots" "$(tail -n 1 "$T/out")" "  tls.key: $(printf one | base64)"
sv export --secret-ids cfg,test/json --parse-json-secrets --name-transformation lowercase --format dotenv
is "export with an alias, JSON and lowercase" "$OUT" "$(printf '%s\n' 'cfg_api_key="k1"' \
	'cfg_config_active="true"' 'cfg_config_1st="x"' 'cfg_list="[1,2]"' 'cfg_n="5"')"
MYTESTSECRET1=set sv export --secret-ids MyTestSecret1
is "export ignores the current environment" "$RC:$OUT" '0:MYTESTSECRET1="{\"user\":\"diego\",\"password\":\"EXAMPLE-PASSWORD\"}"'
sv export --secret-ids MySecret mysecret --format json
is "export: a collision is an error too" "$RC" 255

finish
