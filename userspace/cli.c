// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl - shared command-line helpers
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

void usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s%s%s --help' for more information.\n", PROG,
		cmd ? " " : "", cmd ? cmd : "");
}

static bool is_option_val(const struct option *opts, int val)
{
	for (; opts->name; opts++)
		if (opts->val == val)
			return true;
	return false;
}

/*
 * Report what getopt_long() rejected, called with opterr = 0 and a leading
 * ':' in the option string: c is ':' for a missing argument, '?' otherwise.
 *
 * glibc sets optopt to 0 for an unknown long option, to the character for
 * an unknown short one, and to the option's val for a known option that
 * lacks its argument or (long form only) has one it does not take. A long
 * option, right or wrong, is always consumed whole, so it is then
 * argv[optind - 1]; a short one may sit inside a group like "-xy".
 */
void option_error(const char *cmd, int c, char *argv[],
			 const struct option *opts)
{
	const char *cur = argv[optind - 1];
	bool is_long = strncmp(cur, "--", 2) == 0 &&
		       (optopt == 0 || is_option_val(opts, optopt));
	char shortopt[3] = { '-', (char)optopt, '\0' };
	const char *name = shortopt;
	int n = 2;

	if (is_long) {
		const char *eq = strchr(cur, '=');

		name = cur;
		n = eq ? (int)(eq - cur) : (int)strlen(cur);
	}
	if (c == ':')
		usage_error(cmd, "option '%.*s' requires an argument", n, name);
	else if (is_long && optopt != 0)
		usage_error(cmd, "option '%.*s' does not take an argument", n,
			    name);
	else
		usage_error(cmd, "unrecognized option '%.*s'", n, name);
}


bool unexpected_operand(const char *cmd, int argc, char *argv[])
{
	if (optind >= argc)
		return false;
	usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return true;
}
