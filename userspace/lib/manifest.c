// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the attestation manifest (format: cordon-manifest(5))
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include <cordon/cordon.h>
#include <cordon/sign.h>
#include <cordon/manifest.h>

#include "internal.h"
#include "manifest_internal.h"

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

void cordon__manifest_entry_free(struct cordon_manifest_entry *e)
{
	free(e->name);
	free(e->digests);
	if (e->regex_) {
		regfree(e->regex_);
		free(e->regex_);
	}
	e->name = NULL;
	e->digests = NULL;
	e->regex_ = NULL;
}

/* names: FNV-1a, open addressing */

static uint64_t cordon_mhash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* The class of a named entry: 0 for entries without a name. */
static unsigned int cordon_mclass(const struct cordon_manifest_entry *e)
{
	switch (e->kind) {
	case CORDON_MANIFEST_FILE:
		return 1;
	case CORDON_MANIFEST_ALLOW:
		/* one class per scope; ANY collides with every scope */
		return 1;
	case CORDON_MANIFEST_FORBID:
		return 2;
	case CORDON_MANIFEST_EXCLUDE:
		return 3;
	case CORDON_MANIFEST_IGNORE_KEYRING:
		return 4;
	default:
		return 0;
	}
}

static bool cordon_mcollide(const struct cordon_manifest_entry *a,
			    const struct cordon_manifest_entry *b)
{
	if (cordon_mclass(a) != cordon_mclass(b) || strcmp(a->name, b->name))
		return false;
	/* Keylime's maps may name the same thing in different scopes */
	if (a->kind == CORDON_MANIFEST_ALLOW &&
	    b->kind == CORDON_MANIFEST_ALLOW && a->scope != b->scope &&
	    a->scope != CORDON_MANIFEST_SCOPE_ANY &&
	    b->scope != CORDON_MANIFEST_SCOPE_ANY)
		return false;
	return true;
}

static int cordon_mnames_grow(struct cordon__mnames *t,
			      const struct cordon_manifest *m)
{
	size_t cap = t->mask ? 2 * (t->mask + 1) : 64;
	size_t *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; t->mask && i <= t->mask; i++) {
		size_t k;

		if (!t->slot[i])
			continue;
		k = cordon_mhash(m->entries[t->slot[i] - 1].name) & (cap - 1);
		while (slot[k])
			k = (k + 1) & (cap - 1);
		slot[k] = t->slot[i];
	}
	free(t->slot);
	t->slot = slot;
	t->mask = cap - 1;
	return 0;
}

int cordon__mnames_add(struct cordon__mnames *t,
		       const struct cordon_manifest *m, size_t i, size_t *dup)
{
	const struct cordon_manifest_entry *e = &m->entries[i];
	size_t k;

	*dup = SIZE_MAX;
	if (!cordon_mclass(e))
		return 0;
	if (2 * (t->used + 1) > t->mask + 1 && cordon_mnames_grow(t, m) < 0)
		return -ENOMEM;
	for (k = cordon_mhash(e->name) & t->mask; t->slot[k];
	     k = (k + 1) & t->mask) {
		if (cordon_mcollide(&m->entries[t->slot[k] - 1], e)) {
			*dup = t->slot[k] - 1;
			return 0;
		}
	}
	t->slot[k] = i + 1;
	t->used++;
	return 0;
}

void cordon__mnames_free(struct cordon__mnames *t)
{
	free(t->slot);
	t->slot = NULL;
	t->mask = 0;
	t->used = 0;
}

/*
 * What glibc's regcomp() is slow on, measured: an unbounded repetition of
 * a group that can match the empty string ("(a*)*", "(a|b?)+": each
 * nesting doubles the time, 20 of them take a second, 40 minutes) and
 * counted repetitions multiplied out ("((a{1000}){1000}){1000}": the
 * expanded tree does not fit in memory).  Python's re takes both, but no
 * exclude needs them: the translation refuses the first and bounds the
 * second by the expanded size (atoms once counted repetitions are copied
 * out), CORDON_RE_SIZE_MAX; groups nest at most CORDON_RE_DEPTH_MAX deep.
 */
#define CORDON_RE_SIZE_MAX 4096
#define CORDON_RE_DEPTH_MAX 32

/* One group (or the whole expression) being read. */
struct cordon_re_group {
	size_t size;		/* expanded size so far */
	size_t last_size;	/* that of the last atom */
	bool empty_ok;		/* the branch so far can match "" */
	bool before_last;	/* ... as it was before the last atom */
	bool branch_empty;	/* an earlier branch can match "" */
	bool have_last;		/* an atom to quantify */
	bool last_empty;	/* the last atom can match "" */
	bool last_group;	/* the last atom is a group */
	bool quantified;	/* the last token was a quantifier */
	bool lazy;		/* ... followed by '?' */
};

struct cordon_re_shape {
	struct cordon_re_group g[CORDON_RE_DEPTH_MAX + 1];
	unsigned int depth;
};

static size_t cordon_re_mul(size_t a, size_t b)
{
	return b && a > (CORDON_RE_SIZE_MAX + 1) / b ? CORDON_RE_SIZE_MAX + 1 :
	       a * b;
}

static void cordon_re_group_init(struct cordon_re_group *g)
{
	memset(g, 0, sizeof(*g));
	g->empty_ok = true;
}

/* An atom (a character, a class, a group) of @size that may match "". */
static void cordon_re_atom(struct cordon_re_shape *sh, size_t size,
			   bool empty, bool group)
{
	struct cordon_re_group *g = &sh->g[sh->depth];

	g->before_last = g->empty_ok;
	g->empty_ok = g->empty_ok && empty;
	g->size += size;
	if (g->size > CORDON_RE_SIZE_MAX)
		g->size = CORDON_RE_SIZE_MAX + 1;
	g->last_size = size;
	g->have_last = true;
	g->last_empty = empty;
	g->last_group = group;
	g->quantified = false;
	g->lazy = false;
}

/*
 * A quantifier {min,max} (max SIZE_MAX: unbounded) at byte @at.  Returns
 * 1 for a lazy '?' to drop, 0 to copy, -EINVAL (why set) to refuse.
 */
static int cordon_re_quant(struct cordon_re_shape *sh, char c, size_t min,
			   size_t max, size_t at, char *why, size_t whylen)
{
	struct cordon_re_group *g = &sh->g[sh->depth];
	size_t copies;

	if (g->quantified) {
		if (c == '?' && !g->lazy) {
			g->lazy = true;
			return 1;	/* lazy: the same strings match */
		}
		cordon__seterr(why, whylen, "%s at byte %zu",
			       c == '+' && !g->lazy ? "possessive quantifier" :
			       "multiple repeat", at + 1);
		return -EINVAL;
	}
	if (!g->have_last) {
		cordon__seterr(why, whylen, "nothing to repeat at byte %zu",
			       at + 1);
		return -EINVAL;
	}
	if (max == SIZE_MAX && g->last_group && g->last_empty) {
		cordon__seterr(why, whylen,
			       "byte %zu repeats a group that can match the empty string without bound (write the group so that it cannot)",
			       at + 1);
		return -EINVAL;
	}
	/* glibc copies a counted atom out max times (min + 1 unbounded) */
	copies = max != SIZE_MAX ? max : min + 1;
	g->size -= g->last_size;
	g->last_size = cordon_re_mul(g->last_size, copies ? copies : 1);
	g->size += g->last_size;
	if (g->size > CORDON_RE_SIZE_MAX) {
		cordon__seterr(why, whylen,
			       "more than %d atoms once counted repetitions are expanded (byte %zu)",
			       CORDON_RE_SIZE_MAX, at + 1);
		return -EINVAL;
	}
	g->last_empty = g->last_empty || min == 0;
	g->empty_ok = g->before_last && g->last_empty;
	g->quantified = true;
	return 0;
}

/* "{m}", "{m,}", "{m,n}", "{,n}" at @re: its length, 0 if not one. */
static size_t cordon_re_interval(const char *re, size_t len, size_t *min,
				 size_t *max)
{
	size_t i = 1, v[2] = { 0, SIZE_MAX }, k = 0;
	bool digits = false, comma = false;

	for (; i < len && re[i] != '}'; i++) {
		if (re[i] >= '0' && re[i] <= '9') {
			if (v[k] == SIZE_MAX)
				v[k] = 0;
			v[k] = v[k] > 100000 ? 100001 :
			       v[k] * 10 + (size_t)(re[i] - '0');
			digits = true;
		} else if (re[i] == ',' && !comma) {
			comma = true;
			k = 1;
		} else {
			return 0;
		}
	}
	if (i == len || !digits)
		return 0;
	*min = v[0];
	*max = comma ? v[1] : v[0];
	return i + 1;
}

/*
 * Python's re (as Keylime compiles excludes) to a POSIX ERE: the common
 * subset as is, \d \w \s (and their negations) as classes, (?:...) as a
 * group, lazy quantifiers as greedy ones (the same strings match
 * somewhere), escaped punctuation as itself, a '{' that starts no
 * repetition as itself; what an ERE cannot say (lookaround,
 * backreferences, \b, inline flags...) is refused, and so is what Python
 * refuses (a repeated repetition, nothing to repeat, an unbalanced ')')
 * and what regcomp() is too slow on (above).
 */
static int cordon_re_translate(const char *re, size_t len, char **out,
			       char *why, size_t whylen)
{
	/* each byte becomes at most 16: "[^[:alnum:]_]" */
	char *o = malloc(16 * len + 8), *p;
	bool in_bracket = false;
	size_t bracket_start = 0;
	struct cordon_re_shape *sh = calloc(1, sizeof(*sh));
	struct cordon_re_group *g;
	size_t min, max, qlen;
	int rc;

	if (!o || !sh) {
		free(o);
		free(sh);
		cordon__seterr(why, whylen, "out of memory");
		return -ENOMEM;
	}
	cordon_re_group_init(&sh->g[0]);
	p = o;
	p += sprintf(p, "^(");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)re[i];

		if (c == '\0' || c == '\n') {
			cordon__seterr(why, whylen, "%s at byte %zu",
				       c ? "newline" : "NUL", i + 1);
			goto bad;
		}
		if (c == '\\') {
			unsigned char n;

			if (i + 1 == len) {
				cordon__seterr(why, whylen,
					       "trailing backslash");
				goto bad;
			}
			n = (unsigned char)re[++i];
			if (strchr("dDwWsS", n) && n) {
				static const char *const cls[][2] = {
					{ "0-9", "[0-9]" },
					{ "[:alnum:]_", "[[:alnum:]_]" },
					{ "[:space:]", "[[:space:]]" },
				};
				int k = (n | 0x20) == 'd' ? 0 :
					(n | 0x20) == 'w' ? 1 : 2;
				bool neg = n < 'a';

				if (in_bracket) {
					if (neg) {
						cordon__seterr(why, whylen,
							       "\\%c inside [...] at byte %zu",
							       n, i);
						goto bad;
					}
					p += sprintf(p, "%s", cls[k][0]);
				} else if (neg) {
					p += sprintf(p, "[^%s]", cls[k][0]);
					cordon_re_atom(sh, 1, false, false);
				} else {
					p += sprintf(p, "%s", cls[k][1]);
					cordon_re_atom(sh, 1, false, false);
				}
				continue;
			}
			if (n == 't' || n == 'n' || n == 'r' || n == 'f' ||
			    n == 'v') {
				cordon__seterr(why, whylen,
					       "\\%c (a control character) at byte %zu",
					       n, i);
				goto bad;
			}
			if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') ||
			    (n >= '0' && n <= '9')) {
				cordon__seterr(why, whylen,
					       "\\%c at byte %zu has no POSIX equivalent",
					       n, i);
				goto bad;
			}
			if (in_bracket) {
				/* literal inside [...] unless it is special */
				if (n == ']' || n == '^' || n == '-' ||
				    n == '[') {
					cordon__seterr(why, whylen,
						       "\\%c inside [...] at byte %zu (move it first or last)",
						       n, i);
					goto bad;
				}
				*p++ = (char)n;
				continue;
			}
			if (strchr(".[]()*+?{}|^$\\", n))
				*p++ = '\\';
			*p++ = (char)n;
			cordon_re_atom(sh, 1, false, false);
			continue;
		}
		if (in_bracket) {
			if (c == ']' && i > bracket_start)
				in_bracket = false;
			if (c == '[' && i + 1 < len &&
			    strchr(":.=", re[i + 1])) {
				/* POSIX classes: copied up to their end */
				const char *end = NULL;

				for (size_t j = i + 2; j + 1 < len; j++)
					if (re[j] == re[i + 1] &&
					    re[j + 1] == ']') {
						end = re + j + 2;
						break;
					}
				if (!end) {
					cordon__seterr(why, whylen,
						       "unterminated [%c at byte %zu",
						       re[i + 1], i + 1);
					goto bad;
				}
				memcpy(p, re + i, (size_t)(end - (re + i)));
				p += end - (re + i);
				i = (size_t)(end - re) - 1;
				continue;
			}
			*p++ = (char)c;
			continue;
		}
		g = &sh->g[sh->depth];
		if (c == '[') {
			cordon_re_atom(sh, 1, false, false);
			in_bracket = true;
			*p++ = '[';
			bracket_start = i + 1;
			if (i + 1 < len && re[i + 1] == '^') {
				*p++ = '^';
				bracket_start = ++i + 1;
			}
			/* a first ']' is literal in both syntaxes */
			continue;
		}
		if (c == '(' && i + 1 < len && re[i + 1] == '?') {
			if (i + 2 >= len || re[i + 2] != ':') {
				cordon__seterr(why, whylen,
					       "'(?' at byte %zu: only (?:...) has a POSIX equivalent",
					       i + 1);
				goto bad;
			}
			i += 2;
		}
		if (c == '(') {
			if (sh->depth == CORDON_RE_DEPTH_MAX) {
				cordon__seterr(why, whylen,
					       "groups nested deeper than %d at byte %zu",
					       CORDON_RE_DEPTH_MAX, i + 1);
				goto bad;
			}
			cordon_re_group_init(&sh->g[++sh->depth]);
			*p++ = '(';
			continue;
		}
		if (c == ')') {
			bool empty = g->branch_empty || g->empty_ok;
			size_t size = g->size + 1;

			if (!sh->depth) {
				cordon__seterr(why, whylen,
					       "unbalanced parenthesis at byte %zu",
					       i + 1);
				goto bad;
			}
			sh->depth--;
			cordon_re_atom(sh, size, empty, true);
			*p++ = ')';
			continue;
		}
		if (c == '|') {
			g->branch_empty = g->branch_empty || g->empty_ok;
			g->empty_ok = true;
			g->have_last = false;
			g->quantified = false;
			*p++ = '|';
			continue;
		}
		if (c == '^' || c == '$') {
			g->have_last = false;	/* an anchor repeats nothing */
			g->quantified = false;
			*p++ = (char)c;
			continue;
		}
		qlen = 1;
		if (c == '*' || c == '+' || c == '?') {
			min = c == '+';
			max = c == '?' ? 1 : SIZE_MAX;
		} else if (c == '{' &&
			   (qlen = cordon_re_interval(re + i, len - i, &min,
						      &max)) != 0) {
			if (min > max) {
				cordon__seterr(why, whylen,
					       "min repeat greater than max repeat at byte %zu",
					       i + 1);
				goto bad;
			}
		} else {
			/* a '{' or '}' that is no repetition is itself */
			if (c == '{' || c == '}')
				*p++ = '\\';
			*p++ = (char)c;
			cordon_re_atom(sh, 1, false, false);
			continue;
		}
		rc = cordon_re_quant(sh, (char)c, min, max, i, why, whylen);
		if (rc < 0)
			goto bad;
		if (rc == 0) {
			memcpy(p, re + i, qlen);
			p += qlen;
		}
		i += qlen - 1;
	}
	if (in_bracket) {
		cordon__seterr(why, whylen, "unterminated [");
		goto bad;
	}
	*p++ = ')';
	*p = '\0';
	*out = o;
	free(sh);
	return 0;
bad:
	free(o);
	free(sh);
	return -EINVAL;
}

int cordon__manifest_exclude(struct cordon_manifest_entry *e, const char *re,
			     size_t len, char *why, size_t whylen)
{
	char *ere = NULL;
	regex_t *rx;
	int rc;

	e->kind = CORDON_MANIFEST_EXCLUDE;
	e->name = malloc(len + 1);
	rx = calloc(1, sizeof(*rx));
	if (!e->name || !rx) {
		free(rx);
		cordon__seterr(why, whylen, "out of memory");
		return -ENOMEM;
	}
	memcpy(e->name, re, len);
	e->name[len] = '\0';
	rc = cordon_re_translate(re, len, &ere, why, whylen);
	if (rc < 0) {
		free(rx);
		return rc;
	}
	rc = regcomp(rx, ere, REG_EXTENDED | REG_NOSUB);
	free(ere);
	if (rc) {
		char msg[128];

		regerror(rc, rx, msg, sizeof(msg));
		free(rx);
		cordon__seterr(why, whylen, "%s", msg);
		return rc == REG_ESPACE ? -ENOMEM : -EINVAL;
	}
	e->regex_ = rx;
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
		{ "allow", CORDON_MANIFEST_ALLOW, 2, MAX_TOKENS,
		  "allow NAME DIGEST [DIGEST...]" },
		{ "exclude", CORDON_MANIFEST_EXCLUDE, 1, 1, "exclude REGEX" },
		{ "ignore_keyring", CORDON_MANIFEST_IGNORE_KEYRING, 1, 1,
		  "ignore_keyring NAME" },
		{ "allowlist", CORDON_MANIFEST_ALLOWLIST, 0, 0, "allowlist" },
		{ "violations", CORDON_MANIFEST_VIOLATIONS, 1, 1,
		  "violations allow" },
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
		     "unknown directive %s (file, allow, forbid, exclude, boot_aggregate, pcr, allowlist, ignore_keyring, violations)",
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
	case CORDON_MANIFEST_ALLOW:
	case CORDON_MANIFEST_FORBID:
	case CORDON_MANIFEST_IGNORE_KEYRING:
		e->name = parse_name(mp, &tok[1]);
		if (!e->name)
			return -EINVAL;
		if (e->name[0] == '\0') {
			merr(mp, tok[1].col, "empty name");
			return -EINVAL;
		}
		first_digest = 2;
		break;
	case CORDON_MANIFEST_EXCLUDE: {
		char why[CORDON_ERR_MAX];
		int rc;

		for (size_t i = 0; i < tok[1].len; i++) {
			unsigned char c = (unsigned char)tok[1].s[i];

			if (c < 0x20 || c == 0x7f) {
				merr(mp, tok[1].col + i,
				     "control character in a regular expression");
				return -EINVAL;
			}
		}
		rc = cordon__manifest_exclude(e, tok[1].s, tok[1].len, why,
					      sizeof(why));
		if (rc < 0) {
			merr(mp, tok[1].col, "regular expression %s: %s",
			     cordon__quote(q, tok[1].s, tok[1].len), why);
			e->line = mp->line;
			return rc;
		}
		e->line = mp->line;
		return 0;
	}
	case CORDON_MANIFEST_VIOLATIONS:
		if (tok[1].len != 5 || memcmp(tok[1].s, "allow", 5) != 0) {
			merr(mp, tok[1].col,
			     "%s: violations are refused unless 'violations allow'",
			     cordon__quote(q, tok[1].s, tok[1].len));
			return -EINVAL;
		}
		return 0;
	case CORDON_MANIFEST_PCR:
		if (!parse_pcr_index(mp, &tok[1], &e->pcr))
			return -EINVAL;
		first_digest = 2;
		break;
	case CORDON_MANIFEST_BOOT_AGGREGATE:
	case CORDON_MANIFEST_ALLOWLIST:
		break;
	}
	if (e->kind == CORDON_MANIFEST_FORBID ||
	    e->kind == CORDON_MANIFEST_IGNORE_KEYRING ||
	    e->kind == CORDON_MANIFEST_ALLOWLIST)
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

/* A second pcr line for the same PCR and bank, boot_aggregate... */
static size_t cordon_msingle_dup(const struct cordon_manifest *m,
				 const struct cordon_manifest_entry *e)
{
	for (size_t i = 0; i < m->count; i++) {
		const struct cordon_manifest_entry *o = &m->entries[i];

		if (o->kind != e->kind)
			continue;
		if (e->kind != CORDON_MANIFEST_PCR ||
		    (o->pcr == e->pcr &&
		     o->digests[0].alg == e->digests[0].alg))
			return i;
	}
	return SIZE_MAX;
}

/* Set the flags of the mode lines. */
static void cordon_manifest_mode(struct cordon_manifest *m,
				 const struct cordon_manifest_entry *e)
{
	if (e->kind == CORDON_MANIFEST_ALLOWLIST)
		m->allowlist = true;
	else if (e->kind == CORDON_MANIFEST_VIOLATIONS)
		m->violations_allowed = true;
}

/* The text format (cordon_manifest_parse() sends JSON elsewhere). */
static int cordon_manifest_parse_text(const char *buf, size_t len,
				      const char *source,
				      struct cordon_manifest *m, char *err,
				      size_t errlen)
{
	struct mparser mp = { .err = err, .errlen = errlen, .line = 0 };
	struct cordon_manifest r = { 0 };
	struct cordon__mnames names = { 0 };
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
		struct cordon_manifest_entry *e;
		size_t n = 0, i = 0, dup;
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
		e = &r.entries[r.count];
		rc = parse_line(&mp, tok, n, e);
		if (rc < 0) {
			cordon__manifest_entry_free(e);
			goto fail;
		}
		if (cordon_mclass(e)) {
			rc = cordon__mnames_add(&names, &r, r.count, &dup);
			if (rc < 0) {
				cordon__manifest_entry_free(e);
				goto nomem;
			}
		} else {
			dup = cordon_msingle_dup(&r, e);
		}
		if (dup != SIZE_MAX) {
			merr(&mp, n > 1 ? tok[1].col : tok[0].col,
			     "duplicate directive (first at line %u)",
			     r.entries[dup].line);
			cordon__manifest_entry_free(e);
			rc = -EINVAL;
			goto fail;
		}
		cordon_manifest_mode(&r, e);
		r.count++;
	}
	cordon__mnames_free(&names);
	*m = r;
	cordon__clearerr(err, errlen);
	return 0;

nomem:
	cordon__seterr(err, errlen, "out of memory");
	rc = -ENOMEM;
fail:
	cordon__mnames_free(&names);
	cordon_manifest_free(&r);
	return rc;
}

int cordon_manifest_parse(const char *buf, size_t len, const char *source,
			  struct cordon_manifest *m, char *err, size_t errlen)
{
	size_t i = 0;

	/* no directive starts with '{': that is a Keylime policy */
	while (buf && i < len && (buf[i] == ' ' || buf[i] == '\t' ||
				  buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (buf && i < len && buf[i] == '{')
		return cordon_manifest_parse_keylime(buf, len, source, m, err,
						     errlen);
	return cordon_manifest_parse_text(buf, len, source, m, err, errlen);
}

int cordon_manifest_parse_any(const char *buf, size_t len,
			      const char *source, struct cordon_manifest *m,
			      char *err, size_t errlen)
{
	return cordon_manifest_parse(buf, len, source, m, err, errlen);
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
		cordon__manifest_entry_free(&m->entries[i]);
	free(m->entries);
	free(m->source);
	memset(m, 0, sizeof(*m));
}

uint32_t cordon_manifest_pcrs(const struct cordon_manifest *m,
			      enum cordon_hash bank)
{
	uint32_t mask = 0;

	/* boot_aggregate's PCRs */
	if (bank == CORDON_HASH_SHA256)
		mask = (1u << CORDON_BOOT_AGGREGATE_PCRS) - 1;
	else if (bank == CORDON_HASH_SHA1)
		mask = (1u << 8) - 1;
	for (size_t i = 0; m && i < m->count; i++)
		if (m->entries[i].kind == CORDON_MANIFEST_PCR &&
		    m->entries[i].digests[0].alg == bank)
			mask |= 1u << m->entries[i].pcr;
	return mask;
}

/* trust: the signed manifest */

int cordon_manifest_load(const struct cordon_manifest_load_opts *o,
			 struct cordon_manifest *m, char *err, size_t errlen)
{
	static const struct cordon_manifest_load_opts defaults = { 0 };
	char why[CORDON_ERR_MAX], *sigpath = NULL, *buf = NULL;
	char *sig = NULL;
	const char *path, *cert, *ca;
	size_t len = 0, siglen = 0;
	bool have_sig;
	int rc;

	if (!m) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	if (!o)
		o = &defaults;
	path = o->path ? o->path : CORDON_MANIFEST_PATH;
	cert = o->cert;
	ca = o->ca;
	if (!cert && !ca)
		cert = CORDON_MANIFEST_CERT_PATH;

	rc = cordon_read_file(path, CORDON_MANIFEST_MAX, &buf, &len, why,
			      sizeof(why));
	if (rc == -ENOENT && o->allow_no_manifest) {
		memset(m, 0, sizeof(*m));
		m->source = strdup(path);
		if (!m->source) {
			cordon__seterr(err, errlen, "out of memory");
			return -ENOMEM;
		}
		m->trust = CORDON_MANIFEST_ABSENT;
		cordon__clearerr(err, errlen);
		return 0;
	}
	if (rc == -ENOENT) {
		cordon__seterr(err, errlen,
			       "%s: no manifest: refused; write and sign one (cordon-manifest(5)) or allow none explicitly (--allow-no-manifest)",
			       path);
		return rc;
	}
	if (rc < 0) {
		cordon__seterr(err, errlen, "%s", why);
		return rc;
	}
	if (o->sig)
		sigpath = strdup(o->sig);
	else if (asprintf(&sigpath, "%s.p7s", path) < 0)
		sigpath = NULL;
	if (!sigpath) {
		rc = -ENOMEM;
		cordon__seterr(err, errlen, "out of memory");
		goto out;
	}
	rc = cordon_read_file(sigpath, 1024 * 1024, &sig, &siglen, why,
			      sizeof(why));
	have_sig = rc == 0;
	if (rc < 0 && rc != -ENOENT) {
		cordon__seterr(err, errlen, "%s: signature: %s", path, why);
		goto out;
	}
	if (!have_sig && !o->allow_no_manifest) {
		cordon__seterr(err, errlen,
			       "%s: no signature (%s): refused; sign it (cordonctl sign) or allow an unsigned manifest explicitly (--allow-no-manifest)",
			       path, why);
		rc = -ENOKEY;
		goto out;
	}
	if (have_sig) {
		rc = cordon_sign_verify(buf, len, sig, siglen, cert, ca, why,
					sizeof(why));
		if (rc < 0) {
			cordon__seterr(err, errlen, "%s: %s%s (%s%s%s%s)",
				       path,
				       rc == -EKEYREJECTED || rc == -EBADMSG ?
				       "refused: " : "", why,
				       cert ? "certificate " : "",
				       cert ? cert : "", ca ? ", CA " : "",
				       ca ? ca : "");
			goto out;
		}
	}
	rc = cordon_manifest_parse_any(buf, len, path, m, err, errlen);
	if (rc == 0)
		m->trust = have_sig ? CORDON_MANIFEST_SIGNED :
				      CORDON_MANIFEST_UNSIGNED;
out:
	free(buf);
	free(sig);
	free(sigpath);
	return rc;
}

/* check */

const char *cordon_manifest_quote(char *buf, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (size < 8) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '\'';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char tmp[5];
		size_t n;

		if (c == '\'' || c == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)c;
			n = 2;
		} else if (c >= 0x20 && c <= 0x7e) {
			tmp[0] = (char)c;
			n = 1;
		} else {
			tmp[0] = '\\';
			tmp[1] = 'x';
			tmp[2] = hex[c >> 4];
			tmp[3] = hex[c & 0xf];
			n = 4;
		}
		/* room for this, the closing quote, "..." and the NUL */
		if (o + n + 5 > size) {
			buf[o++] = '\'';
			memcpy(buf + o, "...", 4);
			return buf;
		}
		memcpy(buf + o, tmp, n);
		o += n;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

int cordon_ima_boot_aggregate(enum cordon_hash bank,
			      const uint8_t *const pcrs[CORDON_BOOT_AGGREGATE_PCRS],
			      struct cordon_digest *out)
{
	size_t size = cordon_hash_size(bank);
	unsigned int n = bank == CORDON_HASH_SHA1 ? 8 :
			 CORDON_BOOT_AGGREGATE_PCRS;
	uint8_t cat[CORDON_BOOT_AGGREGATE_PCRS * CORDON_DIGEST_MAX];

	if (!size || !pcrs || !out)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (!pcrs[i])
			return -EINVAL;
		memcpy(cat + i * size, pcrs[i], size);
	}
	return cordon_hash_buf(bank, cat, n * size, out);
}

int cordon_quote_boot_aggregate(const struct cordon_quote *q,
				enum cordon_hash bank,
				struct cordon_digest *out, char *err,
				size_t errlen)
{
	const uint8_t *pcrs[CORDON_BOOT_AGGREGATE_PCRS] = { 0 };
	unsigned int n = bank == CORDON_HASH_SHA1 ? 8 :
			 CORDON_BOOT_AGGREGATE_PCRS;
	int rc;

	if (!q || !out || !cordon_hash_size(bank)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	for (unsigned int i = 0; i < n; i++) {
		pcrs[i] = cordon_quote_pcr(q, bank, i);
		if (!pcrs[i]) {
			cordon__seterr(err, errlen,
				       "PCR %u of the %s bank is not in the quote (boot_aggregate covers PCRs 0-%u)",
				       i, cordon_hash_name(bank), n - 1);
			return -ENOENT;
		}
	}
	rc = cordon_ima_boot_aggregate(bank, pcrs, out);
	if (rc < 0)
		cordon__seterr(err, errlen, "%s", strerror(-rc));
	else
		cordon__clearerr(err, errlen);
	return rc;
}

struct reporter {
	void (*fn)(void *arg, const struct cordon_manifest_failure *f);
	void *arg;
	int count;
};

/* The rules that are no directive's, for failure->entry. */
static const struct cordon_manifest_entry cordon_rule_violations = {
	.kind = CORDON_MANIFEST_VIOLATIONS,
};
static const struct cordon_manifest_entry cordon_rule_boot_aggregate = {
	.kind = CORDON_MANIFEST_BOOT_AGGREGATE,
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
	if (e->ndigests == 0)
		snprintf(buf, size, "no digest (the list for it is empty)");
	for (size_t i = 0; i < e->ndigests && used + 1 < size; i++) {
		char d[CORDON_DIGEST_TEXT_MAX];
		int n;

		if (i == 4 && e->ndigests > 5) {
			snprintf(buf + used, size - used, " or %zu more",
				 e->ndigests - 4);
			break;
		}
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

static bool digest_in(const struct cordon_ima_entry *le,
		      const struct cordon_manifest_entry *e)
{
	if (le->violation)
		return false;
	for (size_t k = 0; k < e->ndigests; k++)
		if (digest_eq(&le->digest, &e->digests[k]))
			return true;
	return false;
}

/* DER of an X.509 certificate or a SubjectPublicKeyInfo, nothing after. */
static bool cordon__der_is_key(const uint8_t *p, uint32_t len)
{
	const unsigned char *q = p;
	X509 *x;
	EVP_PKEY *k;
	bool is;

	x = d2i_X509(NULL, &q, (long)len);
	is = x && q == p + len;
	X509_free(x);
	if (!is) {
		q = p;
		k = d2i_PUBKEY(NULL, &q, (long)len);
		is = k && q == p + len;
		EVP_PKEY_free(k);
	}
	ERR_clear_error();
	return is;
}

/* Does an ima-buf entry hold a key (an X.509 certificate or a public key,
 * DER), as the kernel measures keys added to keyrings? */
static bool buf_is_key(const struct cordon_ima_entry *le)
{
	return le->buf && cordon__der_is_key(le->buf, le->buf_len);
}

/* State of a check over one log. */
struct mcheck {
	const struct cordon_manifest *m;
	const struct cordon_ima_log *log;
	size_t verified;
	struct reporter *r;
	struct cordon__mnames names;	/* file and allow lines */
	/* per manifest entry */
	size_t *found, *later;		/* file: first good entry in / after */
	size_t *bad_head, *bad_tail, *bad_n;
	/* per log entry: the next bad one of the same directive */
	size_t *bad_next;
	/* violations and allowlist misses: the first few, and how many */
	size_t viol[REPORT_MAX], nviol;
	size_t miss[2 * REPORT_MAX], nmiss;
	size_t boot;			/* the boot_aggregate entry checked */
	bool keys_ignored;		/* ignore_keyring '*' */
	/* the exclude and ignore_keyring lines (indices into m) */
	size_t *excl, nexcl, *ign, nign;
};

static void bad_add(struct mcheck *c, size_t entry, size_t i)
{
	if (c->bad_n[entry]++ == 0)
		c->bad_head[entry] = i;
	else
		c->bad_next[c->bad_tail[entry]] = i;
	c->bad_tail[entry] = i;
	c->bad_next[i] = SIZE_MAX;
}

/* The first entry of the chain of file/allow lines named @name. */
static size_t names_find(const struct mcheck *c, const char *name)
{
	const struct cordon__mnames *t = &c->names;

	if (!t->mask)
		return SIZE_MAX;
	for (size_t k = cordon_mhash(name) & t->mask; t->slot[k];
	     k = (k + 1) & t->mask)
		if (strcmp(c->m->entries[t->slot[k] - 1].name, name) == 0)
			return k;
	return SIZE_MAX;
}

static bool excluded(const struct mcheck *c, const char *name)
{
	for (size_t i = 0; i < c->nexcl; i++)
		if (regexec(c->m->entries[c->excl[i]].regex_, name, 0, NULL,
			    0) == 0)
			return true;
	return false;
}

static bool keyring_ignored(const struct mcheck *c, const char *name)
{
	if (c->keys_ignored)
		return true;
	for (size_t i = 0; i < c->nign; i++)
		if (strcmp(c->m->entries[c->ign[i]].name, name) == 0)
			return true;
	return false;
}

/* One log entry against the file and allow lines and the allowlist. */
static void check_log_entry(struct mcheck *c, size_t i)
{
	const struct cordon_ima_entry *le = &c->log->entries[i];
	enum cordon_manifest_scope scope = CORDON_MANIFEST_SCOPE_FILE;
	size_t file = SIZE_MAX, allow = SIZE_MAX, slot;
	bool allowed = false, listed = false;

	if (le->violation && !c->m->violations_allowed) {
		if (c->nviol < REPORT_MAX)
			c->viol[c->nviol] = i;
		c->nviol++;
	}
	if (le->violation) {
		/*
		 * Refused above, or accepted ("violations allow"): no allow
		 * line or allowlist rule applies to it.  A file line for its
		 * name still fails on it (its digest is unknown).
		 */
		size_t slot = names_find(c, le->name);

		for (size_t k = slot; k != SIZE_MAX && c->names.slot[k];
		     k = (k + 1) & c->names.mask) {
			size_t idx = c->names.slot[k] - 1;

			if (c->m->entries[idx].kind == CORDON_MANIFEST_FILE &&
			    strcmp(c->m->entries[idx].name, le->name) == 0)
				bad_add(c, idx, i);
		}
		return;
	}
	if (le->tpl == CORDON_IMA_TPL_BUF)
		scope = buf_is_key(le) ? CORDON_MANIFEST_SCOPE_KEY :
					 CORDON_MANIFEST_SCOPE_BUF;
	slot = names_find(c, le->name);
	/* file and allow lines of this name follow each other in the table */
	for (size_t k = slot; k != SIZE_MAX && c->names.slot[k];
	     k = (k + 1) & c->names.mask) {
		size_t idx = c->names.slot[k] - 1;
		const struct cordon_manifest_entry *e = &c->m->entries[idx];

		if (strcmp(e->name, le->name) != 0)
			continue;
		if (e->kind == CORDON_MANIFEST_FILE) {
			file = idx;
		} else if (e->scope == CORDON_MANIFEST_SCOPE_ANY ||
			   e->scope == scope) {
			if (allow == SIZE_MAX)
				allow = idx;
			listed = true;
			allowed |= digest_in(le, e);
		}
	}
	if (file != SIZE_MAX) {
		if (digest_in(le, &c->m->entries[file])) {
			if (i < c->verified && c->found[file] == SIZE_MAX)
				c->found[file] = i;
			if (i >= c->verified && c->later[file] == SIZE_MAX)
				c->later[file] = i;
			return;
		}
		bad_add(c, file, i);
		return;
	}
	if (allowed || i == c->boot)
		return;
	if (!listed && !c->m->allowlist)
		return;
	if (scope == CORDON_MANIFEST_SCOPE_KEY && keyring_ignored(c, le->name))
		return;
	if (excluded(c, le->name))
		return;
	if (listed) {
		bad_add(c, allow, i);
		return;
	}
	if (c->nmiss < 2 * REPORT_MAX)
		c->miss[c->nmiss] = i;
	c->nmiss++;
}

static void report_bad(struct mcheck *c, size_t idx, const char *subject,
		       const char *expected)
{
	const struct cordon_manifest_entry *e = &c->m->entries[idx];
	char seen[400];
	size_t shown = 0;

	for (size_t i = c->bad_n[idx] ? c->bad_head[idx] : SIZE_MAX;
	     i != SIZE_MAX && shown < REPORT_MAX; i = c->bad_next[i]) {
		seen_text(c->log, i, seen, sizeof(seen));
		report(c->r, e, subject, expected, seen, i);
		shown++;
	}
	if (c->bad_n[idx] > REPORT_MAX) {
		snprintf(seen, sizeof(seen), "%zu more measurements differ",
			 c->bad_n[idx] - REPORT_MAX);
		report(c->r, e, subject, expected, seen, SIZE_MAX);
	}
}

static void check_file(struct mcheck *c, size_t idx)
{
	const struct cordon_manifest_entry *e = &c->m->entries[idx];
	char subject[300], expected[600], seen[400], q[280];

	snprintf(subject, sizeof(subject), "file %s",
		 cordon_manifest_quote(q, sizeof(q), e->name));
	expected_text(e, expected, sizeof(expected));
	report_bad(c, idx, subject, expected);
	if (c->found[idx] == SIZE_MAX && c->bad_n[idx] == 0) {
		if (c->later[idx] != SIZE_MAX)
			snprintf(seen, sizeof(seen),
				 "measured only after the quote (log entry %zu), not covered by the TPM",
				 c->later[idx]);
		else
			snprintf(seen, sizeof(seen),
				 "not measured (no entry in the log)");
		report(c->r, e, subject, expected, seen, c->later[idx]);
	}
}

static void check_allow(struct mcheck *c, size_t idx)
{
	const struct cordon_manifest_entry *e = &c->m->entries[idx];
	char subject[300], expected[600], q[280];

	snprintf(subject, sizeof(subject), "allow %s",
		 cordon_manifest_quote(q, sizeof(q), e->name));
	expected_text(e, expected, sizeof(expected));
	report_bad(c, idx, subject, expected);
}

static void check_forbid(struct mcheck *c,
			 const struct cordon_manifest_entry *e)
{
	const struct cordon_ima_log *log = c->log;
	char subject[300], seen[400], q[280];
	size_t hits = 0;

	snprintf(subject, sizeof(subject), "forbid %s",
		 cordon_manifest_quote(q, sizeof(q), e->name));
	for (size_t i = 0; i < log->count; i++) {
		const struct cordon_ima_entry *le = &log->entries[i];

		if (fnmatch(e->name, le->name, 0) != 0)
			continue;
		if (++hits > REPORT_MAX)
			continue;
		snprintf(seen, sizeof(seen), "%s measured at log entry %zu",
			 cordon_manifest_quote(q, sizeof(q), le->name), i);
		report(c->r, e, subject, "absent from the log", seen, i);
	}
	if (hits > REPORT_MAX) {
		snprintf(seen, sizeof(seen), "%zu more measurements match",
			 hits - REPORT_MAX);
		report(c->r, e, subject, "absent from the log", seen,
		       SIZE_MAX);
	}
}

/* The first boot_aggregate entry of the verified prefix, or SIZE_MAX. */
static size_t find_boot(const struct cordon_ima_log *log, size_t verified)
{
	for (size_t i = 0; i < verified && i < log->count; i++)
		if (log->entries[i].tpl != CORDON_IMA_TPL_BUF &&
		    strcmp(log->entries[i].name, "boot_aggregate") == 0)
			return i;
	return SIZE_MAX;
}

static void check_boot_aggregate(struct mcheck *c,
				 const struct cordon_manifest_entry *e)
{
	const struct cordon_ima_log *log = c->log;
	char expected[600], seen[400];
	size_t i = find_boot(log, c->verified);

	expected_text(e, expected, sizeof(expected));
	if (i == SIZE_MAX) {
		report(c->r, e, "boot_aggregate", expected,
		       "no boot_aggregate entry in the quoted log", SIZE_MAX);
		return;
	}
	if (log->entries[i].violation ||
	    !digest_eq(&log->entries[i].digest, &e->digests[0])) {
		seen_text(log, i, seen, sizeof(seen));
		report(c->r, e, "boot_aggregate", expected, seen, i);
	}
}

/* boot_aggregate as recomputed from the quoted PCRs 0-9. */
static void check_boot_recomputed(struct mcheck *c,
				  const struct cordon_quote *q)
{
	const struct cordon_manifest_entry *e = &cordon_rule_boot_aggregate;
	const struct cordon_ima_entry *le;
	char expected[600], seen[400];
	char why[400];
	struct cordon_digest want;
	const char *subject = "boot_aggregate (recomputed from the quoted PCRs)";

	if (c->boot == SIZE_MAX) {
		report(c->r, e, subject, "a boot_aggregate entry",
		       "no boot_aggregate entry in the quoted log", SIZE_MAX);
		return;
	}
	le = &c->log->entries[c->boot];
	if (le->violation || !cordon_hash_size(le->digest.alg)) {
		seen_text(c->log, c->boot, seen, sizeof(seen));
		report(c->r, e, subject, "a digest of a PCR bank", seen,
		       c->boot);
		return;
	}
	if (cordon_quote_boot_aggregate(q, le->digest.alg, &want, why,
					sizeof(why)) < 0) {
		seen_text(c->log, c->boot, seen, sizeof(seen));
		snprintf(expected, sizeof(expected), "a value to compare: %s",
			 why);
		report(c->r, e, subject, expected, seen, c->boot);
		return;
	}
	if (!digest_eq(&le->digest, &want)) {
		cordon_digest_format(&want, expected, sizeof(expected));
		seen_text(c->log, c->boot, seen, sizeof(seen));
		report(c->r, e, subject, expected, seen, c->boot);
	}
}

static void check_pcr(struct mcheck *c, const struct cordon_manifest_entry *e,
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
		report(c->r, e, subject, expected,
		       "not quoted (bank not allocated in the TPM?)", SIZE_MAX);
		return;
	}
	if (memcmp(v, want->v, want->len) != 0) {
		struct cordon_digest got = { .alg = want->alg,
					     .len = want->len };

		memcpy(got.v, v, want->len);
		cordon_digest_format(&got, seen, sizeof(seen));
		report(c->r, e, subject, expected, seen, SIZE_MAX);
	}
}

static const struct cordon_manifest_entry *
find_kind(const struct cordon_manifest *m, enum cordon_manifest_kind kind)
{
	for (size_t i = 0; i < m->count; i++)
		if (m->entries[i].kind == kind)
			return &m->entries[i];
	return NULL;
}

static void report_log_rules(struct mcheck *c)
{
	const struct cordon_manifest_entry *al =
		find_kind(c->m, CORDON_MANIFEST_ALLOWLIST);
	static const struct cordon_manifest_entry keylime_allowlist = {
		.kind = CORDON_MANIFEST_ALLOWLIST,
	};
	char subject[300], seen[400], q[280];

	for (size_t k = 0; k < c->nviol && k < REPORT_MAX; k++) {
		size_t i = c->viol[k];

		snprintf(subject, sizeof(subject), "violation %s",
			 cordon_manifest_quote(q, sizeof(q),
					       c->log->entries[i].name));
		snprintf(seen, sizeof(seen),
			 "a violation (zero template hash: measured while open for write, or the reverse) at log entry %zu",
			 i);
		report(c->r, &cordon_rule_violations, subject,
		       "no violation (or 'violations allow')", seen, i);
	}
	if (c->nviol > REPORT_MAX) {
		snprintf(seen, sizeof(seen), "%zu more violations",
			 c->nviol - REPORT_MAX);
		report(c->r, &cordon_rule_violations, "violations",
		       "no violation (or 'violations allow')", seen, SIZE_MAX);
	}
	if (!al)
		al = &keylime_allowlist;
	for (size_t k = 0; k < c->nmiss && k < 2 * REPORT_MAX; k++) {
		size_t i = c->miss[k];
		const struct cordon_ima_entry *le = &c->log->entries[i];
		char d[CORDON_DIGEST_TEXT_MAX];

		snprintf(subject, sizeof(subject), "allowlist: %s",
			 cordon_manifest_quote(q, sizeof(q), le->name));
		snprintf(seen, sizeof(seen),
			 "not in the allowlist: %s (%s) at log entry %zu",
			 cordon_manifest_quote(q, sizeof(q), le->name),
			 le->violation ? "violation" :
			 cordon_digest_format(&le->digest, d, sizeof(d)), i);
		report(c->r, al, subject,
		       "a file or allow line for it, or an exclude matching it",
		       seen, i);
	}
	if (c->nmiss > 2 * REPORT_MAX) {
		snprintf(seen, sizeof(seen),
			 "%zu more measurements are not in the allowlist",
			 c->nmiss - 2 * REPORT_MAX);
		report(c->r, al, "allowlist",
		       "a file or allow line for each, or an exclude", seen,
		       SIZE_MAX);
	}
}

static void mcheck_free(struct mcheck *c)
{
	cordon__mnames_free(&c->names);
	free(c->found);
	free(c->later);
	free(c->bad_head);
	free(c->bad_tail);
	free(c->bad_n);
	free(c->bad_next);
	free(c->excl);
	free(c->ign);
}

int cordon_manifest_check(const struct cordon_manifest *m,
			  const struct cordon_ima_log *log, size_t verified,
			  const struct cordon_quote *q,
			  void (*fn)(void *arg,
				     const struct cordon_manifest_failure *f),
			  void *arg)
{
	struct reporter r = { .fn = fn, .arg = arg };
	struct mcheck c = { .m = m, .log = log, .r = &r };
	size_t n;

	if (!m || !log)
		return -EINVAL;
	c.verified = verified > log->count ? log->count : verified;
	n = m->count ? m->count : 1;
	c.found = malloc(n * sizeof(size_t));
	c.later = malloc(n * sizeof(size_t));
	c.bad_head = malloc(n * sizeof(size_t));
	c.bad_tail = malloc(n * sizeof(size_t));
	c.bad_n = calloc(n, sizeof(size_t));
	c.bad_next = malloc((log->count ? log->count : 1) * sizeof(size_t));
	c.excl = malloc(n * sizeof(size_t));
	c.ign = malloc(n * sizeof(size_t));
	if (!c.found || !c.later || !c.bad_head || !c.bad_tail || !c.bad_n ||
	    !c.bad_next || !c.excl || !c.ign)
		goto nomem;
	for (size_t i = 0; i < m->count; i++) {
		const struct cordon_manifest_entry *e = &m->entries[i];
		size_t dup;

		c.found[i] = SIZE_MAX;
		c.later[i] = SIZE_MAX;
		if (e->kind == CORDON_MANIFEST_IGNORE_KEYRING &&
		    strcmp(e->name, "*") == 0)
			c.keys_ignored = true;
		if (e->kind == CORDON_MANIFEST_IGNORE_KEYRING)
			c.ign[c.nign++] = i;
		if (e->kind == CORDON_MANIFEST_EXCLUDE)
			c.excl[c.nexcl++] = i;
		if (e->kind != CORDON_MANIFEST_FILE &&
		    e->kind != CORDON_MANIFEST_ALLOW)
			continue;
		if (cordon__mnames_add(&c.names, m, i, &dup) < 0)
			goto nomem;
	}
	/* with a quote, boot_aggregate is checked by recomputation */
	c.boot = q ? find_boot(log, c.verified) : SIZE_MAX;
	for (size_t i = 0; i < log->count; i++)
		check_log_entry(&c, i);

	for (size_t i = 0; i < m->count; i++) {
		const struct cordon_manifest_entry *e = &m->entries[i];

		switch (e->kind) {
		case CORDON_MANIFEST_FILE:
			check_file(&c, i);
			break;
		case CORDON_MANIFEST_ALLOW:
			check_allow(&c, i);
			break;
		case CORDON_MANIFEST_FORBID:
			check_forbid(&c, e);
			break;
		case CORDON_MANIFEST_BOOT_AGGREGATE:
			check_boot_aggregate(&c, e);
			break;
		case CORDON_MANIFEST_PCR:
			check_pcr(&c, e, q);
			break;
		default:
			break;
		}
	}
	if (q)
		check_boot_recomputed(&c, q);
	report_log_rules(&c);
	mcheck_free(&c);
	return r.count;
nomem:
	mcheck_free(&c);
	return -ENOMEM;
}
