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

#include <linux/capability.h>
#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/policy.h>

#include "unit.h"

/*
 * 3 profiles, 4 mount rules (a and b: tmpfs, proc), 4 device rules (a
 * and b: char 1:3, block *:*), 3 selectors.
 */
static const char good_text[] =
	"policy good version 9;\n"
	"profile a { mount allow tmpfs; mount allow proc require nosuid;\n"
	"  device allow char 1:3 rw; device allow block *:* r; bpf allow; }\n"
	"profile b extends a { mode complain; }\n"
	"profile c { arm immediate; }\n"
	"default profile b;\n"
	"select name \"x\" profile a;\n"
	"select ns mnt=5 pid=* user=7 profile c;\n"
	"select name \"y\" profile c;\n";

#define HDR sizeof(struct cordon_policy_header)
#define PROF sizeof(struct cordon_policy_profile)
#define RULE sizeof(struct cordon_policy_mount_rule)
#define DEV sizeof(struct cordon_policy_device_rule)
#define SEL sizeof(struct cordon_policy_selector)
/* offsets of the parts of good_text's blob */
#define P(i) (HDR + (i) * PROF)
#define R(i) (HDR + 3 * PROF + (i) * RULE)
#define D(i) (HDR + 3 * PROF + 4 * RULE + (i) * DEV)
#define S(i) (HDR + 3 * PROF + 4 * RULE + 4 * DEV + (i) * SEL)
/* device rule fields */
#define D_PROFILE 0
#define D_TYPE 2
#define D_ACCESS 3
#define D_MAJOR 4
#define D_MINOR 8
#define D_RESERVED 12

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
	BAD(len--, -EBADMSG, "total_size 952 is not the blob's length 951");
	/* counts that do not add up to total_size */
	BAD((put32(b + 8, (uint32_t)len - SEL), len -= SEL), -EBADMSG,
	    "truncated: the counts need 952 bytes, the blob has 864");
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_selectors), 2),
	    -EBADMSG,
	    "trailing bytes: the counts need 864 bytes, the blob has 952");
	/* one device rule more than the blob has */
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_device_rules),
		  5), -EBADMSG,
	    "truncated: the counts need 968 bytes, the blob has 952");
}

TEST(policy_blob_eprotonosupport)
{
	/*
	 * A format 1 blob has the layout of a format 2 one without device
	 * rules and attack surface: only its format number differs.
	 */
	BAD(put16(b + 4, 1), -EPROTONOSUPPORT,
	    "format 1 is no longer supported (this version knows 2): "
	    "compile the policy text again");
	BAD((put16(b + 4, 1), put32(b, 0)), -EBADMSG,
	    "bad magic 0x00000000 (expected 0x4c4f5043)");
	BAD((put16(b + 4, 1), b[HDR - 1] = 1), -EPROTONOSUPPORT,
	    "format 1 is no longer supported (this version knows 2): "
	    "compile the policy text again");
	BAD(put16(b + 4, 3), -EPROTONOSUPPORT,
	    "unknown format 3 (this version knows 2)");
	BAD(put16(b + 4, 0), -EPROTONOSUPPORT,
	    "unknown format 0 (this version knows 2)");
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
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_device_rules),
		  4097), -E2BIG, "4097 device rules (at most 4096)");
	BAD(put32(b + offsetof(struct cordon_policy_header, nr_device_rules),
		  UINT32_MAX), -E2BIG, "4294967295 device rules (at most 4096)");
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
	BAD(put32(b + P(2) + 76, 0x800), -EINVAL,
	    "profile 2 (c): unknown knobs bits 0x800");
	/* the kernel accepts sys_admin in place of checkpoint_restore */
	BAD(b[P(2) + 80 + CAP_CHECKPOINT_RESTORE / 8] |=
		1U << (CAP_CHECKPOINT_RESTORE % 8), -EINVAL,
	    "profile 2 (c): capability checkpoint_restore denied in every "
	    "user namespace but not sys_admin, which the kernel accepts in "
	    "its place");
	BAD((b[P(2) + 88 + CAP_CHECKPOINT_RESTORE / 8] |=
		1U << (CAP_CHECKPOINT_RESTORE % 8),
	     b[P(2) + 88 + CAP_SYS_ADMIN / 8] &=
		(uint8_t)~(1U << (CAP_SYS_ADMIN % 8))), -EINVAL,
	    "profile 2 (c): capability checkpoint_restore denied against the "
	    "initial user namespace but not sys_admin, which the kernel "
	    "accepts in its place");
	/* sys_admin denied where checkpoint_restore is: valid */
	BAD(b[P(2) + 88 + CAP_CHECKPOINT_RESTORE / 8] |=
		1U << (CAP_CHECKPOINT_RESTORE % 8), 0, "");
	/* after the capability bits, before the surface bits */
	BAD((b[P(2) + 80 + CAP_CHECKPOINT_RESTORE / 8] |=
		1U << (CAP_CHECKPOINT_RESTORE % 8),
	     put64(b + P(2) + 88, UINT64_C(1) << 63)), -EINVAL,
	    "profile 2 (c): cap_deny_init_ns has bits above capability 40: "
	    "0x8000000000000000");
	BAD((b[P(2) + 80 + CAP_CHECKPOINT_RESTORE / 8] |=
		1U << (CAP_CHECKPOINT_RESTORE % 8),
	     put32(b + P(2) + 96, 0x20)), -EINVAL,
	    "profile 2 (c): capability checkpoint_restore denied in every "
	    "user namespace but not sys_admin, which the kernel accepts in "
	    "its place");
	BAD(put32(b + P(2) + 96, 0x20), -EINVAL,
	    "profile 2 (c): unknown surface bits 0x20");
	BAD(put32(b + P(2) + 96, 0xffffffe1), -EINVAL,
	    "profile 2 (c): unknown surface bits 0xffffffe0");
	BAD(put64(b + P(2) + 80, UINT64_C(1) << 41), -EINVAL,
	    "profile 2 (c): cap_deny has bits above capability 40: "
	    "0x20000000000");
	BAD(put64(b + P(2) + 88, UINT64_C(1) << 63), -EINVAL,
	    "profile 2 (c): cap_deny_init_ns has bits above capability 40: "
	    "0x8000000000000000");
	BAD(b[P(2) + 100] = 1, -EINVAL,
	    "profile 2 (c): reserved field not zero");
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

TEST(policy_blob_einval_device_rules)
{
	BAD(b[D(0) + D_TYPE] = 0, -EINVAL, "device rule 0: unknown type 0");
	BAD(b[D(3) + D_TYPE] = 3, -EINVAL, "device rule 3: unknown type 3");
	BAD(b[D(1) + D_ACCESS] = 0, -EINVAL, "device rule 1: no access");
	BAD(b[D(1) + D_ACCESS] = 0x9, -EINVAL,
	    "device rule 1: unknown access bits 0x8");
	BAD(put32(b + D(0) + D_MAJOR, 4096), -EINVAL,
	    "device rule 0: major number 4096 out of range (at most 4095, or any)");
	BAD(put32(b + D(0) + D_MAJOR, 0xfffffffe), -EINVAL,
	    "device rule 0: major number 4294967294 out of range (at most 4095, or any)");
	BAD(put32(b + D(0) + D_MINOR, 1U << 20), -EINVAL,
	    "device rule 0: minor number 1048576 out of range (at most 1048575, or any)");
	BAD(put32(b + D(1) + D_MINOR, 0), -EINVAL,
	    "device rule 1: minor number 0 with any major number");
	BAD(b[D(2) + D_RESERVED + 3] = 1, -EINVAL,
	    "device rule 2: reserved field not zero");
	/* the edges that are valid */
	BAD((put32(b + D(0) + D_MAJOR, 4095),
	     put32(b + D(0) + D_MINOR, (1U << 20) - 1)), 0, "");
	BAD((put32(b + D(0) + D_MAJOR, 0), put32(b + D(0) + D_MINOR, 0)), 0,
	    "");
	BAD(put32(b + D(0) + D_MINOR, 0xffffffff), 0, "");
	BAD(b[D(0) + D_ACCESS] = 7, 0, "");
}

TEST(policy_blob_enotuniq)
{
	BAD(b[P(2)] = 'a', -ENOTUNIQ,
	    "profile 2: duplicate name 'a' (profile 0)");
	/* b's tmpfs rule moved to a, which has one */
	BAD(put16(b + R(2) + 32, 0), -ENOTUNIQ,
	    "mount rule 2: a second rule for 'tmpfs' in profile 0 (rule 0)");
	/* b's block *:* rule moved to a, which has one */
	BAD(put16(b + D(3) + D_PROFILE, 0), -ENOTUNIQ,
	    "device rule 3: a second rule for block *:* in profile 0 (rule 1)");
	/* a's rule 0 made char *:* ... and rule 1 char too: one device */
	BAD((b[D(1) + D_TYPE] = CORDON_DEV_CHAR,
	     put32(b + D(0) + D_MAJOR, CORDON_DEV_ANY),
	     put32(b + D(0) + D_MINOR, CORDON_DEV_ANY)), -ENOTUNIQ,
	    "device rule 1: a second rule for char *:* in profile 0 (rule 0)");
	/* moved to a profile without a rule for it: unique */
	BAD(put16(b + D(1) + D_PROFILE, 2), 0, "");
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
	BAD(put16(b + D(2) + D_PROFILE, 3), -ENOENT,
	    "device rule 2: profile 3 does not exist (3 profiles)");
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

TEST(policy_blob_dump_of_ungrouped_device_rules)
{
	struct cordon_blob b = good(), again = { NULL, 0 };
	struct cordon_diags d;
	uint8_t tmp[DEV];
	char *text = NULL;
	size_t n = 0;
	FILE *f;

	REQUIRE(b.data);
	/* swap rule 1 (a: block *:*) and rule 2 (b: char 1:3) */
	memcpy(tmp, b.data + D(1), DEV);
	memcpy(b.data + D(1), b.data + D(2), DEV);
	memcpy(b.data + D(2), tmp, DEV);
	CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0), 0);
	f = open_memstream(&text, &n);
	REQUIRE(f);
	CHECK_EQ(cordon_policy_dump(b.data, b.len, f, NULL, 0), 0);
	fclose(f);
	CHECK(strstr(text, "# The blob's device rules are not grouped by profile"));
	CHECK(strstr(text, "\tdevice allow char 1:3 rw;\n"
			   "\tdevice allow block *:* r;\n"));
	cordon_diags_init(&d);
	CHECK_EQ(cordon_policy_compile_string(text, &again, &d), 0);
	cordon_diags_free(&d);
	cordon_blob_free(&b);
	b = good();
	CHECK_EQ(again.len, b.len);
	CHECK(again.len == b.len && memcmp(again.data, b.data, b.len) == 0);
	cordon_blob_free(&again);
	cordon_blob_free(&b);
	free(text);
}

/*
 * A profile the kernel loads but the compiler refuses (capability bpf
 * denied, sys_admin not, bpf(2) reachable): the dump says so above it.
 */
TEST(policy_blob_dump_of_a_profile_the_compiler_refuses)
{
	struct cordon_blob b = good(), again = { NULL, 0 };
	struct cordon_diags d;
	char *text = NULL, msg[512];
	size_t n = 0;
	FILE *f;

	REQUIRE(b.data);
	/* profile a: bpf allowed; clear sys_admin from cap_deny_init_ns */
	b.data[P(0) + 88 + CAP_SYS_ADMIN / 8] &=
		(uint8_t)~(1U << (CAP_SYS_ADMIN % 8));
	CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0), 0);
	f = open_memstream(&text, &n);
	REQUIRE(f);
	CHECK_EQ(cordon_policy_dump(b.data, b.len, f, NULL, 0), 0);
	fclose(f);
	CHECK(strstr(text, "\n# The compiler refuses this profile (the kernel "
			   "does not):\n# 'bpf allow' and capability bpf denied "
			   "against the initial user namespace, but not "
			   "sys_admin, which the kernel accepts in its place: "
			   "deny sys_admin there too, or write 'bpf deny'\n"
			   "profile a {\n"));
	cordon_diags_init(&d);
	CHECK_EQ(cordon_policy_compile_string(text, &again, &d), -EINVAL);
	REQUIRE_EQ(d.count, 1);
	cordon_diag_format(&d.items[0], msg, sizeof(msg));
	CHECK(strstr(msg, "error: profile 'a': 'bpf allow' and capability bpf "
			  "denied against the initial user namespace"));
	cordon_diags_free(&d);
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
	    "total_size 952 is not the blob's length 951");
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
	/* the header's device count is a count like the others */
	BAD((put32(b + offsetof(struct cordon_policy_header, nr_device_rules),
		   5000), len--), -EBADMSG,
	    "total_size 952 is not the blob's length 951");
	BAD((put32(b + offsetof(struct cordon_policy_header, nr_device_rules),
		   5000), put16(b + offsetof(struct cordon_policy_header,
					     nr_profiles), 0)), -E2BIG,
	    "5000 device rules (at most 4096)");
	/* profiles before mount rules before device rules before selectors */
	BAD((put32(b + P(1) + 96, 0x40), b[R(0) + 39] = 1), -EINVAL,
	    "profile 1 (b): unknown surface bits 0x40");
	BAD((b[R(0) + 39] = 1, b[D(0) + D_TYPE] = 9), -EINVAL,
	    "mount rule 0 (tmpfs): reserved field not zero");
	BAD((b[D(0) + D_TYPE] = 9, put16(b + S(0) + 2, 3)), -EINVAL,
	    "device rule 0: unknown type 9");
	/*
	 * In a device rule: type, access, major, minor, any major with a
	 * minor, reserved field, profile; every rule before duplicates.
	 */
	BAD((b[D(0) + D_TYPE] = 9, b[D(0) + D_ACCESS] = 0), -EINVAL,
	    "device rule 0: unknown type 9");
	BAD((b[D(0) + D_ACCESS] = 0, put32(b + D(0) + D_MAJOR, 5000)),
	    -EINVAL, "device rule 0: no access");
	BAD((put32(b + D(0) + D_MAJOR, 5000),
	     put32(b + D(0) + D_MINOR, 1U << 21)), -EINVAL,
	    "device rule 0: major number 5000 out of range (at most 4095, or any)");
	BAD((put32(b + D(0) + D_MINOR, 1U << 21),
	     put16(b + D(0) + D_PROFILE, 7)), -EINVAL,
	    "device rule 0: minor number 2097152 out of range (at most 1048575, or any)");
	BAD((put32(b + D(1) + D_MINOR, 5), put16(b + D(1) + D_PROFILE, 7)),
	    -EINVAL, "device rule 1: minor number 5 with any major number");
	BAD((put16(b + D(1) + D_PROFILE, 7), b[D(1) + D_RESERVED] = 1),
	    -EINVAL, "device rule 1: reserved field not zero");
	BAD((put16(b + D(3) + D_PROFILE, 0), b[D(3) + D_ACCESS] = 8), -EINVAL,
	    "device rule 3: unknown access bits 0x8");
}
