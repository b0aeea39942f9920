// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon kselftest: container escape attempts.
 *
 * Every test starts a container (see container.h) of the fixture variant's
 * kind, re-executes this program inside it as "escape_test --attack NAME FD
 * ARGS..." (cordon arms at that execve) and judges the steps the attack
 * reports:
 *
 *   - cordon off/complain (or absent): the attack must SUCCEED, which proves
 *     the technique is real in this kind of container and the test can fail;
 *   - cordon enforcing: it must fail with the errno of the contract;
 *   - where the technique cannot work in this kind of container even without
 *     cordon (rootless uid 0 cannot write core_pattern, a private pid
 *     namespace cannot name a host pid...), the natural failure and its errno
 *     are asserted explicitly, in every mode.
 *
 * Host-side victims (a process, SysV objects, abstract sockets, a key, a loop
 * device, files) are made by the test before the container starts; host-global
 * state an attack may change is restored in FIXTURE_TEARDOWN.
 */
#include <grp.h>
#include <stddef.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/userfaultfd.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>

/*
 * gcc -O2 warns that the harness's wrapper variable "child" may be clobbered
 * by the longjmp of a failed ASSERT (it can be, in the test's process).  The
 * fixture's teardown therefore runs in the parent (FIXTURE_TEARDOWN_PARENT),
 * which a failed ASSERT cannot skip.
 */
#pragma GCC diagnostic ignored "-Wclobbered"
#include <mqueue.h>

#include "kselftest_harness.h"
#include "common.h"
#include "container.h"

static enum cordon_mode g_mode;

#define PAYLOAD "/cordon-escape-payload"
#define CG_NAME "cordonesc"
#define CG_CHILD "cordonesc-child"
#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"
#define BINFMT_ENTRY "cordonesc"
#define HOST_SECRET "cordon-host-secret"
#define VICTIM_PAGE_INIT "cordon-victim-page"
#define VICTIM_PAGE_PWNED "written-by-the-container"
/* key permissions (keyutils.h) */
#define KEY_POS_ALL	0x3f000000
#define KEY_USR_ALL	0x003f0000
#define KEY_OTH_VIEW	0x00000001
#define KEY_OTH_READ	0x00000002
#define KEY_OTH_SEARCH	0x00000008
#define KEY_OTH_LINK	0x00000010
#define KEY_DESC "cordon-host-key"
#define KEY_SECRET "cordon-host-key-secret"

/* =====================================================================
 * Attacks: run inside the container, after cordon armed (the execve).
 * Each step is reported as (name, ret, errno, detail).
 * ===================================================================== */

static int g_rfd = -1;

static void step(const char *name, long ret, int err, const char *fmt, ...)
{
	char detail[STEP_DETAIL_MAX] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(detail, sizeof(detail), fmt, ap);
		va_end(ap);
	}
	report_fd(g_rfd, name, ret < 0 ? -1 : (int)(ret > 0x7fffffff ? 1 : ret),
		  err, fmt ? "%s" : NULL, detail);
}

/* STEP(name, expr): evaluate expr, then report it with its errno. */
#define STEP(name, expr) ({ \
	long __r; \
	errno = 0; \
	__r = (long)(expr); \
	step(name, __r, errno, NULL); \
	__r; \
})

/* open(path, flags) and, if it worked, write s: steps "open" and "write" */
static int open_write(const char *path, const char *s)
{
	int fd = STEP("open", open(path, O_WRONLY));
	long n;

	if (fd < 0)
		return -1;
	n = STEP("write", write(fd, s, strlen(s)));
	close(fd);
	return n < 0 ? -1 : 0;
}

static pid_t fork_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

static void atk_write_file(int argc, char **argv)
{
	/* argv: PATH CONTENT */
	open_write(argv[0], argv[1]);
}

static void atk_cgroup_release_agent(int argc, char **argv)
{
	/* argv: premounted(0|1) */
	const char *dir = "/mnt/cg";
	char p[256];
	int r;

	if (atoi(argv[0])) {
		dir = "/cgv1";
	} else {
		mkdir(dir, 0755);
		r = STEP("mount", mount("cgroup", dir, "cgroup", 0, "none,name=" CG_NAME));
		if (r < 0)
			return;
	}
	snprintf(p, sizeof(p), "%s/release_agent", dir);
	if (open_write(p, PAYLOAD))
		return;
	snprintf(p, sizeof(p), "%s/" CG_CHILD, dir);
	if (STEP("mkdir", mkdir(p, 0755)) < 0 && errno != EEXIST)
		return;
	snprintf(p, sizeof(p), "%s/" CG_CHILD "/notify_on_release", dir);
	r = open(p, O_WRONLY);
	if (r >= 0) {
		STEP("notify_on_release", write(r, "1", 1));
		close(r);
	} else {
		step("notify_on_release", -1, errno, NULL);
	}
}

static void atk_binfmt_misc(int argc, char **argv)
{
	const char *dir = BINFMT_DIR;
	char p[256];

	if (access(BINFMT_DIR "/register", F_OK)) {
		dir = "/mnt/binfmt";
		mkdir(dir, 0755);
		if (STEP("mount", mount("binfmt_misc", dir, "binfmt_misc", 0, NULL)) < 0)
			return;
	}
	snprintf(p, sizeof(p), "%s/register", dir);
	open_write(p, ":" BINFMT_ENTRY ":E::cesc::" PAYLOAD ":");
}

static void atk_blockdev(int argc, char **argv)
{
	/* argv: DEVICE */
	char buf[128] = "";
	int fd;

	mkdir("/mnt/disk", 0755);
	if (STEP("mount", mount(argv[0], "/mnt/disk", "ext4", MS_RDONLY, NULL)) < 0)
		return;
	fd = open("/mnt/disk/host-secret", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		close(fd);
	}
	step("read", fd < 0 ? -1 : 0, errno, "%s", buf);
	umount2("/mnt/disk", MNT_DETACH);
}

static int unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned int b;

	while (s[0] && s[1] && n < max && sscanf(s, "%2x", &b) == 1) {
		out[n++] = b;
		s += 2;
	}
	return n;
}

static void atk_shocker(int argc, char **argv)
{
	/* argv: HANDLE_TYPE HANDLE_HEX; a mount fd on the host's root fs: /etc */
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + MAX_HANDLE_SZ];
	} h;
	char buf[128] = "";
	int mfd, fd;
	ssize_t n;

	h.fh.handle_type = atoi(argv[0]);
	h.fh.handle_bytes = unhex(argv[1], h.fh.f_handle, MAX_HANDLE_SZ);
	mfd = open("/etc", O_RDONLY | O_DIRECTORY);
	fd = STEP("open_by_handle_at", open_by_handle_at(mfd, &h.fh, O_RDONLY));
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	step("read", n, errno, "%s", buf);
}

static void atk_ptrace_attach(int argc, char **argv)
{
	/* argv: HOSTPID */
	pid_t pid = atoi(argv[0]);
	int st;

	if (STEP("attach", ptrace(PTRACE_ATTACH, pid, 0, 0)) == 0) {
		waitpid(pid, &st, __WALL);
		ptrace(PTRACE_DETACH, pid, 0, 0);
	}
	STEP("seize", ptrace(PTRACE_SEIZE, pid, 0, 0));
	/* a seized tracee is released when we exit */
}

static void atk_ptrace_traceme(int argc, char **argv)
{
	STEP("traceme", ptrace(PTRACE_TRACEME, 0, 0, 0));
}

static void atk_process_vm(int argc, char **argv)
{
	/* argv: HOSTPID ADDRESS */
	pid_t pid = atoi(argv[0]);
	void *addr = (void *)strtoul(argv[1], NULL, 16);
	char buf[64] = "";
	struct iovec l = { buf, sizeof(buf) - 1 }, r = { addr, sizeof(buf) - 1 };
	long n;

	n = process_vm_readv(pid, &l, 1, &r, 1, 0);
	step("readv", n, errno, "%s", n > 0 ? buf : "");
	strcpy(buf, VICTIM_PAGE_PWNED);
	l.iov_len = r.iov_len = sizeof(VICTIM_PAGE_PWNED);
	STEP("writev", process_vm_writev(pid, &l, 1, &r, 1, 0));
}

static void atk_proc_pid(int argc, char **argv)
{
	/* argv: HOSTPID */
	char p[64], buf[256];
	long r;

	snprintf(p, sizeof(p), "/proc/%s/mem", argv[0]);
	r = STEP("mem", open(p, O_RDWR));
	if (r >= 0)
		close(r);
	snprintf(p, sizeof(p), "/proc/%s/environ", argv[0]);
	r = STEP("environ", open(p, O_RDONLY));
	if (r >= 0)
		close(r);
	snprintf(p, sizeof(p), "/proc/%s/root", argv[0]);
	r = readlink(p, buf, sizeof(buf) - 1);
	buf[r > 0 ? r : 0] = '\0';
	step("root", r, errno, "%s", buf);
	/* and through it, the host's root */
	snprintf(p, sizeof(p), "/proc/%s/root/%s", argv[0], argv[1]);
	r = STEP("root_open", open(p, O_RDONLY));
	if (r >= 0)
		close(r);
}

static void atk_setns_mnt(int argc, char **argv)
{
	/* argv: HOSTPID HOST_FILE */
	char p[64], buf[64] = "";
	int fd, n;

	snprintf(p, sizeof(p), "/proc/%s/ns/mnt", argv[0]);
	fd = STEP("open", open(p, O_RDONLY));
	if (fd < 0)
		return;
	if (STEP("setns", setns(fd, CLONE_NEWNS)) < 0)
		return;
	fd = open(argv[1], O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	step("host_file", n, errno, "%s", buf);
}

static void atk_pidfd_getfd(int argc, char **argv)
{
	/* argv: HOSTPID FD */
	char buf[64] = "";
	int pfd, fd;
	ssize_t n;

	pfd = STEP("pidfd_open", pidfd_open(atoi(argv[0]), 0));
	if (pfd < 0)
		return;
	fd = STEP("getfd", pidfd_getfd(pfd, atoi(argv[1]), 0));
	if (fd < 0)
		return;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	step("read", n, errno, "%s", buf);
}

static void atk_kill(int argc, char **argv)
{
	/* argv: HOSTPID */
	pid_t pid = atoi(argv[0]);
	siginfo_t si = { .si_code = SI_QUEUE, .si_pid = getpid() };
	int pfd;

	STEP("kill0", kill(pid, 0));
	STEP("tgkill0", syscall(SYS_tgkill, pid, pid, 0));
	STEP("sigqueue0", syscall(SYS_rt_sigqueueinfo, pid, 0, &si));
	pfd = pidfd_open(pid, 0);
	if (pfd < 0)
		step("pidfd_send_signal0", -1, errno, "pidfd_open");
	else
		STEP("pidfd_send_signal0", pidfd_send_signal(pfd, 0, NULL, 0));
	STEP("kill", kill(pid, SIGTERM));
}

static void atk_sysv_shm(int argc, char **argv)
{
	/* argv: KEY ID */
	void *p;

	STEP("shmget", shmget(strtol(argv[0], NULL, 0), 0, 0));
	p = shmat(atoi(argv[1]), NULL, 0);
	step("shmat", p == (void *)-1 ? -1 : 0, errno, NULL);
	if (p != (void *)-1) {
		strcpy(p, VICTIM_PAGE_PWNED);
		shmdt(p);
	}
}

static void atk_posix_mq(int argc, char **argv)
{
	/* argv: NAME */
	mqd_t q = mq_open(argv[0], O_RDWR);

	step("mq_open", q == (mqd_t)-1 ? -1 : 0, errno, NULL);
	if (q != (mqd_t)-1) {
		STEP("mq_send", mq_send(q, VICTIM_PAGE_PWNED,
					sizeof(VICTIM_PAGE_PWNED), 0));
		mq_close(q);
	}
}

static void atk_sysv_msg(int argc, char **argv)
{
	/* argv: KEY ID */
	struct { long type; char text[32]; } m = { 1, VICTIM_PAGE_PWNED };

	STEP("msgget", msgget(strtol(argv[0], NULL, 0), 0));
	STEP("msgsnd", msgsnd(atoi(argv[1]), &m, sizeof(m.text), IPC_NOWAIT));
}

static void atk_sysv_sem(int argc, char **argv)
{
	/* argv: KEY ID */
	struct sembuf op = { .sem_num = 0, .sem_op = 1, .sem_flg = IPC_NOWAIT };

	STEP("semget", semget(strtol(argv[0], NULL, 0), 0, 0));
	STEP("semop", semop(atoi(argv[1]), &op, 1));
}

static socklen_t abstract_addr(struct sockaddr_un *sun, const char *name)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	strncpy(sun->sun_path + 1, name, sizeof(sun->sun_path) - 2);
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

static void atk_unix(int argc, char **argv)
{
	/* argv: STREAM_NAME DGRAM_NAME */
	struct sockaddr_un sun;
	socklen_t len;
	int s;

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	len = abstract_addr(&sun, argv[0]);
	STEP("connect", connect(s, (struct sockaddr *)&sun, len));
	close(s);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	len = abstract_addr(&sun, argv[1]);
	STEP("sendto", sendto(s, VICTIM_PAGE_PWNED, sizeof(VICTIM_PAGE_PWNED), 0,
			      (struct sockaddr *)&sun, len));
	close(s);
}

static void atk_keyctl(int argc, char **argv)
{
	/* argv: KEY_ID KEYRING_ID */
	char buf[64] = "";
	long n;

	n = syscall(SYS_keyctl, KEYCTL_READ, atoi(argv[0]), buf, sizeof(buf) - 1);
	buf[n > 0 && n < (long)sizeof(buf) ? n : 0] = '\0';
	step("read", n, errno, "%s", buf);
	STEP("search", syscall(SYS_keyctl, KEYCTL_SEARCH, atoi(argv[1]), "user",
			       KEY_DESC, 0));
	STEP("link", syscall(SYS_keyctl, KEYCTL_LINK, atoi(argv[0]),
			     KEY_SPEC_SESSION_KEYRING));
}

static void atk_cap_deny(int argc, char **argv)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4, .value_size = 4, .max_entries = 1,
	};
	struct perf_event_attr pe = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(pe),
		.config = PERF_COUNT_SW_CPU_CLOCK, .disabled = 1,
	};
	static const char junk[64] = "not an ELF module";
	struct timespec ts;
	long r;

	r = STEP("sys_rawio", open("/dev/mem", O_RDONLY));
	if (r >= 0)
		close(r);
	clock_gettime(CLOCK_REALTIME, &ts);
	STEP("sys_time", clock_settime(CLOCK_REALTIME, &ts));
	STEP("syslog", klogctl(9 /* SYSLOG_ACTION_SIZE_UNREAD */, NULL, 0));
	r = STEP("bpf", syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr)));
	if (r >= 0)
		close(r);
	STEP("sys_module", syscall(SYS_init_module, junk, sizeof(junk), ""));
	STEP("sys_boot", syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
				 LINUX_REBOOT_CMD_CAD_ON, NULL));
	STEP("sys_admin", swapoff("/cordon-no-such-swap"));
	r = STEP("perfmon", syscall(SYS_perf_event_open, &pe, -1, 0, -1, 0));
	if (r >= 0)
		close(r);
}

/* fspick() + fsconfig(FSCONFIG_SET_FLAG "rw", FSCONFIG_CMD_RECONFIGURE) */
static void fspick_rw(const char *path)
{
	int fd = fspick(AT_FDCWD, path, FSPICK_CLOEXEC);

	if (fd < 0) {
		step("fspick_rw", -1, errno, "fspick");
		return;
	}
	if (fsconfig(fd, FSCONFIG_SET_FLAG, "rw", NULL, 0))
		step("fspick_rw", -1, errno, "set rw");
	else
		STEP("fspick_rw", fsconfig(fd, FSCONFIG_CMD_RECONFIGURE, NULL,
					   NULL, 0));
	close(fd);
}

static void atk_mount_ops(int argc, char **argv)
{
	long fd, mfd;

	mkdir("/mnt/b", 0755);
	STEP("bind", mount("/etc", "/mnt/b", NULL, MS_BIND, NULL));
	mkdir("/mnt/mv2", 0755);
	STEP("move", mount("/mnt/mv", "/mnt/mv2", NULL, MS_MOVE, NULL));
	STEP("remount_rw", mount(NULL, "/mnt/ro", NULL, MS_REMOUNT, NULL));
	STEP("umount", umount2("/mnt/um", 0));
	/* read-only in the flags, lifted by the data string */
	STEP("remount_rw_data", mount(NULL, "/mnt/ro", NULL,
				      MS_REMOUNT | MS_RDONLY, "rw"));
	fspick_rw("/mnt/ro");
	mkdir("/mnt/r", 0755);
	STEP("mount_ramfs", mount("ramfs", "/mnt/r", "ramfs", 0, NULL));
	fd = fsopen("ramfs", FSOPEN_CLOEXEC);
	if (fd < 0) {
		step("fsconfig_create", -1, errno, "fsopen");
	} else if (STEP("fsconfig_create",
			fsconfig(fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) == 0) {
		mfd = fsmount(fd, FSMOUNT_CLOEXEC, 0);
		if (mfd >= 0)
			close(mfd);
	}
	mkdir("/mnt/mm", 0755);
	fd = open_tree(AT_FDCWD, "/etc", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (fd < 0)
		step("move_mount", -1, errno, "open_tree");
	else
		STEP("move_mount", move_mount(fd, "", AT_FDCWD, "/mnt/mm",
					      MOVE_MOUNT_F_EMPTY_PATH));
	/* a whole tmpfs mount of the host (root of its superblock) */
	mkdir("/mnt/mm2", 0755);
	fd = open_tree(AT_FDCWD, "/dev/shm", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (fd < 0)
		step("move_mount_shm", -1, errno, "open_tree");
	else
		STEP("move_mount_shm", move_mount(fd, "", AT_FDCWD, "/mnt/mm2",
						  MOVE_MOUNT_F_EMPTY_PATH));
	/* last: it changes our root */
	mkdir("/mnt/pr/old", 0755);
	STEP("pivot_root", syscall(SYS_pivot_root, "/mnt/pr", "/mnt/pr/old"));
}

static volatile char sibling_var[32] = "sibling-secret";

static void atk_inside_ptrace(int argc, char **argv)
{
	char buf[32] = "";
	struct iovec l = { buf, sizeof(buf) }, r = { (void *)sibling_var, sizeof(buf) };
	pid_t sib = fork_sleeper();
	int st;
	long v;

	if (STEP("attach", ptrace(PTRACE_ATTACH, sib, 0, 0)) == 0) {
		waitpid(sib, &st, __WALL);
		errno = 0;
		v = ptrace(PTRACE_PEEKDATA, sib, (void *)sibling_var, 0);
		step("peekdata", errno ? -1 : 0, errno, NULL);
		(void)v;
		STEP("detach", ptrace(PTRACE_DETACH, sib, 0, 0));
	}
	v = process_vm_readv(sib, &l, 1, &r, 1, 0);
	step("vm_readv", v, errno, "%.31s", v > 0 ? buf : "");
	STEP("vm_writev", process_vm_writev(sib, &l, 1, &r, 1, 0));
	kill(sib, SIGKILL);
	waitpid(sib, &st, 0);
}

static void atk_inside_kill(int argc, char **argv)
{
	pid_t sib = fork_sleeper();
	siginfo_t si = { .si_code = SI_QUEUE, .si_pid = getpid() };
	int pfd, st = 0;

	STEP("kill0", kill(sib, 0));
	STEP("tgkill0", syscall(SYS_tgkill, sib, sib, 0));
	STEP("sigqueue0", syscall(SYS_rt_sigqueueinfo, sib, 0, &si));
	pfd = pidfd_open(sib, 0);
	if (pfd < 0)
		step("pidfd_send_signal0", -1, errno, "pidfd_open");
	else
		STEP("pidfd_send_signal0", pidfd_send_signal(pfd, 0, NULL, 0));
	if (STEP("kill", kill(sib, SIGTERM)) < 0)
		kill(sib, SIGKILL);
	waitpid(sib, &st, 0);
	step("killed", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM ? 0 : -1,
	     ESRCH, "wait status 0x%x", st);
}

static void atk_inside_sysv(int argc, char **argv)
{
	struct { long type; char text[16]; } m = { 1, "inside" };
	struct sembuf op = { .sem_num = 0, .sem_op = 1, .sem_flg = IPC_NOWAIT };
	int shm, msg, sem, st;
	void *p;
	pid_t pid;

	shm = STEP("shmget", shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	p = shmat(shm, NULL, 0);
	step("shmat", p == (void *)-1 ? -1 : 0, errno, NULL);
	pid = fork();
	if (pid == 0) {
		void *q = shmat(shm, NULL, 0);

		step("sibling_shmat", q == (void *)-1 ? -1 : 0, errno, NULL);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	shmctl(shm, IPC_RMID, NULL);
	msg = STEP("msgget", msgget(IPC_PRIVATE, IPC_CREAT | 0600));
	STEP("msgsnd", msgsnd(msg, &m, sizeof(m.text), IPC_NOWAIT));
	STEP("msgrcv", msgrcv(msg, &m, sizeof(m.text), 0, IPC_NOWAIT));
	msgctl(msg, IPC_RMID, NULL);
	sem = STEP("semget", semget(IPC_PRIVATE, 1, IPC_CREAT | 0600));
	STEP("semop", semop(sem, &op, 1));
	semctl(sem, 0, IPC_RMID);
}

static void atk_inside_unix(int argc, char **argv)
{
	struct sockaddr_un sun;
	char name[64], buf[16];
	socklen_t len;
	int ls, ds, c, st;
	pid_t pid;

	snprintf(name, sizeof(name), "cordon-inside-%d-%ld", getpid(), (long)time(NULL));
	len = abstract_addr(&sun, name);
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	STEP("bind", bind(ls, (struct sockaddr *)&sun, len));
	listen(ls, 4);
	pid = fork();
	if (pid == 0) {
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		STEP("sibling_connect", connect(c, (struct sockaddr *)&sun, len));
		_exit(0);
	}
	waitpid(pid, &st, 0);
	c = STEP("accept", accept4(ls, NULL, NULL, SOCK_NONBLOCK));
	if (c >= 0)
		close(c);
	strcat(name, "-d");
	len = abstract_addr(&sun, name);
	ds = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(ds, (struct sockaddr *)&sun, len);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	STEP("sendto", sendto(c, "hi", 2, 0, (struct sockaddr *)&sun, len));
	STEP("recv", recv(ds, buf, sizeof(buf), MSG_DONTWAIT));
}

static void atk_inside_mount(int argc, char **argv)
{
	int fd;

	mkdir("/mnt/t", 0755);
	if (STEP("tmpfs", mount("tmpfs", "/mnt/t", "tmpfs", 0, "size=64k")) == 0) {
		fd = STEP("write", open("/mnt/t/f", O_CREAT | O_WRONLY, 0644));
		if (fd >= 0)
			close(fd);
		STEP("remount_ro", mount(NULL, "/mnt/t", NULL, MS_REMOUNT | MS_RDONLY, NULL));
		STEP("remount_rw_data", mount(NULL, "/mnt/t", NULL,
					      MS_REMOUNT | MS_RDONLY, "rw"));
		fspick_rw("/mnt/t");
		/* what it mounted itself, it may unmount */
		STEP("umount_own", umount2("/mnt/t", 0));
	}
	mkdir("/mnt/mq", 0755);
	STEP("mqueue", mount("mqueue", "/mnt/mq", "mqueue", 0, NULL));
}

/* ---- host assets on other paths (devices, sysctls, fds, signals) ------- */

static void atk_devopen(int argc, char **argv)
{
	/* argv: DEVICE */
	int fd;

	fd = STEP("open_read", open(argv[0], O_RDONLY));
	if (fd >= 0)
		close(fd);
	fd = STEP("open_write", open(argv[0], O_WRONLY));
	if (fd >= 0)
		close(fd);
}

static void atk_mknod_dev(int argc, char **argv)
{
	/* argv: MAJOR MINOR (a block device) */
	dev_t dev = makedev(atoi(argv[0]), atoi(argv[1]));

	if (STEP("mknod_block", mknod("/tmp/disk", S_IFBLK | 0600, dev)) == 0)
		unlink("/tmp/disk");
	if (STEP("mknod_mem", mknod("/tmp/mem", S_IFCHR | 0600, makedev(1, 1))) == 0)
		unlink("/tmp/mem");
	/* an allowed device and an overlayfs whiteout stay possible */
	if (STEP("mknod_null", mknod("/tmp/null", S_IFCHR | 0666, makedev(1, 3))) == 0)
		unlink("/tmp/null");
	if (STEP("mknod_whiteout", mknod("/tmp/wh", S_IFCHR | 0600, 0)) == 0)
		unlink("/tmp/wh");
}

static void atk_kcore(int argc, char **argv)
{
	int fd = STEP("open", open("/proc/kcore", O_RDONLY));

	if (fd >= 0)
		close(fd);
}

static void atk_inherited(int argc, char **argv)
{
	/* argv: CONTENT|-: write CONTENT to the leaked fd, or read it (-) */
	char buf[64];

	if (!strcmp(argv[0], "-"))
		STEP("read", read(CTR_PREOPEN_FD, buf, sizeof(buf)));
	else
		STEP("write", write(CTR_PREOPEN_FD, argv[0], strlen(argv[0])));
}

static void atk_inherited_use(int argc, char **argv)
{
	/* argv: mmap|ioctl: map or query the leaked device at CTR_PREOPEN_FD */
	uint64_t size;
	void *p;

	if (!strcmp(argv[0], "mmap")) {
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, CTR_PREOPEN_FD, 0);
		step("mmap", p == MAP_FAILED ? -1 : 0, errno, NULL);
		if (p != MAP_FAILED)
			munmap(p, 4096);
	} else {
		STEP("ioctl", ioctl(CTR_PREOPEN_FD, BLKGETSIZE64, &size));
	}
}

/*
 * The descriptor sent to CTR_SEND_FD, reported as step "receive"; -1 if
 * none came.  A refused descriptor is dropped with MSG_CTRUNC and recvmsg()
 * succeeds: the kernel reports no errno, say EPERM (file_receive's).
 */
static int recv_sent_fd(void)
{
	char data;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u = { 0 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	int fd = -1;

	if (STEP("recvmsg", recvmsg(CTR_SEND_FD, &msg, MSG_DONTWAIT)) < 0)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	if (fd < 0) {
		step("receive", -1, EPERM, "no descriptor%s",
		     msg.msg_flags & MSG_CTRUNC ? " (MSG_CTRUNC)" : "");
		return -1;
	}
	step("receive", fd, 0, NULL);
	return fd;
}

static void atk_recv_fd(int argc, char **argv)
{
	/* argv: CONTENT */
	int fd = recv_sent_fd();

	if (fd < 0)
		return;
	STEP("write", write(fd, argv[0], strlen(argv[0])));
	close(fd);
}

static void atk_sigio(int argc, char **argv)
{
	/* argv: HOSTPID */
	if (STEP("setown", fcntl(CTR_PIPE_FD, F_SETOWN, atoi(argv[0]))) < 0)
		return;
	STEP("async", fcntl(CTR_PIPE_FD, F_SETFL, O_ASYNC | O_NONBLOCK));
	STEP("trigger", write(CTR_PIPE_FD + 1, "x", 1));
	usleep(100000);
}

static void atk_ptrace_unarmed(int argc, char **argv)
{
	const char *s = getenv("CORDON_UNARMED_PID");
	pid_t pid = s ? atoi(s) : -1;

	if (STEP("attach", ptrace(PTRACE_ATTACH, pid, 0, 0)) == 0) {
		waitpid(pid, NULL, __WALL);
		ptrace(PTRACE_DETACH, pid, 0, 0);
	}
}

static void atk_surface(int argc, char **argv)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4, .value_size = 4, .max_entries = 1,
	};
	struct perf_event_attr pe = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(pe),
		.config = PERF_COUNT_SW_CPU_CLOCK, .disabled = 1,
		.exclude_kernel = 1, .exclude_hv = 1,
	};
	struct io_uring_params params = { 0 };
	int st, pfd[2];
	pid_t pid;
	long r;

	/* in a child, which the new user namespace does not outlive */
	if (pipe(pfd) == 0) {
		pid = fork();
		if (pid == 0) {
			int err = unshare(CLONE_NEWUSER) ? errno : 0;

			_exit(write(pfd[1], &err, sizeof(err)) == sizeof(err) ? 0 : 1);
		}
		close(pfd[1]);
		if (read(pfd[0], &st, sizeof(st)) == sizeof(st))
			step("userns", st ? -1 : 0, st, NULL);
		waitpid(pid, NULL, 0);
		close(pfd[0]);
	}
	r = STEP("io_uring", syscall(SYS_io_uring_setup, 4, &params));
	if (r >= 0)
		close(r);
	r = STEP("userfaultfd", syscall(SYS_userfaultfd,
					O_CLOEXEC | UFFD_USER_MODE_ONLY));
	if (r >= 0)
		close(r);
	r = STEP("bpf", syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr)));
	if (r >= 0)
		close(r);
	r = STEP("perf", syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0));
	if (r >= 0)
		close(r);
}

/* the host terminal the runtime left open at fd 105 (see tiocsti_host) */
#define TTY_FD 105

static void atk_tiocsti(int argc, char **argv)
{
	char c = 'x';

	STEP("tiocsti", ioctl(TTY_FD, TIOCSTI, &c));
}

/* a ring sent by the setup window, received armed, then used */
static void atk_uring_recv(int argc, char **argv)
{
	int fd = recv_sent_fd();

	if (fd >= 0)
		STEP("uring_enter",
		     syscall(SYS_io_uring_enter, fd, 0, 0, 0, NULL, 0));
}

static void atk_uring_inherited(int argc, char **argv)
{
	STEP("uring_alive", fcntl(CTR_URING_FD, F_GETFD));
}

static const struct attack {
	const char *name;
	int nargs;
	void (*fn)(int argc, char **argv);
} attacks[] = {
	{ "write_file", 2, atk_write_file },
	{ "cgroup_release_agent", 1, atk_cgroup_release_agent },
	{ "binfmt_misc", 0, atk_binfmt_misc },
	{ "blockdev", 1, atk_blockdev },
	{ "shocker", 2, atk_shocker },
	{ "ptrace_attach", 1, atk_ptrace_attach },
	{ "ptrace_traceme", 0, atk_ptrace_traceme },
	{ "process_vm", 2, atk_process_vm },
	{ "proc_pid", 2, atk_proc_pid },
	{ "setns_mnt", 2, atk_setns_mnt },
	{ "pidfd_getfd", 2, atk_pidfd_getfd },
	{ "kill", 1, atk_kill },
	{ "sysv_shm", 2, atk_sysv_shm },
	{ "sysv_msg", 2, atk_sysv_msg },
	{ "posix_mq", 1, atk_posix_mq },
	{ "sysv_sem", 2, atk_sysv_sem },
	{ "unix", 2, atk_unix },
	{ "keyctl", 2, atk_keyctl },
	{ "cap_deny", 0, atk_cap_deny },
	{ "mount_ops", 0, atk_mount_ops },
	{ "inside_ptrace", 0, atk_inside_ptrace },
	{ "inside_kill", 0, atk_inside_kill },
	{ "inside_sysv", 0, atk_inside_sysv },
	{ "inside_unix", 0, atk_inside_unix },
	{ "inside_mount", 0, atk_inside_mount },
	{ "devopen", 1, atk_devopen },
	{ "mknod_dev", 2, atk_mknod_dev },
	{ "kcore", 0, atk_kcore },
	{ "inherited", 1, atk_inherited },
	{ "recv_fd", 1, atk_recv_fd },
	{ "inherited_use", 1, atk_inherited_use },
	{ "sigio", 1, atk_sigio },
	{ "ptrace_unarmed", 0, atk_ptrace_unarmed },
	{ "surface", 0, atk_surface },
	{ "uring_inherited", 0, atk_uring_inherited },
	{ "uring_recv", 0, atk_uring_recv },
	{ "tiocsti", 0, atk_tiocsti },
};

/* escape_test --attack NAME FD ARGS... */
static int attack_main(int argc, char **argv)
{
	size_t i;

	g_rfd = atoi(argv[3]);
	fcntl(g_rfd, F_SETFD, FD_CLOEXEC);
	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		if (strcmp(attacks[i].name, argv[2]))
			continue;
		if (argc - 4 < attacks[i].nargs) {
			step("attack:usage", -1, EINVAL, "%s needs %d args",
			     argv[2], attacks[i].nargs);
			return 2;
		}
		attacks[i].fn(argc - 4, argv + 4);
		return 0;
	}
	step("attack:unknown", -1, EINVAL, "%s", argv[2]);
	return 2;
}

/* =====================================================================
 * Host side: the judge.
 * ===================================================================== */

static bool permissive(void)
{
	return g_mode != MODE_ENFORCE;
}

static const char *errname(int err)
{
	const char *n = err ? strerrorname_np(err) : "0";

	return n ? n : "?";
}

static void log_result(struct __test_metadata *_metadata, const char *attack,
		       const struct attack_result *res)
{
	int i;

	for (i = 0; i < res->nsteps; i++) {
		const struct step_rec *s = &res->step[i];

		if (s->ret < 0)
			TH_LOG("%s: %-20s -> failed, %s%s%s%s", attack, s->name,
			       errname(s->err), s->detail[0] ? " (" : "",
			       s->detail, s->detail[0] ? ")" : "");
		else
			TH_LOG("%s: %-20s -> ok (%d)%s%s%s", attack, s->name, s->ret,
			       s->detail[0] ? " '" : "", s->detail,
			       s->detail[0] ? "'" : "");
	}
	if (res->timed_out)
		TH_LOG("%s: timed out", attack);
}

static const struct step_rec *need_step(struct __test_metadata *_metadata,
					const struct attack_result *res,
					const char *name)
{
	const struct step_rec *s = find_step(res, name);
	int i;

	for (i = 0; !s && i < res->nsteps; i++)
		if (!strncmp(res->step[i].name, "setup:", 6) ||
		    !strncmp(res->step[i].name, "attack:", 7))
			TH_LOG("container failed at %s: %s", res->step[i].name,
			       errname(res->step[i].err));
	if (!s) {
		TH_LOG("the attack never reached step '%s'", name);
		_metadata->exit_code = KSFT_FAIL;
	}
	return s;
}

/*
 * The contract: with cordon enforcing, step fails with err; otherwise it
 * succeeds or, if off_err is not 0, fails with that natural errno (the kernel
 * got past the point where cordon would have stopped it).
 */
static bool __expect_denied(struct __test_metadata *_metadata,
			    const struct attack_result *res, const char *name,
			    int err, int off_err)
{
	const struct step_rec *s = need_step(_metadata, res, name);

	if (!s)
		return false;
	if (!permissive()) {
		if (s->ret >= 0) {
			TH_LOG("%s: SUCCEEDED although cordon enforces (want %s)",
			       name, errname(err));
			_metadata->exit_code = KSFT_FAIL;
			return false;
		}
		if (s->err != err) {
			TH_LOG("%s: denied with %s, the contract says %s",
			       name, errname(s->err), errname(err));
			_metadata->exit_code = KSFT_FAIL;
			return false;
		}
		return true;
	}
	if (s->ret < 0 && !(off_err && s->err == off_err)) {
		TH_LOG("%s: failed with %s although cordon is %s: the technique should work here",
		       name, errname(s->err), mode_name(g_mode));
		_metadata->exit_code = KSFT_FAIL;
		return false;
	}
	return true;
}

#define expect_denied(res, name, err) \
	__expect_denied(_metadata, res, name, err, 0)
#define expect_denied_or(res, name, err, off_err) \
	__expect_denied(_metadata, res, name, err, off_err)

/* Fails with err in every mode: the technique cannot work in this kind. */
static void __expect_natural(struct __test_metadata *_metadata,
			     const struct attack_result *res, const char *name,
			     int err, const char *why)
{
	const struct step_rec *s = need_step(_metadata, res, name);

	if (!s)
		return;
	TH_LOG("%s: fails even without cordon here (%s): want %s",
	       name, why, errname(err));
	if (s->ret >= 0 || s->err != err) {
		TH_LOG("%s: got %s, want the natural %s", name,
		       s->ret >= 0 ? "success" : errname(s->err), errname(err));
		_metadata->exit_code = KSFT_FAIL;
	}
}

#define expect_natural(res, name, err, why) \
	__expect_natural(_metadata, res, name, err, why)

/* Must work in every mode (same-container operations). */
static void __expect_ok(struct __test_metadata *_metadata,
			const struct attack_result *res, const char *name)
{
	const struct step_rec *s = need_step(_metadata, res, name);

	if (s && s->ret < 0) {
		TH_LOG("%s: failed with %s; it must work inside a container in every mode",
		       name, errname(s->err));
		_metadata->exit_code = KSFT_FAIL;
	}
}

#define expect_ok(res, name) __expect_ok(_metadata, res, name)

/* run an attack; the variadic arguments end with NULL */
#define RUN(opts, res, name, ...) do { \
	const char *const __args[] = { __VA_ARGS__ }; \
	int __ret = ctr_run(&self->kind, opts, name, __args, res); \
	ASSERT_EQ(0, __ret) TH_LOG("cannot start the container: %s", \
				   errname(-__ret)); \
	log_result(_metadata, name, res); \
	ASSERT_FALSE((res)->timed_out); \
} while (0)

static ssize_t read_str(const char *path, char *buf, size_t size)
{
	ssize_t n = read_file(path, buf, size);

	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return n;
}

/* ---- the fixture -------------------------------------------------------- */

FIXTURE(ctr) {
	struct ctr_kind kind;
	char core_pattern[256], modprobe[256];
	bool restore_core_pattern, restore_modprobe;
	bool cg_used, binfmt_used, binfmt_mounted;
	pid_t victim;
	char *page;		/* shared with the victim */
	int secret_fd;		/* open in the victim too */
	char secret[64];	/* host file on the host's root fs */
	int shm, msg, sem;
	int sock_stream, sock_dgram;
	int loop_nr;
	char disk[64];
	int key;
};

CTR_KIND_VARIANTS(ctr);

FIXTURE_SETUP(ctr)
{
	self->kind.userns = variant->userns;
	self->kind.hostpid = variant->hostpid;
	self->kind.hostipc = variant->hostipc;
	self->kind.hostnet = variant->hostnet;
	self->victim = 0;
	self->page = NULL;
	self->secret_fd = -1;
	self->shm = self->msg = self->sem = -1;
	self->sock_stream = self->sock_dgram = -1;
	self->loop_nr = -1;
	self->disk[0] = self->secret[0] = '\0';
	self->key = 0;
	self->cg_used = self->binfmt_used = self->binfmt_mounted = false;
	ASSERT_LE(0, read_str("/proc/sys/kernel/core_pattern", self->core_pattern,
			      sizeof(self->core_pattern)));
	ASSERT_LE(0, read_str("/proc/sys/kernel/modprobe", self->modprobe,
			      sizeof(self->modprobe)));
	self->restore_core_pattern = self->restore_modprobe = true;
}

static int mount_cg_v1_host(const char *dir)
{
	mkdir(dir, 0755);
	return mount("cgroup", dir, "cgroup", 0, "none,name=" CG_NAME);
}

FIXTURE_TEARDOWN_PARENT(ctr)
{
	char buf[256];

	if (self->restore_core_pattern &&
	    read_str("/proc/sys/kernel/core_pattern", buf, sizeof(buf)) >= 0 &&
	    strcmp(buf, self->core_pattern))
		write_str("/proc/sys/kernel/core_pattern", self->core_pattern);
	if (self->restore_modprobe &&
	    read_str("/proc/sys/kernel/modprobe", buf, sizeof(buf)) >= 0 &&
	    strcmp(buf, self->modprobe))
		write_str("/proc/sys/kernel/modprobe", self->modprobe);
	if (self->cg_used) {
		const char *dir = "/tmp/cordon-cgv1";

		if (!mount_cg_v1_host(dir)) {
			rmdir("/tmp/cordon-cgv1/" CG_CHILD);
			write_str("/tmp/cordon-cgv1/release_agent", "\n");
			umount2(dir, 0);
		}
		rmdir(dir);
	}
	if (self->binfmt_used) {
		if (access(BINFMT_DIR "/register", F_OK) == 0 ||
		    (!mount("binfmt_misc", BINFMT_DIR, "binfmt_misc", 0, NULL) &&
		     (self->binfmt_mounted = true)))
			write_str(BINFMT_DIR "/" BINFMT_ENTRY, "-1");
		if (self->binfmt_mounted)
			umount2(BINFMT_DIR, 0);
	}
	/* (the victim also dies with the test process: PDEATHSIG) */
	if (self->victim > 0)
		kill(self->victim, SIGKILL);
	if (self->secret[0])
		unlink(self->secret);
	if (self->shm >= 0)
		shmctl(self->shm, IPC_RMID, NULL);
	if (self->msg >= 0)
		msgctl(self->msg, IPC_RMID, NULL);
	if (self->sem >= 0)
		semctl(self->sem, 0, IPC_RMID);
	if (self->loop_nr >= 0) {
		int fd;

		snprintf(buf, sizeof(buf), "/dev/loop%d", self->loop_nr);
		fd = open(buf, O_RDWR | O_CLOEXEC);
		if (fd >= 0) {
			ioctl(fd, LOOP_CLR_FD, 0);
			close(fd);
		}
	}
	if (self->disk[0])
		unlink(self->disk);
	if (self->key > 0)
		syscall(SYS_keyctl, KEYCTL_INVALIDATE, self->key);
}

static int write_str_create(const char *path, const char *s)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -EIO;
}

static bool userns(const struct ctr_kind *k)
{
	return k->userns != CTR_PRIVILEGED;
}

/* ---- host victims ------------------------------------------------------- */

/* A file on the host's root filesystem, invisible from the container. */
static void make_secret(struct __test_metadata *_metadata,
			FIXTURE_DATA(ctr) *self)
{
	snprintf(self->secret, sizeof(self->secret), "/cordon-host-secret-%d", getpid());
	ASSERT_EQ(0, write_str_create(self->secret, HOST_SECRET));
}

/*
 * A host process in its own session: uid 0, or the rootless container's
 * host uid 65534 for rootless kinds (the user's own processes are the
 * realistic victims of a rootless container).
 */
static void start_victim(struct __test_metadata *_metadata,
			 FIXTURE_DATA(ctr) *self)
{
	int p[2];
	pid_t pid;
	char c;

	make_secret(_metadata, self);
	self->secret_fd = open(self->secret, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->secret_fd);
	self->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->page);
	strcpy(self->page, VICTIM_PAGE_INIT);
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	/* self is shared with the parent: only the parent side assigns */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		setsid();
		if (self->kind.userns == CTR_ROOTLESS &&
		    (setgroups(0, NULL) || setresgid(ROOTLESS_UID, ROOTLESS_UID, ROOTLESS_UID) ||
		     setresuid(ROOTLESS_UID, ROOTLESS_UID, ROOTLESS_UID)))
			_exit(1);
		prctl(PR_SET_DUMPABLE, 1);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	self->victim = pid;
	close(p[1]);
	ASSERT_EQ(1, read(p[0], &c, 1));
	close(p[0]);
}

static bool __victim_alive(struct __test_metadata *_metadata,
			   FIXTURE_DATA(ctr) *self)
{
	siginfo_t si = { 0 };

	if (waitid(P_PID, self->victim, &si, WEXITED | WNOHANG | WNOWAIT)) {
		TH_LOG("waitid(victim %d): %s", self->victim, errname(errno));
		return false;
	}
	if (si.si_pid)
		TH_LOG("victim %d is gone: code %d status %d", self->victim,
		       si.si_code, si.si_status);
	return si.si_pid == 0;
}

#define victim_alive(self) __victim_alive(_metadata, self)

static const char *no_host_pid = "the host pid is not visible in a private pid namespace";
static const char *userns_ptrace =
	"commoncap: ptracing a task of the initial user namespace needs CAP_SYS_PTRACE there";


/* ---- sysctl / procfs / sysfs writes ------------------------------------- */

static void write_file_test(struct __test_metadata *_metadata,
			    FIXTURE_DATA(ctr) *self, const char *path,
			    const char *content, bool check_content)
{
	struct attack_result res;
	char buf[256];

	RUN(NULL, &res, "write_file", path, content, NULL);
	if (self->kind.userns == CTR_ROOTLESS) {
		expect_natural(&res, "open", EACCES,
			       "host uid 0 owns the file and is not mapped in the rootless user namespace");
		return;
	}
	if (!expect_denied(&res, "open", EACCES) || !permissive())
		goto check;
	expect_ok(&res, "write");
check:
	if (!check_content)
		return;
	ASSERT_LE(0, read_str(path, buf, sizeof(buf)));
	if (permissive()) {
		EXPECT_STREQ(content, buf);
	} else {
		EXPECT_STRNE(content, buf);
	}
}

TEST_F(ctr, core_pattern)
{
	write_file_test(_metadata, self, "/proc/sys/kernel/core_pattern",
			"|" PAYLOAD " %p", true);
}

TEST_F(ctr, modprobe_path)
{
	write_file_test(_metadata, self, "/proc/sys/kernel/modprobe", PAYLOAD, true);
}

TEST_F(ctr, sysrq_trigger)
{
	char printk[64], level[2];

	/* a sysrq that changes nothing: set the console loglevel it has */
	ASSERT_LT(0, read_str("/proc/sys/kernel/printk", printk, sizeof(printk)));
	level[0] = printk[0];
	level[1] = '\0';
	write_file_test(_metadata, self, "/proc/sysrq-trigger", level, false);
}

TEST_F(ctr, uevent_helper)
{
	if (access("/sys/kernel/uevent_helper", F_OK))
		SKIP(return, "no /sys/kernel/uevent_helper (CONFIG_UEVENT_HELPER=n)");
	write_file_test(_metadata, self, "/sys/kernel/uevent_helper", PAYLOAD, true);
	write_str("/sys/kernel/uevent_helper", "\n");
}

/* ---- escape mounts ------------------------------------------------------ */

static void release_agent_effect(struct __test_metadata *_metadata,
				 const struct attack_result *res)
{
	char buf[256];
	const char *dir = "/tmp/cordon-cgv1";

	if (!permissive())
		return;
	expect_ok(res, "write");
	expect_ok(res, "notify_on_release");
	/* the host sees the agent on the (host-global) hierarchy */
	ASSERT_EQ(0, mount_cg_v1_host(dir));
	EXPECT_LE(0, read_str("/tmp/cordon-cgv1/release_agent", buf, sizeof(buf)));
	EXPECT_STREQ(PAYLOAD, buf);
	umount2(dir, 0);
}

TEST_F(ctr, cgroup_v1_release_agent)
{
	struct attack_result res;

	self->cg_used = true;
	RUN(NULL, &res, "cgroup_release_agent", "0", NULL);
	if (userns(&self->kind)) {
		expect_natural(&res, "mount", EPERM,
			       "cgroup v1 needs CAP_SYS_ADMIN over the (host) cgroup namespace");
		return;
	}
	if (expect_denied(&res, "mount", EPERM))
		release_agent_effect(_metadata, &res);
}

/* the hierarchy was mounted by the runtime, as runc does on v1 hosts */
TEST_F(ctr, cgroup_v1_release_agent_premounted)
{
	struct ctr_opts o = { .cgroup_v1_name = CG_NAME };
	struct attack_result res;

	self->cg_used = true;
	RUN(&o, &res, "cgroup_release_agent", "1", NULL);
	if (userns(&self->kind)) {
		expect_natural(&res, "setup:cgroup_v1", EPERM,
			       "a runtime cannot mount cgroup v1 in a user namespace without a cgroup namespace");
		return;
	}
	if (expect_denied(&res, "open", EACCES))
		release_agent_effect(_metadata, &res);
}

TEST_F(ctr, binfmt_misc_register)
{
	struct attack_result res;
	/* the host's instance is visible through a host /proc bind */
	bool visible = self->kind.hostpid;
	bool host_entry;

	self->binfmt_used = true;
	if (access(BINFMT_DIR "/register", F_OK)) {
		ASSERT_EQ(0, mount("binfmt_misc", BINFMT_DIR, "binfmt_misc", 0, NULL));
		self->binfmt_mounted = true;
	}
	RUN(NULL, &res, "binfmt_misc", NULL);
	host_entry = access(BINFMT_DIR "/" BINFMT_ENTRY, F_OK) == 0;
	TH_LOG("host binfmt_misc entry %s: %s", BINFMT_ENTRY,
	       host_entry ? "REGISTERED" : "absent");

	if (visible && self->kind.userns == CTR_ROOTLESS) {
		expect_natural(&res, "open", EACCES,
			       "register belongs to host uid 0, unmapped here");
		EXPECT_FALSE(host_entry);
		return;
	}
	if (!expect_denied(&res, visible ? "open" : "mount",
			   visible ? EACCES : EPERM))
		return;
	if (!permissive()) {
		EXPECT_FALSE(host_entry);
		return;
	}
	expect_ok(&res, "write");
	if (!visible && userns(&self->kind)) {
		/* since 6.7 binfmt_misc is per user namespace: harmless */
		TH_LOG("registered in the container's own binfmt_misc instance only");
		EXPECT_FALSE(host_entry);
	} else {
		EXPECT_TRUE(host_entry);
	}
}

/* a small ext4 image with one file, host-secret */
/* generated: mkfs.ext4 -b 1024 -N 16 -O ^has_journal,^resize_inode,^metadata_csum,^64bit,^dir_index -d {host-secret}, 256 KiB */
#define DISK_IMAGE_SIZE 262144
static const struct disk_run { unsigned int off; const char *hex; } disk_runs[] = {
	{ 1024,
	  "10000000000100000c000000e900000004000000010000000000000000000000"
	  "0020000000200000100000000000000098a4026b0000ffff53ef010001000000"
	  "98a4026b000000000000000001000000000000000b0000000001000008000000"
	  "420200006b0000009faa81f39da34910a75c33a82df6a8d80000000000000000" },
	{ 1248,
	  "000000000000000000000000efd3101474d34b0caded84df547dd29401000000"
	  "0c0000000000000098a4026b00000000" },
	{ 1360,
	  "0000000000000000000000002000200001000000000000000000000000000000"
	  "00000000040000001300000000000000" },
	{ 1600,
	  "00000000000000000900000000000000" },
	{ 2048,
	  "030000001300000023000000e900040002000400000000000000000000000000" },
	{ 3072,
	  "ffff05003c000000000000000000000000000000000000000000000000000080"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "020000000c0001022e000000020000000c0002022e2e00000b00000014000a02"
	  "6c6f73742b666f756e6400000c000000d4030b01686f73742d73656372657400" },
	{ 5120,
	  "0b0000000c0001022e00000002000000f40302022e2e00000000000000000000" },
	{ 6144,
	  "00000000000400000000000000000000" },
	{ 7168,
	  "00000000000400000000000000000000" },
	{ 8192,
	  "00000000000400000000000000000000" },
	{ 9216,
	  "00000000000400000000000000000000" },
	{ 10240,
	  "00000000000400000000000000000000" },
	{ 11264,
	  "00000000000400000000000000000000" },
	{ 12288,
	  "00000000000400000000000000000000" },
	{ 13312,
	  "00000000000400000000000000000000" },
	{ 14336,
	  "00000000000400000000000000000000" },
	{ 15360,
	  "00000000000400000000000000000000" },
	{ 16384,
	  "00000000000400000000000000000000" },
	{ 17408,
	  "636f72646f6e2d686f73742d6469736b2d7365637265740a0000000000000000" },
	{ 19456,
	  "ff0fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" },
	{ 35840,
	  "000000000000000098a4026b98a4026b98a4026b000000000000000000000000" },
	{ 36096,
	  "ed4100000004000098a4026b98a4026b98a4026b000000000000030002000000"
	  "00000800000000000af301000400000000000000000000000100000004000000" },
	{ 36224,
	  "2000000000000000000000000000000098a4026b000000000000000000000000" },
	{ 38400,
	  "c04100000030000098a4026b98a4026b98a4026b000000000000020018000000"
	  "00000800000000000af301000400000000000000000000000c00000005000000" },
	{ 38528,
	  "2000000000000000000000000000000098a4026b000000000000000000000000" },
	{ 38656,
	  "a48100001800000098a4026b98a4026b98a4026b000000000000010002000000"
	  "00000800000000000af301000400000000000000000000000100000011000000" },
	{ 38784,
	  "2000000000000000000000000000000098a4026b000000000000000000000000" },
};

static int write_disk_image(const char *path)
{
	static unsigned char img[DISK_IMAGE_SIZE];
	size_t i;
	int fd;

	memset(img, 0, sizeof(img));
	for (i = 0; i < sizeof(disk_runs) / sizeof(disk_runs[0]); i++)
		unhex(disk_runs[i].hex, img + disk_runs[i].off,
		      DISK_IMAGE_SIZE - disk_runs[i].off);
	fd = open(path, O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (write(fd, img, sizeof(img)) != (ssize_t)sizeof(img)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* a host disk image on a loop device: its path in @dev */
static void setup_host_disk(struct __test_metadata *_metadata,
			    FIXTURE_DATA(ctr) *self, char *dev, size_t size)
{
	int ctl, img, nr, loop;

	snprintf(self->disk, sizeof(self->disk), "/tmp/cordon-disk-%d.img", getpid());
	img = write_disk_image(self->disk);
	ASSERT_LE(0, img);
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, ctl);
	nr = ioctl(ctl, LOOP_CTL_GET_FREE);
	close(ctl);
	ASSERT_LE(0, nr);
	snprintf(dev, size, "/dev/loop%d", nr);
	loop = open(dev, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, loop);
	ASSERT_EQ(0, ioctl(loop, LOOP_SET_FD, img));
	self->loop_nr = nr;
	close(loop);
	close(img);
	TH_LOG("host disk %s on %s", self->disk, dev);
}

TEST_F(ctr, host_block_device_mount)
{
	struct attack_result res;
	char dev[32];

	setup_host_disk(_metadata, self, dev, sizeof(dev));
	RUN(NULL, &res, "blockdev", dev, NULL);
	if (userns(&self->kind)) {
		expect_natural(&res, "mount", EPERM,
			       "ext4 cannot be mounted from a user namespace");
		return;
	}
	if (expect_denied(&res, "mount", EPERM) && permissive()) {
		const struct step_rec *s = need_step(_metadata, &res, "read");

		ASSERT_NE(NULL, s);
		EXPECT_STREQ("cordon-host-disk-secret", s->detail);
	}
}

/* ---- capabilities ---------------------------------------------------------- */

/* open_by_handle_at ("shocker"): needs CAP_DAC_READ_SEARCH */
TEST_F(ctr, shocker_open_by_handle_at)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + MAX_HANDLE_SZ];
	} h;
	struct attack_result res;
	char hex[2 * MAX_HANDLE_SZ + 1], type[16];
	unsigned int i;
	int mnt;

	make_secret(_metadata, self);
	h.fh.handle_bytes = MAX_HANDLE_SZ;
	ASSERT_EQ(0, name_to_handle_at(AT_FDCWD, self->secret, &h.fh, &mnt, 0));
	for (i = 0; i < h.fh.handle_bytes; i++)
		sprintf(hex + 2 * i, "%02x", h.fh.f_handle[i]);
	snprintf(type, sizeof(type), "%d", h.fh.handle_type);

	RUN(NULL, &res, "shocker", type, hex, NULL);
	if (userns(&self->kind)) {
		expect_natural(&res, "open_by_handle_at", EPERM,
			       "no CAP_DAC_READ_SEARCH over the host filesystem");
		return;
	}
	if (expect_denied(&res, "open_by_handle_at", EPERM) && permissive()) {
		const struct step_rec *s = need_step(_metadata, &res, "read");

		ASSERT_NE(NULL, s);
		EXPECT_STREQ(HOST_SECRET, s->detail);
	}
}

/* capabilities of the deny set, exercised with harmless calls */
TEST_F(ctr, capability_deny_set)
{
	struct attack_result res;
	bool rootless = self->kind.userns == CTR_ROOTLESS;
	const char *why = "the capability is checked in the initial user namespace";

	RUN(NULL, &res, "cap_deny", NULL);
	if (!userns(&self->kind)) {
		expect_denied(&res, "sys_rawio", EPERM);
		expect_denied(&res, "sys_time", EPERM);
		expect_denied(&res, "syslog", EPERM);
		expect_denied(&res, "bpf", EPERM);
		/* past the capability check the loader rejects the junk */
		expect_denied_or(&res, "sys_module", EPERM, ENOEXEC);
		/* in a child pid namespace reboot(CAD_ON) is EINVAL after the check */
		if (self->kind.hostpid)
			expect_denied(&res, "sys_boot", EPERM);
		else
			expect_denied_or(&res, "sys_boot", EPERM, EINVAL);
		/* swapoff checks capable(CAP_SYS_ADMIN) before the path */
		expect_denied_or(&res, "sys_admin", EPERM, ENOENT);
		/* perf_event_open is closed before any capability check */
		expect_denied(&res, "perfmon", EPERM);
		return;
	}
	expect_natural(&res, "sys_rawio", rootless ? EACCES : EPERM,
		       rootless ? "/dev/mem belongs to an unmapped uid" : why);
	expect_natural(&res, "sys_time", EPERM, why);
	expect_natural(&res, "syslog", EPERM, why);
	expect_natural(&res, "bpf", EPERM, "unprivileged bpf is disabled");
	expect_natural(&res, "sys_module", EPERM, why);
	if (self->kind.hostpid)
		expect_natural(&res, "sys_boot", EPERM, "CAP_SYS_BOOT over the host pid namespace");
	else	/* own pid namespace: the check passes, then EINVAL */
		expect_denied_or(&res, "sys_boot", EPERM, EINVAL);
	expect_natural(&res, "sys_admin", EPERM, why);
	/* without cordon: perf's missing-capability errno */
	expect_denied_or(&res, "perfmon", EPERM, EACCES);
}

/* mount operations other than tmpfs/mqueue and read-only remounts */
TEST_F(ctr, mount_operations)
{
	struct ctr_opts o = { .mount_scratch = true };
	struct attack_result res;

	RUN(&o, &res, "mount_ops", NULL);
	expect_denied(&res, "bind", EPERM);
	expect_denied(&res, "move", EPERM);
	expect_denied(&res, "remount_rw", EPERM);
	expect_denied(&res, "umount", EPERM);
	expect_denied(&res, "remount_rw_data", EPERM);
	expect_denied(&res, "fspick_rw", EPERM);
	expect_denied(&res, "mount_ramfs", EPERM);
	expect_denied(&res, "fsconfig_create", EPERM);
	/* open_tree(OPEN_TREE_CLONE) of a host directory / a host tmpfs */
	expect_denied(&res, "move_mount", EPERM);
	expect_denied(&res, "move_mount_shm", EPERM);
	expect_denied(&res, "pivot_root", EPERM);
}

/* ---- ptrace and friends ------------------------------------------------ */

TEST_F(ctr, ptrace_attach_host)
{
	struct attack_result res;
	char pid[16];

	start_victim(_metadata, self);
	snprintf(pid, sizeof(pid), "%d", self->victim);
	RUN(NULL, &res, "ptrace_attach", pid, NULL);
	if (!self->kind.hostpid) {
		expect_natural(&res, "attach", ESRCH, no_host_pid);
		expect_natural(&res, "seize", ESRCH, no_host_pid);
	} else if (userns(&self->kind)) {
		expect_natural(&res, "attach", EPERM, userns_ptrace);
		expect_natural(&res, "seize", EPERM, userns_ptrace);
	} else {
		expect_denied(&res, "attach", EPERM);
		expect_denied(&res, "seize", EPERM);
	}
	EXPECT_TRUE(victim_alive(self));
}

/* the container's first process asks its (host) parent to trace it */
TEST_F(ctr, ptrace_traceme_host_parent)
{
	struct attack_result res;

	RUN(NULL, &res, "ptrace_traceme", NULL);
	expect_denied(&res, "traceme", EPERM);
}

TEST_F(ctr, process_vm_host)
{
	struct attack_result res;
	char pid[16], addr[32];

	start_victim(_metadata, self);
	snprintf(pid, sizeof(pid), "%d", self->victim);
	snprintf(addr, sizeof(addr), "%lx", (unsigned long)self->page);
	RUN(NULL, &res, "process_vm", pid, addr, NULL);
	if (!self->kind.hostpid) {
		expect_natural(&res, "readv", ESRCH, no_host_pid);
		expect_natural(&res, "writev", ESRCH, no_host_pid);
	} else if (userns(&self->kind)) {
		expect_natural(&res, "readv", EPERM, userns_ptrace);
		expect_natural(&res, "writev", EPERM, userns_ptrace);
	} else {
		expect_denied(&res, "readv", EPERM);
		expect_denied(&res, "writev", EPERM);
		if (permissive())
			EXPECT_STREQ(VICTIM_PAGE_PWNED, self->page);
	}
	if (!permissive() || self->kind.userns || !self->kind.hostpid)
		EXPECT_STREQ(VICTIM_PAGE_INIT, self->page);
}

TEST_F(ctr, proc_pid_host)
{
	struct attack_result res;
	char pid[16];

	start_victim(_metadata, self);
	snprintf(pid, sizeof(pid), "%d", self->victim);
	RUN(NULL, &res, "proc_pid", pid, self->secret, NULL);
	if (!self->kind.hostpid) {
		expect_natural(&res, "mem", ENOENT, no_host_pid);
		expect_natural(&res, "environ", ENOENT, no_host_pid);
		expect_natural(&res, "root", ENOENT, no_host_pid);
		expect_natural(&res, "root_open", ENOENT, no_host_pid);
	} else if (userns(&self->kind)) {
		expect_natural(&res, "mem", EACCES, userns_ptrace);
		expect_natural(&res, "environ", EACCES, userns_ptrace);
		expect_natural(&res, "root", EACCES, userns_ptrace);
		expect_natural(&res, "root_open", EACCES, userns_ptrace);
	} else {
		expect_denied(&res, "mem", EACCES);
		expect_denied(&res, "environ", EACCES);
		expect_denied(&res, "root", EACCES);
		expect_denied(&res, "root_open", EACCES);
	}
}

TEST_F(ctr, setns_host_mnt)
{
	struct attack_result res;
	char pid[16];

	start_victim(_metadata, self);
	snprintf(pid, sizeof(pid), "%d", self->victim);
	RUN(NULL, &res, "setns_mnt", pid, self->secret, NULL);
	if (!self->kind.hostpid) {
		expect_natural(&res, "open", ENOENT, no_host_pid);
	} else if (userns(&self->kind)) {
		expect_natural(&res, "open", EACCES, userns_ptrace);
	} else if (expect_denied(&res, "open", EACCES) && permissive()) {
		const struct step_rec *s = need_step(_metadata, &res, "host_file");

		expect_ok(&res, "setns");
		ASSERT_NE(NULL, s);
		EXPECT_STREQ(HOST_SECRET, s->detail);
	}
}

TEST_F(ctr, pidfd_getfd_host)
{
	struct attack_result res;
	char pid[16], fd[16];

	start_victim(_metadata, self);
	snprintf(pid, sizeof(pid), "%d", self->victim);
	snprintf(fd, sizeof(fd), "%d", self->secret_fd);
	RUN(NULL, &res, "pidfd_getfd", pid, fd, NULL);
	if (!self->kind.hostpid) {
		expect_natural(&res, "pidfd_open", ESRCH, no_host_pid);
	} else if (userns(&self->kind)) {
		expect_natural(&res, "getfd", EPERM, userns_ptrace);
	} else if (expect_denied(&res, "getfd", EPERM) && permissive()) {
		const struct step_rec *s = need_step(_metadata, &res, "read");

		ASSERT_NE(NULL, s);
		EXPECT_STREQ(HOST_SECRET, s->detail);
	}
}

/* ---- signals -------------------------------------------------------------- */

TEST_F(ctr, kill_host)
{
	static const char *const steps[] = {
		"kill0", "tgkill0", "sigqueue0", "pidfd_send_signal0", "kill",
	};
	struct attack_result res;
	char pid[16];
	size_t i;
	int st;

	start_victim(_metadata, self);
	snprintf(pid, sizeof(pid), "%d", self->victim);
	RUN(NULL, &res, "kill", pid, NULL);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (!self->kind.hostpid)
			expect_natural(&res, steps[i], ESRCH, no_host_pid);
		else
			expect_denied(&res, steps[i], EPERM);
	}
	if (self->kind.hostpid && permissive()) {
		ASSERT_EQ(self->victim, waitpid(self->victim, &st, 0));
		self->victim = 0;
		EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	} else {
		EXPECT_TRUE(victim_alive(self));
	}
}

/* ---- SysV IPC (host ipc namespace shared in hostipc kinds) ----------------- */

static key_t host_ipc_key(int which)
{
	return 0x0c0d0000 | ((getpid() & 0xfff) << 4) | which;
}

TEST_F(ctr, posix_mqueue_host)
{
	struct attack_result res;
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	const char *name = "/cordon-esc-mq";
	mode_t old = umask(0);
	mqd_t q;

	mq_unlink(name);
	q = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0666, &attr);
	umask(old);
	ASSERT_NE((mqd_t)-1, q);
	RUN(NULL, &res, "posix_mq", name, NULL);
	if (!self->kind.hostipc) {
		expect_natural(&res, "mq_open", ENOENT, "private ipc namespace");
	} else if (expect_denied(&res, "mq_open", EACCES) && permissive()) {
		char buf[64];

		expect_ok(&res, "mq_send");
		EXPECT_LT(0, mq_receive(q, buf, sizeof(buf), NULL));
	}
	if (!permissive() || !self->kind.hostipc) {
		char buf[64];

		/* nothing arrived from the container */
		EXPECT_EQ(-1, mq_receive(q, buf, sizeof(buf), NULL));
		EXPECT_EQ(EAGAIN, errno);
	}
	mq_close(q);
	mq_unlink(name);
}

TEST_F(ctr, sysv_shm_host)
{
	struct attack_result res;
	char key[32], id[16];
	char *p;

	self->shm = shmget(host_ipc_key(1), 4096, IPC_CREAT | IPC_EXCL | 0666);
	ASSERT_LE(0, self->shm);
	p = shmat(self->shm, NULL, 0);
	ASSERT_NE((void *)-1, p);
	strcpy(p, VICTIM_PAGE_INIT);
	snprintf(key, sizeof(key), "%#x", host_ipc_key(1));
	snprintf(id, sizeof(id), "%d", self->shm);
	RUN(NULL, &res, "sysv_shm", key, id, NULL);
	if (!self->kind.hostipc) {
		expect_natural(&res, "shmget", ENOENT, "private ipc namespace");
		expect_natural(&res, "shmat", EINVAL, "private ipc namespace");
	} else {
		expect_denied(&res, "shmget", EACCES);
		expect_denied(&res, "shmat", EACCES);
	}
	if (self->kind.hostipc && permissive()) {
		EXPECT_STREQ(VICTIM_PAGE_PWNED, p);
	} else {
		EXPECT_STREQ(VICTIM_PAGE_INIT, p);
	}
	shmdt(p);
}

TEST_F(ctr, sysv_msg_host)
{
	struct attack_result res;
	struct { long type; char text[32]; } m;
	char key[32], id[16];
	ssize_t n;

	self->msg = msgget(host_ipc_key(2), IPC_CREAT | IPC_EXCL | 0666);
	ASSERT_LE(0, self->msg);
	snprintf(key, sizeof(key), "%#x", host_ipc_key(2));
	snprintf(id, sizeof(id), "%d", self->msg);
	RUN(NULL, &res, "sysv_msg", key, id, NULL);
	if (!self->kind.hostipc) {
		expect_natural(&res, "msgget", ENOENT, "private ipc namespace");
		expect_natural(&res, "msgsnd", EINVAL, "private ipc namespace");
	} else {
		expect_denied(&res, "msgget", EACCES);
		expect_denied(&res, "msgsnd", EACCES);
	}
	n = msgrcv(self->msg, &m, sizeof(m.text), 0, IPC_NOWAIT);
	if (self->kind.hostipc && permissive()) {
		EXPECT_LT(0, n);
	} else {
		EXPECT_EQ(-1, n);
	}
}

TEST_F(ctr, sysv_sem_host)
{
	struct attack_result res;
	char key[32], id[16];

	self->sem = semget(host_ipc_key(3), 1, IPC_CREAT | IPC_EXCL | 0666);
	ASSERT_LE(0, self->sem);
	snprintf(key, sizeof(key), "%#x", host_ipc_key(3));
	snprintf(id, sizeof(id), "%d", self->sem);
	RUN(NULL, &res, "sysv_sem", key, id, NULL);
	if (!self->kind.hostipc) {
		expect_natural(&res, "semget", ENOENT, "private ipc namespace");
		expect_natural(&res, "semop", EINVAL, "private ipc namespace");
	} else {
		expect_denied(&res, "semget", EACCES);
		expect_denied(&res, "semop", EACCES);
	}
	EXPECT_EQ(self->kind.hostipc && permissive() ? 1 : 0,
		  semctl(self->sem, 0, GETVAL));
}

/* ---- abstract unix sockets (host net namespace shared in hostnet kinds) -- */

TEST_F(ctr, abstract_unix_host)
{
	struct attack_result res;
	struct sockaddr_un sun;
	char sname[64], dname[64], buf[64];
	socklen_t len;

	snprintf(sname, sizeof(sname), "cordon-host-stream-%d", getpid());
	snprintf(dname, sizeof(dname), "cordon-host-dgram-%d", getpid());
	self->sock_stream = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	len = abstract_addr(&sun, sname);
	ASSERT_EQ(0, bind(self->sock_stream, (struct sockaddr *)&sun, len));
	ASSERT_EQ(0, listen(self->sock_stream, 4));
	self->sock_dgram = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	len = abstract_addr(&sun, dname);
	ASSERT_EQ(0, bind(self->sock_dgram, (struct sockaddr *)&sun, len));

	RUN(NULL, &res, "unix", sname, dname, NULL);
	if (!self->kind.hostnet) {
		expect_natural(&res, "connect", ECONNREFUSED,
			       "abstract names are per network namespace");
		expect_natural(&res, "sendto", ECONNREFUSED,
			       "abstract names are per network namespace");
	} else {
		expect_denied(&res, "connect", EPERM);
		expect_denied(&res, "sendto", EPERM);
	}
	EXPECT_EQ(self->kind.hostnet && permissive() ? (ssize_t)sizeof(VICTIM_PAGE_PWNED) : -1,
		  recv(self->sock_dgram, buf, sizeof(buf), MSG_DONTWAIT));
	close(self->sock_stream);
	close(self->sock_dgram);
}

/* ---- keys ------------------------------------------------------------------ */

TEST_F(ctr, keyctl_host_key)
{
	struct attack_result res;
	char key[24], ring[24];
	long ringid;

	if (g_mode != MODE_OFF && !cordon_area_enforced("key"))
		SKIP(return, "cordon does not restrict keys on this kernel (no CONFIG_KEYS)");
	/* a host session keyring and a key in it, readable by anyone */
	ringid = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, "cordon-host");
	ASSERT_LT(0, ringid);
	ASSERT_EQ(0, syscall(SYS_keyctl, KEYCTL_SETPERM, ringid,
			     KEY_POS_ALL | KEY_USR_ALL | KEY_OTH_VIEW |
			     KEY_OTH_READ | KEY_OTH_SEARCH));
	self->key = syscall(SYS_add_key, "user", KEY_DESC, KEY_SECRET,
			    strlen(KEY_SECRET), KEY_SPEC_SESSION_KEYRING);
	ASSERT_LT(0, self->key);
	ASSERT_EQ(0, syscall(SYS_keyctl, KEYCTL_SETPERM, self->key,
			     KEY_POS_ALL | KEY_USR_ALL | KEY_OTH_VIEW |
			     KEY_OTH_READ | KEY_OTH_SEARCH | KEY_OTH_LINK));
	snprintf(key, sizeof(key), "%d", self->key);
	snprintf(ring, sizeof(ring), "%ld", ringid);

	RUN(NULL, &res, "keyctl", key, ring, NULL);
	if (expect_denied(&res, "read", EACCES) && permissive()) {
		const struct step_rec *s = need_step(_metadata, &res, "read");

		ASSERT_NE(NULL, s);
		EXPECT_STREQ(KEY_SECRET, s->detail);
	}
	expect_denied(&res, "search", EACCES);
	expect_denied(&res, "link", EACCES);
}

/* ---- same-container operations must keep working ---------------------------- */

TEST_F(ctr, inside_ptrace_sibling)
{
	struct attack_result res;

	RUN(NULL, &res, "inside_ptrace", NULL);
	expect_ok(&res, "attach");
	expect_ok(&res, "peekdata");
	expect_ok(&res, "detach");
	expect_ok(&res, "vm_readv");
	expect_ok(&res, "vm_writev");
}

TEST_F(ctr, inside_kill_sibling)
{
	struct attack_result res;

	RUN(NULL, &res, "inside_kill", NULL);
	expect_ok(&res, "kill0");
	expect_ok(&res, "tgkill0");
	expect_ok(&res, "sigqueue0");
	expect_ok(&res, "pidfd_send_signal0");
	expect_ok(&res, "kill");
	expect_ok(&res, "killed");
}

TEST_F(ctr, inside_sysv)
{
	struct attack_result res;

	RUN(NULL, &res, "inside_sysv", NULL);
	expect_ok(&res, "shmget");
	expect_ok(&res, "shmat");
	expect_ok(&res, "sibling_shmat");
	expect_ok(&res, "msgget");
	expect_ok(&res, "msgsnd");
	expect_ok(&res, "msgrcv");
	expect_ok(&res, "semget");
	expect_ok(&res, "semop");
}

TEST_F(ctr, inside_abstract_unix)
{
	struct attack_result res;

	RUN(NULL, &res, "inside_unix", NULL);
	expect_ok(&res, "bind");
	expect_ok(&res, "sibling_connect");
	expect_ok(&res, "accept");
	expect_ok(&res, "sendto");
	expect_ok(&res, "recv");
}

TEST_F(ctr, inside_mount_tmpfs)
{
	struct attack_result res;

	RUN(NULL, &res, "inside_mount", NULL);
	if (!userns(&self->kind)) {
		/*
		 * Without a user namespace the mount namespace belongs to the
		 * initial user namespace, and CAP_SYS_ADMIN there is denied
		 * once armed: such a container cannot mount at all.
		 */
		if (expect_denied(&res, "tmpfs", EPERM) && permissive()) {
			expect_ok(&res, "write");
			expect_ok(&res, "remount_ro");
			expect_ok(&res, "umount_own");
		}
		expect_denied(&res, "mqueue", EPERM);
		return;
	}
	expect_ok(&res, "tmpfs");
	expect_ok(&res, "write");
	expect_ok(&res, "remount_ro");
	expect_denied(&res, "remount_rw_data", EPERM);
	expect_denied(&res, "fspick_rw", EPERM);
	expect_ok(&res, "umount_own");
	if (userns(&self->kind) && self->kind.hostipc)
		expect_natural(&res, "mqueue", EPERM,
			       "mqueue needs CAP_SYS_ADMIN over the (host) ipc namespace");
	else
		expect_ok(&res, "mqueue");
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "--attack"))
		return attack_main(argc, argv);
	g_mode = cordon_mode();
	ksft_print_msg("cordon mode: %s%s\n", mode_name(g_mode),
		       access(CORDON_SECFS "/status", F_OK) ? " (cordon absent)" : "");
	return test_harness_run(argc, argv);
}

/* =====================================================================
 * Host assets on every path: devices, sysctls and sysfs, descriptors
 * opened before arming or passed in, SIGIO, unarmed tasks, the kernel's
 * attack surface.
 * ===================================================================== */

static const char *rootless_dac =
	"host uid 0 owns the file and is not mapped in the rootless user namespace";
static const char *mknod_cap =
	"mknod of a device needs CAP_MKNOD in the initial user namespace";

TEST_F(ctr, device_open_host_disk)
{
	struct attack_result res;
	char dev[32];

	setup_host_disk(_metadata, self, dev, sizeof(dev));
	RUN(NULL, &res, "devopen", dev, NULL);
	if (self->kind.userns == CTR_ROOTLESS) {
		expect_natural(&res, "open_read", EACCES, rootless_dac);
		expect_natural(&res, "open_write", EACCES, rootless_dac);
		return;
	}
	expect_denied(&res, "open_read", EPERM);
	expect_denied(&res, "open_write", EPERM);
}

TEST_F(ctr, device_mknod)
{
	struct attack_result res;

	RUN(NULL, &res, "mknod_dev", "7", "0", NULL);
	if (userns(&self->kind)) {
		expect_natural(&res, "mknod_block", EPERM, mknod_cap);
		expect_natural(&res, "mknod_mem", EPERM, mknod_cap);
		expect_natural(&res, "mknod_null", EPERM, mknod_cap);
	} else {
		expect_denied(&res, "mknod_block", EPERM);
		expect_denied(&res, "mknod_mem", EPERM);
		expect_ok(&res, "mknod_null");
	}
	expect_ok(&res, "mknod_whiteout");
}

TEST_F(ctr, device_kcore)
{
	struct attack_result res;

	RUN(NULL, &res, "kcore", NULL);
	if (self->kind.userns == CTR_ROOTLESS)
		expect_natural(&res, "open", EACCES, rootless_dac);
	else if (userns(&self->kind))
		expect_natural(&res, "open", EPERM,
			       "/proc/kcore needs CAP_SYS_RAWIO in the initial user namespace");
	else
		expect_denied(&res, "open", EPERM);
}

/* write a file's current content back: proves the write, changes nothing */
static void write_same_test(struct __test_metadata *_metadata,
			    FIXTURE_DATA(ctr) *self, const char *path)
{
	char cur[256];

	ASSERT_LT(0, read_str(path, cur, sizeof(cur)));
	write_file_test(_metadata, self, path, cur, false);
}

TEST_F(ctr, sysctl_not_namespaced)
{
	write_same_test(_metadata, self, "/proc/sys/kernel/panic");
}

TEST_F(ctr, sysctl_fs_security)
{
	write_same_test(_metadata, self, "/proc/sys/fs/protected_symlinks");
}

TEST_F(ctr, sysfs_module_parameter)
{
	write_same_test(_metadata, self, "/sys/module/printk/parameters/time");
}

/* sysctls of the container's own namespaces stay writable */
TEST_F(ctr, sysctl_namespaced)
{
	struct attack_result res;

	RUN(NULL, &res, "write_file", "/proc/sys/kernel/hostname", "cordon-ctr", NULL);
	if (self->kind.userns == CTR_ROOTLESS)
		expect_natural(&res, "open", EACCES, rootless_dac);
	else
		expect_ok(&res, "write");

	RUN(NULL, &res, "write_file", "/proc/sys/net/ipv4/ip_forward", "0", NULL);
	if (!self->kind.hostnet) {
		/* its own network namespace: net.* is its own */
		expect_ok(&res, "write");
	} else if (self->kind.userns == CTR_ROOTLESS) {
		expect_natural(&res, "open", EACCES, rootless_dac);
	} else {
		/* the host's network namespace: net.* is the host's */
		expect_denied(&res, "open", EACCES);
	}
}

TEST_F(ctr, fd_opened_before_arming)
{
	struct ctr_opts o = {
		.preopen = "/proc/sys/kernel/panic", .preopen_flags = O_WRONLY,
	};
	struct attack_result res;
	char cur[64];

	ASSERT_LT(0, read_str("/proc/sys/kernel/panic", cur, sizeof(cur)));
	RUN(&o, &res, "inherited", cur, NULL);
	if (self->kind.userns == CTR_ROOTLESS) {
		expect_natural(&res, "preopen", EACCES, rootless_dac);
		return;
	}
	expect_denied(&res, "write", EACCES);
}

TEST_F(ctr, fd_kcore_opened_before_arming)
{
	struct ctr_opts o = { .preopen = "/proc/kcore", .preopen_flags = O_RDONLY };
	struct attack_result res;

	RUN(&o, &res, "inherited", "-", NULL);
	if (userns(&self->kind)) {
		expect_natural(&res, "preopen",
			       self->kind.userns == CTR_ROOTLESS ? EACCES : EPERM,
			       "/proc/kcore needs CAP_SYS_RAWIO in the initial user namespace");
		return;
	}
	expect_denied(&res, "read", EPERM);
}

TEST_F(ctr, fd_received_scm_rights)
{
	struct ctr_opts o = {
		.preopen_send = "/proc/sys/kernel/panic",
		.preopen_send_flags = O_WRONLY,
	};
	struct attack_result res;
	char cur[64];

	ASSERT_LT(0, read_str("/proc/sys/kernel/panic", cur, sizeof(cur)));
	RUN(&o, &res, "recv_fd", cur, NULL);
	if (self->kind.userns == CTR_ROOTLESS) {
		expect_natural(&res, "send", EACCES, rootless_dac);
		return;
	}
	if (expect_denied(&res, "receive", EPERM) && permissive())
		expect_ok(&res, "write");
}

/* F_SETOWN on a pipe the setup window made: SIGIO to a host task */
TEST_F(ctr, sigio_host)
{
	struct ctr_opts o = { .pipe = true };
	struct attack_result res;
	char pid[16];
	int st;

	start_victim(_metadata, self);
	snprintf(pid, sizeof(pid), "%d", self->victim);
	RUN(&o, &res, "sigio", pid, NULL);
	if (!self->kind.hostpid) {
		expect_natural(&res, "setown", ESRCH, no_host_pid);
		EXPECT_TRUE(victim_alive(self));
		return;
	}
	expect_ok(&res, "trigger");
	if (permissive()) {
		/* SIGIO's default action ends the victim */
		ASSERT_EQ(self->victim, waitpid(self->victim, &st, 0));
		self->victim = 0;
		EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGIO);
	} else {
		EXPECT_TRUE(victim_alive(self));
	}
}

/* a task of the container that has not executed yet (runc exec, nsenter) */
TEST_F(ctr, ptrace_unarmed_same_container)
{
	struct ctr_opts o = { .unarmed_child = true };
	struct attack_result res;

	RUN(&o, &res, "ptrace_unarmed", NULL);
	expect_denied(&res, "attach", EPERM);
}

TEST_F(ctr, kernel_surface)
{
	struct attack_result res;

	RUN(NULL, &res, "surface", NULL);
	expect_denied(&res, "userns", EPERM);
	expect_denied(&res, "io_uring", EPERM);
	expect_denied(&res, "userfaultfd", EPERM);
	if (userns(&self->kind)) {
		expect_natural(&res, "bpf", EPERM,
			       "bpf needs CAP_BPF in the initial user namespace");
		/* without cordon: perf's missing-capability errno */
		expect_denied_or(&res, "perf", EPERM, EACCES);
	} else {
		expect_denied(&res, "bpf", EPERM);
		expect_denied(&res, "perf", EPERM);
	}
}

/* a ring made in the setup window and left open across the arming exec */
TEST_F(ctr, io_uring_inherited)
{
	struct ctr_opts o = { .uring = true };
	const struct step_rec *s;
	struct attack_result res;

	RUN(&o, &res, "uring_inherited", NULL);
	if (permissive()) {
		expect_ok(&res, "uring_alive");
		return;
	}
	s = find_step(&res, "setup:execve");
	ASSERT_NE(NULL, s) TH_LOG("the exec that arms must be refused");
	EXPECT_EQ(EPERM, s->err);
	EXPECT_EQ(NULL, find_step(&res, "uring_alive"));
}

/*
 * A ring the setup window made, passed in over a socket: its SQPOLL thread
 * and registered personalities would act with the unarmed maker's
 * credentials.  The kernel itself refuses io_uring descriptors in
 * SCM_RIGHTS; pidfd_getfd() from the unarmed maker is refused by the
 * ptrace rules (ptrace_unarmed_same_container), and cordon's file_receive
 * refuses a ring however it comes.
 */
TEST_F(ctr, io_uring_received)
{
	struct ctr_opts o = { .uring_send = true };
	struct attack_result res;

	RUN(&o, &res, "uring_recv", NULL);
	expect_natural(&res, "uring_send", EINVAL,
		       "the kernel refuses io_uring descriptors in SCM_RIGHTS");
	EXPECT_EQ(NULL, find_step(&res, "uring_enter"));
}

/*
 * A host terminal reaches the container (a runtime that leaks the one it
 * runs from): TIOCSTI would type commands into the host's shell.  It is
 * not the container's controlling terminal, so the kernel wants
 * CAP_SYS_ADMIN in the initial user namespace, which an armed container
 * is denied.
 */
TEST_F(ctr, tiocsti_host_terminal)
{
	struct attack_result res;
	int master, slave;
	char c = 0;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, master);
	ASSERT_EQ(0, grantpt(master));
	ASSERT_EQ(0, unlockpt(master));
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	ASSERT_LE(0, slave);
	/* inherited through the container's clone and exec */
	ASSERT_EQ(TTY_FD, dup2(slave, TTY_FD));
	close(slave);
	RUN(NULL, &res, "tiocsti", NULL);
	close(TTY_FD);
	if (userns(&self->kind)) {
		expect_natural(&res, "tiocsti", EPERM,
			       "TIOCSTI into a terminal other than the controlling one needs CAP_SYS_ADMIN in the initial user namespace");
	} else if (expect_denied(&res, "tiocsti", EPERM) && permissive()) {
		/* the byte was typed into the host terminal (and echoed) */
		struct pollfd p = { .fd = master, .events = POLLIN };

		EXPECT_EQ(1, poll(&p, 1, 2000));
		EXPECT_EQ(1, read(master, &c, 1));
		EXPECT_EQ('x', c);
	}
	close(master);
}

/* a device the setup window left open: mapped, not read */
TEST_F(ctr, fd_devmem_mmap_opened_before_arming)
{
	struct ctr_opts o = { .preopen = "/dev/mem", .preopen_flags = O_RDONLY };
	struct attack_result res;

	RUN(&o, &res, "inherited_use", "mmap", NULL);
	if (userns(&self->kind)) {
		expect_natural(&res, "preopen",
			       self->kind.userns == CTR_ROOTLESS ? EACCES : EPERM,
			       "/dev/mem needs CAP_SYS_RAWIO in the initial user namespace");
		return;
	}
	expect_denied(&res, "mmap", EPERM);
}

/* a host disk the setup window left open: ioctls, no read or write */
TEST_F(ctr, fd_blockdev_ioctl_opened_before_arming)
{
	struct ctr_opts o = { .preopen_flags = O_RDONLY };
	struct attack_result res;
	char dev[32];

	setup_host_disk(_metadata, self, dev, sizeof(dev));
	o.preopen = dev;
	RUN(&o, &res, "inherited_use", "ioctl", NULL);
	if (self->kind.userns == CTR_ROOTLESS) {
		expect_natural(&res, "preopen", EACCES, rootless_dac);
		return;
	}
	expect_denied(&res, "ioctl", EPERM);
}
