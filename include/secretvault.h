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
#define SV_VERSION_NUMBER                                                     \
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
	SV_ERROR = -1,           /* unexpected failure (InternalServiceError) */
	SV_ENOTFOUND = -2,       /* ResourceNotFoundException */
	SV_EEXISTS = -3,         /* ResourceExistsException */
	SV_EINVALID = -4,        /* InvalidParameterException */
	SV_EVALIDATION = -5,     /* ValidationException */
	SV_EREQUEST = -6,        /* InvalidRequestException */
	SV_EDELETED = -7,        /* InvalidRequestException: marked for deletion */
	SV_ELIMIT = -8,          /* LimitExceededException */
	SV_ENEXTTOKEN = -9,      /* InvalidNextTokenException */
	SV_EBUFS = -10,          /* caller buffer too small */
	SV_ENOMEM = -11,         /* out of memory */
	SV_EIO = -12,            /* I/O error from the file system or LMDB */
	SV_EFORMAT = -13,        /* record or file not in a known format */
	SV_EINTEGRITY = -14,     /* authentication of stored data failed */
	SV_EAUTH = -15,          /* the key does not open this vault */
	SV_EKDFPARAMS = -16,     /* key-derivation parameters out of range */
	SV_EKEYPROVIDER = -17,   /* an external key provider failed */
	SV_EINSECURE = -18,      /* file or directory permissions refused */
	SV_EFULL = -19,          /* the vault's map cannot grow */
	SV_EFORKED = -20,        /* handle used in a fork()ed child */
	SV_ENOTSUPPORTED = -21,  /* operation or option not supported */
	SV_EDECRYPT = -22,       /* DecryptionFailure: key unusable */
	SV_EENCRYPT = -23,       /* EncryptionFailure: key unusable */
	SV_ITEROVER = -30        /* not an error: iteration finished */
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
	SV_KEY_FILE = 2,       /* a key file of 32 bytes to 4 KiB, mode 0600/0400 */
	SV_KEY_RAW = 3,        /* 32 bytes handed over by the host */
	SV_KEY_PROVIDER = 4    /* an external provider (secretvault_sys.h) */
} sv_key_type;

struct sv_provider; /* secretvault_sys.h */

/** How a vault is unlocked, or what a new key slot holds. */
typedef struct sv_key_options {
	uint32_t version;                   /* SV_KEY_OPTIONS_VERSION */
	uint32_t type;                      /* an sv_key_type */
	const void *secret;                 /* passphrase or raw key bytes */
	size_t secret_len;                  /* their length */
	const char *path;                   /* SV_KEY_FILE: the key file */
	const struct sv_provider *provider; /* SV_KEY_PROVIDER */
	uint64_t kdf_opslimit;              /* new passphrase slot; 0 = default */
	uint64_t kdf_memlimit;              /* new passphrase slot; 0 = default */
	uint32_t reserved[4];               /* must be zero */
} sv_key_options;
#define SV_KEY_OPTIONS_VERSION 1
#define SV_KEY_OPTIONS_INIT                                                    \
	{ SV_KEY_OPTIONS_VERSION, 0, NULL, 0, NULL, NULL, 0, 0, { 0, 0, 0, 0 } }
SV_API int sv_key_options_init(sv_key_options *opts, uint32_t version);

/* Flags for sv_vault_options.flags. */
#define SV_VAULT_ALLOW_WEAK_KDF 0x1u   /* accept Argon2id below INTERACTIVE */
#define SV_VAULT_ALLOW_INSECURE 0x2u   /* skip the owner and mode checks */
#define SV_VAULT_SECURE_MEMORY 0x4u    /* returned values in guarded memory */
#define SV_VAULT_RELAXED_DURABILITY 0x8u /* MDB_NOMETASYNC */

/** Returns the current time in milliseconds since the Unix epoch. */
typedef int64_t (*sv_clock_fn)(void *payload);

/** Options for sv_vault_create() and sv_vault_open(). */
typedef struct sv_vault_options {
	uint32_t version;        /* SV_VAULT_OPTIONS_VERSION */
	uint32_t flags;          /* SV_VAULT_* */
	const char *region;      /* create: ARN region, default "us-east-1" */
	const char *account_id;  /* create: 12 digits, default "000000000000" */
	uint64_t map_size;       /* initial LMDB map size; 0 = 64 MiB */
	sv_clock_fn clock;       /* NULL = the system clock */
	void *clock_payload;     /* handed to clock */
	uint32_t pad_bucket;     /* create: 16, 64 (default), 256 or 1024 */
	uint32_t reserved[4];    /* must be zero */
} sv_vault_options;
#define SV_VAULT_OPTIONS_VERSION 1
#define SV_VAULT_OPTIONS_INIT                                                  \
	{ SV_VAULT_OPTIONS_VERSION, 0, NULL, NULL, 0, NULL, NULL, 0,           \
	  { 0, 0, 0, 0 } }
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
	uint32_t version;       /* SV_VAULT_INFO_VERSION, set by the caller */
	uint32_t format;        /* on-disk format version */
	uint8_t vault_id[16];   /* random id of this vault */
	char region[64];        /* ARN region */
	char account_id[16];    /* ARN account */
	uint32_t slot_count;    /* key slots */
	uint32_t key_count;     /* keys in the keyring */
	uint64_t secret_count;  /* secrets, including those pending deletion */
	uint32_t pad_bucket;    /* value padding bucket */
	uint32_t mlock_ok;      /* 1 if key memory is locked */
	int64_t created;        /* ms since the epoch */
	uint32_t reserved[4];
} sv_vault_info;
#define SV_VAULT_INFO_VERSION 1
#define SV_VAULT_INFO_INIT                                                     \
	{ SV_VAULT_INFO_VERSION, 0, { 0 }, { 0 }, { 0 }, 0, 0, 0, 0, 0, 0,     \
	  { 0, 0, 0, 0 } }
/** Fill @out (whose version the caller set, e.g. with SV_VAULT_INFO_INIT). */SV_API int sv_vault_info_get(sv_vault_info *out, sv_vault *v);

/**
 * Purge the secrets whose recovery window has passed (by the vault's
 * clock).  *purged_out (may be NULL) receives how many were removed.
 */
SV_API int sv_vault_purge(uint64_t *purged_out, sv_vault *v);

/* ---- Keyring (KMS-like key-encryption keys) ------------------------- */

#define SV_KEY_ID_BUFSIZE 37 /* a key id is a 36-character UUID */
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
SV_API int sv_key_rewrap(uint64_t *rewrapped_out, sv_vault *v,
			 uint32_t batch);
/**
 * Describe key @index (0-based) of the keyring: its id, its primary
 * version and its first alias (empty if none).  SV_ITEROVER past the end.
 */
SV_API int sv_key_list(char id_out[SV_KEY_ID_BUFSIZE],
		       uint32_t *primary_version_out, char *alias_out,
		       size_t alias_cap, sv_vault *v, uint32_t index);


/* ---- Random passwords (GetRandomPassword) --------------------------- */

/** Options of sv_random_password(); the defaults are AWS's. */
typedef struct sv_password_options {
	uint32_t version;                /* SV_PASSWORD_OPTIONS_VERSION */
	uint32_t length;                 /* 1..4096; 0 = 32 */
	const char *exclude_characters;  /* NULL = none */
	uint32_t exclude_numbers;        /* booleans: 0 or 1 */
	uint32_t exclude_punctuation;
	uint32_t exclude_uppercase;
	uint32_t exclude_lowercase;
	uint32_t include_space;
	uint32_t require_each_included_type; /* default 1 */
	uint32_t reserved[4];
} sv_password_options;
#define SV_PASSWORD_OPTIONS_VERSION 1
#define SV_PASSWORD_OPTIONS_INIT                                               \
	{ SV_PASSWORD_OPTIONS_VERSION, 0, NULL, 0, 0, 0, 0, 0, 1, { 0, 0, 0, 0 } }
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
