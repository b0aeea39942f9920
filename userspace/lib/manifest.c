// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the attestation manifest (format: cordon-manifest(5))
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cordon/cordon.h>
#include <cordon/manifest.h>

#include "internal.h"

/* Failures reported for one directive before "N more" */
#define REPORT_MAX 10
#define MAX_TOKENS 64

struct token {
	const char *s;
	size_t len;
	size_t col;		/* 1-based */
};

struct mparser {
	const char *source;
	unsigned int line;
	char *err;
	size_t errlen;
};

#define merr(mp, col, fmt, ...)						\
	cordon__seterr((mp)->err, (mp)->errlen, "%s:%u:%zu: " fmt,	\
		       (mp)->source, (mp)->line, (size_t)(col), ##__VA_ARGS__)

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool parse_digest(struct mparser *mp, const struct token *t,
			 struct cordon_digest *d)
{
	const char *colon = memchr(t->s, ':', t->len);
	char q[CORDON__QUOTE_SIZE];
	size_t alglen, hexlen, size;
	const char *h;

	if (!colon) {
		merr(mp, t->col, "digest %s is not ALG:HEX",
		     cordon__quote(q, t->s, t->len));
		return false;
	}
	alglen = (size_t)(colon - t->s);
	d->alg = cordon_hash_parse(t->s, alglen);
	if (d->alg == CORDON_HASH_NONE) {
		merr(mp, t->col,
		     "unknown hash algorithm %s (sha1, sha256, sha384, sha512)",
		     cordon__quote(q, t->s, alglen));
		return false;
	}
	size = cordon_hash_size(d->alg);
	h = colon + 1;
	hexlen = t->len - alglen - 1;
	for (size_t i = 0; i < hexlen; i++) {
		if (hexval(h[i]) < 0) {
			merr(mp, t->col + alglen + 1 + i,
			     "invalid hex digit %s", cordon__quote(q, h + i, 1));
			return false;
		}
	}
	if (hexlen != 2 * size) {
		merr(mp, t->col + alglen + 1,
		     "a %s digest has %zu hex digits, not %zu",
		     cordon_hash_name(d->alg), 2 * size, hexlen);
		return false;
	}
	d->len = (uint8_t)size;
	for (size_t i = 0; i < size; i++)
		d->v[i] = (uint8_t)(hexval(h[2 * i]) << 4 | hexval(h[2 * i + 1]));
	return true;
}

/* NAME or PATTERN: "\\" and "\xHH" escapes; no NUL, no control bytes. */
static char *parse_name(struct mparser *mp, const struct token *t)
{
	char *out = malloc(t->len + 1);
	size_t n = 0;

	if (!out) {
		cordon__seterr(mp->err, mp->errlen, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->s[i];

		if (c == '\\') {
			if (i + 1 < t->len && t->s[i + 1] == '\\') {
				i++;
			} else if (i + 3 < t->len && t->s[i + 1] == 'x' &&
				   hexval(t->s[i + 2]) >= 0 &&
				   hexval(t->s[i + 3]) >= 0) {
				c = (unsigned char)(hexval(t->s[i + 2]) << 4 |
						    hexval(t->s[i + 3]));
				if (c == 0) {
					merr(mp, t->col + i,
					     "\\x00 in a name");
					goto fail;
				}
				i += 3;
			} else {
				merr(mp, t->col + i,
				     "unknown escape (use \\\\ or \\xHH)");
				goto fail;
			}
		} else if (c < 0x20 || c == 0x7f) {
			merr(mp, t->col + i, "control character in a name");
			goto fail;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return out;
fail:
	free(out);
	return NULL;
}

static bool parse_pcr_index(struct mparser *mp, const struct token *t,
			    unsigned int *pcr)
{
	unsigned int v = 0;
	char q[CORDON__QUOTE_SIZE];

	if (t->len == 0 || t->len > 2)
		goto bad;
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			goto bad;
		v = v * 10 + (unsigned int)(t->s[i] - '0');
	}
	if (v >= CORDON_PCR_COUNT)
		goto bad;
	*pcr = v;
	return true;
bad:
	merr(mp, t->col, "PCR index %s is not a number from 0 to %d",
	     cordon__quote(q, t->s, t->len), CORDON_PCR_COUNT - 1);
	return false;
}

static void entry_free(struct cordon_manifest_entry *e)
{
	free(e->name);
	free(e->digests);
}

static int check_duplicate(struct mparser *mp, const struct cordon_manifest *m,
			   const struct cordon_manifest_entry *e, size_t col)
{
	for (size_t i = 0; i < m->count; i++) {
		const struct cordon_manifest_entry *o = &m->entries[i];
		bool dup = false;

		if (o->kind != e->kind)
			continue;
		switch (e->kind) {
		case CORDON_MANIFEST_FILE:
		case CORDON_MANIFEST_FORBID:
			dup = strcmp(o->name, e->name) == 0;
			break;
		case CORDON_MANIFEST_BOOT_AGGREGATE:
			dup = true;
			break;
		case CORDON_MANIFEST_PCR:
			dup = o->pcr == e->pcr &&
			      o->digests[0].alg == e->digests[0].alg;
			break;
		}
		if (dup) {
			merr(mp, col, "duplicate directive (first at line %u)",
			     o->line);
			return -EINVAL;
		}
	}
	return 0;
}

static int parse_line(struct mparser *mp, struct token *tok, size_t n,
		      struct cordon_manifest_entry *e)
{
	static const struct {
		const char *name;
		enum cordon_manifest_kind kind;
		size_t min, max;	/* arguments */
		const char *usage;
	} dirs[] = {
		{ "file", CORDON_MANIFEST_FILE, 2, MAX_TOKENS,
		  "file NAME DIGEST [DIGEST...]" },
		{ "forbid", CORDON_MANIFEST_FORBID, 1, 1, "forbid PATTERN" },
		{ "boot_aggregate", CORDON_MANIFEST_BOOT_AGGREGATE, 1, 1,
		  "boot_aggregate DIGEST" },
		{ "pcr", CORDON_MANIFEST_PCR, 2, 2, "pcr INDEX DIGEST" },
	};
	char q[CORDON__QUOTE_SIZE];
	size_t d, first_digest;

	memset(e, 0, sizeof(*e));
	for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++)
		if (strlen(dirs[d].name) == tok[0].len &&
		    memcmp(dirs[d].name, tok[0].s, tok[0].len) == 0)
			break;
	if (d == sizeof(dirs) / sizeof(dirs[0])) {
		merr(mp, tok[0].col,
		     "unknown directive %s (file, forbid, boot_aggregate, pcr)",
		     cordon__quote(q, tok[0].s, tok[0].len));
		return -EINVAL;
	}
	if (n - 1 < dirs[d].min) {
		merr(mp, tok[n - 1].col + tok[n - 1].len,
		     "missing argument: %s", dirs[d].usage);
		return -EINVAL;
	}
	if (n - 1 > dirs[d].max) {
		merr(mp, tok[dirs[d].max + 1].col, "extra argument: %s",
		     dirs[d].usage);
		return -EINVAL;
	}
	e->kind = dirs[d].kind;
	e->line = mp->line;
	first_digest = 1;
	switch (e->kind) {
	case CORDON_MANIFEST_FILE:
	case CORDON_MANIFEST_FORBID:
		e->name = parse_name(mp, &tok[1]);
		if (!e->name)
			return -EINVAL;
		if (e->name[0] == '\0') {
			merr(mp, tok[1].col, "empty name");
			return -EINVAL;
		}
		first_digest = 2;
		break;
	case CORDON_MANIFEST_PCR:
		if (!parse_pcr_index(mp, &tok[1], &e->pcr))
			return -EINVAL;
		first_digest = 2;
		break;
	case CORDON_MANIFEST_BOOT_AGGREGATE:
		break;
	}
	if (e->kind == CORDON_MANIFEST_FORBID)
		return 0;
	e->ndigests = n - first_digest;
	e->digests = calloc(e->ndigests, sizeof(*e->digests));
	if (!e->digests) {
		cordon__seterr(mp->err, mp->errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < e->ndigests; i++)
		if (!parse_digest(mp, &tok[first_digest + i], &e->digests[i]))
			return -EINVAL;
	if (e->kind == CORDON_MANIFEST_PCR &&
	    e->digests[0].alg != CORDON_HASH_SHA256 &&
	    e->digests[0].alg != CORDON_HASH_SHA1) {
		merr(mp, tok[2].col, "PCR banks checked are sha1 and sha256");
		return -EINVAL;
	}
	return 0;
}

int cordon_manifest_parse(const char *buf, size_t len, const char *source,
			  struct cordon_manifest *m, char *err, size_t errlen)
{
	struct mparser mp = { .err = err, .errlen = errlen, .line = 0 };
	struct cordon_manifest r = { 0 };
	size_t cap = 0, pos = 0;
	int rc = 0;

	if (!m || (!buf && len)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	mp.source = source ? source : "manifest";
	if (len > CORDON_MANIFEST_MAX) {
		cordon__seterr(err, errlen, "%s: larger than %d bytes",
			       mp.source, CORDON_MANIFEST_MAX);
		return -EFBIG;
	}
	r.source = strdup(mp.source);
	if (!r.source)
		goto nomem;

	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		struct token tok[MAX_TOKENS + 2];
		size_t n = 0, i = 0;
		const char *nul;

		mp.line++;
		pos += ll + (nl != NULL);
		nul = memchr(line, '\0', ll);
		if (nul) {
			merr(&mp, nul - line + 1, "NUL byte");
			rc = -EINVAL;
			goto fail;
		}
		while (i < ll) {
			if (line[i] == ' ' || line[i] == '\t' ||
			    line[i] == '\r') {
				i++;
				continue;
			}
			if (line[i] == '#')
				break;
			if (n == MAX_TOKENS + 2) {
				merr(&mp, i + 1, "too many arguments");
				rc = -EINVAL;
				goto fail;
			}
			tok[n].s = line + i;
			tok[n].col = i + 1;
			while (i < ll && line[i] != ' ' && line[i] != '\t' &&
			       line[i] != '\r')
				i++;
			tok[n].len = (size_t)(line + i - tok[n].s);
			n++;
		}
		if (n == 0)
			continue;
		if (r.count == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			struct cordon_manifest_entry *ne;

			ne = realloc(r.entries, ncap * sizeof(*ne));
			if (!ne)
				goto nomem;
			r.entries = ne;
			cap = ncap;
		}
		rc = parse_line(&mp, tok, n, &r.entries[r.count]);
		if (rc == 0)
			rc = check_duplicate(&mp, &r, &r.entries[r.count],
					     tok[1].col);
		if (rc < 0) {
			entry_free(&r.entries[r.count]);
			goto fail;
		}
		r.count++;
	}
	*m = r;
	cordon__clearerr(err, errlen);
	return 0;

nomem:
	cordon__seterr(err, errlen, "out of memory");
	rc = -ENOMEM;
fail:
	cordon_manifest_free(&r);
	return rc;
}

int cordon_manifest_read(const char *path, struct cordon_manifest *m,
			 char *err, size_t errlen)
{
	size_t len;
	char *buf;
	int rc;

	if (!path || !m) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	rc = cordon_read_file(path, CORDON_MANIFEST_MAX, &buf, &len, err,
			      errlen);
	if (rc < 0)
		return rc;
	rc = cordon_manifest_parse(buf, len, path, m, err, errlen);
	free(buf);
	return rc;
}

void cordon_manifest_free(struct cordon_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->count; i++)
		entry_free(&m->entries[i]);
	free(m->entries);
	free(m->source);
	m->entries = NULL;
	m->source = NULL;
	m->count = 0;
}

uint32_t cordon_manifest_pcrs(const struct cordon_manifest *m,
			      enum cordon_hash bank)
{
	uint32_t mask = 0;

	for (size_t i = 0; m && i < m->count; i++)
		if (m->entries[i].kind == CORDON_MANIFEST_PCR &&
		    m->entries[i].digests[0].alg == bank)
			mask |= 1u << m->entries[i].pcr;
	return mask;
}

/* check */

struct reporter {
	void (*fn)(void *arg, const struct cordon_manifest_failure *f);
	void *arg;
	int count;
};

static void report(struct reporter *r, const struct cordon_manifest_entry *e,
		   const char *subject, const char *expected, const char *seen,
		   size_t index)
{
	struct cordon_manifest_failure f = { .entry = e, .log_index = index };

	snprintf(f.subject, sizeof(f.subject), "%s", subject);
	snprintf(f.expected, sizeof(f.expected), "%s", expected);
	snprintf(f.seen, sizeof(f.seen), "%s", seen);
	r->count++;
	if (r->fn)
		r->fn(r->arg, &f);
}

static bool digest_eq(const struct cordon_digest *a,
		      const struct cordon_digest *b)
{
	return a->alg == b->alg && a->len == b->len &&
	       memcmp(a->v, b->v, a->len) == 0;
}

static void expected_text(const struct cordon_manifest_entry *e, char *buf,
			  size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < e->ndigests && used + 1 < size; i++) {
		char d[CORDON_DIGEST_TEXT_MAX];
		int n;

		cordon_digest_format(&e->digests[i], d, sizeof(d));
		n = snprintf(buf + used, size - used, "%s%s", i ? " or " : "",
			     d);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* What a log entry measured, for "seen". */
static void seen_text(const struct cordon_ima_log *log, size_t i, char *buf,
		      size_t size)
{
	const struct cordon_ima_entry *le = &log->entries[i];
	char d[CORDON_DIGEST_TEXT_MAX];

	if (le->violation)
		snprintf(buf, size, "a violation (zero digest) at log entry %zu",
			 i);
	else
		snprintf(buf, size, "%s at log entry %zu",
			 cordon_digest_format(&le->digest, d, sizeof(d)), i);
}

static void check_file(struct reporter *r,
		       const struct cordon_manifest_entry *e,
		       const struct cordon_ima_log *log, size_t verified)
{
	char subject[300], expected[600], seen[400];
	size_t found = SIZE_MAX, bad = 0, later = SIZE_MAX;

	snprintf(subject, sizeof(subject), "file %s", e->name);
	expected_text(e, expected, sizeof(expected));
	for (size_t i = 0; i < log->count; i++) {
		const struct cordon_ima_entry *le = &log->entries[i];
		bool ok = false;

		if (strcmp(le->name, e->name) != 0)
			continue;
		for (size_t k = 0; k < e->ndigests && !le->violation; k++)
			ok |= digest_eq(&le->digest, &e->digests[k]);
		if (ok) {
			if (i < verified && found == SIZE_MAX)
				found = i;
			if (i >= verified && later == SIZE_MAX)
				later = i;
			continue;
		}
		if (++bad <= REPORT_MAX) {
			seen_text(log, i, seen, sizeof(seen));
			report(r, e, subject, expected, seen, i);
		}
	}
	if (bad > REPORT_MAX) {
		snprintf(seen, sizeof(seen), "%zu more measurements differ",
			 bad - REPORT_MAX);
		report(r, e, subject, expected, seen, SIZE_MAX);
	}
	if (found == SIZE_MAX && bad == 0) {
		if (later != SIZE_MAX)
			snprintf(seen, sizeof(seen),
				 "measured only after the quote (log entry %zu), not covered by the TPM",
				 later);
		else
			snprintf(seen, sizeof(seen),
				 "not measured (no entry in the log)");
		report(r, e, subject, expected, seen, later);
	}
}

static void check_forbid(struct reporter *r,
			 const struct cordon_manifest_entry *e,
			 const struct cordon_ima_log *log)
{
	char subject[300], seen[400];
	size_t hits = 0;

	snprintf(subject, sizeof(subject), "forbid %s", e->name);
	for (size_t i = 0; i < log->count; i++) {
		const struct cordon_ima_entry *le = &log->entries[i];

		if (fnmatch(e->name, le->name, 0) != 0)
			continue;
		if (++hits > REPORT_MAX)
			continue;
		snprintf(seen, sizeof(seen), "%s measured at log entry %zu",
			 le->name, i);
		report(r, e, subject, "absent from the log", seen, i);
	}
	if (hits > REPORT_MAX) {
		snprintf(seen, sizeof(seen), "%zu more measurements match",
			 hits - REPORT_MAX);
		report(r, e, subject, "absent from the log", seen, SIZE_MAX);
	}
}

static void check_boot_aggregate(struct reporter *r,
				 const struct cordon_manifest_entry *e,
				 const struct cordon_ima_log *log,
				 size_t verified)
{
	char expected[600], seen[400];

	expected_text(e, expected, sizeof(expected));
	for (size_t i = 0; i < verified && i < log->count; i++) {
		const struct cordon_ima_entry *le = &log->entries[i];

		if (strcmp(le->name, "boot_aggregate") != 0)
			continue;
		if (le->violation || !digest_eq(&le->digest, &e->digests[0])) {
			seen_text(log, i, seen, sizeof(seen));
			report(r, e, "boot_aggregate", expected, seen, i);
		}
		return;
	}
	report(r, e, "boot_aggregate", expected,
	       "no boot_aggregate entry in the quoted log", SIZE_MAX);
}

static void check_pcr(struct reporter *r,
		      const struct cordon_manifest_entry *e,
		      const struct cordon_quote *q)
{
	const struct cordon_digest *want = &e->digests[0];
	const uint8_t *v = q ? cordon_quote_pcr(q, want->alg, e->pcr) : NULL;
	char subject[64], expected[CORDON_DIGEST_TEXT_MAX];
	char seen[CORDON_DIGEST_TEXT_MAX + 32];

	snprintf(subject, sizeof(subject), "pcr %u (%s bank)", e->pcr,
		 cordon_hash_name(want->alg));
	cordon_digest_format(want, expected, sizeof(expected));
	if (!v) {
		report(r, e, subject, expected,
		       "not quoted (bank not allocated in the TPM?)", SIZE_MAX);
		return;
	}
	if (memcmp(v, want->v, want->len) != 0) {
		struct cordon_digest got = { .alg = want->alg,
					     .len = want->len };

		memcpy(got.v, v, want->len);
		cordon_digest_format(&got, seen, sizeof(seen));
		report(r, e, subject, expected, seen, SIZE_MAX);
	}
}

int cordon_manifest_check(const struct cordon_manifest *m,
			  const struct cordon_ima_log *log, size_t verified,
			  const struct cordon_quote *q,
			  void (*fn)(void *arg,
				     const struct cordon_manifest_failure *f),
			  void *arg)
{
	struct reporter r = { .fn = fn, .arg = arg };

	if (!m || !log)
		return -EINVAL;
	if (verified > log->count)
		verified = log->count;
	for (size_t i = 0; i < m->count; i++) {
		const struct cordon_manifest_entry *e = &m->entries[i];

		switch (e->kind) {
		case CORDON_MANIFEST_FILE:
			check_file(&r, e, log, verified);
			break;
		case CORDON_MANIFEST_FORBID:
			check_forbid(&r, e, log);
			break;
		case CORDON_MANIFEST_BOOT_AGGREGATE:
			check_boot_aggregate(&r, e, log, verified);
			break;
		case CORDON_MANIFEST_PCR:
			check_pcr(&r, e, q);
			break;
		}
	}
	return r.count;
}
