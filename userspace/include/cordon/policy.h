/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - the policy language: compiler, validator, decompiler
 *
 * The language is described in cordon-policy(5); its output is the binary
 * format of <linux/cordon.h>.  The conventions of <cordon/cordon.h> apply
 * (negative errno returns, err/errlen messages, no global mutable state).
 */
#ifndef CORDON_POLICY_H
#define CORDON_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One error found in a policy text.  @line and @col count from 1 (@col in
 * bytes); both are 0 for an error about the file as a whole (one that
 * could not be read).
 */
struct cordon_diag {
	char *file;		/* the path given to the compiler */
	unsigned int line;
	unsigned int col;
	char *msg;		/* one line, no trailing newline */
};

/*
 * The errors of one or more compilations, in the order of the text.
 *
 * At most a limit of them are kept, like a C compiler's -fmax-errors: the
 * first ones found (CORDON_DIAGS_MAX_DEFAULT unless set with
 * cordon_diags_set_max()); the others are only counted in @dropped, and
 * cordon_diags_print() ends with a note saying how many there were.  A
 * text of any size thus costs bounded memory and output.
 */
struct cordon_diags {
	struct cordon_diag *items;
	size_t count;
	size_t cap;
	size_t max;		/* 0: CORDON_DIAGS_MAX_DEFAULT; SIZE_MAX: none */
	size_t dropped;		/* errors found beyond the limit */
};

/* How many errors a list keeps unless told otherwise (as clang's 20). */
#define CORDON_DIAGS_MAX_DEFAULT 20

/* A compiled policy, allocated with malloc(). */
struct cordon_blob {
	uint8_t *data;
	size_t len;
};

/* Initialise an empty list (the same as zeroing it). */
void cordon_diags_init(struct cordon_diags *d);
/* Free the entries and empty the list; it may be used again (its limit
 * is kept). */
void cordon_diags_free(struct cordon_diags *d);

/*
 * cordon_diags_set_max - how many errors @d keeps
 * @max: the limit; 0 for none (as -fmax-errors=0)
 */
void cordon_diags_set_max(struct cordon_diags *d, size_t max);

/*
 * cordon_diags_note - the closing note of a list that dropped errors
 *
 * "FILE: note: too many errors: N more not shown (the limit is M)", FILE
 * being that of the last error kept; "" when nothing was dropped.
 * snprintf() semantics.
 *
 * Return: the length of the whole text, as snprintf() (0 if none).
 */
int cordon_diags_note(const struct cordon_diags *d, char *buf, size_t len);

/*
 * cordon_diag_format - render a diagnostic as the compiler prints it
 *
 * "FILE:LINE:COL: error: MESSAGE", or "FILE: error: MESSAGE" when the
 * line is 0.  snprintf() semantics.
 *
 * Return: the length of the whole text, as snprintf().
 */
int cordon_diag_format(const struct cordon_diag *d, char *buf, size_t len);

/* Print every diagnostic of @d, one per line, to @f, then the note of
 * cordon_diags_note() if errors were dropped. */
void cordon_diags_print(const struct cordon_diags *d, FILE *f);

/* Free a blob's data and empty it. */
void cordon_blob_free(struct cordon_blob *b);

/*
 * cordon_policy_compile - compile a policy text
 * @path: the name of the text in diagnostics; NULL for "<input>"
 * @text: the text; need not be NUL-terminated
 * @len: its length in bytes
 * @out: receives the blob on success (free with cordon_blob_free())
 * @diags: every error found is appended to it, sorted by position
 *
 * The whole text is checked whatever errors are found: @diags gets every
 * error, not only the first.  On failure @out is untouched.
 *
 * Return: 0; -EINVAL if the text has errors (or @out or @diags is NULL,
 * with no diagnostic); -ENOMEM.
 */
int cordon_policy_compile(const char *path, const char *text, size_t len,
			  struct cordon_blob *out, struct cordon_diags *diags);

/* cordon_policy_compile() of a NUL-terminated string named "<string>". */
int cordon_policy_compile_string(const char *text, struct cordon_blob *out,
				 struct cordon_diags *diags);

/*
 * cordon_policy_compile_file - read and compile a policy file
 * @path: the file; "-" reads the standard input (named "<stdin>")
 *
 * A file that cannot be read gives one diagnostic with line 0.
 *
 * Return: as cordon_policy_compile(), or the negated errno of a failed
 * open(2) or read(2); -EFBIG for a file over CORDON_POLICY_TEXT_MAX.
 */
int cordon_policy_compile_file(const char *path, struct cordon_blob *out,
			       struct cordon_diags *diags);

/* Policy texts larger than this are refused. */
#define CORDON_POLICY_TEXT_MAX (64U << 20)

/*
 * cordon_policy_validate - check a blob as strictly as the kernel does
 * @blob: the blob
 * @len: its length
 * @err: receives a message naming the first problem found
 * @errlen: size of @err
 *
 * Checks, in the kernel's order (security/cordon/policy.c), so that a
 * blob with several faults gets the kernel's errno: the size (E2BIG over
 * CORDON_POLICY_MAX_SIZE), the header's length, magic (EBADMSG), format
 * (EPROTONOSUPPORT, format 1 included), header_size and total_size
 * (EBADMSG), flags and reserved fields, the version (EINVAL for 0), the
 * policy name (EINVAL), the counts (E2BIG over their bound, device rules
 * included; EINVAL for no profile), the blob's length against the counts
 * (EBADMSG), the default profile index (ENOENT); then each profile in
 * blob order (bad name, value out of range, unknown bit, capability
 * checkpoint_restore denied where sys_admin, which the kernel accepts in
 * its place, is not (after the capability bits, before the attack
 * surface bits), reserved field: EINVAL; a name seen before: ENOTUNIQ),
 * each mount rule (bad type, EINVAL; missing profile, ENOENT; unknown
 * flag, reserved field, EINVAL), two rules for one type in a profile
 * (ENOTUNIQ), each device rule (unknown type, no access or an unknown
 * access bit, major number over 4095, minor number over 2^20 - 1, a minor
 * number with any major number, reserved field: EINVAL; missing profile,
 * ENOENT), two rules for one device (type, major, minor) in a profile
 * (ENOTUNIQ), each selector (reserved field, EINVAL; missing profile,
 * ENOENT; bad name, name or namespaces where the kind has none, no
 * namespace, unknown kind: EINVAL), and a selector matching what an
 * earlier one matches, whatever the profile it selects (ENOTUNIQ).
 *
 * Return: 0 or one of the negative errno values above.
 */
int cordon_policy_validate(const void *blob, size_t len, char *err,
			   size_t errlen);

/*
 * cordon_policy_dump - print a blob as policy text
 * @out: where to print
 *
 * The blob is validated first.  The text has no "extends" and states
 * every field of every profile; compiling it gives back the same blob
 * byte for byte, provided the blob's mount and device rules are grouped
 * by profile in profile order, as cordon_policy_compile() writes them
 * (otherwise the text says so in a comment and compiles to the same
 * rules, reordered), and the compiler accepts every profile: it refuses
 * a profile that denies capability bpf (perfmon) against the initial
 * user namespace but not sys_admin, which the kernel accepts in its
 * place, and allows bpf (perf) as attack surface (see cordon-policy(5)),
 * which the kernel loads; the text says so in a comment above such a
 * profile.
 *
 * Return: 0; an error of cordon_policy_validate(); -EIO if writing failed.
 */
int cordon_policy_dump(const void *blob, size_t len, FILE *out, char *err,
		       size_t errlen);

/*
 * cordon_cap_name - the policy name of capability @cap ("sys_admin")
 *
 * Return: the name, or NULL if @cap is over CAP_LAST_CAP.
 */
const char *cordon_cap_name(unsigned int cap);

/*
 * cordon_cap_parse - a capability by name
 * @name: "sys_admin", "CAP_SYS_ADMIN", any case; need not be NUL-terminated
 * @len: its length
 *
 * Return: the capability number, or -EINVAL.
 */
int cordon_cap_parse(const char *name, size_t len);

/* What cordon_policy_generate() writes. */
struct cordon_policy_gen {
	unsigned int profiles;		/* 1..CORDON_MAX_PROFILES */
	unsigned int mount_rules;	/* spread over the profiles but p0 */
	unsigned int selectors;		/* half by name, half by namespace */
	uint64_t version;		/* 0 means 1 */
};

/*
 * cordon_policy_generate - write a synthetic policy, for benchmarks
 * @g: its size
 * @text: receives the text (malloc()ed, NUL-terminated)
 * @len: receives its length
 *
 * Profile "p0" holds the common settings and every other profile
 * extends it; the default profile is "p0".  The text is valid when the
 * counts are within the bounds of <linux/cordon.h>.
 *
 * Return: 0; -EINVAL for no profile; -ENOMEM.
 */
int cordon_policy_generate(const struct cordon_policy_gen *g, char **text,
			   size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_POLICY_H */
