/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - the .cordon keyring and policy signature verification
 *
 * Copyright (C) 2026 The cordon authors
 */

#ifndef _SECURITY_CORDON_KEYRING_H
#define _SECURITY_CORDON_KEYRING_H

#include <crypto/sha2.h>
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

struct pkcs7_message;

/**
 * struct cordon_signed - a policy blob, its signature, its digest
 * @data: the blob
 * @len: its length
 * @sig: its detached PKCS#7 signature, NULL if none
 * @siglen: the signature's length
 * @p7: the signature, parsed with the blob as its data and digested, when
 *	that gave the blob's SHA-256 (see cordon_signed_digest())
 * @tried: parsing the signature for its digest was tried
 * @have_digest: @digest is set
 * @digest: the blob's SHA-256
 *
 * When the signer used SHA-256 and signed no attributes, the blob is
 * hashed once per load, for the load gate, the signature check, the
 * measurement and the audit record; otherwise the signature check hashes
 * it (or its signed attributes) and cordon_signed_digest() once more.  Set
 * the first four
 * fields, zero the others; cordon_signed_release() when done.
 */
struct cordon_signed {
	const void *data;
	size_t len;
	const void *sig;
	size_t siglen;
	struct pkcs7_message *p7;
	bool tried;
	bool have_digest;
	u8 digest[SHA256_DIGEST_SIZE];
};

const u8 *cordon_signed_digest(struct cordon_signed *s);
int cordon_signed_verify(struct cordon_signed *s);
void cordon_signed_release(struct cordon_signed *s);

struct key;
struct key *__init cordon_keyring_create(const char *name, const u8 *certs,
					 unsigned long size);

#endif /* _SECURITY_CORDON_KEYRING_H */
