/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - the attestation gate: evidence, verdict, ticket
 *
 * The target collects evidence (cordon_evidence_collect()): a quote by the
 * enrolled attestation key over the kernel's load challenge, the quoted PCR
 * values, the pinned key's public part, the EK certificate if enrollment
 * checked one, and IMA's binary measurement list read after the quote.
 * A verifier, on the same machine (local mode) or another one (remote
 * mode, the evidence travelling as JSON: cordon_evidence_format() and
 * cordon_evidence_parse()), checks it with cordon_attest_verify() against
 * its own copy of the pinned key and the manifest, and gets a verdict: each
 * check passed, failed (with every reason) or skipped.  Only a passing
 * verdict gives a ticket (cordon_ticket_make(), struct cordon_ticket of
 * <linux/cordon.h>), which the verifier signs with cordon_sign_buf().
 *
 * cordon_attest() is collect then verify, in one call: the local gate.
 *
 * Conventions as in cordon.h: negative errno values, (err, errlen), no
 * global state.
 */
#ifndef CORDON_ATTEST_H
#define CORDON_ATTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/ima.h>
#include <cordon/manifest.h>
#include <cordon/tpm.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The checks of a verdict, in the order they are made. */
enum cordon_check {
	CORDON_CHECK_TPM,	/* a TPM answered with a quote */
	CORDON_CHECK_AK,	/* the quote's key is the pinned AK */
	CORDON_CHECK_EK,	/* the pinned AK was certified by the EK */
	CORDON_CHECK_QUOTE,	/* signature, magic, type, nonce is the
				 * challenge, PCR selection, pcrDigest,
				 * qualifiedSigner */
	CORDON_CHECK_LOG,	/* the IMA list parses, template hashes match */
	CORDON_CHECK_REPLAY,	/* a prefix of the list replays to PCR 10 */
	CORDON_CHECK_MANIFEST,	/* the measured state matches the manifest */
	CORDON_CHECK_COUNT,
};

enum cordon_check_state {
	CORDON_CHECK_SKIPPED = 0,	/* not made (an earlier one failed,
					 * or not asked for) */
	CORDON_CHECK_PASSED,
	CORDON_CHECK_FAILED,
};

/* "tpm", "ak", "ek", "quote", "log", "replay", "manifest". */
const char *cordon_check_name(enum cordon_check c);

struct cordon_check_result {
	enum cordon_check_state state;
	unsigned int failures;
	/* the first failure's reason, or a word on what passed */
	char reason[CORDON_ERR_MAX];
};

/* One failure; every one is kept, in the order found. */
struct cordon_verdict_line {
	enum cordon_check check;
	char *text;
};

struct cordon_verdict {
	bool pass;			/* every check passed or was skipped
					 * on purpose; nothing failed */
	struct cordon_check_result checks[CORDON_CHECK_COUNT];
	size_t nlines;
	struct cordon_verdict_line *lines;
	size_t log_count;		/* entries of the IMA list */
	size_t verified;		/* of which the quote covers */
	uint8_t pcr_digest[32];		/* the quote's pcrDigest */
	uint32_t ticket_flags;		/* CORDON_TICKET_F_* earned */
	/* the kind of the first failure, for exit statuses */
	bool no_tpm;			/* no TPM reachable, or TPM error */
	bool error;			/* not a refusal: out of memory... */
};

void cordon_verdict_free(struct cordon_verdict *v);

/* What the target sends to a verifier. Free with cordon_evidence_free(). */
struct cordon_evidence {
	uint8_t challenge[CORDON_CHALLENGE_SIZE];
	bool has_policy_digest;
	uint8_t policy_digest[CORDON_DIGEST_SIZE];
	/* attest, sig, ak_public, banks (the PCR values read) and tcti;
	 * nonce is the challenge */
	struct cordon_quote quote;
	uint8_t *ek_cert;		/* DER, or NULL */
	size_t ek_cert_len;
	enum cordon_hash log_alg;	/* of the list's template hashes */
	uint8_t *log;			/* the binary measurement list */
	size_t log_len;
};

void cordon_evidence_free(struct cordon_evidence *ev);

struct cordon_collect_opts {
	const char *tcti;		/* as in cordon_quote_opts */
	/* the pinned key: the quote is made with the key at its handle */
	const struct cordon_ak *ak;
	/* CORDON_CHALLENGE_SIZE bytes: the kernel's load challenge */
	const uint8_t *challenge;
	const char *log_path;		/* NULL: CORDON_IMA_LOG_PATH */
	enum cordon_hash log_alg;	/* 0: SHA-1 */
	/* PCRs quoted beyond 0-10 (SHA-256) and 10 (SHA-1): a manifest's */
	uint32_t pcrs_sha256, pcrs_sha1;
	const uint8_t *policy_digest;	/* SHA-256 of the blob, or NULL */
	const struct cordon_tpm_hooks *hooks;	/* NULL in production */
};

/*
 * cordon_evidence_collect - quote and read the IMA list
 *
 * The list is read after the quote, so that it holds at least what the
 * quoted PCR 10 holds.  A quote that does not verify on the target is kept:
 * the verifier says why.
 *
 * Return: 0; -EHOSTUNREACH or -EIO (TPM); -ENOKEY (no key at the pinned
 * handle); the negated errno of reading the list; -EINVAL; -ENOMEM.
 */
int cordon_evidence_collect(const struct cordon_collect_opts *o,
			    struct cordon_evidence *ev, char *err,
			    size_t errlen);

/* The evidence as JSON text (malloc()ed), NULL when out of memory. */
char *cordon_evidence_format(const struct cordon_evidence *ev);

/*
 * cordon_evidence_parse - read evidence written by cordon_evidence_format()
 *
 * Return: 0; -EBADMSG naming the field; -ENOMEM.
 */
int cordon_evidence_parse(const char *text, size_t len,
			  struct cordon_evidence *ev, char *err,
			  size_t errlen);

/* Evidence files larger than this are refused. */
#define CORDON_EVIDENCE_MAX (256UL * 1024 * 1024)

struct cordon_verify_opts {
	/* the pinned key, the verifier's own copy: required */
	const struct cordon_ak *ak;
	/* the challenge the quote must be over; NULL: the evidence's own
	 * (the kernel then checks it against its current one) */
	const uint8_t *challenge;
	/*
	 * The expected state, loaded with cordon_manifest_load(): the
	 * manifest file (NULL: CORDON_MANIFEST_PATH), its detached CMS
	 * signature (NULL: the file's name + ".p7s"), the signer's
	 * certificate or a CA (both NULL: CORDON_MANIFEST_CERT_PATH); an
	 * absent or unsigned manifest fails the manifest check unless
	 * @allow_no_manifest, a bad signature always does.  Or, already
	 * parsed, @manifest (@manifest_signed saying whether its signature
	 * was checked).  Only a signed manifest earns
	 * CORDON_TICKET_F_MANIFEST.
	 */
	const char *manifest_path;
	const char *manifest_sig;
	const char *manifest_cert;
	const char *manifest_ca;
	const struct cordon_manifest *manifest;
	bool manifest_signed;
	bool allow_no_manifest;
	/* refuse a key whose enrollment did not check the EK */
	bool require_ek;
	/*
	 * the verifier's own CA bundle: the pinned key's EK certificate must
	 * chain to it (cordon_ek_cert_verify()), whatever the pinned file
	 * says; NULL: the file's "ek_verified" is believed
	 */
	const char *ek_ca;
};

/*
 * cordon_attest_verify - check evidence, give a verdict
 * @v: filled in (free with cordon_verdict_free()) whenever 0 is returned
 *
 * A check that fails makes the checks that rely on it skipped (a quote by
 * another key is not examined further, a log that does not replay is not
 * compared with the manifest), so that every reason printed is a real one.
 *
 * Return: 0 (see @v->pass); -EINVAL; -ENOMEM.
 */
int cordon_attest_verify(const struct cordon_evidence *ev,
			 const struct cordon_verify_opts *o,
			 struct cordon_verdict *v);

struct cordon_attest_opts {
	struct cordon_collect_opts collect;
	struct cordon_verify_opts verify;
};

/*
 * cordon_attest - the local gate: collect evidence, verify it
 * @ev: the evidence, kept for printing (free with cordon_evidence_free())
 * @v: the verdict (free with cordon_verdict_free())
 *
 * A failure to collect (no TPM, no key at the handle, no list) is a failed
 * check of the verdict (tpm, ak or log), not an error.
 *
 * Return: 0 (see @v->pass); -EINVAL; -ENOMEM.
 */
int cordon_attest(const struct cordon_attest_opts *o,
		  struct cordon_evidence *ev, struct cordon_verdict *v);

/*
 * cordon_ticket_make - the ticket a passing verdict allows
 * @flags: added to the flags the verdict earned (CORDON_TICKET_F_LOCAL)
 * @now: the verifier's clock, seconds since the epoch
 * @t: filled in (little endian, as the kernel reads it)
 *
 * Return: 0; -EPERM if the verdict did not pass; -ENODATA if the evidence
 * names no policy digest.
 */
int cordon_ticket_make(const struct cordon_evidence *ev,
		       const struct cordon_verdict *v, uint32_t flags,
		       uint64_t now, struct cordon_ticket *t, char *err,
		       size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_ATTEST_H */
