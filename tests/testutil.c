/* testutil.c - helpers shared by the tests. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "harness.h"
#include "testutil.h"

static uint8_t rng_seed[randombytes_SEEDBYTES];
static uint64_t rng_counter;

static const char *det_name(void)
{
	return "test-deterministic";
}

static void det_buf(void *buf, size_t n)
{
	uint8_t seed[randombytes_SEEDBYTES];
	memcpy(seed, rng_seed, sizeof seed);
	memcpy(seed, &rng_counter, sizeof rng_counter);
	rng_counter++;
	randombytes_buf_deterministic(buf, n, seed);
}

static uint32_t det_random(void)
{
	uint32_t r;
	det_buf(&r, sizeof r);
	return r;
}

static randombytes_implementation det_impl = {
	det_name, det_random, NULL, NULL, det_buf, NULL
};

void test_rng_deterministic(uint8_t seed)
{
	memset(rng_seed, seed, sizeof rng_seed);
	rng_counter = 0;
	randombytes_set_implementation(&det_impl);
	if (sodium_init() < 0)
		abort();
}

sv_key_options test_passphrase(const char *pass)
{
	sv_key_options k = SV_KEY_OPTIONS_INIT;
	k.type = SV_KEY_PASSPHRASE;
	k.secret = pass;
	k.secret_len = strlen(pass);
	k.kdf_opslimit = crypto_pwhash_OPSLIMIT_MIN;
	k.kdf_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	return k;
}

int64_t test_clock_ms = 1700000000000LL;

static int64_t test_clock(void *payload)
{
	(void)payload;
	return test_clock_ms;
}

sv_vault_options test_vault_options(void)
{
	sv_vault_options o = SV_VAULT_OPTIONS_INIT;
	o.flags = SV_VAULT_ALLOW_WEAK_KDF;
	o.clock = test_clock;
	return o;
}

sv_vault *test_vault_create(const char *leaf)
{
	sv_vault *v = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	ASSERT_OK(sv_vault_create(&v, test_path(leaf), &k, &o));
	return v;
}

sv_vault *test_vault_open(const char *leaf)
{
	sv_vault *v = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	ASSERT_OK(sv_vault_open(&v, test_path(leaf), &k, &o));
	return v;
}

int test_contains(const void *hay, size_t m, const void *needle, size_t n)
{
	if (n == 0 || n > m)
		return 0;
	for (size_t i = 0; i + n <= m; i++)
		if (memcmp((const uint8_t *)hay + i, needle, n) == 0)
			return 1;
	return 0;
}

int test_write_file(const char *path, const void *data, size_t n, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return -1;
	int ok = write(fd, data, n) == (ssize_t)n;
	close(fd);
	chmod(path, (mode_t)mode);
	return ok ? 0 : -1;
}
