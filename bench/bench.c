/*
 * bench.c - the benchmark of libsecretvault (issue 7, design.md §6).
 *
 *   build/bench/bench [--smoke] [--cli PATH] [--so PATH] [--secrets N]
 *                     [--gets N] [--reps N] [--tmpdir DIR] [--keep]
 *                     [--only METRIC,...]
 *
 * Builds its data in a temporary directory, then prints one line per
 * metric,
 *
 *   <metric> ours=<v><u> ref=<v><u> ratio=<ours/ref> budget=<rule> ok|OVER
 *
 * (without ref where there is none), and finally
 *
 *   bench: N metrics, N within budget, N over budget
 *
 * Metrics without a budget (memory, peers measured for information) count
 * as metrics and as neither within nor over.  --smoke runs every metric
 * once on tiny sizes and ends with "N passed, N failed" (a metric passes
 * when it ran and produced a number; budgets are not tests).
 *
 * Single-core metrics run pinned to the first CPU of the process's mask,
 * after a warm-up, as the median of several repetitions; ours and its
 * reference are measured in alternating repetitions of the same run.
 * Lines starting with '#' are information.  See bench/README.md.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "secretvault.h"

#include "bench.h"

/* ---- configuration ---------------------------------------------------- */

typedef struct cfg {
	int smoke, keep;
	uint32_t n;	/* secrets */
	uint32_t gets;	/* gets per repetition */
	int reps;	/* measured repetitions (plus one warm-up) */
	uint32_t batch; /* sv_secret_import batch */
	int list_pages; /* pages per repetition */
	int opens;	/* open+close per repetition */
	int cli_runs;	/* timed CLI processes */
	int puts;	/* puts per repetition */
	int pass_runs;	/* timed `pass show` processes */
	const char *cli, *so, *tmpdir;
} cfg;

static cfg C;
static char base[4096], vault_path[4200], key_path[4200], floor_dir[4200];
static char (*names)[NAME_CAP];
static uint32_t *idx; /* (reps + 1) slices of C.gets random indices */
static uint32_t n_slices;
static int pass_ready;
static volatile unsigned char sink;

/* The vault's clock, frozen at the start of the run: every timed read
 * happens on the same day (GetSecretValue records the day of a read). */
static int64_t frozen_ms;

static int64_t frozen_clock(void *payload)
{
	(void)payload;
	return frozen_ms;
}

/* ---- report ----------------------------------------------------------- */

enum budget {
	B_NONE,
	B_RATIO_LE,
	B_RATIO_GE,
	B_RATIO_LT,
	B_DIFF_LE,
	B_LT,
	B_GE
};

static int n_metrics, n_within, n_over, n_failed;

/* Every metric of issue 7; one that never printed a line by the end (an
 * earlier step failed) is reported as failed. */
static const char *const all_metrics[] = {
	"import_100k",		 "get_1k_random",  "get_property_1k",
	"peer_sqlcipher_get_1k", "get_threads_2",  "list_prefix_page",
	"memory_read_rss",	 "open_keyfile",   "cli_get",
	"peer_pass_get",	 "put_durable_1k", "memory_so_size"
};
#define N_ALL (sizeof all_metrics / sizeof all_metrics[0])
static int seen[N_ALL];
static const char *only; /* --only: comma-separated metrics, NULL = all */

static int want(const char *metric)
{
	if (!only)
		return 1;
	size_t n = strlen(metric);
	for (const char *p = only; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, metric, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void mark(const char *metric)
{
	for (size_t i = 0; i < N_ALL; i++)
		if (strcmp(all_metrics[i], metric) == 0)
			seen[i] = 1;
}

static const char *num(char *buf, size_t cap, double v)
{
	double a = v < 0 ? -v : v;
	snprintf(buf, cap,
		 a >= 1000  ? "%.0f"
		 : a >= 100 ? "%.1f"
		 : a >= 10  ? "%.2f"
			    : "%.3f",
		 v);
	return buf;
}

/*
 * One metric line.  @ours and @ref are already in @unit; @ref < 0 means
 * none.  @rule is the budget as text, checked with @kind against @limit.
 */
static void report(const char *metric, double ours, double ref,
		   const char *unit, enum budget kind, double limit,
		   const char *rule, const char *extra)
{
	char a[64], b[64];
	int has_ref = ref >= 0;
	double ratio = has_ref && ref > 0 ? ours / ref : 0;
	int ok = 1;
	switch (kind) {
	case B_NONE:
		break;
	case B_RATIO_LE:
		ok = ratio <= limit;
		break;
	case B_RATIO_GE:
		ok = ratio >= limit;
		break;
	case B_RATIO_LT:
		ok = ratio < limit;
		break;
	case B_DIFF_LE:
		ok = ours - ref <= limit;
		break;
	case B_LT:
		ok = ours < limit;
		break;
	case B_GE:
		ok = ours >= limit;
		break;
	}
	printf("%s ours=%s%s", metric, num(a, sizeof a, ours), unit);
	if (has_ref)
		printf(" ref=%s%s ratio=%.2f", num(b, sizeof b, ref), unit,
		       ratio);
	if (extra && *extra)
		printf(" %s", extra);
	if (kind == B_NONE)
		printf(" budget=none\n");
	else
		printf(" budget=%s %s\n", rule, ok ? "ok" : "OVER");
	fflush(stdout);
	mark(metric);
	n_metrics++;
	if (kind != B_NONE) {
		if (ok)
			n_within++;
		else
			n_over++;
	}
}

static void failed(const char *metric, const char *why)
{
	printf("%s failed: %s\n", metric, why);
	fflush(stdout);
	mark(metric);
	n_failed++;
}

static void failed_sv(const char *metric, const char *call, int rc)
{
	char why[1200];
	snprintf(why, sizeof why, "%s: %s (%s)", call, sv_error_last(),
		 sv_strerror(rc));
	failed(metric, why);
}

static void skipped(const char *metric, const char *why)
{
	printf("%s skipped: %s\n", metric, why);
	fflush(stdout);
	mark(metric);
}

static void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

static void progress(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static void progress(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

/* ---- vault helpers ---------------------------------------------------- */

static void vault_opts(sv_key_options *k, sv_vault_options *o)
{
	sv_key_options ki = SV_KEY_OPTIONS_INIT;
	sv_vault_options oi = SV_VAULT_OPTIONS_INIT;
	*k = ki;
	*o = oi;
	k->type = SV_KEY_FILE;
	k->path = key_path;
	o->flags = 0; /* no SV_VAULT_ALLOW_WEAK_KDF, full durability */
	o->clock = frozen_clock;
}

static int open_vault(sv_vault **v)
{
	sv_key_options k;
	sv_vault_options o;
	vault_opts(&k, &o);
	return sv_vault_open(v, vault_path, &k, &o);
}

static const uint32_t *slice(uint32_t s)
{
	return idx + (size_t)(s % n_slices) * C.gets;
}

/* @count gets (with the property when @property) of the secrets @ix. */
static int ours_gets(sv_vault *v, const uint32_t *ix, uint32_t count,
		     int property, const char **call)
{
	for (uint32_t i = 0; i < count; i++) {
		sv_value *val;
		int rc = sv_secret_get_value(&val, v, names[ix[i]], NULL);
		if (rc != SV_OK) {
			*call = "sv_secret_get_value";
			return rc;
		}
		const unsigned char *d = sv_value_data(val);
		sink ^= d[sv_value_size(val) / 2];
		if (property) {
			sv_value *p;
			rc = sv_value_property(&p, val, PROPERTY_PATH);
			if (rc != SV_OK) {
				sv_value_free(val);
				*call = "sv_value_property";
				return rc;
			}
			sink ^= ((const unsigned char *)sv_value_data(p))[0];
			sv_value_free(p);
		}
		sv_value_free(val);
	}
	return SV_OK;
}

static int floor_gets(floor_db *f, const uint32_t *ix, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		if (floor_get(f, names[ix[i]]) != VALUE_BYTES)
			return -1;
	return 0;
}

/* ---- data ------------------------------------------------------------- */

static int make_key_file(void)
{
	uint8_t k[32];
	randombytes_buf(k, sizeof k);
	int rc = write_file(key_path, k, sizeof k, 0600);
	sodium_memzero(k, sizeof k);
	return rc;
}

/* import_100k: every secret through sv_secret_import, C.batch at a time. */
static int build_vault(sv_vault **out)
{
	sv_key_options k;
	sv_vault_options o;
	vault_opts(&k, &o);
	sv_vault *v = NULL;
	int rc = sv_vault_create(&v, vault_path, &k, &o);
	*out = NULL;
	if (rc != SV_OK) {
		failed_sv("import_100k", "sv_vault_create", rc);
		return -1;
	}
	char *values = malloc((size_t)C.batch * VALUE_BYTES);
	sv_create_options *opts = calloc(C.batch, sizeof *opts);
	const sv_create_options **po = calloc(C.batch, sizeof *po);
	const char **pn = calloc(C.batch, sizeof *pn);
	if (!values || !opts || !po || !pn) {
		failed("import_100k", "out of memory");
		rc = SV_ENOMEM;
		goto done;
	}
	double spent = 0;
	for (uint32_t at = 0; at < C.n; at += C.batch) {
		uint32_t cnt = C.n - at < C.batch ? C.n - at : C.batch;
		for (uint32_t j = 0; j < cnt; j++) {
			sv_create_options oi = SV_CREATE_OPTIONS_INIT;
			make_value(values + (size_t)j * VALUE_BYTES, at + j);
			opts[j] = oi;
			opts[j].secret_string =
				values + (size_t)j * VALUE_BYTES;
			opts[j].secret_string_len = VALUE_BYTES;
			po[j] = &opts[j];
			pn[j] = names[at + j];
		}
		uint64_t created = 0;
		double t0 = now_s();
		rc = sv_secret_import(&created, v, pn, po, cnt);
		spent += now_s() - t0;
		if (rc != SV_OK) {
			failed_sv("import_100k", "sv_secret_import", rc);
			goto done;
		}
		if (created != cnt) {
			failed("import_100k", "sv_secret_import created fewer "
					      "secrets than asked");
			rc = SV_ERROR;
			goto done;
		}
	}
	char extra[64];
	snprintf(extra, sizeof extra, "batch=%u", (unsigned)C.batch);
	if (want("import_100k"))
		report("import_100k", C.n / spent, -1, "/s", B_GE, 50000,
		       ">=50000/s", extra);
done:
	free(values);
	free(opts);
	free(po);
	free(pn);
	if (rc != SV_OK) {
		sv_vault_close(v);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * Read every secret once, in order, and check its value: afterwards no
 * read in this run is the first of its day for its secret, so the timed
 * reads are the steady state.  The first read of a day also records the
 * day (LastAccessedDate), which is one durable write: its cost is shown.
 */
static int first_reads(sv_vault *v, floor_db *f)
{
	char expect[VALUE_BYTES + 1];
	double t0 = now_s();
	for (uint32_t i = 0; i < C.n; i++) {
		sv_value *val;
		int rc = sv_secret_get_value(&val, v, names[i], NULL);
		if (rc != SV_OK) {
			failed_sv("get_1k_random", "sv_secret_get_value", rc);
			return -1;
		}
		make_value(expect, i);
		expect[VALUE_BYTES] = '\0';
		int same = sv_value_size(val) == VALUE_BYTES &&
			   memcmp(sv_value_data(val), expect, VALUE_BYTES) == 0;
		if (same && i == 0) {
			/* ... and what get_property_1k extracts. */
			sv_value *p = NULL;
			const char *pw = strstr(expect, "\"password\":\"");
			same = pw &&
			       sv_value_property(&p, val, PROPERTY_PATH) ==
				       SV_OK &&
			       sv_value_size(p) == 32 &&
			       memcmp(sv_value_data(p), pw + 12, 32) == 0;
			sv_value_free(p);
		}
		sv_value_free(val);
		if (!same) {
			failed("get_1k_random", "a value read back differs");
			return -1;
		}
	}
	double t = (now_s() - t0) / C.n;
	for (uint32_t i = 0; f && i < C.n; i++)
		if (floor_get(f, names[i]) != VALUE_BYTES) {
			failed("get_1k_random",
			       "the raw floor could not read its records");
			return -1;
		}
	/* Information, not a metric: each first read of a day writes. */
	info("get_first_read_of_day ours=%.1fus (the read and one durable "
	     "write of LastAccessedDate; the reads timed below are later "
	     "reads of the same day)",
	     t * 1e6);
	return 0;
}

/* ---- get_1k_random, get_property_1k, peer_sqlcipher_get_1k ------------ */

static double per_op(double t, uint32_t n)
{
	return t / n * 1e6; /* us */
}

__attribute__((noinline)) static int bench_gets(sv_vault *v, floor_db *f,
						double *ours_get_us)
{
	int r = C.reps;
	double *fl = calloc((size_t)r, sizeof *fl),
	       *g = calloc((size_t)r, sizeof *g),
	       *p = calloc((size_t)r, sizeof *p);
	const char *call = "";
	int rc = SV_OK;
	if (!fl || !g || !p) {
		free(fl);
		free(g);
		free(p);
		failed("get_1k_random", "out of memory");
		return -1;
	}
	int do_floor = want("get_1k_random"), do_prop = want("get_property_1k");
	/* Repetition 0 warms up; then floor, get, property alternate. */
	for (int i = 0; i <= r && rc == SV_OK; i++) {
		const uint32_t *ix = slice((uint32_t)i);
		double t0 = now_s();
		if (do_floor && floor_gets(f, ix, C.gets) != 0) {
			failed("get_1k_random", "the raw floor failed a read");
			rc = SV_ERROR;
			break;
		}
		double t1 = now_s();
		if ((rc = ours_gets(v, ix, C.gets, 0, &call)) != SV_OK)
			break;
		double t2 = now_s();
		if (do_prop &&
		    (rc = ours_gets(v, ix, C.gets, 1, &call)) != SV_OK)
			break;
		double t3 = now_s();
		if (i > 0) {
			fl[i - 1] = per_op(t1 - t0, C.gets);
			g[i - 1] = per_op(t2 - t1, C.gets);
			p[i - 1] = per_op(t3 - t2, C.gets);
		}
	}
	if (rc == SV_OK) {
		double mf = median(fl, (size_t)r), mg = median(g, (size_t)r),
		       mp = median(p, (size_t)r);
		char extra[96];
		if (do_floor)
			report("get_1k_random", mg, mf, "us", B_RATIO_LE, 2.0,
			       "ratio<=2.0", NULL);
		snprintf(extra, sizeof extra, "diff=%+.2fus", mp - mg);
		if (do_prop)
			report("get_property_1k", mp, mg, "us", B_DIFF_LE, 3.0,
			       "diff<=3us", extra);
		*ours_get_us = mg;
	} else if (rc != SV_ERROR) {
		failed_sv("get_1k_random", call, rc);
		failed_sv("get_property_1k", call, rc);
	} else {
		failed("get_property_1k", "not measured: the raw floor failed");
	}
	free(fl);
	free(g);
	free(p);
	return rc == SV_OK ? 0 : -1;
}

static void bench_sqlcipher(sv_vault *v)
{
	const char *m = "peer_sqlcipher_get_1k";
	if (!sqlc_available()) {
		skipped(m, "libsqlcipher-dev not installed");
		return;
	}
	char path[4300];
	snprintf(path, sizeof path, "%s/sqlcipher.db", base);
	progress("building the SQLCipher peer (%u rows)", (unsigned)C.n);
	sqlc_db *d;
	if (sqlc_build(&d, path, C.n) != 0) {
		failed(m, sqlc_error());
		return;
	}
	int r = C.reps;
	double *s = calloc((size_t)r, sizeof *s),
	       *g = calloc((size_t)r, sizeof *g);
	const char *call = "";
	int rc = (s && g) ? SV_OK : SV_ENOMEM;
	for (int i = 0; i <= r && rc == SV_OK; i++) {
		const uint32_t *ix = slice((uint32_t)i);
		double t0 = now_s();
		for (uint32_t j = 0; j < C.gets; j++)
			if (sqlc_get(d, names[ix[j]]) != VALUE_BYTES) {
				rc = SV_ERROR;
				break;
			}
		double t1 = now_s();
		if (rc == SV_OK &&
		    (rc = ours_gets(v, ix, C.gets, 0, &call)) != SV_OK)
			break;
		double t2 = now_s();
		if (i > 0) {
			s[i - 1] = per_op(t1 - t0, C.gets);
			g[i - 1] = per_op(t2 - t1, C.gets);
		}
	}
	if (rc == SV_OK) {
		double ms = median(s, (size_t)r), mg = median(g, (size_t)r);
		char extra[64];
		snprintf(extra, sizeof extra, "speedup=%.2fx", ms / mg);
		report(m, mg, ms, "us", B_RATIO_LT, 1.0, "ratio<1", extra);
	} else if (rc == SV_ERROR) {
		failed(m, sqlc_error());
	} else {
		failed_sv(m, call, rc);
	}
	free(s);
	free(g);
	sqlc_close(d);
}

/* ---- get_threads_2 ---------------------------------------------------- */

typedef struct thr {
	sv_vault *v; /* ours, or */
	floor_db *f; /* the raw floor */
	const uint32_t *ix;
	int cpu;
	pthread_barrier_t *bar;
	double t0, t1;
	int rc;
	const char *call;
} thr;

static void *thr_main(void *arg)
{
	thr *t = arg;
	pin_cpu(t->cpu);
	pthread_barrier_wait(t->bar);
	t->t0 = now_s();
	if (t->f) {
		t->rc = floor_gets(t->f, t->ix, C.gets) == 0 ? SV_OK : SV_ERROR;
		t->call = "floor_get";
	} else {
		t->rc = ours_gets(t->v, t->ix, C.gets, 0, &t->call);
	}
	t->t1 = now_s();
	return NULL;
}

/* Gets per second of @nt threads, each with its own handle (@vs, or the
 * floor readers @fs) and its own CPU. */
static double run_threads(sv_vault **vs, floor_db **fs, int nt, uint32_t rep,
			  int *rc, const char **call)
{
	pthread_t tid[2];
	thr t[2];
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, NULL, (unsigned)nt);
	for (int i = 0; i < nt; i++) {
		t[i] = (thr){ vs ? vs[i] : NULL,
			      fs ? fs[i] : NULL,
			      slice(rep * 2 + (uint32_t)i),
			      i,
			      &bar,
			      0,
			      0,
			      SV_OK,
			      "" };
		if (pthread_create(&tid[i], NULL, thr_main, &t[i]) != 0) {
			*rc = SV_ERROR;
			*call = "pthread_create";
			for (int j = 0; j < i; j++)
				pthread_join(tid[j], NULL);
			pthread_barrier_destroy(&bar);
			return 0;
		}
	}
	double lo = 0, hi = 0;
	for (int i = 0; i < nt; i++) {
		pthread_join(tid[i], NULL);
		if (t[i].rc != SV_OK) {
			*rc = t[i].rc;
			*call = t[i].call;
		}
		if (i == 0 || t[i].t0 < lo)
			lo = t[i].t0;
		if (i == 0 || t[i].t1 > hi)
			hi = t[i].t1;
	}
	pthread_barrier_destroy(&bar);
	return (double)C.gets * nt / (hi - lo);
}

/*
 * get_threads_2: ours with 2 threads against ours with 1.  The raw floor
 * is run the same way, for information: what this machine's cores,
 * caches and memory allow (two vCPUs of a VM may share a core).
 */
__attribute__((noinline)) static void bench_threads(floor_db *f)
{
	const char *m = "get_threads_2";
	if (cpu_count() < 2) {
		skipped(m, "needs 2 CPUs, this process may use 1");
		return;
	}
	sv_vault *vs[2] = { NULL, NULL };
	floor_db *fs[2] = { f ? floor_clone(f) : NULL,
			    f ? floor_clone(f) : NULL };
	int rc = SV_OK, frc = SV_OK;
	const char *call = "sv_vault_open", *fcall = "";
	for (int i = 0; i < 2 && rc == SV_OK; i++)
		rc = open_vault(&vs[i]);
	int r = C.reps, floor_ok = fs[0] && fs[1];
	double *one = calloc((size_t)r, sizeof *one),
	       *two = calloc((size_t)r, sizeof *two);
	double *fone = calloc((size_t)r, sizeof *fone),
	       *ftwo = calloc((size_t)r, sizeof *ftwo);
	if (!one || !two || !fone || !ftwo)
		rc = SV_ENOMEM;
	for (int i = 0; i <= r && rc == SV_OK; i++) {
		double a = run_threads(vs, NULL, 1, (uint32_t)i, &rc, &call);
		double b = rc == SV_OK ? run_threads(vs, NULL, 2, (uint32_t)i,
						     &rc, &call)
				       : 0;
		double fa = 0, fb = 0;
		if (floor_ok && frc == SV_OK) {
			fa = run_threads(NULL, fs, 1, (uint32_t)i, &frc,
					 &fcall);
			fb = frc == SV_OK
				     ? run_threads(NULL, fs, 2, (uint32_t)i,
						   &frc, &fcall)
				     : 0;
		}
		if (i > 0) {
			one[i - 1] = a;
			two[i - 1] = b;
			fone[i - 1] = fa;
			ftwo[i - 1] = fb;
		}
	}
	if (rc == SV_OK) {
		double m1 = median(one, (size_t)r), m2 = median(two, (size_t)r);
		report(m, m2, m1, "/s", B_RATIO_GE, 1.7, "ratio>=1.7", NULL);
		if (floor_ok && frc == SV_OK) {
			double f1 = median(fone, (size_t)r),
			       f2 = median(ftwo, (size_t)r);
			info("get_threads_2 raw floor: 2 threads %.0f/s, "
			     "1 thread %.0f/s, ratio %.2f (the scaling this "
			     "machine allows)",
			     f2, f1, f2 / f1);
		}
	} else {
		failed_sv(m, call, rc);
	}
	free(one);
	free(two);
	free(fone);
	free(ftwo);
	sv_vault_close(vs[0]);
	sv_vault_close(vs[1]);
	floor_close(fs[0]);
	floor_close(fs[1]);
}

/* ---- list_prefix_page ------------------------------------------------- */

__attribute__((noinline)) static void bench_list(sv_vault *v)
{
	const char *m = "list_prefix_page";
	const char *prefix[] = { "bench/0" };
	sv_list_filter filt = { "name", prefix, 1 };
	sv_list_options o = SV_LIST_OPTIONS_INIT;
	o.filters = &filt;
	o.filter_count = 1;
	o.max_results = 100;
	o.sort_by = SV_SORT_BY_NAME;
	char *token = NULL;
	int r = C.reps, rc = SV_OK;
	double *t = calloc((size_t)r, sizeof *t);
	size_t expect = C.n < 100 ? C.n : 100, got = 100;
	if (!t)
		rc = SV_ENOMEM;
	for (int i = 0; i <= r && rc == SV_OK; i++) {
		double spent = 0;
		for (int pg = 0; pg < C.list_pages && rc == SV_OK; pg++) {
			sv_iter *it;
			o.next_token = token;
			double t0 = now_s();
			rc = sv_secret_list(&it, v, &o);
			if (rc != SV_OK)
				break;
			const sv_secret *s;
			size_t cnt = 0;
			while (sv_iter_next_secret(&s, it) == SV_OK) {
				sink ^= (unsigned char)sv_secret_name(s)[7];
				cnt++;
			}
			const char *next = sv_iter_next_token(it);
			char *copy = next ? strdup(next) : NULL;
			sv_iter_free(it);
			spent += now_s() - t0;
			free(token);
			token = copy; /* NULL after the last page */
			if (cnt < got)
				got = cnt;
		}
		if (i > 0)
			t[i - 1] = spent / C.list_pages * 1e3; /* ms */
	}
	free(token);
	if (rc != SV_OK) {
		failed_sv(m, "sv_secret_list", rc);
	} else if (got < expect) {
		failed(m, "a page held fewer than 100 secrets");
	} else {
		char extra[64];
		snprintf(extra, sizeof extra, "prefix=bench/0 page=%zu", got);
		report(m, median(t, (size_t)r), -1, "ms", B_LT, 1.0, "<1ms",
		       extra);
	}
	free(t);
}

/* ---- open_keyfile ----------------------------------------------------- */

__attribute__((noinline)) static void bench_open(void)
{
	const char *m = "open_keyfile";
	int r = C.reps, rc = SV_OK;
	double *t = calloc((size_t)r, sizeof *t);
	if (!t)
		rc = SV_ENOMEM;
	for (int i = 0; i <= r && rc == SV_OK; i++) {
		double t0 = now_s();
		for (int j = 0; j < C.opens; j++) {
			sv_vault *v;
			if ((rc = open_vault(&v)) != SV_OK)
				break;
			sv_vault_close(v);
		}
		if (i > 0)
			t[i - 1] = (now_s() - t0) / C.opens * 1e3;
	}
	if (rc == SV_OK)
		report(m, median(t, (size_t)r), -1, "ms", B_LT, 2.0, "<2ms",
		       NULL);
	else
		failed_sv(m, "sv_vault_open", rc);
	free(t);
}

/* ---- cli_get, peer_pass_get ------------------------------------------- */

static double bench_cli(void)
{
	const char *m = "cli_get";
	if (access(C.cli, X_OK) != 0) {
		char why[4300];
		snprintf(why, sizeof why,
			 "%s is not an executable (build it, or give --cli)",
			 C.cli);
		failed(m, why);
		return -1;
	}
	char *argv[] = { (char *)C.cli,	 "get-secret-value", "--secret-id",
			 names[C.n / 2], "--vault",	     vault_path,
			 "--key-file",	 key_path,	     NULL };
	char out[8192];
	/* Warm-up, and a check that it really printed the value. */
	int st = run_cmd(argv, NULL, out, sizeof out, 0);
	if (st != 0 || !strstr(out, "\"SecretString\"") ||
	    !strstr(out, names[C.n / 2])) {
		char why[256];
		snprintf(why, sizeof why,
			 "%s get-secret-value exited %d without the value",
			 C.cli, st);
		failed(m, why);
		return -1;
	}
	double *t = calloc((size_t)C.cli_runs, sizeof *t);
	if (!t) {
		failed(m, "out of memory");
		return -1;
	}
	for (int i = 0; i < C.cli_runs; i++) {
		double t0 = now_s();
		st = run_cmd(argv, NULL, NULL, 0, 0);
		t[i] = (now_s() - t0) * 1e3;
		if (st != 0) {
			free(t);
			failed(m, "a get-secret-value process failed");
			return -1;
		}
	}
	double med = median(t, (size_t)C.cli_runs);
	char extra[64];
	snprintf(extra, sizeof extra, "runs=%d", C.cli_runs);
	report(m, med, -1, "ms", B_LT, 5.0, "<5ms", extra);
	free(t);
	return med;
}

static void bench_pass(double cli_ms)
{
	const char *m = "peer_pass_get";
	char dir[4300], vf[4400];
	snprintf(dir, sizeof dir, "%s/pass", base);
	snprintf(vf, sizeof vf, "%s/pass-value", base);
	if (!in_path("pass") || !in_path("gpg")) {
		skipped(m, !in_path("pass") ? "pass not installed"
					    : "gpg not installed");
		return;
	}
	if (cli_ms < 0) {
		skipped(m, "cli_get did not run, nothing to compare with");
		return;
	}
	char value[VALUE_BYTES];
	make_value(value, 1);
	if (mkdir(dir, 0700) != 0 ||
	    write_file(vf, value, sizeof value, 0600) != 0) {
		failed(m, "cannot write its temporary files");
		return;
	}
	progress("setting up the pass peer (gpg key, password store)");
	int fatal = 0;
	pass_ready = 1;
	const char *why = pass_setup(dir, vf, &fatal);
	if (why) {
		if (fatal)
			failed(m, why);
		else
			skipped(m, why);
		return;
	}
	double *t = calloc((size_t)C.pass_runs, sizeof *t);
	if (!t) {
		failed(m, "out of memory");
		return;
	}
	for (int i = 0; i < C.pass_runs; i++) {
		t[i] = pass_show_once(dir) * 1e3;
		if (t[i] < 0) {
			free(t);
			failed(m, "a `pass show` process failed");
			return;
		}
	}
	double med = median(t, (size_t)C.pass_runs);
	char extra[64];
	snprintf(extra, sizeof extra, "speedup=%.1fx runs=%d", med / cli_ms,
		 C.pass_runs);
	report(m, cli_ms, med, "ms", B_RATIO_LT, 1.0, "ratio<1", extra);
	free(t);
}

/* ---- put_durable_1k --------------------------------------------------- */

__attribute__((noinline)) static void bench_put(floor_db *f)
{
	const char *m = "put_durable_1k";
	sv_vault *v;
	int rc = open_vault(&v);
	if (rc != SV_OK) {
		failed_sv(m, "sv_vault_open", rc);
		return;
	}
	int r = C.reps;
	double *fl = calloc((size_t)r, sizeof *fl),
	       *o = calloc((size_t)r, sizeof *o);
	char value[VALUE_BYTES];
	uint64_t seq = 0;
	uint32_t next = 0;
	const char *call = "sv_secret_put_value";
	if (!fl || !o)
		rc = SV_ENOMEM;
	for (int i = 0; i <= r && rc == SV_OK; i++) {
		double t0 = now_s();
		for (int j = 0; j < C.puts; j++)
			if (floor_commit_one(f, seq++) != 0) {
				rc = SV_ERROR;
				break;
			}
		double t1 = now_s();
		for (int j = 0; j < C.puts && rc == SV_OK; j++) {
			uint32_t s =
				next++ % C.n; /* a different secret each time */
			sv_put_options po = SV_PUT_OPTIONS_INIT;
			make_value(value, s + 7);
			po.secret_string = value;
			po.secret_string_len = sizeof value;
			sv_result *res = NULL;
			rc = sv_secret_put_value(&res, v, names[s], &po);
			sv_result_free(res);
		}
		double t2 = now_s();
		if (i > 0) {
			fl[i - 1] = per_op(t1 - t0, (uint32_t)C.puts);
			o[i - 1] = per_op(t2 - t1, (uint32_t)C.puts);
		}
	}
	if (rc == SV_OK) {
		char extra[64];
		snprintf(extra, sizeof extra, "record=%zuB",
			 floor_record_size(f));
		report(m, median(o, (size_t)r), median(fl, (size_t)r), "us",
		       B_RATIO_LE, 1.3, "ratio<=1.3", extra);
	} else if (rc == SV_ERROR) {
		failed(m, floor_error());
	} else {
		failed_sv(m, call, rc);
	}
	free(fl);
	free(o);
	sv_vault_close(v);
}

/* ---- memory ----------------------------------------------------------- */

static long status_kb(const char *field)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(field);
	while (fp && fgets(line, sizeof line, fp))
		if (strncmp(line, field, n) == 0 && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	if (fp)
		fclose(fp);
	return v;
}

/*
 * The child of the memory metric: a fresh process that opens the store
 * and reads every one of its @n secrets once, in random order, then
 * prints its peak RSS.  argv: ours VAULT KEY N | floor DIR N.
 */
static int rss_child(int argc, char **argv)
{
	int ours = argc == 6 && strcmp(argv[2], "ours") == 0;
	if (!ours && !(argc == 5 && strcmp(argv[2], "floor") == 0))
		return 2;
	uint32_t n = (uint32_t)strtoul(argv[ours ? 5 : 4], NULL, 10);
	if (n == 0)
		return 2;
	uint32_t *perm = malloc(n * sizeof *perm);
	char name[NAME_CAP];
	if (!perm)
		return 1;
	uint64_t st = 42;
	for (uint32_t i = 0; i < n; i++)
		perm[i] = i;
	for (uint32_t i = n - 1; i > 0; i--) {
		uint32_t j = (uint32_t)(rng_next(&st) % (i + 1)), x = perm[i];
		perm[i] = perm[j];
		perm[j] = x;
	}
	int bad = 0;
	if (ours) {
		snprintf(vault_path, sizeof vault_path, "%s", argv[3]);
		snprintf(key_path, sizeof key_path, "%s", argv[4]);
		frozen_ms = (int64_t)strtoll(getenv("SV_BENCH_CLOCK")
						     ? getenv("SV_BENCH_CLOCK")
						     : "0",
					     NULL, 10);
		sv_vault *v;
		if (open_vault(&v) != SV_OK) {
			fprintf(stderr, "rss child: %s\n", sv_error_last());
			return 1;
		}
		for (uint32_t i = 0; i < n && !bad; i++) {
			sv_value *val;
			make_name(name, perm[i], n);
			if (sv_secret_get_value(&val, v, name, NULL) != SV_OK)
				bad = 1;
			else
				sv_value_free(val);
		}
		sv_vault_close(v);
	} else {
		floor_db *f;
		if (floor_open(&f, argv[3]) != 0) {
			fprintf(stderr, "rss child: %s\n", floor_error());
			return 1;
		}
		for (uint32_t i = 0; i < n && !bad; i++) {
			make_name(name, perm[i], n);
			bad = floor_get(f, name) != VALUE_BYTES;
		}
		floor_close(f);
	}
	free(perm);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("maxrss_kb=%ld hwm_kb=%ld anon_kb=%ld\n", ru.ru_maxrss,
	       status_kb("VmHWM"), status_kb("RssAnon"));
	return bad;
}

static int rss_of(const char *kind, long *hwm, long *maxrss)
{
	char n[16], clock[40], self[4200], out[256];
	snprintf(n, sizeof n, "%u", (unsigned)C.n);
	snprintf(clock, sizeof clock, "SV_BENCH_CLOCK=%lld",
		 (long long)frozen_ms);
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len <= 0)
		return -1;
	self[len] = '\0';
	char *ov[] = { self, "--rss-child", "ours", vault_path, key_path,
		       n,    NULL };
	char *fv[] = { self, "--rss-child", "floor", floor_dir, n, NULL };
	char *env[] = { clock, NULL };
	int st = run_cmd(strcmp(kind, "ours") == 0 ? ov : fv, env, out,
			 sizeof out, 1);
	if (st != 0 ||
	    sscanf(out, "maxrss_kb=%ld hwm_kb=%ld", maxrss, hwm) != 2)
		return -1;
	return 0;
}

static void bench_memory(void)
{
	const char *m = "memory_read_rss";
	long oh = 0, om = 0, fh = 0, fm = 0;
	if (rss_of("ours", &oh, &om) != 0 || rss_of("floor", &fh, &fm) != 0) {
		failed(m, "the read-loop child process failed");
		return;
	}
	char extra[128];
	snprintf(extra, sizeof extra, "secrets=%u ru_maxrss=%.1fMiB",
		 (unsigned)C.n, om / 1024.0);
	/* VmHWM is the peak RSS of the child's own address space; ru_maxrss
	 * is the same figure unless the kernel carried the parent's peak
	 * over fork+exec, so the report uses VmHWM and shows both. */
	report(m, oh / 1024.0, fh / 1024.0, "MiB", B_NONE, 0, NULL, extra);
	char dm[4300];
	snprintf(dm, sizeof dm, "%s/data.mdb", vault_path);
	long long vs = file_size(dm);
	snprintf(dm, sizeof dm, "%s/data.mdb", floor_dir);
	long long fs = file_size(dm);
	info("data.mdb: vault %.1f MiB, raw floor %.1f MiB (the read loop "
	     "maps them: RSS counts the pages it touched)",
	     vs / 1048576.0, fs / 1048576.0);
}

static void bench_so_size(void)
{
	long long sz = file_size(C.so);
	if (sz < 0) {
		char why[4300];
		snprintf(why, sizeof why,
			 "%s not found (build it, or give --so)", C.so);
		failed("memory_so_size", why);
		return;
	}
	report("memory_so_size", sz / 1024.0, -1, "KiB", B_NONE, 0, NULL, NULL);
}

/* ---- main ------------------------------------------------------------- */

static void cleanup(void)
{
	if (!base[0])
		return;
	if (pass_ready) {
		char dir[4300];
		snprintf(dir, sizeof dir, "%s/pass", base);
		pass_teardown(dir);
	}
	if (C.keep)
		fprintf(stderr, "bench: kept %s\n", base);
	else
		remove_tree(base);
	base[0] = '\0';
}

static void on_signal(int sig)
{
	cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static const char *const usage_lines[] = {
	"usage: bench [--smoke] [--cli PATH] [--so PATH] [--secrets N]",
	"             [--gets N] [--reps N] [--tmpdir DIR] [--keep]",
	"             [--only METRIC,...]",
	"  --smoke      every metric once on tiny sizes; ends with",
	"               \"N passed, N failed\"",
	"  --cli PATH   the secretvault binary (default $SV_BENCH_CLI,",
	"               else build/bin/secretvault)",
	"  --so PATH    the shared library (default $SV_BENCH_SO,",
	"               else build/lib/libsecretvault.so.VERSION)",
	"  --secrets N  secrets in the vault (default 100000)",
	"  --gets N     gets per repetition (default 20000)",
	"  --reps N     measured repetitions (default 5, plus a warm-up)",
	"  --tmpdir DIR where the temporary directory goes",
	"               (default $TMPDIR, else /tmp)",
	"  --keep       keep the temporary directory",
	"  --only LIST  run only these metrics (comma-separated names)",
};

static void usage(void)
{
	size_t n = sizeof usage_lines / sizeof usage_lines[0];
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s\n", usage_lines[i]);
}

static int parse_args(int argc, char **argv)
{
	static char so_default[128];
	snprintf(so_default, sizeof so_default,
		 "build/lib/libsecretvault.so.%s", SV_VERSION_STRING);
	C = (cfg){ 0,
		   0,
		   100000,
		   20000,
		   5,
		   10000,
		   20,
		   20,
		   20,
		   50,
		   20,
		   getenv("SV_BENCH_CLI") ? getenv("SV_BENCH_CLI")
					  : "build/bin/secretvault",
		   getenv("SV_BENCH_SO") ? getenv("SV_BENCH_SO") : so_default,
		   getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR")
							 : "/tmp" };
	long secrets = -1, gets = -1, reps = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--smoke") == 0) {
			C.smoke = 1;
		} else if (strcmp(a, "--keep") == 0) {
			C.keep = 1;
		} else if (val && strcmp(a, "--cli") == 0) {
			C.cli = val;
			i++;
		} else if (val && strcmp(a, "--so") == 0) {
			C.so = val;
			i++;
		} else if (val && strcmp(a, "--tmpdir") == 0) {
			C.tmpdir = val;
			i++;
		} else if (val && strcmp(a, "--secrets") == 0) {
			secrets = strtol(val, NULL, 10);
			i++;
		} else if (val && strcmp(a, "--gets") == 0) {
			gets = strtol(val, NULL, 10);
			i++;
		} else if (val && strcmp(a, "--only") == 0) {
			only = val;
			i++;
		} else if (val && strcmp(a, "--reps") == 0) {
			reps = strtol(val, NULL, 10);
			i++;
		} else {
			usage();
			return -1;
		}
	}
	if (C.smoke) {
		C.n = 200;
		C.gets = 200;
		C.reps = 1;
		C.list_pages = 2;
		C.opens = 2;
		C.cli_runs = 2;
		C.puts = 2;
		C.pass_runs = 2;
	}
	if (secrets != -1)
		C.n = (uint32_t)secrets;
	if (gets != -1)
		C.gets = (uint32_t)gets;
	if (reps != -1)
		C.reps = (int)reps;
	if (secrets == 0 || secrets > 10000000 || gets == 0 ||
	    gets > 100000000 || reps == 0 || reps > 1000 || secrets < -1 ||
	    gets < -1 || reps < -1) {
		usage();
		return -1;
	}
	C.batch = C.n < SV_IMPORT_MAX ? C.n : SV_IMPORT_MAX;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--rss-child") == 0)
		return rss_child(argc, argv);
	if (parse_args(argc, argv) != 0)
		return 2;
	if (sodium_init() < 0) {
		fprintf(stderr, "bench: sodium_init failed\n");
		return 1;
	}
	remember_affinity();
	if (pin_cpu(0) != 0)
		progress("cannot pin to one CPU (%s); measuring unpinned",
			 strerror(errno));
	frozen_ms = (int64_t)time(NULL) * 1000;

	snprintf(base, sizeof base, "%s/svbench.XXXXXX", C.tmpdir);
	if (!mkdtemp(base)) {
		fprintf(stderr, "bench: mkdtemp %s: %s\n", base,
			strerror(errno));
		return 1;
	}
	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	snprintf(vault_path, sizeof vault_path, "%s/vault", base);
	snprintf(key_path, sizeof key_path, "%s/key", base);
	snprintf(floor_dir, sizeof floor_dir, "%s/floor", base);

	names = malloc((size_t)C.n * NAME_CAP);
	n_slices =
		(uint32_t)C.reps + 1 + 2; /* +2: the threads' second slices */
	idx = malloc((size_t)n_slices * C.gets * sizeof *idx);
	if (!names || !idx || make_key_file() != 0) {
		fprintf(stderr, "bench: setup failed\n");
		return 1;
	}
	for (uint32_t i = 0; i < C.n; i++)
		make_name(names[i], i, C.n);
	uint64_t st = 7;
	for (size_t i = 0; i < (size_t)n_slices * C.gets; i++)
		idx[i] = (uint32_t)(rng_next(&st) % C.n);

	info("libsecretvault %s, %u secrets of %d B, %u gets x %d "
	     "repetitions (+1 warm-up), %d CPUs, temporary directory %s%s",
	     sv_version_string(), (unsigned)C.n, VALUE_BYTES, (unsigned)C.gets,
	     C.reps, cpu_count(), base, C.smoke ? ", smoke" : "");

	/* The data: the vault (timed: import_100k) and the raw floor. */
	progress("importing %u secrets", (unsigned)C.n);
	sv_vault *v = NULL;
	floor_db *f = NULL;
	int have_vault = build_vault(&v) == 0;
	int need_floor = want("get_1k_random") || want("memory_read_rss") ||
			 want("get_threads_2") || want("put_durable_1k");
	int need_reads = want("get_1k_random") || want("get_property_1k") ||
			 want("peer_sqlcipher_get_1k") ||
			 want("get_threads_2") || want("list_prefix_page") ||
			 want("memory_read_rss");
	if (need_floor) {
		progress("building the raw floor");
		double t0 = now_s();
		if (floor_build(&f, floor_dir, C.n) != 0) {
			failed("get_1k_random", floor_error());
			f = NULL;
		} else {
			info("raw floor: %u records of %zu B written in %.2fs",
			     (unsigned)C.n, floor_record_size(f), now_s() - t0);
		}
	}
	double ours_get = -1;
	if (have_vault && need_reads && (f || !need_floor)) {
		progress("reading every secret once (first read of the day)");
		if (first_reads(v, f) == 0) {
			if (want("get_1k_random") || want("get_property_1k")) {
				progress("get_1k_random, get_property_1k");
				bench_gets(v, f, &ours_get);
			}
			if (want("peer_sqlcipher_get_1k"))
				bench_sqlcipher(v);
			if (want("get_threads_2")) {
				progress("get_threads_2");
				bench_threads(f);
			}
			if (want("list_prefix_page")) {
				progress("list_prefix_page");
				bench_list(v);
			}
			sv_vault_close(v);
			v = NULL;
			if (want("memory_read_rss")) {
				progress("memory");
				bench_memory();
			}
		}
	}
	sv_vault_close(v);
	/* No handle is open now: each open below opens the LMDB environment. */
	if (have_vault) {
		if (want("open_keyfile")) {
			progress("open_keyfile");
			bench_open();
		}
		double cli_ms = -1;
		if (want("cli_get") || want("peer_pass_get")) {
			progress("cli_get");
			cli_ms = bench_cli();
		}
		if (want("peer_pass_get"))
			bench_pass(cli_ms);
		if (f && want("put_durable_1k")) {
			progress("put_durable_1k");
			bench_put(f);
		}
	}
	if (want("memory_so_size"))
		bench_so_size();
	floor_close(f);
	for (size_t i = 0; i < N_ALL; i++) {
		if (seen[i] || !want(all_metrics[i]))
			continue;
		if (strcmp(all_metrics[i], "peer_sqlcipher_get_1k") == 0 &&
		    !sqlc_available())
			skipped(all_metrics[i],
				"libsqlcipher-dev not installed");
		else
			failed(all_metrics[i],
			       "not run: an earlier step failed");
	}

	printf("bench: %d metrics, %d within budget, %d over budget\n",
	       n_metrics, n_within, n_over);
	if (C.smoke)
		printf("%d passed, %d failed\n", n_metrics, n_failed);
	else if (n_failed)
		printf("bench: %d metrics failed to run\n", n_failed);
	fflush(stdout);
	free(names);
	free(idx);
	return n_failed ? 1 : 0;
}
