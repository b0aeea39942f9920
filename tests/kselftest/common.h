/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon kselftests: helpers shared by the test programs.
 */
#ifndef CORDON_SELFTEST_COMMON_H
#define CORDON_SELFTEST_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CORDON_SECFS "/sys/kernel/security/cordon"
#define LSM_LIST "/sys/kernel/security/lsm"

/* Read a whole (small) file into buf; returns bytes read or -errno. */
static inline ssize_t read_file(const char *path, char *buf, size_t size)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - total);
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		total += n;
	}
	buf[total] = '\0';
	close(fd);
	return total;
}

/* Is name an entry of a comma-separated list? */
static inline bool list_has(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p = list;

	while (p && *p) {
		if (!strncmp(p, name, len) &&
		    (p[len] == ',' || p[len] == '\0' || p[len] == '\n'))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/*
 * Should cordon be active in this boot?  The test kernel lists cordon in
 * CONFIG_LSM, so it is active unless an lsm= parameter leaves it out.
 */
static inline bool cordon_expected_active(void)
{
	char cmdline[4096];
	char *tok, *save = NULL;

	if (read_file("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		return true;
	for (tok = strtok_r(cmdline, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save))
		if (!strncmp(tok, "lsm=", 4))
			return list_has(tok + 4, "cordon");
	return true;
}

/* Is an area listed on the "areas:" line of the status file? */
static inline bool cordon_area_enforced(const char *area)
{
	char buf[4096], *line, *save = NULL;

	if (read_file(CORDON_SECFS "/status", buf, sizeof(buf)) < 0)
		return false;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "areas: ", 7)) {
			char *tok, *s2 = NULL;

			for (tok = strtok_r(line + 7, " ", &s2); tok;
			     tok = strtok_r(NULL, " ", &s2))
				if (!strcmp(tok, area))
					return true;
		}
	return false;
}

/*
 * EMBED_FILE(DIR, sym, file): the bytes of DIR/file (made on the build
 * host) in the binary, between sym_start and sym_end, so that nothing but
 * the binary has to reach the guest.
 */
#define EMBED_FILE(dir, sym, file) \
	extern const unsigned char sym##_start[] __attribute__((visibility("hidden"))); \
	extern const unsigned char sym##_end[] __attribute__((visibility("hidden"))); \
	__asm__(".pushsection .rodata\n" \
		".balign 16\n" \
		#sym "_start:\n" \
		".incbin \"" dir "/" file "\"\n" \
		#sym "_end:\n" \
		".byte 0\n" \
		".popsection\n")

#endif /* CORDON_SELFTEST_COMMON_H */
