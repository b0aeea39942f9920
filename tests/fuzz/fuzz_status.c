// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the kernel's status file as cordonctl reads it
 * (cordon_status_parse(), /sys/kernel/security/cordon/status).
 *
 * Properties: 0 with the strings NUL-terminated, printable and non-empty
 * and a known mode, or -EINVAL/-ERANGE with a message, the result
 * untouched.  Seeds: the unit tests' status texts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_printable(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n == 0 || n == max)
		abort();
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_status st, before;
	char err[CORDON_ERR_MAX];
	int rc;

	memset(&st, 0xa5, sizeof(st));
	before = st;
	rc = cordon_status_parse((const char *)data, size, &st, err,
				 sizeof(err));
	if (rc == 0) {
		fuzz_printable(st.version, sizeof(st.version));
		fuzz_printable(st.policy, sizeof(st.policy));
		if (st.mode != CORDON_MODE_OFF &&
		    st.mode != CORDON_MODE_COMPLAIN &&
		    st.mode != CORDON_MODE_ENFORCE)
			abort();
	} else if ((rc != -EINVAL && rc != -ERANGE) || !err[0] ||
		   memcmp(&st, &before, sizeof(st))) {
		abort();
	}
	return 0;
}
