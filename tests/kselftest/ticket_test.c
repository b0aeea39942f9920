// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon kselftest: the kernel's load gate (kernel/attest.c) - the load
 * challenge, verifier tickets, cordon.attest=required|optional.
 *
 * The policies (policy/default.cpol at versions 2001 to 2005, in the boot's
 * mode, so that enforcement after a load stays the built-in default's) are
 * compiled and signed by a policy signer on the build host (make-tickets)
 * and embedded here with the test keys.  The tickets are made here, in the
 * guest, for the challenge the kernel gives: struct cordon_ticket signed
 * with OpenSSL exactly as libcordon signs (detached CMS, no attributes, no
 * certificates), by the verifier key built into .cordon_verifier or, to be
 * refused, by the policy signer.
 *
 * Every refusal is checked for its errno, a reason in the extended ack,
 * the active policy unchanged, the refusal counted, and the challenge
 * replaced.  In a cordon.attest=required boot a load without a ticket is
 * refused (EACCES); in an optional boot it passes, and a ticket, when
 * given, is checked the same way.  The loads use versions 2001 to 2005 and
 * run once per boot after policy_test (which ends at 1999); reboot to
 * rerun.
 */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <keyutils.h>
/* keyutils.h and linux/keyctl.h define the same things */
#define _LINUX_KEYCTL_H
#include <libmnl/libmnl.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <linux/cordon.h>

#include "kselftest_harness.h"
#include "common.h"

#define EMBED(sym, file) \
	extern const unsigned char sym##_start[] __attribute__((visibility("hidden"))); \
	extern const unsigned char sym##_end[] __attribute__((visibility("hidden"))); \
	__asm__(".pushsection .rodata\n" \
		".balign 16\n" \
		#sym "_start:\n" \
		".incbin \"" TICKET_DATA "/" file "\"\n" \
		#sym "_end:\n" \
		".byte 0\n" \
		".popsection\n")

struct blob {
	const unsigned char *data;
	size_t len;
};

#define BLOB(sym) ((struct blob){ sym##_start, (size_t)(sym##_end - sym##_start) })

#define EMBED_POLICY(m, v) \
	EMBED(m##_##v, "gate-" #m "-" #v ".bin"); \
	EMBED(m##_##v##_sig, "gate-" #m "-" #v ".bin.p7s")
#define EMBED_MODE(m) \
	EMBED_POLICY(m, 2001); EMBED_POLICY(m, 2002); EMBED_POLICY(m, 2003); \
	EMBED_POLICY(m, 2004); EMBED_POLICY(m, 2005)

EMBED_MODE(enforce);
EMBED_MODE(complain);
EMBED_MODE(off);
EMBED(verifier_key, "verifier.key.pem");
EMBED(verifier_der, "verifier.der");
EMBED(signer_key, "signer.key.pem");
EMBED(signer_der, "signer.der");
EMBED(sub_key, "sub.key.pem");
EMBED(sub_der, "sub.der");
EMBED(rogue_der, "rogue.der");

struct signed_blob {
	struct blob blob, sig;
	uint64_t version;
};

#define SB(m, v) { BLOB(m##_##v), BLOB(m##_##v##_sig), v }
#define MODE_POLICIES(m) { SB(m, 2001), SB(m, 2002), SB(m, 2003), SB(m, 2004), SB(m, 2005) }

/* [mode][version - 2001]; mode as in the boot: 0 enforce, 1 complain, 2 off */
static struct signed_blob g_policies[3][5];
static int g_mode;
static bool g_required;

/* the policy of version v (2001..2005) in the boot's mode */
static struct signed_blob pol(uint64_t v)
{
	return g_policies[g_mode][v - 2001];
}

/* --- generic netlink ---------------------------------------------------- */

struct nl {
	struct mnl_socket *sk;
	uint16_t family;
	uint32_t seq;
	char ext[256];
};

struct status {
	char name[CORDON_NAME_MAX];
	uint64_t version;
	char attest[16];
	bool ticketed;
	unsigned char ticket_digest[32];
	bool has_ticket_digest;
	uint64_t rejects, ticket_rejects;
	unsigned char challenge[CORDON_CHALLENGE_SIZE];
	bool has_challenge;
};

struct req_ctx {
	struct nl *nl;
	int err;
	struct status *st;	/* a cordon reply's attributes, or NULL */
	uint16_t *family;	/* a CTRL_CMD_GETFAMILY reply's id, or NULL */
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct status *st = data;
	const void *p = mnl_attr_get_payload(a);
	uint16_t len = mnl_attr_get_payload_len(a);

	switch (mnl_attr_get_type(a)) {
	case CORDON_A_POLICY_NAME:
		snprintf(st->name, sizeof(st->name), "%.*s", len, (const char *)p);
		break;
	case CORDON_A_POLICY_VERSION:
		st->version = mnl_attr_get_u64(a);
		break;
	case CORDON_A_ATTEST:
		snprintf(st->attest, sizeof(st->attest), "%.*s", len, (const char *)p);
		break;
	case CORDON_A_TICKETED:
		st->ticketed = true;
		break;
	case CORDON_A_TICKET_DIGEST:
		if (len == 32) {
			memcpy(st->ticket_digest, p, 32);
			st->has_ticket_digest = true;
		}
		break;
	case CORDON_A_REJECTS:
		st->rejects = mnl_attr_get_u64(a);
		break;
	case CORDON_A_TICKET_REJECTS:
		st->ticket_rejects = mnl_attr_get_u64(a);
		break;
	case CORDON_A_CHALLENGE:
		if (len == CORDON_CHALLENGE_SIZE) {
			memcpy(st->challenge, p, len);
			st->has_challenge = true;
		}
		break;
	}
	return MNL_CB_OK;
}

static int ctrl_attr_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		*(uint16_t *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct req_ctx *c = data;

	if (c->st)
		mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, c->st);
	if (c->family)
		mnl_attr_parse(nlh, sizeof(struct genlmsghdr), ctrl_attr_cb,
			       c->family);
	return MNL_CB_OK;
}

static int ext_cb(const struct nlattr *a, void *data)
{
	struct nl *nl = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
		snprintf(nl->ext, sizeof(nl->ext), "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int err_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct req_ctx *c = data;
	size_t off = sizeof(*e);

	c->err = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, off, ext_cb, c->nl);
	return MNL_CB_STOP;
}

/*
 * Send nlh (freed), read to the ack, parse a reply's attributes into st or
 * family (if not NULL); 0 or the kernel's negative errno.
 */
static int nl_xfer(struct nl *nl, struct nlmsghdr *nlh, struct status *st,
		   uint16_t *family)
{
	static char buf[65536];
	struct req_ctx c = {
		.nl = nl, .err = -EPROTO, .st = st, .family = family,
	};
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = err_cb };
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int rc;

	nl->ext[0] = '\0';
	n = mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len);
	free(nlh);
	if (n < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		rc = mnl_cb_run2(buf, n, seq, mnl_socket_get_portid(nl->sk),
				 data_cb, &c, ctl, NLMSG_MIN_TYPE);
		if (rc <= MNL_CB_STOP)
			break;
	}
	return c.err;
}

static int nl_talk(struct nl *nl, struct nlmsghdr *nlh, struct status *st)
{
	return nl_xfer(nl, nlh, st, NULL);
}

static struct nlmsghdr *msg_new(struct nl *nl, uint16_t type, uint8_t cmd,
				size_t room)
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
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 2 : CORDON_GENL_VERSION;
	return nlh;
}

static int nl_open(struct nl *nl)
{
	int one = 1, big = 16 << 20, rc;
	struct nlmsghdr *nlh;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk || mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_SNDBUFFORCE,
		   &big, sizeof(big));
	nl->seq = (uint32_t)time(NULL);
	nlh = msg_new(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 64);
	if (!nlh)
		return -ENOMEM;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CORDON_GENL_NAME);
	/* read up to the ack, so that the next request finds none pending */
	rc = nl_xfer(nl, nlh, NULL, &nl->family);
	if (rc)
		return rc;
	return nl->family ? 0 : -ENOENT;
}

static void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}

static int nl_simple(struct nl *nl, uint8_t cmd, struct status *st)
{
	struct nlmsghdr *nlh = msg_new(nl, nl->family, cmd, 0);

	if (!nlh)
		return -ENOMEM;
	memset(st, 0, sizeof(*st));
	return nl_talk(nl, nlh, st);
}

static int nl_status(struct nl *nl, struct status *st)
{
	return nl_simple(nl, CORDON_CMD_STATUS_GET, st);
}

static int nl_challenge(struct nl *nl, unsigned char *out)
{
	struct status st;
	int rc = nl_simple(nl, CORDON_CMD_CHALLENGE_GET, &st);

	if (rc == 0 && !st.has_challenge)
		rc = -EPROTO;
	if (rc == 0)
		memcpy(out, st.challenge, CORDON_CHALLENGE_SIZE);
	return rc;
}

struct load {
	struct blob blob, sig;		/* sig.data NULL: none */
	const void *ticket;		/* NULL: none */
	size_t ticket_len;
	const void *tsig;		/* NULL: none */
	size_t tsig_len;
};

static int nl_load(struct nl *nl, const struct load *q)
{
	size_t room = MNL_ALIGN(q->blob.len) + MNL_ALIGN(q->sig.len) +
		      MNL_ALIGN(q->ticket_len) + MNL_ALIGN(q->tsig_len) +
		      4 * MNL_ATTR_HDRLEN;
	struct nlmsghdr *nlh = msg_new(nl, nl->family, CORDON_CMD_POLICY_LOAD,
				       room);

	if (!nlh)
		return -ENOMEM;
	mnl_attr_put(nlh, CORDON_A_POLICY, q->blob.len, q->blob.data);
	if (q->sig.data)
		mnl_attr_put(nlh, CORDON_A_SIGNATURE, q->sig.len, q->sig.data);
	if (q->ticket)
		mnl_attr_put(nlh, CORDON_A_TICKET, q->ticket_len, q->ticket);
	if (q->tsig)
		mnl_attr_put(nlh, CORDON_A_TICKET_SIGNATURE, q->tsig_len,
			     q->tsig);
	return nl_talk(nl, nlh, NULL);
}

/* --- tickets ------------------------------------------------------------ */

static void sha256(const void *data, size_t len, unsigned char out[32])
{
	EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL);
}

static void make_ticket(struct cordon_ticket *t, const unsigned char *challenge,
			struct blob policy)
{
	memset(t, 0, sizeof(*t));
	t->magic = htole32(CORDON_TICKET_MAGIC);
	t->format = htole16(CORDON_TICKET_FORMAT);
	t->size = htole16(sizeof(*t));
	t->flags = htole32(CORDON_TICKET_F_MANIFEST);
	memcpy(t->challenge, challenge, CORDON_CHALLENGE_SIZE);
	sha256(policy.data, policy.len, t->policy_digest);
	memset(t->pcr_digest, 0x5a, sizeof(t->pcr_digest));
	t->issued = htole64((uint64_t)time(NULL));
}

/*
 * A detached CMS signature of data by key/cert (PEM key, DER cert), as
 * libcordon's cordon_sign_buf() and scripts/sign-file make them; malloc()ed.
 */
static unsigned char *cms_sign(const void *data, size_t len, struct blob key,
			       struct blob cert, size_t *siglen)
{
	const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOCERTS;
	const unsigned char *cp = cert.data;
	unsigned char *out = NULL, *p;
	CMS_ContentInfo *cms = NULL;
	EVP_PKEY *pkey = NULL;
	BIO *kb, *in = NULL;
	X509 *x = NULL;
	int n;

	kb = BIO_new_mem_buf(key.data, (int)key.len);
	pkey = kb ? PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL) : NULL;
	x = d2i_X509(NULL, &cp, (long)cert.len);
	in = BIO_new_mem_buf(data, (int)len);
	if (!pkey || !x || !in)
		goto out;
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags | CMS_PARTIAL);
	if (!cms ||
	    !CMS_add1_signer(cms, x, pkey, EVP_sha256(),
			     flags | CMS_NOSMIMECAP | CMS_NOATTR) ||
	    CMS_final(cms, in, NULL, flags) != 1)
		goto out;
	n = i2d_CMS_ContentInfo(cms, NULL);
	if (n <= 0)
		goto out;
	out = malloc(n);
	p = out;
	if (out && i2d_CMS_ContentInfo(cms, &p) != n) {
		free(out);
		out = NULL;
	}
	*siglen = out ? (size_t)n : 0;
out:
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	BIO_free(kb);
	EVP_PKEY_free(pkey);
	X509_free(x);
	return out;
}

#define VERIFIER BLOB(verifier_key), BLOB(verifier_der)
#define SIGNER BLOB(signer_key), BLOB(signer_der)
#define SUB BLOB(sub_key), BLOB(sub_der)

/* --- expectations --------------------------------------------------------- */

#define NL_OPEN(nl) do { \
	int _rc = nl_open(nl); \
	if (_rc == -ENOENT && !cordon_expected_active()) \
		SKIP(return, "cordon is not active in this boot"); \
	ASSERT_EQ(0, _rc) TH_LOG("cannot open the cordon family: %s", strerror(-_rc)); \
} while (0)

/*
 * Push q, expect err and a reason; the active policy, and (for a refusal)
 * the policy stays, both counters rise by one and the challenge changes.
 */
static void __expect_refused(struct __test_metadata *_metadata, struct nl *nl,
			     const struct load *q, int err, const char *what)
{
	unsigned char c0[CORDON_CHALLENGE_SIZE], c1[CORDON_CHALLENGE_SIZE];
	struct status s0, s1;
	int rc;

	ASSERT_EQ(0, nl_status(nl, &s0));
	ASSERT_EQ(0, nl_challenge(nl, c0));
	rc = nl_load(nl, q);
	TH_LOG("%s: %s (%s)", what, rc ? strerror(-rc) : "loaded", nl->ext);
	ASSERT_EQ(-err, rc);
	EXPECT_NE('\0', nl->ext[0]) TH_LOG("no reason in the extended ack");
	ASSERT_EQ(0, nl_status(nl, &s1));
	EXPECT_STREQ(s0.name, s1.name);
	EXPECT_EQ(s0.version, s1.version);
	EXPECT_EQ(s0.ticketed, s1.ticketed);
	EXPECT_EQ(s0.rejects + 1, s1.rejects);
	ASSERT_EQ(0, nl_challenge(nl, c1));
	EXPECT_NE(0, memcmp(c0, c1, sizeof(c0)))
		TH_LOG("the challenge survived a refused load");
}

#define expect_refused(nl, q, err, what) \
	__expect_refused(_metadata, nl, q, err, what)

/* a ticket for the current challenge and blob, signed by key/cert */
struct ticket {
	struct cordon_ticket t;
	unsigned char *sig;
	size_t siglen;
};

static void __ticket_for(struct __test_metadata *_metadata, struct nl *nl,
			 struct ticket *tk, struct blob policy,
			 struct blob key, struct blob cert)
{
	unsigned char c[CORDON_CHALLENGE_SIZE];

	ASSERT_EQ(0, nl_challenge(nl, c));
	make_ticket(&tk->t, c, policy);
	tk->sig = cms_sign(&tk->t, sizeof(tk->t), key, cert, &tk->siglen);
	ASSERT_NE(NULL, tk->sig) TH_LOG("signing the ticket failed");
}

#define ticket_for(nl, tk, policy, who) \
	__ticket_for(_metadata, nl, tk, policy, who)

static struct load load_with(struct signed_blob p, const struct ticket *tk)
{
	struct load q = { .blob = p.blob, .sig = p.sig };

	if (tk) {
		q.ticket = &tk->t;
		q.ticket_len = sizeof(tk->t);
		q.tsig = tk->sig;
		q.tsig_len = tk->siglen;
	}
	return q;
}

/* --- tests ----------------------------------------------------------------- */

TEST(challenge_is_stable_until_a_load)
{
	unsigned char a[CORDON_CHALLENGE_SIZE], b[CORDON_CHALLENGE_SIZE];
	static const unsigned char zero[CORDON_CHALLENGE_SIZE];
	struct nl nl;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_challenge(&nl, a));
	ASSERT_EQ(0, nl_challenge(&nl, b));
	EXPECT_EQ(0, memcmp(a, b, sizeof(a))) TH_LOG("reading changed the challenge");
	EXPECT_NE(0, memcmp(a, zero, sizeof(a)));
	nl_close(&nl);
}

TEST(challenge_needs_cap_mac_admin)
{
	struct nl nl;
	pid_t pid;
	int status;

	NL_OPEN(&nl);
	nl_close(&nl);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		unsigned char c[CORDON_CHALLENGE_SIZE];
		struct nl n2;

		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(2);
		if (nl_open(&n2))
			_exit(3);
		_exit(nl_challenge(&n2, c) == -EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("an unprivileged caller read the challenge");
}

TEST(status_reports_the_mode)
{
	char buf[4096];
	struct status st;
	struct nl nl;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &st));
	EXPECT_STREQ(g_required ? "required" : "optional", st.attest);
	ASSERT_LT(0, read_file(CORDON_SECFS "/status", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, g_required ? "\nattest: required\n" :
						 "\nattest: optional\n"));
	EXPECT_NE(NULL, strstr(buf, "\nticket: "));
	nl_close(&nl);
}

TEST(no_ticket_refused_when_required)
{
	struct load q = load_with(pol(2001), NULL);
	struct status s0, s1;
	struct nl nl;

	NL_OPEN(&nl);
	if (!g_required)
		SKIP(nl_close(&nl); return, "cordon.attest=optional: a load needs no ticket");
	ASSERT_EQ(0, nl_status(&nl, &s0));
	expect_refused(&nl, &q, EACCES, "signed policy, no ticket");
	ASSERT_EQ(0, nl_status(&nl, &s1));
	EXPECT_EQ(s0.ticket_rejects + 1, s1.ticket_rejects);
	nl_close(&nl);
}

TEST(ticket_for_another_challenge)
{
	struct ticket tk;
	struct load q;
	struct nl nl;

	NL_OPEN(&nl);
	ticket_for(&nl, &tk, pol(2001).blob, VERIFIER);
	tk.t.challenge[7] ^= 0x40;
	free(tk.sig);
	tk.sig = cms_sign(&tk.t, sizeof(tk.t), VERIFIER, &tk.siglen);
	ASSERT_NE(NULL, tk.sig);
	q = load_with(pol(2001), &tk);
	expect_refused(&nl, &q, ETIME, "ticket for another challenge");
	free(tk.sig);
	nl_close(&nl);
}

TEST(ticket_for_a_consumed_challenge)
{
	struct ticket tk, bad;
	struct load q;
	struct nl nl;

	NL_OPEN(&nl);
	/* a valid ticket, then a refused attempt (a ticket without signature) */
	ticket_for(&nl, &tk, pol(2001).blob, VERIFIER);
	bad = tk;
	bad.sig = NULL;
	bad.siglen = 0;
	q = load_with(pol(2001), &bad);
	expect_refused(&nl, &q, EBADE, "ticket without its signature");
	/* the refused attempt consumed the challenge the ticket was for */
	q = load_with(pol(2001), &tk);
	expect_refused(&nl, &q, ETIME, "ticket for the challenge before a refused load");
	free(tk.sig);
	nl_close(&nl);
}

TEST(ticket_for_another_blob)
{
	struct ticket tk;
	struct load q;
	struct nl nl;

	NL_OPEN(&nl);
	ticket_for(&nl, &tk, pol(2002).blob, VERIFIER);
	q = load_with(pol(2001), &tk);
	expect_refused(&nl, &q, ENOMSG, "ticket for another blob");
	free(tk.sig);
	nl_close(&nl);
}

TEST(ticket_signed_by_a_policy_signer)
{
	struct ticket tk;
	struct load q;
	struct nl nl;

	NL_OPEN(&nl);
	ticket_for(&nl, &tk, pol(2001).blob, SIGNER);
	q = load_with(pol(2001), &tk);
	expect_refused(&nl, &q, EKEYREVOKED, "ticket signed by the policy signer");
	free(tk.sig);
	nl_close(&nl);
}

TEST(ticket_tampered_after_signing)
{
	struct ticket tk;
	struct load q;
	struct nl nl;

	NL_OPEN(&nl);
	ticket_for(&nl, &tk, pol(2001).blob, VERIFIER);
	tk.t.pcr_digest[0] ^= 1;
	q = load_with(pol(2001), &tk);
	expect_refused(&nl, &q, EKEYREVOKED, "ticket changed after signing");
	free(tk.sig);
	nl_close(&nl);
}

TEST(ticket_malformed)
{
	struct ticket tk;
	struct load q;
	struct nl nl;

	NL_OPEN(&nl);
	/* validly signed, so that the form check is what refuses it */
	ticket_for(&nl, &tk, pol(2001).blob, VERIFIER);
	tk.t.flags = htole32(0x100);
	free(tk.sig);
	tk.sig = cms_sign(&tk.t, sizeof(tk.t), VERIFIER, &tk.siglen);
	ASSERT_NE(NULL, tk.sig);
	q = load_with(pol(2001), &tk);
	expect_refused(&nl, &q, EBADE, "ticket with an unknown flag");
	free(tk.sig);

	ticket_for(&nl, &tk, pol(2001).blob, VERIFIER);
	free(tk.sig);
	tk.sig = cms_sign(&tk.t, sizeof(tk.t) - 1, VERIFIER, &tk.siglen);
	ASSERT_NE(NULL, tk.sig);
	q = load_with(pol(2001), &tk);
	q.ticket_len = sizeof(tk.t) - 1;
	expect_refused(&nl, &q, EBADE, "ticket of 127 bytes");
	free(tk.sig);

	/* a ticket signature without a ticket */
	ticket_for(&nl, &tk, pol(2001).blob, VERIFIER);
	q = load_with(pol(2001), &tk);
	q.ticket = NULL;
	q.ticket_len = 0;
	expect_refused(&nl, &q, EBADE, "ticket signature without a ticket");
	free(tk.sig);
	nl_close(&nl);
}

TEST(verifier_cannot_sign_a_policy)
{
	struct signed_blob p = pol(2001);
	unsigned char *vsig;
	struct ticket tk;
	struct load q;
	size_t vlen;
	struct nl nl;

	NL_OPEN(&nl);
	vsig = cms_sign(p.blob.data, p.blob.len, VERIFIER, &vlen);
	ASSERT_NE(NULL, vsig);
	ticket_for(&nl, &tk, p.blob, VERIFIER);
	q = load_with(p, &tk);
	q.sig = (struct blob){ vsig, vlen };
	/* the ticket passes; the policy's signer is not in .cordon */
	expect_refused(&nl, &q, ENOKEY, "policy signed by the verifier");
	free(tk.sig);
	free(vsig);
	nl_close(&nl);
}

/* IMA: the load's entry holds the blob's digest, then the ticket's */
static bool ima_has(const char *event, const unsigned char *buf, size_t len)
{
	char want[2 * 64 + 1], *log, *line, *save = NULL;
	bool found = false;
	size_t size = 4 << 20;
	ssize_t n;

	for (size_t i = 0; i < len; i++)
		sprintf(want + 2 * i, "%02x", buf[i]);
	log = malloc(size);
	if (!log)
		return false;
	n = read_file("/sys/kernel/security/ima/ascii_runtime_measurements",
		      log, size);
	for (line = n > 0 ? strtok_r(log, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *name = strstr(line, event);

		if (name && name[strlen(event)] == ' ' &&
		    !strcmp(name + strlen(event) + 1, want))
			found = true;
	}
	free(log);
	return found;
}

TEST(ticketed_load)
{
	struct signed_blob p = pol(2001);
	unsigned char tdigest[32], buf[64];
	struct status s0, s1;
	struct ticket tk;
	struct load q;
	char event[128];
	struct nl nl;
	int rc;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &s0));
	if (s0.version >= p.version)
		SKIP(nl_close(&nl); return, "version %llu is active: reboot to rerun",
		     (unsigned long long)s0.version);
	ticket_for(&nl, &tk, p.blob, VERIFIER);
	q = load_with(p, &tk);
	rc = nl_load(&nl, &q);
	ASSERT_EQ(0, rc) TH_LOG("ticketed load refused: %s (%s)", strerror(-rc), nl.ext);
	ASSERT_EQ(0, nl_status(&nl, &s1));
	EXPECT_EQ(p.version, s1.version);
	EXPECT_TRUE(s1.ticketed);
	sha256(&tk.t, sizeof(tk.t), tdigest);
	ASSERT_TRUE(s1.has_ticket_digest);
	EXPECT_EQ(0, memcmp(tdigest, s1.ticket_digest, 32));
	EXPECT_EQ(s0.rejects, s1.rejects);

	if (access("/sys/kernel/security/ima/ascii_runtime_measurements", R_OK)) {
		TH_LOG("no IMA log in this boot: the measurement is not checked");
	} else {
		snprintf(event, sizeof(event), "cordon-policy:%s:%llu", s1.name,
			 (unsigned long long)s1.version);
		sha256(p.blob.data, p.blob.len, buf);
		memcpy(buf + 32, tdigest, 32);
		EXPECT_TRUE(ima_has(event, buf, sizeof(buf)))
			TH_LOG("no IMA entry %s holding the blob's and the ticket's digests", event);
	}

	/* the same ticket again, for the next version: its challenge is gone */
	q = load_with(pol(2002), &tk);
	expect_refused(&nl, &q, ETIME, "a used ticket replayed");
	free(tk.sig);
	nl_close(&nl);
}

TEST(second_load)
{
	struct signed_blob p = pol(2002);
	struct status s0, s1;
	struct ticket tk;
	struct load q;
	struct nl nl;
	int rc;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &s0));
	if (s0.version >= p.version)
		SKIP(nl_close(&nl); return, "version %llu is active: reboot to rerun",
		     (unsigned long long)s0.version);
	if (g_required) {
		ticket_for(&nl, &tk, p.blob, VERIFIER);
		q = load_with(p, &tk);
	} else {
		/* optional: no ticket, and the status says so */
		q = load_with(p, NULL);
		tk.sig = NULL;
	}
	rc = nl_load(&nl, &q);
	ASSERT_EQ(0, rc) TH_LOG("load refused: %s (%s)", strerror(-rc), nl.ext);
	ASSERT_EQ(0, nl_status(&nl, &s1));
	EXPECT_EQ(p.version, s1.version);
	EXPECT_EQ(g_required, s1.ticketed);
	EXPECT_EQ(g_required, s1.has_ticket_digest);
	free(tk.sig);
	nl_close(&nl);
}

TEST(verifier_added_at_run_time)
{
	struct signed_blob p = pol(2003);
	key_serial_t ring, id;
	struct status s0;
	struct ticket tk;
	struct load q;
	struct nl nl;
	int rc;

	NL_OPEN(&nl);
	ASSERT_EQ(0, nl_status(&nl, &s0));
	if (s0.version >= p.version)
		SKIP(nl_close(&nl); return, "version %llu is active: reboot to rerun",
		     (unsigned long long)s0.version);
	ring = find_key_by_type_and_desc("keyring", ".cordon_verifier", 0);
	ASSERT_LT(0, ring) TH_LOG("no .cordon_verifier keyring: %s", strerror(errno));

	/* not yet a verifier */
	ticket_for(&nl, &tk, p.blob, SUB);
	q = load_with(p, &tk);
	expect_refused(&nl, &q, EKEYREVOKED, "ticket by a key not (yet) in .cordon_verifier");
	free(tk.sig);

	/* a certificate no trusted key signed is refused */
	id = add_key("asymmetric", NULL, rogue_der_start,
		     rogue_der_end - rogue_der_start, ring);
	EXPECT_GT(0, id) TH_LOG("an untrusted certificate entered .cordon_verifier");

	/* a CA-signed one is taken, and its key then signs tickets */
	id = add_key("asymmetric", NULL, sub_der_start,
		     sub_der_end - sub_der_start, ring);
	ASSERT_LT(0, id) TH_LOG("adding a CA-signed certificate: %s", strerror(errno));
	ticket_for(&nl, &tk, p.blob, SUB);
	q = load_with(p, &tk);
	rc = nl_load(&nl, &q);
	EXPECT_EQ(0, rc) TH_LOG("ticket by the added verifier refused: %s (%s)",
				strerror(-rc), nl.ext);
	free(tk.sig);
	nl_close(&nl);
}

static int boot_mode(void)
{
	char cmdline[4096], *p;

	if (read_file("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		return 0;
	p = strstr(cmdline, "cordon.mode=");
	if (!p)
		return 0;
	p += strlen("cordon.mode=");
	if (!strncmp(p, "complain", 8))
		return 1;
	if (!strncmp(p, "off", 3))
		return 2;
	return 0;
}

int main(int argc, char **argv)
{
	struct signed_blob all[3][5] = {
		MODE_POLICIES(enforce), MODE_POLICIES(complain), MODE_POLICIES(off),
	};
	char buf[4096];

	memcpy(g_policies, all, sizeof(all));
	g_mode = boot_mode();
	/*
	 * the mode the boot asked for (the test kernel's default is
	 * optional); status_reports_the_mode checks the kernel took it
	 */
	g_required = read_file("/proc/cmdline", buf, sizeof(buf)) > 0 &&
		     strstr(buf, "cordon.attest=required");
	ksft_print_msg("cordon.attest=%s, boot mode %s\n",
		       g_required ? "required" : "optional",
		       (const char *[]){ "enforce", "complain", "off" }[g_mode]);
	return test_harness_run(argc, argv);
}
