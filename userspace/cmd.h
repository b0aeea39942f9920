/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordonctl - the commands and their shared helpers
 *
 * Each command lives in its own cmd_*.c file and is listed in the table of
 * cordonctl.c.  A command gets its own argv (argv[0] is its name), parses
 * it with getopt_long() after resetting optind to 0 and opterr to 0, and
 * returns an exit status: EXIT_SUCCESS, EXIT_FAILURE, EXIT_USAGE or a
 * documented command-specific status.
 */
#ifndef CORDONCTL_CMD_H
#define CORDONCTL_CMD_H

#include <getopt.h>
#include <stdbool.h>

#define PROG "cordonctl"
#define EXIT_USAGE 2

/* Values of long options that have no short form, beyond any char. */
enum { OPT_PATH = 0x100 };

struct command {
	const char *name;
	const char *args;	/* synopsis after the name, for --help */
	const char *summary;	/* one line, for --help */
	/* argv[0] is the command's name; returns an exit status */
	int (*run)(const struct command *cmd, int argc, char *argv[]);
};

void usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* report an operand the command does not take; true if there is one */
bool unexpected_operand(const char *cmd, int argc, char *argv[]);
/* report what getopt_long() (opterr = 0, ':' first) rejected */
void option_error(const char *cmd, int c, char *argv[],
		  const struct option *opts);

/* cmd_policy.c */
int cmd_check(const struct command *cmd, int argc, char *argv[]);
int cmd_compile(const struct command *cmd, int argc, char *argv[]);
int cmd_dump(const struct command *cmd, int argc, char *argv[]);
/* cmd_sign.c */
int cmd_sign(const struct command *cmd, int argc, char *argv[]);
/* cmd_attest.c */
int cmd_attest(const struct command *cmd, int argc, char *argv[]);
/*
 * The attestation gate run by `load` before any push: 0 when the machine's
 * measured state checks out (after printing, if verbose, the PCR selection,
 * nonce and quote), otherwise the attest exit status after printing every
 * failing entry.  @manifest may be NULL (the default manifest, if any).
 */
int attest_gate(const char *manifest, int verbose);
/* cmd_enroll.c: `attest enroll` (argv[0] is "enroll") */
int cmd_attest_enroll(const char *cmdname, int argc, char *argv[]);
/* cmd_kernel.c */
int cmd_load(const struct command *cmd, int argc, char *argv[]);
int cmd_tag(const struct command *cmd, int argc, char *argv[]);
int cmd_ps(const struct command *cmd, int argc, char *argv[]);
int cmd_monitor(const struct command *cmd, int argc, char *argv[]);
/* cmd_status.c */
int cmd_status(const struct command *cmd, int argc, char *argv[]);
/* cmd_key.c */
int cmd_key(const struct command *cmd, int argc, char *argv[]);
/* cmd_ticket.c */
int cmd_challenge(const struct command *cmd, int argc, char *argv[]);
int cmd_ticket(const struct command *cmd, int argc, char *argv[]);

#endif
