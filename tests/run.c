/*
 * run.c - runs every registered test, or those whose name contains one of
 * the comma-separated words of argv[1],
 * each in a forked child with a fresh directory and a time limit, and ends
 * with the line "N passed, N failed".
 */
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define MAX_TESTS 1024
#define TIME_LIMIT_S 300

static struct {
	const char *name;
	test_fn fn;
} tests[MAX_TESTS];
static int ntests;
static char current_dir[4096];

void test_register(const char *name, test_fn fn)
{
	if (ntests < MAX_TESTS) {
		tests[ntests].name = name;
		tests[ntests].fn = fn;
		ntests++;
	}
}

const char *test_dir(void)
{
	return current_dir;
}

const char *test_path(const char *leaf)
{
	static char bufs[64][8192];
	static int slot;
	char *b = bufs[slot++ & 63];
	snprintf(b, sizeof bufs[0], "%s/%s", current_dir, leaf);
	return b;
}

static int rm_entry(const char *p, const struct stat *sb, int flag,
		    struct FTW *f)
{
	(void)sb, (void)flag, (void)f;
	return remove(p);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int run_one(int i)
{
	char tmpl[] = "/tmp/svtest.XXXXXX";
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 0;
	}
	snprintf(current_dir, sizeof current_dir, "%s", tmpl);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(TIME_LIMIT_S);
		tests[i].fn();
		fflush(NULL);
		exit(0); /* not _exit: LeakSanitizer checks at exit */
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	nftw(tmpl, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (ok)
		printf("ok   %s\n", tests[i].name);
	else if (WIFSIGNALED(status))
		printf("FAIL %s (signal %d)\n", tests[i].name,
		       WTERMSIG(status));
	else
		printf("FAIL %s (exit %d)\n", tests[i].name,
		       WEXITSTATUS(status));
	fflush(stdout);
	return ok;
}

/* @filter is one or more substrings separated by commas. */
static int matches(const char *name, const char *filter)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", filter);
	for (char *save, *part = strtok_r(buf, ",", &save); part;
	     part = strtok_r(NULL, ",", &save))
		if (strstr(name, part))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;
	/* Sort by name so runs are reproducible whatever the link order. */
	qsort(tests, (size_t)ntests, sizeof tests[0], cmp_name);
	if (argc > 1 && strcmp(argv[1], "--list") == 0) {
		for (int i = 0; i < ntests; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	for (int i = 0; i < ntests; i++) {
		if (filter && !matches(tests[i].name, filter))
			continue;
		if (run_one(i))
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 && passed > 0 ? 0 : 1;
}
