// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon guest test: the reload storm.  STORM_LOADS (environment, default
 * all that make-storm signed: 10,000) signed policies of increasing version
 * (100000, 100001, ...) are loaded one after the other while six
 * containers hammer the hooks the two policies decide differently:
 *
 *   kind     operation (in a loop)                  storm-a   storm-b
 *   mount    mount a tmpfs, unmount it              allowed   EPERM
 *   ptrace   process_vm_readv() of its own child    allowed   EPERM
 *   signal   kill(0) of a host process              EPERM     allowed
 *   msg      msgctl(IPC_STAT) of a host SysV queue  allowed   EACCES
 *   chown    fchown() to another uid (CAP_CHOWN)    EPERM     allowed
 *   exec     fork, execve /bin/true, wait           allowed   allowed
 *
 * (policy i is storm-a when i is even, storm-b when odd; see make-storm).
 * Each decision is bracketed by two reads of the active policy's version
 * (securityfs status): when both read the same version, no load finished
 * in between and the decision must be that policy's; when they differ,
 * it must be one of the two.  Never another errno, never the built-in
 * default's (which allows the mount and refuses the message).  Then the
 * counters must add up: every load counted and none refused, each
 * container's denial counter (the netlink dump) equal to the denials its
 * worker saw, and the kernel log free of splats.
 *
 * It must run last in its boot, or in a boot of its own (make check does
 * a short one: tests/run; make storm the full count): its versions are
 * above every other test's.  The containers are user namespaces mapping
 * every uid to itself (so that they see the host's processes, queues and
 * files) with a mount namespace of their own, armed at their execve of
 * this program as "reload_storm --worker KIND STOPFD RESFD STATUSFD ARG".
 */
#include <endian.h>
#include <sched.h>
#include <stdarg.h>
#include <signal.h>
#include <stdint.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "common.h"
#include "nl.h"

/* 10,000 loads under TCG take minutes, under the debug kernel longer */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 7200

#ifndef STORM_DATA
#error "STORM_DATA (the directory make-storm wrote) is set by the Makefile"
#endif

EMBED_FILE(STORM_DATA, storm_a, "storm-a.bin");
EMBED_FILE(STORM_DATA, storm_b, "storm-b.bin");
EMBED_FILE(STORM_DATA, storm_sigs, "storm.sigs");

#define STORM_FIRST 100000ULL

enum kind { K_MOUNT, K_PTRACE, K_SIGNAL, K_MSG, K_CHOWN, K_EXEC, NR_KINDS };

static const struct {
	const char *name;
	int deny;		/* the errno of a denial */
	bool allowed[2];	/* by storm-a, storm-b */
} kinds[NR_KINDS] = {
	[K_MOUNT] = { "mount", EPERM, { true, false } },
	[K_PTRACE] = { "ptrace", EPERM, { true, false } },
	[K_SIGNAL] = { "signal", EPERM, { false, true } },
	[K_MSG] = { "msg", EACCES, { true, false } },
	[K_CHOWN] = { "chown", EPERM, { false, true } },
	[K_EXEC] = { "exec", 0, { true, true } },
};

/* what a worker reports when it stops */
struct result {
	uint64_t iterations, allowed, denied;
	uint64_t straddled;	/* a load finished during the decision */
	uint64_t wrong;		/* not the decision of the policy in force */
	uint64_t other;		/* an errno that is no decision */
	uint64_t before_storm;	/* decisions before the first storm policy */
	char first_bad[160];
};

/* ======================================================================
 * The worker, in its container
 * ====================================================================== */

/* the active policy's version, from a securityfs status file opened before */
static uint64_t active_version(int fd)
{
	char buf[512], *p;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strstr(buf, "\npolicy_version: ");
	return p ? strtoull(p + 17, NULL, 10) : 0;
}

static int g_dummy = 0x5a5a;

/* one operation of a kind: 0, or the errno */
static int operate(enum kind k, const char *arg, pid_t child, int fd,
		   uint64_t i)
{
	struct iovec local, remote;
	struct msqid_ds ds;
	int v, st;
	pid_t pid;

	switch (k) {
	case K_MOUNT:
		if (mount("storm", arg, "tmpfs", 0, NULL))
			return errno;
		if (umount2(arg, MNT_DETACH))
			return -errno;	/* an unmount refused: no decision */
		return 0;
	case K_PTRACE:
		local = (struct iovec){ &v, sizeof(v) };
		remote = (struct iovec){ &g_dummy, sizeof(g_dummy) };
		if (process_vm_readv(child, &local, 1, &remote, 1, 0) !=
		    sizeof(v))
			return errno;
		return 0;
	case K_SIGNAL:
		return kill((pid_t)atoi(arg), 0) ? errno : 0;
	case K_MSG:
		return msgctl(atoi(arg), IPC_STAT, &ds) ? errno : 0;
	case K_CHOWN:
		return fchown(fd, 1000 + (i & 1), -1) ? errno : 0;
	case K_EXEC:
		pid = fork();
		if (pid < 0)
			return -errno;
		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
			return -ECHILD;
		return WEXITSTATUS(st) ? -ENOEXEC : 0;
	case NR_KINDS:
		break;
	}
	return -EINVAL;
}

static void note_bad(struct result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->first_bad[0])
		return;
	va_start(ap, fmt);
	vsnprintf(r->first_bad, sizeof(r->first_bad), fmt, ap);
	va_end(ap);
}

/* reload_storm --worker KIND STOPFD RESFD STATUSFD ARG */
static int worker_main(char **argv)
{
	enum kind k = (enum kind)atoi(argv[2]);
	int stopfd = atoi(argv[3]), resfd = atoi(argv[4]);
	int statfd = atoi(argv[5]), fd = -1;
	const char *arg = argv[6];
	struct result r = { 0 };
	pid_t child = 0;
	uint64_t i;

	if (k >= NR_KINDS)
		return 2;
	if (k == K_PTRACE) {
		child = fork();
		if (child == 0) {
			g_dummy = 0x1234;
			for (;;)
				pause();
		}
	} else if (k == K_CHOWN) {
		fd = open(arg, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return 3;
	}
	for (i = 0;; i++) {
		struct pollfd p = { .fd = stopfd, .events = POLLIN };
		uint64_t v1, v2;
		bool allowed, want;
		int err;

		if (poll(&p, 1, 0) > 0)
			break;
		v1 = active_version(statfd);
		err = operate(k, arg, child, fd, i);
		v2 = active_version(statfd);
		r.iterations++;
		if (err && err != kinds[k].deny) {
			r.other++;
			note_bad(&r, "%s: %s at version %llu", kinds[k].name,
				 err < 0 ? strerror(-err) : strerror(err),
				 (unsigned long long)v1);
			continue;
		}
		allowed = !err;
		r.allowed += allowed;
		r.denied += !allowed;
		if (v1 < STORM_FIRST) {
			r.before_storm++;
			continue;
		}
		if (v1 != v2) {
			r.straddled++;
			continue;
		}
		want = kinds[k].allowed[(v1 - STORM_FIRST) & 1];
		if (allowed != want) {
			r.wrong++;
			note_bad(&r, "%s %s under version %llu (storm-%c)",
				 kinds[k].name, allowed ? "allowed" : "denied",
				 (unsigned long long)v1,
				 (v1 - STORM_FIRST) & 1 ? 'b' : 'a');
		}
	}
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	return write(resfd, &r, sizeof(r)) == sizeof(r) ? 0 : 4;
}

/* ======================================================================
 * The host side
 * ====================================================================== */

struct worker {
	pid_t pid;		/* the worker, in its container */
	pid_t holder;		/* its parent, on the host */
	int res;		/* read end of its result pipe */
	uint32_t mnt;		/* its container's mount namespace */
	struct result r;
};

static int write_map(pid_t pid, const char *file, const char *map)
{
	char path[64];
	int fd, ok;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, map, strlen(map)) == (ssize_t)strlen(map);
	close(fd);
	return ok ? 0 : -1;
}

/*
 * Start a worker of kind k: a child that unshares a user namespace (the
 * parent maps every uid and gid to itself) and a mount namespace, makes
 * its mounts private, and forks the worker, which execs this program.
 */
static int worker_start(struct worker *w, enum kind k, int stopfd,
			int stop_w, int statfd, const char *arg)
{
	int res[2], go[2], ready[2];
	char c = 0;

	if (pipe(res) || pipe(go) || pipe(ready))
		return -1;
	w->holder = fork();
	if (w->holder < 0)
		return -1;
	if (w->holder == 0) {
		char a_kind[16], a_stop[16], a_res[16], a_stat[16];
		pid_t pid;

		close(res[0]);
		close(go[1]);
		close(ready[0]);
		/* the workers stop when the test closes the last write end */
		close(stop_w);
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS) ||
		    write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1 ||
		    setresgid(0, 0, 0) || setresuid(0, 0, 0) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			_exit(1);
		pid = fork();
		if (pid == 0) {
			snprintf(a_kind, sizeof(a_kind), "%d", k);
			snprintf(a_stop, sizeof(a_stop), "%d", stopfd);
			snprintf(a_res, sizeof(a_res), "%d", res[1]);
			snprintf(a_stat, sizeof(a_stat), "%d", statfd);
			execl("/proc/self/exe", "reload_storm", "--worker",
			      a_kind, a_stop, a_res, a_stat, arg, (char *)NULL);
			_exit(127);
		}
		if (write(ready[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(1);
		waitpid(pid, NULL, 0);
		_exit(0);
	}
	close(res[1]);
	close(go[0]);
	close(ready[1]);
	w->res = res[0];
	if (read(ready[0], &c, 1) != 1 ||
	    write_map(w->holder, "uid_map", "0 0 4294967295\n") ||
	    write_map(w->holder, "gid_map", "0 0 4294967295\n") ||
	    write(go[1], &c, 1) != 1 ||
	    read(ready[0], &w->pid, sizeof(w->pid)) != sizeof(w->pid))
		w->pid = -1;
	close(go[1]);
	close(ready[0]);
	return w->pid > 0 ? 0 : -1;
}

static uint32_t mnt_ns_of_pid(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	return stat(path, &st) ? 0 : (uint32_t)st.st_ino;
}

/* the policies and their signatures */
struct storm {
	const unsigned char *sig[20000];
	size_t siglen[20000];
	size_t count;
};

static size_t storm_parse(struct storm *s)
{
	const unsigned char *p = storm_sigs_start, *end = storm_sigs_end;

	for (s->count = 0; p + 4 <= end && s->count < 20000; s->count++) {
		uint32_t len;

		memcpy(&len, p, 4);
		len = le32toh(len);
		if (p + 4 + len > end)
			break;
		s->sig[s->count] = p + 4;
		s->siglen[s->count] = len;
		p += 4 + len;
	}
	return s->count;
}

/* load policy i over nl: 0 or the errno */
static int storm_load(struct nl *nl, const struct storm *s, size_t i,
		      char *ext, size_t extlen)
{
	static unsigned char buf[8192];
	unsigned char blob[1024];
	const unsigned char *tmpl = i & 1 ? storm_b_start : storm_a_start;
	size_t len = i & 1 ? (size_t)(storm_b_end - storm_b_start) :
			     (size_t)(storm_a_end - storm_a_start);
	struct cordon_policy_header *h = (void *)blob;
	struct nlmsghdr *nlh;
	struct answer a;

	if (len > sizeof(blob))
		return -E2BIG;
	memcpy(blob, tmpl, len);
	h->version = htole64(STORM_FIRST + i);
	nlh = req_put(nl, buf, sizeof(buf), nl->family, CORDON_CMD_POLICY_LOAD,
		      0);
	mnl_attr_put(nlh, CORDON_A_POLICY, len, blob);
	mnl_attr_put(nlh, CORDON_A_SIGNATURE, s->siglen[i], s->sig[i]);
	nl_send(nl, nlh, nlh->nlmsg_len, nlh->nlmsg_seq, &a, NULL, NULL);
	snprintf(ext, extlen, "%s", a.ext);
	return a.err;
}

/* kernel log lines that say something is wrong */
static int log_splats(void)
{
	static const char *const pat[] = {
		"BUG:", "WARNING:", "KASAN", "KFENCE", "UBSAN",
		"suspicious RCU usage", "possible circular locking",
		"inconsistent lock state", "sleeping function called",
		"scheduling while atomic", "general protection fault",
		"refcount_t:", "list_add corruption", "list_del corruption",
	};
	int size = klogctl(10, NULL, 0), n = 0, len;	/* SIZE_BUFFER */
	char *buf, *line, *save = NULL;
	size_t i;

	if (size <= 0)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	len = klogctl(3, buf, size);			/* READ_ALL */
	buf[len > 0 ? len : 0] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		for (i = 0; i < sizeof(pat) / sizeof(pat[0]); i++)
			if (strstr(line, pat[i])) {
				ksft_print_msg("kernel log: %s\n", line);
				n++;
				break;
			}
	free(buf);
	return n;
}

TEST(reload_storm)
{
	static struct storm s;
	static struct dump d;
	struct worker w[NR_KINDS];
	struct state before, after;
	int stop[2], statfd, qid, k, ret, failed = 0, splats;
	char args[NR_KINDS][64], ext[256];
	size_t i, n;
	struct timespec t0, t1;
	double secs;
	const char *env = getenv("STORM_LOADS");
	pid_t target;
	struct nl nl;

	ASSERT_LT((size_t)0, storm_parse(&s));
	n = env ? strtoul(env, NULL, 10) : s.count;
	if (!n || n > s.count)
		n = s.count;
	ret = get_state(&before);
	if (ret == -ENOENT && !cordon_expected_active())
		SKIP(return, "cordon is not active in this boot");
	ASSERT_EQ(0, ret);
	if (!strcmp(before.attest, "required"))
		SKIP(return, "cordon.attest=required: the storm loads without tickets");
	if (before.version >= STORM_FIRST)
		SKIP(return, "a storm already ran in this boot (version %llu): reboot",
		     (unsigned long long)before.version);
	splats = log_splats();

	ASSERT_EQ(0, nl_socket(&nl));
	nl.family = nl_family(&nl);
	ASSERT_NE(0, nl.family);
	/* the first storm policy before the workers: they start under it */
	ASSERT_EQ(0, storm_load(&nl, &s, 0, ext, sizeof(ext)))
		TH_LOG("the first storm policy: %s", ext);

	/* what the workers act on: a host process, a host queue, files */
	target = fork();
	ASSERT_LE(0, target);
	if (target == 0) {
		for (;;)
			pause();
	}
	qid = msgget(IPC_PRIVATE, IPC_CREAT | 0666);
	ASSERT_LE(0, qid);
	ASSERT_EQ(0, mkdir("/tmp/storm-mnt", 0755) && errno != EEXIST ? -1 : 0);
	statfd = open(CORDON_SECFS "/status", O_RDONLY);	/* inherited */
	ASSERT_LE(0, statfd);
	/* the read end crosses the workers' execve, the write end does not */
	ASSERT_EQ(0, pipe2(stop, O_CLOEXEC));
	ASSERT_EQ(0, fcntl(stop[0], F_SETFD, 0));
	for (k = 0; k < NR_KINDS; k++) {
		switch (k) {
		case K_MOUNT:
			snprintf(args[k], sizeof(args[k]), "/tmp/storm-mnt");
			break;
		case K_SIGNAL:
			snprintf(args[k], sizeof(args[k]), "%d", target);
			break;
		case K_MSG:
			snprintf(args[k], sizeof(args[k]), "%d", qid);
			break;
		case K_CHOWN:
			snprintf(args[k], sizeof(args[k]), "/tmp/storm-chown");
			break;
		default:
			snprintf(args[k], sizeof(args[k]), "-");
		}
		ASSERT_EQ(0, worker_start(&w[k], k, stop[0], stop[1], statfd,
					  args[k]))
			TH_LOG("worker %s does not start", kinds[k].name);
		/* its holder stays in the container: the dump finds it */
		w[k].mnt = mnt_ns_of_pid(w[k].pid);
	}
	close(stop[0]);
	usleep(200 * 1000);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i < n; i++) {
		ret = storm_load(&nl, &s, i, ext, sizeof(ext));
		if (ret) {
			failed++;
			if (failed <= 5)
				ksft_print_msg("load %zu (version %llu): %s \"%s\"\n",
					       i, STORM_FIRST + i, errname(ret), ext);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	usleep(200 * 1000);
	close(stop[1]);		/* the workers stop */
	for (k = 0; k < NR_KINDS; k++) {
		struct pollfd p = { .fd = w[k].res, .events = POLLIN };

		memset(&w[k].r, 0, sizeof(w[k].r));
		/* a worker that died leaves no result (and no EOF) */
		if (poll(&p, 1, 60 * 1000) != 1 ||
		    read(w[k].res, &w[k].r, sizeof(w[k].r)) != sizeof(w[k].r))
			snprintf(w[k].r.first_bad, sizeof(w[k].r.first_bad),
				 "no result");
	}
	nl_close(&nl);

	ksft_print_msg("%zu loads in %.1f s (%.0f per second), %d refused\n",
		       n, secs + 0.0, n / (secs > 0 ? secs : 1), failed);
	EXPECT_EQ(0, failed);
	ASSERT_EQ(0, get_state(&after));
	EXPECT_EQ(before.loads + n, after.loads);
	EXPECT_EQ(before.rejects, after.rejects);
	EXPECT_EQ(STORM_FIRST + n - 1, after.version);
	ASSERT_EQ(0, dump_all(&d));
	for (k = 0; k < NR_KINDS; k++) {
		const struct result *r = &w[k].r;
		int j = dump_find(&d, w[k].mnt);

		ksft_print_msg("%-6s %8llu decisions: %llu allowed, %llu denied, "
			       "%llu during a load, %llu before the storm; "
			       "kernel counted %llu denials%s%s\n",
			       kinds[k].name,
			       (unsigned long long)r->iterations,
			       (unsigned long long)r->allowed,
			       (unsigned long long)r->denied,
			       (unsigned long long)r->straddled,
			       (unsigned long long)r->before_storm,
			       j >= 0 ? (unsigned long long)d.denied[j] : 0ULL,
			       r->first_bad[0] ? "; first wrong: " : "",
			       r->first_bad);
		EXPECT_EQ((uint64_t)0, r->wrong) TH_LOG("%s: %s", kinds[k].name, r->first_bad);
		EXPECT_EQ((uint64_t)0, r->other) TH_LOG("%s: %s", kinds[k].name, r->first_bad);
		EXPECT_LT((uint64_t)0, r->iterations) TH_LOG("%s made no decision", kinds[k].name);
		EXPECT_LE(0, j) TH_LOG("%s: its container is not in the dump",
				       kinds[k].name);
		if (j >= 0)
			EXPECT_EQ(r->denied, d.denied[j])
				TH_LOG("%s: the kernel's denial counter", kinds[k].name);
		if (kinds[k].allowed[0] != kinds[k].allowed[1] && n > 2 &&
		    r->iterations > 100)
			EXPECT_TRUE(r->allowed && r->denied)
				TH_LOG("%s saw one policy only", kinds[k].name);
		kill(w[k].pid, SIGKILL);
		waitpid(w[k].holder, NULL, 0);
		close(w[k].res);
	}
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	msgctl(qid, IPC_RMID, NULL);
	close(statfd);
	EXPECT_EQ(splats, log_splats()) TH_LOG("new splats in the kernel log");
}

int main(int argc, char **argv)
{
	if (argc >= 7 && !strcmp(argv[1], "--worker"))
		return worker_main(argv);
	return test_harness_run(argc, argv);
}
