// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: policy signatures (lib/sign.c).
 *
 * Each case makes a fresh RSA key and a self-signed certificate with the
 * OpenSSL API, writes them to a scratch directory, signs with libcordon and
 * checks the result with OpenSSL: it verifies (CMS_verify, the certificate
 * supplied since the signature carries none), a changed blob does not,
 * and the SignedData has the shape the kernel's PKCS#7 parser takes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cordon/cordon.h>
#include <cordon/sign.h>

#include "unit.h"

struct pki {
	char dir[64];
	char key[128];		/* PEM private key */
	char cert[128];		/* PEM certificate */
	char cert_der[128];	/* the same certificate, DER */
	char key2[128];		/* another key, not matching cert */
	X509 *x509;
};

static const char blob[] = "CPOL\x01\x00 a policy blob, with\r\n CR LF and \0 NUL";

static EVP_PKEY *make_key(void)
{
	return EVP_RSA_gen(2048);
}

static X509 *make_cert(EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *name;

	if (!x)
		return NULL;
	name = X509_get_subject_name(x);
	if (!X509_set_version(x, 2) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), 0x1234567) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365) ||
	    !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
					(const unsigned char *)"cordon", -1,
					-1, 0) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)"policy signing test",
					-1, -1, 0) ||
	    !X509_set_issuer_name(x, name) || !X509_set_pubkey(x, key) ||
	    !X509_sign(x, key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static bool write_key(const char *path, EVP_PKEY *key)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1;
	return fclose(f) == 0 && ok;
}

static bool write_cert(const char *path, X509 *x, bool der)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = der ? i2d_X509_fp(f, x) == 1 : PEM_write_X509(f, x) == 1;
	return fclose(f) == 0 && ok;
}

static bool write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

static bool pki_init(struct pki *p)
{
	const char *tmp = getenv("TMPDIR");
	EVP_PKEY *key = NULL, *key2 = NULL;
	bool ok = false;

	memset(p, 0, sizeof(*p));
	if (!tmp || !*tmp || strlen(tmp) > 32)
		tmp = "/tmp";
	snprintf(p->dir, sizeof(p->dir), "%s/cordon-sign-XXXXXX", tmp);
	if (!mkdtemp(p->dir)) {
		perror("mkdtemp");
		return false;
	}
	snprintf(p->key, sizeof(p->key), "%s/key.pem", p->dir);
	snprintf(p->cert, sizeof(p->cert), "%s/cert.pem", p->dir);
	snprintf(p->cert_der, sizeof(p->cert_der), "%s/cert.der", p->dir);
	snprintf(p->key2, sizeof(p->key2), "%s/key2.pem", p->dir);
	key = make_key();
	key2 = make_key();
	if (!key || !key2)
		goto out;
	p->x509 = make_cert(key);
	if (!p->x509)
		goto out;
	ok = write_key(p->key, key) && write_key(p->key2, key2) &&
	     write_cert(p->cert, p->x509, false) &&
	     write_cert(p->cert_der, p->x509, true);
out:
	EVP_PKEY_free(key);
	EVP_PKEY_free(key2);
	if (!ok)
		ERR_print_errors_fp(stderr);
	return ok;
}

static void pki_done(struct pki *p)
{
	static const char *const names[] = {
		"key.pem", "cert.pem", "cert.der", "key2.pem", "blob",
		"blob.p7s", "openssl.p7s", "garbage", "big", "out",
	};
	char path[160];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", p->dir, names[i]);
		unlink(path);
	}
	if (rmdir(p->dir) < 0)
		perror("rmdir");
	X509_free(p->x509);
}

/* CMS_verify() of a detached signature with the certificate supplied. */
static int verify(const unsigned char *sig, size_t siglen, const void *data,
		  size_t len, X509 *cert)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)siglen);
	STACK_OF(X509) *certs = sk_X509_new_null();
	BIO *in = BIO_new_mem_buf(data, (int)len);
	int ok = -1;

	if (cms && certs && in && sk_X509_push(certs, cert))
		ok = CMS_verify(cms, certs, NULL, in, NULL,
				CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY);
	ERR_clear_error();
	BIO_free(in);
	sk_X509_free(certs);
	CMS_ContentInfo_free(cms);
	return ok;
}

TEST(sign_verifies_with_the_certificate)
{
	unsigned char *sig = NULL;
	char err[CORDON_ERR_MAX];
	struct pki p;
	size_t siglen = 0;

	REQUIRE(pki_init(&p));
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), p.key, p.cert, &sig,
				 &siglen, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	if (sig) {
		CHECK_EQ(verify(sig, siglen, blob, sizeof(blob), p.x509), 1);
		/* without the certificate: the signature carries none */
		{
			const unsigned char *q = sig;
			CMS_ContentInfo *cms =
				d2i_CMS_ContentInfo(NULL, &q, (long)siglen);
			BIO *in = BIO_new_mem_buf(blob, sizeof(blob));

			CHECK(cms != NULL);
			CHECK(CMS_verify(cms, NULL, NULL, in, NULL,
					 CMS_BINARY |
						 CMS_NO_SIGNER_CERT_VERIFY) != 1);
			ERR_clear_error();
			BIO_free(in);
			CMS_ContentInfo_free(cms);
		}
	}
	free(sig);
	pki_done(&p);
}

TEST(sign_tampered_blob_fails)
{
	unsigned char *sig = NULL;
	char err[CORDON_ERR_MAX];
	char copy[sizeof(blob)];
	struct pki p;
	size_t siglen = 0;

	REQUIRE(pki_init(&p));
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), p.key, p.cert, &sig,
				 &siglen, err, sizeof(err)), 0);
	if (sig) {
		memcpy(copy, blob, sizeof(blob));
		copy[10] ^= 1;
		CHECK(verify(sig, siglen, copy, sizeof(copy), p.x509) != 1);
		/* one byte less */
		CHECK(verify(sig, siglen, blob, sizeof(blob) - 1, p.x509) != 1);
		/* a changed signature */
		sig[siglen - 5] ^= 0x40;
		CHECK(verify(sig, siglen, blob, sizeof(blob), p.x509) != 1);
	}
	free(sig);
	pki_done(&p);
}

TEST(sign_has_the_kernel_shape)
{
	const ASN1_OBJECT *ctype;
	X509_ALGOR *digalg = NULL, *sigalg = NULL;
	STACK_OF(CMS_SignerInfo) *sis;
	STACK_OF(X509) *certs;
	ASN1_OCTET_STRING *keyid = NULL;
	X509_NAME *issuer = NULL;
	ASN1_INTEGER *sno = NULL;
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	const unsigned char *q;
	unsigned char *sig = NULL;
	char err[CORDON_ERR_MAX];
	struct pki p;
	size_t siglen = 0;

	REQUIRE(pki_init(&p));
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), p.key, p.cert, &sig,
				 &siglen, err, sizeof(err)), 0);
	if (!sig) {
		pki_done(&p);
		return;
	}
	q = sig;
	cms = d2i_CMS_ContentInfo(NULL, &q, (long)siglen);
	CHECK(cms != NULL);
	if (cms) {
		CHECK(q == sig + siglen);	/* the DER is all of it */
		CHECK_EQ(OBJ_obj2nid(CMS_get0_type(cms)), NID_pkcs7_signed);
		CHECK_EQ(CMS_is_detached(cms), 1);
		ctype = CMS_get0_eContentType(cms);
		CHECK_EQ(OBJ_obj2nid(ctype), NID_pkcs7_data);
		certs = CMS_get1_certs(cms);
		CHECK(certs == NULL);		/* no certificates */
		sk_X509_pop_free(certs, X509_free);
		CHECK(CMS_get1_crls(cms) == NULL);
		sis = CMS_get0_SignerInfos(cms);
		CHECK_EQ(sk_CMS_SignerInfo_num(sis), 1);
		si = sk_CMS_SignerInfo_value(sis, 0);
		REQUIRE(si != NULL);
		/* no signed attributes (no content type, time, digest, caps) */
		CHECK(CMS_signed_get_attr_count(si) <= 0);
		CHECK(CMS_unsigned_get_attr_count(si) <= 0);
		/* issuer and serial number, not a subject key identifier */
		CHECK_EQ(CMS_SignerInfo_get0_signer_id(si, &keyid, &issuer,
						       &sno), 1);
		CHECK(keyid == NULL);
		CHECK(issuer != NULL && sno != NULL);
		if (issuer && sno) {
			CHECK_EQ(X509_NAME_cmp(issuer,
					       X509_get_issuer_name(p.x509)), 0);
			CHECK_EQ(ASN1_INTEGER_cmp(sno,
					X509_get_serialNumber(p.x509)), 0);
		}
		CMS_SignerInfo_get0_algs(si, NULL, NULL, &digalg, &sigalg);
		CHECK(digalg != NULL);
		if (digalg)
			CHECK_EQ(OBJ_obj2nid(digalg->algorithm), NID_sha256);
		CMS_ContentInfo_free(cms);
	}
	free(sig);
	pki_done(&p);
}

/*
 * RSA PKCS#1 v1.5 signatures are deterministic: ours must equal, byte for
 * byte, what the command line the kernel documents makes.
 */
TEST(sign_equals_openssl_cms_command)
{
	unsigned char *sig = NULL, *ref = NULL;
	size_t siglen = 0, reflen = 0;
	char err[CORDON_ERR_MAX], cmd[1024], in[160], ref_path[160];
	struct pki p;
	int rc;

	if (system("openssl version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "# no openssl command: comparison skipped\n");
		return;
	}
	REQUIRE(pki_init(&p));
	snprintf(in, sizeof(in), "%s/blob", p.dir);
	snprintf(ref_path, sizeof(ref_path), "%s/openssl.p7s", p.dir);
	CHECK(write_bytes(in, blob, sizeof(blob)));
	snprintf(cmd, sizeof(cmd),
		 "openssl cms -sign -in '%s' -signer '%s' -inkey '%s' -binary -noattr -nosmimecap -nocerts -md sha256 -outform DER -out '%s'",
		 in, p.cert, p.key, ref_path);
	rc = system(cmd);
	CHECK_EQ(rc, 0);
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), p.key, p.cert_der, &sig,
				 &siglen, err, sizeof(err)), 0);
	if (rc == 0 && sig) {
		CHECK_EQ(cordon_sign_read_file(ref_path, 65536, &ref, &reflen,
					       err, sizeof(err)), 0);
		CHECK_EQ(siglen, reflen);
		CHECK(ref && siglen == reflen &&
		      memcmp(sig, ref, siglen) == 0);
	}
	free(ref);
	free(sig);
	pki_done(&p);
}

TEST(sign_wrong_key_rejected)
{
	unsigned char *sig = (unsigned char *)"untouched";
	size_t siglen = 7;
	char err[CORDON_ERR_MAX];
	struct pki p;

	REQUIRE(pki_init(&p));
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), p.key2, p.cert, &sig,
				 &siglen, err, sizeof(err)), -EKEYREJECTED);
	CHECK(strstr(err, "does not match") != NULL);
	CHECK_STREQ((const char *)sig, "untouched");
	CHECK_EQ(siglen, 7u);
	pki_done(&p);
}

TEST(sign_bad_inputs)
{
	unsigned char *sig = NULL;
	size_t siglen = 0;
	char err[CORDON_ERR_MAX], garbage[160], want[300];
	struct pki p;

	REQUIRE(pki_init(&p));
	snprintf(garbage, sizeof(garbage), "%s/garbage", p.dir);
	CHECK(write_bytes(garbage, "not a certificate\n", 18));
	/* a key where the certificate goes, and the other way round */
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), p.key, garbage, &sig,
				 &siglen, err, sizeof(err)), -EBADMSG);
	snprintf(want, sizeof(want),
		 "%s: not an X.509 certificate (PEM or DER)", garbage);
	CHECK_STREQ(err, want);
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), garbage, p.cert, &sig,
				 &siglen, err, sizeof(err)), -EBADMSG);
	CHECK(strncmp(err, garbage, strlen(garbage)) == 0);
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), p.key, p.dir, &sig,
				 &siglen, err, sizeof(err)), -EISDIR);
	CHECK_EQ(cordon_sign_buf(blob, sizeof(blob), "/nonexistent/k",
				 p.cert, &sig, &siglen, err, sizeof(err)),
		 -ENOENT);
	CHECK_STREQ(err, "/nonexistent/k: No such file or directory");
	CHECK(sig == NULL);
	pki_done(&p);
}

TEST(cert_der_from_pem_and_der)
{
	unsigned char *a = NULL, *b = NULL, *want = NULL;
	size_t alen = 0, blen = 0;
	char err[CORDON_ERR_MAX];
	struct pki p;
	int n;

	REQUIRE(pki_init(&p));
	n = i2d_X509(p.x509, &want);
	CHECK(n > 0);
	CHECK_EQ(cordon_cert_read_der(p.cert, &a, &alen, err, sizeof(err)), 0);
	CHECK_EQ(cordon_cert_read_der(p.cert_der, &b, &blen, err,
				      sizeof(err)), 0);
	CHECK_EQ(alen, (size_t)n);
	CHECK_EQ(blen, (size_t)n);
	CHECK(a && want && alen == (size_t)n && memcmp(a, want, alen) == 0);
	CHECK(b && want && blen == (size_t)n && memcmp(b, want, blen) == 0);
	/* a private key is no certificate */
	CHECK_EQ(cordon_cert_read_der(p.key, &a, &alen, err, sizeof(err)),
		 -EBADMSG);
	OPENSSL_free(want);
	free(a);
	free(b);
	pki_done(&p);
}

TEST(read_file_limits)
{
	unsigned char *data = NULL;
	size_t len = 99;
	char err[CORDON_ERR_MAX], path[160], want[300];
	struct pki p;

	REQUIRE(pki_init(&p));
	snprintf(path, sizeof(path), "%s/big", p.dir);
	CHECK(write_bytes(path, "0123456789", 10));
	CHECK_EQ(cordon_sign_read_file(path, 9, &data, &len, err, sizeof(err)),
		 -EFBIG);
	snprintf(want, sizeof(want), "%s: larger than 9 bytes", path);
	CHECK_STREQ(err, want);
	CHECK(data == NULL);
	CHECK_EQ(len, 99u);
	CHECK_EQ(cordon_sign_read_file(path, 10, &data, &len, err,
				       sizeof(err)), 0);
	CHECK_EQ(len, 10u);
	CHECK(data && memcmp(data, "0123456789", 10) == 0);
	free(data);
	data = NULL;
	/* not a regular file: read until EOF, still bounded */
	CHECK_EQ(cordon_sign_read_file("/dev/null", 9, &data, &len, err,
				       sizeof(err)), 0);
	CHECK_EQ(len, 0u);
	CHECK(data != NULL);
	free(data);
	data = NULL;
	CHECK_EQ(cordon_sign_read_file("/dev/zero", 5000, &data, &len, err,
				       sizeof(err)), -EFBIG);
	CHECK(data == NULL);
	pki_done(&p);
}

TEST(write_file_replaces)
{
	unsigned char *data = NULL;
	size_t len = 0;
	char err[CORDON_ERR_MAX], path[160];
	struct stat st;
	struct pki p;

	REQUIRE(pki_init(&p));
	snprintf(path, sizeof(path), "%s/out", p.dir);
	CHECK_EQ(cordon_sign_write_file(path, "first version", 13, err,
					sizeof(err)), 0);
	CHECK_EQ(cordon_sign_write_file(path, "second", 6, err, sizeof(err)),
		 0);
	CHECK_EQ(cordon_sign_read_file(path, 100, &data, &len, err,
				       sizeof(err)), 0);
	CHECK_EQ(len, 6u);
	CHECK(data && memcmp(data, "second", 6) == 0);
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_mode & 0777, 0644u);
	free(data);
	CHECK_EQ(cordon_sign_write_file("/nonexistent/dir/out", "x", 1, err,
					sizeof(err)), -ENOENT);
	CHECK_STREQ(err, "/nonexistent/dir/out: No such file or directory");
	pki_done(&p);
}
