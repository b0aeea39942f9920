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
#include <linux/uidgid.h>
#include <linux/verification.h>
#include <keys/asymmetric-type.h>
#include <keys/system_keyring.h>

#include "cordon.h"
#include "keyring.h"

static struct key *cordon_keyring __ro_after_init;

/**
 * cordon_verify_signature - verify a policy's detached PKCS#7 signature
 * @data: the signed data (the policy blob)
 * @len: length of @data
 * @sig: the detached PKCS#7 (CMS) signature, DER, as made by
 *       scripts/sign-file or ``openssl cms -sign -binary -noattr -nocerts
 *       -md sha256 -outform DER``; included certificates are ignored for
 *       trust, and signed attributes are accepted if they hold no S/MIME
 *       capabilities (``-nosmimecap``)
 * @siglen: length of @sig
 *
 * The signer must be a certificate in the .cordon keyring; the builtin and
 * secondary trusted keys are not consulted directly (they only vouch for
 * certificates added to .cordon).
 *
 * Context: process context; may sleep.
 * Return: 0 if @sig is a valid signature of @data by a key in .cordon, or
 * a negative errno from verify_pkcs7_signature():
 * -EBADMSG if @sig is not a well-formed PKCS#7 message (garbage, truncated,
 * ASN.1 damage) or carries content of its own;
 * -EMSGSIZE if @sig is longer than 65535 bytes (the kernel's ASN.1 decoder
 * limit);
 * -EINVAL if @sig is PKCS#7 of an unsupported type or version, or @data or
 * @sig is NULL;
 * -ENOPKG if the digest or public key algorithm is not supported;
 * -ENOKEY if no key in .cordon matches the signer (untrusted key), or the
 * .cordon keyring does not exist (cordon disabled, or creating it failed);
 * -EKEYREJECTED if the signature does not match @data (tampered data or
 * signature value), the signer is blacklisted, the content type is not
 * data, or a signed attribute is not allowed (S/MIME capabilities);
 * -ENOMEM on allocation failure.
 */
int cordon_verify_signature(const void *data, size_t len,
			    const void *sig, size_t siglen)
{
	/*
	 * verify_pkcs7_signature() falls back to the builtin trusted keys
	 * for a NULL keyring and to the content inside the message for NULL
	 * data: neither must happen here
	 */
	if (!cordon_keyring)
		return -ENOKEY;
	if (!data || !sig)
		return -EINVAL;

	return verify_pkcs7_signature(data, len, sig, siglen, cordon_keyring,
				      VERIFYING_UNSPECIFIED_SIGNATURE,
				      NULL, NULL);
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
