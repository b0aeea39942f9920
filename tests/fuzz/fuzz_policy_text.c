// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the policy compiler (cordon_policy_compile()) on any
 * text.  A text either compiles, with no diagnostic, to a blob the
 * validator accepts and whose dump compiles back to the same bytes, or
 * fails with -EINVAL and at least one diagnostic.  Seeds: the shipped
 * policies and the unit tests' full.cpol.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/policy.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct cordon_blob *b)
{
	struct cordon_blob again = { NULL, 0 };
	struct cordon_diags d;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		abort();
	if (cordon_policy_dump(b->data, b->len, f, NULL, 0) != 0)
		abort();
	fclose(f);
	cordon_diags_init(&d);
	if (cordon_policy_compile("dump", text, len, &again, &d) != 0 ||
	    again.len != b->len || memcmp(again.data, b->data, b->len) != 0) {
		fprintf(stderr, "round trip failed; text:\n%s", text);
		abort();
	}
	cordon_diags_free(&d);
	cordon_blob_free(&again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	int rc;

	cordon_diags_init(&d);
	rc = cordon_policy_compile("fuzz", (const char *)data, size, &b, &d);
	if (rc == 0) {
		if (d.count || d.dropped || !b.data)
			abort();
		if (cordon_policy_validate(b.data, b.len, NULL, 0) != 0)
			abort();
		round_trip(&b);
	} else if (rc == -EINVAL) {
		if (!d.count || b.data)
			abort();
	} else if (rc != -ENOMEM) {
		abort();
	}
	cordon_diags_free(&d);
	cordon_blob_free(&b);
	return 0;
}
