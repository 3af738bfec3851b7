/* meta.c - secret metadata: JSON codec, sealing, lookup by SecretId. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "api/meta.h"
#include "api/versions.h"

#define SVS1_HDR 48
#define META_JSON_MAX (1u << 20)

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sv__free(v[i]);
	sv__free(v);
}

void sv__meta_clear(sv_meta *m)
{
	sv__free(m->name);
	sv__free(m->arn);
	sv__free(m->description);
	sv__free(m->kms_key_id);
	free_strv(m->tag_keys, m->ntags);
	free_strv(m->tag_values, m->ntags);
	for (size_t i = 0; i < m->nversions; i++)
		free_strv(m->versions[i].stages, m->versions[i].nstages);
	sv__free(m->versions);
	memset(m, 0, sizeof *m);
}

int sv__name_check(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("/_+=.@-", c)))
			return sv__error_set(SV_EVALIDATION,
					     "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
	}
	if (n < 1 || n > SV_NAME_MAX)
		return sv__error_set(SV_EVALIDATION,
				     "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length %s",
				     n < 1 ? "greater than or equal to 1"
					   : "less than or equal to 512");
	return SV_OK;
}

size_t sv__name_key(uint8_t out[511], const char *name)
{
	size_t n = strlen(name);
	if (n <= 511) {
		memcpy(out, name, n);
		return n;
	}
	/* LMDB keys hold 511 bytes: keep a 479-byte prefix (so the ordering
	 * by name is kept for all but the longest shared prefixes), then a
	 * NUL no name can contain, then a hash of the whole name. */
	memcpy(out, name, 479);
	out[479] = 0;
	crypto_generichash(out + 480, 31, (const uint8_t *)name, n, NULL, 0);
	return 511;
}

/* ---- JSON ------------------------------------------------------------- */

static int64_t num(const cJSON *o, const char *k)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(x) ? (int64_t)x->valuedouble : 0;
}

static int dupstr(char **dst, const cJSON *o, const char *k)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
	*dst = NULL;
	if (!x)
		return SV_OK;
	if (!cJSON_IsString(x))
		return SV_EINTEGRITY;
	*dst = sv__strdup(x->valuestring);
	return *dst ? SV_OK : SV_ENOMEM;
}

static int strv_from(char ***out, size_t *n, const cJSON *arr)
{
	int count = cJSON_GetArraySize(arr);
	*out = sv__calloc((size_t)count + 1, sizeof **out);
	*n = 0;
	if (!*out)
		return SV_ENOMEM;
	for (int i = 0; i < count; i++) {
		const cJSON *x = cJSON_GetArrayItem(arr, i);
		if (!cJSON_IsString(x))
			return SV_EINTEGRITY;
		if (!((*out)[i] = sv__strdup(x->valuestring)))
			return SV_ENOMEM;
		(*n)++;
	}
	return SV_OK;
}

static int version_from(sv_mversion *mv, const cJSON *o)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "Id");
	const cJSON *stages = cJSON_GetObjectItemCaseSensitive(o, "Stages");
	if (!cJSON_IsString(id) || strlen(id->valuestring) >= sizeof mv->id ||
	    !cJSON_IsArray(stages))
		return SV_EINTEGRITY;
	snprintf(mv->id, sizeof mv->id, "%s", id->valuestring);
	mv->seq = (uint64_t)num(o, "Seq");
	mv->has_value = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "Value"));
	return strv_from(&mv->stages, &mv->nstages, stages);
}

static int meta_from_json(sv_meta *m, const cJSON *o)
{
	int rc;
	if ((rc = dupstr(&m->name, o, "Name")) || (rc = dupstr(&m->arn, o, "ARN")) ||
	    (rc = dupstr(&m->description, o, "Description")) ||
	    (rc = dupstr(&m->kms_key_id, o, "KmsKeyId")))
		return rc;
	if (!m->name || !m->arn)
		return SV_EINTEGRITY;
	m->created = num(o, "Created");
	m->changed = num(o, "Changed");
	m->accessed = num(o, "Accessed");
	m->deleted = num(o, "Deleted");
	m->deletion_date = num(o, "DeletionDate");
	m->next_seq = (uint64_t)num(o, "NextSeq");
	m->nversions_total = (uint64_t)num(o, "Count");
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "Tags");
	if (tags) {
		int n = cJSON_GetArraySize(tags);
		m->tags_present = 1;
		m->tag_keys = sv__calloc((size_t)n + 1, sizeof(char *));
		m->tag_values = sv__calloc((size_t)n + 1, sizeof(char *));
		if (!m->tag_keys || !m->tag_values)
			return SV_ENOMEM;
		for (int i = 0; i < n; i++) {
			const cJSON *kv = cJSON_GetArrayItem(tags, i);
			const cJSON *k = cJSON_GetArrayItem(kv, 0);
			const cJSON *val = cJSON_GetArrayItem(kv, 1);
			if (!cJSON_IsString(k) || !cJSON_IsString(val))
				return SV_EINTEGRITY;
			m->tag_keys[i] = sv__strdup(k->valuestring);
			m->tag_values[i] = sv__strdup(val->valuestring);
			m->ntags++;
			if (!m->tag_keys[i] || !m->tag_values[i])
				return SV_ENOMEM;
		}
	}
	const cJSON *vers = cJSON_GetObjectItemCaseSensitive(o, "Versions");
	int n = cJSON_GetArraySize(vers);
	m->versions = sv__calloc((size_t)n + 1, sizeof *m->versions);
	if (!m->versions)
		return SV_ENOMEM;
	for (int i = 0; i < n; i++) {
		m->nversions++;
		if ((rc = version_from(&m->versions[i], cJSON_GetArrayItem(vers, i))))
			return rc;
	}
	return SV_OK;
}

static cJSON *strv_json(char **v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < n; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(v[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

static int add_opt_num(cJSON *o, const char *k, int64_t v)
{
	return !v || cJSON_AddNumberToObject(o, k, (double)v);
}

static cJSON *meta_to_json(const sv_meta *m)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o && cJSON_AddStringToObject(o, "Name", m->name) &&
		 cJSON_AddStringToObject(o, "ARN", m->arn) &&
		 (!m->description || cJSON_AddStringToObject(o, "Description", m->description)) &&
		 (!m->kms_key_id || cJSON_AddStringToObject(o, "KmsKeyId", m->kms_key_id)) &&
		 cJSON_AddNumberToObject(o, "Created", (double)m->created) &&
		 cJSON_AddNumberToObject(o, "Changed", (double)m->changed) &&
		 add_opt_num(o, "Accessed", m->accessed) &&
		 add_opt_num(o, "Deleted", m->deleted) &&
		 add_opt_num(o, "DeletionDate", m->deletion_date) &&
		 cJSON_AddNumberToObject(o, "NextSeq", (double)m->next_seq) &&
		 cJSON_AddNumberToObject(o, "Count", (double)m->nversions_total);
	if (ok && m->tags_present) {
		cJSON *tags = cJSON_AddArrayToObject(o, "Tags");
		for (size_t i = 0; ok && i < m->ntags; i++) {
			cJSON *kv = cJSON_CreateArray();
			ok = kv && cJSON_AddItemToArray(tags, kv) &&
			     cJSON_AddItemToArray(kv, cJSON_CreateString(m->tag_keys[i])) &&
			     cJSON_AddItemToArray(kv, cJSON_CreateString(m->tag_values[i]));
		}
		ok = ok && tags;
	}
	cJSON *vers = ok ? cJSON_AddArrayToObject(o, "Versions") : NULL;
	ok = ok && vers;
	for (size_t i = 0; ok && i < m->nversions; i++) {
		const sv_mversion *mv = &m->versions[i];
		cJSON *x = cJSON_CreateObject();
		cJSON *st = strv_json(mv->stages, mv->nstages);
		ok = x && st && cJSON_AddItemToArray(vers, x) &&
		     cJSON_AddStringToObject(x, "Id", mv->id) &&
		     cJSON_AddNumberToObject(x, "Seq", (double)mv->seq) &&
		     cJSON_AddItemToObject(x, "Stages", st) &&
		     (mv->has_value || cJSON_AddFalseToObject(x, "Value"));
		if (!ok && st && (!x || !cJSON_GetObjectItemCaseSensitive(x, "Stages")))
			cJSON_Delete(st);
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- Sealing ---------------------------------------------------------- */

static void svs1_header(uint8_t h[SVS1_HDR], const sv_vault *v,
			const uint8_t secret_id[SV_ID_BYTES], uint64_t revision)
{
	memcpy(h, "SVS1", 4);
	h[4] = SV_AEAD_XCHACHA;
	h[5] = h[6] = h[7] = 0;
	memcpy(h + 8, v->store_id, SV_ID_BYTES);
	memcpy(h + 24, secret_id, SV_ID_BYTES);
	sv__put_u64(h + 40, revision);
}

/* Open the SVS1 record @p stored under the LMDB key @key. */
int sv__meta_open(sv_meta *m, sv_vault *v, const uint8_t *key, size_t klen,
		  const uint8_t *p, size_t n)
{
	uint8_t h[SVS1_HDR];
	memset(m, 0, sizeof *m);
	if (n < SVS1_HDR)
		return sv__error_set(SV_EINTEGRITY, "the metadata of a secret is malformed");
	svs1_header(h, v, p + 24, sv__get_u64(p + 40));
	if (sodium_memcmp(h, p, SVS1_HDR) != 0)
		return sv__error_set(SV_EINTEGRITY,
				     "the metadata of a secret is not where it belongs");
	uint8_t *js;
	size_t jlen;
	int orc = sv__blob_open(&js, &jlen, p, n, SVS1_HDR, key, klen, v->k_meta);
	if (orc == SV_ENOMEM)
		return orc;
	if (orc != SV_OK)
		return sv__error_set(SV_EINTEGRITY,
				     "the metadata of a secret failed authentication");
	memcpy(m->secret_id, p + 24, SV_ID_BYTES);
	m->revision = sv__get_u64(p + 40);
	cJSON *o = cJSON_ParseWithLength((const char *)js, jlen);
	sv__free_secret(js, jlen);
	int rc = o ? meta_from_json(m, o) : SV_EINTEGRITY;
	cJSON_Delete(o);
	if (rc == SV_OK) {
		/* The name inside must be the one the record is stored under. */
		uint8_t k2[511];
		size_t k2len = sv__name_key(k2, m->name);
		if (k2len != klen || memcmp(k2, key, klen) != 0)
			rc = SV_EINTEGRITY;
	}
	if (rc != SV_OK) {
		sv__meta_clear(m);
		return sv__error_set(rc, rc == SV_ENOMEM ? "out of memory"
							 : "the metadata of a secret is malformed");
	}
	return SV_OK;
}

int sv__meta_load(sv_meta *m, sv_vault *v, sv_txn *t, const char *name)
{
	uint8_t key[511];
	size_t klen = sv__name_key(key, name);
	const uint8_t *p;
	size_t n;
	memset(m, 0, sizeof *m);
	int rc = sv__db_get(t, SV_DB_SECRETS, key, klen, &p, &n);
	if (rc != SV_OK)
		return rc;
	return sv__meta_open(m, v, key, klen, p, n);
}

int sv__meta_store(sv_txn *t, sv_vault *v, sv_meta *m)
{
	cJSON *o = meta_to_json(m);
	char *js = o ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!js)
		return sv__error_set(SV_ENOMEM, "out of memory");
	uint8_t key[511], h[SVS1_HDR];
	size_t klen = sv__name_key(key, m->name);
	sv_buf b = { 0 };
	m->revision++;
	svs1_header(h, v, m->secret_id, m->revision);
	int rc = sv__blob_seal(&b, h, sizeof h, key, klen, v->k_meta, js, strlen(js));
	if (rc == SV_OK)
		rc = sv__db_put(t, SV_DB_SECRETS, key, klen, b.p, b.len);
	sv__buf_free(&b);
	cJSON_free(js);
	return rc;
}

int sv__meta_delete(sv_txn *t, sv_vault *v, const sv_meta *m)
{
	uint8_t key[511];
	size_t klen = sv__name_key(key, m->name);
	int rc = sv__db_del(t, SV_DB_SECRETS, key, klen);
	sv_vinfo *all = NULL;
	size_t n = 0;
	if (rc == SV_OK)
		rc = sv__vinfo_all(&all, &n, v, t, m->secret_id);
	for (size_t i = 0; rc == SV_OK && i < n; i++)
		rc = sv__version_drop(t, m->secret_id, &all[i]);
	sv__free(all);
	return rc;
}

/* ---- Resolving a SecretId --------------------------------------------- */

#define NOT_FOUND "Secrets Manager can't find the specified secret."

static int is_suffix(const char *s)
{
	size_t n = strlen(s);
	if (n < 7 || s[n - 7] != '-')
		return 0;
	for (size_t i = n - 6; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

int sv__meta_resolve(sv_meta *m, sv_vault *v, sv_txn *t, const char *id)
{
	memset(m, 0, sizeof *m);
	size_t n = strlen(id);
	if (n < 1 || n > 2048)
		return sv__error_set(SV_EVALIDATION,
				     "1 validation error detected: Value at 'secretId' failed to satisfy constraint: Member must have length %s",
				     n < 1 ? "greater than or equal to 1"
					   : "less than or equal to 2048");
	if (strncmp(id, "arn:", 4) != 0) {
		int rc = sv__name_check(id);
		if (rc != SV_OK)
			return rc;
		rc = sv__meta_load(m, v, t, id);
		return rc == SV_ENOTFOUND ? sv__error_set(SV_ENOTFOUND, NOT_FOUND) : rc;
	}
	/* arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME[-XXXXXX] */
	char prefix[160];
	snprintf(prefix, sizeof prefix, ":secretsmanager:%s:%s:secret:", v->region,
		 v->account);
	const char *p = strchr(id + 4, ':');
	if (!p || strncmp(p, prefix, strlen(prefix)) != 0)
		return sv__error_set(SV_ENOTFOUND, NOT_FOUND);
	const char *rest = p + strlen(prefix);
	char name[SV_NAME_MAX + 8];
	if (strlen(rest) >= sizeof name || !rest[0])
		return sv__error_set(SV_ENOTFOUND, NOT_FOUND);
	snprintf(name, sizeof name, "%s", rest);
	int full = is_suffix(name);
	if (full)
		name[strlen(name) - 7] = '\0';
	if (!name[0] || sv__name_check(name) != SV_OK)
		return sv__error_set(SV_ENOTFOUND, NOT_FOUND);
	int rc = sv__meta_load(m, v, t, name);
	if (rc == SV_ENOTFOUND)
		return sv__error_set(SV_ENOTFOUND, NOT_FOUND);
	if (rc == SV_OK && full && strcmp(m->arn + (strchr(m->arn + 4, ':') - m->arn),
					  p) != 0) {
		sv__meta_clear(m);
		return sv__error_set(SV_ENOTFOUND, NOT_FOUND);
	}
	return rc;
}

/* ---- Versions and labels ---------------------------------------------- */

sv_mversion *sv__meta_version(sv_meta *m, const char *version_id)
{
	for (size_t i = 0; i < m->nversions; i++)
		if (strcmp(m->versions[i].id, version_id) == 0)
			return &m->versions[i];
	return NULL;
}

int sv__mversion_has(const sv_mversion *mv, const char *stage)
{
	for (size_t i = 0; i < mv->nstages; i++)
		if (strcmp(mv->stages[i], stage) == 0)
			return 1;
	return 0;
}

sv_mversion *sv__meta_stage_holder(sv_meta *m, const char *stage)
{
	for (size_t i = 0; i < m->nversions; i++)
		if (sv__mversion_has(&m->versions[i], stage))
			return &m->versions[i];
	return NULL;
}

int sv__mversion_add_stage(sv_mversion *mv, const char *stage)
{
	if (sv__mversion_has(mv, stage))
		return SV_OK;
	char **s = sv__realloc(mv->stages, (mv->nstages + 2) * sizeof *s);
	if (!s)
		return sv__error_set(SV_ENOMEM, "out of memory");
	mv->stages = s;
	if (!(s[mv->nstages] = sv__strdup(stage)))
		return sv__error_set(SV_ENOMEM, "out of memory");
	mv->nstages++;
	return SV_OK;
}

void sv__mversion_remove_stage(sv_mversion *mv, const char *stage)
{
	for (size_t i = 0; i < mv->nstages; i++) {
		if (strcmp(mv->stages[i], stage) == 0) {
			sv__free(mv->stages[i]);
			memmove(&mv->stages[i], &mv->stages[i + 1],
				(mv->nstages - i - 1) * sizeof *mv->stages);
			mv->nstages--;
			return;
		}
	}
}

size_t sv__meta_stage_total(const sv_meta *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nversions; i++)
		n += m->versions[i].nstages;
	return n;
}

sv_mversion *sv__meta_add_version(sv_meta *m)
{
	sv_mversion *v = sv__realloc(m->versions, (m->nversions + 1) * sizeof *v);
	if (!v) {
		sv__error_set(SV_ENOMEM, "out of memory");
		return NULL;
	}
	m->versions = v;
	memset(&v[m->nversions], 0, sizeof *v);
	return &v[m->nversions++];
}

int sv__meta_copy(sv_meta *dst, const sv_meta *src)
{
	/* Through JSON: the one codec that must be right anyway. */
	cJSON *o = meta_to_json(src);
	memset(dst, 0, sizeof *dst);
	if (!o)
		return sv__error_set(SV_ENOMEM, "out of memory");
	int rc = meta_from_json(dst, o);
	cJSON_Delete(o);
	if (rc != SV_OK) {
		sv__meta_clear(dst);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	memcpy(dst->secret_id, src->secret_id, SV_ID_BYTES);
	dst->revision = src->revision;
	return SV_OK;
}
