// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl - inspect and (later) load policy for the cordon LSM
 *
 * Exit status: 0 success, 1 failure, 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>

#define PROG "cordonctl"
#define CORDONCTL_VERSION "0.1.0"

#define EXIT_USAGE 2

struct command {
	const char *name;
	const char *args;	/* synopsis after the name, for --help */
	const char *summary;	/* one line, for --help */
	/* argv[0] is the command's name; returns an exit status */
	int (*run)(const struct command *cmd, int argc, char *argv[]);
};

static void usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s%s%s --help' for more information.\n", PROG,
		cmd ? " " : "", cmd ? cmd : "");
}

/* Values of options that have no short form, beyond any char. */
enum { OPT_PATH = 0x100 };

static bool is_option_val(const struct option *opts, int val)
{
	for (; opts->name; opts++)
		if (opts->val == val)
			return true;
	return false;
}

/*
 * Report what getopt_long() rejected, called with opterr = 0 and a leading
 * ':' in the option string: c is ':' for a missing argument, '?' otherwise.
 *
 * glibc sets optopt to 0 for an unknown long option, to the character for
 * an unknown short one, and to the option's val for a known option that
 * lacks its argument or (long form only) has one it does not take. A long
 * option, right or wrong, is always consumed whole, so it is then
 * argv[optind - 1]; a short one may sit inside a group like "-xy".
 */
static void option_error(const char *cmd, int c, char *argv[],
			 const struct option *opts)
{
	const char *cur = argv[optind - 1];
	bool is_long = strncmp(cur, "--", 2) == 0 &&
		       (optopt == 0 || is_option_val(opts, optopt));
	char shortopt[3] = { '-', (char)optopt, '\0' };
	const char *name = shortopt;
	int n = 2;

	if (is_long) {
		const char *eq = strchr(cur, '=');

		name = cur;
		n = eq ? (int)(eq - cur) : (int)strlen(cur);
	}
	if (c == ':')
		usage_error(cmd, "option '%.*s' requires an argument", n, name);
	else if (is_long && optopt != 0)
		usage_error(cmd, "option '%.*s' does not take an argument", n,
			    name);
	else
		usage_error(cmd, "unrecognized option '%.*s'", n, name);
}

/* status */

static void status_help(const struct command *cmd)
{
	printf("Usage: %s %s %s\n"
	       "\n"
	       "%s.\n"
	       "\n"
	       "Options:\n"
	       "  --path FILE   read FILE instead of %s\n"
	       "  -h, --help    show this help and exit\n",
	       PROG, cmd->name, cmd->args, cmd->summary, CORDON_STATUS_PATH);
}

static int cmd_status(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "path", required_argument, NULL, OPT_PATH },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CORDON_STATUS_PATH;
	struct cordon_status st;
	char err[CORDON_ERR_MAX];
	int c, rc;

	optind = 0; /* restart getopt for the command's own argv */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PATH:
			if (optarg[0] == '\0') {
				usage_error(cmd->name, "empty FILE for '--path'");
				return EXIT_USAGE;
			}
			path = optarg;
			break;
		case 'h':
			status_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		usage_error(cmd->name, "unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}

	rc = cordon_status_read(path, &st, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: %s", PROG, err);
		if (rc == -ENOENT && strcmp(path, CORDON_STATUS_PATH) == 0)
			fprintf(stderr,
				" (is cordon active? check /sys/kernel/security/lsm)");
		fputc('\n', stderr);
		return EXIT_FAILURE;
	}

	/* A stable format: scripts may rely on it. */
	printf("%-16s%s\n", "version:", st.version);
	printf("%-16s%s\n", "mode:", cordon_mode_name(st.mode));
	printf("%-16s%s\n", "policy:", st.policy);
	printf("%-16s%llu\n", "policy_version:",
	       (unsigned long long)st.policy_version);
	return EXIT_SUCCESS;
}

/* Coming: compile, sign, load, tag. */
static const struct command commands[] = {
	{ "status", "[--path FILE]",
	  "Show the state of cordon in the running kernel", cmd_status },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void help(void)
{
	printf("Usage: %s [--help] [--version] COMMAND [ARGS]\n"
	       "\n"
	       "Control the cordon Linux Security Module.\n"
	       "\n"
	       "Commands:\n", PROG);
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-8s %-16s %s\n", commands[i].name, commands[i].args,
		       commands[i].summary);
	printf("\n"
	       "Options:\n"
	       "  -h, --help      show this help and exit\n"
	       "  -V, --version   show the version and exit\n"
	       "\n"
	       "Run '%s COMMAND --help' for help on a command; see cordonctl(8).\n",
	       PROG);
}

/* Report a failed write to stdout (full disk, closed pipe...) as failure. */
static int close_stdout(int status)
{
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		/* errno is 0 if the error came from an earlier write */
		int e = errno;

		fprintf(stderr, "%s: write error%s%s\n", PROG, e ? ": " : "",
			e ? strerror(e) : "");
		return EXIT_FAILURE;
	}
	return status;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	/* '+': stop at the command name; what follows is the command's */
	while ((c = getopt_long(argc, argv, "+:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return close_stdout(EXIT_SUCCESS);
		case 'V':
			printf("%s %s\n", PROG, CORDONCTL_VERSION);
			return close_stdout(EXIT_SUCCESS);
		default:
			option_error(NULL, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage_error(NULL, "missing command");
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			int status = commands[i].run(&commands[i],
						     argc - optind,
						     argv + optind);

			return close_stdout(status);
		}
	}
	usage_error(NULL, "unknown command '%s'", argv[optind]);
	return EXIT_USAGE;
}
