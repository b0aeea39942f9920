// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - the kernel's attack surface
 *
 * Most container escapes of recent years went through a kernel bug reached
 * through one of a few doors: a nested user namespace (which hands an
 * unprivileged task CAP_NET_ADMIN over nf_tables, CAP_SYS_ADMIN over new
 * mounts...), io_uring, userfaultfd (to win races), bpf and perf events.
 * An armed container task may open a door only if its profile's surface
 * has the door's bit, whatever capabilities it holds (the kernel accepts
 * CAP_SYS_ADMIN in place of CAP_BPF and CAP_PERFMON: a capability deny set
 * alone would not close bpf and perf):
 *
 *   CORDON_SURFACE_USERNS       creating a user namespace (userns_create:
 *                               clone, unshare)
 *   CORDON_SURFACE_IO_URING     creating an io_uring instance (its
 *                               "[io_uring]" anonymous inode), SQPOLL
 *                               rings, acting with registered credentials
 *                               (uring_override_creds), and exec with a
 *                               ring inherited from the setup window,
 *                               or a ring received (file_receive)
 *   CORDON_SURFACE_USERFAULTFD  creating a userfaultfd ("[userfaultfd]"
 *                               anonymous inode; /dev/userfaultfd is a
 *                               device: see device.c)
 *   CORDON_SURFACE_BPF          every bpf(2) command
 *   CORDON_SURFACE_PERF         perf_event_open(2)
 *
 * Both kernels: userns_create exists since 6.1; io_uring and userfaultfd
 * use secure anonymous inodes on 6.1 and 6.12.  Audit rules:
 * surface.userns, surface.io_uring, surface.userfaultfd, surface.bpf,
 * surface.perf.  Every hook decides inside rcu_read_lock() without
 * sleeping, except the exec check, which walks the file table under its
 * spinlock.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/bitops.h>
#include <linux/binfmts.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/io_uring.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "cordon.h"
#include "compat.h"

/* a door: its surface bit, audit rule and name */
struct cordon_surface_door {
	u32 bit;
	const char *rule;
	const char *name;
};

/* indexed by the bit's position */
static const struct cordon_surface_door cordon_doors[] = {
	{ CORDON_SURFACE_USERNS, "surface.userns", "userns" },
	{ CORDON_SURFACE_IO_URING, "surface.io_uring", "io_uring" },
	{ CORDON_SURFACE_USERFAULTFD, "surface.userfaultfd", "userfaultfd" },
	{ CORDON_SURFACE_BPF, "surface.bpf", "bpf" },
	{ CORDON_SURFACE_PERF, "surface.perf", "perf" },
};

static void cordon_surface_object(struct audit_buffer *ab, const void *data)
{
	const struct cordon_surface_door *door = data;

	audit_log_format(ab, " door=%s", door->name);
}

static const struct cordon_surface_door *cordon_door(u32 bit)
{
	return &cordon_doors[__ffs(bit)];
}

/* may @tag's container open @bit's door?  inside rcu_read_lock() */
static int cordon_surface_check(const struct cordon_tag *tag, u32 bit,
				const char *op)
{
	const struct cordon_profile *profile = cordon_tag_profile(tag);
	const struct cordon_surface_door *door;

	if (!profile || (profile->surface & bit))
		return 0;
	door = cordon_door(bit);
	return cordon_decide(tag, profile, CORDON_AREA_SURFACE, op, door->rule,
			     -EPERM, cordon_surface_object, door);
}

static int cordon_surface_current(u32 bit, const char *op)
{
	int err;

	rcu_read_lock();
	err = cordon_surface_check(cordon_current_tag(), bit, op);
	rcu_read_unlock();
	return err;
}

/* the credentials are the new namespace's creator's (prepared by it) */
static int cordon_userns_create(const struct cred *cred)
{
	int err;

	rcu_read_lock();
	err = cordon_surface_check(cordon_cred_tag(cred), CORDON_SURFACE_USERNS,
				   "userns_create");
	rcu_read_unlock();
	return err;
}

static int cordon_inode_init_security_anon(struct inode *inode,
					   const struct qstr *name,
					   const struct inode *context_inode)
{
	if (!name)
		return 0;
	if (!strcmp(name->name, "[io_uring]"))
		return cordon_surface_current(CORDON_SURFACE_IO_URING,
					      "io_uring_setup");
	if (!strcmp(name->name, "[userfaultfd]"))
		return cordon_surface_current(CORDON_SURFACE_USERFAULTFD,
					      "userfaultfd");
	return 0;
}

#ifdef CONFIG_IO_URING
/*
 * A request runs with credentials registered with the ring
 * (IORING_REGISTER_PERSONALITY).  An armed task may not act with
 * credentials of the host or of a container's setup window, or, when its
 * profile closes io_uring, through a ring at all.
 */
static int cordon_uring_override_creds(const struct cred *new)
{
	const struct cordon_tag *tag, *as;
	int err;

	rcu_read_lock();
	tag = cordon_current_tag();
	err = cordon_surface_check(tag, CORDON_SURFACE_IO_URING,
				   "io_uring_override_creds");
	as = rcu_dereference(cordon_cred(new)->tag);
	if (!err && tag && cordon_tag_armed(tag) &&
	    !(as && cordon_tag_armed(as) && cordon_tag_contains(tag, as))) {
		const struct cordon_profile *profile = cordon_tag_profile(tag);

		if (profile)
			err = cordon_decide(tag, profile, CORDON_AREA_SURFACE,
					    "io_uring_override_creds",
					    "surface.io_uring_creds", -EPERM,
					    cordon_surface_object,
					    cordon_door(CORDON_SURFACE_IO_URING));
	}
	rcu_read_unlock();
	return err;
}

static int cordon_uring_sqpoll(void)
{
	return cordon_surface_current(CORDON_SURFACE_IO_URING,
				      "io_uring_sqpoll");
}

/*
 * A ring passed in (SCM_RIGHTS, pidfd_getfd()) is a door opened by someone
 * else: its SQPOLL thread executes what the receiver writes to the ring
 * with its maker's credentials and identity, and so do the personalities
 * its maker registered.  A container whose profile closes io_uring cannot
 * receive one.
 */
static int cordon_uring_receive(struct file *file)
{
	if (likely(!io_is_uring_fops(file)))
		return 0;
	return cordon_surface_current(CORDON_SURFACE_IO_URING,
				      "io_uring_receive");
}

/*
 * The container arms at this exec: an io_uring ring the setup window made
 * and left open across the exec (not close-on-exec) would keep acting with
 * the unarmed credentials it was made with (an SQPOLL thread's, or the
 * submitter's own before the exec).  Refuse the exec: the runtime must
 * close it.  Close-on-exec rings are closed by the exec itself.
 */
static int cordon_uring_inherited(struct linux_binprm *bprm)
{
	const struct cordon_profile *profile;
	struct files_struct *files = current->files;
	const struct cordon_tag *tag;
	struct fdtable *fdt;
	bool found = false;
	unsigned int fd;
	int err = 0;

	rcu_read_lock();
	tag = cordon_current_tag();
	/* only the exec that arms: later ones are armed already */
	if (tag && !cordon_tag_armed(tag)) {
		profile = cordon_profile_of(tag);
		if (profile->mode != CORDON_MODE_OFF &&
		    !(profile->surface & CORDON_SURFACE_IO_URING))
			found = true;
	}
	rcu_read_unlock();
	if (!found || !files)
		return 0;

	found = false;
	spin_lock(&files->file_lock);
	fdt = files_fdtable(files);
	for (fd = 0; fd < fdt->max_fds && !found; fd++) {
		struct file *file;

		file = rcu_dereference_protected(fdt->fd[fd],
						 lockdep_is_held(&files->file_lock));
		found = file && !test_bit(fd, fdt->close_on_exec) &&
			io_is_uring_fops(file);
	}
	spin_unlock(&files->file_lock);
	if (!found)
		return 0;
	rcu_read_lock();
	tag = cordon_current_tag();
	profile = tag ? cordon_profile_of(tag) : NULL;
	if (profile && profile->mode != CORDON_MODE_OFF)
		err = cordon_decide(tag, profile, CORDON_AREA_SURFACE,
				    "execve", "surface.io_uring_inherited",
				    -EPERM, cordon_surface_object,
				    cordon_door(CORDON_SURFACE_IO_URING));
	rcu_read_unlock();
	return err;
}
#endif

static int cordon_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return cordon_surface_current(CORDON_SURFACE_BPF, "bpf");
}

static int cordon_perf_event_open(CORDON_PERF_ATTR int type)
{
	return cordon_surface_current(CORDON_SURFACE_PERF, "perf_event_open");
}

static struct security_hook_list surface_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(userns_create, cordon_userns_create),
	LSM_HOOK_INIT(inode_init_security_anon,
		      cordon_inode_init_security_anon),
#ifdef CONFIG_IO_URING
	LSM_HOOK_INIT(uring_override_creds, cordon_uring_override_creds),
	LSM_HOOK_INIT(uring_sqpoll, cordon_uring_sqpoll),
	LSM_HOOK_INIT(file_receive, cordon_uring_receive),
	LSM_HOOK_INIT(bprm_creds_for_exec, cordon_uring_inherited),
#endif
#ifdef CONFIG_BPF_SYSCALL
	LSM_HOOK_INIT(bpf, cordon_bpf),
#endif
#ifdef CONFIG_PERF_EVENTS
	LSM_HOOK_INIT(perf_event_open, cordon_perf_event_open),
#endif
};

/**
 * cordon_surface_init - register the attack surface hooks
 */
void __init cordon_surface_init(void)
{
	BUILD_BUG_ON(ARRAY_SIZE(cordon_doors) != hweight32(CORDON_SURFACE_ALL));
	cordon_add_hooks(surface_hooks, ARRAY_SIZE(surface_hooks));
}
