// SPDX-License-Identifier: GPL-2.0-only
/*
 * manifest-bench [N] - time the attestation manifest on N measured files
 * (default 100,000): parsing an N-line allowlist (text, and the same as a
 * Keylime runtime policy in JSON), parsing an N-entry IMA list, and
 * checking the list against each (with a quote, so boot_aggregate is
 * recomputed; three excludes and two forbid patterns tried too).  Best of
 * 5 runs, CLOCK_MONOTONIC.  Prints figures, asserts nothing (a run that
 * does not pass the check is reported, not timed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include <cordon/cordon.h>
#include <cordon/ima.h>
#include <cordon/manifest.h>
#include <cordon/tpm.h>

#define RUNS 5

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = 2 * (b->len + n) + 65536;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			perror("realloc");
			exit(1);
		}
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void put32(struct buf *b, uint32_t v)
{
	uint8_t le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	put(b, le, 4);
}

static void entry(struct buf *log, const char *name, const uint8_t d[32])
{
	struct buf t = { 0 };
	uint8_t h[20];

	put32(&t, 40);
	put(&t, "sha256:", 8);
	put(&t, d, 32);
	put32(&t, (uint32_t)strlen(name) + 1);
	put(&t, name, strlen(name) + 1);
	EVP_Digest(t.p, t.len, h, NULL, EVP_sha1(), NULL);
	put32(log, 10);
	put(log, h, 20);
	put32(log, 6);
	put(log, "ima-ng", 6);
	put32(log, (uint32_t)t.len);
	put(log, t.p, t.len);
	free(t.p);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void hex(char *o, const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(o + 2 * i, "%02x", d[i]);
}

int main(int argc, char *argv[])
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	struct buf log = { 0 }, text = { 0 }, json = { 0 };
	struct cordon_quote q;
	struct cordon_digest boot;
	char err[CORDON_ERR_MAX], line[512], h[65];
	double best[5];
	int fails[2] = { 0, 0 };

	if (n == 0) {
		fprintf(stderr, "usage: manifest-bench [N]\n");
		return 2;
	}
	/* the quote: PCRs 0-9 and 10 of the sha256 bank */
	memset(&q, 0, sizeof(q));
	q.nbanks = 1;
	q.banks[0].alg = CORDON_HASH_SHA256;
	q.banks[0].mask = 0x7ff;
	for (int i = 0; i < 10; i++)
		memset(q.banks[0].v[i], 0x11 * i, 32);
	if (cordon_quote_boot_aggregate(&q, CORDON_HASH_SHA256, &boot, err,
					sizeof(err)) < 0) {
		fprintf(stderr, "manifest-bench: %s\n", err);
		return 1;
	}
	entry(&log, "boot_aggregate", boot.v);
	puts_(&text, "allowlist\nexclude /tmp/.*\nexclude /var/log/\n"
		     "exclude /run/[a-z]+/\\d+\nforbid /usr/bin/nc\n"
		     "forbid /dev/shm/*\n");
	puts_(&json, "{\"meta\": {\"version\": 1},\n\"excludes\": "
		     "[\"/tmp/.*\", \"/var/log/\", \"/run/[a-z]+/\\\\d+\"],\n"
		     "\"digests\": {\n");
	for (size_t i = 0; i < n; i++) {
		char name[64];
		uint8_t d[32];
		int k;

		snprintf(name, sizeof(name), "/usr/lib/bench/dir-%03zu/file-%07zu",
			 i % 1000, i);
		EVP_Digest(name, strlen(name), d, NULL, EVP_sha256(), NULL);
		entry(&log, name, d);
		hex(h, d, 32);
		k = snprintf(line, sizeof(line), "allow %s sha256:%s\n", name, h);
		put(&text, line, (size_t)k);
		k = snprintf(line, sizeof(line), "%s\"%s\": [\"%s\"]\n",
			     i ? "," : "", name, h);
		put(&json, line, (size_t)k);
	}
	put(&json, "}}\n", 3);

	printf("manifest-bench: %zu measured files; allowlist text %.1f MiB, Keylime JSON %.1f MiB, IMA list %.1f MiB; best of %d runs\n",
	       n, text.len / 1048576.0, json.len / 1048576.0,
	       log.len / 1048576.0, RUNS);
	for (int i = 0; i < 5; i++)
		best[i] = 1e30;
	for (int r = 0; r < RUNS; r++) {
		struct cordon_ima_log l;
		struct cordon_manifest mt, mj;
		double t0, t1, t2, t3, t4, t5;

		t0 = now_ms();
		if (cordon_ima_parse(log.p, log.len, CORDON_HASH_SHA1, &l, err,
				     sizeof(err)) < 0) {
			fprintf(stderr, "manifest-bench: list: %s\n", err);
			return 1;
		}
		t1 = now_ms();
		if (cordon_manifest_parse(text.p, text.len, "bench", &mt, err,
					  sizeof(err)) < 0) {
			fprintf(stderr, "manifest-bench: text: %s\n", err);
			return 1;
		}
		t2 = now_ms();
		fails[0] = cordon_manifest_check(&mt, &l, l.count, &q, NULL,
						 NULL);
		t3 = now_ms();
		if (cordon_manifest_parse_keylime(json.p, json.len, "bench",
						  &mj, err, sizeof(err)) < 0) {
			fprintf(stderr, "manifest-bench: json: %s\n", err);
			return 1;
		}
		t4 = now_ms();
		fails[1] = cordon_manifest_check(&mj, &l, l.count, &q, NULL,
						 NULL);
		t5 = now_ms();
		best[0] = t1 - t0 < best[0] ? t1 - t0 : best[0];
		best[1] = t2 - t1 < best[1] ? t2 - t1 : best[1];
		best[2] = t3 - t2 < best[2] ? t3 - t2 : best[2];
		best[3] = t4 - t3 < best[3] ? t4 - t3 : best[3];
		best[4] = t5 - t4 < best[4] ? t5 - t4 : best[4];
		cordon_manifest_free(&mt);
		cordon_manifest_free(&mj);
		cordon_ima_free(&l);
	}
	printf("  %-46s %8.1f ms\n", "IMA list parse", best[0]);
	printf("  %-46s %8.1f ms\n", "text allowlist parse", best[1]);
	printf("  %-46s %8.1f ms  (%d failures)\n", "check against the text allowlist",
	       best[2], fails[0]);
	printf("  %-46s %8.1f ms\n", "Keylime runtime policy parse (json-c)",
	       best[3]);
	printf("  %-46s %8.1f ms  (%d failures)\n",
	       "check against the Keylime policy", best[4], fails[1]);
	printf("  %-46s %8.1f ms\n", "total: list + text allowlist, parse + check",
	       best[0] + best[1] + best[2]);
	printf("  %-46s %8.1f ms\n", "total: list + Keylime policy, parse + check",
	       best[0] + best[3] + best[4]);
	/*
	 * The worst case: the N-line allowlist against N entries it does not
	 * list, each looked up, tried on the excludes and refused.
	 */
	{
		struct buf other = { 0 };
		struct cordon_ima_log l;
		struct cordon_manifest m;
		double t0, b = 1e30;
		int f = 0;

		entry(&other, "boot_aggregate", boot.v);
		for (size_t i = 0; i < n; i++) {
			char name[64];
			uint8_t d[32];

			snprintf(name, sizeof(name), "/opt/unlisted/file-%07zu",
				 i);
			EVP_Digest(name, strlen(name), d, NULL, EVP_sha256(),
				   NULL);
			entry(&other, name, d);
		}
		if (cordon_ima_parse(other.p, other.len, CORDON_HASH_SHA1, &l,
				     err, sizeof(err)) < 0 ||
		    cordon_manifest_parse(text.p, text.len, "bench", &m, err,
					  sizeof(err)) < 0) {
			fprintf(stderr, "manifest-bench: %s\n", err);
			return 1;
		}
		free(other.p);
		for (int r = 0; r < RUNS; r++) {
			t0 = now_ms();
			f = cordon_manifest_check(&m, &l, l.count, &q, NULL, NULL);
			b = now_ms() - t0 < b ? now_ms() - t0 : b;
		}
		printf("  %-46s %8.1f ms  (%d failures reported, for %zu misses)\n",
		       "check, text allowlist, no entry listed", b, f, n);
		cordon_manifest_free(&m);
		cordon_ima_free(&l);
	}
	free(log.p);
	free(text.p);
	free(json.p);
	return fails[0] || fails[1] ? 1 : 0;
}
