/*
 * keyring.c - named, versioned key-encryption keys (a local KMS).
 *
 *   keys: key id -> SVR0 = "SVR0" alg 0 0 0 | store_id | key id[36] |
 *                          nonce | AEAD(K_ring, JSON metadata)
 *   kek:  key id || u32 version -> SVR1 = "SVR1" alg state 0 0 | store_id |
 *                          key id[36] | version u32 | created u64 |
 *                          nonce | AEAD(K_ring, KEK)
 *
 * The handle caches the keyring (KEKs in the locked arena) together with
 * the keyring generation from the meta record, and re-reads it when the
 * generation moves, so a key rotated by another process is seen before
 * anything is wrapped under an older primary.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "api/internal.h"

#define RING_GEN_OFFSET 72 /* of the meta record */
#define KEYS_MAX 64
#define KEY_VERSIONS_MAX 256

static void kek_free(sv_vault *v, sv_kek *k)
{
	for (size_t i = 0; i < k->naliases; i++)
		sv__free(k->aliases[i]);
	sv__free(k->aliases);
	sv__free(k->description);
	sv__free(k->provider_ref);
	for (size_t i = 0; i < k->nversions; i++)
		sv__arena_release(v->arena, k->versions[i].key);
	sv__free(k->versions);
	memset(k, 0, sizeof *k);
}

void sv__keyring_free(sv_vault *v)
{
	for (size_t i = 0; i < v->nkeys; i++)
		kek_free(v, &v->keys[i]);
	sv__free(v->keys);
	v->keys = NULL;
	v->nkeys = 0;
	v->ring_snap = 0;
}

static void svr0_header(uint8_t h[60], const sv_vault *v, const char *id)
{
	memcpy(h, "SVR0", 4);
	h[4] = SV_AEAD_XCHACHA;
	h[5] = h[6] = h[7] = 0;
	memcpy(h + 8, v->store_id, SV_ID_BYTES);
	memcpy(h + 24, id, SV_KEYID_LEN);
}

static void svr1_header(uint8_t h[72], const sv_vault *v, const char *id,
			uint32_t version, uint8_t state, int64_t created)
{
	memcpy(h, "SVR1", 4);
	h[4] = SV_AEAD_XCHACHA;
	h[5] = state;
	h[6] = h[7] = 0;
	memcpy(h + 8, v->store_id, SV_ID_BYTES);
	memcpy(h + 24, id, SV_KEYID_LEN);
	sv__put_u32(h + 60, version);
	sv__put_u64(h + 64, (uint64_t)created);
}

static char *json_string(const cJSON *o, const char *name)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(s) ? sv__strdup(s->valuestring) : NULL;
}

/* Decode SVR0 metadata JSON into @k. */
static int kek_from_json(sv_kek *k, const uint8_t *js, size_t n)
{
	cJSON *o = cJSON_ParseWithLength((const char *)js, n);
	if (!o)
		return sv__error_set(SV_EINTEGRITY,
				     "a keyring record is malformed");
	int rc = SV_OK;
	const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(o, "aliases");
	const cJSON *primary = cJSON_GetObjectItemCaseSensitive(o, "primary");
	const cJSON *created = cJSON_GetObjectItemCaseSensitive(o, "created");
	const cJSON *external = cJSON_GetObjectItemCaseSensitive(o, "external");
	/* Ranges checked before the casts below, which would be undefined. */
	if (!cJSON_IsArray(aliases) || !cJSON_IsNumber(primary) ||
	    !cJSON_IsNumber(created) || !(primary->valuedouble >= 0) ||
	    !(primary->valuedouble <= UINT32_MAX) ||
	    !(created->valuedouble >= -9e15) ||
	    !(created->valuedouble <= 9e15)) {
		cJSON_Delete(o);
		return sv__error_set(SV_EINTEGRITY,
				     "a keyring record is malformed");
	}
	int na = cJSON_GetArraySize(aliases);
	k->aliases = sv__calloc((size_t)na + 1, sizeof *k->aliases);
	if (!k->aliases)
		rc = sv__error_set(SV_ENOMEM, "out of memory");
	for (int i = 0; rc == SV_OK && i < na; i++) {
		const cJSON *a = cJSON_GetArrayItem(aliases, i);
		if (!cJSON_IsString(a))
			rc = sv__error_set(SV_EINTEGRITY,
					   "a keyring record is malformed");
		else if (!(k->aliases[k->naliases++] =
				   sv__strdup(a->valuestring)))
			rc = sv__error_set(SV_ENOMEM, "out of memory");
	}
	k->primary = (uint32_t)primary->valuedouble;
	k->created = (int64_t)created->valuedouble;
	k->external = cJSON_IsTrue(external);
	k->description = json_string(o, "description");
	k->provider_ref = json_string(o, "provider_ref");
	cJSON_Delete(o);
	return rc;
}

static int kek_to_json(char **out, const sv_kek *k)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(o, "aliases");
	int ok = o && a;
	for (size_t i = 0; ok && i < k->naliases; i++)
		ok = cJSON_AddItemToArray(a, cJSON_CreateString(k->aliases[i]));
	ok = ok && cJSON_AddNumberToObject(o, "primary", k->primary) &&
	     cJSON_AddNumberToObject(o, "created", (double)k->created) &&
	     cJSON_AddBoolToObject(o, "external", k->external) &&
	     (!k->description ||
	      cJSON_AddStringToObject(o, "description", k->description)) &&
	     (!k->provider_ref ||
	      cJSON_AddStringToObject(o, "provider_ref", k->provider_ref));
	*out = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	return *out ? SV_OK : sv__error_set(SV_ENOMEM, "out of memory");
}

static int kek_put_meta(sv_txn *t, sv_vault *v, const sv_kek *k)
{
	char *js;
	uint8_t h[60];
	sv_buf b = { 0 };
	int rc = kek_to_json(&js, k);
	if (rc != SV_OK)
		return rc;
	svr0_header(h, v, k->id);
	rc = sv__blob_seal(&b, h, sizeof h, NULL, 0, v->k_ring, js, strlen(js));
	if (rc == SV_OK)
		rc = sv__db_put(t, SV_DB_KEYS, k->id, SV_KEYID_LEN, b.p, b.len);
	cJSON_free(js);
	sv__buf_free(&b);
	return rc;
}

static int kek_put_version(sv_txn *t, sv_vault *v, const char *id,
			   const sv_kek_version *kv)
{
	uint8_t h[72], key[SV_KEYID_LEN + 4];
	sv_buf b = { 0 };
	svr1_header(h, v, id, kv->version, kv->state, kv->created);
	int rc =
		sv__blob_seal(&b, h, sizeof h, NULL, 0, v->k_ring, kv->key, 32);
	memcpy(key, id, SV_KEYID_LEN);
	sv__put_u32(key + SV_KEYID_LEN, kv->version);
	if (rc == SV_OK)
		rc = sv__db_put(t, SV_DB_KEK, key, sizeof key, b.p, b.len);
	sv__buf_free(&b);
	return rc;
}

/* Load one key's versions (local keys) into the arena. */
static int kek_load_versions(sv_vault *v, sv_txn *t, sv_kek *k)
{
	if (k->external) {
		k->versions = sv__calloc(1, sizeof *k->versions);
		if (!k->versions)
			return sv__error_set(SV_ENOMEM, "out of memory");
		k->versions[0].version = 1;
		k->versions[0].state = 1;
		k->nversions = 1;
		return SV_OK;
	}
	k->versions = sv__calloc(k->primary, sizeof *k->versions);
	if (!k->versions)
		return sv__error_set(SV_ENOMEM, "out of memory");
	for (uint32_t ver = 1; ver <= k->primary; ver++) {
		uint8_t key[SV_KEYID_LEN + 4], h[72];
		const uint8_t *p;
		size_t n;
		memcpy(key, k->id, SV_KEYID_LEN);
		sv__put_u32(key + SV_KEYID_LEN, ver);
		int rc = sv__db_get(t, SV_DB_KEK, key, sizeof key, &p, &n);
		if (rc != SV_OK)
			return rc == SV_ENOTFOUND
				       ? sv__error_set(SV_EINTEGRITY,
						       "version %u of key %s "
						       "is missing",
						       ver, k->id)
				       : rc;
		if (n < sizeof h)
			return sv__error_set(SV_EINTEGRITY,
					     "a key record is malformed");
		sv_kek_version *kv = &k->versions[k->nversions];
		kv->version = ver;
		kv->state = p[5];
		kv->created = (int64_t)sv__get_u64(p + 64);
		svr1_header(h, v, k->id, ver, kv->state, kv->created);
		uint8_t *pt;
		size_t ptlen;
		if (memcmp(h, p, sizeof h) != 0)
			return sv__error_set(
				SV_EINTEGRITY,
				"a key record is not where it belongs");
		if ((rc = sv__blob_open(&pt, &ptlen, p, n, sizeof h, NULL, 0,
					v->k_ring)) != SV_OK)
			return rc;
		kv->key = ptlen == 32 ? sv__arena_key(v->arena) : NULL;
		if (kv->key)
			memcpy(kv->key, pt, 32);
		sv__free_secret(pt, ptlen);
		if (!kv->key)
			return sv__error_set(
				ptlen == 32 ? SV_ELIMIT : SV_EINTEGRITY,
				"key %s: cannot hold version %u", k->id, ver);
		k->nversions++;
	}
	return SV_OK;
}

static int keyring_read(sv_vault *v, sv_txn *t)
{
	sv_cursor c = { 0 };
	const uint8_t *k, *p;
	size_t klen, n;
	int rc = sv__cursor_open(&c, t, SV_DB_KEYS);
	if (rc != SV_OK)
		return rc;
	v->keys = sv__calloc(KEYS_MAX, sizeof *v->keys);
	if (!v->keys) {
		sv__cursor_close(&c);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	int step = sv__cursor_seek(&c, NULL, 0, &k, &klen, &p, &n);
	for (; step == SV_OK && rc == SV_OK;
	     step = sv__cursor_next(&c, &k, &klen, &p, &n)) {
		if (v->nkeys == KEYS_MAX) {
			rc = sv__error_set(SV_ELIMIT,
					   "the keyring holds too many keys");
			break;
		}
		uint8_t h[60];
		uint8_t *js;
		size_t jlen;
		sv_kek *kk = &v->keys[v->nkeys];
		if (klen != SV_KEYID_LEN) {
			rc = sv__error_set(SV_EINTEGRITY,
					   "a keyring entry is malformed");
			break;
		}
		memcpy(kk->id, k, SV_KEYID_LEN);
		kk->id[SV_KEYID_LEN] = '\0';
		svr0_header(h, v, kk->id);
		if (n < sizeof h || memcmp(h, p, sizeof h) != 0) {
			rc = sv__error_set(
				SV_EINTEGRITY,
				"a keyring record is not where it belongs");
			break;
		}
		rc = sv__blob_open(&js, &jlen, p, n, sizeof h, NULL, 0,
				   v->k_ring);
		if (rc != SV_OK)
			break;
		v->nkeys++;
		rc = kek_from_json(kk, js, jlen);
		sv__free_secret(js, jlen);
		if (rc == SV_OK)
			rc = kek_load_versions(v, t, kk);
	}
	if (rc == SV_OK && step != SV_ITEROVER && step != SV_OK)
		rc = step;
	sv__cursor_close(&c);
	return rc;
}

/* The committed keyring generation, from the meta record in @t. */
static int ring_gen_read(uint64_t *gen, sv_txn *t)
{
	const uint8_t *p;
	size_t n;
	int rc = sv__db_get(t, SV_DB_META, "M", 1, &p, &n);
	if (rc != SV_OK)
		return rc;
	if (n < RING_GEN_OFFSET + 8)
		return sv__error_set(SV_EFORMAT,
				     "the meta record is malformed");
	*gen = sv__get_u64(p + RING_GEN_OFFSET);
	return SV_OK;
}

/* Load the keyring of generation @gen (read from @t by the caller). */
static int keyring_load_gen(sv_vault *v, sv_txn *t, uint64_t gen)
{
	sv__keyring_free(v);
	v->ring_gen = gen;
	int rc = keyring_read(v, t);
	if (rc != SV_OK)
		sv__keyring_free(v);
	return rc;
}

int sv__keyring_load(sv_vault *v, sv_txn *t)
{
	uint64_t gen;
	int rc = ring_gen_read(&gen, t);
	if (rc != SV_OK) {
		sv__keyring_free(v);
		return rc;
	}
	return keyring_load_gen(v, t, gen);
}

/*
 * The keyring generation is read on every call; a read snapshot the cache
 * was already checked at cannot hold a newer one (nothing was committed
 * since, by anyone), so the lookup is skipped on the read path.
 */
int sv__keyring_refresh(sv_vault *v, sv_txn *t)
{
	uint64_t snap = sv__txn_snapshot(t), gen;
	if (snap && snap == v->ring_snap && v->keys)
		return SV_OK;
	int rc = ring_gen_read(&gen, t);
	if (rc == SV_OK && (gen != v->ring_gen || !v->keys))
		rc = keyring_load_gen(v, t, gen);
	if (rc == SV_OK)
		v->ring_snap = snap;
	return rc;
}

int sv__keyring_reload(sv_vault *v)
{
	v->ring_gen = 0; /* stale until read, even if the read fails */
	v->ring_snap = 0;
	sv_txn t;
	int rc = sv__txn_begin(&t, v->env, 0);
	if (rc != SV_OK)
		return rc;
	rc = sv__keyring_load(v, &t);
	sv__txn_abort(&t);
	return rc;
}

/* The key id part of an ARN "arn:aws:kms:R:A:key/ID" or "...:alias/N". */
static const char *strip_kms_arn(const char *s)
{
	if (strncmp(s, "arn:", 4) != 0)
		return s;
	const char *r = strstr(s, ":key/");
	if (r)
		return r + 5;
	r = strstr(s, ":alias/");
	return r ? r + 1 : s;
}

sv_kek *sv__key_find(sv_vault *v, const char *name)
{
	name = strip_kms_arn(name);
	for (size_t i = 0; i < v->nkeys; i++) {
		sv_kek *k = &v->keys[i];
		if (strcmp(k->id, name) == 0)
			return k;
		for (size_t a = 0; a < k->naliases; a++)
			if (strcmp(k->aliases[a], name) == 0)
				return k;
	}
	return NULL;
}

int sv__key_for_write(sv_kek **key_out, sv_kek_version **ver_out, sv_vault *v,
		      const char *kms_key_id)
{
	const char *name =
		kms_key_id && kms_key_id[0] ? kms_key_id : SV_DEFAULT_KEY_ALIAS;
	sv_kek *k = sv__key_find(v, name);
	if (!k)
		return sv__error_set(
			SV_ENOTFOUND,
			"Secrets Manager can't find the specified KMS key: %s",
			name);
	*key_out = k;
	*ver_out = &k->versions[k->nversions - 1];
	if (k->external && !v->has_provider)
		return sv__error_set(SV_EENCRYPT,
				     "key %s is held by an external provider; "
				     "open the vault with that provider",
				     k->id);
	return SV_OK;
}

int sv__key_wrap_for(sv_dek_wrap *w, sv_vault *v, const char *key_ref,
		     uint32_t version)
{
	memset(w, 0, sizeof *w);
	for (size_t i = 0; i < v->nkeys; i++) {
		sv_kek *k = &v->keys[i];
		if (strcmp(k->id, key_ref) != 0)
			continue;
		if (k->external) {
			w->mode = SV_WRAP_EXTERNAL;
			w->provider = v->has_provider ? &v->provider : NULL;
			w->provider_ref = k->provider_ref;
			return SV_OK;
		}
		for (size_t j = 0; j < k->nversions; j++) {
			if (k->versions[j].version == version) {
				w->mode = SV_WRAP_LOCAL;
				w->kek = k->versions[j].key;
				return SV_OK;
			}
		}
	}
	return sv__error_set(SV_EINTEGRITY,
			     "a secret version names key %s version %u, which "
			     "the keyring does not hold",
			     key_ref, version);
}

static int check_alias(sv_vault *v, const char *alias)
{
	size_t n = strlen(alias);
	if (n < 7 || n >= SV_KEY_ALIAS_BUFSIZE ||
	    strncmp(alias, "alias/", 6) != 0)
		return sv__error_set(SV_EINVALID,
				     "a key alias must look like alias/NAME "
				     "(at most 256 characters)");
	for (size_t i = 6; i < n; i++) {
		char c = alias[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("/_-", c)))
			return sv__error_set(SV_EINVALID,
					     "a key alias may hold only "
					     "letters, digits and / _ -");
	}
	if (sv__key_find(v, alias))
		return sv__error_set(SV_EEXISTS,
				     "the alias %s is already in use", alias);
	return SV_OK;
}

static int bump_ring_gen(sv_txn *t, sv_vault *v)
{
	v->ring_gen++;
	return sv__meta_write(t, v);
}

int sv__key_create_in(sv_txn *t, sv_vault *v, const char *alias,
		      const char *description, int external, char *id_out)
{
	int rc = sv__keyring_refresh(v, t);
	if (rc == SV_OK && v->nkeys >= KEYS_MAX)
		rc = sv__error_set(SV_ELIMIT,
				   "the keyring holds too many keys");
	if (rc == SV_OK && alias)
		rc = check_alias(v, alias);
	if (rc == SV_OK && external &&
	    (!v->has_provider || !v->provider.wrap_dek ||
	     !v->provider.unwrap_dek))
		rc = sv__error_set(SV_EINVALID,
				   "an external key needs a provider with "
				   "wrap_dek and unwrap_dek");
	if (rc != SV_OK)
		return rc;
	sv_kek k = { 0 };
	sv_kek_version kv = { 1, 1, NULL, sv__vault_now(v) };
	char *aliases[1] = { (char *)alias };
	sv__uuid4(k.id);
	k.aliases = aliases;
	k.naliases = alias ? 1 : 0;
	k.description = (char *)description;
	k.external = external;
	k.provider_ref = external ? (char *)v->provider.key_ref : NULL;
	k.primary = 1;
	k.created = kv.created;
	rc = kek_put_meta(t, v, &k);
	if (rc == SV_OK && !external) {
		uint8_t kek[32];
		kv.key = kek;
		crypto_aead_xchacha20poly1305_ietf_keygen(kek);
		rc = kek_put_version(t, v, k.id, &kv);
		sodium_memzero(kek, sizeof kek);
	}
	if (rc == SV_OK)
		rc = bump_ring_gen(t, v);
	if (rc == SV_OK && id_out)
		memcpy(id_out, k.id, SV_KEY_ID_BUFSIZE);
	return rc;
}

/* ---- Public keyring calls --------------------------------------------- */

typedef struct key_create_ctx {
	sv_vault *v;
	const char *alias, *description;
	int external;
	char *id_out;
} key_create_ctx;

static int key_create_txn(sv_txn *t, void *arg)
{
	key_create_ctx *c = arg;
	return sv__key_create_in(t, c->v, c->alias, c->description, c->external,
				 c->id_out);
}

/* Any failed write leaves the cache behind the file: read it again. */
/* A committed change is reported as done even if the reload fails: the
 * cache is marked stale, and the next call reads the keyring again. */
static int reload_after(sv_vault *v, int rc)
{
	char saved[SV_ERRMSG_MAX];
	sv__error_copy(saved);
	(void)sv__keyring_reload(v);
	if (rc == SV_OK) {
		sv__error_clear();
		return SV_OK;
	}
	return sv__error_set(rc, "%s", saved);
}

int sv_key_create(char id_out[SV_KEY_ID_BUFSIZE], sv_vault *v,
		  const char *alias, const char *description, uint32_t flags)
{
	int rc = sv__vault_enter(v);
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	if (flags & ~SV_KEY_EXTERNAL)
		return sv__vault_leave(
			v, sv__error_set(SV_EINVALID, "unknown key flags 0x%x",
					 flags));
	if (description && strlen(description) > 8192)
		return sv__vault_leave(
			v, sv__error_set(
				   SV_EINVALID,
				   "a key description is at most 8192 bytes"));
	char id[SV_KEY_ID_BUFSIZE];
	key_create_ctx c = { v, alias, description,
			     (flags & SV_KEY_EXTERNAL) != 0, id };
	rc = sv__store_write(v->env, key_create_txn, &c);
	rc = reload_after(v, rc);
	if (rc == SV_OK && id_out)
		memcpy(id_out, id, SV_KEY_ID_BUFSIZE);
	return sv__vault_leave(v, rc);
}

typedef struct key_rotate_ctx {
	sv_vault *v;
	const char *key_id;
	uint32_t version;
} key_rotate_ctx;

static int key_rotate_txn(sv_txn *t, void *arg)
{
	key_rotate_ctx *c = arg;
	sv_vault *v = c->v;
	int rc = sv__keyring_refresh(v, t);
	if (rc != SV_OK)
		return rc;
	sv_kek *k = sv__key_find(v, c->key_id);
	if (!k)
		return sv__error_set(SV_ENOTFOUND, "no key %s in the keyring",
				     c->key_id);
	if (k->external)
		return sv__error_set(
			SV_ENOTSUPPORTED,
			"key %s is external: rotate it in its provider", k->id);
	if (k->primary >= KEY_VERSIONS_MAX)
		return sv__error_set(SV_ELIMIT, "key %s has too many versions",
				     k->id);
	/* The old primary stays, decrypt-only; the new version wraps. */
	sv_kek_version *old = &k->versions[k->nversions - 1];
	uint8_t state = old->state;
	old->state = 3;
	rc = kek_put_version(t, v, k->id, old);
	old->state = state;
	uint8_t kek[32];
	sv_kek_version kv = { k->primary + 1, 1, kek, sv__vault_now(v) };
	crypto_aead_xchacha20poly1305_ietf_keygen(kek);
	if (rc == SV_OK)
		rc = kek_put_version(t, v, k->id, &kv);
	sodium_memzero(kek, sizeof kek);
	uint32_t primary = k->primary;
	k->primary = kv.version;
	if (rc == SV_OK)
		rc = kek_put_meta(t, v, k);
	k->primary = primary;
	if (rc == SV_OK)
		rc = bump_ring_gen(t, v);
	c->version = kv.version;
	return rc;
}

int sv_key_rotate(uint32_t *version_out, sv_vault *v, const char *key_id)
{
	int rc = sv__vault_enter(v);
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	if (!key_id || !key_id[0])
		return sv__vault_leave(
			v, sv__error_set(SV_EINVALID, "no key id given"));
	key_rotate_ctx c = { v, key_id, 0 };
	rc = sv__store_write(v->env, key_rotate_txn, &c);
	rc = reload_after(v, rc);
	if (rc == SV_OK && version_out)
		*version_out = c.version;
	return sv__vault_leave(v, rc);
}

int sv_key_list(char id_out[SV_KEY_ID_BUFSIZE], uint32_t *primary_version_out,
		char *alias_out, size_t alias_cap, sv_vault *v, uint32_t index)
{
	int rc = sv__vault_enter(v);
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	sv_txn t;
	if ((rc = sv__txn_begin(&t, v->env, 0)) != SV_OK)
		return sv__vault_leave(v, rc);
	rc = sv__keyring_refresh(v, &t);
	sv__txn_abort(&t);
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	if (index >= v->nkeys)
		return sv__vault_leave(v, SV_ITEROVER);
	const sv_kek *k = &v->keys[index];
	const char *alias = k->naliases ? k->aliases[0] : "";
	if (alias_out && strlen(alias) >= alias_cap)
		return sv__vault_leave(
			v, sv__error_set(SV_EBUFS, "the alias needs %zu bytes",
					 strlen(alias) + 1));
	if (id_out)
		memcpy(id_out, k->id, SV_KEY_ID_BUFSIZE);
	if (primary_version_out)
		*primary_version_out = k->primary;
	if (alias_out)
		memcpy(alias_out, alias, strlen(alias) + 1);
	return sv__vault_leave(v, SV_OK);
}
