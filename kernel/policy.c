// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - the active policy and the built-in default profile
 *
 * The active policy is reached through one RCU pointer, so that a verified
 * policy can later replace it atomically; lookups on the hook path are a
 * pointer load and do not depend on the number of containers or rules.
 *
 * Copyright (C) 2026 The cordon authors
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/capability.h>
#include <linux/init.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "cordon.h"
#include "compat.h"

/*
 * Filesystems an armed container may mount with the default profile: a
 * tmpfs for scratch space and a mqueue instance for its own IPC namespace.
 * Everything else (bind, move, proc, sysfs, cgroup, block devices, debugfs,
 * bpf, binfmt_misc, ...) is denied.  See Documentation.
 */
static const char *const default_mount_fstypes[] = {
	"tmpfs",
	"mqueue",
	NULL,
};

#define CAP(c) BIT_ULL(CAP_##c)

static struct cordon_profile default_profile __ro_after_init = {
	.name = "default",
	.mode = CORDON_MODE_ENFORCE,
	.arm_on_exec = true,
	.cap_deny = CORDON_CAPS(CAP(SYS_MODULE) | CAP(SYS_RAWIO) |
				CAP(SYS_BOOT) | CAP(SYS_TIME) | CAP(MAC_ADMIN) |
				CAP(MAC_OVERRIDE) | CAP(SYSLOG) | CAP(BPF) |
				CAP(PERFMON) | CAP(DAC_READ_SEARCH)),
	.cap_deny_init_ns = CORDON_CAPS(CAP(SYS_ADMIN)),
	.mount_fstypes = default_mount_fstypes,
	.allow_ptrace_same = true,
	.allow_unix_path_cross = true,
};

static struct cordon_policy builtin_policy __ro_after_init = {
	.version = 0,
	.builtin = true,
	.default_profile = &default_profile,
};

static const struct cordon_policy __rcu *active_policy = &builtin_policy;

/**
 * cordon_policy - the active policy
 *
 * The built-in policy is never freed; a loaded policy is freed only after
 * an RCU grace period, so callers in RCU read-side sections or holding no
 * lock across a sleep may use the result for the duration of a hook.
 *
 * Return: the active policy.
 */
const struct cordon_policy *cordon_policy(void)
{
	return rcu_dereference_check(active_policy, true);
}

/**
 * cordon_profile_of - the profile of a container
 * @tag: the container (not NULL)
 *
 * Every container gets the policy's default profile until containers can be
 * bound to named profiles.
 *
 * Return: the profile.
 */
const struct cordon_profile *cordon_profile_of(const struct cordon_tag *tag)
{
	return cordon_policy()->default_profile;
}

/**
 * cordon_fstype_allowed - may a profile mount a filesystem type?
 * @profile: the profile
 * @fstype: filesystem type name, may be NULL
 *
 * Return: true if @fstype is in the profile's allow-list.
 */
bool cordon_fstype_allowed(const struct cordon_profile *profile,
			   const char *fstype)
{
	const char *const *t;

	if (!fstype || !profile->mount_fstypes)
		return false;
	for (t = profile->mount_fstypes; *t; t++)
		if (!strcmp(*t, fstype))
			return true;
	return false;
}

/**
 * cordon_policy_init - apply the boot mode to the built-in profile
 */
void __init cordon_policy_init(void)
{
	default_profile.mode = cordon_boot_mode();
}

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

static void test_fstype_allow_list(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, cordon_fstype_allowed(&default_profile,
						      "tmpfs"));
	KUNIT_EXPECT_TRUE(test, cordon_fstype_allowed(&default_profile,
						      "mqueue"));
	KUNIT_EXPECT_FALSE(test, cordon_fstype_allowed(&default_profile,
						       "proc"));
	KUNIT_EXPECT_FALSE(test, cordon_fstype_allowed(&default_profile,
						       "tmpfs2"));
	KUNIT_EXPECT_FALSE(test, cordon_fstype_allowed(&default_profile,
						       "tmp"));
	KUNIT_EXPECT_FALSE(test, cordon_fstype_allowed(&default_profile,
						       NULL));
}

static void test_default_cap_deny_set(struct kunit *test)
{
	static const int denied[] = {
		CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_BOOT, CAP_SYS_TIME,
		CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_SYSLOG, CAP_BPF,
		CAP_PERFMON, CAP_DAC_READ_SEARCH,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(denied); i++)
		KUNIT_EXPECT_TRUE(test, cap_raised(default_profile.cap_deny,
						   denied[i]));
	KUNIT_EXPECT_FALSE(test, cap_raised(default_profile.cap_deny,
					    CAP_SYS_ADMIN));
	KUNIT_EXPECT_TRUE(test, cap_raised(default_profile.cap_deny_init_ns,
					   CAP_SYS_ADMIN));
	KUNIT_EXPECT_FALSE(test, cap_raised(default_profile.cap_deny,
					    CAP_NET_BIND_SERVICE));
	KUNIT_EXPECT_FALSE(test, cap_raised(default_profile.cap_deny,
					    CAP_CHOWN));
}

static struct kunit_case cordon_policy_test_cases[] = {
	KUNIT_CASE(test_fstype_allow_list),
	KUNIT_CASE(test_default_cap_deny_set),
	{}
};

static struct kunit_suite cordon_policy_test_suite = {
	.name = "cordon_policy",
	.test_cases = cordon_policy_test_cases,
};

kunit_test_suite(cordon_policy_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
