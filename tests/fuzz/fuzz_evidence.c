// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the evidence a target sends a verifier
 * (cordon_evidence_parse(), json-c underneath), then the verifier's
 * whole check of what it accepts (cordon_attest_verify(): the key, the
 * quote's unmarshalling and signature, the IMA list, the manifest) against
 * a fixed pinned key (the unit tests' swtpm AK) and manifest.
 *
 * Properties: a parse fails with -EBADMSG and a message, or the evidence
 * it gives formats (cordon_evidence_format()) to text that parses back to
 * the same evidence; the verifier answers 0 with a verdict that does not
 * pass (no input carries a signature by the pinned key) and every failed
 * check has a reason, and no ticket comes of it.
 * Seeds: evidence as cordon_evidence_format() writes it (seedgen.c: the
 * pinned key's public part, the fixture's IMA list, a made-up quote).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/manifest.h>
#include <cordon/tpm.h>

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cordon_ak fuzz_ak;
static struct cordon_manifest fuzz_manifest;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char ak[] = "{\"format\":1,\"handle\":\"0x8101c07d\","
		"\"type\":\"ecc\",\"public\":\"" FUZZ_AK_PUBLIC_B64 "\","
		"\"name\":\"" FUZZ_AK_NAME "\",\"qualified_name\":\""
		FUZZ_AK_QN "\",\"ek_verified\":false}";
	static const char manifest[] = "allowlist\nexclude /tmp/.*\n"
		"file /usr/bin/runc sha256:"
		"0000000000000000000000000000000000000000000000000000000000000000\n";
	char err[CORDON_ERR_MAX];

	(void)argc;
	(void)argv;
	if (cordon_ak_parse(ak, sizeof(ak) - 1, &fuzz_ak, err, sizeof(err)) ||
	    cordon_manifest_parse(manifest, sizeof(manifest) - 1, "fuzz",
				  &fuzz_manifest, err, sizeof(err)))
		abort();
	return 0;
}

static void fuzz_same(const struct cordon_evidence *a,
		      const struct cordon_evidence *b)
{
	const struct cordon_quote *p = &a->quote, *q = &b->quote;

#define SAME_BUF(x, y, n, m) ((n) == (m) && (!(n) || !memcmp((x), (y), (n))))
	if (memcmp(a->challenge, b->challenge, sizeof(a->challenge)) ||
	    a->has_policy_digest != b->has_policy_digest ||
	    (a->has_policy_digest &&
	     memcmp(a->policy_digest, b->policy_digest,
		    sizeof(a->policy_digest))) ||
	    strcmp(p->tcti, q->tcti) ||
	    !SAME_BUF(p->attest, q->attest, p->attest_len, q->attest_len) ||
	    !SAME_BUF(p->sig, q->sig, p->sig_len, q->sig_len) ||
	    !SAME_BUF(p->ak_public, q->ak_public, p->ak_public_len,
		      q->ak_public_len) ||
	    !SAME_BUF(a->ek_cert, b->ek_cert, a->ek_cert_len,
		      b->ek_cert_len) ||
	    a->log_alg != b->log_alg ||
	    !SAME_BUF(a->log, b->log, a->log_len, b->log_len) ||
	    p->nbanks != q->nbanks)
		abort();
	for (size_t i = 0; i < p->nbanks; i++) {
		const struct cordon_pcr_bank *x = &p->banks[i], *y = &q->banks[i];

		if (x->alg != y->alg || x->mask != y->mask)
			abort();
		for (unsigned int k = 0; k < CORDON_PCR_COUNT; k++)
			if ((x->mask & (1u << k)) &&
			    memcmp(x->v[k], y->v[k], cordon_hash_size(x->alg)))
				abort();
	}
#undef SAME_BUF
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_verify_opts o = {
		.ak = &fuzz_ak,
		.manifest = &fuzz_manifest,
	};
	struct cordon_evidence ev, back;
	struct cordon_verdict v;
	struct cordon_ticket t;
	char err[CORDON_ERR_MAX], *text;
	int rc;

	rc = cordon_evidence_parse((const char *)data, size, &ev, err,
				   sizeof(err));
	if (rc != 0) {
		if (rc != -EBADMSG || !err[0])
			abort();
		return 0;
	}
	text = cordon_evidence_format(&ev);
	if (!text || cordon_evidence_parse(text, strlen(text), &back, err,
					   sizeof(err)) != 0)
		abort();
	fuzz_same(&ev, &back);
	cordon_evidence_free(&back);
	free(text);

	if (cordon_attest_verify(&ev, &o, &v) != 0 || v.pass)
		abort();
	for (int c = 0; c < CORDON_CHECK_COUNT; c++)
		if (v.checks[c].state == CORDON_CHECK_FAILED &&
		    !v.checks[c].reason[0])
			abort();
	if (cordon_ticket_make(&ev, &v, 0, 0, &t, err, sizeof(err)) != -EPERM)
		abort();
	cordon_verdict_free(&v);
	cordon_evidence_free(&ev);
	return 0;
}
