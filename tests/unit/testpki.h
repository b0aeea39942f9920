/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests: a scratch PKI for signature tests (made with the OpenSSL
 * API, written to a temporary directory):
 *
 *	ca.pem		a self-signed CA certificate (key ca.key)
 *	signer.pem	a certificate issued by it for signer.key
 *	self.pem	a self-signed certificate for signer.key
 *	other.pem	a certificate (self-signed) for other.key
 *	otherca.pem	another CA, which issued nothing used here
 */
#ifndef CORDON_TESTPKI_H
#define CORDON_TESTPKI_H

#include <stdbool.h>
#include <stddef.h>

struct testpki {
	char dir[64];
	char ca[96], signer[96], signer_key[96], self[96];
	char other[96], other_key[96], otherca[96];
};

bool testpki_init(struct testpki *p);
/* Remove the directory and everything in it. */
void testpki_done(struct testpki *p);
/* "DIR/NAME" in a static ring of buffers. */
const char *testpki_path(const struct testpki *p, const char *name);
bool testpki_write(const char *path, const void *data, size_t len);

#endif /* CORDON_TESTPKI_H */
