// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl challenge, ticket: the kernel's load challenge and the tickets
 * that answer it
 *
 * `challenge` prints the kernel's current load challenge. `ticket` writes
 * and signs a ticket for a challenge and a policy blob as a verifier does,
 * without checking any evidence itself: it is for tests, and for a
 * verifier that has checked the machine's state by other means.
 *
 * Exit status: 0 success; 1 failure; 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/nl.h>
#include <cordon/sign.h>
#include <cordon/ticket.h>

#include "cmd.h"

enum {
	OPT_CHALLENGE = 0x400,
	OPT_FROM_KERNEL,
	OPT_POLICY,
	OPT_PCR_DIGEST,
	OPT_FLAGS,
	OPT_KEY,
	OPT_CERT,
	OPT_ISSUED,
};

static void print_hex(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

/* Read the kernel's challenge; -1 (message printed) on failure. */
static int read_challenge(const char *verb, unsigned char *challenge)
{
	char err[CORDON_ERR_MAX];
	struct cordon_nl *nl;
	int rc;

	if (cordon_nl_open(&nl, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, verb, err);
		return -1;
	}
	rc = cordon_nl_challenge(nl, challenge, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "%s: %s: %s%s\n", PROG, verb,
			cordon_nl_refused(nl) ? "refused: " : "", err);
	cordon_nl_close(nl);
	return rc < 0 ? -1 : 0;
}

/* challenge */

static void challenge_help(const struct command *cmd)
{
	printf("Usage: %s %s\n"
	       "\n"
	       "%s: the %d random bytes, in hex, that a ticket for the next\n"
	       "policy load must carry. The kernel replaces them after every load\n"
	       "attempt, accepted or refused.\n"
	       "\n"
	       "Options:\n"
	       "  -h, --help   show this help and exit\n",
	       PROG, cmd->name, cmd->summary, CORDON_CHALLENGE_SIZE);
}

int cmd_challenge(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned char challenge[CORDON_CHALLENGE_SIZE];
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			challenge_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (read_challenge(cmd->name, challenge) < 0)
		return EXIT_FAILURE;
	print_hex(challenge, sizeof(challenge));
	printf("\n");
	return EXIT_SUCCESS;
}

/* ticket */

static void ticket_help(const struct command *cmd)
{
	printf("Usage: %s %s (--challenge HEX | --from-kernel) --policy BLOB\n"
	       "       %*s --pcr-digest HEX [--flags LIST] --key KEY --cert CERT\n"
	       "       %*s -o TICKET\n"
	       "\n"
	       "%s: write the ticket allowing the load of BLOB\n"
	       "against the given load challenge to TICKET, and its detached\n"
	       "signature by KEY to TICKET.p7s. Nothing is checked: the caller\n"
	       "vouches for the machine's state. The kernel accepts the ticket\n"
	       "only if CERT is in its .cordon_verifier keyring.\n"
	       "\n"
	       "Options:\n"
	       "  --challenge HEX     the kernel's load challenge (64 hex digits)\n"
	       "  --from-kernel       read the challenge from the running kernel\n"
	       "  --policy BLOB       the policy blob the ticket allows\n"
	       "  --pcr-digest HEX    SHA-256 of the quoted PCR values (64 hex digits)\n"
	       "  --flags LIST        what the verifier checked, comma-separated:\n"
	       "                      manifest, ek, local (default: none)\n"
	       "  --issued SECONDS    the issue time (default: now)\n"
	       "  --key KEY           the verifier's private key (PEM or DER)\n"
	       "  --cert CERT         the verifier's certificate (PEM or DER)\n"
	       "  -o, --output TICKET the ticket file; the signature goes to TICKET.p7s\n"
	       "  -h, --help          show this help and exit\n",
	       PROG, cmd->name, (int)(strlen(PROG) + strlen(cmd->name) + 1), "",
	       (int)(strlen(PROG) + strlen(cmd->name) + 1), "", cmd->summary);
}

static int parse_flags(const char *list, uint32_t *flags)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} names[] = {
		{ "manifest", CORDON_TICKET_F_MANIFEST },
		{ "ek", CORDON_TICKET_F_EK },
		{ "local", CORDON_TICKET_F_LOCAL },
	};
	const char *p = list;

	*flags = 0;
	while (*p) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n &&
			    strncmp(p, names[i].name, n) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return -1;
		*flags |= names[i].bit;
		p += n;
		if (*p == ',' && *++p == '\0')
			return -1;
	}
	return 0;
}

int cmd_ticket(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "challenge", required_argument, NULL, OPT_CHALLENGE },
		{ "from-kernel", no_argument, NULL, OPT_FROM_KERNEL },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "pcr-digest", required_argument, NULL, OPT_PCR_DIGEST },
		{ "flags", required_argument, NULL, OPT_FLAGS },
		{ "issued", required_argument, NULL, OPT_ISSUED },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *challenge_hex = NULL, *policy = NULL, *pcr_hex = NULL;
	const char *key = NULL, *cert = NULL, *out = NULL;
	struct cordon_ticket_info info = { 0 };
	bool from_kernel = false, have_issued = false;
	char err[CORDON_ERR_MAX];
	struct cordon_ticket t;
	unsigned char *blob = NULL;
	size_t len = 0;
	int c, status = EXIT_FAILURE;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_CHALLENGE:
			challenge_hex = optarg;
			break;
		case OPT_FROM_KERNEL:
			from_kernel = true;
			break;
		case OPT_POLICY:
			policy = optarg;
			break;
		case OPT_PCR_DIGEST:
			pcr_hex = optarg;
			break;
		case OPT_FLAGS:
			if (parse_flags(optarg, &info.flags) < 0) {
				usage_error(cmd->name,
					    "bad '--flags' list '%s' (manifest, ek, local)",
					    optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_ISSUED: {
			char *end;

			errno = 0;
			info.issued = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || errno) {
				usage_error(cmd->name,
					    "bad '--issued' '%s' (seconds since the epoch)",
					    optarg);
				return EXIT_USAGE;
			}
			have_issued = true;
			break;
		}
		case OPT_KEY:
			key = optarg;
			break;
		case OPT_CERT:
			cert = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			ticket_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (!challenge_hex == !from_kernel) {
		usage_error(cmd->name,
			    "give one of '--challenge HEX' and '--from-kernel'");
		return EXIT_USAGE;
	}
	if (!policy || !pcr_hex || !key || !cert || !out) {
		usage_error(cmd->name, "missing %s",
			    !policy ? "'--policy BLOB'" :
			    !pcr_hex ? "'--pcr-digest HEX'" :
			    !key ? "'--key KEY'" :
			    !cert ? "'--cert CERT'" : "'-o TICKET'");
		return EXIT_USAGE;
	}
	if (!*policy || !*key || !*cert || !*out) {
		usage_error(cmd->name, "empty file name");
		return EXIT_USAGE;
	}
	if (challenge_hex &&
	    cordon_ticket_hex(challenge_hex, info.challenge,
			      sizeof(info.challenge)) < 0) {
		usage_error(cmd->name,
			    "'--challenge' takes %d hex digits",
			    2 * CORDON_CHALLENGE_SIZE);
		return EXIT_USAGE;
	}
	if (cordon_ticket_hex(pcr_hex, info.pcr_digest,
			      sizeof(info.pcr_digest)) < 0) {
		usage_error(cmd->name, "'--pcr-digest' takes %d hex digits",
			    2 * CORDON_DIGEST_SIZE);
		return EXIT_USAGE;
	}
	if (!have_issued)
		info.issued = (uint64_t)time(NULL);

	if (cordon_sign_read_file(policy, CORDON_POLICY_MAX_SIZE, &blob, &len,
				  err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
		goto out;
	}
	if (cordon_ticket_sha256(blob, len, info.policy_digest) < 0) {
		fprintf(stderr, "%s: %s: SHA-256 failed\n", PROG, cmd->name);
		goto out;
	}
	if (from_kernel && read_challenge(cmd->name, info.challenge) < 0)
		goto out;
	if (cordon_ticket_encode(&info, &t, err, sizeof(err)) < 0 ||
	    cordon_ticket_write(&t, key, cert, out, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
		goto out;
	}
	printf("wrote %s and %s.p7s: challenge ", out, out);
	print_hex(info.challenge, sizeof(info.challenge));
	printf(" policy sha256:");
	print_hex(info.policy_digest, sizeof(info.policy_digest));
	printf("\n");
	status = EXIT_SUCCESS;
out:
	free(blob);
	return status;
}
