/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - common definitions
 *
 * Copyright (C) 2026 The cordon authors
 */

#ifndef _SECURITY_CORDON_CORDON_H
#define _SECURITY_CORDON_CORDON_H

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/lsm_hooks.h>
#include <linux/nsproxy.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <linux/user_namespace.h>
#include <linux/workqueue.h>

#include "uapi/linux/cordon.h"

#define CORDON_NAME "cordon"
#define CORDON_VERSION "0.3.0"

/* Deepest nesting of containers inside containers that is tracked. */
#define CORDON_MAX_DEPTH 16

/**
 * enum cordon_mode - what a profile does with an operation it denies
 * @CORDON_MODE_OFF: nothing is checked or audited
 * @CORDON_MODE_COMPLAIN: the operation is audited and allowed
 * @CORDON_MODE_ENFORCE: the operation is audited and fails
 */
enum cordon_mode {
	CORDON_MODE_OFF,
	CORDON_MODE_COMPLAIN,
	CORDON_MODE_ENFORCE,
};

/**
 * enum cordon_area - enforcement areas, for counters and audit
 * @CORDON_AREA_MOUNT: mount, umount, pivot_root, move_mount, fs contexts
 * @CORDON_AREA_PTRACE: ptrace and the ptrace access checks
 * @CORDON_AREA_CAP: the capability deny set
 * @CORDON_AREA_IPC: SysV IPC and POSIX message queues
 * @CORDON_AREA_UNIX: unix sockets
 * @CORDON_AREA_SIGNAL: signals
 * @CORDON_AREA_KNOB: host-global kernel knobs, module loading
 * @CORDON_AREA_KEY: keys
 * @CORDON_AREA_DEVICE: device nodes (host disks and memory)
 * @CORDON_AREA_SURFACE: kernel attack surface (user namespaces, io_uring,
 *	userfaultfd, bpf, perf events)
 * @CORDON_AREA_NR: number of areas
 */
enum cordon_area {
	CORDON_AREA_MOUNT,
	CORDON_AREA_PTRACE,
	CORDON_AREA_CAP,
	CORDON_AREA_IPC,
	CORDON_AREA_UNIX,
	CORDON_AREA_SIGNAL,
	CORDON_AREA_KNOB,
	CORDON_AREA_KEY,
	CORDON_AREA_DEVICE,
	CORDON_AREA_SURFACE,
	CORDON_AREA_NR,
};

/**
 * struct cordon_ns_ids - namespace identities (nsfs inode numbers)
 * @mnt: mount namespace
 * @pid: active pid namespace
 * @user: user namespace of the credentials
 * @ipc: IPC namespace
 * @net: network namespace
 * @uts: UTS namespace
 * @cgroup: cgroup namespace
 *
 * @mnt, @pid and @user are the container key: two tasks are in the same
 * container when these three are equal.  The others are recorded for audit
 * and /proc/PID/attr/cordon/current.
 */
struct cordon_ns_ids {
	unsigned int mnt;
	unsigned int pid;
	unsigned int user;
	unsigned int ipc;
	unsigned int net;
	unsigned int uts;
	unsigned int cgroup;
};

/**
 * struct cordon_tag - the container a task or a set of credentials belongs to
 * @usage: references (tasks, credentials, inner tags)
 * @rcu: deferred free
 * @outer: the container this one was entered from, NULL for the host
 * @container: the container (shared by every tag of the same key while the
 *	container has tasks); its id is the serial number audit and
 *	/proc/PID/attr/cordon/current show
 * @resolved: cache of the effective profile under the active policy (see
 *	policy.c): the epoch it was computed in (bits 63..16), the profile
 *	index + 1 (0: the default) in bits 15..0
 * @depth: 1 for a container entered from the host, +1 per nesting
 * @armed: restrictions apply (set at the first execve, never cleared)
 * @ns: namespace identities at the time the tag was made
 *
 * A tag is immutable once published, but for @resolved.  Tasks and
 * credentials with no tag belong to the host.  When a task's namespaces
 * change, a new tag is made with the old one as @outer, so nesting never
 * sheds the outer container's restrictions.
 */
struct cordon_tag {
	refcount_t usage;
	struct rcu_head rcu;
	struct cordon_tag *outer;
	struct cordon_container *container;
	atomic64_t resolved;
	unsigned int depth;
	bool armed;
	struct cordon_ns_ids ns;
};

/**
 * struct cordon_task_security - cordon's part of a task's security blob
 * @tag: the task's container, NULL for the host.  Written only by the task
 *	itself (and at its creation), read by others under RCU.
 *
 * @pending: a binding requested while the task was still a host task in a
 *	mount namespace of its own (a runtime's createRuntime hook runs before
 *	pivot_root), applied to the container the task enters next; taken
 *	and set by atomic exchange
 * @seen_nsproxy: the task's nsproxy when its container tag was last found
 *	up to date (NULL: not yet), compared, never dereferenced
 * @seen_user_ns: likewise, the user namespace of its real credentials
 *
 * A container task's tag stays valid while its nsproxy and user namespace
 * are those seen: the tag is a function of its namespaces, and a task
 * leaves an nsproxy only by unshare() or setns(), which check a capability
 * (a cordon hook, which looks again) first.  So the nsproxy seen is still
 * alive whenever the task moves on, and a new one never has its address.
 * The task alone writes these fields.
 *
 * The task's own identity, brought up to date lazily when its namespaces
 * change.  Credentials keep the tag of the task that made them, as it was
 * then: they are never changed once committed.
 */
struct cordon_task_security {
	struct cordon_tag __rcu *tag;
	struct cordon_binding *pending;
	const void *seen_nsproxy;
	const void *seen_user_ns;
};

/**
 * struct cordon_cred_security - cordon's part of the credentials blob
 * @tag: container of the task that made these credentials, when it made
 *	them (armed from the first execve on); NULL for the host
 */
struct cordon_cred_security {
	struct cordon_tag __rcu *tag;
};

/**
 * struct cordon_file_security - cordon's part of a file's security blob
 * @fown: the container of the task that last set the file's owner
 *	(F_SETOWN and friends), NULL for the host; protected by the owner's
 *	lock (written under it, read by file_send_sigiotask under it)
 * @judged: a device node or a file of a pseudo file system (proc, sysfs,
 *	cgroup, binfmt_misc), whose reads and writes by a container task
 *	are judged; set when the file is opened.  Other files (ordinary
 *	files, pipes, sockets) are never judged: their reads and writes cost
 *	one test.
 */
struct cordon_file_security {
	struct cordon_tag *fown;
	bool judged;
};

/**
 * struct cordon_owner - the container that created an object
 * @id: id of the creator's container (struct cordon_container), when
 *	@container is set
 * @container: false when the creator was a host task
 * @armed: the creator was armed (not in its container's setup window)
 *
 * Kept in the blobs of superblocks, SysV IPC objects, POSIX message queue
 * inodes and keys.  It is the container's id rather than a reference
 * because keys have no free hook; ids are never reused.
 */
struct cordon_owner {
	u64 id : 62;
	u64 container : 1;
	u64 armed : 1;
};

/**
 * struct cordon_ipc_security - cordon's part of a SysV IPC object's blob
 * @owner: the creator's container
 * @mech: the object's type, its CORDON_IPC_SYSV_* bit, set when it is made
 */
struct cordon_ipc_security {
	struct cordon_owner owner;
	u32 mech;
};

/**
 * struct cordon_mount_rule - a file system type a profile may mount
 * @fstype: file system type name
 * @require: CORDON_MOUNT_* flags (uapi) the mount must carry
 */
struct cordon_mount_rule {
	char fstype[CORDON_FSTYPE_MAX];
	u32 require;
};

/**
 * struct cordon_device_rule - a device a profile may use
 * @type: CORDON_DEV_CHAR or CORDON_DEV_BLOCK (uapi)
 * @access: CORDON_DEV_READ, _WRITE, _MKNOD (uapi) allowed
 * @major: major number, or CORDON_DEV_ANY
 * @minor: minor number, or CORDON_DEV_ANY
 */
struct cordon_device_rule {
	u8 type;
	u8 access;
	u32 major;
	u32 minor;
};

/**
 * struct cordon_profile - what a container is allowed to do
 * @name: profile name
 * @mode: off, complain or enforce
 * @arm_on_exec: arm at the first execve (else as soon as the task is seen
 *	in a container)
 * @ptrace_same: ptrace within the container (and nested ones) is allowed
 * @ptrace_host_deny: host tasks may not ptrace the container's tasks
 * @mount_ops: CORDON_MOUNT_OP_* (uapi) allowed
 * @ipc_cross: CORDON_IPC_* (uapi) mechanisms allowed across the boundary
 * @knobs: CORDON_KNOB_* (uapi) host knobs protected
 * @cap_deny: capabilities denied whatever the target user namespace
 * @cap_deny_init_ns: capabilities denied when checked against the initial
 *	user namespace
 * @surface: CORDON_SURFACE_* (uapi) the container may reach
 * @nr_mount_rules: entries in @mount_rules
 * @mount_rules: file system types the container may mount
 * @nr_device_rules: entries in @device_rules
 * @device_rules: devices the container may use beyond the built-in
 *	allow list
 *
 * Profiles belong to a policy and live as long as it: use them inside an
 * RCU read-side critical section only.
 */
struct cordon_profile {
	char name[CORDON_NAME_MAX];
	enum cordon_mode mode;
	bool arm_on_exec;
	bool ptrace_same;
	bool ptrace_host_deny;
	u32 mount_ops;
	u32 ipc_cross;
	u32 knobs;
	kernel_cap_t cap_deny;
	kernel_cap_t cap_deny_init_ns;
	u32 surface;
	unsigned int nr_mount_rules;
	const struct cordon_mount_rule *mount_rules;
	unsigned int nr_device_rules;
	const struct cordon_device_rule *device_rules;
};

struct cordon_name_sel;
struct cordon_ns_sel;

/**
 * struct cordon_policy - a policy, built in or loaded
 * @free_work: deferred free when replaced (after an RCU grace period)
 * @seq: load sequence number, 0 for the built-in policy
 * @version: policy version (0 for the built-in policy)
 * @builtin: true for the policy compiled into the kernel
 * @name: policy name
 * @digest: SHA-256 of the blob it was loaded from (zero when built in)
 * @nr_profiles: entries in @profiles
 * @profiles: the profiles; for a loaded policy also the start of the one
 *	allocation that holds every array below and the selectors' names
 * @size: that allocation's size (0 when built in)
 * @default_profile: profile of containers no selector matches
 * @nr_name_sel: entries in @name_sel
 * @name_sel: name selectors, sorted by name
 * @nr_ns_sel: entries in @ns_sel
 * @ns_sel: namespace selectors, in the policy's order
 * @mount_rules: every profile's rules, each profile's contiguous and
 *	sorted by file system type
 * @device_rules: every profile's device rules, each profile's contiguous
 */
struct cordon_policy {
	struct rcu_work free_work;
	u64 seq;
	u64 version;
	bool builtin;
	char name[CORDON_NAME_MAX];
	u8 digest[32];
	unsigned int nr_profiles;
	struct cordon_profile *profiles;
	size_t size;
	const struct cordon_profile *default_profile;
	unsigned int nr_name_sel;
	struct cordon_name_sel *name_sel;
	unsigned int nr_ns_sel;
	struct cordon_ns_sel *ns_sel;
	struct cordon_mount_rule *mount_rules;
	struct cordon_device_rule *device_rules;
};

/**
 * struct cordon_binding - a container's name and profile, set by a tag
 *	request
 * @rcu: deferred free when replaced
 * @name: container name, may be empty
 * @profile: profile name, empty to let the policy's selectors decide
 * @arm: arm the container when a pending binding is applied
 */
struct cordon_binding {
	struct rcu_head rcu;
	char name[CORDON_NAME_MAX];
	char profile[CORDON_NAME_MAX];
	bool arm;
};

/**
 * struct cordon_container - a container the kernel knows
 * @usage: references (the tags of the container)
 * @rcu: deferred free
 * @hnode: in the table of containers by key
 * @lnode: in the list of containers by id
 * @id: serial number, unique for the life of the system
 * @nr_tasks: tasks whose tag is of this container or of one nested in it;
 *	the container is in the table (found by its key) while this is not
 *	zero, so that a namespace inode number reused after the last task is
 *	gone makes a new container
 * @key: namespace identities (mnt, pid and user are the key)
 * @binding: name and profile set by a tag request, or NULL
 * @resolved: cache of the container's own profile selection: the epoch it
 *	was computed in (bits 63..16), the profile index + 1 (0: no match) in
 *	bits 15..0
 * @depth: nesting depth (1 for a container entered from the host)
 * @armed: a tag of the container was armed
 * @bind_armed: a tag request bound the container: every task of it (and of
 *	the containers nested in it) is armed from then on, executed or not
 * @denied: denials in this container
 * @complained: would-be denials in complain mode
 * @audit_rs: the container's own audit rate limit, so that one noisy
 *	container cannot crowd out another's records
 */
struct cordon_container {
	refcount_t usage;
	struct rcu_head rcu;
	struct hlist_node hnode;
	struct list_head lnode;
	u64 id;
	atomic_t nr_tasks;
	struct cordon_ns_ids key;
	struct cordon_binding __rcu *binding;
	atomic64_t resolved;
	unsigned int depth;
	bool armed;
	bool bind_armed;
	atomic64_t denied;
	atomic64_t complained;
	struct ratelimit_state audit_rs;
};

extern bool cordon_initialized;
extern struct lsm_blob_sizes cordon_blob_sizes;
extern const struct lsm_blob_sizes cordon_blob_wanted;

struct audit_buffer;

/* mode.c */
const char *cordon_mode_name(enum cordon_mode mode);
int cordon_mode_parse(const char *str, enum cordon_mode *mode);
enum cordon_mode cordon_boot_mode(void);

/* identity.c */
void __init cordon_identity_init(void);
const struct cordon_tag *cordon_current_tag_slow(void);
const struct cordon_tag *cordon_cred_tag_slow(const struct cred *cred);
const struct cordon_tag *cordon_task_tag(const struct task_struct *task);
struct cordon_tag *cordon_tag_get(const struct cordon_tag *tag);
void cordon_tag_put(struct cordon_tag *tag);
bool cordon_tag_contains(const struct cordon_tag *outer,
			 const struct cordon_tag *inner);
bool cordon_ns_ids_is_container(const struct cordon_ns_ids *ids,
				unsigned int init_mnt, bool root_is_host);
bool cordon_ns_ids_same_key(const struct cordon_ns_ids *a,
			    const struct cordon_ns_ids *b);
unsigned int cordon_nr_containers(void);
u64 cordon_container_for_each(u64 after,
			      int (*fn)(void *arg,
					const struct cordon_container *c),
			      void *arg);
struct pid;
int cordon_container_bind(struct pid *pid, const char *name,
			  const char *profile, bool arm);

/**
 * cordon_task - cordon's blob of a task
 * @task: the task
 *
 * Return: cordon's part of @task's security blob.
 */
static __always_inline struct cordon_task_security *
cordon_task(const struct task_struct *task)
{
	return task->security + cordon_blob_sizes.lbs_task;
}

/**
 * cordon_cred - cordon's blob of a set of credentials
 * @cred: the credentials
 *
 * Return: cordon's part of @cred's security blob.
 */
static __always_inline struct cordon_cred_security *
cordon_cred(const struct cred *cred)
{
	return cred->security + cordon_blob_sizes.lbs_cred;
}

/**
 * cordon_file - cordon's blob of a file
 * @file: the file
 *
 * Return: cordon's part of @file's security blob.
 */
static __always_inline struct cordon_file_security *
cordon_file(const struct file *file)
{
	return file->f_security + cordon_blob_sizes.lbs_file;
}

/**
 * cordon_current_fresh - current's own tag, if it is up to date
 * @real: current's real credentials
 * @tag: where the tag goes
 *
 * A host task in the initial namespaces, or a container task whose nsproxy
 * and user namespace are those its tag was last found valid for (see
 * struct cordon_task_security), needs no look at its namespaces.
 *
 * Return: true if *@tag (NULL for the host) is current's tag.
 */
static __always_inline bool
cordon_current_fresh(const struct cred *real, const struct cordon_tag **tag)
{
	const struct cordon_task_security *blob = cordon_task(current);

	*tag = rcu_dereference_protected(blob->tag, true);
	if (likely(!*tag))
		return current->nsproxy == &init_nsproxy &&
		       real->user_ns == &init_user_ns;
	return blob->seen_nsproxy == current->nsproxy &&
	       blob->seen_user_ns == real->user_ns;
}

/**
 * cordon_current_tag - the container the current task acts as
 *
 * The current task's own tag, brought up to date; while the task runs with
 * credentials that are not its own (override_creds(): overlayfs, nfsd,
 * ...), the container of those credentials.  A task acting with its own
 * credentials whose tag is up to date (cordon_current_fresh()) is answered
 * inline, from data of the task itself.  May be called in atomic context.  The result stays valid
 * until the current task's tag or credentials change.
 *
 * Return: the tag, or NULL for the host.
 */
static __always_inline const struct cordon_tag *cordon_current_tag(void)
{
	const struct cred *real = current_real_cred();
	const struct cordon_tag *tag;

	if (likely(real == current_cred() && cordon_current_fresh(real, &tag)))
		return tag;
	return cordon_current_tag_slow();
}

/**
 * cordon_cred_tag - the container of a set of credentials
 * @cred: the credentials (current's or another's, e.g. a file's)
 *
 * Current's own (real) credentials stand for the current task: its tag,
 * brought up to date.  Any other credentials carry the container of the
 * task that made them.  Current's up-to-date tag is answered inline.
 *
 * Return: the tag, or NULL for the host.  Valid while @cred is.
 */
static __always_inline const struct cordon_tag *
cordon_cred_tag(const struct cred *cred)
{
	const struct cordon_tag *tag;

	if (likely(cred == current_real_cred() &&
		   cordon_current_fresh(cred, &tag)))
		return tag;
	return cordon_cred_tag_slow(cred);
}

void cordon_owner_set(struct cordon_owner *owner,
		      const struct cordon_tag *tag);

/**
 * cordon_owner_within - was an object created within a container?
 * @owner: the object's owner record
 * @tag: the container, NULL for the host
 *
 * Everything is within the host.  Only objects created by the container
 * itself are within a container (not those of the host, of other
 * containers, or of containers nested inside it).  The orphan identity's
 * container (id 0, see identity.c) contains nothing.
 *
 * Return: true if the object belongs to @tag's container.
 */
static __always_inline bool
cordon_owner_within(const struct cordon_owner *owner,
		    const struct cordon_tag *tag)
{
	if (!tag)
		return true;
	return owner->container && tag->container->id &&
	       owner->id == tag->container->id;
}

/* policy.c */
void __init cordon_policy_init(void);
const struct cordon_policy *cordon_policy(void);
const struct cordon_profile *cordon_profile_of(const struct cordon_tag *tag);
const struct cordon_profile *
cordon_profile_for(const struct cordon_policy *policy,
		   const struct cordon_tag *tag);
const struct cordon_profile *
cordon_container_profile(const struct cordon_policy *policy,
			 const struct cordon_container *c);
const struct cordon_profile *
cordon_profile_find(const struct cordon_policy *policy, const char *name);
void cordon_epoch_advance(void);
bool cordon_profile_weaker(const struct cordon_profile *a,
			   const struct cordon_profile *b);
struct cordon_ticket_req;
int cordon_policy_load(const void *blob, size_t len, const void *sig,
		       size_t siglen, const struct cordon_ticket_req *ticket,
		       const char **reason);
void cordon_policy_stats(u64 *loads, u64 *rejects);
size_t cordon_policy_memory(const struct cordon_policy *p);
const struct cordon_mount_rule *
cordon_mount_rule_find(const struct cordon_profile *profile,
		       const char *fstype);

/* policy_parse.c */
int cordon_policy_parse(const void *data, size_t len,
			struct cordon_policy **out, const char **reason);
bool cordon_name_ok(const char *field, size_t size, bool plus);

/* device.c */
bool cordon_device_allowed(const struct cordon_profile *profile, bool block,
			   dev_t dev, u32 access);
int cordon_device_file_check(const struct cordon_tag *tag,
			     const struct cordon_profile *profile,
			     const struct file *file, u32 access,
			     const char *op);

/* knob.c */
int cordon_knob_file_check(const struct cordon_tag *tag,
			   const struct cordon_profile *profile,
			   const struct cordon_ns_ids *opener,
			   const struct file *file, const char *op);

/* ipc.c */
int cordon_mq_file_check(const struct file *file, const char *op);

/* audit.c */
int cordon_decide(const struct cordon_tag *tag,
		  const struct cordon_profile *profile,
		  enum cordon_area area, const char *op,
		  const char *rule, int err,
		  void (*object)(struct audit_buffer *ab, const void *data),
		  const void *data);
u64 cordon_counter(enum cordon_area area, bool denied);
void cordon_audit_rs_init(struct ratelimit_state *rs);
const char *cordon_area_name(enum cordon_area area);
bool cordon_area_enforced(enum cordon_area area);

/* netlink.c */
void cordon_event(const struct cordon_tag *tag,
		  const struct cordon_profile *profile, enum cordon_area area,
		  const char *op, const char *rule, bool enforce);

/* per-area hook registration */
void __init cordon_mount_init(void);
void __init cordon_ptrace_init(void);
void __init cordon_cap_init(void);
void __init cordon_ipc_init(void);
void __init cordon_unix_init(void);
void __init cordon_signal_init(void);
void __init cordon_knob_init(void);
void __init cordon_device_init(void);
void __init cordon_file_init(void);
void __init cordon_surface_init(void);
#ifdef CONFIG_KEYS
void __init cordon_key_init(void);
#else
static inline void cordon_key_init(void)
{
}
#endif

/**
 * cordon_tag_armed - do a container's restrictions apply?
 * @tag: the container (not NULL)
 *
 * Armed at the first execve in the container (or at once, by its profile's
 * arm point), or because a tag request bound it or a container it is
 * nested in.
 *
 * Return: true if @tag is armed.
 */
static __always_inline bool cordon_tag_armed(const struct cordon_tag *tag)
{
	if (likely(tag->armed))
		return true;
	for (; tag; tag = tag->outer)
		if (tag->armed || READ_ONCE(tag->container->bind_armed))
			return true;
	return false;
}

/**
 * cordon_tag_profile - the profile restricting a container, if any
 * @tag: the container, NULL for the host
 *
 * Must be called inside rcu_read_lock(): a policy load may free the
 * profile after a grace period.
 *
 * Return: the profile of @tag when it is armed and its profile is not off,
 * NULL otherwise.
 */
static __always_inline const struct cordon_profile *
cordon_tag_profile(const struct cordon_tag *tag)
{
	const struct cordon_profile *profile;

	if (likely(!tag) || !cordon_tag_armed(tag))
		return NULL;
	profile = cordon_profile_of(tag);
	if (profile->mode == CORDON_MODE_OFF)
		return NULL;
	return profile;
}

/**
 * cordon_confined - the profile restricting the current task, if any
 * @tag: set to the current task's tag
 *
 * Return: the profile of the current task's container when the task is an
 * armed container task whose profile is not off, NULL otherwise (host tasks,
 * containers in their setup window).  The host pays one test.  Must be
 * called inside rcu_read_lock(), and the profile used only until
 * rcu_read_unlock().
 */
static inline const struct cordon_profile *
cordon_confined(const struct cordon_tag **tag)
{
	*tag = cordon_current_tag();
	return cordon_tag_profile(*tag);
}

#endif /* _SECURITY_CORDON_CORDON_H */
