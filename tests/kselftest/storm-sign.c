// SPDX-License-Identifier: GPL-2.0-only
/*
 * storm-sign: the signatures of reload_storm's policies, made on the build
 * host (signing 10,000 blobs in the guest under TCG would take longer than
 * loading them).
 *
 *   storm-sign KEY CERT BLOB-A BLOB-B FIRST COUNT OUT
 *
 * Policy i (0 <= i < COUNT) is BLOB-A (i even) or BLOB-B (i odd) with its
 * header's version set to FIRST + i; OUT gets, for each in order, its
 * detached CMS signature (libcordon's cordon_sign_buf_key(), as cordonctl
 * sign makes them) as a little-endian u32 length and the DER bytes.
 * reload_storm rebuilds the blobs the same way.
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cordon/sign.h>
#include <linux/cordon.h>

static unsigned char *slurp(const char *path, size_t *len)
{
	unsigned char *data = NULL;
	char err[256];

	if (cordon_sign_read_file(path, CORDON_POLICY_MAX_SIZE, &data, len,
				  err, sizeof(err)) < 0) {
		fprintf(stderr, "storm-sign: %s\n", err);
		exit(1);
	}
	return data;
}

int main(int argc, char **argv)
{
	unsigned char *blob[2], *copy;
	size_t len[2], siglen, i;
	unsigned long long first, count;
	EVP_PKEY *key;
	char err[256];
	FILE *f, *out;

	if (argc != 8) {
		fprintf(stderr,
			"usage: storm-sign KEY CERT BLOB-A BLOB-B FIRST COUNT OUT\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	key = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (!key) {
		fprintf(stderr, "storm-sign: cannot read the key %s\n", argv[1]);
		return 1;
	}
	blob[0] = slurp(argv[3], &len[0]);
	blob[1] = slurp(argv[4], &len[1]);
	first = strtoull(argv[5], NULL, 0);
	count = strtoull(argv[6], NULL, 0);
	if (len[0] < sizeof(struct cordon_policy_header) ||
	    len[1] < sizeof(struct cordon_policy_header) || !count) {
		fprintf(stderr, "storm-sign: blobs too short or no count\n");
		return 1;
	}
	copy = malloc(len[0] > len[1] ? len[0] : len[1]);
	out = fopen(argv[7], "wb");
	if (!copy || !out) {
		fprintf(stderr, "storm-sign: %s: %s\n", argv[7], strerror(errno));
		return 1;
	}
	for (i = 0; i < count; i++) {
		struct cordon_policy_header *h = (void *)copy;
		unsigned char *sig = NULL;
		uint32_t le;

		memcpy(copy, blob[i % 2], len[i % 2]);
		h->version = htole64(first + i);
		if (cordon_sign_buf_key(copy, len[i % 2], key, argv[2], &sig,
					&siglen, err, sizeof(err)) < 0) {
			fprintf(stderr, "storm-sign: policy %zu: %s\n", i, err);
			return 1;
		}
		le = htole32((uint32_t)siglen);
		if (fwrite(&le, sizeof(le), 1, out) != 1 ||
		    fwrite(sig, siglen, 1, out) != 1) {
			fprintf(stderr, "storm-sign: %s: %s\n", argv[7],
				strerror(errno));
			return 1;
		}
		free(sig);
	}
	if (fclose(out)) {
		fprintf(stderr, "storm-sign: %s: %s\n", argv[7], strerror(errno));
		return 1;
	}
	EVP_PKEY_free(key);
	free(copy);
	free(blob[0]);
	free(blob[1]);
	return 0;
}
