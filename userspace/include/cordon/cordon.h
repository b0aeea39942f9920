/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - userspace library for the cordon Linux Security Module
 *
 * Conventions for every function of this library:
 *  - errors are returned as a negative errno value, success as 0;
 *  - a function taking (char *err, size_t errlen) writes a one-line,
 *    NUL-terminated message (no trailing newline) into err on failure,
 *    truncated to errlen bytes; err may be NULL or errlen 0 to get no
 *    message. On success err is set to the empty string;
 *  - output arguments are written only on success;
 *  - the library keeps no global mutable state: all functions are
 *    thread-safe as long as callers do not share output buffers.
 */
#ifndef CORDON_CORDON_H
#define CORDON_CORDON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where the kernel publishes its state (securityfs). */
#define CORDON_STATUS_PATH "/sys/kernel/security/cordon/status"

/*
 * A size for err buffers that holds any message of this library in full,
 * except one that quotes a path longer than about 300 bytes.
 */
#define CORDON_ERR_MAX 512

/*
 * What a profile does with an operation it denies. The values match the
 * kernel's enum cordon_mode.
 */
enum cordon_mode {
	CORDON_MODE_OFF = 0,      /* nothing is checked or audited */
	CORDON_MODE_COMPLAIN = 1, /* audited and allowed */
	CORDON_MODE_ENFORCE = 2,  /* audited and denied */
};

/*
 * cordon_mode_name - the name of a mode as the kernel writes it
 *
 * Return: "off", "complain", "enforce", or "invalid" for a value outside
 * the enum. Never NULL.
 */
const char *cordon_mode_name(enum cordon_mode mode);

/*
 * cordon_mode_parse - parse a mode name
 * @name: the name; need not be NUL-terminated
 * @len: its length in bytes
 * @mode: set to the mode on success
 *
 * The match is exact: no surrounding whitespace, case-sensitive.
 *
 * Return: 0, or -EINVAL if @name is no mode name (@mode untouched).
 */
int cordon_mode_parse(const char *name, size_t len, enum cordon_mode *mode);

/* Sizes of the string fields of struct cordon_status, NUL included. */
#define CORDON_STATUS_VERSION_MAX 32
#define CORDON_STATUS_POLICY_MAX 128

/*
 * The kernel's status file, /sys/kernel/security/cordon/status: one
 * "key: value" per line, each line ending in '\n'.
 */
struct cordon_status {
	/* "version": the LSM's version, e.g. "0.1.0" */
	char version[CORDON_STATUS_VERSION_MAX];
	/* "mode": the mode of the active policy's default profile */
	enum cordon_mode mode;
	/* "policy": which policy is active, e.g. "builtin" */
	char policy[CORDON_STATUS_POLICY_MAX];
	/* "policy_version": the active policy's version (anti-rollback) */
	uint64_t policy_version;
};

/*
 * cordon_read_fd - read a file descriptor to its end
 * @fd: the descriptor (left open)
 * @max: largest size accepted
 * @buf: receives the contents (malloc()ed, with a NUL after them)
 * @len: receives their length (without the NUL)
 *
 * Return: 0; -EFBIG over @max bytes; -ENOMEM; another negated errno.
 */
int cordon_read_fd(int fd, size_t max, char **buf, size_t *len);

/*
 * cordon_read_file - read a whole file, even one with no size (securityfs)
 * @path: the file
 * @max: largest size accepted
 * @buf: receives the contents (malloc()ed, with a NUL after them)
 * @len: receives their length (without the NUL)
 * @err: receives "PATH: reason" on failure
 * @errlen: size of @err
 *
 * Return: 0; -EFBIG over @max bytes; -EISDIR; -ENOMEM; another negated
 * errno of open(2) or read(2).
 */
int cordon_read_file(const char *path, size_t max, char **buf, size_t *len,
		     char *err, size_t errlen);

/*
 * cordon_status_parse - parse the contents of the status file
 * @buf: the contents; need not be NUL-terminated; may be NULL if @len is 0
 * @len: their length in bytes
 * @st: filled in on success, untouched on failure
 * @err: receives a message on failure, see the top of this file
 * @errlen: size of @err
 *
 * The syntax is strict, as the kernel writes it: each line is a key made of
 * [a-z0-9_], then ": " (colon, one space), then the value, then '\n' (the
 * newline may be missing on the last line). Empty lines and NUL bytes are
 * errors. The keys "version", "mode", "policy" and "policy_version" are
 * required, each exactly once; any other key is accepted and ignored, so that
 * newer kernels can add keys. "version" and "policy" are non-empty printable
 * ASCII without spaces; "mode" is off, complain or enforce; "policy_version"
 * is an unsigned 64-bit decimal number (digits only).
 *
 * Messages locate the error as "line L:C: " (1-based line, 1-based byte
 * column), e.g. "line 2:7: unknown mode 'enforced'". Errors that concern
 * the input as a whole ("empty input", "missing required key 'mode'") carry
 * no location.
 *
 * Return: 0; -EINVAL for invalid arguments or malformed input; -ERANGE if
 * policy_version does not fit in 64 bits.
 */
int cordon_status_parse(const char *buf, size_t len, struct cordon_status *st,
			char *err, size_t errlen);

/* Status files larger than this are refused by cordon_status_read(). */
#define CORDON_STATUS_FILE_MAX (1024 * 1024)

/*
 * cordon_status_read - read and parse a status file
 * @path: the file, usually CORDON_STATUS_PATH
 * @st: filled in on success, untouched on failure
 * @err: receives a message on failure, prefixed with "@path: "
 * @errlen: size of @err
 *
 * Return: 0; the negated errno of a failed open(2) or read(2) (e.g.
 * -ENOENT when cordon is not active or securityfs is not mounted);
 * -EFBIG if the file is larger than CORDON_STATUS_FILE_MAX; -ENOMEM;
 * or an error of cordon_status_parse().
 */
int cordon_status_read(const char *path, struct cordon_status *st, char *err,
		       size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_CORDON_H */
