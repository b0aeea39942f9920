// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon-compat-ctr - run one command in a container built the way runc
 * builds one, for the compatibility tests (tests/compat/compat-run).
 *
 * usage: cordon-compat-ctr KIND [--] COMMAND [ARG...]
 *   KIND privileged   no user namespace, every capability (--privileged)
 *        userns-root  a user namespace mapping 0 to host 0 (unshare -Ur)
 *        rootless     a user namespace made by host uid 65534, mapping 0
 *                     to it (rootless runc, podman, bwrap as a user)
 *
 * Setup, in this order (the runc order):
 *   [rootless: drop to 65534:65534, no supplementary groups]
 *   clone([user], mnt, uts, ipc, net, pid, cgroup namespaces): the child is
 *   the container's pid 1; the runtime (parent) writes its id maps from
 *   outside ([rootless: setgroups deny], 0 -> 0 or 0 -> 65534), then in
 *   the child: setsid(), a fresh session keyring, mount --make-rprivate /,
 *   a tmpfs root in a directory of /tmp, /bin /sbin /usr /lib /lib64 /etc
 *   bound read-only, /sys bound, a new proc, /dev a tmpfs with null, zero,
 *   full, random, urandom and tty bound from the host, devpts (new
 *   instance), /dev/shm tmpfs, /dev/mqueue mqueue, /tmp tmpfs,
 *   pivot_root(".", "."), umount2(".", MNT_DETACH), execvp(COMMAND).
 *
 * cordon arms the container at that execve, as it does for runc's.  The
 * exit status is the command's (128 + N for a signal N); a setup failure
 * prints the failed step and exits 125.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/keyctl.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define COMPAT_CTR_SETUP_FAILED 125
#define COMPAT_CTR_ROOTLESS_ID 65534

enum compat_ctr_kind { COMPAT_PRIVILEGED, COMPAT_USERNS_ROOT, COMPAT_ROOTLESS };

static noreturn void compat_ctr_fail(const char *step)
{
	fprintf(stderr, "cordon-compat-ctr: %s: %s\n", step, strerror(errno));
	_exit(COMPAT_CTR_SETUP_FAILED);
}

static void compat_ctr_write(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(s);

	if (fd < 0)
		compat_ctr_fail(path);
	if (write(fd, s, len) != (ssize_t)len)
		compat_ctr_fail(path);
	close(fd);
}

static void compat_ctr_path(char *buf, size_t size, const char *root,
			    const char *dir)
{
	if ((size_t)snprintf(buf, size, "%s%s", root, dir) >= size) {
		errno = ENAMETOOLONG;
		compat_ctr_fail(dir);
	}
}

static void compat_ctr_mkdir(const char *root, const char *dir)
{
	char p[512];

	compat_ctr_path(p, sizeof(p), root, dir);
	if (mkdir(p, 0755) && errno != EEXIST)
		compat_ctr_fail(p);
}

static void compat_ctr_mount(const char *src, const char *root,
			     const char *dir, const char *type,
			     unsigned long flags, const char *data)
{
	char p[512];

	compat_ctr_path(p, sizeof(p), root, dir);
	if (mount(src, p, type, flags, data))
		compat_ctr_fail(p);
}

/* Bind a host directory (or re-create a host symlink, e.g. /lib64 on a
 * merged-/usr system) read-only; a directory the host lacks is left out.
 */
static void compat_ctr_bind_dir(const char *root, const char *dir)
{
	char dst[512], target[512];
	unsigned long flags;
	struct statvfs sv;
	struct stat st;
	ssize_t n;

	if (lstat(dir, &st))
		return;
	compat_ctr_path(dst, sizeof(dst), root, dir);
	if (S_ISLNK(st.st_mode)) {
		n = readlink(dir, target, sizeof(target) - 1);
		if (n < 0)
			compat_ctr_fail(dir);
		target[n] = '\0';
		if (symlink(target, dst))
			compat_ctr_fail(dst);
		return;
	}
	compat_ctr_mkdir(root, dir);
	if (mount(dir, dst, NULL, MS_BIND | MS_REC, NULL))
		compat_ctr_fail(dst);
	/* as runc's "ro" bind: a remount of the bind mount keeping the flags
	 * it has (a user namespace may not clear locked ones)
	 */
	if (statvfs(dst, &sv))
		compat_ctr_fail(dst);
	flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
	if (sv.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (mount(NULL, dst, NULL, flags, NULL))
		compat_ctr_fail(dst);
}

/* Bind one host device node onto an empty file (runc's rootless way, and
 * what it does for the default devices when it cannot mknod).
 */
static void compat_ctr_bind_dev(const char *root, const char *node)
{
	char dst[512];
	int fd;

	compat_ctr_path(dst, sizeof(dst), root, node);
	fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		compat_ctr_fail(dst);
	close(fd);
	if (mount(node, dst, NULL, MS_BIND, NULL))
		compat_ctr_fail(dst);
}

static void compat_ctr_link(const char *root, const char *target,
			    const char *name)
{
	char p[512];

	compat_ctr_path(p, sizeof(p), root, name);
	if (symlink(target, p))
		compat_ctr_fail(p);
}

/* The container's pid 1: its root, then the command.  The runtime (the
 * parent) stays in the host's namespaces.
 */
static noreturn void
compat_ctr_init(const char *root, char *const argv[])
{
	static const char *const ro_dirs[] = {
		"/bin", "/sbin", "/usr", "/lib", "/lib64", "/etc",
	};
	static const char *const devs[] = {
		"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
		"/dev/urandom", "/dev/tty",
	};
	size_t i;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		compat_ctr_fail("PR_SET_PDEATHSIG");
	if (setsid() < 0)
		compat_ctr_fail("setsid");
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
		compat_ctr_fail("join session keyring");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		compat_ctr_fail("make-rprivate /");
	if (mount("cordon-compat", root, "tmpfs", 0, "mode=0755"))
		compat_ctr_fail("root tmpfs");
	for (i = 0; i < ARRAY_SIZE(ro_dirs); i++)
		compat_ctr_bind_dir(root, ro_dirs[i]);
	compat_ctr_mkdir(root, "/proc");
	compat_ctr_mount("proc", root, "/proc", "proc",
			 MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	compat_ctr_mkdir(root, "/sys");
	compat_ctr_mount("/sys", root, "/sys", NULL, MS_BIND | MS_REC, NULL);
	compat_ctr_mkdir(root, "/dev");
	compat_ctr_mount("tmpfs", root, "/dev", "tmpfs", MS_NOSUID,
			 "mode=755,size=65536k");
	for (i = 0; i < ARRAY_SIZE(devs); i++)
		compat_ctr_bind_dev(root, devs[i]);
	compat_ctr_mkdir(root, "/dev/pts");
	compat_ctr_mount("devpts", root, "/dev/pts", "devpts",
			 MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
	compat_ctr_link(root, "pts/ptmx", "/dev/ptmx");
	compat_ctr_link(root, "/proc/self/fd", "/dev/fd");
	compat_ctr_link(root, "/proc/self/fd/0", "/dev/stdin");
	compat_ctr_link(root, "/proc/self/fd/1", "/dev/stdout");
	compat_ctr_link(root, "/proc/self/fd/2", "/dev/stderr");
	compat_ctr_mkdir(root, "/dev/shm");
	compat_ctr_mount("shm", root, "/dev/shm", "tmpfs",
			 MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
	compat_ctr_mkdir(root, "/dev/mqueue");
	compat_ctr_mount("mqueue", root, "/dev/mqueue", "mqueue",
			 MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	compat_ctr_mkdir(root, "/tmp");
	compat_ctr_mount("tmp", root, "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
			 "mode=1777");

	if (chdir(root))
		compat_ctr_fail("chdir root");
	if (syscall(SYS_pivot_root, ".", "."))
		compat_ctr_fail("pivot_root");
	if (umount2(".", MNT_DETACH))
		compat_ctr_fail("umount old root");
	if (chdir("/"))
		compat_ctr_fail("chdir /");
	if (sethostname("cordon-compat", strlen("cordon-compat")))
		compat_ctr_fail("sethostname");

	execvp(argv[0], argv);
	compat_ctr_fail(argv[0]);
}

/* Become the rootless runtime's user: 65534:65534, no groups, still
 * dumpable so that it may write its child's /proc/PID/{uid,gid}_map.
 */
static void compat_ctr_drop_to_user(void)
{
	if (setgroups(0, NULL))
		compat_ctr_fail("setgroups");
	if (setresgid(COMPAT_CTR_ROOTLESS_ID, COMPAT_CTR_ROOTLESS_ID,
		      COMPAT_CTR_ROOTLESS_ID))
		compat_ctr_fail("setresgid");
	if (setresuid(COMPAT_CTR_ROOTLESS_ID, COMPAT_CTR_ROOTLESS_ID,
		      COMPAT_CTR_ROOTLESS_ID))
		compat_ctr_fail("setresuid");
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		compat_ctr_fail("PR_SET_DUMPABLE");
}

/* The runtime writes its child's id maps from outside, as runc does (a
 * rootless runtime may map only its own ids, and must deny setgroups).
 */
static void compat_ctr_write_maps(pid_t pid, enum compat_ctr_kind kind)
{
	unsigned int outer = kind == COMPAT_ROOTLESS ? COMPAT_CTR_ROOTLESS_ID : 0;
	char path[64], map[64];

	snprintf(map, sizeof(map), "0 %u 1\n", outer);
	if (kind == COMPAT_ROOTLESS) {
		snprintf(path, sizeof(path), "/proc/%d/setgroups", pid);
		compat_ctr_write(path, "deny");
	}
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	compat_ctr_write(path, map);
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	compat_ctr_write(path, map);
}

int main(int argc, char **argv)
{
	unsigned long flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
			      CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP;
	enum compat_ctr_kind kind;
	char root[] = "/tmp/cordon-compat-XXXXXX";
	int status, argi = 2, sync[2];
	pid_t pid;
	char c;

	if (argc > 2 && !strcmp(argv[2], "--"))
		argi = 3;
	if (argc <= argi) {
		fprintf(stderr, "usage: %s privileged|userns-root|rootless [--] COMMAND [ARG...]\n",
			argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "privileged")) {
		kind = COMPAT_PRIVILEGED;
	} else if (!strcmp(argv[1], "userns-root")) {
		kind = COMPAT_USERNS_ROOT;
	} else if (!strcmp(argv[1], "rootless")) {
		kind = COMPAT_ROOTLESS;
	} else {
		fprintf(stderr,
			"cordon-compat-ctr: unknown container kind '%s' (privileged, userns-root or rootless)\n",
			argv[1]);
		return 2;
	}

	if (kind == COMPAT_ROOTLESS)
		compat_ctr_drop_to_user();
	if (kind != COMPAT_PRIVILEGED)
		flags |= CLONE_NEWUSER;
	if (!mkdtemp(root))
		compat_ctr_fail("mkdtemp");
	if (chmod(root, 0755))
		compat_ctr_fail("chmod root");
	if (pipe2(sync, O_CLOEXEC))
		compat_ctr_fail("pipe");

	fflush(stdout);
	fflush(stderr);
	pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid < 0)
		compat_ctr_fail("clone");
	if (pid == 0) {
		close(sync[1]);
		/* wait for the id maps */
		if (read(sync[0], &c, 1) != 1)
			_exit(COMPAT_CTR_SETUP_FAILED);
		close(sync[0]);
		if (kind != COMPAT_PRIVILEGED &&
		    (setresgid(0, 0, 0) || setresuid(0, 0, 0)))
			compat_ctr_fail("setresuid 0 in the user namespace");
		compat_ctr_init(root, argv + argi);
	}
	close(sync[0]);
	if (kind != COMPAT_PRIVILEGED)
		compat_ctr_write_maps(pid, kind);
	if (write(sync[1], "x", 1) != 1)
		compat_ctr_fail("sync");
	close(sync[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			compat_ctr_fail("waitpid");
	rmdir(root);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
