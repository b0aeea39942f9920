// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the kernel's status file, /sys/kernel/security/cordon/status
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cordon/cordon.h>

#include "internal.h"

/* Where the parser is: the current line, for messages. */
struct parser {
	const char *line;	/* first byte of the current line */
	size_t len;		/* its length, without the '\n' */
	size_t lineno;		/* 1-based */
	bool last;		/* the line ends the input without a '\n' */
	char *err;
	size_t errlen;
};

/* Report an error at byte @at of the current line; returns @rc. */
static int CORDON_PRINTF(4, 5)
parse_error(const struct parser *p, const char *at, int rc, const char *fmt,
	    ...)
{
	char msg[CORDON_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cordon__seterr(p->err, p->errlen, "line %zu:%zu: %s", p->lineno,
		       (size_t)(at - p->line) + 1, msg);
	return rc;
}

/* What sits at byte @i of the current line, for "found ..." messages. */
static const char *found(const struct parser *p, size_t i,
			 char buf[CORDON__QUOTE_SIZE])
{
	if (i >= p->len)
		return p->last ? "end of input" : "end of line";
	return cordon__quote(buf, p->line + i, 1);
}

static int parse_string(const struct parser *p, const char *key,
			const char *val, size_t len, char *dst, size_t size)
{
	char q[CORDON__QUOTE_SIZE];

	if (len == 0)
		return parse_error(p, val, -EINVAL, "empty value for '%s'",
				   key);
	if (len >= size)
		return parse_error(p, val, -EINVAL,
				   "%s too long (%zu bytes, max %zu)", key, len,
				   size - 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)val[i];

		if (c <= 0x20 || c >= 0x7f)
			return parse_error(p, val + i, -EINVAL,
					   "invalid character %s in %s",
					   cordon__quote(q, val + i, 1), key);
	}
	memcpy(dst, val, len);
	dst[len] = '\0';
	return 0;
}

static int parse_version(const struct parser *p, const char *val, size_t len,
			 struct cordon_status *st)
{
	return parse_string(p, "version", val, len, st->version,
			    sizeof(st->version));
}

static int parse_policy(const struct parser *p, const char *val, size_t len,
			struct cordon_status *st)
{
	return parse_string(p, "policy", val, len, st->policy,
			    sizeof(st->policy));
}

static int parse_mode(const struct parser *p, const char *val, size_t len,
		      struct cordon_status *st)
{
	char q[CORDON__QUOTE_SIZE];

	if (len == 0)
		return parse_error(p, val, -EINVAL, "empty value for 'mode'");
	if (cordon_mode_parse(val, len, &st->mode) < 0)
		return parse_error(p, val, -EINVAL, "unknown mode %s",
				   cordon__quote(q, val, len));
	return 0;
}

static int parse_policy_version(const struct parser *p, const char *val,
				size_t len, struct cordon_status *st)
{
	char q[CORDON__QUOTE_SIZE];
	uint64_t v = 0;

	if (len == 0)
		return parse_error(p, val, -EINVAL,
				   "empty value for 'policy_version'");
	/* All digits first, so that "99999999999999999999x" is -EINVAL. */
	for (size_t i = 0; i < len; i++) {
		if (val[i] < '0' || val[i] > '9')
			return parse_error(p, val + i, -EINVAL,
					   "invalid character %s in policy_version (expected a decimal number)",
					   cordon__quote(q, val + i, 1));
	}
	for (size_t i = 0; i < len; i++) {
		unsigned int d = (unsigned int)(val[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return parse_error(p, val, -ERANGE,
					   "policy_version out of range (max %llu)",
					   (unsigned long long)UINT64_MAX);
		v = v * 10 + d;
	}
	st->policy_version = v;
	return 0;
}

static const struct status_key {
	const char *name;
	int (*parse)(const struct parser *p, const char *val, size_t len,
		     struct cordon_status *st);
} status_keys[] = {
	{ "version", parse_version },
	{ "mode", parse_mode },
	{ "policy", parse_policy },
	{ "policy_version", parse_policy_version },
};

#define N_KEYS (sizeof(status_keys) / sizeof(status_keys[0]))

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* seen[k]: the line on which key k was found, 0 if not yet. */
static int parse_line(const struct parser *p, struct cordon_status *st,
		      size_t seen[N_KEYS])
{
	char q1[CORDON__QUOTE_SIZE], q2[CORDON__QUOTE_SIZE];
	const char *line = p->line;
	size_t klen = 0;

	if (p->len == 0)
		return parse_error(p, line, -EINVAL, "empty line");
	while (klen < p->len && is_key_char(line[klen]))
		klen++;
	if (klen == 0)
		return parse_error(p, line, -EINVAL, "expected a key, found %s",
				   found(p, 0, q1));
	if (klen == p->len || line[klen] != ':')
		return parse_error(p, line + klen, -EINVAL,
				   "expected ':' after key %s, found %s",
				   cordon__quote(q1, line, klen),
				   found(p, klen, q2));
	if (klen + 1 == p->len || line[klen + 1] != ' ')
		return parse_error(p, line + klen + 1, -EINVAL,
				   "expected ' ' after ':', found %s",
				   found(p, klen + 1, q1));

	for (size_t k = 0; k < N_KEYS; k++) {
		const struct status_key *key = &status_keys[k];

		if (strlen(key->name) != klen ||
		    memcmp(key->name, line, klen) != 0)
			continue;
		if (seen[k])
			return parse_error(p, line, -EINVAL,
					   "duplicate key '%s' (first on line %zu)",
					   key->name, seen[k]);
		seen[k] = p->lineno;
		return key->parse(p, line + klen + 2, p->len - klen - 2, st);
	}
	return 0; /* unknown keys are for newer versions of this library */
}

int cordon_status_parse(const char *buf, size_t len, struct cordon_status *st,
			char *err, size_t errlen)
{
	struct parser p = { .err = err, .errlen = errlen };
	struct cordon_status tmp;
	size_t seen[N_KEYS] = { 0 };
	char missing[CORDON_ERR_MAX];
	size_t n_missing = 0, off = 0;
	int rc;

	if (!st || (!buf && len > 0)) {
		cordon__seterr(err, errlen, "invalid argument");
		return -EINVAL;
	}
	if (len == 0) {
		cordon__seterr(err, errlen, "empty input");
		return -EINVAL;
	}

	memset(&tmp, 0, sizeof(tmp));
	while (off < len) {
		const char *nl, *nul;

		p.line = buf + off;
		nl = memchr(p.line, '\n', len - off);
		p.len = nl ? (size_t)(nl - p.line) : len - off;
		p.last = !nl;
		p.lineno++;
		/* Check for NUL first: nothing below has to care. */
		nul = memchr(p.line, '\0', p.len);
		if (nul)
			return parse_error(&p, nul, -EINVAL,
					   "unexpected NUL byte");
		rc = parse_line(&p, &tmp, seen);
		if (rc < 0)
			return rc;
		off += p.len + (nl ? 1 : 0);
	}

	missing[0] = '\0';
	for (size_t k = 0, used = 0; k < N_KEYS; k++) {
		if (seen[k])
			continue;
		/* Cannot truncate: the key names are short and fixed. */
		used += (size_t)snprintf(missing + used, sizeof(missing) - used,
					 "%s'%s'", n_missing ? ", " : "",
					 status_keys[k].name);
		n_missing++;
	}
	if (n_missing) {
		cordon__seterr(err, errlen, "missing required key%s %s",
			       n_missing > 1 ? "s" : "", missing);
		return -EINVAL;
	}

	*st = tmp;
	cordon__clearerr(err, errlen);
	return 0;
}

int cordon_status_read(const char *path, struct cordon_status *st, char *err,
		       size_t errlen)
{
	char msg[CORDON_ERR_MAX];
	char *buf = NULL;
	size_t len = 0;
	int fd, rc;

	if (!path || !st) {
		cordon__seterr(err, errlen, "invalid argument");
		return -EINVAL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = -errno;
		goto sys_error;
	}
	rc = cordon_read_fd(fd, CORDON_STATUS_FILE_MAX, &buf, &len);
	close(fd); /* read-only: nothing to learn from close() */
	if (rc == -EFBIG) {
		cordon__seterr(err, errlen, "%s: file too large (over %d bytes)",
			       path, CORDON_STATUS_FILE_MAX);
		return rc;
	}
	if (rc < 0)
		goto sys_error;

	rc = cordon_status_parse(buf, len, st, msg, sizeof(msg));
	free(buf);
	if (rc < 0) {
		cordon__seterr(err, errlen, "%s: %s", path, msg);
		return rc;
	}
	cordon__clearerr(err, errlen);
	return 0;

sys_error:
	/* %m is strerror(errno), without strerror()'s shared buffer. */
	errno = -rc;
	cordon__seterr(err, errlen, "%s: %m", path);
	return rc;
}
