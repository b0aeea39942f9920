/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz targets: a small fixed IMA list and quote that parsed manifests
 * are checked against (so that the check runs on what the parsers
 * accept, not only the parsers).
 */
#ifndef CORDON_FUZZ_COMMON_H
#define CORDON_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include <cordon/ima.h>
#include <cordon/manifest.h>
#include <cordon/tpm.h>

/*
 * The pinned attestation key of the unit tests (tests/unit/test_attest.c):
 * a TPM2B_PUBLIC of an ECC P-256 restricted signing key made by swtpm,
 * its name and qualified name.
 */
#define FUZZ_AK_PUBLIC_B64 \
	"AFgAIwALAAUAcgAAABAAGAALAAMAEAAgQxAMB47boX8uaTxNmcaxa4mJIUTUR+LS" \
	"y5GhpfT5IZEAIKbd4SPdmbjYia9i0ydGfQV5dwe2Jve82uYqtlpqOufl"
#define FUZZ_AK_NAME \
	"000bb3886ffdcd49654c29279e6e11dba6f8293be3f26f2121c694eb4dcf9c0d5067"
#define FUZZ_AK_QN \
	"000bae790c8ad4169415317548191db2cd4606ab6c6117d7c1dfe1805148f3ad672a"

struct fuzz_fixture {
	struct cordon_ima_log log;
	struct cordon_quote quote;
};

static inline void fuzz_put(uint8_t **p, size_t *len, const void *s,
			    size_t n)
{
	*p = realloc(*p, *len + n);
	if (!*p)
		abort();
	memcpy(*p + *len, s, n);
	*len += n;
}

static inline void fuzz_put32(uint8_t **p, size_t *len, uint32_t v)
{
	uint8_t le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
			  v >> 24 };

	fuzz_put(p, len, le, 4);
}

/* An ima-ng (or ima-buf with @buf) entry; @d NULL: a violation. */
static inline void fuzz_entry(uint8_t **p, size_t *len, const char *name,
			      const uint8_t *d, const char *buf)
{
	uint8_t *t = NULL, h[20] = { 0 }, zero[32] = { 0 };
	size_t tl = 0;
	const char *tpl = buf ? "ima-buf" : "ima-ng";

	fuzz_put32(&t, &tl, 40);
	fuzz_put(&t, &tl, "sha256:", 8);
	fuzz_put(&t, &tl, d ? d : zero, 32);
	fuzz_put32(&t, &tl, (uint32_t)strlen(name) + 1);
	fuzz_put(&t, &tl, name, strlen(name) + 1);
	if (buf) {
		fuzz_put32(&t, &tl, (uint32_t)strlen(buf));
		fuzz_put(&t, &tl, buf, strlen(buf));
	}
	if (d)
		EVP_Digest(t, tl, h, NULL, EVP_sha1(), NULL);
	fuzz_put32(p, len, 10);
	fuzz_put(p, len, h, 20);
	fuzz_put32(p, len, (uint32_t)strlen(tpl));
	fuzz_put(p, len, tpl, strlen(tpl));
	fuzz_put32(p, len, (uint32_t)tl);
	fuzz_put(p, len, t, tl);
	free(t);
}

/*
 * The quote and the raw list (@raw, malloc()ed): boot_aggregate, files
 * whose digest is sha256("c:" NAME), a violation, an ima-buf.
 */
static inline int fuzz_fixture_raw(struct fuzz_fixture *fx, uint8_t **rawp,
				   size_t *lenp)
{
	static const char *const names[] = {
		"/usr/bin/runc", "/usr/bin/bash", "/tmp/x", "/var/lib/42/y",
		"/usr/lib/a b", "/\x1b[2Jx",
	};
	struct cordon_digest boot;
	uint8_t *raw = NULL, d[32];
	size_t len = 0;

	memset(fx, 0, sizeof(*fx));
	fx->quote.nbanks = 1;
	fx->quote.banks[0].alg = CORDON_HASH_SHA256;
	fx->quote.banks[0].mask = 0x7ff;
	for (int i = 0; i < 10; i++)
		memset(fx->quote.banks[0].v[i], 0x11 * i, 32);
	if (cordon_quote_boot_aggregate(&fx->quote, CORDON_HASH_SHA256, &boot,
					NULL, 0) < 0)
		return -1;
	fuzz_entry(&raw, &len, "boot_aggregate", boot.v, NULL);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char c[64] = "c:";

		strncat(c, names[i], sizeof(c) - 3);
		EVP_Digest(c, strlen(c), d, NULL, EVP_sha256(), NULL);
		fuzz_entry(&raw, &len, names[i], d, NULL);
	}
	fuzz_entry(&raw, &len, "/var/log/open", NULL, NULL);
	EVP_Digest("policy", 6, d, NULL, EVP_sha256(), NULL);
	fuzz_entry(&raw, &len, "cordon-policy", d, "policy");
	*rawp = raw;
	*lenp = len;
	return 0;
}

/* The quote and the list, parsed. */
static inline int fuzz_fixture_init(struct fuzz_fixture *fx)
{
	uint8_t *raw;
	size_t len;
	int rc;

	if (fuzz_fixture_raw(fx, &raw, &len) < 0)
		return -1;
	rc = cordon_ima_parse(raw, len, CORDON_HASH_SHA1, &fx->log, NULL, 0);
	free(raw);
	return rc;
}

/* Check a parsed manifest with and without the quote. */
static inline void fuzz_check(const struct fuzz_fixture *fx,
			      const struct cordon_manifest *m)
{
	cordon_manifest_check(m, &fx->log, fx->log.count, &fx->quote, NULL,
			      NULL);
	cordon_manifest_check(m, &fx->log, fx->log.count / 2, NULL, NULL,
			      NULL);
}

#endif /* CORDON_FUZZ_COMMON_H */
