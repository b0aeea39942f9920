// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - the policy parser: a signed blob (uapi/linux/cordon.h) into a
 * struct cordon_policy
 *
 * Every field is bound-checked here; nothing here knows about hooks, RCU or
 * the active policy (policy.c).  The file is also built in userspace, from
 * this same source, for the libFuzzer target tests/fuzz/fuzz_kernel_policy.c
 * (with tests/fuzz/kshim.h in place of the kernel headers): keep to the
 * kernel APIs that shim maps (kernel allocators, sort(), string and byte
 * order helpers).
 *
 * Copyright (C) 2026 The cordon authors
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "cordon.h"
#include "compat.h"
#include "policy_parse.h"

/**
 * struct cordon_parse - state of a blob's parse
 * @reason: why the blob was refused, for the extended ack and audit
 * @p: the policy being built
 */
struct cordon_parse {
	const char *reason;
	struct cordon_policy *p;
};

static int cordon_refuse(struct cordon_parse *ps, int err, const char *reason)
{
	ps->reason = reason;
	return err;
}

/*
 * The length of a well-formed name field: NUL-terminated, NUL-padded, not
 * empty, made of [A-Za-z0-9._-] only (and '+' when @plus); 0 for any other.
 */
static size_t cordon_name_len(const char *field, size_t size, bool plus)
{
	size_t i;

	for (i = 0; i < size && field[i]; i++) {
		char c = field[i];

		/* ASCII only: the kernel's isalnum() takes Latin-1 letters */
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '.' && c != '_' &&
		    c != '-' && !(plus && c == '+'))
			return 0;
	}
	if (!i || i == size || memchr_inv(field + i, 0, size - i))
		return 0;
	return i;
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
	return cordon_name_len(field, size, plus);
}

static bool cordon_parse_zero(const void *buf, size_t len)
{
	return !memchr_inv(buf, 0, len);
}

static int cordon_parse_profile(struct cordon_parse *ps,
				const struct cordon_policy_profile *in,
				struct cordon_profile *out)
{
	u64 deny = le64_to_cpu(in->cap_deny);
	u64 deny_init = le64_to_cpu(in->cap_deny_init_ns);
	u64 caps = GENMASK_ULL(CAP_LAST_CAP, 0);

	if (!cordon_name_ok(in->name, sizeof(in->name), false))
		return cordon_refuse(ps, -EINVAL, "bad profile name");
	if (in->mode > CORDON_POLICY_MODE_ENFORCE)
		return cordon_refuse(ps, -EINVAL, "bad profile mode");
	if (in->arm > CORDON_ARM_IMMEDIATE)
		return cordon_refuse(ps, -EINVAL, "bad arm point");
	if (in->ptrace > CORDON_PTRACE_CONTAINER)
		return cordon_refuse(ps, -EINVAL, "bad ptrace scope");
	if (in->ptrace_host > CORDON_PTRACE_HOST_DENY)
		return cordon_refuse(ps, -EINVAL, "bad ptrace host setting");
	if (le32_to_cpu(in->mount_ops) & ~CORDON_MOUNT_OP_ALL)
		return cordon_refuse(ps, -EINVAL,
				     "unknown mount operation bit");
	if (le32_to_cpu(in->ipc_cross) & ~CORDON_IPC_ALL)
		return cordon_refuse(ps, -EINVAL, "unknown ipc mechanism bit");
	if (le32_to_cpu(in->knobs) & ~CORDON_KNOB_ALL)
		return cordon_refuse(ps, -EINVAL, "unknown knob bit");
	if ((deny & ~caps) || (deny_init & ~caps))
		return cordon_refuse(ps, -EINVAL, "unknown capability");
	/*
	 * The kernel takes CAP_SYS_ADMIN in place of CAP_CHECKPOINT_RESTORE
	 * (checkpoint_restore_ns_capable()): denying the latter while
	 * allowing the former would promise what the kernel does not keep.
	 * (CAP_BPF and CAP_PERFMON have the same fallback; bpf(2) and
	 * perf_event_open(2) are guarded by the surface bits instead.)
	 */
	if (((deny & BIT_ULL(CAP_CHECKPOINT_RESTORE)) &&
	     !(deny & BIT_ULL(CAP_SYS_ADMIN))) ||
	    ((deny_init & BIT_ULL(CAP_CHECKPOINT_RESTORE)) &&
	     !((deny | deny_init) & BIT_ULL(CAP_SYS_ADMIN))))
		return cordon_refuse(ps, -EINVAL,
				     "checkpoint_restore denied but sys_admin allowed");
	if (le32_to_cpu(in->surface) & ~CORDON_SURFACE_ALL)
		return cordon_refuse(ps, -EINVAL, "unknown surface bit");
	if (!cordon_parse_zero(in->reserved, sizeof(in->reserved)))
		return cordon_refuse(ps, -EINVAL, "reserved profile field set");

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

static int cordon_cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct cordon_mount_rule *)a)->fstype,
		      ((const struct cordon_mount_rule *)b)->fstype);
}

/* group the rules by profile, each group sorted by type, no duplicates */
static int cordon_parse_mount_rules(struct cordon_parse *ps,
				    const struct cordon_policy_mount_rule *in,
				    unsigned int n)
{
	struct cordon_policy *p = ps->p;
	unsigned int *next;
	unsigned int i, j, start;

	next = kcalloc(p->nr_profiles + 1, sizeof(*next), GFP_KERNEL);
	if (!next)
		return cordon_refuse(ps, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		unsigned int prof = le16_to_cpu(in[i].profile);

		if (!cordon_name_ok(in[i].fstype, sizeof(in[i].fstype), true)) {
			kfree(next);
			return cordon_refuse(ps, -EINVAL,
					     "bad file system type");
		}
		if (prof >= p->nr_profiles) {
			kfree(next);
			return cordon_refuse(ps, -ENOENT,
				      "mount rule of a missing profile");
		}
		if (le16_to_cpu(in[i].require) & ~CORDON_MOUNT_FLAGS_ALL) {
			kfree(next);
			return cordon_refuse(ps, -EINVAL, "unknown mount flag");
		}
		if (in[i].reserved) {
			kfree(next);
			return cordon_refuse(ps, -EINVAL,
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

		sort(r, prof->nr_mount_rules, sizeof(*r), cordon_cmp_rule,
		     NULL);
		for (j = 1; j < prof->nr_mount_rules; j++)
			if (!strcmp(r[j - 1].fstype, r[j].fstype))
				return cordon_refuse(ps, -ENOTUNIQ,
					      "two mount rules for one type");
	}
	return 0;
}

/*
 * A rule or a selector while they are sorted, to find duplicates: a name
 * selector's name as two big-endian words of its first 16 bytes (the rest
 * is compared in @sel), a namespace selector's namespaces or a device
 * rule's profile and device as two words (and no @sel), so that most
 * comparisons are of two integers.  Names are NUL-padded: comparing the
 * whole fields byte by byte orders them as strcmp() does.
 */
struct cordon_sort_key {
	u64 hi;
	u64 lo;
	const struct cordon_policy_selector *sel;
};

static u64 cordon_be64_bytes(const char *s)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | (u8)s[i];
	return v;
}

static int cordon_cmp_sort_key(const struct cordon_sort_key *x,
			       const struct cordon_sort_key *y)
{
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->sel ? memcmp(x->sel->name + 16, y->sel->name + 16,
			       sizeof(x->sel->name) - 16) : 0;
}

/*
 * Sort @n keys (bottom-up merge sort into @tmp and back: at most n log n
 * comparisons, made inline, where the library's sort() calls a function
 * for each and swaps the elements in place).
 *
 * Return: the sorted keys, @keys or @tmp.
 */
static struct cordon_sort_key *
cordon_sort_keys(struct cordon_sort_key *keys, struct cordon_sort_key *tmp,
		 unsigned int n)
{
	struct cordon_sort_key *src = keys, *dst = tmp, *t;
	unsigned int width, lo, mid, hi, i, j, o;

	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			mid = lo + width < n ? lo + width : n;
			hi = mid + width < n ? mid + width : n;
			for (i = lo, j = mid, o = lo; o < hi; o++)
				if (j >= hi ||
				    (i < mid &&
				     cordon_cmp_sort_key(&src[i], &src[j]) <= 0))
					dst[o] = src[i++];
				else
					dst[o] = src[j++];
		}
		t = src;
		src = dst;
		dst = t;
	}
	return src;
}

static int cordon_check_device_rule(struct cordon_parse *ps,
				    const struct cordon_policy_device_rule *in)
{
	u32 major = le32_to_cpu(in->major), minor = le32_to_cpu(in->minor);

	if (in->type != CORDON_DEV_CHAR && in->type != CORDON_DEV_BLOCK)
		return cordon_refuse(ps, -EINVAL, "bad device type");
	if (!in->access || (in->access & ~CORDON_DEV_ACCESS_ALL))
		return cordon_refuse(ps, -EINVAL, "bad device access");
	if (major != CORDON_DEV_ANY && major >= (1U << (32 - MINORBITS)))
		return cordon_refuse(ps, -EINVAL, "device major out of range");
	if (minor != CORDON_DEV_ANY && minor > MINORMASK)
		return cordon_refuse(ps, -EINVAL, "device minor out of range");
	if (major == CORDON_DEV_ANY && minor != CORDON_DEV_ANY)
		return cordon_refuse(ps, -EINVAL,
				     "device minor without a major");
	if (in->reserved)
		return cordon_refuse(ps, -EINVAL,
				     "reserved device rule field set");
	if (le16_to_cpu(in->profile) >= ps->p->nr_profiles)
		return cordon_refuse(ps, -ENOENT,
				     "device rule of a missing profile");
	return 0;
}

/* group the device rules by profile; no two for one device in a profile */
static int cordon_parse_device_rules(struct cordon_parse *ps,
				     const struct cordon_policy_device_rule *in,
				     unsigned int n)
{
	struct cordon_sort_key *keys, *sorted;
	struct cordon_policy *p = ps->p;
	unsigned int *next;
	unsigned int i, start;
	int ret = 0;

	for (i = 0; i < n; i++) {
		ret = cordon_check_device_rule(ps, &in[i]);
		if (ret)
			return ret;
		p->profiles[le16_to_cpu(in[i].profile)].nr_device_rules++;
	}
	next = kcalloc(p->nr_profiles, sizeof(*next), GFP_KERNEL);
	if (!next)
		return cordon_refuse(ps, -ENOMEM, "out of memory");
	for (i = 0, start = 0; i < p->nr_profiles; i++) {
		next[i] = start;
		p->profiles[i].device_rules = p->device_rules + start;
		start += p->profiles[i].nr_device_rules;
	}
	for (i = 0; i < n; i++) {
		unsigned int prof = le16_to_cpu(in[i].profile);
		struct cordon_device_rule *r = &p->device_rules[next[prof]++];

		r->type = in[i].type;
		r->access = in[i].access;
		r->major = le32_to_cpu(in[i].major);
		r->minor = le32_to_cpu(in[i].minor);
	}
	kfree(next);
	if (n < 2)
		return 0;
	/* (profile, type, major, minor) sorted: duplicates are neighbours */
	keys = kvmalloc_array(n, 2 * sizeof(*keys), GFP_KERNEL);
	if (!keys)
		return cordon_refuse(ps, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		keys[i].hi = (u64)le16_to_cpu(in[i].profile) << 40 |
			     (u64)in[i].type << 32 | le32_to_cpu(in[i].major);
		keys[i].lo = le32_to_cpu(in[i].minor);
		keys[i].sel = NULL;
	}
	sorted = cordon_sort_keys(keys, keys + n, n);
	for (i = 1; i < n; i++)
		if (!cordon_cmp_sort_key(&sorted[i - 1], &sorted[i])) {
			ret = cordon_refuse(ps, -ENOTUNIQ,
					    "two device rules for one device");
			break;
		}
	kvfree(keys);
	return ret;
}

/*
 * Name selectors are kept sorted by name, their names packed one after the
 * other in @names (sized by cordon_parse_count()).  @keys are the name
 * selectors' keys, @tmp room for as many.
 */
static int cordon_parse_name_sels(struct cordon_parse *ps,
				  struct cordon_sort_key *keys,
				  struct cordon_sort_key *tmp, char *names)
{
	struct cordon_policy *p = ps->p;
	const struct cordon_policy_selector *s;
	unsigned int i;

	keys = cordon_sort_keys(keys, tmp, p->nr_name_sel);
	for (i = 0; i < p->nr_name_sel; i++) {
		size_t len;

		if (i && !cordon_cmp_sort_key(&keys[i - 1], &keys[i]))
			return cordon_refuse(ps, -ENOTUNIQ,
					     "two selectors for one name");
		s = keys[i].sel;
		len = strnlen(s->name, sizeof(s->name));
		memcpy(names, s->name, len + 1);
		p->name_sel[i].name = names;
		p->name_sel[i].profile = le16_to_cpu(s->profile);
		names += len + 1;
	}
	return 0;
}

/* namespace selectors keep the policy's order: duplicates in sorted keys */
static int cordon_parse_ns_dups(struct cordon_parse *ps,
				struct cordon_sort_key *keys,
				struct cordon_sort_key *tmp)
{
	struct cordon_policy *p = ps->p;
	unsigned int i;

	for (i = 0; i < p->nr_ns_sel; i++) {
		keys[i].hi = (u64)p->ns_sel[i].mnt << 32 | p->ns_sel[i].pid;
		keys[i].lo = p->ns_sel[i].user;
		keys[i].sel = NULL;
	}
	keys = cordon_sort_keys(keys, tmp, p->nr_ns_sel);
	for (i = 1; i < p->nr_ns_sel; i++)
		if (!cordon_cmp_sort_key(&keys[i - 1], &keys[i]))
			return cordon_refuse(ps, -ENOTUNIQ,
					     "two selectors for one namespace set");
	return 0;
}

static int cordon_parse_selectors(struct cordon_parse *ps,
				  const struct cordon_policy_selector *in,
				  unsigned int n, unsigned int nr_name,
				  unsigned int nr_ns, char *names)
{
	unsigned int nr_keys = (nr_name > nr_ns ? nr_name : nr_ns) ?: 1;
	struct cordon_policy *p = ps->p;
	struct cordon_sort_key *keys;
	unsigned int i;
	int ret = 0;

	/* the keys, and as many for the sort */
	keys = kvmalloc_array(nr_keys, 2 * sizeof(*keys), GFP_KERNEL);
	if (!keys)
		return cordon_refuse(ps, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const struct cordon_policy_selector *s = &in[i];
		unsigned int prof = le16_to_cpu(s->profile);
		u16 kind = le16_to_cpu(s->kind);

		if (s->reserved || s->reserved2) {
			ret = cordon_refuse(ps, -EINVAL,
					    "reserved selector field set");
			goto out;
		}
		if (prof >= p->nr_profiles) {
			ret = cordon_refuse(ps, -ENOENT,
					    "selector of a missing profile");
			goto out;
		}
		if (kind == CORDON_SELECT_NAME) {
			struct cordon_sort_key *k = &keys[p->nr_name_sel++];

			if (!cordon_name_ok(s->name, sizeof(s->name), false)) {
				ret = cordon_refuse(ps, -EINVAL,
						    "bad selector name");
				goto out;
			}
			if (s->mnt_ns || s->pid_ns || s->user_ns) {
				ret = cordon_refuse(ps, -EINVAL,
						    "namespace in a name selector");
				goto out;
			}
			k->hi = cordon_be64_bytes(s->name);
			k->lo = cordon_be64_bytes(s->name + 8);
			k->sel = s;
		} else if (kind == CORDON_SELECT_NS) {
			struct cordon_ns_sel *d = &p->ns_sel[p->nr_ns_sel++];

			if (!cordon_parse_zero(s->name, sizeof(s->name))) {
				ret = cordon_refuse(ps, -EINVAL,
						    "name in a namespace selector");
				goto out;
			}
			if (!s->mnt_ns && !s->pid_ns && !s->user_ns) {
				ret = cordon_refuse(ps, -EINVAL,
						    "namespace selector matches all");
				goto out;
			}
			d->mnt = le32_to_cpu(s->mnt_ns);
			d->pid = le32_to_cpu(s->pid_ns);
			d->user = le32_to_cpu(s->user_ns);
			d->profile = prof;
		} else {
			ret = cordon_refuse(ps, -EINVAL,
					    "unknown selector kind");
			goto out;
		}
	}
	ret = cordon_parse_name_sels(ps, keys, keys + nr_keys, names);
	if (!ret)
		ret = cordon_parse_ns_dups(ps, keys, keys + nr_keys);
out:
	kvfree(keys);
	return ret;
}

/**
 * struct cordon_parse_count - what a blob's selectors need
 * @name: name selectors
 * @ns: namespace selectors
 * @bytes: their names' bytes, each with its NUL
 * @names: where the names go, in the policy's allocation
 */
struct cordon_parse_count {
	unsigned int name;
	unsigned int ns;
	size_t bytes;
	char *names;
};

/*
 * Count the selectors of each kind and their names' bytes, before they are
 * checked (cordon_parse_selectors() checks them, in the blob's order, after
 * the profiles and the rules): an unknown kind counts for nothing, and a
 * bad name is refused before it is copied.
 */
static void cordon_parse_count(const struct cordon_policy_selector *in,
			       unsigned int n, struct cordon_parse_count *c)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n; i++) {
		u16 kind = le16_to_cpu(in[i].kind);

		if (kind == CORDON_SELECT_NAME) {
			c->name++;
			c->bytes += strnlen(in[i].name, sizeof(in[i].name)) + 1;
		} else if (kind == CORDON_SELECT_NS) {
			c->ns++;
		}
	}
}

/* the next array of a policy's allocation, aligned for any of them */
static void *cordon_parse_carve(char **at, size_t size)
{
	void *p = *at;

	*at += ALIGN(size, sizeof(u64));
	return p;
}

/*
 * Every array of a policy in one zeroed allocation, each sized by its own
 * count: a small one from the slab, a large one from vmalloc, page by
 * page (kvzalloc() would take a large one from the page allocator first,
 * rounded up to a power of two pages).  The profiles come first:
 * cordon_policy_free() frees the allocation through them.
 */
static int cordon_parse_alloc(struct cordon_policy *p, unsigned int np,
			      unsigned int nm, unsigned int nd,
			      struct cordon_parse_count *c)
{
	size_t size = ALIGN(np * sizeof(*p->profiles), sizeof(u64)) +
		      ALIGN(nm * sizeof(*p->mount_rules), sizeof(u64)) +
		      ALIGN(nd * sizeof(*p->device_rules), sizeof(u64)) +
		      ALIGN(c->name * sizeof(*p->name_sel), sizeof(u64)) +
		      ALIGN(c->ns * sizeof(*p->ns_sel), sizeof(u64)) +
		      c->bytes;
	char *at;

	at = size <= PAGE_SIZE ? kzalloc(size, GFP_KERNEL) : vzalloc(size);
	if (!at)
		return -ENOMEM;
	p->size = size;
	p->profiles = cordon_parse_carve(&at, np * sizeof(*p->profiles));
	p->mount_rules = cordon_parse_carve(&at, nm * sizeof(*p->mount_rules));
	p->device_rules = cordon_parse_carve(&at,
					     nd * sizeof(*p->device_rules));
	p->name_sel = cordon_parse_carve(&at, c->name * sizeof(*p->name_sel));
	p->ns_sel = cordon_parse_carve(&at, c->ns * sizeof(*p->ns_sel));
	c->names = at;
	return 0;
}

/**
 * cordon_policy_free - free a policy cordon_policy_parse() built
 * @p: the policy, may be NULL (the built-in policy is never freed)
 */
void cordon_policy_free(struct cordon_policy *p)
{
	if (!p || p->builtin)
		return;
	kvfree(p->profiles);	/* and every other array: one allocation */
	kfree(p);
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
	struct cordon_parse ps = { .reason = "out of memory" };
	struct cordon_parse_count count;
	unsigned int np, nm, nd, ns, i, j;
	struct cordon_policy *p;
	size_t want;
	int ret;

	*out = NULL;
	if (len < sizeof(*h)) {
		ret = cordon_refuse(&ps, -EBADMSG, "truncated header");
		goto out;
	}
	if (le32_to_cpu(h->magic) != CORDON_POLICY_MAGIC) {
		ret = cordon_refuse(&ps, -EBADMSG, "bad magic");
		goto out;
	}
	if (le16_to_cpu(h->format) != CORDON_POLICY_FORMAT) {
		ret = cordon_refuse(&ps, -EPROTONOSUPPORT, "unknown format");
		goto out;
	}
	if (le16_to_cpu(h->header_size) != sizeof(*h)) {
		ret = cordon_refuse(&ps, -EBADMSG, "bad header size");
		goto out;
	}
	if (le32_to_cpu(h->total_size) != len) {
		ret = cordon_refuse(&ps, -EBADMSG, "total size does not match");
		goto out;
	}
	if (h->flags || !cordon_parse_zero(h->reserved, sizeof(h->reserved))) {
		ret = cordon_refuse(&ps, -EINVAL, "reserved header field set");
		goto out;
	}
	if (!le64_to_cpu(h->version)) {
		ret = cordon_refuse(&ps, -EINVAL, "version 0");
		goto out;
	}
	if (!cordon_name_ok(h->name, sizeof(h->name), false)) {
		ret = cordon_refuse(&ps, -EINVAL, "bad policy name");
		goto out;
	}
	np = le16_to_cpu(h->nr_profiles);
	nm = le32_to_cpu(h->nr_mount_rules);
	ns = le32_to_cpu(h->nr_selectors);
	nd = le32_to_cpu(h->nr_device_rules);
	if (np > CORDON_MAX_PROFILES || nm > CORDON_MAX_MOUNT_RULES ||
	    ns > CORDON_MAX_SELECTORS || nd > CORDON_MAX_DEVICE_RULES) {
		ret = cordon_refuse(&ps, -E2BIG, "count over its bound");
		goto out;
	}
	if (!np) {
		ret = cordon_refuse(&ps, -EINVAL, "no profile");
		goto out;
	}
	/* bounded above: no overflow */
	want = sizeof(*h) + (size_t)np * sizeof(*profiles) +
	       (size_t)nm * sizeof(*rules) + (size_t)nd * sizeof(*devs) +
	       (size_t)ns * sizeof(*sels);
	if (want != len) {
		ret = cordon_refuse(&ps, -EBADMSG,
				    "size does not match the counts");
		goto out;
	}
	if (le16_to_cpu(h->default_profile) >= np) {
		ret = cordon_refuse(&ps, -ENOENT, "default profile missing");
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
	cordon_parse_count(sels, ns, &count);
	if (cordon_parse_alloc(p, np, nm, nd, &count))
		goto fail;
	p->version = le64_to_cpu(h->version);
	memcpy(p->name, h->name, sizeof(p->name));
	p->nr_profiles = np;
	p->default_profile = &p->profiles[le16_to_cpu(h->default_profile)];

	for (i = 0; i < np; i++) {
		ret = cordon_parse_profile(&ps, &profiles[i], &p->profiles[i]);
		if (ret)
			goto fail;
		for (j = 0; j < i; j++)
			if (!strcmp(p->profiles[j].name, p->profiles[i].name)) {
				ret = cordon_refuse(&ps, -ENOTUNIQ,
						    "two profiles with one name");
				goto fail;
			}
	}
	ret = cordon_parse_mount_rules(&ps, rules, nm);
	if (ret)
		goto fail;
	ret = cordon_parse_device_rules(&ps, devs, nd);
	if (ret)
		goto fail;
	ret = cordon_parse_selectors(&ps, sels, ns, count.name, count.ns,
				     count.names);
	if (ret)
		goto fail;
	*out = p;
	return 0;
fail:
	cordon_policy_free(p);
out:
	*reason = ps.reason;
	return ret;
}

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

/* a blob with two profiles, two rules and two selectors */
struct cordon_test_blob {
	struct cordon_policy_header h;
	struct cordon_policy_profile prof[2];
	struct cordon_policy_mount_rule rule[2];
	struct cordon_policy_device_rule dev[2];
	struct cordon_policy_selector sel[2];
} __packed;

static void cordon_test_blob_init(struct cordon_test_blob *b)
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

static int cordon_test_parse(struct cordon_test_blob *b, size_t len)
{
	struct cordon_policy *p;
	const char *reason;
	int ret = cordon_policy_parse(b, len, &p, &reason);

	cordon_policy_free(p);
	return ret;
}

static void cordon_parse_test_good(struct kunit *test)
{
	struct cordon_test_blob *b =
		kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	const struct cordon_mount_rule *r;
	struct cordon_policy *p;
	const char *reason;

	KUNIT_ASSERT_NOT_NULL(test, b);
	cordon_test_blob_init(b);
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
	cordon_policy_free(p);
}

static void cordon_parse_test_bad(struct kunit *test)
{
	struct cordon_test_blob *b =
		kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
#define BAD(err, stmt)							\
	do {								\
		cordon_test_blob_init(b);				\
		stmt;							\
		KUNIT_EXPECT_EQ(test, cordon_test_parse(b, sizeof(*b)),	\
				err);					\
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
	BAD(-ENOTUNIQ,
	    strscpy(b->prof[1].name, "web", sizeof(b->prof[1].name)));
	BAD(-ENOTUNIQ, strscpy(b->rule[1].fstype, "tmpfs", CORDON_FSTYPE_MAX));
	BAD(-ENOENT, b->rule[1].profile = cpu_to_le16(2));
	BAD(-EINVAL, b->rule[1].require = cpu_to_le16(0x10));
	BAD(-ENOENT, b->sel[0].profile = cpu_to_le16(9));
	BAD(-EINVAL, b->sel[0].kind = cpu_to_le16(3));
	BAD(-EINVAL, b->sel[1].pid_ns = 0);
	BAD(-EINVAL, b->sel[0].mnt_ns = cpu_to_le32(1));
	BAD(-ENOTUNIQ, b->sel[1] = b->sel[0]);
#undef BAD
	cordon_test_blob_init(b);
	KUNIT_EXPECT_EQ(test, cordon_test_parse(b, sizeof(b->h) - 1), -EBADMSG);
	KUNIT_EXPECT_EQ(test, cordon_test_parse(b, sizeof(*b) - 1), -EBADMSG);
}

/* name selectors sorted as strcmp() sorts, duplicates found past 16 bytes */
static void cordon_parse_test_names(struct kunit *test)
{
	static const char *const names[] = {
		"a-container-name-longer-than-16-b",
		"a-container-name-longer-than-16-a",
		"a-container-name-longer-than-16",
		"B", "a", "a-container-name-longer-than-1",
	};
	struct cordon_test_blob *b =
		kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct cordon_policy *p;
	const char *reason;
	int i, j, k;

	KUNIT_ASSERT_NOT_NULL(test, b);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		for (j = 0; j < ARRAY_SIZE(names); j++) {
			cordon_test_blob_init(b);
			memset(&b->sel[1], 0, sizeof(b->sel[1]));
			b->sel[1].kind = cpu_to_le16(CORDON_SELECT_NAME);
			b->sel[1].profile = cpu_to_le16(1);
			memset(b->sel[0].name, 0, sizeof(b->sel[0].name));
			strscpy(b->sel[0].name, names[i], CORDON_NAME_MAX);
			strscpy(b->sel[1].name, names[j], CORDON_NAME_MAX);
			if (i == j) {
				KUNIT_EXPECT_EQ(test, cordon_test_parse(b, sizeof(*b)),
						-ENOTUNIQ);
				continue;
			}
			KUNIT_ASSERT_EQ(test, cordon_policy_parse(b, sizeof(*b),
								  &p, &reason), 0);
			KUNIT_EXPECT_EQ(test, p->nr_name_sel, 2U);
			KUNIT_EXPECT_EQ(test, p->nr_ns_sel, 0U);
			k = strcmp(names[i], names[j]) < 0 ? 0 : 1;
			KUNIT_EXPECT_STREQ(test, p->name_sel[k].name, names[i]);
			KUNIT_EXPECT_EQ(test, p->name_sel[k].profile, 0U);
			KUNIT_EXPECT_STREQ(test, p->name_sel[!k].name, names[j]);
			KUNIT_EXPECT_EQ(test, p->name_sel[!k].profile, 1U);
			cordon_policy_free(p);
		}
}

/* one device, one rule per profile: access does not tell rules apart */
static void cordon_parse_test_devices(struct kunit *test)
{
	struct cordon_test_blob *b =
		kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	cordon_test_blob_init(b);
	b->dev[1] = b->dev[0];
	b->dev[1].profile = cpu_to_le16(1);
	KUNIT_EXPECT_EQ(test, cordon_test_parse(b, sizeof(*b)), 0);
	b->dev[1].profile = cpu_to_le16(0);
	b->dev[1].minor = cpu_to_le32(0);
	KUNIT_EXPECT_EQ(test, cordon_test_parse(b, sizeof(*b)), 0);
	b->dev[1] = b->dev[0];
	b->dev[1].access = CORDON_DEV_READ | CORDON_DEV_WRITE;
	KUNIT_EXPECT_EQ(test, cordon_test_parse(b, sizeof(*b)), -ENOTUNIQ);
	b->dev[1].type = CORDON_DEV_CHAR;
	KUNIT_EXPECT_EQ(test, cordon_test_parse(b, sizeof(*b)), 0);
}

static struct kunit_case cordon_policy_parse_test_cases[] = {
	KUNIT_CASE(cordon_parse_test_good),
	KUNIT_CASE(cordon_parse_test_bad),
	KUNIT_CASE(cordon_parse_test_names),
	KUNIT_CASE(cordon_parse_test_devices),
	{}
};

static struct kunit_suite cordon_policy_parse_test_suite = {
	.name = "cordon_policy_parse",
	.test_cases = cordon_policy_parse_test_cases,
};

kunit_test_suite(cordon_policy_parse_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
