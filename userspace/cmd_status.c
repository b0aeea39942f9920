// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl status
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>
#include <cordon/json.h>
#include <cordon/nl.h>

#include "cmd.h"

/* status */

/* "policy_version: " : the width of a key and its colon in the text */
#define STATUS_WIDTH 16

static void status_help(const struct command *cmd)
{
	printf("Usage: %s %s %s\n"
	       "\n"
	       "%s.\n"
	       "\n"
	       "First the securityfs status file, then what the kernel reports\n"
	       "over the generic netlink family '%s' (the active policy, its\n"
	       "digest, counters) if it has the family.\n"
	       "\n"
	       "Options:\n"
	       "  --path FILE   read FILE instead of %s,\n"
	       "                and ask the kernel nothing\n"
	       "  -j, --json    print one JSON object (see cordonctl(8))\n"
	       "  -h, --help    show this help and exit\n",
	       PROG, cmd->name, cmd->args, cmd->summary, CORDON_GENL_NAME,
	       CORDON_STATUS_PATH);
}

/*
 * What STATUS_GET reports, added to @obj (the securityfs keys, with -j) or
 * printed as lines in the same format.  Returns an exit status: the
 * family's absence is no failure.
 */
static int status_netlink(const struct command *cmd, struct json_object *obj)
{
	struct cordon_nl_status st;
	struct json_object *lines = NULL;
	char err[CORDON_ERR_MAX];
	struct cordon_nl *nl;
	int rc;

	rc = cordon_nl_open(&nl, err, sizeof(err));
	if (rc == -ENOENT) {
		fprintf(stderr, "%s: %s: %s; only the securityfs status is shown\n",
			PROG, cmd->name, err);
		return EXIT_SUCCESS;
	}
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
		return EXIT_FAILURE;
	}
	rc = cordon_nl_status(nl, &st, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s%s: %s\n", PROG, cmd->name,
			cordon_nl_refused(nl) ? " refused" : "", err);
		cordon_nl_close(nl);
		return EXIT_FAILURE;
	}
	cordon_nl_close(nl);

	if (!obj) {
		lines = json_object_new_object();
		obj = lines;
	}
	if (!obj || cordon_json_status_nl(obj, &st) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name,
			strerror(ENOMEM));
		json_object_put(lines);
		return EXIT_FAILURE;
	}
	if (lines) {
		cordon_json_text(stdout, lines, STATUS_WIDTH);
		json_object_put(lines);
	}
	return EXIT_SUCCESS;
}

int cmd_status(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "path", required_argument, NULL, OPT_PATH },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CORDON_STATUS_PATH;
	bool ask_kernel = true, json = false;
	struct json_object *obj;
	struct cordon_status st;
	char err[CORDON_ERR_MAX];
	int c, rc;

	optind = 0; /* restart getopt for the command's own argv */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case OPT_PATH:
			if (optarg[0] == '\0') {
				usage_error(cmd->name, "empty FILE for '--path'");
				return EXIT_USAGE;
			}
			path = optarg;
			ask_kernel = false;
			break;
		case 'h':
			status_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;

	rc = cordon_status_read(path, &st, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s", PROG, err);
		if (rc == -ENOENT && strcmp(path, CORDON_STATUS_PATH) == 0)
			fprintf(stderr,
				" (is cordon active? check /sys/kernel/security/lsm)");
		fputc('\n', stderr);
		return EXIT_FAILURE;
	}

	/* A stable format: scripts may rely on it (and on -j's). */
	obj = cordon_json_status(&st);
	if (!obj) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name,
			strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	if (!json) {
		cordon_json_text(stdout, obj, STATUS_WIDTH);
		json_object_put(obj);
		if (!ask_kernel)
			return EXIT_SUCCESS;
		/* what is above is complete: let it out before asking */
		fflush(stdout);
		return status_netlink(cmd, NULL);
	}
	rc = ask_kernel ? status_netlink(cmd, obj) : EXIT_SUCCESS;
	if (rc == EXIT_SUCCESS)
		cordon_json_print(stdout, obj, true);	/* main() checks */
	json_object_put(obj);
	return rc;
}
