// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the enrolled attestation key: enrollment (persistent AK, EK
 * certificate chain, MakeCredential/ActivateCredential), the pinned key
 * file, and quotes checked against the pinned key
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>

#include <cordon/cordon.h>
#include <cordon/sign.h>
#include <cordon/tpm.h>

#include "internal.h"
#include "tpm_internal.h"

#define AK_FILE_FORMAT 1
#define AK_FILE_MAX (64 * 1024)

/* TCG EK Credential Profile, template L-1: PolicySecret(TPM_RH_ENDORSEMENT) */
static const uint8_t ek_policy[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc,
	0x8d, 0x46, 0xa5, 0xd7, 0x24, 0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52,
	0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};

static void ak_qualified_name(struct cordon_ak *ak)
{
	uint8_t buf[4 + CORDON_TPM_NAME_MAX];
	uint32_t h = TPM2_RH_ENDORSEMENT;

	/* QN(primary) = nameAlg || H(QN(hierarchy) || Name), QN(hierarchy)
	 * being its handle (TPM 2.0 part 1, 16 "Names") */
	buf[0] = h >> 24;
	buf[1] = (h >> 16) & 0xff;
	buf[2] = (h >> 8) & 0xff;
	buf[3] = h & 0xff;
	memcpy(buf + 4, ak->name, ak->name_len);
	ak->qualified_name[0] = ak->name[0];
	ak->qualified_name[1] = ak->name[1];
	EVP_Digest(buf, 4 + ak->name_len, ak->qualified_name + 2, NULL,
		   EVP_sha256(), NULL);
	ak->qualified_name_len = 34;
}

int cordon_ak_from_public(const uint8_t *pub, size_t len,
			  struct cordon_ak *ak, char *err, size_t errlen)
{
	TPMA_OBJECT need = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT |
			   TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT;
	TPM2B_PUBLIC p;
	const TPMT_PUBLIC *t = &p.publicArea;
	size_t off = 0;

	memset(ak, 0, sizeof(*ak));
	memset(&p, 0, sizeof(p));
	if (!pub || len > CORDON_AK_PUBLIC_MAX ||
	    Tss2_MU_TPM2B_PUBLIC_Unmarshal(pub, len, &off, &p) !=
	    TSS2_RC_SUCCESS || off != len) {
		cordon__seterr(err, errlen,
			       "attestation key: the public part does not unmarshal as a TPM2B_PUBLIC");
		return -EBADMSG;
	}
	if ((t->objectAttributes & need) != need ||
	    (t->objectAttributes & TPMA_OBJECT_DECRYPT)) {
		cordon__seterr(err, errlen,
			       "attestation key: attributes 0x%08x are not those of a restricted signing key fixed to its TPM",
			       t->objectAttributes);
		return -EBADMSG;
	}
	if (t->type == TPM2_ALG_ECC &&
	    t->parameters.eccDetail.curveID == TPM2_ECC_NIST_P256) {
		ak->type = CORDON_AK_ECC;
	} else if (t->type == TPM2_ALG_RSA &&
		   t->parameters.rsaDetail.keyBits == 2048) {
		ak->type = CORDON_AK_RSA;
	} else {
		cordon__seterr(err, errlen,
			       "attestation key: type 0x%x is neither ECC P-256 nor RSA-2048",
			       t->type);
		return -EBADMSG;
	}
	if (cordon__tpm_name(t, ak->name, &ak->name_len) < 0) {
		cordon__seterr(err, errlen,
			       "attestation key: name algorithm 0x%x is not SHA-256",
			       t->nameAlg);
		return -EBADMSG;
	}
	ak_qualified_name(ak);
	memcpy(ak->public_, pub, len);
	ak->public_len = len;
	cordon__clearerr(err, errlen);
	return 0;
}

void cordon_ak_free(struct cordon_ak *ak)
{
	if (!ak)
		return;
	free(ak->ek_cert);
	ak->ek_cert = NULL;
	ak->ek_cert_len = 0;
}

/* The pinned key file */

char *cordon_ak_format(const struct cordon_ak *ak)
{
	json_object *o = json_object_new_object();
	char name[2 * CORDON_TPM_NAME_MAX + 1], qn[2 * CORDON_TPM_NAME_MAX + 1];
	char handle[16];
	char *pub = cordon__b64_encode(ak->public_, ak->public_len);
	char *ek = ak->ek_cert ? cordon__b64_encode(ak->ek_cert,
						    ak->ek_cert_len) : NULL;
	char *out = NULL;

	if (!o || !pub || (ak->ek_cert && !ek))
		goto out;
	cordon__hex(name, ak->name, ak->name_len);
	cordon__hex(qn, ak->qualified_name, ak->qualified_name_len);
	snprintf(handle, sizeof(handle), "0x%08x", ak->handle);
	json_object_object_add(o, "format", json_object_new_int(AK_FILE_FORMAT));
	json_object_object_add(o, "handle", json_object_new_string(handle));
	json_object_object_add(o, "type", json_object_new_string(
		ak->type == CORDON_AK_RSA ? "rsa" : "ecc"));
	json_object_object_add(o, "public", json_object_new_string(pub));
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "qualified_name", json_object_new_string(qn));
	json_object_object_add(o, "ek_verified",
			       json_object_new_boolean(ak->ek_verified));
	if (ek) {
		char idx[16];

		snprintf(idx, sizeof(idx), "0x%08x", ak->ek_index);
		json_object_object_add(o, "ek_index",
				       json_object_new_string(idx));
		json_object_object_add(o, "ek_certificate",
				       json_object_new_string(ek));
	}
	out = strdup(json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
out:
	json_object_put(o);
	free(pub);
	free(ek);
	return out;
}

static const char *json_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int parse_hex32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long x;

	if (!s || strncmp(s, "0x", 2) != 0 || strlen(s) != 10)
		return -EINVAL;
	errno = 0;
	x = strtoul(s + 2, &end, 16);
	if (errno || *end || x > 0xffffffffUL)
		return -EINVAL;
	*v = (uint32_t)x;
	return 0;
}

int cordon_ak_parse(const char *text, size_t len, struct cordon_ak *ak,
		    char *err, size_t errlen)
{
	json_tokener *tok = json_tokener_new();
	json_object *o = NULL, *v;
	const char *s;
	uint8_t *pub = NULL;
	size_t publen = 0;
	char hex[2 * CORDON_TPM_NAME_MAX + 1];
	uint32_t handle = 0;
	int rc = -EBADMSG;

	memset(ak, 0, sizeof(*ak));
	if (!tok)
		return -ENOMEM;
	if (len <= AK_FILE_MAX)
		o = json_tokener_parse_ex(tok, text, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(o, json_type_object)) {
		cordon__seterr(err, errlen, "not a JSON object%s%s",
			       o ? "" : ": ",
			       o ? "" : json_tokener_error_desc(
					json_tokener_get_error(tok)));
		goto out;
	}
	if (!json_object_object_get_ex(o, "format", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    json_object_get_int(v) != AK_FILE_FORMAT) {
		cordon__seterr(err, errlen, "\"format\" is not %d",
			       AK_FILE_FORMAT);
		goto out;
	}
	if (parse_hex32(json_str(o, "handle"), &handle) < 0) {
		cordon__seterr(err, errlen,
			       "\"handle\" is not a handle such as \"0x%08x\"",
			       CORDON_AK_HANDLE);
		goto out;
	}
	s = json_str(o, "public");
	if (!s || cordon__b64_decode(s, &pub, &publen) < 0) {
		cordon__seterr(err, errlen, "\"public\" is not base64");
		goto out;
	}
	rc = cordon_ak_from_public(pub, publen, ak, err, errlen);
	if (rc < 0)
		goto out;
	rc = -EBADMSG;
	ak->handle = handle;
	cordon__hex(hex, ak->name, ak->name_len);
	s = json_str(o, "name");
	if (!s || strcmp(s, hex) != 0) {
		cordon__seterr(err, errlen,
			       "\"name\" is not the name of \"public\" (%s)",
			       hex);
		goto out;
	}
	cordon__hex(hex, ak->qualified_name, ak->qualified_name_len);
	s = json_str(o, "qualified_name");
	if (!s || strcmp(s, hex) != 0) {
		cordon__seterr(err, errlen,
			       "\"qualified_name\" is not that of an endorsement primary key with this name (%s)",
			       hex);
		goto out;
	}
	if (json_object_object_get_ex(o, "ek_verified", &v))
		ak->ek_verified = json_object_get_boolean(v);
	s = json_str(o, "ek_certificate");
	if (s) {
		if (cordon__b64_decode(s, &ak->ek_cert, &ak->ek_cert_len) < 0 ||
		    parse_hex32(json_str(o, "ek_index"), &ak->ek_index) < 0) {
			cordon__seterr(err, errlen,
				       "\"ek_certificate\" is not base64, or \"ek_index\" is missing");
			goto out;
		}
	} else if (ak->ek_verified) {
		cordon__seterr(err, errlen,
			       "\"ek_verified\" without \"ek_certificate\"");
		goto out;
	}
	rc = 0;
	cordon__clearerr(err, errlen);
out:
	if (rc < 0)
		cordon_ak_free(ak);
	free(pub);
	json_object_put(o);
	json_tokener_free(tok);
	return rc;
}

int cordon_ak_read(const char *path, struct cordon_ak *ak, char *err,
		   size_t errlen)
{
	char msg[CORDON_ERR_MAX];
	char *buf;
	size_t len;
	int rc;

	rc = cordon_read_file(path, AK_FILE_MAX, &buf, &len, err, errlen);
	if (rc < 0)
		return rc;
	rc = cordon_ak_parse(buf, len, ak, msg, sizeof(msg));
	free(buf);
	if (rc < 0)
		cordon__seterr(err, errlen, "%s: %s", path, msg);
	return rc;
}

int cordon_ak_write(const char *path, const struct cordon_ak *ak, char *err,
		    size_t errlen)
{
	char *text = cordon_ak_format(ak);
	int rc;

	if (!text) {
		cordon__seterr(err, errlen, "out of memory");
		return -ENOMEM;
	}
	rc = cordon_sign_write_file(path, text, strlen(text), err, errlen);
	free(text);
	return rc;
}

int cordon_ak_match(const struct cordon_ak *ak, const uint8_t *pub,
		    size_t len, char *err, size_t errlen)
{
	char want[2 * CORDON_TPM_NAME_MAX + 1], got[2 * CORDON_TPM_NAME_MAX + 1];
	struct cordon_ak other;

	if (pub && len == ak->public_len &&
	    memcmp(pub, ak->public_, len) == 0)
		return 0;
	cordon__hex(want, ak->name, ak->name_len);
	if (cordon_ak_from_public(pub, len, &other, NULL, 0) == 0)
		cordon__hex(got, other.name, other.name_len);
	else
		snprintf(got, sizeof(got), "(not a restricted signing key)");
	cordon__seterr(err, errlen,
		       "quote: signed by key %s, not the enrolled attestation key %s",
		       got, want);
	return -EBADMSG;
}

int cordon_quote_verify_ak(struct cordon_quote *q, const struct cordon_ak *ak,
			   char *err, size_t errlen)
{
	char want[2 * CORDON_TPM_NAME_MAX + 1], got[2 * CORDON_TPM_NAME_MAX + 1];
	int rc;

	if (!q || !ak || !q->ak_public) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	rc = cordon_ak_match(ak, q->ak_public, q->ak_public_len, err, errlen);
	if (rc < 0)
		return rc;
	rc = cordon_quote_verify(q, err, errlen);
	if (rc < 0)
		return rc;
	if (q->signer_len != ak->qualified_name_len ||
	    memcmp(q->signer, ak->qualified_name, q->signer_len) != 0) {
		cordon__hex(want, ak->qualified_name, ak->qualified_name_len);
		cordon__hex(got, q->signer, q->signer_len);
		cordon__seterr(err, errlen,
			       "quote: qualifiedSigner %s is not the enrolled attestation key's qualified name %s",
			       got, want);
		return -EBADMSG;
	}
	return 0;
}

/* Enrollment */

static void ek_template(TPM2B_PUBLIC *pub)
{
	TPMS_RSA_PARMS *r = &pub->publicArea.parameters.rsaDetail;

	memset(pub, 0, sizeof(*pub));
	pub->publicArea.type = TPM2_ALG_RSA;
	pub->publicArea.nameAlg = TPM2_ALG_SHA256;
	pub->publicArea.objectAttributes =
		TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
		TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_ADMINWITHPOLICY |
		TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
	pub->publicArea.authPolicy.size = sizeof(ek_policy);
	memcpy(pub->publicArea.authPolicy.buffer, ek_policy, sizeof(ek_policy));
	r->symmetric.algorithm = TPM2_ALG_AES;
	r->symmetric.keyBits.aes = 128;
	r->symmetric.mode.aes = TPM2_ALG_CFB;
	r->scheme.scheme = TPM2_ALG_NULL;
	r->keyBits = 2048;
	r->exponent = 0;
	pub->publicArea.unique.rsa.size = 256;
}

static int read_ek_cert(struct cordon__tpm *t, uint32_t index, uint8_t **der,
			size_t *len, char *err, size_t errlen)
{
	TPM2B_NV_PUBLIC *pub = NULL;
	ESYS_TR nv = ESYS_TR_NONE;
	uint8_t *buf = NULL;
	uint16_t size, off = 0;
	TSS2_RC rc;
	int ret;

	rc = Esys_TR_FromTPMPublic(t->esys, index, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, &nv);
	if (rc != TSS2_RC_SUCCESS) {
		if (cordon__tss_is_tcti(rc))
			return cordon__tss_error(rc, "reading the EK certificate",
						 err, errlen);
		cordon__seterr(err, errlen,
			       "no EK certificate in NV index 0x%08x (an RSA-2048 EK certificate is needed)",
			       index);
		return -ENOENT;
	}
	rc = Esys_NV_ReadPublic(t->esys, nv, ESYS_TR_NONE, ESYS_TR_NONE,
				ESYS_TR_NONE, &pub, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		ret = cordon__tss_error(rc, "TPM2_NV_ReadPublic (EK certificate)",
					err, errlen);
		goto out;
	}
	size = pub->nvPublic.dataSize;
	if (size == 0 || size > CORDON_EK_CERT_MAX) {
		cordon__seterr(err, errlen,
			       "EK certificate NV index 0x%08x holds %u bytes",
			       index, size);
		ret = -EBADMSG;
		goto out;
	}
	buf = malloc(size);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	while (off < size) {
		TPM2B_MAX_NV_BUFFER *chunk = NULL;
		uint16_t n = size - off > 512 ? 512 : size - off;

		rc = Esys_NV_Read(t->esys, nv, nv, ESYS_TR_PASSWORD,
				  ESYS_TR_NONE, ESYS_TR_NONE, n, off, &chunk);
		if (rc != TSS2_RC_SUCCESS) {
			ret = cordon__tss_error(rc,
						"TPM2_NV_Read (EK certificate)",
						err, errlen);
			goto out;
		}
		memcpy(buf + off, chunk->buffer, chunk->size < n ? chunk->size : n);
		off += n;
		Esys_Free(chunk);
	}
	*der = buf;
	*len = size;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	Esys_Free(pub);
	Esys_TR_Close(t->esys, &nv);
	return ret;
}

/* The certificate's chain against the CA bundle; the EK's public key out. */
static int check_ek_chain(const uint8_t *der, size_t len, const char *ca,
			  EVP_PKEY **key, struct cordon_enroll_report *r,
			  char *err, size_t errlen)
{
	const unsigned char *p = der;
	X509 *cert = d2i_X509(NULL, &p, (long)len);
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int ret = -EKEYREJECTED;

	if (!cert || p != der + len) {
		cordon__seterr(err, errlen,
			       "the EK certificate in NV is not DER X.509");
		goto out;
	}
	X509_NAME_oneline(X509_get_subject_name(cert), r->ek_subject,
			  sizeof(r->ek_subject));
	X509_NAME_oneline(X509_get_issuer_name(cert), r->ek_issuer,
			  sizeof(r->ek_issuer));
	if (!store || !ctx) {
		ret = -ENOMEM;
		goto out;
	}
	if (X509_STORE_load_file(store, ca) != 1) {
		cordon__seterr(err, errlen, "%s: no CA certificate (PEM) in it",
			       ca);
		ret = -EINVAL;
		goto out;
	}
	if (X509_STORE_CTX_init(ctx, store, cert, NULL) != 1) {
		ret = -ENOMEM;
		goto out;
	}
	/* EK certificates carry TCG extensions and no usual purpose */
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_ANY);
	/* any certificate of the bundle is an anchor (a vendor's
	 * intermediate CA alone, as a registrar would be given) */
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_PARTIAL_CHAIN);
	if (X509_verify_cert(ctx) != 1) {
		cordon__seterr(err, errlen,
			       "the EK certificate (issuer %s) does not chain to %s: %s",
			       r->ek_issuer, ca,
			       X509_verify_cert_error_string(
				       X509_STORE_CTX_get_error(ctx)));
		goto out;
	}
	*key = X509_get_pubkey(cert);
	if (!*key || EVP_PKEY_get_base_id(*key) != EVP_PKEY_RSA ||
	    EVP_PKEY_get_bits(*key) != 2048) {
		EVP_PKEY_free(*key);
		*key = NULL;
		cordon__seterr(err, errlen,
			       "the EK certificate's key is not RSA-2048");
		goto out;
	}
	ret = 0;
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	X509_free(cert);
	return ret;
}

int cordon_ek_cert_verify(const uint8_t *der, size_t len, const char *ca,
			  char *err, size_t errlen)
{
	struct cordon_enroll_report r;
	EVP_PKEY *key = NULL;
	int rc;

	if (!der || !ca) {
		cordon__seterr(err, errlen, "no EK certificate to verify");
		return -EKEYREJECTED;
	}
	rc = check_ek_chain(der, len, ca, &key, &r, err, errlen);
	EVP_PKEY_free(key);
	if (rc == 0)
		cordon__clearerr(err, errlen);
	return rc;
}

/* KDFa of TPM 2.0 part 1, 11.4.10.2 (SP 800-108 counter mode, HMAC). */
static int kdfa(const uint8_t *key, size_t keylen, const char *label,
		const uint8_t *u, size_t ulen, uint32_t bits, uint8_t *out)
{
	size_t want = bits / 8, done = 0;

	for (uint32_t i = 1; done < want; i++) {
		uint8_t msg[4 + 32 + 1 + CORDON_TPM_NAME_MAX + 4], md[32];
		size_t n = 0, lab = strlen(label), mdlen = 0;

		if (lab > 32 || ulen > CORDON_TPM_NAME_MAX)
			return -EINVAL;
		msg[n++] = i >> 24;
		msg[n++] = (i >> 16) & 0xff;
		msg[n++] = (i >> 8) & 0xff;
		msg[n++] = i & 0xff;
		memcpy(msg + n, label, lab + 1);	/* with its NUL */
		n += lab + 1;
		memcpy(msg + n, u, ulen);
		n += ulen;
		msg[n++] = bits >> 24;
		msg[n++] = (bits >> 16) & 0xff;
		msg[n++] = (bits >> 8) & 0xff;
		msg[n++] = bits & 0xff;
		if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, keylen,
			       msg, n, md, sizeof(md), &mdlen) || mdlen != 32)
			return -ENOMEM;
		memcpy(out + done, md, want - done < 32 ? want - done : 32);
		done += want - done < 32 ? want - done : 32;
	}
	return 0;
}

/*
 * TPM2_MakeCredential in software (part 1, 24.4 and annex B.10.4): a seed
 * encrypted to the EK with RSA-OAEP (label "IDENTITY"), the credential
 * encrypted with AES-128-CFB under KDFa(seed, "STORAGE", name) and an
 * outer HMAC under KDFa(seed, "INTEGRITY") over it and the name.
 */
static int make_credential(EVP_PKEY *ek, const uint8_t *name, size_t namelen,
			   const uint8_t *secret, size_t secretlen,
			   TPM2B_ID_OBJECT *blob, TPM2B_ENCRYPTED_SECRET *enc)
{
	uint8_t seed[32], sym[16], hkey[32], plain[2 + 64], iv[16] = { 0 };
	uint8_t cipher[sizeof(plain)], mac[32], macmsg[sizeof(plain) + CORDON_TPM_NAME_MAX];
	EVP_PKEY_CTX *pctx = NULL;
	EVP_CIPHER_CTX *cctx = NULL;
	TPM2B_DIGEST outer = { .size = 32 };
	unsigned char *label = NULL;
	size_t enclen = sizeof(enc->secret), off = 0, maclen = 0;
	int n = 0, n2 = 0, rc = -ENOMEM;

	if (secretlen > 64)
		return -EINVAL;
	if (RAND_bytes(seed, sizeof(seed)) != 1)
		return -EIO;
	label = OPENSSL_malloc(9);
	pctx = EVP_PKEY_CTX_new(ek, NULL);
	if (!label || !pctx)
		goto out;
	memcpy(label, "IDENTITY", 9);
	if (EVP_PKEY_encrypt_init(pctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(pctx, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set0_rsa_oaep_label(pctx, label, 9) != 1)
		goto out;
	label = NULL;	/* owned by pctx */
	if (EVP_PKEY_encrypt(pctx, enc->secret, &enclen, seed,
			     sizeof(seed)) != 1)
		goto out;
	enc->size = (UINT16)enclen;

	if (kdfa(seed, sizeof(seed), "STORAGE", name, namelen, 128, sym) < 0 ||
	    kdfa(seed, sizeof(seed), "INTEGRITY", NULL, 0, 256, hkey) < 0)
		goto out;
	plain[0] = (uint8_t)(secretlen >> 8);
	plain[1] = (uint8_t)secretlen;
	memcpy(plain + 2, secret, secretlen);
	cctx = EVP_CIPHER_CTX_new();
	if (!cctx ||
	    EVP_EncryptInit_ex(cctx, EVP_aes_128_cfb(), NULL, sym, iv) != 1 ||
	    EVP_EncryptUpdate(cctx, cipher, &n, plain, (int)(2 + secretlen)) != 1 ||
	    EVP_EncryptFinal_ex(cctx, cipher + n, &n2) != 1)
		goto out;
	n += n2;
	memcpy(macmsg, cipher, (size_t)n);
	memcpy(macmsg + n, name, namelen);
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, hkey, sizeof(hkey),
		       macmsg, (size_t)n + namelen, mac, sizeof(mac), &maclen))
		goto out;
	memcpy(outer.buffer, mac, 32);
	if (Tss2_MU_TPM2B_DIGEST_Marshal(&outer, blob->credential,
					 sizeof(blob->credential), &off) !=
	    TSS2_RC_SUCCESS || off + (size_t)n > sizeof(blob->credential)) {
		rc = -EINVAL;
		goto out;
	}
	memcpy(blob->credential + off, cipher, (size_t)n);
	blob->size = (UINT16)(off + (size_t)n);
	rc = 0;
out:
	OPENSSL_cleanse(seed, sizeof(seed));
	OPENSSL_free(label);
	EVP_PKEY_CTX_free(pctx);
	EVP_CIPHER_CTX_free(cctx);
	return rc;
}

/* The EK the TPM derives from the default template; is it the cert's? */
static int create_ek(struct cordon__tpm *t, EVP_PKEY *cert_key, ESYS_TR *ek,
		     char *err, size_t errlen)
{
	TPM2B_SENSITIVE_CREATE sens = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION none = { 0 };
	TPM2B_PUBLIC tmpl, *pub = NULL;
	BIGNUM *n = NULL, *tn = NULL;
	TSS2_RC rc;
	int ret = -EKEYREJECTED;

	ek_template(&tmpl);
	rc = Esys_CreatePrimary(t->esys, ESYS_TR_RH_ENDORSEMENT,
				ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
				&sens, &tmpl, &outside, &none, ek, &pub, NULL,
				NULL, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		*ek = ESYS_TR_NONE;
		return cordon__tss_error(rc, "creating the EK (default RSA template)",
					 err, errlen);
	}
	if (!cert_key) {
		ret = 0;	/* the verifier encrypted to its certificate */
		goto out;
	}
	if (EVP_PKEY_get_bn_param(cert_key, OSSL_PKEY_PARAM_RSA_N, &n) != 1) {
		ret = -ENOMEM;
		goto out;
	}
	tn = BN_bin2bn(pub->publicArea.unique.rsa.buffer,
		       pub->publicArea.unique.rsa.size, NULL);
	if (!tn) {
		ret = -ENOMEM;
		goto out;
	}
	if (BN_cmp(n, tn) != 0) {
		cordon__seterr(err, errlen,
			       "the EK certificate's key is not this TPM's EK (default RSA template)");
		goto out;
	}
	ret = 0;
out:
	BN_free(n);
	BN_free(tn);
	Esys_Free(pub);
	return ret;
}

/* TPM2_ActivateCredential with the EK (under its policy) and the AK. */
static int activate_blob(struct cordon__tpm *t, ESYS_TR ek,
			 const TPM2B_ID_OBJECT *blob,
			 const TPM2B_ENCRYPTED_SECRET *enc, TPM2B_DIGEST **got,
			 char *err, size_t errlen)
{
	TPMT_SYM_DEF sym = { .algorithm = TPM2_ALG_NULL };
	ESYS_TR session = ESYS_TR_NONE;
	TSS2_RC rc;
	int ret = 0;

	/* the EK's policy: PolicySecret(TPM_RH_ENDORSEMENT) */
	rc = Esys_StartAuthSession(t->esys, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				   NULL, TPM2_SE_POLICY, &sym, TPM2_ALG_SHA256,
				   &session);
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "starting the EK's policy session",
					 err, errlen);
	rc = Esys_PolicySecret(t->esys, ESYS_TR_RH_ENDORSEMENT, session,
			       ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
			       NULL, NULL, NULL, 0, NULL, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		ret = cordon__tss_error(rc, "TPM2_PolicySecret (endorsement)",
					err, errlen);
		goto out;
	}
	rc = Esys_ActivateCredential(t->esys, t->ak, ek, ESYS_TR_PASSWORD,
				     session, ESYS_TR_NONE, blob, enc, got);
	if (rc != TSS2_RC_SUCCESS) {
		cordon__seterr(err, errlen,
			       "TPM2_ActivateCredential refused the credential made for the AK with the certified EK: %s",
			       Tss2_RC_Decode(rc));
		ret = cordon__tss_is_tcti(rc) ? -EHOSTUNREACH : -EKEYREJECTED;
	}
out:
	Esys_FlushContext(t->esys, session);
	return ret;
}

static int activate(struct cordon__tpm *t, ESYS_TR ek, EVP_PKEY *ek_key,
		    const struct cordon_ak *ak, char *err, size_t errlen)
{
	TPM2B_ID_OBJECT blob = { 0 };
	TPM2B_ENCRYPTED_SECRET enc = { 0 };
	TPM2B_DIGEST *got = NULL;
	uint8_t secret[32];
	int ret;

	if (RAND_bytes(secret, sizeof(secret)) != 1)
		return -EIO;
	ret = make_credential(ek_key, ak->name, ak->name_len, secret,
			      sizeof(secret), &blob, &enc);
	if (ret < 0) {
		cordon__seterr(err, errlen, "MakeCredential failed (OpenSSL)");
		return ret;
	}
	ret = activate_blob(t, ek, &blob, &enc, &got, err, errlen);
	if (ret == 0 && (got->size != sizeof(secret) ||
			 CRYPTO_memcmp(got->buffer, secret, sizeof(secret)) != 0)) {
		cordon__seterr(err, errlen,
			       "TPM2_ActivateCredential returned another secret than the one made for the AK");
		ret = -EKEYREJECTED;
	}
	Esys_Free(got);
	return ret;
}

static int check_ek(struct cordon__tpm *t, const char *ca, struct cordon_ak *ak,
		    struct cordon_enroll_report *r, char *err, size_t errlen)
{
	EVP_PKEY *key = NULL;
	ESYS_TR ek = ESYS_TR_NONE;
	int rc;

	rc = read_ek_cert(t, CORDON_EK_CERT_NV_RSA, &ak->ek_cert,
			  &ak->ek_cert_len, err, errlen);
	if (rc < 0)
		return rc;
	ak->ek_index = CORDON_EK_CERT_NV_RSA;
	rc = check_ek_chain(ak->ek_cert, ak->ek_cert_len, ca, &key, r, err,
			    errlen);
	if (rc < 0)
		return rc;
	rc = create_ek(t, key, &ek, err, errlen);
	if (rc == 0)
		rc = activate(t, ek, key, ak, err, errlen);
	if (ek != ESYS_TR_NONE)
		Esys_FlushContext(t->esys, ek);
	EVP_PKEY_free(key);
	if (rc == 0)
		ak->ek_verified = true;
	return rc;
}

/* Whatever is at the persistent handle: 0 and its public, or -ENOENT. */
static int persistent_public(struct cordon__tpm *t, uint32_t handle,
			     ESYS_TR *obj, TPM2B_PUBLIC **pub)
{
	TSS2_RC rc;

	rc = Esys_TR_FromTPMPublic(t->esys, handle, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, obj);
	if (rc != TSS2_RC_SUCCESS) {
		*obj = ESYS_TR_NONE;
		return cordon__tss_is_tcti(rc) ? -EHOSTUNREACH : -ENOENT;
	}
	rc = Esys_ReadPublic(t->esys, *obj, ESYS_TR_NONE, ESYS_TR_NONE,
			     ESYS_TR_NONE, pub, NULL, NULL);
	return rc == TSS2_RC_SUCCESS ? 0 : -EIO;
}

int cordon_tpm_enroll(const struct cordon_enroll_opts *o, struct cordon_ak *ak,
		      struct cordon_enroll_report *r, char *err, size_t errlen)
{
	struct cordon__tpm t = { .ak = ESYS_TR_NONE };
	TPM2B_SENSITIVE_CREATE sens = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION none = { 0 };
	TPM2B_PUBLIC tmpl, *pub = NULL, *old = NULL;
	TPM2B_NAME *qn = NULL;
	ESYS_TR there = ESYS_TR_NONE, persisted = ESYS_TR_NONE;
	uint32_t handle;
	uint8_t buf[sizeof(TPM2B_PUBLIC)];
	size_t off = 0;
	TSS2_RC trc;
	int rc;

	if (!o || !ak || !r ||
	    (o->type != CORDON_AK_ECC && o->type != CORDON_AK_RSA)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	handle = o->handle ? o->handle : CORDON_AK_HANDLE;
	if (handle < 0x81010000U || handle > 0x8101ffffU) {
		cordon__seterr(err, errlen,
			       "handle 0x%08x is outside the endorsement persistent range 0x81010000-0x8101ffff",
			       handle);
		return -EINVAL;
	}
	memset(r, 0, sizeof(*r));
	memset(ak, 0, sizeof(*ak));
	rc = cordon__tpm_open(&t, o->tcti, r->tcti, sizeof(r->tcti), err,
			      errlen);
	if (rc < 0)
		return rc;

	cordon__ak_template(o->type, &tmpl);
	trc = Esys_CreatePrimary(t.esys, ESYS_TR_RH_ENDORSEMENT,
				 ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
				 &sens, &tmpl, &outside, &none, &t.ak, &pub,
				 NULL, NULL, NULL);
	if (trc != TSS2_RC_SUCCESS) {
		t.ak = ESYS_TR_NONE;
		rc = cordon__tss_error(trc,
				       "creating the attestation key (endorsement hierarchy)",
				       err, errlen);
		goto out;
	}
	if (Tss2_MU_TPM2B_PUBLIC_Marshal(pub, buf, sizeof(buf), &off) !=
	    TSS2_RC_SUCCESS) {
		rc = -EIO;
		cordon__seterr(err, errlen, "marshalling the attestation key");
		goto out;
	}
	rc = cordon_ak_from_public(buf, off, ak, err, errlen);
	if (rc < 0)
		goto out;
	ak->handle = handle;
	/* the TPM's own qualified name must be that of an endorsement
	 * primary, as the verifier recomputes it */
	trc = Esys_ReadPublic(t.esys, t.ak, ESYS_TR_NONE, ESYS_TR_NONE,
			      ESYS_TR_NONE, NULL, NULL, &qn);
	if (trc != TSS2_RC_SUCCESS) {
		rc = cordon__tss_error(trc, "reading the attestation key", err,
				       errlen);
		goto out;
	}
	if (qn->size != ak->qualified_name_len ||
	    memcmp(qn->name, ak->qualified_name, qn->size) != 0) {
		cordon__seterr(err, errlen,
			       "the TPM gives the attestation key another qualified name than an endorsement primary has");
		rc = -EIO;
		goto out;
	}

	if (o->ek_ca) {
		rc = check_ek(&t, o->ek_ca, ak, r, err, errlen);
		if (rc < 0)
			goto out;
	}

	rc = persistent_public(&t, handle, &there, &old);
	if (rc == -EHOSTUNREACH) {
		cordon__seterr(err, errlen, "the TPM went away");
		goto out;
	}
	if (rc == 0 && old->size == pub->size &&
	    memcmp(&old->publicArea, &pub->publicArea, sizeof(pub->publicArea)) == 0) {
		r->reused = true;
	} else if (rc == 0 || rc == -EIO) {
		if (!o->force) {
			cordon__seterr(err, errlen,
				       "persistent handle 0x%08x holds another key (use --force to replace it, or --handle)",
				       handle);
			rc = -EEXIST;
			goto out;
		}
		trc = Esys_EvictControl(t.esys, ESYS_TR_RH_OWNER, there,
					ESYS_TR_PASSWORD, ESYS_TR_NONE,
					ESYS_TR_NONE, handle, &persisted);
		there = ESYS_TR_NONE;	/* the TPM closes it */
		if (trc != TSS2_RC_SUCCESS) {
			rc = cordon__tss_error(trc, "evicting the old key", err,
					       errlen);
			goto out;
		}
		r->replaced = true;
	}
	if (!r->reused) {
		trc = Esys_EvictControl(t.esys, ESYS_TR_RH_OWNER, t.ak,
					ESYS_TR_PASSWORD, ESYS_TR_NONE,
					ESYS_TR_NONE, handle, &persisted);
		if (trc != TSS2_RC_SUCCESS) {
			rc = cordon__tss_error(trc,
					       "making the attestation key persistent (TPM2_EvictControl, owner)",
					       err, errlen);
			goto out;
		}
	}
	rc = 0;
	cordon__clearerr(err, errlen);
out:
	if (there != ESYS_TR_NONE)
		Esys_TR_Close(t.esys, &there);
	if (persisted != ESYS_TR_NONE)
		Esys_TR_Close(t.esys, &persisted);
	Esys_Free(pub);
	Esys_Free(old);
	Esys_Free(qn);
	cordon__tpm_close(&t);
	if (rc < 0) {
		cordon_ak_free(ak);
		if (rc == -ENOMEM)
			cordon__seterr(err, errlen, "out of memory");
	}
	return rc;
}

/* The credential exchange with a remote verifier */

#define CREDENTIAL_FORMAT 1

int cordon_credential_make(const struct cordon_ak *ak, const char *ek_ca,
			   uint8_t secret[CORDON_CREDENTIAL_SECRET_SIZE],
			   char **json, char *err, size_t errlen)
{
	struct cordon_enroll_report r;
	TPM2B_ID_OBJECT blob = { 0 };
	TPM2B_ENCRYPTED_SECRET enc = { 0 };
	uint8_t bbuf[sizeof(blob)], ebuf[sizeof(enc)];
	size_t blen = 0, elen = 0;
	EVP_PKEY *key = NULL;
	json_object *o = NULL;
	char name[2 * CORDON_TPM_NAME_MAX + 1], *b = NULL, *e = NULL;
	int rc;

	if (!ak || !ek_ca || !secret || !json) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	if (!ak->ek_cert) {
		cordon__seterr(err, errlen,
			       "the pinned key has no EK certificate (enroll with --ek-ca)");
		return -EKEYREJECTED;
	}
	rc = check_ek_chain(ak->ek_cert, ak->ek_cert_len, ek_ca, &key, &r, err,
			    errlen);
	if (rc < 0)
		return rc;
	rc = -EIO;
	if (RAND_bytes(secret, CORDON_CREDENTIAL_SECRET_SIZE) != 1)
		goto out;
	rc = make_credential(key, ak->name, ak->name_len, secret,
			     CORDON_CREDENTIAL_SECRET_SIZE, &blob, &enc);
	if (rc < 0 ||
	    Tss2_MU_TPM2B_ID_OBJECT_Marshal(&blob, bbuf, sizeof(bbuf), &blen) !=
	    TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_ENCRYPTED_SECRET_Marshal(&enc, ebuf, sizeof(ebuf),
						   &elen) != TSS2_RC_SUCCESS) {
		cordon__seterr(err, errlen, "MakeCredential failed");
		rc = rc < 0 ? rc : -EIO;
		goto out;
	}
	cordon__hex(name, ak->name, ak->name_len);
	b = cordon__b64_encode(bbuf, blen);
	e = cordon__b64_encode(ebuf, elen);
	o = json_object_new_object();
	rc = -ENOMEM;
	if (!b || !e || !o)
		goto out;
	json_object_object_add(o, "format", json_object_new_int(CREDENTIAL_FORMAT));
	json_object_object_add(o, "ak_name", json_object_new_string(name));
	json_object_object_add(o, "credential", json_object_new_string(b));
	json_object_object_add(o, "secret", json_object_new_string(e));
	*json = strdup(json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	rc = *json ? 0 : -ENOMEM;
	if (rc == 0)
		cordon__clearerr(err, errlen);
out:
	if (rc == -ENOMEM)
		cordon__seterr(err, errlen, "out of memory");
	OPENSSL_cleanse(&blob, sizeof(blob));
	json_object_put(o);
	free(b);
	free(e);
	EVP_PKEY_free(key);
	return rc;
}

int cordon_tpm_activate(const char *tcti, uint32_t handle, const char *json,
			size_t len, uint8_t secret[CORDON_CREDENTIAL_SECRET_SIZE],
			char *err, size_t errlen)
{
	struct cordon__tpm t = { .ak = ESYS_TR_NONE };
	TPM2B_ID_OBJECT blob = { 0 };
	TPM2B_ENCRYPTED_SECRET enc = { 0 };
	TPM2B_DIGEST *got = NULL;
	json_tokener *tok = json_tokener_new();
	json_object *o = NULL, *v;
	uint8_t *b = NULL, *e = NULL;
	size_t blen = 0, elen = 0, off;
	ESYS_TR ek = ESYS_TR_NONE;
	TSS2_RC trc;
	int rc = -EBADMSG;

	if (!tok)
		return -ENOMEM;
	if (json && len <= AK_FILE_MAX)
		o = json_tokener_parse_ex(tok, json, (int)len);
	if (!o || !json_object_object_get_ex(o, "format", &v) ||
	    json_object_get_int(v) != CREDENTIAL_FORMAT ||
	    !json_str(o, "credential") || !json_str(o, "secret") ||
	    cordon__b64_decode(json_str(o, "credential"), &b, &blen) < 0 ||
	    cordon__b64_decode(json_str(o, "secret"), &e, &elen) < 0 ||
	    Tss2_MU_TPM2B_ID_OBJECT_Unmarshal(b, blen, (off = 0, &off), &blob) !=
	    TSS2_RC_SUCCESS || off != blen ||
	    Tss2_MU_TPM2B_ENCRYPTED_SECRET_Unmarshal(e, elen, (off = 0, &off),
						     &enc) != TSS2_RC_SUCCESS ||
	    off != elen) {
		cordon__seterr(err, errlen,
			       "not a credential as 'cordonctl verify --credential-for' writes it");
		goto out;
	}
	rc = cordon__tpm_open(&t, tcti, NULL, 0, err, errlen);
	if (rc < 0)
		goto out;
	trc = Esys_TR_FromTPMPublic(t.esys, handle ? handle : CORDON_AK_HANDLE,
				    ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				    &t.ak);
	if (trc != TSS2_RC_SUCCESS) {
		t.ak = ESYS_TR_NONE;
		cordon__seterr(err, errlen,
			       "no attestation key at persistent handle 0x%08x (run 'cordonctl attest enroll')",
			       handle ? handle : CORDON_AK_HANDLE);
		rc = cordon__tss_is_tcti(trc) ? -EHOSTUNREACH : -ENOKEY;
		goto out;
	}
	t.ak_persistent = true;
	rc = create_ek(&t, NULL, &ek, err, errlen);
	if (rc == 0)
		rc = activate_blob(&t, ek, &blob, &enc, &got, err, errlen);
	if (rc == 0 && got->size != CORDON_CREDENTIAL_SECRET_SIZE) {
		cordon__seterr(err, errlen, "the credential holds %u bytes",
			       got->size);
		rc = -EBADMSG;
	}
	if (rc == 0) {
		memcpy(secret, got->buffer, CORDON_CREDENTIAL_SECRET_SIZE);
		cordon__clearerr(err, errlen);
	}
out:
	if (got)
		OPENSSL_cleanse(got, sizeof(*got));
	Esys_Free(got);
	if (ek != ESYS_TR_NONE)
		Esys_FlushContext(t.esys, ek);
	cordon__tpm_close(&t);
	json_object_put(o);
	json_tokener_free(tok);
	free(b);
	free(e);
	return rc;
}
