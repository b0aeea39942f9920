/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host attestation tests: build IMA binary measurement lists the way the
 * kernel writes them, and extend a (software) TPM's PCRs the way the
 * kernel extends them, independently of libcordon's own code.
 */
#ifndef CORDON_ATTEST_GEN_H
#define CORDON_ATTEST_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One entry as the kernel holds it. */
struct gentry {
	uint32_t pcr;
	char tpl[32];		/* template name */
	uint8_t *data;		/* template data as in the log */
	size_t len;
	bool violation;
	char name[256];		/* for messages and manifests */
	uint8_t file_sha256[32];	/* the digest in d-ng, if sha256 */
};

struct gen {
	struct gentry *e;
	size_t n, cap;
};

/* A list of bytes. */
struct bytes {
	uint8_t *p;
	size_t len, cap;
};

void bytes_put(struct bytes *b, const void *p, size_t n);
void bytes_put32(struct bytes *b, uint32_t v);
void bytes_free(struct bytes *b);

/* SHA-256 of a string, a stand-in for a file's contents digest. */
void gen_file_digest(const char *name, uint8_t out[32]);

/*
 * Add an entry of template "ima-ng", "ima-sig", "ima-buf", "ima-ngv2",
 * "ima-sigv2" or "ima-modsig" for a file @name with the SHA-256 @digest
 * (sig, buf: optional fields, may be NULL/0). Returns the entry.
 */
struct gentry *gen_add(struct gen *g, uint32_t pcr, const char *tpl,
		       const char *name, const uint8_t digest[32],
		       const uint8_t *sig, size_t siglen,
		       const uint8_t *buf, size_t buflen);
/* Template "ima": a SHA-1 digest and a name. */
struct gentry *gen_add_ima(struct gen *g, uint32_t pcr, const char *name,
			   const uint8_t sha1[20]);
/* A violation (ima-ng, zero digest, zero template hash). */
struct gentry *gen_add_violation(struct gen *g, uint32_t pcr,
				 const char *name);
void gen_free(struct gen *g);

/*
 * What the kernel extends for an entry into the SHA-1 and SHA-256 banks
 * (all 0xFF for a violation), and the template hash of the log in @alg_len
 * bytes (20: SHA-1, 32: SHA-256).
 */
void gen_bank_digests(const struct gentry *e, uint8_t sha1[20],
		      uint8_t sha256[32]);

/*
 * Serialise entries [from, to) into @out with template hashes of @hlen
 * bytes (20 or 32).  @skip: an index left out (SIZE_MAX for none).
 */
void gen_serialize(const struct gen *g, size_t from, size_t to, size_t hlen,
		   size_t skip, struct bytes *out);

/* TPM access through a TCTI; each call opens and closes its connection
 * (swtpm serves one client at a time). 0 or -1 with a message on stderr. */
int tpm_extend(const char *tcti, uint32_t pcr, const uint8_t sha1[20],
	       const uint8_t sha256[32]);
/* Extend the TPM with entries [from, to) of @g. */
int tpm_extend_entries(const char *tcti, const struct gen *g, size_t from,
		       size_t to);
/* Read a PCR; @bank_sha256 selects SHA-256 (else SHA-1). */
int tpm_read(const char *tcti, uint32_t pcr, bool bank_sha256, uint8_t *out);

/* Write a file; 0 or -1. */
int write_file(const char *path, const void *p, size_t n);

#endif
