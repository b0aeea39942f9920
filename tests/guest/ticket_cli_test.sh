#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest tests of cordonctl's side of the kernel's load gate: challenge,
# ticket, load --ticket, key --verifier, status.  The kernel side is
# ticket_test's (a kselftest); this checks the commands an administrator
# types, with the test verifier key (built into .cordon_verifier) and the
# test policy signer shipped by tests/guest/build-extras:
#   gate-verifier.key .pem, gate-signer.key .pem, gate-cli-policy.bin .p7s
#   (policy/default.cpol at version 2100, enforce mode)
# Every boot runs the refusals (nothing is loaded); a cordon.attest=required
# boot also refuses a load without a ticket and loads the policy with one.
# Prints kselftest TAP; exits 0 when no test failed.
dir=/usr/lib/cordon/tests
num=0 pass=0 fail=0 skip=0
ok() { num=$((num + 1)); pass=$((pass + 1)); echo "ok $num $1"; }
nok() { num=$((num + 1)); fail=$((fail + 1)); echo "not ok $num $1"; }
skp() { num=$((num + 1)); skip=$((skip + 1)); echo "ok $num $1 # SKIP $2"; }
check() { # NAME COMMAND...: ok if COMMAND succeeds
	name=$1; shift
	if "$@"; then ok "$name"; else nok "$name"; fi
}
show() { sed 's/^/# /' "$1" | tail -n 3; }
policy_line() { grep '^policy_name:\|^policy_version:' /sys/kernel/security/cordon/status | tr '\n' ' '; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pol=$dir/gate-cli-policy.bin
zero=0000000000000000000000000000000000000000000000000000000000000000
# ticket OUT POLICY KEY: a ticket for the kernel's current challenge
ticket() {
	cordonctl ticket --from-kernel --policy "$2" --pcr-digest $zero \
		--flags manifest,local --key "$dir/gate-$3.key" \
		--cert "$dir/gate-$3.pem" -o "$1" >/dev/null
}
mode=optional
grep -q 'cordon.attest=required' /proc/cmdline && mode=required

echo "TAP version 13"
echo "1..14"
if ! cordonctl challenge >"$work/c1" 2>"$work/err"; then
	cat "$work/err" | sed 's/^/# /'
	echo "# the kernel gives no load challenge (cordon absent?)"
	i=0; while [ $i -lt 14 ]; do skp "ticket_cli_$i" "no challenge"; i=$((i + 1)); done
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:14 error:0"
	exit 0
fi
before=$(policy_line)

check "challenge_is_64_hex_digits" grep -qx '[0-9a-f]\{64\}' "$work/c1"
cordonctl challenge >"$work/c2"
check "challenge_stable_until_a_load" cmp -s "$work/c1" "$work/c2"
cordonctl status >"$work/status" 2>&1
check "status_shows_attest_$mode" grep -q "^attest: *$mode\$" "$work/status"
check "status_shows_ticket_line" grep -q '^ticket: *\(yes\|no\)$' "$work/status"
cordonctl key --verifier list >"$work/keys" 2>&1
check "key_verifier_lists_the_verifier" grep -q 'attestation verifier' "$work/keys"

# a ticket for another blob: refused by the kernel, which names the gate
ticket "$work/t" "$dir/attest-policy.bin" verifier
cordonctl load --ticket "$work/t" "$pol" >"$work/out" 2>&1; rc=$?
show "$work/out"
check "load_ticket_for_another_blob_refused (exit $rc, want 4: kernel refused)" [ $rc = 4 ]
check "refusal_says_ENOMSG_and_gate" sh -c "grep -q ENOMSG '$work/out' && grep -q 'attestation gate' '$work/out'"
cordonctl challenge >"$work/c3"
check "challenge_replaced_by_the_refusal" sh -c "! cmp -s '$work/c1' '$work/c3'"

# a ticket signed by the policy signer; --show reads it back (JSON)
ticket "$work/t" "$pol" signer
show_ok() { # TICKET BLOB CHALLENGE-FILE
	out=$(cordonctl ticket --show "$1" --policy "$2" -j) &&
		echo "$out" | grep -q "\"challenge\":\"$(cat "$3")\"" &&
		echo "$out" | grep -q '"policy_matches":true'
}
cordonctl challenge >"$work/c4"
check "ticket_show_json_names_challenge_and_blob" show_ok "$work/t" "$pol" "$work/c4"
cordonctl load --ticket "$work/t" "$pol" >"$work/out" 2>&1; rc=$?
show "$work/out"
check "ticket_by_policy_signer_refused_EKEYREVOKED (exit $rc)" sh -c "[ $rc = 4 ] && grep -q EKEYREVOKED '$work/out'"
check "refusals_loaded_nothing" [ "$(policy_line)" = "$before" ]

check "usage_bad_challenge_hex" sh -c "cordonctl ticket --challenge zz --policy '$pol' --pcr-digest $zero --key k --cert c -o '$work/x' 2>/dev/null; [ \$? = 2 ]"
check "usage_ticket_with_no_attest" sh -c "cordonctl load --ticket '$work/t' --no-attest '$pol' 2>/dev/null; [ \$? = 2 ]"

if [ $mode = required ]; then
	cordonctl load --no-attest "$pol" >"$work/out" 2>&1; rc=$?
	show "$work/out"
	if [ $rc = 4 ] && grep -q EACCES "$work/out"; then
		ticket "$work/t" "$pol" verifier
		cordonctl load --ticket "$work/t" "$pol" >"$work/out" 2>&1; rc=$?
		show "$work/out"
		check "required_no_ticket_refused_then_ticketed_load (exit $rc)" sh -c \
			"[ $rc = 0 ] && grep -q 'with a verifier ticket' '$work/out' && cordonctl status | grep -q '^ticket: *yes\$'"
	else
		nok "required_no_ticket_refused_then_ticketed_load (no-ticket load: exit $rc, want 4 and EACCES)"
	fi
else
	skp "required_no_ticket_refused_then_ticketed_load" "cordon.attest=optional: loading would change the policy for the tests after this one"
fi

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail = 0 ]
