/*
 * filter.h - the ListSecrets / BatchGetSecretValue filter engine
 * (aws-semantics §6).  Pure functions over borrowed strings: no storage,
 * no allocation.
 */
#ifndef SV_API_FILTER_H
#define SV_API_FILTER_H

#include <stddef.h>

#define SV_FILTERS_MAX 10
#define SV_FILTER_VALUES_MAX 10
#define SV_FILTER_VALUE_LEN_MAX 512

/* What a filter is matched against (one secret). */
typedef struct sv_filter_subject {
	const char *name;
	const char *description;     /* NULL if none */
	const char *const *tag_keys; /* ntags entries */
	const char *const *tag_values;
	size_t ntags;
	/* NULL if none; primary_region is always NULL locally today. */
	const char *primary_region;
	const char *owning_service; /* NULL if none */
} sv_filter_subject;

typedef struct sv_filter {
	const char *key; /* "name", "description", "tag-key", "tag-value",
			  * "primary-region", "owning-service", "all" */
	const char *const *values;
	size_t nvalues;
} sv_filter;

/*
 * Check filters as AWS does before running anything: up to 10 filters, key
 * in the enum, 1..10 values each, each value <= 512 chars and matching
 * ^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$ .  Request-validation failures are
 * SV_EVALIDATION with the Coral text ("N validation error(s) detected:
 * ..."), all of them in one message as AWS reports them; a filter without
 * a key or without values is SV_EINVALID ("Invalid filter key",
 * "Invalid filter values for key: <key>", moto's texts).
 */
int sv__filters_check(const sv_filter *filters, size_t n);

/*
 * 1 if the subject matches all filters (AND across filters, OR across the
 * values of one filter, a leading '!' negates that value), else 0.  The
 * filters must have passed sv__filters_check().
 */
int sv__filters_match(const sv_filter *filters, size_t n,
		      const sv_filter_subject *s);

#endif
