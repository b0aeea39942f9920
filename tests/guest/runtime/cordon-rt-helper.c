// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon-rt-helper - the SysV IPC and abstract unix socket operations that
 * busybox cannot do, for tests/kselftest/runtime_test.sh.  Built static, so
 * that the test can copy it into a container's root filesystem as is:
 *
 *   cc -static -O2 -Wall -o cordon-rt-helper cordon-rt-helper.c
 *
 * usage:
 *   cordon-rt-helper sysv-within          create, use and remove a shm
 *                                         segment, a message queue and a
 *                                         semaphore set (with a child)
 *   cordon-rt-helper sysv-create          create one of each, print
 *                                         "SHMID MSQID SEMID"
 *   cordon-rt-helper sysv-use SHM MSQ SEM try to use them, print
 *                                         "shmat=R msgsnd=R semop=R"
 *   cordon-rt-helper sysv-rm SHM MSQ SEM  remove them
 *   cordon-rt-helper unix-within          abstract stream and datagram
 *                                         sockets between two processes
 *   cordon-rt-helper unix-listen NAME     bind abstract @NAME (stream) and
 *                                         @NAME.d (datagram), print "ready",
 *                                         serve until killed
 *   cordon-rt-helper unix-use NAME        print "connect=R sendto=R"
 *
 * R is "ok" or the errno name.  Exit status 0 unless the helper itself
 * failed (usage, or a -within operation failed: then 1 and a message).
 */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

struct msgbuf_ {
	long mtype;
	char mtext[16];
};

static const char *res(int rc)
{
	static char buf[8][32];
	static int i;
	const char *name;

	if (rc >= 0)
		return "ok";
	switch (errno) {
	case EACCES: name = "EACCES"; break;
	case EPERM: name = "EPERM"; break;
	case EINVAL: name = "EINVAL"; break;
	case EIDRM: name = "EIDRM"; break;
	case ECONNREFUSED: name = "ECONNREFUSED"; break;
	case ENOENT: name = "ENOENT"; break;
	case EAGAIN: name = "EAGAIN"; break;
	default:
		i = (i + 1) % 8;
		snprintf(buf[i], sizeof(buf[i]), "errno%d", errno);
		return buf[i];
	}
	return name;
}

static int fail(const char *what)
{
	fprintf(stderr, "cordon-rt-helper: %s: %s\n", what, strerror(errno));
	return 1;
}

static int sysv_use(int shm, int msq, int sem, int verbose)
{
	struct msgbuf_ m = { .mtype = 1, .mtext = "cordon" };
	struct sembuf op = { .sem_num = 0, .sem_op = 1, .sem_flg = IPC_NOWAIT };
	void *p;
	int r1, r2, r3;

	p = shmat(shm, NULL, 0);
	r1 = p == (void *)-1 ? -1 : 0;
	if (verbose)
		printf("shmat=%s ", res(r1));
	if (!r1)
		shmdt(p);
	r2 = msgsnd(msq, &m, sizeof(m.mtext), IPC_NOWAIT);
	if (verbose)
		printf("msgsnd=%s ", res(r2));
	r3 = semop(sem, &op, 1);
	if (verbose)
		printf("semop=%s\n", res(r3));
	return r1 || r2 || r3 ? -1 : 0;
}

static int sysv_within(void)
{
	int shm, msq, sem, status;
	struct msgbuf_ m;
	char *p;
	pid_t pid;

	shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	msq = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (shm < 0 || msq < 0 || sem < 0)
		return fail("create");
	p = shmat(shm, NULL, 0);
	if (p == (void *)-1)
		return fail("shmat");
	strcpy(p, "parent");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		/* another process of the same container uses them by id */
		char *q = shmat(shm, NULL, 0);

		if (q == (void *)-1 || strcmp(q, "parent"))
			_exit(2);
		strcpy(q, "child");
		_exit(sysv_use(shm, msq, sem, 0) ? 3 : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "cordon-rt-helper: child status 0x%x\n", status);
		return 1;
	}
	if (strcmp(p, "child"))
		return fail("shm content");
	if (msgrcv(msq, &m, sizeof(m.mtext), 1, IPC_NOWAIT) < 0 ||
	    strcmp(m.mtext, "cordon"))
		return fail("msgrcv");
	if (semctl(sem, 0, GETVAL) != 1)
		return fail("semctl GETVAL");
	shmdt(p);
	if (shmctl(shm, IPC_RMID, NULL) || msgctl(msq, IPC_RMID, NULL) ||
	    semctl(sem, 0, IPC_RMID))
		return fail("IPC_RMID");
	return 0;
}

static socklen_t abstract_addr(struct sockaddr_un *sa, const char *name,
			       const char *suffix)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1, "%s%s",
		     name, suffix);
	return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

static int unix_bind(const char *name, int type, const char *suffix)
{
	struct sockaddr_un sa;
	socklen_t len = abstract_addr(&sa, name, suffix);
	int fd = socket(AF_UNIX, type, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, len))
		return -1;
	if (type == SOCK_STREAM && listen(fd, 8))
		return -1;
	return fd;
}

static void unix_use(const char *name, const char **rc, const char **rs)
{
	struct sockaddr_un sa;
	socklen_t len;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	len = abstract_addr(&sa, name, "");
	*rc = res(connect(fd, (struct sockaddr *)&sa, len));
	close(fd);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	len = abstract_addr(&sa, name, ".d");
	*rs = res(sendto(fd, "x", 1, 0, (struct sockaddr *)&sa, len));
	close(fd);
}

static int unix_within(void)
{
	char name[64];
	const char *rc, *rs;
	int s, d, status;
	pid_t pid;

	snprintf(name, sizeof(name), "cordon-rt-within-%d", (int)getpid());
	s = unix_bind(name, SOCK_STREAM, "");
	d = unix_bind(name, SOCK_DGRAM, ".d");
	if (s < 0 || d < 0)
		return fail("bind");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		unix_use(name, &rc, &rs);
		_exit(strcmp(rc, "ok") || strcmp(rs, "ok") ? 2 : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "cordon-rt-helper: unix child status 0x%x\n",
			status);
		return 1;
	}
	return 0;
}

static int unix_listen(const char *name)
{
	int s = unix_bind(name, SOCK_STREAM, "");
	int d = unix_bind(name, SOCK_DGRAM, ".d");
	char buf[8];
	int c;

	if (s < 0 || d < 0)
		return fail("bind");
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		c = accept(s, NULL, NULL);
		if (c >= 0)
			close(c);
		while (recv(d, buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
	}
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "sysv-within") && argc == 2)
		return sysv_within();
	if (!strcmp(cmd, "sysv-create") && argc == 2) {
		int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		int msq = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);

		if (shm < 0 || msq < 0 || sem < 0)
			return fail("create");
		printf("%d %d %d\n", shm, msq, sem);
		return 0;
	}
	if (!strcmp(cmd, "sysv-use") && argc == 5) {
		sysv_use(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), 1);
		return 0;
	}
	if (!strcmp(cmd, "sysv-rm") && argc == 5) {
		int r = shmctl(atoi(argv[2]), IPC_RMID, NULL) |
			msgctl(atoi(argv[3]), IPC_RMID, NULL) |
			semctl(atoi(argv[4]), 0, IPC_RMID);

		return r ? fail("IPC_RMID") : 0;
	}
	if (!strcmp(cmd, "unix-within") && argc == 2)
		return unix_within();
	if (!strcmp(cmd, "unix-listen") && argc == 3)
		return unix_listen(argv[2]);
	if (!strcmp(cmd, "unix-use") && argc == 3) {
		const char *rc, *rs;

		unix_use(argv[2], &rc, &rs);
		printf("connect=%s sendto=%s\n", rc, rs);
		return 0;
	}
	fprintf(stderr, "usage: see the comment at the top of cordon-rt-helper.c\n");
	return 2;
}
