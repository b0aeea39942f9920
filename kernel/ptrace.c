// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - ptrace
 *
 * An armed container task may trace, and read through the ptrace access
 * checks (/proc/PID/mem, environ, root, ns/, process_vm_readv/writev,
 * pidfd_getfd), only tasks of its own container or of containers nested
 * inside it, and those only if its profile's ptrace_same allows ptrace
 * within the container (rules ptrace.cross_container, ptrace.host,
 * ptrace.same_container).  Tasks of its own container that are not armed
 * yet (joining with runc exec or nsenter, before their exec) may not be
 * traced, nor their memory read or written (rule ptrace.unarmed).  It may
 * not ask a parent outside its container to trace it (ptrace_traceme, same
 * rules).
 *
 * A host task may trace and read any task, except that it may not attach
 * to, or access the memory of (/proc/PID/mem, process_vm_*), the tasks of
 * a container whose profile (or the profile of a container it is nested
 * in) has ptrace_host_deny (rule ptrace.from_host, audited with that
 * profile and container=host).  PTRACE_MODE_READ checks stay allowed, so
 * that runtimes can still enter the container through /proc/PID/ns.  Only
 * the host's attach checks look up the target's container: the host stays
 * cheap.
 *
 * Both hooks run under spinlocks (task_lock, tasklist_lock with interrupts
 * off) and decide inside rcu_read_lock() without sleeping.
 * PTRACE_MODE_NOAUDIT checks are decided without an audit record.
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

/* decide a violation; quiet: without an audit record (NOAUDIT checks) */
static int ptrace_decide(const struct cordon_tag *tag,
			 const struct cordon_profile *profile,
			 struct task_struct *target, const char *op,
			 const char *rule, bool quiet)
{
	if (quiet)
		return profile->mode == CORDON_MODE_ENFORCE ? -EPERM : 0;
	return cordon_decide(tag, profile, CORDON_AREA_PTRACE, op, rule, -EPERM,
			     target_object, target);
}

/* a container task traces @target; called inside rcu_read_lock() */
static int check_ptrace(const struct cordon_tag *tag,
			const struct cordon_profile *profile,
			struct task_struct *target, const char *op, bool attach,
			bool quiet)
{
	const struct cordon_tag *ttag = cordon_task_tag(target);
	const char *rule;

	if (!cordon_tag_contains(tag, ttag))
		rule = ttag ? "ptrace.cross_container" : "ptrace.host";
	else if (attach && !cordon_tag_armed(ttag))
		/*
		 * a task joining the container (runc exec, nsenter) is
		 * unarmed until its exec and may hold host capabilities
		 * and host file descriptors: not a tracee, nor memory to
		 * read or write (reads such as /proc/PID/environ of the
		 * sandbox's own init, bubblewrap's, stay allowed)
		 */
		rule = "ptrace.unarmed";
	else if (!profile->ptrace_same)
		rule = "ptrace.same_container";
	else
		return 0;
	return ptrace_decide(tag, profile, target, op, rule, quiet);
}

/*
 * A host task traces @target; called inside rcu_read_lock().  The target's
 * container and every container it is nested in may refuse the host.
 */
static int check_host_ptrace(struct task_struct *target, const char *op,
			     bool quiet)
{
	const struct cordon_profile *tprofile;
	const struct cordon_tag *ttag;

	for (ttag = cordon_task_tag(target); ttag; ttag = ttag->outer) {
		tprofile = cordon_tag_profile(ttag);
		if (tprofile && tprofile->ptrace_host_deny)
			return ptrace_decide(NULL, tprofile, target, op,
					     "ptrace.from_host", quiet);
	}
	return 0;
}

/* a container task (@tag) checks its access to @child */
static noinline int check_ptrace_ctr(const struct cordon_tag *tag,
				     struct task_struct *child,
				     unsigned int mode)
{
	const struct cordon_profile *profile;
	const char *op = (mode & PTRACE_MODE_ATTACH) ? "ptrace_attach" :
						       "ptrace_read";
	int err = 0;

	rcu_read_lock();
	profile = cordon_tag_profile(tag);
	if (profile)
		err = check_ptrace(tag, profile, child, op,
				   mode & PTRACE_MODE_ATTACH,
				   mode & PTRACE_MODE_NOAUDIT);
	rcu_read_unlock();
	return err;
}

static int cordon_ptrace_access_check(struct task_struct *child,
				      unsigned int mode)
{
	const struct cordon_tag *tag = cordon_current_tag();
	int err;

	if (tag)
		return check_ptrace_ctr(tag, child, mode);
	/*
	 * the host: attach and memory access only; reads (/proc/PID/ns/ for
	 * setns(2), exe, environ...) stay open to the host so that runtimes
	 * can enter the container
	 */
	if (likely(!(mode & PTRACE_MODE_ATTACH)))
		return 0;
	rcu_read_lock();
	err = check_host_ptrace(child, "ptrace_attach",
				mode & PTRACE_MODE_NOAUDIT);
	rcu_read_unlock();
	return err;
}

static int cordon_ptrace_traceme(struct task_struct *parent)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag = cordon_current_tag();
	int err = 0;

	if (likely(!tag))
		return 0;
	rcu_read_lock();
	profile = cordon_tag_profile(tag);
	if (profile)
		err = check_ptrace(tag, profile, parent, "ptrace_traceme",
				   true, false);
	rcu_read_unlock();
	return err;
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
