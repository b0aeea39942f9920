// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - files: one registration of the file hooks for every area that
 * judges files (device nodes, host-global knobs and sysctls, POSIX message
 * queues)
 *
 * A file reaches an armed container task in three ways, and each is judged
 * with the same decision:
 *
 *  - the task opens it (file_open): judged with the task's own namespaces;
 *  - it was opened before the container armed (by the runtime in the setup
 *    window, or by the task before its first execve) and inherited: judged
 *    when the armed task reads or writes through it (file_permission), and
 *    for devices also when it maps it (mmap_file) or issues an ioctl
 *    (file_ioctl);
 *  - it is passed in (SCM_RIGHTS, pidfd_getfd): judged when received
 *    (file_receive) and again at each read or write.
 *
 * For the last two the namespaces that count are the opener's, recorded in
 * the credentials the file was opened with (none: the host's).  A file the
 * task's own container opened while armed was judged at its open;
 * file_permission recognises it by its opener's tag and returns at once.
 * Every hook returns for a host task as soon as it has its (empty) tag, and
 * for a container task looks at the inode (device node? pseudo file
 * system?) and the opener before it looks up the profile: reads and writes
 * of ordinary files cost one test on the host and two in a container.
 * Every hook decides inside rcu_read_lock() without sleeping.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/magic.h>
#include <linux/mman.h>
#include <linux/rcupdate.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "cordon.h"
#include "compat.h"

/* could any area judge this file?  (device nodes, pseudo file systems) */
static __always_inline bool cordon_file_judged(const struct inode *inode)
{
	unsigned long magic;

	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		return true;
	magic = inode->i_sb->s_magic;
	return magic == PROC_SUPER_MAGIC || magic == SYSFS_MAGIC ||
	       magic == CGROUP_SUPER_MAGIC || magic == BINFMTFS_MAGIC;
}

/* device accesses a file's mode or a permission mask asks for */
static u32 cordon_file_access(fmode_t fmode)
{
	u32 access = 0;

	if (fmode & FMODE_READ)
		access |= CORDON_DEV_READ;
	if (fmode & FMODE_WRITE)
		access |= CORDON_DEV_WRITE;
	/* an "ioctl only" open (O_ACCMODE 3) still reaches the device */
	return access ?: CORDON_DEV_READ;
}

/* the namespaces of the credentials @file was opened with */
static void cordon_opener_ns(const struct file *file, struct cordon_ns_ids *ns)
{
	const struct cordon_tag *opener;

	opener = rcu_dereference(cordon_cred(file->f_cred)->tag);
	if (opener) {
		*ns = opener->ns;
		return;
	}
	memset(ns, 0, sizeof(*ns));
	ns->net = init_net.ns.inum;
	ns->ipc = init_ipc_ns.ns.inum;
	ns->uts = init_uts_ns.ns.inum;
	ns->user = init_user_ns.ns.inum;
}

/*
 * Judge @file for @tag's task: devices for @access, knobs when written
 * (with the namespaces @ns it was opened in); @op and @write_op name the
 * operation in audit records.
 */
static int cordon_file_check(const struct cordon_tag *tag,
			     const struct cordon_profile *profile,
			     const struct file *file,
			     const struct cordon_ns_ids *ns, u32 access,
			     const char *op, const char *write_op)
{
	int err;

	err = cordon_device_file_check(tag, profile, file, access, op);
	if (!err && (access & CORDON_DEV_WRITE))
		err = cordon_knob_file_check(tag, profile, ns, file, write_op);
	return err;
}

/* a container task opens @file */
static noinline int cordon_file_open_ctr(const struct cordon_tag *tag,
					 struct file *file)
{
	const struct cordon_profile *profile;
	int err = 0;

	if (!cordon_file_judged(file_inode(file)))
		return cordon_mq_file_check(file, "mq_open");
	rcu_read_lock();
	profile = cordon_tag_profile(tag);
	if (profile)
		err = cordon_file_check(tag, profile, file, &tag->ns,
					cordon_file_access(file->f_mode),
					"open", "open_write");
	rcu_read_unlock();
	return err;
}

/*
 * the host opens anything; every opened file records whether its reads and
 * writes are to be judged
 */
static int cordon_file_open(struct file *file)
{
	const struct cordon_tag *tag;

	cordon_file(file)->judged = cordon_file_judged(file_inode(file));
	tag = cordon_current_tag();
	if (likely(!tag))
		return 0;
	return cordon_file_open_ctr(tag, file);
}

/*
 * Was @file opened by @tag's container while armed (and judged then)?  Only
 * an opener tag armed when it was made (at the exec, or entered from an
 * armed container) proves it: a container armed later by a tag request
 * shares its tags with the files its setup window opened.
 */
static bool cordon_opened_armed(const struct file *file,
				const struct cordon_tag *tag)
{
	const struct cordon_tag *opener;

	opener = rcu_dereference(cordon_cred(file->f_cred)->tag);
	return opener && opener->armed && opener->container == tag->container;
}

/*
 * A container task reads or writes @file, a device node or a file of a
 * pseudo file system: judged unless the container opened it itself once
 * armed, and the profile is looked up for those only.
 */
static noinline int cordon_file_permission_ctr(const struct cordon_tag *tag,
					       struct file *file, int mask)
{
	const struct cordon_profile *profile;
	struct cordon_ns_ids ns;
	const char *op;
	u32 access = 0;
	int err = 0;

	rcu_read_lock();
	if (cordon_opened_armed(file, tag))
		goto out;
	profile = cordon_tag_profile(tag);
	if (!profile)
		goto out;
	if (mask & MAY_READ)
		access |= CORDON_DEV_READ;
	if (mask & (MAY_WRITE | MAY_APPEND))
		access |= CORDON_DEV_WRITE;
	cordon_opener_ns(file, &ns);
	op = access & CORDON_DEV_WRITE ? "write" : "read";
	err = cordon_file_check(tag, profile, file, &ns, access, op, op);
out:
	rcu_read_unlock();
	return err;
}

/*
 * every read and write: an ordinary file, a pipe or a socket costs one
 * test, for every task; a judged file read by the host two
 */
static int cordon_file_permission(struct file *file, int mask)
{
	const struct cordon_tag *tag;

	if (likely(!cordon_file(file)->judged) ||
	    !(mask & (MAY_READ | MAY_WRITE | MAY_APPEND)))
		return 0;
	tag = cordon_current_tag();
	if (likely(!tag))
		return 0;
	return cordon_file_permission_ctr(tag, file, mask);
}

/*
 * A device opened before arming or passed in reaches the device without a
 * read or write too: mapped (/dev/mem) or through ioctls (BLKDISCARD,
 * BLKZEROOUT on a disk).  Judged like a read or write, for the access the
 * mapping or the descriptor gives.
 */
static noinline int cordon_device_use_ctr(const struct cordon_tag *tag,
					  struct file *file, u32 access,
					  const char *op)
{
	const struct cordon_profile *profile;
	int err = 0;

	if (!cordon_file_judged(file_inode(file)))
		return 0;
	rcu_read_lock();
	if (!cordon_opened_armed(file, tag)) {
		profile = cordon_tag_profile(tag);
		if (profile)
			err = cordon_device_file_check(tag, profile, file,
						       access, op);
	}
	rcu_read_unlock();
	return err;
}

static int cordon_device_use(struct file *file, u32 access, const char *op)
{
	const struct cordon_tag *tag = cordon_current_tag();

	if (likely(!tag))
		return 0;
	return cordon_device_use_ctr(tag, file, access, op);
}

static int cordon_mmap_file(struct file *file, unsigned long reqprot,
			    unsigned long prot, unsigned long flags)
{
	u32 access = CORDON_DEV_READ;

	if (!file)
		return 0;
	if ((prot & PROT_WRITE) && (flags & MAP_TYPE) == MAP_SHARED)
		access |= CORDON_DEV_WRITE;
	return cordon_device_use(file, access, "mmap");
}

static int cordon_file_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	return cordon_device_use(file, cordon_file_access(file->f_mode),
				 "ioctl");
}

/* a container task receives a device node or pseudo file system's file */
static noinline int cordon_file_receive_ctr(const struct cordon_tag *tag,
					    struct file *file)
{
	const struct cordon_profile *profile;
	struct cordon_ns_ids ns;
	int err = 0;

	rcu_read_lock();
	if (!cordon_opened_armed(file, tag)) {
		profile = cordon_tag_profile(tag);
		if (profile) {
			cordon_opener_ns(file, &ns);
			err = cordon_file_check(tag, profile, file, &ns,
						cordon_file_access(file->f_mode),
						"receive", "receive");
		}
	}
	rcu_read_unlock();
	return err;
}

static int cordon_file_receive(struct file *file)
{
	const struct cordon_tag *tag = cordon_current_tag();

	if (likely(!tag))
		return 0;
	if (!cordon_file_judged(file_inode(file)))
		return cordon_mq_file_check(file, "mq_receive_fd");
	return cordon_file_receive_ctr(tag, file);
}

static struct security_hook_list file_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(file_open, cordon_file_open),
	LSM_HOOK_INIT(file_permission, cordon_file_permission),
	LSM_HOOK_INIT(mmap_file, cordon_mmap_file),
	LSM_HOOK_INIT(file_ioctl, cordon_file_ioctl),
	LSM_HOOK_INIT(file_receive, cordon_file_receive),
};

/**
 * cordon_file_init - register the file hooks
 */
void __init cordon_file_init(void)
{
	cordon_add_hooks(file_hooks, ARRAY_SIZE(file_hooks));
}
