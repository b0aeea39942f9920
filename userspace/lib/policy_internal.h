/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - what the policy compiler and decompiler share; not installed.
 */
#ifndef CORDON_LIB_POLICY_INTERNAL_H
#define CORDON_LIB_POLICY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/capability.h>
#include <linux/cordon.h>

/* The language knows capabilities 0..CORDON__CAP_LAST. */
#define CORDON__CAP_LAST CAP_LAST_CAP
#define CORDON__CAP_ALL ((UINT64_C(1) << (CORDON__CAP_LAST + 1)) - 1)

/* A bit of a set and its name in the language; tables end with NULL. */
struct cordon__bitname {
	const char *name;
	uint32_t bit;
};

extern const struct cordon__bitname cordon__mount_flag_names[];
extern const struct cordon__bitname cordon__mount_op_names[];
extern const struct cordon__bitname cordon__ipc_names[];
extern const struct cordon__bitname cordon__knob_names[];

/* The attack surface statements, in the order the decompiler prints them. */
struct cordon__surface_name {
	const char *kw;		/* "userns create", "io_uring"... */
	uint32_t bit;		/* CORDON_SURFACE_* */
};

#define CORDON__NR_SURFACE 5
extern const struct cordon__surface_name
	cordon__surface_names[CORDON__NR_SURFACE];

/* Device rule types by CORDON_DEV_* value (0 unused). */
extern const char *const cordon__dev_type_names[3];

/* The device access letters "rwm", by CORDON_DEV_* bit order. */
extern const char cordon__dev_access_letters[3];

/* Size of a buffer for cordon__dev_str(). */
#define CORDON__DEV_STR_SIZE 32

/*
 * "char 1:3", "block 8:*": a device as the language writes it
 * (CORDON_DEV_ANY as '*'), in @buf.  Return: @buf.
 */
const char *cordon__dev_str(char buf[CORDON__DEV_STR_SIZE], uint8_t type,
			    uint32_t major, uint32_t minor);

/*
 * What the compiler refuses in a resolved profile although the kernel
 * would load it: a capability denied where the kernel accepts
 * CAP_SYS_ADMIN in its place and sys_admin is not denied too (CAP_BPF and
 * CAP_PERFMON while their attack surface is allowed, CAP_CHECKPOINT_RESTORE
 * always).  @surface, @cap_deny and @cap_deny_init_ns in host byte order.
 *
 * Return: true and the reason in @msg (without the profile's name), or
 * false if the profile holds what it says.
 */
bool cordon__cap_fallback_problem(uint32_t surface, uint64_t cap_deny,
				  uint64_t cap_deny_init_ns, char *msg,
				  size_t len);

/* Values of the scalar fields, indexed by value. */
extern const char *const cordon__mode_names[3];
extern const char *const cordon__arm_names[2];
extern const char *const cordon__ptrace_names[2];
extern const char *const cordon__ptrace_host_names[2];

/* [A-Za-z0-9._-], and '+' too if @fstype. */
static inline bool cordon__name_char(unsigned char c, bool fstype)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	       (fstype && c == '+');
}

#endif /* CORDON_LIB_POLICY_INTERNAL_H */

/* policy_diag.c */

struct cordon_diags;

/*
 * Append "MESSAGE" at @line:@col of @file to @d.
 *
 * Return: 0 or -ENOMEM.
 */
int cordon__diag_add(struct cordon_diags *d, const char *file,
		     unsigned int line, unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Sort entries first..count-1 of @d by line and column, keeping order. */
void cordon__diags_sort(struct cordon_diags *d, size_t first);

/* policy_lex.c */

enum cordon__tok_type {
	CORDON__T_EOF,
	CORDON__T_WORD,		/* a run of anything but what follows */
	CORDON__T_STRING,	/* "...": s and len exclude the quotes */
	CORDON__T_SEMI,
	CORDON__T_LBRACE,
	CORDON__T_RBRACE,
	CORDON__T_COMMA,
	CORDON__T_EQ,
	CORDON__T_STAR,
};

struct cordon__tok {
	enum cordon__tok_type type;
	const char *s;
	size_t len;
	unsigned int line;
	unsigned int col;
	bool unterminated;	/* a string without its closing quote */
};

struct cordon__lexer {
	const char *p;
	const char *end;
	const char *line_start;
	unsigned int line;
	const char *file;
	struct cordon_diags *diags;
	bool oom;
};

void cordon__lex_init(struct cordon__lexer *lx, const char *file,
		      const char *text, size_t len, struct cordon_diags *diags);

/*
 * The next token.  Unexpected characters and unterminated strings are
 * reported (the lexer goes on after them); an unterminated string is
 * returned as a string that ends at the end of its line.
 */
void cordon__lex(struct cordon__lexer *lx, struct cordon__tok *t);

/*
 * The number of leading decimal digits of a token, never looking beyond
 * its @len bytes (the text need not be NUL-terminated).
 */
size_t cordon__tok_digits(const struct cordon__tok *t);

/* policy_parse.c and policy_compile.c: the parsed policy */

struct cordon__loc {
	unsigned int line;
	unsigned int col;
};

/* Scalar statements of a profile: each at most once. */
enum cordon__field {
	CORDON__F_MODE,
	CORDON__F_ARM,
	CORDON__F_PTRACE,
	CORDON__F_PTRACE_HOST,
	CORDON__F_MOUNT_OPS,
	CORDON__F_IPC,
	CORDON__F_KNOBS,
	CORDON__F_SURFACE,	/* CORDON__NR_SURFACE of them, in table order */
	CORDON__F_NR = CORDON__F_SURFACE + CORDON__NR_SURFACE,
};

/* "mount allow FSTYPE [require FLAGS];" or "mount deny FSTYPE;" */
struct cordon__mstmt {
	char fstype[CORDON_FSTYPE_MAX];
	uint16_t require;
	bool deny;
	struct cordon__loc loc;
};

struct cordon__rule {
	char fstype[CORDON_FSTYPE_MAX];
	uint16_t require;
};

/*
 * A device: type CORDON_DEV_CHAR or CORDON_DEV_BLOCK, major and minor
 * numbers or CORDON_DEV_ANY.
 */
struct cordon__dev {
	uint8_t type;
	uint32_t major;
	uint32_t minor;
};

/* "device allow TYPE MAJOR:MINOR ACCESS;" or "device deny TYPE MAJOR:MINOR;" */
struct cordon__dstmt {
	struct cordon__dev dev;
	uint8_t access;			/* CORDON_DEV_READ... */
	bool deny;
	struct cordon__loc loc;
};

struct cordon__drule {
	struct cordon__dev dev;
	uint8_t access;
};

struct cordon__prof {
	char name[CORDON_NAME_MAX];	/* "" if the name was bad */
	struct cordon__loc loc;
	bool has_base;
	bool base_bad;			/* a bad name after "extends" */
	char base[CORDON_NAME_MAX];
	struct cordon__loc base_loc;

	/* the statements, as written */
	unsigned int set;		/* 1 << CORDON__F_* */
	struct cordon__loc field_loc[CORDON__F_NR];
	uint8_t mode, arm, ptrace, ptrace_host;
	uint32_t mount_ops, ipc, knobs;
	uint32_t surface;		/* the stated surface bits allowed */
	/* capabilities: result = (inherited & ~del) | add */
	uint64_t deny_add, deny_del, init_add, init_del;
	struct cordon__mstmt *mstmts;
	size_t n_mstmts, cap_mstmts;
	struct cordon__dstmt *dstmts;
	size_t n_dstmts, cap_dstmts;

	/* resolved by policy_compile.c */
	int state;			/* 0 new, 1 visiting, 2 done */
	bool resolve_bad;		/* its base chain has an error */
	struct cordon_policy_profile r;	/* host byte order */
	struct cordon__rule *rules;
	size_t n_rules;
	struct cordon__drule *drules;
	size_t n_drules;
};

struct cordon__sel {
	uint16_t kind;
	char name[CORDON_NAME_MAX];
	uint32_t ns[3];			/* mnt, pid, user */
	struct cordon__loc loc;
	char profile[CORDON_NAME_MAX];	/* "" if the name was bad */
	struct cordon__loc profile_loc;
	bool bad;
	uint16_t profile_idx;
};

struct cordon__policy {
	const char *file;
	struct cordon_diags *diags;
	bool oom;

	bool have_policy;
	struct cordon__loc policy_loc;
	char name[CORDON_NAME_MAX];
	uint64_t version;

	bool have_default;
	struct cordon__loc default_loc;
	char default_name[CORDON_NAME_MAX];	/* "" if bad */
	struct cordon__loc default_name_loc;

	struct cordon__loc eof;

	struct cordon__prof *profs;
	size_t n_profs, cap_profs;
	struct cordon__sel *sels;
	size_t n_sels, cap_sels;
};

/* Report an error of the policy at @loc; sets oom on failure. */
void cordon__perr(struct cordon__policy *pol, struct cordon__loc loc,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Parse the text into @pol (zeroed, file and diags set). */
void cordon__parse(struct cordon__policy *pol, const char *text, size_t len);

/* Free what cordon__parse() and the compiler allocated in @pol. */
void cordon__policy_free(struct cordon__policy *pol);
