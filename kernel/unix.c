// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - unix sockets
 *
 * An armed container task may not connect or send to an abstract unix
 * socket bound outside its container (the containerd-shim class,
 * CVE-2020-15257: abstract sockets are reachable from any task sharing the
 * network namespace).  Pathname sockets are reachable only where the host
 * put them in the container's filesystem, so they are allowed unless the
 * profile says otherwise.  The owner of a socket is the container of the
 * credentials that opened its file.  Both hooks run under unix state locks.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/fs.h>
#include <linux/net.h>
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

static int check_peer(struct sock *other, const char *op)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag, *otag = NULL;
	const struct unix_address *addr;
	struct socket *osock;
	bool abstract, within;

	profile = cordon_confined(&tag);
	if (!profile)
		return 0;

	/* pairs with the release in af_unix's bind, as unix_getname() does */
	addr = smp_load_acquire(&unix_sk(other)->addr);
	abstract = addr && addr->len > offsetof(struct sockaddr_un, sun_path) &&
		   !addr->name->sun_path[0];
	if (!abstract && profile->allow_unix_path_cross)
		return 0;

	rcu_read_lock();
	osock = READ_ONCE(other->sk_socket);
	if (osock && osock->file)
		otag = rcu_dereference(cordon_cred(osock->file->f_cred)->tag);
	/* a socket without a file (being closed, kernel): the host's */
	within = cordon_tag_contains(tag, otag);
	rcu_read_unlock();
	if (within)
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_UNIX, op,
			     abstract ? "unix.abstract" : "unix.path", -EPERM,
			     unix_object, addr);
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
