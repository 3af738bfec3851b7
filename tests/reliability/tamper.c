/* Tampering: bytes of every stored record kind flipped directly in LMDB,
 * bypassing the library.  Every read must fail with the integrity error
 * (or, for the records that unlock the vault, refuse to open): never a
 * wrong value, never a crash. */
#include <sodium.h>

#include "api/internal.h"
#include "harness.h"
#include "testutil.h"

#define VID "00000000-0000-4000-8000-0000000000f1"

typedef struct rec {
	enum sv_db db;
	uint8_t key[600];
	size_t klen;
	uint8_t val[2048];
	size_t vlen;
} rec;

/* Copy every record of @db out of the vault. */
static size_t records_of(rec *out, size_t cap, sv_vault *v, enum sv_db db)
{
	sv_txn t;
	sv_cursor c = { 0 };
	const uint8_t *k, *val;
	size_t klen, n, count = 0;
	ASSERT_OK(sv__txn_begin(&t, v->env, 0));
	ASSERT_OK(sv__cursor_open(&c, &t, db));
	for (int s = sv__cursor_seek(&c, NULL, 0, &k, &klen, &val, &n);
	     s == SV_OK && count < cap;
	     s = sv__cursor_next(&c, &k, &klen, &val, &n)) {
		ASSERT(klen <= sizeof out->key && n <= sizeof out->val);
		out[count].db = db;
		memcpy(out[count].key, k, klen);
		out[count].klen = klen;
		memcpy(out[count].val, val, n);
		out[count].vlen = n;
		count++;
	}
	sv__cursor_close(&c);
	sv__txn_abort(&t);
	return count;
}

static void put_raw(sv_vault *v, const rec *r, const uint8_t *val, size_t n)
{
	sv_txn t;
	ASSERT_OK(sv__txn_begin(&t, v->env, 1));
	ASSERT_OK(sv__db_put_raw(&t, r->db, r->key, r->klen, val, n));
	ASSERT_OK(sv__txn_commit(&t));
}

/* What the library makes of the vault now: the code of reading every
 * secret (or of reloading the keyring), and whether any value differs
 * from what was written. */
static int read_all(sv_vault *v, int *wrong)
{
	static const char *names[] = { "alpha", "beta" };
	static const char *want[] = { "alpha-value-2", "beta-value" };
	int first_bad = SV_OK;
	v->ring_gen = 0; /* re-read the keyring from the file */
	sv_txn t;
	ASSERT_OK(sv__txn_begin(&t, v->env, 0));
	int rc = sv__keyring_refresh(v, &t);
	sv__txn_abort(&t);
	if (rc != SV_OK)
		return rc;
	for (int i = 0; i < 2; i++) {
		/* Listing every version reads (and checks) the index. */
		sv_version_list_options lo = SV_VERSION_LIST_OPTIONS_INIT;
		sv_iter *it = NULL;
		lo.include_deprecated = 1;
		rc = sv_version_list(&it, v, names[i], &lo);
		sv_iter_free(it);
		if (rc != SV_OK && first_bad == SV_OK)
			first_bad = rc;
		sv_value *val = NULL;
		rc = sv_secret_get_value(&val, v, names[i], NULL);
		if (rc == SV_OK && strcmp(sv_value_data(val), want[i]) != 0)
			(*wrong)++;
		sv_value_free(val);
		if (rc != SV_OK && first_bad == SV_OK)
			first_bad = rc;
		sv_get_options o = SV_GET_OPTIONS_INIT;
		o.version_id = VID;
		if (i == 0) { /* the older version of alpha, by id */
			rc = sv_secret_get_value(&val, v, names[i], &o);
			if (rc == SV_OK &&
			    strcmp(sv_value_data(val), "alpha-value-1") != 0)
				(*wrong)++;
			sv_value_free(val);
			if (rc != SV_OK && first_bad == SV_OK)
				first_bad = rc;
		}
	}
	return first_bad;
}

TEST(tamper_every_record_kind_detected)
{
	sv_vault *v = test_vault_create("v");
	char kid[SV_KEY_ID_BUFSIZE];
	ASSERT_OK(sv_key_create(kid, v, "alias/app", "app key", 0));
	sv_create_options c = SV_CREATE_OPTIONS_INIT;
	c.secret_string = "alpha-value-1";
	c.secret_string_len = 13;
	c.client_request_token = VID;
	c.kms_key_id = "alias/app";
	c.description = "first secret";
	ASSERT_OK(sv_secret_create(NULL, v, "alpha", &c));
	test_put(v, "alpha", "alpha-value-2", NULL, NULL, NULL);
	test_create(v, "beta", "beta-value", NULL);
	int wrong = 0;
	ASSERT_OK(read_all(v, &wrong)); /* the untouched vault reads fine */
	ASSERT_EQ(wrong, 0);

	static rec recs[96];
	size_t n = 0;
	const enum sv_db kinds[] = { SV_DB_SECRETS, SV_DB_VERSIONS, SV_DB_KEYS,
				     SV_DB_KEK };
	for (size_t k = 0; k < 4; k++)
		n += records_of(recs + n, 96 - n, v, kinds[k]);
	ASSERT(n >= 8);
	uint64_t cases = 0, undetected = 0;
	uint8_t buf[2048];
	for (size_t r = 0; r < n; r++) {
		for (size_t i = 0; i < recs[r].vlen; i++) {
			memcpy(buf, recs[r].val, recs[r].vlen);
			buf[i] ^= (uint8_t)(i % 255 + 1);
			put_raw(v, &recs[r], buf, recs[r].vlen);
			int rc = read_all(v, &wrong);
			cases++;
			if (rc != SV_EINTEGRITY) {
				undetected++;
				fprintf(stderr,
					"db %d record %zu byte %zu: rc %d "
					"(%s)\n",
					recs[r].db, r, i, rc, sv_error_last());
			}
		}
		/* And truncated by one byte. */
		put_raw(v, &recs[r], recs[r].val, recs[r].vlen - 1);
		cases++;
		if (read_all(v, &wrong) != SV_EINTEGRITY)
			undetected++;
		put_raw(v, &recs[r], recs[r].val, recs[r].vlen); /* restore */
	}
	ASSERT_EQ(wrong, 0);
	ASSERT_OK(read_all(v, &wrong));
	printf("figure: tamper_cases=%llu undetected=%llu wrong_values=%d\n",
	       (unsigned long long)cases, (unsigned long long)undetected,
	       wrong);
	ASSERT_EQ(undetected, 0);
	sv_vault_close(v);
}

/* The records that unlock the vault: a flip anywhere refuses the open. */
TEST(tamper_meta_and_slot_refuse_open)
{
	sv_vault *v = test_vault_create("v");
	test_create(v, "s", "value", NULL);
	static rec recs[4];
	size_t n = records_of(recs, 2, v, SV_DB_META);
	n += records_of(recs + n, 2, v, SV_DB_SLOTS);
	ASSERT_EQ(n, 2);
	sv_vault_close(v);
	uint64_t cases = 0, opened = 0;
	uint8_t buf[2048];
	for (size_t r = 0; r < n; r++) {
		for (size_t i = 0; i < recs[r].vlen; i++) {
			sv_env *e;
			ASSERT_OK(sv__store_open(&e, test_path("v"), 0, 0, 0));
			sv_txn t;
			memcpy(buf, recs[r].val, recs[r].vlen);
			buf[i] ^= (uint8_t)(i % 255 + 1);
			ASSERT_OK(sv__txn_begin(&t, e, 1));
			ASSERT_OK(sv__db_put_raw(&t, recs[r].db, recs[r].key,
						 recs[r].klen, buf,
						 recs[r].vlen));
			ASSERT_OK(sv__txn_commit(&t));
			sv__store_close(e);
			sv_vault *w = NULL;
			sv_key_options k = test_passphrase("pw");
			sv_vault_options o = test_vault_options();
			int rc = sv_vault_open(&w, test_path("v"), &k, &o);
			cases++;
			if (rc == SV_OK) {
				opened++;
				fprintf(stderr, "db %d byte %zu: opened\n",
					recs[r].db, i);
				sv_vault_close(w);
			} else if (rc != SV_EAUTH && rc != SV_EINTEGRITY &&
				   rc != SV_EFORMAT && rc != SV_EKDFPARAMS) {
				TEST_FAIL_("db %d byte %zu: unexpected %d",
					   recs[r].db, i, rc);
			}
		}
		sv_env *e;
		sv_txn t;
		ASSERT_OK(sv__store_open(&e, test_path("v"), 0, 0, 0));
		ASSERT_OK(sv__txn_begin(&t, e, 1));
		ASSERT_OK(sv__db_put_raw(&t, recs[r].db, recs[r].key,
					 recs[r].klen, recs[r].val,
					 recs[r].vlen));
		ASSERT_OK(sv__txn_commit(&t));
		sv__store_close(e);
	}
	v = test_vault_open("v");
	ASSERT_STR_EQ(test_get(v, "s", NULL), "value");
	sv_vault_close(v);
	printf("figure: unlock_tamper_cases=%llu opened=%llu\n",
	       (unsigned long long)cases, (unsigned long long)opened);
	ASSERT_EQ(opened, 0);
}
