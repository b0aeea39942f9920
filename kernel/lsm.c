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

/*
 * cordon_initialized - true once cordon registered its hooks at boot
 *
 * False when cordon is built in but left out of the lsm= list, in which
 * case nothing of cordon (hooks, securityfs) exists.
 */
bool cordon_initialized __ro_after_init;

#ifdef CORDON_HAVE_KEY_BLOB
#define CORDON_KEY_BLOB .lbs_key = sizeof(struct cordon_owner),
#else
#define CORDON_KEY_BLOB
#endif

#define CORDON_BLOBS {						\
	.lbs_task = sizeof(struct cordon_task_security),		\
	.lbs_cred = sizeof(struct cordon_cred_security),		\
	.lbs_file = sizeof(struct cordon_file_security),		\
	.lbs_inode = sizeof(struct cordon_owner),			\
	.lbs_superblock = sizeof(struct cordon_owner),			\
	.lbs_ipc = sizeof(struct cordon_ipc_security),			\
	CORDON_KEY_BLOB							\
}

/*
 * cordon_blob_sizes - security blob space cordon asks the LSM framework for;
 * the framework turns each size into cordon's offset in the blob
 */
struct lsm_blob_sizes cordon_blob_sizes __ro_after_init = CORDON_BLOBS;

/* cordon_blob_wanted - the same sizes, as asked for (securityfs status) */
const struct lsm_blob_sizes cordon_blob_wanted = CORDON_BLOBS;

#ifdef CORDON_HAVE_LSM_ID
/*
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

static int __init cordon_init(void)
{
	cordon_policy_init();
	cordon_identity_init();
	cordon_mount_init();
	cordon_ptrace_init();
	cordon_cap_init();
	cordon_ipc_init();
	cordon_unix_init();
	cordon_signal_init();
	cordon_knob_init();
	cordon_device_init();
	cordon_file_init();
	cordon_surface_init();
	cordon_key_init();
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
