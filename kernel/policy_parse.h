/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - the parsed form of a policy's selectors, and the parser's
 * entry points besides those in cordon.h (policy_parse.c)
 *
 * Copyright (C) 2026 The cordon authors
 */

#ifndef _SECURITY_CORDON_POLICY_PARSE_H
#define _SECURITY_CORDON_POLICY_PARSE_H

#include "cordon.h"

/**
 * struct cordon_name_sel - a name selector
 * @name: container name, in the policy's allocation
 * @profile: the profile index
 */
struct cordon_name_sel {
	const char *name;
	unsigned int profile;
};

/**
 * struct cordon_ns_sel - a namespace selector, 0 matching any
 * @mnt: mount namespace
 * @pid: pid namespace
 * @user: user namespace
 * @profile: the profile index
 */
struct cordon_ns_sel {
	u32 mnt;
	u32 pid;
	u32 user;
	unsigned int profile;
};

void cordon_policy_free(struct cordon_policy *p);

#endif /* _SECURITY_CORDON_POLICY_PARSE_H */
