/* util.c - buffers, readers, time, ids, base64, UTF-8. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "util/error.h"
#include "util/mem.h"
#include "util/util.h"

/* Wipe the buffer's bytes and give back its memory (the caller's storage
 * is wiped as far as it was ever written). */
static void buf_release(sv_buf *b)
{
	if (b->borrowed)
		sodium_memzero(b->p, b->len > b->reach ? b->len : b->reach);
	else
		sv__free_secret(b->p, b->cap);
}

/* Make room for @n more bytes; growing copies, so the old bytes can be
 * zeroed (buffers may hold plaintext). */
static int buf_grow(sv_buf *b, size_t n)
{
	if (b->failed)
		return 0;
	if (b->len + n <= b->cap) {
		if (b->len + n > b->reach)
			b->reach = b->len + n;
		return 1;
	}
	size_t cap = b->cap ? b->cap : 128;
	while (cap < b->len + n)
		cap *= 2;
	uint8_t *p = sv__malloc(cap);
	if (!p) {
		b->failed = 1;
		return 0;
	}
	if (b->p) {
		memcpy(p, b->p, b->len);
		buf_release(b);
	}
	b->p = p;
	b->cap = cap;
	b->borrowed = 0;
	return 1;
}

void sv__buf_use(sv_buf *b, void *storage, size_t cap)
{
	memset(b, 0, sizeof *b);
	b->p = storage;
	b->cap = cap;
	b->borrowed = 1;
}

void sv__buf_append(sv_buf *b, const void *data, size_t n)
{
	if (!buf_grow(b, n))
		return;
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

uint8_t *sv__buf_reserve(sv_buf *b, size_t n)
{
	if (!buf_grow(b, n))
		return NULL;
	b->len += n;
	return b->p + b->len - n;
}

void sv__buf_u8(sv_buf *b, uint8_t v)
{
	sv__buf_append(b, &v, 1);
}
void sv__buf_u16(sv_buf *b, uint16_t v)
{
	uint8_t t[2];
	sv__put_u16(t, v);
	sv__buf_append(b, t, 2);
}
void sv__buf_u32(sv_buf *b, uint32_t v)
{
	uint8_t t[4];
	sv__put_u32(t, v);
	sv__buf_append(b, t, 4);
}
void sv__buf_u64(sv_buf *b, uint64_t v)
{
	uint8_t t[8];
	sv__put_u64(t, v);
	sv__buf_append(b, t, 8);
}
void sv__buf_str(sv_buf *b, const char *s)
{
	sv__buf_append(b, s, strlen(s));
}
int sv__buf_ok(const sv_buf *b)
{
	return b->failed ? SV_ENOMEM : SV_OK;
}
void sv__buf_free(sv_buf *b)
{
	if (b->p)
		buf_release(b);
	memset(b, 0, sizeof *b);
}

const uint8_t *sv__rd_take(sv_rd *r, size_t n)
{
	if (r->bad || n > r->len - r->off) {
		r->bad = 1;
		return NULL;
	}
	const uint8_t *p = r->p + r->off;
	r->off += n;
	return p;
}
uint8_t sv__rd_u8(sv_rd *r)
{
	const uint8_t *p = sv__rd_take(r, 1);
	return p ? p[0] : 0;
}
uint16_t sv__rd_u16(sv_rd *r)
{
	const uint8_t *p = sv__rd_take(r, 2);
	return p ? sv__get_u16(p) : 0;
}
uint32_t sv__rd_u32(sv_rd *r)
{
	const uint8_t *p = sv__rd_take(r, 4);
	return p ? sv__get_u32(p) : 0;
}
uint64_t sv__rd_u64(sv_rd *r)
{
	const uint8_t *p = sv__rd_take(r, 8);
	return p ? sv__get_u64(p) : 0;
}
int sv__rd_done(const sv_rd *r)
{
	return !r->bad && r->off == r->len;
}

int64_t sv__now_ms(sv_clock_fn clock, void *payload)
{
	if (clock)
		return clock(payload);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define POOL_BYTES 512

static _Atomic uint64_t fork_generation;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
static pthread_key_t pool_key;
static _Thread_local uint8_t *pool;
static _Thread_local size_t pool_left;
static _Thread_local uint64_t pool_generation;

static void pool_after_fork(void)
{
	atomic_fetch_add(&fork_generation, 1);
}

static void pool_free(void *p)
{
	sodium_free(p);
}

static void pool_setup(void)
{
	(void)pthread_atfork(NULL, NULL, pool_after_fork);
	(void)pthread_key_create(&pool_key, pool_free);
}

uint64_t sv__fork_generation(void)
{
	pthread_once(&pool_once, pool_setup);
	return atomic_load(&fork_generation);
}

void sv__random(void *out, size_t n)
{
	pthread_once(&pool_once, pool_setup);
	if (!pool && (pool = sodium_malloc(POOL_BYTES)) != NULL) {
		(void)pthread_setspecific(pool_key, pool);
		pool_left = 0;
		pool_generation = atomic_load(&fork_generation);
	}
	if (pool && pool_generation != atomic_load(&fork_generation)) {
		sodium_memzero(pool, POOL_BYTES); /* the parent's: never use */
		pool_left = 0;
		pool_generation = atomic_load(&fork_generation);
	}
	if (!pool || n > POOL_BYTES / 4) {
		randombytes_buf(out, n);
		return;
	}
	if (pool_left < n) {
		randombytes_buf(pool, POOL_BYTES);
		pool_left = POOL_BYTES;
	}
	uint8_t *from = pool + POOL_BYTES - pool_left;
	memcpy(out, from, n);
	sodium_memzero(from, n);
	pool_left -= n;
}

void sv__hex(char *out, const uint8_t *in, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void sv__uuid4(char out[37])
{
	uint8_t b[16];
	char hex[33];
	sv__random(b, sizeof b);
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	sv__hex(hex, b, 16);
	memcpy(out, hex, 8);
	out[8] = '-';
	memcpy(out + 9, hex + 8, 4);
	out[13] = '-';
	memcpy(out + 14, hex + 12, 4);
	out[18] = '-';
	memcpy(out + 19, hex + 16, 4);
	out[23] = '-';
	memcpy(out + 24, hex + 20, 12);
	out[36] = '\0';
}

void sv__random_alnum(char *out, size_t n)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789";
	/* One draw of random bytes, not one system call per character;
	 * bytes >= 248 (4 x 62) are rejected so every character is equally
	 * likely. */
	uint8_t r[64];
	size_t o = 0;
	while (o < n) {
		sv__random(r, sizeof r);
		for (size_t i = 0; i < sizeof r && o < n; i++)
			if (r[i] < 248)
				out[o++] = set[r[i] % 62];
	}
	out[n] = '\0';
}

size_t sv__base64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

void sv__base64_encode(char *out, const uint8_t *in, size_t n)
{
	sodium_bin2base64(out, sv__base64_len(n) + 1, in, n,
			  sodium_base64_VARIANT_ORIGINAL);
}

int sv__base64_decode(uint8_t *out, size_t *out_len, const char *in, size_t len)
{
	const char *end = NULL;
	size_t cap = len / 4 * 3 + 3;
	if (len % 4 != 0)
		return SV_EINVALID;
	if (sodium_base642bin(out, cap, in, len, NULL, out_len, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != in + len)
		return SV_EINVALID;
	return SV_OK;
}

int sv__utf8_valid(const void *s, size_t n)
{
	const uint8_t *p = s;
	size_t i = 0;
	while (i < n) {
		uint8_t c = p[i];
		size_t need;
		uint32_t cp;
		if (c < 0x80) {
			/* Runs of ASCII, eight bytes at a time. */
			uint64_t w;
			i++;
			while (i + 8 <= n) {
				memcpy(&w, p + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			need = 1, cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2, cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3, cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i <= need)
			return 0;
		for (size_t k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

size_t sv__utf8_count(const void *s, size_t n)
{
	const uint8_t *p = s;
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += (p[i] & 0xc0) != 0x80;
	return count;
}

int sv__options_check(uint32_t version, const uint32_t reserved[4],
		      uint32_t max, const char *name)
{
	if (version < 1 || version > max)
		return sv__error_set(SV_EINVALID, "invalid version %u on %s",
				     version, name);
	for (int i = 0; i < 4; i++)
		if (reserved[i])
			return sv__error_set(SV_EINVALID,
					     "%s.reserved must be zero", name);
	return SV_OK;
}
