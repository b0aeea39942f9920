// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the load ticket's decoder (cordon_ticket_decode()) on
 * any bytes, and the hex reader the CLI and the evidence use
 * (cordon_ticket_hex()).
 *
 * Properties: a ticket is 128 bytes or refused with -EBADE and a reason;
 * one that decodes encodes back to the same 128 bytes (nothing the
 * decoder does not check can hide in it); the hex reader takes exactly
 * 2n hex digits and gives the bytes they spell.
 * Seeds: tickets as the verifier makes them (seedgen.c).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>
#include <cordon/ticket.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_hex(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint8_t out[64];
	size_t n = size / 2 < sizeof(out) ? size / 2 : sizeof(out);
	bool ok;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	ok = strlen(s) == 2 * n;
	for (size_t i = 0; ok && i < 2 * n; i++)
		ok = strchr("0123456789abcdefABCDEF", s[i]) != NULL;
	if ((cordon_ticket_hex(s, out, n) == 0) != ok)
		abort();
	for (size_t i = 0; ok && i < n; i++) {
		char two[3] = { s[2 * i], s[2 * i + 1], 0 };

		if (strtoul(two, NULL, 16) != out[i])
			abort();
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_ticket_info info;
	struct cordon_ticket again;
	char err[CORDON_ERR_MAX];
	int rc;

	rc = cordon_ticket_decode(data, size, &info, err, sizeof(err));
	if (rc == 0) {
		if (size != sizeof(again) || err[0] ||
		    cordon_ticket_encode(&info, &again, err, sizeof(err)) ||
		    memcmp(&again, data, sizeof(again)))
			abort();
	} else if (rc != -EBADE || !err[0]) {
		abort();
	}
	fuzz_hex(data, size);
	return 0;
}
