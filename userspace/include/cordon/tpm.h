/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - a verified TPM 2.0 quote (tss2-esys, OpenSSL)
 *
 * cordon_tpm_quote() connects to a TPM through a TCTI, uses the enrolled
 * attestation key (struct cordon_ak, see cordon_tpm_enroll()) or creates
 * an attestation key for the purpose (a restricted signing primary key, ECC
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

/*
 * The persistent handle of the enrolled attestation key (endorsement
 * hierarchy persistent range 0x81010000-0x8101ffff of the TCG provisioning
 * guidance; 0x81010001 and 0x81010002 are the usual RSA and ECC EKs).
 */
#define CORDON_AK_HANDLE 0x8101c07dU
/* Where `cordonctl attest enroll` pins the attestation key. */
#define CORDON_CONFIG_DIR "/etc/cordon"
#define CORDON_AK_PATH CORDON_CONFIG_DIR "/ak.pub"
/* Largest marshalled TPM2B_PUBLIC kept. */
#define CORDON_AK_PUBLIC_MAX 1024
/* Largest TPM Name (nameAlg + SHA-512). */
#define CORDON_TPM_NAME_MAX 66
/* Largest EK certificate read from NV. */
#define CORDON_EK_CERT_MAX 4096
/* The EK certificate NV indices (TCG EK Credential Profile 2.x). */
#define CORDON_EK_CERT_NV_RSA 0x01c00002U
#define CORDON_EK_CERT_NV_ECC 0x01c0000aU

/*
 * An enrolled (pinned) attestation key: a restricted signing primary key of
 * the endorsement hierarchy made persistent at @handle.  Written to and
 * read from CORDON_AK_PATH (JSON, see cordonctl(8)); free with
 * cordon_ak_free().
 */
struct cordon_ak {
	uint32_t handle;
	enum cordon_ak_type type;
	uint8_t public_[CORDON_AK_PUBLIC_MAX];	/* marshalled TPM2B_PUBLIC */
	size_t public_len;
	uint8_t name[CORDON_TPM_NAME_MAX];	/* nameAlg || H(TPMT_PUBLIC) */
	size_t name_len;
	/* qualified name as an endorsement primary: nameAlg ||
	 * H(TPM_RH_ENDORSEMENT || name); what TPMS_ATTEST.qualifiedSigner
	 * holds for a quote by this key */
	uint8_t qualified_name[CORDON_TPM_NAME_MAX];
	size_t qualified_name_len;
	/* enrollment checked the EK certificate's chain and proved (by
	 * MakeCredential/ActivateCredential) the key resides with that EK */
	bool ek_verified;
	uint32_t ek_index;		/* NV index of the certificate */
	uint8_t *ek_cert;		/* DER, malloc()ed, or NULL */
	size_t ek_cert_len;
};

/*
 * cordon_ak_from_public - a struct cordon_ak from a marshalled TPM2B_PUBLIC
 *
 * Fills type, public_, name and qualified_name (handle 0, no EK).
 * Return: 0; -EBADMSG if it does not unmarshal whole, or is not a
 * restricted signing key of a supported kind (named in @err).
 */
int cordon_ak_from_public(const uint8_t *pub, size_t len,
			  struct cordon_ak *ak, char *err, size_t errlen);

/*
 * cordon_ak_write - write a pinned key file (JSON), mode 0644, root's
 * cordon_ak_read - read and check one: name and qualified name must be
 *	those of the public part
 * Return: 0; -EBADMSG for a malformed file; a negated errno.
 */
int cordon_ak_write(const char *path, const struct cordon_ak *ak, char *err,
		    size_t errlen);
int cordon_ak_read(const char *path, struct cordon_ak *ak, char *err,
		   size_t errlen);
int cordon_ak_parse(const char *text, size_t len, struct cordon_ak *ak,
		    char *err, size_t errlen);
/* The JSON text of a pinned key (malloc()ed); NULL when out of memory. */
char *cordon_ak_format(const struct cordon_ak *ak);
void cordon_ak_free(struct cordon_ak *ak);

/*
 * cordon_ek_cert_verify - an EK certificate (DER) chains to a CA bundle
 * (PEM), as enrollment checks it; for a remote verifier checking the
 * certificate of a pinned key with its own bundle
 *
 * Return: 0; -EKEYREJECTED (no certificate, not X.509, no chain, not an
 * RSA-2048 key); -EINVAL (no CA in the bundle); -ENOMEM.
 */
int cordon_ek_cert_verify(const uint8_t *der, size_t len, const char *ca,
			  char *err, size_t errlen);

/*
 * The credential exchange of a remote verifier (as Keylime's registrar
 * runs it with its agent), for a verifier that does not take the target's
 * word that enrollment checked the EK:
 *   verifier: cordon_credential_make() - the pinned key's EK certificate
 *	must chain to @ek_ca; a random secret is encrypted for the key's
 *	name to the certificate's key (MakeCredential, in software); @json
 *	goes to the target, @secret stays
 *   target:   cordon_tpm_activate() - TPM2_ActivateCredential with the EK
 *	(recreated from the default template) and the key at @handle (0:
 *	CORDON_AK_HANDLE); the secret goes back
 *   verifier: the secrets are equal only if the pinned key lives in the
 *	TPM of that EK
 * Return: 0; -EKEYREJECTED (no chain, no certificate; the TPM refused);
 * -EBADMSG (not a credential); -ENOKEY (no key at the handle);
 * -EHOSTUNREACH, -EIO; -ENOMEM.
 */
#define CORDON_CREDENTIAL_SECRET_SIZE 32
int cordon_credential_make(const struct cordon_ak *ak, const char *ek_ca,
			   uint8_t secret[CORDON_CREDENTIAL_SECRET_SIZE],
			   char **json, char *err, size_t errlen);
int cordon_tpm_activate(const char *tcti, uint32_t handle, const char *json,
			size_t len, uint8_t secret[CORDON_CREDENTIAL_SECRET_SIZE],
			char *err, size_t errlen);

struct cordon_enroll_opts {
	const char *tcti;		/* as in cordon_quote_opts */
	enum cordon_ak_type type;
	uint32_t handle;		/* 0: CORDON_AK_HANDLE */
	/* CA bundle (PEM) for the EK certificate; NULL: no EK check */
	const char *ek_ca;
	/* replace another key found at the handle */
	bool force;
};

struct cordon_enroll_report {
	char tcti[256];
	bool reused;			/* the same key was there already */
	bool replaced;			/* another key was evicted (force) */
	char ek_subject[256];		/* EK certificate issuer, if checked */
	char ek_issuer[256];
};

/*
 * cordon_tpm_enroll - create, persist and describe the attestation key
 *
 * Creates the restricted signing primary key of @o->type under the
 * endorsement hierarchy (the same template always gives the same key on
 * one TPM), makes it persistent at @o->handle (TPM2_EvictControl, owner
 * authorization, empty) unless it is there already, and fills @ak.  With
 * @o->ek_ca: reads the RSA EK certificate from NV index
 * CORDON_EK_CERT_NV_RSA, verifies its chain against the bundle
 * (X509_verify_cert), recreates the EK from the TCG default template and
 * checks that its key is the certificate's, then makes a credential for
 * the AK's name with the certificate's key, in software (OpenSSL, TPM 2.0
 * part 1 section 24), and requires TPM2_ActivateCredential to give the
 * secret back: only a TPM holding both the EK private key and the AK can.
 *
 * Return: 0; -EHOSTUNREACH, -EIO (TPM); -EEXIST (another key at the
 * handle, no force); -ENOENT (no EK certificate); -EKEYREJECTED (chain,
 * EK key mismatch or credential not activated; @err says which); -ENOMEM.
 */
int cordon_tpm_enroll(const struct cordon_enroll_opts *o, struct cordon_ak *ak,
		      struct cordon_enroll_report *r, char *err, size_t errlen);

/*
 * The policy version floor kept in a TPM NV counter (TPM_NT_COUNTER), an
 * index in the owner range 0x01000000-0x013fffff of the TCG handle
 * registry, owner-read, owner-written, 8 bytes.  A counter only grows, by
 * one per TPM2_NV_Increment, and survives reboots: `cordonctl load`
 * refuses a policy whose version is below it and advances it to the
 * version loaded.  A new counter starts at the highest count any counter
 * of the TPM ever reached (0 on a new TPM).
 */
#define CORDON_NV_COUNTER_INDEX 0x0100c07dU
/* Largest advance in one load (each step is one NV write). */
#define CORDON_NV_COUNTER_MAX_STEP 4096

/*
 * cordon_tpm_counter_read - the floor
 * @value: set to the counter's value, 0 if defined but never incremented
 *
 * Return: 0; -ENOENT if the index is not defined; -EEXIST if it is not
 * such a counter; -EHOSTUNREACH, -EIO (TPM).
 */
int cordon_tpm_counter_read(const char *tcti, uint32_t index, uint64_t *value,
			    char *err, size_t errlen);

/*
 * cordon_tpm_counter_advance - raise the floor to @to (defining the
 * counter with owner authorization if it is absent)
 * @value: set to the counter's value afterwards (above @to only if it
 *	already was, or started there)
 *
 * Return: 0; -E2BIG if it takes more than CORDON_NV_COUNTER_MAX_STEP
 * increments; -EEXIST (not a counter); -EINVAL; -EHOSTUNREACH, -EIO.
 */
int cordon_tpm_counter_advance(const char *tcti, uint32_t index, uint64_t to,
			       uint64_t *value, char *err, size_t errlen);

/*
 * The local verifier key sealed in the TPM (see cordonctl(8), local mode):
 * an ECC P-256 private key whose scalar is sealed under the owner storage
 * key with an authPolicy of TPM2_PolicyPCR on SHA-256 PCRs (by default the
 * boot PCRs 0-7), so that only a machine booted the same way unseals it.
 */
#define CORDON_VERIFIER_SEALED_PATH "/etc/cordon/verifier.sealed"
#define CORDON_VERIFIER_CERT_PATH "/etc/cordon/verifier.crt"
#define CORDON_VERIFIER_KEY_PATH "/etc/cordon/verifier.key"
#define CORDON_SEAL_PCRS_DEFAULT 0xffU	/* PCRs 0-7 */

struct evp_pkey_st;

/*
 * cordon_tpm_seal_key - seal a P-256 private key (PEM or DER file) to the
 * TPM's current values of the SHA-256 PCRs in @pcrs
 * @out: set to the sealed object as JSON text (malloc()ed), to be written
 *	where cordon_tpm_unseal_key() reads it
 *
 * Return: 0; -EBADMSG (not a P-256 key); -EHOSTUNREACH, -EIO (TPM);
 * -EINVAL; -ENOMEM; a negated errno of reading the key.
 */
int cordon_tpm_seal_key(const char *tcti, const char *key_path, uint32_t pcrs,
			char **out, char *err, size_t errlen);

/*
 * cordon_tpm_unseal_key - the sealed key, if the PCRs are as they were
 * @key: set to an OpenSSL EVP_PKEY (free with EVP_PKEY_free())
 *
 * Return: 0; -EKEYREJECTED when the TPM refuses (PCRs differ, another
 * TPM); -EBADMSG (not a sealed key file); -EHOSTUNREACH, -EIO.
 */
int cordon_tpm_unseal_key(const char *tcti, const char *path,
			  struct evp_pkey_st **key, char *err, size_t errlen);

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
	/* quote with the persistent key at this handle (0: a fresh key) */
	uint32_t ak_handle;
	/* verify against this pinned key (cordon_quote_verify_ak()) */
	const struct cordon_ak *pinned;
	/* CORDON_NONCE_SIZE bytes to quote (the kernel's load challenge);
	 * NULL: a fresh random nonce */
	const uint8_t *nonce;
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
	uint32_t ak_handle;		/* persistent handle, 0 if ephemeral */
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
	uint8_t signer[CORDON_TPM_NAME_MAX];	/* qualifiedSigner */
	size_t signer_len;
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
 * cordon_ak_match - is a key's marshalled TPM2B_PUBLIC the pinned one?
 *
 * Return: 0 if it is byte for byte; -EBADMSG with "quote: signed by key
 * NAME, not the enrolled attestation key NAME" otherwise.
 */
int cordon_ak_match(const struct cordon_ak *ak, const uint8_t *pub,
		    size_t len, char *err, size_t errlen);

/*
 * cordon_quote_verify_ak - verify a quote made by the pinned key
 * @q: the quote; its ak_public must be @ak's public part byte for byte
 *	(the key's name otherwise: a quote by any other key is refused)
 * @ak: the enrolled key
 *
 * Then cordon_quote_verify(), then TPMS_ATTEST.qualifiedSigner must equal
 * @ak->qualified_name.
 *
 * Return: 0; -EBADMSG naming the failed check; -EINVAL; -ENOMEM.
 */
int cordon_quote_verify_ak(struct cordon_quote *q, const struct cordon_ak *ak,
			   char *err, size_t errlen);

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
