#!/usr/bin/env bash
# input_json.sh - --cli-input-json for every operation (inline and
# file://), explicit flags overriding its members, the generated token.
# shellcheck source=testlib.bash
source "$(dirname "${BASH_SOURCE[0]}")/testlib.bash"

TOKEN1=aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa
TOKEN2=bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb
TOKEN3=cccccccc-cccc-4ccc-8ccc-cccccccccccc

sv create-secret --cli-input-json '{"Name":"ij","SecretString":"s1","Description":"from json","Tags":[{"Key":"k","Value":"v"}]}'
is "CreateSecret: exit 0" "$RC" 0
py "CreateSecret: a token was generated" "re.match('^[0-9a-f-]{36}$', j['VersionId'])"
sv create-secret --cli-input-json "{\"Name\":\"ij2\",\"SecretString\":\"s\",\"ClientRequestToken\":\"$TOKEN1\"}"
py "CreateSecret: the token given in the JSON" "j['VersionId'] == '$TOKEN1'"
sv create-secret --cli-input-json "{\"Name\":\"ij2\",\"SecretString\":\"s\",\"ClientRequestToken\":\"$TOKEN1\"}"
is "CreateSecret: the same token again is idempotent" "$RC" 0

sv get-secret-value --cli-input-json '{"SecretId":"ij"}'
py "GetSecretValue" "j['SecretString'] == 's1'"

printf '{"SecretId": "ij", "SecretString": "s2", "ClientRequestToken": "%s", "VersionStages": ["AWSCURRENT", "X"]}' \
	"$TOKEN2" >"$T/put.json"
sv put-secret-value --cli-input-json "file://$T/put.json"
py "PutSecretValue from file://" "j['VersionId'] == '$TOKEN2' and j['VersionStages'] == ['AWSCURRENT', 'X']"

sv update-secret --cli-input-json '{"SecretId":"ij","Description":"updated"}'
py "UpdateSecret" "list(j) == ['ARN', 'Name']"

sv describe-secret --cli-input-json '{"SecretId":"ij"}'
py "DescribeSecret" "j['Description'] == 'updated' and j['Tags'] == [{'Key': 'k', 'Value': 'v'}]"

sv list-secrets --cli-input-json '{"Filters":[{"Key":"name","Values":["ij2"]}]}'
py "ListSecrets" "[s['Name'] for s in j['SecretList']] == ['ij2']"
sv list-secrets --cli-input-json '{"MaxResults":1,"SortOrder":"desc"}'
py "ListSecrets: MaxResults in the JSON reads one page" \
	"len(j['SecretList']) == 1 and 'NextToken' in j and j['SecretList'][0]['Name'] == 'ij2'"

sv list-secret-version-ids --cli-input-json '{"SecretId":"ij","IncludeDeprecated":true}'
py "ListSecretVersionIds" "len(j['Versions']) == 2"

sv update-secret-version-stage --cli-input-json "{\"SecretId\":\"ij\",\"VersionStage\":\"X\",\"RemoveFromVersionId\":\"$TOKEN2\"}"
py "UpdateSecretVersionStage" "list(j) == ['ARN', 'Name']"

sv batch-get-secret-value --cli-input-json '{"SecretIdList":["ij","ij2"]}'
py "BatchGetSecretValue" "[v['SecretString'] for v in j['SecretValues']] == ['s2', 's']"

sv tag-resource --cli-input-json '{"SecretId":"ij","Tags":[{"Key":"a","Value":"b"}]}'
is "TagResource" "$RC:$OUT" "0:"
sv untag-resource --cli-input-json '{"SecretId":"ij","TagKeys":["k"]}'
is "UntagResource" "$RC:$OUT" "0:"
sv describe-secret --secret-id ij --query Tags
py "tags after TagResource and UntagResource" "j == [{'Key': 'a', 'Value': 'b'}]"

sv get-random-password --cli-input-json '{"PasswordLength":8,"ExcludePunctuation":true}'
py "GetRandomPassword" "re.fullmatch('[A-Za-z0-9]{8}', j['RandomPassword'])"

sv delete-secret --cli-input-json '{"SecretId":"ij2","RecoveryWindowInDays":7}'
py "DeleteSecret" "list(j) == ['ARN', 'Name', 'DeletionDate']"
sv restore-secret --cli-input-json '{"SecretId":"ij2"}'
py "RestoreSecret" "list(j) == ['ARN', 'Name'] and j['Name'] == 'ij2'"

# ---- flags override the JSON ----------------------------------------------------------

sv get-secret-value --cli-input-json '{"SecretId":"nosuch"}' --secret-id ij --query SecretString
is "--secret-id overrides SecretId" "$OUT" '"s2"'
sv create-secret --cli-input-json '{"Name":"ov","SecretString":"json","Description":"json"}' \
	--description flag --secret-string flag
sv describe-secret --secret-id ov --query Description
is "--description overrides Description" "$OUT" '"flag"'
sv get-secret-value --secret-id ov --query SecretString
is "--secret-string overrides SecretString" "$OUT" '"flag"'
sv put-secret-value --cli-input-json "{\"SecretId\":\"ov\",\"SecretString\":\"x\",\"ClientRequestToken\":\"$TOKEN1\"}" \
	--client-request-token $TOKEN3
py "--client-request-token overrides ClientRequestToken" "j['VersionId'] == '$TOKEN3'"
sv list-secrets --cli-input-json '{"Filters":[{"Key":"name","Values":["nosuch"]}]}' --filters Key=name,Values=ov
py "--filters overrides Filters" "[s['Name'] for s in j['SecretList']] == ['ov']"
sv delete-secret --cli-input-json '{"SecretId":"ov","RecoveryWindowInDays":7}' --no-force-delete-without-recovery
py "a --no- flag is sent as false" "'DeletionDate' in j"
sv restore-secret --secret-id ov
sv get-random-password --cli-input-json '{"PasswordLength":8}' --password-length 20
py "--password-length overrides PasswordLength" "len(j['RandomPassword']) == 20"

# ---- errors through --cli-input-json are the service's --------------------------------

sv get-secret-value --cli-input-json '{}'
is "a missing member: the service's ValidationException" "$RC:$ERR" \
	"254:An error occurred (ValidationException) when calling the GetSecretValue operation: 1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null"
sv get-secret-value --cli-input-json '{"SecretId":5}'
is "a member of the wrong type: exit 254" "$RC" 254
ok "a member of the wrong type: SerializationException" contains "$ERR" "(SerializationException)"
sv get-secret-value --cli-input-json '[1]'
is "JSON that is not an object: exit 252" "$RC" 252
sv get-secret-value --cli-input-json "file://$T/none.json"
is "--cli-input-json file:// that is missing: exit 255" "$RC" 255

finish
