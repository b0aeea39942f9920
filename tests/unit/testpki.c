// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: a scratch PKI for signature tests (see testpki.h).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "testpki.h"

static X509 *testpki_cert(EVP_PKEY *key, const char *cn, long serial,
			  X509 *issuer, EVP_PKEY *issuer_key, bool ca)
{
	X509 *x = X509_new();
	X509_EXTENSION *ext = NULL;
	X509V3_CTX ctx;
	X509_NAME *name;

	if (!x)
		return NULL;
	name = X509_get_subject_name(x);
	if (!X509_set_version(x, 2) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), serial) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)cn, -1, -1, 0) ||
	    !X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) :
					      name) ||
	    !X509_set_pubkey(x, key))
		goto fail;
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints,
				  ca ? "critical,CA:TRUE" : "CA:FALSE");
	if (!ext || !X509_add_ext(x, ext, -1))
		goto fail;
	X509_EXTENSION_free(ext);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_key_usage,
				  ca ? "keyCertSign,cRLSign" :
				       "digitalSignature");
	if (!ext || !X509_add_ext(x, ext, -1))
		goto fail;
	X509_EXTENSION_free(ext);
	ext = NULL;
	if (!X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()))
		goto fail;
	return x;
fail:
	X509_EXTENSION_free(ext);
	X509_free(x);
	return NULL;
}

static bool testpki_write_key(const char *path, EVP_PKEY *key)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1;
	return fclose(f) == 0 && ok;
}

static bool testpki_write_cert(const char *path, X509 *x)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f || !x) {
		if (f)
			fclose(f);
		return false;
	}
	ok = PEM_write_X509(f, x) == 1;
	return fclose(f) == 0 && ok;
}

bool testpki_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

const char *testpki_path(const struct testpki *p, const char *name)
{
	static char ring[8][400];
	static unsigned int k;
	char *b = ring[k++ % 8];

	snprintf(b, sizeof(ring[0]), "%s/%s", p->dir, name);
	return b;
}

bool testpki_init(struct testpki *p)
{
	const char *tmp = getenv("TMPDIR");
	EVP_PKEY *cak = NULL, *sk = NULL, *ok_ = NULL, *oca = NULL;
	X509 *ca = NULL, *signer = NULL, *self = NULL, *other = NULL;
	X509 *otherca = NULL;
	bool ok = false;

	memset(p, 0, sizeof(*p));
	if (!tmp || !*tmp || strlen(tmp) > 32)
		tmp = "/tmp";
	snprintf(p->dir, sizeof(p->dir), "%s/cordon-pki-XXXXXX", tmp);
	if (!mkdtemp(p->dir))
		return false;
	snprintf(p->ca, sizeof(p->ca), "%s/ca.pem", p->dir);
	snprintf(p->signer, sizeof(p->signer), "%s/signer.pem", p->dir);
	snprintf(p->signer_key, sizeof(p->signer_key), "%s/signer.key",
		 p->dir);
	snprintf(p->self, sizeof(p->self), "%s/self.pem", p->dir);
	snprintf(p->other, sizeof(p->other), "%s/other.pem", p->dir);
	snprintf(p->other_key, sizeof(p->other_key), "%s/other.key", p->dir);
	snprintf(p->otherca, sizeof(p->otherca), "%s/otherca.pem", p->dir);
	cak = EVP_EC_gen("P-256");
	sk = EVP_EC_gen("P-256");
	ok_ = EVP_EC_gen("P-256");
	oca = EVP_EC_gen("P-256");
	if (!cak || !sk || !ok_ || !oca)
		goto out;
	ca = testpki_cert(cak, "cordon test CA", 1, NULL, NULL, true);
	signer = ca ? testpki_cert(sk, "cordon manifest signer", 2, ca, cak,
				   false) : NULL;
	self = testpki_cert(sk, "cordon self-signed", 3, NULL, NULL, false);
	other = testpki_cert(ok_, "cordon other signer", 4, NULL, NULL, false);
	otherca = testpki_cert(oca, "cordon test CA", 5, NULL, NULL, true);
	ok = testpki_write_cert(p->ca, ca) &&
	     testpki_write_cert(p->signer, signer) &&
	     testpki_write_cert(p->self, self) &&
	     testpki_write_cert(p->other, other) &&
	     testpki_write_cert(p->otherca, otherca) &&
	     testpki_write_key(p->signer_key, sk) &&
	     testpki_write_key(p->other_key, ok_);
out:
	if (!ok)
		ERR_print_errors_fp(stderr);
	ERR_clear_error();
	X509_free(ca);
	X509_free(signer);
	X509_free(self);
	X509_free(other);
	X509_free(otherca);
	EVP_PKEY_free(cak);
	EVP_PKEY_free(sk);
	EVP_PKEY_free(ok_);
	EVP_PKEY_free(oca);
	return ok;
}

void testpki_done(struct testpki *p)
{
	DIR *d = opendir(p->dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlink(testpki_path(p, e->d_name));
	}
	if (d)
		closedir(d);
	rmdir(p->dir);
}
