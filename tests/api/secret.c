/* Conformance tests of the secret operations, written from
 * aws-semantics.md: codes and exact messages, positive and negative. */
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/internal.h"
#include "harness.h"
#include "testutil.h"
#include "util/mem.h"

#define NOT_FOUND "Secrets Manager can't find the specified secret."
#define MARKED                                                                 \
	"You can't perform this operation on the secret because it was "       \
	"marked for deletion."
#define V1 "00000000-0000-4000-8000-000000000001"
#define V2 "00000000-0000-4000-8000-000000000002"
#define V3 "00000000-0000-4000-8000-000000000003"
#define V4 "00000000-0000-4000-8000-000000000004"
#define DAY 86400000LL

static sv_vault *vault(void)
{
	return test_vault_create("v");
}

static int create_with(sv_vault *v, const char *name, const char *value,
		       const char *token, sv_result **out)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	o.secret_string = value;
	o.secret_string_len = value ? strlen(value) : 0;
	o.client_request_token = token;
	return sv_secret_create(out, v, name, &o);
}

static int put_with(sv_vault *v, const char *id, const char *value,
		    const char *token, const char *const *stages)
{
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	size_t n = 0;
	while (stages && stages[n])
		n++;
	o.secret_string = value;
	o.secret_string_len = value ? strlen(value) : 0;
	o.client_request_token = token;
	o.version_stages = stages;
	o.version_stage_count = n;
	return sv_secret_put_value(NULL, v, id, &o);
}

TEST(create_and_get_string)
{
	sv_vault *v = vault();
	sv_result *r = NULL;
	ASSERT_OK(create_with(v, "MyTestSecret", "hunter2", V1, &r));
	ASSERT_STR_EQ(sv_result_name(r), "MyTestSecret");
	ASSERT_STR_EQ(sv_result_version_id(r), V1);
	const char *arn = sv_result_arn(r);
	ASSERT(strncmp(arn,
		       "arn:aws:secretsmanager:us-east-1:000000000000:secret:"
		       "MyTestSecret-",
		       66) == 0);
	ASSERT_EQ(strlen(arn), 66 + 6);
	sv_value *val = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "MyTestSecret", NULL));
	ASSERT_EQ(sv_value_size(val), 7);
	ASSERT_STR_EQ(sv_value_data(val), "hunter2");
	ASSERT_EQ(sv_value_is_binary(val), 0);
	ASSERT_STR_EQ(sv_value_version_id(val), V1);
	ASSERT_STR_EQ(sv_value_arn(val), arn);
	ASSERT_EQ(sv_value_stage_count(val), 1);
	ASSERT_STR_EQ(sv_value_stage(val, 0), "AWSCURRENT");
	ASSERT_EQ(sv_value_created(val), test_clock_ms);
	char buf[4];
	size_t len;
	ASSERT_ERR(sv_value_copy(buf, sizeof buf, &len, val), SV_EBUFS, NULL);
	ASSERT_EQ(len, 7);
	sv_value_free(val);
	/* By full ARN and by partial ARN (without the suffix). */
	ASSERT_STR_EQ(test_get(v, arn, NULL), "hunter2");
	char partial[256];
	snprintf(partial, sizeof partial, "%.*s", (int)strlen(arn) - 7, arn);
	ASSERT_STR_EQ(test_get(v, partial, NULL), "hunter2");
	/* A full ARN with another suffix, region or account names nothing. */
	char wrong[256];
	snprintf(wrong, sizeof wrong, "%.*s-ZZZZZZ", (int)strlen(arn) - 7, arn);
	ASSERT_ERR(sv_secret_get_value(&val, v, wrong, NULL), SV_ENOTFOUND,
		   NOT_FOUND);
	ASSERT_ERR(sv_secret_get_value(&val, v,
				       "arn:aws:secretsmanager:eu-west-1:"
				       "000000000000:secret:MyTestSecret",
				       NULL),
		   SV_ENOTFOUND, NOT_FOUND);
	sv_result_free(r);
	sv_vault_close(v);
}

TEST(create_binary_and_get)
{
	sv_vault *v = vault();
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	const uint8_t bin[5] = { 0, 1, 2, 0xff, 0 };
	o.secret_binary = bin;
	o.secret_binary_len = sizeof bin;
	ASSERT_OK(sv_secret_create(NULL, v, "bin", &o));
	sv_value *val = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "bin", NULL));
	ASSERT_EQ(sv_value_is_binary(val), 1);
	ASSERT_EQ(sv_value_size(val), 5);
	ASSERT_MEM_EQ(sv_value_data(val), bin, 5);
	sv_value_free(val);
	sv_vault_close(v);
}

TEST(create_without_value)
{
	sv_vault *v = vault();
	sv_result *r = NULL;
	ASSERT_OK(create_with(v, "novalue", NULL, NULL, &r));
	ASSERT(sv_result_version_id(r) == NULL);
	sv_result_free(r);
	sv_value *val = NULL;
	ASSERT_ERR(sv_secret_get_value(&val, v, "novalue", NULL), SV_ENOTFOUND,
		   "Secrets Manager can't find the specified secret value for "
		   "staging label: AWSCURRENT");
	sv_secret *s = NULL;
	ASSERT_OK(sv_secret_describe(&s, v, "novalue"));
	ASSERT_EQ(sv_secret_version_count(s), 0);
	ASSERT(sv_secret_description(s) == NULL);
	ASSERT(sv_secret_kms_key_id(s) == NULL);
	ASSERT_EQ(sv_secret_has_tags(s), 0);
	ASSERT_EQ(sv_secret_last_accessed_date(s), 0);
	ASSERT_EQ(sv_secret_deleted_date(s), 0);
	sv_secret_free(s);
	/* The first put gets AWSCURRENT even when it asks for AWSPENDING. */
	const char *pending[] = { "AWSPENDING", NULL };
	test_put(v, "novalue", "first", V1, pending, NULL);
	ASSERT_STR_EQ(test_stages(v, "novalue", V1), "AWSCURRENT,AWSPENDING");
	sv_vault_close(v);
}

TEST(create_existing_name_and_token_idempotency)
{
	sv_vault *v = vault();
	sv_result *a = NULL, *b = NULL;
	ASSERT_OK(create_with(v, "dup", "one", V1, &a));
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	/* Same token, same value: the same response, nothing changes. */
	ASSERT_OK(create_with(v, "dup", "one", V1, &b));
	ASSERT_STR_EQ(sv_result_arn(a), sv_result_arn(b));
	ASSERT_STR_EQ(sv_result_version_id(b), V1);
	/* Same token, another value. */
	char msg[512];
	snprintf(msg, sizeof msg,
		 "You can't use ClientRequestToken %s because that value is "
		 "already in use for a version of secret %s.",
		 V1, sv_result_arn(a));
	ASSERT_ERR(create_with(v, "dup", "two", V1, NULL), SV_EEXISTS, msg);
	/* Another token. */
	ASSERT_ERR(
		create_with(v, "dup", "one", V2, NULL), SV_EEXISTS,
		"The operation failed because the secret dup already exists.");
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	sv_result_free(a);
	sv_result_free(b);
	sv_vault_close(v);
}

TEST(create_checks_fields)
{
	sv_vault *v = vault();
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	ASSERT_ERR(sv_secret_create(NULL, v, "bad name", &o), SV_EVALIDATION,
		   "Invalid name. Must be a valid name containing alphanumeric "
		   "characters, or any of the following: -/_+=.@!");
	o.secret_string = "s";
	o.secret_string_len = 1;
	o.secret_binary = "b";
	o.secret_binary_len = 1;
	ASSERT_ERR(sv_secret_create(NULL, v, "x", &o), SV_EINVALID,
		   "You can't specify both a binary secret value and a string "
		   "secret value in the same secret.");
	o.secret_binary = NULL;
	o.kms_key_id = "alias/nope";
	ASSERT_ERR(sv_secret_create(NULL, v, "x", &o), SV_ENOTFOUND, NULL);
	o.kms_key_id = NULL;
	o.client_request_token = "short";
	ASSERT_ERR(sv_secret_create(NULL, v, "x", &o), SV_EVALIDATION, NULL);
	o.client_request_token = NULL;
	sv_tag tags[2] = { { "k", "v" }, { "k", "w" } };
	o.tags = tags;
	o.tag_count = 2;
	ASSERT_ERR(sv_secret_create(NULL, v, "x", &o), SV_EINVALID, NULL);
	tags[1].key = "aws:reserved";
	ASSERT_ERR(sv_secret_create(NULL, v, "x", &o), SV_EINVALID, NULL);
	tags[1].key = "env";
	ASSERT_OK(sv_secret_create(NULL, v, "x", &o));
	sv_secret *s = NULL;
	ASSERT_OK(sv_secret_describe(&s, v, "x"));
	ASSERT_EQ(sv_secret_tag_count(s), 2);
	ASSERT_STR_EQ(sv_secret_tag_key(s, 1), "env");
	ASSERT_STR_EQ(sv_secret_tag_value(s, 1), "w");
	sv_secret_free(s);
	sv_vault_close(v);
}

TEST(get_by_version_id_and_stage)
{
	sv_vault *v = vault();
	char vid[SV_VERSION_ID_BUFSIZE];
	ASSERT_OK(create_with(v, "s", "one", V1, NULL));
	test_put(v, "s", "two", V2, NULL, vid);
	ASSERT_STR_EQ(vid, V2);
	sv_get_options o = SV_GET_OPTIONS_INIT;
	sv_value *val = NULL;
	o.version_id = V1;
	ASSERT_OK(sv_secret_get_value(&val, v, "s", &o));
	ASSERT_STR_EQ(sv_value_data(val), "one");
	ASSERT_STR_EQ(sv_value_stage(val, 0), "AWSPREVIOUS");
	sv_value_free(val);
	ASSERT_STR_EQ(test_get(v, "s", "AWSPREVIOUS"), "one");
	ASSERT_STR_EQ(test_get(v, "s", NULL), "two");
	o.version_stage = "AWSCURRENT";
	ASSERT_ERR(sv_secret_get_value(&val, v, "s", &o), SV_EREQUEST,
		   "You provided a VersionStage that is not associated to the "
		   "provided VersionId.");
	o.version_id = V3;
	o.version_stage = NULL;
	ASSERT_ERR(sv_secret_get_value(&val, v, "s", &o), SV_ENOTFOUND,
		   "Secrets Manager can't find the specified secret value for "
		   "VersionId: " V3);
	o.version_id = NULL;
	o.version_stage = "AWSPENDING";
	ASSERT_ERR(sv_secret_get_value(&val, v, "s", &o), SV_ENOTFOUND,
		   "Secrets Manager can't find the specified secret value for "
		   "staging label: AWSPENDING");
	ASSERT(val == NULL);
	ASSERT_ERR(sv_secret_get_value(&val, v, "nothing", NULL), SV_ENOTFOUND,
		   NOT_FOUND);
	ASSERT_STR_EQ(sv_vault_errmsg(v), NOT_FOUND);
	sv_vault_close(v);
}

TEST(put_idempotent_token)
{
	sv_vault *v = vault();
	sv_result *a = NULL;
	ASSERT_OK(create_with(v, "s", "one", V1, &a));
	ASSERT_OK(put_with(v, "s", "two", V2, NULL));
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	sv_result *r = NULL;
	o.secret_string = "two";
	o.secret_string_len = 3;
	o.client_request_token = V2;
	ASSERT_OK(sv_secret_put_value(&r, v, "s", &o));
	ASSERT_STR_EQ(sv_result_version_id(r), V2);
	ASSERT_EQ(sv_result_stage_count(r), 1);
	ASSERT_STR_EQ(sv_result_stage(r, 0), "AWSCURRENT");
	sv_result_free(r);
	char msg[512];
	snprintf(msg, sizeof msg,
		 "You can't use ClientRequestToken %s because that value is "
		 "already in use for a version of secret %s.",
		 V2, sv_result_arn(a));
	ASSERT_ERR(put_with(v, "s", "three", V2, NULL), SV_EEXISTS, msg);
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	ASSERT_STR_EQ(test_get(v, "s", NULL), "two");
	sv_result_free(a);
	sv_vault_close(v);
}

TEST(put_requires_a_value)
{
	sv_vault *v = vault();
	ASSERT_OK(create_with(v, "s", "one", V1, NULL));
	ASSERT_ERR(put_with(v, "s", NULL, NULL, NULL), SV_EREQUEST,
		   "You must provide either SecretString or SecretBinary.");
	ASSERT_ERR(put_with(v, "s", "", NULL, NULL), SV_EREQUEST,
		   "You must provide either SecretString or SecretBinary.");
	ASSERT_ERR(sv_secret_put_value(NULL, v, "s", NULL), SV_EREQUEST, NULL);
	ASSERT_ERR(put_with(v, "missing", "x", NULL, NULL), SV_ENOTFOUND,
		   NOT_FOUND);
	sv_vault_close(v);
}

/* ---- The label scenarios of aws-semantics §5.3, one by one ----------------
 */

static const char *const PENDING[] = { "AWSPENDING", NULL };

static sv_vault *scenario_start(void)
{
	sv_vault *v = vault();
	ASSERT_OK(create_with(v, "s", "v1", V1, NULL));
	return v;
}

TEST(labels_1_and_2_put_moves_current_and_previous)
{
	sv_vault *v = scenario_start();
	test_put(v, "s", "v2", V2, NULL, NULL);
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSCURRENT");
	test_put(v, "s", "v3", V3, NULL, NULL);
	ASSERT_STR_EQ(test_stages(v, "s", V1), ""); /* deprecated */
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V3), "AWSCURRENT");
	/* Deprecated versions are hidden unless asked for. */
	sv_iter *it = NULL;
	const sv_version *ver;
	int n = 0;
	ASSERT_OK(sv_version_list(&it, v, "s", NULL));
	while (sv_iter_next_version(&ver, it) == SV_OK)
		n++;
	ASSERT_EQ(n, 2);
	ASSERT_STR_EQ(sv_iter_name(it), "s");
	sv_iter_free(it);
	sv_vault_close(v);
}

TEST(labels_3_update_secret_value)
{
	sv_vault *v = scenario_start();
	sv_update_options o = SV_UPDATE_OPTIONS_INIT;
	sv_result *r = NULL;
	o.secret_string = "v2";
	o.secret_string_len = 2;
	o.client_request_token = V2;
	ASSERT_OK(sv_secret_update(&r, v, "s", &o));
	ASSERT_STR_EQ(sv_result_version_id(r), V2);
	sv_result_free(r);
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSCURRENT");
	sv_vault_close(v);
}

TEST(labels_4_to_8_rotation_flow)
{
	sv_vault *v = scenario_start();
	/* 4: put with AWSPENDING leaves AWSCURRENT alone. */
	test_put(v, "s", "v2", V2, PENDING, NULL);
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSCURRENT");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSPENDING");
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v1");
	/* 5: move AWSCURRENT to v2. */
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V2, V1));
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSCURRENT,AWSPENDING");
	/* 7: a put with AWSPENDING moves only AWSPENDING. */
	test_put(v, "s", "v3", V3, PENDING, NULL);
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSCURRENT");
	ASSERT_STR_EQ(test_stages(v, "s", V3), "AWSPENDING");
	/* 8: move AWSCURRENT to v3. */
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V3, V2));
	ASSERT_STR_EQ(test_stages(v, "s", V1), "");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V3), "AWSCURRENT,AWSPENDING");
	sv_vault_close(v);
}

TEST(labels_6_plain_put_clears_pending)
{
	sv_vault *v = scenario_start();
	test_put(v, "s", "v2", V2, PENDING, NULL);
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V2, V1));
	test_put(v, "s", "v3", V3, NULL, NULL);
	ASSERT_STR_EQ(test_stages(v, "s", V1), "");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V3), "AWSCURRENT");
	sv_vault_close(v);
}

TEST(labels_9_to_11_custom_labels)
{
	sv_vault *v = scenario_start();
	const char *cur_put0[] = { "AWSCURRENT", "PUT0", NULL };
	const char *pend_put1[] = { "AWSPENDING", "PUT1", NULL };
	const char *pend_put2[] = { "AWSPENDING", "PUT2", NULL };
	test_put(v, "s", "v2", V2, cur_put0, NULL); /* 9 */
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSCURRENT,PUT0");
	test_put(v, "s", "v3", V3, pend_put1, NULL); /* 10 */
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V3, V2));
	ASSERT_STR_EQ(test_stages(v, "s", V1), "");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSPREVIOUS,PUT0");
	ASSERT_STR_EQ(test_stages(v, "s", V3), "AWSCURRENT,AWSPENDING,PUT1");
	test_put(v, "s", "v4", V4, pend_put2, NULL); /* 11 */
	ASSERT_STR_EQ(test_stages(v, "s", V3), "AWSCURRENT,PUT1");
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V4, V3));
	ASSERT_STR_EQ(test_stages(v, "s", V2), "PUT0");
	ASSERT_STR_EQ(test_stages(v, "s", V3), "AWSPREVIOUS,PUT1");
	ASSERT_STR_EQ(test_stages(v, "s", V4), "AWSCURRENT,AWSPENDING,PUT2");
	sv_vault_close(v);
}

TEST(labels_12_custom_pending_label)
{
	sv_vault *v = scenario_start();
	const char *custom[] = { "PENDING", NULL };
	test_put(v, "s", "v2", V2, custom, NULL);
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V2, V1));
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSPREVIOUS");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSCURRENT,PENDING");
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "PENDING", NULL, V2));
	ASSERT_STR_EQ(test_stages(v, "s", V2), "AWSCURRENT");
	sv_vault_close(v);
}

TEST(labels_13_custom_labels_move_together)
{
	sv_vault *v = scenario_start();
	const char *st[] = { "SAMPLESTAGE1", "SAMPLESTAGE0", NULL };
	test_put(v, "s", "v2", V2, st, NULL);
	test_put(v, "s", "v3", V3, st, NULL);
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSCURRENT");
	ASSERT_STR_EQ(test_stages(v, "s", V2), "");
	ASSERT_STR_EQ(test_stages(v, "s", V3), "SAMPLESTAGE0,SAMPLESTAGE1");
	/* And the example of §4.4 rule 3. */
	const char *a[] = { "one", "two", "four", NULL };
	test_put(v, "s", "v4", V4, a, NULL);
	ASSERT_STR_EQ(test_stages(v, "s", V4), "four,one,two");
	sv_vault_close(v);
}

TEST(stage_update_errors)
{
	sv_vault *v = scenario_start();
	test_put(v, "s", "v2", V2, PENDING, NULL);
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	ASSERT_ERR(
		sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V2, NULL),
		SV_EINVALID,
		"The parameter RemoveFromVersionId can't be empty. Staging "
		"label AWSCURRENT is currently attached to version " V1
		", so you must explicitly reference that version in "
		"RemoveFromVersionId.");
	ASSERT_ERR(sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V2, V2),
		   SV_EINVALID,
		   "When you move staging label AWSCURRENT, if you specify "
		   "RemoveFromVersionId, it must be set to the version that "
		   "currently has the staging label AWSCURRENT.");
	ASSERT_ERR(sv_version_stage_update(NULL, v, "s", "AWSCURRENT", V3, V1),
		   SV_EINVALID, "Not a valid version: " V3);
	ASSERT_ERR(
		sv_version_stage_update(NULL, v, "s", "AWSCURRENT", NULL, V1),
		SV_EINVALID, NULL);
	ASSERT_ERR(sv_version_stage_update(NULL, v, "s", "X", NULL, NULL),
		   SV_EINVALID, NULL);
	ASSERT_ERR(sv_version_stage_update(NULL, v, "nope", "X", V1, NULL),
		   SV_ENOTFOUND, NOT_FOUND);
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	/* A label attached nowhere is attached by MoveToVersionId alone. */
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "BLUE", V1, NULL));
	ASSERT_STR_EQ(test_stages(v, "s", V1), "AWSCURRENT,BLUE");
	/* Moving it where it already is does nothing. */
	ASSERT_OK(sv_version_stage_update(NULL, v, "s", "BLUE", V1, NULL));
	sv_vault_close(v);
}

TEST(label_quota_is_20)
{
	sv_vault *v = scenario_start();
	char label[16];
	for (int i = 0; i < 19; i++) {
		snprintf(label, sizeof label, "L%d", i);
		ASSERT_OK(
			sv_version_stage_update(NULL, v, "s", label, V1, NULL));
	}
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	ASSERT_ERR(
		sv_version_stage_update(NULL, v, "s", "ONE-TOO-MANY", V1, NULL),
		SV_ELIMIT, NULL);
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	sv_vault_close(v);
}

TEST(versions_beyond_100_pruned_but_not_younger_than_a_day)
{
	sv_vault *v = scenario_start();
	for (int i = 0; i < 105; i++) {
		char value[16];
		snprintf(value, sizeof value, "x%d", i);
		test_put(v, "s", value, NULL, NULL, NULL);
	}
	/* All younger than a day: every version is kept. */
	sv_version_list_options o = SV_VERSION_LIST_OPTIONS_INIT;
	o.include_deprecated = 1;
	sv_iter *it = NULL;
	const sv_version *ver;
	int n = 0;
	ASSERT_OK(sv_version_list(&it, v, "s", &o));
	while (sv_iter_next_version(&ver, it) == SV_OK)
		n++;
	ASSERT_EQ(n, 100); /* first page */
	ASSERT(sv_iter_next_token(it) != NULL);
	o.next_token = sv_iter_next_token(it);
	sv_iter *it2 = NULL;
	ASSERT_OK(sv_version_list(&it2, v, "s", &o));
	while (sv_iter_next_version(&ver, it2) == SV_OK)
		n++;
	ASSERT_EQ(n, 106);
	ASSERT(sv_iter_next_token(it2) == NULL);
	sv_iter_free(it);
	sv_iter_free(it2);
	/* Two days later, one more put prunes the oldest unlabelled ones. */
	test_clock_ms += 2 * DAY;
	test_put(v, "s", "late", NULL, NULL, NULL);
	o.next_token = NULL;
	ASSERT_OK(sv_version_list(&it, v, "s", &o));
	n = 0;
	while (sv_iter_next_version(&ver, it) == SV_OK)
		n++;
	ASSERT_EQ(n, 100);
	sv_iter_free(it);
	ASSERT_STR_EQ(test_stages(v, "s", V1), "-"); /* gone */
	ASSERT_STR_EQ(test_get(v, "s", NULL), "late");
	ASSERT_STR_EQ(test_get(v, "s", "AWSPREVIOUS"), "x104");
	sv_vault_close(v);
}

/* ---- Update, describe, tags -------------------------------------------------
 */

TEST(update_description_and_key)
{
	sv_vault *v = scenario_start();
	sv_update_options o = SV_UPDATE_OPTIONS_INIT;
	sv_result *r = NULL;
	o.description = "the description";
	test_clock_ms += 1000;
	ASSERT_OK(sv_secret_update(&r, v, "s", &o));
	ASSERT(sv_result_version_id(r) == NULL);
	sv_result_free(r);
	sv_secret *s = NULL;
	ASSERT_OK(sv_secret_describe(&s, v, "s"));
	ASSERT_STR_EQ(sv_secret_description(s), "the description");
	ASSERT_EQ(sv_secret_last_changed_date(s),
		  sv_secret_created_date(s) + 1000);
	ASSERT_EQ(sv_secret_version_count(s), 1);
	ASSERT_STR_EQ(sv_secret_version_id(s, 0), V1);
	ASSERT_STR_EQ(sv_secret_version_stage(s, 0, 0), "AWSCURRENT");
	sv_secret_free(s);
	/* A new key re-encrypts AWSCURRENT; the value reads the same. */
	char kid[SV_KEY_ID_BUFSIZE];
	ASSERT_OK(sv_key_create(kid, v, "alias/other", NULL, 0));
	o.description = NULL;
	o.kms_key_id = "alias/other";
	ASSERT_OK(sv_secret_update(NULL, v, "s", &o));
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v1");
	sv_iter *it = NULL;
	const sv_version *ver;
	ASSERT_OK(sv_version_list(&it, v, "s", NULL));
	ASSERT_OK(sv_iter_next_version(&ver, it));
	ASSERT_STR_EQ(sv_version_kms_key_id(ver), kid);
	sv_iter_free(it);
	ASSERT_OK(sv_secret_describe(&s, v, "s"));
	ASSERT_STR_EQ(sv_secret_kms_key_id(s), "alias/other");
	sv_secret_free(s);
	/* "" goes back to the default key, which describe then omits. */
	o.kms_key_id = "";
	ASSERT_OK(sv_secret_update(NULL, v, "s", &o));
	ASSERT_OK(sv_secret_describe(&s, v, "s"));
	ASSERT(sv_secret_kms_key_id(s) == NULL);
	sv_secret_free(s);
	o.kms_key_id = "alias/none";
	ASSERT_ERR(sv_secret_update(NULL, v, "s", &o), SV_ENOTFOUND, NULL);
	/* Nothing to change: success, no version. */
	sv_update_options none = SV_UPDATE_OPTIONS_INIT;
	ASSERT_OK(sv_secret_update(&r, v, "s", &none));
	ASSERT(sv_result_version_id(r) == NULL);
	sv_result_free(r);
	sv_vault_close(v);
}

TEST(tags_add_replace_remove)
{
	sv_vault *v = scenario_start();
	sv_tag t1[] = { { "env", "prod" }, { "team", "a" } };
	ASSERT_OK(sv_secret_tag(v, "s", t1, 2));
	sv_tag t2[] = { { "env", "dev" } };
	ASSERT_OK(sv_secret_tag(v, "s", t2, 1));
	sv_secret *s = NULL;
	ASSERT_OK(sv_secret_describe(&s, v, "s"));
	ASSERT_EQ(sv_secret_tag_count(s), 2);
	ASSERT_STR_EQ(sv_secret_tag_value(s, 0), "dev");
	sv_secret_free(s);
	const char *keys[] = { "env", "team", "absent" };
	ASSERT_OK(sv_secret_untag(v, "s", keys, 3));
	ASSERT_OK(sv_secret_describe(&s, v, "s"));
	ASSERT_EQ(sv_secret_tag_count(s), 0);
	ASSERT_EQ(sv_secret_has_tags(s), 1); /* AWS then shows Tags: [] */
	sv_secret_free(s);
	ASSERT_ERR(sv_secret_tag(v, "s", NULL, 0), SV_EVALIDATION, NULL);
	ASSERT_ERR(sv_secret_tag(v, "nope", t1, 1), SV_ENOTFOUND, NOT_FOUND);
	sv_tag big[51];
	char names[51][8];
	for (int i = 0; i < 51; i++) {
		snprintf(names[i], sizeof names[i], "k%d", i);
		big[i].key = names[i];
		big[i].value = "";
	}
	ASSERT_ERR(sv_secret_tag(v, "s", big, 51), SV_ELIMIT, NULL);
	ASSERT_OK(sv_secret_tag(v, "s", big, 50));
	sv_vault_close(v);
}

/* ---- Delete, restore, purge
 * -------------------------------------------------- */

TEST(delete_with_window_restore_and_purge)
{
	sv_vault *v = scenario_start();
	sv_delete_options o = SV_DELETE_OPTIONS_INIT;
	sv_result *r = NULL;
	o.recovery_window_days = 7;
	int64_t t0 = test_clock_ms;
	ASSERT_OK(sv_secret_delete(&r, v, "s", &o));
	ASSERT_EQ(sv_result_deletion_date(r), t0 + 7 * DAY);
	sv_result_free(r);
	sv_value *val = NULL;
	ASSERT_ERR(sv_secret_get_value(&val, v, "s", NULL), SV_EDELETED,
		   MARKED);
	ASSERT_STR_EQ(sv_error_aws_type(SV_EDELETED),
		      "InvalidRequestException");
	ASSERT_ERR(put_with(v, "s", "x", NULL, NULL), SV_EDELETED, MARKED);
	sv_tag t[] = { { "k", "v" } };
	ASSERT_ERR(sv_secret_tag(v, "s", t, 1), SV_EDELETED, MARKED);
	ASSERT_ERR(sv_secret_delete(NULL, v, "s", NULL), SV_EDELETED, MARKED);
	ASSERT_ERR(create_with(v, "s", "x", NULL, NULL), SV_EREQUEST,
		   "You can't create this secret because a secret with this "
		   "name is already scheduled for deletion.");
	sv_secret *s = NULL;
	ASSERT_OK(sv_secret_describe(&s, v, "s")); /* still describable */
	ASSERT_EQ(sv_secret_deleted_date(s), t0);
	sv_secret_free(s);
	/* Hidden from listing unless asked for. */
	sv_iter *it = NULL;
	const sv_secret *e;
	ASSERT_OK(sv_secret_list(&it, v, NULL));
	ASSERT_EQ(sv_iter_next_secret(&e, it), SV_ITEROVER);
	sv_iter_free(it);
	sv_list_options lo = SV_LIST_OPTIONS_INIT;
	lo.include_planned_deletion = 1;
	ASSERT_OK(sv_secret_list(&it, v, &lo));
	ASSERT_OK(sv_iter_next_secret(&e, it));
	ASSERT_EQ(sv_secret_deleted_date(e), t0);
	sv_iter_free(it);
	/* Restore within the window. */
	ASSERT_OK(sv_secret_restore(NULL, v, "s"));
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v1");
	/* Delete again (default window 30 days); purge does nothing early. */
	ASSERT_OK(sv_secret_delete(&r, v, "s", NULL));
	ASSERT_EQ(sv_result_deletion_date(r), test_clock_ms + 30 * DAY);
	sv_result_free(r);
	uint64_t purged = 99;
	test_clock_ms += 29 * DAY;
	ASSERT_OK(sv_vault_purge(&purged, v));
	ASSERT_EQ(purged, 0);
	ASSERT_OK(sv_secret_restore(NULL, v, "s"));
	ASSERT_OK(sv_secret_delete(NULL, v, "s", &o));
	test_clock_ms += 7 * DAY;
	/* Past the window the secret is gone even before a purge runs... */
	ASSERT_ERR(sv_secret_get_value(&val, v, "s", NULL), SV_ENOTFOUND,
		   NOT_FOUND);
	ASSERT_ERR(sv_secret_restore(NULL, v, "s"), SV_ENOTFOUND, NOT_FOUND);
	/* ...and the purge removes it. */
	ASSERT_OK(sv_vault_purge(&purged, v));
	ASSERT_EQ(purged, 1);
	sv_vault_info info = SV_VAULT_INFO_INIT;
	ASSERT_OK(sv_vault_info_get(&info, v));
	ASSERT_EQ(info.secret_count, 0);
	sv_vault_close(v);
}

TEST(create_reuses_name_after_window)
{
	sv_vault *v = scenario_start();
	sv_secret *s = NULL;
	ASSERT_OK(sv_secret_describe(&s, v, "s"));
	char old_arn[256];
	snprintf(old_arn, sizeof old_arn, "%s", sv_secret_arn(s));
	sv_secret_free(s);
	sv_delete_options o = SV_DELETE_OPTIONS_INIT;
	o.recovery_window_days = 7;
	ASSERT_OK(sv_secret_delete(NULL, v, "s", &o));
	test_clock_ms += 8 * DAY;
	ASSERT_OK(create_with(v, "s", "new", V2, NULL));
	ASSERT_STR_EQ(test_get(v, "s", NULL), "new");
	ASSERT_OK(sv_secret_describe(&s, v, "s"));
	ASSERT(strcmp(sv_secret_arn(s), old_arn) != 0); /* a new suffix */
	sv_secret_free(s);
	sv_vault_close(v);
}

TEST(delete_parameter_rules)
{
	sv_vault *v = scenario_start();
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	sv_delete_options o = SV_DELETE_OPTIONS_INIT;
	o.recovery_window_days = 7;
	o.force_delete_without_recovery = 1;
	ASSERT_ERR(sv_secret_delete(NULL, v, "s", &o), SV_EINVALID,
		   "You can't use ForceDeleteWithoutRecovery in conjunction "
		   "with RecoveryWindowInDays.");
	o.force_delete_without_recovery = 0;
	o.recovery_window_days = 6;
	ASSERT_ERR(sv_secret_delete(NULL, v, "s", &o), SV_EINVALID,
		   "The RecoveryWindowInDays value must be between 7 and 30 "
		   "days (inclusive).");
	o.recovery_window_days = 31;
	ASSERT_ERR(sv_secret_delete(NULL, v, "missing", &o), SV_EINVALID, NULL);
	o.recovery_window_days = 0;
	ASSERT_ERR(sv_secret_delete(NULL, v, "missing", &o), SV_ENOTFOUND,
		   NOT_FOUND);
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	/* A forced delete of nothing succeeds, as on AWS. */
	sv_result *r = NULL;
	o.force_delete_without_recovery = 1;
	ASSERT_OK(sv_secret_delete(&r, v, "missing", &o));
	ASSERT_STR_EQ(sv_result_name(r), "missing");
	sv_result_free(r);
	ASSERT_OK(sv_secret_delete(&r, v, "s", &o));
	ASSERT_EQ(sv_result_deletion_date(r), test_clock_ms);
	sv_result_free(r);
	sv_secret *s = NULL;
	ASSERT_ERR(sv_secret_describe(&s, v, "s"), SV_ENOTFOUND, NOT_FOUND);
	ASSERT_OK(create_with(v, "s", "again", NULL, NULL)); /* name free now */
	sv_vault_close(v);
}

/* ---- Listing
 * -------------------------------------------------------------------- */

static int list_names(sv_vault *v, sv_list_options *o, char *out, size_t cap)
{
	sv_iter *it = NULL;
	const sv_secret *s;
	int rc = sv_secret_list(&it, v, o);
	if (rc != SV_OK)
		return rc;
	out[0] = 0;
	while (sv_iter_next_secret(&s, it) == SV_OK) {
		if (out[0])
			strncat(out, ",", cap - strlen(out) - 1);
		strncat(out, sv_secret_name(s), cap - strlen(out) - 1);
	}
	sv_iter_free(it);
	return SV_OK;
}

TEST(list_filters_sort_and_pages)
{
	sv_vault *v = vault();
	const char *names[] = { "MyTestSecret", "MyTestSecret1", "prod/db",
				"prod/api", "other" };
	for (int i = 0; i < 5; i++) {
		sv_create_options o = SV_CREATE_OPTIONS_INIT;
		sv_tag tag = { "env", i < 2 ? "test" : "prod" };
		o.secret_string = "x";
		o.secret_string_len = 1;
		o.description = i == 4 ? "an other secret" : NULL;
		o.tags = &tag;
		o.tag_count = 1;
		test_clock_ms += 1000;
		ASSERT_OK(sv_secret_create(NULL, v, names[i], &o));
	}
	char buf[512];
	ASSERT_OK(list_names(v, NULL, buf, sizeof buf));
	ASSERT_STR_EQ(buf, "MyTestSecret,MyTestSecret1,prod/db,prod/api,other");
	sv_list_options o = SV_LIST_OPTIONS_INIT;
	const char *mytest[] = { "MyTest" };
	sv_list_filter f = { "name", mytest, 1 };
	o.filters = &f;
	o.filter_count = 1;
	ASSERT_OK(list_names(v, &o, buf, sizeof buf));
	ASSERT_STR_EQ(buf, "MyTestSecret,MyTestSecret1");
	const char *notprod[] = { "!prod" };
	f.values = notprod;
	ASSERT_OK(list_names(v, &o, buf, sizeof buf));
	ASSERT_STR_EQ(buf, "MyTestSecret,MyTestSecret1,other");
	const char *prodval[] = { "prod" };
	sv_list_filter two[2] = { { "tag-value", prodval, 1 },
				  { "name", notprod, 1 } };
	o.filters = two;
	o.filter_count = 2;
	ASSERT_OK(list_names(v, &o, buf, sizeof buf));
	ASSERT_STR_EQ(buf, "other");
	const char *word[] = { "oth" };
	sv_list_filter d = { "description", word, 1 };
	o.filters = &d;
	o.filter_count = 1;
	ASSERT_OK(list_names(v, &o, buf, sizeof buf));
	ASSERT_STR_EQ(buf, "other");
	/* Sorting and paging. */
	o.filters = NULL;
	o.filter_count = 0;
	o.sort_by = SV_SORT_BY_NAME;
	o.sort_order = SV_SORT_DESC;
	ASSERT_OK(list_names(v, &o, buf, sizeof buf));
	ASSERT_STR_EQ(buf, "prod/db,prod/api,other,MyTestSecret1,MyTestSecret");
	o.sort_order = SV_SORT_ASC;
	o.max_results = 2;
	sv_iter *it = NULL;
	const sv_secret *s;
	ASSERT_OK(sv_secret_list(&it, v, &o));
	ASSERT_OK(sv_iter_next_secret(&s, it));
	ASSERT_STR_EQ(sv_secret_name(s), "MyTestSecret");
	char token[256];
	snprintf(token, sizeof token, "%s", sv_iter_next_token(it));
	sv_iter_free(it);
	o.next_token = token;
	ASSERT_OK(list_names(v, &o, buf, sizeof buf));
	ASSERT_STR_EQ(buf, "other,prod/api");
	o.next_token = "not a token";
	ASSERT_ERR(list_names(v, &o, buf, sizeof buf), SV_ENEXTTOKEN, NULL);
	o.next_token = NULL;
	o.max_results = 101;
	ASSERT_ERR(list_names(v, &o, buf, sizeof buf), SV_EVALIDATION, NULL);
	o.max_results = 0;
	const char *any[] = { "x" };
	sv_list_filter bad = { "colour", any, 1 };
	o.filters = &bad;
	o.filter_count = 1;
	ASSERT_ERR(list_names(v, &o, buf, sizeof buf), SV_EVALIDATION, NULL);
	sv_vault_close(v);
}

TEST(batch_get_ids_and_filters)
{
	sv_vault *v = vault();
	test_create(v, "a", "A", NULL);
	test_create(v, "b", "B", NULL);
	test_create(v, "gone", "G", NULL);
	ASSERT_OK(sv_secret_delete(NULL, v, "gone", NULL));
	const char *ids[] = { "a", "missing", "b", "gone" };
	sv_batch_options o = SV_BATCH_OPTIONS_INIT;
	sv_batch *b = NULL;
	o.secret_ids = ids;
	o.secret_id_count = 4;
	ASSERT_OK(sv_secret_batch_get(&b, v, &o));
	ASSERT_EQ(sv_batch_value_count(b), 2);
	ASSERT_STR_EQ(sv_value_data(sv_batch_value(b, 0)), "A");
	ASSERT_STR_EQ(sv_value_name(sv_batch_value(b, 1)), "b");
	ASSERT_EQ(sv_batch_error_count(b), 2);
	ASSERT_STR_EQ(sv_batch_error_secret_id(b, 0), "missing");
	ASSERT_STR_EQ(sv_batch_error_code(b, 0), "ResourceNotFoundException");
	ASSERT_STR_EQ(sv_batch_error_message(b, 0), NOT_FOUND);
	ASSERT_STR_EQ(sv_batch_error_code(b, 1), "InvalidRequestException");
	ASSERT_STR_EQ(sv_batch_error_message(b, 1), MARKED);
	sv_batch_free(b);
	const char *pre[] = { "a" };
	sv_list_filter f = { "name", pre, 1 };
	o.filters = &f;
	o.filter_count = 1;
	ASSERT_ERR(sv_secret_batch_get(&b, v, &o), SV_EINVALID,
		   "Either 'SecretIdList' or 'Filters' must be provided, but "
		   "not both.");
	o.secret_ids = NULL;
	o.secret_id_count = 0;
	ASSERT_OK(sv_secret_batch_get(&b, v, &o));
	ASSERT_EQ(sv_batch_value_count(b), 1);
	ASSERT_EQ(sv_batch_error_count(b), 0);
	sv_batch_free(b);
	o.filters = NULL;
	o.filter_count = 0;
	o.secret_ids = ids;
	o.secret_id_count = 1;
	o.max_results = 5;
	ASSERT_ERR(sv_secret_batch_get(&b, v, &o), SV_EINVALID,
		   "'Filters' not specified. 'Filters' must also be specified "
		   "when 'MaxResults' is provided.");
	sv_vault_close(v);
}

TEST(last_accessed_date_is_the_day)
{
	sv_vault *v = scenario_start();
	test_clock_ms = 1700000000000LL + 5 * DAY + 12345;
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v1");
	sv_secret *s = NULL;
	ASSERT_OK(sv_secret_describe(&s, v, "s"));
	int64_t day = test_clock_ms - test_clock_ms % DAY;
	ASSERT_EQ(sv_secret_last_accessed_date(s), day);
	sv_secret_free(s);
	/* A second read the same day writes nothing. */
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v1");
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	sv_vault_close(v);
}

/*
 * A handle caches the keyring and skips re-reading it while nothing was
 * committed since it last looked; a key created through another handle
 * is a commit, so the first handle must list it at once (sv_key_list
 * reads only the cache: no other path would hide a stale one).
 */
TEST(keyring_change_through_another_handle_seen_at_once)
{
	sv_vault *v = scenario_start();
	char id[SV_KEY_ID_BUFSIZE], alias[64];
	uint32_t primary;
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v1"); /* cache warm */
	ASSERT_EQ(sv_key_list(id, &primary, alias, sizeof alias, v, 1),
		  SV_ITEROVER);
	sv_vault *w = test_vault_open("v");
	char kid[SV_KEY_ID_BUFSIZE];
	ASSERT_OK(sv_key_create(kid, w, "alias/other", NULL, 0));
	/* Two keys now (listed in id order): one of them is the new one. */
	int found = 0;
	for (uint32_t i = 0; i < 2; i++) {
		ASSERT_OK(sv_key_list(id, &primary, alias, sizeof alias, v, i));
		found += strcmp(id, kid) == 0 &&
			 strcmp(alias, "alias/other") == 0;
	}
	ASSERT_EQ(found, 1);
	/* And a secret sealed under it by the other handle reads here. */
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	o.secret_string = "under other";
	o.secret_string_len = 11;
	o.kms_key_id = "alias/other";
	ASSERT_OK(sv_secret_create(NULL, w, "o", &o));
	ASSERT_STR_EQ(test_get(v, "o", NULL), "under other");
	sv_vault_close(w);
	sv_vault_close(v);
}

/* The metadata keeps an ARN the vault made as its 6-character suffix: the
 * record of a secret is the same size whatever the vault's region. */
static size_t meta_record_size(const char *leaf, const char *region)
{
	sv_vault *v = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	o.region = region;
	ASSERT_OK(sv_vault_create(&v, test_path(leaf), &k, &o));
	sv_result *r = NULL;
	ASSERT_OK(create_with(v, "s", "value", V1, &r));
	char want[128];
	snprintf(want, sizeof want,
		 "arn:aws:secretsmanager:%s:000000000000:"
		 "secret:s-",
		 region);
	ASSERT(strncmp(sv_result_arn(r), want, strlen(want)) == 0);
	sv_value *val = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "s", NULL));
	ASSERT_STR_EQ(sv_value_arn(val), sv_result_arn(r));
	sv_value_free(val);
	sv_result_free(r);
	sv_txn t;
	const uint8_t *p;
	size_t n = 0;
	ASSERT_OK(sv__txn_begin(&t, v->env, 0));
	ASSERT_OK(sv__db_get(&t, SV_DB_SECRETS, "s", 1, &p, &n));
	sv__txn_abort(&t);
	sv_vault_close(v);
	return n;
}

TEST(metadata_stores_the_arn_suffix_only)
{
	size_t a = meta_record_size("a", "us-east-1");
	size_t b = meta_record_size("b", "ap-southeast-1234567890");
	ASSERT(a > 0);
	ASSERT_EQ(a, b);
}

TEST(reopen_keeps_everything_and_shares_env)
{
	sv_vault *v = scenario_start();
	test_put(v, "s", "v2", V2, NULL, NULL);
	sv_vault *w = test_vault_open("v"); /* same path, same process */
	ASSERT(sv__store_shared(v->env));   /* one LMDB environment for both */
	ASSERT_STR_EQ(test_get(w, "s", NULL), "v2");
	test_put(w, "s", "v3", V3, NULL, NULL);
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v3");
	sv_vault_close(v);
	ASSERT_STR_EQ(test_get(w, "s", "AWSPREVIOUS"), "v2");
	sv_vault_close(w);
	v = test_vault_open("v");
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v3");
	ASSERT_STR_EQ(test_stages(v, "s", V1), "");
	sv_vault_close(v);
}

TEST(rotate_then_rewrap_moves_records_to_the_primary)
{
	sv_vault *v = scenario_start();
	test_put(v, "s", "v2", V2, NULL, NULL);
	uint32_t ver;
	ASSERT_OK(sv_key_rotate(&ver, v, "alias/aws/secretsmanager"));
	test_put(v, "s", "v3", V3, NULL, NULL);
	uint64_t n = 0;
	ASSERT_OK(sv_key_rewrap(&n, v, 1));
	ASSERT_EQ(n, 1);
	ASSERT_OK(sv_key_rewrap(&n, v, 0));
	ASSERT_EQ(n, 1);
	ASSERT_OK(sv_key_rewrap(&n, v, 0));
	ASSERT_EQ(n, 0);
	ASSERT_STR_EQ(test_get(v, "s", NULL), "v3");
	ASSERT_STR_EQ(test_get(v, "s", "AWSPREVIOUS"), "v2");
	sv_get_options o = SV_GET_OPTIONS_INIT;
	sv_value *val = NULL;
	o.version_id = V1;
	ASSERT_OK(sv_secret_get_value(&val, v, "s", &o));
	ASSERT_STR_EQ(sv_value_data(val), "v1");
	sv_value_free(val);
	sv_vault_close(v);
}

/* Two processes write the same secret while two read it. */
TEST(two_writers_two_readers)
{
	sv_vault *v = scenario_start();
	sv_vault_close(v);
	enum {
		PUTS = 40
	};
	pid_t pids[4];
	for (int p = 0; p < 4; p++) {
		if ((pids[p] = fork()) == 0) {
			sv_vault *w = test_vault_open("v");
			for (int i = 0; i < PUTS; i++) {
				char token[40], value[32];
				snprintf(token, sizeof token,
					 "%08d-1111-4000-8000-%012d", p, i);
				snprintf(value, sizeof value, "w%d-%d", p, i);
				if (p < 2 && put_with(w, "s", value, token,
						      NULL) != SV_OK) {
					fprintf(stderr, "writer %d: %s\n", p,
						sv_error_last());
					_exit(10);
				}
				if (p >= 2) {
					sv_value *val = NULL;
					if (sv_secret_get_value(&val, w, "s",
								NULL) !=
					    SV_OK) {
						fprintf(stderr,
							"reader %d: %s\n", p,
							sv_error_last());
						_exit(11);
					}
					sv_value_free(val);
				}
			}
			sv_vault_close(w);
			_exit(0);
		}
	}
	for (int p = 0; p < 4; p++) {
		int status;
		waitpid(pids[p], &status, 0);
		ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	v = test_vault_open("v");
	for (int p = 0; p < 2; p++)
		for (int i = 0; i < PUTS; i++) {
			char token[40], value[32];
			snprintf(token, sizeof token,
				 "%08d-1111-4000-8000-%012d", p, i);
			snprintf(value, sizeof value, "w%d-%d", p, i);
			sv_get_options o = SV_GET_OPTIONS_INIT;
			sv_value *val = NULL;
			o.version_id = token;
			ASSERT_OK(sv_secret_get_value(&val, v, "s", &o));
			ASSERT_STR_EQ(sv_value_data(val), value);
			sv_value_free(val);
		}
	sv_iter *it = NULL;
	sv_version_list_options lo = SV_VERSION_LIST_OPTIONS_INIT;
	const sv_version *ver;
	int current = 0, previous = 0;
	ASSERT_OK(sv_version_list(&it, v, "s", &lo));
	while (sv_iter_next_version(&ver, it) == SV_OK)
		for (size_t i = 0; i < sv_version_stage_count(ver); i++) {
			current += strcmp(sv_version_stage(ver, i),
					  "AWSCURRENT") == 0;
			previous += strcmp(sv_version_stage(ver, i),
					   "AWSPREVIOUS") == 0;
		}
	sv_iter_free(it);
	ASSERT_EQ(current, 1);
	ASSERT_EQ(previous, 1);
	sv_vault_close(v);
}

/*
 * One import batch shares one creation time; its secret ids must still
 * come in order, so that the versions tree fills its pages from the end
 * instead of splitting them in the middle.  Measured as the size of the
 * file: each secret here takes about 2.4 KiB in order (two 1 KiB records
 * per page plus metadata), about 3.1 KiB with ids in random order.
 */
TEST(import_writes_versions_in_order)
{
	enum {
		N = 2000,
		LEN = 1024
	};
	sv_vault *v = vault();
	static char names[N][16], value[LEN + 1];
	static const char *pn[N];
	static sv_create_options o[N];
	static const sv_create_options *po[N];
	memset(value, 'x', LEN);
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "bulk/%05d", i);
		pn[i] = names[i];
		o[i] = (sv_create_options)SV_CREATE_OPTIONS_INIT;
		o[i].secret_string = value;
		o[i].secret_string_len = LEN;
		po[i] = &o[i];
	}
	uint64_t n = 0;
	ASSERT_OK(sv_secret_import(&n, v, pn, po, N));
	ASSERT_EQ(n, N);
	sv_value *val = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "bulk/01999", NULL));
	ASSERT_EQ(sv_value_size(val), LEN);
	ASSERT_MEM_EQ(sv_value_data(val), value, LEN);
	sv_value_free(val);
	sv_vault_close(v);
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s/data.mdb", test_path("v"));
	ASSERT_EQ(stat(path, &st), 0);
	ASSERT((uint64_t)st.st_size <= (uint64_t)N * 2700);
}

TEST(import_is_all_or_nothing)
{
	sv_vault *v = vault();
	const char *names[3] = { "i/a", "i/b", "i/c" };
	sv_create_options o[3] = { SV_CREATE_OPTIONS_INIT,
				   SV_CREATE_OPTIONS_INIT,
				   SV_CREATE_OPTIONS_INIT };
	const sv_create_options *opts[3] = { &o[0], &o[1], &o[2] };
	const char *vals[3] = { "A", "B", "C" };
	for (int i = 0; i < 3; i++) {
		o[i].secret_string = vals[i];
		o[i].secret_string_len = 1;
	}
	uint64_t n = 0;
	ASSERT_OK(sv_secret_import(&n, v, names, opts, 3));
	ASSERT_EQ(n, 3);
	ASSERT_STR_EQ(test_get(v, "i/b", NULL), "B");
	sv_secret *s = NULL;
	ASSERT_OK(sv_secret_describe(&s, v, "i/c"));
	ASSERT_EQ(sv_secret_version_count(s), 1);
	ASSERT_STR_EQ(sv_secret_version_stage(s, 0, 0), "AWSCURRENT");
	sv_secret_free(s);
	/* A duplicate (here inside the batch) fails the whole batch. */
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	const char *again[3] = { "i/d", "i/e", "i/d" };
	ASSERT_ERR(sv_secret_import(&n, v, again, opts, 3), SV_EEXISTS,
		   "entry 2: The operation failed because the secret i/d "
		   "already exists.");
	const char *bad[2] = { "i/f", "bad name" };
	ASSERT_ERR(sv_secret_import(&n, v, bad, NULL, 2), SV_EVALIDATION, NULL);
	ASSERT(strncmp(sv_error_last(), "entry 1: Invalid name.", 22) == 0);
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	ASSERT_ERR(sv_secret_import(&n, v, names, opts, 0), SV_EINVALID, NULL);
	sv_vault_close(v);
}

/*
 * SV_VAULT_SECURE_MEMORY: a value is decrypted straight into guarded
 * memory (sodium_malloc), never into the heap first: no heap buffer the
 * size of the decrypted value passes through sv__free_secret() (one does
 * without the flag, where the value itself is such a buffer).  And the
 * memory is guarded: the page after the value's padding faults.
 */
static size_t decrypt_sized_frees;
static void count_decrypt_sized(const void *p, size_t n)
{
	(void)p;
	decrypt_sized_frees += n == 1024 + 1; /* 1000 bytes padded, + NUL */
}

static size_t heap_buffers_of_a_get(uint32_t flags, const char *leaf)
{
	sv_vault *v = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	o.flags |= flags;
	ASSERT_OK(sv_vault_create(&v, test_path(leaf), &k, &o));
	static char value[1001];
	memset(value, 's', 1000);
	test_create(v, "s", value, NULL);
	ASSERT_STR_EQ(test_get(v, "s", NULL), value); /* the day's first */
	decrypt_sized_frees = 0;
	sv__mem_free_hook = count_decrypt_sized;
	sv_value *val = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "s", NULL));
	ASSERT_EQ(sv_value_size(val), 1000);
	ASSERT_MEM_EQ(sv_value_data(val), value, 1000);
	sv_value_free(val);
	sv__mem_free_hook = NULL;
	sv_vault_close(v);
	return decrypt_sized_frees;
}

static void on_segv(int sig)
{
	(void)sig;
	_exit(42);
}

TEST(secure_memory_values_decrypted_into_guarded_memory)
{
	ASSERT_EQ(heap_buffers_of_a_get(0, "plain"), 1);
	ASSERT_EQ(heap_buffers_of_a_get(SV_VAULT_SECURE_MEMORY, "secure"), 0);
	sv_vault *v = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	o.flags |= SV_VAULT_SECURE_MEMORY;
	ASSERT_OK(sv_vault_open(&v, test_path("secure"), &k, &o));
	sv_value *val = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "s", NULL));
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, on_segv);
		uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
		uintptr_t end =
			(uintptr_t)sv_value_data(val) + sv_value_size(val) + 1;
		volatile const char *guard =
			(const char *)((end + page - 1) & ~(page - 1));
		(void)*guard; /* the guard page: this faults */
		_exit(0);
	}
	int status = 0;
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 42);
	sv_value_free(val);
	sv_vault_close(v);
}
