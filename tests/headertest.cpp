/*
 * headertest.cpp - the public headers compile alone as strict C++11
 * (make headertest: -std=c++11 -pedantic -Wall -Wextra -Werror, -c only),
 * in the manner of zstd's cxxtest.  Nothing is included before them; the
 * plug-in header comes first here to show it stands on its own.
 *
 * Every options initialiser of secretvault.h is used below.  The list must
 * match `grep -o '^#define SV_[A-Z_]*_INIT\b' include/secretvault.h`; when
 * a new SV_*_INIT appears, add it here, to the function below and to
 * headertest.c:
 *
 *	SV_KEY_OPTIONS_INIT
 *	SV_VAULT_OPTIONS_INIT
 *	SV_PASSWORD_OPTIONS_INIT
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
	sv_key_options key = SV_KEY_OPTIONS_INIT;
	sv_vault_options vault = SV_VAULT_OPTIONS_INIT;
	sv_password_options password = SV_PASSWORD_OPTIONS_INIT;

	return static_cast<int>(key.version + vault.version +
				password.version) +
	       static_cast<int>(sizeof(sv_provider)) + SV_PROVIDER_ABI + SV_OK;
}
