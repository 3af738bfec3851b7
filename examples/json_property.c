/*
 * json_property.c - a JSON secret, read the way External Secrets and the
 * GitHub Action read it: single properties by path, and the whole object
 * as environment variables.
 *
 *   json_property VAULT_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <secretvault.h>

static int fail(const char *what, int rc)
{
	fprintf(stderr, "%s: %s (%s): %s\n", what, sv_strerror(rc),
		sv_error_aws_type(rc), sv_error_last());
	return 1;
}

static int show_property(const sv_value *val, const char *path)
{
	sv_value *p = NULL;
	int rc = sv_value_property(&p, val, path);
	if (rc != SV_OK)
		return fail(path, rc);
	printf("  property %-16s -> %s\n", path,
	       (const char *)sv_value_data(p));
	sv_value_free(p);
	return 0;
}

static int show_env(const sv_value *val)
{
	sv_envvars *env = NULL;
	sv_env_options o = SV_ENV_OPTIONS_INIT;
	o.parse_json = 1;
	int rc = sv_envvars_new(&env);
	if (rc == SV_OK)
		rc = sv_value_env(env, val, &o);
	if (rc != SV_OK) {
		sv_envvars_free(env);
		return fail("sv_value_env", rc);
	}
	for (size_t i = 0; i < sv_envvars_count(env); i++)
		printf("  %s=%s\n", sv_envvars_name(env, i),
		       sv_envvars_value(env, i));
	sv_envvars_free(env);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s VAULT_DIR\n", argv[0]);
		return 2;
	}
	/* A host-supplied key: in a real program it comes from a credential
	 * store (systemd credentials, a container secret, a TPM). */
	static const unsigned char key[32] = "example key, not for real use!!";
	sv_key_options k = SV_KEY_OPTIONS_INIT;
	k.type = SV_KEY_RAW;
	k.secret = key;
	k.secret_len = sizeof key;
	sv_vault *v = NULL;
	int rc = sv_vault_create(&v, argv[1], &k, NULL);
	if (rc != SV_OK)
		return fail("sv_vault_create", rc);

	const char *json =
		"{\"username\":\"app\",\"password\":\"EXAMPLE-PASSWORD\","
		"\"db.host\":\"db.internal\",\"pool\":{\"size\":8,\"ports\":["
		"5432,5433]}}";
	sv_create_options c = SV_CREATE_OPTIONS_INIT;
	c.secret_string = json;
	c.secret_string_len = strlen(json);
	if ((rc = sv_secret_create(NULL, v, "prod/app/db", &c)) != SV_OK) {
		sv_vault_close(v);
		return fail("sv_secret_create", rc);
	}
	sv_value *val = NULL;
	if ((rc = sv_secret_get_value(&val, v, "prod/app/db", NULL)) != SV_OK) {
		sv_vault_close(v);
		return fail("sv_secret_get_value", rc);
	}
	printf("secret prod/app/db, version %s\n", sv_value_version_id(val));
	int bad = show_property(val, "username") ||
		  show_property(val, "db.host") ||
		  show_property(val, "pool.size") ||
		  show_property(val, "pool.ports.#") ||
		  show_property(val, "pool.ports.1") ||
		  show_property(val, "pool");
	sv_value *missing = NULL;
	rc = sv_value_property(&missing, val, "pool.timeout");
	printf("  property %-16s -> %s: %s\n", "pool.timeout",
	       sv_error_aws_type(rc), sv_error_last());
	bad |= rc != SV_ENOTFOUND;
	printf("as environment variables:\n");
	bad |= show_env(val);
	sv_value_free(val);
	sv_vault_close(v);
	return bad;
}
