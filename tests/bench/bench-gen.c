// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-gen - print a synthetic policy (benchmarks only)
 *
 *   bench-gen PROFILES MOUNT_RULES SELECTORS VERSION
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <cordon/policy.h>

int main(int argc, char *argv[])
{
	struct cordon_policy_gen g;
	size_t len;
	char *text;

	if (argc != 5) {
		fprintf(stderr, "usage: %s PROFILES MOUNT_RULES SELECTORS VERSION\n",
			argv[0]);
		return 2;
	}
	g.profiles = strtoul(argv[1], NULL, 10);
	g.mount_rules = strtoul(argv[2], NULL, 10);
	g.selectors = strtoul(argv[3], NULL, 10);
	g.version = strtoull(argv[4], NULL, 10);
	if (cordon_policy_generate(&g, &text, &len)) {
		fprintf(stderr, "%s: cannot generate\n", argv[0]);
		return 1;
	}
	fwrite(text, 1, len, stdout);
	free(text);
	return 0;
}
