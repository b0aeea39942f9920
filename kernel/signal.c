// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - signals
 *
 * An armed container task may signal only tasks of its own container or of
 * containers nested inside it: kill, tgkill, sigqueue, pidfd_send_signal
 * (task_kill, under RCU) and SIGIO/SIGURG set up with F_SETOWN
 * (file_send_sigiotask, possibly from interrupt context, on behalf of the
 * task that opened the file).
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

static int check_signal(const struct cordon_tag *tag, struct task_struct *p,
			int sig, const char *op)
{
	const struct cordon_profile *profile = cordon_tag_profile(tag);
	const struct cordon_tag *ttag;
	struct sig_obj o = { p, sig };
	bool within;

	if (!profile)
		return 0;
	rcu_read_lock();
	ttag = cordon_task_tag(p);
	within = cordon_tag_contains(tag, ttag);
	rcu_read_unlock();
	if (within)
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_SIGNAL, op,
			     "signal.outside", -EPERM, sig_object, &o);
}

static int cordon_task_kill(struct task_struct *p, struct kernel_siginfo *info,
			    int sig, const struct cred *cred)
{
	const struct cordon_tag *tag;

	tag = cred ? cordon_cred_tag(cred) : cordon_current_tag();
	return check_signal(tag, p, sig, "kill");
}

static int cordon_file_send_sigiotask(struct task_struct *tsk,
				      struct fown_struct *fown, int sig)
{
	const struct file *file = cordon_fown_file(fown);
	const struct cordon_tag *tag;

	if (!file)
		return 0;
	rcu_read_lock();
	tag = rcu_dereference(cordon_cred(file->f_cred)->tag);
	rcu_read_unlock();
	/* f_cred pins the tag for as long as the file exists */
	return check_signal(tag, tsk, sig ?: SIGIO, "sigio");
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
