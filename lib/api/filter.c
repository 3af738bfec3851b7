/*
 * filter.c - ListSecrets / BatchGetSecretValue filters (aws-semantics §6).
 *
 * name, tag-key, tag-value, primary-region and owning-service are plain
 * case-sensitive prefixes.  description and all are word searches: the
 * value is cut into words and every word must be a case-insensitive
 * prefix of some word of the searched text.  description cuts at white
 * space only ("a" matches "asecret"); all cuts at punctuation and at case
 * and digit transitions as AWS was observed to do ("Ythings" matches
 * "uat/COMPANYthings/x", "things" does not).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api/filter.h"
#include "util/error.h"

/* ---- Keys ------------------------------------------------------------ */

enum fkey {
	K_NAME,
	K_DESCRIPTION,
	K_TAG_KEY,
	K_TAG_VALUE,
	K_PRIMARY_REGION,
	K_OWNING_SERVICE,
	K_ALL,
	K_COUNT
};

static const char *const key_names[K_COUNT] = {
	[K_NAME] = "name",
	[K_DESCRIPTION] = "description",
	[K_TAG_KEY] = "tag-key",
	[K_TAG_VALUE] = "tag-value",
	[K_PRIMARY_REGION] = "primary-region",
	[K_OWNING_SERVICE] = "owning-service",
	[K_ALL] = "all",
};

/* Coral prints the enum in its own (hash set) order; this is AWS's. */
#define KEY_ENUM_TEXT                                                          \
	"[all, name, tag-key, description, tag-value, primary-region, "        \
	"owning-service]"
#define VALUE_PATTERN "^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$"

static int key_index(const char *key)
{
	for (int k = 0; k < K_COUNT; k++)
		if (strcmp(key, key_names[k]) == 0)
			return k;
	return K_COUNT;
}

/* ---- Validation --------------------------------------------------------- */

/* Coral reports every violation of a request at once, "; "-separated,
 * under one count; body collects them (truncated, the count is not). */
struct violations {
	char body[SV_ERRMSG_MAX];
	size_t len;
	int count;
};

__attribute__((format(printf, 2, 3))) static void add(struct violations *v,
						      const char *fmt, ...)
{
	size_t room = sizeof v->body - v->len;
	if (room <= 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(v->body + v->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		v->len += (size_t)n < room ? (size_t)n : room - 1;
}

static void begin(struct violations *v)
{
	if (v->count++ > 0)
		add(v, "; ");
}

/* At most this much of a caller's key or values is echoed, so that the
 * path and the constraint still fit in SV_ERRMSG_MAX; a clipped echo ends
 * in "...".  Short input is shown exactly as AWS shows it. */
#define ECHO_MAX 128

static void add_clipped(struct violations *v, const char *s, size_t max)
{
	if (strlen(s) <= max)
		add(v, "%s", s);
	else
		add(v, "%.*s...", (int)max, s);
}

/* "Value '[a, b]'" - Coral shows a list as Java's List.toString(). */
static void add_value_list(struct violations *v, const sv_filter *f)
{
	size_t budget = ECHO_MAX;
	add(v, "Value '[");
	for (size_t j = 0; j < f->nvalues; j++) {
		const char *s = f->values[j] ? f->values[j] : "null";
		const char *sep = j ? ", " : "";
		size_t n = strlen(sep) + strlen(s);
		if (n > budget) {
			size_t room =
				budget > strlen(sep) ? budget - strlen(sep) : 0;
			add(v, "%s", sep);
			add_clipped(v, s, room);
			break;
		}
		add(v, "%s%s", sep, s);
		budget -= n;
	}
	add(v, "]'");
}

static int value_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr(" :_@/+=.-!", c));
}

/* The pattern's leading \!? is subsumed by '!' being in the class, so a
 * value is valid when every character is in the class. */
static int value_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (n >= SV_FILTER_VALUE_LEN_MAX ||
		    !value_char_ok((unsigned char)s[n]))
			return 0;
	return 1;
}

static void check_values(struct violations *v, const sv_filter *f, size_t i)
{
	int bad = 0;
	for (size_t j = 0; j < f->nvalues; j++)
		if (f->values[j] && !value_ok(f->values[j]))
			bad = 1;
	if (f->nvalues > SV_FILTER_VALUES_MAX) {
		begin(v);
		add_value_list(v, f);
		add(v,
		    " at 'filters.%zu.member.values' failed to satisfy "
		    "constraint: Member must have length less than or equal to "
		    "%d",
		    i + 1, SV_FILTER_VALUES_MAX);
	}
	if (bad) {
		begin(v);
		add_value_list(v, f);
		add(v,
		    " at 'filters.%zu.member.values' failed to satisfy "
		    "constraint: Member must satisfy constraint: [Member must "
		    "have length less than or equal to %d, Member must satisfy "
		    "regular expression pattern: " VALUE_PATTERN "]",
		    i + 1, SV_FILTER_VALUE_LEN_MAX);
	}
}

/* Request validation: what AWS rejects with ValidationException. */
static void check_shapes(struct violations *v, const sv_filter *filters,
			 size_t n)
{
	if (n > SV_FILTERS_MAX) {
		begin(v);
		add(v,
		    "Value at 'filters' failed to satisfy constraint: Member "
		    "must have length less than or equal to %d",
		    SV_FILTERS_MAX);
	}
	for (size_t i = 0; i < n; i++) {
		const sv_filter *f = &filters[i];
		if (f->key && key_index(f->key) == K_COUNT) {
			begin(v);
			add(v, "Value '");
			add_clipped(v, f->key, ECHO_MAX);
			add(v,
			    "' at 'filters.%zu.member.key' failed to satisfy "
			    "constraint: Member must satisfy enum value "
			    "set: " KEY_ENUM_TEXT,
			    i + 1);
		}
		if (f->values)
			check_values(v, f, i);
	}
}

static int has_values(const sv_filter *f)
{
	if (!f->values || f->nvalues == 0)
		return 0;
	for (size_t j = 0; j < f->nvalues; j++)
		if (!f->values[j])
			return 0;
	return 1;
}

int sv__filters_check(const sv_filter *filters, size_t n)
{
	struct violations v = { .len = 0 };
	if (n > 0 && !filters)
		return sv__error_set(SV_EINVALID, "no filter list given");
	check_shapes(&v, filters, n);
	if (v.count)
		return sv__error_set(SV_EVALIDATION,
				     "%d validation error%s detected: %s",
				     v.count, v.count == 1 ? "" : "s", v.body);
	/* Model-valid but unusable: moto's InvalidParameterException texts
	 * (AWS would reject an empty Values in validation, min 1). */
	for (size_t i = 0; i < n; i++) {
		if (!filters[i].key)
			return sv__error_set(SV_EINVALID, "Invalid filter key");
		if (!has_values(&filters[i]))
			return sv__error_set(
				SV_EINVALID,
				"Invalid filter values for key: %s",
				filters[i].key);
	}
	return SV_OK;
}

/* ---- Words --------------------------------------------------------------- */

enum split {
	SPLIT_SPACE,
	SPLIT_ALL
};
enum cclass {
	C_SEP,
	C_LOWER,
	C_UPPER,
	C_DIGIT,
	C_OTHER
};

/* ASCII only, independent of the locale.  Bytes of UTF-8 sequences are
 * word characters without case, so "café" stays one word. */
static enum cclass cclass(unsigned char c, enum split mode)
{
	if (mode == SPLIT_SPACE)
		return c == ' ' || (c >= '\t' && c <= '\r') || !c ? C_SEP
								  : C_OTHER;
	if (c >= 'a' && c <= 'z')
		return C_LOWER;
	if (c >= 'A' && c <= 'Z')
		return C_UPPER;
	if (c >= '0' && c <= '9')
		return C_DIGIT;
	return c >= 0x80 ? C_OTHER : C_SEP;
}

static int is_letter(enum cclass c)
{
	return c == C_LOWER || c == C_UPPER;
}

/* 1 if a new word starts at s[i], s[i-1] and s[i] being word characters.
 * s[i+1] is readable: at worst it is the terminating NUL. */
static int starts_word(const char *s, size_t i, enum split mode)
{
	if (mode == SPLIT_SPACE)
		return 0;
	enum cclass p = cclass((unsigned char)s[i - 1], mode);
	enum cclass c = cclass((unsigned char)s[i], mode);
	enum cclass n = cclass((unsigned char)s[i + 1], mode);
	if (p == C_LOWER && c == C_UPPER)
		return 1; /* App|Beta */
	if (p == C_UPPER && c == C_UPPER && n == C_LOWER)
		return 1; /* COMPAN|Ythings: the last capital leads the word */
	return (p == C_DIGIT && is_letter(c)) || (is_letter(p) && c == C_DIGIT);
}

/* The next word of @s at or after *pos; 0 when there is none. */
static int next_word(const char *s, size_t *pos, const char **w, size_t *wn,
		     enum split mode)
{
	size_t i = *pos;
	while (s[i] && cclass((unsigned char)s[i], mode) == C_SEP)
		i++;
	if (!s[i]) {
		*pos = i;
		return 0;
	}
	size_t start = i++;
	while (s[i] && cclass((unsigned char)s[i], mode) != C_SEP &&
	       !starts_word(s, i, mode))
		i++;
	*w = s + start;
	*wn = i - start;
	*pos = i;
	return 1;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int prefix_ci(const char *p, size_t pn, const char *t, size_t tn)
{
	if (pn > tn)
		return 0;
	for (size_t i = 0; i < pn; i++)
		if (lower((unsigned char)p[i]) != lower((unsigned char)t[i]))
			return 0;
	return 1;
}

/* 1 if word @w is a case-insensitive prefix of some word of @text. */
static int word_in(const char *w, size_t wn, const char *text, enum split mode)
{
	const char *t;
	size_t tn, pos = 0;
	if (!text)
		return 0;
	while (next_word(text, &pos, &t, &tn, mode))
		if (prefix_ci(w, wn, t, tn))
			return 1;
	return 0;
}

static int word_in_subject(const char *w, size_t wn, const sv_filter_subject *s,
			   int all)
{
	if (!all)
		return word_in(w, wn, s->description, SPLIT_SPACE);
	if (word_in(w, wn, s->name, SPLIT_ALL) ||
	    word_in(w, wn, s->description, SPLIT_ALL))
		return 1;
	for (size_t i = 0; i < s->ntags; i++)
		if ((s->tag_keys &&
		     word_in(w, wn, s->tag_keys[i], SPLIT_ALL)) ||
		    (s->tag_values &&
		     word_in(w, wn, s->tag_values[i], SPLIT_ALL)))
			return 1;
	return 0;
}

/* Every word of @value found in the subject; a value without any word
 * (empty, blanks, or only punctuation for all) matches nothing. */
static int words_match(const char *value, const sv_filter_subject *s, int all)
{
	const char *w;
	size_t wn, pos = 0;
	int any = 0;
	while (next_word(value, &pos, &w, &wn, all ? SPLIT_ALL : SPLIT_SPACE)) {
		if (!word_in_subject(w, wn, s, all))
			return 0;
		any = 1;
	}
	return any;
}

/* ---- Matching ------------------------------------------------------------ */

static int prefix(const char *text, const char *p)
{
	return text && strncmp(text, p, strlen(p)) == 0;
}

static int any_prefix(const char *const *texts, size_t n, const char *p)
{
	for (size_t i = 0; texts && i < n; i++)
		if (prefix(texts[i], p))
			return 1;
	return 0;
}

static int value_matches(int key, const char *v, const sv_filter_subject *s)
{
	switch (key) {
	case K_NAME:
		return prefix(s->name, v);
	case K_DESCRIPTION:
		return words_match(v, s, 0);
	case K_TAG_KEY:
		return any_prefix(s->tag_keys, s->ntags, v);
	case K_TAG_VALUE:
		return any_prefix(s->tag_values, s->ntags, v);
	case K_PRIMARY_REGION:
		return prefix(s->primary_region, v);
	case K_OWNING_SERVICE:
		return prefix(s->owning_service, v);
	case K_ALL:
		return words_match(v, s, 1);
	default:
		return 0;
	}
}

/* OR over the values; "!v" holds when v does not match, so a missing
 * attribute satisfies every negated value. */
static int filter_matches(const sv_filter *f, const sv_filter_subject *s)
{
	int key = f->key ? key_index(f->key) : K_COUNT;
	if (key == K_COUNT)
		return 0;
	for (size_t j = 0; f->values && j < f->nvalues; j++) {
		const char *v = f->values[j];
		if (!v)
			continue;
		if (v[0] == '!' ? !value_matches(key, v + 1, s)
				: value_matches(key, v, s))
			return 1;
	}
	return 0;
}

int sv__filters_match(const sv_filter *filters, size_t n,
		      const sv_filter_subject *s)
{
	for (size_t i = 0; i < n; i++)
		if (!filter_matches(&filters[i], s))
			return 0;
	return 1;
}
