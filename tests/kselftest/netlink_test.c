// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon kselftest: malformed requests to the "cordon" generic netlink
 * family (kernel/netlink.c, kernel/uapi/linux/cordon.h).
 *
 * Every operation (POLICY_LOAD, STATUS_GET, TAG, CONTAINER_GET (a dump),
 * CHALLENGE_GET) gets the same fifteen malformations: a truncated generic
 * netlink header, a length beyond the datagram, a datagram shorter than a
 * netlink header, a reserved header byte, a reserved flag, an unknown
 * attribute type, attribute type 0, an attribute of another command, bytes
 * left over, an attribute longer and shorter than its header says,
 * NLA_F_NESTED where no nest is expected, no NLM_F_REQUEST, the dump flag
 * on a plain request (or its absence on a dump) and an unknown family;
 * then each operation's own refusals (missing, duplicate, ill-typed and
 * oversize attributes), unknown commands, requests without CAP_MAC_ADMIN,
 * from a non-initial user or network namespace, over a socket opened by
 * an unprivileged process, dumps interrupted midway, and requests whose
 * socket is closed (or whose sender is killed) before the answer.
 *
 * Each is refused with the errno documented in cordonctl(8) ("THE NETLINK
 * INTERFACE"), or dropped without an answer where netlink itself drops it,
 * and changes nothing: the active policy (name, version, digest, profile
 * count), the load counter and the containers' bindings stay as they were;
 * the rejected-load counters move, and the load challenge is replaced, only
 * for the requests that reach the load gate (the case says so).
 *
 * The messages are built with libmnl, then damaged by hand where libmnl
 * would refuse to make them, and sent on a plain netlink socket.  Blobs
 * come from make-policies (as policy_test's); none is loaded: every blob
 * sent with a valid signature is one the parser refuses, so the test may
 * run before or after policy_test, in any boot with cordon active and
 * cordon.attest=optional (in a required boot it skips).  NLT_DEBUG=1 in
 * the environment logs every message received.
 */
#include <endian.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <libmnl/libmnl.h>

#include <linux/cordon.h>

/* see escape_test.c: the harness's longjmp and gcc -O2 */
#pragma GCC diagnostic ignored "-Wclobbered"

#include "kselftest_harness.h"
#include "common.h"
#include "nl.h"

/* some tests wait for answers that never come; the debug kernel is slow */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 900

#ifndef POLICY_DATA
#error "POLICY_DATA (the directory make-policies wrote) is set by the Makefile"
#endif

#define EMBED(sym, file) EMBED_FILE(POLICY_DATA, sym, file)

EMBED(v1010, "v1010.bin");
EMBED(v1010_sig, "v1010.bin.p7s");
EMBED(v1010_rogue_sig, "v1010.rogue.p7s");
EMBED(v1020_sig, "v1020.bin.p7s");
EMBED(truncated, "truncated.bin");
EMBED(truncated_sig, "truncated.bin.p7s");
EMBED(badflags, "badflags.bin");
EMBED(badflags_sig, "badflags.bin.p7s");
EMBED(dangling, "dangling.bin");
EMBED(dangling_sig, "dangling.bin.p7s");

struct blob {
	const unsigned char *data;
	size_t len;
};

#define BLOB(sym) ((struct blob){ sym##_start, (size_t)(sym##_end - sym##_start) })

/* What a request may change: the rejected loads and the challenge. */
struct effect {
	int rejects;		/* loads refused by cordon_policy_load() */
	int ticket_rejects;	/* of which by the ticket check */
	bool consumed;		/* the challenge was replaced */
};

#define GATE { 1, 0, true }		/* refused by cordon_policy_load() */
#define TICKET { 1, 1, true }		/* refused by the ticket check */
#define CONSUMED { 0, 0, true }		/* refused before, challenge used */
#define NOTHING { 0, 0, false }

/* Does after differ from before by exactly e?  Say how if not. */
static bool state_ok(const struct state *before, const struct state *after,
		     struct effect e, char *why, size_t size)
{
	bool changed = memcmp(before->challenge, after->challenge,
			      sizeof(before->challenge)) != 0;

	if (strcmp(before->name, after->name) ||
	    before->version != after->version ||
	    before->builtin != after->builtin ||
	    memcmp(before->digest, after->digest, sizeof(before->digest)) ||
	    before->nr_profiles != after->nr_profiles)
		snprintf(why, size, "the active policy changed: %s %llu -> %s %llu",
			 before->name, (unsigned long long)before->version,
			 after->name, (unsigned long long)after->version);
	else if (before->loads != after->loads)
		snprintf(why, size, "loads %llu -> %llu",
			 (unsigned long long)before->loads,
			 (unsigned long long)after->loads);
	else if (after->rejects != before->rejects + e.rejects)
		snprintf(why, size, "rejects %llu -> %llu, expected +%d",
			 (unsigned long long)before->rejects,
			 (unsigned long long)after->rejects, e.rejects);
	else if (after->ticket_rejects != before->ticket_rejects + e.ticket_rejects)
		snprintf(why, size, "ticket rejects %llu -> %llu, expected +%d",
			 (unsigned long long)before->ticket_rejects,
			 (unsigned long long)after->ticket_rejects,
			 e.ticket_rejects);
	else if (changed != e.consumed)
		snprintf(why, size, "the challenge was %sreplaced",
			 changed ? "" : "not ");
	else
		return true;
	return false;
}

/* ======================================================================
 * Building and damaging requests
 * ====================================================================== */

enum op { OP_LOAD, OP_STATUS, OP_TAG, OP_DUMP, OP_CHALLENGE, NR_OPS };

static const struct {
	const char *name;
	uint8_t cmd;
	bool dump;
} ops[NR_OPS] = {
	[OP_LOAD] = { "load", CORDON_CMD_POLICY_LOAD, false },
	[OP_STATUS] = { "status", CORDON_CMD_STATUS_GET, false },
	[OP_TAG] = { "tag", CORDON_CMD_TAG, false },
	[OP_DUMP] = { "containers", CORDON_CMD_CONTAINER_GET, true },
	[OP_CHALLENGE] = { "challenge", CORDON_CMD_CHALLENGE_GET, false },
};

/* a pid no process has (pid_max is at most 2^22) */
#define NO_PID 0x3ffffff0U

/*
 * The request every malformation starts from: what each handler would
 * answer if the damage went unnoticed differs from the damage's errno (a
 * load with an unusable signature is refused by the gate, EBADMSG, and
 * counted; a tag of a pid no process has, ESRCH; the others are served).
 */
static struct nlmsghdr *base_req(struct nl *nl, void *buf, size_t room,
				 enum op op)
{
	static const unsigned char junk[16];
	struct nlmsghdr *nlh;

	nlh = req_put(nl, buf, room, nl->family, ops[op].cmd,
		      ops[op].dump ? NLM_F_DUMP : 0);
	if (op == OP_LOAD) {
		mnl_attr_put(nlh, CORDON_A_POLICY, sizeof(junk), junk);
		mnl_attr_put(nlh, CORDON_A_SIGNATURE, sizeof(junk), junk);
	} else if (op == OP_TAG) {
		mnl_attr_put_u32(nlh, CORDON_A_PID, NO_PID);
		mnl_attr_put_strz(nlh, CORDON_A_NAME, "nl-test");
	}
	return nlh;
}

/* append an attribute of any type and size, unchecked */
static struct nlattr *put_raw(struct nlmsghdr *nlh, uint16_t type,
			      const void *data, size_t len)
{
	struct nlattr *at = mnl_nlmsg_get_payload_tail(nlh);

	at->nla_type = type;
	at->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + len);
	if (len)
		memcpy(mnl_attr_get_payload(at), data, len);
	nlh->nlmsg_len += MNL_ALIGN(MNL_ATTR_HDRLEN + len);
	return at;
}

enum damage {
	D_GENL_TRUNCATED,	/* nlmsg_len covers half the genl header */
	D_LEN_BEYOND,		/* nlmsg_len past the end of the datagram */
	D_SHORT,		/* a datagram shorter than a netlink header */
	D_RESERVED,		/* genlmsghdr.reserved set */
	D_FLAG,			/* NLM_F_CREATE: no meaning here */
	D_ATTR_UNKNOWN,		/* attribute type CORDON_A_MAX + 1 */
	D_ATTR_ZERO,		/* attribute type 0 */
	D_ATTR_FOREIGN,		/* a reply attribute (CORDON_A_LOADS) */
	D_LEFTOVER,		/* 3 bytes after the last attribute */
	D_NLA_LONG,		/* nla_len past the end of the message */
	D_NLA_SHORT,		/* nla_len below an attribute header */
	D_NESTED,		/* NLA_F_NESTED on an attribute */
	D_NO_REQUEST,		/* NLM_F_REQUEST missing */
	D_DUMP_FLAG,		/* NLM_F_DUMP on a request, or not on a dump */
	D_FAMILY,		/* a family id nobody has */
	NR_DAMAGES,
};

static const struct {
	const char *name;
	int err;
} damages[NR_DAMAGES] = {
	[D_GENL_TRUNCATED] = { "truncated genl header", -EINVAL },
	[D_LEN_BEYOND] = { "nlmsg_len beyond the datagram", NO_ANSWER },
	[D_SHORT] = { "datagram shorter than nlmsghdr", NO_ANSWER },
	[D_RESERVED] = { "genl reserved byte set", -EINVAL },
	[D_FLAG] = { "reserved nlmsg flag", -EINVAL },
	[D_ATTR_UNKNOWN] = { "unknown attribute type", -EINVAL },
	[D_ATTR_ZERO] = { "attribute type 0", -EINVAL },
	[D_ATTR_FOREIGN] = { "attribute of another command", -EINVAL },
	[D_LEFTOVER] = { "bytes left over", -EINVAL },
	[D_NLA_LONG] = { "nla_len beyond the message", -EINVAL },
	[D_NLA_SHORT] = { "nla_len below a header", -EINVAL },
	[D_NESTED] = { "NLA_F_NESTED not expected", -EINVAL },
	[D_NO_REQUEST] = { "no NLM_F_REQUEST (ignored)", 0 },
	[D_DUMP_FLAG] = { "dump flag mismatch", -EOPNOTSUPP },
	[D_FAMILY] = { "unknown family id", -ENOENT },
};

/* Build op's request in buf with damage d; returns the bytes to send. */
static size_t damaged_req(struct nl *nl, void *buf, size_t room, enum op op,
			  enum damage d)
{
	struct nlmsghdr *nlh = base_req(nl, buf, room, op);
	struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	uint32_t u = 1;
	uint64_t big = 1;
	struct nlattr *at;

	switch (d) {
	case D_GENL_TRUNCATED:
		nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
		break;
	case D_LEN_BEYOND:
		nlh->nlmsg_len += 64;
		return nlh->nlmsg_len - 64;
	case D_SHORT:
		return 10;
	case D_RESERVED:
		g->reserved = 1;
		break;
	case D_FLAG:
		nlh->nlmsg_flags |= NLM_F_CREATE;
		break;
	case D_ATTR_UNKNOWN:
		mnl_attr_put_u32(nlh, CORDON_A_MAX + 1, u);
		break;
	case D_ATTR_ZERO:
		mnl_attr_put_u32(nlh, 0, u);
		break;
	case D_ATTR_FOREIGN:
		mnl_attr_put_u64(nlh, CORDON_A_LOADS, big);
		break;
	case D_LEFTOVER:
		nlh->nlmsg_len += 3;
		break;
	case D_NLA_LONG:
		at = put_raw(nlh, CORDON_A_PID, &u, sizeof(u));
		at->nla_len = 200;
		break;
	case D_NLA_SHORT:
		at = put_raw(nlh, CORDON_A_PID, &u, sizeof(u));
		at->nla_len = 2;
		break;
	case D_NESTED:
		if (op == OP_LOAD || op == OP_TAG) {
			/* the first attribute: the policy, the pid */
			at = mnl_nlmsg_get_payload_offset(nlh, sizeof(*g));
			at->nla_type |= NLA_F_NESTED;
		} else {
			struct nlattr *nest;

			nest = mnl_attr_nest_start(nlh, CORDON_A_PID);
			mnl_attr_put_u32(nlh, CORDON_A_PID, u);
			mnl_attr_nest_end(nlh, nest);
		}
		break;
	case D_NO_REQUEST:
		nlh->nlmsg_flags &= ~NLM_F_REQUEST;
		break;
	case D_DUMP_FLAG:
		nlh->nlmsg_flags ^= NLM_F_DUMP;
		break;
	case D_FAMILY:
		nlh->nlmsg_type = 0x7ff0;
		break;
	case NR_DAMAGES:
		break;
	}
	return nlh->nlmsg_len;
}

/* ======================================================================
 * Running a case
 * ====================================================================== */

static int g_cases, g_failed;

/*
 * Send msg on a fresh socket, check the answer against err (and, for an
 * ack of 0, that nothing was answered but the ack) and the state against
 * e.  Logs one line; returns true if the case passed.
 */
static bool run_case(const char *what, struct nl *nl, const void *msg,
		     size_t len, uint32_t seq, int err, struct effect e)
{
	struct state before, after;
	char why[200] = "";
	struct answer a;
	bool ok;

	if (get_state(&before)) {
		ksft_print_msg("not ok %s: no status\n", what);
		g_cases++;
		g_failed++;
		return false;
	}
	nl_send(nl, msg, len, seq, &a, NULL, NULL);
	if (get_state(&after))
		snprintf(why, sizeof(why), "no status after the request");
	ok = !why[0] && a.err == err && (err || !a.nr_data) &&
	     state_ok(&before, &after, e, why, sizeof(why));
	if (ok)
		ksft_print_msg("ok %s: %s%s%s%s\n", what, errname(a.err),
			       a.ext[0] ? " (\"" : "", a.ext,
			       a.ext[0] ? "\")" : "");
	else
		ksft_print_msg("not ok %s: %s (%d) \"%s\", %d replies, expected %s%s%s\n",
			       what, errname(a.err), a.err, a.ext, a.nr_data,
			       errname(err), why[0] ? "; " : "", why);
	g_cases++;
	g_failed += !ok;
	return ok;
}

/* A request built by fn(nl, buf, arg) on a fresh socket. */
typedef struct nlmsghdr *(*build_fn)(struct nl *nl, void *buf, size_t room,
				      const void *arg);

static bool run_built(const char *what, build_fn fn, const void *arg,
		      size_t room, int err, struct effect e)
{
	struct nlmsghdr *nlh;
	struct nl nl;
	void *buf;
	bool ok;

	buf = malloc(room);
	if (!buf || nl_socket(&nl)) {
		free(buf);
		g_cases++;
		g_failed++;
		return false;
	}
	nl.family = nl_family(&nl);
	nlh = fn(&nl, buf, room, arg);
	ok = run_case(what, &nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, err, e);
	nl_close(&nl);
	free(buf);
	return ok;
}

static bool g_skip;
static char g_skip_why[128];

/* cordon must answer, in an attest=optional boot */
static void check_family(struct __test_metadata *_metadata)
{
	struct state st;
	int ret = get_state(&st);

	if (ret == -ENOENT && !cordon_expected_active()) {
		g_skip = true;
		snprintf(g_skip_why, sizeof(g_skip_why),
			 "cordon is not active in this boot");
	} else if (!ret && !strcmp(st.attest, "required")) {
		g_skip = true;
		snprintf(g_skip_why, sizeof(g_skip_why),
			 "cordon.attest=required: loads stop at the ticket check");
	} else {
		ASSERT_EQ(0, ret) TH_LOG("no status from cordon: %s", errname(ret));
	}
}

#define SETUP() do {						\
		check_family(_metadata);			\
		if (g_skip)					\
			SKIP(return, "%s", g_skip_why);		\
		g_cases = g_failed = 0;				\
	} while (0)

#define DONE(min) do {							\
		ksft_print_msg("%d cases, %d failed\n", g_cases, g_failed); \
		EXPECT_EQ(0, g_failed);					\
		EXPECT_LE(min, g_cases);				\
	} while (0)

/* ======================================================================
 * Tests
 * ====================================================================== */

/* Fifteen malformations of each of the five operations. */
TEST(every_operation_malformed)
{
	static char buf[4096];
	char what[128];
	int op, d;

	SETUP();
	for (op = 0; op < NR_OPS; op++)
		for (d = 0; d < NR_DAMAGES; d++) {
			struct effect e = NOTHING;
			struct nlmsghdr *nlh;
			struct nl nl;
			size_t len;

			ASSERT_EQ(0, nl_socket(&nl));
			nl.family = nl_family(&nl);
			ASSERT_NE(0, nl.family);
			len = damaged_req(&nl, buf, sizeof(buf), op, d);
			nlh = (struct nlmsghdr *)buf;
			snprintf(what, sizeof(what), "%s: %s", ops[op].name,
				 damages[d].name);
			run_case(what, &nl, buf, len, nlh->nlmsg_seq,
				 damages[d].err, e);
			nl_close(&nl);
		}
	DONE(NR_OPS * NR_DAMAGES);
}

/* --- POLICY_LOAD ------------------------------------------------------------ */

struct load_req {
	struct blob policy[3];	/* CORDON_A_POLICY pieces, in order */
	struct blob sig[2];	/* CORDON_A_SIGNATURE (two: duplicated) */
	struct blob ticket, tsig;
	bool policy_nested;
};

static struct nlmsghdr *build_load(struct nl *nl, void *buf, size_t room,
				   const void *arg)
{
	const struct load_req *q = arg;
	struct nlmsghdr *nlh;
	int i;

	nlh = req_put(nl, buf, room, nl->family, CORDON_CMD_POLICY_LOAD, 0);
	for (i = 0; i < 3; i++)
		if (q->policy[i].data) {
			struct nlattr *at = mnl_nlmsg_get_payload_tail(nlh);

			mnl_attr_put(nlh, CORDON_A_POLICY, q->policy[i].len,
				     q->policy[i].data);
			if (q->policy_nested)
				at->nla_type |= NLA_F_NESTED;
		}
	for (i = 0; i < 2; i++)
		if (q->sig[i].data)
			mnl_attr_put(nlh, CORDON_A_SIGNATURE, q->sig[i].len,
				     q->sig[i].data);
	if (q->ticket.data)
		mnl_attr_put(nlh, CORDON_A_TICKET, q->ticket.len,
			     q->ticket.data);
	if (q->tsig.data)
		mnl_attr_put(nlh, CORDON_A_TICKET_SIGNATURE, q->tsig.len,
			     q->tsig.data);
	return nlh;
}

static size_t load_room(const struct load_req *q)
{
	size_t room = 1024;
	int i;

	for (i = 0; i < 3; i++)
		room += MNL_ALIGN(q->policy[i].len) + MNL_ATTR_HDRLEN;
	for (i = 0; i < 2; i++)
		room += MNL_ALIGN(q->sig[i].len) + MNL_ATTR_HDRLEN;
	return room + q->ticket.len + q->tsig.len + 2 * MNL_ATTR_HDRLEN;
}

/* a big request: the blob in pieces of CHUNK bytes */
#define CHUNK (60 * 1024)

static struct nlmsghdr *build_big_load(struct nl *nl, void *buf, size_t room,
				       const void *arg)
{
	static const unsigned char sig[64];
	size_t total = *(const size_t *)arg, off;
	const unsigned char *junk;
	struct nlmsghdr *nlh;

	nlh = req_put(nl, buf, room, nl->family, CORDON_CMD_POLICY_LOAD, 0);
	junk = calloc(1, CHUNK);
	for (off = 0; junk && off < total; off += CHUNK)
		mnl_attr_put(nlh, CORDON_A_POLICY,
			     total - off < CHUNK ? total - off : CHUNK, junk);
	mnl_attr_put(nlh, CORDON_A_SIGNATURE, sizeof(sig), sig);
	free((void *)junk);
	return nlh;
}

static size_t big_room(size_t total)
{
	return total + (total / CHUNK + 2) * MNL_ATTR_HDRLEN + 4096;
}

TEST(load_refused)
{
	static const unsigned char junk[200], ticket[sizeof(struct cordon_ticket)];
	struct blob v1010 = BLOB(v1010), rogue = BLOB(v1010_rogue_sig);
	struct blob other_sig = BLOB(v1020_sig), j = { junk, sizeof(junk) };
	struct blob half1 = { v1010.data, v1010.len / 2 };
	struct blob half2 = { v1010.data + v1010.len / 2,
			      v1010.len - v1010.len / 2 };
	struct blob tk = { ticket, sizeof(ticket) };
	struct blob tk_short = { ticket, sizeof(ticket) - 1 };
	struct blob empty = { junk, 0 };
	static const struct {
		const char *what;
		int err;
		struct effect e;
	} expect[] = {
		{ "no policy attribute", -EINVAL, CONSUMED },
		{ "an empty policy, a junk signature", -EBADMSG, GATE },
		{ "no signature", -ENODATA, GATE },
		{ "a junk signature", -EBADMSG, GATE },
		{ "signed by an untrusted key", -ENOKEY, GATE },
		{ "another blob's signature", -EKEYREJECTED, GATE },
		{ "its pieces out of order", -EKEYREJECTED, GATE },
		{ "a junk signature, then another blob's (the last counts)",
		  -EKEYREJECTED, GATE },
		{ "a ticket without its signature", -EBADE, TICKET },
		{ "a ticket signature without its ticket", -EBADE, TICKET },
		{ "a ticket of 127 bytes, a junk signature", -EKEYREVOKED,
		  TICKET },
		{ "a zero ticket, a junk signature", -EKEYREVOKED, TICKET },
		{ "signed, truncated", -EBADMSG, GATE },
		{ "signed, unknown header flag", -EINVAL, GATE },
		{ "signed, dangling profile index", -ENOENT, GATE },
		{ "the policy nested", -EINVAL, NOTHING },
	};
	struct load_req q[] = {
		{ .sig = { j } },
		{ .policy = { empty }, .sig = { j } },
		{ .policy = { v1010 } },
		{ .policy = { v1010 }, .sig = { j } },
		{ .policy = { v1010 }, .sig = { rogue } },
		{ .policy = { v1010 }, .sig = { other_sig } },
		{ .policy = { half2, half1 }, .sig = { BLOB(v1010_sig) } },
		{ .policy = { v1010 }, .sig = { j, other_sig } },
		{ .policy = { v1010 }, .sig = { rogue }, .ticket = tk },
		{ .policy = { v1010 }, .sig = { rogue }, .tsig = j },
		{ .policy = { v1010 }, .sig = { rogue }, .ticket = tk_short,
		  .tsig = j },
		{ .policy = { v1010 }, .sig = { rogue }, .ticket = tk,
		  .tsig = j },
		{ .policy = { BLOB(truncated) }, .sig = { BLOB(truncated_sig) } },
		{ .policy = { BLOB(badflags) }, .sig = { BLOB(badflags_sig) } },
		{ .policy = { BLOB(dangling) }, .sig = { BLOB(dangling_sig) } },
		{ .policy = { v1010 }, .sig = { rogue }, .policy_nested = true },
	};
	size_t i, total;
	char what[160];

	_Static_assert(sizeof(q) / sizeof(q[0]) ==
		       sizeof(expect) / sizeof(expect[0]), "one expectation per request");
	SETUP();
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		snprintf(what, sizeof(what), "load: %s", expect[i].what);
		run_built(what, build_load, &q[i], load_room(&q[i]),
			  expect[i].err, expect[i].e);
	}
	/* over CORDON_POLICY_MAX_SIZE: refused before the gate */
	total = CORDON_POLICY_MAX_SIZE + 1;
	run_built("load: a blob one byte over the maximum", build_big_load,
		  &total, big_room(total), -E2BIG, (struct effect)CONSUMED);
	DONE(17);
}

/* --- TAG -------------------------------------------------------------------- */

struct tag_req {
	bool pid, pidfd;
	uint32_t pid_val, pidfd_val;
	int pid_size;		/* 4, or the wrong size 2 or 8 */
	const char *name, *profile;
	const void *raw_name;	/* CORDON_A_NAME as is, raw_len bytes */
	size_t raw_len;
	int arm;		/* -1: none */
	int arm_size;
};

static struct nlmsghdr *build_tag(struct nl *nl, void *buf, size_t room,
				  const void *arg)
{
	const struct tag_req *q = arg;
	struct nlmsghdr *nlh;

	nlh = req_put(nl, buf, room, nl->family, CORDON_CMD_TAG, 0);
	if (q->pid) {
		uint64_t v = q->pid_val;

		if (q->pid_size == 2)
			mnl_attr_put_u16(nlh, CORDON_A_PID, (uint16_t)v);
		else if (q->pid_size == 8)
			mnl_attr_put_u64(nlh, CORDON_A_PID, v);
		else
			mnl_attr_put_u32(nlh, CORDON_A_PID, q->pid_val);
	}
	if (q->pidfd)
		mnl_attr_put_u32(nlh, CORDON_A_PIDFD, q->pidfd_val);
	if (q->name)
		mnl_attr_put_strz(nlh, CORDON_A_NAME, q->name);
	if (q->raw_name)
		put_raw(nlh, CORDON_A_NAME, q->raw_name, q->raw_len);
	if (q->profile)
		mnl_attr_put_strz(nlh, CORDON_A_PROFILE, q->profile);
	if (q->arm >= 0) {
		if (q->arm_size == 4)
			mnl_attr_put_u32(nlh, CORDON_A_ARM, (uint32_t)q->arm);
		else
			mnl_attr_put_u8(nlh, CORDON_A_ARM, (uint8_t)q->arm);
	}
	return nlh;
}

/*
 * A container: a child that makes a mount and a pid namespace, and its
 * child (forked after the unshare: the first process of the pid namespace,
 * in the container).  cordon sees a task's new namespaces at its next
 * hook that asks for its identity: the grandchild opens a directory (every
 * open does; a signal to itself or a read of a pipe need not) before it
 * reports.
 * Returns the grandchild's pid; *holder is the child (kill the grandchild,
 * reap both).
 */
static pid_t container_start(pid_t *holder)
{
	int p[2], q[2];
	pid_t pid = -1;

	if (pipe(p))
		return -1;
	if (pipe(q)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	*holder = fork();
	if (*holder < 0)
		return -1;
	if (*holder == 0) {
		pid_t g;
		char c;

		close(p[0]);
		if (unshare(CLONE_NEWNS | CLONE_NEWPID))
			_exit(1);
		g = fork();
		if (g == 0) {
			close(p[1]);
			close(q[0]);
			close(open("/", O_RDONLY | O_DIRECTORY));
			if (write(q[1], "x", 1) != 1)
				_exit(1);
			close(q[1]);
			for (;;)
				pause();
		}
		close(q[1]);
		if (read(q[0], &c, 1) != 1 ||
		    write(p[1], &g, sizeof(g)) != sizeof(g))
			_exit(1);
		close(p[1]);
		waitpid(g, NULL, 0);
		_exit(0);
	}
	close(p[1]);
	close(q[0]);
	close(q[1]);
	if (read(p[0], &pid, sizeof(pid)) != sizeof(pid))
		pid = -1;
	close(p[0]);
	return pid;
}

static void container_stop(pid_t pid, pid_t holder)
{
	if (pid > 0)
		kill(pid, SIGKILL);
	if (holder > 0)
		waitpid(holder, NULL, 0);
}

static uint32_t mnt_ns_of(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	return stat(path, &st) ? 0 : (uint32_t)st.st_ino;
}

TEST(tag_refused)
{
	static char name64[CORDON_NAME_MAX + 1], long_tail[80];
	static struct dump before, after;
	pid_t ctr, holder;
	uint32_t mnt;
	int devnull, pidfd, i, k;
	char what[160];

	SETUP();
	ctr = container_start(&holder);
	ASSERT_LT(0, ctr);
	/* the container is known once its task has been seen */
	mnt = mnt_ns_of(ctr);
	ASSERT_NE(0U, mnt);
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, devnull);
	pidfd = (int)syscall(SYS_pidfd_open, ctr, 0);
	ASSERT_LE(0, pidfd);
	memset(name64, 'a', CORDON_NAME_MAX);	/* 64 letters, then a NUL */
	memcpy(long_tail, "ab", 3);		/* "ab", NUL, 77 more bytes */
	memset(long_tail + 3, 'c', sizeof(long_tail) - 3);

	{
		const struct {
			const char *what;
			int err;
			struct tag_req q;
		} c[] = {
			{ "neither a pid nor a pidfd", -EINVAL,
			  { .name = "x", .arm = -1 } },
			{ "a pid and a pidfd", -EINVAL,
			  { .pid = true, .pid_val = ctr, .pidfd = true,
			    .pidfd_val = pidfd, .name = "x", .arm = -1 } },
			{ "neither a name nor a profile", -EINVAL,
			  { .pid = true, .pid_val = ctr, .arm = -1 } },
			{ "an empty name", -EINVAL,
			  { .pid = true, .pid_val = ctr, .name = "", .arm = -1 } },
			{ "a name with a slash", -EINVAL,
			  { .pid = true, .pid_val = ctr, .name = "a/b", .arm = -1 } },
			{ "a name of 64 characters", -EINVAL,
			  { .pid = true, .pid_val = ctr, .name = name64, .arm = -1 } },
			{ "a name without its NUL", -EINVAL,
			  { .pid = true, .pid_val = ctr, .raw_name = "abc",
			    .raw_len = 3, .arm = -1 } },
			{ "a name with bytes after its NUL", -ERANGE,
			  { .pid = true, .pid_val = ctr, .raw_name = long_tail,
			    .raw_len = sizeof(long_tail), .arm = -1 } },
			{ "a profile of 64 characters", -EINVAL,
			  { .pid = true, .pid_val = ctr, .profile = name64,
			    .arm = -1 } },
			{ "a 16-bit pid", -EINVAL,
			  { .pid = true, .pid_val = ctr, .pid_size = 2,
			    .name = "x", .arm = -1 } },
			{ "a 64-bit pid", -EINVAL,
			  { .pid = true, .pid_val = ctr, .pid_size = 8,
			    .name = "x", .arm = -1 } },
			{ "arm 2", -ERANGE,
			  { .pid = true, .pid_val = ctr, .name = "x", .arm = 2 } },
			{ "a 32-bit arm", -EINVAL,
			  { .pid = true, .pid_val = ctr, .name = "x", .arm = 1,
			    .arm_size = 4 } },
			{ "a pid no process has", -ESRCH,
			  { .pid = true, .pid_val = NO_PID, .name = "x", .arm = -1 } },
			{ "pid 0", -ESRCH,
			  { .pid = true, .pid_val = 0, .name = "x", .arm = -1 } },
			{ "a host process", -EINVAL,
			  { .pid = true, .pid_val = getpid(), .name = "x",
			    .arm = -1 } },
			{ "a pidfd that is /dev/null", -EBADF,
			  { .pidfd = true, .pidfd_val = devnull, .name = "x",
			    .arm = -1 } },
			{ "a pidfd that is not open", -EBADF,
			  { .pidfd = true, .pidfd_val = 4000, .name = "x",
			    .arm = -1 } },
			{ "a profile the policy does not have", -ENOENT,
			  { .pid = true, .pid_val = ctr,
			    .profile = "no-such-profile", .arm = -1 } },
			{ "a profile the policy does not have, by pidfd", -ENOENT,
			  { .pidfd = true, .pidfd_val = pidfd, .name = "x",
			    .profile = "no-such-profile", .arm = -1 } },
		};

		ASSERT_EQ(0, dump_all(&before));
		k = dump_find(&before, mnt);
		ASSERT_LE(0, k) TH_LOG("the container is not in the dump");
		for (i = 0; i < (int)(sizeof(c) / sizeof(c[0])); i++) {
			snprintf(what, sizeof(what), "tag: %s", c[i].what);
			run_built(what, build_tag, &c[i].q, 1024, c[i].err,
				  (struct effect)NOTHING);
		}
		ASSERT_EQ(0, dump_all(&after));
		k = dump_find(&after, mnt);
		ASSERT_LE(0, k);
		EXPECT_STREQ("", after.name[k]) TH_LOG("a refused tag named the container");
		EXPECT_STREQ(before.profile[dump_find(&before, mnt)],
			     after.profile[k]);
		EXPECT_EQ(before.armed[dump_find(&before, mnt)], after.armed[k])
			TH_LOG("a refused tag armed the container");
		DONE(20);
	}
	close(pidfd);
	close(devnull);
	container_stop(ctr, holder);
}

/* --- STATUS_GET, CHALLENGE_GET, unknown commands ------------------------- */

struct cmd_req {
	uint8_t cmd;
	uint16_t flags;
	uint16_t attr;		/* 0: none */
	uint8_t version;
};

static struct nlmsghdr *build_cmd(struct nl *nl, void *buf, size_t room,
				  const void *arg)
{
	const struct cmd_req *q = arg;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	nlh = req_put(nl, buf, room, nl->family, q->cmd, q->flags);
	g = mnl_nlmsg_get_payload(nlh);
	if (q->version)
		g->version = q->version;
	if (q->attr == CORDON_A_POLICY || q->attr == CORDON_A_CHALLENGE) {
		static const unsigned char b[CORDON_CHALLENGE_SIZE];

		mnl_attr_put(nlh, q->attr, sizeof(b), b);
	} else if (q->attr) {
		mnl_attr_put_u32(nlh, q->attr, 1);
	}
	return nlh;
}

TEST(commands_refused)
{
	static const struct {
		const char *what;
		int err;
		struct cmd_req q;
	} c[] = {
		{ "status with a policy", -EINVAL,
		  { CORDON_CMD_STATUS_GET, 0, CORDON_A_POLICY, 0 } },
		{ "status with a pid", -EINVAL,
		  { CORDON_CMD_STATUS_GET, 0, CORDON_A_PID, 0 } },
		{ "challenge with a challenge", -EINVAL,
		  { CORDON_CMD_CHALLENGE_GET, 0, CORDON_A_CHALLENGE, 0 } },
		{ "challenge with a pid", -EINVAL,
		  { CORDON_CMD_CHALLENGE_GET, 0, CORDON_A_PID, 0 } },
		{ "containers with a pid", -EINVAL,
		  { CORDON_CMD_CONTAINER_GET, NLM_F_DUMP, CORDON_A_PID, 0 } },
		{ "command 0 (unspec)", -EOPNOTSUPP,
		  { CORDON_CMD_UNSPEC, 0, 0, 0 } },
		{ "command EVENT (kernel to user only)", -EOPNOTSUPP,
		  { CORDON_CMD_EVENT, 0, 0, 0 } },
		{ "command EVENT dumped", -EOPNOTSUPP,
		  { CORDON_CMD_EVENT, NLM_F_DUMP, 0, 0 } },
		{ "command after the last", -EOPNOTSUPP,
		  { __CORDON_CMD_MAX, 0, 0, 0 } },
		{ "command 255", -EOPNOTSUPP, { 255, 0, 0, 0 } },
		{ "command 255 dumped", -EOPNOTSUPP, { 255, NLM_F_DUMP, 0, 0 } },
		{ "status dumped", -EOPNOTSUPP,
		  { CORDON_CMD_STATUS_GET, NLM_F_DUMP, 0, 0 } },
		{ "challenge dumped", -EOPNOTSUPP,
		  { CORDON_CMD_CHALLENGE_GET, NLM_F_DUMP, 0, 0 } },
		{ "load dumped", -EOPNOTSUPP,
		  { CORDON_CMD_POLICY_LOAD, NLM_F_DUMP, 0, 0 } },
		{ "tag dumped", -EOPNOTSUPP,
		  { CORDON_CMD_TAG, NLM_F_DUMP, 0, 0 } },
	};
	char what[160];
	size_t i;

	SETUP();
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(what, sizeof(what), "command: %s", c[i].what);
		run_built(what, build_cmd, &c[i].q, 1024, c[i].err,
			  (struct effect)NOTHING);
	}
	DONE(15);
}

/*
 * The family's version byte is not checked (generic netlink leaves it to
 * the family, and cordon has one version): a request of any version is
 * served as version 1.  Pinned here so that a change is a decision.
 */
TEST(version_ignored)
{
	static const uint8_t versions[] = { 0, 2, 255 };
	char buf[256], what[64];
	struct nlmsghdr *nlh;
	struct state st;
	struct answer a;
	struct nl nl;
	size_t i;

	SETUP();
	for (i = 0; i < sizeof(versions); i++) {
		ASSERT_EQ(0, nl_socket(&nl));
		nl.family = nl_family(&nl);
		nlh = req_put(&nl, buf, sizeof(buf), nl.family,
			      CORDON_CMD_STATUS_GET, 0);
		((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version =
			versions[i];
		memset(&st, 0, sizeof(st));
		nl_send(&nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &a,
			status_cb, &st);
		snprintf(what, sizeof(what), "status, version %u", versions[i]);
		EXPECT_EQ(0, a.err) TH_LOG("%s: %s", what, errname(a.err));
		EXPECT_EQ(1, a.nr_data) TH_LOG("%s: no reply", what);
		EXPECT_NE('\0', st.name[0]);
		nl_close(&nl);
	}
}

/* --- privilege and namespaces --------------------------------------------- */

/* Every operation from this process: its errors that are not err. */
static int all_ops_refused(uint16_t family, int err, const char *who)
{
	static char buf[4096];
	int op, bad = 0;

	for (op = 0; op < NR_OPS; op++) {
		struct nlmsghdr *nlh;
		struct answer a;
		struct nl nl;

		if (nl_socket(&nl)) {
			ksft_print_msg("not ok %s: %s: no socket\n", who,
				       ops[op].name);
			bad++;
			continue;
		}
		nl.family = family;
		nlh = base_req(&nl, buf, sizeof(buf), op);
		nl_send(&nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &a, NULL,
			NULL);
		if (a.err != err || a.nr_data) {
			ksft_print_msg("not ok %s: %s: %s, %d replies, expected %s\n",
				       who, ops[op].name, errname(a.err),
				       a.nr_data, errname(err));
			bad++;
		} else {
			ksft_print_msg("ok %s: %s: %s%s%s%s\n", who,
				       ops[op].name, errname(a.err),
				       a.ext[0] ? " (\"" : "", a.ext,
				       a.ext[0] ? "\")" : "");
		}
		nl_close(&nl);
	}
	return bad;
}

static int drop_cap_mac_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[CAP_TO_INDEX(CAP_MAC_ADMIN)].effective &= ~CAP_TO_MASK(CAP_MAC_ADMIN);
	return syscall(SYS_capset, &h, d) ? -1 : 0;
}

enum who {
	W_NOBODY,	/* uid 65534 */
	W_ROOT_NO_CAP,	/* root without CAP_MAC_ADMIN */
	W_USERNS,	/* root of a new user namespace */
	W_NETNS,	/* root in a new network namespace */
	W_USERNS_NETNS,	/* both */
	NR_WHO,
};

static const struct {
	const char *name;
	int err;
} whos[NR_WHO] = {
	[W_NOBODY] = { "uid 65534", -EPERM },
	[W_ROOT_NO_CAP] = { "root without CAP_MAC_ADMIN", -EPERM },
	[W_USERNS] = { "root of a user namespace", -EPERM },
	[W_NETNS] = { "a network namespace", -ENOENT },
	[W_USERNS_NETNS] = { "a user and network namespace", -ENOENT },
};

/* In a child: become who, send every operation; exit with the failures. */
static int as_whom(enum who w, uint16_t family)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int ret = 0;

		switch (w) {
		case W_NOBODY:
			ret = setresgid(65534, 65534, 65534) ||
			      setresuid(65534, 65534, 65534);
			break;
		case W_ROOT_NO_CAP:
			ret = drop_cap_mac_admin();
			break;
		case W_USERNS:
			ret = unshare(CLONE_NEWUSER);
			break;
		case W_NETNS:
			ret = unshare(CLONE_NEWNET);
			break;
		case W_USERNS_NETNS:
			ret = unshare(CLONE_NEWUSER | CLONE_NEWNET);
			break;
		case NR_WHO:
			break;
		}
		if (ret) {
			ksft_print_msg("not ok %s: cannot become it: %s\n",
				       whos[w].name, strerror(errno));
			_exit(100);
		}
		_exit(all_ops_refused(family, whos[w].err, whos[w].name));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST(unprivileged_and_foreign_namespaces)
{
	struct state before, after;
	char why[200] = "";
	struct nl nl;
	int w;

	SETUP();
	ASSERT_EQ(0, nl_socket(&nl));
	nl.family = nl_family(&nl);
	ASSERT_NE(0, nl.family);
	nl_close(&nl);
	ASSERT_EQ(0, get_state(&before));
	for (w = 0; w < NR_WHO; w++) {
		const char *name = whos[w].name ? whos[w].name : "?";

		EXPECT_EQ(0, as_whom(w, nl.family)) TH_LOG("as %s", name);
	}
	ASSERT_EQ(0, get_state(&after));
	EXPECT_TRUE(state_ok(&before, &after, (struct effect)NOTHING, why,
			     sizeof(why))) TH_LOG("%s", why);
}

/*
 * A socket opened by root that then drops CAP_MAC_ADMIN, and a socket
 * opened by an unprivileged process and used by root (passed over a unix
 * socket): netlink_capable() asks both the opener and the sender.
 */
TEST(socket_of_another_privilege)
{
	struct state before, after;
	char why[200] = "", cbuf[CMSG_SPACE(sizeof(int))], buf[4096];
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	struct nlmsghdr *nlh;
	struct answer a;
	struct nl nl;
	int sv[2], status, op;
	pid_t pid;
	char c = 0;

	SETUP();
	ASSERT_EQ(0, get_state(&before));

	/* opened by root, used without CAP_MAC_ADMIN */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int bad = 0;

		if (nl_socket(&nl))
			_exit(100);
		nl.family = nl_family(&nl);
		if (drop_cap_mac_admin())
			_exit(101);
		for (op = 0; op < NR_OPS; op++) {
			nlh = base_req(&nl, buf, sizeof(buf), op);
			nl_send(&nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &a,
				NULL, NULL);
			ksft_print_msg("%s opened by root, sent without CAP_MAC_ADMIN: %s: %s\n",
				       a.err == -EPERM ? "ok" : "not ok",
				       ops[op].name, errname(a.err));
			bad += a.err != -EPERM;
		}
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* opened by uid 65534, used by root */
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(sv[0]);
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534) || nl_socket(&nl))
			_exit(100);
		iov = (struct iovec){ &c, 1 };
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &nl.fd, sizeof(int));
		_exit(sendmsg(sv[1], &mh, 0) == 1 ? 0 : 101);
	}
	close(sv[1]);
	iov = (struct iovec){ &c, 1 };
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	ASSERT_EQ(1, recvmsg(sv[0], &mh, 0));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	cm = CMSG_FIRSTHDR(&mh);
	ASSERT_NE(NULL, cm);
	memcpy(&nl.fd, CMSG_DATA(cm), sizeof(int));
	close(sv[0]);
	nl.seq = 1;
	nl.family = nl_family(&nl);
	ASSERT_NE(0, nl.family);
	for (op = 0; op < NR_OPS; op++) {
		nlh = base_req(&nl, buf, sizeof(buf), op);
		nl_send(&nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &a, NULL,
			NULL);
		EXPECT_EQ(-EPERM, a.err)
			TH_LOG("%s over a socket uid 65534 opened: %s",
			       ops[op].name, errname(a.err));
		ksft_print_msg("%s opened by uid 65534, sent by root: %s: %s\n",
			       a.err == -EPERM ? "ok" : "not ok", ops[op].name,
			       errname(a.err));
	}
	nl_close(&nl);
	ASSERT_EQ(0, get_state(&after));
	EXPECT_TRUE(state_ok(&before, &after, (struct effect)NOTHING, why,
			     sizeof(why))) TH_LOG("%s", why);
}

/* --- dumps interrupted ------------------------------------------------------ */

#define NR_CTRS 100

struct ctrs {
	pid_t pid[NR_CTRS], holder[NR_CTRS];
	int n;
};

static void ctrs_start(struct ctrs *c, int n)
{
	for (c->n = 0; c->n < n; c->n++) {
		c->pid[c->n] = container_start(&c->holder[c->n]);
		if (c->pid[c->n] <= 0)
			break;
	}
}

static void ctrs_stop(struct ctrs *c, int from, int to)
{
	int i;

	for (i = from; i < to && i < c->n; i++)
		container_stop(c->pid[i], c->holder[i]);
}

/*
 * A dump is answered one buffer at a time, as the reader reads.  Start
 * one and ask for a second on the same socket before reading: the second
 * is refused (EBUSY), the first is read whole, in several buffers, with
 * container ids increasing.
 */
TEST(dump_busy)
{
	static char buf[NL_BUF];
	struct ctrs c;
	struct dump *d = calloc(1, sizeof(*d));
	struct nlmsghdr *nlh;

	struct nl nl;
	uint32_t seq1, seq2;
	bool done = false, busy = false;
	int i, reads = 0;

	SETUP();
	ASSERT_NE(NULL, d);
	ctrs_start(&c, NR_CTRS);
	ASSERT_EQ(NR_CTRS, c.n);
	ASSERT_EQ(0, nl_socket(&nl));
	nl.family = family_id();
	/* small reads: the kernel sizes dump buffers to what is read */
	nlh = req_put(&nl, buf, 256, nl.family, CORDON_CMD_CONTAINER_GET,
		      NLM_F_DUMP);
	seq1 = nlh->nlmsg_seq;
	ASSERT_LT(0, send(nl.fd, nlh, nlh->nlmsg_len, 0));
	nlh = req_put(&nl, buf, 256, nl.family, CORDON_CMD_CONTAINER_GET,
		      NLM_F_DUMP);
	seq2 = nlh->nlmsg_seq;
	ASSERT_LT(0, send(nl.fd, nlh, nlh->nlmsg_len, 0));
	while (!done && reads < 1000) {
		int len;
		ssize_t n;
		struct pollfd p = { .fd = nl.fd, .events = POLLIN };

		if (poll(&p, 1, 2000) <= 0)
			break;
		n = recv(nl.fd, buf, 4096, 0);
		ASSERT_LT(0, n);
		reads++;
		len = (int)n;
		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq == seq2 &&
			    nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);

				EXPECT_EQ(-EBUSY, e->error)
					TH_LOG("second dump: %s",
					       errname(e->error));
				busy = true;
			} else if (nlh->nlmsg_seq == seq1 &&
				   nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
			} else if (nlh->nlmsg_seq == seq1 &&
				   nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
				dump_cb(nlh, d);
			}
		}
	}
	nl_close(&nl);
	EXPECT_TRUE(busy) TH_LOG("the second dump was not refused");
	EXPECT_TRUE(done) TH_LOG("the first dump did not end");
	EXPECT_LT(1, reads) TH_LOG("the dump fit one buffer: not interrupted");
	EXPECT_LE(NR_CTRS, d->n);
	for (i = 1; i < d->n; i++)
		EXPECT_LT(d->id[i - 1], d->id[i]) TH_LOG("dump out of order at %d", i);
	ksft_print_msg("dump of %d containers in %d reads, second dump refused\n",
		       d->n, reads);
	ctrs_stop(&c, 0, c.n);
	free(d);
}

/*
 * A dump abandoned after its first buffer (the socket closed), and one
 * whose containers go away while it is read: the next dumps are whole
 * and ordered, the containers gone are gone, nothing else moved.
 */
TEST(dump_interrupted)
{
	static char buf[NL_BUF];
	struct dump *d = calloc(1, sizeof(*d)), *all = calloc(1, sizeof(*all));
	struct state before, after;
	char why[200] = "";
	struct nlmsghdr *nlh;
	struct ctrs c;
	struct nl nl;
	uint32_t seq;
	bool done = false;
	int i, round, reads = 0;

	SETUP();
	ASSERT_NE(NULL, d);
	ASSERT_NE(NULL, all);
	ctrs_start(&c, NR_CTRS);
	ASSERT_EQ(NR_CTRS, c.n);
	ASSERT_EQ(0, get_state(&before));

	/* abandoned: ten times, each socket closed after one buffer */
	for (round = 0; round < 10; round++) {
		ASSERT_EQ(0, nl_socket(&nl));
		nl.family = family_id();
		nlh = req_put(&nl, buf, 256, nl.family,
			      CORDON_CMD_CONTAINER_GET, NLM_F_DUMP);
		ASSERT_LT(0, send(nl.fd, nlh, nlh->nlmsg_len, 0));
		ASSERT_LT(0, recv(nl.fd, buf, 4096, 0));
		nl_close(&nl);
	}
	ASSERT_EQ(0, dump_all(all));
	EXPECT_LE(NR_CTRS, all->n);
	for (i = 1; i < all->n; i++)
		EXPECT_LT(all->id[i - 1], all->id[i]);

	/* containers stopped between the buffers of a dump */
	ASSERT_EQ(0, nl_socket(&nl));
	nl.family = family_id();
	nlh = req_put(&nl, buf, 256, nl.family, CORDON_CMD_CONTAINER_GET,
		      NLM_F_DUMP);
	seq = nlh->nlmsg_seq;
	ASSERT_LT(0, send(nl.fd, nlh, nlh->nlmsg_len, 0));
	while (!done && reads < 1000) {
		struct pollfd p = { .fd = nl.fd, .events = POLLIN };
		ssize_t n;
		int len;

		if (poll(&p, 1, 2000) <= 0)
			break;
		n = recv(nl.fd, buf, 4096, 0);
		ASSERT_LT(0, n);
		if (reads++ == 0)
			ctrs_stop(&c, 0, c.n / 2);
		len = (int)n;
		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len))
			if (nlh->nlmsg_seq == seq && nlh->nlmsg_type == NLMSG_DONE)
				done = true;
			else if (nlh->nlmsg_seq == seq &&
				 nlh->nlmsg_type >= NLMSG_MIN_TYPE)
				dump_cb(nlh, d);
	}
	nl_close(&nl);
	EXPECT_TRUE(done);
	EXPECT_LT(1, reads);
	for (i = 1; i < d->n; i++)
		EXPECT_LT(d->id[i - 1], d->id[i]) TH_LOG("dump out of order at %d", i);
	ksft_print_msg("%d containers, %d dumped while half of them stopped, %d reads\n",
		       all->n, d->n, reads);
	ctrs_stop(&c, c.n / 2, c.n);
	ASSERT_EQ(0, get_state(&after));
	EXPECT_TRUE(state_ok(&before, &after, (struct effect)NOTHING, why,
			     sizeof(why))) TH_LOG("%s", why);
	free(d);
	free(all);
}

/* --- sockets closed, senders killed ------------------------------------- */

/*
 * A load sent and its socket closed before the answer: the request is
 * handled all the same (netlink hands it to the family during sendmsg),
 * refused and counted once; the answer is dropped.  Then a sender killed
 * while it sends a 7 MiB load: the request is refused and counted, or
 * never reaches the family; either way the policy stays.
 */
TEST(closed_mid_request)
{
	static const unsigned char junk[64];
	struct blob v1010 = BLOB(v1010), j = { junk, sizeof(junk) };
	struct load_req q = { .policy = { v1010 }, .sig = { j } };
	struct state before, after;
	char why[200] = "";
	struct nlmsghdr *nlh;
	int status, round, counted = 0;
	struct nl nl;
	pid_t pid;
	void *buf;

	SETUP();
	ASSERT_EQ(0, get_state(&before));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		buf = malloc(load_room(&q));
		if (!buf || nl_socket(&nl))
			_exit(100);
		nl.family = nl_family(&nl);
		nlh = build_load(&nl, buf, load_room(&q), &q);
		_exit(send(nl.fd, nlh, nlh->nlmsg_len, 0) > 0 ? 0 : 101);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ASSERT_EQ(0, get_state(&after));
	EXPECT_TRUE(state_ok(&before, &after, (struct effect)GATE, why,
			     sizeof(why))) TH_LOG("closed before the answer: %s", why);
	ksft_print_msg("%s load, socket closed before the answer: %s\n",
		       why[0] ? "not ok" : "ok", why[0] ? why : "refused once");

	for (round = 0; round < 5; round++) {
		size_t total = 7U << 20;
		struct effect e;

		ASSERT_EQ(0, get_state(&before));
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			buf = malloc(big_room(total));
			if (!buf || nl_socket(&nl))
				_exit(100);
			nl.family = nl_family(&nl);
			nlh = build_big_load(&nl, buf, big_room(total), &total);
			send(nl.fd, nlh, nlh->nlmsg_len, 0);
			pause();
			_exit(0);
		}
		usleep(1000 * (1 + round * 20));
		kill(pid, SIGKILL);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, get_state(&after));
		/* refused by the gate (EBADMSG), or never handled */
		e = (struct effect)GATE;
		if (after.rejects == before.rejects)
			e = (struct effect)NOTHING;
		else
			counted++;
		why[0] = '\0';
		EXPECT_TRUE(state_ok(&before, &after, e, why, sizeof(why)))
			TH_LOG("sender killed after %d ms: %s", 1 + round * 20, why);
	}
	ksft_print_msg("senders killed mid-request: %d of 5 reached the gate\n",
		       counted);
}

TEST_HARNESS_MAIN
