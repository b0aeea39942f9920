// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl - inspect and (later) load policy for the cordon LSM
 *
 * Exit status: 0 success, 1 failure, 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>

#include "cmd.h"

#define CORDONCTL_VERSION "0.1.0"

static const struct command commands[] = {
	{ "check", "FILE...", "Check policy files, report every error", cmd_check },
	{ "compile", "FILE -o OUT", "Compile a policy to its binary form", cmd_compile },
	{ "dump", "[-j] BLOB", "Print a binary policy as policy text", cmd_dump },
	{ "sign", "--key KEY --cert CERT IN", "Sign a binary policy (detached CMS)", cmd_sign },
	{ "attest", "[enroll] [-j] [--evidence F]", "Check the IMA log against the enrolled TPM key", cmd_attest },
	{ "verify", "--evidence F --ak AK ... -o T", "Verify evidence, write a ticket (remote verifier)", cmd_verify },
	{ "load", "BLOB [--ticket T] [--no-attest]", "Attest, then load a signed policy", cmd_load },
	{ "challenge", "", "Print the kernel's load challenge", cmd_challenge },
	{ "ticket", "... --policy BLOB -o TICKET", "Write and sign a load ticket", cmd_ticket },
	{ "status", "[--path FILE] [-j]", "Show the state of cordon in the running kernel", cmd_status },
	{ "key", "[--verifier] add CERT | list", "Manage the .cordon keyrings", cmd_key },
	{ "tag", "--pid PID|--pidfd FD [--name N] [--profile P]", "Name a container, bind a profile", cmd_tag },
	{ "oci-hook", "[--arm]", "OCI runtime hook: bind a container to its profile", cmd_oci_hook },
	{ "ps", "[-j] [-q] [--no-legend]", "List the containers the kernel knows", cmd_ps },
	{ "monitor", "[--count N] [-j]", "Print denials as they happen", cmd_monitor },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void help(void)
{
	printf("Usage: %s [--help] [--version] COMMAND [ARGS]\n"
	       "\n"
	       "Control the cordon Linux Security Module.\n"
	       "\n"
	       "Commands:\n", PROG);
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-8s %-32s %s\n", commands[i].name, commands[i].args,
		       commands[i].summary);
	printf("\n"
	       "Options:\n"
	       "  -h, --help      show this help and exit\n"
	       "  -V, --version   show the version and exit\n"
	       "\n"
	       "Run '%s COMMAND --help' for help on a command; see cordonctl(8).\n",
	       PROG);
}

/* Report a failed write to stdout (full disk, closed pipe...) as failure. */
static int close_stdout(int status)
{
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		/* errno is 0 if the error came from an earlier write */
		int e = errno;

		fprintf(stderr, "%s: write error%s%s\n", PROG, e ? ": " : "",
			e ? strerror(e) : "");
		return EXIT_FAILURE;
	}
	return status;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	/* '+': stop at the command name; what follows is the command's */
	while ((c = getopt_long(argc, argv, "+:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return close_stdout(EXIT_SUCCESS);
		case 'V':
			printf("%s %s\n", PROG, CORDONCTL_VERSION);
			return close_stdout(EXIT_SUCCESS);
		default:
			option_error(NULL, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage_error(NULL, "missing command");
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			int status = commands[i].run(&commands[i],
						     argc - optind,
						     argv + optind);

			return close_stdout(status);
		}
	}
	usage_error(NULL, "unknown command '%s'", argv[optind]);
	return EXIT_USAGE;
}
