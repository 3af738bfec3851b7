/* Damaged files and a small map: the open fails with a clear error, never
 * a crash; a map that is full grows and the write goes through. */
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "testutil.h"

static int open_vault(void)
{
	sv_vault *v = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	int rc = sv_vault_open(&v, test_path("v"), &k, &o);
	sv_vault_close(v);
	return rc;
}

TEST(files_truncated_or_garbage_data_refused)
{
	sv_vault *v = test_vault_create("v");
	test_create(v, "s", "value", NULL);
	sv_vault_close(v);
	struct stat st;
	ASSERT_EQ(stat(test_path("v/data.mdb"), &st), 0);
	/* Truncated to every page boundary and a few odd sizes. */
	const off_t sizes[] = { 0, 1, 100, 4096, 8192, st.st_size / 2 };
	int failures = 0;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char cmd[512];
		snprintf(cmd, sizeof cmd, "cp -p %s %s",
			 test_path("v/data.mdb"), test_path("data.bak"));
		ASSERT_EQ(system(cmd), 0);
		ASSERT_EQ(truncate(test_path("v/data.mdb"), sizes[i]), 0);
		int rc = open_vault();
		if (rc == SV_OK)
			failures++; /* a truncated file must not open as a vault
				     */
		else if (rc != SV_EFORMAT && rc != SV_EIO &&
			 rc != SV_ENOTFOUND && rc != SV_EINTEGRITY &&
			 rc != SV_EAUTH)
			TEST_FAIL_("size %lld: unexpected %d (%s)",
				   (long long)sizes[i], rc, sv_error_last());
		ASSERT(sv_error_last()[0] != '\0');
		snprintf(cmd, sizeof cmd, "cp -p %s %s", test_path("data.bak"),
			 test_path("v/data.mdb"));
		ASSERT_EQ(system(cmd), 0);
	}
	ASSERT_EQ(failures, 0);
	/* Garbage of the right size. */
	int fd = open(test_path("v/data.mdb"), O_WRONLY);
	char junk[8192];
	memset(junk, 0xa5, sizeof junk);
	ASSERT_EQ(write(fd, junk, sizeof junk), (ssize_t)sizeof junk);
	close(fd);
	int rc = open_vault();
	ASSERT(rc != SV_OK);
	printf("figure: damaged_files=%zu opened=0\n",
	       sizeof sizes / sizeof sizes[0] + 1);
}

TEST(files_small_map_grows)
{
	sv_vault *v = NULL;
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	o.map_size = 64 * 1024; /* sixteen pages: full after a few values */
	ASSERT_OK(sv_vault_create(&v, test_path("v"), &k, &o));
	static char big[60000];
	memset(big, 'b', sizeof big - 1);
	for (int i = 0; i < 20; i++) {
		char name[16];
		snprintf(name, sizeof name, "big%d", i);
		test_create(v, name, big, NULL);
	}
	ASSERT_EQ(strlen(test_get(v, "big19", NULL)),
		  1023); /* test_get keeps 1 KiB */
	sv_vault_close(v);
	struct stat st;
	ASSERT_EQ(stat(test_path("v/data.mdb"), &st), 0);
	ASSERT(st.st_size > 64 * 1024); /* it did grow past the first map */
	v = test_vault_open("v");
	sv_value *val = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "big0", NULL));
	ASSERT_EQ(sv_value_size(val), sizeof big - 1);
	sv_value_free(val);
	sv_vault_close(v);
}

TEST(files_lock_file_removed_is_recreated)
{
	sv_vault *v = test_vault_create("v");
	test_create(v, "s", "value", NULL);
	sv_vault_close(v);
	ASSERT_EQ(unlink(test_path("v/lock.mdb")), 0);
	v = test_vault_open("v");
	ASSERT_STR_EQ(test_get(v, "s", NULL), "value");
	sv_vault_close(v);
	struct stat st;
	ASSERT_EQ(stat(test_path("v/lock.mdb"), &st), 0);
	ASSERT_EQ(st.st_mode & 0777, 0600);
}

/*
 * Read-only places, as an ordinary user meets them.  Modes do not stop
 * root, so under root the test hands its directory to nobody and drops
 * to that user first (each test runs in a process of its own).
 */
static void become_ordinary_user(void)
{
	if (geteuid() != 0)
		return;
	ASSERT_EQ(chown(test_dir(), 65534, 65534), 0);
	ASSERT_EQ(setgroups(0, NULL), 0);
	ASSERT_EQ(setgid(65534), 0);
	ASSERT_EQ(setuid(65534), 0);
	ASSERT_EQ(geteuid(), 65534);
}

TEST(files_read_only_directories_and_files)
{
	become_ordinary_user();
	sv_key_options k = test_passphrase("pw");
	sv_vault_options o = test_vault_options();
	sv_vault *v = NULL;
	struct stat st;
	/* No vault can be made in a read-only directory, and none is left. */
	ASSERT_EQ(mkdir(test_path("ro"), 0555), 0);
	ASSERT_ERR(sv_vault_create(&v, test_path("ro/v"), &k, &o), SV_EIO,
		   NULL);
	ASSERT(strstr(sv_error_last(), "Permission denied") != NULL);
	ASSERT(strstr(sv_error_last(), test_path("ro/v")) != NULL);
	ASSERT(v == NULL);
	ASSERT(stat(test_path("ro/v"), &st) != 0);
	/* A vault whose directory is read-only still works: it only writes
	 * to files that exist. */
	v = test_vault_create("v");
	test_create(v, "s", "one", NULL);
	sv_vault_close(v);
	ASSERT_EQ(chmod(test_path("v"), 0500), 0);
	v = test_vault_open("v");
	test_put(v, "s", "two", NULL, NULL, NULL);
	ASSERT_STR_EQ(test_get(v, "s", NULL), "two");
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	sv_vault_close(v);
	/* Unless its lock file is gone: a clear error that says what the
	 * vault needs. */
	ASSERT_EQ(chmod(test_path("v"), 0700), 0);
	ASSERT_EQ(unlink(test_path("v/lock.mdb")), 0);
	ASSERT_EQ(chmod(test_path("v"), 0500), 0);
	ASSERT_ERR(sv_vault_open(&v, test_path("v"), &k, &o), SV_EIO, NULL);
	ASSERT(strstr(sv_error_last(), test_path("v")) != NULL);
	ASSERT(strstr(sv_error_last(), "lock.mdb") != NULL);
	ASSERT(v == NULL);
	/* A read-only data file: the same. */
	ASSERT_EQ(chmod(test_path("v"), 0700), 0);
	ASSERT_EQ(chmod(test_path("v/data.mdb"), 0400), 0);
	ASSERT_ERR(sv_vault_open(&v, test_path("v"), &k, &o), SV_EIO, NULL);
	ASSERT(strstr(sv_error_last(), "Permission denied") != NULL);
	ASSERT(v == NULL);
	/* Writable again: everything is as it was. */
	ASSERT_EQ(chmod(test_path("v/data.mdb"), 0600), 0);
	v = test_vault_open("v");
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	ASSERT_STR_EQ(test_get(v, "s", NULL), "two");
	sv_vault_close(v);
}
