#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest attestation tests (the VM's TPM is swtpm, IMA runs ima_policy=tcb):
#   1. attest passes on a clean boot, and `load --attest-only` pushes nothing
#   2. after a file the manifest forbids is executed (from an ext4 image, so
#      that IMA measures it), attest refuses with the manifest status (4)
#      and names the file
#   3. after PCR 10 is extended behind IMA's back, attest refuses with the
#      log/TPM status (3), and `load` of a validly signed policy refuses and
#      leaves the active policy in force
# The order matters: step 3 leaves the TPM unusable for attestation until
# the next boot.  Prints kselftest TAP; exits 0 when no test failed.
dir=/usr/lib/cordon/tests
num=0 pass=0 fail=0 skip=0
ok() { num=$((num + 1)); pass=$((pass + 1)); echo "ok $num $1"; }
nok() { num=$((num + 1)); fail=$((fail + 1)); echo "not ok $num $1"; }
skp() { num=$((num + 1)); skip=$((skip + 1)); echo "ok $num $1 # SKIP $2"; }
check() { # NAME COMMAND...: ok if COMMAND succeeds
	name=$1; shift
	if "$@"; then ok "$name"; else nok "$name"; fi
}
policy_line() { grep '^policy_name:\|^policy_version:' /sys/kernel/security/cordon/status | tr '\n' ' '; }
work=$(mktemp -d)
trap 'umount "$work/img" 2>/dev/null; rm -rf "$work"' EXIT

echo "TAP version 13"
echo "1..12"
if [ ! -c /dev/tpm0 ] || [ ! -f /sys/kernel/security/ima/binary_runtime_measurements ]; then
	echo "# no TPM or no IMA in this guest"
	i=0; while [ $i -lt 12 ]; do skp "attest_$i" "no TPM or IMA"; i=$((i + 1)); done
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:12 error:0"
	exit 0
fi

before=$(policy_line)

# 1. clean boot
cordonctl attest -v >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 6
check "attest_clean_boot_passes (exit $rc)" [ $rc = 0 ]
check "attest_verbose_shows_nonce_and_quote" grep -q "nonce: [0-9a-f]\{64\}" "$work/out"
check "attest_replay_reaches_quote" grep -q "replay PCR 10 sha256: matches" "$work/out"
cordonctl load --attest-only >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 3
check "load_attest_only_passes (exit $rc)" [ $rc = 0 ]
check "load_attest_only_pushes_nothing" [ "$(policy_line)" = "$before" ]

# 2. a forbidden file executed
mkdir -p "$work/img"
if mount -o loop,ro "$dir/attest-forbidden.img" "$work/img" 2>/dev/null; then
	printf 'forbid %s/forbidden-tool\n' "$work/img" >"$work/manifest"
	cordonctl attest --manifest "$work/manifest" >/dev/null 2>&1; rc=$?
	check "attest_manifest_passes_before_exec (exit $rc)" [ $rc = 0 ]
	"$work/img/forbidden-tool" >/dev/null 2>&1
	cordonctl attest --manifest "$work/manifest" >"$work/out" 2>&1; rc=$?
	sed 's/^/# /' "$work/out" | tail -n 4
	check "attest_refuses_forbidden_exec (exit $rc, want 4)" [ $rc = 4 ]
	check "attest_names_forbidden_file" grep -q "forbidden-tool" "$work/out"
else
	for t in attest_manifest_passes_before_exec attest_refuses_forbidden_exec attest_names_forbidden_file; do
		nok "$t (cannot mount the ext4 image)"
	done
fi

# 3. PCR 10 extended behind IMA's back
cordon-pcr-extend 10 | sed 's/^/# /'
cordonctl attest >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 4
check "attest_refuses_extended_pcr (exit $rc, want 3)" [ $rc = 3 ]
cordonctl load "$dir/attest-policy.bin" >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 3
check "load_refuses_after_extend (exit $rc, want 3)" [ $rc = 3 ]
check "load_pushed_nothing" [ "$(policy_line)" = "$before" ]
check "attest_no_tpm_reachable_refused" sh -c 'cordonctl attest --tcti device:/dev/nonexistent >/dev/null 2>&1; [ $? = 6 ]'

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail = 0 ]
