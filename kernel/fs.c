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

static struct dentry *cordon_dir;

static int status_show(struct seq_file *m, void *v)
{
	seq_printf(m, "version: %s\n", CORDON_VERSION);
	seq_printf(m, "mode: %s\n", cordon_mode_name(cordon_boot_mode()));
	seq_puts(m, "policy: builtin\n");
	seq_puts(m, "policy_version: 0\n");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

static int __init cordon_fs_init(void)
{
	struct dentry *status;

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
	if (IS_ERR(status)) {
		pr_err("cannot create securityfs status: %ld\n",
		       PTR_ERR(status));
		securityfs_remove(cordon_dir);
		return PTR_ERR(status);
	}
	return 0;
}
fs_initcall(cordon_fs_init);
