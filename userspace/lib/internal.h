/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - helpers shared by the library's sources; not installed.
 */
#ifndef CORDON_LIB_INTERNAL_H
#define CORDON_LIB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CORDON_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

/* Write a formatted message into err (see cordon.h); no-op if errlen is 0. */
void cordon__seterr(char *err, size_t errlen, const char *fmt, ...)
	CORDON_PRINTF(3, 4);

/* Set err to "" (on success); no-op if errlen is 0. */
void cordon__clearerr(char *err, size_t errlen);

/* Bytes of input shown by cordon__quote() before it cuts with "...". */
#define CORDON__QUOTE_SHOW 32
/* Size of a buffer that holds any result of cordon__quote(). */
#define CORDON__QUOTE_SIZE (2 + 4 * CORDON__QUOTE_SHOW + 3 + 1)

/*
 * cordon__quote - render bytes for an error message
 * @buf: receives the result, CORDON__QUOTE_SIZE bytes
 * @s: the bytes; need not be NUL-terminated
 * @n: how many
 *
 * The result is @s in single quotes, with bytes outside printable ASCII and
 * the characters ' and \ escaped as \xNN, \' and \\, and cut after
 * CORDON__QUOTE_SHOW bytes with "..." after the closing quote. A message
 * built with it is safe to print on a terminal.
 *
 * Return: @buf.
 */
const char *cordon__quote(char buf[CORDON__QUOTE_SIZE], const char *s,
			  size_t n);

/*
 * cordon__b64_encode - base64 of @n bytes, NUL-terminated, malloc()ed;
 * NULL when out of memory.
 * cordon__b64_decode - decode padded base64 (no blanks) into a malloc()ed
 * buffer.  Return: 0; -EINVAL; -ENOMEM.
 */
char *cordon__b64_encode(const void *p, size_t n);
int cordon__b64_decode(const char *s, uint8_t **out, size_t *len);

#endif /* CORDON_LIB_INTERNAL_H */
