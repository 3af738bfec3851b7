/*
 * quickstart.c - the AWS Secrets Manager tutorial, in C, on a local vault.
 *
 *   quickstart VAULT_DIR
 *
 * VAULT_DIR must not exist yet.  The program creates a key file
 * VAULT_DIR.key (32 random bytes, mode 0600), a vault in VAULT_DIR
 * unlocked by that key file, and then walks through the tutorial: create
 * a secret from a string and one from a JSON file, read it, store a new
 * version, list its versions and their staging labels, list secrets by
 * name, describe, delete with a recovery window, fail to read it, restore
 * it, read it again, delete it for good, and fail to describe it.
 *
 * Each step prints what it does, with the aws CLI command it mirrors.
 * The secrets are dummies, so their values are printed; a real program
 * would never print a secret value.
 *
 * Exit status: 0 when every step behaved as AWS Secrets Manager does,
 * 1 on any unexpected result, 2 on a usage error.
 *
 * Build and run it with `make demo`.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <secretvault.h>

#define NAME "MyTestSecret"
#define NAME1 "MyTestSecret1"
#define PATH_CAP 4096
#define KEY_BYTES 32
#define CREDS_JSON "{\"username\":\"user\",\"password\":\"EXAMPLE-PASSWORD\"}"
#define VALUE1 "{\"user\":\"diegor\",\"password\":\"EXAMPLE-PASSWORD\"}"
#define VALUE2 "{\"user\":\"diegor\",\"password\":\"EXAMPLE-PASSWORD-2\"}"

/* Where the example's files go. */
struct paths {
	char vault[PATH_CAP]; /* VAULT_DIR, without trailing slashes */
	char key[PATH_CAP];   /* VAULT_DIR.key */
	char creds[PATH_CAP]; /* mycreds.json beside VAULT_DIR */
};

/* ---- Output helpers -------------------------------------------------- */

/* Print what failed: the code's text, its AWS type, and the message. */
static int fail(const char *what, int rc)
{
	char msg[1024];

	/* Copy the message first: it is valid until the next sv_ call. */
	snprintf(msg, sizeof msg, "%s", sv_error_last());
	fprintf(stderr, "quickstart: %s failed: %s (%s, %d)\n  %s\n", what,
		sv_strerror(rc), sv_error_aws_type(rc), rc, msg);
	return -1;
}

/* Print an AWS-style error line for an expected failure. */
static void show_error(int rc)
{
	char msg[1024];

	snprintf(msg, sizeof msg, "%s", sv_error_last());
	printf("   error: %s: %s\n", sv_error_aws_type(rc), msg);
}

static void step(const char *title, const char *cli)
{
	printf("\n== %s\n   $ %s\n", title, cli);
}

/* Milliseconds since the epoch as ISO 8601 UTC, e.g. 2024-01-31T12:00:00Z. */
static const char *iso8601(char *buf, size_t cap, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (ms <= 0 || !gmtime_r(&t, &tm) ||
	    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, cap, "-");
	return buf;
}

/* One "Label:   value" line of a response. */
static void field(const char *label, const char *value)
{
	printf("   %-17s %s\n", label, value);
}

static void show_date(const char *label, int64_t ms)
{
	char buf[32];

	if (ms > 0)
		field(label, iso8601(buf, sizeof buf, ms));
}

/* "VersionStages: AWSCURRENT ..." from a count and an accessor. */
static void show_stages(const char *indent, size_t n,
			const char *(*get)(const void *, size_t),
			const void *obj)
{
	printf("%s%-*s", indent, 20 - (int)strlen(indent), "VersionStages:");
	for (size_t i = 0; i < n; i++)
		printf(" %s", get(obj, i));
	printf("%s\n", n ? "" : " (none: a deprecated version)");
}

static const char *result_stage(const void *r, size_t i)
{
	return sv_result_stage(r, i);
}

static const char *value_stage(const void *val, size_t i)
{
	return sv_value_stage(val, i);
}

static const char *version_stage(const void *ver, size_t i)
{
	return sv_version_stage(ver, i);
}

static void show_result(const sv_result *r)
{
	const char *id = sv_result_version_id(r);

	field("ARN:", sv_result_arn(r));
	field("Name:", sv_result_name(r));
	if (id) {
		field("VersionId:", id);
		show_stages("   ", sv_result_stage_count(r), result_stage, r);
	}
	show_date("DeletionDate:", sv_result_deletion_date(r));
}

static void show_value(const sv_value *val)
{
	field("ARN:", sv_value_arn(val));
	field("Name:", sv_value_name(val));
	field("VersionId:", sv_value_version_id(val));
	if (sv_value_is_binary(val))
		printf("   %-17s (%zu bytes)\n",
		       "SecretBinary:", sv_value_size(val));
	else
		printf("   %-17s %.*s\n",
		       "SecretString:", (int)sv_value_size(val),
		       (const char *)sv_value_data(val));
	show_stages("   ", sv_value_stage_count(val), value_stage, val);
	show_date("CreatedDate:", sv_value_created(val));
}

/* ---- Files ----------------------------------------------------------- */

static int set_path(char *dst, const char *a, size_t alen, const char *b)
{
	int n = snprintf(dst, PATH_CAP, "%.*s%s", (int)alen, a, b);

	if (n < 0 || n >= PATH_CAP) {
		fprintf(stderr, "quickstart: path too long: %s%s\n", a, b);
		return -1;
	}
	return 0;
}

/* VAULT_DIR.key, and mycreds.json in the directory that holds VAULT_DIR. */
static int make_paths(struct paths *p, const char *arg)
{
	size_t len = strlen(arg);
	const char *slash;

	while (len > 1 && arg[len - 1] == '/')
		len--;
	if (set_path(p->vault, arg, len, "") ||
	    set_path(p->key, arg, len, ".key"))
		return -1;
	slash = strrchr(p->vault, '/');
	if (!slash)
		return set_path(p->creds, "", 0, "mycreds.json");
	return set_path(p->creds, p->vault, (size_t)(slash - p->vault) + 1,
			"mycreds.json");
}

static int write_all(int fd, const void *data, size_t n)
{
	const unsigned char *b = data;

	while (n > 0) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Create @path (it must not exist) with mode 0600 and write @data. */
static int write_new_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0600);
	int rc;

	if (fd < 0) {
		fprintf(stderr, "quickstart: cannot create %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	rc = write_all(fd, data, n);
	if (close(fd) != 0)
		rc = -1;
	if (rc != 0)
		fprintf(stderr, "quickstart: cannot write %s\n", path);
	return rc;
}

static void wipe(void *p, size_t n)
{
	volatile unsigned char *b = p;

	while (n--)
		*b++ = 0;
}

/* 32 random bytes from /dev/urandom into a new key file of mode 0600. */
static int make_key_file(const char *path)
{
	unsigned char key[KEY_BYTES];
	FILE *f = fopen("/dev/urandom", "rb");
	int rc = -1;

	if (f && fread(key, 1, sizeof key, f) == sizeof key)
		rc = write_new_file(path, key, sizeof key);
	else
		fprintf(stderr, "quickstart: cannot read /dev/urandom\n");
	if (f)
		fclose(f);
	wipe(key, sizeof key);
	return rc;
}

/* Read a whole (small) file into a NUL-terminated heap buffer. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(SV_VALUE_MAX + 1);
	size_t n = 0;

	if (f && buf) {
		n = fread(buf, 1, SV_VALUE_MAX + 1, f);
		if (ferror(f) || n > SV_VALUE_MAX) {
			free(buf);
			buf = NULL;
		}
	}
	if (f)
		fclose(f);
	if (!f || !buf) {
		fprintf(stderr, "quickstart: cannot read %s\n", path);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ---- The tutorial ---------------------------------------------------- */

static int create_vault(sv_vault **v, const struct paths *p)
{
	sv_key_options key = SV_KEY_OPTIONS_INIT;
	int rc;

	printf("== Create a vault unlocked by a key file\n");
	if (make_key_file(p->key) != 0)
		return -1;
	printf("   key file:  %s (32 random bytes, mode 0600)\n", p->key);
	key.type = SV_KEY_FILE;
	key.path = p->key;
	rc = sv_vault_create(v, p->vault, &key, NULL);
	if (rc != SV_OK)
		return fail("sv_vault_create", rc);
	printf("   vault:     %s (mode 0700)\n", p->vault);
	return 0;
}

static int create_from_string(sv_vault *v)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	const char *value = VALUE1;
	sv_result *r = NULL;
	int rc;

	step("CreateSecret " NAME " from a string",
	     "aws secretsmanager create-secret --name " NAME
	     " --description \"My test secret.\" --secret-string '{...}'");
	o.description = "My test secret.";
	o.secret_string = value;
	o.secret_string_len = strlen(value);
	rc = sv_secret_create(&r, v, NAME, &o);
	if (rc != SV_OK)
		return fail("sv_secret_create", rc);
	show_result(r);
	sv_result_free(r);
	return 0;
}

static int create_from_file(sv_vault *v, const char *creds)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	sv_result *r = NULL;
	size_t len = 0;
	char *json;
	int rc;

	step("CreateSecret " NAME1 " from a JSON file",
	     "aws secretsmanager create-secret --name " NAME1
	     " --secret-string file://mycreds.json");
	if (write_new_file(creds, CREDS_JSON, strlen(CREDS_JSON)) != 0)
		return -1;
	printf("   wrote %s: %s\n", creds, CREDS_JSON);
	json = read_file(creds, &len);
	if (unlink(creds) != 0 || !json) {
		fprintf(stderr, "quickstart: cannot read or remove %s\n",
			creds);
		free(json);
		return -1;
	}
	o.secret_string = json;
	o.secret_string_len = len;
	rc = sv_secret_create(&r, v, NAME1, &o);
	wipe(json, len);
	free(json);
	if (rc != SV_OK)
		return fail("sv_secret_create", rc);
	printf("   (and removed %s: the value now lives sealed in the vault)\n",
	       creds);
	show_result(r);
	sv_result_free(r);
	return 0;
}

static int get_value(sv_vault *v, const char *title)
{
	sv_value *val = NULL;
	int rc;

	step(title, "aws secretsmanager get-secret-value --secret-id " NAME);
	rc = sv_secret_get_value(&val, v, NAME, NULL);
	if (rc != SV_OK)
		return fail("sv_secret_get_value", rc);
	show_value(val);
	sv_value_free(val);
	return 0;
}

static int put_value(sv_vault *v)
{
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	const char *value = VALUE2;
	sv_result *r = NULL;
	int rc;

	step("PutSecretValue: store a new version of " NAME,
	     "aws secretsmanager put-secret-value --secret-id " NAME
	     " --secret-string '{...}'");
	o.secret_string = value;
	o.secret_string_len = strlen(value);
	rc = sv_secret_put_value(&r, v, NAME, &o);
	if (rc != SV_OK)
		return fail("sv_secret_put_value", rc);
	show_result(r);
	sv_result_free(r);
	printf("   The new version took AWSCURRENT; the old one now has "
	       "AWSPREVIOUS.\n");
	return 0;
}

/* A copy of an iterator's next-page token (NULL on the last page). */
static int copy_token(char **out, const char *token)
{
	*out = NULL;
	if (!token)
		return 0;
	*out = malloc(strlen(token) + 1);
	if (!*out) {
		fprintf(stderr, "quickstart: out of memory\n");
		return -1;
	}
	strcpy(*out, token);
	return 0;
}

static void show_version(const sv_version *ver)
{
	char buf[32];

	printf("   - %-15s %s\n", "VersionId:", sv_version_id(ver));
	printf("     %-15s %s\n", "CreatedDate:",
	       iso8601(buf, sizeof buf, sv_version_created_date(ver)));
	show_stages("     ", sv_version_stage_count(ver), version_stage, ver);
}

/* One page of ListSecretVersionIds; *next gets the next page's token. */
static int versions_page(sv_vault *v, sv_version_list_options *o, char **next)
{
	const sv_version *ver;
	sv_iter *it = NULL;
	int rc = sv_version_list(&it, v, NAME, o);

	if (rc != SV_OK)
		return fail("sv_version_list", rc);
	if (!o->next_token)
		printf("   %s (%s)\n", sv_iter_name(it), sv_iter_arn(it));
	while ((rc = sv_iter_next_version(&ver, it)) == SV_OK)
		show_version(ver);
	if (rc == SV_ITEROVER)
		rc = copy_token(next, sv_iter_next_token(it));
	else
		rc = fail("sv_iter_next_version", rc);
	sv_iter_free(it);
	return rc;
}

static int list_versions(sv_vault *v)
{
	sv_version_list_options o = SV_VERSION_LIST_OPTIONS_INIT;
	char *token = NULL, *next = NULL;

	step("ListSecretVersionIds: the versions of " NAME " and their labels",
	     "aws secretsmanager list-secret-version-ids --secret-id " NAME
	     " --include-deprecated");
	o.include_deprecated = 1;
	do {
		o.next_token = token;
		if (versions_page(v, &o, &next) != 0) {
			free(token);
			return -1;
		}
		free(token);
		token = next;
	} while (token);
	return 0;
}

static void show_listed(const sv_secret *s)
{
	const char *desc = sv_secret_description(s);

	printf("   - %-15s %s\n", "Name:", sv_secret_name(s));
	printf("     %-15s %s\n", "ARN:", sv_secret_arn(s));
	if (desc)
		printf("     %-15s %s\n", "Description:", desc);
}

/* One page of ListSecrets; *next gets the next page's token. */
static int secrets_page(sv_vault *v, const sv_list_options *o, char **next)
{
	const sv_secret *s;
	sv_iter *it = NULL;
	int rc = sv_secret_list(&it, v, o);

	if (rc != SV_OK)
		return fail("sv_secret_list", rc);
	while ((rc = sv_iter_next_secret(&s, it)) == SV_OK)
		show_listed(s);
	if (rc == SV_ITEROVER)
		rc = copy_token(next, sv_iter_next_token(it));
	else
		rc = fail("sv_iter_next_secret", rc);
	sv_iter_free(it);
	return rc;
}

static int list_secrets(sv_vault *v)
{
	static const char *const values[] = { "MyTest" };
	sv_list_filter filter = { "name", values, 1 };
	sv_list_options o = SV_LIST_OPTIONS_INIT;
	char *token = NULL, *next = NULL;

	step("ListSecrets whose name begins with MyTest",
	     "aws secretsmanager list-secrets --filters "
	     "Key=\"name\",Values=\"MyTest\"");
	o.filters = &filter;
	o.filter_count = 1;
	do {
		o.next_token = token;
		if (secrets_page(v, &o, &next) != 0) {
			free(token);
			return -1;
		}
		free(token);
		token = next;
	} while (token);
	return 0;
}

static void show_described(const sv_secret *s)
{
	const char *desc = sv_secret_description(s);
	const char *kms = sv_secret_kms_key_id(s);

	field("ARN:", sv_secret_arn(s));
	field("Name:", sv_secret_name(s));
	field("Description:", desc ? desc : "(none)");
	field("KmsKeyId:",
	      kms ? kms : "(the default key, " SV_DEFAULT_KEY_ALIAS ")");
	show_date("CreatedDate:", sv_secret_created_date(s));
	show_date("LastChangedDate:", sv_secret_last_changed_date(s));
	show_date("LastAccessedDate:", sv_secret_last_accessed_date(s));
	show_date("DeletedDate:", sv_secret_deleted_date(s));
	printf("   VersionIdsToStages:\n");
	for (size_t i = 0; i < sv_secret_version_count(s); i++) {
		printf("     %s:", sv_secret_version_id(s, i));
		for (size_t j = 0; j < sv_secret_version_stage_count(s, i); j++)
			printf(" %s", sv_secret_version_stage(s, i, j));
		printf("\n");
	}
}

static int describe(sv_vault *v)
{
	sv_secret *s = NULL;
	int rc;

	step("DescribeSecret " NAME,
	     "aws secretsmanager describe-secret --secret-id " NAME);
	rc = sv_secret_describe(&s, v, NAME);
	if (rc != SV_OK)
		return fail("sv_secret_describe", rc);
	show_described(s);
	sv_secret_free(s);
	return 0;
}

static int delete_secret(sv_vault *v, uint32_t days, uint32_t force)
{
	sv_delete_options o = SV_DELETE_OPTIONS_INIT;
	sv_result *r = NULL;
	int rc;

	o.recovery_window_days = days;
	o.force_delete_without_recovery = force;
	rc = sv_secret_delete(&r, v, NAME, &o);
	if (rc != SV_OK)
		return fail("sv_secret_delete", rc);
	show_result(r);
	sv_result_free(r);
	return 0;
}

static int delete_with_window(sv_vault *v)
{
	step("DeleteSecret " NAME " with a 7-day recovery window",
	     "aws secretsmanager delete-secret --secret-id " NAME
	     " --recovery-window-in-days 7");
	if (delete_secret(v, 7, 0) != 0)
		return -1;
	printf("   Until then the secret can be restored; its value cannot be "
	       "read.\n");
	return 0;
}

/* GetSecretValue on a secret scheduled for deletion must be refused. */
static int get_refused(sv_vault *v)
{
	sv_value *val = NULL;
	int rc;

	step("GetSecretValue " NAME " while it is scheduled for deletion",
	     "aws secretsmanager get-secret-value --secret-id " NAME);
	rc = sv_secret_get_value(&val, v, NAME, NULL);
	if (rc == SV_OK) {
		sv_value_free(val);
		fprintf(stderr, "quickstart: reading a secret marked for "
				"deletion succeeded; it must fail\n");
		return -1;
	}
	if (rc != SV_EDELETED)
		return fail("sv_secret_get_value (expected SV_EDELETED)", rc);
	show_error(rc);
	printf("   (as expected: sv_secret_get_value returned SV_EDELETED)\n");
	return 0;
}

static int restore(sv_vault *v)
{
	sv_result *r = NULL;
	int rc;

	step("RestoreSecret " NAME,
	     "aws secretsmanager restore-secret --secret-id " NAME);
	rc = sv_secret_restore(&r, v, NAME);
	if (rc != SV_OK)
		return fail("sv_secret_restore", rc);
	show_result(r);
	sv_result_free(r);
	return 0;
}

static int force_delete(sv_vault *v)
{
	step("DeleteSecret " NAME " at once, without recovery",
	     "aws secretsmanager delete-secret --secret-id " NAME
	     " --force-delete-without-recovery");
	return delete_secret(v, 0, 1);
}

/* DescribeSecret on a secret deleted for good must say it is not found. */
static int describe_gone(sv_vault *v)
{
	sv_secret *s = NULL;
	int rc;

	step("DescribeSecret " NAME " after the forced delete",
	     "aws secretsmanager describe-secret --secret-id " NAME);
	rc = sv_secret_describe(&s, v, NAME);
	if (rc == SV_OK) {
		sv_secret_free(s);
		fprintf(stderr, "quickstart: a force-deleted secret is still "
				"described; it must be gone\n");
		return -1;
	}
	if (rc != SV_ENOTFOUND)
		return fail("sv_secret_describe (expected SV_ENOTFOUND)", rc);
	show_error(rc);
	printf("   (as expected: sv_secret_describe returned SV_ENOTFOUND)\n");
	return 0;
}

static int tutorial(sv_vault *v, const struct paths *p)
{
	if (create_from_string(v) != 0 || create_from_file(v, p->creds) != 0)
		return -1;
	if (get_value(v, "GetSecretValue " NAME) != 0 || put_value(v) != 0 ||
	    list_versions(v) != 0 || list_secrets(v) != 0 || describe(v) != 0)
		return -1;
	if (delete_with_window(v) != 0 || get_refused(v) != 0 ||
	    restore(v) != 0)
		return -1;
	if (get_value(v, "GetSecretValue " NAME " after the restore") != 0 ||
	    force_delete(v) != 0 || describe_gone(v) != 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct paths p;
	sv_vault *v = NULL;
	int rc;

	if (argc != 2 || argv[1][0] == '\0') {
		fprintf(stderr,
			"usage: %s VAULT_DIR\n"
			"  VAULT_DIR must not exist; VAULT_DIR.key is "
			"created beside it\n",
			argc > 0 ? argv[0] : "quickstart");
		return 2;
	}
	if (make_paths(&p, argv[1]) != 0)
		return 2;
	printf("libsecretvault %s quick start: the AWS Secrets Manager "
	       "tutorial, locally\n\n",
	       sv_version_string());
	rc = create_vault(&v, &p);
	if (rc == 0)
		rc = tutorial(v, &p);
	sv_vault_close(v);
	if (rc != 0) {
		fprintf(stderr, "quickstart: stopped at the step above\n");
		return 1;
	}
	printf("\nDone. %s is still in the vault; open it again with "
	       "sv_vault_open() and the key file %s.\n",
	       NAME1, p.key);
	return 0;
}
