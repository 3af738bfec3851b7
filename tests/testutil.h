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
