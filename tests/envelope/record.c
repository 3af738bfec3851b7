/* Tests of the SVV1 version record: known answers, tampering, transplants,
 * key commitment. */
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "envelope/envelope.h"
#include "harness.h"
#include "testutil.h"
#include "util/mem.h"
#include "kat.h"

static const uint8_t STORE[16] = { 1, 2,  3,  4,  5,  6,  7,  8,
				   9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t SECRET[16] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
				    0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
				    0xac, 0xad, 0xae, 0xaf };
static const char *ARN =
	"arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbC123";
static const char *VID = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";
static const char *KEYREF = "11111111-2222-4333-8444-555555555555";
static uint8_t kek[32];

static sv_vrec_in record_in(uint64_t seq, const char *vid)
{
	sv_vrec_in in = { STORE, SECRET, seq, 1700000000123LL, vid, KEYREF, 1,
			  ARN,	 0,	 64 };
	return in;
}

static sv_dek_wrap local_wrap(void)
{
	sv_dek_wrap w = { SV_WRAP_LOCAL, kek, NULL, NULL };
	return w;
}

static void seal(sv_buf *out, uint64_t seq, const char *value)
{
	sv_vrec_in in = record_in(seq, VID);
	sv_dek_wrap w = local_wrap();
	ASSERT_OK(sv__init());
	ASSERT_OK(sv__vrec_seal(out, &in, &w, value, strlen(value)));
}

/* Open @rec as if read from (SECRET, seq); returns the code. */
static int open_rec(const uint8_t *rec, size_t len, uint64_t seq,
		    uint8_t **value, size_t *vlen, size_t *cap)
{
	sv_vrec h;
	sv_dek_wrap w = local_wrap();
	*value = NULL;
	int rc = sv__vrec_parse(&h, rec, len);
	if (rc != SV_OK)
		return rc;
	return sv__vrec_open(value, vlen, cap, &h, rec, STORE, SECRET, seq, ARN,
			     &w);
}

TEST(record_roundtrip)
{
	sv_buf b = { 0 };
	memset(kek, 7, sizeof kek);
	seal(&b, 1, "{\"user\":\"admin\",\"password\":\"hunter2\"}");
	uint8_t *val;
	size_t vlen, cap;
	ASSERT_OK(open_rec(b.p, b.len, 1, &val, &vlen, &cap));
	ASSERT_EQ(vlen, 37);
	ASSERT_MEM_EQ(val, "{\"user\":\"admin\",\"password\":\"hunter2\"}", 37);
	ASSERT(!test_contains(b.p, b.len, "hunter2", 7));
	sv__free_secret(val, cap);
	sv__buf_free(&b);
}

/* The record format is frozen: a deterministic RNG gives these bytes, and
 * any change to the format must change this test deliberately. */
TEST(record_known_answer)
{
	test_rng_deterministic(42);
	memset(kek, 7, sizeof kek);
	sv_buf b = { 0 };
	seal(&b, 3, "secret");
	uint8_t digest[32];
	char hex[65];
	crypto_generichash(digest, 32, b.p, b.len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, digest, 32);
	ASSERT_EQ(b.len, 4 + 4 + 16 + 16 + 8 + 8 + 1 + 36 + 1 + 36 + 4 + 2 +
				 72 + 24 + 4 + 64 + 16 + 32);
	ASSERT_STR_EQ(hex, RECORD_KAT_DIGEST);
	/* The header is readable and says what it should. */
	ASSERT_MEM_EQ(b.p, "SVV1\x01\x02\x01\x00", 8);
	sv__buf_free(&b);
}

TEST(record_every_byte_flip_rejected)
{
	memset(kek, 9, sizeof kek);
	sv_buf b = { 0 };
	seal(&b, 1, "correct horse battery staple");
	for (size_t i = 0; i < b.len; i++) {
		uint8_t mask = (uint8_t)(i % 255 + 1);
		uint8_t *val;
		size_t vlen, cap;
		b.p[i] ^= mask;
		int rc = open_rec(b.p, b.len, 1, &val, &vlen, &cap);
		b.p[i] ^= mask;
		if (rc != SV_EINTEGRITY || val != NULL)
			TEST_FAIL_("flip at offset %zu gave %d", i, rc);
	}
	sv__buf_free(&b);
}

TEST(record_every_truncation_and_extension_rejected)
{
	memset(kek, 9, sizeof kek);
	sv_buf b = { 0 };
	seal(&b, 1, "value");
	uint8_t *val;
	size_t vlen, cap;
	for (size_t n = 0; n < b.len; n++) {
		int rc = open_rec(b.p, n, 1, &val, &vlen, &cap);
		if (rc != SV_EINTEGRITY || val != NULL)
			TEST_FAIL_("truncation to %zu gave %d", n, rc);
	}
	uint8_t longer[1024];
	memcpy(longer, b.p, b.len);
	for (size_t extra = 1; extra <= 16; extra++) {
		longer[b.len + extra - 1] = 0;
		ASSERT_EQ(open_rec(longer, b.len + extra, 1, &val, &vlen, &cap),
			  SV_EINTEGRITY);
	}
	sv__buf_free(&b);
}

TEST(record_moved_to_other_secret_or_seq_rejected)
{
	memset(kek, 9, sizeof kek);
	sv_buf b = { 0 };
	seal(&b, 5, "value");
	uint8_t *val;
	size_t vlen, cap;
	sv_vrec h;
	sv_dek_wrap w = local_wrap();
	ASSERT_OK(sv__vrec_parse(&h, b.p, b.len));
	uint8_t other[16] = { 0 };
	/* Read under another secret id, sequence, store, or ARN. */
	ASSERT_ERR(sv__vrec_open(&val, &vlen, &cap, &h, b.p, STORE, other, 5,
				 ARN, &w),
		   SV_EINTEGRITY, NULL);
	ASSERT_ERR(sv__vrec_open(&val, &vlen, &cap, &h, b.p, STORE, SECRET, 6,
				 ARN, &w),
		   SV_EINTEGRITY, NULL);
	ASSERT_ERR(sv__vrec_open(&val, &vlen, &cap, &h, b.p, other, SECRET, 5,
				 ARN, &w),
		   SV_EINTEGRITY, NULL);
	ASSERT_ERR(sv__vrec_open(&val, &vlen, &cap, &h, b.p, STORE, SECRET, 5,
				 "arn:aws:secretsmanager:us-east-1:"
				 "000000000000:secret:x-AAAAAA",
				 &w),
		   SV_EINTEGRITY, NULL);
	ASSERT(val == NULL);
	/* Rewrite the header's ids to the new place: the data key's
	 * encryption context and the AAD still catch it. */
	memcpy(b.p + 24, other, 16);
	ASSERT_OK(sv__vrec_parse(&h, b.p, b.len));
	ASSERT_ERR(sv__vrec_open(&val, &vlen, &cap, &h, b.p, STORE, other, 5,
				 ARN, &w),
		   SV_EINTEGRITY, NULL);
	ASSERT(val == NULL);
	sv__buf_free(&b);
}

TEST(record_wrapped_dek_swap_rejected)
{
	memset(kek, 9, sizeof kek);
	sv_buf a = { 0 }, b = { 0 };
	seal(&a, 1, "first value");
	seal(&b, 1, "other value");
	sv_vrec ha, hb;
	ASSERT_OK(sv__vrec_parse(&ha, a.p, a.len));
	ASSERT_OK(sv__vrec_parse(&hb, b.p, b.len));
	size_t off = (size_t)(ha.wrapped_dek - a.p);
	memcpy(a.p + off, hb.wrapped_dek, SV_LOCAL_WRAP_BYTES);
	uint8_t *val;
	size_t vlen, cap;
	ASSERT_EQ(open_rec(a.p, a.len, 1, &val, &vlen, &cap), SV_EINTEGRITY);
	ASSERT(val == NULL);
	sv__buf_free(&a);
	sv__buf_free(&b);
}

TEST(record_same_value_sealed_twice_differs)
{
	memset(kek, 9, sizeof kek);
	sv_buf a = { 0 }, b = { 0 };
	seal(&a, 1, "same");
	seal(&b, 1, "same");
	ASSERT_EQ(a.len, b.len);
	ASSERT(memcmp(a.p, b.p, a.len) != 0);
	sv__buf_free(&a);
	sv__buf_free(&b);
}

TEST(record_padding_hides_length)
{
	memset(kek, 9, sizeof kek);
	sv_buf a = { 0 }, b = { 0 };
	seal(&a, 1, "x");
	seal(&b, 1,
	     "0123456789012345678901234567890123456789012345678901234567");
	ASSERT_EQ(a.len, b.len);
	sv__buf_free(&a);
	sv__buf_free(&b);
}

/* ---- An external provider (KMS mode) --------------------------------- */

static uint8_t provider_kek[32];
static int provider_lies;

static int prov_wrap(void *payload, const char *ref, const uint8_t *ctx,
		     size_t ctx_len, const uint8_t dek[32], uint8_t *out,
		     size_t cap, size_t *out_len)
{
	(void)payload, (void)ref, (void)cap;
	randombytes_buf(out, 24);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		out + 24, NULL, dek, 32, ctx, ctx_len, NULL, out, provider_kek);
	*out_len = 72;
	return 0;
}

static int prov_unwrap(void *payload, const char *ref, const uint8_t *ctx,
		       size_t ctx_len, const uint8_t *wrapped, size_t wlen,
		       uint8_t dek[32])
{
	(void)payload, (void)ref;
	if (provider_lies) {
		randombytes_buf(dek, 32); /* a wrong key, well formed */
		return 0;
	}
	return crypto_aead_xchacha20poly1305_ietf_decrypt(
		dek, NULL, NULL, wrapped + 24, wlen - 24, ctx, ctx_len, wrapped,
		provider_kek);
}

TEST(record_external_provider_wrong_dek_caught_by_commitment)
{
	sv_provider p = {
		SV_PROVIDER_ABI, "mock",     "hsm-key-1", NULL, NULL, NULL,
		prov_wrap,	 prov_unwrap
	};
	sv_dek_wrap w = { SV_WRAP_EXTERNAL, NULL, &p, "hsm-key-1" };
	sv_vrec_in in = record_in(1, VID);
	sv_buf b = { 0 };
	ASSERT_OK(sv__init());
	randombytes_buf(provider_kek, 32);
	ASSERT_OK(sv__vrec_seal(&b, &in, &w, "kms value", 9));
	sv_vrec h;
	uint8_t *val;
	size_t vlen, cap;
	ASSERT_OK(sv__vrec_parse(&h, b.p, b.len));
	ASSERT_EQ(h.wrap_mode, SV_WRAP_EXTERNAL);
	ASSERT_OK(sv__vrec_open(&val, &vlen, &cap, &h, b.p, STORE, SECRET, 1,
				ARN, &w));
	ASSERT_MEM_EQ(val, "kms value", 9);
	sv__free_secret(val, cap);

	provider_lies = 1;
	unsigned long before = sv__value_decrypts;
	ASSERT_ERR(sv__vrec_open(&val, &vlen, &cap, &h, b.p, STORE, SECRET, 1,
				 ARN, &w),
		   SV_EINTEGRITY,
		   "a secret version's key commitment does not match");
	ASSERT(val == NULL);
	ASSERT_EQ(sv__value_decrypts, before); /* no AEAD call was made */
	sv__buf_free(&b);
}

static int zero_checks, nonzero_frees;
static void check_zeroed(const void *p, size_t n)
{
	zero_checks++;
	if (!sodium_is_zero(p, n))
		nonzero_frees++;
}

TEST(record_freed_plaintext_is_zeroed)
{
	memset(kek, 9, sizeof kek);
	sv_buf b = { 0 };
	seal(&b, 1, "zero me on free");
	sv__mem_free_hook = check_zeroed;
	uint8_t *val;
	size_t vlen, cap;
	ASSERT_OK(open_rec(b.p, b.len, 1, &val, &vlen, &cap));
	sv__free_secret(val, cap);
	sv__buf_free(&b);
	sv__mem_free_hook = NULL;
	ASSERT(zero_checks >= 2);
	ASSERT_EQ(nonzero_frees, 0);
}

/* The hand-ordered data-key context equals the general encoder's. */
TEST(record_dek_context_is_canonical)
{
	sv_buf a = { 0 };
	sv_ec_pair pairs[] = { { "sv:store",
				 "0102030405060708090a0b0c0d0e0f10" },
			       { "sv:seq", "5" },
			       { "SecretVersionId", VID },
			       { "sv:purpose", "dek" },
			       { "sv:kekver", "1" },
			       { "SecretARN", ARN },
			       { "sv:kek", KEYREF } };
	ASSERT_OK(sv__ec_build(&a, pairs, 7));
	uint8_t got[1024];
	size_t n = sv__dek_context_for_tests(got, sizeof got, STORE, 5, VID,
					     KEYREF, 1, ARN);
	ASSERT_EQ(n, a.len);
	ASSERT_MEM_EQ(got, a.p, n);
	sv__buf_free(&a);
}

/* A buffer started on the caller's storage stays there while it fits,
 * moves to the heap (wiping the storage) when it outgrows it, and never
 * frees the storage (ASan would catch a free of the stack). */
TEST(buf_on_caller_storage)
{
	uint8_t space[8];
	sv_buf b;
	sv__buf_use(&b, space, sizeof space);
	sv__buf_append(&b, "abcdef", 6);
	ASSERT_OK(sv__buf_ok(&b));
	ASSERT(b.p == space);
	b.len = 2; /* a buffer cut short is still wiped as far as written */
	sv__buf_free(&b);
	ASSERT(b.p == NULL);
	static const uint8_t zero[8];
	ASSERT_MEM_EQ(space, zero, 6);
	sv__buf_use(&b, space, sizeof space);
	sv__buf_append(&b, "abcdef", 6);
	sv__buf_append(&b, "ghijkl", 6);
	ASSERT_OK(sv__buf_ok(&b));
	ASSERT(b.p != space);
	ASSERT_EQ(b.len, 12);
	ASSERT_MEM_EQ(b.p, "abcdefghijkl", 12);
	ASSERT_MEM_EQ(space, zero, 6);
	sv__buf_free(&b);
}
