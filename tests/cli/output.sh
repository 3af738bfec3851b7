#!/usr/bin/env bash
# output.sh - each subcommand's success output as the aws CLI v2 shapes it:
# JSON members and order, --output text, --query, ISO and wire dates,
# global options before and after the subcommand, help.
# shellcheck source=testlib.bash
source "$(dirname "${BASH_SOURCE[0]}")/testlib.bash"

TOKEN1=11111111-1111-4111-8111-111111111111
TOKEN2=22222222-2222-4222-8222-222222222222

# ---- every subcommand's success shape -----------------------------------------

sv create-secret --name empty
py "create-secret without a value: ARN and Name only" "list(j) == ['ARN', 'Name']"

sv create-secret --name app --secret-string one --client-request-token $TOKEN1 \
	--description "the app" --tags Key=env,Value=prod Key=team,Value=a
py "create-secret --client-request-token is the VersionId" "j['VersionId'] == '$TOKEN1'"

sv create-secret --name bin --secret-binary Zm9vdGVzdA==
sv get-secret-value --secret-id bin
py "get-secret-value of a binary: SecretBinary in base64, no SecretString" \
	"j['SecretBinary'] == 'Zm9vdGVzdA==' and 'SecretString' not in j"

sv put-secret-value --secret-id app --secret-string two --client-request-token $TOKEN2 \
	--version-stages AWSPENDING CUSTOM
py "put-secret-value --version-stages A B" \
	"j['VersionId'] == '$TOKEN2' and j['VersionStages'] == ['AWSPENDING', 'CUSTOM']"

sv get-secret-value --secret-id app --version-stage CUSTOM --query SecretString
is "get-secret-value --version-stage" "$OUT" '"two"'
sv get-secret-value --secret-id app --version-id $TOKEN1 --query SecretString --output text
is "get-secret-value --version-id" "$OUT" "one"

sv batch-get-secret-value --secret-id-list app bin nosuch
py "batch-get-secret-value: SecretValues and Errors" \
	"list(j) == ['SecretValues', 'Errors'] and [v['Name'] for v in j['SecretValues']] == ['app', 'bin'] and j['Errors'][0]['ErrorCode'] == 'ResourceNotFoundException' and j['Errors'][0]['SecretId'] == 'nosuch'"
sv batch-get-secret-value --filters Key=name,Values=ap
py "batch-get-secret-value --filters" "[v['Name'] for v in j['SecretValues']] == ['app']"

printf 'raw\000\377bytes' >"$T/raw.bin"
sv create-secret --name rawbin --secret-binary "fileb://$T/raw.bin"
sv get-secret-value --secret-id rawbin --query SecretBinary --output text
is "--secret-binary fileb:// sends the raw bytes" "$OUT" "$(base64 <"$T/raw.bin")"
sv create-secret --name rawtext --secret-binary footest --cli-binary-format raw-in-base64-out
sv get-secret-value --secret-id rawtext --query SecretBinary --output text
is "--cli-binary-format raw-in-base64-out" "$OUT" "Zm9vdGVzdA=="
sv list-secrets --filters Key=name,Values=app,bin --query 'SecretList[].Name'
py "--filters Values=a,b is a list" "sorted(j) == ['app', 'bin']"
sv list-secrets --filters 'Key=name,Values=[app,raw]' Key=description,Values=the --query 'SecretList[].Name'
py "--filters Values=[a,b] and two filters" "j == ['app']"
sv list-secrets --filters '[{"Key":"name","Values":["raw"]}]' --query 'SecretList[].Name'
py "--filters as JSON" "sorted(j) == ['rawbin', 'rawtext']"
sv delete-secret --secret-id rawbin --force-delete-without-recovery
sv delete-secret --secret-id rawtext --force-delete-without-recovery

sv update-secret --secret-id app --description changed
py "update-secret of the description: ARN and Name" "list(j) == ['ARN', 'Name']"
sv update-secret --secret-id app --secret-string three
py "update-secret with a value: a new VersionId" "list(j) == ['ARN', 'Name', 'VersionId']"

sv describe-secret --secret-id app
py "describe-secret: members in AWS's order" \
	"list(j) == ['ARN', 'Name', 'Description', 'LastChangedDate', 'LastAccessedDate', 'Tags', 'VersionIdsToStages', 'CreatedDate']"
py "describe-secret: tags and description" \
	"j['Description'] == 'changed' and j['Tags'] == [{'Key': 'env', 'Value': 'prod'}, {'Key': 'team', 'Value': 'a'}]"

sv list-secret-version-ids --secret-id app --include-deprecated --max-results 10
py "list-secret-version-ids --include-deprecated" "len(j['Versions']) == 3"
sv list-secret-version-ids --secret-id app --no-include-deprecated
py "list-secret-version-ids --no-include-deprecated" "len(j['Versions']) <= 3 and 'NextToken' not in j"

sv update-secret-version-stage --secret-id app --version-stage CUSTOM \
	--remove-from-version-id $TOKEN2 --move-to-version-id $TOKEN1
py "update-secret-version-stage: ARN and Name" "list(j) == ['ARN', 'Name'] and j['Name'] == 'app'"
sv get-secret-value --secret-id app --version-stage CUSTOM --query SecretString --output text
is "update-secret-version-stage moved the label" "$OUT" "one"

sv tag-resource --secret-id app --tags '[{"Key":"k","Value":"v"}]'
is "tag-resource prints nothing (exit)" "$RC" 0
is "tag-resource prints nothing" "$OUT" ""
sv untag-resource --secret-id app --tag-keys '["env"]'
is "untag-resource with a JSON list" "$RC:$OUT" "0:"
sv untag-resource --secret-id app --tag-keys env team
is "untag-resource prints nothing" "$RC:$OUT" "0:"
sv describe-secret --secret-id app --query Tags --output text
# A list of dicts at the top (after --query) has no identifier column.
is "tags after tag-resource and untag-resource (text)" "$OUT" "$(printf 'k\tv')"
sv describe-secret --secret-id app --output text
ok "describe-secret --output text: a TAGS line" grep -qxP 'TAGS\tk\tv' "$T/out"

sv get-random-password --password-length 40 --exclude-punctuation --no-include-space
py "get-random-password: RandomPassword of 40 letters and digits" \
	"list(j) == ['RandomPassword'] and re.fullmatch('[A-Za-z0-9]{40}', j['RandomPassword'])"
sv get-random-password --password-length 12 --exclude-numbers --exclude-uppercase \
	--exclude-punctuation --output text
ok "get-random-password --output text: the password alone" matches "$OUT" '^[a-z]{12}$'

sv delete-secret --secret-id empty
py "delete-secret without a window: DeletionDate 30 days ahead" \
	"abs(__import__('datetime').datetime.fromisoformat(j['DeletionDate']).timestamp() - $(date +%s) - 30 * 86400) < 120"
sv list-secrets --query 'SecretList[].Name'
py "list-secrets hides a secret scheduled for deletion" "sorted(j) == ['app', 'bin']"
sv list-secrets --include-planned-deletion --query 'SecretList[].Name'
py "list-secrets --include-planned-deletion" "sorted(j) == ['app', 'bin', 'empty']"
sv list-secrets --sort-order desc --query 'SecretList[].Name'
py "list-secrets --sort-order desc" "j == ['bin', 'app']"
sv list-secrets --max-results 1
py "list-secrets --max-results 1: one page and a NextToken (no paging)" \
	"len(j['SecretList']) == 1 and 'NextToken' in j"
sv list-secrets --max-results 1 --next-token "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["NextToken"])' "$T/out")"
py "list-secrets --next-token: the next page" "len(j['SecretList']) == 1"
sv list-secrets --page-size 1
py "list-secrets --page-size 1 reads every page" "len(j['SecretList']) == 2 and list(j) == ['SecretList']"
sv list-secrets --max-items 1
py "list-secrets --max-items 1: a continuation token" "len(j['SecretList']) == 1 and 'NextToken' in j"
sv list-secrets --starting-token "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["NextToken"])' "$T/out")"
py "list-secrets --starting-token: the rest" "[s['Name'] for s in j['SecretList']] == ['bin']"

# ---- --output text ----------------------------------------------------------------

sv get-secret-value --secret-id bin
WANT=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print("\t".join(str(j[k]) for k in sorted(k for k in j if not isinstance(j[k], list))))
print("VERSIONSTAGES\tAWSCURRENT")' "$T/out")
sv get-secret-value --secret-id bin --output text
is "--output text: sorted scalars on one line, then VERSIONSTAGES" "$OUT" "$WANT"
sv list-secrets --output text --query 'SecretList[].Name'
is "--output text of a list of names: one tab-separated line" "$OUT" "$(printf 'app\tbin')"
sv list-secrets --output text --filters Key=name,Values=bin
ok "--output text of list-secrets: a SECRETLIST line" \
	matches "$OUT" "^SECRETLIST"$'\t'"arn:aws:secretsmanager:[^"$'\t'"]*bin-[A-Za-z0-9]{6}"$'\t'""

# ---- --query ------------------------------------------------------------------------

sv get-secret-value --secret-id app --query SecretString
is "--query SecretString prints a JSON string" "$OUT" '"three"'
sv get-secret-value --secret-id app --query SecretString --output text
is "--query SecretString --output text prints it raw" "$OUT" "three"
sv get-secret-value --secret-id app --query ARN --output text
ok "--query ARN" matches "$OUT" '^arn:aws:secretsmanager:us-east-1:000000000000:secret:app-[A-Za-z0-9]{6}$'
sv list-secret-version-ids --secret-id app --query 'Versions[0].VersionId' --output text
ok "--query Versions[0].VersionId" matches "$OUT" '^[0-9a-f-]{36}$'
sv list-secrets --query 'SecretList[0].Tags'
py "--query SecretList[0].Tags" "j == [{'Key': 'k', 'Value': 'v'}]"
sv list-secrets --query 'SecretList[-1].Name'
is "--query with a negative index" "$OUT" '"bin"'
sv list-secrets --query 'SecretList[*].Tags[].Key'
is "--query projection then flatten" "$OUT" "$(printf '[\n    "k"\n]')"
sv get-secret-value --secret-id app --query NoSuchMember
is "--query of a missing member prints null" "$OUT" "null"
sv get-secret-value --secret-id app --query NoSuchMember --output text
is "--query of a missing member in text prints None" "$OUT" "None"
sv describe-secret --secret-id app --query 'VersionIdsToStages.*'
py "--query obj.* projects the values" "all(isinstance(v, list) for v in j)"

# ---- dates ----------------------------------------------------------------------------

sv get-secret-value --secret-id bin --cli-timestamp-format wire
py "--cli-timestamp-format wire: CreatedDate is a number" "isinstance(j['CreatedDate'], float)"
WIRE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["CreatedDate"])' "$T/out")
TZ=IST-5:30 "$SV" get-secret-value --secret-id bin --query CreatedDate --output text >"$T/out"
WANT=$(TZ=IST-5:30 python3 -c '
import datetime, sys
print(datetime.datetime.fromtimestamp(float(sys.argv[1])).astimezone().isoformat())' "$WIRE")
is "ISO 8601 in the local zone, as Python's isoformat() (TZ=IST-5:30)" "$(cat "$T/out")" "$WANT"
ok "ISO 8601: +05:30 offset" contains "$WANT" "+05:30"
sv describe-secret --secret-id bin --cli-timestamp-format wire
ok "wire: a day-granular LastAccessedDate prints as Python's N.0" \
	grep -Eq '^    "LastAccessedDate": [0-9]{10}\.0,$' "$T/out"
sv describe-secret --secret-id bin
ok "iso: LastAccessedDate at midnight has no fraction" \
	grep -Eq '^    "LastAccessedDate": "[0-9-]{10}T00:00:00\+00:00",$' "$T/out"
sv get-secret-value --secret-id bin --cli-timestamp-format wire --query CreatedDate --output text
is "wire in text output" "$OUT" "$WIRE"

# ---- global options anywhere, help ------------------------------------------------------

sv --output text --query Name get-secret-value --secret-id app
is "global options before the subcommand" "$RC:$OUT" "0:app"
sv get-secret-value --output text --secret-id app --query Name
is "global options between the flags" "$OUT" "app"
sv --vault "$T/vault" --key-file "$T/key" secretsmanager get-secret-value --secret-id app --query Name
is "--vault, --key-file, and an optional 'secretsmanager' word" "$OUT" '"app"'
sv get-secret-value --secret-id app --region us-east-1 --query Name
is "--region equal to the vault's is accepted" "$RC:$OUT" '0:"app"'
sv get-secret-value --secret=app --query Name
is "an unambiguous prefix and --flag=value" "$OUT" '"app"'
sv help
ok "help: lists the subcommands" contains "$OUT" "update-secret-version-stage"
is "help: exit 0" "$RC" 0
sv get-secret-value help
ok "COMMAND help: the flags" contains "$OUT" "--version-stage"
sv help export
ok "help COMMAND" contains "$OUT" "--k8s-namespace"
sv list-secrets --help
ok "--help" contains "$OUT" "--include-planned-deletion | --no-include-planned-deletion"
sv --version
ok "--version" matches "$OUT" '^secretvault [0-9]+\.[0-9]+\.[0-9]+'

finish
