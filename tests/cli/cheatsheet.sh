#!/usr/bin/env bash
# cheatsheet.sh - the AWS Secrets Manager tutorial's cheat sheet, command
# by command, with `aws secretsmanager` replaced by `secretvault`.
# shellcheck source=testlib.bash
source "$(dirname "${BASH_SOURCE[0]}")/testlib.bash"

UUID='^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
ARN='^arn:aws:secretsmanager:us-east-1:000000000000:secret:MyTestSecret-[A-Za-z0-9]{6}$'
ISO='^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$'
CREDS='{"user":"diegor","password":"EXAMPLE-PASSWORD"}'

# The output is exactly what Python's json.dumps(indent=4) makes of it.
python_shaped() {
	python3 -c '
import json, sys
text = open(sys.argv[1]).read()
sys.exit(0 if text == json.dumps(json.loads(text), indent=4, ensure_ascii=False) + "\n" else 1)' "$T/out"
}

# 1. create-secret --name MyTestSecret --secret-string ...
sv create-secret --name MyTestSecret --description "My test secret created with the CLI." \
	--secret-string "$CREDS"
is "create-secret: exit 0" "$RC" 0
py "create-secret: ARN, Name, VersionId in that order" "list(j) == ['ARN', 'Name', 'VersionId']"
py "create-secret: ARN of the default region and account" "re.match(r'$ARN', j['ARN'])"
py "create-secret: a generated UUIDv4 token is the VersionId" "re.match(r'$UUID', j['VersionId'])"
ok "create-secret: 4-space indent as the aws CLI prints" python_shaped
FIRST=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["VersionId"])' "$T/out")

# 2. create-secret --name MyTestSecret1 --secret-string file://mycreds.json
printf '%s\n' '{"username":"diego","password":"EXAMPLE-PASSWORD"}' >"$T/mycreds.json"
(cd "$T" && "$SV" create-secret --name MyTestSecret1 --secret-string file://mycreds.json \
	>"$T/out" 2>"$T/err")
RC=$?
is "create-secret file://mycreds.json: exit 0" "$RC" 0
py "create-secret file://: Name" "j['Name'] == 'MyTestSecret1'"
sv get-secret-value --secret-id MyTestSecret1 --query SecretString --output text
is "file:// stored the file's text, newline and all" "$(cat "$T/out"; echo x)" \
	"$(cat "$T/mycreds.json"; echo; echo x)"

# 3. get-secret-value --secret-id MyTestSecret
sv get-secret-value --secret-id MyTestSecret
is "get-secret-value: exit 0" "$RC" 0
py "get-secret-value: the members in AWS's order" \
	"list(j) == ['ARN', 'Name', 'VersionId', 'SecretString', 'VersionStages', 'CreatedDate']"
py "get-secret-value: the value" "j['SecretString'] == '$CREDS'"
py "get-secret-value: AWSCURRENT" "j['VersionStages'] == ['AWSCURRENT'] and j['VersionId'] == '$FIRST'"
py "get-secret-value: CreatedDate in ISO 8601 (TZ=UTC)" "re.match(r'$ISO', j['CreatedDate'])"
ok "get-secret-value: 4-space indent as the aws CLI prints" python_shaped

# 4. put-secret-value --secret-id MyTestSecret --secret-string ...
sv put-secret-value --secret-id MyTestSecret --secret-string '{"user":"diegor","password":"NEW-PASSWORD"}'
is "put-secret-value: exit 0" "$RC" 0
py "put-secret-value: ARN, Name, VersionId, VersionStages" \
	"list(j) == ['ARN', 'Name', 'VersionId', 'VersionStages'] and j['VersionStages'] == ['AWSCURRENT']"
py "put-secret-value: a new version" "j['VersionId'] != '$FIRST' and re.match(r'$UUID', j['VersionId'])"
SECOND=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["VersionId"])' "$T/out")
sv get-secret-value --secret-id MyTestSecret --query SecretString --output text
is "put-secret-value: the new value is current" "$OUT" '{"user":"diegor","password":"NEW-PASSWORD"}'

# 5. list-secret-version-ids --secret-id MyTestSecret
sv list-secret-version-ids --secret-id MyTestSecret
is "list-secret-version-ids: exit 0" "$RC" 0
py "list-secret-version-ids: Versions, ARN, Name" "list(j) == ['Versions', 'ARN', 'Name'] and j['Name'] == 'MyTestSecret'"
py "list-secret-version-ids: current and previous" \
	"sorted((v['VersionId'], v['VersionStages']) for v in j['Versions']) == sorted([('$FIRST', ['AWSPREVIOUS']), ('$SECOND', ['AWSCURRENT'])])"
py "list-secret-version-ids: KmsKeyIds and an ISO CreatedDate" \
	"all(v['KmsKeyIds'] == ['DefaultEncryptionKey'] and re.match(r'$ISO', v['CreatedDate']) for v in j['Versions'])"

# 6. list-secrets --filter Key="name",Values="MyTest"  (the shell eats the quotes)
sv list-secrets --filter Key="name",Values="MyTest"
is "list-secrets --filter: exit 0" "$RC" 0
py "list-secrets --filter: both MyTest secrets" \
	"sorted(s['Name'] for s in j['SecretList']) == ['MyTestSecret', 'MyTestSecret1'] and list(j) == ['SecretList']"
py "list-secrets: SecretVersionsToStages, dates in ISO" \
	"all('SecretVersionsToStages' in s and re.match(r'$ISO', s['CreatedDate']) for s in j['SecretList'])"
sv list-secrets --filter 'Key="name",Values="MyTest"'
py "list-secrets --filter with the quotes kept" "len(j['SecretList']) == 2"
sv list-secrets --filter Key=name,Values=MyTestSecret1
py "list-secrets --filter: a longer prefix" "[s['Name'] for s in j['SecretList']] == ['MyTestSecret1']"

# 7. delete-secret --secret-id MyTestSecret --recovery-window-in-days 7
NOW=$(date +%s)
sv delete-secret --secret-id MyTestSecret --recovery-window-in-days 7
is "delete-secret 7 days: exit 0" "$RC" 0
py "delete-secret: ARN, Name, DeletionDate" "list(j) == ['ARN', 'Name', 'DeletionDate']"
py "delete-secret: DeletionDate is 7 days ahead" "
abs(__import__('datetime').datetime.fromisoformat(j['DeletionDate']).timestamp() - ($NOW + 7 * 86400)) < 120"
sv get-secret-value --secret-id MyTestSecret
is "a deleted secret cannot be read: exit 254" "$RC" 254
ok "a deleted secret cannot be read: InvalidRequestException" contains "$ERR" \
	"An error occurred (InvalidRequestException) when calling the GetSecretValue operation:"

# 8. restore-secret --secret-id MyTestSecret
sv restore-secret --secret-id MyTestSecret
is "restore-secret: exit 0" "$RC" 0
py "restore-secret: ARN and Name" "list(j) == ['ARN', 'Name'] and j['Name'] == 'MyTestSecret'"
sv get-secret-value --secret-id MyTestSecret --query SecretString --output text
is "restore-secret: the value is back" "$OUT" '{"user":"diegor","password":"NEW-PASSWORD"}'

# 9. delete-secret --secret-id MyTestSecret --force-delete-without-recovery
sv delete-secret --secret-id MyTestSecret --force-delete-without-recovery
is "force delete: exit 0" "$RC" 0
py "force delete: DeletionDate is now" "
abs(__import__('datetime').datetime.fromisoformat(j['DeletionDate']).timestamp() - $NOW) < 120"
sv get-secret-value --secret-id MyTestSecret
is "force-deleted: exit 254" "$RC" 254
is "force-deleted: ResourceNotFoundException" "$ERR" \
	"An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret."
sv list-secrets --query 'SecretList[].Name'
py "force-deleted: only MyTestSecret1 is listed" "j == ['MyTestSecret1']"

finish
