// SPDX-License-Identifier: GPL-2.0-only
/*
 * load-timer - time policy loads in the guest (benchmarks only)
 *
 *   load-timer [--ticket KEY CERT] LABEL BLOB...
 *				(each BLOB with BLOB.p7s next to it)
 *
 * With --ticket each load carries a verifier ticket for the kernel's
 * current challenge and the blob, signed with KEY (a verifier key of the
 * kernel's .cordon_verifier keyring, CERT its certificate) before the
 * timed round trip.
 *
 * Loads the blobs in order (their versions must increase) and prints the
 * time of each netlink round trip: the load gate, signature verification,
 * parse, version check, swap, IMA measurement and audit, plus the copy of
 * the message.  The kernel logs each load it accepts with its own costs,
 * step by step (cordon_policy_load(): ticket, signature, parse, digest,
 * swap) and the memory the policy takes: those are read back from the
 * kernel log.  Then it times SHA-256 over the last blob (OpenSSL's integer
 * code: run with OPENSSL_ia32cap masking SHA-NI, AVX and SSSE3, as
 * load-bench does, it is as plain as the kernel's lib/crypto/sha256.c):
 * the floor of a load, whose signature check must hash the blob.  Under
 * QEMU -icount shift=0 (load-bench) a nanosecond of the guest clock is one
 * instruction.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/klog.h>

#include <openssl/sha.h>

#include <cordon/nl.h>
#include <cordon/sign.h>
#include <cordon/ticket.h>
#include <linux/cordon.h>

/* the kernel's account of one load (see its log line in policy.c) */
enum { T_TRIP, T_TICKET, T_SIG, T_PARSE, T_DIGEST, T_SWAP, T_KERNEL, T_NR };

struct load_cost {
	double ms[T_NR];
	size_t memory;
};

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

/*
 * Find the kernel's line for the load of policy @name version @version
 * (the last one in the log) and read its figures into @c.
 */
static int kernel_cost(const char *name, unsigned long long version,
		       struct load_cost *c)
{
	unsigned long long total, ns[5];
	char key[CORDON_NAME_MAX + 64], *log, *at = NULL, *p;
	int size = klogctl(10, NULL, 0), n;
	size_t blob;

	if (size <= 0 || !(log = malloc(size + 1)))
		return -1;
	n = klogctl(3, log, size);
	if (n < 0) {
		free(log);
		return -1;
	}
	log[n] = '\0';
	snprintf(key, sizeof(key), "cordon: policy %s version %llu loaded (",
		 name, version);
	for (p = log; (p = strstr(p, key)); p++)
		at = p;
	if (!at || !(at = strstr(at, "): ")) ||
	    sscanf(at, "): %zu bytes for a %zu-byte blob; %llu ns: ticket %llu, signature %llu, parse %llu, digest %llu, swap %llu",
		   &c->memory, &blob, &total, &ns[0], &ns[1], &ns[2], &ns[3],
		   &ns[4]) != 8) {
		free(log);
		return -1;
	}
	for (int i = 0; i < 5; i++)
		c->ms[T_TICKET + i] = ns[i] / 1e6;
	c->ms[T_KERNEL] = total / 1e6;
	free(log);
	return 0;
}

/* the median of column @col of @n costs */
static double median(const struct load_cost *c, int n, int col)
{
	double v[256];

	for (int i = 0; i < n; i++)
		v[i] = c[i].ms[col];
	qsort(v, n, sizeof(v[0]), cmp);
	return v[n / 2];
}

/* a ticket for the kernel's current challenge and @blob, signed */
static int make_ticket(struct cordon_nl *nl, const void *blob, size_t len,
		       const char *key, const char *cert,
		       struct cordon_ticket *t, unsigned char **sig,
		       size_t *siglen, char *err, size_t errlen)
{
	struct cordon_ticket_info info = { .flags = CORDON_TICKET_F_LOCAL };
	int ret;

	ret = cordon_nl_challenge(nl, info.challenge, err, errlen);
	if (!ret)
		ret = cordon_ticket_sha256(blob, len, info.policy_digest);
	if (!ret)
		ret = cordon_ticket_encode(&info, t, err, errlen);
	if (!ret)
		ret = cordon_sign_buf(t, sizeof(*t), key, cert, sig, siglen,
				      err, errlen);
	return ret;
}

int main(int argc, char *argv[])
{
	static const char *const step[T_NR] = {
		"round trip", "ticket", "signature", "parse", "digest", "swap",
		"kernel",
	};
	const char *tkey = NULL, *tcert = NULL;
	struct load_cost cost[256];
	struct cordon_nl *nl;
	char err[512], sigpath[4096];
	double sha, med[T_NR], lo = 0, hi = 0;
	size_t blen = 0;
	int n = 0;

	if (argc > 3 && !strcmp(argv[1], "--ticket")) {
		tkey = argv[2];
		tcert = argv[3];
		argv += 3;
		argc -= 3;
	}
	if (argc < 3 || argc - 2 > 256) {
		fprintf(stderr, "usage: load-timer [--ticket KEY CERT] LABEL BLOB...\n");
		return 2;
	}
	if (cordon_nl_open(&nl, err, sizeof(err))) {
		fprintf(stderr, "load-timer: %s\n", err);
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		const struct cordon_policy_header *h;
		struct cordon_nl_ticket nt, *ntp = NULL;
		unsigned char *tsig = NULL;
		struct cordon_ticket t;
		char name[CORDON_NAME_MAX];
		unsigned long long version;
		struct timespec t0, t1;
		size_t len, siglen;
		void *blob, *sig;
		int ret;

		snprintf(sigpath, sizeof(sigpath), "%s.p7s", argv[i]);
		blob = slurp(argv[i], &len);
		sig = slurp(sigpath, &siglen);
		if (!blob || !sig || len < sizeof(*h)) {
			fprintf(stderr, "load-timer: cannot read %s\n", argv[i]);
			return 1;
		}
		h = blob;
		memcpy(name, h->name, sizeof(name));
		name[sizeof(name) - 1] = '\0';
		version = le64toh(h->version);
		blen = len;
		if (tkey) {
			if (make_ticket(nl, blob, len, tkey, tcert, &t, &tsig,
					&nt.siglen, err, sizeof(err))) {
				fprintf(stderr, "load-timer: ticket: %s\n", err);
				return 1;
			}
			nt.ticket = &t;
			nt.len = sizeof(t);
			nt.sig = tsig;
			ntp = &nt;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ret = cordon_nl_load_ticket(nl, blob, len, sig, siglen, ntp, err,
					    sizeof(err));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		free(blob);
		free(sig);
		free(tsig);
		if (ret) {
			fprintf(stderr, "load-timer: %s: %s\n", argv[i], err);
			return 1;
		}
		if (kernel_cost(name, version, &cost[n])) {
			fprintf(stderr, "load-timer: %s: no cost in the kernel log\n",
				argv[i]);
			return 1;
		}
		cost[n++].ms[T_TRIP] = (t1.tv_sec - t0.tv_sec) * 1e3 +
				       (t1.tv_nsec - t0.tv_nsec) / 1e6;
	}
	sha = sha256_ms(argv[argc - 1]);
	for (int i = 0; i < T_NR; i++)
		med[i] = median(cost, n, i);
	for (int i = 0; i < n; i++) {
		if (!i || cost[i].ms[T_TRIP] < lo)
			lo = cost[i].ms[T_TRIP];
		if (!i || cost[i].ms[T_TRIP] > hi)
			hi = cost[i].ms[T_TRIP];
	}
	printf("%s, %zu bytes, %d loads, medians in million instructions (x SHA-256 of the blob, %.3f):\n",
	       argv[1], blen, n, sha);
	for (int i = 0; i < T_NR; i++)
		printf("  %-11s %8.3f  %6.3f x\n", step[i], med[i], med[i] / sha);
	printf("  %-11s %8.3f  %6.3f x\n", "parse+swap", med[T_PARSE] + med[T_SWAP],
	       (med[T_PARSE] + med[T_SWAP]) / sha);
	printf("  memory: the loaded policy takes %zu bytes for its %zu-byte blob (%.2f x)\n",
	       cost[n - 1].memory, blen, (double)cost[n - 1].memory / blen);
	/* the line of earlier versions of this benchmark */
	printf("kernel load (verify+parse+swap), %s, %zu bytes, %d loads: min %.3f, median %.3f, max %.3f million instructions; SHA-256 of the blob %.3f million: median load = %.1f x SHA-256\n",
	       argv[1], blen, n, lo, med[T_TRIP], hi, sha, med[T_TRIP] / sha);
	cordon_nl_close(nl);
	return 0;
}
