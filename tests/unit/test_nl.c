// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the generic netlink client (lib/nl.c), without a kernel.
 *
 * The requests are built into buffers and parsed back with libmnl; the
 * replies are built the way the kernel builds them (nla_put_string with
 * its NUL, nla_put_u64_64bit with a CORDON_A_PAD before, extended acks
 * after a capped or a full echo) and given to the parsers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cordon/cordon.h>
#include <cordon/nl.h>

#include "genl_reply.h"
#include "unit.h"

#define FAMILY 0x1234

/* The attributes of a message, in order. */
struct attr_list {
	int n;
	uint16_t type[256];
	uint16_t len[256];
	const unsigned char *data[256];
};

static int list_cb(const struct nlattr *attr, void *data)
{
	struct attr_list *l = data;

	if (l->n >= 256)
		return MNL_CB_ERROR;
	l->type[l->n] = mnl_attr_get_type(attr);
	l->len[l->n] = mnl_attr_get_payload_len(attr);
	l->data[l->n] = mnl_attr_get_payload(attr);
	l->n++;
	return MNL_CB_OK;
}

static unsigned char *pattern(size_t len)
{
	unsigned char *p = malloc(len ? len : 1);

	for (size_t i = 0; p && i < len; i++)
		p[i] = (unsigned char)(i * 7 + i / 251);
	return p;
}

/*
 * Build a LOAD message for @len blob bytes and @siglen signature bytes and
 * check it completely: headers, then the blob in order in chunks of at
 * most 65000 bytes, then the signature.
 */
static void check_load(size_t len, size_t siglen, int want_chunks)
{
	unsigned char *blob = pattern(len), *sig = pattern(siglen);
	size_t size = cordon_nl_load_size(len, siglen), off = 0;
	char err[CORDON_ERR_MAX];
	const struct genlmsghdr *genl;
	struct attr_list *l = calloc(1, sizeof(*l));
	struct nlmsghdr *nlh;
	void *buf = malloc(size);
	int i;

	REQUIRE(blob && sig && l && buf);
	memset(buf, 0xa5, size);
	CHECK_EQ(cordon_nl_build_load(buf, size, FAMILY, 77, blob, len,
				      siglen ? sig : NULL, siglen, err,
				      sizeof(err)), 0);
	CHECK_STREQ(err, "");
	nlh = buf;
	CHECK_EQ(nlh->nlmsg_len, size);
	CHECK_EQ(nlh->nlmsg_type, FAMILY);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_EQ(nlh->nlmsg_seq, 77u);
	genl = mnl_nlmsg_get_payload(nlh);
	CHECK_EQ(genl->cmd, CORDON_CMD_POLICY_LOAD);
	CHECK_EQ(genl->version, CORDON_GENL_VERSION);
	CHECK_EQ(genl->reserved, 0);
	CHECK_EQ(mnl_attr_parse(nlh, sizeof(*genl), list_cb, l), MNL_CB_OK);
	CHECK_EQ(l->n, want_chunks + (siglen ? 1 : 0));
	for (i = 0; i < l->n && l->type[i] == CORDON_A_POLICY; i++) {
		CHECK(l->len[i] <= CORDON_NL_CHUNK);
		/* all chunks full except the last */
		if (i + 1 < want_chunks)
			CHECK_EQ(l->len[i], CORDON_NL_CHUNK);
		CHECK(l->len[i] > 0);
		CHECK(off + l->len[i] <= len);
		if (off + l->len[i] <= len)
			CHECK(memcmp(l->data[i], blob + off, l->len[i]) == 0);
		off += l->len[i];
	}
	CHECK_EQ(i, want_chunks);
	CHECK_EQ(off, len);
	if (siglen) {
		CHECK_EQ(l->type[i], CORDON_A_SIGNATURE);
		CHECK_EQ(l->len[i], siglen);
		CHECK(memcmp(l->data[i], sig, siglen) == 0);
	}
	free(buf);
	free(l);
	free(sig);
	free(blob);
}

TEST(nl_load_chunks_in_order)
{
	check_load(200000, 1000, 4);	/* 3 x 65000 + 5000 */
}

TEST(nl_load_exact_multiple_of_chunk)
{
	check_load(2 * CORDON_NL_CHUNK, 517, 2);
}

TEST(nl_load_small_and_unaligned)
{
	check_load(1, 3, 1);
	check_load(CORDON_NL_CHUNK - 1, 1, 1);
	check_load(CORDON_NL_CHUNK + 1, 4095, 2);
}

TEST(nl_load_without_signature)
{
	check_load(4096, 0, 1);
}

TEST(nl_load_largest_blob)
{
	/* 8 MiB: 130 attributes, the last one 3608 bytes */
	check_load(CORDON_POLICY_MAX_SIZE,
		   CORDON_NL_ATTR_MAX_PAYLOAD, 130);
}

TEST(nl_load_size)
{
	size_t hdr = MNL_NLMSG_HDRLEN + 4;

	CHECK_EQ(cordon_nl_load_size(1, 0), hdr + 4 + 4);
	CHECK_EQ(cordon_nl_load_size(5, 6), hdr + (4 + 8) + (4 + 8));
	CHECK_EQ(cordon_nl_load_size(CORDON_NL_CHUNK, 0),
		 hdr + 4 + CORDON_NL_CHUNK);
	CHECK_EQ(cordon_nl_load_size(CORDON_NL_CHUNK + 1, 0),
		 hdr + 4 + CORDON_NL_CHUNK + 4 + 4);
}

TEST(nl_load_refuses_bad_sizes)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	unsigned char blob[16] = "x";
	char err[CORDON_ERR_MAX];

	CHECK_EQ(cordon_nl_build_load(buf, sizeof(buf), FAMILY, 1, blob, 0,
				      blob, 1, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "empty policy");
	CHECK_EQ(cordon_nl_build_load(buf, sizeof(buf), FAMILY, 1, NULL, 1,
				      blob, 1, err, sizeof(err)), -EINVAL);
	/* sizes are checked before the data is touched */
	CHECK_EQ(cordon_nl_build_load(buf, sizeof(buf), FAMILY, 1, blob,
				      CORDON_POLICY_MAX_SIZE + 1, blob, 1, err,
				      sizeof(err)), -E2BIG);
	CHECK_STREQ(err,
		    "the policy is 8388609 bytes, more than the kernel takes (8388608)");
	CHECK_EQ(cordon_nl_build_load(buf, sizeof(buf), FAMILY, 1, blob, 1,
				      blob, CORDON_NL_ATTR_MAX_PAYLOAD + 1,
				      err, sizeof(err)), -E2BIG);
	CHECK_EQ(cordon_nl_build_load(buf, sizeof(buf), FAMILY, 1, blob, 1,
				      NULL, 5, err, sizeof(err)), -EINVAL);
	/* one byte short */
	CHECK_EQ(cordon_nl_build_load(buf, cordon_nl_load_size(16, 16) - 1,
				      FAMILY, 1, blob, 16, blob, 16, err,
				      sizeof(err)), -ENOBUFS);
	CHECK_EQ(cordon_nl_build_load(buf, cordon_nl_load_size(16, 16),
				      FAMILY, 1, blob, 16, blob, 16, err,
				      sizeof(err)), 0);
}

/* An NLMSG_ERROR as netlink_ack() makes it. */
static struct nlmsghdr *put_error(void *buf, int error, bool capped,
				  const char *msg, uint32_t miss_type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;
	struct nlmsghdr orig = {
		.nlmsg_len = 40, .nlmsg_type = FAMILY,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 9,
	};

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = 9;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg = orig;
	if (capped) {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	} else {
		/* the request's body follows: 24 bytes of it */
		unsigned char *body = mnl_nlmsg_put_extra_header(nlh, 24);

		memset(body, 0x5a, 24);
	}
	if (msg || miss_type)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (miss_type)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, miss_type);
	return nlh;
}

TEST(nl_parse_ack_error_with_message)
{
	static unsigned char buf[1024] __attribute__((aligned(8)));
	char msg[128];
	uint32_t miss = 99;

	CHECK_EQ(cordon_nl_parse_ack(put_error(buf, -EKEYREJECTED, true,
					       "signature rejected", 0),
				     msg, sizeof(msg), &miss), -EKEYREJECTED);
	CHECK_STREQ(msg, "signature rejected");
	CHECK_EQ(miss, 0u);
	/* not capped: the echoed request is skipped */
	CHECK_EQ(cordon_nl_parse_ack(put_error(buf, -ESTALE, false,
					       "version 3 not above 5", 0),
				     msg, sizeof(msg), &miss), -ESTALE);
	CHECK_STREQ(msg, "version 3 not above 5");
	/* a short message buffer truncates */
	CHECK_EQ(cordon_nl_parse_ack(put_error(buf, -EBADMSG, true,
					       "truncated blob", 0),
				     msg, 5, NULL), -EBADMSG);
	CHECK_STREQ(msg, "trun");
}

TEST(nl_parse_ack_plain)
{
	static unsigned char buf[1024] __attribute__((aligned(8)));
	char msg[128] = "stale";
	uint32_t miss = 7;

	CHECK_EQ(cordon_nl_parse_ack(put_error(buf, 0, true, NULL, 0), msg,
				     sizeof(msg), &miss), 0);
	CHECK_STREQ(msg, "");
	CHECK_EQ(cordon_nl_parse_ack(put_error(buf, -EPERM, false, NULL, 0),
				     msg, sizeof(msg), &miss), -EPERM);
	CHECK_STREQ(msg, "");
	/* some subsystems send the errno positive */
	CHECK_EQ(cordon_nl_parse_ack(put_error(buf, ENOKEY, true, NULL, 0),
				     msg, sizeof(msg), NULL), -ENOKEY);
	CHECK_EQ(cordon_nl_parse_ack(put_error(buf, -EINVAL, true, NULL,
					       CORDON_A_SIGNATURE),
				     msg, sizeof(msg), &miss), -EINVAL);
	CHECK_EQ(miss, (uint32_t)CORDON_A_SIGNATURE);
}

TEST(nl_parse_ack_done_and_truncated)
{
	static unsigned char buf[1024] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	char msg[64];
	int *error;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	CHECK_EQ(cordon_nl_parse_ack(nlh, msg, sizeof(msg), NULL), 0);
	error = mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	*error = 0;
	CHECK_EQ(cordon_nl_parse_ack(nlh, msg, sizeof(msg), NULL), 0);
	*error = -EPERM;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "needs CAP_MAC_ADMIN");
	CHECK_EQ(cordon_nl_parse_ack(nlh, msg, sizeof(msg), NULL), -EPERM);
	CHECK_STREQ(msg, "needs CAP_MAC_ADMIN");

	/* an error message too short for its header */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	mnl_nlmsg_put_extra_header(nlh, 8);
	CHECK_EQ(cordon_nl_parse_ack(nlh, msg, sizeof(msg), NULL), -EPROTO);
	/* neither an error nor done */
	nlh->nlmsg_type = FAMILY;
	CHECK_EQ(cordon_nl_parse_ack(nlh, msg, sizeof(msg), NULL), -EPROTO);
}

static struct nlmsghdr *put_reply(void *buf, uint8_t cmd)
{
	return genl_reply_put(buf, FAMILY, cmd, 0);
}

static void put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	genl_put_u64(nlh, type, v);
}

TEST(nl_parse_status)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	unsigned char digest[CORDON_NL_DIGEST_SIZE];
	struct cordon_nl_status st;
	struct nlmsghdr *nlh;

	for (int i = 0; i < CORDON_NL_DIGEST_SIZE; i++)
		digest[i] = (unsigned char)(0xf0 + i);
	nlh = put_reply(buf, CORDON_CMD_STATUS_GET);
	mnl_attr_put_strz(nlh, CORDON_A_POLICY_NAME, "site-policy");
	put_u64(nlh, CORDON_A_POLICY_VERSION, 0x100000002ULL);
	mnl_attr_put(nlh, CORDON_A_POLICY_DIGEST, sizeof(digest), digest);
	mnl_attr_put_strz(nlh, CORDON_A_MODE, "enforce");
	mnl_attr_put_u32(nlh, CORDON_A_NR_PROFILES, 3);
	mnl_attr_put_u32(nlh, CORDON_A_NR_CONTAINERS, 12);
	put_u64(nlh, CORDON_A_DENIED, 40);
	put_u64(nlh, CORDON_A_COMPLAINED, 2);
	put_u64(nlh, CORDON_A_LOADS, 5);
	put_u64(nlh, CORDON_A_REJECTS, 1);
	mnl_attr_put_u32(nlh, 200, 1);	/* from a newer kernel: ignored */

	memset(&st, 0xff, sizeof(st));
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), 0);
	CHECK_STREQ(st.policy_name, "site-policy");
	CHECK(st.has_policy_name);
	CHECK(st.has_policy_version);
	CHECK_EQ(st.policy_version, 0x100000002ULL);
	CHECK(st.has_digest);
	CHECK(memcmp(st.digest, digest, sizeof(digest)) == 0);
	CHECK(!st.builtin);
	CHECK_STREQ(st.mode, "enforce");
	CHECK_EQ(st.nr_profiles, 3u);
	CHECK_EQ(st.nr_containers, 12u);
	CHECK(st.has_denied && st.has_complained && st.has_loads &&
	      st.has_rejects);
	CHECK_EQ(st.denied, 40u);
	CHECK_EQ(st.complained, 2u);
	CHECK_EQ(st.loads, 5u);
	CHECK_EQ(st.rejects, 1u);

	/* the built-in policy: a flag, no digest */
	nlh = put_reply(buf, CORDON_CMD_STATUS_GET);
	mnl_attr_put_strz(nlh, CORDON_A_POLICY_NAME, "builtin");
	mnl_attr_put(nlh, CORDON_A_BUILTIN, 0, NULL);
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), 0);
	CHECK(st.builtin);
	CHECK(!st.has_digest);
	CHECK(!st.has_policy_version);
	CHECK(!st.has_denied);
	CHECK_STREQ(st.mode, "");
}

TEST(nl_parse_status_malformed)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	struct cordon_nl_status st = { .policy_version = 42 };
	struct nlmsghdr *nlh;

	/* a digest of 31 bytes */
	nlh = put_reply(buf, CORDON_CMD_STATUS_GET);
	mnl_attr_put(nlh, CORDON_A_POLICY_DIGEST, 31, buf + 2048);
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), -EPROTO);
	/* a version in 32 bits */
	nlh = put_reply(buf, CORDON_CMD_STATUS_GET);
	mnl_attr_put_u32(nlh, CORDON_A_POLICY_VERSION, 3);
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), -EPROTO);
	/* a string without its NUL */
	nlh = put_reply(buf, CORDON_CMD_STATUS_GET);
	mnl_attr_put_str(nlh, CORDON_A_POLICY_NAME, "abc");
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), -EPROTO);
	/* a flag with a payload */
	nlh = put_reply(buf, CORDON_CMD_STATUS_GET);
	mnl_attr_put_u8(nlh, CORDON_A_BUILTIN, 1);
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), -EPROTO);
	/* no room for the genetlink header */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = FAMILY;
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), -EPROTO);
	CHECK_EQ(st.policy_version, 42u);	/* untouched */
}

TEST(nl_parse_container)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	struct cordon_nl_container c;
	struct nlmsghdr *nlh;

	nlh = put_reply(buf, CORDON_CMD_CONTAINER_GET);
	put_u64(nlh, CORDON_A_CONTAINER_ID, 17);
	mnl_attr_put_strz(nlh, CORDON_A_NAME, "web-1");
	mnl_attr_put_strz(nlh, CORDON_A_PROFILE, "strict");
	mnl_attr_put_u8(nlh, CORDON_A_ARMED, 1);
	mnl_attr_put_u32(nlh, CORDON_A_DEPTH, 2);
	mnl_attr_put_u32(nlh, CORDON_A_NS_MNT, 4026532001u);
	mnl_attr_put_u32(nlh, CORDON_A_NS_PID, 4026532002u);
	mnl_attr_put_u32(nlh, CORDON_A_NS_USER, 4026531837u);
	put_u64(nlh, CORDON_A_DENIED, 9);
	put_u64(nlh, CORDON_A_COMPLAINED, 1);
	CHECK_EQ(cordon_nl_parse_container(nlh, &c), 0);
	CHECK_EQ(c.id, 17u);
	CHECK_STREQ(c.name, "web-1");
	CHECK_STREQ(c.profile, "strict");
	CHECK(c.armed);
	CHECK_EQ(c.depth, 2u);
	CHECK(c.has_depth);
	CHECK_EQ(c.ns_mnt, 4026532001u);
	CHECK_EQ(c.ns_pid, 4026532002u);
	CHECK_EQ(c.ns_user, 4026531837u);
	CHECK_EQ(c.denied, 9u);
	CHECK_EQ(c.complained, 1u);

	/* unnamed, unarmed */
	nlh = put_reply(buf, CORDON_CMD_CONTAINER_GET);
	put_u64(nlh, CORDON_A_CONTAINER_ID, 18);
	mnl_attr_put_u8(nlh, CORDON_A_ARMED, 0);
	CHECK_EQ(cordon_nl_parse_container(nlh, &c), 0);
	CHECK_STREQ(c.name, "");
	CHECK(!c.armed);
	CHECK(!c.has_depth);

	/* no id */
	nlh = put_reply(buf, CORDON_CMD_CONTAINER_GET);
	mnl_attr_put_strz(nlh, CORDON_A_NAME, "x");
	CHECK_EQ(cordon_nl_parse_container(nlh, &c), -EPROTO);
	/* armed as a u32 */
	nlh = put_reply(buf, CORDON_CMD_CONTAINER_GET);
	put_u64(nlh, CORDON_A_CONTAINER_ID, 18);
	mnl_attr_put_u32(nlh, CORDON_A_ARMED, 1);
	CHECK_EQ(cordon_nl_parse_container(nlh, &c), -EPROTO);
}

TEST(nl_parse_event)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	struct cordon_nl_event ev;
	struct nlmsghdr *nlh;

	nlh = put_reply(buf, CORDON_CMD_EVENT);
	mnl_attr_put_strz(nlh, CORDON_A_ACTION, "denied");
	mnl_attr_put_strz(nlh, CORDON_A_AREA, "mount");
	mnl_attr_put_strz(nlh, CORDON_A_OP, "mount");
	mnl_attr_put_strz(nlh, CORDON_A_RULE, "fstype");
	put_u64(nlh, CORDON_A_CONTAINER_ID, 3);
	mnl_attr_put_u32(nlh, CORDON_A_PID, 4242);
	mnl_attr_put_strz(nlh, CORDON_A_COMM, "mount");
	mnl_attr_put_strz(nlh, CORDON_A_PROFILE, "default");
	CHECK_EQ(cordon_nl_parse_event(nlh, &ev), 0);
	CHECK_STREQ(ev.action, "denied");
	CHECK_STREQ(ev.area, "mount");
	CHECK_STREQ(ev.op, "mount");
	CHECK_STREQ(ev.rule, "fstype");
	CHECK(ev.has_container_id && ev.has_pid);
	CHECK_EQ(ev.container_id, 3u);
	CHECK_EQ(ev.pid, 4242u);
	CHECK_STREQ(ev.comm, "mount");
	CHECK_STREQ(ev.profile, "default");
	CHECK_STREQ(ev.name, "");

	nlh = put_reply(buf, CORDON_CMD_EVENT);
	mnl_attr_put_strz(nlh, CORDON_A_ACTION, "complain");
	CHECK_EQ(cordon_nl_parse_event(nlh, &ev), 0);
	CHECK(!ev.has_pid);
	CHECK_STREQ(ev.rule, "");
}

TEST(nl_errname)
{
	CHECK_STREQ(cordon_nl_errname(EKEYREJECTED), "EKEYREJECTED");
	CHECK_STREQ(cordon_nl_errname(-ENOKEY), "ENOKEY");
	CHECK_STREQ(cordon_nl_errname(ESTALE), "ESTALE");
	CHECK_STREQ(cordon_nl_errname(100000), "unknown errno");
}

/*
 * The one test that talks to the running kernel: the family is resolved,
 * or reported absent with a clear message (the build host has no cordon).
 */
TEST(nl_open_resolves_or_reports_absent)
{
	struct cordon_nl *nl = NULL;
	char err[CORDON_ERR_MAX];
	int rc = cordon_nl_open(&nl, err, sizeof(err));

	if (rc == -EAFNOSUPPORT || rc == -EPERM || rc == -EACCES) {
		fprintf(stderr, "# no generic netlink here: %s\n", err);
		return;
	}
	if (rc == 0) {
		CHECK(nl != NULL);
		CHECK(cordon_nl_family(nl) >= GENL_MIN_ID);
		CHECK(cordon_nl_events_group(nl) != 0);
		cordon_nl_close(nl);
		return;
	}
	CHECK_EQ(rc, -ENOENT);
	CHECK(nl == NULL);
	CHECK_STREQ(err,
		    "the kernel has no generic netlink family 'cordon' (is cordon built in and active?)");
}
