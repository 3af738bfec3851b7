/*
 * commands.c - the one table of subcommands and their flags.
 *
 * Each AWS subcommand names its operation and lists its flags with the
 * request member each one sets and the member's type, so args.c builds
 * every request body the same way.  Flag names are the aws CLI's.
 */
#include <string.h>

#include "cli.h"

static const shape_member tag_shape[] = { { "Key", 0 },
					  { "Value", 0 },
					  { NULL, 0 } };
static const shape_member filter_shape[] = { { "Key", 0 },
					     { "Values", 1 },
					     { NULL, 0 } };
static const shape_member replica_shape[] = { { "Region", 0 },
					      { "KmsKeyId", 0 },
					      { NULL, 0 } };

#define INPUT_JSON                                                             \
	{                                                                      \
		"cli-input-json", ".cli-input-json", FT_STRING, 0, NULL,       \
			"JSON",                                                \
			"the request body as JSON (or file://PATH); flags "    \
			"override its members"                                 \
	}
#define SECRET_ID(req)                                                         \
	{                                                                      \
		"secret-id", "SecretId", FT_STRING, (req), NULL, "ID",         \
			"the secret's name or ARN"                             \
	}
#define TOKEN                                                                  \
	{                                                                      \
		"client-request-token", "ClientRequestToken", FT_STRING, 0,    \
			NULL, "TOKEN",                                         \
			"idempotency token (a new UUID when not given)"        \
	}
#define SECRET_STRING                                                          \
	{                                                                      \
		"secret-string", "SecretString", FT_STRING, 0, NULL, "TEXT",   \
			"the value as text (file://PATH reads it from a file)" \
	}
#define SECRET_BINARY                                                          \
	{                                                                      \
		"secret-binary", "SecretBinary", FT_BLOB, 0, NULL, "BASE64",   \
			"the value as base64 text, or fileb://PATH for raw "   \
			"bytes"                                                \
	}
#define DESCRIPTION                                                            \
	{                                                                      \
		"description", "Description", FT_STRING, 0, NULL, "TEXT",      \
			"a description of the secret"                          \
	}
#define KMS_KEY_ID                                                             \
	{                                                                      \
		"kms-key-id", "KmsKeyId", FT_STRING, 0, NULL, "KEY",           \
			"the key (id or alias/NAME) that encrypts the values"  \
	}
#define MAX_RESULTS(most)                                                      \
	{                                                                      \
		"max-results", "MaxResults", FT_INT, 0, NULL, "N",             \
			"at most N results in one page (1.." most ")"          \
	}
#define NEXT_TOKEN                                                             \
	{                                                                      \
		"next-token", "NextToken", FT_STRING, 0, NULL, "TOKEN",        \
			"the NextToken of the previous page"                   \
	}
#define FILTERS                                                                \
	{                                                                      \
		"filters", "Filters", FT_STRUCTS, 0, filter_shape,             \
			"Key=K,Values=V,...",                                  \
			"filters: Key is name, description, tag-key, "         \
			"tag-value, primary-region, owning-service or all"     \
	}
#define END                                                                    \
	{                                                                      \
		NULL, NULL, FT_STRING, 0, NULL, NULL, NULL                     \
	}

static const cli_flag create_flags[] = {
	{ "name", "Name", FT_STRING, FL_REQUIRED, NULL, "NAME",
	  "the new secret's name" },
	TOKEN,
	DESCRIPTION,
	KMS_KEY_ID,
	SECRET_BINARY,
	SECRET_STRING,
	{ "tags", "Tags", FT_STRUCTS, 0, tag_shape, "Key=K,Value=V ...",
	  "tags of the secret" },
	{ "add-replica-regions", "AddReplicaRegions", FT_STRUCTS, 0,
	  replica_shape, "Region=R,KmsKeyId=K ...",
	  "replica regions (not supported by a local vault)" },
	{ "force-overwrite-replica-secret", "ForceOverwriteReplicaSecret",
	  FT_BOOL, 0, NULL, NULL,
	  "overwrite a replica secret of the same name" },
	INPUT_JSON,
	END
};

static const cli_flag get_flags[] = {
	SECRET_ID(FL_REQUIRED),
	{ "version-id", "VersionId", FT_STRING, 0, NULL, "ID",
	  "the version to read" },
	{ "version-stage", "VersionStage", FT_STRING, 0, NULL, "LABEL",
	  "the staging label of the version to read (default AWSCURRENT)" },
	INPUT_JSON,
	END
};

static const cli_flag batch_flags[] = {
	{ "secret-id-list", "SecretIdList", FT_STRLIST, 0, NULL, "ID ...",
	  "the secrets to read (or --filters)" },
	FILTERS,
	MAX_RESULTS("20"),
	NEXT_TOKEN,
	INPUT_JSON,
	END
};

static const cli_flag put_flags[] = {
	SECRET_ID(FL_REQUIRED),
	TOKEN,
	SECRET_BINARY,
	SECRET_STRING,
	{ "version-stages", "VersionStages", FT_STRLIST, 0, NULL, "LABEL ...",
	  "staging labels of the new version (default AWSCURRENT)" },
	{ "rotation-token", "RotationToken", FT_STRING, 0, NULL, "TOKEN",
	  "the token of a rotation function" },
	INPUT_JSON,
	END
};

static const cli_flag update_flags[] = {
	SECRET_ID(FL_REQUIRED), TOKEN,	       DESCRIPTION, KMS_KEY_ID,
	SECRET_BINARY,		SECRET_STRING, INPUT_JSON,  END
};

static const cli_flag id_flags[] = { SECRET_ID(FL_REQUIRED), INPUT_JSON, END };

static const cli_flag list_flags[] = {
	{ "include-planned-deletion", "IncludePlannedDeletion", FT_BOOL, 0,
	  NULL, NULL, "also list secrets scheduled for deletion" },
	MAX_RESULTS("100"),
	NEXT_TOKEN,
	FILTERS,
	{ "sort-order", "SortOrder", FT_STRING, 0, NULL, "asc|desc",
	  "the order of the list" },
	{ "sort-by", "SortBy", FT_STRING, 0, NULL, "FIELD",
	  "created-date, name, last-changed-date or last-accessed-date" },
	{ "page-size", ".page-size", FT_INT, 0, NULL, "N",
	  "fetch N secrets per call while reading every page" },
	{ "max-items", ".max-items", FT_INT, 0, NULL, "N",
	  "print at most N secrets and a NextToken to continue with" },
	{ "starting-token", ".starting-token", FT_STRING, 0, NULL, "TOKEN",
	  "the NextToken printed by an earlier --max-items" },
	INPUT_JSON,
	END
};

static const cli_flag versions_flags[] = {
	SECRET_ID(FL_REQUIRED),
	MAX_RESULTS("100"),
	NEXT_TOKEN,
	{ "include-deprecated", "IncludeDeprecated", FT_BOOL, 0, NULL, NULL,
	  "also list versions without a staging label" },
	INPUT_JSON,
	END
};

static const cli_flag stage_flags[] = {
	SECRET_ID(FL_REQUIRED),
	{ "version-stage", "VersionStage", FT_STRING, FL_REQUIRED, NULL,
	  "LABEL", "the staging label to move or remove" },
	{ "remove-from-version-id", "RemoveFromVersionId", FT_STRING, 0, NULL,
	  "ID", "the version that has the label now" },
	{ "move-to-version-id", "MoveToVersionId", FT_STRING, 0, NULL, "ID",
	  "the version to give the label" },
	INPUT_JSON,
	END
};

static const cli_flag delete_flags[] = {
	SECRET_ID(FL_REQUIRED),
	{ "recovery-window-in-days", "RecoveryWindowInDays", FT_INT, 0, NULL,
	  "DAYS",
	  "days (7..30, default 30) before the secret is deleted for good" },
	{ "force-delete-without-recovery", "ForceDeleteWithoutRecovery",
	  FT_BOOL, 0, NULL, NULL, "delete at once, without a recovery window" },
	INPUT_JSON,
	END
};

static const cli_flag tag_flags[] = { SECRET_ID(FL_REQUIRED),
				      { "tags", "Tags", FT_STRUCTS, FL_REQUIRED,
					tag_shape, "Key=K,Value=V ...",
					"the tags to add or replace" },
				      INPUT_JSON,
				      END };

static const cli_flag untag_flags[] = { SECRET_ID(FL_REQUIRED),
					{ "tag-keys", "TagKeys", FT_STRLIST,
					  FL_REQUIRED, NULL, "KEY ...",
					  "the keys of the tags to remove" },
					INPUT_JSON,
					END };

static const cli_flag password_flags[] = {
	{ "password-length", "PasswordLength", FT_INT, 0, NULL, "N",
	  "the length (1..4096, default 32)" },
	{ "exclude-characters", "ExcludeCharacters", FT_STRING, 0, NULL,
	  "CHARS", "characters the password must not contain" },
	{ "exclude-numbers", "ExcludeNumbers", FT_BOOL, 0, NULL, NULL,
	  "no digits" },
	{ "exclude-punctuation", "ExcludePunctuation", FT_BOOL, 0, NULL, NULL,
	  "no punctuation" },
	{ "exclude-uppercase", "ExcludeUppercase", FT_BOOL, 0, NULL, NULL,
	  "no uppercase letters" },
	{ "exclude-lowercase", "ExcludeLowercase", FT_BOOL, 0, NULL, NULL,
	  "no lowercase letters" },
	{ "include-space", "IncludeSpace", FT_BOOL, 0, NULL, NULL,
	  "may contain spaces" },
	{ "require-each-included-type", "RequireEachIncludedType", FT_BOOL, 0,
	  NULL, NULL,
	  "at least one character of each included type (the default)" },
	INPUT_JSON,
	END
};

static const cli_flag init_flags[] = {
	{ "account-id", ".account-id", FT_STRING, 0, NULL, "ID",
	  "the 12-digit account in ARNs (default 000000000000)" },
	END
};

/* The settings run and export share (the GitHub Action's inputs). */
#define SECRET_IDS                                                             \
	{ "secret-ids",                                                        \
	  ".secret-ids",                                                       \
	  FT_STRLIST,                                                          \
	  FL_APPEND,                                                           \
	  NULL,                                                                \
	  "ID|ALIAS,ID|PREFIX* ...",                                           \
	  "the secrets to read" },                                             \
		{ "parse-json-secrets",                                        \
		  ".parse-json-secrets",                                       \
		  FT_BOOL,                                                     \
		  0,                                                           \
		  NULL,                                                        \
		  NULL,                                                        \
		  "one variable per key of a JSON object value" },             \
		{ "name-transformation",                                       \
		  ".name-transformation",                                      \
		  FT_STRING,                                                   \
		  0,                                                           \
		  NULL,                                                        \
		  "uppercase|lowercase|none",                                  \
		  "how names are cased (default uppercase)" },                 \
	{                                                                      \
		"map", ".map", FT_STRLIST, FL_APPEND, NULL,                    \
			"KEY=ID[#PROPERTY] ...",                               \
			"a variable KEY from a secret, or from one property "  \
			"of it"                                                \
	}

static const cli_flag run_flags[] = {
	SECRET_IDS,
	{ "dry-run", ".dry-run", FT_BOOL, FL_NO_FORM, NULL, NULL,
	  "print the variable names, one a line, and run nothing" },
	END
};

static const cli_flag export_flags[] = {
	SECRET_IDS,
	{ "format", ".format", FT_STRING, 0, NULL, "FORMAT",
	  "dotenv (default), json, yaml, github-env or k8s-secret" },
	{ "k8s-name", ".k8s-name", FT_STRING, 0, NULL, "NAME",
	  "k8s-secret: metadata.name (default secretvault)" },
	{ "k8s-namespace", ".k8s-namespace", FT_STRING, 0, NULL, "NS",
	  "k8s-secret: metadata.namespace" },
	END
};

static const cli_flag no_flags[] = { END };

const cli_flag cli_global_flags[] = {
	{ "vault", ".vault", FT_STRING, 0, NULL, "PATH",
	  "the vault directory (default $SECRETVAULT_PATH, else "
	  "$XDG_DATA_HOME/secretvault/vault)" },
	{ "key-file", ".key-file", FT_STRING, 0, NULL, "PATH",
	  "the key file (default $SECRETVAULT_KEY_FILE)" },
	{ "region", ".region", FT_STRING, 0, NULL, "REGION",
	  "init: the region in ARNs; otherwise it must be the vault's" },
	{ "output", ".output", FT_STRING, 0, NULL, "json|text",
	  "the output format" },
	{ "query", ".query", FT_STRING, 0, NULL, "PATH",
	  "print only this part of the response (SecretList[].Name)" },
	{ "cli-timestamp-format", ".cli-timestamp-format", FT_STRING, 0, NULL,
	  "iso8601|wire", "dates as ISO 8601 (default) or as epoch numbers" },
	{ "cli-binary-format", ".cli-binary-format", FT_STRING, 0, NULL,
	  "base64|raw-in-base64-out", "how --secret-binary is read" },
	{ "no-paginate", ".no-paginate", FT_BOOL, FL_NO_FORM, NULL, NULL,
	  "list-secrets: only the first page" },
	{ "profile", ".profile", FT_STRING, 0, NULL, "NAME",
	  "accepted and ignored" },
	{ "no-cli-pager", ".no-cli-pager", FT_BOOL, FL_NO_FORM, NULL, NULL,
	  "accepted and ignored (there is no pager)" },
	{ "help", ".help", FT_BOOL, FL_NO_FORM, NULL, NULL, "show help" },
	{ "version", ".version", FT_BOOL, FL_NO_FORM, NULL, NULL,
	  "show the version" },
	END
};

const cli_command cli_commands[] = {
	{ "create-secret", "CreateSecret", ACT_CALL, CMD_TOKEN, create_flags,
	  "create a secret, with a first version when a value is given" },
	{ "get-secret-value", "GetSecretValue", ACT_CALL, 0, get_flags,
	  "read a version of a secret (AWSCURRENT by default)" },
	{ "batch-get-secret-value", "BatchGetSecretValue", ACT_CALL, 0,
	  batch_flags, "read the current values of several secrets" },
	{ "put-secret-value", "PutSecretValue", ACT_CALL, CMD_TOKEN, put_flags,
	  "store a new version of a secret" },
	{ "update-secret", "UpdateSecret", ACT_CALL, CMD_TOKEN, update_flags,
	  "change a secret's description or key, or store a new value" },
	{ "describe-secret", "DescribeSecret", ACT_CALL, 0, id_flags,
	  "show a secret's metadata" },
	{ "list-secrets", "ListSecrets", ACT_CALL, CMD_PAGINATE, list_flags,
	  "list secrets (every page unless --max-results or --no-paginate)" },
	{ "list-secret-version-ids", "ListSecretVersionIds", ACT_CALL, 0,
	  versions_flags, "list the versions of a secret" },
	{ "update-secret-version-stage", "UpdateSecretVersionStage", ACT_CALL,
	  0, stage_flags, "move a staging label between versions" },
	{ "delete-secret", "DeleteSecret", ACT_CALL, 0, delete_flags,
	  "schedule a secret for deletion, or delete it at once" },
	{ "restore-secret", "RestoreSecret", ACT_CALL, 0, id_flags,
	  "cancel a scheduled deletion" },
	{ "tag-resource", "TagResource", ACT_CALL, 0, tag_flags,
	  "add tags to a secret" },
	{ "untag-resource", "UntagResource", ACT_CALL, 0, untag_flags,
	  "remove tags from a secret" },
	{ "get-random-password", "GetRandomPassword", ACT_CALL, CMD_NO_VAULT,
	  password_flags, "print a random password (needs no vault)" },
	{ "init", NULL, ACT_INIT, CMD_LOCAL | CMD_NO_VAULT, init_flags,
	  "create a vault (and a key file when --key-file names a missing "
	  "file)" },
	{ "run", NULL, ACT_RUN, CMD_LOCAL, run_flags,
	  "run a command with secrets in its environment" },
	{ "export", NULL, ACT_EXPORT, CMD_LOCAL, export_flags,
	  "print secrets as dotenv, json, yaml, github-env or a Kubernetes "
	  "Secret" },
	{ "help", NULL, ACT_HELP, CMD_LOCAL | CMD_NO_VAULT, no_flags,
	  "show help for the command or one subcommand" },
	{ NULL, NULL, ACT_HELP, 0, NULL, NULL }
};

const cli_command *cli_command_find(const char *name)
{
	for (const cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
