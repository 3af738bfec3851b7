/* json.c - property paths and object walks over JSON secret strings. */
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "json/json.h"
#include "secretvault.h"
#include "util/error.h"
#include "util/mem.h"

#define NOT_JSON "the secret string is not a JSON document"

/* The deepest nesting of brackets outside strings, so that no hostile
 * input reaches cJSON's recursion. */
static int depth_ok(const uint8_t *s, size_t n)
{
	int depth = 0, in_string = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > SV_JSON_DEPTH_MAX)
				return 0;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 1;
}

/* Zero every string and number of a tree, then free it. */
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

void sv__json_free(cJSON *root)
{
	if (root) {
		scrub(root);
		cJSON_Delete(root);
	}
}

static int parse(cJSON **out, const uint8_t *json, size_t len)
{
	const char *end = NULL;
	*out = NULL;
	if (!depth_ok(json, len))
		return sv__error_set(
			SV_EINVALID,
			"the secret string nests deeper than %d levels",
			SV_JSON_DEPTH_MAX);
	cJSON *root =
		cJSON_ParseWithLengthOpts((const char *)json, len, &end, 0);
	if (!root)
		return sv__error_set(SV_EINVALID, NOT_JSON);
	while (end && (size_t)(end - (const char *)json) < len &&
	       strchr(" \t\r\n", *end) && *end)
		end++;
	if (!end || (size_t)(end - (const char *)json) != len) {
		sv__json_free(root);
		return sv__error_set(SV_EINVALID, NOT_JSON);
	}
	*out = root;
	return SV_OK;
}

/* A value's text: a string's own bytes, anything else as compact JSON. */
static int render(uint8_t **out, size_t *out_len, const cJSON *item,
		  size_t input_len)
{
	if (cJSON_IsString(item)) {
		size_t n = strlen(item->valuestring);
		*out = sv__malloc(n + 1);
		if (!*out)
			return sv__error_set(SV_ENOMEM, "out of memory");
		memcpy(*out, item->valuestring, n + 1);
		*out_len = n;
		return SV_OK;
	}
	/* Printing into our own buffer keeps cJSON from leaving copies in
	 * memory it reallocates; escapes can grow text six-fold at most. */
	size_t cap = input_len * 6 + 64;
	char *buf = sv__malloc(cap);
	if (!buf)
		return sv__error_set(SV_ENOMEM, "out of memory");
	if (!cJSON_PrintPreallocated((cJSON *)item, buf, (int)cap, 0)) {
		sv__free_secret(buf, cap);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	size_t n = strlen(buf);
	*out = sv__malloc(n + 1);
	if (*out) {
		memcpy(*out, buf, n + 1);
		*out_len = n;
	}
	sv__free_secret(buf, cap);
	return *out ? SV_OK : sv__error_set(SV_ENOMEM, "out of memory");
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
				return sv__error_set(
					SV_EINVALID,
					"malformed property path \"%s\": it "
					"ends with a backslash",
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

static int is_index(const char *s, int *out)
{
	long v = 0;
	if (!*s || (s[0] == '0' && s[1]))
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return 0;
		v = v * 10 + (*s - '0');
	}
	*out = (int)v;
	return 1;
}

/* Follow the segments; *count is set when the last one is '#'. */
static int walk_path(const cJSON **out, int *count, const cJSON *cur,
		     char **segs, size_t n, const char *path)
{
	*count = -1;
	for (size_t i = 0; i < n; i++) {
		int idx;
		if (cJSON_IsObject(cur)) {
			cur = cJSON_GetObjectItemCaseSensitive(cur, segs[i]);
		} else if (cJSON_IsArray(cur) && strcmp(segs[i], "#") == 0) {
			if (i + 1 != n)
				return sv__error_set(
					SV_EINVALID,
					"malformed property path \"%s\": '#' "
					"must be its last part",
					path);
			*count = cJSON_GetArraySize(cur);
			return SV_OK;
		} else if (cJSON_IsArray(cur) && is_index(segs[i], &idx)) {
			cur = cJSON_GetArrayItem(cur, idx);
		} else {
			cur = NULL;
		}
		if (!cur)
			return sv__error_set(
				SV_ENOTFOUND,
				"the property %s does not exist in the secret",
				path);
	}
	*out = cur;
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
	cJSON *root;
	int rc = parse(&root, json, len);
	if (rc != SV_OK)
		return rc;
	/* A key that is literally the whole path wins over the path. */
	const cJSON *item =
		cJSON_IsObject(root)
			? cJSON_GetObjectItemCaseSensitive(root, path)
			: NULL;
	int count = -1;
	char *buf = NULL;
	if (!item) {
		char *segs[SEG_MAX];
		size_t nsegs;
		buf = sv__malloc(strlen(path) + 1);
		if (!buf)
			rc = sv__error_set(SV_ENOMEM, "out of memory");
		else if ((rc = split_path(buf, segs, &nsegs, path)) == SV_OK)
			rc = walk_path(&item, &count, root, segs, nsegs, path);
	}
	if (rc == SV_OK && count >= 0) {
		char num[16];
		int n = snprintf(num, sizeof num, "%d", count);
		*out = sv__malloc((size_t)n + 1);
		if (*out) {
			memcpy(*out, num, (size_t)n + 1);
			*out_len = (size_t)n;
		} else {
			rc = sv__error_set(SV_ENOMEM, "out of memory");
		}
	} else if (rc == SV_OK) {
		rc = render(out, out_len, item, len);
	}
	sv__free(buf);
	sv__json_free(root);
	return rc;
}

typedef struct walk_state {
	const char *keys[SV_JSON_DEPTH_MAX + 1];
	size_t depth;
	size_t input_len;
	sv_json_leaf_fn leaf;
	void *ctx;
} walk_state;

static int walk_object(walk_state *w, const cJSON *obj)
{
	for (const cJSON *m = obj->child; m; m = m->next) {
		int rc;
		w->keys[w->depth++] = m->string;
		if (cJSON_IsObject(m)) {
			rc = walk_object(w, m);
		} else {
			uint8_t *text;
			size_t n;
			rc = render(&text, &n, m, w->input_len);
			if (rc == SV_OK) {
				rc = w->leaf(w->ctx, w->keys, w->depth,
					     (char *)text, n);
				sv__free_secret(text, n + 1);
			}
		}
		w->depth--;
		if (rc != SV_OK)
			return rc;
	}
	return SV_OK;
}

int sv__json_walk(const uint8_t *json, size_t len, sv_json_leaf_fn leaf,
		  void *ctx)
{
	cJSON *root;
	if (!depth_ok(json, len))
		return SV_ENOTFOUND;
	int rc = parse(&root, json, len);
	if (rc != SV_OK) {
		sv__error_clear();
		return SV_ENOTFOUND;
	}
	if (!cJSON_IsObject(root)) {
		sv__json_free(root);
		return SV_ENOTFOUND;
	}
	walk_state w = { { 0 }, 0, len, leaf, ctx };
	rc = walk_object(&w, root);
	sv__json_free(root);
	return rc;
}
