#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# early_load - the load at boot, in the guest, against the real kernel:
# the initramfs-tools script init-premount/cordon (with a stand-in for
# initramfs-tools' /scripts/functions) runs cordon-boot-load, which loads
# /etc/cordon/policy.bin (policy/default.cpol as "early-load" version 3200,
# signed by the test signer) over netlink; then what cordon-load.service
# runs sees it active; a refused policy leaves the active one and says so
# (continue), or panics (refuse).  And cordonctl's -j output of status,
# dump, ps and monitor read back by json-c (cordon-json-check).
#
# It expects a fresh boot (the built-in policy active) and loads policies:
# tests/run gives it a boot of its own (cordon-guest-tests early_load);
# versions 3200 to 3209.  Prints kselftest TAP; exits 0 when no test failed.
dir=/usr/lib/cordon/tests
export PATH=/usr/local/bin:/usr/lib/cordon/tests:/usr/sbin:/usr/bin:/sbin:/bin
num=0 pass=0 fail=0 skip=0
ok() { num=$((num + 1)); pass=$((pass + 1)); echo "ok $num $1"; }
nok() { num=$((num + 1)); fail=$((fail + 1)); echo "not ok $num $1"; }
skp() { num=$((num + 1)); skip=$((skip + 1)); echo "ok $num $1 # SKIP $2"; }
check() { # NAME COMMAND...: ok if COMMAND succeeds, else its last output
	name=$1; shift
	if "$@" >"$work/check" 2>&1; then ok "$name"; else nok "$name"; sed 's/^/# /' "$work/check" | tail -n 8; fi
}
PLAN=14
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status() { cordonctl status 2>/dev/null | sed -n "s/^$1: *//p"; }

echo "TAP version 13"
echo "1..$PLAN"

if [ "$(status policy)" != builtin ]; then
	echo "# a policy is loaded already: early_load needs a boot of its own"
	while [ $num -lt $PLAN ]; do skp "early_load" "not a fresh boot"; done
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
	exit 0
fi

# what make install PREFIX=/usr and the initramfs-tools hook put in place,
# with the guest's cordonctl
lib=/usr/lib/cordon
mkdir -p $lib /scripts/init-premount /etc/cordon
sed 's|@SBINDIR@|/usr/local/bin|g; s|@LIBDIR@|/usr/lib/cordon|g' $dir/cordon-boot-load.in >$lib/cordon-boot-load
sed 's|@SBINDIR@|/usr/local/bin|g; s|@LIBDIR@|/usr/lib/cordon|g' $dir/cordon-premount.in >/scripts/init-premount/cordon
chmod 755 $lib/cordon-boot-load /scripts/init-premount/cordon
# initramfs-tools' functions, as far as the script uses them
cat >/scripts/functions <<'EOF'
log_begin_msg() { echo "log_begin_msg: $*"; }
log_end_msg() { echo "log_end_msg"; }
panic() { echo "panic: $*"; exit 99; }
EOF
# policy NAME VERSION: default.cpol renamed, compiled, signed by the test signer
policy() {
	sed "s/^policy .* version [0-9]*;/policy $1 version $2;/" $dir/early-load-default.cpol >"$work/p.cpol" &&
	cordonctl compile "$work/p.cpol" -o "$work/$1-$2.bin" &&
	cordonctl sign --key $dir/gate-signer.key --cert $dir/gate-signer.pem \
		-o "$work/$1-$2.bin.p7s" "$work/$1-$2.bin" >/dev/null
}
policy early-load 3200 && policy early-load 3201 || echo "# cannot make the test policies"
cp "$work/early-load-3200.bin" /etc/cordon/policy.bin
cp "$work/early-load-3200.bin.p7s" /etc/cordon/policy.bin.p7s
conf() { # CORDON_ON_FAILURE
	printf 'CORDON_POLICY=/etc/cordon/policy.bin\nCORDON_LOAD_ARGS=--no-attest\nCORDON_ON_FAILURE=%s\nCORDON_INITRAMFS=yes\nCORDON_KEYS_DIR=/etc/cordon/keys\n' "$1" >/etc/cordon/cordon.conf
}
conf continue

premount() { /scripts/init-premount/cordon >"$work/out" 2>&1; echo $? >"$work/rc"; cat "$work/out"; }
loads_before=$(status loads)
premount
check "premount_loads_the_policy (exit $(cat "$work/rc"))" sh -c "
	[ $(cat "$work/rc") = 0 ] && grep -q 'log_begin_msg: Loading the cordon policy' '$work/out' &&
	[ \"\$(cordonctl status | sed -n 's/^policy_version: *//p')\" = 3200 ] &&
	[ \"\$(cordonctl status | sed -n 's/^policy_name: *//p')\" = early-load ] &&
	cordonctl status | grep -q '^builtin: *no\$'"
check "kernel_log_names_the_loaded_policy" sh -c "dmesg | grep -q 'cordon: loaded /etc/cordon/policy.bin: the policy early-load version 3200'"

# cordon-load.service's run after the initramfs's: nothing to load
$lib/cordon-boot-load --stage systemd >"$work/out" 2>&1; rc=$?
cat "$work/out"
check "systemd_stage_finds_it_active_loads_nothing (exit $rc)" sh -c "
	[ $rc = 0 ] && grep -q 'is active already' '$work/out' &&
	[ \"\$(cordonctl status | sed -n 's/^loads: *//p')\" = $((loads_before + 1)) ]"

# -j: one JSON document each (json-c reads it back), the same values
check "status_json" sh -c "cordonctl status -j | cordon-json-check -o policy_version=3200 policy_name=early-load builtin=false mode=enforce policy=loaded"
check "dump_json" sh -c "cordonctl dump -j /etc/cordon/policy.bin | cordon-json-check -o name=early-load version=3200 default_profile=default"
# a container (mount and pid namespaces) to list
unshare -m -p -f sh -c 'sleep 30' &
ctr=$!
sleep 1
ps_json() {
	n=$(cordonctl ps -j | cordon-json-check -a) || return 1
	echo "ps -j: $n containers"
	[ "$n" -ge 1 ] || return 1
	[ "$(cordonctl ps -q | wc -l)" = "$n" ] || return 1
	[ "$(cordonctl ps --no-legend | wc -l)" = "$n" ] || return 1
	[ "$(cordonctl ps | wc -l)" = $((n + 1)) ]
}
check "ps_json_quiet_no_legend" ps_json
kill $ctr 2>/dev/null
wait $ctr 2>/dev/null
# monitor: one object a line, the denial of a proc mount in a container
cordonctl monitor -j --count 1 >"$work/mon" 2>"$work/mon.err" &
mon=$!
sleep 1
unshare -m -p -f sh -c 'mount -t proc proc /mnt' 2>/dev/null
i=0
while [ ! -s "$work/mon" ] && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
kill $mon 2>/dev/null
wait $mon 2>/dev/null
cat "$work/mon" "$work/mon.err"
check "monitor_json_one_object_a_line" sh -c "[ \$(wc -l <'$work/mon') = 1 ] && cordon-json-check -l -o action=denied area=mount <'$work/mon' && cordon-json-check -l time container pid comm profile <'$work/mon'"

# a refused policy (3201 with 3200's signature): continue keeps the active
# policy and says so, in the kernel log too
cp "$work/early-load-3201.bin" /etc/cordon/policy.bin
premount
check "refused_policy_continue_keeps_the_active_one (exit $(cat "$work/rc"))" sh -c "
	[ $(cat "$work/rc") = 0 ] && grep -q 'the kernel refused it (cordonctl exit 4)' '$work/out' &&
	grep -q 'the policy early-load version 3200 stays active (CORDON_ON_FAILURE=continue' '$work/out' &&
	[ \"\$(cordonctl status | sed -n 's/^policy_version: *//p')\" = 3200 ]"
check "refused_policy_in_the_kernel_log" sh -c "dmesg | grep -q 'cordon: loading /etc/cordon/policy.bin: the kernel refused it'"
# refuse: the initramfs panics
conf refuse
premount
check "refused_policy_refuse_panics (exit $(cat "$work/rc"))" sh -c "
	[ $(cat "$work/rc") = 99 ] && grep -q 'refusing to boot (CORDON_ON_FAILURE=refuse' '$work/out' &&
	grep -q '^panic: cordon: the policy did not load; refusing to boot' '$work/out' &&
	[ \"\$(cordonctl status | sed -n 's/^policy_version: *//p')\" = 3200 ]"
# the hook put nothing into the initramfs: the script does nothing
rm /etc/cordon/cordon.conf
premount
check "no_settings_in_the_initramfs_does_nothing" sh -c "[ $(cat "$work/rc") = 0 ] && [ ! -s '$work/out' ]"

# the initramfs-tools hook, with a stand-in for its hook-functions that
# copies into DESTDIR as they do (without the libraries) and logs each call
mkdir -p /usr/share/initramfs-tools/hooks /etc/cordon/keys
sed 's|@SBINDIR@|/usr/local/bin|g; s|@LIBDIR@|/usr/lib/cordon|g' $dir/cordon-hook.in >/usr/share/initramfs-tools/hooks/cordon
chmod 755 /usr/share/initramfs-tools/hooks/cordon
cat >/usr/share/initramfs-tools/hook-functions <<'EOF'
copy_exec() { echo "copy_exec $*" >>"$HOOK_LOG"; t=${2:-$1}; mkdir -p "$DESTDIR${t%/*}"; cp "$1" "$DESTDIR$t"; }
copy_file() { echo "copy_file $*" >>"$HOOK_LOG"; t=${3:-$2}; mkdir -p "$DESTDIR${t%/*}"; cp "$2" "$DESTDIR$t"; }
manual_add_modules() { echo "manual_add_modules $*" >>"$HOOK_LOG"; }
EOF
conf continue
cp "$work/early-load-3200.bin" /etc/cordon/policy.bin
echo "pinned" >/etc/cordon/ak.pub
cp $dir/gate-signer.pem /etc/cordon/keys/site.pem
hook() { # DESTDIR
	rm -rf "$1" "$work/hook.log"
	mkdir -p "$1"
	DESTDIR=$1 HOOK_LOG=$work/hook.log /usr/share/initramfs-tools/hooks/cordon >"$work/out" 2>&1
	echo $? >"$work/rc"
	cat "$work/out" "$work/hook.log" 2>/dev/null
}
hook "$work/initrd"
in_initrd() {
	[ "$(cat "$work/rc")" = 0 ] || return 1
	for f in /usr/local/bin/cordonctl /usr/lib/cordon/cordon-boot-load \
		 /etc/cordon/cordon.conf /etc/cordon/policy.bin /etc/cordon/policy.bin.p7s \
		 /etc/cordon/ak.pub /etc/cordon/keys/site.pem; do
		cmp -s "$f" "$work/initrd$f" || { echo "not in the initramfs: $f"; return 1; }
	done
	grep -qx "manual_add_modules tpm_tis tpm_crb" "$work/hook.log" || return 1
	# the TCTI libtss2 opens with dlopen(), where the guest has it
	for l in /usr/lib/*/libtss2-tcti-device.so.0; do
		[ -e "$l" ] || continue
		if [ ! -e "$work/initrd$l" ] || [ ! -L "$work/initrd${l%.0}" ]; then
			echo "no $l"
			return 1
		fi
	done
}
check "hook_puts_cordonctl_script_and_etc_cordon_in_the_initramfs" in_initrd
rm /etc/cordon/policy.bin.p7s
hook "$work/initrd2"
check "hook_without_a_signed_policy_adds_nothing" sh -c "
	[ $(cat "$work/rc") = 0 ] && grep -q 'W: cordon: no signed policy at /etc/cordon/policy.bin' '$work/out' &&
	[ ! -s '$work/hook.log' ] && [ -z \"\$(ls -A '$work/initrd2')\" ]"
cp "$work/early-load-3200.bin.p7s" /etc/cordon/policy.bin.p7s
echo "CORDON_INITRAMFS=no" >>/etc/cordon/cordon.conf
hook "$work/initrd3"
check "hook_with_CORDON_INITRAMFS_no_adds_nothing" sh -c "
	[ $(cat "$work/rc") = 0 ] && [ ! -s '$work/hook.log' ] && [ -z \"\$(ls -A '$work/initrd3')\" ]"

rm -rf /scripts /etc/cordon $lib/cordon-boot-load /usr/share/initramfs-tools
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail = 0 ]
