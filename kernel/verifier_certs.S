/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - certificates trusted to sign load tickets, embedded at build time
 *
 * verifier_certs.der is CONFIG_SECURITY_CORDON_VERIFIER_KEYS in DER form
 * (see the Makefile); it is empty when the option is.  Like
 * certs/system_certificates.S, the data is init data: attest.c loads it
 * into the .cordon_verifier keyring at boot.
 *
 * Copyright (C) 2026 The cordon authors
 */
#include <linux/init.h>

	__INITRODATA

	.align 8
	.globl cordon_verifier_certs
cordon_verifier_certs:
__cordon_verifier_certs_start:
	.incbin "security/cordon/verifier_certs.der"
__cordon_verifier_certs_end:

	.align 8
	.globl cordon_verifier_certs_size
cordon_verifier_certs_size:
#ifdef CONFIG_64BIT
	.quad __cordon_verifier_certs_end - __cordon_verifier_certs_start
#else
	.long __cordon_verifier_certs_end - __cordon_verifier_certs_start
#endif
