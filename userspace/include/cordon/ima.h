/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - IMA binary measurement list: parser and PCR replay
 *
 * The kernel publishes its measurement list in securityfs as
 * binary_runtime_measurements (a symlink to ..._sha1: the template hash of
 * each entry is its SHA-1) and, on 6.x kernels, one file per TPM bank
 * (binary_runtime_measurements_sha256...).  Each entry is, in the host's
 * byte order (little endian on every platform this runs on, and always
 * with ima_canonical_fmt):
 *
 *	u32 pcr
 *	u8  template_hash[digest size of the file's algorithm]
 *	u32 template_name_len, char template_name[template_name_len]
 *	u32 template_data_len, u8 template_data[template_data_len]
 *		(template "ima" has no template_data_len: its data is the
 *		 20-byte digest, then u32 name_len and the name, no NUL)
 *
 * and template_data is, for each field of the template's format, u32 len
 * then len bytes.
 *
 * What the kernel extends into a PCR bank (security/integrity/ima/
 * ima_crypto.c, ima_calc_field_array_hash_tfm()): the bank's hash of the
 * template data (for template "ima": the 20-byte digest then the name
 * zero-padded to 256 bytes, without length fields); for SHA-1 that is the
 * template hash of the log.  A violation (a file opened for write while
 * measured, or the reverse) has an all-zero template hash in the log and
 * extends every bank with all 0xFF bytes (ima_queue.c).
 *
 * Conventions as in cordon.h: negative errno values, (err, errlen).
 */
#ifndef CORDON_IMA_H
#define CORDON_IMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* IMA's list in securityfs, template hashes in SHA-1. */
#define CORDON_IMA_LOG_PATH \
	"/sys/kernel/security/ima/binary_runtime_measurements"

/* The PCR IMA extends unless its policy says otherwise. */
#define CORDON_IMA_PCR 10

/* Number of PCRs of a PC-client TPM. */
#define CORDON_PCR_COUNT 24

/* Largest digest handled (SHA-512). */
#define CORDON_DIGEST_MAX 64

/*
 * Hash algorithms, numbered as the TPM numbers them (TPM2_ALG_ID), so that
 * they can be used as bank identifiers.
 */
enum cordon_hash {
	CORDON_HASH_NONE = 0x0000,
	CORDON_HASH_SHA1 = 0x0004,
	CORDON_HASH_SHA256 = 0x000b,
	CORDON_HASH_SHA384 = 0x000c,
	CORDON_HASH_SHA512 = 0x000d,
};

/* "sha1", "sha256"...; "unknown" for anything else. Never NULL. */
const char *cordon_hash_name(enum cordon_hash alg);
/* Digest size in bytes, or 0 for an unknown algorithm. */
size_t cordon_hash_size(enum cordon_hash alg);
/*
 * cordon_hash_parse - a hash algorithm from its name (as IMA and the
 * kernel's crypto API write it: "sha1", "sha256", "sha384", "sha512")
 * @name: need not be NUL-terminated
 * @len: its length
 *
 * Return: the algorithm, or CORDON_HASH_NONE if the name is unknown.
 */
enum cordon_hash cordon_hash_parse(const char *name, size_t len);

/* A digest with its algorithm. */
struct cordon_digest {
	enum cordon_hash alg;
	uint8_t len;
	uint8_t v[CORDON_DIGEST_MAX];
};

/*
 * cordon_digest_format - "alg:hex" into @buf
 * @buf: receives the text, NUL-terminated
 * @size: its size; CORDON_DIGEST_TEXT_MAX holds any digest
 *
 * Return: @buf.
 */
#define CORDON_DIGEST_TEXT_MAX (8 + 2 * CORDON_DIGEST_MAX + 1)
const char *cordon_digest_format(const struct cordon_digest *d, char *buf,
				 size_t size);

/*
 * cordon_hash_buf - hash @len bytes with @alg into @out (alg and len set)
 *
 * Return: 0; -EINVAL for an unknown algorithm; -ENOMEM.
 */
int cordon_hash_buf(enum cordon_hash alg, const void *p, size_t len,
		    struct cordon_digest *out);

/* Built-in templates (ima_template.c); the name selects the format. */
enum cordon_ima_template {
	CORDON_IMA_TPL_IMA,	/* d|n */
	CORDON_IMA_TPL_NG,	/* ima-ng: d-ng|n-ng */
	CORDON_IMA_TPL_SIG,	/* ima-sig: d-ng|n-ng|sig */
	CORDON_IMA_TPL_NGV2,	/* ima-ngv2: d-ngv2|n-ng */
	CORDON_IMA_TPL_SIGV2,	/* ima-sigv2: d-ngv2|n-ng|sig */
	CORDON_IMA_TPL_BUF,	/* ima-buf: d-ng|n-ng|buf */
	CORDON_IMA_TPL_MODSIG,	/* ima-modsig: d-ng|n-ng|sig|d-modsig|modsig */
	CORDON_IMA_TPL_EVM_SIG,	/* evm-sig: d-ng|n-ng|evmsig|xattr...|imode */
	CORDON_IMA_TPL_CUSTOM,	/* a name that is a format, "d-ng|n-ng|..." */
};

/* One entry of the list. Pointers point into the owning cordon_ima_log. */
struct cordon_ima_entry {
	uint32_t pcr;
	/* template hash as in the log (the log's algorithm) */
	uint8_t template_hash[CORDON_DIGEST_MAX];
	/* template hash all zeros: a violation, extended as all 0xFF */
	bool violation;
	enum cordon_ima_template tpl;
	const char *template_name;	/* NUL-terminated */
	/* template data as in the log (for "ima": digest, u32 len, name) */
	const uint8_t *data;
	uint32_t data_len;
	/*
	 * The measured object's name (n or n-ng), NUL-terminated, with the
	 * kernel's ' ' -> '_' already applied; "" if the format has none.
	 */
	const char *name;
	/*
	 * The measured digest (d, d-ng, d-ngv2): alg SHA-1 for template
	 * "ima", CORDON_HASH_NONE (len the raw size) if the digest names an
	 * algorithm this library does not know.  Zeros for a violation.
	 */
	struct cordon_digest digest;
	/* d-ngv2's digest type, "ima" or "verity"; "" otherwise */
	char digest_type[8];
	/* sig / buf fields, NULL with length 0 if absent or empty */
	const uint8_t *sig;
	uint32_t sig_len;
	const uint8_t *buf;
	uint32_t buf_len;
	/* byte offset of the entry in the log, for messages */
	size_t offset;
};

/* A parsed list; own it, free it with cordon_ima_free(). */
struct cordon_ima_log {
	enum cordon_hash alg;	/* algorithm of the template hashes */
	size_t count;
	struct cordon_ima_entry *entries;
	/* private: the copy of the raw list and the names */
	uint8_t *raw_;
	char *strings_;
};

/* A sane bound for a measurement list file (IMA's lists are far smaller). */
#define CORDON_IMA_LOG_MAX (1024UL * 1024 * 1024)

/*
 * cordon_ima_parse - parse a binary measurement list
 * @buf: the list (copied); may be NULL if @len is 0
 * @len: its length
 * @alg: the algorithm of its template hashes: CORDON_HASH_SHA1 for
 *	binary_runtime_measurements, CORDON_HASH_SHA256 for ..._sha256
 * @log: filled in on success
 *
 * Every byte must belong to a well-formed entry: a truncated entry, a PCR
 * index beyond 23, an unknown template, a template data length that does
 * not match its fields, a digest field that does not parse or a name field
 * without its terminating NUL (or with a NUL inside) is an error, reported
 * as "entry N (offset O): ..." (N counts from 0).  The template hashes are
 * not checked here: see cordon_ima_check_entry().  An empty list is valid.
 *
 * Return: 0; -EINVAL for malformed input; -ENOMEM; -EFBIG if @len is
 * beyond CORDON_IMA_LOG_MAX.
 */
int cordon_ima_parse(const void *buf, size_t len, enum cordon_hash alg,
		     struct cordon_ima_log *log, char *err, size_t errlen);

/*
 * cordon_ima_read - read and parse a list file
 * @path: usually CORDON_IMA_LOG_PATH
 *
 * Messages are prefixed with "@path: ".
 *
 * Return: 0; the negated errno of open(2)/read(2); or as cordon_ima_parse().
 */
int cordon_ima_read(const char *path, enum cordon_hash alg,
		    struct cordon_ima_log *log, char *err, size_t errlen);

/* Free what a successful parse allocated; @log may be zeroed or NULL. */
void cordon_ima_free(struct cordon_ima_log *log);

/*
 * cordon_ima_bank_digest - what the kernel extends into a bank for an entry
 * @e: the entry
 * @bank: the bank's algorithm
 * @out: receives cordon_hash_size(@bank) bytes
 *
 * The bank's hash of the template data as the kernel computes it, or all
 * 0xFF for a violation.
 *
 * Return: 0; -EINVAL for an unknown bank; -ENOMEM.
 */
int cordon_ima_bank_digest(const struct cordon_ima_entry *e,
			   enum cordon_hash bank, uint8_t *out);

/*
 * cordon_ima_check_entry - check that an entry's template hash is the hash
 * of its template data (what a tampered entry fails)
 * @log: the list, for its algorithm
 * @e: the entry
 *
 * Violations (zero template hash) pass.
 *
 * Return: 0; -EBADMSG if the hash does not match (message names the
 * entry); -ENOMEM.
 */
int cordon_ima_check_entry(const struct cordon_ima_log *log,
			   const struct cordon_ima_entry *e, char *err,
			   size_t errlen);

/*
 * Replay of one PCR bank.  pcr[i] after entry k is the value of PCR i once
 * entries 0..k-1 are extended into a PCR starting at zero.
 */
struct cordon_ima_replay {
	enum cordon_hash bank;
	uint32_t pcr;
	/* the value after every entry of the log */
	uint8_t final[CORDON_DIGEST_MAX];
	/*
	 * Set by cordon_ima_replay_match(): the number of leading entries
	 * whose replay equals the quoted value, or SIZE_MAX if none.
	 */
	size_t prefix;
};

/*
 * cordon_ima_replay - replay a PCR over the first @count entries
 * @log: the list
 * @count: how many entries (at most log->count)
 * @pcr: the PCR index; entries for other PCRs are skipped
 * @bank: the bank algorithm
 * @out: receives cordon_hash_size(@bank) bytes
 *
 * Return: 0; -EINVAL (unknown bank, @count too large); -ENOMEM.
 */
int cordon_ima_replay(const struct cordon_ima_log *log, size_t count,
		      uint32_t pcr, enum cordon_hash bank, uint8_t *out);

/*
 * cordon_ima_replay_match - find the first prefix of the log whose replay
 * equals a quoted PCR value (the log may run ahead of the quote: entries
 * measured after the quote)
 * @log: the list
 * @pcr: the PCR index
 * @bank: its bank
 * @quoted: the PCR value, cordon_hash_size(@bank) bytes
 * @r: receives bank, pcr, the final replayed value and the prefix
 *
 * Prefixes end after an entry for @pcr, or are empty (zero entries, when
 * @quoted is all zeros).
 *
 * Return: 0 if a prefix matches (@r->prefix set); -ENOENT if none does
 * (@r->prefix SIZE_MAX, @r->final still set); -EINVAL; -ENOMEM.
 */
int cordon_ima_replay_match(const struct cordon_ima_log *log, uint32_t pcr,
			    enum cordon_hash bank, const uint8_t *quoted,
			    struct cordon_ima_replay *r);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_IMA_H */
