/*
 * headertest.cpp - the public headers compile alone as strict C++11
 * (make headertest: -std=c++11 -pedantic -Wall -Wextra -Werror, -c only),
 * in the manner of zstd's cxxtest.  Nothing is included before them; the
 * plug-in header comes first here to show it stands on its own.
 *
 * Every SV_*_INIT initialiser of secretvault.h is used: the Makefile
 * writes build/headertest/inits.h with one line per macro found in the
 * header, so a new one cannot be forgotten.
 */
#include "secretvault_sys.h"
#include "secretvault.h"

static_assert(SV_VERSION_NUMBER == SV_VERSION_MAJOR * 10000 +
					   SV_VERSION_MINOR * 100 +
					   SV_VERSION_PATCH,
	      "version macros disagree");

int headertest_cxx();

int headertest_cxx()
{
	int sum = 0;
#include "inits.h"
	return sum + (int)sizeof(sv_provider) + SV_PROVIDER_ABI + SV_OK;
}
