/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - differences between the kernels cordon builds on (6.1, 6.12)
 *
 * Every version test in cordon lives in this file.
 */

#ifndef _SECURITY_CORDON_COMPAT_H
#define _SECURITY_CORDON_COMPAT_H

#include <linux/lsm_hooks.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)

/* LSM ids (and include/uapi/linux/lsm.h) exist since 6.8. */
#include <uapi/linux/lsm.h>

#define cordon_hooks_ro __ro_after_init
extern const struct lsm_id cordon_lsmid;
#define cordon_add_hooks(hooks, count) \
	security_add_hooks(hooks, count, &cordon_lsmid)

#else

#define cordon_hooks_ro __lsm_ro_after_init
#define cordon_add_hooks(hooks, count) \
	security_add_hooks(hooks, count, CORDON_NAME)

#endif

#endif /* _SECURITY_CORDON_COMPAT_H */
