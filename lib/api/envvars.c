/*
 * envvars.c - JSON properties and environment variables from values: the
 * naming rules of the GitHub Action aws-secretsmanager-get-secrets
 * (ecosystem-reference B.1).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api/objects.h"
#include "json/json.h"

int sv_value_property(sv_value **out, const sv_value *val, const char *path)
{
	sv__error_clear();
	if (!out || !val || !path)
		return sv__error_set(SV_EINVALID, "NULL argument");
	*out = NULL;
	if (val->binary && !sv__utf8_valid(val->data, val->size))
		return sv__error_set(
			SV_EINVALID,
			"the value of %s is binary, not a JSON document",
			val->name);
	uint8_t *text;
	size_t len;
	int rc = sv__json_property(&text, &len, val->data, val->size, path);
	if (rc != SV_OK) {
		if (rc == SV_ENOTFOUND)
			sv__error_set(
				rc,
				"the property %s does not exist in secret %s",
				path, val->name);
		return rc;
	}
	sv_value *p = sv__calloc(1, sizeof *p);
	if (p) {
		p->secure = val->secure;
		p->data = p->secure ? sodium_malloc(len + 1)
				    : sv__malloc(len + 1);
		p->arn = sv__strdup(val->arn);
		p->name = sv__strdup(val->name);
		p->stages = sv__strv_dup(val->stages, val->nstages);
		p->nstages = val->nstages;
	}
	if (!p || !p->data || !p->arn || !p->name || !p->stages) {
		sv_value_free(p);
		sv__free_secret(text, len + 1);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	memcpy(p->data, text, len + 1);
	sv__free_secret(text, len + 1);
	p->size = len;
	p->created = val->created;
	memcpy(p->version_id, val->version_id, sizeof p->version_id);
	*out = p;
	return SV_OK;
}

/* ---- Environment variables ------------------------------------------------
 */

struct sv_envvars {
	char **names, **values, **sources;
	size_t count;
};

int sv_env_options_init(sv_env_options *opts, uint32_t version)
{
	static const sv_env_options init = SV_ENV_OPTIONS_INIT;
	return sv__options_init(opts, &init, sizeof init, version,
				SV_ENV_OPTIONS_VERSION, "sv_env_options");
}

int sv_envvars_new(sv_envvars **out)
{
	sv__error_clear();
	if (!out)
		return sv__error_set(SV_EINVALID, "out is NULL");
	*out = sv__calloc(1, sizeof **out);
	return *out ? SV_OK : sv__error_set(SV_ENOMEM, "out of memory");
}

size_t sv_envvars_count(const sv_envvars *e)
{
	return e ? e->count : 0;
}
const char *sv_envvars_name(const sv_envvars *e, size_t i)
{
	return e && i < e->count ? e->names[i] : NULL;
}
const char *sv_envvars_value(const sv_envvars *e, size_t i)
{
	return e && i < e->count ? e->values[i] : NULL;
}
const char *sv_envvars_source(const sv_envvars *e, size_t i)
{
	return e && i < e->count ? e->sources[i] : NULL;
}

static void truncate_to(sv_envvars *e, size_t n)
{
	while (e->count > n) {
		e->count--;
		sv__free(e->names[e->count]);
		sv__free_secret(e->values[e->count],
				strlen(e->values[e->count]));
		sv__free(e->sources[e->count]);
	}
}

void sv_envvars_free(sv_envvars *e)
{
	if (!e)
		return;
	truncate_to(e, 0);
	sv__free(e->names);
	sv__free(e->values);
	sv__free(e->sources);
	sv__free(e);
}

/* The action's transform: a leading digit gets '_' (when asked), any
 * character outside [A-Za-z0-9_] becomes '_', then the case rule. */
static void transform(char *out, const char *in, size_t n, int digit_prefix,
		      uint32_t how)
{
	size_t o = 0;
	if (digit_prefix && n && isdigit((unsigned char)in[0]))
		out[o++] = '_';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (!isalnum(c) && c != '_')
			c = '_';
		else if (how == SV_ENV_UPPERCASE)
			c = (unsigned char)toupper(c);
		else if (how == SV_ENV_LOWERCASE)
			c = (unsigned char)tolower(c);
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

typedef struct env_add {
	sv_envvars *e;
	const char *prefix; /* "" = none */
	const char *secret;
	uint32_t how;
} env_add;

static int add_var(sv_envvars *e, const char *name, const char *value,
		   size_t vlen, const char *source)
{
	for (size_t i = 0; i < e->count; i++)
		if (strcmp(e->names[i], name) == 0)
			return sv__error_set(SV_EEXISTS,
					     "the environment variable %s from "
					     "%s collides with the one from "
					     "%s; give one of them an alias",
					     name, source, e->sources[i]);
	if (memchr(value, '\0', vlen))
		return sv__error_set(SV_EINVALID,
				     "%s holds a NUL byte, which an "
				     "environment variable cannot hold",
				     source);
	char **n = sv__realloc(e->names, (e->count + 1) * sizeof *n);
	if (n)
		e->names = n;
	char **v =
		n ? sv__realloc(e->values, (e->count + 1) * sizeof *v) : NULL;
	if (v)
		e->values = v;
	char **s =
		v ? sv__realloc(e->sources, (e->count + 1) * sizeof *s) : NULL;
	if (s)
		e->sources = s;
	if (!s)
		return sv__error_set(SV_ENOMEM, "out of memory");
	n[e->count] = sv__strdup(name);
	v[e->count] = sv__strndup(value, vlen);
	s[e->count] = sv__strdup(source);
	if (!n[e->count] || !v[e->count] || !s[e->count]) {
		sv__free(n[e->count]);
		sv__free_secret(v[e->count], v[e->count] ? vlen : 0);
		sv__free(s[e->count]);
		return sv__error_set(SV_ENOMEM, "out of memory");
	}
	e->count++;
	return SV_OK;
}

static int add_leaf(void *arg, const char *const *keys, size_t nkeys,
		    const char *text, size_t len)
{
	env_add *a = arg;
	size_t need = strlen(a->prefix) + 2, srclen = strlen(a->secret) + 2;
	for (size_t i = 0; i < nkeys; i++) {
		need += strlen(keys[i]) + 1;
		srclen += strlen(keys[i]) + 1;
	}
	char *name = sv__malloc(need), *source = sv__malloc(srclen);
	int rc = name && source ? SV_OK
				: sv__error_set(SV_ENOMEM, "out of memory");
	if (rc == SV_OK) {
		size_t o = 0,
		       so = (size_t)snprintf(source, srclen, "%s:", a->secret);
		if (a->prefix[0])
			o = (size_t)snprintf(name, need, "%s_", a->prefix);
		for (size_t i = 0; i < nkeys; i++) {
			/* Keys get no leading-digit underscore (the action). */
			transform(name + o, keys[i], strlen(keys[i]), 0,
				  a->how);
			o += strlen(name + o);
			so += (size_t)snprintf(source + so, srclen - so, "%s%s",
					       i ? "." : "", keys[i]);
			if (i + 1 < nkeys)
				name[o++] = '_';
		}
		name[o] = '\0';
		rc = add_var(a->e, name, text, len, source);
	}
	sv__free(name);
	sv__free(source);
	return rc;
}

static int alias_check(const char *alias, uint32_t how)
{
	size_t n = strlen(alias);
	char *t = sv__malloc(n + 2);
	if (!t)
		return sv__error_set(SV_ENOMEM, "out of memory");
	transform(t, alias, n, 1, how);
	int same = strcmp(t, alias) == 0;
	sv__free(t);
	if (!same)
		return sv__error_set(
			SV_EINVALID,
			"the alias %s is not a valid variable name: use %s "
			"letters, numbers and underscore only",
			alias,
			how == SV_ENV_LOWERCASE	  ? "lowercase"
			: how == SV_ENV_UPPERCASE ? "uppercase"
						  : "");
	return SV_OK;
}

int sv_value_env(sv_envvars *e, const sv_value *val, const sv_env_options *o)
{
	sv__error_clear();
	if (!e || !val)
		return sv__error_set(SV_EINVALID, "NULL argument");
	int rc;
	if (o && (rc = sv__options_check(o->version, o->reserved,
					 SV_ENV_OPTIONS_VERSION,
					 "sv_env_options")) != SV_OK)
		return rc;
	uint32_t how = o ? o->name_transformation : SV_ENV_UPPERCASE;
	if (how > SV_ENV_NONE || (o && o->parse_json > 1))
		return sv__error_set(SV_EINVALID, "invalid sv_env_options");
	const char *alias = o ? o->alias : NULL;
	if (alias && alias[0] && (rc = alias_check(alias, how)) != SV_OK)
		return rc;
	/* The prefix: the alias, else the secret's name transformed. */
	size_t nlen = strlen(val->name);
	char *prefix = sv__malloc(nlen + 2);
	if (!prefix)
		return sv__error_set(SV_ENOMEM, "out of memory");
	transform(prefix, val->name, nlen, 1, how);
	size_t before = e->count;
	rc = SV_ENOTFOUND;
	if (o && o->parse_json) {
		env_add a = { e, alias ? alias : prefix, val->name, how };
		rc = sv__json_walk(val->data, val->size, add_leaf, &a);
	}
	if (rc == SV_ENOTFOUND) { /* not JSON, or not asked: one variable */
		sv__error_clear();
		const char *name = alias && alias[0] ? alias : prefix;
		/* Binary values are read as ASCII, as the action's
		 * Buffer.toString('ascii') does. */
		char *text = sv__malloc(val->size + 1);
		if (!text) {
			rc = sv__error_set(SV_ENOMEM, "out of memory");
		} else {
			for (size_t i = 0; i < val->size; i++)
				text[i] =
					(char)(val->binary ? val->data[i] & 0x7f
							   : val->data[i]);
			rc = add_var(e, name, text, val->size, val->name);
			sv__free_secret(text, val->size + 1);
		}
	}
	if (rc != SV_OK)
		truncate_to(e, before); /* a failed call adds nothing */
	sv__free(prefix);
	return rc;
}
