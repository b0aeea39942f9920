/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - the .cordon keyring and policy signature verification
 *
 * Copyright (C) 2026 The cordon authors
 */

#ifndef _SECURITY_CORDON_KEYRING_H
#define _SECURITY_CORDON_KEYRING_H

#include <linux/init.h>
#include <linux/types.h>

/* the ".cordon" keyring's description, as listed in /proc/keys */
#define CORDON_KEYRING_NAME ".cordon"

/*
 * DER certificates embedded from CONFIG_SECURITY_CORDON_TRUSTED_KEYS by
 * trusted_certs.S; freed with the init data once they are in the keyring.
 */
extern __initconst const u8 cordon_trusted_certs[];
extern __initconst const unsigned long cordon_trusted_certs_size;

int cordon_verify_signature(const void *data, size_t len,
			    const void *sig, size_t siglen);

struct key;
struct key *__init cordon_keyring_create(const char *name, const u8 *certs,
					 unsigned long size);

#endif /* _SECURITY_CORDON_KEYRING_H */
