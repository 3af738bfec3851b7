/*
 * peers.c - what a user would pick instead, measured side by side
 * (ecosystem-reference.md D.3):
 *
 *   SQLCipher  what a C developer would hand-roll: a keyed database with a
 *              table (name, stage, value), the default page cache, one
 *              prepared SELECT per read, the value copied out.  Only when
 *              built with HAVE_SQLCIPHER (pkg-config sqlcipher).
 *   pass       `pass show` of a 1 KiB entry: bash + gpg through a warm
 *              gpg-agent holding a passphrase-less key, in a temporary
 *              GNUPGHOME and PASSWORD_STORE_DIR (no git).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_SQLCIPHER
#include <sqlite3.h>
#endif

#include "bench.h"

/* ---- SQLCipher -------------------------------------------------------- */

static char sqlc_err[256] = "not built with SQLCipher";

const char *sqlc_error(void)
{
	return sqlc_err;
}

#ifdef HAVE_SQLCIPHER

struct sqlc_db {
	sqlite3 *db;
	sqlite3_stmt *get;
};

static volatile unsigned char sqlc_sink;

int sqlc_available(void)
{
	return 1;
}

static int sqlc_fail(sqlc_db *d, const char *what)
{
	snprintf(sqlc_err, sizeof sqlc_err, "%s: %s", what,
		 d && d->db ? sqlite3_errmsg(d->db) : "failed");
	return -1;
}

static int exec(sqlc_db *d, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(d->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(sqlc_err, sizeof sqlc_err, "%s: %s", sql,
			 msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sqlc_open(sqlc_db *d, const char *path)
{
	if (sqlite3_open(path, &d->db) != SQLITE_OK)
		return sqlc_fail(d, "sqlite3_open");
	/* A passphrase key (the default KDF runs once, at open); the page
	 * cache stays at its default size. */
	if (exec(d, "PRAGMA key = 'bench-passphrase-0123456789'") != 0)
		return -1;
	return 0;
}

int sqlc_build(sqlc_db **out, const char *path, uint32_t n)
{
	*out = NULL;
	sqlc_db *d = calloc(1, sizeof *d);
	if (!d)
		return -1;
	sqlite3_stmt *ins = NULL;
	if (sqlc_open(d, path) != 0 ||
	    exec(d, "CREATE TABLE secrets (name TEXT NOT NULL, "
		    "stage TEXT NOT NULL, value BLOB NOT NULL, "
		    "PRIMARY KEY (name, stage))") != 0 ||
	    exec(d, "BEGIN") != 0)
		goto fail;
	if (sqlite3_prepare_v2(
		    d->db, "INSERT INTO secrets VALUES (?1, 'AWSCURRENT', ?2)",
		    -1, &ins, NULL) != SQLITE_OK) {
		sqlc_fail(d, "prepare insert");
		goto fail;
	}
	for (uint32_t i = 0; i < n; i++) {
		char name[NAME_CAP], value[VALUE_BYTES];
		make_name(name, i, n);
		make_value(value, i);
		sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(ins, 2, value, VALUE_BYTES, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			sqlc_fail(d, "insert");
			goto fail;
		}
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	ins = NULL;
	if (exec(d, "COMMIT") != 0)
		goto fail;
	/* Reopen, as a reader process would: a cold page cache of default
	 * size and a fresh key derivation. */
	sqlite3_close(d->db);
	d->db = NULL;
	if (sqlc_open(d, path) != 0)
		goto fail;
	if (sqlite3_prepare_v2(d->db,
			       "SELECT value FROM secrets WHERE name = ?1 AND "
			       "stage = 'AWSCURRENT'",
			       -1, &d->get, NULL) != SQLITE_OK) {
		sqlc_fail(d, "prepare select");
		goto fail;
	}
	*out = d;
	return 0;
fail:
	if (ins)
		sqlite3_finalize(ins);
	sqlc_close(d);
	return -1;
}

long sqlc_get(sqlc_db *d, const char *name)
{
	long n = -1;
	sqlite3_bind_text(d->get, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(d->get) == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(d->get, 0);
		int len = sqlite3_column_bytes(d->get, 0);
		unsigned char *copy = malloc((size_t)len + 1);
		if (copy && p) {
			memcpy(copy, p, (size_t)len);
			copy[len] = '\0';
			sqlc_sink ^= copy[len / 2];
			n = len;
		}
		if (copy) {
			memset(copy, 0, (size_t)len + 1);
			free(copy);
		}
	}
	if (n < 0)
		snprintf(sqlc_err, sizeof sqlc_err, "reading %s: %s", name,
			 sqlite3_errmsg(d->db));
	sqlite3_reset(d->get);
	return n;
}

void sqlc_close(sqlc_db *d)
{
	if (!d)
		return;
	if (d->get)
		sqlite3_finalize(d->get);
	if (d->db)
		sqlite3_close(d->db);
	free(d);
}

#else /* !HAVE_SQLCIPHER */

int sqlc_available(void)
{
	return 0;
}

int sqlc_build(sqlc_db **out, const char *path, uint32_t n)
{
	(void)path;
	(void)n;
	*out = NULL;
	return -1;
}

long sqlc_get(sqlc_db *d, const char *name)
{
	(void)d;
	(void)name;
	return -1;
}

void sqlc_close(sqlc_db *d)
{
	(void)d;
}

#endif

/* ---- pass ------------------------------------------------------------- */

static void pass_env(char gh[], char ps[], size_t cap, const char *dir)
{
	snprintf(gh, cap, "GNUPGHOME=%s/gnupg", dir);
	snprintf(ps, cap, "PASSWORD_STORE_DIR=%s/store", dir);
}

/* The setup of ecosystem-reference.md D.3, in one shell script. */
static const char pass_script[] =
	"set -e\n"
	"mkdir -m 700 \"$GNUPGHOME\"\n"
	"gpg --batch --quiet --pinentry-mode loopback --passphrase '' "
	"--quick-gen-key 'svbench <svbench@example.invalid>' ed25519 cert,sign "
	"never\n"
	"fpr=$(gpg --batch --with-colons --list-keys svbench@example.invalid | "
	"awk -F: '/^fpr/ { print $10; exit }')\n"
	"gpg --batch --quiet --pinentry-mode loopback --passphrase '' "
	"--quick-add-key \"$fpr\" cv25519 encr never\n"
	"pass init \"$fpr\"\n"
	"pass insert -m -f bench/s1 < \"$1\"\n"
	"pass show bench/s1 > /dev/null\n";

const char *pass_setup(const char *dir, const char *value_file, int *fatal)
{
	*fatal = 0;
	if (!in_path("pass"))
		return "pass not installed";
	if (!in_path("gpg"))
		return "gpg not installed";
	char gh[4200], ps[4200];
	pass_env(gh, ps, sizeof gh, dir);
	char *env[] = { gh, ps, NULL };
	char *argv[] = { "/bin/sh",	     "-c", (char *)pass_script, "sh",
			 (char *)value_file, NULL };
	if (run_cmd(argv, env, NULL, 0, 0) != 0) {
		*fatal = 1;
		return "setting up a gpg key and a password store failed";
	}
	return NULL;
}

double pass_show_once(const char *dir)
{
	char gh[4200], ps[4200];
	pass_env(gh, ps, sizeof gh, dir);
	char *env[] = { gh, ps, NULL };
	char *argv[] = { "pass", "show", "bench/s1", NULL };
	double t0 = now_s();
	int rc = run_cmd(argv, env, NULL, 0, 0);
	double t = now_s() - t0;
	return rc == 0 ? t : -1;
}

void pass_teardown(const char *dir)
{
	char gh[4200], ps[4200];
	pass_env(gh, ps, sizeof gh, dir);
	char *env[] = { gh, ps, NULL };
	char *argv[] = { "gpgconf", "--kill", "gpg-agent", NULL };
	if (in_path("gpgconf"))
		run_cmd(argv, env, NULL, 0, 0);
}
