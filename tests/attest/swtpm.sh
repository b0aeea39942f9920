# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034
#
# Start and stop a private swtpm for host tests (sourced by tests/attest/run
# and tests/bench/attest-bench).
#
#   swtpm_start DIR   start swtpm with its state in DIR on two free local
#                     TCP ports; sets SWTPM_PORT (TPM; the control channel
#                     is SWTPM_PORT+1) and SWTPM_PID; returns non-zero on
#                     failure (log in DIR/swtpm.log)
#   swtpm_stop        kill the swtpm started by swtpm_start
#   free_port         print a port P with P and P+1 free
#   swtpm_manufacture DIR
#                     before swtpm_start DIR: make the TPM's state in DIR as
#                     a vendor would, with swtpm_setup --create-ek-cert: RSA
#                     and ECC EKs, their certificates in NV (0x01c00002 for
#                     RSA-2048) signed by a local CA of swtpm_localca
#                     (swtpm-tools) kept in DIR/ca, SHA-1 and SHA-256 PCR
#                     banks; sets SWTPM_CA to DIR/ca/bundle.pem (the CA's
#                     root and issuing certificates)
#
# The TCTI for it: swtpm:host=127.0.0.1,port=$SWTPM_PORT
SWTPM=${SWTPM:-swtpm}
SWTPM_PORT=
SWTPM_PID=
SWTPM_CA=

# something listens on 127.0.0.1:$1?
swtpm_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
	local p _
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		if ! swtpm_listening "$p" && ! swtpm_listening $((p + 1)); then
			echo "$p"
			return 0
		fi
	done
	return 1
}

swtpm_start() {
	local dir=$1 p _try
	command -v "$SWTPM" >/dev/null || { echo "$SWTPM not found (apt-get install swtpm)" >&2; return 1; }
	mkdir -p "$dir/state" || return 1
	# retry on another port if it cannot bind (a race with another user)
	for _try in 1 2 3 4 5; do
		p=$(free_port) || return 1
		"$SWTPM" socket --tpm2 \
			--server type=tcp,port="$p",bindaddr=127.0.0.1 \
			--ctrl type=tcp,port=$((p + 1)),bindaddr=127.0.0.1 \
			--tpmstate dir="$dir/state" \
			--flags not-need-init,startup-clear \
			>"$dir/swtpm.log" 2>&1 &
		SWTPM_PID=$!
		for _ in $(seq 50); do
			kill -0 "$SWTPM_PID" 2>/dev/null || break
			# probe the control channel: the TPM port serves one client
			if swtpm_listening $((p + 1)); then
				SWTPM_PORT=$p
				return 0
			fi
			sleep 0.1
		done
		swtpm_stop
	done
	cat "$dir/swtpm.log" >&2
	return 1
}

swtpm_manufacture() {
	local dir=$1
	command -v swtpm_setup >/dev/null || { echo "swtpm_setup not found (apt-get install swtpm-tools)" >&2; return 1; }
	mkdir -p "$dir/state" "$dir/ca" || return 1
	# a private CA: swtpm_localca's default one lives in /var/lib
	cat >"$dir/localca.conf" <<-EOF
		statedir = $dir/ca
		signingkey = $dir/ca/signkey.pem
		issuercert = $dir/ca/issuercert.pem
		certserial = $dir/ca/certserial
	EOF
	cat >"$dir/setup.conf" <<-EOF
		create_certs_tool = $(command -v swtpm_localca)
		create_certs_tool_config = $dir/localca.conf
		create_certs_tool_options = /etc/swtpm-localca.options
	EOF
	swtpm_setup --tpm2 --tpmstate "$dir/state" --create-ek-cert \
		--pcr-banks sha1,sha256 --config "$dir/setup.conf" \
		--logfile "$dir/setup.log" --overwrite >/dev/null 2>&1 ||
		{ cat "$dir/setup.log" >&2; return 1; }
	cat "$dir/ca/swtpm-localca-rootca-cert.pem" "$dir/ca/issuercert.pem" \
		>"$dir/ca/bundle.pem" || return 1
	SWTPM_CA=$dir/ca/bundle.pem
}

swtpm_stop() {
	if [ -n "$SWTPM_PID" ]; then
		kill "$SWTPM_PID" 2>/dev/null
		wait "$SWTPM_PID" 2>/dev/null
	fi
	SWTPM_PID=
}
