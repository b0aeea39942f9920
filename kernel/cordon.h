/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - common definitions
 */

#ifndef _SECURITY_CORDON_CORDON_H
#define _SECURITY_CORDON_CORDON_H

#include <linux/lsm_hooks.h>
#include <linux/types.h>

#define CORDON_NAME "cordon"
#define CORDON_VERSION "0.1.0"

/**
 * enum cordon_mode - what a profile does with an operation it denies
 * @CORDON_MODE_OFF: nothing is checked or audited
 * @CORDON_MODE_COMPLAIN: the operation is audited and allowed
 * @CORDON_MODE_ENFORCE: the operation is audited and fails
 */
enum cordon_mode {
	CORDON_MODE_OFF,
	CORDON_MODE_COMPLAIN,
	CORDON_MODE_ENFORCE,
};

extern bool cordon_initialized;
extern struct lsm_blob_sizes cordon_blob_sizes;

const char *cordon_mode_name(enum cordon_mode mode);
int cordon_mode_parse(const char *str, enum cordon_mode *mode);
enum cordon_mode cordon_boot_mode(void);

#endif /* _SECURITY_CORDON_CORDON_H */
