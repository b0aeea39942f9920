#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dracut module: load the signed cordon policy in the initramfs, before
# the real root is mounted (pre-mount hook).  Installs cordonctl,
# cordon-boot-load and /etc/cordon (the policy, its settings, the pinned
# attestation key, the manifest, the verifier's sealed key, keys/).
#
# Copyright (C) 2026 The cordon authors

check() {
	local CORDON_POLICY=/etc/cordon/policy.bin CORDON_INITRAMFS=yes

	require_binaries @SBINDIR@/cordonctl || return 1
	# shellcheck source=/dev/null
	[ -r /etc/cordon/cordon.conf ] && . /etc/cordon/cordon.conf
	[ "$CORDON_INITRAMFS" = yes ] || return 255
	if [ ! -r "$CORDON_POLICY" ] || [ ! -r "$CORDON_POLICY.p7s" ]; then
		dwarn "cordon: no signed policy at $CORDON_POLICY (and .p7s): not loaded from the initramfs"
		return 255
	fi
	return 0
}

depends() {
	return 0
}

installkernel() {
	instmods tpm_tis tpm_crb
}

install() {
	local CORDON_POLICY=/etc/cordon/policy.bin f

	# shellcheck source=/dev/null
	[ -r /etc/cordon/cordon.conf ] && . /etc/cordon/cordon.conf
	inst_binary @SBINDIR@/cordonctl
	inst_script @LIBDIR@/cordon-boot-load
	# /etc/cordon whole: the files CORDON_LOAD_ARGS names live there
	while read -r f; do
		inst_simple "$f"
	done < <(find /etc/cordon -type f)
	inst_simple "$CORDON_POLICY"
	inst_simple "$CORDON_POLICY.p7s"
	# the TCTI that tss2's loader opens with dlopen()
	inst_libdir_file "libtss2-tcti-device.so*"
	# shellcheck disable=SC2154 # dracut sets moddir
	inst_hook pre-mount 10 "$moddir/cordon-load.sh"
}
