// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the policy compiler: resolution of "extends" and of
 * references, checks of the whole policy, and the blob
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/policy.h>

#include "internal.h"
#include "policy_internal.h"

_Static_assert(sizeof(struct cordon_policy_header) == 128, "header size");
_Static_assert(sizeof(struct cordon_policy_profile) == 112, "profile size");
_Static_assert(sizeof(struct cordon_policy_mount_rule) == 40, "rule size");
_Static_assert(sizeof(struct cordon_policy_device_rule) == 16,
	       "device rule size");
_Static_assert(sizeof(struct cordon_policy_selector) == 88, "selector size");

#define CAP(c) (UINT64_C(1) << CAP_##c)

/* The kernel's built-in default profile: the default of every field. */
static const struct cordon_policy_profile profile_defaults = {
	.mode = CORDON_POLICY_MODE_ENFORCE,
	.arm = CORDON_ARM_EXEC,
	.ptrace = CORDON_PTRACE_CONTAINER,
	.ptrace_host = CORDON_PTRACE_HOST_ALLOW,
	.mount_ops = 0,
	.ipc_cross = CORDON_IPC_UNIX_PATH,
	.knobs = CORDON_KNOB_ALL,
	.cap_deny = CAP(SYS_MODULE) | CAP(SYS_RAWIO) | CAP(SYS_BOOT) |
		    CAP(SYS_TIME) | CAP(MAC_ADMIN) | CAP(MAC_OVERRIDE) |
		    CAP(SYSLOG) | CAP(BPF) | CAP(PERFMON) |
		    CAP(DAC_READ_SEARCH),
	.cap_deny_init_ns = CAP(SYS_ADMIN),
	.surface = 0,		/* no user namespaces, io_uring, ... */
};

/*
 * A hash set of indices (open addressing, linear probing); the keys are
 * whatever the callers hash and compare.
 */
struct hset {
	int32_t *slot;
	size_t mask;
};

static bool hset_init(struct hset *h, size_t n)
{
	size_t size = 16;

	while (size < 2 * n + 1)
		size *= 2;
	h->slot = malloc(size * sizeof(*h->slot));
	if (!h->slot)
		return false;
	memset(h->slot, 0xff, size * sizeof(*h->slot));
	h->mask = size - 1;
	return true;
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

#define FNV_INIT UINT64_C(14695981039346656037)

/* The profile named @name (first definition), or -1. */
static int find_prof(const struct cordon__policy *pol, const struct hset *h,
		     const char *name)
{
	size_t i = fnv1a(FNV_INIT, name, strlen(name)) & h->mask;

	for (; h->slot[i] >= 0; i = (i + 1) & h->mask)
		if (strcmp(pol->profs[h->slot[i]].name, name) == 0)
			return h->slot[i];
	return -1;
}

/* Index the profiles by name; report the duplicates. */
static void index_profiles(struct cordon__policy *pol, struct hset *h)
{
	for (size_t p = 0; p < pol->n_profs; p++) {
		const char *name = pol->profs[p].name;
		size_t i;

		if (!name[0])
			continue;
		i = fnv1a(FNV_INIT, name, strlen(name)) & h->mask;
		for (; h->slot[i] >= 0; i = (i + 1) & h->mask)
			if (strcmp(pol->profs[h->slot[i]].name, name) == 0)
				break;
		if (h->slot[i] >= 0) {
			const struct cordon__prof *first =
				&pol->profs[h->slot[i]];

			cordon__perr(pol, pol->profs[p].loc,
				     "duplicate profile '%s' (first at %u:%u)",
				     name, first->loc.line, first->loc.col);
			continue;
		}
		h->slot[i] = (int32_t)p;
	}
}

static uint64_t sel_hash(const struct cordon__sel *s)
{
	uint64_t h = fnv1a(FNV_INIT, &s->kind, sizeof(s->kind));

	if (s->kind == CORDON_SELECT_NAME)
		return fnv1a(h, s->name, strlen(s->name));
	return fnv1a(h, s->ns, sizeof(s->ns));
}

static bool sel_same(const struct cordon__sel *a, const struct cordon__sel *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == CORDON_SELECT_NAME)
		return strcmp(a->name, b->name) == 0;
	return memcmp(a->ns, b->ns, sizeof(a->ns)) == 0;
}

/* Resolve the selectors' profiles; report unknown ones and duplicates. */
static void check_selectors(struct cordon__policy *pol,
			    const struct hset *profs)
{
	struct hset h;

	if (!hset_init(&h, pol->n_sels)) {
		pol->oom = true;
		return;
	}
	for (size_t n = 0; n < pol->n_sels; n++) {
		struct cordon__sel *s = &pol->sels[n];
		size_t i;
		int p;

		if (s->bad)
			continue;
		p = find_prof(pol, profs, s->profile);
		if (p < 0)
			cordon__perr(pol, s->profile_loc, "unknown profile '%s'",
				     s->profile);
		else
			s->profile_idx = (uint16_t)p;
		i = sel_hash(s) & h.mask;
		for (; h.slot[i] >= 0; i = (i + 1) & h.mask)
			if (sel_same(&pol->sels[h.slot[i]], s))
				break;
		if (h.slot[i] >= 0) {
			const struct cordon__sel *first = &pol->sels[h.slot[i]];

			cordon__perr(pol, s->loc,
				     "duplicate selector (first at %u:%u)",
				     first->loc.line, first->loc.col);
			continue;
		}
		h.slot[i] = (int32_t)n;
	}
	free(h.slot);
}

static struct cordon__rule *find_rule(struct cordon__prof *p,
				      const char *fstype)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (strcmp(p->rules[i].fstype, fstype) == 0)
			return &p->rules[i];
	return NULL;
}

static struct cordon__drule *find_drule(struct cordon__prof *p,
					const struct cordon__dev *d)
{
	for (size_t i = 0; i < p->n_drules; i++)
		if (p->drules[i].dev.type == d->type &&
		    p->drules[i].dev.major == d->major &&
		    p->drules[i].dev.minor == d->minor)
			return &p->drules[i];
	return NULL;
}

/* Apply p's device statements to the rules it inherited. */
static void resolve_devices(struct cordon__policy *pol, struct cordon__prof *p)
{
	for (size_t i = 0; i < p->n_dstmts; i++) {
		const struct cordon__dstmt *m = &p->dstmts[i];
		struct cordon__drule *r = find_drule(p, &m->dev);

		if (!m->deny) {
			if (!r) {
				r = &p->drules[p->n_drules++];
				r->dev = m->dev;
			}
			r->access = m->access;
		} else if (r) {
			size_t at = (size_t)(r - p->drules);

			memmove(r, r + 1,
				(p->n_drules - at - 1) * sizeof(*r));
			p->n_drules--;
		} else if (!p->resolve_bad) {
			char d[CORDON__DEV_STR_SIZE];

			cordon__perr(pol, m->loc,
				     "no inherited device rule for %s to deny",
				     cordon__dev_str(d, m->dev.type, m->dev.major,
						     m->dev.minor));
		}
	}
}

/* Resolve profile p from base (NULL: the defaults). */
static void resolve_one(struct cordon__policy *pol, struct cordon__prof *p,
			const struct cordon__prof *base)
{
	size_t cap;

	p->state = 2;
	if (base) {
		p->r = base->r;
		p->resolve_bad = p->resolve_bad || base->resolve_bad;
	} else {
		p->r = profile_defaults;
	}
	cap = (base ? base->n_rules : 0) + p->n_mstmts;
	p->rules = malloc((cap ? cap : 1) * sizeof(*p->rules));
	if (!p->rules) {
		pol->oom = true;
		return;
	}
	if (base) {
		memcpy(p->rules, base->rules, base->n_rules * sizeof(*p->rules));
		p->n_rules = base->n_rules;
	}
	cap = (base ? base->n_drules : 0) + p->n_dstmts;
	p->drules = malloc((cap ? cap : 1) * sizeof(*p->drules));
	if (!p->drules) {
		pol->oom = true;
		return;
	}
	if (base) {
		memcpy(p->drules, base->drules,
		       base->n_drules * sizeof(*p->drules));
		p->n_drules = base->n_drules;
	}

	if (p->set & (1U << CORDON__F_MODE))
		p->r.mode = p->mode;
	if (p->set & (1U << CORDON__F_ARM))
		p->r.arm = p->arm;
	if (p->set & (1U << CORDON__F_PTRACE))
		p->r.ptrace = p->ptrace;
	if (p->set & (1U << CORDON__F_PTRACE_HOST))
		p->r.ptrace_host = p->ptrace_host;
	if (p->set & (1U << CORDON__F_MOUNT_OPS))
		p->r.mount_ops = p->mount_ops;
	if (p->set & (1U << CORDON__F_IPC))
		p->r.ipc_cross = p->ipc;
	if (p->set & (1U << CORDON__F_KNOBS))
		p->r.knobs = p->knobs;
	for (unsigned int i = 0; i < CORDON__NR_SURFACE; i++) {
		uint32_t bit = cordon__surface_names[i].bit;

		if (p->set & (1U << (CORDON__F_SURFACE + i)))
			p->r.surface = (p->r.surface & ~bit) |
				       (p->surface & bit);
	}
	p->r.cap_deny = (p->r.cap_deny & ~p->deny_del) | p->deny_add;
	p->r.cap_deny_init_ns = (p->r.cap_deny_init_ns & ~p->init_del) |
				p->init_add;

	for (size_t i = 0; i < p->n_mstmts; i++) {
		const struct cordon__mstmt *m = &p->mstmts[i];
		struct cordon__rule *r = find_rule(p, m->fstype);

		if (!m->deny) {
			if (!r) {
				r = &p->rules[p->n_rules++];
				memcpy(r->fstype, m->fstype, sizeof(r->fstype));
			}
			r->require = m->require;
		} else if (r) {
			size_t at = (size_t)(r - p->rules);

			memmove(r, r + 1,
				(p->n_rules - at - 1) * sizeof(*r));
			p->n_rules--;
		} else if (!p->resolve_bad) {
			cordon__perr(pol, m->loc,
				     "no inherited mount rule for '%s' to deny",
				     m->fstype);
		}
	}
	resolve_devices(pol, p);
}

/* Report the cycle chain[from..n-1] once, at its first declared member. */
static void report_cycle(struct cordon__policy *pol, const size_t *chain,
			 size_t from, size_t n)
{
	size_t first = from, len = 0;
	char *path = NULL;
	FILE *f;

	for (size_t i = from; i < n; i++)
		if (chain[i] < chain[first])
			first = i;
	f = open_memstream(&path, &len);
	if (!f) {
		pol->oom = true;
		return;
	}
	for (size_t k = 0; k <= n - from; k++) {
		size_t i = from + (first - from + k) % (n - from);

		fprintf(f, "%s%s", k ? " -> " : "", pol->profs[chain[i]].name);
	}
	if (fclose(f) != 0) {
		free(path);
		pol->oom = true;
		return;
	}
	cordon__perr(pol, pol->profs[chain[first]].base_loc,
		     "inheritance cycle: %s", path);
	free(path);
}

/* Resolve every profile, bases first; report unknown bases and cycles. */
static void resolve_profiles(struct cordon__policy *pol, const struct hset *h)
{
	size_t n = pol->n_profs, *chain;
	int *base;

	base = malloc((n ? n : 1) * sizeof(*base));
	chain = malloc((n ? n : 1) * sizeof(*chain));
	if (!base || !chain) {
		pol->oom = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct cordon__prof *p = &pol->profs[i];

		base[i] = -1;
		if (!p->has_base)
			continue;
		if (p->base_bad) {
			p->resolve_bad = true;
			continue;
		}
		base[i] = find_prof(pol, h, p->base);
		if (base[i] < 0) {
			cordon__perr(pol, p->base_loc,
				     "unknown base profile '%s'", p->base);
			p->resolve_bad = true;
		}
	}
	for (size_t i = 0; i < n && !pol->oom; i++) {
		size_t len = 0;
		int j = (int)i;

		while (j >= 0 && pol->profs[j].state == 0) {
			pol->profs[j].state = 1;
			chain[len++] = (size_t)j;
			j = base[j];
		}
		if (j >= 0 && pol->profs[j].state == 1) {
			/* j is on the chain: a cycle from there */
			size_t from = 0;

			while (chain[from] != (size_t)j)
				from++;
			report_cycle(pol, chain, from, len);
			for (size_t k = from; k < len; k++)
				pol->profs[chain[k]].resolve_bad = true;
			for (size_t k = len; k-- > from;)
				resolve_one(pol, &pol->profs[chain[k]], NULL);
			len = from;
		}
		while (len-- > 0) {
			size_t k = chain[len];

			resolve_one(pol, &pol->profs[k],
				    base[k] >= 0 ? &pol->profs[base[k]] : NULL);
		}
	}
out:
	free(base);
	free(chain);
}

/*
 * Refuse the profiles whose capability denials the kernel's CAP_SYS_ADMIN
 * fallbacks would defeat (see cordon__cap_fallback_problem()).
 */
static void check_cap_fallbacks(struct cordon__policy *pol)
{
	for (size_t i = 0; i < pol->n_profs; i++) {
		const struct cordon__prof *p = &pol->profs[i];
		char msg[256];

		if (p->resolve_bad || !p->name[0])
			continue;
		if (cordon__cap_fallback_problem(p->r.surface, p->r.cap_deny,
						 p->r.cap_deny_init_ns, msg,
						 sizeof(msg)))
			cordon__perr(pol, p->loc, "profile '%s': %s", p->name,
				     msg);
	}
}

static void put_name(char *dst, const char *src, size_t size)
{
	memset(dst, 0, size);
	memcpy(dst, src, strnlen(src, size - 1));
}

/* Write the blob of a policy without errors. */
static int emit(const struct cordon__policy *pol, uint16_t default_idx,
		size_t n_rules, size_t n_drules, struct cordon_blob *out)
{
	size_t size = sizeof(struct cordon_policy_header) +
		      pol->n_profs * sizeof(struct cordon_policy_profile) +
		      n_rules * sizeof(struct cordon_policy_mount_rule) +
		      n_drules * sizeof(struct cordon_policy_device_rule) +
		      pol->n_sels * sizeof(struct cordon_policy_selector);
	struct cordon_policy_header h;
	uint8_t *blob, *at;

	blob = calloc(1, size);
	if (!blob)
		return -ENOMEM;
	memset(&h, 0, sizeof(h));
	h.magic = htole32(CORDON_POLICY_MAGIC);
	h.format = htole16(CORDON_POLICY_FORMAT);
	h.header_size = htole16(sizeof(h));
	h.total_size = htole32((uint32_t)size);
	h.version = htole64(pol->version);
	put_name(h.name, pol->name, sizeof(h.name));
	h.nr_profiles = htole16((uint16_t)pol->n_profs);
	h.default_profile = htole16(default_idx);
	h.nr_mount_rules = htole32((uint32_t)n_rules);
	h.nr_selectors = htole32((uint32_t)pol->n_sels);
	h.nr_device_rules = htole32((uint32_t)n_drules);
	memcpy(blob, &h, sizeof(h));
	at = blob + sizeof(h);

	for (size_t i = 0; i < pol->n_profs; i++) {
		const struct cordon_policy_profile *r = &pol->profs[i].r;
		struct cordon_policy_profile p;

		memset(&p, 0, sizeof(p));
		put_name(p.name, pol->profs[i].name, sizeof(p.name));
		p.mode = r->mode;
		p.arm = r->arm;
		p.ptrace = r->ptrace;
		p.ptrace_host = r->ptrace_host;
		p.mount_ops = htole32(r->mount_ops);
		p.ipc_cross = htole32(r->ipc_cross);
		p.knobs = htole32(r->knobs);
		p.cap_deny = htole64(r->cap_deny);
		p.cap_deny_init_ns = htole64(r->cap_deny_init_ns);
		p.surface = htole32(r->surface);
		memcpy(at, &p, sizeof(p));
		at += sizeof(p);
	}
	for (size_t i = 0; i < pol->n_profs; i++) {
		const struct cordon__prof *pr = &pol->profs[i];

		for (size_t k = 0; k < pr->n_rules; k++) {
			struct cordon_policy_mount_rule m;

			memset(&m, 0, sizeof(m));
			put_name(m.fstype, pr->rules[k].fstype,
				 sizeof(m.fstype));
			m.profile = htole16((uint16_t)i);
			m.require = htole16(pr->rules[k].require);
			memcpy(at, &m, sizeof(m));
			at += sizeof(m);
		}
	}
	for (size_t i = 0; i < pol->n_profs; i++) {
		const struct cordon__prof *pr = &pol->profs[i];

		for (size_t k = 0; k < pr->n_drules; k++) {
			struct cordon_policy_device_rule d;

			memset(&d, 0, sizeof(d));
			d.profile = htole16((uint16_t)i);
			d.type = pr->drules[k].dev.type;
			d.access = pr->drules[k].access;
			d.major = htole32(pr->drules[k].dev.major);
			d.minor = htole32(pr->drules[k].dev.minor);
			memcpy(at, &d, sizeof(d));
			at += sizeof(d);
		}
	}
	for (size_t i = 0; i < pol->n_sels; i++) {
		const struct cordon__sel *s = &pol->sels[i];
		struct cordon_policy_selector sel;

		memset(&sel, 0, sizeof(sel));
		sel.kind = htole16(s->kind);
		sel.profile = htole16(s->profile_idx);
		if (s->kind == CORDON_SELECT_NAME)
			put_name(sel.name, s->name, sizeof(sel.name));
		sel.mnt_ns = htole32(s->ns[0]);
		sel.pid_ns = htole32(s->ns[1]);
		sel.user_ns = htole32(s->ns[2]);
		memcpy(at, &sel, sizeof(sel));
		at += sizeof(sel);
	}
	out->data = blob;
	out->len = size;
	return 0;
}

int cordon_policy_compile(const char *path, const char *text, size_t len,
			  struct cordon_blob *out, struct cordon_diags *diags)
{
	struct cordon__policy pol;
	size_t first, dropped, n_rules = 0, n_drules = 0;
	struct hset profs = { NULL, 0 };
	int default_idx = -1, rc;

	if (!out || !diags || (!text && len))
		return -EINVAL;
	first = diags->count;
	dropped = diags->dropped;
	memset(&pol, 0, sizeof(pol));
	pol.file = path ? path : "<input>";
	pol.diags = diags;
	cordon__parse(&pol, text ? text : "", len);
	if (pol.oom)
		goto out;

	if (!pol.have_policy)
		cordon__perr(&pol, (struct cordon__loc){ 1, 1 },
			     "missing 'policy NAME version N;' statement");
	if (!hset_init(&profs, pol.n_profs)) {
		pol.oom = true;
		goto out;
	}
	index_profiles(&pol, &profs);
	resolve_profiles(&pol, &profs);
	if (pol.oom)
		goto out;
	for (size_t i = 0; i < pol.n_profs; i++) {
		n_rules += pol.profs[i].n_rules;
		if (n_rules > CORDON_MAX_MOUNT_RULES) {
			cordon__perr(&pol, pol.profs[i].loc,
				     "too many mount rules (more than %u in all)",
				     CORDON_MAX_MOUNT_RULES);
			break;
		}
	}
	for (size_t i = 0; i < pol.n_profs; i++) {
		n_drules += pol.profs[i].n_drules;
		if (n_drules > CORDON_MAX_DEVICE_RULES) {
			cordon__perr(&pol, pol.profs[i].loc,
				     "too many device rules (more than %u in all)",
				     CORDON_MAX_DEVICE_RULES);
			break;
		}
	}
	check_cap_fallbacks(&pol);
	if (!pol.have_default) {
		cordon__perr(&pol, pol.eof,
			     "missing 'default profile NAME;' statement");
	} else if (pol.default_name[0]) {
		default_idx = find_prof(&pol, &profs, pol.default_name);
		if (default_idx < 0)
			cordon__perr(&pol, pol.default_name_loc,
				     "unknown profile '%s'", pol.default_name);
	}
	check_selectors(&pol, &profs);
out:
	free(profs.slot);
	if (pol.oom)
		rc = -ENOMEM;
	else if (diags->count > first || diags->dropped > dropped)
		rc = -EINVAL;	/* errors, kept or beyond the limit */
	else
		rc = emit(&pol, (uint16_t)default_idx, n_rules, n_drules, out);
	cordon__diags_sort(diags, first);
	cordon__policy_free(&pol);
	return rc;
}
