// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - the load gate: load challenge, verifier tickets, cordon.attest=
 *
 * The kernel, not the loader, decides whether a policy may be loaded.  It
 * keeps a load challenge of CORDON_CHALLENGE_SIZE random bytes, which a
 * CAP_MAC_ADMIN caller reads over netlink (CORDON_CMD_CHALLENGE_GET).  A
 * verifier that has checked the machine's measured state (a TPM quote over
 * the challenge, the IMA log against an allowlist) signs a ticket, struct
 * cordon_ticket, binding that challenge to the SHA-256 of the policy blob;
 * the load request carries the ticket and its signature.  Before the
 * policy's own signature is verified and the blob is parsed,
 * cordon_attest_check():
 *
 *  - in required mode (cordon.attest=required, the default with
 *    CONFIG_SECURITY_CORDON_ATTEST_REQUIRED) refuses a load without a
 *    ticket; in optional mode checks a ticket only when there is one;
 *  - verifies the ticket's detached PKCS#7 signature against the
 *    ".cordon_verifier" keyring, and only that one: the verifier role is
 *    separate from the policy signers' (".cordon", keyring.c), so a key
 *    trusted to sign policies cannot vouch for the machine's state, and a
 *    verifier cannot sign policies;
 *  - checks the ticket's fields, that its challenge is the current one and
 *    that it names this blob;
 *  - replaces the challenge, whatever the outcome: a ticket allows at most
 *    one load attempt, and a refused attempt cannot be retried with it.
 *
 * .cordon_verifier is made like .cordon: certificates built in from
 * CONFIG_SECURITY_CORDON_VERIFIER_KEYS, others added by root only when a
 * key of the builtin or secondary trusted keyring signed them.
 *
 * Copyright (C) 2026 The cordon authors
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/key.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/verification.h>
#include <crypto/algapi.h>
#include <crypto/sha2.h>
#include <keys/asymmetric-type.h>
#include <keys/system_keyring.h>

#include "cordon.h"
#include "attest.h"
#include "keyring.h"

static_assert(sizeof(struct cordon_ticket) == 128);

static bool cordon_attest_req __ro_after_init =
	IS_ENABLED(CONFIG_SECURITY_CORDON_ATTEST_REQUIRED);

static struct key *cordon_verifier_keyring __ro_after_init;

/*
 * The challenge, made on first use (the random pool is ready by then, and
 * not necessarily at LSM init), and replaced by every load attempt.  The
 * mutex also serialises ticket checks, so two loads cannot both use one
 * challenge.  It may be held across a signature verification: it sleeps.
 */
static DEFINE_MUTEX(cordon_challenge_mutex);
static u8 cordon_challenge[CORDON_CHALLENGE_SIZE];
static bool cordon_challenge_made;

/* the ticket the active policy was loaded with, for the status */
static DEFINE_SPINLOCK(cordon_last_lock);
static struct cordon_attest cordon_last;

static atomic64_t cordon_ticket_rejects = ATOMIC64_INIT(0);

/**
 * cordon_attest_required - is a ticket required for every load?
 *
 * Return: true with cordon.attest=required (or its Kconfig default).
 */
bool cordon_attest_required(void)
{
	return cordon_attest_req;
}

/**
 * cordon_attest_mode_parse - parse a cordon.attest= value
 * @str: "required" or "optional"; a trailing newline is accepted
 * @required: set on success
 *
 * Return: 0, or -EINVAL if @str is neither (@required untouched).
 */
int cordon_attest_mode_parse(const char *str, bool *required)
{
	static const char *const names[] = { "optional", "required" };
	int i = sysfs_match_string(names, str);

	if (i < 0)
		return -EINVAL;
	*required = i == 1;
	return 0;
}

static int __init cordon_attest_setup(char *str)
{
	if (cordon_attest_mode_parse(str, &cordon_attest_req))
		pr_warn("ignoring unknown cordon.attest=%s\n", str);
	return 1;
}
__setup("cordon.attest=", cordon_attest_setup);

/* with cordon_challenge_mutex held */
static void cordon_challenge_renew(void)
{
	get_random_bytes(cordon_challenge, sizeof(cordon_challenge));
	cordon_challenge_made = true;
}

/* with cordon_challenge_mutex held */
static const u8 *cordon_challenge_current(void)
{
	if (!cordon_challenge_made)
		cordon_challenge_renew();
	return cordon_challenge;
}

/**
 * cordon_attest_challenge - read the current load challenge
 * @out: receives CORDON_CHALLENGE_SIZE bytes
 *
 * Reading does not replace the challenge; a load attempt does.
 *
 * Context: process context; may sleep.
 */
void cordon_attest_challenge(u8 *out)
{
	mutex_lock(&cordon_challenge_mutex);
	memcpy(out, cordon_challenge_current(), CORDON_CHALLENGE_SIZE);
	mutex_unlock(&cordon_challenge_mutex);
}

/**
 * cordon_attest_consume - replace the challenge after a load attempt that
 * did not reach cordon_attest_check()
 *
 * Context: process context; may sleep.
 */
void cordon_attest_consume(void)
{
	mutex_lock(&cordon_challenge_mutex);
	cordon_challenge_renew();
	mutex_unlock(&cordon_challenge_mutex);
}

/**
 * cordon_ticket_check - check a ticket's fields against a challenge and a
 * policy blob's digest
 * @ticket: the ticket's bytes
 * @len: their length
 * @challenge: the current challenge, CORDON_CHALLENGE_SIZE bytes
 * @blob_digest: SHA-256 of the policy blob being loaded
 * @reason: set to why the ticket was refused
 *
 * The ticket's signature is not checked here.  Every field is: magic,
 * format, size, flags, reserved fields, challenge (in constant time) and
 * policy digest; pcr_digest and issued are the verifier's record and are
 * taken as they are.
 *
 * Return: 0; -EBADE for a malformed ticket (length, magic, format, size,
 * unknown flag, non-zero reserved field); -ETIME if its challenge is not
 * @challenge; -ENOMSG if its policy digest is not @blob_digest.
 */
int cordon_ticket_check(const void *ticket, size_t len, const u8 *challenge,
			const u8 *blob_digest, const char **reason)
{
	const struct cordon_ticket *t = ticket;

	if (len != sizeof(*t)) {
		*reason = "ticket: not 128 bytes";
		return -EBADE;
	}
	if (le32_to_cpu(t->magic) != CORDON_TICKET_MAGIC) {
		*reason = "ticket: bad magic";
		return -EBADE;
	}
	if (le16_to_cpu(t->format) != CORDON_TICKET_FORMAT) {
		*reason = "ticket: unknown format";
		return -EBADE;
	}
	if (le16_to_cpu(t->size) != sizeof(*t)) {
		*reason = "ticket: bad size field";
		return -EBADE;
	}
	if (le32_to_cpu(t->flags) & ~CORDON_TICKET_F_ALL) {
		*reason = "ticket: unknown flag";
		return -EBADE;
	}
	if (t->reserved || t->reserved2) {
		*reason = "ticket: reserved field set";
		return -EBADE;
	}
	if (crypto_memneq(t->challenge, challenge, sizeof(t->challenge))) {
		*reason = "ticket: not for the current challenge";
		return -ETIME;
	}
	if (crypto_memneq(t->policy_digest, blob_digest,
			  sizeof(t->policy_digest))) {
		*reason = "ticket: for another policy blob";
		return -ENOMSG;
	}
	return 0;
}

/*
 * The ticket's signature must come from a key in .cordon_verifier: not the
 * policy signers' .cordon, not the builtin trusted keys (the NULL keyring
 * verify_pkcs7_signature() would fall back to).  Every way it can fail is
 * one answer, EKEYREVOKED, distinct from the policy signature's answers;
 * the reason says which.
 */
static int cordon_ticket_verify(const struct cordon_ticket_req *req,
				const char **reason)
{
	int ret;

	if (!cordon_verifier_keyring) {
		*reason = "ticket: no verifier keyring";
		return -EKEYREVOKED;
	}
	ret = verify_pkcs7_signature(req->ticket, req->len, req->sig,
				     req->siglen, cordon_verifier_keyring,
				     VERIFYING_UNSPECIFIED_SIGNATURE, NULL, NULL);
	switch (ret) {
	case 0:
		return 0;
	case -ENOMEM:
		*reason = "out of memory";
		return ret;
	case -ENOKEY:
		*reason = "ticket: signer is not a trusted verifier";
		break;
	case -EKEYREJECTED:
		*reason = "ticket: signature rejected";
		break;
	case -EBADMSG:
	case -EMSGSIZE:
		*reason = "ticket: malformed signature";
		break;
	default:
		*reason = "ticket: signature check failed";
		break;
	}
	return -EKEYREVOKED;
}

/**
 * cordon_attest_check - the kernel's gate before a policy is loaded
 * @blob: the policy blob and its signature: its digest is taken from
 *	there (cordon_signed_digest(), computed once per load), only when a
 *	ticket's signature is valid
 * @req: the ticket and its signature the request carried (either may be
 *	NULL)
 * @att: set to what the check found, for cordon_attest_loaded()
 * @reason: set to why the load was refused
 *
 * Called for every load attempt before anything else is checked.  In
 * required mode a ticket is mandatory; in optional mode a load without
 * one passes, and a ticket, when given, is checked the same way.  The
 * challenge is replaced before returning, whatever the outcome.  A refusal
 * is counted here (and as a refused load by the caller, which audits it).
 *
 * Context: process context; may sleep.
 * Return: 0; -EACCES (no ticket, required mode); -EBADE (a ticket without
 * its signature or the reverse, or a malformed ticket); -EKEYREVOKED (the
 * signature is not a valid one by a key in .cordon_verifier); -ETIME (not
 * for the current challenge); -ENOMSG (for another blob); -ENOMEM.
 */
int cordon_attest_check(struct cordon_signed *blob,
			const struct cordon_ticket_req *req,
			struct cordon_attest *att, const char **reason)
{
	bool has_ticket = req && req->ticket, has_sig = req && req->sig;
	int ret = 0;

	memset(att, 0, sizeof(*att));
	mutex_lock(&cordon_challenge_mutex);
	if (!has_ticket && !has_sig) {
		if (cordon_attest_req) {
			*reason = "attestation required: no ticket";
			ret = -EACCES;
		}
		goto out;
	}
	if (!has_ticket || !has_sig) {
		*reason = has_ticket ? "ticket not signed" :
				       "ticket signature without a ticket";
		ret = -EBADE;
		goto out;
	}
	ret = cordon_ticket_verify(req, reason);
	if (ret)
		goto out;
	ret = cordon_ticket_check(req->ticket, req->len,
				  cordon_challenge_current(),
				  cordon_signed_digest(blob), reason);
	if (ret)
		goto out;
	att->ticketed = true;
	sha256(req->ticket, req->len, att->digest);
out:
	cordon_challenge_renew();
	mutex_unlock(&cordon_challenge_mutex);
	if (ret)
		atomic64_inc(&cordon_ticket_rejects);
	return ret;
}

/**
 * cordon_attest_loaded - record how the policy just activated was allowed
 * @att: what cordon_attest_check() found for its load
 */
void cordon_attest_loaded(const struct cordon_attest *att)
{
	spin_lock(&cordon_last_lock);
	cordon_last = *att;
	spin_unlock(&cordon_last_lock);
}

/**
 * cordon_attest_last - how the active policy was allowed
 * @att: receives whether its load carried a ticket, and the ticket's
 *	digest; not ticketed for the built-in policy
 */
void cordon_attest_last(struct cordon_attest *att)
{
	spin_lock(&cordon_last_lock);
	*att = cordon_last;
	spin_unlock(&cordon_last_lock);
}

/**
 * cordon_attest_rejects - loads refused by the ticket check since boot
 *
 * Return: the count.
 */
u64 cordon_attest_rejects(void)
{
	return atomic64_read(&cordon_ticket_rejects);
}

/* the floor check, for any floor (KUnit) */
static int cordon_floor_check(u64 version, u64 floor, const char **reason)
{
	if (version >= floor)
		return 0;
	*reason = "version below the kernel's floor";
	return -ESTALE;
}

/**
 * cordon_version_floor_check - refuse a policy version below the floor
 * @version: the version of the policy being loaded
 * @reason: set to why it was refused
 *
 * The floor, CONFIG_SECURITY_CORDON_MIN_POLICY_VERSION, is built into the
 * kernel: unlike the comparison with the active policy, which starts from
 * the built-in policy (version 0) at every boot, it survives reboots.
 *
 * Return: 0, or -ESTALE if @version is below the floor.
 */
int cordon_version_floor_check(u64 version, const char **reason)
{
	return cordon_floor_check(version,
				  CONFIG_SECURITY_CORDON_MIN_POLICY_VERSION,
				  reason);
}

/*
 * Create .cordon_verifier and load the embedded verifier certificates; a
 * late initcall for the same reason as .cordon's (keyring.c).
 */
static int __init cordon_attest_init(void)
{
	struct key *keyring;

	if (!cordon_initialized)
		return 0;
	pr_info("attestation %s for policy loads\n",
		cordon_attest_req ? "required" : "optional");

	keyring = cordon_keyring_create(CORDON_VERIFIER_KEYRING_NAME,
					cordon_verifier_certs,
					cordon_verifier_certs_size);
	if (IS_ERR(keyring)) {
		pr_err("cannot create the %s keyring: %ld; no ticket can be checked\n",
		       CORDON_VERIFIER_KEYRING_NAME, PTR_ERR(keyring));
		return PTR_ERR(keyring);
	}
	cordon_verifier_keyring = keyring;
	return 0;
}
late_initcall(cordon_attest_init);

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

/**
 * struct cordon_ticket_case - one row of the ticket validator's table
 * @desc: what the row checks
 * @off: offset of the byte changed in a valid ticket, -1 for none
 * @val: the value written there
 * @len: length passed to the validator (0: 128)
 * @err: expected answer
 */
struct cordon_ticket_case {
	const char *desc;
	int off;
	u8 val;
	size_t len;
	int err;
};

#define TOFF(field) offsetof(struct cordon_ticket, field)

static const struct cordon_ticket_case cordon_ticket_cases[] = {
	{ "valid", -1, 0, 0, 0 },
	{ "every flag", TOFF(flags), CORDON_TICKET_F_ALL, 0, 0 },
	{ "any pcr digest", TOFF(pcr_digest) + 5, 0xaa, 0, 0 },
	{ "any issue time", TOFF(issued) + 7, 0xff, 0, 0 },
	{ "empty", -1, 0, 1, -EBADE },
	{ "one byte short", -1, 0, 127, -EBADE },
	{ "one byte long", -1, 0, 129, -EBADE },
	{ "bad magic", TOFF(magic), 'X', 0, -EBADE },
	{ "magic's last byte", TOFF(magic) + 3, 0, 0, -EBADE },
	{ "format 0", TOFF(format), 0, 0, -EBADE },
	{ "format 2", TOFF(format), 2, 0, -EBADE },
	{ "format's high byte", TOFF(format) + 1, 1, 0, -EBADE },
	{ "size 127", TOFF(size), 127, 0, -EBADE },
	{ "size's high byte", TOFF(size) + 1, 1, 0, -EBADE },
	{ "unknown flag 0x8", TOFF(flags), 0x8, 0, -EBADE },
	{ "unknown flag 0x80000000", TOFF(flags) + 3, 0x80, 0, -EBADE },
	{ "reserved", TOFF(reserved), 1, 0, -EBADE },
	{ "reserved's last byte", TOFF(reserved) + 3, 1, 0, -EBADE },
	{ "reserved2", TOFF(reserved2), 1, 0, -EBADE },
	{ "reserved2's last byte", TOFF(reserved2) + 7, 0x80, 0, -EBADE },
	{ "challenge's first byte", TOFF(challenge), 0x01, 0, -ETIME },
	{ "challenge's last byte", TOFF(challenge) + 31, 0x01, 0, -ETIME },
	{ "digest's first byte", TOFF(policy_digest), 0x01, 0, -ENOMSG },
	{ "digest's last byte", TOFF(policy_digest) + 31, 0x01, 0, -ENOMSG },
};

static void cordon_ticket_case_desc(const struct cordon_ticket_case *c,
				    char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cordon_ticket, cordon_ticket_cases, cordon_ticket_case_desc);

static void test_ticket_check(struct kunit *test)
{
	const struct cordon_ticket_case *c = test->param_value;
	u8 challenge[CORDON_CHALLENGE_SIZE], digest[CORDON_DIGEST_SIZE];
	const char *reason = NULL;
	struct cordon_ticket *t;
	u8 *buf;
	int i;

	/* a little larger than a ticket, for the "one byte long" row */
	buf = kunit_kzalloc(test, sizeof(*t) + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	t = (struct cordon_ticket *)buf;
	for (i = 0; i < CORDON_CHALLENGE_SIZE; i++)
		challenge[i] = i;
	for (i = 0; i < CORDON_DIGEST_SIZE; i++)
		digest[i] = 0xf0 ^ i;
	t->magic = cpu_to_le32(CORDON_TICKET_MAGIC);
	t->format = cpu_to_le16(CORDON_TICKET_FORMAT);
	t->size = cpu_to_le16(sizeof(*t));
	t->flags = cpu_to_le32(CORDON_TICKET_F_MANIFEST);
	memcpy(t->challenge, challenge, sizeof(challenge));
	memcpy(t->policy_digest, digest, sizeof(digest));
	if (c->off >= 0)
		buf[c->off] = c->val;

	KUNIT_EXPECT_EQ_MSG(test, c->err,
			    cordon_ticket_check(buf, c->len ?: sizeof(*t),
						challenge, digest, &reason),
			    "%s", c->desc);
	if (c->err)
		KUNIT_EXPECT_NOT_NULL(test, reason);
}

static void test_attest_mode_parse(struct kunit *test)
{
	bool req = false;

	KUNIT_EXPECT_EQ(test, 0, cordon_attest_mode_parse("required", &req));
	KUNIT_EXPECT_TRUE(test, req);
	KUNIT_EXPECT_EQ(test, 0, cordon_attest_mode_parse("optional\n", &req));
	KUNIT_EXPECT_FALSE(test, req);
	req = true;
	KUNIT_EXPECT_EQ(test, -EINVAL, cordon_attest_mode_parse("", &req));
	KUNIT_EXPECT_EQ(test, -EINVAL, cordon_attest_mode_parse("require", &req));
	KUNIT_EXPECT_EQ(test, -EINVAL, cordon_attest_mode_parse("Required", &req));
	KUNIT_EXPECT_TRUE(test, req);
}

static void test_floor_check(struct kunit *test)
{
	const char *reason = NULL;

	KUNIT_EXPECT_EQ(test, 0, cordon_floor_check(0, 0, &reason));
	KUNIT_EXPECT_EQ(test, 0, cordon_floor_check(1, 0, &reason));
	KUNIT_EXPECT_EQ(test, 0, cordon_floor_check(5, 5, &reason));
	KUNIT_EXPECT_EQ(test, 0, cordon_floor_check(U64_MAX, 5, &reason));
	KUNIT_EXPECT_NULL(test, reason);
	KUNIT_EXPECT_EQ(test, -ESTALE, cordon_floor_check(4, 5, &reason));
	KUNIT_EXPECT_NOT_NULL(test, reason);
	KUNIT_EXPECT_EQ(test, -ESTALE, cordon_floor_check(0, 1, &reason));
	KUNIT_EXPECT_EQ(test, -ESTALE,
			cordon_floor_check(2147483646, 2147483647, &reason));
	/* the kernel's own floor admits itself */
	KUNIT_EXPECT_EQ(test, 0,
			cordon_version_floor_check(CONFIG_SECURITY_CORDON_MIN_POLICY_VERSION,
						   &reason));
}

static struct kunit_case cordon_attest_test_cases[] = {
	KUNIT_CASE_PARAM(test_ticket_check, cordon_ticket_gen_params),
	KUNIT_CASE(test_attest_mode_parse),
	KUNIT_CASE(test_floor_check),
	{}
};

static struct kunit_suite cordon_attest_test_suite = {
	.name = "cordon_attest",
	.test_cases = cordon_attest_test_cases,
};

kunit_test_suite(cordon_attest_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
