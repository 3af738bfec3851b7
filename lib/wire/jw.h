/* jw.h - a small JSON writer for AWS response bodies.  It writes straight
 * into an sv_buf (zeroed when freed), so secret values never pass through
 * cJSON on their way out. */
#ifndef SV_WIRE_JW_H
#define SV_WIRE_JW_H

#include "util/util.h"

typedef struct jw {
	sv_buf b;
	int need_comma;
} jw;

void jw_begin(jw *w, char open);     /* '{' or '[' */
void jw_end(jw *w, char close);	     /* '}' or ']' */
void jw_key(jw *w, const char *key); /* "key": */
void jw_str(jw *w, const char *s);
void jw_strn(jw *w, const char *s, size_t n);
void jw_base64(jw *w, const uint8_t *p, size_t n);
void jw_int(jw *w, int64_t v);
void jw_bool(jw *w, int v);
/* Epoch seconds with milliseconds, as AWS sends dates. */
void jw_date(jw *w, int64_t ms);
/* "key": "value" (and skipped when value is NULL). */
void jw_kv(jw *w, const char *key, const char *value);
void jw_kdate(jw *w, const char *key, int64_t ms); /* skipped when 0 */

#endif
