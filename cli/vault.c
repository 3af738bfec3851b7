/*
 * vault.c - which vault, which key, and `secretvault init`.
 *
 * The key comes from --key-file / SECRETVAULT_KEY_FILE, else the
 * passphrase in SECRETVAULT_PASSPHRASE, else a prompt without echo when
 * there is a terminal.  Every failure here is a one-line reason and exit
 * code 255, as the aws CLI uses for errors that are not the service's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"

#define PASSPHRASE_MAX 1024

char *vault_path(const cli_args *a)
{
	const char *p = local_str(a, "vault");
	if (!p || !*p)
		p = getenv("SECRETVAULT_PATH");
	if (p && *p)
		return xstrdup(p);
	const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	sbuf b = { 0 };
	if (data && data[0] == '/')
		sbuf_fmt(&b, "%s/secretvault/vault", data);
	else
		sbuf_fmt(&b, "%s/.local/share/secretvault/vault",
			 home && *home ? home : ".");
	char *out = xstrdup(b.p ? b.p : "vault");
	sbuf_free(&b);
	return out;
}

/* 1 if @path holds a vault, 0 if not, -1 (errno set) if it cannot be
 * told, e.g. a directory without search permission. */
static int vault_exists(const char *path)
{
	char file[4096];
	struct stat st;
	snprintf(file, sizeof file, "%s/data.mdb", path);
	if (stat(file, &st) == 0)
		return 1;
	return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
}

/* ---- The key ----------------------------------------------------------------
 */

typedef struct key_src {
	sv_key_options opts;
	char *pass; /* sodium_malloc'd passphrase from the prompt */
	size_t pass_cap;
} key_src;

static void key_src_free(key_src *k)
{
	if (k->pass)
		sodium_free(k->pass);
	k->pass = NULL;
}

/* Read a line from the terminal with echo off. */
static int prompt(key_src *k, const char *question)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct termios old, quiet;
	int have_tty = tcgetattr(fd, &old) == 0;
	if (have_tty) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, question, strlen(question)) < 0) {
		/* nothing to do: the read below still works */
	}
	if (!k->pass) {
		k->pass_cap = PASSPHRASE_MAX;
		k->pass = sodium_malloc(k->pass_cap);
	}
	size_t n = 0;
	char c;
	while (k->pass && read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
		if (n + 1 < k->pass_cap)
			k->pass[n++] = c;
	if (k->pass)
		k->pass[n] = '\0';
	if (have_tty)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* the newline is cosmetic */
	}
	close(fd);
	return k->pass ? 0 : -1;
}

/* Choose the key; 0, or 255 after the reason.  @confirm asks twice. */
static int key_get(key_src *k, const cli_args *a, int confirm)
{
	memset(k, 0, sizeof *k);
	sv_key_options_init(&k->opts, SV_KEY_OPTIONS_VERSION);
	const char *file = local_str(a, "key-file");
	if (!file || !*file)
		file = getenv("SECRETVAULT_KEY_FILE");
	const char *pass = getenv("SECRETVAULT_PASSPHRASE");
	if (file && *file) {
		k->opts.type = SV_KEY_FILE;
		k->opts.path = file;
		return 0;
	}
	k->opts.type = SV_KEY_PASSPHRASE;
	if (pass && *pass) {
		k->opts.secret = pass;
		k->opts.secret_len = strlen(pass);
		return 0;
	}
	if (isatty(STDIN_FILENO) && prompt(k, "Vault passphrase: ") == 0) {
		if (confirm) {
			char *first = k->pass;
			k->pass = NULL;
			int same = prompt(k, "Repeat the passphrase: ") == 0 &&
				   strcmp(first, k->pass) == 0;
			sodium_free(first);
			if (!same) {
				key_src_free(k);
				warnx_("the passphrases do not match");
				return EXIT_LOCAL;
			}
		}
		if (k->pass[0]) {
			k->opts.secret = k->pass;
			k->opts.secret_len = strlen(k->pass);
			return 0;
		}
		key_src_free(k);
	}
	warnx_("no key: give --key-file, SECRETVAULT_KEY_FILE or "
	       "SECRETVAULT_PASSPHRASE");
	return EXIT_LOCAL;
}

/* ---- Opening
 * ---------------------------------------------------------------------- */

static int check_region(sv_vault *v, const cli_args *a)
{
	const char *want = local_str(a, "region");
	sv_vault_info info = SV_VAULT_INFO_INIT;
	if (!want || sv_vault_info_get(&info, v) != SV_OK ||
	    strcmp(want, info.region) == 0)
		return 0;
	warnx_("--region %s: this vault's region is %s", want, info.region);
	return EXIT_LOCAL;
}

/* How the library's own message for a vault that did not open begins. */
#define OPEN_FAILED "cannot open the vault at "

int vault_open_cli(sv_vault **out, const cli_args *a)
{
	char *path = vault_path(a);
	key_src k;
	int rc = 0;
	*out = NULL;
	int exists = vault_exists(path);
	if (exists < 0) {
		warnx_("cannot open the vault at %s: %s", path,
		       strerror(errno));
		rc = EXIT_LOCAL;
	} else if (!exists) {
		warnx_("no vault at %s; create one with: " PROG
		       " init --vault %s --key-file KEYFILE",
		       path, path);
		rc = EXIT_LOCAL;
	} else if ((rc = key_get(&k, a, 0)) == 0) {
		int src = sv_vault_open(out, path, &k.opts, NULL);
		if (src == SV_EAUTH)
			warnx_("the key does not open the vault at %s", path);
		else if (src != SV_OK && strncmp(sv_error_last(), OPEN_FAILED,
						 sizeof OPEN_FAILED - 1) == 0)
			warnx_("%s", sv_error_last()); /* names the vault */
		else if (src != SV_OK)
			warnx_("cannot open the vault at %s: %s", path,
			       sv_error_last());
		rc = src == SV_OK ? check_region(*out, a) : EXIT_LOCAL;
		key_src_free(&k);
	}
	if (rc && *out) {
		sv_vault_close(*out);
		*out = NULL;
	}
	free(path);
	return rc;
}

/* ---- init
 * ------------------------------------------------------------------------- */

/* mkdir -p the parent directories of @path with mode 0700. */
static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = strchr(p + 1, '/'); s && rc == 0;
	     s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			warnx_("cannot create %s: %s", p, strerror(errno));
			rc = EXIT_LOCAL;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

/* A new key file of 32 random bytes, mode 0600, never over a file. */
static int make_key_file(const char *path)
{
	unsigned char key[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		warnx_("cannot create the key file %s: %s", path,
		       strerror(errno));
		return EXIT_LOCAL;
	}
	randombytes_buf(key, sizeof key);
	ssize_t n = write(fd, key, sizeof key);
	sodium_memzero(key, sizeof key);
	if (n != (ssize_t)sizeof key || fsync(fd) != 0 || close(fd) != 0) {
		warnx_("cannot write the key file %s: %s", path,
		       strerror(errno));
		unlink(path);
		return EXIT_LOCAL;
	}
	fprintf(stderr,
		PROG ": created a new key file %s (mode 0600); keep it safe: "
		     "without it the vault cannot be opened\n",
		path);
	return 0;
}

static int create_vault(const char *path, const cli_args *a,
			const char *new_key)
{
	key_src k;
	int rc = key_get(&k, a, 1);
	if (rc)
		return rc;
	sv_vault_options o = SV_VAULT_OPTIONS_INIT;
	o.region = local_str(a, "region");
	o.account_id = local_str(a, "account-id");
	sv_vault *v = NULL;
	int src = sv_vault_create(&v, path, &k.opts, &o);
	key_src_free(&k);
	if (src != SV_OK) {
		warnx_("cannot create a vault at %s: %s", path,
		       sv_error_last());
		if (new_key)
			unlink(new_key); /* a key for no vault is only confusing
					  */
		return EXIT_LOCAL;
	}
	sv_vault_info info = SV_VAULT_INFO_INIT;
	sv_vault_info_get(&info, v);
	fprintf(stderr,
		PROG ": created a vault at %s (region %s, account %s)\n", path,
		info.region, info.account_id);
	sv_vault_close(v);
	return 0;
}

int cmd_init(const cli_args *a)
{
	char *path = vault_path(a);
	const char *file = local_str(a, "key-file");
	struct stat st;
	int rc = 0;
	const char *new_key = NULL;
	if (!file || !*file)
		file = getenv("SECRETVAULT_KEY_FILE");
	int exists = vault_exists(path);
	if (exists != 0) {
		if (exists > 0)
			warnx_("a vault already exists at %s", path);
		else
			warnx_("cannot create a vault at %s: %s", path,
			       strerror(errno));
		rc = EXIT_LOCAL;
	} else if ((rc = make_parents(path)) == 0 && file && *file &&
		   stat(file, &st) != 0 && errno == ENOENT) {
		rc = make_key_file(file);
		new_key = file;
	}
	if (rc == 0)
		rc = create_vault(path, a, new_key);
	free(path);
	return rc;
}
