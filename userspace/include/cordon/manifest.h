/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - the attestation manifest: what the measured state must be
 *
 * The format is documented in cordon-manifest(5).  In short, one
 * directive per line, '#' starts a comment, tokens are separated by
 * blanks:
 *
 *	file NAME DIGEST [DIGEST...]	NAME is measured, always with one of
 *					the DIGESTs
 *	forbid PATTERN			no measurement's name matches PATTERN
 *					(fnmatch(3) without flags)
 *	boot_aggregate DIGEST		the boot_aggregate entry's digest
 *	pcr INDEX DIGEST		a PCR's quoted value in the DIGEST's
 *					bank (sha1 or sha256)
 *
 * DIGEST is ALG:HEX (sha1, sha256, sha384, sha512; lowercase or uppercase
 * hex of exactly the algorithm's size).  In NAME and PATTERN, "\\" stands
 * for a backslash and "\xHH" for the byte HH (IMA writes spaces in names as
 * '_').
 *
 * Conventions as in cordon.h: negative errno values, (err, errlen).
 */
#ifndef CORDON_MANIFEST_H
#define CORDON_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cordon/ima.h>
#include <cordon/tpm.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where cordonctl looks when no manifest is given. */
#define CORDON_MANIFEST_PATH "/etc/cordon/attest.manifest"

/* Manifests larger than this are refused. */
#define CORDON_MANIFEST_MAX (16 * 1024 * 1024)

enum cordon_manifest_kind {
	CORDON_MANIFEST_FILE,
	CORDON_MANIFEST_FORBID,
	CORDON_MANIFEST_BOOT_AGGREGATE,
	CORDON_MANIFEST_PCR,
};

struct cordon_manifest_entry {
	enum cordon_manifest_kind kind;
	unsigned int line;		/* 1-based */
	char *name;			/* file: NAME; forbid: PATTERN */
	unsigned int pcr;		/* pcr: INDEX */
	size_t ndigests;		/* file: 1 or more; boot_aggregate, pcr: 1 */
	struct cordon_digest *digests;
};

struct cordon_manifest {
	char *source;			/* the name used in messages */
	size_t count;
	struct cordon_manifest_entry *entries;
};

/*
 * cordon_manifest_parse - parse a manifest
 * @buf: the text; need not be NUL-terminated; may be NULL if @len is 0
 * @len: its length
 * @source: the name for messages (e.g. the file's path)
 * @m: filled in on success; free with cordon_manifest_free()
 *
 * Errors are "SOURCE:LINE:COL: message" (1-based line and byte column).
 * Unknown directives, a missing or extra argument, a malformed DIGEST,
 * a PCR index beyond 23, a NUL byte, a second "file" for the same NAME,
 * a second "pcr" for the same PCR and bank, a second "boot_aggregate", a
 * NAME that is empty or holds a control character are errors.
 *
 * Return: 0; -EINVAL for malformed input; -ENOMEM; -EFBIG if @len is
 * beyond CORDON_MANIFEST_MAX.
 */
int cordon_manifest_parse(const char *buf, size_t len, const char *source,
			  struct cordon_manifest *m, char *err, size_t errlen);

/*
 * cordon_manifest_read - read and parse a manifest file
 *
 * Return: as cordon_manifest_parse(), or the negated errno of a failed
 * open(2)/read(2) ("PATH: strerror" in @err).
 */
int cordon_manifest_read(const char *path, struct cordon_manifest *m,
			 char *err, size_t errlen);

void cordon_manifest_free(struct cordon_manifest *m);

/*
 * cordon_manifest_pcrs - PCRs the manifest pins in a bank
 *
 * Return: a mask, bit i for PCR i.
 */
uint32_t cordon_manifest_pcrs(const struct cordon_manifest *m,
			      enum cordon_hash bank);

/* One way the measured state differs from the manifest. */
struct cordon_manifest_failure {
	const struct cordon_manifest_entry *entry;
	/* "file /usr/bin/runc", "forbid /tmp/x*", "pcr 0 (sha256 bank)"... */
	char subject[300];
	/* what the manifest wants, what was seen */
	char expected[600];
	char seen[400];
	/* the log entry concerned, or SIZE_MAX */
	size_t log_index;
};

/*
 * cordon_manifest_check - compare the measured state with a manifest
 * @m: the manifest
 * @log: the parsed measurement list
 * @verified: how many leading entries of @log the quote covers (the rest
 *	ran ahead of the quote)
 * @q: the verified quote, for "pcr" lines (may be NULL if @m has none)
 * @report: called once for each failure, in manifest order
 * @arg: passed to @report
 *
 * file: every entry of @log named NAME has one of the DIGESTs (an entry
 * whose digest uses another algorithm than all DIGESTs fails), and at
 * least one such entry lies in the verified prefix ("not measured"
 * otherwise).  forbid: no entry of @log (verified or not) has a name
 * matching PATTERN.  boot_aggregate: the first entry named boot_aggregate
 * in the verified prefix has DIGEST.  pcr: the quote covers the PCR in
 * that bank, with that value.  Violations (zero digests) never match a
 * DIGEST.
 *
 * Return: the number of failures (0: the state matches); -EINVAL.
 */
int cordon_manifest_check(const struct cordon_manifest *m,
			  const struct cordon_ima_log *log, size_t verified,
			  const struct cordon_quote *q,
			  void (*report)(void *arg,
					 const struct cordon_manifest_failure *f),
			  void *arg);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_MANIFEST_H */
