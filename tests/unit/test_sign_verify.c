// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: checking detached signatures (cordon_sign_verify()), with a
 * signer's certificate or with a CA its certificate chains to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>
#include <cordon/sign.h>

#include "testpki.h"
#include "unit.h"

static const char data[] = "file /usr/bin/runc sha256:00\n";

struct signed_data {
	struct testpki pki;
	unsigned char *sig;
	size_t siglen;
};

static bool sd_init(struct signed_data *s, bool self)
{
	char err[CORDON_ERR_MAX];

	s->sig = NULL;
	if (!testpki_init(&s->pki))
		return false;
	if (cordon_sign_buf(data, sizeof(data) - 1, s->pki.signer_key,
			    self ? s->pki.self : s->pki.signer, &s->sig,
			    &s->siglen, err, sizeof(err)) < 0) {
		unit_fail(__FILE__, __LINE__, "sign: %s", err);
		return false;
	}
	return true;
}

static void sd_done(struct signed_data *s)
{
	free(s->sig);
	testpki_done(&s->pki);
}

TEST(sign_verify_with_the_certificate)
{
	struct signed_data s;
	char err[CORDON_ERR_MAX];

	REQUIRE(sd_init(&s, true));
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    s.pki.self, NULL, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	/*
	 * the signer's certificate from the CA has the same key and
	 * another issuer: it is not the signer (issuer and serial)
	 */
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    s.pki.signer, NULL, err, sizeof(err)),
		 -EKEYREJECTED);
	CHECK(strstr(err, "does not verify with the certificate") != NULL);
	sd_done(&s);
}

TEST(sign_verify_refuses_changes_and_other_signers)
{
	struct signed_data s;
	char err[CORDON_ERR_MAX], copy[sizeof(data)];

	REQUIRE(sd_init(&s, true));
	memcpy(copy, data, sizeof(data));
	copy[3] ^= 1;
	CHECK_EQ(cordon_sign_verify(copy, sizeof(copy) - 1, s.sig, s.siglen,
				    s.pki.self, NULL, err, sizeof(err)),
		 -EKEYREJECTED);
	/* one byte more */
	CHECK_EQ(cordon_sign_verify(data, sizeof(data), s.sig, s.siglen,
				    s.pki.self, NULL, err, sizeof(err)),
		 -EKEYREJECTED);
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    s.pki.other, NULL, err, sizeof(err)),
		 -EKEYREJECTED);
	/* a changed signature value (its last bytes) */
	s.sig[s.siglen - 3] ^= 0x10;
	CHECK(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				 s.pki.self, NULL, err, sizeof(err)) < 0);
	sd_done(&s);
}

TEST(sign_verify_with_a_ca)
{
	struct signed_data s;
	char err[CORDON_ERR_MAX];

	REQUIRE(sd_init(&s, false));
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    s.pki.signer, s.pki.ca, err, sizeof(err)),
		 0);
	CHECK_STREQ(err, "");
	/* another CA (even with the same name) */
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    s.pki.signer, s.pki.otherca, err,
				    sizeof(err)), -EKEYREJECTED);
	CHECK(strstr(err, "chaining to the CA") != NULL);
	/* the signature carries no certificate: the CA alone is not enough */
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    NULL, s.pki.ca, err, sizeof(err)),
		 -EKEYREJECTED);
	/* a self-signed certificate does not chain to the CA */
	sd_done(&s);
	REQUIRE(sd_init(&s, true));
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    s.pki.self, s.pki.ca, err, sizeof(err)),
		 -EKEYREJECTED);
	sd_done(&s);
}

TEST(sign_verify_bad_inputs)
{
	struct signed_data s;
	char err[CORDON_ERR_MAX];
	const char *missing;

	REQUIRE(sd_init(&s, true));
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    NULL, NULL, err, sizeof(err)), -EINVAL);
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, "garbage", 7,
				    s.pki.self, NULL, err, sizeof(err)),
		 -EBADMSG);
	CHECK_STREQ(err, "the signature is not a CMS (PKCS#7) SignedData in DER");
	/* trailing bytes after the DER */
	{
		unsigned char *longer = malloc(s.siglen + 1);

		REQUIRE(longer);
		memcpy(longer, s.sig, s.siglen);
		longer[s.siglen] = 0;
		CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, longer,
					    s.siglen + 1, s.pki.self, NULL,
					    err, sizeof(err)), -EBADMSG);
		free(longer);
	}
	missing = testpki_path(&s.pki, "missing.pem");
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    missing, NULL, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "missing.pem") != NULL);
	/* a "certificate" file that holds none */
	CHECK_EQ(cordon_sign_verify(data, sizeof(data) - 1, s.sig, s.siglen,
				    s.pki.signer_key, NULL, err, sizeof(err)),
		 -EBADMSG);
	CHECK(strstr(err, "no X.509 certificate") != NULL);
	sd_done(&s);
}
