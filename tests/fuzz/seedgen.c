// SPDX-License-Identifier: GPL-2.0-only
/*
 * Seeds of the fuzz targets whose inputs are built, not written by hand:
 * IMA lists (fuzz_ima), evidence (fuzz_evidence), tickets (fuzz_ticket)
 * and the kernel's netlink replies (fuzz_nl_reply, built with libmnl the
 * way the kernel builds them).  `make -C tests/fuzz seeds` writes them
 * into corpus/<target>/ (kept in git; run it again when a format changes).
 *
 *   seedgen DIR	writes DIR/fuzz_ima/..., DIR/fuzz_evidence/...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/nl.h>
#include <cordon/ticket.h>

#include "internal.h"
#include "fuzz_common.h"
#include "../unit/genl_reply.h"

#define FAMILY 0x1234

static const char *dir;

static void seed(const char *target, const char *name, const void *p,
		 size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* fuzz_ima: a selector byte (0: SHA-1 template hashes), then the list */
static void seed_ima(uint8_t **list, size_t *list_len)
{
	static const uint8_t name[] = "/usr/bin/runc";
	uint8_t *p = NULL, *one = NULL, d[20], h[20], tpl[20 + 256] = { 0 };
	uint8_t *ima = NULL, *raw;
	size_t len = 0, olen = 0, ilen = 0, rlen;
	struct fuzz_fixture fx;

	/* the fixture's list: boot_aggregate, ima-ng files, a violation,
	 * an ima-buf */
	if (fuzz_fixture_raw(&fx, &raw, &rlen) < 0)
		abort();
	fuzz_put(&p, &len, "", 1);
	fuzz_put(&p, &len, raw, rlen);
	free(raw);
	seed("fuzz_ima", "ima-ng-buf-violation", p, len);
	*list = malloc(len - 1);
	memcpy(*list, p + 1, len - 1);
	*list_len = len - 1;

	/* one entry of template "ima": d, then the name without NUL */
	fuzz_put(&one, &olen, "", 1);
	memset(d, 0x42, sizeof(d));
	memcpy(tpl, d, 20);
	memcpy(tpl + 20, name, sizeof(name) - 1);
	EVP_Digest(tpl, 20 + 256, h, NULL, EVP_sha1(), NULL);
	fuzz_put32(&ima, &ilen, 10);
	fuzz_put(&ima, &ilen, h, 20);
	fuzz_put32(&ima, &ilen, 3);
	fuzz_put(&ima, &ilen, "ima", 3);
	fuzz_put(&ima, &ilen, d, 20);
	fuzz_put32(&ima, &ilen, sizeof(name) - 1);
	fuzz_put(&ima, &ilen, name, sizeof(name) - 1);
	fuzz_put(&one, &olen, ima, ilen);
	seed("fuzz_ima", "ima-template", one, olen);
	/* the same bytes read as a SHA-256 list: refused, truncated */
	one[0] = 1;
	seed("fuzz_ima", "sha256-selector", one, olen);
	free(one);
	free(ima);
	free(p);
}

static void seed_evidence(const uint8_t *list, size_t list_len)
{
	struct cordon_evidence ev;
	uint8_t *pub = NULL;
	size_t publen = 0;
	char *text;

	memset(&ev, 0, sizeof(ev));
	for (int i = 0; i < CORDON_CHALLENGE_SIZE; i++)
		ev.challenge[i] = (uint8_t)(0xa0 + i);
	ev.has_policy_digest = true;
	memset(ev.policy_digest, 0x5a, sizeof(ev.policy_digest));
	if (cordon__b64_decode(FUZZ_AK_PUBLIC_B64, &pub, &publen) < 0)
		abort();
	ev.quote.ak_public = pub;
	ev.quote.ak_public_len = publen;
	ev.quote.attest = (uint8_t *)strdup("\xff" "TCG\x80\x18");
	ev.quote.attest_len = 6;
	ev.quote.sig = (uint8_t *)strdup("\x00\x18\x00\x0b");
	ev.quote.sig_len = 4;
	snprintf(ev.quote.tcti, sizeof(ev.quote.tcti), "swtpm:port=2321");
	ev.quote.nbanks = 2;
	ev.quote.banks[0].alg = CORDON_HASH_SHA256;
	ev.quote.banks[0].mask = 0x7ff;
	for (int i = 0; i < 11; i++)
		memset(ev.quote.banks[0].v[i], 0x11 * i, 32);
	ev.quote.banks[1].alg = CORDON_HASH_SHA1;
	ev.quote.banks[1].mask = 1u << 10;
	memset(ev.quote.banks[1].v[10], 0xaa, 20);
	ev.log_alg = CORDON_HASH_SHA1;
	ev.log = malloc(list_len);
	memcpy(ev.log, list, list_len);
	ev.log_len = list_len;
	text = cordon_evidence_format(&ev);
	seed("fuzz_evidence", "pinned-key", text, strlen(text));
	free(text);

	/* no policy digest, an EK certificate, an empty list */
	ev.has_policy_digest = false;
	ev.ek_cert = (uint8_t *)strdup("\x30\x03\x02\x01\x01");
	ev.ek_cert_len = 5;
	ev.log_len = 0;
	ev.quote.nbanks = 1;
	text = cordon_evidence_format(&ev);
	seed("fuzz_evidence", "ek-no-digest", text, strlen(text));
	free(text);
	cordon_evidence_free(&ev);
}

static void seed_ticket(void)
{
	struct cordon_ticket_info info = { .flags = CORDON_TICKET_F_ALL };
	struct cordon_ticket t;
	char hex[2 * CORDON_DIGEST_SIZE + 1];

	memset(info.challenge, 0xc1, sizeof(info.challenge));
	memset(info.policy_digest, 0x5a, sizeof(info.policy_digest));
	memset(info.pcr_digest, 0x10, sizeof(info.pcr_digest));
	info.issued = 1795000000;
	if (cordon_ticket_encode(&info, &t, NULL, 0))
		abort();
	seed("fuzz_ticket", "all-flags", &t, sizeof(t));
	info.flags = CORDON_TICKET_F_LOCAL;
	cordon_ticket_encode(&info, &t, NULL, 0);
	seed("fuzz_ticket", "local", &t, sizeof(t));
	for (size_t i = 0; i < CORDON_DIGEST_SIZE; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned int)(i * 37 & 0xff));
	seed("fuzz_ticket", "hex", hex, strlen(hex));
}

/* fuzz_nl_reply: the selector byte, then (le16 length, datagram)... */
struct nlseed {
	uint8_t buf[8192];
	size_t len;
};

static void nlseed_begin(struct nlseed *s, uint8_t sel)
{
	s->buf[0] = sel;
	s->len = 1;
}

static void nlseed_dgram(struct nlseed *s, const void *p, size_t n)
{
	s->buf[s->len] = n & 0xff;
	s->buf[s->len + 1] = (uint8_t)(n >> 8);
	memcpy(s->buf + s->len + 2, p, n);
	s->len += 2 + n;
}

static struct nlmsghdr *msg(void *buf, uint16_t type, uint16_t flags,
			    uint8_t cmd)
{
	return genl_reply_put(buf, type, cmd, flags);
}

static void put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	genl_put_u64(nlh, type, v);
}

static size_t ack(void *buf, int error, const char *text)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED | (text ? NLM_F_ACK_TLVS : 0);
	nlh->nlmsg_seq = 1;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = sizeof(struct nlmsghdr) + GENL_HDRLEN;
	e->msg.nlmsg_seq = 1;
	if (text)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
	return nlh->nlmsg_len;
}

static void seed_nl(void)
{
	union {
		uint8_t b[4096];
		struct nlmsghdr align;
	} u;
	struct nlseed s;
	struct nlmsghdr *nlh;
	struct nlattr *grps, *grp;
	uint8_t digest[32];
	size_t off;

	memset(digest, 0x5a, sizeof(digest));

	/* the family resolution (selector 0) */
	nlseed_begin(&s, 0);
	memset(&u, 0, sizeof(u));
	nlh = msg(u.b, GENL_ID_CTRL, 0, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CORDON_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
	grps = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME,
			  CORDON_GENL_MCGRP_EVENTS);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 7);
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, grps);
	off = nlh->nlmsg_len;
	off += ack(u.b + off, 0, NULL);
	nlseed_dgram(&s, u.b, off);
	seed("fuzz_nl_reply", "family", s.buf, s.len);

	/* STATUS_GET (selector 1): the reply and its ack in one datagram */
	nlseed_begin(&s, 1);
	memset(&u, 0, sizeof(u));
	nlh = msg(u.b, FAMILY, 0, CORDON_CMD_STATUS_GET);
	mnl_attr_put_strz(nlh, CORDON_A_POLICY_NAME, "restricted");
	put_u64(nlh, CORDON_A_POLICY_VERSION, 1000);
	mnl_attr_put(nlh, CORDON_A_POLICY_DIGEST, sizeof(digest), digest);
	mnl_attr_put_strz(nlh, CORDON_A_MODE, "enforce");
	mnl_attr_put_u32(nlh, CORDON_A_NR_PROFILES, 3);
	mnl_attr_put_u32(nlh, CORDON_A_NR_CONTAINERS, 2);
	put_u64(nlh, CORDON_A_DENIED, 17);
	put_u64(nlh, CORDON_A_COMPLAINED, 4);
	put_u64(nlh, CORDON_A_LOADS, 2);
	put_u64(nlh, CORDON_A_REJECTS, 1);
	mnl_attr_put_strz(nlh, CORDON_A_ATTEST, "required");
	mnl_attr_put(nlh, CORDON_A_TICKETED, 0, NULL);
	mnl_attr_put(nlh, CORDON_A_TICKET_DIGEST, sizeof(digest), digest);
	put_u64(nlh, CORDON_A_TICKET_REJECTS, 0);
	off = nlh->nlmsg_len;
	off += ack(u.b + off, 0, NULL);
	nlseed_dgram(&s, u.b, off);
	seed("fuzz_nl_reply", "status", s.buf, s.len);

	/* refused with an extended ack (selector 1) */
	nlseed_begin(&s, 1);
	memset(&u, 0, sizeof(u));
	off = ack(u.b, -EPERM, "cordon: CAP_MAC_ADMIN required");
	nlseed_dgram(&s, u.b, off);
	seed("fuzz_nl_reply", "refused", s.buf, s.len);

	/* CHALLENGE_GET (selector 2) */
	nlseed_begin(&s, 2);
	memset(&u, 0, sizeof(u));
	nlh = msg(u.b, FAMILY, 0, CORDON_CMD_CHALLENGE_GET);
	mnl_attr_put(nlh, CORDON_A_CHALLENGE, CORDON_CHALLENGE_SIZE, digest);
	off = nlh->nlmsg_len;
	off += ack(u.b + off, 0, NULL);
	nlseed_dgram(&s, u.b, off);
	seed("fuzz_nl_reply", "challenge", s.buf, s.len);

	/* a CONTAINER_GET dump (selector 3): two datagrams, then DONE */
	nlseed_begin(&s, 3);
	for (int i = 0; i < 2; i++) {
		memset(&u, 0, sizeof(u));
		nlh = msg(u.b, FAMILY, NLM_F_MULTI, CORDON_CMD_CONTAINER_GET);
		put_u64(nlh, CORDON_A_CONTAINER_ID, 40 + i);
		mnl_attr_put_strz(nlh, CORDON_A_NAME, i ? "db" : "web");
		mnl_attr_put_strz(nlh, CORDON_A_PROFILE, "restricted");
		mnl_attr_put_u8(nlh, CORDON_A_ARMED, 1);
		mnl_attr_put_u32(nlh, CORDON_A_DEPTH, 1);
		mnl_attr_put_u32(nlh, CORDON_A_NS_MNT, 4026532000U + i);
		mnl_attr_put_u32(nlh, CORDON_A_NS_PID, 4026532100U + i);
		mnl_attr_put_u32(nlh, CORDON_A_NS_USER, 4026531837U);
		put_u64(nlh, CORDON_A_DENIED, 3);
		put_u64(nlh, CORDON_A_COMPLAINED, 0);
		nlseed_dgram(&s, u.b, nlh->nlmsg_len);
	}
	memset(&u, 0, sizeof(u));
	nlh = mnl_nlmsg_put_header(u.b);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 1;
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = 0;
	nlseed_dgram(&s, u.b, nlh->nlmsg_len);
	seed("fuzz_nl_reply", "containers", s.buf, s.len);

	/* events (selector 4): a denial and a complaint, one datagram each */
	nlseed_begin(&s, 4);
	for (int i = 0; i < 2; i++) {
		memset(&u, 0, sizeof(u));
		nlh = msg(u.b, FAMILY, 0, CORDON_CMD_EVENT);
		nlh->nlmsg_seq = 0;
		mnl_attr_put_strz(nlh, CORDON_A_ACTION,
				  i ? "complain" : "deny");
		mnl_attr_put_strz(nlh, CORDON_A_AREA, "mount");
		mnl_attr_put_strz(nlh, CORDON_A_OP, "mount");
		mnl_attr_put_strz(nlh, CORDON_A_RULE, "fstype=proc");
		mnl_attr_put_strz(nlh, CORDON_A_COMM, "runc:[2:INIT]");
		mnl_attr_put_strz(nlh, CORDON_A_PROFILE, "restricted");
		mnl_attr_put_strz(nlh, CORDON_A_NAME, "web");
		put_u64(nlh, CORDON_A_CONTAINER_ID, 40);
		mnl_attr_put_u32(nlh, CORDON_A_PID, 4242);
		nlseed_dgram(&s, u.b, nlh->nlmsg_len);
	}
	seed("fuzz_nl_reply", "events", s.buf, s.len);
}

int main(int argc, char **argv)
{
	uint8_t *list;
	size_t list_len;

	if (argc != 2) {
		fprintf(stderr, "usage: seedgen DIR\n");
		return 2;
	}
	dir = argv[1];
	seed_ima(&list, &list_len);
	seed_evidence(list, list_len);
	seed_ticket();
	seed_nl();
	free(list);
	return 0;
}
