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
#include <stdint.h>

#include <linux/cordon.h>

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
 * The attestation gate's options, shared by `attest` and `load`: the
 * pinned key, the manifest and its signature, the log, the TPM.
 */
struct attest_gate_args {
	const char *ak;			/* NULL: CORDON_AK_PATH */
	const char *manifest;		/* NULL: the default one, if present */
	const char *manifest_sig, *manifest_cert, *manifest_ca;
	bool allow_no_manifest;
	bool require_ek;
	const char *log;		/* NULL: CORDON_IMA_LOG_PATH */
	int log_hash;			/* enum cordon_hash; 0: SHA-1 */
	const char *tcti;
	int verbose;
	bool json;			/* the verdict as JSON on stdout */
};

enum {
	OPT_GATE_LOG = 0x500,
	OPT_GATE_LOG_HASH,
	OPT_GATE_TCTI,
	OPT_GATE_AK,
	OPT_GATE_MANIFEST_SIG,
	OPT_GATE_MANIFEST_CERT,
	OPT_GATE_MANIFEST_CA,
	OPT_GATE_ALLOW_NO_MANIFEST,
	OPT_GATE_REQUIRE_EK,
	OPT_GATE_END,		/* a command's own options start here */
};

#define ATTEST_GATE_LONG_OPTIONS					\
	{ "manifest", required_argument, NULL, 'm' },			\
	{ "manifest-sig", required_argument, NULL, OPT_GATE_MANIFEST_SIG }, \
	{ "manifest-cert", required_argument, NULL, OPT_GATE_MANIFEST_CERT }, \
	{ "manifest-ca", required_argument, NULL, OPT_GATE_MANIFEST_CA }, \
	{ "allow-no-manifest", no_argument, NULL, OPT_GATE_ALLOW_NO_MANIFEST }, \
	{ "require-ek", no_argument, NULL, OPT_GATE_REQUIRE_EK },	\
	{ "log", required_argument, NULL, OPT_GATE_LOG },		\
	{ "log-hash", required_argument, NULL, OPT_GATE_LOG_HASH },	\
	{ "tcti", required_argument, NULL, OPT_GATE_TCTI },		\
	{ "ak", required_argument, NULL, OPT_GATE_AK }

struct cordon_ak;
struct cordon_evidence;
struct cordon_verdict;
struct cordon_attest_opts;

/* 1 if @c was a gate option (stored in @g), 0 if not, -1: usage error */
int attest_gate_option(struct attest_gate_args *g, int c, const char *name);
/* the library's options for @g (the default manifest if present) */
void attest_gate_opts(const struct attest_gate_args *g,
		      const struct cordon_ak *ak, const uint8_t *challenge,
		      const uint8_t *digest, struct cordon_attest_opts *o);
/* read the pinned key; a message on failure */
int attest_read_ak(const char *path, struct cordon_ak *ak);
/*
 * Attest over @challenge (the evidence naming @digest, the policy, if not
 * NULL), print the verdict; returns the attest exit status.  @ev, @v and
 * @ak are filled in for the caller to use and free.
 */
int attest_gate_run(const struct attest_gate_args *g, const uint8_t *challenge,
		    const uint8_t *digest, struct cordon_evidence *ev,
		    struct cordon_verdict *v, struct cordon_ak *ak);
void attest_print_verdict(const struct cordon_evidence *ev,
			  const struct cordon_ak *ak,
			  const struct cordon_verdict *v, int verbose);
int attest_exit_status(const struct cordon_verdict *v);
/*
 * The check of `attest` (and `load --attest-only`) over the kernel's
 * challenge, or a random one: 0 when the machine's measured state checks
 * out, else the attest exit status after printing every failure.
 */
int attest_gate_check(const struct attest_gate_args *g);
/*
 * `load` exit statuses beyond 0, 1, 2: the local attestation refused (no
 * push), the kernel refused (policy or ticket; the old policy stays), the
 * TPM NV counter refused an older version (no push).
 */
#define LOAD_EXIT_ATTEST 3
#define LOAD_EXIT_KERNEL 4
#define LOAD_EXIT_ROLLBACK 5

/* The local verifier's key: sealed in the TPM, or a key file. */
struct load_verifier {
	const char *sealed;	/* NULL, NULL: the defaults if present */
	const char *key;
	const char *cert;	/* NULL: CORDON_VERIFIER_CERT_PATH */
};

/* A ticket made here; sig malloc()ed, NULL when no verifier key. */
struct load_ticket {
	struct cordon_ticket t;
	unsigned char *sig;
	size_t siglen;
};

struct cordon_nl;
/*
 * Local mode: the kernel's challenge, the attestation over it naming the
 * blob, and a ticket signed by the local verifier.  Returns 0 (@lt->sig
 * NULL if there is no ticket to push), or a load exit status after
 * printing why.
 */
int load_local_ticket(const struct attest_gate_args *g,
		      const struct load_verifier *lv, struct cordon_nl *nl,
		      const void *blob, size_t len, struct load_ticket *lt);
/* The NV counter floor: 0, LOAD_EXIT_ROLLBACK or 1 (message printed). */
int load_counter_check(const struct attest_gate_args *g, uint32_t index,
		       uint64_t version);
int load_counter_advance(const struct attest_gate_args *g, uint32_t index,
			 uint64_t version);

/* cmd_verify.c */
int cmd_verify(const struct command *cmd, int argc, char *argv[]);
/* cmd_enroll.c: `attest enroll` (argv[0] is "enroll") */
int cmd_attest_enroll(const char *cmdname, int argc, char *argv[]);
/* cmd_enroll.c: `attest seal-key` (argv[0] is "seal-key") */
int cmd_attest_seal_key(const char *cmdname, int argc, char *argv[]);
/* cmd_enroll.c: `attest activate` (argv[0] is "activate") */
int cmd_attest_activate(const char *cmdname, int argc, char *argv[]);
/* cmd_credential.c: `verify credential`, `verify check-credential` */
int cmd_verify_credential(const char *cmdname, int argc, char *argv[]);
/* cmd_kernel.c */
int cmd_load(const struct command *cmd, int argc, char *argv[]);
int cmd_tag(const struct command *cmd, int argc, char *argv[]);
/* cmd_oci.c */
int cmd_oci_hook(const struct command *cmd, int argc, char *argv[]);
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
