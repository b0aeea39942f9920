#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest allowlist tests: the signed manifest in allowlist mode against the
# kernel's real IMA list (the VM's TPM is swtpm, IMA runs ima_policy=tcb).
#   1. a Keylime runtime policy (JSON) made from this boot's list, signed,
#      passes `cordonctl attest`: every entry is listed, and the
#      boot_aggregate the kernel recorded equals the one recomputed from
#      the quoted PCRs 0-9; the same as a text allowlist passes too
#   2. after a file it does not list is executed (from a copy of the ext4
#      image, so that IMA measures it), both refuse with the manifest
#      status (4) and name the file
#   3. the policy without its signature is refused, and changed after
#      signing is refused even with --allow-no-manifest
# Runs before attest_test (name order), which leaves PCR 10 extended.
# Prints kselftest TAP; exits 0 when no test failed.
dir=/usr/lib/cordon/tests
ml=/sys/kernel/security/ima/ascii_runtime_measurements
num=0 pass=0 fail=0 skip=0
ok() { num=$((num + 1)); pass=$((pass + 1)); echo "ok $num $1"; }
nok() { num=$((num + 1)); fail=$((fail + 1)); echo "not ok $num $1"; }
skp() { num=$((num + 1)); skip=$((skip + 1)); echo "ok $num $1 # SKIP $2"; }
check() { # NAME COMMAND...: ok if COMMAND succeeds
	name=$1; shift
	if "$@"; then ok "$name"; else nok "$name"; fi
}
work=$(mktemp -d)
trap 'umount "$work/img" 2>/dev/null; rm -rf "$work"' EXIT
mcert=$dir/gate-signer.pem
sign() { cordonctl sign --key "$dir/gate-signer.key" --cert "$mcert" "$1" >/dev/null; }
attest() { # MANIFEST [OPTION...]: exit status, output in $work/out
	m=$1; shift
	cordonctl attest --manifest "$m" --manifest-cert "$mcert" "$@" >"$work/out" 2>&1
}
# keylime_policy: Keylime's runtime policy format, from the list as it is
keylime_policy() {
	awk 'BEGIN { printf "{\"meta\": {\"version\": 1, \"generator\": 0},\n\"digests\": {"; s = "" }
	     $3 != "ima-buf" && $5 != "boot_aggregate" && !($5 in seen) {
		split($4, d, ":"); printf "%s\n\"%s\": [\"%s\"]", s, $5, d[2]; s = ","; seen[$5] = 1 }
	     END { printf "},\n\"ima-buf\": {" }' "$ml"
	awk 'BEGIN { s = "" }
	     $3 == "ima-buf" && !($5 in seen) {
		split($4, d, ":"); printf "%s\n\"%s\": [\"%s\"]", s, $5, d[2]; s = ","; seen[$5] = 1 }
	     END { printf "},\n\"excludes\": [], \"keyrings\": {},\n\"ima\": {\"ignored_keyrings\": [], \"log_hash_alg\": \"sha1\", \"dm_policy\": null},\n\"verification-keys\": \"\"}\n" }' "$ml"
}
# text_allowlist: the same in cordon-manifest(5)'s text format
text_allowlist() {
	echo "allowlist"
	echo "violations allow"
	awk '$5 != "boot_aggregate" && !($5 in seen) { print "allow " $5 " " $4; seen[$5] = 1 }' "$ml"
}
total=8

echo "TAP version 13"
echo "1..$total"
if [ ! -c /dev/tpm0 ] || [ ! -f "$ml" ]; then
	echo "# no TPM or no IMA in this guest"
	i=0; while [ $i -lt $total ]; do skp "allowlist_$i" "no TPM or IMA"; i=$((i + 1)); done
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:$total error:0"
	exit 0
fi
cordonctl attest enroll >"$work/out" 2>&1 || sed 's/^/# /' "$work/out"

# 1. this boot's list, as a Keylime policy and as a text allowlist
keylime_policy >"$work/policy.json"
sign "$work/policy.json"
text_allowlist >"$work/allowlist"
sign "$work/allowlist"
echo "# $(grep -c '' "$ml") list entries"
if grep -q ' 0000000000000000000000000000000000000000 ' "$ml"; then
	echo "# the list holds a violation: the Keylime policy cannot allow it"
	skp "allowlist_keylime_policy_passes" "violation in this boot's list"
else
	attest "$work/policy.json" -v; rc=$?
	sed 's/^/# /' "$work/out" | grep 'check manifest\|PASS\|refused' | tail -n 4
	check "allowlist_keylime_policy_passes (exit $rc)" [ $rc = 0 ]
fi
attest "$work/allowlist"; rc=$?
sed 's/^/# /' "$work/out" | tail -n 2
check "allowlist_text_passes (exit $rc)" [ $rc = 0 ]

# 2. a file it does not list executed
mkdir -p "$work/img"
if cp "$dir/attest-forbidden.img" "$work/copy.img" &&
	mount -o loop,ro "$work/copy.img" "$work/img" 2>/dev/null; then
	"$work/img/forbidden-tool" >/dev/null 2>&1
	attest "$work/policy.json"; rc=$?
	sed 's/^/# /' "$work/out" | tail -n 3
	check "allowlist_keylime_refuses_unlisted_exec (exit $rc, want 4)" [ $rc = 4 ]
	check "allowlist_keylime_names_the_file" \
		grep -q "allowlist: '$work/img/forbidden-tool'.*not in the allowlist" "$work/out"
	attest "$work/allowlist"; rc=$?
	check "allowlist_text_refuses_unlisted_exec (exit $rc, want 4)" sh -c \
		"[ $rc = 4 ] && grep -q \"'$work/img/forbidden-tool'\" '$work/out'"
else
	for t in allowlist_keylime_refuses_unlisted_exec allowlist_keylime_names_the_file \
		allowlist_text_refuses_unlisted_exec; do
		nok "$t (cannot mount a copy of the ext4 image)"
	done
fi

# 3. unsigned, changed after signing
rm -f "$work/allowlist.p7s"
attest "$work/allowlist"; rc=$?
sed 's/^/# /' "$work/out" | tail -n 2
check "allowlist_unsigned_refused (exit $rc, want 4)" sh -c \
	"[ $rc = 4 ] && grep -q 'no signature' '$work/out'"
echo "# tampered" >>"$work/policy.json"
attest "$work/policy.json" --allow-no-manifest; rc=$?
sed 's/^/# /' "$work/out" | tail -n 2
check "allowlist_tampered_refused (exit $rc, want 4)" sh -c \
	"[ $rc = 4 ] && grep -q 'signature does not verify' '$work/out'"
check "allowlist_tampered_not_read" sh -c "! grep -q 'not in the allowlist' '$work/out'"

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail = 0 ]
