/*
 * record.c - SVV1, the sealed record of one secret version
 * (security-reference §4.5.2):
 *
 *   "SVV1" alg flags wrap_mode 0 | store_id | secret_id | seq u64 |
 *   created_ms u64 | u8 V VersionId | u8 K key_ref | kek_version u32 |
 *   u16 W wrapped_dek | value_nonce[24] | u32 C |
 *   ciphertext (C, AAD = every byte before it) | key_commit[32]
 *
 * The data key is wrapped under an encryption context that names the
 * secret's ARN, the VersionId, the key and the record's place, so a wrapped
 * key cannot be moved to another record.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "envelope/envelope.h"
#include "util/error.h"
#include "util/mem.h"

unsigned long sv__value_decrypts;

/*
 * Data keys live for one call in a locked scratch buffer of the calling
 * thread: allocating guarded memory per call costs about ten system calls
 * (mmap, mprotect, mlock, ...), which would dominate a read.  The buffer
 * is zeroed after every use and freed when the thread exits.
 */
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static _Thread_local uint8_t *scratch;

static void scratch_free(void *p)
{
	sodium_free(p);
}

static void scratch_init(void)
{
	(void)pthread_key_create(&scratch_key, scratch_free);
}

static uint8_t *dek_acquire(void)
{
	if (!scratch) {
		pthread_once(&scratch_once, scratch_init);
		scratch = sodium_malloc(32);
		if (scratch)
			(void)pthread_setspecific(scratch_key, scratch);
	}
	return scratch;
}

static void dek_release(uint8_t *dek)
{
	sodium_memzero(dek, 32);
}

#define BAD_RECORD "secret version record is malformed"

/* One pair of the context at @w: u16 length + key, u16 length + value. */
static uint8_t *ec_pair(uint8_t *w, const char *k, size_t kn, const char *v,
			size_t vn)
{
	sv__put_u16(w, (uint16_t)kn);
	memcpy(w + 2, k, kn);
	w += 2 + kn;
	sv__put_u16(w, (uint16_t)vn);
	memcpy(w + 2, v, vn);
	return w + 2 + vn;
}

static void decimal(char out[24], uint64_t v)
{
	char tmp[24];
	size_t n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Room for the context of any ARN the vault makes (about 1.1 KB at most);
 * a longer one moves to the heap. */
#define EC_SPACE 1280

/* The data key's encryption context: the bytes sv__ec_build() makes of
 * these seven pairs, written in their sorted order directly, lengths
 * first (this runs on every read). */
static int dek_context(sv_buf *ec, const uint8_t *store_id, uint64_t seq,
		       const char *version_id, const char *key_ref,
		       uint32_t kek_version, const char *arn)
{
	char store_hex[33], seq_s[24], ver_s[24];
	sv__hex(store_hex, store_id, SV_ID_BYTES);
	decimal(seq_s, seq);
	decimal(ver_s, kek_version);
#define KEY(s) s, sizeof s - 1
	const struct {
		const char *k;
		size_t kn;
		const char *v;
	} pairs[7] = { { KEY("SecretARN"), arn },
		       { KEY("SecretVersionId"), version_id },
		       { KEY("sv:kek"), key_ref },
		       { KEY("sv:kekver"), ver_s },
		       { KEY("sv:purpose"), "dek" },
		       { KEY("sv:seq"), seq_s },
		       { KEY("sv:store"), store_hex } };
#undef KEY
	size_t vn[7], total = 10;
	for (size_t i = 0; i < 7; i++)
		total += 4 + pairs[i].kn + (vn[i] = strlen(pairs[i].v));
	uint8_t *w = sv__buf_reserve(ec, total);
	if (!w) {
		sv__buf_free(ec);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	memcpy(w, "SV-EC-v1", 8);
	sv__put_u16(w + 8, 7);
	w += 10;
	for (size_t i = 0; i < 7; i++)
		w = ec_pair(w, pairs[i].k, pairs[i].kn, pairs[i].v, vn[i]);
	return SV_OK;
}

size_t sv__dek_context_for_tests(uint8_t *out, size_t cap,
				 const uint8_t *store_id, uint64_t seq,
				 const char *version_id, const char *key_ref,
				 uint32_t kek_version, const char *arn)
{
	sv_buf ec = { 0 };
	size_t n = 0;
	if (dek_context(&ec, store_id, seq, version_id, key_ref, kek_version,
			arn) == SV_OK &&
	    ec.len <= cap) {
		memcpy(out, ec.p, ec.len);
		n = ec.len;
	}
	sv__buf_free(&ec);
	return n;
}

/* Wrap @dek; the result goes into @out (at most SV_PROVIDER_WRAPPED_MAX). */
static int wrap_dek(uint8_t *out, size_t *out_len, const sv_dek_wrap *w,
		    const sv_buf *ec, const uint8_t dek[32])
{
	if (w->mode == SV_WRAP_LOCAL) {
		sv__random(out, SV_NONCE_BYTES);
		crypto_aead_xchacha20poly1305_ietf_encrypt(
			out + SV_NONCE_BYTES, NULL, dek, 32, ec->p, ec->len,
			NULL, out, w->kek);
		*out_len = SV_LOCAL_WRAP_BYTES;
		return SV_OK;
	}
	const sv_provider *p = w->provider;
	if (!p || !p->wrap_dek)
		return sv__error_set(SV_EENCRYPT,
				     "the key's external provider is not "
				     "available on this handle");
	size_t n = 0;
	if (p->wrap_dek(p->payload, w->provider_ref, ec->p, ec->len, dek, out,
			SV_PROVIDER_WRAPPED_MAX, &n) != 0 ||
	    n == 0 || n > SV_PROVIDER_WRAPPED_MAX)
		return sv__error_set(
			SV_EKEYPROVIDER,
			"key provider %s failed to wrap a data key",
			p->name ? p->name : "(unnamed)");
	*out_len = n;
	return SV_OK;
}

static int unwrap_dek(uint8_t dek[32], const sv_dek_wrap *w, const sv_buf *ec,
		      const uint8_t *wrapped, size_t wlen)
{
	if (w->mode == SV_WRAP_LOCAL) {
		if (wlen != SV_LOCAL_WRAP_BYTES ||
		    crypto_aead_xchacha20poly1305_ietf_decrypt(
			    dek, NULL, NULL, wrapped + SV_NONCE_BYTES,
			    wlen - SV_NONCE_BYTES, ec->p, ec->len, wrapped,
			    w->kek) != 0)
			return sv__error_set(SV_EINTEGRITY,
					     "the data key of a secret version "
					     "failed authentication");
		return SV_OK;
	}
	const sv_provider *p = w->provider;
	if (!p || !p->unwrap_dek)
		return sv__error_set(SV_EDECRYPT,
				     "the key's external provider is not "
				     "available on this handle");
	if (p->unwrap_dek(p->payload, w->provider_ref, ec->p, ec->len, wrapped,
			  wlen, dek) != 0)
		return sv__error_set(
			SV_EKEYPROVIDER,
			"key provider %s failed to unwrap a data key",
			p->name ? p->name : "(unnamed)");
	return SV_OK;
}

static void key_commit(uint8_t out[32], const uint8_t dek[32],
		       const uint8_t *nonce, const uint8_t *tag)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, dek, 32, 32);
	crypto_generichash_update(&st, (const uint8_t *)"SVC1", 4);
	crypto_generichash_update(&st, nonce, SV_NONCE_BYTES);
	crypto_generichash_update(&st, tag, SV_TAG_BYTES);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof st);
}

/* Everything up to and including the wrapped key. */
static void put_header(sv_buf *out, const sv_vrec_in *in, uint8_t flags,
		       uint8_t mode, const uint8_t *wrapped, size_t wlen)
{
	sv__buf_str(out, "SVV1");
	sv__buf_u8(out, SV_AEAD_XCHACHA);
	sv__buf_u8(out, flags);
	sv__buf_u8(out, mode);
	sv__buf_u8(out, 0);
	sv__buf_append(out, in->store_id, SV_ID_BYTES);
	sv__buf_append(out, in->secret_id, SV_ID_BYTES);
	sv__buf_u64(out, in->seq);
	sv__buf_u64(out, (uint64_t)in->created_ms);
	sv__buf_u8(out, (uint8_t)strlen(in->version_id));
	sv__buf_str(out, in->version_id);
	sv__buf_u8(out, (uint8_t)strlen(in->key_ref));
	sv__buf_str(out, in->key_ref);
	sv__buf_u32(out, in->kek_version);
	sv__buf_u16(out, (uint16_t)wlen);
	sv__buf_append(out, wrapped, wlen);
}

static int seal_value(sv_buf *out, const uint8_t dek[32], const void *value,
		      size_t vlen, uint32_t bucket)
{
	size_t padded_cap = vlen + (bucket ? bucket : 1);
	uint8_t *pt = sv__malloc(padded_cap);
	if (!pt)
		return sv__error_set(SV_ENOMEM, "out of memory");
	memcpy(pt, value, vlen);
	size_t plen = vlen;
	if (bucket)
		sodium_pad(&plen, pt, vlen, bucket, padded_cap);
	uint8_t nonce[SV_NONCE_BYTES];
	sv__random(nonce, sizeof nonce);
	sv__buf_append(out, nonce, sizeof nonce);
	sv__buf_u32(out, (uint32_t)(plen + SV_TAG_BYTES));
	size_t aad_len = out->len, at = out->len;
	/* Reserve the ciphertext and the commitment, then fill them. */
	sv__buf_reserve(out, plen + SV_TAG_BYTES + 32);
	int rc = sv__buf_ok(out);
	if (rc == SV_OK) {
		crypto_aead_xchacha20poly1305_ietf_encrypt(
			out->p + at, NULL, pt, plen, out->p, aad_len, NULL,
			nonce, dek);
		key_commit(out->p + at + plen + SV_TAG_BYTES, dek, nonce,
			   out->p + at + plen);
	} else {
		sv__error_set(rc, "out of memory");
	}
	sv__free_secret(pt, padded_cap);
	return rc;
}

int sv__vrec_seal(sv_buf *out, const sv_vrec_in *in, const sv_dek_wrap *w,
		  const void *value, size_t vlen)
{
	size_t vid_len = strlen(in->version_id), ref_len = strlen(in->key_ref);
	if (vid_len < SV_VERSION_ID_MIN || vid_len > SV_VERSION_ID_MAX ||
	    ref_len == 0 || ref_len > 255 || vlen > SV_VALUE_MAX ||
	    (in->pad_bucket && (in->pad_bucket & (in->pad_bucket - 1))))
		return sv__error_set(SV_ERROR,
				     "bad arguments to seal a version");
	uint8_t ec_space[EC_SPACE];
	sv_buf ec;
	sv__buf_use(&ec, ec_space, sizeof ec_space);
	int rc = dek_context(&ec, in->store_id, in->seq, in->version_id,
			     in->key_ref, in->kek_version, in->arn);
	if (rc != SV_OK)
		return rc;
	uint8_t *dek = dek_acquire();
	uint8_t wrapped[SV_PROVIDER_WRAPPED_MAX];
	size_t wlen = 0;
	if (!dek) {
		sv__buf_free(&ec);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	sv__random(dek, 32); /* fresh per version */
	rc = wrap_dek(wrapped, &wlen, w, &ec, dek);
	if (rc == SV_OK) {
		uint8_t flags =
			(uint8_t)((in->binary ? SV_VFLAG_BINARY : 0) |
				  (in->pad_bucket ? SV_VFLAG_PADDED : 0));
		put_header(out, in, flags, w->mode, wrapped, wlen);
		rc = seal_value(out, dek, value, vlen, in->pad_bucket);
	}
	dek_release(dek);
	sv__buf_free(&ec);
	return rc;
}

int sv__vrec_parse(sv_vrec *h, const uint8_t *rec, size_t len)
{
	sv_rd r = { rec, len, 0, 0 };
	memset(h, 0, sizeof *h);
	const uint8_t *magic = sv__rd_take(&r, 4);
	uint8_t alg = sv__rd_u8(&r);
	h->flags = sv__rd_u8(&r);
	h->wrap_mode = sv__rd_u8(&r);
	uint8_t reserved = sv__rd_u8(&r);
	const uint8_t *store = sv__rd_take(&r, SV_ID_BYTES);
	const uint8_t *secret = sv__rd_take(&r, SV_ID_BYTES);
	h->seq = sv__rd_u64(&r);
	h->created_ms = (int64_t)sv__rd_u64(&r);
	uint8_t vlen = sv__rd_u8(&r);
	const uint8_t *vid = sv__rd_take(&r, vlen);
	uint8_t klen = sv__rd_u8(&r);
	const uint8_t *kref = sv__rd_take(&r, klen);
	h->kek_version = sv__rd_u32(&r);
	h->wrapped_len = sv__rd_u16(&r);
	h->wrapped_dek = sv__rd_take(&r, h->wrapped_len);
	h->value_nonce = sv__rd_take(&r, SV_NONCE_BYTES);
	h->ct_len = sv__rd_u32(&r);
	h->aad_len = r.off;
	h->ct = sv__rd_take(&r, h->ct_len);
	h->commit = sv__rd_take(&r, SV_COMMIT_BYTES);
	int ok = !r.bad && sv__rd_done(&r) && memcmp(magic, "SVV1", 4) == 0 &&
		 alg == SV_AEAD_XCHACHA && reserved == 0 &&
		 (h->flags & ~(SV_VFLAG_BINARY | SV_VFLAG_PADDED)) == 0 &&
		 vlen >= SV_VERSION_ID_MIN && vlen <= SV_VERSION_ID_MAX &&
		 klen >= 1 && h->ct_len >= SV_TAG_BYTES &&
		 h->ct_len <= SV_VALUE_MAX + 1024 + SV_TAG_BYTES &&
		 ((h->wrap_mode == SV_WRAP_LOCAL &&
		   h->wrapped_len == SV_LOCAL_WRAP_BYTES) ||
		  (h->wrap_mode == SV_WRAP_EXTERNAL && h->wrapped_len >= 1));
	if (!ok) {
		memset(h, 0, sizeof *h);
		return sv__error_set(SV_EINTEGRITY, BAD_RECORD);
	}
	memcpy(h->store_id, store, SV_ID_BYTES);
	memcpy(h->secret_id, secret, SV_ID_BYTES);
	memcpy(h->version_id, vid, vlen);
	h->version_id[vlen] = '\0';
	memcpy(h->key_ref, kref, klen);
	h->key_ref[klen] = '\0';
	return SV_OK;
}

void sv__vrec_value_free(uint8_t *value, size_t cap, int guarded)
{
	if (guarded)
		sodium_free(value); /* zeroes first */
	else
		sv__free_secret(value, cap);
}

/* Decrypt with the data key already unwrapped and committed. */
static int decrypt_value(uint8_t **value_out, size_t *len_out, size_t *cap_out,
			 const sv_vrec *h, const uint8_t *rec,
			 const uint8_t dek[32])
{
	/* One byte more than the plaintext can be, so the caller can keep
	 * this buffer as a NUL-terminated value without another copy. */
	size_t cap = h->ct_len - SV_TAG_BYTES + 1;
	uint8_t *pt = h->guarded ? sodium_malloc(cap) : sv__malloc(cap);
	if (!pt)
		return sv__error_set(SV_ENOMEM, "out of memory");
	sv__value_decrypts++;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    pt, NULL, NULL, h->ct, h->ct_len, rec, h->aad_len,
		    h->value_nonce, dek) != 0) {
		sv__vrec_value_free(pt, cap, h->guarded);
		return sv__error_set(SV_EINTEGRITY,
				     "a secret version failed authentication");
	}
	size_t len = cap - 1;
	if (h->flags & SV_VFLAG_PADDED) {
		/* sodium_unpad runs in time linear in the block size: use the
		 * vault's bucket when the caller knows it. */
		size_t block = h->pad_bucket && h->pad_bucket < cap
				       ? h->pad_bucket
				       : cap - 1;
		if (sodium_unpad(&len, pt, cap - 1, block) != 0) {
			sv__vrec_value_free(pt, cap, h->guarded);
			return sv__error_set(SV_EINTEGRITY, BAD_RECORD);
		}
	}
	pt[len] = 0;
	*value_out = pt;
	*len_out = len;
	*cap_out = cap;
	return SV_OK;
}

int sv__vrec_open(uint8_t **value_out, size_t *len_out, size_t *cap_out,
		  const sv_vrec *h, const uint8_t *rec,
		  const uint8_t store_id[SV_ID_BYTES],
		  const uint8_t secret_id[SV_ID_BYTES], uint64_t seq,
		  const char *arn, const sv_dek_wrap *w)
{
	*value_out = NULL;
	*len_out = *cap_out = 0;
	/* The header names where the record belongs; it must be here.  (Ids
	 * are no secret: a plain comparison.) */
	if (memcmp(h->store_id, store_id, SV_ID_BYTES) != 0 ||
	    memcmp(h->secret_id, secret_id, SV_ID_BYTES) != 0 ||
	    h->seq != seq || h->wrap_mode != w->mode)
		return sv__error_set(
			SV_EINTEGRITY,
			"a secret version record is not where it belongs");
	uint8_t ec_space[EC_SPACE];
	sv_buf ec;
	sv__buf_use(&ec, ec_space, sizeof ec_space);
	int rc = dek_context(&ec, h->store_id, h->seq, h->version_id,
			     h->key_ref, h->kek_version, arn);
	if (rc != SV_OK)
		return rc;
	uint8_t *dek = dek_acquire();
	if (!dek) {
		sv__buf_free(&ec);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	rc = unwrap_dek(dek, w, &ec, h->wrapped_dek, h->wrapped_len);
	if (rc == SV_OK) {
		/* Key commitment before any decryption: a wrong key from a
		 * provider must never get as far as the AEAD. */
		uint8_t expect[32];
		key_commit(expect, dek, h->value_nonce,
			   h->ct + h->ct_len - SV_TAG_BYTES);
		if (sodium_memcmp(expect, h->commit, 32) != 0)
			rc = sv__error_set(SV_EINTEGRITY,
					   "a secret version's key commitment "
					   "does not match");
		else
			rc = decrypt_value(value_out, len_out, cap_out, h, rec,
					   dek);
	}
	dek_release(dek);
	sv__buf_free(&ec);
	return rc;
}

int sv__vrec_rewrap(sv_buf *out, const sv_vrec *h, const uint8_t *rec,
		    const char *arn, const sv_dek_wrap *from,
		    const char *new_key_ref, uint32_t new_kek_version,
		    const sv_dek_wrap *to, uint32_t pad_bucket)
{
	/* The AAD covers the wrapped key, so moving a record to another key
	 * re-seals it: decrypt, then seal under a fresh data key and the new
	 * header.  The VersionId, sequence and creation time stay. */
	uint8_t *value = NULL;
	size_t vlen = 0, cap = 0;
	int rc = sv__vrec_open(&value, &vlen, &cap, h, rec, h->store_id,
			       h->secret_id, h->seq, arn, from);
	if (rc != SV_OK)
		return rc;
	sv_vrec_in in = { h->store_id,
			  h->secret_id,
			  h->seq,
			  h->created_ms,
			  h->version_id,
			  new_key_ref,
			  new_kek_version,
			  arn,
			  (h->flags & SV_VFLAG_BINARY) != 0,
			  (h->flags & SV_VFLAG_PADDED) ? pad_bucket : 0 };
	rc = sv__vrec_seal(out, &in, to, value, vlen);
	sv__vrec_value_free(value, cap, h->guarded);
	return rc;
}
