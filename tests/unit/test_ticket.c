// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: load tickets (lib/ticket.c) and their netlink attributes
 * (lib/nl.c): encoding, the kernel's form checks, hex, the POLICY_LOAD
 * message with a ticket, the status attributes of the load gate, and
 * which errnos are the gate's.
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cordon/cordon.h>
#include <cordon/nl.h>
#include <cordon/ticket.h>

#include "unit.h"

static void sample(struct cordon_ticket_info *info)
{
	memset(info, 0, sizeof(*info));
	info->flags = CORDON_TICKET_F_MANIFEST | CORDON_TICKET_F_LOCAL;
	for (int i = 0; i < CORDON_CHALLENGE_SIZE; i++)
		info->challenge[i] = (uint8_t)i;
	for (int i = 0; i < CORDON_DIGEST_SIZE; i++) {
		info->policy_digest[i] = (uint8_t)(0x80 + i);
		info->pcr_digest[i] = (uint8_t)(0x40 + i);
	}
	info->issued = 1795000000;
}

TEST(ticket_encode_layout)
{
	struct cordon_ticket_info info;
	struct cordon_ticket t;
	const uint8_t *b = (const uint8_t *)&t;
	char err[CORDON_ERR_MAX];

	sample(&info);
	REQUIRE_EQ(cordon_ticket_encode(&info, &t, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	/* "CTKT", little endian, at the offsets the coordination fixed */
	CHECK(memcmp(b, "CTKT", 4) == 0);
	CHECK_EQ(b[4], 1);
	CHECK_EQ(b[5], 0);
	CHECK_EQ(b[6], 128);
	CHECK_EQ(b[7], 0);
	CHECK_EQ(b[8], 0x5);
	CHECK_EQ(offsetof(struct cordon_ticket, challenge), 16u);
	CHECK_EQ(offsetof(struct cordon_ticket, policy_digest), 48u);
	CHECK_EQ(offsetof(struct cordon_ticket, pcr_digest), 80u);
	CHECK_EQ(offsetof(struct cordon_ticket, issued), 112u);
	CHECK_EQ(offsetof(struct cordon_ticket, reserved2), 120u);
	CHECK(memcmp(b + 16, info.challenge, 32) == 0);
	CHECK(memcmp(b + 48, info.policy_digest, 32) == 0);
	CHECK(memcmp(b + 80, info.pcr_digest, 32) == 0);
	CHECK_EQ(le64toh(t.issued), 1795000000u);
	for (int i = 120; i < 128; i++)
		CHECK_EQ(b[i], 0);
}

TEST(ticket_encode_refuses_unknown_flag)
{
	struct cordon_ticket_info info;
	struct cordon_ticket t;
	char err[CORDON_ERR_MAX];

	sample(&info);
	info.flags = 0x8;
	CHECK_EQ(cordon_ticket_encode(&info, &t, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "unknown ticket flag 0x8");
}

TEST(ticket_decode_round_trip)
{
	struct cordon_ticket_info info, back;
	struct cordon_ticket t;
	char err[CORDON_ERR_MAX];

	sample(&info);
	REQUIRE_EQ(cordon_ticket_encode(&info, &t, err, sizeof(err)), 0);
	memset(&back, 0xff, sizeof(back));
	CHECK_EQ(cordon_ticket_decode(&t, sizeof(t), &back, err, sizeof(err)),
		 0);
	CHECK_EQ(back.flags, info.flags);
	CHECK(memcmp(back.challenge, info.challenge, 32) == 0);
	CHECK(memcmp(back.policy_digest, info.policy_digest, 32) == 0);
	CHECK(memcmp(back.pcr_digest, info.pcr_digest, 32) == 0);
	CHECK_EQ(back.issued, info.issued);
}

/* one byte changed in a valid ticket, or a length; the kernel's answer */
static const struct {
	const char *name;
	int off;
	uint8_t val;
	size_t len;
	const char *err;
} bad[] = {
	{ "short", -1, 0, 127, "malformed ticket: 127 bytes, not 128" },
	{ "long", -1, 0, 129, "malformed ticket: 129 bytes, not 128" },
	{ "magic", 0, 'X', 128, "malformed ticket: bad magic" },
	{ "format", 4, 2, 128, "malformed ticket: unknown format" },
	{ "size", 6, 127, 128, "malformed ticket: bad size field" },
	{ "flag", 8, 0x8, 128, "malformed ticket: unknown flag" },
	{ "high flag", 11, 0x80, 128, "malformed ticket: unknown flag" },
	{ "reserved", 12, 1, 128, "malformed ticket: reserved field set" },
	{ "reserved2", 127, 1, 128, "malformed ticket: reserved field set" },
};

TEST(ticket_decode_refuses_malformed)
{
	struct cordon_ticket_info info, back;
	uint8_t buf[129];
	char err[CORDON_ERR_MAX];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sample(&info);
		memset(buf, 0, sizeof(buf));
		REQUIRE_EQ(cordon_ticket_encode(&info,
						(struct cordon_ticket *)buf,
						err, sizeof(err)), 0);
		if (bad[i].off >= 0)
			buf[bad[i].off] = bad[i].val;
		CHECK_EQ(cordon_ticket_decode(buf, bad[i].len, &back, err,
					      sizeof(err)), -EBADE);
		CHECK_STREQ(err, bad[i].err);
	}
	CHECK_EQ(cordon_ticket_decode(NULL, 0, &back, err, sizeof(err)),
		 -EBADE);
}

TEST(ticket_hex)
{
	uint8_t out[4];

	CHECK_EQ(cordon_ticket_hex("00fFa5C3", out, 4), 0);
	CHECK(out[0] == 0 && out[1] == 0xff && out[2] == 0xa5 &&
	      out[3] == 0xc3);
	CHECK_EQ(cordon_ticket_hex("00ff", out, 4), -EINVAL);
	CHECK_EQ(cordon_ticket_hex("00ffa5c3a", out, 4), -EINVAL);
	CHECK_EQ(cordon_ticket_hex("00ffa5cg", out, 4), -EINVAL);
	CHECK_EQ(cordon_ticket_hex(" 0ffa5c3", out, 4), -EINVAL);
	CHECK_EQ(cordon_ticket_hex(NULL, out, 4), -EINVAL);
}

TEST(ticket_sha256)
{
	/* SHA-256("abc") */
	static const uint8_t want[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	uint8_t d[32];

	CHECK_EQ(cordon_ticket_sha256("abc", 3, d), 0);
	CHECK(memcmp(d, want, 32) == 0);
}

struct attrs {
	int n;
	uint16_t type[16];
	uint16_t len[16];
	const void *data[16];
};

static int attrs_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;

	if (a->n >= 16)
		return MNL_CB_ERROR;
	a->type[a->n] = mnl_attr_get_type(attr);
	a->len[a->n] = mnl_attr_get_payload_len(attr);
	a->data[a->n] = mnl_attr_get_payload(attr);
	a->n++;
	return MNL_CB_OK;
}

TEST(nl_load_with_ticket)
{
	static unsigned char buf[8192] __attribute__((aligned(8)));
	unsigned char blob[1000], sig[301], tk[128], tsig[777];
	struct cordon_nl_ticket t = {
		.ticket = tk, .len = sizeof(tk), .sig = tsig,
		.siglen = sizeof(tsig),
	};
	char err[CORDON_ERR_MAX];
	struct attrs a = { 0 };
	size_t size;

	memset(blob, 1, sizeof(blob));
	memset(sig, 2, sizeof(sig));
	memset(tk, 3, sizeof(tk));
	memset(tsig, 4, sizeof(tsig));
	size = cordon_nl_load_ticket_size(sizeof(blob), sizeof(sig), &t);
	CHECK_EQ(size, cordon_nl_load_size(sizeof(blob), sizeof(sig)) +
			       4 + 128 + 4 + 780);
	CHECK_EQ(cordon_nl_load_ticket_size(10, 10, NULL),
		 cordon_nl_load_size(10, 10));
	REQUIRE_EQ(cordon_nl_build_load_ticket(buf, size, 0x1234, 9, blob,
					       sizeof(blob), sig, sizeof(sig),
					       &t, err, sizeof(err)), 0);
	CHECK_EQ(((struct nlmsghdr *)buf)->nlmsg_len, size);
	REQUIRE_EQ(mnl_attr_parse((struct nlmsghdr *)buf,
				  sizeof(struct genlmsghdr), attrs_cb, &a),
		   MNL_CB_OK);
	REQUIRE_EQ(a.n, 4);
	CHECK_EQ(a.type[0], CORDON_A_POLICY);
	CHECK_EQ(a.type[1], CORDON_A_SIGNATURE);
	CHECK_EQ(a.type[2], CORDON_A_TICKET);
	CHECK_EQ(a.len[2], 128);
	CHECK(memcmp(a.data[2], tk, 128) == 0);
	CHECK_EQ(a.type[3], CORDON_A_TICKET_SIGNATURE);
	CHECK_EQ(a.len[3], sizeof(tsig));
	CHECK(memcmp(a.data[3], tsig, sizeof(tsig)) == 0);

	/* a ticket needs both halves */
	t.sig = NULL;
	CHECK_EQ(cordon_nl_build_load_ticket(buf, sizeof(buf), 0x1234, 9, blob,
					     sizeof(blob), sig, sizeof(sig),
					     &t, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "a ticket needs its bytes and its signature");
	t.sig = tsig;
	t.len = 0;
	CHECK_EQ(cordon_nl_build_load_ticket(buf, sizeof(buf), 0x1234, 9, blob,
					     sizeof(blob), sig, sizeof(sig),
					     &t, err, sizeof(err)), -EINVAL);
	t.len = CORDON_NL_ATTR_MAX_PAYLOAD + 1;
	CHECK_EQ(cordon_nl_build_load_ticket(buf, sizeof(buf), 0x1234, 9, blob,
					     sizeof(blob), sig, sizeof(sig),
					     &t, err, sizeof(err)), -E2BIG);
	/* the buffer must hold the ticket too */
	t.len = sizeof(tk);
	CHECK_EQ(cordon_nl_build_load_ticket(buf, size - 1, 0x1234, 9, blob,
					     sizeof(blob), sig, sizeof(sig),
					     &t, err, sizeof(err)), -ENOBUFS);
}

TEST(nl_parse_status_attest)
{
	static unsigned char buf[1024] __attribute__((aligned(8)));
	unsigned char digest[CORDON_NL_DIGEST_SIZE];
	struct cordon_nl_status st;
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	for (int i = 0; i < CORDON_NL_DIGEST_SIZE; i++)
		digest[i] = (unsigned char)(0x11 * i);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x1234;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CORDON_CMD_STATUS_GET;
	mnl_attr_put_strz(nlh, CORDON_A_ATTEST, "required");
	mnl_attr_put(nlh, CORDON_A_TICKETED, 0, NULL);
	mnl_attr_put(nlh, CORDON_A_TICKET_DIGEST, sizeof(digest), digest);
	mnl_attr_put(nlh, CORDON_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, CORDON_A_TICKET_REJECTS, 6);
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), 0);
	CHECK(st.has_attest);
	CHECK_STREQ(st.attest, "required");
	CHECK(st.ticketed);
	CHECK(st.has_ticket_digest);
	CHECK(memcmp(st.ticket_digest, digest, sizeof(digest)) == 0);
	CHECK(st.has_ticket_rejects);
	CHECK_EQ(st.ticket_rejects, 6u);

	/* a ticket digest that is not 32 bytes */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x1234;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CORDON_CMD_STATUS_GET;
	mnl_attr_put(nlh, CORDON_A_TICKET_DIGEST, 31, digest);
	CHECK_EQ(cordon_nl_parse_status(nlh, &st), -EPROTO);
}

TEST(nl_attest_refusal)
{
	CHECK(cordon_nl_attest_refusal(-EACCES));
	CHECK(cordon_nl_attest_refusal(EBADE));
	CHECK(cordon_nl_attest_refusal(-EKEYREVOKED));
	CHECK(cordon_nl_attest_refusal(-ETIME));
	CHECK(cordon_nl_attest_refusal(-ENOMSG));
	/* the policy's own refusals */
	CHECK(!cordon_nl_attest_refusal(-EKEYREJECTED));
	CHECK(!cordon_nl_attest_refusal(-ENOKEY));
	CHECK(!cordon_nl_attest_refusal(-EBADMSG));
	CHECK(!cordon_nl_attest_refusal(-ESTALE));
	CHECK(!cordon_nl_attest_refusal(-ENODATA));
	CHECK(!cordon_nl_attest_refusal(-EPERM));
	CHECK(!cordon_nl_attest_refusal(0));
}
