/*
 * bench.h - shared pieces of the libsecretvault benchmark (bench/).
 *
 * bench.c   the driver: data set, the library's metrics, the report
 * floor.c   the raw floor: SVV1-shaped records with LMDB and libsodium
 * peers.c   SQLCipher (when built with HAVE_SQLCIPHER) and pass
 * util.c    timing, pinning, processes, files
 *
 * "ours" goes through the public header only; the floor and the peers use
 * their libraries directly.
 */
#ifndef SV_BENCH_H
#define SV_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VALUE_BYTES 1024 /* every secret value: 1 KiB of JSON */
#define PAD_BUCKET 64	 /* the library's default padding bucket */
#define NAME_CAP 32	 /* "bench/00042" and friends */
#define ARN_PREFIX "arn:aws:secretsmanager:us-east-1:000000000000:secret:"
#define PROPERTY_PATH "password" /* what get_property_1k extracts */

/* ---- util.c ----------------------------------------------------------- */

double now_s(void);
double median(double *v, size_t n);
uint64_t rng_next(uint64_t *state);
/* Pin the calling thread to @cpu; 0 on success. */
int pin_cpu(int cpu);
/* Let the calling thread run on every CPU of the process's original mask. */
void unpin_cpu(void);
/* CPUs in the original affinity mask. */
int cpu_count(void);
void remember_affinity(void);

/* Write @len bytes to a new file of mode @mode. 0 on success. */
int write_file(const char *path, const void *p, size_t len, mode_t mode);
/* Remove a directory tree (no error if absent). */
void remove_tree(const char *path);
/* Size of a file in bytes, or -1. */
long long file_size(const char *path);
/* 1 if @prog is an executable in $PATH. */
int in_path(const char *prog);

/*
 * Run argv[0] (looked up in $PATH when it has no '/'; posix_spawn, so the
 * cost does not grow with this process's size) with stdin from
 * /dev/null, stdout to /dev/null unless @out is given (then up to @cap-1
 * bytes of it are captured, NUL-terminated), stderr to /dev/null unless
 * @show_err.  @env: NULL-terminated "NAME=VALUE" entries set in the child
 * on top of the current environment (may be NULL).  Returns the exit
 * status (0..255), or -1 if it could not run or died of a signal.
 */
int run_cmd(char *const argv[], char *const env[], char *out, size_t cap,
	    int show_err);

/* ---- the shared data set ---------------------------------------------- */

/* Value @i: a JSON object of exactly VALUE_BYTES bytes (no NUL needed). */
void make_value(char out[VALUE_BYTES], uint32_t i);
/* Name @i of @n: "bench/%05u" (wider when n > 100000). */
void make_name(char out[NAME_CAP], uint32_t i, uint32_t n);

/* ---- floor.c ---------------------------------------------------------- */

typedef struct floor_db floor_db;

/* Create a floor store in directory @dir (made here) and write @n records
 * of the SVV1 shape, values make_value(i), keyed by make_name(i, n). */
int floor_build(floor_db **out, const char *dir, uint32_t n);
/* Open a floor store built by floor_build (other process). */
int floor_open(floor_db **out, const char *dir);
/* Another reader of the same store, for another thread (LMDB allows one
 * environment per file per process); close it before the original. */
floor_db *floor_clone(floor_db *f);
void floor_close(floor_db *f);
/*
 * The raw floor of one GetSecretValue: one read transaction (renew/reset
 * of a per-handle txn) with one mdb_get, the DEK unwrap (XChaCha20-Poly1305
 * with the canonical encryption context as AAD), the BLAKE2b-256 key
 * commitment check, the XChaCha20-Poly1305 decrypt of the padded value
 * with the record header as AAD, unpadding, and handing back an owned
 * buffer that is wiped and freed.  Returns the value's length, or -1.
 */
long floor_get(floor_db *f, const char *name);
/* The reference of put_durable_1k: one write txn with one mdb_put of a
 * record of the same size as a sealed 1 KiB version, committed with
 * LMDB's default (full) sync.  @seq makes each key new.  0 on success. */
int floor_commit_one(floor_db *f, uint64_t seq);
/* Size of one floor record (for the report). */
size_t floor_record_size(const floor_db *f);
const char *floor_error(void);

/* ---- peers.c ---------------------------------------------------------- */

/* SQLCipher: build @n rows (name, stage, value) in @path with a key. */
int sqlc_available(void);
typedef struct sqlc_db sqlc_db;
int sqlc_build(sqlc_db **out, const char *path, uint32_t n);
/* One random read: the value of name @name, stage AWSCURRENT, copied out
 * (malloc), wiped and freed.  Returns the length or -1. */
long sqlc_get(sqlc_db *d, const char *name);
void sqlc_close(sqlc_db *d);
const char *sqlc_error(void);

/* pass: set up a store with one 1 KiB entry under @dir.  Returns NULL on
 * success, else the reason it is skipped or failed (static text) and
 * sets *fatal when it is a failure rather than a missing tool. */
const char *pass_setup(const char *dir, const char *value_file, int *fatal);
/* One `pass show bench/s1` process; its wall time in seconds, or -1. */
double pass_show_once(const char *dir);
void pass_teardown(const char *dir);

#endif
