/*
 * harness.h - the in-tree test harness (libuv task.h / LMDB mtest style).
 *
 * TEST(name) { ... } defines and registers a test.  Each test runs in its
 * own child process with a fresh temporary directory (test_dir()) and a
 * time limit, so a failing ASSERT (which prints and aborts) cannot take
 * the other tests down.  The ASSERT macros never compile out.
 */
#ifndef SV_TEST_HARNESS_H
#define SV_TEST_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secretvault.h"

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
const char *test_dir(void);
/* A path inside test_dir(); 64 calls may be kept before buffers reuse. */
const char *test_path(const char *leaf);

/* 1 if @msg is NULL or equals sv_error_last(). */
static inline int test_msg_is(const char *msg)
{
	return msg == NULL || strcmp(sv_error_last(), msg) == 0;
}

#define TEST(name)                                                             \
	static void test_##name(void);                                         \
	__attribute__((constructor)) static void register_##name(void)         \
	{                                                                      \
		test_register(#name, test_##name);                             \
	}                                                                      \
	static void test_##name(void)

#define TEST_FAIL_(...)                                                        \
	do {                                                                   \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                \
		fprintf(stderr, __VA_ARGS__);                                  \
		fprintf(stderr, "\n  last error: %s\n", sv_error_last());      \
		fflush(stderr);                                                \
		abort();                                                       \
	} while (0)

#define ASSERT(expr)                                                           \
	do {                                                                   \
		if (!(expr))                                                   \
			TEST_FAIL_("assertion failed: %s", #expr);             \
	} while (0)

#define ASSERT_EQ(a, b)                                                        \
	do {                                                                   \
		int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);                  \
		if (a_ != b_)                                                  \
			TEST_FAIL_("%s == %s: %" PRId64 " != %" PRId64, #a,    \
				   #b, a_, b_);                                \
	} while (0)

#define ASSERT_OK(call)                                                        \
	do {                                                                   \
		int rc_ = (call);                                              \
		if (rc_ != 0)                                                  \
			TEST_FAIL_("%s returned %d (%s)", #call, rc_,          \
				   sv_strerror(rc_));                          \
	} while (0)

#define ASSERT_STR_EQ(a, b)                                                    \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)           \
			TEST_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b,       \
				   a_ ? a_ : "(null)", b_ ? b_ : "(null)");    \
	} while (0)

#define ASSERT_MEM_EQ(a, b, n)                                                 \
	do {                                                                   \
		if (memcmp((a), (b), (n)) != 0)                                \
			TEST_FAIL_("%s == %s (%zu bytes) differ", #a, #b,      \
				   (size_t)(n));                               \
	} while (0)

/* The call fails with @code and sv_error_last() equals @msg (if non-NULL). */
#define ASSERT_ERR(call, code, msg)                                            \
	do {                                                                   \
		int rc_ = (call);                                              \
		if (rc_ != (code))                                             \
			TEST_FAIL_("%s returned %d (%s), expected %d (%s)",    \
				   #call, rc_, sv_strerror(rc_), (int)(code),  \
				   sv_strerror(code));                         \
		if (!test_msg_is(msg))                                         \
			TEST_FAIL_("%s: message \"%s\", expected \"%s\"",      \
				   #call, sv_error_last(),                     \
				   (const char *)(msg));                       \
	} while (0)

#endif
