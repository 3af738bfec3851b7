#!/usr/bin/env bash
# errors.sh - each class of error, with its exit code and message:
# 254 service errors in the aws CLI's words, 252 usage errors (usage and a
# suggestion), 255 no vault, a key that does not open it, unreadable files.
# shellcheck source=testlib.bash
source "$(dirname "${BASH_SOURCE[0]}")/testlib.bash"

USAGE="usage: secretvault [options] <command> [parameters]"
sv create-secret --name app --secret-string v1 >/dev/null

# ---- 254: the operation's error ------------------------------------------------------

# Every byte the vault stores (all databases), to prove a rejected call
# changed nothing.
vault_digest() {
	mdb_dump -a "$SECRETVAULT_PATH" 2>/dev/null | sha256sum
}

# (the digest must be of something: mdb_dump is in lmdb-utils)
ok "mdb_dump reads the vault" test -n "$(mdb_dump -a "$SECRETVAULT_PATH" 2>/dev/null | head -c 1)"

# svc NAME "ARGS" CODE OPERATION MESSAGE
svc() {
	local name=$1 code=$3 op=$4 msg=$5 before
	before=$(vault_digest)
	# shellcheck disable=SC2086
	eval "sv $2"
	is "$name: the vault is unchanged" "$(vault_digest)" "$before"
	is "$name: exit 254" "$RC" 254
	is "$name: message" "$ERR" "An error occurred ($code) when calling the $op operation: $msg"
	is "$name: nothing on stdout" "$OUT" ""
}

NOTFOUND="Secrets Manager can't find the specified secret."
svc "get of a missing secret" "get-secret-value --secret-id nosuch" \
	ResourceNotFoundException GetSecretValue "$NOTFOUND"
svc "describe of a missing secret" "describe-secret --secret-id nosuch" \
	ResourceNotFoundException DescribeSecret "$NOTFOUND"
svc "put to a missing secret" "put-secret-value --secret-id nosuch --secret-string x" \
	ResourceNotFoundException PutSecretValue "$NOTFOUND"
svc "create of an existing name" "create-secret --name app --secret-string x" \
	ResourceExistsException CreateSecret "The operation failed because the secret app already exists."
svc "a recovery window of 3 days" "delete-secret --secret-id app --recovery-window-in-days 3" \
	InvalidParameterException DeleteSecret \
	"The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."
svc "--max-results 0" "list-secrets --max-results 0" ValidationException ListSecrets \
	"1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
svc "--password-length 5000" "get-random-password --password-length 5000" \
	ValidationException GetRandomPassword \
	"1 validation error detected: Value '5000' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096"
svc "a version stage move without versions" \
	"update-secret-version-stage --secret-id app --version-stage AWSCURRENT" \
	InvalidParameterException UpdateSecretVersionStage \
	"You must specify MoveToVersionId, RemoveFromVersionId, or both."
sv delete-secret --secret-id app --recovery-window-in-days 7 >/dev/null
svc "put to a secret marked for deletion" "put-secret-value --secret-id app --secret-string x" \
	InvalidRequestException PutSecretValue \
	"You can't perform this operation on the secret because it was marked for deletion."
sv restore-secret --secret-id app

# ---- 252: usage ------------------------------------------------------------------------

# usage NAME "ARGS" EXPECTED-ERROR-LINE
usage() {
	local before
	before=$(vault_digest)
	eval "sv $2"
	is "$1: the vault is unchanged" "$(vault_digest)" "$before"
	is "$1: exit 252" "$RC" 252
	ok "$1: the usage" contains "$ERR" "$USAGE"
	is "$1: the error line" "$(tail -n 1 "$T/err")" "secretvault: error: $3"
}

usage "unknown subcommand" "get-secret-valu --secret-id app" \
	"argument command: Invalid choice 'get-secret-valu' (did you mean get-secret-value?)"
usage "a flag with one dash" "get-secret-value -secret-id app" \
	"Unknown options: -secret-id (did you mean --secret-id?)"
usage "a misspelt flag" "get-secret-value --secret-idd app" \
	"Unknown options: --secret-idd (did you mean --secret-id?)"
usage "a misspelt flag of another subcommand" "create-secret --nmae x" \
	"Unknown options: --nmae (did you mean --name?)"
usage "a missing required flag" "get-secret-value" \
	"the following arguments are required: --secret-id"
usage "two missing required flags" "tag-resource" \
	"the following arguments are required: --secret-id, --tags"
usage "a flag without its value" "get-secret-value --secret-id" \
	"argument --secret-id: expected one argument"
usage "no subcommand" "" "the following arguments are required: command"
usage "an ambiguous prefix" "create-secret --name x --secret y" \
	"ambiguous option: --secret could match --secret-binary, --secret-string"
usage "a value where none is taken" "get-secret-value --secret-id app extra" \
	"Unknown options: extra"
usage "--output table" "get-secret-value --secret-id app --output table" \
	"argument --output: Invalid choice 'table', valid choices are: json, text"
usage "--cli-timestamp-format bad" "get-secret-value --secret-id app --cli-timestamp-format unix" \
	"argument --cli-timestamp-format: Invalid choice 'unix', valid choices are: iso8601, wire"

# Parameter errors: one line, exit 252.
sv list-secrets --max-results ten
is "a non-integer: exit 252" "$RC" 252
is "a non-integer: message" "$ERR" "secretvault: error: Error parsing parameter '--max-results': invalid integer value: 'ten'"
sv tag-resource --secret-id app --tags Key=a,Vlue=b
is "shorthand with an unknown key" "$RC:$ERR" \
	"252:secretvault: error: Error parsing parameter '--tags': Unknown key 'Vlue', valid choices are: Key, Value"
sv tag-resource --secret-id app --tags '[{"Key": "a"'
is "broken JSON for --tags" "$RC:$ERR" \
	"252:secretvault: error: Error parsing parameter '--tags': Invalid JSON: expected a list of objects"
sv create-secret --name b --secret-binary 'not base64!'
is "--secret-binary that is not base64" "$RC:$ERR" \
	"252:secretvault: error: Error parsing parameter '--secret-binary': Invalid base64 (use fileb://PATH for raw bytes)"
sv get-secret-value --secret-id app --query 'SecretList[?Name==`x`]'
is "unsupported --query: exit 252" "$RC" 252
ok "unsupported --query: a clear message" contains "$ERR" \
	"unsupported --query expression 'SecretList[?Name==\`x\`]': only field paths"
sv get-secret-value --cli-input-json '{"SecretId":'
is "--cli-input-json that is not JSON" "$RC:$ERR" \
	"252:secretvault: error: Error parsing parameter 'cli-input-json': Invalid JSON received: the input must be one JSON object"
sv run --secret-ids app
is "run without a command: exit 252" "$RC" 252
sv export --secret-ids app --format toml
is "export --format toml: exit 252" "$RC" 252

# ---- 255: vault, key, files ------------------------------------------------------------

sv get-secret-value --secret-id app --vault "$T/none"
is "a missing vault: exit 255" "$RC" 255
is "a missing vault: how to create one" "$ERR" \
	"secretvault: no vault at $T/none; create one with: secretvault init --vault $T/none --key-file KEYFILE"
head -c 32 /dev/urandom >"$T/otherkey"
chmod 600 "$T/otherkey"
sv get-secret-value --secret-id app --key-file "$T/otherkey"
is "a key that does not open the vault" "$RC:$ERR" \
	"255:secretvault: the key does not open the vault at $T/vault"
sv get-secret-value --secret-id app --key-file "$T/nokey"
is "a missing key file: exit 255" "$RC" 255
ok "a missing key file: one line naming it" [ "$(wc -l <"$T/err")" -eq 1 ]
ok "a missing key file: the path" contains "$ERR" "$T/nokey"
SECRETVAULT_KEY_FILE='' sv get-secret-value --secret-id app
is "no key at all (no terminal)" "$RC:$ERR" \
	"255:secretvault: no key: give --key-file, SECRETVAULT_KEY_FILE or SECRETVAULT_PASSPHRASE"
sv create-secret --name f --secret-string file://"$T/missing.json"
is "an unreadable file://: exit 255" "$RC" 255
is "an unreadable file://: the reason" "$ERR" \
	"secretvault: Error parsing parameter '--secret-string': Unable to load paramfile file://$T/missing.json: No such file or directory"
sv get-secret-value --secret-id app --region eu-west-1
is "--region unlike the vault's" "$RC:$ERR" \
	"255:secretvault: --region eu-west-1: this vault's region is us-east-1"
sv init
is "init on an existing vault" "$RC:$ERR" "255:secretvault: a vault already exists at $T/vault"

# ---- init ----------------------------------------------------------------------------------

sv init --vault "$T/deep/er/v2" --key-file "$T/k2" --region eu-west-2 --account-id 123456789012
is "init: exit 0" "$RC" 0
ok "init: says it made a key file" contains "$ERR" "created a new key file $T/k2"
is "init: the key file has mode 0600 and 32 bytes" "$(stat -c '%a %s' "$T/k2")" "600 32"
is "init: parent directories with mode 0700" "$(stat -c '%a' "$T/deep/er")" "700"
sv create-secret --vault "$T/deep/er/v2" --key-file "$T/k2" --name r --query ARN --output text
ok "init --region --account-id: the ARN" matches "$OUT" \
	'^arn:aws:secretsmanager:eu-west-2:123456789012:secret:r-[A-Za-z0-9]{6}$'
sv get-secret-value --vault "$T/deep/er/v2" --key-file "$T/k2" --secret-id r --region us-east-1
is "--region is checked against that vault" "$RC" 255
SECRETVAULT_KEY_FILE='' SECRETVAULT_PASSPHRASE='correct horse' sv init --vault "$T/pv"
is "init with SECRETVAULT_PASSPHRASE" "$RC" 0
SECRETVAULT_KEY_FILE='' SECRETVAULT_PASSPHRASE='wrong horse' sv describe-secret --vault "$T/pv" --secret-id x
is "a wrong passphrase" "$RC:$ERR" "255:secretvault: the key does not open the vault at $T/pv"
HOME=$T/home XDG_DATA_HOME='' SECRETVAULT_PATH='' sv init --key-file "$T/k3"
ok "the default vault is under \$HOME/.local/share/secretvault" \
	test -f "$T/home/.local/share/secretvault/vault/data.mdb"
XDG_DATA_HOME=$T/xdg SECRETVAULT_PATH='' sv init --key-file "$T/k4"
ok "or under \$XDG_DATA_HOME/secretvault" test -f "$T/xdg/secretvault/vault/data.mdb"

finish
