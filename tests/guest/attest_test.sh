#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest attestation tests (the VM's TPM is swtpm, IMA runs ima_policy=tcb):
#   0. the attestation key is enrolled (the guest's swtpm has no EK
#      certificate: no --ek-ca); an absent manifest is refused
#   1. attest passes on a clean boot with a signed manifest, and `load
#      --attest-only` pushes nothing
#   2. after a file the manifest forbids is executed (from an ext4 image, so
#      that IMA measures it), attest refuses with the manifest status (4)
#      and names the file
#   3. local mode: `load` attests over the kernel's challenge and pushes a
#      ticket signed by the local verifier key; the policy's signature is
#      that of another blob, so the kernel passes the ticket and refuses
#      the policy (EKEYREJECTED, exit 4: nothing is loaded); a "verifier"
#      key that is the policy signer's is refused by the ticket check
#      (EKEYREVOKED)
#   4. after PCR 10 is extended behind IMA's back, attest refuses with the
#      log/TPM status (3), and `load` of a validly signed policy refuses
#      with the attestation status (3) and leaves the active policy in force
# The order matters: step 4 leaves the TPM unusable for attestation until
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
# manifest LINES: a manifest signed by the test signer (any certificate
# the verifier is given will do); the boot's log may hold violations
manifest() {
	printf '%s\nviolations allow\n' "$1" >"$work/manifest"
	cordonctl sign --key "$dir/gate-signer.key" --cert "$dir/gate-signer.pem" \
		"$work/manifest" >/dev/null
}
mcert=$dir/gate-signer.pem
total=20

echo "TAP version 13"
echo "1..$total"
if [ ! -c /dev/tpm0 ] || [ ! -f /sys/kernel/security/ima/binary_runtime_measurements ]; then
	echo "# no TPM or no IMA in this guest"
	i=0; while [ $i -lt $total ]; do skp "attest_$i" "no TPM or IMA"; i=$((i + 1)); done
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:$total error:0"
	exit 0
fi

before=$(policy_line)

# 0. enrollment
cordonctl attest enroll >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 4
check "attest_enroll (exit $rc)" [ $rc = 0 ]
check "attest_enroll_pinned_the_key" grep -q '"qualified_name"' /etc/cordon/ak.pub
cordonctl attest >"$work/out" 2>&1; rc=$?
check "attest_absent_manifest_refused (exit $rc, want 4)" sh -c "[ $rc = 4 ] && grep -q 'no manifest' '$work/out'"

# 1. clean boot
manifest "# clean boot"
cordonctl attest -v --manifest "$work/manifest" --manifest-cert "$mcert" >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | grep -v 'PCR [0-9]* sha' | tail -n 12
check "attest_clean_boot_passes (exit $rc)" [ $rc = 0 ]
check "attest_verbose_shows_nonce_and_quote" grep -q "nonce: [0-9a-f]\{64\}" "$work/out"
check "attest_replay_reaches_quote" grep -q "replay PCR 10 sha256: matches" "$work/out"
check "attest_quote_by_the_enrolled_key" grep -q "check ak *passed" "$work/out"
cordonctl load --attest-only --manifest "$work/manifest" --manifest-cert "$mcert" >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 3
check "load_attest_only_passes (exit $rc)" [ $rc = 0 ]
check "load_attest_only_pushes_nothing" [ "$(policy_line)" = "$before" ]

# 2. a forbidden file executed
mkdir -p "$work/img"
if mount -o loop,ro "$dir/attest-forbidden.img" "$work/img" 2>/dev/null; then
	manifest "forbid $work/img/forbidden-tool"
	cordonctl attest --manifest "$work/manifest" --manifest-cert "$mcert" >/dev/null 2>&1; rc=$?
	check "attest_manifest_passes_before_exec (exit $rc)" [ $rc = 0 ]
	"$work/img/forbidden-tool" >/dev/null 2>&1
	cordonctl attest --manifest "$work/manifest" --manifest-cert "$mcert" >"$work/out" 2>&1; rc=$?
	sed 's/^/# /' "$work/out" | tail -n 4
	check "attest_refuses_forbidden_exec (exit $rc, want 4)" [ $rc = 4 ]
	check "attest_names_forbidden_file" grep -q "forbidden-tool" "$work/out"
else
	for t in attest_manifest_passes_before_exec attest_refuses_forbidden_exec attest_names_forbidden_file; do
		nok "$t (cannot mount the ext4 image)"
	done
fi

# 3. local mode: a ticket made here, checked by the kernel
manifest "# local mode"
gate="--manifest $work/manifest --manifest-cert $mcert"
# shellcheck disable=SC2086
cordonctl load -v $gate --verifier-key "$dir/gate-verifier.key" \
	--verifier-cert "$dir/gate-verifier.pem" \
	--sig "$dir/gate-cli-policy.bin.p7s" "$dir/attest-policy.bin" >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | grep -v 'PCR [0-9]* sha' | tail -n 4
check "load_local_ticket_made" grep -q "local ticket for the kernel's challenge" "$work/out"
check "load_local_ticket_passes_kernel_then_signature_refused (exit $rc, want 4)" sh -c \
	"[ $rc = 4 ] && grep -q EKEYREJECTED '$work/out' && ! grep -q 'EKEYREVOKED\|ETIME\|ENOMSG' '$work/out'"
# shellcheck disable=SC2086
cordonctl load $gate --verifier-key "$dir/gate-signer.key" \
	--verifier-cert "$dir/gate-signer.pem" "$dir/attest-policy.bin" >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 2
check "load_local_ticket_by_policy_signer_refused (exit $rc, want 4)" sh -c \
	"[ $rc = 4 ] && grep -q EKEYREVOKED '$work/out'"
check "local_mode_refusals_loaded_nothing" [ "$(policy_line)" = "$before" ]

# 4. PCR 10 extended behind IMA's back
cordon-pcr-extend 10 | sed 's/^/# /'
# shellcheck disable=SC2086
cordonctl attest $gate >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 4
check "attest_refuses_extended_pcr (exit $rc, want 3)" [ $rc = 3 ]
# shellcheck disable=SC2086
cordonctl load $gate --verifier-key "$dir/gate-verifier.key" \
	--verifier-cert "$dir/gate-verifier.pem" "$dir/attest-policy.bin" >"$work/out" 2>&1; rc=$?
sed 's/^/# /' "$work/out" | tail -n 3
check "load_refuses_after_extend (exit $rc, want 3)" [ $rc = 3 ]
check "load_pushed_nothing" [ "$(policy_line)" = "$before" ]
check "attest_no_tpm_reachable_refused" sh -c "cordonctl attest --tcti device:/dev/nonexistent $gate >/dev/null 2>&1; [ \$? = 6 ]"

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail = 0 ]
