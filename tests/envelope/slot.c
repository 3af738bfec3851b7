/* Tests of key slots, vault unlocking and the keyring. */
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "api/internal.h"
#include "envelope/envelope.h"
#include "harness.h"
#include "kat.h"
#include "testutil.h"
#include "util/mem.h"

#define AUTH_MSG "The key does not open this vault."

static sv_key_options keyfile(const char *path)
{
	sv_key_options k = SV_KEY_OPTIONS_INIT;
	k.type = SV_KEY_FILE;
	k.path = path;
	return k;
}

static void make_keyfile(const char *path, uint8_t fill, int mode)
{
	uint8_t bytes[64];
	memset(bytes, fill, sizeof bytes);
	ASSERT_EQ(test_write_file(path, bytes, sizeof bytes, mode), 0);
}

TEST(vault_create_open_close)
{
	sv_vault *v = test_vault_create("v");
	sv_vault_info info = SV_VAULT_INFO_INIT;
	ASSERT_OK(sv_vault_info_get(&info, v));
	ASSERT_STR_EQ(info.region, "us-east-1");
	ASSERT_STR_EQ(info.account_id, "000000000000");
	ASSERT_EQ(info.slot_count, 1);
	ASSERT_EQ(info.key_count, 1);
	sv_vault_close(v);
	v = test_vault_open("v");
	sv_vault_info again = SV_VAULT_INFO_INIT;
	ASSERT_OK(sv_vault_info_get(&again, v));
	ASSERT_MEM_EQ(info.vault_id, again.vault_id, 16);
	sv_vault_close(v);
	sv_vault_close(NULL);
	/* Modes: directory 0700, files 0600. */
	struct stat st;
	ASSERT_EQ(stat(test_path("v"), &st), 0);
	ASSERT_EQ(st.st_mode & 0777, 0700);
	ASSERT_EQ(stat(test_path("v/data.mdb"), &st), 0);
	ASSERT_EQ(st.st_mode & 0777, 0600);
	ASSERT_EQ(stat(test_path("v/lock.mdb"), &st), 0);
	ASSERT_EQ(st.st_mode & 0777, 0600);
}

TEST(vault_create_twice_refused)
{
	sv_vault *v = test_vault_create("v"), *w = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	ASSERT_ERR(sv_vault_create(&w, test_path("v"), &k, &o), SV_EEXISTS,
		   NULL);
	ASSERT(w == NULL);
	sv_vault_close(v);
}

TEST(vault_open_missing_says_so)
{
	sv_vault *v = (sv_vault *)1;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	ASSERT_ERR(sv_vault_open(&v, test_path("nothing"), &k, &o),
		   SV_ENOTFOUND, NULL);
	ASSERT(v == NULL);
	ASSERT(strstr(sv_error_last(), "no vault at") != NULL);
}

TEST(vault_wrong_keys_give_one_uniform_error)
{
	sv_vault *v = test_vault_create("v"), *w = NULL;
	make_keyfile(test_path("kf"), 0x11, 0600);
	sv_key_options kf = keyfile(test_path("kf"));
	ASSERT_OK(sv_vault_add_key_slot(v, &kf));
	sv_vault_close(v);

	sv_vault_options o = test_vault_options();
	sv_key_options wrong = test_passphrase("not the passphrase");
	ASSERT_ERR(sv_vault_open(&w, test_path("v"), &wrong, &o), SV_EAUTH,
		   AUTH_MSG);
	ASSERT(w == NULL);
	make_keyfile(test_path("kf2"), 0x22, 0600);
	sv_key_options wrongfile = keyfile(test_path("kf2"));
	ASSERT_ERR(sv_vault_open(&w, test_path("v"), &wrongfile, &o), SV_EAUTH,
		   AUTH_MSG);
	uint8_t raw[32] = { 0 };
	sv_key_options rawk = SV_KEY_OPTIONS_INIT;
	rawk.type = SV_KEY_RAW;
	rawk.secret = raw;
	rawk.secret_len = 32;
	ASSERT_ERR(sv_vault_open(&w, test_path("v"), &rawk, &o), SV_EAUTH,
		   AUTH_MSG);
	/* Both real keys still open it. */
	ASSERT_OK(sv_vault_open(&w, test_path("v"), &kf, &o));
	sv_vault_close(w);
	w = test_vault_open("v");
	sv_vault_close(w);
}

/* A slot that is valid in itself but wraps a different master key. */
TEST(vault_substituted_slot_rejected)
{
	sv_vault *v = test_vault_create("v"), *w = NULL;
	uint8_t store_id[16];
	memcpy(store_id, v->store_id, 16);
	sv_vault_close(v);
	uint8_t other_mk[32];
	randombytes_buf(other_mk, 32);
	sv_key_options k = test_passphrase("attacker");
	sv_buf slot = { 0 };
	ASSERT_OK(sv__slot_seal(&slot, &k, store_id, 1, 1, other_mk,
				SV_VAULT_ALLOW_WEAK_KDF));
	/* Plant it with raw LMDB access, bypassing the library. */
	sv_env *e;
	ASSERT_OK(sv__store_open(&e, test_path("v"), 0, 0, 0));
	sv_txn t;
	uint8_t idx = 1;
	ASSERT_OK(sv__txn_begin(&t, e, 1));
	ASSERT_OK(sv__db_put(&t, SV_DB_SLOTS, &idx, 1, slot.p, slot.len));
	ASSERT_OK(sv__txn_commit(&t));
	sv__store_close(e);
	sv__buf_free(&slot);
	sv_vault_options o = test_vault_options();
	ASSERT_ERR(sv_vault_open(&w, test_path("v"), &k, &o), SV_EAUTH,
		   AUTH_MSG);
	ASSERT(w == NULL);
}

TEST(slot_kdf_params_over_caps_refused_before_kdf)
{
	uint8_t store_id[16] = { 1 }, mk[32] = { 2 }, out[32];
	sv_key_options k = test_passphrase("pw");
	sv_buf slot = { 0 };
	ASSERT_OK(sv__init());
	ASSERT_OK(sv__slot_seal(&slot, &k, store_id, 1, 0, mk,
				SV_VAULT_ALLOW_WEAK_KDF));
	/* params start at offset 32: alg u8, ops u32, mem u64, salt. */
	sv__put_u64(slot.p + 37, 1ull << 40);
	ASSERT_ERR(sv__slot_open(out, slot.p, slot.len, &k, store_id, 0,
				 SV_VAULT_ALLOW_WEAK_KDF),
		   SV_EKDFPARAMS, NULL);
	sv__put_u64(slot.p + 37, crypto_pwhash_MEMLIMIT_MIN);
	sv__put_u32(slot.p + 33, 1000);
	ASSERT_ERR(sv__slot_open(out, slot.p, slot.len, &k, store_id, 0,
				 SV_VAULT_ALLOW_WEAK_KDF),
		   SV_EKDFPARAMS, NULL);
	/* Below the floor without the weak-KDF flag. */
	sv__put_u32(slot.p + 33, 1);
	ASSERT_ERR(sv__slot_open(out, slot.p, slot.len, &k, store_id, 0, 0),
		   SV_EKDFPARAMS, NULL);
	/* Any other edit within the caps is simply the wrong key. */
	sv__put_u32(slot.p + 33, 2);
	ASSERT_ERR(sv__slot_open(out, slot.p, slot.len, &k, store_id, 0,
				 SV_VAULT_ALLOW_WEAK_KDF),
		   SV_EAUTH, AUTH_MSG);
	sv__buf_free(&slot);
	/* Creating with parameters over the caps is refused too. */
	sv_vault *v = NULL;
	sv_vault_options o = test_vault_options();
	k.kdf_memlimit = 1ull << 40;
	ASSERT_ERR(sv_vault_create(&v, test_path("v"), &k, &o), SV_EKDFPARAMS,
		   NULL);
}

TEST(slot_every_byte_flip_rejected)
{
	uint8_t store_id[16] = { 3 }, mk[32], out[32];
	uint8_t raw[32];
	sv_key_options k = SV_KEY_OPTIONS_INIT;
	k.type = SV_KEY_RAW;
	k.secret = raw;
	k.secret_len = 32;
	ASSERT_OK(sv__init());
	randombytes_buf(raw, 32);
	randombytes_buf(mk, 32);
	sv_buf slot = { 0 };
	ASSERT_OK(sv__slot_seal(&slot, &k, store_id, 1, 0, mk, 0));
	ASSERT_OK(sv__slot_open(out, slot.p, slot.len, &k, store_id, 0, 0));
	ASSERT_MEM_EQ(out, mk, 32);
	for (size_t i = 0; i < slot.len; i++) {
		uint8_t mask = (uint8_t)(i % 255 + 1);
		slot.p[i] ^= mask;
		int rc = sv__slot_open(out, slot.p, slot.len, &k, store_id, 0,
				       0);
		slot.p[i] ^= mask;
		/* The type byte turns it into a slot of another kind. */
		if (rc == SV_OK)
			TEST_FAIL_("flip at %zu accepted", i);
	}
	sv__buf_free(&slot);
}

TEST(slot_known_answer)
{
	test_rng_deterministic(7);
	uint8_t store_id[16] = { 9 }, mk[32], raw[32];
	memset(mk, 0x5a, 32);
	memset(raw, 0xa5, 32);
	sv_key_options k = SV_KEY_OPTIONS_INIT;
	k.type = SV_KEY_RAW;
	k.secret = raw;
	k.secret_len = 32;
	sv_buf slot = { 0 };
	ASSERT_OK(sv__slot_seal(&slot, &k, store_id, 1, 0, mk, 0));
	uint8_t digest[32];
	char hex[65];
	crypto_generichash(digest, 32, slot.p, slot.len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, digest, 32);
	ASSERT_EQ(slot.len, 32 + 16 + 2 + 72);
	ASSERT_STR_EQ(hex, SLOT_KAT_DIGEST);
	sv__buf_free(&slot);
}

TEST(keyfile_group_readable_refused)
{
	sv_vault *v = test_vault_create("v");
	make_keyfile(test_path("kf"), 0x33, 0644);
	sv_key_options kf = keyfile(test_path("kf"));
	ASSERT_ERR(sv_vault_add_key_slot(v, &kf), SV_EINSECURE, NULL);
	ASSERT(strstr(sv_error_last(), "mode 0644") != NULL);
	ASSERT(strstr(sv_error_last(), "chmod 600") != NULL);
	ASSERT(strstr(sv_vault_errmsg(v), "mode 0644") != NULL);
	sv_vault_close(v);
}

TEST(keyfile_symlink_refused)
{
	sv_vault *v = test_vault_create("v");
	make_keyfile(test_path("kf"), 0x33, 0600);
	ASSERT_EQ(symlink(test_path("kf"), test_path("link")), 0);
	sv_key_options kf = keyfile(test_path("link"));
	ASSERT_ERR(sv_vault_add_key_slot(v, &kf), SV_EINSECURE, NULL);
	ASSERT(strstr(sv_error_last(), "symbolic link") != NULL);
	/* Too short a key file is refused as well. */
	ASSERT_EQ(test_write_file(test_path("short"), "abc", 3, 0600), 0);
	kf = keyfile(test_path("short"));
	ASSERT_ERR(sv_vault_add_key_slot(v, &kf), SV_EINVALID, NULL);
	sv_vault_close(v);
}

TEST(vault_insecure_directory_refused)
{
	sv_vault *v = test_vault_create("v"), *w = NULL;
	sv_vault_close(v);
	ASSERT_EQ(chmod(test_path("v"), 0755), 0);
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	ASSERT_ERR(sv_vault_open(&w, test_path("v"), &k, &o), SV_EINSECURE,
		   NULL);
	ASSERT(strstr(sv_error_last(), "chmod 700") != NULL);
	ASSERT_EQ(chmod(test_path("v"), 0700), 0);
	ASSERT_EQ(chmod(test_path("v/data.mdb"), 0644), 0);
	ASSERT_ERR(sv_vault_open(&w, test_path("v"), &k, &o), SV_EINSECURE,
		   NULL);
}

TEST(vault_raw_and_provider_keys)
{
	uint8_t raw[32];
	randombytes_buf(raw, 32);
	sv_key_options k = SV_KEY_OPTIONS_INIT;
	k.type = SV_KEY_RAW;
	k.secret = raw;
	k.secret_len = 32;
	sv_vault *v = NULL;
	sv_vault_options o = test_vault_options();
	ASSERT_OK(sv_vault_create(&v, test_path("v"), &k, &o));
	sv_vault_close(v);
	ASSERT_OK(sv_vault_open(&v, test_path("v"), &k, &o));
	sv_vault_close(v);
	k.secret_len = 31;
	ASSERT_ERR(sv_vault_open(&v, test_path("v"), &k, &o), SV_EINVALID,
		   NULL);
}

TEST(kek_rotation_keeps_old_records_readable)
{
	sv_vault *v = test_vault_create("v");
	sv_kek *key;
	sv_kek_version *ver;
	ASSERT_OK(sv__key_for_write(&key, &ver, v, NULL));
	ASSERT_EQ(ver->version, 1);
	char key_id[SV_KEY_ID_BUFSIZE];
	memcpy(key_id, key->id, sizeof key_id);
	const char *arn =
		"arn:aws:secretsmanager:us-east-1:000000000000:secret:a-AAAAAA";
	uint8_t secret_id[16] = { 4 };
	sv_vrec_in in = { v->store_id,
			  secret_id,
			  1,
			  1,
			  "v1-0123456789abcdef0123456789abcdef",
			  key_id,
			  1,
			  arn,
			  0,
			  64 };
	sv_dek_wrap w;
	ASSERT_OK(sv__key_wrap_for(&w, v, key_id, 1));
	sv_buf b = { 0 };
	ASSERT_OK(sv__vrec_seal(&b, &in, &w, "old", 3));

	uint32_t newver = 0;
	ASSERT_OK(sv_key_rotate(&newver, v, SV_DEFAULT_KEY_ALIAS));
	ASSERT_EQ(newver, 2);
	ASSERT_OK(sv__key_for_write(&key, &ver, v, NULL));
	ASSERT_EQ(ver->version, 2); /* new records use version 2 */
	sv_vault_close(v);

	v = test_vault_open("v"); /* and it survives a reopen */
	ASSERT_OK(sv__key_for_write(&key, &ver, v, "alias/aws/secretsmanager"));
	ASSERT_EQ(ver->version, 2);
	sv_vrec h;
	uint8_t *val;
	size_t vlen, cap;
	ASSERT_OK(sv__vrec_parse(&h, b.p, b.len));
	ASSERT_OK(sv__key_wrap_for(&w, v, h.key_ref, h.kek_version));
	ASSERT_OK(sv__vrec_open(&val, &vlen, &cap, &h, b.p, v->store_id,
				secret_id, 1, arn, &w));
	ASSERT_MEM_EQ(val, "old", 3);
	sv__free_secret(val, cap);
	char id[SV_KEY_ID_BUFSIZE], alias[64];
	uint32_t primary;
	ASSERT_OK(sv_key_list(id, &primary, alias, sizeof alias, v, 0));
	ASSERT_STR_EQ(alias, SV_DEFAULT_KEY_ALIAS);
	ASSERT_EQ(primary, 2);
	ASSERT_EQ(sv_key_list(id, &primary, alias, sizeof alias, v, 1),
		  SV_ITEROVER);
	/* A second key, found by alias. */
	char id2[SV_KEY_ID_BUFSIZE];
	ASSERT_OK(sv_key_create(id2, v, "alias/app", "application key", 0));
	ASSERT_OK(sv__key_for_write(&key, &ver, v, "alias/app"));
	ASSERT_STR_EQ(key->id, id2);
	ASSERT_ERR(sv_key_create(NULL, v, "alias/app", NULL, 0), SV_EEXISTS,
		   NULL);
	ASSERT_ERR(sv_key_create(NULL, v, "noprefix", NULL, 0), SV_EINVALID,
		   NULL);
	sv__buf_free(&b);
	sv_vault_close(v);
}

TEST(keys_arena_zeroed_on_release)
{
	sv_arena *a = sv__arena_new(4);
	ASSERT(a != NULL);
	uint8_t *k = sv__arena_key(a);
	memset(k, 0xee, 32);
	sv__arena_release(a, k);
	ASSERT(sodium_is_zero(k, 32));
	sv__arena_free(a);
}

TEST(error_messages_never_hold_secrets)
{
	const char *canary = "CANARY-7f3a9c1e-passphrase";
	sv_vault *v = test_vault_create("v"), *w = NULL;
	sv_vault_close(v);
	sv_key_options k = test_passphrase(canary);
	sv_vault_options o = test_vault_options();
	ASSERT_EQ(sv_vault_open(&w, test_path("v"), &k, &o), SV_EAUTH);
	ASSERT(strstr(sv_error_last(), "CANARY") == NULL);
	k.kdf_memlimit = 1ull << 40;
	ASSERT_EQ(sv_vault_create(&w, test_path("w"), &k, &o), SV_EKDFPARAMS);
	ASSERT(strstr(sv_error_last(), "CANARY") == NULL);
	/* A key file's bytes never appear either. */
	ASSERT_EQ(test_write_file(test_path("kf"),
				  "CANARYKEYFILECANARYKEYFILECANARYKEYFILE", 39,
				  0644),
		  0);
	sv_key_options kf = SV_KEY_OPTIONS_INIT;
	kf.type = SV_KEY_FILE;
	kf.path = test_path("kf");
	ASSERT_EQ(sv_vault_open(&w, test_path("v"), &kf, &o), SV_EINSECURE);
	ASSERT(strstr(sv_error_last(), "CANARYKEY") == NULL);
}

TEST(vault_handle_refused_after_fork)
{
	sv_vault *v = test_vault_create("v");
	pid_t pid = fork();
	if (pid == 0) {
		sv_vault_info info = SV_VAULT_INFO_INIT;
		int rc = sv_vault_info_get(&info, v);
		_exit(rc == SV_EFORKED && sodium_is_zero(v->mk, 32) ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	sv_vault_close(v);
}

TEST(vault_options_checked)
{
	sv_vault *v = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	o.version = 99;
	ASSERT_ERR(sv_vault_create(&v, test_path("v"), &k, &o), SV_EINVALID,
		   "invalid version 99 on sv_vault_options");
	o = test_vault_options();
	o.region = "Not A Region";
	ASSERT_ERR(sv_vault_create(&v, test_path("v"), &k, &o), SV_EINVALID,
		   NULL);
	o.region = "eu-west-3";
	o.account_id = "12345";
	ASSERT_ERR(sv_vault_create(&v, test_path("v"), &k, &o), SV_EINVALID,
		   NULL);
	o.account_id = "123456789012";
	ASSERT_OK(sv_vault_create(&v, test_path("v"), &k, &o));
	sv_vault_info info = SV_VAULT_INFO_INIT;
	ASSERT_OK(sv_vault_info_get(&info, v));
	ASSERT_STR_EQ(info.region, "eu-west-3");
	ASSERT_STR_EQ(info.account_id, "123456789012");
	sv_vault_close(v);
	sv_key_options bad = SV_KEY_OPTIONS_INIT;
	ASSERT_ERR(sv_vault_open(&v, test_path("v"), &bad, NULL), SV_EINVALID,
		   NULL);
	ASSERT_ERR(sv_key_options_init(&bad, 7), SV_EINVALID, NULL);
	ASSERT_OK(sv_key_options_init(&bad, SV_KEY_OPTIONS_VERSION));
}

/* SV_KEY_ALIAS_BUFSIZE holds the longest alias a key can have. */
TEST(key_alias_bufsize_holds_the_longest_alias)
{
	sv_vault *v = test_vault_create("v");
	char longest[SV_KEY_ALIAS_BUFSIZE + 1], id[SV_KEY_ID_BUFSIZE];
	memcpy(longest, "alias/", 6);
	memset(longest + 6, 'k', SV_KEY_ALIAS_BUFSIZE - 1 - 6);
	longest[SV_KEY_ALIAS_BUFSIZE - 1] = '\0';
	ASSERT_OK(sv_key_create(id, v, longest, NULL, 0));
	char got[SV_KEY_ALIAS_BUFSIZE], small[SV_KEY_ALIAS_BUFSIZE - 1];
	int found = 0;
	for (uint32_t i = 0; i < 2; i++) {
		char kid[SV_KEY_ID_BUFSIZE];
		ASSERT_OK(sv_key_list(kid, NULL, got, sizeof got, v, i));
		if (strcmp(kid, id) != 0)
			continue;
		found = 1;
		ASSERT_STR_EQ(got, longest);
		ASSERT_ERR(sv_key_list(NULL, NULL, small, sizeof small, v, i),
			   SV_EBUFS, "the alias needs 257 bytes");
	}
	ASSERT(found);
	/* One character more is no alias. */
	longest[SV_KEY_ALIAS_BUFSIZE - 1] = 'k';
	longest[SV_KEY_ALIAS_BUFSIZE] = '\0';
	ASSERT_ERR(sv_key_create(NULL, v, longest, NULL, 0), SV_EINVALID, NULL);
	sv_vault_close(v);
}

/* A vault of another format (here 1, of development builds) is refused
 * with a message that says which, before any key is tried. */
TEST(vault_of_another_format_refused)
{
	sv_vault *v = test_vault_create("v");
	sv_txn t;
	const uint8_t *p;
	size_t n;
	uint8_t rec[1024];
	ASSERT_OK(sv__txn_begin(&t, v->env, 0));
	ASSERT_OK(sv__db_get(&t, SV_DB_META, "M", 1, &p, &n));
	ASSERT(n <= sizeof rec);
	memcpy(rec, p, n);
	sv__txn_abort(&t);
	ASSERT_MEM_EQ(rec, "SVM1", 4);
	ASSERT_EQ(sv__get_u16(rec + 4), 2);
	sv__put_u16(rec + 4, 1);
	ASSERT_OK(sv__txn_begin(&t, v->env, 1));
	ASSERT_OK(sv__db_put_raw(&t, SV_DB_META, "M", 1, rec, n));
	ASSERT_OK(sv__txn_commit(&t));
	sv_vault_close(v);
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	ASSERT_ERR(sv_vault_open(&v, test_path("v"), &k, &o), SV_EFORMAT,
		   "the vault uses format 1; this library reads format 2");
}

/*
 * A rotation that committed is reported as done even when reading the
 * keyring back fails (here: an allocation failing at every point in
 * turn), and the handle then sees it; one that reports SV_ENOMEM changed
 * nothing.
 */
TEST(key_rotate_committed_is_reported_even_if_the_reload_fails)
{
	sv_vault *v = test_vault_create("v");
	char id[SV_KEY_ID_BUFSIZE];
	uint32_t ver = 0, primary = 0;
	int rc;
	for (uint64_t n = 1;; n++) {
		ASSERT(n < 10000);
		sv__mem_fail_after(n);
		rc = sv_key_rotate(&ver, v, SV_DEFAULT_KEY_ALIAS);
		sv__mem_fail_after(0);
		if (rc == SV_OK)
			break;
		ASSERT_EQ(rc, SV_ENOMEM);
		ASSERT_OK(sv_key_list(id, &primary, NULL, 0, v, 0));
		ASSERT_EQ(primary, 1);
	}
	ASSERT_EQ(ver, 2);
	ASSERT_OK(sv_key_list(id, &primary, NULL, 0, v, 0));
	ASSERT_EQ(primary, 2);
	sv_vault_close(v);
}
