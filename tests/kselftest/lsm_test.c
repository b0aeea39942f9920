// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon kselftest: registration with the LSM framework and the securityfs
 * status file.
 */
#include <ctype.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "common.h"

TEST(listed_in_lsm_list)
{
	char list[1024];

	if (!cordon_expected_active())
		SKIP(return, "lsm= leaves cordon out in this boot");
	ASSERT_LT(0, read_file(LSM_LIST, list, sizeof(list)));
	TH_LOG("lsm list: %s", list);
	ASSERT_TRUE(list_has(list, "cordon"));
	/* stacked with the others of the test kernel */
	ASSERT_TRUE(list_has(list, "capability"));
	ASSERT_TRUE(list_has(list, "landlock"));
	ASSERT_TRUE(list_has(list, "yama"));
	/* IMA is listed as "ima" on 6.12; on 6.1 it has no hooks to list */
	if (!list_has(list, "ima")) {
		struct stat st;

		ASSERT_EQ(0, stat("/sys/kernel/security/ima", &st));
	}
}

static bool is_version(const char *v)
{
	int dots = 0;

	if (!isdigit((unsigned char)*v))
		return false;
	for (; *v; v++) {
		if (*v == '.')
			dots++;
		else if (!isdigit((unsigned char)*v))
			return false;
	}
	return dots == 2 && v[-1] != '.';
}

TEST(status_well_formed)
{
	char buf[4096], *line, *save = NULL;
	bool seen_version = false, seen_mode = false, seen_policy = false;
	bool seen_policy_version = false;

	if (!cordon_expected_active())
		SKIP(return, "lsm= leaves cordon out in this boot");
	ASSERT_LT(0, read_file(CORDON_SECFS "/status", buf, sizeof(buf)));
	ASSERT_EQ('\n', buf[strlen(buf) - 1]);

	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *val = strstr(line, ": ");

		ASSERT_NE(NULL, val) TH_LOG("line without ': ': '%s'", line);
		*val = '\0';
		val += 2;
		ASSERT_NE('\0', *val) TH_LOG("empty value for %s", line);
		if (!strcmp(line, "version")) {
			EXPECT_TRUE(is_version(val)) TH_LOG("version '%s'", val);
			seen_version = true;
		} else if (!strcmp(line, "mode")) {
			EXPECT_TRUE(!strcmp(val, "enforce") ||
				    !strcmp(val, "complain") ||
				    !strcmp(val, "off")) TH_LOG("mode '%s'", val);
			seen_mode = true;
		} else if (!strcmp(line, "policy")) {
			EXPECT_TRUE(!strcmp(val, "builtin") ||
				    !strcmp(val, "loaded")) TH_LOG("policy '%s'", val);
			seen_policy = true;
		} else if (!strcmp(line, "policy_version")) {
			char *end;

			errno = 0;
			strtoull(val, &end, 10);
			EXPECT_EQ(0, errno);
			EXPECT_EQ('\0', *end) TH_LOG("policy_version '%s'", val);
			seen_policy_version = true;
		}
	}
	EXPECT_TRUE(seen_version);
	EXPECT_TRUE(seen_mode);
	EXPECT_TRUE(seen_policy);
	EXPECT_TRUE(seen_policy_version);
}

TEST(status_read_only)
{
	struct stat st;
	int fd;

	if (!cordon_expected_active())
		SKIP(return, "lsm= leaves cordon out in this boot");
	ASSERT_EQ(0, stat(CORDON_SECFS "/status", &st));
	EXPECT_EQ(0444U, st.st_mode & 07777U);
	/* even root, who may open it for writing, cannot change it */
	fd = open(CORDON_SECFS "/status", O_WRONLY);
	if (fd >= 0) {
		EXPECT_EQ(-1, write(fd, "mode: off\n", 10));
		close(fd);
	}
}

TEST(absent_when_left_out_of_lsm_list)
{
	char list[1024];
	struct stat st;

	if (cordon_expected_active())
		SKIP(return, "cordon is active in this boot");
	ASSERT_LT(0, read_file(LSM_LIST, list, sizeof(list)));
	TH_LOG("lsm list: %s", list);
	EXPECT_FALSE(list_has(list, "cordon"));
	EXPECT_EQ(-1, stat(CORDON_SECFS, &st));
	EXPECT_EQ(ENOENT, errno);
}

TEST_HARNESS_MAIN
