/* list.c - ListSecrets, ListSecretVersionIds and BatchGetSecretValue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/filter.h"
#include "api/objects.h"

#define LIST_MAX 100
#define BATCH_MAX 20
#define BAD_TOKEN "The NextToken value is not valid."

/* ---- Options --------------------------------------------------------------
 */

int sv_list_options_init(sv_list_options *opts, uint32_t version)
{
	static const sv_list_options init = SV_LIST_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_LIST_OPTIONS_VERSION, "sv_list_options");
}

int sv_version_list_options_init(sv_version_list_options *opts,
				 uint32_t version)
{
	static const sv_version_list_options init =
		SV_VERSION_LIST_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_VERSION_LIST_OPTIONS_VERSION,
				"sv_version_list_options");
}

int sv_batch_options_init(sv_batch_options *opts, uint32_t version)
{
	static const sv_batch_options init = SV_BATCH_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_BATCH_OPTIONS_VERSION, "sv_batch_options");
}

static int check_max_results(uint32_t n, uint32_t hi)
{
	if (n > hi)
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value '%u' at "
			"'maxResults' failed to satisfy constraint: Member "
			"must have value less than or equal to %u",
			n, hi);
	return SV_OK;
}

/* Every listing call starts here: enter @v, then refuse a NULL @out. */
static int enter_out(sv_vault *v, const void *out)
{
	int rc = sv__vault_enter(v);
	if (rc == SV_OK && !out)
		rc = sv__error_set(SV_EINVALID, "out is NULL");
	return rc;
}

/* ---- Page tokens: base64 of "<16 hex digits of the sort key>|<name>". ---- */

static char *token_make(int64_t key, const char *name)
{
	size_t n = strlen(name) + 18;
	char *raw = sv__malloc(n);
	char *tok = raw ? sv__malloc(sv__base64_len(n - 1) + 1) : NULL;
	if (tok) {
		snprintf(raw, n, "%016llx|%s", (unsigned long long)key, name);
		sv__base64_encode(tok, (const uint8_t *)raw, n - 1);
	}
	sv__free(raw);
	return tok;
}

static int token_parse(int64_t *key, char **name, const char *tok)
{
	size_t len = strlen(tok);
	uint8_t *raw = (len >= 1 && len <= 4096) ? sv__malloc(len) : NULL;
	size_t n = 0;
	*name = NULL;
	if (!raw || sv__base64_decode(raw, &n, tok, len) != SV_OK || n < 17 ||
	    raw[16] != '|') {
		sv__free(raw);
		return sv__error_set(SV_ENEXTTOKEN, BAD_TOKEN);
	}
	char hex[17];
	memcpy(hex, raw, 16);
	hex[16] = 0;
	char *end;
	*key = (int64_t)strtoull(hex, &end, 16);
	if (*end || !(*name = sv__strndup((const char *)raw + 17, n - 17))) {
		sv__free(raw);
		return *end ? sv__error_set(SV_ENEXTTOKEN, BAD_TOKEN)
			    : sv__error_set(SV_ENOMEM, "out of memory");
	}
	sv__free(raw);
	return SV_OK;
}

/* ---- ListSecrets ----------------------------------------------------------
 */

typedef struct entry {
	int64_t key;
	struct sv_secret s;
} entry;

static int cmp_entry(const void *a, const void *b, void *desc)
{
	const entry *x = a, *y = b;
	int c = x->key < y->key ? -1 : x->key > y->key;
	if (!c)
		c = strcmp(x->s.name, y->s.name);
	return *(const int *)desc ? -c : c;
}

static int64_t sort_key(const sv_meta *m, uint32_t by)
{
	switch (by) {
	case SV_SORT_BY_NAME:
		return 0;
	case SV_SORT_BY_LAST_CHANGED_DATE:
		return m->changed;
	case SV_SORT_BY_LAST_ACCESSED_DATE:
		return m->accessed;
	default:
		return m->created;
	}
}

/* The single literal name prefix that bounds the scan, if any. */
static const char *scan_prefix(const sv_filter *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].key, "name") == 0 && f[i].nvalues == 1 &&
		    f[i].values[0][0] != '!')
			return f[i].values[0];
	return NULL;
}

typedef struct scan {
	sv_vault *v;
	const sv_filter *filters;
	size_t nfilters;
	int include_deleted;
	uint32_t sort_by;
	int64_t now;
	entry *items;
	size_t count, cap;
	/* Listing by name, ascending, follows LMDB's own order: the scan can
	 * start after the page token's name and stop once the page (and one
	 * more, to know a next page exists) is full. */
	const char *after_name;
	size_t stop_at; /* 0 = scan everything */
} scan;

static int scan_one(scan *sc, const sv_meta *m)
{
	if (m->deleted &&
	    (!sc->include_deleted || sv__meta_expired(m, sc->now)))
		return SV_OK;
	sv_filter_subject subj = { m->name,
				   m->description,
				   (const char *const *)m->tag_keys,
				   (const char *const *)m->tag_values,
				   m->ntags,
				   NULL,
				   NULL };
	if (!sv__filters_match(sc->filters, sc->nfilters, &subj))
		return SV_OK;
	if (sc->count == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 64;
		entry *e = sv__realloc(sc->items, cap * sizeof *e);
		if (!e)
			return sv__error_set(SV_ENOMEM, "out of memory");
		sc->items = e;
		sc->cap = cap;
	}
	entry *e = &sc->items[sc->count];
	e->key = sort_key(m, sc->sort_by);
	int rc = sv__secret_fill(&e->s, m, sc->v);
	if (rc == SV_OK)
		sc->count++;
	return rc;
}

static int scan_all(scan *sc)
{
	sv_txn t;
	sv_cursor c = { 0 };
	const uint8_t *k, *val;
	size_t klen, n;
	int rc = sv__txn_begin(&t, sc->v->env, 0);
	if (rc != SV_OK)
		return rc;
	if ((rc = sv__keyring_refresh(sc->v, &t)) != SV_OK ||
	    (rc = sv__cursor_open(&c, &t, SV_DB_SECRETS)) != SV_OK) {
		sv__txn_abort(&t);
		return rc;
	}
	const char *prefix = scan_prefix(sc->filters, sc->nfilters);
	size_t plen = prefix ? strlen(prefix) : 0;
	const char *from = prefix;
	if (sc->after_name && (!from || strcmp(sc->after_name, from) > 0))
		from = sc->after_name;
	int s = sv__cursor_seek(&c, from, from ? strlen(from) : 0, &k, &klen,
				&val, &n);
	for (; s == SV_OK; s = sv__cursor_next(&c, &k, &klen, &val, &n)) {
		if (prefix && (klen < plen || memcmp(k, prefix, plen) != 0))
			break; /* past the names with this prefix */
		if (sc->stop_at && sc->count >= sc->stop_at)
			break;
		if (sc->after_name && klen == strlen(sc->after_name) &&
		    memcmp(k, sc->after_name, klen) == 0)
			continue; /* the last name of the previous page */
		sv_meta m;
		if ((rc = sv__meta_open(&m, sc->v, k, klen, val, n)) != SV_OK)
			break;
		rc = scan_one(sc, &m);
		sv__meta_clear(&m);
		if (rc != SV_OK)
			break;
	}
	if (rc == SV_OK && s != SV_OK && s != SV_ITEROVER)
		rc = s;
	sv__cursor_close(&c);
	sv__txn_abort(&t);
	return rc;
}

static void scan_free(scan *sc)
{
	for (size_t i = 0; i < sc->count; i++)
		sv__secret_clear(&sc->items[i].s);
	sv__free(sc->items);
}

static int to_filters(sv_filter *out, const sv_list_filter *in, size_t n)
{
	if (n > SV_FILTERS_MAX)
		return sv__filters_check(NULL, n);
	if (n && !in)
		return sv__error_set(SV_EINVALID, "filters is NULL");
	for (size_t i = 0; i < n; i++) {
		out[i].key = in[i].key;
		out[i].values = in[i].values;
		out[i].nvalues = in[i].value_count;
	}
	return sv__filters_check(out, n);
}

static int list_checks(const sv_list_options *o, sv_filter *filters)
{
	if (!o)
		return SV_OK;
	int rc;
	if ((rc = sv__options_check(o->version, o->reserved,
				    SV_LIST_OPTIONS_VERSION,
				    "sv_list_options")) ||
	    (rc = check_max_results(o->max_results, LIST_MAX)) ||
	    (rc = to_filters(filters, o->filters, o->filter_count)))
		return rc;
	if (o->sort_by > SV_SORT_BY_LAST_ACCESSED_DATE)
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value at 'sortBy' failed "
			"to satisfy constraint: Member must satisfy enum value "
			"set: [created-date, last-accessed-date, "
			"last-changed-date, name]");
	if (o->sort_order > SV_SORT_DESC)
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value at 'sortOrder' "
			"failed to satisfy constraint: Member must satisfy "
			"enum value set: [asc, desc]");
	if (o->include_planned_deletion > 1)
		return sv__error_set(SV_EINVALID,
				     "include_planned_deletion must be 0 or 1");
	return SV_OK;
}

/* Sort the scan and cut the page that starts after @token. */
static int make_page(sv_iter *it, scan *sc, const char *token, uint32_t max,
		     int desc)
{
	if (sc->count > 1)
		qsort_r(sc->items, sc->count, sizeof *sc->items, cmp_entry,
			&desc);
	size_t start = 0;
	if (token) {
		int64_t key;
		char *name;
		int rc = token_parse(&key, &name, token);
		if (rc != SV_OK)
			return rc;
		entry probe = { key, { 0 } };
		probe.s.name = name;
		while (start < sc->count &&
		       cmp_entry(&sc->items[start], &probe, &desc) <= 0)
			start++;
		sv__free(name);
	}
	size_t end = start + max < sc->count ? start + max : sc->count;
	it->secrets = sv__calloc(end - start + 1, sizeof *it->secrets);
	if (!it->secrets)
		return sv__error_set(SV_ENOMEM, "out of memory");
	for (size_t i = start; i < end; i++) {
		it->secrets[it->count++] = sc->items[i].s;
		memset(&sc->items[i].s, 0, sizeof sc->items[i].s);
	}
	if (end < sc->count && end > start &&
	    !(it->next_token = token_make(sc->items[end - 1].key,
					  it->secrets[it->count - 1].name)))
		return sv__error_set(SV_ENOMEM, "out of memory");
	return SV_OK;
}

int sv_secret_list(sv_iter **out, sv_vault *v, const sv_list_options *o)
{
	int rc = enter_out(v, out);
	sv_filter filters[SV_FILTERS_MAX];
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	*out = NULL;
	if ((rc = list_checks(o, filters)) != SV_OK)
		return sv__vault_leave(v, rc);
	scan sc = { v,
		    filters,
		    o ? o->filter_count : 0,
		    o ? (int)o->include_planned_deletion : 0,
		    o ? o->sort_by : 0,
		    sv__vault_now(v),
		    NULL,
		    0,
		    0,
		    NULL,
		    0 };
	uint32_t max = o && o->max_results ? o->max_results : LIST_MAX;
	char *after = NULL;
	if (o && o->sort_by == SV_SORT_BY_NAME &&
	    o->sort_order == SV_SORT_ASC) {
		int64_t key;
		if (o->next_token &&
		    (rc = token_parse(&key, &after, o->next_token)) != SV_OK)
			return sv__vault_leave(v, rc);
		sc.after_name = after;
		sc.stop_at = (size_t)max + 1;
	}
	sv_iter *it = sv__calloc(1, sizeof *it);
	if (!it)
		rc = sv__error_set(SV_ENOMEM, "out of memory");
	if (rc == SV_OK)
		rc = scan_all(&sc);
	if (rc == SV_OK)
		rc = make_page(it, &sc, o ? o->next_token : NULL, max,
			       o && o->sort_order == SV_SORT_DESC);
	scan_free(&sc);
	sv__free(after);
	if (rc != SV_OK) {
		sv_iter_free(it);
		return sv__vault_leave(v, rc);
	}
	it->kind = SV_ITER_SECRETS;
	*out = it;
	return sv__vault_leave(v, SV_OK);
}

/* ---- ListSecretVersionIds ---------------------------------------------------
 */

/* One page of versions, newest first, from the whole index. */
static int version_page(sv_iter *it, sv_vault *v, sv_txn *t, const sv_meta *m,
			const sv_version_list_options *o)
{
	uint32_t max = o && o->max_results ? o->max_results : LIST_MAX;
	int64_t after = INT64_MAX;
	if (o && o->next_token) {
		char *name;
		int rc = token_parse(&after, &name, o->next_token);
		if (rc != SV_OK)
			return rc;
		int other = strcmp(name, m->name) != 0;
		sv__free(name);
		if (other)
			return sv__error_set(SV_ENEXTTOKEN, BAD_TOKEN);
	}
	sv_vinfo *all;
	size_t n;
	int rc = sv__vinfo_sorted(&all, &n, v, t, m->secret_id, 1);
	if (rc != SV_OK)
		return rc;
	it->versions = sv__calloc(n + 1, sizeof *it->versions);
	if (!it->versions)
		rc = sv__error_set(SV_ENOMEM, "out of memory");
	for (size_t i = 0; rc == SV_OK && i < n; i++) {
		const sv_mversion *mv =
			sv__meta_version((sv_meta *)m, all[i].id);
		if ((int64_t)all[i].seq >= after ||
		    (!mv && !(o && o->include_deprecated)))
			continue;
		if (it->count == max) {
			it->next_token =
				token_make((int64_t)all[i - 1].seq, m->name);
			if (!it->next_token)
				rc = sv__error_set(SV_ENOMEM, "out of memory");
			break;
		}
		rc = sv__version_fill(&it->versions[it->count], &all[i],
				      mv ? mv->stages : NULL,
				      mv ? mv->nstages : 0, v);
		if (rc == SV_OK)
			it->count++;
	}
	sv__free(all);
	return rc;
}

int sv_version_list(sv_iter **out, sv_vault *v, const char *secret_id,
		    const sv_version_list_options *o)
{
	int rc = enter_out(v, out);
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	if (!secret_id)
		return sv__vault_leave(
			v,
			sv__error_set(SV_EVALIDATION,
				      "1 validation error detected: Value null "
				      "at 'secretId' failed to satisfy "
				      "constraint: Member must not be null"));
	*out = NULL;
	if (o && ((rc = sv__options_check(o->version, o->reserved,
					  SV_VERSION_LIST_OPTIONS_VERSION,
					  "sv_version_list_options")) ||
		  (rc = check_max_results(o->max_results, LIST_MAX))))
		return sv__vault_leave(v, rc);
	if (o && o->include_deprecated > 1)
		return sv__vault_leave(
			v, sv__error_set(SV_EINVALID,
					 "include_deprecated must be 0 or 1"));
	sv_meta m = { 0 };
	sv_txn t;
	if ((rc = sv__txn_begin(&t, v->env, 0)) != SV_OK)
		return sv__vault_leave(v, rc);
	rc = sv__keyring_refresh(v, &t);
	if (rc == SV_OK)
		rc = sv__meta_resolve(&m, v, &t, secret_id);
	if (rc == SV_OK)
		rc = sv__meta_check_expired(&m, sv__vault_now(v));
	sv_iter *it = rc == SV_OK ? sv__calloc(1, sizeof *it) : NULL;
	if (rc == SV_OK && !it)
		rc = sv__error_set(SV_ENOMEM, "out of memory");
	if (rc == SV_OK) {
		it->kind = SV_ITER_VERSIONS;
		it->arn = sv__strdup(m.arn);
		it->name = sv__strdup(m.name);
		rc = it->arn && it->name
			     ? version_page(it, v, &t, &m, o)
			     : sv__error_set(SV_ENOMEM, "out of memory");
	}
	sv__txn_abort(&t);
	sv__meta_clear(&m);
	if (rc != SV_OK) {
		sv_iter_free(it);
		return sv__vault_leave(v, rc);
	}
	*out = it;
	return sv__vault_leave(v, SV_OK);
}

/* ---- BatchGetSecretValue
 * ------------------------------------------------------ */

static int batch_add_value(sv_batch *b, sv_value *val)
{
	sv_value **vals =
		sv__realloc(b->values, (b->nvalues + 1) * sizeof *vals);
	if (!vals) {
		sv_value_free(val);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	b->values = vals;
	vals[b->nvalues++] = val;
	return SV_OK;
}

static int batch_add_error(sv_batch *b, const char *id, int code)
{
	struct sv_batch_error *e =
		sv__realloc(b->errors, (b->nerrors + 1) * sizeof *e);
	if (!e)
		return sv__error_set(SV_ENOMEM, "out of memory");
	b->errors = e;
	e = &e[b->nerrors];
	e->secret_id = sv__strdup(id);
	e->code = sv__strdup(sv_error_aws_type(code));
	e->message = sv__strdup(sv_error_last());
	if (!e->secret_id || !e->code || !e->message) {
		sv__free(e->secret_id);
		sv__free(e->code);
		sv__free(e->message);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	b->nerrors++;
	return SV_OK;
}

/* Get one secret's current value into the batch: a failure that belongs
 * to that secret is recorded, not returned. */
static int batch_get_one(sv_batch *b, sv_vault *v, const char *id)
{
	sv_value *val;
	int rc = sv__get_value(&val, v, id, NULL, NULL);
	if (rc == SV_OK)
		return batch_add_value(b, val);
	if (rc == SV_ENOMEM || rc == SV_EIO || rc == SV_EFORKED)
		return rc;
	return batch_add_error(b, id, rc);
}

static int batch_checks(const sv_batch_options *o, sv_filter *filters)
{
	if (!o)
		return sv__error_set(SV_EINVALID,
				     "Either 'SecretIdList' or 'Filters' must "
				     "be provided, but not both.");
	int rc =
		sv__options_check(o->version, o->reserved,
				  SV_BATCH_OPTIONS_VERSION, "sv_batch_options");
	if (rc != SV_OK)
		return rc;
	int has_ids = o->secret_ids != NULL, has_filters = o->filters != NULL;
	if (has_ids == has_filters)
		return sv__error_set(SV_EINVALID,
				     "Either 'SecretIdList' or 'Filters' must "
				     "be provided, but not both.");
	if (has_ids && o->max_results)
		return sv__error_set(
			SV_EINVALID,
			"'Filters' not specified. 'Filters' must also be "
			"specified when 'MaxResults' is provided.");
	if (has_ids &&
	    (o->secret_id_count < 1 || o->secret_id_count > BATCH_MAX))
		return sv__error_set(SV_EVALIDATION,
				     "1 validation error detected: Value at "
				     "'secretIdList' failed to satisfy "
				     "constraint: Member must have length %s",
				     o->secret_id_count < 1
					     ? "greater than or equal to 1"
					     : "less than or equal to 20");
	for (size_t i = 0; has_ids && i < o->secret_id_count; i++)
		if (!o->secret_ids[i])
			return sv__error_set(SV_EINVALID,
					     "secret_ids[%zu] is NULL", i);
	if ((rc = check_max_results(o->max_results, BATCH_MAX)) != SV_OK)
		return rc;
	return has_filters ? to_filters(filters, o->filters, o->filter_count)
			   : SV_OK;
}

int sv_secret_batch_get(sv_batch **out, sv_vault *v, const sv_batch_options *o)
{
	int rc = enter_out(v, out);
	sv_filter filters[SV_FILTERS_MAX];
	if (rc != SV_OK)
		return sv__vault_leave(v, rc);
	*out = NULL;
	if ((rc = batch_checks(o, filters)) != SV_OK)
		return sv__vault_leave(v, rc);
	sv_batch *b = sv__calloc(1, sizeof *b);
	if (!b)
		return sv__vault_leave(
			v, sv__error_set(SV_ENOMEM, "out of memory"));
	if (o->secret_ids) {
		for (size_t i = 0; rc == SV_OK && i < o->secret_id_count; i++)
			rc = batch_get_one(b, v, o->secret_ids[i]);
	} else {
		scan sc = { v,	  filters, o->filter_count,
			    0,	  0,	   sv__vault_now(v),
			    NULL, 0,	   0,
			    NULL, 0 };
		sv_iter page = { 0 };
		rc = scan_all(&sc);
		if (rc == SV_OK)
			rc = make_page(
				&page, &sc, o->next_token,
				o->max_results ? o->max_results : BATCH_MAX, 0);
		for (size_t i = 0; rc == SV_OK && i < page.count; i++)
			rc = batch_get_one(b, v, page.secrets[i].arn);
		b->next_token = page.next_token;
		page.next_token = NULL;
		page.kind = SV_ITER_SECRETS;
		for (size_t i = 0; i < page.count; i++)
			sv__secret_clear(&page.secrets[i]);
		sv__free(page.secrets);
		scan_free(&sc);
	}
	if (rc != SV_OK) {
		sv_batch_free(b);
		return sv__vault_leave(v, rc);
	}
	sv__error_clear();
	*out = b;
	return sv__vault_leave(v, SV_OK);
}
