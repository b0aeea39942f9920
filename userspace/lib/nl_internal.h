/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - the netlink client's replies read from memory, for the unit
 * tests and the fuzzer (tests/fuzz/fuzz_nl_reply.c); not installed.
 */
#ifndef CORDON_LIB_NL_INTERNAL_H
#define CORDON_LIB_NL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <cordon/nl.h>

/* One datagram, as recv(2) on the socket would return it. */
struct cordon__nl_dgram {
	const void *data;
	size_t len;
};

/* What cordon__nl_replies() read. */
struct cordon__nl_replies_out {
	uint16_t family;		/* a resolution's family id */
	uint32_t events_group;		/* and its events group, 0: none */
	struct cordon_nl_status status;
	unsigned char challenge[CORDON_CHALLENGE_SIZE];
};

/*
 * cordon__nl_replies - a request's replies read from memory by the code
 * that reads them from the socket: each datagram through
 * receive_datagram() (libmnl's mnl_cb_run2(), the acks, the request's
 * parser), then what the request makes of them
 * @cmd: CORDON_CMD_STATUS_GET, CORDON_CMD_CHALLENGE_GET,
 *	CORDON_CMD_CONTAINER_GET (each container to @ccb),
 *	CORDON_CMD_EVENT (cordon_nl_monitor(): each event to @ecb, until
 *	@ecb stops it or the datagrams run out: -ENODATA), or 0 for the
 *	family's resolution (replies of GENL_ID_CTRL)
 * @family: the family id the replies carry
 * @d: the datagrams, in order; longer than CORDON_NL_RECV_SIZE: cut, as
 *	the socket cuts them
 * @n: how many; the request's sequence number is 1, its port 0 (any)
 * @out: what the request found
 *
 * Return: what the request returns: 0 or a negated errno (@err set);
 * -ENODATA if the datagrams run out before the request ends.
 */
int cordon__nl_replies(uint8_t cmd, uint16_t family,
		       const struct cordon__nl_dgram *d, size_t n,
		       cordon_nl_container_cb ccb, cordon_nl_event_cb ecb,
		       void *data, struct cordon__nl_replies_out *out,
		       char *err, size_t errlen);

#endif /* CORDON_LIB_NL_INTERNAL_H */
