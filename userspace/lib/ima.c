// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - IMA binary measurement list: parser and PCR replay
 *
 * The formats are those of security/integrity/ima (ima_fs.c writes the
 * list, ima_template.c and ima_template_lib.c define the templates and
 * their fields, ima_crypto.c hashes an entry for each PCR bank).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <cordon/cordon.h>
#include <cordon/ima.h>

#include "internal.h"

/* IMA_EVENT_NAME_LEN_MAX + 1: template "ima" hashes its name padded so */
#define IMA_NAME_PADDED 256
/* the "d" field of template "ima": a SHA-1 (or MD5 padded) digest */
#define IMA_D_SIZE 20
#define TEMPLATE_NAME_MAX 255
#define FIELDS_MAX 15

const char *cordon_hash_name(enum cordon_hash alg)
{
	switch (alg) {
	case CORDON_HASH_SHA1:
		return "sha1";
	case CORDON_HASH_SHA256:
		return "sha256";
	case CORDON_HASH_SHA384:
		return "sha384";
	case CORDON_HASH_SHA512:
		return "sha512";
	default:
		return "unknown";
	}
}

size_t cordon_hash_size(enum cordon_hash alg)
{
	switch (alg) {
	case CORDON_HASH_SHA1:
		return 20;
	case CORDON_HASH_SHA256:
		return 32;
	case CORDON_HASH_SHA384:
		return 48;
	case CORDON_HASH_SHA512:
		return 64;
	default:
		return 0;
	}
}

enum cordon_hash cordon_hash_parse(const char *name, size_t len)
{
	static const enum cordon_hash algs[] = {
		CORDON_HASH_SHA1, CORDON_HASH_SHA256, CORDON_HASH_SHA384,
		CORDON_HASH_SHA512,
	};

	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		const char *n = cordon_hash_name(algs[i]);

		if (strlen(n) == len && memcmp(n, name, len) == 0)
			return algs[i];
	}
	return CORDON_HASH_NONE;
}

static const EVP_MD *hash_md(enum cordon_hash alg)
{
	switch (alg) {
	case CORDON_HASH_SHA1:
		return EVP_sha1();
	case CORDON_HASH_SHA256:
		return EVP_sha256();
	case CORDON_HASH_SHA384:
		return EVP_sha384();
	case CORDON_HASH_SHA512:
		return EVP_sha512();
	default:
		return NULL;
	}
}

int cordon_hash_buf(enum cordon_hash alg, const void *p, size_t len,
		    struct cordon_digest *out)
{
	const EVP_MD *md = hash_md(alg);

	if (!md || !out || (!p && len))
		return -EINVAL;
	if (!EVP_Digest(len ? p : "", len, out->v, NULL, md, NULL))
		return -ENOMEM;
	out->alg = alg;
	out->len = (uint8_t)cordon_hash_size(alg);
	return 0;
}

const char *cordon_digest_format(const struct cordon_digest *d, char *buf,
				 size_t size)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[CORDON_DIGEST_TEXT_MAX];
	char *p;

	p = tmp + sprintf(tmp, "%s:", d->alg == CORDON_HASH_NONE ?
			  "?" : cordon_hash_name(d->alg));
	for (size_t i = 0; i < d->len && i < CORDON_DIGEST_MAX; i++) {
		*p++ = hex[d->v[i] >> 4];
		*p++ = hex[d->v[i] & 0xf];
	}
	*p = '\0';
	if (size > 0)
		snprintf(buf, size, "%s", tmp);
	return buf;
}

/* Template names and their formats (ima_template.c, builtin_templates). */
static const struct {
	const char *name;
	const char *fmt;
	enum cordon_ima_template tpl;
} templates[] = {
	{ "ima", "d|n", CORDON_IMA_TPL_IMA },
	{ "ima-ng", "d-ng|n-ng", CORDON_IMA_TPL_NG },
	{ "ima-sig", "d-ng|n-ng|sig", CORDON_IMA_TPL_SIG },
	{ "ima-ngv2", "d-ngv2|n-ng", CORDON_IMA_TPL_NGV2 },
	{ "ima-sigv2", "d-ngv2|n-ng|sig", CORDON_IMA_TPL_SIGV2 },
	{ "ima-buf", "d-ng|n-ng|buf", CORDON_IMA_TPL_BUF },
	{ "ima-modsig", "d-ng|n-ng|sig|d-modsig|modsig",
	  CORDON_IMA_TPL_MODSIG },
	{ "evm-sig",
	  "d-ng|n-ng|evmsig|xattrnames|xattrlengths|xattrvalues|iuid|igid|imode",
	  CORDON_IMA_TPL_EVM_SIG },
};

/* Field identifiers the kernel knows (ima_template.c, supported_fields). */
static const char *const field_ids[] = {
	"d", "n", "d-ng", "d-ngv2", "n-ng", "sig", "buf", "d-modsig",
	"modsig", "evmsig", "iuid", "igid", "imode", "xattrnames",
	"xattrlengths", "xattrvalues",
};

static bool known_field(const char *id, size_t len)
{
	for (size_t i = 0; i < sizeof(field_ids) / sizeof(field_ids[0]); i++)
		if (strlen(field_ids[i]) == len &&
		    memcmp(field_ids[i], id, len) == 0)
			return true;
	return false;
}

/*
 * The format of a template name: a built-in name, or (for a custom
 * template, whose name the kernel prints as its format) a '|'-separated
 * list of known field ids.
 */
static const char *template_fmt(const char *name,
				enum cordon_ima_template *tpl)
{
	const char *p = name;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		if (strcmp(templates[i].name, name) == 0) {
			*tpl = templates[i].tpl;
			return templates[i].fmt;
		}
	}
	for (;;) {
		size_t len = strcspn(p, "|");

		if (len == 0 || !known_field(p, len) || ++n > FIELDS_MAX)
			return NULL;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*tpl = CORDON_IMA_TPL_CUSTOM;
	return name;
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

struct parser {
	const uint8_t *p, *end;
	size_t index;		/* entry number */
	size_t start;		/* its offset */
	const uint8_t *base;
	char *err;
	size_t errlen;
	char *strings;		/* next free byte of the string pool */
};

#define perr(ps, fmt, ...)						\
	cordon__seterr((ps)->err, (ps)->errlen, "entry %zu (offset %zu): " \
		       fmt, (ps)->index, (ps)->start, ##__VA_ARGS__)

static bool take(struct parser *ps, size_t n, const uint8_t **out,
		 const char *what)
{
	if ((size_t)(ps->end - ps->p) < n) {
		perr(ps, "truncated %s (%zu bytes needed, %zu left)", what, n,
		     (size_t)(ps->end - ps->p));
		return false;
	}
	*out = ps->p;
	ps->p += n;
	return true;
}

static bool take32(struct parser *ps, uint32_t *v, const char *what)
{
	const uint8_t *q;

	if (!take(ps, 4, &q, what))
		return false;
	*v = get_le32(q);
	return true;
}

static const char *pool_add(struct parser *ps, const void *s, size_t len)
{
	char *r = ps->strings;

	memcpy(r, s, len);
	r[len] = '\0';
	ps->strings += len + 1;
	return r;
}

/* d-ng, d-ngv2, d-modsig: ["type:"] "alg:" '\0' digest */
static bool parse_digest_ng(struct parser *ps, const uint8_t *d, uint32_t len,
			    bool v2, struct cordon_ima_entry *e)
{
	const uint8_t *nul = memchr(d, '\0', len);
	const uint8_t *alg = d, *colon;
	size_t alglen, dlen;

	if (!nul || nul == d || nul[-1] != ':') {
		perr(ps, "digest field without its 'algorithm:' prefix");
		return false;
	}
	if (v2) {
		colon = memchr(d, ':', (size_t)(nul - d));
		if (!colon || colon == nul - 1 || (size_t)(colon - d) >=
		    sizeof(e->digest_type)) {
			perr(ps, "d-ngv2 digest without its 'type:' prefix");
			return false;
		}
		memcpy(e->digest_type, d, (size_t)(colon - d));
		e->digest_type[colon - d] = '\0';
		alg = colon + 1;
	}
	alglen = (size_t)(nul - 1 - alg);
	dlen = len - (size_t)(nul + 1 - d);
	e->digest.alg = cordon_hash_parse((const char *)alg, alglen);
	if (e->digest.alg != CORDON_HASH_NONE &&
	    dlen != cordon_hash_size(e->digest.alg)) {
		perr(ps, "%s digest of %zu bytes",
		     cordon_hash_name(e->digest.alg), dlen);
		return false;
	}
	if (dlen == 0 || dlen > CORDON_DIGEST_MAX) {
		perr(ps, "digest of %zu bytes", dlen);
		return false;
	}
	e->digest.len = (uint8_t)dlen;
	memcpy(e->digest.v, nul + 1, dlen);
	return true;
}

/* n-ng, n (outside template "ima"), xattrnames: a string and its NUL */
static bool check_string(struct parser *ps, const uint8_t *s, uint32_t len,
			 const char *field)
{
	if (len == 0 || s[len - 1] != '\0' ||
	    memchr(s, '\0', len - 1) != NULL) {
		perr(ps, "field %s is not a NUL-terminated string", field);
		return false;
	}
	return true;
}

/* The fields of a template other than "ima": u32 len, data; each. */
static bool parse_fields(struct parser *ps, const char *fmt,
			 struct cordon_ima_entry *e)
{
	const uint8_t *p = e->data, *end = e->data + e->data_len;
	bool have_digest = false;

	for (const char *f = fmt; *f; ) {
		size_t idlen = strcspn(f, "|");
		char id[16];
		uint32_t len;

		snprintf(id, sizeof(id), "%.*s", (int)idlen, f);
		f += idlen + (f[idlen] == '|');
		if (end - p < 4) {
			perr(ps, "template data ends before field %s", id);
			return false;
		}
		len = get_le32(p);
		p += 4;
		if ((size_t)(end - p) < len) {
			perr(ps, "field %s of %u bytes overruns the template data",
			     id, len);
			return false;
		}
		if (strcmp(id, "d-ng") == 0 || strcmp(id, "d-ngv2") == 0) {
			if (have_digest) {
				perr(ps, "two digest fields");
				return false;
			}
			if (!parse_digest_ng(ps, p, len, id[4] == 'v', e))
				return false;
			have_digest = true;
		} else if (strcmp(id, "d") == 0) {
			/* outside template "ima": u32 len, then the digest */
			if (have_digest || (len != 20 && len != 16)) {
				perr(ps, "field d of %u bytes", len);
				return false;
			}
			e->digest.alg = len == 20 ? CORDON_HASH_SHA1 :
						    CORDON_HASH_NONE;
			e->digest.len = (uint8_t)len;
			memcpy(e->digest.v, p, len);
			have_digest = true;
		} else if (strcmp(id, "n-ng") == 0 || strcmp(id, "n") == 0) {
			if (!check_string(ps, p, len, id))
				return false;
			e->name = pool_add(ps, p, len - 1);
		} else if (strcmp(id, "d-modsig") == 0 && len > 0) {
			struct cordon_ima_entry tmp = { 0 };

			if (!parse_digest_ng(ps, p, len, false, &tmp))
				return false;
		} else if (strcmp(id, "sig") == 0) {
			e->sig = len ? p : NULL;
			e->sig_len = len;
		} else if (strcmp(id, "buf") == 0) {
			e->buf = len ? p : NULL;
			e->buf_len = len;
		} else if (strcmp(id, "xattrnames") == 0 && len > 0) {
			if (!check_string(ps, p, len, id))
				return false;
		}
		p += len;
	}
	if (p != end) {
		perr(ps, "%zu bytes of template data after the last field",
		     (size_t)(end - p));
		return false;
	}
	return true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static bool parse_entry(struct parser *ps, enum cordon_hash alg,
			struct cordon_ima_entry *e)
{
	size_t hlen = cordon_hash_size(alg);
	const uint8_t *q;
	uint32_t n;
	const char *fmt;

	memset(e, 0, sizeof(*e));
	e->offset = ps->start;
	e->name = "";
	if (!take32(ps, &e->pcr, "PCR index"))
		return false;
	if (e->pcr >= CORDON_PCR_COUNT) {
		perr(ps, "PCR index %u out of range (not an IMA list, or one in big-endian order?)",
		     e->pcr);
		return false;
	}
	if (!take(ps, hlen, &q, "template hash"))
		return false;
	memcpy(e->template_hash, q, hlen);
	e->violation = all_zero(q, hlen);
	if (!take32(ps, &n, "template name length"))
		return false;
	if (n == 0 || n > TEMPLATE_NAME_MAX) {
		perr(ps, "template name length %u out of range", n);
		return false;
	}
	if (!take(ps, n, &q, "template name"))
		return false;
	if (memchr(q, '\0', n)) {
		perr(ps, "NUL in the template name");
		return false;
	}
	e->template_name = pool_add(ps, q, n);
	fmt = template_fmt(e->template_name, &e->tpl);
	if (!fmt) {
		char quoted[CORDON__QUOTE_SIZE];

		perr(ps, "unknown template %s",
		     cordon__quote(quoted, e->template_name, n));
		return false;
	}

	if (e->tpl == CORDON_IMA_TPL_IMA) {
		/* d (20 bytes, no length), u32 len, name (no NUL) */
		const uint8_t *start = ps->p;

		if (!take(ps, IMA_D_SIZE, &q, "digest") ||
		    !take32(ps, &n, "name length"))
			return false;
		if (n > IMA_NAME_PADDED - 1) {
			perr(ps, "name of %u bytes (template ima allows %d)",
			     n, IMA_NAME_PADDED - 1);
			return false;
		}
		if (!take(ps, n, &q, "name"))
			return false;
		if (memchr(q, '\0', n)) {
			perr(ps, "NUL in the name");
			return false;
		}
		e->data = start;
		e->data_len = (uint32_t)(ps->p - start);
		e->digest.alg = CORDON_HASH_SHA1;
		e->digest.len = IMA_D_SIZE;
		memcpy(e->digest.v, start, IMA_D_SIZE);
		e->name = pool_add(ps, q, n);
		return true;
	}

	if (!take32(ps, &n, "template data length"))
		return false;
	if (!take(ps, n, &e->data, "template data"))
		return false;
	e->data_len = n;
	return parse_fields(ps, fmt, e);
}

int cordon_ima_parse(const void *buf, size_t len, enum cordon_hash alg,
		     struct cordon_ima_log *log, char *err, size_t errlen)
{
	struct parser ps = { .err = err, .errlen = errlen };
	struct cordon_ima_log l = { .alg = alg };
	size_t cap = 0;

	if (!log || (!buf && len) || cordon_hash_size(alg) == 0) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	if (len > CORDON_IMA_LOG_MAX) {
		cordon__seterr(err, errlen, "list of %zu bytes is too large",
			       len);
		return -EFBIG;
	}
	/* never empty, so that a zero-length list still owns memory */
	l.raw_ = malloc(len + 1);
	/* the names fit: each entry holds its names and 24+ more bytes */
	l.strings_ = malloc(len + 1);
	if (!l.raw_ || !l.strings_)
		goto nomem;
	if (len)
		memcpy(l.raw_, buf, len);
	ps.base = l.raw_;
	ps.p = l.raw_;
	ps.end = l.raw_ + len;
	ps.strings = l.strings_;

	while (ps.p < ps.end) {
		if (l.count == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct cordon_ima_entry *ne;

			ne = realloc(l.entries, ncap * sizeof(*ne));
			if (!ne)
				goto nomem;
			l.entries = ne;
			cap = ncap;
		}
		ps.index = l.count;
		ps.start = (size_t)(ps.p - ps.base);
		if (!parse_entry(&ps, alg, &l.entries[l.count])) {
			cordon_ima_free(&l);
			return -EINVAL;
		}
		l.count++;
	}
	*log = l;
	cordon__clearerr(err, errlen);
	return 0;

nomem:
	cordon_ima_free(&l);
	cordon__seterr(err, errlen, "out of memory");
	return -ENOMEM;
}

int cordon_ima_read(const char *path, enum cordon_hash alg,
		    struct cordon_ima_log *log, char *err, size_t errlen)
{
	char msg[CORDON_ERR_MAX];
	size_t len;
	char *buf;
	int rc;

	if (!path || !log) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	/* securityfs files have no size: read until EOF */
	rc = cordon_read_file(path, CORDON_IMA_LOG_MAX, &buf, &len, err,
			      errlen);
	if (rc < 0)
		return rc;
	rc = cordon_ima_parse((const uint8_t *)buf, len, alg, log, msg,
			      sizeof(msg));
	free(buf);
	if (rc < 0)
		cordon__seterr(err, errlen, "%s: %s", path, msg);
	else
		cordon__clearerr(err, errlen);
	return rc;
}

void cordon_ima_free(struct cordon_ima_log *log)
{
	if (!log)
		return;
	free(log->entries);
	free(log->raw_);
	free(log->strings_);
	log->entries = NULL;
	log->raw_ = NULL;
	log->strings_ = NULL;
	log->count = 0;
}

/* The bank's hash of the entry as ima_calc_field_array_hash_tfm() does. */
static int template_hash(const struct cordon_ima_entry *e, const EVP_MD *md,
			 uint8_t *out)
{
	EVP_MD_CTX *ctx;
	int ok;

	if (e->tpl != CORDON_IMA_TPL_IMA)
		return EVP_Digest(e->data, e->data_len, out, NULL, md, NULL)
			? 0 : -ENOMEM;

	/* "ima": digest then the name padded to 256 bytes, no lengths */
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return -ENOMEM;
	{
		uint8_t name[IMA_NAME_PADDED] = { 0 };
		uint32_t n = e->data_len - IMA_D_SIZE - 4;

		memcpy(name, e->data + IMA_D_SIZE + 4, n);
		ok = EVP_DigestInit_ex(ctx, md, NULL) &&
		     EVP_DigestUpdate(ctx, e->data, IMA_D_SIZE) &&
		     EVP_DigestUpdate(ctx, name, sizeof(name)) &&
		     EVP_DigestFinal_ex(ctx, out, NULL);
	}
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -ENOMEM;
}

int cordon_ima_bank_digest(const struct cordon_ima_entry *e,
			   enum cordon_hash bank, uint8_t *out)
{
	const EVP_MD *md = hash_md(bank);

	if (!e || !out || !md)
		return -EINVAL;
	if (e->violation) {
		memset(out, 0xff, cordon_hash_size(bank));
		return 0;
	}
	return template_hash(e, md, out);
}

int cordon_ima_check_entry(const struct cordon_ima_log *log,
			   const struct cordon_ima_entry *e, char *err,
			   size_t errlen)
{
	uint8_t h[CORDON_DIGEST_MAX];
	const EVP_MD *md;
	int rc;

	if (!log || !e || !(md = hash_md(log->alg))) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	if (e->violation) {
		cordon__clearerr(err, errlen);
		return 0;
	}
	rc = template_hash(e, md, h);
	if (rc < 0) {
		cordon__seterr(err, errlen, "out of memory");
		return rc;
	}
	if (memcmp(h, e->template_hash, cordon_hash_size(log->alg)) != 0) {
		char quoted[CORDON__QUOTE_SIZE];

		cordon__seterr(err, errlen,
			       "entry %zu (offset %zu, %s): template hash does not match the template data",
			       (size_t)(e - log->entries), e->offset,
			       cordon__quote(quoted, e->name, strlen(e->name)));
		return -EBADMSG;
	}
	cordon__clearerr(err, errlen);
	return 0;
}

/* pcr = H(pcr || digest) */
static int extend(const EVP_MD *md, uint8_t *pcr, const uint8_t *digest,
		  size_t len)
{
	uint8_t buf[2 * CORDON_DIGEST_MAX];

	memcpy(buf, pcr, len);
	memcpy(buf + len, digest, len);
	return EVP_Digest(buf, 2 * len, pcr, NULL, md, NULL) ? 0 : -ENOMEM;
}

static int replay(const struct cordon_ima_log *log, size_t count,
		  uint32_t pcr, enum cordon_hash bank, const uint8_t *quoted,
		  uint8_t *out, size_t *prefix)
{
	const EVP_MD *md = hash_md(bank);
	size_t len = cordon_hash_size(bank);
	uint8_t v[CORDON_DIGEST_MAX] = { 0 };
	uint8_t d[CORDON_DIGEST_MAX];

	if (!log || !md || count > log->count || pcr >= CORDON_PCR_COUNT)
		return -EINVAL;
	if (quoted && memcmp(v, quoted, len) == 0)
		*prefix = 0;
	for (size_t i = 0; i < count; i++) {
		const struct cordon_ima_entry *e = &log->entries[i];
		int rc;

		if (e->pcr != pcr)
			continue;
		rc = cordon_ima_bank_digest(e, bank, d);
		if (rc == 0)
			rc = extend(md, v, d, len);
		if (rc < 0)
			return rc;
		if (quoted && *prefix == SIZE_MAX &&
		    memcmp(v, quoted, len) == 0)
			*prefix = i + 1;
	}
	memcpy(out, v, len);
	return 0;
}

int cordon_ima_replay(const struct cordon_ima_log *log, size_t count,
		      uint32_t pcr, enum cordon_hash bank, uint8_t *out)
{
	if (!out)
		return -EINVAL;
	return replay(log, count, pcr, bank, NULL, out, NULL);
}

int cordon_ima_replay_match(const struct cordon_ima_log *log, uint32_t pcr,
			    enum cordon_hash bank, const uint8_t *quoted,
			    struct cordon_ima_replay *r)
{
	size_t prefix = SIZE_MAX;
	int rc;

	if (!log || !quoted || !r)
		return -EINVAL;
	rc = replay(log, log->count, pcr, bank, quoted, r->final, &prefix);
	if (rc < 0)
		return rc;
	r->bank = bank;
	r->pcr = pcr;
	r->prefix = prefix;
	return prefix == SIZE_MAX ? -ENOENT : 0;
}
