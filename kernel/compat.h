/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - differences between the kernels cordon builds on (6.1, 6.12)
 *
 * Every version test in cordon lives in this file.
 */

#ifndef _SECURITY_CORDON_COMPAT_H
#define _SECURITY_CORDON_COMPAT_H

#include <linux/lsm_hooks.h>

/*
 * LSM ids exist since 6.8: linux/lsm_hooks.h then includes uapi/linux/lsm.h,
 * which the graft patch extends with LSM_ID_CORDON.
 */
#ifdef LSM_ID_UNDEF
#define CORDON_HAVE_LSM_ID 1

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
