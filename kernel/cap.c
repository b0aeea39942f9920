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
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/cred.h>
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

static int cordon_capable(const struct cred *cred, struct user_namespace *ns,
			  int cap, unsigned int opts)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct cap_obj o = { cap, ns == &init_user_ns };
	const char *rule;

	tag = cordon_cred_tag(cred);
	profile = cordon_tag_profile(tag);
	if (!profile)
		return 0;
	if (cap_raised(profile->cap_deny, cap))
		rule = "capability.deny";
	else if (o.init_ns && cap_raised(profile->cap_deny_init_ns, cap))
		rule = "capability.deny_init_ns";
	else
		return 0;
	if (opts & CAP_OPT_NOAUDIT)
		return profile->mode == CORDON_MODE_ENFORCE ? -EPERM : 0;
	return cordon_decide(tag, profile, CORDON_AREA_CAP, "capable", rule,
			     -EPERM, cap_object, &o);
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
