// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - mounts
 *
 * An armed container task may mount a filesystem type only if its profile
 * has a mount rule for that type, and only with the mount flags the rule
 * requires (read-only, nosuid, nodev, noexec).  mount(2) is checked in
 * sb_mount, where the flags are known.  The new mount API is checked in
 * three steps: fsconfig() (fs_context_parse_param) and the superblock's
 * creation (sb_kern_mount) refuse a type without a rule; the flags of an
 * fsmount()ed tree are known only when move_mount() attaches it, so that is
 * where the rule's required flags are checked.  move_mount() of a whole
 * filesystem that the container made itself (fsmount(), or a clone of its
 * own mount), of a type with a rule, is allowed with the rule's flags
 * whatever the mount operations.  A tree that fsmount() made can be used
 * through its file descriptor without being attached: the required flags
 * do not hold for it.
 *
 * Changing propagation is always allowed, and so is a remount that makes a
 * mount read-only without dropping nosuid/nodev/noexec (and without "rw"
 * in its data string, which would lift read-only); fspick() +
 * FSCONFIG_CMD_RECONFIGURE may reconfigure only a writable superblock.
 * A filesystem the container mounted itself once armed may be unmounted:
 * it covers nothing of the runtime's.  The profile's mount operations
 * (CORDON_MOUNT_OP_*) allow the rest:
 *
 *   BIND        bind mounts (MS_BIND) of any source the task can reach
 *               (the kernel lets it bind only mounts of its own mount
 *               namespace)
 *   MOVE        MS_MOVE, and move_mount() of anything but the container's
 *               own new filesystems (see above); the kernel does not let
 *               cordon tell a moved mount from a tree cloned by
 *               open_tree(OPEN_TREE_CLONE), so this allows attaching such
 *               clones (binds) too
 *   REMOUNT     any remount or reconfiguration (mount(2) MS_REMOUNT,
 *               fspick() + FSCONFIG_CMD_RECONFIGURE), including one that
 *               drops flags
 *   UMOUNT      umount of any mount (the runtime's masks and binds too)
 *   PIVOT_ROOT  pivot_root
 *
 * open_tree(OPEN_TREE_CLONE), fsmount() and mount_setattr() have no LSM
 * hook: they need CAP_SYS_ADMIN over the mount namespace's owner, which the
 * default profile denies against the initial user namespace, so a
 * container without a user namespace cannot call them once armed.  A clone
 * reaches the mount tree only through move_mount(), judged here.  In a
 * container with its own user namespace, mount_setattr() can still change
 * the flags of mounts of its own mount namespace that the kernel did not
 * lock (mounts the container's runtime made, not those inherited from the
 * host, whose read-only, nosuid, nodev and noexec flags are locked), and
 * lift a flag a rule required: its own mounts only, never the host's.
 *
 * Audit rules: mount.fstype (no rule for the type), mount.require (a
 * required flag missing), mount.bind, mount.move, mount.remount,
 * mount.umount, mount.pivot_root.  Every hook decides inside
 * rcu_read_lock(), without sleeping: a policy load frees the profiles it
 * replaces after a grace period.
 *
 * Copyright (C) 2026 The cordon authors
 */

#include <linux/audit.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/mount.h>
#include <uapi/linux/mount.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "cordon.h"
#include "compat.h"

struct mount_obj {
	const char *dev;
	const char *fstype;
	const struct path *path;
	unsigned long flags;
	u32 missing;
};

static void mount_object(struct audit_buffer *ab, const void *data)
{
	const struct mount_obj *o = data;

	if (o->fstype) {
		audit_log_format(ab, " fstype=");
		audit_log_untrustedstring(ab, o->fstype);
	}
	if (o->dev) {
		audit_log_format(ab, " dev=");
		audit_log_untrustedstring(ab, o->dev);
	}
	if (o->path)
		audit_log_d_path(ab, " path=", o->path);
	audit_log_format(ab, " flags=0x%lx", o->flags);
	if (o->missing)
		audit_log_format(ab, " missing=0x%x", o->missing);
}

static struct cordon_owner *sb_owner(const struct super_block *sb)
{
	return sb->s_security + cordon_blob_sizes.lbs_superblock;
}

/* a superblock belongs to the container of the task that made it */
static int cordon_sb_alloc_security(struct super_block *sb)
{
	rcu_read_lock();
	cordon_owner_set(sb_owner(sb), cordon_current_tag());
	rcu_read_unlock();
	return 0;
}

#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* mount(2) flags as CORDON_MOUNT_* */
static u32 ms_to_req(unsigned long flags)
{
	return (flags & MS_RDONLY ? CORDON_MOUNT_RDONLY : 0) |
	       (flags & MS_NOSUID ? CORDON_MOUNT_NOSUID : 0) |
	       (flags & MS_NODEV ? CORDON_MOUNT_NODEV : 0) |
	       (flags & MS_NOEXEC ? CORDON_MOUNT_NOEXEC : 0);
}

/* a mount's flags as CORDON_MOUNT_* */
static u32 mnt_to_req(int flags)
{
	return (flags & MNT_READONLY ? CORDON_MOUNT_RDONLY : 0) |
	       (flags & MNT_NOSUID ? CORDON_MOUNT_NOSUID : 0) |
	       (flags & MNT_NODEV ? CORDON_MOUNT_NODEV : 0) |
	       (flags & MNT_NOEXEC ? CORDON_MOUNT_NOEXEC : 0);
}

static const struct cordon_mount_rule *
find_rule(const struct cordon_profile *profile, const char *fstype)
{
	return fstype ? cordon_mount_rule_find(profile, fstype) : NULL;
}

/* is "rw" one of the comma-separated options of a mount data string? */
static bool cordon_data_has_rw(const char *data)
{
	size_t len, i, start = 0;

	if (!data)
		return false;
	/* mount(2) copies at most a page and terminates it */
	len = strnlen(data, PAGE_SIZE);
	for (i = 0; i <= len; i++) {
		if (i < len && data[i] != ',')
			continue;
		if (i - start == 2 && !strncmp(data + start, "rw", 2))
			return true;
		start = i + 1;
	}
	return false;
}

/*
 * A remount may make a mount read-only, never lift nosuid, nodev or noexec
 * (which would let a container use setuid binaries or device nodes it
 * could not before).
 */
static bool remount_is_tightening(const struct path *path, unsigned long flags,
				  const void *data)
{
	int mnt_flags = path->mnt->mnt_flags;

	if (!(flags & MS_RDONLY))
		return false;
	/* "rw" in the data string lifts what MS_RDONLY sets */
	if (!(flags & MS_BIND) && cordon_data_has_rw(data))
		return false;
	if ((mnt_flags & MNT_NOSUID) && !(flags & MS_NOSUID))
		return false;
	if ((mnt_flags & MNT_NODEV) && !(flags & MS_NODEV))
		return false;
	if ((mnt_flags & MNT_NOEXEC) && !(flags & MS_NOEXEC))
		return false;
	return true;
}

/*
 * The rule a mount(2) call breaks, NULL if it breaks none; sets *op for
 * audit and the missing required flags in o->missing.
 */
static const char *sb_mount_rule(const struct cordon_profile *profile,
				 const struct path *path, const char *type,
				 unsigned long flags, const void *data,
				 const char **op, struct mount_obj *o)
{
	const struct cordon_mount_rule *rule;

	if (flags & MS_REMOUNT) {
		*op = "remount";
		if ((profile->mount_ops & CORDON_MOUNT_OP_REMOUNT) ||
		    remount_is_tightening(path, flags, data))
			return NULL;
		return "mount.remount";
	}
	if (flags & MS_BIND) {
		*op = "bind";
		if (profile->mount_ops & CORDON_MOUNT_OP_BIND)
			return NULL;
		return "mount.bind";
	}
	if (flags & MS_MOVE) {
		*op = "move";
		if (profile->mount_ops & CORDON_MOUNT_OP_MOVE)
			return NULL;
		return "mount.move";
	}
	if (flags & MS_PROPAGATION)
		return NULL;
	*op = "mount";
	rule = find_rule(profile, type);
	if (!rule)
		return "mount.fstype";
	o->missing = rule->require & ~ms_to_req(flags);
	return o->missing ? "mount.require" : NULL;
}

static int cordon_sb_mount(const char *dev_name, const struct path *path,
			   const char *type, unsigned long flags, void *data)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { dev_name, type, path, flags };
	const char *op = "mount", *rule;
	int err = 0;

	rcu_read_lock();
	profile = cordon_confined(&tag);
	if (profile) {
		rule = sb_mount_rule(profile, path, type, flags, data, &op,
				     &o);
		if (rule)
			err = cordon_decide(tag, profile, CORDON_AREA_MOUNT, op,
					    rule, -EPERM, mount_object, &o);
	}
	rcu_read_unlock();
	return err;
}

/*
 * Is @mnt a whole filesystem that @tag's container made while armed?  The
 * runtime's mounts of the setup window (masks over /proc files, the
 * read-only tmpfs over /sys/firmware...) belong to the container too, but
 * were not made armed: they stay out of reach.
 */
static bool cordon_own_sb(const struct vfsmount *mnt,
			  const struct cordon_tag *tag)
{
	const struct cordon_owner *owner = sb_owner(mnt->mnt_sb);

	return mnt->mnt_root == mnt->mnt_sb->s_root && owner->armed &&
	       cordon_owner_within(owner, tag);
}

/* the rule a move_mount() call breaks, NULL if it breaks none */
static const char *move_mount_rule(const struct cordon_tag *tag,
				   const struct cordon_profile *profile,
				   const struct path *from_path,
				   struct mount_obj *o)
{
	const struct vfsmount *mnt = from_path->mnt;
	const struct cordon_mount_rule *rule;

	/*
	 * Attaching a whole filesystem of a type with a rule that this
	 * container made itself (fsmount(), or a clone of its own mount):
	 * allowed with the rule's flags.  Its flags are known only now.
	 */
	rule = find_rule(profile, o->fstype);
	if (rule && from_path->dentry == mnt->mnt_root &&
	    !(mnt->mnt_flags & MNT_INTERNAL) && cordon_own_sb(mnt, tag)) {
		o->missing = rule->require & ~mnt_to_req(mnt->mnt_flags);
		return o->missing ? "mount.require" : NULL;
	}
	/* anything else: a move, or a clone of a mount (a bind) */
	if (profile->mount_ops & CORDON_MOUNT_OP_MOVE)
		return NULL;
	return "mount.move";
}

static int cordon_move_mount(const struct path *from_path,
			     const struct path *to_path)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = {
		.fstype = from_path->mnt->mnt_sb->s_type->name,
		.path = to_path,
	};
	const char *rule;
	int err = 0;

	rcu_read_lock();
	profile = cordon_confined(&tag);
	if (profile) {
		rule = move_mount_rule(tag, profile, from_path, &o);
		if (rule)
			err = cordon_decide(tag, profile, CORDON_AREA_MOUNT,
					    "move_mount", rule, -EPERM,
					    mount_object, &o);
	}
	rcu_read_unlock();
	return err;
}

static int cordon_sb_umount(struct vfsmount *mnt, int flags)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct path path = { .mnt = mnt, .dentry = mnt->mnt_root };
	struct mount_obj o = {
		.fstype = mnt->mnt_sb->s_type->name,
		.path = &path,
		.flags = flags,
	};
	int err = 0;

	rcu_read_lock();
	profile = cordon_confined(&tag);
	/*
	 * umount could uncover what the runtime masked (e.g. /proc/kcore);
	 * a filesystem the container mounted itself once armed covers
	 * nothing of the runtime's and may go
	 */
	if (profile && !(profile->mount_ops & CORDON_MOUNT_OP_UMOUNT) &&
	    !cordon_own_sb(mnt, tag))
		err = cordon_decide(tag, profile, CORDON_AREA_MOUNT, "umount",
				    "mount.umount", -EPERM, mount_object, &o);
	rcu_read_unlock();
	return err;
}

/*
 * Reconfiguring a superblock: mount(2) with MS_REMOUNT (judged by sb_mount
 * first) and fspick() + fsconfig(FSCONFIG_CMD_RECONFIGURE), which has no
 * other hook.  The new flags are not passed: without the REMOUNT operation
 * a read-only superblock may not be reconfigured at all (that could make it
 * writable); a writable one may, which can only make it read-only.
 */
static int cordon_sb_remount(struct super_block *sb, void *mnt_opts)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { .fstype = sb->s_type->name, .dev = sb->s_id };
	int err = 0;

	if (!sb_rdonly(sb))
		return 0;
	rcu_read_lock();
	profile = cordon_confined(&tag);
	if (profile && !(profile->mount_ops & CORDON_MOUNT_OP_REMOUNT))
		err = cordon_decide(tag, profile, CORDON_AREA_MOUNT,
				    "reconfigure", "mount.remount", -EPERM,
				    mount_object, &o);
	rcu_read_unlock();
	return err;
}

static int cordon_sb_pivotroot(const struct path *old_path,
			       const struct path *new_path)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { .path = new_path };
	int err = 0;

	rcu_read_lock();
	profile = cordon_confined(&tag);
	if (profile && !(profile->mount_ops & CORDON_MOUNT_OP_PIVOT_ROOT))
		err = cordon_decide(tag, profile, CORDON_AREA_MOUNT,
				    "pivot_root", "mount.pivot_root", -EPERM,
				    mount_object, &o);
	rcu_read_unlock();
	return err;
}

/*
 * fsconfig(): refuse to configure a filesystem type without a rule.  The
 * rule's required flags are checked when the tree is attached.
 */
static int cordon_fs_context_parse_param(struct fs_context *fc,
					 struct fs_parameter *param)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { .fstype = fc->fs_type->name };
	int err = -ENOPARAM;

	if (fc->purpose != FS_CONTEXT_FOR_MOUNT)
		return -ENOPARAM;
	rcu_read_lock();
	profile = cordon_confined(&tag);
	if (profile && !find_rule(profile, o.fstype))
		err = cordon_decide(tag, profile, CORDON_AREA_MOUNT, "fsconfig",
				    "mount.fstype", -EPERM, mount_object,
				    &o) ?: -ENOPARAM;
	rcu_read_unlock();
	return err;
}

/*
 * fsconfig(FSCONFIG_CMD_CREATE) and new mounts: the superblock's type.
 * The rule's required flags are checked by sb_mount or move_mount.
 */
static int cordon_sb_kern_mount(CORDON_SB_CONST struct super_block *sb)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { .fstype = sb->s_type->name, .dev = sb->s_id };
	int err = 0;

	rcu_read_lock();
	profile = cordon_confined(&tag);
	if (profile && !find_rule(profile, o.fstype))
		err = cordon_decide(tag, profile, CORDON_AREA_MOUNT,
				    "fs_create", "mount.fstype", -EPERM,
				    mount_object, &o);
	rcu_read_unlock();
	return err;
}

static struct security_hook_list mount_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(sb_alloc_security, cordon_sb_alloc_security),
	LSM_HOOK_INIT(sb_mount, cordon_sb_mount),
	LSM_HOOK_INIT(move_mount, cordon_move_mount),
	LSM_HOOK_INIT(sb_umount, cordon_sb_umount),
	LSM_HOOK_INIT(sb_remount, cordon_sb_remount),
	LSM_HOOK_INIT(sb_pivotroot, cordon_sb_pivotroot),
	LSM_HOOK_INIT(fs_context_parse_param, cordon_fs_context_parse_param),
	LSM_HOOK_INIT(sb_kern_mount, cordon_sb_kern_mount),
};

/**
 * cordon_mount_init - register the mount hooks
 */
void __init cordon_mount_init(void)
{
	cordon_add_hooks(mount_hooks, ARRAY_SIZE(mount_hooks));
}

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

/* sorted by name: cordon_mount_rule_find() searches them */
static const struct cordon_mount_rule test_rules[] = {
	{ "mqueue", 0 },
	{ "tmpfs", CORDON_MOUNT_NOSUID | CORDON_MOUNT_NODEV },
};

static void test_profile_init(struct cordon_profile *p, u32 ops)
{
	memset(p, 0, sizeof(*p));
	strscpy(p->name, "test", sizeof(p->name));
	p->mode = CORDON_MODE_ENFORCE;
	p->mount_ops = ops;
	p->mount_rules = test_rules;
	p->nr_mount_rules = ARRAY_SIZE(test_rules);
}

static void expect_rule(struct kunit *test, const char *got, const char *want)
{
	if (!want) {
		KUNIT_EXPECT_NULL(test, got);
		return;
	}
	KUNIT_EXPECT_NOT_NULL(test, got);
	if (got)
		KUNIT_EXPECT_STREQ(test, got, want);
}

static const char *test_sb_mount_data(const struct cordon_profile *p,
				      const char *type, unsigned long flags,
				      int mnt_flags, const char *data,
				      struct mount_obj *o)
{
	struct vfsmount mnt = { .mnt_flags = mnt_flags };
	struct path path = { .mnt = &mnt };
	const char *op = NULL;

	memset(o, 0, sizeof(*o));
	return sb_mount_rule(p, &path, type, flags, data, &op, o);
}

static const char *test_sb_mount(const struct cordon_profile *p,
				 const char *type, unsigned long flags,
				 int mnt_flags, struct mount_obj *o)
{
	return test_sb_mount_data(p, type, flags, mnt_flags, NULL, o);
}

static void test_data_has_rw(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, cordon_data_has_rw(NULL));
	KUNIT_EXPECT_FALSE(test, cordon_data_has_rw(""));
	KUNIT_EXPECT_TRUE(test, cordon_data_has_rw("rw"));
	KUNIT_EXPECT_TRUE(test, cordon_data_has_rw("size=1m,rw"));
	KUNIT_EXPECT_TRUE(test, cordon_data_has_rw("rw,mode=755"));
	KUNIT_EXPECT_TRUE(test, cordon_data_has_rw("a,rw,b"));
	KUNIT_EXPECT_FALSE(test, cordon_data_has_rw("ro"));
	KUNIT_EXPECT_FALSE(test, cordon_data_has_rw("rwx,xrw,r,w"));
	KUNIT_EXPECT_FALSE(test, cordon_data_has_rw(",,"));
}

static void test_new_mount_rules(struct kunit *test)
{
	struct cordon_profile p;
	struct mount_obj o;

	test_profile_init(&p, 0);
	expect_rule(test, test_sb_mount(&p, "proc", 0, 0, &o), "mount.fstype");
	expect_rule(test, test_sb_mount(&p, NULL, 0, 0, &o), "mount.fstype");
	expect_rule(test, test_sb_mount(&p, "mqueue", 0, 0, &o), NULL);
	/* tmpfs requires nosuid and nodev */
	expect_rule(test, test_sb_mount(&p, "tmpfs", 0, 0, &o),
		    "mount.require");
	KUNIT_EXPECT_EQ(test, o.missing,
			CORDON_MOUNT_NOSUID | CORDON_MOUNT_NODEV);
	expect_rule(test, test_sb_mount(&p, "tmpfs", MS_NOSUID, 0, &o),
		    "mount.require");
	KUNIT_EXPECT_EQ(test, o.missing, CORDON_MOUNT_NODEV);
	expect_rule(test, test_sb_mount(&p, "tmpfs", MS_NOSUID | MS_NODEV |
					MS_RDONLY, 0, &o), NULL);
	/* a propagation change is not a new mount */
	expect_rule(test, test_sb_mount(&p, "proc", MS_PRIVATE, 0, &o), NULL);
}

static void test_mount_ops(struct kunit *test)
{
	struct cordon_profile p;
	struct mount_obj o;

	test_profile_init(&p, 0);
	expect_rule(test, test_sb_mount(&p, NULL, MS_BIND, 0, &o),
		    "mount.bind");
	expect_rule(test, test_sb_mount(&p, NULL, MS_MOVE, 0, &o),
		    "mount.move");
	expect_rule(test, test_sb_mount(&p, NULL, MS_REMOUNT, 0, &o),
		    "mount.remount");
	/* read-only, keeping nosuid: allowed; dropping nosuid: not */
	expect_rule(test, test_sb_mount(&p, NULL, MS_REMOUNT | MS_RDONLY |
					MS_NOSUID, MNT_NOSUID, &o), NULL);
	expect_rule(test, test_sb_mount(&p, NULL, MS_REMOUNT | MS_RDONLY,
					MNT_NOSUID, &o), "mount.remount");
	expect_rule(test, test_sb_mount(&p, NULL, MS_REMOUNT | MS_BIND |
					MS_RDONLY, MNT_NOEXEC, &o),
		    "mount.remount");
	/* "rw" in the data string lifts MS_RDONLY: not a tightening */
	expect_rule(test, test_sb_mount_data(&p, NULL, MS_REMOUNT | MS_RDONLY,
					     0, "size=1m,rw", &o),
		    "mount.remount");
	expect_rule(test, test_sb_mount_data(&p, NULL, MS_REMOUNT | MS_RDONLY,
					     0, "size=1m", &o), NULL);

	test_profile_init(&p, CORDON_MOUNT_OP_BIND);
	expect_rule(test, test_sb_mount(&p, NULL, MS_BIND, 0, &o), NULL);
	expect_rule(test, test_sb_mount(&p, NULL, MS_MOVE, 0, &o),
		    "mount.move");
	test_profile_init(&p, CORDON_MOUNT_OP_MOVE);
	expect_rule(test, test_sb_mount(&p, NULL, MS_MOVE, 0, &o), NULL);
	expect_rule(test, test_sb_mount(&p, NULL, MS_BIND, 0, &o),
		    "mount.bind");
	test_profile_init(&p, CORDON_MOUNT_OP_REMOUNT);
	expect_rule(test, test_sb_mount(&p, NULL, MS_REMOUNT, MNT_NOSUID, &o),
		    NULL);
	/* the op bits do not lift the type rules */
	test_profile_init(&p, CORDON_MOUNT_OP_ALL);
	expect_rule(test, test_sb_mount(&p, "proc", 0, 0, &o), "mount.fstype");
	expect_rule(test, test_sb_mount(&p, "tmpfs", MS_NODEV, 0, &o),
		    "mount.require");
}

static void test_move_mount_rules(struct kunit *test)
{
	struct cordon_tag tag = { .depth = 1, .armed = true,
				  .ns = { .mnt = 11, .pid = 12, .user = 13 } };
	struct cordon_tag other = { .depth = 1, .armed = true,
				    .ns = { .mnt = 21, .pid = 22, .user = 23 } };
	struct dentry root = {}, sub = {};
	struct vfsmount mnt = { .mnt_root = &root };
	struct path from = { .mnt = &mnt, .dentry = &root };
	struct mount_obj o = { .fstype = "tmpfs" };
	struct cordon_profile p;
	struct super_block *sb;

	tag.container = kunit_kzalloc(test, sizeof(*tag.container), GFP_KERNEL);
	other.container = kunit_kzalloc(test, sizeof(*other.container),
					GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tag.container);
	KUNIT_ASSERT_NOT_NULL(test, other.container);
	tag.container->id = 1;
	other.container->id = 2;
	sb = kunit_kzalloc(test, sizeof(*sb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sb);
	sb->s_security = kunit_kzalloc(test, cordon_blob_sizes.lbs_superblock +
				       sizeof(struct cordon_owner), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sb->s_security);
	mnt.mnt_sb = sb;
	sb->s_root = &root;
	test_profile_init(&p, 0);

	/* a tmpfs of the container's setup window: not its own to attach */
	tag.armed = false;
	cordon_owner_set(sb_owner(sb), &tag);
	tag.armed = true;
	expect_rule(test, move_mount_rule(&tag, &p, &from, &o), "mount.move");
	/* the container's own fsmount()ed tmpfs: the flags are checked */
	cordon_owner_set(sb_owner(sb), &tag);
	expect_rule(test, move_mount_rule(&tag, &p, &from, &o),
		    "mount.require");
	KUNIT_EXPECT_EQ(test, o.missing,
			CORDON_MOUNT_NOSUID | CORDON_MOUNT_NODEV);
	mnt.mnt_flags = MNT_NOSUID | MNT_NODEV;
	expect_rule(test, move_mount_rule(&tag, &p, &from, &o), NULL);
	/* a subtree of it, another container's, a type without a rule */
	from.dentry = &sub;
	expect_rule(test, move_mount_rule(&tag, &p, &from, &o), "mount.move");
	from.dentry = &root;
	expect_rule(test, move_mount_rule(&other, &p, &from, &o),
		    "mount.move");
	o.fstype = "proc";
	expect_rule(test, move_mount_rule(&tag, &p, &from, &o), "mount.move");
	/* moves allowed: anything but the rule's flags */
	test_profile_init(&p, CORDON_MOUNT_OP_MOVE);
	expect_rule(test, move_mount_rule(&tag, &p, &from, &o), NULL);
	expect_rule(test, move_mount_rule(&other, &p, &from, &o), NULL);
	o.fstype = "tmpfs";
	mnt.mnt_flags = MNT_NOSUID;
	expect_rule(test, move_mount_rule(&tag, &p, &from, &o),
		    "mount.require");
}

static struct kunit_case cordon_mount_test_cases[] = {
	KUNIT_CASE(test_new_mount_rules),
	KUNIT_CASE(test_data_has_rw),
	KUNIT_CASE(test_mount_ops),
	KUNIT_CASE(test_move_mount_rules),
	{}
};

static struct kunit_suite cordon_mount_test_suite = {
	.name = "cordon_mount",
	.test_cases = cordon_mount_test_cases,
};

kunit_test_suite(cordon_mount_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
