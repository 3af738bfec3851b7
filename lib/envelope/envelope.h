/*
 * envelope.h - layer 1: root keys, key slots, the master key and its
 * subkeys, KEK records, and the sealed record codecs (security-reference
 * §4).  Everything here works on byte buffers; nothing includes lmdb.h.
 *
 * All integers are big-endian.  Every parser demands the exact length, a
 * known magic, algorithm and format, and zero reserved bits.  Any failure
 * to open a stored record is SV_EINTEGRITY with no output.
 */
#ifndef SV_ENVELOPE_H
#define SV_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "secretvault.h"
#include "secretvault_sys.h"
#include "util/util.h"

#define SV_AEAD_XCHACHA 0x01
#define SV_NONCE_BYTES 24
#define SV_TAG_BYTES 16
#define SV_ID_BYTES 16
#define SV_COMMIT_BYTES 32
#define SV_KEYID_LEN 36 /* KEK ids are UUID strings */
#define SV_VERSION_ID_MIN 32
#define SV_VERSION_ID_MAX 64
#define SV_LOCAL_WRAP_BYTES (SV_NONCE_BYTES + 32 + SV_TAG_BYTES) /* 72 */

/* Idempotent library initialisation (sodium_init). */
int sv__init(void);

/* ---- Canonical encryption context ---------------------------------- */

typedef struct sv_ec_pair {
	const char *key;
	const char *value;
} sv_ec_pair;
/* "SV-EC-v1" || u16 n || {u16 klen key u16 vlen value}* sorted by key,
 * into the empty buffer @out (freed again on failure).  Duplicate keys
 * are a programming error (SV_ERROR). */
int sv__ec_build(sv_buf *out, const sv_ec_pair *pairs, size_t n);

/* ---- Master key and subkeys ---------------------------------------- */

enum sv_subkey {
	SV_SUBKEY_RING = 1,
	SV_SUBKEY_META = 2,
	SV_SUBKEY_STATE = 3
};
void sv__subkey(uint8_t out[32], const uint8_t mk[32], enum sv_subkey which);
/* BLAKE2b-256(key = MK, "SV-MK-COMMIT-v1" || store_id || epoch) */
void sv__mk_commit(uint8_t out[32], const uint8_t mk[32],
		   const uint8_t store_id[SV_ID_BYTES], uint64_t epoch);

/* ---- Key slots (SVK1) ---------------------------------------------- */

#define SV_KDF_OPS_CAP 16u
#define SV_KDF_MEM_CAP (2ull << 30) /* 2 GiB */

/* Seal @mk into a new slot for @key.  Passphrase slots run Argon2id. */
int sv__slot_seal(sv_buf *out, const sv_key_options *key,
		  const uint8_t store_id[SV_ID_BYTES], uint64_t epoch,
		  uint8_t slot_index, const uint8_t mk[32], uint32_t flags);
/* Open a slot with @key.  SV_ITEROVER: the slot is of another kind;
 * SV_EAUTH: the key does not open it; SV_EKDFPARAMS: parameters outside
 * the caps or below the floor (checked before the KDF runs). */
int sv__slot_open(uint8_t mk_out[32], const uint8_t *rec, size_t len,
		  const sv_key_options *key,
		  const uint8_t store_id[SV_ID_BYTES], uint8_t slot_index,
		  uint32_t flags);
/* Validate @key's fields (type, lengths) without touching any file. */
int sv__key_options_check(const sv_key_options *key);
/* The same, and for a key file also its permissions and size, so a bad
 * key file is reported as such rather than as a key that does not fit. */
int sv__key_preflight(const sv_key_options *key);

/* ---- Generic sealed blobs (SVR0, SVR1, SVS1) ------------------------ */

/* out = header || nonce || AEAD(key, pt, AAD = header || extra). */
int sv__blob_seal(sv_buf *out, const uint8_t *header, size_t hlen,
		  const void *extra, size_t elen, const uint8_t key[32],
		  const void *pt, size_t ptlen);
/* Open a blob whose first @hlen bytes are its header.  *pt_out is
 * allocated (free with sv__free_secret(*pt_out, *ptlen_out)). */
int sv__blob_open(uint8_t **pt_out, size_t *ptlen_out, const uint8_t *rec,
		  size_t len, size_t hlen, const void *extra, size_t elen,
		  const uint8_t key[32]);

/* ---- Secret-version records (SVV1) --------------------------------- */

#define SV_VFLAG_BINARY 0x01
#define SV_VFLAG_PADDED 0x02
#define SV_WRAP_LOCAL 0x01
#define SV_WRAP_EXTERNAL 0x02

/* The header of an SVV1 record; pointers point into the record. */
typedef struct sv_vrec {
	uint8_t flags;
	uint8_t wrap_mode;
	uint8_t store_id[SV_ID_BYTES];
	uint8_t secret_id[SV_ID_BYTES];
	uint64_t seq;
	int64_t created_ms;
	char version_id[SV_VERSION_ID_MAX + 1];
	char key_ref[256];
	uint32_t kek_version;
	const uint8_t *wrapped_dek;
	size_t wrapped_len;
	const uint8_t *value_nonce;
	const uint8_t *ct;
	size_t ct_len;
	const uint8_t *commit;
	size_t aad_len; /* bytes [0, aad_len) are the AEAD's AAD */
	/* Not stored: the caller sets the vault's padding bucket so that
	 * unpadding looks at one bucket, not the whole value (0 = unknown). */
	uint32_t pad_bucket;
	/* Also set by the caller: decrypt into guarded memory
	 * (sodium_malloc) instead of the heap. */
	int guarded;
} sv_vrec;

/* How a data key is wrapped: by a local KEK or by an external provider. */
typedef struct sv_dek_wrap {
	uint8_t mode;		     /* SV_WRAP_LOCAL or SV_WRAP_EXTERNAL */
	const uint8_t *kek;	     /* local: the KEK version's 32 bytes */
	const sv_provider *provider; /* external */
	const char *provider_ref;    /* external: the provider's key */
} sv_dek_wrap;

/* What a new record says about itself. */
typedef struct sv_vrec_in {
	const uint8_t *store_id;
	const uint8_t *secret_id;
	uint64_t seq;
	int64_t created_ms;
	const char *version_id;
	const char *key_ref; /* resolved key id, never an alias */
	uint32_t kek_version;
	const char *arn; /* bound through the encryption context */
	int binary;
	uint32_t pad_bucket; /* 0 = no padding */
} sv_vrec_in;

int sv__vrec_seal(sv_buf *out, const sv_vrec_in *in, const sv_dek_wrap *w,
		  const void *value, size_t vlen);
/* Parse exactly; SV_EINTEGRITY if the bytes are not a well-formed SVV1. */
int sv__vrec_parse(sv_vrec *out, const uint8_t *rec, size_t len);
/* Free a value sv__vrec_open() returned for a header with @guarded. */
void sv__vrec_value_free(uint8_t *value, size_t cap, int guarded);
/* Check the ids against where the record was read from, unwrap the data
 * key, check its commitment, decrypt and unpad.  *value_out is allocated
 * (in guarded memory if h->guarded), NUL-terminated after *len_out bytes
 * (*cap_out > *len_out), and freed with sv__vrec_value_free(). */
int sv__vrec_open(uint8_t **value_out, size_t *len_out, size_t *cap_out,
		  const sv_vrec *hdr, const uint8_t *rec,
		  const uint8_t store_id[SV_ID_BYTES],
		  const uint8_t secret_id[SV_ID_BYTES], uint64_t seq,
		  const char *arn, const sv_dek_wrap *w);
/* Move a record under another key or key version (re-sealed with a fresh
 * data key; VersionId, sequence and creation time are kept). */
int sv__vrec_rewrap(sv_buf *out, const sv_vrec *hdr, const uint8_t *rec,
		    const char *arn, const sv_dek_wrap *from,
		    const char *new_key_ref, uint32_t new_kek_version,
		    const sv_dek_wrap *to, uint32_t pad_bucket);

/* Test hook: the data-key encryption context as the record code builds
 * it (0 if it does not fit in @cap). */
size_t sv__dek_context_for_tests(uint8_t *out, size_t cap,
				 const uint8_t *store_id, uint64_t seq,
				 const char *version_id, const char *key_ref,
				 uint32_t kek_version, const char *arn);

/* Test hook: counts AEAD decryptions of values (to prove the commitment
 * is checked before any decryption). */
extern unsigned long sv__value_decrypts;

#endif
