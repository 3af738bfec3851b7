/*
 * output.c - responses printed as the aws CLI v2 prints them.
 *
 * json: Python's json.dump(indent=4, ensure_ascii=False) of the response,
 * members in the order the service returned them.  text: awscli/text.py
 * (scalars of a dict on one tab-separated line in sorted key order, then
 * its lists and dicts, each under its upper-cased key).  Dates: the
 * service sends epoch seconds; v2 prints datetime.isoformat() in the
 * local timezone unless --cli-timestamp-format wire, which keeps the
 * number as Python prints a float.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* A flag of two choices, refused in the aws CLI's (argparse's) words. */
static int check_choice(const char *flag, const char *value, const char *one,
			const char *two)
{
	if (!value || strcmp(value, one) == 0 || strcmp(value, two) == 0)
		return 0;
	return usage_error("argument --%s: Invalid choice '%s', valid choices "
			   "are: %s, %s",
			   flag, value, one, two);
}

int out_opts_get(out_opts *o, const cli_args *a)
{
	const char *output = local_str(a, "output");
	const char *ts = local_str(a, "cli-timestamp-format");
	const char *bin = local_str(a, "cli-binary-format");
	int rc;
	memset(o, 0, sizeof *o);
	if ((rc = check_choice("output", output, "json", "text")) ||
	    (rc = check_choice("cli-timestamp-format", ts, "iso8601",
			       "wire")) ||
	    (rc = check_choice("cli-binary-format", bin, "base64",
			       "raw-in-base64-out")))
		return rc;
	o->text = output && strcmp(output, "text") == 0;
	o->wire = ts && strcmp(ts, "wire") == 0;
	o->query = local_str(a, "query");
	return o->query ? query_check(o->query) : 0;
}

/* ---- Numbers and dates -------------------------------------------------- */

/* Python's repr() of a float: the shortest digits that read back the
 * same, fixed notation for exponents -4..15, else 1.5e+16 style. */
static void py_float(char *out, size_t cap, double d)
{
	char e[40], digits[24];
	int p;
	for (p = 1; p <= 17; p++) {
		snprintf(e, sizeof e, "%.*e", p - 1, d);
		if (strtod(e, NULL) == d)
			break;
	}
	const char *s = e;
	int neg = *s == '-', nd = 0;
	s += neg;
	for (; *s && *s != 'e'; s++)
		if (*s != '.')
			digits[nd++] = *s;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	int exp = atoi(s + 1);
	size_t o = 0;
	if (neg)
		out[o++] = '-';
	if (exp >= 16 || exp < -4) {
		snprintf(out + o, cap - o, "%c%s%s%se%c%02d", digits[0],
			 nd > 1 ? "." : "", digits + 1, "", exp < 0 ? '-' : '+',
			 abs(exp));
	} else if (exp >= 0) {
		for (int i = 0; i <= exp; i++)
			out[o++] = i < nd ? digits[i] : '0';
		snprintf(out + o, cap - o, ".%s",
			 nd > exp + 1 ? digits + exp + 1 : "0");
	} else {
		snprintf(out + o, cap - o, "0.%0*d%s", -exp - 1, 0, digits);
		if (exp == -1) /* "%0*d" printed one zero too many */
			memmove(out + o + 2, out + o + 3,
				strlen(out + o + 3) + 1);
	}
}

/* A number as Python prints what json.loads() made of it. */
static void py_number(char *out, size_t cap, double d)
{
	if (d > -1e16 && d < 1e16 && (double)(long long)d == d)
		snprintf(out, cap, "%.0f", d);
	else
		py_float(out, cap, d);
}

/* datetime.fromtimestamp(ms / 1000, tzlocal()).isoformat() */
static void iso_date(char *out, size_t cap, long long ms)
{
	long long secs = ms / 1000, frac = ms % 1000;
	if (frac < 0) {
		frac += 1000;
		secs--;
	}
	time_t t = (time_t)secs;
	struct tm tm;
	localtime_r(&t, &tm);
	size_t n = strftime(out, cap, "%Y-%m-%dT%H:%M:%S", &tm);
	if (frac)
		n += (size_t)snprintf(out + n, cap - n, ".%06lld", frac * 1000);
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	off = labs(off);
	n += (size_t)snprintf(out + n, cap - n, "%c%02ld:%02ld", sign,
			      off / 3600, off / 60 % 60);
	if (off % 60)
		snprintf(out + n, cap - n, ":%02ld", off % 60);
}

/* Seconds to rounded milliseconds, without libm (not linked). */
static long long to_ms(double secs)
{
	double ms = secs * 1000.0;
	if (!(ms > -9e15 && ms < 9e15)) /* the cast would be undefined */
		return 0;
	return (long long)(ms < 0 ? ms - 0.5 : ms + 0.5);
}

static int is_date_key(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	return n >= 4 && strcmp(key + n - 4, "Date") == 0;
}

/* Replace every *Date number by its ISO text, or (wire) by a raw node
 * holding Python's float text, before --query sees the tree. */
static void convert_dates(cJSON *node, int wire)
{
	for (cJSON *c = node ? node->child : NULL; c; c = c->next) {
		if (cJSON_IsNumber(c) && is_date_key(c->string)) {
			char text[64];
			if (wire)
				py_float(text, sizeof text, c->valuedouble);
			else
				iso_date(text, sizeof text,
					 to_ms(c->valuedouble));
			cJSON *r = wire ? cJSON_CreateRaw(text)
					: cJSON_CreateString(text);
			if (r) /* sets r's key from c's, then frees c */
				cJSON_ReplaceItemInObjectCaseSensitive(
					node, c->string, r);
			c = r ? r : c;
		} else {
			convert_dates(c, wire);
		}
	}
}

/* ---- JSON ------------------------------------------------------------------
 */

/* The characters JSON escapes with one letter, and those letters; any
 * other control character is written as \u00XX. */
static const char short_from[] = "\"\\\n\r\t\b\f";
static const char short_to[] = "\"\\nrtbf";

void json_escape(sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	sbuf_char(b, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sbuf_add(b, s + run, i - run);
		run = i + 1;
		/* (strchr would find a NUL c at the terminator) */
		const char *sh = c ? strchr(short_from, c) : NULL;
		char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
		if (sh)
			esc[1] = short_to[sh - short_from];
		sbuf_add(b, esc, sh ? 2 : 6);
	}
	sbuf_add(b, s + run, n - run);
	sbuf_char(b, '"');
}

static void indent(sbuf *b, int depth)
{
	for (int i = 0; i < depth * 4; i++)
		sbuf_char(b, ' ');
}

static void scalar_json(sbuf *b, const cJSON *j)
{
	char num[64];
	if (cJSON_IsString(j)) {
		json_escape(b, j->valuestring, strlen(j->valuestring));
	} else if (cJSON_IsNumber(j)) {
		py_number(num, sizeof num, j->valuedouble);
		sbuf_str(b, num);
	} else if (cJSON_IsRaw(j)) {
		sbuf_str(b, j->valuestring);
	} else if (cJSON_IsBool(j)) {
		sbuf_str(b, cJSON_IsTrue(j) ? "true" : "false");
	} else {
		sbuf_str(b, "null");
	}
}

static void print_json(sbuf *b, const cJSON *j, int depth)
{
	int obj = cJSON_IsObject(j);
	if (!obj && !cJSON_IsArray(j)) {
		scalar_json(b, j);
		return;
	}
	if (!j->child) {
		sbuf_str(b, obj ? "{}" : "[]");
		return;
	}
	sbuf_str(b, obj ? "{\n" : "[\n");
	for (const cJSON *c = j->child; c; c = c->next) {
		indent(b, depth + 1);
		if (obj) {
			json_escape(b, c->string, strlen(c->string));
			sbuf_str(b, ": ");
		}
		print_json(b, c, depth + 1);
		sbuf_str(b, c->next ? ",\n" : "\n");
	}
	indent(b, depth);
	sbuf_char(b, obj ? '}' : ']');
}

/* ---- text (awscli/text.py)
 * --------------------------------------------------- */

static int is_container(const cJSON *j)
{
	return cJSON_IsObject(j) || cJSON_IsArray(j);
}

/* Python's str() of a scalar. */
static void scalar_text(sbuf *b, const cJSON *j)
{
	if (cJSON_IsString(j))
		sbuf_str(b, j->valuestring);
	else if (cJSON_IsBool(j))
		sbuf_str(b, cJSON_IsTrue(j) ? "True" : "False");
	else if (cJSON_IsNull(j) || !j)
		sbuf_str(b, "None");
	else
		scalar_json(b, j);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int has_key(const char **keys, size_t n, const char *key)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(keys[k], key) == 0)
			return 1;
	return 0;
}

/* The keys of @j's members that satisfy @want, sorted (no duplicates). */
static size_t sorted_keys(const char **keys, size_t n, const cJSON *j,
			  int scalars)
{
	for (const cJSON *c = j->child; c; c = c->next) {
		if (is_container(c) != scalars && !has_key(keys, n, c->string))
			keys[n++] = c->string;
	}
	qsort(keys, n, sizeof *keys, cmp_str);
	return n;
}

static void text_node(sbuf *b, const cJSON *j, const char *ident,
		      const char **scalar_keys, size_t nscalar);

/* The first column of a row under a key: the key upper-cased. */
static void ident_column(sbuf *b, const char *ident)
{
	for (const char *s = ident; *s; s++)
		sbuf_char(b, (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s));
	sbuf_char(b, '\t');
}

static void text_dict(sbuf *b, const cJSON *j, const char *ident,
		      const char **skeys, size_t nskeys)
{
	size_t n = (size_t)cJSON_GetArraySize(j);
	const char **own = xmalloc((n + 1) * sizeof *own);
	const char **rest = xmalloc((n + 1) * sizeof *rest);
	size_t nrest = 0;
	if (!skeys) {
		skeys = own;
		nskeys = sorted_keys(own, 0, j, 1);
		nrest = sorted_keys(rest, 0, j, 0);
	} else { /* every member that is not a shared scalar key */
		for (const cJSON *c = j->child; c; c = c->next)
			if (!has_key(skeys, nskeys, c->string))
				rest[nrest++] = c->string;
		qsort(rest, nrest, sizeof *rest, cmp_str);
	}
	if (nskeys) {
		if (ident)
			ident_column(b, ident);
		for (size_t k = 0; k < nskeys; k++) {
			const cJSON *v =
				cJSON_GetObjectItemCaseSensitive(j, skeys[k]);
			if (v) /* a key other dicts of the list have prints as
				  "" */
				scalar_text(b, v);
			sbuf_char(b, k + 1 < nskeys ? '\t' : '\n');
		}
	}
	for (size_t k = 0; k < nrest; k++)
		text_node(b, cJSON_GetObjectItemCaseSensitive(j, rest[k]),
			  rest[k], NULL, 0);
	free(own);
	free(rest);
}

static void text_scalar_list(sbuf *b, const cJSON *j, const char *ident)
{
	int first = 1;
	for (const cJSON *c = j->child; c; c = c->next) {
		if (is_container(c))
			continue;
		if (ident) {
			ident_column(b, ident);
			scalar_text(b, c);
			sbuf_char(b, '\n');
		} else {
			if (!first)
				sbuf_char(b, '\t');
			scalar_text(b, c);
		}
		first = 0;
	}
	if (!ident && !first)
		sbuf_char(b, '\n');
}

static void text_list(sbuf *b, const cJSON *j, const char *ident)
{
	int dicts = 0, lists = 0;
	for (const cJSON *c = j->child; c; c = c->next) {
		dicts |= cJSON_IsObject(c);
		lists |= cJSON_IsArray(c);
	}
	if (!j->child)
		return;
	if (dicts) { /* one column set for every dict of the list */
		size_t cap = 0, n = 0;
		for (const cJSON *c = j->child; c; c = c->next)
			cap += (size_t)cJSON_GetArraySize(c);
		const char **keys = xmalloc((cap + 1) * sizeof *keys);
		for (const cJSON *c = j->child; c; c = c->next)
			if (cJSON_IsObject(c))
				n = sorted_keys(keys, n, c, 1);
		for (const cJSON *c = j->child; c; c = c->next)
			text_node(b, c, ident, keys, n);
		free(keys);
		return;
	}
	text_scalar_list(b, j, ident);
	if (lists)
		for (const cJSON *c = j->child; c; c = c->next)
			if (is_container(c))
				text_node(b, c, ident, NULL, 0);
}

static void text_node(sbuf *b, const cJSON *j, const char *ident,
		      const char **skeys, size_t nskeys)
{
	if (cJSON_IsObject(j)) {
		text_dict(b, j, ident, skeys, nskeys);
	} else if (cJSON_IsArray(j)) {
		text_list(b, j, ident);
	} else {
		scalar_text(b, j);
		sbuf_char(b, '\n');
	}
}

/* ---- Printing a response
 * ------------------------------------------------------- */

int out_print(const cJSON *response, const out_opts *o)
{
	cJSON *tree = cJSON_Duplicate(response, 1);
	if (!tree) {
		warnx_("out of memory");
		return EXIT_LOCAL;
	}
	convert_dates(tree, o->wire);
	cJSON *result = tree;
	int is_null = 0;
	if (o->query) {
		result = query_eval(o->query, tree);
		is_null = result == NULL;
	}
	sbuf b = { 0 };
	if (o->text) {
		if (is_null)
			sbuf_str(&b, "None\n");
		else
			text_node(&b, result, NULL, NULL, 0);
	} else if (is_null) {
		sbuf_str(&b, "null\n");
	} else if (!(cJSON_IsObject(result) && !result->child)) {
		/* The aws CLI prints nothing for an empty response ({}). */
		print_json(&b, result, 0);
		sbuf_char(&b, '\n');
	}
	int rc = 0;
	if (b.failed) {
		warnx_("out of memory");
		rc = EXIT_LOCAL;
	} else if (sbuf_write(&b, STDOUT_FILENO) != 0) {
		rc = EXIT_LOCAL;
	}
	sbuf_free(&b);
	if (result != tree)
		json_free(result);
	json_free(tree);
	return rc;
}
