/* Fuzz target: the property-path parser over any JSON.  Input: a path,
 * a NUL byte, then the secret string. */
#include <stdint.h>
#include <string.h>

#include "json/json.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	if (!nul || size > 1 << 16)
		return 0;
	const char *path = (const char *)data;
	uint8_t *out;
	size_t len;
	if (sv__json_property(&out, &len, nul + 1,
			      size - (size_t)(nul - data) - 1, path) == 0)
		sv__free_secret(out, len + 1);
	return 0;
}
