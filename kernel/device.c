// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - device nodes: the host's disks and memory
 *
 * A --privileged container is handed every device node of the host (the
 * runtime binds or creates them), and can rewrite the host's file systems
 * through its block device, or read and write physical memory through
 * /dev/mem, with no mount at all.  An armed container task may open a block
 * or character device, for reading and for writing separately, and create
 * one with mknod(2), only if the device is on the built-in allow list or a
 * device rule of its profile allows that access.
 *
 * The allow list holds what every container needs and nothing that reaches
 * a disk or memory: null, zero, full, random, urandom, the terminals
 * (ttyN and ttySN, tty, console, ptmx, the pseudo-terminal slaves), fuse
 * and net/tun; mknod also of whiteouts (0:0, made by overlayfs).
 * /proc/kcore, the kernel's memory as an ELF core file, is judged as the
 * char device 1:1 (mem).
 *
 * The hooks are called from file.c (open, read/write through a file opened
 * before arming or passed in, receipt over SCM_RIGHTS) and here for mknod.
 * Audit rule: device.not_allowed.  Decisions are made inside
 * rcu_read_lock() without sleeping.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/magic.h>
#include <linux/major.h>
#include <linux/rcupdate.h>
#include <linux/stat.h>

#include "cordon.h"
#include "compat.h"

/* is the char device @dev on the built-in allow list? */
static bool cordon_device_builtin(dev_t dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);

	switch (major) {
	case MEM_MAJOR:
		/* null, zero, full, random, urandom */
		return minor == 3 || minor == 5 || minor == 7 || minor == 8 ||
		       minor == 9;
	case TTY_MAJOR:		/* ttyN, ttySN */
		return true;
	case TTYAUX_MAJOR:	/* tty, console, ptmx */
		return minor <= 2;
	case MISC_MAJOR:	/* fuse, net/tun */
		return minor == 229 || minor == 200;
	default:
		return major >= UNIX98_PTY_SLAVE_MAJOR &&
		       major < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT;
	}
}

static bool cordon_device_rule_match(const struct cordon_device_rule *r,
				     u8 type, dev_t dev)
{
	return r->type == type &&
	       (r->major == CORDON_DEV_ANY || r->major == MAJOR(dev)) &&
	       (r->minor == CORDON_DEV_ANY || r->minor == MINOR(dev));
}

/**
 * cordon_device_allowed - may a profile use a device?
 * @profile: the profile
 * @block: a block device (else a char device)
 * @dev: the device number
 * @access: CORDON_DEV_READ, _WRITE, _MKNOD (uapi) wanted
 *
 * Allowed when the device is on the built-in allow list, or when the
 * profile's rules matching the device together allow every access wanted
 * (a rule "7:* r" and a rule "7:0 w" allow /dev/loop0 read-write).
 *
 * Return: true if every access in @access is allowed.
 */
bool cordon_device_allowed(const struct cordon_profile *profile, bool block,
			   dev_t dev, u32 access)
{
	u8 type = block ? CORDON_DEV_BLOCK : CORDON_DEV_CHAR;
	u32 allowed = 0;
	unsigned int i;

	if (!block && cordon_device_builtin(dev))
		return true;
	for (i = 0; i < profile->nr_device_rules; i++)
		if (cordon_device_rule_match(&profile->device_rules[i], type,
					     dev))
			allowed |= profile->device_rules[i].access;
	return !(access & ~allowed);
}

struct cordon_dev_obj {
	bool block;
	dev_t dev;
	u32 access;
	const struct path *path;
};

static void cordon_dev_object(struct audit_buffer *ab, const void *data)
{
	const struct cordon_dev_obj *o = data;

	audit_log_format(ab, " dev=%c%u:%u access=%s%s%s",
			 o->block ? 'b' : 'c', MAJOR(o->dev), MINOR(o->dev),
			 o->access & CORDON_DEV_READ ? "r" : "",
			 o->access & CORDON_DEV_WRITE ? "w" : "",
			 o->access & CORDON_DEV_MKNOD ? "m" : "");
	if (o->path)
		audit_log_d_path(ab, " path=", o->path);
}

/* /proc/kcore: the kernel's memory, judged as /dev/mem */
static bool cordon_is_kcore(const struct inode *inode,
			    const struct dentry *dentry)
{
	return inode->i_sb->s_magic == PROC_SUPER_MAGIC &&
	       IS_ROOT(dentry->d_parent) &&
	       !strcmp(dentry->d_name.name, "kcore");
}

/**
 * cordon_device_file_check - judge an access to a file that may be a device
 * @tag: the task's container
 * @profile: its profile (armed, not off)
 * @file: the file
 * @access: CORDON_DEV_READ and/or CORDON_DEV_WRITE
 * @op: operation for the audit record
 *
 * Called inside rcu_read_lock().
 *
 * Return: 0, or -EPERM when the profile does not allow the access.
 */
int cordon_device_file_check(const struct cordon_tag *tag,
			     const struct cordon_profile *profile,
			     const struct file *file, u32 access,
			     const char *op)
{
	const struct inode *inode = file_inode(file);
	struct cordon_dev_obj o = { .access = access, .path = &file->f_path };

	if (S_ISBLK(inode->i_mode) || S_ISCHR(inode->i_mode)) {
		o.block = S_ISBLK(inode->i_mode);
		o.dev = inode->i_rdev;
	} else if (cordon_is_kcore(inode, file->f_path.dentry)) {
		o.dev = MKDEV(MEM_MAJOR, 1);
	} else {
		return 0;
	}
	if (!access || cordon_device_allowed(profile, o.block, o.dev, access))
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_DEVICE, op,
			     "device.not_allowed", -EPERM, cordon_dev_object,
			     &o);
}

static int cordon_inode_mknod(struct inode *dir, struct dentry *dentry,
			      umode_t mode, dev_t dev)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct cordon_dev_obj o = {
		.block = S_ISBLK(mode), .dev = dev, .access = CORDON_DEV_MKNOD,
	};
	int err = 0;

	if (!S_ISBLK(mode) && !S_ISCHR(mode))
		return 0;
	/* overlayfs whiteouts */
	if (S_ISCHR(mode) && dev == WHITEOUT_DEV)
		return 0;
	rcu_read_lock();
	profile = cordon_confined(&tag);
	if (profile &&
	    !cordon_device_allowed(profile, o.block, dev, CORDON_DEV_MKNOD))
		err = cordon_decide(tag, profile, CORDON_AREA_DEVICE, "mknod",
				    "device.not_allowed", -EPERM,
				    cordon_dev_object, &o);
	rcu_read_unlock();
	return err;
}

static struct security_hook_list device_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(inode_mknod, cordon_inode_mknod),
};

/**
 * cordon_device_init - register the device hooks (mknod; opens, reads and
 *	writes are judged from file.c)
 */
void __init cordon_device_init(void)
{
	cordon_add_hooks(device_hooks, ARRAY_SIZE(device_hooks));
}

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

struct cordon_device_case {
	const char *desc;
	bool block;
	unsigned int major, minor;
	u32 access;
	bool allowed;
};

static const struct cordon_device_rule cordon_test_device_rules[] = {
	{ CORDON_DEV_BLOCK, CORDON_DEV_READ, 7, CORDON_DEV_ANY },
	{ CORDON_DEV_BLOCK, CORDON_DEV_WRITE, 7, 0 },
	{ CORDON_DEV_CHAR, CORDON_DEV_READ | CORDON_DEV_MKNOD, 10, 232 },
};

static const struct cordon_profile cordon_test_device_profile = {
	.nr_device_rules = ARRAY_SIZE(cordon_test_device_rules),
	.device_rules = cordon_test_device_rules,
};

static const struct cordon_device_case cordon_device_cases[] = {
	{ "null", false, 1, 3, CORDON_DEV_READ | CORDON_DEV_WRITE, true },
	{ "urandom mknod", false, 1, 9, CORDON_DEV_MKNOD, true },
	{ "mem", false, 1, 1, CORDON_DEV_READ, false },
	{ "kmem", false, 1, 2, CORDON_DEV_READ, false },
	{ "port", false, 1, 4, CORDON_DEV_WRITE, false },
	{ "kmsg", false, 1, 11, CORDON_DEV_WRITE, false },
	{ "ttyS0", false, 4, 64, CORDON_DEV_WRITE, true },
	{ "ptmx", false, 5, 2, CORDON_DEV_READ | CORDON_DEV_WRITE, true },
	{ "5:3", false, 5, 3, CORDON_DEV_READ, false },
	{ "pts/0", false, 136, 0, CORDON_DEV_WRITE, true },
	{ "143:5", false, 143, 5, CORDON_DEV_WRITE, true },
	{ "144:0", false, 144, 0, CORDON_DEV_WRITE, false },
	{ "fuse", false, 10, 229, CORDON_DEV_READ, true },
	{ "tun", false, 10, 200, CORDON_DEV_WRITE, true },
	{ "kvm by rule, read", false, 10, 232, CORDON_DEV_READ, true },
	{ "kvm by rule, write", false, 10, 232, CORDON_DEV_WRITE, false },
	{ "loop0 rw from two rules", true, 7, 0,
	  CORDON_DEV_READ | CORDON_DEV_WRITE, true },
	{ "loop1 read", true, 7, 1, CORDON_DEV_READ, true },
	{ "loop1 write", true, 7, 1, CORDON_DEV_WRITE, false },
	{ "loop1 mknod", true, 7, 1, CORDON_DEV_MKNOD, false },
	{ "char 7:0 is not block 7:0", false, 7, 0, CORDON_DEV_READ, false },
	{ "sda", true, 8, 0, CORDON_DEV_READ, false },
	{ "block 1:3 is not null", true, 1, 3, CORDON_DEV_READ, false },
};

static void cordon_device_case_desc(const struct cordon_device_case *c,
				    char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cordon_device, cordon_device_cases, cordon_device_case_desc);

static void test_device_allowed(struct kunit *test)
{
	const struct cordon_device_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test,
			cordon_device_allowed(&cordon_test_device_profile,
					      c->block,
					      MKDEV(c->major, c->minor),
					      c->access),
			c->allowed);
}

static struct kunit_case cordon_device_test_cases[] = {
	KUNIT_CASE_PARAM(test_device_allowed, cordon_device_gen_params),
	{}
};

static struct kunit_suite cordon_device_test_suite = {
	.name = "cordon_device",
	.test_cases = cordon_device_test_cases,
};

kunit_test_suite(cordon_device_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
