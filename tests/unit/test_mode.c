// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: mode names, and the quoting of input in error messages.
 */
#include <errno.h>
#include <string.h>

#include <cordon/cordon.h>

#include "internal.h"
#include "unit.h"

TEST(mode_name)
{
	CHECK_STREQ(cordon_mode_name(CORDON_MODE_OFF), "off");
	CHECK_STREQ(cordon_mode_name(CORDON_MODE_COMPLAIN), "complain");
	CHECK_STREQ(cordon_mode_name(CORDON_MODE_ENFORCE), "enforce");
	CHECK_STREQ(cordon_mode_name((enum cordon_mode)3), "invalid");
	CHECK_STREQ(cordon_mode_name((enum cordon_mode)-1), "invalid");
}

TEST(mode_parse)
{
	enum cordon_mode m = CORDON_MODE_OFF;

	CHECK_EQ(cordon_mode_parse("enforce", 7, &m), 0);
	CHECK_EQ(m, CORDON_MODE_ENFORCE);
	CHECK_EQ(cordon_mode_parse("complain", 8, &m), 0);
	CHECK_EQ(m, CORDON_MODE_COMPLAIN);
	/* length-bounded: "offx" cut to 3 bytes is "off" */
	CHECK_EQ(cordon_mode_parse("offx", 3, &m), 0);
	CHECK_EQ(m, CORDON_MODE_OFF);

	m = CORDON_MODE_COMPLAIN;
	CHECK_EQ(cordon_mode_parse("enforce", 6, &m), -EINVAL);
	CHECK_EQ(cordon_mode_parse("offx", 4, &m), -EINVAL);
	CHECK_EQ(cordon_mode_parse("Off", 3, &m), -EINVAL);
	CHECK_EQ(cordon_mode_parse("", 0, &m), -EINVAL);
	CHECK_EQ(cordon_mode_parse(NULL, 0, &m), -EINVAL);
	CHECK_EQ(cordon_mode_parse(NULL, 3, &m), -EINVAL);
	CHECK_EQ(m, CORDON_MODE_COMPLAIN);
}

TEST(quote_escapes_and_cuts)
{
	char q[CORDON__QUOTE_SIZE];
	char all[CORDON__QUOTE_SHOW];

	CHECK_STREQ(cordon__quote(q, "", 0), "''");
	CHECK_STREQ(cordon__quote(q, "a b~", 4), "'a b~'");
	CHECK_STREQ(cordon__quote(q, "'\\", 2), "'\\'\\\\'");
	CHECK_STREQ(cordon__quote(q, "\0\n\x7f\xff", 4),
		    "'\\x00\\x0a\\x7f\\xff'");
	CHECK_STREQ(cordon__quote(q, "0123456789abcdef0123456789abcdefX", 33),
		    "'0123456789abcdef0123456789abcdef'...");
	CHECK_STREQ(cordon__quote(q, "0123456789abcdef0123456789abcdef", 32),
		    "'0123456789abcdef0123456789abcdef'");

	/* the longest result fills the buffer exactly */
	memset(all, '\x01', sizeof(all));
	cordon__quote(q, all, sizeof(all) + 1);
	CHECK_EQ(strlen(q) + 1, sizeof(q));
	CHECK_EQ(q[sizeof(q) - 1], '\0');
}
