// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon - modes and the cordon.mode= boot parameter
 */

#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "cordon.h"

static const char *const mode_names[] = {
	[CORDON_MODE_OFF] = "off",
	[CORDON_MODE_COMPLAIN] = "complain",
	[CORDON_MODE_ENFORCE] = "enforce",
};

#if IS_ENABLED(CONFIG_SECURITY_CORDON_MODE_OFF)
static enum cordon_mode boot_mode __ro_after_init = CORDON_MODE_OFF;
#elif IS_ENABLED(CONFIG_SECURITY_CORDON_MODE_COMPLAIN)
static enum cordon_mode boot_mode __ro_after_init = CORDON_MODE_COMPLAIN;
#else
static enum cordon_mode boot_mode __ro_after_init = CORDON_MODE_ENFORCE;
#endif

/**
 * cordon_mode_name - name of a mode as shown to users
 * @mode: the mode
 *
 * Return: "off", "complain", "enforce", or "invalid" for a value outside
 * the enum.
 */
const char *cordon_mode_name(enum cordon_mode mode)
{
	if ((unsigned int)mode >= ARRAY_SIZE(mode_names))
		return "invalid";
	return mode_names[mode];
}

/**
 * cordon_mode_parse - parse a mode name
 * @str: "off", "complain" or "enforce"; a trailing newline is accepted
 * @mode: set to the parsed mode on success
 *
 * Return: 0 on success, -EINVAL if @str names no mode (@mode untouched).
 */
int cordon_mode_parse(const char *str, enum cordon_mode *mode)
{
	int i = sysfs_match_string(mode_names, str);

	if (i < 0)
		return -EINVAL;
	*mode = i;
	return 0;
}

/**
 * cordon_boot_mode - mode of the built-in profile chosen at build or boot
 *
 * Return: the mode from cordon.mode=, or the Kconfig default.
 */
enum cordon_mode cordon_boot_mode(void)
{
	return boot_mode;
}

static int __init cordon_mode_setup(char *str)
{
	if (cordon_mode_parse(str, &boot_mode))
		pr_warn("cordon: ignoring unknown cordon.mode=%s\n", str);
	return 1;
}
__setup("cordon.mode=", cordon_mode_setup);

#ifdef CONFIG_SECURITY_CORDON_KUNIT_TEST
#include <kunit/test.h>

static void test_mode_parse_known(struct kunit *test)
{
	enum cordon_mode m = CORDON_MODE_OFF;

	KUNIT_EXPECT_EQ(test, 0, cordon_mode_parse("enforce", &m));
	KUNIT_EXPECT_EQ(test, CORDON_MODE_ENFORCE, m);
	KUNIT_EXPECT_EQ(test, 0, cordon_mode_parse("complain\n", &m));
	KUNIT_EXPECT_EQ(test, CORDON_MODE_COMPLAIN, m);
	KUNIT_EXPECT_EQ(test, 0, cordon_mode_parse("off", &m));
	KUNIT_EXPECT_EQ(test, CORDON_MODE_OFF, m);
}

static void test_mode_parse_unknown(struct kunit *test)
{
	enum cordon_mode m = CORDON_MODE_COMPLAIN;

	KUNIT_EXPECT_EQ(test, -EINVAL, cordon_mode_parse("", &m));
	KUNIT_EXPECT_EQ(test, -EINVAL, cordon_mode_parse("enforced", &m));
	KUNIT_EXPECT_EQ(test, -EINVAL, cordon_mode_parse("Enforce", &m));
	KUNIT_EXPECT_EQ(test, CORDON_MODE_COMPLAIN, m);
}

static void test_mode_name(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, "off", cordon_mode_name(CORDON_MODE_OFF));
	KUNIT_EXPECT_STREQ(test, "enforce",
			   cordon_mode_name(CORDON_MODE_ENFORCE));
	KUNIT_EXPECT_STREQ(test, "invalid", cordon_mode_name(42));
}

static struct kunit_case cordon_mode_test_cases[] = {
	KUNIT_CASE(test_mode_parse_known),
	KUNIT_CASE(test_mode_parse_unknown),
	KUNIT_CASE(test_mode_name),
	{}
};

static struct kunit_suite cordon_mode_test_suite = {
	.name = "cordon_mode",
	.test_cases = cordon_mode_test_cases,
};

kunit_test_suite(cordon_mode_test_suite);
#endif /* CONFIG_SECURITY_CORDON_KUNIT_TEST */
