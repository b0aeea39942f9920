// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon-pcr-extend - extend a PCR behind IMA's back (test helper)
 *
 *   cordon-pcr-extend PCR [TCTI]
 *
 * Extends PCR in the SHA-256 and SHA-1 banks with a fixed digest through
 * tss2-esys, so that IMA's measurement list no longer replays to the PCR.
 * Used by the guest attestation tests; never installed outside the guest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_tctildr.h>

int main(int argc, char *argv[])
{
	const char *tcti_conf = argc > 2 ? argv[2] : "device:/dev/tpmrm0";
	TSS2_TCTI_CONTEXT *tcti = NULL;
	ESYS_CONTEXT *esys = NULL;
	TPML_DIGEST_VALUES digests = { .count = 2 };
	TSS2_RC rc;
	int pcr;

	if (argc < 2 || (pcr = atoi(argv[1])) < 0 || pcr > 23) {
		fprintf(stderr, "usage: %s PCR [TCTI]\n", argv[0]);
		return 2;
	}
	digests.digests[0].hashAlg = TPM2_ALG_SHA256;
	memset(digests.digests[0].digest.sha256, 0x5a, TPM2_SHA256_DIGEST_SIZE);
	digests.digests[1].hashAlg = TPM2_ALG_SHA1;
	memset(digests.digests[1].digest.sha1, 0x5a, TPM2_SHA1_DIGEST_SIZE);

	rc = Tss2_TctiLdr_Initialize(tcti_conf, &tcti);
	if (rc == TSS2_RC_SUCCESS)
		rc = Esys_Initialize(&esys, tcti, NULL);
	if (rc == TSS2_RC_SUCCESS)
		rc = Esys_PCR_Extend(esys, ESYS_TR_PCR0 + pcr, ESYS_TR_PASSWORD,
				     ESYS_TR_NONE, ESYS_TR_NONE, &digests);
	if (esys)
		Esys_Finalize(&esys);
	if (tcti)
		Tss2_TctiLdr_Finalize(&tcti);
	if (rc != TSS2_RC_SUCCESS) {
		fprintf(stderr, "%s: PCR %d: TPM error 0x%x\n", argv[0], pcr, rc);
		return 1;
	}
	printf("extended PCR %d (sha256, sha1) behind IMA's back\n", pcr);
	return 0;
}
