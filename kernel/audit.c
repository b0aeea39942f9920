// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - decisions, audit records and counters
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/atomic.h>
#include <linux/audit.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>

#include "cordon.h"
#include "compat.h"

static const char *const area_names[CORDON_AREA_NR] = {
	[CORDON_AREA_MOUNT] = "mount",
	[CORDON_AREA_PTRACE] = "ptrace",
	[CORDON_AREA_CAP] = "capability",
	[CORDON_AREA_IPC] = "ipc",
	[CORDON_AREA_UNIX] = "unix",
	[CORDON_AREA_SIGNAL] = "signal",
	[CORDON_AREA_KNOB] = "knob",
	[CORDON_AREA_KEY] = "key",
	[CORDON_AREA_DEVICE] = "device",
	[CORDON_AREA_SURFACE] = "surface",
};

/* [area][0]: allowed in complain mode, [area][1]: denied */
static atomic64_t counters[CORDON_AREA_NR][2];

/*
 * At most 50 records per 5 seconds per container, and as many for the
 * host's own denials; the rest are counted only.  Each container has its
 * own limit so that a noisy one cannot hide another's records.  Nothing is
 * printed about suppressed records (the counters count them).
 */
#define CORDON_AUDIT_INTERVAL (5 * HZ)
#define CORDON_AUDIT_BURST 50

static struct ratelimit_state host_audit_rs =
	RATELIMIT_STATE_INIT_FLAGS(host_audit_rs, CORDON_AUDIT_INTERVAL,
				   CORDON_AUDIT_BURST,
				   RATELIMIT_MSG_ON_RELEASE);

/**
 * cordon_audit_rs_init - set up a container's audit rate limit
 * @rs: the container's rate limit state
 */
void cordon_audit_rs_init(struct ratelimit_state *rs)
{
	ratelimit_state_init(rs, CORDON_AUDIT_INTERVAL, CORDON_AUDIT_BURST);
	ratelimit_set_flags(rs, RATELIMIT_MSG_ON_RELEASE);
}

/**
 * cordon_area_name - name of an enforcement area
 * @area: the area
 *
 * Return: the name, as used in audit records and securityfs.
 */
const char *cordon_area_name(enum cordon_area area)
{
	return area < CORDON_AREA_NR ? area_names[area] : "invalid";
}

/**
 * cordon_area_enforced - is an area enforced on this kernel?
 * @area: the area
 *
 * Return: false for keys on kernels without a key blob (see compat.h).
 */
bool cordon_area_enforced(enum cordon_area area)
{
	if (area == CORDON_AREA_KEY)
		return CORDON_KEYS_RESTRICTED;
	return area < CORDON_AREA_NR;
}

/**
 * cordon_counter - read a counter
 * @area: the area
 * @denied: denials (true) or would-be denials in complain mode (false)
 *
 * Return: the counter's value.
 */
u64 cordon_counter(enum cordon_area area, bool denied)
{
	return atomic64_read(&counters[area][denied]);
}

/**
 * cordon_decide - record a violation and decide its outcome
 * @tag: container of the subject, NULL for a host task (whose operation
 *	on a container's task the container's profile restricts)
 * @profile: the profile that applies (not off)
 * @area: enforcement area
 * @op: operation, e.g. "mount" or "ptrace_attach"
 * @rule: the rule that matched, e.g. "mount.fstype"
 * @err: error to return when enforcing, a negative errno
 * @object: appends the object's fields to the record, may be NULL
 * @data: passed to @object
 *
 * Safe in atomic context.  Emits a rate-limited AUDIT_AVC record naming the
 * container, the operation, the object and the rule, and multicasts an
 * event to netlink listeners.
 *
 * Return: @err in enforce mode, 0 in complain mode.
 */
int cordon_decide(const struct cordon_tag *tag,
		  const struct cordon_profile *profile,
		  enum cordon_area area, const char *op,
		  const char *rule, int err,
		  void (*object)(struct audit_buffer *ab, const void *data),
		  const void *data)
{
	bool enforce = profile->mode == CORDON_MODE_ENFORCE;
	struct audit_buffer *ab;
	char comm[TASK_COMM_LEN];

	atomic64_inc(&counters[area][enforce]);
	if (tag)
		atomic64_inc(enforce ? &tag->container->denied :
				       &tag->container->complained);
	cordon_event(tag, profile, area, op, rule, enforce);
	if (!__ratelimit(tag ? &tag->container->audit_rs : &host_audit_rs))
		goto out;
	ab = audit_log_start(audit_context(), GFP_ATOMIC | __GFP_NOWARN,
			     AUDIT_AVC);
	if (!ab)
		goto out;
	audit_log_format(ab, "lsm=cordon area=%s op=%s action=%s",
			 area_names[area], op, enforce ? "denied" : "complain");
	if (tag)
		audit_log_format(ab, " container=%llu depth=%u", tag->container->id,
				 tag->depth);
	else
		audit_log_format(ab, " container=host depth=0");
	audit_log_format(ab, " profile=%s pid=%d comm=", profile->name,
			 task_tgid_nr(current));
	/* no get_task_comm(): some hooks run under task or tasklist locks */
	memcpy(comm, current->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	audit_log_untrustedstring(ab, comm);
	if (object)
		object(ab, data);
	audit_log_format(ab, " rule=%s", rule);
	audit_log_end(ab);
out:
	return enforce ? err : 0;
}
