// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - validation of policy blobs, and their decompiler
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <cordon/json.h>
#include <cordon/policy.h>

#include "internal.h"
#include "json_internal.h"
#include "policy_internal.h"

#define HDR_SIZE sizeof(struct cordon_policy_header)
#define PROF_SIZE sizeof(struct cordon_policy_profile)
#define RULE_SIZE sizeof(struct cordon_policy_mount_rule)
#define DEV_SIZE sizeof(struct cordon_policy_device_rule)
#define SEL_SIZE sizeof(struct cordon_policy_selector)

/* A blob's parts, copied out (the blob need not be aligned). */
struct view {
	struct cordon_policy_header h;
	const uint8_t *profs;
	const uint8_t *rules;
	const uint8_t *devs;
	const uint8_t *sels;
	size_t n_profs, n_rules, n_devs, n_sels;
};

static void get_prof(const struct view *v, size_t i,
		     struct cordon_policy_profile *p)
{
	memcpy(p, v->profs + i * PROF_SIZE, PROF_SIZE);
}

static void get_rule(const struct view *v, size_t i,
		     struct cordon_policy_mount_rule *r)
{
	memcpy(r, v->rules + i * RULE_SIZE, RULE_SIZE);
}

static void get_dev(const struct view *v, size_t i,
		    struct cordon_policy_device_rule *d)
{
	memcpy(d, v->devs + i * DEV_SIZE, DEV_SIZE);
}

static void get_sel(const struct view *v, size_t i,
		    struct cordon_policy_selector *s)
{
	memcpy(s, v->sels + i * SEL_SIZE, SEL_SIZE);
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/*
 * A name field: non-empty, NUL-terminated, NUL-padded, made of valid
 * characters.  Return: NULL, or what is wrong with it.
 */
static const char *name_problem(const char *f, size_t size, bool fstype)
{
	size_t len = strnlen(f, size);

	if (len == size)
		return "is not NUL-terminated";
	if (len == 0)
		return "is empty";
	for (size_t i = 0; i < len; i++)
		if (!cordon__name_char((unsigned char)f[i], fstype))
			return "has a bad character";
	if (!all_zero(f + len, size - len))
		return "is not NUL-padded";
	return NULL;
}

/* Quote a name field for a message (it may be garbage). */
static const char *qname(char buf[CORDON__QUOTE_SIZE], const char *f,
			 size_t size)
{
	return cordon__quote(buf, f, strnlen(f, size));
}

static int check_header(const void *blob, size_t len, struct view *v,
			char *err, size_t errlen)
{
	struct cordon_policy_header *h = &v->h;
	const char *why;
	uint64_t need;
	char q[CORDON__QUOTE_SIZE];

	if (len > CORDON_POLICY_MAX_SIZE) {
		cordon__seterr(err, errlen,
			       "blob too large (%zu bytes, at most %u)", len,
			       CORDON_POLICY_MAX_SIZE);
		return -E2BIG;
	}
	if (len < HDR_SIZE) {
		cordon__seterr(err, errlen,
			       "truncated: %zu bytes, shorter than the %zu-byte header",
			       len, HDR_SIZE);
		return -EBADMSG;
	}
	memcpy(h, blob, HDR_SIZE);
	if (le32toh(h->magic) != CORDON_POLICY_MAGIC) {
		cordon__seterr(err, errlen,
			       "bad magic 0x%08" PRIx32 " (expected 0x%08x)",
			       le32toh(h->magic), CORDON_POLICY_MAGIC);
		return -EBADMSG;
	}
	if (le16toh(h->format) == 1) {
		cordon__seterr(err, errlen,
			       "format 1 is no longer supported (this version knows %u): compile the policy text again",
			       CORDON_POLICY_FORMAT);
		return -EPROTONOSUPPORT;
	}
	if (le16toh(h->format) != CORDON_POLICY_FORMAT) {
		cordon__seterr(err, errlen,
			       "unknown format %u (this version knows %u)",
			       le16toh(h->format), CORDON_POLICY_FORMAT);
		return -EPROTONOSUPPORT;
	}
	if (le16toh(h->header_size) != HDR_SIZE) {
		cordon__seterr(err, errlen, "bad header_size %u (expected %zu)",
			       le16toh(h->header_size), HDR_SIZE);
		return -EBADMSG;
	}
	if (le32toh(h->total_size) != len) {
		cordon__seterr(err, errlen,
			       "total_size %" PRIu32 " is not the blob's length %zu",
			       le32toh(h->total_size), len);
		return -EBADMSG;
	}
	if (h->flags) {
		cordon__seterr(err, errlen, "unknown flags 0x%" PRIx32,
			       le32toh(h->flags));
		return -EINVAL;
	}
	if (!all_zero(h->reserved, sizeof(h->reserved))) {
		cordon__seterr(err, errlen, "header: reserved field not zero");
		return -EINVAL;
	}
	if (le64toh(h->version) == 0) {
		cordon__seterr(err, errlen, "version 0 (must be at least 1)");
		return -EINVAL;
	}
	why = name_problem(h->name, sizeof(h->name), false);
	if (why) {
		cordon__seterr(err, errlen, "policy name %s %s",
			       qname(q, h->name, sizeof(h->name)), why);
		return -EINVAL;
	}
	v->n_profs = le16toh(h->nr_profiles);
	v->n_rules = le32toh(h->nr_mount_rules);
	v->n_sels = le32toh(h->nr_selectors);
	v->n_devs = le32toh(h->nr_device_rules);
	if (v->n_profs > CORDON_MAX_PROFILES) {
		cordon__seterr(err, errlen, "%zu profiles (at most %u)",
			       v->n_profs, CORDON_MAX_PROFILES);
		return -E2BIG;
	}
	if (v->n_rules > CORDON_MAX_MOUNT_RULES) {
		cordon__seterr(err, errlen, "%zu mount rules (at most %u)",
			       v->n_rules, CORDON_MAX_MOUNT_RULES);
		return -E2BIG;
	}
	if (v->n_devs > CORDON_MAX_DEVICE_RULES) {
		cordon__seterr(err, errlen, "%zu device rules (at most %u)",
			       v->n_devs, CORDON_MAX_DEVICE_RULES);
		return -E2BIG;
	}
	if (v->n_sels > CORDON_MAX_SELECTORS) {
		cordon__seterr(err, errlen, "%zu selectors (at most %u)",
			       v->n_sels, CORDON_MAX_SELECTORS);
		return -E2BIG;
	}
	if (v->n_profs == 0) {
		cordon__seterr(err, errlen, "no profile");
		return -EINVAL;
	}
	need = HDR_SIZE + (uint64_t)v->n_profs * PROF_SIZE +
	       (uint64_t)v->n_rules * RULE_SIZE +
	       (uint64_t)v->n_devs * DEV_SIZE +
	       (uint64_t)v->n_sels * SEL_SIZE;
	if (need != len) {
		cordon__seterr(err, errlen,
			       "%s: the counts need %" PRIu64 " bytes, the blob has %zu",
			       need > len ? "truncated" : "trailing bytes",
			       need, len);
		return -EBADMSG;
	}
	if (le16toh(h->default_profile) >= v->n_profs) {
		cordon__seterr(err, errlen,
			       "default profile %u does not exist (%zu profiles)",
			       le16toh(h->default_profile), v->n_profs);
		return -ENOENT;
	}
	v->profs = (const uint8_t *)blob + HDR_SIZE;
	v->rules = v->profs + v->n_profs * PROF_SIZE;
	v->devs = v->rules + v->n_rules * RULE_SIZE;
	v->sels = v->devs + v->n_devs * DEV_SIZE;
	return 0;
}

static int check_profiles(const struct view *v, char *err, size_t errlen)
{
	const uint64_t cr = UINT64_C(1) << CAP_CHECKPOINT_RESTORE;
	const uint64_t sa = UINT64_C(1) << CAP_SYS_ADMIN;
	char q[CORDON__QUOTE_SIZE];

	for (size_t i = 0; i < v->n_profs; i++) {
		struct cordon_policy_profile p;
		uint64_t deny, init;
		const char *why;

		get_prof(v, i, &p);
		why = name_problem(p.name, sizeof(p.name), false);
		if (why) {
			cordon__seterr(err, errlen, "profile %zu: name %s %s", i,
				       qname(q, p.name, sizeof(p.name)), why);
			return -EINVAL;
		}
#define BAD(fmt, ...)							\
		do {							\
			cordon__seterr(err, errlen, "profile %zu (%s): " fmt, \
				       i, p.name, __VA_ARGS__);		\
			return -EINVAL;					\
		} while (0)
		if (p.mode > CORDON_POLICY_MODE_ENFORCE)
			BAD("unknown mode %u", p.mode);
		if (p.arm > CORDON_ARM_IMMEDIATE)
			BAD("unknown arm point %u", p.arm);
		if (p.ptrace > CORDON_PTRACE_CONTAINER)
			BAD("unknown ptrace scope %u", p.ptrace);
		if (p.ptrace_host > CORDON_PTRACE_HOST_DENY)
			BAD("unknown host ptrace rule %u", p.ptrace_host);
		if (le32toh(p.mount_ops) & ~CORDON_MOUNT_OP_ALL)
			BAD("unknown mount_ops bits 0x%" PRIx32,
			    le32toh(p.mount_ops) & ~CORDON_MOUNT_OP_ALL);
		if (le32toh(p.ipc_cross) & ~CORDON_IPC_ALL)
			BAD("unknown ipc_cross bits 0x%" PRIx32,
			    le32toh(p.ipc_cross) & ~CORDON_IPC_ALL);
		if (le32toh(p.knobs) & ~CORDON_KNOB_ALL)
			BAD("unknown knobs bits 0x%" PRIx32,
			    le32toh(p.knobs) & ~CORDON_KNOB_ALL);
		if (le64toh(p.cap_deny) & ~CORDON__CAP_ALL)
			BAD("cap_deny has bits above capability %d: 0x%" PRIx64,
			    CORDON__CAP_LAST,
			    le64toh(p.cap_deny) & ~CORDON__CAP_ALL);
		if (le64toh(p.cap_deny_init_ns) & ~CORDON__CAP_ALL)
			BAD("cap_deny_init_ns has bits above capability %d: 0x%" PRIx64,
			    CORDON__CAP_LAST,
			    le64toh(p.cap_deny_init_ns) & ~CORDON__CAP_ALL);
		/*
		 * The kernel accepts sys_admin in place of
		 * checkpoint_restore: denying one without the other is a
		 * promise it refuses to load.
		 */
		deny = le64toh(p.cap_deny);
		init = deny | le64toh(p.cap_deny_init_ns);
		if ((deny & cr) && !(deny & sa))
			BAD("capability checkpoint_restore denied %s but not sys_admin, which the kernel accepts in its place",
			    "in every user namespace");
		if ((init & cr) && !(init & sa))
			BAD("capability checkpoint_restore denied %s but not sys_admin, which the kernel accepts in its place",
			    "against the initial user namespace");
		if (le32toh(p.surface) & ~CORDON_SURFACE_ALL)
			BAD("unknown surface bits 0x%" PRIx32,
			    le32toh(p.surface) & ~CORDON_SURFACE_ALL);
		if (!all_zero(p.reserved, sizeof(p.reserved)))
			BAD("%s", "reserved field not zero");
#undef BAD
		for (size_t j = 0; j < i; j++) {
			struct cordon_policy_profile o;

			get_prof(v, j, &o);
			if (strcmp(o.name, p.name) == 0) {
				cordon__seterr(err, errlen,
					       "profile %zu: duplicate name '%s' (profile %zu)",
					       i, p.name, j);
				return -ENOTUNIQ;
			}
		}
	}
	return 0;
}

static uint64_t fnv1a(const void *p, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* An empty hash set of indices for n entries; *mask set.  NULL: ENOMEM. */
static int32_t *slots(size_t n, size_t *mask)
{
	size_t size = 16;
	int32_t *slot;

	while (size < 2 * n + 1)
		size *= 2;
	slot = malloc(size * sizeof(*slot));
	if (slot)
		memset(slot, 0xff, size * sizeof(*slot));
	*mask = size - 1;
	return slot;
}

/* Two rules for one file system type in one profile. */
static int check_rule_dups(const struct view *v, char *err, size_t errlen)
{
	size_t mask;
	int32_t *slot = slots(v->n_rules, &mask);
	int rc = 0;

	if (!slot) {
		cordon__seterr(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < v->n_rules && !rc; i++) {
		struct cordon_policy_mount_rule a, b;
		size_t k;

		get_rule(v, i, &a);
		/* fstype and profile are the first 34 bytes */
		k = fnv1a(&a, offsetof(struct cordon_policy_mount_rule,
				       require)) & mask;
		for (; slot[k] >= 0; k = (k + 1) & mask) {
			get_rule(v, (size_t)slot[k], &b);
			if (a.profile == b.profile &&
			    strcmp(a.fstype, b.fstype) == 0) {
				cordon__seterr(err, errlen,
					       "mount rule %zu: a second rule for '%s' in profile %u (rule %d)",
					       i, a.fstype, le16toh(a.profile),
					       slot[k]);
				rc = -ENOTUNIQ;
				break;
			}
		}
		slot[k] = (int32_t)i;
	}
	free(slot);
	return rc;
}

static int check_rules(const struct view *v, char *err, size_t errlen)
{
	char q[CORDON__QUOTE_SIZE];

	for (size_t i = 0; i < v->n_rules; i++) {
		struct cordon_policy_mount_rule r;
		const char *why;

		get_rule(v, i, &r);
		why = name_problem(r.fstype, sizeof(r.fstype), true);
		if (why) {
			cordon__seterr(err, errlen,
				       "mount rule %zu: file system type %s %s", i,
				       qname(q, r.fstype, sizeof(r.fstype)), why);
			return -EINVAL;
		}
		if (le16toh(r.profile) >= v->n_profs) {
			cordon__seterr(err, errlen,
				       "mount rule %zu (%s): profile %u does not exist (%zu profiles)",
				       i, r.fstype, le16toh(r.profile),
				       v->n_profs);
			return -ENOENT;
		}
		if (le16toh(r.require) & ~CORDON_MOUNT_FLAGS_ALL) {
			cordon__seterr(err, errlen,
				       "mount rule %zu (%s): unknown require bits 0x%x",
				       i, r.fstype,
				       le16toh(r.require) & ~CORDON_MOUNT_FLAGS_ALL);
			return -EINVAL;
		}
		if (r.reserved) {
			cordon__seterr(err, errlen,
				       "mount rule %zu (%s): reserved field not zero",
				       i, r.fstype);
			return -EINVAL;
		}
	}
	return check_rule_dups(v, err, errlen);
}

/* "char 1:3", "block *:*" of a rule */
static const char *dev_name(char buf[CORDON__DEV_STR_SIZE],
			    const struct cordon_policy_device_rule *d)
{
	return cordon__dev_str(buf, d->type, le32toh(d->major),
			       le32toh(d->minor));
}

/* Two rules for one device (type, major, minor) in one profile. */
static int check_device_dups(const struct view *v, char *err, size_t errlen)
{
	size_t mask;
	int32_t *slot = slots(v->n_devs, &mask);
	int rc = 0;

	if (!slot) {
		cordon__seterr(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < v->n_devs && !rc; i++) {
		struct cordon_policy_device_rule a, b;
		char d[CORDON__DEV_STR_SIZE];
		size_t k;

		get_dev(v, i, &a);
		a.access = 0;
		k = fnv1a(&a, sizeof(a)) & mask;
		for (; slot[k] >= 0; k = (k + 1) & mask) {
			get_dev(v, (size_t)slot[k], &b);
			if (a.profile == b.profile && a.type == b.type &&
			    a.major == b.major && a.minor == b.minor) {
				cordon__seterr(err, errlen,
					       "device rule %zu: a second rule for %s in profile %u (rule %d)",
					       i, dev_name(d, &a),
					       le16toh(a.profile), slot[k]);
				rc = -ENOTUNIQ;
				break;
			}
		}
		slot[k] = (int32_t)i;
	}
	free(slot);
	return rc;
}

/*
 * Each rule: its type, accesses, numbers, reserved field and profile, in
 * this order (EINVAL, ENOENT for the profile); then duplicates.
 */
static int check_devices(const struct view *v, char *err, size_t errlen)
{
	for (size_t i = 0; i < v->n_devs; i++) {
		struct cordon_policy_device_rule d;
		uint32_t major, minor;

		get_dev(v, i, &d);
		major = le32toh(d.major);
		minor = le32toh(d.minor);
#define BAD(rc, fmt, ...)						\
		do {							\
			cordon__seterr(err, errlen, "device rule %zu: " fmt, \
				       i, __VA_ARGS__);			\
			return rc;					\
		} while (0)
		if (d.type != CORDON_DEV_CHAR && d.type != CORDON_DEV_BLOCK)
			BAD(-EINVAL, "unknown type %u", d.type);
		if (!d.access)
			BAD(-EINVAL, "%s", "no access");
		if (d.access & ~CORDON_DEV_ACCESS_ALL)
			BAD(-EINVAL, "unknown access bits 0x%x",
			    d.access & ~CORDON_DEV_ACCESS_ALL);
		if (major >= 4096 && major != CORDON_DEV_ANY)
			BAD(-EINVAL,
			    "major number %" PRIu32 " out of range (at most 4095, or any)",
			    major);
		if (minor >= (1U << 20) && minor != CORDON_DEV_ANY)
			BAD(-EINVAL,
			    "minor number %" PRIu32 " out of range (at most 1048575, or any)",
			    minor);
		if (major == CORDON_DEV_ANY && minor != CORDON_DEV_ANY)
			BAD(-EINVAL,
			    "minor number %" PRIu32 " with any major number",
			    minor);
		if (d.reserved)
			BAD(-EINVAL, "%s", "reserved field not zero");
		if (le16toh(d.profile) >= v->n_profs)
			BAD(-ENOENT, "profile %u does not exist (%zu profiles)",
			    le16toh(d.profile), v->n_profs);
#undef BAD
	}
	return check_device_dups(v, err, errlen);
}

static uint64_t sel_key_hash(const struct cordon_policy_selector *s)
{
	struct cordon_policy_selector k = *s;

	/* kind, name, the three namespaces: not the profile */
	k.profile = 0;
	return fnv1a(&k, sizeof(k));
}

static bool sel_key_same(const struct cordon_policy_selector *a,
			 const struct cordon_policy_selector *b)
{
	return a->kind == b->kind && memcmp(a->name, b->name, sizeof(a->name)) == 0 &&
	       a->mnt_ns == b->mnt_ns && a->pid_ns == b->pid_ns &&
	       a->user_ns == b->user_ns;
}

static int check_selectors(const struct view *v, char *err, size_t errlen)
{
	char q[CORDON__QUOTE_SIZE];
	int32_t *slot;
	size_t mask;
	int rc = 0;

	for (size_t i = 0; i < v->n_sels; i++) {
		struct cordon_policy_selector s;
		unsigned int kind;

		get_sel(v, i, &s);
		kind = le16toh(s.kind);
		if (s.reserved || s.reserved2) {
			cordon__seterr(err, errlen,
				       "selector %zu: reserved field not zero", i);
			return -EINVAL;
		}
		if (le16toh(s.profile) >= v->n_profs) {
			cordon__seterr(err, errlen,
				       "selector %zu: profile %u does not exist (%zu profiles)",
				       i, le16toh(s.profile), v->n_profs);
			return -ENOENT;
		}
		if (kind == CORDON_SELECT_NAME) {
			const char *why = name_problem(s.name, sizeof(s.name),
						       false);

			if (why) {
				cordon__seterr(err, errlen,
					       "selector %zu: container name %s %s",
					       i, qname(q, s.name, sizeof(s.name)),
					       why);
				return -EINVAL;
			}
			if (s.mnt_ns || s.pid_ns || s.user_ns) {
				cordon__seterr(err, errlen,
					       "selector %zu: a name selector with namespaces",
					       i);
				return -EINVAL;
			}
		} else if (kind == CORDON_SELECT_NS) {
			if (!all_zero(s.name, sizeof(s.name))) {
				cordon__seterr(err, errlen,
					       "selector %zu: a namespace selector with a name",
					       i);
				return -EINVAL;
			}
			if (!s.mnt_ns && !s.pid_ns && !s.user_ns) {
				cordon__seterr(err, errlen,
					       "selector %zu: a namespace selector with no namespace",
					       i);
				return -EINVAL;
			}
		} else {
			cordon__seterr(err, errlen,
				       "selector %zu: unknown kind %u", i, kind);
			return -EINVAL;
		}
	}

	slot = slots(v->n_sels, &mask);
	if (!slot) {
		cordon__seterr(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < v->n_sels && !rc; i++) {
		struct cordon_policy_selector s, o;
		size_t k;

		get_sel(v, i, &s);
		k = sel_key_hash(&s) & mask;
		for (; slot[k] >= 0; k = (k + 1) & mask) {
			get_sel(v, (size_t)slot[k], &o);
			if (sel_key_same(&s, &o)) {
				cordon__seterr(err, errlen,
					       "selector %zu: the same as selector %d",
					       i, slot[k]);
				rc = -ENOTUNIQ;
				break;
			}
		}
		slot[k] = (int32_t)i;
	}
	free(slot);
	return rc;
}

int cordon_policy_validate(const void *blob, size_t len, char *err,
			   size_t errlen)
{
	struct view v;
	int rc;

	if (!blob && len) {
		cordon__seterr(err, errlen, "no blob");
		return -EINVAL;
	}
	rc = check_header(blob, len, &v, err, errlen);
	if (!rc)
		rc = check_profiles(&v, err, errlen);
	if (!rc)
		rc = check_rules(&v, err, errlen);
	if (!rc)
		rc = check_devices(&v, err, errlen);
	if (!rc)
		rc = check_selectors(&v, err, errlen);
	if (!rc)
		cordon__clearerr(err, errlen);
	return rc;
}

/* Print "KW a,b,c;" for the bits of a set, or "KW none;". */
static void print_set(FILE *out, const char *kw,
		      const struct cordon__bitname *tab, uint32_t bits,
		      uint32_t all)
{
	bool first = true;

	fprintf(out, "\t%s ", kw);
	if (bits == 0) {
		fputs("none;\n", out);
		return;
	}
	if (all && bits == all) {
		fputs("all;\n", out);
		return;
	}
	for (; tab->name; tab++) {
		if (bits & tab->bit) {
			fprintf(out, "%s%s", first ? "" : ",", tab->name);
			first = false;
		}
	}
	fputs(";\n", out);
}

/* Print "capability KW a,b,c;", wrapped before column 72; nothing if 0. */
static void print_caps(FILE *out, const char *kw, uint64_t caps)
{
	bool first = true;
	int col;

	if (!caps)
		return;
	col = 8 + fprintf(out, "\tcapability %s ", kw) - 1;
	if (caps == CORDON__CAP_ALL) {
		fputs("all;\n", out);
		return;
	}
	for (unsigned int c = 0; c <= CORDON__CAP_LAST; c++) {
		const char *name = cordon_cap_name(c);
		int w = (int)strlen(name) + 2;

		if (!(caps & (UINT64_C(1) << c)))
			continue;
		if (!first && col + w > 72) {
			fputs(",\n\t\t", out);
			col = 16;
		} else if (!first) {
			fputs(", ", out);
			col += 2;
		}
		fputs(name, out);
		col += w - 2;
		first = false;
	}
	fputs(";\n", out);
}

int cordon_policy_dump(const void *blob, size_t len, FILE *out, char *err,
		       size_t errlen)
{
	bool sorted = true, dsorted = true;
	struct view v;
	int rc;

	rc = cordon_policy_validate(blob, len, err, errlen);
	if (rc)
		return rc;
	check_header(blob, len, &v, NULL, 0);
	for (size_t i = 1; i < v.n_rules; i++) {
		struct cordon_policy_mount_rule a, b;

		get_rule(&v, i - 1, &a);
		get_rule(&v, i, &b);
		if (le16toh(a.profile) > le16toh(b.profile))
			sorted = false;
	}
	for (size_t i = 1; i < v.n_devs; i++) {
		struct cordon_policy_device_rule a, b;

		get_dev(&v, i - 1, &a);
		get_dev(&v, i, &b);
		if (le16toh(a.profile) > le16toh(b.profile))
			dsorted = false;
	}

	fprintf(out,
		"# profiles: %zu, mount rules: %zu, device rules: %zu, selectors: %zu\n",
		v.n_profs, v.n_rules, v.n_devs, v.n_sels);
	if (!sorted || !dsorted)
		fprintf(out,
			"# The blob's %s rules are not grouped by profile: this text\n"
			"# compiles to the same rules, grouped.\n",
			!sorted && !dsorted ? "mount and device" :
			!sorted ? "mount" : "device");
	fprintf(out, "policy %s version %" PRIu64 ";\n", v.h.name,
		le64toh(v.h.version));

	for (size_t i = 0; i < v.n_profs; i++) {
		struct cordon_policy_profile p;
		char why[256];

		get_prof(&v, i, &p);
		if (cordon__cap_fallback_problem(le32toh(p.surface),
						 le64toh(p.cap_deny),
						 le64toh(p.cap_deny_init_ns),
						 why, sizeof(why)))
			fprintf(out,
				"\n# The compiler refuses this profile (the kernel does not):\n"
				"# %s", why);
		fprintf(out, "\nprofile %s {\n", p.name);
		fprintf(out, "\tmode %s;\n", cordon__mode_names[p.mode]);
		fprintf(out, "\tarm %s;\n", cordon__arm_names[p.arm]);
		for (size_t k = 0; k < v.n_rules; k++) {
			struct cordon_policy_mount_rule r;

			get_rule(&v, k, &r);
			if (le16toh(r.profile) != i)
				continue;
			fprintf(out, "\tmount allow %s", r.fstype);
			if (r.require) {
				bool first = true;

				fputs(" require ", out);
				for (const struct cordon__bitname *f =
					     cordon__mount_flag_names;
				     f->name; f++) {
					if (!(le16toh(r.require) & f->bit))
						continue;
					fprintf(out, "%s%s", first ? "" : ",",
						f->name);
					first = false;
				}
			}
			fputs(";\n", out);
		}
		print_set(out, "mount ops", cordon__mount_op_names,
			  le32toh(p.mount_ops), CORDON_MOUNT_OP_ALL);
		fprintf(out, "\tptrace %s;\n", cordon__ptrace_names[p.ptrace]);
		fprintf(out, "\tptrace from-host %s;\n",
			cordon__ptrace_host_names[p.ptrace_host]);
		print_set(out, "ipc cross", cordon__ipc_names,
			  le32toh(p.ipc_cross), CORDON_IPC_ALL);
		print_set(out, "knobs protect", cordon__knob_names,
			  le32toh(p.knobs), CORDON_KNOB_ALL);
		fputs("\tcapability allow all;\n", out);
		print_caps(out, "deny", le64toh(p.cap_deny));
		print_caps(out, "deny-init-ns", le64toh(p.cap_deny_init_ns));
		for (size_t k = 0; k < v.n_devs; k++) {
			struct cordon_policy_device_rule d;
			char name[CORDON__DEV_STR_SIZE];

			get_dev(&v, k, &d);
			if (le16toh(d.profile) != i)
				continue;
			fprintf(out, "\tdevice allow %s ", dev_name(name, &d));
			for (unsigned int b = 0; b < 3; b++)
				if (d.access & (1U << b))
					fputc(cordon__dev_access_letters[b], out);
			fputs(";\n", out);
		}
		for (size_t k = 0; k < CORDON__NR_SURFACE; k++)
			fprintf(out, "\t%s %s;\n", cordon__surface_names[k].kw,
				le32toh(p.surface) & cordon__surface_names[k].bit ?
				"allow" : "deny");
		fputs("}\n", out);
	}
	{
		struct cordon_policy_profile d;

		get_prof(&v, le16toh(v.h.default_profile), &d);
		fprintf(out, "\ndefault profile %s;\n", d.name);
	}
	if (v.n_sels)
		fputc('\n', out);
	for (size_t i = 0; i < v.n_sels; i++) {
		struct cordon_policy_selector s;
		struct cordon_policy_profile p;

		get_sel(&v, i, &s);
		get_prof(&v, le16toh(s.profile), &p);
		if (le16toh(s.kind) == CORDON_SELECT_NAME) {
			fprintf(out, "select name \"%s\" profile %s;\n", s.name,
				p.name);
			continue;
		}
		fputs("select ns", out);
		{
			static const char *const keys[] = { "mnt", "pid",
							    "user" };
			uint32_t ns[3] = { le32toh(s.mnt_ns), le32toh(s.pid_ns),
					   le32toh(s.user_ns) };

			for (int k = 0; k < 3; k++) {
				if (ns[k])
					fprintf(out, " %s=%" PRIu32, keys[k],
						ns[k]);
				else
					fprintf(out, " %s=*", keys[k]);
			}
		}
		fprintf(out, " profile %s;\n", p.name);
	}
	if (fflush(out) == EOF || ferror(out)) {
		cordon__seterr(err, errlen, "write error");
		return -EIO;
	}
	return 0;
}

/* The JSON form of a blob (cordonctl dump -j), from the same view. */

/* The names of the bits of a set, as an array (empty for none). */
static struct json_object *json_set(const struct cordon__bitname *tab,
				    uint32_t bits)
{
	struct json_object *a = json_object_new_array();

	for (; a && tab->name; tab++) {
		if (!(bits & tab->bit))
			continue;
		if (!cordon__json_array_str(a, tab->name)) {
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

static struct json_object *json_caps(uint64_t caps)
{
	struct json_object *a = json_object_new_array();

	for (unsigned int c = 0; a && c <= CORDON__CAP_LAST; c++) {
		if (!(caps & (UINT64_C(1) << c)))
			continue;
		if (!cordon__json_array_str(a, cordon_cap_name(c))) {
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

/* A device number, or null for any. */
static bool json_dev_num(struct json_object *o, const char *key, uint32_t n)
{
	if (n == CORDON_DEV_ANY)
		return cordon__json_null(o, key);
	return cordon__json_put(o, key, json_object_new_uint64(n));
}

static struct json_object *json_profile(const struct view *v, size_t i)
{
	struct json_object *o = json_object_new_object();
	struct json_object *mounts = json_object_new_array();
	struct json_object *devs = json_object_new_array();
	struct json_object *surface = json_object_new_object();
	struct cordon_policy_profile p;
	bool ok = o && mounts && devs && surface;

	get_prof(v, i, &p);
	for (size_t k = 0; ok && k < v->n_rules; k++) {
		struct cordon_policy_mount_rule r;
		struct json_object *m;

		get_rule(v, k, &r);
		if (le16toh(r.profile) != i)
			continue;
		m = json_object_new_object();
		ok = m && cordon__json_put(m, "fstype",
					   json_object_new_string(r.fstype)) &&
		     cordon__json_put(m, "require",
				      json_set(cordon__mount_flag_names,
					       le16toh(r.require)));
		if (ok)
			ok = json_object_array_add(mounts, m) == 0;
		if (!ok)
			json_object_put(m);
	}
	for (size_t k = 0; ok && k < v->n_devs; k++) {
		struct cordon_policy_device_rule d;
		const char *dev_type;
		struct json_object *dj;
		char access[4];
		size_t n = 0;

		get_dev(v, k, &d);
		if (le16toh(d.profile) != i)
			continue;
		for (unsigned int b = 0; b < 3; b++)
			if (d.access & (1U << b))
				access[n++] = cordon__dev_access_letters[b];
		access[n] = '\0';
		dev_type = cordon__dev_type_names[d.type];
		dj = json_object_new_object();
		ok = dj && cordon__json_put(dj, "type",
					    json_object_new_string(dev_type)) &&
		     json_dev_num(dj, "major", le32toh(d.major)) &&
		     json_dev_num(dj, "minor", le32toh(d.minor)) &&
		     cordon__json_put(dj, "access",
				      json_object_new_string(access));
		if (ok)
			ok = json_object_array_add(devs, dj) == 0;
		if (!ok)
			json_object_put(dj);
	}
	for (size_t k = 0; ok && k < CORDON__NR_SURFACE; k++)
		ok = cordon__json_put(surface, cordon__surface_names[k].kw,
				      json_object_new_string(le32toh(p.surface) &
							     cordon__surface_names[k].bit ?
							     "allow" : "deny"));
	ok = ok && cordon__json_put(o, "name", json_object_new_string(p.name)) &&
	     cordon__json_put(o, "mode",
			      json_object_new_string(cordon__mode_names[p.mode])) &&
	     cordon__json_put(o, "arm",
			      json_object_new_string(cordon__arm_names[p.arm]));
	if (ok) {
		ok = cordon__json_put(o, "mount_allow", mounts);
		mounts = NULL;
	}
	ok = ok &&
	     cordon__json_put(o, "mount_ops",
			      json_set(cordon__mount_op_names,
				       le32toh(p.mount_ops))) &&
	     cordon__json_put(o, "ptrace",
			      json_object_new_string(cordon__ptrace_names[p.ptrace])) &&
	     cordon__json_put(o, "ptrace_from_host",
			      json_object_new_string(cordon__ptrace_host_names[p.ptrace_host])) &&
	     cordon__json_put(o, "ipc_cross",
			      json_set(cordon__ipc_names,
				       le32toh(p.ipc_cross))) &&
	     cordon__json_put(o, "knobs_protect",
			      json_set(cordon__knob_names, le32toh(p.knobs))) &&
	     cordon__json_put(o, "capability_deny",
			      json_caps(le64toh(p.cap_deny))) &&
	     cordon__json_put(o, "capability_deny_init_ns",
			      json_caps(le64toh(p.cap_deny_init_ns)));
	if (ok) {
		ok = cordon__json_put(o, "device_allow", devs);
		devs = NULL;
	}
	if (ok) {
		ok = cordon__json_put(o, "surface", surface);
		surface = NULL;
	}
	json_object_put(mounts);
	json_object_put(devs);
	json_object_put(surface);
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *json_selector(const struct view *v, size_t i)
{
	struct json_object *o = json_object_new_object();
	struct cordon_policy_selector s;
	struct cordon_policy_profile p;
	bool ok;

	get_sel(v, i, &s);
	get_prof(v, le16toh(s.profile), &p);
	if (le16toh(s.kind) == CORDON_SELECT_NAME) {
		ok = o && cordon__json_put(o, "kind",
					   json_object_new_string("name")) &&
		     cordon__json_put(o, "name",
				      json_object_new_string(s.name));
	} else {
		static const char *const keys[] = { "mnt", "pid", "user" };
		uint32_t ns[3] = { le32toh(s.mnt_ns), le32toh(s.pid_ns),
				   le32toh(s.user_ns) };

		ok = o && cordon__json_put(o, "kind",
					   json_object_new_string("ns"));
		/* 0 is any namespace: null */
		for (int k = 0; ok && k < 3; k++)
			ok = ns[k] ?
			     cordon__json_put(o, keys[k],
					      json_object_new_uint64(ns[k])) :
			     cordon__json_null(o, keys[k]);
	}
	ok = ok && cordon__json_put(o, "profile",
				    json_object_new_string(p.name));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int cordon_json_policy(const void *blob, size_t len, struct json_object **out,
		       char *err, size_t errlen)
{
	struct json_object *o, *profs, *sels;
	struct cordon_policy_profile d;
	struct view v;
	bool ok;
	int rc;

	rc = cordon_policy_validate(blob, len, err, errlen);
	if (rc)
		return rc;
	check_header(blob, len, &v, NULL, 0);
	get_prof(&v, le16toh(v.h.default_profile), &d);
	o = json_object_new_object();
	profs = json_object_new_array();
	sels = json_object_new_array();
	ok = o && profs && sels;
	for (size_t i = 0; ok && i < v.n_profs; i++) {
		struct json_object *p = json_profile(&v, i);

		ok = p && json_object_array_add(profs, p) == 0;
		if (!ok)
			json_object_put(p);
	}
	for (size_t i = 0; ok && i < v.n_sels; i++) {
		struct json_object *s = json_selector(&v, i);

		ok = s && json_object_array_add(sels, s) == 0;
		if (!ok)
			json_object_put(s);
	}
	ok = ok && cordon__json_put(o, "name", json_object_new_string(v.h.name)) &&
	     cordon__json_put(o, "version",
			      json_object_new_uint64(le64toh(v.h.version))) &&
	     cordon__json_put(o, "default_profile",
			      json_object_new_string(d.name));
	if (ok) {
		ok = cordon__json_put(o, "profiles", profs);
		profs = NULL;
	}
	if (ok) {
		ok = cordon__json_put(o, "selectors", sels);
		sels = NULL;
	}
	json_object_put(profs);
	json_object_put(sels);
	if (!ok) {
		json_object_put(o);
		cordon__seterr(err, errlen, "out of memory");
		return -ENOMEM;
	}
	*out = o;
	cordon__clearerr(err, errlen);
	return 0;
}
