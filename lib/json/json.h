/*
 * json.h - layer 3: JSON secret strings.  Parsing with cJSON (whose global
 * hooks are never touched), a nesting cap checked before parsing, every
 * string of a parsed tree zeroed before it is freed, and results written
 * into buffers the caller zeroes.
 */
#ifndef SV_JSON_H
#define SV_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define SV_JSON_DEPTH_MAX 64

/* Zero every string and number of a parsed tree, then free it (NULL
 * accepted).  Any tree that may have held a value goes this way. */
void sv__json_free(cJSON *root);

/* Extract @path (External Secrets Operator grammar) from the JSON text
 * @json.  *out is allocated (len + 1 bytes, NUL-terminated), free it with
 * sv__free_secret(*out, *out_len + 1).  Errors: SV_EINVALID (not JSON;
 * malformed path), SV_ENOTFOUND (no such property), SV_ENOMEM.  Messages
 * never quote the secret string. */
int sv__json_property(uint8_t **out, size_t *out_len, const uint8_t *json,
		      size_t len, const char *path);

/* Walk a JSON object: @leaf is called for every member that is not an
 * object, with the keys leading to it; nested objects are walked.  Values
 * are strings' text, other values' compact JSON.  SV_ENOTFOUND (and no
 * call) when the text is not a JSON object. */
typedef int (*sv_json_leaf_fn)(void *ctx, const char *const *keys, size_t nkeys,
			       const char *text, size_t len);
int sv__json_walk(const uint8_t *json, size_t len, sv_json_leaf_fn leaf,
		  void *ctx);

#endif
