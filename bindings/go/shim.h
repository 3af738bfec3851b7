/*
 * shim.h - the C side of the Go binding: small wrappers, included by the
 * cgo preamble of each Go file that calls them (static inline, so each
 * preamble gets its own copy).
 */
#ifndef SECRETVAULT_GO_SHIM_H
#define SECRETVAULT_GO_SHIM_H
#include <stdlib.h>
#include <string.h>
#include <secretvault.h>

/*
 * libsecretvault keeps the message of the last failure in thread-local
 * storage (sv_error_last()).  A goroutine may move to another OS thread
 * between two cgo calls, so Go must never call sv_error_last() in a call
 * of its own after the failing one: it could read another thread's
 * message, or nothing.  Every helper below therefore fails and copies the
 * message within one C call.  sv_call() needs no helper: its error body
 * already carries the AWS code and message.
 */

#define GOSV_ERRMAX 1024

/* Copy this thread's last message into err (cap bytes, NUL-terminated). */
static inline void gosv_copy_error(char *err, size_t cap)
{
	const char *m = sv_error_last();
	size_t n = strlen(m);
	if (cap == 0)
		return;
	if (n >= cap)
		n = cap - 1;
	memcpy(err, m, n);
	err[n] = '\0';
}

/*
 * Open (or, when create is 1, open or else create) a vault.  On failure
 * the code is returned and the message is in err.
 */
static inline int gosv_open(sv_vault **out, const char *path, int create,
			    uint32_t key_type, const void *secret,
			    size_t secret_len, const char *key_path,
			    int weak_kdf, uint32_t flags, const char *region,
			    const char *account_id, uint64_t map_size,
			    char *err, size_t errcap)
{
	sv_key_options k;
	sv_vault_options o;
	int rc = sv_key_options_init(&k, SV_KEY_OPTIONS_VERSION);
	if (rc == SV_OK)
		rc = sv_vault_options_init(&o, SV_VAULT_OPTIONS_VERSION);
	if (rc == SV_OK) {
		k.type = key_type;
		k.secret = secret;
		k.secret_len = secret_len;
		k.path = key_path;
		if (weak_kdf) {
			/*
			 * libsodium's crypto_pwhash_OPSLIMIT_MIN and _MEMLIMIT_MIN,
			 * accepted only with SV_VAULT_ALLOW_WEAK_KDF: for tests.
			 */
			k.kdf_opslimit = 1;
			k.kdf_memlimit = 8192;
			flags |= SV_VAULT_ALLOW_WEAK_KDF;
		}
		o.flags = flags;
		o.map_size = map_size;
		rc = sv_vault_open(out, path, &k, &o);
		if (rc == SV_ENOTFOUND && create) {
			/* Only creation takes these; open refuses them. */
			o.region = region;
			o.account_id = account_id;
			rc = sv_vault_create(out, path, &k, &o);
		}
	}
	if (rc != SV_OK)
		gosv_copy_error(err, errcap);
	return rc;
}

/* GetSecretValue (AWSCURRENT) then one property of its JSON text. */
static inline int gosv_property(sv_value **out, sv_vault *v,
				const char *secret_id, const char *path,
				char *err, size_t errcap)
{
	sv_value *val = NULL;
	int rc = sv_secret_get_value(&val, v, secret_id, NULL);
	if (rc == SV_OK)
		rc = sv_value_property(out, val, path);
	if (rc != SV_OK)
		gosv_copy_error(err, errcap);
	sv_value_free(val);
	return rc;
}

/*
 * GetSecretValue (AWSCURRENT) then its environment variables into env.
 * alias is NULL for "the secret's name", "" for none.
 */
static inline int gosv_env_add(sv_envvars *env, sv_vault *v,
			       const char *secret_id, const char *alias,
			       uint32_t transformation, uint32_t parse_json,
			       char *err, size_t errcap)
{
	sv_value *val = NULL;
	sv_env_options o;
	int rc = sv_env_options_init(&o, SV_ENV_OPTIONS_VERSION);
	if (rc == SV_OK)
		rc = sv_secret_get_value(&val, v, secret_id, NULL);
	if (rc == SV_OK) {
		o.alias = alias;
		o.name_transformation = transformation;
		o.parse_json = parse_json;
		rc = sv_value_env(env, val, &o);
	}
	if (rc != SV_OK)
		gosv_copy_error(err, errcap);
	sv_value_free(val);
	return rc;
}

static inline int gosv_envvars_new(sv_envvars **out, char *err,
				   size_t errcap)
{
	int rc = sv_envvars_new(out);
	if (rc != SV_OK)
		gosv_copy_error(err, errcap);
	return rc;
}

#endif
