/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal unit test harness for the userspace library.
 *
 *	TEST(parses_mode)
 *	{
 *		CHECK_EQ(cordon_mode_parse("off", 3, &m), 0);
 *		CHECK_STREQ(cordon_mode_name(m), "off");
 *	}
 *
 * TEST() defines and registers a case. The runner (unit.c) runs the cases in
 * the order of their file name and line, each in a child process (so that a
 * crash or a sanitizer report fails that case only), prints "ok N name" or
 * "not ok N name" for each, then "P passed, F failed", and exits non-zero if
 * a case failed or none ran. Arguments select cases by exact name.
 *
 * CHECK*() record a failure with file:line and go on; REQUIRE*() record it
 * and end the case (return from the test function). Each argument is
 * evaluated exactly once.
 */
#ifndef CORDON_UNIT_H
#define CORDON_UNIT_H

#include <stdbool.h>
#include <stdint.h>

struct unit_test {
	const char *name;
	const char *file;
	int line;
	void (*fn)(void);
	struct unit_test *next;
};

void unit_register(struct unit_test *t);
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

bool unit_check(bool ok, const char *file, int line, const char *expr);
bool unit_check_int(intmax_t a, intmax_t b, const char *file, int line,
		    const char *ea, const char *eb);
bool unit_check_uint(uintmax_t a, uintmax_t b, const char *file, int line,
		     const char *ea, const char *eb);
bool unit_check_str(const char *a, const char *b, const char *file, int line,
		    const char *ea, const char *eb);

#define TEST(name)							\
	static void unit_fn_##name(void);				\
	static struct unit_test unit_test_##name = {			\
		#name, __FILE__, __LINE__, unit_fn_##name, 0		\
	};								\
	__attribute__((constructor)) static void unit_reg_##name(void) \
	{								\
		unit_register(&unit_test_##name);			\
	}								\
	static void unit_fn_##name(void)

#define UNIT_IS_UNSIGNED(x)						\
	_Generic((x), unsigned char: 1, unsigned short: 1,		\
		 unsigned int: 1, unsigned long: 1,			\
		 unsigned long long: 1, default: 0)

/* Evaluates to true if the check passed. */
#define UNIT_CHECK(c) unit_check(!!(c), __FILE__, __LINE__, #c)
/* Integers and enums; compared unsigned if either side is unsigned. */
#define UNIT_CHECK_EQ(a, b)						\
	((UNIT_IS_UNSIGNED(a) || UNIT_IS_UNSIGNED(b))			\
		 ? unit_check_uint((uintmax_t)(a), (uintmax_t)(b),	\
				   __FILE__, __LINE__, #a, #b)		\
		 : unit_check_int((intmax_t)(a), (intmax_t)(b),		\
				  __FILE__, __LINE__, #a, #b))
/* NUL-terminated strings; NULL is equal only to NULL. */
#define UNIT_CHECK_STREQ(a, b)						\
	unit_check_str((a), (b), __FILE__, __LINE__, #a, #b)

#define CHECK(c) ((void)UNIT_CHECK(c))
#define CHECK_EQ(a, b) ((void)UNIT_CHECK_EQ(a, b))
#define CHECK_STREQ(a, b) ((void)UNIT_CHECK_STREQ(a, b))

#define REQUIRE(c)							\
	do {								\
		if (!UNIT_CHECK(c))					\
			return;						\
	} while (0)
#define REQUIRE_EQ(a, b)						\
	do {								\
		if (!UNIT_CHECK_EQ(a, b))				\
			return;						\
	} while (0)

#endif /* CORDON_UNIT_H */
