// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - container identity
 *
 * A task is in a container when it is in a non-initial pid or user
 * namespace, or in a non-initial mount namespace whose root directory is not
 * the host's root (systemd's PrivateTmp=/ProtectSystem= keep the host root
 * and stay host tasks).  The identity lives in the task (its security
 * blob) and is copied into every set of credentials the task makes, so that
 * hooks given credentials rather than a task (capable, a file's or a
 * socket's opener) find it.  There are no hooks for unshare(2) and
 * setns(2): a task's tag is brought up to date lazily, by the task itself,
 * at its next cordon hook.  Committed credentials are never changed: they
 * keep the tag of the task that made them, as it was then, until the task
 * makes new ones (a credential change, or the arming execve).
 *
 * Containers are found by their namespace key while they have tasks.  When
 * the last task of a container (or of one nested in it) is freed, the
 * container leaves the table: its namespaces may be gone and their inode
 * numbers reused, and a new container with the same numbers must not find
 * the old one (its id, binding and arming).
 *
 * Copyright (C) 2026 The cordon authors
 */

#define pr_fmt(fmt) "cordon: " fmt

#include <linux/atomic.h>
#include <linux/binfmts.h>
#include <linux/cgroup.h>
#include <linux/fs_struct.h>
#include <linux/hashtable.h>
#include <linux/ipc_namespace.h>
#include <linux/jhash.h>
#include <linux/list.h>
#include <linux/mnt_namespace.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/proc_ns.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "cordon.h"
#include "compat.h"

/*
 * Fail closed: a task seen entering a container when no tag can be
 * allocated for it gets this one rather than staying a host task.  It is
 * armed, in a container of its own (never in the table, id 0, no
 * namespace key), so it gets the active policy's default profile.  The
 * static references keep both from ever being freed.
 */
static struct cordon_container cordon_orphan_container = {
	.usage = REFCOUNT_INIT(1),
	.nr_tasks = ATOMIC_INIT(1),
	.resolved = ATOMIC64_INIT(0),
	.depth = 1,
	.armed = true,
};

static struct cordon_tag cordon_orphan_tag = {
	.usage = REFCOUNT_INIT(1),
	.container = &cordon_orphan_container,
	.depth = 1,
	.armed = true,
};

static struct kmem_cache *tag_cache __ro_after_init;
static struct kmem_cache *container_cache __ro_after_init;

/*
 * The containers alive: a hash table by key for tag_alloc(), a list in id
 * order for dumps.  Both are changed under containers_lock (with interrupts
 * off: containers are dropped from RCU callbacks and looked up from hooks
 * that run with interrupts off) and read under RCU.
 */
#define CONTAINER_HASH_BITS 8
static DEFINE_HASHTABLE(containers, CONTAINER_HASH_BITS);
static LIST_HEAD(container_list);
static DEFINE_SPINLOCK(containers_lock);
static unsigned int nr_containers;
static atomic64_t container_serial = ATOMIC64_INIT(0);

static u32 key_hash(const struct cordon_ns_ids *ids)
{
	return jhash_3words(ids->mnt, ids->pid, ids->user, 0);
}

static void container_free_rcu(struct rcu_head *head)
{
	struct cordon_container *c = container_of(head, struct cordon_container,
						  rcu);

	kfree(rcu_dereference_protected(c->binding, true));
	kmem_cache_free(container_cache, c);
}

/* take @c out of the table and the list; containers_lock held */
static void container_unhash(struct cordon_container *c)
{
	lockdep_assert_held(&containers_lock);
	if (hlist_unhashed(&c->hnode))
		return;
	hash_del_rcu(&c->hnode);
	list_del_rcu(&c->lnode);
	nr_containers--;
}

static void container_put(struct cordon_container *c)
{
	unsigned long flags;

	if (!refcount_dec_and_lock_irqsave(&c->usage, &containers_lock, &flags))
		return;
	container_unhash(c);
	spin_unlock_irqrestore(&containers_lock, flags);
	call_rcu(&c->rcu, container_free_rcu);
}

/*
 * A task whose tag is of @c or nested in it is gone (or left it): the last
 * one takes @c out of the table, so that its key can make a new container.
 */
static void container_task_put(struct cordon_container *c)
{
	unsigned long flags;

	if (c == &cordon_orphan_container)
		return;
	if (!atomic_dec_and_lock_irqsave(&c->nr_tasks, &containers_lock, flags))
		return;
	container_unhash(c);
	spin_unlock_irqrestore(&containers_lock, flags);
}

/*
 * Count a new task in every container of @tag's chain.  Each already counts
 * the task copying the tag (the parent), so none can leave the table.
 */
static void tag_tasks_get(const struct cordon_tag *tag)
{
	for (; tag; tag = tag->outer)
		if (tag->container != &cordon_orphan_container)
			atomic_inc(&tag->container->nr_tasks);
}

static void tag_tasks_put(const struct cordon_tag *tag)
{
	for (; tag; tag = tag->outer)
		container_task_put(tag->container);
}

/*
 * The container of a key, made if there is none, with one more task (the
 * caller's) counted; NULL without memory.  Only containers in the table,
 * which have tasks, are found.
 */
static struct cordon_container *container_get(const struct cordon_ns_ids *ids,
					      gfp_t gfp)
{
	struct cordon_container *c, *new;
	unsigned long flags;
	u32 hash = key_hash(ids);

	new = kmem_cache_zalloc(container_cache, gfp);
	if (!new)
		return NULL;
	spin_lock_irqsave(&containers_lock, flags);
	hash_for_each_possible(containers, c, hnode, hash) {
		if (cordon_ns_ids_same_key(&c->key, ids) &&
		    refcount_inc_not_zero(&c->usage)) {
			atomic_inc(&c->nr_tasks);
			spin_unlock_irqrestore(&containers_lock, flags);
			kmem_cache_free(container_cache, new);
			return c;
		}
	}
	refcount_set(&new->usage, 1);
	atomic_set(&new->nr_tasks, 1);
	cordon_audit_rs_init(&new->audit_rs);
	new->id = atomic64_inc_return(&container_serial);
	new->key = *ids;
	hash_add_rcu(containers, &new->hnode, hash);
	list_add_tail_rcu(&new->lnode, &container_list);
	nr_containers++;
	spin_unlock_irqrestore(&containers_lock, flags);
	return new;
}

/**
 * cordon_nr_containers - number of containers alive
 *
 * Return: the number.
 */
unsigned int cordon_nr_containers(void)
{
	return READ_ONCE(nr_containers);
}

/**
 * cordon_container_for_each - visit the containers alive, in id order
 * @after: visit only containers with a greater id
 * @fn: called for each under rcu_read_lock(); a non-zero return stops
 * @arg: passed to @fn
 *
 * Return: the id of the last container @fn accepted, @after if none.
 */
u64 cordon_container_for_each(u64 after,
			      int (*fn)(void *arg,
					const struct cordon_container *c),
			      void *arg)
{
	struct cordon_container *c;

	rcu_read_lock();
	list_for_each_entry_rcu(c, &container_list, lnode) {
		if (c->id <= after || !refcount_read(&c->usage))
			continue;
		if (fn(arg, c))
			break;
		after = c->id;
	}
	rcu_read_unlock();
	return after;
}

/*
 * Has @task (not current, under rcu_read_lock()) entered namespaces that
 * its tag @tag does not know yet?  Tags are brought up to date by their
 * task, at its next cordon hook.  The orphan identity counts as stale too:
 * binding it would bind every orphan.
 */
static bool task_stale(struct task_struct *task, const struct cordon_tag *tag)
{
	struct cordon_ns_ids live = {};
	struct pid_namespace *pid_ns;
	struct nsproxy *nsp;

	if (tag && tag->container == &cordon_orphan_container)
		return true;
	task_lock(task);
	nsp = task->nsproxy;
	if (nsp && nsp->mnt_ns)
		live.mnt = from_mnt_ns(nsp->mnt_ns)->inum;
	task_unlock(task);
	if (!live.mnt)
		return false;	/* exiting */
	pid_ns = task_active_pid_ns(task);
	if (!pid_ns)
		return false;	/* exiting */
	live.pid = pid_ns->ns.inum;
	live.user = __task_cred(task)->user_ns->ns.inum;
	if (tag)
		return !cordon_ns_ids_same_key(&tag->ns, &live);
	/* a host task that entered a pid or user namespace */
	return live.pid != PROC_PID_INIT_INO || live.user != PROC_USER_INIT_INO;
}

/*
 * Publish @b as @c's binding (the caller's @b moves); any context.  The
 * binding is published before the cached profiles are invalidated.
 */
static void container_set_binding(struct cordon_container *c,
				  struct cordon_binding *b, bool arm)
{
	struct cordon_binding *old;

	/*
	 * A bound container is armed: a task that never executes (a
	 * clone-only sandbox, checkpoint/restore) would otherwise stay in its
	 * setup window; the runtime binds once it has set the container up
	 */
	if (arm) {
		WRITE_ONCE(c->bind_armed, true);
		WRITE_ONCE(c->armed, true);
	}
	old = unrcu_pointer(xchg(&c->binding, RCU_INITIALIZER(b)));
	cordon_epoch_advance();
	if (old)
		kfree_rcu(old, rcu);
}

/* is @task (under rcu_read_lock()) in a mount namespace of its own? */
static bool task_own_mnt_ns(struct task_struct *task)
{
	bool own;

	task_lock(task);
	own = task->nsproxy && task->nsproxy->mnt_ns &&
	      task->nsproxy->mnt_ns != init_nsproxy.mnt_ns;
	task_unlock(task);
	return own;
}

/**
 * cordon_container_bind - name a container and bind it to a profile
 * @pid: a process in the container
 * @name: container name, may be empty
 * @profile: profile name, empty to let the policy's selectors decide
 * @arm: arm the container (and those nested in it) now, executed or not
 *
 * The names must have been checked by the caller (cordon_name_ok()).
 *
 * A host process in a mount namespace of its own (a runtime's first
 * process before its pivot_root, as OCI createRuntime hooks see it) gets
 * the binding when it enters its container.  So does a process that
 * entered other namespaces and has not been seen by cordon since (it has
 * made no check that asks for its identity): the binding is for the
 * container it is in now, which cordon learns at the process's next check,
 * before it can execute anything; binding the container it left would be
 * wrong.
 *
 * Return: 0, -ESRCH (no such process), -EINVAL (a host process in the
 * initial mount namespace), -ENOENT (no such profile in the active
 * policy), -EPERM (a nested container and a profile weaker than its outer
 * container's) or -ENOMEM.
 */
int cordon_container_bind(struct pid *pid, const char *name,
			  const char *profile, bool arm)
{
	struct task_struct *task, *pending = NULL;
	const struct cordon_tag *tag, *outer;
	struct cordon_container *c = NULL;
	const struct cordon_profile *p;
	struct cordon_binding *b;
	bool stale;
	int ret = 0;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	strscpy(b->name, name, sizeof(b->name));
	strscpy(b->profile, profile, sizeof(b->profile));

	b->arm = arm;
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	if (!task) {
		ret = -ESRCH;
	} else {
		tag = cordon_task_tag(task);
		p = profile[0] ? cordon_profile_find(cordon_policy(), profile) :
				 NULL;
		stale = task_stale(task, tag);
		/* the container the task will be found in is nested in @tag's */
		outer = stale ? tag : tag ? tag->outer : NULL;
		if (stale && outer == &cordon_orphan_tag)
			outer = NULL;
		if (!tag && !stale && !task_own_mnt_ns(task))
			ret = -EINVAL;
		else if (profile[0] && !p)
			ret = -ENOENT;
		else if (p && outer &&
			 cordon_profile_weaker(p, cordon_profile_of(outer)))
			/*
			 * a nested container may not shed the restrictions
			 * of the container it was entered from
			 */
			ret = -EPERM;
		else if (tag && !stale)
			c = tag->container;
		else
			pending = get_task_struct(task);
		if (c)
			refcount_inc(&c->usage);
	}
	rcu_read_unlock();
	if (ret) {
		kfree(b);
		return ret;
	}
	if (pending) {
		/*
		 * Still a host task, in a mount namespace of its own (a
		 * runtime binding before pivot_root), or a task not seen
		 * since it entered namespaces: the task applies the binding
		 * when it enters its container.  If it has entered it since
		 * the test above, and so will not look for a binding again,
		 * the binding is applied here; whichever side takes it from
		 * the task (both by atomic exchange, full barriers) applies
		 * it.
		 */
		kfree(xchg(&cordon_task(pending)->pending, b));
		b = NULL;
		rcu_read_lock();
		tag = rcu_dereference(cordon_task(pending)->tag);
		if (tag && tag->container != &cordon_orphan_container &&
		    !task_stale(pending, tag)) {
			b = xchg(&cordon_task(pending)->pending, NULL);
			c = tag->container;
			if (b)
				refcount_inc(&c->usage);
		}
		rcu_read_unlock();
		put_task_struct(pending);
		if (!b)
			return 0;
		arm = b->arm;
	}
	container_set_binding(c, b, arm);
	container_put(c);
	return 0;
}

static void tag_free_rcu(struct rcu_head *head)
{
	struct cordon_tag *tag = container_of(head, struct cordon_tag, rcu);

	cordon_tag_put(tag->outer);
	container_put(tag->container);
	kmem_cache_free(tag_cache, tag);
}

/**
 * cordon_tag_put - drop a reference to a tag
 * @tag: the tag, or NULL (the host)
 *
 * Safe in any context: the tag is freed after an RCU grace period.
 */
void cordon_tag_put(struct cordon_tag *tag)
{
	if (tag && refcount_dec_and_test(&tag->usage))
		call_rcu(&tag->rcu, tag_free_rcu);
}

/**
 * cordon_tag_get - take a reference to a tag
 * @tag: the tag, or NULL (the host)
 *
 * Return: @tag.
 */
struct cordon_tag *cordon_tag_get(const struct cordon_tag *tag)
{
	struct cordon_tag *t = (struct cordon_tag *)tag;

	if (t)
		refcount_inc(&t->usage);
	return t;
}

/**
 * cordon_ns_ids_same_key - are two identities the same container?
 * @a: identity
 * @b: identity
 *
 * Return: true when the mount, pid and user namespaces are equal.
 */
bool cordon_ns_ids_same_key(const struct cordon_ns_ids *a,
			    const struct cordon_ns_ids *b)
{
	return a->mnt == b->mnt && a->pid == b->pid && a->user == b->user;
}

/**
 * cordon_ns_ids_is_container - does an identity make a container task?
 * @ids: namespace identities of the task
 * @init_mnt: identity of the initial mount namespace
 * @root_is_host: the task's root directory is the host's root
 *
 * Return: true in a non-initial pid or user namespace, or in a non-initial
 * mount namespace with a root of its own.
 */
bool cordon_ns_ids_is_container(const struct cordon_ns_ids *ids,
				unsigned int init_mnt, bool root_is_host)
{
	if (ids->pid != PROC_PID_INIT_INO || ids->user != PROC_USER_INIT_INO)
		return true;
	return ids->mnt != init_mnt && !root_is_host;
}

/**
 * cordon_tag_contains - is @inner the container @outer or nested inside it?
 * @outer: a tag, NULL for the host
 * @inner: a tag, NULL for the host
 *
 * The host contains everything; a container contains itself and the
 * containers entered from it; nothing but the host contains the host.  The
 * armed orphan identity of failed allocations, shared by tasks of unrelated
 * containers, contains nothing, not even itself.
 *
 * Return: true if @inner is within @outer.
 */
bool cordon_tag_contains(const struct cordon_tag *outer,
			 const struct cordon_tag *inner)
{
	if (!outer)
		return true;
	/* orphans of unrelated containers share a tag: they contain nothing */
	if (outer->container == &cordon_orphan_container)
		return false;
	for (; inner; inner = inner->outer)
		if (inner->container == outer->container)
			return true;
	return false;
}

/**
 * cordon_owner_set - record the creator of an object
 * @owner: the object's owner record
 * @tag: the creator's container, NULL for the host
 */
void cordon_owner_set(struct cordon_owner *owner, const struct cordon_tag *tag)
{
	owner->id = tag ? tag->container->id : 0;
	owner->container = !!tag;
	owner->armed = tag && cordon_tag_armed(tag);
}

/* current's namespace identities; false for a task without namespaces */
static bool current_ns_ids(struct cordon_ns_ids *ids)
{
	struct nsproxy *nsp = current->nsproxy;

	if (!nsp || !nsp->mnt_ns)
		return false;
	ids->mnt = from_mnt_ns(nsp->mnt_ns)->inum;
	ids->pid = task_active_pid_ns(current)->ns.inum;
	/* the task's own user namespace, not that of an override */
	ids->user = current->real_cred->user_ns->ns.inum;
	ids->ipc = nsp->ipc_ns->ns.inum;
	ids->uts = nsp->uts_ns->ns.inum;
	ids->net = nsp->net_ns->ns.inum;
	ids->cgroup = nsp->cgroup_ns->ns.inum;
	return true;
}

/*
 * Is current's root directory the host's, i.e. the root of the init
 * process of the initial pid namespace?  Only pointers are compared,
 * nothing is dereferenced past the fs_struct of init, which lives as long
 * as the system.
 */
static bool current_root_is_host(void)
{
	struct task_struct *reaper;
	const struct dentry *host_root = NULL;
	const struct fs_struct *fs;

	rcu_read_lock();
	reaper = READ_ONCE(init_pid_ns.child_reaper);
	if (reaper) {
		fs = READ_ONCE(reaper->fs);
		if (fs)
			host_root = READ_ONCE(fs->root.dentry);
	}
	rcu_read_unlock();
	return current->fs && READ_ONCE(current->fs->root.dentry) == host_root;
}

static unsigned int init_mnt_inum(void)
{
	return from_mnt_ns(init_nsproxy.mnt_ns)->inum;
}

/*
 * A tag for the container of @ids entered from @outer (whose reference
 * the new tag takes over on success), counting the calling task in the
 * container.  Armed if the outer container is, or if the container's
 * profile arms immediately.
 */
static struct cordon_tag *tag_alloc(const struct cordon_ns_ids *ids,
				    struct cordon_tag *outer, gfp_t gfp)
{
	struct cordon_tag *tag = kmem_cache_zalloc(tag_cache, gfp);

	if (!tag)
		return NULL;
	tag->container = container_get(ids, gfp);
	if (!tag->container) {
		kmem_cache_free(tag_cache, tag);
		return NULL;
	}
	refcount_set(&tag->usage, 1);
	tag->outer = outer;
	tag->depth = outer ? outer->depth + 1 : 1;
	WRITE_ONCE(tag->container->depth, tag->depth);
	tag->ns = *ids;
	if (outer && cordon_tag_armed(outer)) {
		tag->armed = true;
	} else {
		rcu_read_lock();
		tag->armed = !cordon_profile_of(tag)->arm_on_exec;
		rcu_read_unlock();
	}
	if (tag->armed)
		WRITE_ONCE(tag->container->armed, true);
	return tag;
}

/* @tag (not armed) armed: the same container, depth and identity */
static struct cordon_tag *tag_arm(const struct cordon_tag *tag, gfp_t gfp)
{
	struct cordon_tag *armed = kmem_cache_zalloc(tag_cache, gfp);

	if (!armed)
		return NULL;
	refcount_set(&armed->usage, 1);
	armed->outer = cordon_tag_get(tag->outer);
	armed->container = tag->container;
	refcount_inc(&armed->container->usage);
	armed->depth = tag->depth;
	armed->armed = true;
	armed->ns = tag->ns;
	WRITE_ONCE(armed->container->armed, true);
	return armed;
}

/*
 * The task's own credentials name the container it is now in.  Credentials
 * made before the task entered its namespaces (a clone's are made before
 * its namespaces; unshare(CLONE_NEWUSER) makes them before the namespace)
 * would otherwise name its previous container, or the host, for as long as
 * they live, and the kernel acts with credentials it captured from the
 * task (io_uring's asynchronous requests, a socket's peer): those must not
 * be less confined than the task.  Only cordon's blob field changes, by an
 * atomic exchange (threads sharing the credentials share the key too); the
 * old tag is freed after a grace period.  Earlier credentials of the task
 * (those of files opened before the arming execve) keep their tags.
 */
static void cred_follow(const struct cordon_tag *tag)
{
	struct cordon_cred_security *blob = cordon_cred(current->real_cred);
	struct cordon_tag *old;

	if (rcu_access_pointer(blob->tag) == tag)
		return;
	old = unrcu_pointer(xchg(&blob->tag,
				 RCU_INITIALIZER(cordon_tag_get(tag))));
	cordon_tag_put(old);
}

/* current's tag is valid for its present namespaces */
static void task_seen(struct cordon_task_security *blob)
{
	blob->seen_nsproxy = current->nsproxy;
	blob->seen_user_ns = current->real_cred->user_ns;
}

/* a binding requested before the task entered @tag's container */
static void apply_pending(struct cordon_task_security *blob,
			  const struct cordon_tag *tag)
{
	struct cordon_binding *b = xchg(&blob->pending, NULL);

	if (!b)
		return;
	if (tag->container == &cordon_orphan_container) {
		kfree(b);
		return;
	}
	container_set_binding(tag->container, b, b->arm);
}

/*
 * Bring current's tag up to date with its namespaces.  Only the task
 * itself writes its tag, from task context, so there is no race to settle;
 * other tasks read it under RCU.  On allocation failure the old tag stays:
 * the task remains at least as confined as the container it was in; a
 * host task entering a container gets the armed orphan tag (see above),
 * never stays a host task.
 */
static noinline const struct cordon_tag *task_refresh_slow(gfp_t gfp)
{
	struct cordon_task_security *blob = cordon_task(current);
	struct cordon_tag *tag, *new;
	struct cordon_ns_ids ids;

	tag = rcu_dereference_protected(blob->tag, true);
	/* never update a random task's tag from interrupt context */
	if (!in_task() || (current->flags & PF_KTHREAD))
		return tag;
	/* an exiting task (no fs, no namespaces) keeps what it had */
	if (!current->fs || !current_ns_ids(&ids))
		return tag;
	if (tag && (cordon_ns_ids_same_key(&tag->ns, &ids) ||
		    tag->depth >= CORDON_MAX_DEPTH)) {
		/*
		 * a binding requested while the task was elsewhere, unseen,
		 * was for that other container
		 */
		if (unlikely(READ_ONCE(blob->pending)))
			kfree(xchg(&blob->pending, NULL));
		task_seen(blob);
		return tag;
	}
	if (!tag && !cordon_ns_ids_is_container(&ids, init_mnt_inum(),
						current_root_is_host()))
		return NULL;

	/* the task's reference to @tag moves to new->outer */
	new = tag_alloc(&ids, tag, gfp | __GFP_NOWARN);
	if (!new && tag)
		/* still a container task: at least as confined as before */
		return tag;
	if (new)
		task_seen(blob);
	else	/* looked at again at the next hook */
		new = cordon_tag_get(&cordon_orphan_tag);
	rcu_assign_pointer(blob->tag, new);
	cred_follow(new);
	/* not tested first: the exchange orders it after the new tag */
	apply_pending(blob, new);
	return new;
}

/* current's tag, brought up to date: inline while nothing has changed */
static __always_inline const struct cordon_tag *task_refresh(gfp_t gfp)
{
	const struct cordon_tag *tag;

	if (likely(cordon_current_fresh(current->real_cred, &tag)))
		return tag;
	return task_refresh_slow(gfp);
}

/**
 * cordon_current_tag_slow - cordon_current_tag() past the host's fast path
 *
 * Return: the tag, or NULL for the host.
 */
const struct cordon_tag *cordon_current_tag_slow(void)
{
	const struct cred *cred = current_cred();

	if (unlikely(cred != current->real_cred))
		return rcu_dereference_check(cordon_cred(cred)->tag, true);
	return task_refresh(GFP_ATOMIC);
}

/**
 * cordon_cred_tag_slow - cordon_cred_tag() past the host's fast path
 * @cred: the credentials
 *
 * Return: the tag, or NULL for the host.
 */
const struct cordon_tag *cordon_cred_tag_slow(const struct cred *cred)
{
	if (cred == current->real_cred)
		return task_refresh(GFP_ATOMIC);
	return rcu_dereference_check(cordon_cred(cred)->tag, true);
}

/**
 * cordon_task_tag - the container of a task
 * @task: the task
 *
 * Must be called under rcu_read_lock(); the tag is valid until it is
 * dropped.
 *
 * Return: @task's tag (brought up to date for the current task), NULL for
 * the host.
 */
const struct cordon_tag *cordon_task_tag(const struct task_struct *task)
{
	if (task == current)
		return task_refresh(GFP_ATOMIC);
	return rcu_dereference(cordon_task(task)->tag);
}

/* a new task starts in its parent's container (and its namespaces') */
static int cordon_task_alloc(struct task_struct *task,
			     unsigned long clone_flags)
{
	struct cordon_tag *tag;

	tag = cordon_tag_get(task_refresh(GFP_KERNEL));
	tag_tasks_get(tag);
	RCU_INIT_POINTER(cordon_task(task)->tag, tag);
	return 0;
}

static void cordon_task_free(struct task_struct *task)
{
	struct cordon_tag *tag;

	tag = rcu_dereference_protected(cordon_task(task)->tag, true);
	RCU_INIT_POINTER(cordon_task(task)->tag, NULL);
	tag_tasks_put(tag);
	cordon_tag_put(tag);
	kfree(xchg(&cordon_task(task)->pending, NULL));
}

/*
 * New credentials record the container of the task making them: its own
 * tag, brought up to date, when they are a copy of its real credentials;
 * otherwise (a copy of an override, prepare_kernel_cred()) the tag of the
 * credentials copied.  A new task's are made before its namespaces: it
 * brings them up to date itself (cred_follow()).
 */
static int cordon_cred_prepare(struct cred *new, const struct cred *old,
			       gfp_t gfp)
{
	const struct cordon_tag *tag;

	if (old == current->real_cred)
		tag = task_refresh(gfp);
	else
		tag = rcu_dereference_protected(cordon_cred(old)->tag, true);
	if (tag)
		RCU_INIT_POINTER(cordon_cred(new)->tag, cordon_tag_get(tag));
	return 0;
}

/* keyctl(KEYCTL_SESSION_TO_PARENT): the parent gets a copy of @old */
static void cordon_cred_transfer(struct cred *new, const struct cred *old)
{
	cordon_cred_prepare(new, old, GFP_KERNEL);
}

static void cordon_cred_free(struct cred *cred)
{
	struct cordon_cred_security *blob = cordon_cred(cred);
	struct cordon_tag *tag = rcu_dereference_protected(blob->tag, true);

	if (tag) {
		RCU_INIT_POINTER(blob->tag, NULL);
		cordon_tag_put(tag);
	}
}

/*
 * The setup window closes at the first execve after the task became a
 * container task: the task and its new credentials get an armed tag.
 * Runtimes set up the container (mounts, pivot_root, capability drops)
 * before they exec the entrypoint, so that setup is not restricted; the
 * entrypoint and everything it starts is.  The new credentials are not yet
 * committed, so their blob may still be changed.
 */
static void
cordon_bprm_committing_creds(CORDON_BPRM_CONST struct linux_binprm *bprm)
{
	struct cordon_cred_security *blob = cordon_cred(bprm->cred);
	struct cordon_tag *tag, *armed;

	tag = (struct cordon_tag *)task_refresh(GFP_KERNEL);
	if (tag && !tag->armed) {
		armed = tag_arm(tag, GFP_KERNEL);
		if (!armed) {
			/*
			 * The exec is past the point of no return.  Leaving
			 * the task unarmed would leave it unconfined, so kill
			 * it.
			 */
			pr_err("cannot arm pid %d, killing it\n",
			       task_pid_nr(current));
			force_sig(SIGKILL);
			return;
		}
		/* same container and chain: the task counts stay */
		rcu_assign_pointer(cordon_task(current)->tag, armed);
		cordon_tag_put(tag);
		tag = armed;
	}
	if (rcu_access_pointer(blob->tag) != tag) {
		cordon_tag_put(rcu_dereference_protected(blob->tag, true));
		RCU_INIT_POINTER(blob->tag, cordon_tag_get(tag));
	}
}

/*
 * /proc/PID/attr/cordon/current: the format below with two names of
 * CORDON_NAME_MAX - 1 characters and every number at its widest
 */
#define CORDON_ATTR_MAX (128 + 2 * CORDON_NAME_MAX + 20 + 8 * 10)

/* /proc/PID/attr/cordon/current */
static int cordon_getprocattr(struct task_struct *task, const char *name,
			      char **value)
{
	const struct cordon_binding *binding;
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	char *buf;
	int len;

	if (strcmp(name, "current"))
		return -EINVAL;
	/* the longest line: two names and eleven numbers, never truncated */
	buf = kmalloc(CORDON_ATTR_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	rcu_read_lock();
	tag = cordon_task_tag(task);
	if (!tag) {
		len = scnprintf(buf, CORDON_ATTR_MAX, "host\n");
	} else {
		profile = cordon_profile_of(tag);
		binding = rcu_dereference(tag->container->binding);
		len = scnprintf(buf, CORDON_ATTR_MAX,
				"container=%llu name=%s depth=%u profile=%s armed=%s mnt=%u pid=%u user=%u ipc=%u net=%u uts=%u cgroup=%u\n",
				tag->container->id,
				binding && binding->name[0] ? binding->name : "-",
				tag->depth, profile->name,
				cordon_tag_armed(tag) ? "yes" : "no",
				tag->ns.mnt,
				tag->ns.pid, tag->ns.user, tag->ns.ipc,
				tag->ns.net, tag->ns.uts, tag->ns.cgroup);
	}
	rcu_read_unlock();
	*value = buf;
	return len;
}

static struct security_hook_list identity_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(task_alloc, cordon_task_alloc),
	LSM_HOOK_INIT(task_free, cordon_task_free),
	LSM_HOOK_INIT(cred_prepare, cordon_cred_prepare),
	LSM_HOOK_INIT(cred_transfer, cordon_cred_transfer),
	LSM_HOOK_INIT(cred_free, cordon_cred_free),
	LSM_HOOK_INIT(bprm_committing_creds, cordon_bprm_committing_creds),
	LSM_HOOK_INIT(getprocattr, cordon_getprocattr),
};

/**
 * cordon_identity_init - set up container identity tracking
 */
void __init cordon_identity_init(void)
{
	cordon_audit_rs_init(&cordon_orphan_container.audit_rs);
	tag_cache = KMEM_CACHE(cordon_tag, SLAB_PANIC);
	container_cache = KMEM_CACHE(cordon_container, SLAB_PANIC);
	cordon_add_hooks(identity_hooks, ARRAY_SIZE(identity_hooks));
}

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

static const struct cordon_ns_ids host_ids = {
	.mnt = 4026531841U, .pid = PROC_PID_INIT_INO,
	.user = PROC_USER_INIT_INO, .ipc = PROC_IPC_INIT_INO,
	.net = 4026531840U, .uts = PROC_UTS_INIT_INO,
	.cgroup = PROC_CGROUP_INIT_INO,
};

static void test_host_is_not_container(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, cordon_ns_ids_is_container(&host_ids,
							    host_ids.mnt,
							    true));
	/* chroot on the host is not a container */
	KUNIT_EXPECT_FALSE(test, cordon_ns_ids_is_container(&host_ids,
							    host_ids.mnt,
							    false));
}

static void test_pid_user_ns_make_container(struct kunit *test)
{
	struct cordon_ns_ids ids = host_ids;

	ids.pid = 4026532000U;
	KUNIT_EXPECT_TRUE(test, cordon_ns_ids_is_container(&ids, host_ids.mnt,
							   true));
	ids = host_ids;
	ids.user = 4026532001U;
	KUNIT_EXPECT_TRUE(test, cordon_ns_ids_is_container(&ids, host_ids.mnt,
							   true));
}

static void test_mount_ns_needs_own_root(struct kunit *test)
{
	struct cordon_ns_ids ids = host_ids;

	ids.mnt = 4026532002U;
	/* PrivateTmp=: private mount namespace, host root */
	KUNIT_EXPECT_FALSE(test, cordon_ns_ids_is_container(&ids, host_ids.mnt,
							    true));
	/* runtime with pivot_root */
	KUNIT_EXPECT_TRUE(test, cordon_ns_ids_is_container(&ids, host_ids.mnt,
							   false));
	/* net, ipc, uts alone do not make a container */
	ids = host_ids;
	ids.net = 4026532003U;
	ids.ipc = 4026532004U;
	ids.uts = 4026532005U;
	KUNIT_EXPECT_FALSE(test, cordon_ns_ids_is_container(&ids, host_ids.mnt,
							    false));
}

static void test_same_key(struct kunit *test)
{
	struct cordon_ns_ids a = host_ids, b = host_ids;

	a.pid = 4026532010U;
	a.mnt = 4026532011U;
	b.pid = a.pid;
	b.mnt = a.mnt;
	b.net = 4026532012U;	/* not part of the key */
	KUNIT_EXPECT_TRUE(test, cordon_ns_ids_same_key(&a, &b));
	b.mnt = 4026532013U;
	KUNIT_EXPECT_FALSE(test, cordon_ns_ids_same_key(&a, &b));
	b = a;
	b.user = 4026532014U;
	KUNIT_EXPECT_FALSE(test, cordon_ns_ids_same_key(&a, &b));
}

/* a container of its own for a test tag */
static void test_container(struct kunit *test, struct cordon_tag *tag, u64 id)
{
	tag->container = kunit_kzalloc(test, sizeof(*tag->container),
				       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tag->container);
	tag->container->id = id;
}

static void test_contains(struct kunit *test)
{
	struct cordon_tag c1 = { .depth = 1, .ns = host_ids };
	struct cordon_tag c2 = { .depth = 1, .ns = host_ids };
	struct cordon_tag nested = { .depth = 2, .ns = host_ids };
	struct cordon_tag c1_joined = { .depth = 1, .ns = host_ids };

	test_container(test, &c1, 1);
	test_container(test, &c2, 2);
	test_container(test, &nested, 3);
	c1.ns.pid = 4026532020U;
	c2.ns.pid = 4026532021U;
	nested.ns.pid = 4026532022U;
	nested.outer = &c1;
	/* another tag of the same container (a task that joined it) */
	c1_joined.ns = c1.ns;
	c1_joined.container = c1.container;

	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(NULL, NULL));
	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(NULL, &c1));
	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&c1, NULL));
	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(&c1, &c1));
	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(&c1_joined, &c1));
	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(&c1_joined, &nested));
	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&c1, &c2));
	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&c2, &c1));
	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(&c1, &nested));
	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&nested, &c1));
	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&c2, &nested));
}

/*
 * A container made after another with the same namespace inode numbers
 * (the old one's namespaces gone, their numbers reused) is another
 * container: it contains nothing of the old one and owns none of its
 * objects.
 */
static void test_reused_key_is_another_container(struct kunit *test)
{
	struct cordon_tag old = { .depth = 1, .armed = true, .ns = host_ids };
	struct cordon_tag new = { .depth = 1, .armed = true, .ns = host_ids };
	struct cordon_owner owner;

	old.ns.pid = 4026532040U;
	new.ns = old.ns;
	test_container(test, &old, 7);
	test_container(test, &new, 8);
	KUNIT_EXPECT_TRUE(test, cordon_ns_ids_same_key(&old.ns, &new.ns));
	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&old, &new));
	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&new, &old));
	cordon_owner_set(&owner, &old);
	KUNIT_EXPECT_TRUE(test, cordon_owner_within(&owner, &old));
	KUNIT_EXPECT_FALSE(test, cordon_owner_within(&owner, &new));
	/* the host's objects are no container's */
	cordon_owner_set(&owner, NULL);
	KUNIT_EXPECT_FALSE(test, owner.container);
	KUNIT_EXPECT_FALSE(test, cordon_owner_within(&owner, &old));
	KUNIT_EXPECT_TRUE(test, cordon_owner_within(&owner, NULL));
}

/* the table: found while it has tasks, gone with the last one */
static void test_container_leaves_table_with_last_task(struct kunit *test)
{
	struct cordon_ns_ids ids = host_ids;
	struct cordon_container *c, *again;

	/* the caches exist only when cordon is in lsm= */
	if (!cordon_initialized)
		kunit_skip(test, "cordon is not active in this boot");
	ids.pid = 4026532050U;
	ids.mnt = 4026532051U;
	c = container_get(&ids, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	again = container_get(&ids, GFP_KERNEL);
	KUNIT_EXPECT_PTR_EQ(test, c, again);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->nr_tasks), 2);
	container_task_put(again);
	container_put(again);
	container_task_put(c);
	/* no task left: the same key makes another container */
	again = container_get(&ids, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_EXPECT_PTR_NE(test, c, again);
	KUNIT_EXPECT_NE(test, c->id, again->id);
	container_task_put(again);
	container_put(again);
	container_put(c);
}

/* orphans of unrelated containers share one identity: it owns nothing */
static void test_orphan_contains_nothing(struct kunit *test)
{
	struct cordon_owner owner;

	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&cordon_orphan_tag,
						     &cordon_orphan_tag));
	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(NULL, &cordon_orphan_tag));
	cordon_owner_set(&owner, &cordon_orphan_tag);
	KUNIT_EXPECT_TRUE(test, owner.armed);
	KUNIT_EXPECT_FALSE(test, cordon_owner_within(&owner,
						     &cordon_orphan_tag));
}

static void test_setns_to_host_stays_container(struct kunit *test)
{
	/* a container task that joined the host's namespaces */
	struct cordon_tag c1 = { .depth = 1, .ns = host_ids };
	struct cordon_tag back = { .depth = 2, .ns = host_ids, .outer = &c1 };

	test_container(test, &c1, 1);
	test_container(test, &back, 2);
	c1.ns.pid = 4026532030U;
	/* the host still contains it, it does not contain the host */
	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(NULL, &back));
	KUNIT_EXPECT_FALSE(test, cordon_tag_contains(&back, NULL));
	KUNIT_EXPECT_TRUE(test, cordon_tag_contains(&c1, &back));
}

/* arming: at exec (the tag), or by a binding of the container or an outer one */
static void test_armed(struct kunit *test)
{
	struct cordon_container *outer_c, *inner_c;
	struct cordon_tag outer = { .depth = 1 };
	struct cordon_tag inner = { .depth = 2, .outer = &outer };

	outer_c = kunit_kzalloc(test, sizeof(*outer_c), GFP_KERNEL);
	inner_c = kunit_kzalloc(test, sizeof(*inner_c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, outer_c);
	KUNIT_ASSERT_NOT_NULL(test, inner_c);
	outer.container = outer_c;
	inner.container = inner_c;

	KUNIT_EXPECT_FALSE(test, cordon_tag_armed(&outer));
	KUNIT_EXPECT_FALSE(test, cordon_tag_armed(&inner));
	outer_c->bind_armed = true;
	KUNIT_EXPECT_TRUE(test, cordon_tag_armed(&outer));
	KUNIT_EXPECT_TRUE(test, cordon_tag_armed(&inner));
	outer_c->bind_armed = false;
	inner_c->bind_armed = true;
	KUNIT_EXPECT_FALSE(test, cordon_tag_armed(&outer));
	KUNIT_EXPECT_TRUE(test, cordon_tag_armed(&inner));
	inner_c->bind_armed = false;
	outer.armed = true;
	KUNIT_EXPECT_TRUE(test, cordon_tag_armed(&inner));
	/* the orphan tag of a failed allocation is armed */
	KUNIT_EXPECT_TRUE(test, cordon_tag_armed(&cordon_orphan_tag));
}

static struct kunit_case cordon_identity_test_cases[] = {
	KUNIT_CASE(test_armed),
	KUNIT_CASE(test_host_is_not_container),
	KUNIT_CASE(test_pid_user_ns_make_container),
	KUNIT_CASE(test_mount_ns_needs_own_root),
	KUNIT_CASE(test_same_key),
	KUNIT_CASE(test_contains),
	KUNIT_CASE(test_reused_key_is_another_container),
	KUNIT_CASE(test_container_leaves_table_with_last_task),
	KUNIT_CASE(test_orphan_contains_nothing),
	KUNIT_CASE(test_setns_to_host_stays_container),
	{}
};

static struct kunit_suite cordon_identity_test_suite = {
	.name = "cordon_identity",
	.test_cases = cordon_identity_test_cases,
};

kunit_test_suite(cordon_identity_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
