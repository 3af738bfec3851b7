/* objects.h - the objects handed to callers: results, values, secret
 * descriptions, versions, iterators and batches. */
#ifndef SV_API_OBJECTS_H
#define SV_API_OBJECTS_H

#include "api/meta.h"
#include "api/versions.h"

struct sv_result {
	char *arn, *name, *version_id;
	char **stages;
	size_t nstages;
	int64_t deletion_date;
};

struct sv_value {
	uint8_t *data; /* cap bytes: size, then a NUL */
	size_t size;
	size_t cap;
	int secure; /* data is sodium_malloc'd */
	int binary;
	char *arn, *name;
	char version_id[SV_VERSION_ID_BUFSIZE];
	char **stages;
	size_t nstages;
	int64_t created;
};

struct sv_version {
	char id[SV_VERSION_ID_BUFSIZE];
	char **stages;
	size_t nstages;
	int64_t created, accessed;
	char *kms_key_id;
};

struct sv_secret {
	char *arn, *name, *description, *kms_key_id;
	int64_t created, changed, accessed, deleted;
	int tags_present;
	char **tag_keys, **tag_values;
	size_t ntags;
	struct sv_version *versions; /* labelled versions only */
	size_t nversions;
};

enum sv_iter_kind {
	SV_ITER_SECRETS,
	SV_ITER_VERSIONS
};

struct sv_iter {
	enum sv_iter_kind kind;
	size_t pos, count;
	struct sv_secret *secrets;
	struct sv_version *versions;
	char *next_token;
	char *arn, *name;
};

struct sv_batch_error {
	char *secret_id, *code, *message;
};

struct sv_batch {
	sv_value **values;
	size_t nvalues;
	struct sv_batch_error *errors;
	size_t nerrors;
	char *next_token;
};

char **sv__strv_dup(char *const *v, size_t n);
void sv__strv_free(char **v, size_t n);
sv_result *sv__result_new(const sv_meta *m, const sv_mversion *mv);
/* Fill a description from metadata; SV_OK or SV_ENOMEM. */
int sv__secret_fill(struct sv_secret *s, const sv_meta *m, sv_vault *v);
void sv__secret_clear(struct sv_secret *s);
int sv__version_fill(struct sv_version *out, const sv_vinfo *vi,
		     char *const *stages, size_t nstages, sv_vault *v);
void sv__version_clear(struct sv_version *ver);

/* Shared by secret.c and list.c. */
int sv__get_value(sv_value **out, sv_vault *v, const char *secret_id,
		  const char *vid, const char *stage);
/* DeleteSecret with its options unpacked, for the wire layer, which tells
 * an absent RecoveryWindowInDays from a zero one (secret.c). */
int sv__delete(sv_result **out, sv_vault *v, const char *secret_id,
	       int has_window, int64_t window, int force);

#endif
