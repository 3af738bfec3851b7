/*
 * run.c - `secretvault run` and `secretvault export`: secrets as
 * environment variables named as the GitHub Action
 * aws-secretsmanager-get-secrets names them (sv_value_env), plus
 * ExternalSecret-style --map KEY=ID[#PROPERTY] entries.
 *
 * Values never reach a message, the --dry-run output, or a command line:
 * run hands them to the child only in its environment (execvpe, no
 * shell), and every copy the command made is wiped before it is freed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

extern char **environ;

/* The action refuses this name: it carries its own clean-up list. */
#define CLEANUP_NAME "SECRETS_LIST_CLEAN_UP"
#define PREFIX_MAX_MATCHES 100

/* A --map variable. */
typedef struct mapvar {
	char *name;
	char *value;
	size_t len;
	char *source;
} mapvar;

typedef struct vars {
	sv_envvars *env;
	mapvar *map;
	size_t nmap;
} vars;

typedef struct run_ctx {
	const cli_args *a;
	sv_vault *v;
	sv_env_options env_opts;
	int k8s; /* map keys follow the Kubernetes data-key rule */
	vars vs;
} run_ctx;

static void vars_free(vars *vs)
{
	for (size_t i = 0; i < vs->nmap; i++) {
		free(vs->map[i].name);
		zfree(vs->map[i].value, vs->map[i].len);
		free(vs->map[i].source);
	}
	free(vs->map);
	sv_envvars_free(vs->env);
	memset(vs, 0, sizeof *vs);
}

static size_t vars_count(const vars *vs)
{
	return sv_envvars_count(vs->env) + vs->nmap;
}

static const char *var_name(const vars *vs, size_t i)
{
	size_t n = sv_envvars_count(vs->env);
	return i < n ? sv_envvars_name(vs->env, i) : vs->map[i - n].name;
}

static const char *var_value(const vars *vs, size_t i, size_t *len)
{
	size_t n = sv_envvars_count(vs->env);
	const char *v =
		i < n ? sv_envvars_value(vs->env, i) : vs->map[i - n].value;
	*len = i < n ? strlen(v) : vs->map[i - n].len;
	return v;
}

static const char *var_source(const vars *vs, size_t i)
{
	size_t n = sv_envvars_count(vs->env);
	return i < n ? sv_envvars_source(vs->env, i) : vs->map[i - n].source;
}

/* A library failure reading a secret, as the aws CLI prints one. */
static int read_error(int rc, const char *op)
{
	fprintf(stderr,
		"An error occurred (%s) when calling the %s operation: %s\n",
		sv_error_aws_type(rc), op, sv_error_last());
	return EXIT_SERVICE;
}

static int get_value(sv_value **out, run_ctx *c, const char *id)
{
	int rc = sv_secret_get_value(out, c->v, id, NULL);
	return rc == SV_OK ? 0 : read_error(rc, "GetSecretValue");
}

/* ---- PREFIX*
 * ------------------------------------------------------------------ */

/* The action's rule for a prefix: ^[a-zA-Z0-9/_+=.@-]{3,}\*$ */
static int prefix_ok(const char *id)
{
	size_t n = strlen(id);
	if (n < 4 || id[n - 1] != '*')
		return 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (!isalnum((unsigned char)id[i]) && !strchr("/_+=.@-", id[i]))
			return 0;
	return 1;
}

/* The names of the secrets whose name starts with @prefix (ListSecrets,
 * name filter), as a cJSON array of strings. */
static int prefix_names(cJSON **names, run_ctx *c, const char *id)
{
	char prefix[SV_NAME_MAX + 1];
	*names = NULL;
	if (!prefix_ok(id)) {
		warnx_("%s: a prefix must be at least 3 characters of letters, "
		       "digits and "
		       "/_+=.@- followed by one '*'",
		       id);
		return EXIT_USAGE;
	}
	snprintf(prefix, sizeof prefix, "%.*s", (int)(strlen(id) - 1), id);
	cJSON *body = cJSON_CreateObject(), *filter = cJSON_CreateObject();
	cJSON *values = cJSON_CreateArray(), *filters = cJSON_CreateArray();
	cJSON_AddItemToArray(values, cJSON_CreateString(prefix));
	cJSON_AddStringToObject(filter, "Key", "name");
	cJSON_AddItemToObject(filter, "Values", values);
	cJSON_AddItemToArray(filters, filter);
	cJSON_AddItemToObject(body, "Filters", filters);
	cJSON_AddNumberToObject(body, "MaxResults", PREFIX_MAX_MATCHES);
	cJSON *j = NULL;
	int rc = cli_call(&j, c->v, "ListSecrets", body);
	json_free(body);
	if (rc != 0)
		return rc;
	if (cJSON_GetObjectItemCaseSensitive(j, "NextToken")) {
		json_free(j);
		warnx_("%s: more than %d secrets match; use a longer prefix",
		       id, PREFIX_MAX_MATCHES);
		return EXIT_LOCAL;
	}
	*names = cJSON_CreateArray();
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "SecretList"),
		    *e;
	cJSON_ArrayForEach(e, list)
	{
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "Name");
		if (cJSON_IsString(name))
			cJSON_AddItemToArray(
				*names, cJSON_CreateString(name->valuestring));
	}
	json_free(j);
	return 0;
}

/* ---- --secret-ids
 * ------------------------------------------------------------------ */

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int add_secret(run_ctx *c, const char *id, const char *alias)
{
	sv_value *val = NULL;
	int rc = get_value(&val, c, id);
	if (rc)
		return rc;
	c->env_opts.alias = alias;
	int src = sv_value_env(c->vs.env, val, &c->env_opts);
	sv_value_free(val);
	if (src != SV_OK) {
		warnx_("%s", sv_error_last());
		return EXIT_LOCAL;
	}
	return 0;
}

/* One line of the action's secret-ids: ID, ALIAS,ID or PREFIX*. */
static int add_entry(run_ctx *c, const char *entry)
{
	char *copy = xstrdup(entry), *comma = strchr(copy, ',');
	char *alias = NULL, *id = trim(copy);
	int rc = 0;
	if (comma) {
		*comma = '\0';
		alias = trim(copy);
		id = trim(comma + 1);
	}
	if (!*id) {
		warnx_("--secret-ids: an entry has no secret id");
		rc = EXIT_USAGE;
	} else if (strchr(id, '*')) {
		cJSON *names = NULL;
		rc = prefix_names(&names, c, id);
		int n = cJSON_GetArraySize(names);
		if (rc == 0 && n == 0) {
			warnx_("%s: no secret matches this prefix", id);
			rc = EXIT_LOCAL;
		} else if (rc == 0 && alias && *alias && n > 1) {
			warnx_("%s: an alias needs a prefix that matches "
			       "exactly one secret, "
			       "and %d match",
			       id, n);
			rc = EXIT_LOCAL;
		}
		const cJSON *e;
		cJSON_ArrayForEach(e, names)
		{
			if (rc == 0)
				rc = add_secret(c, e->valuestring, alias);
		}
		json_free(names);
	} else {
		rc = add_secret(c, id, alias);
	}
	free(copy);
	return rc;
}

/* ---- --map KEY=ID[#PROPERTY]
 * ---------------------------------------------------------- */

static int name_ok(const char *name, int k8s)
{
	if (!*name || (!k8s && isdigit((unsigned char)name[0])))
		return 0;
	for (const char *s = name; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' &&
		    !(k8s && strchr("-.", *s)))
			return 0;
	return 1;
}

static int map_push(run_ctx *c, const char *name, const sv_value *val,
		    const char *source)
{
	mapvar *m = realloc(c->vs.map, (c->vs.nmap + 1) * sizeof *m);
	if (!m) {
		warnx_("out of memory");
		return EXIT_LOCAL;
	}
	c->vs.map = m;
	m += c->vs.nmap++;
	m->len = sv_value_size(val);
	m->value = xmalloc(m->len + 1);
	memcpy(m->value, sv_value_data(val), m->len);
	m->value[m->len] = '\0';
	m->name = xstrdup(name);
	m->source = xstrdup(source);
	return 0;
}

static int add_map(run_ctx *c, const char *spec)
{
	char *copy = xstrdup(spec), *eq = strchr(copy, '=');
	char *hash = eq ? strchr(eq + 1, '#') : NULL;
	int rc = 0;
	if (!eq || !eq[1] || eq[1] == '#' || (hash && !hash[1])) {
		free(copy);
		return usage_error(
			"--map %s: expected KEY=ID or KEY=ID#PROPERTY", spec);
	}
	*eq = '\0';
	if (hash)
		*hash = '\0';
	if (!name_ok(copy, c->k8s)) {
		warnx_("--map %s: %s", copy,
		       c->k8s ? "a Secret's data key has letters, digits, '-', "
				"'_' and '.' only"
			      : "a variable name has letters, digits and '_' "
				"only, and no leading digit");
		free(copy);
		return EXIT_USAGE;
	}
	sv_value *val = NULL, *prop = NULL;
	rc = get_value(&val, c, eq + 1);
	if (rc == 0 && hash &&
	    sv_value_property(&prop, val, hash + 1) != SV_OK) {
		warnx_("--map %s: %s", copy, sv_error_last());
		rc = EXIT_LOCAL;
	}
	if (rc == 0 && !c->k8s &&
	    memchr(sv_value_data(prop ? prop : val), '\0',
		   sv_value_size(prop ? prop : val))) {
		warnx_("--map %s: the value holds a NUL byte, which a variable "
		       "cannot hold",
		       copy);
		rc = EXIT_LOCAL;
	}
	if (rc == 0)
		rc = map_push(c, copy, prop ? prop : val,
			      spec + (eq + 1 - copy));
	sv_value_free(prop);
	sv_value_free(val);
	free(copy);
	return rc;
}

/* Two variables of one name are an error, as in the action. */
static int check_collisions(const vars *vs)
{
	size_t n = vars_count(vs);
	for (size_t i = sv_envvars_count(vs->env); i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(var_name(vs, i), var_name(vs, j)) == 0) {
				warnx_("the variable %s from %s collides with "
				       "the one from %s; "
				       "give one of them another name",
				       var_name(vs, i), var_source(vs, i),
				       var_source(vs, j));
				return EXIT_LOCAL;
			}
	return 0;
}

/* Read every secret the options name into c->vs. */
static int collect(run_ctx *c)
{
	const cli_args *a = c->a;
	const char *how = local_str(a, "name-transformation");
	const cJSON *ids =
		cJSON_GetObjectItemCaseSensitive(a->local, "secret-ids");
	const cJSON *maps = cJSON_GetObjectItemCaseSensitive(a->local, "map"),
		    *e;
	int rc = 0;
	sv_env_options_init(&c->env_opts, SV_ENV_OPTIONS_VERSION);
	c->env_opts.parse_json = (uint32_t)local_bool(a, "parse-json-secrets");
	if (!how || strcmp(how, "uppercase") == 0)
		c->env_opts.name_transformation = SV_ENV_UPPERCASE;
	else if (strcmp(how, "lowercase") == 0)
		c->env_opts.name_transformation = SV_ENV_LOWERCASE;
	else if (strcmp(how, "none") == 0)
		c->env_opts.name_transformation = SV_ENV_NONE;
	else
		return usage_error("argument --name-transformation: Invalid "
				   "choice '%s', valid "
				   "choices are: uppercase, lowercase, none",
				   how);
	if (!ids && !maps)
		return usage_error("the following arguments are required: "
				   "--secret-ids (or --map)");
	if ((rc = vault_open_cli(&c->v, a)) != 0)
		return rc;
	if (sv_envvars_new(&c->vs.env) != SV_OK) {
		warnx_("out of memory");
		return EXIT_LOCAL;
	}
	cJSON_ArrayForEach(e, ids)
	{
		if (rc == 0)
			rc = add_entry(c, e->valuestring);
	}
	cJSON_ArrayForEach(e, maps)
	{
		if (rc == 0)
			rc = add_map(c, e->valuestring);
	}
	return rc ? rc : check_collisions(&c->vs);
}

static void ctx_free(run_ctx *c)
{
	vars_free(&c->vs);
	sv_vault_close(c->v);
	c->v = NULL;
}

/* ---- run
 * -------------------------------------------------------------------------------
 */

/* The action fails when a variable is already set, or is its own. */
static int check_environment(const vars *vs)
{
	for (size_t i = 0; i < vars_count(vs); i++) {
		const char *name = var_name(vs, i), *cur = getenv(name);
		if (strcmp(name, CLEANUP_NAME) == 0 || (cur && *cur)) {
			warnx_("the environment variable %s (from %s) is "
			       "already set; give the "
			       "secret an alias (ALIAS,ID)",
			       name, var_source(vs, i));
			return EXIT_LOCAL;
		}
	}
	return 0;
}

static int is_ours(const vars *vs, const char *entry)
{
	const char *eq = strchr(entry, '=');
	size_t n = eq ? (size_t)(eq - entry) : strlen(entry);
	if (n == strlen("SECRETVAULT_PASSPHRASE") &&
	    strncmp(entry, "SECRETVAULT_PASSPHRASE", n) == 0)
		return 1; /* the vault's passphrase is not the child's business
			   */
	for (size_t i = 0; i < vars_count(vs); i++)
		if (strlen(var_name(vs, i)) == n &&
		    strncmp(var_name(vs, i), entry, n) == 0)
			return 1;
	return 0;
}

/* The child's environment: ours, minus replaced names, plus the secrets. */
static char **build_env(const vars *vs, size_t *nnew)
{
	size_t n = 0, o = 0;
	while (environ[n])
		n++;
	char **envp = xmalloc((n + vars_count(vs) + 1) * sizeof *envp);
	for (size_t i = 0; i < n; i++)
		if (!is_ours(vs, environ[i]))
			envp[o++] = environ[i];
	*nnew = o;
	for (size_t i = 0; i < vars_count(vs); i++) {
		size_t len, nlen = strlen(var_name(vs, i));
		const char *v = var_value(vs, i, &len);
		char *kv = xmalloc(nlen + len + 2);
		memcpy(kv, var_name(vs, i), nlen);
		kv[nlen] = '=';
		memcpy(kv + nlen + 1, v, len);
		kv[nlen + 1 + len] = '\0';
		envp[o++] = kv;
	}
	envp[o] = NULL;
	return envp;
}

static int exec_child(run_ctx *c)
{
	char **child = c->a->child;
	size_t first_new;
	char **envp = build_env(&c->vs, &first_new);
	/* Nothing of the vault goes to the child: no descriptor, no key. */
	ctx_free(c);
	execvpe(child[0], child, envp);
	int e = errno;
	for (size_t i = first_new; envp[i]; i++)
		zfree(envp[i], strlen(envp[i]));
	free(envp);
	warnx_("%s: %s", child[0], strerror(e));
	return e == ENOENT ? 127 : 126;
}

int cmd_run(const cli_args *a)
{
	run_ctx c = { 0 };
	c.a = a;
	int dry = local_bool(a, "dry-run");
	if (!dry && (!a->child || !a->child[0]))
		return usage_error("run needs a command after \"--\": " PROG
				   " run --secret-ids ID -- COMMAND [ARGS...]");
	int rc = collect(&c);
	if (rc == 0)
		rc = check_environment(&c.vs);
	if (rc == 0 && dry) {
		sbuf b = { 0 };
		for (size_t i = 0; i < vars_count(&c.vs); i++)
			sbuf_fmt(&b, "%s\n", var_name(&c.vs, i));
		rc = sbuf_write(&b, STDOUT_FILENO) == 0 ? 0 : EXIT_LOCAL;
		sbuf_free(&b);
	} else if (rc == 0) {
		return exec_child(&c);
	}
	ctx_free(&c);
	return rc;
}

/* ---- export
 * ------------------------------------------------------------------------------
 */

/* dotenv: double quotes; backslash, '"', '$', '`' and newline escaped. */
static void put_dotenv(sbuf *b, const vars *vs, const cli_args *a)
{
	(void)a;
	for (size_t i = 0; i < vars_count(vs); i++) {
		size_t len;
		const char *v = var_value(vs, i, &len);
		sbuf_fmt(b, "%s=\"", var_name(vs, i));
		for (size_t k = 0; k < len; k++) {
			if (v[k] == '\n') {
				sbuf_str(b, "\\n");
				continue;
			}
			if (strchr("\\\"$`", v[k]))
				sbuf_char(b, '\\');
			sbuf_char(b, v[k]);
		}
		sbuf_str(b, "\"\n");
	}
}

static void put_json(sbuf *b, const vars *vs, const cli_args *a)
{
	(void)a;
	size_t n = vars_count(vs);
	sbuf_str(b, n ? "{\n" : "{}\n");
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *v = var_value(vs, i, &len);
		sbuf_str(b, "    ");
		json_escape(b, var_name(vs, i), strlen(var_name(vs, i)));
		sbuf_str(b, ": ");
		json_escape(b, v, len);
		sbuf_str(b, i + 1 < n ? ",\n" : "\n}\n");
	}
}

/* YAML: a JSON-escaped double-quoted scalar is a valid YAML scalar. */
static void put_yaml(sbuf *b, const vars *vs, const cli_args *a)
{
	(void)a;
	if (!vars_count(vs))
		sbuf_str(b, "{}\n");
	for (size_t i = 0; i < vars_count(vs); i++) {
		size_t len;
		const char *v = var_value(vs, i, &len);
		sbuf_fmt(b, "%s: ", var_name(vs, i));
		json_escape(b, v, len);
		sbuf_char(b, '\n');
	}
}

/* $GITHUB_ENV's multi-line form, with a delimiter the value lacks. */
static void put_github_env(sbuf *b, const vars *vs, const cli_args *a)
{
	(void)a;
	for (size_t i = 0; i < vars_count(vs); i++) {
		size_t len;
		const char *v = var_value(vs, i, &len);
		char delim[48], id[37];
		do {
			uuid4(id);
			snprintf(delim, sizeof delim,
				 "EOF_%.8s%.4s%.4s%.4s%.12s", id, id + 9,
				 id + 14, id + 19, id + 24);
		} while (memmem(v, len, delim, strlen(delim)));
		sbuf_fmt(b, "%s<<%s\n", var_name(vs, i), delim);
		sbuf_add(b, v, len);
		sbuf_fmt(b, "\n%s\n", delim);
	}
}

/* A name or namespace: plain when it is a DNS name, else quoted. */
static void put_k8s_scalar(sbuf *b, const char *s)
{
	int plain = *s != '\0';
	for (const char *p = s; *p; p++)
		plain &= islower((unsigned char)*p) ||
			 isdigit((unsigned char)*p) || *p == '-' || *p == '.';
	if (plain)
		sbuf_str(b, s);
	else
		json_escape(b, s, strlen(s));
}

static void put_k8s(sbuf *b, const vars *vs, const cli_args *a)
{
	const char *name = local_str(a, "k8s-name"),
		   *ns = local_str(a, "k8s-namespace");
	sbuf_str(b, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ");
	put_k8s_scalar(b, name ? name : "secretvault");
	if (ns) {
		sbuf_str(b, "\n  namespace: ");
		put_k8s_scalar(b, ns);
	}
	sbuf_str(b, vars_count(vs) ? "\ntype: Opaque\ndata:\n"
				   : "\ntype: Opaque\ndata: {}\n");
	for (size_t i = 0; i < vars_count(vs); i++) {
		size_t len;
		const char *v = var_value(vs, i, &len);
		char *enc = b64_encode(v, len);
		sbuf_fmt(b, "  %s: %s\n", var_name(vs, i), enc);
		zfree(enc, strlen(enc));
	}
}

/* The --format choices, each with its writer; the first is the default.
 * The writers share one signature, though only k8s-secret reads @a. */
static const struct format {
	const char *name;
	void (*put)(sbuf *b, const vars *vs, const cli_args *a);
} formats[] = {
	{ "dotenv", put_dotenv },  { "json", put_json },
	{ "yaml", put_yaml },	   { "github-env", put_github_env },
	{ "k8s-secret", put_k8s },
};
#define NFORMATS (sizeof formats / sizeof formats[0])

/* The format named @name (the default when NULL), or NFORMATS. */
static size_t format_find(const char *name)
{
	size_t f = 0;
	while (name && f < NFORMATS && strcmp(name, formats[f].name) != 0)
		f++;
	return f;
}

int cmd_export(const cli_args *a)
{
	const char *format = local_str(a, "format");
	size_t f = format_find(format);
	if (f == NFORMATS)
		return usage_error("argument --format: Invalid choice '%s', "
				   "valid choices are: "
				   "dotenv, json, yaml, github-env, k8s-secret",
				   format);
	run_ctx c = { 0 };
	c.a = a;
	c.k8s = formats[f].put == put_k8s;
	int rc = collect(&c);
	if (rc == 0) {
		sbuf b = { 0 };
		formats[f].put(&b, &c.vs, a);
		rc = !b.failed && sbuf_write(&b, STDOUT_FILENO) == 0
			     ? 0
			     : EXIT_LOCAL;
		sbuf_free(&b);
	}
	ctx_free(&c);
	return rc;
}
