/*
 * floor.c - the raw floor of GetSecretValue, written with LMDB and
 * libsodium directly.
 *
 * Each record has the layout of the library's SVV1 secret-version record
 * (lib/envelope/record.c, security-reference.md §4.5.2):
 *
 *   "SVV1" alg flags wrap_mode 0 | store_id[16] | secret_id[16] | seq u64 |
 *   created_ms u64 | u8 V VersionId | u8 K key_ref | kek_version u32 |
 *   u16 W wrapped_dek (nonce[24] || XChaCha20-Poly1305(KEK, DEK, AAD = EC)) |
 *   value_nonce[24] | u32 C |
 *   ciphertext (C = sodium_pad(value, 64) + 16, AAD = every byte before it) |
 *   key_commit[32] = BLAKE2b-256(key = DEK, "SVC1" || value_nonce || tag)
 *
 * with a 36-character VersionId and key id, and the DEK wrapped under the
 * canonical encryption context of §4.5.1 (SecretARN, SecretVersionId,
 * sv:kek, sv:kekver, sv:purpose=dek, sv:seq, sv:store), which floor_get
 * rebuilds from the record's header for every read, as the library does.
 *
 * floor_get does, per call, exactly the work one GetSecretValue cannot
 * avoid: one read transaction with one mdb_get, header parsing with exact
 * lengths, the encryption context, the DEK unwrap, the key commitment,
 * the value decrypt, unpadding, and an owned result that is wiped and
 * freed.  What it does not do is what the library adds on top: metadata
 * (name -> secret id, labels), the version index, the keyring checks,
 * copies and the result object.  Per-vault constants (the KEK, the store
 * id in hex) are computed once at open, as any implementation would.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lmdb.h>
#include <sodium.h>

#include "bench.h"

#define ID_BYTES 16
#define NONCE_BYTES 24
#define TAG_BYTES 16
#define WRAP_BYTES (NONCE_BYTES + 32 + TAG_BYTES) /* 72 */
#define UUID_CHARS 36
#define EC_MAX 2048

struct floor_db {
	int owner; /* 0 for a clone: a reader of another handle's env */
	MDB_env *env;
	MDB_dbi dbi;
	MDB_txn *rtxn; /* one read txn per handle: renew / reset per get */
	uint8_t kek[32];
	uint8_t store_id[ID_BYTES];
	char store_hex[2 * ID_BYTES + 1];
	char key_ref[UUID_CHARS + 1];
	uint8_t *sample; /* a record, for floor_commit_one */
	size_t sample_len;
};

static char err[256];
static volatile uint8_t sink;

const char *floor_error(void)
{
	return err;
}

static int fail(const char *what, int rc)
{
	snprintf(err, sizeof err, "%s: %s", what,
		 rc ? mdb_strerror(rc) : "failed");
	return -1;
}

static void put_u16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (56 - 8 * i));
}

static uint32_t get_u16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* Decimal text of @v into @out (no NUL); returns its length. */
static size_t utoa(char *out, uint64_t v)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static void make_uuid(char out[UUID_CHARS + 1])
{
	uint8_t b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	static const char hx[] = "0123456789abcdef";
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hx[b[i] >> 4];
		out[o++] = hx[b[i] & 15];
	}
	out[o] = '\0';
}

/* The ARN's 6-character suffix, derived from the secret id (the library
 * draws it at creation and keeps it in the metadata). */
static void arn_suffix(char out[6], const uint8_t *secret_id)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
				"uvwxyz0123456789";
	for (int i = 0; i < 6; i++)
		out[i] = a[secret_id[i] % 62];
}

static size_t ec_pair(uint8_t *p, const char *k, size_t kl, const char *v,
		      size_t vl)
{
	put_u16(p, (uint32_t)kl);
	memcpy(p + 2, k, kl);
	put_u16(p + 2 + kl, (uint32_t)vl);
	memcpy(p + 4 + kl, v, vl);
	return 4 + kl + vl;
}

#define PAIR(p, k, v, vl) ec_pair(p, k, sizeof k - 1, v, vl)

/*
 * The canonical DEK encryption context, "SV-EC-v1" || u16 count ||
 * { u16 klen key u16 vlen value } in key order (the keys are constants,
 * already sorted).  Returns its length, or 0 if it would not fit.
 */
static size_t build_ec(uint8_t *ec, const floor_db *f, const char *name,
		       size_t nlen, const uint8_t *secret_id, const char *vid,
		       size_t vlen, const char *kref, size_t klen,
		       uint32_t kekver, uint64_t seq)
{
	char arn[sizeof ARN_PREFIX + NAME_CAP + 8];
	char num1[24], num2[24];
	size_t plen = sizeof ARN_PREFIX - 1;
	if (nlen > NAME_CAP)
		return 0;
	memcpy(arn, ARN_PREFIX, plen);
	memcpy(arn + plen, name, nlen);
	arn[plen + nlen] = '-';
	arn_suffix(arn + plen + nlen + 1, secret_id);
	size_t alen = plen + nlen + 7;
	size_t n1 = utoa(num1, kekver), n2 = utoa(num2, seq);
	uint8_t *p = ec;
	memcpy(p, "SV-EC-v1", 8);
	put_u16(p + 8, 7);
	p += 10;
	p += PAIR(p, "SecretARN", arn, alen);
	p += PAIR(p, "SecretVersionId", vid, vlen);
	p += PAIR(p, "sv:kek", kref, klen);
	p += PAIR(p, "sv:kekver", num1, n1);
	p += PAIR(p, "sv:purpose", "dek", 3);
	p += PAIR(p, "sv:seq", num2, n2);
	p += PAIR(p, "sv:store", f->store_hex, 2 * ID_BYTES);
	return (size_t)(p - ec);
}

static void key_commit(uint8_t out[32], const uint8_t dek[32],
		       const uint8_t *nonce, const uint8_t *tag)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, dek, 32, 32);
	crypto_generichash_update(&st, (const uint8_t *)"SVC1", 4);
	crypto_generichash_update(&st, nonce, NONCE_BYTES);
	crypto_generichash_update(&st, tag, TAG_BYTES);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof st);
}

/* Seal one record of the SVV1 shape into @out (cap bytes); its length. */
static size_t seal_record(uint8_t *out, size_t cap, const floor_db *f,
			  const char *name, const char *value, size_t vlen)
{
	uint8_t secret_id[ID_BYTES], dek[32], ec[EC_MAX];
	char vid[UUID_CHARS + 1];
	uint64_t seq = 1;
	randombytes_buf(secret_id, sizeof secret_id);
	make_uuid(vid);
	size_t klen = strlen(f->key_ref), nlen = strlen(name);
	size_t eclen = build_ec(ec, f, name, nlen, secret_id, vid, UUID_CHARS,
				f->key_ref, klen, 1, seq);
	size_t padded_cap = vlen + PAD_BUCKET, plen = vlen;
	size_t hdr = 92 + UUID_CHARS + klen + WRAP_BYTES;
	if (!eclen || hdr + padded_cap + TAG_BYTES + 32 > cap)
		return 0;
	uint8_t *p = out;
	memcpy(p, "SVV1", 4);
	p[4] = 1;    /* XChaCha20-Poly1305-IETF */
	p[5] = 0x02; /* SecretString, padded */
	p[6] = 1;    /* local wrap */
	p[7] = 0;
	memcpy(p + 8, f->store_id, ID_BYTES);
	memcpy(p + 24, secret_id, ID_BYTES);
	put_u64(p + 40, seq);
	put_u64(p + 48, (uint64_t)time(NULL) * 1000u);
	p += 56;
	*p++ = UUID_CHARS;
	memcpy(p, vid, UUID_CHARS);
	p += UUID_CHARS;
	*p++ = (uint8_t)klen;
	memcpy(p, f->key_ref, klen);
	p += klen;
	put_u32(p, 1);
	put_u16(p + 4, WRAP_BYTES);
	p += 6;
	crypto_aead_xchacha20poly1305_ietf_keygen(dek);
	randombytes_buf(p, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		p + NONCE_BYTES, NULL, dek, 32, ec, eclen, NULL, p, f->kek);
	p += WRAP_BYTES;
	uint8_t *nonce = p;
	randombytes_buf(nonce, NONCE_BYTES);
	p += NONCE_BYTES;
	uint8_t *pt = malloc(padded_cap);
	if (!pt)
		return 0;
	memcpy(pt, value, vlen);
	sodium_pad(&plen, pt, vlen, PAD_BUCKET, padded_cap);
	put_u32(p, (uint32_t)(plen + TAG_BYTES));
	p += 4;
	size_t aad_len = (size_t)(p - out);
	crypto_aead_xchacha20poly1305_ietf_encrypt(p, NULL, pt, plen, out,
						   aad_len, NULL, nonce, dek);
	key_commit(p + plen + TAG_BYTES, dek, nonce, p + plen);
	p += plen + TAG_BYTES + 32;
	sodium_memzero(pt, padded_cap);
	free(pt);
	sodium_memzero(dek, sizeof dek);
	return (size_t)(p - out);
}

static int env_open(floor_db *f, const char *dir, size_t map)
{
	int rc = mdb_env_create(&f->env);
	if (rc)
		return fail("mdb_env_create", rc);
	mdb_env_set_maxdbs(f->env, 2);
	mdb_env_set_mapsize(f->env, map);
	/* The library's flags: MDB_NOTLS, full sync. */
	if ((rc = mdb_env_open(f->env, dir, MDB_NOTLS, 0600)) != 0)
		return fail("mdb_env_open", rc);
	mdb_env_set_mapsize(f->env, 0);
	MDB_txn *t;
	if ((rc = mdb_txn_begin(f->env, NULL, 0, &t)) != 0)
		return fail("mdb_txn_begin", rc);
	if ((rc = mdb_dbi_open(t, "versions", MDB_CREATE, &f->dbi)) != 0) {
		mdb_txn_abort(t);
		return fail("mdb_dbi_open", rc);
	}
	if ((rc = mdb_txn_commit(t)) != 0)
		return fail("mdb_txn_commit", rc);
	if ((rc = mdb_txn_begin(f->env, NULL, MDB_RDONLY, &f->rtxn)) != 0)
		return fail("mdb_txn_begin (read)", rc);
	mdb_txn_reset(f->rtxn);
	return 0;
}

static int finish_open(floor_db *f)
{
	sodium_bin2hex(f->store_hex, sizeof f->store_hex, f->store_id,
		       ID_BYTES);
	char v[VALUE_BYTES];
	make_value(v, 0);
	f->sample = malloc(8192);
	if (!f->sample)
		return fail("out of memory", 0);
	f->sample_len =
		seal_record(f->sample, 8192, f, "bench/put", v, sizeof v);
	return f->sample_len ? 0 : fail("seal", 0);
}

int floor_build(floor_db **out, const char *dir, uint32_t n)
{
	*out = NULL;
	if (sodium_init() < 0)
		return fail("sodium_init", 0);
	floor_db *f = calloc(1, sizeof *f);
	if (!f)
		return fail("out of memory", 0);
	if (mkdir(dir, 0700) != 0) {
		free(f);
		return fail("mkdir", 0);
	}
	f->owner = 1;
	crypto_aead_xchacha20poly1305_ietf_keygen(f->kek);
	randombytes_buf(f->store_id, ID_BYTES);
	make_uuid(f->key_ref);
	uint8_t params[32 + ID_BYTES + UUID_CHARS];
	memcpy(params, f->kek, 32);
	memcpy(params + 32, f->store_id, ID_BYTES);
	memcpy(params + 32 + ID_BYTES, f->key_ref, UUID_CHARS);
	char path[4096];
	snprintf(path, sizeof path, "%s/params", dir);
	if (write_file(path, params, sizeof params, 0600) != 0) {
		free(f);
		return fail("writing the floor's parameters", 0);
	}
	size_t map = (size_t)n * 4096 + (64u << 20);
	if (env_open(f, dir, map) != 0 || finish_open(f) != 0) {
		floor_close(f);
		return -1;
	}
	uint8_t *rec = malloc(8192);
	char value[VALUE_BYTES], name[NAME_CAP];
	int rc = 0;
	for (uint32_t i = 0; rec && i < n && rc == 0;) {
		MDB_txn *t;
		if ((rc = mdb_txn_begin(f->env, NULL, 0, &t)) != 0)
			break;
		for (uint32_t end = i + 10000 < n ? i + 10000 : n; i < end;
		     i++) {
			make_name(name, i, n);
			make_value(value, i);
			size_t len = seal_record(rec, 8192, f, name, value,
						 sizeof value);
			/* Names come in order: MDB_APPEND fills every page
			 * (a plain put of 1.4 KB records in order leaves one
			 * per page), so the floor is as compact as LMDB
			 * allows. */
			MDB_val k = { strlen(name), name }, v = { len, rec };
			if (!len ||
			    (rc = mdb_put(t, f->dbi, &k, &v, MDB_APPEND)) != 0)
				break;
		}
		if (rc) {
			mdb_txn_abort(t);
			break;
		}
		rc = mdb_txn_commit(t);
	}
	free(rec);
	if (!rec || rc) {
		fail("writing the floor records", rc);
		floor_close(f);
		return -1;
	}
	*out = f;
	return 0;
}

int floor_open(floor_db **out, const char *dir)
{
	*out = NULL;
	if (sodium_init() < 0)
		return fail("sodium_init", 0);
	floor_db *f = calloc(1, sizeof *f);
	if (!f)
		return fail("out of memory", 0);
	char path[4096];
	uint8_t params[32 + ID_BYTES + UUID_CHARS];
	snprintf(path, sizeof path, "%s/params", dir);
	FILE *fp = fopen(path, "rb");
	size_t got = fp ? fread(params, 1, sizeof params, fp) : 0;
	if (fp)
		fclose(fp);
	if (got != sizeof params) {
		free(f);
		return fail("reading the floor's parameters", 0);
	}
	f->owner = 1;
	memcpy(f->kek, params, 32);
	memcpy(f->store_id, params + 32, ID_BYTES);
	memcpy(f->key_ref, params + 32 + ID_BYTES, UUID_CHARS);
	f->key_ref[UUID_CHARS] = '\0';
	sodium_memzero(params, sizeof params);
	if (env_open(f, dir, 64u << 20) != 0 || finish_open(f) != 0) {
		floor_close(f);
		return -1;
	}
	*out = f;
	return 0;
}

floor_db *floor_clone(floor_db *f)
{
	floor_db *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	*c = *f;
	c->owner = 0;
	c->sample = NULL;
	c->rtxn = NULL;
	int rc = mdb_txn_begin(f->env, NULL, MDB_RDONLY, &c->rtxn);
	if (rc) {
		fail("mdb_txn_begin (read)", rc);
		free(c);
		return NULL;
	}
	mdb_txn_reset(c->rtxn);
	return c;
}

void floor_close(floor_db *f)
{
	if (!f)
		return;
	if (f->rtxn)
		mdb_txn_abort(f->rtxn);
	if (f->env && f->owner)
		mdb_env_close(f->env);
	free(f->sample);
	sodium_memzero(f->kek, sizeof f->kek);
	free(f);
}

size_t floor_record_size(const floor_db *f)
{
	return f->sample_len;
}

long floor_get(floor_db *f, const char *name)
{
	size_t nlen = strlen(name);
	MDB_val k = { nlen, (void *)name }, v;
	if (mdb_txn_renew(f->rtxn) != 0)
		return -1;
	if (mdb_get(f->rtxn, f->dbi, &k, &v) != 0) {
		mdb_txn_reset(f->rtxn);
		return -1;
	}
	/* Parse the header with exact lengths. */
	const uint8_t *rec = v.mv_data;
	size_t len = v.mv_size;
	long result = -1;
	if (len < 92 + 32 + 1 + WRAP_BYTES + TAG_BYTES + 32 ||
	    memcmp(rec, "SVV1", 4) != 0 || rec[4] != 1 || (rec[5] & ~3u) ||
	    rec[6] != 1 || rec[7] != 0 ||
	    sodium_memcmp(rec + 8, f->store_id, ID_BYTES) != 0)
		goto out;
	const uint8_t *secret_id = rec + 24;
	uint64_t seq = get_u64(rec + 40);
	size_t vlen = rec[56];
	if (vlen < 32 || vlen > 64 || 58 + vlen > len)
		goto out;
	const char *vid = (const char *)rec + 57;
	size_t klen = rec[57 + vlen];
	if (klen < 1 || 92 + vlen + klen + WRAP_BYTES > len)
		goto out;
	const char *kref = (const char *)rec + 58 + vlen;
	uint32_t kekver = get_u32(rec + 58 + vlen + klen);
	if (get_u16(rec + 62 + vlen + klen) != WRAP_BYTES)
		goto out;
	const uint8_t *wrapped = rec + 64 + vlen + klen;
	const uint8_t *nonce = wrapped + WRAP_BYTES;
	size_t clen = get_u32(nonce + NONCE_BYTES);
	size_t aad_len = 92 + vlen + klen + WRAP_BYTES;
	if (clen < TAG_BYTES || aad_len + clen + 32 != len)
		goto out;
	const uint8_t *ct = rec + aad_len, *commit = ct + clen;
	/* The key the record names must be ours (the keyring lookup). */
	if (klen != strlen(f->key_ref) || memcmp(kref, f->key_ref, klen) != 0 ||
	    kekver != 1)
		goto out;

	/* Unwrap the DEK under the encryption context. */
	uint8_t ec[EC_MAX], dek[32], expect[32];
	size_t eclen = build_ec(ec, f, name, nlen, secret_id, vid, vlen, kref,
				klen, kekver, seq);
	if (!eclen ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(
		    dek, NULL, NULL, wrapped + NONCE_BYTES,
		    WRAP_BYTES - NONCE_BYTES, ec, eclen, wrapped, f->kek) != 0)
		goto out;
	/* Key commitment, then the value. */
	key_commit(expect, dek, nonce, ct + clen - TAG_BYTES);
	if (sodium_memcmp(expect, commit, 32) == 0) {
		size_t cap = clen - TAG_BYTES, plain = cap;
		uint8_t *pt = malloc(cap + 1);
		if (pt &&
		    crypto_aead_xchacha20poly1305_ietf_decrypt(
			    pt, NULL, NULL, ct, clen, rec, aad_len, nonce,
			    dek) == 0 &&
		    sodium_unpad(&plain, pt, cap, PAD_BUCKET) == 0) {
			pt[plain] = '\0';
			sink ^= pt[plain / 2]; /* the caller reads its value */
			result = (long)plain;
		}
		if (pt) {
			sodium_memzero(pt, cap + 1);
			free(pt);
		}
	}
	sodium_memzero(dek, sizeof dek);
out:
	mdb_txn_reset(f->rtxn);
	return result;
}

int floor_commit_one(floor_db *f, uint64_t seq)
{
	char key[32];
	snprintf(key, sizeof key, "put/%016llx", (unsigned long long)seq);
	MDB_txn *t;
	int rc = mdb_txn_begin(f->env, NULL, 0, &t);
	if (rc)
		return fail("mdb_txn_begin", rc);
	MDB_val k = { strlen(key), key }, v = { f->sample_len, f->sample };
	if ((rc = mdb_put(t, f->dbi, &k, &v, 0)) != 0) {
		mdb_txn_abort(t);
		return fail("mdb_put", rc);
	}
	if ((rc = mdb_txn_commit(t)) != 0)
		return fail("mdb_txn_commit", rc);
	return 0;
}
