// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - policy signatures (CMS) and X.509 certificates
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cordon/cordon.h>
#include <cordon/sign.h>

#include "internal.h"

/*
 * Write "what: reason" into err, the reason being the oldest error in
 * OpenSSL's (thread-local) error queue, which is then emptied.
 */
static void ssl_seterr(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_peek_error();
	const char *reason = e ? ERR_reason_error_string(e) : NULL;

	if (reason)
		cordon__seterr(err, errlen, "%s: %s", what, reason);
	else if (e)
		cordon__seterr(err, errlen, "%s: OpenSSL error %#lx", what, e);
	else
		cordon__seterr(err, errlen, "%s", what);
	ERR_clear_error();
}

int cordon_sign_read_file(const char *path, size_t max, unsigned char **data,
			  size_t *len, char *err, size_t errlen)
{
	if (!path || !data || !len) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	return cordon_read_file(path, max, (char **)data, len, err, errlen);
}

int cordon_sign_write_file(const char *path, const void *data, size_t len,
			   char *err, size_t errlen)
{
	const unsigned char *p = data;
	size_t plen, done = 0;
	char *tmp;
	int fd, e;

	if (!path || (!data && len)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	plen = strlen(path);
	tmp = malloc(plen + sizeof(".XXXXXX"));
	if (!tmp) {
		cordon__seterr(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		cordon__seterr(err, errlen, "%s: %s", path, strerror(e));
		free(tmp);
		return -e;
	}
	if (fchmod(fd, 0644) < 0)
		goto fail;
	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	cordon__clearerr(err, errlen);
	return 0;
fail:
	e = errno;
	cordon__seterr(err, errlen, "%s: %s", path, strerror(e));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -e;
}

/* Parse a certificate held in memory: PEM first, then DER. */
static X509 *cert_parse(const unsigned char *buf, size_t len)
{
	const unsigned char *p = buf;
	X509 *cert = NULL;
	BIO *bio;

	if (len > INT_MAX)
		return NULL;
	bio = BIO_new_mem_buf(buf, (int)len);
	if (bio) {
		cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	if (cert)
		return cert;
	ERR_clear_error();
	cert = d2i_X509(NULL, &p, (long)len);
	/* a DER certificate is the whole file */
	if (cert && p != buf + len) {
		X509_free(cert);
		cert = NULL;
	}
	return cert;
}

/* Certificates and keys: a few KiB; this leaves room for long chains. */
#define PEM_FILE_MAX (1024 * 1024)

static int cert_load(const char *path, X509 **cert, char *err, size_t errlen)
{
	unsigned char *buf;
	size_t len;
	int rc;

	rc = cordon_sign_read_file(path, PEM_FILE_MAX, &buf, &len, err,
				   errlen);
	if (rc < 0)
		return rc;
	*cert = cert_parse(buf, len);
	free(buf);
	if (!*cert) {
		ERR_clear_error();
		cordon__seterr(err, errlen,
			       "%s: not an X.509 certificate (PEM or DER)",
			       path);
		return -EBADMSG;
	}
	return 0;
}

int cordon_cert_read_der(const char *path, unsigned char **der, size_t *len,
			 char *err, size_t errlen)
{
	unsigned char *buf, *p;
	X509 *cert;
	int rc, n;

	if (!path || !der || !len) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	rc = cert_load(path, &cert, err, errlen);
	if (rc < 0)
		return rc;
	n = i2d_X509(cert, NULL);
	if (n <= 0) {
		ssl_seterr(err, errlen, path);
		X509_free(cert);
		return -EBADMSG;
	}
	buf = malloc((size_t)n);
	if (!buf) {
		X509_free(cert);
		cordon__seterr(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	p = buf;
	if (i2d_X509(cert, &p) != n) {
		ssl_seterr(err, errlen, path);
		X509_free(cert);
		free(buf);
		return -EBADMSG;
	}
	X509_free(cert);
	*der = buf;
	*len = (size_t)n;
	cordon__clearerr(err, errlen);
	return 0;
}

static int key_load(const char *path, EVP_PKEY **key, char *err,
		    size_t errlen)
{
	const unsigned char *p;
	unsigned char *buf;
	BIO *bio = NULL;
	size_t len;
	int rc;

	rc = cordon_sign_read_file(path, PEM_FILE_MAX, &buf, &len, err,
				   errlen);
	if (rc < 0)
		return rc;
	*key = NULL;
	if (len <= INT_MAX)
		bio = BIO_new_mem_buf(buf, (int)len);
	if (bio) {
		*key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	if (!*key && len <= LONG_MAX) {
		ERR_clear_error();
		p = buf;
		*key = d2i_AutoPrivateKey(NULL, &p, (long)len);
	}
	OPENSSL_cleanse(buf, len);
	free(buf);
	if (!*key) {
		ERR_clear_error();
		cordon__seterr(err, errlen,
			       "%s: not a private key (PEM or DER), or a wrong pass phrase",
			       path);
		return -EBADMSG;
	}
	return 0;
}

/* The signature with a key in hand; @key_name for messages. */
static int sign_with(const void *data, size_t len, EVP_PKEY *key,
		     const char *key_name, const char *cert_path,
		     unsigned char **sig, size_t *siglen, char *err,
		     size_t errlen)
{
	const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOCERTS;
	CMS_ContentInfo *cms = NULL;
	unsigned char *out = NULL, *p;
	X509 *cert = NULL;
	BIO *in = NULL;
	int rc, n;

	if (len > INT_MAX) {
		cordon__seterr(err, errlen, "input larger than %d bytes",
			       INT_MAX);
		return -EFBIG;
	}
	rc = cert_load(cert_path, &cert, err, errlen);
	if (rc < 0)
		return rc;
	if (X509_check_private_key(cert, key) != 1) {
		ERR_clear_error();
		cordon__seterr(err, errlen,
			       "%s: the key does not match the certificate %s",
			       key_name, cert_path);
		rc = -EKEYREJECTED;
		goto out;
	}

	/*
	 * As scripts/sign-file does: a partial SignedData, one signer with
	 * no signed attributes, no S/MIME capabilities and no certificate,
	 * identified by issuer and serial number (no CMS_USE_KEYID), then
	 * the digest of the content, which is not included (detached).
	 */
	rc = -EPROTO;
	in = BIO_new_mem_buf(len ? data : "", (int)len);
	if (!in) {
		ssl_seterr(err, errlen, "BIO_new_mem_buf");
		goto out;
	}
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags | CMS_PARTIAL);
	if (!cms) {
		ssl_seterr(err, errlen, "CMS_sign");
		goto out;
	}
	if (!CMS_add1_signer(cms, cert, key, EVP_sha256(),
			     flags | CMS_NOSMIMECAP | CMS_NOATTR)) {
		ssl_seterr(err, errlen, "CMS_add1_signer");
		goto out;
	}
	if (CMS_final(cms, in, NULL, flags) != 1) {
		ssl_seterr(err, errlen, "CMS_final");
		goto out;
	}
	n = i2d_CMS_ContentInfo(cms, NULL);
	if (n <= 0) {
		ssl_seterr(err, errlen, "i2d_CMS_ContentInfo");
		goto out;
	}
	out = malloc((size_t)n);
	if (!out) {
		cordon__seterr(err, errlen, "%s", strerror(ENOMEM));
		rc = -ENOMEM;
		goto out;
	}
	p = out;
	if (i2d_CMS_ContentInfo(cms, &p) != n) {
		ssl_seterr(err, errlen, "i2d_CMS_ContentInfo");
		free(out);
		goto out;
	}
	*sig = out;
	*siglen = (size_t)n;
	cordon__clearerr(err, errlen);
	rc = 0;
out:
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	X509_free(cert);
	return rc;
}

int cordon_sign_buf(const void *data, size_t len, const char *key_path,
		    const char *cert_path, unsigned char **sig, size_t *siglen,
		    char *err, size_t errlen)
{
	EVP_PKEY *key = NULL;
	int rc;

	if ((!data && len) || !key_path || !cert_path || !sig || !siglen) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	rc = key_load(key_path, &key, err, errlen);
	if (rc < 0)
		return rc;
	rc = sign_with(data, len, key, key_path, cert_path, sig, siglen, err,
		       errlen);
	EVP_PKEY_free(key);
	return rc;
}

int cordon_sign_buf_key(const void *data, size_t len, struct evp_pkey_st *key,
			const char *cert_path, unsigned char **sig,
			size_t *siglen, char *err, size_t errlen)
{
	if ((!data && len) || !key || !cert_path || !sig || !siglen) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	return sign_with(data, len, key, "the key", cert_path, sig, siglen,
			 err, errlen);
}

/* Every certificate of a PEM file (or the one of a DER file). */
static int certs_load(const char *path, STACK_OF(X509) **out, char *err,
		      size_t errlen)
{
	STACK_OF(X509) *sk;
	unsigned char *buf;
	X509 *cert;
	size_t len;
	BIO *bio;
	int rc;

	rc = cordon_sign_read_file(path, PEM_FILE_MAX, &buf, &len, err,
				   errlen);
	if (rc < 0)
		return rc;
	sk = sk_X509_new_null();
	bio = len <= INT_MAX ? BIO_new_mem_buf(buf, (int)len) : NULL;
	if (!sk || !bio) {
		free(buf);
		BIO_free(bio);
		sk_X509_free(sk);
		cordon__seterr(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	while ((cert = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		if (!sk_X509_push(sk, cert)) {
			X509_free(cert);
			break;
		}
	}
	ERR_clear_error();
	BIO_free(bio);
	if (sk_X509_num(sk) == 0) {
		cert = cert_parse(buf, len);
		if (cert && !sk_X509_push(sk, cert))
			X509_free(cert);
	}
	free(buf);
	if (sk_X509_num(sk) == 0) {
		sk_X509_free(sk);
		ERR_clear_error();
		cordon__seterr(err, errlen,
			       "%s: no X.509 certificate (PEM or DER)", path);
		return -EBADMSG;
	}
	*out = sk;
	return 0;
}

int cordon_sign_verify(const void *data, size_t len, const void *sig,
		       size_t siglen, const char *cert_path,
		       const char *ca_path, char *err, size_t errlen)
{
	unsigned int flags = CMS_DETACHED | CMS_BINARY;
	const unsigned char *p = sig;
	STACK_OF(X509) *certs = NULL, *cas = NULL;
	CMS_ContentInfo *cms = NULL;
	X509_STORE *store = NULL;
	BIO *in = NULL;
	int rc;

	if ((!data && len) || !sig || (!cert_path && !ca_path)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	if (len > INT_MAX || siglen > LONG_MAX) {
		cordon__seterr(err, errlen, "input larger than %d bytes",
			       INT_MAX);
		return -EFBIG;
	}
	if (cert_path) {
		rc = certs_load(cert_path, &certs, err, errlen);
		if (rc < 0)
			return rc;
	}
	if (ca_path) {
		rc = certs_load(ca_path, &cas, err, errlen);
		if (rc < 0)
			goto out;
	}
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)siglen);
	if (!cms || p != (const unsigned char *)sig + siglen ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		ERR_clear_error();
		cordon__seterr(err, errlen,
			       "the signature is not a CMS (PKCS#7) SignedData in DER");
		rc = -EBADMSG;
		goto out;
	}
	rc = -ENOMEM;
	if (cas) {
		store = X509_STORE_new();
		if (!store)
			goto nomem;
		for (int i = 0; i < sk_X509_num(cas); i++)
			if (!X509_STORE_add_cert(store, sk_X509_value(cas, i)))
				goto nomem;
		/* code and module signing certificates are not S/MIME ones */
		X509_STORE_set_purpose(store, X509_PURPOSE_ANY);
	} else {
		/* the configured certificate is the trust: nothing else */
		flags |= CMS_NO_SIGNER_CERT_VERIFY | CMS_NOINTERN;
	}
	in = BIO_new_mem_buf(len ? data : "", (int)len);
	if (!in)
		goto nomem;
	if (CMS_verify(cms, certs, store, in, NULL, flags) != 1) {
		ssl_seterr(err, errlen,
			   ca_path ? "the signature does not verify with a certificate chaining to the CA" :
				     "the signature does not verify with the certificate");
		rc = -EKEYREJECTED;
		goto out;
	}
	cordon__clearerr(err, errlen);
	rc = 0;
	goto out;
nomem:
	ERR_clear_error();
	cordon__seterr(err, errlen, "%s", strerror(ENOMEM));
out:
	BIO_free(in);
	X509_STORE_free(store);
	CMS_ContentInfo_free(cms);
	sk_X509_pop_free(certs, X509_free);
	sk_X509_pop_free(cas, X509_free);
	return rc;
}
