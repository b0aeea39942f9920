// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: cordon_status_parse().
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>

#include "unit.h"

/* What the kernel writes today (kernel/fs.c). */
#define KERNEL_STATUS \
	"version: 0.1.0\nmode: enforce\npolicy: builtin\npolicy_version: 0\n"

/* A status with every field different from zero, to see it is copied. */
static const struct cordon_status sentinel = {
	.version = "sentinel",
	.mode = CORDON_MODE_COMPLAIN,
	.policy = "sentinel",
	.policy_version = 4242,
};

/* Field by field: padding bytes are not copied by struct assignment. */
static bool untouched(const struct cordon_status *st)
{
	return strcmp(st->version, sentinel.version) == 0 &&
	       st->mode == sentinel.mode &&
	       strcmp(st->policy, sentinel.policy) == 0 &&
	       st->policy_version == sentinel.policy_version;
}

/* Parse a NUL-terminated string; st starts as the sentinel. */
static int parse(const char *s, struct cordon_status *st, char *err)
{
	*st = sentinel;
	strcpy(err, "not written");
	return cordon_status_parse(s, strlen(s), st, err, CORDON_ERR_MAX);
}

/* Expect s to fail with rc and exactly the message msg, leaving st alone. */
#define CHECK_PARSE_ERROR(s, rc, msg)					\
	do {								\
		struct cordon_status st_;				\
		char err_[CORDON_ERR_MAX];				\
									\
		CHECK_EQ(parse((s), &st_, err_), (rc));			\
		CHECK_STREQ(err_, (msg));				\
		CHECK(untouched(&st_));					\
	} while (0)

TEST(status_valid)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX];

	REQUIRE_EQ(parse(KERNEL_STATUS, &st, err), 0);
	CHECK_STREQ(err, "");
	CHECK_STREQ(st.version, "0.1.0");
	CHECK_EQ(st.mode, CORDON_MODE_ENFORCE);
	CHECK_STREQ(st.policy, "builtin");
	CHECK_EQ(st.policy_version, 0);
}

TEST(status_valid_any_order_and_modes)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX];

	REQUIRE_EQ(parse("policy_version: 17\npolicy: sha256:ab12\n"
			 "mode: off\nversion: 1.2.3-rc1\n",
			 &st, err), 0);
	CHECK_STREQ(st.version, "1.2.3-rc1");
	CHECK_EQ(st.mode, CORDON_MODE_OFF);
	CHECK_STREQ(st.policy, "sha256:ab12");
	CHECK_EQ(st.policy_version, 17);

	REQUIRE_EQ(parse("version: 0.1.0\nmode: complain\npolicy: builtin\n"
			 "policy_version: 1\n",
			 &st, err), 0);
	CHECK_EQ(st.mode, CORDON_MODE_COMPLAIN);
	CHECK_EQ(st.policy_version, 1);
}

TEST(status_unknown_keys_ignored)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX];

	/* first, between, last, repeated, with an empty value, with spaces */
	REQUIRE_EQ(parse("profiles: 3\n"
			 "version: 0.1.0\n"
			 "mode: complain\n"
			 "future_key_2: \n"
			 "profiles: 4\n"
			 "policy: builtin\n"
			 "policy_version: 9\n"
			 "denials: mount 1, ptrace 2: \"x\"\n",
			 &st, err), 0);
	CHECK_STREQ(err, "");
	CHECK_STREQ(st.version, "0.1.0");
	CHECK_EQ(st.mode, CORDON_MODE_COMPLAIN);
	CHECK_STREQ(st.policy, "builtin");
	CHECK_EQ(st.policy_version, 9);
}

TEST(status_missing_required_key)
{
	CHECK_PARSE_ERROR("version: 0.1.0\npolicy: builtin\npolicy_version: 0\n",
			  -EINVAL, "missing required key 'mode'");
	CHECK_PARSE_ERROR("mode: off\npolicy: builtin\npolicy_version: 0\n",
			  -EINVAL, "missing required key 'version'");
	CHECK_PARSE_ERROR("version: 0.1.0\nmode: off\npolicy: builtin\n",
			  -EINVAL, "missing required key 'policy_version'");
	CHECK_PARSE_ERROR("version: 0.1.0\nmode: off\n", -EINVAL,
			  "missing required keys 'policy', 'policy_version'");
	CHECK_PARSE_ERROR("other: 1\n", -EINVAL,
			  "missing required keys 'version', 'mode', 'policy', "
			  "'policy_version'");
	/* a known key's name must match exactly */
	CHECK_PARSE_ERROR("version: 0.1.0\nmodes: off\npolicy: builtin\n"
			  "policy_version: 0\n",
			  -EINVAL, "missing required key 'mode'");
}

TEST(status_duplicate_key)
{
	CHECK_PARSE_ERROR("version: 0.1.0\nmode: enforce\npolicy: builtin\n"
			  "mode: off\npolicy_version: 0\n",
			  -EINVAL, "line 4:1: duplicate key 'mode' (first on line 2)");
}

TEST(status_bad_mode)
{
	CHECK_PARSE_ERROR("version: 0.1.0\nmode: enforced\n", -EINVAL,
			  "line 2:7: unknown mode 'enforced'");
	CHECK_PARSE_ERROR("mode: Enforce\n", -EINVAL,
			  "line 1:7: unknown mode 'Enforce'");
	CHECK_PARSE_ERROR("mode: enforce \n", -EINVAL,
			  "line 1:7: unknown mode 'enforce '");
	CHECK_PARSE_ERROR("mode: enforce\r\n", -EINVAL,
			  "line 1:7: unknown mode 'enforce\\x0d'");
	CHECK_PARSE_ERROR("mode: 'o\\\n", -EINVAL,
			  "line 1:7: unknown mode '\\'o\\\\'");
	CHECK_PARSE_ERROR("mode: \n", -EINVAL,
			  "line 1:7: empty value for 'mode'");
	CHECK_PARSE_ERROR("mode:  off\n", -EINVAL,
			  "line 1:7: unknown mode ' off'");
}

TEST(status_bad_policy_version)
{
	CHECK_PARSE_ERROR("policy_version: -1\n", -EINVAL,
			  "line 1:17: invalid character '-' in policy_version "
			  "(expected a decimal number)");
	CHECK_PARSE_ERROR("policy_version: +1\n", -EINVAL,
			  "line 1:17: invalid character '+' in policy_version "
			  "(expected a decimal number)");
	CHECK_PARSE_ERROR("policy_version: 0x10\n", -EINVAL,
			  "line 1:18: invalid character 'x' in policy_version "
			  "(expected a decimal number)");
	CHECK_PARSE_ERROR("policy_version: 12 \n", -EINVAL,
			  "line 1:19: invalid character ' ' in policy_version "
			  "(expected a decimal number)");
	CHECK_PARSE_ERROR("policy_version: \n", -EINVAL,
			  "line 1:17: empty value for 'policy_version'");
	/* the first bad character wins over an overflow before it */
	CHECK_PARSE_ERROR("policy_version: 99999999999999999999x\n", -EINVAL,
			  "line 1:37: invalid character 'x' in policy_version "
			  "(expected a decimal number)");
}

TEST(status_policy_version_range)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX];

	REQUIRE_EQ(parse("version: 0.1.0\nmode: off\npolicy: builtin\n"
			 "policy_version: 18446744073709551615\n",
			 &st, err), 0);
	CHECK_EQ(st.policy_version, UINT64_MAX);

	REQUIRE_EQ(parse("version: 0.1.0\nmode: off\npolicy: builtin\n"
			 "policy_version: 0000000000000000000000000042\n",
			 &st, err), 0);
	CHECK_EQ(st.policy_version, 42);

	/* UINT64_MAX + 1, and a much longer number */
	CHECK_PARSE_ERROR("version: 0.1.0\npolicy_version: 18446744073709551616\n",
			  -ERANGE,
			  "line 2:17: policy_version out of range "
			  "(max 18446744073709551615)");
	CHECK_PARSE_ERROR("policy_version: 184467440737095516150\n", -ERANGE,
			  "line 1:17: policy_version out of range "
			  "(max 18446744073709551615)");
	CHECK_PARSE_ERROR("policy_version: 99999999999999999999\n", -ERANGE,
			  "line 1:17: policy_version out of range "
			  "(max 18446744073709551615)");
}

TEST(status_missing_colon)
{
	CHECK_PARSE_ERROR("version: 0.1.0\nmode enforce\n", -EINVAL,
			  "line 2:5: expected ':' after key 'mode', found ' '");
	CHECK_PARSE_ERROR("version: 0.1.0\nmode\n", -EINVAL,
			  "line 2:5: expected ':' after key 'mode', "
			  "found end of line");
	CHECK_PARSE_ERROR("version: 0.1.0\nmode", -EINVAL,
			  "line 2:5: expected ':' after key 'mode', "
			  "found end of input");
	CHECK_PARSE_ERROR("mode=enforce\n", -EINVAL,
			  "line 1:5: expected ':' after key 'mode', found '='");
	CHECK_PARSE_ERROR("Mode: enforce\n", -EINVAL,
			  "line 1:1: expected a key, found 'M'");
	CHECK_PARSE_ERROR(" mode: enforce\n", -EINVAL,
			  "line 1:1: expected a key, found ' '");
	CHECK_PARSE_ERROR(": enforce\n", -EINVAL,
			  "line 1:1: expected a key, found ':'");
	CHECK_PARSE_ERROR("mode:enforce\n", -EINVAL,
			  "line 1:6: expected ' ' after ':', found 'e'");
	CHECK_PARSE_ERROR("mode:\n", -EINVAL,
			  "line 1:6: expected ' ' after ':', found end of line");
	CHECK_PARSE_ERROR("mode:", -EINVAL,
			  "line 1:6: expected ' ' after ':', found end of input");
	CHECK_PARSE_ERROR("version:\t0.1.0\n", -EINVAL,
			  "line 1:9: expected ' ' after ':', found '\\x09'");
}

TEST(status_empty_input)
{
	struct cordon_status st = sentinel;
	char err[CORDON_ERR_MAX] = "not written";

	CHECK_EQ(cordon_status_parse("", 0, &st, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "empty input");
	CHECK(untouched(&st));

	strcpy(err, "not written");
	CHECK_EQ(cordon_status_parse(NULL, 0, &st, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "empty input");
	CHECK(untouched(&st));

	CHECK_PARSE_ERROR("\n", -EINVAL, "line 1:1: empty line");
	CHECK_PARSE_ERROR("version: 0.1.0\n\nmode: off\n", -EINVAL,
			  "line 2:1: empty line");
	CHECK_PARSE_ERROR(KERNEL_STATUS "\n", -EINVAL, "line 5:1: empty line");
}

TEST(status_no_trailing_newline)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX];

	/* the last value must not lose its last byte */
	REQUIRE_EQ(parse("version: 0.1.0\nmode: enforce\npolicy: builtin\n"
			 "policy_version: 12345",
			 &st, err), 0);
	CHECK_EQ(st.policy_version, 12345);
	CHECK_EQ(st.mode, CORDON_MODE_ENFORCE);

	REQUIRE_EQ(parse("policy_version: 1\nversion: 0.1.0\npolicy: builtin\n"
			 "mode: complain",
			 &st, err), 0);
	CHECK_EQ(st.mode, CORDON_MODE_COMPLAIN);

	REQUIRE_EQ(parse("policy_version: 1\nversion: 0.1.0\nmode: off\n"
			 "policy: b",
			 &st, err), 0);
	CHECK_STREQ(st.policy, "b");
}

TEST(status_length_bounds_buffer)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX];
	const char *s = KERNEL_STATUS;

	/* len, not NUL, ends the input: cut in the middle of "enforce" */
	st = sentinel;
	CHECK_EQ(cordon_status_parse(s, strlen("version: 0.1.0\nmode: enf"),
				     &st, err, sizeof(err)),
		 -EINVAL);
	CHECK_STREQ(err, "line 2:7: unknown mode 'enf'");
	CHECK(untouched(&st));
}

TEST(status_embedded_nul)
{
	static const char in[] =
		"version: 0.1.0\nmo\0de: enforce\npolicy: builtin\n"
		"policy_version: 0\n";
	static const char in_value[] = "version: 0.1\0.0\n";
	struct cordon_status st = sentinel;
	char err[CORDON_ERR_MAX];

	CHECK_EQ(cordon_status_parse(in, sizeof(in) - 1, &st, err, sizeof(err)),
		 -EINVAL);
	CHECK_STREQ(err, "line 2:3: unexpected NUL byte");
	CHECK(untouched(&st));

	CHECK_EQ(cordon_status_parse(in_value, sizeof(in_value) - 1, &st, err,
				     sizeof(err)),
		 -EINVAL);
	CHECK_STREQ(err, "line 1:13: unexpected NUL byte");

	/* a caller passing sizeof(literal) includes the terminating NUL */
	CHECK_EQ(cordon_status_parse(KERNEL_STATUS, sizeof(KERNEL_STATUS), &st,
				     err, sizeof(err)),
		 -EINVAL);
	CHECK_STREQ(err, "line 5:1: unexpected NUL byte");
	CHECK(untouched(&st));
}

TEST(status_bad_strings)
{
	CHECK_PARSE_ERROR("version: \n", -EINVAL,
			  "line 1:10: empty value for 'version'");
	CHECK_PARSE_ERROR("version: 0.1 .0\n", -EINVAL,
			  "line 1:13: invalid character ' ' in version");
	CHECK_PARSE_ERROR("policy: built\x1b[2Jin\n", -EINVAL,
			  "line 1:14: invalid character '\\x1b' in policy");
	CHECK_PARSE_ERROR("policy: caf\xc3\xa9\n", -EINVAL,
			  "line 1:12: invalid character '\\xc3' in policy");
	CHECK_PARSE_ERROR("version: 0.1.0\r\n", -EINVAL,
			  "line 1:15: invalid character '\\x0d' in version");
}

/* A string of n copies of c (free() it). */
static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	if (s) {
		memset(s, c, n);
		s[n] = '\0';
	}
	return s;
}

TEST(status_very_long_line)
{
	const size_t big = 1024 * 1024;
	struct cordon_status st;
	char err[CORDON_ERR_MAX];
	char *a = repeat('a', big), *in;
	size_t len;

	REQUIRE(a != NULL);
	in = malloc(big * 2 + 256);
	REQUIRE(in != NULL);

	/* an unknown key with a huge value, and a huge unknown key */
	len = (size_t)sprintf(in, "version: 0.1.0\nx: %s\nmode: off\n%s: 1\n"
			      "policy: builtin\npolicy_version: 3\n", a, a);
	st = sentinel;
	CHECK_EQ(cordon_status_parse(in, len, &st, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	CHECK_EQ(st.mode, CORDON_MODE_OFF);
	CHECK_EQ(st.policy_version, 3);

	/* the longest version that fits, and one byte more */
	len = (size_t)sprintf(in, "version: %.*s\nmode: off\npolicy: builtin\n"
			      "policy_version: 3\n",
			      CORDON_STATUS_VERSION_MAX - 1, a);
	CHECK_EQ(cordon_status_parse(in, len, &st, err, sizeof(err)), 0);
	CHECK_EQ(strlen(st.version), CORDON_STATUS_VERSION_MAX - 1);
	CHECK_PARSE_ERROR("version: 0123456789abcdef0123456789abcdef\n",
			  -EINVAL, "line 1:10: version too long (32 bytes, max 31)");

	len = (size_t)sprintf(in, "mode: off\npolicy: %s\n", a);
	st = sentinel;
	CHECK_EQ(cordon_status_parse(in, len, &st, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "line 2:9: policy too long (1048576 bytes, max 127)");
	CHECK(untouched(&st));

	/* a long bad value is cut in the message */
	len = (size_t)sprintf(in, "mode: %s\n", a);
	CHECK_EQ(cordon_status_parse(in, len, &st, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "line 1:7: unknown mode "
			 "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'...");

	/* a long unknown key, cut too, in a syntax error */
	len = (size_t)sprintf(in, "%s\n", a);
	CHECK_EQ(cordon_status_parse(in, len, &st, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "line 1:1048577: expected ':' after key "
			 "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'..., "
			 "found end of line");

	free(in);
	free(a);
}

TEST(status_error_position_after_long_lines)
{
	char err[CORDON_ERR_MAX];
	struct cordon_status st;
	char in[4096];
	int len = 0;

	for (int i = 0; i < 100; i++)
		len += snprintf(in + len, sizeof(in) - (size_t)len,
				"k%d: %d\n", i, i);
	len += snprintf(in + len, sizeof(in) - (size_t)len, "mode: on\n");
	REQUIRE((size_t)len < sizeof(in));
	CHECK_EQ(cordon_status_parse(in, (size_t)len, &st, err, sizeof(err)),
		 -EINVAL);
	CHECK_STREQ(err, "line 101:7: unknown mode 'on'");
}

TEST(status_err_buffer)
{
	struct cordon_status st = sentinel;
	const char *bad = "mode: enforced\n";
	char err[12];

	/* truncated, NUL-terminated, nothing written past errlen */
	memset(err, 'X', sizeof(err));
	CHECK_EQ(cordon_status_parse(bad, strlen(bad), &st, err, 8), -EINVAL);
	CHECK_STREQ(err, "line 1:");
	CHECK_EQ(err[8], 'X');

	/* no message wanted */
	memset(err, 'X', sizeof(err));
	CHECK_EQ(cordon_status_parse(bad, strlen(bad), &st, err, 0), -EINVAL);
	CHECK_EQ(err[0], 'X');
	CHECK_EQ(cordon_status_parse(bad, strlen(bad), &st, NULL, 100), -EINVAL);
	CHECK_EQ(cordon_status_parse(KERNEL_STATUS, strlen(KERNEL_STATUS), &st,
				     NULL, 0),
		 0);
	CHECK_EQ(st.mode, CORDON_MODE_ENFORCE);
}

TEST(status_invalid_arguments)
{
	struct cordon_status st = sentinel;
	char err[CORDON_ERR_MAX];

	CHECK_EQ(cordon_status_parse(NULL, 5, &st, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "invalid argument");
	CHECK(untouched(&st));
	CHECK_EQ(cordon_status_parse(KERNEL_STATUS, strlen(KERNEL_STATUS), NULL,
				     err, sizeof(err)),
		 -EINVAL);
	CHECK_STREQ(err, "invalid argument");
}
