/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon kselftests: requests to the "cordon" generic netlink family on a
 * plain netlink socket (messages built with libmnl), the answers, the
 * status and challenge, the container dump.  netlink_test sends malformed
 * requests with these; reload_storm loads policies and reads the counters.
 */
#ifndef CORDON_SELFTEST_NL_H
#define CORDON_SELFTEST_NL_H

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <libmnl/libmnl.h>

#include <linux/cordon.h>

#include "kselftest.h"

/* ======================================================================
 * A netlink socket, requests and answers
 * ====================================================================== */

#define NL_BUF (64 * 1024)
/* the answer to a request netlink drops never comes: wait this long */
#define NO_ANSWER_MS 1000
/* an expected result: no answer at all */
#define NO_ANSWER 1

struct nl {
	int fd;
	uint16_t family;
	uint32_t seq;
};

struct answer {
	int err;		/* 0 or -errno of the ack, NO_ANSWER */
	int nr_data;		/* messages other than acks and done */
	char ext[256];		/* the extended ack's message */
};

static inline int nl_socket(struct nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, big = 32 << 20;

	nl->seq = (uint32_t)time(NULL);
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		return -errno;
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = -errno;

		close(nl->fd);
		return e;
	}
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* an oversize policy in one message (root only; others keep theirs) */
	setsockopt(nl->fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big));
	return 0;
}

static inline void nl_close(struct nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

/* NLMSGERR_ATTR_MSG of an error or done message, from offset off */
static inline void get_ext(const struct nlmsghdr *nlh, size_t off, struct answer *a)
{
	const struct nlattr *at;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(at, nlh, off)
		if (mnl_attr_get_type(at) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(at, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(a->ext, sizeof(a->ext), "%s",
				 mnl_attr_get_str(at));
}

typedef void (*data_cb)(const struct nlmsghdr *nlh, void *arg);

/*
 * Read the answer to request seq: data messages (cb on each), until an
 * ack, an error or the end of a dump; NO_ANSWER after NO_ANSWER_MS of
 * silence.  Messages of other requests are skipped.
 */
static inline void nl_answer(struct nl *nl, uint32_t seq,
			     struct answer *a, data_cb cb, void *arg)
{
	static char buf[NL_BUF];
	struct pollfd p = { .fd = nl->fd, .events = POLLIN };

	a->err = NO_ANSWER;
	a->nr_data = 0;
	a->ext[0] = '\0';
	for (;;) {
		const struct nlmsghdr *nlh;
		ssize_t n;
		int len;

		if (poll(&p, 1, NO_ANSWER_MS) <= 0)
			return;
		n = recv(nl->fd, buf, sizeof(buf), 0);
		if (n < 0) {
			a->err = -errno;
			return;
		}
		len = (int)n;
		for (nlh = (const void *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (getenv("NLT_DEBUG"))
				ksft_print_msg("msg type %u flags 0x%x seq %u (want %u) len %u\n",
					       nlh->nlmsg_type, nlh->nlmsg_flags,
					       nlh->nlmsg_seq, seq, nlh->nlmsg_len);
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);
				size_t off = sizeof(*e);

				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len -
					       sizeof(struct nlmsghdr);
				get_ext(nlh, off, a);
				a->err = e->error;
				return;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				memcpy(&err, mnl_nlmsg_get_payload(nlh),
				       sizeof(err));
				get_ext(nlh, sizeof(int), a);
				a->err = err;
				return;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			a->nr_data++;
			if (cb)
				cb(nlh, arg);
		}
	}
}

/* Send len bytes of msg (a request numbered seq) and read the answer. */
static inline void nl_send(struct nl *nl, const void *msg, size_t len,
			   uint32_t seq, struct answer *a, data_cb cb,
			   void *arg)
{
	if (send(nl->fd, msg, len, 0) < 0) {
		a->err = -errno;
		a->nr_data = 0;
		snprintf(a->ext, sizeof(a->ext), "send: %s", strerror(errno));
		return;
	}
	nl_answer(nl, seq, a, cb, arg);
}

/* A request header in buf (zeroed, room bytes): command cmd of family. */
static inline struct nlmsghdr *req_put(struct nl *nl, void *buf,
				       size_t room, uint16_t type,
				       uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, room);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 2 : CORDON_GENL_VERSION;
	return nlh;
}

static inline void family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *at;

	mnl_attr_for_each(at, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(at) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)arg = mnl_attr_get_u16(at);
}

/* Resolve the family (0 if this namespace has none). */
static inline uint16_t nl_family(struct nl *nl)
{
	char buf[256];
	struct nlmsghdr *nlh;
	struct answer a;
	uint16_t id = 0;

	nlh = req_put(nl, buf, sizeof(buf), GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
		      0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CORDON_GENL_NAME);
	nl_send(nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &a, family_cb, &id);
	return a.err ? 0 : id;
}

/*
 * The family's id, resolved on a socket of its own: a socket that has read
 * into a big buffer gets big dump buffers, and the dump tests need small
 * ones.
 */
static inline uint16_t family_id(void)
{
	struct nl nl;
	uint16_t id;

	if (nl_socket(&nl))
		return 0;
	id = nl_family(&nl);
	nl_close(&nl);
	return id;
}

/* ======================================================================
 * The state a refused request must not change
 * ====================================================================== */

struct state {
	char name[CORDON_NAME_MAX];
	uint64_t version, loads, rejects, ticket_rejects;
	unsigned char digest[CORDON_DIGEST_SIZE];
	bool builtin;
	uint32_t nr_profiles, nr_containers;
	char attest[16];
	unsigned char challenge[CORDON_CHALLENGE_SIZE];
};

static inline void status_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct state *st = arg;
	const struct nlattr *at;

	mnl_attr_for_each(at, nlh, sizeof(struct genlmsghdr)) {
		const void *p = mnl_attr_get_payload(at);
		uint16_t len = mnl_attr_get_payload_len(at);

		switch (mnl_attr_get_type(at)) {
		case CORDON_A_POLICY_NAME:
			snprintf(st->name, sizeof(st->name), "%.*s", len,
				 (const char *)p);
			break;
		case CORDON_A_ATTEST:
			snprintf(st->attest, sizeof(st->attest), "%.*s", len,
				 (const char *)p);
			break;
		case CORDON_A_POLICY_VERSION:
			st->version = mnl_attr_get_u64(at);
			break;
		case CORDON_A_LOADS:
			st->loads = mnl_attr_get_u64(at);
			break;
		case CORDON_A_REJECTS:
			st->rejects = mnl_attr_get_u64(at);
			break;
		case CORDON_A_TICKET_REJECTS:
			st->ticket_rejects = mnl_attr_get_u64(at);
			break;
		case CORDON_A_POLICY_DIGEST:
			if (len == sizeof(st->digest))
				memcpy(st->digest, p, len);
			break;
		case CORDON_A_BUILTIN:
			st->builtin = true;
			break;
		case CORDON_A_NR_PROFILES:
			st->nr_profiles = mnl_attr_get_u32(at);
			break;
		case CORDON_A_NR_CONTAINERS:
			st->nr_containers = mnl_attr_get_u32(at);
			break;
		case CORDON_A_CHALLENGE:
			if (len == sizeof(st->challenge))
				memcpy(st->challenge, p, len);
			break;
		}
	}
}

/* The status and the challenge, over a socket of its own. */
static inline int get_state(struct state *st)
{
	struct nlmsghdr *nlh;
	struct answer a, b;
	char buf[256];
	struct nl nl;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = nl_socket(&nl);
	if (ret)
		return ret;
	nl.family = nl_family(&nl);
	if (!nl.family) {
		nl_close(&nl);
		return -ENOENT;
	}
	nlh = req_put(&nl, buf, sizeof(buf), nl.family, CORDON_CMD_STATUS_GET,
		      0);
	nl_send(&nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &a, status_cb, st);
	nlh = req_put(&nl, buf, sizeof(buf), nl.family,
		      CORDON_CMD_CHALLENGE_GET, 0);
	nl_send(&nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &b, status_cb, st);
	nl_close(&nl);
	if (a.err || b.err)
		return a.err ? a.err : b.err;
	return a.nr_data == 1 && b.nr_data == 1 ? 0 : -EPROTO;
}

static inline const char *errname(int err)
{
	const char *n;

	if (err == NO_ANSWER)
		return "no answer";
	if (err < 0)
		err = -err;
	n = err ? strerrorname_np(err) : "0";
	return n ? n : "?";
}

/* --- container dumps ---------------------------------------------------- */

#define MAX_DUMP 1024

struct dump {
	int n;
	uint64_t id[MAX_DUMP];
	uint32_t mnt[MAX_DUMP];
	char name[MAX_DUMP][CORDON_NAME_MAX];
	char profile[MAX_DUMP][CORDON_NAME_MAX];
	bool armed[MAX_DUMP];
	uint64_t denied[MAX_DUMP];
	int nr_multi;		/* messages with NLM_F_MULTI */
};

static inline void dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;
	const struct nlattr *at;
	int i = d->n;

	if (i >= MAX_DUMP)
		return;
	d->nr_multi += !!(nlh->nlmsg_flags & NLM_F_MULTI);
	d->name[i][0] = '\0';
	d->profile[i][0] = '\0';
	mnl_attr_for_each(at, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(at)) {
		case CORDON_A_CONTAINER_ID:
			d->id[i] = mnl_attr_get_u64(at);
			break;
		case CORDON_A_NS_MNT:
			d->mnt[i] = mnl_attr_get_u32(at);
			break;
		case CORDON_A_ARMED:
			d->armed[i] = mnl_attr_get_u8(at);
			break;
		case CORDON_A_DENIED:
			d->denied[i] = mnl_attr_get_u64(at);
			break;
		case CORDON_A_NAME:
			snprintf(d->name[i], CORDON_NAME_MAX, "%s",
				 mnl_attr_get_str(at));
			break;
		case CORDON_A_PROFILE:
			snprintf(d->profile[i], CORDON_NAME_MAX, "%s",
				 mnl_attr_get_str(at));
			break;
		}
	}
	d->n++;
}

static inline int dump_all(struct dump *d)
{
	struct nlmsghdr *nlh;
	struct answer a;
	char buf[256];
	struct nl nl;
	int ret;

	memset(d, 0, sizeof(*d));
	ret = nl_socket(&nl);
	if (ret)
		return ret;
	nl.family = nl_family(&nl);
	nlh = req_put(&nl, buf, sizeof(buf), nl.family,
		      CORDON_CMD_CONTAINER_GET, NLM_F_DUMP);
	nl_send(&nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &a, dump_cb, d);
	nl_close(&nl);
	return a.err;
}

/* the dump's entry of the container with mount namespace mnt, or -1 */
static inline int dump_find(const struct dump *d, uint32_t mnt)
{
	int i;

	for (i = 0; i < d->n; i++)
		if (d->mnt[i] == mnt)
			return i;
	return -1;
}

#endif /* CORDON_SELFTEST_NL_H */
