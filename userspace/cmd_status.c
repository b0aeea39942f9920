// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl status
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>

#include "cmd.h"

/* status */

static void status_help(const struct command *cmd)
{
	printf("Usage: %s %s %s\n"
	       "\n"
	       "%s.\n"
	       "\n"
	       "Options:\n"
	       "  --path FILE   read FILE instead of %s\n"
	       "  -h, --help    show this help and exit\n",
	       PROG, cmd->name, cmd->args, cmd->summary, CORDON_STATUS_PATH);
}

int cmd_status(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "path", required_argument, NULL, OPT_PATH },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CORDON_STATUS_PATH;
	struct cordon_status st;
	char err[CORDON_ERR_MAX];
	int c, rc;

	optind = 0; /* restart getopt for the command's own argv */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PATH:
			if (optarg[0] == '\0') {
				usage_error(cmd->name, "empty FILE for '--path'");
				return EXIT_USAGE;
			}
			path = optarg;
			break;
		case 'h':
			status_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		usage_error(cmd->name, "unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}

	rc = cordon_status_read(path, &st, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s", PROG, err);
		if (rc == -ENOENT && strcmp(path, CORDON_STATUS_PATH) == 0)
			fprintf(stderr,
				" (is cordon active? check /sys/kernel/security/lsm)");
		fputc('\n', stderr);
		return EXIT_FAILURE;
	}

	/* A stable format: scripts may rely on it. */
	printf("%-16s%s\n", "version:", st.version);
	printf("%-16s%s\n", "mode:", cordon_mode_name(st.mode));
	printf("%-16s%s\n", "policy:", st.policy);
	printf("%-16s%llu\n", "policy_version:",
	       (unsigned long long)st.policy_version);
	return EXIT_SUCCESS;
}

