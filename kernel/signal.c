// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - signals
 *
 * An armed container task may signal only tasks of its own container or of
 * containers nested inside it: kill, tgkill, sigqueue, pidfd_send_signal
 * (task_kill, under RCU) and SIGIO/SIGURG set up with F_SETOWN
 * (file_send_sigiotask, possibly from interrupt context, on behalf of the
 * task that opened the file), unless its profile has CORDON_IPC_SIGNAL in
 * ipc_cross.  Audit rule: signal.outside.  Both hooks decide inside
 * rcu_read_lock() without sleeping.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/fs.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "cordon.h"
#include "compat.h"

struct sig_obj {
	const struct task_struct *target;
	int sig;
};

static void sig_object(struct audit_buffer *ab, const void *data)
{
	const struct sig_obj *o = data;

	audit_log_format(ab, " target_pid=%d sig=%d",
			 task_tgid_nr((struct task_struct *)o->target), o->sig);
}

/* @tag's task signals @p; called inside rcu_read_lock() */
static int check_signal(const struct cordon_tag *tag, struct task_struct *p,
			int sig, const char *op)
{
	const struct cordon_profile *profile = cordon_tag_profile(tag);
	struct sig_obj o = { p, sig };

	if (!profile || (profile->ipc_cross & CORDON_IPC_SIGNAL) ||
	    cordon_tag_contains(tag, cordon_task_tag(p)))
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_SIGNAL, op,
			     "signal.outside", -EPERM, sig_object, &o);
}

static int cordon_task_kill(struct task_struct *p, struct kernel_siginfo *info,
			    int sig, const struct cred *cred)
{
	const struct cordon_tag *tag;
	int err;

	rcu_read_lock();
	tag = cred ? cordon_cred_tag(cred) : cordon_current_tag();
	err = check_signal(tag, p, sig, "kill");
	rcu_read_unlock();
	return err;
}

static int cordon_file_send_sigiotask(struct task_struct *tsk,
				      struct fown_struct *fown, int sig)
{
	const struct file *file = cordon_fown_file(fown);
	int err;

	if (!file)
		return 0;
	/* on behalf of the task that opened the file */
	rcu_read_lock();
	err = check_signal(rcu_dereference(cordon_cred(file->f_cred)->tag),
			   tsk, sig ?: SIGIO, "sigio");
	rcu_read_unlock();
	return err;
}

static struct security_hook_list signal_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(task_kill, cordon_task_kill),
	LSM_HOOK_INIT(file_send_sigiotask, cordon_file_send_sigiotask),
};

/**
 * cordon_signal_init - register the signal hooks
 */
void __init cordon_signal_init(void)
{
	cordon_add_hooks(signal_hooks, ARRAY_SIZE(signal_hooks));
}
