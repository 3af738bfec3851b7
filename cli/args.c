/*
 * args.c - the command line: global options before or after the
 * subcommand, the subcommand's flags (exact names or unambiguous
 * prefixes, as the aws CLI's argparse accepts them), --no- forms,
 * file:// and fileb:// values, shorthand and JSON lists.
 *
 * Parsing is in two steps: argv is first split into "given" records
 * (flag + raw values), then each record becomes a JSON member.  The
 * second step runs after every global option is known, because
 * --cli-binary-format changes how an earlier --secret-binary is read.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct given {
	const cli_flag *flag;
	int negated; /* --no-NAME */
	char **vals; /* into argv, or &inline_val */
	int nvals;
	char *inline_val; /* --name=value */
} given;

typedef struct parser {
	cli_args *a;
	given *g;
	int ng;
} parser;

int usage_error(const char *fmt, ...)
{
	va_list ap;
	usage_print();
	fputs("\n" PROG ": error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* ---- Finding a flag --------------------------------------------------------
 */

static size_t edit_distance(const char *s, const char *t)
{
	size_t n = strlen(t), row[128];
	if (n >= sizeof row / sizeof row[0])
		return (size_t)-1;
	for (size_t j = 0; j <= n; j++)
		row[j] = j;
	for (size_t i = 1; s[i - 1]; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= n; j++) {
			size_t up = row[j];
			size_t best = diag + (s[i - 1] != t[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[n];
}

typedef void (*flag_visit)(void *ctx, const cli_flag *f, const char *name,
			   int negated);

/* Call @fn for every spelling a flag may have here: the subcommand's
 * flags (when known) and the global options, with --no- forms. */
static void each_flag(const cli_command *cmd, flag_visit fn, void *ctx)
{
	const cli_flag *tables[2] = { cmd ? cmd->flags : NULL,
				      cli_global_flags };
	char no[128];
	for (int t = 0; t < 2; t++) {
		for (const cli_flag *f = tables[t]; f && f->name; f++) {
			fn(ctx, f, f->name, 0);
			if (f->type == FT_BOOL && !(f->props & FL_NO_FORM)) {
				snprintf(no, sizeof no, "no-%s", f->name);
				fn(ctx, f, no, 1);
			}
		}
	}
}

typedef struct lookup {
	const char *want;
	size_t want_len;
	const cli_flag *exact, *prefix;
	int exact_neg, prefix_neg, nprefix;
	char ambiguous[256];
	const char *near; /* closest spelling, for "did you mean" */
	char near_buf[128];
	size_t near_dist;
} lookup;

static void lookup_visit(void *ctx, const cli_flag *f, const char *name,
			 int negated)
{
	lookup *l = ctx;
	if (strcmp(name, l->want) == 0) {
		l->exact = f;
		l->exact_neg = negated;
	} else if (strncmp(name, l->want, l->want_len) == 0) {
		if (l->nprefix++ == 0) {
			l->prefix = f;
			l->prefix_neg = negated;
		}
		size_t used = strlen(l->ambiguous);
		snprintf(l->ambiguous + used, sizeof l->ambiguous - used,
			 "%s--%s", used ? ", " : "", name);
	}
	size_t d = edit_distance(l->want, name);
	if (d < l->near_dist) {
		l->near_dist = d;
		snprintf(l->near_buf, sizeof l->near_buf, "%s", name);
		l->near = l->near_buf;
	}
}

/* The message for an option that is not one: the nearest spelling. */
static int unknown_option(const char *arg, const cli_command *cmd)
{
	lookup l = { 0 };
	const char *bare = arg;
	while (*bare == '-')
		bare++;
	l.want = bare;
	l.want_len = strlen(bare);
	l.near_dist = (size_t)-1;
	each_flag(cmd, lookup_visit, &l);
	size_t limit = l.want_len / 3 > 2 ? l.want_len / 3 : 2;
	if (l.near && (l.near_dist <= limit || strcmp(bare, l.near) == 0))
		return usage_error("Unknown options: %s (did you mean --%s?)",
				   arg, l.near);
	if (!cmd)
		return usage_error("Unknown options: %s (give global options, "
				   "then a command)",
				   arg);
	return usage_error("Unknown options: %s (see: " PROG " %s help)", arg,
			   cmd->name);
}

/* Find the flag @name (no dashes) spells: exact, else a unique prefix. */
static int find_flag(const cli_flag **out, int *negated, const char *arg,
		     const char *name, const cli_command *cmd)
{
	lookup l = { 0 };
	l.want = name;
	l.want_len = strlen(name);
	l.near_dist = (size_t)-1;
	each_flag(cmd, lookup_visit, &l);
	if (l.exact) {
		*out = l.exact;
		*negated = l.exact_neg;
		return 0;
	}
	if (l.nprefix == 1 && l.want_len > 0) {
		*out = l.prefix;
		*negated = l.prefix_neg;
		return 0;
	}
	if (l.nprefix > 1 && l.want_len > 0)
		return usage_error("ambiguous option: %s could match %s", arg,
				   l.ambiguous);
	return unknown_option(arg, cmd);
}

/* ---- Splitting argv --------------------------------------------------------
 */

/* Does @s look like an option rather than a value?  ("-5" is a value.) */
static int looks_like_option(const char *s)
{
	return s[0] == '-' && s[1] != '\0' && !isdigit((unsigned char)s[1]) &&
	       s[1] != '.';
}

static int takes_many(const cli_flag *f)
{
	return f->type == FT_STRLIST || f->type == FT_STRUCTS;
}

/* Read one option at argv[*i] and its values. */
static int take_option(parser *p, int argc, char **argv, int *i)
{
	char *arg = argv[*i], name[128];
	const cli_command *cmd = p->a->cmd;
	if (arg[1] != '-' || arg[2] == '\0') /* "-x": one dash */
		return unknown_option(arg, cmd);
	const char *eq = strchr(arg, '=');
	size_t nlen = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	if (nlen >= sizeof name)
		return unknown_option(arg, cmd);
	memcpy(name, arg + 2, nlen);
	name[nlen] = '\0';
	given *g = &p->g[p->ng];
	memset(g, 0, sizeof *g);
	int rc = find_flag(&g->flag, &g->negated, arg, name, cmd);
	if (rc != 0)
		return rc;
	if (g->flag->type == FT_BOOL) {
		if (eq)
			return usage_error("argument --%s: takes no value",
					   g->flag->name);
	} else if (eq) {
		g->inline_val = (char *)eq + 1;
		g->vals = &g->inline_val;
		g->nvals = 1;
	} else {
		g->vals = argv + *i + 1;
		while (*i + 1 < argc && strcmp(argv[*i + 1], "--") != 0 &&
		       !looks_like_option(argv[*i + 1])) {
			(*i)++;
			g->nvals++;
			if (!takes_many(g->flag))
				break;
		}
		if (g->nvals == 0)
			return usage_error(
				"argument --%s: expected %s argument",
				g->flag->name,
				takes_many(g->flag) ? "at least one" : "one");
	}
	p->ng++;
	return 0;
}

static const char *const command_names_hint =
	"create-secret, get-secret-value, batch-get-secret-value, "
	"put-secret-value, "
	"update-secret, describe-secret, list-secrets, "
	"list-secret-version-ids, "
	"update-secret-version-stage, delete-secret, restore-secret, "
	"tag-resource, "
	"untag-resource, get-random-password, init, run, export, help";

static int unknown_command(const char *name)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (const cli_command *c = cli_commands; c->name; c++) {
		size_t d = edit_distance(name, c->name);
		if (d < best_d) {
			best_d = d;
			best = c->name;
		}
	}
	if (best && best_d <= 3)
		return usage_error("argument command: Invalid choice '%s' (did "
				   "you mean %s?)",
				   name, best);
	return usage_error(
		"argument command: Invalid choice '%s', valid choices are: %s",
		name, command_names_hint);
}

/* A word after the subcommand: `COMMAND help`, or help's topic. */
static int take_positional(parser *p, const char *word, const char **topic)
{
	cli_args *a = p->a;
	if (a->cmd->action == ACT_HELP && !*topic) {
		*topic = word;
		return 0;
	}
	if (strcmp(word, "help") == 0) {
		a->help = 1;
		return 0;
	}
	return usage_error("Unknown options: %s", word);
}

static int split_argv(parser *p, int argc, char **argv, const char **topic)
{
	cli_args *a = p->a;
	int i = 1, rc;
	for (; i < argc; i++) {
		char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			if (!a->cmd || a->cmd->action != ACT_RUN)
				return usage_error(
					"unexpected \"--\"%s",
					a->cmd ? "" : " before a command");
			a->child = argv + i + 1;
			break;
		}
		if (strcmp(arg, "-h") == 0) {
			a->help = 1;
		} else if (looks_like_option(arg)) {
			if ((rc = take_option(p, argc, argv, &i)) != 0)
				return rc;
		} else if (a->cmd) {
			if ((rc = take_positional(p, arg, topic)) != 0)
				return rc;
		} else if (strcmp(arg, "secretsmanager") == 0) {
			continue; /* `secretvault secretsmanager
				     get-secret-value` */
		} else if (!(a->cmd = cli_command_find(arg))) {
			return unknown_command(arg);
		}
	}
	return 0;
}

/* ---- Values ----------------------------------------------------------------
 */

static int param_error(const cli_flag *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int param_error(const cli_flag *f, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr,
		PROG ": error: Error parsing parameter '--%s': ", f->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* The text of a value: file:// reads a file, fileb:// its bytes. */
static int resolve(sbuf *out, int *is_bytes, const cli_flag *f, const char *v)
{
	const char *path = NULL;
	*is_bytes = 0;
	if (strncmp(v, "file://", 7) == 0) {
		path = v + 7;
	} else if (strncmp(v, "fileb://", 8) == 0) {
		path = v + 8;
		*is_bytes = 1;
	}
	if (!path) {
		sbuf_str(out, v);
		return sbuf_cstr(out) == 0 ? 0 : EXIT_LOCAL;
	}
	if (read_file(out, path) != 0) {
		int e = errno;
		sbuf_free(out);
		warnx_("Error parsing parameter '--%s': Unable to load "
		       "paramfile %s: %s",
		       f->name, v, strerror(e));
		return EXIT_LOCAL;
	}
	return 0;
}

static int set_member(cli_args *a, const cli_flag *f, cJSON *value)
{
	if (!value) {
		warnx_("out of memory");
		return EXIT_LOCAL;
	}
	int local = f->member[0] == '.';
	cJSON *obj = local ? a->local : a->body;
	const char *key = f->member + local;
	cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (old && (f->props & FL_APPEND) && cJSON_IsArray(old) &&
	    cJSON_IsArray(value)) {
		cJSON *e;
		while ((e = cJSON_DetachItemFromArray(value, 0)))
			cJSON_AddItemToArray(old, e);
		json_free(value);
		return 0;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	cJSON_AddItemToObject(obj, key, value);
	return 0;
}

static cJSON *string_value(sbuf *s)
{
	cJSON *j = cJSON_CreateString(s->p ? s->p : "");
	sbuf_free(s);
	return j;
}

static int int_value(cJSON **out, const cli_flag *f, const char *v)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n > 9007199254740991LL ||
	    n < -9007199254740991LL)
		return param_error(f, "invalid integer value: '%s'", v);
	*out = cJSON_CreateNumber((double)n);
	return 0;
}

/* Blobs are base64 on the wire.  Direct text is base64 already (the aws
 * CLI v2 default), unless --cli-binary-format raw-in-base64-out. */
static int blob_value(cJSON **out, const cli_args *a, const cli_flag *f,
		      const char *v)
{
	sbuf s = { 0 };
	int bytes, rc = resolve(&s, &bytes, f, v);
	if (rc)
		return rc;
	const char *fmt = local_str(a, "cli-binary-format");
	if (bytes || (fmt && strcmp(fmt, "raw-in-base64-out") == 0)) {
		char *b64 = b64_encode(s.p ? s.p : "", s.len);
		*out = cJSON_CreateString(b64);
		zfree(b64, strlen(b64));
	} else if (b64_check(s.p ? s.p : "", s.len) != 0) {
		sbuf_free(&s); /* never echo the value: it may be the secret */
		return param_error(
			f, "Invalid base64 (use fileb://PATH for raw bytes)");
	} else {
		*out = cJSON_CreateString(s.p ? s.p : "");
	}
	sbuf_free(&s);
	return 0;
}

/* JSON given for a list flag: the whole list, or one object per value. */
static int json_list(cJSON **out, const cli_flag *f, char **vals, int n,
		     int objects)
{
	*out = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		sbuf s = { 0 };
		int bytes, rc = resolve(&s, &bytes, f, vals[i]);
		if (rc)
			return rc;
		cJSON *j = cJSON_Parse(s.p ? s.p : "");
		sbuf_free(&s);
		int whole = cJSON_IsArray(j) && n == 1;
		if (!j || (!whole && !(objects && cJSON_IsObject(j)))) {
			json_free(j);
			return param_error(f, "Invalid JSON: expected %s",
					   objects ? "a list of objects"
						   : "a list of strings");
		}
		if (whole) {
			json_free(*out);
			*out = j;
		} else {
			cJSON_AddItemToArray(*out, j);
		}
	}
	for (cJSON *e = (*out)->child; e; e = e->next)
		if (objects ? !cJSON_IsObject(e) : !cJSON_IsString(e))
			return param_error(f, "Invalid JSON: expected %s",
					   objects ? "a list of objects"
						   : "a list of strings");
	return 0;
}

static int is_json_start(const char *v)
{
	while (isspace((unsigned char)*v))
		v++;
	return *v == '[' || *v == '{';
}

static int strlist_value(cJSON **out, const cli_flag *f, char **vals, int n)
{
	if (n == 1 && is_json_start(vals[0]))
		return json_list(out, f, vals, 1, 0);
	*out = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		sbuf s = { 0 };
		int bytes, rc = resolve(&s, &bytes, f, vals[i]);
		if (rc)
			return rc;
		if (n == 1 && i == 0 && is_json_start(s.p ? s.p : "")) {
			/* file://list.json holding a JSON list */
			json_free(*out);
			cJSON *j = cJSON_Parse(s.p);
			sbuf_free(&s);
			*out = j;
			if (!cJSON_IsArray(j))
				return param_error(f, "Invalid JSON: expected "
						      "a list of strings");
			return 0;
		}
		cJSON_AddItemToArray(*out, string_value(&s));
	}
	return 0;
}

/* ---- Shorthand: Key=a,Values=b,c  Key="x",Value='y'  Values=[a,b] ------- */

typedef struct sh {
	const char *s;
	size_t i;
	const cli_flag *f;
} sh;

/* One scalar: quoted ("..." or '...', backslash escapes the quote) or
 * bare up to a ',' (or ']' inside [...]).  Bare values are trimmed. */
static int sh_scalar(sh *p, sbuf *out, int in_list)
{
	const char *s = p->s;
	while (s[p->i] == ' ')
		p->i++;
	char q = s[p->i];
	if (q == '"' || q == '\'') {
		for (p->i++; s[p->i] && s[p->i] != q; p->i++) {
			if (s[p->i] == '\\' &&
			    (s[p->i + 1] == q || s[p->i + 1] == '\\'))
				p->i++;
			sbuf_char(out, s[p->i]);
		}
		if (s[p->i] != q)
			return param_error(p->f,
					   "unterminated quote in shorthand");
		p->i++;
		while (s[p->i] == ' ')
			p->i++;
	} else {
		while (s[p->i] && s[p->i] != ',' &&
		       !(in_list && s[p->i] == ']')) {
			if (s[p->i] == '\\' && s[p->i + 1])
				p->i++;
			sbuf_char(out, s[p->i++]);
		}
		while (out->len && out->p[out->len - 1] == ' ')
			out->p[--out->len] = '\0';
	}
	return sbuf_cstr(out) == 0 ? 0 : EXIT_LOCAL;
}

/* Does the text at @i (up to the next ',') hold a '=' (a new key)? */
static int sh_next_is_key(const sh *p, size_t i)
{
	for (; p->s[i] && p->s[i] != ','; i++) {
		if (p->s[i] == '=')
			return 1;
		if (p->s[i] == '"' || p->s[i] == '\'')
			return 0;
	}
	return 0;
}

/* The values of one key: [a,b], or a,b,... up to the next key=. */
static int sh_values(sh *p, cJSON *list)
{
	int rc, explicit = p->s[p->i] == '[';
	if (explicit)
		p->i++;
	for (;;) {
		sbuf v = { 0 };
		if (explicit && p->s[p->i] == ']')
			break;
		if ((rc = sh_scalar(p, &v, explicit)) != 0) {
			sbuf_free(
				&v); /* a half-read scalar (found by fuzzing) */
			return rc;
		}
		cJSON_AddItemToArray(list, string_value(&v));
		if (p->s[p->i] != ',')
			break;
		if (!explicit && sh_next_is_key(p, p->i + 1))
			break;
		p->i++;
	}
	if (explicit) {
		if (p->s[p->i] != ']')
			return param_error(p->f, "expected ']' in shorthand");
		p->i++;
	}
	return 0;
}

static const shape_member *shape_find(const cli_flag *f, const char *key)
{
	for (const shape_member *m = f->shape; m && m->name; m++)
		if (strcmp(m->name, key) == 0)
			return m;
	return NULL;
}

static int unknown_key(const cli_flag *f, const char *key)
{
	char valid[128] = "";
	for (const shape_member *m = f->shape; m && m->name; m++) {
		size_t used = strlen(valid);
		snprintf(valid + used, sizeof valid - used, "%s%s",
			 used ? ", " : "", m->name);
	}
	return param_error(f, "Unknown key '%s', valid choices are: %s", key,
			   valid);
}

static int sh_keyval(sh *p, cJSON *obj)
{
	char key[64];
	size_t k = 0;
	while (p->s[p->i] == ' ')
		p->i++;
	while (p->s[p->i] && p->s[p->i] != '=' && p->s[p->i] != ',' &&
	       k + 1 < sizeof key)
		key[k++] = p->s[p->i++];
	while (k && key[k - 1] == ' ')
		k--;
	key[k] = '\0';
	if (p->s[p->i] != '=')
		return param_error(
			p->f, "Expected: '=', received: '%s' for input: %s",
			p->s[p->i] ? "," : "EOF", p->s);
	p->i++;
	const shape_member *m = shape_find(p->f, key);
	if (!m)
		return unknown_key(p->f, key);
	cJSON *list = cJSON_CreateArray();
	int rc = sh_values(p, list);
	if (rc == 0 && !m->is_list && cJSON_GetArraySize(list) != 1)
		rc = param_error(
			p->f,
			"%s takes one value; quote a value that holds a comma",
			key);
	if (rc) {
		json_free(list);
		return rc;
	}
	cJSON *v = m->is_list ? list : cJSON_DetachItemFromArray(list, 0);
	if (!m->is_list)
		json_free(list);
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	cJSON_AddItemToObject(obj, key, v);
	return 0;
}

static int shorthand(cJSON **out, const cli_flag *f, const char *text)
{
	sh p = { text, 0, f };
	*out = cJSON_CreateObject();
	for (;;) {
		int rc = sh_keyval(&p, *out);
		if (rc)
			return rc;
		if (!text[p.i])
			return 0;
		if (text[p.i] != ',')
			return param_error(
				f,
				"Expected: ',', received: '%c' for input: %s",
				text[p.i], text);
		p.i++;
	}
}

static int structs_value(cJSON **out, const cli_flag *f, char **vals, int n)
{
	if (is_json_start(vals[0]))
		return json_list(out, f, vals, n, 1);
	*out = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		sbuf s = { 0 };
		int bytes, rc = resolve(&s, &bytes, f, vals[i]);
		if (rc)
			return rc;
		cJSON *item = NULL;
		if (is_json_start(s.p ? s.p : "")) { /* file://tags.json */
			json_free(*out);
			char *one[1] = { s.p };
			rc = json_list(out, f, one, 1, 1);
			sbuf_free(&s);
			return rc;
		}
		rc = shorthand(&item, f, s.p ? s.p : "");
		sbuf_free(&s);
		if (item)
			cJSON_AddItemToArray(*out, item);
		if (rc)
			return rc;
	}
	return 0;
}

static int materialize(cli_args *a, const given *g)
{
	const cli_flag *f = g->flag;
	cJSON *v = NULL;
	sbuf s = { 0 };
	int rc = 0, bytes;
	switch (f->type) {
	case FT_BOOL:
		v = cJSON_CreateBool(!g->negated);
		break;
	case FT_STRING:
		if ((rc = resolve(&s, &bytes, f, g->vals[0])) == 0)
			v = string_value(&s);
		break;
	case FT_INT:
		rc = int_value(&v, f, g->vals[0]);
		break;
	case FT_BLOB:
		rc = blob_value(&v, a, f, g->vals[0]);
		break;
	case FT_STRLIST:
		rc = strlist_value(&v, f, g->vals, g->nvals);
		break;
	case FT_STRUCTS:
		rc = structs_value(&v, f, g->vals, g->nvals);
		break;
	}
	if (rc) {
		json_free(v);
		return rc;
	}
	return set_member(a, f, v);
}

static int is_global(const cli_flag *f)
{
	for (const cli_flag *g = cli_global_flags; g->name; g++)
		if (g == f)
			return 1;
	return 0;
}

static int check_required(const cli_args *a)
{
	char missing[512] = "";
	if (a->help ||
	    cJSON_GetObjectItemCaseSensitive(a->local, "cli-input-json"))
		return 0;
	for (const cli_flag *f = a->cmd->flags; f->name; f++) {
		int local = f->member[0] == '.';
		const cJSON *obj = local ? a->local : a->body;
		if ((f->props & FL_REQUIRED) &&
		    !cJSON_GetObjectItemCaseSensitive(obj, f->member + local)) {
			size_t used = strlen(missing);
			snprintf(missing + used, sizeof missing - used,
				 "%s--%s", used ? ", " : "", f->name);
		}
	}
	if (missing[0])
		return usage_error("the following arguments are required: %s",
				   missing);
	return 0;
}

int cli_parse(cli_args *a, int argc, char **argv)
{
	const char *topic = NULL;
	memset(a, 0, sizeof *a);
	a->body = cJSON_CreateObject();
	a->local = cJSON_CreateObject();
	parser p = { a, xmalloc(sizeof(given) * (size_t)(argc + 1)), 0 };
	int rc = split_argv(&p, argc, argv, &topic);
	/* Globals first: --cli-binary-format decides how blobs are read. */
	for (int pass = 0; pass < 2 && rc == 0; pass++)
		for (int i = 0; i < p.ng && rc == 0; i++)
			if (is_global(p.g[i].flag) == !pass)
				rc = materialize(a, &p.g[i]);
	free(p.g);
	if (rc)
		return rc;
	a->help |= local_bool(a, "help");
	a->version = local_bool(a, "version");
	if (a->cmd && a->cmd->action == ACT_HELP) {
		a->help = 1;
		a->cmd = NULL;
		if (topic && !(a->cmd = cli_command_find(topic)))
			return unknown_command(topic);
	}
	if (!a->cmd && !a->help && !a->version)
		return usage_error(
			"the following arguments are required: command");
	if (a->cmd && (rc = check_required(a)) != 0)
		return rc;
	return 0;
}

void cli_args_free(cli_args *a)
{
	json_free(a->body);
	json_free(a->local);
	a->body = a->local = NULL;
}

const char *local_str(const cli_args *a, const char *name)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(a->local, name);
	return cJSON_IsString(j) ? j->valuestring : NULL;
}

int local_bool(const cli_args *a, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a->local, name));
}

int cli_request_body(cJSON **out, const cli_args *a)
{
	const char *input = local_str(a, "cli-input-json");
	*out = NULL;
	cJSON *body = input ? cJSON_Parse(input) : cJSON_CreateObject();
	if (!cJSON_IsObject(body)) {
		json_free(body);
		fputs(PROG ": error: Error parsing parameter 'cli-input-json': "
			   "Invalid JSON "
			   "received: the input must be one JSON object\n",
		      stderr);
		return EXIT_USAGE;
	}
	/* Explicit flags override the members of --cli-input-json. */
	for (const cJSON *m = a->body->child; m; m = m->next) {
		cJSON_DeleteItemFromObjectCaseSensitive(body, m->string);
		cJSON_AddItemToObject(body, m->string, cJSON_Duplicate(m, 1));
	}
	*out = body;
	return 0;
}
