/*
 * headertest.c - the public headers compile alone as strict C99
 * (make headertest: -std=c99 -pedantic -Wall -Wextra -Werror, -c only),
 * in the manner of libgit2's headertest.  Nothing is included before them.
 *
 * Every options initialiser of secretvault.h is used below.  The list must
 * match `grep -o '^#define SV_[A-Z_]*_INIT\b' include/secretvault.h`; when
 * a new SV_*_INIT appears, add it here, to the function below and to
 * headertest.cpp:
 *
 *	SV_KEY_OPTIONS_INIT
 *	SV_VAULT_OPTIONS_INIT
 *	SV_PASSWORD_OPTIONS_INIT
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
	sv_key_options key = SV_KEY_OPTIONS_INIT;
	sv_vault_options vault = SV_VAULT_OPTIONS_INIT;
	sv_password_options password = SV_PASSWORD_OPTIONS_INIT;

	return (int)(key.version + vault.version + password.version) +
	       (int)sizeof(sv_provider) + SV_PROVIDER_ABI + SV_OK;
}
