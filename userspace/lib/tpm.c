// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - a verified TPM 2.0 quote (tss2-esys, OpenSSL)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include <cordon/cordon.h>
#include <cordon/tpm.h>

#include "internal.h"
#include "tpm_internal.h"

/* Quote again this many times at most when the PCRs move under us. */
#define QUOTE_ATTEMPTS 5

bool cordon__tss_is_tcti(TSS2_RC rc)
{
	return (rc & TSS2_RC_LAYER_MASK) == TSS2_TCTI_RC_LAYER;
}

void cordon__tpm_close(struct cordon__tpm *t)
{
	if (t->esys && t->ak != ESYS_TR_NONE && !t->ak_persistent)
		Esys_FlushContext(t->esys, t->ak);
	t->ak = ESYS_TR_NONE;
	if (t->esys)
		Esys_Finalize(&t->esys);
	if (t->tcti)
		Tss2_TctiLdr_Finalize(&t->tcti);
}

static int tpm_open_one(struct cordon__tpm *t, const char *conf, char *msg,
			size_t msglen)
{
	TSS2_RC rc;

	rc = Tss2_TctiLdr_Initialize(conf, &t->tcti);
	if (rc != TSS2_RC_SUCCESS) {
		t->tcti = NULL;
		snprintf(msg, msglen, "%s: %s", conf, Tss2_RC_Decode(rc));
		return -EHOSTUNREACH;
	}
	rc = Esys_Initialize(&t->esys, t->tcti, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		t->esys = NULL;
		Tss2_TctiLdr_Finalize(&t->tcti);
		snprintf(msg, msglen, "%s: %s", conf, Tss2_RC_Decode(rc));
		return cordon__tss_is_tcti(rc) ? -EHOSTUNREACH : -EIO;
	}
	return 0;
}

int cordon__tpm_open(struct cordon__tpm *t, const char *tcti, char *used,
		     size_t usedlen, char *err, size_t errlen)
{
	const char *env = getenv(CORDON_TPM_TCTI_ENV);
	const char *confs[2];
	char msg[2][300];
	size_t n = 0;
	int rc = -EHOSTUNREACH;

	t->ak = ESYS_TR_NONE;
	if (tcti) {
		confs[n++] = tcti;
	} else if (env && *env) {
		confs[n++] = env;
	} else {
		confs[n++] = CORDON_TPM_TCTI_DEFAULT1;
		confs[n++] = CORDON_TPM_TCTI_DEFAULT2;
	}
	for (size_t i = 0; i < n; i++) {
		rc = tpm_open_one(t, confs[i], msg[i], sizeof(msg[i]));
		if (rc == 0) {
			if (used)
				snprintf(used, usedlen, "%s", confs[i]);
			return 0;
		}
	}
	if (n == 1)
		cordon__seterr(err, errlen, "no TPM reachable: %s", msg[0]);
	else
		cordon__seterr(err, errlen, "no TPM reachable: %s; %s", msg[0],
			       msg[1]);
	return rc;
}

int cordon__tss_error(TSS2_RC rc, const char *what, char *err, size_t errlen)
{
	cordon__seterr(err, errlen, "%s: %s (0x%x)", what, Tss2_RC_Decode(rc),
		       rc);
	return cordon__tss_is_tcti(rc) ? -EHOSTUNREACH : -EIO;
}

void cordon__ak_template(int type, TPM2B_PUBLIC *pub)
{
	memset(pub, 0, sizeof(*pub));
	pub->publicArea.nameAlg = TPM2_ALG_SHA256;
	pub->publicArea.objectAttributes =
		TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT |
		TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
		TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH;
	if (type == CORDON_AK_RSA) {
		TPMS_RSA_PARMS *r = &pub->publicArea.parameters.rsaDetail;

		pub->publicArea.type = TPM2_ALG_RSA;
		r->symmetric.algorithm = TPM2_ALG_NULL;
		r->scheme.scheme = TPM2_ALG_RSASSA;
		r->scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
		r->keyBits = 2048;
		r->exponent = 0;
	} else {
		TPMS_ECC_PARMS *e = &pub->publicArea.parameters.eccDetail;

		pub->publicArea.type = TPM2_ALG_ECC;
		e->symmetric.algorithm = TPM2_ALG_NULL;
		e->scheme.scheme = TPM2_ALG_ECDSA;
		e->scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
		e->curveID = TPM2_ECC_NIST_P256;
		e->kdf.scheme = TPM2_ALG_NULL;
	}
}

int cordon__tpm_name(const TPMT_PUBLIC *p, uint8_t *name, size_t *len)
{
	uint8_t buf[sizeof(TPMT_PUBLIC)];
	size_t off = 0;

	if (p->nameAlg != TPM2_ALG_SHA256)
		return -EINVAL;
	if (Tss2_MU_TPMT_PUBLIC_Marshal(p, buf, sizeof(buf), &off) !=
	    TSS2_RC_SUCCESS)
		return -EINVAL;
	name[0] = TPM2_ALG_SHA256 >> 8;
	name[1] = TPM2_ALG_SHA256 & 0xff;
	if (EVP_Digest(buf, off, name + 2, NULL, EVP_sha256(), NULL) != 1)
		return -ENOMEM;
	*len = 2 + 32;
	return 0;
}

void cordon__hex(char *out, const uint8_t *p, size_t n)
{
	static const char h[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		*out++ = h[p[i] >> 4];
		*out++ = h[p[i] & 0xf];
	}
	*out = '\0';
}

/* The key's public part into the quote, marshalled; frees @pub. */
static int keep_public(struct cordon_quote *q, TPM2B_PUBLIC *pub, char *err,
		       size_t errlen)
{
	size_t off = 0;
	TSS2_RC rc;

	q->ak_public = malloc(sizeof(*pub));
	if (!q->ak_public) {
		Esys_Free(pub);
		return -ENOMEM;
	}
	rc = Tss2_MU_TPM2B_PUBLIC_Marshal(pub, q->ak_public, sizeof(*pub),
					  &off);
	Esys_Free(pub);
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "marshalling the attestation key",
					 err, errlen);
	q->ak_public_len = off;
	return 0;
}

static int create_ak(struct cordon__tpm *t, enum cordon_ak_type type,
		     struct cordon_quote *q, char *err, size_t errlen)
{
	static const struct {
		ESYS_TR handle;
		const char *name;
	} hier[] = {
		{ ESYS_TR_RH_ENDORSEMENT, "endorsement" },
		{ ESYS_TR_RH_OWNER, "owner" },
	};
	TPM2B_SENSITIVE_CREATE sens = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION creation_pcr = { 0 };
	TPM2B_PUBLIC tmpl, *pub = NULL;
	TSS2_RC rc = TSS2_RC_SUCCESS;

	cordon__ak_template(type, &tmpl);
	for (size_t i = 0; i < sizeof(hier) / sizeof(hier[0]); i++) {
		rc = Esys_CreatePrimary(t->esys, hier[i].handle,
					ESYS_TR_PASSWORD, ESYS_TR_NONE,
					ESYS_TR_NONE, &sens, &tmpl, &outside,
					&creation_pcr, &t->ak, &pub, NULL, NULL,
					NULL);
		if (rc == TSS2_RC_SUCCESS) {
			q->hierarchy = hier[i].name;
			break;
		}
		t->ak = ESYS_TR_NONE;
		if (cordon__tss_is_tcti(rc))
			break;
	}
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "creating the attestation key",
					 err, errlen);
	q->ak = type;
	return keep_public(q, pub, err, errlen);
}

/* The enrolled key at a persistent handle; its public part as the TPM
 * says it is (the verifier compares it with the pinned one). */
static int persistent_ak(struct cordon__tpm *t, uint32_t handle,
			 struct cordon_quote *q, char *err, size_t errlen)
{
	TPM2B_PUBLIC *pub = NULL;
	TSS2_RC rc;

	rc = Esys_TR_FromTPMPublic(t->esys, handle, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, &t->ak);
	if (rc != TSS2_RC_SUCCESS) {
		t->ak = ESYS_TR_NONE;
		if (cordon__tss_is_tcti(rc))
			return cordon__tss_error(rc, "reading the attestation key",
						 err, errlen);
		cordon__seterr(err, errlen,
			       "no attestation key at persistent handle 0x%08x (run 'cordonctl attest enroll'): %s",
			       handle, Tss2_RC_Decode(rc));
		return -ENOKEY;
	}
	t->ak_persistent = true;
	rc = Esys_ReadPublic(t->esys, t->ak, ESYS_TR_NONE, ESYS_TR_NONE,
			     ESYS_TR_NONE, &pub, NULL, NULL);
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "reading the attestation key",
					 err, errlen);
	q->hierarchy = "endorsement";
	q->ak = pub->publicArea.type == TPM2_ALG_RSA ? CORDON_AK_RSA :
						       CORDON_AK_ECC;
	q->ak_handle = handle;
	return keep_public(q, pub, err, errlen);
}

static TPMI_ALG_HASH tpm_alg(enum cordon_hash alg)
{
	return (TPMI_ALG_HASH)alg;	/* same numbering */
}

static void make_selection(const struct cordon_quote *q,
			   TPML_PCR_SELECTION *sel)
{
	memset(sel, 0, sizeof(*sel));
	sel->count = (UINT32)q->nbanks;
	for (size_t i = 0; i < q->nbanks; i++) {
		TPMS_PCR_SELECTION *s = &sel->pcrSelections[i];

		s->hash = tpm_alg(q->banks[i].alg);
		s->sizeofSelect = 3;
		s->pcrSelect[0] = q->banks[i].mask & 0xff;
		s->pcrSelect[1] = (q->banks[i].mask >> 8) & 0xff;
		s->pcrSelect[2] = (q->banks[i].mask >> 16) & 0xff;
	}
}

/* Banks the TPM has allocated (TPM2_CAP_PCRS). */
static int allocated_banks(struct cordon__tpm *t, bool *sha1, bool *sha256,
			   char *err, size_t errlen)
{
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPMI_YES_NO more;
	TSS2_RC rc;

	*sha1 = *sha256 = false;
	rc = Esys_GetCapability(t->esys, ESYS_TR_NONE, ESYS_TR_NONE,
				ESYS_TR_NONE, TPM2_CAP_PCRS, 0, 1, &more, &cap);
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "reading the TPM's PCR banks", err,
				 errlen);
	for (UINT32 i = 0; i < cap->data.assignedPCR.count; i++) {
		const TPMS_PCR_SELECTION *s =
			&cap->data.assignedPCR.pcrSelections[i];
		bool any = false;

		for (unsigned int j = 0; j < s->sizeofSelect; j++)
			any |= s->pcrSelect[j] != 0;
		if (s->hash == TPM2_ALG_SHA1)
			*sha1 = any;
		else if (s->hash == TPM2_ALG_SHA256)
			*sha256 = any;
	}
	Esys_Free(cap);
	return 0;
}

/* Read every selected PCR (TPM2_PCR_Read returns at most 8 at a time). */
static int read_pcrs(struct cordon__tpm *t, struct cordon_quote *q, char *err,
		     size_t errlen)
{
	TPML_PCR_SELECTION want;
	uint32_t left[CORDON_QUOTE_BANKS];

	for (size_t b = 0; b < q->nbanks; b++)
		left[b] = q->banks[b].mask;
	for (;;) {
		TPML_PCR_SELECTION *out_sel = NULL;
		TPML_DIGEST *vals = NULL;
		UINT32 counter;
		size_t k = 0;
		bool any = false;
		TSS2_RC rc;

		memset(&want, 0, sizeof(want));
		want.count = (UINT32)q->nbanks;
		for (size_t b = 0; b < q->nbanks; b++) {
			TPMS_PCR_SELECTION *s = &want.pcrSelections[b];

			s->hash = tpm_alg(q->banks[b].alg);
			s->sizeofSelect = 3;
			for (unsigned int i = 0; i < 3; i++)
				s->pcrSelect[i] = (left[b] >> (8 * i)) & 0xff;
			any |= left[b] != 0;
		}
		if (!any)
			return 0;
		rc = Esys_PCR_Read(t->esys, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, &want, &counter, &out_sel,
				   &vals);
		if (rc != TSS2_RC_SUCCESS)
			return cordon__tss_error(rc, "reading PCRs", err, errlen);
		for (UINT32 s = 0; s < out_sel->count; s++) {
			const TPMS_PCR_SELECTION *o = &out_sel->pcrSelections[s];
			size_t b;

			for (b = 0; b < q->nbanks; b++)
				if (tpm_alg(q->banks[b].alg) == o->hash)
					break;
			for (unsigned int i = 0; i < CORDON_PCR_COUNT &&
			     i / 8 < o->sizeofSelect; i++) {
				size_t len;

				if (!(o->pcrSelect[i / 8] & (1u << (i % 8))))
					continue;
				len = b < q->nbanks ?
				      cordon_hash_size(q->banks[b].alg) : 0;
				if (b == q->nbanks || k >= vals->count ||
				    vals->digests[k].size != len ||
				    !(left[b] & (1u << i))) {
					Esys_Free(out_sel);
					Esys_Free(vals);
					cordon__seterr(err, errlen,
						       "TPM2_PCR_Read returned an unexpected selection");
					return -EIO;
				}
				memcpy(q->banks[b].v[i], vals->digests[k].buffer,
				       len);
				left[b] &= ~(1u << i);
				k++;
			}
		}
		Esys_Free(out_sel);
		Esys_Free(vals);
		if (k == 0) {
			cordon__seterr(err, errlen,
				       "TPM2_PCR_Read returned no PCR (bank not allocated?)");
			return -EIO;
		}
	}
}

static int pcr_composite(const struct cordon_quote *q, uint8_t *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	if (!ctx)
		return -ENOMEM;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	for (size_t b = 0; ok && b < q->nbanks; b++)
		for (unsigned int i = 0; ok && i < CORDON_PCR_COUNT; i++)
			if (q->banks[b].mask & (1u << i))
				ok = EVP_DigestUpdate(ctx, q->banks[b].v[i],
					cordon_hash_size(q->banks[b].alg));
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -ENOMEM;
}

static int quote_once(struct cordon__tpm *t, struct cordon_quote *q,
		      bool fixed_nonce, bool *stable, char *err, size_t errlen)
{
	TPM2B_DATA qual = { .size = CORDON_NONCE_SIZE };
	TPMT_SIG_SCHEME scheme = { .scheme = TPM2_ALG_NULL };
	TPML_PCR_SELECTION sel;
	TPM2B_ATTEST *att = NULL;
	TPMT_SIGNATURE *sig = NULL;
	TPMS_ATTEST a;
	uint8_t digest[32];
	size_t off = 0;
	TSS2_RC rc;
	int ret;

	if (!fixed_nonce && RAND_bytes(q->nonce, CORDON_NONCE_SIZE) != 1) {
		cordon__seterr(err, errlen, "no random nonce from OpenSSL");
		return -EIO;
	}
	memcpy(qual.buffer, q->nonce, CORDON_NONCE_SIZE);
	make_selection(q, &sel);
	rc = Esys_Quote(t->esys, t->ak, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			ESYS_TR_NONE, &qual, &scheme, &sel, &att, &sig);
	if (rc != TSS2_RC_SUCCESS)
		return cordon__tss_error(rc, "TPM2_Quote", err, errlen);

	free(q->attest);
	free(q->sig);
	q->sig = malloc(sizeof(*sig));
	q->attest = malloc(att->size ? att->size : 1);
	if (!q->sig || !q->attest) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(q->attest, att->attestationData, att->size);
	q->attest_len = att->size;
	rc = Tss2_MU_TPMT_SIGNATURE_Marshal(sig, q->sig, sizeof(*sig), &off);
	if (rc != TSS2_RC_SUCCESS) {
		ret = cordon__tss_error(rc, "marshalling the signature", err, errlen);
		goto out;
	}
	q->sig_len = off;

	ret = read_pcrs(t, q, err, errlen);
	if (ret < 0)
		goto out;
	/* unverified look at the quote: did the PCRs move after it? */
	off = 0;
	*stable = false;
	if (Tss2_MU_TPMS_ATTEST_Unmarshal(q->attest, q->attest_len, &off,
					  &a) == TSS2_RC_SUCCESS &&
	    a.type == TPM2_ST_ATTEST_QUOTE &&
	    a.attested.quote.pcrDigest.size == sizeof(digest)) {
		ret = pcr_composite(q, digest);
		if (ret < 0)
			goto out;
		*stable = memcmp(digest, a.attested.quote.pcrDigest.buffer,
				 sizeof(digest)) == 0;
	} else {
		*stable = true;	/* broken: let the verifier say why */
	}
	ret = 0;
out:
	Esys_Free(att);
	Esys_Free(sig);
	return ret;
}

int cordon_tpm_quote(const struct cordon_quote_opts *o,
		     struct cordon_quote *q, char *err, size_t errlen)
{
	struct cordon__tpm t = { .ak = ESYS_TR_NONE };
	bool sha1 = false, sha256 = false, stable = false;
	int rc;

	if (!o || !q || !o->pcrs_sha256 ||
	    (o->pcrs_sha256 | o->pcrs_sha1) >> CORDON_PCR_COUNT ||
	    (o->ak != CORDON_AK_ECC && o->ak != CORDON_AK_RSA)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	memset(q, 0, sizeof(*q));
	if (o->nonce)
		memcpy(q->nonce, o->nonce, CORDON_NONCE_SIZE);
	rc = cordon__tpm_open(&t, o->tcti, q->tcti, sizeof(q->tcti), err,
			      errlen);
	if (rc < 0)
		return rc;
	rc = allocated_banks(&t, &sha1, &sha256, err, errlen);
	if (rc < 0)
		goto out;
	if (!sha256) {
		cordon__seterr(err, errlen,
			       "the TPM has no SHA-256 PCR bank allocated");
		rc = -EIO;
		goto out;
	}
	q->banks[0].alg = CORDON_HASH_SHA256;
	q->banks[0].mask = o->pcrs_sha256;
	q->nbanks = 1;
	if (o->pcrs_sha1 && sha1) {
		q->banks[1].alg = CORDON_HASH_SHA1;
		q->banks[1].mask = o->pcrs_sha1;
		q->nbanks = 2;
	}
	if (o->ak_handle)
		rc = persistent_ak(&t, o->ak_handle, q, err, errlen);
	else
		rc = create_ak(&t, o->ak, q, err, errlen);
	if (rc < 0)
		goto out;
	for (int i = 0; i < QUOTE_ATTEMPTS && !stable; i++) {
		rc = quote_once(&t, q, o->nonce != NULL, &stable, err, errlen);
		if (rc < 0)
			goto out;
	}
	cordon__tpm_close(&t);
	if (o->hooks && o->hooks->after_quote)
		o->hooks->after_quote(q, o->hooks->arg);
	if (o->pinned)
		return cordon_quote_verify_ak(q, o->pinned, err, errlen);
	return cordon_quote_verify(q, err, errlen);
out:
	cordon__tpm_close(&t);
	cordon_quote_free(q);
	if (rc == -ENOMEM)
		cordon__seterr(err, errlen, "out of memory");
	return rc;
}

/* The attestation key as an OpenSSL public key. */
static int ak_pkey(const TPMT_PUBLIC *p, EVP_PKEY **pkey)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	BIGNUM *n = NULL, *e = NULL;
	uint8_t point[1 + 2 * 66];
	int ok = 0;

	*pkey = NULL;
	if (!bld)
		return -ENOMEM;
	if (p->type == TPM2_ALG_ECC) {
		const TPM2B_ECC_PARAMETER *x = &p->unique.ecc.x;
		const TPM2B_ECC_PARAMETER *y = &p->unique.ecc.y;

		if (x->size != 32 || y->size != 32)
			goto out;
		point[0] = 0x04;
		memcpy(point + 1, x->buffer, 32);
		memcpy(point + 33, y->buffer, 32);
		ok = OSSL_PARAM_BLD_push_utf8_string(bld,
				OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
		     OSSL_PARAM_BLD_push_octet_string(bld,
				OSSL_PKEY_PARAM_PUB_KEY, point, 65);
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	} else {
		uint32_t exp = p->parameters.rsaDetail.exponent;

		n = BN_bin2bn(p->unique.rsa.buffer, p->unique.rsa.size, NULL);
		e = BN_new();
		ok = n && e && BN_set_word(e, exp ? exp : 65537) &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	}
	ok = ok && ctx && (params = OSSL_PARAM_BLD_to_param(bld)) &&
	     EVP_PKEY_fromdata_init(ctx) > 0 &&
	     EVP_PKEY_fromdata(ctx, pkey, EVP_PKEY_PUBLIC_KEY, params) > 0;
out:
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(n);
	BN_free(e);
	return ok ? 0 : -EBADMSG;
}

/* The TPM's signature as OpenSSL wants it (DER for ECDSA). */
static int sig_bytes(const TPMT_SIGNATURE *s, uint8_t **out, size_t *len)
{
	*out = NULL;
	if (s->sigAlg == TPM2_ALG_ECDSA) {
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *r, *ss;
		unsigned char *der = NULL;
		int n;

		if (!es)
			return -ENOMEM;
		r = BN_bin2bn(s->signature.ecdsa.signatureR.buffer,
			      s->signature.ecdsa.signatureR.size, NULL);
		ss = BN_bin2bn(s->signature.ecdsa.signatureS.buffer,
			       s->signature.ecdsa.signatureS.size, NULL);
		if (!r || !ss || !ECDSA_SIG_set0(es, r, ss)) {
			BN_free(r);
			BN_free(ss);
			ECDSA_SIG_free(es);
			return -ENOMEM;
		}
		n = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		if (n <= 0)
			return -ENOMEM;
		*out = malloc((size_t)n);
		if (*out)
			memcpy(*out, der, (size_t)n);
		OPENSSL_free(der);
		*len = (size_t)n;
		return *out ? 0 : -ENOMEM;
	}
	*len = s->signature.rsassa.sig.size;
	*out = malloc(*len ? *len : 1);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, s->signature.rsassa.sig.buffer, *len);
	return 0;
}

static int verify_signature(const struct cordon_quote *q, char *err,
			    size_t errlen)
{
	TPM2B_PUBLIC pub;
	TPMT_SIGNATURE sig;
	const TPMT_PUBLIC *p = &pub.publicArea;
	TPMA_OBJECT need = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT |
			   TPMA_OBJECT_FIXEDTPM;
	EVP_PKEY *pkey = NULL;
	EVP_MD_CTX *mctx = NULL;
	uint8_t *raw = NULL;
	size_t off = 0, rawlen = 0;
	TPMI_ALG_HASH hash;
	int rc;

	memset(&pub, 0, sizeof(pub));
	memset(&sig, 0, sizeof(sig));
	if (Tss2_MU_TPM2B_PUBLIC_Unmarshal(q->ak_public, q->ak_public_len,
					   &off, &pub) != TSS2_RC_SUCCESS ||
	    off != q->ak_public_len) {
		cordon__seterr(err, errlen,
			       "quote: the attestation key does not unmarshal");
		return -EBADMSG;
	}
	if ((p->objectAttributes & need) != need ||
	    (p->objectAttributes & TPMA_OBJECT_DECRYPT) ||
	    (p->type != TPM2_ALG_ECC && p->type != TPM2_ALG_RSA) ||
	    (p->type == TPM2_ALG_ECC &&
	     p->parameters.eccDetail.curveID != TPM2_ECC_NIST_P256)) {
		cordon__seterr(err, errlen,
			       "quote: the attestation key is not a restricted signing key of a supported kind");
		return -EBADMSG;
	}
	off = 0;
	if (Tss2_MU_TPMT_SIGNATURE_Unmarshal(q->sig, q->sig_len, &off,
					     &sig) != TSS2_RC_SUCCESS ||
	    off != q->sig_len) {
		cordon__seterr(err, errlen,
			       "quote: the signature does not unmarshal");
		return -EBADMSG;
	}
	if (!((p->type == TPM2_ALG_ECC && sig.sigAlg == TPM2_ALG_ECDSA) ||
	      (p->type == TPM2_ALG_RSA && (sig.sigAlg == TPM2_ALG_RSASSA ||
					   sig.sigAlg == TPM2_ALG_RSAPSS)))) {
		cordon__seterr(err, errlen,
			       "quote: signature scheme 0x%x does not fit the key",
			       sig.sigAlg);
		return -EBADMSG;
	}
	/* ecdsa, rsassa and rsapss start with the same hash field */
	hash = sig.sigAlg == TPM2_ALG_ECDSA ? sig.signature.ecdsa.hash :
					       sig.signature.rsassa.hash;
	if (hash != TPM2_ALG_SHA256) {
		cordon__seterr(err, errlen,
			       "quote: signature hash 0x%x is not SHA-256", hash);
		return -EBADMSG;
	}
	rc = ak_pkey(p, &pkey);
	if (rc < 0) {
		cordon__seterr(err, errlen,
			       "quote: the attestation key is not usable by OpenSSL");
		return rc;
	}
	rc = sig_bytes(&sig, &raw, &rawlen);
	if (rc < 0)
		goto out;
	mctx = EVP_MD_CTX_new();
	if (!mctx) {
		rc = -ENOMEM;
		goto out;
	}
	{
		EVP_PKEY_CTX *pctx = NULL;

		rc = -EBADMSG;
		if (EVP_DigestVerifyInit(mctx, &pctx, EVP_sha256(), NULL,
					 pkey) != 1)
			goto out;
		if (sig.sigAlg == TPM2_ALG_RSAPSS &&
		    (EVP_PKEY_CTX_set_rsa_padding(pctx,
						  RSA_PKCS1_PSS_PADDING) != 1 ||
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx,
						      RSA_PSS_SALTLEN_AUTO) != 1))
			goto out;
		if (EVP_DigestVerify(mctx, raw, rawlen, q->attest,
				     q->attest_len) == 1)
			rc = 0;
	}
out:
	if (rc == -EBADMSG)
		cordon__seterr(err, errlen,
			       "quote: the signature over the attestation data does not verify with the attestation key");
	else if (rc == -ENOMEM)
		cordon__seterr(err, errlen, "out of memory");
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_free(pkey);
	free(raw);
	return rc;
}

int cordon_quote_verify(struct cordon_quote *q, char *err, size_t errlen)
{
	TPMS_ATTEST a;
	TPML_PCR_SELECTION want;
	const TPML_PCR_SELECTION *got;
	uint8_t digest[32];
	size_t off = 0;
	int rc;

	if (!q || !q->attest || !q->sig || !q->ak_public || !q->nbanks ||
	    q->nbanks > CORDON_QUOTE_BANKS) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	rc = verify_signature(q, err, errlen);
	if (rc < 0)
		return rc;
	memset(&a, 0, sizeof(a));
	if (Tss2_MU_TPMS_ATTEST_Unmarshal(q->attest, q->attest_len, &off,
					  &a) != TSS2_RC_SUCCESS ||
	    off != q->attest_len) {
		cordon__seterr(err, errlen,
			       "quote: the attestation data does not unmarshal");
		return -EBADMSG;
	}
	if (a.magic != TPM2_GENERATED_VALUE) {
		cordon__seterr(err, errlen,
			       "quote: magic 0x%08x is not TPM_GENERATED_VALUE",
			       a.magic);
		return -EBADMSG;
	}
	if (a.type != TPM2_ST_ATTEST_QUOTE) {
		cordon__seterr(err, errlen,
			       "quote: type 0x%04x is not TPM_ST_ATTEST_QUOTE",
			       a.type);
		return -EBADMSG;
	}
	if (a.extraData.size != CORDON_NONCE_SIZE ||
	    memcmp(a.extraData.buffer, q->nonce, CORDON_NONCE_SIZE) != 0) {
		char e[2 * CORDON_NONCE_SIZE + 1];
		char s[2 * sizeof(a.extraData.buffer) + 1];

		cordon__hex(e, q->nonce, CORDON_NONCE_SIZE);
		cordon__hex(s, a.extraData.buffer, a.extraData.size);
		cordon__seterr(err, errlen,
			       "quote: nonce mismatch: expected %s, quoted %s",
			       e, s);
		return -EBADMSG;
	}
	make_selection(q, &want);
	got = &a.attested.quote.pcrSelect;
	if (got->count != want.count) {
		cordon__seterr(err, errlen,
			       "quote: %u PCR banks quoted, %u asked",
			       got->count, want.count);
		return -EBADMSG;
	}
	for (UINT32 i = 0; i < want.count; i++) {
		const TPMS_PCR_SELECTION *g = &got->pcrSelections[i];
		const TPMS_PCR_SELECTION *w = &want.pcrSelections[i];
		uint8_t sel[4] = { 0 };

		memcpy(sel, g->pcrSelect,
		       g->sizeofSelect < 4 ? g->sizeofSelect : 4);
		if (g->hash != w->hash || g->sizeofSelect > 4 ||
		    memcmp(sel, w->pcrSelect, 3) != 0 || sel[3]) {
			cordon__seterr(err, errlen,
				       "quote: quoted PCR selection differs from the one asked");
			return -EBADMSG;
		}
	}
	rc = pcr_composite(q, digest);
	if (rc < 0) {
		cordon__seterr(err, errlen, "out of memory");
		return rc;
	}
	if (a.attested.quote.pcrDigest.size != sizeof(digest) ||
	    memcmp(a.attested.quote.pcrDigest.buffer, digest,
		   sizeof(digest)) != 0) {
		char e[65], s[2 * sizeof(a.attested.quote.pcrDigest.buffer) + 1];

		cordon__hex(e, digest, sizeof(digest));
		cordon__hex(s, a.attested.quote.pcrDigest.buffer,
		    a.attested.quote.pcrDigest.size);
		cordon__seterr(err, errlen,
			       "quote: pcrDigest %s is not the digest of the PCR values read (%s)",
			       s, e);
		return -EBADMSG;
	}
	memcpy(q->pcr_digest, digest, sizeof(digest));
	q->clock = a.clockInfo.clock;
	q->reset_count = a.clockInfo.resetCount;
	q->restart_count = a.clockInfo.restartCount;
	q->safe = a.clockInfo.safe == TPM2_YES;
	q->firmware_version = a.firmwareVersion;
	q->signer_len = a.qualifiedSigner.size <= sizeof(q->signer) ?
			a.qualifiedSigner.size : 0;
	memcpy(q->signer, a.qualifiedSigner.name, q->signer_len);
	cordon__clearerr(err, errlen);
	return 0;
}

const uint8_t *cordon_quote_pcr(const struct cordon_quote *q,
				enum cordon_hash bank, unsigned int pcr)
{
	if (!q || pcr >= CORDON_PCR_COUNT)
		return NULL;
	for (size_t b = 0; b < q->nbanks && b < CORDON_QUOTE_BANKS; b++)
		if (q->banks[b].alg == bank && (q->banks[b].mask & (1u << pcr)))
			return q->banks[b].v[pcr];
	return NULL;
}

void cordon_quote_free(struct cordon_quote *q)
{
	if (!q)
		return;
	free(q->attest);
	free(q->sig);
	free(q->ak_public);
	q->attest = q->sig = q->ak_public = NULL;
	q->attest_len = q->sig_len = q->ak_public_len = 0;
}
