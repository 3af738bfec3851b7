/* objects.c - accessors and frees of the objects handed to callers. */
#include <string.h>

#include <sodium.h>

#include "api/objects.h"

char **sv__strv_dup(char *const *v, size_t n)
{
	char **d = sv__calloc(n + 1, sizeof *d);
	for (size_t i = 0; d && i < n; i++) {
		if (!(d[i] = sv__strdup(v[i]))) {
			sv__strv_free(d, i);
			return NULL;
		}
	}
	return d;
}

void sv__strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		sv__free(v[i]);
	sv__free(v);
}

/* ---- sv_result ---------------------------------------------------------- */

sv_result *sv__result_new(const sv_meta *m, const sv_mversion *mv)
{
	sv_result *r = sv__calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->arn = sv__strdup(m->arn);
	r->name = sv__strdup(m->name);
	int ok = r->arn && r->name;
	if (ok && mv) {
		r->version_id = sv__strdup(mv->id);
		r->stages = sv__strv_dup(mv->stages, mv->nstages);
		r->nstages = mv->nstages;
		ok = r->version_id && r->stages;
	}
	if (!ok) {
		sv_result_free(r);
		return NULL;
	}
	return r;
}

const char *sv_result_arn(const sv_result *r)
{
	return r ? r->arn : NULL;
}
const char *sv_result_name(const sv_result *r)
{
	return r ? r->name : NULL;
}
const char *sv_result_version_id(const sv_result *r)
{
	return r ? r->version_id : NULL;
}
size_t sv_result_stage_count(const sv_result *r)
{
	return r ? r->nstages : 0;
}
const char *sv_result_stage(const sv_result *r, size_t i)
{
	return r && i < r->nstages ? r->stages[i] : NULL;
}
int64_t sv_result_deletion_date(const sv_result *r)
{
	return r ? r->deletion_date : 0;
}
void sv_result_free(sv_result *r)
{
	if (!r)
		return;
	sv__free(r->arn);
	sv__free(r->name);
	sv__free(r->version_id);
	sv__strv_free(r->stages, r->nstages);
	sv__free(r);
}

/* ---- sv_value ----------------------------------------------------------- */

const void *sv_value_data(const sv_value *val)
{
	return val ? val->data : NULL;
}
size_t sv_value_size(const sv_value *val)
{
	return val ? val->size : 0;
}
int sv_value_is_binary(const sv_value *val)
{
	return val ? val->binary : 0;
}
const char *sv_value_version_id(const sv_value *val)
{
	return val ? val->version_id : NULL;
}
const char *sv_value_arn(const sv_value *val)
{
	return val ? val->arn : NULL;
}
const char *sv_value_name(const sv_value *val)
{
	return val ? val->name : NULL;
}
size_t sv_value_stage_count(const sv_value *val)
{
	return val ? val->nstages : 0;
}
const char *sv_value_stage(const sv_value *val, size_t i)
{
	return val && i < val->nstages ? val->stages[i] : NULL;
}
int64_t sv_value_created(const sv_value *val)
{
	return val ? val->created : 0;
}

int sv_value_copy(void *buf, size_t cap, size_t *len_out, const sv_value *val)
{
	sv__error_clear();
	if (!val)
		return sv__error_set(SV_EINVALID, "the value is NULL");
	if (len_out)
		*len_out = val->size;
	if (cap < val->size || (!buf && val->size))
		return sv__error_set(SV_EBUFS, "the value needs %zu bytes",
				     val->size);
	if (val->size)
		memcpy(buf, val->data, val->size);
	return SV_OK;
}

void sv_value_free(sv_value *val)
{
	if (!val)
		return;
	if (val->secure)
		sodium_free(val->data); /* zeroes first */
	else
		sv__free_secret(val->data, val->cap ? val->cap : val->size + 1);
	sv__free(val->arn);
	sv__free(val->name);
	sv__strv_free(val->stages, val->nstages);
	sodium_memzero(val, sizeof *val);
	sv__free(val);
}

/* ---- sv_version ---------------------------------------------------------- */

int sv__version_fill(struct sv_version *out, const sv_vinfo *vi,
		     char *const *stages, size_t nstages, sv_vault *v)
{
	memset(out, 0, sizeof *out);
	memcpy(out->id, vi->id, sizeof out->id);
	out->created = vi->created;
	out->accessed = vi->accessed;
	out->stages = sv__strv_dup(stages, nstages);
	out->nstages = nstages;
	sv_kek *k = sv__key_find(v, vi->key_id);
	int dflt = k && k->naliases &&
		   strcmp(k->aliases[0], SV_DEFAULT_KEY_ALIAS) == 0;
	out->kms_key_id =
		sv__strdup(dflt ? "DefaultEncryptionKey" : vi->key_id);
	if (!out->stages || !out->kms_key_id) {
		sv__version_clear(out);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	return SV_OK;
}

void sv__version_clear(struct sv_version *ver)
{
	sv__strv_free(ver->stages, ver->nstages);
	sv__free(ver->kms_key_id);
	memset(ver, 0, sizeof *ver);
}

const char *sv_version_id(const sv_version *ver)
{
	return ver ? ver->id : NULL;
}
size_t sv_version_stage_count(const sv_version *ver)
{
	return ver ? ver->nstages : 0;
}
const char *sv_version_stage(const sv_version *ver, size_t i)
{
	return ver && i < ver->nstages ? ver->stages[i] : NULL;
}
int64_t sv_version_created_date(const sv_version *ver)
{
	return ver ? ver->created : 0;
}
int64_t sv_version_last_accessed_date(const sv_version *ver)
{
	return ver ? ver->accessed : 0;
}
const char *sv_version_kms_key_id(const sv_version *ver)
{
	return ver ? ver->kms_key_id : NULL;
}

/* ---- sv_secret ----------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? sv__strdup(s) : NULL;
}

int sv__secret_fill(struct sv_secret *s, const sv_meta *m, sv_vault *v)
{
	memset(s, 0, sizeof *s);
	s->arn = sv__strdup(m->arn);
	s->name = sv__strdup(m->name);
	s->description = dup_or_null(m->description);
	s->kms_key_id = dup_or_null(m->kms_key_id);
	s->created = m->created;
	s->changed = m->changed;
	s->accessed = m->accessed;
	s->deleted = m->deleted;
	s->tags_present = m->tags_present;
	s->tag_keys = sv__strv_dup(m->tag_keys, m->ntags);
	s->tag_values = sv__strv_dup(m->tag_values, m->ntags);
	s->ntags = m->ntags;
	s->versions = sv__calloc(m->nversions + 1, sizeof *s->versions);
	int ok = s->arn && s->name && (s->description || !m->description) &&
		 (s->kms_key_id || !m->kms_key_id) && s->tag_keys &&
		 s->tag_values && s->versions;
	(void)v;
	for (size_t i = 0; ok && i < m->nversions; i++) {
		/* VersionIdsToStages: ids and labels are all it shows. */
		const sv_mversion *mv = &m->versions[i];
		struct sv_version *out = &s->versions[s->nversions];
		memcpy(out->id, mv->id, sizeof out->id);
		out->stages = sv__strv_dup(mv->stages, mv->nstages);
		out->nstages = mv->nstages;
		ok = out->stages != NULL;
		if (ok)
			s->nversions++;
	}
	if (!ok) {
		sv__secret_clear(s);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	return SV_OK;
}

void sv__secret_clear(struct sv_secret *s)
{
	sv__free(s->arn);
	sv__free(s->name);
	sv__free(s->description);
	sv__free(s->kms_key_id);
	sv__strv_free(s->tag_keys, s->ntags);
	sv__strv_free(s->tag_values, s->ntags);
	for (size_t i = 0; s->versions && i < s->nversions; i++)
		sv__version_clear(&s->versions[i]);
	sv__free(s->versions);
	memset(s, 0, sizeof *s);
}

const char *sv_secret_arn(const sv_secret *s)
{
	return s ? s->arn : NULL;
}
const char *sv_secret_name(const sv_secret *s)
{
	return s ? s->name : NULL;
}
const char *sv_secret_description(const sv_secret *s)
{
	return s ? s->description : NULL;
}
const char *sv_secret_kms_key_id(const sv_secret *s)
{
	return s ? s->kms_key_id : NULL;
}
int64_t sv_secret_created_date(const sv_secret *s)
{
	return s ? s->created : 0;
}
int64_t sv_secret_last_changed_date(const sv_secret *s)
{
	return s ? s->changed : 0;
}
int64_t sv_secret_last_accessed_date(const sv_secret *s)
{
	return s ? s->accessed : 0;
}
int64_t sv_secret_deleted_date(const sv_secret *s)
{
	return s ? s->deleted : 0;
}
int sv_secret_has_tags(const sv_secret *s)
{
	return s ? s->tags_present : 0;
}
size_t sv_secret_tag_count(const sv_secret *s)
{
	return s ? s->ntags : 0;
}
const char *sv_secret_tag_key(const sv_secret *s, size_t i)
{
	return s && i < s->ntags ? s->tag_keys[i] : NULL;
}
const char *sv_secret_tag_value(const sv_secret *s, size_t i)
{
	return s && i < s->ntags ? s->tag_values[i] : NULL;
}
size_t sv_secret_version_count(const sv_secret *s)
{
	return s ? s->nversions : 0;
}
const char *sv_secret_version_id(const sv_secret *s, size_t i)
{
	return s && i < s->nversions ? s->versions[i].id : NULL;
}
size_t sv_secret_version_stage_count(const sv_secret *s, size_t i)
{
	return s && i < s->nversions ? s->versions[i].nstages : 0;
}
const char *sv_secret_version_stage(const sv_secret *s, size_t i, size_t j)
{
	return s && i < s->nversions && j < s->versions[i].nstages
		       ? s->versions[i].stages[j]
		       : NULL;
}
void sv_secret_free(sv_secret *s)
{
	if (!s)
		return;
	sv__secret_clear(s);
	sv__free(s);
}

/* ---- sv_iter --------------------------------------------------------------
 */

int sv_iter_next_secret(const sv_secret **out, sv_iter *it)
{
	sv__error_clear();
	if (!out || !it)
		return sv__error_set(SV_EINVALID, "NULL argument");
	*out = NULL;
	if (it->kind != SV_ITER_SECRETS)
		return sv__error_set(SV_EINVALID,
				     "this iterator lists versions");
	if (it->pos >= it->count)
		return SV_ITEROVER;
	*out = &it->secrets[it->pos++];
	return SV_OK;
}

int sv_iter_next_version(const sv_version **out, sv_iter *it)
{
	sv__error_clear();
	if (!out || !it)
		return sv__error_set(SV_EINVALID, "NULL argument");
	*out = NULL;
	if (it->kind != SV_ITER_VERSIONS)
		return sv__error_set(SV_EINVALID,
				     "this iterator lists secrets");
	if (it->pos >= it->count)
		return SV_ITEROVER;
	*out = &it->versions[it->pos++];
	return SV_OK;
}

const char *sv_iter_next_token(const sv_iter *it)
{
	return it ? it->next_token : NULL;
}
const char *sv_iter_arn(const sv_iter *it)
{
	return it ? it->arn : NULL;
}
const char *sv_iter_name(const sv_iter *it)
{
	return it ? it->name : NULL;
}

void sv_iter_free(sv_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; it->secrets && i < it->count; i++)
		sv__secret_clear(&it->secrets[i]);
	for (size_t i = 0; it->versions && i < it->count; i++)
		sv__version_clear(&it->versions[i]);
	sv__free(it->secrets);
	sv__free(it->versions);
	sv__free(it->next_token);
	sv__free(it->arn);
	sv__free(it->name);
	sv__free(it);
}

/* ---- sv_batch -------------------------------------------------------------
 */

size_t sv_batch_value_count(const sv_batch *b)
{
	return b ? b->nvalues : 0;
}
const sv_value *sv_batch_value(const sv_batch *b, size_t i)
{
	return b && i < b->nvalues ? b->values[i] : NULL;
}
size_t sv_batch_error_count(const sv_batch *b)
{
	return b ? b->nerrors : 0;
}
const char *sv_batch_error_secret_id(const sv_batch *b, size_t i)
{
	return b && i < b->nerrors ? b->errors[i].secret_id : NULL;
}
const char *sv_batch_error_code(const sv_batch *b, size_t i)
{
	return b && i < b->nerrors ? b->errors[i].code : NULL;
}
const char *sv_batch_error_message(const sv_batch *b, size_t i)
{
	return b && i < b->nerrors ? b->errors[i].message : NULL;
}
const char *sv_batch_next_token(const sv_batch *b)
{
	return b ? b->next_token : NULL;
}
void sv_batch_free(sv_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nvalues; i++)
		sv_value_free(b->values[i]);
	for (size_t i = 0; i < b->nerrors; i++) {
		sv__free(b->errors[i].secret_id);
		sv__free(b->errors[i].code);
		sv__free(b->errors[i].message);
	}
	sv__free(b->values);
	sv__free(b->errors);
	sv__free(b->next_token);
	sv__free(b);
}
