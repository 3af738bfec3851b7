/* meta.c - secret metadata: binary codec, sealing, lookup by SecretId. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api/meta.h"
#include "api/objects.h"
#include "api/versions.h"

#define SVS1_HDR 48

void sv__meta_clear(sv_meta *m)
{
	sv__free(m->name);
	sv__free(m->arn);
	sv__free(m->description);
	sv__free(m->kms_key_id);
	sv__strv_free(m->tag_keys, m->ntags);
	sv__strv_free(m->tag_values, m->ntags);
	for (size_t i = 0; i < m->nversions; i++)
		sv__strv_free(m->versions[i].stages, m->versions[i].nstages);
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
			return sv__error_set(
				SV_EVALIDATION,
				"Invalid name. Must be a valid name containing "
				"alphanumeric characters, or any of the "
				"following: -/_+=.@!");
	}
	if (n < 1 || n > SV_NAME_MAX)
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value at 'name' failed "
			"to satisfy constraint: Member must have length %s",
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

/* ---- The plaintext codec -----------------------------------------------
 *
 * The sealed payload is a compact binary record (it is parsed on every
 * read, so no JSON here), all integers big-endian:
 *
 *   u8 format (2) | str name | str arn | ostr description | ostr kms_key_id |
 *   i64 created, changed, accessed, deleted, deletion_date |
 *   u64 next_seq | u64 count | u8 tags_present | u16 ntags {str k, str v}* |
 *   u16 nversions { u8 len id | u64 seq | u8 has_value | i64 created |
 *                   i64 accessed | u8 nstages { str stage }* }*
 *
 * str = u16 length + bytes; ostr = u8 present + str when present.
 *
 * An ARN the vault made ("arn:aws:secretsmanager:" region ":" account
 * ":secret:" name "-" suffix) is stored as its suffix alone: the rest is
 * the vault's and the name's.  That takes about a fifth off the record,
 * which is read on every call.  An arn field that starts with "arn:" is a
 * whole ARN (a suffix is 6 letters and digits); the vault makes none
 * today, but one of another shape would be kept whole, not cut.
 * (Format 1, of development builds before 0.1.0, stored the whole ARN.)
 */

#define META_FORMAT 2

/* The part of every ARN of @name that the vault supplies; its length, or
 * 0 if it does not fit (only a name longer than SV_NAME_MAX could). */
static size_t arn_head(char out[SV_ARN_HEAD_MAX], const sv_vault *v,
		       const char *name)
{
	static const char service[] = "arn:aws:secretsmanager:";
	const char *parts[] = { service,    v->region, ":", v->account,
				":secret:", name,      "-" };
	size_t n = 0;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		size_t len = strlen(parts[i]);
		if (len >= SV_ARN_HEAD_MAX - n) {
			out[0] = '\0';
			return 0;
		}
		memcpy(out + n, parts[i], len);
		n += len;
	}
	out[n] = '\0';
	return n;
}

char *sv__arn_new(const sv_vault *v, const char *name, const char *suffix)
{
	char head[SV_ARN_HEAD_MAX];
	size_t n = arn_head(head, v, name), s = strlen(suffix);
	char *arn = n ? sv__malloc(n + s + 1) : NULL;
	if (arn) {
		memcpy(arn, head, n);
		memcpy(arn + n, suffix, s + 1);
	}
	return arn;
}

/* What is stored of @m's ARN: the suffix when the vault made it. */
static const char *arn_stored(const sv_vault *v, const sv_meta *m)
{
	if (strlen(m->name) > SV_NAME_MAX) /* as get_arn() decides */
		return m->arn;
	char head[SV_ARN_HEAD_MAX];
	size_t n = arn_head(head, v, m->name);
	return n && strncmp(m->arn, head, n) == 0 && m->arn[n] &&
			       strncmp(m->arn + n, "arn:", 4) != 0
		       ? m->arn + n
		       : m->arn;
}

static void put_str(sv_buf *b, const char *s)
{
	size_t n = strlen(s);
	sv__buf_u16(b, (uint16_t)n);
	sv__buf_append(b, s, n);
}

static void put_ostr(sv_buf *b, const char *s)
{
	sv__buf_u8(b, s != NULL);
	if (s)
		put_str(b, s);
}

static int meta_encode(sv_buf *b, const sv_vault *v, const sv_meta *m)
{
	sv__buf_u8(b, META_FORMAT);
	put_str(b, m->name);
	put_str(b, arn_stored(v, m));
	put_ostr(b, m->description);
	put_ostr(b, m->kms_key_id);
	const int64_t dates[] = { m->created, m->changed, m->accessed,
				  m->deleted, m->deletion_date };
	for (size_t i = 0; i < 5; i++)
		sv__buf_u64(b, (uint64_t)dates[i]);
	sv__buf_u64(b, m->next_seq);
	sv__buf_u64(b, m->nversions_total);
	sv__buf_u8(b, (uint8_t)(m->tags_present != 0));
	sv__buf_u16(b, (uint16_t)m->ntags);
	for (size_t i = 0; i < m->ntags; i++) {
		put_str(b, m->tag_keys[i]);
		put_str(b, m->tag_values[i]);
	}
	sv__buf_u16(b, (uint16_t)m->nversions);
	for (size_t i = 0; i < m->nversions; i++) {
		const sv_mversion *mv = &m->versions[i];
		sv__buf_u8(b, (uint8_t)strlen(mv->id));
		sv__buf_str(b, mv->id);
		sv__buf_u64(b, mv->seq);
		sv__buf_u8(b, (uint8_t)(mv->has_value != 0));
		sv__buf_u64(b, (uint64_t)mv->created);
		sv__buf_u64(b, (uint64_t)mv->accessed);
		sv__buf_u8(b, (uint8_t)mv->nstages);
		for (size_t j = 0; j < mv->nstages; j++)
			put_str(b, mv->stages[j]);
	}
	return sv__buf_ok(b);
}

/* A string of the record; NULL (and r->bad) when it does not fit. */
static char *get_str(sv_rd *r, int *oom)
{
	uint16_t n = sv__rd_u16(r);
	const uint8_t *p = sv__rd_take(r, n);
	if (!p || memchr(p, 0, n))
		return r->bad = 1, NULL;
	char *s = sv__strndup((const char *)p, n);
	if (!s)
		*oom = 1;
	return s;
}

static char *get_ostr(sv_rd *r, int *oom)
{
	return sv__rd_u8(r) ? get_str(r, oom) : NULL;
}

static void get_version(sv_rd *r, sv_mversion *mv, int *oom)
{
	uint8_t n = sv__rd_u8(r);
	const uint8_t *id = sv__rd_take(r, n);
	if (!id || n >= sizeof mv->id) {
		r->bad = 1;
		return;
	}
	memcpy(mv->id, id, n);
	mv->seq = sv__rd_u64(r);
	mv->has_value = sv__rd_u8(r);
	mv->created = (int64_t)sv__rd_u64(r);
	mv->accessed = (int64_t)sv__rd_u64(r);
	uint8_t ns = sv__rd_u8(r);
	mv->stages = sv__calloc((size_t)ns + 1, sizeof *mv->stages);
	if (!mv->stages) {
		*oom = 1;
		return;
	}
	for (uint8_t j = 0; j < ns && !r->bad && !*oom; j++)
		if ((mv->stages[j] = get_str(r, oom)) != NULL)
			mv->nstages++;
}

/* An ARN stored as its suffix, made whole again. */
static char *get_arn(sv_rd *r, const sv_vault *v, const char *name, int *oom)
{
	char *s = get_str(r, oom);
	if (!s || strncmp(s, "arn:", 4) == 0)
		return s;
	if (!name || strlen(name) > SV_NAME_MAX) {
		sv__free(s);
		r->bad = 1;
		return NULL;
	}
	char *arn = sv__arn_new(v, name, s);
	sv__free(s);
	if (!arn)
		*oom = 1;
	return arn;
}

static int meta_decode(sv_meta *m, const sv_vault *v, const uint8_t *p,
		       size_t n)
{
	sv_rd r = { p, n, 0, 0 };
	int oom = 0;
	if (sv__rd_u8(&r) != META_FORMAT)
		return SV_EINTEGRITY;
	m->name = get_str(&r, &oom);
	m->arn = get_arn(&r, v, m->name, &oom);
	m->description = get_ostr(&r, &oom);
	m->kms_key_id = get_ostr(&r, &oom);
	int64_t *dates[] = { &m->created, &m->changed, &m->accessed,
			     &m->deleted, &m->deletion_date };
	for (size_t i = 0; i < 5; i++)
		*dates[i] = (int64_t)sv__rd_u64(&r);
	m->next_seq = sv__rd_u64(&r);
	m->nversions_total = sv__rd_u64(&r);
	m->tags_present = sv__rd_u8(&r);
	size_t ntags = sv__rd_u16(&r);
	if (ntags && !r.bad) { /* none: both stay NULL */
		m->tag_keys = sv__calloc(ntags + 1, sizeof(char *));
		m->tag_values = sv__calloc(ntags + 1, sizeof(char *));
		if (!m->tag_keys || !m->tag_values)
			oom = 1;
	}
	for (size_t i = 0; i < ntags && !r.bad && !oom; i++) {
		m->tag_keys[i] = get_str(&r, &oom);
		m->tag_values[i] = get_str(&r, &oom);
		m->ntags++;
	}
	size_t nv = sv__rd_u16(&r);
	m->versions =
		r.bad || oom ? NULL : sv__calloc(nv + 1, sizeof *m->versions);
	if (!r.bad && !oom && !m->versions)
		oom = 1;
	for (size_t i = 0; i < nv && !r.bad && !oom; i++) {
		m->nversions++;
		get_version(&r, &m->versions[i], &oom);
	}
	if (oom)
		return SV_ENOMEM;
	return sv__rd_done(&r) && m->name && m->arn ? SV_OK : SV_EINTEGRITY;
}

int sv__meta_decode_for_tests(sv_meta *m, const sv_vault *v, const uint8_t *p,
			      size_t n)
{
	memset(m, 0, sizeof *m);
	int rc = meta_decode(m, v, p, n);
	if (rc != SV_OK)
		sv__meta_clear(m);
	return rc;
}

int sv__meta_encode_for_tests(sv_buf *b, const sv_vault *v, const sv_meta *m)
{
	return meta_encode(b, v, m);
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
		return sv__error_set(SV_EINTEGRITY,
				     "the metadata of a secret is malformed");
	svs1_header(h, v, p + 24, sv__get_u64(p + 40));
	if (memcmp(h, p, SVS1_HDR) != 0) /* ids and a counter: no secret */
		return sv__error_set(
			SV_EINTEGRITY,
			"the metadata of a secret is not where it belongs");
	uint8_t *plain;
	size_t plen;
	int orc = sv__blob_open(&plain, &plen, p, n, SVS1_HDR, key, klen,
				v->k_meta);
	if (orc == SV_ENOMEM)
		return orc;
	if (orc != SV_OK)
		return sv__error_set(
			SV_EINTEGRITY,
			"the metadata of a secret failed authentication");
	memcpy(m->secret_id, p + 24, SV_ID_BYTES);
	m->revision = sv__get_u64(p + 40);
	int rc = meta_decode(m, v, plain, plen);
	sv__free_secret(plain, plen);
	if (rc == SV_OK) {
		/* The name inside must be the one the record is stored under.
		 */
		uint8_t k2[511];
		size_t k2len = sv__name_key(k2, m->name);
		if (k2len != klen || memcmp(k2, key, klen) != 0)
			rc = SV_EINTEGRITY;
	}
	if (rc != SV_OK) {
		sv__meta_clear(m);
		return sv__error_set(
			rc, rc == SV_ENOMEM
				    ? "out of memory"
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
	sv_buf plain = { 0 }, b = { 0 };
	if (meta_encode(&plain, v, m) != SV_OK) {
		sv__buf_free(&plain);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	uint8_t key[511], h[SVS1_HDR];
	size_t klen = sv__name_key(key, m->name);
	m->revision++;
	svs1_header(h, v, m->secret_id, m->revision);
	int rc = sv__blob_seal(&b, h, sizeof h, key, klen, v->k_meta, plain.p,
			       plain.len);
	if (rc == SV_OK)
		rc = sv__db_put(t, SV_DB_SECRETS, key, klen, b.p, b.len);
	sv__buf_free(&b);
	sv__buf_free(&plain);
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

int sv__meta_expired(const sv_meta *m, int64_t now)
{
	return m->deleted && m->deletion_date && m->deletion_date <= now;
}

int sv__meta_check_expired(const sv_meta *m, int64_t now)
{
	return sv__meta_expired(m, now) ? sv__error_set(SV_ENOTFOUND, NOT_FOUND)
					: SV_OK;
}

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
				     "1 validation error detected: Value at "
				     "'secretId' failed to satisfy constraint: "
				     "Member must have length %s",
				     n < 1 ? "greater than or equal to 1"
					   : "less than or equal to 2048");
	if (strncmp(id, "arn:", 4) != 0) {
		int rc = sv__name_check(id);
		if (rc != SV_OK)
			return rc;
		rc = sv__meta_load(m, v, t, id);
		return rc == SV_ENOTFOUND
			       ? sv__error_set(SV_ENOTFOUND, NOT_FOUND)
			       : rc;
	}
	/* arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME[-XXXXXX] */
	char prefix[160];
	snprintf(prefix, sizeof prefix,
		 ":secretsmanager:%s:%s:secret:", v->region, v->account);
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
	if (rc == SV_OK && full &&
	    strcmp(m->arn + (strchr(m->arn + 4, ':') - m->arn), p) != 0) {
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
	sv_mversion *v =
		sv__realloc(m->versions, (m->nversions + 1) * sizeof *v);
	if (!v) {
		sv__error_set(SV_ENOMEM, "out of memory");
		return NULL;
	}
	m->versions = v;
	memset(&v[m->nversions], 0, sizeof *v);
	return &v[m->nversions++];
}
