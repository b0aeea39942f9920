// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - securityfs interface (/sys/kernel/security/cordon/)
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/security.h>
#include <linux/seq_file.h>

#include "cordon.h"
#include "compat.h"
#include "attest.h"

static struct dentry *cordon_dir;

/*
 * Bytes per object: what cordon adds to every task, credentials, file,
 * inode, superblock, SysV IPC object and key (its LSM blobs), and the size
 * of its own objects, a tag per task that entered a container and a
 * container per set of namespaces.
 */
static void cordon_memory_show(struct seq_file *m)
{
	const struct lsm_blob_sizes *b = &cordon_blob_wanted;

	seq_printf(m, "memory: task %d cred %d file %d inode %d superblock %d ipc %d",
		   b->lbs_task, b->lbs_cred, b->lbs_file, b->lbs_inode,
		   b->lbs_superblock, b->lbs_ipc);
#ifdef CORDON_HAVE_KEY_BLOB
	seq_printf(m, " key %d", b->lbs_key);
#endif
	seq_printf(m, " tag %zu container %zu\n", sizeof(struct cordon_tag),
		   sizeof(struct cordon_container));
}

static int status_show(struct seq_file *m, void *v)
{
	const struct cordon_policy *policy;
	struct cordon_attest att;
	int area;

	rcu_read_lock();
	policy = cordon_policy();
	seq_printf(m, "version: %s\n", CORDON_VERSION);
	seq_printf(m, "mode: %s\n",
		   cordon_mode_name(policy->default_profile->mode));
	seq_printf(m, "policy: %s\n", policy->builtin ? "builtin" : "loaded");
	seq_printf(m, "policy_version: %llu\n", policy->version);
	seq_printf(m, "default_profile: %s\n", policy->default_profile->name);
	seq_printf(m, "policy_name: %s\n", policy->name);
	if (!policy->builtin)
		seq_printf(m, "policy_digest: sha256:%*phN\n",
			   (int)sizeof(policy->digest), policy->digest);
	seq_printf(m, "profiles: %u\n", policy->nr_profiles);
	if (!policy->builtin)
		seq_printf(m, "policy_memory: %zu\n",
			   cordon_policy_memory(policy));
	seq_printf(m, "containers: %u\n", cordon_nr_containers());
	rcu_read_unlock();
	cordon_memory_show(m);
	/* the load gate: the mode, and whether the active policy had a ticket */
	cordon_attest_last(&att);
	seq_printf(m, "attest: %s\n",
		   cordon_attest_required() ? "required" : "optional");
	seq_printf(m, "ticket: %s\n", att.ticketed ? "yes" : "no");
	if (att.ticketed)
		seq_printf(m, "ticket_digest: sha256:%*phN\n",
			   (int)sizeof(att.digest), att.digest);
	seq_puts(m, "areas:");
	for (area = 0; area < CORDON_AREA_NR; area++)
		if (cordon_area_enforced(area))
			seq_printf(m, " %s", cordon_area_name(area));
	seq_putc(m, '\n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

/* one line per area: "<area> denied=<n> complain=<n>" */
static int counters_show(struct seq_file *m, void *v)
{
	int area;

	for (area = 0; area < CORDON_AREA_NR; area++)
		seq_printf(m, "%s denied=%llu complain=%llu\n",
			   cordon_area_name(area), cordon_counter(area, true),
			   cordon_counter(area, false));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(counters);

static int __init cordon_fs_init(void)
{
	struct dentry *status, *counters = NULL;
	int ret;

	if (!cordon_initialized)
		return 0;

	cordon_dir = securityfs_create_dir(CORDON_NAME, NULL);
	if (IS_ERR(cordon_dir)) {
		pr_err("cannot create securityfs directory: %ld\n",
		       PTR_ERR(cordon_dir));
		return PTR_ERR(cordon_dir);
	}

	status = securityfs_create_file("status", 0444, cordon_dir, NULL,
					&status_fops);
	if (IS_ERR(status))
		goto err;
	counters = securityfs_create_file("counters", 0444, cordon_dir, NULL,
					  &counters_fops);
	if (IS_ERR(counters))
		goto err;
	return 0;
err:
	ret = PTR_ERR(IS_ERR(status) ? status : counters);
	pr_err("cannot create securityfs files: %d\n", ret);
	if (!IS_ERR(status))
		securityfs_remove(status);
	securityfs_remove(cordon_dir);
	return ret;
}
fs_initcall(cordon_fs_init);
