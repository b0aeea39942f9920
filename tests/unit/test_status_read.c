// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: cordon_status_read().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cordon/cordon.h>

#include "unit.h"

#define KERNEL_STATUS \
	"version: 0.1.0\nmode: enforce\npolicy: builtin\npolicy_version: 0\n"

/* A scratch directory, removed by scratch_done(). */
struct scratch {
	char dir[64];
	char path[128];		/* dir + "/status" */
};

static bool scratch_init(struct scratch *s)
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || !*tmp || strlen(tmp) > 32)
		tmp = "/tmp";
	snprintf(s->dir, sizeof(s->dir), "%s/cordon-unit-XXXXXX", tmp);
	if (!mkdtemp(s->dir)) {
		perror("mkdtemp");
		return false;
	}
	snprintf(s->path, sizeof(s->path), "%s/status", s->dir);
	return true;
}

static void scratch_done(struct scratch *s)
{
	unlink(s->path);
	if (rmdir(s->dir) < 0)
		perror("rmdir");
}

static bool write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

TEST(read_nonexistent_path)
{
	struct cordon_status st = { .policy_version = 7 };
	char err[CORDON_ERR_MAX], want[CORDON_ERR_MAX];
	struct scratch s;

	REQUIRE(scratch_init(&s));
	/* s.path does not exist: the directory is new and empty */
	CHECK_EQ(cordon_status_read(s.path, &st, err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "%s: No such file or directory", s.path);
	CHECK_STREQ(err, want);
	CHECK_EQ(st.policy_version, 7);
	scratch_done(&s);
}

TEST(read_valid_file)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX] = "not written";
	struct scratch s;

	REQUIRE(scratch_init(&s));
	REQUIRE(write_file(s.path, KERNEL_STATUS, strlen(KERNEL_STATUS)));
	CHECK_EQ(cordon_status_read(s.path, &st, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	CHECK_STREQ(st.version, "0.1.0");
	CHECK_EQ(st.mode, CORDON_MODE_ENFORCE);
	CHECK_STREQ(st.policy, "builtin");
	CHECK_EQ(st.policy_version, 0);
	scratch_done(&s);
}

TEST(read_parse_error_names_path)
{
	static const char bad[] = "version: 0.1.0\nmode: enforced\n";
	struct cordon_status st;
	char err[CORDON_ERR_MAX], want[CORDON_ERR_MAX];
	struct scratch s;

	REQUIRE(scratch_init(&s));
	REQUIRE(write_file(s.path, bad, strlen(bad)));
	CHECK_EQ(cordon_status_read(s.path, &st, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: line 2:7: unknown mode 'enforced'",
		 s.path);
	CHECK_STREQ(err, want);

	REQUIRE(write_file(s.path, "", 0));
	CHECK_EQ(cordon_status_read(s.path, &st, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: empty input", s.path);
	CHECK_STREQ(err, want);
	scratch_done(&s);
}

TEST(read_directory)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX], want[CORDON_ERR_MAX];
	struct scratch s;

	REQUIRE(scratch_init(&s));
	CHECK_EQ(cordon_status_read(s.dir, &st, err, sizeof(err)), -EISDIR);
	snprintf(want, sizeof(want), "%s: Is a directory", s.dir);
	CHECK_STREQ(err, want);
	scratch_done(&s);
}

TEST(read_size_limit)
{
	const size_t max = CORDON_STATUS_FILE_MAX;
	struct cordon_status st;
	char err[CORDON_ERR_MAX], want[CORDON_ERR_MAX];
	struct scratch s;
	char *buf;
	size_t len;

	REQUIRE(scratch_init(&s));
	buf = malloc(max + 1);
	REQUIRE(buf != NULL);

	/* exactly the limit: a valid status padded with an unknown key */
	len = (size_t)sprintf(buf, "%spad: ", KERNEL_STATUS);
	memset(buf + len, 'p', max - len - 1);
	buf[max - 1] = '\n';
	REQUIRE(write_file(s.path, buf, max));
	CHECK_EQ(cordon_status_read(s.path, &st, err, sizeof(err)), 0);
	CHECK_STREQ(err, "");
	CHECK_EQ(st.mode, CORDON_MODE_ENFORCE);

	/* one byte more */
	buf[max - 1] = 'p';
	buf[max] = '\n';
	REQUIRE(write_file(s.path, buf, max + 1));
	CHECK_EQ(cordon_status_read(s.path, &st, err, sizeof(err)), -EFBIG);
	snprintf(want, sizeof(want), "%s: file too large (over %d bytes)",
		 s.path, CORDON_STATUS_FILE_MAX);
	CHECK_STREQ(err, want);

	free(buf);
	scratch_done(&s);
}

TEST(read_invalid_arguments)
{
	struct cordon_status st;
	char err[CORDON_ERR_MAX];

	CHECK_EQ(cordon_status_read(NULL, &st, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "invalid argument");
	CHECK_EQ(cordon_status_read("/", NULL, err, sizeof(err)), -EINVAL);
	CHECK_STREQ(err, "invalid argument");
}
