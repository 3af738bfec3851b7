/*
 * secretvault.h - libsecretvault, a local secret store with the model and
 * the behaviour of AWS Secrets Manager.
 *
 * This is the one public header.  Every function returns SV_OK (0) or a
 * negative SV_E* code; the detail is in sv_error_last().  Outputs come
 * first.  Objects handed to the caller are freed with their own *_free()
 * function, which accepts NULL and zeroes whatever held secret bytes.
 *
 * Threading: a vault handle may be used by one thread at a time and may
 * move between threads.  Distinct handles, even on the same path, may be
 * used at the same time.  See libsecretvault(7).
 */
#ifndef SECRETVAULT_H
#define SECRETVAULT_H

#ifndef SV_CDEF
#include <stddef.h>
#include <stdint.h>
#endif

#ifndef SV_API
#if defined(SV_STATIC)
#define SV_API
#elif defined(__GNUC__) && __GNUC__ >= 4
#define SV_API __attribute__((visibility("default")))
#else
#define SV_API
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version -------------------------------------------------------- */

#define SV_VERSION_MAJOR 0
#define SV_VERSION_MINOR 1
#define SV_VERSION_PATCH 0
#define SV_VERSION_NUMBER                                                      \
	(SV_VERSION_MAJOR * 10000 + SV_VERSION_MINOR * 100 + SV_VERSION_PATCH)
#define SV_VERSION_STRING "0.1.0"

/** The library's version as "MAJOR.MINOR.PATCH". */
SV_API const char *sv_version_string(void);
/** The library's version as MAJOR*10000 + MINOR*100 + PATCH. */
SV_API int sv_version_number(void);

/* ---- Errors --------------------------------------------------------- */

/*
 * Error codes.  The values are pinned: they never change and a retired
 * code is never reused.  Each maps to one AWS error type
 * (sv_error_aws_type()).
 */
typedef enum sv_error_code {
	SV_OK = 0,
	SV_ERROR = -1,	     /* unexpected failure (InternalServiceError) */
	SV_ENOTFOUND = -2,   /* ResourceNotFoundException */
	SV_EEXISTS = -3,     /* ResourceExistsException */
	SV_EINVALID = -4,    /* InvalidParameterException */
	SV_EVALIDATION = -5, /* ValidationException */
	SV_EREQUEST = -6,    /* InvalidRequestException */
	SV_EDELETED = -7,    /* InvalidRequestException: marked for deletion */
	SV_ELIMIT = -8,	     /* LimitExceededException */
	SV_ENEXTTOKEN = -9,  /* InvalidNextTokenException */
	SV_EBUFS = -10,	     /* caller buffer too small */
	SV_ENOMEM = -11,     /* out of memory */
	SV_EIO = -12,	     /* I/O error from the file system or LMDB */
	SV_EFORMAT = -13,    /* record or file not in a known format */
	SV_EINTEGRITY = -14, /* authentication of stored data failed */
	SV_EAUTH = -15,	     /* the key does not open this vault */
	SV_EKDFPARAMS = -16, /* key-derivation parameters out of range */
	SV_EKEYPROVIDER = -17,	 /* an external key provider failed */
	SV_EINSECURE = -18,	 /* file or directory permissions refused */
	SV_EFULL = -19,		 /* the vault's map cannot grow */
	SV_EFORKED = -20,	 /* handle used in a fork()ed child */
	SV_ENOTSUPPORTED = -21,	 /* operation or option not supported */
	SV_EDECRYPT = -22,	 /* DecryptionFailure: key unusable */
	SV_EENCRYPT = -23,	 /* EncryptionFailure: key unusable */
	SV_ESERIALIZATION = -24, /* SerializationException: malformed body */
	SV_EUNKNOWNOP = -25,	 /* UnknownOperationException */
	SV_ITEROVER = -30	 /* not an error: iteration finished */
} sv_error_code;

/** Static description of an error code; never NULL. */
SV_API const char *sv_strerror(int code);
/** The AWS error type ("ResourceNotFoundException", ...) of a code. */
SV_API const char *sv_error_aws_type(int code);
/**
 * The message of the last failure on this thread; never NULL, owned by
 * the library, valid until the next sv_ call on this thread.  It never
 * contains secret values or key material.
 */
SV_API const char *sv_error_last(void);
/** The code of the last failure on this thread (SV_OK if none). */
SV_API int sv_error_last_code(void);

/* ---- Options structs ------------------------------------------------ */

/* Root-key kinds for sv_key_options.type. */
typedef enum sv_key_type {
	SV_KEY_PASSPHRASE = 1, /* Argon2id over a passphrase */
	SV_KEY_FILE = 2, /* a key file of 32 bytes to 4 KiB, mode 0600/0400 */
	SV_KEY_RAW = 3,	 /* 32 bytes handed over by the host */
	SV_KEY_PROVIDER = 4 /* an external provider (secretvault_sys.h) */
} sv_key_type;

struct sv_provider; /* secretvault_sys.h */

/** How a vault is unlocked, or what a new key slot holds. */
typedef struct sv_key_options {
	uint32_t version;		    /* SV_KEY_OPTIONS_VERSION */
	uint32_t type;			    /* an sv_key_type */
	const void *secret;		    /* passphrase or raw key bytes */
	size_t secret_len;		    /* their length */
	const char *path;		    /* SV_KEY_FILE: the key file */
	const struct sv_provider *provider; /* SV_KEY_PROVIDER */
	uint64_t kdf_opslimit; /* new passphrase slot; 0 = default */
	uint64_t kdf_memlimit; /* new passphrase slot; 0 = default */
	uint32_t reserved[4];  /* must be zero */
} sv_key_options;
#define SV_KEY_OPTIONS_VERSION 1
#define SV_KEY_OPTIONS_INIT                                                    \
	{                                                                      \
		SV_KEY_OPTIONS_VERSION, 0, NULL, 0, NULL, NULL, 0, 0,          \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_key_options_init(sv_key_options *opts, uint32_t version);

/* Flags for sv_vault_options.flags. */
#define SV_VAULT_ALLOW_WEAK_KDF 0x1u	 /* accept Argon2id below INTERACTIVE */
#define SV_VAULT_ALLOW_INSECURE 0x2u	 /* skip the owner and mode checks */
#define SV_VAULT_SECURE_MEMORY 0x4u	 /* returned values in guarded memory */
#define SV_VAULT_RELAXED_DURABILITY 0x8u /* MDB_NOMETASYNC */

/** Returns the current time in milliseconds since the Unix epoch. */
typedef int64_t (*sv_clock_fn)(void *payload);

/** Options for sv_vault_create() and sv_vault_open(). */
typedef struct sv_vault_options {
	uint32_t version;	/* SV_VAULT_OPTIONS_VERSION */
	uint32_t flags;		/* SV_VAULT_* */
	const char *region;	/* create: ARN region, default "us-east-1" */
	const char *account_id; /* create: 12 digits, default "000000000000" */
	uint64_t map_size;	/* initial LMDB map size; 0 = 64 MiB */
	sv_clock_fn clock;	/* NULL = the system clock */
	void *clock_payload;	/* handed to clock */
	uint32_t pad_bucket;	/* create: 16, 64 (default), 256 or 1024 */
	uint32_t reserved[4];	/* must be zero */
} sv_vault_options;
#define SV_VAULT_OPTIONS_VERSION 1
#define SV_VAULT_OPTIONS_INIT                                                  \
	{                                                                      \
		SV_VAULT_OPTIONS_VERSION, 0, NULL, NULL, 0, NULL, NULL, 0,     \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_vault_options_init(sv_vault_options *opts, uint32_t version);

/* ---- Vaults --------------------------------------------------------- */

typedef struct sv_vault sv_vault;

/**
 * Create a new vault in directory @path (made with mode 0700 if absent,
 * and it must hold no vault yet), protected by one key slot for @key.
 * On success *out is an open handle; on failure *out is NULL.
 */
SV_API int sv_vault_create(sv_vault **out, const char *path,
			   const sv_key_options *key,
			   const sv_vault_options *opts);
/** Open an existing vault with any one of its key slots. */
SV_API int sv_vault_open(sv_vault **out, const char *path,
			 const sv_key_options *key,
			 const sv_vault_options *opts);
/** Close a handle (NULL is accepted); keys are zeroed. */
SV_API void sv_vault_close(sv_vault *v);
/** Add a key slot: afterwards @key opens the vault too. */
SV_API int sv_vault_add_key_slot(sv_vault *v, const sv_key_options *key);
/** The message of the last failure on this handle; never NULL. */
SV_API const char *sv_vault_errmsg(const sv_vault *v);

/** Facts about an open vault (sv_vault_info()). */
typedef struct sv_vault_info {
	uint32_t version;      /* SV_VAULT_INFO_VERSION, set by the caller */
	uint32_t format;       /* on-disk format version */
	uint8_t vault_id[16];  /* random id of this vault */
	char region[64];       /* ARN region */
	char account_id[16];   /* ARN account */
	uint32_t slot_count;   /* key slots */
	uint32_t key_count;    /* keys in the keyring */
	uint64_t secret_count; /* secrets, including those pending deletion */
	uint32_t pad_bucket;   /* value padding bucket */
	uint32_t mlock_ok;     /* 1 if key memory is locked */
	int64_t created;       /* ms since the epoch */
	uint32_t reserved[4];
} sv_vault_info;
#define SV_VAULT_INFO_VERSION 1
#define SV_VAULT_INFO_INIT                                                     \
	{                                                                      \
		SV_VAULT_INFO_VERSION, 0, { 0 }, { 0 }, { 0 }, 0, 0, 0, 0, 0,  \
			0,                                                     \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
/** Fill @out (whose version the caller set, e.g. with SV_VAULT_INFO_INIT). */
SV_API int sv_vault_info_get(sv_vault_info *out, sv_vault *v);

/**
 * Purge the secrets whose recovery window has passed (by the vault's
 * clock).  *purged_out (may be NULL) receives how many were removed.
 */
SV_API int sv_vault_purge(uint64_t *purged_out, sv_vault *v);

/* ---- Keyring (KMS-like key-encryption keys) ------------------------- */

#define SV_KEY_ID_BUFSIZE 37	 /* a key id is a 36-character UUID */
#define SV_KEY_ALIAS_BUFSIZE 257 /* an alias is at most 256 characters */
#define SV_DEFAULT_KEY_ALIAS "alias/aws/secretsmanager"

#define SV_KEY_EXTERNAL 0x1u /* sv_key_create: wrap through the provider */

/**
 * Create a named key-encryption key with one version.  @alias is
 * "alias/NAME" (may be NULL).  With SV_KEY_EXTERNAL the vault's external
 * provider wraps each data key (KMS mode).  The new key's id goes to
 * @id_out (may be NULL).
 */
SV_API int sv_key_create(char id_out[SV_KEY_ID_BUFSIZE], sv_vault *v,
			 const char *alias, const char *description,
			 uint32_t flags);
/** Add a version to a key (by id or alias); it becomes primary. */
SV_API int sv_key_rotate(uint32_t *version_out, sv_vault *v,
			 const char *key_id);
/**
 * Rewrap up to @batch version records still wrapped by an older version
 * of their key under its primary version (0 = all).  Values are not
 * re-encrypted.  *rewrapped_out (may be NULL) gets how many were done.
 */
SV_API int sv_key_rewrap(uint64_t *rewrapped_out, sv_vault *v, uint32_t batch);
/**
 * Describe key @index (0-based) of the keyring: its id, its primary
 * version and its first alias (empty if none).  SV_ITEROVER past the end.
 */
SV_API int sv_key_list(char id_out[SV_KEY_ID_BUFSIZE],
		       uint32_t *primary_version_out, char *alias_out,
		       size_t alias_cap, sv_vault *v, uint32_t index);

/* ---- Secrets -------------------------------------------------------- */

/* Limits, as AWS Secrets Manager has them. */
#define SV_NAME_MAX 512	   /* bytes of a secret name */
#define SV_VALUE_MAX 65536 /* bytes of a SecretString or SecretBinary */
#define SV_DESCRIPTION_MAX 2048
#define SV_VERSION_ID_BUFSIZE 65 /* a VersionId is 32..64 characters */
#define SV_STAGES_MAX 20	 /* staging labels per secret */
#define SV_TAGS_MAX 50
#define SV_AWSCURRENT "AWSCURRENT"
#define SV_AWSPREVIOUS "AWSPREVIOUS"
#define SV_AWSPENDING "AWSPENDING"

/** A tag: Key is 1..128 characters, Value 0..256. */
typedef struct sv_tag {
	const char *key;
	const char *value;
} sv_tag;

/*
 * A value is given as SecretString (UTF-8 text) or SecretBinary (bytes),
 * never both; a NULL pointer means absent.  Lengths are in bytes.
 */

/** The result of a write: ARN, Name, and what the call created. */
typedef struct sv_result sv_result;
SV_API const char *sv_result_arn(const sv_result *r);
SV_API const char *sv_result_name(const sv_result *r);
/** The VersionId the call created or matched; NULL if none. */
SV_API const char *sv_result_version_id(const sv_result *r);
/** The staging labels now on that version. */
SV_API size_t sv_result_stage_count(const sv_result *r);
SV_API const char *sv_result_stage(const sv_result *r, size_t i);
/** DeleteSecret: when the secret will be purged (ms); 0 otherwise. */
SV_API int64_t sv_result_deletion_date(const sv_result *r);
SV_API void sv_result_free(sv_result *r);

/** CreateSecret. */
typedef struct sv_create_options {
	uint32_t version;		  /* SV_CREATE_OPTIONS_VERSION */
	const char *description;	  /* NULL = none */
	const char *kms_key_id;		  /* key id or alias; NULL = default */
	const char *client_request_token; /* 32..64; NULL = a new UUID */
	const char *secret_string;	  /* NULL = absent */
	size_t secret_string_len;
	const void *secret_binary; /* NULL = absent */
	size_t secret_binary_len;
	const sv_tag *tags;
	size_t tag_count;
	uint32_t reserved[4];
} sv_create_options;
#define SV_CREATE_OPTIONS_VERSION 1
#define SV_CREATE_OPTIONS_INIT                                                 \
	{                                                                      \
		SV_CREATE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, 0, \
			NULL, 0,                                               \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_create_options_init(sv_create_options *opts, uint32_t version);
/**
 * Create secret @name, with a first version labelled AWSCURRENT when a
 * value is given.  *out (may be NULL) gets ARN, Name and VersionId.
 */
SV_API int sv_secret_create(sv_result **out, sv_vault *v, const char *name,
			    const sv_create_options *opts);

#define SV_IMPORT_MAX 10000 /* entries of one sv_secret_import() */

/**
 * Create @count secrets in one transaction (bulk import): secret @names[i]
 * with @opts[i] (either may hold NULL options), each exactly as
 * sv_secret_create() would.  All or nothing: a failing entry fails the
 * call, says which entry in its message, and nothing is written.
 * *created_out (may be NULL) gets the number created.
 */
SV_API int sv_secret_import(uint64_t *created_out, sv_vault *v,
			    const char *const *names,
			    const sv_create_options *const *opts, size_t count);

/** PutSecretValue. */
typedef struct sv_put_options {
	uint32_t version;		  /* SV_PUT_OPTIONS_VERSION */
	const char *client_request_token; /* NULL = a new UUID */
	const char *secret_string;
	size_t secret_string_len;
	const void *secret_binary;
	size_t secret_binary_len;
	const char *const *version_stages; /* NULL = AWSCURRENT */
	size_t version_stage_count;
	uint32_t reserved[4];
} sv_put_options;
#define SV_PUT_OPTIONS_VERSION 1
#define SV_PUT_OPTIONS_INIT                                                    \
	{                                                                      \
		SV_PUT_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0, NULL, 0,       \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_put_options_init(sv_put_options *opts, uint32_t version);
/** Store a new version of @secret_id (name, ARN or partial ARN). */
SV_API int sv_secret_put_value(sv_result **out, sv_vault *v,
			       const char *secret_id,
			       const sv_put_options *opts);

/** UpdateSecret. */
typedef struct sv_update_options {
	uint32_t version;		  /* SV_UPDATE_OPTIONS_VERSION */
	const char *client_request_token; /* NULL = a new UUID */
	const char *description;	  /* NULL = unchanged */
	const char *kms_key_id;		  /* NULL = unchanged; "" = default */
	const char *secret_string;	  /* a value makes a new version */
	size_t secret_string_len;
	const void *secret_binary;
	size_t secret_binary_len;
	uint32_t reserved[4];
} sv_update_options;
#define SV_UPDATE_OPTIONS_VERSION 1
#define SV_UPDATE_OPTIONS_INIT                                                 \
	{                                                                      \
		SV_UPDATE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, 0, \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_update_options_init(sv_update_options *opts, uint32_t version);
SV_API int sv_secret_update(sv_result **out, sv_vault *v, const char *secret_id,
			    const sv_update_options *opts);

/* ---- Values (GetSecretValue) ---------------------------------------- */

/** A decrypted secret version; freed (and zeroed) by sv_value_free(). */
typedef struct sv_value sv_value;

/** GetSecretValue: which version to read (default AWSCURRENT). */
typedef struct sv_get_options {
	uint32_t version;	   /* SV_GET_OPTIONS_VERSION */
	const char *version_id;	   /* NULL = any */
	const char *version_stage; /* NULL = AWSCURRENT unless version_id */
	uint32_t reserved[4];
} sv_get_options;
#define SV_GET_OPTIONS_VERSION 1
#define SV_GET_OPTIONS_INIT                                                    \
	{                                                                      \
		SV_GET_OPTIONS_VERSION, NULL, NULL,                            \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_get_options_init(sv_get_options *opts, uint32_t version);
SV_API int sv_secret_get_value(sv_value **out, sv_vault *v,
			       const char *secret_id,
			       const sv_get_options *opts);

/** The value's bytes (followed by a NUL that size does not count). */
SV_API const void *sv_value_data(const sv_value *val);
SV_API size_t sv_value_size(const sv_value *val);
/** 1 for SecretBinary, 0 for SecretString. */
SV_API int sv_value_is_binary(const sv_value *val);
SV_API const char *sv_value_version_id(const sv_value *val);
SV_API const char *sv_value_arn(const sv_value *val);
SV_API const char *sv_value_name(const sv_value *val);
SV_API size_t sv_value_stage_count(const sv_value *val);
SV_API const char *sv_value_stage(const sv_value *val, size_t i);
/** The version's creation time, ms since the epoch. */
SV_API int64_t sv_value_created(const sv_value *val);
/** Copy the bytes to @buf; SV_EBUFS (and the size in *len_out) if small. */
SV_API int sv_value_copy(void *buf, size_t cap, size_t *len_out,
			 const sv_value *val);
/** Zero and free (NULL accepted). */
SV_API void sv_value_free(sv_value *val);

/* ---- Describing and listing ----------------------------------------- */

/** A secret's metadata (DescribeSecret, or one ListSecrets entry). */
typedef struct sv_secret sv_secret;
SV_API int sv_secret_describe(sv_secret **out, sv_vault *v,
			      const char *secret_id);
SV_API const char *sv_secret_arn(const sv_secret *s);
SV_API const char *sv_secret_name(const sv_secret *s);
/** NULL when the secret has none. */
SV_API const char *sv_secret_description(const sv_secret *s);
/** NULL when the default key protects the secret. */
SV_API const char *sv_secret_kms_key_id(const sv_secret *s);
/** Dates in ms since the epoch; 0 when AWS would omit the field. */
SV_API int64_t sv_secret_created_date(const sv_secret *s);
SV_API int64_t sv_secret_last_changed_date(const sv_secret *s);
SV_API int64_t sv_secret_last_accessed_date(const sv_secret *s);
SV_API int64_t sv_secret_deleted_date(const sv_secret *s);
/** 1 once the secret was ever tagged (AWS then shows Tags, maybe []). */
SV_API int sv_secret_has_tags(const sv_secret *s);
SV_API size_t sv_secret_tag_count(const sv_secret *s);
SV_API const char *sv_secret_tag_key(const sv_secret *s, size_t i);
SV_API const char *sv_secret_tag_value(const sv_secret *s, size_t i);
/** Versions that carry labels (VersionIdsToStages), oldest first. */
SV_API size_t sv_secret_version_count(const sv_secret *s);
SV_API const char *sv_secret_version_id(const sv_secret *s, size_t i);
SV_API size_t sv_secret_version_stage_count(const sv_secret *s, size_t i);
SV_API const char *sv_secret_version_stage(const sv_secret *s, size_t i,
					   size_t j);
SV_API void sv_secret_free(sv_secret *s);

/** One filter of ListSecrets / BatchGetSecretValue. */
typedef struct sv_list_filter {
	const char *key;	   /* name, description, tag-key, tag-value,
				      primary-region, owning-service, all */
	const char *const *values; /* 1..10; a leading '!' negates */
	size_t value_count;
} sv_list_filter;

/* sv_list_options.sort_by */
#define SV_SORT_BY_CREATED_DATE 0 /* the default */
#define SV_SORT_BY_NAME 1
#define SV_SORT_BY_LAST_CHANGED_DATE 2
#define SV_SORT_BY_LAST_ACCESSED_DATE 3
/* sv_list_options.sort_order */
#define SV_SORT_ASC 0 /* the default */
#define SV_SORT_DESC 1

/** ListSecrets. */
typedef struct sv_list_options {
	uint32_t version; /* SV_LIST_OPTIONS_VERSION */
	const sv_list_filter *filters;
	size_t filter_count;
	uint32_t max_results; /* 1..100; 0 = 100 */
	const char *next_token;
	uint32_t sort_by;
	uint32_t sort_order;
	uint32_t include_planned_deletion;
	uint32_t reserved[4];
} sv_list_options;
#define SV_LIST_OPTIONS_VERSION 1
#define SV_LIST_OPTIONS_INIT                                                   \
	{                                                                      \
		SV_LIST_OPTIONS_VERSION, NULL, 0, 0, NULL, 0, 0, 0,            \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_list_options_init(sv_list_options *opts, uint32_t version);

/** One page of secrets or of versions. */
typedef struct sv_iter sv_iter;
SV_API int sv_secret_list(sv_iter **out, sv_vault *v,
			  const sv_list_options *opts);
/** The next secret of the page (owned by the iterator, valid until the
 * next call or sv_iter_free), or SV_ITEROVER. */
SV_API int sv_iter_next_secret(const sv_secret **out, sv_iter *it);
/** The token of the next page; NULL on the last page. */
SV_API const char *sv_iter_next_token(const sv_iter *it);
SV_API void sv_iter_free(sv_iter *it);

/** One version of a secret (ListSecretVersionIds). */
typedef struct sv_version sv_version;
SV_API const char *sv_version_id(const sv_version *ver);
SV_API size_t sv_version_stage_count(const sv_version *ver);
SV_API const char *sv_version_stage(const sv_version *ver, size_t i);
SV_API int64_t sv_version_created_date(const sv_version *ver);
SV_API int64_t sv_version_last_accessed_date(const sv_version *ver);
/** The key that protects the version: "DefaultEncryptionKey" for the
 * default key, else its id. */
SV_API const char *sv_version_kms_key_id(const sv_version *ver);

/** ListSecretVersionIds. */
typedef struct sv_version_list_options {
	uint32_t version;     /* SV_VERSION_LIST_OPTIONS_VERSION */
	uint32_t max_results; /* 1..100; 0 = 100 */
	const char *next_token;
	uint32_t include_deprecated;
	uint32_t reserved[4];
} sv_version_list_options;
#define SV_VERSION_LIST_OPTIONS_VERSION 1
#define SV_VERSION_LIST_OPTIONS_INIT                                           \
	{                                                                      \
		SV_VERSION_LIST_OPTIONS_VERSION, 0, NULL, 0,                   \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_version_list_options_init(sv_version_list_options *opts,
					uint32_t version);
SV_API int sv_version_list(sv_iter **out, sv_vault *v, const char *secret_id,
			   const sv_version_list_options *opts);
SV_API int sv_iter_next_version(const sv_version **out, sv_iter *it);
/** ListSecretVersionIds' ARN and Name. */
SV_API const char *sv_iter_arn(const sv_iter *it);
SV_API const char *sv_iter_name(const sv_iter *it);

/* ---- Labels, deletion, tags, batches -------------------------------- */

/**
 * UpdateSecretVersionStage: move @stage to @move_to_version_id and/or
 * remove it from @remove_from_version_id (either may be NULL).
 */
SV_API int sv_version_stage_update(sv_result **out, sv_vault *v,
				   const char *secret_id, const char *stage,
				   const char *move_to_version_id,
				   const char *remove_from_version_id);

/** DeleteSecret. */
typedef struct sv_delete_options {
	uint32_t version;	       /* SV_DELETE_OPTIONS_VERSION */
	uint32_t recovery_window_days; /* 7..30; 0 = not given (30) */
	uint32_t force_delete_without_recovery;
	uint32_t reserved[4];
} sv_delete_options;
#define SV_DELETE_OPTIONS_VERSION 1
#define SV_DELETE_OPTIONS_INIT                                                 \
	{                                                                      \
		SV_DELETE_OPTIONS_VERSION, 0, 0,                               \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_delete_options_init(sv_delete_options *opts, uint32_t version);
SV_API int sv_secret_delete(sv_result **out, sv_vault *v, const char *secret_id,
			    const sv_delete_options *opts);
SV_API int sv_secret_restore(sv_result **out, sv_vault *v,
			     const char *secret_id);
/** TagResource: add tags, replacing the values of existing keys. */
SV_API int sv_secret_tag(sv_vault *v, const char *secret_id, const sv_tag *tags,
			 size_t tag_count);
/** UntagResource: remove tags by key; absent keys are ignored. */
SV_API int sv_secret_untag(sv_vault *v, const char *secret_id,
			   const char *const *keys, size_t key_count);

/** BatchGetSecretValue: ids, or filters, never both. */
typedef struct sv_batch_options {
	uint32_t version;	       /* SV_BATCH_OPTIONS_VERSION */
	const char *const *secret_ids; /* 1..20 */
	size_t secret_id_count;
	const sv_list_filter *filters;
	size_t filter_count;
	uint32_t max_results; /* with filters: 1..20; 0 = 20 */
	const char *next_token;
	uint32_t reserved[4];
} sv_batch_options;
#define SV_BATCH_OPTIONS_VERSION 1
#define SV_BATCH_OPTIONS_INIT                                                  \
	{                                                                      \
		SV_BATCH_OPTIONS_VERSION, NULL, 0, NULL, 0, 0, NULL,           \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_batch_options_init(sv_batch_options *opts, uint32_t version);

typedef struct sv_batch sv_batch;
SV_API int sv_secret_batch_get(sv_batch **out, sv_vault *v,
			       const sv_batch_options *opts);
SV_API size_t sv_batch_value_count(const sv_batch *b);
SV_API const sv_value *sv_batch_value(const sv_batch *b, size_t i);
/** Per-secret failures: the id asked for, the AWS error code, message. */
SV_API size_t sv_batch_error_count(const sv_batch *b);
SV_API const char *sv_batch_error_secret_id(const sv_batch *b, size_t i);
SV_API const char *sv_batch_error_code(const sv_batch *b, size_t i);
SV_API const char *sv_batch_error_message(const sv_batch *b, size_t i);
SV_API const char *sv_batch_next_token(const sv_batch *b);
SV_API void sv_batch_free(sv_batch *b);

/* ---- JSON secret strings -------------------------------------------- */

/**
 * Extract a property from a JSON SecretString, with the grammar of the
 * External Secrets Operator: a top-level key equal to @path wins (keys may
 * hold dots); otherwise @path is a '.'-separated path where "\." is a
 * literal dot, a number indexes an array and '#' is an array's length.
 * Strings come back as their text; numbers, booleans and null as their
 * JSON text; objects and arrays as compact JSON.  *out is a new value
 * (same version, ARN and labels) freed with sv_value_free().
 */
SV_API int sv_value_property(sv_value **out, const sv_value *val,
			     const char *path);

/* sv_env_options.name_transformation */
#define SV_ENV_UPPERCASE 0 /* the default */
#define SV_ENV_LOWERCASE 1
#define SV_ENV_NONE 2

/** How sv_value_env() names variables (the GitHub Action's rules). */
typedef struct sv_env_options {
	uint32_t version;	      /* SV_ENV_OPTIONS_VERSION */
	const char *alias;	      /* NULL = the secret's name; "" = none */
	uint32_t name_transformation; /* SV_ENV_* */
	uint32_t parse_json;	      /* 1: a JSON object becomes one
					 variable per key */
	uint32_t reserved[4];
} sv_env_options;
#define SV_ENV_OPTIONS_VERSION 1
#define SV_ENV_OPTIONS_INIT                                                    \
	{                                                                      \
		SV_ENV_OPTIONS_VERSION, NULL, 0, 0,                            \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_env_options_init(sv_env_options *opts, uint32_t version);

/** A set of environment variables built from secrets. */
typedef struct sv_envvars sv_envvars;
SV_API int sv_envvars_new(sv_envvars **out);
/**
 * Add the variables of @val to @env, named as the GitHub Action
 * aws-secretsmanager-get-secrets names them.  A name already in @env is a
 * collision: SV_EEXISTS naming both sources, and @env is left unchanged.
 */
SV_API int sv_value_env(sv_envvars *env, const sv_value *val,
			const sv_env_options *opts);
SV_API size_t sv_envvars_count(const sv_envvars *env);
SV_API const char *sv_envvars_name(const sv_envvars *env, size_t i);
SV_API const char *sv_envvars_value(const sv_envvars *env, size_t i);
/** Where variable @i came from: "SECRET" or "SECRET:key.path". */
SV_API const char *sv_envvars_source(const sv_envvars *env, size_t i);
/** Zero the values and free (NULL accepted). */
SV_API void sv_envvars_free(sv_envvars *env);

/* ---- The AWS wire shapes --------------------------------------------- */

#define SV_CALL_REQUEST_MAX (1u << 20) /* largest request body accepted */

/**
 * Run an AWS Secrets Manager operation given by name ("GetSecretValue")
 * on its AWS JSON request body, and return the AWS JSON response body in
 * *response_out (NUL-terminated, freed with sv_call_free()).  On failure
 * the code is returned and the response is the AWS error body
 * {"__type": "<Code>", "Message": "<text>"}.  *response_out is NULL only
 * when no memory was left for it.
 */
SV_API int sv_call(char **response_out, size_t *response_len_out, sv_vault *v,
		   const char *operation, const char *request,
		   size_t request_len);
/** Zero and free a response of sv_call() (NULL accepted). */
SV_API void sv_call_free(char *response);

/* ---- Random passwords (GetRandomPassword) --------------------------- */

/** Options of sv_random_password(); the defaults are AWS's. */
typedef struct sv_password_options {
	uint32_t version;		/* SV_PASSWORD_OPTIONS_VERSION */
	uint32_t length;		/* 1..4096; 0 = 32 */
	const char *exclude_characters; /* NULL = none */
	uint32_t exclude_numbers;	/* booleans: 0 or 1 */
	uint32_t exclude_punctuation;
	uint32_t exclude_uppercase;
	uint32_t exclude_lowercase;
	uint32_t include_space;
	uint32_t require_each_included_type; /* default 1 */
	uint32_t reserved[4];
} sv_password_options;
#define SV_PASSWORD_OPTIONS_VERSION 1
#define SV_PASSWORD_OPTIONS_INIT                                               \
	{                                                                      \
		SV_PASSWORD_OPTIONS_VERSION, 0, NULL, 0, 0, 0, 0, 0, 1,        \
		{                                                              \
			0, 0, 0, 0                                             \
		}                                                              \
	}
SV_API int sv_password_options_init(sv_password_options *opts,
				    uint32_t version);
/**
 * Write a random password of opts->length characters and a NUL to @out
 * (@cap bytes).  SV_EBUFS if @cap is too small; SV_EINVALID or
 * SV_EVALIDATION with AWS's message for impossible requests.
 */
SV_API int sv_random_password(char *out, size_t cap,
			      const sv_password_options *opts);

#ifdef __cplusplus
}
#endif

#endif /* SECRETVAULT_H */
