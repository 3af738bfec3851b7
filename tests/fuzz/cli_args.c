/* Fuzz target: the secretvault command's argument parser.  Input: NUL-
 * separated arguments (the first is the subcommand); they are parsed and
 * turned into the request body, as the command does before any call. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[34];
	int argc = 0;
	if (size > 4096)
		return 0;
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = "secretvault";
	for (char *p = buf; p < buf + size && argc < 33; p += strlen(p) + 1) {
		/* file:// would read the machine's files: not this target's
		 * job. */
		if (strstr(p, "file://") || strcmp(p, "-") == 0)
			continue;
		argv[argc++] = p;
	}
	argv[argc] = NULL;
	cli_args a;
	memset(&a, 0, sizeof a);
	if (cli_parse(&a, argc, argv) == 0 && a.cmd && a.cmd->operation) {
		cJSON *body = NULL;
		if (cli_request_body(&body, &a) == 0)
			json_free(body);
	}
	cli_args_free(&a);
	free(buf);
	return 0;
}
