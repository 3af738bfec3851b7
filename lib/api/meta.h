/*
 * meta.h - a secret's metadata: everything but its values, sealed as one
 * SVS1 record under the metadata subkey with the name in the AAD.
 *
 *   secrets: name -> "SVS1" alg 0 0 0 | store_id | secret_id | revision |
 *                    nonce | AEAD(K_meta, record, AAD = header || name)
 *
 * (the record: the binary codec described in meta.c)
 */
#ifndef SV_API_META_H
#define SV_API_META_H

#include "api/internal.h"

/* A version that carries staging labels.  The version index
 * (api/versions.h) has every version; the dates here are copies kept so
 * that a read by label needs no index lookup. */
typedef struct sv_mversion {
	char id[SV_VERSION_ID_BUFSIZE];
	uint64_t seq;
	char **stages;
	size_t nstages;
	int has_value; /* 0 for an AWSPENDING placeholder */
	int64_t created;
	int64_t accessed; /* day, 0 = never read */
} sv_mversion;

typedef struct sv_meta {
	uint8_t secret_id[SV_ID_BYTES];
	uint64_t revision;
	char *name, *arn, *description, *kms_key_id;
	char **tag_keys, **tag_values;
	size_t ntags;
	int tags_present;
	int64_t created, changed, accessed, deleted, deletion_date;
	uint64_t next_seq;
	uint64_t nversions_total; /* labelled and deprecated */
	sv_mversion *versions;	  /* the labelled ones, oldest first */
	size_t nversions;
} sv_meta;

void sv__meta_clear(sv_meta *m);
/* A secret's ARN: "arn:aws:secretsmanager:R:A:secret:" name "-" suffix;
 * NULL when out of memory (or for a name over SV_NAME_MAX). */
#define SV_ARN_HEAD_MAX (64 + 16 + SV_NAME_MAX + 40)
char *sv__arn_new(const sv_vault *v, const char *name, const char *suffix);
/* Validate the characters and length of a secret name (AWS's rule). */
int sv__name_check(const char *name);
/* The LMDB key of a name (names over 511 bytes are shortened). */
size_t sv__name_key(uint8_t out[511], const char *name);

/* Open an SVS1 record read from under LMDB key @key. */
int sv__meta_open(sv_meta *m, sv_vault *v, const uint8_t *key, size_t klen,
		  const uint8_t *p, size_t n);
/* Read the metadata of @name; SV_ENOTFOUND (no message) if absent. */
int sv__meta_load(sv_meta *m, sv_vault *v, sv_txn *t, const char *name);
/* 1 if @m was deleted and its recovery window has passed at @now: it is
 * gone for every call, as on AWS once its background purge ran, even
 * before sv_vault_purge() removes it. */
int sv__meta_expired(const sv_meta *m, int64_t now);
/* SV_ENOTFOUND with AWS's message if @m is expired, else SV_OK. */
int sv__meta_check_expired(const sv_meta *m, int64_t now);
/* Resolve a SecretId (name, full ARN, partial ARN) as AWS does; sets the
 * AWS error when it names nothing. */
int sv__meta_resolve(sv_meta *m, sv_vault *v, sv_txn *t, const char *secret_id);
/* Seal and write (revision + 1). */
int sv__meta_store(sv_txn *t, sv_vault *v, sv_meta *m);
int sv__meta_delete(sv_txn *t, sv_vault *v, const sv_meta *m);

/* The plaintext codec alone, for the fuzz target and tests. */
int sv__meta_decode_for_tests(sv_meta *m, const sv_vault *v, const uint8_t *p,
			      size_t n);
int sv__meta_encode_for_tests(sv_buf *b, const sv_vault *v, const sv_meta *m);

/* Versions and labels. */
sv_mversion *sv__meta_version(sv_meta *m, const char *version_id);
sv_mversion *sv__meta_stage_holder(sv_meta *m, const char *stage);
int sv__mversion_has(const sv_mversion *mv, const char *stage);
int sv__mversion_add_stage(sv_mversion *mv, const char *stage);
void sv__mversion_remove_stage(sv_mversion *mv, const char *stage);
size_t sv__meta_stage_total(const sv_meta *m);
sv_mversion *sv__meta_add_version(sv_meta *m);

#endif
