// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - base64 (RFC 4648, with padding) for the JSON files, on
 * OpenSSL's EVP_EncodeBlock()/EVP_DecodeBlock()
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "internal.h"

char *cordon__b64_encode(const void *p, size_t n)
{
	char *out;

	if (n > INT_MAX / 4 * 3 - 3)
		return NULL;
	out = malloc(4 * ((n + 2) / 3) + 1);
	if (!out)
		return NULL;
	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return out;
}

int cordon__b64_decode(const char *s, uint8_t **out, size_t *len)
{
	size_t n = strlen(s), pad = 0;
	uint8_t *buf;
	int k;

	if (n % 4 || n > INT_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '+' || c == '/';

		if (c == '=' && i >= n - 2) {
			pad++;
			continue;
		}
		if (!ok || pad)
			return -EINVAL;
	}
	buf = malloc(n / 4 * 3 + 1);
	if (!buf)
		return -ENOMEM;
	k = n ? EVP_DecodeBlock(buf, (const unsigned char *)s, (int)n) : 0;
	if (k < 0 || (size_t)k < pad) {
		free(buf);
		return -EINVAL;
	}
	*out = buf;
	*len = (size_t)k - pad;	/* EVP_DecodeBlock counts the padding */
	return 0;
}
