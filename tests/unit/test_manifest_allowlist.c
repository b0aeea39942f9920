// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the manifest's allowlist mode, excludes, violations, the
 * recomputed boot_aggregate, Keylime runtime policies, quoting of names
 * from the log, and signed manifests (cordon_manifest_load()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <cordon/cordon.h>
#include <cordon/manifest.h>
#include <cordon/sign.h>

#include "testpki.h"
#include "unit.h"

struct lbuf {
	uint8_t *p;
	size_t len, cap;
};

static void lput(struct lbuf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = 2 * (b->len + n) + 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void lput32(struct lbuf *b, uint32_t v)
{
	uint8_t le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	lput(b, le, 4);
}

/*
 * An entry: template ima-ng (or ima-buf with @buf), d-ng "sha256:" @dig
 * (zeros and a zero template hash for a violation).
 */
static void lentry(struct lbuf *log, const char *name, const uint8_t dig[32],
		   bool violation, const void *buf, size_t buflen)
{
	struct lbuf d = { 0 };
	uint8_t h[20] = { 0 }, zero[32] = { 0 };
	const char *tpl = buf ? "ima-buf" : "ima-ng";

	lput32(&d, 8 + 32);
	lput(&d, "sha256:", 8);
	lput(&d, violation ? zero : dig, 32);
	lput32(&d, (uint32_t)strlen(name) + 1);
	lput(&d, name, strlen(name) + 1);
	if (buf) {
		lput32(&d, (uint32_t)buflen);
		lput(&d, buf, buflen);
	}
	if (!violation)
		EVP_Digest(d.p, d.len, h, NULL, EVP_sha1(), NULL);
	lput32(log, 10);
	lput(log, h, 20);
	lput32(log, (uint32_t)strlen(tpl));
	lput(log, tpl, strlen(tpl));
	lput32(log, (uint32_t)d.len);
	lput(log, d.p, d.len);
	free(d.p);
}

static void sha(const char *content, uint8_t d[32])
{
	EVP_Digest(content, strlen(content), d, NULL, EVP_sha256(), NULL);
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* file NAME's content is "c:NAME" */
static void lfile(struct lbuf *log, const char *name)
{
	char c[300];
	uint8_t d[32];

	snprintf(c, sizeof(c), "c:%s", name);
	sha(c, d);
	lentry(log, name, d, false, NULL, 0);
}

static const char *hexof(const char *name)
{
	static char ring[8][72];
	static unsigned int k;
	char c[300], *o = ring[k++ % 8];
	uint8_t d[32];

	snprintf(c, sizeof(c), "c:%s", name);
	sha(c, d);
	hex(d, 32, o);
	return o;
}

struct fails {
	int n;
	char subject[8][300], seen[8][400];
	unsigned int line[8];
	enum cordon_manifest_kind kind[8];
};

static void collect(void *arg, const struct cordon_manifest_failure *f)
{
	struct fails *fs = arg;

	if (fs->n < 8) {
		snprintf(fs->subject[fs->n], 300, "%s", f->subject);
		snprintf(fs->seen[fs->n], 400, "%s", f->seen);
		fs->line[fs->n] = f->entry->line;
		fs->kind[fs->n] = f->entry->kind;
	}
	fs->n++;
}

/* Check @log against @m (text, or JSON when it starts with '{'). */
static int run(const struct lbuf *log, const char *m, const struct cordon_quote *q,
	       struct fails *fs)
{
	struct cordon_ima_log l;
	struct cordon_manifest man;
	char err[CORDON_ERR_MAX];
	int rc;

	memset(fs, 0, sizeof(*fs));
	if (cordon_ima_parse(log->p, log->len, CORDON_HASH_SHA1, &l, err,
			     sizeof(err)) < 0) {
		unit_fail(__FILE__, __LINE__, "log: %s", err);
		return -1000;
	}
	if (cordon_manifest_parse_any(m, strlen(m), "m", &man, err,
				      sizeof(err)) < 0) {
		unit_fail(__FILE__, __LINE__, "manifest: %s", err);
		cordon_ima_free(&l);
		return -1000;
	}
	rc = cordon_manifest_check(&man, &l, l.count, q, collect, fs);
	cordon_manifest_free(&man);
	cordon_ima_free(&l);
	return rc;
}

TEST(manifest_allowlist_names_the_unlisted_entry)
{
	struct lbuf log = { 0 };
	struct fails fs;
	char m[1024];

	lfile(&log, "/usr/bin/runc");
	lfile(&log, "/usr/bin/bash");
	lfile(&log, "/tmp/x");
	snprintf(m, sizeof(m),
		 "allowlist\nallow /usr/bin/runc sha256:%s\nfile /usr/bin/bash sha256:%s\n",
		 hexof("/usr/bin/runc"), hexof("/usr/bin/bash"));
	CHECK_EQ(run(&log, m, NULL, &fs), 1);
	CHECK_STREQ(fs.subject[0], "allowlist: '/tmp/x'");
	CHECK(strncmp(fs.seen[0], "not in the allowlist: '/tmp/x' (sha256:", 39) == 0);
	CHECK(strstr(fs.seen[0], "at log entry 2") != NULL);
	CHECK_EQ(fs.line[0], 1);
	CHECK_EQ(fs.kind[0], CORDON_MANIFEST_ALLOWLIST);
	/* an exclude (Python syntax, anchored at the start) covers it */
	strcat(m, "exclude /tm\\w/.*\n");
	CHECK_EQ(run(&log, m, NULL, &fs), 0);
	/* not anchored at the end, as re.match(): "/tmp" covers "/tmp/x" */
	strcat(m, "exclude /tmp\n");
	CHECK_EQ(run(&log, m, NULL, &fs), 0);
	/* without allowlist mode an unlisted file passes */
	snprintf(m, sizeof(m), "allow /usr/bin/runc sha256:%s\n",
		 hexof("/usr/bin/runc"));
	CHECK_EQ(run(&log, m, NULL, &fs), 0);
	free(log.p);
}

TEST(manifest_allow_wrong_digest_and_exclude_wins)
{
	struct lbuf log = { 0 };
	struct fails fs;
	char m[1024];

	lfile(&log, "/usr/bin/runc");
	snprintf(m, sizeof(m), "allowlist\nallow /usr/bin/runc sha256:%s\n",
		 hexof("/other"));
	CHECK_EQ(run(&log, m, NULL, &fs), 1);
	CHECK_STREQ(fs.subject[0], "allow '/usr/bin/runc'");
	CHECK_EQ(fs.line[0], 2);
	CHECK(strstr(fs.seen[0], "at log entry 0") != NULL);
	/* as in Keylime, an excluded name is not checked at all */
	strcat(m, "exclude /usr/bin/r.n[c]$\n");
	CHECK_EQ(run(&log, m, NULL, &fs), 0);
	free(log.p);
}

TEST(manifest_names_from_the_log_are_quoted)
{
	struct lbuf log = { 0 };
	struct fails fs;

	/* a name that would clear the screen and set the title */
	lfile(&log, "/tmp/\x1b[2J\x1b]0;pwned\x07'x");
	CHECK_EQ(run(&log, "allowlist\n", NULL, &fs), 1);
	CHECK_STREQ(fs.subject[0],
		    "allowlist: '/tmp/\\x1b[2J\\x1b]0;pwned\\x07\\'x'");
	CHECK(strchr(fs.seen[0], '\x1b') == NULL);
	CHECK_EQ(run(&log, "forbid /tmp/*\n", NULL, &fs), 1);
	CHECK(strchr(fs.seen[0], '\x1b') == NULL);
	CHECK(strncmp(fs.seen[0], "'/tmp/\\x1b[2J", 13) == 0);
	free(log.p);
}

TEST(manifest_quote_cuts_long_names)
{
	char buf[16], name[64];

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CHECK_STREQ(cordon_manifest_quote(buf, sizeof(buf), name),
		    "'aaaaaaaaaa'...");
	CHECK_STREQ(cordon_manifest_quote(buf, sizeof(buf), "a\n"),
		    "'a\\x0a'");
}

TEST(manifest_violations_refused_by_default)
{
	struct lbuf log = { 0 };
	uint8_t z[32] = { 0 };
	struct fails fs;

	lfile(&log, "/usr/bin/runc");
	lentry(&log, "/var/log/x", z, true, NULL, 0);
	CHECK_EQ(run(&log, "", NULL, &fs), 1);
	CHECK_STREQ(fs.subject[0], "violation '/var/log/x'");
	CHECK(strstr(fs.seen[0], "at log entry 1") != NULL);
	CHECK_EQ(fs.kind[0], CORDON_MANIFEST_VIOLATIONS);
	CHECK_EQ(fs.line[0], 0);
	CHECK_EQ(run(&log, "violations allow\n", NULL, &fs), 0);
	/*
	 * allowed, a violation needs no allow line (its digest is unknown),
	 * and a wrong one does not fail; a file line still fails on it
	 */
	{
		char m[512];

		snprintf(m, sizeof(m),
			 "violations allow\nallowlist\nallow /usr/bin/runc sha256:%s\n",
			 hexof("/usr/bin/runc"));
		CHECK_EQ(run(&log, m, NULL, &fs), 0);
		snprintf(m, sizeof(m),
			 "violations allow\nallowlist\nallow /usr/bin/runc sha256:%s\nallow /var/log/x sha256:%s\n",
			 hexof("/usr/bin/runc"), hexof("/other"));
		CHECK_EQ(run(&log, m, NULL, &fs), 0);
		snprintf(m, sizeof(m),
			 "violations allow\nfile /var/log/x sha256:%s\n",
			 hexof("/other"));
		CHECK_EQ(run(&log, m, NULL, &fs), 1);
		CHECK(strstr(fs.seen[0], "a violation (zero digest)") != NULL);
		/* refused, it is named once, not also as unlisted */
		CHECK_EQ(run(&log, "allowlist\nexclude /usr/\n", NULL, &fs), 1);
		CHECK_STREQ(fs.subject[0], "violation '/var/log/x'");
	}
	free(log.p);
}

/* IMA's boot_aggregate for the sha256 bank: sha256(PCR0 || ... || PCR9) */
TEST(manifest_boot_aggregate_computation)
{
	uint8_t pcr[10][32], cat[320], want[32];
	const uint8_t *p[10];
	struct cordon_digest d;

	for (int i = 0; i < 10; i++) {
		memset(pcr[i], i * 17 + 1, 32);
		memcpy(cat + 32 * i, pcr[i], 32);
		p[i] = pcr[i];
	}
	EVP_Digest(cat, sizeof(cat), want, NULL, EVP_sha256(), NULL);
	REQUIRE_EQ(cordon_ima_boot_aggregate(CORDON_HASH_SHA256, p, &d), 0);
	CHECK_EQ(d.alg, CORDON_HASH_SHA256);
	CHECK_EQ(d.len, 32);
	CHECK(memcmp(d.v, want, 32) == 0);
	/* sha1: PCRs 0-7 only (of the sha1 bank) */
	{
		uint8_t s1[8][20], c1[160], w1[20];
		const uint8_t *q1[10] = { 0 };

		for (int i = 0; i < 8; i++) {
			memset(s1[i], 0x30 + i, 20);
			memcpy(c1 + 20 * i, s1[i], 20);
			q1[i] = s1[i];
		}
		EVP_Digest(c1, sizeof(c1), w1, NULL, EVP_sha1(), NULL);
		REQUIRE_EQ(cordon_ima_boot_aggregate(CORDON_HASH_SHA1, q1, &d),
			   0);
		CHECK(memcmp(d.v, w1, 20) == 0);
	}
	p[9] = NULL;
	CHECK_EQ(cordon_ima_boot_aggregate(CORDON_HASH_SHA256, p, &d), -EINVAL);
	CHECK_EQ(cordon_ima_boot_aggregate(CORDON_HASH_NONE, p, &d), -EINVAL);
}

static void quote_with(struct cordon_quote *q, uint32_t mask)
{
	memset(q, 0, sizeof(*q));
	q->nbanks = 1;
	q->banks[0].alg = CORDON_HASH_SHA256;
	q->banks[0].mask = mask;
	for (int i = 0; i < 10; i++)
		memset(q->banks[0].v[i], 0x40 + i, 32);
}

TEST(manifest_boot_aggregate_recomputed_from_the_quote)
{
	struct cordon_quote q;
	struct cordon_digest d;
	struct lbuf good = { 0 }, bad = { 0 };
	struct fails fs;
	char err[CORDON_ERR_MAX];
	uint8_t other[32];

	quote_with(&q, 0x3ff | 1u << 10);
	REQUIRE_EQ(cordon_quote_boot_aggregate(&q, CORDON_HASH_SHA256, &d, err,
					       sizeof(err)), 0);
	lentry(&good, "boot_aggregate", d.v, false, NULL, 0);
	lfile(&good, "/usr/bin/runc");
	CHECK_EQ(run(&good, "", &q, &fs), 0);
	/* a pinned value that differs still fails */
	CHECK_EQ(run(&good, "boot_aggregate sha256:"
		     "0000000000000000000000000000000000000000000000000000000000000000\n",
		     &q, &fs), 1);
	/* another value in the log than the PCRs give */
	sha("not the PCRs", other);
	lentry(&bad, "boot_aggregate", other, false, NULL, 0);
	CHECK_EQ(run(&bad, "", &q, &fs), 1);
	CHECK_STREQ(fs.subject[0],
		    "boot_aggregate (recomputed from the quoted PCRs)");
	CHECK(strstr(fs.seen[0], "at log entry 0") != NULL);
	CHECK_EQ(fs.line[0], 0);
	/* in allowlist mode the entry needs no listing: it is recomputed */
	CHECK_EQ(run(&good, "allowlist\nexclude /usr/\n", &q, &fs), 0);
	/* a quote without PCR 9 cannot confirm it */
	quote_with(&q, 0x1ff | 1u << 10);
	CHECK_EQ(run(&good, "", &q, &fs), 1);
	CHECK(strstr(fs.subject[0], "recomputed") != NULL);
	CHECK_EQ(cordon_quote_boot_aggregate(&q, CORDON_HASH_SHA256, &d, err,
					     sizeof(err)), -ENOENT);
	CHECK_STREQ(err, "PCR 9 of the sha256 bank is not in the quote (boot_aggregate covers PCRs 0-9)");
	/* a log without boot_aggregate, with a quote */
	quote_with(&q, 0x3ff | 1u << 10);
	free(bad.p);
	bad = (struct lbuf){ 0 };
	lfile(&bad, "/usr/bin/runc");
	CHECK_EQ(run(&bad, "", &q, &fs), 1);
	CHECK_STREQ(fs.seen[0], "no boot_aggregate entry in the quoted log");
	free(good.p);
	free(bad.p);
}

TEST(manifest_new_directive_errors)
{
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "allow /a sha256:00\n",
		  "m:1:17: a sha256 digest has 64 hex digits, not 2" },
		{ "exclude /a(?=b)\n",
		  "m:1:9: regular expression '/a(?=b)': '(?' at byte 3: only (?:...) has a POSIX equivalent" },
		{ "exclude /a\\b\n",
		  "m:1:9: regular expression '/a\\\\b': \\b at byte 3 has no POSIX equivalent" },
		{ "exclude /a[\n",
		  "m:1:9: regular expression '/a[': unterminated [" },
		{ "exclude (a\n",
		  "m:1:9: regular expression '(a': Unmatched ( or \\(" },
		{ "violations refuse\n",
		  "m:1:12: 'refuse': violations are refused unless 'violations allow'" },
		{ "allowlist x\n", "m:1:11: extra argument: allowlist" },
		{ "allowlist\nallowlist\n",
		  "m:2:1: duplicate directive (first at line 1)" },
		{ "allow /a\n", "m:1:9: missing argument: allow NAME DIGEST [DIGEST...]" },
		{ "file /a sha1:" "0000000000000000000000000000000000000000\n"
		  "allow /a sha1:0000000000000000000000000000000000000000\n",
		  "m:2:7: duplicate directive (first at line 1)" },
		{ "exclude /a\nexclude /a\n",
		  "m:2:9: duplicate directive (first at line 1)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = cordon_manifest_parse(cases[i].text,
					       strlen(cases[i].text), "m", &m,
					       err, sizeof(err));

		CHECK_EQ(rc, -EINVAL);
		if (rc == 0)
			cordon_manifest_free(&m);
		CHECK_STREQ(err, cases[i].msg);
	}
	/* the same name may be allowed and excluded, forbidden and allowed */
	{
		static const char t[] =
			"allow /a sha1:0000000000000000000000000000000000000000\n"
			"exclude /a\nforbid /a\nignore_keyring .ima\n"
			"violations allow\nallowlist\n";

		REQUIRE_EQ(cordon_manifest_parse(t, sizeof(t) - 1, "m", &m,
						 err, sizeof(err)), 0);
	}
	CHECK_EQ(m.count, 6);
	CHECK(m.allowlist);
	CHECK(m.violations_allowed);
	CHECK(!m.keylime);
	cordon_manifest_free(&m);
}

/* A Keylime runtime policy (as keylime-policy create runtime writes). */
static char *keylime_policy(const char *extra_excludes)
{
	char *s;

	if (asprintf(&s,
		     "{\"meta\": {\"version\": 1, \"generator\": 3, \"timestamp\": \"2025-01-01\"},\n"
		     " \"release\": 0,\n"
		     " \"digests\": {\"/usr/bin/runc\": [\"%s\", \"%s\"],\n"
		     "             \"/usr/bin/sha1only\": [\"%.40s\"],\n"
		     "             \"boot_aggregate\": [\"0000000000000000000000000000000000000000\"]},\n"
		     " \"excludes\": [\"/tmp/.*\", \"/var/lib/\\\\d+/\"%s],\n"
		     " \"keyrings\": {},\n"
		     " \"ima\": {\"ignored_keyrings\": [], \"log_hash_alg\": \"sha1\", \"dm_policy\": null},\n"
		     " \"ima-buf\": {\"cordon-policy\": [\"%s\"]},\n"
		     " \"verification-keys\": \"\"}\n",
		     hexof("/old/runc"), hexof("/usr/bin/runc"),
		     hexof("/x"), extra_excludes, hexof("policy")) < 0)
		return NULL;
	return s;
}

TEST(manifest_keylime_policy_is_read_and_checked)
{
	struct lbuf log = { 0 };
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX], *p = keylime_policy("");
	uint8_t d[32];
	struct fails fs;

	REQUIRE(p);
	REQUIRE_EQ(cordon_manifest_parse_keylime(p, strlen(p), "p.json", &m,
						 err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	CHECK(m.allowlist);
	CHECK(m.keylime);
	/* 3 digests, 1 ima-buf, 2 excludes */
	CHECK_EQ(m.count, 6);
	cordon_manifest_free(&m);
	/* the manifest parser reads it too (JSON starts with '{') */
	REQUIRE_EQ(cordon_manifest_parse(p, strlen(p), "p.json", &m, err,
					 sizeof(err)), 0);
	CHECK(m.keylime);
	CHECK_EQ(m.count, 6);
	cordon_manifest_free(&m);

	lfile(&log, "/usr/bin/runc");
	lfile(&log, "/tmp/anything");
	lfile(&log, "/var/lib/42/x");
	sha("c:policy", d);
	lentry(&log, "cordon-policy", d, false, "policy v1", 9);
	CHECK_EQ(run(&log, p, NULL, &fs), 0);
	/* a file Keylime would refuse */
	lfile(&log, "/usr/bin/nc");
	CHECK_EQ(run(&log, p, NULL, &fs), 1);
	CHECK_STREQ(fs.subject[0], "allowlist: '/usr/bin/nc'");
	CHECK_EQ(fs.line[0], 0);
	/* "/var/lib/\d+/" does not cover a name */
	free(log.p);
	log = (struct lbuf){ 0 };
	lfile(&log, "/var/lib/x/y");
	CHECK_EQ(run(&log, p, NULL, &fs), 1);
	/* an ima-buf name is not a file name: digests do not cover it */
	free(log.p);
	log = (struct lbuf){ 0 };
	sha("c:/usr/bin/runc", d);
	lentry(&log, "/usr/bin/runc", d, false, "x", 1);
	CHECK_EQ(run(&log, p, NULL, &fs), 1);
	free(log.p);
	free(p);
}

TEST(manifest_keylime_errors)
{
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];
	static const struct {
		const char *json, *msg;
	} cases[] = {
		{ "{\"meta\": {\"version\": 2}, \"digests\": {}}",
		  "p: meta.version 2: this reads Keylime runtime policies of version 1 (convert older allowlists with keylime-policy)" },
		{ "{\"digests\": {}}",
		  "p: meta: missing, or not an object (a Keylime runtime policy has \"meta\": {\"version\": 1})" },
		{ "{\"meta\": {\"version\": 1}}", "p: digests: missing" },
		{ "{\"meta\": {\"version\": 1}, \"digests\": {\"/a\": [\"abc\"]}}",
		  "p: digests.'/a'[0]: 'abc' is not a sha1, sha256, sha384 or sha512 digest in hex" },
		{ "{\"meta\": {\"version\": 1}, \"digests\": {\"/a\": \"abc\"}}",
		  "p: digests.'/a': not an array of digests" },
		{ "{\"meta\": {\"version\": 1}, \"digests\": {}, \"excludes\": [\"(?<=a)\"]}",
		  "p: excludes[0]: regular expression '(?<=a)': '(?' at byte 1: only (?:...) has a POSIX equivalent" },
		{ "{\"meta\": {\"version\": 1}, \"digests\": {}, \"excludes\": [1]}",
		  "p: excludes[0]: not a string" },
		{ "{\"meta\": {\"version\": 1}, \"digests\": {}} x",
		  "p: not valid JSON: unexpected character near offset 40" },
		{ "{\"meta\": {\"version\": 1}, \"digests\": {}",
		  "p: not valid JSON: unexpected end of text near offset 38" },
		{ "[1]", "p: not a JSON object (a Keylime runtime policy is one)" },
		{ "{\"meta\": {\"version\": 1}, \"digests\": {\"/a\\u0000b\": []}}",
		  "p: \\u0000 (a NUL character) at offset 40" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = cordon_manifest_parse_keylime(cases[i].json,
						       strlen(cases[i].json),
						       "p", &m, err,
						       sizeof(err));

		CHECK_EQ(rc, -EINVAL);
		if (rc == 0)
			cordon_manifest_free(&m);
		CHECK_STREQ(err, cases[i].msg);
	}
}

/* signed manifests */

struct mfiles {
	struct testpki pki;
	char path[200], sig[220];
};

static bool mf_init(struct mfiles *f, const char *text, bool sign)
{
	char err[CORDON_ERR_MAX];
	unsigned char *sig = NULL;
	size_t siglen = 0;

	if (!testpki_init(&f->pki))
		return false;
	snprintf(f->path, sizeof(f->path), "%s/attest.manifest", f->pki.dir);
	snprintf(f->sig, sizeof(f->sig), "%s.p7s", f->path);
	if (!testpki_write(f->path, text, strlen(text)))
		return false;
	if (!sign)
		return true;
	if (cordon_sign_buf(text, strlen(text), f->pki.signer_key,
			    f->pki.signer, &sig, &siglen, err,
			    sizeof(err)) < 0) {
		unit_fail(__FILE__, __LINE__, "sign: %s", err);
		return false;
	}
	if (!testpki_write(f->sig, sig, siglen)) {
		free(sig);
		return false;
	}
	free(sig);
	return true;
}

TEST(manifest_load_signed)
{
	struct cordon_manifest_load_opts o = { 0 };
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];
	struct mfiles f;

	REQUIRE(mf_init(&f, "allowlist\nexclude /\n", true));
	o.path = f.path;
	o.cert = f.pki.signer;
	REQUIRE_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	CHECK_EQ(m.trust, CORDON_MANIFEST_SIGNED);
	CHECK(m.allowlist);
	cordon_manifest_free(&m);
	/* by the CA the signer's certificate chains to */
	o.ca = f.pki.ca;
	REQUIRE_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)), 0);
	cordon_manifest_free(&m);
	/* another CA: refused, even when unsigned manifests are allowed */
	o.ca = f.pki.otherca;
	o.allow_no_manifest = true;
	CHECK_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)),
		 -EKEYREJECTED);
	CHECK(strstr(err, "refused: the signature does not verify") != NULL);
	/* another signer's certificate */
	o.ca = NULL;
	o.cert = f.pki.other;
	CHECK_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)),
		 -EKEYREJECTED);
	testpki_done(&f.pki);
}

TEST(manifest_load_tampered_refused)
{
	struct cordon_manifest_load_opts o = { 0 };
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];
	struct mfiles f;

	REQUIRE(mf_init(&f, "allowlist\n", true));
	/* one line more after signing */
	REQUIRE(testpki_write(f.path, "allowlist\nexclude /\n", 20));
	o.path = f.path;
	o.cert = f.pki.signer;
	o.allow_no_manifest = true;
	CHECK_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)),
		 -EKEYREJECTED);
	CHECK(strncmp(err, f.path, strlen(f.path)) == 0);
	/* a signature file that is no signature */
	REQUIRE(testpki_write(f.sig, "nope", 4));
	CHECK_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)), -EBADMSG);
	testpki_done(&f.pki);
}

TEST(manifest_load_absent_or_unsigned)
{
	struct cordon_manifest_load_opts o = { 0 };
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX], want[600];
	struct mfiles f;

	REQUIRE(mf_init(&f, "allowlist\n", false));
	o.path = f.path;
	o.cert = f.pki.signer;
	CHECK_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)), -ENOKEY);
	snprintf(want, sizeof(want),
		 "%s: no signature (%s: No such file or directory): refused; sign it (cordonctl sign) or allow an unsigned manifest explicitly (--allow-no-manifest)",
		 f.path, f.sig);
	CHECK_STREQ(err, want);
	o.allow_no_manifest = true;
	REQUIRE_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)), 0);
	CHECK_EQ(m.trust, CORDON_MANIFEST_UNSIGNED);
	CHECK(m.allowlist);
	cordon_manifest_free(&m);
	unlink(f.path);
	REQUIRE_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)), 0);
	CHECK_EQ(m.trust, CORDON_MANIFEST_ABSENT);
	CHECK_EQ(m.count, 0);
	cordon_manifest_free(&m);
	o.allow_no_manifest = false;
	CHECK_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want),
		 "%s: no manifest: refused; write and sign one (cordon-manifest(5)) or allow none explicitly (--allow-no-manifest)",
		 f.path);
	CHECK_STREQ(err, want);
	testpki_done(&f.pki);
}

TEST(manifest_load_keylime_signed)
{
	struct cordon_manifest_load_opts o = { 0 };
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX], *p = keylime_policy("");
	struct mfiles f;

	REQUIRE(p);
	REQUIRE(mf_init(&f, p, true));
	o.path = f.path;
	o.cert = f.pki.signer;
	REQUIRE_EQ(cordon_manifest_load(&o, &m, err, sizeof(err)), 0);
	CHECK(m.keylime);
	CHECK_EQ(m.trust, CORDON_MANIFEST_SIGNED);
	cordon_manifest_free(&m);
	testpki_done(&f.pki);
	free(p);
}

/*
 * Keys measured into keyrings (ima-buf entries holding a certificate) go
 * by Keylime's "keyrings" map, unless the keyring is ignored; other
 * ima-buf entries by "ima-buf".
 */
TEST(manifest_keylime_keyrings)
{
	struct testpki pki;
	struct lbuf log = { 0 };
	unsigned char *der = NULL;
	char err[CORDON_ERR_MAX], h[65], *p = NULL;
	struct fails fs;
	uint8_t d[32];
	size_t len = 0;

	REQUIRE(testpki_init(&pki));
	REQUIRE_EQ(cordon_cert_read_der(pki.ca, &der, &len, err, sizeof(err)),
		   0);
	EVP_Digest(der, len, d, NULL, EVP_sha256(), NULL);
	hex(d, 32, h);
	lentry(&log, ".ima", d, false, der, len);
	/* listed as a key of its keyring: passes */
	REQUIRE(asprintf(&p, "{\"meta\": {\"version\": 1}, \"digests\": {},"
			 " \"keyrings\": {\".ima\": [\"%s\"]}}", h) > 0);
	CHECK_EQ(run(&log, p, NULL, &fs), 0);
	free(p);
	/* in "ima-buf" instead: a key is not a buffer */
	REQUIRE(asprintf(&p, "{\"meta\": {\"version\": 1}, \"digests\": {},"
			 " \"ima-buf\": {\".ima\": [\"%s\"]}}", h) > 0);
	CHECK_EQ(run(&log, p, NULL, &fs), 1);
	CHECK_STREQ(fs.subject[0], "allowlist: '.ima'");
	free(p);
	/* another digest for the key: refused, unless its keyring is ignored */
	REQUIRE(asprintf(&p, "{\"meta\": {\"version\": 1}, \"digests\": {},"
			 " \"keyrings\": {\".ima\": [\"%s\"]}}",
			 hexof("other")) > 0);
	CHECK_EQ(run(&log, p, NULL, &fs), 1);
	CHECK_STREQ(fs.subject[0], "allow '.ima'");
	free(p);
	REQUIRE(asprintf(&p, "{\"meta\": {\"version\": 1}, \"digests\": {},"
			 " \"keyrings\": {\".ima\": [\"%s\"]},"
			 " \"ima\": {\"ignored_keyrings\": [\".ima\"]}}",
			 hexof("other")) > 0);
	CHECK_EQ(run(&log, p, NULL, &fs), 0);
	free(p);
	REQUIRE(asprintf(&p, "{\"meta\": {\"version\": 1}, \"digests\": {},"
			 " \"ima\": {\"ignored_keyrings\": [\"*\"]}}") > 0);
	CHECK_EQ(run(&log, p, NULL, &fs), 0);
	free(p);
	/* a buffer that is no key is not covered by ignored keyrings */
	free(log.p);
	log = (struct lbuf){ 0 };
	lentry(&log, ".ima", d, false, "not a key", 9);
	REQUIRE(asprintf(&p, "{\"meta\": {\"version\": 1}, \"digests\": {},"
			 " \"ima\": {\"ignored_keyrings\": [\"*\"]}}") > 0);
	CHECK_EQ(run(&log, p, NULL, &fs), 1);
	free(p);
	free(log.p);
	free(der);
	testpki_done(&pki);
}
