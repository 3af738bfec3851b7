/* store.c - the LMDB environment registry, checks, transactions. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "store/store.h"
#include "util/error.h"
#include "util/mem.h"

#define DEFAULT_MAP_SIZE (64ull << 20)

struct sv_env {
	MDB_env *env;
	MDB_dbi dbi[SV_DB_COUNT];
	dev_t dev;
	ino_t ino;
	pid_t pid; /* an environment inherited through fork() is never reused */
	int refs;
	/* Held shared by every transaction and exclusively to resize the
	 * map: LMDB allows mdb_env_set_mapsize only with no transaction
	 * active in the process. */
	pthread_rwlock_t resize;
	sv_env *next;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static sv_env *registry;
int sv__store_fail_commits;

static const char *const db_names[SV_DB_COUNT] = {
	"meta", "slots", "keys", "kek", "secrets", "versions"
};

static int map_mdb_error(int rc, const char *what)
{
	switch (rc) {
	case MDB_MAP_FULL:
		return sv__error_set(SV_EFULL, "%s: the vault's map is full",
				     what);
	case ENOMEM:
		return sv__error_set(SV_ENOMEM, "%s: out of memory", what);
	case MDB_CORRUPTED:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
	case MDB_PAGE_NOTFOUND:
		return sv__error_set(SV_EFORMAT, "%s: %s", what,
				     mdb_strerror(rc));
	case EACCES:
	case EROFS:
		return sv__error_set(SV_EIO, "%s: %s", what, mdb_strerror(rc));
	default:
		return sv__error_set(SV_EIO, "%s: %s", what, mdb_strerror(rc));
	}
}

static int check_owner_mode(const struct stat *st, const char *what,
			    const char *path, uint32_t flags)
{
	if (flags & SV_VAULT_ALLOW_INSECURE)
		return SV_OK;
	if (st->st_uid != geteuid())
		return sv__error_set(SV_EINSECURE,
				     "%s %s is owned by another user", what,
				     path);
	if (st->st_mode & 077)
		return sv__error_set(SV_EINSECURE,
				     "%s %s has mode %04o: group and others "
				     "must have no access (chmod %s)",
				     what, path,
				     (unsigned)(st->st_mode & 07777),
				     S_ISDIR(st->st_mode) ? "700" : "600");
	return SV_OK;
}

static int check_fs(const char *path, uint32_t flags)
{
	struct statfs sf;
	if (flags & SV_VAULT_ALLOW_INSECURE || statfs(path, &sf) != 0)
		return SV_OK;
	switch ((unsigned long)sf.f_type) {
	case 0x6969UL:	   /* NFS */
	case 0x517BUL:	   /* SMB */
	case 0xFF534D42UL: /* CIFS */
	case 0xFE534D42UL: /* SMB2 */
	case 0x65735546UL: /* FUSE */
		return sv__error_set(SV_ENOTSUPPORTED,
				     "vault %s is on a network or FUSE file "
				     "system, which LMDB cannot lock safely",
				     path);
	default:
		return SV_OK;
	}
}

/* Make or check the directory and return its identity. */
static int check_dir(struct stat *st, const char *path, int create,
		     uint32_t flags)
{
	if (lstat(path, st) != 0) {
		if (errno != ENOENT)
			return sv__error_set(SV_EIO, "cannot stat %s: %s", path,
					     strerror(errno));
		if (!create)
			return sv__error_set(
				SV_ENOTFOUND,
				"no vault at %s (create one first)", path);
		if (mkdir(path, 0700) != 0)
			return sv__error_set(SV_EIO, "cannot create %s: %s",
					     path, strerror(errno));
		if (lstat(path, st) != 0)
			return sv__error_set(SV_EIO, "cannot stat %s", path);
	}
	if (S_ISLNK(st->st_mode) && !(flags & SV_VAULT_ALLOW_INSECURE))
		return sv__error_set(
			SV_EINSECURE,
			"vault directory %s is a symbolic link; refusing it",
			path);
	if (S_ISLNK(st->st_mode) && stat(path, st) != 0)
		return sv__error_set(SV_EIO, "cannot stat %s", path);
	if (!S_ISDIR(st->st_mode))
		return sv__error_set(SV_EINVALID, "%s is not a directory",
				     path);
	return check_owner_mode(st, "vault directory", path, flags);
}

static int check_file(const char *dir, const char *leaf, int must_exist,
		      uint32_t flags)
{
	char p[4096];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, leaf);
	if (lstat(p, &st) != 0) {
		if (!must_exist && errno == ENOENT)
			return SV_OK;
		return sv__error_set(errno == ENOENT ? SV_ENOTFOUND : SV_EIO,
				     "no vault at %s (%s is missing)", dir,
				     leaf);
	}
	if (!S_ISREG(st.st_mode))
		return sv__error_set(SV_EINSECURE,
				     "%s is not a regular file (a symbolic "
				     "link?); refusing it",
				     p);
	return check_owner_mode(&st, "vault file", p, flags);
}

/*
 * LMDB maps data.mdb and trusts it: a file cut short makes it read past the
 * end of the map, which is SIGBUS, not an error.  Before LMDB sees the
 * file, check its two meta pages (LMDB 0.9's layout: magic at byte 16,
 * the last used page at byte 136 and the transaction id at 144 of each)
 * and that the newer one's pages all lie inside the file.
 */
#define MDB_MAGIC_V 0xBEEFC0DEu
static int check_data_file(const char *dir)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/data.mdb", dir);
	int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT
			       ? SV_OK
			       : sv__error_set(SV_EIO, "cannot open %s", p);
	struct stat st;
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t meta[2][160];
	int ok = fstat(fd, &st) == 0;
	if (ok && st.st_size == 0) { /* a new file LMDB has not written yet */
		close(fd);
		return SV_OK;
	}
	ok = ok && st.st_size >= 2 * pg &&
	     pread(fd, meta[0], sizeof meta[0], 0) == (ssize_t)sizeof meta[0] &&
	     pread(fd, meta[1], sizeof meta[1], pg) == (ssize_t)sizeof meta[1];
	close(fd);
	uint64_t last = 0, txn = 0;
	int good = 0;
	for (int i = 0; ok && i < 2; i++) {
		uint32_t magic;
		uint64_t l, t;
		memcpy(&magic, meta[i] + 16, 4);
		memcpy(&l, meta[i] + 136, 8);
		memcpy(&t, meta[i] + 144, 8);
		if (magic != MDB_MAGIC_V)
			continue;
		if (!good || t > txn) {
			last = l;
			txn = t;
		}
		good = 1;
	}
	if (!ok || !good || (last + 1) > (uint64_t)st.st_size / (uint64_t)pg)
		return sv__error_set(SV_EFORMAT,
				     "%s is damaged or truncated: it is not a "
				     "whole LMDB file",
				     p);
	return SV_OK;
}

/* Why the environment at @path did not open, with the path, and for a
 * permission error what the vault needs. */
static int open_error(int rc, const char *path)
{
	if (rc == EACCES || rc == EROFS)
		return sv__error_set(SV_EIO,
				     "cannot open the vault at %s: %s (it "
				     "needs to write data.mdb and lock.mdb, "
				     "and its directory when lock.mdb is "
				     "missing)",
				     path, mdb_strerror(rc));
	char what[4200];
	snprintf(what, sizeof what, "cannot open the vault at %s", path);
	return map_mdb_error(rc, what);
}

static int env_setup(sv_env *e, const char *path, uint32_t flags,
		     uint64_t map_size)
{
	int rc = mdb_env_create(&e->env);
	if (rc)
		return map_mdb_error(rc, "mdb_env_create");
	mdb_env_set_maxdbs(e->env, SV_DB_COUNT + 2);
	mdb_env_set_mapsize(e->env, map_size ? map_size : DEFAULT_MAP_SIZE);
	unsigned int envflags = MDB_NOTLS;
	if (flags & SV_VAULT_RELAXED_DURABILITY)
		envflags |= MDB_NOMETASYNC;
	rc = mdb_env_open(e->env, path, envflags, 0600);
	if (rc) {
		mdb_env_close(e->env);
		e->env = NULL;
		return open_error(rc, path);
	}
	mdb_env_set_mapsize(e->env, 0); /* adopt a larger size on file */
	int dead = 0;
	mdb_reader_check(e->env, &dead); /* clear slots of crashed readers */
	MDB_txn *txn;
	if ((rc = mdb_txn_begin(e->env, NULL, 0, &txn)) != 0) {
		mdb_env_close(e->env);
		e->env = NULL;
		return open_error(rc, path);
	}
	for (int i = 0; i < SV_DB_COUNT && rc == 0; i++)
		rc = mdb_dbi_open(txn, db_names[i], MDB_CREATE, &e->dbi[i]);
	if (rc == 0)
		rc = mdb_txn_commit(txn);
	else
		mdb_txn_abort(txn);
	if (rc) {
		mdb_env_close(e->env);
		e->env = NULL;
		return map_mdb_error(rc, "cannot open the vault's databases");
	}
	return SV_OK;
}

int sv__store_open(sv_env **out, const char *path, int create, uint32_t flags,
		   uint64_t map_size)
{
	struct stat st;
	int rc;
	*out = NULL;
	if ((rc = check_dir(&st, path, create, flags)) != SV_OK ||
	    (rc = check_fs(path, flags)) != SV_OK ||
	    (rc = check_file(path, "data.mdb", !create, flags)) != SV_OK ||
	    (rc = check_file(path, "lock.mdb", 0, flags)) != SV_OK)
		return rc;
	pthread_mutex_lock(&registry_lock);
	for (sv_env *e = registry; e; e = e->next) {
		if (e->dev == st.st_dev && e->ino == st.st_ino &&
		    e->pid == getpid()) {
			e->refs++;
			pthread_mutex_unlock(&registry_lock);
			*out = e;
			return SV_OK;
		}
	}
	/* Only before this process opens the environment: once LMDB holds
	 * its locks, even an open() and close() of the file would drop them. */
	if ((rc = check_data_file(path)) != SV_OK) {
		pthread_mutex_unlock(&registry_lock);
		return rc;
	}
	sv_env *e = sv__calloc(1, sizeof *e);
	if (!e) {
		pthread_mutex_unlock(&registry_lock);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	if ((rc = env_setup(e, path, flags, map_size)) != SV_OK ||
	    (rc = check_file(path, "data.mdb", 1, flags)) != SV_OK ||
	    (rc = check_file(path, "lock.mdb", 1, flags)) != SV_OK) {
		if (e->env)
			mdb_env_close(e->env);
		sv__free(e);
		pthread_mutex_unlock(&registry_lock);
		return rc;
	}
	pthread_rwlock_init(&e->resize, NULL);
	e->dev = st.st_dev;
	e->ino = st.st_ino;
	e->pid = getpid();
	e->refs = 1;
	e->next = registry;
	registry = e;
	pthread_mutex_unlock(&registry_lock);
	*out = e;
	return SV_OK;
}

unsigned int sv__store_env_flags(const sv_env *e)
{
	unsigned int flags = 0;
	mdb_env_get_flags(e->env, &flags);
	return flags;
}

int sv__store_shared(const sv_env *e)
{
	return e->refs > 1;
}

void sv__store_close(sv_env *e)
{
	if (!e)
		return;
	pthread_mutex_lock(&registry_lock);
	if (--e->refs > 0) {
		pthread_mutex_unlock(&registry_lock);
		return;
	}
	for (sv_env **p = &registry; *p; p = &(*p)->next) {
		if (*p == e) {
			*p = e->next;
			break;
		}
	}
	pthread_mutex_unlock(&registry_lock);
	mdb_env_close(e->env);
	pthread_rwlock_destroy(&e->resize);
	sv__free(e);
}

int sv__txn_begin(sv_txn *t, sv_env *e, int write)
{
	t->env = e;
	t->write = write;
	t->txn = NULL;
	for (int attempt = 0;; attempt++) {
		pthread_rwlock_rdlock(&e->resize);
		int rc = mdb_txn_begin(e->env, NULL, write ? 0 : MDB_RDONLY,
				       &t->txn);
		if (rc == 0)
			return SV_OK;
		pthread_rwlock_unlock(&e->resize);
		if (rc != MDB_MAP_RESIZED || attempt > 3)
			return map_mdb_error(rc, "cannot begin a transaction");
		/* Another process grew the map: adopt its size. */
		pthread_rwlock_wrlock(&e->resize);
		mdb_env_set_mapsize(e->env, 0);
		pthread_rwlock_unlock(&e->resize);
	}
}

uint64_t sv__txn_snapshot(const sv_txn *t)
{
	return t->write ? 0 : (uint64_t)mdb_txn_id(t->txn);
}

int sv__txn_commit(sv_txn *t)
{
	int rc;
	if (sv__store_fail_commits > 0) {
		sv__store_fail_commits--;
		mdb_txn_abort(t->txn);
		rc = EIO;
	} else {
		rc = mdb_txn_commit(t->txn);
	}
	t->txn = NULL;
	pthread_rwlock_unlock(&t->env->resize);
	return rc ? map_mdb_error(rc, "cannot commit") : SV_OK;
}

void sv__txn_abort(sv_txn *t)
{
	if (t->txn) {
		mdb_txn_abort(t->txn);
		t->txn = NULL;
		pthread_rwlock_unlock(&t->env->resize);
	}
}

int sv__db_get(sv_txn *t, enum sv_db db, const void *k, size_t klen,
	       const uint8_t **v, size_t *vlen)
{
	MDB_val key = { klen, (void *)k }, val;
	int rc = mdb_get(t->txn, t->env->dbi[db], &key, &val);
	if (rc == MDB_NOTFOUND)
		return SV_ENOTFOUND;
	if (rc)
		return map_mdb_error(rc, "cannot read");
	*v = val.mv_data;
	*vlen = val.mv_size;
	return SV_OK;
}

/* Only sealed records may reach the file. */
static int is_sealed(const void *v, size_t vlen)
{
	static const char *const magics[] = { "SVM1", "SVK1", "SVR0", "SVR1",
					      "SVS1", "SVV1", "SVI1" };
	if (vlen < 4)
		return 0;
	for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (memcmp(v, magics[i], 4) == 0)
			return 1;
	return 0;
}

int sv__db_put(sv_txn *t, enum sv_db db, const void *k, size_t klen,
	       const void *v, size_t vlen)
{
	if (!is_sealed(v, vlen))
		return sv__error_set(SV_ERROR,
				     "refusing to store unsealed bytes");
	MDB_val key = { klen, (void *)k }, val = { vlen, (void *)v };
	int rc = mdb_put(t->txn, t->env->dbi[db], &key, &val, 0);
	return rc ? map_mdb_error(rc, "cannot write") : SV_OK;
}

int sv__db_put_raw(sv_txn *t, enum sv_db db, const void *k, size_t klen,
		   const void *v, size_t vlen)
{
	MDB_val key = { klen, (void *)k }, val = { vlen, (void *)v };
	int rc = mdb_put(t->txn, t->env->dbi[db], &key, &val, 0);
	return rc ? map_mdb_error(rc, "cannot write") : SV_OK;
}

int sv__db_del(sv_txn *t, enum sv_db db, const void *k, size_t klen)
{
	MDB_val key = { klen, (void *)k };
	int rc = mdb_del(t->txn, t->env->dbi[db], &key, NULL);
	if (rc == MDB_NOTFOUND)
		return SV_ENOTFOUND;
	return rc ? map_mdb_error(rc, "cannot delete") : SV_OK;
}

int sv__db_count(sv_txn *t, enum sv_db db, uint64_t *out)
{
	MDB_stat st;
	int rc = mdb_stat(t->txn, t->env->dbi[db], &st);
	if (rc)
		return map_mdb_error(rc, "cannot count");
	*out = st.ms_entries;
	return SV_OK;
}

int sv__cursor_open(sv_cursor *c, sv_txn *t, enum sv_db db)
{
	c->started = 0;
	int rc = mdb_cursor_open(t->txn, t->env->dbi[db], &c->c);
	return rc ? map_mdb_error(rc, "cannot open a cursor") : SV_OK;
}

static int cursor_op(sv_cursor *c, MDB_val *key, MDB_cursor_op op,
		     const uint8_t **k, size_t *klen, const uint8_t **v,
		     size_t *vlen)
{
	MDB_val val;
	int rc = mdb_cursor_get(c->c, key, &val, op);
	if (rc == MDB_NOTFOUND)
		return SV_ITEROVER;
	if (rc)
		return map_mdb_error(rc, "cannot iterate");
	if (k) {
		*k = key->mv_data;
		*klen = key->mv_size;
	}
	if (v) {
		*v = val.mv_data;
		*vlen = val.mv_size;
	}
	return SV_OK;
}

int sv__cursor_seek(sv_cursor *c, const void *k, size_t klen,
		    const uint8_t **key, size_t *keylen, const uint8_t **v,
		    size_t *vlen)
{
	MDB_val kv = { klen, (void *)k };
	return cursor_op(c, &kv, k ? MDB_SET_RANGE : MDB_FIRST, key, keylen, v,
			 vlen);
}

int sv__cursor_next(sv_cursor *c, const uint8_t **key, size_t *keylen,
		    const uint8_t **v, size_t *vlen)
{
	MDB_val kv = { 0, NULL };
	return cursor_op(c, &kv, MDB_NEXT, key, keylen, v, vlen);
}

int sv__cursor_prev(sv_cursor *c, const uint8_t **key, size_t *keylen,
		    const uint8_t **v, size_t *vlen)
{
	MDB_val kv = { 0, NULL };
	return cursor_op(c, &kv, MDB_PREV, key, keylen, v, vlen);
}

int sv__cursor_last(sv_cursor *c, const uint8_t **key, size_t *keylen,
		    const uint8_t **v, size_t *vlen)
{
	MDB_val kv = { 0, NULL };
	return cursor_op(c, &kv, MDB_LAST, key, keylen, v, vlen);
}

int sv__cursor_del(sv_cursor *c)
{
	int rc = mdb_cursor_del(c->c, 0);
	return rc ? map_mdb_error(rc, "cannot delete") : SV_OK;
}

void sv__cursor_close(sv_cursor *c)
{
	if (c->c)
		mdb_cursor_close(c->c);
	c->c = NULL;
}

static int grow_map(sv_env *e)
{
	MDB_envinfo info;
	pthread_rwlock_wrlock(&e->resize);
	mdb_env_info(e->env, &info);
	int rc = mdb_env_set_mapsize(e->env, info.me_mapsize * 2);
	pthread_rwlock_unlock(&e->resize);
	return rc ? map_mdb_error(rc, "cannot grow the vault's map") : SV_OK;
}

int sv__store_reserve(sv_env *e, uint64_t bytes)
{
	MDB_envinfo info;
	MDB_stat st;
	int rc = 0;
	pthread_rwlock_wrlock(&e->resize);
	mdb_env_info(e->env, &info);
	mdb_env_stat(e->env, &st);
	uint64_t used = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
	/* Copy-on-write needs room for the old pages until the commit. */
	if (used + 2 * bytes > info.me_mapsize) {
		uint64_t size = info.me_mapsize;
		while (size < used + 2 * bytes)
			size *= 2;
		rc = mdb_env_set_mapsize(e->env, size);
	}
	pthread_rwlock_unlock(&e->resize);
	return rc ? map_mdb_error(rc, "cannot grow the vault's map") : SV_OK;
}

int sv__store_write(sv_env *e, sv_write_fn fn, void *ctx)
{
	for (int attempt = 0;; attempt++) {
		sv_txn t;
		int rc = sv__txn_begin(&t, e, 1);
		if (rc != SV_OK)
			return rc;
		rc = fn(&t, ctx);
		if (rc != SV_OK) {
			sv__txn_abort(&t);
		} else {
			rc = sv__txn_commit(&t);
		}
		if (rc != SV_EFULL || attempt >= 8)
			return rc;
		if ((rc = grow_map(e)) != SV_OK)
			return rc;
	}
}
