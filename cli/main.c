/*
 * main.c - secretvault: dispatch, and the AWS operations through sv_call.
 *
 * An AWS subcommand is: the request body (--cli-input-json overlaid by
 * the flags, plus a ClientRequestToken as the aws CLI adds one), one
 * sv_call (or one per page for list-secrets, which the aws CLI pages
 * through), and the response printed as the aws CLI v2 prints it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"

/* ---- list-secrets pages, as the aws CLI's paginator reads them -------------
 */

/* The aws CLI's own continuation token: base64 of
 * {"NextToken": <service token>, "boto_truncate_amount": <items used>}. */
static char *page_token_encode(const char *next, int skip)
{
	cJSON *t = cJSON_CreateObject();
	if (next)
		cJSON_AddStringToObject(t, "NextToken", next);
	if (skip)
		cJSON_AddNumberToObject(t, "boto_truncate_amount", skip);
	size_t cap = 0;
	char *text = json_print(t, &cap);
	char *b64 = b64_encode(text, strlen(text));
	zfree(text, cap);
	json_free(t);
	return b64;
}

/* Read a --starting-token: ours, or a plain service NextToken. */
static void page_token_decode(const char *token, char **next, int *skip)
{
	size_t cap = strlen(token) + 1, len = 0;
	unsigned char *raw = xmalloc(cap);
	cJSON *t = NULL;
	*next = NULL;
	*skip = 0;
	if (sodium_base642bin(raw, cap - 1, token, strlen(token), NULL, &len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) == 0)
		t = cJSON_ParseWithLength((const char *)raw, len);
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(t, "NextToken");
	const cJSON *s =
		cJSON_GetObjectItemCaseSensitive(t, "boto_truncate_amount");
	if (cJSON_IsObject(t) && (n || s)) {
		*next = cJSON_IsString(n) ? xstrdup(n->valuestring) : NULL;
		*skip = cJSON_IsNumber(s) ? s->valueint : 0;
	} else {
		*next = xstrdup(token);
	}
	json_free(t);
	free(raw);
}

typedef struct pager {
	const cli_args *a;
	sv_vault *v;
	cJSON *body;
	cJSON *items;	/* SecretList so far */
	long max_items; /* 0 = all */
	char *token;	/* the service token of the page being read */
	int skip;	/* items of that page already printed */
} pager;

/* Whether --max-items items are taken already. */
static int pager_full(const pager *p)
{
	return p->max_items && cJSON_GetArraySize(p->items) >= p->max_items;
}

/* Take the items of one page; 1 when --max-items is reached. */
static int pager_take(pager *p, cJSON *page, char **resume)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(page, "SecretList");
	const cJSON *next = cJSON_GetObjectItemCaseSensitive(page, "NextToken");
	int used = 0;
	cJSON *e;
	while (p->skip > 0 && (e = cJSON_DetachItemFromArray(list, 0))) {
		json_free(e);
		p->skip--;
		used++;
	}
	while ((e = cJSON_DetachItemFromArray(list, 0))) {
		if (pager_full(p)) {
			json_free(e);
			*resume = page_token_encode(p->token, used);
			return 1;
		}
		cJSON_AddItemToArray(p->items, e);
		used++;
	}
	if (pager_full(p) && cJSON_IsString(next)) {
		*resume = page_token_encode(next->valuestring, 0);
		return 1;
	}
	return 0;
}

static int list_all(cJSON **out, pager *p)
{
	char *resume = NULL;
	const cJSON *page_size =
		cJSON_GetObjectItemCaseSensitive(p->a->local, "page-size");
	if (page_size)
		cJSON_AddItemToObject(p->body, "MaxResults",
				      cJSON_Duplicate(page_size, 0));
	p->items = cJSON_CreateArray();
	for (;;) {
		cJSON_DeleteItemFromObjectCaseSensitive(p->body, "NextToken");
		if (p->token)
			cJSON_AddStringToObject(p->body, "NextToken", p->token);
		cJSON *page;
		int rc = cli_call(&page, p->v, "ListSecrets", p->body);
		if (rc) {
			json_free(p->items);
			return rc;
		}
		int done = pager_take(p, page, &resume);
		const cJSON *next =
			cJSON_GetObjectItemCaseSensitive(page, "NextToken");
		free(p->token);
		p->token = !done && cJSON_IsString(next)
				   ? xstrdup(next->valuestring)
				   : NULL;
		json_free(page);
		if (done || !p->token)
			break;
	}
	*out = cJSON_CreateObject();
	cJSON_AddItemToObject(*out, "SecretList", p->items);
	if (resume)
		cJSON_AddStringToObject(*out, "NextToken", resume);
	free(resume);
	return 0;
}

/* The aws CLI pages through ListSecrets unless told not to, or unless
 * the request names a page itself (MaxResults or NextToken). */
static int paginate(const cli_args *a, const cJSON *body)
{
	return (a->cmd->props & CMD_PAGINATE) &&
	       !local_bool(a, "no-paginate") &&
	       !cJSON_GetObjectItemCaseSensitive(body, "MaxResults") &&
	       !cJSON_GetObjectItemCaseSensitive(body, "NextToken");
}

static int cmd_call(const cli_args *a)
{
	out_opts o;
	cJSON *body = NULL, *resp = NULL;
	sv_vault *v = NULL;
	int rc = out_opts_get(&o, a);
	if (rc == 0)
		rc = cli_request_body(&body, a);
	if (rc == 0 && (a->cmd->props & CMD_TOKEN) &&
	    !cJSON_GetObjectItemCaseSensitive(body, "ClientRequestToken")) {
		char token[37];
		uuid4(token);
		cJSON_AddStringToObject(body, "ClientRequestToken", token);
	}
	if (rc == 0 && !(a->cmd->props & CMD_NO_VAULT))
		rc = vault_open_cli(&v, a);
	if (rc == 0 && paginate(a, body)) {
		pager p = { a, v, body, NULL, 0, NULL, 0 };
		const cJSON *mi =
			cJSON_GetObjectItemCaseSensitive(a->local, "max-items");
		const char *start = local_str(a, "starting-token");
		p.max_items = mi ? (long)mi->valuedouble : 0;
		if (start)
			page_token_decode(start, &p.token, &p.skip);
		rc = list_all(&resp, &p);
		free(p.token);
	} else if (rc == 0) {
		rc = cli_call(&resp, v, a->cmd->operation, body);
	}
	if (rc == 0)
		rc = out_print(resp, &o);
	json_free(resp);
	json_free(body);
	sv_vault_close(v);
	return rc;
}

int main(int argc, char **argv)
{
	cli_args a;
	if (sodium_init() < 0) {
		warnx_("libsodium could not be initialised");
		return EXIT_LOCAL;
	}
	int rc = cli_parse(&a, argc, argv);
	if (rc == 0 && a.version && !a.help) {
		printf(PROG " %s (libsecretvault)\n", sv_version_string());
	} else if (rc == 0 && a.help) {
		help_print(a.cmd);
	} else if (rc == 0) {
		switch (a.cmd->action) {
		case ACT_CALL:
			rc = cmd_call(&a);
			break;
		case ACT_INIT:
			rc = cmd_init(&a);
			break;
		case ACT_RUN:
			rc = cmd_run(&a);
			break;
		case ACT_EXPORT:
			rc = cmd_export(&a);
			break;
		case ACT_HELP:
			help_print(NULL);
			break;
		}
	}
	cli_args_free(&a);
	if (fflush(stdout) != 0 && rc == 0)
		rc = EXIT_LOCAL;
	return rc;
}
