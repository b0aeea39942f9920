// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: IMA binary measurement list parser and PCR replay
 * (cordon/ima.h). Expected values are computed here with OpenSSL, the way
 * the kernel computes them (security/integrity/ima/ima_crypto.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <cordon/cordon.h>
#include <cordon/ima.h>

#include "unit.h"

struct buf {
	uint8_t p[8192];
	size_t len;
};

static void put(struct buf *b, const void *p, size_t n)
{
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put32(struct buf *b, uint32_t v)
{
	uint8_t le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	put(b, le, 4);
}

static void field(struct buf *b, const void *p, size_t n)
{
	put32(b, (uint32_t)n);
	put(b, p, n);
}

/* "alg:" '\0' digest, or "type:alg:" '\0' digest */
static void digest_field(struct buf *b, const char *prefix, const uint8_t *d,
			 size_t n)
{
	struct buf f = { .len = 0 };

	put(&f, prefix, strlen(prefix) + 1);
	put(&f, d, n);
	field(b, f.p, f.len);
}

static void sha(const EVP_MD *md, const void *p, size_t n, uint8_t *out)
{
	EVP_Digest(p, n, out, NULL, md, NULL);
}

/*
 * Append an entry to a list: template hash = SHA-1 (or SHA-256 when
 * @hlen is 32) of @data, or zeros if @violation.
 */
static void entry(struct buf *log, uint32_t pcr, const char *tpl,
		  const struct buf *data, size_t hlen, bool violation)
{
	uint8_t h[32] = { 0 };

	if (!violation)
		sha(hlen == 20 ? EVP_sha1() : EVP_sha256(), data->p, data->len,
		    h);
	put32(log, pcr);
	put(log, h, hlen);
	put32(log, (uint32_t)strlen(tpl));
	put(log, tpl, strlen(tpl));
	put32(log, (uint32_t)data->len);
	put(log, data->p, data->len);
}

/* ima-ng data for a name with the SHA-256 digest of the name */
static void ng_data(struct buf *d, const char *name)
{
	uint8_t dig[32];

	d->len = 0;
	sha(EVP_sha256(), name, strlen(name), dig);
	digest_field(d, "sha256:", dig, 32);
	field(d, name, strlen(name) + 1);
}

static void ng_entry(struct buf *log, uint32_t pcr, const char *name)
{
	struct buf d;

	ng_data(&d, name);
	entry(log, pcr, "ima-ng", &d, 20, false);
}

/* template "ima": no data length; d is 20 bytes, name without NUL */
static void ima_entry(struct buf *log, const char *name, const uint8_t d[20],
		      uint8_t sha1_out[20], uint8_t sha256_out[32])
{
	uint8_t in[20 + 256] = { 0 };
	uint8_t h[20];

	memcpy(in, d, 20);
	memcpy(in + 20, name, strlen(name));
	sha(EVP_sha1(), in, sizeof(in), h);
	if (sha1_out)
		memcpy(sha1_out, h, 20);
	if (sha256_out)
		sha(EVP_sha256(), in, sizeof(in), sha256_out);
	put32(log, 10);
	put(log, h, 20);
	put32(log, 3);
	put(log, "ima", 3);
	put(log, d, 20);
	put32(log, (uint32_t)strlen(name));
	put(log, name, strlen(name));
}

static int parse(const struct buf *b, struct cordon_ima_log *log, char *err)
{
	return cordon_ima_parse(b->p, b->len, CORDON_HASH_SHA1, log, err,
				CORDON_ERR_MAX);
}

TEST(ima_hash_names)
{
	CHECK_STREQ(cordon_hash_name(CORDON_HASH_SHA256), "sha256");
	CHECK_EQ(cordon_hash_size(CORDON_HASH_SHA1), 20);
	CHECK_EQ(cordon_hash_size(CORDON_HASH_SHA512), 64);
	CHECK_EQ(cordon_hash_size(CORDON_HASH_NONE), 0);
	CHECK_EQ(cordon_hash_parse("sha384", 6), CORDON_HASH_SHA384);
	CHECK_EQ(cordon_hash_parse("sha25", 5), CORDON_HASH_NONE);
	CHECK_EQ(cordon_hash_parse("md5", 3), CORDON_HASH_NONE);
}

TEST(ima_parse_empty_list)
{
	struct cordon_ima_log log;
	char err[CORDON_ERR_MAX];
	uint8_t pcr[32], zero[32] = { 0 };

	REQUIRE_EQ(cordon_ima_parse(NULL, 0, CORDON_HASH_SHA1, &log, err,
				    sizeof(err)), 0);
	CHECK_EQ(log.count, 0);
	CHECK_EQ(cordon_ima_replay(&log, 0, 10, CORDON_HASH_SHA256, pcr), 0);
	CHECK(memcmp(pcr, zero, 32) == 0);
	cordon_ima_free(&log);
}

TEST(ima_parse_every_template)
{
	static struct buf log, d;
	static const uint8_t sig[] = { 0x03, 0x02, 0xaa, 0xbb };
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];
	uint8_t dig[32], d20[20];
	const struct cordon_ima_entry *e;
	uint32_t u = 0;

	memset(d20, 0x5a, sizeof(d20));
	sha(EVP_sha256(), "x", 1, dig);
	/* 0: ima */
	ima_entry(&log, "/bin/old name", d20, NULL, NULL);
	/* 1: ima-ng */
	ng_entry(&log, 10, "/bin/ng");
	/* 2: ima-sig */
	d.len = 0;
	digest_field(&d, "sha256:", dig, 32);
	field(&d, "/bin/sig", 9);
	field(&d, sig, sizeof(sig));
	entry(&log, 10, "ima-sig", &d, 20, false);
	/* 3: ima-ngv2, verity digest */
	d.len = 0;
	digest_field(&d, "verity:sha256:", dig, 32);
	field(&d, "/bin/ngv2", 10);
	entry(&log, 10, "ima-ngv2", &d, 20, false);
	/* 4: ima-sigv2, empty sig */
	d.len = 0;
	digest_field(&d, "ima:sha512:", (uint8_t[64]){ 1 }, 64);
	field(&d, "/bin/sigv2", 11);
	field(&d, NULL, 0);
	entry(&log, 10, "ima-sigv2", &d, 20, false);
	/* 5: ima-buf */
	d.len = 0;
	digest_field(&d, "sha256:", dig, 32);
	field(&d, "kexec-cmdline", 14);
	field(&d, "console=ttyS0", 13);
	entry(&log, 10, "ima-buf", &d, 20, false);
	/* 6: ima-modsig, with a d-modsig */
	d.len = 0;
	digest_field(&d, "sha256:", dig, 32);
	field(&d, "/lib/m.ko", 10);
	field(&d, sig, sizeof(sig));
	digest_field(&d, "sha256:", dig, 32);
	field(&d, sig, sizeof(sig));
	entry(&log, 10, "ima-modsig", &d, 20, false);
	/* 7: evm-sig */
	d.len = 0;
	digest_field(&d, "sha256:", dig, 32);
	field(&d, "/etc/evm", 9);
	field(&d, sig, sizeof(sig));
	field(&d, "security.ima", 13);
	field(&d, "\x04\x00\x00\x00", 4);
	field(&d, "abcd", 4);
	field(&d, &u, 4);
	field(&d, &u, 4);
	field(&d, &u, 2);
	entry(&log, 10, "evm-sig", &d, 20, false);
	/* 8: custom format, an unknown digest algorithm (sm3-256) */
	d.len = 0;
	digest_field(&d, "sm3-256:", dig, 32);
	field(&d, "/bin/custom", 12);
	field(&d, &u, 4);
	entry(&log, 11, "d-ng|n-ng|iuid", &d, 20, false);

	REQUIRE_EQ(parse(&log, &l, err), 0);
	CHECK_STREQ(err, "");
	REQUIRE_EQ(l.count, 9);

	e = &l.entries[0];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_IMA);
	CHECK_STREQ(e->template_name, "ima");
	CHECK_STREQ(e->name, "/bin/old name");
	CHECK_EQ(e->digest.alg, CORDON_HASH_SHA1);
	CHECK(memcmp(e->digest.v, d20, 20) == 0);
	CHECK_EQ(e->offset, 0);

	e = &l.entries[1];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_NG);
	CHECK_STREQ(e->name, "/bin/ng");
	CHECK_EQ(e->digest.alg, CORDON_HASH_SHA256);
	CHECK_EQ(e->digest.len, 32);
	CHECK(!e->violation);
	CHECK(e->sig == NULL);

	e = &l.entries[2];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_SIG);
	CHECK_STREQ(e->name, "/bin/sig");
	CHECK(memcmp(e->digest.v, dig, 32) == 0);
	CHECK_EQ(e->sig_len, sizeof(sig));
	CHECK(e->sig && memcmp(e->sig, sig, sizeof(sig)) == 0);

	e = &l.entries[3];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_NGV2);
	CHECK_STREQ(e->digest_type, "verity");
	CHECK_EQ(e->digest.alg, CORDON_HASH_SHA256);

	e = &l.entries[4];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_SIGV2);
	CHECK_STREQ(e->digest_type, "ima");
	CHECK_EQ(e->digest.alg, CORDON_HASH_SHA512);
	CHECK_EQ(e->digest.len, 64);
	CHECK(e->sig == NULL);
	CHECK_EQ(e->sig_len, 0);

	e = &l.entries[5];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_BUF);
	CHECK_STREQ(e->name, "kexec-cmdline");
	CHECK_EQ(e->buf_len, 13);
	CHECK(e->buf && memcmp(e->buf, "console=ttyS0", 13) == 0);

	e = &l.entries[6];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_MODSIG);
	CHECK_STREQ(e->name, "/lib/m.ko");
	CHECK_EQ(e->sig_len, sizeof(sig));

	e = &l.entries[7];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_EVM_SIG);
	CHECK_STREQ(e->name, "/etc/evm");

	e = &l.entries[8];
	CHECK_EQ(e->tpl, CORDON_IMA_TPL_CUSTOM);
	CHECK_EQ(e->pcr, 11);
	CHECK_STREQ(e->name, "/bin/custom");
	CHECK_EQ(e->digest.alg, CORDON_HASH_NONE);
	CHECK_EQ(e->digest.len, 32);

	/* every template hash is the SHA-1 of the data as the kernel says */
	for (size_t i = 0; i < l.count; i++)
		CHECK_EQ(cordon_ima_check_entry(&l, &l.entries[i], err,
						sizeof(err)), 0);
	cordon_ima_free(&l);
}

TEST(ima_parse_sha256_list)
{
	static struct buf log, d;
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];

	ng_data(&d, "/bin/a");
	entry(&log, 10, "ima-ng", &d, 32, false);
	ng_data(&d, "/bin/b");
	entry(&log, 10, "ima-ng", &d, 32, false);
	REQUIRE_EQ(cordon_ima_parse(log.p, log.len, CORDON_HASH_SHA256, &l, err,
				    sizeof(err)), 0);
	CHECK_EQ(l.count, 2);
	CHECK_STREQ(l.entries[1].name, "/bin/b");
	CHECK_EQ(cordon_ima_check_entry(&l, &l.entries[1], err, sizeof(err)), 0);
	cordon_ima_free(&l);
	/* the same bytes read as a SHA-1 list do not parse */
	CHECK_EQ(parse(&log, &l, err), -EINVAL);
}

/* every cut of a valid list that is not at an entry boundary fails */
TEST(ima_truncated_lists_rejected)
{
	static struct buf log;
	uint8_t d20[20] = { 1 };
	size_t boundary[3];
	char err[CORDON_ERR_MAX];

	ng_entry(&log, 10, "/usr/bin/first");
	boundary[0] = log.len;
	ima_entry(&log, "/usr/bin/second", d20, NULL, NULL);
	boundary[1] = log.len;
	ng_entry(&log, 10, "/usr/bin/third");
	boundary[2] = log.len;
	for (size_t cut = 1; cut < log.len; cut++) {
		struct cordon_ima_log l;
		int rc;

		/* a heap copy of exactly cut bytes, for ASan */
		uint8_t *p = malloc(cut);

		REQUIRE(p != NULL);
		memcpy(p, log.p, cut);
		rc = cordon_ima_parse(p, cut, CORDON_HASH_SHA1, &l, err,
				      sizeof(err));
		free(p);
		if (cut == boundary[0] || cut == boundary[1]) {
			CHECK_EQ(rc, 0);
			if (rc == 0)
				cordon_ima_free(&l);
			continue;
		}
		CHECK_EQ(rc, -EINVAL);
		if (rc == -EINVAL && strncmp(err, "entry ", 6) != 0)
			unit_fail(__FILE__, __LINE__, "cut %zu: message '%s'",
				  cut, err);
	}
	(void)boundary[2];
}

TEST(ima_truncated_message)
{
	static struct buf log;
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];

	ng_entry(&log, 10, "/usr/bin/first");
	ng_entry(&log, 10, "/usr/bin/second");
	log.len -= 3;
	CHECK_EQ(parse(&log, &l, err), -EINVAL);
	CHECK(strstr(err, "entry 1 (offset ") != NULL);
	CHECK(strstr(err, "truncated template data") != NULL);
}

static void expect_garbage(const struct buf *b, const char *msg)
{
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];
	int rc = parse(b, &l, err);

	CHECK_EQ(rc, -EINVAL);
	if (rc == 0)
		cordon_ima_free(&l);
	if (!strstr(err, msg))
		unit_fail(__FILE__, __LINE__, "'%s' lacks '%s'", err, msg);
}

TEST(ima_garbage_rejected)
{
	static struct buf b, d;
	uint8_t dig[32] = { 0 }, h[20] = { 0 };

	/* PCR index out of range (a big-endian list reads so) */
	b.len = 0;
	ng_data(&d, "/x");
	entry(&b, 0x0a000000, "ima-ng", &d, 20, false);
	expect_garbage(&b, "PCR index 167772160 out of range");

	/* unknown template */
	b.len = 0;
	entry(&b, 10, "ima-foo", &d, 20, false);
	expect_garbage(&b, "unknown template 'ima-foo'");
	b.len = 0;
	entry(&b, 10, "d-ng|bogus", &d, 20, false);
	expect_garbage(&b, "unknown template 'd-ng|bogus'");

	/* template name length 0 */
	b.len = 0;
	put32(&b, 10);
	put(&b, h, 20);
	put32(&b, 0);
	expect_garbage(&b, "template name length 0 out of range");

	/* data longer than its fields */
	b.len = 0;
	ng_data(&d, "/x");
	put(&d, "zz", 2);
	entry(&b, 10, "ima-ng", &d, 20, false);
	expect_garbage(&b, "2 bytes of template data after the last field");

	/* a field that overruns the data */
	b.len = 0;
	d.len = 0;
	digest_field(&d, "sha256:", dig, 32);
	put32(&d, 100);
	put(&d, "/x", 3);
	entry(&b, 10, "ima-ng", &d, 20, false);
	expect_garbage(&b, "field n-ng of 100 bytes overruns");

	/* a name without its NUL */
	b.len = 0;
	d.len = 0;
	digest_field(&d, "sha256:", dig, 32);
	field(&d, "/x", 2);
	entry(&b, 10, "ima-ng", &d, 20, false);
	expect_garbage(&b, "field n-ng is not a NUL-terminated string");

	/* a NUL inside a name */
	b.len = 0;
	d.len = 0;
	digest_field(&d, "sha256:", dig, 32);
	field(&d, "/x\0y", 5);
	entry(&b, 10, "ima-ng", &d, 20, false);
	expect_garbage(&b, "not a NUL-terminated string");

	/* a digest without "alg:" */
	b.len = 0;
	d.len = 0;
	field(&d, dig, 32);
	field(&d, "/x", 3);
	entry(&b, 10, "ima-ng", &d, 20, false);
	expect_garbage(&b, "digest field without its 'algorithm:' prefix");

	/* a sha256 digest of 31 bytes */
	b.len = 0;
	d.len = 0;
	digest_field(&d, "sha256:", dig, 31);
	field(&d, "/x", 3);
	entry(&b, 10, "ima-ng", &d, 20, false);
	expect_garbage(&b, "sha256 digest of 31 bytes");

	/* d-ngv2 without its type */
	b.len = 0;
	d.len = 0;
	digest_field(&d, "sha256:", dig, 32);
	field(&d, "/x", 3);
	entry(&b, 10, "ima-ngv2", &d, 20, false);
	expect_garbage(&b, "d-ngv2 digest without its 'type:' prefix");

	/* template ima with a 300-byte name */
	b.len = 0;
	put32(&b, 10);
	put(&b, h, 20);
	put32(&b, 3);
	put(&b, "ima", 3);
	put(&b, h, 20);
	put32(&b, 300);
	for (int i = 0; i < 300; i++)
		put(&b, "a", 1);
	expect_garbage(&b, "name of 300 bytes");

	/* random bytes */
	b.len = 0;
	for (int i = 0; i < 200; i++) {
		uint8_t c = (uint8_t)(i * 37 + 11);

		put(&b, &c, 1);
	}
	expect_garbage(&b, "entry 0 (offset 0): ");
}

TEST(ima_replay_known_vector)
{
	static struct buf log, d;
	static const char *const names[] = { "/a", "/b", "/c" };
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];
	uint8_t p256[32] = { 0 }, p1[20] = { 0 }, h[32], cat[64];
	uint8_t r[32];

	for (int i = 0; i < 3; i++) {
		ng_data(&d, names[i]);
		entry(&log, 10, "ima-ng", &d, 20, false);
		/* SHA-256 bank: SHA-256 of the template data */
		sha(EVP_sha256(), d.p, d.len, h);
		memcpy(cat, p256, 32);
		memcpy(cat + 32, h, 32);
		sha(EVP_sha256(), cat, 64, p256);
		/* SHA-1 bank: the template hash */
		sha(EVP_sha1(), d.p, d.len, h);
		memcpy(cat, p1, 20);
		memcpy(cat + 20, h, 20);
		sha(EVP_sha1(), cat, 40, p1);
	}
	/* an entry for another PCR is not in PCR 10 */
	ng_entry(&log, 11, "/elsewhere");
	REQUIRE_EQ(parse(&log, &l, err), 0);
	CHECK_EQ(cordon_ima_replay(&l, l.count, 10, CORDON_HASH_SHA256, r), 0);
	CHECK(memcmp(r, p256, 32) == 0);
	CHECK_EQ(cordon_ima_replay(&l, l.count, 10, CORDON_HASH_SHA1, r), 0);
	CHECK(memcmp(r, p1, 20) == 0);
	CHECK_EQ(cordon_ima_replay(&l, l.count + 1, 10, CORDON_HASH_SHA1, r),
		 -EINVAL);
	CHECK_EQ(cordon_ima_replay(&l, l.count, 10, CORDON_HASH_NONE, r),
		 -EINVAL);
	cordon_ima_free(&l);
}

TEST(ima_template_ima_bank_digest)
{
	static struct buf log;
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];
	uint8_t d20[20], want1[20], want256[32], got[32];

	memset(d20, 0x33, sizeof(d20));
	ima_entry(&log, "boot_aggregate", d20, want1, want256);
	REQUIRE_EQ(parse(&log, &l, err), 0);
	CHECK_EQ(cordon_ima_bank_digest(&l.entries[0], CORDON_HASH_SHA256, got), 0);
	CHECK(memcmp(got, want256, 32) == 0);
	CHECK_EQ(cordon_ima_bank_digest(&l.entries[0], CORDON_HASH_SHA1, got), 0);
	CHECK(memcmp(got, want1, 20) == 0);
	CHECK(memcmp(l.entries[0].template_hash, want1, 20) == 0);
	CHECK_EQ(cordon_ima_check_entry(&l, &l.entries[0], err, sizeof(err)), 0);
	cordon_ima_free(&l);
}

TEST(ima_violation_extends_ff)
{
	static struct buf log, d;
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];
	uint8_t zero20[20] = { 0 }, want[32], cat[64] = { 0 }, r[32];

	d.len = 0;
	digest_field(&d, "sha1:", zero20, 20);
	field(&d, "/var/log/x", 11);
	entry(&log, 10, "ima-ng", &d, 20, true);
	REQUIRE_EQ(parse(&log, &l, err), 0);
	CHECK(l.entries[0].violation);
	memset(cat + 32, 0xff, 32);
	sha(EVP_sha256(), cat, 64, want);
	CHECK_EQ(cordon_ima_replay(&l, 1, 10, CORDON_HASH_SHA256, r), 0);
	CHECK(memcmp(r, want, 32) == 0);
	memset(cat, 0, sizeof(cat));
	memset(cat + 20, 0xff, 20);
	sha(EVP_sha1(), cat, 40, want);
	CHECK_EQ(cordon_ima_replay(&l, 1, 10, CORDON_HASH_SHA1, r), 0);
	CHECK(memcmp(r, want, 20) == 0);
	/* a violation's zero template hash is not a tampered entry */
	CHECK_EQ(cordon_ima_check_entry(&l, &l.entries[0], err, sizeof(err)), 0);
	cordon_ima_free(&l);
}

TEST(ima_check_entry_detects_tamper)
{
	static struct buf log;
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];

	ng_entry(&log, 10, "/usr/bin/ok");
	ng_entry(&log, 10, "/usr/bin/runc");
	log.p[log.len - 20] ^= 1;	/* a byte of the second digest */
	REQUIRE_EQ(parse(&log, &l, err), 0);
	CHECK_EQ(cordon_ima_check_entry(&l, &l.entries[0], err, sizeof(err)), 0);
	CHECK_EQ(cordon_ima_check_entry(&l, &l.entries[1], err, sizeof(err)),
		 -EBADMSG);
	CHECK(strstr(err, "entry 1 (offset ") != NULL);
	CHECK(strstr(err, "'/usr/bin/runc'") != NULL);
	CHECK(strstr(err, "template hash does not match") != NULL);
	cordon_ima_free(&l);
}

TEST(ima_replay_match_first_prefix)
{
	static struct buf log;
	struct cordon_ima_log l;
	struct cordon_ima_replay r;
	char err[CORDON_ERR_MAX];
	uint8_t after2[32], all[32], zero[32] = { 0 }, other[32];

	ng_entry(&log, 10, "/1");
	ng_entry(&log, 11, "/other-pcr");
	ng_entry(&log, 10, "/2");
	ng_entry(&log, 10, "/3");
	REQUIRE_EQ(parse(&log, &l, err), 0);
	REQUIRE_EQ(cordon_ima_replay(&l, 3, 10, CORDON_HASH_SHA256, after2), 0);
	REQUIRE_EQ(cordon_ima_replay(&l, 4, 10, CORDON_HASH_SHA256, all), 0);

	/* the quote came after /2: the log runs one entry ahead */
	CHECK_EQ(cordon_ima_replay_match(&l, 10, CORDON_HASH_SHA256, after2, &r), 0);
	CHECK_EQ(r.prefix, 3);
	CHECK(memcmp(r.final, all, 32) == 0);
	CHECK_EQ(cordon_ima_replay_match(&l, 10, CORDON_HASH_SHA256, all, &r), 0);
	CHECK_EQ(r.prefix, 4);
	/* nothing extended yet */
	CHECK_EQ(cordon_ima_replay_match(&l, 10, CORDON_HASH_SHA256, zero, &r), 0);
	CHECK_EQ(r.prefix, 0);
	/* a value no prefix reaches */
	memset(other, 0x42, sizeof(other));
	CHECK_EQ(cordon_ima_replay_match(&l, 10, CORDON_HASH_SHA256, other, &r),
		 -ENOENT);
	CHECK_EQ(r.prefix, SIZE_MAX);
	CHECK(memcmp(r.final, all, 32) == 0);
	cordon_ima_free(&l);
}

TEST(ima_read_file)
{
	static struct buf log;
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX], path[] = "/tmp/cordon-ima-unit-XXXXXX";
	int fd;

	ng_entry(&log, 10, "/usr/bin/x");
	fd = mkstemp(path);
	REQUIRE(fd >= 0);
	CHECK_EQ(write(fd, log.p, log.len), (ssize_t)log.len);
	close(fd);
	CHECK_EQ(cordon_ima_read(path, CORDON_HASH_SHA1, &l, err, sizeof(err)), 0);
	CHECK_EQ(l.count, 1);
	cordon_ima_free(&l);
	/* garbage: the message names the file */
	fd = open(path, O_WRONLY | O_APPEND);
	CHECK_EQ(write(fd, "zz", 2), 2);
	close(fd);
	CHECK_EQ(cordon_ima_read(path, CORDON_HASH_SHA1, &l, err, sizeof(err)),
		 -EINVAL);
	CHECK(strncmp(err, path, strlen(path)) == 0);
	unlink(path);
	CHECK_EQ(cordon_ima_read(path, CORDON_HASH_SHA1, &l, err, sizeof(err)),
		 -ENOENT);
	CHECK(strstr(err, "No such file") != NULL);
}

TEST(ima_digest_format)
{
	struct cordon_digest d = { .alg = CORDON_HASH_SHA1, .len = 20 };
	char buf[CORDON_DIGEST_TEXT_MAX];

	memset(d.v, 0xab, 20);
	CHECK_STREQ(cordon_digest_format(&d, buf, sizeof(buf)),
		    "sha1:abababababababababababababababababababab");
}

/* ima_template_fmt=d|n: the old fields, with lengths, in a custom format */
TEST(ima_parse_custom_old_fields)
{
	static struct buf log, d;
	struct cordon_ima_log l;
	char err[CORDON_ERR_MAX];
	uint8_t d20[20];

	memset(d20, 0x77, sizeof(d20));
	field(&d, d20, 20);
	field(&d, "/sbin/init", 11);
	entry(&log, 10, "d|n", &d, 20, false);
	REQUIRE_EQ(parse(&log, &l, err), 0);
	CHECK_EQ(l.entries[0].tpl, CORDON_IMA_TPL_CUSTOM);
	CHECK_STREQ(l.entries[0].name, "/sbin/init");
	CHECK_EQ(l.entries[0].digest.alg, CORDON_HASH_SHA1);
	CHECK(memcmp(l.entries[0].digest.v, d20, 20) == 0);
	CHECK_EQ(cordon_ima_check_entry(&l, &l.entries[0], err, sizeof(err)), 0);
	cordon_ima_free(&l);
	/* a d field of another size */
	log.len = d.len = 0;
	field(&d, d20, 19);
	field(&d, "/sbin/init", 11);
	entry(&log, 10, "d|n", &d, 20, false);
	CHECK_EQ(parse(&log, &l, err), -EINVAL);
	CHECK(strstr(err, "field d of 19 bytes") != NULL);
}

/* damaged lists: parse or fail cleanly, never read out of bounds (ASan) */
TEST(ima_damaged_lists_fail_cleanly)
{
	static struct buf log;
	uint8_t d20[20] = { 9 };
	uint32_t seed = 12345;
	int parsed = 0;

	ng_entry(&log, 10, "/usr/bin/a");
	ima_entry(&log, "/usr/bin/b", d20, NULL, NULL);
	ng_entry(&log, 10, "/usr/bin/c");
	for (int round = 0; round < 3000; round++) {
		uint8_t *p = malloc(log.len);
		struct cordon_ima_log l;
		char err[CORDON_ERR_MAX];
		int rc;

		REQUIRE(p != NULL);
		memcpy(p, log.p, log.len);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245 + 12345;
			p[(seed >> 8) % log.len] ^= (uint8_t)(1u << ((seed >> 4) % 8));
		}
		rc = cordon_ima_parse(p, log.len, CORDON_HASH_SHA1, &l, err,
				      sizeof(err));
		free(p);
		CHECK(rc == 0 || rc == -EINVAL);
		if (rc == 0) {
			parsed++;
			for (size_t i = 0; i < l.count; i++)
				cordon_ima_check_entry(&l, &l.entries[i], err,
						       sizeof(err));
			cordon_ima_free(&l);
		} else {
			CHECK(strncmp(err, "entry ", 6) == 0);
		}
	}
	/* flips in digests and names still parse: the parser saw both */
	CHECK(parsed > 0);
	CHECK(parsed < 3000);
}
