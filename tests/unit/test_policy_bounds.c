// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the policy compiler stays within its input and its limits.
 *
 *  - A text need not be NUL-terminated (cordon_policy_compile() takes a
 *    length): texts ending in a number are placed at the very end of an
 *    exact-size allocation (AddressSanitizer reports a byte read beyond)
 *    and before an inaccessible page (any read beyond faults, with or
 *    without sanitizers).
 *  - Diagnostics are capped, as -fmax-errors: the default limit, a set
 *    limit, none, and the closing note.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cordon/policy.h>

#include "unit.h"

/* Texts whose last token is a number, scanned for its digits. */
static const char *const number_at_end[] = {
	"policy p version 12",
	"policy p version 1;\nprofile a {}\ndefault profile a;\nselect ns pid 4026531836",
	"policy p version 184467440737095516159999",
	"policy p version 7",
};

static int compile_copy(const char *src, size_t len, char *at)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	int rc;

	memcpy(at, src, len);
	cordon_diags_init(&d);
	rc = cordon_policy_compile("t", at, len, &b, &d);
	cordon_diags_free(&d);
	cordon_blob_free(&b);
	return rc;
}

TEST(policy_lex_number_at_end_of_exact_allocation)
{
	for (size_t i = 0; i < sizeof(number_at_end) / sizeof(*number_at_end);
	     i++) {
		size_t len = strlen(number_at_end[i]);
		char *buf = malloc(len);	/* no room for a NUL */

		REQUIRE(buf);
		/* each is an error (no ';'), found without reading beyond */
		CHECK_EQ(compile_copy(number_at_end[i], len, buf), -EINVAL);
		free(buf);
	}
}

TEST(policy_lex_number_at_a_page_edge)
{
	long page = sysconf(_SC_PAGESIZE);
	char *map;

	REQUIRE(page > 0);
	map = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(map != MAP_FAILED);
	REQUIRE(mprotect(map + page, (size_t)page, PROT_NONE) == 0);
	for (size_t i = 0; i < sizeof(number_at_end) / sizeof(*number_at_end);
	     i++) {
		size_t len = strlen(number_at_end[i]);

		/* a read past the text's last byte faults: the case fails */
		CHECK_EQ(compile_copy(number_at_end[i], len,
				      map + page - len), -EINVAL);
	}
	/* and a valid text right at the edge compiles */
	{
		static const char ok[] =
			"policy p version 3;\nprofile a {}\ndefault profile a;";
		size_t len = sizeof(ok) - 1;

		CHECK_EQ(compile_copy(ok, len, map + page - len), 0);
	}
	munmap(map, 2 * (size_t)page);
}

/* A text with n errors: n unknown statements, one per line. */
static char *many_errors(size_t n)
{
	static const char head[] = "policy p version 1;\nprofile a {\n";
	static const char line[] = "  bogus;\n";
	static const char tail[] = "}\ndefault profile a;\n";
	size_t len = sizeof(head) - 1 + n * (sizeof(line) - 1) +
		     sizeof(tail);
	char *t = malloc(len), *p;

	if (!t)
		return NULL;
	p = t + sprintf(t, "%s", head);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s", line);
	sprintf(p, "%s", tail);
	return t;
}

static char *printed(const struct cordon_diags *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	cordon_diags_print(d, f);
	fclose(f);
	return text;
}

TEST(policy_diag_default_limit)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	char note[256], *text, *out, *last;
	int rc;

	text = many_errors(1000);
	REQUIRE(text);
	cordon_diags_init(&d);
	rc = cordon_policy_compile("t", text, strlen(text), &b, &d);
	CHECK_EQ(rc, -EINVAL);
	CHECK(b.data == NULL);
	CHECK_EQ(d.count, CORDON_DIAGS_MAX_DEFAULT);
	CHECK_EQ(d.dropped, 1000 - CORDON_DIAGS_MAX_DEFAULT);
	/* the first ones found, in the order of the text */
	CHECK_EQ(d.items[0].line, 3);
	CHECK_EQ(d.items[CORDON_DIAGS_MAX_DEFAULT - 1].line,
		 2 + CORDON_DIAGS_MAX_DEFAULT);
	CHECK_EQ(cordon_diags_note(&d, note, sizeof(note)),
		 (int)strlen("t: note: too many errors: 980 more not shown (the limit is 20)"));
	CHECK_STREQ(note,
		    "t: note: too many errors: 980 more not shown (the limit is 20)");
	out = printed(&d);
	REQUIRE(out);
	last = strrchr(out, '\n');
	while (last > out && last[-1] != '\n')
		last--;
	CHECK_STREQ(last,
		    "t: note: too many errors: 980 more not shown (the limit is 20)\n");
	CHECK(strncmp(out, "t:3:3: error: unknown statement 'bogus'\n",
		      40) == 0);
	free(out);
	cordon_diags_free(&d);
	CHECK_EQ(d.dropped, 0);
	free(text);
}

TEST(policy_diag_set_limit_and_none)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	char note[256], *text;

	text = many_errors(50);
	REQUIRE(text);
	cordon_diags_init(&d);
	cordon_diags_set_max(&d, 3);
	CHECK_EQ(cordon_policy_compile("t", text, strlen(text), &b, &d),
		 -EINVAL);
	CHECK_EQ(d.count, 3);
	CHECK_EQ(d.dropped, 47);
	cordon_diags_note(&d, note, sizeof(note));
	CHECK_STREQ(note,
		    "t: note: too many errors: 47 more not shown (the limit is 3)");
	/* the limit survives cordon_diags_free() */
	cordon_diags_free(&d);
	CHECK_EQ(cordon_policy_compile("t", text, strlen(text), &b, &d),
		 -EINVAL);
	CHECK_EQ(d.count, 3);
	cordon_diags_free(&d);
	/* 0: no limit */
	cordon_diags_set_max(&d, 0);
	CHECK_EQ(cordon_policy_compile("t", text, strlen(text), &b, &d),
		 -EINVAL);
	CHECK_EQ(d.count, 50);
	CHECK_EQ(d.dropped, 0);
	CHECK_EQ(cordon_diags_note(&d, note, sizeof(note)), 0);
	CHECK_STREQ(note, "");
	cordon_diags_free(&d);
	free(text);
}

/*
 * A full list still makes a later compilation fail: its errors are only
 * counted, and a text is invalid whether its errors are kept or not.
 */
TEST(policy_diag_full_list_still_fails)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	char *text = many_errors(5);
	static const char ok[] =
		"policy p version 3;\nprofile a {}\ndefault profile a;\n";

	REQUIRE(text);
	cordon_diags_init(&d);
	cordon_diags_set_max(&d, 2);
	CHECK_EQ(cordon_policy_compile("t", text, strlen(text), &b, &d),
		 -EINVAL);
	CHECK_EQ(cordon_policy_compile("u", "policy", 6, &b, &d), -EINVAL);
	CHECK_EQ(d.count, 2);
	CHECK_EQ(d.dropped, 5);
	CHECK(b.data == NULL);
	/* a valid text still compiles into the same (full) list */
	CHECK_EQ(cordon_policy_compile("v", ok, sizeof(ok) - 1, &b, &d), 0);
	CHECK(b.data != NULL);
	cordon_blob_free(&b);
	cordon_diags_free(&d);
	free(text);
}
