// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the netlink client's replies read from memory
 * (cordon__nl_replies(), the code the socket path runs), and the
 * reproducers fuzz_nl_reply found.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cordon/cordon.h>
#include <cordon/nl.h>

#include "nl_internal.h"
#include "genl_reply.h"
#include "unit.h"

#define FAMILY 0x1234

union msgbuf {
	uint8_t b[1024];
	struct nlmsghdr align;
};

static struct nlmsghdr *reply(union msgbuf *u, size_t off, uint8_t cmd,
			      uint16_t flags)
{
	return genl_reply_put(u->b + off, FAMILY, cmd, flags);
}

static size_t put_ack(union msgbuf *u, size_t off, int error)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(u->b + off);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED;
	nlh->nlmsg_seq = 1;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = sizeof(struct nlmsghdr) + GENL_HDRLEN;
	return off + nlh->nlmsg_len;
}

static int count_cb(const struct cordon_nl_container *c, void *data)
{
	(void)c;
	++*(int *)data;
	return 0;
}

static int event_cb(const struct cordon_nl_event *ev, void *data)
{
	(void)ev;
	++*(int *)data;
	return 0;
}

TEST(nl_replies_status_and_ack)
{
	union msgbuf u = { .b = { 0 } };
	struct cordon__nl_replies_out out;
	struct cordon__nl_dgram d;
	struct nlmsghdr *nlh;
	char err[CORDON_ERR_MAX];

	nlh = reply(&u, 0, CORDON_CMD_STATUS_GET, 0);
	mnl_attr_put_strz(nlh, CORDON_A_POLICY_NAME, "restricted");
	mnl_attr_put_strz(nlh, CORDON_A_MODE, "enforce");
	d.data = u.b;
	d.len = put_ack(&u, nlh->nlmsg_len, 0);
	CHECK_EQ(cordon__nl_replies(CORDON_CMD_STATUS_GET, FAMILY, &d, 1, NULL,
				    NULL, NULL, &out, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	CHECK_STREQ(out.status.policy_name, "restricted");
	CHECK_STREQ(out.status.mode, "enforce");

	/* the ack alone: no status */
	d.data = u.b + nlh->nlmsg_len;
	d.len -= nlh->nlmsg_len;
	CHECK_EQ(cordon__nl_replies(CORDON_CMD_STATUS_GET, FAMILY, &d, 1, NULL,
				    NULL, NULL, &out, err, sizeof(err)),
		 -EPROTO);
	CHECK_STREQ(err, "no status in the kernel's reply");

	/* a refusal */
	d.data = u.b;
	d.len = put_ack(&u, 0, -EPERM);
	CHECK_EQ(cordon__nl_replies(CORDON_CMD_STATUS_GET, FAMILY, &d, 1, NULL,
				    NULL, NULL, &out, err, sizeof(err)),
		 -EPERM);
	CHECK(strstr(err, "EPERM") != NULL);
}

TEST(nl_replies_dump_over_datagrams)
{
	union msgbuf u[3];
	struct cordon__nl_replies_out out;
	struct cordon__nl_dgram d[3];
	struct nlmsghdr *nlh;
	char err[CORDON_ERR_MAX];
	int n = 0;

	memset(u, 0, sizeof(u));
	for (int i = 0; i < 2; i++) {
		nlh = reply(&u[i], 0, CORDON_CMD_CONTAINER_GET, NLM_F_MULTI);
		mnl_attr_put_u64(nlh, CORDON_A_CONTAINER_ID, 40 + i);
		mnl_attr_put_strz(nlh, CORDON_A_NAME, "web");
		d[i].data = u[i].b;
		d[i].len = nlh->nlmsg_len;
	}
	nlh = mnl_nlmsg_put_header(u[2].b);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 1;
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = 0;
	d[2].data = u[2].b;
	d[2].len = nlh->nlmsg_len;
	CHECK_EQ(cordon__nl_replies(CORDON_CMD_CONTAINER_GET, FAMILY, d, 3,
				    count_cb, NULL, &n, &out, err,
				    sizeof(err)), 0);
	CHECK_EQ(n, 2);
	/* cut before its end: the socket would block, here no data */
	n = 0;
	CHECK_EQ(cordon__nl_replies(CORDON_CMD_CONTAINER_GET, FAMILY, d, 2,
				    count_cb, NULL, &n, &out, err,
				    sizeof(err)), -ENODATA);
	CHECK_EQ(n, 2);
	/* a reply to another request (sequence number) is refused */
	((struct nlmsghdr *)u[0].b)->nlmsg_seq = 9;
	CHECK(cordon__nl_replies(CORDON_CMD_CONTAINER_GET, FAMILY, d, 3,
				 count_cb, NULL, &n, &out, err,
				 sizeof(err)) < 0);
}

/*
 * fuzz_nl_reply: a message whose nlmsg_len is 2^31 or more passes
 * libmnl's mnl_nlmsg_ok() (an int comparison) and mnl_cb_run2() read
 * far outside the datagram (SEGV).  Refused as malformed now, for every
 * request.
 */
TEST(nl_replies_nlmsg_len_over_2g_refused)
{
	static const uint8_t cmds[] = {
		CORDON_CMD_STATUS_GET, CORDON_CMD_CHALLENGE_GET,
		CORDON_CMD_CONTAINER_GET, CORDON_CMD_EVENT, 0,
	};
	union msgbuf u = { .b = { 0 } };
	struct cordon__nl_replies_out out;
	struct cordon__nl_dgram d[2];
	struct nlmsghdr *nlh;
	char err[CORDON_ERR_MAX];
	int n = 0;

	/* the reproducer's shape: 0xc1 bytes from the first one on */
	memset(u.b, 0xc1, 272);
	d[0].data = u.b;
	d[0].len = 272;
	for (size_t i = 0; i < sizeof(cmds); i++) {
		CHECK_EQ(cordon__nl_replies(cmds[i], FAMILY, d, 1, count_cb,
					    event_cb, &n, &out, err,
					    sizeof(err)), -EPROTO);
		CHECK_STREQ(err, "malformed netlink message from the kernel");
	}
	/* and as the second message of a datagram */
	memset(&u, 0, sizeof(u));
	nlh = reply(&u, 0, CORDON_CMD_EVENT, 0);
	nlh->nlmsg_seq = 0;
	mnl_attr_put_strz(nlh, CORDON_A_ACTION, "deny");
	d[0].data = u.b;
	d[0].len = nlh->nlmsg_len;
	nlh = reply(&u, d[0].len, CORDON_CMD_EVENT, 0);
	nlh->nlmsg_len = 0x80000000U;
	d[1].data = u.b;
	d[1].len = d[0].len + 64;
	n = 0;
	CHECK_EQ(cordon__nl_replies(CORDON_CMD_EVENT, FAMILY, d, 2, NULL,
				    event_cb, &n, &out, err, sizeof(err)),
		 -EPROTO);
	/* the first datagram's event; the bad datagram is refused whole */
	CHECK_EQ(n, 1);
}

/*
 * fuzz_nl_reply: an ack whose error is INT_MIN was negated (undefined
 * behaviour, UBSan); an error beyond the errno range is malformed.
 */
TEST(nl_replies_ack_error_out_of_range)
{
	static const int errors[] = { INT_MIN, -4096, 4096, INT_MAX };
	union msgbuf u = { .b = { 0 } };
	struct cordon__nl_replies_out out;
	struct cordon__nl_dgram d = { .data = u.b };
	struct nlmsghdr *nlh = (struct nlmsghdr *)u.b;
	char err[CORDON_ERR_MAX], msg[64];

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		d.len = put_ack(&u, 0, errors[i]);
		CHECK_EQ(cordon__nl_replies(CORDON_CMD_STATUS_GET, FAMILY, &d,
					    1, NULL, NULL, NULL, &out, err,
					    sizeof(err)), -EPROTO);
		CHECK_STREQ(err, "malformed netlink message from the kernel");
		CHECK_EQ(cordon_nl_parse_ack(nlh, msg, sizeof(msg), NULL),
			 -EPROTO);
	}
	/* positive errnos, as some subsystems send them, are negated */
	put_ack(&u, 0, EPERM);
	CHECK_EQ(cordon_nl_parse_ack(nlh, msg, sizeof(msg), NULL), -EPERM);
}

/*
 * fuzz_nl_reply: an extended ack naming a missing attribute beyond the
 * table of names (CORDON_A_PIDFD and CORDON_A_ARM were not in it, and
 * the kernel may know newer ones) read past the table.
 */
TEST(nl_replies_missing_attribute_names)
{
	union msgbuf u = { .b = { 0 } };
	struct cordon__nl_replies_out out;
	struct cordon__nl_dgram d = { .data = u.b };
	struct nlmsghdr *nlh;
	char err[CORDON_ERR_MAX];

	nlh = (struct nlmsghdr *)u.b;
	put_ack(&u, 0, -EINVAL);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, CORDON_A_ARM);
	d.len = nlh->nlmsg_len;
	CHECK_EQ(cordon__nl_replies(CORDON_CMD_STATUS_GET, FAMILY, &d, 1, NULL,
				    NULL, NULL, &out, err, sizeof(err)),
		 -EINVAL);
	CHECK(strstr(err, "missing attribute CORDON_A_ARM") != NULL);

	put_ack(&u, 0, -EINVAL);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, 40000);
	d.len = nlh->nlmsg_len;
	CHECK_EQ(cordon__nl_replies(CORDON_CMD_STATUS_GET, FAMILY, &d, 1, NULL,
				    NULL, NULL, &out, err, sizeof(err)),
		 -EINVAL);
	CHECK(strstr(err, "missing attribute type 40000") != NULL);
}
