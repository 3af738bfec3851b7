/*
 * slot.c - SVK1 key slots: a root key (passphrase, key file, raw key or
 * external provider) wraps the master key.
 *
 *   "SVK1" u8 type u8 alg u16 reserved | store_id[16] | epoch u64 |
 *   params (P bytes) | u16 L | wrapped_mk (L)
 *
 * Local wraps are nonce || XChaCha20-Poly1305(KWK, MK, AAD = everything
 * before the wrap || EC_mk).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "envelope/envelope.h"
#include "util/error.h"
#include "util/mem.h"

#define SLOT_HDR 32
#define KEYFILE_MIN 32
#define KEYFILE_MAX 4096
#define SALT_BYTES 16
#define AUTH_MSG "The key does not open this vault."

int sv__key_options_check(const sv_key_options *key)
{
	if (!key)
		return sv__error_set(SV_EINVALID, "no key given");
	int rc = sv__options_check(key->version, key->reserved,
				   SV_KEY_OPTIONS_VERSION, "sv_key_options");
	if (rc != SV_OK)
		return rc;
	switch (key->type) {
	case SV_KEY_PASSPHRASE:
		if (!key->secret || key->secret_len == 0)
			return sv__error_set(SV_EINVALID,
					     "the passphrase is empty");
		if (key->secret_len > 4096)
			return sv__error_set(
				SV_EINVALID,
				"the passphrase is longer than 4096 bytes");
		return SV_OK;
	case SV_KEY_FILE:
		if (!key->path || !key->path[0])
			return sv__error_set(SV_EINVALID,
					     "no key file path given");
		return SV_OK;
	case SV_KEY_RAW:
		if (!key->secret || key->secret_len != 32)
			return sv__error_set(
				SV_EINVALID,
				"a raw key must be exactly 32 bytes");
		return SV_OK;
	case SV_KEY_PROVIDER:
		if (!key->provider || key->provider->abi != SV_PROVIDER_ABI ||
		    !key->provider->wrap_mk || !key->provider->unwrap_mk)
			return sv__error_set(SV_EINVALID,
					     "the key provider is incomplete "
					     "or of another ABI");
		if (!key->provider->key_ref ||
		    strlen(key->provider->key_ref) == 0 ||
		    strlen(key->provider->key_ref) > 255)
			return sv__error_set(SV_EINVALID,
					     "the key provider needs a key_ref "
					     "of 1 to 255 bytes");
		return SV_OK;
	default:
		return sv__error_set(SV_EINVALID, "unknown key type %u",
				     key->type);
	}
}

/* Read a key file and hash it; refuses symlinks, non-regular files, other
 * owners and any group or other permission. */
static int keyfile_digest(uint8_t digest[64], const char *path)
{
	uint8_t buf[KEYFILE_MAX + 1];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			return sv__error_set(
				SV_EINSECURE,
				"key file %s is a symbolic link; refusing it",
				path);
		return sv__error_set(errno == ENOENT ? SV_ENOTFOUND : SV_EIO,
				     "cannot open key file %s: %s", path,
				     strerror(errno));
	}
	struct stat st;
	int rc = SV_OK;
	if (fstat(fd, &st) != 0)
		rc = sv__error_set(SV_EIO, "cannot stat key file %s", path);
	else if (!S_ISREG(st.st_mode))
		rc = sv__error_set(SV_EINSECURE,
				   "key file %s is not a regular file", path);
	else if (st.st_uid != geteuid())
		rc = sv__error_set(SV_EINSECURE,
				   "key file %s is owned by another user",
				   path);
	else if (st.st_mode & 077)
		rc = sv__error_set(SV_EINSECURE,
				   "key file %s has mode %04o: it must not be "
				   "readable by group or others (chmod 600)",
				   path, (unsigned)(st.st_mode & 07777));
	if (rc != SV_OK) {
		close(fd);
		return rc;
	}
	size_t n = 0;
	ssize_t r;
	while (n < sizeof buf && (r = read(fd, buf + n, sizeof buf - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = sv__error_set(SV_EIO, "cannot read key file %s",
					   path);
			break;
		}
		n += (size_t)r;
	}
	close(fd);
	if (rc == SV_OK && (n < KEYFILE_MIN || n > KEYFILE_MAX))
		rc = sv__error_set(SV_EINVALID,
				   "key file %s must hold 32 to 4096 bytes",
				   path);
	if (rc == SV_OK)
		crypto_generichash(digest, 64, buf, n, NULL, 0);
	sodium_memzero(buf, sizeof buf);
	return rc;
}

int sv__key_preflight(const sv_key_options *key)
{
	uint8_t digest[64];
	int rc = sv__key_options_check(key);
	if (rc == SV_OK && key->type == SV_KEY_FILE) {
		rc = keyfile_digest(digest, key->path);
		sodium_memzero(digest, sizeof digest);
	}
	return rc;
}

/* KWK = BLAKE2b-256(key = root, label || store_id || salt) */
static void kwk_from_root(uint8_t kwk[32], const uint8_t *root, size_t root_len,
			  const char *label,
			  const uint8_t store_id[SV_ID_BYTES],
			  const uint8_t salt[SALT_BYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, root, root_len, 32);
	crypto_generichash_update(&st, (const uint8_t *)label, strlen(label));
	crypto_generichash_update(&st, store_id, SV_ID_BYTES);
	crypto_generichash_update(&st, salt, SALT_BYTES);
	crypto_generichash_final(&st, kwk, 32);
	sodium_memzero(&st, sizeof st);
}

static int kdf_params_check(uint64_t ops, uint64_t mem, uint32_t flags)
{
	if (ops > SV_KDF_OPS_CAP || mem > SV_KDF_MEM_CAP)
		return sv__error_set(SV_EKDFPARAMS,
				     "Argon2id parameters (ops %llu, mem %llu) "
				     "exceed the caps (ops %u, mem %llu)",
				     (unsigned long long)ops,
				     (unsigned long long)mem, SV_KDF_OPS_CAP,
				     (unsigned long long)SV_KDF_MEM_CAP);
	uint64_t min_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	uint64_t min_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (flags & SV_VAULT_ALLOW_WEAK_KDF) {
		min_ops = crypto_pwhash_OPSLIMIT_MIN;
		min_mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	if (ops < min_ops || mem < min_mem)
		return sv__error_set(SV_EKDFPARAMS,
				     "Argon2id parameters (ops %llu, mem %llu) "
				     "are below the floor (ops %llu, mem %llu)",
				     (unsigned long long)ops,
				     (unsigned long long)mem,
				     (unsigned long long)min_ops,
				     (unsigned long long)min_mem);
	return SV_OK;
}

/* Derive the key-wrapping key of a local slot. */
static int derive_kwk(uint8_t kwk[32], const sv_key_options *key, uint8_t type,
		      const uint8_t *params,
		      const uint8_t store_id[SV_ID_BYTES])
{
	if (type == SV_KEY_PASSPHRASE) {
		uint32_t ops = sv__get_u32(params + 1);
		uint64_t mem = sv__get_u64(params + 5);
		if (crypto_pwhash(kwk, 32, key->secret, key->secret_len,
				  params + 13, ops, (size_t)mem,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
			return sv__error_set(
				SV_ENOMEM,
				"Argon2id could not allocate %llu bytes",
				(unsigned long long)mem);
		return SV_OK;
	}
	if (type == SV_KEY_FILE) {
		uint8_t digest[64];
		int rc = keyfile_digest(digest, key->path);
		if (rc != SV_OK)
			return rc;
		kwk_from_root(kwk, digest, 64, "SV-KEYFILE-v1", store_id,
			      params);
		sodium_memzero(digest, sizeof digest);
		return SV_OK;
	}
	kwk_from_root(kwk, key->secret, 32, "SV-RAW-v1", store_id, params);
	return SV_OK;
}

static int mk_context(sv_buf *ec, const uint8_t store_id[SV_ID_BYTES],
		      uint64_t epoch, uint8_t slot_index)
{
	char store_hex[33], epoch_s[24], slot_s[8];
	sv__hex(store_hex, store_id, SV_ID_BYTES);
	snprintf(epoch_s, sizeof epoch_s, "%llu", (unsigned long long)epoch);
	snprintf(slot_s, sizeof slot_s, "%u", slot_index);
	sv_ec_pair pairs[] = { { "sv:purpose", "mk" },
			       { "sv:store", store_hex },
			       { "sv:epoch", epoch_s },
			       { "sv:slot", slot_s } };
	return sv__ec_build(ec, pairs, 4);
}

static void slot_params(sv_buf *out, const sv_key_options *key, uint32_t ops,
			uint64_t mem)
{
	uint8_t salt[SALT_BYTES];
	randombytes_buf(salt, sizeof salt);
	if (key->type == SV_KEY_PASSPHRASE) {
		sv__buf_u8(out, 2); /* crypto_pwhash_ALG_ARGON2ID13 */
		sv__buf_u32(out, ops);
		sv__buf_u64(out, mem);
		sv__buf_append(out, salt, sizeof salt);
	} else if (key->type == SV_KEY_PROVIDER) {
		size_t n = strlen(key->provider->key_ref);
		sv__buf_u8(out, (uint8_t)n);
		sv__buf_append(out, key->provider->key_ref, n);
	} else {
		sv__buf_append(out, salt, sizeof salt);
	}
}

int sv__slot_seal(sv_buf *out, const sv_key_options *key,
		  const uint8_t store_id[SV_ID_BYTES], uint64_t epoch,
		  uint8_t slot_index, const uint8_t mk[32], uint32_t flags)
{
	int rc = sv__key_options_check(key);
	if (rc != SV_OK)
		return rc;
	uint64_t ops = key->kdf_opslimit ? key->kdf_opslimit
					 : crypto_pwhash_OPSLIMIT_MODERATE;
	uint64_t mem = key->kdf_memlimit ? key->kdf_memlimit
					 : crypto_pwhash_MEMLIMIT_MODERATE;
	if (key->type == SV_KEY_PASSPHRASE &&
	    (rc = kdf_params_check(ops, mem, flags)) != SV_OK)
		return rc;

	size_t start = out->len;
	sv__buf_str(out, "SVK1");
	sv__buf_u8(out, (uint8_t)key->type);
	sv__buf_u8(out, SV_AEAD_XCHACHA);
	sv__buf_u16(out, 0);
	sv__buf_append(out, store_id, SV_ID_BYTES);
	sv__buf_u64(out, epoch);
	slot_params(out, key, (uint32_t)ops, mem);
	if ((rc = sv__buf_ok(out)) != SV_OK)
		return sv__error_set(rc, "out of memory");
	size_t hdr_len = out->len - start;

	sv_buf ec = { 0 };
	if ((rc = mk_context(&ec, store_id, epoch, slot_index)) != SV_OK)
		return rc;

	if (key->type == SV_KEY_PROVIDER) {
		uint8_t wrapped[SV_PROVIDER_WRAPPED_MAX];
		size_t wlen = 0;
		const sv_provider *p = key->provider;
		if (p->wrap_mk(p->payload, ec.p, ec.len, mk, wrapped,
			       sizeof wrapped, &wlen) != 0 ||
		    wlen == 0 || wlen > sizeof wrapped) {
			sv__buf_free(&ec);
			return sv__error_set(
				SV_EKEYPROVIDER,
				"key provider %s failed to wrap the master key",
				p->name ? p->name : "(unnamed)");
		}
		sv__buf_u16(out, (uint16_t)wlen);
		sv__buf_append(out, wrapped, wlen);
		sv__buf_free(&ec);
		return sv__buf_ok(out);
	}

	uint8_t kwk[32];
	rc = derive_kwk(kwk, key, (uint8_t)key->type, out->p + start + SLOT_HDR,
			store_id);
	if (rc != SV_OK) {
		sv__buf_free(&ec);
		return rc;
	}
	sv_buf aad = { 0 };
	sv__buf_append(&aad, out->p + start, hdr_len);
	sv__buf_u16(&aad, SV_LOCAL_WRAP_BYTES);
	sv__buf_append(&aad, ec.p, ec.len);
	sv__buf_u16(out, SV_LOCAL_WRAP_BYTES);
	uint8_t wrap[SV_LOCAL_WRAP_BYTES];
	randombytes_buf(wrap, SV_NONCE_BYTES);
	rc = sv__buf_ok(&aad);
	if (rc == SV_OK) {
		crypto_aead_xchacha20poly1305_ietf_encrypt(
			wrap + SV_NONCE_BYTES, NULL, mk, 32, aad.p, aad.len,
			NULL, wrap, kwk);
		sv__buf_append(out, wrap, sizeof wrap);
		rc = sv__buf_ok(out);
	}
	sodium_memzero(kwk, sizeof kwk);
	sv__buf_free(&aad);
	sv__buf_free(&ec);
	return rc == SV_OK ? SV_OK : sv__error_set(rc, "out of memory");
}

static size_t params_len(uint8_t type, const uint8_t *p, size_t avail)
{
	switch (type) {
	case SV_KEY_PASSPHRASE:
		return 1 + 4 + 8 + SALT_BYTES;
	case SV_KEY_FILE:
	case SV_KEY_RAW:
		return SALT_BYTES;
	case SV_KEY_PROVIDER:
		return avail >= 1 && p[0] > 0 ? 1u + p[0] : 0;
	default:
		return 0;
	}
}

int sv__slot_open(uint8_t mk_out[32], const uint8_t *rec, size_t len,
		  const sv_key_options *key,
		  const uint8_t store_id[SV_ID_BYTES], uint8_t slot_index,
		  uint32_t flags)
{
	sv_rd r = { rec, len, 0, 0 };
	const uint8_t *magic = sv__rd_take(&r, 4);
	uint8_t type = sv__rd_u8(&r);
	uint8_t alg = sv__rd_u8(&r);
	uint16_t reserved = sv__rd_u16(&r);
	const uint8_t *sid = sv__rd_take(&r, SV_ID_BYTES);
	uint64_t epoch = sv__rd_u64(&r);
	size_t plen = r.bad ? 0 : params_len(type, rec + r.off, len - r.off);
	const uint8_t *params = plen ? sv__rd_take(&r, plen) : NULL;
	size_t hdr_len = r.off;
	uint16_t wlen = sv__rd_u16(&r);
	const uint8_t *wrapped = sv__rd_take(&r, wlen);
	if (!magic || memcmp(magic, "SVK1", 4) != 0 || alg != SV_AEAD_XCHACHA ||
	    reserved != 0 || !params || !sv__rd_done(&r) || wlen == 0 ||
	    (type != SV_KEY_PROVIDER && wlen != SV_LOCAL_WRAP_BYTES) ||
	    (type == SV_KEY_PASSPHRASE && params[0] != 2))
		return sv__error_set(SV_EINTEGRITY, "key slot %u is malformed",
				     slot_index);
	if (sodium_memcmp(sid, store_id, SV_ID_BYTES) != 0)
		return sv__error_set(SV_EINTEGRITY,
				     "key slot %u belongs to another vault",
				     slot_index);
	if (type != key->type)
		return SV_ITEROVER; /* a slot of another kind: not for this key
				     */
	int rc;
	if (type == SV_KEY_PASSPHRASE &&
	    (rc = kdf_params_check(sv__get_u32(params + 1),
				   sv__get_u64(params + 5), flags)) != SV_OK)
		return rc;

	sv_buf ec = { 0 };
	if ((rc = mk_context(&ec, store_id, epoch, slot_index)) != SV_OK)
		return rc;
	if (type == SV_KEY_PROVIDER) {
		const sv_provider *p = key->provider;
		if (plen - 1 != strlen(p->key_ref) ||
		    memcmp(params + 1, p->key_ref, plen - 1) != 0) {
			sv__buf_free(&ec);
			return SV_ITEROVER; /* another provider key */
		}
		int bad = p->unwrap_mk(p->payload, ec.p, ec.len, wrapped, wlen,
				       mk_out);
		sv__buf_free(&ec);
		if (bad) {
			sodium_memzero(mk_out, 32);
			return sv__error_set(SV_EKEYPROVIDER,
					     "key provider %s failed to unwrap "
					     "the master key",
					     p->name ? p->name : "(unnamed)");
		}
		return SV_OK; /* a wrong key is caught by the commitment */
	}
	uint8_t kwk[32];
	if ((rc = derive_kwk(kwk, key, type, params, store_id)) != SV_OK) {
		sv__buf_free(&ec);
		return rc;
	}
	sv_buf aad = { 0 };
	sv__buf_append(&aad, rec, hdr_len + 2);
	sv__buf_append(&aad, ec.p, ec.len);
	int bad = sv__buf_ok(&aad) != SV_OK ||
		  crypto_aead_xchacha20poly1305_ietf_decrypt(
			  mk_out, NULL, NULL, wrapped + SV_NONCE_BYTES,
			  wlen - SV_NONCE_BYTES, aad.p, aad.len, wrapped,
			  kwk) != 0;
	int oom = sv__buf_ok(&aad) != SV_OK;
	sodium_memzero(kwk, sizeof kwk);
	sv__buf_free(&aad);
	sv__buf_free(&ec);
	if (oom)
		return sv__error_set(SV_ENOMEM, "out of memory");
	if (bad) {
		sodium_memzero(mk_out, 32);
		return sv__error_set(SV_EAUTH, AUTH_MSG);
	}
	return SV_OK;
}
