/*
 * versions.h - the index of a secret's versions.
 *
 *   versions: secret_id || VersionId -> "SVI1" | seq u64 | created u64 |
 *         accessed u64 | kek_version u32 | has_value u8 | u8 K key id |
 *         mac[16]
 *
 * The entries share the versions database with the records (secret_id ||
 * u64 seq, 24 bytes; an entry's key is at least 48), so that a write
 * dirties the pages of one tree, not two.
 *
 * Every version has an entry; the metadata record lists only the
 * versions that carry staging labels, so the work of an operation does
 * not grow with the number of deprecated versions.  The index holds no
 * secret (VersionIds are as public as names), but its entries are MACed
 * under the state subkey so that an edited entry is detected.
 */
#ifndef SV_API_VERSIONS_H
#define SV_API_VERSIONS_H

#include "api/meta.h"

typedef struct sv_vinfo {
	char id[SV_VERSION_ID_BUFSIZE];
	uint64_t seq;
	int64_t created;
	int64_t accessed; /* day, 0 = never read */
	uint32_t kek_version;
	int has_value;
	char key_id[SV_KEY_ID_BUFSIZE];
} sv_vinfo;

/* SV_ENOTFOUND (no message) when the secret has no such version. */
int sv__vinfo_get(sv_vinfo *out, sv_vault *v, sv_txn *t,
		  const uint8_t sid[SV_ID_BYTES], const char *vid);
int sv__vinfo_put(sv_txn *t, sv_vault *v, const uint8_t sid[SV_ID_BYTES],
		  const sv_vinfo *vi);
/* Every version of a secret (in VersionId order). */
int sv__vinfo_all(sv_vinfo **out, size_t *n, sv_vault *v, sv_txn *t,
		  const uint8_t sid[SV_ID_BYTES]);
/* The same in seq order: oldest first or, with @newest_first, newest
 * first. */
int sv__vinfo_sorted(sv_vinfo **out, size_t *n, sv_vault *v, sv_txn *t,
		     const uint8_t sid[SV_ID_BYTES], int newest_first);
/* Remove a version: its record and its index entry. */
int sv__version_drop(sv_txn *t, const uint8_t sid[SV_ID_BYTES],
		     const sv_vinfo *vi);
/* Drop the oldest unlabelled versions beyond @keep, never one younger
 * than a day (AWS's retention rule). */
int sv__versions_prune(sv_txn *t, sv_vault *v, sv_meta *m, int64_t now,
		       size_t keep);

#endif
