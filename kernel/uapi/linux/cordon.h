/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * cordon - userspace API: the binary policy format and the generic netlink
 * family.  This header is the one definition shared by the kernel (where
 * it lives in security/cordon/uapi/linux/) and cordonctl.
 *
 * Copyright (C) 2026 The cordon authors
 */

#ifndef _UAPI_LINUX_CORDON_H
#define _UAPI_LINUX_CORDON_H

#include <linux/types.h>

/*
 * Binary policy
 * =============
 *
 * A policy blob is, in this order and with no gaps or padding between
 * them:
 *
 *   struct cordon_policy_header
 *   struct cordon_policy_profile     [nr_profiles]
 *   struct cordon_policy_mount_rule  [nr_mount_rules]
 *   struct cordon_policy_device_rule [nr_device_rules]
 *   struct cordon_policy_selector    [nr_selectors]
 *
 * All integers are little endian.  There are no pointers: profiles are
 * referred to by index.  Names are NUL-terminated and NUL-padded to their
 * field's size, made of [A-Za-z0-9._-] (file system types also '+'), and
 * never empty.  Every reserved field and every undefined bit must be zero.
 * header.total_size must equal the blob's length.
 *
 * The kernel rejects a blob with (see Documentation/admin-guide/LSM/cordon.rst):
 *   EBADMSG          bad magic, header_size or total_size, truncated blob
 *   EPROTONOSUPPORT  a format it does not know (format 1, without device
 *                    rules and attack surface, is no longer accepted)
 *   E2BIG            a blob or a count over its bound
 *   EINVAL           a value out of range, an unknown bit, a bad name,
 *                    a non-zero reserved field
 *   ENOTUNIQ         two profiles with one name, two rules for one file
 *                    system type or one device in a profile, two identical
 *                    selectors
 *   ENOENT           a reference to a profile that does not exist
 *   ESTALE           a version not above the active policy's
 */

#define CORDON_POLICY_MAGIC		0x4c4f5043	/* "CPOL" */
#define CORDON_POLICY_FORMAT		2

#define CORDON_NAME_MAX			64	/* with the NUL */
#define CORDON_FSTYPE_MAX		32	/* with the NUL */
#define CORDON_MAX_PROFILES		256
#define CORDON_MAX_MOUNT_RULES		4096
#define CORDON_MAX_DEVICE_RULES		4096
#define CORDON_MAX_SELECTORS		65536
#define CORDON_POLICY_MAX_SIZE		(8U << 20)
#define CORDON_SIGNATURE_MAX_SIZE	65535

/**
 * struct cordon_policy_header - start of a policy blob
 * @magic: CORDON_POLICY_MAGIC
 * @format: CORDON_POLICY_FORMAT
 * @header_size: sizeof(struct cordon_policy_header)
 * @total_size: length of the whole blob
 * @flags: none defined, must be 0
 * @version: policy version, at least 1; a load must raise it
 * @name: policy name
 * @nr_profiles: number of profiles, 1..CORDON_MAX_PROFILES
 * @default_profile: index of the profile of containers no selector matches
 * @nr_mount_rules: number of mount rules, 0..CORDON_MAX_MOUNT_RULES
 * @nr_selectors: number of selectors, 0..CORDON_MAX_SELECTORS
 * @nr_device_rules: number of device rules, 0..CORDON_MAX_DEVICE_RULES
 * @reserved: must be 0
 */
struct cordon_policy_header {
	__le32 magic;
	__le16 format;
	__le16 header_size;
	__le32 total_size;
	__le32 flags;
	__le64 version;
	char name[CORDON_NAME_MAX];
	__le16 nr_profiles;
	__le16 default_profile;
	__le32 nr_mount_rules;
	__le32 nr_selectors;
	__le32 nr_device_rules;
	__le32 reserved[6];
};

/* profile modes */
#define CORDON_POLICY_MODE_OFF		0
#define CORDON_POLICY_MODE_COMPLAIN	1
#define CORDON_POLICY_MODE_ENFORCE	2

/* arm points */
#define CORDON_ARM_EXEC			0	/* at the first execve */
#define CORDON_ARM_IMMEDIATE		1	/* as soon as seen */

/* ptrace scopes: what an armed container task may trace */
#define CORDON_PTRACE_NONE		0	/* nothing */
#define CORDON_PTRACE_CONTAINER		1	/* its container, nested ones */

/* ptrace of the container's tasks by host tasks */
#define CORDON_PTRACE_HOST_ALLOW	0
#define CORDON_PTRACE_HOST_DENY		1

/* mount operations a profile allows besides mounting allowed types */
#define CORDON_MOUNT_OP_BIND		0x1U
#define CORDON_MOUNT_OP_MOVE		0x2U
#define CORDON_MOUNT_OP_REMOUNT		0x4U	/* any remount */
#define CORDON_MOUNT_OP_UMOUNT		0x8U
#define CORDON_MOUNT_OP_PIVOT_ROOT	0x10U
#define CORDON_MOUNT_OP_ALL		0x1fU

/* mount flags a mount rule may require */
#define CORDON_MOUNT_RDONLY		0x1U
#define CORDON_MOUNT_NOSUID		0x2U
#define CORDON_MOUNT_NODEV		0x4U
#define CORDON_MOUNT_NOEXEC		0x8U
#define CORDON_MOUNT_FLAGS_ALL		0xfU

/* IPC mechanisms a profile lets cross the container boundary */
#define CORDON_IPC_SYSV_MSG		0x1U
#define CORDON_IPC_SYSV_SEM		0x2U
#define CORDON_IPC_SYSV_SHM		0x4U
#define CORDON_IPC_MQUEUE		0x8U
#define CORDON_IPC_UNIX_PATH		0x10U
#define CORDON_IPC_UNIX_ABSTRACT	0x20U
#define CORDON_IPC_SIGNAL		0x40U
#define CORDON_IPC_KEY			0x80U
#define CORDON_IPC_ALL			0xffU

/* host-global knobs a profile protects */
#define CORDON_KNOB_CORE_PATTERN	0x1U	/* kernel.core_pattern */
#define CORDON_KNOB_MODPROBE		0x2U	/* kernel.modprobe */
#define CORDON_KNOB_HOTPLUG		0x4U	/* kernel.hotplug */
#define CORDON_KNOB_POWEROFF_CMD	0x8U	/* kernel.poweroff_cmd */
#define CORDON_KNOB_SYSRQ		0x10U	/* sysrq, sysrq-trigger */
#define CORDON_KNOB_UEVENT_HELPER	0x20U	/* /sys/kernel/uevent_helper */
#define CORDON_KNOB_RELEASE_AGENT	0x40U	/* cgroup v1 release_agent */
#define CORDON_KNOB_BINFMT_MISC		0x80U	/* binfmt_misc files */
#define CORDON_KNOB_MODULE_REQUEST	0x100U	/* module autoloading */
#define CORDON_KNOB_SYSCTL		0x200U	/* sysctls not namespaced */
#define CORDON_KNOB_SYSFS		0x400U	/* sysfs beyond its own netns */
#define CORDON_KNOB_ALL			0x7ffU

/* kernel attack surface a profile lets an armed container reach */
#define CORDON_SURFACE_USERNS		0x1U	/* create user namespaces */
#define CORDON_SURFACE_IO_URING		0x2U	/* io_uring instances */
#define CORDON_SURFACE_USERFAULTFD	0x4U	/* userfaultfd */
#define CORDON_SURFACE_BPF		0x8U	/* bpf(2) */
#define CORDON_SURFACE_PERF		0x10U	/* perf_event_open(2) */
#define CORDON_SURFACE_ALL		0x1fU

/**
 * struct cordon_policy_profile - what a container is allowed to do
 * @name: profile name, unique in the policy
 * @mode: CORDON_POLICY_MODE_*
 * @arm: CORDON_ARM_*
 * @ptrace: CORDON_PTRACE_NONE or CORDON_PTRACE_CONTAINER
 * @ptrace_host: CORDON_PTRACE_HOST_*
 * @mount_ops: CORDON_MOUNT_OP_* allowed
 * @ipc_cross: CORDON_IPC_* allowed across the container boundary
 * @knobs: CORDON_KNOB_* protected
 * @cap_deny: capabilities (bit n: capability n) denied in every user
 *	namespace; bits above CAP_LAST_CAP must be 0
 * @cap_deny_init_ns: capabilities denied against the initial user namespace
 * @surface: CORDON_SURFACE_* the container may reach (0: none)
 * @reserved: must be 0
 */
struct cordon_policy_profile {
	char name[CORDON_NAME_MAX];
	__u8 mode;
	__u8 arm;
	__u8 ptrace;
	__u8 ptrace_host;
	__le32 mount_ops;
	__le32 ipc_cross;
	__le32 knobs;
	__le64 cap_deny;
	__le64 cap_deny_init_ns;
	__le32 surface;
	__le32 reserved[3];
};

/**
 * struct cordon_policy_mount_rule - a file system type a profile may mount
 * @fstype: file system type, as in /proc/filesystems
 * @profile: index of the profile the rule belongs to
 * @require: CORDON_MOUNT_* flags the mount must carry
 * @reserved: must be 0
 */
struct cordon_policy_mount_rule {
	char fstype[CORDON_FSTYPE_MAX];
	__le16 profile;
	__le16 require;
	__le32 reserved;
};

/* device rule types */
#define CORDON_DEV_CHAR			1
#define CORDON_DEV_BLOCK		2

/* device rule major or minor number matching any */
#define CORDON_DEV_ANY			0xffffffffU

/* device accesses a device rule allows */
#define CORDON_DEV_READ			0x1U	/* open for reading */
#define CORDON_DEV_WRITE		0x2U	/* open for writing */
#define CORDON_DEV_MKNOD		0x4U	/* create the node */
#define CORDON_DEV_ACCESS_ALL		0x7U

/**
 * struct cordon_policy_device_rule - a device a profile may use
 * @profile: index of the profile the rule belongs to
 * @type: CORDON_DEV_CHAR or CORDON_DEV_BLOCK
 * @access: CORDON_DEV_* accesses allowed, not 0
 * @major: major number (below 4096), or CORDON_DEV_ANY
 * @minor: minor number (below 2^20), or CORDON_DEV_ANY; CORDON_DEV_ANY
 *	when @major is
 * @reserved: must be 0
 *
 * Besides its rules an armed container may always use the devices every
 * container needs: null, zero, full, random, urandom, tty, ptmx, the
 * pseudo-terminal slaves, fuse and net/tun (and create whiteouts, 0:0).
 * /proc/kcore counts as the char device 1:1 (mem).
 */
struct cordon_policy_device_rule {
	__le16 profile;
	__u8 type;
	__u8 access;
	__le32 major;
	__le32 minor;
	__le32 reserved;
};

/* selector kinds */
#define CORDON_SELECT_NAME		1	/* the name given by a tag */
#define CORDON_SELECT_NS		2	/* namespace identity */

/**
 * struct cordon_policy_selector - which containers get a profile
 * @kind: CORDON_SELECT_*
 * @profile: index of the profile selected
 * @reserved: must be 0
 * @name: CORDON_SELECT_NAME: container name; CORDON_SELECT_NS: all zero
 * @mnt_ns: CORDON_SELECT_NS: mount namespace inode number, 0 for any
 * @pid_ns: CORDON_SELECT_NS: pid namespace inode number, 0 for any
 * @user_ns: CORDON_SELECT_NS: user namespace inode number, 0 for any;
 *	at least one of the three is not 0.  All 0 for CORDON_SELECT_NAME.
 * @reserved2: must be 0
 *
 * A container bound to a profile by a tag request uses that profile;
 * otherwise the first selector matching it (a name selector, then a
 * namespace selector, in blob order); otherwise the default profile.
 */
struct cordon_policy_selector {
	__le16 kind;
	__le16 profile;
	__le32 reserved;
	char name[CORDON_NAME_MAX];
	__le32 mnt_ns;
	__le32 pid_ns;
	__le32 user_ns;
	__le32 reserved2;
};

/*
 * Load challenge and verifier ticket
 * ==================================
 *
 * The kernel keeps a load challenge: 32 random bytes, read with
 * CORDON_CMD_CHALLENGE_GET and replaced after every load attempt, whatever
 * its outcome.  A verifier that has checked the machine's measured state
 * signs a ticket binding that challenge to the SHA-256 of the policy blob
 * about to be loaded; CORDON_CMD_POLICY_LOAD carries the ticket
 * (CORDON_A_TICKET, the 128 bytes of struct cordon_ticket) and its
 * detached PKCS#7 signature (CORDON_A_TICKET_SIGNATURE), made like a
 * policy signature but by a key in the ".cordon_verifier" keyring (a
 * policy signing key in ".cordon" cannot sign tickets, and a verifier key
 * cannot sign policies).  With cordon.attest=required every load needs a
 * ticket; with cordon.attest=optional a ticket is checked when present.
 *
 * The ticket is checked before the policy's own signature and before the
 * blob is parsed; a load it refuses is audited and counted, consumes the
 * challenge and leaves the active policy in force.  The kernel answers
 * (none of these is an answer of the policy checks above):
 *   EACCES       attestation is required and the request has no ticket
 *   EBADE        a ticket without its signature or a signature without
 *                its ticket; a ticket that is not 128 bytes, or with a bad
 *                magic, format or size, an unknown flag or a non-zero
 *                reserved field
 *   EKEYREVOKED  the ticket's signature is not a valid signature by a key
 *                in ".cordon_verifier" (malformed, tampered, or made by
 *                any other key, a policy signer's included)
 *   ETIME        the ticket's challenge is not the current one (an old
 *                ticket, a replay, or a load that raced another)
 *   ENOMSG       the ticket's policy_digest is not the blob's SHA-256
 * and, with a valid ticket, ESTALE also for a version under the kernel's
 * floor (CONFIG_SECURITY_CORDON_MIN_POLICY_VERSION).
 */

#define CORDON_TICKET_MAGIC		0x544b5443	/* "CTKT" */
#define CORDON_TICKET_FORMAT		1
#define CORDON_CHALLENGE_SIZE		32
#define CORDON_DIGEST_SIZE		32		/* SHA-256 */

/* ticket flags: what the verifier checked */
#define CORDON_TICKET_F_MANIFEST	0x1U	/* IMA log against a signed allowlist */
#define CORDON_TICKET_F_EK		0x2U	/* AK certified by the TPM's EK certificate */
#define CORDON_TICKET_F_LOCAL		0x4U	/* issued by a local verifier */
#define CORDON_TICKET_F_ALL		0x7U

/**
 * struct cordon_ticket - a verifier's statement allowing one load
 * @magic: CORDON_TICKET_MAGIC
 * @format: CORDON_TICKET_FORMAT
 * @size: sizeof(struct cordon_ticket), 128
 * @flags: CORDON_TICKET_F_*
 * @reserved: must be 0
 * @challenge: the kernel's current load challenge
 * @policy_digest: SHA-256 of the policy blob the ticket allows
 * @pcr_digest: SHA-256 of the quoted PCR values (TPMS_ATTEST pcrDigest),
 *	recorded, not checked, by the kernel
 * @issued: the verifier's clock, seconds since the epoch (informational)
 * @reserved2: must be 0
 *
 * Little endian, no padding.
 */
struct cordon_ticket {
	__le32 magic;
	__le16 format;
	__le16 size;
	__le32 flags;
	__le32 reserved;
	__u8 challenge[CORDON_CHALLENGE_SIZE];
	__u8 policy_digest[CORDON_DIGEST_SIZE];
	__u8 pcr_digest[CORDON_DIGEST_SIZE];
	__le64 issued;
	__le64 reserved2;
};

/*
 * Generic netlink family
 * ======================
 *
 * Every command needs CAP_MAC_ADMIN in the initial user namespace.
 * Attributes are validated strictly: unknown attributes are refused.
 * Errors carry a reason in the extended ack.
 */

#define CORDON_GENL_NAME		"cordon"
#define CORDON_GENL_VERSION		1
#define CORDON_GENL_MCGRP_EVENTS	"events"

/**
 * enum cordon_cmd - generic netlink commands
 * @CORDON_CMD_UNSPEC: unused
 * @CORDON_CMD_POLICY_LOAD: load a policy; CORDON_A_POLICY (one or more,
 *	concatenated in order: one attribute holds at most 64 KiB) and
 *	CORDON_A_SIGNATURE (a detached PKCS#7 signature of the blob),
 *	optionally (mandatory with cordon.attest=required) CORDON_A_TICKET
 *	and CORDON_A_TICKET_SIGNATURE
 * @CORDON_CMD_STATUS_GET: reply with the active policy and counters
 * @CORDON_CMD_TAG: name the container of the process CORDON_A_PID (or
 *	CORDON_A_PIDFD) CORDON_A_NAME, bind it to the profile
 *	CORDON_A_PROFILE, or both (at least one of the two); the container
 *	(and every container nested in it) is armed from then on, unless
 *	CORDON_A_ARM is 0
 * @CORDON_CMD_CONTAINER_GET: dump the containers the kernel knows, one
 *	message per container
 * @CORDON_CMD_EVENT: a denial (or complaint), multicast on "events"
 * @CORDON_CMD_CHALLENGE_GET: reply with the current load challenge
 *	(CORDON_A_CHALLENGE)
 * @__CORDON_CMD_MAX: number of commands
 */
enum cordon_cmd {
	CORDON_CMD_UNSPEC,
	CORDON_CMD_POLICY_LOAD,
	CORDON_CMD_STATUS_GET,
	CORDON_CMD_TAG,
	CORDON_CMD_CONTAINER_GET,
	CORDON_CMD_EVENT,
	CORDON_CMD_CHALLENGE_GET,
	__CORDON_CMD_MAX,
};

#define CORDON_CMD_MAX (__CORDON_CMD_MAX - 1)

/**
 * enum cordon_attr - generic netlink attributes
 * @CORDON_A_UNSPEC: unused
 * @CORDON_A_PAD: padding for 64-bit attributes
 * @CORDON_A_POLICY: binary, a piece of a policy blob
 * @CORDON_A_SIGNATURE: binary, detached PKCS#7 (DER) signature
 * @CORDON_A_POLICY_NAME: string, the active policy's name
 * @CORDON_A_POLICY_VERSION: u64, the active policy's version
 * @CORDON_A_POLICY_DIGEST: binary, SHA-256 of the active policy blob
 *	(absent for the built-in policy)
 * @CORDON_A_BUILTIN: flag, the active policy is the built-in one
 * @CORDON_A_MODE: string, boot mode ("enforce", "complain", "off")
 * @CORDON_A_PID: u32, a process in the container (in the caller's pid
 *	namespace)
 * @CORDON_A_NAME: string, container name
 * @CORDON_A_PROFILE: string, profile name
 * @CORDON_A_CONTAINER_ID: u64, container serial number
 * @CORDON_A_DEPTH: u32, nesting depth
 * @CORDON_A_ARMED: u8, restrictions apply
 * @CORDON_A_NS_MNT: u32, mount namespace inode number
 * @CORDON_A_NS_PID: u32, pid namespace inode number
 * @CORDON_A_NS_USER: u32, user namespace inode number
 * @CORDON_A_DENIED: u64, denials (status: all; container: its own)
 * @CORDON_A_COMPLAINED: u64, would-be denials in complain mode
 * @CORDON_A_AREA: string, enforcement area of an event
 * @CORDON_A_OP: string, operation of an event
 * @CORDON_A_RULE: string, rule of an event
 * @CORDON_A_ACTION: string, "denied" or "complain"
 * @CORDON_A_COMM: string, command name of the subject
 * @CORDON_A_NR_PROFILES: u32, profiles in the active policy
 * @CORDON_A_NR_CONTAINERS: u32, containers alive
 * @CORDON_A_LOADS: u64, policies loaded since boot
 * @CORDON_A_REJECTS: u64, loads rejected since boot
 * @CORDON_A_TICKET: binary, a struct cordon_ticket
 * @CORDON_A_TICKET_SIGNATURE: binary, detached PKCS#7 (DER) signature of
 *	the ticket by a verifier key
 * @CORDON_A_CHALLENGE: binary, the current load challenge
 *	(CORDON_CHALLENGE_SIZE bytes)
 * @CORDON_A_ATTEST: string, attestation mode ("required", "optional")
 * @CORDON_A_TICKETED: flag, the active policy was loaded with a ticket
 * @CORDON_A_TICKET_DIGEST: binary, SHA-256 of the ticket the active
 *	policy was loaded with
 * @CORDON_A_TICKET_REJECTS: u64, loads refused by the ticket check since
 *	boot (also counted in CORDON_A_REJECTS)
 * @CORDON_A_PIDFD: u32, a pidfd (in the caller's file table) of a process
 *	in the container: CORDON_CMD_TAG takes it or CORDON_A_PID, not both;
 *	unlike a pid it cannot come to name another process
 * @CORDON_A_ARM: u8, CORDON_CMD_TAG: 1 (the default) arms the container
 *	at once; 0 only binds it, and it arms at its first execve (or at
 *	once if its profile says so): what a runtime's hook before the
 *	container's setup sends
 * @__CORDON_A_MAX: number of attributes
 */
enum cordon_attr {
	CORDON_A_UNSPEC,
	CORDON_A_PAD,
	CORDON_A_POLICY,
	CORDON_A_SIGNATURE,
	CORDON_A_POLICY_NAME,
	CORDON_A_POLICY_VERSION,
	CORDON_A_POLICY_DIGEST,
	CORDON_A_BUILTIN,
	CORDON_A_MODE,
	CORDON_A_PID,
	CORDON_A_NAME,
	CORDON_A_PROFILE,
	CORDON_A_CONTAINER_ID,
	CORDON_A_DEPTH,
	CORDON_A_ARMED,
	CORDON_A_NS_MNT,
	CORDON_A_NS_PID,
	CORDON_A_NS_USER,
	CORDON_A_DENIED,
	CORDON_A_COMPLAINED,
	CORDON_A_AREA,
	CORDON_A_OP,
	CORDON_A_RULE,
	CORDON_A_ACTION,
	CORDON_A_COMM,
	CORDON_A_NR_PROFILES,
	CORDON_A_NR_CONTAINERS,
	CORDON_A_LOADS,
	CORDON_A_REJECTS,
	CORDON_A_TICKET,
	CORDON_A_TICKET_SIGNATURE,
	CORDON_A_CHALLENGE,
	CORDON_A_ATTEST,
	CORDON_A_TICKETED,
	CORDON_A_TICKET_DIGEST,
	CORDON_A_TICKET_REJECTS,
	CORDON_A_PIDFD,
	CORDON_A_ARM,
	__CORDON_A_MAX,
};

#define CORDON_A_MAX (__CORDON_A_MAX - 1)

#endif /* _UAPI_LINUX_CORDON_H */
