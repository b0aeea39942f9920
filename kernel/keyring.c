// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - the .cordon keyring and policy signature verification
 *
 * A policy is accepted only with a detached PKCS#7 signature made by a key
 * whose certificate is in the ".cordon" keyring.  The keyring is created at
 * boot and holds:
 *
 *  - the certificates embedded at build time from
 *    CONFIG_SECURITY_CORDON_TRUSTED_KEYS (added bypassing the restriction,
 *    like the certificates of CONFIG_SYSTEM_TRUSTED_KEYS in the builtin
 *    trusted keyring);
 *  - certificates added later by root (add_key("asymmetric", ...) or
 *    keyctl padd), which the keyring accepts only when they are signed by a
 *    key in the builtin or secondary trusted keyring.
 *
 * Signatures are checked against .cordon only: a key in the builtin or
 * secondary trusted keyring vouches for certificates added to .cordon but
 * cannot sign a policy itself.  A module or kexec signing key is therefore
 * not a policy signing key unless its certificate is added to .cordon.
 *
 * Copyright (C) 2026 The cordon authors
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/assoc_array.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/key.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/verification.h>
#include <crypto/hash_info.h>
#include <crypto/pkcs7.h>
#include <crypto/sha2.h>
#include <keys/asymmetric-type.h>
#include <keys/system_keyring.h>

#include "cordon.h"
#include "keyring.h"

static struct key *cordon_keyring __ro_after_init;

/*
 * The DER value of the messageDigest attribute's OID (1.2.840.113549.1.9.4).
 * The kernel's PKCS#7 parser refuses signed attributes without it
 * (pkcs7_sig_note_set_of_authattrs()), so a signature in which these bytes
 * do not occur has no signed attributes.
 */
static const u8 cordon_oid_message_digest[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04,
};

static bool cordon_sig_may_have_attrs(const u8 *sig, size_t len)
{
	const u8 *oid = cordon_oid_message_digest;
	size_t i, n = sizeof(cordon_oid_message_digest);

	for (i = 0; i + n <= len; i++)
		if (sig[i] == oid[0] && !memcmp(sig + i, oid, n))
			return true;
	return false;
}

/*
 * Parse @s's signature and have the PKCS#7 code digest the blob: the digest
 * it will check the signature against is then the blob's SHA-256 when the
 * signer used SHA-256 and signed no attributes (with signed attributes it
 * is their digest).  On success the parsed message is kept for
 * cordon_signed_verify(), which does not hash the blob again.  Tried once:
 * the answer is remembered.
 */
static bool cordon_signed_parse(struct cordon_signed *s)
{
	enum hash_algo algo = HASH_ALGO__LAST;
	struct pkcs7_message *p7;
	const u8 *digest;
	u32 len;

	if (s->tried)
		return !!s->p7;
	s->tried = true;
	if (!s->sig || cordon_sig_may_have_attrs(s->sig, s->siglen))
		return false;
	p7 = pkcs7_parse_message(s->sig, s->siglen);
	if (IS_ERR(p7))
		return false;
	if (pkcs7_supply_detached_data(p7, s->data, s->len) ||
	    pkcs7_get_digest(p7, &digest, &len, &algo) ||
	    algo != HASH_ALGO_SHA256 || len != sizeof(s->digest)) {
		pkcs7_free_message(p7);
		return false;
	}
	memcpy(s->digest, digest, sizeof(s->digest));
	s->have_digest = true;
	s->p7 = p7;
	return true;
}

/**
 * cordon_signed_digest - the SHA-256 of a signed blob, computed once
 * @s: the blob and its signature
 *
 * The digest the signature check computes is taken when it is the blob's
 * SHA-256 (see cordon_signed_parse()); otherwise (another digest
 * algorithm, signed attributes, a signature that does not parse, no
 * signature) the blob is hashed here, once per load.
 *
 * Context: process context; may sleep.
 * Return: the digest, SHA256_DIGEST_SIZE bytes in @s.
 */
const u8 *cordon_signed_digest(struct cordon_signed *s)
{
	if (!s->have_digest && !cordon_signed_parse(s)) {
		sha256(s->data, s->len, s->digest);
		s->have_digest = true;
	}
	return s->digest;
}

/**
 * cordon_signed_verify - verify a policy's detached PKCS#7 signature
 * @s: the signed data (the policy blob) and its signature: the detached
 *	PKCS#7 (CMS) signature, DER, as made by scripts/sign-file or
 *	``openssl cms -sign -binary -noattr -nocerts -md sha256 -outform
 *	DER``; included certificates are ignored for trust, and signed
 *	attributes are accepted if they hold no S/MIME capabilities
 *	(``-nosmimecap``)
 *
 * The signer must be a certificate in the .cordon keyring; the builtin and
 * secondary trusted keys are not consulted directly (they only vouch for
 * certificates added to .cordon).  The checks are verify_pkcs7_signature()'s,
 * on the message cordon_signed_digest() parsed when it did: the blob is
 * hashed once for both.
 *
 * Context: process context; may sleep.
 * Return: 0 if the signature is a valid signature of the data by a key in
 * .cordon, or a negative errno from verify_pkcs7_signature():
 * -EBADMSG if the signature is not a well-formed PKCS#7 message (garbage,
 * truncated, ASN.1 damage) or carries content of its own;
 * -EMSGSIZE if it is longer than 65535 bytes (the kernel's ASN.1 decoder
 * limit);
 * -EINVAL if it is PKCS#7 of an unsupported type or version, or the data
 * or the signature is NULL;
 * -ENOPKG if the digest or public key algorithm is not supported;
 * -ENOKEY if no key in .cordon matches the signer (untrusted key), or the
 * .cordon keyring does not exist (cordon disabled, or creating it failed);
 * -EKEYREJECTED if the signature does not match the data (tampered data
 * or signature value), the signer is blacklisted, the content type is not
 * data, or a signed attribute is not allowed (S/MIME capabilities);
 * -ENOMEM on allocation failure.
 */
int cordon_signed_verify(struct cordon_signed *s)
{
	/*
	 * verify_pkcs7_signature() falls back to the builtin trusted keys
	 * for a NULL keyring and to the content inside the message for NULL
	 * data: neither must happen here
	 */
	if (!cordon_keyring)
		return -ENOKEY;
	if (!s->data || !s->sig)
		return -EINVAL;

	/* the data was supplied to the parsed message already */
	if (cordon_signed_parse(s))
		return verify_pkcs7_message_sig(NULL, 0, s->p7, cordon_keyring,
						VERIFYING_UNSPECIFIED_SIGNATURE,
						NULL, NULL);
	return verify_pkcs7_signature(s->data, s->len, s->sig, s->siglen,
				      cordon_keyring,
				      VERIFYING_UNSPECIFIED_SIGNATURE,
				      NULL, NULL);
}

/**
 * cordon_signed_release - free what checking a signed blob kept
 * @s: the blob and its signature
 */
void cordon_signed_release(struct cordon_signed *s)
{
	if (s->p7)
		pkcs7_free_message(s->p7);
	s->p7 = NULL;
}

/* mark one key of the keyring to be kept (only certificates are in it) */
static int cordon_keep_key(const void *object, void *data)
{
	struct key *key = (struct key *)object;

	set_bit(KEY_FLAG_KEEP, &key->flags);
	return 0;
}

/*
 * The embedded certificates are the roots of trust of policy loading and of
 * the load gate: like the builtin trusted keys, root may not unlink, revoke
 * or invalidate them (the keyring is KEY_FLAG_KEEP, and so is each of them:
 * unlinking needs both).  Keys added later by root stay removable.
 */
static void __init cordon_keep_builtin(struct key *keyring)
{
	down_read(&keyring->sem);
	assoc_array_iterate(&keyring->keys, cordon_keep_key, NULL);
	up_read(&keyring->sem);
}

/**
 * cordon_keyring_create - make one of cordon's keyrings
 * @name: its description (".cordon", ".cordon_verifier")
 * @certs: DER certificates to load into it (concatenated), built in
 * @size: their total size, 0 for none
 *
 * The keyring accepts at run time only certificates signed by a key of
 * the builtin or secondary trusted keyrings; root may view, read, search
 * and add to it; nobody may change its attributes, and KEY_ALLOC_SET_KEEP
 * stops it from being cleared, revoked or invalidated.  The built-in
 * certificates are kept too (see cordon_keep_builtin()).
 *
 * Context: boot, process context.
 * Return: the keyring, or an ERR_PTR().
 */
struct key *__init cordon_keyring_create(const char *name, const u8 *certs,
					 unsigned long size)
{
	struct key_restriction *restriction;
	struct key *keyring;
	key_perm_t perm;

	restriction = kzalloc(sizeof(*restriction), GFP_KERNEL);
	if (!restriction)
		return ERR_PTR(-ENOMEM);
	restriction->check = restrict_link_by_builtin_and_secondary_trusted;

	perm = (KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_VIEW |
	       KEY_USR_READ | KEY_USR_WRITE | KEY_USR_SEARCH;
	keyring = keyring_alloc(name, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
				current_cred(), perm,
				KEY_ALLOC_NOT_IN_QUOTA | KEY_ALLOC_SET_KEEP,
				restriction, NULL);
	if (IS_ERR(keyring)) {
		kfree(restriction);
		return keyring;
	}
	if (size) {
		pr_notice("loading the embedded certificates into %s\n", name);
		x509_load_certificate_list(certs, size, keyring);
		cordon_keep_builtin(keyring);
	}
	return keyring;
}

/*
 * Create .cordon and load the embedded certificates.  This runs as a late
 * initcall: the asymmetric key type and the X.509 parser register as device
 * initcalls of crypto/, which links after security/.
 */
static int __init cordon_keyring_init(void)
{
	struct key *keyring;

	if (!cordon_initialized)
		return 0;
	keyring = cordon_keyring_create(CORDON_KEYRING_NAME,
					cordon_trusted_certs,
					cordon_trusted_certs_size);
	if (IS_ERR(keyring)) {
		pr_err("cannot create the %s keyring: %ld; no policy can be loaded\n",
		       CORDON_KEYRING_NAME, PTR_ERR(keyring));
		return PTR_ERR(keyring);
	}
	cordon_keyring = keyring;
	return 0;
}
late_initcall(cordon_keyring_init);
