/* The bad-input table: every case is rejected with its code and leaves
 * every byte of the vault as it was. */
#include "harness.h"
#include "testutil.h"

#define V1 "00000000-0000-4000-8000-0000000000a1"
#define LONG_NAME_513 513

static sv_vault *V;
static char big[70000], name513[600], desc2049[2100], tok31[32], tok65[70];
static char label257[300], key129[140], val257[300];

static sv_create_options create_opts(const char *value)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	o.secret_string = value;
	o.secret_string_len = value ? strlen(value) : 0;
	return o;
}

static int c_name(const char *name)
{
	sv_create_options o = create_opts("x");
	return sv_secret_create(NULL, V, name, &o);
}

static int c_bad_space(void)
{
	return c_name("has space");
}
static int c_bad_star(void)
{
	return c_name("star*");
}
static int c_bad_question(void)
{
	return c_name("what?");
}
static int c_bad_bracket(void)
{
	return c_name("a]b");
}
static int c_bad_backslash(void)
{
	return c_name("back\\slash");
}
static int c_bad_unicode(void)
{
	return c_name("caf\xc3\xa9");
}
static int c_empty_name(void)
{
	return c_name("");
}
static int c_null_name(void)
{
	return c_name(NULL);
}
static int c_long_name(void)
{
	return c_name(name513);
}
static int c_exists(void)
{
	return c_name("live");
}
static int c_scheduled(void)
{
	return c_name("doomed");
}

static int c_too_large(void)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	o.secret_string = big;
	o.secret_string_len = 65537;
	return sv_secret_create(NULL, V, "new1", &o);
}

static int c_binary_too_large(void)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	o.secret_binary = big;
	o.secret_binary_len = 65537;
	return sv_secret_create(NULL, V, "new2", &o);
}

static int c_both(void)
{
	sv_create_options o = create_opts("s");
	o.secret_binary = "b";
	o.secret_binary_len = 1;
	return sv_secret_create(NULL, V, "new3", &o);
}

static int c_bad_utf8(void)
{
	sv_create_options o = create_opts(NULL);
	o.secret_string = "\xff\xfe";
	o.secret_string_len = 2;
	return sv_secret_create(NULL, V, "new4", &o);
}

static int c_long_description(void)
{
	sv_create_options o = create_opts("x");
	o.description = desc2049;
	return sv_secret_create(NULL, V, "new5", &o);
}

static int c_short_token(void)
{
	sv_create_options o = create_opts("x");
	o.client_request_token = tok31;
	return sv_secret_create(NULL, V, "new6", &o);
}

static int c_long_token(void)
{
	sv_create_options o = create_opts("x");
	o.client_request_token = tok65;
	return sv_secret_create(NULL, V, "new7", &o);
}

static int c_unknown_key(void)
{
	sv_create_options o = create_opts("x");
	o.kms_key_id = "alias/missing";
	return sv_secret_create(NULL, V, "new8", &o);
}

static int c_long_tag_key(void)
{
	sv_create_options o = create_opts("x");
	sv_tag t = { key129, "v" };
	o.tags = &t;
	o.tag_count = 1;
	return sv_secret_create(NULL, V, "new9", &o);
}

static int c_long_tag_value(void)
{
	sv_create_options o = create_opts("x");
	sv_tag t = { "k", val257 };
	o.tags = &t;
	o.tag_count = 1;
	return sv_secret_create(NULL, V, "new10", &o);
}

static int c_bad_options_version(void)
{
	sv_create_options o = create_opts("x");
	o.version = 42;
	return sv_secret_create(NULL, V, "new11", &o);
}

static int c_reserved_set(void)
{
	sv_create_options o = create_opts("x");
	o.reserved[2] = 1;
	return sv_secret_create(NULL, V, "new12", &o);
}

static int c_token_reused_other_value(void)
{
	sv_create_options o = create_opts("other value");
	o.client_request_token = V1;
	return sv_secret_create(NULL, V, "live", &o);
}

static int p_value(const char *id, const char *value, const char *token,
		   const char *const *stages, size_t n)
{
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	o.secret_string = value;
	o.secret_string_len = value ? strlen(value) : 0;
	o.client_request_token = token;
	o.version_stages = stages;
	o.version_stage_count = n;
	return sv_secret_put_value(NULL, V, id, &o);
}

static int p_no_value(void)
{
	return p_value("live", NULL, NULL, NULL, 0);
}
static int p_empty(void)
{
	return p_value("live", "", NULL, NULL, 0);
}
static int p_unknown(void)
{
	return p_value("unknown", "x", NULL, NULL, 0);
}
static int p_deleted(void)
{
	return p_value("doomed", "x", NULL, NULL, 0);
}
static int p_token_conflict(void)
{
	return p_value("live", "different", V1, NULL, 0);
}
static int p_bad_id(void)
{
	return p_value("bad id!", "x", NULL, NULL, 0);
}
static int p_null_id(void)
{
	return p_value(NULL, "x", NULL, NULL, 0);
}

static int p_empty_stages(void)
{
	const char *st[] = { "A" };
	return p_value("live", "x", NULL, st, 0);
}

static int p_long_stage(void)
{
	const char *st[] = { label257 };
	return p_value("live", "x", NULL, st, 1);
}

static int p_too_many_stages(void)
{
	const char *st[21];
	for (int i = 0; i < 21; i++)
		st[i] = "S";
	return p_value("live", "x", NULL, st, 21);
}

static int g_get(const char *id, const char *vid, const char *stage)
{
	sv_get_options o = SV_GET_OPTIONS_INIT;
	sv_value *val = NULL;
	o.version_id = vid;
	o.version_stage = stage;
	int rc = sv_secret_get_value(&val, V, id, &o);
	sv_value_free(val);
	return rc;
}

static int g_unknown(void)
{
	return g_get("unknown", NULL, NULL);
}
static int g_deleted(void)
{
	return g_get("doomed", NULL, NULL);
}
static int g_bad_stage(void)
{
	return g_get("live", NULL, "NOPE");
}
static int g_short_vid(void)
{
	return g_get("live", tok31, NULL);
}
static int g_long_vid(void)
{
	return g_get("live", tok65, NULL);
}
static int g_unknown_vid(void)
{
	return g_get("live", "ffffffff-0000-4000-8000-000000000000", NULL);
}
static int g_mismatch(void)
{
	return g_get("live", V1, "AWSPREVIOUS");
}
static int g_arn_other_region(void)
{
	return g_get(
		"arn:aws:secretsmanager:eu-west-1:000000000000:secret:live",
		NULL, NULL);
}
static int g_arn_other_account(void)
{
	return g_get(
		"arn:aws:secretsmanager:us-east-1:111111111111:secret:live",
		NULL, NULL);
}
static int g_long_id(void)
{
	return g_get(big, NULL, NULL);
}

static int d_delete(const char *id, uint32_t window, uint32_t force)
{
	sv_delete_options o = SV_DELETE_OPTIONS_INIT;
	o.recovery_window_days = window;
	o.force_delete_without_recovery = force;
	return sv_secret_delete(NULL, V, id, &o);
}

static int d_window_6(void)
{
	return d_delete("live", 6, 0);
}
static int d_window_31(void)
{
	return d_delete("live", 31, 0);
}
static int d_both(void)
{
	return d_delete("live", 10, 1);
}
static int d_unknown(void)
{
	return d_delete("unknown", 0, 0);
}
static int d_again(void)
{
	return d_delete("doomed", 0, 0);
}
static int d_force_flag_2(void)
{
	return d_delete("live", 0, 2);
}

static int s_no_remove(void)
{
	return sv_version_stage_update(NULL, V, "two", "AWSCURRENT",
				       "00000000-0000-4000-8000-0000000000c1",
				       NULL);
}
static int s_wrong_remove(void)
{
	return sv_version_stage_update(NULL, V, "two", "AWSCURRENT",
				       "00000000-0000-4000-8000-0000000000c1",
				       "00000000-0000-4000-8000-0000000000c1");
}
static int s_unknown_version(void)
{
	return sv_version_stage_update(NULL, V, "two", "X",
				       "eeeeeeee-0000-4000-8000-000000000000",
				       NULL);
}
static int s_deleted(void)
{
	return sv_version_stage_update(NULL, V, "doomed", "X", V1, NULL);
}
static int s_long_label(void)
{
	return sv_version_stage_update(NULL, V, "live", label257, V1, NULL);
}

static int t_deleted(void)
{
	sv_tag t = { "k", "v" };
	return sv_secret_tag(V, "doomed", &t, 1);
}
static int t_reserved(void)
{
	sv_tag t = { "aws:x", "v" };
	return sv_secret_tag(V, "live", &t, 1);
}
static int t_untag_deleted(void)
{
	const char *k[] = { "k" };
	return sv_secret_untag(V, "doomed", k, 1);
}
static int t_untag_long_key(void)
{
	const char *k[] = { key129 };
	return sv_secret_untag(V, "live", k, 1);
}

static int l_list(const char *key, const char *value, uint32_t max,
		  const char *token)
{
	sv_list_options o = SV_LIST_OPTIONS_INIT;
	const char *values[] = { value };
	sv_list_filter f = { key, values, value ? 1 : 0 };
	sv_iter *it = NULL;
	o.filters = key ? &f : NULL;
	o.filter_count = key ? 1 : 0;
	o.max_results = max;
	o.next_token = token;
	int rc = sv_secret_list(&it, V, &o);
	sv_iter_free(it);
	return rc;
}

static int l_bad_key(void)
{
	return l_list("colour", "x", 0, NULL);
}
static int l_bad_value(void)
{
	return l_list("name", "a*b", 0, NULL);
}
static int l_no_values(void)
{
	return l_list("name", NULL, 0, NULL);
}
static int l_max_101(void)
{
	return l_list(NULL, NULL, 101, NULL);
}
static int l_bad_token(void)
{
	return l_list(NULL, NULL, 0, "%%%");
}

static int u_deleted(void)
{
	sv_update_options o = SV_UPDATE_OPTIONS_INIT;
	o.description = "x";
	return sv_secret_update(NULL, V, "doomed", &o);
}
static int u_both(void)
{
	sv_update_options o = SV_UPDATE_OPTIONS_INIT;
	o.secret_string = "a";
	o.secret_string_len = 1;
	o.secret_binary = "b";
	o.secret_binary_len = 1;
	return sv_secret_update(NULL, V, "live", &o);
}
static int u_bad_key(void)
{
	sv_update_options o = SV_UPDATE_OPTIONS_INIT;
	o.kms_key_id = "alias/nothing";
	return sv_secret_update(NULL, V, "live", &o);
}

static int wrong_key(void)
{
	sv_vault *w = NULL;
	sv_key_options k = test_passphrase("wrong");
	sv_vault_options o = test_vault_options();
	return sv_vault_open(&w, test_path("v"), &k, &o);
}

static int pw_too_long(void)
{
	sv_password_options o = SV_PASSWORD_OPTIONS_INIT;
	char out[8];
	o.length = 5000;
	return sv_random_password(out, sizeof out, &o);
}

static const struct bad_case {
	const char *name;
	int (*call)(void);
	int code;
} cases[] = {
	{ "name with a space", c_bad_space, SV_EVALIDATION },
	{ "name with *", c_bad_star, SV_EVALIDATION },
	{ "name with ?", c_bad_question, SV_EVALIDATION },
	{ "name with ]", c_bad_bracket, SV_EVALIDATION },
	{ "name with a backslash", c_bad_backslash, SV_EVALIDATION },
	{ "name with non-ASCII", c_bad_unicode, SV_EVALIDATION },
	{ "empty name", c_empty_name, SV_EVALIDATION },
	{ "NULL name", c_null_name, SV_EVALIDATION },
	{ "name of 513 characters", c_long_name, SV_EVALIDATION },
	{ "existing name", c_exists, SV_EEXISTS },
	{ "name scheduled for deletion", c_scheduled, SV_EREQUEST },
	{ "SecretString of 65537 bytes", c_too_large, SV_EVALIDATION },
	{ "SecretBinary of 65537 bytes", c_binary_too_large, SV_EVALIDATION },
	{ "both SecretString and SecretBinary", c_both, SV_EINVALID },
	{ "SecretString not UTF-8", c_bad_utf8, SV_EINVALID },
	{ "description of 2049 characters", c_long_description,
	  SV_EVALIDATION },
	{ "token of 31 characters", c_short_token, SV_EVALIDATION },
	{ "token of 65 characters", c_long_token, SV_EVALIDATION },
	{ "unknown KmsKeyId", c_unknown_key, SV_ENOTFOUND },
	{ "tag key of 129 characters", c_long_tag_key, SV_EVALIDATION },
	{ "tag value of 257 characters", c_long_tag_value, SV_EVALIDATION },
	{ "options version 42", c_bad_options_version, SV_EINVALID },
	{ "reserved field set", c_reserved_set, SV_EINVALID },
	{ "create token reused with another value", c_token_reused_other_value,
	  SV_EEXISTS },
	{ "put without a value", p_no_value, SV_EREQUEST },
	{ "put of an empty string", p_empty, SV_EREQUEST },
	{ "put to an unknown secret", p_unknown, SV_ENOTFOUND },
	{ "put to a deleted secret", p_deleted, SV_EDELETED },
	{ "put token reused with another value", p_token_conflict, SV_EEXISTS },
	{ "put with an invalid SecretId", p_bad_id, SV_EVALIDATION },
	{ "put with a NULL SecretId", p_null_id, SV_EVALIDATION },
	{ "put with an empty stage list", p_empty_stages, SV_EVALIDATION },
	{ "put with a 257-character stage", p_long_stage, SV_EVALIDATION },
	{ "put with 21 stages", p_too_many_stages, SV_EVALIDATION },
	{ "get an unknown secret", g_unknown, SV_ENOTFOUND },
	{ "get a deleted secret", g_deleted, SV_EDELETED },
	{ "get an unattached stage", g_bad_stage, SV_ENOTFOUND },
	{ "get a 31-character VersionId", g_short_vid, SV_EVALIDATION },
	{ "get a 65-character VersionId", g_long_vid, SV_EVALIDATION },
	{ "get an unknown VersionId", g_unknown_vid, SV_ENOTFOUND },
	{ "get VersionId and VersionStage that disagree", g_mismatch,
	  SV_EREQUEST },
	{ "get by an ARN of another region", g_arn_other_region, SV_ENOTFOUND },
	{ "get by an ARN of another account", g_arn_other_account,
	  SV_ENOTFOUND },
	{ "get with a SecretId over 2048", g_long_id, SV_EVALIDATION },
	{ "delete with a 6-day window", d_window_6, SV_EINVALID },
	{ "delete with a 31-day window", d_window_31, SV_EINVALID },
	{ "delete with window and force", d_both, SV_EINVALID },
	{ "delete an unknown secret", d_unknown, SV_ENOTFOUND },
	{ "delete a deleted secret again", d_again, SV_EDELETED },
	{ "delete with force = 2", d_force_flag_2, SV_EINVALID },
	{ "move a label without RemoveFromVersionId", s_no_remove,
	  SV_EINVALID },
	{ "move a label with the wrong RemoveFromVersionId", s_wrong_remove,
	  SV_EINVALID },
	{ "move a label to an unknown version", s_unknown_version,
	  SV_EINVALID },
	{ "move a label on a deleted secret", s_deleted, SV_EDELETED },
	{ "a 257-character label", s_long_label, SV_EVALIDATION },
	{ "tag a deleted secret", t_deleted, SV_EDELETED },
	{ "a tag key beginning with aws:", t_reserved, SV_EINVALID },
	{ "untag a deleted secret", t_untag_deleted, SV_EDELETED },
	{ "untag a 129-character key", t_untag_long_key, SV_EVALIDATION },
	{ "list with an unknown filter key", l_bad_key, SV_EVALIDATION },
	{ "list with a filter value outside the pattern", l_bad_value,
	  SV_EVALIDATION },
	{ "list with a filter without values", l_no_values, SV_EINVALID },
	{ "list with MaxResults 101", l_max_101, SV_EVALIDATION },
	{ "list with a malformed NextToken", l_bad_token, SV_ENEXTTOKEN },
	{ "update a deleted secret", u_deleted, SV_EDELETED },
	{ "update with both values", u_both, SV_EINVALID },
	{ "update to an unknown key", u_bad_key, SV_ENOTFOUND },
	{ "open with the wrong passphrase", wrong_key, SV_EAUTH },
	{ "a password of 5000 characters", pw_too_long, SV_EVALIDATION },
};

TEST(bad_inputs_rejected_and_vault_unchanged)
{
	memset(big, 'a', sizeof big - 1);
	memset(name513, 'n', LONG_NAME_513);
	memset(desc2049, 'd', 2049);
	memset(tok31, 't', 31);
	memset(tok65, 't', 65);
	memset(label257, 'L', 257);
	memset(key129, 'k', 129);
	memset(val257, 'v', 257);
	V = test_vault_create("v");
	sv_create_options o = create_opts("live value");
	o.client_request_token = V1;
	ASSERT_OK(sv_secret_create(NULL, V, "live", &o));
	test_create(V, "doomed", "soon gone", NULL);
	ASSERT_OK(sv_secret_delete(NULL, V, "doomed", NULL));
	o = create_opts("one");
	o.client_request_token = "00000000-0000-4000-8000-0000000000c1";
	ASSERT_OK(sv_secret_create(NULL, V, "two", &o));
	test_put(V, "two", "two", "00000000-0000-4000-8000-0000000000b1", NULL,
		 NULL);
	/* Read everything once so the access day is already recorded. */
	(void)test_get(V, "live", NULL);
	(void)test_get(V, "two", NULL);

	size_t n = sizeof cases / sizeof cases[0];
	ASSERT(n >= 60);
	uint8_t before[32], after[32];
	for (size_t i = 0; i < n; i++) {
		test_vault_digest(before, V);
		int rc = cases[i].call();
		test_vault_digest(after, V);
		if (rc != cases[i].code)
			TEST_FAIL_("case \"%s\": got %d (%s), expected %d",
				   cases[i].name, rc, sv_error_last(),
				   cases[i].code);
		if (memcmp(before, after, 32) != 0)
			TEST_FAIL_("case \"%s\" changed the vault",
				   cases[i].name);
		if (sv_error_last()[0] == '\0')
			TEST_FAIL_("case \"%s\" gave no message",
				   cases[i].name);
		if (strstr(sv_error_last(), "live value") ||
		    strstr(sv_error_last(), "soon gone"))
			TEST_FAIL_("case \"%s\" leaked a value", cases[i].name);
	}
	printf("figure: bad_inputs=%zu unchanged=%zu\n", n, n);
	sv_vault_close(V);
}
