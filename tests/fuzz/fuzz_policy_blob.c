// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the policy blob validator and decompiler
 * (cordon_policy_validate(), cordon_policy_dump()) on any bytes.  The two
 * agree; a blob they accept dumps to a text that compiles back to the
 * same bytes, unless the text says why not (rules not grouped by profile:
 * it must still compile; a profile the compiler refuses: it must not).
 * Seeds: the compiled shipped policies and full.cpol.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/policy.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_blob again = { NULL, 0 };
	struct cordon_diags d;
	char err[256], err2[256];
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc, rc2;

	rc = cordon_policy_validate(data, size, err, sizeof(err));
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	rc2 = cordon_policy_dump(data, size, f, err2, sizeof(err2));
	fclose(f);
	if (rc != rc2 || (rc && (strcmp(err, err2) != 0 || len != 0)))
		abort();
	if (rc) {
		free(text);
		return 0;
	}
	cordon_diags_init(&d);
	rc = cordon_policy_compile("dump", text, len, &again, &d);
	if (strstr(text, "The compiler refuses")) {
		if (rc != -EINVAL)
			abort();
	} else if (rc != 0) {
		abort();
	} else if (!strstr(text, "not grouped by profile") &&
		   (again.len != size || memcmp(again.data, data, size) != 0)) {
		fprintf(stderr, "round trip failed; text:\n%s", text);
		abort();
	}
	cordon_diags_free(&d);
	cordon_blob_free(&again);
	free(text);
	return 0;
}
