// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - signals
 *
 * An armed container task may signal only tasks of its own container or of
 * containers nested inside it, unless its profile has CORDON_IPC_SIGNAL in
 * ipc_cross, on every route a signal takes:
 *
 *  - kill, tgkill, tkill, rt_sigqueueinfo, rt_tgsigqueueinfo and
 *    pidfd_send_signal reach task_kill (under RCU), with the sender's
 *    credentials or, for a signal sent on a task's behalf (USB async I/O),
 *    the credentials given;
 *  - SIGIO and SIGURG (F_SETOWN, F_SETOWN_EX, F_SETSIG, FIOSETOWN,
 *    SIOCSPGRP, TIOCSPGRP on a tty) are sent by the kernel, possibly from
 *    interrupt context, to the owner set on a file: they are judged by the
 *    task that set the owner, recorded at file_set_fowner as SELinux and
 *    Smack do, not by whoever opened the file (a file the host opened and
 *    passed in would otherwise signal any host task);
 *  - TIOCSIG on a pty master sends to the slave's foreground process group
 *    through kill_pgrp() without task_kill: it reaches only the terminal's
 *    session, which the container can open only if it owns the pty.
 *
 * Audit rule: signal.outside.  The hooks decide inside rcu_read_lock()
 * without sleeping; file_set_fowner runs under the owner's write lock with
 * interrupts off and only swaps a reference.
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

/*
 * @tag's task (a container task) signals @p.  The target's container is
 * looked at first: a task of the sender's own container (the same tag) is
 * always allowed, without the profile lookup.  Called inside
 * rcu_read_lock().
 */
static noinline int check_signal_ctr(const struct cordon_tag *tag,
				     struct task_struct *p, int sig,
				     const char *op)
{
	const struct cordon_tag *ptag = cordon_task_tag(p);
	const struct cordon_profile *profile;
	struct sig_obj o = { p, sig };

	if (ptag == tag)
		return 0;
	profile = cordon_tag_profile(tag);
	if (!profile || (profile->ipc_cross & CORDON_IPC_SIGNAL) ||
	    cordon_tag_contains(tag, ptag))
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_SIGNAL, op,
			     "signal.outside", -EPERM, sig_object, &o);
}

/* @tag's task signals @p; the host (@tag NULL) signals anyone */
static int check_signal(const struct cordon_tag *tag, struct task_struct *p,
			int sig, const char *op)
{
	int err;

	if (likely(!tag))
		return 0;
	rcu_read_lock();
	err = check_signal_ctr(tag, p, sig, op);
	rcu_read_unlock();
	return err;
}

/*
 * Signals sent by a task (@cred NULL) or on a task's behalf (@cred, USB
 * async I/O).  A task that signals itself with its own credentials stays
 * in its container: allowed at once.
 */
static int cordon_task_kill(struct task_struct *p, struct kernel_siginfo *info,
			    int sig, const struct cred *cred)
{
	if (cred)
		return check_signal(cordon_cred_tag(cred), p, sig, "kill");
	if (p == current && current_cred() == current->real_cred)
		return 0;
	return check_signal(cordon_current_tag(), p, sig, "kill");
}

static void cordon_file_set_fowner(struct file *file)
{
	struct cordon_file_security *fsec = cordon_file(file);
	struct cordon_tag *old = fsec->fown;

	rcu_read_lock();
	WRITE_ONCE(fsec->fown, cordon_tag_get(cordon_current_tag()));
	rcu_read_unlock();
	cordon_tag_put(old);
}

static void cordon_file_free_security(struct file *file)
{
	struct cordon_file_security *fsec = cordon_file(file);

	if (unlikely(fsec->fown)) {
		cordon_tag_put(fsec->fown);
		fsec->fown = NULL;
	}
}

static int cordon_file_send_sigiotask(struct task_struct *tsk,
				      struct fown_struct *fown, int sig)
{
	const struct file *file = cordon_fown_file(fown);

	if (!file)
		return 0;
	/* on behalf of the task that set the owner */
	return check_signal(READ_ONCE(cordon_file(file)->fown), tsk,
			    sig ?: SIGIO, "sigio");
}

static struct security_hook_list signal_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(task_kill, cordon_task_kill),
	LSM_HOOK_INIT(file_set_fowner, cordon_file_set_fowner),
	LSM_HOOK_INIT(file_free_security, cordon_file_free_security),
	LSM_HOOK_INIT(file_send_sigiotask, cordon_file_send_sigiotask),
};

/**
 * cordon_signal_init - register the signal hooks
 */
void __init cordon_signal_init(void)
{
	cordon_add_hooks(signal_hooks, ARRAY_SIZE(signal_hooks));
}
