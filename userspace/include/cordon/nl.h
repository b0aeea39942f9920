/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - client of the "cordon" generic netlink family (libmnl)
 *
 * The family, its commands and attributes are defined in <linux/cordon.h>.
 * A struct cordon_nl is one netlink socket bound to the family; it holds
 * all the state (no globals), so two handles may be used by two threads,
 * but one handle by one thread at a time.
 *
 * Every request asks for an acknowledgment (NLM_F_ACK) and the socket has
 * extended acks on (NETLINK_EXT_ACK, with NETLINK_CAP_ACK so that an error
 * does not echo a multi-megabyte request back). When the kernel refuses a
 * request, the function returns the kernel's negated errno, the message in
 * err reads "<extack message> (<ERRNO NAME>: <strerror>)", for example
 * "signature rejected (EKEYREJECTED: Key was rejected by service)", or
 * "<ERRNO NAME>: <strerror>" if the kernel gave no message, and
 * cordon_nl_refused() returns true. Other failures (socket, send, receive,
 * malformed reply) leave cordon_nl_refused() false and describe themselves
 * in err.
 *
 * Other conventions (errors, err/errlen) are those of <cordon/cordon.h>.
 */
#ifndef CORDON_NL_H
#define CORDON_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include <linux/cordon.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The most policy bytes put in one CORDON_A_POLICY attribute. */
#define CORDON_NL_CHUNK 65000

/* The most signature bytes one attribute holds (nla_len is 16 bits). */
#define CORDON_NL_ATTR_MAX_PAYLOAD (0xffff - NLA_HDRLEN)

/* Size of the buffer one received netlink datagram is read into. */
#define CORDON_NL_RECV_SIZE 32768

struct cordon_nl;

/*
 * cordon_nl_open - open a netlink socket and resolve the "cordon" family
 * @nlp: set to the new handle on success
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Resolves the family id and its "events" multicast group with
 * CTRL_CMD_GETFAMILY.
 *
 * Return: 0; -ENOENT if the running kernel has no "cordon" family (cordon
 * is not built in or not active); the negated errno of socket(2),
 * bind(2), send or receive; -EPROTO for a malformed reply; -ENOMEM.
 */
int cordon_nl_open(struct cordon_nl **nlp, char *err, size_t errlen);

/* cordon_nl_close - close the socket and free the handle; NULL is a no-op */
void cordon_nl_close(struct cordon_nl *nl);

/* cordon_nl_family - the family's id, the nlmsg_type of its messages */
uint16_t cordon_nl_family(const struct cordon_nl *nl);

/* cordon_nl_events_group - the "events" group's id, 0 if there is none */
uint32_t cordon_nl_events_group(const struct cordon_nl *nl);

/*
 * cordon_nl_refused - whether the last failed request was refused by the
 * kernel (an NLMSG_ERROR or an error in NLMSG_DONE) rather than failing
 * in userspace or on the way
 */
bool cordon_nl_refused(const struct cordon_nl *nl);

/*
 * cordon_nl_errname - the symbolic name of an errno value
 * @e: a positive or negative errno value
 *
 * Return: "EKEYREJECTED" and the like, or "unknown errno" for a value
 * glibc has no name for. Never NULL.
 */
const char *cordon_nl_errname(int e);

/*
 * cordon_nl_load_size - the size of the CORDON_CMD_POLICY_LOAD message
 * @len: the policy blob's length
 * @siglen: the signature's length, 0 for none
 *
 * Return: the message's length in bytes: headers, ceil(@len / 65000)
 * CORDON_A_POLICY attributes and, if @siglen, one CORDON_A_SIGNATURE.
 */
size_t cordon_nl_load_size(size_t len, size_t siglen);

/*
 * cordon_nl_build_load - build a CORDON_CMD_POLICY_LOAD request
 * @buf: receives the message, which starts at @buf (a struct nlmsghdr);
 *	suitably aligned for it (malloc() memory is)
 * @size: size of @buf, at least cordon_nl_load_size(@len, @siglen)
 * @family: the family id
 * @seq: the sequence number
 * @blob: the policy blob
 * @len: its length, 1..CORDON_POLICY_MAX_SIZE
 * @sig: the detached PKCS#7 signature, DER; may be NULL if @siglen is 0,
 *	then the message has no CORDON_A_SIGNATURE (the kernel answers
 *	ENODATA)
 * @siglen: its length, at most CORDON_NL_ATTR_MAX_PAYLOAD
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * The message has NLM_F_REQUEST | NLM_F_ACK, a genetlink header with
 * CORDON_CMD_POLICY_LOAD and CORDON_GENL_VERSION, then the blob in order
 * in CORDON_A_POLICY attributes of CORDON_NL_CHUNK bytes (the last one
 * shorter), then CORDON_A_SIGNATURE. Its length is in nlmsg_len.
 *
 * Return: 0; -EINVAL for an empty blob or invalid arguments; -E2BIG for
 * a blob over CORDON_POLICY_MAX_SIZE or a signature over
 * CORDON_NL_ATTR_MAX_PAYLOAD; -ENOBUFS if @size is too small.
 */
int cordon_nl_build_load(void *buf, size_t size, uint16_t family,
			 uint32_t seq, const void *blob, size_t len,
			 const void *sig, size_t siglen, char *err,
			 size_t errlen);

/*
 * cordon_nl_load - send a policy and its signature to the kernel
 * @nl: the handle
 * @blob: the policy blob
 * @len: its length
 * @sig: its detached signature (see cordon_nl_build_load())
 * @siglen: its length
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Raises the socket's send buffer to fit the message (SO_SNDBUFFORCE,
 * which needs CAP_NET_ADMIN, else SO_SNDBUF, bounded by
 * net.core.wmem_max), sends it and waits for the acknowledgment.
 *
 * Return: 0 when the kernel accepted the policy; the kernel's negated
 * errno when it refused it (see cordonctl(8) for their meaning); an error
 * of cordon_nl_build_load(); -EMSGSIZE if the send buffer cannot be made
 * large enough; another negated errno of the socket.
 */
int cordon_nl_load(struct cordon_nl *nl, const void *blob, size_t len,
		   const void *sig, size_t siglen, char *err, size_t errlen);

/*
 * A verifier ticket for a load (struct cordon_ticket, see <linux/cordon.h>)
 * and its detached PKCS#7 signature by a verifier key, DER. The kernel
 * checks it before the policy (cordon.attest=required: it must be there).
 */
struct cordon_nl_ticket {
	const void *ticket;
	size_t len;		/* 1..CORDON_NL_ATTR_MAX_PAYLOAD */
	const void *sig;
	size_t siglen;		/* 1..CORDON_NL_ATTR_MAX_PAYLOAD */
};

/*
 * cordon_nl_load_ticket_size - cordon_nl_load_size() for a load that also
 * carries @t (NULL: none): one CORDON_A_TICKET, one CORDON_A_TICKET_SIGNATURE
 */
size_t cordon_nl_load_ticket_size(size_t len, size_t siglen,
				  const struct cordon_nl_ticket *t);

/*
 * cordon_nl_build_load_ticket - cordon_nl_build_load() with a ticket
 * @t: the ticket and its signature, appended after CORDON_A_SIGNATURE as
 *	CORDON_A_TICKET and CORDON_A_TICKET_SIGNATURE; NULL for none (the
 *	message is then that of cordon_nl_build_load())
 * (the other arguments as cordon_nl_build_load(); @size at least
 * cordon_nl_load_ticket_size())
 *
 * Return: as cordon_nl_build_load(); -EINVAL also for a ticket or a
 * ticket signature that is empty; -E2BIG for one over
 * CORDON_NL_ATTR_MAX_PAYLOAD.
 */
int cordon_nl_build_load_ticket(void *buf, size_t size, uint16_t family,
				uint32_t seq, const void *blob, size_t len,
				const void *sig, size_t siglen,
				const struct cordon_nl_ticket *t, char *err,
				size_t errlen);

/*
 * cordon_nl_load_ticket - cordon_nl_load() with a ticket (@t NULL: none)
 *
 * Return: as cordon_nl_load(); the kernel's refusals of the ticket are
 * -EACCES (attestation required, no ticket), -EBADE (malformed ticket, or
 * one without its signature), -EKEYREVOKED (not signed by a verifier key),
 * -ETIME (not for the current challenge), -ENOMSG (for another blob): see
 * cordon_nl_attest_refusal().
 */
int cordon_nl_load_ticket(struct cordon_nl *nl, const void *blob, size_t len,
			  const void *sig, size_t siglen,
			  const struct cordon_nl_ticket *t, char *err,
			  size_t errlen);

/*
 * cordon_nl_attest_refusal - whether a load's errno is the kernel's ticket
 * check refusing it (the attestation gate) rather than the policy checks
 * @e: a positive or negative errno value, as cordon_nl_load_ticket() returned
 *
 * Return: true for EACCES, EBADE, EKEYREVOKED, ETIME, ENOMSG.
 */
bool cordon_nl_attest_refusal(int e);

/*
 * cordon_nl_challenge - read the kernel's current load challenge
 * @nl: the handle
 * @challenge: receives CORDON_CHALLENGE_SIZE bytes
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * The kernel replaces the challenge after every load attempt: read it
 * right before the attestation a ticket is made from.
 *
 * Return: 0; the kernel's negated errno (-EPERM without CAP_MAC_ADMIN,
 * -EOPNOTSUPP from a kernel without the command); -EPROTO for a missing
 * or malformed reply; a negated errno of the socket.
 */
int cordon_nl_challenge(struct cordon_nl *nl,
			unsigned char challenge[CORDON_CHALLENGE_SIZE],
			char *err, size_t errlen);

/* The SHA-256 digest of a policy blob. */
#define CORDON_NL_DIGEST_SIZE 32

/*
 * What CORDON_CMD_STATUS_GET reports. A has_* member tells whether the
 * kernel sent the matching attribute; strings are "" when absent.
 */
struct cordon_nl_status {
	char policy_name[CORDON_NAME_MAX];
	uint64_t policy_version;
	unsigned char digest[CORDON_NL_DIGEST_SIZE];
	bool has_policy_name, has_policy_version, has_digest;
	bool builtin;			/* CORDON_A_BUILTIN present */
	char mode[16];
	bool has_mode;
	uint32_t nr_profiles, nr_containers;
	bool has_nr_profiles, has_nr_containers;
	uint64_t denied, complained, loads, rejects;
	bool has_denied, has_complained, has_loads, has_rejects;
	char attest[16];		/* "required", "optional" */
	bool has_attest;
	bool ticketed;			/* CORDON_A_TICKETED present */
	unsigned char ticket_digest[CORDON_NL_DIGEST_SIZE];
	bool has_ticket_digest;
	uint64_t ticket_rejects;
	bool has_ticket_rejects;
};

/*
 * cordon_nl_parse_status - parse a CORDON_CMD_STATUS_GET reply
 * @nlh: the message (genetlink header, then attributes)
 * @st: filled in on success (zeroed first)
 *
 * Attributes unknown to this version are ignored; CORDON_A_PAD too.
 *
 * Return: 0; -EPROTO if the message is too short or a known attribute has
 * the wrong size or an unterminated string, or a digest is not 32 bytes.
 */
int cordon_nl_parse_status(const struct nlmsghdr *nlh,
			   struct cordon_nl_status *st);

/*
 * cordon_nl_status - ask the kernel for the active policy and counters
 * @nl: the handle
 * @st: filled in on success
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Return: 0; the kernel's negated errno (-EPERM without CAP_MAC_ADMIN);
 * -EPROTO for a malformed or missing reply; a negated errno of the socket.
 */
int cordon_nl_status(struct cordon_nl *nl, struct cordon_nl_status *st,
		     char *err, size_t errlen);

/*
 * cordon_nl_tag - name a container and optionally bind it to a profile
 * @nl: the handle
 * @pid: a process in the container, in the caller's pid namespace
 * @name: the container's name (sent NUL-terminated), or NULL to leave it
 *	unnamed (or keep the name it has)
 * @profile: a profile of the active policy, or NULL to keep the profile
 *	the policy's selectors give; at least one of @name and @profile
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Return: 0; -EINVAL for an empty or over-long (CORDON_NAME_MAX with the
 * NUL) @name or @profile, or neither, checked before sending; the kernel's negated
 * errno (-ESRCH no such process, -EINVAL a host task or a bad name,
 * -ENOENT no such profile, -EPERM); a negated errno of the socket.
 */
int cordon_nl_tag(struct cordon_nl *nl, uint32_t pid, const char *name,
		  const char *profile, char *err, size_t errlen);

/*
 * cordon_nl_tag_pidfd - cordon_nl_tag() naming the process by a pidfd
 * @pidfd: a pidfd of a process in the container (pidfd_open(2), or one a
 *	runtime passed); unlike a pid it cannot come to name another process
 * @arm: arm the container now (what cordon_nl_tag() does); false only
 *	binds it, and it arms at its first execve (a runtime's hook that runs
 *	before the container's setup)
 *
 * The other arguments and the return value are cordon_nl_tag()'s; -EBADF
 * for a negative @pidfd, and the kernel's -EBADF or -EINVAL for a
 * descriptor that is not a pidfd.
 */
int cordon_nl_tag_pidfd(struct cordon_nl *nl, int pidfd, const char *name,
			const char *profile, bool arm, char *err,
			size_t errlen);

/*
 * One container of a CORDON_CMD_CONTAINER_GET dump. Strings point into the
 * received message and are valid during the callback only; they are ""
 * when the kernel sent no such attribute.
 */
struct cordon_nl_container {
	uint64_t id;
	const char *name;
	const char *profile;
	bool armed;
	uint32_t depth;
	bool has_depth;		/* CORDON_A_DEPTH present */
	uint32_t ns_mnt, ns_pid, ns_user;
	uint64_t denied, complained;
};

/*
 * cordon_nl_parse_container - parse one message of a container dump
 * @nlh: the message
 * @c: filled in on success
 *
 * Return: 0; -EPROTO as cordon_nl_parse_status(), or if
 * CORDON_A_CONTAINER_ID is missing.
 */
int cordon_nl_parse_container(const struct nlmsghdr *nlh,
			      struct cordon_nl_container *c);

/*
 * A callback for each container (or event): return 0 to go on, a
 * positive value to stop (the caller then returns 0), a negated errno to
 * stop with that error.
 */
typedef int (*cordon_nl_container_cb)(const struct cordon_nl_container *c,
				      void *data);

/*
 * cordon_nl_containers - dump the containers the kernel knows
 * @nl: the handle
 * @cb: called for each container, in the kernel's order
 * @data: passed to @cb
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Return: 0; an error @cb returned; the kernel's negated errno; -EINTR if
 * the dump was interrupted by a change (NLM_F_DUMP_INTR); -EPROTO for a
 * malformed message; a negated errno of the socket.
 */
int cordon_nl_containers(struct cordon_nl *nl, cordon_nl_container_cb cb,
			 void *data, char *err, size_t errlen);

/*
 * A CORDON_CMD_EVENT: a denial or a complaint. Strings as in struct
 * cordon_nl_container.
 */
struct cordon_nl_event {
	const char *action;	/* "denied" or "complain" */
	const char *area;
	const char *op;
	const char *rule;
	uint64_t container_id;
	uint32_t pid;
	const char *comm;
	const char *profile;
	const char *name;	/* the container's name, if it has one */
	bool has_container_id, has_pid;
};

/*
 * cordon_nl_parse_event - parse a CORDON_CMD_EVENT message
 * @nlh: the message
 * @ev: filled in on success
 *
 * Return: 0; -EPROTO as cordon_nl_parse_status().
 */
int cordon_nl_parse_event(const struct nlmsghdr *nlh,
			  struct cordon_nl_event *ev);

/*
 * A callback for each event, as cordon_nl_container_cb; @ev is NULL when
 * the socket overflowed and events were lost (ENOBUFS).
 */
typedef int (*cordon_nl_event_cb)(const struct cordon_nl_event *ev,
				  void *data);

/*
 * cordon_nl_monitor - join the "events" group and pass on each event
 * @nl: the handle
 * @cb: called for each event, and with NULL when events were lost
 * @data: passed to @cb
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Runs until @cb asks to stop or an error occurs. Messages other than
 * CORDON_CMD_EVENT of the family are skipped.
 *
 * Return: 0 when @cb stopped with a positive value; an error @cb
 * returned; -ENOENT if the family has no "events" group; the negated
 * errno of joining the group (e.g. -EPERM) or of receiving; -EPROTO for a
 * malformed event.
 */
int cordon_nl_monitor(struct cordon_nl *nl, cordon_nl_event_cb cb,
		      void *data, char *err, size_t errlen);

/*
 * cordon_nl_parse_ack - read the outcome of an NLMSG_ERROR or NLMSG_DONE
 * @nlh: the message
 * @msg: receives the kernel's extended ack message (NLMSGERR_ATTR_MSG),
 *	or "" if there is none
 * @msglen: size of @msg
 * @miss_type: set to the NLMSGERR_ATTR_MISS_TYPE attribute (a missing
 *	attribute's type) if present, else to 0; may be NULL
 *
 * Return: 0 for an acknowledgment (error 0, or NLMSG_DONE without error);
 * the kernel's negated errno; -EPROTO for a truncated message, a type
 * that is neither, or an error beyond the errno range (over 4095).
 */
int cordon_nl_parse_ack(const struct nlmsghdr *nlh, char *msg, size_t msglen,
			uint32_t *miss_type);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_NL_H */
