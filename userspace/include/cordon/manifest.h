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
 *	allowlist			allowlist mode: every measurement must
 *					be allowed (file, allow) or excluded
 *	allow NAME DIGEST [DIGEST...]	NAME may be measured, only with one
 *					of the DIGESTs (not required)
 *	exclude REGEX			measurements whose name matches REGEX
 *					(Keylime's Python syntax, anchored at
 *					the start) need no allow line
 *	ignore_keyring NAME		keys measured into keyring NAME ('*':
 *					any) are not checked
 *	violations allow		violations (zero template hash) are
 *					accepted instead of refused
 *
 * DIGEST is ALG:HEX (sha1, sha256, sha384, sha512; lowercase or uppercase
 * hex of exactly the algorithm's size).  In NAME and PATTERN, "\\" stands
 * for a backslash and "\xHH" for the byte HH (IMA writes spaces in names as
 * '_'); REGEX is taken as written.
 *
 * A Keylime runtime policy (JSON, cordon_manifest_parse_keylime()) is read
 * into the same structure: "digests" as allow lines for files, "ima-buf"
 * and "keyrings" as allow lines for buffers and keys, "excludes" as
 * exclude lines, "ima"."ignored_keyrings" as ignore_keyring lines, in
 * allowlist mode.
 *
 * Trust: cordon_manifest_load() reads a manifest with its detached CMS
 * signature (MANIFEST.p7s, made by `cordonctl sign`) and refuses it when
 * the signature does not verify; an absent or unsigned manifest is
 * refused unless the caller allows it explicitly.
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

/* The certificate a manifest's signature is checked with by default. */
#define CORDON_MANIFEST_CERT_PATH "/etc/cordon/manifest.crt"

/* Manifests (text or JSON) larger than this are refused. */
#define CORDON_MANIFEST_MAX (128 * 1024 * 1024)

enum cordon_manifest_kind {
	CORDON_MANIFEST_FILE,
	CORDON_MANIFEST_FORBID,
	CORDON_MANIFEST_BOOT_AGGREGATE,
	CORDON_MANIFEST_PCR,
	CORDON_MANIFEST_ALLOW,
	CORDON_MANIFEST_EXCLUDE,
	CORDON_MANIFEST_IGNORE_KEYRING,
	CORDON_MANIFEST_ALLOWLIST,	/* the "allowlist" directive */
	CORDON_MANIFEST_VIOLATIONS,	/* "violations allow" */
};

/* Which measurements an allow line covers (Keylime's three maps). */
enum cordon_manifest_scope {
	CORDON_MANIFEST_SCOPE_ANY,	/* allow lines of the text format */
	CORDON_MANIFEST_SCOPE_FILE,	/* templates other than ima-buf */
	CORDON_MANIFEST_SCOPE_BUF,	/* ima-buf entries holding no key */
	CORDON_MANIFEST_SCOPE_KEY,	/* ima-buf entries holding a key */
};

struct cordon_manifest_entry {
	enum cordon_manifest_kind kind;
	/* 1-based; 0 for a Keylime policy's entries and built-in rules */
	unsigned int line;
	/*
	 * file, allow: NAME; forbid: PATTERN; exclude: REGEX;
	 * ignore_keyring: NAME
	 */
	char *name;
	unsigned int pcr;		/* pcr: INDEX */
	enum cordon_manifest_scope scope;	/* allow */
	/* file: 1 or more; allow: 0 or more; boot_aggregate, pcr: 1 */
	size_t ndigests;
	struct cordon_digest *digests;
	void *regex_;			/* private: exclude's compiled REGEX */
};

/* How far a loaded manifest is trusted (cordon_manifest_load()). */
enum cordon_manifest_trust {
	CORDON_MANIFEST_PARSED = 0,	/* parsed, nothing said about trust */
	CORDON_MANIFEST_SIGNED,		/* its signature verifies */
	CORDON_MANIFEST_UNSIGNED,	/* no signature; allowed by the caller */
	CORDON_MANIFEST_ABSENT,		/* no manifest; allowed by the caller */
};

struct cordon_manifest {
	char *source;			/* the name used in messages */
	size_t count;
	struct cordon_manifest_entry *entries;
	bool allowlist;			/* allowlist mode */
	bool violations_allowed;	/* "violations allow" */
	bool keylime;			/* read from a Keylime runtime policy */
	enum cordon_manifest_trust trust;
};

/*
 * cordon_manifest_parse - parse a manifest
 * @buf: the text; need not be NUL-terminated; may be NULL if @len is 0;
 *	one that starts (after blanks) with '{' is a Keylime runtime policy,
 *	read by cordon_manifest_parse_keylime()
 * @len: its length
 * @source: the name for messages (e.g. the file's path)
 * @m: filled in on success; free with cordon_manifest_free()
 *
 * Errors are "SOURCE:LINE:COL: message" (1-based line and byte column).
 * Unknown directives, a missing or extra argument, a malformed DIGEST,
 * a PCR index beyond 23, a NUL byte, a second "file" or "allow" for the
 * same NAME (or both), a second "pcr" for the same PCR and bank, a second
 * "boot_aggregate", "allowlist" or "violations", a NAME that is empty or
 * holds a control character, a REGEX that does not compile or uses Python
 * syntax a POSIX regular expression cannot express are errors.
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

/*
 * cordon_manifest_parse_keylime - read a Keylime runtime policy
 * @buf: the JSON text; need not be NUL-terminated
 * @len: its length
 * @source: the name for messages
 * @m: filled in on success, in allowlist mode; free with
 *	cordon_manifest_free()
 *
 * The format is Keylime's runtime policy, version 1 (keylime/ima/types.py,
 * RuntimePolicyType): "meta"."version" must be 1; "digests" (required),
 * "ima-buf" and "keyrings" map names to lists of hex digests (sha1,
 * sha256, sha384 or sha512, by length); "excludes" lists regular
 * expressions; "ima"."ignored_keyrings" lists keyrings whose keys are not
 * checked ("*": all).  "release", "meta"."generator" and "timestamp",
 * "ima"."log_hash_alg", "ima"."dm_policy", "verification-keys" and
 * unknown members are accepted and not used (entries Keylime would accept
 * by an IMA signature or a device-mapper policy must be listed or
 * excluded here).  The boot_aggregate entry is checked by recomputation
 * (cordon_manifest_check() with a quote), not by listed digests.
 *
 * Errors are "SOURCE: message", naming the member, e.g. "p.json:
 * digests./usr/bin/x[1]: 'abc' is not a sha1, sha256, sha384 or sha512
 * digest in hex".
 *
 * Return: 0; -EINVAL for malformed input; -ENOMEM; -EFBIG.
 */
int cordon_manifest_parse_keylime(const char *buf, size_t len,
				  const char *source, struct cordon_manifest *m,
				  char *err, size_t errlen);

/* The same as cordon_manifest_parse() (which reads both formats). */
int cordon_manifest_parse_any(const char *buf, size_t len,
			      const char *source, struct cordon_manifest *m,
			      char *err, size_t errlen);

/* How cordon_manifest_load() finds and trusts a manifest. */
struct cordon_manifest_load_opts {
	/* the manifest; NULL: CORDON_MANIFEST_PATH */
	const char *path;
	/* its detached signature; NULL: PATH.p7s */
	const char *sig;
	/*
	 * the signer's certificate(s) and/or CA, as cordon_sign_verify()
	 * takes them; both NULL: CORDON_MANIFEST_CERT_PATH
	 */
	const char *cert;
	const char *ca;
	/*
	 * --allow-no-manifest: an absent manifest gives an empty one
	 * (trust ABSENT), an unsigned one (no signature file) is used as
	 * it is (trust UNSIGNED).  A signature that does not verify is
	 * refused whatever this says.
	 */
	bool allow_no_manifest;
};

/*
 * cordon_manifest_load - read, verify and parse a manifest (text or a
 * Keylime runtime policy, see cordon_manifest_parse())
 * @o: where and how; NULL for the defaults
 * @m: filled in on success (m->trust says how far it is trusted)
 *
 * The signature is checked over the file's bytes before they are parsed.
 *
 * Return: 0; -ENOENT if the manifest is absent, -ENOKEY if its signature
 * file is absent (both refused unless @o->allow_no_manifest);
 * -EKEYREJECTED if the signature does not verify; -EBADMSG if the
 * signature file is no CMS SignedData; the errors of cordon_sign_verify()
 * (e.g. an unreadable certificate) and of the parsers.  Messages name the
 * file and say what to do, e.g. "/etc/cordon/attest.manifest: no
 * signature (/etc/cordon/attest.manifest.p7s: No such file or directory):
 * refused; sign it (cordonctl sign) or allow an unsigned manifest
 * explicitly (--allow-no-manifest)".
 */
int cordon_manifest_load(const struct cordon_manifest_load_opts *o,
			 struct cordon_manifest *m, char *err, size_t errlen);

void cordon_manifest_free(struct cordon_manifest *m);

/*
 * cordon_manifest_pcrs - PCRs to quote for a manifest's checks in a bank
 *
 * The PCRs of its "pcr" lines, and those boot_aggregate is computed from:
 * 0-9 in the SHA-256 bank, 0-7 in the SHA-1 bank (for every manifest,
 * empty or NULL too: cordon_manifest_check() recomputes boot_aggregate
 * whenever it has a quote).
 *
 * Return: a mask, bit i for PCR i.
 */
uint32_t cordon_manifest_pcrs(const struct cordon_manifest *m,
			      enum cordon_hash bank);

/* PCRs IMA's boot_aggregate covers: 0-9 (0-7 in the SHA-1 bank). */
#define CORDON_BOOT_AGGREGATE_PCRS 10

/*
 * cordon_ima_boot_aggregate - recompute IMA's boot_aggregate
 * @bank: the PCR bank IMA read, which is the algorithm of the
 *	boot_aggregate entry's digest (IMA uses the bank of its hash
 *	algorithm if allocated, else SHA-256, else SHA-1)
 * @pcrs: the values of PCRs 0..9 in that bank, cordon_hash_size(@bank)
 *	bytes each; for SHA-1 only 0..7 are read (@pcrs[8], [9] may be NULL)
 * @out: receives the digest, of algorithm @bank
 *
 * As the kernel does (ima_calc_boot_aggregate_tfm()): the bank's hash of
 * the concatenated PCR values 0..9, or 0..7 for SHA-1.
 *
 * Return: 0; -EINVAL for an unknown bank or a missing PCR; -ENOMEM.
 */
int cordon_ima_boot_aggregate(enum cordon_hash bank,
			      const uint8_t *const pcrs[CORDON_BOOT_AGGREGATE_PCRS],
			      struct cordon_digest *out);

/*
 * cordon_quote_boot_aggregate - cordon_ima_boot_aggregate() from the PCR
 * values of a verified quote
 *
 * Return: 0; -ENOENT if the quote lacks one of the PCRs in @bank (message
 * names it); -EINVAL; -ENOMEM.
 */
int cordon_quote_boot_aggregate(const struct cordon_quote *q,
				enum cordon_hash bank,
				struct cordon_digest *out, char *err,
				size_t errlen);

/* One way the measured state differs from the manifest. */
struct cordon_manifest_failure {
	/*
	 * the directive concerned; for rules of no directive (a
	 * violation, the recomputed boot_aggregate) a built-in entry of
	 * kind VIOLATIONS or BOOT_AGGREGATE with line 0
	 */
	const struct cordon_manifest_entry *entry;
	/*
	 * "file '/usr/bin/runc'", "forbid '/tmp/x*'", "pcr 0 (sha256
	 * bank)", "allowlist"...; names quoted as cordon_manifest_quote()
	 * does, safe to print
	 */
	char subject[300];
	/* what the manifest wants, what was seen (names quoted too) */
	char expected[600];
	char seen[400];
	/* the log entry concerned, or SIZE_MAX */
	size_t log_index;
};

/*
 * cordon_manifest_quote - a name as messages show it: in single quotes,
 * bytes outside printable ASCII and the characters ' and \ as \xHH, \'
 * and \\, cut with "..." to fit @size (at least 8)
 *
 * Return: @buf.
 */
const char *cordon_manifest_quote(char *buf, size_t size, const char *s);

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
 * allow: every entry of @log named NAME, of the line's scope and not
 * excluded, has one of the DIGESTs.  allowlist: every entry of @log is
 * allowed by a file or allow line, or excluded (or a key of an ignored
 * keyring, or the recomputed boot_aggregate); each other is a failure
 * naming it ("not in the allowlist").  Violations: unless "violations
 * allow", every violation in @log is a failure.  With a quote, the first
 * boot_aggregate entry of the verified prefix must equal
 * cordon_quote_boot_aggregate() in its digest's bank (a failure if the
 * quote lacks those PCRs, or if there is no such entry).
 *
 * Failures are reported in manifest order, then the recomputed
 * boot_aggregate, violations and allowlist misses in log order; after
 * 10 failures of one directive, one more says how many others there are.
 * The time is linear in the sizes of @m and @log (names are hashed),
 * times the number of exclude and forbid patterns for the entries they
 * are tried on.
 *
 * Return: the number of failures reported (0: the state matches);
 * -EINVAL; -ENOMEM.
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
