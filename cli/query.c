/*
 * query.c - --query for the JMESPath subset that field paths need:
 * Name, "quoted-name", a.b, list[0], list[-1], list[] (flatten), list[*]
 * and obj.* (projections).  As in JMESPath, a projection carries the
 * rest of the path to every element and drops null results, and a
 * flatten ends the projection before it.  Anything else (filters,
 * functions, pipes, multiselects) is refused with a clear message.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum tok_kind {
	T_FIELD,
	T_INDEX,
	T_FLATTEN,
	T_LIST_WILD,
	T_OBJ_WILD
} tok_kind;

typedef struct tok {
	tok_kind kind;
	char name[128];
	long index;
} tok;

#define MAX_TOKS 32

static int parse_name(tok *t, const char **p)
{
	const char *s = *p;
	size_t n = 0;
	if (*s == '"') {
		for (s++; *s && *s != '"' && n + 1 < sizeof t->name; s++) {
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			t->name[n++] = *s;
		}
		if (*s != '"')
			return -1;
		s++;
	} else {
		if (!isalpha((unsigned char)*s) && *s != '_')
			return -1;
		while ((isalnum((unsigned char)*s) || *s == '_') &&
		       n + 1 < sizeof t->name)
			t->name[n++] = *s++;
	}
	t->name[n] = '\0';
	t->kind = T_FIELD;
	*p = s;
	return 0;
}

static int parse_bracket(tok *t, const char **p)
{
	const char *s = *p + 1;
	if (*s == ']') {
		t->kind = T_FLATTEN;
	} else if (s[0] == '*' && s[1] == ']') {
		t->kind = T_LIST_WILD;
		s++;
	} else {
		char *end;
		t->index = strtol(s, &end, 10);
		if (end == s || *end != ']' ||
		    !(isdigit((unsigned char)*s) || *s == '-'))
			return -1;
		t->kind = T_INDEX;
		s = end;
	}
	*p = s + 1;
	return 0;
}

/* Tokens of @expr; the count, or -1 if it is outside the subset. */
static int tokenize(tok *toks, const char *expr)
{
	const char *p = expr;
	int n = 0, need_step = 1; /* a name, '*' or '[' must come next */
	while (*p) {
		if (n == MAX_TOKS)
			return -1;
		tok *t = &toks[n];
		memset(t, 0, sizeof *t);
		if (*p == '[') {
			if (parse_bracket(t, &p) != 0)
				return -1;
			need_step = 0;
		} else if (need_step && *p == '*') {
			t->kind = T_OBJ_WILD;
			p++;
			need_step = 0;
		} else if (need_step) {
			if (parse_name(t, &p) != 0)
				return -1;
			need_step = 0;
		} else if (*p == '.' && p[1] != '[') {
			p++;
			need_step = 1;
			continue;
		} else {
			return -1;
		}
		n++;
	}
	return need_step ? -1 : n;
}

int query_check(const char *expr)
{
	tok toks[MAX_TOKS];
	if (tokenize(toks, expr) > 0)
		return 0;
	fprintf(stderr,
		PROG
		": error: unsupported --query expression '%s': only field "
		"paths such as "
		"SecretString, ARN, SecretList[].Name, SecretList[0].Tags or "
		"Versions[0].VersionId are supported (no filters, functions or "
		"pipes)\n",
		expr);
	return EXIT_USAGE;
}

static cJSON *dup_or_null(const cJSON *j)
{
	return !j || cJSON_IsNull(j) ? NULL : cJSON_Duplicate(j, 1);
}

static cJSON *eval_seg(const cJSON *node, const tok *t, int i, int end);

/* Apply t[i..end) to each of @elems, keeping the non-null results. */
static cJSON *project(const cJSON *elems, const tok *t, int i, int end)
{
	cJSON *out = cJSON_CreateArray();
	for (const cJSON *e = elems->child; e; e = e->next) {
		cJSON *r = eval_seg(e, t, i, end);
		if (r)
			cJSON_AddItemToArray(out, r);
	}
	return out;
}

/* Evaluate tokens [i, end), none of them a flatten. */
static cJSON *eval_seg(const cJSON *node, const tok *t, int i, int end)
{
	for (; i < end; i++) {
		if (!node || cJSON_IsNull(node))
			return NULL;
		switch (t[i].kind) {
		case T_FIELD:
			if (!cJSON_IsObject(node))
				return NULL;
			node = cJSON_GetObjectItemCaseSensitive(node,
								t[i].name);
			break;
		case T_INDEX: {
			if (!cJSON_IsArray(node))
				return NULL;
			long n = cJSON_GetArraySize(node), k = t[i].index;
			if (k < 0)
				k += n;
			if (k < 0 || k >= n)
				return NULL;
			node = cJSON_GetArrayItem(node, (int)k);
			break;
		}
		case T_LIST_WILD:
			return cJSON_IsArray(node)
				       ? project(node, t, i + 1, end)
				       : NULL;
		case T_OBJ_WILD:
			return cJSON_IsObject(node)
				       ? project(node, t, i + 1, end)
				       : NULL;
		case T_FLATTEN:
			return NULL; /* not reached: flattens split the segments
				      */
		}
	}
	return dup_or_null(node);
}

static int next_flatten(const tok *t, int from, int n)
{
	while (from < n && t[from].kind != T_FLATTEN)
		from++;
	return from;
}

cJSON *query_eval(const char *expr, const cJSON *root)
{
	tok t[MAX_TOKS];
	int n = tokenize(t, expr);
	if (n <= 0)
		return NULL;
	int j = next_flatten(t, 0, n);
	cJSON *cur = eval_seg(root, t, 0, j);
	while (j < n) {
		/* A flatten: merge nested lists one level, then project the
		 * path up to the next flatten over the elements. */
		if (!cJSON_IsArray(cur)) {
			json_free(cur);
			return NULL;
		}
		cJSON *flat = cJSON_CreateArray();
		for (cJSON *e = cur->child; e; e = e->next) {
			if (cJSON_IsArray(e))
				for (cJSON *x = e->child; x; x = x->next)
					cJSON_AddItemToArray(
						flat, cJSON_Duplicate(x, 1));
			else
				cJSON_AddItemToArray(flat,
						     cJSON_Duplicate(e, 1));
		}
		json_free(cur);
		int k = next_flatten(t, j + 1, n);
		cur = project(flat, t, j + 1, k);
		json_free(flat);
		j = k;
	}
	return cur;
}
