// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl verify: the remote verifier.  Checks an evidence bundle written
 * by `attest --evidence` on the target against the pinned attestation key
 * and the signed manifest (cordon_attest_verify()), and only if every
 * check passes writes a ticket for the evidence's challenge and policy,
 * signed with the verifier's key (cordon_ticket_write()).
 *
 * Exit status: 0 ticket written; 1 other error; 2 usage error; 3-6 the
 * evidence was refused, as for `attest` (nothing is written).
 */
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/policy.h>
#include <cordon/sign.h>
#include <cordon/ticket.h>

#include "cmd.h"

enum {
	OPT_EVIDENCE = OPT_GATE_END,
	OPT_KEY,
	OPT_CERT,
	OPT_CHALLENGE,
	OPT_EK_CA,
	OPT_POLICY,
};

static void verify_help(const struct command *cmd)
{
	printf("Usage: %s %s --evidence FILE --ak AKPUB --manifest M\n"
	       "                 (--manifest-cert C | --manifest-ca CA) --key KEY --cert CERT\n"
	       "                 -o TICKET [--challenge HEX] [--require-ek] [-v]\n"
	       "\n"
	       "%s: check the evidence a target wrote with 'attest --evidence'\n"
	       "(a quote by the pinned key AKPUB over the kernel's load challenge, the\n"
	       "IMA log) against the manifest M, whose signature is checked first; only\n"
	       "if every check passes, write TICKET (the kernel's struct cordon_ticket)\n"
	       "and its signature by KEY in TICKET.p7s.  The target loads with\n"
	       "'cordonctl load --ticket TICKET BLOB'.\n"
	       "\n"
	       "Options:\n"
	       "      --evidence FILE    the evidence (JSON)\n"
	       "      --ak AKPUB         the target's pinned key, as 'attest enroll' wrote it\n"
	       "  -m, --manifest M       the expected measurements\n"
	       "      --manifest-sig S   its signature (default M.p7s)\n"
	       "      --manifest-cert C  the manifest signer's certificate\n"
	       "      --manifest-ca CA   or a CA the signer's certificate chains to\n"
	       "      --allow-no-manifest  pass without a manifest (the ticket then lacks\n"
	       "                         the manifest flag)\n"
	       "      --require-ek       refuse a key enrolled without an EK check\n"
	       "      --policy BLOB      the evidence must name this policy blob (which\n"
	       "                         must be well formed), not only a digest\n"
	       "      --ek-ca BUNDLE     the pinned key's EK certificate must chain to this\n"
	       "                         CA bundle of the verifier's (implies --require-ek)\n"
	       "      --challenge HEX    the challenge the quote must be over (default: the\n"
	       "                         evidence's; the kernel checks it is current)\n"
	       "      --key KEY          the verifier's private key\n"
	       "      --cert CERT        its certificate (in the target's .cordon_verifier)\n"
	       "  -o, --output TICKET    the ticket; the signature goes to TICKET.p7s\n"
	       "  -v, --verbose          show the quote and each check\n"
	       "  -h, --help             show this help and exit\n"
	       "\n"
	       "The credential exchange (verify credential, verify check-credential):\n"
	       "see 'cordonctl verify credential --help'.\n"
	       "\n"
	       "Exit status: 0 ticket written, 1 error, 2 usage, 3-6 refused as by\n"
	       "'attest' (3 log/TPM, 4 manifest, 5 quote or key, 6 no quote).\n",
	       PROG, cmd->name, cmd->summary);
}

static void print_ticket(const char *path, const struct cordon_ticket *t)
{
	printf("verify: ticket %s: challenge ", path);
	for (size_t i = 0; i < sizeof(t->challenge); i++)
		printf("%02x", t->challenge[i]);
	printf(", policy sha256:");
	for (size_t i = 0; i < sizeof(t->policy_digest); i++)
		printf("%02x", t->policy_digest[i]);
	printf(", flags%s%s%s\n",
	       t->flags & htole32(CORDON_TICKET_F_MANIFEST) ? " manifest" : "",
	       t->flags & htole32(CORDON_TICKET_F_EK) ? " ek" : "",
	       t->flags & htole32(CORDON_TICKET_F_ALL) ? "" : " none");
}

/* With --policy: the evidence must name this blob, a valid policy. */
static int check_policy(const char *path, const struct cordon_evidence *ev)
{
	uint8_t digest[CORDON_DIGEST_SIZE];
	char err[CORDON_ERR_MAX];
	unsigned char *blob = NULL;
	size_t len = 0;
	int rc;

	rc = cordon_sign_read_file(path, CORDON_POLICY_MAX_SIZE, &blob, &len,
				   err, sizeof(err));
	if (rc == 0)
		rc = cordon_policy_validate(blob, len, err, sizeof(err));
	if (rc == 0)
		rc = cordon_ticket_sha256(blob, len, digest);
	free(blob);
	if (rc < 0) {
		fprintf(stderr, "%s: verify: %s: %s\n", PROG, path,
			err[0] ? err : strerror(-rc));
		return -1;
	}
	if (!ev->has_policy_digest ||
	    memcmp(digest, ev->policy_digest, sizeof(digest)) != 0) {
		fprintf(stderr, "%s: verify: refused: the evidence is for %s policy, not %s; no ticket written\n",
			PROG, ev->has_policy_digest ? "another" : "no", path);
		return -1;
	}
	return 0;
}

int cmd_verify(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		ATTEST_GATE_LONG_OPTIONS,
		{ "evidence", required_argument, NULL, OPT_EVIDENCE },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "challenge", required_argument, NULL, OPT_CHALLENGE },
		{ "ek-ca", required_argument, NULL, OPT_EK_CA },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct attest_gate_args g = { 0 };
	struct cordon_attest_opts o;
	struct cordon_evidence ev;
	struct cordon_verdict v = { 0 };
	struct cordon_ak ak;
	struct cordon_ticket t;
	const char *evidence = NULL, *key = NULL, *cert = NULL, *out = NULL;
	const char *ek_ca = NULL, *policy = NULL;
	uint8_t challenge[CORDON_CHALLENGE_SIZE];
	bool have_challenge = false;
	char err[CORDON_ERR_MAX], *text = NULL;
	size_t len;
	int c, rc, status = EXIT_FAILURE;

	if (argc > 1 && (strcmp(argv[1], "credential") == 0 ||
			 strcmp(argv[1], "check-credential") == 0))
		return cmd_verify_credential(argv[1], argc - 1, argv + 1);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:o:vh", opts, NULL)) != -1) {
		rc = attest_gate_option(&g, c, argv[optind - 1]);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc > 0)
			continue;
		switch (c) {
		case OPT_EVIDENCE:
		case OPT_KEY:
		case OPT_CERT:
		case OPT_EK_CA:
		case OPT_POLICY:
		case 'o':
			if (!*optarg) {
				usage_error(cmd->name, "empty argument for '%s'",
					    argv[optind - 1]);
				return EXIT_USAGE;
			}
			if (c == OPT_EVIDENCE)
				evidence = optarg;
			else if (c == OPT_KEY)
				key = optarg;
			else if (c == OPT_CERT)
				cert = optarg;
			else if (c == OPT_EK_CA)
				ek_ca = optarg;
			else if (c == OPT_POLICY)
				policy = optarg;
			else
				out = optarg;
			break;
		case OPT_CHALLENGE:
			if (cordon_ticket_hex(optarg, challenge,
					      sizeof(challenge)) < 0) {
				usage_error(cmd->name,
					    "'--challenge' needs %d hex digits",
					    2 * CORDON_CHALLENGE_SIZE);
				return EXIT_USAGE;
			}
			have_challenge = true;
			break;
		case 'v':
			g.verbose++;
			break;
		case 'h':
			verify_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (!evidence || !g.ak || !key || !cert || !out) {
		usage_error(cmd->name, "missing %s",
			    !evidence ? "'--evidence FILE'" :
			    !g.ak ? "'--ak AKPUB' (the pinned key is the verifier's own copy)" :
			    !key ? "'--key KEY'" : !cert ? "'--cert CERT'" :
			    "'-o TICKET'");
		return EXIT_USAGE;
	}
	if (!g.manifest && !g.allow_no_manifest) {
		usage_error(cmd->name,
			    "missing '--manifest M' (or '--allow-no-manifest')");
		return EXIT_USAGE;
	}
	if (g.tcti || g.log || g.log_hash) {
		usage_error(cmd->name,
			    "'--tcti', '--log' and '--log-hash' are for the target ('attest --evidence')");
		return EXIT_USAGE;
	}
	if (attest_read_ak(g.ak, &ak) < 0)
		return EXIT_FAILURE;
	if (cordon_read_file(evidence, CORDON_EVIDENCE_MAX, &text, &len, err,
			     sizeof(err)) < 0 ||
	    cordon_evidence_parse(text, len, &ev, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: verify: %s%s%s\n", PROG,
			text ? evidence : "", text ? ": " : "", err);
		free(text);
		cordon_ak_free(&ak);
		return EXIT_FAILURE;
	}
	free(text);
	if (policy && check_policy(policy, &ev) < 0)
		goto out;
	attest_gate_opts(&g, &ak, have_challenge ? challenge : NULL, NULL, &o);
	o.verify.ek_ca = ek_ca;
	rc = cordon_attest_verify(&ev, &o.verify, &v);
	if (rc < 0) {
		fprintf(stderr, "%s: verify: %s\n", PROG, strerror(-rc));
		goto out;
	}
	attest_print_verdict(&ev, &ak, &v, g.verbose);
	status = attest_exit_status(&v);
	if (status != EXIT_SUCCESS) {
		fprintf(stderr, "%s: verify: no ticket written\n", PROG);
		goto out;
	}
	status = EXIT_FAILURE;
	if (cordon_ticket_make(&ev, &v, 0, (uint64_t)time(NULL), &t, err,
			       sizeof(err)) < 0 ||
	    cordon_ticket_write(&t, key, cert, out, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: verify: %s\n", PROG, err);
		goto out;
	}
	print_ticket(out, &t);
	status = EXIT_SUCCESS;
out:
	cordon_verdict_free(&v);
	cordon_evidence_free(&ev);
	cordon_ak_free(&ak);
	return status;
}
