#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# podman_test - Debian's podman as a real client of cordon
#
# Runs in the guest, as root, with the initramfs built by
# `CORDON_PODMAN=1 scripts/mkinitramfs` (podman, conmon, crun, their
# configuration: tests/guest/podman/).  Rootful podman, no network, no
# registry, no systemd: an image imported from a busybox rootfs made here.
#
#   - `podman run` works under the default profile (and with cordon off);
#   - with cordon's hook JSON in hooks.d, `podman run --annotation
#     org.cordon.profile=restricted` runs under `restricted` from its first
#     instruction (the entrypoint reads /proc/self/attr/cordon/current) and
#     is restricted (chroot: CAP_SYS_CHROOT, which `default` leaves); a
#     profile the policy lacks stops the container;
#   - `podman run --privileged --pid=host` trying escapes (mount of a host
#     disk, a read of it, a write to /proc/sys/kernel/core_pattern, a kill
#     of a host process, a user namespace) is denied with the errno and a
#     cordon audit record, the host unchanged; the same attempts succeed in
#     a container bound to a profile with "mode off" and in a
#     cordon.mode=off boot, which shows they are real.
#
# Loads podman-policy.bin (tests/guest/build-extras: policy/default.cpol's
# default profile, policy/restricted.cpol's restricted and an "unconfined"
# one, version 3000) signed by the test signer, so it runs after every test
# loading a lower version (cordon-guest-tests runs it last).  Prints
# kselftest TAP and a "# Totals:" line; exits 0 when no test failed.  Lines
# starting "# $ " and the output after them are the podman session.

PLAN=20
SECFS=/sys/kernel/security/cordon
DIR=/usr/lib/cordon/tests
IMG=localhost/cordon-busybox
HOOK=/usr/share/containers/oci/hooks.d/cordon.json
export PATH=/usr/local/bin:/usr/lib/cordon/tests:/usr/sbin:/usr/bin:/sbin:/bin

num=0 pass=0 fail=0 skip=0 xfail=0
xfl() { num=$((num + 1)); xfail=$((xfail + 1)); echo "ok $num $1 # XFAIL $2"; }
ok() { num=$((num + 1)); pass=$((pass + 1)); echo "ok $num $1"; }
nok() { num=$((num + 1)); fail=$((fail + 1)); echo "not ok $num $1"; }
skp() { num=$((num + 1)); skip=$((skip + 1)); echo "ok $num $1 # SKIP $2"; }
diag() { echo "$*" | sed 's/^/# /'; }
result() { if [ "$2" = 0 ]; then ok "$1"; else nok "$1"; fi; }

echo "TAP version 13"
echo "1..$PLAN"

mode=$(sed -n 's/^mode: *//p' $SECFS/status 2>/dev/null)
[ -n "$mode" ] || mode=absent
diag "cordon mode: $mode"

if ! command -v podman >/dev/null; then
	diag "podman is not in this initramfs (CORDON_PODMAN=1 scripts/mkinitramfs)"
	while [ $num -lt $PLAN ]; do skp "podman test $((num + 1))" "no podman"; done
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:$PLAN error:0"
	exit 0
fi

W=$(mktemp -d /tmp/cordon-podman.XXXXXX) || exit 1
R=$W/rootfs
HOSTPIDS=""
LOOP=""
CORE_ORIG=$(cat /proc/sys/kernel/core_pattern)
BURST_ORIG=$(cat /proc/sys/kernel/printk_ratelimit_burst 2>/dev/null)

cleanup() {
	podman rm -a -f >/dev/null 2>&1
	podman rmi -f $IMG >/dev/null 2>&1
	rm -f $HOOK
	for p in $HOSTPIDS; do kill "$p" 2>/dev/null; done
	[ -n "$LOOP" ] && losetup -d "$LOOP" 2>/dev/null
	echo "$CORE_ORIG" >/proc/sys/kernel/core_pattern
	[ -n "$BURST_ORIG" ] && echo "$BURST_ORIG" >/proc/sys/kernel/printk_ratelimit_burst
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# kauditd prints audit records under the printk rate limit (10 per 5 s)
[ -n "$BURST_ORIG" ] && echo 1000 >/proc/sys/kernel/printk_ratelimit_burst

# pd OUT ARGS...: one podman command, shown as a session (the command, its
# output and status), with its output in OUT
pd() {
	o=$1
	shift
	printf '# $ podman'
	for x in "$@"; do
		case "$x" in
		*[\ \;\&\>]*) printf " '%s'" "$x" ;;
		*) printf ' %s' "$x" ;;
		esac
	done
	echo
	timeout 120 podman "$@" </dev/null >"$o" 2>&1
	r=$?
	sed 's/^/#   /' "$o"
	[ $r = 0 ] || echo "#   (exit $r)"
	return $r
}
RUN="run --rm --network none --pull never"

# cordon's audit records since a mark written to the kernel log
marks=0
audit_mark() { marks=$((marks + 1)); echo "cordon-podman: mark $$.$marks" >/dev/kmsg; }
audit_since_mark() {
	sleep 1	# kauditd prints them asynchronously
	dmesg | awk -v m="cordon-podman: mark $$.$marks" \
		'index($0, m) { n = NR } { l[NR] = $0 }
		 END { for (i = n + 1; i <= NR; i++) if (l[i] ~ /lsm=cordon/) print l[i] }'
}

# ---------------------------------------------------------------- the image

LDSO=$(ls /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1 2>/dev/null | head -n 1)
copy_elf() { # PATH-ON-HOST: copy with its shared libraries into the rootfs
	[ -x "$1" ] && [ -n "$LDSO" ] || return 1
	mkdir -p "$R${1%/*}"
	cp "$1" "$R$1"
	"$LDSO" --list "$1" 2>/dev/null |
		awk '/=> \//{ print $3 } /^[ \t]*\//{ print $1 }' |
		while read -r lib; do
			[ -e "$R$lib" ] && continue
			mkdir -p "$R${lib%/*}"
			cp -L "$lib" "$R$lib"
		done
}

# a busybox rootfs, imported as an image; /cordon/attack.sh tries the escapes
# and prints "A NAME rc=RC OUTPUT" for each (the host judges them)
build_image() {
	mkdir -p "$R/bin" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" "$R/etc" \
		"$R/mnt" "$R/cordon" && chmod 755 "$R" &&
	cp /bin/busybox "$R/bin/busybox" || return 1
	for a in $(/bin/busybox --list-full); do
		mkdir -p "$R/${a%/*}"
		[ -e "$R/$a" ] || ln -s /bin/busybox "$R/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$R/etc/passwd"
	echo 'root:x:0:' >"$R/etc/group"
	# strace names mount(2)'s errno, which busybox mount does not
	copy_elf /usr/bin/strace
	cat >"$R/cordon/attack.sh" <<'EOF'
#!/bin/sh
# podman_test: escapes from a --privileged --pid=host container; the host
# passes its disk (DISK) and a process of its own (HOST_PID)
a() { # NAME COMMAND...
	n=$1; shift
	out=$("$@" 2>&1); rc=$?
	echo "A $n rc=$rc $(echo "$out" | tr '\n' ' ' | sed 's/ *$//')"
}
echo "attr: $(cat /proc/self/attr/cordon/current)"
a mount_disk sh -c "strace -qq -e trace=mount -e signal=none mount -t ext4 $DISK /mnt && ls /mnt && umount /mnt"
a read_disk sh -c "dd if=$DISK of=/tmp/sb bs=1024 skip=1 count=1 && od -A n -t x1 -j 56 -N 2 /tmp/sb"
a sysctl_core_pattern sh -c 'echo cordon-podman >/proc/sys/kernel/core_pattern'
a kill_host_pid kill "$HOST_PID"
a unshare_user unshare -U true
EOF
	chmod 755 "$R/cordon/attack.sh"
	tar -C "$R" -cf "$W/rootfs.tar" .
}

if build_image 2>"$W/err" && pd "$W/import" import "$W/rootfs.tar" $IMG &&
   pd "$W/images" images $IMG && grep -q cordon-busybox "$W/images"; then
	ok "podman import: an image from a busybox rootfs"
	image=1
else
	nok "podman import: an image from a busybox rootfs"
	diag "$(cat "$W/err")"
	image=0
fi

# ---------------------------------------------------------------- default profile

# the built-in (or default.cpol's) default profile, no hook
if [ $image = 1 ] && pd "$W/def" $RUN $IMG sh -c \
	'cat /proc/self/attr/cordon/current 2>&1; echo hello from podman'; then
	ok "podman run: works"
	if [ "$mode" = absent ]; then
		skp "podman run: under the default profile, armed" "no cordon"
	else
		grep -q 'profile=default armed=yes' "$W/def"
		result "podman run: under the default profile, armed" $?
	fi
	grep -q 'hello from podman' "$W/def"
	result "podman run: its output reaches the caller" $?
else
	nok "podman run: works"
	skp "podman run: under the default profile, armed" "podman run failed"
	skp "podman run: its output reaches the caller" "podman run failed"
fi

# ---------------------------------------------------------------- escapes

# the guest's "host disk": a loop device over an ext4 image
cp $DIR/attest-forbidden.img "$W/disk.img" 2>/dev/null &&
	LOOP=$(losetup -f 2>/dev/null) && losetup "$LOOP" "$W/disk.img" 2>/dev/null ||
	LOOP=""
diag "host disk: ${LOOP:-none}"

# expectations per attack, in attack.sh's order:
#   NAME;output when denied;output when it worked;cordon audit record
# (busybox mount says "permission denied (are you root?)" for EPERM and
# EACCES alike: strace shows the errno)
ATTACKS='mount_disk;^rc=1 mount\("/dev/loop[0-9]+", "/mnt", "ext4", [^)]*\) = -1 EPERM \(Operation not permitted\) mount: permission denied \(are you root\?\)$;^rc=0 .*forbidden-tool;area=mount op=mount .*fstype="?ext4"?
read_disk;^rc=1 dd: can.t open ./dev/loop[0-9]+.: Operation not permitted$;^rc=0 .*53 ef$;area=device op=open .*dev=b7:
sysctl_core_pattern;^rc=1 .*core_pattern: Permission denied$;^rc=0 ?$;area=knob op=open_write .*core_pattern
kill_host_pid;^rc=1 .*can.t kill pid [0-9]+: Operation not permitted$;^rc=0 ?$;area=signal op=kill
unshare_user;^rc=1 unshare: unshare\(0x10000000\): Operation not permitted$;^rc=0 ?$;area=surface op=userns_create'

# attack_run NAME EXPECT(denied|worked) PODMAN-ARGS...: the attacks from a
# privileged container, each judged on its output, its audit record and the
# host's state
attack_run() {
	name=$1 expect=$2
	shift 2
	setsid sleep 600 </dev/null >/dev/null 2>&1 &
	hp=$!
	HOSTPIDS="$HOSTPIDS $hp"
	echo "$CORE_ORIG" >/proc/sys/kernel/core_pattern
	audit_mark
	pidns=--pid=host
	[ "${NO_PIDHOST:-0}" = 1 ] && pidns=""
	pd "$W/$name.out" $RUN --privileged $pidns -e DISK="$LOOP" \
		-e HOST_PID=$hp "$@" $IMG /cordon/attack.sh
	audit_since_mark >"$W/$name.audit"
	core=$(cat /proc/sys/kernel/core_pattern)
	echo "$CORE_ORIG" >/proc/sys/kernel/core_pattern
	sleep 0.2
	# alive: neither gone nor a zombie
	case "$(cut -d' ' -f3 /proc/$hp/stat 2>/dev/null)" in
	""|Z) alive=0 ;;
	*) alive=1 ;;
	esac
	while IFS=';' read -r a denied worked audit; do
		t="podman run --privileged $name: $a"
		line=$(grep "^A $a " "$W/$name.out" | head -n 1)
		line=${line#A $a }
		if [ $a = kill_host_pid ] && [ -z "$pidns" ]; then
			skp "$t" "not started with --pid=host (see above)"; continue
		fi
		if [ "$a" != kill_host_pid ] && [ "$a" != sysctl_core_pattern ] &&
		   [ "$a" != unshare_user ] && [ -z "$LOOP" ]; then
			skp "$t" "no loop device for a host disk"; continue
		fi
		changed=""
		case $a in
		sysctl_core_pattern) [ "$core" = cordon-podman ] && changed=1 || changed=0 ;;
		kill_host_pid) [ $alive = 0 ] && changed=1 || changed=0 ;;
		esac
		if [ $expect = denied ]; then
			echo "$line" | grep -Eq -- "$denied" &&
				grep "action=denied" "$W/$name.audit" | grep -Eq -- "$audit" &&
				[ "$changed" != 1 ]
		else
			echo "$line" | grep -Eq -- "$worked" && [ "$changed" != 0 ]
		fi
		st=$?
		result "$t ($expect: ${line:-no result})" $st
		[ $st = 0 ] || { diag "host changed: ${changed:-n/a}"; sed 's/^/#   audit: /' "$W/$name.audit"; }
	done <<EOF
$ATTACKS
EOF
}

if [ $image = 1 ]; then
	case $mode in
	enforce) attack_run default denied ;;
	*) attack_run default worked ;;
	esac
else
	for a in mount_disk read_disk sysctl_core_pattern kill_host_pid unshare_user; do
		skp "podman run --privileged default: $a" "no image"
	done
fi

# ---------------------------------------------------------------- the policy and the hook

pol=$DIR/podman-policy.bin
ver=$(sed -n 's/^policy_version: *//p' $SECFS/status 2>/dev/null)
loaded=0
if [ "$mode" = absent ]; then
	skp "policy: podman-test loaded (version 3000)" "no cordon"
elif [ "${ver:-0}" -ge 3000 ]; then
	skp "policy: podman-test loaded (version 3000)" "version $ver active already (run podman_test last, once per boot)"
	grep -q '^policy_name: *podman-test' $SECFS/status && loaded=1
else
	cordonctl load --no-attest "$pol" >"$W/load" 2>&1
	rc=$?
	grep -q '^policy_name: *podman-test' $SECFS/status
	st=$?
	result "policy: podman-test loaded (version 3000)" $st
	[ $st = 0 ] && loaded=1 || diag "cordonctl load: exit $rc: $(cat "$W/load")"
fi

mkdir -p "${HOOK%/*}"
if [ -f $DIR/cordon-oci-hook.json ] && cp $DIR/cordon-oci-hook.json $HOOK; then
	ok "hook: cordon.json installed in ${HOOK%/*}"
	diag "$(cat $HOOK)"
	hook=1
else
	nok "hook: cordon.json installed in ${HOOK%/*}"
	hook=0
fi

# restricted from the first instruction: the entrypoint (cat) reads its own
# attributes; chroot needs CAP_SYS_CHROOT, which podman gives and
# restricted denies
if [ $image = 1 ] && [ $hook = 1 ] && [ $loaded = 1 ]; then
	pd "$W/res" $RUN --annotation org.cordon.profile=restricted \
		--annotation org.cordon.name=cordon-podman-r $IMG \
		cat /proc/self/attr/cordon/current
	rc=$?
	case "$rc:$(cat "$W/res")" in
	0:*"name=cordon-podman-r "*"profile=restricted armed=yes"*) st=0 ;;
	*) st=1 ;;
	esac
	result "podman run --annotation org.cordon.profile=restricted: restricted from its first instruction" $st
	pd "$W/chroot-def" $RUN $IMG chroot / true
	rc_def=$?
	pd "$W/chroot-res" $RUN --annotation org.cordon.profile=restricted $IMG chroot / true
	rc_res=$?
	# the loaded policy's profiles enforce whatever the boot's mode
	[ $rc_def = 0 ] && [ $rc_res != 0 ] && grep -qi 'not permitted' "$W/chroot-res"
	result "podman run: chroot works under default, EPERM under restricted" $?
	pd "$W/bad" $RUN --annotation org.cordon.profile=no-such-profile $IMG true
	rc=$?
	[ $rc != 0 ] && grep -q 'hook' "$W/bad"
	result "podman run: a profile the policy lacks stops the container" $?
else
	why="no image, hook or policy"
	skp "podman run --annotation org.cordon.profile=restricted: restricted from its first instruction" "$why"
	skp "podman run: chroot works under default, EPERM under restricted" "$why"
	skp "podman run: a profile the policy lacks stops the container" "$why"
fi

# ---------------------------------------------------------------- --pid=host with the hook

# The hook binds at createRuntime, before the container's first execve; a
# container sharing the host's pid namespace has only unshared the others
# then, and its root is still the host's (crun pivots after the hook): the
# kernel keeps the binding in the task and applies it when the task enters
# its container.  A kernel that refused it ("the process is not in a
# container") made the hook fail and podman not start the container: XFAIL
# (the unconfined run below then avoids --pid=host).
pidhost=0
if [ $image = 1 ] && [ $hook = 1 ] && [ $loaded = 1 ]; then
	# the same hook through a wrapper that keeps its error message
	printf '#!/bin/sh\nexec %s "$@" 2>>%s\n' "$(command -v cordonctl)" "$W/hook.err" >"$W/hook-wrap"
	chmod 755 "$W/hook-wrap"
	sed "s|\"path\": \"[^\"]*\"|\"path\": \"$W/hook-wrap\"|" $DIR/cordon-oci-hook.json >$HOOK
	pd "$W/pidhost" $RUN --pid=host $IMG cat /proc/self/attr/cordon/current
	rc=$?
	cp $DIR/cordon-oci-hook.json $HOOK
	diag "hook: $(cat "$W/hook.err" 2>/dev/null)"
	if [ $rc = 0 ] && grep -q 'profile=default armed=yes' "$W/pidhost"; then
		ok "podman run --pid=host: the hook binds it, it starts armed"
		pidhost=1
	elif [ $rc != 0 ] && grep -Eq 'the process is not in a container|changed namespaces and has not been seen' "$W/hook.err"; then
		xfl "podman run --pid=host: the hook binds it, it starts armed" \
			"at createRuntime the kernel sees a host task: $(sed -n 's/.*(pid [0-9]*): //p' "$W/hook.err" | head -n 1)"
	else
		nok "podman run --pid=host: the hook binds it, it starts armed"
	fi
else
	skp "podman run --pid=host: the hook binds it, it starts armed" "no image, hook or policy"
fi

# the escapes succeed in a container bound to a profile with "mode off"
# (without --pid=host while the hook cannot bind one: no host pid to kill)
if [ $image = 1 ] && [ $loaded = 1 ] && [ $hook = 1 ]; then
	if [ $pidhost = 1 ]; then
		attack_run unconfined worked --annotation org.cordon.profile=unconfined
	else
		NO_PIDHOST=1 attack_run unconfined worked --annotation org.cordon.profile=unconfined
	fi
else
	for a in mount_disk read_disk sysctl_core_pattern kill_host_pid unshare_user; do
		skp "podman run --privileged unconfined: $a" "no policy or hook"
	done
fi

# ---------------------------------------------------------------- totals

if [ $num != $PLAN ]; then
	echo "# planned $PLAN tests, ran $num"
	fail=$((fail + 1))
fi
echo "# Totals: pass:$pass fail:$fail xfail:$xfail xpass:0 skip:$skip error:0"
[ $fail = 0 ]
