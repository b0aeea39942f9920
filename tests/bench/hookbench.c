// SPDX-License-Identifier: GPL-2.0-only
/*
 * hookbench - guest instructions per operation on the paths cordon's hooks
 * sit on (benchmarks only: asserts nothing)
 *
 *   hookbench [host|container|all] [OP...]
 *
 * Meant to run in a guest under QEMU TCG with -icount shift=0, where the
 * guest's clock advances one nanosecond per guest instruction: the
 * nanoseconds an operation takes are the instructions it executes (user
 * and kernel, interrupts included).  The first line checks that: a loop
 * of a known number of instructions is timed.
 *
 * "host" runs every operation as a task of the initial namespaces;
 * "container" starts a privileged container the way the kselftests do
 * (tests/kselftest/container.h: own mount, pid, IPC, network and UTS
 * namespaces, tmpfs root, pivot_root) and runs them in the program it
 * executes there, so armed by cordon; "all" (the default) does both.
 * Each operation is timed in ROUNDS rounds of its iteration count, after
 * a warm-up; the smallest round counts, and the spread of the rounds is
 * printed next to it.  Output lines:
 *
 *   clock ns-per-insn 1.0000
 *   result MODE OP INSNS_PER_OP SPREAD_PERCENT
 *   result MODE OP denied ERRNO_NAME        (the operation failed)
 *
 * Internal: hookbench --exec-chain N (execs itself N more times, then
 * exits), escape_test --attack bench FD ARGS (the container's side).
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "container.h"

#define ROUNDS 5
#define SCRATCH "/tmp/hookbench.file"
#define MNTDIR "/tmp/hookbench.mnt"
#define MQNAME "/hookbench"

static const char *self_exe = "/proc/self/exe";

struct bench_ctx {
	int fd;			/* SCRATCH, open */
	int procfd;		/* /proc/self/stat, open */
	int pipefd[2];
	int stream[2];
	int dgram[2];
	int listenfd;
	struct sockaddr_un laddr;
	socklen_t laddr_len;
	int msqid, semid, shmid;
	mqd_t mq;
	int pidfd;
	pid_t pid;
};

static struct bench_ctx ctx;

struct bench_op {
	const char *name;
	unsigned int iters;
	int (*run)(void);	/* 0, or -1 with errno set */
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- the operations --------------------------------------------------- */

static int op_getppid(void)
{
	return syscall(SYS_getppid) < 0 ? -1 : 0;
}

static int op_open_close(void)
{
	int fd = open(SCRATCH, O_RDONLY);

	if (fd < 0)
		return -1;
	return close(fd);
}

static int op_stat(void)
{
	struct stat st;

	return stat(SCRATCH, &st);
}

static int op_read(void)
{
	char c;

	return pread(ctx.fd, &c, 1, 0) == 1 ? 0 : -1;
}

static int op_pipe(void)
{
	char c = 'p';

	if (write(ctx.pipefd[1], &c, 1) != 1 || read(ctx.pipefd[0], &c, 1) != 1)
		return -1;
	return 0;
}

static int op_pipe_create(void)
{
	int p[2];

	if (pipe(p))
		return -1;
	close(p[0]);
	return close(p[1]);
}

static int op_unix_stream(void)
{
	char c = 's';

	if (send(ctx.stream[0], &c, 1, 0) != 1 ||
	    recv(ctx.stream[1], &c, 1, 0) != 1)
		return -1;
	return 0;
}

static int op_unix_connect(void)
{
	int c = socket(AF_UNIX, SOCK_STREAM, 0), a;

	if (c < 0)
		return -1;
	if (connect(c, (struct sockaddr *)&ctx.laddr, ctx.laddr_len)) {
		int e = errno;

		close(c);
		errno = e;
		return -1;
	}
	a = accept(ctx.listenfd, NULL, NULL);
	close(c);
	if (a < 0)
		return -1;
	return close(a);
}

static int op_unix_dgram(void)
{
	char c = 'd';

	if (send(ctx.dgram[0], &c, 1, 0) != 1 ||
	    recv(ctx.dgram[1], &c, 1, 0) != 1)
		return -1;
	return 0;
}

struct bench_msg {
	long mtype;
	char text[8];
};

static int op_msg(void)
{
	struct bench_msg m = { .mtype = 1, .text = "msg" };

	if (msgsnd(ctx.msqid, &m, sizeof(m.text), 0))
		return -1;
	return msgrcv(ctx.msqid, &m, sizeof(m.text), 0, 0) < 0 ? -1 : 0;
}

static int op_sem(void)
{
	struct sembuf up = { .sem_num = 0, .sem_op = 1 };
	struct sembuf down = { .sem_num = 0, .sem_op = -1 };

	if (semop(ctx.semid, &up, 1))
		return -1;
	return semop(ctx.semid, &down, 1);
}

static int op_shm(void)
{
	void *p = shmat(ctx.shmid, NULL, 0);

	if (p == (void *)-1)
		return -1;
	return shmdt(p);
}

static int op_mq(void)
{
	char buf[16] = "mq";
	unsigned int prio;

	if (mq_send(ctx.mq, buf, 2, 0))
		return -1;
	return mq_receive(ctx.mq, buf, sizeof(buf), &prio) < 0 ? -1 : 0;
}

static int op_mq_open(void)
{
	mqd_t q = mq_open(MQNAME, O_RDWR);

	if (q == (mqd_t)-1)
		return -1;
	return mq_close(q);
}

static int op_kill(void)
{
	return kill(ctx.pid, 0);
}

static int op_pidfd_signal(void)
{
	return syscall(SYS_pidfd_send_signal, ctx.pidfd, 0, NULL, 0) ? -1 : 0;
}

static int op_proc_read(void)
{
	char buf[512];

	return pread(ctx.procfd, buf, sizeof(buf), 0) > 0 ? 0 : -1;
}

static int op_proc_open(void)
{
	char buf[512];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 ? 0 : -1;
}

static int op_fork(void)
{
	pid_t p = fork();
	int st;

	if (p < 0)
		return -1;
	if (p == 0)
		_exit(0);
	return waitpid(p, &st, 0) == p ? 0 : -1;
}

static int exec_chain(unsigned int n)
{
	char arg[16];
	pid_t p;
	int st;

	snprintf(arg, sizeof(arg), "%u", n);
	p = fork();
	if (p < 0)
		return -1;
	if (p == 0) {
		execl(self_exe, "hookbench", "--exec-chain", arg, (char *)NULL);
		_exit(127);
	}
	if (waitpid(p, &st, 0) != p)
		return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		errno = ENOEXEC;
		return -1;
	}
	return 0;
}

/* fork, one execve and exit: the execve is taken out below */
static int op_fork_exec(void)
{
	return exec_chain(0);
}

/* fork, ten execve and exit */
static int op_exec10(void)
{
	return exec_chain(10);
}

static int op_mount(void)
{
	if (mount("hookbench", MNTDIR, "tmpfs", 0, NULL))
		return -1;
	return umount(MNTDIR);
}

static int op_setuid(void)
{
	return setuid(0);
}

static int op_setgid(void)
{
	return setgid(0);
}

static const struct bench_op ops[] = {
	{ "getppid", 100000, op_getppid },
	{ "open+close", 20000, op_open_close },
	{ "stat", 20000, op_stat },
	{ "read", 50000, op_read },
	{ "pipe_write+read", 30000, op_pipe },
	{ "pipe+close", 20000, op_pipe_create },
	{ "unix_stream_send+recv", 20000, op_unix_stream },
	{ "unix_stream_connect", 5000, op_unix_connect },
	{ "unix_dgram_send+recv", 20000, op_unix_dgram },
	{ "sysv_msgsnd+msgrcv", 20000, op_msg },
	{ "sysv_semop_up+down", 20000, op_sem },
	{ "sysv_shmat+shmdt", 10000, op_shm },
	{ "mq_send+receive", 20000, op_mq },
	{ "mq_open+close", 10000, op_mq_open },
	{ "kill_0", 50000, op_kill },
	{ "pidfd_send_signal_0", 50000, op_pidfd_signal },
	{ "proc_self_stat_read", 10000, op_proc_read },
	{ "proc_self_status_open+read", 5000, op_proc_open },
	{ "fork+exit", 500, op_fork },
	{ "fork+exec+exit", 200, op_fork_exec },
	{ "execve", 50, op_exec10 },
	{ "mount+umount_tmpfs", 2000, op_mount },
	{ "setuid", 20000, op_setuid },
	{ "setgid", 20000, op_setgid },
};

/* ---- set up, time, report --------------------------------------------- */

static int setup(void)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	int fd;

	ctx.pid = getpid();
	fd = open(SCRATCH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "hookbench\n", 10) != 10) {
		perror("hookbench: " SCRATCH);
		return -1;
	}
	ctx.fd = fd;
	ctx.procfd = open("/proc/self/stat", O_RDONLY);
	if (ctx.procfd < 0 || pipe(ctx.pipefd) ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, ctx.stream) ||
	    socketpair(AF_UNIX, SOCK_DGRAM, 0, ctx.dgram)) {
		perror("hookbench: setup");
		return -1;
	}
	ctx.listenfd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&ctx.laddr, 0, sizeof(ctx.laddr));
	ctx.laddr.sun_family = AF_UNIX;
	/* abstract: "\0hookbench-PID" */
	ctx.laddr_len = offsetof(struct sockaddr_un, sun_path) + 1 +
		snprintf(ctx.laddr.sun_path + 1, sizeof(ctx.laddr.sun_path) - 1,
			 "hookbench-%d", (int)ctx.pid);
	if (ctx.listenfd < 0 ||
	    bind(ctx.listenfd, (struct sockaddr *)&ctx.laddr, ctx.laddr_len) ||
	    listen(ctx.listenfd, 8)) {
		perror("hookbench: listen");
		return -1;
	}
	ctx.msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	ctx.semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	ctx.shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (ctx.msqid < 0 || ctx.semid < 0 || ctx.shmid < 0) {
		perror("hookbench: SysV IPC");
		return -1;
	}
	mq_unlink(MQNAME);
	ctx.mq = mq_open(MQNAME, O_RDWR | O_CREAT, 0600, &attr);
	if (ctx.mq == (mqd_t)-1) {
		perror("hookbench: mq_open");
		return -1;
	}
	ctx.pidfd = syscall(SYS_pidfd_open, ctx.pid, 0);
	if (ctx.pidfd < 0) {
		perror("hookbench: pidfd_open");
		return -1;
	}
	if (mkdir(MNTDIR, 0755) && errno != EEXIST) {
		perror("hookbench: " MNTDIR);
		return -1;
	}
	return 0;
}

static void teardown(void)
{
	msgctl(ctx.msqid, IPC_RMID, NULL);
	semctl(ctx.semid, 0, IPC_RMID);
	shmctl(ctx.shmid, IPC_RMID, NULL);
	mq_close(ctx.mq);
	mq_unlink(MQNAME);
	unlink(SCRATCH);
	rmdir(MNTDIR);
}

/* nanoseconds of @iters runs of @op, -1 with errno on a failure */
static long long time_op(const struct bench_op *op, unsigned int iters)
{
	long long t0 = now_ns();
	unsigned int i;

	for (i = 0; i < iters; i++)
		if (op->run())
			return -1;
	return now_ns() - t0;
}

/* instructions per op of the best round, and the rounds' spread */
static int measure(const struct bench_op *op, double *best, double *spread)
{
	double lo = 0, hi = 0;
	int r;

	if (time_op(op, op->iters / 10 ?: 1) < 0)
		return -1;
	for (r = 0; r < ROUNDS; r++) {
		long long ns = time_op(op, op->iters);
		double per;

		if (ns < 0)
			return -1;
		per = (double)ns / op->iters;
		if (!r || per < lo)
			lo = per;
		if (!r || per > hi)
			hi = per;
	}
	*best = lo;
	*spread = 100.0 * (hi - lo) / lo;
	return 0;
}

static bool selected(const char *name, int nsel, char **sel)
{
	int i;

	if (!nsel)
		return true;
	for (i = 0; i < nsel; i++)
		if (!strcmp(sel[i], name))
			return true;
	return false;
}

static int run_all(const char *mode, int nsel, char **sel)
{
	double fork_exec = -1, spread_fe = 0;
	size_t i;

	if (setup())
		return 1;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct bench_op *op = &ops[i];
		double best, spread;

		if (!selected(op->name, nsel, sel) &&
		    !(!strcmp(op->name, "fork+exec+exit") &&
		      selected("execve", nsel, sel)))
			continue;
		if (measure(op, &best, &spread)) {
			printf("result %s %s denied %s\n", mode, op->name,
			       strerrorname_np(errno) ?: "?");
			fflush(stdout);
			continue;
		}
		if (!strcmp(op->name, "fork+exec+exit")) {
			fork_exec = best;
			spread_fe = spread;
		}
		if (!strcmp(op->name, "execve")) {
			if (fork_exec < 0)
				continue;
			/* ten execve more than fork+exec+exit */
			best = (best - fork_exec) / 10;
			spread += spread_fe;
		}
		if (selected(op->name, nsel, sel))
			printf("result %s %s %.1f %.2f\n", mode, op->name, best,
			       spread);
		fflush(stdout);
	}
	teardown();
	return 0;
}

/* how many nanoseconds one instruction takes on the guest's clock */
static void clock_check(void)
{
	unsigned long n = 50000000;	/* two instructions each */
	long long t0, t1;

	t0 = now_ns();
	__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(n) : : "cc");
	t1 = now_ns();
	printf("clock ns-per-insn %.4f\n", (double)(t1 - t0) / 100000000.0);
	fflush(stdout);
}

/* the container's side: ctr_run() executes "escape_test --attack bench FD" */
static int container_main(int argc, char **argv)
{
	/* nothing is reported over the pipe: closing it lets ctr_run() wait */
	close(atoi(argv[3]));
	return run_all("container", argc - 4, argv + 4);
}

static int run_container(int nsel, char **sel)
{
	static const struct ctr_kind kind = { .userns = CTR_PRIVILEGED };
	const char *args[24] = { NULL };
	struct attack_result res;
	int i, ret;

	for (i = 0; i < nsel && i < 23; i++)
		args[i] = sel[i];
	ret = ctr_run(&kind, NULL, "bench", args, &res);
	if (ret) {
		fprintf(stderr, "hookbench: container: %s\n", strerror(-ret));
		return 1;
	}
	for (i = 0; i < res.nsteps; i++)
		fprintf(stderr, "hookbench: container: %s: %s\n",
			res.step[i].name, res.step[i].detail);
	if (!WIFEXITED(res.status) || WEXITSTATUS(res.status)) {
		fprintf(stderr, "hookbench: container exited with status 0x%x\n",
			res.status);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "all";
	int ret = 0;

	if (argc == 3 && !strcmp(argv[1], "--exec-chain")) {
		unsigned int n = strtoul(argv[2], NULL, 10);
		char arg[16];

		if (!n)
			return 0;
		snprintf(arg, sizeof(arg), "%u", n - 1);
		execl(self_exe, "hookbench", "--exec-chain", arg, (char *)NULL);
		return 127;
	}
	if (argc >= 4 && !strcmp(argv[1], "--attack"))
		return container_main(argc, argv);
	if (strcmp(mode, "host") && strcmp(mode, "container") &&
	    strcmp(mode, "all")) {
		fprintf(stderr, "usage: %s [host|container|all] [OP...]\n",
			argv[0]);
		return 2;
	}
	clock_check();
	if (strcmp(mode, "container"))
		ret |= run_all("host", argc - 2, argv + 2);
	if (strcmp(mode, "host"))
		ret |= run_container(argc - 2, argv + 2);
	return ret;
}
