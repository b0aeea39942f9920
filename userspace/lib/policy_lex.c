// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the policy language's lexer
 *
 * Tokens: words (runs of characters that are not blank, control
 * characters or one of ;{},=*"#), strings in double quotes (no escapes,
 * no newline), and the punctuation ; { } , = *.  '#' starts a comment
 * that ends with the line.  Which words are valid where is the parser's
 * business: a word like "my@profile" is one token, reported as a bad name.
 */
#include <stdbool.h>
#include <string.h>

#include <cordon/policy.h>

#include "internal.h"
#include "policy_internal.h"

void cordon__lex_init(struct cordon__lexer *lx, const char *file,
		      const char *text, size_t len, struct cordon_diags *diags)
{
	lx->p = text;
	lx->end = text + len;
	lx->line_start = text;
	lx->line = 1;
	lx->file = file;
	lx->diags = diags;
	lx->oom = false;
}

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static bool is_word(unsigned char c)
{
	return !is_blank(c) && !is_control(c) && c != '\n' &&
	       !strchr(";{},=*\"#", c);
}

static unsigned int col_of(const struct cordon__lexer *lx, const char *p)
{
	return (unsigned int)(p - lx->line_start) + 1;
}

static void lex_error(struct cordon__lexer *lx, const char *p,
		      const char *msg, const char *arg)
{
	if (cordon__diag_add(lx->diags, lx->file, lx->line, col_of(lx, p),
			     msg, arg) < 0)
		lx->oom = true;
}

void cordon__lex(struct cordon__lexer *lx, struct cordon__tok *t)
{
	static const char punct[] = ";{},=*";
	static const enum cordon__tok_type punct_type[] = {
		CORDON__T_SEMI, CORDON__T_LBRACE, CORDON__T_RBRACE,
		CORDON__T_COMMA, CORDON__T_EQ, CORDON__T_STAR,
	};

	t->unterminated = false;
	for (;;) {
		unsigned char c;
		const char *q;

		if (lx->p >= lx->end) {
			t->type = CORDON__T_EOF;
			t->s = lx->p;
			t->len = 0;
			t->line = lx->line;
			t->col = col_of(lx, lx->p);
			return;
		}
		c = (unsigned char)*lx->p;
		t->s = lx->p;
		t->line = lx->line;
		t->col = col_of(lx, lx->p);
		if (c == '\n') {
			lx->p++;
			lx->line++;
			lx->line_start = lx->p;
			continue;
		}
		if (is_blank(c)) {
			lx->p++;
			continue;
		}
		if (c == '#') {
			q = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
			lx->p = q ? q : lx->end;
			continue;
		}
		q = c ? strchr(punct, c) : NULL;
		if (q) {
			t->type = punct_type[q - punct];
			t->len = 1;
			lx->p++;
			return;
		}
		if (c == '"') {
			const char *s = lx->p + 1;

			q = s;
			while (q < lx->end && *q != '"' && *q != '\n')
				q++;
			t->type = CORDON__T_STRING;
			t->s = s;
			t->len = (size_t)(q - s);
			if (q < lx->end && *q == '"') {
				lx->p = q + 1;
			} else {
				lex_error(lx, lx->p, "unterminated string%s",
					  "");
				t->unterminated = true;
				lx->p = q;
			}
			return;
		}
		if (is_control(c)) {
			char buf[CORDON__QUOTE_SIZE];

			lex_error(lx, lx->p, "unexpected character %s",
				  cordon__quote(buf, lx->p, 1));
			lx->p++;
			continue;
		}
		q = lx->p;
		while (q < lx->end && is_word((unsigned char)*q))
			q++;
		t->type = CORDON__T_WORD;
		t->len = (size_t)(q - lx->p);
		lx->p = q;
		return;
	}
}

size_t cordon__tok_digits(const struct cordon__tok *t)
{
	size_t n = 0;

	/* not strspn(): the token is not NUL-terminated, nor the text */
	while (n < t->len && t->s[n] >= '0' && t->s[n] <= '9')
		n++;
	return n;
}
