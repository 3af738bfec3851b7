/* Crash safety and faults: a writer killed with SIGKILL at random points
 * loses nothing it acknowledged; a failing commit or a full file system
 * fails the call cleanly and leaves the vault as it was. */
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "api/internal.h"
#include "harness.h"
#include "testutil.h"

#define KILLS 200

/* The writer: puts and creates forever, reporting each acknowledged
 * version on the pipe after the call returned. */
static void writer(int fd, int round)
{
	sv_vault *v = test_vault_open("v");
	for (int i = 0;; i++) {
		char token[40], value[48], name[32];
		snprintf(token, sizeof token, "%08d-2222-4000-8000-%012d",
			 round, i);
		snprintf(value, sizeof value, "value-%d-%d", round, i);
		int rc;
		if (i % 5 == 4) {
			snprintf(name, sizeof name, "c-%d-%d", round, i);
			sv_create_options o = SV_CREATE_OPTIONS_INIT;
			o.secret_string = value;
			o.secret_string_len = strlen(value);
			o.client_request_token = token;
			rc = sv_secret_create(NULL, v, name, &o);
		} else {
			snprintf(name, sizeof name, "s");
			sv_put_options o = SV_PUT_OPTIONS_INIT;
			o.secret_string = value;
			o.secret_string_len = strlen(value);
			o.client_request_token = token;
			rc = sv_secret_put_value(NULL, v, name, &o);
		}
		if (rc != SV_OK)
			_exit(3);
		char line[128];
		int n = snprintf(line, sizeof line, "%s %s %s\n", name, token,
				 value);
		if (write(fd, line, (size_t)n) != n)
			_exit(4);
	}
}

static int check_acknowledged(sv_vault *v, char *lines, uint64_t *count)
{
	int lost = 0;
	for (char *l = strtok(lines, "\n"); l; l = strtok(NULL, "\n")) {
		char name[32], token[40], value[48];
		if (sscanf(l, "%31s %39s %47s", name, token, value) != 3)
			continue; /* a line cut by the kill was not acknowledged
				   */
		sv_get_options o = SV_GET_OPTIONS_INIT;
		sv_value *val = NULL;
		o.version_id = token;
		if (sv_secret_get_value(&val, v, name, &o) != SV_OK ||
		    strcmp(sv_value_data(val), value) != 0) {
			fprintf(stderr, "lost %s %s: %s\n", name, token,
				sv_error_last());
			lost++;
		}
		sv_value_free(val);
		(*count)++;
	}
	return lost;
}

TEST(crash_sigkill_loses_nothing_acknowledged)
{
	sv_vault *v = test_vault_create("v");
	test_create(v, "s", "start", NULL);
	sv_vault_close(v);
	uint64_t acknowledged = 0;
	int lost = 0;
	srand((unsigned)time(NULL));
	static char lines[1 << 20];
	for (int round = 0; round < KILLS; round++) {
		int fds[2];
		ASSERT_EQ(pipe(fds), 0);
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			writer(fds[1], round);
		}
		close(fds[1]);
		struct timespec d = { 0, (1 + rand() % 50) * 1000000L };
		nanosleep(&d, NULL);
		kill(pid, SIGKILL);
		size_t n = 0;
		ssize_t r;
		while ((r = read(fds[0], lines + n, sizeof lines - 1 - n)) > 0)
			n += (size_t)r;
		lines[n] = 0;
		close(fds[0]);
		int status;
		waitpid(pid, &status, 0);
		ASSERT(WIFSIGNALED(status)); /* it was killed, not failed */
		v = test_vault_open("v");    /* opens after every crash */
		lost += check_acknowledged(v, lines, &acknowledged);
		sv_vault_close(v);
	}
	/* Exactly one current version, and a final clean read. */
	v = test_vault_open("v");
	sv_iter *it = NULL;
	const sv_version *ver;
	int current = 0;
	ASSERT_OK(sv_version_list(&it, v, "s", NULL));
	while (sv_iter_next_version(&ver, it) == SV_OK)
		for (size_t i = 0; i < sv_version_stage_count(ver); i++)
			current += strcmp(sv_version_stage(ver, i),
					  "AWSCURRENT") == 0;
	sv_iter_free(it);
	ASSERT_EQ(current, 1);
	sv_vault_close(v);
	printf("figure: kills=%d acknowledged=%llu lost=%d\n", KILLS,
	       (unsigned long long)acknowledged, lost);
	ASSERT(acknowledged > KILLS); /* the writer did get work done */
	ASSERT_EQ(lost, 0);
}

TEST(crash_failed_commit_changes_nothing)
{
	sv_vault *v = test_vault_create("v");
	test_create(v, "s", "one", NULL);
	uint8_t before[32], after[32];
	test_vault_digest(before, v);
	sv__store_fail_commits = 1;
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	o.secret_string = "two";
	o.secret_string_len = 3;
	ASSERT_ERR(sv_secret_put_value(NULL, v, "s", &o), SV_EIO, NULL);
	sv__store_fail_commits = 1;
	ASSERT_ERR(sv_secret_delete(NULL, v, "s", NULL), SV_EIO, NULL);
	sv__store_fail_commits = 1;
	ASSERT_ERR(sv_key_rotate(NULL, v, SV_DEFAULT_KEY_ALIAS), SV_EIO, NULL);
	test_vault_digest(after, v);
	ASSERT_MEM_EQ(before, after, 32);
	ASSERT_STR_EQ(test_get(v, "s", NULL), "one");
	test_put(v, "s", "two", NULL, NULL, NULL); /* and it works again */
	ASSERT_STR_EQ(test_get(v, "s", NULL), "two");
	sv_vault_close(v);
}

/* A file-size limit makes LMDB's writes fail (EFBIG) as a full disk would. */
TEST(crash_file_size_limit_fails_cleanly)
{
	sv_vault *v = test_vault_create("v");
	test_create(v, "s", "small", NULL);
	sv_vault_close(v);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		struct stat st;
		stat(test_path("v/data.mdb"), &st);
		struct rlimit rl = { (rlim_t)st.st_size, (rlim_t)st.st_size };
		setrlimit(RLIMIT_FSIZE, &rl);
		sv_vault *w = test_vault_open("v");
		static char big[60000];
		memset(big, 'x', sizeof big);
		int failed = 0;
		for (int i = 0; i < 50 && !failed; i++) {
			sv_put_options o = SV_PUT_OPTIONS_INIT;
			o.secret_string = big;
			o.secret_string_len = sizeof big;
			int rc = sv_secret_put_value(NULL, w, "s", &o);
			if (rc != SV_OK) {
				failed = 1;
				if (rc != SV_EIO && rc != SV_EFULL)
					_exit(2);
			}
		}
		sv_vault_close(w);
		_exit(failed ? 0 : 3);
	}
	int status;
	waitpid(pid, &status, 0);
	ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	v = test_vault_open("v"); /* consistent afterwards */
	ASSERT(strcmp(test_get(v, "s", NULL), "small") == 0 ||
	       strlen(test_get(v, "s", NULL)) == 60000);
	test_put(v, "s", "after", NULL, NULL, NULL);
	ASSERT_STR_EQ(test_get(v, "s", NULL), "after");
	sv_vault_close(v);
}
