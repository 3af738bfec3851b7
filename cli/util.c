/*
 * util.c - buffers that are wiped when freed, base64, UUIDs, files.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"

void zfree(void *p, size_t n)
{
	if (!p)
		return;
	sodium_memzero(p, n);
	free(p);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs(PROG ": out of memory\n", stderr);
		exit(EXIT_LOCAL);
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* Grow to hold @extra more bytes and a NUL; the old block is wiped, not
 * realloc()ed, because realloc may leave a copy of a value behind. */
static int sbuf_grow(sbuf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = malloc(cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	if (b->p)
		memcpy(p, b->p, b->len);
	zfree(b->p, b->cap);
	b->p = p;
	b->cap = cap;
	return 0;
}

void sbuf_add(sbuf *b, const void *p, size_t n)
{
	if (n == 0 || sbuf_grow(b, n) != 0)
		return;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sbuf_str(sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_char(sbuf *b, char c)
{
	sbuf_add(b, &c, 1);
}

void sbuf_fmt(sbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		sbuf_add(b, small, (size_t)n);
		sodium_memzero(small, sizeof small);
		return;
	}
	if (sbuf_grow(b, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int sbuf_cstr(sbuf *b)
{
	if (sbuf_grow(b, 0) != 0)
		return -1;
	b->p[b->len] = '\0';
	return 0;
}

void sbuf_free(sbuf *b)
{
	zfree(b->p, b->cap);
	memset(b, 0, sizeof *b);
}

int sbuf_write(const sbuf *b, int fd)
{
	size_t off = 0;
	while (off < b->len) {
		ssize_t n = write(fd, b->p + off, b->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

/* ---- cJSON ------------------------------------------------------------ */

/* Request bodies and responses carry SecretString values: every string
 * (and number) of a tree is zeroed before cJSON frees it.  cJSON's global
 * allocator hooks are left alone, as the library leaves them. */
static void scrub(cJSON *item)
{
	for (; item; item = item->next) {
		if (item->valuestring)
			sodium_memzero(item->valuestring,
				       strlen(item->valuestring));
		if (item->string)
			sodium_memzero(item->string, strlen(item->string));
		item->valuedouble = 0;
		item->valueint = 0;
		scrub(item->child);
	}
}

void json_free(cJSON *j)
{
	scrub(j);
	cJSON_Delete(j);
}

/* The bytes a compact print of @j can take at most: a string may grow six
 * times when escaped, and every node adds a few bytes of punctuation. */
static size_t print_bound(const cJSON *j)
{
	size_t n = 0;
	for (; j; j = j->next) {
		n += 64 + print_bound(j->child);
		if (j->valuestring)
			n += 6 * strlen(j->valuestring);
		if (j->string)
			n += 6 * strlen(j->string);
	}
	return n;
}

char *json_print(const cJSON *j, size_t *cap_out)
{
	/* Into our own buffer: cJSON's own printer grows its buffer with
	 * realloc, which would leave copies of a value in freed memory. */
	size_t cap = print_bound(j) + 64;
	char *out = xmalloc(cap);
	if (!cJSON_PrintPreallocated((cJSON *)j, out, (int)cap, 0)) {
		zfree(out, cap);
		return NULL;
	}
	*cap_out = cap;
	return out;
}

/* ---- Base64, UUIDs ------------------------------------------------------ */

char *b64_encode(const void *p, size_t n)
{
	size_t cap =
		sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(cap);
	sodium_bin2base64(out, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

int b64_check(const char *s, size_t n)
{
	size_t cap = n / 4 * 3 + 3, len = 0;
	unsigned char *tmp = xmalloc(cap);
	const char *end = NULL;
	int rc = sodium_base642bin(tmp, cap, s, n, NULL, &len, &end,
				   sodium_base64_VARIANT_ORIGINAL);
	zfree(tmp, cap);
	return rc == 0 && end == s + n ? 0 : -1;
}

void uuid4(char out[37])
{
	unsigned char r[16];
	randombytes_buf(r, sizeof r);
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40); /* version 4 */
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%"
		 "02x%02x",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
		 r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* ---- Files and messages ------------------------------------------------- */

#define READ_FILE_MAX (2u << 20)

int read_file(sbuf *out, const char *path)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO
					: open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char chunk[4096];
	ssize_t n;
	int rc = 0;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -1;
			break;
		}
		/* No value or request is larger than a request body may be:
		 * stop reading (file:///dev/zero must not eat the memory). */
		if (out->len + (size_t)n > READ_FILE_MAX) {
			errno = EFBIG;
			rc = -1;
			break;
		}
		sbuf_add(out, chunk, (size_t)n);
	}
	int saved = errno;
	sodium_memzero(chunk, sizeof chunk);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc == 0 && sbuf_cstr(out) != 0) {
		saved = ENOMEM;
		rc = -1;
	}
	errno = saved;
	return rc;
}

/* The aws CLI's report of a service error; the exit code for it. */
int print_service_error(const char *operation, const char *response)
{
	cJSON *j = response ? cJSON_Parse(response) : NULL;
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "__type");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(j, "Message");
	fprintf(stderr,
		"An error occurred (%s) when calling the %s operation: %s\n",
		cJSON_IsString(type) ? type->valuestring
				     : "InternalServiceError",
		operation,
		cJSON_IsString(msg) ? msg->valuestring : sv_error_last());
	json_free(j);
	return EXIT_SERVICE;
}

/* One sv_call; *out is the parsed response, or 254 after the error. */
int cli_call(cJSON **out, sv_vault *v, const char *op, const cJSON *body)
{
	size_t cap = 0, len = 0;
	char *req = json_print(body, &cap), *resp = NULL;
	*out = NULL;
	if (!req) {
		warnx_("out of memory");
		return EXIT_LOCAL;
	}
	int rc = sv_call(&resp, &len, v, op, req, strlen(req));
	zfree(req, cap); /* it may hold a value */
	if (rc != SV_OK) {
		rc = print_service_error(op, resp);
		sv_call_free(resp);
		return rc;
	}
	*out = resp ? cJSON_ParseWithLength(resp, len) : NULL;
	sv_call_free(resp);
	if (!*out) {
		warnx_("the library returned a response that is not JSON");
		return EXIT_LOCAL;
	}
	return 0;
}

void warnx_(const char *fmt, ...)
{
	va_list ap;
	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
