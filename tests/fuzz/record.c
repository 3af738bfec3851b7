/* Fuzz target: the SVV1 record parser and opener with a fixed key.
 * Oracle: no crash, and nothing opens unless it was sealed (the bytes
 * the fuzzer invents never authenticate). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "envelope/envelope.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t kek[32] = { 1 };
	sv_vrec h;
	if (sv__init() != 0 || sv__vrec_parse(&h, data, size) != 0)
		return 0;
	sv_dek_wrap w = { SV_WRAP_LOCAL, kek, NULL, NULL };
	uint8_t *val;
	size_t len, cap;
	if (sv__vrec_open(&val, &len, &cap, &h, data, h.store_id, h.secret_id,
			  h.seq, "arn", &w) == 0) {
		sv__free_secret(val, cap);
		abort(); /* a forged record opened */
	}
	return 0;
}
