/* versions.c - the VersionId index (see versions.h). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/versions.h"

#define SVI1_FIXED (4 + 8 + 8 + 8 + 4 + 1 + 1)
#define MAC_BYTES 16
#define DAY_MS 86400000LL

static size_t vid_key(uint8_t k[SV_ID_BYTES + SV_VERSION_ID_BUFSIZE],
		      const uint8_t sid[SV_ID_BYTES], const char *vid)
{
	size_t n = strlen(vid);
	memcpy(k, sid, SV_ID_BYTES);
	memcpy(k + SV_ID_BYTES, vid, n);
	return SV_ID_BYTES + n;
}

static void entry_mac(uint8_t mac[MAC_BYTES], const sv_vault *v,
		      const uint8_t *key, size_t klen, const uint8_t *val,
		      size_t vlen)
{
	crypto_generichash_state st;
	uint8_t kl[2];
	sv__put_u16(kl, (uint16_t)klen);
	crypto_generichash_init(&st, v->k_state, 32, MAC_BYTES);
	crypto_generichash_update(&st, (const uint8_t *)"SV-VID-v1", 9);
	crypto_generichash_update(&st, kl, 2);
	crypto_generichash_update(&st, key, klen);
	crypto_generichash_update(&st, val, vlen);
	crypto_generichash_final(&st, mac, MAC_BYTES);
}

/* Decode and authenticate one entry. */
static int entry_open(sv_vinfo *out, const sv_vault *v, const uint8_t *key,
		      size_t klen, const uint8_t *p, size_t n)
{
	uint8_t mac[MAC_BYTES];
	size_t vidlen = klen - SV_ID_BYTES;
	if (klen <= SV_ID_BYTES || vidlen >= sizeof out->id ||
	    n < SVI1_FIXED + MAC_BYTES || memcmp(p, "SVI1", 4) != 0)
		return sv__error_set(SV_EINTEGRITY,
				     "a version index entry is malformed");
	size_t klen_id = p[SVI1_FIXED - 1];
	if (n != SVI1_FIXED + klen_id + MAC_BYTES ||
	    klen_id >= sizeof out->key_id)
		return sv__error_set(SV_EINTEGRITY,
				     "a version index entry is malformed");
	entry_mac(mac, v, key, klen, p, n - MAC_BYTES);
	if (sodium_memcmp(mac, p + n - MAC_BYTES, MAC_BYTES) != 0)
		return sv__error_set(
			SV_EINTEGRITY,
			"a version index entry failed authentication");
	memcpy(out->id, key + SV_ID_BYTES, vidlen);
	out->id[vidlen] = '\0';
	out->seq = sv__get_u64(p + 4);
	out->created = (int64_t)sv__get_u64(p + 12);
	out->accessed = (int64_t)sv__get_u64(p + 20);
	out->kek_version = sv__get_u32(p + 28);
	out->has_value = p[32];
	memcpy(out->key_id, p + SVI1_FIXED, klen_id);
	out->key_id[klen_id] = '\0';
	return SV_OK;
}

int sv__vinfo_get(sv_vinfo *out, sv_vault *v, sv_txn *t,
		  const uint8_t sid[SV_ID_BYTES], const char *vid)
{
	uint8_t k[SV_ID_BYTES + SV_VERSION_ID_BUFSIZE];
	const uint8_t *p;
	size_t n;
	if (strlen(vid) >= SV_VERSION_ID_BUFSIZE)
		return SV_ENOTFOUND;
	size_t klen = vid_key(k, sid, vid);
	int rc = sv__db_get(t, SV_DB_VERSIONS, k, klen, &p, &n);
	return rc == SV_OK ? entry_open(out, v, k, klen, p, n) : rc;
}

int sv__vinfo_put(sv_txn *t, sv_vault *v, const uint8_t sid[SV_ID_BYTES],
		  const sv_vinfo *vi)
{
	uint8_t k[SV_ID_BYTES + SV_VERSION_ID_BUFSIZE];
	uint8_t val[SVI1_FIXED + SV_KEY_ID_BUFSIZE + MAC_BYTES];
	size_t klen = vid_key(k, sid, vi->id), kid = strlen(vi->key_id);
	memcpy(val, "SVI1", 4);
	sv__put_u64(val + 4, vi->seq);
	sv__put_u64(val + 12, (uint64_t)vi->created);
	sv__put_u64(val + 20, (uint64_t)vi->accessed);
	sv__put_u32(val + 28, vi->kek_version);
	val[32] = (uint8_t)(vi->has_value != 0);
	val[33] = (uint8_t)kid;
	memcpy(val + SVI1_FIXED, vi->key_id, kid);
	entry_mac(val + SVI1_FIXED + kid, v, k, klen, val, SVI1_FIXED + kid);
	return sv__db_put(t, SV_DB_VERSIONS, k, klen, val,
			  SVI1_FIXED + kid + MAC_BYTES);
}

int sv__vinfo_all(sv_vinfo **out, size_t *n, sv_vault *v, sv_txn *t,
		  const uint8_t sid[SV_ID_BYTES])
{
	sv_cursor c = { 0 };
	const uint8_t *k, *val;
	size_t klen, vlen, cap = 0;
	*out = NULL;
	*n = 0;
	int rc = sv__cursor_open(&c, t, SV_DB_VERSIONS);
	if (rc != SV_OK)
		return rc;
	int s = sv__cursor_seek(&c, sid, SV_ID_BYTES, &k, &klen, &val, &vlen);
	for (; s == SV_OK; s = sv__cursor_next(&c, &k, &klen, &val, &vlen)) {
		if (klen < SV_ID_BYTES || memcmp(k, sid, SV_ID_BYTES) != 0)
			break;
		if (klen < SV_ID_BYTES + SV_VERSION_ID_MIN)
			continue; /* a version record (id || seq), not an entry
				   */
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			sv_vinfo *grown =
				sv__realloc(*out, cap * sizeof *grown);
			if (!grown) {
				rc = sv__error_set(SV_ENOMEM, "out of memory");
				break;
			}
			*out = grown;
		}
		if ((rc = entry_open(&(*out)[*n], v, k, klen, val, vlen)) !=
		    SV_OK)
			break;
		(*n)++;
	}
	if (rc == SV_OK && s != SV_OK && s != SV_ITEROVER)
		rc = s;
	sv__cursor_close(&c);
	if (rc != SV_OK) {
		sv__free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int sv__version_drop(sv_txn *t, const uint8_t sid[SV_ID_BYTES],
		     const sv_vinfo *vi)
{
	uint8_t k[SV_ID_BYTES + SV_VERSION_ID_BUFSIZE], rk[24];
	size_t klen = vid_key(k, sid, vi->id);
	memcpy(rk, sid, SV_ID_BYTES);
	sv__put_u64(rk + SV_ID_BYTES, vi->seq);
	int rc = sv__db_del(t, SV_DB_VERSIONS, rk, sizeof rk);
	if (rc == SV_OK || rc == SV_ENOTFOUND)
		rc = sv__db_del(t, SV_DB_VERSIONS, k, klen);
	return rc == SV_ENOTFOUND ? SV_OK : rc;
}

static int by_seq(const void *a, const void *b)
{
	const sv_vinfo *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int by_seq_desc(const void *a, const void *b)
{
	return by_seq(b, a);
}

int sv__vinfo_sorted(sv_vinfo **out, size_t *n, sv_vault *v, sv_txn *t,
		     const uint8_t sid[SV_ID_BYTES], int newest_first)
{
	int rc = sv__vinfo_all(out, n, v, t, sid);
	if (rc == SV_OK && *n > 1)
		qsort(*out, *n, sizeof **out,
		      newest_first ? by_seq_desc : by_seq);
	return rc;
}

int sv__versions_prune(sv_txn *t, sv_vault *v, sv_meta *m, int64_t now,
		       size_t keep)
{
	if (m->nversions_total <= keep)
		return SV_OK;
	sv_vinfo *all;
	size_t n;
	int rc = sv__vinfo_sorted(&all, &n, v, t, m->secret_id, 0);
	if (rc != SV_OK)
		return rc;
	for (size_t i = 0; rc == SV_OK && i < n && m->nversions_total > keep;
	     i++) {
		if (sv__meta_version(m, all[i].id) ||
		    all[i].created >= now - DAY_MS)
			continue; /* labelled, or younger than a day */
		if ((rc = sv__version_drop(t, m->secret_id, &all[i])) == SV_OK)
			m->nversions_total--;
	}
	sv__free(all);
	return rc;
}
