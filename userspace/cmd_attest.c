// SPDX-License-Identifier: GPL-2.0-only
/* cordonctl: placeholder, being written */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

int cmd_attest(const struct command *cmd, int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: %s: not implemented yet\n", PROG, cmd->name);
	return EXIT_FAILURE;
}

int attest_gate(const char *manifest, int verbose)
{
	(void)manifest;
	(void)verbose;
	fprintf(stderr, "%s: attestation is not built yet\n", PROG);
	return EXIT_FAILURE;
}
