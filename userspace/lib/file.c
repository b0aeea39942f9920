// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - reading a whole file (policies, signatures, logs, manifests,
 * securityfs files, which have no size)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cordon/cordon.h>

#include "internal.h"

int cordon_read_fd(int fd, size_t max, char **bufp, size_t *lenp)
{
	size_t cap = 0, len = 0;
	char *buf = NULL;

	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {	/* room to read, and for the NUL */
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb = realloc(buf, ncap);

			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap = ncap;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			free(buf);
			return -EFBIG;
		}
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int cordon_read_file(const char *path, size_t max, char **bufp, size_t *lenp,
		     char *err, size_t errlen)
{
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = -errno;
	} else if (fstat(fd, &st) < 0) {
		rc = -errno;
	} else if (S_ISDIR(st.st_mode)) {
		rc = -EISDIR;
	} else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
		rc = -EFBIG;
	} else {
		rc = cordon_read_fd(fd, max, bufp, lenp);
	}
	if (fd >= 0)
		close(fd);
	if (rc == -EFBIG)
		cordon__seterr(err, errlen, "%s: larger than %zu bytes", path,
			       max);
	else if (rc < 0)
		cordon__seterr(err, errlen, "%s: %s", path, strerror(-rc));
	else
		cordon__clearerr(err, errlen);
	return rc;
}
