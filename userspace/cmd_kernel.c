// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl load, tag, ps, monitor: the commands that talk to the kernel
 * over the "cordon" generic netlink family.
 *
 * Exit status: 0 success; 1 failure (the family is absent, a file cannot
 * be read, the kernel refused tag...); 2 usage error.  load: 3 the
 * attestation refused (nothing pushed), 4 the kernel refused the policy or
 * its ticket (the active policy stays), 5 the TPM NV counter refused an
 * older version (nothing pushed).  Plain `load` attests here and pushes a
 * ticket signed by the local verifier key; `load --ticket` pushes a
 * remote verifier's ticket instead: the kernel checks either.
 */
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/json.h>
#include <cordon/nl.h>
#include <cordon/policy.h>
#include <cordon/sign.h>
#include <cordon/tpm.h>

#include "cmd.h"

/* Long options without a short form; beyond any char, and OPT_PATH. */
enum {
	OPT_SIG = 0x200,
	OPT_NO_ATTEST,
	OPT_ATTEST_ONLY,
	OPT_PID,
	OPT_PIDFD,
	OPT_NO_ARM,
	OPT_NAME,
	OPT_PROFILE,
	OPT_COUNT,
	OPT_TICKET,
	OPT_VERIFIER_KEY,
	OPT_VERIFIER_CERT,
	OPT_VERIFIER_SEALED,
	OPT_NV_COUNTER,
	OPT_NO_NV_COUNTER,
	OPT_TICKET_SIG,
	OPT_NO_LEGEND,
};

static int nl_connect(const char *verb, struct cordon_nl **nl)
{
	char err[CORDON_ERR_MAX];

	if (cordon_nl_open(nl, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, verb, err);
		return -1;
	}
	return 0;
}

/* "cordonctl: load refused: <reason> (<ERRNO>: <text>)" or a local error. */
static void nl_report(const char *verb, const struct cordon_nl *nl, int rc,
		      const char *err)
{
	if (cordon_nl_refused(nl)) {
		fprintf(stderr, "%s: %s refused: %s\n", PROG, verb, err);
		if (rc == -EPERM)
			fprintf(stderr,
				"%s: the cordon family needs CAP_MAC_ADMIN in the initial user namespace\n",
				PROG);
	} else {
		fprintf(stderr, "%s: %s: %s\n", PROG, verb, err);
	}
}

static void print_hex(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

/* Parse a decimal number in [min, max]; no sign, no spaces. */
static int parse_uint(const char *s, unsigned long long min,
		      unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* load */

static void load_help(const struct command *cmd)
{
	printf("Usage: %s %s BLOB [--sig SIG] [GATE OPTIONS] [VERIFIER OPTIONS] [-v]\n"
	       "       %s %s BLOB [--sig SIG] --ticket TICKET [--ticket-sig TSIG] [-v]\n"
	       "       %s %s BLOB [--sig SIG] --no-attest [-v]\n"
	       "       %s %s --attest-only [GATE OPTIONS] [-v]\n"
	       "\n"
	       "Local mode (the first form): read the kernel's load challenge, attest\n"
	       "over it with the enrolled key as 'attest' does, and if every check\n"
	       "passes push the policy BLOB, its signature SIG and a ticket signed by\n"
	       "the local verifier key; the kernel checks the ticket (in\n"
	       "cordon.attest=required mode it needs one) and the signature.\n"
	       "\n"
	       "Options:\n"
	       "  --sig SIG             the signature (default BLOB.p7s)\n"
	       "  --ticket TICKET       push a remote verifier's ticket ('cordonctl\n"
	       "                        verify') instead of attesting here\n"
	       "  --ticket-sig TSIG     its signature (default TICKET.p7s)\n"
	       "  --no-attest           skip the attestation (a warning says so; refused\n"
	       "                        by a kernel with cordon.attest=required)\n"
	       "  --attest-only         run the attestation, load nothing\n"
	       "Gate options (as for 'attest'): --ak FILE, -m/--manifest M,\n"
	       "  --manifest-sig S, --manifest-cert C, --manifest-ca CA,\n"
	       "  --allow-no-manifest, --require-ek, --log FILE, --log-hash ALG,\n"
	       "  --tcti CONF\n"
	       "Local verifier:\n"
	       "  --verifier-sealed F   the key sealed in the TPM under the boot PCRs\n"
	       "                        ('attest seal-key'; default %s)\n"
	       "  --verifier-key K      or a key file (default %s)\n"
	       "  --verifier-cert C     its certificate (default %s)\n"
	       "Rollback:\n"
	       "  --nv-counter[=INDEX]  check and advance the TPM NV counter (default\n"
	       "                        in local mode; INDEX default 0x%08x)\n"
	       "  --no-nv-counter       do not\n"
	       "  -v, --verbose         show the attestation's details and the request\n"
	       "  -h, --help            show this help and exit\n"
	       "\n"
	       "Exit status: 0 loaded (or attested), 1 failure, 2 usage, 3 attestation\n"
	       "refused (nothing pushed), 4 the kernel refused the policy or its ticket\n"
	       "(the active policy stays), 5 rollback: the version is below the TPM NV\n"
	       "counter (nothing pushed).\n",
	       PROG, cmd->name, PROG, cmd->name, PROG, cmd->name, PROG,
	       cmd->name, CORDON_VERIFIER_SEALED_PATH, CORDON_VERIFIER_KEY_PATH,
	       CORDON_VERIFIER_CERT_PATH, CORDON_NV_COUNTER_INDEX);
}

/* The version in a blob's header, once the blob is known to be well formed. */
static int blob_version(const void *blob, size_t len, uint64_t *version)
{
	struct cordon_policy_header h;
	char err[CORDON_ERR_MAX];

	if (cordon_policy_validate(blob, len, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: load: %s\n", PROG, err);
		return -1;
	}
	memcpy(&h, blob, sizeof(h));
	*version = le64toh(h.version);
	return 0;
}

int cmd_load(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		ATTEST_GATE_LONG_OPTIONS,
		{ "sig", required_argument, NULL, OPT_SIG },
		{ "no-attest", no_argument, NULL, OPT_NO_ATTEST },
		{ "verifier-key", required_argument, NULL, OPT_VERIFIER_KEY },
		{ "verifier-cert", required_argument, NULL, OPT_VERIFIER_CERT },
		{ "verifier-sealed", required_argument, NULL, OPT_VERIFIER_SEALED },
		{ "nv-counter", optional_argument, NULL, OPT_NV_COUNTER },
		{ "no-nv-counter", no_argument, NULL, OPT_NO_NV_COUNTER },
		{ "attest-only", no_argument, NULL, OPT_ATTEST_ONLY },
		{ "ticket", required_argument, NULL, OPT_TICKET },
		{ "ticket-sig", required_argument, NULL, OPT_TICKET_SIG },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *blob_path = NULL, *sig_path = NULL;
	const char *ticket_path = NULL, *tsig_path = NULL;
	bool no_attest = false, attest_only = false;
	struct attest_gate_args g = { 0 };
	struct load_verifier lv = { 0 };
	struct load_ticket lt = { 0 };
	uint32_t nv_index = CORDON_NV_COUNTER_INDEX;
	int nv = -1;		/* -1: the default, 0: off, 1: on */
	uint64_t version = 0;
	unsigned char *blob = NULL, *sig = NULL;
	unsigned char *ticket = NULL, *tsig = NULL;
	struct cordon_nl_ticket nt = { 0 };
	size_t len = 0, siglen = 0;
	char *tsig_buf = NULL;
	struct cordon_nl *nl = NULL;
	struct cordon_nl_status st;
	char err[CORDON_ERR_MAX];
	char *sig_buf = NULL;
	int c, rc, verbose = 0, status = EXIT_FAILURE;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:vh", opts, NULL)) != -1) {
		rc = attest_gate_option(&g, c, argv[optind - 1]);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc > 0)
			continue;
		switch (c) {
		case OPT_VERIFIER_KEY:
		case OPT_VERIFIER_CERT:
		case OPT_VERIFIER_SEALED:
			if (!*optarg) {
				usage_error(cmd->name, "empty argument for '%s'",
					    argv[optind - 1]);
				return EXIT_USAGE;
			}
			if (c == OPT_VERIFIER_KEY)
				lv.key = optarg;
			else if (c == OPT_VERIFIER_CERT)
				lv.cert = optarg;
			else
				lv.sealed = optarg;
			break;
		case OPT_NV_COUNTER: {
			unsigned long long idx;

			nv = 1;
			if (optarg && (strncmp(optarg, "0x", 2) != 0 ||
				       (idx = strtoull(optarg, NULL, 16),
					idx < 0x01000000ULL ||
					idx > 0x013fffffULL))) {
				usage_error(cmd->name,
					    "'--nv-counter' takes an NV index in 0x01000000-0x013fffff, not '%s'",
					    optarg);
				return EXIT_USAGE;
			}
			if (optarg)
				nv_index = (uint32_t)strtoull(optarg, NULL, 16);
			break;
		}
		case OPT_NO_NV_COUNTER:
			nv = 0;
			break;
		case OPT_SIG:
			if (!*optarg) {
				usage_error(cmd->name, "empty SIG for '--sig'");
				return EXIT_USAGE;
			}
			sig_path = optarg;
			break;
		case OPT_NO_ATTEST:
			no_attest = true;
			break;
		case OPT_ATTEST_ONLY:
			attest_only = true;
			break;
		case OPT_TICKET:
		case OPT_TICKET_SIG:
			if (!*optarg) {
				usage_error(cmd->name, "empty file name for '%s'",
					    c == OPT_TICKET ? "--ticket" :
							      "--ticket-sig");
				return EXIT_USAGE;
			}
			if (c == OPT_TICKET)
				ticket_path = optarg;
			else
				tsig_path = optarg;
			break;
		case 'v':
			verbose = 1;
			g.verbose = 1;
			break;
		case 'h':
			load_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (tsig_path && !ticket_path) {
		usage_error(cmd->name, "'--ticket-sig' without '--ticket'");
		return EXIT_USAGE;
	}
	if (ticket_path && (no_attest || attest_only || g.manifest)) {
		usage_error(cmd->name,
			    "'--ticket' replaces the attestation: no '%s' with it",
			    no_attest ? "--no-attest" :
			    attest_only ? "--attest-only" : "--manifest");
		return EXIT_USAGE;
	}
	if ((lv.key || lv.sealed || lv.cert) &&
	    (ticket_path || no_attest || attest_only)) {
		usage_error(cmd->name,
			    "the local verifier's options go with local mode, not with '--ticket', '--no-attest' or '--attest-only'");
		return EXIT_USAGE;
	}
	if (lv.key && lv.sealed) {
		usage_error(cmd->name,
			    "'--verifier-key' and '--verifier-sealed' exclude each other");
		return EXIT_USAGE;
	}
	if (no_attest && attest_only) {
		usage_error(cmd->name,
			    "'--no-attest' and '--attest-only' exclude each other");
		return EXIT_USAGE;
	}
	if (no_attest && g.manifest) {
		usage_error(cmd->name,
			    "'--manifest' is for the attestation, which '--no-attest' skips");
		return EXIT_USAGE;
	}
	if (attest_only) {
		if (optind < argc) {
			usage_error(cmd->name,
				    "unexpected argument '%s' with '--attest-only'",
				    argv[optind]);
			return EXIT_USAGE;
		}
		rc = attest_gate_check(&g);
		if (rc == 0)
			printf("attestation passed\n");
		else
			fprintf(stderr, "%s: %s: attestation failed\n", PROG,
				cmd->name);
		return rc == EXIT_SUCCESS || rc == EXIT_FAILURE ? rc :
		       LOAD_EXIT_ATTEST;
	}
	if (optind >= argc) {
		usage_error(cmd->name, "missing BLOB, the policy to load");
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		usage_error(cmd->name, "unexpected argument '%s'",
			    argv[optind + 1]);
		return EXIT_USAGE;
	}
	blob_path = argv[optind];
	if (!*blob_path) {
		usage_error(cmd->name, "empty BLOB");
		return EXIT_USAGE;
	}
	if (!sig_path) {
		if (asprintf(&sig_buf, "%s.p7s", blob_path) < 0) {
			fprintf(stderr, "%s: out of memory\n", PROG);
			return EXIT_FAILURE;
		}
		sig_path = sig_buf;
	}
	if (ticket_path && !tsig_path) {
		if (asprintf(&tsig_buf, "%s.p7s", ticket_path) < 0) {
			fprintf(stderr, "%s: out of memory\n", PROG);
			free(sig_buf);
			return EXIT_FAILURE;
		}
		tsig_path = tsig_buf;
	}

	/* everything that can fail cheaply fails before the attestation */
	if (cordon_sign_read_file(blob_path, CORDON_POLICY_MAX_SIZE, &blob,
				  &len, err, sizeof(err)) < 0 ||
	    cordon_sign_read_file(sig_path, CORDON_SIGNATURE_MAX_SIZE, &sig,
				  &siglen, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
		goto out;
	}
	if (len == 0 || siglen == 0) {
		fprintf(stderr, "%s: %s: %s is empty\n", PROG, cmd->name,
			len == 0 ? blob_path : sig_path);
		goto out;
	}
	/* the counter by default where the TPM is used anyway */
	if (nv < 0)
		nv = !ticket_path && !no_attest;
	if (nv && blob_version(blob, len, &version) < 0)
		goto out;
	if (ticket_path) {
		/* the kernel judges the ticket; it is only read here */
		if (cordon_sign_read_file(ticket_path, CORDON_NL_ATTR_MAX_PAYLOAD,
					  &ticket, &nt.len, err,
					  sizeof(err)) < 0 ||
		    cordon_sign_read_file(tsig_path, CORDON_NL_ATTR_MAX_PAYLOAD,
					  &tsig, &nt.siglen, err,
					  sizeof(err)) < 0) {
			fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
			goto out;
		}
		if (nt.len == 0 || nt.siglen == 0) {
			fprintf(stderr, "%s: %s: %s is empty\n", PROG,
				cmd->name, nt.len == 0 ? ticket_path : tsig_path);
			goto out;
		}
		nt.ticket = ticket;
		nt.sig = tsig;
	}
	if (nl_connect(cmd->name, &nl) < 0)
		goto out;
	/*
	 * Every command needs CAP_MAC_ADMIN: find out now, not after the
	 * attestation. Other failures here are left to the load to report.
	 */
	rc = cordon_nl_status(nl, &st, err, sizeof(err));
	if (rc == -EPERM && cordon_nl_refused(nl)) {
		nl_report(cmd->name, nl, rc, err);
		goto out;
	}
	if (rc == 0 && verbose)
		printf("active policy '%s' version %" PRIu64 "%s\n",
		       st.policy_name, st.policy_version,
		       st.builtin ? " (built in)" : "");

	if (nv) {
		status = load_counter_check(&g, nv_index, version);
		if (status != EXIT_SUCCESS)
			goto out;
		status = EXIT_FAILURE;
	}
	if (ticket_path) {
		if (verbose)
			printf("ticket %s (%zu bytes) signed by %s (%zu bytes): the kernel checks it\n",
			       ticket_path, nt.len, tsig_path, nt.siglen);
	} else if (no_attest) {
		fprintf(stderr,
			"%s: WARNING: loading without attestation (--no-attest): the measured state of this machine was not checked\n",
			PROG);
	} else {
		rc = load_local_ticket(&g, &lv, nl, blob, len, &lt);
		if (rc != 0) {
			fprintf(stderr,
				"%s: %s: attestation failed, nothing was loaded\n",
				PROG, cmd->name);
			status = rc;
			goto out;
		}
		if (lt.sig) {
			nt.ticket = &lt.t;
			nt.len = sizeof(lt.t);
			nt.sig = lt.sig;
			nt.siglen = lt.siglen;
		}
	}

	if (verbose)
		printf("loading %s (%zu bytes, %zu attributes) signed by %s (%zu bytes) through family '%s' (id %u)\n",
		       blob_path, len,
		       (len + CORDON_NL_CHUNK - 1) / CORDON_NL_CHUNK, sig_path,
		       siglen, CORDON_GENL_NAME, cordon_nl_family(nl));
	rc = cordon_nl_load_ticket(nl, blob, len, sig, siglen,
				   nt.ticket ? &nt : NULL, err, sizeof(err));
	if (rc < 0) {
		nl_report(cmd->name, nl, rc, err);
		if (cordon_nl_refused(nl) && cordon_nl_attest_refusal(rc))
			fprintf(stderr,
				"%s: %s: the kernel's attestation gate refused the load (see 'Load tickets' in cordonctl(8)); the active policy stays\n",
				PROG, cmd->name);
		if (cordon_nl_refused(nl))
			status = LOAD_EXIT_KERNEL;
		goto out;
	}
	status = EXIT_SUCCESS;
	if (nv)
		status = load_counter_advance(&g, nv_index, version);
	rc = cordon_nl_status(nl, &st, err, sizeof(err));
	if (rc < 0) {
		printf("loaded %s\n", blob_path);
		fprintf(stderr, "%s: %s: loaded, but the status is unavailable: %s\n",
			PROG, cmd->name, err);
		goto out;
	}
	printf("loaded policy '%s' version %" PRIu64, st.policy_name,
	       st.policy_version);
	if (st.has_digest) {
		printf(" sha256:");
		print_hex(st.digest, sizeof(st.digest));
	}
	printf("%s\n", st.ticketed ? " with a verifier ticket" : "");
out:
	cordon_nl_close(nl);
	free(lt.sig);
	free(tsig);
	free(ticket);
	free(tsig_buf);
	free(sig);
	free(blob);
	free(sig_buf);
	return status;
}

/* tag */

static void tag_help(const struct command *cmd)
{
	printf("Usage: %s %s --pid PID|--pidfd FD [--name NAME] [--profile PROFILE] [--no-arm]\n"
	       "\n"
	       "%s: the container that process PID (in this pid namespace)\n"
	       "belongs to gets the name NAME and, with --profile, the profile\n"
	       "PROFILE of the active policy instead of the one its selectors give.\n"
	       "At least one of --name and --profile is needed.  The container,\n"
	       "and every container nested in it, is armed from then on (unless\n"
	       "--no-arm).\n"
	       "\n"
	       "Options:\n"
	       "  --pid PID           a process in the container (sent as a pidfd\n"
	       "                      opened at once, so that the kernel acts on\n"
	       "                      that process or on none)\n"
	       "  --pidfd FD          a pidfd of a process in the container,\n"
	       "                      inherited (e.g. from a runtime's hook)\n"
	       "  --no-arm            only bind: the container arms at its first\n"
	       "                      execve (for a hook before the container's setup)\n"
	       "  --name NAME         the container's name, [A-Za-z0-9._-], 1-%d bytes\n"
	       "  --profile PROFILE   a profile of the active policy\n"
	       "  -h, --help          show this help and exit\n",
	       PROG, cmd->name, cmd->summary, CORDON_NAME_MAX - 1);
}

int cmd_tag(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, OPT_PID },
		{ "pidfd", required_argument, NULL, OPT_PIDFD },
		{ "no-arm", no_argument, NULL, OPT_NO_ARM },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *profile = NULL;
	unsigned long long pid = 0, pidfd_arg = 0;
	struct cordon_nl *nl;
	char err[CORDON_ERR_MAX];
	bool have_pid = false, have_pidfd = false, no_arm = false;
	int c, rc, pidfd = -1;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PID:
			if (parse_uint(optarg, 1, INT_MAX, &pid) < 0) {
				usage_error(cmd->name,
					    "'--pid' needs a process id, not '%s'",
					    optarg);
				return EXIT_USAGE;
			}
			have_pid = true;
			break;
		case OPT_PIDFD:
			if (parse_uint(optarg, 0, INT_MAX, &pidfd_arg) < 0) {
				usage_error(cmd->name,
					    "'--pidfd' needs a file descriptor, not '%s'",
					    optarg);
				return EXIT_USAGE;
			}
			have_pidfd = true;
			break;
		case OPT_NO_ARM:
			no_arm = true;
			break;
		case OPT_NAME:
		case OPT_PROFILE:
			if (!*optarg || strlen(optarg) >= CORDON_NAME_MAX) {
				usage_error(cmd->name,
					    "'--%s' needs 1 to %d bytes",
					    c == OPT_NAME ? "name" : "profile",
					    CORDON_NAME_MAX - 1);
				return EXIT_USAGE;
			}
			if (c == OPT_NAME)
				name = optarg;
			else
				profile = optarg;
			break;
		case 'h':
			tag_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (have_pid == have_pidfd) {
		usage_error(cmd->name, have_pid ?
			    "'--pid' and '--pidfd' exclude each other" :
			    "missing '--pid PID' or '--pidfd FD'");
		return EXIT_USAGE;
	}
	if (!name && !profile) {
		usage_error(cmd->name, "missing '--name NAME' or '--profile PROFILE'");
		return EXIT_USAGE;
	}
	if (have_pid) {
		/* pin the process now: the kernel acts on it or on none */
		pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		if (pidfd < 0) {
			fprintf(stderr, "%s %s: pid %llu: %s\n", PROG, cmd->name,
				pid, strerror(errno));
			return EXIT_FAILURE;
		}
	} else {
		pidfd = (int)pidfd_arg;
	}
	if (nl_connect(cmd->name, &nl) < 0) {
		if (have_pid)
			close(pidfd);
		return EXIT_FAILURE;
	}
	rc = cordon_nl_tag_pidfd(nl, pidfd, name, profile, !no_arm, err,
				 sizeof(err));
	if (have_pid)
		close(pidfd);
	if (rc < 0) {
		nl_report(cmd->name, nl, rc, err);
		cordon_nl_close(nl);
		return EXIT_FAILURE;
	}
	cordon_nl_close(nl);
	if (have_pid)
		printf("tagged the container of pid %llu:", pid);
	else
		printf("tagged the container of pidfd %llu:", pidfd_arg);
	if (name)
		printf(" name '%s'", name);
	if (profile)
		printf(" profile '%s'", profile);
	printf("\n");
	return EXIT_SUCCESS;
}

/* ps */

struct ps_row {
	struct cordon_nl_container c;	/* its strings are not used */
	char name[CORDON_NAME_MAX];
	char profile[CORDON_NAME_MAX];
};

struct ps_table {
	struct ps_row *rows;
	size_t n, cap;
};

static void copy_name(char *dst, const char *src)
{
	size_t n = strnlen(src, CORDON_NAME_MAX - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int ps_collect(const struct cordon_nl_container *c, void *data)
{
	struct ps_table *t = data;
	struct ps_row *r;

	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64;
		struct ps_row *nrows = realloc(t->rows, ncap * sizeof(*nrows));

		if (!nrows)
			return -ENOMEM;
		t->rows = nrows;
		t->cap = ncap;
	}
	r = &t->rows[t->n++];
	r->c = *c;
	copy_name(r->name, c->name);
	copy_name(r->profile, c->profile);
	return 0;
}

/* an absent name or profile, in the table: "-" */
static const char *ps_word(const char *s)
{
	return s[0] ? s : "-";
}

static void ps_help(const struct command *cmd)
{
	printf("Usage: %s %s\n"
	       "\n"
	       "%s, one line each: its id, name, profile, whether its\n"
	       "restrictions apply (armed), nesting depth, mount, pid and user\n"
	       "namespace inode numbers, and its denials and complaints.\n"
	       "\n"
	       "Options:\n"
	       "  -j, --json      print one JSON array of objects (see cordonctl(8))\n"
	       "      --no-legend do not print the header line\n"
	       "  -q, --quiet     print the container ids only, one a line\n"
	       "  -h, --help      show this help and exit\n",
	       PROG, cmd->name, cmd->summary);
}

/* The containers as a JSON array: the kernel's order and values. */
static int ps_json(const struct ps_table *t)
{
	struct json_object *a = json_object_new_array();
	int rc = a ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < t->n; i++) {
		struct cordon_nl_container c = t->rows[i].c;
		struct json_object *o;

		c.name = t->rows[i].name;
		c.profile = t->rows[i].profile;
		o = cordon_json_container(&c);
		if (!o || json_object_array_add(a, o) < 0) {
			json_object_put(o);
			rc = -ENOMEM;
		}
	}
	if (rc) {
		json_object_put(a);
		fprintf(stderr, "%s: ps: %s\n", PROG, strerror(-rc));
		return EXIT_FAILURE;
	}
	cordon_json_print(stdout, a, true);	/* main() checks the writes */
	json_object_put(a);
	return EXIT_SUCCESS;
}

int cmd_ps(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-legend", no_argument, NULL, OPT_NO_LEGEND },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ps_table t = { NULL, 0, 0 };
	int wname = 4, wprof = 7;
	bool json = false, legend = true, quiet = false;
	char err[CORDON_ERR_MAX];
	struct cordon_nl *nl;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jqh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case OPT_NO_LEGEND:
			legend = false;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			ps_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (json && quiet) {
		usage_error(cmd->name, "'--json' and '--quiet' do not go together");
		return EXIT_USAGE;
	}
	if (nl_connect(cmd->name, &nl) < 0)
		return EXIT_FAILURE;
	rc = cordon_nl_containers(nl, ps_collect, &t, err, sizeof(err));
	if (rc < 0) {
		nl_report(cmd->name, nl, rc, err);
		cordon_nl_close(nl);
		free(t.rows);
		return EXIT_FAILURE;
	}
	cordon_nl_close(nl);
	if (json) {
		rc = ps_json(&t);
		free(t.rows);
		return rc;
	}
	if (quiet) {
		for (size_t i = 0; i < t.n; i++)
			printf("%" PRIu64 "\n", t.rows[i].c.id);
		free(t.rows);
		return EXIT_SUCCESS;
	}
	for (size_t i = 0; i < t.n; i++) {
		int n = (int)strlen(ps_word(t.rows[i].name));
		int p = (int)strlen(ps_word(t.rows[i].profile));

		wname = n > wname ? n : wname;
		wprof = p > wprof ? p : wprof;
	}
	if (legend)
		printf("%6s  %-*s  %-*s  %-5s  %5s  %10s  %10s  %10s  %8s  %10s\n",
		       "ID", wname, "NAME", wprof, "PROFILE", "ARMED", "DEPTH",
		       "MNT", "PID", "USER", "DENIED", "COMPLAINED");
	for (size_t i = 0; i < t.n; i++) {
		const struct ps_row *r = &t.rows[i];
		char depth[16];

		if (r->c.has_depth)
			snprintf(depth, sizeof(depth), "%u", r->c.depth);
		else
			snprintf(depth, sizeof(depth), "-");
		printf("%6" PRIu64 "  %-*s  %-*s  %-5s  %5s  %10u  %10u  %10u  %8" PRIu64 "  %10" PRIu64 "\n",
		       r->c.id, wname, ps_word(r->name), wprof,
		       ps_word(r->profile),
		       r->c.armed ? "yes" : "no", depth, r->c.ns_mnt,
		       r->c.ns_pid, r->c.ns_user, r->c.denied,
		       r->c.complained);
	}
	free(t.rows);
	return EXIT_SUCCESS;
}

/* monitor */

struct monitor_state {
	unsigned long long count;	/* 0: no limit */
	unsigned long long seen;
	int write_error;
	bool json;			/* one JSON object a line */
};

/*
 * Print a string from the kernel as one word: bytes outside printable
 * ASCII, spaces, '=' and '\' as \xNN; "-" for an empty one.
 */
static void put_word(const char *s)
{
	if (!*s) {
		fputc('-', stdout);
		return;
	}
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch <= 0x20 || ch >= 0x7f || ch == '=' || ch == '\\')
			printf("\\x%02x", ch);
		else
			fputc(ch, stdout);
	}
}

static int monitor_event(const struct cordon_nl_event *ev, void *data)
{
	struct monitor_state *m = data;
	char stamp[64];
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (m->json) {
		struct json_object *o = cordon_json_event(ev, &ts);

		if (!o)
			return -ENOMEM;
		cordon_json_print(stdout, o, false);
		json_object_put(o);
		if (!ev)	/* the lost events: on stderr too */
			fprintf(stderr, "%s: monitor: events were lost (receive buffer overflow)\n",
				PROG);
		goto flush;
	}
	localtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	if (!ev) {
		fprintf(stderr, "%s: monitor: %s: events were lost (receive buffer overflow)\n",
			PROG, stamp);
		return 0;
	}
	printf("%s.%03ld ", stamp, ts.tv_nsec / 1000000);
	put_word(ev->action);
	printf(" area=");
	put_word(ev->area);
	printf(" op=");
	put_word(ev->op);
	printf(" rule=");
	put_word(ev->rule);
	if (ev->has_container_id)
		printf(" container=%" PRIu64, ev->container_id);
	else
		printf(" container=-");
	if (ev->has_pid)
		printf(" pid=%" PRIu32, ev->pid);
	else
		printf(" pid=-");
	printf(" comm=");
	put_word(ev->comm);
	printf(" profile=");
	put_word(ev->profile);
	if (ev->name[0]) {
		printf(" name=");
		put_word(ev->name);
	}
	printf("\n");
flush:
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		m->write_error = errno ? errno : EIO;
		return -m->write_error;
	}
	if (!ev)
		return 0;
	m->seen++;
	return m->count && m->seen >= m->count ? 1 : 0;
}

static void monitor_help(const struct command *cmd)
{
	printf("Usage: %s %s [--count N]\n"
	       "\n"
	       "%s: join the multicast group '%s' of the cordon family\n"
	       "and print one line per denial or complaint:\n"
	       "\n"
	       "  TIME ACTION area=AREA op=OP rule=RULE container=ID pid=PID comm=COMM profile=PROFILE\n"
	       "\n"
	       "TIME is local time when the event was received; container 0 is the\n"
	       "host. Bytes outside printable ASCII, spaces, '=' and '\\' are written\n"
	       "as \\xNN, an empty value as '-'. Runs until interrupted.\n"
	       "\n"
	       "Options:\n"
	       "  -c, --count N   exit after N events\n"
	       "  -j, --json      one JSON object a line instead (see cordonctl(8))\n"
	       "  -h, --help      show this help and exit\n",
	       PROG, cmd->name, cmd->summary, CORDON_GENL_MCGRP_EVENTS);
}

int cmd_monitor(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct monitor_state m = { 0, 0, 0, false };
	char err[CORDON_ERR_MAX];
	struct cordon_nl *nl;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			m.json = true;
			break;
		case 'c':
			if (parse_uint(optarg, 1, ULLONG_MAX, &m.count) < 0) {
				usage_error(cmd->name,
					    "'--count' needs a positive number, not '%s'",
					    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			monitor_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (nl_connect(cmd->name, &nl) < 0)
		return EXIT_FAILURE;
	rc = cordon_nl_monitor(nl, monitor_event, &m, err, sizeof(err));
	cordon_nl_close(nl);
	if (rc < 0) {
		if (m.write_error)
			fprintf(stderr, "%s: write error: %s\n", PROG,
				strerror(m.write_error));
		else
			fprintf(stderr, "%s: %s: %s%s\n", PROG, cmd->name, err,
				rc == -EPERM ? " (needs CAP_MAC_ADMIN)" : "");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
