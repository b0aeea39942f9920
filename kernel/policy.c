// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - policies: the built-in default, loading a signed policy, and
 * finding a container's profile
 *
 * The active policy is reached through one RCU pointer.  A load verifies
 * the blob's signature, parses and bound-checks every field of it (see
 * uapi/linux/cordon.h), refuses a version that does not exceed the active
 * one, swaps the pointer, measures the blob into IMA and audits the
 * change; the replaced policy is freed after a grace period.  Any failure
 * leaves the active policy in force.
 *
 * A container's profile is, in order: the profile a tag request bound it
 * to, the profile of the policy's name selector for the name a tag request
 * gave it, the profile of the first namespace selector matching it, the
 * same for the container it was entered from (and so on outwards), the
 * policy's default profile.  The result is cached in the container and is
 * valid until the policy or the container's binding changes.
 *
 * Copyright (C) 2026 The cordon authors
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/audit.h>
#include <linux/bsearch.h>
#include <linux/capability.h>
#include <linux/ima.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <crypto/sha2.h>

#include "cordon.h"
#include "compat.h"
#include "keyring.h"
#include "attest.h"

/**
 * struct cordon_name_sel - a name selector
 * @name: container name
 * @profile: the profile index
 */
struct cordon_name_sel {
	char name[CORDON_NAME_MAX];
	unsigned int profile;
};

/**
 * struct cordon_ns_sel - a namespace selector, 0 matching any
 * @mnt: mount namespace
 * @pid: pid namespace
 * @user: user namespace
 * @profile: the profile index
 */
struct cordon_ns_sel {
	u32 mnt;
	u32 pid;
	u32 user;
	unsigned int profile;
};

#define CAP(c) BIT_ULL(CAP_##c)

/*
 * The built-in default profile: filesystems an armed container may mount
 * are a tmpfs for scratch space and a mqueue instance for its own IPC
 * namespace; no bind, move, remount (other than tightening), umount or
 * pivot_root; ptrace within the container; pathname unix sockets across
 * the boundary (the runtime's and the host's daemons' sockets), nothing
 * else; every host knob protected.  policy/default.cpol is the same.
 */
static struct cordon_mount_rule builtin_mount_rules[] = {
	{ .fstype = "mqueue" },
	{ .fstype = "tmpfs" },
};

static struct cordon_profile builtin_profiles[] __ro_after_init = {
	{
		.name = "default",
		.mode = CORDON_MODE_ENFORCE,
		.arm_on_exec = true,
		.ptrace_same = true,
		.ptrace_host_deny = false,
		.mount_ops = 0,
		.ipc_cross = CORDON_IPC_UNIX_PATH,
		.knobs = CORDON_KNOB_ALL,
		.cap_deny = CORDON_CAPS(CAP(SYS_MODULE) | CAP(SYS_RAWIO) |
					CAP(SYS_BOOT) | CAP(SYS_TIME) |
					CAP(MAC_ADMIN) | CAP(MAC_OVERRIDE) |
					CAP(SYSLOG) | CAP(BPF) | CAP(PERFMON) |
					CAP(DAC_READ_SEARCH)),
		.cap_deny_init_ns = CORDON_CAPS(CAP(SYS_ADMIN)),
		.nr_mount_rules = ARRAY_SIZE(builtin_mount_rules),
		.mount_rules = builtin_mount_rules,
	},
};

static struct cordon_policy builtin_policy __ro_after_init = {
	.seq = 0,
	.version = 0,
	.builtin = true,
	.name = "builtin",
	.nr_profiles = ARRAY_SIZE(builtin_profiles),
	.profiles = builtin_profiles,
	.default_profile = &builtin_profiles[0],
	.mount_rules = builtin_mount_rules,
};

static struct cordon_policy __rcu *active_policy = &builtin_policy;

/* serialises loads: the version check and the swap */
static DEFINE_MUTEX(load_mutex);
static u64 load_seq;
static atomic64_t nr_loads = ATOMIC64_INIT(0);
static atomic64_t nr_rejects = ATOMIC64_INIT(0);

/**
 * cordon_policy - the active policy
 *
 * Must be called inside rcu_read_lock() (or with the load mutex held);
 * the policy is freed after a grace period once replaced.  The built-in
 * policy is never freed.
 *
 * Return: the active policy.
 */
const struct cordon_policy *cordon_policy(void)
{
	return rcu_dereference_check(active_policy,
				     lockdep_is_held(&load_mutex));
}

/**
 * cordon_policy_stats - loads and rejected loads since boot
 * @loads: set to the number of policies loaded
 * @rejects: set to the number of loads refused
 */
void cordon_policy_stats(u64 *loads, u64 *rejects)
{
	*loads = atomic64_read(&nr_loads);
	*rejects = atomic64_read(&nr_rejects);
}

static int profile_index(const struct cordon_policy *p, const char *name)
{
	unsigned int i;

	for (i = 0; i < p->nr_profiles; i++)
		if (!strcmp(p->profiles[i].name, name))
			return i;
	return -1;
}

/**
 * cordon_profile_find - a profile of a policy, by name
 * @policy: the policy
 * @name: profile name
 *
 * Return: the profile, or NULL.
 */
const struct cordon_profile *
cordon_profile_find(const struct cordon_policy *policy, const char *name)
{
	int i = profile_index(policy, name);

	return i < 0 ? NULL : &policy->profiles[i];
}

static int cmp_name_sel(const void *key, const void *elt)
{
	const struct cordon_name_sel *sel = elt;

	return strcmp(key, sel->name);
}

static bool ns_match(u32 want, unsigned int have)
{
	return !want || want == have;
}

/* the profile index selected for a container itself, -1 for none */
static int resolve(const struct cordon_policy *p,
		   const struct cordon_container *c)
{
	const struct cordon_binding *b = rcu_dereference(c->binding);
	const struct cordon_name_sel *ns;
	unsigned int i;
	int idx;

	if (b && b->profile[0]) {
		idx = profile_index(p, b->profile);
		if (idx >= 0)
			return idx;
	}
	if (b && b->name[0] && p->nr_name_sel) {
		ns = bsearch(b->name, p->name_sel, p->nr_name_sel,
			     sizeof(*p->name_sel), cmp_name_sel);
		if (ns)
			return ns->profile;
	}
	for (i = 0; i < p->nr_ns_sel; i++) {
		const struct cordon_ns_sel *s = &p->ns_sel[i];

		if (ns_match(s->mnt, c->key.mnt) &&
		    ns_match(s->pid, c->key.pid) &&
		    ns_match(s->user, c->key.user))
			return s->profile;
	}
	return -1;
}

/* the cached resolution of a container: profile index + 1, 0 for none */
static unsigned int container_resolved(const struct cordon_policy *p,
				       struct cordon_container *c)
{
	u64 want = (p->seq + 1) << 32;
	unsigned int gen;
	u64 r;
	int idx;

	gen = atomic_read_acquire(&c->bind_gen) & 0xffff;
	want |= (u64)gen << 16;
	r = atomic64_read(&c->resolved);
	if ((r & ~0xffffULL) == want)
		return r & 0xffff;
	idx = resolve(p, c);
	atomic64_set(&c->resolved, want | (idx + 1));
	return idx + 1;
}

/**
 * cordon_profile_for - the profile a policy gives a container
 * @policy: the policy
 * @tag: the container (not NULL)
 *
 * Must be called inside rcu_read_lock().
 *
 * Return: the profile.
 */
const struct cordon_profile *
cordon_profile_for(const struct cordon_policy *policy,
		   const struct cordon_tag *tag)
{
	const struct cordon_tag *t;
	unsigned int idx;

	for (t = tag; t; t = t->outer) {
		idx = container_resolved(policy, t->container);
		if (idx)
			return &policy->profiles[idx - 1];
	}
	return policy->default_profile;
}

/**
 * cordon_container_profile - the profile a policy gives a container itself
 * @policy: the policy
 * @c: the container
 *
 * Unlike cordon_profile_for(), containers it was entered from are not
 * consulted.  Must be called inside rcu_read_lock().
 *
 * Return: the profile.
 */
const struct cordon_profile *
cordon_container_profile(const struct cordon_policy *policy,
			 const struct cordon_container *c)
{
	unsigned int idx;

	idx = container_resolved(policy, (struct cordon_container *)c);
	return idx ? &policy->profiles[idx - 1] : policy->default_profile;
}

/**
 * cordon_profile_of - the profile of a container under the active policy
 * @tag: the container (not NULL)
 *
 * Must be called inside rcu_read_lock().
 *
 * Return: the profile.
 */
const struct cordon_profile *cordon_profile_of(const struct cordon_tag *tag)
{
	return cordon_profile_for(cordon_policy(), tag);
}

/* does @a let a container mount something @b does not? */
static bool cordon_mount_rules_weaker(const struct cordon_profile *a,
				      const struct cordon_profile *b)
{
	const struct cordon_mount_rule *rb;
	unsigned int i;

	for (i = 0; i < a->nr_mount_rules; i++) {
		rb = cordon_mount_rule_find(b, a->mount_rules[i].fstype);
		if (!rb || (rb->require & ~a->mount_rules[i].require))
			return true;
	}
	return false;
}

/* does @a let a container use a device @b does not (rule by rule)? */
static bool cordon_device_rules_weaker(const struct cordon_profile *a,
				       const struct cordon_profile *b)
{
	const struct cordon_device_rule *ra, *rb;
	unsigned int i, j;
	bool covered;

	for (i = 0; i < a->nr_device_rules; i++) {
		ra = &a->device_rules[i];
		covered = false;
		for (j = 0; j < b->nr_device_rules && !covered; j++) {
			rb = &b->device_rules[j];
			covered = rb->type == ra->type &&
				  (rb->major == CORDON_DEV_ANY ||
				   rb->major == ra->major) &&
				  (rb->minor == CORDON_DEV_ANY ||
				   rb->minor == ra->minor) &&
				  !(ra->access & ~rb->access);
		}
		if (!covered)
			return true;
	}
	return false;
}

/**
 * cordon_profile_weaker - would @a allow something @b denies?
 * @a: a profile
 * @b: another profile
 *
 * Compares every knob: mode, arm point, ptrace, mount operations and rules,
 * IPC crossing, protected knobs, capability deny sets, kernel attack
 * surface and device rules (a device rule of @a must be covered by one
 * rule of @b).  Used to refuse binding a nested container to a profile
 * weaker than the container it was entered from.
 *
 * Return: true if @a is weaker than @b in at least one respect.
 */
bool cordon_profile_weaker(const struct cordon_profile *a,
			   const struct cordon_profile *b)
{
	u64 deny_a = cordon_caps_to_u64(a->cap_deny);
	u64 deny_b = cordon_caps_to_u64(b->cap_deny);
	u64 init_a = cordon_caps_to_u64(a->cap_deny_init_ns) | deny_a;
	u64 init_b = cordon_caps_to_u64(b->cap_deny_init_ns) | deny_b;

	return a->mode < b->mode ||
	       (a->arm_on_exec && !b->arm_on_exec) ||
	       (a->ptrace_same && !b->ptrace_same) ||
	       (!a->ptrace_host_deny && b->ptrace_host_deny) ||
	       (a->mount_ops & ~b->mount_ops) ||
	       (a->ipc_cross & ~b->ipc_cross) ||
	       (b->knobs & ~a->knobs) ||
	       (deny_b & ~deny_a) || (init_b & ~init_a) ||
	       (a->surface & ~b->surface) ||
	       cordon_mount_rules_weaker(a, b) ||
	       cordon_device_rules_weaker(a, b);
}

static int cmp_rule_fstype(const void *key, const void *elt)
{
	const struct cordon_mount_rule *rule = elt;

	return strcmp(key, rule->fstype);
}

/**
 * cordon_mount_rule_find - the rule letting a profile mount a type
 * @profile: the profile
 * @fstype: file system type name, may be NULL
 *
 * Return: the rule, or NULL if @fstype is not in the allow-list.
 */
const struct cordon_mount_rule *
cordon_mount_rule_find(const struct cordon_profile *profile,
		       const char *fstype)
{
	if (!fstype || !profile->nr_mount_rules)
		return NULL;
	return bsearch(fstype, profile->mount_rules, profile->nr_mount_rules,
		       sizeof(*profile->mount_rules), cmp_rule_fstype);
}

/* parsing */

/**
 * struct parse - state of a blob's parse
 * @reason: why the blob was refused, for the extended ack and audit
 * @p: the policy being built
 */
struct parse {
	const char *reason;
	struct cordon_policy *p;
};

static int refuse(struct parse *ps, int err, const char *reason)
{
	ps->reason = reason;
	return err;
}

/**
 * cordon_name_ok - is a name field well formed?
 * @field: the field
 * @size: its size
 * @plus: '+' is allowed (file system types)
 *
 * Return: true if @field is NUL-terminated, NUL-padded, not empty and made
 * of [A-Za-z0-9._-] only (and '+' when @plus).
 */
bool cordon_name_ok(const char *field, size_t size, bool plus)
{
	size_t len = strnlen(field, size);
	size_t i;

	if (!len || len == size)
		return false;
	for (i = 0; i < len; i++) {
		char c = field[i];

		/* ASCII only: the kernel's isalnum() takes Latin-1 letters */
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '.' && c != '_' &&
		    c != '-' && !(plus && c == '+'))
			return false;
	}
	for (; i < size; i++)
		if (field[i])
			return false;
	return true;
}

static bool zero(const void *buf, size_t len)
{
	return !memchr_inv(buf, 0, len);
}

static int parse_profile(struct parse *ps, const struct cordon_policy_profile *in,
			 struct cordon_profile *out)
{
	u64 deny = le64_to_cpu(in->cap_deny);
	u64 deny_init = le64_to_cpu(in->cap_deny_init_ns);
	u64 caps = GENMASK_ULL(CAP_LAST_CAP, 0);

	if (!cordon_name_ok(in->name, sizeof(in->name), false))
		return refuse(ps, -EINVAL, "bad profile name");
	if (in->mode > CORDON_POLICY_MODE_ENFORCE)
		return refuse(ps, -EINVAL, "bad profile mode");
	if (in->arm > CORDON_ARM_IMMEDIATE)
		return refuse(ps, -EINVAL, "bad arm point");
	if (in->ptrace > CORDON_PTRACE_CONTAINER)
		return refuse(ps, -EINVAL, "bad ptrace scope");
	if (in->ptrace_host > CORDON_PTRACE_HOST_DENY)
		return refuse(ps, -EINVAL, "bad ptrace host setting");
	if (le32_to_cpu(in->mount_ops) & ~CORDON_MOUNT_OP_ALL)
		return refuse(ps, -EINVAL, "unknown mount operation bit");
	if (le32_to_cpu(in->ipc_cross) & ~CORDON_IPC_ALL)
		return refuse(ps, -EINVAL, "unknown ipc mechanism bit");
	if (le32_to_cpu(in->knobs) & ~CORDON_KNOB_ALL)
		return refuse(ps, -EINVAL, "unknown knob bit");
	if ((deny & ~caps) || (deny_init & ~caps))
		return refuse(ps, -EINVAL, "unknown capability");
	/*
	 * The kernel takes CAP_SYS_ADMIN in place of CAP_CHECKPOINT_RESTORE
	 * (checkpoint_restore_ns_capable()): denying the latter while
	 * allowing the former would promise what the kernel does not keep.
	 * (CAP_BPF and CAP_PERFMON have the same fallback; bpf(2) and
	 * perf_event_open(2) are guarded by the surface bits instead.)
	 */
	if (((deny & CAP(CHECKPOINT_RESTORE)) && !(deny & CAP(SYS_ADMIN))) ||
	    ((deny_init & CAP(CHECKPOINT_RESTORE)) &&
	     !((deny | deny_init) & CAP(SYS_ADMIN))))
		return refuse(ps, -EINVAL,
			      "checkpoint_restore denied but sys_admin allowed");
	if (le32_to_cpu(in->surface) & ~CORDON_SURFACE_ALL)
		return refuse(ps, -EINVAL, "unknown surface bit");
	if (!zero(in->reserved, sizeof(in->reserved)))
		return refuse(ps, -EINVAL, "reserved profile field set");

	memcpy(out->name, in->name, sizeof(out->name));
	out->mode = in->mode == CORDON_POLICY_MODE_OFF ? CORDON_MODE_OFF :
		    in->mode == CORDON_POLICY_MODE_COMPLAIN ?
		    CORDON_MODE_COMPLAIN : CORDON_MODE_ENFORCE;
	out->arm_on_exec = in->arm == CORDON_ARM_EXEC;
	out->ptrace_same = in->ptrace == CORDON_PTRACE_CONTAINER;
	out->ptrace_host_deny = in->ptrace_host == CORDON_PTRACE_HOST_DENY;
	out->mount_ops = le32_to_cpu(in->mount_ops);
	out->ipc_cross = le32_to_cpu(in->ipc_cross);
	out->knobs = le32_to_cpu(in->knobs);
	out->cap_deny = cordon_caps_from_u64(deny);
	out->cap_deny_init_ns = cordon_caps_from_u64(deny_init);
	out->surface = le32_to_cpu(in->surface);
	return 0;
}

static int cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct cordon_mount_rule *)a)->fstype,
		      ((const struct cordon_mount_rule *)b)->fstype);
}

/* group the rules by profile, each group sorted by type, no duplicates */
static int parse_mount_rules(struct parse *ps,
			     const struct cordon_policy_mount_rule *in,
			     unsigned int n)
{
	struct cordon_policy *p = ps->p;
	unsigned int *next;
	unsigned int i, j, start;

	next = kcalloc(p->nr_profiles + 1, sizeof(*next), GFP_KERNEL);
	if (!next)
		return refuse(ps, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		unsigned int prof = le16_to_cpu(in[i].profile);

		if (!cordon_name_ok(in[i].fstype, sizeof(in[i].fstype), true)) {
			kfree(next);
			return refuse(ps, -EINVAL, "bad file system type");
		}
		if (prof >= p->nr_profiles) {
			kfree(next);
			return refuse(ps, -ENOENT,
				      "mount rule of a missing profile");
		}
		if (le16_to_cpu(in[i].require) & ~CORDON_MOUNT_FLAGS_ALL) {
			kfree(next);
			return refuse(ps, -EINVAL, "unknown mount flag");
		}
		if (in[i].reserved) {
			kfree(next);
			return refuse(ps, -EINVAL,
				      "reserved mount rule field set");
		}
		p->profiles[prof].nr_mount_rules++;
	}
	/* counting sort: next[prof] is where the profile's next rule goes */
	for (i = 0, start = 0; i < p->nr_profiles; i++) {
		next[i] = start;
		p->profiles[i].mount_rules = p->mount_rules + start;
		start += p->profiles[i].nr_mount_rules;
	}
	for (i = 0; i < n; i++) {
		unsigned int prof = le16_to_cpu(in[i].profile);
		struct cordon_mount_rule *r = &p->mount_rules[next[prof]++];

		memcpy(r->fstype, in[i].fstype, sizeof(r->fstype));
		r->require = le16_to_cpu(in[i].require);
	}
	kfree(next);
	for (i = 0; i < p->nr_profiles; i++) {
		struct cordon_profile *prof = &p->profiles[i];
		struct cordon_mount_rule *r =
			(struct cordon_mount_rule *)prof->mount_rules;

		sort(r, prof->nr_mount_rules, sizeof(*r), cmp_rule, NULL);
		for (j = 1; j < prof->nr_mount_rules; j++)
			if (!strcmp(r[j - 1].fstype, r[j].fstype))
				return refuse(ps, -ENOTUNIQ,
					      "two mount rules for one type");
	}
	return 0;
}

static bool device_rule_same(const struct cordon_device_rule *a,
			     const struct cordon_device_rule *b)
{
	return a->type == b->type && a->major == b->major &&
	       a->minor == b->minor;
}

static int check_device_rule(struct parse *ps,
			     const struct cordon_policy_device_rule *in)
{
	u32 major = le32_to_cpu(in->major), minor = le32_to_cpu(in->minor);

	if (in->type != CORDON_DEV_CHAR && in->type != CORDON_DEV_BLOCK)
		return refuse(ps, -EINVAL, "bad device type");
	if (!in->access || (in->access & ~CORDON_DEV_ACCESS_ALL))
		return refuse(ps, -EINVAL, "bad device access");
	if (major != CORDON_DEV_ANY && major >= (1U << (32 - MINORBITS)))
		return refuse(ps, -EINVAL, "device major out of range");
	if (minor != CORDON_DEV_ANY && minor > MINORMASK)
		return refuse(ps, -EINVAL, "device minor out of range");
	if (major == CORDON_DEV_ANY && minor != CORDON_DEV_ANY)
		return refuse(ps, -EINVAL, "device minor without a major");
	if (in->reserved)
		return refuse(ps, -EINVAL, "reserved device rule field set");
	if (le16_to_cpu(in->profile) >= ps->p->nr_profiles)
		return refuse(ps, -ENOENT, "device rule of a missing profile");
	return 0;
}

/*
 * group the device rules by profile (a profile has few: duplicates are
 * found by comparing each with its profile's earlier rules)
 */
static int parse_device_rules(struct parse *ps,
			      const struct cordon_policy_device_rule *in,
			      unsigned int n)
{
	struct cordon_policy *p = ps->p;
	unsigned int *next;
	unsigned int i, j, start;
	int ret;

	for (i = 0; i < n; i++) {
		ret = check_device_rule(ps, &in[i]);
		if (ret)
			return ret;
		p->profiles[le16_to_cpu(in[i].profile)].nr_device_rules++;
	}
	next = kcalloc(p->nr_profiles, sizeof(*next), GFP_KERNEL);
	if (!next)
		return refuse(ps, -ENOMEM, "out of memory");
	for (i = 0, start = 0; i < p->nr_profiles; i++) {
		next[i] = start;
		p->profiles[i].device_rules = p->device_rules + start;
		start += p->profiles[i].nr_device_rules;
	}
	for (i = 0; i < n; i++) {
		unsigned int prof = le16_to_cpu(in[i].profile);
		struct cordon_device_rule *r = &p->device_rules[next[prof]];
		const struct cordon_device_rule *first =
			p->profiles[prof].device_rules;

		r->type = in[i].type;
		r->access = in[i].access;
		r->major = le32_to_cpu(in[i].major);
		r->minor = le32_to_cpu(in[i].minor);
		for (j = 0; first + j < r; j++)
			if (device_rule_same(&first[j], r)) {
				kfree(next);
				return refuse(ps, -ENOTUNIQ,
					      "two device rules for one device");
			}
		next[prof]++;
	}
	kfree(next);
	return 0;
}

static int cmp_name_sel_sort(const void *a, const void *b)
{
	return strcmp(((const struct cordon_name_sel *)a)->name,
		      ((const struct cordon_name_sel *)b)->name);
}

static int cmp_ns_sel(const void *a, const void *b)
{
	const struct cordon_ns_sel *x = a, *y = b;

	if (x->mnt != y->mnt)
		return x->mnt < y->mnt ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->user != y->user)
		return x->user < y->user ? -1 : 1;
	return 0;
}

static int parse_selectors(struct parse *ps,
			   const struct cordon_policy_selector *in,
			   unsigned int n)
{
	struct cordon_policy *p = ps->p;
	struct cordon_ns_sel *copy;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < n; i++) {
		const struct cordon_policy_selector *s = &in[i];
		unsigned int prof = le16_to_cpu(s->profile);
		u16 kind = le16_to_cpu(s->kind);

		if (s->reserved || s->reserved2)
			return refuse(ps, -EINVAL, "reserved selector field set");
		if (prof >= p->nr_profiles)
			return refuse(ps, -ENOENT,
				      "selector of a missing profile");
		if (kind == CORDON_SELECT_NAME) {
			struct cordon_name_sel *d = &p->name_sel[p->nr_name_sel++];

			if (!cordon_name_ok(s->name, sizeof(s->name), false))
				return refuse(ps, -EINVAL, "bad selector name");
			if (s->mnt_ns || s->pid_ns || s->user_ns)
				return refuse(ps, -EINVAL,
					      "namespace in a name selector");
			memcpy(d->name, s->name, sizeof(d->name));
			d->profile = prof;
		} else if (kind == CORDON_SELECT_NS) {
			struct cordon_ns_sel *d = &p->ns_sel[p->nr_ns_sel++];

			if (!zero(s->name, sizeof(s->name)))
				return refuse(ps, -EINVAL,
					      "name in a namespace selector");
			if (!s->mnt_ns && !s->pid_ns && !s->user_ns)
				return refuse(ps, -EINVAL,
					      "namespace selector matches all");
			d->mnt = le32_to_cpu(s->mnt_ns);
			d->pid = le32_to_cpu(s->pid_ns);
			d->user = le32_to_cpu(s->user_ns);
			d->profile = prof;
		} else {
			return refuse(ps, -EINVAL, "unknown selector kind");
		}
	}

	sort(p->name_sel, p->nr_name_sel, sizeof(*p->name_sel),
	     cmp_name_sel_sort, NULL);
	for (i = 1; i < p->nr_name_sel; i++)
		if (!strcmp(p->name_sel[i - 1].name, p->name_sel[i].name))
			return refuse(ps, -ENOTUNIQ, "two selectors for one name");

	/* namespace selectors keep their order: find duplicates in a copy */
	if (p->nr_ns_sel < 2)
		return 0;
	copy = kvmalloc_array(p->nr_ns_sel, sizeof(*copy), GFP_KERNEL);
	if (!copy)
		return refuse(ps, -ENOMEM, "out of memory");
	memcpy(copy, p->ns_sel, p->nr_ns_sel * sizeof(*copy));
	sort(copy, p->nr_ns_sel, sizeof(*copy), cmp_ns_sel, NULL);
	for (i = 1; i < p->nr_ns_sel; i++)
		if (!cmp_ns_sel(&copy[i - 1], &copy[i])) {
			ret = refuse(ps, -ENOTUNIQ,
				     "two selectors for one namespace set");
			break;
		}
	kvfree(copy);
	return ret;
}

static void policy_free(struct cordon_policy *p)
{
	if (!p || p->builtin)
		return;
	kvfree(p->profiles);
	kvfree(p->mount_rules);
	kvfree(p->device_rules);
	kvfree(p->name_sel);
	kvfree(p->ns_sel);
	kfree(p);
}

static void policy_free_work(struct work_struct *work)
{
	policy_free(container_of(to_rcu_work(work), struct cordon_policy,
				 free_work));
}

/**
 * cordon_policy_parse - check a policy blob and build the policy
 * @data: the blob
 * @len: its length
 * @out: set to the new policy on success
 * @reason: set to why the blob was refused on failure
 *
 * Every field is checked: sizes, counts against their bounds, ranges,
 * unknown bits, reserved fields, names, duplicates and references.
 *
 * Return: 0, or a negative errno: -EBADMSG (structure), -EPROTONOSUPPORT
 * (format), -E2BIG (bounds), -EINVAL (values), -ENOTUNIQ (duplicates),
 * -ENOENT (references), -ENOMEM.
 */
int cordon_policy_parse(const void *data, size_t len,
			struct cordon_policy **out, const char **reason)
{
	const struct cordon_policy_header *h = data;
	const struct cordon_policy_profile *profiles;
	const struct cordon_policy_mount_rule *rules;
	const struct cordon_policy_device_rule *devs;
	const struct cordon_policy_selector *sels;
	struct parse ps = { .reason = "out of memory" };
	unsigned int np, nm, nd, ns, i, j;
	struct cordon_policy *p;
	size_t want;
	int ret;

	*out = NULL;
	if (len < sizeof(*h)) {
		ret = refuse(&ps, -EBADMSG, "truncated header");
		goto out;
	}
	if (le32_to_cpu(h->magic) != CORDON_POLICY_MAGIC) {
		ret = refuse(&ps, -EBADMSG, "bad magic");
		goto out;
	}
	if (le16_to_cpu(h->format) != CORDON_POLICY_FORMAT) {
		ret = refuse(&ps, -EPROTONOSUPPORT, "unknown format");
		goto out;
	}
	if (le16_to_cpu(h->header_size) != sizeof(*h)) {
		ret = refuse(&ps, -EBADMSG, "bad header size");
		goto out;
	}
	if (le32_to_cpu(h->total_size) != len) {
		ret = refuse(&ps, -EBADMSG, "total size does not match");
		goto out;
	}
	if (h->flags || !zero(h->reserved, sizeof(h->reserved))) {
		ret = refuse(&ps, -EINVAL, "reserved header field set");
		goto out;
	}
	if (!le64_to_cpu(h->version)) {
		ret = refuse(&ps, -EINVAL, "version 0");
		goto out;
	}
	if (!cordon_name_ok(h->name, sizeof(h->name), false)) {
		ret = refuse(&ps, -EINVAL, "bad policy name");
		goto out;
	}
	np = le16_to_cpu(h->nr_profiles);
	nm = le32_to_cpu(h->nr_mount_rules);
	ns = le32_to_cpu(h->nr_selectors);
	nd = le32_to_cpu(h->nr_device_rules);
	if (np > CORDON_MAX_PROFILES || nm > CORDON_MAX_MOUNT_RULES ||
	    ns > CORDON_MAX_SELECTORS || nd > CORDON_MAX_DEVICE_RULES) {
		ret = refuse(&ps, -E2BIG, "count over its bound");
		goto out;
	}
	if (!np) {
		ret = refuse(&ps, -EINVAL, "no profile");
		goto out;
	}
	/* bounded above: no overflow */
	want = sizeof(*h) + (size_t)np * sizeof(*profiles) +
	       (size_t)nm * sizeof(*rules) + (size_t)nd * sizeof(*devs) +
	       (size_t)ns * sizeof(*sels);
	if (want != len) {
		ret = refuse(&ps, -EBADMSG, "size does not match the counts");
		goto out;
	}
	if (le16_to_cpu(h->default_profile) >= np) {
		ret = refuse(&ps, -ENOENT, "default profile missing");
		goto out;
	}
	profiles = (const void *)(h + 1);
	rules = (const void *)(profiles + np);
	devs = (const void *)(rules + nm);
	sels = (const void *)(devs + nd);

	ret = -ENOMEM;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		goto out;
	ps.p = p;
	p->profiles = kvcalloc(np, sizeof(*p->profiles), GFP_KERNEL);
	p->mount_rules = kvcalloc(nm ?: 1, sizeof(*p->mount_rules), GFP_KERNEL);
	p->device_rules = kvcalloc(nd ?: 1, sizeof(*p->device_rules),
				   GFP_KERNEL);
	p->name_sel = kvcalloc(ns ?: 1, sizeof(*p->name_sel), GFP_KERNEL);
	p->ns_sel = kvcalloc(ns ?: 1, sizeof(*p->ns_sel), GFP_KERNEL);
	if (!p->profiles || !p->mount_rules || !p->device_rules ||
	    !p->name_sel || !p->ns_sel)
		goto fail;
	INIT_RCU_WORK(&p->free_work, policy_free_work);
	p->version = le64_to_cpu(h->version);
	memcpy(p->name, h->name, sizeof(p->name));
	p->nr_profiles = np;
	p->default_profile = &p->profiles[le16_to_cpu(h->default_profile)];

	for (i = 0; i < np; i++) {
		ret = parse_profile(&ps, &profiles[i], &p->profiles[i]);
		if (ret)
			goto fail;
		for (j = 0; j < i; j++)
			if (!strcmp(p->profiles[j].name, p->profiles[i].name)) {
				ret = refuse(&ps, -ENOTUNIQ,
					     "two profiles with one name");
				goto fail;
			}
	}
	ret = parse_mount_rules(&ps, rules, nm);
	if (ret)
		goto fail;
	ret = parse_device_rules(&ps, devs, nd);
	if (ret)
		goto fail;
	ret = parse_selectors(&ps, sels, ns);
	if (ret)
		goto fail;
	*out = p;
	return 0;
fail:
	policy_free(p);
out:
	*reason = ps.reason;
	return ret;
}

static void audit_load(const struct cordon_policy *old_p,
		       const char *old_name, u64 old_version,
		       const struct cordon_policy *new_p, int err,
		       const char *reason)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_POLICY_LOAD);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=cordon op=policy_load old_name=");
	audit_log_untrustedstring(ab, old_name);
	audit_log_format(ab, " old_version=%llu", old_version);
	if (new_p) {
		audit_log_format(ab, " new_name=");
		audit_log_untrustedstring(ab, new_p->name);
		audit_log_format(ab, " new_version=%llu digest=sha256:%*phN",
				 new_p->version, 32, new_p->digest);
	}
	if (err) {
		/* reasons are the kernel's own string literals */
		audit_log_format(ab, " errno=%d reason=\"%s\"", -err, reason);
	}
	audit_log_format(ab, " res=%d", !err);
	audit_log_end(ab);
}

/*
 * The measurement's buffer is the blob's SHA-256 (already computed: the
 * blob is not hashed again), followed by the SHA-256 of the ticket when
 * the load carried one; its event name is the policy's identity.
 */
static void measure(const struct cordon_policy *p,
		    const struct cordon_attest *att)
{
	u8 buf[sizeof(p->digest) + sizeof(att->digest)];
	char event[CORDON_NAME_MAX + 48];
	size_t len = sizeof(p->digest);

	memcpy(buf, p->digest, sizeof(p->digest));
	if (att->ticketed) {
		memcpy(buf + len, att->digest, sizeof(att->digest));
		len += sizeof(att->digest);
	}
	snprintf(event, sizeof(event), "cordon-policy:%s:%llu", p->name,
		 p->version);
	ima_measure_critical_data("cordon", event, buf, len, false, NULL, 0);
}

/**
 * cordon_policy_load - verify, parse and activate a policy
 * @blob: the policy blob
 * @len: its length
 * @sig: detached PKCS#7 signature of @blob, NULL if none was given
 * @siglen: its length
 * @ticket: the verifier ticket and its signature, NULL if none was given
 * @reason: set to why the load was refused
 *
 * Sleeps.  On any failure the active policy stays in force.
 *
 * Return: 0, or a negative errno: the ticket check's error (see
 * cordon_attest_check(): -EACCES, -EBADE, -EKEYREVOKED, -ETIME, -ENOMSG),
 * -E2BIG (too large), -ENODATA (not signed), the signature check's error
 * (-EBADMSG, -EKEYREJECTED, -ENOKEY, ...), the parser's (see
 * cordon_policy_parse()), -ESTALE (version not above the active one, or
 * below CONFIG_SECURITY_CORDON_MIN_POLICY_VERSION).
 */
int cordon_policy_load(const void *blob, size_t len, const void *sig,
		       size_t siglen, const struct cordon_ticket_req *ticket,
		       const char **reason)
{
	struct cordon_policy *new_p = NULL, *old_p;
	char old_name[CORDON_NAME_MAX];
	struct cordon_attest att;
	u64 old_version;
	int ret;

	*reason = "";
	/* the kernel's gate first; it consumes the challenge in any case */
	ret = cordon_attest_check(blob, len, ticket, &att, reason);
	if (ret)
		goto refused;
	if (len > CORDON_POLICY_MAX_SIZE) {
		*reason = "policy too large";
		ret = -E2BIG;
		goto refused;
	}
	if (!sig) {
		if (!IS_ENABLED(CONFIG_SECURITY_CORDON_UNSIGNED_LOAD)) {
			*reason = "policy not signed";
			ret = -ENODATA;
			goto refused;
		}
		pr_warn("loading an unsigned policy (SECURITY_CORDON_UNSIGNED_LOAD)\n");
	} else {
		ret = cordon_verify_signature(blob, len, sig, siglen);
		if (ret) {
			*reason = ret == -ENOKEY ? "signer not trusted" :
				  ret == -EKEYREJECTED ? "signature rejected" :
				  ret == -EBADMSG ? "malformed signature" :
				  "signature check failed";
			goto refused;
		}
	}
	ret = cordon_policy_parse(blob, len, &new_p, reason);
	if (ret)
		goto refused;
	sha256(blob, len, new_p->digest);
	/* the floor built into the kernel holds across reboots */
	ret = cordon_version_floor_check(new_p->version, reason);
	if (ret)
		goto refused;

	mutex_lock(&load_mutex);
	old_p = rcu_dereference_protected(active_policy,
					  lockdep_is_held(&load_mutex));
	strscpy(old_name, old_p->name, sizeof(old_name));
	old_version = old_p->version;
	if (new_p->version <= old_p->version) {
		mutex_unlock(&load_mutex);
		*reason = "version not above the active policy's";
		ret = -ESTALE;
		goto refused;
	}
	new_p->seq = ++load_seq;
	rcu_assign_pointer(active_policy, new_p);
	cordon_attest_loaded(&att);
	mutex_unlock(&load_mutex);

	atomic64_inc(&nr_loads);
	measure(new_p, &att);
	audit_load(old_p, old_name, old_version, new_p, 0, NULL);
	pr_info("policy %s version %llu loaded (was %s version %llu)\n",
		new_p->name, new_p->version, old_name, old_version);
	if (!old_p->builtin)
		queue_rcu_work(system_wq, &old_p->free_work);
	return 0;

refused:
	atomic64_inc(&nr_rejects);
	rcu_read_lock();
	old_p = rcu_dereference(active_policy);
	strscpy(old_name, old_p->name, sizeof(old_name));
	old_version = old_p->version;
	rcu_read_unlock();
	audit_load(NULL, old_name, old_version, new_p, ret, *reason);
	policy_free(new_p);
	return ret;
}

/**
 * cordon_policy_init - apply the boot mode to the built-in profile
 */
void __init cordon_policy_init(void)
{
	builtin_profiles[0].mode = cordon_boot_mode();
}

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

static void test_fstype_allow_list(struct kunit *test)
{
	const struct cordon_profile *p = &builtin_profiles[0];

	KUNIT_EXPECT_NOT_NULL(test, cordon_mount_rule_find(p, "tmpfs"));
	KUNIT_EXPECT_NOT_NULL(test, cordon_mount_rule_find(p, "mqueue"));
	KUNIT_EXPECT_NULL(test, cordon_mount_rule_find(p, "proc"));
	KUNIT_EXPECT_NULL(test, cordon_mount_rule_find(p, "tmpfs2"));
	KUNIT_EXPECT_NULL(test, cordon_mount_rule_find(p, "tmp"));
	KUNIT_EXPECT_NULL(test, cordon_mount_rule_find(p, NULL));
}

static void test_default_cap_deny_set(struct kunit *test)
{
	static const int denied[] = {
		CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_BOOT, CAP_SYS_TIME,
		CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_SYSLOG, CAP_BPF,
		CAP_PERFMON, CAP_DAC_READ_SEARCH,
	};
	const struct cordon_profile *p = &builtin_profiles[0];
	int i;

	for (i = 0; i < ARRAY_SIZE(denied); i++)
		KUNIT_EXPECT_TRUE(test, cap_raised(p->cap_deny, denied[i]));
	KUNIT_EXPECT_FALSE(test, cap_raised(p->cap_deny, CAP_SYS_ADMIN));
	KUNIT_EXPECT_TRUE(test, cap_raised(p->cap_deny_init_ns, CAP_SYS_ADMIN));
	KUNIT_EXPECT_FALSE(test, cap_raised(p->cap_deny, CAP_NET_BIND_SERVICE));
	KUNIT_EXPECT_FALSE(test, cap_raised(p->cap_deny, CAP_CHOWN));
}

/* a blob with two profiles, two rules and two selectors */
struct test_blob {
	struct cordon_policy_header h;
	struct cordon_policy_profile prof[2];
	struct cordon_policy_mount_rule rule[2];
	struct cordon_policy_device_rule dev[2];
	struct cordon_policy_selector sel[2];
} __packed;

static void test_blob_init(struct test_blob *b)
{
	memset(b, 0, sizeof(*b));
	b->h.magic = cpu_to_le32(CORDON_POLICY_MAGIC);
	b->h.format = cpu_to_le16(CORDON_POLICY_FORMAT);
	b->h.header_size = cpu_to_le16(sizeof(b->h));
	b->h.total_size = cpu_to_le32(sizeof(*b));
	b->h.version = cpu_to_le64(7);
	strscpy(b->h.name, "test", sizeof(b->h.name));
	b->h.nr_profiles = cpu_to_le16(2);
	b->h.default_profile = cpu_to_le16(1);
	b->h.nr_mount_rules = cpu_to_le32(2);
	b->h.nr_selectors = cpu_to_le32(2);
	b->h.nr_device_rules = cpu_to_le32(2);
	strscpy(b->prof[0].name, "web", sizeof(b->prof[0].name));
	b->prof[0].mode = CORDON_POLICY_MODE_COMPLAIN;
	b->prof[0].cap_deny = cpu_to_le64(BIT_ULL(CAP_SYS_MODULE));
	strscpy(b->prof[1].name, "base", sizeof(b->prof[1].name));
	b->prof[1].mode = CORDON_POLICY_MODE_ENFORCE;
	b->prof[1].knobs = cpu_to_le32(CORDON_KNOB_ALL);
	strscpy(b->rule[0].fstype, "tmpfs", sizeof(b->rule[0].fstype));
	b->rule[0].profile = cpu_to_le16(0);
	strscpy(b->rule[1].fstype, "proc", sizeof(b->rule[1].fstype));
	b->rule[1].profile = cpu_to_le16(0);
	b->rule[1].require = cpu_to_le16(CORDON_MOUNT_NOSUID);
	b->prof[0].surface = cpu_to_le32(CORDON_SURFACE_USERNS);
	b->dev[0].profile = cpu_to_le16(0);
	b->dev[0].type = CORDON_DEV_BLOCK;
	b->dev[0].access = CORDON_DEV_READ;
	b->dev[0].major = cpu_to_le32(7);
	b->dev[0].minor = cpu_to_le32(CORDON_DEV_ANY);
	b->dev[1].profile = cpu_to_le16(0);
	b->dev[1].type = CORDON_DEV_CHAR;
	b->dev[1].access = CORDON_DEV_READ | CORDON_DEV_WRITE;
	b->dev[1].major = cpu_to_le32(CORDON_DEV_ANY);
	b->dev[1].minor = cpu_to_le32(CORDON_DEV_ANY);
	b->sel[0].kind = cpu_to_le16(CORDON_SELECT_NAME);
	strscpy(b->sel[0].name, "nginx", sizeof(b->sel[0].name));
	b->sel[1].kind = cpu_to_le16(CORDON_SELECT_NS);
	b->sel[1].pid_ns = cpu_to_le32(4026532000U);
}

static int test_parse(struct test_blob *b, size_t len)
{
	struct cordon_policy *p;
	const char *reason;
	int ret = cordon_policy_parse(b, len, &p, &reason);

	policy_free(p);
	return ret;
}

static void test_parse_good(struct kunit *test)
{
	struct test_blob *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	const struct cordon_mount_rule *r;
	struct cordon_policy *p;
	const char *reason;

	KUNIT_ASSERT_NOT_NULL(test, b);
	test_blob_init(b);
	KUNIT_ASSERT_EQ(test, cordon_policy_parse(b, sizeof(*b), &p, &reason),
			0);
	KUNIT_EXPECT_EQ(test, p->version, 7ULL);
	KUNIT_EXPECT_STREQ(test, p->default_profile->name, "base");
	KUNIT_EXPECT_EQ(test, p->profiles[0].mode, CORDON_MODE_COMPLAIN);
	KUNIT_EXPECT_EQ(test, p->profiles[0].nr_mount_rules, 2U);
	KUNIT_EXPECT_EQ(test, p->profiles[1].nr_mount_rules, 0U);
	r = cordon_mount_rule_find(&p->profiles[0], "proc");
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->require, (u32)CORDON_MOUNT_NOSUID);
	KUNIT_EXPECT_NOT_NULL(test, cordon_mount_rule_find(&p->profiles[0],
							   "tmpfs"));
	KUNIT_EXPECT_NULL(test, cordon_mount_rule_find(&p->profiles[1],
						       "tmpfs"));
	KUNIT_EXPECT_TRUE(test, cap_raised(p->profiles[0].cap_deny,
					   CAP_SYS_MODULE));
	KUNIT_EXPECT_EQ(test, p->nr_name_sel, 1U);
	KUNIT_EXPECT_EQ(test, p->nr_ns_sel, 1U);
	KUNIT_EXPECT_EQ(test, p->profiles[0].surface,
			(u32)CORDON_SURFACE_USERNS);
	KUNIT_EXPECT_EQ(test, p->profiles[0].nr_device_rules, 2U);
	KUNIT_EXPECT_EQ(test, p->profiles[1].nr_device_rules, 0U);
	KUNIT_EXPECT_TRUE(test, cordon_device_allowed(&p->profiles[0], true,
						      MKDEV(7, 3),
						      CORDON_DEV_READ));
	KUNIT_EXPECT_FALSE(test, cordon_device_allowed(&p->profiles[0], true,
						       MKDEV(7, 3),
						       CORDON_DEV_WRITE));
	KUNIT_EXPECT_FALSE(test, cordon_device_allowed(&p->profiles[1], true,
						       MKDEV(7, 3),
						       CORDON_DEV_READ));
	KUNIT_EXPECT_TRUE(test, cordon_device_allowed(&p->profiles[0], false,
						      MKDEV(1, 1),
						      CORDON_DEV_WRITE));
	policy_free(p);
}

static void test_parse_bad(struct kunit *test)
{
	struct test_blob *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
#define BAD(err, stmt)							\
	do {								\
		test_blob_init(b);					\
		stmt;							\
		KUNIT_EXPECT_EQ(test, test_parse(b, sizeof(*b)), err);	\
	} while (0)
	BAD(-EBADMSG, b->h.magic = 0);
	BAD(-EPROTONOSUPPORT, b->h.format = cpu_to_le16(1));
	BAD(-EPROTONOSUPPORT, b->h.format = cpu_to_le16(3));
	BAD(-EBADMSG, b->h.total_size = cpu_to_le32(sizeof(*b) - 1));
	BAD(-EBADMSG, b->h.nr_selectors = cpu_to_le32(1));
	BAD(-E2BIG, b->h.nr_selectors = cpu_to_le32(CORDON_MAX_SELECTORS + 1));
	BAD(-E2BIG, b->h.nr_profiles = cpu_to_le16(CORDON_MAX_PROFILES + 1));
	BAD(-E2BIG, b->h.nr_device_rules =
		cpu_to_le32(CORDON_MAX_DEVICE_RULES + 1));
	BAD(-EBADMSG, b->h.nr_device_rules = cpu_to_le32(1));
	BAD(-EINVAL, b->h.flags = cpu_to_le32(1));
	BAD(-EINVAL, b->h.reserved[6] = cpu_to_le32(1));
	BAD(-EINVAL, b->h.version = 0);
	BAD(-EINVAL, b->h.name[0] = '/');
	BAD(-EINVAL, b->h.name[0] = (char)0xe9);
	BAD(-EINVAL, b->h.name[10] = 'x');	/* not NUL-padded */
	BAD(-ENOENT, b->h.default_profile = cpu_to_le16(2));
	BAD(-EINVAL, b->prof[0].mode = 3);
	BAD(-EINVAL, b->prof[0].arm = 2);
	BAD(-EINVAL, b->prof[0].knobs = cpu_to_le32(CORDON_KNOB_ALL + 1));
	BAD(-EINVAL, b->prof[0].cap_deny = cpu_to_le64(BIT_ULL(63)));
	BAD(-EINVAL, b->prof[1].reserved[2] = cpu_to_le32(1));
	BAD(-EINVAL, b->prof[1].surface = cpu_to_le32(CORDON_SURFACE_ALL + 1));
	BAD(-EINVAL, b->prof[0].cap_deny =
		cpu_to_le64(BIT_ULL(CAP_CHECKPOINT_RESTORE)));
	BAD(-EINVAL, b->prof[0].cap_deny_init_ns =
		cpu_to_le64(BIT_ULL(CAP_CHECKPOINT_RESTORE)));
	BAD(-EINVAL, b->dev[0].type = 3);
	BAD(-EINVAL, b->dev[0].access = 0);
	BAD(-EINVAL, b->dev[0].access = 8);
	BAD(-EINVAL, b->dev[0].major = cpu_to_le32(4096));
	BAD(-EINVAL, b->dev[0].minor = cpu_to_le32(1U << 20));
	BAD(-EINVAL, b->dev[1].minor = cpu_to_le32(3));
	BAD(-EINVAL, b->dev[0].reserved = cpu_to_le32(1));
	BAD(-ENOENT, b->dev[0].profile = cpu_to_le16(2));
	BAD(-ENOTUNIQ, b->dev[1] = b->dev[0]);
	BAD(-ENOTUNIQ, strscpy(b->prof[1].name, "web", sizeof(b->prof[1].name)));
	BAD(-ENOTUNIQ, strscpy(b->rule[1].fstype, "tmpfs", CORDON_FSTYPE_MAX));
	BAD(-ENOENT, b->rule[1].profile = cpu_to_le16(2));
	BAD(-EINVAL, b->rule[1].require = cpu_to_le16(0x10));
	BAD(-ENOENT, b->sel[0].profile = cpu_to_le16(9));
	BAD(-EINVAL, b->sel[0].kind = cpu_to_le16(3));
	BAD(-EINVAL, b->sel[1].pid_ns = 0);
	BAD(-EINVAL, b->sel[0].mnt_ns = cpu_to_le32(1));
	BAD(-ENOTUNIQ, b->sel[1] = b->sel[0]);
#undef BAD
	test_blob_init(b);
	KUNIT_EXPECT_EQ(test, test_parse(b, sizeof(b->h) - 1), -EBADMSG);
	KUNIT_EXPECT_EQ(test, test_parse(b, sizeof(*b) - 1), -EBADMSG);
}

static void test_profile_weaker(struct kunit *test)
{
	static struct cordon_mount_rule tmpfs = { .fstype = "tmpfs" };
	static struct cordon_mount_rule tmpfs_ro = {
		.fstype = "tmpfs", .require = CORDON_MOUNT_RDONLY,
	};
	static struct cordon_device_rule loop_r = {
		CORDON_DEV_BLOCK, CORDON_DEV_READ, 7, CORDON_DEV_ANY,
	};
	static struct cordon_device_rule loop0_rw = {
		CORDON_DEV_BLOCK, CORDON_DEV_READ | CORDON_DEV_WRITE, 7, 0,
	};
	const struct cordon_profile *def = &builtin_profiles[0];
	struct cordon_profile a, b;

	/* a profile is not weaker than itself */
	KUNIT_EXPECT_FALSE(test, cordon_profile_weaker(def, def));
#define WEAKER(want, stmt)						\
	do {								\
		a = *def;						\
		stmt;							\
		KUNIT_EXPECT_EQ(test, cordon_profile_weaker(&a, def), want); \
	} while (0)
	WEAKER(true, a.mode = CORDON_MODE_COMPLAIN);
	/* arming at exec is weaker than arming at once */
	a = *def;
	b = *def;
	b.arm_on_exec = false;
	KUNIT_EXPECT_TRUE(test, cordon_profile_weaker(&a, &b));
	KUNIT_EXPECT_FALSE(test, cordon_profile_weaker(&b, &a));
	WEAKER(true, a.mount_ops = CORDON_MOUNT_OP_BIND);
	WEAKER(true, a.ipc_cross |= CORDON_IPC_SIGNAL);
	WEAKER(true, a.knobs &= ~CORDON_KNOB_SYSCTL);
	WEAKER(true, a.cap_deny = cordon_caps_from_u64(0));
	WEAKER(true, a.cap_deny_init_ns = cordon_caps_from_u64(0));
	WEAKER(true, a.surface = CORDON_SURFACE_USERNS);
	/* letting the host trace is weaker than refusing it */
	a = *def;
	b = *def;
	b.ptrace_host_deny = true;
	KUNIT_EXPECT_TRUE(test, cordon_profile_weaker(&a, &b));
	KUNIT_EXPECT_FALSE(test, cordon_profile_weaker(&b, &a));
	/* stricter in every respect: not weaker */
	WEAKER(false, a.ipc_cross = 0);
	WEAKER(false, a.nr_mount_rules = 0);
	WEAKER(false, a.mount_rules = &tmpfs_ro; a.nr_mount_rules = 1);
	/* mount and device rules */
	a = *def;
	b = *def;
	a.mount_rules = &tmpfs;
	a.nr_mount_rules = 1;
	b.mount_rules = &tmpfs_ro;
	b.nr_mount_rules = 1;
	KUNIT_EXPECT_TRUE(test, cordon_profile_weaker(&a, &b));
	KUNIT_EXPECT_FALSE(test, cordon_profile_weaker(&b, &a));
	a = *def;
	b = *def;
	a.device_rules = &loop0_rw;
	a.nr_device_rules = 1;
	b.device_rules = &loop_r;
	b.nr_device_rules = 1;
	KUNIT_EXPECT_TRUE(test, cordon_profile_weaker(&a, &b));
	KUNIT_EXPECT_TRUE(test, cordon_profile_weaker(&b, &a));
	KUNIT_EXPECT_TRUE(test, cordon_profile_weaker(&b, def));
	KUNIT_EXPECT_FALSE(test, cordon_profile_weaker(def, &b));
#undef WEAKER
}

static struct kunit_case cordon_policy_test_cases[] = {
	KUNIT_CASE(test_profile_weaker),
	KUNIT_CASE(test_fstype_allow_list),
	KUNIT_CASE(test_default_cap_deny_set),
	KUNIT_CASE(test_parse_good),
	KUNIT_CASE(test_parse_bad),
	{}
};

static struct kunit_suite cordon_policy_test_suite = {
	.name = "cordon_policy",
	.test_cases = cordon_policy_test_cases,
};

kunit_test_suite(cordon_policy_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
