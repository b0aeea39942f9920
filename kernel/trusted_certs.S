/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - certificates trusted to sign policies, embedded at build time
 *
 * trusted_certs.der is CONFIG_SECURITY_CORDON_TRUSTED_KEYS in DER form
 * (see the Makefile); it is empty when the option is.  Like
 * certs/system_certificates.S, the data is init data: keyring.c loads it
 * into the .cordon keyring at boot.
 *
 * Copyright (C) 2026 The cordon authors
 */
#include <linux/init.h>

	__INITRODATA

	.align 8
	.globl cordon_trusted_certs
cordon_trusted_certs:
__cordon_trusted_certs_start:
	.incbin "security/cordon/trusted_certs.der"
__cordon_trusted_certs_end:

	.align 8
	.globl cordon_trusted_certs_size
cordon_trusted_certs_size:
#ifdef CONFIG_64BIT
	.quad __cordon_trusted_certs_end - __cordon_trusted_certs_start
#else
	.long __cordon_trusted_certs_end - __cordon_trusted_certs_start
#endif
