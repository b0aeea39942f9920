// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the attestation gate: evidence, verdict, ticket
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/sign.h>
#include <cordon/ticket.h>

#include "internal.h"
#include "tpm_internal.h"

#define EVIDENCE_FORMAT 1

/* Template hash failures listed one by one before "N more". */
#define BAD_ENTRIES_SHOWN 20

/* PCRs always quoted: 0-9 (boot, for boot_aggregate) and IMA's 10. */
#define QUOTED_SHA256 0x7ffU

static const char *const check_names[CORDON_CHECK_COUNT] = {
	[CORDON_CHECK_TPM] = "tpm",
	[CORDON_CHECK_AK] = "ak",
	[CORDON_CHECK_EK] = "ek",
	[CORDON_CHECK_QUOTE] = "quote",
	[CORDON_CHECK_LOG] = "log",
	[CORDON_CHECK_REPLAY] = "replay",
	[CORDON_CHECK_MANIFEST] = "manifest",
};

const char *cordon_check_name(enum cordon_check c)
{
	return (unsigned int)c < CORDON_CHECK_COUNT ? check_names[c] : "?";
}

void cordon_verdict_free(struct cordon_verdict *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nlines; i++)
		free(v->lines[i].text);
	free(v->lines);
	v->lines = NULL;
	v->nlines = 0;
}

static void pass(struct cordon_verdict *v, enum cordon_check c,
		 const char *fmt, ...) CORDON_PRINTF(3, 4);

static void pass(struct cordon_verdict *v, enum cordon_check c,
		 const char *fmt, ...)
{
	struct cordon_check_result *r = &v->checks[c];
	va_list ap;

	if (r->state == CORDON_CHECK_FAILED)
		return;
	r->state = CORDON_CHECK_PASSED;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

static void fail(struct cordon_verdict *v, enum cordon_check c,
		 const char *fmt, ...) CORDON_PRINTF(3, 4);

/* Record a failure; out of memory marks the verdict as an error. */
static void fail(struct cordon_verdict *v, enum cordon_check c,
		 const char *fmt, ...)
{
	struct cordon_check_result *r = &v->checks[c];
	struct cordon_verdict_line *nl;
	char *text = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	v->pass = false;
	if (r->state != CORDON_CHECK_FAILED || !r->failures)
		snprintf(r->reason, sizeof(r->reason), "%s",
			 n >= 0 ? text : "out of memory");
	r->state = CORDON_CHECK_FAILED;
	r->failures++;
	nl = n >= 0 ? realloc(v->lines, (v->nlines + 1) * sizeof(*nl)) : NULL;
	if (!nl) {
		free(text);
		v->error = true;
		return;
	}
	v->lines = nl;
	v->lines[v->nlines].check = c;
	v->lines[v->nlines].text = text;
	v->nlines++;
}

void cordon_evidence_free(struct cordon_evidence *ev)
{
	if (!ev)
		return;
	cordon_quote_free(&ev->quote);
	free(ev->ek_cert);
	free(ev->log);
	ev->ek_cert = ev->log = NULL;
	ev->ek_cert_len = ev->log_len = 0;
}

/* Collecting */

int cordon_evidence_collect(const struct cordon_collect_opts *o,
			    struct cordon_evidence *ev, char *err,
			    size_t errlen)
{
	struct cordon_quote_opts qo;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!o || !ev || !o->ak || !o->challenge ||
	    ((o->pcrs_sha256 | o->pcrs_sha1) >> CORDON_PCR_COUNT)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	memset(ev, 0, sizeof(*ev));
	memcpy(ev->challenge, o->challenge, CORDON_CHALLENGE_SIZE);
	if (o->policy_digest) {
		ev->has_policy_digest = true;
		memcpy(ev->policy_digest, o->policy_digest, CORDON_DIGEST_SIZE);
	}
	ev->log_alg = o->log_alg ? o->log_alg : CORDON_HASH_SHA1;
	memset(&qo, 0, sizeof(qo));
	qo.tcti = o->tcti;
	qo.pcrs_sha256 = QUOTED_SHA256 | o->pcrs_sha256;
	qo.pcrs_sha1 = 1u << CORDON_IMA_PCR | o->pcrs_sha1;
	qo.ak = o->ak->type;
	qo.ak_handle = o->ak->handle;
	qo.nonce = o->challenge;
	qo.hooks = o->hooks;
	rc = cordon_tpm_quote(&qo, &ev->quote, err, errlen);
	if (rc < 0 && rc != -EBADMSG)
		return rc;	/* the quote was freed */
	/* after the quote: the list holds at least what PCR 10 holds */
	rc = cordon_read_file(o->log_path ? o->log_path : CORDON_IMA_LOG_PATH,
			      CORDON_IMA_LOG_MAX, &buf, &len, err, errlen);
	if (rc < 0) {
		cordon_evidence_free(ev);
		return rc;
	}
	ev->log = (uint8_t *)buf;
	ev->log_len = len;
	if (o->ak->ek_cert) {
		ev->ek_cert = malloc(o->ak->ek_cert_len);
		if (!ev->ek_cert) {
			cordon_evidence_free(ev);
			cordon__seterr(err, errlen, "out of memory");
			return -ENOMEM;
		}
		memcpy(ev->ek_cert, o->ak->ek_cert, o->ak->ek_cert_len);
		ev->ek_cert_len = o->ak->ek_cert_len;
	}
	cordon__clearerr(err, errlen);
	return 0;
}

/* JSON */

static int add_b64(json_object *o, const char *key, const void *p, size_t n)
{
	char *s = cordon__b64_encode(p, n);

	if (!s)
		return -ENOMEM;
	json_object_object_add(o, key, json_object_new_string(s));
	free(s);
	return 0;
}

static void add_hex(json_object *o, const char *key, const uint8_t *p,
		    size_t n)
{
	char s[2 * CORDON_DIGEST_MAX + 1];

	cordon__hex(s, p, n);
	json_object_object_add(o, key, json_object_new_string(s));
}

char *cordon_evidence_format(const struct cordon_evidence *ev)
{
	const struct cordon_quote *q = &ev->quote;
	json_object *o = json_object_new_object();
	json_object *jq = json_object_new_object();
	json_object *banks = json_object_new_array();
	json_object *log = json_object_new_object();
	char *out = NULL;
	int rc = 0;

	if (!o || !jq || !banks || !log) {
		json_object_put(o);
		json_object_put(jq);
		json_object_put(banks);
		json_object_put(log);
		return NULL;
	}
	json_object_object_add(o, "format", json_object_new_int(EVIDENCE_FORMAT));
	add_hex(o, "challenge", ev->challenge, CORDON_CHALLENGE_SIZE);
	if (ev->has_policy_digest)
		add_hex(o, "policy_digest", ev->policy_digest,
			CORDON_DIGEST_SIZE);
	json_object_object_add(o, "quote", jq);
	json_object_object_add(jq, "tpm", json_object_new_string(q->tcti));
	rc |= add_b64(jq, "attest", q->attest, q->attest_len);
	rc |= add_b64(jq, "signature", q->sig, q->sig_len);
	rc |= add_b64(jq, "ak_public", q->ak_public, q->ak_public_len);
	json_object_object_add(jq, "pcrs", banks);
	for (size_t b = 0; b < q->nbanks; b++) {
		json_object *jb = json_object_new_object();
		json_object *vals = json_object_new_object();

		if (!jb || !vals) {
			json_object_put(jb);
			json_object_put(vals);
			rc = -ENOMEM;
			break;
		}
		json_object_object_add(jb, "bank", json_object_new_string(
			cordon_hash_name(q->banks[b].alg)));
		for (unsigned int i = 0; i < CORDON_PCR_COUNT; i++) {
			char k[4];

			if (!(q->banks[b].mask & (1u << i)))
				continue;
			snprintf(k, sizeof(k), "%u", i);
			add_hex(vals, k, q->banks[b].v[i],
				cordon_hash_size(q->banks[b].alg));
		}
		json_object_object_add(jb, "values", vals);
		json_object_array_add(banks, jb);
	}
	if (ev->ek_cert)
		rc |= add_b64(o, "ek_certificate", ev->ek_cert, ev->ek_cert_len);
	json_object_object_add(o, "ima_log", log);
	json_object_object_add(log, "template_hash", json_object_new_string(
		cordon_hash_name(ev->log_alg)));
	rc |= add_b64(log, "data", ev->log, ev->log_len);
	if (rc == 0) {
		const char *s = json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);

		out = s ? strdup(s) : NULL;
	}
	json_object_put(o);
	return out;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int get_b64(json_object *o, const char *key, uint8_t **p, size_t *n,
		   bool optional, char *err, size_t errlen)
{
	const char *s = jstr(o, key);
	int rc;

	if (!s && optional)
		return 0;
	if (!s) {
		cordon__seterr(err, errlen, "evidence: \"%s\" missing", key);
		return -EBADMSG;
	}
	rc = cordon__b64_decode(s, p, n);
	if (rc == -EINVAL)
		cordon__seterr(err, errlen, "evidence: \"%s\" is not base64",
			       key);
	return rc == -EINVAL ? -EBADMSG : rc;
}

static int parse_banks(json_object *arr, struct cordon_quote *q, char *err,
		       size_t errlen)
{
	size_t n;

	if (!arr || !json_object_is_type(arr, json_type_array) ||
	    (n = json_object_array_length(arr)) == 0 ||
	    n > CORDON_QUOTE_BANKS) {
		cordon__seterr(err, errlen,
			       "evidence: \"quote\".\"pcrs\" is not an array of 1 or 2 banks");
		return -EBADMSG;
	}
	q->nbanks = n;
	for (size_t b = 0; b < n; b++) {
		json_object *jb = json_object_array_get_idx(arr, b), *vals;
		const char *bank = jstr(jb, "bank");
		struct cordon_pcr_bank *pb = &q->banks[b];

		pb->alg = bank ? cordon_hash_parse(bank, strlen(bank)) :
				 CORDON_HASH_NONE;
		if ((pb->alg != CORDON_HASH_SHA1 &&
		     pb->alg != CORDON_HASH_SHA256) ||
		    !json_object_object_get_ex(jb, "values", &vals) ||
		    !json_object_is_type(vals, json_type_object)) {
			cordon__seterr(err, errlen,
				       "evidence: PCR bank %zu: \"bank\" (sha1, sha256) or \"values\" missing",
				       b);
			return -EBADMSG;
		}
		json_object_object_foreach(vals, k, v) {
			char *end;
			unsigned long i = strtoul(k, &end, 10);

			if (*end || !*k || i >= CORDON_PCR_COUNT ||
			    !json_object_is_type(v, json_type_string) ||
			    cordon_ticket_hex(json_object_get_string(v),
					      pb->v[i],
					      cordon_hash_size(pb->alg)) < 0) {
				cordon__seterr(err, errlen,
					       "evidence: PCR bank %s: entry \"%.8s\" is not PCR index: hex value",
					       bank, k);
				return -EBADMSG;
			}
			pb->mask |= 1u << i;
		}
	}
	return 0;
}

int cordon_evidence_parse(const char *text, size_t len,
			  struct cordon_evidence *ev, char *err, size_t errlen)
{
	json_tokener *tok = json_tokener_new();
	json_object *o = NULL, *jq = NULL, *log = NULL, *v;
	struct cordon_quote *q = &ev->quote;
	const char *s;
	int rc = -EBADMSG;

	memset(ev, 0, sizeof(*ev));
	if (!tok)
		return -ENOMEM;
	if (len <= CORDON_EVIDENCE_MAX && len <= INT32_MAX)
		o = json_tokener_parse_ex(tok, text, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(o, json_type_object)) {
		cordon__seterr(err, errlen, "evidence: not a JSON object");
		goto out;
	}
	if (!json_object_object_get_ex(o, "format", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    json_object_get_int(v) != EVIDENCE_FORMAT) {
		cordon__seterr(err, errlen, "evidence: \"format\" is not %d",
			       EVIDENCE_FORMAT);
		goto out;
	}
	if (cordon_ticket_hex(jstr(o, "challenge") ? jstr(o, "challenge") : "",
			      ev->challenge, CORDON_CHALLENGE_SIZE) < 0) {
		cordon__seterr(err, errlen,
			       "evidence: \"challenge\" is not %d bytes of hex",
			       CORDON_CHALLENGE_SIZE);
		goto out;
	}
	memcpy(q->nonce, ev->challenge, CORDON_NONCE_SIZE);
	s = jstr(o, "policy_digest");
	if (s) {
		if (cordon_ticket_hex(s, ev->policy_digest, CORDON_DIGEST_SIZE) < 0) {
			cordon__seterr(err, errlen,
				       "evidence: \"policy_digest\" is not a SHA-256 in hex");
			goto out;
		}
		ev->has_policy_digest = true;
	}
	if (!json_object_object_get_ex(o, "quote", &jq) ||
	    !json_object_is_type(jq, json_type_object)) {
		cordon__seterr(err, errlen, "evidence: \"quote\" missing");
		goto out;
	}
	s = jstr(jq, "tpm");
	snprintf(q->tcti, sizeof(q->tcti), "%s", s ? s : "");
	rc = get_b64(jq, "attest", &q->attest, &q->attest_len, false, err,
		     errlen);
	if (rc == 0)
		rc = get_b64(jq, "signature", &q->sig, &q->sig_len, false,
			     err, errlen);
	if (rc == 0)
		rc = get_b64(jq, "ak_public", &q->ak_public, &q->ak_public_len,
			     false, err, errlen);
	if (rc == 0)
		rc = parse_banks(json_object_object_get_ex(jq, "pcrs", &v) ?
				 v : NULL, q, err, errlen);
	if (rc == 0)
		rc = get_b64(o, "ek_certificate", &ev->ek_cert,
			     &ev->ek_cert_len, true, err, errlen);
	if (rc < 0)
		goto out;
	rc = -EBADMSG;
	if (!json_object_object_get_ex(o, "ima_log", &log) ||
	    !(s = jstr(log, "template_hash")) ||
	    ((ev->log_alg = cordon_hash_parse(s, strlen(s))) ==
	     CORDON_HASH_NONE)) {
		cordon__seterr(err, errlen,
			       "evidence: \"ima_log\" needs \"template_hash\" (sha1, sha256...) and \"data\"");
		goto out;
	}
	rc = get_b64(log, "data", &ev->log, &ev->log_len, false, err, errlen);
	if (rc < 0)
		goto out;
	q->hierarchy = "endorsement";
	cordon__clearerr(err, errlen);
out:
	if (rc < 0)
		cordon_evidence_free(ev);
	json_object_put(o);
	json_tokener_free(tok);
	return rc;
}

/* Verifying */

static void check_entries(const struct cordon_ima_log *log,
			  struct cordon_verdict *v)
{
	char err[CORDON_ERR_MAX];
	size_t bad = 0;

	for (size_t i = 0; i < log->count; i++) {
		int rc = cordon_ima_check_entry(log, &log->entries[i], err,
						sizeof(err));

		if (rc == -EBADMSG) {
			if (++bad <= BAD_ENTRIES_SHOWN)
				fail(v, CORDON_CHECK_LOG,
				     "IMA log: %s (tampered?)", err);
		} else if (rc < 0) {
			v->error = true;
			fail(v, CORDON_CHECK_LOG, "IMA log: %s", err);
			return;
		}
	}
	if (bad > BAD_ENTRIES_SHOWN)
		fail(v, CORDON_CHECK_LOG,
		     "IMA log: %zu more entries whose template hash does not match",
		     bad - BAD_ENTRIES_SHOWN);
	pass(v, CORDON_CHECK_LOG, "%zu entries, every template hash matches",
	     log->count);
}

/* The prefix of the list the quote covers (SHA-256 bank, then SHA-1). */
static void check_replay(const struct cordon_ima_log *log,
			 const struct cordon_quote *q,
			 struct cordon_verdict *v)
{
	const uint8_t *q256 = cordon_quote_pcr(q, CORDON_HASH_SHA256,
					       CORDON_IMA_PCR);
	const uint8_t *q1 = cordon_quote_pcr(q, CORDON_HASH_SHA1,
					     CORDON_IMA_PCR);
	struct cordon_ima_replay r;
	char a[2 * CORDON_DIGEST_MAX + 1], b[2 * CORDON_DIGEST_MAX + 1];
	uint8_t s1[CORDON_DIGEST_MAX];
	int rc;

	if (!q256) {
		fail(v, CORDON_CHECK_REPLAY,
		     "the quote does not cover PCR %d in the sha256 bank",
		     CORDON_IMA_PCR);
		return;
	}
	rc = cordon_ima_replay_match(log, CORDON_IMA_PCR, CORDON_HASH_SHA256,
				     q256, &r);
	if (rc == -ENOENT) {
		cordon__hex(a, q256, 32);
		cordon__hex(b, r.final, 32);
		fail(v, CORDON_CHECK_REPLAY,
		     "PCR %d (sha256 bank): no prefix of the IMA log (%zu entries) replays to the quoted value: expected %s, seen %s (replay of the whole log)",
		     CORDON_IMA_PCR, log->count, a, b);
		return;
	}
	if (rc < 0) {
		v->error = true;
		fail(v, CORDON_CHECK_REPLAY, "replaying the IMA log: %s",
		     strerror(-rc));
		return;
	}
	v->verified = r.prefix;
	if (q1) {
		rc = cordon_ima_replay(log, r.prefix, CORDON_IMA_PCR,
				       CORDON_HASH_SHA1, s1);
		if (rc < 0) {
			v->error = true;
			fail(v, CORDON_CHECK_REPLAY,
			     "replaying the IMA log: %s", strerror(-rc));
			return;
		}
		if (memcmp(s1, q1, 20) != 0) {
			cordon__hex(a, s1, 20);
			cordon__hex(b, q1, 20);
			fail(v, CORDON_CHECK_REPLAY,
			     "PCR %d (sha1 bank): the IMA log's first %zu entries replay to %s, the quote says %s",
			     CORDON_IMA_PCR, r.prefix, a, b);
			return;
		}
	}
	pass(v, CORDON_CHECK_REPLAY,
	     "PCR %d (sha256%s) matches the quote after %zu of %zu log entries%s",
	     CORDON_IMA_PCR, q1 ? ", sha1" : "", r.prefix, log->count,
	     r.prefix < log->count ? " (the log runs ahead of the quote)" : "");
}

static void manifest_failure(void *arg, const struct cordon_manifest_failure *f)
{
	struct cordon_verdict *v = arg;

	fail(v, CORDON_CHECK_MANIFEST, "%s: expected %s, seen %s (manifest line %u)",
	     f->subject, f->expected, f->seen, f->entry->line);
}

/*
 * The manifest, its signature checked before it is parsed
 * (cordon_manifest_load()): 0 with @m filled in, or -1 after failing the
 * manifest check.
 */
static int load_manifest(const struct cordon_verify_opts *o,
			 struct cordon_manifest *m, struct cordon_verdict *v)
{
	struct cordon_manifest_load_opts lo = {
		.path = o->manifest_path,
		.sig = o->manifest_sig,
		.cert = o->manifest_cert,
		.ca = o->manifest_ca,
		.allow_no_manifest = o->allow_no_manifest,
	};
	char err[CORDON_ERR_MAX];
	int rc;

	rc = cordon_manifest_load(&lo, m, err, sizeof(err));
	if (rc < 0) {
		if (rc == -ENOMEM)
			v->error = true;
		fail(v, CORDON_CHECK_MANIFEST, "manifest: %s", err);
		return -1;
	}
	return 0;
}

/* The key: the evidence's must be the pinned one; the EK behind it. */
static bool check_key(const struct cordon_evidence *ev,
		      const struct cordon_verify_opts *o,
		      struct cordon_verdict *v)
{
	const struct cordon_quote *q = &ev->quote;
	const struct cordon_ak *ak = o->ak;
	char want[2 * CORDON_TPM_NAME_MAX + 1], err[CORDON_ERR_MAX];

	if (cordon_ak_match(ak, q->ak_public, q->ak_public_len, err,
			    sizeof(err)) < 0) {
		fail(v, CORDON_CHECK_AK, "%s", err);
		return false;
	}
	cordon__hex(want, ak->name, ak->name_len);
	pass(v, CORDON_CHECK_AK, "the enrolled key %s (handle 0x%08x)", want,
	     ak->handle);
	if (!ak->ek_verified) {
		if (o->require_ek || o->ek_ca)
			fail(v, CORDON_CHECK_EK,
			     "the attestation key was enrolled without an EK check (enroll with --ek-ca)");
		return true;
	}
	if (o->ek_ca) {
		if (cordon_ek_cert_verify(ak->ek_cert, ak->ek_cert_len,
					  o->ek_ca, err, sizeof(err)) < 0) {
			fail(v, CORDON_CHECK_EK, "pinned key's EK: %s", err);
			return true;
		}
	}
	if (ev->ek_cert && (ev->ek_cert_len != ak->ek_cert_len ||
			    memcmp(ev->ek_cert, ak->ek_cert,
				   ak->ek_cert_len) != 0)) {
		fail(v, CORDON_CHECK_EK,
		     "the evidence's EK certificate is not the one the key was enrolled with");
		return true;
	}
	pass(v, CORDON_CHECK_EK,
	     "enrolled with an EK certificate checked against a CA, credential activated%s",
	     o->ek_ca ? "; the certificate chains to the verifier's CA" : "");
	v->ticket_flags |= CORDON_TICKET_F_EK;
	return true;
}

int cordon_attest_verify(const struct cordon_evidence *ev,
			 const struct cordon_verify_opts *o,
			 struct cordon_verdict *v)
{
	struct cordon_quote q;
	struct cordon_ima_log log = { 0 };
	struct cordon_manifest own = { 0 };
	const struct cordon_manifest *m = o ? o->manifest : NULL;
	bool msigned = o && o->manifest_signed;
	char err[CORDON_ERR_MAX];
	bool quoted = false;
	int rc;

	if (!ev || !o || !o->ak || !v)
		return -EINVAL;
	memset(&q, 0, sizeof(q));
	memset(v, 0, sizeof(*v));
	v->pass = true;

	/* the TPM's part */
	if (!ev->quote.attest || !ev->quote.sig || !ev->quote.ak_public) {
		fail(v, CORDON_CHECK_TPM, "the evidence holds no quote");
	} else {
		pass(v, CORDON_CHECK_TPM, "quote from %s",
		     ev->quote.tcti[0] ? ev->quote.tcti : "the target's TPM");
		if (check_key(ev, o, v)) {
			q = ev->quote;	/* shallow: verifying frees nothing */
			memcpy(q.nonce, o->challenge ? o->challenge :
			       ev->challenge, CORDON_NONCE_SIZE);
			rc = cordon_quote_verify_ak(&q, o->ak, err,
						    sizeof(err));
			if (rc == 0) {
				quoted = true;
				memcpy(v->pcr_digest, q.pcr_digest, 32);
				pass(v, CORDON_CHECK_QUOTE,
				     "signature, magic, type, nonce (the challenge), PCR selection, pcrDigest, qualifiedSigner");
			} else {
				if (rc == -ENOMEM)
					v->error = true;
				fail(v, CORDON_CHECK_QUOTE, "%s", err);
			}
		}
	}

	/* the list */
	rc = cordon_ima_parse(ev->log, ev->log_len, ev->log_alg, &log, err,
			      sizeof(err));
	if (rc < 0) {
		if (rc != -EINVAL)
			v->error = true;
		fail(v, CORDON_CHECK_LOG, "IMA log: %s", err);
		goto manifest;
	}
	v->log_count = log.count;
	check_entries(&log, v);
	if (quoted)
		check_replay(&log, &q, v);

manifest:
	if (!m) {
		if (load_manifest(o, &own, v) < 0)
			goto out;
		m = &own;
		msigned = own.trust == CORDON_MANIFEST_SIGNED;
	}
	if (v->checks[CORDON_CHECK_REPLAY].state == CORDON_CHECK_PASSED &&
	    v->checks[CORDON_CHECK_LOG].state == CORDON_CHECK_PASSED) {
		unsigned int before = v->checks[CORDON_CHECK_MANIFEST].failures;

		rc = cordon_manifest_check(m, &log, v->verified, &q,
					   manifest_failure, v);
		if (rc < 0) {
			v->error = true;
			fail(v, CORDON_CHECK_MANIFEST, "manifest check: %s",
			     strerror(-rc));
		} else if (v->checks[CORDON_CHECK_MANIFEST].failures == before) {
			if (m->trust == CORDON_MANIFEST_ABSENT)
				pass(v, CORDON_CHECK_MANIFEST,
				     "no manifest (allowed): boot_aggregate and violations checked");
			else
				pass(v, CORDON_CHECK_MANIFEST,
				     "manifest %s: %zu directives, 0 failing%s",
				     m->source ? m->source : "", m->count,
				     msigned ? " (signature verified)" :
				     m->trust == CORDON_MANIFEST_UNSIGNED ?
				     " (UNSIGNED, allowed)" : "");
			if (msigned)
				v->ticket_flags |= CORDON_TICKET_F_MANIFEST;
		}
	}
out:
	cordon_manifest_free(&own);
	cordon_ima_free(&log);
	return 0;
}

int cordon_attest(const struct cordon_attest_opts *o,
		  struct cordon_evidence *ev, struct cordon_verdict *v)
{
	char err[CORDON_ERR_MAX];
	int rc;

	if (!o || !ev || !v || !o->collect.ak || !o->verify.ak)
		return -EINVAL;
	rc = cordon_evidence_collect(&o->collect, ev, err, sizeof(err));
	if (rc == -EINVAL)
		return rc;
	if (rc < 0) {
		memset(v, 0, sizeof(*v));
		v->pass = true;
		if (rc == -EHOSTUNREACH || rc == -EIO) {
			v->no_tpm = true;
			fail(v, CORDON_CHECK_TPM, "%s", err);
		} else if (rc == -ENOKEY) {
			fail(v, CORDON_CHECK_AK, "%s", err);
		} else {
			v->error = true;
			fail(v, CORDON_CHECK_LOG, "IMA log: %s", err);
		}
		return 0;
	}
	return cordon_attest_verify(ev, &o->verify, v);
}

int cordon_ticket_make(const struct cordon_evidence *ev,
		       const struct cordon_verdict *v, uint32_t flags,
		       uint64_t now, struct cordon_ticket *t, char *err,
		       size_t errlen)
{
	struct cordon_ticket_info info;

	if (!ev || !v || !t || (flags & ~CORDON_TICKET_F_ALL)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	if (!v->pass || v->error) {
		cordon__seterr(err, errlen,
			       "no ticket: the attestation did not pass");
		return -EPERM;
	}
	if (!ev->has_policy_digest) {
		cordon__seterr(err, errlen,
			       "no ticket: the evidence names no policy (collect it with --policy BLOB)");
		return -ENODATA;
	}
	memset(&info, 0, sizeof(info));
	info.flags = v->ticket_flags | flags;
	memcpy(info.challenge, ev->challenge, CORDON_CHALLENGE_SIZE);
	memcpy(info.policy_digest, ev->policy_digest, CORDON_DIGEST_SIZE);
	memcpy(info.pcr_digest, v->pcr_digest, CORDON_DIGEST_SIZE);
	info.issued = now;
	return cordon_ticket_encode(&info, t, err, errlen);
}
