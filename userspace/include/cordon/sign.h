/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - policy signatures (CMS) and X.509 certificates
 *
 * A policy is signed with a detached CMS (PKCS#7) SignedData in DER, made
 * the way the kernel's scripts/sign-file makes module signatures and
 *
 *	openssl cms -sign -binary -noattr -nosmimecap -nocerts -md sha256 \
 *		-outform DER
 *
 * does: SHA-256, no signed attributes, no certificates, and the signer
 * identified by the issuer and serial number of its certificate, which is
 * what the kernel's PKCS#7 parser (verify_pkcs7_signature()) accepts.
 *
 * Conventions (errors, err/errlen, no global state) are those of
 * <cordon/cordon.h>.
 */
#ifndef CORDON_SIGN_H
#define CORDON_SIGN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * cordon_sign_read_file - read a whole file into memory
 * @path: the file ("-" is not special)
 * @max: the largest size accepted, in bytes
 * @data: set to a malloc()ed buffer on success (free() it); never NULL,
 *	even for an empty file
 * @len: set to the file's size on success
 * @err: receives "@path: <reason>" on failure
 * @errlen: size of @err
 *
 * Return: 0; the negated errno of a failed open(2), fstat(2) or read(2);
 * -EFBIG if the file is larger than @max; -EISDIR for a directory;
 * -ENOMEM.
 */
int cordon_sign_read_file(const char *path, size_t max, unsigned char **data,
			  size_t *len, char *err, size_t errlen);

/*
 * cordon_sign_write_file - replace a file's contents
 * @path: the file; written through a temporary file in the same directory
 *	that is renamed over it, so that readers see the old or the new
 *	contents, never a part; created with mode 0644 (before the umask)
 * @data: what to write
 * @len: its length in bytes
 * @err: receives "@path: <reason>" on failure
 * @errlen: size of @err
 *
 * Return: 0 or a negated errno.
 */
int cordon_sign_write_file(const char *path, const void *data, size_t len,
			   char *err, size_t errlen);

/*
 * cordon_cert_read_der - read an X.509 certificate, PEM or DER
 * @path: the file; PEM ("-----BEGIN CERTIFICATE-----", the first one if
 *	there are several) or DER
 * @der: set to a malloc()ed buffer holding the certificate in DER (free()
 *	it), as add_key("asymmetric", ...) takes it
 * @len: set to its length
 * @err: receives "@path: <reason>" on failure
 * @errlen: size of @err
 *
 * Return: 0; -EBADMSG if the file holds no certificate; an error of
 * cordon_sign_read_file(); -ENOMEM.
 */
int cordon_cert_read_der(const char *path, unsigned char **der, size_t *len,
			 char *err, size_t errlen);

/*
 * cordon_sign_buf - make a detached signature of a buffer
 * @data: the bytes to sign (a policy blob)
 * @len: their length
 * @key_path: the signer's private key: PEM (any PEM private key form:
 *	PKCS#8, traditional RSA or EC) or DER; an encrypted PEM key makes
 *	OpenSSL ask for its pass phrase on the terminal
 * @cert_path: the signer's certificate, PEM or DER; it must match the key
 * @sig: set to a malloc()ed buffer holding the signature, DER (free() it)
 * @siglen: set to its length
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Return: 0; -EBADMSG if the key or the certificate cannot be parsed;
 * -EKEYREJECTED if the key does not match the certificate; -EPROTO if
 * OpenSSL failed to sign; an error of cordon_sign_read_file(); -ENOMEM.
 */
int cordon_sign_buf(const void *data, size_t len, const char *key_path,
		    const char *cert_path, unsigned char **sig, size_t *siglen,
		    char *err, size_t errlen);

struct evp_pkey_st;

/*
 * cordon_sign_buf_key - cordon_sign_buf() with a private key in hand
 * @key: an OpenSSL EVP_PKEY (e.g. a key unsealed from the TPM), not
 *	freed; the other arguments as cordon_sign_buf()
 *
 * Return: as cordon_sign_buf().
 */
int cordon_sign_buf_key(const void *data, size_t len, struct evp_pkey_st *key,
			const char *cert_path, unsigned char **sig,
			size_t *siglen, char *err, size_t errlen);

/*
 * cordon_sign_verify - check a detached signature such as
 * cordon_sign_buf() makes
 * @data: the signed bytes
 * @len: their length
 * @sig: the signature, a CMS (PKCS#7) SignedData in DER, without the
 *	content
 * @siglen: its length
 * @cert_path: the signer's certificate, PEM or DER (a PEM file may hold
 *	several: the signer must be one of them); may be NULL when @ca_path
 *	is given and the signature carries its signer's certificate
 * @ca_path: trust anchors, PEM (one or more CA certificates): the signer's
 *	certificate must chain to one of them (any key usage); NULL to trust
 *	the certificates of @cert_path as they are
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Without @ca_path the signer must be one of the certificates of
 * @cert_path, whatever certificates the signature carries.  With it, the
 * certificates of @cert_path and those the signature carries are
 * candidates, and the one that signed must chain to @ca_path (dates
 * checked).  Every signer of the SignedData must verify.
 *
 * Return: 0; -EBADMSG if @sig is not a DER SignedData; -EKEYREJECTED if it
 * does not verify (content changed, another signer, no chain to the CA);
 * -EINVAL (no certificate given); an error of cordon_sign_read_file() or
 * cordon_cert_read_der() for the certificate files; -EFBIG; -ENOMEM.
 */
int cordon_sign_verify(const void *data, size_t len, const void *sig,
		       size_t siglen, const char *cert_path,
		       const char *ca_path, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_SIGN_H */
