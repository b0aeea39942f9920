// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the netlink client's reading of the kernel's replies
 * (lib/nl.c: libmnl's mnl_cb_run2(), the acks and their extended-ack
 * attributes, then the family resolution, STATUS_GET, CHALLENGE_GET, a
 * CONTAINER_GET dump or the monitor's events), from bytes through
 * cordon__nl_replies(), the code the socket path runs.
 *
 * Input: one byte choosing the request, then datagrams, each a 16-bit
 * little-endian length then its bytes (the last one takes what is left).
 *
 * Properties: the request returns 0 or a negated errno, with a message
 * exactly when it fails; every string handed to a caller is
 * NUL-terminated within its buffer (ASan checks the reads); a resolution
 * that succeeds found a family id.
 * Seeds: replies built the way the kernel builds them (seedgen.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include <cordon/cordon.h>
#include <cordon/nl.h>

#include "nl_internal.h"

#define FUZZ_DGRAMS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t fuzz_sink;

static void fuzz_str(const char *s, size_t max)
{
	if (!s || strnlen(s, max) == max)
		abort();
	fuzz_sink += strlen(s);
}

static int container_cb(const struct cordon_nl_container *c, void *data)
{
	unsigned int *count = data;

	fuzz_str(c->name, 65536);
	fuzz_str(c->profile, 65536);
	/* a caller that stops midway: the rest is drained */
	return ++*count == 3 ? 1 : 0;
}

static int event_cb(const struct cordon_nl_event *ev, void *data)
{
	unsigned int *count = data;

	if (ev) {
		fuzz_str(ev->action, 65536);
		fuzz_str(ev->area, 65536);
		fuzz_str(ev->op, 65536);
		fuzz_str(ev->rule, 65536);
		fuzz_str(ev->comm, 65536);
		fuzz_str(ev->profile, 65536);
		fuzz_str(ev->name, 65536);
	}
	return ++*count == 5 ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t cmds[] = {
		0, CORDON_CMD_STATUS_GET, CORDON_CMD_CHALLENGE_GET,
		CORDON_CMD_CONTAINER_GET, CORDON_CMD_EVENT,
	};
	struct cordon__nl_dgram d[FUZZ_DGRAMS];
	struct cordon__nl_replies_out out;
	char err[CORDON_ERR_MAX];
	unsigned int count = 0;
	uint8_t cmd;
	size_t n = 0;
	int rc;

	if (size < 1)
		return 0;
	cmd = cmds[data[0] % sizeof(cmds)];
	data++;
	size--;
	while (size && n < FUZZ_DGRAMS) {
		size_t len = size;

		if (size >= 2 && n + 1 < FUZZ_DGRAMS) {
			len = data[0] | (size_t)data[1] << 8;
			data += 2;
			size -= 2;
			if (len > size)
				len = size;
		}
		d[n].data = data;
		d[n].len = len;
		n++;
		data += len;
		size -= len;
	}
	rc = cordon__nl_replies(cmd, 0x1234, d, n, container_cb, event_cb,
				&count, &out, err, sizeof(err));
	if (rc > 0 || (rc == 0) != (err[0] == '\0'))
		abort();
	if (rc == 0 && cmd == 0 && !out.family)
		abort();
	if (rc == 0 && cmd == CORDON_CMD_STATUS_GET) {
		fuzz_str(out.status.policy_name, sizeof(out.status.policy_name));
		fuzz_str(out.status.mode, sizeof(out.status.mode));
		fuzz_str(out.status.attest, sizeof(out.status.attest));
	}
	return 0;
}
