/* jw.c - the JSON writer of response bodies. */
#include <stdio.h>
#include <string.h>

#include "wire/jw.h"

static void sep(jw *w)
{
	if (w->need_comma)
		sv__buf_u8(&w->b, ',');
	w->need_comma = 1;
}

void jw_begin(jw *w, char open)
{
	sep(w);
	sv__buf_u8(&w->b, (uint8_t)open);
	w->need_comma = 0;
}

void jw_end(jw *w, char close)
{
	sv__buf_u8(&w->b, (uint8_t)close);
	w->need_comma = 1;
}

void jw_key(jw *w, const char *key)
{
	jw_str(w, key);
	sv__buf_u8(&w->b, ':');
	w->need_comma = 0;
}

/* The characters JSON escapes with one letter, and those letters; any
 * other control character is written as \u00XX. */
static const char short_from[] = "\"\\\n\r\t\b\f";
static const char short_to[] = "\"\\nrtbf";

void jw_strn(jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	sep(w);
	sv__buf_u8(&w->b, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sv__buf_append(&w->b, s + run, i - run);
		run = i + 1;
		/* (strchr would find a NUL c at the terminator) */
		const char *sh = c ? strchr(short_from, c) : NULL;
		char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
		if (sh)
			esc[1] = short_to[sh - short_from];
		sv__buf_append(&w->b, esc, sh ? 2 : 6);
	}
	sv__buf_append(&w->b, s + run, n - run);
	sv__buf_u8(&w->b, '"');
}

void jw_str(jw *w, const char *s)
{
	jw_strn(w, s, strlen(s));
}

void jw_base64(jw *w, const uint8_t *p, size_t n)
{
	size_t len = sv__base64_len(n);
	sep(w);
	sv__buf_u8(&w->b, '"');
	size_t at = w->b.len;
	/* Reserve the room, then encode in place. */
	for (size_t i = 0; i <= len; i++)
		sv__buf_u8(&w->b, 0);
	if (sv__buf_ok(&w->b) == 0)
		sv__base64_encode((char *)w->b.p + at, p, n);
	w->b.len = at + len;
	sv__buf_u8(&w->b, '"');
}

/* An unquoted value: a number or a literal. */
static void raw(jw *w, const char *text, size_t n)
{
	sep(w);
	sv__buf_append(&w->b, text, n);
}

void jw_int(jw *w, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", (long long)v);
	raw(w, num, (size_t)n);
}

void jw_bool(jw *w, int v)
{
	const char *lit = v ? "true" : "false";
	raw(w, lit, strlen(lit));
}

void jw_date(jw *w, int64_t ms)
{
	char num[32];
	uint64_t a = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	int n = snprintf(num, sizeof num, "%s%llu.%03u", ms < 0 ? "-" : "",
			 (unsigned long long)(a / 1000), (unsigned)(a % 1000));
	raw(w, num, (size_t)n);
}

void jw_kv(jw *w, const char *key, const char *value)
{
	if (!value)
		return;
	jw_key(w, key);
	jw_str(w, value);
}

void jw_kdate(jw *w, const char *key, int64_t ms)
{
	if (!ms)
		return;
	jw_key(w, key);
	jw_date(w, ms);
}
