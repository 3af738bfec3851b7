/* util.c - timing, pinning, files and child processes for the benchmark. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* splitmix64: deterministic, so every run reads the same sequence. */
uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static cpu_set_t original_mask;
static int have_mask;

void remember_affinity(void)
{
	CPU_ZERO(&original_mask);
	have_mask =
		sched_getaffinity(0, sizeof original_mask, &original_mask) == 0;
}

int cpu_count(void)
{
	return have_mask ? CPU_COUNT(&original_mask) : 1;
}

/* The @cpu-th CPU of the original mask (so pinning works in a cpuset). */
static int nth_cpu(int cpu)
{
	if (!have_mask)
		return cpu;
	for (int c = 0, seen = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &original_mask) && seen++ == cpu)
			return c;
	return -1;
}

int pin_cpu(int cpu)
{
	cpu_set_t s;
	int c = nth_cpu(cpu);
	if (c < 0)
		return -1;
	CPU_ZERO(&s);
	CPU_SET(c, &s);
	return sched_setaffinity(0, sizeof s, &s);
}

void unpin_cpu(void)
{
	if (have_mask)
		sched_setaffinity(0, sizeof original_mask, &original_mask);
}

int write_file(const char *path, const void *p, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	const char *b = p;
	while (len) {
		ssize_t w = write(fd, b, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		b += w;
		len -= (size_t)w;
	}
	return close(fd);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void remove_tree(const char *path)
{
	nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

int in_path(const char *prog)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	char buf[4096];
	while (*path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);
		if (n && n + strlen(prog) + 2 < sizeof buf) {
			memcpy(buf, path, n);
			buf[n] = '/';
			strcpy(buf + n + 1, prog);
			if (access(buf, X_OK) == 0)
				return 1;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return 0;
}

extern char **environ;

/* environ plus @extra ("NAME=VALUE", replacing a variable of that name). */
static char **child_env(char *const extra[])
{
	size_t n = 0, k = 0;
	while (environ[n])
		n++;
	while (extra && extra[k])
		k++;
	char **e = calloc(n + k + 1, sizeof *e);
	if (!e)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int replaced = 0;
		for (size_t j = 0; j < k && !replaced; j++) {
			const char *eq = strchr(extra[j], '=');
			size_t len = eq ? (size_t)(eq - extra[j]) + 1
					: strlen(extra[j]);
			replaced = strncmp(environ[i], extra[j], len) == 0;
		}
		if (!replaced)
			e[o++] = environ[i];
	}
	for (size_t j = 0; j < k; j++)
		e[o++] = extra[j];
	e[o] = NULL;
	return e;
}

/*
 * posix_spawn (vfork-like in glibc), so that the cost of starting a child
 * does not grow with the size of this process: the CLI is timed as the
 * process a shell would start.
 */
int run_cmd(char *const argv[], char *const env[], char *out, size_t cap,
	    int show_err)
{
	int pfd[2] = { -1, -1 };
	if (out && pipe2(pfd, O_CLOEXEC) != 0)
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out) {
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
		posix_spawn_file_actions_addclose(&fa, pfd[0]);
		posix_spawn_file_actions_addclose(&fa, pfd[1]);
	} else {
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
						 0);
	}
	if (!show_err)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
						 0);
	char **e = env ? child_env(env) : environ;
	pid_t pid;
	int rc = e ? posix_spawnp(&pid, argv[0], &fa, NULL, argv, e) : ENOMEM;
	posix_spawn_file_actions_destroy(&fa);
	if (e && e != environ)
		free(e);
	if (out)
		close(pfd[1]);
	if (rc != 0) {
		if (out)
			close(pfd[0]);
		return -1;
	}
	size_t got = 0;
	if (out) {
		for (;;) {
			ssize_t r = read(pfd[0], out + got, cap - 1 - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
			if (got == cap - 1) {
				char sink[256];
				while (read(pfd[0], sink, sizeof sink) > 0)
					;
				break;
			}
		}
		out[got] = '\0';
		close(pfd[0]);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- the data set ----------------------------------------------------- */

static const char alnum[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

void make_name(char out[NAME_CAP], uint32_t i, uint32_t n)
{
	int width = 5;
	for (uint32_t m = n ? n - 1 : 0; m >= 100000; m /= 10)
		width++;
	snprintf(out, NAME_CAP, "bench/%0*u", width, (unsigned)i);
}

/* A database credential as the AWS console stores it, with a "notes"
 * field that brings it to exactly VALUE_BYTES bytes. */
void make_value(char out[VALUE_BYTES], uint32_t i)
{
	uint64_t st = 0x5eed0000ull + i;
	char pw[33];
	for (int k = 0; k < 32; k++)
		pw[k] = alnum[rng_next(&st) % 62];
	pw[32] = '\0';
	char head[512];
	int n = snprintf(
		head, sizeof head,
		"{\"engine\":\"postgres\",\"host\":\"db-%05u.internal.example."
		"com\","
		"\"port\":5432,\"username\":\"svc_%05u\",\"password\":\"%s\","
		"\"dbname\":\"app\",\"options\":{\"sslmode\":\"verify-full\","
		"\"connect_timeout\":10},\"notes\":\"",
		(unsigned)i % 100000u, (unsigned)i % 100000u, pw);
	memcpy(out, head, (size_t)n);
	size_t at = (size_t)n;
	while (at < VALUE_BYTES - 2)
		out[at++] = alnum[rng_next(&st) % 62];
	out[VALUE_BYTES - 2] = '"';
	out[VALUE_BYTES - 1] = '}';
}
