/*
 * password.c - GetRandomPassword: sv_password_options_init() and
 * sv_random_password() (aws-semantics §4.14, §7).
 *
 * The password is built in the caller's buffer: one character of each
 * required class first, the rest drawn from the whole alphabet, then a
 * Fisher-Yates shuffle puts the required characters at random places.
 * Every draw is randombytes_uniform(), so nothing is biased by a modulo.
 */
#include <string.h>

#include <sodium.h>

#include "envelope/envelope.h"
#include "util/error.h"

#define PW_DEFAULT_LENGTH 32
#define PW_MAX_LENGTH 4096
#define PW_EXCLUDE_MAX 4096

/* The classes in the order AWS documents them.  Space comes last and is
 * never a required type: AWS describes RequireEachIncludedType as "at
 * least one upper and lowercase letter, one number, and one punctuation",
 * and a forced space would only make passwords easier to get wrong. */
enum {
	CLS_LOWER,
	CLS_UPPER,
	CLS_DIGIT,
	CLS_PUNCT,
	CLS_SPACE,
	CLS_COUNT
};

static const char *const class_chars[CLS_COUNT] = {
	"abcdefghijklmnopqrstuvwxyz",
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	"0123456789",
	"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", /* string.punctuation, 32 */
	" ",
};

/* The alphabet left after the exclusions, per class and as a whole. */
struct alphabet {
	char cls[CLS_COUNT][33];
	uint32_t ncls[CLS_COUNT];
	int required[CLS_COUNT];
	uint32_t nrequired;
	char all[96];
	uint32_t nall;
};

int sv_password_options_init(sv_password_options *opts, uint32_t version)
{
	static const sv_password_options defaults = SV_PASSWORD_OPTIONS_INIT;
	sv__error_clear();
	if (!opts)
		return sv__error_set(SV_EINVALID,
				     "no sv_password_options given");
	if (version < 1 || version > SV_PASSWORD_OPTIONS_VERSION)
		return sv__error_set(
			SV_EINVALID,
			"invalid version %u on sv_password_options", version);
	/* Version 1 is the whole struct; a later version must write only
	 * the fields a caller built against @version has room for. */
	*opts = defaults;
	opts->version = version;
	return SV_OK;
}

static int check_bool(uint32_t v, const char *field)
{
	if (v > 1)
		return sv__error_set(SV_EINVALID,
				     "sv_password_options.%s must be 0 or 1",
				     field);
	return SV_OK;
}

static int check_options(const sv_password_options *o)
{
	int rc;
	if ((rc = sv__options_check(o->version, o->reserved,
				    SV_PASSWORD_OPTIONS_VERSION,
				    "sv_password_options")) ||
	    (rc = check_bool(o->exclude_numbers, "exclude_numbers")) ||
	    (rc = check_bool(o->exclude_punctuation, "exclude_punctuation")) ||
	    (rc = check_bool(o->exclude_uppercase, "exclude_uppercase")) ||
	    (rc = check_bool(o->exclude_lowercase, "exclude_lowercase")) ||
	    (rc = check_bool(o->include_space, "include_space")) ||
	    (rc = check_bool(o->require_each_included_type,
			     "require_each_included_type")))
		return rc;
	/* AWS rejects these in its request validation, before any of its
	 * own checks, hence ValidationException and the Coral wording.  The
	 * exclude list is not echoed: it is long by definition. */
	if (o->length > PW_MAX_LENGTH)
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value '%u' at "
			"'passwordLength' failed to satisfy constraint: "
			"Member must have value less than or equal to %d",
			o->length, PW_MAX_LENGTH);
	if (o->exclude_characters &&
	    strnlen(o->exclude_characters, PW_EXCLUDE_MAX + 1) > PW_EXCLUDE_MAX)
		return sv__error_set(
			SV_EVALIDATION,
			"1 validation error detected: Value at "
			"'excludeCharacters' failed to satisfy constraint: "
			"Member must have length less than or equal to %d",
			PW_EXCLUDE_MAX);
	return SV_OK;
}

static void build_alphabet(struct alphabet *a, const sv_password_options *o)
{
	uint8_t excluded[256] = { 0 };
	const int included[CLS_COUNT] = {
		!o->exclude_lowercase, !o->exclude_uppercase,
		!o->exclude_numbers,   !o->exclude_punctuation,
		(int)o->include_space,
	};
	memset(a, 0, sizeof *a);
	for (const char *p = o->exclude_characters; p && *p; p++)
		excluded[(unsigned char)*p] = 1;
	for (int c = 0; c < CLS_COUNT; c++) {
		if (!included[c])
			continue;
		for (const char *p = class_chars[c]; *p; p++) {
			if (excluded[(unsigned char)*p])
				continue;
			a->cls[c][a->ncls[c]++] = *p;
			a->all[a->nall++] = *p;
		}
		/* A class emptied by exclude_characters cannot be required. */
		if (c != CLS_SPACE && a->ncls[c] > 0 &&
		    o->require_each_included_type) {
			a->required[c] = 1;
			a->nrequired++;
		}
	}
	sodium_memzero(excluded, sizeof excluded);
}

static void generate(char *out, uint32_t len, const struct alphabet *a)
{
	uint32_t k = 0;
	for (int c = 0; c < CLS_COUNT; c++)
		if (a->required[c])
			out[k++] = a->cls[c][randombytes_uniform(a->ncls[c])];
	while (k < len)
		out[k++] = a->all[randombytes_uniform(a->nall)];
	for (uint32_t i = len - 1; i > 0; i--) {
		uint32_t j = randombytes_uniform(i + 1);
		char t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	out[len] = '\0';
}

int sv_random_password(char *out, size_t cap, const sv_password_options *opts)
{
	static const sv_password_options defaults = SV_PASSWORD_OPTIONS_INIT;
	struct alphabet a;
	sv__error_clear();
	if (out && cap > 0)
		out[0] = '\0';
	if (!opts)
		opts = &defaults;
	int rc = check_options(opts);
	if (rc)
		return rc;
	uint32_t len = opts->length ? opts->length : PW_DEFAULT_LENGTH;
	build_alphabet(&a, opts);
	if (a.nall == 0)
		rc = sv__error_set(
			SV_EINVALID,
			"The password cannot be generated because every "
			"character class is excluded.");
	else if (len < a.nrequired)
		rc = sv__error_set(SV_EINVALID, "Password length is too short "
						"based on the required types.");
	else if (!out)
		rc = sv__error_set(SV_EINVALID, "no output buffer given");
	else if (cap < (size_t)len + 1)
		rc = sv__error_set(
			SV_EBUFS,
			"the buffer holds %zu bytes; the password needs %zu",
			cap, (size_t)len + 1);
	else if ((rc = sv__init()) == SV_OK)
		generate(out, len, &a);
	sodium_memzero(&a, sizeof a);
	return rc;
}
