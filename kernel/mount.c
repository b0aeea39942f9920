// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - mounts
 *
 * An armed container task may mount the filesystem types of its profile's
 * allow-list, change propagation, and remount read-only without dropping
 * nosuid/nodev/noexec.  Binds, moves, other remounts, umount and
 * pivot_root are denied, and so is creating a superblock of another type
 * through fsopen()/fsconfig().  open_tree(OPEN_TREE_CLONE), fsmount() and
 * mount_setattr() have no LSM hook: they need CAP_SYS_ADMIN over the mount
 * namespace's owner, which the capability area denies against the initial
 * user namespace.
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

#include "cordon.h"
#include "compat.h"

struct mount_obj {
	const char *dev;
	const char *fstype;
	const struct path *path;
	unsigned long flags;
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
}

static struct cordon_owner *sb_owner(const struct super_block *sb)
{
	return sb->s_security + cordon_blob_sizes.lbs_superblock;
}

/* a superblock belongs to the container of the task that made it */
static int cordon_sb_alloc_security(struct super_block *sb)
{
	cordon_owner_set(sb_owner(sb), cordon_current_tag());
	return 0;
}

#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/*
 * A remount may make a mount read-only, never lift nosuid, nodev or noexec
 * (which would let a container use setuid binaries or device nodes it
 * could not before).
 */
static bool remount_is_tightening(const struct path *path, unsigned long flags)
{
	int mnt_flags = path->mnt->mnt_flags;

	if (!(flags & MS_RDONLY))
		return false;
	if ((mnt_flags & MNT_NOSUID) && !(flags & MS_NOSUID))
		return false;
	if ((mnt_flags & MNT_NODEV) && !(flags & MS_NODEV))
		return false;
	if ((mnt_flags & MNT_NOEXEC) && !(flags & MS_NOEXEC))
		return false;
	return true;
}

static int cordon_sb_mount(const char *dev_name, const struct path *path,
			   const char *type, unsigned long flags, void *data)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { dev_name, type, path, flags };
	const char *op, *rule;

	profile = cordon_confined(&tag);
	if (!profile)
		return 0;

	if (flags & MS_REMOUNT) {
		if (remount_is_tightening(path, flags))
			return 0;
		op = "remount";
		rule = "mount.remount";
	} else if (flags & MS_BIND) {
		op = "bind";
		rule = "mount.bind";
	} else if (flags & MS_MOVE) {
		op = "move";
		rule = "mount.move";
	} else if (!(flags & MS_PROPAGATION) &&
		   !cordon_fstype_allowed(profile, type)) {
		op = "mount";
		rule = "mount.fstype";
	} else {
		return 0;	/* propagation change, allowed type */
	}
	return cordon_decide(tag, profile, CORDON_AREA_MOUNT, op, rule, -EPERM,
			     mount_object, &o);
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

	profile = cordon_confined(&tag);
	if (!profile)
		return 0;
	/*
	 * Attaching a whole filesystem of an allowed type that this container
	 * made itself (fsmount(), or a clone of its own mount).  A clone of a
	 * host or other container's mount (open_tree) is refused.
	 */
	if (cordon_fstype_allowed(profile, o.fstype) &&
	    from_path->dentry == from_path->mnt->mnt_root &&
	    !(from_path->mnt->mnt_flags & MNT_INTERNAL) &&
	    cordon_owner_within(sb_owner(from_path->mnt->mnt_sb), tag))
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_MOUNT, "move_mount",
			     "mount.move", -EPERM, mount_object, &o);
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

	profile = cordon_confined(&tag);
	if (!profile)
		return 0;
	/* umount could uncover what the runtime masked (e.g. /proc/kcore) */
	return cordon_decide(tag, profile, CORDON_AREA_MOUNT, "umount",
			     "mount.umount", -EPERM, mount_object, &o);
}

static int cordon_sb_pivotroot(const struct path *old_path,
			       const struct path *new_path)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { .path = new_path };

	profile = cordon_confined(&tag);
	if (!profile)
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_MOUNT, "pivot_root",
			     "mount.pivot_root", -EPERM, mount_object, &o);
}

/* fsconfig(): refuse to configure a filesystem type that is not allowed */
static int cordon_fs_context_parse_param(struct fs_context *fc,
					 struct fs_parameter *param)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { .fstype = fc->fs_type->name };

	if (fc->purpose != FS_CONTEXT_FOR_MOUNT)
		return -ENOPARAM;
	profile = cordon_confined(&tag);
	if (!profile || cordon_fstype_allowed(profile, o.fstype))
		return -ENOPARAM;
	return cordon_decide(tag, profile, CORDON_AREA_MOUNT, "fsconfig",
			     "mount.fstype", -EPERM, mount_object, &o) ?:
	       -ENOPARAM;
}

/* fsconfig(FSCONFIG_CMD_CREATE) and new mounts: the superblock's type */
static int cordon_sb_kern_mount(CORDON_SB_CONST struct super_block *sb)
{
	const struct cordon_profile *profile;
	const struct cordon_tag *tag;
	struct mount_obj o = { .fstype = sb->s_type->name, .dev = sb->s_id };

	profile = cordon_confined(&tag);
	if (!profile || cordon_fstype_allowed(profile, o.fstype))
		return 0;
	return cordon_decide(tag, profile, CORDON_AREA_MOUNT, "fs_create",
			     "mount.fstype", -EPERM, mount_object, &o);
}

static struct security_hook_list mount_hooks[] cordon_hooks_ro = {
	LSM_HOOK_INIT(sb_alloc_security, cordon_sb_alloc_security),
	LSM_HOOK_INIT(sb_mount, cordon_sb_mount),
	LSM_HOOK_INIT(move_mount, cordon_move_mount),
	LSM_HOOK_INIT(sb_umount, cordon_sb_umount),
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
