/* Concurrency: processes and threads writing one secret while others read
 * it.  Every acknowledged version is present, exactly one AWSCURRENT, the
 * AWSPREVIOUS is the version that was current before it, and no reader
 * ever sees an error or a torn value. */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/internal.h"
#include "api/meta.h"
#include "harness.h"
#include "testutil.h"

#define WRITERS 4
#define PUTS 500
#define READERS 2

static void token_of(char *out, int w, int i)
{
	snprintf(out, 40, "%08d-3333-4000-8000-%012d", w, i);
}

static void value_of(char *out, int w, int i)
{
	snprintf(out, 48, "writer-%d-put-%d-%s", w, i,
		 "padding to make it longer");
}

/* A reader checks that every value it sees is one some writer wrote for
 * the very version it came with: nothing torn, nothing mixed. */
static int read_once(sv_vault *v)
{
	sv_value *val = NULL;
	int rc = sv_secret_get_value(&val, v, "s", NULL);
	if (rc != SV_OK)
		return 1;
	int w, i, bad = 0;
	const char *vid = sv_value_version_id(val);
	if (strcmp(vid, "00000000-3333-4000-8000-999999999999") != 0) {
		char want[48];
		if (sscanf(vid, "%d-3333-4000-8000-%d", &w, &i) != 2)
			bad = 1;
		else {
			value_of(want, w, i);
			bad = strcmp(sv_value_data(val), want) != 0;
		}
	}
	sv_value_free(val);
	return bad;
}

static void check_final(sv_vault *v, int writers, int puts)
{
	for (int w = 0; w < writers; w++)
		for (int i = 0; i < puts; i++) {
			char token[40], want[48];
			token_of(token, w, i);
			value_of(want, w, i);
			sv_get_options o = SV_GET_OPTIONS_INIT;
			sv_value *val = NULL;
			o.version_id = token;
			ASSERT_OK(sv_secret_get_value(&val, v, "s", &o));
			ASSERT_STR_EQ(sv_value_data(val), want);
			sv_value_free(val);
		}
	/* Commit order is the sequence order: AWSPREVIOUS is the version
	 * committed just before the AWSCURRENT one. */
	sv_meta m;
	sv_txn t;
	ASSERT_OK(sv__txn_begin(&t, v->env, 0));
	ASSERT_OK(sv__meta_load(&m, v, &t, "s"));
	sv__txn_abort(&t);
	sv_mversion *cur = sv__meta_stage_holder(&m, "AWSCURRENT");
	sv_mversion *prev = sv__meta_stage_holder(&m, "AWSPREVIOUS");
	ASSERT(cur && prev);
	ASSERT_EQ(prev->seq + 1, cur->seq);
	int currents = 0;
	for (size_t i = 0; i < m.nversions; i++)
		currents += sv__mversion_has(&m.versions[i], "AWSCURRENT");
	ASSERT_EQ(currents, 1);
	sv__meta_clear(&m);
}

static sv_vault *start(void)
{
	sv_vault *v = test_vault_create("v");
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	o.secret_string = "initial";
	o.secret_string_len = 7;
	o.client_request_token = "00000000-3333-4000-8000-999999999999";
	ASSERT_OK(sv_secret_create(NULL, v, "s", &o));
	return v;
}

TEST(concurrent_processes_lose_nothing)
{
	sv_vault *v = start();
	sv_vault_close(v);
	pid_t pids[WRITERS + READERS];
	int stop[2];
	ASSERT_EQ(pipe(stop), 0);
	for (int p = 0; p < WRITERS + READERS; p++) {
		if ((pids[p] = fork()) != 0)
			continue;
		sv_vault *w = test_vault_open("v");
		if (p < WRITERS) {
			for (int i = 0; i < PUTS; i++) {
				char token[40], value[48];
				token_of(token, p, i);
				value_of(value, p, i);
				sv_put_options o = SV_PUT_OPTIONS_INIT;
				o.secret_string = value;
				o.secret_string_len = strlen(value);
				o.client_request_token = token;
				if (sv_secret_put_value(NULL, w, "s", &o) !=
				    SV_OK)
					_exit(10);
			}
			_exit(0);
		}
		close(stop[1]);
		int reads = 0, bad = 0;
		char c;
		/* Read until the writers are done (the pipe closes). */
		for (;;) {
			bad += read_once(w);
			reads++;
			struct timeval tv = { 0, 0 };
			fd_set fds;
			FD_ZERO(&fds);
			FD_SET(stop[0], &fds);
			if (select(stop[0] + 1, &fds, NULL, NULL, &tv) > 0 &&
			    read(stop[0], &c, 1) <= 0)
				break;
		}
		_exit(bad ? 11 : (reads > 0 ? 0 : 12));
	}
	close(stop[0]);
	for (int p = 0; p < WRITERS; p++) {
		int status;
		waitpid(pids[p], &status, 0);
		ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	close(stop[1]); /* tell the readers to finish */
	for (int p = WRITERS; p < WRITERS + READERS; p++) {
		int status;
		waitpid(pids[p], &status, 0);
		ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	v = test_vault_open("v");
	check_final(v, WRITERS, PUTS);
	sv_vault_close(v);
	printf("figure: concurrent_puts=%d lost=0 reader_errors=0\n",
	       WRITERS * PUTS);
}

typedef struct thread_arg {
	int id;
	int failures;
} thread_arg;

static void *thread_writer(void *p)
{
	thread_arg *a = p;
	sv_vault *v = test_vault_open("v"); /* a handle per thread */
	for (int i = 0; i < 100; i++) {
		char token[40], value[48];
		token_of(token, a->id, i);
		value_of(value, a->id, i);
		sv_put_options o = SV_PUT_OPTIONS_INIT;
		o.secret_string = value;
		o.secret_string_len = strlen(value);
		o.client_request_token = token;
		a->failures += sv_secret_put_value(NULL, v, "s", &o) != SV_OK;
	}
	sv_vault_close(v);
	return NULL;
}

static void *thread_reader(void *p)
{
	thread_arg *a = p;
	sv_vault *v = test_vault_open("v");
	for (int i = 0; i < 300; i++)
		a->failures += read_once(v);
	sv_vault_close(v);
	return NULL;
}

TEST(concurrent_threads_lose_nothing)
{
	sv_vault *v = start();
	pthread_t th[6];
	thread_arg args[6];
	for (int i = 0; i < 6; i++) {
		args[i].id = i;
		args[i].failures = 0;
		pthread_create(&th[i], NULL,
			       i < 4 ? thread_writer : thread_reader, &args[i]);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		ASSERT_EQ(args[i].failures, 0);
	}
	check_final(v, 4, 100);
	sv_vault_close(v);
	printf("figure: thread_puts=400 lost=0\n");
}

TEST(durable_sync_is_the_default)
{
	sv_vault *v = test_vault_create("v");
	unsigned int flags = sv__store_env_flags(v->env);
	ASSERT((flags & (MDB_NOSYNC | MDB_NOMETASYNC | MDB_MAPASYNC |
			 MDB_WRITEMAP)) == 0);
	ASSERT(flags & MDB_NOTLS);
	sv_vault_close(v);
}
