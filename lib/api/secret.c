/*
 * secret.c - the secret operations with AWS Secrets Manager's semantics
 * (aws-semantics.md §3-§5): create, put, update, get, describe, delete,
 * restore, tags, staging labels and purge.
 *
 * Every write runs in three steps so that no key provider is ever called
 * inside a database transaction: read the metadata (a short read
 * transaction), plan the change and seal any new record (no transaction),
 * then apply it in a write transaction that first checks the metadata's
 * revision is still the one planned against, and starts over if not.
 * Every check that can reject a call runs before anything is written, so
 * a rejected call changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api/objects.h"
#include "api/versions.h"

#define RETRY 1 /* internal: the secret changed under us, plan again */
#define MAX_ATTEMPTS 16
#define DAY_MS 86400000LL
#define VERSIONS_KEPT 100
#define MSG_DELETED                                                            \
	"You can't perform this operation on the secret because it was "       \
	"marked for deletion."
#define MSG_NO_VALUE "You must provide either SecretString or SecretBinary."
#define MSG_BOTH                                                               \
	"You can't specify both a binary secret value and a string secret "    \
	"value in the same secret."

/* ---- Input checks -------------------------------------------------------- */

typedef struct value_in {
	const uint8_t *data;
	size_t len;
	int binary;
	int present;
} value_in;

static int length_error(const char *field, size_t n, size_t lo, size_t hi)
{
	if (n < lo)
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value at '%s' failed to "
			"satisfy constraint: Member must have length greater "
			"than or equal to %zu",
			field, lo);
	return sv__error_set(
		SV_EVALIDATION,
		"1 validation error detected: Value at '%s' failed to satisfy "
		"constraint: Member must have length less than or equal to %zu",
		field, hi);
}

static int check_len(const char *field, const char *s, size_t lo, size_t hi)
{
	size_t n = s ? strlen(s) : 0;
	return n < lo || n > hi ? length_error(field, n, lo, hi) : SV_OK;
}

static int check_value(value_in *out, const char *str, size_t str_len,
		       const void *bin, size_t bin_len)
{
	memset(out, 0, sizeof *out);
	if (str && bin)
		return sv__error_set(SV_EINVALID, MSG_BOTH);
	if (str) {
		if (str_len > SV_VALUE_MAX)
			return length_error("secretString", str_len, 0,
					    SV_VALUE_MAX);
		if (!sv__utf8_valid(str, str_len))
			return sv__error_set(
				SV_EINVALID,
				"SecretString must be valid UTF-8 text.");
		out->data = (const uint8_t *)str;
		out->len = str_len;
	} else if (bin) {
		if (bin_len > SV_VALUE_MAX)
			return length_error("secretBinary", bin_len, 0,
					    SV_VALUE_MAX);
		out->data = bin;
		out->len = bin_len;
		out->binary = 1;
	}
	/* An empty value is no value, as AWS treats SecretString "". */
	out->present = out->data != NULL && out->len > 0;
	return SV_OK;
}

static int check_token(const char *token)
{
	return token ? check_len("clientRequestToken", token, 32, 64) : SV_OK;
}

static int check_stage(const char *field, const char *stage)
{
	return check_len(field, stage, 1, 256);
}

static int check_tags(const sv_tag *tags, size_t n)
{
	if (n && !tags)
		return sv__error_set(SV_EINVALID, "tags is NULL");
	for (size_t i = 0; i < n; i++) {
		int rc;
		if (!tags[i].key || !tags[i].value)
			return sv__error_set(SV_EINVALID,
					     "a tag needs a Key and a Value");
		if ((rc = check_len("tags.member.key", tags[i].key, 1, 128)) ||
		    (rc = check_len("tags.member.value", tags[i].value, 0,
				    256)))
			return rc;
		if (strncmp(tags[i].key, "aws:", 4) == 0)
			return sv__error_set(SV_EINVALID,
					     "Tag keys beginning with aws: are "
					     "reserved for AWS use.");
		for (size_t j = 0; j < i; j++)
			if (strcmp(tags[i].key, tags[j].key) == 0)
				return sv__error_set(SV_EINVALID,
						     "The tag key %s appears "
						     "more than once.",
						     tags[i].key);
	}
	return SV_OK;
}

#define CHECK_OPTS(o, vmax, what)                                              \
	do {                                                                   \
		int rc_ = (o) ? sv__options_check((o)->version, (o)->reserved, \
						  (vmax), (what))              \
			      : SV_OK;                                         \
		if (rc_ != SV_OK)                                              \
			return rc_;                                            \
	} while (0)

/* ---- Reading and sealing versions ---------------------------------------- */

static void version_key(uint8_t k[24], const uint8_t id[16], uint64_t seq)
{
	memcpy(k, id, 16);
	sv__put_u64(k + 16, seq);
}

/* Copy a version record out of a transaction. */
static int read_record(sv_buf *out, sv_txn *t, const sv_meta *m,
		       const sv_mversion *mv)
{
	uint8_t k[24];
	const uint8_t *p;
	size_t n;
	version_key(k, m->secret_id, mv->seq);
	int rc = sv__db_get(t, SV_DB_VERSIONS, k, sizeof k, &p, &n);
	if (rc == SV_ENOTFOUND)
		return sv__error_set(SV_EINTEGRITY,
				     "version %s of secret %s is missing",
				     mv->id, m->name);
	if (rc == SV_OK)
		sv__buf_append(out, p, n);
	return rc == SV_OK
		       ? (sv__buf_ok(out) == SV_OK
				  ? SV_OK
				  : sv__error_set(SV_ENOMEM, "out of memory"))
		       : rc;
}

/* Decrypt a record that was copied out; into guarded memory when
 * @guarded (free it with sv__vrec_value_free()). */
static int open_record(uint8_t **val, size_t *len, size_t *cap, int *binary,
		       sv_vault *v, const sv_meta *m, const sv_mversion *mv,
		       const sv_buf *rec, int guarded)
{
	sv_vrec h;
	sv_dek_wrap w;
	int rc = sv__vrec_parse(&h, rec->p, rec->len);
	if (rc != SV_OK)
		return rc;
	if ((rc = sv__key_wrap_for(&w, v, h.key_ref, h.kek_version)) ==
	    SV_EINTEGRITY) {
		/* Perhaps a key rotated by another handle: read the keyring. */
		if ((rc = sv__keyring_reload(v)) != SV_OK)
			return rc;
		rc = sv__key_wrap_for(&w, v, h.key_ref, h.kek_version);
	}
	if (rc != SV_OK)
		return rc;
	h.pad_bucket = v->pad_bucket;
	h.guarded = guarded;
	rc = sv__vrec_open(val, len, cap, &h, rec->p, v->store_id, m->secret_id,
			   mv->seq, m->arn, &w);
	if (rc == SV_OK && binary)
		*binary = (h.flags & SV_VFLAG_BINARY) != 0;
	if (rc == SV_OK && strcmp(h.version_id, mv->id) != 0) {
		sv__vrec_value_free(*val, *cap, guarded);
		*val = NULL;
		rc = sv__error_set(
			SV_EINTEGRITY,
			"version %s of secret %s is not where it belongs",
			mv->id, m->name);
	}
	return rc;
}

/* Copy a version record out of @in, or of a read transaction of its own
 * when @in is NULL. */
static int fetch_record(sv_buf *rec, sv_txn *in, sv_vault *v, const sv_meta *m,
			const sv_mversion *mv)
{
	if (in)
		return read_record(rec, in, m, mv);
	sv_txn t;
	int rc = sv__txn_begin(&t, v->env, 0);
	if (rc != SV_OK)
		return rc;
	rc = read_record(rec, &t, m, mv);
	sv__txn_abort(&t);
	return rc;
}

/* Read and decrypt one version. */
static int read_value(uint8_t **val, size_t *len, size_t *cap, int *binary,
		      sv_txn *t, sv_vault *v, const sv_meta *m,
		      const sv_mversion *mv)
{
	sv_buf rec = { 0 };
	int rc = fetch_record(&rec, t, v, m, mv);
	if (rc == SV_OK)
		rc = open_record(val, len, cap, binary, v, m, mv, &rec, 0);
	sv__buf_free(&rec);
	return rc;
}

/* 1 if version @mv holds exactly @in (compared in constant time). */
static int same_value(int *same, sv_txn *t, sv_vault *v, const sv_meta *m,
		      const sv_mversion *mv, const value_in *in)
{
	uint8_t *val;
	size_t len, cap;
	int binary;
	*same = 0;
	int rc = read_value(&val, &len, &cap, &binary, t, v, m, mv);
	if (rc != SV_OK)
		return rc;
	*same = len == in->len && binary == in->binary &&
		sodium_memcmp(val, in->data, len) == 0;
	sv__free_secret(val, cap);
	return SV_OK;
}

/* Seal @in as version @vi of the secret; records the key in @vi. */
static int seal_version(sv_buf *out, sv_vault *v, const sv_meta *m,
			sv_vinfo *vi, const value_in *in)
{
	sv_kek *k;
	sv_kek_version *kv;
	int rc = sv__key_for_write(&k, &kv, v, m->kms_key_id);
	if (rc != SV_OK)
		return rc;
	sv_dek_wrap w;
	if ((rc = sv__key_wrap_for(&w, v, k->id, kv->version)) != SV_OK)
		return rc;
	snprintf(vi->key_id, sizeof vi->key_id, "%s", k->id);
	vi->kek_version = kv->version;
	sv_vrec_in vin = { v->store_id, m->secret_id, vi->seq,	   vi->created,
			   vi->id,	k->id,	      kv->version, m->arn,
			   in->binary,	v->pad_bucket };
	return sv__vrec_seal(out, &vin, &w, in->data, in->len);
}

/* ---- The write plan --------------------------------------------------------
 */

#define PLAN_RECORDS 4

typedef struct plan {
	sv_vault *v;
	sv_txn *t;	   /* the write transaction planning runs in, if any */
	sv_meta m;	   /* the new metadata */
	int exists;	   /* m was read from the vault */
	uint64_t revision; /* revision it was read at */
	uint8_t secret_id[SV_ID_BYTES];
	int write_meta;
	int delete_secret; /* remove m and every version */
	sv_buf records[PLAN_RECORDS];
	uint64_t record_seqs[PLAN_RECORDS];
	size_t nrecords;
	int keyring_fresh; /* refreshed in this transaction already */
	sv_vinfo index[PLAN_RECORDS + 1]; /* version index entries to write */
	size_t nindex;
	sv_meta purge; /* an expired secret to remove first (create) */
	int has_purge;
	const uint8_t *new_id; /* create: the secret id to use (bulk import) */
} plan;

static void plan_clear(plan *p)
{
	sv__meta_clear(&p->m);
	sv__meta_clear(&p->purge);
	/* Every slot: a record sealed only in part is in the next one. */
	for (size_t i = 0; i < PLAN_RECORDS; i++)
		sv__buf_free(&p->records[i]);
	sv_vault *v = p->v;
	sv_txn *t = p->t;
	memset(p, 0, sizeof *p);
	p->v = v;
	p->t = t;
}

static int apply_writes(sv_txn *t, plan *p);

/* Optimistic mode: apply the plan if the secret is as it was read. */
static int apply_txn(sv_txn *t, void *arg)
{
	plan *p = arg;
	sv_meta cur;
	int rc = sv__meta_load(&cur, p->v, t, p->m.name);
	if (rc != SV_OK && rc != SV_ENOTFOUND)
		return rc;
	int found = rc == SV_OK;
	int same = found == p->exists &&
		   (!found ||
		    (cur.revision == p->revision &&
		     memcmp(cur.secret_id, p->secret_id, SV_ID_BYTES) == 0));
	sv__meta_clear(&cur);
	if (!same)
		return RETRY;
	return apply_writes(t, p);
}

static int apply_writes(sv_txn *t, plan *p)
{
	int rc;
	if (!p->keyring_fresh && (rc = sv__keyring_refresh(p->v, t)) != SV_OK)
		return rc;
	if (p->has_purge && (rc = sv__meta_delete(t, p->v, &p->purge)) != SV_OK)
		return rc;
	if (p->delete_secret)
		return sv__meta_delete(t, p->v, &p->m);
	for (size_t i = 0; i < p->nrecords; i++) {
		uint8_t k[24];
		version_key(k, p->m.secret_id, p->record_seqs[i]);
		rc = sv__db_put(t, SV_DB_VERSIONS, k, sizeof k, p->records[i].p,
				p->records[i].len);
		if (rc != SV_OK)
			return rc;
	}
	for (size_t i = 0; i < p->nindex; i++)
		if ((rc = sv__vinfo_put(t, p->v, p->m.secret_id,
					&p->index[i])) != SV_OK)
			return rc;
	if (p->write_meta && p->nrecords &&
	    (rc = sv__versions_prune(t, p->v, &p->m, sv__vault_now(p->v),
				     VERSIONS_KEPT)) != SV_OK)
		return rc;
	if (p->write_meta) {
		uint64_t rev = p->m.revision;
		rc = sv__meta_store(t, p->v, &p->m);
		p->m.revision = rev; /* a retry plans from scratch anyway */
	}
	return rc;
}

/* Start a plan from the secret @secret_id resolves to. */
static int plan_load(plan *p, const char *secret_id)
{
	sv_txn own, *t = p->t ? p->t : &own;
	int rc = p->t ? SV_OK : sv__txn_begin(&own, p->v->env, 0);
	if (rc != SV_OK)
		return rc;
	rc = sv__keyring_refresh(p->v, t);
	if (rc == SV_OK)
		rc = sv__meta_resolve(&p->m, p->v, t, secret_id);
	if (!p->t)
		sv__txn_abort(&own);
	if (rc != SV_OK)
		return rc;
	p->exists = 1;
	p->revision = p->m.revision;
	memcpy(p->secret_id, p->m.secret_id, SV_ID_BYTES);
	if ((rc = sv__meta_check_expired(&p->m, sv__vault_now(p->v))) != SV_OK)
		sv__meta_clear(&p->m);
	return rc;
}

/*
 * Run a write: @body reads what it needs through the plan, checks, and
 * plans the change (returning SV_ITEROVER when there is nothing to write).
 * With only local keys the body runs inside the write transaction, so
 * concurrent writers queue on LMDB's lock and none starves.  When the
 * keyring holds an external key, sealing may call a provider, which must
 * never happen inside a transaction: the body then runs outside it and
 * the plan is applied only if the secret did not change meanwhile.
 */
typedef int (*body_fn)(plan *p, void *ctx);

typedef struct run_ctx {
	plan *p;
	body_fn body;
	void *ctx;
} run_ctx;

static int run_txn(sv_txn *t, void *arg)
{
	run_ctx *r = arg;
	plan_clear(r->p);
	r->p->t = t;
	int rc = r->body(r->p, r->ctx);
	if (rc == SV_OK)
		rc = apply_writes(t, r->p);
	r->p->t = NULL;
	return rc == SV_ITEROVER ? SV_OK : rc;
}

static int has_external_keys(const sv_vault *v)
{
	for (size_t i = 0; i < v->nkeys; i++)
		if (v->keys[i].external)
			return 1;
	return 0;
}

static int run(plan *p, body_fn body, void *ctx)
{
	if (!has_external_keys(p->v)) {
		run_ctx r = { p, body, ctx };
		return sv__store_write(p->v->env, run_txn, &r);
	}
	int rc = RETRY;
	for (int attempt = 0; rc == RETRY && attempt < MAX_ATTEMPTS;
	     attempt++) {
		plan_clear(p);
		rc = body(p, ctx);
		if (rc == SV_ITEROVER)
			return SV_OK;
		if (rc == SV_OK)
			rc = sv__store_write(p->v->env, apply_txn, p);
	}
	return rc;
}

/* ---- Labels ----------------------------------------------------------------
 */

static int stage_quota(const sv_meta *m)
{
	/* A label is on one version at most, so the sum is the distinct count.
	 */
	if (sv__meta_stage_total(m) > SV_STAGES_MAX)
		return sv__error_set(SV_ELIMIT,
				     "You have attached the maximum number of "
				     "staging labels (20) to this secret.");
	return SV_OK;
}

/* Move AWSCURRENT to @to; the version that lost it becomes AWSPREVIOUS. */
static int move_current(sv_meta *m, sv_mversion *to)
{
	sv_mversion *from = sv__meta_stage_holder(m, SV_AWSCURRENT);
	int rc;
	if (from == to)
		return SV_OK;
	if (from) {
		sv__mversion_remove_stage(from, SV_AWSCURRENT);
		sv_mversion *prev = sv__meta_stage_holder(m, SV_AWSPREVIOUS);
		if (prev)
			sv__mversion_remove_stage(prev, SV_AWSPREVIOUS);
		if ((rc = sv__mversion_add_stage(from, SV_AWSPREVIOUS)) !=
		    SV_OK)
			return rc;
	}
	return sv__mversion_add_stage(to, SV_AWSCURRENT);
}

/* Attach @stages (NULL = the default path) to the new version @mv. */
static int attach_stages(sv_meta *m, sv_mversion *mv, const char *const *stages,
			 size_t n)
{
	int rc;
	if (!stages) {
		/* The default path also clears AWSPENDING (aws-semantics §5.3
		 * row 6: a plain put ends an unfinished rotation). */
		sv_mversion *pending = sv__meta_stage_holder(m, SV_AWSPENDING);
		if (pending && pending != mv)
			sv__mversion_remove_stage(pending, SV_AWSPENDING);
		return move_current(m, mv);
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(stages[i], SV_AWSCURRENT) == 0) {
			rc = move_current(m, mv);
		} else {
			sv_mversion *h = sv__meta_stage_holder(m, stages[i]);
			if (h && h != mv)
				sv__mversion_remove_stage(h, stages[i]);
			rc = sv__mversion_add_stage(mv, stages[i]);
		}
		if (rc != SV_OK)
			return rc;
	}
	/* The first value of a secret is always current. */
	if (!sv__meta_stage_holder(m, SV_AWSCURRENT))
		return sv__mversion_add_stage(mv, SV_AWSCURRENT);
	return SV_OK;
}

/* A version with no label left is deprecated: it leaves the metadata
 * (the index keeps it). */
static void drop_unlabelled(sv_meta *m)
{
	size_t o = 0;
	for (size_t i = 0; i < m->nversions; i++) {
		if (m->versions[i].nstages == 0) {
			sv__strv_free(m->versions[i].stages, 0);
			continue;
		}
		m->versions[o++] = m->versions[i];
	}
	m->nversions = o;
}

/* Add an index entry to the plan (one per version at most). */
static sv_vinfo *plan_index(plan *p, const sv_vinfo *vi)
{
	for (size_t i = 0; i < p->nindex; i++)
		if (strcmp(p->index[i].id, vi->id) == 0) {
			p->index[i] = *vi;
			return &p->index[i];
		}
	if (p->nindex == sizeof p->index / sizeof p->index[0]) {
		sv__error_set(SV_ERROR,
			      "too many versions changed in one call");
		return NULL;
	}
	p->index[p->nindex] = *vi;
	return &p->index[p->nindex++];
}

/* Read a version's index entry through the plan's transaction, or a read
 * transaction of its own. */
static int plan_vinfo(sv_vinfo *out, plan *p, const char *vid)
{
	for (size_t i = 0; i < p->nindex; i++)
		if (strcmp(p->index[i].id, vid) == 0) {
			*out = p->index[i];
			return SV_OK;
		}
	sv_txn own, *t = p->t ? p->t : &own;
	int rc = p->t ? SV_OK : sv__txn_begin(&own, p->v->env, 0);
	if (rc != SV_OK)
		return rc;
	rc = sv__vinfo_get(out, p->v, t, p->m.secret_id, vid);
	if (!p->t)
		sv__txn_abort(&own);
	return rc;
}

/* Add a new version holding @in with id @token to the plan. */
static int plan_new_version(plan *p, const char *token, const value_in *in,
			    const char *const *stages, size_t nstages,
			    int64_t now)
{
	sv_mversion *mv = sv__meta_version(&p->m, token);
	sv_vinfo vi = { .accessed = 0 };
	int rc;
	if (mv) { /* a placeholder being filled keeps its place and date */
		if ((rc = plan_vinfo(&vi, p, token)) != SV_OK)
			return rc == SV_ENOTFOUND
				       ? sv__error_set(SV_EINTEGRITY,
						       "version %s has no "
						       "index entry",
						       token)
				       : rc;
	} else {
		if (!(mv = sv__meta_add_version(&p->m)))
			return SV_ENOMEM;
		snprintf(mv->id, sizeof mv->id, "%s", token);
		mv->seq = ++p->m.next_seq;
		p->m.nversions_total++;
		snprintf(vi.id, sizeof vi.id, "%s", token);
		vi.seq = mv->seq;
		vi.created = now;
	}
	mv->created = vi.created;
	mv->accessed = vi.accessed;
	mv->has_value = vi.has_value = 1;
	if ((rc = seal_version(&p->records[p->nrecords], p->v, &p->m, &vi,
			       in)) != SV_OK)
		return rc;
	p->record_seqs[p->nrecords++] = vi.seq;
	if (!plan_index(p, &vi))
		return SV_ERROR;
	if ((rc = attach_stages(&p->m, mv, stages, nstages)) != SV_OK ||
	    (rc = stage_quota(&p->m)) != SV_OK)
		return rc;
	drop_unlabelled(&p->m);
	p->m.changed = now;
	p->write_meta = 1;
	return SV_OK;
}

static int result_out(sv_result **out, const sv_meta *m, const sv_mversion *mv)
{
	if (!out)
		return SV_OK;
	*out = sv__result_new(m, mv);
	return *out ? SV_OK : sv__error_set(SV_ENOMEM, "out of memory");
}

/* Is the ClientRequestToken a version of this secret already (labelled or
 * not)?  The same value again is a repeat of that call; another value is
 * an error (AWS). */
static int token_reuse(int *repeat, plan *p, const char *token,
		       const value_in *in)
{
	sv_vinfo vi;
	int same = 0;
	*repeat = 0;
	int rc = plan_vinfo(&vi, p, token);
	if (rc == SV_ENOTFOUND) {
		sv__error_clear();
		return SV_OK;
	}
	if (rc != SV_OK || !vi.has_value)
		return rc; /* (a rotation placeholder is filled) */
	sv_mversion tmp = { .seq = vi.seq, .has_value = 1 };
	memcpy(tmp.id, vi.id, sizeof tmp.id);
	if ((rc = same_value(&same, p->t, p->v, &p->m, &tmp, in)) != SV_OK)
		return rc;
	if (!same)
		return sv__error_set(
			SV_EEXISTS,
			"You can't use ClientRequestToken %s because that "
			"value is already in use for a version of secret %s.",
			token, p->m.arn);
	*repeat = 1;
	return SV_OK;
}

/* The result naming version @vid with the labels it now has (none when
 * it is deprecated). */
static int result_version(sv_result **out, sv_meta *m, const char *vid)
{
	sv_mversion *mv = sv__meta_version(m, vid), tmp = { .seq = 0 };
	if (!mv) {
		snprintf(tmp.id, sizeof tmp.id, "%s", vid);
		mv = &tmp;
	}
	return result_out(out, m, mv);
}

/* The plan was overtaken by other writers every time. */
static int gave_up(int rc, const char *id)
{
	if (rc != RETRY)
		return rc;
	return sv__error_set(
		SV_ERROR,
		"secret %s changed %d times while this call ran; try again", id,
		MAX_ATTEMPTS);
}

static int enter(sv_vault *v)
{
	return sv__vault_enter(v);
}

static int leave(sv_vault *v, int rc)
{
	return sv__vault_leave(v, rc);
}

/* ---- CreateSecret
 * ------------------------------------------------------------ */

int sv_create_options_init(sv_create_options *opts, uint32_t version)
{
	static const sv_create_options init = SV_CREATE_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_CREATE_OPTIONS_VERSION, "sv_create_options");
}

static int create_checks(const char *name, const sv_create_options *o,
			 value_in *in)
{
	CHECK_OPTS(o, SV_CREATE_OPTIONS_VERSION, "sv_create_options");
	if (!name)
		return sv__error_set(SV_EVALIDATION,
				     "1 validation error detected: Value null "
				     "at 'name' failed to satisfy constraint: "
				     "Member must not be null");
	int rc = sv__name_check(name);
	if (rc == SV_OK && o)
		if ((rc = check_len("description", o->description, 0,
				    SV_DESCRIPTION_MAX)) ||
		    (rc = check_len("kmsKeyId", o->kms_key_id, 0, 2048)) ||
		    (rc = check_token(o->client_request_token)) ||
		    (rc = check_tags(o->tags, o->tag_count)))
			return rc;
	if (rc == SV_OK && o && o->tag_count > SV_TAGS_MAX)
		rc = sv__error_set(
			SV_ELIMIT,
			"You can't add more than %d tags to a secret.",
			SV_TAGS_MAX);
	if (rc == SV_OK)
		rc = check_value(in, o ? o->secret_string : NULL,
				 o ? o->secret_string_len : 0,
				 o ? o->secret_binary : NULL,
				 o ? o->secret_binary_len : 0);
	return rc;
}

typedef struct create_ctx {
	const char *name;
	const sv_create_options *o;
	const value_in *in;
	const char *token;
	int repeat; /* the same request again: answer as before */
} create_ctx;

/* What a repeated or conflicting CreateSecret finds. */
static int create_existing(plan *p, create_ctx *c, int64_t now)
{
	if (p->m.deleted) {
		if (sv__meta_expired(&p->m, now)) {
			/* Expired: purge it as part of this create. */
			p->purge = p->m;
			memset(&p->m, 0, sizeof p->m);
			p->has_purge = 1;
			return SV_OK;
		}
		return sv__error_set(
			SV_EREQUEST,
			"You can't create this secret because a secret with "
			"this name is already scheduled for deletion.");
	}
	if (c->in->present) {
		int repeat;
		int rc = token_reuse(&repeat, p, c->token, c->in);
		if (rc != SV_OK)
			return rc;
		if (repeat) {
			c->repeat = 1;
			return SV_ITEROVER;
		}
	}
	return sv__error_set(
		SV_EEXISTS,
		"The operation failed because the secret %s already exists.",
		p->m.name);
}

/*
 * A new secret id: the time first, then 80 random bits (as a UUIDv7 is laid
 * out), so new secrets' versions go to the end of the versions tree instead
 * of all over it, which keeps bulk writes to few pages.  The creation time
 * is no secret: every version record carries it in clear.
 */
static void secret_id_new(uint8_t id[SV_ID_BYTES], int64_t now)
{
	uint8_t stamp[8];
	sv__put_u64(stamp, (uint64_t)now);
	memcpy(id, stamp + 2, 6);
	sv__random(id + 6, SV_ID_BYTES - 6);
}

/*
 * The ids of a bulk import share one time, so random tails would insert
 * them all over the batch's end of the versions tree and leave its pages
 * a quarter empty.  Instead the batch draws one random tail with its top
 * bit clear and numbers from it: entry i gets tail + i, in order, with no
 * carry out of the tail (i < 2^14).  Ids need to be unique, not
 * unpredictable: 79 random bits per batch keep two batches apart.
 */
static void secret_id_first(uint8_t id[SV_ID_BYTES], int64_t now)
{
	secret_id_new(id, now);
	id[6] &= 0x7f;
}

static void secret_id_next(uint8_t id[SV_ID_BYTES])
{
	for (size_t i = SV_ID_BYTES; i-- > 6;)
		if (++id[i] != 0)
			return;
}

static int create_plan(plan *p, const char *name, const sv_create_options *o,
		       const value_in *in, const char *token, int64_t now)
{
	sv_meta *m = &p->m;
	char suffix[7];
	if (p->new_id)
		memcpy(m->secret_id, p->new_id, SV_ID_BYTES);
	else
		secret_id_new(m->secret_id, now);
	if (!p->has_purge)
		memcpy(p->secret_id, m->secret_id, SV_ID_BYTES);
	sv__random_alnum(suffix, 6);
	m->arn = sv__arn_new(p->v, name, suffix);
	m->name = sv__strdup(name);
	if (!m->arn || !m->name)
		return sv__error_set(SV_ENOMEM, "out of memory");
	if (o && o->description && o->description[0] &&
	    !(m->description = sv__strdup(o->description)))
		return sv__error_set(SV_ENOMEM, "out of memory");
	if (o && o->kms_key_id && o->kms_key_id[0] &&
	    !(m->kms_key_id = sv__strdup(o->kms_key_id)))
		return sv__error_set(SV_ENOMEM, "out of memory");
	sv_kek *k;
	sv_kek_version *kv;
	int rc = sv__key_for_write(&k, &kv, p->v, m->kms_key_id);
	if (rc != SV_OK)
		return rc;
	m->created = m->changed = now;
	if (o && o->tag_count) {
		m->tags_present = 1;
		m->tag_keys = sv__calloc(o->tag_count + 1, sizeof(char *));
		m->tag_values = sv__calloc(o->tag_count + 1, sizeof(char *));
		if (!m->tag_keys || !m->tag_values)
			return sv__error_set(SV_ENOMEM, "out of memory");
		for (size_t i = 0; i < o->tag_count; i++) {
			m->tag_keys[i] = sv__strdup(o->tags[i].key);
			m->tag_values[i] = sv__strdup(o->tags[i].value);
			m->ntags++;
			if (!m->tag_keys[i] || !m->tag_values[i])
				return sv__error_set(SV_ENOMEM,
						     "out of memory");
		}
	}
	p->write_meta = 1;
	if (!in->present)
		return SV_OK;
	return plan_new_version(p, token, in, NULL, 0, now);
}

static int create_body(plan *p, void *arg)
{
	create_ctx *c = arg;
	int64_t now = sv__vault_now(p->v);
	sv_txn own, *t = p->t ? p->t : &own;
	int rc = p->t ? SV_OK : sv__txn_begin(&own, p->v->env, 0);
	if (rc != SV_OK)
		return rc;
	c->repeat = 0;
	rc = sv__keyring_refresh(p->v, t);
	if (rc == SV_OK)
		rc = sv__meta_load(&p->m, p->v, t, c->name);
	if (!p->t)
		sv__txn_abort(&own);
	if (rc == SV_OK) {
		p->exists = 1;
		p->revision = p->m.revision;
		memcpy(p->secret_id, p->m.secret_id, SV_ID_BYTES);
		if ((rc = create_existing(p, c, now)) != SV_OK)
			return rc;
	} else if (rc != SV_ENOTFOUND) {
		return rc;
	}
	sv__error_clear();
	return create_plan(p, c->name, c->o, c->in, c->token, now);
}

int sv_secret_create(sv_result **out, sv_vault *v, const char *name,
		     const sv_create_options *o)
{
	int rc = enter(v);
	value_in in;
	char token[SV_VERSION_ID_BUFSIZE];
	if (out)
		*out = NULL;
	if (rc != SV_OK || (rc = create_checks(name, o, &in)) != SV_OK)
		return leave(v, rc);
	if (o && o->client_request_token)
		snprintf(token, sizeof token, "%s", o->client_request_token);
	else
		sv__uuid4(token);
	plan p = { .v = v };
	create_ctx c = { name, o, &in, token, 0 };
	rc = run(&p, create_body, &c);
	if (rc == SV_OK && in.present)
		rc = result_version(out, &p.m, token);
	else if (rc == SV_OK)
		rc = result_out(out, &p.m, NULL);
	plan_clear(&p);
	return leave(v, gave_up(rc, name));
}

/* ---- Bulk import ------------------------------------------------------------
 */

typedef struct import_ctx {
	sv_vault *v;
	const char *const *names;
	const sv_create_options *const *opts;
	const value_in *ins;
	size_t count;
	uint64_t created;
} import_ctx;

/* Prefix the current message with the entry it belongs to. */
static int entry_error(int rc, size_t i)
{
	char saved[SV_ERRMSG_MAX];
	sv__error_copy(saved);
	return sv__error_set(rc, "entry %zu: %s", i, saved);
}

static int import_one(sv_txn *t, sv_vault *v, import_ctx *c, size_t i,
		      const uint8_t id[SV_ID_BYTES], int64_t now)
{
	sv_meta old;
	int rc = sv__meta_load(&old, v, t, c->names[i]);
	if (rc == SV_OK) {
		rc = old.deleted
			     ? sv__error_set(
				       SV_EREQUEST,
				       "You can't create this secret because a "
				       "secret with this name is already "
				       "scheduled for deletion.")
			     : sv__error_set(SV_EEXISTS,
					     "The operation failed because the "
					     "secret %s already exists.",
					     c->names[i]);
		sv__meta_clear(&old);
		return rc;
	}
	if (rc != SV_ENOTFOUND)
		return rc;
	sv__error_clear();
	char token[SV_VERSION_ID_BUFSIZE];
	const sv_create_options *o = c->opts ? c->opts[i] : NULL;
	if (o && o->client_request_token)
		snprintf(token, sizeof token, "%s", o->client_request_token);
	else
		sv__uuid4(token);
	plan p = { .v = v, .t = t, .keyring_fresh = 1, .new_id = id };
	rc = create_plan(&p, c->names[i], o, &c->ins[i], token, now);
	if (rc == SV_OK)
		rc = apply_writes(t, &p);
	p.t = NULL;
	plan_clear(&p);
	return rc;
}

static int import_txn(sv_txn *t, void *arg)
{
	import_ctx *c = arg;
	sv_vault *v = c->v;
	c->created = 0;
	int64_t now = sv__vault_now(v);
	uint8_t id[SV_ID_BYTES];
	secret_id_first(id, now);
	int rc = sv__keyring_refresh(v, t);
	for (size_t i = 0; rc == SV_OK && i < c->count; i++) {
		if ((rc = import_one(t, v, c, i, id, now)) != SV_OK)
			return entry_error(rc, i);
		secret_id_next(id);
		c->created++;
	}
	return rc;
}

int sv_secret_import(uint64_t *created_out, sv_vault *v,
		     const char *const *names,
		     const sv_create_options *const *opts, size_t count)
{
	int rc = enter(v);
	if (rc != SV_OK)
		return leave(v, rc);
	if (!names || count == 0 || count > SV_IMPORT_MAX)
		return leave(
			v, sv__error_set(SV_EINVALID,
					 "sv_secret_import takes 1 to %d names",
					 SV_IMPORT_MAX));
	if (has_external_keys(v))
		return leave(
			v, sv__error_set(SV_ENOTSUPPORTED,
					 "bulk import is not available while "
					 "the keyring holds an external key"));
	value_in *ins = sv__calloc(count, sizeof *ins);
	if (!ins)
		return leave(v, sv__error_set(SV_ENOMEM, "out of memory"));
	for (size_t i = 0; i < count; i++)
		if ((rc = create_checks(names[i], opts ? opts[i] : NULL,
					&ins[i])) != SV_OK) {
			sv__free(ins);
			return leave(v, entry_error(rc, i));
		}
	/* About 2 KiB of records per secret plus its value. */
	uint64_t bytes = 0;
	for (size_t i = 0; i < count; i++)
		bytes += 2048 + ins[i].len;
	import_ctx c = { v, names, opts, ins, count, 0 };
	rc = sv__store_reserve(v->env, bytes);
	if (rc == SV_OK)
		rc = sv__store_write(v->env, import_txn, &c);
	sv__free(ins);
	if (rc == SV_OK && created_out)
		*created_out = c.created;
	return leave(v, rc);
}

/* ---- PutSecretValue
 * ---------------------------------------------------------- */

int sv_put_options_init(sv_put_options *opts, uint32_t version)
{
	static const sv_put_options init = SV_PUT_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_PUT_OPTIONS_VERSION, "sv_put_options");
}

static int check_secret_id(const char *id)
{
	if (!id)
		return sv__error_set(SV_EVALIDATION,
				     "1 validation error detected: Value null "
				     "at 'secretId' failed to satisfy "
				     "constraint: Member must not be null");
	return SV_OK;
}

static int check_stage_list(const char *const *stages, size_t n)
{
	if (!stages)
		return SV_OK;
	if (n < 1 || n > SV_STAGES_MAX)
		return length_error("versionStages", n, 1, SV_STAGES_MAX);
	for (size_t i = 0; i < n; i++) {
		int rc = check_stage("versionStages.member", stages[i]);
		if (rc != SV_OK)
			return rc;
	}
	return SV_OK;
}

static int check_opts_put(const sv_put_options *o)
{
	CHECK_OPTS(o, SV_PUT_OPTIONS_VERSION, "sv_put_options");
	return SV_OK;
}

static int update_fields(plan *p, const char *kms_key, const char *description,
			 int64_t now);

typedef struct put_ctx {
	const char *secret_id;
	const char *token;
	const value_in *in;
	const char *const *stages;
	size_t nstages;
	const char *kms_key, *description; /* UpdateSecret */
	int update;
} put_ctx;

static int put_body(plan *p, void *arg)
{
	put_ctx *c = arg;
	int64_t now = sv__vault_now(p->v);
	int rc = plan_load(p, c->secret_id);
	if (rc != SV_OK)
		return rc;
	if (p->m.deleted)
		return sv__error_set(SV_EDELETED, MSG_DELETED);
	int repeat;
	if ((rc = token_reuse(&repeat, p, c->token, c->in)) != SV_OK)
		return rc;
	if (repeat)
		return SV_ITEROVER;
	if (c->update &&
	    (rc = update_fields(p, c->kms_key, c->description, now)) != SV_OK)
		return rc;
	return plan_new_version(p, c->token, c->in, c->stages, c->nstages, now);
}

/* Store a new version (PutSecretValue, and UpdateSecret with a value). */
static int put_value(sv_result **out, sv_vault *v, put_ctx *c)
{
	char token[SV_VERSION_ID_BUFSIZE];
	if (c->token)
		snprintf(token, sizeof token, "%s", c->token);
	else
		sv__uuid4(token);
	c->token = token;
	plan p = { .v = v };
	int rc = run(&p, put_body, c);
	if (rc == SV_OK)
		rc = result_version(out, &p.m, token);
	plan_clear(&p);
	return gave_up(rc, c->secret_id);
}

int sv_secret_put_value(sv_result **out, sv_vault *v, const char *secret_id,
			const sv_put_options *o)
{
	int rc = enter(v);
	value_in in;
	if (out)
		*out = NULL;
	if (rc != SV_OK)
		return leave(v, rc);
	if ((rc = check_secret_id(secret_id)) != SV_OK)
		return leave(v, rc);
	if (!o)
		return leave(v, sv__error_set(SV_EREQUEST, MSG_NO_VALUE));
	if ((rc = check_opts_put(o)) != SV_OK ||
	    (rc = check_token(o->client_request_token)) ||
	    (rc = check_stage_list(o->version_stages,
				   o->version_stage_count)) ||
	    (rc = check_value(&in, o->secret_string, o->secret_string_len,
			      o->secret_binary, o->secret_binary_len)))
		return leave(v, rc);
	if (!in.present)
		return leave(v, sv__error_set(SV_EREQUEST, MSG_NO_VALUE));
	put_ctx c = { secret_id,
		      o->client_request_token,
		      &in,
		      o->version_stages,
		      o->version_stage_count,
		      NULL,
		      NULL,
		      0 };
	rc = put_value(out, v, &c);
	return leave(v, rc);
}

/* ---- UpdateSecret
 * --------------------------------------------------------------- */

int sv_update_options_init(sv_update_options *opts, uint32_t version)
{
	static const sv_update_options init = SV_UPDATE_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_UPDATE_OPTIONS_VERSION, "sv_update_options");
}

/* Re-seal the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions under the
 * secret's new key, as AWS re-encrypts them; other versions keep theirs. */
static int rewrap_labelled(plan *p)
{
	static const char *const labels[] = { SV_AWSCURRENT, SV_AWSPENDING,
					      SV_AWSPREVIOUS };
	sv_kek *k;
	sv_kek_version *kv;
	int rc = sv__key_for_write(&k, &kv, p->v, p->m.kms_key_id);
	if (rc != SV_OK)
		return rc;
	for (size_t i = 0; i < 3; i++) {
		sv_mversion *mv = sv__meta_stage_holder(&p->m, labels[i]);
		int done = 0;
		for (size_t j = 0; mv && j < p->nrecords; j++)
			done |= p->record_seqs[j] == mv->seq;
		if (!mv || done || !mv->has_value)
			continue;
		sv_buf rec = { 0 };
		sv_vrec h;
		sv_dek_wrap from, to;
		rc = fetch_record(&rec, p->t, p->v, &p->m, mv);
		if (rc == SV_OK)
			rc = sv__vrec_parse(&h, rec.p, rec.len);
		if (rc == SV_OK)
			rc = sv__key_wrap_for(&from, p->v, h.key_ref,
					      h.kek_version);
		if (rc == SV_OK)
			rc = sv__key_wrap_for(&to, p->v, k->id, kv->version);
		if (rc == SV_OK)
			rc = sv__vrec_rewrap(&p->records[p->nrecords], &h,
					     rec.p, p->m.arn, &from, k->id,
					     kv->version, &to,
					     p->v->pad_bucket);
		sv__buf_free(&rec);
		if (rc != SV_OK)
			return rc;
		p->record_seqs[p->nrecords++] = mv->seq;
		sv_vinfo vi;
		if ((rc = plan_vinfo(&vi, p, mv->id)) != SV_OK)
			return rc == SV_ENOTFOUND
				       ? sv__error_set(SV_EINTEGRITY,
						       "version %s has no "
						       "index entry",
						       mv->id)
				       : rc;
		snprintf(vi.key_id, sizeof vi.key_id, "%s", k->id);
		vi.kek_version = kv->version;
		if (!plan_index(p, &vi))
			return SV_ERROR;
	}
	return SV_OK;
}

static int update_fields(plan *p, const char *kms_key, const char *description,
			 int64_t now)
{
	sv_meta *m = &p->m;
	int rc;
	if (description &&
	    strcmp(description, m->description ? m->description : "") != 0) {
		char *d = description[0] ? sv__strdup(description) : NULL;
		if (description[0] && !d)
			return sv__error_set(SV_ENOMEM, "out of memory");
		sv__free(m->description);
		m->description = d;
		m->changed = now;
		p->write_meta = 1;
	}
	if (kms_key &&
	    strcmp(kms_key, m->kms_key_id ? m->kms_key_id : "") != 0) {
		sv_kek *old = sv__key_find(
			p->v,
			m->kms_key_id ? m->kms_key_id : SV_DEFAULT_KEY_ALIAS);
		sv_kek *k = sv__key_find(
			p->v, kms_key[0] ? kms_key : SV_DEFAULT_KEY_ALIAS);
		if (!k)
			return sv__error_set(SV_ENOTFOUND,
					     "Secrets Manager can't find the "
					     "specified KMS key: %s",
					     kms_key);
		char *kid = kms_key[0] ? sv__strdup(kms_key) : NULL;
		if (kms_key[0] && !kid)
			return sv__error_set(SV_ENOMEM, "out of memory");
		sv__free(m->kms_key_id);
		m->kms_key_id = kid;
		m->changed = now;
		p->write_meta = 1;
		if (k != old && (rc = rewrap_labelled(p)) != SV_OK)
			return rc;
	}
	return SV_OK;
}

static int check_opts_update(const sv_update_options *o)
{
	CHECK_OPTS(o, SV_UPDATE_OPTIONS_VERSION, "sv_update_options");
	return SV_OK;
}

typedef struct update_ctx {
	const char *secret_id;
	const sv_update_options *o;
} update_ctx;

static int update_body(plan *p, void *arg)
{
	update_ctx *c = arg;
	int rc = plan_load(p, c->secret_id);
	if (rc != SV_OK)
		return rc;
	if (p->m.deleted)
		return sv__error_set(SV_EDELETED, MSG_DELETED);
	rc = update_fields(p, c->o ? c->o->kms_key_id : NULL,
			   c->o ? c->o->description : NULL,
			   sv__vault_now(p->v));
	return rc == SV_OK && !p->write_meta ? SV_ITEROVER : rc;
}

/* UpdateSecret without a value: description and key only. */
static int update_meta_only(sv_result **out, sv_vault *v, const char *secret_id,
			    const sv_update_options *o)
{
	plan p = { .v = v };
	update_ctx c = { secret_id, o };
	int rc = run(&p, update_body, &c);
	if (rc == SV_OK)
		rc = result_out(out, &p.m, NULL);
	plan_clear(&p);
	return gave_up(rc, secret_id);
}

int sv_secret_update(sv_result **out, sv_vault *v, const char *secret_id,
		     const sv_update_options *o)
{
	int rc = enter(v);
	value_in in;
	if (out)
		*out = NULL;
	if (rc != SV_OK)
		return leave(v, rc);
	if ((rc = check_secret_id(secret_id)) || (rc = check_opts_update(o)))
		return leave(v, rc);
	if (o && ((rc = check_len("description", o->description, 0,
				  SV_DESCRIPTION_MAX)) ||
		  (rc = check_len("kmsKeyId", o->kms_key_id, 0, 2048)) ||
		  (rc = check_token(o->client_request_token))))
		return leave(v, rc);
	if ((rc = check_value(&in, o ? o->secret_string : NULL,
			      o ? o->secret_string_len : 0,
			      o ? o->secret_binary : NULL,
			      o ? o->secret_binary_len : 0)) != SV_OK)
		return leave(v, rc);
	if (!in.present)
		return leave(v, update_meta_only(out, v, secret_id, o));
	put_ctx c = { secret_id,     o->client_request_token, &in, NULL, 0,
		      o->kms_key_id, o->description,	      1 };
	rc = put_value(out, v, &c);
	return leave(v, rc);
}

/* ---- GetSecretValue
 * --------------------------------------------------------------- */

int sv_get_options_init(sv_get_options *opts, uint32_t version)
{
	static const sv_get_options init = SV_GET_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_GET_OPTIONS_VERSION, "sv_get_options");
}

static int check_opts_get(const sv_get_options *o)
{
	CHECK_OPTS(o, SV_GET_OPTIONS_VERSION, "sv_get_options");
	if (o && o->version_id) {
		int rc = check_len("versionId", o->version_id, 32, 64);
		if (rc != SV_OK)
			return rc;
	}
	return o && o->version_stage
		       ? check_stage("versionStage", o->version_stage)
		       : SV_OK;
}

/* The index entry of a labelled version, from the metadata's copy. */
static void vinfo_of(sv_vinfo *vi, const sv_mversion *mv)
{
	memset(vi, 0, sizeof *vi);
	memcpy(vi->id, mv->id, sizeof vi->id);
	vi->seq = mv->seq;
	vi->created = mv->created;
	vi->accessed = mv->accessed;
	vi->has_value = mv->has_value;
}

/* Pick the version a GetSecretValue names (aws-semantics §4.2): its
 * index entry, and its labels in @mv (NULL for a deprecated version).
 * Only a deprecated version needs the index. */
static int pick_version(sv_vinfo *vi, sv_mversion **mv, sv_vault *v, sv_txn *t,
			sv_meta *m, const char *vid, const char *stage)
{
	int rc = SV_OK;
	if (vid) {
		*mv = sv__meta_version(m, vid);
		if (*mv)
			vinfo_of(vi, *mv);
		else
			rc = sv__vinfo_get(vi, v, t, m->secret_id, vid);
		if (rc == SV_ENOTFOUND || (rc == SV_OK && !vi->has_value))
			return sv__error_set(
				SV_ENOTFOUND,
				"Secrets Manager can't find the specified "
				"secret value for VersionId: %s",
				vid);
		if (rc == SV_OK && stage &&
		    !(*mv && sv__mversion_has(*mv, stage)))
			return sv__error_set(
				SV_EREQUEST,
				"You provided a VersionStage that is not "
				"associated to the provided VersionId.");
		return rc;
	}
	if (!stage)
		stage = SV_AWSCURRENT;
	*mv = sv__meta_stage_holder(m, stage);
	if (!*mv || !(*mv)->has_value)
		return sv__error_set(SV_ENOTFOUND,
				     "Secrets Manager can't find the specified "
				     "secret value for staging label: %s",
				     stage);
	vinfo_of(vi, *mv);
	return SV_OK;
}

typedef struct access_ctx {
	const char *secret_id, *vid;
	int64_t day;
} access_ctx;

static int access_body(plan *p, void *arg)
{
	access_ctx *c = arg;
	sv_vinfo vi;
	int rc = plan_load(p, c->secret_id);
	if (rc == SV_OK)
		rc = plan_vinfo(&vi, p, c->vid);
	if (rc != SV_OK)
		return rc;
	if (p->m.accessed == c->day && vi.accessed == c->day)
		return SV_ITEROVER;
	p->m.accessed = vi.accessed = c->day;
	sv_mversion *mv = sv__meta_version(&p->m, c->vid);
	if (mv) /* the copy a read by label looks at */
		mv->accessed = c->day;
	p->write_meta = 1;
	return plan_index(p, &vi) ? SV_OK : SV_ERROR;
}

/* GetSecretValue records the day of the read, once a day at most.  Its
 * failure does not fail the read. */
static void note_access(sv_vault *v, const char *secret_id, const char *vid,
			int64_t day)
{
	plan p = { .v = v };
	access_ctx c = { secret_id, vid, day };
	char saved[SV_ERRMSG_MAX];
	sv__error_copy(saved);
	(void)run(&p, access_body, &c);
	plan_clear(&p);
	sv__error_set(SV_OK, "%s", saved);
}

/* The value object for @plain (len bytes, a NUL, cap in all; in guarded
 * memory if the vault keeps values there), which it takes over: *plain is
 * NULL then.  Its ARN, name and labels are taken from @m and @mv (which
 * are about to be freed), not copied. */
static int value_new(sv_value **out, int guarded, sv_meta *m, sv_mversion *mv,
		     const sv_vinfo *vi, uint8_t **plain, size_t len,
		     size_t cap, int binary)
{
	sv_value *val = sv__calloc(1, sizeof *val);
	if (!val)
		return sv__error_set(SV_ENOMEM, "out of memory");
	val->secure = guarded; /* how sv_value_free() frees data */
	val->data = *plain;    /* adopt the decrypted buffer: no copy */
	val->cap = cap;
	*plain = NULL;
	val->arn = m->arn;
	val->name = m->name;
	m->arn = m->name = NULL;
	if (mv && mv->stages) {
		val->stages = mv->stages;
		val->nstages = mv->nstages;
		mv->stages = NULL;
		mv->nstages = 0;
	} else {
		val->stages = sv__calloc(1, sizeof *val->stages);
	}
	if (!val->data || !val->arn || !val->name || !val->stages) {
		sv_value_free(val);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	val->size = len;
	val->binary = binary;
	val->created = vi->created;
	memcpy(val->version_id, vi->id, sizeof val->version_id);
	*out = val;
	return SV_OK;
}

/* The body of GetSecretValue, shared with BatchGetSecretValue. */
int sv__get_value(sv_value **out, sv_vault *v, const char *secret_id,
		  const char *vid, const char *stage)
{
	sv_meta m = { 0 };
	uint8_t rec_space[2048]; /* a record of a value up to about 1.6 KB */
	sv_buf rec;
	sv__buf_use(&rec, rec_space, sizeof rec_space);
	sv_mversion *mv = NULL, tmp = { .seq = 0 };
	sv_vinfo vi;
	sv_txn t;
	int guarded = (v->flags & SV_VAULT_SECURE_MEMORY) != 0;
	int64_t now = sv__vault_now(v);
	*out = NULL;
	int rc = sv__txn_begin(&t, v->env, 0);
	if (rc != SV_OK)
		return rc;
	rc = sv__keyring_refresh(v, &t);
	if (rc == SV_OK &&
	    (rc = sv__meta_resolve(&m, v, &t, secret_id)) == SV_OK &&
	    (rc = sv__meta_check_expired(&m, now)) == SV_OK) {
		if (m.deleted)
			rc = sv__error_set(SV_EDELETED, MSG_DELETED);
		else if ((rc = pick_version(&vi, &mv, v, &t, &m, vid, stage)) ==
			 SV_OK) {
			tmp.seq = vi.seq;
			memcpy(tmp.id, vi.id, sizeof tmp.id);
			rc = read_record(&rec, &t, &m, &tmp);
		}
	}
	sv__txn_abort(&t); /* nothing slow happens inside the transaction */
	uint8_t *plain = NULL;
	size_t len = 0, cap = 0;
	int binary = 0;
	if (rc == SV_OK)
		rc = open_record(&plain, &len, &cap, &binary, v, &m, &tmp, &rec,
				 guarded);
	if (rc == SV_OK)
		rc = value_new(out, guarded, &m, mv, &vi, &plain, len, cap,
			       binary);
	sv__vrec_value_free(plain, cap, guarded);
	sv__buf_free(&rec);
	int64_t day = now - now % DAY_MS;
	if (rc == SV_OK && (m.accessed != day || vi.accessed != day))
		note_access(v, (*out)->arn, vi.id, day);
	sv__meta_clear(&m);
	return rc;
}

int sv_secret_get_value(sv_value **out, sv_vault *v, const char *secret_id,
			const sv_get_options *o)
{
	int rc = enter(v);
	if (rc != SV_OK)
		return leave(v, rc);
	if (!out)
		return leave(v, sv__error_set(SV_EINVALID, "out is NULL"));
	*out = NULL;
	if ((rc = check_secret_id(secret_id)) || (rc = check_opts_get(o)))
		return leave(v, rc);
	rc = sv__get_value(out, v, secret_id, o ? o->version_id : NULL,
			   o ? o->version_stage : NULL);
	return leave(v, rc);
}

/* ---- DescribeSecret
 * ------------------------------------------------------------------ */

int sv_secret_describe(sv_secret **out, sv_vault *v, const char *secret_id)
{
	int rc = enter(v);
	if (rc != SV_OK)
		return leave(v, rc);
	if (!out)
		return leave(v, sv__error_set(SV_EINVALID, "out is NULL"));
	*out = NULL;
	if ((rc = check_secret_id(secret_id)) != SV_OK)
		return leave(v, rc);
	plan p = { .v = v };
	if ((rc = plan_load(&p, secret_id)) == SV_OK) {
		sv_secret *s = sv__calloc(1, sizeof *s);
		if (!s)
			rc = sv__error_set(SV_ENOMEM, "out of memory");
		else if ((rc = sv__secret_fill(s, &p.m, v)) != SV_OK)
			sv__free(s);
		else
			*out = s;
	}
	plan_clear(&p);
	return leave(v, rc);
}

/* ---- DeleteSecret and RestoreSecret
 * ------------------------------------------------------ */

int sv_delete_options_init(sv_delete_options *opts, uint32_t version)
{
	static const sv_delete_options init = SV_DELETE_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_DELETE_OPTIONS_VERSION, "sv_delete_options");
}

/* Checked before the secret is looked up, as AWS does. */
static int delete_check(int has_window, int64_t window, int force)
{
	if (has_window && force)
		return sv__error_set(
			SV_EINVALID,
			"You can't use ForceDeleteWithoutRecovery in "
			"conjunction with RecoveryWindowInDays.");
	if (has_window && (window < 7 || window > 30))
		return sv__error_set(SV_EINVALID,
				     "The RecoveryWindowInDays value must be "
				     "between 7 and 30 days (inclusive).");
	return SV_OK;
}

/* A forced delete of a secret that does not exist succeeds (AWS). */
static int delete_missing(sv_result **out, sv_vault *v, const char *secret_id,
			  int64_t now)
{
	sv__error_clear();
	if (!out)
		return SV_OK;
	sv_meta m = { 0 };
	char arn[2200];
	if (strncmp(secret_id, "arn:", 4) == 0)
		snprintf(arn, sizeof arn, "%s", secret_id);
	else
		snprintf(arn, sizeof arn,
			 "arn:aws:secretsmanager:%s:%s:secret:%s", v->region,
			 v->account, secret_id);
	m.arn = arn;
	m.name = (char *)secret_id;
	*out = sv__result_new(&m, NULL);
	if (!*out)
		return sv__error_set(SV_ENOMEM, "out of memory");
	(*out)->deletion_date = now;
	return SV_OK;
}

typedef struct delete_ctx {
	const char *secret_id;
	int has_window, force;
	int64_t window, now;
	int missing;
} delete_ctx;

static int delete_body(plan *p, void *arg)
{
	delete_ctx *c = arg;
	c->now = sv__vault_now(p->v);
	c->missing = 0;
	int rc = plan_load(p, c->secret_id);
	if (rc == SV_ENOTFOUND && c->force &&
	    sv_error_last_code() == SV_ENOTFOUND) {
		c->missing = 1;
		return SV_ITEROVER;
	}
	if (rc != SV_OK)
		return rc;
	if (c->force) {
		p->delete_secret = 1;
		return SV_OK;
	}
	if (p->m.deleted)
		return sv__error_set(SV_EDELETED, MSG_DELETED);
	p->m.deleted = c->now;
	p->m.deletion_date = c->now + (c->has_window ? c->window : 30) * DAY_MS;
	p->write_meta = 1;
	return SV_OK;
}

int sv__delete(sv_result **out, sv_vault *v, const char *secret_id,
	       int has_window, int64_t window, int force)
{
	int rc = delete_check(has_window, window, force);
	if (rc != SV_OK)
		return rc;
	plan p = { .v = v };
	delete_ctx c = { secret_id, has_window, force, window, 0, 0 };
	rc = run(&p, delete_body, &c);
	if (rc == SV_OK && c.missing)
		rc = delete_missing(out, v, secret_id, c.now);
	else if (rc == SV_OK && (rc = result_out(out, &p.m, NULL)) == SV_OK &&
		 out)
		(*out)->deletion_date = force ? c.now : p.m.deletion_date;
	plan_clear(&p);
	return gave_up(rc, secret_id);
}

int sv_secret_delete(sv_result **out, sv_vault *v, const char *secret_id,
		     const sv_delete_options *o)
{
	int rc = enter(v);
	if (out)
		*out = NULL;
	if (rc != SV_OK)
		return leave(v, rc);
	if ((rc = check_secret_id(secret_id)) != SV_OK)
		return leave(v, rc);
	if (o) {
		CHECK_OPTS(o, SV_DELETE_OPTIONS_VERSION, "sv_delete_options");
		if (o->force_delete_without_recovery > 1)
			return leave(v,
				     sv__error_set(SV_EINVALID,
						   "force_delete_without_"
						   "recovery must be 0 or 1"));
	}
	rc = sv__delete(out, v, secret_id, o && o->recovery_window_days,
			o ? o->recovery_window_days : 0,
			o ? (int)o->force_delete_without_recovery : 0);
	return leave(v, rc);
}

static int restore_body(plan *p, void *arg)
{
	int rc = plan_load(p, arg);
	if (rc != SV_OK)
		return rc;
	if (!p->m.deleted)
		return SV_ITEROVER;
	p->m.deleted = 0;
	p->m.deletion_date = 0;
	p->write_meta = 1;
	return SV_OK;
}

int sv_secret_restore(sv_result **out, sv_vault *v, const char *secret_id)
{
	int rc = enter(v);
	if (out)
		*out = NULL;
	if (rc != SV_OK || (rc = check_secret_id(secret_id)) != SV_OK)
		return leave(v, rc);
	plan p = { .v = v };
	rc = run(&p, restore_body, (void *)secret_id);
	if (rc == SV_OK)
		rc = result_out(out, &p.m, NULL);
	plan_clear(&p);
	return leave(v, gave_up(rc, secret_id));
}

/* ---- Tags
 * -------------------------------------------------------------------------------
 */

static int set_tag(sv_meta *m, const char *key, const char *value)
{
	for (size_t i = 0; i < m->ntags; i++) {
		if (strcmp(m->tag_keys[i], key) == 0) {
			char *nv = sv__strdup(value);
			if (!nv)
				return sv__error_set(SV_ENOMEM,
						     "out of memory");
			sv__free(m->tag_values[i]);
			m->tag_values[i] = nv;
			return SV_OK;
		}
	}
	char **k = sv__realloc(m->tag_keys, (m->ntags + 2) * sizeof *k);
	if (k)
		m->tag_keys = k;
	char **val =
		k ? sv__realloc(m->tag_values, (m->ntags + 2) * sizeof *val)
		  : NULL;
	if (val)
		m->tag_values = val;
	if (!k || !val)
		return sv__error_set(SV_ENOMEM, "out of memory");
	k[m->ntags] = sv__strdup(key);
	val[m->ntags] = sv__strdup(value);
	if (!k[m->ntags] || !val[m->ntags]) {
		sv__free(k[m->ntags]);
		sv__free(val[m->ntags]);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	m->ntags++;
	return SV_OK;
}

static void drop_tag(sv_meta *m, const char *key)
{
	for (size_t i = 0; i < m->ntags; i++) {
		if (strcmp(m->tag_keys[i], key) == 0) {
			sv__free(m->tag_keys[i]);
			sv__free(m->tag_values[i]);
			memmove(&m->tag_keys[i], &m->tag_keys[i + 1],
				(m->ntags - i - 1) * sizeof(char *));
			memmove(&m->tag_values[i], &m->tag_values[i + 1],
				(m->ntags - i - 1) * sizeof(char *));
			m->ntags--;
			return;
		}
	}
}

typedef struct tag_ctx {
	const char *secret_id;
	const sv_tag *tags;
	size_t ntags;
	const char *const *keys;
	size_t nkeys;
} tag_ctx;

static int tag_body(plan *p, void *arg)
{
	tag_ctx *c = arg;
	int rc = plan_load(p, c->secret_id);
	if (rc != SV_OK)
		return rc;
	if (p->m.deleted)
		return sv__error_set(SV_EDELETED, MSG_DELETED);
	if (c->ntags == 0 && c->nkeys == 0)
		return SV_ITEROVER; /* nothing to add or remove */
	for (size_t i = 0; rc == SV_OK && i < c->ntags; i++)
		rc = set_tag(&p->m, c->tags[i].key, c->tags[i].value);
	for (size_t i = 0; rc == SV_OK && i < c->nkeys; i++)
		drop_tag(&p->m, c->keys[i]);
	if (rc == SV_OK && p->m.ntags > SV_TAGS_MAX)
		rc = sv__error_set(
			SV_ELIMIT,
			"You can't add more than %d tags to a secret.",
			SV_TAGS_MAX);
	if (rc != SV_OK)
		return rc;
	p->m.tags_present = 1;
	p->m.changed = sv__vault_now(p->v);
	p->write_meta = 1;
	return SV_OK;
}

static int retag(sv_vault *v, const char *secret_id, const sv_tag *tags,
		 size_t ntags, const char *const *keys, size_t nkeys)
{
	plan p = { .v = v };
	tag_ctx c = { secret_id, tags, ntags, keys, nkeys };
	int rc = run(&p, tag_body, &c);
	plan_clear(&p);
	return gave_up(rc, secret_id);
}

int sv_secret_tag(sv_vault *v, const char *secret_id, const sv_tag *tags,
		  size_t tag_count)
{
	int rc = enter(v);
	if (rc != SV_OK || (rc = check_secret_id(secret_id)) != SV_OK)
		return leave(v, rc);
	if (!tags)
		return leave(v, sv__error_set(
					SV_EVALIDATION,
					"1 validation error detected: Value "
					"null at 'tags' failed to satisfy "
					"constraint: Member must not be null"));
	if ((rc = check_tags(tags, tag_count)) != SV_OK)
		return leave(v, rc);
	return leave(v, retag(v, secret_id, tags, tag_count, NULL, 0));
}

int sv_secret_untag(sv_vault *v, const char *secret_id, const char *const *keys,
		    size_t key_count)
{
	int rc = enter(v);
	if (rc != SV_OK || (rc = check_secret_id(secret_id)) != SV_OK)
		return leave(v, rc);
	if (!keys)
		return leave(v, sv__error_set(
					SV_EVALIDATION,
					"1 validation error detected: Value "
					"null at 'tagKeys' failed to satisfy "
					"constraint: Member must not be null"));
	for (size_t i = 0; i < key_count; i++)
		if ((rc = check_len("tagKeys.member", keys[i], 1, 128)) !=
		    SV_OK)
			return leave(v, rc);
	return leave(v, retag(v, secret_id, NULL, 0, keys, key_count));
}

/* ---- UpdateSecretVersionStage
 * ------------------------------------------------------------- */

/* Make sure version @vid is in the metadata's list, bringing a
 * deprecated one back from the index; SV_EINVALID if it does not exist. */
static int revive(plan *p, const char *vid)
{
	sv_vinfo vi;
	if (sv__meta_version(&p->m, vid))
		return SV_OK;
	int rc = plan_vinfo(&vi, p, vid);
	if (rc == SV_ENOTFOUND)
		return sv__error_set(SV_EINVALID, "Not a valid version: %s",
				     vid);
	if (rc != SV_OK)
		return rc;
	sv_mversion *mv = sv__meta_add_version(&p->m);
	if (!mv)
		return SV_ENOMEM;
	memcpy(mv->id, vi.id, sizeof mv->id);
	mv->seq = vi.seq;
	mv->has_value = vi.has_value;
	mv->created = vi.created;
	mv->accessed = vi.accessed;
	return SV_OK;
}

static int restage(plan *p, const char *stage, const char *to_id,
		   const char *from_id)
{
	sv_meta *m = &p->m;
	int rc;
	if ((to_id && (rc = revive(p, to_id)) != SV_OK) ||
	    (from_id && (rc = revive(p, from_id)) != SV_OK))
		return rc;
	sv_mversion *to = to_id ? sv__meta_version(m, to_id) : NULL;
	sv_mversion *from = from_id ? sv__meta_version(m, from_id) : NULL;
	sv_mversion *holder = sv__meta_stage_holder(m, stage);
	if (to && holder == to)
		return SV_OK; /* already there */
	if (holder && to && !from)
		return sv__error_set(
			SV_EINVALID,
			"The parameter RemoveFromVersionId can't be empty. "
			"Staging label %s is currently attached to version %s, "
			"so you must explicitly reference that version in "
			"RemoveFromVersionId.",
			stage, holder->id);
	if (from && holder != from)
		return sv__error_set(
			SV_EINVALID,
			"When you move staging label %s, if you specify "
			"RemoveFromVersionId, it must be set to the version "
			"that currently has the staging label %s.",
			stage, stage);
	if (!to && strcmp(stage, SV_AWSCURRENT) == 0)
		return sv__error_set(
			SV_EINVALID,
			"You can't remove the staging label AWSCURRENT from a "
			"version without moving it to another version.");
	if (to && strcmp(stage, SV_AWSCURRENT) == 0)
		rc = move_current(m, to);
	else {
		if (from)
			sv__mversion_remove_stage(from, stage);
		rc = to ? sv__mversion_add_stage(to, stage) : SV_OK;
	}
	if (rc == SV_OK)
		rc = stage_quota(m);
	if (rc == SV_OK) {
		drop_unlabelled(m);
		m->changed = sv__vault_now(p->v);
		p->write_meta = 1;
	}
	return rc;
}

typedef struct stage_ctx {
	const char *secret_id, *stage, *to, *from;
} stage_ctx;

static int stage_body(plan *p, void *arg)
{
	stage_ctx *c = arg;
	int rc = plan_load(p, c->secret_id);
	if (rc != SV_OK)
		return rc;
	if (p->m.deleted)
		return sv__error_set(SV_EDELETED, MSG_DELETED);
	if ((rc = restage(p, c->stage, c->to, c->from)) != SV_OK)
		return rc;
	return p->write_meta ? SV_OK : SV_ITEROVER;
}

int sv_version_stage_update(sv_result **out, sv_vault *v, const char *secret_id,
			    const char *stage, const char *move_to,
			    const char *remove_from)
{
	int rc = enter(v);
	if (out)
		*out = NULL;
	if (rc != SV_OK || (rc = check_secret_id(secret_id)) != SV_OK)
		return leave(v, rc);
	if (!stage)
		return leave(
			v,
			sv__error_set(SV_EVALIDATION,
				      "1 validation error detected: Value null "
				      "at 'versionStage' failed to satisfy "
				      "constraint: Member must not be null"));
	if ((rc = check_stage("versionStage", stage)) ||
	    (move_to && (rc = check_len("moveToVersionId", move_to, 32, 64))) ||
	    (remove_from &&
	     (rc = check_len("removeFromVersionId", remove_from, 32, 64))))
		return leave(v, rc);
	if (!move_to && !remove_from)
		return leave(v,
			     sv__error_set(SV_EINVALID,
					   "You must specify MoveToVersionId, "
					   "RemoveFromVersionId, or both."));
	plan p = { .v = v };
	stage_ctx c = { secret_id, stage, move_to, remove_from };
	rc = run(&p, stage_body, &c);
	if (rc == SV_OK)
		rc = result_out(out, &p.m, NULL);
	plan_clear(&p);
	return leave(v, gave_up(rc, secret_id));
}

/* ---- Purge
 * -------------------------------------------------------------------------------
 */

typedef struct purge_ctx {
	sv_vault *v;
	int64_t now;
	uint64_t purged;
} purge_ctx;

static int purge_txn(sv_txn *t, void *arg)
{
	purge_ctx *c = arg;
	sv_cursor cur = { 0 };
	const uint8_t *k, *val;
	size_t klen, n;
	c->purged = 0;
	int rc = sv__cursor_open(&cur, t, SV_DB_SECRETS);
	if (rc != SV_OK)
		return rc;
	/* Collect the expired first: deleting under a live cursor is
	 * fragile. */
	sv_meta *dead = NULL;
	size_t ndead = 0;
	int s = sv__cursor_seek(&cur, NULL, 0, &k, &klen, &val, &n);
	for (; s == SV_OK && rc == SV_OK;
	     s = sv__cursor_next(&cur, &k, &klen, &val, &n)) {
		sv_meta m;
		if ((rc = sv__meta_open(&m, c->v, k, klen, val, n)) != SV_OK)
			break;
		if (!sv__meta_expired(&m, c->now)) {
			sv__meta_clear(&m);
			continue;
		}
		sv_meta *d = sv__realloc(dead, (ndead + 1) * sizeof *d);
		if (!d) {
			sv__meta_clear(&m);
			rc = sv__error_set(SV_ENOMEM, "out of memory");
			break;
		}
		dead = d;
		dead[ndead++] = m;
	}
	if (rc == SV_OK && s != SV_OK && s != SV_ITEROVER)
		rc = s;
	sv__cursor_close(&cur);
	for (size_t i = 0; i < ndead; i++) {
		if (rc == SV_OK &&
		    (rc = sv__meta_delete(t, c->v, &dead[i])) == SV_OK)
			c->purged++;
		sv__meta_clear(&dead[i]);
	}
	sv__free(dead);
	return rc;
}

int sv_vault_purge(uint64_t *purged_out, sv_vault *v)
{
	int rc = enter(v);
	if (rc != SV_OK)
		return leave(v, rc);
	purge_ctx c = { v, sv__vault_now(v), 0 };
	rc = sv__store_write(v->env, purge_txn, &c);
	if (rc == SV_OK && purged_out)
		*purged_out = c.purged;
	return leave(v, rc);
}

/* ---- Rewrap (KMS ReEncrypt)
 * ------------------------------------------------------------ */

/* Names of every secret, copied out of one read transaction. */
static int all_names(char ***out, size_t *n, sv_vault *v)
{
	sv_txn t;
	sv_cursor c = { 0 };
	const uint8_t *k, *val;
	size_t klen, vlen;
	*out = NULL;
	*n = 0;
	int rc = sv__txn_begin(&t, v->env, 0);
	if (rc != SV_OK)
		return rc;
	if ((rc = sv__cursor_open(&c, &t, SV_DB_SECRETS)) == SV_OK) {
		int s = sv__cursor_seek(&c, NULL, 0, &k, &klen, &val, &vlen);
		for (; s == SV_OK && rc == SV_OK;
		     s = sv__cursor_next(&c, &k, &klen, &val, &vlen)) {
			sv_meta m;
			if ((rc = sv__meta_open(&m, v, k, klen, val, vlen)) !=
			    SV_OK)
				break;
			char **names =
				sv__realloc(*out, (*n + 1) * sizeof *names);
			if (names)
				*out = names;
			if (!names || !(names[*n] = sv__strdup(m.name)))
				rc = sv__error_set(SV_ENOMEM, "out of memory");
			else
				(*n)++;
			sv__meta_clear(&m);
		}
		sv__cursor_close(&c);
	}
	sv__txn_abort(&t);
	if (rc != SV_OK) {
		sv__strv_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* The primary version of a version's local key, or 0 if it needs none. */
static uint32_t stale_version(sv_vault *v, const sv_vinfo *vi)
{
	sv_kek *k = sv__key_find(v, vi->key_id);
	if (!vi->has_value || !k || k->external ||
	    vi->kek_version == k->primary)
		return 0;
	return k->primary;
}

typedef struct rewrap_ctx {
	const char *name;
	uint64_t budget, done;
} rewrap_ctx;

/* Re-seal one version under its key's primary version. */
static int rewrap_one(plan *p, sv_vinfo *vi, uint32_t primary)
{
	sv_vault *v = p->v;
	sv_mversion tmp = { .seq = vi->seq };
	sv_buf rec = { 0 };
	sv_vrec h;
	sv_dek_wrap from, to;
	memcpy(tmp.id, vi->id, sizeof tmp.id);
	int rc = fetch_record(&rec, p->t, v, &p->m, &tmp);
	if (rc == SV_OK)
		rc = sv__vrec_parse(&h, rec.p, rec.len);
	if (rc == SV_OK)
		rc = sv__key_wrap_for(&from, v, h.key_ref, h.kek_version);
	if (rc == SV_OK)
		rc = sv__key_wrap_for(&to, v, vi->key_id, primary);
	if (rc == SV_OK)
		rc = sv__vrec_rewrap(&p->records[p->nrecords], &h, rec.p,
				     p->m.arn, &from, vi->key_id, primary, &to,
				     v->pad_bucket);
	sv__buf_free(&rec);
	if (rc != SV_OK)
		return rc;
	p->record_seqs[p->nrecords++] = vi->seq;
	vi->kek_version = primary;
	return plan_index(p, vi) ? SV_OK : SV_ERROR;
}

static int rewrap_body(plan *p, void *arg)
{
	rewrap_ctx *c = arg;
	sv_vinfo *all = NULL;
	size_t n = 0;
	c->done = 0;
	int rc = plan_load(p, c->name);
	if (rc == SV_OK) {
		sv_txn own, *t = p->t ? p->t : &own;
		if ((rc = p->t ? SV_OK : sv__txn_begin(&own, p->v->env, 0)) ==
		    SV_OK) {
			rc = sv__vinfo_all(&all, &n, p->v, t, p->m.secret_id);
			if (!p->t)
				sv__txn_abort(&own);
		}
	}
	for (size_t i = 0; rc == SV_OK && i < n && p->nrecords < PLAN_RECORDS &&
			   p->nrecords < c->budget;
	     i++) {
		uint32_t primary = stale_version(p->v, &all[i]);
		if (primary)
			rc = rewrap_one(p, &all[i], primary);
	}
	sv__free(all);
	if (rc != SV_OK)
		return rc;
	if (!p->nrecords)
		return SV_ITEROVER;
	c->done = p->nrecords;
	p->write_meta = 1; /* serialises with writers of this secret */
	return SV_OK;
}

/* Rewrap up to PLAN_RECORDS stale versions of one secret. */
static int rewrap_some(uint64_t *done, sv_vault *v, const char *name,
		       uint64_t budget)
{
	plan p = { .v = v };
	rewrap_ctx c = { name, budget, 0 };
	int rc = run(&p, rewrap_body, &c);
	*done = rc == SV_OK ? c.done : 0;
	plan_clear(&p);
	return gave_up(rc, name);
}

int sv_key_rewrap(uint64_t *rewrapped_out, sv_vault *v, uint32_t batch)
{
	int rc = enter(v);
	if (rc != SV_OK)
		return leave(v, rc);
	char **names;
	size_t n;
	uint64_t total = 0, budget = batch ? batch : UINT64_MAX;
	if ((rc = all_names(&names, &n, v)) != SV_OK)
		return leave(v, rc);
	for (size_t i = 0; rc == SV_OK && i < n && total < budget; i++) {
		uint64_t done;
		do {
			rc = rewrap_some(&done, v, names[i], budget - total);
			if (rc == SV_ENOTFOUND) { /* deleted meanwhile */
				rc = SV_OK;
				done = 0;
			}
			total += done;
		} while (rc == SV_OK && done > 0 && total < budget);
	}
	sv__strv_free(names, n);
	if (rc == SV_OK && rewrapped_out)
		*rewrapped_out = total;
	return leave(v, rc);
}
