#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# dracut pre-mount hook (sourced by dracut): load the signed cordon policy
# before the real root is mounted.  On failure, CORDON_ON_FAILURE
# (/etc/cordon/cordon.conf) chooses: continue on the built-in default
# policy, or refuse to boot (die: an emergency shell, or a halt with
# rd.shell=0).
#
# Copyright (C) 2026 The cordon authors

# shellcheck source=/dev/null
type die >/dev/null 2>&1 || . /lib/dracut-lib.sh

CORDON_ON_FAILURE="continue"
# shellcheck source=/dev/null
[ -r /etc/cordon/cordon.conf ] && . /etc/cordon/cordon.conf
if ! @LIBDIR@/cordon-boot-load --stage dracut; then
	if [ "$CORDON_ON_FAILURE" = refuse ]; then
		die "cordon: the policy did not load; refusing to boot (CORDON_ON_FAILURE=refuse)"
	fi
	warn "cordon: the policy did not load; continuing on the built-in default policy"
fi
