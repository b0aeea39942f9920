// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the policy compiler's diagnostics, by exact text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/policy.h>

#include "unit.h"

/*
 * Compile text named "t"; return every diagnostic, one per line, in a
 * static buffer (each case runs in its own process).  A success with
 * diagnostics, or a failure without, shows as "BUG".
 */
static const char *diags_of_len(const char *text, size_t len)
{
	static char out[8192];
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	size_t used = 0;
	int rc;

	cordon_diags_init(&d);
	rc = cordon_policy_compile("t", text, len, &b, &d);
	out[0] = '\0';
	for (size_t i = 0; i < d.count; i++) {
		used += (size_t)cordon_diag_format(&d.items[i], out + used,
						   sizeof(out) - used);
		used += (size_t)snprintf(out + used, sizeof(out) - used, "\n");
	}
	if ((rc == 0) != (d.count == 0) || (rc != 0 && rc != -EINVAL) ||
	    (rc == 0) != (b.data != NULL))
		snprintf(out + used, sizeof(out) - used, "BUG rc=%d\n", rc);
	cordon_diags_free(&d);
	cordon_blob_free(&b);
	return out;
}

static const char *diags_of(const char *text)
{
	return diags_of_len(text, strlen(text));
}

#define HEAD "policy p version 1;\n"
#define TAIL "default profile a;\n"

TEST(policy_diag_clean)
{
	CHECK_STREQ(diags_of(HEAD "profile a {}\n" TAIL), "");
}

TEST(policy_diag_missing_policy_and_default)
{
	CHECK_STREQ(diags_of("profile a {}\n"),
		    "t:1:1: error: missing 'policy NAME version N;' statement\n"
		    "t:2:1: error: missing 'default profile NAME;' statement\n");
	CHECK_STREQ(diags_of(""),
		    "t:1:1: error: missing 'policy NAME version N;' statement\n"
		    "t:1:1: error: missing 'default profile NAME;' statement\n");
}

TEST(policy_diag_policy_statement)
{
	CHECK_STREQ(diags_of("policy p version 0;\nprofile a {}\n" TAIL),
		    "t:1:18: error: version must be at least 1\n");
	CHECK_STREQ(diags_of("policy p version 18446744073709551616;\n"
			     "profile a {}\n" TAIL),
		    "t:1:18: error: version '18446744073709551616' is too large"
		    " (at most 18446744073709551615)\n");
	CHECK_STREQ(diags_of("policy p version x1;\nprofile a {}\n" TAIL),
		    "t:1:18: error: expected a version number, got 'x1'\n");
	CHECK_STREQ(diags_of("policy p;\nprofile a {}\n" TAIL),
		    "t:1:9: error: expected 'version', got ';'\n");
	CHECK_STREQ(diags_of("profile a {}\n" HEAD TAIL),
		    "t:2:1: error: the 'policy' statement must come first\n");
	CHECK_STREQ(diags_of(HEAD "profile a {}\npolicy q version 2;\n" TAIL),
		    "t:3:1: error: duplicate 'policy' statement (first at 1:1)\n");
}

TEST(policy_diag_names)
{
	char text[512];

	snprintf(text, sizeof(text), HEAD "profile %s {}\n" TAIL,
		 "a123456789012345678901234567890123456789012345678901234567890123");
	CHECK_STREQ(diags_of(text),
		    "t:2:9: error: profile name 'a1234567890123456789012345678901'..."
		    " is too long (64 characters, at most 63)\n"
		    "t:3:17: error: unknown profile 'a'\n");
	/* 63 is fine */
	snprintf(text, sizeof(text), HEAD "profile %s {}\ndefault profile %s;",
		 "a12345678901234567890123456789012345678901234567890123456789012",
		 "a12345678901234567890123456789012345678901234567890123456789012");
	CHECK_STREQ(diags_of(text), "");
	CHECK_STREQ(diags_of("policy p/q version 1;\nprofile a {}\n" TAIL),
		    "t:1:9: error: bad character '/' in policy name 'p/q'\n");
	CHECK_STREQ(diags_of(HEAD "profile a+b {}\nprofile a {}\n" TAIL),
		    "t:2:10: error: bad character '+' in profile name 'a+b'\n");
	CHECK_STREQ(diags_of(HEAD "profile \xc3\xa9t\xc3\xa9 {}\nprofile a {}\n"
			     TAIL),
		    "t:2:9: error: bad character '\\xc3' in profile name "
		    "'\\xc3\\xa9t\\xc3\\xa9'\n");
	CHECK_STREQ(diags_of(HEAD "profile a { mount allow "
			     "abcdefghijabcdefghijabcdefghij12; }\n" TAIL),
		    "t:2:25: error: file system type "
		    "'abcdefghijabcdefghijabcdefghij12' is too long "
		    "(32 characters, at most 31)\n");
	CHECK_STREQ(diags_of(HEAD "profile a { mount allow fuse.x+y_z-1; }\n"
			     TAIL), "");
	CHECK_STREQ(diags_of(HEAD "profile a {}\n" TAIL
			     "select name \"\" profile a;\n"
			     "select name \"a b\" profile a;\n"),
		    "t:4:13: error: empty container name\n"
		    "t:5:15: error: bad character ' ' in container name 'a b'\n");
}

TEST(policy_diag_lexer)
{
	CHECK_STREQ(diags_of(HEAD "profile a {}\n" TAIL
			     "select name \"abc profile a;\n"),
		    "t:4:13: error: unterminated string\n"
		    "t:5:1: error: expected 'profile', got end of file\n");
	CHECK_STREQ(diags_of(HEAD "profile a {\x01}\n" TAIL),
		    "t:2:12: error: unexpected character '\\x01'\n");
	CHECK_STREQ(diags_of(HEAD "profile a {}\n" TAIL "}\n"),
		    "t:4:1: error: unexpected '}'\n");
	CHECK_STREQ(diags_of(HEAD "profile a {}\n" TAIL "frob x { y; };\n"),
		    "t:4:1: error: expected 'policy', 'profile', 'default' or "
		    "'select', got 'frob'\n");
	/* embedded NUL */
	CHECK_STREQ(diags_of_len(HEAD "profile a {}\n" TAIL "\0",
				 sizeof(HEAD "profile a {}\n" TAIL)),
		    "t:4:1: error: unexpected character '\\x00'\n");
}

TEST(policy_diag_profile_statements)
{
	CHECK_STREQ(diags_of(HEAD "profile a {\n"
			     "  mode enforced;\n"
			     "  arm later;\n"
			     "  ptrace sometimes;\n"
			     "  ptrace from-host maybe;\n"
			     "  mount ops bind,fly;\n"
			     "  mount allow proc require nosuid,nodevice;\n"
			     "  ipc cross sysv-msg,pipes;\n"
			     "  knobs protect sysrq,kexec;\n"
			     "  capability deny sys_admin,CAP_SYS_GOD,cap_chown;\n"
			     "  capability deny-init-ns all,kill;\n"
			     "  frobnicate;\n"
			     "}\n" TAIL),
		    "t:3:8: error: unknown mode 'enforced' (expected off, complain, enforce)\n"
		    "t:4:7: error: unknown arm point 'later' (expected exec, immediate)\n"
		    "t:5:10: error: unknown ptrace scope 'sometimes' (expected none, container)\n"
		    "t:6:20: error: unknown host ptrace rule 'maybe' (expected allow, deny)\n"
		    "t:7:18: error: unknown mount operation 'fly'\n"
		    "t:8:35: error: unknown mount flag 'nodevice'\n"
		    "t:9:22: error: unknown IPC mechanism 'pipes'\n"
		    "t:10:23: error: unknown knob 'kexec'\n"
		    "t:11:29: error: unknown capability 'CAP_SYS_GOD'\n"
		    "t:12:30: error: expected ';', got ','\n"
		    "t:13:3: error: unknown statement 'frobnicate'\n");
}

TEST(policy_diag_duplicates_in_a_profile)
{
	CHECK_STREQ(diags_of(HEAD "profile a {\n"
			     "  mode off; arm exec; ptrace none;\n"
			     "  ptrace from-host deny; mount ops none;\n"
			     "  ipc cross none; knobs protect none;\n"
			     "  mode off; arm exec; ptrace none;\n"
			     "  ptrace from-host deny; mount ops none;\n"
			     "  ipc cross none; knobs protect none;\n"
			     "  mount allow tmpfs; mount deny tmpfs;\n"
			     "  mount allow proc; mount allow proc require nodev;\n"
			     "}\n" TAIL),
		    "t:6:3: error: duplicate 'mode' statement (first at 3:3)\n"
		    "t:6:13: error: duplicate 'arm' statement (first at 3:13)\n"
		    "t:6:23: error: duplicate 'ptrace' statement (first at 3:23)\n"
		    "t:7:3: error: duplicate 'ptrace from-host' statement (first at 4:3)\n"
		    "t:7:26: error: duplicate 'mount ops' statement (first at 4:26)\n"
		    "t:8:3: error: duplicate 'ipc cross' statement (first at 5:3)\n"
		    "t:8:19: error: duplicate 'knobs protect' statement (first at 5:19)\n"
		    "t:9:33: error: duplicate mount rule for 'tmpfs' (first at 9:15)\n"
		    "t:10:33: error: duplicate mount rule for 'proc' (first at 10:15)\n");
}

TEST(policy_diag_references)
{
	CHECK_STREQ(diags_of(HEAD "profile a extends nobase {}\n"
			     "default profile nodefault;\n"
			     "select name x profile noprofile;\n"
			     "select ns mnt=1 profile noprofile2;\n"),
		    "t:2:19: error: unknown base profile 'nobase'\n"
		    "t:3:17: error: unknown profile 'nodefault'\n"
		    "t:4:23: error: unknown profile 'noprofile'\n"
		    "t:5:25: error: unknown profile 'noprofile2'\n");
	CHECK_STREQ(diags_of(HEAD "profile a {}\nprofile a {}\n" TAIL
			     "default profile a;\n"),
		    "t:3:9: error: duplicate profile 'a' (first at 2:9)\n"
		    "t:5:1: error: duplicate 'default profile' statement (first at 4:1)\n");
	/* no error for a deny when the base is already wrong */
	CHECK_STREQ(diags_of(HEAD "profile a extends b { mount deny x; }\n"
			     TAIL),
		    "t:2:19: error: unknown base profile 'b'\n");
	CHECK_STREQ(diags_of(HEAD "profile a { mount deny tmpfs; }\n"
			     "profile b extends a { mount deny tmpfs; }\n" TAIL),
		    "t:2:24: error: no inherited mount rule for 'tmpfs' to deny\n"
		    "t:3:34: error: no inherited mount rule for 'tmpfs' to deny\n");
}

TEST(policy_diag_cycles)
{
	CHECK_STREQ(diags_of(HEAD "profile a extends a {}\n" TAIL),
		    "t:2:19: error: inheritance cycle: a -> a\n");
	/* reported once, from its first member; d only leads into it */
	CHECK_STREQ(diags_of(HEAD "profile d extends c {}\n"
			     "profile c extends b {}\n"
			     "profile a extends c {}\n"
			     "profile b extends a {}\n" TAIL),
		    "t:3:19: error: inheritance cycle: c -> b -> a -> c\n");
}

TEST(policy_diag_selectors)
{
	CHECK_STREQ(diags_of(HEAD "profile a {}\n" TAIL
			     "select name x profile a;\n"
			     "select name \"x\" profile a;\n"
			     "select ns mnt=1 profile a;\n"
			     "select ns pid=* mnt=1 user=* profile a;\n"
			     "select ns mnt=1 pid=2 profile a;\n"),
		    "t:5:1: error: duplicate selector (first at 4:1)\n"
		    "t:7:1: error: duplicate selector (first at 6:1)\n");
	CHECK_STREQ(diags_of(HEAD "profile a {}\n" TAIL
			     "select ns mnt=* pid=* profile a;\n"
			     "select ns mnt=0 pid=4294967296 user=4294967295 profile a;\n"
			     "select ns net=1 profile a;\n"
			     "select ns mnt=1 mnt=2 profile a;\n"
			     "select ns profile a;\n"
			     "select ns mnt 1 profile a;\n"
			     "select ns mnt=x profile a;\n"
			     "select id 5 profile a;\n"
			     "select name x;\n"),
		    "t:4:8: error: a namespace selector needs a namespace other than '*'\n"
		    "t:5:15: error: namespace inode number 0 is not valid; write '*' for any\n"
		    "t:5:21: error: namespace inode number '4294967296' is too large (at most 4294967295)\n"
		    "t:6:11: error: unknown namespace 'net' (expected mnt, pid, user)\n"
		    "t:7:17: error: duplicate namespace 'mnt' (first at 7:11)\n"
		    "t:8:11: error: expected 'mnt=', 'pid=' or 'user=', got 'profile'\n"
		    "t:9:15: error: expected '=', got '1'\n"
		    "t:10:15: error: expected a namespace inode number or '*', got 'x'\n"
		    "t:11:8: error: expected 'name' or 'ns' after 'select', got 'id'\n"
		    "t:12:14: error: expected 'profile', got ';'\n");
}

TEST(policy_diag_recovery)
{
	/* a missing ';' before a new line is not fatal to the statement */
	CHECK_STREQ(diags_of(HEAD "profile a {\n  mode off\n  mode enforce;\n}\n"
			     TAIL),
		    "t:4:3: error: expected ';', got 'mode'\n"
		    "t:4:3: error: duplicate 'mode' statement (first at 3:3)\n");
	/* a missing '}' before the next profile */
	CHECK_STREQ(diags_of(HEAD "profile a {\n  mode off;\nprofile b {}\n"
			     TAIL),
		    "t:4:1: error: expected '}' to close the profile opened at 2:11, got 'profile'\n");
	CHECK_STREQ(diags_of(HEAD "profile a {\n  mode off;\n"),
		    "t:4:1: error: expected '}' to close the profile opened at 2:11, got end of file\n"
		    "t:4:1: error: missing 'default profile NAME;' statement\n");
	/* a bad header still has its body checked, and its name defined */
	CHECK_STREQ(diags_of(HEAD "profile a extends {\n  mode of;\n}\n" TAIL),
		    "t:2:19: error: expected a profile name, got '{'\n"
		    "t:3:8: error: unknown mode 'of' (expected off, complain, enforce)\n");
}

TEST(policy_diag_many_errors_in_one_run)
{
	const char *d = diags_of(
		"policy p version 0;\n"			/* 1 */
		"profile a extends zz {\n"		/* 2 */
		"  mode x;\n"				/* 3 */
		"  capability deny nope;\n"		/* 4 */
		"  garbage here;\n"			/* 5 */
		"  ptrace none;\n"			/* 6 */
		"  ptrace none;\n"			/* 7 */
		"}\n"					/* 8 */
		"profile a {}\n"			/* 9 */
		"profile b extends b {}\n"		/* 10 */
		"select name \"n\" profile q;\n"	/* 11 */
		"select name \"n\" profile a;\n"	/* 12 */
		"default profile b;\n");		/* 13 */

	CHECK_STREQ(d,
		    "t:1:18: error: version must be at least 1\n"
		    "t:2:19: error: unknown base profile 'zz'\n"
		    "t:3:8: error: unknown mode 'x' (expected off, complain, enforce)\n"
		    "t:4:19: error: unknown capability 'nope'\n"
		    "t:5:3: error: unknown statement 'garbage'\n"
		    "t:7:3: error: duplicate 'ptrace' statement (first at 6:3)\n"
		    "t:9:9: error: duplicate profile 'a' (first at 2:9)\n"
		    "t:10:19: error: inheritance cycle: b -> b\n"
		    "t:11:25: error: unknown profile 'q'\n"
		    "t:12:1: error: duplicate selector (first at 11:1)\n");
}

TEST(policy_diag_format_and_print)
{
	struct cordon_diag d = { "f.cpol", 3, 14, "oops" };
	struct cordon_diag whole = { "g", 0, 0, "cannot read: x" };
	char buf[64], *text = NULL;
	struct cordon_diags list = { NULL, 0, 0, 0, 0 };
	struct cordon_blob b = { NULL, 0 };
	size_t len = 0;
	FILE *f;

	CHECK_EQ(cordon_diag_format(&d, buf, sizeof(buf)), 24);
	CHECK_STREQ(buf, "f.cpol:3:14: error: oops");
	cordon_diag_format(&whole, buf, sizeof(buf));
	CHECK_STREQ(buf, "g: error: cannot read: x");
	CHECK_EQ(cordon_policy_compile("x", "policy", 6, NULL, &list), -EINVAL);
	CHECK_EQ(list.count, 0);	/* no blob to fill: no compilation */
	CHECK_EQ(cordon_policy_compile("x", "policy", 6, &b, NULL), -EINVAL);
	CHECK_EQ(cordon_policy_compile("x", "policy", 6, &b, &list), -EINVAL);
	CHECK(b.data == NULL);
	f = open_memstream(&text, &len);
	REQUIRE(f);
	cordon_diags_print(&list, f);
	fclose(f);
	CHECK_STREQ(text,
		    "x:1:7: error: expected a policy name, got end of file\n"
		    "x:1:7: error: missing 'default profile NAME;' statement\n");
	free(text);
	cordon_diags_free(&list);
	CHECK_EQ(list.count, 0);
}
