// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the Keylime runtime policy import
 * (cordon_manifest_parse_keylime(), json-c underneath), then the check
 * of what it accepts against a fixed IMA list and quote.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cordon/cordon.h>
#include <cordon/manifest.h>

#include "fuzz_common.h"

static struct fuzz_fixture fixture;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (fuzz_fixture_init(&fixture) < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_manifest m;
	char err[CORDON_ERR_MAX];

	if (cordon_manifest_parse_keylime((const char *)data, size, "fuzz",
					  &m, err, sizeof(err)) == 0) {
		fuzz_check(&fixture, &m);
		cordon_manifest_free(&m);
	}
	return 0;
}
