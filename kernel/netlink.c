// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - the "cordon" generic netlink family
 *
 * Commands (uapi/linux/cordon.h): load a signed policy (with a verifier
 * ticket: attest.c), read the load challenge, read the status, name a
 * container and bind it to a profile, dump the containers; denials
 * are multicast on the "events" group.  Every command, and joining the
 * group, needs CAP_MAC_ADMIN in the initial user namespace (joining also
 * CAP_SYS_ADMIN; on 6.1 only that); the family exists in the initial
 * network namespace only.  Every command has a
 * strict attribute policy: unknown or ill-typed attributes are refused.
 *
 * Events are raised from hooks that may run in atomic context: they are
 * queued in a small ring and sent from a work item.  When the ring is full
 * events are dropped; audit records are not affected.
 *
 * Copyright (C) 2026 The cordon authors
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/capability.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "cordon.h"
#include "compat.h"
#include "attest.h"

static struct genl_family cordon_family;
static bool family_registered __read_mostly;

static void set_reason(struct genl_info *info, const char *reason)
{
	/* what NL_SET_ERR_MSG() does, for a reason that is not a literal */
	if (info->extack && reason && reason[0])
		info->extack->_msg = reason;
}

static int require_admin(const struct sk_buff *skb, struct genl_info *info)
{
	if (netlink_capable(skb, CAP_MAC_ADMIN))
		return 0;
	if (info)
		set_reason(info, "CAP_MAC_ADMIN in the initial user namespace required");
	return -EPERM;
}

static const struct nla_policy load_policy[CORDON_A_MAX + 1] = {
	[CORDON_A_POLICY] = { .type = NLA_BINARY },
	[CORDON_A_SIGNATURE] = { .type = NLA_BINARY,
				 .len = CORDON_SIGNATURE_MAX_SIZE },
	/* any length: the ticket check refuses a wrong one with EBADE */
	[CORDON_A_TICKET] = { .type = NLA_BINARY },
	[CORDON_A_TICKET_SIGNATURE] = { .type = NLA_BINARY,
					.len = CORDON_SIGNATURE_MAX_SIZE },
};

static const struct nla_policy tag_policy[CORDON_A_MAX + 1] = {
	[CORDON_A_PID] = { .type = NLA_U32 },
	[CORDON_A_PIDFD] = { .type = NLA_U32 },
	[CORDON_A_ARM] = NLA_POLICY_MAX(NLA_U8, 1),
	[CORDON_A_NAME] = { .type = NLA_NUL_STRING,
			    .len = CORDON_NAME_MAX - 1 },
	[CORDON_A_PROFILE] = { .type = NLA_NUL_STRING,
			       .len = CORDON_NAME_MAX - 1 },
};

/* status and dumps take no attribute: any is refused */
static const struct nla_policy none_policy[CORDON_A_MAX + 1] = {};

static int cordon_nl_load(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *nla, *sig = info->attrs[CORDON_A_SIGNATURE];
	const struct nlattr *ticket = info->attrs[CORDON_A_TICKET];
	const struct nlattr *tsig = info->attrs[CORDON_A_TICKET_SIGNATURE];
	struct cordon_ticket_req req = {};
	const char *reason = NULL;
	size_t total = 0, off = 0;
	void *blob;
	int rem, ret;

	ret = require_admin(skb, info);
	if (ret)
		return ret;
	if (!info->attrs[CORDON_A_POLICY]) {
		cordon_attest_consume();
		set_reason(info, "no policy in the request");
		return -EINVAL;
	}
	/* the blob may span several attributes (at most 64 KiB each) */
	nla_for_each_attr(nla, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(nla) != CORDON_A_POLICY)
			continue;
		total += nla_len(nla);
		if (total > CORDON_POLICY_MAX_SIZE) {
			cordon_attest_consume();
			set_reason(info, "policy too large");
			return -E2BIG;
		}
	}
	blob = kvmalloc(total ?: 1, GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	nla_for_each_attr(nla, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(nla) != CORDON_A_POLICY)
			continue;
		memcpy(blob + off, nla_data(nla), nla_len(nla));
		off += nla_len(nla);
	}
	if (ticket) {
		req.ticket = nla_data(ticket);
		req.len = nla_len(ticket);
	}
	if (tsig) {
		req.sig = nla_data(tsig);
		req.siglen = nla_len(tsig);
	}
	ret = cordon_policy_load(blob, total, sig ? nla_data(sig) : NULL,
				 sig ? nla_len(sig) : 0, &req, &reason);
	kvfree(blob);
	if (ret)
		set_reason(info, reason);
	return ret;
}

static int put_status(struct sk_buff *msg)
{
	const struct cordon_policy *p;
	u64 denied = 0, complained = 0, loads, rejects;
	struct cordon_attest att;
	int area, ret = 0;

	for (area = 0; area < CORDON_AREA_NR; area++) {
		denied += cordon_counter(area, true);
		complained += cordon_counter(area, false);
	}
	cordon_policy_stats(&loads, &rejects);
	rcu_read_lock();
	p = cordon_policy();
	if (nla_put_string(msg, CORDON_A_POLICY_NAME, p->name) ||
	    nla_put_u64_64bit(msg, CORDON_A_POLICY_VERSION, p->version,
			      CORDON_A_PAD) ||
	    (p->builtin ? nla_put_flag(msg, CORDON_A_BUILTIN) :
			  nla_put(msg, CORDON_A_POLICY_DIGEST,
				  sizeof(p->digest), p->digest)) ||
	    nla_put_u32(msg, CORDON_A_NR_PROFILES, p->nr_profiles))
		ret = -EMSGSIZE;
	rcu_read_unlock();
	if (ret ||
	    nla_put_string(msg, CORDON_A_MODE,
			   cordon_mode_name(cordon_boot_mode())) ||
	    nla_put_u32(msg, CORDON_A_NR_CONTAINERS, cordon_nr_containers()) ||
	    nla_put_u64_64bit(msg, CORDON_A_DENIED, denied, CORDON_A_PAD) ||
	    nla_put_u64_64bit(msg, CORDON_A_COMPLAINED, complained,
			      CORDON_A_PAD) ||
	    nla_put_u64_64bit(msg, CORDON_A_LOADS, loads, CORDON_A_PAD) ||
	    nla_put_u64_64bit(msg, CORDON_A_REJECTS, rejects, CORDON_A_PAD))
		return -EMSGSIZE;
	cordon_attest_last(&att);
	if (nla_put_string(msg, CORDON_A_ATTEST,
			   cordon_attest_required() ? "required" : "optional") ||
	    (att.ticketed &&
	     (nla_put_flag(msg, CORDON_A_TICKETED) ||
	      nla_put(msg, CORDON_A_TICKET_DIGEST, sizeof(att.digest),
		      att.digest))) ||
	    nla_put_u64_64bit(msg, CORDON_A_TICKET_REJECTS,
			      cordon_attest_rejects(), CORDON_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static int cordon_nl_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	ret = require_admin(skb, info);
	if (ret)
		return ret;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cordon_family, 0,
				CORDON_CMD_STATUS_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	ret = put_status(msg);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int cordon_nl_challenge(struct sk_buff *skb, struct genl_info *info)
{
	u8 challenge[CORDON_CHALLENGE_SIZE];
	struct sk_buff *msg;
	void *hdr;
	int ret;

	ret = require_admin(skb, info);
	if (ret)
		return ret;
	msg = genlmsg_new(nla_total_size(sizeof(challenge)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cordon_family, 0,
				CORDON_CMD_CHALLENGE_GET);
	if (!hdr)
		goto too_big;
	cordon_attest_challenge(challenge);
	if (nla_put(msg, CORDON_A_CHALLENGE, sizeof(challenge), challenge))
		goto too_big;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
too_big:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int cordon_nl_tag(struct sk_buff *skb, struct genl_info *info)
{
	char name[CORDON_NAME_MAX] = {}, profile[CORDON_NAME_MAX] = {};
	struct pid *pid;
	bool arm;
	int ret;

	ret = require_admin(skb, info);
	if (ret)
		return ret;
	if (!info->attrs[CORDON_A_PID] == !info->attrs[CORDON_A_PIDFD]) {
		set_reason(info, "one of a pid and a pidfd is needed");
		return -EINVAL;
	}
	if (info->attrs[CORDON_A_NAME])
		nla_strscpy(name, info->attrs[CORDON_A_NAME], sizeof(name));
	if (info->attrs[CORDON_A_PROFILE])
		nla_strscpy(profile, info->attrs[CORDON_A_PROFILE],
			    sizeof(profile));
	if (!name[0] && !profile[0]) {
		set_reason(info, "neither a name nor a profile");
		return -EINVAL;
	}
	if ((name[0] && !cordon_name_ok(name, sizeof(name), false)) ||
	    (profile[0] && !cordon_name_ok(profile, sizeof(profile), false))) {
		set_reason(info, "names are made of [A-Za-z0-9._-]");
		return -EINVAL;
	}
	if (info->attrs[CORDON_A_PIDFD]) {
		unsigned int flags;

		pid = pidfd_get_pid(nla_get_u32(info->attrs[CORDON_A_PIDFD]),
				    &flags);
		if (IS_ERR(pid)) {
			set_reason(info, "not a pidfd");
			return PTR_ERR(pid);
		}
	} else {
		pid = find_get_pid(nla_get_u32(info->attrs[CORDON_A_PID]));
	}
	arm = !info->attrs[CORDON_A_ARM] || nla_get_u8(info->attrs[CORDON_A_ARM]);
	ret = pid ? cordon_container_bind(pid, name, profile, arm) : -ESRCH;
	put_pid(pid);
	if (ret == -ESRCH)
		set_reason(info, "no such process");
	else if (ret == -EINVAL)
		set_reason(info, "the process is not in a container");
	else if (ret == -ENOENT)
		set_reason(info, "no such profile in the active policy");
	else if (ret == -EPERM)
		set_reason(info, "the profile is weaker than the outer container's");
	return ret;
}

struct dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const struct cordon_policy *policy;
	int count;
};

static int fill_container(void *arg, const struct cordon_container *c)
{
	struct dump_ctx *d = arg;
	const struct cordon_binding *b = rcu_dereference(c->binding);
	const struct cordon_profile *profile;
	void *hdr;

	profile = cordon_container_profile(d->policy, c);
	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &cordon_family, NLM_F_MULTI,
			  CORDON_CMD_CONTAINER_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(d->skb, CORDON_A_CONTAINER_ID, c->id,
			      CORDON_A_PAD) ||
	    (b && b->name[0] &&
	     nla_put_string(d->skb, CORDON_A_NAME, b->name)) ||
	    nla_put_string(d->skb, CORDON_A_PROFILE, profile->name) ||
	    nla_put_u8(d->skb, CORDON_A_ARMED, READ_ONCE(c->armed)) ||
	    nla_put_u32(d->skb, CORDON_A_DEPTH, READ_ONCE(c->depth)) ||
	    nla_put_u32(d->skb, CORDON_A_NS_MNT, c->key.mnt) ||
	    nla_put_u32(d->skb, CORDON_A_NS_PID, c->key.pid) ||
	    nla_put_u32(d->skb, CORDON_A_NS_USER, c->key.user) ||
	    nla_put_u64_64bit(d->skb, CORDON_A_DENIED,
			      atomic64_read(&c->denied), CORDON_A_PAD) ||
	    nla_put_u64_64bit(d->skb, CORDON_A_COMPLAINED,
			      atomic64_read(&c->complained), CORDON_A_PAD)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	d->count++;
	return 0;
}

static int cordon_nl_containers(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct dump_ctx d = { .skb = skb, .cb = cb };
	int ret;

	ret = require_admin(cb->skb, NULL);
	if (ret)
		return ret;
	rcu_read_lock();
	d.policy = cordon_policy();
	cb->args[0] = cordon_container_for_each(cb->args[0], fill_container,
						&d);
	rcu_read_unlock();
	return d.count ? skb->len : 0;
}

static const struct genl_ops cordon_ops[] = {
	{
		.cmd = CORDON_CMD_POLICY_LOAD,
		.doit = cordon_nl_load,
		.policy = load_policy,
		.maxattr = CORDON_A_MAX,
	},
	{
		.cmd = CORDON_CMD_STATUS_GET,
		.doit = cordon_nl_status,
		.policy = none_policy,
		.maxattr = CORDON_A_MAX,
	},
	{
		.cmd = CORDON_CMD_TAG,
		.doit = cordon_nl_tag,
		.policy = tag_policy,
		.maxattr = CORDON_A_MAX,
	},
	{
		.cmd = CORDON_CMD_CONTAINER_GET,
		.dumpit = cordon_nl_containers,
		.policy = none_policy,
		.maxattr = CORDON_A_MAX,
	},
	{
		.cmd = CORDON_CMD_CHALLENGE_GET,
		.doit = cordon_nl_challenge,
		.policy = none_policy,
		.maxattr = CORDON_A_MAX,
	},
};

/* the family lives in the initial network namespace only */
static const struct genl_multicast_group cordon_mcgrps[] = {
	{ .name = CORDON_GENL_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

/* listening to denials is reading: it needs the same privilege */
static int cordon_nl_bind(int group)
{
	return capable(CAP_MAC_ADMIN) ? 0 : -EPERM;
}

static struct genl_family cordon_family __ro_after_init = {
	.name = CORDON_GENL_NAME,
	.version = CORDON_GENL_VERSION,
	.maxattr = CORDON_A_MAX,
	.netnsok = false,
	.parallel_ops = false,
	.module = THIS_MODULE,
	.ops = cordon_ops,
	.n_ops = ARRAY_SIZE(cordon_ops),
	.mcgrps = cordon_mcgrps,
	.n_mcgrps = ARRAY_SIZE(cordon_mcgrps),
};

/* events */

/**
 * struct event - a queued denial
 * @container: container id, 0 for a host subject
 * @pid: subject's thread group id
 * @area: enforcement area
 * @enforce: denied (true) or complain
 * @op: operation (a string literal)
 * @rule: rule (a string literal)
 * @comm: subject's command name
 * @profile: profile name
 */
struct event {
	u64 container;
	pid_t pid;
	enum cordon_area area;
	bool enforce;
	const char *op;
	const char *rule;
	char comm[TASK_COMM_LEN];
	char profile[CORDON_NAME_MAX];
};

#define EVENT_RING 64
static struct event ring[EVENT_RING];
static unsigned int ring_head, ring_len;
static DEFINE_SPINLOCK(ring_lock);

/*
 * A listener gets events only if it opened its socket with CAP_MAC_ADMIN
 * in the initial user namespace (non-zero: skip it).  On 6.12 the
 * family's bind callback cannot refuse a join, so this is where it is
 * enforced; 6.1 has no filter, and the group's CAP_SYS_ADMIN flag rules.
 */
static int cordon_event_filter(struct sock *dsk, struct sk_buff *skb,
			       void *data)
{
	const struct socket *sock = dsk->sk_socket;

	return !(sock && sock->file &&
		 file_ns_capable(sock->file, &init_user_ns, CAP_MAC_ADMIN));
}

static void event_send(const struct event *e)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &cordon_family, 0, CORDON_CMD_EVENT);
	if (!hdr)
		goto fail;
	if (nla_put_u64_64bit(msg, CORDON_A_CONTAINER_ID, e->container,
			      CORDON_A_PAD) ||
	    nla_put_u32(msg, CORDON_A_PID, e->pid) ||
	    nla_put_string(msg, CORDON_A_AREA, cordon_area_name(e->area)) ||
	    nla_put_string(msg, CORDON_A_OP, e->op) ||
	    nla_put_string(msg, CORDON_A_RULE, e->rule) ||
	    nla_put_string(msg, CORDON_A_ACTION,
			   e->enforce ? "denied" : "complain") ||
	    nla_put_string(msg, CORDON_A_COMM, e->comm) ||
	    nla_put_string(msg, CORDON_A_PROFILE, e->profile))
		goto fail;
	genlmsg_end(msg, hdr);
	cordon_genl_multicast(&cordon_family, msg, cordon_event_filter);
	return;
fail:
	nlmsg_free(msg);
}

static void event_work_fn(struct work_struct *work)
{
	struct event e;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&ring_lock, flags);
		if (!ring_len) {
			spin_unlock_irqrestore(&ring_lock, flags);
			return;
		}
		e = ring[ring_head];
		ring_head = (ring_head + 1) % EVENT_RING;
		ring_len--;
		spin_unlock_irqrestore(&ring_lock, flags);
		event_send(&e);
	}
}

static DECLARE_WORK(event_work, event_work_fn);

/**
 * cordon_event - multicast a denial to the "events" group
 * @tag: subject's container, NULL for the host
 * @profile: the profile that applied
 * @area: enforcement area
 * @op: operation, a string literal
 * @rule: rule, a string literal
 * @enforce: denied (true) or complain
 *
 * Safe in atomic context; costs a test when nobody listens.
 */
void cordon_event(const struct cordon_tag *tag,
		  const struct cordon_profile *profile, enum cordon_area area,
		  const char *op, const char *rule, bool enforce)
{
	unsigned long flags;
	struct event *e;

	if (!READ_ONCE(family_registered) ||
	    !genl_has_listeners(&cordon_family, &init_net, 0))
		return;
	spin_lock_irqsave(&ring_lock, flags);
	if (ring_len == EVENT_RING) {	/* drop it: counters and audit still count it */
		spin_unlock_irqrestore(&ring_lock, flags);
		return;
	}
	e = &ring[(ring_head + ring_len) % EVENT_RING];
	ring_len++;
	e->container = tag ? tag->container->id : 0;
	e->pid = task_tgid_nr(current);
	e->area = area;
	e->enforce = enforce;
	e->op = op;
	e->rule = rule;
	/* no get_task_comm(): some hooks run under task or tasklist locks */
	memcpy(e->comm, current->comm, sizeof(e->comm));
	e->comm[sizeof(e->comm) - 1] = '\0';
	strscpy(e->profile, profile->name, sizeof(e->profile));
	spin_unlock_irqrestore(&ring_lock, flags);
	schedule_work(&event_work);
}

static int __init cordon_netlink_init(void)
{
	int ret;

	if (!cordon_initialized)
		return 0;
	cordon_genl_set_bind(&cordon_family, cordon_nl_bind);
	ret = genl_register_family(&cordon_family);
	if (ret) {
		pr_err("cannot register the generic netlink family: %d\n", ret);
		return ret;
	}
	WRITE_ONCE(family_registered, true);
	return 0;
}
device_initcall(cordon_netlink_init);
