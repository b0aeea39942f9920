// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl attest: check the IMA measurement list against a TPM quote and
 * the expected measurements of a manifest; the gate of `load`.
 *
 * Exit status (also attest_gate()'s return value):
 *   0  pass
 *   1  other error (unreadable manifest or log, out of memory...)
 *   2  usage error
 *   3  log/TPM mismatch: the log is malformed, an entry's template hash
 *      does not match its data, or no prefix of the log replays to the
 *      quoted PCR 10
 *   4  manifest mismatch: a file measured with another digest or not
 *      measured, a forbidden file measured, boot_aggregate or a PCR differs
 *   5  the quote does not verify (signature, magic, type, nonce, PCR
 *      selection or pcrDigest)
 *   6  no usable TPM: none reachable through the TCTI, or a TPM command
 *      failed
 * When several apply, the lowest in this order wins: 6, 5, 3, 4.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cordon/cordon.h>
#include <cordon/ima.h>
#include <cordon/manifest.h>
#include <cordon/tpm.h>

#include "cmd.h"

enum {
	EXIT_ATTEST_LOG = 3,
	EXIT_ATTEST_MANIFEST = 4,
	EXIT_ATTEST_QUOTE = 5,
	EXIT_ATTEST_NO_TPM = 6,
};

/* Log entries whose template hash fails, printed before "N more". */
#define BAD_ENTRIES_SHOWN 20

enum {
	OPT_MANIFEST = OPT_PATH + 1,
	OPT_LOG,
	OPT_LOG_HASH,
	OPT_TCTI,
	OPT_AK,
};

struct attest_args {
	const char *manifest;	/* NULL: the default one, if present */
	const char *log;
	enum cordon_hash log_hash;
	const char *tcti;	/* NULL: the library's default */
	enum cordon_ak_type ak;
	int verbose;
	bool report_pass;	/* print a line when it passes */
};

struct verdict {
	int failures;
	bool log_bad, manifest_bad, quote_bad, no_tpm, other;
};

static void refuse(struct verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void refuse(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	v->failures++;
	fprintf(stderr, "%s: attest: refused: ", PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
	printf("attest: %s", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

static const char *hexstr(char *buf, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(buf + 2 * i, "%02x", p[i]);
	buf[2 * n] = '\0';
	return buf;
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

static void print_quote(const struct cordon_quote *q)
{
	printf("attest: TPM: %s\n", q->tcti);
	printf("attest: attestation key: %s, restricted signing, %s hierarchy, created for this quote\n",
	       q->ak == CORDON_AK_RSA ? "RSA-2048 RSASSA/SHA-256" :
					"ECC NIST P-256 ECDSA/SHA-256",
	       q->hierarchy ? q->hierarchy : "?");
	print_selection(q);
	print_hex("nonce: ", q->nonce, CORDON_NONCE_SIZE);
	if (q->attest)
		print_hex("quote (TPMS_ATTEST): ", q->attest, q->attest_len);
	if (q->sig)
		print_hex("signature (TPMT_SIGNATURE): ", q->sig, q->sig_len);
	if (q->ak_public)
		print_hex("attestation key (TPM2B_PUBLIC): ", q->ak_public,
			  q->ak_public_len);
}

static void print_pcrs(const struct cordon_quote *q)
{
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

static void manifest_failure(void *arg, const struct cordon_manifest_failure *f)
{
	struct verdict *v = arg;

	refuse(v, "%s: expected %s, seen %s (manifest line %u)", f->subject,
	       f->expected, f->seen, f->entry->line);
}

/* Every entry's template hash must be the hash of its data. */
static void check_entries(const struct cordon_ima_log *log, struct verdict *v)
{
	char err[CORDON_ERR_MAX];
	size_t bad = 0;

	for (size_t i = 0; i < log->count; i++) {
		int rc = cordon_ima_check_entry(log, &log->entries[i], err,
						sizeof(err));

		if (rc == -EBADMSG) {
			v->log_bad = true;
			if (++bad <= BAD_ENTRIES_SHOWN)
				refuse(v, "IMA log: %s (tampered?)", err);
		} else if (rc < 0) {
			v->other = true;
			refuse(v, "IMA log: %s", err);
			return;
		}
	}
	if (bad > BAD_ENTRIES_SHOWN)
		refuse(v, "IMA log: %zu more entries whose template hash does not match",
		       bad - BAD_ENTRIES_SHOWN);
}

/*
 * Replay PCR 10 in the SHA-256 bank (and SHA-1 if quoted) and find the
 * prefix of the log the quote covers.  Returns the prefix, or the whole
 * log's length when it does not match (after refusing).
 */
static size_t check_replay(const struct cordon_ima_log *log,
			   const struct cordon_quote *q, int verbose,
			   struct verdict *v)
{
	const uint8_t *q256 = cordon_quote_pcr(q, CORDON_HASH_SHA256,
					       CORDON_IMA_PCR);
	const uint8_t *q1 = cordon_quote_pcr(q, CORDON_HASH_SHA1,
					     CORDON_IMA_PCR);
	struct cordon_ima_replay r;
	char a[2 * CORDON_DIGEST_MAX + 1], b[2 * CORDON_DIGEST_MAX + 1];
	uint8_t s1[CORDON_DIGEST_MAX];
	int rc;

	rc = cordon_ima_replay_match(log, CORDON_IMA_PCR, CORDON_HASH_SHA256,
				     q256, &r);
	if (rc == -ENOENT) {
		v->log_bad = true;
		refuse(v, "PCR %d (sha256 bank): no prefix of the IMA log (%zu entries) replays to the quoted value: expected %s, seen %s (replay of the whole log)",
		       CORDON_IMA_PCR, log->count, hexstr(a, q256, 32),
		       hexstr(b, r.final, 32));
		return log->count;
	}
	if (rc < 0) {
		v->other = true;
		refuse(v, "replaying the IMA log: %s", strerror(-rc));
		return log->count;
	}
	if (verbose)
		printf("attest: replay PCR %d sha256: matches the quote after %zu of %zu log entries%s\n",
		       CORDON_IMA_PCR, r.prefix, log->count,
		       r.prefix < log->count ?
		       " (the log runs ahead of the quote)" : "");
	if (q1) {
		rc = cordon_ima_replay(log, r.prefix, CORDON_IMA_PCR,
				       CORDON_HASH_SHA1, s1);
		if (rc < 0) {
			v->other = true;
			refuse(v, "replaying the IMA log: %s", strerror(-rc));
		} else if (memcmp(s1, q1, 20) != 0) {
			v->log_bad = true;
			refuse(v, "PCR %d (sha1 bank): the IMA log's first %zu entries replay to %s, the quote says %s",
			       CORDON_IMA_PCR, r.prefix, hexstr(a, s1, 20),
			       hexstr(b, q1, 20));
		} else if (verbose) {
			printf("attest: replay PCR %d sha1: matches the quote after the same %zu entries\n",
			       CORDON_IMA_PCR, r.prefix);
		}
	}
	return r.prefix;
}

static int exit_status(const struct verdict *v)
{
	if (v->no_tpm)
		return EXIT_ATTEST_NO_TPM;
	if (v->quote_bad)
		return EXIT_ATTEST_QUOTE;
	if (v->log_bad)
		return EXIT_ATTEST_LOG;
	if (v->manifest_bad)
		return EXIT_ATTEST_MANIFEST;
	if (v->other)
		return EXIT_FAILURE;
	return EXIT_SUCCESS;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int attest_run(const struct attest_args *a)
{
	struct cordon_manifest m = { 0 };
	struct cordon_ima_log log = { 0 };
	struct cordon_quote q = { 0 };
	struct cordon_quote_opts o = { .tcti = a->tcti, .ak = a->ak };
	struct verdict v = { 0 };
	const char *mpath = a->manifest;
	char err[CORDON_ERR_MAX];
	struct timespec t0;
	size_t verified;
	bool have_manifest = false, quoted = false;
	int rc, status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* tss2 logs every failed TCTI to stderr; we say it once, better */
	setenv("TSS2_LOG", "all+NONE", 0);

	if (!mpath && access(CORDON_MANIFEST_PATH, F_OK) == 0)
		mpath = CORDON_MANIFEST_PATH;
	if (mpath) {
		rc = cordon_manifest_read(mpath, &m, err, sizeof(err));
		if (rc < 0) {
			fprintf(stderr, "%s: attest: manifest: %s\n", PROG, err);
			return EXIT_FAILURE;
		}
		have_manifest = true;
	} else {
		fprintf(stderr, "%s: attest: warning: no manifest (%s absent): only the IMA log is checked against the TPM\n",
			PROG, CORDON_MANIFEST_PATH);
	}

	/* fail early, and clearly, when there is no list at all */
	if (access(a->log, R_OK) < 0) {
		int e = errno;

		fprintf(stderr, "%s: attest: IMA log: %s: %s%s\n", PROG, a->log,
			strerror(e),
			e == ENOENT && strcmp(a->log, CORDON_IMA_LOG_PATH) == 0 ?
			" (is IMA enabled, with a policy, and securityfs mounted?)" :
			"");
		status = EXIT_FAILURE;
		goto out;
	}

	o.pcrs_sha256 = 1u << CORDON_IMA_PCR |
			cordon_manifest_pcrs(&m, CORDON_HASH_SHA256);
	o.pcrs_sha1 = 1u << CORDON_IMA_PCR |
		      cordon_manifest_pcrs(&m, CORDON_HASH_SHA1);
	rc = cordon_tpm_quote(&o, &q, err, sizeof(err));
	if (rc == -EBADMSG) {
		if (a->verbose)
			print_quote(&q);
		v.quote_bad = true;
		refuse(&v, "%s", err);
	} else if (rc == -EHOSTUNREACH || rc == -EIO) {
		v.no_tpm = true;
		refuse(&v, "%s", err);
		if (rc == -EHOSTUNREACH)
			fprintf(stderr, "%s: attest: (choose the TPM with --tcti or $%s)\n",
				PROG, CORDON_TPM_TCTI_ENV);
	} else if (rc < 0) {
		v.other = true;
		refuse(&v, "%s", err);
	} else {
		quoted = true;
		if (a->verbose) {
			char d[65];

			print_quote(&q);
			printf("attest: quote verified: signature, magic, type, nonce, PCR selection, pcrDigest %s\n",
			       hexstr(d, q.pcr_digest, 32));
			printf("attest: TPM clock %llu ms, resets %u, restarts %u, safe %s\n",
			       (unsigned long long)q.clock, q.reset_count,
			       q.restart_count, q.safe ? "yes" : "no");
			print_pcrs(&q);
		}
	}

	/*
	 * The list is read after the quote, so that it holds at least what
	 * the quoted PCR 10 holds: IMA may measure in between (the list then
	 * runs ahead of the quote), but never the other way round.
	 */
	rc = cordon_ima_read(a->log, a->log_hash, &log, err, sizeof(err));
	if (rc < 0) {
		/* malformed: refused as a mismatch; unreadable: an error */
		if (rc == -EINVAL)
			v.log_bad = true;
		else
			v.other = true;
		refuse(&v, "IMA log: %s", err);
		goto decide;
	}
	if (a->verbose)
		printf("attest: IMA log %s: %zu entries (template hashes %s)\n",
		       a->log, log.count, cordon_hash_name(log.alg));

	check_entries(&log, &v);
	verified = quoted ? check_replay(&log, &q, a->verbose, &v) : log.count;

	if (have_manifest) {
		int before = v.failures;

		rc = cordon_manifest_check(&m, &log, verified,
					   quoted ? &q : NULL,
					   manifest_failure, &v);
		if (rc < 0) {
			v.other = true;
			refuse(&v, "manifest check: %s", strerror(-rc));
		} else if (rc > 0) {
			v.manifest_bad = true;
		}
		if (a->verbose)
			printf("attest: manifest %s: %zu directives, %d failing\n",
			       mpath, m.count, v.failures - before);
	}

decide:
	status = exit_status(&v);
	if (status == EXIT_SUCCESS) {
		if (a->verbose || a->report_pass)
			printf("attest: PASS: %zu IMA log entries, PCR %d quoted by the TPM and replayed%s%s (%.0f ms)\n",
			       log.count, CORDON_IMA_PCR,
			       have_manifest ? ", manifest " : ", no manifest",
			       have_manifest ? mpath : "", ms_since(&t0));
	} else {
		if (a->verbose)
			printf("attest: REFUSED: %d failure%s, exit status %d\n",
			       v.failures, v.failures == 1 ? "" : "s", status);
		fprintf(stderr, "%s: attest: REFUSED (%d failure%s, exit status %d)\n",
			PROG, v.failures, v.failures == 1 ? "" : "s", status);
	}
out:
	cordon_quote_free(&q);
	cordon_ima_free(&log);
	cordon_manifest_free(&m);
	fflush(stdout);
	return status;
}

int attest_gate(const char *manifest, int verbose)
{
	struct attest_args a = {
		.manifest = manifest,
		.log = CORDON_IMA_LOG_PATH,
		.log_hash = CORDON_HASH_SHA1,
		.verbose = verbose,
	};

	return attest_run(&a);
}

static void attest_help(const struct command *cmd)
{
	printf("Usage: %s %s [OPTIONS]\n"
	       "\n"
	       "Check the measured state of this machine: IMA's measurement list must\n"
	       "replay to PCR %d as quoted by the TPM (over a fresh nonce, with a key made\n"
	       "for the purpose; the log may run ahead of the quote) and match the\n"
	       "manifest's expected measurements (see cordon-manifest(5)).\n"
	       "\n"
	       "Options:\n"
	       "  -m, --manifest FILE  expected measurements (default, if present:\n"
	       "                       %s)\n"
	       "      --log FILE       IMA binary measurement list (default\n"
	       "                       %s)\n"
	       "      --log-hash ALG   algorithm of the list's template hashes: sha1\n"
	       "                       (default), or sha256 for ..._sha256\n"
	       "      --tcti CONF      TPM access, e.g. device:/dev/tpmrm0 or\n"
	       "                       swtpm:host=127.0.0.1,port=2321 (default $%s,\n"
	       "                       else %s, else %s)\n"
	       "      --ak TYPE        attestation key: ecc (P-256, default) or rsa\n"
	       "  -v, --verbose        show the log, PCR selection, nonce, quote, signature,\n"
	       "                       PCR values, replay and decision\n"
	       "  -h, --help           show this help and exit\n"
	       "\n"
	       "Exit status:\n"
	       "  0  pass\n"
	       "  1  other error (unreadable manifest or log...)\n"
	       "  2  usage error\n"
	       "  3  log/TPM mismatch (malformed log, tampered entry, no prefix of the log\n"
	       "     replays to the quoted PCR %d)\n"
	       "  4  manifest mismatch (wrong digest, file not measured, forbidden file\n"
	       "     measured, boot_aggregate or PCR differs)\n"
	       "  5  the quote does not verify\n"
	       "  6  no usable TPM\n"
	       "Every failure is printed on stderr; when several kinds fail the status is\n"
	       "the first of 6, 5, 3, 4.\n",
	       PROG, cmd->name, CORDON_IMA_PCR, CORDON_MANIFEST_PATH,
	       CORDON_IMA_LOG_PATH, CORDON_TPM_TCTI_ENV,
	       CORDON_TPM_TCTI_DEFAULT1, CORDON_TPM_TCTI_DEFAULT2,
	       CORDON_IMA_PCR);
}

static bool nonempty(const struct command *cmd, const char *opt)
{
	if (optarg[0] != '\0')
		return true;
	usage_error(cmd->name, "empty argument for '%s'", opt);
	return false;
}

int cmd_attest(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "manifest", required_argument, NULL, 'm' },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "log-hash", required_argument, NULL, OPT_LOG_HASH },
		{ "tcti", required_argument, NULL, OPT_TCTI },
		{ "ak", required_argument, NULL, OPT_AK },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct attest_args a = {
		.log = CORDON_IMA_LOG_PATH,
		.log_hash = CORDON_HASH_SHA1,
		.ak = CORDON_AK_ECC,
		.report_pass = true,
	};
	int c;

	if (argc > 1 && strcmp(argv[1], "enroll") == 0)
		return cmd_attest_enroll("attest enroll", argc - 1, argv + 1);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!nonempty(cmd, "--manifest"))
				return EXIT_USAGE;
			a.manifest = optarg;
			break;
		case OPT_LOG:
			if (!nonempty(cmd, "--log"))
				return EXIT_USAGE;
			a.log = optarg;
			break;
		case OPT_LOG_HASH:
			a.log_hash = cordon_hash_parse(optarg, strlen(optarg));
			if (a.log_hash == CORDON_HASH_NONE) {
				usage_error(cmd->name,
					    "unknown hash '%s' for '--log-hash' (sha1, sha256, sha384, sha512)",
					    optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_TCTI:
			if (!nonempty(cmd, "--tcti"))
				return EXIT_USAGE;
			a.tcti = optarg;
			break;
		case OPT_AK:
			if (strcmp(optarg, "ecc") == 0) {
				a.ak = CORDON_AK_ECC;
			} else if (strcmp(optarg, "rsa") == 0) {
				a.ak = CORDON_AK_RSA;
			} else {
				usage_error(cmd->name,
					    "unknown key type '%s' for '--ak' (ecc, rsa)",
					    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'v':
			a.verbose++;
			break;
		case 'h':
			attest_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	return attest_run(&a);
}
