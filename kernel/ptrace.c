// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - ptrace
 *
 * An armed container task may trace, and read through the ptrace access
 * checks (/proc/PID/mem, environ, root, ns/, process_vm_readv/writev,
 * pidfd_getfd), only tasks of its own container or of containers nested
 * inside it, and only if its profile allows ptrace within the container.
 * It may not ask a parent outside its container to trace it.  The host is
 * not restricted.  Both hooks run under spinlocks (task_lock, tasklist_lock
 * with interrupts off) and do not sleep.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "cordon.h"
#include "compat.h"

static void target_object(struct audit_buffer *ab, const void *data)
{
	struct task_struct *t = (struct task_struct *)data;
	char comm[TASK_COMM_LEN];

	/*
	 * ptrace_access_check runs under task_lock(t): copy the name without
	 * get_task_comm(), as common_lsm_audit() does.
	 */
	memcpy(comm, t->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	audit_log_format(ab, " target_pid=%d target_comm=", task_tgid_nr(t));
	audit_log_untrustedstring(ab, comm);
}

static int check_ptrace(const struct cordon_tag *tag,
			const struct cordon_profile *profile,
			struct task_struct *target, const char *op, bool quiet)
{
	const struct cordon_tag *ttag;
	const char *rule = NULL;

	rcu_read_lock();
	ttag = cordon_task_tag(target);
	if (!cordon_tag_contains(tag, ttag))
		rule = ttag ? "ptrace.cross_container" : "ptrace.host";
	else if (!profile->allow_ptrace_same)
		rule = "ptrace.same_container";
	rcu_read_unlock();
	if (!rule)
		return 0;
	if (quiet)
		return profile->mode == CORDON_MODE_ENFORCE ? -EPERM : 0;
	return cordon_decide(tag, profile, CORDON_AREA_PTRACE, op, rule, -EPERM,
			     target_object, target);
}

static int cordon_ptrace_access_check(struct task_struct *child,
				      unsigned int mode)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;

	profile = cordon_confined(&tag);
	if (!profile)
		return 0;
	return check_ptrace(tag, profile, child,
			    (mode & PTRACE_MODE_ATTACH) ? "ptrace_attach" :
							  "ptrace_read",
			    mode & PTRACE_MODE_NOAUDIT);
}

static int cordon_ptrace_traceme(struct task_struct *parent)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;

	profile = cordon_confined(&tag);
	if (!profile)
		return 0;
	return check_ptrace(tag, profile, parent, "ptrace_traceme", false);
}

static struct security_hook_list ptrace_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(ptrace_access_check, cordon_ptrace_access_check),
	LSM_HOOK_INIT(ptrace_traceme, cordon_ptrace_traceme),
};

/**
 * cordon_ptrace_init - register the ptrace hooks
 */
void __init cordon_ptrace_init(void)
{
	cordon_add_hooks(ptrace_hooks, ARRAY_SIZE(ptrace_hooks));
}
