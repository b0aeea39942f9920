// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the kernel's own policy parser (kernel/policy_parse.c,
 * cordon_policy_parse(), built for userspace with kshim.h) on any bytes.
 *
 * Properties:
 *  - differential: the kernel parser and cordonctl's validator
 *    (cordon_policy_validate()) give the same answer, errno included (a
 *    blob over CORDON_POLICY_MAX_SIZE counts as E2BIG for the kernel, as
 *    its load refuses it before parsing); a refusal always has a reason;
 *  - a policy the parser builds is well formed: its counts are the
 *    header's, each profile's mount rules lie in the policy's array,
 *    sorted by type with no duplicates, its device rules too, the name
 *    selectors are sorted, every index is in range;
 *  - each allocation of an accepted parse made to fail in turn gives
 *    -ENOMEM, no policy and no leak (LeakSanitizer).
 * Seeds: the blobs the kselftests load (make-policies: good, damaged and
 * over-bound ones) and the shipped policies.
 */
#include <cordon/policy.h>

#include "policy_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

unsigned int kshim_fail_nth;
unsigned long kshim_nr_allocs;

static void fail(const char *what, int a, int b, const char *ra,
		 const char *rb)
{
	fprintf(stderr, "fuzz_kernel_policy: %s (%d \"%s\" vs %d \"%s\")\n",
		what, a, ra ? ra : "", b, rb ? rb : "");
	abort();
}

static void check_policy(const struct cordon_policy *p, const uint8_t *data)
{
	const struct cordon_policy_header *h = (const void *)data;
	unsigned int np = le16toh(h->nr_profiles);
	unsigned int nm = le32toh(h->nr_mount_rules);
	unsigned int nd = le32toh(h->nr_device_rules);
	unsigned int ns = le32toh(h->nr_selectors);
	unsigned int rules = 0, devs = 0, i, j;

	if (p->version != le64toh(h->version) || p->builtin ||
	    memcmp(p->name, h->name, sizeof(p->name)) ||
	    p->nr_profiles != np ||
	    p->default_profile != &p->profiles[le16toh(h->default_profile)] ||
	    p->nr_name_sel + p->nr_ns_sel != ns)
		fail("policy header fields", 0, 0, NULL, NULL);
	for (i = 0; i < np; i++) {
		const struct cordon_profile *prof = &p->profiles[i];

		if (prof->mount_rules != p->mount_rules + rules ||
		    prof->device_rules != p->device_rules + devs)
			fail("rules not contiguous", (int)i, 0, NULL, NULL);
		rules += prof->nr_mount_rules;
		devs += prof->nr_device_rules;
		if (rules > nm || devs > nd)
			fail("more rules than the header says", (int)i, 0,
			     NULL, NULL);
		for (j = 0; j < prof->nr_mount_rules; j++) {
			const struct cordon_mount_rule *r =
				&prof->mount_rules[j];

			if (!cordon_name_ok(r->fstype, sizeof(r->fstype), true) ||
			    (r->require & ~CORDON_MOUNT_FLAGS_ALL))
				fail("bad mount rule", (int)i, (int)j, NULL,
				     NULL);
			if (j && strcmp(prof->mount_rules[j - 1].fstype,
					r->fstype) >= 0)
				fail("mount rules not sorted", (int)i, (int)j,
				     NULL, NULL);
		}
		for (j = 0; j < prof->nr_device_rules; j++) {
			const struct cordon_device_rule *d =
				&prof->device_rules[j];

			if ((d->type != CORDON_DEV_CHAR &&
			     d->type != CORDON_DEV_BLOCK) || !d->access ||
			    (d->access & ~CORDON_DEV_ACCESS_ALL))
				fail("bad device rule", (int)i, (int)j, NULL,
				     NULL);
		}
		if (!cordon_name_ok(prof->name, sizeof(prof->name), false) ||
		    prof->mode > CORDON_MODE_ENFORCE)
			fail("bad profile", (int)i, 0, NULL, NULL);
	}
	if (rules != nm || devs != nd)
		fail("rule counts", (int)rules, (int)devs, NULL, NULL);
	for (i = 0; i < p->nr_name_sel; i++) {
		if (p->name_sel[i].profile >= np)
			fail("name selector profile", (int)i, 0, NULL, NULL);
		if (i && strcmp(p->name_sel[i - 1].name,
				p->name_sel[i].name) >= 0)
			fail("name selectors not sorted", (int)i, 0, NULL,
			     NULL);
	}
	for (i = 0; i < p->nr_ns_sel; i++)
		if (p->ns_sel[i].profile >= np ||
		    (!p->ns_sel[i].mnt && !p->ns_sel[i].pid &&
		     !p->ns_sel[i].user))
			fail("namespace selector", (int)i, 0, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_policy *p = NULL;
	const char *reason = NULL;
	unsigned long allocs;
	char err[256];
	int krc, urc;

	kshim_fail_nth = 0;
	kshim_nr_allocs = 0;
	if (size > CORDON_POLICY_MAX_SIZE)
		krc = -E2BIG;	/* cordon_policy_load(), before the parser */
	else
		krc = cordon_policy_parse(data, size, &p, &reason);
	allocs = kshim_nr_allocs;
	urc = cordon_policy_validate(data, size, err, sizeof(err));
	if (krc != urc)
		fail("kernel and cordonctl disagree", krc, urc, reason, err);
	if (krc) {
		if (p || (size <= CORDON_POLICY_MAX_SIZE &&
			  (!reason || !*reason)))
			fail("refused without a reason or with a policy", krc,
			     0, reason, NULL);
		return 0;
	}
	if (!p)
		fail("accepted without a policy", 0, 0, NULL, NULL);
	check_policy(p, data);
	cordon_policy_free(p);

	/* every allocation of the parse, failing in turn */
	for (unsigned long n = 1; n <= allocs; n++) {
		p = NULL;
		kshim_fail_nth = (unsigned int)n;
		krc = cordon_policy_parse(data, size, &p, &reason);
		if (krc != -ENOMEM || p)
			fail("allocation failure not -ENOMEM", krc, (int)n,
			     reason, NULL);
	}
	kshim_fail_nth = 0;
	return 0;
}
