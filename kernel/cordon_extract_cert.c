// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - host program converting CONFIG_SECURITY_CORDON_TRUSTED_KEYS
 * (PEM certificates, or a PKCS#11 URI) to the DER list embedded by
 * trusted_certs.S
 *
 * This is the kernel's own certs/extract-cert, compiled a second time
 * here: certs/ is built in parallel with security/ and its host program
 * cannot be a prerequisite of a file in this directory.
 *
 * usage: cordon_extract_cert SOURCE DEST (an empty SOURCE makes DEST empty)
 */
#include "../../certs/extract-cert.c"
