/* sv_call: every operation through AWS request and response bodies,
 * compared with the shapes of aws-semantics.md (names, omissions, types). */
#include <cjson/cJSON.h>

#include "harness.h"
#include "testutil.h"

#define TOKEN1 "00000000-0000-4000-8000-000000000001"
#define TOKEN2 "00000000-0000-4000-8000-000000000002"
#define NOT_FOUND "Secrets Manager can't find the specified secret."

/* Call and parse; the result must be a JSON object. */
static cJSON *call(sv_vault *v, const char *op, const char *body, int expect_rc)
{
	char *resp = NULL;
	size_t len = 0;
	int rc = sv_call(&resp, &len, v, op, body, body ? strlen(body) : 0);
	if (rc != expect_rc)
		TEST_FAIL_("%s %s: rc %d (%s), expected %d; response %s", op,
			   body, rc, sv_error_last(), expect_rc,
			   resp ? resp : "(null)");
	ASSERT(resp != NULL);
	ASSERT_EQ(strlen(resp), len);
	cJSON *j = cJSON_Parse(resp);
	if (!cJSON_IsObject(j))
		TEST_FAIL_("not a JSON object: %s", resp);
	sv_call_free(resp);
	return j;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(x) ? x->valuestring : NULL;
}

static int has(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k) != NULL;
}

static void expect_error(sv_vault *v, const char *op, const char *body, int rc,
			 const char *type, const char *message)
{
	cJSON *j = call(v, op, body, rc);
	ASSERT_STR_EQ(str(j, "__type"), type);
	if (message)
		ASSERT_STR_EQ(str(j, "Message"), message);
	ASSERT_EQ(cJSON_GetArraySize(j), 2); /* exactly __type and Message */
	cJSON_Delete(j);
}

TEST(call_create_get_describe_shapes)
{
	sv_vault *v = test_vault_create("v");
	cJSON *j = call(v, "CreateSecret",
			"{\"Name\":\"MyTestSecret\",\"SecretString\":\"{"
			"\\\"user\\\":\\\"a\\\"}\","
			"\"ClientRequestToken\":\"" TOKEN1
			"\",\"Description\":\"d\","
			"\"Tags\":[{\"Key\":\"env\",\"Value\":\"prod\"}]}",
			SV_OK);
	ASSERT_STR_EQ(str(j, "Name"), "MyTestSecret");
	ASSERT_STR_EQ(str(j, "VersionId"), TOKEN1);
	ASSERT(strncmp(str(j, "ARN"),
		       "arn:aws:secretsmanager:us-east-1:000000000000:secret:"
		       "MyTestSecret-",
		       66) == 0);
	ASSERT_EQ(cJSON_GetArraySize(j), 3);
	cJSON_Delete(j);

	j = call(v, "GetSecretValue", "{\"SecretId\":\"MyTestSecret\"}", SV_OK);
	ASSERT_STR_EQ(str(j, "SecretString"), "{\"user\":\"a\"}");
	ASSERT(!has(j, "SecretBinary"));
	ASSERT_STR_EQ(str(j, "VersionId"), TOKEN1);
	const cJSON *stages =
		cJSON_GetObjectItemCaseSensitive(j, "VersionStages");
	ASSERT(cJSON_IsArray(stages) && cJSON_GetArraySize(stages) == 1);
	ASSERT_STR_EQ(cJSON_GetArrayItem(stages, 0)->valuestring, "AWSCURRENT");
	const cJSON *created =
		cJSON_GetObjectItemCaseSensitive(j, "CreatedDate");
	ASSERT(cJSON_IsNumber(created));
	ASSERT_EQ((int64_t)(created->valuedouble * 1000 + 0.5), test_clock_ms);
	ASSERT_EQ(cJSON_GetArraySize(j), 6);
	cJSON_Delete(j);

	j = call(v, "DescribeSecret", "{\"SecretId\":\"MyTestSecret\"}", SV_OK);
	ASSERT_STR_EQ(str(j, "Description"), "d");
	ASSERT(!has(j, "KmsKeyId")); /* the default key is not named */
	ASSERT(!has(j, "DeletedDate"));
	ASSERT(has(j, "LastAccessedDate")); /* it was read */
	ASSERT(has(j, "LastChangedDate") && has(j, "CreatedDate"));
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(j, "Tags");
	ASSERT_STR_EQ(str(cJSON_GetArrayItem(tags, 0), "Key"), "env");
	const cJSON *map =
		cJSON_GetObjectItemCaseSensitive(j, "VersionIdsToStages");
	ASSERT(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(map, TOKEN1)));
	cJSON_Delete(j);

	/* A secret created without a value: ARN and Name only. */
	j = call(v, "CreateSecret", "{\"Name\":\"empty\"}", SV_OK);
	ASSERT_EQ(cJSON_GetArraySize(j), 2);
	cJSON_Delete(j);
	j = call(v, "DescribeSecret", "{\"SecretId\":\"empty\"}", SV_OK);
	ASSERT(!has(j, "VersionIdsToStages") && !has(j, "Tags") &&
	       !has(j, "Description"));
	ASSERT(!has(j, "LastAccessedDate"));
	ASSERT_EQ(cJSON_GetArraySize(j),
		  4); /* ARN, Name, LastChangedDate, CreatedDate */
	cJSON_Delete(j);
	sv_vault_close(v);
}

TEST(call_binary_is_base64)
{
	sv_vault *v = test_vault_create("v");
	cJSON *j = call(v, "CreateSecret",
			"{\"Name\":\"b\",\"SecretBinary\":\"Zm9vdGVzdA==\","
			"\"ClientRequestToken\":\"" TOKEN1 "\"}",
			SV_OK);
	cJSON_Delete(j);
	j = call(v, "GetSecretValue", "{\"SecretId\":\"b\"}", SV_OK);
	ASSERT_STR_EQ(str(j, "SecretBinary"), "Zm9vdGVzdA==");
	ASSERT(!has(j, "SecretString"));
	cJSON_Delete(j);
	expect_error(v, "PutSecretValue",
		     "{\"SecretId\":\"b\",\"SecretBinary\":\"not "
		     "base64!\",\"ClientRequestToken\":\"" TOKEN2 "\"}",
		     SV_ESERIALIZATION, "SerializationException", NULL);
	sv_vault_close(v);
}

TEST(call_put_update_versions_stage)
{
	sv_vault *v = test_vault_create("v");
	cJSON_Delete(call(v, "CreateSecret",
			  "{\"Name\":\"s\",\"SecretString\":\"one\","
			  "\"ClientRequestToken\":\"" TOKEN1 "\"}",
			  SV_OK));
	cJSON *j = call(v, "PutSecretValue",
			"{\"SecretId\":\"s\",\"SecretString\":\"two\","
			"\"ClientRequestToken\":\"" TOKEN2
			"\",\"VersionStages\":[\"AWSPENDING\"]}",
			SV_OK);
	ASSERT_STR_EQ(str(j, "VersionId"), TOKEN2);
	ASSERT_STR_EQ(
		cJSON_GetArrayItem(
			cJSON_GetObjectItemCaseSensitive(j, "VersionStages"), 0)
			->valuestring,
		"AWSPENDING");
	ASSERT_EQ(cJSON_GetArraySize(j), 4);
	cJSON_Delete(j);
	j = call(v, "UpdateSecretVersionStage",
		 "{\"SecretId\":\"s\",\"VersionStage\":\"AWSCURRENT\","
		 "\"MoveToVersionId\":\"" TOKEN2
		 "\",\"RemoveFromVersionId\":\"" TOKEN1 "\"}",
		 SV_OK);
	ASSERT_EQ(cJSON_GetArraySize(j), 2);
	cJSON_Delete(j);
	j = call(v, "ListSecretVersionIds", "{\"SecretId\":\"s\"}", SV_OK);
	const cJSON *vers = cJSON_GetObjectItemCaseSensitive(j, "Versions");
	ASSERT_EQ(cJSON_GetArraySize(vers), 2);
	const cJSON *first = cJSON_GetArrayItem(vers, 0);
	ASSERT_STR_EQ(str(first, "VersionId"), TOKEN2);
	ASSERT_STR_EQ(
		cJSON_GetArrayItem(
			cJSON_GetObjectItemCaseSensitive(first, "KmsKeyIds"), 0)
			->valuestring,
		"DefaultEncryptionKey");
	ASSERT(!has(first, "LastAccessedDate"));
	ASSERT_STR_EQ(str(j, "Name"), "s");
	ASSERT(!has(j, "NextToken"));
	cJSON_Delete(j);
	/* UpdateSecret with a value; then the old AWSPREVIOUS is deprecated. */
	j = call(v, "UpdateSecret",
		 "{\"SecretId\":\"s\",\"SecretString\":\"three\","
		 "\"ClientRequestToken\":\"00000000-0000-4000-8000-"
		 "000000000003\"}",
		 SV_OK);
	ASSERT_STR_EQ(str(j, "VersionId"),
		      "00000000-0000-4000-8000-000000000003");
	cJSON_Delete(j);
	j = call(v, "ListSecretVersionIds",
		 "{\"SecretId\":\"s\",\"IncludeDeprecated\":true}", SV_OK);
	vers = cJSON_GetObjectItemCaseSensitive(j, "Versions");
	ASSERT_EQ(cJSON_GetArraySize(vers), 3);
	ASSERT(!has(cJSON_GetArrayItem(vers, 2),
		    "VersionStages")); /* deprecated: no key */
	cJSON_Delete(j);
	/* Description only: ARN and Name. */
	j = call(v, "UpdateSecret",
		 "{\"SecretId\":\"s\",\"Description\":\"new\"}", SV_OK);
	ASSERT_EQ(cJSON_GetArraySize(j), 2);
	cJSON_Delete(j);
	sv_vault_close(v);
}

TEST(call_list_delete_restore_tags)
{
	sv_vault *v = test_vault_create("v");
	cJSON_Delete(call(v, "CreateSecret",
			  "{\"Name\":\"MyTestSecret\",\"SecretString\":\"x\","
			  "\"ClientRequestToken\":\"" TOKEN1 "\"}",
			  SV_OK));
	cJSON_Delete(call(v, "CreateSecret",
			  "{\"Name\":\"other\",\"SecretString\":\"y\","
			  "\"ClientRequestToken\":\"" TOKEN2 "\"}",
			  SV_OK));
	cJSON *j = call(
		v, "ListSecrets",
		"{\"Filters\":[{\"Key\":\"name\",\"Values\":[\"MyTest\"]}]}",
		SV_OK);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "SecretList");
	ASSERT_EQ(cJSON_GetArraySize(list), 1);
	const cJSON *e = cJSON_GetArrayItem(list, 0);
	ASSERT_STR_EQ(str(e, "Name"), "MyTestSecret");
	ASSERT(has(e, "SecretVersionsToStages") &&
	       !has(e, "VersionIdsToStages"));
	cJSON_Delete(j);
	j = call(
		v, "ListSecrets",
		"{\"MaxResults\":1,\"SortBy\":\"name\",\"SortOrder\":\"desc\"}",
		SV_OK);
	ASSERT_STR_EQ(str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
						     j, "SecretList"),
					     0),
			  "Name"),
		      "other");
	ASSERT(str(j, "NextToken") != NULL);
	cJSON_Delete(j);
	expect_error(v, "ListSecrets", "{\"SortOrder\":\"sideways\"}",
		     SV_EVALIDATION, "ValidationException", NULL);
	expect_error(v, "ListSecrets", "{\"MaxResults\":0}", SV_EVALIDATION,
		     "ValidationException",
		     "1 validation error detected: Value '0' at 'maxResults' "
		     "failed to satisfy constraint: Member must have value "
		     "greater than or equal to 1");
	expect_error(v, "ListSecrets", "{\"NextToken\":\"garbage\"}",
		     SV_ENEXTTOKEN, "InvalidNextTokenException", NULL);

	j = call(v, "TagResource",
		 "{\"SecretId\":\"other\",\"Tags\":[{\"Key\":\"k\",\"Value\":"
		 "\"v\"}]}",
		 SV_OK);
	ASSERT_EQ(cJSON_GetArraySize(j), 0); /* {} */
	cJSON_Delete(j);
	j = call(v, "UntagResource",
		 "{\"SecretId\":\"other\",\"TagKeys\":[\"k\"]}", SV_OK);
	ASSERT_EQ(cJSON_GetArraySize(j), 0);
	cJSON_Delete(j);
	j = call(v, "DescribeSecret", "{\"SecretId\":\"other\"}", SV_OK);
	ASSERT(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "Tags")));
	ASSERT_EQ(
		cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "Tags")),
		0);
	cJSON_Delete(j);

	j = call(v, "DeleteSecret",
		 "{\"SecretId\":\"other\",\"RecoveryWindowInDays\":7}", SV_OK);
	const cJSON *dd = cJSON_GetObjectItemCaseSensitive(j, "DeletionDate");
	ASSERT(cJSON_IsNumber(dd));
	ASSERT_EQ((int64_t)(dd->valuedouble * 1000 + 0.5),
		  test_clock_ms + 7 * 86400000LL);
	cJSON_Delete(j);
	expect_error(v, "GetSecretValue", "{\"SecretId\":\"other\"}",
		     SV_EDELETED, "InvalidRequestException",
		     "You can't perform this operation on the secret because "
		     "it was marked for deletion.");
	j = call(v, "DescribeSecret", "{\"SecretId\":\"other\"}", SV_OK);
	ASSERT(has(j, "DeletedDate"));
	cJSON_Delete(j);
	j = call(v, "RestoreSecret", "{\"SecretId\":\"other\"}", SV_OK);
	ASSERT_EQ(cJSON_GetArraySize(j), 2);
	cJSON_Delete(j);
	expect_error(v, "DeleteSecret",
		     "{\"SecretId\":\"other\",\"RecoveryWindowInDays\":0}",
		     SV_EINVALID, "InvalidParameterException",
		     "The RecoveryWindowInDays value must be between 7 and 30 "
		     "days (inclusive).");
	expect_error(v, "DeleteSecret",
		     "{\"SecretId\":\"other\",\"RecoveryWindowInDays\":7,"
		     "\"ForceDeleteWithoutRecovery\":true}",
		     SV_EINVALID, "InvalidParameterException", NULL);
	j = call(v, "DeleteSecret",
		 "{\"SecretId\":\"ghost\",\"ForceDeleteWithoutRecovery\":true}",
		 SV_OK);
	ASSERT_STR_EQ(str(j, "Name"), "ghost");
	cJSON_Delete(j);
	sv_vault_close(v);
}

TEST(call_batch_and_password)
{
	sv_vault *v = test_vault_create("v");
	cJSON_Delete(call(v, "CreateSecret",
			  "{\"Name\":\"a\",\"SecretString\":\"A\","
			  "\"ClientRequestToken\":\"" TOKEN1 "\"}",
			  SV_OK));
	cJSON *j = call(v, "BatchGetSecretValue",
			"{\"SecretIdList\":[\"a\",\"b\"]}", SV_OK);
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(j, "SecretValues");
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(j, "Errors");
	ASSERT_EQ(cJSON_GetArraySize(vals), 1);
	ASSERT_STR_EQ(str(cJSON_GetArrayItem(vals, 0), "SecretString"), "A");
	ASSERT_EQ(cJSON_GetArraySize(errs), 1);
	ASSERT_STR_EQ(str(cJSON_GetArrayItem(errs, 0), "SecretId"), "b");
	ASSERT_STR_EQ(str(cJSON_GetArrayItem(errs, 0), "ErrorCode"),
		      "ResourceNotFoundException");
	ASSERT_STR_EQ(str(cJSON_GetArrayItem(errs, 0), "Message"), NOT_FOUND);
	cJSON_Delete(j);
	expect_error(v, "BatchGetSecretValue",
		     "{\"SecretIdList\":[\"a\"],\"Filters\":[{\"Key\":\"name\","
		     "\"Values\":[\"a\"]}]}",
		     SV_EINVALID, "InvalidParameterException",
		     "Either 'SecretIdList' or 'Filters' must be provided, but "
		     "not both.");
	j = call(v, "GetRandomPassword",
		 "{\"PasswordLength\":20,\"ExcludePunctuation\":true}", SV_OK);
	const char *pw = str(j, "RandomPassword");
	ASSERT(pw && strlen(pw) == 20 &&
	       strpbrk(pw, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") == NULL);
	cJSON_Delete(j);
	j = call(NULL, "GetRandomPassword", "{}", SV_OK); /* needs no vault */
	ASSERT_EQ(strlen(str(j, "RandomPassword")), 32);
	cJSON_Delete(j);
	expect_error(v, "GetRandomPassword", "{\"PasswordLength\":5555}",
		     SV_EVALIDATION, "ValidationException",
		     "1 validation error detected: Value '5555' at "
		     "'passwordLength' failed to satisfy constraint: Member "
		     "must have value less than or equal to 4096");
	sv_vault_close(v);
}

TEST(call_errors_change_nothing)
{
	sv_vault *v = test_vault_create("v");
	cJSON_Delete(call(v, "CreateSecret",
			  "{\"Name\":\"s\",\"SecretString\":\"x\","
			  "\"ClientRequestToken\":\"" TOKEN1 "\"}",
			  SV_OK));
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	expect_error(v, "NoSuchOperation", "{}", SV_EUNKNOWNOP,
		     "UnknownOperationException", NULL);
	expect_error(v, "RotateSecret", "{\"SecretId\":\"s\"}",
		     SV_ENOTSUPPORTED, "InvalidRequestException", NULL);
	expect_error(v, "GetSecretValue", "{not json", SV_ESERIALIZATION,
		     "SerializationException",
		     "The request body is not valid JSON.");
	expect_error(v, "GetSecretValue", "[1,2]", SV_ESERIALIZATION,
		     "SerializationException", NULL);
	expect_error(v, "GetSecretValue", "{\"SecretId\":5}", SV_ESERIALIZATION,
		     "SerializationException",
		     "Unexpected value type for SecretId: expected a string");
	/* Out of the int64 range: refused before any cast (was undefined). */
	expect_error(
		v, "ListSecrets", "{\"MaxResults\":1e93}", SV_ESERIALIZATION,
		"SerializationException",
		"Unexpected value type for MaxResults: expected an integer");
	expect_error(
		v, "ListSecrets", "{\"MaxResults\":-1e300}", SV_ESERIALIZATION,
		"SerializationException",
		"Unexpected value type for MaxResults: expected an integer");
	expect_error(
		v, "ListSecrets", "{\"MaxResults\":1.5}", SV_ESERIALIZATION,
		"SerializationException",
		"Unexpected value type for MaxResults: expected an integer");
	expect_error(v, "GetSecretValue", "{}", SV_EVALIDATION,
		     "ValidationException",
		     "1 validation error detected: Value null at 'secretId' "
		     "failed to satisfy constraint: Member must not be null");
	expect_error(v, "GetSecretValue", "{\"SecretId\":\"nope\"}",
		     SV_ENOTFOUND, "ResourceNotFoundException", NOT_FOUND);
	expect_error(v, "PutSecretValue",
		     "{\"SecretId\":\"s\",\"SecretString\":\"y\"}", SV_EREQUEST,
		     "InvalidRequestException",
		     "You must provide a ClientRequestToken value. We "
		     "recommend a UUID-type value.");
	expect_error(
		v, "CreateSecret",
		"{\"Name\":\"s\",\"SecretString\":\"y\",\"ClientRequestToken\":"
		"\"" TOKEN2 "\"}",
		SV_EEXISTS, "ResourceExistsException",
		"The operation failed because the secret s already exists.");
	expect_error(
		v, "CreateSecret", "{\"Name\":\"bad name\"}", SV_EVALIDATION,
		"ValidationException",
		"Invalid name. Must be a valid name containing alphanumeric "
		"characters, or any of the following: -/_+=.@!");
	expect_error(v, "PutSecretValue",
		     "{\"SecretId\":\"s\",\"ClientRequestToken\":\"" TOKEN2
		     "\"}",
		     SV_EREQUEST, "InvalidRequestException",
		     "You must provide either SecretString or SecretBinary.");
	expect_error(
		v, "PutSecretValue",
		"{\"SecretId\":\"s\",\"SecretString\":\"a\",\"SecretBinary\":"
		"\"Yg==\",\"ClientRequestToken\":\"" TOKEN2 "\"}",
		SV_EINVALID, "InvalidParameterException",
		"You can't specify both a binary secret value and a string "
		"secret value in the same secret.");
	expect_error(v, "PutSecretValue",
		     "{\"SecretId\":\"s\",\"SecretString\":\"a\","
		     "\"VersionStages\":[],\"ClientRequestToken\":\"" TOKEN2
		     "\"}",
		     SV_EVALIDATION, "ValidationException", NULL);
	expect_error(v, "TagResource", "{\"SecretId\":\"s\",\"Tags\":\"x\"}",
		     SV_ESERIALIZATION, "SerializationException", NULL);
	expect_error(
		v, "DeleteSecret",
		"{\"SecretId\":\"s\",\"ForceDeleteWithoutRecovery\":\"yes\"}",
		SV_ESERIALIZATION, "SerializationException", NULL);
	char *huge = malloc(SV_CALL_REQUEST_MAX + 10);
	memset(huge, ' ', SV_CALL_REQUEST_MAX + 9);
	huge[SV_CALL_REQUEST_MAX + 9] = 0;
	expect_error(v, "GetSecretValue", huge, SV_ESERIALIZATION,
		     "SerializationException", NULL);
	free(huge);
	char deep[64];
	memset(deep, '[', 40);
	deep[40] = 0;
	expect_error(v, "GetSecretValue", deep, SV_ESERIALIZATION,
		     "SerializationException", NULL);
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	/* The same token and value again: the same answer, nothing written. */
	cJSON *j = call(v, "PutSecretValue",
			"{\"SecretId\":\"s\",\"SecretString\":\"x\","
			"\"ClientRequestToken\":\"" TOKEN1 "\"}",
			SV_OK);
	ASSERT_STR_EQ(str(j, "VersionId"), TOKEN1);
	cJSON_Delete(j);
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	sv_vault_close(v);
}

TEST(call_escapes_and_unicode_round_trip)
{
	sv_vault *v = test_vault_create("v");
	const char *body =
		"{\"Name\":\"u\",\"ClientRequestToken\":\"" TOKEN1 "\","
		"\"SecretString\":\"line1\\nline2\\t\\\"q\\\" \\\\ \\u00e9 "
		"\\u0001 \\ud83d\\ude00\"}";
	cJSON_Delete(call(v, "CreateSecret", body, SV_OK));
	cJSON *j = call(v, "GetSecretValue", "{\"SecretId\":\"u\"}", SV_OK);
	ASSERT_STR_EQ(str(j, "SecretString"),
		      "line1\nline2\t\"q\" \\ \xc3\xa9 \x01 \xf0\x9f\x98\x80");
	cJSON_Delete(j);
	sv_vault_close(v);
}
