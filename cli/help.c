/*
 * help.c - usage and help, generated from the table in commands.c so
 * that they cannot drift from what the parser accepts.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void usage_print(void)
{
	fputs("usage: " PROG " [options] <command> [parameters]\n"
	      "To see help text, you can run:\n"
	      "\n"
	      "  " PROG " help\n"
	      "  " PROG " <command> help\n",
	      stderr);
}

static void print_flag(const cli_flag *f)
{
	char left[128];
	if (f->type == FT_BOOL && !(f->props & FL_NO_FORM))
		snprintf(left, sizeof left, "--%s | --no-%s", f->name, f->name);
	else if (f->type == FT_BOOL)
		snprintf(left, sizeof left, "--%s", f->name);
	else
		snprintf(left, sizeof left, "--%s %s", f->name,
			 f->arg ? f->arg : "VALUE");
	/* A long left column gets the text on a line of its own. */
	printf(strlen(left) > 38 ? "  %s\n%42s%s%s\n" : "  %-38s  %s%s%s\n",
	       left, "", f->help ? f->help : "",
	       f->props & FL_REQUIRED ? " (required)" : "");
}

static void help_overview(void)
{
	fputs("usage: " PROG " [options] <command> [parameters]\n"
	      "\n"
	      "A local vault with the commands of `aws secretsmanager`.\n"
	      "\n"
	      "Commands:\n",
	      stdout);
	for (const cli_command *c = cli_commands; c->name; c++)
		printf("  %-28s %s\n", c->name, c->summary);
	fputs("\nGlobal options (before or after the command):\n", stdout);
	for (const cli_flag *f = cli_global_flags; f->name; f++)
		print_flag(f);
	fputs("\n"
	      "Environment:\n"
	      "  SECRETVAULT_PATH         the vault directory\n"
	      "  SECRETVAULT_KEY_FILE     the key file\n"
	      "  SECRETVAULT_PASSPHRASE   the passphrase, when there is no key "
	      "file\n"
	      "  XDG_DATA_HOME, HOME      where the default vault lives\n"
	      "\n"
	      "Values: file://PATH reads a value from a file, fileb://PATH its "
	      "raw bytes.\n"
	      "Exit codes: 0 success, 252 usage error, 254 an error from the "
	      "operation,\n"
	      "255 no vault, a key that does not open it, or a file that "
	      "cannot be read.\n"
	      "\n"
	      "See secretvault(1).\n",
	      stdout);
}

void help_print(const cli_command *cmd)
{
	if (!cmd) {
		help_overview();
		return;
	}
	printf("usage: %s [options] %s%s\n\n%s", PROG, cmd->name,
	       cmd->action == ACT_RUN ? " [parameters] -- COMMAND [ARGS...]"
				      : " [parameters]",
	       cmd->summary);
	if (cmd->operation)
		printf(" (the %s operation)", cmd->operation);
	fputs(".\n\nParameters:\n", stdout);
	for (const cli_flag *f = cmd->flags; f->name; f++)
		print_flag(f);
	if (cmd->props & CMD_TOKEN)
		fputs("\nWithout --client-request-token a new UUID is used, as "
		      "the aws CLI does.\n",
		      stdout);
	fputs("\nGlobal options: see `" PROG " help`.\n", stdout);
}
