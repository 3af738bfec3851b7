/* internal.h - the vault handle and the helpers shared by lib/api. */
#ifndef SV_API_INTERNAL_H
#define SV_API_INTERNAL_H

#include <sys/types.h>

#include "envelope/envelope.h"
#include "secretvault.h"
#include "secretvault_sys.h"
#include "store/store.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/util.h"

#define SV_FORMAT_VERSION 2 /* 1: development builds before 0.1.0 */
#define SV_ARENA_SLOTS 512
#define SV_MAX_SLOTS 16

/* One version of a key-encryption key, as cached by a handle. */
typedef struct sv_kek_version {
	uint32_t version;
	uint8_t state; /* 1 primary, 2 enabled, 3 decrypt-only */
	uint8_t *key;  /* 32 bytes in the arena; NULL for external keys */
	int64_t created;
} sv_kek_version;

/* A named key of the keyring (KMS CMK analogue). */
typedef struct sv_kek {
	char id[SV_KEY_ID_BUFSIZE];
	char **aliases;
	size_t naliases;
	char *description;
	int external;	    /* wrapped by the handle's provider */
	char *provider_ref; /* external: the provider's key */
	uint32_t primary;
	int64_t created;
	sv_kek_version *versions;
	size_t nversions;
} sv_kek;

struct sv_vault {
	pid_t pid;
	uint64_t fork_gen; /* sv__fork_generation() when opened */
	sv_env *env;
	sv_arena *arena;
	uint8_t *mk, *k_ring, *k_meta, *k_state; /* in the arena */
	uint8_t store_id[SV_ID_BYTES];
	uint64_t mk_epoch;
	uint64_t ring_gen;  /* keyring generation the cache reflects */
	uint64_t ring_snap; /* read snapshot it was last checked at, or 0 */
	int64_t created;
	char region[64];
	char account[16];
	uint32_t pad_bucket;
	uint32_t flags;
	sv_clock_fn clock;
	void *clock_payload;
	int has_provider;
	sv_provider provider;
	char provider_ref[256];
	sv_kek *keys;
	size_t nkeys;
	char errmsg[SV_ERRMSG_MAX];
};

/* Every public call on a handle starts with this: clears the thread's
 * error, refuses a handle inherited through fork(). */
int sv__vault_enter(sv_vault *v);
/* Every public call on a handle ends with this: copies the message of a
 * failure into the handle and returns @rc. */
int sv__vault_leave(sv_vault *v, int rc);
int64_t sv__vault_now(const sv_vault *v);
/* The body of every *_options_init(): check @version (1..@max), then
 * copy the struct's INIT value @init of @size bytes into @opts. */
int sv__options_init(void *opts, const void *init, size_t size,
		     uint32_t version, uint32_t max, const char *name);

/* The meta record. */
int sv__meta_write(sv_txn *t, sv_vault *v);

/* Keyring. */
int sv__keyring_load(sv_vault *v, sv_txn *t);
void sv__keyring_free(sv_vault *v);
/* Make sure the cached keyring is the committed one (re-reads it when
 * another handle or process changed it). */
int sv__keyring_refresh(sv_vault *v, sv_txn *t);
/* Read the keyring again in a read transaction of its own, whatever the
 * cache holds: after a failed write, or for a key the cache lacks. */
int sv__keyring_reload(sv_vault *v);
/* Find a key by id, "alias/NAME", or an ARN of either. */
sv_kek *sv__key_find(sv_vault *v, const char *id_or_alias);
/* The key that wraps new data keys for @kms_key_id (NULL = default). */
int sv__key_for_write(sv_kek **key_out, sv_kek_version **ver_out, sv_vault *v,
		      const char *kms_key_id);
/* The wrap description for a record's key ref and version. */
int sv__key_wrap_for(sv_dek_wrap *w, sv_vault *v, const char *key_ref,
		     uint32_t version);
int sv__key_create_in(sv_txn *t, sv_vault *v, const char *alias,
		      const char *description, int external, char *id_out);

#endif
