// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon kselftest: signed policy loading over the "cordon" generic netlink
 * family (see kernel/uapi/linux/cordon.h).
 *
 * Every request is a raw generic netlink message built here with libmnl, so
 * that each errno is checked exactly; the socket asks for extended acks and
 * the reason the kernel gives is logged (and required on every rejection).
 *
 * The policies are compiled and signed on the build host by make-policies
 * (cordonctl compile, CMS signatures with the test keys of build/keys) and
 * embedded in this binary (.incbin of POLICY_DATA/...), so the test needs no
 * file next to it in the guest.  Damaged blobs that must reach the parser
 * (truncated, unknown bit, reserved field, format, duplicate name,
 * dangling reference, count over its bound) are patched and signed there
 * too; the others are damaged here.  They all come from
 * policies/test.cpol.in:
 *
 *   profile pt-default  (the default): may mount proc with nosuid,nodev,noexec
 *                       only; tmpfs, mqueue and everything else denied
 *   profile pt-web      may mount tmpfs only
 *   profile pt-db       may mount mqueue only; `select name "db"`
 *
 * The built-in default allows tmpfs and mqueue and denies proc, so a load
 * turns an allowed mount into a denied one and the reverse.
 *
 * Versions must rise: the tests run in file order in one boot and each load
 * uses the next version (v1000, v1010, v1020, v1030, v1040, v1041, then the
 * restore policy v1999, which is policy/default.cpol with the boot mode as
 * its mode, so that the tests running after this one see the built-in default's
 * behaviour again).  cordon.mode= is the mode of the built-in default
 * profile only: a loaded policy's profiles enforce (or not) by their own
 * mode, in every boot mode.  Rejected loads never change the
 * active policy.  A test needing a policy that is no longer loadable (a
 * second run in the same boot) is skipped with a note; reboot to rerun.
 *
 * The program re-executes itself in containers (container.h's runtime) as
 * "policy_test --agent RFD CFD": an agent that runs commands read from CFD
 * (mount, attr, load, tag) and reports each as a step record on RFD.
 */
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <endian.h>
#include <stddef.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <keyutils.h>
/* keyutils.h has linux/keyctl.h's definitions (container.h includes it) */
#define _LINUX_KEYCTL_H
#include <libmnl/libmnl.h>
#include <openssl/evp.h>

#include <linux/cordon.h>

/* see escape_test.c: the harness's longjmp and gcc -O2 */
#pragma GCC diagnostic ignored "-Wclobbered"

#include "kselftest_harness.h"
#include "common.h"
#include "container.h"

#ifndef POLICY_DATA
#error "POLICY_DATA (the directory make-policies wrote) is set by the Makefile"
#endif

static enum cordon_mode g_mode;

/* ======================================================================
 * The policies, signatures and certificates made by make-policies
 * ====================================================================== */

struct blob {
	const unsigned char *data;
	size_t len;
};

#define EMBED(sym, file) EMBED_FILE(POLICY_DATA, sym, file)
#define BLOB(sym) ((struct blob){ sym##_start, (size_t)(sym##_end - sym##_start) })

EMBED(v500, "v500.bin");
EMBED(v500_sig, "v500.bin.p7s");
EMBED(v1000, "v1000.bin");
EMBED(v1000_sig, "v1000.bin.p7s");
EMBED(v1010, "v1010.bin");
EMBED(v1010_sig, "v1010.bin.p7s");
EMBED(v1010_rogue_sig, "v1010.rogue.p7s");
EMBED(v1020, "v1020.bin");
EMBED(v1020_sig, "v1020.bin.p7s");
EMBED(v1030, "v1030.bin");
EMBED(v1030_sub_sig, "v1030.sub.p7s");
EMBED(v1040, "v1040.bin");
EMBED(v1040_attrs_sig, "v1040.attrs.p7s");
EMBED(v1041, "v1041.bin");
EMBED(v1041_sha384_sig, "v1041.sha384.p7s");
EMBED(restore_enforce, "restore-enforce.bin");
EMBED(restore_enforce_sig, "restore-enforce.bin.p7s");
EMBED(restore_complain, "restore-complain.bin");
EMBED(restore_complain_sig, "restore-complain.bin.p7s");
EMBED(restore_off, "restore-off.bin");
EMBED(restore_off_sig, "restore-off.bin.p7s");
EMBED(truncated, "truncated.bin");
EMBED(truncated_sig, "truncated.bin.p7s");
EMBED(badflags, "badflags.bin");
EMBED(badflags_sig, "badflags.bin.p7s");
EMBED(reserved, "reserved.bin");
EMBED(reserved_sig, "reserved.bin.p7s");
EMBED(badformat, "badformat.bin");
EMBED(badformat_sig, "badformat.bin.p7s");
EMBED(dupname, "dupname.bin");
EMBED(dupname_sig, "dupname.bin.p7s");
EMBED(dangling, "dangling.bin");
EMBED(dangling_sig, "dangling.bin.p7s");
EMBED(overcount, "overcount.bin");
EMBED(overcount_sig, "overcount.bin.p7s");
EMBED(sub_der, "sub.der");
EMBED(rogue_der, "rogue.der");

/* the byte offsets make-policies patches; keep the two in step */
_Static_assert(offsetof(struct cordon_policy_header, format) == 4, "format");
_Static_assert(offsetof(struct cordon_policy_header, flags) == 12, "flags");
_Static_assert(offsetof(struct cordon_policy_header, version) == 16, "version");
_Static_assert(offsetof(struct cordon_policy_header, nr_profiles) == 88, "nr_profiles");
_Static_assert(offsetof(struct cordon_policy_header, default_profile) == 90, "default_profile");
_Static_assert(sizeof(struct cordon_policy_header) == 128, "header size");
_Static_assert(sizeof(struct cordon_policy_profile) == 112, "profile size");
_Static_assert(offsetof(struct cordon_policy_profile, name) == 0, "profile name");
_Static_assert(offsetof(struct cordon_policy_profile, reserved) == 100, "profile reserved");

/* A policy and the signature to send with it. */
struct signed_blob {
	const char *id;
	struct blob blob, sig;
};

static struct signed_blob policy(const char *id)
{
	static const struct {
		const char *id;
		const unsigned char *b, *be, *s, *se;
	} t[] = {
#define P(id, b, s) { id, b##_start, b##_end, s##_start, s##_end }
		P("v500", v500, v500_sig),
		P("v1000", v1000, v1000_sig),
		P("v1010", v1010, v1010_sig),
		P("v1020", v1020, v1020_sig),
		P("v1030", v1030, v1030_sub_sig),
		P("v1040", v1040, v1040_attrs_sig),
		P("v1041", v1041, v1041_sha384_sig),
		P("restore-enforce", restore_enforce, restore_enforce_sig),
		P("restore-complain", restore_complain, restore_complain_sig),
		P("restore-off", restore_off, restore_off_sig),
#undef P
	};
	struct signed_blob r = { id, { NULL, 0 }, { NULL, 0 } };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].id, id)) {
			r.blob = (struct blob){ t[i].b, (size_t)(t[i].be - t[i].b) };
			r.sig = (struct blob){ t[i].s, (size_t)(t[i].se - t[i].s) };
		}
	return r;
}

/*
 * The restore policy: policy/default.cpol (the built-in default written
 * out) with the boot mode as its profile's mode, so that the tests after
 * this one see the built-in default's behaviour in every boot.
 */
static struct signed_blob restore_policy(void)
{
	char id[32];

	snprintf(id, sizeof(id), "restore-%s", mode_name(g_mode));
	return policy(id);
}

#define RESTORE_BLOB (restore_policy().blob)

static const struct cordon_policy_header *hdr_of(struct blob b)
{
	return (const struct cordon_policy_header *)b.data;
}

static uint64_t version_of(struct blob b)
{
	return le64toh(hdr_of(b)->version);
}

static void sha256(const void *data, size_t len, unsigned char out[32])
{
	unsigned int n = 32;

	if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL))
		memset(out, 0, 32);
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = '\0';
}

static const char *errname(int err)
{
	const char *n;

	if (err < 0)
		err = -err;
	n = err ? strerrorname_np(err) : "0";
	return n ? n : "?";
}

/* ======================================================================
 * Generic netlink with libmnl
 * ====================================================================== */

#define NL_BUF (64 * 1024)
/* "one attribute holds at most 64 KiB": nla_len is 16 bits */
#define CHUNK (60 * 1024)

struct nl {
	struct mnl_socket *sk;
	uint16_t family;
	uint32_t events;	/* id of the "events" multicast group, 0: none */
	uint32_t seq;
	char ext[256];		/* extended ack message of the last request */
};

static void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}

static int nl_socket(struct nl *nl)
{
	struct timeval tv = { .tv_sec = 20 };
	int one = 1, big = 64 << 20, e;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk)
		return -errno;
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		e = -errno;
		nl_close(nl);
		return e;
	}
	/* reasons in the acks; acks without a copy of the (big) request */
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	/* room for an oversize policy in one message (root only) */
	setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_SNDBUFFORCE,
		   &big, sizeof(big));
	setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVTIMEO,
		   &tv, sizeof(tv));
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

/* A request of room bytes of attributes; free() it. */
static struct nlmsghdr *msg_new(struct nl *nl, uint16_t type, uint8_t cmd,
				uint16_t flags, size_t room)
{
	size_t size = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)) +
		      room;
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;
	char *buf = calloc(1, size);

	if (!buf)
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 2 : CORDON_GENL_VERSION;
	return nlh;
}

#define ATTR_ROOM(len) (MNL_ATTR_HDRLEN + MNL_ALIGN(len))

struct talk {
	struct nl *nl;
	int err;
	mnl_cb_t cb;
	void *data;
};

/* NLMSGERR_ATTR_MSG of an error or done message, from offset off */
static void get_ext(struct nl *nl, const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(a, nlh, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(nl->ext, sizeof(nl->ext), "%s", mnl_attr_get_str(a));
}

static int cb_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		t->err = -EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	get_ext(t->nl, nlh, off);
	t->err = e->error;
	return e->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

static int cb_done(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(int));
	get_ext(t->nl, nlh, sizeof(int));
	t->err = err;
	return err ? MNL_CB_ERROR : MNL_CB_STOP;
}

static int cb_noop(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_OK;
}

static int cb_data(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

/*
 * Send nlh, run cb on every reply message, until the ack (or the end of a
 * dump).  Returns 0 or the -errno the kernel answered; nl->ext gets its
 * extended ack message.
 */
static int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP] = cb_noop,
		[NLMSG_ERROR] = cb_error,
		[NLMSG_DONE] = cb_done,
		[NLMSG_OVERRUN] = cb_noop,
	};
	struct talk t = { .nl = nl, .cb = cb, .data = data };
	unsigned int portid = mnl_socket_get_portid(nl->sk);
	uint32_t seq = nlh->nlmsg_seq;
	char *buf = malloc(NL_BUF);
	ssize_t n;
	int ret;

	nl->ext[0] = '\0';
	if (!buf)
		return -ENOMEM;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	for (;;) {
		n = mnl_socket_recvfrom(nl->sk, buf, NL_BUF);
		if (n < 0) {
			ret = -errno;
			break;
		}
		errno = 0;
		ret = mnl_cb_run2(buf, n, seq, portid, cb_data, &t, ctl,
				  NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR) {
			ret = t.err ? t.err : -(errno ?: EPROTO);
			break;
		}
		if (ret == MNL_CB_STOP) {
			ret = 0;
			break;
		}
	}
out:
	free(buf);
	return ret;
}

static int ctrl_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *g, *x;
	struct nl *nl = data;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			nl->family = mnl_attr_get_u16(a);
		if (mnl_attr_get_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(g, a) {
			const char *name = NULL;
			uint32_t id = 0;

			mnl_attr_for_each_nested(x, g) {
				if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_NAME)
					name = mnl_attr_get_str(x);
				if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_ID)
					id = mnl_attr_get_u32(x);
			}
			if (name && !strcmp(name, CORDON_GENL_MCGRP_EVENTS))
				nl->events = id;
		}
	}
	return MNL_CB_OK;
}

/* Open a socket and resolve the "cordon" family with CTRL_CMD_GETFAMILY. */
static int nl_open(struct nl *nl)
{
	struct nlmsghdr *nlh;
	int ret = nl_socket(nl);

	if (ret)
		return ret;
	nlh = msg_new(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0,
		      ATTR_ROOM(sizeof(CORDON_GENL_NAME)));
	if (!nlh) {
		nl_close(nl);
		return -ENOMEM;
	}
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CORDON_GENL_NAME);
	ret = nl_talk(nl, nlh, ctrl_cb, nl);
	free(nlh);
	if (!ret && !nl->family)
		ret = -ENOENT;
	if (ret)
		nl_close(nl);
	return ret;
}

/* ---- replies ------------------------------------------------------------ */

enum atype { T_NONE, T_FLAG, T_U8, T_U32, T_U64, T_STR, T_BIN };

static const enum atype atypes[__CORDON_A_MAX] = {
	[CORDON_A_PAD] = T_BIN,
	[CORDON_A_POLICY] = T_BIN,
	[CORDON_A_SIGNATURE] = T_BIN,
	[CORDON_A_POLICY_NAME] = T_STR,
	[CORDON_A_POLICY_VERSION] = T_U64,
	[CORDON_A_POLICY_DIGEST] = T_BIN,
	[CORDON_A_BUILTIN] = T_FLAG,
	[CORDON_A_MODE] = T_STR,
	[CORDON_A_PID] = T_U32,
	[CORDON_A_NAME] = T_STR,
	[CORDON_A_PROFILE] = T_STR,
	[CORDON_A_CONTAINER_ID] = T_U64,
	[CORDON_A_DEPTH] = T_U32,
	[CORDON_A_ARMED] = T_U8,
	[CORDON_A_NS_MNT] = T_U32,
	[CORDON_A_NS_PID] = T_U32,
	[CORDON_A_NS_USER] = T_U32,
	[CORDON_A_DENIED] = T_U64,
	[CORDON_A_COMPLAINED] = T_U64,
	[CORDON_A_AREA] = T_STR,
	[CORDON_A_OP] = T_STR,
	[CORDON_A_RULE] = T_STR,
	[CORDON_A_ACTION] = T_STR,
	[CORDON_A_COMM] = T_STR,
	[CORDON_A_NR_PROFILES] = T_U32,
	[CORDON_A_NR_CONTAINERS] = T_U32,
	[CORDON_A_LOADS] = T_U64,
	[CORDON_A_REJECTS] = T_U64,
	[CORDON_A_TICKET] = T_BIN,
	[CORDON_A_TICKET_SIGNATURE] = T_BIN,
	[CORDON_A_CHALLENGE] = T_BIN,
	[CORDON_A_ATTEST] = T_STR,
	[CORDON_A_TICKETED] = T_FLAG,
	[CORDON_A_TICKET_DIGEST] = T_BIN,
	[CORDON_A_TICKET_REJECTS] = T_U64,
};

#define STR_MAX 256

/* One reply message, its attributes decoded by the types of the header. */
struct reply {
	uint8_t cmd;
	uint64_t present;	/* bit n: attribute n present */
	uint64_t bad;		/* bit n: attribute n of the wrong size */
	int unknown;		/* attributes of types the header does not know */
	uint64_t u[__CORDON_A_MAX];
	char s[__CORDON_A_MAX][STR_MAX];
	unsigned char digest[64];
	size_t digest_len;
};

#define HAS(r, a) ((bool)(((r)->present >> (a)) & 1))

static int parse_attr(const struct nlattr *a, void *data)
{
	struct reply *r = data;
	unsigned int type = mnl_attr_get_type(a);
	size_t len = mnl_attr_get_payload_len(a);
	const char *p = mnl_attr_get_payload(a);
	uint64_t bit = 1ULL << type;

	if (type == 0 || type > CORDON_A_MAX) {
		r->unknown++;
		return MNL_CB_OK;
	}
	r->present |= bit;
	switch (atypes[type]) {
	case T_FLAG:
		if (len)
			r->bad |= bit;
		r->u[type] = 1;
		break;
	case T_U8:
		if (len != 1)
			r->bad |= bit;
		else
			r->u[type] = mnl_attr_get_u8(a);
		break;
	case T_U32:
		if (len != 4)
			r->bad |= bit;
		else
			r->u[type] = mnl_attr_get_u32(a);
		break;
	case T_U64:
		if (len != 8)
			r->bad |= bit;
		else
			r->u[type] = mnl_attr_get_u64(a);
		break;
	case T_STR:
		if (!len || !memchr(p, '\0', len))
			r->bad |= bit;
		else
			snprintf(r->s[type], STR_MAX, "%s", p);
		break;
	case T_BIN:
		if (type == CORDON_A_POLICY_DIGEST) {
			if (len > sizeof(r->digest))
				r->bad |= bit;
			else
				memcpy(r->digest, p, len);
			r->digest_len = len;
		}
		break;
	default:
		r->bad |= bit;
	}
	return MNL_CB_OK;
}

static void parse_reply(const struct nlmsghdr *nlh, struct reply *r)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	memset(r, 0, sizeof(*r));
	r->cmd = g->cmd;
	mnl_attr_parse(nlh, sizeof(*g), parse_attr, r);
}

struct replies {
	int n;
	struct reply *r;
};

static int cb_collect(const struct nlmsghdr *nlh, void *data)
{
	struct replies *c = data;
	struct reply *r = realloc(c->r, (c->n + 1) * sizeof(*r));

	if (!r)
		return MNL_CB_ERROR;
	c->r = r;
	parse_reply(nlh, &c->r[c->n++]);
	return MNL_CB_OK;
}

/* ---- requests ------------------------------------------------------------- */

struct rawattr {
	uint16_t type;
	const void *data;
	size_t len;
};

/* A request of cmd with the given attributes; replies go to *out. */
static int nl_cmd(struct nl *nl, uint8_t cmd, uint16_t flags,
		  const struct rawattr *a, int na, struct replies *out)
{
	struct replies tmp = { 0, NULL };
	struct nlmsghdr *nlh;
	size_t room = 0;
	int i, ret;

	for (i = 0; i < na; i++)
		room += ATTR_ROOM(a[i].len);
	nlh = msg_new(nl, nl->family, cmd, flags, room);
	if (!nlh)
		return -ENOMEM;
	for (i = 0; i < na; i++)
		mnl_attr_put(nlh, a[i].type, a[i].len, a[i].data);
	ret = nl_talk(nl, nlh, cb_collect, out ? out : &tmp);
	free(nlh);
	free(tmp.r);
	return ret;
}

static int nl_status(struct nl *nl, struct reply *st)
{
	struct replies c = { 0, NULL };
	int ret = nl_cmd(nl, CORDON_CMD_STATUS_GET, 0, NULL, 0, &c);

	if (!ret && c.n != 1)
		ret = -ENOMSG;
	if (!ret)
		*st = c.r[0];
	free(c.r);
	return ret;
}

static int nl_dump(struct nl *nl, struct replies *out)
{
	out->n = 0;
	out->r = NULL;
	return nl_cmd(nl, CORDON_CMD_CONTAINER_GET, NLM_F_DUMP, NULL, 0, out);
}

/* pid < 0: no CORDON_A_PID; name, profile NULL: left out */
static int nl_tag(struct nl *nl, long pid, const char *name, const char *profile)
{
	struct rawattr a[3];
	uint32_t p = (uint32_t)pid;
	int n = 0;

	if (pid >= 0)
		a[n++] = (struct rawattr){ CORDON_A_PID, &p, sizeof(p) };
	if (name)
		a[n++] = (struct rawattr){ CORDON_A_NAME, name, strlen(name) + 1 };
	if (profile)
		a[n++] = (struct rawattr){ CORDON_A_PROFILE, profile, strlen(profile) + 1 };
	return nl_cmd(nl, CORDON_CMD_TAG, 0, a, n, NULL);
}

struct load_req {
	const void *blob;	/* NULL: no CORDON_A_POLICY */
	size_t len;
	const void *sig;	/* NULL: no CORDON_A_SIGNATURE */
	size_t siglen;
	struct rawattr extra;	/* type 0: none */
};

static int nl_load_req(struct nl *nl, const struct load_req *q)
{
	size_t off = 0, room = 0, nchunks = 0, n;
	struct nlmsghdr *nlh;
	int ret;

	if (q->blob)
		nchunks = q->len ? (q->len + CHUNK - 1) / CHUNK : 1;
	room = nchunks * ATTR_ROOM(CHUNK);
	if (q->sig)
		room += ATTR_ROOM(q->siglen);
	if (q->extra.type)
		room += ATTR_ROOM(q->extra.len);
	nlh = msg_new(nl, nl->family, CORDON_CMD_POLICY_LOAD, 0, room);
	if (!nlh)
		return -ENOMEM;
	if (q->blob) {
		do {
			n = q->len - off < CHUNK ? q->len - off : CHUNK;
			mnl_attr_put(nlh, CORDON_A_POLICY, n,
				     (const char *)q->blob + off);
			off += n;
		} while (off < q->len);
	}
	if (q->sig)
		mnl_attr_put(nlh, CORDON_A_SIGNATURE, q->siglen, q->sig);
	if (q->extra.type)
		mnl_attr_put(nlh, q->extra.type, q->extra.len, q->extra.data);
	ret = nl_talk(nl, nlh, NULL, NULL);
	free(nlh);
	return ret;
}

static int nl_load(struct nl *nl, struct signed_blob p)
{
	struct load_req q = {
		.blob = p.blob.data, .len = p.blob.len,
		.sig = p.sig.data, .siglen = p.sig.len,
	};

	return nl_load_req(nl, &q);
}

/* ======================================================================
 * The agent: a long-lived container process driven over a pipe
 * ====================================================================== */

#define ATTR_SELF "/proc/self/attr/cordon/current"

/* value of "key=" in an attr line */
static const char *attr_field(const char *attr, const char *key, char *out,
			      size_t size)
{
	char k[32];
	const char *p;
	size_t n;

	snprintf(k, sizeof(k), "%s=", key);
	out[0] = '\0';
	p = strstr(attr, k);
	if (!p)
		return out;
	p += strlen(k);
	n = strcspn(p, " \n");
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

static int agent_nl(int fd, const char *what, long family, const char *arg)
{
	struct nl nl;
	int ret = nl_socket(&nl);

	if (ret)
		return ret;
	nl.family = (uint16_t)family;
	if (!strcmp(what, "load"))
		ret = nl_load(&nl, policy(arg));
	else
		ret = nl_tag(&nl, atol(arg), "agent", NULL);
	nl_close(&nl);
	return ret;
}

/* policy_test --agent RFD CFD: runs in a container, after the execve */
static int agent_main(int argc, char **argv)
{
	int rfd = atoi(argv[2]), nmount = 0, evfd = -1;
	FILE *in = fdopen(atoi(argv[3]), "r");
	char line[512], attr[STEP_DETAIL_MAX];
	ssize_t n;

	fcntl(rfd, F_SETFD, FD_CLOEXEC);
	if (!in)
		return 2;
	n = read_file(ATTR_SELF, attr, sizeof(attr));
	if (n < 0)
		snprintf(attr, sizeof(attr), "(no " ATTR_SELF ": %s)", errname(n));
	report_fd(rfd, "ready", 0, 0, "%s", attr);
	while (fgets(line, sizeof(line), in)) {
		char cmd[32] = "", a1[128] = "", a2[128] = "";
		char dir[64];
		int r;

		if (sscanf(line, "%31s %127s %127s", cmd, a1, a2) < 1)
			continue;
		if (!strcmp(cmd, "exit"))
			break;
		if (!strcmp(cmd, "mount")) {
			/* mount FSTYPE MS_FLAGS */
			snprintf(dir, sizeof(dir), "/tmp/m%d", nmount++);
			mkdir(dir, 0755);
			errno = 0;
			r = mount(a1, dir, a1, strtoul(a2, NULL, 0), NULL);
			report_fd(rfd, "mount", r, errno, "%s on %s", a1, dir);
		} else if (!strcmp(cmd, "join")) {
			/* join GROUP: listen to cordon's events group */
			struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
			unsigned int grp = strtoul(a1, NULL, 0);

			errno = 0;
			if (evfd < 0)
				evfd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
					      NETLINK_GENERIC);
			r = evfd < 0 ||
			    bind(evfd, (struct sockaddr *)&sa, sizeof(sa)) ||
			    setsockopt(evfd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				       &grp, sizeof(grp)) ? -1 : 0;
			report_fd(rfd, "join", r, errno, NULL);
		} else if (!strcmp(cmd, "nest")) {
			/* a container nested in this one: a new mount ns */
			errno = 0;
			r = unshare(CLONE_NEWNS);
			report_fd(rfd, "nest", r, errno, NULL);
		} else if (!strcmp(cmd, "attr")) {
			n = read_file(ATTR_SELF, attr, sizeof(attr));
			report_fd(rfd, "attr", n < 0 ? -1 : 0, (int)-n, "%s",
				  n < 0 ? "" : attr);
		} else if (!strcmp(cmd, "load") || !strcmp(cmd, "tag")) {
			/* load POLICY_ID FAMILY | tag PID FAMILY */
			r = agent_nl(rfd, cmd, atol(a2), a1);
			report_fd(rfd, cmd, r ? -1 : 0, -r, NULL);
		} else {
			report_fd(rfd, "unknown", -1, EINVAL, "%s", cmd);
		}
	}
	return 0;
}

struct agent {
	pid_t pid;
	int rfd, cfd;
	char root[32];
	char attr[STEP_DETAIL_MAX];	/* its attr line after the execve */
	char why[STEP_DETAIL_MAX + 64];	/* why it did not start */
};

static int agent_read(struct agent *a, struct step_rec *r)
{
	struct pollfd pfd = { .fd = a->rfd, .events = POLLIN };
	ssize_t n;
	int p;

	do
		p = poll(&pfd, 1, 20000);
	while (p < 0 && errno == EINTR);
	if (p == 0)
		return -ETIMEDOUT;
	n = read(a->rfd, r, sizeof(*r));
	if (n < 0)
		return -errno;
	if (n != sizeof(*r))
		return -EPIPE;
	return 0;
}

static void agent_stop(struct agent *a)
{
	int st;

	if (a->cfd >= 0)
		close(a->cfd);
	if (a->rfd >= 0)
		close(a->rfd);
	if (a->pid > 0) {
		kill(a->pid, SIGKILL);
		waitpid(a->pid, &st, 0);
	}
	a->pid = 0;
	a->cfd = a->rfd = -1;
	if (a->root[0])
		rmdir(a->root);
	a->root[0] = '\0';
}

/*
 * Start an agent in a new container: user namespace kind u, new mount, uts,
 * pid and ipc namespaces, and a new network namespace unless hostnet (a
 * family that is not netnsok is invisible from one).  Returns 0 once it
 * runs armed (after the execve), or -errno with a->why.
 */
static int agent_start(struct agent *a, enum ctr_userns u, bool hostnet)
{
	struct ctr_kind k = { .userns = u, .hostnet = hostnet };
	int flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWIPC;
	int rp[2] = { -1, -1 }, cp[2] = { -1, -1 }, sp[2] = { -1, -1 };
	char rfd[16], cfd[16];
	char *argv[] = { "policy_test", "--agent", rfd, cfd, NULL };
	struct step_rec r;
	pid_t pid;
	int ret;

	memset(a, 0, sizeof(*a));
	a->rfd = a->cfd = -1;
	if (!hostnet)
		flags |= CLONE_NEWNET;
	if (u != CTR_PRIVILEGED)
		flags |= CLONE_NEWUSER;
	strcpy(a->root, "/tmp/cordon-pt-XXXXXX");
	if (!mkdtemp(a->root)) {
		ret = -errno;
		a->root[0] = '\0';
		snprintf(a->why, sizeof(a->why), "mkdtemp: %s", errname(ret));
		return ret;
	}
	chmod(a->root, 0755);
	if (pipe2(rp, O_CLOEXEC) || pipe2(cp, O_CLOEXEC) || pipe2(sp, O_CLOEXEC)) {
		ret = -errno;
		snprintf(a->why, sizeof(a->why), "pipe: %s", errname(ret));
		goto fail;
	}
	snprintf(rfd, sizeof(rfd), "%d", rp[1]);
	snprintf(cfd, sizeof(cfd), "%d", cp[0]);
	fflush(stdout);
	fflush(stderr);
	pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid < 0) {
		ret = -errno;
		snprintf(a->why, sizeof(a->why), "clone: %s", errname(ret));
		goto fail;
	}
	if (pid == 0) {
		close(rp[0]);
		close(cp[1]);
		close(sp[1]);
		fcntl(rp[1], F_SETFD, 0);
		fcntl(cp[0], F_SETFD, 0);
		ctr_child(&k, NULL, a->root, rp[1], sp[0], -1, argv);
		_exit(112);
	}
	a->pid = pid;
	a->rfd = rp[0];
	a->cfd = cp[1];
	close(rp[1]);
	close(cp[0]);
	close(sp[0]);
	rp[1] = cp[0] = sp[0] = -1;
	if (u != CTR_PRIVILEGED) {
		ret = ctr_write_maps(pid, u);
		if (ret) {
			snprintf(a->why, sizeof(a->why), "id maps: %s", errname(ret));
			goto fail;
		}
		if (write(sp[1], "x", 1) != 1) {
			ret = -errno;
			snprintf(a->why, sizeof(a->why), "sync: %s", errname(ret));
			goto fail;
		}
	}
	close(sp[1]);
	sp[1] = -1;
	ret = agent_read(a, &r);
	if (ret) {
		snprintf(a->why, sizeof(a->why), "no word from the container: %s",
			 errname(ret));
		goto fail;
	}
	if (strcmp(r.name, "ready") || r.ret < 0) {
		snprintf(a->why, sizeof(a->why), "container failed at %s: %s (%s)",
			 r.name, errname(r.err), r.detail);
		ret = -ECHILD;
		goto fail;
	}
	snprintf(a->attr, sizeof(a->attr), "%s", r.detail);
	return 0;
fail:
	if (rp[1] >= 0)
		close(rp[1]);
	if (cp[0] >= 0)
		close(cp[0]);
	if (sp[0] >= 0)
		close(sp[0]);
	if (sp[1] >= 0)
		close(sp[1]);
	if (a->pid <= 0) {
		if (rp[0] >= 0)
			close(rp[0]);
		if (cp[1] >= 0)
			close(cp[1]);
	}
	agent_stop(a);
	return ret;
}

/* Run one agent command; *r gets its report.  Returns 0 or -errno (lost). */
static int agent_do(struct agent *a, struct step_rec *r, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	memset(r, 0, sizeof(*r));
	if (write(a->cfd, line, n) != n)
		return -errno;
	return agent_read(a, r);
}

#define START_AGENT(a, u, hostnet) do { \
	int __r = agent_start(a, u, hostnet); \
	ASSERT_EQ(0, __r) TH_LOG("cannot start the container: %s", (a)->why); \
	TH_LOG("container %d: %s", (a)->pid, (a)->attr); \
} while (0)

/* ======================================================================
 * Expectations
 * ====================================================================== */

#define MS_NSN (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/*
 * Mounts in a user-namespace container (0 or errno), by profile.  The boot
 * mode (cordon.mode=) is the mode of the built-in default profile only; the
 * profiles of a loaded policy have their own (all of policy_test's
 * enforce), so a loaded policy enforces in every boot, and the restore
 * policy is policy/default.cpol with the boot mode as its mode.
 */
struct prof_exp {
	const char *profile;	/* its name in the attr line */
	bool boot_mode;		/* enforces only if the boot mode is enforce */
	int proc;		/* proc, nosuid,nodev,noexec */
	int proc_bare;		/* proc, no flags */
	int tmpfs;
	int mqueue;
};

static const struct prof_exp BUILTIN = { "default", true, EPERM, EPERM, 0, 0 };
static const struct prof_exp PT_DEFAULT = { "pt-default", false, 0, EPERM, EPERM, EPERM };
static const struct prof_exp PT_WEB = { "pt-web", false, EPERM, EPERM, 0, EPERM };
static const struct prof_exp PT_DB = { "pt-db", false, EPERM, EPERM, EPERM, 0 };

static bool enforced(const struct prof_exp *e)
{
	return !e->boot_mode || g_mode == MODE_ENFORCE;
}

static void __expect_mount(struct __test_metadata *_metadata, struct agent *a,
			   const char *fstype, unsigned long flags, int err,
			   const struct prof_exp *e)
{
	const char *profile = e->profile;
	struct step_rec r;
	int ret = agent_do(a, &r, "mount %s %lu", fstype, flags);
	int want = enforced(e) ? err : 0;
	int got = r.ret < 0 ? r.err : 0;

	ASSERT_EQ(0, ret) TH_LOG("lost the container: %s", errname(ret));
	TH_LOG("[%s] mount %s%s -> %s", profile, fstype,
	       flags ? " (nosuid,nodev,noexec)" : "", errname(got));
	EXPECT_EQ(want, got) TH_LOG("mount %s%s with profile %s: got %s, want %s",
				    fstype, flags ? " (nosuid,nodev,noexec)" : "",
				    profile, errname(got), errname(want));
}

/* the agent's profile (attr line) and what it may mount */
static void __expect_profile(struct __test_metadata *_metadata, struct agent *a,
			     const struct prof_exp *e)
{
	char prof[CORDON_NAME_MAX], armed[8];
	struct step_rec r;

	ASSERT_EQ(0, agent_do(a, &r, "attr"));
	ASSERT_LE(0, r.ret) TH_LOG("attr: %s", errname(r.err));
	attr_field(r.detail, "profile", prof, sizeof(prof));
	attr_field(r.detail, "armed", armed, sizeof(armed));
	EXPECT_STREQ(e->profile, prof) TH_LOG("attr: %s", r.detail);
	EXPECT_STREQ("yes", armed) TH_LOG("attr: %s", r.detail);
	__expect_mount(_metadata, a, "proc", MS_NSN, e->proc, e);
	__expect_mount(_metadata, a, "proc", 0, e->proc_bare, e);
	__expect_mount(_metadata, a, "tmpfs", 0, e->tmpfs, e);
	__expect_mount(_metadata, a, "mqueue", 0, e->mqueue, e);
}

#define expect_profile(a, e) __expect_profile(_metadata, a, e)

/* The expectations of the policy a status reply names. */
static const struct prof_exp *exp_of(const struct reply *st)
{
	if (HAS(st, CORDON_A_BUILTIN) ||
	    st->u[CORDON_A_POLICY_VERSION] == version_of(RESTORE_BLOB))
		return &BUILTIN;
	return &PT_DEFAULT;
}

/* A fresh user-namespace container gets the active policy's default. */
static void __expect_enforced(struct __test_metadata *_metadata,
			      const struct reply *st)
{
	struct agent a;

	START_AGENT(&a, CTR_USERNS_ROOT, false);
	__expect_profile(_metadata, &a, exp_of(st));
	agent_stop(&a);
}

#define expect_enforced(st) __expect_enforced(_metadata, st)

static void log_status(struct __test_metadata *_metadata, const char *what,
		       const struct reply *st)
{
	char d[129];

	hex(st->digest, st->digest_len < 64 ? st->digest_len : 64, d);
	TH_LOG("%s: policy '%s' version %llu%s digest %s loads %llu rejects %llu",
	       what, st->s[CORDON_A_POLICY_NAME],
	       (unsigned long long)st->u[CORDON_A_POLICY_VERSION],
	       HAS(st, CORDON_A_BUILTIN) ? " (builtin)" : "",
	       st->digest_len ? d : "-",
	       (unsigned long long)st->u[CORDON_A_LOADS],
	       (unsigned long long)st->u[CORDON_A_REJECTS]);
}

/* the active policy is the one of blob b (name, version, digest) */
static void __expect_active(struct __test_metadata *_metadata,
			    const struct reply *st, struct blob b)
{
	const struct cordon_policy_header *h = hdr_of(b);
	unsigned char md[32];
	char name[CORDON_NAME_MAX];

	sha256(b.data, b.len, md);
	memcpy(name, h->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	EXPECT_FALSE(HAS(st, CORDON_A_BUILTIN));
	EXPECT_STREQ(name, st->s[CORDON_A_POLICY_NAME]);
	EXPECT_EQ(le64toh(h->version), st->u[CORDON_A_POLICY_VERSION]);
	ASSERT_TRUE(HAS(st, CORDON_A_POLICY_DIGEST));
	ASSERT_EQ(32U, st->digest_len);
	EXPECT_EQ(0, memcmp(md, st->digest, 32)) TH_LOG("digest is not SHA-256 of the blob");
}

#define expect_active(st, b) __expect_active(_metadata, st, b)

/* the same policy is active in both status replies */
static void __expect_same_policy(struct __test_metadata *_metadata,
				 const struct reply *a, const struct reply *b)
{
	EXPECT_STREQ(a->s[CORDON_A_POLICY_NAME], b->s[CORDON_A_POLICY_NAME]);
	EXPECT_EQ(a->u[CORDON_A_POLICY_VERSION], b->u[CORDON_A_POLICY_VERSION]);
	EXPECT_EQ(HAS(a, CORDON_A_BUILTIN), HAS(b, CORDON_A_BUILTIN));
	EXPECT_EQ(a->digest_len, b->digest_len);
	EXPECT_EQ(0, memcmp(a->digest, b->digest, a->digest_len));
	EXPECT_EQ(a->u[CORDON_A_LOADS], b->u[CORDON_A_LOADS]);
}

#define expect_same_policy(a, b) __expect_same_policy(_metadata, a, b)

/*
 * Make sure a test policy (v1000 or later, below max) is active, loading
 * v1000 if the built-in one still is.  Returns false (with a reason) when
 * the test cannot run in this boot any more.
 */
static bool __need_test_policy(struct __test_metadata *_metadata, struct nl *nl,
			       uint64_t max, struct reply *st, char *why,
			       size_t size)
{
	uint64_t v;
	int ret;

	ASSERT_EQ(0, nl_status(nl, st)) TH_LOG("status: %s", nl->ext);
	v = st->u[CORDON_A_POLICY_VERSION];
	if (v >= max) {
		snprintf(why, size, "policy version %llu is active, this test needs one below %llu: it runs once per boot",
			 (unsigned long long)v, (unsigned long long)max);
		return false;
	}
	if (v >= version_of(BLOB(v1000)))
		return true;
	ret = nl_load(nl, policy("v1000"));
	ASSERT_EQ(0, ret) TH_LOG("loading v1000: %s (%s)", errname(ret), nl->ext);
	ASSERT_EQ(0, nl_status(nl, st));
	return true;
}

#define NEED_TEST_POLICY(nl, max, st) do { \
	char __why[200]; \
	if (!__need_test_policy(_metadata, nl, max, st, __why, sizeof(__why))) \
		SKIP(return, "%s", __why); \
} while (0)

#define NL_OPEN(nl) do { \
	int __r = nl_open(nl); \
	if (__r == -ENOENT && access(CORDON_SECFS "/status", F_OK)) \
		SKIP(return, "cordon is not active in this boot"); \
	ASSERT_EQ(0, __r) TH_LOG("resolving the \"" CORDON_GENL_NAME "\" family: %s", \
				 errname(__r)); \
} while (0)

/* ---- the IMA measurement list ------------------------------------------------------------------------ */

#define IMA_LOG "/sys/kernel/security/ima/ascii_runtime_measurements"
#define IMA_NAME "cordon-policy"

struct ima_log {
	int lines;
	int cordon;		/* ima-buf entries named cordon-policy* */
	char last[1024];	/* the last of those */
	char name[256];		/* its event name */
	char buf[160];		/* its buffer (hex) */
};

static int ima_read(struct ima_log *l)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap), *line, *save = NULL;
	ssize_t n;
	int fd = open(IMA_LOG, O_RDONLY | O_CLOEXEC);

	memset(l, 0, sizeof(*l));
	if (fd < 0 || !buf) {
		n = -errno;
		free(buf);
		if (fd >= 0)
			close(fd);
		return n;
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *b = realloc(buf, cap *= 2);

			if (!b) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = b;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char tmpl[32] = "", name[256] = "", b[160] = "";

		l->lines++;
		/* PCR template-hash template data-hash name [buf] */
		if (sscanf(line, "%*s %*s %31s %*s %255s %159s", tmpl, name, b) >= 2 &&
		    !strcmp(tmpl, "ima-buf") &&
		    !strncmp(name, IMA_NAME, strlen(IMA_NAME))) {
			l->cordon++;
			snprintf(l->last, sizeof(l->last), "%s", line);
			snprintf(l->name, sizeof(l->name), "%s", name);
			snprintf(l->buf, sizeof(l->buf), "%s", b);
		}
	}
	free(buf);
	return 0;
}

/*
 * Since l0 was read, exactly one load was measured: an ima-buf entry named
 * cordon-policy:NAME:VERSION holding the blob's digest (the active policy's
 * in st).
 */
static void __expect_measured(struct __test_metadata *_metadata,
			      const struct ima_log *l0, const struct reply *st)
{
	char d[65], name[STR_MAX + 64], pol[4096];
	struct ima_log l1;

	ASSERT_EQ(0, ima_read(&l1));
	TH_LOG("IMA log: %d -> %d entries, %d -> %d " IMA_NAME " entries",
	       l0->lines, l1.lines, l0->cordon, l1.cordon);
	if (l1.cordon == l0->cordon &&
	    read_file("/sys/kernel/security/ima/policy", pol, sizeof(pol)) >= 0 &&
	    !strstr(pol, "CRITICAL_DATA"))
		TH_LOG("the IMA policy has no CRITICAL_DATA rule (boot with ima_policy=tcb|critical_data):\n%s", pol);
	ASSERT_EQ(l0->cordon + 1, l1.cordon);
	EXPECT_LE(l0->lines + 1, l1.lines);
	TH_LOG("entry: %.300s", l1.last);
	snprintf(name, sizeof(name), IMA_NAME ":%s:%llu", st->s[CORDON_A_POLICY_NAME],
		 (unsigned long long)st->u[CORDON_A_POLICY_VERSION]);
	EXPECT_STREQ(name, l1.name);
	hex(st->digest, 32, d);
	EXPECT_STREQ(d, l1.buf) TH_LOG("the entry does not hold the policy's digest");
}

#define expect_measured(l0, st) __expect_measured(_metadata, l0, st)

/* ======================================================================
 * The tests, in the order they run (versions rise)
 * ====================================================================== */

TEST(family_resolves)
{
	struct nl nl;

	NL_OPEN(&nl);
	TH_LOG("family id %u, events group %u", nl.family, nl.events);
	EXPECT_NE(0, nl.family);
	EXPECT_NE(0U, nl.events) TH_LOG("no \"" CORDON_GENL_MCGRP_EVENTS "\" multicast group");
	nl_close(&nl);
}

TEST(status_reply)
{
	struct reply st;
	struct nl nl;
	int a;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &st)) TH_LOG("%s", nl.ext);
	log_status(_metadata, "status", &st);
	EXPECT_EQ(CORDON_CMD_STATUS_GET, st.cmd);
	EXPECT_EQ(0U, st.bad) TH_LOG("attributes of the wrong size: mask 0x%llx",
				    (unsigned long long)st.bad);
	EXPECT_EQ(0, st.unknown);
	for (a = CORDON_A_POLICY_NAME; a <= CORDON_A_REJECTS; a++) {
		static const int want[] = {
			CORDON_A_POLICY_NAME, CORDON_A_POLICY_VERSION,
			CORDON_A_MODE, CORDON_A_DENIED, CORDON_A_COMPLAINED,
			CORDON_A_NR_PROFILES, CORDON_A_NR_CONTAINERS,
			CORDON_A_LOADS, CORDON_A_REJECTS,
		};
		size_t i;

		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (want[i] == a)
				EXPECT_TRUE(HAS(&st, a)) TH_LOG("attribute %d missing", a);
	}
	EXPECT_NE(0, st.s[CORDON_A_POLICY_NAME][0]);
	EXPECT_STREQ(mode_name(g_mode), st.s[CORDON_A_MODE]);
	EXPECT_LE(1U, st.u[CORDON_A_NR_PROFILES]);
	if (HAS(&st, CORDON_A_BUILTIN)) {
		/* "the built-in policy (named builtin, version 0)" */
		EXPECT_STREQ("builtin", st.s[CORDON_A_POLICY_NAME]);
		EXPECT_EQ(0U, st.u[CORDON_A_POLICY_VERSION]);
		EXPECT_FALSE(HAS(&st, CORDON_A_POLICY_DIGEST));
	} else {
		EXPECT_LE(1U, st.u[CORDON_A_POLICY_VERSION]);
		EXPECT_TRUE(HAS(&st, CORDON_A_POLICY_DIGEST));
		EXPECT_EQ(32U, st.digest_len);
	}
	nl_close(&nl);
}

TEST(builtin_enforcement)
{
	struct reply st;
	struct agent a;
	struct nl nl;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &st));
	if (!HAS(&st, CORDON_A_BUILTIN))
		SKIP(return, "a loaded policy is active already");
	START_AGENT(&a, CTR_USERNS_ROOT, false);
	expect_profile(&a, &BUILTIN);
	agent_stop(&a);
	nl_close(&nl);
}

/*
 * A signed load swaps the policy: a container started before the load
 * (running, armed) follows the new policy at once, and so does a new one.
 */
TEST(signed_load_changes_enforcement)
{
	struct reply before, after;
	struct ima_log l0;
	struct agent a;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &before));
	log_status(_metadata, "before", &before);
	if (before.u[CORDON_A_POLICY_VERSION] >= version_of(BLOB(v1000)))
		SKIP(return, "version %llu is active already: policy_test runs once per boot",
		     (unsigned long long)before.u[CORDON_A_POLICY_VERSION]);
	START_AGENT(&a, CTR_USERNS_ROOT, false);
	expect_profile(&a, exp_of(&before));

	ASSERT_EQ(0, ima_read(&l0)) TH_LOG("no IMA measurement list");
	ret = nl_load(&nl, policy("v1000"));
	ASSERT_EQ(0, ret) TH_LOG("load v1000: %s (%s)", errname(ret), nl.ext);
	ASSERT_EQ(0, nl_status(&nl, &after));
	log_status(_metadata, "after", &after);
	expect_active(&after, BLOB(v1000));
	expect_measured(&l0, &after);
	EXPECT_EQ(before.u[CORDON_A_LOADS] + 1, after.u[CORDON_A_LOADS]);
	EXPECT_EQ(before.u[CORDON_A_REJECTS], after.u[CORDON_A_REJECTS]);
	EXPECT_EQ(3U, after.u[CORDON_A_NR_PROFILES]);

	/* the running container: proc now allowed, tmpfs denied */
	expect_profile(&a, &PT_DEFAULT);
	agent_stop(&a);
	/* and a new one */
	expect_enforced(&after);
	nl_close(&nl);
}

/* ---- rejected loads --------------------------------------------------------- */

/*
 * Send q; it must fail with err, with a reason in the extended ack, and
 * leave the active policy (status and enforcement) as it was.  counted: the
 * load reached the loader, which counts it in CORDON_A_REJECTS.
 */
static void __expect_rejected(struct __test_metadata *_metadata,
			      const struct load_req *q, int err, bool counted)
{
	struct reply before, after;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(RESTORE_BLOB), &before);
	log_status(_metadata, "before", &before);
	ret = nl_load_req(&nl, q);
	TH_LOG("load -> %s, extended ack: \"%s\"", errname(ret), nl.ext);
	EXPECT_EQ(-err, ret) TH_LOG("got %s, the contract says %s",
				    errname(ret), errname(err));
	EXPECT_NE(0, nl.ext[0]) TH_LOG("no reason in the extended ack");
	ASSERT_EQ(0, nl_status(&nl, &after));
	log_status(_metadata, "after", &after);
	expect_same_policy(&before, &after);
	if (counted)
		EXPECT_EQ(before.u[CORDON_A_REJECTS] + 1, after.u[CORDON_A_REJECTS]);
	expect_enforced(&after);
	nl_close(&nl);
}

#define expect_rejected(q, err, counted) \
	__expect_rejected(_metadata, q, err, counted)

/* a copy of b, to damage */
static unsigned char *dup_blob(struct blob b)
{
	unsigned char *p = malloc(b.len);

	if (p)
		memcpy(p, b.data, b.len);
	return p;
}

TEST(reject_unsigned)
{
	struct load_req q = { .blob = v1010_start, .len = BLOB(v1010).len };

	expect_rejected(&q, ENODATA, true);
}

TEST(reject_tampered_blob)
{
	struct blob b = BLOB(v1010);
	unsigned char *p = dup_blob(b);
	struct load_req q = {
		.blob = p, .len = b.len,
		.sig = v1010_sig_start, .siglen = BLOB(v1010_sig).len,
	};

	ASSERT_NE(NULL, p);
	/* still a well-formed policy: only the signature can catch it */
	p[offsetof(struct cordon_policy_header, name)] ^= 0x20;
	expect_rejected(&q, EKEYREJECTED, true);
	free(p);
}

TEST(reject_tampered_signature)
{
	struct blob s = BLOB(v1010_sig);
	unsigned char *p = dup_blob(s);
	struct load_req q = {
		.blob = v1010_start, .len = BLOB(v1010).len,
		.sig = p, .siglen = s.len,
	};

	ASSERT_NE(NULL, p);
	/* the last byte is in the signature value itself */
	p[s.len - 1] ^= 0x01;
	expect_rejected(&q, EKEYREJECTED, true);
	free(p);
}

TEST(reject_malformed_signature)
{
	static const char junk[] = "this is not a PKCS#7 message";
	struct load_req q = {
		.blob = v1010_start, .len = BLOB(v1010).len,
		.sig = junk, .siglen = sizeof(junk),
	};

	expect_rejected(&q, EBADMSG, true);
}

TEST(reject_signature_of_another_blob)
{
	struct load_req q = {
		.blob = v1010_start, .len = BLOB(v1010).len,
		.sig = v1020_sig_start, .siglen = BLOB(v1020_sig).len,
	};

	expect_rejected(&q, EKEYREJECTED, true);
}

TEST(reject_untrusted_key)
{
	struct load_req q = {
		.blob = v1010_start, .len = BLOB(v1010).len,
		.sig = v1010_rogue_sig_start, .siglen = BLOB(v1010_rogue_sig).len,
	};

	expect_rejected(&q, ENOKEY, true);
}

TEST(reject_equal_version)
{
	struct reply st;
	struct nl nl;
	struct signed_blob p = policy("v1000");
	struct load_req q = {
		.blob = p.blob.data, .len = p.blob.len,
		.sig = p.sig.data, .siglen = p.sig.len,
	};

	/* equal only while v1000 is the active policy */
	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &st));
	nl_close(&nl);
	if (st.u[CORDON_A_POLICY_VERSION] > version_of(p.blob))
		TH_LOG("v%llu is active: v1000 is an older version here",
		       (unsigned long long)st.u[CORDON_A_POLICY_VERSION]);
	expect_rejected(&q, ESTALE, true);
}

TEST(reject_older_version)
{
	struct signed_blob p = policy("v500");
	struct load_req q = {
		.blob = p.blob.data, .len = p.blob.len,
		.sig = p.sig.data, .siglen = p.sig.len,
	};

	expect_rejected(&q, ESTALE, true);
}

TEST(reject_truncated)
{
	struct load_req q = {
		.blob = truncated_start, .len = BLOB(truncated).len,
		.sig = truncated_sig_start, .siglen = BLOB(truncated_sig).len,
	};

	/* signed by the trusted signer: the parser must catch it */
	ASSERT_LT(q.len, le32toh(hdr_of(BLOB(truncated))->total_size));
	expect_rejected(&q, EBADMSG, true);
}

TEST(reject_unknown_flag)
{
	struct load_req q = {
		.blob = badflags_start, .len = BLOB(badflags).len,
		.sig = badflags_sig_start, .siglen = BLOB(badflags_sig).len,
	};

	ASSERT_NE(0U, le32toh(hdr_of(BLOB(badflags))->flags));
	expect_rejected(&q, EINVAL, true);
}

TEST(reject_reserved_field)
{
	struct load_req q = {
		.blob = reserved_start, .len = BLOB(reserved).len,
		.sig = reserved_sig_start, .siglen = BLOB(reserved_sig).len,
	};

	expect_rejected(&q, EINVAL, true);
}

TEST(reject_unknown_format)
{
	struct load_req q = {
		.blob = badformat_start, .len = BLOB(badformat).len,
		.sig = badformat_sig_start, .siglen = BLOB(badformat_sig).len,
	};

	ASSERT_NE(CORDON_POLICY_FORMAT, le16toh(hdr_of(BLOB(badformat))->format));
	expect_rejected(&q, EPROTONOSUPPORT, true);
}

/* damaged blob sym, signed by the trusted signer: the parser refuses it */
#define SIGNED_DAMAGED(sym) { \
	.blob = sym##_start, .len = BLOB(sym).len, \
	.sig = sym##_sig_start, .siglen = BLOB(sym##_sig).len, \
}

TEST(reject_duplicate_profile_name)
{
	struct load_req q = SIGNED_DAMAGED(dupname);

	expect_rejected(&q, ENOTUNIQ, true);
}

TEST(reject_dangling_profile_reference)
{
	struct load_req q = SIGNED_DAMAGED(dangling);

	ASSERT_LE(le16toh(hdr_of(BLOB(dangling))->nr_profiles),
		  le16toh(hdr_of(BLOB(dangling))->default_profile));
	expect_rejected(&q, ENOENT, true);
}

TEST(reject_count_over_bound)
{
	struct load_req q = SIGNED_DAMAGED(overcount);

	ASSERT_LT(CORDON_MAX_PROFILES, le16toh(hdr_of(BLOB(overcount))->nr_profiles));
	expect_rejected(&q, E2BIG, true);
}

TEST(reject_oversize)
{
	size_t len = CORDON_POLICY_MAX_SIZE + 1;
	unsigned char *p = calloc(1, len);
	struct load_req q = {
		.blob = p, .len = len,
		.sig = v1010_sig_start, .siglen = BLOB(v1010_sig).len,
	};

	ASSERT_NE(NULL, p);
	/* a valid policy at its start, zeros after it */
	memcpy(p, v1010_start, BLOB(v1010).len);
	/* refused while the pieces are gathered, before the loader counts */
	expect_rejected(&q, E2BIG, false);
	free(p);
}

TEST(reject_missing_blob)
{
	struct load_req q = {
		.sig = v1010_sig_start, .siglen = BLOB(v1010_sig).len,
	};

	expect_rejected(&q, EINVAL, false);
}

TEST(reject_unknown_attribute)
{
	static const uint32_t junk = 1;
	struct load_req q = {
		.blob = v1010_start, .len = BLOB(v1010).len,
		.sig = v1010_sig_start, .siglen = BLOB(v1010_sig).len,
		.extra = { CORDON_A_MAX + 1, &junk, sizeof(junk) },
	};

	expect_rejected(&q, EINVAL, false);
}

TEST(reject_attribute_not_of_the_command)
{
	static const uint32_t pid = 1;
	struct load_req q = {
		.blob = v1010_start, .len = BLOB(v1010).len,
		.sig = v1010_sig_start, .siglen = BLOB(v1010_sig).len,
		.extra = { CORDON_A_PID, &pid, sizeof(pid) },
	};

	/* strict validation: a load takes only POLICY and SIGNATURE */
	expect_rejected(&q, EINVAL, false);
}

/* garbage attributes on the tag command; nothing may change */
static void __expect_tag_refused(struct __test_metadata *_metadata,
				 const struct rawattr *attrs, int n, int err)
{
	struct reply before, after;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &before));
	ret = nl_cmd(&nl, CORDON_CMD_TAG, 0, attrs, n, NULL);
	TH_LOG("tag -> %s, extended ack: \"%s\"", errname(ret), nl.ext);
	EXPECT_EQ(-err, ret) TH_LOG("got %s, want %s", errname(ret), errname(err));
	EXPECT_NE(0, nl.ext[0]) TH_LOG("no reason in the extended ack");
	ASSERT_EQ(0, nl_status(&nl, &after));
	expect_same_policy(&before, &after);
	nl_close(&nl);
}

TEST(reject_garbage_pid)
{
	static const uint8_t pid1 = 1;
	struct rawattr a[] = {
		{ CORDON_A_PID, &pid1, 1 },
		{ CORDON_A_NAME, "garbage", 8 },
	};

	/* a u32 of one byte */
	__expect_tag_refused(_metadata, a, 2, EINVAL);
}

TEST(reject_name_without_nul)
{
	uint32_t pid = getpid();
	struct rawattr a[] = {
		{ CORDON_A_PID, &pid, 4 },
		{ CORDON_A_NAME, "garbage", 7 },
	};

	__expect_tag_refused(_metadata, a, 2, EINVAL);
}

TEST(reject_name_too_long)
{
	char name[CORDON_NAME_MAX + 1];
	uint32_t pid = getpid();
	struct rawattr a[] = {
		{ CORDON_A_PID, &pid, 4 },
		{ CORDON_A_NAME, name, sizeof(name) },
	};

	/*
	 * CORDON_NAME_MAX characters and the NUL: one too many.  A
	 * NUL-terminated string attribute without its NUL within the
	 * bound is ill-typed: EINVAL (the errno table: "an unknown or
	 * ill-typed attribute").
	 */
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	__expect_tag_refused(_metadata, a, 2, EINVAL);
}

TEST(reject_bad_name)
{
	uint32_t pid = getpid();
	struct rawattr a[] = {
		{ CORDON_A_PID, &pid, 4 },
		{ CORDON_A_NAME, "web/../x", 9 },
	};

	/* names are made of [A-Za-z0-9._-] */
	__expect_tag_refused(_metadata, a, 2, EINVAL);
}

/* rejected loads did not use up a version: the next one loads */
TEST(load_after_rejections)
{
	struct reply before, after;
	struct ima_log l0;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(BLOB(v1010)), &before);
	ASSERT_EQ(0, ima_read(&l0));
	ret = nl_load(&nl, policy("v1010"));
	ASSERT_EQ(0, ret) TH_LOG("load v1010: %s (%s)", errname(ret), nl.ext);
	ASSERT_EQ(0, nl_status(&nl, &after));
	log_status(_metadata, "after", &after);
	expect_active(&after, BLOB(v1010));
	expect_measured(&l0, &after);
	EXPECT_EQ(before.u[CORDON_A_LOADS] + 1, after.u[CORDON_A_LOADS]);
	expect_enforced(&after);
	nl_close(&nl);
}

/* ---- who may load ------------------------------------------------------------- */

/* run fn in a child that dropped to uid/gid 65534 (and so every capability) */
static int as_nobody(int (*fn)(struct nl *nl, void *arg), void *arg,
		     uint16_t family)
{
	int pfd[2], ret = -ECHILD, st;
	pid_t pid;

	if (pipe(pfd))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct nl nl;
		int r;

		close(pfd[0]);
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			r = -1000 - errno;
		else if ((r = nl_socket(&nl)) == 0) {
			nl.family = family;
			r = fn(&nl, arg);
			nl_close(&nl);
		}
		if (write(pfd[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], &ret, sizeof(ret)) != sizeof(ret))
		ret = -ECHILD;
	close(pfd[0]);
	waitpid(pid, &st, 0);
	return ret;
}

static int op_load(struct nl *nl, void *arg)
{
	return nl_load(nl, policy(arg));
}

static int op_tag(struct nl *nl, void *arg)
{
	return nl_tag(nl, *(pid_t *)arg, "nobody-was-here", NULL);
}

static int op_status(struct nl *nl, void *arg)
{
	struct reply st;

	return nl_status(nl, &st);
}

static int op_dump(struct nl *nl, void *arg)
{
	struct replies c;
	int ret = nl_dump(nl, &c);

	free(c.r);
	return ret;
}

TEST(nonroot_refused)
{
	struct reply before, after;
	struct agent a;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(BLOB(v1020)), &before);
	START_AGENT(&a, CTR_USERNS_ROOT, false);

	ret = as_nobody(op_load, "v1020", nl.family);
	EXPECT_EQ(-EPERM, ret) TH_LOG("load as uid 65534: %s", errname(ret));
	ret = as_nobody(op_tag, &a.pid, nl.family);
	EXPECT_EQ(-EPERM, ret) TH_LOG("tag as uid 65534: %s", errname(ret));
	ret = as_nobody(op_status, NULL, nl.family);
	EXPECT_EQ(-EPERM, ret) TH_LOG("status as uid 65534: %s", errname(ret));
	ret = as_nobody(op_dump, NULL, nl.family);
	EXPECT_EQ(-EPERM, ret) TH_LOG("container dump as uid 65534: %s", errname(ret));

	ASSERT_EQ(0, nl_status(&nl, &after));
	expect_same_policy(&before, &after);
	/* the tag did not happen */
	expect_profile(&a, &PT_DEFAULT);
	agent_stop(&a);
	nl_close(&nl);
}

/*
 * Root of a container: uid 0 with every capability in its user namespace
 * (mapped to host root), armed; in the host's network namespace so that it
 * reaches the family.  The same from a privileged container (no user
 * namespace: real host capabilities, but cordon's capability deny set).
 */
static void __container_refused(struct __test_metadata *_metadata,
				enum ctr_userns u)
{
	struct reply before, after;
	struct step_rec r;
	struct agent a, victim;
	struct nl nl;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(BLOB(v1020)), &before);
	START_AGENT(&victim, CTR_USERNS_ROOT, false);
	START_AGENT(&a, u, true);

	ASSERT_EQ(0, agent_do(&a, &r, "load v1020 %u", nl.family));
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(EPERM, r.err) TH_LOG("load from the container: %s",
				      r.ret < 0 ? errname(r.err) : "loaded!");
	ASSERT_EQ(0, agent_do(&a, &r, "tag %d %u", a.pid, nl.family));
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(EPERM, r.err) TH_LOG("tag of itself: %s",
				      r.ret < 0 ? errname(r.err) : "tagged!");
	ASSERT_EQ(0, agent_do(&a, &r, "tag %d %u", victim.pid, nl.family));
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(EPERM, r.err) TH_LOG("tag of another container: %s",
				      r.ret < 0 ? errname(r.err) : "tagged!");

	ASSERT_EQ(0, nl_status(&nl, &after));
	expect_same_policy(&before, &after);
	expect_profile(&victim, &PT_DEFAULT);
	agent_stop(&a);
	agent_stop(&victim);
	nl_close(&nl);
}

TEST(container_root_refused)
{
	__container_refused(_metadata, CTR_USERNS_ROOT);
}

/* (the test policy's profiles deny CAP_MAC_ADMIN, in every boot mode) */
TEST(privileged_container_refused)
{
	__container_refused(_metadata, CTR_PRIVILEGED);
}

/*
 * A container in its own network namespace does not even see the family
 * ("the family exists only in the initial network namespace"): the id the
 * host resolved gets ENOENT there.
 */
TEST(container_netns_refused)
{
	struct reply before, after;
	struct step_rec r;
	struct agent a;
	struct nl nl;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(BLOB(v1020)), &before);
	START_AGENT(&a, CTR_USERNS_ROOT, false);
	ASSERT_EQ(0, agent_do(&a, &r, "load v1020 %u", nl.family));
	TH_LOG("load from a private network namespace: %s",
	       r.ret < 0 ? errname(r.err) : "loaded!");
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(ENOENT, r.err);
	ASSERT_EQ(0, nl_status(&nl, &after));
	expect_same_policy(&before, &after);
	agent_stop(&a);
	nl_close(&nl);
}

/* ---- IMA: the load is measured ------------------------------------------------ */

TEST(load_measured_by_ima)
{
	struct ima_log l0, l2;
	struct reply before, after, st;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &before));
	if (before.u[CORDON_A_POLICY_VERSION] >= version_of(BLOB(v1020)))
		SKIP(return, "version %llu is active already: policy_test runs once per boot",
		     (unsigned long long)before.u[CORDON_A_POLICY_VERSION]);
	ret = ima_read(&l0);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s (IMA not in this kernel?)", IMA_LOG, errname(ret));

	ret = nl_load(&nl, policy("v1020"));
	ASSERT_EQ(0, ret) TH_LOG("load v1020: %s (%s)", errname(ret), nl.ext);
	ASSERT_EQ(0, nl_status(&nl, &after));
	expect_active(&after, BLOB(v1020));
	expect_measured(&l0, &after);

	/* a rejected load measures nothing */
	ASSERT_EQ(0, ima_read(&l0));
	ret = nl_load(&nl, policy("v1000"));
	EXPECT_EQ(-ESTALE, ret);
	ASSERT_EQ(0, nl_status(&nl, &st));
	ASSERT_EQ(0, ima_read(&l2));
	EXPECT_EQ(l0.cordon, l2.cordon);
	nl_close(&nl);
}

/* ---- tagging ----------------------------------------------------------------------- */

TEST(tag_binds_profile)
{
	struct reply st;
	struct agent a, other;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(RESTORE_BLOB), &st);
	START_AGENT(&a, CTR_USERNS_ROOT, false);
	START_AGENT(&other, CTR_USERNS_ROOT, false);
	expect_profile(&a, &PT_DEFAULT);

	ret = nl_tag(&nl, a.pid, "web", "pt-web");
	ASSERT_EQ(0, ret) TH_LOG("tag %d web pt-web: %s (%s)", a.pid, errname(ret), nl.ext);
	/* tmpfs now allowed, proc denied */
	expect_profile(&a, &PT_WEB);
	/* other containers keep the default */
	expect_profile(&other, &PT_DEFAULT);
	agent_stop(&a);
	agent_stop(&other);
	nl_close(&nl);
}

TEST(tag_name_selector)
{
	struct reply st;
	struct agent a;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(RESTORE_BLOB), &st);
	START_AGENT(&a, CTR_USERNS_ROOT, false);
	expect_profile(&a, &PT_DEFAULT);
	/* just a name: the policy's `select name "db"` picks pt-db */
	ret = nl_tag(&nl, a.pid, "db", NULL);
	ASSERT_EQ(0, ret) TH_LOG("tag %d db: %s (%s)", a.pid, errname(ret), nl.ext);
	expect_profile(&a, &PT_DB);
	agent_stop(&a);
	nl_close(&nl);
}

/*
 * A nested container whose binding selects a profile weaker than its outer
 * container's (here by name: pt-db may mount mqueue, which the outer
 * container's pt-web may not) runs under the outer container's profile.
 */
TEST(nested_selector_cannot_weaken)
{
	struct reply st;
	struct step_rec r;
	struct agent a;
	struct nl nl;
	char depth[8];
	int ret;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(RESTORE_BLOB), &st);
	START_AGENT(&a, CTR_USERNS_ROOT, false);
	ret = nl_tag(&nl, a.pid, "web", "pt-web");
	ASSERT_EQ(0, ret) TH_LOG("tag %d web pt-web: %s (%s)", a.pid, errname(ret), nl.ext);
	ASSERT_EQ(0, agent_do(&a, &r, "nest"));
	ASSERT_EQ(0, r.ret) TH_LOG("unshare(CLONE_NEWNS): %s", errname(r.err));
	ASSERT_EQ(0, agent_do(&a, &r, "attr"));
	TH_LOG("nested: %s", r.detail);
	EXPECT_STREQ("2", attr_field(r.detail, "depth", depth, sizeof(depth)));
	/* not bound itself: the outer container's profile */
	expect_profile(&a, &PT_WEB);
	/* bound by name to the weaker pt-db: still pt-web */
	ret = nl_tag(&nl, a.pid, "db", NULL);
	ASSERT_EQ(0, ret) TH_LOG("tag %d db: %s (%s)", a.pid, errname(ret), nl.ext);
	expect_profile(&a, &PT_WEB);
	/* a weaker profile by name is refused outright */
	ret = nl_tag(&nl, a.pid, "db", "pt-db");
	EXPECT_EQ(-EPERM, ret) TH_LOG("tag %d db pt-db: %s (%s)", a.pid, errname(ret), nl.ext);
	agent_stop(&a);
	nl_close(&nl);
}

TEST(tag_errors)
{
	struct reply st;
	struct agent a;
	struct nl nl;
	pid_t gone;
	int ret, s;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(RESTORE_BLOB), &st);

	/* a process that no longer exists */
	gone = fork();
	if (gone == 0)
		_exit(0);
	ASSERT_LT(0, gone);
	waitpid(gone, &s, 0);
	ret = nl_tag(&nl, gone, "gone", NULL);
	TH_LOG("tag of the exited pid %d: %s (%s)", gone, errname(ret), nl.ext);
	EXPECT_EQ(-ESRCH, ret);

	/* a host process is no container */
	ret = nl_tag(&nl, getpid(), "host", NULL);
	TH_LOG("tag of a host pid: %s (%s)", errname(ret), nl.ext);
	EXPECT_EQ(-EINVAL, ret);

	START_AGENT(&a, CTR_USERNS_ROOT, false);
	ret = nl_tag(&nl, a.pid, "nosuch", "no-such-profile");
	TH_LOG("tag with an unknown profile: %s (%s)", errname(ret), nl.ext);
	EXPECT_EQ(-ENOENT, ret);
	/* no pid; neither a name nor a profile */
	ret = nl_tag(&nl, -1, "nopid", NULL);
	TH_LOG("tag without a pid: %s (%s)", errname(ret), nl.ext);
	EXPECT_EQ(-EINVAL, ret);
	ret = nl_tag(&nl, a.pid, NULL, NULL);
	TH_LOG("tag without a name or profile: %s (%s)", errname(ret), nl.ext);
	EXPECT_EQ(-EINVAL, ret);
	/* none of that changed the container */
	expect_profile(&a, &PT_DEFAULT);
	agent_stop(&a);
	nl_close(&nl);
}

/* ---- container dump ------------------------------------------------------------- */

static const struct reply *find_container(const struct replies *c, uint64_t id)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (HAS(&c->r[i], CORDON_A_CONTAINER_ID) &&
		    c->r[i].u[CORDON_A_CONTAINER_ID] == id)
			return &c->r[i];
	return NULL;
}

static void __expect_listed(struct __test_metadata *_metadata,
			    const struct replies *c, const char *attr,
			    const char *name, const char *profile,
			    uint64_t min_denied)
{
	char f[32];
	const struct reply *r;
	uint64_t id = strtoull(attr_field(attr, "container", f, sizeof(f)), NULL, 10);

	r = find_container(c, id);
	ASSERT_NE(NULL, r) TH_LOG("container %llu (%s) not in the dump",
				  (unsigned long long)id, attr);
	EXPECT_EQ(CORDON_CMD_CONTAINER_GET, r->cmd);
	EXPECT_EQ(0U, r->bad) TH_LOG("attributes of the wrong size: 0x%llx",
				   (unsigned long long)r->bad);
	EXPECT_STREQ(profile, r->s[CORDON_A_PROFILE]);
	if (name)
		EXPECT_STREQ(name, r->s[CORDON_A_NAME]);
	EXPECT_TRUE(HAS(r, CORDON_A_ARMED));
	EXPECT_EQ(1U, r->u[CORDON_A_ARMED]);
	if (HAS(r, CORDON_A_DEPTH))
		EXPECT_EQ(strtoull(attr_field(attr, "depth", f, sizeof(f)), NULL, 10),
			  r->u[CORDON_A_DEPTH]);
	EXPECT_EQ(strtoull(attr_field(attr, "mnt", f, sizeof(f)), NULL, 10),
		  r->u[CORDON_A_NS_MNT]);
	EXPECT_EQ(strtoull(attr_field(attr, "pid", f, sizeof(f)), NULL, 10),
		  r->u[CORDON_A_NS_PID]);
	EXPECT_EQ(strtoull(attr_field(attr, "user", f, sizeof(f)), NULL, 10),
		  r->u[CORDON_A_NS_USER]);
	EXPECT_TRUE(HAS(r, CORDON_A_DENIED));
	EXPECT_LE(min_denied, r->u[CORDON_A_DENIED]);
}

TEST(container_dump)
{
	struct reply st;
	struct replies c;
	struct step_rec r;
	struct agent web, plain;
	struct nl nl;
	int ret, i;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(RESTORE_BLOB), &st);
	START_AGENT(&web, CTR_USERNS_ROOT, false);
	START_AGENT(&plain, CTR_USERNS_ROOT, false);
	ret = nl_tag(&nl, web.pid, "dumped-web", "pt-web");
	ASSERT_EQ(0, ret) TH_LOG("tag: %s (%s)", errname(ret), nl.ext);
	/* one denial in the plain container (pt-default denies tmpfs) */
	ASSERT_EQ(0, agent_do(&plain, &r, "mount tmpfs 0"));

	ret = nl_dump(&nl, &c);
	ASSERT_EQ(0, ret) TH_LOG("dump: %s (%s)", errname(ret), nl.ext);
	TH_LOG("%d containers", c.n);
	for (i = 0; i < c.n; i++)
		TH_LOG("  container %llu name '%s' profile '%s' armed %llu depth %llu denied %llu",
		       (unsigned long long)c.r[i].u[CORDON_A_CONTAINER_ID],
		       c.r[i].s[CORDON_A_NAME], c.r[i].s[CORDON_A_PROFILE],
		       (unsigned long long)c.r[i].u[CORDON_A_ARMED],
		       (unsigned long long)c.r[i].u[CORDON_A_DEPTH],
		       (unsigned long long)c.r[i].u[CORDON_A_DENIED]);
	__expect_listed(_metadata, &c, web.attr, "dumped-web", "pt-web", 0);
	__expect_listed(_metadata, &c, plain.attr, NULL, "pt-default", 1);
	EXPECT_LE(2, c.n);
	ASSERT_EQ(0, nl_status(&nl, &st));
	EXPECT_LE(2U, st.u[CORDON_A_NR_CONTAINERS]);
	free(c.r);
	agent_stop(&web);
	agent_stop(&plain);
	nl_close(&nl);
}

/* ---- events ---------------------------------------------------------------------- */

/* wait for an event of the container with id (0: any) in area */
static int wait_event(struct nl *nl, uint64_t id, const char *area,
		      struct reply *out, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	char *buf = malloc(NL_BUF);
	int ret = -ETIMEDOUT;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(nl->sk), .events = POLLIN };
		long long left = deadline - now_ms();
		struct nlmsghdr *nlh;
		ssize_t n;
		int p;

		if (left <= 0)
			break;
		p = poll(&pfd, 1, left);
		if (p <= 0)
			continue;
		n = recv(pfd.fd, buf, NL_BUF, MSG_DONTWAIT);
		if (n <= 0)
			continue;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, (int *)&n)) {
			struct reply r;

			if (nlh->nlmsg_type != nl->family)
				continue;
			parse_reply(nlh, &r);
			if (r.cmd != CORDON_CMD_EVENT)
				continue;
			if (strcmp(r.s[CORDON_A_AREA], area))
				continue;
			if (id && HAS(&r, CORDON_A_CONTAINER_ID) &&
			    r.u[CORDON_A_CONTAINER_ID] != id)
				continue;
			*out = r;
			ret = 0;
			goto out;
		}
	}
out:
	free(buf);
	return ret;
}

TEST(denial_event)
{
	struct reply st, ev;
	struct step_rec r;
	struct nl nl, mon;
	struct agent a;
	char f[32];
	uint64_t id;
	int ret;

	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(RESTORE_BLOB), &st);
	NL_OPEN(&mon);
	ASSERT_NE(0U, mon.events);
	ret = mnl_socket_setsockopt(mon.sk, NETLINK_ADD_MEMBERSHIP, &mon.events,
				    sizeof(mon.events));
	ASSERT_EQ(0, ret) TH_LOG("joining \"events\": %s", strerror(errno));

	START_AGENT(&a, CTR_USERNS_ROOT, false);
	id = strtoull(attr_field(a.attr, "container", f, sizeof(f)), NULL, 10);
	/* pt-default denies tmpfs (it enforces whatever the boot mode) */
	ASSERT_EQ(0, agent_do(&a, &r, "mount tmpfs 0"));
	EXPECT_EQ(EPERM, r.err);
	ret = wait_event(&mon, id, "mount", &ev, 5000);
	ASSERT_EQ(0, ret) TH_LOG("no mount event of container %llu within 5 s",
				 (unsigned long long)id);
	TH_LOG("event: area=%s op=%s rule=%s action=%s comm=%s container=%llu",
	       ev.s[CORDON_A_AREA], ev.s[CORDON_A_OP], ev.s[CORDON_A_RULE],
	       ev.s[CORDON_A_ACTION], ev.s[CORDON_A_COMM],
	       (unsigned long long)ev.u[CORDON_A_CONTAINER_ID]);
	EXPECT_EQ(0U, ev.bad);
	EXPECT_TRUE(HAS(&ev, CORDON_A_OP));
	EXPECT_NE(0, ev.s[CORDON_A_OP][0]);
	EXPECT_TRUE(HAS(&ev, CORDON_A_RULE));
	EXPECT_NE(0, ev.s[CORDON_A_RULE][0]);
	EXPECT_STREQ("denied", ev.s[CORDON_A_ACTION]);
	if (HAS(&ev, CORDON_A_PID))
		EXPECT_EQ((uint64_t)a.pid, ev.u[CORDON_A_PID]);
	if (HAS(&ev, CORDON_A_CONTAINER_ID))
		EXPECT_EQ(id, ev.u[CORDON_A_CONTAINER_ID]);
	if (HAS(&ev, CORDON_A_PROFILE))
		EXPECT_STREQ("pt-default", ev.s[CORDON_A_PROFILE]);
	agent_stop(&a);
	nl_close(&mon);
	nl_close(&nl);
}

/* set or clear CAP_MAC_ADMIN in the calling thread's effective set */
static int mac_admin_effective(bool on)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	if (on)
		d[CAP_MAC_ADMIN / 32].effective |= 1U << (CAP_MAC_ADMIN % 32);
	else
		d[CAP_MAC_ADMIN / 32].effective &= ~(1U << (CAP_MAC_ADMIN % 32));
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/*
 * Denials are read by CAP_MAC_ADMIN only: a listener whose socket was
 * opened without it (it may still join the group with CAP_SYS_ADMIN) gets
 * nothing, while one opened with it gets the event.
 */
TEST(denial_event_needs_mac_admin)
{
	struct reply st, ev;
	struct step_rec r;
	struct nl nl, mon, blind;
	struct utsname u;
	struct agent a;
	char f[32];
	uint64_t id;

	ASSERT_EQ(0, uname(&u));
	if (!strncmp(u.release, "6.1.", 4))
		SKIP(return, "6.1 has no filtered multicast: the events group needs CAP_SYS_ADMIN there");
	NL_OPEN(&nl);
	NEED_TEST_POLICY(&nl, version_of(RESTORE_BLOB), &st);
	NL_OPEN(&mon);
	ASSERT_EQ(0, mac_admin_effective(false));
	NL_OPEN(&blind);
	ASSERT_EQ(0, mac_admin_effective(true));
	ASSERT_EQ(0, mnl_socket_setsockopt(mon.sk, NETLINK_ADD_MEMBERSHIP,
					   &mon.events, sizeof(mon.events)));
	ASSERT_EQ(0, mnl_socket_setsockopt(blind.sk, NETLINK_ADD_MEMBERSHIP,
					   &blind.events, sizeof(blind.events)))
		TH_LOG("joining \"events\" needs CAP_SYS_ADMIN only: %s",
		       strerror(errno));

	START_AGENT(&a, CTR_USERNS_ROOT, false);
	id = strtoull(attr_field(a.attr, "container", f, sizeof(f)), NULL, 10);
	ASSERT_EQ(0, agent_do(&a, &r, "mount tmpfs 0"));
	EXPECT_EQ(EPERM, r.err);
	EXPECT_EQ(0, wait_event(&mon, id, "mount", &ev, 5000))
		TH_LOG("the CAP_MAC_ADMIN listener got no event");
	EXPECT_EQ(-ETIMEDOUT, wait_event(&blind, id, "mount", &ev, 1000))
		TH_LOG("a listener without CAP_MAC_ADMIN read a denial");
	agent_stop(&a);
	nl_close(&blind);
	nl_close(&mon);
	nl_close(&nl);
}

/* ---- the .cordon keyring ---------------------------------------------------------- */

/* the embedded policy signing certificates cannot be removed by root */
TEST(keyring_builtin_keys_kept)
{
	key_serial_t kr, keys[16];
	int checked = 0;
	long n, i;

	kr = find_key_by_type_and_desc("keyring", ".cordon", 0);
	ASSERT_LT(0, kr) TH_LOG("no .cordon keyring in /proc/keys: %s", strerror(errno));
	n = keyctl_read(kr, (char *)keys, sizeof(keys));
	ASSERT_LT(0, n) TH_LOG("the .cordon keyring is empty or unreadable");
	n /= sizeof(keys[0]);
	for (i = 0; i < n && i < 16; i++) {
		char desc[256];

		ASSERT_LT(0, keyctl_describe(keys[i], desc, sizeof(desc)));
		TH_LOG("key %d: %s", keys[i], desc);
		/* the embedded test signer only (other tests add keys) */
		if (!strstr(desc, "cordon test policy signer") ||
		    strstr(desc, "certified by the CA"))
			continue;
		checked++;
		EXPECT_EQ(-1, keyctl_unlink(keys[i], kr));
		EXPECT_EQ(EPERM, errno) TH_LOG("unlink: %s", strerror(errno));
		/* root does not possess it (EACCES), and it is kept (EPERM) */
		EXPECT_EQ(-1, keyctl_revoke(keys[i]));
		EXPECT_TRUE(errno == EPERM || errno == EACCES)
			TH_LOG("revoke: %s", strerror(errno));
		EXPECT_EQ(-1, keyctl_invalidate(keys[i]));
		EXPECT_TRUE(errno == EPERM || errno == EACCES)
			TH_LOG("invalidate: %s", strerror(errno));
	}
	EXPECT_EQ(1, checked) TH_LOG("the embedded signer is not in .cordon");
}

TEST(keyring_sub_ca_key)
{
	struct reply before, after;
	struct ima_log l0;
	struct nl nl;
	key_serial_t kr, sub, rogue;
	int ret;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &before));
	if (before.u[CORDON_A_POLICY_VERSION] >= version_of(BLOB(v1030)))
		SKIP(return, "version %llu is active already: policy_test runs once per boot",
		     (unsigned long long)before.u[CORDON_A_POLICY_VERSION]);
	kr = find_key_by_type_and_desc("keyring", ".cordon", 0);
	ASSERT_LT(0, kr) TH_LOG("no .cordon keyring in /proc/keys: %s", strerror(errno));
	TH_LOG(".cordon keyring: %d", kr);

	/* signed by sub, a certificate the keyring does not hold yet */
	ret = nl_load(&nl, policy("v1030"));
	TH_LOG("load signed by the not yet added sub key: %s (%s)", errname(ret), nl.ext);
	if (ret == 0)
		SKIP(return, "sub was in the keyring already (second run?)");
	EXPECT_EQ(-ENOKEY, ret);

	/* a certificate no trusted key signed is refused */
	rogue = add_key("asymmetric", NULL, rogue_der_start, BLOB(rogue_der).len, kr);
	ret = rogue < 0 ? -errno : 0;
	TH_LOG("add rogue.der: %s", rogue < 0 ? errname(ret) : "added!");
	EXPECT_EQ(-ENOKEY, ret);
	if (rogue > 0)
		keyctl_unlink(rogue, kr);

	/* one signed by the built-in CA is accepted */
	sub = add_key("asymmetric", NULL, sub_der_start, BLOB(sub_der).len, kr);
	ASSERT_LT(0, sub) TH_LOG("add sub.der: %s", strerror(errno));

	ASSERT_EQ(0, ima_read(&l0));
	ret = nl_load(&nl, policy("v1030"));
	ASSERT_EQ(0, ret) TH_LOG("load signed by sub: %s (%s)", errname(ret), nl.ext);
	ASSERT_EQ(0, nl_status(&nl, &after));
	expect_active(&after, BLOB(v1030));
	expect_measured(&l0, &after);
	expect_enforced(&after);
	keyctl_unlink(sub, kr);
	nl_close(&nl);
}

/*
 * Signatures with signed attributes (what is signed is their digest) and
 * with SHA-384: the kernel takes the blob's SHA-256 from the signature
 * check only for SHA-256 without attributes and hashes the blob itself for
 * these.  Either way the active policy's digest is the blob's SHA-256, and
 * the blob tampered with is refused.
 */
TEST(signature_shapes)
{
	static const char *const ids[] = { "v1040", "v1041" };
	struct reply before, after;
	struct nl nl;
	size_t i;
	int ret;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &before));
	if (before.u[CORDON_A_POLICY_VERSION] >= version_of(BLOB(v1040)))
		SKIP(return, "version %llu is active already: policy_test runs once per boot",
		     (unsigned long long)before.u[CORDON_A_POLICY_VERSION]);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct signed_blob p = policy(ids[i]), bad = p;
		unsigned char *t = dup_blob(p.blob);

		ASSERT_NE(NULL, t);
		t[offsetof(struct cordon_policy_header, name)] ^= 0x20;
		bad.blob.data = t;
		ret = nl_load(&nl, bad);
		free(t);
		EXPECT_EQ(-EKEYREJECTED, ret)
			TH_LOG("%s tampered with: %s (%s)", ids[i], errname(ret), nl.ext);
		ret = nl_load(&nl, p);
		ASSERT_EQ(0, ret) TH_LOG("load %s: %s (%s)", ids[i], errname(ret), nl.ext);
		ASSERT_EQ(0, nl_status(&nl, &after));
		expect_active(&after, p.blob);
	}
	nl_close(&nl);
}

/* last: policy/default.cpol as a loaded policy, for the tests after this one */
TEST(restore_default_policy)
{
	struct reply before, after;
	struct ima_log l0;
	struct nl nl;
	int ret;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &before));
	if (before.u[CORDON_A_POLICY_VERSION] >= version_of(RESTORE_BLOB))
		SKIP(return, "version %llu is active already",
		     (unsigned long long)before.u[CORDON_A_POLICY_VERSION]);
	if (HAS(&before, CORDON_A_BUILTIN))
		SKIP(return, "the built-in policy is active: nothing to restore");
	ASSERT_EQ(0, ima_read(&l0));
	ret = nl_load(&nl, restore_policy());
	ASSERT_EQ(0, ret) TH_LOG("load restore: %s (%s)", errname(ret), nl.ext);
	ASSERT_EQ(0, nl_status(&nl, &after));
	log_status(_metadata, "after", &after);
	expect_active(&after, RESTORE_BLOB);
	expect_measured(&l0, &after);
	/* the built-in default's behaviour */
	expect_enforced(&after);
	nl_close(&nl);
}

/*
 * Denials name containers and what they tried: reading them is for
 * CAP_MAC_ADMIN.  The events group also needs CAP_SYS_ADMIN over the
 * initial user namespace (its flag; on 6.1, which has no filtered
 * multicast, that is the only check), which an armed container with the
 * host's network namespace is refused (capability deny-init-ns sys_admin
 * of the default profile).  With cordon off it joins.
 */
TEST(armed_container_cannot_listen)
{
	struct step_rec r;
	struct agent a;
	struct nl nl;

	NL_OPEN(&nl);
	START_AGENT(&a, CTR_PRIVILEGED, true);
	ASSERT_EQ(0, agent_do(&a, &r, "join %u", nl.events));
	TH_LOG("joining \"events\" from a privileged container: %s",
	       r.ret < 0 ? errname(r.err) : "joined");
	if (g_mode == MODE_ENFORCE) {
		EXPECT_EQ(-1, r.ret);
		EXPECT_EQ(EPERM, r.err);
	} else {
		EXPECT_EQ(0, r.ret);
	}
	agent_stop(&a);
	nl_close(&nl);
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "--agent"))
		return agent_main(argc, argv);
	/* a container that died must fail a test, not kill it */
	signal(SIGPIPE, SIG_IGN);
	g_mode = cordon_mode();
	ksft_print_msg("cordon mode: %s%s\n", mode_name(g_mode),
		       access(CORDON_SECFS "/status", F_OK) ? " (cordon absent)" : "");
	return test_harness_run(argc, argv);
}
