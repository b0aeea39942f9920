// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl check, compile, dump: the policy language (cordon-policy(5))
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/json.h>
#include <cordon/policy.h>

#include "cmd.h"

enum { OPT_MAX_ERRORS = OPT_PATH + 1 };

/*
 * --max-errors N: how many errors a compilation reports (0: all).
 * Return: true, or false after a usage error.
 */
static bool max_errors_arg(const struct command *cmd, size_t *max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(optarg, &end, 10);
	if (optarg[0] < '0' || optarg[0] > '9' || *end || errno ||
	    v > SIZE_MAX) {
		usage_error(cmd->name,
			    "'--max-errors' takes a number (0 for no limit), not '%s'",
			    optarg);
		return false;
	}
	*max = (size_t)v;
	return true;
}

/*
 * Parse the options of a command that has only --help (and, for check,
 * --max-errors when @max_errors is not NULL).  Return: -1 to go on, or an
 * exit status.
 */
static int only_help(const struct command *cmd, int argc, char *argv[],
		     void (*help)(const struct command *), size_t *max_errors)
{
	static const struct option all[] = {
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* without --max-errors: the table from "help" on */
	const struct option *opts = max_errors ? all : all + 1;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_MAX_ERRORS:
			if (!max_errors_arg(cmd, max_errors))
				return EXIT_USAGE;
			break;
		case 'h':
			help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	return -1;
}

/* check */

static void check_help(const struct command *cmd)
{
	printf("Usage: %s %s %s\n"
	       "\n"
	       "%s.\n"
	       "\n"
	       "Compile each FILE (- for the standard input) and print every error,\n"
	       "one per line, as FILE:LINE:COLUMN: error: MESSAGE.  Nothing is\n"
	       "written.  The language is described in cordon-policy(5).\n"
	       "\n"
	       "Options:\n"
	       "      --max-errors N  report at most N errors per FILE, then a note\n"
	       "                      saying how many more there are (default %d;\n"
	       "                      0: all)\n"
	       "  -h, --help          show this help and exit\n"
	       "\n"
	       "Exit status: 0 if every file is valid, 1 if not, 2 on a usage error.\n",
	       PROG, cmd->name, cmd->args, cmd->summary,
	       CORDON_DIAGS_MAX_DEFAULT);
}

int cmd_check(const struct command *cmd, int argc, char *argv[])
{
	int status = EXIT_SUCCESS, rc;
	size_t max_errors = CORDON_DIAGS_MAX_DEFAULT;

	rc = only_help(cmd, argc, argv, check_help, &max_errors);
	if (rc >= 0)
		return rc;
	if (optind >= argc) {
		usage_error(cmd->name, "missing FILE");
		return EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++) {
		struct cordon_diags diags;
		struct cordon_blob blob = { NULL, 0 };

		cordon_diags_init(&diags);
		cordon_diags_set_max(&diags, max_errors);
		rc = cordon_policy_compile_file(argv[i], &blob, &diags);
		cordon_diags_print(&diags, stderr);
		if (rc == -ENOMEM)
			fprintf(stderr, "%s: %s: out of memory\n", PROG,
				argv[i]);
		if (rc < 0)
			status = EXIT_FAILURE;
		cordon_diags_free(&diags);
		cordon_blob_free(&blob);
	}
	return status;
}

/* compile */

static void compile_help(const struct command *cmd)
{
	printf("Usage: %s %s %s\n"
	       "\n"
	       "%s.\n"
	       "\n"
	       "Check FILE (- for the standard input) as 'check' does and, if it has\n"
	       "no error, write the binary policy to OUT (- for the standard output).\n"
	       "OUT is replaced atomically: the blob is written to a temporary file in\n"
	       "its directory, then renamed; on any error nothing is written.\n"
	       "\n"
	       "Options:\n"
	       "  -o, --output OUT    where to write the binary policy (required)\n"
	       "      --max-errors N  report at most N errors (default %d; 0: all)\n"
	       "  -h, --help          show this help and exit\n"
	       "\n"
	       "Exit status: 0 on success, 1 on an error, 2 on a usage error.\n",
	       PROG, cmd->name, cmd->args, cmd->summary,
	       CORDON_DIAGS_MAX_DEFAULT);
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write the blob to path through a temporary file and rename(2). */
static int write_atomic(const char *path, const struct cordon_blob *blob)
{
	char *dup = strdup(path), *tmp = NULL;
	int fd = -1, rc;

	if (!dup)
		return -ENOMEM;
	if (asprintf(&tmp, "%s/.%s.XXXXXX", dirname(dup),
		     strrchr(path, '/') ? strrchr(path, '/') + 1 : path) < 0) {
		free(dup);
		return -ENOMEM;
	}
	free(dup);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		free(tmp);
		return rc;
	}
	rc = write_all(fd, blob->data, blob->len);
	if (!rc && fchmod(fd, 0644) < 0)
		rc = -errno;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path) < 0)
		rc = -errno;
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cmd_compile(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cordon_blob blob = { NULL, 0 };
	struct cordon_diags diags;
	size_t max_errors = CORDON_DIAGS_MAX_DEFAULT;
	const char *out = NULL;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (optarg[0] == '\0') {
				usage_error(cmd->name, "empty OUT for '-o'");
				return EXIT_USAGE;
			}
			out = optarg;
			break;
		case OPT_MAX_ERRORS:
			if (!max_errors_arg(cmd, &max_errors))
				return EXIT_USAGE;
			break;
		case 'h':
			compile_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage_error(cmd->name, "missing FILE");
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		usage_error(cmd->name, "unexpected argument '%s'",
			    argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (!out) {
		usage_error(cmd->name, "missing '-o OUT'");
		return EXIT_USAGE;
	}

	cordon_diags_init(&diags);
	cordon_diags_set_max(&diags, max_errors);
	rc = cordon_policy_compile_file(argv[optind], &blob, &diags);
	cordon_diags_print(&diags, stderr);
	cordon_diags_free(&diags);
	if (rc == -ENOMEM)
		fprintf(stderr, "%s: %s: out of memory\n", PROG, argv[optind]);
	if (rc < 0)
		return EXIT_FAILURE;

	if (strcmp(out, "-") == 0) {
		rc = write_all(STDOUT_FILENO, blob.data, blob.len);
		if (rc)
			fprintf(stderr, "%s: write error: %s\n", PROG,
				strerror(-rc));
	} else {
		rc = write_atomic(out, &blob);
		if (rc)
			fprintf(stderr, "%s: %s: %s\n", PROG, out,
				strerror(-rc));
	}
	cordon_blob_free(&blob);
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* dump */

static void dump_help(const struct command *cmd)
{
	printf("Usage: %s %s %s\n"
	       "\n"
	       "%s.\n"
	       "\n"
	       "BLOB (- for the standard input) is first validated as strictly as the\n"
	       "kernel does; the first problem found is named.  The text states every\n"
	       "field of every profile, uses no 'extends', and compiles back to the\n"
	       "same blob.  With -j, one JSON object instead, every field stated\n"
	       "(see cordonctl(8)).\n"
	       "\n"
	       "Options:\n"
	       "  -j, --json    print the policy as one JSON object\n"
	       "  -h, --help    show this help and exit\n"
	       "\n"
	       "Exit status: 0 on success, 1 if BLOB is unreadable or invalid,\n"
	       "2 on a usage error.\n",
	       PROG, cmd->name, cmd->args, cmd->summary);
}

/* Read at most max + 1 bytes (so that "too large" shows); "-" is stdin. */
static int read_blob(const char *path, size_t max, uint8_t **buf,
		     size_t *len)
{
	bool is_stdin = strcmp(path, "-") == 0;
	int fd, rc;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = cordon_read_fd(fd, max + 1, (char **)buf, len);
	if (!is_stdin)
		close(fd);
	return rc;
}

int cmd_dump(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct json_object *obj = NULL;
	char err[CORDON_ERR_MAX];
	const char *path;
	uint8_t *blob = NULL;
	size_t len = 0;
	bool json = false;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			dump_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage_error(cmd->name, "missing BLOB");
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		usage_error(cmd->name, "unexpected argument '%s'",
			    argv[optind + 1]);
		return EXIT_USAGE;
	}
	path = argv[optind];
	rc = read_blob(path, CORDON_POLICY_MAX_SIZE, &blob, &len);
	if (rc) {
		fprintf(stderr, "%s: %s: %s\n", PROG, path, strerror(-rc));
		return EXIT_FAILURE;
	}
	if (json) {
		rc = cordon_json_policy(blob, len, &obj, err, sizeof(err));
		if (!rc) {
			/* main() reports a write error */
			cordon_json_print(stdout, obj, true);
			json_object_put(obj);
		}
	} else {
		rc = cordon_policy_dump(blob, len, stdout, err, sizeof(err));
	}
	free(blob);
	if (rc == -EIO)
		return EXIT_FAILURE;	/* main() reports the write error */
	if (rc) {
		fprintf(stderr, "%s: %s: invalid policy (%s): %s\n", PROG,
			path, strerror(-rc), err);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
