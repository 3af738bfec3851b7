/* Fuzz target: sv_call's request parser and every operation.  Input: the
 * first byte picks the operation, the rest is the request body.  One vault
 * (raw key) in a temporary directory serves the whole run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secretvault.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ops[] = {
	"CreateSecret",
	"GetSecretValue",
	"PutSecretValue",
	"UpdateSecret",
	"DescribeSecret",
	"ListSecrets",
	"ListSecretVersionIds",
	"UpdateSecretVersionStage",
	"DeleteSecret",
	"RestoreSecret",
	"TagResource",
	"UntagResource",
	"BatchGetSecretValue",
	"GetRandomPassword",
	"NoSuchOp",
	"RotateSecret",
};

static sv_vault *vault(void)
{
	static sv_vault *v;
	static char dir[] = "/tmp/svfuzz.XXXXXX";
	if (v)
		return v;
	if (!mkdtemp(dir))
		abort();
	char path[64];
	uint8_t raw[32] = { 7 };
	snprintf(path, sizeof path, "%s/v", dir);
	sv_key_options k = SV_KEY_OPTIONS_INIT;
	k.type = SV_KEY_RAW;
	k.secret = raw;
	k.secret_len = sizeof raw;
	if (sv_vault_create(&v, path, &k, NULL) != SV_OK)
		abort();
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *resp = NULL;
	size_t len;
	int rc = sv_call(&resp, &len, vault(), ops[data[0] % 16],
			 (const char *)data + 1, size - 1);
	/* Success or failure, the body is there and says which. */
	if (!resp || (rc != SV_OK && !strstr(resp, "\"__type\"")))
		abort();
	sv_call_free(resp);
	return 0;
}
