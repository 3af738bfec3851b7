/* envelope.c - initialisation, encryption contexts, subkeys and blobs. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "envelope/envelope.h"
#include "util/error.h"
#include "util/mem.h"

int sv__init(void)
{
	if (sodium_init() < 0)
		return sv__error_set(SV_ERROR,
				     "libsodium failed to initialise");
	return SV_OK;
}

static int cmp_pair(const void *a, const void *b)
{
	const sv_ec_pair *x = a, *y = b;
	return strcmp(x->key, y->key); /* byte order: keys are ASCII */
}

int sv__ec_build(sv_buf *out, const sv_ec_pair *pairs, size_t n)
{
	sv_ec_pair sorted[16];
	if (n > 16)
		return sv__error_set(SV_ERROR, "encryption context too large");
	memcpy(sorted, pairs, n * sizeof *pairs);
	qsort(sorted, n, sizeof *sorted, cmp_pair);
	sv__buf_str(out, "SV-EC-v1");
	sv__buf_u16(out, (uint16_t)n);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(sorted[i - 1].key, sorted[i].key) == 0) {
			sv__buf_free(out);
			return sv__error_set(
				SV_ERROR, "duplicate encryption context key");
		}
		sv__buf_u16(out, (uint16_t)strlen(sorted[i].key));
		sv__buf_str(out, sorted[i].key);
		sv__buf_u16(out, (uint16_t)strlen(sorted[i].value));
		sv__buf_str(out, sorted[i].value);
	}
	if (sv__buf_ok(out) != SV_OK) {
		sv__buf_free(out); /* the caller's buffer was empty */
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	return SV_OK;
}

void sv__subkey(uint8_t out[32], const uint8_t mk[32], enum sv_subkey which)
{
	static const char *const ctx[] = { "", "SVKEYRNG", "SVMETA__",
					   "SVSTATE_" };
	crypto_kdf_derive_from_key(out, 32, 1, ctx[which], mk);
}

void sv__mk_commit(uint8_t out[32], const uint8_t mk[32],
		   const uint8_t store_id[SV_ID_BYTES], uint64_t epoch)
{
	crypto_generichash_state st;
	uint8_t e[8];
	sv__put_u64(e, epoch);
	crypto_generichash_init(&st, mk, 32, 32);
	crypto_generichash_update(&st, (const uint8_t *)"SV-MK-COMMIT-v1", 15);
	crypto_generichash_update(&st, store_id, SV_ID_BYTES);
	crypto_generichash_update(&st, e, 8);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof st);
}

int sv__blob_seal(sv_buf *out, const uint8_t *header, size_t hlen,
		  const void *extra, size_t elen, const uint8_t key[32],
		  const void *pt, size_t ptlen)
{
	sv_buf aad = { 0 };
	uint8_t nonce[SV_NONCE_BYTES];
	int rc;
	sv__buf_append(&aad, header, hlen);
	sv__buf_append(&aad, extra, elen);
	sv__buf_append(out, header, hlen);
	sv__random(nonce, sizeof nonce);
	sv__buf_append(out, nonce, sizeof nonce);
	size_t at = out->len;
	/* Reserve room for the ciphertext, then encrypt in place. */
	sv__buf_reserve(out, ptlen + SV_TAG_BYTES);
	rc = sv__buf_ok(&aad) ? sv__buf_ok(&aad) : sv__buf_ok(out);
	if (rc == SV_OK) {
		unsigned long long clen;
		crypto_aead_xchacha20poly1305_ietf_encrypt(
			out->p + at, &clen, pt, ptlen, aad.p, aad.len, NULL,
			nonce, key);
	} else {
		sv__error_set(SV_ENOMEM, "out of memory");
	}
	sv__buf_free(&aad);
	return rc;
}

int sv__blob_open(uint8_t **pt_out, size_t *ptlen_out, const uint8_t *rec,
		  size_t len, size_t hlen, const void *extra, size_t elen,
		  const uint8_t key[32])
{
	sv_buf aad = { 0 };
	*pt_out = NULL;
	*ptlen_out = 0;
	if (len < hlen + SV_NONCE_BYTES + SV_TAG_BYTES)
		return sv__error_set(SV_EINTEGRITY,
				     "sealed record is truncated");
	size_t clen = len - hlen - SV_NONCE_BYTES;
	uint8_t *pt = sv__malloc(clen);
	if (!pt)
		return sv__error_set(SV_ENOMEM, "out of memory");
	sv__buf_append(&aad, rec, hlen);
	sv__buf_append(&aad, extra, elen);
	if (sv__buf_ok(&aad) != SV_OK) {
		sv__free(pt);
		sv__buf_free(&aad);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	unsigned long long plen;
	int bad = crypto_aead_xchacha20poly1305_ietf_decrypt(
		pt, &plen, NULL, rec + hlen + SV_NONCE_BYTES, clen, aad.p,
		aad.len, rec + hlen, key);
	sv__buf_free(&aad);
	if (bad) {
		sv__free_secret(pt, clen);
		return sv__error_set(SV_EINTEGRITY,
				     "sealed record failed authentication");
	}
	*pt_out = pt;
	*ptlen_out = (size_t)plen;
	return SV_OK;
}
