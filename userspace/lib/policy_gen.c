// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - synthetic policies, for benchmarks and tests
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <cordon/policy.h>

int cordon_policy_generate(const struct cordon_policy_gen *g, char **text,
			   size_t *len)
{
	static const char *const flags[] = {
		"", " require nosuid", " require nosuid,nodev",
		" require rdonly,nosuid,nodev,noexec",
	};
	unsigned int name_sels, np = g->profiles;
	char *buf = NULL;
	size_t n = 0;
	FILE *f;

	if (np == 0)
		return -EINVAL;
	f = open_memstream(&buf, &n);
	if (!f)
		return -ENOMEM;
	fprintf(f, "# generated: %u profiles, %u mount rules, %u selectors\n",
		np, g->mount_rules, g->selectors);
	fprintf(f, "policy generated version %" PRIu64 ";\n\n",
		g->version ? g->version : 1);
	for (unsigned int p = 0; p < np; p++) {
		/*
		 * The rules, shared evenly by p1.. (p0 would pass its own to
		 * every other profile), or all in p0 if it is alone.
		 */
		unsigned int nr = np > 1 ? np - 1 : 1, k = np > 1 ? p - 1 : p;
		unsigned int rules = p == 0 && np > 1 ? 0 :
				     g->mount_rules / nr +
				     (k < g->mount_rules % nr ? 1 : 0);

		if (p == 0)
			fputs("profile p0 {\n\tmode enforce;\n\tarm exec;\n"
			      "\tptrace container;\n\tipc cross unix-path,signal;\n"
			      "\tknobs protect all;\n"
			      "\tcapability deny sys_module,sys_rawio,bpf;\n",
			      f);
		else
			fprintf(f, "profile p%u extends p0 {\n"
				"\tmode %s;\n\tcapability allow bpf;\n",
				p, p % 3 == 0 ? "complain" : "enforce");
		for (unsigned int r = 0; r < rules; r++)
			fprintf(f, "\tmount allow fs%u.p%u%s;\n", r, p,
				flags[r % 4]);
		fputs("}\n\n", f);
	}
	fputs("default profile p0;\n\n", f);
	name_sels = g->selectors / 2;
	for (unsigned int s = 0; s < name_sels; s++)
		fprintf(f, "select name \"container-%u\" profile p%u;\n", s,
			s % np);
	for (unsigned int s = name_sels; s < g->selectors; s++)
		fprintf(f, "select ns mnt=%u pid=* user=%u profile p%u;\n",
			4026531840U + s, 4026531837U - (s % 7), s % np);
	if (fclose(f) != 0) {
		free(buf);
		return -ENOMEM;
	}
	*text = buf;
	*len = n;
	return 0;
}
