/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon kselftests: a minimal container runtime for escape tests.
 *
 * ctr_run() starts a "container" the way runc does it, in a child of the
 * calling (host) process:
 *
 *   clone(CLONE_NEW{NS,UTS,[PID],[IPC],[NET],[USER]})
 *   [parent writes uid_map/gid_map; rootless: setgroups deny, 0 -> 65534]
 *   setresgid/setresuid(0), setsid(), a fresh anonymous session keyring
 *   mount --make-rprivate /, tmpfs root in a directory on /tmp, bind
 *   /bin /sbin /usr /lib /lib64 /etc /dev /sys, fresh /proc (own pid ns)
 *   or bind /proc (host pid ns), pivot_root(".", "."), umount2(".", DETACH)
 *   execve("/proc/self/exe", "escape_test --attack NAME FD ARGS...")
 *
 * cordon arms its restrictions at that execve.  The attack runs in the new
 * program (see attack_main() in escape_test.c) and reports every step it
 * takes as a fixed-size record over a pipe (fd FD), which ctr_run() collects
 * into a struct attack_result for the test to judge.
 */
#ifndef CORDON_SELFTEST_CONTAINER_H
#define CORDON_SELFTEST_CONTAINER_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>

#include "common.h"

/* ---- cordon's mode ---------------------------------------------------- */

enum cordon_mode { MODE_OFF, MODE_COMPLAIN, MODE_ENFORCE };

static inline const char *mode_name(enum cordon_mode m)
{
	return m == MODE_ENFORCE ? "enforce" : m == MODE_COMPLAIN ? "complain" : "off";
}

/* The "mode:" line of the status file; a missing file (cordon not in the
 * lsm list) means off. */
static inline enum cordon_mode cordon_mode(void)
{
	char buf[4096], *p;

	if (read_file(CORDON_SECFS "/status", buf, sizeof(buf)) < 0)
		return MODE_OFF;
	p = strstr(buf, "mode: ");
	if (!p)
		return MODE_OFF;
	p += 6;
	if (!strncmp(p, "enforce", 7))
		return MODE_ENFORCE;
	if (!strncmp(p, "complain", 8))
		return MODE_COMPLAIN;
	return MODE_OFF;
}

/* ---- container kinds -------------------------------------------------- */

enum ctr_userns {
	CTR_PRIVILEGED,		/* no user namespace, all capabilities */
	CTR_USERNS_ROOT,	/* user namespace, 0 -> host 0 */
	CTR_ROOTLESS,		/* user namespace, 0 -> host 65534 */
};

#define ROOTLESS_UID 65534

struct ctr_kind {
	enum ctr_userns userns;
	bool hostpid, hostipc, hostnet;
};

/*
 * CTR_KIND_VARIANTS(fixture): the fixture's variant type and one variant
 * per container kind (privileged, user namespace root, rootless, each
 * plain and with the host's pid, IPC or network namespace).  Needs
 * kselftest_harness.h.
 */
#define CTR_KIND(fixture, name, u, p, i, n) \
	FIXTURE_VARIANT_ADD(fixture, name) { \
		.userns = u, .hostpid = p, .hostipc = i, .hostnet = n, \
	}
#define CTR_KIND_VARIANTS(fixture) \
	FIXTURE_VARIANT(fixture) { \
		enum ctr_userns userns; \
		bool hostpid, hostipc, hostnet; \
	}; \
	CTR_KIND(fixture, privileged, CTR_PRIVILEGED, false, false, false); \
	CTR_KIND(fixture, privileged_hostpid, CTR_PRIVILEGED, true, false, false); \
	CTR_KIND(fixture, privileged_hostipc, CTR_PRIVILEGED, false, true, false); \
	CTR_KIND(fixture, privileged_hostnet, CTR_PRIVILEGED, false, false, true); \
	CTR_KIND(fixture, userns_root, CTR_USERNS_ROOT, false, false, false); \
	CTR_KIND(fixture, userns_root_hostpid, CTR_USERNS_ROOT, true, false, false); \
	CTR_KIND(fixture, userns_root_hostipc, CTR_USERNS_ROOT, false, true, false); \
	CTR_KIND(fixture, userns_root_hostnet, CTR_USERNS_ROOT, false, false, true); \
	CTR_KIND(fixture, rootless, CTR_ROOTLESS, false, false, false); \
	CTR_KIND(fixture, rootless_hostpid, CTR_ROOTLESS, true, false, false); \
	CTR_KIND(fixture, rootless_hostipc, CTR_ROOTLESS, false, true, false); \
	CTR_KIND(fixture, rootless_hostnet, CTR_ROOTLESS, false, false, true)

/* Extra container setup, done in the (unrestricted) setup window. */
struct ctr_opts {
	/* mount a cgroup v1 hierarchy "none,name=NAME" at /cgv1 */
	const char *cgroup_v1_name;
	/* mount the scratch mounts the mount_ops attack works on */
	bool mount_scratch;
	/*
	 * Files the setup window leaves to the armed program, as a runtime
	 * that leaks a descriptor would (opened after pivot_root, so the
	 * paths are the container's):
	 *   preopen: opened with preopen_flags, left at CTR_PREOPEN_FD
	 *   preopen_send: opened O_RDWR or O_WRONLY (preopen_send_flags)
	 *     and sent over a datagram socket pair, still in flight at the
	 *     exec; the receiving end is CTR_SEND_FD
	 *   pipe: a pipe at CTR_PIPE_FD (read end) and CTR_PIPE_FD + 1
	 *   unarmed_child: a child that never executes (unarmed), its pid in
	 *     the environment as CORDON_UNARMED_PID
	 *   uring: an io_uring instance left open across the exec at
	 *     CTR_URING_FD
	 *   uring_send: an io_uring instance sent over a datagram socket
	 *     pair like preopen_send (receiving end CTR_SEND_FD)
	 * A failed open or syscall is reported as step "preopen", "send",
	 * "unarmed_child" or "uring" and the container goes on.
	 */
	const char *preopen;
	int preopen_flags;
	const char *preopen_send;
	int preopen_send_flags;
	bool pipe;
	bool unarmed_child;
	bool uring;
	bool uring_send;
	/*
	 * Called by the host side with the container's first process once
	 * it is in its namespaces and known to cordon, before its setup
	 * (e.g. to bind it to a profile); non-zero fails the start.
	 */
	int (*before_start)(pid_t pid, void *arg);
	void *before_arg;
	/* the program executed as the attack (default: /proc/self/exe) */
	const char *exe;
};

#define CTR_PREOPEN_FD	100
#define CTR_SEND_FD	101
#define CTR_PIPE_FD	102
#define CTR_URING_FD	104

/* ---- attack reports --------------------------------------------------- */

#define STEP_NAME_MAX 32
#define STEP_DETAIL_MAX 200
#define MAX_STEPS 24

struct step_rec {
	char name[STEP_NAME_MAX];
	int ret;
	int err;
	char detail[STEP_DETAIL_MAX];
};

struct attack_result {
	int nsteps;
	struct step_rec step[MAX_STEPS];
	int status;		/* wait status of the container's first process */
	bool timed_out;
};

/* Report one step; atomic on a pipe (the record is < PIPE_BUF). */
static inline void report_fd(int fd, const char *name, int ret, int err,
			     const char *fmt, ...)
{
	struct step_rec r;
	va_list ap;
	ssize_t n;

	memset(&r, 0, sizeof(r));
	snprintf(r.name, sizeof(r.name), "%s", name);
	r.ret = ret;
	r.err = ret < 0 ? err : 0;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(r.detail, sizeof(r.detail), fmt, ap);
		va_end(ap);
	}
	do
		n = write(fd, &r, sizeof(r));
	while (n < 0 && errno == EINTR);
}

static inline const struct step_rec *find_step(const struct attack_result *res,
					       const char *name)
{
	int i;

	for (i = 0; i < res->nsteps; i++)
		if (!strcmp(res->step[i].name, name))
			return &res->step[i];
	return NULL;
}

/* ---- the runtime ------------------------------------------------------- */

static inline int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return 0;
}

/* In the container child: report a failed setup step and die. */
#define CTR_SETUP_FAIL(fd, what) do { \
	report_fd(fd, "setup:" what, -1, errno, "%s", strerror(errno)); \
	_exit(111); \
} while (0)

static inline void ctr_bind_host_dir(int rfd, const char *root, const char *dir)
{
	char dst[512], target[512];
	struct stat st;
	ssize_t n;

	if (lstat(dir, &st))
		return;		/* not on this host (e.g. /lib64) */
	snprintf(dst, sizeof(dst), "%s%s", root, dir);
	if (S_ISLNK(st.st_mode)) {
		n = readlink(dir, target, sizeof(target) - 1);
		if (n < 0)
			CTR_SETUP_FAIL(rfd, "readlink");
		target[n] = '\0';
		if (symlink(target, dst))
			CTR_SETUP_FAIL(rfd, "symlink");
		return;
	}
	if (mkdir(dst, 0755) && errno != EEXIST)
		CTR_SETUP_FAIL(rfd, "mkdir");
	if (mount(dir, dst, NULL, MS_BIND | MS_REC, NULL))
		CTR_SETUP_FAIL(rfd, "bind");
}

static inline void ctr_mkdir(int rfd, const char *root, const char *dir)
{
	char p[512];

	snprintf(p, sizeof(p), "%s%s", root, dir);
	if (mkdir(p, 0755) && errno != EEXIST)
		CTR_SETUP_FAIL(rfd, "mkdir");
}

/* Send @fd over the datagram socket @sock (SCM_RIGHTS). */
static inline int ctr_send_fd(int sock, int fd)
{
	char data = 'f';
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u = { 0 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

/* The descriptors and tasks of struct ctr_opts the exec inherits. */
static inline void ctr_leak_fds(const struct ctr_opts *o, int rfd)
{
	int fd, sv[2], p[2];

	if (o->preopen) {
		fd = open(o->preopen, o->preopen_flags);
		if (fd < 0 || dup2(fd, CTR_PREOPEN_FD) < 0)
			report_fd(rfd, "preopen", -1, errno, "%s", o->preopen);
		if (fd >= 0 && fd != CTR_PREOPEN_FD)
			close(fd);
	}
	if (o->preopen_send) {
		fd = open(o->preopen_send, o->preopen_send_flags);
		if (fd < 0 ||
		    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) ||
		    ctr_send_fd(sv[0], fd) || dup2(sv[1], CTR_SEND_FD) < 0)
			report_fd(rfd, "send", -1, errno, "%s",
				  o->preopen_send);
		if (fd >= 0)
			close(fd);
	}
	if (o->pipe) {
		if (pipe(p) || dup2(p[0], CTR_PIPE_FD) < 0 ||
		    dup2(p[1], CTR_PIPE_FD + 1) < 0)
			report_fd(rfd, "pipe", -1, errno, NULL);
	}
	if (o->unarmed_child) {
		pid_t pid = fork();
		char s[16];

		if (pid == 0) {
			syscall(SYS_prctl, 1 /* PR_SET_PDEATHSIG */, SIGKILL,
				0, 0, 0);
			/* the uid change of the setup cleared it */
			syscall(SYS_prctl, 4 /* PR_SET_DUMPABLE */, 1, 0, 0, 0);
			for (;;)
				pause();
		}
		if (pid < 0)
			report_fd(rfd, "unarmed_child", -1, errno, NULL);
		snprintf(s, sizeof(s), "%d", pid);
		setenv("CORDON_UNARMED_PID", s, 1);
	}
	if (o->uring_send) {
		struct io_uring_params params = { 0 };

		fd = syscall(SYS_io_uring_setup, 4, &params);
		if (fd < 0 ||
		    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) ||
		    ctr_send_fd(sv[0], fd) || dup2(sv[1], CTR_SEND_FD) < 0)
			report_fd(rfd, "uring_send", -1, errno, NULL);
		if (fd >= 0)
			close(fd);
	}
	if (o->uring) {
		struct io_uring_params params = { 0 };

		fd = syscall(SYS_io_uring_setup, 4, &params);
		if (fd < 0 || dup2(fd, CTR_URING_FD) < 0)
			report_fd(rfd, "uring", -1, errno, NULL);
	}
}

/* The container's first process: set up, then execve the attack. */
static inline void ctr_child(const struct ctr_kind *k, const struct ctr_opts *o,
			     const char *root, int rfd, int syncfd, int readyfd,
			     char *const argv[])
{
	static const char *const host_dirs[] = {
		"/bin", "/sbin", "/usr", "/lib", "/lib64", "/etc", "/dev", "/sys",
	};
	extern char **environ;
	char p[512];
	size_t i;
	char c;

	if (k->userns != CTR_PRIVILEGED) {
		/* wait for the parent to write the id maps */
		if (read(syncfd, &c, 1) != 1)
			CTR_SETUP_FAIL(rfd, "sync");
		if (setresgid(0, 0, 0))
			CTR_SETUP_FAIL(rfd, "setresgid");
		if (setresuid(0, 0, 0))
			CTR_SETUP_FAIL(rfd, "setresuid");
	}
	/* after the credential change, which clears it */
	syscall(SYS_prctl, 1 /* PR_SET_PDEATHSIG */, SIGKILL, 0, 0, 0);
	if (setsid() < 0)
		CTR_SETUP_FAIL(rfd, "setsid");
	/* like runc: a fresh session keyring, not the host's */
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
		CTR_SETUP_FAIL(rfd, "join_session_keyring");

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		CTR_SETUP_FAIL(rfd, "make-rprivate");
	if (mount("cordon-ctr", root, "tmpfs", 0, "mode=0755"))
		CTR_SETUP_FAIL(rfd, "root tmpfs");
	for (i = 0; i < sizeof(host_dirs) / sizeof(host_dirs[0]); i++)
		ctr_bind_host_dir(rfd, root, host_dirs[i]);
	ctr_mkdir(rfd, root, "/proc");
	ctr_mkdir(rfd, root, "/tmp");
	ctr_mkdir(rfd, root, "/mnt");
	snprintf(p, sizeof(p), "%s/proc", root);
	if (k->hostpid) {
		if (mount("/proc", p, NULL, MS_BIND | MS_REC, NULL))
			CTR_SETUP_FAIL(rfd, "bind /proc");
	} else {
		if (mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
			CTR_SETUP_FAIL(rfd, "mount proc");
	}
	snprintf(p, sizeof(p), "%s/tmp", root);
	if (mount("tmp", p, "tmpfs", 0, "mode=1777"))
		CTR_SETUP_FAIL(rfd, "mount /tmp");
	if (o && o->cgroup_v1_name) {
		char opts[128];

		ctr_mkdir(rfd, root, "/cgv1");
		snprintf(p, sizeof(p), "%s/cgv1", root);
		snprintf(opts, sizeof(opts), "none,name=%s", o->cgroup_v1_name);
		if (mount("cgroup", p, "cgroup", 0, opts))
			CTR_SETUP_FAIL(rfd, "cgroup_v1");
	}
	if (o && o->mount_scratch) {
		static const char *const d[] = {
			"/mnt/ro", "/mnt/um", "/mnt/mv", "/mnt/pr",
		};

		for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
			ctr_mkdir(rfd, root, d[i]);
			snprintf(p, sizeof(p), "%s%s", root, d[i]);
			if (mount("scratch", p, "tmpfs",
				  !strcmp(d[i], "/mnt/ro") ? MS_RDONLY : 0, NULL))
				CTR_SETUP_FAIL(rfd, "scratch");
		}
	}

	if (chdir(root))
		CTR_SETUP_FAIL(rfd, "chdir root");
	if (syscall(SYS_pivot_root, ".", "."))
		CTR_SETUP_FAIL(rfd, "pivot_root");
	if (umount2(".", MNT_DETACH))
		CTR_SETUP_FAIL(rfd, "umount old root");
	if (chdir("/"))
		CTR_SETUP_FAIL(rfd, "chdir /");

	if (o)
		ctr_leak_fds(o, rfd);
	if (o && o->before_start) {
		/* set up, a container task: let the parent act, then go on */
		if (write(readyfd, "r", 1) != 1 || read(syncfd, &c, 1) != 1)
			CTR_SETUP_FAIL(rfd, "before_start");
	}
	close(syncfd);
	if (readyfd >= 0)
		close(readyfd);
	execve(o && o->exe ? o->exe : "/proc/self/exe", argv, environ);
	CTR_SETUP_FAIL(rfd, "execve");
}

static inline int ctr_write_maps(pid_t pid, enum ctr_userns u)
{
	char path[64];
	const char *map = u == CTR_ROOTLESS ? "0 65534 1\n" : "0 0 1\n";
	int ret;

	if (u == CTR_ROOTLESS) {
		snprintf(path, sizeof(path), "/proc/%d/setgroups", pid);
		ret = write_str(path, "deny");
		if (ret)
			return ret;
	}
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	ret = write_str(path, map);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	return write_str(path, map);
}

static inline long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Run attack NAME with ARGS (NULL-terminated) in a new container of kind k.
 * Returns 0 when the container ran (whatever the attack's outcome; see res),
 * -errno when it could not even be started.
 */
static inline int ctr_run(const struct ctr_kind *k, const struct ctr_opts *o,
			  const char *attack, const char *const args[],
			  struct attack_result *res)
{
	int flags = CLONE_NEWNS | CLONE_NEWUTS;
	int rpipe[2], spipe[2], ready[2], ret = 0, nargs = 0, i;
	char root[] = "/tmp/cordon-ctr-XXXXXX", fdstr[16];
	char *argv[32];
	long long deadline;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (!k->hostpid)
		flags |= CLONE_NEWPID;
	if (!k->hostipc)
		flags |= CLONE_NEWIPC;
	if (!k->hostnet)
		flags |= CLONE_NEWNET;
	if (k->userns != CTR_PRIVILEGED)
		flags |= CLONE_NEWUSER;

	if (!mkdtemp(root))
		return -errno;
	chmod(root, 0755);
	if (pipe2(rpipe, O_CLOEXEC) || pipe2(spipe, O_CLOEXEC) ||
	    pipe2(ready, O_CLOEXEC)) {
		ret = -errno;
		rmdir(root);
		return ret;
	}

	while (args && args[nargs])
		nargs++;
	if (nargs > 26)
		return -E2BIG;
	snprintf(fdstr, sizeof(fdstr), "%d", rpipe[1]);
	argv[0] = "escape_test";
	argv[1] = "--attack";
	argv[2] = (char *)attack;
	argv[3] = fdstr;
	for (i = 0; i < nargs; i++)
		argv[4 + i] = (char *)args[i];
	argv[4 + nargs] = NULL;

	fflush(stdout);
	fflush(stderr);
	pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid < 0) {
		ret = -errno;
		goto out;
	}
	if (pid == 0) {
		close(rpipe[0]);
		close(spipe[1]);
		/* the report fd survives the execve */
		fcntl(rpipe[1], F_SETFD, 0);
		close(ready[0]);
		ctr_child(k, o, root, rpipe[1], spipe[0], ready[1], argv);
		_exit(112);
	}
	close(rpipe[1]);
	close(spipe[0]);
	close(ready[1]);
	rpipe[1] = spipe[0] = -1;
	if (k->userns != CTR_PRIVILEGED) {
		int err = ctr_write_maps(pid, k->userns);

		if (err) {
			snprintf(res->step[0].name, STEP_NAME_MAX, "setup:idmap");
			res->step[0].ret = -1;
			res->step[0].err = -err;
			res->nsteps = 1;
			kill(pid, SIGKILL);
		}
	}
	if (k->userns != CTR_PRIVILEGED && write(spipe[1], "x", 1) != 1)
		ret = -errno;
	if (o && o->before_start && !ret) {
		char c;

		/* the child is set up and about to exec */
		if (read(ready[0], &c, 1) != 1)
			ret = -EIO;
		else
			ret = o->before_start(pid, o->before_arg);
		if (ret || write(spipe[1], "g", 1) != 1)
			kill(pid, SIGKILL);
	}
	close(ready[0]);
	close(spipe[1]);
	spipe[1] = -1;

	/* collect the step records until every writer is gone */
	deadline = now_ms() + 20000;
	for (;;) {
		struct pollfd pfd = { .fd = rpipe[0], .events = POLLIN };
		struct step_rec r;
		long long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0) {
			res->timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		n = poll(&pfd, 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			continue;
		n = read(rpipe[0], &r, sizeof(r));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (n == sizeof(r) && res->nsteps < MAX_STEPS)
			res->step[res->nsteps++] = r;
	}
	if (waitpid(pid, &res->status, 0) < 0)
		ret = ret ?: -errno;
out:
	if (rpipe[0] >= 0)
		close(rpipe[0]);
	if (rpipe[1] >= 0)
		close(rpipe[1]);
	if (spipe[0] >= 0)
		close(spipe[0]);
	if (spipe[1] >= 0)
		close(spipe[1]);
	rmdir(root);
	return ret;
}

#endif /* CORDON_SELFTEST_CONTAINER_H */
