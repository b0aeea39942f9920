// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: cordon_policy_validate() and cordon_policy_dump() on bad
 * blobs, one class of error at a time, with the kernel's errno.
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/policy.h>

#include "unit.h"

/* 3 profiles, 4 mount rules (a and b: tmpfs, proc), 3 selectors. */
static const char good_text[] =
	"policy good version 9;\n"
	"profile a { mount allow tmpfs; mount allow proc require nosuid; }\n"
	"profile b extends a { mode complain; }\n"
	"profile c { arm immediate; }\n"
	"default profile b;\n"
	"select name \"x\" profile a;\n"
	"select ns mnt=5 pid=* user=7 profile c;\n"
	"select name \"y\" profile c;\n";

#define HDR sizeof(struct cordon_policy_header)
#define PROF sizeof(struct cordon_policy_profile)
#define RULE sizeof(struct cordon_policy_mount_rule)
#define SEL sizeof(struct cordon_policy_selector)
/* offsets of the parts of good_text's blob */
#define P(i) (HDR + (i) * PROF)
#define R(i) (HDR + 3 * PROF + (i) * RULE)
#define S(i) (HDR + 3 * PROF + 4 * RULE + (i) * SEL)

static struct cordon_blob good(void)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;

	cordon_diags_init(&d);
	if (cordon_policy_compile_string(good_text, &b, &d) != 0)
		cordon_diags_print(&d, stdout);
	cordon_diags_free(&d);
	return b;
}

static void put16(uint8_t *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, 8);
}

/* validate() and dump() agree on rc; err is validate's message */
static int check(const uint8_t *blob, size_t len, char *err)
{
	char err2[CORDON_ERR_MAX];
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	int rc, rc2;

	rc = cordon_policy_validate(blob, len, err, CORDON_ERR_MAX);
	rc2 = f ? cordon_policy_dump(blob, len, f, err2, sizeof(err2)) : -1;
	if (f)
		fclose(f);
	CHECK_EQ(rc2, rc);
	if (rc) {
		CHECK_STREQ(err2, err);
		CHECK_EQ(n, 0);		/* nothing printed */
	}
	free(text);
	return rc;
}

/* Mutate a copy of the good blob with stmt, expect rc and message. */
#define BAD(stmt, rc, msg)						\
	do {								\
		struct cordon_blob b_ = good();				\
		uint8_t *b = b_.data;					\
		size_t len = b_.len;					\
		char err_[CORDON_ERR_MAX];				\
									\
		(void)b;						\
		stmt;							\
		CHECK_EQ(check(b, len, err_), (rc));			\
		CHECK_STREQ(err_, (msg));				\
		cordon_blob_free(&b_);					\
	} while (0)

TEST(policy_blob_good)
{
	struct cordon_blob b = good();
	char err[CORDON_ERR_MAX] = "x";

	REQUIRE(b.data);
	CHECK_EQ(b.len, S(3));
	CHECK_EQ(cordon_policy_validate(b.data, b.len, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	cordon_blob_free(&b);
}

TEST(policy_blob_ebadmsg)
{
	BAD(put32(b, 0x4c4f5044), -EBADMSG,
	    "bad magic 0x4c4f5044 (expected 0x4c4f5043)");
	BAD(len = 0, -EBADMSG,
	    "truncated: 0 bytes, shorter than the 128-byte header");
	BAD(len = HDR - 1, -EBADMSG,
	    "truncated: 127 bytes, shorter than the 128-byte header");
	BAD(put16(b + 6, 127), -EBADMSG, "bad header_size 127 (expected 128)");
	/* a truncated blob: total_size says more */
	BAD(len--, -EBADMSG, "total_size 888 is not the blob's length 887");
	/* counts that do not add up to total_size */
	BAD((put32(b + 8, (uint32_t)len - SEL), len -= SEL), -EBADMSG,
	    "truncated: the counts need 888 bytes, the blob has 800");
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_selectors), 2),
	    -EBADMSG,
	    "trailing bytes: the counts need 800 bytes, the blob has 888");
}

TEST(policy_blob_eprotonosupport)
{
	BAD(put16(b + 4, 2), -EPROTONOSUPPORT,
	    "unknown format 2 (this version knows 1)");
	BAD(put16(b + 4, 0), -EPROTONOSUPPORT,
	    "unknown format 0 (this version knows 1)");
}

TEST(policy_blob_e2big)
{
	struct cordon_blob b = good();
	size_t big = CORDON_POLICY_MAX_SIZE + 1;
	uint8_t *huge = calloc(1, big);
	char err[CORDON_ERR_MAX];

	REQUIRE(huge && b.data);
	memcpy(huge, b.data, b.len);
	put32(huge + 8, (uint32_t)big);
	CHECK_EQ(check(huge, big, err), -E2BIG);
	CHECK_STREQ(err, "blob too large (8388609 bytes, at most 8388608)");
	free(huge);
	cordon_blob_free(&b);

	BAD(put16(b + offsetof(struct cordon_policy_header, nr_profiles), 257),
	    -E2BIG, "257 profiles (at most 256)");
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_mount_rules),
		  4097), -E2BIG, "4097 mount rules (at most 4096)");
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_selectors),
		  65537), -E2BIG, "65537 selectors (at most 65536)");
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_selectors),
		  UINT32_MAX), -E2BIG, "4294967295 selectors (at most 65536)");
}

TEST(policy_blob_einval_header)
{
	BAD(put32(b + 16 - 4, 1), -EINVAL, "unknown flags 0x1");
	BAD(b[HDR - 1] = 1, -EINVAL, "header: reserved field not zero");
	BAD(put64(b + 16, 0), -EINVAL, "version 0 (must be at least 1)");
	BAD(put16(b + offsetof(struct cordon_policy_header, nr_profiles), 0),
	    -EINVAL, "no profile");
	BAD(memset(b + 24, 0, 64), -EINVAL, "policy name '' is empty");
	BAD(b[24] = '/', -EINVAL, "policy name '/ood' has a bad character");
	BAD(b[24 + 10] = 'x', -EINVAL, "policy name 'good' is not NUL-padded");
	BAD(memset(b + 24, 'g', 64), -EINVAL,
	    "policy name 'gggggggggggggggggggggggggggggggg'... is not "
	    "NUL-terminated");
}

TEST(policy_blob_einval_profile)
{
	BAD(b[P(1)] = '+', -EINVAL,
	    "profile 1: name '+' has a bad character");
	BAD(b[P(0) + 64] = 3, -EINVAL, "profile 0 (a): unknown mode 3");
	BAD(b[P(0) + 65] = 2, -EINVAL, "profile 0 (a): unknown arm point 2");
	BAD(b[P(0) + 66] = 2, -EINVAL, "profile 0 (a): unknown ptrace scope 2");
	BAD(b[P(0) + 67] = 2, -EINVAL,
	    "profile 0 (a): unknown host ptrace rule 2");
	BAD(put32(b + P(2) + 68, 0x20), -EINVAL,
	    "profile 2 (c): unknown mount_ops bits 0x20");
	BAD(put32(b + P(2) + 72, 0x110), -EINVAL,
	    "profile 2 (c): unknown ipc_cross bits 0x100");
	BAD(put32(b + P(2) + 76, 0x200), -EINVAL,
	    "profile 2 (c): unknown knobs bits 0x200");
	BAD(put64(b + P(2) + 80, UINT64_C(1) << 41), -EINVAL,
	    "profile 2 (c): cap_deny has bits above capability 40: "
	    "0x20000000000");
	BAD(put64(b + P(2) + 88, UINT64_C(1) << 63), -EINVAL,
	    "profile 2 (c): cap_deny_init_ns has bits above capability 40: "
	    "0x8000000000000000");
	BAD(b[P(2) + 111] = 1, -EINVAL,
	    "profile 2 (c): reserved field not zero");
}

TEST(policy_blob_einval_rules_and_selectors)
{
	BAD(b[R(1)] = 0, -EINVAL, "mount rule 1: file system type '' is empty");
	BAD(b[R(1)] = '#', -EINVAL,
	    "mount rule 1: file system type '#roc' has a bad character");
	BAD(put16(b + R(0) + 34, 0x10), -EINVAL,
	    "mount rule 0 (tmpfs): unknown require bits 0x10");
	BAD(b[R(3) + 39] = 1, -EINVAL,
	    "mount rule 3 (proc): reserved field not zero");
	BAD(put16(b + S(0), 3), -EINVAL, "selector 0: unknown kind 3");
	BAD(put16(b + S(0), 0), -EINVAL, "selector 0: unknown kind 0");
	BAD(b[S(2) + 4] = 1, -EINVAL, "selector 2: reserved field not zero");
	BAD(b[S(2) + 87] = 1, -EINVAL, "selector 2: reserved field not zero");
	BAD(b[S(2) + 8] = '*', -EINVAL,
	    "selector 2: container name '*' has a bad character");
	BAD(b[S(2) + 8] = 0, -EINVAL, "selector 2: container name '' is empty");
	BAD(put32(b + S(0) + 80, 1), -EINVAL,
	    "selector 0: a name selector with namespaces");
	BAD(b[S(1) + 8] = 'n', -EINVAL,
	    "selector 1: a namespace selector with a name");
	BAD((put32(b + S(1) + 72, 0), put32(b + S(1) + 80, 0)), -EINVAL,
	    "selector 1: a namespace selector with no namespace");
}

TEST(policy_blob_enotuniq)
{
	BAD(b[P(2)] = 'a', -ENOTUNIQ,
	    "profile 2: duplicate name 'a' (profile 0)");
	/* b's tmpfs rule moved to a, which has one */
	BAD(put16(b + R(2) + 32, 0), -ENOTUNIQ,
	    "mount rule 2: a second rule for 'tmpfs' in profile 0 (rule 0)");
	/* selector 2 selects by name "x" too, with another profile */
	BAD(b[S(2) + 8] = 'x', -ENOTUNIQ,
	    "selector 2: the same as selector 0");
}

TEST(policy_blob_enoent)
{
	BAD(put16(b + offsetof(struct cordon_policy_header, default_profile),
		  3), -ENOENT, "default profile 3 does not exist (3 profiles)");
	BAD(put16(b + R(3) + 32, 3), -ENOENT,
	    "mount rule 3 (proc): profile 3 does not exist (3 profiles)");
	BAD(put16(b + S(1) + 2, 0xffff), -ENOENT,
	    "selector 1: profile 65535 does not exist (3 profiles)");
}

TEST(policy_blob_dump_of_ungrouped_rules)
{
	struct cordon_blob b = good(), again = { NULL, 0 };
	struct cordon_diags d;
	uint8_t tmp[RULE];
	char *text = NULL;
	size_t n = 0;
	FILE *f;

	REQUIRE(b.data);
	/* swap rule 1 (a: proc) and rule 2 (b: tmpfs) */
	memcpy(tmp, b.data + R(1), RULE);
	memcpy(b.data + R(1), b.data + R(2), RULE);
	memcpy(b.data + R(2), tmp, RULE);
	CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0), 0);
	f = open_memstream(&text, &n);
	REQUIRE(f);
	CHECK_EQ(cordon_policy_dump(b.data, b.len, f, NULL, 0), 0);
	fclose(f);
	CHECK(strstr(text, "not grouped by profile"));
	cordon_diags_init(&d);
	CHECK_EQ(cordon_policy_compile_string(text, &again, &d), 0);
	cordon_diags_free(&d);
	/* same size, same rules once regrouped: the original blob */
	cordon_blob_free(&b);
	b = good();
	CHECK_EQ(again.len, b.len);
	CHECK(again.len == b.len && memcmp(again.data, b.data, b.len) == 0);
	cordon_blob_free(&again);
	cordon_blob_free(&b);
	free(text);
}

TEST(policy_blob_validate_null)
{
	char err[CORDON_ERR_MAX];

	CHECK_EQ(cordon_policy_validate(NULL, 10, err, sizeof(err)), -EINVAL);
	CHECK_EQ(cordon_policy_validate(NULL, 0, err, sizeof(err)), -EBADMSG);
}

/* Several faults: the first one in the kernel's order decides. */
TEST(policy_blob_fault_order_is_the_kernels)
{
	/* version 0 is checked before the counts */
	BAD((put64(b + 16, 0),
	     put16(b + offsetof(struct cordon_policy_header, nr_profiles),
		   257)), -EINVAL, "version 0 (must be at least 1)");
	/* counts over their bound before the length against the counts */
	BAD((put32(b + offsetof(struct cordon_policy_header, nr_selectors),
		   70000), len--), -EBADMSG,
	    "total_size 888 is not the blob's length 887");
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_selectors),
		  70000), -E2BIG, "70000 selectors (at most 65536)");
	/* a selector's reserved field, then its profile, then its kind */
	BAD((put16(b + S(0), 9), put16(b + S(0) + 2, 3)), -ENOENT,
	    "selector 0: profile 3 does not exist (3 profiles)");
	BAD((put16(b + S(0), 9), put16(b + S(0) + 2, 3), b[S(0) + 5] = 1),
	    -EINVAL, "selector 0: reserved field not zero");
	/* every rule is checked before duplicates are looked for */
	BAD((put16(b + R(2) + 32, 0), put16(b + R(3) + 34, 0x40)), -EINVAL,
	    "mount rule 3 (proc): unknown require bits 0x40");
}
