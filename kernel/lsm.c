// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - container boundary enforcement: registration
 *
 * Copyright (C) 2026 The cordon authors
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/init.h>
#include <linux/lsm_hooks.h>
#include <linux/printk.h>

#include "cordon.h"
#include "compat.h"

/**
 * cordon_initialized - true once cordon registered its hooks at boot
 *
 * False when cordon is built in but left out of the lsm= list, in which
 * case nothing of cordon (hooks, securityfs) exists.
 */
bool cordon_initialized __ro_after_init;

/**
 * cordon_blob_sizes - security blob space cordon asks the LSM framework for
 */
struct lsm_blob_sizes cordon_blob_sizes __ro_after_init = {};

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
/**
 * cordon_lsmid - cordon's LSM id
 *
 * LSM_ID_CORDON is self-assigned and unofficial; see
 * Documentation/admin-guide/LSM/cordon.rst.
 */
const struct lsm_id cordon_lsmid = {
	.name = CORDON_NAME,
	.id = LSM_ID_CORDON,
};
#endif

static struct security_hook_list cordon_hooks[] cordon_hooks_ro = {
};

static int __init cordon_init(void)
{
	cordon_add_hooks(cordon_hooks, ARRAY_SIZE(cordon_hooks));
	cordon_initialized = true;
	pr_info("initialized, version %s, mode %s\n", CORDON_VERSION,
		cordon_mode_name(cordon_boot_mode()));
	return 0;
}

DEFINE_LSM(cordon) = {
	.name = CORDON_NAME,
	.init = cordon_init,
	.blobs = &cordon_blob_sizes,
};
