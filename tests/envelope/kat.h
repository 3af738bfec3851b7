/* Frozen known answers (see record_known_answer, slot_known_answer). */
#define RECORD_KAT_DIGEST                                                      \
	"d6f4160a769a7946729288e7edf4552d3f51c35ebe2c235448c999054873217f"
#define SLOT_KAT_DIGEST                                                        \
	"a3b601cafc65ac16185eda1788edb001072ccf256e04a464367eb1f8eb303c0e"
