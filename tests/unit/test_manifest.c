// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the attestation manifest (cordon/manifest.h): parser and
 * the check against a measurement list and a quote's PCR values.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <cordon/cordon.h>
#include <cordon/manifest.h>

#include "unit.h"

#define H64_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define H64_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define H40_C "cccccccccccccccccccccccccccccccccccccccc"

static int parse(const char *text, struct cordon_manifest *m, char *err)
{
	return cordon_manifest_parse(text, strlen(text), "m.conf", m, err,
				     CORDON_ERR_MAX);
}

TEST(manifest_parses_every_directive)
{
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];
	const char *text =
		"# expected state\n"
		"\n"
		"file /usr/sbin/cordonctl sha256:" H64_A "   # trailing comment\n"
		"\tfile /usr/bin/runc sha256:" H64_A " sha1:" H40_C "\r\n"
		"boot_aggregate sha256:" H64_B "\n"
		"pcr 0 sha256:" H64_B "\n"
		"pcr 7 sha1:" H40_C "\n"
		"forbid /tmp/*\n"
		"file /opt/a\\x20b\\\\c SHA256:" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		" sha512:" H64_A H64_A;	/* no newline at the end */

	/* "SHA256" is not an algorithm name; use lowercase names */
	CHECK_EQ(parse(text, &m, err), -EINVAL);
	CHECK_STREQ(err, "m.conf:9:21: unknown hash algorithm 'SHA256' (sha1, sha256, sha384, sha512)");
	text = "# expected state\n"
	       "\n"
	       "file /usr/sbin/cordonctl sha256:" H64_A "   # trailing comment\n"
	       "\tfile /usr/bin/runc sha256:" H64_A " sha1:" H40_C "\r\n"
	       "boot_aggregate sha256:" H64_B "\n"
	       "pcr 0 sha256:" H64_B "\n"
	       "pcr 7 sha1:" H40_C "\n"
	       "forbid /tmp/*\n"
	       "file /opt/a\\x20b\\\\c sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	       " sha512:" H64_A H64_A;
	REQUIRE_EQ(parse(text, &m, err), 0);
	CHECK_STREQ(err, "");
	REQUIRE_EQ(m.count, 7);
	CHECK_STREQ(m.source, "m.conf");

	CHECK_EQ(m.entries[0].kind, CORDON_MANIFEST_FILE);
	CHECK_EQ(m.entries[0].line, 3);
	CHECK_STREQ(m.entries[0].name, "/usr/sbin/cordonctl");
	CHECK_EQ(m.entries[0].ndigests, 1);
	CHECK_EQ(m.entries[0].digests[0].alg, CORDON_HASH_SHA256);
	CHECK_EQ(m.entries[0].digests[0].v[31], 0xaa);

	CHECK_EQ(m.entries[1].ndigests, 2);
	CHECK_EQ(m.entries[1].digests[1].alg, CORDON_HASH_SHA1);
	CHECK_EQ(m.entries[1].digests[1].len, 20);

	CHECK_EQ(m.entries[2].kind, CORDON_MANIFEST_BOOT_AGGREGATE);
	CHECK_EQ(m.entries[2].digests[0].v[0], 0xbb);

	CHECK_EQ(m.entries[3].kind, CORDON_MANIFEST_PCR);
	CHECK_EQ(m.entries[3].pcr, 0);
	CHECK_EQ(m.entries[4].pcr, 7);
	CHECK_EQ(m.entries[4].digests[0].alg, CORDON_HASH_SHA1);

	CHECK_EQ(m.entries[5].kind, CORDON_MANIFEST_FORBID);
	CHECK_STREQ(m.entries[5].name, "/tmp/*");

	CHECK_STREQ(m.entries[6].name, "/opt/a b\\c");
	CHECK_EQ(m.entries[6].digests[0].v[0], 0xaa);	/* uppercase hex */
	CHECK_EQ(m.entries[6].digests[1].alg, CORDON_HASH_SHA512);

	/* and those boot_aggregate is recomputed from */
	CHECK_EQ(cordon_manifest_pcrs(&m, CORDON_HASH_SHA256), 0x3ffu);
	CHECK_EQ(cordon_manifest_pcrs(&m, CORDON_HASH_SHA1), 0xffu);
	CHECK_EQ(cordon_manifest_pcrs(NULL, CORDON_HASH_SHA384), 0u);
	cordon_manifest_free(&m);
}

TEST(manifest_empty)
{
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];

	REQUIRE_EQ(parse("# nothing\n\n   \n", &m, err), 0);
	CHECK_EQ(m.count, 0);
	cordon_manifest_free(&m);
	REQUIRE_EQ(cordon_manifest_parse(NULL, 0, NULL, &m, err, sizeof(err)), 0);
	CHECK_EQ(m.count, 0);
	cordon_manifest_free(&m);
}

static void expect_error(const char *text, size_t len, const char *msg)
{
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];
	int rc = cordon_manifest_parse(text, len, "m.conf", &m, err, sizeof(err));

	CHECK_EQ(rc, -EINVAL);
	if (rc == 0)
		cordon_manifest_free(&m);
	CHECK_STREQ(err, msg);
}

#define EXPECT_ERROR(text, msg) expect_error(text, strlen(text), msg)

TEST(manifest_errors_located)
{
	EXPECT_ERROR("files /a sha1:" H40_C "\n",
		     "m.conf:1:1: unknown directive 'files' (file, allow, forbid, exclude, boot_aggregate, pcr, allowlist, ignore_keyring, violations)");
	EXPECT_ERROR("\n  file /a\n",
		     "m.conf:2:10: missing argument: file NAME DIGEST [DIGEST...]");
	EXPECT_ERROR("forbid /a /b\n",
		     "m.conf:1:11: extra argument: forbid PATTERN");
	EXPECT_ERROR("pcr 7 sha1:" H40_C " x\n",
		     "m.conf:1:53: extra argument: pcr INDEX DIGEST");
	EXPECT_ERROR("file /a " H40_C "\n",
		     "m.conf:1:9: digest 'cccccccccccccccccccccccccccccccc'... is not ALG:HEX");
	EXPECT_ERROR("file /a md5:00112233445566778899aabbccddeeff\n",
		     "m.conf:1:9: unknown hash algorithm 'md5' (sha1, sha256, sha384, sha512)");
	EXPECT_ERROR("file /a sha1:cccccccccccccccccccccccccccccccccccccccg\n",
		     "m.conf:1:53: invalid hex digit 'g'");
	EXPECT_ERROR("file /a sha256:" H40_C "\n",
		     "m.conf:1:16: a sha256 digest has 64 hex digits, not 40");
	EXPECT_ERROR("pcr 24 sha1:" H40_C "\n",
		     "m.conf:1:5: PCR index '24' is not a number from 0 to 23");
	EXPECT_ERROR("pcr x sha1:" H40_C "\n",
		     "m.conf:1:5: PCR index 'x' is not a number from 0 to 23");
	EXPECT_ERROR("pcr 1 sha384:" H64_A "cccccccccccccccccccccccccccccccc\n",
		     "m.conf:1:7: PCR banks checked are sha1 and sha256");
	EXPECT_ERROR("file /a sha1:" H40_C "\n# x\nfile /a sha1:" H40_C "\n",
		     "m.conf:3:6: duplicate directive (first at line 1)");
	EXPECT_ERROR("boot_aggregate sha1:" H40_C "\nboot_aggregate sha1:" H40_C "\n",
		     "m.conf:2:16: duplicate directive (first at line 1)");
	EXPECT_ERROR("pcr 3 sha1:" H40_C "\npcr 3 sha1:" H40_C "\n",
		     "m.conf:2:5: duplicate directive (first at line 1)");
	EXPECT_ERROR("forbid /a\\q\n", "m.conf:1:10: unknown escape (use \\\\ or \\xHH)");
	EXPECT_ERROR("forbid /a\\x00\n", "m.conf:1:10: \\x00 in a name");
	EXPECT_ERROR("forbid /a\x01\n", "m.conf:1:10: control character in a name");
	expect_error("forbid /a\n#\0\n", 13, "m.conf:2:2: NUL byte");
}

TEST(manifest_same_pcr_two_banks)
{
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];

	REQUIRE_EQ(parse("pcr 3 sha1:" H40_C "\npcr 3 sha256:" H64_A "\n", &m, err), 0);
	CHECK_EQ(m.count, 2);
	cordon_manifest_free(&m);
}

TEST(manifest_read_file)
{
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX], path[] = "/tmp/cordon-manifest-unit-XXXXXX";
	char want[CORDON_ERR_MAX];
	const char *text = "forbid /x\nbogus\n";
	int fd = mkstemp(path);

	REQUIRE(fd >= 0);
	CHECK_EQ(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	CHECK_EQ(cordon_manifest_read(path, &m, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want),
		 "%s:2:1: unknown directive 'bogus' (file, allow, forbid, exclude, boot_aggregate, pcr, allowlist, ignore_keyring, violations)",
		 path);
	CHECK_STREQ(err, want);
	unlink(path);
	CHECK_EQ(cordon_manifest_read(path, &m, err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	CHECK_STREQ(err, want);
}

/* a measurement list of ima-ng entries, digests SHA-256 of given text */
struct buf {
	uint8_t p[4096];
	size_t len;
};

static void put(struct buf *b, const void *p, size_t n)
{
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put32(struct buf *b, uint32_t v)
{
	uint8_t le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	put(b, le, 4);
}

static void boot_digest(uint8_t d[32]);

/* an ima-ng entry; content NULL: the boot_aggregate of boot_pcrs() */
static void ng(struct buf *log, const char *name, const char *content,
	       bool violation)
{
	struct buf d = { .len = 0 };
	uint8_t dig[32] = { 0 }, h[20] = { 0 };
	uint32_t dl = violation ? 20 : 32;

	if (!violation && !content)
		boot_digest(dig);
	else if (!violation)
		EVP_Digest(content, strlen(content), dig, NULL, EVP_sha256(), NULL);
	put32(&d, (uint32_t)(violation ? 6 : 8) + dl);
	put(&d, violation ? "sha1:" : "sha256:", violation ? 6 : 8);
	put(&d, dig, dl);
	put32(&d, (uint32_t)strlen(name) + 1);
	put(&d, name, strlen(name) + 1);
	if (!violation)
		EVP_Digest(d.p, d.len, h, NULL, EVP_sha1(), NULL);
	put32(log, 10);
	put(log, h, 20);
	put32(log, 6);
	put(log, "ima-ng", 6);
	put32(log, (uint32_t)d.len);
	put(log, d.p, d.len);
}

/* The PCRs 0-9 of the quotes of these tests: PCR 0 all 0xaa, others 0. */
static void boot_pcrs(uint8_t v[10][32])
{
	memset(v, 0, 10 * 32);
	memset(v[0], 0xaa, 32);
}

/* sha256 of those PCRs: the list's boot_aggregate, as IMA computes it */
static void boot_digest(uint8_t d[32])
{
	uint8_t v[10][32];

	boot_pcrs(v);
	EVP_Digest(v, sizeof(v), d, NULL, EVP_sha256(), NULL);
}

static void hexdigest(const char *content, char *out)
{
	uint8_t d[32];

	if (strcmp(content, "boot") == 0)
		boot_digest(d);
	else
		EVP_Digest(content, strlen(content), d, NULL, EVP_sha256(), NULL);
	out += sprintf(out, "sha256:");
	for (int i = 0; i < 32; i++)
		out += sprintf(out, "%02x", d[i]);
}

struct failures {
	int n;
	struct cordon_manifest_failure f[16];
	unsigned int line[16];	/* f[i].entry does not outlive check() */
};

static void collect(void *arg, const struct cordon_manifest_failure *f)
{
	struct failures *fs = arg;

	if (fs->n < 16) {
		fs->f[fs->n] = *f;
		fs->line[fs->n] = f->entry->line;
	}
	fs->n++;
}

struct fixture {
	struct cordon_ima_log log;
	struct cordon_manifest m;
	struct failures fs;
};

/* list: boot_aggregate, runc, bash, /tmp/evil (entry 3), violation on
 * /etc/shadow (4), late (5, after the quote) */
static int check_strict(struct fixture *fx, const char *manifest,
			size_t verified, const struct cordon_quote *q);

/* The cases below about other rules accept the list's violation. */
static int check(struct fixture *fx, const char *manifest, size_t verified,
		 const struct cordon_quote *q)
{
	char *text;
	int rc;

	if (asprintf(&text, "%sviolations allow\n", manifest) < 0)
		return -ENOMEM;
	rc = check_strict(fx, text, verified, q);
	free(text);
	return rc;
}

static int check_strict(struct fixture *fx, const char *manifest,
			size_t verified, const struct cordon_quote *q)
{
	static struct buf log;
	char err[CORDON_ERR_MAX];
	int rc;

	log.len = 0;
	ng(&log, "boot_aggregate", NULL, false);
	ng(&log, "/usr/bin/runc", "runc", false);
	ng(&log, "/usr/bin/bash", "bash", false);
	ng(&log, "/tmp/evil", "evil", false);
	ng(&log, "/etc/shadow", "", true);
	ng(&log, "/usr/bin/late", "late", false);
	memset(fx, 0, sizeof(*fx));
	if (cordon_ima_parse(log.p, log.len, CORDON_HASH_SHA1, &fx->log, err,
			     sizeof(err)) ||
	    cordon_manifest_parse(manifest, strlen(manifest), "m", &fx->m, err,
				  sizeof(err))) {
		unit_fail(__FILE__, __LINE__, "setup: %s", err);
		return -1;
	}
	rc = cordon_manifest_check(&fx->m, &fx->log, verified, q, collect,
				   &fx->fs);
	cordon_ima_free(&fx->log);
	cordon_manifest_free(&fx->m);
	return rc;
}

TEST(manifest_check_passes)
{
	struct fixture fx;
	char text[1024], a[80], b[80], c[80];

	hexdigest("runc", a);
	hexdigest("boot", b);
	hexdigest("other runc", c);
	snprintf(text, sizeof(text),
		 "file /usr/bin/runc %s %s\nboot_aggregate %s\nforbid /usr/bin/nc\nforbid /root/*\n",
		 c, a, b);
	CHECK_EQ(check(&fx, text, 5, NULL), 0);
	CHECK_EQ(fx.fs.n, 0);
}

TEST(manifest_check_wrong_digest)
{
	struct fixture fx;
	char text[256], a[80], want[80];

	hexdigest("other runc", a);
	hexdigest("runc", want);
	snprintf(text, sizeof(text), "\nfile /usr/bin/runc %s\n", a);
	CHECK_EQ(check(&fx, text, 5, NULL), 1);
	REQUIRE_EQ(fx.fs.n, 1);
	CHECK_STREQ(fx.fs.f[0].subject, "file '/usr/bin/runc'");
	CHECK_STREQ(fx.fs.f[0].expected, a);
	CHECK(strncmp(fx.fs.f[0].seen, want, strlen(want)) == 0);
	CHECK(strstr(fx.fs.f[0].seen, "at log entry 1") != NULL);
	CHECK_EQ(fx.fs.f[0].log_index, 1);
	CHECK_EQ(fx.fs.line[0], 2);
}

TEST(manifest_check_other_algorithm_fails)
{
	struct fixture fx;

	CHECK_EQ(check(&fx, "file /usr/bin/runc sha1:" H40_C "\n", 5, NULL), 1);
}

TEST(manifest_check_missing_and_late)
{
	struct fixture fx;
	char text[256], a[80];

	hexdigest("late", a);
	snprintf(text, sizeof(text),
		 "file /usr/bin/podman sha1:" H40_C "\nfile /usr/bin/late %s\n", a);
	CHECK_EQ(check(&fx, text, 5, NULL), 2);
	REQUIRE_EQ(fx.fs.n, 2);
	CHECK_STREQ(fx.fs.f[0].seen, "not measured (no entry in the log)");
	CHECK_EQ(fx.fs.f[0].log_index, SIZE_MAX);
	CHECK(strstr(fx.fs.f[1].seen, "measured only after the quote (log entry 5)") != NULL);
	/* once the quote covers it, it passes */
	CHECK_EQ(check(&fx, text + strlen("file /usr/bin/podman sha1:" H40_C "\n"),
		       6, NULL), 0);
}

TEST(manifest_check_forbid)
{
	struct fixture fx;

	CHECK_EQ(check(&fx, "forbid /tmp/*\nforbid /usr/bin/late\n", 5, NULL), 2);
	REQUIRE_EQ(fx.fs.n, 2);
	CHECK_STREQ(fx.fs.f[0].subject, "forbid '/tmp/*'");
	CHECK_STREQ(fx.fs.f[0].expected, "absent from the log");
	CHECK_STREQ(fx.fs.f[0].seen, "'/tmp/evil' measured at log entry 3");
	/* forbidden files count even in the part after the quote */
	CHECK_STREQ(fx.fs.f[1].seen, "'/usr/bin/late' measured at log entry 5");
	CHECK_EQ(check(&fx, "forbid /usr/bin/*\n", 6, NULL), 3);
}

TEST(manifest_check_violation_never_matches)
{
	struct fixture fx;
	char text[256], a[80];

	hexdigest("", a);
	snprintf(text, sizeof(text), "file /etc/shadow %s\n", a);
	CHECK_EQ(check(&fx, text, 6, NULL), 1);
	REQUIRE_EQ(fx.fs.n, 1);
	CHECK(strstr(fx.fs.f[0].seen, "a violation (zero digest) at log entry 4") != NULL);
}

TEST(manifest_check_boot_aggregate)
{
	struct fixture fx;
	char text[256], a[80];

	hexdigest("boot", a);
	snprintf(text, sizeof(text), "boot_aggregate %s\n", a);
	CHECK_EQ(check(&fx, text, 6, NULL), 0);
	CHECK_EQ(check(&fx, "boot_aggregate sha256:" H64_B "\n", 6, NULL), 1);
	CHECK(strstr(fx.fs.f[0].seen, "at log entry 0") != NULL);
	/* not in the quoted part */
	CHECK_EQ(check(&fx, text, 0, NULL), 1);
	CHECK_STREQ(fx.fs.f[0].seen, "no boot_aggregate entry in the quoted log");
}

TEST(manifest_check_pcr)
{
	struct fixture fx;
	struct cordon_quote q;

	memset(&q, 0, sizeof(q));
	q.nbanks = 1;
	q.banks[0].alg = CORDON_HASH_SHA256;
	q.banks[0].mask = 0x3ffu | 1u << 10;
	memset(q.banks[0].v[0], 0xaa, 32);
	CHECK_EQ(check(&fx, "pcr 0 sha256:" H64_A "\n", 6, &q), 0);
	CHECK_EQ(check(&fx, "pcr 0 sha256:" H64_B "\n", 6, &q), 1);
	CHECK_STREQ(fx.fs.f[0].subject, "pcr 0 (sha256 bank)");
	CHECK_STREQ(fx.fs.f[0].expected, "sha256:" H64_B);
	CHECK_STREQ(fx.fs.f[0].seen, "sha256:" H64_A);
	/* a bank the quote lacks */
	CHECK_EQ(check(&fx, "pcr 0 sha1:" H40_C "\n", 6, &q), 1);
	CHECK(strstr(fx.fs.f[0].seen, "not quoted") != NULL);
	/* no quote at all */
	CHECK_EQ(check(&fx, "pcr 0 sha256:" H64_A "\n", 6, NULL), 1);
}

TEST(manifest_check_reports_in_order)
{
	struct fixture fx;

	CHECK_EQ(check(&fx,
		       "forbid /tmp/evil\nfile /nope sha1:" H40_C "\nforbid /etc/*\n",
		       6, NULL), 3);
	REQUIRE_EQ(fx.fs.n, 3);
	CHECK_EQ(fx.fs.line[0], 1);
	CHECK_EQ(fx.fs.line[1], 2);
	CHECK_EQ(fx.fs.line[2], 3);
}
