/* vault.c - creating, opening and closing vaults; key slots; info. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "api/internal.h"

#define META_KEY "M"

const char *sv_version_string(void)
{
	return SV_VERSION_STRING;
}

int sv_version_number(void)
{
	return SV_VERSION_NUMBER;
}

int sv_key_options_init(sv_key_options *opts, uint32_t version)
{
	static const sv_key_options init = SV_KEY_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_KEY_OPTIONS_VERSION, "sv_key_options");
}

int sv_vault_options_init(sv_vault_options *opts, uint32_t version)
{
	static const sv_vault_options init = SV_VAULT_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_VAULT_OPTIONS_VERSION, "sv_vault_options");
}

int sv__options_init(void *opts, const void *init, size_t size,
		     uint32_t version, uint32_t max, const char *name)
{
	sv__error_clear();
	if (!opts || version < 1 || version > max)
		return sv__error_set(SV_EINVALID, "invalid version %u on %s",
				     version, name);
	memcpy(opts, init, size);
	return SV_OK;
}

int sv__vault_enter(sv_vault *v)
{
	sv__error_clear();
	if (!v)
		return sv__error_set(SV_EINVALID, "the vault handle is NULL");
	if (v->fork_gen != sv__fork_generation())
		return sv__error_set(
			SV_EFORKED,
			"this vault handle was opened by the parent process; "
			"open the vault again after fork()");
	return SV_OK;
}

int sv__vault_leave(sv_vault *v, int rc)
{
	if (rc != SV_OK && rc != SV_ITEROVER && v)
		sv__error_copy(v->errmsg);
	return rc;
}

int64_t sv__vault_now(const sv_vault *v)
{
	return sv__now_ms(v->clock, v->clock_payload);
}

const char *sv_vault_errmsg(const sv_vault *v)
{
	return v ? v->errmsg : "the vault handle is NULL";
}

static int check_vault_options(const sv_vault_options *o)
{
	if (!o)
		return SV_OK;
	int rc =
		sv__options_check(o->version, o->reserved,
				  SV_VAULT_OPTIONS_VERSION, "sv_vault_options");
	if (rc != SV_OK)
		return rc;
	if (o->pad_bucket && o->pad_bucket != 16 && o->pad_bucket != 64 &&
	    o->pad_bucket != 256 && o->pad_bucket != 1024)
		return sv__error_set(SV_EINVALID,
				     "pad_bucket must be 16, 64, 256 or 1024");
	if (o->region) {
		/* ^([a-z]+-)+[0-9]+$, as AWS region names are. */
		const char *p = o->region;
		size_t n = strlen(p), dashes = 0;
		int ok = n > 0 && n < 64 && islower((unsigned char)p[0]) &&
			 isdigit((unsigned char)p[n - 1]);
		for (size_t i = 0; ok && i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			if (c == '-')
				ok = ++dashes && i > 0 &&
				     islower((unsigned char)p[i - 1]);
			else if (!islower(c) && !isdigit(c))
				ok = 0;
			else if (isdigit(c) && p[i + 1] &&
				 !isdigit((unsigned char)p[i + 1]))
				ok = 0;
		}
		if (!ok || dashes == 0)
			return sv__error_set(SV_EINVALID,
					     "invalid region \"%s\" (expected "
					     "a name like us-east-1)",
					     p);
	}
	if (o->account_id) {
		size_t n = strlen(o->account_id);
		int ok = n == 12;
		for (size_t i = 0; ok && i < n; i++)
			ok = isdigit((unsigned char)o->account_id[i]);
		if (!ok)
			return sv__error_set(SV_EINVALID,
					     "invalid account id \"%s\" "
					     "(expected 12 digits)",
					     o->account_id);
	}
	return SV_OK;
}

static sv_vault *vault_new(const sv_vault_options *o, const sv_key_options *key)
{
	sv_vault *v = sv__calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->pid = getpid();
	v->fork_gen = sv__fork_generation();
	v->arena = sv__arena_new(SV_ARENA_SLOTS);
	if (!v->arena) {
		sv__free(v);
		return NULL;
	}
	v->mk = sv__arena_key(v->arena);
	v->k_ring = sv__arena_key(v->arena);
	v->k_meta = sv__arena_key(v->arena);
	v->k_state = sv__arena_key(v->arena);
	if (o) {
		v->flags = o->flags;
		v->clock = o->clock;
		v->clock_payload = o->clock_payload;
	}
	if (key->type == SV_KEY_PROVIDER) {
		v->provider = *key->provider;
		v->has_provider = 1;
	}
	return v;
}

/* The checks sv_vault_create() and sv_vault_open() share, in the order
 * both make them; clears *out first. */
static int check_open_args(sv_vault **out, const char *path,
			   const sv_vault_options *opts)
{
	sv__error_clear();
	if (!out)
		return sv__error_set(SV_EINVALID, "out is NULL");
	*out = NULL;
	if (!path || !path[0])
		return sv__error_set(SV_EINVALID, "no vault path given");
	return check_vault_options(opts);
}

void sv_vault_close(sv_vault *v)
{
	if (!v)
		return;
	sv__keyring_free(v);
	if (v->pid == getpid())
		sv__store_close(v->env); /* never touch LMDB after fork() */
	sv__arena_free(v->arena);
	sodium_memzero(v, sizeof *v);
	sv__free(v);
}

static void derive_subkeys(sv_vault *v)
{
	sv__subkey(v->k_ring, v->mk, SV_SUBKEY_RING);
	sv__subkey(v->k_meta, v->mk, SV_SUBKEY_META);
	sv__subkey(v->k_state, v->mk, SV_SUBKEY_STATE);
}

/* ---- The meta record ------------------------------------------------ */

static void meta_mac(uint8_t out[32], const sv_vault *v, const uint8_t *p,
		     size_t n)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, v->k_state, 32, 32);
	crypto_generichash_update(&st, (const uint8_t *)"SV-META-v1", 10);
	crypto_generichash_update(&st, p, n);
	crypto_generichash_final(&st, out, 32);
}

int sv__meta_write(sv_txn *t, sv_vault *v)
{
	sv_buf b = { 0 };
	uint8_t commit[32], mac[32];
	sv__mk_commit(commit, v->mk, v->store_id, v->mk_epoch);
	sv__buf_str(&b, "SVM1");
	sv__buf_u16(&b, SV_FORMAT_VERSION);
	sv__buf_u16(&b, 0);
	sv__buf_append(&b, v->store_id, SV_ID_BYTES);
	sv__buf_u64(&b, (uint64_t)v->created);
	sv__buf_u64(&b, v->mk_epoch);
	sv__buf_append(&b, commit, 32);
	sv__buf_u64(&b, v->ring_gen);
	sv__buf_u16(&b, (uint16_t)v->pad_bucket);
	sv__buf_u8(&b, (uint8_t)strlen(v->region));
	sv__buf_str(&b, v->region);
	sv__buf_u8(&b, (uint8_t)strlen(v->account));
	sv__buf_str(&b, v->account);
	int rc = sv__buf_ok(&b);
	if (rc == SV_OK) {
		meta_mac(mac, v, b.p, b.len);
		sv__buf_append(&b, mac, 32);
		rc = sv__buf_ok(&b);
	}
	if (rc == SV_OK)
		rc = sv__db_put(t, SV_DB_META, META_KEY, 1, b.p, b.len);
	else
		sv__error_set(rc, "out of memory");
	sv__buf_free(&b);
	return rc;
}

typedef struct meta_fields {
	uint8_t commit[32];
	size_t mac_at; /* offset of the MAC */
} meta_fields;

/* Parse the meta record into @v (its MAC is checked once keys exist). */
static int meta_parse(sv_vault *v, meta_fields *m, const uint8_t *p, size_t n)
{
	sv_rd r = { p, n, 0, 0 };
	const uint8_t *magic = sv__rd_take(&r, 4);
	uint16_t format = sv__rd_u16(&r);
	uint16_t flags = sv__rd_u16(&r);
	const uint8_t *sid = sv__rd_take(&r, SV_ID_BYTES);
	v->created = (int64_t)sv__rd_u64(&r);
	v->mk_epoch = sv__rd_u64(&r);
	const uint8_t *commit = sv__rd_take(&r, 32);
	v->ring_gen = sv__rd_u64(&r);
	v->pad_bucket = sv__rd_u16(&r);
	uint8_t rlen = sv__rd_u8(&r);
	const uint8_t *region = sv__rd_take(&r, rlen);
	uint8_t alen = sv__rd_u8(&r);
	const uint8_t *account = sv__rd_take(&r, alen);
	m->mac_at = r.off;
	sv__rd_take(&r, 32);
	if (r.bad || !sv__rd_done(&r) || memcmp(magic, "SVM1", 4) != 0 ||
	    rlen >= sizeof v->region || alen >= sizeof v->account)
		return sv__error_set(SV_EFORMAT,
				     "the vault's meta record is malformed");
	if (format != SV_FORMAT_VERSION || flags != 0)
		return sv__error_set(SV_EFORMAT,
				     "the vault uses format %u; this library "
				     "reads format %u",
				     format, SV_FORMAT_VERSION);
	memcpy(v->store_id, sid, SV_ID_BYTES);
	memcpy(m->commit, commit, 32);
	memcpy(v->region, region, rlen);
	v->region[rlen] = '\0';
	memcpy(v->account, account, alen);
	v->account[alen] = '\0';
	return SV_OK;
}

/* ---- Create ---------------------------------------------------------- */

typedef struct create_ctx {
	sv_vault *v;
	const sv_buf *slot;
	const char *path;
} create_ctx;

static int create_txn(sv_txn *t, void *arg)
{
	create_ctx *c = arg;
	const uint8_t *p;
	size_t n;
	if (sv__db_get(t, SV_DB_META, META_KEY, 1, &p, &n) == SV_OK)
		return sv__error_set(SV_EEXISTS, "a vault already exists at %s",
				     c->path);
	uint8_t idx = 0;
	int rc = sv__db_put(t, SV_DB_SLOTS, &idx, 1, c->slot->p, c->slot->len);
	if (rc == SV_OK)
		rc = sv__meta_write(t, c->v);
	if (rc == SV_OK) /* rewrites the meta record with the new generation */
		rc = sv__key_create_in(t, c->v, SV_DEFAULT_KEY_ALIAS,
				       "Default key that protects secrets when "
				       "no other key is defined",
				       0, NULL);
	return rc;
}

int sv_vault_create(sv_vault **out, const char *path, const sv_key_options *key,
		    const sv_vault_options *opts)
{
	int rc;
	if ((rc = check_open_args(out, path, opts)) != SV_OK ||
	    (rc = sv__key_options_check(key)) != SV_OK ||
	    (rc = sv__init()) != SV_OK)
		return rc;
	sv_vault *v = vault_new(opts, key);
	if (!v)
		return sv__error_set(SV_ENOMEM, "out of memory");
	snprintf(v->region, sizeof v->region, "%s",
		 opts && opts->region ? opts->region : "us-east-1");
	snprintf(v->account, sizeof v->account, "%s",
		 opts && opts->account_id ? opts->account_id : "000000000000");
	v->pad_bucket = opts && opts->pad_bucket ? opts->pad_bucket : 64;
	v->created = sv__vault_now(v);
	v->mk_epoch = 1;
	v->ring_gen = 1;
	randombytes_buf(v->store_id, SV_ID_BYTES);
	crypto_kdf_keygen(v->mk);
	derive_subkeys(v);

	sv_buf slot = { 0 };
	rc = sv__slot_seal(&slot, key, v->store_id, v->mk_epoch, 0, v->mk,
			   v->flags);
	if (rc == SV_OK)
		rc = sv__store_open(&v->env, path, 1, v->flags,
				    opts ? opts->map_size : 0);
	if (rc == SV_OK) {
		create_ctx c = { v, &slot, path };
		rc = sv__store_write(v->env, create_txn, &c);
	}
	sv__buf_free(&slot);
	if (rc == SV_OK)
		rc = sv__keyring_reload(v);
	if (rc != SV_OK) {
		sv_vault_close(v);
		return rc;
	}
	*out = v;
	return SV_OK;
}

/* ---- Open ------------------------------------------------------------ */

#define MAX_SLOT_BYTES (64 + 256 + SV_PROVIDER_WRAPPED_MAX)

typedef struct slot_copy {
	uint8_t index;
	uint8_t bytes[MAX_SLOT_BYTES];
	size_t len;
} slot_copy;

/* Copy the meta record and every slot out of one read transaction. */
static int read_slots(sv_vault *v, uint8_t *meta, size_t *meta_len,
		      slot_copy *slots, size_t *nslots)
{
	sv_txn t;
	int rc = sv__txn_begin(&t, v->env, 0);
	if (rc != SV_OK)
		return rc;
	const uint8_t *p, *k;
	size_t n, klen;
	rc = sv__db_get(&t, SV_DB_META, META_KEY, 1, &p, &n);
	if (rc == SV_ENOTFOUND)
		rc = sv__error_set(SV_ENOTFOUND, "no vault here: the directory "
						 "holds no vault meta record");
	else if (rc == SV_OK && n > 512)
		rc = sv__error_set(SV_EFORMAT,
				   "the vault's meta record is malformed");
	if (rc == SV_OK) {
		memcpy(meta, p, n);
		*meta_len = n;
	}
	sv_cursor c = { 0 };
	*nslots = 0;
	if (rc == SV_OK &&
	    (rc = sv__cursor_open(&c, &t, SV_DB_SLOTS)) == SV_OK) {
		int step = sv__cursor_seek(&c, NULL, 0, &k, &klen, &p, &n);
		for (; step == SV_OK && *nslots < SV_MAX_SLOTS;
		     step = sv__cursor_next(&c, &k, &klen, &p, &n)) {
			if (klen != 1 || n > MAX_SLOT_BYTES)
				continue; /* cannot be a slot we wrote */
			slots[*nslots].index = k[0];
			memcpy(slots[*nslots].bytes, p, n);
			slots[*nslots].len = n;
			(*nslots)++;
		}
		if (step != SV_OK && step != SV_ITEROVER)
			rc = step;
		sv__cursor_close(&c);
	}
	sv__txn_abort(&t);
	return rc;
}

/* Try each slot with @key; any one that yields the committed master key
 * opens the vault.  Every way of failing looks the same to the caller. */
static int unlock(sv_vault *v, const sv_key_options *key,
		  const slot_copy *slots, size_t nslots,
		  const uint8_t commit[32])
{
	for (size_t i = 0; i < nslots; i++) {
		int rc = sv__slot_open(v->mk, slots[i].bytes, slots[i].len, key,
				       v->store_id, slots[i].index, v->flags);
		if (rc == SV_ITEROVER || rc == SV_EAUTH || rc == SV_EINTEGRITY)
			continue; /* not this slot */
		if (rc != SV_OK)
			return rc; /* a problem with the key itself */
		uint8_t got[32];
		sv__mk_commit(got, v->mk, v->store_id, v->mk_epoch);
		if (sodium_memcmp(got, commit, 32) == 0)
			return SV_OK;
		sodium_memzero(v->mk, 32); /* a slot around another key */
	}
	return sv__error_set(SV_EAUTH, "The key does not open this vault.");
}

static int open_with(sv_vault *v, const char *path, const sv_key_options *key,
		     const sv_vault_options *opts)
{
	uint8_t meta[512];
	size_t meta_len = 0, nslots = 0;
	slot_copy *slots = sv__calloc(SV_MAX_SLOTS, sizeof *slots);
	meta_fields m;
	if (!slots)
		return sv__error_set(SV_ENOMEM, "out of memory");
	int rc = sv__store_open(&v->env, path, 0, v->flags,
				opts ? opts->map_size : 0);
	if (rc == SV_OK)
		rc = read_slots(v, meta, &meta_len, slots, &nslots);
	if (rc == SV_OK)
		rc = meta_parse(v, &m, meta, meta_len);
	if (rc == SV_OK)
		rc = unlock(v, key, slots, nslots, m.commit);
	sodium_memzero(slots, SV_MAX_SLOTS * sizeof *slots);
	sv__free(slots);
	if (rc != SV_OK)
		return rc;
	derive_subkeys(v);
	uint8_t mac[32];
	meta_mac(mac, v, meta, m.mac_at);
	if (sodium_memcmp(mac, meta + m.mac_at, 32) != 0)
		return sv__error_set(
			SV_EINTEGRITY,
			"the vault's meta record failed authentication");
	return sv__keyring_reload(v);
}

int sv_vault_open(sv_vault **out, const char *path, const sv_key_options *key,
		  const sv_vault_options *opts)
{
	int rc;
	if ((rc = check_open_args(out, path, opts)) != SV_OK ||
	    (rc = sv__key_preflight(key)) != SV_OK ||
	    (rc = sv__init()) != SV_OK)
		return rc;
	if (opts && (opts->region || opts->account_id || opts->pad_bucket))
		return sv__error_set(SV_EINVALID,
				     "region, account_id and pad_bucket are "
				     "fixed when a vault is created");
	sv_vault *v = vault_new(opts, key);
	if (!v)
		return sv__error_set(SV_ENOMEM, "out of memory");
	if ((rc = open_with(v, path, key, opts)) != SV_OK) {
		sv_vault_close(v);
		return rc;
	}
	*out = v;
	return SV_OK;
}

/* ---- Slots and info -------------------------------------------------- */

typedef struct slot_add_ctx {
	const sv_buf *slot;
	uint8_t index;
} slot_add_ctx;

static int add_slot_txn(sv_txn *t, void *arg)
{
	slot_add_ctx *c = arg;
	return sv__db_put(t, SV_DB_SLOTS, &c->index, 1, c->slot->p,
			  c->slot->len);
}

static int next_slot_index(sv_vault *v, uint8_t *out)
{
	sv_txn t;
	int rc = sv__txn_begin(&t, v->env, 0);
	if (rc != SV_OK)
		return rc;
	uint8_t used[256] = { 0 };
	sv_cursor c = { 0 };
	const uint8_t *k, *p;
	size_t klen, n;
	if ((rc = sv__cursor_open(&c, &t, SV_DB_SLOTS)) == SV_OK) {
		for (int s = sv__cursor_seek(&c, NULL, 0, &k, &klen, &p, &n);
		     s == SV_OK; s = sv__cursor_next(&c, &k, &klen, &p, &n))
			if (klen == 1)
				used[k[0]] = 1;
		sv__cursor_close(&c);
	}
	sv__txn_abort(&t);
	for (int i = 0; i < SV_MAX_SLOTS; i++) {
		if (!used[i]) {
			*out = (uint8_t)i;
			return rc;
		}
	}
	return sv__error_set(SV_ELIMIT, "the vault already has %d key slots",
			     SV_MAX_SLOTS);
}

int sv_vault_add_key_slot(sv_vault *v, const sv_key_options *key)
{
	int rc = sv__vault_enter(v);
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	uint8_t index = 0;
	sv_buf slot = { 0 };
	if ((rc = next_slot_index(v, &index)) == SV_OK)
		rc = sv__slot_seal(&slot, key, v->store_id, v->mk_epoch, index,
				   v->mk, v->flags);
	if (rc == SV_OK) {
		slot_add_ctx c = { &slot, index };
		rc = sv__store_write(v->env, add_slot_txn, &c);
	}
	sv__buf_free(&slot);
	return sv__vault_leave(v, rc);
}

int sv_vault_info_get(sv_vault_info *out, sv_vault *v)
{
	int rc = sv__vault_enter(v);
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	if (!out || out->version < 1 || out->version > SV_VAULT_INFO_VERSION)
		return sv__vault_leave(
			v, sv__error_set(SV_EINVALID,
					 "sv_vault_info needs version set to "
					 "SV_VAULT_INFO_VERSION"));
	uint32_t version = out->version;
	memset(out, 0, sizeof *out);
	out->version = version;
	out->format = SV_FORMAT_VERSION;
	memcpy(out->vault_id, v->store_id, SV_ID_BYTES);
	snprintf(out->region, sizeof out->region, "%s", v->region);
	snprintf(out->account_id, sizeof out->account_id, "%s", v->account);
	out->pad_bucket = v->pad_bucket;
	out->mlock_ok = (uint32_t)sv__arena_locked(v->arena);
	out->created = v->created;
	sv_txn t;
	uint64_t n = 0;
	if ((rc = sv__txn_begin(&t, v->env, 0)) == SV_OK) {
		if ((rc = sv__db_count(&t, SV_DB_SLOTS, &n)) == SV_OK)
			out->slot_count = (uint32_t)n;
		if (rc == SV_OK &&
		    (rc = sv__db_count(&t, SV_DB_SECRETS, &n)) == SV_OK)
			out->secret_count = n;
		if (rc == SV_OK && (rc = sv__keyring_refresh(v, &t)) == SV_OK)
			out->key_count = (uint32_t)v->nkeys;
		sv__txn_abort(&t);
	}
	return sv__vault_leave(v, rc);
}
