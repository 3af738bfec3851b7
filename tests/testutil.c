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

static randombytes_implementation det_impl = { det_name, det_random, NULL,
					       NULL,	 det_buf,    NULL };

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

#include "api/internal.h"

void test_vault_digest(uint8_t out[32], sv_vault *v)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	sv_txn t;
	ASSERT_OK(sv__txn_begin(&t, v->env, 0));
	for (int db = 0; db < SV_DB_COUNT; db++) {
		sv_cursor c = { 0 };
		const uint8_t *k, *val;
		size_t klen, n;
		ASSERT_OK(sv__cursor_open(&c, &t, (enum sv_db)db));
		for (int s = sv__cursor_seek(&c, NULL, 0, &k, &klen, &val, &n);
		     s == SV_OK; s = sv__cursor_next(&c, &k, &klen, &val, &n)) {
			uint8_t lens[16];
			sv__put_u64(lens, klen);
			sv__put_u64(lens + 8, n);
			crypto_generichash_update(&st, (const uint8_t *)&db,
						  sizeof db);
			crypto_generichash_update(&st, lens, sizeof lens);
			crypto_generichash_update(&st, k, klen);
			crypto_generichash_update(&st, val, n);
		}
		sv__cursor_close(&c);
	}
	sv__txn_abort(&t);
	crypto_generichash_final(&st, out, 32);
}

void test_create(sv_vault *v, const char *name, const char *value,
		 char *vid_out)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	sv_result *r = NULL;
	o.secret_string = value;
	o.secret_string_len = value ? strlen(value) : 0;
	ASSERT_OK(sv_secret_create(&r, v, name, &o));
	if (vid_out)
		snprintf(vid_out, SV_VERSION_ID_BUFSIZE, "%s",
			 sv_result_version_id(r) ? sv_result_version_id(r)
						 : "");
	sv_result_free(r);
}

void test_put(sv_vault *v, const char *name, const char *value,
	      const char *token, const char *const *stages, char *vid_out)
{
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	sv_result *r = NULL;
	size_t n = 0;
	while (stages && stages[n])
		n++;
	o.secret_string = value;
	o.secret_string_len = strlen(value);
	o.client_request_token = token;
	o.version_stages = stages;
	o.version_stage_count = n;
	ASSERT_OK(sv_secret_put_value(&r, v, name, &o));
	if (vid_out)
		snprintf(vid_out, SV_VERSION_ID_BUFSIZE, "%s",
			 sv_result_version_id(r));
	sv_result_free(r);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *test_stages(sv_vault *v, const char *name, const char *vid)
{
	static char bufs[8][512];
	static int slot;
	char *out = bufs[slot++ & 7];
	sv_iter *it = NULL;
	sv_version_list_options o = SV_VERSION_LIST_OPTIONS_INIT;
	const sv_version *ver;
	o.include_deprecated = 1;
	ASSERT_OK(sv_version_list(&it, v, name, &o));
	strcpy(out, "-");
	while (sv_iter_next_version(&ver, it) == SV_OK) {
		if (strcmp(sv_version_id(ver), vid) != 0)
			continue;
		const char *st[32];
		size_t n = sv_version_stage_count(ver);
		for (size_t i = 0; i < n; i++)
			st[i] = sv_version_stage(ver, i);
		qsort(st, n, sizeof st[0], cmp_str);
		out[0] = 0;
		for (size_t i = 0; i < n; i++) {
			if (i)
				strcat(out, ",");
			strcat(out, st[i]);
		}
	}
	sv_iter_free(it);
	return out;
}

const char *test_get(sv_vault *v, const char *name, const char *stage)
{
	static char bufs[4][1024];
	static int slot;
	char *out = bufs[slot++ & 3];
	sv_get_options o = SV_GET_OPTIONS_INIT;
	sv_value *val = NULL;
	o.version_stage = stage;
	ASSERT_OK(sv_secret_get_value(&val, v, name, &o));
	snprintf(out, 1024, "%s", (const char *)sv_value_data(val));
	sv_value_free(val);
	return out;
}
