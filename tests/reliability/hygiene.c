/* Nothing in plaintext, and every allocation failure is clean.
 *
 * Canaries (random, made at run time so they are in no binary) are
 * written, overwritten, deleted and purged; none of them, nor their hex or
 * base64 forms, may appear in data.mdb, lock.mdb or any error message.
 * Then every allocation of the main operations is made to fail in turn:
 * each must give SV_ENOMEM and leave the vault as it was (leaks are
 * caught by the ASan run of the same test). */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "harness.h"
#include "testutil.h"
#include "util/mem.h"

#define CANARIES 6

static char canary[CANARIES][65];

static uint8_t *slurp(const char *path, size_t *n)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	ASSERT(fd >= 0 && fstat(fd, &st) == 0);
	uint8_t *p = malloc((size_t)st.st_size + 1);
	ASSERT(read(fd, p, (size_t)st.st_size) == st.st_size);
	close(fd);
	*n = (size_t)st.st_size;
	return p;
}

/* Hits of every canary in every form in @p. */
static int hits_in(const void *p, size_t n)
{
	int hits = 0;
	for (int i = 0; i < CANARIES; i++) {
		char hex[129], b64[100];
		sodium_bin2hex(hex, sizeof hex, (const uint8_t *)canary[i], 64);
		sodium_bin2base64(b64, sizeof b64, (const uint8_t *)canary[i],
				  64, sodium_base64_VARIANT_ORIGINAL);
		/* A 24-character prefix of each form is enough to find it. */
		hits += test_contains(p, n, canary[i], 24) +
			test_contains(p, n, hex, 24) +
			test_contains(p, n, b64, 24);
	}
	return hits;
}

static int file_hits(const char *leaf)
{
	size_t n;
	uint8_t *p = slurp(test_path(leaf), &n);
	int h = hits_in(p, n);
	free(p);
	return h;
}

static int message_hits(void)
{
	return hits_in(sv_error_last(), strlen(sv_error_last()));
}

TEST(canaries_never_in_files_or_messages)
{
	ASSERT(sodium_init() >= 0);
	for (int i = 0; i < CANARIES; i++) {
		uint8_t r[32];
		randombytes_buf(r, sizeof r);
		sodium_bin2hex(canary[i], sizeof canary[i], r, sizeof r);
	}
	sv_vault *v = test_vault_create("v");
	int msg_hits = 0;
	test_create(v, "a", canary[0], NULL);
	test_put(v, "a", canary[1], "00000000-4444-4000-8000-000000000001",
		 NULL, NULL);
	test_put(v, "a", canary[2], NULL, NULL, NULL); /* overwrites current */
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	o.secret_binary = canary[3];
	o.secret_binary_len = 64;
	ASSERT_OK(sv_secret_create(NULL, v, "b", &o));
	test_create(v, "c", canary[4], NULL);
	test_create(v, "d", canary[5], NULL);
	/* Errors around the values: a token reused with another value, a
	 * value too large, a property that is missing, a bad sv_call body. */
	sv_put_options p = SV_PUT_OPTIONS_INIT;
	p.secret_string = canary[0];
	p.secret_string_len = 64;
	p.client_request_token = "00000000-4444-4000-8000-000000000001";
	ASSERT_EQ(sv_secret_put_value(NULL, v, "a", &p), SV_EEXISTS);
	msg_hits += message_hits();
	sv_value *val = NULL, *prop = NULL;
	ASSERT_OK(sv_secret_get_value(&val, v, "c", NULL));
	ASSERT_EQ(sv_value_property(&prop, val, "x.y"),
		  SV_EINVALID); /* not JSON */
	msg_hits += message_hits();
	sv_value_free(val);
	char body[256], *resp = NULL;
	snprintf(body, sizeof body,
		 "{\"SecretId\":\"a\",\"SecretString\":\"%s\"}", canary[1]);
	ASSERT_EQ(sv_call(&resp, NULL, v, "PutSecretValue", body, strlen(body)),
		  SV_EREQUEST);
	msg_hits += hits_in(resp, strlen(resp)) + message_hits();
	sv_call_free(resp);
	snprintf(body, sizeof body,
		 "{\"SecretId\":\"a\",\"SecretString\":\"%s\",\"Bad\":",
		 canary[1]);
	ASSERT_EQ(sv_call(&resp, NULL, v, "PutSecretValue", body, strlen(body)),
		  SV_ESERIALIZATION);
	msg_hits += hits_in(resp, strlen(resp)) + message_hits();
	sv_call_free(resp);
	/* Delete, force-delete, purge. */
	sv_delete_options d = SV_DELETE_OPTIONS_INIT;
	d.force_delete_without_recovery = 1;
	ASSERT_OK(sv_secret_delete(NULL, v, "c", &d));
	ASSERT_OK(sv_secret_delete(NULL, v, "d", NULL));
	test_clock_ms += 31 * 86400000LL;
	uint64_t purged;
	ASSERT_OK(sv_vault_purge(&purged, v));
	ASSERT_EQ(purged, 1);
	sv_vault_close(v);
	int data = file_hits("v/data.mdb"), lock = file_hits("v/lock.mdb");
	printf("figure: canary_hits=%d (data.mdb %d, lock.mdb %d, messages "
	       "%d)\n",
	       data + lock + msg_hits, data, lock, msg_hits);
	ASSERT_EQ(data + lock + msg_hits, 0);
	/* The scan itself works: a file holding a canary is found. */
	ASSERT_EQ(test_write_file(test_path("probe"), canary[2], 64, 0600), 0);
	ASSERT(file_hits("probe") > 0);
}

/* ---- Allocation failures ----------------------------------------------- */

typedef int (*op_fn)(sv_vault *v);

static int op_create(sv_vault *v)
{
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	sv_tag t = { "k", "v" };
	o.secret_string = "fresh";
	o.secret_string_len = 5;
	o.description = "d";
	o.tags = &t;
	o.tag_count = 1;
	return sv_secret_create(NULL, v, "new", &o);
}

static int op_put(sv_vault *v)
{
	const char *st[] = { "AWSPENDING", "X" };
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	o.secret_string = "next";
	o.secret_string_len = 4;
	o.version_stages = st;
	o.version_stage_count = 2;
	return sv_secret_put_value(NULL, v, "s", &o);
}

static int op_get(sv_vault *v)
{
	sv_value *val = NULL;
	int rc = sv_secret_get_value(&val, v, "s", NULL);
	sv_value_free(val);
	return rc;
}

static int op_describe(sv_vault *v)
{
	sv_secret *s = NULL;
	int rc = sv_secret_describe(&s, v, "s");
	sv_secret_free(s);
	return rc;
}

static int op_list(sv_vault *v)
{
	sv_iter *it = NULL;
	int rc = sv_secret_list(&it, v, NULL);
	sv_iter_free(it);
	return rc;
}

static int op_versions(sv_vault *v)
{
	sv_iter *it = NULL;
	sv_version_list_options o = SV_VERSION_LIST_OPTIONS_INIT;
	o.include_deprecated = 1;
	int rc = sv_version_list(&it, v, "s", &o);
	sv_iter_free(it);
	return rc;
}

static int op_stage(sv_vault *v)
{
	return sv_version_stage_update(NULL, v, "s", "BLUE",
				       "00000000-4444-4000-8000-0000000000aa",
				       NULL);
}

static int op_tag(sv_vault *v)
{
	sv_tag t = { "team", "x" };
	return sv_secret_tag(v, "s", &t, 1);
}

static int op_delete(sv_vault *v)
{
	return sv_secret_delete(NULL, v, "s", NULL);
}

static int op_call(sv_vault *v)
{
	char *resp = NULL;
	const char *body = "{\"SecretId\":\"s\"}";
	int rc = sv_call(&resp, NULL, v, "DescribeSecret", body, strlen(body));
	sv_call_free(resp);
	return rc;
}

TEST(allocation_failures_are_clean)
{
	static const struct {
		const char *name;
		op_fn fn;
	} ops[] = { { "create", op_create }, { "put", op_put },
		    { "get", op_get },	     { "describe", op_describe },
		    { "list", op_list },     { "versions", op_versions },
		    { "stage", op_stage },   { "tag", op_tag },
		    { "sv_call", op_call },  { "delete", op_delete } };
	sv_vault *v = test_vault_create("v");
	sv_create_options o = SV_CREATE_OPTIONS_INIT;
	o.secret_string = "first";
	o.secret_string_len = 5;
	o.client_request_token = "00000000-4444-4000-8000-0000000000aa";
	ASSERT_OK(sv_secret_create(NULL, v, "s", &o));
	(void)op_get(v); /* the access day is recorded once */
	uint64_t injected = 0;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		int done = 0;
		for (uint64_t n = 1; !done && n < 5000; n++) {
			uint8_t before[32], after[32];
			test_vault_digest(before, v);
			sv__mem_fail_after(n);
			int rc = ops[i].fn(v);
			sv__mem_fail_after(0);
			if (rc == SV_OK) {
				done = 1;
				break;
			}
			injected++;
			if (rc != SV_ENOMEM)
				TEST_FAIL_(
					"%s: allocation %llu failed as %d (%s)",
					ops[i].name, (unsigned long long)n, rc,
					sv_error_last());
			test_vault_digest(after, v);
			if (memcmp(before, after, 32) != 0)
				TEST_FAIL_("%s: allocation %llu failure "
					   "changed the vault",
					   ops[i].name, (unsigned long long)n);
		}
		ASSERT(done);
	}
	printf("figure: allocation_failures=%llu all_enomem_and_unchanged=1\n",
	       (unsigned long long)injected);
	sv_vault_close(v);
}
