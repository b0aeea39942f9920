#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The remote attestation flow end to end, in a cordon.attest=required boot
# (the guest's swtpm and IMA; the verifier's side uses the test verifier
# key, built into .cordon_verifier, as a verifier machine would):
#   target:   cordonctl attest enroll; cordonctl attest --evidence E
#             --policy P (a quote over the kernel's load challenge)
#   verifier: cordonctl verify --evidence E --ak AK --manifest M ... -o T
#             (only if every check passes)
#   target:   cordonctl load --ticket T P  -> loaded, with a ticket
# then the same ticket again (its challenge is consumed: refused, the
# policy stays), and evidence the verifier refuses writes no ticket.
# Other boots skip it (a load there would break the version order of the
# later tests).  Prints kselftest TAP; exits 0 when no test failed.
dir=/usr/lib/cordon/tests
num=0 pass=0 fail=0 skip=0
ok() { num=$((num + 1)); pass=$((pass + 1)); echo "ok $num $1"; }
nok() { num=$((num + 1)); fail=$((fail + 1)); echo "not ok $num $1"; }
skp() { num=$((num + 1)); skip=$((skip + 1)); echo "ok $num $1 # SKIP $2"; }
check() { # NAME COMMAND...: ok if COMMAND succeeds
	name=$1; shift
	if "$@"; then ok "$name"; else nok "$name"; fi
}
show() { sed 's/^/# /' "$1" | tail -n "${2:-4}"; }
status() { grep "^$1:" /sys/kernel/security/cordon/status | sed 's/^[^:]*: *//'; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
total=9
pol=$dir/remote-policy.bin

echo "TAP version 13"
echo "1..$total"
if ! grep -q 'cordon.attest=required' /proc/cmdline || [ ! -c /dev/tpm0 ] ||
   [ ! -f /sys/kernel/security/ima/binary_runtime_measurements ]; then
	i=0; while [ $i -lt $total ]; do
		skp "remote_flow_$i" "needs cordon.attest=required, a TPM and IMA"
		i=$((i + 1))
	done
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:$total error:0"
	exit 0
fi

# the verifier's manifest, signed by the test signer (the boot's log may
# hold violations)
printf '# remote flow: the clean test boot\nviolations allow\n' >"$work/manifest"
cordonctl sign --key "$dir/gate-signer.key" --cert "$dir/gate-signer.pem" \
	"$work/manifest" >/dev/null
verify() { # EVIDENCE TICKET
	cordonctl verify --evidence "$1" --ak /etc/cordon/ak.pub \
		--manifest "$work/manifest" --manifest-cert "$dir/gate-signer.pem" \
		--policy "$pol" --key "$dir/gate-verifier.key" \
		--cert "$dir/gate-verifier.pem" -o "$2"
}

# target
cordonctl attest enroll >"$work/out" 2>&1; rc=$?
show "$work/out" 2
check "remote_enroll (exit $rc)" [ $rc = 0 ]
cordonctl attest --evidence "$work/evidence.json" --policy "$pol" >"$work/out" 2>&1; rc=$?
show "$work/out" 2
check "remote_target_writes_evidence (exit $rc)" [ $rc = 0 ]

# verifier
verify "$work/evidence.json" "$work/ticket" >"$work/out" 2>&1; rc=$?
show "$work/out"
check "remote_verifier_writes_ticket (exit $rc)" \
	sh -c "[ $rc = 0 ] && [ -s '$work/ticket' ] && [ -s '$work/ticket.p7s' ]"

# target
cordonctl load --ticket "$work/ticket" "$pol" >"$work/out" 2>&1; rc=$?
show "$work/out"
check "remote_load_with_ticket (exit $rc)" [ $rc = 0 ]
check "remote_policy_active_with_ticket ($(status policy_version), ticket $(status ticket))" \
	sh -c "[ '$(status policy_version)' = 2200 ] && [ '$(status ticket)' = yes ]"

# the same ticket again: its challenge was consumed
before=$(status policy_digest)
cordonctl load --ticket "$work/ticket" "$pol" >"$work/out" 2>&1; rc=$?
show "$work/out" 2
check "remote_ticket_replay_refused (exit $rc, want 4)" [ $rc = 4 ]
check "remote_replay_leaves_policy" [ "$(status policy_digest)" = "$before" ]

# evidence the verifier refuses (a byte of the IMA log changed): no ticket
cordonctl attest --evidence "$work/evidence2.json" --policy "$pol" >/dev/null 2>&1
# (4 base64 characters of the log's data dropped: the entries shift)
sed -E 's/("data": *"[A-Za-z0-9+\/]{40})[A-Za-z0-9+\/]{4}/\1/' \
	"$work/evidence2.json" >"$work/bad.json"
check "remote_evidence_tampered" sh -c "! cmp -s '$work/evidence2.json' '$work/bad.json'"
verify "$work/bad.json" "$work/bad-ticket" >"$work/out" 2>&1; rc=$?
show "$work/out" 2
check "remote_verifier_refuses_tampered_evidence (exit $rc)" \
	sh -c "[ $rc != 0 ] && [ ! -e '$work/bad-ticket' ]"

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail = 0 ]
