// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host attestation tests: IMA lists and PCR extends as the kernel makes
 * them (security/integrity/ima: ima_fs.c, ima_template_lib.c,
 * ima_crypto.c ima_calc_field_array_hash_tfm(), ima_queue.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include "gen.h"

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("realloc");
		exit(1);
	}
	return p;
}

void bytes_put(struct bytes *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = xrealloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

void bytes_put32(struct bytes *b, uint32_t v)
{
	uint8_t le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
			  v >> 24 };

	bytes_put(b, le, 4);
}

void bytes_free(struct bytes *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void gen_file_digest(const char *name, uint8_t out[32])
{
	EVP_Digest(name, strlen(name), out, NULL, EVP_sha256(), NULL);
}

static struct gentry *gen_new(struct gen *g, uint32_t pcr, const char *tpl,
			      const char *name)
{
	struct gentry *e;

	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->e = xrealloc(g->e, g->cap * sizeof(*g->e));
	}
	e = &g->e[g->n++];
	memset(e, 0, sizeof(*e));
	e->pcr = pcr;
	snprintf(e->tpl, sizeof(e->tpl), "%s", tpl);
	snprintf(e->name, sizeof(e->name), "%s", name);
	return e;
}

static void field(struct bytes *b, const void *p, size_t n)
{
	bytes_put32(b, (uint32_t)n);
	bytes_put(b, p, n);
}

/* d-ng: "sha256:" '\0' digest; d-ngv2: "ima:sha256:" '\0' digest */
static void digest_field(struct bytes *b, bool v2, const char *alg,
			 const uint8_t *d, size_t dlen)
{
	struct bytes f = { 0 };
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "%s%s:", v2 ? "ima:" : "", alg);
	bytes_put(&f, prefix, strlen(prefix) + 1);
	bytes_put(&f, d, dlen);
	field(b, f.p, f.len);
	bytes_free(&f);
}

struct gentry *gen_add(struct gen *g, uint32_t pcr, const char *tpl,
		       const char *name, const uint8_t digest[32],
		       const uint8_t *sig, size_t siglen,
		       const uint8_t *buf, size_t buflen)
{
	struct gentry *e = gen_new(g, pcr, tpl, name);
	bool v2 = strstr(tpl, "v2") != NULL;
	struct bytes b = { 0 };

	memcpy(e->file_sha256, digest, 32);
	digest_field(&b, v2, "sha256", digest, 32);
	field(&b, name, strlen(name) + 1);
	if (strcmp(tpl, "ima-sig") == 0 || strcmp(tpl, "ima-sigv2") == 0 ||
	    strcmp(tpl, "ima-modsig") == 0)
		field(&b, sig, siglen);
	if (strcmp(tpl, "ima-buf") == 0)
		field(&b, buf, buflen);
	if (strcmp(tpl, "ima-modsig") == 0) {
		/* d-modsig and modsig: empty when there is no modsig */
		field(&b, NULL, 0);
		field(&b, NULL, 0);
	}
	e->data = b.p;
	e->len = b.len;
	return e;
}

struct gentry *gen_add_ima(struct gen *g, uint32_t pcr, const char *name,
			   const uint8_t sha1[20])
{
	struct gentry *e = gen_new(g, pcr, "ima", name);
	struct bytes b = { 0 };

	bytes_put(&b, sha1, 20);
	bytes_put32(&b, (uint32_t)strlen(name));
	bytes_put(&b, name, strlen(name));
	e->data = b.p;
	e->len = b.len;
	return e;
}

struct gentry *gen_add_violation(struct gen *g, uint32_t pcr,
				 const char *name)
{
	static const uint8_t zero[20];
	struct gentry *e = gen_new(g, pcr, "ima-ng", name);
	struct bytes b = { 0 };

	/* ima_eventdigest_ng_init(): no digest, SHA-1 assumed, zeros */
	digest_field(&b, false, "sha1", zero, 20);
	field(&b, name, strlen(name) + 1);
	e->data = b.p;
	e->len = b.len;
	e->violation = true;
	return e;
}

void gen_free(struct gen *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->e[i].data);
	free(g->e);
	memset(g, 0, sizeof(*g));
}

/* the bank hash of an entry: template "ima" pads its name to 256 bytes */
static void entry_hash(const struct gentry *e, const EVP_MD *md,
		       uint8_t *out)
{
	if (strcmp(e->tpl, "ima") == 0) {
		uint8_t in[20 + 256] = { 0 };

		memcpy(in, e->data, 20);
		memcpy(in + 20, e->data + 24, e->len - 24);
		EVP_Digest(in, sizeof(in), out, NULL, md, NULL);
	} else {
		EVP_Digest(e->data, e->len, out, NULL, md, NULL);
	}
}

void gen_bank_digests(const struct gentry *e, uint8_t sha1[20],
		      uint8_t sha256[32])
{
	if (e->violation) {
		memset(sha1, 0xff, 20);
		memset(sha256, 0xff, 32);
		return;
	}
	entry_hash(e, EVP_sha1(), sha1);
	entry_hash(e, EVP_sha256(), sha256);
}

void gen_serialize(const struct gen *g, size_t from, size_t to, size_t hlen,
		   size_t skip, struct bytes *out)
{
	for (size_t i = from; i < to && i < g->n; i++) {
		const struct gentry *e = &g->e[i];
		uint8_t h[32] = { 0 };

		if (i == skip)
			continue;
		if (!e->violation)
			entry_hash(e, hlen == 20 ? EVP_sha1() : EVP_sha256(),
				   h);
		bytes_put32(out, e->pcr);
		bytes_put(out, h, hlen);
		bytes_put32(out, (uint32_t)strlen(e->tpl));
		bytes_put(out, e->tpl, strlen(e->tpl));
		if (strcmp(e->tpl, "ima") != 0)
			bytes_put32(out, (uint32_t)e->len);
		bytes_put(out, e->data, e->len);
	}
}

struct tpm_conn {
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_CONTEXT *esys;
};

static int conn_open(const char *conf, struct tpm_conn *c)
{
	TSS2_RC rc = Tss2_TctiLdr_Initialize(conf, &c->tcti);

	if (rc != TSS2_RC_SUCCESS) {
		fprintf(stderr, "tcti %s: %s\n", conf, Tss2_RC_Decode(rc));
		return -1;
	}
	rc = Esys_Initialize(&c->esys, c->tcti, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		fprintf(stderr, "Esys_Initialize: %s\n", Tss2_RC_Decode(rc));
		Tss2_TctiLdr_Finalize(&c->tcti);
		return -1;
	}
	return 0;
}

static void conn_close(struct tpm_conn *c)
{
	Esys_Finalize(&c->esys);
	Tss2_TctiLdr_Finalize(&c->tcti);
}

static int extend_one(struct tpm_conn *c, uint32_t pcr, const uint8_t sha1[20],
		      const uint8_t sha256[32])
{
	TPML_DIGEST_VALUES v = { .count = 2 };
	TSS2_RC rc;

	v.digests[0].hashAlg = TPM2_ALG_SHA1;
	memcpy(v.digests[0].digest.sha1, sha1, 20);
	v.digests[1].hashAlg = TPM2_ALG_SHA256;
	memcpy(v.digests[1].digest.sha256, sha256, 32);
	rc = Esys_PCR_Extend(c->esys, ESYS_TR_PCR0 + pcr, ESYS_TR_PASSWORD,
			     ESYS_TR_NONE, ESYS_TR_NONE, &v);
	if (rc != TSS2_RC_SUCCESS) {
		fprintf(stderr, "Esys_PCR_Extend: %s\n", Tss2_RC_Decode(rc));
		return -1;
	}
	return 0;
}

int tpm_extend(const char *tcti, uint32_t pcr, const uint8_t sha1[20],
	       const uint8_t sha256[32])
{
	struct tpm_conn c;
	int rc;

	if (conn_open(tcti, &c) < 0)
		return -1;
	rc = extend_one(&c, pcr, sha1, sha256);
	conn_close(&c);
	return rc;
}

int tpm_extend_entries(const char *tcti, const struct gen *g, size_t from,
		       size_t to)
{
	struct tpm_conn c;
	int rc = 0;

	if (conn_open(tcti, &c) < 0)
		return -1;
	for (size_t i = from; i < to && i < g->n && rc == 0; i++) {
		uint8_t s1[20], s256[32];

		gen_bank_digests(&g->e[i], s1, s256);
		rc = extend_one(&c, g->e[i].pcr, s1, s256);
	}
	conn_close(&c);
	return rc;
}

int tpm_read(const char *tcti, uint32_t pcr, bool bank_sha256, uint8_t *out)
{
	TPML_PCR_SELECTION sel = { .count = 1 };
	TPML_PCR_SELECTION *osel = NULL;
	TPML_DIGEST *vals = NULL;
	struct tpm_conn c;
	UINT32 counter;
	TSS2_RC rc;
	int ret = -1;

	sel.pcrSelections[0].hash = bank_sha256 ? TPM2_ALG_SHA256 :
						  TPM2_ALG_SHA1;
	sel.pcrSelections[0].sizeofSelect = 3;
	sel.pcrSelections[0].pcrSelect[pcr / 8] = 1 << (pcr % 8);
	if (conn_open(tcti, &c) < 0)
		return -1;
	rc = Esys_PCR_Read(c.esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
			   &sel, &counter, &osel, &vals);
	if (rc != TSS2_RC_SUCCESS) {
		fprintf(stderr, "Esys_PCR_Read: %s\n", Tss2_RC_Decode(rc));
	} else if (vals->count == 1) {
		memcpy(out, vals->digests[0].buffer, vals->digests[0].size);
		ret = 0;
	}
	Esys_Free(osel);
	Esys_Free(vals);
	conn_close(&c);
	return ret;
}

int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f) {
		perror(path);
		return -1;
	}
	ok = fwrite(p, 1, n, f) == n;
	ok = (fclose(f) == 0) && ok;
	return ok ? 0 : -1;
}
