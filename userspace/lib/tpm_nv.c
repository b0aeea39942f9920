// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the policy version floor in a TPM NV counter (anti-rollback
 * across reboots, in userspace, beside the kernel's built-in floor)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_rc.h>

#include <cordon/cordon.h>
#include <cordon/tpm.h>

#include "internal.h"
#include "tpm_internal.h"

/* The counter's attributes: a counter the owner writes and reads. */
#define COUNTER_ATTRS (((TPMA_NV)TPM2_NT_COUNTER << TPMA_NV_TPM2_NT_SHIFT) | \
		       TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD | TPMA_NV_NO_DA)

static int counter_handle(struct cordon__tpm *t, uint32_t index, ESYS_TR *nv,
			  bool *written, char *err, size_t errlen)
{
	TPM2B_NV_PUBLIC *pub = NULL;
	TPMA_NV a;
	TSS2_RC rc;

	rc = Esys_TR_FromTPMPublic(t->esys, index, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, nv);
	if (rc != TSS2_RC_SUCCESS) {
		*nv = ESYS_TR_NONE;
		if (cordon__tss_is_tcti(rc))
			return cordon__tss_error(rc, "NV counter", err, errlen);
		cordon__seterr(err, errlen, "NV index 0x%08x is not defined",
			       index);
		return -ENOENT;
	}
	rc = Esys_NV_ReadPublic(t->esys, *nv, ESYS_TR_NONE, ESYS_TR_NONE,
				ESYS_TR_NONE, &pub, NULL);
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "TPM2_NV_ReadPublic (counter)", err,
					 errlen);
	a = pub->nvPublic.attributes;
	Esys_Free(pub);
	if (((a & TPMA_NV_TPM2_NT_MASK) >> TPMA_NV_TPM2_NT_SHIFT) !=
	    TPM2_NT_COUNTER || !(a & TPMA_NV_OWNERREAD) ||
	    !(a & TPMA_NV_OWNERWRITE)) {
		cordon__seterr(err, errlen,
			       "NV index 0x%08x is not an owner-written counter (attributes 0x%08x): pick another with --nv-index",
			       index, a);
		return -EEXIST;
	}
	*written = a & TPMA_NV_WRITTEN;
	return 0;
}

static int counter_value(struct cordon__tpm *t, ESYS_TR nv, uint64_t *value,
			 char *err, size_t errlen)
{
	TPM2B_MAX_NV_BUFFER *data = NULL;
	TSS2_RC rc;

	rc = Esys_NV_Read(t->esys, ESYS_TR_RH_OWNER, nv, ESYS_TR_PASSWORD,
			  ESYS_TR_NONE, ESYS_TR_NONE, 8, 0, &data);
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "TPM2_NV_Read (counter)", err,
					 errlen);
	if (data->size != 8) {
		Esys_Free(data);
		cordon__seterr(err, errlen, "the NV counter reads %u bytes",
			       data->size);
		return -EIO;
	}
	*value = 0;
	for (int i = 0; i < 8; i++)	/* a counter is a big-endian UINT64 */
		*value = *value << 8 | data->buffer[i];
	Esys_Free(data);
	return 0;
}

int cordon_tpm_counter_read(const char *tcti, uint32_t index, uint64_t *value,
			    char *err, size_t errlen)
{
	struct cordon__tpm t = { .ak = ESYS_TR_NONE };
	ESYS_TR nv = ESYS_TR_NONE;
	bool written = false;
	int rc;

	if (!value) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	rc = cordon__tpm_open(&t, tcti, NULL, 0, err, errlen);
	if (rc < 0)
		return rc;
	rc = counter_handle(&t, index, &nv, &written, err, errlen);
	if (rc == 0 && written)
		rc = counter_value(&t, nv, value, err, errlen);
	else if (rc == 0)
		*value = 0;
	if (nv != ESYS_TR_NONE)
		Esys_TR_Close(t.esys, &nv);
	cordon__tpm_close(&t);
	if (rc == 0)
		cordon__clearerr(err, errlen);
	return rc;
}

int cordon_tpm_counter_advance(const char *tcti, uint32_t index, uint64_t to,
			       uint64_t *value, char *err, size_t errlen)
{
	struct cordon__tpm t = { .ak = ESYS_TR_NONE };
	ESYS_TR nv = ESYS_TR_NONE;
	bool written = false;
	uint64_t v = 0;
	TSS2_RC trc;
	int rc;

	if (!value || index < 0x01000000U || index > 0x013fffffU) {
		cordon__seterr(err, errlen,
			       "invalid arguments (the counter's index is in the owner range 0x01000000-0x013fffff)");
		return -EINVAL;
	}
	rc = cordon__tpm_open(&t, tcti, NULL, 0, err, errlen);
	if (rc < 0)
		return rc;
	rc = counter_handle(&t, index, &nv, &written, err, errlen);
	if (rc == -ENOENT) {
		TPM2B_NV_PUBLIC pub = { 0 };
		TPM2B_AUTH auth = { 0 };

		pub.nvPublic.nvIndex = index;
		pub.nvPublic.nameAlg = TPM2_ALG_SHA256;
		pub.nvPublic.attributes = COUNTER_ATTRS;
		pub.nvPublic.dataSize = 8;
		trc = Esys_NV_DefineSpace(t.esys, ESYS_TR_RH_OWNER,
					  ESYS_TR_PASSWORD, ESYS_TR_NONE,
					  ESYS_TR_NONE, &auth, &pub, &nv);
		if (trc != TSS2_RC_SUCCESS) {
			nv = ESYS_TR_NONE;
			rc = cordon__tss_error(trc,
					       "defining the NV counter (TPM2_NV_DefineSpace, owner)",
					       err, errlen);
			goto out;
		}
		rc = 0;
	}
	if (rc < 0)
		goto out;
	if (written) {
		rc = counter_value(&t, nv, &v, err, errlen);
		if (rc < 0)
			goto out;
	}
	if (v < to && to - v > CORDON_NV_COUNTER_MAX_STEP) {
		cordon__seterr(err, errlen,
			       "advancing the NV counter from %llu to %llu takes more than %d increments",
			       (unsigned long long)v, (unsigned long long)to,
			       CORDON_NV_COUNTER_MAX_STEP);
		rc = -E2BIG;
		goto out;
	}
	/* the first increment sets a new counter to the TPM's highest count */
	while (!written || v < to) {
		trc = Esys_NV_Increment(t.esys, ESYS_TR_RH_OWNER, nv,
					ESYS_TR_PASSWORD, ESYS_TR_NONE,
					ESYS_TR_NONE);
		if (trc != TSS2_RC_SUCCESS) {
			rc = cordon__tss_error(trc, "TPM2_NV_Increment", err,
					       errlen);
			goto out;
		}
		rc = counter_value(&t, nv, &v, err, errlen);
		if (rc < 0)
			goto out;
		written = true;
	}
	*value = v;
	cordon__clearerr(err, errlen);
out:
	if (nv != ESYS_TR_NONE)
		Esys_TR_Close(t.esys, &nv);
	cordon__tpm_close(&t);
	return rc;
}
