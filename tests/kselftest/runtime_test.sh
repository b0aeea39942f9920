#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# runtime_test - unmodified container runtimes under cordon's default profile
#
# Runs in the guest, as root.  Builds an OCI bundle at run time (busybox
# rootfs, strace and keyctl with their libraries, config.json written here
# after runc's default spec) and checks, for runc and crun:
#
#   - a benign workload works, as the entrypoint ("run"), through "exec" in a
#     running container, and in a user namespace with CAP_SYS_ADMIN over it:
#     it is an armed container task; signals, ptrace, /proc/PID/mem, unix
#     sockets (path and abstract), SysV IPC, POSIX message queues and keys
#     work within the container; tmpfs and mqueue mounts in its own user
#     namespace; and the whole run, runtime setup included, makes no cordon
#     denial or complaint (counters and audit records);
#   - escape moves from a --privileged --pid=host --ipc=host --net=host
#     container (core_pattern, a cgroup v1 release_agent, proc and cgroup
#     mounts, insmod, a host key, a host POSIX and SysV IPC objects, a host
#     abstract socket, umount, ptrace, /proc/PID/mem and a signal to a host
#     process) are denied in enforce mode: the expected error, a cordon audit
#     record, host state unchanged.  With cordon.mode=off (or complain) the
#     same moves must succeed, which shows they are real.
#
# Then bubblewrap (an --unshare-all sandbox and a flatpak-like one) runs the
# benign workload without a cordon decision, and host tasks with private
# mount, net, ipc or uts namespaces (systemd PrivateTmp= style) stay host
# tasks, unrestricted.
#
# Environment:
#   CORDON_RT_HELPER  path of cordon-rt-helper (built static from
#                     tests/guest/runtime/cordon-rt-helper.c; looked for next
#                     to this script and in /usr/local/bin).  Without it the
#                     SysV IPC and abstract socket tests are skipped.
#   CORDON_RT_SKIP    attack names not to try (e.g. "ptrace_host"), reported
#                     as skipped: for a kernel that hangs on one of them.
#
# Prints kselftest TAP; exits 0 when no test failed.  Leaves no container,
# cgroup, key, IPC object or host setting behind.

PLAN=65
SECFS=/sys/kernel/security/cordon
export PATH=/usr/local/bin:/usr/lib/cordon/tests:/usr/sbin:/usr/bin:/sbin:/bin

num=0 pass=0 fail=0 skip=0

ok() { num=$((num + 1)); pass=$((pass + 1)); echo "ok $num $1"; }
nok() { num=$((num + 1)); fail=$((fail + 1)); echo "not ok $num $1"; }
skp() { num=$((num + 1)); skip=$((skip + 1)); echo "ok $num $1 # SKIP $2"; }
diag() { echo "$*" | sed 's/^/# /'; }
# result NAME CONDITION-STATUS: ok or not ok from the status of the last check
result() { if [ "$2" = 0 ]; then ok "$1"; else nok "$1"; fi; }

echo "TAP version 13"
echo "1..$PLAN"

# ---------------------------------------------------------------- environment

mode=$(sed -n 's/^mode: *//p' $SECFS/status 2>/dev/null)
if [ -z "$mode" ]; then
	diag "cordon is not active (no $SECFS/status): expecting no enforcement"
	mode=absent
fi
diag "cordon mode: $mode"
enforce=0
[ "$mode" = enforce ] && enforce=1

LDSO=$(ls /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1 2>/dev/null | head -n 1)
HELPER=${CORDON_RT_HELPER:-}
for h in "$(dirname "$0")/cordon-rt-helper" /usr/local/bin/cordon-rt-helper; do
	[ -z "$HELPER" ] && [ -x "$h" ] && HELPER=$h
done

W=$(mktemp -d /tmp/cordon-rt.XXXXXX) || exit 1
chmod 755 "$W"
R=$W/rootfs
HOSTPIDS=""
LISTENER=""
KEYID=""
SYSV=""
CGV1=""
CORE_ORIG=$(cat /proc/sys/kernel/core_pattern)
BURST_ORIG=$(cat /proc/sys/kernel/printk_ratelimit_burst 2>/dev/null)

cleanup() {
	for rt in runc crun; do
		command -v $rt >/dev/null || continue
		for id in $($rt list -q 2>/dev/null); do
			case "$id" in cordon-rt-*) $rt delete -f "$id" >/dev/null 2>&1 ;; esac
		done
	done
	for p in $HOSTPIDS $LISTENER; do kill "$p" 2>/dev/null; done
	[ -n "$KEYID" ] && keyctl unlink "$KEYID" @u >/dev/null 2>&1
	[ -n "$SYSV" ] && "$HELPER" sysv-rm $SYSV 2>/dev/null
	rm -f /dev/mqueue/cordon-rt-host
	[ -n "$CGV1" ] && umount "$CGV1" 2>/dev/null && rmdir "$CGV1"
	echo "$CORE_ORIG" >/proc/sys/kernel/core_pattern
	[ -n "$BURST_ORIG" ] && echo "$BURST_ORIG" >/proc/sys/kernel/printk_ratelimit_burst
	rmdir /sys/fs/cgroup/cordon-rt/* /sys/fs/cgroup/cordon-rt 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# kauditd prints audit records (when no auditd listens) under the printk
# rate limit of 10 per 5 s; the attack runs make more than that
[ -n "$BURST_ORIG" ] && echo 1000 >/proc/sys/kernel/printk_ratelimit_burst

# sum of every cordon counter, denials and complaints
counters_sum() {
	awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); s += kv[2] } }
	     END { print s + 0 }' $SECFS/counters 2>/dev/null || echo 0
}
# cordon's audit records since a mark written to the kernel log
marks=0
audit_mark() { marks=$((marks + 1)); echo "cordon-rt: mark $$.$marks" >/dev/kmsg; }
audit_lines() {
	dmesg | awk -v m="cordon-rt: mark $$.$marks" \
		'index($0, m) { n = NR } { l[NR] = $0 }
		 END { for (i = n + 1; i <= NR; i++) if (l[i] ~ /lsm=cordon/) print l[i] }'
}
# kauditd prints them asynchronously: wait until their number matches the
# counters' increase (fewer are printed past cordon's rate limit), ~3 s
audit_since_mark() { # EXPECTED-NUMBER
	i=0
	while [ $i -lt 15 ] && [ "$(audit_lines | wc -l)" -lt "$1" ]; do
		sleep 0.2
		i=$((i + 1))
	done
	audit_lines
}

# mark the start of a span that must not produce any cordon decision
quiet_begin() { q_c0=$(counters_sum); audit_mark; }
# check it: no counter moved, no record printed; print them otherwise
quiet_end() { # TEST-NAME
	q_c1=$(counters_sum)
	q_new=$(audit_since_mark $((q_c1 - q_c0)))
	if [ "$q_c1" = "$q_c0" ] && [ -z "$q_new" ]; then
		ok "$1"
	else
		nok "$1"
		diag "cordon counters moved by $((q_c1 - q_c0)) during a benign run:"
		cat $SECFS/counters | sed 's/^/#   /'
		echo "$q_new" | sed 's/^/#   /'
	fi
}

# ---------------------------------------------------------------- the bundle

copy_elf() { # PATH-ON-HOST: copy with its shared libraries into the rootfs
	[ -x "$1" ] || return 1
	mkdir -p "$R${1%/*}"
	cp "$1" "$R$1"
	[ -n "$LDSO" ] || return 0
	"$LDSO" --list "$1" 2>/dev/null |
		awk '/=> \//{ print $3 } /^[ \t]*\//{ print $1 }' |
		while read -r lib; do
			[ -e "$R$lib" ] && continue
			mkdir -p "$R${lib%/*}"
			cp -L "$lib" "$R$lib"
		done
}

build_rootfs() {
	mkdir -p "$R" && chmod 755 "$R" &&
	mkdir -p "$R/bin" "$R/sbin" "$R/usr/bin" "$R/usr/sbin" "$R/etc" \
		"$R/proc" "$R/sys" "$R/dev" "$R/tmp" "$R/root" "$R/cordon" \
		"$R/cordon-cg" "$R/run" || return 1
	cp /bin/busybox "$R/bin/busybox" || return 1
	for a in $(/bin/busybox --list-full); do
		mkdir -p "$R/${a%/*}"
		[ -e "$R/$a" ] || ln -s /bin/busybox "$R/$a"
	done
	copy_elf /usr/bin/strace
	copy_elf /usr/bin/keyctl
	[ -n "$HELPER" ] && cp "$HELPER" "$R/bin/cordon-rt-helper"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$R/etc/passwd"
	echo 'root:x:0:' >"$R/etc/group"
	write_workloads "$R/cordon"
}

# The benign workload.  Prints "R CHECK ok|fail|skip DETAIL" per check and
# exits 1 if a check failed.
write_workloads() { # DIR
	mkdir -p "$1"
	cat >"$1/benign.sh" <<'EOF'
#!/bin/sh
# cordon runtime_test: benign operations within one container
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
fails=0
r() {
	echo "R $1 $2 $(echo "$3" | tr '\n' ' ' | sed 's/ *$//')"
	[ "$2" != fail ] || fails=$((fails + 1))
}
T=$(mktemp -d /tmp/wl.XXXXXX)
[ -d "$T" ] || { T=/tmp; echo "# no mktemp"; }
HELPER=""
for h in "$(dirname "$0")/cordon-rt-helper" "$(command -v cordon-rt-helper)"; do
	[ -z "$HELPER" ] && [ -x "$h" ] && HELPER=$h
done

a=$(cat /proc/self/attr/cordon/current 2>&1)
case "$a" in
*"profile=default armed=yes"*) r attr_armed ok "$a" ;;
*) r attr_armed fail "$a" ;;
esac

# signals: a child, and the container's pid 1 (another process of the same
# container: the entrypoint when this runs through exec)
sleep 60 &
p=$!
kill $p 2>"$T/err"; rc=$?
wait $p 2>/dev/null; st=$?
if [ $rc = 0 ] && [ $st = 143 ] && kill -0 1 2>>"$T/err"; then
	r signal_within ok ""
else
	r signal_within fail "kill rc=$rc wait=$st $(cat "$T/err")"
fi

# ptrace: strace a child it starts, and attach to a process it did not
# start (its descendant, for Yama's ptrace_scope=1)
if ! command -v strace >/dev/null; then
	r ptrace_within skip "no strace"
else
	out=$(strace -f -qq -e trace=execve -o "$T/st1" sh -c 'true' 2>&1); rc1=$?
	( sleep 30 & echo $! >"$T/sp"; exec strace -e trace=none -o /dev/null -p "$(cat "$T/sp")" ) 2>"$T/st2" &
	sp=$!
	i=0
	while [ $i -lt 50 ] && ! grep -q attached "$T/st2" 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
		grep -q 'not permitted' "$T/st2" && break
	done
	kill "$(cat "$T/sp")" 2>/dev/null
	wait $sp 2>/dev/null
	if [ $rc1 = 0 ] && grep -q execve "$T/st1" && grep -q attached "$T/st2"; then
		r ptrace_within ok ""
	else
		r ptrace_within fail "strace -f rc=$rc1 $out / strace -p: $(cat "$T/st2")"
	fi
fi

# /proc/PID/mem of a child (opened by this shell, its parent, as Yama wants;
# open only: it needs ptrace access, mode attach) and /proc/1/environ (ptrace
# read) of the container's pid 1
sleep 30 &
p=$!
if { true; } 3<"/proc/$p/mem" 2>"$T/err" && cat /proc/1/environ >/dev/null 2>>"$T/err"; then
	r proc_mem_within ok ""
else
	r proc_mem_within fail "$(cat "$T/err")"
fi
kill $p; wait $p 2>/dev/null

# unix pathname socket: busybox syslogd on /dev/log, logger sends to it
if [ -w /dev ]; then
	syslogd -n -O "$T/syslog" 2>"$T/err" &
	p=$!
	i=0
	while [ $i -lt 50 ] && [ ! -S /dev/log ]; do sleep 0.1; i=$((i + 1)); done
	logger -t cordon-rt hello-within 2>>"$T/err"
	i=0
	while [ $i -lt 50 ] && ! grep -q hello-within "$T/syslog" 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
	kill $p; wait $p 2>/dev/null
	if grep -q hello-within "$T/syslog" 2>/dev/null; then
		r unix_path_within ok ""
	else
		r unix_path_within fail "$(cat "$T/err")"
	fi
	rm -f /dev/log
else
	r unix_path_within skip "/dev is read-only here"
fi

if [ -n "$HELPER" ]; then
	out=$("$HELPER" unix-within 2>&1) && r unix_abstract_within ok "" ||
		r unix_abstract_within fail "$out"
	out=$("$HELPER" sysv-within 2>&1) && r sysv_within ok "" ||
		r sysv_within fail "$out"
else
	r unix_abstract_within skip "cordon-rt-helper not installed"
	r sysv_within skip "cordon-rt-helper not installed"
fi

# POSIX message queue through the mqueue filesystem
if grep -q ' /dev/mqueue mqueue ' /proc/self/mounts; then
	q=/dev/mqueue/cordon-rt-within-$$
	if touch $q 2>"$T/err" && grep -q QSIZE $q 2>>"$T/err" && rm $q 2>>"$T/err"; then
		r mqueue_within ok ""
	else
		r mqueue_within fail "$(cat "$T/err")"
	fi
else
	r mqueue_within skip "no /dev/mqueue in this sandbox"
fi

# a key in the session keyring the runtime gave the container (runc and
# crun make one per container), or in a new one (CORDON_RT_NEW_KEYRING=1:
# bubblewrap makes none, its sandbox shares the caller's)
keys='id=$(keyctl add user cordon-rt-within secret @s) &&
	v=$(keyctl print "$id") && [ "$v" = secret ] &&
	keyctl unlink "$id" @s >/dev/null'
if command -v keyctl >/dev/null; then
	if [ "${CORDON_RT_NEW_KEYRING:-0}" = 1 ]; then
		keyctl session - sh -c "$keys" 2>"$T/err"
	else
		sh -c "$keys" 2>"$T/err"
	fi
	if [ $? = 0 ]; then
		r key_within ok ""
	else
		r key_within fail "$(cat "$T/err") (session keyring: $(keyctl describe @s 2>&1))"
	fi
else
	r key_within skip "no keyctl"
fi

# with CAP_SYS_ADMIN in a user namespace of its own: tmpfs and mqueue
if [ "$1" = userns ]; then
	mkdir -p "$T/m" "$T/q"
	if mount -t tmpfs -o size=1m cordon-rt "$T/m" 2>"$T/err" &&
	   echo x >"$T/m/f" && mount -t mqueue cordon-rt "$T/q" 2>>"$T/err"; then
		r mount_tmpfs_mqueue ok ""
	else
		r mount_tmpfs_mqueue fail "$(cat "$T/err")"
	fi
fi

echo "# workload done, $fails failed"
[ "$T" = /tmp ] || rm -rf "$T"
[ $fails = 0 ]
EOF

	# attacks: one line "A NAME rc=RC OUTPUT" each; the host judges them
	cat >"$1/attack.sh" <<'EOF'
#!/bin/sh
# cordon runtime_test: escape moves from a privileged container
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mkdir -p /tmp/a
a() { # NAME COMMAND...
	n=$1; shift
	case " $CORDON_RT_SKIP " in *" $n "*) return ;; esac
	out=$("$@" 2>&1); rc=$?
	echo "A $n rc=$rc $(echo "$out" | tr '\n' ' ' | sed 's/ *$//')"
}
echo "# attacker: $(cat /proc/self/attr/cordon/current 2>&1)"
a core_pattern sh -c 'echo cordon-rt-core >/proc/sys/kernel/core_pattern'
a release_agent sh -c 'echo /cordon-rt-agent >/cordon-cg/release_agent'
a mount_proc sh -c 'mkdir -p /tmp/a/p && mount -t proc proc /tmp/a/p && umount /tmp/a/p'
a mount_cgroup_v1 sh -c 'mkdir -p /tmp/a/cg && mount -t cgroup -o none,name=cordonrt2 cgroup /tmp/a/cg && umount /tmp/a/cg'
printf 'not a module' >/tmp/a/bad.ko
a insmod insmod /tmp/a/bad.ko
a key_host keyctl describe "$HOST_KEY"
a mqueue_host cat /dev/mqueue/cordon-rt-host
if command -v cordon-rt-helper >/dev/null && [ -n "$HOST_SYSV" ]; then
	a sysv_host cordon-rt-helper sysv-use $HOST_SYSV
	a unix_abstract_host cordon-rt-helper unix-use cordon-rt-host
fi
a umount umount /sys/fs/cgroup
a ptrace_host timeout 3 strace -e trace=none -o /dev/null -p "$HOST_PID"
a proc_mem_host sh -c "exec 3</proc/$HOST_PID/mem"
a kill_host kill "$HOST_PID"
EOF
	chmod 755 "$1/benign.sh" "$1/attack.sh"
}

DEFAULT_CAPS="CAP_CHOWN CAP_DAC_OVERRIDE CAP_FSETID CAP_FOWNER CAP_MKNOD
CAP_NET_RAW CAP_SETGID CAP_SETUID CAP_SETFCAP CAP_SETPCAP CAP_NET_BIND_SERVICE
CAP_SYS_CHROOT CAP_KILL CAP_AUDIT_WRITE"
ALL_CAPS="CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID
CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE
CAP_NET_BIND_SERVICE CAP_NET_BROADCAST CAP_NET_ADMIN CAP_NET_RAW CAP_IPC_LOCK
CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_CHROOT CAP_SYS_PTRACE
CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE CAP_SYS_RESOURCE
CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE CAP_AUDIT_WRITE
CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG
CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF
CAP_CHECKPOINT_RESTORE"

json_list() { # WORD...: "a", "b"
	first=1
	for w in "$@"; do
		[ $first = 1 ] || printf ', '
		printf '"%s"' "$w"
		first=0
	done
}

# write_config BUNDLE-DIR KIND ARG...
#   KIND default:    Docker's default capabilities, pid/net/ipc/uts/mount/
#                    cgroup namespaces, masked and read-only paths
#   KIND userns:     the same in a user namespace (root mapped to 100000),
#                    plus CAP_SYS_ADMIN (over that namespace only)
#   KIND privileged: --privileged --pid=host --ipc=host --net=host: all
#                    capabilities, only mount and uts namespaces, nothing
#                    masked, /proc/sys and /sys writable; binds the host's
#                    cgroup v1 test hierarchy at /cordon-cg; ENV in $ATTACK_ENV
write_config() {
	b=$1 kind=$2
	shift 2
	mkdir -p "$b"
	caps=$DEFAULT_CAPS ns="pid network ipc uts mount cgroup" masked=1
	nnp=true sysro='"ro", ' devallow=false userns="" extra="" env=""
	case $kind in
	userns)
		caps="$DEFAULT_CAPS CAP_SYS_ADMIN"
		ns="$ns user"
		userns='"uidMappings": [ { "containerID": 0, "hostID": 100000, "size": 65536 } ],
		"gidMappings": [ { "containerID": 0, "hostID": 100000, "size": 65536 } ],'
		;;
	privileged)
		caps=$ALL_CAPS ns="mount uts" masked=0 nnp=false sysro="" devallow=true
		env=$ATTACK_ENV
		[ -n "$CGV1" ] && extra=',
		{ "destination": "/cordon-cg", "type": "bind", "source": "'$CGV1'",
		  "options": [ "rbind", "rw" ] }'
		;;
	esac
	capl=$(json_list $caps)
	nsl=""
	for n in $ns; do nsl="$nsl${nsl:+, }{ \"type\": \"$n\" }"; done
	if [ $masked = 1 ]; then
		maskl='"maskedPaths": [ "/proc/acpi", "/proc/asound", "/proc/kcore",
			"/proc/keys", "/proc/latency_stats", "/proc/timer_list",
			"/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
			"/proc/scsi" ],
		"readonlyPaths": [ "/proc/bus", "/proc/fs", "/proc/irq",
			"/proc/sys", "/proc/sysrq-trigger" ],'
	else
		maskl=""
	fi
	cat >"$b/config.json" <<EOF
{
	"ociVersion": "1.0.2-dev",
	"process": {
		"terminal": false,
		"user": { "uid": 0, "gid": 0 },
		"args": [ $(json_list "$@") ],
		"env": [ "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"$env ],
		"cwd": "/",
		"capabilities": {
			"bounding": [ $capl ],
			"effective": [ $capl ],
			"permitted": [ $capl ]
		},
		"rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ],
		"noNewPrivileges": $nnp
	},
	"root": { "path": "$R", "readonly": false },
	"hostname": "cordon-rt",
	"mounts": [
		{ "destination": "/proc", "type": "proc", "source": "proc" },
		{ "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
		  "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
		{ "destination": "/dev/pts", "type": "devpts", "source": "devpts",
		  "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" ] },
		{ "destination": "/dev/shm", "type": "tmpfs", "source": "shm",
		  "options": [ "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" ] },
		{ "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
		  "options": [ "nosuid", "noexec", "nodev" ] },
		{ "destination": "/sys", "type": "sysfs", "source": "sysfs",
		  "options": [ "nosuid", "noexec", "nodev", $sysro"relatime" ] },
		{ "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
		  "options": [ "nosuid", "noexec", "nodev", "relatime", $sysro"rw" ] },
		{ "destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
		  "options": [ "nosuid", "nodev", "mode=1777" ] }$extra
	],
	"linux": {
		$userns
		"cgroupsPath": "/cordon-rt/$(basename "$b")",
		"resources": { "devices": [ { "allow": $devallow, "access": "rwm" } ] },
		"namespaces": [ $nsl ],
		$maskl
		"sysctl": {}
	}
}
EOF
}

# ---------------------------------------------------------------- test 1: setup

setup_ok=0
if build_rootfs 2>"$W/setup.err"; then
	write_config "$W/b-default" default /bin/sh /cordon/benign.sh &&
	write_config "$W/b-idle" default /bin/sleep 600 &&
	write_config "$W/b-userns" userns /bin/sh /cordon/benign.sh userns &&
	setup_ok=1
fi
if [ $setup_ok = 1 ]; then
	ok "bundle: busybox rootfs and OCI configs built"
	[ -n "$HELPER" ] || diag "cordon-rt-helper not found: SysV and abstract socket tests are skipped"
	[ -x "$R/usr/bin/strace" ] || diag "strace not in the rootfs: ptrace tests are skipped"
else
	nok "bundle: busybox rootfs and OCI configs built"
	diag "$(cat "$W/setup.err")"
fi

# ---------------------------------------------------------------- host fixtures for the attacks

# A host process to signal and trace, a host key, a host POSIX message queue,
# host SysV objects, a host abstract socket and a host cgroup v1 hierarchy:
# everything the privileged container must not reach.
new_host_target() {
	setsid sleep 600 </dev/null >/dev/null 2>&1 &
	HOST_PID=$!
	HOSTPIDS="$HOSTPIDS $HOST_PID"
}
host_fixtures() {
	KEYID=$(keyctl add user cordon-rt-host secret @u 2>/dev/null)
	touch /dev/mqueue/cordon-rt-host
	if [ -n "$HELPER" ]; then
		SYSV=$("$HELPER" sysv-create)
		"$HELPER" unix-listen cordon-rt-host >"$W/listener.out" 2>&1 &
		LISTENER=$!
	fi
	mkdir -p /run/cordon-rt-cg &&
		mount -t cgroup -o none,name=cordonrt cordonrt /run/cordon-rt-cg &&
		CGV1=/run/cordon-rt-cg
}

# ---------------------------------------------------------------- per runtime

# run_ctr RUNTIME ID BUNDLE OUT: a container in the foreground, no terminal
run_ctr() {
	timeout 120 "$1" run --bundle "$3" "$2" </dev/null >"$4" 2>&1
	r=$?
	"$1" delete -f "$2" >/dev/null 2>&1
	return $r
}

# judge the R lines of a benign run: one test per check
benign_checks() { # RUNTIME OUT
	for c in attr_armed signal_within ptrace_within proc_mem_within \
		 unix_path_within unix_abstract_within sysv_within \
		 mqueue_within key_within; do
		line=$(grep "^R $c " "$2" | head -n 1)
		res=$(echo "$line" | cut -d' ' -f3)
		detail=$(echo "$line" | cut -d' ' -f4-)
		case "$res" in
		ok) ok "$1 run: $c" ;;
		skip) skp "$1 run: $c" "$detail" ;;
		*) nok "$1 run: $c"; diag "${line:-no result}" ;;
		esac
	done
}

benign_all() { # TEST-NAME RC OUT
	if [ "$2" = 0 ] && ! grep -q '^R [a-z_]* fail' "$3" && grep -q '^R attr_armed ok' "$3"; then
		ok "$1"
		grep '^R [a-z_]* skip' "$3" | sed 's/^/#   /'
	else
		nok "$1"
		diag "exit status $2"
		sed 's/^/#   /' "$3"
	fi
}

# expectations per attack, in the order of attack.sh:
#   NAME;output when denied;output when it worked;cordon audit record
# (extended regular expressions, the first two case-insensitive)
ATTACKS='core_pattern;permission denied;rc=0;area=knob op=open_write .*core_pattern
release_agent;permission denied;rc=0;area=knob op=open_write .*release_agent
mount_proc;not permitted|permission denied;rc=0;area=mount op=mount .*fstype="?proc"? 
mount_cgroup_v1;not permitted|permission denied;rc=0;area=mount op=mount .*fstype="?cgroup"? 
insmod;not permitted;insmod;area=capability .*capability=16 
key_host;permission denied;rc=0;area=key op=key 
mqueue_host;permission denied;QSIZE;area=ipc op=mq_open 
sysv_host;shmat=EACCES msgsnd=EACCES semop=EACCES;shmat=ok msgsnd=ok semop=ok;area=ipc op=ipc 
unix_abstract_host;connect=EPERM sendto=EPERM;connect=ok sendto=ok;area=unix op=unix_
umount;not permitted|permission denied;rc=0;(area=mount op=umount|area=capability .*capability=21 )
ptrace_host;not permitted;attached;area=ptrace op=ptrace_attach .*target_comm="?sleep
proc_mem_host;permission denied;rc=0;area=ptrace op=ptrace_attach .*target_comm="?sleep
kill_host;not permitted;rc=0;area=signal op=kill '

attack_checks() { # RUNTIME OUT AUDIT-FILE
	while IFS=';' read -r name denied worked audit; do
		t="$1 privileged: $name"
		case " $CORDON_RT_SKIP " in
		*" $name "*) skp "$t" "in CORDON_RT_SKIP"; continue ;;
		esac
		if [ $name = release_agent ] && [ -z "$CGV1" ]; then
			skp "$t" "no cgroup v1 hierarchy on the host"; continue
		fi
		if [ $name = key_host ] && [ -z "$KEYID" ]; then
			skp "$t" "no host key (keyctl missing?)"; continue
		fi
		if [ $name = key_host ] && [ "$mode" != off ] && [ "$mode" != absent ] &&
		   ! grep -q '^areas:.* key' /sys/kernel/security/cordon/status; then
			skp "$t" "cordon does not restrict keys on this kernel"; continue
		fi
		line=$(grep "^A $name " "$2" | head -n 1)
		if [ -z "$line" ]; then
			case $name in
			sysv_host|unix_abstract_host)
				[ -z "$HELPER" ] && { skp "$t" "cordon-rt-helper not installed"; continue; } ;;
			esac
			nok "$t"; diag "no result line from the attacker"; continue
		fi
		extra=""
		case $name in
		core_pattern)
			now=$(cat /proc/sys/kernel/core_pattern)
			if [ "$now" = cordon-rt-core ]; then changed=1; else changed=0; fi
			extra="host core_pattern now '$now'" ;;
		release_agent)
			now=$(cat "$CGV1/release_agent" 2>/dev/null)
			if [ "$now" = /cordon-rt-agent ]; then changed=1; else changed=0; fi
			extra="host release_agent now '$now'" ;;
		kill_host)
			if kill -0 "$HOST_PID" 2>/dev/null; then changed=0; else changed=1; fi
			extra="host process $HOST_PID killed: $changed" ;;
		*) changed="" ;;
		esac
		if [ $enforce = 1 ]; then
			echo "$line" | grep -Eqi -- "$denied" &&
				grep "action=denied" "$3" | grep -Eq "$audit" &&
				[ "$changed" != 1 ]
		else
			# off (or complain): the move works, so the denial is cordon's
			echo "$line" | grep -Eqi -- "$worked" &&
				! echo "$line" | grep -Eqi -- "$denied" &&
				[ "$changed" != 0 ] &&
				{ [ "$mode" != complain ] ||
				  grep "action=complain" "$3" | grep -Eq "$audit"; }
		fi
		st=$?
		result "$t" $st
		if [ $st != 0 ] || [ $enforce != 1 ]; then
			diag "$line"
			[ -n "$extra" ] && diag "$extra"
		fi
		[ $st != 0 ] && grep -E "$audit" "$3" | sed 's/^/#   audit: /'
	done <<EOF
$ATTACKS
EOF
}

runtime_tests() { # RUNTIME
	rt=$1
	if ! command -v "$rt" >/dev/null || [ $setup_ok != 1 ]; then
		why="$rt not installed"
		[ $setup_ok = 1 ] || why="no bundle"
		for i in $(seq 28); do skp "$rt: test $i" "$why"; done
		return
	fi

	# 1. the workload as the entrypoint (runtime setup included)
	quiet_begin
	run_ctr "$rt" "cordon-rt-$rt-run" "$W/b-default" "$W/$rt.run"
	rc=$?
	result "$rt run: benign workload exits 0" $rc
	[ $rc = 0 ] || sed 's/^/#   /' "$W/$rt.run"
	benign_checks "$rt" "$W/$rt.run"
	quiet_end "$rt run: no cordon denial or complaint"

	# 2. the workload through exec into a running container
	quiet_begin
	id=cordon-rt-$rt-exec
	timeout 60 "$rt" run -d --bundle "$W/b-idle" "$id" </dev/null >"$W/$rt.idle" 2>&1
	rc=$?
	# runc exec joins a new session keyring, crun exec none: its process
	# would share the host's (root's user session keyring), so the
	# workload makes its own
	newkr=0
	[ "$rt" = crun ] && newkr=1
	if [ $rc = 0 ]; then
		timeout 120 "$rt" exec --env CORDON_RT_NEW_KEYRING=$newkr "$id" \
			/bin/sh /cordon/benign.sh </dev/null >"$W/$rt.exec" 2>&1
		rc=$?
		"$rt" kill "$id" KILL >/dev/null 2>&1
		i=0
		while [ $i -lt 50 ] && "$rt" state "$id" 2>/dev/null | grep -q '"running"'; do
			sleep 0.1; i=$((i + 1))
		done
	else
		cat "$W/$rt.idle" >"$W/$rt.exec"
	fi
	"$rt" delete -f "$id" >/dev/null 2>&1
	benign_all "$rt exec: benign workload in a running container" $rc "$W/$rt.exec"
	quiet_end "$rt exec: no cordon denial or complaint"

	# 3. in a user namespace, with CAP_SYS_ADMIN over it: tmpfs, mqueue mounts
	quiet_begin
	run_ctr "$rt" "cordon-rt-$rt-userns" "$W/b-userns" "$W/$rt.userns"
	rc=$?
	if grep -q '^R mount_tmpfs_mqueue ok' "$W/$rt.userns"; then :; else
		echo "R mount_tmpfs_mqueue fail (no result)" >>"$W/$rt.userns"
	fi
	benign_all "$rt userns: benign workload, tmpfs and mqueue mounts" $rc "$W/$rt.userns"
	quiet_end "$rt userns: no cordon denial or complaint"

	# 4. attacks from a privileged container sharing the host's pid, ipc and
	# network namespaces
	new_host_target
	ATTACK_ENV=", \"HOST_PID=$HOST_PID\", \"HOST_KEY=$KEYID\", \"HOST_SYSV=$SYSV\""
	ATTACK_ENV="$ATTACK_ENV, \"CORDON_RT_SKIP=${CORDON_RT_SKIP:-}\""
	write_config "$W/b-priv-$rt" privileged /bin/sh /cordon/attack.sh
	echo "$CORE_ORIG" >/proc/sys/kernel/core_pattern
	[ -n "$CGV1" ] && echo >"$CGV1/release_agent"
	c0=$(counters_sum)
	audit_mark
	run_ctr "$rt" "cordon-rt-$rt-priv" "$W/b-priv-$rt" "$W/$rt.attack"
	c1=$(counters_sum)
	audit_since_mark $((c1 - c0)) >"$W/$rt.audit"
	grep '^#' "$W/$rt.attack"
	attack_checks "$rt" "$W/$rt.attack" "$W/$rt.audit"
	echo "$CORE_ORIG" >/proc/sys/kernel/core_pattern
	[ -n "$CGV1" ] && echo >"$CGV1/release_agent"
}

if [ $setup_ok = 1 ]; then
	host_fixtures
	diag "host fixtures: key=$KEYID sysv='$SYSV' cgroup-v1=${CGV1:-none}"
fi
runtime_tests runc
runtime_tests crun

# ---------------------------------------------------------------- the OCI hook

# `cordonctl oci-hook` as a createRuntime hook of runc: it binds the
# container by pidfd to the profile of its annotation, names it, and the
# container arms at its entrypoint's exec, whose first instruction already
# runs bound; a profile the policy lacks makes the runtime refuse to start.
oci_hook_config() { # BUNDLE NAME PROFILE
	write_config "$1" default /bin/cat /proc/self/attr/cordon/current &&
	sed -i "s|^\t\"ociVersion\": \"1.0.2-dev\",|&\n\t\"annotations\": { \"org.cordon.name\": \"$2\", \"org.cordon.profile\": \"$3\" },\n\t\"hooks\": { \"createRuntime\": [ { \"path\": \"$CTL\", \"args\": [ \"cordonctl\", \"oci-hook\" ] } ] },|" \
		"$1/config.json" &&
	grep -q '"oci-hook"' "$1/config.json"
}
CTL=$(command -v cordonctl)
if [ $setup_ok = 1 ] && [ -n "$CTL" ] && command -v runc >/dev/null; then
	if oci_hook_config "$W/b-hook" cordon-oci-web default; then
		run_ctr runc cordon-rt-hook "$W/b-hook" "$W/hook.out"
		rc=$?
		out=$(cat "$W/hook.out")
		case "$rc:$out" in
		0:*"name=cordon-oci-web "*"profile=default armed=yes"*)
			ok "runc oci-hook: bound by name and profile, armed at its first instruction" ;;
		*) nok "runc oci-hook: bound by name and profile, armed at its first instruction"
		   diag "exit $rc: $out" ;;
		esac
	else
		nok "runc oci-hook: bound by name and profile, armed at its first instruction"
		diag "cannot write the hook's config.json"
	fi
	if oci_hook_config "$W/b-hook-bad" cordon-oci-bad no-such-profile; then
		run_ctr runc cordon-rt-hook-bad "$W/b-hook-bad" "$W/hook-bad.out"
		rc=$?
		if [ $rc != 0 ] && grep -q "no such profile" "$W/hook-bad.out"; then
			ok "runc oci-hook: a profile the policy lacks stops the container"
		else
			nok "runc oci-hook: a profile the policy lacks stops the container"
			diag "exit $rc: $(cat "$W/hook-bad.out")"
		fi
	else
		nok "runc oci-hook: a profile the policy lacks stops the container"
	fi
else
	skp "runc oci-hook: bound by name and profile" "no runc or cordonctl"
	skp "runc oci-hook: a profile the policy lacks stops the container" "no runc or cordonctl"
fi

# ---------------------------------------------------------------- bubblewrap

bwrap_test() { # NAME WORKLOAD BWRAP-ARGS...
	name=$1 wl=$2
	shift 2
	quiet_begin
	timeout 120 bwrap "$@" /bin/sh "$wl" </dev/null >"$W/bwrap.out" 2>&1
	rc=$?
	benign_all "bwrap $name: benign workload" $rc "$W/bwrap.out"
	quiet_end "bwrap $name: no cordon denial or complaint"
}

if command -v bwrap >/dev/null; then
	write_workloads "$W/bw"
	[ -n "$HELPER" ] && cp "$HELPER" "$W/bw/cordon-rt-helper"
	bwrap_test "--unshare-all --dev-bind / /" "$W/bw/benign.sh" \
		--unshare-all --dev-bind / / --proc /proc --die-with-parent \
		--setenv CORDON_RT_NEW_KEYRING 1
	bwrap_test "flatpak-like" /cordon/benign.sh \
		--ro-bind /usr /usr --ro-bind /bin /bin --ro-bind /sbin /sbin \
		--ro-bind /lib /lib --ro-bind-try /lib64 /lib64 \
		--ro-bind /etc /etc --ro-bind "$W/bw" /cordon \
		--proc /proc --dev /dev --tmpfs /tmp --dir /run \
		--unshare-pid --unshare-ipc --unshare-net --unshare-uts \
		--unshare-cgroup-try --die-with-parent --new-session \
		--setenv CORDON_RT_NEW_KEYRING 1
else
	for i in 1 2 3 4; do skp "bwrap: test $i" "bwrap not installed"; done
fi

# ---------------------------------------------------------------- host tasks with private namespaces

# systemd PrivateTmp=-style: a private mount namespace, the host's root.
# It stays a host task: may mount and unmount, and signal a host process.
quiet_begin
new_host_target
out=$(unshare -m sh -c '
	cat /proc/self/attr/cordon/current
	mount -t tmpfs cordon-rt /tmp && echo x >/tmp/f && umount /tmp &&
	kill '"$HOST_PID"' && echo unrestricted' 2>&1)
rc=$?
sleep 0.2
kill -0 "$HOST_PID" 2>/dev/null && alive=1 || alive=0
case "$out" in
host*unrestricted*) [ $rc = 0 ] && [ $alive = 0 ] ;;
*) false ;;
esac
st=$?
[ $st = 0 ] && q_c1=$(counters_sum) && [ "$q_c1" != "$q_c0" ] && st=1
result "host: private mount namespace stays host, mounts and signals the host" $st
[ $st = 0 ] || { diag "rc=$rc target alive=$alive"; diag "$out"; cat $SECFS/counters | sed 's/^/#   /'; }

# net, ipc and uts namespaces alone do not make a container
out=$(unshare -n -i -u cat /proc/self/attr/cordon/current 2>&1)
case "$out" in host*) st=0 ;; *) st=1 ;; esac
result "host: net, ipc, uts namespaces alone stay host" $st
[ $st = 0 ] || diag "$out"

# ---------------------------------------------------------------- totals

if [ $num != $PLAN ]; then
	echo "# planned $PLAN tests, ran $num"
	fail=$((fail + 1))
fi
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail = 0 ] && exit 0
exit 1
