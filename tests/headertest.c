/*
 * headertest.c - the public headers compile alone as strict C99
 * (make headertest: -std=c99 -pedantic -Wall -Wextra -Werror, -c only),
 * in the manner of libgit2's headertest.  Nothing is included before them.
 *
 * Every SV_*_INIT initialiser of secretvault.h is used: the Makefile
 * writes build/headertest/inits.h with one line per macro found in the
 * header, so a new one cannot be forgotten.
 */
#include "secretvault.h"
#include "secretvault_sys.h"

/* The version macros agree with each other (compile-time check). */
#define HEADERTEST_VERSION                                                     \
	(SV_VERSION_MAJOR * 10000 + SV_VERSION_MINOR * 100 + SV_VERSION_PATCH)
typedef char headertest_ok[SV_VERSION_NUMBER == HEADERTEST_VERSION ? 1 : -1];

int headertest_c(void);

int headertest_c(void)
{
	int sum = 0;
#include "inits.h"
	return sum + (int)sizeof(sv_provider) + SV_PROVIDER_ABI + SV_OK;
}
