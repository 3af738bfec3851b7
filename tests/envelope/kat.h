/* Frozen known answers (see record_known_answer, slot_known_answer).
 * The record digest changed once, on purpose, when the library began to
 * draw nonces and data keys from its per-thread random pool (the bytes
 * arrive in other chunks from the same deterministic generator); the
 * format itself did not change. */
#define RECORD_KAT_DIGEST                                                      \
	"1c6ccaa8e93c4acc385f355bbb256d5e7f23cac567cdbd5287056d796c4892dd"
#define SLOT_KAT_DIGEST                                                        \
	"a3b601cafc65ac16185eda1788edb001072ccf256e04a464367eb1f8eb303c0e"
