// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the policy language's parser
 *
 * A recursive descent parser over the tokens of policy_lex.c that fills a
 * struct cordon__policy with the statements as written; policy_compile.c
 * resolves "extends" and references, and writes the blob.  After an error
 * the parser resynchronises (at the next ';' or '}' in a profile, after
 * the next statement or block at the top level) and goes on, so that one
 * run reports every error.  The grammar is in cordon-policy(5).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/policy.h>

#include "internal.h"
#include "policy_internal.h"

struct parser {
	struct cordon__policy *pol;
	struct cordon__lexer lx;
	struct cordon__tok tok;		/* the lookahead */
	unsigned int prev_line;		/* line of the last token consumed */
	size_t top_stmts;		/* top-level statements so far */
	bool too_many_profiles;
	bool too_many_selectors;
};

void cordon__perr(struct cordon__policy *pol, struct cordon__loc loc,
		  const char *fmt, ...)
{
	char *msg;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		pol->oom = true;
		return;
	}
	if (cordon__diag_add(pol->diags, pol->file, loc.line, loc.col, "%s",
			     msg) < 0)
		pol->oom = true;
	free(msg);
}

static struct cordon__loc tok_loc(const struct cordon__tok *t)
{
	return (struct cordon__loc){ t->line, t->col };
}

static void next(struct parser *ps)
{
	ps->prev_line = ps->tok.line;
	cordon__lex(&ps->lx, &ps->tok);
}

static bool is_kw(const struct cordon__tok *t, const char *kw)
{
	return t->type == CORDON__T_WORD && strlen(kw) == t->len &&
	       memcmp(t->s, kw, t->len) == 0;
}

static bool accept_kw(struct parser *ps, const char *kw)
{
	if (!is_kw(&ps->tok, kw))
		return false;
	next(ps);
	return true;
}

/* How a token is named in "expected X, got Y". */
static const char *describe(const struct cordon__tok *t, char *buf,
			    size_t len)
{
	char q[CORDON__QUOTE_SIZE];

	switch (t->type) {
	case CORDON__T_EOF:
		return "end of file";
	case CORDON__T_STRING:
		snprintf(buf, len, "string %s", cordon__quote(q, t->s, t->len));
		return buf;
	default:
		snprintf(buf, len, "%s", cordon__quote(q, t->s, t->len));
		return buf;
	}
}

#define DESC_SIZE (CORDON__QUOTE_SIZE + 48)

/* "expected WHAT, got TOKEN" at the lookahead */
static void expected(struct parser *ps, const char *what)
{
	char d[DESC_SIZE];

	cordon__perr(ps->pol, tok_loc(&ps->tok), "expected %s, got %s", what,
		     describe(&ps->tok, d, sizeof(d)));
}

/* Skip the rest of a statement in a profile: to after ';', or to '}'. */
static void sync_stmt(struct parser *ps)
{
	for (;;) {
		switch (ps->tok.type) {
		case CORDON__T_EOF:
		case CORDON__T_RBRACE:
			return;
		case CORDON__T_SEMI:
			next(ps);
			return;
		default:
			next(ps);
		}
	}
}

/* Skip the rest of a top-level statement: to after ';' or a block. */
static void sync_top(struct parser *ps)
{
	unsigned int depth = 0;

	for (;;) {
		switch (ps->tok.type) {
		case CORDON__T_EOF:
			return;
		case CORDON__T_LBRACE:
			depth++;
			break;
		case CORDON__T_RBRACE:
			next(ps);
			if (depth <= 1) {
				/* "profile x { ... };" */
				if (depth == 1 &&
				    ps->tok.type == CORDON__T_SEMI)
					next(ps);
				return;
			}
			depth--;
			continue;
		case CORDON__T_SEMI:
			if (depth == 0) {
				next(ps);
				return;
			}
			break;
		default:
			break;
		}
		next(ps);
	}
}

/*
 * Expect the ';' ending a statement.  A missing ';' before a token on a
 * later line, a '}' or the end of file is reported and the statement
 * kept; otherwise the caller resynchronises.
 */
static bool expect_semi(struct parser *ps)
{
	if (ps->tok.type == CORDON__T_SEMI) {
		next(ps);
		return true;
	}
	expected(ps, "';'");
	return ps->tok.line > ps->prev_line ||
	       ps->tok.type == CORDON__T_RBRACE ||
	       ps->tok.type == CORDON__T_EOF;
}

/* "a" or "an" before a noun */
static const char *article(const char *noun)
{
	return strchr("aeiouAEIOU", noun[0]) ? "an" : "a";
}

/*
 * Check a name and copy it to dst (NUL-padded to size); on error report
 * it and set dst to "".  what: "profile name", ...
 */
static bool check_name(struct parser *ps, const struct cordon__tok *t,
		       bool fstype, const char *what, char *dst, size_t size)
{
	struct cordon__loc loc = tok_loc(t);
	unsigned int off = t->type == CORDON__T_STRING ? 1 : 0;
	char q[CORDON__QUOTE_SIZE];

	memset(dst, 0, size);
	if (t->unterminated)
		return false;	/* already reported */
	if (t->len == 0) {
		cordon__perr(ps->pol, loc, "empty %s", what);
		return false;
	}
	for (size_t i = 0; i < t->len; i++) {
		if (!cordon__name_char((unsigned char)t->s[i], fstype)) {
			char c[CORDON__QUOTE_SIZE];

			loc.col += off + (unsigned int)i;
			cordon__perr(ps->pol, loc,
				     "bad character %s in %s %s",
				     cordon__quote(c, t->s + i, 1), what,
				     cordon__quote(q, t->s, t->len));
			return false;
		}
	}
	if (t->len > size - 1) {
		cordon__perr(ps->pol, loc,
			     "%s %s is too long (%zu characters, at most %zu)",
			     what, cordon__quote(q, t->s, t->len), t->len,
			     size - 1);
		return false;
	}
	memcpy(dst, t->s, t->len);
	return true;
}

/*
 * A name where a word is expected: "profile NAME", "extends NAME"...
 * Return: 1 good, 0 bad name (reported, consumed), -1 syntax error.
 */
static int parse_name(struct parser *ps, bool fstype, const char *what,
		      char *dst, size_t size, struct cordon__loc *loc)
{
	int ok;

	if (ps->tok.type != CORDON__T_WORD) {
		char e[64];

		snprintf(e, sizeof(e), "%s %s", article(what), what);
		expected(ps, e);
		memset(dst, 0, size);
		return -1;
	}
	if (loc)
		*loc = tok_loc(&ps->tok);
	ok = check_name(ps, &ps->tok, fstype, what, dst, size);
	next(ps);
	return ok ? 1 : 0;
}

/*
 * One word out of names[n] (NULL entries skipped).  Return: its index;
 * -1 unknown (reported, consumed); -2 not a word (reported).
 */
static int parse_choice(struct parser *ps, const char *const *names,
			size_t n, const char *what)
{
	char q[CORDON__QUOTE_SIZE], list[256] = "";
	size_t used = 0;

	if (ps->tok.type != CORDON__T_WORD) {
		char e[64];

		snprintf(e, sizeof(e), "%s %s", article(what), what);
		expected(ps, e);
		return -2;
	}
	for (size_t i = 0; i < n; i++) {
		if (names[i] && is_kw(&ps->tok, names[i])) {
			next(ps);
			return (int)i;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!names[i])
			continue;
		used += (size_t)snprintf(list + used, sizeof(list) - used,
					 "%s%s", used ? ", " : "", names[i]);
		if (used >= sizeof(list))
			break;
	}
	cordon__perr(ps->pol, tok_loc(&ps->tok), "unknown %s %s (expected %s)",
		     what, cordon__quote(q, ps->tok.s, ps->tok.len), list);
	next(ps);
	return -1;
}

/* Look a word up in a bit table: the bit or 0. */
static uint32_t table_bit(const struct cordon__bitname *tab,
			  const struct cordon__tok *t)
{
	for (; tab->name; tab++)
		if (is_kw(t, tab->name))
			return tab->bit;
	return 0;
}

/*
 * A set: "none", "all" (when all_bits is not 0) or NAME{,NAME}.  Unknown
 * names are reported and skipped.  tab NULL means capabilities.
 * Return: false on a syntax error (reported).
 */
static bool parse_set(struct parser *ps, const struct cordon__bitname *tab,
		      uint64_t all_bits, const char *what, uint64_t *bits)
{
	*bits = 0;
	if (ps->tok.type == CORDON__T_WORD) {
		if (is_kw(&ps->tok, "none")) {
			next(ps);
			return true;
		}
		if (all_bits && is_kw(&ps->tok, "all")) {
			next(ps);
			*bits = all_bits;
			return true;
		}
	}
	for (;;) {
		char q[CORDON__QUOTE_SIZE];
		uint64_t bit = 0;

		if (ps->tok.type != CORDON__T_WORD) {
			char e[64];

			snprintf(e, sizeof(e), "%s %s", article(what), what);
			expected(ps, e);
			return false;
		}
		if (tab) {
			bit = table_bit(tab, &ps->tok);
		} else {
			int cap = cordon_cap_parse(ps->tok.s, ps->tok.len);

			if (cap >= 0)
				bit = UINT64_C(1) << cap;
		}
		if (!bit)
			cordon__perr(ps->pol, tok_loc(&ps->tok), "unknown %s %s",
				     what,
				     cordon__quote(q, ps->tok.s, ps->tok.len));
		*bits |= bit;
		next(ps);
		if (ps->tok.type != CORDON__T_COMMA)
			return true;
		next(ps);
	}
}

static const char *const field_kw[CORDON__F_SURFACE] = {
	[CORDON__F_MODE] = "mode",
	[CORDON__F_ARM] = "arm",
	[CORDON__F_PTRACE] = "ptrace",
	[CORDON__F_PTRACE_HOST] = "ptrace from-host",
	[CORDON__F_MOUNT_OPS] = "mount ops",
	[CORDON__F_IPC] = "ipc cross",
	[CORDON__F_KNOBS] = "knobs protect",
};

static const char *field_name(unsigned int f)
{
	return f < CORDON__F_SURFACE ? field_kw[f] :
	       cordon__surface_names[f - CORDON__F_SURFACE].kw;
}

/* Record that a scalar statement starts at loc; report a second one. */
static void set_field(struct parser *ps, struct cordon__prof *p,
		      unsigned int f, struct cordon__loc loc)
{
	if (p->set & (1U << f)) {
		cordon__perr(ps->pol, loc,
			     "duplicate '%s' statement (first at %u:%u)",
			     field_name(f), p->field_loc[f].line,
			     p->field_loc[f].col);
		return;
	}
	p->set |= 1U << f;
	p->field_loc[f] = loc;
}

static struct cordon__mstmt *add_mstmt(struct parser *ps,
				       struct cordon__prof *p)
{
	if (p->n_mstmts == p->cap_mstmts) {
		size_t cap = p->cap_mstmts ? 2 * p->cap_mstmts : 8;
		struct cordon__mstmt *m;

		m = realloc(p->mstmts, cap * sizeof(*m));
		if (!m) {
			ps->pol->oom = true;
			return NULL;
		}
		p->mstmts = m;
		p->cap_mstmts = cap;
	}
	return &p->mstmts[p->n_mstmts++];
}

/* "mount allow|deny|ops ...;" after "mount" */
static bool parse_mount(struct parser *ps, struct cordon__prof *p,
			struct cordon__loc start)
{
	char fstype[CORDON_FSTYPE_MAX];
	struct cordon__loc loc;
	uint64_t bits = 0;
	bool deny;
	int ok;

	if (accept_kw(ps, "ops")) {
		if (!parse_set(ps, cordon__mount_op_names, CORDON_MOUNT_OP_ALL,
			       "mount operation", &bits))
			return false;
		set_field(ps, p, CORDON__F_MOUNT_OPS, start);
		p->mount_ops = (uint32_t)bits;
		return expect_semi(ps);
	}
	if (accept_kw(ps, "allow")) {
		deny = false;
	} else if (accept_kw(ps, "deny")) {
		deny = true;
	} else {
		expected(ps, "'allow', 'deny' or 'ops' after 'mount'");
		return false;
	}
	ok = parse_name(ps, true, "file system type", fstype, sizeof(fstype),
			&loc);
	if (ok < 0)
		return false;
	if (!deny && accept_kw(ps, "require")) {
		if (!parse_set(ps, cordon__mount_flag_names, 0, "mount flag",
			       &bits))
			return false;
	}
	if (ok) {
		struct cordon__mstmt *m;

		for (size_t i = 0; i < p->n_mstmts; i++) {
			if (strcmp(p->mstmts[i].fstype, fstype) == 0) {
				cordon__perr(ps->pol, loc,
					     "duplicate mount rule for '%s' (first at %u:%u)",
					     fstype, p->mstmts[i].loc.line,
					     p->mstmts[i].loc.col);
				ok = 0;
				break;
			}
		}
		if (ok) {
			m = add_mstmt(ps, p);
			if (m) {
				memcpy(m->fstype, fstype, sizeof(fstype));
				m->require = (uint16_t)bits;
				m->deny = deny;
				m->loc = loc;
			}
		}
	}
	return expect_semi(ps);
}

/*
 * One half of MAJOR:MINOR: s[0..n-1], at @loc.  @all is the whole
 * MAJOR:MINOR text, for the messages.  Return: false if bad (reported).
 */
static bool parse_devpart(struct parser *ps, const char *s, size_t n,
			  struct cordon__loc loc, const char *what,
			  uint32_t max, const char *all, size_t all_len,
			  uint32_t *out)
{
	char q[CORDON__QUOTE_SIZE], qa[CORDON__QUOTE_SIZE];
	uint64_t v = 0;

	if (n == 0) {
		cordon__perr(ps->pol, loc,
			     "missing %s number in device number %s (expected MAJOR:MINOR)",
			     what, cordon__quote(qa, all, all_len));
		return false;
	}
	if (n == 1 && s[0] == '*') {
		*out = CORDON_DEV_ANY;
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			cordon__perr(ps->pol, loc,
				     "bad %s number %s (expected a decimal number or '*')",
				     what, cordon__quote(q, s, n));
			return false;
		}
		if (v <= max)
			v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max) {
		cordon__perr(ps->pol, loc,
			     "%s number %s is out of range (at most %u)", what,
			     cordon__quote(q, s, n), max);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/*
 * MAJOR:MINOR, each a decimal number or '*'.  The lexer makes '*' a token
 * of its own and ':' part of a word: "1:3" is one word, "7:*" a word and
 * a star, "*:*" a star, the word ":" and a star.  The device number is
 * the run of such tokens with nothing between them.
 * Return: 1 good, 0 bad (reported, consumed), -1 syntax error (reported).
 */
static int parse_devnum(struct parser *ps, struct cordon__dev *dev)
{
	struct cordon__loc loc = tok_loc(&ps->tok), mloc;
	const char *s = ps->tok.s, *end = ps->tok.s, *colon;
	char q[CORDON__QUOTE_SIZE];
	bool ok;
	size_t n;

	if (ps->tok.type != CORDON__T_WORD && ps->tok.type != CORDON__T_STAR) {
		expected(ps, "a device number MAJOR:MINOR");
		return -1;
	}
	while ((ps->tok.type == CORDON__T_WORD ||
		ps->tok.type == CORDON__T_STAR) && ps->tok.s == end) {
		end = ps->tok.s + ps->tok.len;
		next(ps);
	}
	n = (size_t)(end - s);
	colon = memchr(s, ':', n);
	if ((s[n - 1] == ':' || (!colon && ps->tok.len &&
				 ps->tok.s[0] == ':')) &&
	    (ps->tok.type == CORDON__T_WORD ||
	     ps->tok.type == CORDON__T_STAR) &&
	    ps->tok.line == loc.line) {
		struct cordon__loc at = { loc.line, loc.col + (unsigned int)n };

		cordon__perr(ps->pol, at,
			     "blank inside a device number (write MAJOR:MINOR with no blank, as in 1:3)");
		return -1;
	}
	if (!colon) {
		cordon__perr(ps->pol, loc,
			     "bad device number %s (expected MAJOR:MINOR)",
			     cordon__quote(q, s, n));
		return 0;
	}
	ok = parse_devpart(ps, s, (size_t)(colon - s), loc, "major", 4095, s,
			   n, &dev->major);
	mloc = loc;
	mloc.col += (unsigned int)(colon + 1 - s);
	if (!parse_devpart(ps, colon + 1, (size_t)(end - colon - 1), mloc,
			   "minor", (1U << 20) - 1, s, n, &dev->minor))
		return 0;
	if (!ok)
		return 0;
	if (dev->major == CORDON_DEV_ANY && dev->minor != CORDON_DEV_ANY) {
		cordon__perr(ps->pol, mloc,
			     "bad device number %s: the minor number of any major number must be '*' too",
			     cordon__quote(q, s, n));
		return 0;
	}
	return 1;
}

/*
 * Device accesses: a word of the letters r, w and m, each at most once.
 * Return: 1 good, 0 bad (reported, consumed), -1 syntax error (reported).
 */
static int parse_access(struct parser *ps, uint8_t *access)
{
	char q[CORDON__QUOTE_SIZE], c[CORDON__QUOTE_SIZE];
	struct cordon__loc loc = tok_loc(&ps->tok);
	int ok = 1;

	*access = 0;
	if (ps->tok.type != CORDON__T_WORD) {
		expected(ps, "device accesses (a combination of r, w, m)");
		return -1;
	}
	for (size_t i = 0; i < ps->tok.len && ok; i++) {
		const char *l = memchr(cordon__dev_access_letters, ps->tok.s[i],
				       sizeof(cordon__dev_access_letters));
		struct cordon__loc at = { loc.line, loc.col + (unsigned int)i };
		uint8_t bit;

		if (!l) {
			cordon__perr(ps->pol, at,
				     "unknown device access %s in %s (expected a combination of r, w, m)",
				     cordon__quote(c, ps->tok.s + i, 1),
				     cordon__quote(q, ps->tok.s, ps->tok.len));
			ok = 0;
			break;
		}
		bit = (uint8_t)(1U << (l - cordon__dev_access_letters));
		if (*access & bit) {
			cordon__perr(ps->pol, at,
				     "device access %s given twice in %s",
				     cordon__quote(c, ps->tok.s + i, 1),
				     cordon__quote(q, ps->tok.s, ps->tok.len));
			ok = 0;
		}
		*access |= bit;
	}
	next(ps);
	return ok;
}

static struct cordon__dstmt *add_dstmt(struct parser *ps,
				       struct cordon__prof *p)
{
	if (p->n_dstmts == p->cap_dstmts) {
		size_t cap = p->cap_dstmts ? 2 * p->cap_dstmts : 8;
		struct cordon__dstmt *d;

		d = realloc(p->dstmts, cap * sizeof(*d));
		if (!d) {
			ps->pol->oom = true;
			return NULL;
		}
		p->dstmts = d;
		p->cap_dstmts = cap;
	}
	return &p->dstmts[p->n_dstmts++];
}

/*
 * "device allow char|block MAJOR:MINOR ACCESS;" or
 * "device deny char|block MAJOR:MINOR;" after "device"
 */
static bool parse_device(struct parser *ps, struct cordon__prof *p)
{
	struct cordon__dstmt d;
	bool good = true;
	int v;

	memset(&d, 0, sizeof(d));
	if (accept_kw(ps, "allow")) {
		d.deny = false;
	} else if (accept_kw(ps, "deny")) {
		d.deny = true;
	} else {
		expected(ps, "'allow' or 'deny' after 'device'");
		return false;
	}
	v = parse_choice(ps, cordon__dev_type_names, 3, "device type");
	if (v == -2)
		return false;
	if (v < 0)
		good = false;
	else
		d.dev.type = (uint8_t)v;
	d.loc = tok_loc(&ps->tok);
	v = parse_devnum(ps, &d.dev);
	if (v < 0)
		return false;
	if (v == 0)
		good = false;
	if (!d.deny) {
		v = parse_access(ps, &d.access);
		if (v < 0)
			return false;
		if (v == 0)
			good = false;
	} else if (ps->tok.type == CORDON__T_WORD &&
		   ps->tok.line == ps->prev_line) {
		cordon__perr(ps->pol, tok_loc(&ps->tok),
			     "'device deny' takes no accesses: it drops the inherited rule");
		next(ps);
		good = false;
	}
	if (good) {
		char a[CORDON__DEV_STR_SIZE];

		for (size_t i = 0; i < p->n_dstmts; i++) {
			const struct cordon__dstmt *o = &p->dstmts[i];

			if (o->dev.type == d.dev.type &&
			    o->dev.major == d.dev.major &&
			    o->dev.minor == d.dev.minor) {
				cordon__perr(ps->pol, d.loc,
					     "duplicate device rule for %s (first at %u:%u)",
					     cordon__dev_str(a, d.dev.type,
							     d.dev.major,
							     d.dev.minor),
					     o->loc.line, o->loc.col);
				good = false;
				break;
			}
		}
	}
	if (good) {
		struct cordon__dstmt *n = add_dstmt(ps, p);

		if (n)
			*n = d;
	}
	return expect_semi(ps);
}

/*
 * The attack surface statement starting at the lookahead, consumed up to
 * its setting: its index in cordon__surface_names[]; -1 if the lookahead
 * starts none; -2 after a syntax error (reported).
 */
static int surface_kw(struct parser *ps)
{
	for (int i = 0; i < CORDON__NR_SURFACE; i++) {
		const char *kw = cordon__surface_names[i].kw;
		const char *sp = strchr(kw, ' ');
		char first[32];

		if (!sp) {
			if (accept_kw(ps, kw))
				return i;
			continue;
		}
		snprintf(first, sizeof(first), "%.*s", (int)(sp - kw), kw);
		if (accept_kw(ps, first)) {
			if (accept_kw(ps, sp + 1))
				return i;
			snprintf(first, sizeof(first), "'%s' after '%.*s'",
				 sp + 1, (int)(sp - kw), kw);
			expected(ps, first);
			return -2;
		}
	}
	return -1;
}

/* "userns create|io_uring|userfaultfd|bpf|perf allow|deny;" */
static bool parse_surface(struct parser *ps, struct cordon__prof *p, int i,
			  struct cordon__loc start)
{
	static const char *const choice[] = { "allow", "deny" };
	const struct cordon__surface_name *sn = &cordon__surface_names[i];
	char what[48];
	int v;

	if (ps->tok.type != CORDON__T_WORD) {
		snprintf(what, sizeof(what), "'allow' or 'deny' after '%s'",
			 sn->kw);
		expected(ps, what);
		return false;
	}
	snprintf(what, sizeof(what), "'%s' setting", sn->kw);
	v = parse_choice(ps, choice, 2, what);
	set_field(ps, p, CORDON__F_SURFACE + (unsigned int)i, start);
	if (v == 0)
		p->surface |= sn->bit;
	else
		p->surface &= ~sn->bit;
	return expect_semi(ps);
}

/* "capability deny|deny-init-ns|allow SET;" after "capability" */
static bool parse_capability(struct parser *ps, struct cordon__prof *p)
{
	enum { DENY, DENY_INIT, ALLOW } op;
	uint64_t bits;
	bool none;

	if (accept_kw(ps, "deny")) {
		op = DENY;
	} else if (accept_kw(ps, "deny-init-ns")) {
		op = DENY_INIT;
	} else if (accept_kw(ps, "allow")) {
		op = ALLOW;
	} else {
		expected(ps,
			 "'deny', 'deny-init-ns' or 'allow' after 'capability'");
		return false;
	}
	none = is_kw(&ps->tok, "none");
	if (!parse_set(ps, NULL, CORDON__CAP_ALL, "capability", &bits))
		return false;
	switch (op) {
	case DENY:
		if (none) {
			p->deny_add = 0;
			p->deny_del = CORDON__CAP_ALL;
		}
		p->deny_add |= bits;
		p->deny_del &= ~bits;
		break;
	case DENY_INIT:
		if (none) {
			p->init_add = 0;
			p->init_del = CORDON__CAP_ALL;
		}
		p->init_add |= bits;
		p->init_del &= ~bits;
		break;
	case ALLOW:
		p->deny_add &= ~bits;
		p->deny_del |= bits;
		p->init_add &= ~bits;
		p->init_del |= bits;
		break;
	}
	return expect_semi(ps);
}

/*
 * One statement of a profile body.  Return: false after a syntax error
 * (the caller resynchronises).
 */
static bool parse_pstmt(struct parser *ps, struct cordon__prof *p)
{
	struct cordon__loc start = tok_loc(&ps->tok);
	char q[CORDON__QUOTE_SIZE];
	uint64_t bits;
	int v;

	if (accept_kw(ps, "mode")) {
		v = parse_choice(ps, cordon__mode_names, 3, "mode");
		if (v == -2)
			return false;
		set_field(ps, p, CORDON__F_MODE, start);
		p->mode = v < 0 ? 0 : (uint8_t)v;
	} else if (accept_kw(ps, "arm")) {
		v = parse_choice(ps, cordon__arm_names, 2, "arm point");
		if (v == -2)
			return false;
		set_field(ps, p, CORDON__F_ARM, start);
		p->arm = v < 0 ? 0 : (uint8_t)v;
	} else if (accept_kw(ps, "ptrace")) {
		if (accept_kw(ps, "from-host")) {
			v = parse_choice(ps, cordon__ptrace_host_names, 2,
					 "host ptrace rule");
			if (v == -2)
				return false;
			set_field(ps, p, CORDON__F_PTRACE_HOST, start);
			p->ptrace_host = v < 0 ? 0 : (uint8_t)v;
		} else {
			v = parse_choice(ps, cordon__ptrace_names, 2,
					 "ptrace scope");
			if (v == -2)
				return false;
			set_field(ps, p, CORDON__F_PTRACE, start);
			p->ptrace = v < 0 ? 0 : (uint8_t)v;
		}
	} else if (accept_kw(ps, "mount")) {
		return parse_mount(ps, p, start);
	} else if (accept_kw(ps, "ipc")) {
		if (!accept_kw(ps, "cross")) {
			expected(ps, "'cross' after 'ipc'");
			return false;
		}
		if (!parse_set(ps, cordon__ipc_names, CORDON_IPC_ALL,
			       "IPC mechanism", &bits))
			return false;
		set_field(ps, p, CORDON__F_IPC, start);
		p->ipc = (uint32_t)bits;
	} else if (accept_kw(ps, "knobs")) {
		if (!accept_kw(ps, "protect")) {
			expected(ps, "'protect' after 'knobs'");
			return false;
		}
		if (!parse_set(ps, cordon__knob_names, CORDON_KNOB_ALL, "knob",
			       &bits))
			return false;
		set_field(ps, p, CORDON__F_KNOBS, start);
		p->knobs = (uint32_t)bits;
	} else if (accept_kw(ps, "capability")) {
		return parse_capability(ps, p);
	} else if (accept_kw(ps, "device")) {
		return parse_device(ps, p);
	} else if ((v = surface_kw(ps)) != -1) {
		return v >= 0 && parse_surface(ps, p, v, start);
	} else if (ps->tok.type == CORDON__T_WORD) {
		cordon__perr(ps->pol, start, "unknown statement %s",
			     cordon__quote(q, ps->tok.s, ps->tok.len));
		return false;
	} else {
		expected(ps, "a statement or '}'");
		return false;
	}
	return expect_semi(ps);
}

static bool is_top_kw(const struct cordon__tok *t)
{
	return is_kw(t, "profile") || is_kw(t, "select") ||
	       is_kw(t, "default") || is_kw(t, "policy");
}

static void parse_body(struct parser *ps, struct cordon__prof *p,
		       struct cordon__loc open)
{
	for (;;) {
		if (ps->tok.type == CORDON__T_RBRACE) {
			next(ps);
			return;
		}
		if (ps->tok.type == CORDON__T_EOF || is_top_kw(&ps->tok)) {
			char d[DESC_SIZE];

			cordon__perr(ps->pol, tok_loc(&ps->tok),
				     "expected '}' to close the profile opened at %u:%u, got %s",
				     open.line, open.col,
				     describe(&ps->tok, d, sizeof(d)));
			return;
		}
		if (!parse_pstmt(ps, p))
			sync_stmt(ps);
	}
}

static struct cordon__prof *add_prof(struct parser *ps)
{
	struct cordon__policy *pol = ps->pol;
	struct cordon__prof *p;

	if (pol->n_profs == pol->cap_profs) {
		size_t cap = pol->cap_profs ? 2 * pol->cap_profs : 16;

		p = realloc(pol->profs, cap * sizeof(*p));
		if (!p) {
			pol->oom = true;
			return NULL;
		}
		pol->profs = p;
		pol->cap_profs = cap;
	}
	p = &pol->profs[pol->n_profs++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* "profile NAME [extends BASE] { ... }" */
static void parse_profile(struct parser *ps)
{
	struct cordon__prof tmp, *p;
	struct cordon__loc start = tok_loc(&ps->tok), open;
	int ok;

	next(ps);
	memset(&tmp, 0, sizeof(tmp));
	ok = parse_name(ps, false, "profile name", tmp.name, sizeof(tmp.name),
			&tmp.loc);
	if (ok >= 0 && accept_kw(ps, "extends")) {
		tmp.has_base = true;
		ok = parse_name(ps, false, "profile name", tmp.base,
				sizeof(tmp.base), &tmp.base_loc);
		if (ok == 0)
			tmp.base_bad = true;
	}
	if (ok < 0 || ps->tok.type != CORDON__T_LBRACE) {
		if (ok >= 0)
			expected(ps, "'{'");
		/* skip the rest of the header, and parse the body anyway */
		while (ps->tok.type != CORDON__T_LBRACE &&
		       ps->tok.type != CORDON__T_SEMI &&
		       ps->tok.type != CORDON__T_RBRACE &&
		       ps->tok.type != CORDON__T_EOF)
			next(ps);
		if (ps->tok.type != CORDON__T_LBRACE) {
			if (ps->tok.type != CORDON__T_EOF)
				next(ps);
			return;
		}
	}
	if (tmp.has_base && !tmp.base[0])
		tmp.base_bad = true;
	if (tmp.loc.line == 0)
		tmp.loc = start;
	if (ps->pol->n_profs == CORDON_MAX_PROFILES &&
	    !ps->too_many_profiles) {
		cordon__perr(ps->pol, start, "too many profiles (at most %u)",
			     CORDON_MAX_PROFILES);
		ps->too_many_profiles = true;
	}
	p = add_prof(ps);
	if (!p)
		return;
	*p = tmp;
	open = tok_loc(&ps->tok);
	next(ps);
	parse_body(ps, p, open);
}

/* "policy NAME version N;" */
static bool parse_policy(struct parser *ps)
{
	struct cordon__policy *pol = ps->pol;
	struct cordon__loc start = tok_loc(&ps->tok);
	char name[CORDON_NAME_MAX], q[CORDON__QUOTE_SIZE];
	uint64_t v = 0;
	bool first = !pol->have_policy;
	int ok;

	next(ps);
	if (!first)
		cordon__perr(pol, start,
			     "duplicate 'policy' statement (first at %u:%u)",
			     pol->policy_loc.line, pol->policy_loc.col);
	else if (ps->top_stmts > 0)
		cordon__perr(pol, start,
			     "the 'policy' statement must come first");
	if (first) {
		pol->have_policy = true;
		pol->policy_loc = start;
		pol->version = 1;
	}
	ok = parse_name(ps, false, "policy name", name, sizeof(name), NULL);
	if (ok < 0)
		return false;
	if (first)
		memcpy(pol->name, name, sizeof(name));
	if (!accept_kw(ps, "version")) {
		expected(ps, "'version'");
		return false;
	}
	if (ps->tok.type != CORDON__T_WORD ||
	    cordon__tok_digits(&ps->tok) < ps->tok.len) {
		expected(ps, "a version number");
		return false;
	}
	for (size_t i = 0; i < ps->tok.len; i++) {
		unsigned int d = (unsigned int)(ps->tok.s[i] - '0');

		if (v > (UINT64_MAX - d) / 10) {
			cordon__perr(pol, tok_loc(&ps->tok),
				     "version %s is too large (at most %llu)",
				     cordon__quote(q, ps->tok.s, ps->tok.len),
				     (unsigned long long)UINT64_MAX);
			v = 1;
			break;
		}
		v = v * 10 + d;
	}
	if (v == 0)
		cordon__perr(pol, tok_loc(&ps->tok),
			     "version must be at least 1");
	else if (first)
		pol->version = v;
	next(ps);
	return expect_semi(ps);
}

/* "default profile NAME;" */
static bool parse_default(struct parser *ps)
{
	struct cordon__policy *pol = ps->pol;
	struct cordon__loc start = tok_loc(&ps->tok);
	char name[CORDON_NAME_MAX];
	struct cordon__loc loc;
	int ok;

	next(ps);
	if (!accept_kw(ps, "profile")) {
		expected(ps, "'profile' after 'default'");
		return false;
	}
	ok = parse_name(ps, false, "profile name", name, sizeof(name), &loc);
	if (ok < 0)
		return false;
	if (pol->have_default) {
		cordon__perr(pol, start,
			     "duplicate 'default profile' statement (first at %u:%u)",
			     pol->default_loc.line, pol->default_loc.col);
	} else {
		pol->have_default = true;
		pol->default_loc = start;
		memcpy(pol->default_name, name, sizeof(name));
		pol->default_name_loc = loc;
	}
	return expect_semi(ps);
}

/* A namespace inode number, 1..UINT32_MAX, or '*' (0). */
static bool parse_ns_value(struct parser *ps, uint32_t *val)
{
	char q[CORDON__QUOTE_SIZE];
	uint64_t v = 0;

	*val = 0;
	if (ps->tok.type == CORDON__T_STAR) {
		next(ps);
		return true;
	}
	if (ps->tok.type != CORDON__T_WORD ||
	    cordon__tok_digits(&ps->tok) < ps->tok.len) {
		expected(ps, "a namespace inode number or '*'");
		return false;
	}
	for (size_t i = 0; i < ps->tok.len && v <= UINT32_MAX; i++)
		v = v * 10 + (uint64_t)(ps->tok.s[i] - '0');
	if (v > UINT32_MAX)
		cordon__perr(ps->pol, tok_loc(&ps->tok),
			     "namespace inode number %s is too large (at most %u)",
			     cordon__quote(q, ps->tok.s, ps->tok.len),
			     UINT32_MAX);
	else if (v == 0)
		cordon__perr(ps->pol, tok_loc(&ps->tok),
			     "namespace inode number 0 is not valid; write '*' for any");
	else
		*val = (uint32_t)v;
	next(ps);
	return true;
}

static struct cordon__sel *add_sel(struct parser *ps)
{
	struct cordon__policy *pol = ps->pol;
	struct cordon__sel *s;

	if (pol->n_sels == pol->cap_sels) {
		size_t cap = pol->cap_sels ? 2 * pol->cap_sels : 64;

		s = realloc(pol->sels, cap * sizeof(*s));
		if (!s) {
			pol->oom = true;
			return NULL;
		}
		pol->sels = s;
		pol->cap_sels = cap;
	}
	return &pol->sels[pol->n_sels++];
}

/* "select name NAME profile P;" or "select ns KEY=VAL... profile P;" */
static bool parse_select(struct parser *ps)
{
	static const char *const keys[] = { "mnt", "pid", "user" };
	struct cordon__loc start = tok_loc(&ps->tok);
	struct cordon__sel sel, *s;
	bool bad = false;
	int ok;

	next(ps);
	memset(&sel, 0, sizeof(sel));
	sel.loc = start;
	if (accept_kw(ps, "name")) {
		sel.kind = CORDON_SELECT_NAME;
		if (ps->tok.type != CORDON__T_WORD &&
		    ps->tok.type != CORDON__T_STRING) {
			expected(ps, "a container name");
			return false;
		}
		if (!check_name(ps, &ps->tok, false, "container name",
				sel.name, sizeof(sel.name)))
			bad = true;
		next(ps);
	} else if (is_kw(&ps->tok, "ns")) {
		struct cordon__loc ns_loc = tok_loc(&ps->tok);
		struct cordon__loc key_loc[3];
		unsigned int seen = 0;

		sel.kind = CORDON_SELECT_NS;
		next(ps);
		while (ps->tok.type == CORDON__T_WORD &&
		       !is_kw(&ps->tok, "profile")) {
			struct cordon__loc kl = tok_loc(&ps->tok);
			int k = parse_choice(ps, keys, 3, "namespace");

			if (k < 0) {
				bad = true;
			} else if (seen & (1U << k)) {
				cordon__perr(ps->pol, kl,
					     "duplicate namespace '%s' (first at %u:%u)",
					     keys[k], key_loc[k].line,
					     key_loc[k].col);
				bad = true;
			} else {
				seen |= 1U << k;
				key_loc[k] = kl;
			}
			if (ps->tok.type != CORDON__T_EQ) {
				expected(ps, "'='");
				return false;
			}
			next(ps);
			{
				uint32_t v;

				if (!parse_ns_value(ps, &v))
					return false;
				if (k >= 0)
					sel.ns[k] = v;
			}
		}
		if (!seen && !bad) {
			expected(ps, "'mnt=', 'pid=' or 'user='");
			return false;
		}
		if (!bad && !sel.ns[0] && !sel.ns[1] && !sel.ns[2]) {
			cordon__perr(ps->pol, ns_loc,
				     "a namespace selector needs a namespace other than '*'");
			bad = true;
		}
	} else {
		expected(ps, "'name' or 'ns' after 'select'");
		return false;
	}
	if (!accept_kw(ps, "profile")) {
		expected(ps, "'profile'");
		return false;
	}
	ok = parse_name(ps, false, "profile name", sel.profile,
			sizeof(sel.profile), &sel.profile_loc);
	if (ok < 0)
		return false;
	sel.bad = bad || ok == 0;
	if (ps->pol->n_sels == CORDON_MAX_SELECTORS &&
	    !ps->too_many_selectors) {
		cordon__perr(ps->pol, start, "too many selectors (at most %u)",
			     CORDON_MAX_SELECTORS);
		ps->too_many_selectors = true;
	}
	s = add_sel(ps);
	if (s)
		*s = sel;
	return expect_semi(ps);
}

void cordon__parse(struct cordon__policy *pol, const char *text, size_t len)
{
	struct parser ps = { .pol = pol };

	cordon__lex_init(&ps.lx, pol->file, text, len, pol->diags);
	cordon__lex(&ps.lx, &ps.tok);
	while (ps.tok.type != CORDON__T_EOF && !pol->oom && !ps.lx.oom) {
		bool ok = true;

		if (is_kw(&ps.tok, "policy")) {
			ok = parse_policy(&ps);
		} else if (is_kw(&ps.tok, "profile")) {
			parse_profile(&ps);
		} else if (is_kw(&ps.tok, "default")) {
			ok = parse_default(&ps);
		} else if (is_kw(&ps.tok, "select")) {
			ok = parse_select(&ps);
		} else if (ps.tok.type == CORDON__T_RBRACE) {
			cordon__perr(pol, tok_loc(&ps.tok), "unexpected '}'");
			next(&ps);
		} else {
			expected(&ps,
				 "'policy', 'profile', 'default' or 'select'");
			ok = false;
		}
		if (!ok)
			sync_top(&ps);
		ps.top_stmts++;
	}
	if (ps.lx.oom)
		pol->oom = true;
	pol->eof = tok_loc(&ps.tok);
}

void cordon__policy_free(struct cordon__policy *pol)
{
	for (size_t i = 0; i < pol->n_profs; i++) {
		free(pol->profs[i].mstmts);
		free(pol->profs[i].rules);
		free(pol->profs[i].dstmts);
		free(pol->profs[i].drules);
	}
	free(pol->profs);
	free(pol->sels);
}
