// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - policies: the built-in default, loading a signed policy, and
 * finding a container's profile
 *
 * The active policy is reached through one RCU pointer.  A load verifies
 * the blob's signature, parses and bound-checks every field of it
 * (policy_parse.c, against uapi/linux/cordon.h), refuses a version that
 * does not exceed the active one, swaps the pointer, measures the blob into
 * IMA and audits the change; the replaced policy is freed after a grace
 * period.  Any failure leaves the active policy in force.
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
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cordon.h"
#include "compat.h"
#include "keyring.h"
#include "attest.h"
#include "policy_parse.h"

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

/*
 * The profile caches in tags and containers are keyed by an epoch that every
 * policy switch and every binding change advances: a cached index is only
 * used under the epoch it was computed in.  It starts at 1 so that a fresh
 * (zeroed) cache never matches, and at one change per nanosecond would take
 * nine years to run out of its 48 bits.
 */
static atomic64_t cordon_epoch = ATOMIC64_INIT(1);

#define CORDON_EPOCH_SHIFT 16
#define CORDON_IDX_MASK ((1ULL << CORDON_EPOCH_SHIFT) - 1)

/**
 * cordon_epoch_advance - invalidate every cached profile resolution
 *
 * Called after the active policy or a container's binding changed (and
 * was published): the change is ordered before the new epoch.
 */
void cordon_epoch_advance(void)
{
	atomic64_inc_return(&cordon_epoch);
}

static const struct cordon_profile *
profile_at(const struct cordon_policy *p, unsigned int idx)
{
	return idx ? &p->profiles[idx - 1] : p->default_profile;
}

/* a container's own selection: profile index + 1, 0 for none */
static unsigned int container_resolved(const struct cordon_policy *p,
				       struct cordon_container *c, u64 epoch)
{
	unsigned int idx;
	u64 r;

	if (!epoch)
		return resolve(p, c) + 1;
	r = atomic64_read(&c->resolved);
	if (r >> CORDON_EPOCH_SHIFT == epoch)
		return r & CORDON_IDX_MASK;
	idx = resolve(p, c) + 1;
	atomic64_set(&c->resolved, epoch << CORDON_EPOCH_SHIFT | idx);
	return idx;
}

/*
 * The effective profile of a tag: profile index + 1, 0 for the policy's
 * default.  A container's own selection (binding, name or namespace
 * selector) if it has one, else that of the container it was entered from;
 * but never a profile weaker than the outer container's, so that a nested
 * container cannot shed restrictions by matching a selector of a more
 * permissive profile.  Cached in the tag under @epoch (0: not cached, for a
 * policy that is not the active one).  The recursion is as deep as the
 * tag's nesting, at most CORDON_MAX_DEPTH.
 */
static unsigned int tag_resolved(const struct cordon_policy *p,
				 struct cordon_tag *tag, u64 epoch)
{
	unsigned int own, outer = 0;
	u64 r;

	if (epoch) {
		r = atomic64_read(&tag->resolved);
		if (r >> CORDON_EPOCH_SHIFT == epoch)
			return r & CORDON_IDX_MASK;
	}
	if (tag->outer)
		outer = tag_resolved(p, tag->outer, epoch);
	own = container_resolved(p, tag->container, epoch);
	if (!own || (tag->outer && own != outer &&
		     cordon_profile_weaker(profile_at(p, own),
					   profile_at(p, outer))))
		own = outer;
	if (epoch)
		atomic64_set(&tag->resolved, epoch << CORDON_EPOCH_SHIFT | own);
	return own;
}

/**
 * cordon_profile_for - the profile a policy gives a container
 * @policy: the policy
 * @tag: the container (not NULL)
 *
 * The container's own profile, or the one of the container it was entered
 * from when it has none or its own is weaker in any respect (see
 * cordon_profile_weaker()).  Not cached: the active policy's is given by
 * cordon_profile_of().  Must be called inside rcu_read_lock().
 *
 * Return: the profile.
 */
const struct cordon_profile *
cordon_profile_for(const struct cordon_policy *policy,
		   const struct cordon_tag *tag)
{
	return profile_at(policy,
			  tag_resolved(policy, (struct cordon_tag *)tag, 0));
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
	return profile_at(policy,
			  container_resolved(policy,
					     (struct cordon_container *)c, 0));
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
	/* the epoch first: a policy switch is published before its epoch */
	u64 epoch = atomic64_read_acquire(&cordon_epoch);
	const struct cordon_policy *p = cordon_policy();

	return profile_at(p, tag_resolved(p, (struct cordon_tag *)tag, epoch));
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

/* a replaced policy is freed after a grace period, from a work item */
static void cordon_policy_free_work(struct work_struct *work)
{
	cordon_policy_free(container_of(to_rcu_work(work), struct cordon_policy,
					free_work));
}

/*
 * What a load costs, step by step, for the log line of a load that
 * succeeds: wall-clock nanoseconds (under QEMU's -icount shift=0, as
 * tests/bench/load-bench runs it, guest instructions).
 */
enum cordon_cost_step {
	CORDON_COST_TICKET,	/* the load gate (cordon_attest_check()) */
	CORDON_COST_SIGNATURE,	/* the policy's signature */
	CORDON_COST_PARSE,	/* the parser */
	CORDON_COST_DIGEST,	/* the blob's SHA-256, when not already known */
	CORDON_COST_SWAP,	/* floor, version, swap, IMA and audit */
	CORDON_COST_NR,
};

struct cordon_load_cost {
	u64 last;
	u64 total;
	u64 ns[CORDON_COST_NR];
};

static void cordon_load_cost_start(struct cordon_load_cost *cost)
{
	memset(cost, 0, sizeof(*cost));
	cost->last = ktime_get_ns();
}

static void cordon_load_cost_step(struct cordon_load_cost *cost,
				  enum cordon_cost_step step)
{
	u64 now = ktime_get_ns();

	cost->ns[step] += now - cost->last;
	cost->total += now - cost->last;
	cost->last = now;
}

/**
 * cordon_policy_memory - the memory a loaded policy takes
 * @p: the policy
 *
 * The policy and its arrays as the allocators round them (slab buckets,
 * pages), not counting vmalloc's own bookkeeping.
 *
 * Return: bytes, 0 for the built-in policy.
 */
size_t cordon_policy_memory(const struct cordon_policy *p)
{
	if (p->builtin)
		return 0;
	return kmalloc_size_roundup(sizeof(*p)) +
	       (is_vmalloc_addr(p->profiles) ? PAGE_ALIGN(p->size) :
					       kmalloc_size_roundup(p->size));
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
	struct cordon_signed signed_blob = {
		.data = blob, .len = len, .sig = sig, .siglen = siglen,
	};
	struct cordon_policy *new_p = NULL, *old_p;
	char old_name[CORDON_NAME_MAX];
	struct cordon_load_cost cost;
	struct cordon_attest att;
	u64 old_version;
	int ret;

	*reason = "";
	cordon_load_cost_start(&cost);
	/* the kernel's gate first; it consumes the challenge in any case */
	ret = cordon_attest_check(&signed_blob, ticket, &att, reason);
	cordon_load_cost_step(&cost, CORDON_COST_TICKET);
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
		ret = cordon_signed_verify(&signed_blob);
		cordon_load_cost_step(&cost, CORDON_COST_SIGNATURE);
		if (ret) {
			*reason = ret == -ENOKEY ? "signer not trusted" :
				  ret == -EKEYREJECTED ? "signature rejected" :
				  ret == -EBADMSG ? "malformed signature" :
				  "signature check failed";
			goto refused;
		}
	}
	ret = cordon_policy_parse(blob, len, &new_p, reason);
	cordon_load_cost_step(&cost, CORDON_COST_PARSE);
	if (ret)
		goto refused;
	INIT_RCU_WORK(&new_p->free_work, cordon_policy_free_work);
	/* taken from the signature check when it could be */
	memcpy(new_p->digest, cordon_signed_digest(&signed_blob),
	       sizeof(new_p->digest));
	cordon_signed_release(&signed_blob);
	cordon_load_cost_step(&cost, CORDON_COST_DIGEST);
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
	cordon_epoch_advance();
	cordon_attest_loaded(&att);
	mutex_unlock(&load_mutex);

	atomic64_inc(&nr_loads);
	measure(new_p, &att);
	audit_load(old_p, old_name, old_version, new_p, 0, NULL);
	cordon_load_cost_step(&cost, CORDON_COST_SWAP);
	pr_info("policy %s version %llu loaded (was %s version %llu): %zu bytes for a %zu-byte blob; %llu ns: ticket %llu, signature %llu, parse %llu, digest %llu, swap %llu\n",
		new_p->name, new_p->version, old_name, old_version,
		cordon_policy_memory(new_p), len, cost.total,
		cost.ns[CORDON_COST_TICKET], cost.ns[CORDON_COST_SIGNATURE],
		cost.ns[CORDON_COST_PARSE], cost.ns[CORDON_COST_DIGEST],
		cost.ns[CORDON_COST_SWAP]);
	if (!old_p->builtin)
		queue_rcu_work(system_wq, &old_p->free_work);
	return 0;

refused:
	cordon_signed_release(&signed_blob);
	atomic64_inc(&nr_rejects);
	rcu_read_lock();
	old_p = rcu_dereference(active_policy);
	strscpy(old_name, old_p->name, sizeof(old_name));
	old_version = old_p->version;
	rcu_read_unlock();
	audit_load(NULL, old_name, old_version, new_p, ret, *reason);
	cordon_policy_free(new_p);
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

/* a nested container's profile is never weaker than its outer one's */
static void test_nested_profile_composed(struct kunit *test)
{
	static struct cordon_ns_sel sel[] = {
		{ .pid = 4026532100U, .profile = 1 },	/* loose */
		{ .pid = 4026532101U, .profile = 0 },	/* strict */
	};
	struct cordon_profile *profiles;
	struct cordon_container *c;
	struct cordon_policy *p;
	/* loose, strict, in strict, in loose, strict in loose */
	struct cordon_tag *t;
	const struct cordon_profile *got[6];
	int i;

	profiles = kunit_kcalloc(test, 2, sizeof(*profiles), GFP_KERNEL);
	c = kunit_kcalloc(test, 4, sizeof(*c), GFP_KERNEL);
	t = kunit_kcalloc(test, 5, sizeof(*t), GFP_KERNEL);
	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, profiles);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p->seq = 77;
	p->nr_profiles = 2;
	p->profiles = profiles;
	p->default_profile = &profiles[0];
	p->nr_ns_sel = ARRAY_SIZE(sel);
	p->ns_sel = sel;
	profiles[0] = builtin_profiles[0];
	profiles[1] = builtin_profiles[0];
	profiles[1].mode = CORDON_MODE_COMPLAIN;
	profiles[1].mount_ops = CORDON_MOUNT_OP_ALL;
	c[0].key.pid = 4026532100U;
	c[1].key.pid = 4026532101U;
	c[2].key.pid = 4026532100U;	/* matches the loose selector */
	c[3].key.pid = 4026532102U;	/* matches nothing */
	for (i = 0; i < 5; i++)
		t[i].depth = i < 2 ? 1 : 2;
	t[0].container = &c[0];
	t[1].container = &c[1];
	t[2].container = &c[2];
	t[2].outer = &t[1];
	t[3].container = &c[3];
	t[3].outer = &t[0];
	t[4].container = &c[1];
	t[4].outer = &t[0];

	rcu_read_lock();
	for (i = 0; i < 5; i++)
		got[i] = cordon_profile_for(p, &t[i]);
	/* not cached: another policy gives another answer */
	p->nr_ns_sel = 0;
	got[5] = cordon_profile_for(p, &t[0]);
	rcu_read_unlock();

	KUNIT_EXPECT_PTR_EQ(test, got[0], &profiles[1]);
	KUNIT_EXPECT_PTR_EQ(test, got[1], &profiles[0]);
	/* selected the loose profile, entered from the strict container */
	KUNIT_EXPECT_PTR_EQ(test, got[2], &profiles[0]);
	/* no selection: the outer container's */
	KUNIT_EXPECT_PTR_EQ(test, got[3], &profiles[1]);
	/* stricter than the outer one: its own */
	KUNIT_EXPECT_PTR_EQ(test, got[4], &profiles[0]);
	KUNIT_EXPECT_PTR_EQ(test, got[5], &profiles[0]);
}

static struct kunit_case cordon_policy_test_cases[] = {
	KUNIT_CASE(test_profile_weaker),
	KUNIT_CASE(test_nested_profile_composed),
	KUNIT_CASE(test_fstype_allow_list),
	KUNIT_CASE(test_default_cap_deny_set),
	{}
};

static struct kunit_suite cordon_policy_test_suite = {
	.name = "cordon_policy",
	.test_cases = cordon_policy_test_cases,
};

kunit_test_suite(cordon_policy_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
