// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the OCI state a runtime hands `cordonctl oci-hook`
 * (cordon_oci_state_parse(), json-c underneath).  What it accepts must be
 * a binding the kernel would take: a positive pid, names of 1 to
 * CORDON_NAME_MAX - 1 bytes of [A-Za-z0-9._-] (an empty profile).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>
#include <cordon/oci.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_name_ok(const char *s, int may_be_empty)
{
	size_t n = strnlen(s, CORDON_NAME_MAX), i;

	if (n == CORDON_NAME_MAX || (!n && !may_be_empty))
		return 0;
	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-", s[i]))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_oci_binding b;
	char err[CORDON_ERR_MAX];

	if (cordon_oci_state_parse((const char *)data, size, &b, err,
				   sizeof(err)) == 0 &&
	    (b.pid <= 0 || !fuzz_name_ok(b.name, 0) ||
	     !fuzz_name_ok(b.profile, 1)))
		abort();
	return 0;
}
