/*
 * call.c - sv_call: every operation reachable with AWS Secrets Manager's
 * own JSON request and response bodies (aws-semantics.md §1 and §4), so
 * the CLI, the bindings and a future endpoint share one translation.
 *
 * Requests are parsed with cJSON and every string of the tree is zeroed
 * before it is freed (a request may carry a SecretString).  Responses are
 * written by jw into a buffer that sv_call_free() zeroes.
 */
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "api/internal.h"
#include "api/meta.h"
#include "api/objects.h"
#include "json/json.h"
#include "wire/jw.h"

#define NEED_TOKEN                                                             \
	"You must provide a ClientRequestToken value. We recommend a "         \
	"UUID-type value."

/* ---- Reading a request --------------------------------------------------- */

typedef struct req {
	cJSON *root;
	uint8_t *binary; /* a decoded SecretBinary */
	size_t binary_len;
	const char *strs[256]; /* string lists handed to the API */
	size_t nstrs;
} req;

static void req_free(req *r)
{
	sv__json_free(r->root);
	sv__free_secret(r->binary, r->binary_len);
	memset(r, 0, sizeof *r);
}

/* AWS names members in camelCase in its validation messages. */
static void camel(char *out, size_t cap, const char *member)
{
	snprintf(out, cap, "%s", member);
	out[0] = (char)(out[0] | 0x20);
}

static int type_error(const char *member, const char *want)
{
	return sv__error_set(SV_ESERIALIZATION,
			     "Unexpected value type for %s: expected %s",
			     member, want);
}

static int missing(const char *member)
{
	char c[64];
	camel(c, sizeof c, member);
	return sv__error_set(
		SV_EVALIDATION,
		"1 validation error detected: Value null at '%s' failed to "
		"satisfy constraint: Member must not be null",
		c);
}

/* A string member: NULL when absent; an error when of another type or
 * when @required and absent. */
static int get_str(const char **out, const req *r, const char *member,
		   int required)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(r->root, member);
	*out = NULL;
	if (!x || cJSON_IsNull(x))
		return required ? missing(member) : SV_OK;
	if (!cJSON_IsString(x))
		return type_error(member, "a string");
	*out = x->valuestring;
	return SV_OK;
}

static int get_bool(int *out, int *present, const req *r, const char *member)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(r->root, member);
	*out = 0;
	if (present)
		*present = x && !cJSON_IsNull(x);
	if (!x || cJSON_IsNull(x))
		return SV_OK;
	if (!cJSON_IsBool(x))
		return type_error(member, "a boolean");
	*out = cJSON_IsTrue(x);
	return SV_OK;
}

static int get_int(int64_t *out, int *present, const req *r, const char *member)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(r->root, member);
	*out = 0;
	*present = x && !cJSON_IsNull(x);
	if (!*present)
		return SV_OK;
	/* Range first: casting an out-of-range double is undefined. */
	if (!cJSON_IsNumber(x) || !(x->valuedouble <= 9e15) ||
	    !(x->valuedouble >= -9e15) ||
	    x->valuedouble != (double)(int64_t)x->valuedouble)
		return type_error(member, "an integer");
	*out = (int64_t)x->valuedouble;
	return SV_OK;
}

/* A list of strings, into r->strs. */
static int get_strlist(const char *const **out, size_t *n, req *r,
		       const char *member, int required)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(r->root, member);
	*out = NULL;
	*n = 0;
	if (!x || cJSON_IsNull(x))
		return required ? missing(member) : SV_OK;
	if (!cJSON_IsArray(x))
		return type_error(member, "a list");
	size_t start = r->nstrs;
	for (const cJSON *e = x->child; e; e = e->next) {
		if (!cJSON_IsString(e))
			return type_error(member, "a list of strings");
		if (r->nstrs == sizeof r->strs / sizeof r->strs[0]) {
			char c[64];
			camel(c, sizeof c, member);
			return sv__error_set(
				SV_EVALIDATION,
				"1 validation error detected: Value at '%s' "
				"failed to satisfy constraint: Member must "
				"have length less than or equal to 20",
				c);
		}
		r->strs[r->nstrs++] = e->valuestring;
	}
	*out = r->strs + start;
	*n = r->nstrs - start;
	/* An empty list still counts as given (AWS checks its length). */
	if (*n == 0)
		*out = r->strs + start;
	return SV_OK;
}

static int get_max_results(uint32_t *out, const req *r, int64_t hi)
{
	int64_t v;
	int present;
	int rc = get_int(&v, &present, r, "MaxResults");
	*out = 0;
	if (rc != SV_OK || !present)
		return rc;
	if (v < 1 || v > hi)
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value '%lld' at "
			"'maxResults' failed to satisfy constraint: Member "
			"must have value %s %lld",
			(long long)v,
			v < 1 ? "greater than or equal to"
			      : "less than or equal to",
			(long long)(v < 1 ? 1 : hi));
	*out = (uint32_t)v;
	return SV_OK;
}

#define TAGS_MAX 256

static int get_tags(sv_tag *tags, size_t *n, const req *r, const char *member,
		    int required)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(r->root, member);
	*n = 0;
	if (!x || cJSON_IsNull(x))
		return required ? missing(member) : SV_OK;
	if (!cJSON_IsArray(x))
		return type_error(member, "a list");
	for (const cJSON *e = x->child; e; e = e->next) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "Key");
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "Value");
		if (!cJSON_IsObject(e) || (k && !cJSON_IsString(k)) ||
		    (v && !cJSON_IsString(v)))
			return type_error(member, "a list of {Key, Value}");
		if (!k)
			return missing("Tags.member.Key");
		if (*n == TAGS_MAX)
			return sv__error_set(
				SV_ELIMIT,
				"You can't add more than 50 tags to a secret.");
		tags[*n].key = k->valuestring;
		tags[*n].value = v ? v->valuestring : "";
		(*n)++;
	}
	return SV_OK;
}

#define FILTERS_MAX 16

static int get_filters(sv_list_filter *f, size_t *n, req *r)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(r->root, "Filters");
	*n = 0;
	if (!x || cJSON_IsNull(x))
		return SV_OK;
	if (!cJSON_IsArray(x))
		return type_error("Filters", "a list");
	for (const cJSON *e = x->child; e; e = e->next) {
		if (*n == FILTERS_MAX)
			return sv__error_set(
				SV_EVALIDATION,
				"1 validation error detected: Value at "
				"'filters' failed to satisfy constraint: "
				"Member must have length less than or equal to "
				"10");
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "Key");
		const cJSON *vals =
			cJSON_GetObjectItemCaseSensitive(e, "Values");
		if (!cJSON_IsObject(e) || (k && !cJSON_IsString(k)) ||
		    (vals && !cJSON_IsArray(vals)))
			return type_error("Filters", "a list of {Key, Values}");
		f[*n].key = k ? k->valuestring : NULL;
		f[*n].values = r->strs + r->nstrs;
		f[*n].value_count = 0;
		for (const cJSON *v = vals ? vals->child : NULL; v;
		     v = v->next) {
			if (!cJSON_IsString(v))
				return type_error(
					"Filters",
					"a list of strings as Values");
			if (r->nstrs == sizeof r->strs / sizeof r->strs[0])
				return sv__error_set(
					SV_EVALIDATION,
					"1 validation error detected: Value at "
					"'filters.%zu.member.values' failed to "
					"satisfy constraint: Member must have "
					"length less than or equal to 10",
					*n + 1);
			r->strs[r->nstrs++] = v->valuestring;
			f[*n].value_count++;
		}
		(*n)++;
	}
	return SV_OK;
}

/* SecretString / SecretBinary (base64 on the wire). */
static int get_value(const char **str, size_t *str_len, const void **bin,
		     size_t *bin_len, req *r)
{
	const char *b64;
	int rc;
	*bin = NULL;
	*bin_len = 0;
	*str_len = 0;
	if ((rc = get_str(str, r, "SecretString", 0)) ||
	    (rc = get_str(&b64, r, "SecretBinary", 0)))
		return rc;
	if (*str)
		*str_len = strlen(*str);
	if (b64) {
		size_t n = strlen(b64);
		r->binary_len = n / 4 * 3 + 3;
		r->binary = sv__malloc(r->binary_len);
		if (!r->binary)
			return sv__error_set(SV_ENOMEM, "out of memory");
		if (sv__base64_decode(r->binary, bin_len, b64, n) != SV_OK)
			return sv__error_set(
				SV_ESERIALIZATION,
				"SecretBinary is not valid base64");
		*bin = r->binary;
	}
	return SV_OK;
}

/* ---- Writing responses ------------------------------------------------------
 */

static void write_stages(jw *w, const char *key, char *const *stages, size_t n)
{
	jw_key(w, key);
	jw_begin(w, '[');
	for (size_t i = 0; i < n; i++)
		jw_str(w, stages[i]);
	jw_end(w, ']');
}

static void write_result(jw *w, const sv_result *res, int with_stages)
{
	jw_kv(w, "ARN", res->arn);
	jw_kv(w, "Name", res->name);
	jw_kv(w, "VersionId", res->version_id);
	if (with_stages && res->version_id)
		write_stages(w, "VersionStages", res->stages, res->nstages);
}

/* The reply of an operation that returns an sv_result: written when the
 * call succeeded, freed either way. */
static int reply_result(jw *w, int rc, sv_result *res, int with_stages)
{
	if (rc == SV_OK)
		write_result(w, res, with_stages);
	sv_result_free(res);
	return rc;
}

static void write_value(jw *w, const sv_value *val)
{
	jw_kv(w, "ARN", val->arn);
	jw_kv(w, "Name", val->name);
	jw_kv(w, "VersionId", val->version_id);
	if (val->binary) {
		jw_key(w, "SecretBinary");
		jw_base64(w, val->data, val->size);
	} else {
		jw_key(w, "SecretString");
		jw_strn(w, (const char *)val->data, val->size);
	}
	write_stages(w, "VersionStages", val->stages, val->nstages);
	jw_kdate(w, "CreatedDate", val->created);
}

/* The fields DescribeSecret and ListSecrets share. */
static void write_secret(jw *w, const struct sv_secret *s, const char *map_key)
{
	jw_kv(w, "ARN", s->arn);
	jw_kv(w, "Name", s->name);
	jw_kv(w, "Description", s->description);
	jw_kv(w, "KmsKeyId", s->kms_key_id);
	jw_kdate(w, "LastChangedDate", s->changed);
	jw_kdate(w, "LastAccessedDate", s->accessed);
	jw_kdate(w, "DeletedDate", s->deleted);
	if (s->tags_present) {
		jw_key(w, "Tags");
		jw_begin(w, '[');
		for (size_t i = 0; i < s->ntags; i++) {
			jw_begin(w, '{');
			jw_kv(w, "Key", s->tag_keys[i]);
			jw_kv(w, "Value", s->tag_values[i]);
			jw_end(w, '}');
		}
		jw_end(w, ']');
	}
	if (s->nversions) {
		jw_key(w, map_key);
		jw_begin(w, '{');
		for (size_t i = 0; i < s->nversions; i++)
			write_stages(w, s->versions[i].id,
				     s->versions[i].stages,
				     s->versions[i].nstages);
		jw_end(w, '}');
	}
	jw_kdate(w, "CreatedDate", s->created);
}

/* ---- Operations -------------------------------------------------------------
 */

typedef int (*op_fn)(jw *w, sv_vault *v, req *r);

static int check_value_token(const char *token, const char *str,
			     const void *bin)
{
	/* Raw requests must carry the token the SDKs fill in (AWS). */
	if (!token && (str || bin))
		return sv__error_set(SV_EREQUEST, NEED_TOKEN);
	return SV_OK;
}

static int op_create(jw *w, sv_vault *v, req *r)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	sv_tag tags[TAGS_MAX];
	const char *name;
	int rc;
	if ((rc = get_str(&name, r, "Name", 1)) ||
	    (rc = get_str(&o.client_request_token, r, "ClientRequestToken",
			  0)) ||
	    (rc = get_str(&o.description, r, "Description", 0)) ||
	    (rc = get_str(&o.kms_key_id, r, "KmsKeyId", 0)) ||
	    (rc = get_value(&o.secret_string, &o.secret_string_len,
			    &o.secret_binary, &o.secret_binary_len, r)) ||
	    (rc = get_tags(tags, &o.tag_count, r, "Tags", 0)))
		return rc;
	if (cJSON_GetObjectItemCaseSensitive(r->root, "AddReplicaRegions"))
		return sv__error_set(SV_ENOTSUPPORTED,
				     "Replication to other regions is not "
				     "supported by a local vault.");
	if ((rc = sv__name_check(name)) ||
	    (rc = check_value_token(o.client_request_token, o.secret_string,
				    o.secret_binary)))
		return rc;
	o.tags = tags;
	sv_result *res = NULL;
	rc = sv_secret_create(&res, v, name, &o);
	return reply_result(w, rc, res, 0);
}

static int op_get(jw *w, sv_vault *v, req *r)
{
	sv_get_options o = SV_GET_OPTIONS_INIT;
	const char *id;
	int rc;
	if ((rc = get_str(&id, r, "SecretId", 1)) ||
	    (rc = get_str(&o.version_id, r, "VersionId", 0)) ||
	    (rc = get_str(&o.version_stage, r, "VersionStage", 0)))
		return rc;
	sv_value *val = NULL;
	if ((rc = sv_secret_get_value(&val, v, id, &o)) == SV_OK)
		write_value(w, val);
	sv_value_free(val);
	return rc;
}

static int op_put(jw *w, sv_vault *v, req *r)
{
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	const char *id;
	int rc;
	if ((rc = get_str(&id, r, "SecretId", 1)) ||
	    (rc = get_str(&o.client_request_token, r, "ClientRequestToken",
			  0)) ||
	    (rc = get_value(&o.secret_string, &o.secret_string_len,
			    &o.secret_binary, &o.secret_binary_len, r)) ||
	    (rc = get_strlist(&o.version_stages, &o.version_stage_count, r,
			      "VersionStages", 0)) ||
	    (rc = check_value_token(o.client_request_token, o.secret_string,
				    o.secret_binary)))
		return rc;
	sv_result *res = NULL;
	rc = sv_secret_put_value(&res, v, id, &o);
	return reply_result(w, rc, res, 1);
}

static int op_update(jw *w, sv_vault *v, req *r)
{
	sv_update_options o = SV_UPDATE_OPTIONS_INIT;
	const char *id;
	int rc;
	if ((rc = get_str(&id, r, "SecretId", 1)) ||
	    (rc = get_str(&o.client_request_token, r, "ClientRequestToken",
			  0)) ||
	    (rc = get_str(&o.description, r, "Description", 0)) ||
	    (rc = get_str(&o.kms_key_id, r, "KmsKeyId", 0)) ||
	    (rc = get_value(&o.secret_string, &o.secret_string_len,
			    &o.secret_binary, &o.secret_binary_len, r)) ||
	    (rc = check_value_token(o.client_request_token, o.secret_string,
				    o.secret_binary)))
		return rc;
	sv_result *res = NULL;
	rc = sv_secret_update(&res, v, id, &o);
	return reply_result(w, rc, res, 0);
}

static int op_describe(jw *w, sv_vault *v, req *r)
{
	const char *id;
	int rc = get_str(&id, r, "SecretId", 1);
	sv_secret *s = NULL;
	if (rc == SV_OK && (rc = sv_secret_describe(&s, v, id)) == SV_OK)
		write_secret(w, s, "VersionIdsToStages");
	sv_secret_free(s);
	return rc;
}

static int enum_error(const char *field, const char *values)
{
	return sv__error_set(
		SV_EVALIDATION,
		"1 validation error detected: Value at '%s' failed to satisfy "
		"constraint: Member must satisfy enum value set: [%s]",
		field, values);
}

static int list_sort(sv_list_options *o, const req *r)
{
	const char *by, *order;
	int rc;
	if ((rc = get_str(&by, r, "SortBy", 0)) ||
	    (rc = get_str(&order, r, "SortOrder", 0)))
		return rc;
	static const char *const bys[] = { "created-date", "name",
					   "last-changed-date",
					   "last-accessed-date" };
	if (by) {
		o->sort_by = 4;
		for (uint32_t i = 0; i < 4; i++)
			if (strcmp(by, bys[i]) == 0)
				o->sort_by = i;
		if (o->sort_by == 4)
			return enum_error("sortBy",
					  "created-date, last-accessed-date, "
					  "last-changed-date, name");
	}
	if (order && strcmp(order, "asc") && strcmp(order, "desc"))
		return enum_error("sortOrder", "asc, desc");
	o->sort_order = order && strcmp(order, "desc") == 0 ? SV_SORT_DESC
							    : SV_SORT_ASC;
	return SV_OK;
}

static int op_list(jw *w, sv_vault *v, req *r)
{
	sv_list_options o = SV_LIST_OPTIONS_INIT;
	sv_list_filter f[FILTERS_MAX];
	int rc, planned;
	if ((rc = get_max_results(&o.max_results, r, 100)) ||
	    (rc = get_str(&o.next_token, r, "NextToken", 0)) ||
	    (rc = get_bool(&planned, NULL, r, "IncludePlannedDeletion")) ||
	    (rc = get_filters(f, &o.filter_count, r)) ||
	    (rc = list_sort(&o, r)))
		return rc;
	o.include_planned_deletion = (uint32_t)planned;
	o.filters = f;
	sv_iter *it = NULL;
	if ((rc = sv_secret_list(&it, v, &o)) != SV_OK)
		return rc;
	const sv_secret *s;
	jw_key(w, "SecretList");
	jw_begin(w, '[');
	while (sv_iter_next_secret(&s, it) == SV_OK) {
		jw_begin(w, '{');
		write_secret(w, s, "SecretVersionsToStages");
		jw_end(w, '}');
	}
	jw_end(w, ']');
	jw_kv(w, "NextToken", sv_iter_next_token(it));
	sv_iter_free(it);
	return SV_OK;
}

static int op_versions(jw *w, sv_vault *v, req *r)
{
	sv_version_list_options o = SV_VERSION_LIST_OPTIONS_INIT;
	const char *id;
	int rc, deprecated;
	if ((rc = get_str(&id, r, "SecretId", 1)) ||
	    (rc = get_max_results(&o.max_results, r, 100)) ||
	    (rc = get_str(&o.next_token, r, "NextToken", 0)) ||
	    (rc = get_bool(&deprecated, NULL, r, "IncludeDeprecated")))
		return rc;
	o.include_deprecated = (uint32_t)deprecated;
	sv_iter *it = NULL;
	if ((rc = sv_version_list(&it, v, id, &o)) != SV_OK)
		return rc;
	const sv_version *ver;
	jw_key(w, "Versions");
	jw_begin(w, '[');
	while (sv_iter_next_version(&ver, it) == SV_OK) {
		jw_begin(w, '{');
		jw_kv(w, "VersionId", ver->id);
		if (ver->nstages) /* deprecated versions have no key at all */
			write_stages(w, "VersionStages", ver->stages,
				     ver->nstages);
		jw_kdate(w, "LastAccessedDate", ver->accessed);
		jw_kdate(w, "CreatedDate", ver->created);
		jw_key(w, "KmsKeyIds");
		jw_begin(w, '[');
		jw_str(w, ver->kms_key_id);
		jw_end(w, ']');
		jw_end(w, '}');
	}
	jw_end(w, ']');
	jw_kv(w, "NextToken", sv_iter_next_token(it));
	jw_kv(w, "ARN", sv_iter_arn(it));
	jw_kv(w, "Name", sv_iter_name(it));
	sv_iter_free(it);
	return SV_OK;
}

static int op_stage(jw *w, sv_vault *v, req *r)
{
	const char *id, *stage, *to, *from;
	int rc;
	if ((rc = get_str(&id, r, "SecretId", 1)) ||
	    (rc = get_str(&stage, r, "VersionStage", 1)) ||
	    (rc = get_str(&to, r, "MoveToVersionId", 0)) ||
	    (rc = get_str(&from, r, "RemoveFromVersionId", 0)))
		return rc;
	sv_result *res = NULL;
	rc = sv_version_stage_update(&res, v, id, stage, to, from);
	return reply_result(w, rc, res, 0);
}

static int op_delete(jw *w, sv_vault *v, req *r)
{
	const char *id;
	int64_t window;
	int rc, has_window, force;
	if ((rc = get_str(&id, r, "SecretId", 1)) ||
	    (rc = get_int(&window, &has_window, r, "RecoveryWindowInDays")) ||
	    (rc = get_bool(&force, NULL, r, "ForceDeleteWithoutRecovery")))
		return rc;
	sv_result *res = NULL;
	rc = sv__vault_enter(v);
	if (rc == SV_OK)
		rc = sv__vault_leave(
			v, sv__delete(&res, v, id, has_window, window, force));
	if (rc == SV_OK) {
		write_result(w, res, 0);
		jw_kdate(w, "DeletionDate", res->deletion_date);
	}
	sv_result_free(res);
	return rc;
}

static int op_restore(jw *w, sv_vault *v, req *r)
{
	const char *id;
	int rc = get_str(&id, r, "SecretId", 1);
	sv_result *res = NULL;
	if (rc == SV_OK)
		rc = sv_secret_restore(&res, v, id);
	return reply_result(w, rc, res, 0);
}

static int op_tag(jw *w, sv_vault *v, req *r)
{
	const char *id;
	sv_tag tags[TAGS_MAX];
	size_t n;
	int rc;
	(void)w;
	if ((rc = get_str(&id, r, "SecretId", 1)) ||
	    (rc = get_tags(tags, &n, r, "Tags", 1)))
		return rc;
	return sv_secret_tag(v, id, tags, n); /* an empty list is a list */
}

static int op_untag(jw *w, sv_vault *v, req *r)
{
	const char *id;
	const char *const *keys;
	size_t n;
	int rc;
	(void)w;
	if ((rc = get_str(&id, r, "SecretId", 1)) ||
	    (rc = get_strlist(&keys, &n, r, "TagKeys", 1)))
		return rc;
	return sv_secret_untag(v, id,
			       keys ? keys : (const char *const *)r->strs, n);
}

static int op_batch(jw *w, sv_vault *v, req *r)
{
	sv_batch_options o = SV_BATCH_OPTIONS_INIT;
	sv_list_filter f[FILTERS_MAX];
	int rc;
	if ((rc = get_strlist(&o.secret_ids, &o.secret_id_count, r,
			      "SecretIdList", 0)) ||
	    (rc = get_filters(f, &o.filter_count, r)) ||
	    (rc = get_max_results(&o.max_results, r, 20)) ||
	    (rc = get_str(&o.next_token, r, "NextToken", 0)))
		return rc;
	if (cJSON_GetObjectItemCaseSensitive(r->root, "Filters"))
		o.filters = f;
	sv_batch *b = NULL;
	if ((rc = sv_secret_batch_get(&b, v, &o)) != SV_OK)
		return rc;
	jw_key(w, "SecretValues");
	jw_begin(w, '[');
	for (size_t i = 0; i < b->nvalues; i++) {
		jw_begin(w, '{');
		write_value(w, b->values[i]);
		jw_end(w, '}');
	}
	jw_end(w, ']');
	jw_key(w, "Errors");
	jw_begin(w, '[');
	for (size_t i = 0; i < b->nerrors; i++) {
		jw_begin(w, '{');
		jw_kv(w, "SecretId", b->errors[i].secret_id);
		jw_kv(w, "ErrorCode", b->errors[i].code);
		jw_kv(w, "Message", b->errors[i].message);
		jw_end(w, '}');
	}
	jw_end(w, ']');
	jw_kv(w, "NextToken", b->next_token);
	sv_batch_free(b);
	return SV_OK;
}

static int op_password(jw *w, sv_vault *v, req *r)
{
	sv_password_options o = SV_PASSWORD_OPTIONS_INIT;
	int64_t len;
	int rc, present, flag, given;
	(void)v;
	if ((rc = get_int(&len, &present, r, "PasswordLength")) ||
	    (rc = get_str(&o.exclude_characters, r, "ExcludeCharacters", 0)))
		return rc;
	if (present && (len < 1 || len > 4096))
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value '%lld' at "
			"'passwordLength' failed to satisfy constraint: Member "
			"must have value %s",
			(long long)len,
			len < 1 ? "greater than or equal to 1"
				: "less than or equal to 4096");
	o.length = present ? (uint32_t)len : 32;
	static const char *const flags[] = {
		"ExcludeNumbers",   "ExcludePunctuation",
		"ExcludeUppercase", "ExcludeLowercase",
		"IncludeSpace",	    "RequireEachIncludedType"
	};
	uint32_t *fields[] = {
		&o.exclude_numbers,   &o.exclude_punctuation,
		&o.exclude_uppercase, &o.exclude_lowercase,
		&o.include_space,     &o.require_each_included_type
	};
	for (int i = 0; i < 6; i++) {
		if ((rc = get_bool(&flag, &given, r, flags[i])) != SV_OK)
			return rc;
		if (given)
			*fields[i] = (uint32_t)flag;
	}
	char *pw = sodium_malloc(o.length + 1);
	if (!pw)
		return sv__error_set(SV_ENOMEM, "out of memory");
	if ((rc = sv_random_password(pw, o.length + 1, &o)) == SV_OK)
		jw_kv(w, "RandomPassword", pw);
	sodium_free(pw);
	return rc;
}

static const struct op {
	const char *name;
	op_fn fn;
} ops[] = {
	{ "BatchGetSecretValue", op_batch },
	{ "CreateSecret", op_create },
	{ "DeleteSecret", op_delete },
	{ "DescribeSecret", op_describe },
	{ "GetRandomPassword", op_password },
	{ "GetSecretValue", op_get },
	{ "ListSecretVersionIds", op_versions },
	{ "ListSecrets", op_list },
	{ "PutSecretValue", op_put },
	{ "RestoreSecret", op_restore },
	{ "TagResource", op_tag },
	{ "UntagResource", op_untag },
	{ "UpdateSecret", op_update },
	{ "UpdateSecretVersionStage", op_stage },
};

/* Operations of the AWS API this library does not implement. */
static const char *const unsupported[] = {
	"CancelRotateSecret",
	"DeleteResourcePolicy",
	"GetResourcePolicy",
	"PutResourcePolicy",
	"RemoveRegionsFromReplication",
	"ReplicateSecretToRegions",
	"RotateSecret",
	"StopReplicationToReplica",
	"ValidateResourcePolicy",
};

static const struct op *find_op(const char *name)
{
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strcmp(ops[i].name, name) == 0)
			return &ops[i];
	return NULL;
}

static int parse_request(req *r, const char *body, size_t len)
{
	const char *end = NULL;
	if (len > SV_CALL_REQUEST_MAX)
		return sv__error_set(
			SV_ESERIALIZATION,
			"The request body is larger than %u bytes.",
			SV_CALL_REQUEST_MAX);
	if (!body || len == 0) { /* no body is an empty request */
		r->root = cJSON_CreateObject();
		return r->root ? SV_OK
			       : sv__error_set(SV_ENOMEM, "out of memory");
	}
	if (memchr(body, '\0', len))
		return sv__error_set(
			SV_ESERIALIZATION,
			"The request body must not contain NUL bytes.");
	/* Nesting is capped before cJSON sees the body. */
	int depth = 0, in_string = 0;
	for (size_t i = 0; i < len; i++) {
		char c = body[i];
		if (in_string) {
			/* A NUL inside a string would cut it short once parsed:
			 * refuse it rather than act on another value or name.
			 */
			if (c == '\\' && i + 5 < len &&
			    (body[i + 1] == 'u' || body[i + 1] == 'U') &&
			    memcmp(body + i + 2, "0000", 4) == 0)
				return sv__error_set(
					SV_ESERIALIZATION,
					"Strings in the request body must not "
					"contain NUL characters.");
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if ((c == '{' || c == '[') && ++depth > 16) {
			return sv__error_set(
				SV_ESERIALIZATION,
				"The request body nests too deeply.");
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	r->root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
	while (r->root && end && (size_t)(end - body) < len &&
	       strchr(" \t\r\n", *end) && *end)
		end++;
	if (!r->root || (size_t)(end - body) != len)
		return sv__error_set(SV_ESERIALIZATION,
				     "The request body is not valid JSON.");
	if (!cJSON_IsObject(r->root))
		return sv__error_set(SV_ESERIALIZATION,
				     "The request body must be a JSON object.");
	return SV_OK;
}

static int error_body(jw *w, int rc)
{
	if (w->b.p) /* a partly written response may hold a value */
		sodium_memzero(w->b.p, w->b.len);
	w->b.len = 0;
	w->need_comma = 0;
	jw_begin(w, '{');
	jw_kv(w, "__type", sv_error_aws_type(rc));
	jw_kv(w, "Message", sv_error_last());
	jw_end(w, '}');
	return rc;
}

int sv_call(char **response_out, size_t *len_out, sv_vault *v,
	    const char *operation, const char *request, size_t request_len)
{
	jw w = { { 0 }, 0 };
	req r = { 0 };
	const struct op *op = operation ? find_op(operation) : NULL;
	/* GetRandomPassword involves no secret, so it needs no vault. */
	int rc = !v && op && op->fn == op_password ? (sv__error_clear(), SV_OK)
						   : sv__vault_enter(v);
	if (response_out)
		*response_out = NULL;
	if (len_out)
		*len_out = 0;
	if (rc == SV_OK && !response_out)
		rc = sv__error_set(SV_EINVALID, "response_out is NULL");
	if (rc == SV_OK && !op) {
		int known = 0;
		for (size_t i = 0;
		     operation && i < sizeof unsupported / sizeof *unsupported;
		     i++)
			known |= strcmp(unsupported[i], operation) == 0;
		rc = known ? sv__error_set(SV_ENOTSUPPORTED,
					   "The operation %s is not supported "
					   "by libsecretvault.",
					   operation)
			   : sv__error_set(SV_EUNKNOWNOP,
					   "The operation %.64s is not known.",
					   operation ? operation : "(null)");
	}
	if (rc == SV_OK)
		rc = parse_request(&r, request, request_len);
	if (rc == SV_OK) {
		jw_begin(&w, '{');
		rc = op->fn(&w, v, &r);
		jw_end(&w, '}');
	}
	req_free(&r);
	if (rc != SV_OK)
		error_body(&w, rc);
	sv__buf_u8(&w.b, 0);
	if (sv__buf_ok(&w.b) != SV_OK) {
		sv__buf_free(&w.b);
		return sv__vault_leave(
			v, sv__error_set(SV_ENOMEM, "out of memory"));
	}
	if (response_out) {
		*response_out = (char *)w.b.p; /* handed over; zeroed on free */
		if (len_out)
			*len_out = w.b.len - 1;
	} else {
		sv__buf_free(&w.b);
	}
	return sv__vault_leave(v, rc);
}

void sv_call_free(char *response)
{
	if (response)
		sv__free_secret(response, strlen(response) + 1);
}
