// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon kselftest: the doors of the kernel attack surface (user
 * namespaces, io_uring, userfaultfd, bpf, perf events) with a profile that
 * opens them, and from the host.
 *
 * escape_test proves each door works with cordon off and is closed by the
 * default profile in every container kind.  This test loads the default
 * policy at version 2000 (in the boot's mode) with one more profile,
 * "doors", that opens all five and allows the capabilities bpf and
 * perfmon, bound by name to the containers this test starts (cordonctl
 * tag, before their setup): each door must then open in every kind where
 * the kernel itself lets that kind open it.  The host opens every door
 * too: cordon never touches host tasks.  The attack is escape_test's
 * "surface" (run as /usr/lib/cordon/tests/escape_test).
 *
 * It sorts after policy_test (version 1999) and before ticket_test (2001
 * and up).  In a boot where loads need a verifier ticket
 * (cordon.attest=required) the profile test is skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <linux/userfaultfd.h>

/* the harness's wrapper variable "child" (see escape_test.c) */
#pragma GCC diagnostic ignored "-Wclobbered"
#include "kselftest_harness.h"
#include "common.h"
#include "container.h"

#define DOORS_NAME "cordon-doors"
#define ESCAPE_TEST "/usr/lib/cordon/tests/escape_test"

#define EMBED(sym, file) EMBED_FILE(POLICY_DATA, sym, file)

EMBED(doors_enforce, "doors-enforce.bin");
EMBED(doors_enforce_sig, "doors-enforce.bin.p7s");
EMBED(doors_complain, "doors-complain.bin");
EMBED(doors_complain_sig, "doors-complain.bin.p7s");
EMBED(doors_off, "doors-off.bin");
EMBED(doors_off_sig, "doors-off.bin.p7s");

static int write_blob(const char *path, const unsigned char *start,
		      const unsigned char *end)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, start, end - start);
	close(fd);
	return n == end - start ? 0 : -1;
}

/* Load the doors policy of the boot's mode once: 0, or why not. */
static const char *load_doors(void)
{
	static const char *result;
	static bool done;
	const char *bin = "/tmp/cordon-doors.bin", *sig = "/tmp/cordon-doors.bin.p7s";
	char status[4096], cmd[256];
	enum cordon_mode m = cordon_mode();
	int ret;

	if (done)
		return result;
	done = true;
	if (read_file(CORDON_SECFS "/status", status, sizeof(status)) < 0)
		return result = "cordon is not active";
	if (strstr(status, "attest: required"))
		return result = "loads need a verifier ticket in this boot";
	if (strstr(status, "policy_version: 2000\n"))
		return result = NULL;
	if ((m == MODE_ENFORCE &&
	     (write_blob(bin, doors_enforce_start, doors_enforce_end) ||
	      write_blob(sig, doors_enforce_sig_start, doors_enforce_sig_end))) ||
	    (m == MODE_COMPLAIN &&
	     (write_blob(bin, doors_complain_start, doors_complain_end) ||
	      write_blob(sig, doors_complain_sig_start, doors_complain_sig_end))) ||
	    (m == MODE_OFF &&
	     (write_blob(bin, doors_off_start, doors_off_end) ||
	      write_blob(sig, doors_off_sig_start, doors_off_sig_end))))
		return result = "cannot write the policy";
	snprintf(cmd, sizeof(cmd),
		 "cordonctl load --no-attest --sig %s %s >/dev/null 2>&1", sig, bin);
	ret = system(cmd);
	if (ret)
		return result = "cordonctl load of the doors policy failed";
	return result = NULL;
}

static int bind_doors(pid_t pid, void *arg)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd),
		 "cordonctl tag --pid %d --name " DOORS_NAME " >/dev/null", pid);
	return system(cmd) ? -EIO : 0;
}

static const char *errname(int err)
{
	const char *n = err ? strerrorname_np(err) : "0";

	return n ? n : "?";
}

/* step @name worked, or failed with @natural (0: must work) */
static void __door_open(struct __test_metadata *_metadata,
			const struct attack_result *res, const char *name,
			int natural)
{
	const struct step_rec *s = find_step(res, name);

	ASSERT_NE(NULL, s) TH_LOG("the attack never reached %s", name);
	if (s->ret >= 0) {
		TH_LOG("%s: open", name);
		return;
	}
	TH_LOG("%s: failed with %s", name, errname(s->err));
	EXPECT_EQ(natural, s->err) TH_LOG("%s must open with the doors profile", name);
}

#define door_open(res, name, natural) __door_open(_metadata, res, name, natural)

FIXTURE(doors) {
	struct ctr_kind kind;
};

CTR_KIND_VARIANTS(doors);

FIXTURE_SETUP(doors)
{
	self->kind.userns = variant->userns;
	self->kind.hostpid = variant->hostpid;
	self->kind.hostipc = variant->hostipc;
	self->kind.hostnet = variant->hostnet;
}

FIXTURE_TEARDOWN_PARENT(doors)
{
}

/* a profile that opens the doors: each opens as far as the kernel lets */
TEST_F(doors, profile_opens_every_door)
{
	struct ctr_opts o = {
		.before_start = bind_doors, .exe = ESCAPE_TEST,
	};
	const char *why = load_doors();
	const char *const args[] = { NULL };
	struct attack_result res;
	bool userns = self->kind.userns != CTR_PRIVILEGED;
	int i;

	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ctr_run(&self->kind, &o, "surface", args, &res));
	for (i = 0; i < res.nsteps; i++)
		TH_LOG("step %s: ret %d %s", res.step[i].name, res.step[i].ret,
		       res.step[i].ret < 0 ? errname(res.step[i].err) : "");
	ASSERT_FALSE(res.timed_out);
	door_open(&res, "userns", 0);
	door_open(&res, "io_uring", 0);
	door_open(&res, "userfaultfd", 0);
	/* without CAP_BPF and CAP_PERFMON in the initial user namespace */
	door_open(&res, "bpf", userns ? EPERM : 0);
	door_open(&res, "perf", userns ? EACCES : 0);
}

/* the host opens every door, whatever cordon does */
TEST(host_opens_every_door)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4, .value_size = 4, .max_entries = 1,
	};
	struct perf_event_attr pe = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(pe),
		.config = PERF_COUNT_SW_CPU_CLOCK, .disabled = 1,
	};
	struct io_uring_params params = { 0 };
	pid_t pid;
	int st;
	long fd;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(unshare(CLONE_NEWUSER) ? errno : 0);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0)
		TH_LOG("unshare(CLONE_NEWUSER): %s", errname(WEXITSTATUS(st)));
	fd = syscall(SYS_io_uring_setup, 4, &params);
	EXPECT_LE(0, fd) TH_LOG("io_uring_setup: %s", errname(errno));
	if (fd >= 0)
		close(fd);
	fd = syscall(SYS_userfaultfd, O_CLOEXEC);
	EXPECT_LE(0, fd) TH_LOG("userfaultfd: %s", errname(errno));
	if (fd >= 0)
		close(fd);
	fd = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	EXPECT_LE(0, fd) TH_LOG("bpf: %s", errname(errno));
	if (fd >= 0)
		close(fd);
	fd = syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0);
	EXPECT_LE(0, fd) TH_LOG("perf_event_open: %s", errname(errno));
	if (fd >= 0)
		close(fd);
}

TEST_HARNESS_MAIN
