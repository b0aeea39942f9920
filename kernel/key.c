// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - keys
 *
 * Every key records the container of the credentials that created it.  An
 * armed container task may not read, search, link, view or otherwise use a
 * key of the host or of another container (keyrings are shared across
 * containers without a user namespace of their own: root's user keyring,
 * keys found through /proc/keys, a keyring joined by name...).  The
 * thread, process and session keyrings of the task's own credentials are
 * usable whoever made them.  A profile with CORDON_IPC_KEY in ipc_cross
 * lets the container use any key (rule: key.outside).  The hook decides
 * inside rcu_read_lock() without sleeping.  The owner is kept in the key's
 * blob on 6.12, in a table on 6.1 (which has no key blob for stacked
 * LSMs).
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/hashtable.h>
#include <linux/key.h>
#include <linux/key-type.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "cordon.h"
#include "compat.h"

#ifdef CORDON_HAVE_KEY_BLOB

/* 6.12: the owner lives in the key's blob */
static struct cordon_owner *key_owner(const struct key *key)
{
	return key->security + cordon_blob_sizes.lbs_key;
}

static int cordon_key_alloc(struct key *key, const struct cred *cred,
			    unsigned long flags)
{
	rcu_read_lock();
	cordon_owner_set(key_owner(key), cordon_cred_tag(cred));
	rcu_read_unlock();
	return 0;
}

/* inside rcu_read_lock() */
static bool cordon_key_within(const struct key *key,
			      const struct cordon_tag *tag)
{
	return cordon_owner_within(key_owner(key), tag);
}

#else /* !CORDON_HAVE_KEY_BLOB */

/*
 * 6.1: a key has a single security pointer, owned by SELinux or Smack, so
 * the owners live in a table keyed by the key, filled at key_alloc and
 * emptied at key_free.  A key missing from the table (made before cordon
 * started: the built-in keyrings) belongs to the host.
 */
struct cordon_key_entry {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct key *key;
	struct cordon_owner owner;
};

#define CORDON_KEY_HASH_BITS 10
static DEFINE_HASHTABLE(cordon_keys, CORDON_KEY_HASH_BITS);
static DEFINE_SPINLOCK(cordon_keys_lock);

static int cordon_key_alloc(struct key *key, const struct cred *cred,
			    unsigned long flags)
{
	struct cordon_key_entry *e = kmalloc(sizeof(*e), GFP_KERNEL);

	/* fail closed: a key whose owner cannot be recorded is not made */
	if (!e)
		return -ENOMEM;
	e->key = key;
	rcu_read_lock();
	cordon_owner_set(&e->owner, cordon_cred_tag(cred));
	rcu_read_unlock();
	spin_lock(&cordon_keys_lock);
	hash_add_rcu(cordon_keys, &e->node, (unsigned long)key);
	spin_unlock(&cordon_keys_lock);
	return 0;
}

static void cordon_key_free(struct key *key)
{
	struct cordon_key_entry *e;

	spin_lock(&cordon_keys_lock);
	hash_for_each_possible(cordon_keys, e, node, (unsigned long)key)
		if (e->key == key) {
			hash_del_rcu(&e->node);
			kfree_rcu(e, rcu);
			break;
		}
	spin_unlock(&cordon_keys_lock);
}

/* inside rcu_read_lock() */
static bool cordon_key_within(const struct key *key,
			      const struct cordon_tag *tag)
{
	static const struct cordon_owner host;
	const struct cordon_key_entry *e;

	hash_for_each_possible_rcu(cordon_keys, e, node, (unsigned long)key)
		if (e->key == key)
			return cordon_owner_within(&e->owner, tag);
	return cordon_owner_within(&host, tag);
}

#endif /* CORDON_HAVE_KEY_BLOB */

static void key_object(struct audit_buffer *ab, const void *data)
{
	const struct key *key = data;

	audit_log_format(ab, " key_serial=%d key_type=", key->serial);
	audit_log_untrustedstring(ab, key->type->name);
}

/* a container task's credentials (@tag) use @key */
static noinline int cordon_key_permission_ctr(const struct cordon_tag *tag,
					      const struct key *key)
{
	const struct cordon_profile *profile;
	int err = 0;

	rcu_read_lock();
	profile = cordon_tag_profile(tag);
	if (profile && !(profile->ipc_cross & CORDON_IPC_KEY) &&
	    !cordon_key_within(key, tag))
		err = cordon_decide(tag, profile, CORDON_AREA_KEY, "key",
				    "key.outside", -EACCES, key_object, key);
	rcu_read_unlock();
	return err;
}

static int cordon_key_permission(key_ref_t key_ref, const struct cred *cred,
				 enum key_need_perm need_perm)
{
	const struct key *key = key_ref_to_ptr(key_ref);
	const struct cordon_tag *tag;

	/* the real check follows once the operation is known (keyctl_read) */
	if (need_perm == KEY_DEFER_PERM_CHECK)
		return 0;
	/*
	 * The keyrings installed in the credentials were handed over by the
	 * runtime (crun joins the container's session keyring before it
	 * enters the namespaces): they may be used.  The keys in them keep
	 * their owners and are checked on their own.
	 */
	if (key == cred->session_keyring || key == cred->process_keyring ||
	    key == cred->thread_keyring)
		return 0;
	tag = cordon_cred_tag(cred);
	if (likely(!tag))
		return 0;
	return cordon_key_permission_ctr(tag, key);
}

static struct security_hook_list key_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(key_alloc, cordon_key_alloc),
#ifndef CORDON_HAVE_KEY_BLOB
	LSM_HOOK_INIT(key_free, cordon_key_free),
#endif
	LSM_HOOK_INIT(key_permission, cordon_key_permission),
};

/**
 * cordon_key_init - register the key hooks
 */
void __init cordon_key_init(void)
{
	cordon_add_hooks(key_hooks, ARRAY_SIZE(key_hooks));
}
