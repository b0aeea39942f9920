// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - error messages
 */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

void cordon__seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

void cordon__clearerr(char *err, size_t errlen)
{
	if (err && errlen > 0)
		err[0] = '\0';
}

const char *cordon__quote(char buf[CORDON__QUOTE_SIZE], const char *s,
			  size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t shown = n > CORDON__QUOTE_SHOW ? CORDON__QUOTE_SHOW : n;
	char *p = buf;

	*p++ = '\'';
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\'' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c >= 0x20 && c <= 0x7e) {
			*p++ = (char)c;
		} else {
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
		}
	}
	*p++ = '\'';
	if (shown < n) {
		*p++ = '.';
		*p++ = '.';
		*p++ = '.';
	}
	*p = '\0';
	return buf;
}
