// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the local verifier key sealed in the TPM under a PCR policy
 *
 * The key's private scalar (ECC P-256, 32 bytes: sealed data holds at most
 * 128) is sealed as a keyed-hash object under the owner hierarchy's
 * storage primary key (the TCG default ECC P-256 template, recreated each
 * time), with no authValue use and an authPolicy of TPM2_PolicyPCR over the
 * chosen SHA-256 PCRs at their values when sealed.  Unsealing needs a
 * policy session in which the same PolicyPCR holds: on a machine booted
 * differently (another firmware, boot loader, kernel or command line:
 * PCRs 0-7), the TPM refuses, and no local ticket can be signed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>

#include <cordon/cordon.h>
#include <cordon/sign.h>
#include <cordon/tpm.h>

#include "internal.h"
#include "tpm_internal.h"

#define SEALED_FORMAT 1
#define SEALED_MAX (64 * 1024)

static void srk_template(TPM2B_PUBLIC *pub)
{
	TPMS_ECC_PARMS *e = &pub->publicArea.parameters.eccDetail;

	memset(pub, 0, sizeof(*pub));
	pub->publicArea.type = TPM2_ALG_ECC;
	pub->publicArea.nameAlg = TPM2_ALG_SHA256;
	pub->publicArea.objectAttributes =
		TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
		TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
		TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED |
		TPMA_OBJECT_DECRYPT;
	e->symmetric.algorithm = TPM2_ALG_AES;
	e->symmetric.keyBits.aes = 128;
	e->symmetric.mode.aes = TPM2_ALG_CFB;
	e->scheme.scheme = TPM2_ALG_NULL;
	e->curveID = TPM2_ECC_NIST_P256;
	e->kdf.scheme = TPM2_ALG_NULL;
	pub->publicArea.unique.ecc.x.size = 32;
	pub->publicArea.unique.ecc.y.size = 32;
}

static int create_srk(struct cordon__tpm *t, ESYS_TR *srk, char *err,
		      size_t errlen)
{
	TPM2B_SENSITIVE_CREATE sens = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION none = { 0 };
	TPM2B_PUBLIC tmpl;
	TSS2_RC rc;

	srk_template(&tmpl);
	rc = Esys_CreatePrimary(t->esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD,
				ESYS_TR_NONE, ESYS_TR_NONE, &sens, &tmpl,
				&outside, &none, srk, NULL, NULL, NULL, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		*srk = ESYS_TR_NONE;
		return cordon__tss_error(rc, "creating the storage primary key (owner)",
					 err, errlen);
	}
	return 0;
}

static void pcr_selection(uint32_t pcrs, TPML_PCR_SELECTION *sel)
{
	memset(sel, 0, sizeof(*sel));
	sel->count = 1;
	sel->pcrSelections[0].hash = TPM2_ALG_SHA256;
	sel->pcrSelections[0].sizeofSelect = 3;
	for (int i = 0; i < 3; i++)
		sel->pcrSelections[0].pcrSelect[i] = (pcrs >> (8 * i)) & 0xff;
}

/* A session (trial or real) in which PolicyPCR(@pcrs) was run. */
static int policy_pcr(struct cordon__tpm *t, TPM2_SE type, uint32_t pcrs,
		      ESYS_TR *session, char *err, size_t errlen)
{
	TPMT_SYM_DEF sym = { .algorithm = TPM2_ALG_NULL };
	TPML_PCR_SELECTION sel;
	TPM2B_DIGEST none = { 0 };	/* the TPM takes the current values */
	TSS2_RC rc;

	rc = Esys_StartAuthSession(t->esys, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				   NULL, type, &sym, TPM2_ALG_SHA256, session);
	if (rc != TSS2_RC_SUCCESS) {
		*session = ESYS_TR_NONE;
		return cordon__tss_error(rc, "starting a policy session", err,
					 errlen);
	}
	pcr_selection(pcrs, &sel);
	rc = Esys_PolicyPCR(t->esys, *session, ESYS_TR_NONE, ESYS_TR_NONE,
			    ESYS_TR_NONE, &none, &sel);
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "TPM2_PolicyPCR", err, errlen);
	return 0;
}

static void pcr_list(uint32_t pcrs, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < CORDON_PCR_COUNT && n < size; i++)
		if (pcrs & (1u << i))
			n += (size_t)snprintf(buf + n, size - n, "%s%u",
					      n ? "," : "", i);
}

int cordon_tpm_seal_key(const char *tcti, const char *key_path, uint32_t pcrs,
			char **out, char *err, size_t errlen)
{
	struct cordon__tpm t = { .ak = ESYS_TR_NONE };
	ESYS_TR trial = ESYS_TR_NONE, srk = ESYS_TR_NONE;
	TPM2B_DIGEST *policy = NULL;
	TPM2B_SENSITIVE_CREATE sens = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION none = { 0 };
	TPM2B_PUBLIC tmpl = { 0 }, *pub = NULL;
	TPM2B_PRIVATE *priv = NULL;
	uint8_t pbuf[sizeof(TPM2B_PUBLIC)], vbuf[sizeof(TPM2B_PRIVATE)];
	size_t plen = 0, vlen = 0;
	unsigned char *kbuf = NULL;
	size_t klen = 0;
	EVP_PKEY *key = NULL;
	BIGNUM *d = NULL;
	json_object *o = NULL;
	char list[80], *pb = NULL, *vb = NULL, hex[65];
	TSS2_RC trc;
	int rc;

	if (!key_path || !out || !pcrs || pcrs >> CORDON_PCR_COUNT) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	rc = cordon_sign_read_file(key_path, SEALED_MAX, &kbuf, &klen, err,
				   errlen);
	if (rc < 0)
		return rc;
	{
		const unsigned char *p = kbuf;
		BIO *bio = BIO_new_mem_buf(kbuf, (int)klen);

		key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) :
			    NULL;
		BIO_free(bio);
		if (!key)
			key = d2i_AutoPrivateKey(NULL, &p, (long)klen);
	}
	OPENSSL_cleanse(kbuf, klen);
	free(kbuf);
	if (!key || !EVP_PKEY_is_a(key, "EC") ||
	    EVP_PKEY_get_bits(key) != 256 ||
	    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1 ||
	    BN_bn2binpad(d, sens.sensitive.data.buffer, 32) != 32) {
		cordon__seterr(err, errlen,
			       "%s: not an ECC P-256 private key (the TPM seals at most 128 bytes: the key's 32-byte scalar)",
			       key_path);
		rc = -EBADMSG;
		goto out;
	}
	sens.sensitive.data.size = 32;

	rc = cordon__tpm_open(&t, tcti, NULL, 0, err, errlen);
	if (rc < 0)
		goto out;
	rc = policy_pcr(&t, TPM2_SE_TRIAL, pcrs, &trial, err, errlen);
	if (rc < 0)
		goto out;
	trc = Esys_PolicyGetDigest(t.esys, trial, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, &policy);
	if (trc != TSS2_RC_SUCCESS) {
		rc = cordon__tss_error(trc, "TPM2_PolicyGetDigest", err, errlen);
		goto out;
	}
	rc = create_srk(&t, &srk, err, errlen);
	if (rc < 0)
		goto out;
	tmpl.publicArea.type = TPM2_ALG_KEYEDHASH;
	tmpl.publicArea.nameAlg = TPM2_ALG_SHA256;
	/* no USERWITHAUTH: only the policy opens it */
	tmpl.publicArea.objectAttributes = TPMA_OBJECT_FIXEDTPM |
					   TPMA_OBJECT_FIXEDPARENT;
	tmpl.publicArea.authPolicy = *policy;
	tmpl.publicArea.parameters.keyedHashDetail.scheme.scheme =
		TPM2_ALG_NULL;
	trc = Esys_Create(t.esys, srk, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			  ESYS_TR_NONE, &sens, &tmpl, &outside, &none, &priv,
			  &pub, NULL, NULL, NULL);
	if (trc != TSS2_RC_SUCCESS) {
		rc = cordon__tss_error(trc, "sealing the key (TPM2_Create)", err,
				       errlen);
		goto out;
	}
	if (Tss2_MU_TPM2B_PUBLIC_Marshal(pub, pbuf, sizeof(pbuf), &plen) !=
	    TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_PRIVATE_Marshal(priv, vbuf, sizeof(vbuf), &vlen) !=
	    TSS2_RC_SUCCESS) {
		cordon__seterr(err, errlen, "marshalling the sealed object");
		rc = -EIO;
		goto out;
	}
	pcr_list(pcrs, list, sizeof(list));
	cordon__hex(hex, policy->buffer, policy->size < 32 ? policy->size : 32);
	pb = cordon__b64_encode(pbuf, plen);
	vb = cordon__b64_encode(vbuf, vlen);
	o = json_object_new_object();
	rc = -ENOMEM;
	if (!pb || !vb || !o)
		goto out;
	json_object_object_add(o, "format", json_object_new_int(SEALED_FORMAT));
	json_object_object_add(o, "pcrs_sha256", json_object_new_string(list));
	json_object_object_add(o, "policy", json_object_new_string(hex));
	json_object_object_add(o, "public", json_object_new_string(pb));
	json_object_object_add(o, "private", json_object_new_string(vb));
	*out = strdup(json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	rc = *out ? 0 : -ENOMEM;
	if (rc == 0)
		cordon__clearerr(err, errlen);
out:
	if (rc == -ENOMEM)
		cordon__seterr(err, errlen, "out of memory");
	OPENSSL_cleanse(&sens, sizeof(sens));
	json_object_put(o);
	free(pb);
	free(vb);
	Esys_Free(policy);
	Esys_Free(pub);
	Esys_Free(priv);
	if (trial != ESYS_TR_NONE)
		Esys_FlushContext(t.esys, trial);
	if (srk != ESYS_TR_NONE)
		Esys_FlushContext(t.esys, srk);
	cordon__tpm_close(&t);
	BN_clear_free(d);
	EVP_PKEY_free(key);
	return rc;
}

static int parse_pcrs(const char *s, uint32_t *pcrs)
{
	*pcrs = 0;
	while (s && *s) {
		char *end;
		unsigned long i = strtoul(s, &end, 10);

		if (end == s || i >= CORDON_PCR_COUNT || (*end && *end != ','))
			return -EINVAL;
		*pcrs |= 1u << i;
		s = *end ? end + 1 : end;
	}
	return *pcrs ? 0 : -EINVAL;
}

/* The P-256 key of a private scalar (the public point computed). */
static EVP_PKEY *key_from_scalar(const uint8_t *scalar)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	EC_POINT *pt = g ? EC_POINT_new(g) : NULL;
	BIGNUM *d = BN_bin2bn(scalar, 32, NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;
	uint8_t point[65];

	if (g && pt && d && bld && ctx &&
	    EC_POINT_mul(g, pt, d, NULL, NULL, NULL) == 1 &&
	    EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, point,
			       sizeof(point), NULL) == sizeof(point) &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					    "prime256v1", 0) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					     point, sizeof(point)) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) &&
	    EVP_PKEY_fromdata_init(ctx) > 0)
		EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_clear_free(d);
	EC_POINT_free(pt);
	EC_GROUP_free(g);
	return key;
}

int cordon_tpm_unseal_key(const char *tcti, const char *path,
			  struct evp_pkey_st **key, char *err, size_t errlen)
{
	struct cordon__tpm t = { .ak = ESYS_TR_NONE };
	ESYS_TR session = ESYS_TR_NONE, srk = ESYS_TR_NONE, obj = ESYS_TR_NONE;
	TPM2B_SENSITIVE_DATA *data = NULL;
	TPM2B_PUBLIC pub = { 0 };
	TPM2B_PRIVATE priv = { 0 };
	json_object *o = NULL, *v;
	uint8_t *pb = NULL, *vb = NULL;
	size_t plen = 0, vlen = 0, off;
	uint32_t pcrs = 0;
	char *text = NULL;
	size_t len;
	TSS2_RC trc;
	int rc;

	if (!path || !key) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	rc = cordon_read_file(path, SEALED_MAX, &text, &len, err, errlen);
	if (rc < 0)
		return rc;
	rc = -EBADMSG;
	o = json_tokener_parse(text);
	if (!o || !json_object_object_get_ex(o, "format", &v) ||
	    json_object_get_int(v) != SEALED_FORMAT ||
	    !json_object_object_get_ex(o, "pcrs_sha256", &v) ||
	    parse_pcrs(json_object_get_string(v), &pcrs) < 0 ||
	    !json_object_object_get_ex(o, "public", &v) ||
	    cordon__b64_decode(json_object_get_string(v), &pb, &plen) < 0 ||
	    !json_object_object_get_ex(o, "private", &v) ||
	    cordon__b64_decode(json_object_get_string(v), &vb, &vlen) < 0 ||
	    Tss2_MU_TPM2B_PUBLIC_Unmarshal(pb, plen, (off = 0, &off), &pub) !=
	    TSS2_RC_SUCCESS || off != plen ||
	    Tss2_MU_TPM2B_PRIVATE_Unmarshal(vb, vlen, (off = 0, &off), &priv) !=
	    TSS2_RC_SUCCESS || off != vlen) {
		cordon__seterr(err, errlen,
			       "%s: not a sealed key as 'cordonctl attest seal-key' writes it",
			       path);
		goto out;
	}
	rc = cordon__tpm_open(&t, tcti, NULL, 0, err, errlen);
	if (rc < 0)
		goto out;
	rc = create_srk(&t, &srk, err, errlen);
	if (rc < 0)
		goto out;
	trc = Esys_Load(t.esys, srk, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			ESYS_TR_NONE, &priv, &pub, &obj);
	if (trc != TSS2_RC_SUCCESS) {
		obj = ESYS_TR_NONE;
		cordon__seterr(err, errlen,
			       "%s: the TPM does not load the sealed key (sealed on another TPM, or its owner hierarchy was cleared): %s",
			       path, Tss2_RC_Decode(trc));
		rc = cordon__tss_is_tcti(trc) ? -EHOSTUNREACH : -EKEYREJECTED;
		goto out;
	}
	rc = policy_pcr(&t, TPM2_SE_POLICY, pcrs, &session, err, errlen);
	if (rc < 0)
		goto out;
	trc = Esys_Unseal(t.esys, obj, session, ESYS_TR_NONE, ESYS_TR_NONE,
			  &data);
	if (trc != TSS2_RC_SUCCESS) {
		char list[80];

		pcr_list(pcrs, list, sizeof(list));
		cordon__seterr(err, errlen,
			       "the TPM refuses to unseal the local verifier key: PCRs sha256:%s differ from when it was sealed (booted differently?): %s",
			       list, Tss2_RC_Decode(trc));
		rc = cordon__tss_is_tcti(trc) ? -EHOSTUNREACH : -EKEYREJECTED;
		goto out;
	}
	if (data->size != 32 || !(*key = key_from_scalar(data->buffer))) {
		cordon__seterr(err, errlen, "the unsealed key is not a P-256 scalar");
		rc = -EBADMSG;
		goto out;
	}
	rc = 0;
	cordon__clearerr(err, errlen);
out:
	if (data)
		OPENSSL_cleanse(data, sizeof(*data));
	Esys_Free(data);
	if (session != ESYS_TR_NONE)
		Esys_FlushContext(t.esys, session);
	if (obj != ESYS_TR_NONE)
		Esys_FlushContext(t.esys, obj);
	if (srk != ESYS_TR_NONE)
		Esys_FlushContext(t.esys, srk);
	cordon__tpm_close(&t);
	json_object_put(o);
	free(pb);
	free(vb);
	free(text);
	return rc;
}
