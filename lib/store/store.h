/*
 * store.h - layer 2: the LMDB version store.  It stores sealed bytes only
 * (every value put is checked to begin with a record magic) and never sees
 * a key or a plaintext value.
 *
 * One LMDB environment per vault file per process: a registry keyed by the
 * directory's device and inode hands the same environment to every handle
 * and counts references (lmdb.h forbids opening one file twice).
 */
#ifndef SV_STORE_H
#define SV_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <lmdb.h>

#include "secretvault.h"

enum sv_db {
	SV_DB_META,	/* "M" -> SVM1 */
	SV_DB_SLOTS,	/* u8 index -> SVK1 */
	SV_DB_KEYS,	/* key id -> SVR0 */
	SV_DB_KEK,	/* key id || u32 version -> SVR1 */
	SV_DB_SECRETS,	/* name -> SVS1 */
	SV_DB_VERSIONS, /* secret id || u64 seq -> SVV1, and
			   secret id || VersionId -> SVI1 (api/versions.h) */
	SV_DB_COUNT
};

typedef struct sv_env sv_env;

/* Open (or, with @create, make) the vault directory @path.  Checks owner
 * and modes unless flags has SV_VAULT_ALLOW_INSECURE. */
int sv__store_open(sv_env **out, const char *path, int create, uint32_t flags,
		   uint64_t map_size);
void sv__store_close(sv_env *e);
/* The LMDB flags the environment runs with (tests check durability). */
unsigned int sv__store_env_flags(const sv_env *e);
/* 1 if another handle in this process already shares this environment. */
int sv__store_shared(const sv_env *e);

typedef struct sv_txn {
	MDB_txn *txn;
	sv_env *env;
	int write;
} sv_txn;

int sv__txn_begin(sv_txn *t, sv_env *e, int write);
int sv__txn_commit(sv_txn *t);
void sv__txn_abort(sv_txn *t);
/* The id of the snapshot a read transaction sees: it changes with every
 * commit to the file, by any process.  0 for a write transaction. */
uint64_t sv__txn_snapshot(const sv_txn *t);

/* Values point into the map and die with the transaction: copy them out. */
int sv__db_get(sv_txn *t, enum sv_db db, const void *k, size_t klen,
	       const uint8_t **v, size_t *vlen);
int sv__db_put(sv_txn *t, enum sv_db db, const void *k, size_t klen,
	       const void *v, size_t vlen);
int sv__db_del(sv_txn *t, enum sv_db db, const void *k, size_t klen);
/* Tests only: write any bytes, bypassing the sealed-record check. */
int sv__db_put_raw(sv_txn *t, enum sv_db db, const void *k, size_t klen,
		   const void *v, size_t vlen);
/* Number of entries in a database. */
int sv__db_count(sv_txn *t, enum sv_db db, uint64_t *out);

typedef struct sv_cursor {
	MDB_cursor *c;
	int started;
} sv_cursor;
int sv__cursor_open(sv_cursor *c, sv_txn *t, enum sv_db db);
/* Position at the first key >= @k (or the first key when @k is NULL),
 * then step.  SV_ITEROVER at the end. */
int sv__cursor_seek(sv_cursor *c, const void *k, size_t klen,
		    const uint8_t **key, size_t *keylen, const uint8_t **v,
		    size_t *vlen);
int sv__cursor_next(sv_cursor *c, const uint8_t **key, size_t *keylen,
		    const uint8_t **v, size_t *vlen);
int sv__cursor_prev(sv_cursor *c, const uint8_t **key, size_t *keylen,
		    const uint8_t **v, size_t *vlen);
int sv__cursor_last(sv_cursor *c, const uint8_t **key, size_t *keylen,
		    const uint8_t **v, size_t *vlen);
int sv__cursor_del(sv_cursor *c);
void sv__cursor_close(sv_cursor *c);

/* Run @fn in a write transaction and commit; on MDB_MAP_FULL grow the map
 * and run it again (so @fn must only write through @t).  @fn returning
 * non-zero aborts the transaction and is returned. */
typedef int (*sv_write_fn)(sv_txn *t, void *ctx);
int sv__store_write(sv_env *e, sv_write_fn fn, void *ctx);

/* Grow the map ahead of a large write (about @bytes more), so that the
 * write does not fill it and start over. */
int sv__store_reserve(sv_env *e, uint64_t bytes);

/* Test hook: make the next @n commits fail as an I/O error would. */
extern int sv__store_fail_commits;

#endif
