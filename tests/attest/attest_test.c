// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host attestation tests against a software TPM (swtpm), no VM:
 *
 *   attest-test --tcti TCTI --bad-tcti TCTI --other-tcti TCTI --ek-ca CA
 *		--other-ek-ca CA --manifest-key K --manifest-cert C
 *		--verifier-key K --verifier-cert C --cordonctl PATH --tmp DIR
 *	run the tests; the TPM's PCR 10 must start at zero (a fresh swtpm)
 *	and it must have an RSA EK certificate signed by a CA of the bundle
 *	--ek-ca; --other-tcti is a second TPM (the impostor) whose EK chains
 *	to --other-ek-ca only; the manifest and verifier keys sign manifests
 *	and tickets; prints "ok N name" / "not ok N name", then
 *	"N passed, N failed"; exits 1 if any failed
 *   attest-test gen --tcti TCTI --entries N --log FILE --manifest FILE
 *	write an N-entry IMA list whose replay the TPM's PCR 10 (fresh)
 *	then holds, and a manifest that passes (for tests/bench)
 *   attest-test extend --tcti TCTI [--pcr N]
 *	extend PCR N (default 10) with 0x42... in the SHA-1 and SHA-256
 *	banks, behind IMA's back (for guest tests: --tcti device:/dev/tpmrm0)
 *
 * The lists are built and the TPM extended by gen.c, which does what the
 * kernel does without libcordon's code; the tests then check libcordon's
 * quote (in process, with its test hooks) and `cordonctl attest` (run as
 * a command, checking its exit status and messages).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <tss2/tss2_mu.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/ima.h>
#include <cordon/manifest.h>
#include <cordon/policy.h>
#include <cordon/sign.h>
#include <cordon/ticket.h>
#include <cordon/tpm.h>

#include "gen.h"

extern char **environ;

static const char *tcti, *bad_tcti, *cordonctl, *tmpdir;
static const char *other_tcti, *ek_ca, *other_ek_ca;
static const char *mkey, *mcert, *vkey, *vcert;
/* the key enrolled on the TPM under test (with --ek-ca), pinned here */
static char akpath[512];
static int passed, failed, case_failures;

/* The entries of the truth: G.e[0..extended) are in the TPM. */
static struct gen G;
static size_t extended;

#define CHECK(c)							\
	do {								\
		if (!(c)) {						\
			printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, \
			       __LINE__, #c);				\
			case_failures++;				\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long a_ = (a), b_ = (b);				\
		if (a_ != b_) {						\
			printf("#   %s:%d: %s == %lld, expected %s == %lld\n", \
			       __FILE__, __LINE__, #a, a_, #b, b_);	\
			case_failures++;				\
		}							\
	} while (0)

static void run_case(const char *name, void (*fn)(void))
{
	case_failures = 0;
	fn();
	fflush(stdout);
	if (case_failures) {
		failed++;
		printf("not ok %d %s\n", passed + failed, name);
	} else {
		passed++;
		printf("ok %d %s\n", passed + failed, name);
	}
	fflush(stdout);
}

#define RUN(fn) run_case(#fn, fn)

static void hex(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

static char *path_in_tmp(const char *name)
{
	static char buf[16][512];
	static int k;
	char *p = buf[k++ % 16];

	snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return p;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0;

	if (f) {
		FILE *m = open_memstream(&s, &n);
		char buf[4096];
		size_t k;

		while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, k, m);
		fclose(m);
		fclose(f);
	}
	return s ? s : strdup("");
}

struct result {
	int status;
	char *out, *err;
};

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

static struct result run_argv(const char **argv)
{
	char *outp = strdup(path_in_tmp("out")), *errp = strdup(path_in_tmp("err"));
	posix_spawn_file_actions_t fa;
	struct result r = { .status = -1 };
	int st;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (posix_spawn(&pid, cordonctl, &fa, NULL, (char **)argv, environ) == 0 &&
	    waitpid(pid, &st, 0) == pid)
		r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	posix_spawn_file_actions_destroy(&fa);
	r.out = slurp(outp);
	r.err = slurp(errp);
	free(outp);
	free(errp);
	return r;
}

/*
 * cordonctl attest --ak PINNED --manifest-cert CERT ARGS..., NULL-terminated
 * (the pinned key and the manifest signer of the tests; a later --ak wins)
 */
static struct result attest(const char *first, ...)
{
	const char *argv[40] = { cordonctl, "attest", "--ak", akpath,
				 "--manifest-cert", mcert };
	va_list ap;
	int n = 6;

	va_start(ap, first);
	for (const char *a = first; a && n < 39; a = va_arg(ap, const char *))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return run_argv(argv);
}

/* cordonctl ARGS..., NULL-terminated, nothing added */
static struct result ctl(const char *first, ...)
{
	const char *argv[40] = { cordonctl };
	va_list ap;
	int n = 1;

	va_start(ap, first);
	for (const char *a = first; a && n < 39; a = va_arg(ap, const char *))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return run_argv(argv);
}

static void show(const struct result *r)
{
	printf("#   exit %d\n", r->status);
	for (const char *s = r->out; *s; ) {
		const char *nl = strchr(s, '\n');
		int len = nl ? (int)(nl - s) : (int)strlen(s);

		printf("#   out: %.*s\n", len, s);
		s += len + (nl != NULL);
	}
	for (const char *s = r->err; *s; ) {
		const char *nl = strchr(s, '\n');
		int len = nl ? (int)(nl - s) : (int)strlen(s);

		printf("#   err: %.*s\n", len, s);
		s += len + (nl != NULL);
	}
}

/* Expect an exit status and strings in stdout+stderr; show all if not. */
static void expect(const struct result *r, int status, const char *const *want)
{
	int before = case_failures;

	CHECK_EQ(r->status, status);
	for (; want && *want; want++) {
		if (!strstr(r->out, *want) && !strstr(r->err, *want)) {
			printf("#   missing in the output: \"%s\"\n", *want);
			case_failures++;
		}
	}
	if (case_failures != before)
		show(r);
}

#define WANT(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* the list of G's first @to entries (sha1 template hashes) into a file */
static const char *write_log(const char *name, size_t to, size_t skip)
{
	struct bytes b = { 0 };
	const char *p = path_in_tmp(name);

	gen_serialize(&G, 0, to, 20, skip, &b);
	if (write_file(p, b.p, b.len) < 0)
		case_failures++;
	bytes_free(&b);
	return p;
}

/* Sign @path with @key/@cert into @path.p7s (libcordon's CMS signer). */
static void sign_file(const char *path, const char *key, const char *cert)
{
	unsigned char *data = NULL, *sig = NULL;
	size_t len = 0, siglen = 0;
	char err[CORDON_ERR_MAX], sp[600];

	snprintf(sp, sizeof(sp), "%s.p7s", path);
	if (cordon_sign_read_file(path, 1 << 26, &data, &len, err, sizeof(err)) < 0 ||
	    cordon_sign_buf(data, len, key, cert, &sig, &siglen, err, sizeof(err)) < 0 ||
	    write_file(sp, sig, siglen) < 0) {
		printf("#   signing %s: %s\n", path, err);
		case_failures++;
	}
	free(data);
	free(sig);
}

/* A file in the temporary directory; manifests are signed as written. */
static const char *write_text(const char *name, const char *text)
{
	const char *p = path_in_tmp(name);

	if (write_file(p, text, strlen(text)) < 0)
		case_failures++;
	if (strncmp(name, "manifest", 8) == 0) {
		/* the base log holds a violation, which the tests allow */
		FILE *f = fopen(p, "a");

		if (!f || fputs("violations allow\n", f) < 0)
			case_failures++;
		if (f)
			fclose(f);
		sign_file(p, mkey, mcert);
	}
	return p;
}

static void digest_text(char *out, const uint8_t d[32])
{
	strcpy(out, "sha256:");
	hex(out + 7, d, 32);
}

static const struct gentry *find(const char *name)
{
	for (size_t i = 0; i < G.n; i++)
		if (strcmp(G.e[i].name, name) == 0)
			return &G.e[i];
	return NULL;
}

/* A manifest the base state passes, plus @extra lines. */
static const char *write_manifest(const char *extra)
{
	static const char *const files[] = {
		"/usr/sbin/cordonctl", "/usr/bin/runc", "/usr/bin/crun",
		"/etc/cordon/policy.bin",
	};
	char *text = NULL, d[80];
	size_t n = 0;
	FILE *m = open_memstream(&text, &n);
	const char *p;

	fprintf(m, "# cordon attestation manifest (test)\n");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		digest_text(d, find(files[i])->file_sha256);
		fprintf(m, "file %s %s\n", files[i], d);
	}
	digest_text(d, find("boot_aggregate")->file_sha256);
	fprintf(m, "boot_aggregate %s\n", d);
	fprintf(m, "pcr 0 sha256:%064d\n", 0);
	fprintf(m, "forbid /tmp/*\nforbid /usr/bin/nc\n");
	fprintf(m, "%s", extra ? extra : "");
	fclose(m);
	p = write_text("manifest", text);
	free(text);
	return p;
}

/* IMA's boot_aggregate on a fresh swtpm: SHA-256 of PCRs 0-9, all zero. */
static void boot_aggregate(uint8_t d[32])
{
	static const uint8_t zeros[10 * 32];

	EVP_Digest(zeros, sizeof(zeros), d, NULL, EVP_sha256(), NULL);
}

static void add_base_entries(void)
{
	uint8_t d[32], sha1[20];
	static const uint8_t sig[] = { 0x03, 0x02, 0x04, 0xde, 0xad, 0xbe, 0xef };

	boot_aggregate(d);
	gen_add(&G, 10, "ima-ng", "boot_aggregate", d, NULL, 0, NULL, 0);
	gen_file_digest("cordonctl", d);
	gen_add(&G, 10, "ima-ng", "/usr/sbin/cordonctl", d, NULL, 0, NULL, 0);
	gen_file_digest("runc", d);
	gen_add(&G, 10, "ima-sig", "/usr/bin/runc", d, sig, sizeof(sig), NULL, 0);
	gen_file_digest("crun", d);
	gen_add(&G, 10, "ima-ngv2", "/usr/bin/crun", d, NULL, 0, NULL, 0);
	gen_file_digest("policy", d);
	gen_add(&G, 10, "ima-ng", "/etc/cordon/policy.bin", d, NULL, 0, NULL, 0);
	EVP_Digest("policy v1", 9, d, NULL, EVP_sha256(), NULL);
	gen_add(&G, 10, "ima-buf", "cordon-policy", d, NULL, 0,
		(const uint8_t *)"policy v1", 9);
	gen_file_digest("module", d);
	gen_add(&G, 10, "ima-modsig", "/usr/lib/modules/x.ko", d, NULL, 0, NULL, 0);
	EVP_Digest("legacy", 6, sha1, NULL, EVP_sha1(), NULL);
	gen_add_ima(&G, 10, "/usr/bin/legacy", sha1);
	gen_add_violation(&G, 10, "/var/log/opened-for-write");
	gen_file_digest("other", d);
	gen_add(&G, 11, "ima-ng", "/usr/bin/elsewhere", d, NULL, 0, NULL, 0);
	gen_file_digest("bash", d);
	gen_add(&G, 10, "ima-sigv2", "/usr/bin/bash", d, NULL, 0, NULL, 0);
}

/* Add an ima-ng entry to the truth and extend the TPM with it. */
static const struct gentry *measure(const char *name)
{
	uint8_t d[32];

	gen_file_digest(name, d);
	gen_add(&G, 10, "ima-ng", name, d, NULL, 0, NULL, 0);
	if (tpm_extend_entries(tcti, &G, extended, G.n) < 0)
		case_failures++;
	extended = G.n;
	return &G.e[G.n - 1];
}

/* tests */

static void test_replay_equals_tpm(void)
{
	struct cordon_ima_log log;
	struct bytes b = { 0 };
	uint8_t tpm256[32], tpm1[20], r256[32], r1[20];
	char err[CORDON_ERR_MAX];

	gen_serialize(&G, 0, extended, 20, SIZE_MAX, &b);
	CHECK_EQ(cordon_ima_parse(b.p, b.len, CORDON_HASH_SHA1, &log, err,
				  sizeof(err)), 0);
	bytes_free(&b);
	CHECK_EQ(log.count, extended);
	CHECK_EQ(tpm_read(tcti, 10, true, tpm256), 0);
	CHECK_EQ(tpm_read(tcti, 10, false, tpm1), 0);
	CHECK_EQ(cordon_ima_replay(&log, log.count, 10, CORDON_HASH_SHA256, r256), 0);
	CHECK_EQ(cordon_ima_replay(&log, log.count, 10, CORDON_HASH_SHA1, r1), 0);
	CHECK(memcmp(r256, tpm256, 32) == 0);
	CHECK(memcmp(r1, tpm1, 20) == 0);
	/* PCR 11 holds the one entry the list puts there */
	CHECK_EQ(tpm_read(tcti, 11, true, tpm256), 0);
	CHECK_EQ(cordon_ima_replay(&log, log.count, 11, CORDON_HASH_SHA256, r256), 0);
	CHECK(memcmp(r256, tpm256, 32) == 0);
	/* every template hash checks */
	for (size_t i = 0; i < log.count; i++)
		CHECK_EQ(cordon_ima_check_entry(&log, &log.entries[i], err,
						sizeof(err)), 0);
	cordon_ima_free(&log);
}

static void test_replay_sha256_list(void)
{
	struct cordon_ima_log log;
	struct bytes b = { 0 };
	uint8_t tpm256[32], r256[32];
	char err[CORDON_ERR_MAX];

	/* binary_runtime_measurements_sha256: SHA-256 template hashes */
	gen_serialize(&G, 0, extended, 32, SIZE_MAX, &b);
	CHECK_EQ(cordon_ima_parse(b.p, b.len, CORDON_HASH_SHA256, &log, err,
				  sizeof(err)), 0);
	CHECK_EQ(tpm_read(tcti, 10, true, tpm256), 0);
	CHECK_EQ(cordon_ima_replay(&log, log.count, 10, CORDON_HASH_SHA256, r256), 0);
	CHECK(memcmp(r256, tpm256, 32) == 0);
	cordon_ima_free(&log);
	write_file(path_in_tmp("log256"), b.p, b.len);
	bytes_free(&b);
	{
		struct result r = attest("--tcti", tcti, "--log-hash", "sha256",
					 "--log", path_in_tmp("log256"),
					 "--manifest", write_manifest(NULL), NULL);

		expect(&r, 0, WANT("PASS"));
		result_free(&r);
	}
}

static void quote_pcr10(enum cordon_ak_type ak)
{
	struct cordon_quote_opts o = {
		.tcti = tcti, .pcrs_sha256 = 1u << 10 | 1u << 0 | 1u << 11,
		.pcrs_sha1 = 1u << 10, .ak = ak,
	};
	struct cordon_quote q;
	char err[CORDON_ERR_MAX];
	uint8_t v[32];
	const uint8_t *p;
	int rc;

	rc = cordon_tpm_quote(&o, &q, err, sizeof(err));
	if (rc)
		printf("#   %s\n", err);
	CHECK_EQ(rc, 0);
	if (rc)
		return;
	CHECK_EQ(q.nbanks, 2);
	CHECK(q.attest_len > 0 && q.sig_len > 0);
	p = cordon_quote_pcr(&q, CORDON_HASH_SHA256, 10);
	CHECK(p != NULL);
	CHECK_EQ(tpm_read(tcti, 10, true, v), 0);
	CHECK(p && memcmp(p, v, 32) == 0);
	p = cordon_quote_pcr(&q, CORDON_HASH_SHA1, 10);
	CHECK(p != NULL);
	CHECK_EQ(tpm_read(tcti, 10, false, v), 0);
	CHECK(p && memcmp(p, v, 20) == 0);
	CHECK(cordon_quote_pcr(&q, CORDON_HASH_SHA1, 0) == NULL);
	/* verifying again works; it is a pure function of the quote */
	CHECK_EQ(cordon_quote_verify(&q, err, sizeof(err)), 0);
	cordon_quote_free(&q);
}

static void test_quote_verifies_ecc(void)
{
	quote_pcr10(CORDON_AK_ECC);
}

static void test_quote_verifies_rsa(void)
{
	quote_pcr10(CORDON_AK_RSA);
}

/* hooks: what an attacker replaying or forging a quote would change */
static void hook_nonce(struct cordon_quote *q, void *arg)
{
	(void)arg;
	q->nonce[0] ^= 1;	/* the verifier asked for another nonce */
}

static void hook_attest(struct cordon_quote *q, void *arg)
{
	(void)arg;
	q->attest[q->attest_len - 1] ^= 1;	/* a forged PCR digest */
}

static void hook_pcr(struct cordon_quote *q, void *arg)
{
	(void)arg;
	q->banks[0].v[10][0] ^= 1;	/* PCR_Read value not what was quoted */
}

static void hook_selection(struct cordon_quote *q, void *arg)
{
	(void)arg;
	q->banks[0].mask |= 1u << 7;
}

static void quote_refused(void (*fn)(struct cordon_quote *, void *),
			  const char *reason)
{
	struct cordon_tpm_hooks h = { .after_quote = fn };
	struct cordon_quote_opts o = {
		.tcti = tcti, .pcrs_sha256 = 1u << 10, .pcrs_sha1 = 1u << 10,
		.hooks = &h,
	};
	struct cordon_quote q;
	char err[CORDON_ERR_MAX];
	int rc;

	rc = cordon_tpm_quote(&o, &q, err, sizeof(err));
	CHECK_EQ(rc, -EBADMSG);
	if (!strstr(err, reason)) {
		printf("#   message \"%s\" lacks \"%s\"\n", err, reason);
		case_failures++;
	}
	if (rc == -EBADMSG)
		cordon_quote_free(&q);
}

static void test_quote_wrong_nonce_refused(void)
{
	quote_refused(hook_nonce, "nonce mismatch");
}

static void test_quote_forged_attest_refused(void)
{
	quote_refused(hook_attest, "signature");
}

static void test_quote_pcr_value_refused(void)
{
	quote_refused(hook_pcr, "pcrDigest");
}

static void test_quote_selection_refused(void)
{
	quote_refused(hook_selection, "selection");
}

/*
 * The verifier alone, on quotes made here with an OpenSSL key in the
 * shape a TPM makes them: each field a forger could change is checked.
 */
enum forge {
	FORGE_NONE, FORGE_MAGIC, FORGE_TYPE, FORGE_NONCE, FORGE_SELECTION,
	FORGE_DIGEST, FORGE_OTHER_KEY, FORGE_NOT_RESTRICTED, FORGE_SHA1_SIG,
	FORGE_TRAILING, FORGE_SIGNER,
};

/* How a forged quote is verified: alone, against the enrolled (pinned)
 * key, or against its own key pinned as if it had been enrolled. */
enum pin { PIN_NONE, PIN_ENROLLED, PIN_SELF };

static int forge_quote_pinned(enum forge f, enum pin pin, char *err,
			      size_t errlen)
{
	struct cordon_ak self, enrolled;
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	struct cordon_quote q;
	TPM2B_PUBLIC pub = { 0 };
	TPMS_ATTEST a;
	TPMT_SIGNATURE sig;
	uint8_t point[65], abuf[sizeof(TPMS_ATTEST) + 8], *der = NULL;
	uint8_t pubbuf[sizeof(TPM2B_PUBLIC)], sigbuf[sizeof(TPMT_SIGNATURE)];
	size_t plen = 0, off = 0, alen, dlen = 0;
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	const unsigned char *dp;
	ECDSA_SIG *es;
	const BIGNUM *r, *sv;
	int rc = -1;

	memset(&q, 0, sizeof(q));
	memset(&a, 0, sizeof(a));
	memset(&sig, 0, sizeof(sig));
	if (!key || !other || !mctx ||
	    !EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY,
					     point, sizeof(point), &plen) ||
	    plen != 65)
		goto out;
	pub.publicArea.type = TPM2_ALG_ECC;
	pub.publicArea.nameAlg = TPM2_ALG_SHA256;
	pub.publicArea.objectAttributes = TPMA_OBJECT_RESTRICTED |
		TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_FIXEDTPM |
		TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
		TPMA_OBJECT_USERWITHAUTH;
	if (f == FORGE_NOT_RESTRICTED)
		pub.publicArea.objectAttributes &= ~TPMA_OBJECT_RESTRICTED;
	pub.publicArea.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
	pub.publicArea.parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
	pub.publicArea.parameters.eccDetail.scheme.details.ecdsa.hashAlg =
		TPM2_ALG_SHA256;
	pub.publicArea.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	pub.publicArea.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	pub.publicArea.unique.ecc.x.size = 32;
	memcpy(pub.publicArea.unique.ecc.x.buffer, point + 1, 32);
	pub.publicArea.unique.ecc.y.size = 32;
	memcpy(pub.publicArea.unique.ecc.y.buffer, point + 33, 32);
	if (Tss2_MU_TPM2B_PUBLIC_Marshal(&pub, pubbuf, sizeof(pubbuf), &off))
		goto out;
	q.ak_public = pubbuf;
	q.ak_public_len = off;
	memset(&self, 0, sizeof(self));
	memset(&enrolled, 0, sizeof(enrolled));
	if (pin == PIN_SELF &&
	    cordon_ak_from_public(pubbuf, off, &self, err, errlen) < 0)
		goto out;
	if (pin == PIN_ENROLLED &&
	    cordon_ak_read(akpath, &enrolled, err, errlen) < 0)
		goto out;

	RAND_bytes(q.nonce, sizeof(q.nonce));
	q.nbanks = 1;
	q.banks[0].alg = CORDON_HASH_SHA256;
	q.banks[0].mask = 1u << 10;
	memset(q.banks[0].v[10], 0x5c, 32);

	a.magic = f == FORGE_MAGIC ? 0xdeadbeef : TPM2_GENERATED_VALUE;
	if (pin == PIN_SELF) {
		/* what a TPM writes: the signing key's qualified name */
		a.qualifiedSigner.size = (UINT16)self.qualified_name_len;
		memcpy(a.qualifiedSigner.name, self.qualified_name,
		       self.qualified_name_len);
		if (f == FORGE_SIGNER)
			a.qualifiedSigner.name[5] ^= 1;
	}
	a.type = f == FORGE_TYPE ? TPM2_ST_ATTEST_TIME : TPM2_ST_ATTEST_QUOTE;
	a.extraData.size = 32;
	memcpy(a.extraData.buffer, q.nonce, 32);
	if (f == FORGE_NONCE)
		a.extraData.buffer[5] ^= 1;
	a.attested.quote.pcrSelect.count = 1;
	a.attested.quote.pcrSelect.pcrSelections[0].hash = TPM2_ALG_SHA256;
	a.attested.quote.pcrSelect.pcrSelections[0].sizeofSelect = 3;
	a.attested.quote.pcrSelect.pcrSelections[0].pcrSelect[1] =
		f == FORGE_SELECTION ? 0x0c : 0x04;
	a.attested.quote.pcrDigest.size = 32;
	EVP_Digest(q.banks[0].v[10], 32, a.attested.quote.pcrDigest.buffer,
		   NULL, EVP_sha256(), NULL);
	if (f == FORGE_DIGEST)
		a.attested.quote.pcrDigest.buffer[0] ^= 1;
	off = 0;
	if (Tss2_MU_TPMS_ATTEST_Marshal(&a, abuf, sizeof(abuf), &off))
		goto out;
	alen = off;
	if (f == FORGE_TRAILING)
		abuf[alen++] = 0;
	q.attest = abuf;
	q.attest_len = alen;

	/* sign as the TPM does: ECDSA over SHA-256 of the attest bytes */
	if (EVP_DigestSignInit(mctx, NULL, EVP_sha256(), NULL,
			       f == FORGE_OTHER_KEY ? other : key) != 1 ||
	    EVP_DigestSign(mctx, NULL, &dlen, abuf, alen) != 1 ||
	    !(der = malloc(dlen)) ||
	    EVP_DigestSign(mctx, der, &dlen, abuf, alen) != 1)
		goto out;
	dp = der;
	es = d2i_ECDSA_SIG(NULL, &dp, (long)dlen);
	if (!es)
		goto out;
	ECDSA_SIG_get0(es, &r, &sv);
	sig.sigAlg = TPM2_ALG_ECDSA;
	sig.signature.ecdsa.hash = f == FORGE_SHA1_SIG ? TPM2_ALG_SHA1 :
							  TPM2_ALG_SHA256;
	sig.signature.ecdsa.signatureR.size = 32;
	BN_bn2binpad(r, sig.signature.ecdsa.signatureR.buffer, 32);
	sig.signature.ecdsa.signatureS.size = 32;
	BN_bn2binpad(sv, sig.signature.ecdsa.signatureS.buffer, 32);
	ECDSA_SIG_free(es);
	off = 0;
	if (Tss2_MU_TPMT_SIGNATURE_Marshal(&sig, sigbuf, sizeof(sigbuf), &off))
		goto out;
	q.sig = sigbuf;
	q.sig_len = off;

	if (pin == PIN_SELF)
		rc = cordon_quote_verify_ak(&q, &self, err, errlen);
	else if (pin == PIN_ENROLLED)
		rc = cordon_quote_verify_ak(&q, &enrolled, err, errlen);
	else
		rc = cordon_quote_verify(&q, err, errlen);
	cordon_ak_free(&enrolled);
out:
	free(der);
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	return rc;
}

static int forge_quote(enum forge f, char *err, size_t errlen)
{
	return forge_quote_pinned(f, PIN_NONE, err, errlen);
}

/*
 * A software key claiming to be a restricted TPM key signs a well-formed
 * quote: it verifies on its own (the claim cannot be checked from the
 * quote), and is refused against the enrolled key; pinned as if it had
 * been enrolled, qualifiedSigner must be its qualified name.
 */
static void test_verify_software_key_refused(void)
{
	char err[CORDON_ERR_MAX];
	int rc;

	CHECK_EQ(forge_quote_pinned(FORGE_NONE, PIN_NONE, err, sizeof(err)), 0);
	rc = forge_quote_pinned(FORGE_NONE, PIN_ENROLLED, err, sizeof(err));
	CHECK_EQ(rc, -EBADMSG);
	if (!strstr(err, "not the enrolled attestation key")) {
		printf("#   \"%s\"\n", err);
		case_failures++;
	}
	CHECK_EQ(forge_quote_pinned(FORGE_NONE, PIN_SELF, err, sizeof(err)), 0);
	rc = forge_quote_pinned(FORGE_SIGNER, PIN_SELF, err, sizeof(err));
	CHECK_EQ(rc, -EBADMSG);
	if (!strstr(err, "qualifiedSigner")) {
		printf("#   \"%s\"\n", err);
		case_failures++;
	}
	rc = forge_quote_pinned(FORGE_NONCE, PIN_SELF, err, sizeof(err));
	CHECK_EQ(rc, -EBADMSG);
}

static void test_verify_forged_quotes(void)
{
	static const struct {
		enum forge f;
		const char *msg;
	} cases[] = {
		{ FORGE_MAGIC, "magic 0xdeadbeef is not TPM_GENERATED_VALUE" },
		{ FORGE_TYPE, "is not TPM_ST_ATTEST_QUOTE" },
		{ FORGE_NONCE, "nonce mismatch" },
		{ FORGE_SELECTION, "selection differs" },
		{ FORGE_DIGEST, "pcrDigest" },
		{ FORGE_OTHER_KEY, "does not verify with the attestation key" },
		{ FORGE_NOT_RESTRICTED, "not a restricted signing key" },
		{ FORGE_SHA1_SIG, "is not SHA-256" },
		{ FORGE_TRAILING, "attestation data does not unmarshal" },
	};
	char err[CORDON_ERR_MAX];

	CHECK_EQ(forge_quote(FORGE_NONE, err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = forge_quote(cases[i].f, err, sizeof(err));

		CHECK_EQ(rc, -EBADMSG);
		if (!strstr(err, cases[i].msg)) {
			printf("#   case %zu: \"%s\" lacks \"%s\"\n", i, err,
			       cases[i].msg);
			case_failures++;
		}
	}
}

static void test_attest_passes(void)
{
	struct result r = attest("--tcti", tcti, "--log",
				 write_log("log", extended, SIZE_MAX),
				 "--manifest", write_manifest(NULL), NULL);

	expect(&r, 0, WANT("attest: PASS"));
	CHECK(r.err[0] == '\0');
	result_free(&r);
}

static void test_attest_rsa_passes(void)
{
	const char *pin = path_in_tmp("ak-rsa.pub");
	struct result r = ctl("attest", "enroll", "--tcti", tcti, "--ak", "rsa",
			      "--handle", "0x8101c07e", "--ak-out", pin, NULL);

	expect(&r, 0, WANT("RSA-2048", "0x8101c07e", "EK: not checked"));
	result_free(&r);
	r = attest("--tcti", tcti, "--ak", pin, "--log",
		   write_log("log", extended, SIZE_MAX),
		   "--manifest", write_manifest(NULL), NULL);
	expect(&r, 0, WANT("attest: PASS"));
	result_free(&r);
	/* enrolled without an EK check: refused where one is required */
	r = attest("--tcti", tcti, "--ak", pin, "--require-ek", "--log",
		   write_log("log", extended, SIZE_MAX),
		   "--manifest", write_manifest(NULL), NULL);
	expect(&r, 5, WANT("enrolled without an EK check"));
	result_free(&r);
}

/* a member of a JSON object by path ("checks", "manifest", "state"...) */
static struct json_object *jget(struct json_object *o, const char *first, ...)
{
	va_list ap;

	va_start(ap, first);
	for (const char *k = first; k && o; k = va_arg(ap, const char *))
		if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	va_end(ap);
	return o;
}

static const char *jstr(struct json_object *o)
{
	return o && json_object_is_type(o, json_type_string) ?
	       json_object_get_string(o) : "(none)";
}

/* attest -j: one JSON document, the same verdict as the text */
static void test_attest_json(void)
{
	struct json_object *o, *banks;
	char line[200], hex[80];
	uint8_t d[32];
	struct result r = attest("-j", "--tcti", tcti, "--log",
				 write_log("log", extended, SIZE_MAX),
				 "--manifest", write_manifest(NULL), NULL);

	CHECK_EQ(r.status, 0);
	o = json_tokener_parse(r.out);
	CHECK(o != NULL);
	if (!o) {
		show(&r);
		result_free(&r);
		return;
	}
	CHECK(json_object_get_boolean(jget(o, "pass", NULL)));
	CHECK_EQ(json_object_get_int(jget(o, "exit_status", NULL)), 0);
	CHECK_EQ(json_object_get_int(jget(o, "log_entries", NULL)),
		 (int)extended);
	CHECK(strcmp(jstr(jget(o, "checks", "manifest", "state", NULL)),
		     "passed") == 0);
	CHECK(strcmp(jstr(jget(o, "checks", "replay", "state", NULL)),
		     "passed") == 0);
	CHECK_EQ(json_object_array_length(jget(o, "failures", NULL)), 0);
	banks = jget(o, "quote", "banks", NULL);
	CHECK(banks && json_object_array_length(banks) == 2);
	CHECK(strlen(jstr(jget(o, "quote", "nonce", NULL))) == 64);
	json_object_put(o);
	result_free(&r);

	/* a refusal: exit status 4, the failure named in the document */
	gen_file_digest("a different runc", d);
	digest_text(hex, d);
	snprintf(line, sizeof(line), "file /usr/bin/runc %s\n", hex);
	r = attest("--json", "--tcti", tcti, "--log",
		   write_log("log", extended, SIZE_MAX), "--manifest",
		   write_text("manifest", line), NULL);
	CHECK_EQ(r.status, 4);
	o = json_tokener_parse(r.out);
	CHECK(o != NULL);
	if (o) {
		struct json_object *f = jget(o, "failures", NULL);

		CHECK(!json_object_get_boolean(jget(o, "pass", NULL)));
		CHECK_EQ(json_object_get_int(jget(o, "exit_status", NULL)), 4);
		CHECK(strcmp(jstr(jget(o, "checks", "manifest", "state",
				       NULL)), "failed") == 0);
		CHECK(f && json_object_array_length(f) == 1);
		if (f && json_object_array_length(f) == 1)
			CHECK(strcmp(jstr(jget(json_object_array_get_idx(f, 0),
					       "check", NULL)),
				     "manifest") == 0);
		json_object_put(o);
	}
	if (case_failures)
		show(&r);
	result_free(&r);
	/* it prints a check's verdict, not evidence */
	r = attest("-j", "--evidence", path_in_tmp("ev.json"), NULL);
	expect(&r, 2, WANT("not with '--evidence'"));
	result_free(&r);
}

static void test_attest_verbose_audit(void)
{
	struct result r = attest("-v", "--tcti", tcti, "--log",
				 write_log("log", extended, SIZE_MAX),
				 "--manifest", write_manifest(NULL), NULL);

	expect(&r, 0, WANT("PCR selection: sha256:0,1,2,3,4,5,6,7,8,9,10 sha1:0,1,2,3,4,5,6,7,10",
			   "nonce: ", "check ak       passed",
			   "check ek       passed", "qualifiedSigner",
			   "(signature verified)",
			   "quote (TPMS_ATTEST): ff544347",
			   "signature (TPMT_SIGNATURE): ",
			   "check quote    passed", "replay PCR 10 sha256: matches",
			   "replay PCR 10 sha1: matches", "0 failing",
			   "attest: PASS"));
	result_free(&r);
}

static void test_attest_log_runs_ahead(void)
{
	char line[200], t[80];
	uint8_t d[32];
	struct result r;

	/* measured after the quote: in the list, not yet in the TPM */
	gen_file_digest("late", d);
	gen_add(&G, 10, "ima-ng", "/usr/bin/late", d, NULL, 0, NULL, 0);
	r = attest("-v", "--tcti", tcti, "--log", write_log("log", G.n, SIZE_MAX),
		   "--manifest", write_manifest(NULL), NULL);
	expect(&r, 0, WANT("runs ahead", "PASS"));
	result_free(&r);

	/* a file the manifest needs, only in the part the quote misses */
	digest_text(t, d);
	snprintf(line, sizeof(line), "file /usr/bin/late %s\n", t);
	r = attest("--tcti", tcti, "--log", write_log("log", G.n, SIZE_MAX),
		   "--manifest", write_manifest(line), NULL);
	expect(&r, 4, WANT("file '/usr/bin/late'", "measured only after the quote"));
	result_free(&r);

	/* now the TPM catches up */
	if (tpm_extend_entries(tcti, &G, extended, G.n) < 0)
		case_failures++;
	extended = G.n;
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", write_manifest(line), NULL);
	expect(&r, 0, WANT("PASS"));
	result_free(&r);
}

/* offset of entry k's template data in a sha1 list of G */
static size_t data_offset(size_t k)
{
	struct bytes b = { 0 };
	size_t off;

	gen_serialize(&G, 0, k, 20, SIZE_MAX, &b);
	off = b.len + 4 + 20 + 4 + strlen(G.e[k].tpl) + 4;
	bytes_free(&b);
	return off;
}

static void test_attest_tampered_entry_refused(void)
{
	const struct gentry *e = find("/usr/bin/runc");
	size_t k = (size_t)(e - G.e);
	struct bytes b = { 0 };
	struct result r;

	/* the file digest changed, the template hash left as it was */
	gen_serialize(&G, 0, extended, 20, SIZE_MAX, &b);
	b.p[data_offset(k) + 4 + 8 + 31] ^= 0x01;
	write_file(path_in_tmp("log"), b.p, b.len);
	bytes_free(&b);
	r = attest("--tcti", tcti, "--log", path_in_tmp("log"), "--manifest",
		   write_manifest(NULL), NULL);
	expect(&r, 3, WANT("'/usr/bin/runc'", "template hash does not match",
			   "no prefix of the IMA log", "REFUSED"));
	result_free(&r);
}

static void test_attest_tampered_entry_rehashed_refused(void)
{
	const struct gentry *e = find("/usr/bin/runc");
	struct gentry *w = &G.e[e - G.e];
	struct result r;

	/* the attacker recomputes the template hash too: replay fails */
	w->data[4 + 8 + 31] ^= 0x01;
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", write_manifest(NULL), NULL);
	w->data[4 + 8 + 31] ^= 0x01;
	expect(&r, 3, WANT("PCR 10 (sha256 bank): no prefix of the IMA log",
			   "expected ", "seen "));
	CHECK(strstr(r.err, "template hash does not match") == NULL);
	result_free(&r);
}

static void test_attest_missing_entry_refused(void)
{
	const struct gentry *e = find("/usr/bin/crun");
	struct result r;

	r = attest("--tcti", tcti, "--log",
		   write_log("log", extended, (size_t)(e - G.e)),
		   "--manifest", write_manifest(NULL), NULL);
	expect(&r, 3, WANT("no prefix of the IMA log", "REFUSED"));
	result_free(&r);
}

static void test_attest_wrong_digest_refused(void)
{
	char line[200], want_exp[80], want_seen[80], e1[100], e2[100];
	uint8_t d[32];
	struct result r;

	/* the manifest pins a digest the measured runc does not have */
	gen_file_digest("a different runc", d);
	digest_text(want_exp, d);
	digest_text(want_seen, find("/usr/bin/runc")->file_sha256);
	snprintf(line, sizeof(line), "file /usr/bin/runc %s\n", want_exp);
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", write_text("manifest", line), NULL);
	snprintf(e1, sizeof(e1), "expected %s", want_exp);
	snprintf(e2, sizeof(e2), "seen %s", want_seen);
	expect(&r, 4, WANT("file '/usr/bin/runc'", e1, e2, "manifest line 1",
			   "REFUSED (1 failure, exit status 4)"));
	result_free(&r);
}

static void test_attest_forbidden_file_refused(void)
{
	struct result r;

	measure("/tmp/exploit");
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", write_manifest(NULL), NULL);
	expect(&r, 4, WANT("forbid '/tmp/*'", "'/tmp/exploit' measured at log entry",
			   "absent from the log"));
	result_free(&r);
}

static void test_attest_missing_file_refused(void)
{
	struct result r;

	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest",
		   write_text("manifest",
			      "file /usr/bin/podman sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"),
		   NULL);
	expect(&r, 4, WANT("file '/usr/bin/podman'", "not measured"));
	result_free(&r);
}

static void test_attest_every_failure_named(void)
{
	struct result r;

	/* /tmp/exploit is measured by now (forbid), podman is not, PCR 16
	 * is zero: three failures, each named */
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest",
		   write_manifest("file /usr/bin/podman sha1:0011223344556677889900112233445566778899\n"
				  "pcr 16 sha256:0000000000000000000000000000000000000000000000000000000000000001\n"),
		   NULL);
	expect(&r, 4, WANT("forbid '/tmp/*'", "file '/usr/bin/podman'",
			   "pcr 16 (sha256 bank)", "REFUSED (3 failures"));
	result_free(&r);
}

static void test_attest_pcr_pin(void)
{
	struct result r;

	/* PCR 16 is resettable, zero on a fresh TPM; pin it wrong then right */
	write_text("manifest", "pcr 16 sha1:1111111111111111111111111111111111111111\n");
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", path_in_tmp("manifest"), NULL);
	expect(&r, 4, WANT("pcr 16 (sha1 bank): expected sha1:1111111111111111111111111111111111111111, seen sha1:0000000000000000000000000000000000000000"));
	result_free(&r);
	write_text("manifest", "pcr 16 sha1:0000000000000000000000000000000000000000\n");
	r = attest("-v", "--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", path_in_tmp("manifest"), NULL);
	expect(&r, 0, WANT("sha1:0,1,2,3,4,5,6,7,10,16", "PASS"));
	result_free(&r);
}

static void test_attest_boot_aggregate_refused(void)
{
	struct result r;

	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest",
		   write_text("manifest",
			      "boot_aggregate sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\n"),
		   NULL);
	expect(&r, 4, WANT("boot_aggregate: expected sha256:ffff", "at log entry 0"));
	result_free(&r);
}

static void test_attest_no_tpm_refused(void)
{
	struct result r = attest("--tcti", bad_tcti, "--log",
				 write_log("log", extended, SIZE_MAX),
				 "--manifest", write_manifest(NULL), NULL);

	expect(&r, 6, WANT("no TPM reachable", bad_tcti));
	result_free(&r);
}

static void test_attest_malformed_log_refused(void)
{
	struct bytes b = { 0 };
	struct result r;

	gen_serialize(&G, 0, extended, 20, SIZE_MAX, &b);
	write_file(path_in_tmp("log"), b.p, b.len - 3);
	bytes_free(&b);
	r = attest("--tcti", tcti, "--log", path_in_tmp("log"), "--manifest",
		   write_manifest(NULL), NULL);
	expect(&r, 3, WANT("IMA log", "truncated"));
	result_free(&r);
}

static void test_attest_bad_manifest(void)
{
	struct result r;
	char want[600];

	write_text("manifest", "# ok\nfile /usr/bin/runc sha256:abc\n");
	snprintf(want, sizeof(want), "%s:2:27: a sha256 digest has 64 hex digits, not 3",
		 path_in_tmp("manifest"));
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", path_in_tmp("manifest"), NULL);
	expect(&r, 4, WANT(want));
	result_free(&r);
}

static void test_attest_missing_log(void)
{
	struct result r = attest("--tcti", tcti, "--log", path_in_tmp("nonexistent"),
				 "--manifest", write_manifest(NULL), NULL);

	expect(&r, 1, WANT("No such file"));
	result_free(&r);
}

static void test_attest_usage(void)
{
	struct result r = attest("--log-hash", "md5", NULL);

	expect(&r, 2, WANT("unknown hash"));
	result_free(&r);
	r = attest("--policy", "x", NULL);
	expect(&r, 2, WANT("'--policy' goes with '--evidence'"));
	result_free(&r);
	r = ctl("attest", "enroll", "--ak", "dsa", NULL);
	expect(&r, 2, WANT("unknown key type"));
	result_free(&r);
	r = ctl("verify", "--evidence", "x", "--ak", akpath, NULL);
	expect(&r, 2, WANT("missing '--key KEY'"));
	result_free(&r);
	r = attest("--help", NULL);
	expect(&r, 0, WANT("Exit status:", "--tcti CONF"));
	result_free(&r);
}

/* Enrollment: the EK certificate chain and the credential, both ways. */
static void test_enroll_ek_checked(void)
{
	struct cordon_ak ak;
	char err[CORDON_ERR_MAX];
	struct result r;

	/* the key enrolled at the start is there: reused, checked again */
	r = ctl("attest", "enroll", "--tcti", tcti, "--ek-ca", ek_ca,
		"--ak-out", akpath, NULL);
	expect(&r, 0, WANT("(already there)", "credential activated",
			   "issued by /CN=swtpm-localca"));
	result_free(&r);
	CHECK_EQ(cordon_ak_read(akpath, &ak, err, sizeof(err)), 0);
	CHECK(ak.ek_verified && ak.ek_cert && ak.ek_index == 0x01c00002);
	CHECK_EQ(ak.handle, CORDON_AK_HANDLE);
	cordon_ak_free(&ak);
	/* another vendor's CA: the chain is refused, nothing is pinned */
	r = ctl("attest", "enroll", "--tcti", tcti, "--ek-ca", other_ek_ca,
		"--ak-out", path_in_tmp("ak-x.pub"), NULL);
	expect(&r, 7, WANT("does not chain to"));
	CHECK(access(path_in_tmp("ak-x.pub"), F_OK) < 0);
	result_free(&r);
	/* another key at the handle is not replaced silently */
	r = ctl("attest", "enroll", "--tcti", tcti, "--ak", "rsa",
		"--ak-out", path_in_tmp("ak-x.pub"), NULL);
	expect(&r, 1, WANT("holds another key"));
	result_free(&r);
}

static void test_enroll_pinned_file_checked(void)
{
	struct cordon_ak ak;
	char err[CORDON_ERR_MAX], *text = slurp(akpath), *p;

	/* a pinned name that is not the public part's is refused */
	p = strstr(text, "\"name\":\"000b");
	CHECK(p != NULL);
	if (p) {
		p[12] = p[12] == '0' ? '1' : '0';
		CHECK_EQ(cordon_ak_parse(text, strlen(text), &ak, err,
					 sizeof(err)), -EBADMSG);
		CHECK(strstr(err, "\"name\" is not the name of \"public\"") != NULL);
	}
	free(text);
}

/* The second TPM answers with its own enrolled key: refused. */
static void test_attest_other_tpm_refused(void)
{
	const char *pin = path_in_tmp("ak-other.pub");
	struct result r;

	r = ctl("attest", "enroll", "--tcti", other_tcti, "--ek-ca",
		other_ek_ca, "--ak-out", pin, NULL);
	expect(&r, 0, WANT("credential activated"));
	result_free(&r);
	r = attest("--tcti", other_tcti, "--log",
		   write_log("log", extended, SIZE_MAX),
		   "--manifest", write_manifest(NULL), NULL);
	expect(&r, 5, WANT("not the enrolled attestation key",
			   "REFUSED (1 failure, exit status 5)"));
	result_free(&r);
}

static void test_attest_needs_enrolled_key(void)
{
	struct result r = attest("--tcti", tcti, "--ak", path_in_tmp("none.pub"),
				 "--log", write_log("log", extended, SIZE_MAX),
				 "--manifest", write_manifest(NULL), NULL);

	expect(&r, 1, WANT("enroll one with 'cordonctl attest enroll'"));
	result_free(&r);
}

/*
 * A Keylime runtime policy (JSON, signed like a manifest) through the
 * CLI: listed files pass, an unlisted one is refused by name, and the
 * base log's violation is refused (Keylime's format cannot allow it).
 */
static void test_attest_keylime_allowlist(void)
{
	char *json = NULL, d[80];
	size_t n = 0;
	FILE *f = open_memstream(&json, &n);
	const char *sep = "", *p;
	struct result r;

	fprintf(f, "{\"meta\": {\"version\": 1, \"generator\": 0},\n"
		   " \"digests\": {");
	for (size_t i = 0; i < extended; i++) {
		const struct gentry *e = &G.e[i];

		if (e->violation || strcmp(e->tpl, "ima") == 0 ||
		    strcmp(e->tpl, "ima-buf") == 0 ||
		    strcmp(e->name, "boot_aggregate") == 0 ||
		    strcmp(e->name, "/usr/bin/bash") == 0)
			continue;
		hex(d, e->file_sha256, 32);
		fprintf(f, "%s\n  \"%s\": [\"%s\"]", sep, e->name, d);
		sep = ",";
	}
	hex(d, find("cordon-policy")->file_sha256, 32);
	fprintf(f, "},\n \"ima-buf\": {\"cordon-policy\": [\"%s\"]},\n"
		   " \"excludes\": [\"/usr/bin/leg[a-z]+$\"],\n"
		   " \"keyrings\": {}, \"ima\": {\"ignored_keyrings\": [],"
		   " \"log_hash_alg\": \"sha1\", \"dm_policy\": null},\n"
		   " \"verification-keys\": \"\"}\n", d);
	fclose(f);
	p = path_in_tmp("runtime-policy.json");
	if (write_file(p, json, strlen(json)) < 0)
		case_failures++;
	sign_file(p, mkey, mcert);
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", p, NULL);
	expect(&r, 4, WANT("allowlist: '/usr/bin/bash'", "not in the allowlist",
			   "violation '/var/log/opened-for-write'"));
	CHECK(strstr(r.err, "'/usr/bin/runc'") == NULL);
	CHECK(strstr(r.err, "'/usr/bin/legacy'") == NULL);
	CHECK(strstr(r.err, "boot_aggregate") == NULL);
	result_free(&r);
	/* changed after signing: refused before it is read */
	f = fopen(p, "a");
	if (f) {
		fputs("\n", f);
		fclose(f);
	}
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", p, NULL);
	expect(&r, 4, WANT("refused"));
	CHECK(strstr(r.err, "not in the allowlist") == NULL);
	result_free(&r);
	free(json);
}

static void test_attest_manifest_fail_closed(void)
{
	const char *m = write_manifest(NULL);
	char sig[600];
	struct result r;

	/* signed by someone else */
	sign_file(m, vkey, vcert);
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", m, NULL);
	expect(&r, 4, WANT("refused: "));
	result_free(&r);
	/* unsigned */
	snprintf(sig, sizeof(sig), "%s.p7s", m);
	unlink(sig);
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", m, NULL);
	expect(&r, 4, WANT("no signature", "refused"));
	result_free(&r);
	/* tampered after signing */
	m = write_manifest(NULL);
	{
		FILE *f = fopen(m, "a");

		if (f) {
			fputs("# an extra line\n", f);
			fclose(f);
		}
	}
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", m, NULL);
	expect(&r, 4, WANT("refused: "));
	result_free(&r);
	/* absent: refused, unless allowed explicitly; then the log's
	 * violation is refused still, and boot_aggregate recomputed */
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", path_in_tmp("absent"), NULL);
	expect(&r, 4, WANT("no manifest: refused"));
	result_free(&r);
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", path_in_tmp("absent"), "--allow-no-manifest",
		   NULL);
	expect(&r, 4, WANT("violation"));
	result_free(&r);
}

#define CHALLENGE_HEX \
	"c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc"

/* target: attest --evidence; verifier: verify; a ticket only if it passes */
static void test_remote_verifier_ticket(void)
{
	char blob[512], ev[512], ticket[512];
	struct cordon_ticket_info info;
	unsigned char *t = NULL, *sig = NULL;
	size_t tlen = 0, siglen = 0;
	uint8_t digest[32], ch[32];
	char err[CORDON_ERR_MAX], sp[600];
	struct result r;

	snprintf(blob, sizeof(blob), "%s", write_text("policy.bin", "a policy blob\n"));
	snprintf(ev, sizeof(ev), "%s", path_in_tmp("evidence.json"));
	snprintf(ticket, sizeof(ticket), "%s", path_in_tmp("ticket"));
	unlink(ticket);
	r = ctl("attest", "--tcti", tcti, "--ak", akpath, "--log",
		write_log("log", extended, SIZE_MAX), "--evidence", ev,
		"--policy", blob, "--challenge", CHALLENGE_HEX, NULL);
	expect(&r, 0, WANT("evidence written", "EK certificate", "policy digest"));
	result_free(&r);
	r = ctl("verify", "--evidence", ev, "--ak", akpath, "--manifest",
		write_manifest(NULL), "--manifest-cert", mcert, "--key", vkey,
		"--cert", vcert, "-o", ticket, NULL);
	expect(&r, 0, WANT("attest: PASS", "flags manifest ek"));
	result_free(&r);

	snprintf(sp, sizeof(sp), "%s.p7s", ticket);
	CHECK_EQ(cordon_sign_read_file(ticket, 4096, &t, &tlen, err, sizeof(err)), 0);
	CHECK_EQ(cordon_sign_read_file(sp, 4096, &sig, &siglen, err, sizeof(err)), 0);
	CHECK_EQ(tlen, 128);
	if (t && tlen == 128) {
		CHECK_EQ(cordon_ticket_decode(t, tlen, &info, err, sizeof(err)), 0);
		cordon_ticket_hex(CHALLENGE_HEX, ch, 32);
		CHECK(memcmp(info.challenge, ch, 32) == 0);
		cordon_ticket_sha256("a policy blob\n", 14, digest);
		CHECK(memcmp(info.policy_digest, digest, 32) == 0);
		CHECK_EQ(info.flags, CORDON_TICKET_F_MANIFEST | CORDON_TICKET_F_EK);
		/* signed by the verifier key, and by no other */
		CHECK_EQ(cordon_sign_verify(t, tlen, sig, siglen, vcert, NULL,
					    err, sizeof(err)), 0);
		CHECK_EQ(cordon_sign_verify(t, tlen, sig, siglen, mcert, NULL,
					    err, sizeof(err)), -EKEYREJECTED);
	}
	free(t);
	free(sig);

	/* the verifier checks the pinned key's EK certificate with its own
	 * CA bundle: the right vendor passes, another is refused */
	unlink(ticket);
	r = ctl("verify", "--evidence", ev, "--ak", akpath, "--manifest",
		write_manifest(NULL), "--manifest-cert", mcert, "--ek-ca", ek_ca,
		"--key", vkey, "--cert", vcert, "-o", ticket, "-v", NULL);
	expect(&r, 0, WANT("chains to the verifier's CA", "flags manifest ek"));
	result_free(&r);
	unlink(ticket);
	r = ctl("verify", "--evidence", ev, "--ak", akpath, "--manifest",
		write_manifest(NULL), "--manifest-cert", mcert, "--ek-ca",
		other_ek_ca, "--key", vkey, "--cert", vcert, "-o", ticket, NULL);
	expect(&r, 5, WANT("pinned key's EK", "does not chain", "no ticket written"));
	CHECK(access(ticket, F_OK) < 0);
	result_free(&r);

	/* an unsigned manifest, when allowed: a ticket without the flag */
	{
		char m[512], msig[600];

		snprintf(m, sizeof(m), "%s", write_manifest(NULL));
		snprintf(msig, sizeof(msig), "%s.p7s", m);
		unlink(msig);
		unlink(ticket);
		r = ctl("verify", "--evidence", ev, "--ak", akpath,
			"--manifest", m, "--allow-no-manifest", "--key", vkey,
			"--cert", vcert, "-o", ticket, NULL);
		expect(&r, 0, WANT("UNSIGNED, allowed", "flags ek"));
		result_free(&r);
	}
}

/* A generated policy of @version, compiled, written to @path; 0 or -1. */
static int write_policy(const char *path, uint64_t version)
{
	struct cordon_policy_gen pg = { .profiles = 1, .version = version };
	struct cordon_blob blob = { 0 };
	struct cordon_diags diags;
	char *text = NULL;
	size_t tlen = 0;
	int rc = -1;

	cordon_diags_init(&diags);
	if (cordon_policy_generate(&pg, &text, &tlen) == 0 &&
	    cordon_policy_compile_string(text, &blob, &diags) == 0)
		rc = write_file(path, blob.data, blob.len);
	free(text);
	cordon_blob_free(&blob);
	cordon_diags_free(&diags);
	return rc;
}

/* verify --policy: the evidence must name that very (well-formed) blob. */
static void test_remote_verifier_policy(void)
{
	char pol[512], other[512], ev[512], ticket[512];
	struct result r;

	snprintf(pol, sizeof(pol), "%s", path_in_tmp("gen5.bin"));
	snprintf(other, sizeof(other), "%s", path_in_tmp("gen6.bin"));
	snprintf(ev, sizeof(ev), "%s", path_in_tmp("evidence-pol.json"));
	snprintf(ticket, sizeof(ticket), "%s", path_in_tmp("ticket"));
	CHECK_EQ(write_policy(pol, 5), 0);
	CHECK_EQ(write_policy(other, 6), 0);
	r = ctl("attest", "--tcti", tcti, "--ak", akpath, "--log",
		write_log("log", extended, SIZE_MAX), "--evidence", ev,
		"--policy", pol, "--challenge", CHALLENGE_HEX, NULL);
	expect(&r, 0, WANT("evidence written"));
	result_free(&r);
	unlink(ticket);
	r = ctl("verify", "--evidence", ev, "--ak", akpath, "--manifest",
		write_manifest(NULL), "--manifest-cert", mcert, "--policy", pol,
		"--key", vkey, "--cert", vcert, "-o", ticket, NULL);
	expect(&r, 0, WANT("flags manifest ek"));
	result_free(&r);
	/* a valid policy, but not the one the evidence names */
	unlink(ticket);
	r = ctl("verify", "--evidence", ev, "--ak", akpath, "--manifest",
		write_manifest(NULL), "--manifest-cert", mcert, "--policy",
		other, "--key", vkey, "--cert", vcert, "-o", ticket, NULL);
	expect(&r, 1, WANT("the evidence is for another policy"));
	CHECK(access(ticket, F_OK) < 0);
	result_free(&r);
	/* not a policy at all */
	write_file(other, "a policy blob\n", 14);
	r = ctl("verify", "--evidence", ev, "--ak", akpath, "--manifest",
		write_manifest(NULL), "--manifest-cert", mcert, "--policy",
		other, "--key", vkey, "--cert", vcert, "-o", ticket, NULL);
	expect(&r, 1, WANT(other));
	CHECK(access(ticket, F_OK) < 0);
	result_free(&r);
}

/* Each refusal writes no ticket. */
static void verify_refused(const char *ev, const char *pin, const char *m,
			   const char *challenge, int status, const char *why)
{
	char ticket[512];
	const char *argv[32] = { cordonctl, "verify", "--evidence", ev, "--ak",
				 pin, "--manifest", m, "--manifest-cert", mcert,
				 "--key", vkey, "--cert", vcert, "-o", ticket };
	struct result r;
	int n = 16;

	snprintf(ticket, sizeof(ticket), "%s", path_in_tmp("ticket"));
	argv[15] = ticket;
	if (challenge) {
		argv[n++] = "--challenge";
		argv[n++] = challenge;
	}
	argv[n] = NULL;
	unlink(ticket);
	r = run_argv(argv);
	expect(&r, status, WANT(why, "no ticket written"));
	CHECK(access(ticket, F_OK) < 0);
	result_free(&r);
}

static void test_remote_verifier_refusals(void)
{
	char blob[512], ev[512], bad[512], other[512];
	const struct gentry *e = find("/usr/bin/runc");
	struct gentry *w = &G.e[e - G.e];
	char line[200], d[80];
	uint8_t dig[32];
	struct result r;

	snprintf(blob, sizeof(blob), "%s", write_text("policy.bin", "a policy blob\n"));
	snprintf(ev, sizeof(ev), "%s", path_in_tmp("evidence.json"));
	snprintf(bad, sizeof(bad), "%s", path_in_tmp("evidence-bad.json"));
	snprintf(other, sizeof(other), "%s", path_in_tmp("ak-other.pub"));
	r = ctl("attest", "--tcti", tcti, "--ak", akpath, "--log",
		write_log("log", extended, SIZE_MAX), "--evidence", ev,
		"--policy", blob, "--challenge", CHALLENGE_HEX, NULL);
	expect(&r, 0, WANT("evidence written"));
	result_free(&r);

	/* the verifier pins the other TPM's key */
	verify_refused(ev, other, write_manifest(NULL),
		       NULL, 5, "not the enrolled attestation key");
	/* the kernel asked for another challenge */
	verify_refused(ev, akpath, write_manifest(NULL),
		       "ffffee00112233445566778899aabbccddeeff00112233445566778899aabbcc",
		       5, "nonce mismatch");
	/* the manifest pins another runc */
	gen_file_digest("a different runc", dig);
	digest_text(d, dig);
	snprintf(line, sizeof(line), "file /usr/bin/runc %s\n", d);
	verify_refused(ev, akpath, write_text("manifest", line), NULL, 4,
		       "file '/usr/bin/runc'");

	/* the log in the evidence was edited, template hash recomputed */
	w->data[4 + 8 + 31] ^= 0x01;
	r = ctl("attest", "--tcti", tcti, "--ak", akpath, "--log",
		write_log("log", extended, SIZE_MAX), "--evidence", bad,
		"--policy", blob, "--challenge", CHALLENGE_HEX, NULL);
	w->data[4 + 8 + 31] ^= 0x01;
	expect(&r, 0, WANT("evidence written"));
	result_free(&r);
	verify_refused(bad, akpath, write_manifest(NULL), NULL, 3,
		       "no prefix of the IMA log");

	/* evidence from the other TPM, with its own key */
	r = ctl("attest", "--tcti", other_tcti, "--ak", other, "--log",
		write_log("log", extended, SIZE_MAX), "--evidence", bad,
		"--policy", blob, "--challenge", CHALLENGE_HEX, NULL);
	expect(&r, 0, WANT("evidence written"));
	result_free(&r);
	verify_refused(bad, akpath, write_manifest(NULL), NULL, 5,
		       "not the enrolled attestation key");

	/* evidence that does not parse */
	write_text("evidence-bad.json", "{\"format\":1}");
	r = ctl("verify", "--evidence", bad, "--ak", akpath,
		"--allow-no-manifest", "--key", vkey, "--cert", vcert, "-o",
		path_in_tmp("ticket"), NULL);
	expect(&r, 1, WANT("\"challenge\" is not 32 bytes of hex"));
	result_free(&r);

	/* evidence collected without --policy: no ticket */
	r = ctl("attest", "--tcti", tcti, "--ak", akpath, "--log",
		write_log("log", extended, SIZE_MAX), "--evidence", bad,
		"--challenge", CHALLENGE_HEX, NULL);
	result_free(&r);
	r = ctl("verify", "--evidence", bad, "--ak", akpath, "--manifest",
		write_manifest(NULL), "--manifest-cert", mcert, "--key", vkey,
		"--cert", vcert, "-o", path_in_tmp("ticket"), NULL);
	expect(&r, 1, WANT("names no policy"));
	result_free(&r);
}

/* The remote verifier's credential exchange: only the enrolled TPM answers. */
static void test_remote_credential_exchange(void)
{
	char cred[512], secret[80], other[512];
	struct result r;
	size_t n;

	snprintf(cred, sizeof(cred), "%s", path_in_tmp("cred.json"));
	snprintf(other, sizeof(other), "%s", path_in_tmp("ak-other.pub"));
	/* the verifier's CA must be the EK's */
	r = ctl("verify", "credential", akpath, "--ek-ca", other_ek_ca, "-o",
		cred, NULL);
	expect(&r, 5, WANT("does not chain"));
	result_free(&r);
	r = ctl("verify", "credential", akpath, "--ek-ca", ek_ca, "-o", cred,
		NULL);
	expect(&r, 0, WANT("keep it here"));
	result_free(&r);
	/* the enrolled TPM activates it */
	r = ctl("attest", "activate", cred, "--tcti", tcti, NULL);
	expect(&r, 0, NULL);
	n = strspn(r.out, "0123456789abcdef");
	CHECK_EQ(n, 64);
	snprintf(secret, sizeof(secret), "%.64s", r.out);
	result_free(&r);
	r = ctl("verify", "check-credential", cred, "--secret", secret, NULL);
	expect(&r, 0, WANT("credential activated"));
	result_free(&r);
	/* another secret is refused */
	secret[0] = secret[0] == '0' ? '1' : '0';
	r = ctl("verify", "check-credential", cred, "--secret", secret, NULL);
	expect(&r, 5, WANT("does not live in that TPM"));
	result_free(&r);
	/* the other TPM (its own key at the handle, its own EK) cannot */
	r = ctl("attest", "activate", cred, "--tcti", other_tcti, NULL);
	expect(&r, 7, WANT("TPM2_ActivateCredential refused"));
	CHECK(strspn(r.out, "0123456789abcdef") < 64);
	result_free(&r);
	/* nor can the right TPM for another key's credential */
	r = ctl("verify", "credential", other, "--ek-ca", other_ek_ca, "-o",
		cred, NULL);
	expect(&r, 0, NULL);
	result_free(&r);
	r = ctl("attest", "activate", cred, "--tcti", tcti, NULL);
	expect(&r, 7, WANT("refused"));
	result_free(&r);
}

/* The anti-rollback floor in a TPM NV counter: it only goes up. */
static void test_nv_counter(void)
{
	const uint32_t idx = 0x0100c07e;
	char err[CORDON_ERR_MAX];
	uint64_t v = 99;

	CHECK_EQ(cordon_tpm_counter_read(tcti, idx, &v, err, sizeof(err)), -ENOENT);
	CHECK_EQ(cordon_tpm_counter_advance(tcti, idx, 3, &v, err, sizeof(err)), 0);
	CHECK_EQ(v, 3);
	v = 0;
	CHECK_EQ(cordon_tpm_counter_read(tcti, idx, &v, err, sizeof(err)), 0);
	CHECK_EQ(v, 3);
	/* never back */
	CHECK_EQ(cordon_tpm_counter_advance(tcti, idx, 2, &v, err, sizeof(err)), 0);
	CHECK_EQ(v, 3);
	CHECK_EQ(cordon_tpm_counter_advance(tcti, idx, 3 + CORDON_NV_COUNTER_MAX_STEP + 1,
					    &v, err, sizeof(err)), -E2BIG);
	CHECK_EQ(cordon_tpm_counter_advance(tcti, idx, 7, &v, err, sizeof(err)), 0);
	CHECK_EQ(v, 7);
	CHECK_EQ(cordon_tpm_counter_read(tcti, idx, &v, err, sizeof(err)), 0);
	CHECK_EQ(v, 7);
	/* an index that is not a counter (the EK certificate) */
	CHECK_EQ(cordon_tpm_counter_read(tcti, CORDON_EK_CERT_NV_RSA, &v, err,
					 sizeof(err)), -EEXIST);
	CHECK(strstr(err, "not an owner-written counter") != NULL);
}

/* The local verifier key sealed under PolicyPCR: unusable once a PCR moves. */
static void test_sealed_verifier_key(void)
{
	char sealed[512], err[CORDON_ERR_MAX];
	static const char data[] = "a ticket";
	unsigned char *sig = NULL;
	size_t siglen = 0;
	EVP_PKEY *k = NULL;
	uint8_t s1[20], s256[32];
	struct result r;

	snprintf(sealed, sizeof(sealed), "%s", path_in_tmp("verifier.sealed"));
	r = ctl("attest", "seal-key", "--tcti", tcti, "--key", vkey,
		"--pcrs", "23", "-o", sealed, NULL);
	expect(&r, 0, WANT("sealed", "PolicyPCR"));
	result_free(&r);
	CHECK_EQ(cordon_tpm_unseal_key(tcti, sealed, &k, err, sizeof(err)), 0);
	if (k) {
		CHECK_EQ(cordon_sign_buf_key(data, sizeof(data), k, vcert, &sig,
					     &siglen, err, sizeof(err)), 0);
		CHECK_EQ(cordon_sign_verify(data, sizeof(data), sig, siglen,
					    vcert, NULL, err, sizeof(err)), 0);
		/* the unsealed key is the verifier's, not the manifest's */
		free(sig);
		sig = NULL;
		CHECK_EQ(cordon_sign_buf_key(data, sizeof(data), k, mcert, &sig,
					     &siglen, err, sizeof(err)),
			 -EKEYREJECTED);
		EVP_PKEY_free(k);
		k = NULL;
	}
	free(sig);
	/* booted differently: PCR 23 moves, the TPM refuses to unseal */
	memset(s1, 0x17, sizeof(s1));
	memset(s256, 0x17, sizeof(s256));
	CHECK_EQ(tpm_extend(tcti, 23, s1, s256), 0);
	CHECK_EQ(cordon_tpm_unseal_key(tcti, sealed, &k, err, sizeof(err)),
		 -EKEYREJECTED);
	CHECK(strstr(err, "differ from when it was sealed") != NULL);
	EVP_PKEY_free(k);
	r = ctl("attest", "seal-key", "--tcti", tcti, "--key", vkey,
		"--pcrs", "24", "-o", sealed, NULL);
	expect(&r, 2, WANT("'--pcrs' needs PCR indices"));
	result_free(&r);
	r = ctl("attest", "seal-key", "--tcti", tcti, "--key", vcert, "-o",
		sealed, NULL);
	expect(&r, 1, WANT("not an ECC P-256 private key"));
	result_free(&r);
}

/* last: it leaves PCR 10 where no list can reach */
static void test_attest_pcr_extended_behind_ima_refused(void)
{
	uint8_t s1[20], s256[32];
	struct result r;

	memset(s1, 0x42, sizeof(s1));
	memset(s256, 0x42, sizeof(s256));
	if (tpm_extend(tcti, 10, s1, s256) < 0)
		case_failures++;
	r = attest("--tcti", tcti, "--log", write_log("log", extended, SIZE_MAX),
		   "--manifest", write_manifest(NULL), NULL);
	expect(&r, 3, WANT("PCR 10 (sha256 bank): no prefix of the IMA log"));
	result_free(&r);
}

static int run_tests(void)
{
	add_base_entries();
	if (tpm_extend_entries(tcti, &G, 0, G.n) < 0) {
		printf("# cannot extend the TPM through %s\n", tcti);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	extended = G.n;
	snprintf(akpath, sizeof(akpath), "%s/ak.pub", tmpdir);
	{
		struct result r = ctl("attest", "enroll", "--tcti", tcti,
				      "--ek-ca", ek_ca, "--ak-out", akpath,
				      NULL);

		if (r.status != 0) {
			show(&r);
			printf("# cannot enroll the attestation key\n");
			printf("0 passed, 1 failed\n");
			return 1;
		}
		result_free(&r);
	}

	RUN(test_enroll_ek_checked);
	RUN(test_enroll_pinned_file_checked);
	RUN(test_replay_equals_tpm);
	RUN(test_replay_sha256_list);
	RUN(test_quote_verifies_ecc);
	RUN(test_quote_verifies_rsa);
	RUN(test_quote_wrong_nonce_refused);
	RUN(test_quote_forged_attest_refused);
	RUN(test_quote_pcr_value_refused);
	RUN(test_quote_selection_refused);
	RUN(test_verify_forged_quotes);
	RUN(test_verify_software_key_refused);
	RUN(test_attest_passes);
	RUN(test_attest_rsa_passes);
	RUN(test_attest_verbose_audit);
	RUN(test_attest_json);
	RUN(test_attest_other_tpm_refused);
	RUN(test_attest_needs_enrolled_key);
	RUN(test_attest_manifest_fail_closed);
	RUN(test_attest_keylime_allowlist);
	RUN(test_remote_verifier_ticket);
	RUN(test_remote_verifier_refusals);
	RUN(test_remote_verifier_policy);
	RUN(test_remote_credential_exchange);
	RUN(test_nv_counter);
	RUN(test_sealed_verifier_key);
	RUN(test_attest_log_runs_ahead);
	RUN(test_attest_tampered_entry_refused);
	RUN(test_attest_tampered_entry_rehashed_refused);
	RUN(test_attest_missing_entry_refused);
	RUN(test_attest_wrong_digest_refused);
	RUN(test_attest_forbidden_file_refused);
	RUN(test_attest_missing_file_refused);
	RUN(test_attest_every_failure_named);
	RUN(test_attest_pcr_pin);
	RUN(test_attest_boot_aggregate_refused);
	RUN(test_attest_no_tpm_refused);
	RUN(test_attest_malformed_log_refused);
	RUN(test_attest_bad_manifest);
	RUN(test_attest_missing_log);
	RUN(test_attest_usage);
	RUN(test_attest_pcr_extended_behind_ima_refused);

	gen_free(&G);
	printf("%d passed, %d failed\n", passed, failed);
	return failed || !passed;
}

/* gen mode, for tests/bench/attest-bench */
static int run_gen(size_t n, const char *logpath, const char *mpath)
{
	struct bytes b = { 0 };
	char *m = NULL, d[80];
	size_t mlen = 0;
	FILE *mf = open_memstream(&m, &mlen);
	uint8_t dig[32];

	boot_aggregate(dig);
	gen_add(&G, 10, "ima-ng", "boot_aggregate", dig, NULL, 0, NULL, 0);
	digest_text(d, dig);
	fprintf(mf, "boot_aggregate %s\nforbid /tmp/*\nforbid /dev/shm/*\n", d);
	for (size_t i = 1; i < n; i++) {
		char name[64];

		snprintf(name, sizeof(name), "/usr/lib/bench/file-%05zu", i);
		gen_file_digest(name, dig);
		gen_add(&G, 10, i % 10 == 0 ? "ima-sig" : "ima-ng", name, dig,
			(const uint8_t *)"\x03\x02sig", i % 10 == 0 ? 5 : 0,
			NULL, 0);
		if (i % 500 == 0) {
			digest_text(d, dig);
			fprintf(mf, "file %s %s\n", name, d);
		}
	}
	fclose(mf);
	gen_serialize(&G, 0, G.n, 20, SIZE_MAX, &b);
	if (write_file(logpath, b.p, b.len) < 0 ||
	    write_file(mpath, m, strlen(m)) < 0 ||
	    tpm_extend_entries(tcti, &G, 0, G.n) < 0)
		return 1;
	bytes_free(&b);
	free(m);
	gen_free(&G);
	return 0;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "tcti", required_argument, NULL, 't' },
		{ "bad-tcti", required_argument, NULL, 'b' },
		{ "cordonctl", required_argument, NULL, 'c' },
		{ "tmp", required_argument, NULL, 'd' },
		{ "entries", required_argument, NULL, 'n' },
		{ "log", required_argument, NULL, 'l' },
		{ "manifest", required_argument, NULL, 'm' },
		{ "pcr", required_argument, NULL, 'p' },
		{ "other-tcti", required_argument, NULL, 'O' },
		{ "ek-ca", required_argument, NULL, 'E' },
		{ "other-ek-ca", required_argument, NULL, 'F' },
		{ "manifest-key", required_argument, NULL, 'K' },
		{ "manifest-cert", required_argument, NULL, 'C' },
		{ "verifier-key", required_argument, NULL, 'k' },
		{ "verifier-cert", required_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *logpath = NULL, *mpath = NULL;
	bool gen = argc > 1 && strcmp(argv[1], "gen") == 0;
	bool ext = argc > 1 && strcmp(argv[1], "extend") == 0;
	unsigned long pcr = 10;
	size_t n = 10000;
	int c;

	if (gen || ext)
		optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': tcti = optarg; break;
		case 'b': bad_tcti = optarg; break;
		case 'c': cordonctl = optarg; break;
		case 'd': tmpdir = optarg; break;
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 'l': logpath = optarg; break;
		case 'm': mpath = optarg; break;
		case 'p': pcr = strtoul(optarg, NULL, 10); break;
		case 'O': other_tcti = optarg; break;
		case 'E': ek_ca = optarg; break;
		case 'F': other_ek_ca = optarg; break;
		case 'K': mkey = optarg; break;
		case 'C': mcert = optarg; break;
		case 'k': vkey = optarg; break;
		case 'V': vcert = optarg; break;
		default:
			fprintf(stderr, "usage: see the top of attest_test.c\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	setenv("TSS2_LOG", "all+NONE", 0);
	if (ext) {
		uint8_t s1[20], s256[32];

		if (!tcti || pcr >= CORDON_PCR_COUNT) {
			fprintf(stderr, "extend needs --tcti and a PCR below 24\n");
			return 2;
		}
		memset(s1, 0x42, sizeof(s1));
		memset(s256, 0x42, sizeof(s256));
		return tpm_extend(tcti, (uint32_t)pcr, s1, s256) < 0;
	}
	if (gen) {
		if (!tcti || !logpath || !mpath || n == 0) {
			fprintf(stderr, "gen needs --tcti, --log, --manifest\n");
			return 2;
		}
		return run_gen(n, logpath, mpath);
	}
	if (!tcti || !bad_tcti || !cordonctl || !tmpdir || !other_tcti ||
	    !ek_ca || !other_ek_ca || !mkey || !mcert || !vkey || !vcert) {
		fprintf(stderr, "needs --tcti, --bad-tcti, --other-tcti, --ek-ca, --other-ek-ca, --manifest-key, --manifest-cert, --verifier-key, --verifier-cert, --cordonctl, --tmp\n");
		return 2;
	}
	return run_tests();
}
