// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon kselftest: container identity, arming, /proc/PID/attr/cordon,
 * audit records and counters.
 *
 * The program re-executes itself (argv[1] == "--child") to observe its
 * identity after an execve, which is when containers arm.
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "common.h"

#define ATTR "/proc/self/attr/cordon/current"

static int read_attr(char *buf, size_t size)
{
	ssize_t n = read_file(ATTR, buf, size);

	return n < 0 ? (int)n : 0;
}

/* value of "key=" in an attr line, as a string copy */
static const char *attr_field(const char *attr, const char *key, char *out,
			      size_t size)
{
	const char *p = strstr(attr, key);
	size_t n;

	out[0] = '\0';
	if (!p)
		return out;
	p += strlen(key);
	n = strcspn(p, " \n");
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

/*
 * Child modes, run after re-exec:
 *   --child print            print the attr line on stdout
 *   --child nest             unshare user+pid+mnt again, fork, print
 *   --child fork             fork, child prints
 */
static int child_main(int argc, char **argv)
{
	char buf[512];
	pid_t pid;
	int status;

	if (argc < 3)
		return 100;
	if (!strcmp(argv[2], "nest")) {
		/* the outer container, then a nested one */
		if (read_attr(buf, sizeof(buf)))
			return 106;
		fputs(buf, stdout);
		fflush(stdout);
		/*
		 * a pid and mount namespace (the default profile closes
		 * nested user namespaces: see escape_test's kernel_surface)
		 */
		if (unshare(CLONE_NEWPID | CLONE_NEWNS))
			return 101;
	}
	if (!strcmp(argv[2], "nest") || !strcmp(argv[2], "fork")) {
		pid = fork();
		if (pid < 0)
			return 102;
		if (pid > 0) {
			if (waitpid(pid, &status, 0) != pid)
				return 103;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 104;
		}
	}
	if (read_attr(buf, sizeof(buf)))
		return 105;
	fputs(buf, stdout);
	fflush(stdout);
	return 0;
}

/*
 * Run fn in a forked child with its output captured.  Returns the child's
 * exit status; out gets its stdout.
 */
static int run_captured(int (*fn)(void *), void *arg, char *out, size_t size)
{
	int pfd[2], status;
	ssize_t n, total = 0;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], STDOUT_FILENO);
		_exit(fn(arg));
	}
	close(pfd[1]);
	while ((size_t)total < size - 1 &&
	       (n = read(pfd[0], out + total, size - 1 - total)) > 0)
		total += n;
	out[total] = '\0';
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char self_exe[4096];

static int exec_self(const char *mode)
{
	execl(self_exe, self_exe, "--child", mode, (char *)NULL);
	return 110;
}

/* before exec: print the attr; then exec self to print it again */
static int print_before_and_after_exec(void)
{
	char buf[512];

	if (read_attr(buf, sizeof(buf)))
		return 111;
	fputs(buf, stdout);
	fflush(stdout);
	return exec_self("print");
}

/*
 * unshare(flags), then run child() in a forked child (the first task of the
 * new pid namespace, if flags has one) and return its exit status.
 */
static int unshare_and_fork(int flags, int (*child)(void))
{
	pid_t pid;
	int status;

	if (unshare(flags))
		return 120;
	pid = fork();
	if (pid < 0)
		return 121;
	if (pid == 0)
		_exit(child());
	if (waitpid(pid, &status, 0) != pid)
		return 122;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 123;
}

static int in_new_pidns(void *arg)
{
	return unshare_and_fork(CLONE_NEWPID | CLONE_NEWNS,
				print_before_and_after_exec);
}

static int in_private_mntns(void *arg)
{
	if (unshare(CLONE_NEWNS))
		return 130;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 131;
	/* systemd's PrivateTmp= does this much */
	if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL))
		return 132;
	return print_before_and_after_exec();
}

static int in_private_mntns_own_root(void *arg)
{
	char buf[512];
	int fd;

	if (unshare(CLONE_NEWNS))
		return 140;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 141;
	mkdir("/tmp/cordon-idroot", 0755);
	if (mount("tmpfs", "/tmp/cordon-idroot", "tmpfs", 0, NULL))
		return 142;
	fd = open(ATTR, O_RDONLY);
	if (fd < 0)
		return 143;
	if (chroot("/tmp/cordon-idroot") || chdir("/"))
		return 144;
	/* read through the fd opened before the chroot */
	if (pread(fd, buf, sizeof(buf) - 1, 0) <= 0)
		return 145;
	buf[sizeof(buf) - 1] = '\0';
	*strchrnul(buf, '\n') = '\0';
	puts(buf);
	return 0;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int in_userns_nested(void *arg)
{
	pid_t pid;
	int status;

	if (unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS))
		return 150;
	/* map root to host root so that a nested user namespace is allowed */
	if (write_str("/proc/self/setgroups", "deny") ||
	    write_str("/proc/self/uid_map", "0 0 1") ||
	    write_str("/proc/self/gid_map", "0 0 1"))
		return 153;
	pid = fork();
	if (pid < 0)
		return 151;
	if (pid == 0)
		_exit(exec_self("nest"));
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 152;
}

static int exec_self_fork(void)
{
	return exec_self("fork");
}

static int in_pidns_fork(void *arg)
{
	return unshare_and_fork(CLONE_NEWPID | CLONE_NEWNS, exec_self_fork);
}

/* arm with an exec of busybox sh, which tries the write */
static int exec_write_core_pattern(void)
{
	execl("/bin/sh", "sh", "-c",
	      "echo core > /proc/sys/kernel/core_pattern", (char *)NULL);
	return 172;
}

static int write_core_pattern_armed(void *arg)
{
	return unshare_and_fork(CLONE_NEWPID | CLONE_NEWNS,
				exec_write_core_pattern);
}

static bool cordon_enforcing(void)
{
	char buf[4096];

	return read_file(CORDON_SECFS "/status", buf, sizeof(buf)) > 0 &&
	       strstr(buf, "mode: enforce\n");
}

TEST(host_task_is_host)
{
	char buf[512];

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, read_attr(buf, sizeof(buf)));
	ASSERT_STREQ("host\n", buf);
}

TEST(new_pid_ns_is_container_armed_at_exec)
{
	char out[2048], *second, v[64], id1[32], id2[32];

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, run_captured(in_new_pidns, NULL, out, sizeof(out)));
	TH_LOG("%s", out);
	second = strchr(out, '\n');
	ASSERT_NE(NULL, second);
	*second++ = '\0';
	/* setup window: a container, not armed */
	ASSERT_EQ(0, strncmp(out, "container=", 10));
	EXPECT_STREQ("no", attr_field(out, "armed=", v, sizeof(v)));
	EXPECT_STREQ("1", attr_field(out, "depth=", v, sizeof(v)));
	EXPECT_STREQ("default", attr_field(out, "profile=", v, sizeof(v)));
	/* after execve: the same container, armed */
	ASSERT_EQ(0, strncmp(second, "container=", 10));
	EXPECT_STREQ("yes", attr_field(second, "armed=", v, sizeof(v)));
	EXPECT_STREQ(attr_field(out, "container=", id1, sizeof(id1)),
		     attr_field(second, "container=", id2, sizeof(id2)));
	EXPECT_STRNE(attr_field(second, "pid=", v, sizeof(v)), "4026531836");
}

TEST(private_mount_ns_with_host_root_is_host)
{
	char out[2048];

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, run_captured(in_private_mntns, NULL, out, sizeof(out)));
	EXPECT_STREQ("host\nhost\n", out);
}

TEST(private_mount_ns_with_own_root_is_container)
{
	char out[2048];

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, run_captured(in_private_mntns_own_root, NULL, out,
				  sizeof(out)));
	TH_LOG("%s", out);
	EXPECT_EQ(0, strncmp(out, "container=", 10));
}

TEST(nested_container_keeps_outer_restrictions)
{
	char out[2048], v[64], *inner, id1[32], id2[32];
	long depth;

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, run_captured(in_userns_nested, NULL, out, sizeof(out)));
	TH_LOG("%s", out);
	inner = strchr(out, '\n');
	ASSERT_NE(NULL, inner);
	*inner++ = '\0';
	ASSERT_EQ(0, strncmp(out, "container=", 10));
	ASSERT_EQ(0, strncmp(inner, "container=", 10));
	EXPECT_STREQ("yes", attr_field(out, "armed=", v, sizeof(v)));
	depth = strtol(attr_field(out, "depth=", v, sizeof(v)), NULL, 10);
	/*
	 * entered from an armed container: nested, and armed before exec.
	 * The unsharing parent itself is seen in a container of its own (new
	 * user and mount namespaces, the old pid namespace) when it forks, so
	 * the child may be two levels deeper.
	 */
	EXPECT_LT(depth,
		  strtol(attr_field(inner, "depth=", v, sizeof(v)), NULL, 10));
	EXPECT_STREQ("yes", attr_field(inner, "armed=", v, sizeof(v)));
	EXPECT_STRNE(attr_field(out, "container=", id1, sizeof(id1)),
		     attr_field(inner, "container=", id2, sizeof(id2)));
}

TEST(fork_inherits_tag)
{
	char out[2048], v[64];

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, run_captured(in_pidns_fork, NULL, out, sizeof(out)));
	TH_LOG("%s", out);
	ASSERT_EQ(0, strncmp(out, "container=", 10));
	EXPECT_STREQ("yes", attr_field(out, "armed=", v, sizeof(v)));
	EXPECT_STREQ("1", attr_field(out, "depth=", v, sizeof(v)));
}

static unsigned long long counter(const char *area)
{
	char buf[4096], key[64], *p;

	snprintf(key, sizeof(key), "%s denied=", area);
	if (read_file(CORDON_SECFS "/counters", buf, sizeof(buf)) < 0)
		return ~0ULL;
	p = strstr(buf, key);
	return p ? strtoull(p + strlen(key), NULL, 10) : ~0ULL;
}

TEST(denial_is_audited_and_counted)
{
	static char log[1 << 20];
	char out[64], orig[256], burst[32] = "", mark[64];
	const char *since, *rec;
	unsigned long long before;
	int n, rc, i;

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_LT(0, read_file("/proc/sys/kernel/core_pattern", orig,
			       sizeof(orig)));
	before = counter("knob");
	ASSERT_NE(~0ULL, before);
	/*
	 * kauditd prints records under the printk rate limit (10 per 5 s),
	 * which the tests before this one exhaust: lift it for the test,
	 * and look for the record only after a mark of this test's own
	 */
	read_file("/proc/sys/kernel/printk_ratelimit_burst", burst, sizeof(burst));
	write_str("/proc/sys/kernel/printk_ratelimit_burst", "10000");
	snprintf(mark, sizeof(mark), "cordon-identity-test: mark %d", getpid());
	write_str("/dev/kmsg", mark);
	rc = run_captured(write_core_pattern_armed, NULL, out, sizeof(out));
	if (!cordon_enforcing()) {
		/* unconfined: the write goes through (and is undone) */
		EXPECT_EQ(0, rc);
		EXPECT_EQ(before, counter("knob"));
	} else {
		EXPECT_NE(0, rc);
		EXPECT_EQ(before + 1, counter("knob"));
		/* kauditd prints asynchronously: up to 3 s */
		for (i = 0, rec = NULL; i < 30 && !rec; i++) {
			n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);
			ASSERT_LT(0, n);
			log[n] = '\0';
			since = strstr(log, mark);
			rec = since ? strstr(since, "lsm=cordon area=knob op=open_write action=denied container=") : NULL;
			if (!rec)
				usleep(100000);
		}
		ASSERT_NE(NULL, rec) TH_LOG("no audit record after the mark");
		EXPECT_NE(NULL, strstr(rec, "path=\"/proc/sys/kernel/core_pattern\" fstype=proc rule=knob.host_global"));
	}
	if (burst[0])
		write_str("/proc/sys/kernel/printk_ratelimit_burst", burst);
	/* restore */
	{
		int fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);

		ASSERT_LE(0, fd);
		ASSERT_LT(0, write(fd, orig, strlen(orig)));
		close(fd);
	}
}

TEST(counters_well_formed)
{
	static const char *const areas[] = {
		"mount", "ptrace", "capability", "ipc", "unix", "signal",
		"knob", "key", "device", "surface",
	};
	char buf[4096], line[64];
	unsigned int i;

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_LT(0, read_file(CORDON_SECFS "/counters", buf, sizeof(buf)));
	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
		snprintf(line, sizeof(line), "%s denied=", areas[i]);
		EXPECT_NE(NULL, strstr(buf, line)) TH_LOG("no %s", areas[i]);
	}
}

/* send @fd over the unix socket @s */
static int send_fd(int s, int fd)
{
	char data = 'f', cbuf[CMSG_SPACE(sizeof(int))] = "";
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(s, &msg, 0) == 1 ? 0 : -1;
}

/* a descriptor received over the unix socket @s, -1 if none */
static int recv_fd(int s)
{
	char data, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(s, &msg, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/*
 * One container (pid and mount namespaces) whose task sends a pipe it
 * opened on @sock and reports its attr line on @res; it waits for a byte on
 * @go before it exits.  The pipe is opened with credentials made after the
 * task entered the container, so they refer to the container (and, unlike
 * a socket's peer, pin no pid namespace).  Returns the outer child's pid,
 * which writes the container task's pid on @pidw.
 */
static pid_t start_container(int sock, int pidw, int res, int go)
{
	pid_t child;
	int st;

	child = fork();
	if (child)
		return child;
	if (unshare(CLONE_NEWPID | CLONE_NEWNS))
		_exit(1);
	child = fork();
	if (child == 0) {
		char attr[512] = "";
		int p[2];
		char c;

		/* credentials of the container (setgroups makes new ones) */
		if (setgroups(0, NULL) || pipe(p) || send_fd(sock, p[0]))
			_exit(3);
		read_attr(attr, sizeof(attr));
		if (write(res, attr, sizeof(attr)) != sizeof(attr) ||
		    read(go, &c, 1) != 1)
			_exit(4);
		_exit(0);
	}
	if (child < 0 || write(pidw, &child, sizeof(child)) != sizeof(child))
		_exit(5);
	waitpid(child, &st, 0);
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 6);
}

/*
 * Namespace inode numbers are reused once a namespace is gone.  A container
 * made after another one's last task exited, with the same numbers, is a
 * new container: it does not get the old one's id or binding, even while
 * something (here, a file the old container opened) still refers to the
 * old container.
 */
TEST(reused_namespace_numbers_make_a_new_container)
{
	char attr[2][512], key[2][3][32], id[2][32], name[64], cmd[128];
	static const char *const fields[] = { "mnt=", "pid=", "user=" };
	int sk[2], held[2], pidp[2], res[2], go[2], round, i, st, tries;
	pid_t child, inner;
	bool same = false;

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM, 0, sk));
	for (tries = 0; tries < 5 && !same; tries++) {
		for (round = 0; round < 2; round++) {
			ASSERT_EQ(0, pipe(pidp));
			ASSERT_EQ(0, pipe(res));
			ASSERT_EQ(0, pipe(go));
			child = start_container(sk[1], pidp[1], res[1], go[0]);
			ASSERT_LT(0, child);
			ASSERT_EQ((ssize_t)sizeof(inner),
				  read(pidp[0], &inner, sizeof(inner)));
			/* held: the file keeps the container referred to */
			held[round] = recv_fd(sk[0]);
			ASSERT_LE(0, held[round]);
			ASSERT_EQ((ssize_t)sizeof(attr[round]),
				  read(res[0], attr[round], sizeof(attr[round])));
			if (round == 0) {
				snprintf(cmd, sizeof(cmd),
					 "cordonctl tag --pid %d --name reused-old --no-arm >/dev/null",
					 inner);
				EXPECT_EQ(0, system(cmd));
			}
			ASSERT_EQ(1, write(go[1], "g", 1));
			ASSERT_EQ(child, waitpid(child, &st, 0));
			EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
			close(pidp[0]);
			close(pidp[1]);
			close(res[0]);
			close(res[1]);
			close(go[0]);
			close(go[1]);
			/* the namespaces' numbers are freed after a grace period */
			usleep(200000);
		}
		same = true;
		for (i = 0; i < 3; i++) {
			attr_field(attr[0], fields[i], key[0][i], sizeof(key[0][i]));
			attr_field(attr[1], fields[i], key[1][i], sizeof(key[1][i]));
			same = same && !strcmp(key[0][i], key[1][i]);
		}
		TH_LOG("old: %s", attr[0]);
		TH_LOG("new: %s", attr[1]);
		close(held[0]);
		close(held[1]);
	}
	close(sk[0]);
	close(sk[1]);
	if (!same)
		SKIP(return, "the namespace numbers were not reused");
	EXPECT_STRNE(attr_field(attr[0], "container=", id[0], sizeof(id[0])),
		     attr_field(attr[1], "container=", id[1], sizeof(id[1])));
	EXPECT_STREQ("-", attr_field(attr[1], "name=", name, sizeof(name)));
}

/*
 * A runtime's createRuntime hook runs before pivot_root: the container's
 * first process is still a host task (a mount namespace of its own, the
 * host's root, and the host's pid namespace for --pid=host).  Binding it
 * then takes effect when it enters its container; a host task in the
 * initial mount namespace still cannot be bound.
 */
TEST(binding_before_pivot_root_applies_on_entry)
{
	int ready[2], go[2], res[2], st;
	char attr[2][512], v[64], cmd[160];
	pid_t child;

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(res));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		int fd;
		char c;

		memset(attr, 0, sizeof(attr));
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			_exit(1);
		read_attr(attr[0], sizeof(attr[0]));
		/* read again after the chroot, which has no /proc */
		fd = open(ATTR, O_RDONLY);
		if (fd < 0 || write(ready[1], "r", 1) != 1 ||
		    read(go[0], &c, 1) != 1)
			_exit(2);
		/* a root of its own: now a container */
		if (chroot("/tmp") || chdir("/"))
			_exit(3);
		if (pread(fd, attr[1], sizeof(attr[1]) - 1, 0) < 0)
			_exit(5);
		if (write(res[1], attr, sizeof(attr)) != sizeof(attr))
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(1, read(ready[0], v, 1));
	/* the test itself: a host task in the initial mount namespace */
	snprintf(cmd, sizeof(cmd),
		 "cordonctl tag --pid %d --name host-task --no-arm >/dev/null 2>&1",
		 getpid());
	EXPECT_NE(0, system(cmd));
	snprintf(cmd, sizeof(cmd),
		 "cordonctl tag --pid %d --name before-pivot --no-arm >/dev/null",
		 child);
	EXPECT_EQ(0, system(cmd));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ((ssize_t)sizeof(attr), read(res[0], attr, sizeof(attr)));
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	TH_LOG("before: %s", attr[0]);
	TH_LOG("after:  %s", attr[1]);
	EXPECT_STREQ("host\n", attr[0]);
	EXPECT_STREQ("before-pivot",
		     attr_field(attr[1], "name=", v, sizeof(v)));
	/* --no-arm: it arms at its exec */
	EXPECT_STREQ("no", attr_field(attr[1], "armed=", v, sizeof(v)));
}

/* the pipes a container task and the test talk over */
struct ctr_pipes {
	int ready[2], go[2], res[2];
	const char *cur;	/* core_pattern as it was */
	ssize_t curlen;
};

/*
 * A container's first task: a child unshares a pid and a mount namespace
 * and forks the task, the first of its pid namespace, which runs @fn.
 * Returns the child (reap it, its status is the task's), *inner the task's
 * pid as the caller's namespaces see it.
 */
static pid_t start_in_pidns(int (*fn)(struct ctr_pipes *), struct ctr_pipes *p,
			    pid_t *inner)
{
	int pidp[2], st;
	pid_t child, pid;

	if (pipe(pidp))
		return -1;
	child = fork();
	if (child == 0) {
		if (unshare(CLONE_NEWPID | CLONE_NEWNS))
			_exit(1);
		pid = fork();
		if (pid == 0)
			_exit(fn(p));
		if (pid < 0 || write(pidp[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(4);
		waitpid(pid, &st, 0);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 5);
	}
	close(pidp[1]);
	if (child > 0 &&
	    read(pidp[0], inner, sizeof(*inner)) != sizeof(*inner))
		*inner = -1;
	close(pidp[0]);
	return child;
}

static int make_pipes(struct ctr_pipes *p)
{
	return pipe(p->ready) || pipe(p->go) || pipe(p->res) ? -1 : 0;
}

/* pipes only until told to go: nothing asks for its identity */
static int unseen_task(struct ctr_pipes *p)
{
	char attr[512], c;

	if (write(p->ready[1], "r", 1) != 1 || read(p->go[0], &c, 1) != 1)
		return 2;
	memset(attr, 0, sizeof(attr));
	read_attr(attr, sizeof(attr));
	return write(p->res[1], attr, sizeof(attr)) == sizeof(attr) ? 0 : 3;
}

/*
 * A task that entered namespaces and has since made no check that asks
 * cordon for its identity (it only wrote and read pipes) is unknown to
 * cordon: a tag request for it binds the container it is in now, when the
 * task is next seen, not the one it left (nor does it fail).
 */
TEST(unseen_task_bound_when_seen)
{
	struct ctr_pipes p;
	char attr[512], v[64], cmd[160];
	pid_t child, inner = 0;
	int st;

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, make_pipes(&p));
	child = start_in_pidns(unseen_task, &p, &inner);
	ASSERT_LT(0, child);
	ASSERT_LT(0, inner);
	ASSERT_EQ(1, read(p.ready[0], v, 1));
	snprintf(cmd, sizeof(cmd),
		 "cordonctl tag --pid %d --name unseen-bound --no-arm >/dev/null",
		 inner);
	EXPECT_EQ(0, system(cmd));
	ASSERT_EQ(1, write(p.go[1], "g", 1));
	ASSERT_EQ((ssize_t)sizeof(attr), read(p.res[0], attr, sizeof(attr)));
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	TH_LOG("seen: %s", attr);
	EXPECT_STREQ("unseen-bound", attr_field(attr, "name=", v, sizeof(v)));
	EXPECT_STREQ("1", attr_field(attr, "depth=", v, sizeof(v)));
}

/*
 * A container bound by a tag request is armed from then on, without an
 * exec: a task that never executes (a clone-only sandbox, a restored
 * process) cannot stay in its setup window once its runtime bound it.
 */
/* the setup window leaves a descriptor open; then bound, and armed */
static int bound_task(struct ctr_pipes *p)
{
	char attr[2][512], c;
	int fd, early, err;

	memset(attr, 0, sizeof(attr));
	read_attr(attr[0], sizeof(attr[0]));
	early = open("/proc/sys/kernel/core_pattern", O_WRONLY);
	if (write(p->ready[1], "r", 1) != 1 || read(p->go[0], &c, 1) != 1)
		return 2;
	/* bound and armed: the early descriptor is judged */
	err = early < 0 || write(early, p->cur, p->curlen) == p->curlen ?
	      0 : errno;
	if (early < 0 || write(p->res[1], &err, sizeof(err)) != sizeof(err))
		return 6;
	read_attr(attr[1], sizeof(attr[1]));
	fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);
	err = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	if (write(p->res[1], attr, sizeof(attr)) != sizeof(attr) ||
	    write(p->res[1], &err, sizeof(err)) != sizeof(err))
		return 3;
	return 0;
}

TEST(bound_container_is_armed_without_exec)
{
	struct ctr_pipes p;
	char attr[2][512], v[16], name[64], cmd[128], cur[256];
	pid_t child, inner = 0;
	int err = 0, pidfd, early_err = 0, st;

	if (!cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, make_pipes(&p));
	p.curlen = read_file("/proc/sys/kernel/core_pattern", cur, sizeof(cur));
	p.cur = cur;
	ASSERT_LT(0, p.curlen);
	child = start_in_pidns(bound_task, &p, &inner);
	ASSERT_LT(0, child);
	ASSERT_LT(0, inner);
	ASSERT_EQ(1, read(p.ready[0], v, 1));
	/* a descriptor that is not a pidfd names no process */
	EXPECT_NE(0, system("cordonctl tag --pidfd 0 --name not-a-pidfd </dev/null 2>/dev/null"));
	/* by pidfd, as a runtime's hook would */
	pidfd = syscall(SYS_pidfd_open, inner, 0);
	ASSERT_LE(0, pidfd);
	/* pidfds are close-on-exec: cordonctl inherits this one */
	ASSERT_EQ(0, fcntl(pidfd, F_SETFD, 0));
	snprintf(cmd, sizeof(cmd),
		 "cordonctl tag --pidfd %d --name bound-unexecuted >/dev/null", pidfd);
	EXPECT_EQ(0, system(cmd));
	close(pidfd);
	ASSERT_EQ(1, write(p.go[1], "g", 1));
	ASSERT_EQ((ssize_t)sizeof(early_err),
		  read(p.res[0], &early_err, sizeof(early_err)));
	ASSERT_EQ((ssize_t)sizeof(attr), read(p.res[0], attr, sizeof(attr)));
	ASSERT_EQ((ssize_t)sizeof(err), read(p.res[0], &err, sizeof(err)));
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	TH_LOG("before: %s", attr[0]);
	TH_LOG("after:  %s", attr[1]);
	EXPECT_STREQ("no", attr_field(attr[0], "armed=", v, sizeof(v)));
	EXPECT_STREQ("yes", attr_field(attr[1], "armed=", v, sizeof(v)));
	EXPECT_STREQ("bound-unexecuted",
		     attr_field(attr[1], "name=", name, sizeof(name)));
	if (cordon_enforcing()) {
		EXPECT_EQ(EACCES, err) TH_LOG("core_pattern: %s", strerror(err));
		EXPECT_EQ(EACCES, early_err)
			TH_LOG("core_pattern opened before the binding: %s",
			       strerror(early_err));
	} else {
		EXPECT_EQ(0, err) TH_LOG("core_pattern: %s", strerror(err));
		EXPECT_EQ(0, early_err)
			TH_LOG("core_pattern opened before the binding: %s",
			       strerror(early_err));
	}
}

int main(int argc, char **argv)
{
	ssize_t n;

	if (argc > 1 && !strcmp(argv[1], "--child"))
		return child_main(argc, argv);
	n = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
	if (n < 0)
		return 1;
	self_exe[n] = '\0';
	return test_harness_run(argc, argv);
}
