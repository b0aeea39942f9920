// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the exclude regular expressions (Python's re, translated to
 * a POSIX ERE for regcomp()): what Python refuses is refused, and so is
 * what glibc's regcomp() takes exponential time or memory on (found by
 * fuzz_manifest and fuzz_keylime: a 156-byte manifest took 46 s).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cordon/cordon.h>
#include <cordon/manifest.h>

#include "unit.h"

static int parse_exclude(const char *re, char *err, size_t errlen)
{
	struct cordon_manifest m;
	char *text = NULL;
	int rc;

	if (asprintf(&text, "exclude %s\n", re) < 0)
		abort();
	rc = cordon_manifest_parse(text, strlen(text), "m", &m, err, errlen);
	if (rc == 0)
		cordon_manifest_free(&m);
	free(text);
	return rc;
}

static char *repeat(const char *head, const char *unit, int n,
		    const char *tail)
{
	size_t len = strlen(head) + n * strlen(unit) + strlen(tail) + 1;
	char *s = malloc(len);

	if (!s)
		abort();
	strcpy(s, head);
	for (int i = 0; i < n; i++)
		strcat(s, unit);
	strcat(s, tail);
	return s;
}

TEST(manifest_exclude_refuses_what_regcomp_is_slow_on)
{
	struct {
		char *re;
		const char *msg;
	} cases[] = {
		/* the fuzzers' slow units */
		{ repeat("[[:alpha:]]", "*", 120, "\\.lo[:a]"),
		  "multiple repeat at byte 13" },
		{ repeat("%", "*", 100, "a?h"), "multiple repeat at byte 3" },
		/* nested unbounded repetitions of what matches "" */
		{ repeat("", "(a*)*", 40, ""),
		  "byte 5 repeats a group that can match the empty string" },
		{ strdup("(a|b?)+"), "byte 7 repeats a group" },
		{ strdup("(?:x|)*"), "byte 7 repeats a group" },
		{ strdup("((a*)){2,}"), "byte 7 repeats a group" },
		{ strdup("(a*b*)*"), "byte 7 repeats a group" },
		/* counted repetitions multiplied out */
		{ strdup("((a{1000}){1000}){1000}"),
		  "more than 4096 atoms once counted repetitions are expanded (byte 11)" },
		{ strdup("(a{32767}){32767}"), "more than 4096 atoms" },
		{ repeat("", "(", 33, "a"), "groups nested deeper than 32 at byte 33" },
		/* what Python's re refuses too */
		{ strdup("*a"), "nothing to repeat at byte 1" },
		{ strdup("a|*"), "nothing to repeat at byte 3" },
		{ strdup("^*"), "nothing to repeat at byte 2" },
		{ strdup("a)"), "unbalanced parenthesis at byte 2" },
		{ strdup("a{3,2}"), "min repeat greater than max repeat at byte 2" },
		{ strdup("a*+"), "possessive quantifier at byte 3" },
		{ strdup("a*?*"), "multiple repeat at byte 4" },
		{ strdup("a{2}{3}"), "multiple repeat at byte 5" },
	};
	char err[CORDON_ERR_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		clock_t t0 = clock();

		REQUIRE(cases[i].re);
		CHECK_EQ(parse_exclude(cases[i].re, err, sizeof(err)), -EINVAL);
		if (!strstr(err, cases[i].msg))
			unit_fail(__FILE__, __LINE__, "case %zu: \"%s\" lacks \"%s\"",
				  i, err, cases[i].msg);
		/* refused at once, not after regcomp() ran */
		CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
		free(cases[i].re);
	}
}

TEST(manifest_exclude_takes_ordinary_expressions)
{
	static const char *const ok[] = {
		"/tmp/.*", "/var/lib/\\d+/", "(/[a-z]+)*", "(/[^/]*)+$",
		"[0-9a-f]{64}", "a{2,3}?", "a{,3}", "(?:ab)+", "(a*){3}",
		"(a*)?", "(a|b)*c", "/x{", "/x}", "a{b}", "^/usr/(lib|lib64)/.*",
		"[*+?]", "\\*\\{", "(ab){1000}",
	};
	char err[CORDON_ERR_MAX];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (parse_exclude(ok[i], err, sizeof(err)) != 0)
			unit_fail(__FILE__, __LINE__, "'%s' refused: %s", ok[i],
				  err);
}
