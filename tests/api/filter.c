/*
 * filter.c - the ListSecrets filter engine against the behaviour observed
 * on AWS (aws-semantics §6): every example there is one assertion here.
 */
#include "harness.h"

#include "api/filter.h"

#define MAX_TAGS 4
#define SV_MSG 512

/* One secret: its name, description and up to MAX_TAGS key=value tags. */
typedef struct secret {
	const char *name;
	const char *description;
	const char *tag_keys[MAX_TAGS];
	const char *tag_values[MAX_TAGS];
	size_t ntags;
} secret;

static sv_filter_subject subject_of(const secret *s)
{
	sv_filter_subject sub = {
		.name = s->name,
		.description = s->description,
		.tag_keys = s->tag_keys,
		.tag_values = s->tag_values,
		.ntags = s->ntags,
	};
	return sub;
}

/* The names of the secrets matching @filters, comma-separated. */
static const char *matching(const secret *secrets, size_t n,
			    const sv_filter *filters, size_t nfilters)
{
	static char out[4096];
	out[0] = '\0';
	ASSERT_OK(sv__filters_check(filters, nfilters));
	for (size_t i = 0; i < n; i++) {
		sv_filter_subject sub = subject_of(&secrets[i]);
		if (!sv__filters_match(filters, nfilters, &sub))
			continue;
		if (out[0])
			strcat(out, ",");
		strcat(out, secrets[i].name);
	}
	return out;
}

/* One filter with one value. */
static const char *matching1(const secret *secrets, size_t n, const char *key,
			     const char *value)
{
	const char *values[1] = { value };
	sv_filter f = { key, values, 1 };
	return matching(secrets, n, &f, 1);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define EXPECT(secrets, key, value, want)                                      \
	ASSERT_STR_EQ(matching1(secrets, N(secrets), key, value), want)

/* ---- name ------------------------------------------------------------ */

TEST(filter_name_prefix)
{
	/* localstack#4820, observed on AWS: whole-name prefix. */
	static const secret s[] = {
		{ "testing1/one", NULL, { NULL }, { NULL }, 0 },
		{ "/testing2/two", NULL, { NULL }, { NULL }, 0 },
	};
	EXPECT(s, "name", "/", "/testing2/two");
	EXPECT(s, "name", "!/", "testing1/one");
	EXPECT(s, "name", "testing1 one", ""); /* no word splitting */
	EXPECT(s, "name", "testing1/", "testing1/one");
	EXPECT(s, "name", "Testing1", ""); /* case-sensitive */
	EXPECT(s, "name", "one", "");	   /* prefix, not substring */
	EXPECT(s, "name", "", "testing1/one,/testing2/two");
	EXPECT(s, "name", "!", "");
}

TEST(filter_name_values_or)
{
	static const secret s[] = {
		{ "foo", NULL, { NULL }, { NULL }, 0 },
		{ "bar", NULL, { NULL }, { NULL }, 0 },
		{ "baz", NULL, { NULL }, { NULL }, 0 },
	};
	const char *values[] = { "foo", "bar" };
	sv_filter f = { "name", values, 2 };
	ASSERT_STR_EQ(matching(s, N(s), &f, 1), "foo,bar");
	/* "!!x": one '!' negates, the second is part of the value. */
	static const secret bang[] = {
		{ "!x1", NULL, { NULL }, { NULL }, 0 },
		{ "x1", NULL, { NULL }, { NULL }, 0 },
	};
	EXPECT(bang, "name", "!x", "!x1");
	EXPECT(bang, "name", "!!x", "x1");
}

/* ---- description ----------------------------------------------------- */

TEST(filter_description_word_prefix)
{
	static const secret s[] = {
		{ "s1", "a secret", { NULL }, { NULL }, 0 },
		{ "s2", "an secret", { NULL }, { NULL }, 0 },
		{ "s3", "asecret", { NULL }, { NULL }, 0 },
		{ "s4", "thesecret", { NULL }, { NULL }, 0 },
	};
	EXPECT(s, "description", "a", "s1,s2,s3");
	EXPECT(s, "description", "a secret", "s1,s2");
	EXPECT(s, "description", "!a", "s4");
	EXPECT(s, "description", "A SECRET", "s1,s2"); /* not case-sensitive */
	EXPECT(s, "description", "secret", "s1,s2");
	EXPECT(s, "description", "", ""); /* no word: nothing */
	EXPECT(s, "description", "   ", "");
}

TEST(filter_description_words)
{
	static const secret s[] = {
		{ "foo", "one two", { NULL }, { NULL }, 0 },
		{ "bar", "one and two", { NULL }, { NULL }, 0 },
		{ "baz", "one", { NULL }, { NULL }, 0 },
		{ "qux", "two", { NULL }, { NULL }, 0 },
		{ "none", "unrelated", { NULL }, { NULL }, 0 },
		{ "nodesc", NULL, { NULL }, { NULL }, 0 },
	};
	EXPECT(s, "description", "one two", "foo,bar");
	EXPECT(s, "description", "t", "foo,bar,qux");
	EXPECT(s, "description", "!c", "foo,bar,baz,qux,none,nodesc");
	EXPECT(s, "description", "!o", "qux,none,nodesc");
	EXPECT(s, "description", "x", "");
	/* Values OR: "one" or not "two". */
	const char *values[] = { "one", "!two" };
	sv_filter f = { "description", values, 2 };
	ASSERT_STR_EQ(matching(s, N(s), &f, 1), "foo,bar,baz,none,nodesc");
	/* Two filters with the same key AND. */
	static const secret d[] = {
		{ "foo", "one two", { NULL }, { NULL }, 0 },
		{ "bar", "one", { NULL }, { NULL }, 0 },
		{ "baz", "two", { NULL }, { NULL }, 0 },
		{ "qux", "unrelated", { NULL }, { NULL }, 0 },
	};
	const char *one[] = { "one" }, *two[] = { "two" };
	sv_filter both[] = { { "description", one, 1 },
			     { "description", two, 1 } };
	ASSERT_STR_EQ(matching(d, N(d), both, 2), "foo");
}

TEST(filter_description_whitespace)
{
	static const secret s[] = {
		{ "tab", "first\tsecond\nthird", { NULL }, { NULL }, 0 },
		{ "camel", "DescTwo", { NULL }, { NULL }, 0 },
	};
	EXPECT(s, "description", "second third", "tab");
	/* Only white space cuts a description into words. */
	EXPECT(s, "description", "two", "");
	EXPECT(s, "description", "desc", "camel");
}

/* ---- tags -------------------------------------------------------------- */

TEST(filter_tags)
{
	static const secret s[] = {
		{ "a", NULL, { "Production" }, { "x" }, 1 },
		{ "b", NULL, { "Prod1" }, { "Prod1" }, 1 },
		{ "c", NULL, { "prod" }, { "Production" }, 1 },
		{ "d", NULL, { NULL }, { NULL }, 0 },
		{ "e", NULL, { "k1", "Prod" }, { "v1", "v2" }, 2 },
	};
	EXPECT(s, "tag-key", "Prod", "a,b,e");
	EXPECT(s, "tag-key", "prod", "c");
	/* Negation is "no tag key starts with Prod": e's Prod excludes it
	 * although its other key k1 does not match. */
	EXPECT(s, "tag-key", "!Prod", "c,d");
	EXPECT(s, "tag-key", "rod", "");
	EXPECT(s, "tag-value", "Prod", "b,c");
	EXPECT(s, "tag-value", "v2", "e");
	EXPECT(s, "tag-value", "!x", "b,c,d,e");
}

TEST(filter_multiple_filters_and)
{
	static const secret s[] = {
		{ "foo", NULL, { "right" }, { "right" }, 1 },
		{ "bar", NULL, { "right" }, { "wrong" }, 1 },
		{ "baz", NULL, { "wrong" }, { "right" }, 1 },
		{ "qux", NULL, { "wrong" }, { "wrong" }, 1 },
	};
	const char *right[] = { "right" };
	sv_filter f[] = { { "tag-key", right, 1 }, { "tag-value", right, 1 } };
	ASSERT_STR_EQ(matching(s, N(s), f, 2), "foo");
	/* No filters: everything. */
	ASSERT_STR_EQ(matching(s, N(s), NULL, 0), "foo,bar,baz,qux");
}

/* ---- primary-region, owning-service -------------------------------------- */

TEST(filter_region_and_service)
{
	const char *k[] = { "k" }, *v[] = { "v" };
	sv_filter_subject none = { "n", NULL, k, v, 1, NULL, NULL };
	sv_filter_subject set = { "n", NULL, k, v, 1, "eu-west-1", "appflow" };
	const char *eu[] = { "eu" }, *EU[] = { "EU" }, *not_eu[] = { "!eu" };
	const char *app[] = { "app" }, *na[] = { "n/a" };
	sv_filter f;

	f = (sv_filter){ "primary-region", eu, 1 };
	ASSERT_OK(sv__filters_check(&f, 1));
	ASSERT(!sv__filters_match(&f, 1, &none));
	ASSERT(sv__filters_match(&f, 1, &set));
	f.values = EU;
	ASSERT(!sv__filters_match(&f, 1, &set));
	f.values = not_eu;
	ASSERT(sv__filters_match(&f, 1, &none));
	ASSERT(!sv__filters_match(&f, 1, &set));

	f = (sv_filter){ "owning-service", na, 1 };
	ASSERT_OK(sv__filters_check(&f, 1));
	ASSERT(!sv__filters_match(&f, 1, &none)); /* moto: n/a finds nothing */
	f.values = app;
	ASSERT(sv__filters_match(&f, 1, &set));
	ASSERT(!sv__filters_match(&f, 1, &none));
}

/* ---- all --------------------------------------------------------------- */

/* moto test_with_all_filter (aws_verified); the unique suffix is fixed. */
static const secret all1[] = {
	{ "SecretOnea1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "SecretTwoa1b2c3", "DescTwo", { NULL }, { NULL }, 0 },
	{ "Thirdsecreta1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "SecretFTaga1b2c3", NULL, { "1" }, { "foo" }, 1 },
	{ "SecretFValuea1b2c3", NULL, { "foo" }, { "v" }, 1 },
	{ "nonea1b2c3", NULL, { NULL }, { NULL }, 0 },
};

TEST(filter_all_words)
{
	EXPECT(all1, "all", "SecretOne", "SecretOnea1b2c3");
	EXPECT(all1, "all", "foo", "SecretFTaga1b2c3,SecretFValuea1b2c3");
	EXPECT(all1, "all", "Secret",
	       "SecretOnea1b2c3,SecretTwoa1b2c3,SecretFTaga1b2c3,"
	       "SecretFValuea1b2c3");
	EXPECT(all1, "all", "secret",
	       "SecretOnea1b2c3,SecretTwoa1b2c3,SecretFTaga1b2c3,"
	       "SecretFValuea1b2c3");
	EXPECT(all1, "all", "sec",
	       "SecretOnea1b2c3,SecretTwoa1b2c3,SecretFTaga1b2c3,"
	       "SecretFValuea1b2c3");
	EXPECT(all1, "all", "ret", "");
	EXPECT(all1, "all", "SomeSecret", "");
	EXPECT(all1, "all", "d", "SecretTwoa1b2c3");
	EXPECT(all1, "all", "d t", "SecretTwoa1b2c3");
	EXPECT(all1, "all", "t",
	       "SecretTwoa1b2c3,Thirdsecreta1b2c3,SecretFTaga1b2c3");
	EXPECT(all1, "all", "!secret", "Thirdsecreta1b2c3,nonea1b2c3");
}

/* moto test_with_all_filter_special_characters (aws_verified). */
static const secret all2[] = {
	{ "prod/AppBeta/a1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "prod_AppBeta_a1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "prod+AppBeta+a1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "prod=AppBeta=a1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "prod.AppBeta.a1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "prod@AppBeta@a1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "prod-AppBeta-a1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "uat/COMPANY/a1b2c3", NULL, { NULL }, { NULL }, 0 },
	{ "uat/COMPANYthings/a1b2c3", NULL, { NULL }, { NULL }, 0 },
};

#define ALL_SPECIAL                                                            \
	"prod/AppBeta/a1b2c3,prod_AppBeta_a1b2c3,prod+AppBeta+a1b2c3,"         \
	"prod=AppBeta=a1b2c3,prod.AppBeta.a1b2c3,prod@AppBeta@a1b2c3,"         \
	"prod-AppBeta-a1b2c3"

TEST(filter_all_special_characters)
{
	EXPECT(all2, "all", "AppBeta", ALL_SPECIAL);
	EXPECT(all2, "all", "Beta", ALL_SPECIAL);
	const char *values[] = { "AppBeta", "prod" };
	sv_filter f = { "all", values, 2 };
	ASSERT_STR_EQ(matching(all2, N(all2), &f, 1), ALL_SPECIAL);
	EXPECT(all2, "all", "+", "");
	EXPECT(all2, "all", "/", "");
	EXPECT(all2, "all", "a1b2c3",
	       ALL_SPECIAL ",uat/COMPANY/a1b2c3,uat/COMPANYthings/a1b2c3");
	EXPECT(all2, "all", "company", "uat/COMPANY/a1b2c3");
	EXPECT(all2, "all", "things", "");
	EXPECT(all2, "all", "Ythings", "uat/COMPANYthings/a1b2c3");
	EXPECT(all2, "all", "N", "");
	EXPECT(all2, "all", "pany", "");
	EXPECT(all2, "all", "compan",
	       "uat/COMPANY/a1b2c3,uat/COMPANYthings/a1b2c3");
}

TEST(filter_all_attributes)
{
	/* moto test_with_all_filter: name, description, tag key, tag value. */
	static const secret s[] = {
		{ "foo", NULL, { NULL }, { NULL }, 0 },
		{ "bar", "foo", { NULL }, { NULL }, 0 },
		{ "baz", NULL, { "foo" }, { "1" }, 1 },
		{ "qux", NULL, { "1" }, { "foo" }, 1 },
		{ "multi", NULL, { "foo" }, { "foo" }, 1 },
		{ "none", NULL, { NULL }, { NULL }, 0 },
	};
	EXPECT(s, "all", "foo", "foo,bar,baz,qux,multi");
	EXPECT(s, "all", "FOO", "foo,bar,baz,qux,multi");
	/* Words of one value may be found in different attributes. */
	EXPECT(s, "all", "bar foo", "bar");
	EXPECT(s, "all", "", "");
}

TEST(filter_all_tokens)
{
	/* The console guide's example: letter/digit transitions split too. */
	static const secret s[] = {
		{ "credsDatabase#892", NULL, { NULL }, { NULL }, 0 },
		{ "prod-AppBeta/x", NULL, { NULL }, { NULL }, 0 },
		{ "ABc", "caf\xc3\xa9 au lait", { NULL }, { NULL }, 0 },
	};
	EXPECT(s, "all", "creds", "credsDatabase#892");
	EXPECT(s, "all", "database", "credsDatabase#892");
	EXPECT(s, "all", "892", "credsDatabase#892");
	EXPECT(s, "all", "8", "credsDatabase#892");
	EXPECT(s, "all", "base", "");
	EXPECT(s, "all", "creds892", "credsDatabase#892");
	/* Two different separators in one name: split at both (our choice). */
	EXPECT(s, "all", "AppBeta", "prod-AppBeta/x");
	EXPECT(s, "all", "x", "prod-AppBeta/x");
	/* ABc -> A, Bc. */
	EXPECT(s, "all", "bc", "ABc");
	EXPECT(s, "all", "ab", "");
	/* Non-ASCII bytes belong to the word they are in. */
	EXPECT(s, "all", "caf", "ABc");
	EXPECT(s, "all", "lait", "ABc");
}

/* ---- validation ---------------------------------------------------------- */

TEST(filter_check_valid)
{
	const char *ok[] = { "!", "!!x", "a b:c_d@e/f+g=h.i-j!", "" };
	sv_filter f = { "name", ok, 4 };
	ASSERT_OK(sv__filters_check(&f, 1));
	ASSERT_OK(sv__filters_check(NULL, 0));
	static const char *keys[] = {
		"name",		  "description",    "tag-key", "tag-value",
		"primary-region", "owning-service", "all",
	};
	for (size_t i = 0; i < N(keys); i++) {
		f.key = keys[i];
		ASSERT_OK(sv__filters_check(&f, 1));
	}
	/* 512 characters pass, 10 values pass, 10 filters pass. */
	static char v512[513];
	memset(v512, 'x', 512);
	const char *ten[10];
	for (int i = 0; i < 10; i++)
		ten[i] = v512;
	sv_filter tenf[10];
	for (int i = 0; i < 10; i++)
		tenf[i] = (sv_filter){ "name", ten, 10 };
	ASSERT_OK(sv__filters_check(tenf, 10));
}

TEST(filter_check_key)
{
	const char *v[] = { "foo" };
	sv_filter f = { "invalid", v, 1 };
	ASSERT_ERR(
		sv__filters_check(&f, 1), SV_EVALIDATION,
		"1 validation error detected: Value 'invalid' at "
		"'filters.1.member.key' failed to satisfy constraint: Member "
		"must satisfy enum value set: [all, name, tag-key, "
		"description, tag-value, primary-region, owning-service]");
	sv_filter two[] = { { "name", v, 1 }, { "Name", v, 1 } };
	ASSERT_ERR(
		sv__filters_check(two, 2), SV_EVALIDATION,
		"1 validation error detected: Value 'Name' at "
		"'filters.2.member.key' failed to satisfy constraint: Member "
		"must satisfy enum value set: [all, name, tag-key, "
		"description, tag-value, primary-region, owning-service]");
	f.key = NULL;
	ASSERT_ERR(sv__filters_check(&f, 1), SV_EINVALID, "Invalid filter key");
}

TEST(filter_check_values)
{
	sv_filter f = { "description", NULL, 0 };
	ASSERT_ERR(sv__filters_check(&f, 1), SV_EINVALID,
		   "Invalid filter values for key: description");
	const char *none[1] = { NULL };
	f.values = none;
	f.nvalues = 1;
	ASSERT_ERR(sv__filters_check(&f, 1), SV_EINVALID,
		   "Invalid filter values for key: description");
	const char *bad[] = { "ok", "a*b" };
	f = (sv_filter){ "name", bad, 2 };
	ASSERT_ERR(sv__filters_check(&f, 1), SV_EVALIDATION,
		   "1 validation error detected: Value '[ok, a*b]' at "
		   "'filters.1.member.values' failed to satisfy constraint: "
		   "Member must satisfy constraint: [Member must have length "
		   "less than or equal to 512, Member must satisfy regular "
		   "expression pattern: ^\\!?[a-zA-Z0-9 "
		   ":_@\\/\\+\\=\\.\\-\\!]*$]");
	const char *newline[] = { "abc\n" };
	f = (sv_filter){ "name", newline, 1 };
	ASSERT_ERR(sv__filters_check(&f, 1), SV_EVALIDATION, NULL);
	const char *utf8[] = { "caf\xc3\xa9" };
	f = (sv_filter){ "all", utf8, 1 };
	ASSERT_ERR(sv__filters_check(&f, 1), SV_EVALIDATION, NULL);
	static char v513[514];
	memset(v513, 'x', 513);
	const char *longv[] = { v513 };
	f = (sv_filter){ "name", longv, 1 };
	/* The echo is clipped at 128 characters so the rest still fits. */
	char want[SV_MSG];
	snprintf(
		want, sizeof want,
		"1 validation error detected: Value '[%.128s...]' at "
		"'filters.1.member.values' failed to satisfy constraint: "
		"Member must satisfy constraint: [Member must have length "
		"less than or equal to 512, Member must satisfy regular "
		"expression pattern: ^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$]",
		v513);
	ASSERT_ERR(sv__filters_check(&f, 1), SV_EVALIDATION, want);
	/* A long bad key too. */
	f = (sv_filter){ v513, newline, 1 };
	ASSERT_ERR(sv__filters_check(&f, 1), SV_EVALIDATION, NULL);
	ASSERT(strstr(sv_error_last(), "xxx...' at 'filters.1.member.key'"));
}

TEST(filter_check_counts)
{
	const char *eleven[11] = { "a", "b", "c", "d", "e", "f",
				   "g", "h", "i", "j", "k" };
	sv_filter f = { "name", eleven, 11 };
	ASSERT_ERR(
		sv__filters_check(&f, 1), SV_EVALIDATION,
		"1 validation error detected: Value '[a, b, c, d, e, f, g, h, "
		"i, j, k]' at 'filters.1.member.values' failed to satisfy "
		"constraint: Member must have length less than or equal to 10");
	sv_filter many[11];
	for (int i = 0; i < 11; i++)
		many[i] = (sv_filter){ "name", eleven, 1 };
	ASSERT_ERR(sv__filters_check(many, 11), SV_EVALIDATION,
		   "1 validation error detected: Value at 'filters' failed to "
		   "satisfy constraint: Member must have length less than or "
		   "equal to 10");
}

TEST(filter_check_several_errors)
{
	/* Request validation reports every violation under one count. */
	const char *v[] = { "x" }, *bad[] = { "%" };
	sv_filter f[] = { { "bogus", v, 1 }, { "name", bad, 1 } };
	ASSERT_ERR(
		sv__filters_check(f, 2), SV_EVALIDATION,
		"2 validation errors detected: Value 'bogus' at "
		"'filters.1.member.key' failed to satisfy constraint: Member "
		"must satisfy enum value set: [all, name, tag-key, "
		"description, tag-value, primary-region, owning-service]; "
		"Value '[%]' at 'filters.2.member.values' failed to satisfy "
		"constraint: Member must satisfy constraint: [Member must "
		"have length less than or equal to 512, Member must satisfy "
		"regular expression pattern: "
		"^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$]");
	/* Validation comes before the missing-values check. */
	sv_filter g[] = { { "description", NULL, 0 }, { "bogus", v, 1 } };
	ASSERT_ERR(sv__filters_check(g, 2), SV_EVALIDATION, NULL);
}
