// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the policy compiler on good inputs, the shipped policies,
 * round trips through cordon_policy_dump(), bounds, capability names.
 *
 * The policy files are found through $CORDON_SRCDIR (the repository) if
 * set, else through __FILE__ (relative to the current directory or its
 * userspace/ directory, where make compiles), else by looking for the
 * repository above the test binary and above the current directory.
 */
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/policy.h>

#include "unit.h"

#define PROBE "tests/unit/policies/full.cpol"

static bool has_probe(const char *root)
{
	char p[PATH_MAX + sizeof(PROBE) + 1];

	snprintf(p, sizeof(p), "%s/%s", root, PROBE);
	return access(p, R_OK) == 0;
}

/* Look for the repository in dir and its ancestors. */
static bool search_up(const char *dir, char *root, size_t len)
{
	char d[PATH_MAX];

	if (!realpath(dir, d))
		return false;
	for (;;) {
		char *slash;

		if (has_probe(d)) {
			snprintf(root, len, "%s", d);
			return true;
		}
		slash = strrchr(d, '/');
		if (!slash || slash == d)
			return false;
		*slash = '\0';
	}
}

/* The repository's top directory. */
static bool find_repo(char *root, size_t len)
{
	const char *env = getenv("CORDON_SRCDIR");
	char dir[PATH_MAX], exe[PATH_MAX], up[PATH_MAX + 16];
	ssize_t n;

	if (env && *env) {
		snprintf(root, len, "%s", env);
		return has_probe(root);
	}
	/* __FILE__ is .../tests/unit/test_policy.c */
	snprintf(dir, sizeof(dir), "%s", __FILE__);
	*strrchr(dir, '/') = '\0';
	if (search_up(dir, root, len))
		return true;
	snprintf(up, sizeof(up), "userspace/%s", dir);
	if (search_up(up, root, len))
		return true;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		if (search_up(exe, root, len))
			return true;
	}
	return search_up(".", root, len);
}

/* Compile a string; on failure print the diagnostics. */
static int compile(const char *text, struct cordon_blob *blob)
{
	struct cordon_diags d;
	int rc;

	cordon_diags_init(&d);
	rc = cordon_policy_compile_string(text, blob, &d);
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

static struct cordon_policy_mount_rule rule(const struct cordon_blob *b,
					    size_t i)
{
	struct cordon_policy_header h = hdr(b);
	struct cordon_policy_mount_rule r;

	memcpy(&r, b->data + sizeof(h) +
		   le16toh(h.nr_profiles) * sizeof(struct cordon_policy_profile) +
		   i * sizeof(r), sizeof(r));
	return r;
}

static struct cordon_policy_device_rule drule(const struct cordon_blob *b,
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

static struct cordon_policy_selector sel(const struct cordon_blob *b,
					 size_t i)
{
	struct cordon_policy_header h = hdr(b);
	struct cordon_policy_selector s;

	memcpy(&s, b->data + sizeof(h) +
		   le16toh(h.nr_profiles) * sizeof(struct cordon_policy_profile) +
		   le32toh(h.nr_mount_rules) *
			   sizeof(struct cordon_policy_mount_rule) +
		   le32toh(h.nr_device_rules) *
			   sizeof(struct cordon_policy_device_rule) +
		   i * sizeof(s), sizeof(s));
	return s;
}

#define C(x) (UINT64_C(1) << CAP_##x)
#define DEFAULT_DENY (C(SYS_MODULE) | C(SYS_RAWIO) | C(SYS_BOOT) |	\
		      C(SYS_TIME) | C(MAC_ADMIN) | C(MAC_OVERRIDE) |	\
		      C(SYSLOG) | C(BPF) | C(PERFMON) | C(DAC_READ_SEARCH))
#define ALL_CAPS ((UINT64_C(1) << (CAP_LAST_CAP + 1)) - 1)

/*
 * The kernel's built-in default policy, built by hand: one profile, two
 * mount rules, no device rule, every knob protected (sysctl and sysfs
 * too), no attack surface.
 */
static size_t builtin_blob(uint8_t *buf, size_t size)
{
	struct cordon_policy_header h;
	struct cordon_policy_profile p;
	struct cordon_policy_mount_rule r;
	size_t total = sizeof(h) + sizeof(p) + 2 * sizeof(r);

	if (size < total)
		return 0;
	memset(buf, 0, total);
	memset(&h, 0, sizeof(h));
	h.magic = htole32(CORDON_POLICY_MAGIC);
	h.format = htole16(CORDON_POLICY_FORMAT);
	h.header_size = htole16(sizeof(h));
	h.total_size = htole32((uint32_t)total);
	h.version = htole64(1);
	strcpy(h.name, "default");
	h.nr_profiles = htole16(1);
	h.nr_mount_rules = htole32(2);
	h.nr_device_rules = htole32(0);
	h.nr_selectors = htole32(0);
	memcpy(buf, &h, sizeof(h));
	memset(&p, 0, sizeof(p));
	strcpy(p.name, "default");
	p.mode = CORDON_POLICY_MODE_ENFORCE;
	p.arm = CORDON_ARM_EXEC;
	p.ptrace = CORDON_PTRACE_CONTAINER;
	p.ptrace_host = CORDON_PTRACE_HOST_ALLOW;
	p.ipc_cross = htole32(CORDON_IPC_UNIX_PATH);
	p.knobs = htole32(CORDON_KNOB_ALL);
	p.cap_deny = htole64(DEFAULT_DENY);
	p.cap_deny_init_ns = htole64(C(SYS_ADMIN));
	p.surface = htole32(0);
	memcpy(buf + sizeof(h), &p, sizeof(p));
	memset(&r, 0, sizeof(r));
	strcpy(r.fstype, "tmpfs");
	memcpy(buf + sizeof(h) + sizeof(p), &r, sizeof(r));
	memset(&r, 0, sizeof(r));
	strcpy(r.fstype, "mqueue");
	memcpy(buf + sizeof(h) + sizeof(p) + sizeof(r), &r, sizeof(r));
	return total;
}

static int compile_repo_file(const char *rel, struct cordon_blob *blob)
{
	struct cordon_diags d;
	char root[PATH_MAX], path[PATH_MAX + 64];
	int rc;

	if (!find_repo(root, sizeof(root))) {
		printf("#   repository not found; set CORDON_SRCDIR\n");
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	cordon_diags_init(&d);
	rc = cordon_policy_compile_file(path, blob, &d);
	cordon_diags_print(&d, stdout);
	cordon_diags_free(&d);
	return rc;
}

TEST(policy_default_file_is_the_builtin_policy)
{
	struct cordon_blob b = { NULL, 0 };
	uint8_t want[1024];
	size_t n = builtin_blob(want, sizeof(want));

	REQUIRE_EQ(compile_repo_file("policy/default.cpol", &b), 0);
	CHECK_EQ(b.len, n);
	CHECK(b.len == n && memcmp(b.data, want, n) == 0);
	cordon_blob_free(&b);
}

TEST(policy_empty_profile_gets_the_builtin_defaults)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_policy_profile p;

	REQUIRE_EQ(compile("policy p version 7; profile x {} "
			   "default profile x;", &b), 0);
	REQUIRE_EQ(b.len, sizeof(struct cordon_policy_header) +
			  sizeof(struct cordon_policy_profile));
	CHECK_EQ(le64toh(hdr(&b).version), 7);
	CHECK_STREQ(hdr(&b).name, "p");
	p = prof(&b, 0);
	CHECK_STREQ(p.name, "x");
	CHECK_EQ(p.mode, CORDON_POLICY_MODE_ENFORCE);
	CHECK_EQ(p.arm, CORDON_ARM_EXEC);
	CHECK_EQ(p.ptrace, CORDON_PTRACE_CONTAINER);
	CHECK_EQ(p.ptrace_host, CORDON_PTRACE_HOST_ALLOW);
	CHECK_EQ(le32toh(p.mount_ops), 0);
	CHECK_EQ(le32toh(p.ipc_cross), CORDON_IPC_UNIX_PATH);
	CHECK_EQ(le32toh(p.knobs), CORDON_KNOB_ALL);
	CHECK_EQ(le64toh(p.cap_deny), DEFAULT_DENY);
	CHECK_EQ(le64toh(p.cap_deny_init_ns), C(SYS_ADMIN));
	CHECK_EQ(le32toh(p.surface), 0);
	CHECK_EQ(le32toh(hdr(&b).nr_device_rules), 0);
	cordon_blob_free(&b);
}

TEST(policy_full_test_policy_fields)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_policy_header h;
	struct cordon_policy_profile p;
	struct cordon_policy_mount_rule r;
	struct cordon_policy_selector s;
	uint64_t middle_init;

	REQUIRE_EQ(compile_repo_file("tests/unit/policies/full.cpol", &b), 0);
	h = hdr(&b);
	CHECK_EQ(le32toh(h.magic), CORDON_POLICY_MAGIC);
	CHECK_EQ(le16toh(h.format), CORDON_POLICY_FORMAT);
	CHECK_EQ(le16toh(h.header_size), 128);
	CHECK_EQ(le32toh(h.total_size), b.len);
	CHECK_EQ(le32toh(h.flags), 0);
	CHECK_EQ(le64toh(h.version), UINT64_MAX);
	CHECK_STREQ(h.name, "full-test_1.0");
	REQUIRE_EQ(le16toh(h.nr_profiles), 5);
	CHECK_EQ(le16toh(h.default_profile), 2);	/* middle */
	REQUIRE_EQ(le32toh(h.nr_mount_rules), 9);
	REQUIRE_EQ(le32toh(h.nr_selectors), 8);
	REQUIRE_EQ(le32toh(h.nr_device_rules), 12);
	CHECK_EQ(b.len, 128 + 5 * 112 + 9 * 40 + 12 * 16 + 8 * 88);

	/* base */
	p = prof(&b, 1);
	CHECK_STREQ(p.name, "base");
	CHECK_EQ(p.mode, CORDON_POLICY_MODE_ENFORCE);
	CHECK_EQ(p.arm, CORDON_ARM_IMMEDIATE);
	CHECK_EQ(p.ptrace, CORDON_PTRACE_NONE);
	CHECK_EQ(p.ptrace_host, CORDON_PTRACE_HOST_DENY);
	CHECK_EQ(le32toh(p.mount_ops), CORDON_MOUNT_OP_ALL);
	CHECK_EQ(le32toh(p.ipc_cross), CORDON_IPC_ALL);
	CHECK_EQ(le32toh(p.knobs), CORDON_KNOB_ALL);
	CHECK_EQ(le64toh(p.cap_deny), C(SYS_MODULE) | C(SYS_RAWIO) | C(CHOWN));
	CHECK_EQ(le64toh(p.cap_deny_init_ns), ALL_CAPS);
	CHECK_EQ(le32toh(p.surface), CORDON_SURFACE_IO_URING |
		 CORDON_SURFACE_USERFAULTFD | CORDON_SURFACE_BPF |
		 CORDON_SURFACE_PERF);

	/* middle extends base */
	p = prof(&b, 2);
	CHECK_STREQ(p.name, "middle");
	CHECK_EQ(p.mode, CORDON_POLICY_MODE_ENFORCE);
	CHECK_EQ(p.arm, CORDON_ARM_EXEC);
	CHECK_EQ(p.ptrace, CORDON_PTRACE_CONTAINER);
	CHECK_EQ(p.ptrace_host, CORDON_PTRACE_HOST_DENY);
	CHECK_EQ(le32toh(p.mount_ops),
		 CORDON_MOUNT_OP_BIND | CORDON_MOUNT_OP_PIVOT_ROOT);
	CHECK_EQ(le32toh(p.ipc_cross), 0);
	CHECK_EQ(le32toh(p.knobs), 0);
	CHECK_EQ(le64toh(p.cap_deny), C(SYS_MODULE) | C(SYS_RAWIO));
	middle_init = ALL_CAPS & ~C(CHOWN);
	CHECK_EQ(le64toh(p.cap_deny_init_ns), middle_init);
	CHECK_EQ(le32toh(p.surface), CORDON_SURFACE_USERFAULTFD |
		 CORDON_SURFACE_BPF | CORDON_SURFACE_PERF);

	/* child extends middle, declared first */
	p = prof(&b, 0);
	CHECK_STREQ(p.name, "child");
	CHECK_EQ(p.mode, CORDON_POLICY_MODE_COMPLAIN);
	CHECK_EQ(p.arm, CORDON_ARM_EXEC);
	CHECK_EQ(p.ptrace_host, CORDON_PTRACE_HOST_DENY);
	CHECK_EQ(le32toh(p.mount_ops),
		 CORDON_MOUNT_OP_BIND | CORDON_MOUNT_OP_PIVOT_ROOT);
	CHECK_EQ(le64toh(p.cap_deny), C(SYS_RAWIO));
	CHECK_EQ(le64toh(p.cap_deny_init_ns), middle_init & ~C(SYS_MODULE));
	CHECK_EQ(le32toh(p.surface), CORDON_SURFACE_USERNS |
		 CORDON_SURFACE_USERFAULTFD | CORDON_SURFACE_BPF);

	p = prof(&b, 3);
	CHECK_STREQ(p.name, "plain");
	CHECK_EQ(le64toh(p.cap_deny), DEFAULT_DENY);
	CHECK_EQ(le32toh(p.surface), 0);

	p = prof(&b, 4);
	CHECK_STREQ(p.name, "off-profile");
	CHECK_EQ(p.mode, CORDON_POLICY_MODE_OFF);
	CHECK_EQ(le32toh(p.mount_ops), CORDON_MOUNT_OP_MOVE |
		 CORDON_MOUNT_OP_REMOUNT | CORDON_MOUNT_OP_UMOUNT);
	CHECK_EQ(le64toh(p.cap_deny), 0);
	CHECK_EQ(le64toh(p.cap_deny_init_ns), 0);
	CHECK_EQ(le32toh(p.surface), CORDON_SURFACE_ALL);
	CHECK_EQ(le32toh(p.knobs), CORDON_KNOB_ALL);

	/*
	 * Rules: child (inherited tmpfs replaced in place, mqueue dropped,
	 * proc appended), base, middle.
	 */
	{
		static const struct {
			const char *fstype;
			unsigned int profile, require;
		} want[] = {
			{ "tmpfs", 0, CORDON_MOUNT_RDONLY },
			{ "fuse.sshfs+x", 0, CORDON_MOUNT_NOSUID },
			{ "proc", 0, CORDON_MOUNT_NOSUID | CORDON_MOUNT_NODEV |
					     CORDON_MOUNT_NOEXEC },
			{ "tmpfs", 1, 0 },
			{ "mqueue", 1, 0 },
			{ "fuse.sshfs+x", 1, CORDON_MOUNT_NOSUID },
			{ "tmpfs", 2, 0 },
			{ "mqueue", 2, 0 },
			{ "fuse.sshfs+x", 2, CORDON_MOUNT_NOSUID },
		};

		for (size_t i = 0; i < 9; i++) {
			r = rule(&b, i);
			CHECK_STREQ(r.fstype, want[i].fstype);
			CHECK_EQ(le16toh(r.profile), want[i].profile);
			CHECK_EQ(le16toh(r.require), want[i].require);
			CHECK_EQ(r.reserved, 0);
		}
	}

	/*
	 * Device rules: child (inherited char 1:3 replaced in place, block
	 * 8:* dropped, char 10:200 appended), base, middle, off-profile.
	 */
	{
		static const struct {
			unsigned int profile, type, major, minor, access;
		} want[] = {
			{ 0, CORDON_DEV_CHAR, 1, 3, CORDON_DEV_READ },
			{ 0, CORDON_DEV_CHAR, CORDON_DEV_ANY, CORDON_DEV_ANY,
			  CORDON_DEV_MKNOD },
			{ 0, CORDON_DEV_CHAR, 4, 7, CORDON_DEV_WRITE },
			{ 0, CORDON_DEV_CHAR, 10, 200, CORDON_DEV_ACCESS_ALL },
			{ 1, CORDON_DEV_CHAR, 1, 3,
			  CORDON_DEV_READ | CORDON_DEV_WRITE },
			{ 1, CORDON_DEV_BLOCK, 8, CORDON_DEV_ANY,
			  CORDON_DEV_READ },
			{ 1, CORDON_DEV_CHAR, CORDON_DEV_ANY, CORDON_DEV_ANY,
			  CORDON_DEV_MKNOD },
			{ 2, CORDON_DEV_CHAR, 1, 3,
			  CORDON_DEV_READ | CORDON_DEV_WRITE },
			{ 2, CORDON_DEV_BLOCK, 8, CORDON_DEV_ANY,
			  CORDON_DEV_READ },
			{ 2, CORDON_DEV_CHAR, CORDON_DEV_ANY, CORDON_DEV_ANY,
			  CORDON_DEV_MKNOD },
			{ 2, CORDON_DEV_CHAR, 4, 7, CORDON_DEV_WRITE },
			{ 4, CORDON_DEV_BLOCK, CORDON_DEV_ANY, CORDON_DEV_ANY,
			  CORDON_DEV_ACCESS_ALL },
		};

		for (size_t i = 0; i < 12; i++) {
			struct cordon_policy_device_rule d = drule(&b, i);

			CHECK_EQ(le16toh(d.profile), want[i].profile);
			CHECK_EQ(d.type, want[i].type);
			CHECK_EQ(le32toh(d.major), want[i].major);
			CHECK_EQ(le32toh(d.minor), want[i].minor);
			CHECK_EQ(d.access, want[i].access);
			CHECK_EQ(d.reserved, 0);
		}
	}

	s = sel(&b, 0);
	CHECK_EQ(le16toh(s.kind), CORDON_SELECT_NAME);
	CHECK_STREQ(s.name, "web");
	CHECK_EQ(le16toh(s.profile), 0);
	CHECK_EQ(s.mnt_ns | s.pid_ns | s.user_ns, 0);
	s = sel(&b, 1);
	CHECK_STREQ(s.name, "web-2");
	CHECK_EQ(le16toh(s.profile), 3);
	s = sel(&b, 2);
	CHECK_EQ(le16toh(s.kind), CORDON_SELECT_NS);
	CHECK_EQ(s.name[0], 0);
	CHECK_EQ(le32toh(s.mnt_ns), 4026531840U);
	CHECK_EQ(le32toh(s.pid_ns), 0);
	CHECK_EQ(le32toh(s.user_ns), 0);
	CHECK_EQ(le16toh(s.profile), 1);
	s = sel(&b, 4);
	CHECK_EQ(le32toh(s.user_ns), 4026531837U);
	CHECK_EQ(le16toh(s.profile), 4);
	s = sel(&b, 6);		/* keys in any order */
	CHECK_EQ(le32toh(s.mnt_ns), 0);
	CHECK_EQ(le32toh(s.pid_ns), 2);
	CHECK_EQ(le32toh(s.user_ns), 3);
	s = sel(&b, 7);
	CHECK_EQ(le32toh(s.user_ns), UINT32_MAX);
	CHECK_EQ(le16toh(s.profile), 3);
	CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0), 0);
	cordon_blob_free(&b);
}

/* Compile, dump, compile again: the same bytes. */
static void check_round_trip(const char *name, const struct cordon_blob *b)
{
	struct cordon_blob again = { NULL, 0 };
	char err[CORDON_ERR_MAX] = "x";
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!UNIT_CHECK(f))
		return;
	rc = cordon_policy_dump(b->data, b->len, f, err, sizeof(err));
	fclose(f);
	CHECK_EQ(rc, 0);
	CHECK_STREQ(err, "");
	CHECK(strstr(text, "extends") == NULL);
	rc = compile(text, &again);
	if (!UNIT_CHECK_EQ(rc, 0) || !UNIT_CHECK_EQ(again.len, b->len) ||
	    !UNIT_CHECK(memcmp(again.data, b->data, b->len) == 0))
		printf("#   round trip of %s failed; text:\n%s", name, text);
	free(text);
	cordon_blob_free(&again);
}

static unsigned int round_trip_dir(const char *root, const char *dir)
{
	char path[PATH_MAX + 300];
	unsigned int n = 0;
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", root, dir);
	d = opendir(path);
	if (!UNIT_CHECK(d))
		return 0;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		struct cordon_blob b = { NULL, 0 };
		struct cordon_diags diags;

		if (l < 5 || strcmp(e->d_name + l - 5, ".cpol") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", root, dir, e->d_name);
		cordon_diags_init(&diags);
		if (UNIT_CHECK_EQ(cordon_policy_compile_file(path, &b, &diags),
				  0))
			check_round_trip(path, &b);
		else
			cordon_diags_print(&diags, stdout);
		cordon_diags_free(&diags);
		cordon_blob_free(&b);
		n++;
	}
	closedir(d);
	return n;
}

TEST(policy_files_check_and_round_trip)
{
	char root[PATH_MAX];

	REQUIRE(find_repo(root, sizeof(root)));
	/* default, restricted, baseline, privileged at least */
	CHECK(round_trip_dir(root, "policy") >= 4);
	CHECK(round_trip_dir(root, "tests/unit/policies") >= 1);
}

TEST(policy_generated_10000_rules)
{
	struct cordon_policy_gen g = { 100, 900, 9000, 5 };
	struct cordon_blob b = { NULL, 0 };
	struct cordon_policy_header h;
	char *text;
	size_t len;

	REQUIRE_EQ(cordon_policy_generate(&g, &text, &len), 0);
	CHECK_EQ(strlen(text), len);
	REQUIRE_EQ(compile(text, &b), 0);
	h = hdr(&b);
	CHECK_EQ(le16toh(h.nr_profiles), 100);
	CHECK_EQ(le32toh(h.nr_mount_rules), 900);
	CHECK_EQ(le32toh(h.nr_selectors), 9000);
	CHECK_EQ(le64toh(h.version), 5);
	CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0), 0);
	check_round_trip("generated", &b);
	free(text);
	cordon_blob_free(&b);
}

/* Compile a generated policy: 0 or the one diagnostic's text. */
static int gen_compile(unsigned int profiles, unsigned int rules,
		       unsigned int selectors, char *msg, size_t len)
{
	struct cordon_policy_gen g = { profiles, rules, selectors, 1 };
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	char *text;
	size_t n;
	int rc;

	msg[0] = '\0';
	rc = cordon_policy_generate(&g, &text, &n);
	if (rc)
		return rc;
	cordon_diags_init(&d);
	rc = cordon_policy_compile("gen", text, n, &b, &d);
	if (d.count == 1)
		cordon_diag_format(&d.items[0], msg, len);
	else if (d.count)
		snprintf(msg, len, "%zu diagnostics", d.count);
	cordon_diags_free(&d);
	cordon_blob_free(&b);
	free(text);
	return rc;
}

TEST(policy_bounds)
{
	char msg[256];

	CHECK_EQ(gen_compile(CORDON_MAX_PROFILES, 0, 0, msg, sizeof(msg)), 0);
	CHECK_EQ(gen_compile(CORDON_MAX_PROFILES + 1, 0, 0, msg, sizeof(msg)),
		 -EINVAL);
	/* the 257th profile, p256: 12 lines, then 5 per profile */
	CHECK_STREQ(msg, "gen:1288:1: error: too many profiles (at most 256)");
	CHECK_EQ(gen_compile(4, CORDON_MAX_MOUNT_RULES, 0, msg, sizeof(msg)),
		 0);
	CHECK_EQ(gen_compile(4, CORDON_MAX_MOUNT_RULES + 1, 0, msg,
			     sizeof(msg)), -EINVAL);
	CHECK(strstr(msg, "error: too many mount rules (more than 4096 in all)"));
	CHECK_EQ(gen_compile(1, 0, CORDON_MAX_SELECTORS, msg, sizeof(msg)), 0);
	CHECK_EQ(gen_compile(1, 0, CORDON_MAX_SELECTORS + 1, msg, sizeof(msg)),
		 -EINVAL);
	CHECK(strstr(msg, "error: too many selectors (at most 65536)"));
}

TEST(policy_inherited_rules_count_against_the_bound)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	char *text = NULL, msg[256] = "";
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	REQUIRE(f);
	/* 4000 rules in p0, each of p1 and p2 inherits them */
	fputs("policy big version 1;\nprofile p0 {\n", f);
	for (int i = 0; i < 4000; i++)
		fprintf(f, "mount allow fs%d;\n", i);
	fputs("}\nprofile p1 extends p0 {}\nprofile p2 extends p0 {}\n"
	      "default profile p0;\n", f);
	fclose(f);
	cordon_diags_init(&d);
	CHECK_EQ(cordon_policy_compile("big", text, len, &b, &d), -EINVAL);
	REQUIRE_EQ(d.count, 1);
	cordon_diag_format(&d.items[0], msg, sizeof(msg));
	CHECK_STREQ(msg, "big:4004:9: error: too many mount rules (more than 4096 in all)");
	CHECK(b.data == NULL);
	cordon_diags_free(&d);
	free(text);
}

TEST(policy_compile_file_errors)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	char msg[256];

	cordon_diags_init(&d);
	CHECK_EQ(cordon_policy_compile_file("/nonexistent/x.cpol", &b, &d),
		 -ENOENT);
	REQUIRE_EQ(d.count, 1);
	CHECK_EQ(d.items[0].line, 0);
	cordon_diag_format(&d.items[0], msg, sizeof(msg));
	CHECK_STREQ(msg, "/nonexistent/x.cpol: error: cannot read: "
			 "No such file or directory");
	cordon_diags_free(&d);
	cordon_diags_init(&d);
	CHECK_EQ(cordon_policy_compile_file("/", &b, &d), -EISDIR);
	CHECK_EQ(d.count, 1);
	cordon_diags_free(&d);
	CHECK(b.data == NULL);
}

TEST(policy_capability_names)
{
	for (unsigned int c = 0; c <= CAP_LAST_CAP; c++) {
		const char *name = cordon_cap_name(c);
		char upper[64];

		REQUIRE(name);
		CHECK_EQ(cordon_cap_parse(name, strlen(name)), c);
		snprintf(upper, sizeof(upper), "CAP_%s", name);
		for (char *p = upper; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		CHECK_EQ(cordon_cap_parse(upper, strlen(upper)), c);
	}
	CHECK(cordon_cap_name(CAP_LAST_CAP + 1) == NULL);
	CHECK_STREQ(cordon_cap_name(CAP_SYS_ADMIN), "sys_admin");
	CHECK_STREQ(cordon_cap_name(CAP_CHECKPOINT_RESTORE),
		    "checkpoint_restore");
	CHECK_EQ(cordon_cap_parse("Sys_Admin", 9), CAP_SYS_ADMIN);
	CHECK_EQ(cordon_cap_parse("sys_admin2", 10), -EINVAL);
	CHECK_EQ(cordon_cap_parse("cap_", 4), -EINVAL);
	CHECK_EQ(cordon_cap_parse("", 0), -EINVAL);
	/* not NUL-terminated: only len bytes count */
	CHECK_EQ(cordon_cap_parse("killer", 4), CAP_KILL);
}

TEST(policy_statements_override_and_accumulate)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_policy_profile p;

	REQUIRE_EQ(compile("policy p version 1;\n"
			   "profile a {\n"
			   "  capability deny none;\n"
			   "  capability deny chown;\n"
			   "  capability deny kill,chown;\n"
			   "  capability allow kill;\n"
			   "  capability deny-init-ns none;\n"
			   "  capability deny-init-ns setuid;\n"
			   "}\n"
			   "profile b extends a { capability deny-init-ns kill; "
			   "capability deny all; capability allow setuid; }\n"
			   "default profile b;\n", &b), 0);
	p = prof(&b, 0);
	CHECK_EQ(le64toh(p.cap_deny), C(CHOWN));
	CHECK_EQ(le64toh(p.cap_deny_init_ns), C(SETUID));
	p = prof(&b, 1);
	CHECK_EQ(le64toh(p.cap_deny), ALL_CAPS & ~C(SETUID));
	CHECK_EQ(le64toh(p.cap_deny_init_ns), C(KILL));
	CHECK_EQ(le16toh(hdr(&b).default_profile), 1);
	cordon_blob_free(&b);
}

TEST(policy_comments_whitespace_and_strings)
{
	struct cordon_blob b = { NULL, 0 };

	REQUIRE_EQ(compile("#c\n\tpolicy\r\n p#x\n version\f1 ; "
			   "profile\ta{}default profile a;select name\"n\"profile a;",
			   &b), 0);
	CHECK_STREQ(sel(&b, 0).name, "n");
	cordon_blob_free(&b);
}

/* A small deterministic PRNG (xorshift64*). */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

static char *read_repo_file(const char *rel, size_t *len)
{
	char root[PATH_MAX], path[PATH_MAX + 64];
	char *buf = NULL;
	FILE *f;
	long n;

	if (!find_repo(root, sizeof(root)))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

/*
 * Damaged texts: the compiler either succeeds with a valid blob or fails
 * with at least one diagnostic; never crashes (the sanitizers watch).
 */
TEST(policy_mutated_texts)
{
	static const char pieces[] = ";{},=*\"#\n\0 a0+-_.@";
	uint64_t seed = 42;
	size_t len, ok = 0;
	char *orig = read_repo_file("tests/unit/policies/full.cpol", &len);

	REQUIRE(orig);
	for (int i = 0; i < 3000; i++) {
		struct cordon_blob b = { NULL, 0 };
		struct cordon_diags d;
		char *t = malloc(len);
		size_t n = len;
		int edits = 1 + (int)(rnd(&seed) % 4), rc;

		REQUIRE(t);
		memcpy(t, orig, len);
		for (int e = 0; e < edits; e++) {
			size_t at = rnd(&seed) % n;

			switch (rnd(&seed) % 3) {
			case 0:	/* replace a byte */
				t[at] = pieces[rnd(&seed) % (sizeof(pieces) - 1)];
				break;
			case 1:	/* delete a run */
				{
					size_t k = 1 + rnd(&seed) % 8;

					if (at + k > n)
						k = n - at;
					memmove(t + at, t + at + k, n - at - k);
					n -= k;
				}
				break;
			default: /* cut */
				n = at;
			}
			if (n == 0)
				break;
		}
		cordon_diags_init(&d);
		rc = cordon_policy_compile("m", t, n, &b, &d);
		if (rc == 0) {
			ok++;
			CHECK_EQ(d.count, 0);
			CHECK_EQ(cordon_policy_validate(b.data, b.len, NULL, 0),
				 0);
		} else {
			CHECK_EQ(rc, -EINVAL);
			CHECK(d.count > 0);
			CHECK(b.data == NULL);
		}
		cordon_diags_free(&d);
		cordon_blob_free(&b);
		free(t);
	}
	printf("#   %zu of 3000 damaged texts still compiled\n", ok);
	free(orig);
}

/*
 * Damaged blobs: validate() never crashes, and every blob it accepts
 * dumps to a text that compiles back to it (the rules stay grouped when
 * only single bytes change... unless a profile index changes: then the
 * text says so and the check is skipped).
 */
TEST(policy_mutated_blobs)
{
	struct cordon_blob good = { NULL, 0 };
	uint64_t seed = 7;
	size_t accepted = 0;

	REQUIRE_EQ(compile_repo_file("tests/unit/policies/full.cpol", &good),
		   0);
	for (int i = 0; i < 3000; i++) {
		uint8_t *b = malloc(good.len);
		size_t len = good.len;
		int edits = 1 + (int)(rnd(&seed) % 2);

		REQUIRE(b);
		memcpy(b, good.data, len);
		for (int e = 0; e < edits; e++) {
			size_t at = rnd(&seed) % len;
			uint64_t r = rnd(&seed);

			/* small values and bit flips find the edges */
			b[at] = r & 1 ? (uint8_t)(b[at] ^ (1U << (r >> 1) % 8))
				      : (uint8_t)((r >> 1) % 4);
		}
		if (cordon_policy_validate(b, len, NULL, 0) == 0) {
			char *text = NULL;
			size_t n = 0;
			FILE *f = open_memstream(&text, &n);
			struct cordon_blob again = { NULL, 0 };

			accepted++;
			REQUIRE(f);
			CHECK_EQ(cordon_policy_dump(b, len, f, NULL, 0), 0);
			fclose(f);
			/*
			 * Rules no longer grouped by profile, or a profile
			 * the compiler refuses: the text says so and does
			 * not compile to the same bytes.
			 */
			if (!strstr(text, "not grouped") &&
			    !strstr(text, "The compiler refuses")) {
				CHECK_EQ(compile(text, &again), 0);
				if (!UNIT_CHECK(again.len == len &&
						memcmp(again.data, b, len) == 0))
					printf("#   mutation %d:\n%s", i, text);
			}
			cordon_blob_free(&again);
			free(text);
		}
		free(b);
	}
	printf("#   %zu of 3000 damaged blobs were valid\n", accepted);
	cordon_blob_free(&good);
}
