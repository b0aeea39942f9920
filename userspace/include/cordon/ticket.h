/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - load tickets
 *
 * A ticket (struct cordon_ticket, <linux/cordon.h>) is a verifier's
 * statement that allows one policy load: it binds the kernel's current
 * load challenge to the SHA-256 of the policy blob, records the SHA-256 of
 * the quoted PCR values and says what the verifier checked (flags). It is
 * the 128 raw bytes in a file TICKET, signed like a policy (detached CMS,
 * see <cordon/sign.h>) by a verifier key whose certificate is in the
 * kernel's ".cordon_verifier" keyring, the signature in TICKET.p7s.
 *
 * Conventions (errors, err/errlen) are those of <cordon/cordon.h>.
 */
#ifndef CORDON_TICKET_H
#define CORDON_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include <linux/cordon.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What a ticket says, in host byte order.
 */
struct cordon_ticket_info {
	uint32_t flags;				/* CORDON_TICKET_F_* */
	uint8_t challenge[CORDON_CHALLENGE_SIZE];
	uint8_t policy_digest[CORDON_DIGEST_SIZE];
	uint8_t pcr_digest[CORDON_DIGEST_SIZE];
	uint64_t issued;			/* seconds since the epoch */
};

/*
 * cordon_ticket_encode - make the 128 bytes of a ticket
 * @info: what it says
 * @out: receives the ticket
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Return: 0; -EINVAL for a flag outside CORDON_TICKET_F_ALL.
 */
int cordon_ticket_encode(const struct cordon_ticket_info *info,
			 struct cordon_ticket *out, char *err, size_t errlen);

/*
 * cordon_ticket_decode - check a ticket's form and read it
 * @buf: the ticket's bytes
 * @len: their length
 * @info: filled in on success
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * The checks are the kernel's, but for the signature, the challenge and
 * the blob: length, magic, format, size, flags and reserved fields.
 *
 * Return: 0; -EBADE for a malformed ticket (the kernel's answer to it).
 */
int cordon_ticket_decode(const void *buf, size_t len,
			 struct cordon_ticket_info *info, char *err,
			 size_t errlen);

/*
 * cordon_ticket_sha256 - the SHA-256 of a buffer (a policy blob, a ticket)
 * @data: the bytes
 * @len: how many
 * @out: receives the digest
 *
 * Return: 0; -ENOMEM if OpenSSL failed.
 */
int cordon_ticket_sha256(const void *data, size_t len,
			 uint8_t out[CORDON_DIGEST_SIZE]);

/*
 * cordon_ticket_hex - parse exactly @n bytes written as 2 * @n hex digits
 * @s: the text (upper or lower case, nothing else)
 * @out: receives the bytes
 * @n: their number
 *
 * Return: 0; -EINVAL if @s is not 2 * @n hex digits (@out may be partly
 * written).
 */
int cordon_ticket_hex(const char *s, uint8_t *out, size_t n);

/*
 * cordon_ticket_write - sign a ticket and write it and its signature
 * @t: the ticket
 * @key_path: the verifier's private key (see cordon_sign_buf())
 * @cert_path: the verifier's certificate
 * @path: the ticket file to write; the signature goes to @path.p7s
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * The signature is made first, so that nothing is written when signing
 * fails; each file is replaced atomically (cordon_sign_write_file()).
 *
 * Return: 0; an error of cordon_sign_buf() or cordon_sign_write_file();
 * -ENOMEM.
 */
int cordon_ticket_write(const struct cordon_ticket *t, const char *key_path,
			const char *cert_path, const char *path, char *err,
			size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_TICKET_H */
