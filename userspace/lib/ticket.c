// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - load tickets: encode, decode, sign and write
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include <cordon/sign.h>
#include <cordon/ticket.h>

#include "internal.h"

_Static_assert(sizeof(struct cordon_ticket) == 128,
	       "struct cordon_ticket is 128 bytes");

int cordon_ticket_encode(const struct cordon_ticket_info *info,
			 struct cordon_ticket *out, char *err, size_t errlen)
{
	if (info->flags & ~CORDON_TICKET_F_ALL) {
		cordon__seterr(err, errlen, "unknown ticket flag 0x%x",
			       info->flags & ~CORDON_TICKET_F_ALL);
		return -EINVAL;
	}
	memset(out, 0, sizeof(*out));
	out->magic = htole32(CORDON_TICKET_MAGIC);
	out->format = htole16(CORDON_TICKET_FORMAT);
	out->size = htole16(sizeof(*out));
	out->flags = htole32(info->flags);
	memcpy(out->challenge, info->challenge, sizeof(out->challenge));
	memcpy(out->policy_digest, info->policy_digest,
	       sizeof(out->policy_digest));
	memcpy(out->pcr_digest, info->pcr_digest, sizeof(out->pcr_digest));
	out->issued = htole64(info->issued);
	cordon__clearerr(err, errlen);
	return 0;
}

static int malformed(char *err, size_t errlen, const char *what)
{
	cordon__seterr(err, errlen, "malformed ticket: %s", what);
	return -EBADE;
}

int cordon_ticket_decode(const void *buf, size_t len,
			 struct cordon_ticket_info *info, char *err,
			 size_t errlen)
{
	struct cordon_ticket t;

	if (!buf || len != sizeof(t)) {
		cordon__seterr(err, errlen,
			       "malformed ticket: %zu bytes, not %zu", len,
			       sizeof(t));
		return -EBADE;
	}
	memcpy(&t, buf, sizeof(t));
	if (le32toh(t.magic) != CORDON_TICKET_MAGIC)
		return malformed(err, errlen, "bad magic");
	if (le16toh(t.format) != CORDON_TICKET_FORMAT)
		return malformed(err, errlen, "unknown format");
	if (le16toh(t.size) != sizeof(t))
		return malformed(err, errlen, "bad size field");
	if (le32toh(t.flags) & ~CORDON_TICKET_F_ALL)
		return malformed(err, errlen, "unknown flag");
	if (t.reserved || t.reserved2)
		return malformed(err, errlen, "reserved field set");
	info->flags = le32toh(t.flags);
	memcpy(info->challenge, t.challenge, sizeof(info->challenge));
	memcpy(info->policy_digest, t.policy_digest,
	       sizeof(info->policy_digest));
	memcpy(info->pcr_digest, t.pcr_digest, sizeof(info->pcr_digest));
	info->issued = le64toh(t.issued);
	cordon__clearerr(err, errlen);
	return 0;
}

int cordon_ticket_sha256(const void *data, size_t len,
			 uint8_t out[CORDON_DIGEST_SIZE])
{
	unsigned int n = 0;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 ||
	    n != CORDON_DIGEST_SIZE)
		return -ENOMEM;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cordon_ticket_hex(const char *s, uint8_t *out, size_t n)
{
	if (!s || strlen(s) != 2 * n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int cordon_ticket_write(const struct cordon_ticket *t, const char *key_path,
			const char *cert_path, const char *path, char *err,
			size_t errlen)
{
	unsigned char *sig = NULL;
	char *sig_path = NULL;
	size_t siglen = 0;
	int rc;

	if (asprintf(&sig_path, "%s.p7s", path) < 0) {
		cordon__seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	rc = cordon_sign_buf(t, sizeof(*t), key_path, cert_path, &sig, &siglen,
			     err, errlen);
	if (rc == 0)
		rc = cordon_sign_write_file(path, t, sizeof(*t), err, errlen);
	if (rc == 0)
		rc = cordon_sign_write_file(sig_path, sig, siglen, err, errlen);
	free(sig);
	free(sig_path);
	return rc;
}
