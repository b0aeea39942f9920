/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - a verified TPM 2.0 quote (tss2-esys, OpenSSL)
 *
 * cordon_tpm_quote() connects to a TPM through a TCTI, creates an
 * attestation key for the purpose (a restricted signing primary key, ECC
 * NIST P-256 with ECDSA/SHA-256 or RSA-2048 with RSASSA/SHA-256, under the
 * endorsement hierarchy, or the owner hierarchy if that fails), asks it for
 * a quote of the selected PCRs over a fresh random nonce (32 bytes from
 * OpenSSL's RAND_bytes()), reads the same PCRs with TPM2_PCR_Read, and
 * verifies the lot with cordon_quote_verify().  The key is flushed before
 * returning.
 *
 * The key is ephemeral and certified by nothing: the quote proves that the
 * PCR values come from the TPM behind the TCTI at the moment of the nonce
 * (fresh, signed by a key that cannot sign anything the TPM did not
 * produce), which is what a local gate needs.  A remote verifier would in
 * addition tie the key to the TPM's endorsement key.
 *
 * Conventions as in cordon.h: negative errno values, (err, errlen).
 */
#ifndef CORDON_TPM_H
#define CORDON_TPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cordon/ima.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Environment variable with a TCTI configuration, as tpm2-tools use it. */
#define CORDON_TPM_TCTI_ENV "TPM2TOOLS_TCTI"
/* Tried in order when neither a TCTI nor the variable is given. */
#define CORDON_TPM_TCTI_DEFAULT1 "device:/dev/tpmrm0"
#define CORDON_TPM_TCTI_DEFAULT2 "device:/dev/tpm0"

#define CORDON_NONCE_SIZE 32

enum cordon_ak_type {
	CORDON_AK_ECC = 0,	/* NIST P-256, ECDSA with SHA-256 */
	CORDON_AK_RSA = 1,	/* RSA-2048, RSASSA-PKCS1-v1_5 with SHA-256 */
};

struct cordon_quote;

/* For tests: alter a quote between the TPM and its verification. */
struct cordon_tpm_hooks {
	/* called once the quote and PCR values are in, before verifying */
	void (*after_quote)(struct cordon_quote *q, void *arg);
	void *arg;
};

struct cordon_quote_opts {
	/*
	 * TCTI configuration, e.g. "swtpm:host=127.0.0.1,port=2321" or
	 * "device:/dev/tpmrm0".  NULL: $TPM2TOOLS_TCTI if set and not
	 * empty, else CORDON_TPM_TCTI_DEFAULT1 then ..._DEFAULT2.
	 */
	const char *tcti;
	/* PCRs to quote in the SHA-256 bank: bit i is PCR i */
	uint32_t pcrs_sha256;
	/* PCRs to quote in the SHA-1 bank, if the TPM has that bank */
	uint32_t pcrs_sha1;
	enum cordon_ak_type ak;
	const struct cordon_tpm_hooks *hooks;	/* NULL in production */
};

/* The PCR values of one bank, as read with TPM2_PCR_Read. */
struct cordon_pcr_bank {
	enum cordon_hash alg;
	uint32_t mask;		/* which PCRs (bit i is PCR i) */
	uint8_t v[CORDON_PCR_COUNT][CORDON_DIGEST_MAX];
};

#define CORDON_QUOTE_BANKS 2

/* A quote and what it covers; free with cordon_quote_free(). */
struct cordon_quote {
	char tcti[256];			/* the TCTI that answered */
	const char *hierarchy;		/* "endorsement" or "owner" */
	enum cordon_ak_type ak;
	/* the nonce the verifier expects in extraData */
	uint8_t nonce[CORDON_NONCE_SIZE];
	/* the selection, in quote order; PCR values read from the TPM */
	size_t nbanks;
	struct cordon_pcr_bank banks[CORDON_QUOTE_BANKS];
	/* marshalled TPMS_ATTEST (the signed bytes), TPMT_SIGNATURE and
	 * the key's TPM2B_PUBLIC, as the TPM returned them */
	uint8_t *attest;
	size_t attest_len;
	uint8_t *sig;
	size_t sig_len;
	uint8_t *ak_public;
	size_t ak_public_len;
	/* filled by a successful cordon_quote_verify() */
	uint8_t pcr_digest[32];
	uint64_t clock;
	uint32_t reset_count;
	uint32_t restart_count;
	bool safe;
	uint64_t firmware_version;
};

/*
 * cordon_tpm_quote - get a quote and verify it
 * @o: options; o->pcrs_sha256 must not be empty
 * @q: filled in on success and on -EBADMSG (so that the quote can be
 *	shown); free it with cordon_quote_free() in both cases
 *
 * If the PCRs change between the quote and TPM2_PCR_Read (IMA measures
 * all the time), it quotes again, a few times, with a new nonce.
 *
 * Return: 0 when the quote verifies; -EHOSTUNREACH when no TPM could be
 * reached through the TCTI(s); -EBADMSG when the quote does not verify
 * (the message says which check failed); -EIO for another TPM error
 * (message with the TSS's decoding of the response code); -ENOMEM;
 * -EINVAL for invalid options.
 */
int cordon_tpm_quote(const struct cordon_quote_opts *o,
		     struct cordon_quote *q, char *err, size_t errlen);

/*
 * cordon_quote_verify - verify a quote against its nonce and PCR values
 * @q: the quote; on success its pcr_digest, clock... are filled in
 *
 * Checks, in this order: the attestation key is a restricted signing key
 * of a supported kind; the signature over the TPMS_ATTEST bytes verifies
 * with it (OpenSSL) and uses SHA-256; the TPMS_ATTEST unmarshals whole
 * (Tss2_MU); magic is TPM_GENERATED_VALUE; type is TPM_ST_ATTEST_QUOTE;
 * extraData equals q->nonce; the quoted selection equals q->banks;
 * pcrDigest equals the SHA-256 of the q->banks values concatenated in
 * selection order.
 *
 * Return: 0; -EBADMSG naming the failed check; -ENOMEM.
 */
int cordon_quote_verify(struct cordon_quote *q, char *err, size_t errlen);

/*
 * cordon_quote_pcr - a PCR value of a quote
 *
 * Return: cordon_hash_size(@bank) bytes, or NULL if the quote does not
 * cover that PCR in that bank.
 */
const uint8_t *cordon_quote_pcr(const struct cordon_quote *q,
				enum cordon_hash bank, unsigned int pcr);

/* Free what cordon_tpm_quote() allocated; @q may be zeroed. */
void cordon_quote_free(struct cordon_quote *q);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_TPM_H */
