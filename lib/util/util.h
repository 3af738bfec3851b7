/* util.h - small helpers: big-endian codecs, a growable byte buffer, time,
 * ids, base64 and UTF-8. */
#ifndef SV_UTIL_UTIL_H
#define SV_UTIL_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "secretvault.h"

static inline void sv__put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void sv__put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}
static inline void sv__put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}
static inline uint16_t sv__get_u16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t sv__get_u32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}
static inline uint64_t sv__get_u64(const uint8_t *p)
{
	return ((uint64_t)sv__get_u32(p) << 32) | sv__get_u32(p + 4);
}

/* A growable byte buffer.  On allocation failure it records the failure
 * and ignores further appends; check sv__buf_ok() once at the end.
 * sv__buf_free() zeroes the bytes (buffers may hold plaintext). */
typedef struct sv_buf {
	uint8_t *p;
	size_t len, cap;
	int failed;
	int borrowed; /* p is the caller's storage (sv__buf_use) */
	size_t reach; /* how far into it anything was written */
} sv_buf;
/* Start @b on the caller's @storage, so that a buffer that stays small
 * costs no allocation; it moves to the heap if it outgrows it.  The
 * storage is zeroed, not freed, when the buffer leaves it.  Never hand
 * such a buffer's p to a caller that frees it. */
void sv__buf_use(sv_buf *b, void *storage, size_t cap);
void sv__buf_append(sv_buf *b, const void *data, size_t n);
void sv__buf_u8(sv_buf *b, uint8_t v);
void sv__buf_u16(sv_buf *b, uint16_t v);
void sv__buf_u32(sv_buf *b, uint32_t v);
void sv__buf_u64(sv_buf *b, uint64_t v);
void sv__buf_str(sv_buf *b, const char *s); /* bytes only, no NUL */
/* Grow by @n bytes left for the caller to fill; NULL once failed. */
uint8_t *sv__buf_reserve(sv_buf *b, size_t n);
int sv__buf_ok(const sv_buf *b); /* SV_OK or SV_ENOMEM */
void sv__buf_free(sv_buf *b);

/* Check the header every public options struct starts with: @version in
 * 1..@max and the four reserved words zero.  SV_EINVALID names @name
 * ("invalid version 9 on sv_put_options", "sv_put_options.reserved must
 * be zero"). */
int sv__options_check(uint32_t version, const uint32_t reserved[4],
		      uint32_t max, const char *name);

/* A bounds-checked reader for parsers: every read fails once past the end,
 * and sv__rd_done() demands the input be consumed exactly. */
typedef struct sv_rd {
	const uint8_t *p;
	size_t len, off;
	int bad;
} sv_rd;
const uint8_t *sv__rd_take(sv_rd *r, size_t n);
uint8_t sv__rd_u8(sv_rd *r);
uint16_t sv__rd_u16(sv_rd *r);
uint32_t sv__rd_u32(sv_rd *r);
uint64_t sv__rd_u64(sv_rd *r);
int sv__rd_done(const sv_rd *r); /* 1 if nothing bad and nothing left */

/* Time in ms since the epoch from a host clock, or the system clock. */
int64_t sv__now_ms(sv_clock_fn clock, void *payload);

/* Random bytes for nonces, data keys and ids, from a per-thread pool
 * refilled 512 bytes at a time from the system's generator: one
 * getrandom() for many values instead of one each.  The pool is in locked
 * memory, every byte is zeroed as it is handed out, and a fork()ed child
 * discards what it inherited, so parent and child never share bytes. */
void sv__random(void *out, size_t n);
/* A number that changes in a child after every fork() (pthread_atfork),
 * so a handle can tell it was inherited without a getpid() per call. */
uint64_t sv__fork_generation(void);

/* A random UUID v4, 36 characters plus NUL. */
void sv__uuid4(char out[37]);
/* @n random characters from [A-Za-z0-9], NUL-terminated. */
void sv__random_alnum(char *out, size_t n);
/* Lower-case hex of @n bytes; @out holds 2n+1. */
void sv__hex(char *out, const uint8_t *in, size_t n);

/* Standard base64 with padding. */
size_t sv__base64_len(size_t n); /* encoded length without NUL */
void sv__base64_encode(char *out, const uint8_t *in, size_t n);
/* Decode strictly (padding required, no whitespace); returns SV_OK or
 * SV_EINVALID.  @out must hold at least len*3/4 bytes. */
int sv__base64_decode(uint8_t *out, size_t *out_len, const char *in,
		      size_t len);

/* 1 if the bytes are well-formed UTF-8 (no overlongs, no surrogates). */
int sv__utf8_valid(const void *s, size_t n);
/* Number of code points of valid UTF-8. */
size_t sv__utf8_count(const void *s, size_t n);

#endif
