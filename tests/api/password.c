/* password.c - sv_random_password() against AWS GetRandomPassword (§7). */
#include "harness.h"

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGITS "0123456789"
#define PUNCT "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

static int has_any(const char *s, const char *set)
{
	return strpbrk(s, set) != NULL;
}

/* Every character of @s is in @set. */
static int only(const char *s, const char *set)
{
	return strspn(s, set) == strlen(s);
}

static sv_password_options defaults(void)
{
	sv_password_options o = SV_PASSWORD_OPTIONS_INIT;
	return o;
}

/* @rounds passwords with @o; each must have the right length, use only
 * @allowed and avoid @banned (may be ""). */
static void check_many(const sv_password_options *o, int rounds,
		       const char *allowed, const char *banned)
{
	char pw[4097];
	size_t want = o->length ? o->length : 32;
	for (int i = 0; i < rounds; i++) {
		ASSERT_OK(sv_random_password(pw, sizeof pw, o));
		ASSERT_EQ(strlen(pw), want);
		ASSERT(only(pw, allowed));
		ASSERT(!has_any(pw, banned));
	}
}

TEST(password_options_init)
{
	sv_password_options o, d = SV_PASSWORD_OPTIONS_INIT;
	memset(&o, 0xff, sizeof o);
	ASSERT_OK(sv_password_options_init(&o, SV_PASSWORD_OPTIONS_VERSION));
	ASSERT_EQ(o.version, SV_PASSWORD_OPTIONS_VERSION);
	ASSERT_EQ(o.length, 0);
	ASSERT(o.exclude_characters == NULL);
	ASSERT_EQ(o.exclude_numbers, 0);
	ASSERT_EQ(o.exclude_punctuation, 0);
	ASSERT_EQ(o.exclude_uppercase, 0);
	ASSERT_EQ(o.exclude_lowercase, 0);
	ASSERT_EQ(o.include_space, 0);
	ASSERT_EQ(o.require_each_included_type, 1);
	ASSERT_MEM_EQ(o.reserved, d.reserved, sizeof d.reserved);
	ASSERT_ERR(sv_password_options_init(&o, 0), SV_EINVALID,
		   "invalid version 0 on sv_password_options");
	ASSERT_ERR(
		sv_password_options_init(&o, SV_PASSWORD_OPTIONS_VERSION + 1),
		SV_EINVALID, "invalid version 2 on sv_password_options");
	ASSERT_ERR(sv_password_options_init(NULL, 1), SV_EINVALID, NULL);
}

TEST(password_defaults)
{
	char pw[64];
	sv_password_options o = defaults();
	ASSERT_OK(sv_random_password(pw, sizeof pw, NULL));
	ASSERT_EQ(strlen(pw), 32);
	ASSERT_EQ(sv_error_last_code(), SV_OK);
	/* The 94 printable ASCII characters other than space. */
	check_many(&o, 50, LOWER UPPER DIGITS PUNCT, " ");
	o.length = 32;
	check_many(&o, 10, LOWER UPPER DIGITS PUNCT, " ");
}

TEST(password_punctuation_set)
{
	/* Exactly Python's string.punctuation: 32 characters, no space. */
	ASSERT_EQ(strlen(PUNCT), 32);
	sv_password_options o = defaults();
	o.exclude_lowercase = o.exclude_uppercase = o.exclude_numbers = 1;
	o.length = 4096;
	check_many(&o, 3, PUNCT, LOWER UPPER DIGITS " ");
}

TEST(password_exclude_flags)
{
	sv_password_options o = defaults();
	o.exclude_lowercase = 1;
	check_many(&o, 50, UPPER DIGITS PUNCT, LOWER " ");
	o = defaults();
	o.exclude_uppercase = 1;
	check_many(&o, 50, LOWER DIGITS PUNCT, UPPER " ");
	o = defaults();
	o.exclude_numbers = 1;
	check_many(&o, 50, LOWER UPPER PUNCT, DIGITS " ");
	o = defaults();
	o.exclude_punctuation = 1;
	check_many(&o, 50, LOWER UPPER DIGITS, PUNCT " ");
	o = defaults();
	o.exclude_lowercase = o.exclude_uppercase = o.exclude_punctuation = 1;
	check_many(&o, 50, DIGITS, LOWER UPPER PUNCT " ");
}

TEST(password_exclude_characters)
{
	sv_password_options o = defaults();
	o.exclude_characters = "abcXYZ059!\"'\\` ";
	o.length = 200;
	check_many(&o, 50, LOWER UPPER DIGITS PUNCT, "abcXYZ059!\"'\\` ");
	/* It applies to space as well. */
	o.include_space = 1;
	check_many(&o, 50, LOWER UPPER DIGITS PUNCT, "abcXYZ059!\"'\\` ");
	/* An empty string excludes nothing. */
	o = defaults();
	o.exclude_characters = "";
	check_many(&o, 10, LOWER UPPER DIGITS PUNCT, " ");
}

TEST(password_exclude_characters_empties_class)
{
	/* A class emptied by exclude_characters is no longer required, so
	 * three characters are enough for the other three classes. */
	sv_password_options o = defaults();
	o.exclude_characters = DIGITS;
	o.length = 3;
	char pw[4];
	for (int i = 0; i < 100; i++) {
		ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
		ASSERT(has_any(pw, LOWER) && has_any(pw, UPPER) &&
		       has_any(pw, PUNCT) && !has_any(pw, DIGITS));
	}
}

TEST(password_include_space)
{
	sv_password_options o = defaults();
	o.include_space = 1;
	o.length = 100;
	int spaces = 0;
	char pw[101];
	for (int i = 0; i < 20; i++) {
		ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
		ASSERT(only(pw, LOWER UPPER DIGITS PUNCT " "));
		spaces += has_any(pw, " ");
	}
	ASSERT(spaces > 0);
	/* Space is not a required type: length 4 still works. */
	o.length = 4;
	check_many(&o, 50, LOWER UPPER DIGITS PUNCT " ", "");
	/* Space alone is an alphabet. */
	o = defaults();
	o.exclude_lowercase = o.exclude_uppercase = 1;
	o.exclude_numbers = o.exclude_punctuation = 1;
	o.include_space = 1;
	o.length = 5;
	ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
	ASSERT_STR_EQ(pw, "     ");
}

TEST(password_require_each_included_type)
{
	sv_password_options o = defaults();
	char pw[5];
	int first[4] = { 0, 0, 0, 0 };
	o.length = 4;
	for (int i = 0; i < 400; i++) {
		ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
		ASSERT_EQ(strlen(pw), 4);
		ASSERT(has_any(pw, LOWER));
		ASSERT(has_any(pw, UPPER));
		ASSERT(has_any(pw, DIGITS));
		ASSERT(has_any(pw, PUNCT));
		/* The required characters land at random places. */
		first[strchr(LOWER, pw[0])    ? 0
		      : strchr(UPPER, pw[0])  ? 1
		      : strchr(DIGITS, pw[0]) ? 2
					      : 3]++;
	}
	for (int c = 0; c < 4; c++)
		ASSERT(first[c] > 0);
	/* With two classes excluded two characters suffice. */
	o.exclude_lowercase = o.exclude_punctuation = 1;
	o.length = 2;
	for (int i = 0; i < 100; i++) {
		ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
		ASSERT(has_any(pw, UPPER) && has_any(pw, DIGITS));
	}
}

TEST(password_too_short)
{
	char pw[8];
	sv_password_options o = defaults();
	o.length = 1;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID,
		   "Password length is too short based on the required types.");
	ASSERT_STR_EQ(pw, "");
	o.length = 3;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID,
		   "Password length is too short based on the required types.");
	o.exclude_numbers = 1;
	ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
	ASSERT_EQ(strlen(pw), 3);
}

TEST(password_no_require)
{
	char pw[2];
	sv_password_options o = defaults();
	o.length = 1;
	o.require_each_included_type = 0;
	for (int i = 0; i < 100; i++) {
		ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
		ASSERT_EQ(strlen(pw), 1);
		ASSERT(only(pw, LOWER UPPER DIGITS PUNCT));
	}
}

TEST(password_length_limits)
{
	static char pw[4097];
	sv_password_options o = defaults();
	o.length = 5555;
	ASSERT_ERR(
		sv_random_password(pw, sizeof pw, &o), SV_EVALIDATION,
		"1 validation error detected: Value '5555' at 'passwordLength' "
		"failed to satisfy constraint: Member must have value less "
		"than or equal to 4096");
	o.length = 4097;
	ASSERT_ERR(
		sv_random_password(pw, sizeof pw, &o), SV_EVALIDATION,
		"1 validation error detected: Value '4097' at 'passwordLength' "
		"failed to satisfy constraint: Member must have value less "
		"than or equal to 4096");
	o.length = 4096;
	ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
	ASSERT_EQ(strlen(pw), 4096);
	o.length = 0; /* the default */
	ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
	ASSERT_EQ(strlen(pw), 32);
}

TEST(password_everything_excluded)
{
	char pw[64];
	const char *msg = "The password cannot be generated because every "
			  "character class is excluded.";
	sv_password_options o = defaults();
	o.exclude_lowercase = o.exclude_uppercase = 1;
	o.exclude_numbers = o.exclude_punctuation = 1;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID, msg);
	o.require_each_included_type = 0;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID, msg);
	o = defaults();
	o.include_space = 1;
	o.exclude_characters = LOWER UPPER DIGITS PUNCT " ";
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID, msg);
}

TEST(password_exclude_characters_too_long)
{
	static char many[4098];
	char pw[64];
	memset(many, 'a', 4097);
	sv_password_options o = defaults();
	o.exclude_characters = many;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EVALIDATION,
		   "1 validation error detected: Value at 'excludeCharacters' "
		   "failed to satisfy constraint: Member must have length less "
		   "than or equal to 4096");
	many[4096] = '\0';
	ASSERT_OK(sv_random_password(pw, sizeof pw, &o));
	ASSERT(!has_any(pw, "a"));
}

TEST(password_buffer_too_small)
{
	char pw[33];
	ASSERT_ERR(sv_random_password(pw, 32, NULL), SV_EBUFS,
		   "the buffer holds 32 bytes; the password needs 33");
	ASSERT_STR_EQ(pw, "");
	ASSERT_ERR(sv_random_password(pw, 0, NULL), SV_EBUFS,
		   "the buffer holds 0 bytes; the password needs 33");
	ASSERT_ERR(sv_random_password(NULL, 0, NULL), SV_EINVALID, NULL);
	ASSERT_OK(sv_random_password(pw, 33, NULL));
	ASSERT_EQ(strlen(pw), 32);
}

TEST(password_bad_options)
{
	char pw[64];
	sv_password_options o = defaults();
	o.version = 0;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID,
		   "invalid version 0 on sv_password_options");
	o.version = 2;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID,
		   "invalid version 2 on sv_password_options");
	o = defaults();
	o.reserved[3] = 1;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID,
		   "sv_password_options.reserved must be zero");
	o = defaults();
	o.exclude_numbers = 2;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID,
		   "sv_password_options.exclude_numbers must be 0 or 1");
	o = defaults();
	o.require_each_included_type = 7;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID,
		   "sv_password_options.require_each_included_type must be 0 "
		   "or 1");
	o = defaults();
	o.include_space = 0xffffffffu;
	ASSERT_ERR(sv_random_password(pw, sizeof pw, &o), SV_EINVALID,
		   "sv_password_options.include_space must be 0 or 1");
	/* A failure is forgotten by the next successful call. */
	ASSERT_OK(sv_random_password(pw, sizeof pw, NULL));
	ASSERT_EQ(sv_error_last_code(), SV_OK);
}

TEST(password_statistics)
{
	/* 625 x 32 = 20000 characters: each of the 94 should turn up about
	 * 210 times.  The bounds are loose (many standard deviations); they
	 * catch a missing character or a grossly skewed draw. */
	static const char all[] = LOWER UPPER DIGITS PUNCT;
	int count[256] = { 0 };
	char pw[33];
	for (int i = 0; i < 625; i++) {
		ASSERT_OK(sv_random_password(pw, sizeof pw, NULL));
		for (const char *p = pw; *p; p++)
			count[(unsigned char)*p]++;
	}
	int total = 0;
	for (int c = 0; c < 256; c++) {
		total += count[c];
		if (c && strchr(all, c)) {
			if (count[c] < 60 || count[c] > 500)
				TEST_FAIL_("'%c' appeared %d times", c,
					   count[c]);
		} else {
			ASSERT_EQ(count[c], 0);
		}
	}
	ASSERT_EQ(total, 20000);
}
