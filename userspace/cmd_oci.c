// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl oci-hook: an OCI runtime hook (createRuntime, createContainer
 * or prestart) that binds the container to its profile through the kernel,
 * by pidfd, before the container's first instruction
 *
 * Copyright (C) 2026 The cordon authors
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <cordon/cordon.h>
#include <cordon/nl.h>
#include <cordon/oci.h>

#include "cmd.h"

static void oci_hook_help(const struct command *cmd)
{
	printf("Usage: %s %s [--arm]\n"
	       "\n"
	       "%s.  A runtime runs it with the container's OCI state on\n"
	       "standard input; it binds the container's first process (by\n"
	       "pidfd) to the profile of the annotation " CORDON_OCI_ANN_PROFILE "\n"
	       "(or the policy's selectors), names the container after the\n"
	       "annotation " CORDON_OCI_ANN_NAME " or the OCI id, and leaves it to\n"
	       "arm at its first execve, the entrypoint's, so that the container's\n"
	       "first instruction runs under its profile while the runtime's setup\n"
	       "is not restricted.  A non-zero exit makes the runtime refuse to\n"
	       "start the container.\n"
	       "\n"
	       "Options:\n"
	       "  --arm        arm at once (a hook of a later stage, or a\n"
	       "               container that never executes)\n"
	       "  -h, --help   show this help and exit\n",
	       PROG, cmd->name, cmd->summary);
}

int cmd_oci_hook(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "arm", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cordon_oci_binding b;
	char err[CORDON_ERR_MAX];
	struct cordon_nl *nl;
	bool arm = false;
	char *state;
	size_t len;
	int c, rc, pidfd;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			arm = true;
			break;
		case 'h':
			oci_hook_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	rc = cordon_read_fd(STDIN_FILENO, CORDON_OCI_STATE_MAX, &state, &len);
	if (rc < 0) {
		fprintf(stderr, "%s: %s: reading the OCI state: %s\n", PROG,
			cmd->name, strerror(-rc));
		return EXIT_FAILURE;
	}
	rc = cordon_oci_state_parse(state, len, &b, err, sizeof(err));
	free(state);
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
		return EXIT_FAILURE;
	}
	pidfd = (int)syscall(SYS_pidfd_open, b.pid, 0);
	if (pidfd < 0) {
		fprintf(stderr, "%s: %s: container process %d: %s\n", PROG,
			cmd->name, (int)b.pid, strerror(errno));
		return EXIT_FAILURE;
	}
	if (cordon_nl_open(&nl, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
		close(pidfd);
		return EXIT_FAILURE;
	}
	rc = cordon_nl_tag_pidfd(nl, pidfd, b.name,
				 b.profile[0] ? b.profile : NULL, arm, err,
				 sizeof(err));
	cordon_nl_close(nl);
	close(pidfd);
	if (rc < 0) {
		fprintf(stderr, "%s: %s: binding container %s (pid %d)%s%s: %s\n",
			PROG, cmd->name, b.name, (int)b.pid,
			b.profile[0] ? " to profile " : "", b.profile, err);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
