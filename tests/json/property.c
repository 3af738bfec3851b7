/* Property paths (External Secrets Operator grammar) and env flattening
 * (the GitHub Action's naming rules). */
#include "harness.h"
#include "json/json.h"
#include "testutil.h"
#include "util/mem.h"

static const char *DOC =
	"{\"user\":\"admin\",\"password\":\"p4ss\",\"port\":5432,\"ratio\":1.5,"
	"\"on\":true,\"off\":null,\"db.host\":\"literal\",\"db\":{\"host\":"
	"\"nested\","
	"\"ports\":[1,2,3]},\"list\":[\"a\",{\"b\":\"c\"}],\"k\\u00e9y\":"
	"\"unicode\","
	"\"a.b\":{\"c\":\"dotted-parent\"},\"x\":{\"y.z\":\"escaped\"}}";

static char *prop(const char *json, const char *path, int *rc)
{
	uint8_t *out;
	size_t len;
	*rc = sv__json_property(&out, &len, (const uint8_t *)json, strlen(json),
				path);
	if (*rc != SV_OK)
		return NULL;
	ASSERT_EQ(strlen((char *)out), len);
	return (char *)out;
}

static void expect(const char *path, const char *want)
{
	int rc;
	char *got = prop(DOC, path, &rc);
	if (rc != SV_OK)
		TEST_FAIL_("path %s: %d %s", path, rc, sv_error_last());
	ASSERT_STR_EQ(got, want);
	sv__free_secret(got, strlen(got) + 1);
}

TEST(property_paths)
{
	expect("user", "admin");
	expect("port", "5432");
	expect("ratio", "1.5");
	expect("on", "true");
	expect("off", "null");
	expect("db.host", "literal");  /* a literal dotted key wins */
	expect("db.ports", "[1,2,3]"); /* arrays as compact JSON */
	expect("db.ports.1", "2");
	expect("db.ports.#", "3");
	expect("list.#", "2");
	expect("list.1.b", "c");
	expect("list.1", "{\"b\":\"c\"}");
	expect("k\xc3\xa9y", "unicode");
	expect("a\\.b.c", "dotted-parent"); /* an escaped dot inside a path */
	expect("x.y\\.z", "escaped");
	expect("db", "{\"host\":\"nested\",\"ports\":[1,2,3]}");
}

TEST(property_errors)
{
	int rc;
	ASSERT(prop(DOC, "missing", &rc) == NULL);
	ASSERT_EQ(rc, SV_ENOTFOUND);
	ASSERT(strstr(sv_error_last(), "missing") != NULL);
	ASSERT(strstr(sv_error_last(), "admin") == NULL); /* never the value */
	ASSERT(prop(DOC, "db.ports.7", &rc) == NULL && rc == SV_ENOTFOUND);
	ASSERT(prop(DOC, "db.ports.01", &rc) == NULL && rc == SV_ENOTFOUND);
	ASSERT(prop(DOC, "user.deeper", &rc) == NULL && rc == SV_ENOTFOUND);
	ASSERT(prop(DOC, "a..b", &rc) == NULL && rc == SV_EINVALID);
	ASSERT(strstr(sv_error_last(), "malformed") != NULL);
	ASSERT(prop(DOC, "trailing\\", &rc) == NULL && rc == SV_EINVALID);
	ASSERT(prop(DOC, "db.ports.#.x", &rc) == NULL && rc == SV_EINVALID);
	ASSERT(prop(DOC, "", &rc) == NULL && rc == SV_EINVALID);
	ASSERT(prop("not json at all SECRETWORD", "a", &rc) == NULL);
	ASSERT_EQ(rc, SV_EINVALID);
	ASSERT_STR_EQ(sv_error_last(),
		      "the secret string is not a JSON document");
	ASSERT(prop("{\"a\":1} trailing", "a", &rc) == NULL &&
	       rc == SV_EINVALID);
}

TEST(property_nesting_cap_and_long_keys)
{
	char deep[200];
	int rc, n = 0;
	for (int i = 0; i < 70; i++)
		deep[n++] = '[';
	for (int i = 0; i < 70; i++)
		deep[n++] = ']';
	deep[n] = 0;
	ASSERT(prop(deep, "0", &rc) == NULL && rc == SV_EINVALID);
	ASSERT(strstr(sv_error_last(), "deeper") != NULL);
	/* Brackets inside strings do not count. */
	char *ok = prop("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
			"[[[[[[[[[[[[[[[[[[[\"}",
			"a", &rc);
	ASSERT(ok != NULL);
	sv__free_secret(ok, strlen(ok) + 1);
	char *doc = malloc(20000), *key = malloc(10001);
	memset(key, 'k', 10000);
	key[10000] = 0;
	snprintf(doc, 20000, "{\"%s\":\"long\"}", key);
	ASSERT(prop(doc, key, &rc) == NULL &&
	       rc == SV_EINVALID); /* path > 4096 */
	key[4000] = 0;
	snprintf(doc, 20000, "{\"%s\":\"long\"}", key);
	char *got = prop(doc, key, &rc);
	ASSERT(got && strcmp(got, "long") == 0);
	sv__free_secret(got, 5);
	free(doc);
	free(key);
}

TEST(property_through_the_api)
{
	sv_vault *v = test_vault_create("v");
	test_create(v, "db", "{\"username\":\"u\",\"password\":\"EXAMPLE\"}",
		    NULL);
	sv_value *val = NULL, *p = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "db", NULL));
	ASSERT_OK(sv_value_property(&p, val, "password"));
	ASSERT_STR_EQ(sv_value_data(p), "EXAMPLE");
	ASSERT_EQ(sv_value_size(p), 7);
	ASSERT_STR_EQ(sv_value_version_id(p), sv_value_version_id(val));
	sv_value_free(p);
	ASSERT_ERR(sv_value_property(&p, val, "nope"), SV_ENOTFOUND,
		   "the property nope does not exist in secret db");
	ASSERT(p == NULL);
	sv_value_free(val);
	sv_vault_close(v);
}

/* ---- Environment variables ------------------------------------------------
 */

static sv_value *value_of(sv_vault *v, const char *name, const char *content)
{
	sv_value *val = NULL;
	test_create(v, name, content, NULL);
	ASSERT_OK(sv_secret_get_value(&val, v, name, NULL));
	return val;
}

static const char *env_dump(const sv_envvars *e)
{
	static char out[2048];
	out[0] = 0;
	for (size_t i = 0; i < sv_envvars_count(e); i++) {
		strcat(out, i ? ";" : "");
		strcat(out, sv_envvars_name(e, i));
		strcat(out, "=");
		strcat(out, sv_envvars_value(e, i));
	}
	return out;
}

TEST(env_names_follow_the_action)
{
	sv_vault *v = test_vault_create("v");
	sv_value *plain = value_of(v, "0/test/secret", "x");
	sv_value *prod = value_of(v, "/prod/example/secret", "y");
	sv_value *js =
		value_of(v, "test/secret",
			 "{\"api_key\":\"k\",\"config\":{\"active\":true,"
			 "\"1x\":2},\"list\":[1,\"a\"],\"a-b\":\"c\"}");
	sv_envvars *e;
	sv_env_options o = SV_ENV_OPTIONS_INIT;
	ASSERT_OK(sv_envvars_new(&e));
	ASSERT_OK(sv_value_env(e, plain, &o));
	ASSERT_OK(sv_value_env(e, prod, &o));
	ASSERT_STR_EQ(env_dump(e), "_0_TEST_SECRET=x;_PROD_EXAMPLE_SECRET=y");
	sv_envvars_free(e);

	/* JSON objects: one variable per key, nested joined with '_'. */
	ASSERT_OK(sv_envvars_new(&e));
	o.parse_json = 1;
	ASSERT_OK(sv_value_env(e, js, &o));
	ASSERT_STR_EQ(env_dump(e),
		      "TEST_SECRET_API_KEY=k;TEST_SECRET_CONFIG_ACTIVE=true;"
		      "TEST_SECRET_CONFIG_1X=2;"
		      "TEST_SECRET_LIST=[1,\"a\"];TEST_SECRET_A_B=c");
	ASSERT_STR_EQ(sv_envvars_source(e, 1), "test/secret:config.active");
	sv_envvars_free(e);

	/* lowercase and none. */
	ASSERT_OK(sv_envvars_new(&e));
	o.parse_json = 0;
	o.name_transformation = SV_ENV_LOWERCASE;
	ASSERT_OK(sv_value_env(e, prod, &o));
	o.name_transformation = SV_ENV_NONE;
	ASSERT_OK(sv_value_env(e, plain, &o));
	ASSERT_STR_EQ(env_dump(e), "_prod_example_secret=y;_0_test_secret=x");
	sv_envvars_free(e);

	/* An alias, and a blank alias (keys without a prefix). */
	ASSERT_OK(sv_envvars_new(&e));
	o.name_transformation = SV_ENV_UPPERCASE;
	o.alias = "MYALIAS";
	ASSERT_OK(sv_value_env(e, plain, &o));
	o.alias = "";
	o.parse_json = 1;
	ASSERT_OK(sv_value_env(e, js, &o));
	ASSERT_STR_EQ(sv_envvars_name(e, 0), "MYALIAS");
	ASSERT_STR_EQ(sv_envvars_name(e, 1), "API_KEY");
	/* A blank alias on a value that is not JSON falls back to the name. */
	ASSERT_OK(sv_value_env(e, prod, &o));
	ASSERT_STR_EQ(sv_envvars_name(e, sv_envvars_count(e) - 1),
		      "_PROD_EXAMPLE_SECRET");
	o.alias = "bad alias";
	ASSERT_ERR(sv_value_env(e, plain, &o), SV_EINVALID, NULL);
	o.alias = "lower";
	ASSERT_ERR(sv_value_env(e, plain, &o), SV_EINVALID, NULL);
	sv_envvars_free(e);
	sv_value_free(plain);
	sv_value_free(prod);
	sv_value_free(js);
	sv_vault_close(v);
}

TEST(env_collisions_name_both_sources)
{
	sv_vault *v = test_vault_create("v");
	sv_value *a = value_of(v, "MySecret", "1");
	sv_value *b = value_of(v, "mysecret", "2");
	sv_value *c = value_of(v, "keys", "{\"name\":\"x\",\"Name\":\"y\"}");
	sv_envvars *e;
	sv_env_options o = SV_ENV_OPTIONS_INIT;
	ASSERT_OK(sv_envvars_new(&e));
	ASSERT_OK(sv_value_env(e, a, &o));
	ASSERT_ERR(sv_value_env(e, b, &o), SV_EEXISTS,
		   "the environment variable MYSECRET from mysecret collides "
		   "with the one from MySecret; give one of them an alias");
	ASSERT_EQ(sv_envvars_count(e), 1); /* unchanged */
	o.parse_json = 1;
	ASSERT_ERR(sv_value_env(e, c, &o), SV_EEXISTS, NULL);
	ASSERT(strstr(sv_error_last(), "keys:Name") &&
	       strstr(sv_error_last(), "keys:name"));
	ASSERT(strstr(sv_error_last(), "\"x\"") == NULL);
	ASSERT_EQ(sv_envvars_count(e), 1);
	sv_envvars_free(e);
	sv_value_free(a);
	sv_value_free(b);
	sv_value_free(c);
	sv_vault_close(v);
}
