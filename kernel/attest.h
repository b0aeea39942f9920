/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - the load gate: load challenge, verifier tickets, cordon.attest=
 *
 * Copyright (C) 2026 The cordon authors
 */

#ifndef _SECURITY_CORDON_ATTEST_H
#define _SECURITY_CORDON_ATTEST_H

#include <linux/init.h>
#include <linux/types.h>

#include "uapi/linux/cordon.h"

/* the ".cordon_verifier" keyring's description, as listed in /proc/keys */
#define CORDON_VERIFIER_KEYRING_NAME ".cordon_verifier"

/*
 * DER certificates embedded from CONFIG_SECURITY_CORDON_VERIFIER_KEYS by
 * verifier_certs.S; freed with the init data once they are in the keyring.
 */
extern __initconst const u8 cordon_verifier_certs[];
extern __initconst const unsigned long cordon_verifier_certs_size;

/**
 * struct cordon_ticket_req - the ticket a load request carries
 * @ticket: the ticket's bytes (a struct cordon_ticket), NULL if none
 * @len: their length
 * @sig: its detached PKCS#7 signature, NULL if none
 * @siglen: its length
 */
struct cordon_ticket_req {
	const void *ticket;
	size_t len;
	const void *sig;
	size_t siglen;
};

/**
 * struct cordon_attest - what the ticket check found, for the load it
 * allowed
 * @ticketed: the load carried a valid ticket
 * @digest: SHA-256 of the ticket when @ticketed, zero otherwise
 */
struct cordon_attest {
	bool ticketed;
	u8 digest[CORDON_DIGEST_SIZE];
};

bool cordon_attest_required(void);
int cordon_attest_mode_parse(const char *str, bool *required);
int cordon_ticket_check(const void *ticket, size_t len, const u8 *challenge,
			const u8 *blob_digest, const char **reason);
struct cordon_signed;
int cordon_attest_check(struct cordon_signed *blob,
			const struct cordon_ticket_req *req,
			struct cordon_attest *att, const char **reason);
void cordon_attest_consume(void);
void cordon_attest_loaded(const struct cordon_attest *att);
void cordon_attest_last(struct cordon_attest *att);
u64 cordon_attest_rejects(void);
void cordon_attest_challenge(u8 *out);
int cordon_version_floor_check(u64 version, const char **reason);

#endif /* _SECURITY_CORDON_ATTEST_H */
