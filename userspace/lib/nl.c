// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - client of the "cordon" generic netlink family (libmnl)
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cordon/nl.h>

#include "internal.h"
#include "nl_internal.h"

/* The kernel refuses a datagram longer than the send buffer minus this. */
#define SNDBUF_SLACK 32

/* A small request (all but POLICY_LOAD), aligned for its header. */
union req_buf {
	char buf[512];
	struct nlmsghdr align;
};

struct cordon_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t events_group;
	bool refused;
	/* one received datagram */
	union {
		char buf[CORDON_NL_RECV_SIZE];
		struct nlmsghdr align;
	} rx;
	/* replies read from memory, not the socket (cordon__nl_replies()) */
	const struct cordon__nl_dgram *replay;
	size_t replay_n;
};

/* State of one request and its replies. */
struct req {
	/* parses one reply message; returns 0 or a negated errno */
	int (*parse)(const struct nlmsghdr *nlh, struct req *r);
	void *data;
	int kerr;		/* the kernel's errno, positive; 0 for none */
	int cb_err;		/* an error of parse, negative; 0 for none */
	uint32_t miss_type;
	char msg[256];		/* the kernel's extended ack message */
	bool replied;		/* parse found its reply */
	bool stopped;		/* parse asked to stop */
	/*
	 * A dump: after parse stops or fails, read on (ignoring data) up to
	 * the NLMSG_DONE, so that the socket holds nothing stale.
	 */
	bool drain;
};

static const char *const attr_names[] = {
	[CORDON_A_UNSPEC] = "CORDON_A_UNSPEC",
	[CORDON_A_PAD] = "CORDON_A_PAD",
	[CORDON_A_POLICY] = "CORDON_A_POLICY",
	[CORDON_A_SIGNATURE] = "CORDON_A_SIGNATURE",
	[CORDON_A_POLICY_NAME] = "CORDON_A_POLICY_NAME",
	[CORDON_A_POLICY_VERSION] = "CORDON_A_POLICY_VERSION",
	[CORDON_A_POLICY_DIGEST] = "CORDON_A_POLICY_DIGEST",
	[CORDON_A_BUILTIN] = "CORDON_A_BUILTIN",
	[CORDON_A_MODE] = "CORDON_A_MODE",
	[CORDON_A_PID] = "CORDON_A_PID",
	[CORDON_A_NAME] = "CORDON_A_NAME",
	[CORDON_A_PROFILE] = "CORDON_A_PROFILE",
	[CORDON_A_CONTAINER_ID] = "CORDON_A_CONTAINER_ID",
	[CORDON_A_DEPTH] = "CORDON_A_DEPTH",
	[CORDON_A_ARMED] = "CORDON_A_ARMED",
	[CORDON_A_NS_MNT] = "CORDON_A_NS_MNT",
	[CORDON_A_NS_PID] = "CORDON_A_NS_PID",
	[CORDON_A_NS_USER] = "CORDON_A_NS_USER",
	[CORDON_A_DENIED] = "CORDON_A_DENIED",
	[CORDON_A_COMPLAINED] = "CORDON_A_COMPLAINED",
	[CORDON_A_AREA] = "CORDON_A_AREA",
	[CORDON_A_OP] = "CORDON_A_OP",
	[CORDON_A_RULE] = "CORDON_A_RULE",
	[CORDON_A_ACTION] = "CORDON_A_ACTION",
	[CORDON_A_COMM] = "CORDON_A_COMM",
	[CORDON_A_NR_PROFILES] = "CORDON_A_NR_PROFILES",
	[CORDON_A_NR_CONTAINERS] = "CORDON_A_NR_CONTAINERS",
	[CORDON_A_LOADS] = "CORDON_A_LOADS",
	[CORDON_A_REJECTS] = "CORDON_A_REJECTS",
	[CORDON_A_TICKET] = "CORDON_A_TICKET",
	[CORDON_A_TICKET_SIGNATURE] = "CORDON_A_TICKET_SIGNATURE",
	[CORDON_A_CHALLENGE] = "CORDON_A_CHALLENGE",
	[CORDON_A_ATTEST] = "CORDON_A_ATTEST",
	[CORDON_A_TICKETED] = "CORDON_A_TICKETED",
	[CORDON_A_TICKET_DIGEST] = "CORDON_A_TICKET_DIGEST",
	[CORDON_A_TICKET_REJECTS] = "CORDON_A_TICKET_REJECTS",
	[CORDON_A_PIDFD] = "CORDON_A_PIDFD",
	[CORDON_A_ARM] = "CORDON_A_ARM",
};

/* How each attribute the kernel sends is validated; UNSPEC: not at all. */
static const enum mnl_attr_data_type attr_types[CORDON_A_MAX + 1] = {
	[CORDON_A_POLICY] = MNL_TYPE_BINARY,
	[CORDON_A_SIGNATURE] = MNL_TYPE_BINARY,
	[CORDON_A_POLICY_NAME] = MNL_TYPE_NUL_STRING,
	[CORDON_A_POLICY_VERSION] = MNL_TYPE_U64,
	[CORDON_A_POLICY_DIGEST] = MNL_TYPE_BINARY,
	[CORDON_A_BUILTIN] = MNL_TYPE_FLAG,
	[CORDON_A_MODE] = MNL_TYPE_NUL_STRING,
	[CORDON_A_PID] = MNL_TYPE_U32,
	[CORDON_A_NAME] = MNL_TYPE_NUL_STRING,
	[CORDON_A_PROFILE] = MNL_TYPE_NUL_STRING,
	[CORDON_A_CONTAINER_ID] = MNL_TYPE_U64,
	[CORDON_A_DEPTH] = MNL_TYPE_U32,
	[CORDON_A_ARMED] = MNL_TYPE_U8,
	[CORDON_A_NS_MNT] = MNL_TYPE_U32,
	[CORDON_A_NS_PID] = MNL_TYPE_U32,
	[CORDON_A_NS_USER] = MNL_TYPE_U32,
	[CORDON_A_DENIED] = MNL_TYPE_U64,
	[CORDON_A_COMPLAINED] = MNL_TYPE_U64,
	[CORDON_A_AREA] = MNL_TYPE_NUL_STRING,
	[CORDON_A_OP] = MNL_TYPE_NUL_STRING,
	[CORDON_A_RULE] = MNL_TYPE_NUL_STRING,
	[CORDON_A_ACTION] = MNL_TYPE_NUL_STRING,
	[CORDON_A_COMM] = MNL_TYPE_NUL_STRING,
	[CORDON_A_NR_PROFILES] = MNL_TYPE_U32,
	[CORDON_A_NR_CONTAINERS] = MNL_TYPE_U32,
	[CORDON_A_LOADS] = MNL_TYPE_U64,
	[CORDON_A_REJECTS] = MNL_TYPE_U64,
	[CORDON_A_TICKET] = MNL_TYPE_BINARY,
	[CORDON_A_TICKET_SIGNATURE] = MNL_TYPE_BINARY,
	[CORDON_A_CHALLENGE] = MNL_TYPE_BINARY,
	[CORDON_A_ATTEST] = MNL_TYPE_NUL_STRING,
	[CORDON_A_TICKETED] = MNL_TYPE_FLAG,
	[CORDON_A_TICKET_DIGEST] = MNL_TYPE_BINARY,
	[CORDON_A_TICKET_REJECTS] = MNL_TYPE_U64,
};

const char *cordon_nl_errname(int e)
{
	const char *name = strerrorname_np(e < 0 ? -e : e);

	return name ? name : "unknown errno";
}

uint16_t cordon_nl_family(const struct cordon_nl *nl)
{
	return nl->family;
}

uint32_t cordon_nl_events_group(const struct cordon_nl *nl)
{
	return nl->events_group;
}

bool cordon_nl_refused(const struct cordon_nl *nl)
{
	return nl->refused;
}

/* Extended ack attributes after an error (or done) header. */
struct extack {
	char *msg;
	size_t msglen;
	uint32_t miss_type;
};

static int extack_cb(const struct nlattr *attr, void *data)
{
	struct extack *x = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0 &&
		    x->msglen > 0) {
			const char *s = mnl_attr_get_str(attr);
			size_t n = strlen(s);

			if (n >= x->msglen)
				n = x->msglen - 1;
			memcpy(x->msg, s, n);
			x->msg[n] = '\0';
		}
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			x->miss_type = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

/* No errno is beyond the kernel's MAX_ERRNO (found by fuzz_nl_reply). */
static bool errno_ok(int e)
{
	return e >= -4095 && e <= 4095;
}

int cordon_nl_parse_ack(const struct nlmsghdr *nlh, char *msg, size_t msglen,
			uint32_t *miss_type)
{
	struct extack x = { .msg = msg, .msglen = msglen };
	size_t plen, off;
	int error;

	if (msg && msglen)
		msg[0] = '\0';
	else
		x.msglen = 0;
	if (miss_type)
		*miss_type = 0;
	if (nlh->nlmsg_len < sizeof(*nlh))
		return -EPROTO;
	plen = mnl_nlmsg_get_payload_len(nlh);
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (plen < sizeof(*e))
			return -EPROTO;
		error = e->error;
		off = sizeof(*e);
		/* the request is echoed unless NETLINK_CAP_ACK capped it */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (e->msg.nlmsg_len < sizeof(struct nlmsghdr))
				return -EPROTO;
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		/* the dump's error, if the kernel says one */
		if (plen < sizeof(int))
			return 0;
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
		off = sizeof(int);
	} else {
		return -EPROTO;
	}
	if (!errno_ok(error))
		return -EPROTO;
	if (error > 0)		/* some subsystems send it positive */
		error = -error;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && off < plen &&
	    MNL_ALIGN(off) <= plen)
		mnl_attr_parse(nlh, (unsigned int)off, extack_cb, &x);
	if (miss_type)
		*miss_type = x.miss_type;
	return error;
}

/* NLMSG_ERROR and NLMSG_DONE: the end of a request, well or badly. */
static int ctl_end_cb(const struct nlmsghdr *nlh, void *data)
{
	struct req *r = data;
	int rc;

	if (nlh->nlmsg_type == NLMSG_ERROR &&
	    (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct nlmsgerr) ||
	     !errno_ok(((const struct nlmsgerr *)
			mnl_nlmsg_get_payload(nlh))->error))) {
		r->cb_err = -EPROTO;
		return MNL_CB_ERROR;
	}
	rc = cordon_nl_parse_ack(nlh, r->msg, sizeof(r->msg), &r->miss_type);
	if (rc < 0) {
		r->kerr = -rc;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct req *r = data;
	int rc;

	if (!r->parse || r->stopped || r->cb_err)
		return MNL_CB_OK;	/* nothing to do, or draining */
	rc = r->parse(nlh, r);
	if (rc < 0) {
		r->cb_err = rc;
		return r->drain ? MNL_CB_OK : MNL_CB_ERROR;
	}
	if (rc > 0) {
		r->stopped = true;
		return r->drain ? MNL_CB_OK : MNL_CB_STOP;
	}
	return MNL_CB_OK;
}

static void kernel_seterr(char *err, size_t errlen, const struct req *r)
{
	const char *name = cordon_nl_errname(r->kerr);

	if (r->msg[0])
		cordon__seterr(err, errlen, "%s (%s: %s)", r->msg, name,
			       strerror(r->kerr));
	else if (r->miss_type &&
		 r->miss_type < sizeof(attr_names) / sizeof(attr_names[0]) &&
		 attr_names[r->miss_type])
		cordon__seterr(err, errlen, "missing attribute %s (%s: %s)",
			       attr_names[r->miss_type], name,
			       strerror(r->kerr));
	else if (r->miss_type)
		cordon__seterr(err, errlen,
			       "missing attribute type %u (%s: %s)",
			       r->miss_type, name, strerror(r->kerr));
	else
		cordon__seterr(err, errlen, "%s: %s", name, strerror(r->kerr));
}

/*
 * libmnl (1.0.4) compares a message's nlmsg_len with what is left as an
 * int in mnl_nlmsg_ok(): a length of 2^31 or more passes, and
 * mnl_cb_run2() steps out of the datagram (found by fuzz_nl_reply).  The
 * lengths libmnl would step by are checked first, with its own helpers.
 */
static bool lengths_ok(const void *buf, size_t n)
{
	const struct nlmsghdr *nlh = buf;
	int len = (int)n;

	while (len >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh)) {
		if (nlh->nlmsg_len > (uint32_t)len)
			return nlh->nlmsg_len <= INT_MAX;	/* libmnl stops */
		nlh = mnl_nlmsg_next(nlh, &len);
	}
	return true;
}

/*
 * One datagram of replies (@n bytes in nl->rx.buf), given to the request's
 * parser: the whole of reading a reply but the socket.  @seq and @portid
 * 0 accept any (multicast).  Returns 1 if the request goes on (another
 * datagram is due), 0 if it ended well, or a negated errno (err set).
 */
static int receive_datagram(struct cordon_nl *nl, size_t n, uint32_t seq,
			    uint32_t portid, struct req *r, char *err,
			    size_t errlen)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = ctl_end_cb,
		[NLMSG_DONE] = ctl_end_cb,
	};
	int rc, e;

	if (!lengths_ok(nl->rx.buf, n)) {
		cordon__seterr(err, errlen,
			       "malformed netlink message from the kernel");
		return -EPROTO;
	}
	errno = 0;
	rc = mnl_cb_run2(nl->rx.buf, n, seq, portid, data_cb, r, ctl,
			 NLMSG_MIN_TYPE);
	if (rc > MNL_CB_STOP)
		return 1;
	if (rc == MNL_CB_STOP && !r->cb_err)
		return 0;
	if (r->cb_err) {
		if (r->cb_err == -EPROTO)
			cordon__seterr(err, errlen,
				       "malformed netlink message from the kernel");
		return r->cb_err;
	}
	if (r->kerr) {
		nl->refused = true;
		kernel_seterr(err, errlen, r);
		return -r->kerr;
	}
	e = errno ? errno : EPROTO;
	if (e == EINTR)
		cordon__seterr(err, errlen,
			       "the dump was interrupted by a change, try again");
	else
		cordon__seterr(err, errlen, "netlink receive: %s",
			       strerror(e));
	return -e;
}

/* The next datagram into nl->rx.buf: its length, or a negated errno. */
static ssize_t receive_next(struct cordon_nl *nl)
{
	size_t n;

	if (!nl->replay) {
		ssize_t got = mnl_socket_recvfrom(nl->sock, nl->rx.buf,
						  sizeof(nl->rx.buf));

		return got < 0 ? -errno : got;
	}
	if (!nl->replay_n)
		return -ENODATA;
	/* as recv(2) would: aligned, cut at the buffer's size */
	n = nl->replay->len < sizeof(nl->rx.buf) ? nl->replay->len :
	    sizeof(nl->rx.buf);
	memcpy(nl->rx.buf, nl->replay->data, n);
	nl->replay++;
	nl->replay_n--;
	return (ssize_t)n;
}

/*
 * Receive and dispatch datagrams until the request ends. @seq and @portid
 * 0 accept any (multicast). Returns 0 or a negated errno (err set).
 */
static int receive(struct cordon_nl *nl, uint32_t seq, uint32_t portid,
		   struct req *r, char *err, size_t errlen)
{
	for (;;) {
		ssize_t n = receive_next(nl);
		int rc;

		if (n == -EINTR)
			continue;
		if (n < 0) {
			cordon__seterr(err, errlen, "netlink receive: %s",
				       strerror((int)-n));
			return (int)n;
		}
		rc = receive_datagram(nl, (size_t)n, seq, portid, r, err,
				      errlen);
		if (rc <= 0)
			return rc;
	}
}

/* Send a request built in @nlh and process its replies. */
static int transact(struct cordon_nl *nl, struct nlmsghdr *nlh,
		    struct req *r, char *err, size_t errlen)
{
	int rc, e;

	nl->refused = false;
	if (!nl->replay && mnl_socket_sendto(nl->sock, nlh,
					     nlh->nlmsg_len) < 0) {
		e = errno;
		cordon__seterr(err, errlen, "netlink send: %s", strerror(e));
		return -e;
	}
	rc = receive(nl, nlh->nlmsg_seq, nl->portid, r, err, errlen);
	if (rc == 0)
		cordon__clearerr(err, errlen);
	return rc;
}

static struct nlmsghdr *put_request(void *buf, uint16_t type, uint16_t flags,
				    uint32_t seq, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Family resolution */

static int mcast_grp_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= CTRL_ATTR_MCAST_GRP_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int mcast_groups_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };
	struct cordon_nl *nl = data;

	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(attr, mcast_grp_cb, tb) != MNL_CB_OK)
		return MNL_CB_ERROR;
	if (!tb[CTRL_ATTR_MCAST_GRP_NAME] || !tb[CTRL_ATTR_MCAST_GRP_ID])
		return MNL_CB_OK;
	if (mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_NAME],
			      MNL_TYPE_NUL_STRING) < 0 ||
	    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_ID], MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	if (strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
		   CORDON_GENL_MCGRP_EVENTS) == 0)
		nl->events_group = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= CTRL_ATTR_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_family(const struct nlmsghdr *nlh, struct req *r)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };
	struct cordon_nl *nl = r->data;

	if (nlh->nlmsg_type != GENL_ID_CTRL)
		return 0;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb,
			   tb) != MNL_CB_OK)
		return -EPROTO;
	if (!tb[CTRL_ATTR_FAMILY_ID] ||
	    mnl_attr_validate(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16) < 0)
		return -EPROTO;
	nl->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_MCAST_GROUPS] &&
	    mnl_attr_parse_nested(tb[CTRL_ATTR_MCAST_GROUPS], mcast_groups_cb,
				  nl) != MNL_CB_OK)
		return -EPROTO;
	return 0;
}

static int resolve_family(struct cordon_nl *nl, char *err, size_t errlen)
{
	union req_buf rb;
	struct req r = { .parse = parse_family, .data = nl };
	struct nlmsghdr *nlh;
	int rc;

	nlh = put_request(rb.buf, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK,
			  ++nl->seq, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CORDON_GENL_NAME);
	rc = transact(nl, nlh, &r, err, errlen);
	if (rc == -ENOENT && nl->refused) {
		cordon__seterr(err, errlen,
			       "the kernel has no generic netlink family '%s' (is cordon built in and active?)",
			       CORDON_GENL_NAME);
		return rc;
	}
	if (rc < 0)
		return rc;
	if (!nl->family) {
		cordon__seterr(err, errlen,
			       "no family id in the kernel's reply for '%s'",
			       CORDON_GENL_NAME);
		return -EPROTO;
	}
	return 0;
}

int cordon_nl_open(struct cordon_nl **nlp, char *err, size_t errlen)
{
	struct cordon_nl *nl;
	int one = 1, rc, e;

	if (!nlp) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		cordon__seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		e = errno;
		cordon__seterr(err, errlen, "netlink socket: %s", strerror(e));
		free(nl);
		return -e;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		e = errno;
		cordon__seterr(err, errlen, "netlink bind: %s", strerror(e));
		cordon_nl_close(nl);
		return -e;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	/* reasons with errors, and no echo of the request: best effort */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	rc = resolve_family(nl, err, errlen);
	if (rc < 0) {
		cordon_nl_close(nl);
		return rc;
	}
	nl->refused = false;
	*nlp = nl;
	cordon__clearerr(err, errlen);
	return 0;
}

void cordon_nl_close(struct cordon_nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}

/* Attribute parsing */

static int collect_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= CORDON_A_MAX)
		tb[type] = attr;	/* newer attributes: ignored */
	return MNL_CB_OK;
}

/* Collect and validate the attributes of a family message. */
static int collect(const struct nlmsghdr *nlh,
		   const struct nlattr *tb[CORDON_A_MAX + 1])
{
	memset(tb, 0, sizeof(*tb) * (CORDON_A_MAX + 1));
	if (nlh->nlmsg_len < sizeof(*nlh) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return -EPROTO;
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), collect_cb, tb) !=
	    MNL_CB_OK)
		return -EPROTO;
	for (int i = 0; i <= CORDON_A_MAX; i++)
		if (tb[i] && attr_types[i] != MNL_TYPE_UNSPEC &&
		    mnl_attr_validate(tb[i], attr_types[i]) < 0)
			return -EPROTO;
	return 0;
}

static const char *str_or_empty(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_str(attr) : "";
}

static void copy_str(char *dst, size_t size, const struct nlattr *attr)
{
	const char *s = mnl_attr_get_str(attr);
	size_t n = strlen(s);

	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

int cordon_nl_parse_status(const struct nlmsghdr *nlh,
			   struct cordon_nl_status *st)
{
	const struct nlattr *tb[CORDON_A_MAX + 1];
	struct cordon_nl_status s;
	int rc;

	rc = collect(nlh, tb);
	if (rc < 0)
		return rc;
	memset(&s, 0, sizeof(s));
	if (tb[CORDON_A_POLICY_NAME]) {
		copy_str(s.policy_name, sizeof(s.policy_name),
			 tb[CORDON_A_POLICY_NAME]);
		s.has_policy_name = true;
	}
	if (tb[CORDON_A_POLICY_VERSION]) {
		s.policy_version = mnl_attr_get_u64(tb[CORDON_A_POLICY_VERSION]);
		s.has_policy_version = true;
	}
	if (tb[CORDON_A_POLICY_DIGEST]) {
		if (mnl_attr_get_payload_len(tb[CORDON_A_POLICY_DIGEST]) !=
		    CORDON_NL_DIGEST_SIZE)
			return -EPROTO;
		memcpy(s.digest, mnl_attr_get_payload(tb[CORDON_A_POLICY_DIGEST]),
		       CORDON_NL_DIGEST_SIZE);
		s.has_digest = true;
	}
	s.builtin = tb[CORDON_A_BUILTIN] != NULL;
	if (tb[CORDON_A_MODE]) {
		copy_str(s.mode, sizeof(s.mode), tb[CORDON_A_MODE]);
		s.has_mode = true;
	}
#define GET(attr, member, bits)						\
	do {								\
		if (tb[attr]) {						\
			s.member = mnl_attr_get_u##bits(tb[attr]);	\
			s.has_##member = true;				\
		}							\
	} while (0)
	GET(CORDON_A_NR_PROFILES, nr_profiles, 32);
	GET(CORDON_A_NR_CONTAINERS, nr_containers, 32);
	GET(CORDON_A_DENIED, denied, 64);
	GET(CORDON_A_COMPLAINED, complained, 64);
	GET(CORDON_A_LOADS, loads, 64);
	GET(CORDON_A_REJECTS, rejects, 64);
	GET(CORDON_A_TICKET_REJECTS, ticket_rejects, 64);
#undef GET
	if (tb[CORDON_A_ATTEST]) {
		copy_str(s.attest, sizeof(s.attest), tb[CORDON_A_ATTEST]);
		s.has_attest = true;
	}
	s.ticketed = tb[CORDON_A_TICKETED] != NULL;
	if (tb[CORDON_A_TICKET_DIGEST]) {
		if (mnl_attr_get_payload_len(tb[CORDON_A_TICKET_DIGEST]) !=
		    CORDON_NL_DIGEST_SIZE)
			return -EPROTO;
		memcpy(s.ticket_digest,
		       mnl_attr_get_payload(tb[CORDON_A_TICKET_DIGEST]),
		       CORDON_NL_DIGEST_SIZE);
		s.has_ticket_digest = true;
	}
	*st = s;
	return 0;
}

int cordon_nl_parse_container(const struct nlmsghdr *nlh,
			      struct cordon_nl_container *c)
{
	const struct nlattr *tb[CORDON_A_MAX + 1];
	int rc;

	rc = collect(nlh, tb);
	if (rc < 0)
		return rc;
	if (!tb[CORDON_A_CONTAINER_ID])
		return -EPROTO;
	memset(c, 0, sizeof(*c));
	c->id = mnl_attr_get_u64(tb[CORDON_A_CONTAINER_ID]);
	c->name = str_or_empty(tb[CORDON_A_NAME]);
	c->profile = str_or_empty(tb[CORDON_A_PROFILE]);
	c->armed = tb[CORDON_A_ARMED] && mnl_attr_get_u8(tb[CORDON_A_ARMED]);
	if (tb[CORDON_A_DEPTH]) {
		c->depth = mnl_attr_get_u32(tb[CORDON_A_DEPTH]);
		c->has_depth = true;
	}
	if (tb[CORDON_A_NS_MNT])
		c->ns_mnt = mnl_attr_get_u32(tb[CORDON_A_NS_MNT]);
	if (tb[CORDON_A_NS_PID])
		c->ns_pid = mnl_attr_get_u32(tb[CORDON_A_NS_PID]);
	if (tb[CORDON_A_NS_USER])
		c->ns_user = mnl_attr_get_u32(tb[CORDON_A_NS_USER]);
	if (tb[CORDON_A_DENIED])
		c->denied = mnl_attr_get_u64(tb[CORDON_A_DENIED]);
	if (tb[CORDON_A_COMPLAINED])
		c->complained = mnl_attr_get_u64(tb[CORDON_A_COMPLAINED]);
	return 0;
}

int cordon_nl_parse_event(const struct nlmsghdr *nlh,
			  struct cordon_nl_event *ev)
{
	const struct nlattr *tb[CORDON_A_MAX + 1];
	int rc;

	rc = collect(nlh, tb);
	if (rc < 0)
		return rc;
	memset(ev, 0, sizeof(*ev));
	ev->action = str_or_empty(tb[CORDON_A_ACTION]);
	ev->area = str_or_empty(tb[CORDON_A_AREA]);
	ev->op = str_or_empty(tb[CORDON_A_OP]);
	ev->rule = str_or_empty(tb[CORDON_A_RULE]);
	ev->comm = str_or_empty(tb[CORDON_A_COMM]);
	ev->profile = str_or_empty(tb[CORDON_A_PROFILE]);
	ev->name = str_or_empty(tb[CORDON_A_NAME]);
	if (tb[CORDON_A_CONTAINER_ID]) {
		ev->container_id = mnl_attr_get_u64(tb[CORDON_A_CONTAINER_ID]);
		ev->has_container_id = true;
	}
	if (tb[CORDON_A_PID]) {
		ev->pid = mnl_attr_get_u32(tb[CORDON_A_PID]);
		ev->has_pid = true;
	}
	return 0;
}

/* The genetlink command of a message of the family, or -1. */
static int family_cmd(const struct cordon_nl *nl, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl;

	if (nlh->nlmsg_type != nl->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return -1;
	genl = mnl_nlmsg_get_payload(nlh);
	return genl->cmd;
}

/* POLICY_LOAD */

size_t cordon_nl_load_ticket_size(size_t len, size_t siglen,
				  const struct cordon_nl_ticket *t)
{
	size_t size = cordon_nl_load_size(len, siglen);

	if (t)
		size += MNL_ATTR_HDRLEN + MNL_ALIGN(t->len) +
			MNL_ATTR_HDRLEN + MNL_ALIGN(t->siglen);
	return size;
}

size_t cordon_nl_load_size(size_t len, size_t siglen)
{
	size_t chunks = len / CORDON_NL_CHUNK, rest = len % CORDON_NL_CHUNK;
	size_t size = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr));

	size += chunks * (MNL_ATTR_HDRLEN + MNL_ALIGN(CORDON_NL_CHUNK));
	if (rest)
		size += MNL_ATTR_HDRLEN + MNL_ALIGN(rest);
	if (siglen)
		size += MNL_ATTR_HDRLEN + MNL_ALIGN(siglen);
	return size;
}

static int check_ticket(const struct cordon_nl_ticket *t, char *err,
			size_t errlen)
{
	if (!t)
		return 0;
	if (!t->ticket || !t->len || !t->sig || !t->siglen) {
		cordon__seterr(err, errlen,
			       "a ticket needs its bytes and its signature");
		return -EINVAL;
	}
	if (t->len > CORDON_NL_ATTR_MAX_PAYLOAD ||
	    t->siglen > CORDON_NL_ATTR_MAX_PAYLOAD) {
		cordon__seterr(err, errlen,
			       "the ticket or its signature is more than one attribute holds (%u bytes)",
			       (unsigned int)CORDON_NL_ATTR_MAX_PAYLOAD);
		return -E2BIG;
	}
	return 0;
}

static int check_load(const void *blob, size_t len, const void *sig,
		      size_t siglen, char *err, size_t errlen)
{
	if (!blob || len == 0) {
		cordon__seterr(err, errlen, "empty policy");
		return -EINVAL;
	}
	if (!sig && siglen) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	if (len > CORDON_POLICY_MAX_SIZE) {
		cordon__seterr(err, errlen,
			       "the policy is %zu bytes, more than the kernel takes (%u)",
			       len, CORDON_POLICY_MAX_SIZE);
		return -E2BIG;
	}
	if (siglen > CORDON_NL_ATTR_MAX_PAYLOAD) {
		cordon__seterr(err, errlen,
			       "the signature is %zu bytes, more than one attribute holds (%u)",
			       siglen, (unsigned int)CORDON_NL_ATTR_MAX_PAYLOAD);
		return -E2BIG;
	}
	return 0;
}

int cordon_nl_build_load(void *buf, size_t size, uint16_t family,
			 uint32_t seq, const void *blob, size_t len,
			 const void *sig, size_t siglen, char *err,
			 size_t errlen)
{
	return cordon_nl_build_load_ticket(buf, size, family, seq, blob, len,
					   sig, siglen, NULL, err, errlen);
}

int cordon_nl_build_load_ticket(void *buf, size_t size, uint16_t family,
				uint32_t seq, const void *blob, size_t len,
				const void *sig, size_t siglen,
				const struct cordon_nl_ticket *t, char *err,
				size_t errlen)
{
	const unsigned char *p = blob;
	struct nlmsghdr *nlh;
	size_t need;
	int rc;

	rc = check_load(blob, len, sig, siglen, err, errlen);
	if (rc == 0)
		rc = check_ticket(t, err, errlen);
	if (rc < 0)
		return rc;
	need = cordon_nl_load_ticket_size(len, siglen, t);
	if (!buf || size < need) {
		cordon__seterr(err, errlen,
			       "a %zu-byte buffer for a %zu-byte message",
			       size, need);
		return -ENOBUFS;
	}
	nlh = put_request(buf, family, NLM_F_REQUEST | NLM_F_ACK, seq,
			  CORDON_CMD_POLICY_LOAD, CORDON_GENL_VERSION);
	for (size_t off = 0; off < len; off += CORDON_NL_CHUNK) {
		size_t n = len - off < CORDON_NL_CHUNK ? len - off
						       : CORDON_NL_CHUNK;

		if (!mnl_attr_put_check(nlh, size, CORDON_A_POLICY, n, p + off))
			goto nobufs;
	}
	if (siglen &&
	    !mnl_attr_put_check(nlh, size, CORDON_A_SIGNATURE, siglen, sig))
		goto nobufs;
	if (t && (!mnl_attr_put_check(nlh, size, CORDON_A_TICKET, t->len,
				      t->ticket) ||
		  !mnl_attr_put_check(nlh, size, CORDON_A_TICKET_SIGNATURE,
				      t->siglen, t->sig)))
		goto nobufs;
	cordon__clearerr(err, errlen);
	return 0;
nobufs:
	/* cannot happen: need was checked */
	cordon__seterr(err, errlen, "message buffer too small");
	return -ENOBUFS;
}

/* Make the socket's send buffer hold a datagram of @len bytes. */
static int fit_sndbuf(struct cordon_nl *nl, size_t len, char *err,
		      size_t errlen)
{
	int fd = mnl_socket_get_fd(nl->sock);
	socklen_t sl = sizeof(int);
	int cur = 0, want;

	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &sl) == 0 && cur > 0 &&
	    (size_t)cur >= len + SNDBUF_SLACK)
		return 0;
	if (len > INT_MAX / 2 - 4096) {
		cordon__seterr(err, errlen, "a %zu-byte request is too large",
			       len);
		return -EMSGSIZE;
	}
	/* the kernel doubles what it is given */
	want = (int)len + 4096;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
	sl = sizeof(int);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &sl) < 0 || cur < 0 ||
	    (size_t)cur < len + SNDBUF_SLACK) {
		cordon__seterr(err, errlen,
			       "the %zu-byte request does not fit the socket's send buffer (%d bytes): SO_SNDBUFFORCE needs CAP_NET_ADMIN, or raise net.core.wmem_max",
			       len, cur);
		return -EMSGSIZE;
	}
	return 0;
}

int cordon_nl_load(struct cordon_nl *nl, const void *blob, size_t len,
		   const void *sig, size_t siglen, char *err, size_t errlen)
{
	return cordon_nl_load_ticket(nl, blob, len, sig, siglen, NULL, err,
				     errlen);
}

bool cordon_nl_attest_refusal(int e)
{
	switch (e < 0 ? -e : e) {
	case EACCES:
	case EBADE:
	case EKEYREVOKED:
	case ETIME:
	case ENOMSG:
		return true;
	default:
		return false;
	}
}

int cordon_nl_load_ticket(struct cordon_nl *nl, const void *blob, size_t len,
			  const void *sig, size_t siglen,
			  const struct cordon_nl_ticket *t, char *err,
			  size_t errlen)
{
	struct req r = { .parse = NULL };
	size_t size;
	void *buf;
	int rc;

	nl->refused = false;
	rc = check_load(blob, len, sig, siglen, err, errlen);
	if (rc == 0)
		rc = check_ticket(t, err, errlen);
	if (rc < 0)
		return rc;
	size = cordon_nl_load_ticket_size(len, siglen, t);
	buf = malloc(size);
	if (!buf) {
		cordon__seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	rc = cordon_nl_build_load_ticket(buf, size, nl->family, ++nl->seq,
					 blob, len, sig, siglen, t, err,
					 errlen);
	if (rc == 0)
		rc = fit_sndbuf(nl, ((struct nlmsghdr *)buf)->nlmsg_len, err,
				errlen);
	if (rc == 0)
		rc = transact(nl, buf, &r, err, errlen);
	free(buf);
	return rc;
}

/* STATUS_GET */

struct status_ctx {
	struct cordon_nl *nl;
	struct cordon_nl_status st;
};

static int parse_status_reply(const struct nlmsghdr *nlh, struct req *r)
{
	struct status_ctx *ctx = r->data;

	if (family_cmd(ctx->nl, nlh) < 0)
		return 0;
	r->replied = true;
	return cordon_nl_parse_status(nlh, &ctx->st);
}

int cordon_nl_status(struct cordon_nl *nl, struct cordon_nl_status *st,
		     char *err, size_t errlen)
{
	union req_buf rb;
	struct status_ctx ctx = { .nl = nl };
	struct req r = { .parse = parse_status_reply, .data = &ctx };
	struct nlmsghdr *nlh;
	int rc;

	nlh = put_request(rb.buf, nl->family, NLM_F_REQUEST | NLM_F_ACK,
			  ++nl->seq, CORDON_CMD_STATUS_GET,
			  CORDON_GENL_VERSION);
	rc = transact(nl, nlh, &r, err, errlen);
	if (rc < 0)
		return rc;
	if (!r.replied) {
		cordon__seterr(err, errlen, "no status in the kernel's reply");
		return -EPROTO;
	}
	*st = ctx.st;
	return 0;
}

/* CHALLENGE_GET */

struct challenge_ctx {
	struct cordon_nl *nl;
	unsigned char challenge[CORDON_CHALLENGE_SIZE];
};

static int parse_challenge_reply(const struct nlmsghdr *nlh, struct req *r)
{
	struct challenge_ctx *ctx = r->data;
	const struct nlattr *tb[CORDON_A_MAX + 1];
	int rc;

	if (family_cmd(ctx->nl, nlh) < 0)
		return 0;
	rc = collect(nlh, tb);
	if (rc < 0)
		return rc;
	if (!tb[CORDON_A_CHALLENGE] ||
	    mnl_attr_get_payload_len(tb[CORDON_A_CHALLENGE]) !=
		    CORDON_CHALLENGE_SIZE)
		return -EPROTO;
	memcpy(ctx->challenge, mnl_attr_get_payload(tb[CORDON_A_CHALLENGE]),
	       CORDON_CHALLENGE_SIZE);
	r->replied = true;
	return 0;
}

int cordon_nl_challenge(struct cordon_nl *nl,
			unsigned char challenge[CORDON_CHALLENGE_SIZE],
			char *err, size_t errlen)
{
	union req_buf rb;
	struct challenge_ctx ctx = { .nl = nl };
	struct req r = { .parse = parse_challenge_reply, .data = &ctx };
	struct nlmsghdr *nlh;
	int rc;

	nl->refused = false;
	nlh = put_request(rb.buf, nl->family, NLM_F_REQUEST | NLM_F_ACK,
			  ++nl->seq, CORDON_CMD_CHALLENGE_GET,
			  CORDON_GENL_VERSION);
	rc = transact(nl, nlh, &r, err, errlen);
	if (rc < 0)
		return rc;
	if (!r.replied) {
		cordon__seterr(err, errlen,
			       "no challenge in the kernel's reply");
		return -EPROTO;
	}
	memcpy(challenge, ctx.challenge, CORDON_CHALLENGE_SIZE);
	return 0;
}

/* TAG */

static int check_name(const char *what, const char *s, char *err,
		      size_t errlen)
{
	size_t n = strlen(s);

	if (n == 0 || n >= CORDON_NAME_MAX) {
		cordon__seterr(err, errlen,
			       "%s must be 1 to %d bytes long", what,
			       CORDON_NAME_MAX - 1);
		return -EINVAL;
	}
	return 0;
}

/* TAG by pid (@attr CORDON_A_PID) or pidfd (CORDON_A_PIDFD) */
static int nl_tag(struct cordon_nl *nl, uint16_t attr, uint32_t who,
		  const char *name, const char *profile, bool arm, char *err,
		  size_t errlen)
{
	union req_buf rb;
	struct req r = { .parse = NULL };
	struct nlmsghdr *nlh;
	int rc;

	nl->refused = false;
	if (!name && !profile) {
		cordon__seterr(err, errlen, "neither a name nor a profile");
		return -EINVAL;
	}
	rc = name ? check_name("the container name", name, err, errlen) : 0;
	if (rc == 0 && profile)
		rc = check_name("the profile name", profile, err, errlen);
	if (rc < 0)
		return rc;
	nlh = put_request(rb.buf, nl->family, NLM_F_REQUEST | NLM_F_ACK,
			  ++nl->seq, CORDON_CMD_TAG, CORDON_GENL_VERSION);
	mnl_attr_put_u32(nlh, attr, who);
	if (!arm)
		mnl_attr_put_u8(nlh, CORDON_A_ARM, 0);
	if (name)
		mnl_attr_put_strz(nlh, CORDON_A_NAME, name);
	if (profile)
		mnl_attr_put_strz(nlh, CORDON_A_PROFILE, profile);
	return transact(nl, nlh, &r, err, errlen);
}

int cordon_nl_tag(struct cordon_nl *nl, uint32_t pid, const char *name,
		  const char *profile, char *err, size_t errlen)
{
	return nl_tag(nl, CORDON_A_PID, pid, name, profile, true, err, errlen);
}

int cordon_nl_tag_pidfd(struct cordon_nl *nl, int pidfd, const char *name,
			const char *profile, bool arm, char *err,
			size_t errlen)
{
	if (pidfd < 0) {
		cordon__seterr(err, errlen, "no pidfd");
		return -EBADF;
	}
	return nl_tag(nl, CORDON_A_PIDFD, (uint32_t)pidfd, name, profile, arm,
		      err, errlen);
}

/* CONTAINER_GET */

struct containers_ctx {
	struct cordon_nl *nl;
	cordon_nl_container_cb cb;
	void *data;
};

static int parse_container_reply(const struct nlmsghdr *nlh, struct req *r)
{
	struct containers_ctx *ctx = r->data;
	struct cordon_nl_container c;
	int rc;

	if (family_cmd(ctx->nl, nlh) < 0)
		return 0;
	rc = cordon_nl_parse_container(nlh, &c);
	if (rc < 0)
		return rc;
	return ctx->cb(&c, ctx->data);
}

int cordon_nl_containers(struct cordon_nl *nl, cordon_nl_container_cb cb,
			 void *data, char *err, size_t errlen)
{
	union req_buf rb;
	struct containers_ctx ctx = { .nl = nl, .cb = cb, .data = data };
	struct req r = {
		.parse = parse_container_reply, .data = &ctx, .drain = true
	};
	struct nlmsghdr *nlh;
	int rc;

	if (!cb) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	nlh = put_request(rb.buf, nl->family, NLM_F_REQUEST | NLM_F_DUMP,
			  ++nl->seq, CORDON_CMD_CONTAINER_GET,
			  CORDON_GENL_VERSION);
	rc = transact(nl, nlh, &r, err, errlen);
	if (rc < 0 && rc == r.cb_err && rc != -EPROTO)
		cordon__seterr(err, errlen, "%s", strerror(-rc));
	return rc;
}

/* Events */

struct monitor_ctx {
	struct cordon_nl *nl;
	cordon_nl_event_cb cb;
	void *data;
};

static int parse_event_msg(const struct nlmsghdr *nlh, struct req *r)
{
	struct monitor_ctx *ctx = r->data;
	struct cordon_nl_event ev;
	int rc;

	if (family_cmd(ctx->nl, nlh) != CORDON_CMD_EVENT)
		return 0;
	rc = cordon_nl_parse_event(nlh, &ev);
	if (rc < 0)
		return rc;
	return ctx->cb(&ev, ctx->data);
}

/* Join the events group, with room for bursts of denials. */
static int monitor_join(struct cordon_nl *nl, char *err, size_t errlen)
{
	int grp, rcvbuf, e;

	/* best effort, the default otherwise */
	rcvbuf = 1 << 20;
	setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVBUF,
		   &rcvbuf, sizeof(rcvbuf));
	grp = (int)nl->events_group;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		e = errno;
		cordon__seterr(err, errlen,
			       "cannot join the multicast group '%s': %s",
			       CORDON_GENL_MCGRP_EVENTS, strerror(e));
		return -e;
	}
	return 0;
}

int cordon_nl_monitor(struct cordon_nl *nl, cordon_nl_event_cb cb,
		      void *data, char *err, size_t errlen)
{
	struct monitor_ctx ctx = { .nl = nl, .cb = cb, .data = data };
	int rc;

	nl->refused = false;
	if (!cb) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	if (!nl->events_group) {
		cordon__seterr(err, errlen,
			       "the family '%s' has no multicast group '%s'",
			       CORDON_GENL_NAME, CORDON_GENL_MCGRP_EVENTS);
		return -ENOENT;
	}
	if (!nl->replay) {
		rc = monitor_join(nl, err, errlen);
		if (rc < 0)
			return rc;
	}
	for (;;) {
		struct req r = { .parse = parse_event_msg, .data = &ctx };

		rc = receive(nl, 0, 0, &r, err, errlen);
		if (rc == -ENOBUFS && !r.cb_err && !r.kerr) {
			/* the socket overflowed: events were lost */
			rc = cb(NULL, data);
			if (rc < 0) {
				cordon__seterr(err, errlen, "%s",
					       strerror(-rc));
				return rc;
			}
			if (rc > 0)
				break;
			continue;
		}
		if (rc < 0) {
			if (r.cb_err && r.cb_err != -EPROTO)
				cordon__seterr(err, errlen, "%s",
					       strerror(-rc));
			return rc;
		}
		if (r.stopped)
			break;
	}
	cordon__clearerr(err, errlen);
	return 0;
}

/* Replies from memory */

int cordon__nl_replies(uint8_t cmd, uint16_t family,
		       const struct cordon__nl_dgram *d, size_t n,
		       cordon_nl_container_cb ccb, cordon_nl_event_cb ecb,
		       void *data, struct cordon__nl_replies_out *out,
		       char *err, size_t errlen)
{
	struct cordon_nl *nl = calloc(1, sizeof(*nl));
	int rc;

	if (!nl) {
		cordon__seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	memset(out, 0, sizeof(*out));
	nl->family = family;
	nl->events_group = 1;
	nl->replay = d;
	nl->replay_n = n;
	switch (cmd) {
	case 0:
		nl->family = 0;
		nl->events_group = 0;
		rc = resolve_family(nl, err, errlen);
		out->family = nl->family;
		out->events_group = nl->events_group;
		break;
	case CORDON_CMD_STATUS_GET:
		rc = cordon_nl_status(nl, &out->status, err, errlen);
		break;
	case CORDON_CMD_CHALLENGE_GET:
		rc = cordon_nl_challenge(nl, out->challenge, err, errlen);
		break;
	case CORDON_CMD_CONTAINER_GET:
		rc = cordon_nl_containers(nl, ccb, data, err, errlen);
		break;
	case CORDON_CMD_EVENT:
		rc = cordon_nl_monitor(nl, ecb, data, err, errlen);
		break;
	default:
		cordon__seterr(err, errlen, "invalid arguments");
		rc = -EINVAL;
	}
	free(nl);
	return rc;
}
