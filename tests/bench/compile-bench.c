// SPDX-License-Identifier: GPL-2.0-only
/*
 * compile-bench - how long the policy compiler takes on a 10,000-rule
 * policy (100 profiles, 900 mount rules, 9,000 selectors)
 *
 *	compile-bench [--cordonctl PATH] [--runs N]
 *
 * Times, best of N runs (default 7) with clock_gettime(CLOCK_MONOTONIC):
 * cordon_policy_compile() on the text in memory, cordon_policy_validate()
 * and cordon_policy_dump() on its blob, and, with --cordonctl, the whole
 * `cordonctl compile FILE -o OUT` command (process start included).
 * Prints one line per figure; asserts nothing (exit 1 only if something
 * could not run at all).  Built by `make -C userspace bench`; run by
 * tests/bench/compile-bench.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cordon/cordon.h>
#include <cordon/policy.h>

#define GOAL_MS 50.0

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int run_cordonctl(const char *cordonctl, const char *in,
			 const char *out)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl(cordonctl, cordonctl, "compile", in, "-o", out,
		      (char *)NULL);
		perror(cordonctl);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "cordonctl", required_argument, NULL, 'c' },
		{ "runs", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cordon_policy_gen g = { 100, 900, 9000, 1 };
	unsigned int rules = g.profiles + g.mount_rules + g.selectors;
	double best_compile = 1e30, best_validate = 1e30, best_dump = 1e30;
	double best_cmd = 1e30;
	const char *cordonctl = NULL;
	char in[] = "/tmp/cordon-bench-XXXXXX";
	char out[sizeof(in) + 4];
	int runs = 7, c, fd;
	char *text;
	size_t len;

	while ((c = getopt_long(argc, argv, "c:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cordonctl = optarg;
			break;
		case 'n':
			runs = atoi(optarg);
			if (runs < 1)
				runs = 1;
			break;
		case 'h':
			printf("Usage: %s [--cordonctl PATH] [--runs N]\n",
			       argv[0]);
			return 0;
		default:
			return 2;
		}
	}
	if (cordon_policy_generate(&g, &text, &len) != 0) {
		fprintf(stderr, "compile-bench: cannot generate the policy\n");
		return 1;
	}

	for (int i = 0; i < runs; i++) {
		struct cordon_blob b = { NULL, 0 };
		struct cordon_diags d;
		FILE *null;
		double t0, t1;
		int rc;

		cordon_diags_init(&d);
		t0 = now_ms();
		rc = cordon_policy_compile("bench", text, len, &b, &d);
		t1 = now_ms();
		if (rc) {
			cordon_diags_print(&d, stderr);
			fprintf(stderr, "compile-bench: compile failed: %s\n",
				strerror(-rc));
			return 1;
		}
		cordon_diags_free(&d);
		if (t1 - t0 < best_compile)
			best_compile = t1 - t0;

		t0 = now_ms();
		rc = cordon_policy_validate(b.data, b.len, NULL, 0);
		t1 = now_ms();
		if (rc == 0 && t1 - t0 < best_validate)
			best_validate = t1 - t0;

		null = fopen("/dev/null", "w");
		if (null) {
			t0 = now_ms();
			rc = cordon_policy_dump(b.data, b.len, null, NULL, 0);
			t1 = now_ms();
			fclose(null);
			if (rc == 0 && t1 - t0 < best_dump)
				best_dump = t1 - t0;
		}
		cordon_blob_free(&b);
	}

	printf("compile %u rules: %.1f ms (goal <= %.0f ms; library, "
	       "best of %d, %zu KiB of text)\n",
	       rules, best_compile, GOAL_MS, runs, len / 1024);
	printf("validate %u rules: %.1f ms (library, best of %d)\n", rules,
	       best_validate, runs);
	printf("dump %u rules: %.1f ms (library, best of %d)\n", rules,
	       best_dump, runs);

	if (cordonctl) {
		int status = 0;

		fd = mkstemp(in);
		if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
			perror("compile-bench: temporary file");
			return 1;
		}
		close(fd);
		snprintf(out, sizeof(out), "%s.bin", in);
		for (int i = 0; i < runs; i++) {
			double t0 = now_ms(), t1;

			status = run_cordonctl(cordonctl, in, out);
			t1 = now_ms();
			if (status != 0)
				break;
			if (t1 - t0 < best_cmd)
				best_cmd = t1 - t0;
		}
		unlink(in);
		unlink(out);
		if (status != 0) {
			fprintf(stderr, "compile-bench: %s compile failed (%d)\n",
				cordonctl, status);
			free(text);
			return 1;
		}
		printf("compile %u rules: %.1f ms (goal <= %.0f ms; "
		       "cordonctl compile FILE -o OUT, best of %d)\n",
		       rules, best_cmd, GOAL_MS, runs);
	}
	free(text);
	return 0;
}
