// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runner of the unit test harness; see unit.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

/* Seconds a case may run before it is killed and counted as failed. */
#define UNIT_TIMEOUT 60

static struct unit_test *tests;	/* registered, in no particular order */
static size_t n_tests;
static unsigned int failures;	/* of the case running in this process */

void unit_register(struct unit_test *t)
{
	t->next = tests;
	tests = t;
	n_tests++;
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("#   %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures++;
}

bool unit_check(bool ok, const char *file, int line, const char *expr)
{
	if (!ok)
		unit_fail(file, line, "CHECK(%s) failed", expr);
	return ok;
}

bool unit_check_int(intmax_t a, intmax_t b, const char *file, int line,
		    const char *ea, const char *eb)
{
	if (a == b)
		return true;
	unit_fail(file, line, "%s == %s failed: %" PRIdMAX " != %" PRIdMAX,
		  ea, eb, a, b);
	return false;
}

bool unit_check_uint(uintmax_t a, uintmax_t b, const char *file, int line,
		     const char *ea, const char *eb)
{
	if (a == b)
		return true;
	unit_fail(file, line, "%s == %s failed: %" PRIuMAX " != %" PRIuMAX,
		  ea, eb, a, b);
	return false;
}

bool unit_check_str(const char *a, const char *b, const char *file, int line,
		    const char *ea, const char *eb)
{
	if (a == b || (a && b && strcmp(a, b) == 0))
		return true;
	unit_fail(file, line, "%s == %s failed:", ea, eb);
	printf("#     got:      %s%s%s\n", a ? "\"" : "", a ? a : "NULL",
	       a ? "\"" : "");
	printf("#     expected: %s%s%s\n", b ? "\"" : "", b ? b : "NULL",
	       b ? "\"" : "");
	return false;
}

static int by_place(const void *pa, const void *pb)
{
	const struct unit_test *a = *(const struct unit_test *const *)pa;
	const struct unit_test *b = *(const struct unit_test *const *)pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	return (a->line > b->line) - (a->line < b->line);
}

/* Run one case in a child; returns true if it passed. */
static bool run(const struct unit_test *t)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		printf("#   fork: %s\n", strerror(errno));
		return false;
	}
	if (pid == 0) {
		alarm(UNIT_TIMEOUT);
		failures = 0;
		t->fn();
		fflush(stdout);
		/* exit(), not _exit(): LeakSanitizer checks at exit */
		exit(failures ? EXIT_FAILURE : EXIT_SUCCESS);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			printf("#   waitpid: %s\n", strerror(errno));
			return false;
		}
	}
	if (WIFSIGNALED(status)) {
		printf("#   killed by signal %d (%s)\n", WTERMSIG(status),
		       strsignal(WTERMSIG(status)));
		return false;
	}
	if (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != EXIT_FAILURE)
		printf("#   exited with status %d\n", WEXITSTATUS(status));
	return WEXITSTATUS(status) == 0;
}

static bool selected(const struct unit_test *t, int argc, char *argv[])
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], t->name) == 0)
			return true;
	return false;
}

int main(int argc, char *argv[])
{
	const struct unit_test **list;
	size_t i = 0, n = 0, passed = 0, failed = 0;

	/* One stream, line-buffered, so that output keeps its order. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	list = calloc(n_tests ? n_tests : 1, sizeof(*list));
	if (!list) {
		perror("unit-tests: calloc");
		return EXIT_FAILURE;
	}
	for (const struct unit_test *t = tests; t; t = t->next)
		list[i++] = t;
	qsort(list, n_tests, sizeof(*list), by_place);

	for (i = 0; i < n_tests; i++) {
		if (!selected(list[i], argc, argv))
			continue;
		n++;
		if (run(list[i])) {
			passed++;
			printf("ok %zu %s\n", n, list[i]->name);
		} else {
			failed++;
			printf("not ok %zu %s\n", n, list[i]->name);
		}
	}
	free(list);
	if (n == 0)
		printf("# no test ran\n");
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed || n == 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
