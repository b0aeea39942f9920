// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - unix sockets
 *
 * An armed container task may not connect or send to an abstract unix
 * socket bound outside its container (the containerd-shim class,
 * CVE-2020-15257: abstract sockets are reachable from any task sharing the
 * network namespace), unless its profile has CORDON_IPC_UNIX_ABSTRACT in
 * ipc_cross (rule unix.abstract).  Pathname sockets, and unnamed ones
 * (socketpair, unbound datagram sockets), are reachable only where the host
 * put them in the container's filesystem or handed them over: they cross
 * the boundary only if the profile has CORDON_IPC_UNIX_PATH (rule
 * unix.path; the default profile has it).  The owner of a socket is the
 * container of the credentials that opened its file.  Both hooks run under
 * unix state locks and decide inside rcu_read_lock() without sleeping.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include "cordon.h"
#include "compat.h"

static void unix_object(struct audit_buffer *ab, const void *data)
{
	const struct unix_address *addr = data;
	size_t len;

	if (!addr || addr->len <= offsetof(struct sockaddr_un, sun_path)) {
		audit_log_format(ab, " socket=unnamed");
		return;
	}
	len = addr->len - offsetof(struct sockaddr_un, sun_path);
	if (addr->name->sun_path[0]) {
		audit_log_format(ab, " socket_path=");
		audit_log_n_untrustedstring(ab, addr->name->sun_path,
					    strnlen(addr->name->sun_path, len));
	} else {
		audit_log_format(ab, " socket_abstract=");
		audit_log_n_hex(ab, addr->name->sun_path + 1, len - 1);
	}
}

/* the peer's container; called inside rcu_read_lock() */
static const struct cordon_tag *peer_tag(struct sock *other)
{
	struct socket *osock = READ_ONCE(other->sk_socket);

	/* a socket without a file (being closed, kernel): the host's */
	if (!osock || !osock->file)
		return NULL;
	return rcu_dereference(cordon_cred(osock->file->f_cred)->tag);
}

/*
 * A container task connects or sends to @other: a peer within its own
 * container (or nested in it) is allowed before the profile is looked up.
 */
static noinline int check_peer_ctr(const struct cordon_tag *tag,
				   struct sock *other, const char *op)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *ptag;
	const struct unix_address *addr;
	bool abstract;
	int err = 0;

	rcu_read_lock();
	ptag = peer_tag(other);
	if (ptag == tag || cordon_tag_contains(tag, ptag))
		goto out;
	profile = cordon_tag_profile(tag);
	if (!profile)
		goto out;
	/* pairs with the release in af_unix's bind, as unix_getname() does */
	addr = smp_load_acquire(&unix_sk(other)->addr);
	abstract = addr && addr->len > offsetof(struct sockaddr_un, sun_path) &&
		   !addr->name->sun_path[0];
	if (!(profile->ipc_cross & (abstract ? CORDON_IPC_UNIX_ABSTRACT :
					       CORDON_IPC_UNIX_PATH)))
		err = cordon_decide(tag, profile, CORDON_AREA_UNIX, op,
				    abstract ? "unix.abstract" : "unix.path",
				    -EPERM, unix_object, addr);
out:
	rcu_read_unlock();
	return err;
}

/* the host connects and sends to any socket */
static int check_peer(struct sock *other, const char *op)
{
	const struct cordon_tag *tag = cordon_current_tag();

	if (likely(!tag))
		return 0;
	return check_peer_ctr(tag, other, op);
}

static int cordon_unix_stream_connect(struct sock *sock, struct sock *other,
				      struct sock *newsk)
{
	return check_peer(other, "unix_connect");
}

static int cordon_unix_may_send(struct socket *sock, struct socket *other)
{
	return check_peer(other->sk, "unix_send");
}

static struct security_hook_list unix_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(unix_stream_connect, cordon_unix_stream_connect),
	LSM_HOOK_INIT(unix_may_send, cordon_unix_may_send),
};

/**
 * cordon_unix_init - register the unix socket hooks
 */
void __init cordon_unix_init(void)
{
	cordon_add_hooks(unix_hooks, ARRAY_SIZE(unix_hooks));
}
