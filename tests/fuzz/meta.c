/* Fuzz target: the metadata codec (the plaintext inside SVS1 records).
 * The bytes it reads are authenticated first, so only the library's own
 * encoder makes them; this guards that decoder and encoder agree.
 * Oracle: no crash or leak, and whatever decodes re-encodes to bytes that
 * decode to the same encoding again (a fixed point). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/meta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sv_vault v; /* only the region and account are read */
	strcpy(v.region, "us-east-1");
	strcpy(v.account, "000000000000");
	sv_meta m, again;
	if (sv__meta_decode_for_tests(&m, &v, data, size) != SV_OK)
		return 0;
	sv_buf one = { 0 }, two = { 0 };
	int ok = sv__meta_encode_for_tests(&one, &v, &m) == SV_OK &&
		 sv__meta_decode_for_tests(&again, &v, one.p, one.len) == SV_OK;
	if (ok) {
		ok = sv__meta_encode_for_tests(&two, &v, &again) == SV_OK &&
		     one.len == two.len && memcmp(one.p, two.p, one.len) == 0 &&
		     strcmp(m.arn, again.arn) == 0 &&
		     strcmp(m.name, again.name) == 0;
		sv__meta_clear(&again);
	}
	sv__meta_clear(&m);
	sv__buf_free(&one);
	sv__buf_free(&two);
	if (!ok)
		abort(); /* the codec does not agree with itself */
	return 0;
}
