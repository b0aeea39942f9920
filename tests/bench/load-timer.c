// SPDX-License-Identifier: GPL-2.0-only
/*
 * load-timer - time policy loads in the guest (benchmarks only)
 *
 *   load-timer LABEL BLOB...     (each BLOB with BLOB.p7s next to it)
 *
 * Loads the blobs in order (their versions must increase) and prints the
 * time of each netlink round trip: signature verification, parse, version
 * check, swap, IMA measurement and audit, plus the copy of the message.
 * Then it times SHA-256 over the last blob (OpenSSL's integer code: run
 * with OPENSSL_ia32cap masking SHA-NI, AVX and SSSE3, as load-bench does,
 * it is as plain as the kernel's lib/crypto/sha256.c): the floor of a load,
 * whose signature check must hash the blob.  Under QEMU -icount shift=0
 * (load-bench) a nanosecond of the guest clock is one instruction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/sha.h>

#include <cordon/nl.h>

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0) {
		rewind(f);
		buf = malloc(n ? n : 1);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = n;
	}
	fclose(f);
	return buf;
}

/* the fastest of ten SHA-256 runs over @path, in ms of the guest clock */
static double sha256_ms(const char *path)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	double best = 0;
	size_t len;
	void *buf = slurp(path, &len);

	if (!buf)
		return 0;
	for (int i = 0; i < 10; i++) {
		struct timespec t0, t1;
		double d;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		SHA256(buf, len, md);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		d = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (!i || d < best)
			best = d;
	}
	free(buf);
	return best;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char *argv[])
{
	struct cordon_nl *nl;
	char err[512], sigpath[4096];
	double ms[256], sha;
	size_t blen = 0;
	int n = 0;

	if (argc < 3 || argc - 2 > 256) {
		fprintf(stderr, "usage: %s LABEL BLOB...\n", argv[0]);
		return 2;
	}
	if (cordon_nl_open(&nl, err, sizeof(err))) {
		fprintf(stderr, "load-timer: %s\n", err);
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		struct timespec t0, t1;
		size_t len, siglen;
		void *blob, *sig;
		int ret;

		snprintf(sigpath, sizeof(sigpath), "%s.p7s", argv[i]);
		blob = slurp(argv[i], &len);
		sig = slurp(sigpath, &siglen);
		if (!blob || !sig) {
			fprintf(stderr, "load-timer: cannot read %s\n", argv[i]);
			return 1;
		}
		blen = len;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ret = cordon_nl_load(nl, blob, len, sig, siglen, err, sizeof(err));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		free(blob);
		free(sig);
		if (ret) {
			fprintf(stderr, "load-timer: %s: %s\n", argv[i], err);
			return 1;
		}
		ms[n++] = (t1.tv_sec - t0.tv_sec) * 1e3 +
			  (t1.tv_nsec - t0.tv_nsec) / 1e6;
	}
	qsort(ms, n, sizeof(ms[0]), cmp);
	sha = sha256_ms(argv[argc - 1]);
	printf("kernel load (verify+parse+swap), %s, %zu bytes, %d loads: min %.3f, median %.3f, max %.3f million instructions; SHA-256 of the blob %.3f million: median load = %.1f x SHA-256\n",
	       argv[1], blen, n, ms[0], ms[n / 2], ms[n - 1], sha,
	       ms[n / 2] / sha);
	cordon_nl_close(nl);
	return 0;
}
