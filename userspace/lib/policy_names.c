// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the names of the policy language's values
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cordon/policy.h>

#include "policy_internal.h"

const struct cordon__bitname cordon__mount_flag_names[] = {
	{ "rdonly", CORDON_MOUNT_RDONLY },
	{ "nosuid", CORDON_MOUNT_NOSUID },
	{ "nodev", CORDON_MOUNT_NODEV },
	{ "noexec", CORDON_MOUNT_NOEXEC },
	{ NULL, 0 },
};

const struct cordon__bitname cordon__mount_op_names[] = {
	{ "bind", CORDON_MOUNT_OP_BIND },
	{ "move", CORDON_MOUNT_OP_MOVE },
	{ "remount", CORDON_MOUNT_OP_REMOUNT },
	{ "umount", CORDON_MOUNT_OP_UMOUNT },
	{ "pivot_root", CORDON_MOUNT_OP_PIVOT_ROOT },
	{ NULL, 0 },
};

const struct cordon__bitname cordon__ipc_names[] = {
	{ "sysv-msg", CORDON_IPC_SYSV_MSG },
	{ "sysv-sem", CORDON_IPC_SYSV_SEM },
	{ "sysv-shm", CORDON_IPC_SYSV_SHM },
	{ "mqueue", CORDON_IPC_MQUEUE },
	{ "unix-path", CORDON_IPC_UNIX_PATH },
	{ "unix-abstract", CORDON_IPC_UNIX_ABSTRACT },
	{ "signal", CORDON_IPC_SIGNAL },
	{ "key", CORDON_IPC_KEY },
	{ NULL, 0 },
};

const struct cordon__bitname cordon__knob_names[] = {
	{ "core_pattern", CORDON_KNOB_CORE_PATTERN },
	{ "modprobe", CORDON_KNOB_MODPROBE },
	{ "hotplug", CORDON_KNOB_HOTPLUG },
	{ "poweroff_cmd", CORDON_KNOB_POWEROFF_CMD },
	{ "sysrq", CORDON_KNOB_SYSRQ },
	{ "uevent_helper", CORDON_KNOB_UEVENT_HELPER },
	{ "release_agent", CORDON_KNOB_RELEASE_AGENT },
	{ "binfmt_misc", CORDON_KNOB_BINFMT_MISC },
	{ "module_request", CORDON_KNOB_MODULE_REQUEST },
	{ "sysctl", CORDON_KNOB_SYSCTL },
	{ "sysfs", CORDON_KNOB_SYSFS },
	{ NULL, 0 },
};

const struct cordon__surface_name cordon__surface_names[CORDON__NR_SURFACE] = {
	{ "userns create", CORDON_SURFACE_USERNS },
	{ "io_uring", CORDON_SURFACE_IO_URING },
	{ "userfaultfd", CORDON_SURFACE_USERFAULTFD },
	{ "bpf", CORDON_SURFACE_BPF },
	{ "perf", CORDON_SURFACE_PERF },
};

_Static_assert(CORDON_SURFACE_ALL == 0x1f,
	       "a surface bit without a statement in cordon__surface_names[]");
_Static_assert(CORDON_KNOB_ALL == 0x7ff,
	       "a knob bit without a name in cordon__knob_names[]");

const char *const cordon__dev_type_names[3] = {
	[CORDON_DEV_CHAR] = "char",
	[CORDON_DEV_BLOCK] = "block",
};

const char cordon__dev_access_letters[3] = { 'r', 'w', 'm' };

const char *cordon__dev_str(char buf[CORDON__DEV_STR_SIZE], uint8_t type,
			    uint32_t major, uint32_t minor)
{
	char ma[12] = "*", mi[12] = "*";

	if (major != CORDON_DEV_ANY)
		snprintf(ma, sizeof(ma), "%u", major);
	if (minor != CORDON_DEV_ANY)
		snprintf(mi, sizeof(mi), "%u", minor);
	snprintf(buf, CORDON__DEV_STR_SIZE, "%s %s:%s",
		 type < 3 && cordon__dev_type_names[type] ?
		 cordon__dev_type_names[type] : "?", ma, mi);
	return buf;
}

_Static_assert(CORDON_DEV_READ == 1 && CORDON_DEV_WRITE == 2 &&
	       CORDON_DEV_MKNOD == 4 && CORDON_DEV_ACCESS_ALL == 7,
	       "device access bits out of step with the letters rwm");

const char *const cordon__mode_names[3] = {
	[CORDON_POLICY_MODE_OFF] = "off",
	[CORDON_POLICY_MODE_COMPLAIN] = "complain",
	[CORDON_POLICY_MODE_ENFORCE] = "enforce",
};

const char *const cordon__arm_names[2] = {
	[CORDON_ARM_EXEC] = "exec",
	[CORDON_ARM_IMMEDIATE] = "immediate",
};

const char *const cordon__ptrace_names[2] = {
	[CORDON_PTRACE_NONE] = "none",
	[CORDON_PTRACE_CONTAINER] = "container",
};

const char *const cordon__ptrace_host_names[2] = {
	[CORDON_PTRACE_HOST_ALLOW] = "allow",
	[CORDON_PTRACE_HOST_DENY] = "deny",
};

#define CAP_NAME(c, s) [CAP_##c] = s

static const char *const cap_names[CORDON__CAP_LAST + 1] = {
	CAP_NAME(CHOWN, "chown"),
	CAP_NAME(DAC_OVERRIDE, "dac_override"),
	CAP_NAME(DAC_READ_SEARCH, "dac_read_search"),
	CAP_NAME(FOWNER, "fowner"),
	CAP_NAME(FSETID, "fsetid"),
	CAP_NAME(KILL, "kill"),
	CAP_NAME(SETGID, "setgid"),
	CAP_NAME(SETUID, "setuid"),
	CAP_NAME(SETPCAP, "setpcap"),
	CAP_NAME(LINUX_IMMUTABLE, "linux_immutable"),
	CAP_NAME(NET_BIND_SERVICE, "net_bind_service"),
	CAP_NAME(NET_BROADCAST, "net_broadcast"),
	CAP_NAME(NET_ADMIN, "net_admin"),
	CAP_NAME(NET_RAW, "net_raw"),
	CAP_NAME(IPC_LOCK, "ipc_lock"),
	CAP_NAME(IPC_OWNER, "ipc_owner"),
	CAP_NAME(SYS_MODULE, "sys_module"),
	CAP_NAME(SYS_RAWIO, "sys_rawio"),
	CAP_NAME(SYS_CHROOT, "sys_chroot"),
	CAP_NAME(SYS_PTRACE, "sys_ptrace"),
	CAP_NAME(SYS_PACCT, "sys_pacct"),
	CAP_NAME(SYS_ADMIN, "sys_admin"),
	CAP_NAME(SYS_BOOT, "sys_boot"),
	CAP_NAME(SYS_NICE, "sys_nice"),
	CAP_NAME(SYS_RESOURCE, "sys_resource"),
	CAP_NAME(SYS_TIME, "sys_time"),
	CAP_NAME(SYS_TTY_CONFIG, "sys_tty_config"),
	CAP_NAME(MKNOD, "mknod"),
	CAP_NAME(LEASE, "lease"),
	CAP_NAME(AUDIT_WRITE, "audit_write"),
	CAP_NAME(AUDIT_CONTROL, "audit_control"),
	CAP_NAME(SETFCAP, "setfcap"),
	CAP_NAME(MAC_OVERRIDE, "mac_override"),
	CAP_NAME(MAC_ADMIN, "mac_admin"),
	CAP_NAME(SYSLOG, "syslog"),
	CAP_NAME(WAKE_ALARM, "wake_alarm"),
	CAP_NAME(BLOCK_SUSPEND, "block_suspend"),
	CAP_NAME(AUDIT_READ, "audit_read"),
	CAP_NAME(PERFMON, "perfmon"),
	CAP_NAME(BPF, "bpf"),
	CAP_NAME(CHECKPOINT_RESTORE, "checkpoint_restore"),
};

_Static_assert(CORDON__CAP_LAST == CAP_CHECKPOINT_RESTORE,
	       "a capability without a name in cap_names[]");

const char *cordon_cap_name(unsigned int cap)
{
	return cap <= CORDON__CAP_LAST ? cap_names[cap] : NULL;
}

/*
 * The kernel accepts CAP_SYS_ADMIN in place of CAP_BPF and CAP_PERFMON
 * (bpf_capable(), perfmon_capable(): capable(), so against the initial
 * user namespace) and of CAP_CHECKPOINT_RESTORE
 * (checkpoint_restore_ns_capable(): in the user namespace owning the pid
 * namespace, which may be the container's own).  Denying one of those
 * while sys_admin stays allowed in the same place denies nothing, so the
 * compiler refuses it.  bpf(2) and perf_event_open(2) have their own
 * switch, the attack surface bits: with "bpf deny" (or "perf deny") the
 * kernel refuses the call whatever capability is held, and the
 * capabilities do not matter.
 */
bool cordon__cap_fallback_problem(uint32_t surface, uint64_t cap_deny,
				  uint64_t cap_deny_init_ns, char *msg,
				  size_t len)
{
	static const struct {
		unsigned int cap;
		uint32_t surface;	/* 0: no attack surface switch */
		const char *kw;
	} fb[] = {
		{ CAP_BPF, CORDON_SURFACE_BPF, "bpf" },
		{ CAP_PERFMON, CORDON_SURFACE_PERF, "perf" },
		{ CAP_CHECKPOINT_RESTORE, 0, NULL },
	};
	const uint64_t sa = UINT64_C(1) << CAP_SYS_ADMIN;
	uint64_t init = cap_deny | cap_deny_init_ns;

	for (size_t i = 0; i < sizeof(fb) / sizeof(fb[0]); i++) {
		uint64_t c = UINT64_C(1) << fb[i].cap;
		const char *name = cap_names[fb[i].cap];

		if (fb[i].surface) {
			if (!(surface & fb[i].surface) || !(init & c) ||
			    (init & sa))
				continue;
			snprintf(msg, len,
				 "'%s allow' and capability %s denied against the initial user namespace, but not sys_admin, which the kernel accepts in its place: deny sys_admin there too, or write '%s deny'",
				 fb[i].kw, name, fb[i].kw);
			return true;
		}
		if ((cap_deny & c) && !(cap_deny & sa)) {
			snprintf(msg, len,
				 "capability %s denied in every user namespace, but not sys_admin, which the kernel accepts in its place: deny sys_admin too, or allow %s",
				 name, name);
			return true;
		}
		if ((init & c) && !(init & sa)) {
			snprintf(msg, len,
				 "capability %s denied against the initial user namespace, but not sys_admin, which the kernel accepts in its place: deny sys_admin there too, or allow %s",
				 name, name);
			return true;
		}
	}
	return false;
}

int cordon_cap_parse(const char *name, size_t len)
{
	if (len > 4 && strncasecmp(name, "cap_", 4) == 0) {
		name += 4;
		len -= 4;
	}
	for (unsigned int i = 0; i <= CORDON__CAP_LAST; i++)
		if (strlen(cap_names[i]) == len &&
		    strncasecmp(cap_names[i], name, len) == 0)
			return (int)i;
	return -EINVAL;
}
