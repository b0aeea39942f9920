// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - host-global kernel knobs and module loading
 *
 * Some files change the whole host whatever namespace they are written
 * from, and several make the kernel run a program as host root: the core
 * dump pipe, the module loader path, the hotplug helper, the poweroff
 * command, a cgroup v1 release agent, binfmt_misc interpreters.  An armed
 * container task may not open them for writing, wherever the filesystem is
 * mounted (they are recognised by filesystem and name, not by path).  It
 * may not make the kernel load a module on its behalf either.
 *
 * Each knob is protected only if its bit is in the profile's knobs
 * (the default profile protects all of them):
 *
 *   CORDON_KNOB_CORE_PATTERN    /proc/sys/kernel/core_pattern
 *   CORDON_KNOB_MODPROBE        /proc/sys/kernel/modprobe
 *   CORDON_KNOB_HOTPLUG         /proc/sys/kernel/hotplug
 *   CORDON_KNOB_POWEROFF_CMD    /proc/sys/kernel/poweroff_cmd
 *   CORDON_KNOB_SYSRQ           /proc/sys/kernel/sysrq, /proc/sysrq-trigger
 *   CORDON_KNOB_UEVENT_HELPER   /sys/kernel/uevent_helper
 *   CORDON_KNOB_RELEASE_AGENT   release_agent of a cgroup v1 hierarchy
 *   CORDON_KNOB_BINFMT_MISC     every file of binfmt_misc
 *   CORDON_KNOB_MODULE_REQUEST  module autoloading (kernel_module_request)
 *   CORDON_KNOB_SYSCTL          every sysctl the kernel does not namespace
 *   CORDON_KNOB_SYSFS           every sysfs file but the container's own
 *                               network namespace's
 *
 * The last two are allow lists rather than deny lists.  Of /proc/sys, an
 * armed container may write only what the kernel keeps per namespace, and
 * only when the namespace is not the host's: net.* of its own network
 * namespace, the IPC sysctls (kernel.shm*, kernel.msg*, kernel.sem*,
 * fs.mqueue.*) of its own IPC namespace, kernel.hostname and
 * kernel.domainname of its own UTS namespace, user.* of its own user
 * namespace.  Of sysfs, only the attributes of its own network namespace's
 * devices (kernfs nodes tagged with that namespace).  A container sharing
 * the host's network namespace may therefore write no net.* sysctl.
 *
 * The namespaces are those the file was opened in: current's at open, the
 * opener's (recorded in the credentials the file was opened with) for a
 * file opened before arming or passed in, which file.c judges at read,
 * write and receipt (the host opened it: every namespace is the host's).
 *
 * Audit rules: knob.host_global, knob.sysctl, knob.sysfs,
 * knob.module_request.  Every decision is made inside rcu_read_lock()
 * without sleeping.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/kernfs.h>
#include <linux/magic.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "cordon.h"
#include "compat.h"

/**
 * struct knob - a host-global file
 * @bit: CORDON_KNOB_* that protects it
 * @magic: filesystem magic
 * @parent: name of the parent directory, NULL for the filesystem's root
 *	directory, "*" for any
 * @name: file name, "*" for any
 */
struct knob {
	u32 bit;
	unsigned long magic;
	const char *parent;
	const char *name;
};

static const struct knob knobs[] = {
	{ CORDON_KNOB_CORE_PATTERN, PROC_SUPER_MAGIC, "kernel", "core_pattern" },
	{ CORDON_KNOB_MODPROBE, PROC_SUPER_MAGIC, "kernel", "modprobe" },
	{ CORDON_KNOB_HOTPLUG, PROC_SUPER_MAGIC, "kernel", "hotplug" },
	{ CORDON_KNOB_POWEROFF_CMD, PROC_SUPER_MAGIC, "kernel", "poweroff_cmd" },
	{ CORDON_KNOB_SYSRQ, PROC_SUPER_MAGIC, "kernel", "sysrq" },
	{ CORDON_KNOB_SYSRQ, PROC_SUPER_MAGIC, NULL, "sysrq-trigger" },
	{ CORDON_KNOB_UEVENT_HELPER, SYSFS_MAGIC, "kernel", "uevent_helper" },
	{ CORDON_KNOB_RELEASE_AGENT, CGROUP_SUPER_MAGIC, "*", "release_agent" },
	{ CORDON_KNOB_BINFMT_MISC, BINFMTFS_MAGIC, "*", "*" },
};

static bool name_is(const struct dentry *dentry, const char *name)
{
	return !strcmp(name, "*") || !strcmp(dentry->d_name.name, name);
}

/* the knob a dentry is, among those in @protect; inside rcu_read_lock() */
static const struct knob *find_knob(const struct dentry *dentry, u32 protect)
{
	unsigned long magic = dentry->d_sb->s_magic;
	const struct dentry *parent;
	const struct knob *k;
	bool match;

	for (k = knobs; k < knobs + ARRAY_SIZE(knobs); k++) {
		if (!(k->bit & protect) || k->magic != magic ||
		    !name_is(dentry, k->name))
			continue;
		parent = READ_ONCE(dentry->d_parent);
		if (!k->parent)
			match = IS_ROOT(parent);
		else
			match = parent != dentry && name_is(parent, k->parent);
		if (match)
			return k;
	}
	return NULL;
}

static void file_object(struct audit_buffer *ab, const void *data)
{
	const struct file *file = data;

	audit_log_d_path(ab, " path=", &file->f_path);
	audit_log_format(ab, " fstype=%s", file->f_path.dentry->d_sb->s_type->name);
}

/* sysctls kept per namespace (see the comment at the top) */
enum cordon_sysctl_ns {
	CORDON_SYSCTL_HOST,
	CORDON_SYSCTL_NET,
	CORDON_SYSCTL_IPC,
	CORDON_SYSCTL_UTS,
	CORDON_SYSCTL_USER,
};

static const char *const cordon_ipc_sysctls[] = {
	"shmmax", "shmall", "shmmni", "shm_rmid_forced", "shm_next_id",
	"msgmax", "msgmnb", "msgmni", "msg_next_id", "auto_msgmni", "sem",
	"sem_next_id",
};

/*
 * The namespace a /proc/sys file belongs to, from its path below the
 * proc root (names[0] is "sys").  Anything not listed is the host's.
 */
static enum cordon_sysctl_ns
cordon_sysctl_class(const char *const *names, unsigned int n)
{
	unsigned int i;

	if (n >= 2 && !strcmp(names[1], "net"))
		return CORDON_SYSCTL_NET;
	if (n >= 2 && !strcmp(names[1], "user"))
		return CORDON_SYSCTL_USER;
	if (n >= 3 && !strcmp(names[1], "fs") && !strcmp(names[2], "mqueue"))
		return CORDON_SYSCTL_IPC;
	if (n == 3 && !strcmp(names[1], "kernel")) {
		if (!strcmp(names[2], "hostname") ||
		    !strcmp(names[2], "domainname"))
			return CORDON_SYSCTL_UTS;
		for (i = 0; i < ARRAY_SIZE(cordon_ipc_sysctls); i++)
			if (!strcmp(names[2], cordon_ipc_sysctls[i]))
				return CORDON_SYSCTL_IPC;
	}
	return CORDON_SYSCTL_HOST;
}

/* is the namespace a sysctl belongs to the opener's own, not the host's? */
static bool cordon_sysctl_own(enum cordon_sysctl_ns class,
			      const struct cordon_ns_ids *ns)
{
	switch (class) {
	case CORDON_SYSCTL_NET:
		return ns->net != init_net.ns.inum;
	case CORDON_SYSCTL_IPC:
		return ns->ipc != init_ipc_ns.ns.inum;
	case CORDON_SYSCTL_UTS:
		return ns->uts != init_uts_ns.ns.inum;
	case CORDON_SYSCTL_USER:
		return ns->user != init_user_ns.ns.inum;
	default:
		return false;
	}
}

/*
 * Is @dentry a /proc/sys file the opener may not write?  Inside
 * rcu_read_lock(): the names are read without the dentries' locks, as
 * d_path() under RCU does; a concurrent rename cannot turn a host sysctl
 * into a namespaced one because sysctl files are never renamed.
 */
static bool cordon_sysctl_denied(const struct dentry *dentry,
				 const struct cordon_ns_ids *ns)
{
	const char *ring[3], *names[3];
	const struct dentry *d;
	unsigned int n = 0, i;

	/* the three names nearest the root are all that is needed */
	for (d = dentry; !IS_ROOT(d); d = READ_ONCE(d->d_parent))
		ring[n++ % 3] = (const char *)READ_ONCE(d->d_name.name);
	if (!n)
		return false;
	for (i = 0; i < 3 && i < n; i++)
		names[i] = ring[(n - 1 - i) % 3];
	if (strcmp(names[0], "sys"))
		return false;
	return !cordon_sysctl_own(cordon_sysctl_class(names, n), ns);
}

/*
 * Is @inode a sysfs file outside the opener's own network namespace?
 * sysfs tags the directories of network devices (and their class links)
 * with the namespace; every other attribute is the host's.  The parents
 * are taken with kernfs_get_parent(), under kernfs's rename lock, since a
 * device moved to another namespace changes its directory's parent.
 */
static bool cordon_sysfs_denied(const struct inode *inode,
				const struct cordon_ns_ids *ns)
{
	struct kernfs_node *kn = inode->i_private, *parent;
	const struct net *net;
	bool denied = true;

	if (ns->net == init_net.ns.inum || !kn)
		return true;
	/* the open file pins its own node */
	kernfs_get(kn);
	while (kn) {
		net = kn->ns;
		if (net) {
			denied = net->ns.inum != ns->net;
			break;
		}
		parent = kernfs_get_parent(kn);
		kernfs_put(kn);
		kn = parent;
	}
	kernfs_put(kn);
	return denied;
}

/**
 * cordon_knob_file_check - judge a write to a host-global file
 * @tag: the writing task's container
 * @profile: its profile (armed, not off)
 * @opener: the namespaces the file was opened in
 * @file: the file, open for writing
 * @op: operation for the audit record
 *
 * Called inside rcu_read_lock().
 *
 * Return: 0, or -EACCES when the file is a protected knob, a sysctl or
 * sysfs attribute outside the opener's own namespaces.
 */
int cordon_knob_file_check(const struct cordon_tag *tag,
			   const struct cordon_profile *profile,
			   const struct cordon_ns_ids *opener,
			   const struct file *file, const char *op)
{
	const struct dentry *dentry = file->f_path.dentry;
	unsigned long magic = dentry->d_sb->s_magic;
	const char *rule = NULL;

	if (find_knob(dentry, profile->knobs))
		rule = "knob.host_global";
	else if (magic == PROC_SUPER_MAGIC &&
		 (profile->knobs & CORDON_KNOB_SYSCTL) &&
		 cordon_sysctl_denied(dentry, opener))
		rule = "knob.sysctl";
	else if (magic == SYSFS_MAGIC && (profile->knobs & CORDON_KNOB_SYSFS) &&
		 cordon_sysfs_denied(file_inode(file), opener))
		rule = "knob.sysfs";
	if (!rule)
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_KNOB, op, rule, -EACCES,
			     file_object, file);
}

static void kmod_object(struct audit_buffer *ab, const void *data)
{
	audit_log_format(ab, " kmod=");
	audit_log_untrustedstring(ab, data);
}

static int cordon_kernel_module_request(char *kmod_name)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	int err = 0;

	rcu_read_lock();
	profile = cordon_confined(&tag);
	if (profile && (profile->knobs & CORDON_KNOB_MODULE_REQUEST))
		err = cordon_decide(tag, profile, CORDON_AREA_KNOB,
				    "module_request", "knob.module_request",
				    -EPERM, kmod_object, kmod_name);
	rcu_read_unlock();
	return err;
}

static struct security_hook_list knob_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(kernel_module_request, cordon_kernel_module_request),
};

/**
 * cordon_knob_init - register the knob hooks
 */
void __init cordon_knob_init(void)
{
	cordon_add_hooks(knob_hooks, ARRAY_SIZE(knob_hooks));
}

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

/* a file @name in directory @parent (NULL: the root) of a @magic fs */
struct test_file {
	struct super_block *sb;
	struct dentry root, dir, file;
};

static struct test_file *test_file(struct kunit *test, unsigned long magic,
				   const char *parent, const char *name)
{
	struct test_file *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->sb = kunit_kzalloc(test, sizeof(*t->sb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->sb);
	t->sb->s_magic = magic;
	t->root.d_sb = t->sb;
	t->root.d_parent = &t->root;
	t->root.d_name.name = "/";
	t->dir.d_sb = t->sb;
	t->dir.d_parent = &t->root;
	t->dir.d_name.name = parent ?: "";
	t->file.d_sb = t->sb;
	t->file.d_parent = parent ? &t->dir : &t->root;
	t->file.d_name.name = name;
	return t;
}

static void test_knob_table(struct kunit *test)
{
	struct test_file *t;

	t = test_file(test, PROC_SUPER_MAGIC, "kernel", "core_pattern");
	KUNIT_EXPECT_NOT_NULL(test, find_knob(&t->file, CORDON_KNOB_ALL));
	KUNIT_EXPECT_NOT_NULL(test, find_knob(&t->file,
					      CORDON_KNOB_CORE_PATTERN));
	KUNIT_EXPECT_NULL(test, find_knob(&t->file, CORDON_KNOB_ALL &
					  ~CORDON_KNOB_CORE_PATTERN));
	KUNIT_EXPECT_NULL(test, find_knob(&t->file, 0));

	/* the same name elsewhere is not the knob */
	t = test_file(test, PROC_SUPER_MAGIC, "net", "core_pattern");
	KUNIT_EXPECT_NULL(test, find_knob(&t->file, CORDON_KNOB_ALL));
	t = test_file(test, SYSFS_MAGIC, "kernel", "core_pattern");
	KUNIT_EXPECT_NULL(test, find_knob(&t->file, CORDON_KNOB_ALL));

	/* sysrq and sysrq-trigger share a bit */
	t = test_file(test, PROC_SUPER_MAGIC, NULL, "sysrq-trigger");
	KUNIT_EXPECT_NOT_NULL(test, find_knob(&t->file, CORDON_KNOB_SYSRQ));
	KUNIT_EXPECT_NULL(test, find_knob(&t->file, CORDON_KNOB_MODPROBE));
	t = test_file(test, PROC_SUPER_MAGIC, "kernel", "sysrq");
	KUNIT_EXPECT_NOT_NULL(test, find_knob(&t->file, CORDON_KNOB_SYSRQ));

	t = test_file(test, CGROUP_SUPER_MAGIC, "memory", "release_agent");
	KUNIT_EXPECT_NOT_NULL(test, find_knob(&t->file,
					      CORDON_KNOB_RELEASE_AGENT));
	KUNIT_EXPECT_NULL(test, find_knob(&t->file, CORDON_KNOB_BINFMT_MISC));
	t = test_file(test, BINFMTFS_MAGIC, NULL, "register");
	KUNIT_EXPECT_NOT_NULL(test, find_knob(&t->file,
					      CORDON_KNOB_BINFMT_MISC));
	KUNIT_EXPECT_NULL(test, find_knob(&t->file,
					  CORDON_KNOB_RELEASE_AGENT));
	t = test_file(test, SYSFS_MAGIC, "kernel", "uevent_helper");
	KUNIT_EXPECT_NOT_NULL(test, find_knob(&t->file,
					      CORDON_KNOB_UEVENT_HELPER));
}

static struct kunit_case cordon_knob_test_cases[] = {
	KUNIT_CASE(test_knob_table),
	{}
};

static struct kunit_suite cordon_knob_test_suite = {
	.name = "cordon_knob",
	.test_cases = cordon_knob_test_cases,
};

kunit_test_suite(cordon_knob_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
