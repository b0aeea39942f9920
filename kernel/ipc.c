// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - SysV IPC and POSIX message queues
 *
 * Every SysV message queue, semaphore set and shared memory segment, and
 * every POSIX message queue, records the container of its creator.  An
 * armed container task may use only the objects its own container created
 * (with a shared IPC namespace, --ipc=host, the host's objects and other
 * containers' are out of reach), unless its profile lets the mechanism
 * cross the container boundary: CORDON_IPC_SYSV_MSG, CORDON_IPC_SYSV_SEM,
 * CORDON_IPC_SYSV_SHM, CORDON_IPC_MQUEUE in ipc_cross.  Audit rules:
 * ipc.outside (SysV), mqueue.outside.
 *
 * Every use of a SysV object that the kernel checks with ipcperms() (getting
 * an existing key, msgsnd, msgrcv, semop, shmat, the *_STAT commands) is
 * decided by the ipc_permission hook alone: the object's blob records its
 * type when it is made, so one hook call per operation decides for all
 * three mechanisms.  The control commands that skip ipcperms() (IPC_RMID,
 * IPC_SET, SHM_LOCK) are decided by the *ctl hooks.  A msgrcv() waiting on
 * a queue passed ipcperms() when it started waiting, and again each time
 * it wakes up.
 *
 * SysV checks run under the IPC object's spinlock or RCU and decide inside
 * rcu_read_lock() without sleeping.  POSIX message queues have no hooks of
 * their own and are checked through the mqueue filesystem's inodes.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/ipc.h>
#include <linux/magic.h>
#include <linux/msg.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sem.h>
#include <linux/shm.h>

#include "cordon.h"
#include "compat.h"

/* ipc/mqueue.c keeps its magic to itself */
#define MQUEUE_MAGIC 0x19800202

static __always_inline struct cordon_ipc_security *
ipc_blob(const struct kern_ipc_perm *perm)
{
	return perm->security + cordon_blob_sizes.lbs_ipc;
}

static __always_inline struct cordon_owner *
ipc_owner(const struct kern_ipc_perm *perm)
{
	return &ipc_blob(perm)->owner;
}

static struct cordon_owner *inode_owner(const struct inode *inode)
{
	return inode->i_security + cordon_blob_sizes.lbs_inode;
}

static void ipc_alloc(struct kern_ipc_perm *perm, u32 mech)
{
	ipc_blob(perm)->mech = mech;
	rcu_read_lock();
	cordon_owner_set(ipc_owner(perm), cordon_current_tag());
	rcu_read_unlock();
}

static int cordon_msg_queue_alloc(struct kern_ipc_perm *perm)
{
	ipc_alloc(perm, CORDON_IPC_SYSV_MSG);
	return 0;
}

static int cordon_sem_alloc(struct kern_ipc_perm *perm)
{
	ipc_alloc(perm, CORDON_IPC_SYSV_SEM);
	return 0;
}

static int cordon_shm_alloc(struct kern_ipc_perm *perm)
{
	ipc_alloc(perm, CORDON_IPC_SYSV_SHM);
	return 0;
}

static void ipc_object(struct audit_buffer *ab, const void *data)
{
	const struct kern_ipc_perm *perm = data;

	audit_log_format(ab, " ipc_key=0x%x ipc_id=%d", perm->key, perm->id);
}

/*
 * Is a use of a SysV object allowed?  Its own container's objects are;
 * others if the profile lets the object's type cross.  Called inside
 * rcu_read_lock().
 */
static bool sysv_allowed(const struct cordon_tag *tag,
			 const struct cordon_profile *profile,
			 struct kern_ipc_perm *perm)
{
	return cordon_owner_within(ipc_owner(perm), tag) ||
	       (profile->ipc_cross & ipc_blob(perm)->mech);
}

/* a container task uses another container's or the host's SysV object */
static noinline int check_sysv_ctr(const struct cordon_tag *tag,
				   struct kern_ipc_perm *perm, const char *op)
{
	const struct cordon_profile *profile;
	int err = 0;

	rcu_read_lock();
	profile = cordon_tag_profile(tag);
	if (profile && !sysv_allowed(tag, profile, perm))
		err = cordon_decide(tag, profile, CORDON_AREA_IPC, op,
				    "ipc.outside", -EACCES, ipc_object, perm);
	rcu_read_unlock();
	return err;
}

/*
 * host tasks use every object, a container task its own container's
 * before the profile is looked up
 */
static __always_inline int check_sysv(struct kern_ipc_perm *perm,
				      const char *op)
{
	const struct cordon_tag *tag = cordon_current_tag();

	if (likely(cordon_owner_within(ipc_owner(perm), tag)))
		return 0;
	return check_sysv_ctr(tag, perm, op);
}

/*
 * every ipcperms() check: get of an existing key, msgsnd, msgrcv, semop,
 * shmat, *_STAT
 */
static int cordon_ipc_permission(struct kern_ipc_perm *ipcp, short flag)
{
	return check_sysv(ipcp, "ipc");
}

/* control operations, some not through ipcperms() (IPC_RMID, IPC_SET) */
static int cordon_msg_queue_msgctl(struct kern_ipc_perm *perm, int cmd)
{
	return perm ? check_sysv(perm, "msgctl") : 0;
}

static int cordon_shm_shmctl(struct kern_ipc_perm *perm, int cmd)
{
	return perm ? check_sysv(perm, "shmctl") : 0;
}

static int cordon_sem_semctl(struct kern_ipc_perm *perm, int cmd)
{
	return perm ? check_sysv(perm, "semctl") : 0;
}

/* POSIX message queues: record the creator when the inode is made */
static void cordon_d_instantiate(struct dentry *dentry, struct inode *inode)
{
	if (!inode || inode->i_sb->s_magic != MQUEUE_MAGIC ||
	    !S_ISREG(inode->i_mode) || !inode->i_security)
		return;
	rcu_read_lock();
	cordon_owner_set(inode_owner(inode), cordon_current_tag());
	rcu_read_unlock();
}

static void mq_object(struct audit_buffer *ab, const void *data)
{
	const struct dentry *dentry = data;

	audit_log_format(ab, " mqueue=");
	audit_log_untrustedstring(ab, dentry->d_name.name);
}

/* a container task uses a POSIX message queue */
static noinline int check_mqueue_ctr(const struct cordon_tag *tag,
				     struct inode *inode,
				     struct dentry *dentry, const char *op)
{
	const struct cordon_profile *profile;
	int err = 0;

	if (cordon_owner_within(inode_owner(inode), tag))
		return 0;
	rcu_read_lock();
	profile = cordon_tag_profile(tag);
	if (profile && !(profile->ipc_cross & CORDON_IPC_MQUEUE))
		err = cordon_decide(tag, profile, CORDON_AREA_IPC, op,
				    "mqueue.outside", -EACCES, mq_object,
				    dentry);
	rcu_read_unlock();
	return err;
}

static int check_mqueue(struct inode *inode, struct dentry *dentry,
			const char *op)
{
	const struct cordon_tag *tag;

	if (inode->i_sb->s_magic != MQUEUE_MAGIC || !S_ISREG(inode->i_mode))
		return 0;
	tag = cordon_current_tag();
	if (likely(!tag))
		return 0;
	return check_mqueue_ctr(tag, inode, dentry, op);
}

/**
 * cordon_mq_file_check - judge the use of a POSIX message queue file
 * @file: the file (any file: others are allowed at once)
 * @op: operation for the audit record
 *
 * Called from file.c when a file is opened or received.
 *
 * Return: 0, or -EACCES for a queue outside the current task's container.
 */
int cordon_mq_file_check(const struct file *file, const char *op)
{
	return check_mqueue(file_inode(file), file->f_path.dentry, op);
}

static int cordon_mq_inode_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_backing_inode(dentry);

	return inode ? check_mqueue(inode, dentry, "mq_unlink") : 0;
}

static struct security_hook_list ipc_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(msg_queue_alloc_security, cordon_msg_queue_alloc),
	LSM_HOOK_INIT(shm_alloc_security, cordon_shm_alloc),
	LSM_HOOK_INIT(sem_alloc_security, cordon_sem_alloc),
	LSM_HOOK_INIT(ipc_permission, cordon_ipc_permission),
	LSM_HOOK_INIT(msg_queue_msgctl, cordon_msg_queue_msgctl),
	LSM_HOOK_INIT(shm_shmctl, cordon_shm_shmctl),
	LSM_HOOK_INIT(sem_semctl, cordon_sem_semctl),
	LSM_HOOK_INIT(d_instantiate, cordon_d_instantiate),
	LSM_HOOK_INIT(inode_unlink, cordon_mq_inode_unlink),
};

/**
 * cordon_ipc_init - register the IPC hooks
 */
void __init cordon_ipc_init(void)
{
	cordon_add_hooks(ipc_hooks, ARRAY_SIZE(ipc_hooks));
}

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

static void test_sysv_scope(struct kunit *test)
{
	struct cordon_tag tag = { .depth = 1, .armed = true,
				  .ns = { .mnt = 11, .pid = 12, .user = 13 } };
	struct kern_ipc_perm perm = {};
	struct cordon_profile p = { .mode = CORDON_MODE_ENFORCE };

	perm.security = kunit_kzalloc(test, cordon_blob_sizes.lbs_ipc +
				      sizeof(struct cordon_ipc_security),
				      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, perm.security);
	tag.container = kunit_kzalloc(test, sizeof(*tag.container), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tag.container);
	tag.container->id = 1;

	/* the host's message queue; nothing crosses */
	cordon_owner_set(ipc_owner(&perm), NULL);
	ipc_blob(&perm)->mech = CORDON_IPC_SYSV_MSG;
	KUNIT_EXPECT_FALSE(test, sysv_allowed(&tag, &p, &perm));

	/* semaphores cross: not message queues, nor shared memory */
	p.ipc_cross = CORDON_IPC_SYSV_SEM | CORDON_IPC_SIGNAL;
	KUNIT_EXPECT_FALSE(test, sysv_allowed(&tag, &p, &perm));
	ipc_blob(&perm)->mech = CORDON_IPC_SYSV_SHM;
	KUNIT_EXPECT_FALSE(test, sysv_allowed(&tag, &p, &perm));
	ipc_blob(&perm)->mech = CORDON_IPC_SYSV_SEM;
	KUNIT_EXPECT_TRUE(test, sysv_allowed(&tag, &p, &perm));

	/* the container's own object: always */
	p.ipc_cross = 0;
	cordon_owner_set(ipc_owner(&perm), &tag);
	KUNIT_EXPECT_TRUE(test, sysv_allowed(&tag, &p, &perm));
}

static struct kunit_case cordon_ipc_test_cases[] = {
	KUNIT_CASE(test_sysv_scope),
	{}
};

static struct kunit_suite cordon_ipc_test_suite = {
	.name = "cordon_ipc",
	.test_cases = cordon_ipc_test_cases,
};

kunit_test_suite(cordon_ipc_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
