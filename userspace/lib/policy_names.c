// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the names of the policy language's values
 */
#include <errno.h>
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
	{ NULL, 0 },
};

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
