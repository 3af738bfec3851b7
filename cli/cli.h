/*
 * cli.h - the secretvault command: what its files share.
 *
 * The command is a thin client of libsecretvault.  Every AWS operation
 * is a JSON request body handed to sv_call(); the command line is turned
 * into that body generically from one table (commands.c), and the
 * response is printed the way the aws CLI v2 prints it (output.c).
 */
#ifndef SV_CLI_H
#define SV_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "secretvault.h"

/* Exit codes, as the aws CLI v2 uses them. */
#define EXIT_USAGE 252	 /* the command line is wrong */
#define EXIT_SERVICE 254 /* the operation returned an AWS error */
#define EXIT_LOCAL 255	 /* no vault, a key that does not open it, a file */

#define PROG "secretvault"

/* ---- Buffers whose bytes are zeroed when freed (util.c) ---------------- */

/* Output and file contents may hold secret values, so every buffer that
 * ever held them is wiped before its memory goes back. */
typedef struct sbuf {
	char *p;
	size_t len, cap;
	int failed; /* out of memory once: later appends do nothing */
} sbuf;

void sbuf_add(sbuf *b, const void *p, size_t n);
void sbuf_str(sbuf *b, const char *s);
void sbuf_char(sbuf *b, char c);
void sbuf_fmt(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* NUL-terminate without counting the NUL; 0, or -1 if out of memory. */
int sbuf_cstr(sbuf *b);
void sbuf_free(sbuf *b);
/* Write the whole buffer to @fd; 0 or -1. */
int sbuf_write(const sbuf *b, int fd);

void *xmalloc(size_t n);
char *xstrdup(const char *s);
/* Zero @n bytes at @p and free it (NULL accepted). */
void zfree(void *p, size_t n);
/* Free a cJSON tree after zeroing every string it holds. */
void json_free(cJSON *j);
/* Compact JSON in a buffer of *cap_out bytes; free it with zfree(). */
char *json_print(const cJSON *j, size_t *cap_out);
/* Install cJSON allocation hooks that zero memory on free. */

/* Base64 (standard, padded); the result is a new string. */
char *b64_encode(const void *p, size_t n);
/* 0 if @s is valid standard base64. */
int b64_check(const char *s, size_t n);
/* A new random UUIDv4 in lowercase into @out (37 bytes). */
void uuid4(char out[37]);

/* Read a whole file (path "-" is stdin); 0, or -1 with errno set. */
int read_file(sbuf *out, const char *path);

/* Messages on stderr, prefixed "secretvault: ". */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- The table of subcommands and flags (commands.c) ------------------- */

typedef enum flag_type {
	FT_STRING,  /* one value; file:// and fileb:// read it from a file */
	FT_INT,	    /* an integer */
	FT_BOOL,    /* no value; --no-NAME sets false */
	FT_STRLIST, /* one or more values, or a JSON list */
	FT_STRUCTS, /* shorthand Key=a,Value=b items, or JSON */
	FT_BLOB	    /* base64 text; fileb:// reads raw bytes */
} flag_type;

/* A member of a structure given in shorthand (Tags, Filters). */
typedef struct shape_member {
	const char *name;
	int is_list; /* Values=a,b is a list of strings */
} shape_member;

#define FL_REQUIRED 0x1u /* unless --cli-input-json is given */
#define FL_APPEND 0x2u	 /* repeating the flag adds to the list */
#define FL_NO_FORM 0x4u	 /* a boolean without a --no- form */

/*
 * A flag.  @member is the AWS request member it sets; a member starting
 * with '.' is the command's own (global options, run/export settings,
 * pagination) and goes to cli_args.local instead of the request body.
 */
typedef struct cli_flag {
	const char *name; /* without the leading "--" */
	const char *member;
	flag_type type;
	unsigned props;
	const shape_member *shape; /* FT_STRUCTS */
	const char *arg;	   /* the value's name in help */
	const char *help;
} cli_flag;

#define CMD_TOKEN 0x1u	  /* fill ClientRequestToken when not given */
#define CMD_NO_VAULT 0x2u /* runs without a vault (GetRandomPassword) */
#define CMD_PAGINATE 0x4u /* ListSecrets: fetch every page */
#define CMD_LOCAL 0x8u	  /* not an AWS operation: init, run, export */

typedef enum cli_action {
	ACT_CALL, /* an AWS operation through sv_call */
	ACT_INIT,
	ACT_RUN,
	ACT_EXPORT,
	ACT_HELP
} cli_action;

typedef struct cli_command {
	const char *name;      /* "get-secret-value" */
	const char *operation; /* "GetSecretValue"; NULL for local commands */
	cli_action action;
	unsigned props;
	const cli_flag *flags; /* ends with a zeroed entry */
	const char *summary;
} cli_command;

extern const cli_command cli_commands[]; /* ends with a zeroed entry */
extern const cli_flag cli_global_flags[];
const cli_command *cli_command_find(const char *name);

/* ---- The parsed command line (args.c) ---------------------------------- */

typedef struct cli_args {
	const cli_command *cmd;
	cJSON *body;  /* AWS request members given as flags */
	cJSON *local; /* everything else, keyed by member without the dot */
	char **child; /* run: the command after "--" (points into argv) */
	int help;     /* help asked for: --help, or `COMMAND help` */
	int version;
} cli_args;

/* Parse argv into @a.  0 on success; otherwise the exit code, after the
 * message and the usage were printed. */
int cli_parse(cli_args *a, int argc, char **argv);
void cli_args_free(cli_args *a);
/* The value of a local option, or NULL / @dflt when absent. */
const char *local_str(const cli_args *a, const char *name);
int local_bool(const cli_args *a, const char *name);
/* Build the request body: --cli-input-json overlaid by the flags. */
int cli_request_body(cJSON **out, const cli_args *a);
/* Print the usage lines and "secretvault: error: MSG"; return 252. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- Help (help.c) ----------------------------------------------------- */

void help_print(const cli_command *cmd);
void usage_print(void);

/* ---- Vault and key (vault.c) ------------------------------------------- */

/* The vault path: --vault, SECRETVAULT_PATH, or the per-user default.
 * Returns a new string. */
char *vault_path(const cli_args *a);
/* Open the vault; 0, or the exit code after printing the reason. */
int vault_open_cli(sv_vault **out, const cli_args *a);
/* `secretvault init`. */
int cmd_init(const cli_args *a);

/* ---- Output (output.c) ------------------------------------------------- */

/* How a response is printed: --output, --query, --cli-timestamp-format. */
typedef struct out_opts {
	int text; /* --output text */
	int wire; /* --cli-timestamp-format wire */
	const char *query;
} out_opts;

/* 0, or the exit code after a usage message. */
int out_opts_get(out_opts *o, const cli_args *a);
/* Print a successful response; 0, or an exit code. */
int out_print(const cJSON *response, const out_opts *o);
/* Python-style JSON string escaping (ensure_ascii=False). */
void json_escape(sbuf *b, const char *s, size_t n);

/* ---- --query (query.c) ------------------------------------------------- */

/* Check @expr is a supported path; 0, or 252 after a message. */
int query_check(const char *expr);
/* Evaluate @expr on @root: a new tree, or NULL for JSON null. */
cJSON *query_eval(const char *expr, const cJSON *root);

/* ---- run and export (run.c) -------------------------------------------- */

int cmd_run(const cli_args *a);
int cmd_export(const cli_args *a);

/* ---- Calls (util.c) ---------------------------------------------------- */

/* Print an sv_call error response as the aws CLI does; returns 254. */
int print_service_error(const char *operation, const char *response);
/* Run @op with the request @body; *out is the parsed response.  Returns 0,
 * or the exit status after printing the error. */
int cli_call(cJSON **out, sv_vault *v, const char *op, const cJSON *body);

#endif
