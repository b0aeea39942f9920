/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building the cordon family's messages as the kernel does, with libmnl:
 * shared by the unit tests of the netlink client and the fuzz seed
 * generator (tests/fuzz/seedgen.c).
 */
#ifndef CORDON_TESTS_GENL_REPLY_H
#define CORDON_TESTS_GENL_REPLY_H

#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/cordon.h>
#include <linux/genetlink.h>

/* a generic netlink message of @type (the family) at @buf, sequence 1 */
static inline struct nlmsghdr *genl_reply_put(void *buf, uint16_t type,
					      uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = 1;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = CORDON_GENL_VERSION;
	return nlh;
}

/* nla_put_u64_64bit(): a CORDON_A_PAD first if the value would be unaligned */
static inline void genl_put_u64(struct nlmsghdr *nlh, uint16_t type,
				uint64_t v)
{
	if ((nlh->nlmsg_len + MNL_ATTR_HDRLEN) % 8)
		mnl_attr_put(nlh, CORDON_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

#endif
