// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - capabilities
 *
 * A profile's deny set applies to an armed container even when the task
 * holds the capability; a second set applies only to checks against the
 * initial user namespace (CAP_SYS_ADMIN there means host-wide
 * administration, in a container's own user namespace it does not).  The
 * credentials checked are often not current's (file credentials), so the
 * container is taken from them.  May be called under RCU: does not sleep.
 * The profile is looked up and used inside rcu_read_lock(): a policy load
 * frees the profiles it replaces after a grace period.  Audit rules:
 * capability.deny, capability.deny_init_ns.  CAP_OPT_NOAUDIT checks are
 * decided without an audit record.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/rcupdate.h>
#include <linux/security.h>
#include <linux/user_namespace.h>

#include "cordon.h"
#include "compat.h"

struct cap_obj {
	int cap;
	bool init_ns;
};

static void cap_object(struct audit_buffer *ab, const void *data)
{
	const struct cap_obj *o = data;

	audit_log_format(ab, " capability=%d ns=%s", o->cap,
			 o->init_ns ? "init" : "container");
}

/* the rule a capability check breaks, NULL if it breaks none */
static const char *cap_rule(const struct cordon_profile *profile, int cap,
			    bool init_ns)
{
	if (cap_raised(profile->cap_deny, cap))
		return "capability.deny";
	if (init_ns && cap_raised(profile->cap_deny_init_ns, cap))
		return "capability.deny_init_ns";
	return NULL;
}

/* a container's capability check (@tag not NULL) */
static noinline int cordon_capable_ctr(const struct cordon_tag *tag,
				       struct user_namespace *ns, int cap,
				       unsigned int opts)
{
	const struct cordon_profile *profile;
	struct cap_obj o = { cap, ns == &init_user_ns };
	const char *rule;
	int err = 0;

	rcu_read_lock();
	profile = cordon_tag_profile(tag);
	rule = profile ? cap_rule(profile, cap, o.init_ns) : NULL;
	if (rule && (opts & CAP_OPT_NOAUDIT))
		err = profile->mode == CORDON_MODE_ENFORCE ? -EPERM : 0;
	else if (rule)
		err = cordon_decide(tag, profile, CORDON_AREA_CAP, "capable",
				    rule, -EPERM, cap_object, &o);
	rcu_read_unlock();
	return err;
}

/* the host's credentials (no tag) hold what they hold */
static int cordon_capable(const struct cred *cred, struct user_namespace *ns,
			  int cap, unsigned int opts)
{
	const struct cordon_tag *tag = cordon_cred_tag(cred);

	if (likely(!tag))
		return 0;
	return cordon_capable_ctr(tag, ns, cap, opts);
}

static struct security_hook_list cap_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(capable, cordon_capable),
};

/**
 * cordon_cap_init - register the capability hook
 */
void __init cordon_cap_init(void)
{
	cordon_add_hooks(cap_hooks, ARRAY_SIZE(cap_hooks));
}
