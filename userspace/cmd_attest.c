// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl attest: check this machine's measured state (the IMA log
 * against a quote by the enrolled attestation key, and the signed
 * manifest), or write it as evidence for a remote verifier; and the gate
 * of `load`.  The checks are libcordon's (cordon_attest(), <cordon/attest.h>):
 * this file parses options and prints the verdict.
 *
 * Exit status of `attest`:
 *   0  pass (with --evidence: the evidence was written)
 *   1  other error (unreadable key file, log or manifest, out of memory...)
 *   2  usage error
 *   3  log/TPM mismatch: the log is malformed, an entry's template hash
 *      does not match its data, or no prefix of the log replays to the
 *      quoted PCR 10
 *   4  manifest mismatch: absent, unsigned or badly signed manifest, a file
 *      measured with another digest or not measured, a forbidden file
 *      measured, boot_aggregate or a PCR differs
 *   5  the quote does not verify: not made by the enrolled key, EK check
 *      missing when required, signature, magic, type, nonce, PCR
 *      selection, pcrDigest or qualifiedSigner
 *   6  no usable TPM: none reachable through the TCTI, or a TPM command
 *      failed
 * When several apply, the first in this order wins: 6, 5, 3, 4.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/json.h>
#include <cordon/nl.h>
#include <cordon/sign.h>
#include <cordon/ticket.h>

#include "cmd.h"

enum {
	EXIT_ATTEST_LOG = 3,
	EXIT_ATTEST_MANIFEST = 4,
	EXIT_ATTEST_QUOTE = 5,
	EXIT_ATTEST_NO_TPM = 6,
};

enum {
	OPT_CHALLENGE = OPT_GATE_END,
	OPT_EVIDENCE,
	OPT_POLICY,
};

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
	printf("attest: %s", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

static void print_selection(const struct cordon_quote *q)
{
	printf("attest: PCR selection:");
	for (size_t b = 0; b < q->nbanks; b++) {
		const char *sep = "";

		printf(" %s:", cordon_hash_name(q->banks[b].alg));
		for (unsigned int i = 0; i < CORDON_PCR_COUNT; i++) {
			if (!(q->banks[b].mask & (1u << i)))
				continue;
			printf("%s%u", sep, i);
			sep = ",";
		}
	}
	putchar('\n');
}

static void print_quote(const struct cordon_quote *q,
			const struct cordon_ak *ak)
{
	printf("attest: TPM: %s\n", q->tcti[0] ? q->tcti : "(evidence)");
	printf("attest: attestation key: %s, restricted signing, endorsement hierarchy, persistent handle 0x%08x\n",
	       ak->type == CORDON_AK_RSA ? "RSA-2048 RSASSA/SHA-256" :
					   "ECC NIST P-256 ECDSA/SHA-256",
	       ak->handle);
	print_hex("pinned key name: ", ak->name, ak->name_len);
	print_selection(q);
	print_hex("nonce: ", q->nonce, CORDON_NONCE_SIZE);
	if (q->attest)
		print_hex("quote (TPMS_ATTEST): ", q->attest, q->attest_len);
	if (q->sig)
		print_hex("signature (TPMT_SIGNATURE): ", q->sig, q->sig_len);
	if (q->ak_public)
		print_hex("attestation key (TPM2B_PUBLIC): ", q->ak_public,
			  q->ak_public_len);
	for (size_t b = 0; b < q->nbanks; b++) {
		size_t len = cordon_hash_size(q->banks[b].alg);

		for (unsigned int i = 0; i < CORDON_PCR_COUNT; i++) {
			char label[48];

			if (!(q->banks[b].mask & (1u << i)))
				continue;
			snprintf(label, sizeof(label), "PCR %u %s: ", i,
				 cordon_hash_name(q->banks[b].alg));
			print_hex(label, q->banks[b].v[i], len);
		}
	}
}

static const char *state_name(enum cordon_check_state s)
{
	return s == CORDON_CHECK_PASSED ? "passed" :
	       s == CORDON_CHECK_FAILED ? "FAILED" : "skipped";
}

int attest_exit_status(const struct cordon_verdict *v)
{
	const struct cordon_check_result *c = v->checks;

	if (v->pass && !v->error)
		return EXIT_SUCCESS;
	if (v->no_tpm || c[CORDON_CHECK_TPM].state == CORDON_CHECK_FAILED)
		return EXIT_ATTEST_NO_TPM;
	if (c[CORDON_CHECK_AK].state == CORDON_CHECK_FAILED ||
	    c[CORDON_CHECK_EK].state == CORDON_CHECK_FAILED ||
	    c[CORDON_CHECK_QUOTE].state == CORDON_CHECK_FAILED)
		return EXIT_ATTEST_QUOTE;
	if (v->error)
		return EXIT_FAILURE;
	if (c[CORDON_CHECK_LOG].state == CORDON_CHECK_FAILED ||
	    c[CORDON_CHECK_REPLAY].state == CORDON_CHECK_FAILED)
		return EXIT_ATTEST_LOG;
	return EXIT_ATTEST_MANIFEST;
}

/* Every failure on stderr; with -v every check on stdout. */
void attest_print_verdict(const struct cordon_evidence *ev,
			  const struct cordon_ak *ak,
			  const struct cordon_verdict *v, int verbose)
{
	int status = attest_exit_status(v);

	if (verbose && ev->quote.attest)
		print_quote(&ev->quote, ak);
	if (verbose && v->checks[CORDON_CHECK_REPLAY].state ==
	    CORDON_CHECK_PASSED) {
		printf("attest: IMA log: %zu entries (template hashes %s)\n",
		       v->log_count, cordon_hash_name(ev->log_alg));
		printf("attest: replay PCR %d sha256: matches the quote after %zu of %zu log entries%s\n",
		       CORDON_IMA_PCR, v->verified, v->log_count,
		       v->verified < v->log_count ?
		       " (the log runs ahead of the quote)" : "");
		if (cordon_quote_pcr(&ev->quote, CORDON_HASH_SHA1,
				     CORDON_IMA_PCR))
			printf("attest: replay PCR %d sha1: matches the quote after the same %zu entries\n",
			       CORDON_IMA_PCR, v->verified);
	}
	for (size_t i = 0; i < v->nlines; i++)
		fprintf(stderr, "%s: attest: refused: %s\n", PROG,
			v->lines[i].text);
	if (verbose) {
		for (int c = 0; c < CORDON_CHECK_COUNT; c++)
			printf("attest: check %-8s %-7s %s\n",
			       cordon_check_name(c),
			       state_name(v->checks[c].state),
			       v->checks[c].reason);
	}
	if (status == EXIT_SUCCESS) {
		printf("attest: PASS: %zu IMA log entries, PCR %d quoted by the enrolled key and replayed, %s\n",
		       v->log_count, CORDON_IMA_PCR,
		       v->checks[CORDON_CHECK_MANIFEST].reason);
	} else {
		size_t n = v->nlines;

		if (verbose)
			printf("attest: REFUSED: %zu failure%s, exit status %d\n",
			       n, n == 1 ? "" : "s", status);
		fprintf(stderr, "%s: attest: REFUSED (%zu failure%s, exit status %d)\n",
			PROG, n, n == 1 ? "" : "s", status);
	}
	fflush(stdout);
}

/*
 * The verdict as one JSON object on stdout (cordonctl(8)); the failures
 * are on stderr too, as in text.
 */
static void attest_json_verdict(const struct cordon_evidence *ev,
				const struct cordon_verdict *v)
{
	int status = attest_exit_status(v);
	struct json_object *o = cordon_json_verdict(ev, v, status);

	for (size_t i = 0; i < v->nlines; i++)
		fprintf(stderr, "%s: attest: refused: %s\n", PROG,
			v->lines[i].text);
	if (!o) {
		fprintf(stderr, "%s: attest: %s\n", PROG, strerror(ENOMEM));
		return;
	}
	cordon_json_print(stdout, o, true);	/* main() checks the writes */
	json_object_put(o);
	fflush(stdout);
}

int attest_read_ak(const char *path, struct cordon_ak *ak)
{
	char err[CORDON_ERR_MAX];
	int rc = cordon_ak_read(path, ak, err, sizeof(err));

	if (rc < 0)
		fprintf(stderr, "%s: attest: pinned attestation key: %s%s\n",
			PROG, err,
			rc == -ENOENT ? " (enroll one with 'cordonctl attest enroll')" :
					"");
	return rc;
}

/*
 * The challenge to quote: the kernel's (CHALLENGE_GET) when it has one;
 * for a mere check, a random one when it has none.
 */
static int kernel_challenge(uint8_t *challenge, bool need, char *err,
			    size_t errlen)
{
	struct cordon_nl *nl = NULL;
	int rc;

	rc = cordon_nl_open(&nl, err, errlen);
	if (rc == 0)
		rc = cordon_nl_challenge(nl, challenge, err, errlen);
	cordon_nl_close(nl);
	if (rc == 0 || need)
		return rc;
	return RAND_bytes(challenge, CORDON_CHALLENGE_SIZE) == 1 ? 0 : -EIO;
}

static int policy_digest(const char *path, uint8_t *digest, char *err,
			 size_t errlen)
{
	unsigned char *blob;
	size_t len;
	int rc;

	rc = cordon_sign_read_file(path, CORDON_POLICY_MAX_SIZE, &blob, &len,
				   err, errlen);
	if (rc < 0)
		return rc;
	rc = cordon_ticket_sha256(blob, len, digest);
	free(blob);
	return rc;
}

static void attest_help(void)
{
	printf("Usage: %s attest [CHECK OPTIONS] [-v] [-j]\n"
	       "       %s attest --evidence FILE [--policy BLOB] [--challenge HEX]\n"
	       "       %s attest enroll [--ek-ca FILE] ... (see 'attest enroll --help')\n"
	       "       %s attest seal-key --key KEY ... (see 'attest seal-key --help')\n"
	       "       %s attest activate CRED (see 'attest activate --help')\n"
	       "\n"
	       "Check the measured state of this machine: the enrolled attestation key\n"
	       "quotes PCRs 0-%d over the kernel's load challenge, IMA's measurement\n"
	       "list must replay to the quoted PCR %d (the list may run ahead of the\n"
	       "quote) and match the signed manifest (cordon-manifest(5)).  With\n"
	       "--evidence, write what a remote verifier needs instead ('cordonctl\n"
	       "verify' checks it there).\n"
	       "\n"
	       "Options:\n"
	       "      --ak FILE          the pinned attestation key (default %s)\n"
	       "  -m, --manifest FILE    expected measurements (default, if present:\n"
	       "                         %s)\n"
	       "      --manifest-sig SIG its detached CMS signature (default FILE.p7s)\n"
	       "      --manifest-cert C  the manifest signer's certificate\n"
	       "      --manifest-ca CA   or a CA the signer's certificate chains to\n"
	       "      --allow-no-manifest  pass without a manifest (the log is then\n"
	       "                         only checked against the TPM)\n"
	       "      --require-ek       refuse a key enrolled without --ek-ca\n"
	       "      --log FILE         IMA binary measurement list (default\n"
	       "                         %s)\n"
	       "      --log-hash ALG     algorithm of the list's template hashes: sha1\n"
	       "                         (default), or sha256 for ..._sha256\n"
	       "      --tcti CONF        TPM access, e.g. device:/dev/tpmrm0 or\n"
	       "                         swtpm:host=127.0.0.1,port=2321 (default $%s,\n"
	       "                         else %s, else %s)\n"
	       "      --challenge HEX    the nonce to quote (64 hex digits; default: the\n"
	       "                         kernel's load challenge, or a random one for a\n"
	       "                         check when the kernel has none)\n"
	       "      --evidence FILE    write the evidence (JSON) to FILE, check nothing\n"
	       "      --policy BLOB      with --evidence: the policy the ticket is for\n"
	       "  -v, --verbose          show the quote, PCR values, replay and each check\n"
	       "  -j, --json             print the verdict as one JSON object (every\n"
	       "                         check and the quote; see cordonctl(8))\n"
	       "  -h, --help             show this help and exit\n"
	       "\n"
	       "Exit status:\n"
	       "  0  pass (with --evidence: written)\n"
	       "  1  other error (unreadable key file or log...)\n"
	       "  2  usage error\n"
	       "  3  log/TPM mismatch (malformed log, tampered entry, no prefix of the log\n"
	       "     replays to the quoted PCR %d)\n"
	       "  4  manifest mismatch (absent, unsigned, wrong digest, file not measured,\n"
	       "     forbidden file measured, boot_aggregate or PCR differs)\n"
	       "  5  the quote does not verify (not the enrolled key, signature, nonce...)\n"
	       "  6  no usable TPM\n"
	       "Every failure is printed on stderr; when several kinds fail the status is\n"
	       "the first of 6, 5, 3, 4.\n",
	       PROG, PROG, PROG, PROG, PROG, CORDON_IMA_PCR, CORDON_IMA_PCR,
	       CORDON_AK_PATH,
	       CORDON_MANIFEST_PATH, CORDON_IMA_LOG_PATH, CORDON_TPM_TCTI_ENV,
	       CORDON_TPM_TCTI_DEFAULT1, CORDON_TPM_TCTI_DEFAULT2,
	       CORDON_IMA_PCR);
}

static bool nonempty(const char *opt)
{
	if (optarg[0] != '\0')
		return true;
	usage_error("attest", "empty argument for '%s'", opt);
	return false;
}

/*
 * Parse the options `attest` shares with `load` into @g; the option is
 * @c, its argument optarg.  Returns 1 if it was one, 0 if not, -1 after a
 * usage error.
 */
int attest_gate_option(struct attest_gate_args *g, int c, const char *name)
{
	switch (c) {
	case 'm':
		if (!nonempty(name))
			return -1;
		g->manifest = optarg;
		return 1;
	case OPT_GATE_MANIFEST_SIG:
	case OPT_GATE_MANIFEST_CERT:
	case OPT_GATE_MANIFEST_CA:
	case OPT_GATE_LOG:
	case OPT_GATE_TCTI:
	case OPT_GATE_AK:
		if (!nonempty(name))
			return -1;
		if (c == OPT_GATE_MANIFEST_SIG)
			g->manifest_sig = optarg;
		else if (c == OPT_GATE_MANIFEST_CERT)
			g->manifest_cert = optarg;
		else if (c == OPT_GATE_MANIFEST_CA)
			g->manifest_ca = optarg;
		else if (c == OPT_GATE_LOG)
			g->log = optarg;
		else if (c == OPT_GATE_TCTI)
			g->tcti = optarg;
		else
			g->ak = optarg;
		return 1;
	case OPT_GATE_LOG_HASH:
		g->log_hash = cordon_hash_parse(optarg, strlen(optarg));
		if (g->log_hash == CORDON_HASH_NONE) {
			usage_error("attest",
				    "unknown hash '%s' for '--log-hash' (sha1, sha256, sha384, sha512)",
				    optarg);
			return -1;
		}
		return 1;
	case OPT_GATE_ALLOW_NO_MANIFEST:
		g->allow_no_manifest = true;
		return 1;
	case OPT_GATE_REQUIRE_EK:
		g->require_ek = true;
		return 1;
	default:
		return 0;
	}
}

/* Fill the library's options from @g; the manifest default if present. */
void attest_gate_opts(const struct attest_gate_args *g,
		      const struct cordon_ak *ak, const uint8_t *challenge,
		      const uint8_t *digest, struct cordon_attest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->collect.tcti = g->tcti;
	o->collect.ak = ak;
	o->collect.challenge = challenge;
	o->collect.log_path = g->log ? g->log : CORDON_IMA_LOG_PATH;
	o->collect.log_alg = g->log_hash ? g->log_hash : CORDON_HASH_SHA1;
	o->collect.policy_digest = digest;
	o->verify.ak = ak;
	o->verify.challenge = challenge;
	o->verify.manifest_path = g->manifest;
	o->verify.manifest_sig = g->manifest_sig;
	o->verify.manifest_cert = g->manifest_cert;
	o->verify.manifest_ca = g->manifest_ca;
	o->verify.allow_no_manifest = g->allow_no_manifest;
	o->verify.require_ek = g->require_ek;
}

/* PCRs the manifest's checks need quoted (its "pcr" lines, those of
 * boot_aggregate); the verifier reads and trusts it, not this. */
static void manifest_pcrs(const char *path, uint32_t *sha256, uint32_t *sha1)
{
	struct cordon_manifest m = { 0 };
	bool read = cordon_manifest_read(path ? path : CORDON_MANIFEST_PATH,
					 &m, NULL, 0) == 0;

	*sha256 = cordon_manifest_pcrs(read ? &m : NULL, CORDON_HASH_SHA256);
	*sha1 = cordon_manifest_pcrs(read ? &m : NULL, CORDON_HASH_SHA1);
	cordon_manifest_free(&m);
}

int attest_gate_run(const struct attest_gate_args *g, const uint8_t *challenge,
		    const uint8_t *digest, struct cordon_evidence *ev,
		    struct cordon_verdict *v, struct cordon_ak *ak)
{
	struct cordon_attest_opts o;
	int rc;

	if (attest_read_ak(g->ak ? g->ak : CORDON_AK_PATH, ak) < 0)
		return EXIT_FAILURE;
	attest_gate_opts(g, ak, challenge, digest, &o);
	manifest_pcrs(o.verify.manifest_path, &o.collect.pcrs_sha256,
		      &o.collect.pcrs_sha1);
	/* tss2 logs every failed TCTI to stderr; the verdict says it once */
	setenv("TSS2_LOG", "all+NONE", 0);
	rc = cordon_attest(&o, ev, v);
	if (rc < 0) {
		fprintf(stderr, "%s: attest: %s\n", PROG, strerror(-rc));
		cordon_ak_free(ak);
		return EXIT_FAILURE;
	}
	if (g->json)
		attest_json_verdict(ev, v);
	else
		attest_print_verdict(ev, ak, v, g->verbose);
	if (v->checks[CORDON_CHECK_TPM].state == CORDON_CHECK_FAILED &&
	    v->no_tpm && !g->tcti)
		fprintf(stderr, "%s: attest: (choose the TPM with --tcti or $%s)\n",
			PROG, CORDON_TPM_TCTI_ENV);
	return attest_exit_status(v);
}

static int write_evidence(const struct attest_gate_args *g,
			  const uint8_t *challenge, const char *policy,
			  const char *out)
{
	struct cordon_collect_opts o = { 0 };
	struct cordon_evidence ev;
	struct cordon_ak ak;
	uint8_t digest[CORDON_DIGEST_SIZE];
	char err[CORDON_ERR_MAX], *text;
	int rc;

	if (attest_read_ak(g->ak ? g->ak : CORDON_AK_PATH, &ak) < 0)
		return EXIT_FAILURE;
	if (policy && policy_digest(policy, digest, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: attest: %s\n", PROG, err);
		cordon_ak_free(&ak);
		return EXIT_FAILURE;
	}
	o.tcti = g->tcti;
	o.ak = &ak;
	o.challenge = challenge;
	o.log_path = g->log ? g->log : CORDON_IMA_LOG_PATH;
	o.log_alg = g->log_hash ? g->log_hash : CORDON_HASH_SHA1;
	o.policy_digest = policy ? digest : NULL;
	manifest_pcrs(g->manifest, &o.pcrs_sha256, &o.pcrs_sha1);
	setenv("TSS2_LOG", "all+NONE", 0);
	rc = cordon_evidence_collect(&o, &ev, err, sizeof(err));
	cordon_ak_free(&ak);
	if (rc < 0) {
		fprintf(stderr, "%s: attest: %s\n", PROG, err);
		return rc == -EHOSTUNREACH || rc == -EIO ? EXIT_ATTEST_NO_TPM :
		       rc == -ENOKEY ? EXIT_ATTEST_QUOTE : EXIT_FAILURE;
	}
	text = cordon_evidence_format(&ev);
	rc = text ? cordon_sign_write_file(out, text, strlen(text), err,
					   sizeof(err)) : -ENOMEM;
	if (rc < 0)
		fprintf(stderr, "%s: attest: %s\n", PROG,
			text ? err : strerror(ENOMEM));
	else
		printf("attest: evidence written to %s: quote of %zu PCR bank%s by key 0x%08x, IMA log of %zu bytes%s%s\n",
		       out, ev.quote.nbanks, ev.quote.nbanks == 1 ? "" : "s",
		       ev.quote.ak_handle, ev.log_len,
		       ev.ek_cert ? ", EK certificate" : "",
		       policy ? ", policy digest" : " (no --policy: no ticket can be made from it)");
	free(text);
	cordon_evidence_free(&ev);
	return rc < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

int cmd_attest(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		ATTEST_GATE_LONG_OPTIONS,
		{ "challenge", required_argument, NULL, OPT_CHALLENGE },
		{ "evidence", required_argument, NULL, OPT_EVIDENCE },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct attest_gate_args g = { 0 };
	struct cordon_evidence ev = { 0 };
	struct cordon_verdict v = { 0 };
	struct cordon_ak ak = { 0 };
	uint8_t challenge[CORDON_CHALLENGE_SIZE];
	const char *evidence = NULL, *policy = NULL, *hex = NULL;
	char err[CORDON_ERR_MAX];
	int c, rc;

	if (argc > 1 && strcmp(argv[1], "enroll") == 0)
		return cmd_attest_enroll("attest enroll", argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "seal-key") == 0)
		return cmd_attest_seal_key("attest seal-key", argc - 1,
					   argv + 1);
	if (argc > 1 && strcmp(argv[1], "activate") == 0)
		return cmd_attest_activate("attest activate", argc - 1,
					   argv + 1);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:vjh", opts, NULL)) != -1) {
		rc = attest_gate_option(&g, c, argv[optind - 1]);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc > 0)
			continue;
		switch (c) {
		case OPT_CHALLENGE:
			hex = optarg;
			if (cordon_ticket_hex(hex, challenge,
					      sizeof(challenge)) < 0) {
				usage_error(cmd->name,
					    "'--challenge' needs %d hex digits",
					    2 * CORDON_CHALLENGE_SIZE);
				return EXIT_USAGE;
			}
			break;
		case OPT_EVIDENCE:
		case OPT_POLICY:
			if (!nonempty(argv[optind - 1]))
				return EXIT_USAGE;
			if (c == OPT_EVIDENCE)
				evidence = optarg;
			else
				policy = optarg;
			break;
		case 'v':
			g.verbose++;
			break;
		case 'j':
			g.json = true;
			break;
		case 'h':
			attest_help();
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (policy && !evidence) {
		usage_error(cmd->name, "'--policy' goes with '--evidence'");
		return EXIT_USAGE;
	}
	if (g.json && evidence) {
		usage_error(cmd->name,
			    "'--json' prints a check's verdict: not with '--evidence'");
		return EXIT_USAGE;
	}
	if (!hex && kernel_challenge(challenge, evidence != NULL, err,
				     sizeof(err)) < 0) {
		fprintf(stderr, "%s: attest: the kernel's load challenge: %s (give one with --challenge)\n",
			PROG, err);
		return EXIT_FAILURE;
	}
	if (evidence)
		return write_evidence(&g, challenge, policy, evidence);
	rc = attest_gate_run(&g, challenge, NULL, &ev, &v, &ak);
	cordon_verdict_free(&v);
	cordon_evidence_free(&ev);
	cordon_ak_free(&ak);
	return rc;
}

int attest_gate_check(const struct attest_gate_args *g)
{
	struct cordon_evidence ev = { 0 };
	struct cordon_verdict v = { 0 };
	struct cordon_ak ak = { 0 };
	uint8_t challenge[CORDON_CHALLENGE_SIZE];
	char err[CORDON_ERR_MAX];
	int rc;

	if (kernel_challenge(challenge, false, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: attest: %s\n", PROG, err);
		return EXIT_FAILURE;
	}
	rc = attest_gate_run(g, challenge, NULL, &ev, &v, &ak);
	cordon_verdict_free(&v);
	cordon_evidence_free(&ev);
	cordon_ak_free(&ak);
	return rc;
}

/* load: the local verifier and the NV counter */

static const char *exists(const char *path)
{
	return access(path, F_OK) == 0 ? path : NULL;
}

int load_local_ticket(const struct attest_gate_args *g,
		      const struct load_verifier *lv, struct cordon_nl *nl,
		      const void *blob, size_t len, struct load_ticket *lt)
{
	const char *sealed = lv->sealed, *key = lv->key;
	const char *cert = lv->cert ? lv->cert : CORDON_VERIFIER_CERT_PATH;
	struct cordon_evidence ev = { 0 };
	struct cordon_verdict v = { 0 };
	struct cordon_ak ak = { 0 };
	uint8_t challenge[CORDON_CHALLENGE_SIZE], digest[CORDON_DIGEST_SIZE];
	bool kernel = true;
	EVP_PKEY *pkey = NULL;
	char err[CORDON_ERR_MAX];
	int rc, status = LOAD_EXIT_ATTEST;

	memset(lt, 0, sizeof(*lt));
	if (!sealed && !key) {
		sealed = exists(CORDON_VERIFIER_SEALED_PATH);
		key = sealed ? NULL : exists(CORDON_VERIFIER_KEY_PATH);
	}
	/* 1. challenge: the kernel's, which the ticket must carry */
	rc = cordon_nl_challenge(nl, challenge, err, sizeof(err));
	if (rc < 0) {
		if (cordon_nl_refused(nl) && rc == -EPERM) {
			fprintf(stderr, "%s: load: the kernel's load challenge: %s\n",
				PROG, err);
			return EXIT_FAILURE;
		}
		/* a kernel without load tickets: the gate is this check */
		fprintf(stderr, "%s: load: no load challenge from the kernel (%s): attesting over a random nonce, no ticket\n",
			PROG, err);
		if (RAND_bytes(challenge, sizeof(challenge)) != 1)
			return EXIT_FAILURE;
		kernel = false;
	}
	if (cordon_ticket_sha256(blob, len, digest) < 0)
		return EXIT_FAILURE;
	/* 2. attest: quote over the challenge, verify it all here */
	rc = attest_gate_run(g, challenge, digest, &ev, &v, &ak);
	if (rc != EXIT_SUCCESS) {
		status = rc == EXIT_FAILURE ? EXIT_FAILURE : LOAD_EXIT_ATTEST;
		goto out;
	}
	status = EXIT_FAILURE;
	if (!kernel || (!sealed && !key)) {
		if (kernel)
			fprintf(stderr, "%s: load: no local verifier key (%s or %s): pushing without a ticket (a kernel with cordon.attest=required refuses)\n",
				PROG, CORDON_VERIFIER_SEALED_PATH,
				CORDON_VERIFIER_KEY_PATH);
		status = EXIT_SUCCESS;
		goto out;
	}
	/* 3. ticket: made and signed by the local verifier */
	rc = cordon_ticket_make(&ev, &v, CORDON_TICKET_F_LOCAL,
				(uint64_t)time(NULL), &lt->t, err, sizeof(err));
	if (rc == 0 && sealed) {
		rc = cordon_tpm_unseal_key(g->tcti, sealed, &pkey, err,
					   sizeof(err));
		if (rc == -EKEYREJECTED)
			status = LOAD_EXIT_ATTEST;
		if (rc == 0)
			rc = cordon_sign_buf_key(&lt->t, sizeof(lt->t), pkey,
						 cert, &lt->sig, &lt->siglen,
						 err, sizeof(err));
	} else if (rc == 0) {
		rc = cordon_sign_buf(&lt->t, sizeof(lt->t), key, cert,
				     &lt->sig, &lt->siglen, err, sizeof(err));
	}
	if (rc < 0) {
		fprintf(stderr, "%s: load: local verifier: %s\n", PROG, err);
		goto out;
	}
	if (g->verbose)
		printf("load: local ticket for the kernel's challenge, signed with %s%s\n",
		       sealed ? "the key sealed in " : "", sealed ? sealed : key);
	status = EXIT_SUCCESS;
out:
	EVP_PKEY_free(pkey);
	cordon_verdict_free(&v);
	cordon_evidence_free(&ev);
	cordon_ak_free(&ak);
	return status;
}

int load_counter_check(const struct attest_gate_args *g, uint32_t index,
		       uint64_t version)
{
	char err[CORDON_ERR_MAX];
	uint64_t floor = 0;
	int rc;

	setenv("TSS2_LOG", "all+NONE", 0);	/* an absent index is no error */
	rc = cordon_tpm_counter_read(g->tcti, index, &floor, err, sizeof(err));
	if (rc == -ENOENT)
		return EXIT_SUCCESS;	/* defined by the first advance */
	if (rc < 0) {
		fprintf(stderr, "%s: load: TPM NV counter: %s\n", PROG, err);
		return EXIT_FAILURE;
	}
	if (version < floor) {
		fprintf(stderr, "%s: load: refused: policy version %llu is below the floor %llu kept in the TPM's NV counter 0x%08x (rollback)\n",
			PROG, (unsigned long long)version,
			(unsigned long long)floor, index);
		return LOAD_EXIT_ROLLBACK;
	}
	if (g->verbose)
		printf("load: policy version %llu, TPM NV counter 0x%08x floor %llu\n",
		       (unsigned long long)version, index,
		       (unsigned long long)floor);
	return EXIT_SUCCESS;
}

int load_counter_advance(const struct attest_gate_args *g, uint32_t index,
			 uint64_t version)
{
	char err[CORDON_ERR_MAX];
	uint64_t now = 0;

	if (cordon_tpm_counter_advance(g->tcti, index, version, &now, err,
				       sizeof(err)) < 0) {
		fprintf(stderr, "%s: load: loaded, but the TPM NV counter was not advanced: %s\n",
			PROG, err);
		return EXIT_FAILURE;
	}
	if (g->verbose)
		printf("load: TPM NV counter 0x%08x is now %llu\n", index,
		       (unsigned long long)now);
	return EXIT_SUCCESS;
}
