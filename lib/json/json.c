/*
 * json.c - property paths and object walks over JSON secret strings.
 *
 * A secret string is scanned in place by a small validating scanner (RFC
 * 8259): no tree is built, so no copy of the secret is left in memory the
 * library does not zero, and a property costs one pass over the text.
 * Strings come back unescaped; every other value comes back as its own
 * text with the white space outside strings removed (numbers exactly as
 * written).  Nesting deeper than SV_JSON_DEPTH_MAX is refused before the
 * scanner descends into it.
 */
#include <string.h>

#include <sodium.h>

#include "json/json.h"
#include "secretvault.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/util.h"

#define NOT_JSON "the secret string is not a JSON document"

void sv__json_free(cJSON *root)
{
	if (!root)
		return;
	for (cJSON *item = root; item; item = item->next) {
		if (item->valuestring)
			sodium_memzero(item->valuestring,
				       strlen(item->valuestring));
		if (item->string)
			sodium_memzero(item->string, strlen(item->string));
		item->valuedouble = 0;
		item->valueint = 0;
		if (item->child) {
			sv__json_free(item->child);
			item->child = NULL;
		}
	}
	cJSON_Delete(root);
}

/* ---- The scanner ------------------------------------------------------ */

typedef struct scan {
	const uint8_t *p, *end;
	int bad;  /* not JSON */
	int deep; /* nested past the cap */
} scan;

static void ws(scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int hex4(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		uint8_t c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

static void put_utf8(sv_buf *b, uint32_t cp)
{
	uint8_t u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (uint8_t)(0xc0 | cp >> 6);
		u[1] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (uint8_t)(0xe0 | cp >> 12);
		u[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (uint8_t)(0xf0 | cp >> 18);
		u[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sv__buf_append(b, u, n);
}

/* One escape after the backslash at s->p; appends its text to @out. */
static void escape(scan *s, sv_buf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e = s->p + 1 < s->end ? strchr(from, s->p[1]) : NULL;
	if (e && s->p[1]) {
		if (out)
			sv__buf_u8(out, (uint8_t)to[e - from]);
		s->p += 2;
		return;
	}
	uint32_t cp, lo;
	if (s->end - s->p < 6 || s->p[1] != 'u' || !hex4(s->p + 2, &cp)) {
		s->bad = 1;
		return;
	}
	s->p += 6;
	if (cp >= 0xd800 && cp <= 0xdbff && s->end - s->p >= 6 &&
	    s->p[0] == '\\' && s->p[1] == 'u' && hex4(s->p + 2, &lo) &&
	    lo >= 0xdc00 && lo <= 0xdfff) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		s->p += 6;
	}
	if (out)
		put_utf8(out, cp); /* a lone surrogate is kept as is */
}

/* A string at s->p (the opening quote); unescaped into @out if given. */
static void string(scan *s, sv_buf *out)
{
	s->p++;
	while (s->p < s->end && !s->bad) {
		const uint8_t *run = s->p;
		while (s->p < s->end && *s->p != '"' && *s->p != '\\' &&
		       *s->p >= 0x20)
			s->p++;
		if (out)
			sv__buf_append(out, run, (size_t)(s->p - run));
		if (s->p >= s->end || *s->p < 0x20)
			break;
		if (*s->p == '"') {
			s->p++;
			return;
		}
		escape(s, out);
	}
	s->bad = 1;
}

static void digits(scan *s)
{
	const uint8_t *start = s->p;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	if (s->p == start)
		s->bad = 1;
}

static void number(scan *s)
{
	if (*s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else
		digits(s);
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		digits(s);
	}
	if (s->p < s->end && (*s->p | 0x20) == 'e') {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		digits(s);
	}
}

static void literal(scan *s, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		s->bad = 1;
	else
		s->p += n;
}

static void value(scan *s, int depth);

/* The members of an object or the items of an array, s->p just after
 * the opening bracket. */
static void members(scan *s, int depth, int object)
{
	uint8_t close = object ? '}' : ']';
	ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return;
	}
	while (!s->bad && !s->deep) {
		ws(s);
		if (object) {
			if (s->p >= s->end || *s->p != '"') {
				s->bad = 1;
				return;
			}
			string(s, NULL);
			ws(s);
			if (s->p >= s->end || *s->p != ':') {
				s->bad = 1;
				return;
			}
			s->p++;
		}
		value(s, depth);
		ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == close) {
			s->p++;
			return;
		}
		s->bad = 1;
	}
}

static void value(scan *s, int depth)
{
	ws(s);
	if (s->p >= s->end) {
		s->bad = 1;
		return;
	}
	switch (*s->p) {
	case '{':
	case '[':
		if (depth >= SV_JSON_DEPTH_MAX) {
			s->deep = 1;
			return;
		}
		s->p++;
		members(s, depth + 1, s->p[-1] == '{');
		return;
	case '"':
		string(s, NULL);
		return;
	case 't':
		literal(s, "true");
		return;
	case 'f':
		literal(s, "false");
		return;
	case 'n':
		literal(s, "null");
		return;
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
			number(s);
		else
			s->bad = 1;
	}
}

/* The whole text is one JSON value. */
static int validate(const uint8_t *json, size_t len)
{
	scan s = { json, json + len, 0, 0 };
	value(&s, 0);
	ws(&s);
	if (s.deep)
		return sv__error_set(
			SV_EINVALID,
			"the secret string nests deeper than %d levels",
			SV_JSON_DEPTH_MAX);
	if (s.bad || s.p != s.end)
		return sv__error_set(SV_EINVALID, NOT_JSON);
	return SV_OK;
}

/* ---- Rendering -------------------------------------------------------- */

/* A value's text into @out: a string unescaped, anything else compact. */
static void render(sv_buf *out, const uint8_t *p, const uint8_t *end)
{
	scan s = { p, end, 0, 0 };
	if (*p == '"') {
		string(&s, out);
		return;
	}
	while (s.p < s.end) {
		if (*s.p == '"') { /* strings keep their escapes */
			const uint8_t *from = s.p;
			string(&s, NULL);
			sv__buf_append(out, from, (size_t)(s.p - from));
		} else {
			if (*s.p != ' ' && *s.p != '\t' && *s.p != '\n' &&
			    *s.p != '\r')
				sv__buf_u8(out, *s.p);
			s.p++;
		}
	}
}

static int finish(uint8_t **out, size_t *out_len, sv_buf *b)
{
	sv__buf_u8(b, 0);
	if (sv__buf_ok(b) != SV_OK) {
		sv__buf_free(b);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	/* Hand over a buffer of exactly len + 1 bytes, so the caller's
	 * zeroing free covers all of it. */
	*out = sv__malloc(b->len);
	if (*out) {
		memcpy(*out, b->p, b->len);
		*out_len = b->len - 1;
	}
	sv__buf_free(b);
	return *out ? SV_OK : sv__error_set(SV_ENOMEM, "out of memory");
}

/* ---- Walking a validated document -------------------------------------
 *
 * These run only over text validate() accepted, so every bracket, colon
 * and comma they step over is known to be there. */

/* Does the key string at s->p equal @want?  Consumes the key. */
static int key_is(scan *s, const char *want, sv_buf *tmp)
{
	tmp->len = 0;
	string(s, tmp);
	size_t n = strlen(want);
	return tmp->len == n && memcmp(tmp->p, want, n) == 0;
}

/* Inside an object (s->p after '{'): find member @key; s->p then at its
 * value.  0 when there is none. */
static int find_member(scan *s, const char *key, sv_buf *tmp)
{
	ws(s);
	if (*s->p == '}')
		return 0;
	for (;;) {
		ws(s);
		int hit = key_is(s, key, tmp);
		ws(s);
		s->p++; /* ':' */
		ws(s);
		if (hit)
			return 1;
		value(s, 0);
		ws(s);
		if (*s->p++ != ',')
			return 0;
	}
}

/* Inside an array (s->p after '['): move to item @n, or count them. */
static int array_item(scan *s, long n, long *count)
{
	long i = 0;
	ws(s);
	if (*s->p == ']') {
		*count = 0;
		return 0;
	}
	for (;; i++) {
		ws(s);
		if (i == n)
			return 1;
		value(s, 0);
		ws(s);
		if (*s->p++ != ',') {
			*count = i + 1;
			return 0;
		}
	}
}

#define SEG_MAX 64

/* Split a path at unescaped dots; "\x" is a literal x. */
static int split_path(char *buf, char **segs, size_t *nsegs, const char *path)
{
	size_t o = 0;
	*nsegs = 0;
	segs[(*nsegs)++] = buf;
	for (const char *p = path; *p; p++) {
		if (*p == '\\') {
			if (!p[1])
				return sv__error_set(SV_EINVALID,
						     "malformed property path "
						     "\"%s\": it ends "
						     "with a backslash",
						     path);
			buf[o++] = *++p;
		} else if (*p == '.') {
			buf[o++] = '\0';
			if (*nsegs == SEG_MAX)
				return sv__error_set(
					SV_EINVALID,
					"malformed property path \"%s\": more "
					"than %d parts",
					path, SEG_MAX);
			segs[(*nsegs)++] = buf + o;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
	for (size_t i = 0; i < *nsegs; i++)
		if (!segs[i][0])
			return sv__error_set(
				SV_EINVALID,
				"malformed property path \"%s\": an empty part",
				path);
	return SV_OK;
}

static int is_index(const char *s, long *out)
{
	long v = 0;
	if (!*s || (s[0] == '0' && s[1]))
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return 0;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 1;
}

/* Follow the segments from the value at s->p; *count >= 0 when the last
 * segment is '#'. */
static int walk_path(scan *s, long *count, char **segs, size_t n,
		     const char *path, sv_buf *tmp)
{
	*count = -1;
	for (size_t i = 0; i < n; i++) {
		long idx = 0, items = 0;
		int found = 0;
		ws(s);
		if (*s->p == '{') {
			s->p++;
			found = find_member(s, segs[i], tmp);
		} else if (*s->p == '[' && strcmp(segs[i], "#") == 0) {
			if (i + 1 != n)
				return sv__error_set(
					SV_EINVALID,
					"malformed property path \"%s\": '#' "
					"must be its last part",
					path);
			s->p++;
			array_item(s, -1, &items);
			*count = items;
			return SV_OK;
		} else if (*s->p == '[' && is_index(segs[i], &idx)) {
			s->p++;
			found = array_item(s, idx, &items);
		}
		if (!found)
			return sv__error_set(
				SV_ENOTFOUND,
				"the property %s does not exist in the secret",
				path);
	}
	return SV_OK;
}

int sv__json_property(uint8_t **out, size_t *out_len, const uint8_t *json,
		      size_t len, const char *path)
{
	*out = NULL;
	*out_len = 0;
	if (!path || !path[0] || strlen(path) > 4096)
		return sv__error_set(SV_EINVALID,
				     "a property path is 1 to 4096 characters");
	int rc = validate(json, len);
	if (rc != SV_OK)
		return rc;
	sv_buf tmp = { 0 }, res = { 0 };
	scan s = { json, json + len, 0, 0 };
	long count = -1;
	ws(&s);
	/* A key that is literally the whole path wins over the path. */
	int literal_hit = 0;
	if (*s.p == '{') {
		s.p++;
		literal_hit = find_member(&s, path, &tmp);
	}
	if (!literal_hit) {
		char *segs[SEG_MAX];
		size_t nsegs;
		char *buf = sv__malloc(strlen(path) + 1);
		s.p = json;
		if (!buf)
			rc = sv__error_set(SV_ENOMEM, "out of memory");
		else if ((rc = split_path(buf, segs, &nsegs, path)) == SV_OK)
			rc = walk_path(&s, &count, segs, nsegs, path, &tmp);
		sv__free(buf);
	}
	if (rc == SV_OK && count >= 0) {
		char num[24];
		int n = snprintf(num, sizeof num, "%ld", count);
		sv__buf_append(&res, num, (size_t)n);
	} else if (rc == SV_OK) {
		ws(&s);
		const uint8_t *start = s.p;
		value(&s, 0);
		render(&res, start, s.p);
	}
	sv__buf_free(&tmp); /* key text: zeroed on free */
	if (rc != SV_OK) {
		sv__buf_free(&res);
		return rc;
	}
	return finish(out, out_len, &res);
}

/* ---- Walking an object for environment variables ---------------------- */

typedef struct walk_state {
	const char *keys[SV_JSON_DEPTH_MAX + 1];
	size_t depth;
	sv_json_leaf_fn leaf;
	void *ctx;
} walk_state;

/* The members of the object at s->p (after '{'). */
static int walk_object(walk_state *w, scan *s)
{
	int rc = SV_OK;
	ws(s);
	if (*s->p == '}') {
		s->p++;
		return SV_OK;
	}
	while (rc == SV_OK) {
		sv_buf key = { 0 }, text = { 0 };
		ws(s);
		string(s, &key);
		sv__buf_u8(&key, 0);
		ws(s);
		s->p++; /* ':' */
		ws(s);
		if (sv__buf_ok(&key) != SV_OK) {
			sv__buf_free(&key);
			return sv__error_set(SV_ENOMEM, "out of memory");
		}
		w->keys[w->depth++] = (const char *)key.p;
		if (*s->p == '{') {
			s->p++;
			rc = walk_object(w, s);
		} else {
			const uint8_t *start = s->p;
			value(s, 0);
			render(&text, start, s->p);
			sv__buf_u8(&text, 0);
			rc = sv__buf_ok(&text) != SV_OK
				     ? sv__error_set(SV_ENOMEM, "out of memory")
				     : w->leaf(w->ctx, w->keys, w->depth,
					       (const char *)text.p,
					       text.len - 1);
		}
		w->depth--;
		sv__buf_free(&text);
		sv__buf_free(&key);
		ws(s);
		if (rc != SV_OK || *s->p++ != ',')
			break;
	}
	return rc;
}

int sv__json_walk(const uint8_t *json, size_t len, sv_json_leaf_fn leaf,
		  void *ctx)
{
	if (validate(json, len) != SV_OK) {
		sv__error_clear();
		return SV_ENOTFOUND;
	}
	scan s = { json, json + len, 0, 0 };
	ws(&s);
	if (*s.p != '{')
		return SV_ENOTFOUND;
	s.p++;
	walk_state w = { { 0 }, 0, leaf, ctx };
	return walk_object(&w, &s);
}
