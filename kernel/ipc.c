// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - SysV IPC and POSIX message queues
 *
 * Every SysV message queue, semaphore set and shared memory segment, and
 * every POSIX message queue, records the container of its creator.  An
 * armed container task may use only the objects its own container created:
 * with a shared IPC namespace (--ipc=host) the host's objects and other
 * containers' are out of reach.  SysV checks run under the IPC object's
 * spinlock or RCU and do not sleep; POSIX message queues have no hooks of
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
#include <linux/sem.h>
#include <linux/shm.h>

#include "cordon.h"
#include "compat.h"

/* ipc/mqueue.c keeps its magic to itself */
#define MQUEUE_MAGIC 0x19800202

static struct cordon_owner *ipc_owner(const struct kern_ipc_perm *perm)
{
	return perm->security + cordon_blob_sizes.lbs_ipc;
}

static struct cordon_owner *inode_owner(const struct inode *inode)
{
	return inode->i_security + cordon_blob_sizes.lbs_inode;
}

static int ipc_alloc(struct kern_ipc_perm *perm)
{
	cordon_owner_set(ipc_owner(perm), cordon_current_tag());
	return 0;
}

static void ipc_object(struct audit_buffer *ab, const void *data)
{
	const struct kern_ipc_perm *perm = data;

	audit_log_format(ab, " ipc_key=0x%x ipc_id=%d", perm->key, perm->id);
}

static int check_ipc(struct kern_ipc_perm *perm, const char *op)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;

	profile = cordon_confined(&tag);
	if (!profile || cordon_owner_within(ipc_owner(perm), tag))
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_IPC, op,
			     "ipc.outside", -EACCES, ipc_object, perm);
}

/* every ipcperms() check: get of an existing key, shmat, msgsnd, semop... */
static int cordon_ipc_permission(struct kern_ipc_perm *ipcp, short flag)
{
	return check_ipc(ipcp, "ipc");
}

/* control operations that do not go through ipcperms() (IPC_RMID, IPC_SET) */
static int cordon_msg_queue_msgctl(struct kern_ipc_perm *perm, int cmd)
{
	return perm ? check_ipc(perm, "msgctl") : 0;
}

static int cordon_shm_shmctl(struct kern_ipc_perm *perm, int cmd)
{
	return perm ? check_ipc(perm, "shmctl") : 0;
}

static int cordon_sem_semctl(struct kern_ipc_perm *perm, int cmd)
{
	return perm ? check_ipc(perm, "semctl") : 0;
}

/* POSIX message queues: record the creator when the inode is made */
static void cordon_d_instantiate(struct dentry *dentry, struct inode *inode)
{
	if (inode && inode->i_sb->s_magic == MQUEUE_MAGIC &&
	    S_ISREG(inode->i_mode) && inode->i_security)
		cordon_owner_set(inode_owner(inode), cordon_current_tag());
}

static void mq_object(struct audit_buffer *ab, const void *data)
{
	const struct dentry *dentry = data;

	audit_log_format(ab, " mqueue=");
	audit_log_untrustedstring(ab, dentry->d_name.name);
}

static int check_mqueue(struct inode *inode, struct dentry *dentry,
			const char *op)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;

	if (inode->i_sb->s_magic != MQUEUE_MAGIC || !S_ISREG(inode->i_mode))
		return 0;
	profile = cordon_confined(&tag);
	if (!profile || cordon_owner_within(inode_owner(inode), tag))
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_IPC, op,
			     "mqueue.outside", -EACCES, mq_object, dentry);
}

static int cordon_mq_file_open(struct file *file)
{
	return check_mqueue(file_inode(file), file->f_path.dentry, "mq_open");
}

static int cordon_mq_inode_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_backing_inode(dentry);

	return inode ? check_mqueue(inode, dentry, "mq_unlink") : 0;
}

static struct security_hook_list ipc_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(msg_queue_alloc_security, ipc_alloc),
	LSM_HOOK_INIT(shm_alloc_security, ipc_alloc),
	LSM_HOOK_INIT(sem_alloc_security, ipc_alloc),
	LSM_HOOK_INIT(ipc_permission, cordon_ipc_permission),
	LSM_HOOK_INIT(msg_queue_msgctl, cordon_msg_queue_msgctl),
	LSM_HOOK_INIT(shm_shmctl, cordon_shm_shmctl),
	LSM_HOOK_INIT(sem_semctl, cordon_sem_semctl),
	LSM_HOOK_INIT(d_instantiate, cordon_d_instantiate),
	LSM_HOOK_INIT(file_open, cordon_mq_file_open),
	LSM_HOOK_INIT(inode_unlink, cordon_mq_inode_unlink),
};

/**
 * cordon_ipc_init - register the IPC hooks
 */
void __init cordon_ipc_init(void)
{
	cordon_add_hooks(ipc_hooks, ARRAY_SIZE(ipc_hooks));
}
