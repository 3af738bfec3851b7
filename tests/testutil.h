/* testutil.h - helpers shared by the tests. */
#ifndef SV_TESTUTIL_H
#define SV_TESTUTIL_H

#include <stdint.h>

#include "secretvault.h"

/* Replace libsodium's RNG with a deterministic one (seeded) for
 * known-answer tests.  Only ever used in tests. */
void test_rng_deterministic(uint8_t seed);

/* A fast passphrase key (Argon2id MIN parameters; open with
 * SV_VAULT_ALLOW_WEAK_KDF). */
sv_key_options test_passphrase(const char *pass);
/* Options with SV_VAULT_ALLOW_WEAK_KDF and a settable clock. */
sv_vault_options test_vault_options(void);
/* The clock behind test_vault_options(); tests may move it. */
extern int64_t test_clock_ms;
/* Create a vault at test_path(leaf) with test_passphrase("pw"). */
sv_vault *test_vault_create(const char *leaf);
sv_vault *test_vault_open(const char *leaf);

/* 1 if @needle (n bytes) occurs in @hay (m bytes). */
int test_contains(const void *hay, size_t m, const void *needle, size_t n);
/* Write a file with @mode; returns 0 on success. */
int test_write_file(const char *path, const void *data, size_t n, int mode);

#endif

/* A digest of every byte the vault stores (all databases, raw), to prove
 * a rejected call changed nothing. */
void test_vault_digest(uint8_t out[32], sv_vault *v);
/* Create a secret holding @value (a string); returns its VersionId in
 * @vid_out (SV_VERSION_ID_BUFSIZE bytes) when non-NULL. */
void test_create(sv_vault *v, const char *name, const char *value,
		 char *vid_out);
/* Put @value with @token (NULL = generated) and @stages (NULL-terminated
 * list or NULL for the default); returns the VersionId. */
void test_put(sv_vault *v, const char *name, const char *value,
	      const char *token, const char *const *stages, char *vid_out);
/* The staging labels of version @vid as a sorted, comma-joined string
 * ("" if none; "-" if the version is not listed at all). */
const char *test_stages(sv_vault *v, const char *name, const char *vid);
/* GetSecretValue of the AWSCURRENT (or @stage) version as a string. */
const char *test_get(sv_vault *v, const char *name, const char *stage);
