/* Damaged files and a small map: the open fails with a clear error, never
 * a crash; a map that is full grows and the write goes through. */
#include <fcntl.h>
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
