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
#include <cordon/nl.h>

#include "cmd.h"

/* status */

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
	       "  -h, --help    show this help and exit\n",
	       PROG, cmd->name, cmd->args, cmd->summary, CORDON_GENL_NAME,
	       CORDON_STATUS_PATH);
}

/*
 * The lines of STATUS_GET, after the securityfs ones and in the same
 * format. Returns an exit status: the family's absence is no failure.
 */
static int status_netlink(const struct command *cmd)
{
	struct cordon_nl_status st;
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

	if (st.has_policy_name)
		printf("%-16s%s\n", "policy_name:", st.policy_name);
	if (st.has_digest) {
		printf("%-16s", "policy_digest:");
		for (size_t i = 0; i < sizeof(st.digest); i++)
			printf("%02x", st.digest[i]);
		printf("\n");
	} else {
		printf("%-16s%s\n", "policy_digest:", "-");
	}
	printf("%-16s%s\n", "builtin:", st.builtin ? "yes" : "no");
	if (st.has_mode)
		printf("%-16s%s\n", "boot_mode:", st.mode);
	if (st.has_nr_profiles)
		printf("%-16s%" PRIu32 "\n", "profiles:", st.nr_profiles);
	if (st.has_nr_containers)
		printf("%-16s%" PRIu32 "\n", "containers:", st.nr_containers);
	if (st.has_denied)
		printf("%-16s%" PRIu64 "\n", "denied:", st.denied);
	if (st.has_complained)
		printf("%-16s%" PRIu64 "\n", "complained:", st.complained);
	if (st.has_loads)
		printf("%-16s%" PRIu64 "\n", "loads:", st.loads);
	if (st.has_rejects)
		printf("%-16s%" PRIu64 "\n", "rejects:", st.rejects);
	/* the load gate: the mode, and how the active policy got in */
	if (st.has_attest)
		printf("%-16s%s\n", "attest:", st.attest);
	if (st.has_attest || st.ticketed)
		printf("%-16s%s\n", "ticket:", st.ticketed ? "yes" : "no");
	if (st.has_ticket_digest) {
		printf("%-16s", "ticket_digest:");
		for (size_t i = 0; i < sizeof(st.ticket_digest); i++)
			printf("%02x", st.ticket_digest[i]);
		printf("\n");
	}
	if (st.has_ticket_rejects)
		printf("%-16s%" PRIu64 "\n", "ticket_rejects:",
		       st.ticket_rejects);
	return EXIT_SUCCESS;
}

int cmd_status(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "path", required_argument, NULL, OPT_PATH },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CORDON_STATUS_PATH;
	bool ask_kernel = true;
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

	/* A stable format: scripts may rely on it. */
	printf("%-16s%s\n", "version:", st.version);
	printf("%-16s%s\n", "mode:", cordon_mode_name(st.mode));
	printf("%-16s%s\n", "policy:", st.policy);
	printf("%-16s%llu\n", "policy_version:",
	       (unsigned long long)st.policy_version);
	if (!ask_kernel)
		return EXIT_SUCCESS;
	/* what is above is complete: let it out before asking the kernel */
	fflush(stdout);
	return status_netlink(cmd);
}

