// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the pinned attestation key file (lib/tpm_ak.c), the evidence
 * bundle and the verdict (lib/attest.c), without a TPM: every malformed
 * input refused with a message naming what is wrong, a round trip of the
 * evidence, and no ticket from a verdict that did not pass.  The checks
 * against real quotes are tests/attest's (swtpm).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/tpm.h>

#include "unit.h"

/* A TPM2B_PUBLIC of an ECC P-256 restricted signing key (made by swtpm). */
#define AK_PUBLIC_B64 \
	"AFgAIwALAAUAcgAAABAAGAALAAMAEAAgQxAMB47boX8uaTxNmcaxa4mJIUTUR+LS" \
	"y5GhpfT5IZEAIKbd4SPdmbjYia9i0ydGfQV5dwe2Jve82uYqtlpqOufl"
#define AK_NAME "000bb3886ffdcd49654c29279e6e11dba6f8293be3f26f2121c694eb4dcf9c0d5067"
#define AK_QN "000bae790c8ad4169415317548191db2cd4606ab6c6117d7c1dfe1805148f3ad672a"

static char *ak_json(const char *format, const char *handle, const char *pub,
		     const char *name, const char *qn)
{
	char *s = NULL;

	if (asprintf(&s, "{\"format\":%s,\"handle\":\"%s\",\"type\":\"ecc\","
		     "\"public\":\"%s\",\"name\":\"%s\",\"qualified_name\":\"%s\","
		     "\"ek_verified\":false}", format, handle, pub, name, qn) < 0)
		return NULL;
	return s;
}

static int parse_ak(const char *text, char *err, size_t errlen)
{
	struct cordon_ak ak;
	int rc = cordon_ak_parse(text, strlen(text), &ak, err, errlen);

	if (rc == 0)
		cordon_ak_free(&ak);
	return rc;
}

TEST(ak_file_round_trip)
{
	char err[CORDON_ERR_MAX], *text, *again;
	struct cordon_ak ak;

	text = ak_json("1", "0x8101c07d", AK_PUBLIC_B64, AK_NAME, AK_QN);
	REQUIRE(text);
	CHECK_EQ(cordon_ak_parse(text, strlen(text), &ak, err, sizeof(err)), 0);
	CHECK_EQ(ak.handle, 0x8101c07dU);
	CHECK_EQ(ak.type, CORDON_AK_ECC);
	CHECK_EQ(ak.name_len, 34);
	CHECK(!ak.ek_verified);
	again = cordon_ak_format(&ak);
	CHECK(again && strstr(again, AK_QN));
	free(again);
	cordon_ak_free(&ak);
	free(text);
}

TEST(ak_file_refusals)
{
	static const struct {
		const char *format, *handle, *pub, *name, *qn, *msg;
	} cases[] = {
		{ "2", "0x8101c07d", AK_PUBLIC_B64, AK_NAME, AK_QN, "\"format\" is not 1" },
		{ "1", "8101c07d", AK_PUBLIC_B64, AK_NAME, AK_QN, "\"handle\"" },
		{ "1", "0x8101c07d", "!!!!", AK_NAME, AK_QN, "\"public\" is not base64" },
		{ "1", "0x8101c07d", "AAAA", AK_NAME, AK_QN, "does not unmarshal" },
		{ "1", "0x8101c07d", AK_PUBLIC_B64,
		  "000b0000000000000000000000000000000000000000000000000000000000000000",
		  AK_QN, "\"name\" is not the name of \"public\"" },
		{ "1", "0x8101c07d", AK_PUBLIC_B64, AK_NAME, AK_NAME,
		  "\"qualified_name\" is not that of an endorsement primary" },
	};
	char err[CORDON_ERR_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = ak_json(cases[i].format, cases[i].handle,
				     cases[i].pub, cases[i].name, cases[i].qn);

		REQUIRE(text);
		CHECK_EQ(parse_ak(text, err, sizeof(err)), -EBADMSG);
		if (!strstr(err, cases[i].msg))
			unit_fail(__FILE__, __LINE__, "case %zu: \"%s\" lacks \"%s\"",
				  i, err, cases[i].msg);
		free(text);
	}
	CHECK_EQ(parse_ak("[1,2]", err, sizeof(err)), -EBADMSG);
	CHECK(strstr(err, "not a JSON object") != NULL);
	CHECK_EQ(parse_ak("{\"format\":1", err, sizeof(err)), -EBADMSG);
}

/* Evidence with made-up quote bytes: the parser's job, not the verifier's. */
static void sample_evidence(struct cordon_evidence *ev)
{
	memset(ev, 0, sizeof(*ev));
	for (int i = 0; i < CORDON_CHALLENGE_SIZE; i++)
		ev->challenge[i] = (uint8_t)(0xa0 + i);
	ev->has_policy_digest = true;
	memset(ev->policy_digest, 0x5a, sizeof(ev->policy_digest));
	ev->quote.attest = (uint8_t *)strdup("attest bytes");
	ev->quote.attest_len = 12;
	ev->quote.sig = (uint8_t *)strdup("sig");
	ev->quote.sig_len = 3;
	ev->quote.ak_public = (uint8_t *)strdup("public");
	ev->quote.ak_public_len = 6;
	ev->quote.nbanks = 2;
	ev->quote.banks[0].alg = CORDON_HASH_SHA256;
	ev->quote.banks[0].mask = 1u << 0 | 1u << 10;
	memset(ev->quote.banks[0].v[10], 0x10, 32);
	ev->quote.banks[1].alg = CORDON_HASH_SHA1;
	ev->quote.banks[1].mask = 1u << 10;
	memset(ev->quote.banks[1].v[10], 0x11, 20);
	ev->log_alg = CORDON_HASH_SHA1;
	ev->log = (uint8_t *)strdup("");
	ev->log_len = 0;
}

TEST(evidence_round_trip)
{
	struct cordon_evidence ev, back;
	char err[CORDON_ERR_MAX], *text;

	sample_evidence(&ev);
	text = cordon_evidence_format(&ev);
	REQUIRE(text);
	CHECK_EQ(cordon_evidence_parse(text, strlen(text), &back, err,
				       sizeof(err)), 0);
	CHECK(memcmp(back.challenge, ev.challenge, sizeof(ev.challenge)) == 0);
	CHECK(memcmp(back.quote.nonce, ev.challenge, sizeof(ev.challenge)) == 0);
	CHECK(back.has_policy_digest);
	CHECK(memcmp(back.policy_digest, ev.policy_digest, 32) == 0);
	CHECK_EQ(back.quote.attest_len, 12);
	CHECK(memcmp(back.quote.attest, "attest bytes", 12) == 0);
	CHECK_EQ(back.quote.nbanks, 2);
	CHECK_EQ(back.quote.banks[0].mask, 1u << 0 | 1u << 10);
	CHECK(memcmp(back.quote.banks[1].v[10], ev.quote.banks[1].v[10], 20) == 0);
	CHECK_EQ(back.log_alg, CORDON_HASH_SHA1);
	CHECK_EQ(back.log_len, 0);
	CHECK(back.ek_cert == NULL);
	cordon_evidence_free(&back);
	cordon_evidence_free(&ev);
	free(text);
}

static void evidence_refused(const char *from, const char *to, const char *msg)
{
	struct cordon_evidence ev, back;
	char err[CORDON_ERR_MAX], *text, *p, *edited;

	sample_evidence(&ev);
	text = cordon_evidence_format(&ev);
	cordon_evidence_free(&ev);
	if (!text || !(p = strstr(text, from))) {
		unit_fail(__FILE__, __LINE__, "\"%s\" not in the evidence", from);
		free(text);
		return;
	}
	if (asprintf(&edited, "%.*s%s%s", (int)(p - text), text, to,
		     p + strlen(from)) < 0) {
		free(text);
		return;
	}
	CHECK_EQ(cordon_evidence_parse(edited, strlen(edited), &back, err,
				       sizeof(err)), -EBADMSG);
	if (!strstr(err, msg))
		unit_fail(__FILE__, __LINE__, "\"%s\" lacks \"%s\"", err, msg);
	free(edited);
	free(text);
}

TEST(evidence_refusals)
{
	evidence_refused("\"format\":1", "\"format\":7", "\"format\" is not 1");
	evidence_refused("\"challenge\":\"a0", "\"challenge\":\"zz",
			 "\"challenge\" is not 32 bytes of hex");
	evidence_refused("\"policy_digest\":\"5a", "\"policy_digest\":\"5",
			 "\"policy_digest\" is not a SHA-256");
	evidence_refused("\"attest\":", "\"attext\":", "\"attest\" missing");
	evidence_refused("\"signature\":\"", "\"signature\":\"*", "\"signature\" is not base64");
	evidence_refused("\"bank\":\"sha1\"", "\"bank\":\"md5\"", "\"bank\" (sha1, sha256)");
	evidence_refused("\"10\":\"1010", "\"24\":\"1010", "is not PCR index");
	evidence_refused("\"template_hash\":\"sha1\"", "\"template_hash\":\"crc\"",
			 "\"ima_log\" needs");
}

TEST(verdict_without_quote_gives_no_ticket)
{
	struct cordon_evidence ev;
	struct cordon_verdict v;
	struct cordon_verify_opts o = { 0 };
	struct cordon_ticket t;
	struct cordon_ak ak;
	char err[CORDON_ERR_MAX], *text;

	text = ak_json("1", "0x8101c07d", AK_PUBLIC_B64, AK_NAME, AK_QN);
	REQUIRE(text);
	REQUIRE(cordon_ak_parse(text, strlen(text), &ak, err, sizeof(err)) == 0);
	free(text);
	sample_evidence(&ev);
	free(ev.quote.attest);
	ev.quote.attest = NULL;
	o.ak = &ak;
	o.allow_no_manifest = true;
	o.manifest_path = "/nonexistent/cordon-unit-manifest";
	CHECK_EQ(cordon_attest_verify(&ev, &o, &v), 0);
	CHECK(!v.pass);
	CHECK_EQ(v.checks[CORDON_CHECK_TPM].state, CORDON_CHECK_FAILED);
	CHECK_STREQ(v.checks[CORDON_CHECK_TPM].reason,
		    "the evidence holds no quote");
	CHECK_EQ(v.checks[CORDON_CHECK_QUOTE].state, CORDON_CHECK_SKIPPED);
	CHECK_EQ(cordon_ticket_make(&ev, &v, 0, 0, &t, err, sizeof(err)), -EPERM);
	CHECK(strstr(err, "did not pass") != NULL);
	cordon_verdict_free(&v);

	/* a quote by another key: refused naming both keys, nothing further */
	ev.quote.attest = (uint8_t *)strdup("x");
	ev.quote.attest_len = 1;
	CHECK_EQ(cordon_attest_verify(&ev, &o, &v), 0);
	CHECK_EQ(v.checks[CORDON_CHECK_AK].state, CORDON_CHECK_FAILED);
	CHECK(strstr(v.checks[CORDON_CHECK_AK].reason,
		     "not the enrolled attestation key " AK_NAME) != NULL);
	CHECK_EQ(v.checks[CORDON_CHECK_QUOTE].state, CORDON_CHECK_SKIPPED);
	CHECK_EQ(v.checks[CORDON_CHECK_REPLAY].state, CORDON_CHECK_SKIPPED);
	cordon_verdict_free(&v);
	cordon_evidence_free(&ev);
	cordon_ak_free(&ak);
	CHECK_STREQ(cordon_check_name(CORDON_CHECK_MANIFEST), "manifest");
	CHECK_STREQ(cordon_check_name(CORDON_CHECK_COUNT), "?");
}
