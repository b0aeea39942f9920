/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - TPM helpers shared by tpm.c, tpm_ak.c, tpm_nv.c and
 * tpm_seal.c; not installed.
 */
#ifndef CORDON_LIB_TPM_INTERNAL_H
#define CORDON_LIB_TPM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tss2/tss2_esys.h>

/* A connection to a TPM; zero it with .ak = ESYS_TR_NONE before use. */
struct cordon__tpm {
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_CONTEXT *esys;
	ESYS_TR ak;		/* flushed on close unless ak_persistent */
	bool ak_persistent;
};

/*
 * Connect to @tcti (NULL: $TPM2TOOLS_TCTI, else the defaults of tpm.h);
 * the configuration that answered goes into @used.
 * Return: 0; -EHOSTUNREACH with "no TPM reachable: ..." in @err; -EIO.
 */
int cordon__tpm_open(struct cordon__tpm *t, const char *tcti, char *used,
		     size_t usedlen, char *err, size_t errlen);
void cordon__tpm_close(struct cordon__tpm *t);

/* "@what: <decoded response code> (0xRC)"; -EHOSTUNREACH or -EIO. */
int cordon__tss_error(TSS2_RC rc, const char *what, char *err, size_t errlen);
bool cordon__tss_is_tcti(TSS2_RC rc);

/* The restricted signing key template of an attestation key. */
void cordon__ak_template(int type, TPM2B_PUBLIC *pub);

/*
 * The TPM Name of a public area: nameAlg (big endian) then the nameAlg
 * digest of the marshalled TPMT_PUBLIC.  SHA-256 only.
 * Return: 0; -EINVAL for another nameAlg; -ENOMEM.
 */
int cordon__tpm_name(const TPMT_PUBLIC *p, uint8_t *name, size_t *len);

/* Lower-case hex of @n bytes into @out (2n + 1 bytes). */
void cordon__hex(char *out, const uint8_t *p, size_t n);

#endif /* CORDON_LIB_TPM_INTERNAL_H */
