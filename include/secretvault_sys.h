/*
 * secretvault_sys.h - the key-provider plug-in interface of libsecretvault.
 *
 * An external provider (an HSM, a TPM, a cloud KMS) protects the vault's
 * master key, and may also wrap each version's data key ("KMS mode"), so
 * that every read is authorised by the provider.  Its stability promise is
 * weaker than secretvault.h's: new members are added at the end and
 * SV_PROVIDER_ABI is raised when they are.
 *
 * Every callback receives the provider's @payload first.  Key bytes handed
 * to a callback live in locked library memory: copy nothing of them
 * elsewhere and keep no pointer after the call returns.  A callback returns
 * 0 on success and any non-zero value on failure; the library then fails
 * with SV_EKEYPROVIDER (or SV_EINTEGRITY when the provider's answer does
 * not match the key commitment).  The library never holds a database
 * transaction open while it calls a provider.
 */
#ifndef SECRETVAULT_SYS_H
#define SECRETVAULT_SYS_H

#include "secretvault.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SV_PROVIDER_ABI 1
#define SV_PROVIDER_WRAPPED_MAX 4096 /* largest wrapped key accepted */

/*
 * The encryption context passed as @ctx/@ctx_len is the canonical byte
 * string "SV-EC-v1" || u16 count || { u16 klen || key || u16 vlen || value }*
 * with the pairs sorted by key.  For a data key it holds SecretARN and
 * SecretVersionId, as AWS Secrets Manager passes them to KMS.  A provider
 * must bind it to the wrapped bytes (as KMS does) and refuse to unwrap
 * under a different context.
 */
typedef struct sv_provider {
	uint32_t abi;	     /* SV_PROVIDER_ABI */
	const char *name;    /* short name, e.g. "pkcs11"; shown in errors */
	const char *key_ref; /* the provider's key (stored in the slot) */
	void *payload;	     /* handed to every callback */

	/* Wrap the 32-byte master key.  Write at most @out_cap bytes. */
	int (*wrap_mk)(void *payload, const uint8_t *ctx, size_t ctx_len,
		       const uint8_t mk[32], uint8_t *out, size_t out_cap,
		       size_t *out_len);
	/* Unwrap what wrap_mk produced. */
	int (*unwrap_mk)(void *payload, const uint8_t *ctx, size_t ctx_len,
			 const uint8_t *wrapped, size_t wrapped_len,
			 uint8_t mk_out[32]);

	/* Optional ("KMS mode"): wrap and unwrap a version's data key. */
	int (*wrap_dek)(void *payload, const char *key_ref, const uint8_t *ctx,
			size_t ctx_len, const uint8_t dek[32], uint8_t *out,
			size_t out_cap, size_t *out_len);
	int (*unwrap_dek)(void *payload, const char *key_ref,
			  const uint8_t *ctx, size_t ctx_len,
			  const uint8_t *wrapped, size_t wrapped_len,
			  uint8_t dek_out[32]);
} sv_provider;

#ifdef __cplusplus
}
#endif

#endif /* SECRETVAULT_SYS_H */
