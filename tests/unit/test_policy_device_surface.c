// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the statements of policy format 2 (device rules, the kernel
 * attack surface, the sysctl and sysfs knobs), their errors by exact
 * text, the capability denials the compiler refuses because the kernel
 * accepts CAP_SYS_ADMIN in their place, and the device rule bound.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/policy.h>

#include "unit.h"

/*
 * Compile text named "t"; return every diagnostic, one per line, in a
 * static buffer (each case runs in its own process).  A success with
 * diagnostics, or a failure without, shows as "BUG".
 */
static const char *diags_of(const char *text)
{
	static char out[8192];
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	size_t used = 0;
	int rc;

	cordon_diags_init(&d);
	cordon_diags_set_max(&d, 0);
	rc = cordon_policy_compile("t", text, strlen(text), &b, &d);
	out[0] = '\0';
	for (size_t i = 0; i < d.count; i++) {
		used += (size_t)cordon_diag_format(&d.items[i], out + used,
						   sizeof(out) - used);
		used += (size_t)snprintf(out + used, sizeof(out) - used, "\n");
	}
	if ((rc == 0) != (d.count == 0) || (rc != 0 && rc != -EINVAL) ||
	    (rc == 0) != (b.data != NULL))
		snprintf(out + used, sizeof(out) - used, "BUG rc=%d\n", rc);
	cordon_diags_free(&d);
	cordon_blob_free(&b);
	return out;
}

#define HEAD "policy p version 1;\n"
#define TAIL "default profile a;\n"

/* Compile a string that must compile; print the diagnostics if not. */
static int compile(const char *text, struct cordon_blob *b)
{
	struct cordon_diags d;
	int rc;

	cordon_diags_init(&d);
	rc = cordon_policy_compile_string(text, b, &d);
	if (rc)
		cordon_diags_print(&d, stdout);
	cordon_diags_free(&d);
	return rc;
}

static struct cordon_policy_header hdr(const struct cordon_blob *b)
{
	struct cordon_policy_header h;

	memcpy(&h, b->data, sizeof(h));
	return h;
}

static struct cordon_policy_profile prof(const struct cordon_blob *b,
					 size_t i)
{
	struct cordon_policy_profile p;

	memcpy(&p, b->data + sizeof(struct cordon_policy_header) +
		   i * sizeof(p), sizeof(p));
	return p;
}

static struct cordon_policy_device_rule dev(const struct cordon_blob *b,
					    size_t i)
{
	struct cordon_policy_header h = hdr(b);
	struct cordon_policy_device_rule d;

	memcpy(&d, b->data + sizeof(h) +
		   le16toh(h.nr_profiles) * sizeof(struct cordon_policy_profile) +
		   le32toh(h.nr_mount_rules) *
			   sizeof(struct cordon_policy_mount_rule) +
		   i * sizeof(d), sizeof(d));
	return d;
}

/* Device rule i is PROFILE TYPE MAJOR:MINOR with ACCESS. */
static void check_dev(const struct cordon_blob *b, size_t i,
		      unsigned int profile, unsigned int type, uint32_t major,
		      uint32_t minor, unsigned int access)
{
	struct cordon_policy_device_rule d = dev(b, i);

	if (!UNIT_CHECK_EQ(le16toh(d.profile), profile) ||
	    !UNIT_CHECK_EQ(d.type, type) ||
	    !UNIT_CHECK_EQ(le32toh(d.major), major) ||
	    !UNIT_CHECK_EQ(le32toh(d.minor), minor) ||
	    !UNIT_CHECK_EQ(d.access, access) || !UNIT_CHECK_EQ(d.reserved, 0))
		printf("#   (device rule %zu)\n", i);
}

#define ANY CORDON_DEV_ANY
#define R CORDON_DEV_READ
#define W CORDON_DEV_WRITE
#define M CORDON_DEV_MKNOD

TEST(policy_device_rules_compile)
{
	struct cordon_blob b = { NULL, 0 };

	/* '*' is a token of its own: "7:*", "*:*" are several tokens */
	REQUIRE_EQ(compile(HEAD
			   "profile a {\n"
			   "  device allow char 1:3 rw;\n"
			   "  device allow char 7:* r;\n"
			   "  device allow block *:* m;\n"
			   "  device allow block 0:0 wmr;\n"
			   "  device allow char 4095:1048575 w;\n"
			   "  device allow char 010:00200 mw;\n"
			   "}\n"
			   "profile b extends a {\n"
			   "  device deny char 7:*;\n"		/* dropped */
			   "  device allow char 1:3 r;\n"	/* in place */
			   "  device allow char 10:229 rw;\n"	/* appended */
			   "  device allow block 1:3 r;\n"	/* another type */
			   "}\n"
			   "profile c {}\n"
			   TAIL, &b), 0);
	REQUIRE_EQ(le32toh(hdr(&b).nr_device_rules), 6 + 7);
	CHECK_EQ(b.len, sizeof(struct cordon_policy_header) +
			3 * sizeof(struct cordon_policy_profile) +
			13 * sizeof(struct cordon_policy_device_rule));
	check_dev(&b, 0, 0, CORDON_DEV_CHAR, 1, 3, R | W);
	check_dev(&b, 1, 0, CORDON_DEV_CHAR, 7, ANY, R);
	check_dev(&b, 2, 0, CORDON_DEV_BLOCK, ANY, ANY, M);
	check_dev(&b, 3, 0, CORDON_DEV_BLOCK, 0, 0, R | W | M);
	check_dev(&b, 4, 0, CORDON_DEV_CHAR, 4095, 1048575, W);
	check_dev(&b, 5, 0, CORDON_DEV_CHAR, 10, 200, W | M);
	check_dev(&b, 6, 1, CORDON_DEV_CHAR, 1, 3, R);
	check_dev(&b, 7, 1, CORDON_DEV_BLOCK, ANY, ANY, M);
	check_dev(&b, 8, 1, CORDON_DEV_BLOCK, 0, 0, R | W | M);
	check_dev(&b, 9, 1, CORDON_DEV_CHAR, 4095, 1048575, W);
	check_dev(&b, 10, 1, CORDON_DEV_CHAR, 10, 200, W | M);
	check_dev(&b, 11, 1, CORDON_DEV_CHAR, 10, 229, R | W);
	check_dev(&b, 12, 1, CORDON_DEV_BLOCK, 1, 3, R);
	CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0), 0);
	cordon_blob_free(&b);
}

TEST(policy_device_rule_errors)
{
	CHECK_STREQ(diags_of(HEAD "profile a {\n"
			     "  device allow char *:5 r;\n"
			     "  device allow char 4096:1 r;\n"
			     "  device allow char 1:1048576 r;\n"
			     "  device allow char 99999999999999999999:1 r;\n"
			     "  device allow char x:1 r;\n"
			     "  device allow char 1:y r;\n"
			     "  device allow char -1:2 r;\n"
			     "  device allow char 1:2:3 r;\n"
			     "  device allow char 1 r;\n"
			     "  device allow char :1 r;\n"
			     "  device allow char 1:*r;\n"
			     "}\n" TAIL),
		    "t:3:23: error: bad device number '*:5': the minor number of any major number must be '*' too\n"
		    "t:4:21: error: major number '4096' is out of range (at most 4095)\n"
		    "t:5:23: error: minor number '1048576' is out of range (at most 1048575)\n"
		    "t:6:21: error: major number '99999999999999999999' is out of range (at most 4095)\n"
		    "t:7:21: error: bad major number 'x' (expected a decimal number or '*')\n"
		    "t:8:23: error: bad minor number 'y' (expected a decimal number or '*')\n"
		    "t:9:21: error: bad major number '-1' (expected a decimal number or '*')\n"
		    "t:10:23: error: bad minor number '2:3' (expected a decimal number or '*')\n"
		    "t:11:21: error: bad device number '1' (expected MAJOR:MINOR)\n"
		    "t:12:21: error: missing major number in device number ':1' (expected MAJOR:MINOR)\n"
		    "t:13:23: error: bad minor number '*r' (expected a decimal number or '*')\n"
		    "t:13:25: error: expected device accesses (a combination of r, w, m), got ';'\n");
	CHECK_STREQ(diags_of(HEAD "profile a {\n"
			     "  device allow char 1:2 rwx;\n"
			     "  device allow char 1:4 rr;\n"
			     "  device allow char 1:5;\n"
			     "  device allow char 1:6 \"rw\";\n"
			     "  device allow pipe 1:6 r;\n"
			     "  device allow;\n"
			     "  device allow char;\n"
			     "  device frob;\n"
			     "  device allow char 1 : 9 r;\n"
			     "  device allow char 1: 9 r;\n"
			     "  device allow block * :* r;\n"
			     "}\n" TAIL),
		    "t:3:27: error: unknown device access 'x' in 'rwx' (expected a combination of r, w, m)\n"
		    "t:4:26: error: device access 'r' given twice in 'rr'\n"
		    "t:5:24: error: expected device accesses (a combination of r, w, m), got ';'\n"
		    "t:6:25: error: expected device accesses (a combination of r, w, m), got string 'rw'\n"
		    "t:7:16: error: unknown device type 'pipe' (expected char, block)\n"
		    "t:8:15: error: expected a device type, got ';'\n"
		    "t:9:20: error: expected a device number MAJOR:MINOR, got ';'\n"
		    "t:10:10: error: expected 'allow' or 'deny' after 'device', got 'frob'\n"
		    "t:11:22: error: blank inside a device number (write MAJOR:MINOR with no blank, as in 1:3)\n"
		    "t:12:23: error: blank inside a device number (write MAJOR:MINOR with no blank, as in 1:3)\n"
		    "t:13:23: error: blank inside a device number (write MAJOR:MINOR with no blank, as in 1:3)\n");
}

TEST(policy_device_rule_duplicates_and_deny)
{
	CHECK_STREQ(diags_of(HEAD "profile a {\n"
			     "  device allow char 1:3 rw;\n"
			     "  device allow char 1:3 w;\n"
			     "  device deny char 1:3;\n"
			     "  device allow char 7:* r;\n"
			     "  device allow char 7:* r;\n"
			     "  device allow block 7:* r;\n"	/* not a duplicate */
			     "  device deny char 1:7;\n"
			     "  device deny char 1:8 rw;\n"
			     "}\n"
			     "profile b extends a {\n"
			     "  device deny char 7:*;\n"
			     "  device deny char 7:1;\n"	/* not covered by 7:* */
			     "  device deny block *:*;\n"
			     "}\n" TAIL),
		    "t:4:21: error: duplicate device rule for char 1:3 (first at 3:21)\n"
		    "t:5:20: error: duplicate device rule for char 1:3 (first at 3:21)\n"
		    "t:7:21: error: duplicate device rule for char 7:* (first at 6:21)\n"
		    "t:9:20: error: no inherited device rule for char 1:7 to deny\n"
		    "t:10:24: error: 'device deny' takes no accesses: it drops the inherited rule\n"
		    "t:14:20: error: no inherited device rule for char 7:1 to deny\n"
		    "t:15:21: error: no inherited device rule for block *:* to deny\n");
	/* a base with errors: no cascade of "no inherited rule" */
	CHECK_STREQ(diags_of(HEAD "profile a extends nobase {\n"
			     "  device deny char 1:3;\n"
			     "}\n" TAIL),
		    "t:2:19: error: unknown base profile 'nobase'\n");
}

TEST(policy_device_rules_bound)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	for (int extra = 0; extra <= 1; extra++) {
		struct cordon_blob b = { NULL, 0 };
		struct cordon_diags d;
		char msg[256] = "";

		f = open_memstream(&text, &len);
		REQUIRE(f);
		/* 2048 + extra rules in a, which b inherits */
		fputs("policy big version 1;\nprofile a {\n", f);
		for (int i = 0; i < 2048 + extra; i++)
			fprintf(f, "device allow char %d:%d r;\n", i / 1024,
				i % 1024);
		fputs("}\nprofile b extends a {}\ndefault profile a;\n", f);
		fclose(f);
		cordon_diags_init(&d);
		if (!extra) {
			CHECK_EQ(cordon_policy_compile("big", text, len, &b,
						       &d), 0);
			CHECK_EQ(le32toh(hdr(&b).nr_device_rules),
				 CORDON_MAX_DEVICE_RULES);
			CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0),
				 0);
		} else {
			CHECK_EQ(cordon_policy_compile("big", text, len, &b,
						       &d), -EINVAL);
			REQUIRE_EQ(d.count, 1);
			cordon_diag_format(&d.items[0], msg, sizeof(msg));
			CHECK_STREQ(msg, "big:2053:9: error: too many device "
					 "rules (more than 4096 in all)");
			CHECK(b.data == NULL);
		}
		cordon_diags_free(&d);
		cordon_blob_free(&b);
		free(text);
		text = NULL;
	}
}

TEST(policy_surface_statements)
{
	struct cordon_blob b = { NULL, 0 };

	REQUIRE_EQ(compile(HEAD
			   "profile a {}\n"
			   "profile open {\n"
			   "  userns create allow;\n"
			   "  io_uring allow;\n"
			   "  userfaultfd allow;\n"
			   "  capability deny-init-ns sys_admin, bpf, perfmon;\n"
			   "  bpf allow;\n"
			   "  perf allow;\n"
			   "}\n"
			   "profile some extends open {\n"
			   "  io_uring deny;\n"
			   "  perf deny;\n"
			   "}\n"
			   "profile closed {\n"
			   "  userns create deny; io_uring deny; userfaultfd deny;\n"
			   "  bpf deny; perf deny;\n"
			   "}\n"
			   "profile userns extends closed { userns create allow; }\n"
			   TAIL, &b), 0);
	CHECK_EQ(le32toh(prof(&b, 0).surface), 0);	/* the default */
	CHECK_EQ(le32toh(prof(&b, 1).surface), CORDON_SURFACE_ALL);
	CHECK_EQ(le32toh(prof(&b, 2).surface),
		 CORDON_SURFACE_USERNS | CORDON_SURFACE_USERFAULTFD |
		 CORDON_SURFACE_BPF);
	CHECK_EQ(le32toh(prof(&b, 3).surface), 0);
	CHECK_EQ(le32toh(prof(&b, 4).surface), CORDON_SURFACE_USERNS);
	CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0), 0);
	cordon_blob_free(&b);
}

TEST(policy_surface_errors)
{
	CHECK_STREQ(diags_of(HEAD "profile a {\n"
			     "  userns create allow;\n"
			     "  userns allow;\n"
			     "  io_uring maybe;\n"
			     "  userfaultfd;\n"
			     "  bpf deny;\n"
			     "  bpf deny;\n"
			     "  userns create deny;\n"
			     "  perf \"allow\";\n"
			     "  io_uring deny\n"
			     "}\n" TAIL),
		    "t:4:10: error: expected 'create' after 'userns', got 'allow'\n"
		    "t:5:12: error: unknown 'io_uring' setting 'maybe' (expected allow, deny)\n"
		    "t:6:14: error: expected 'allow' or 'deny' after 'userfaultfd', got ';'\n"
		    "t:8:3: error: duplicate 'bpf' statement (first at 7:3)\n"
		    "t:9:3: error: duplicate 'userns create' statement (first at 3:3)\n"
		    "t:10:8: error: expected 'allow' or 'deny' after 'perf', got string 'allow'\n"
		    "t:11:3: error: duplicate 'io_uring' statement (first at 5:3)\n"
		    "t:12:1: error: expected ';', got '}'\n");
}

TEST(policy_knobs_sysctl_and_sysfs)
{
	struct cordon_blob b = { NULL, 0 };

	REQUIRE_EQ(compile(HEAD
			   "profile a { knobs protect sysctl; }\n"
			   "profile b { knobs protect sysfs, core_pattern; }\n"
			   "profile c { knobs protect all; }\n"
			   "profile d {}\n"
			   TAIL, &b), 0);
	CHECK_EQ(le32toh(prof(&b, 0).knobs), CORDON_KNOB_SYSCTL);
	CHECK_EQ(le32toh(prof(&b, 1).knobs),
		 CORDON_KNOB_SYSFS | CORDON_KNOB_CORE_PATTERN);
	CHECK_EQ(le32toh(prof(&b, 2).knobs), CORDON_KNOB_ALL);
	CHECK(le32toh(prof(&b, 2).knobs) & CORDON_KNOB_SYSCTL);
	CHECK(le32toh(prof(&b, 2).knobs) & CORDON_KNOB_SYSFS);
	CHECK_EQ(le32toh(prof(&b, 3).knobs), CORDON_KNOB_ALL);
	cordon_blob_free(&b);
	CHECK_STREQ(diags_of(HEAD "profile a { knobs protect sysctls; }\n" TAIL),
		    "t:2:27: error: unknown knob 'sysctls'\n");
}

/*
 * The kernel accepts CAP_SYS_ADMIN in place of CAP_BPF, CAP_PERFMON and
 * CAP_CHECKPOINT_RESTORE: a denial of one of them where sys_admin is
 * allowed holds nothing, and the compiler says so.
 */
TEST(policy_capability_fallbacks)
{
	/* what holds: the default set with the surface closed or open */
	CHECK_STREQ(diags_of(HEAD "profile a { bpf allow; perf allow; }\n"
			     "profile b { bpf deny; perf deny;\n"
			     "  capability allow sys_admin; }\n"
			     "profile c { capability allow all; bpf allow;\n"
			     "  perf allow; }\n"
			     "profile d { capability deny checkpoint_restore,"
			     "sys_admin; }\n"
			     "profile e { capability deny-init-ns "
			     "checkpoint_restore; }\n" TAIL), "");
	CHECK_STREQ(diags_of(HEAD "profile a {\n"
			     "  capability allow sys_admin;\n"
			     "  bpf allow;\n"
			     "}\n"
			     "profile b extends a { bpf deny; perf allow; }\n"
			     "profile c {\n"
			     "  capability deny-init-ns checkpoint_restore;\n"
			     "  capability allow sys_admin;\n"
			     "}\n"
			     "profile d { capability deny checkpoint_restore; }\n"
			     TAIL),
		    "t:2:9: error: profile 'a': 'bpf allow' and capability bpf denied against the initial user namespace, but not sys_admin, which the kernel accepts in its place: deny sys_admin there too, or write 'bpf deny'\n"
		    "t:6:9: error: profile 'b': 'perf allow' and capability perfmon denied against the initial user namespace, but not sys_admin, which the kernel accepts in its place: deny sys_admin there too, or write 'perf deny'\n"
		    "t:7:9: error: profile 'c': capability checkpoint_restore denied against the initial user namespace, but not sys_admin, which the kernel accepts in its place: deny sys_admin there too, or allow checkpoint_restore\n"
		    "t:11:9: error: profile 'd': capability checkpoint_restore denied in every user namespace, but not sys_admin, which the kernel accepts in its place: deny sys_admin too, or allow checkpoint_restore\n");
}

/* Dump and compile again: the same bytes, with the statements visible. */
TEST(policy_device_and_surface_round_trip)
{
	struct cordon_blob b = { NULL, 0 }, again = { NULL, 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	REQUIRE_EQ(compile(HEAD
			   "profile a {\n"
			   "  device allow char 1:3 wr;\n"
			   "  device allow block 8:* r;\n"
			   "  device allow char *:* m;\n"
			   "  userns create allow;\n"
			   "  userfaultfd allow;\n"
			   "  knobs protect sysctl,sysfs;\n"
			   "}\n"
			   "profile b extends a { device deny block 8:*; }\n"
			   TAIL, &b), 0);
	f = open_memstream(&text, &len);
	REQUIRE(f);
	CHECK_EQ(cordon_policy_dump(b.data, b.len, f, NULL, 0), 0);
	fclose(f);
	CHECK(strstr(text, "# profiles: 2, mount rules: 0, device rules: 5, "
			   "selectors: 0\n"));
	CHECK(strstr(text, "profile a {\n"));
	CHECK(strstr(text, "\tknobs protect sysctl,sysfs;\n"));
	CHECK(strstr(text, "\tdevice allow char 1:3 rw;\n"
			   "\tdevice allow block 8:* r;\n"
			   "\tdevice allow char *:* m;\n"
			   "\tuserns create allow;\n"
			   "\tio_uring deny;\n"
			   "\tuserfaultfd allow;\n"
			   "\tbpf deny;\n"
			   "\tperf deny;\n"
			   "}\n"));
	CHECK(strstr(text, "\tdevice allow char 1:3 rw;\n"
			   "\tdevice allow char *:* m;\n"
			   "\tuserns create allow;\n"));
	REQUIRE_EQ(compile(text, &again), 0);
	CHECK_EQ(again.len, b.len);
	CHECK(again.len == b.len && memcmp(again.data, b.data, b.len) == 0);
	cordon_blob_free(&again);
	cordon_blob_free(&b);
	free(text);
}
