// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl challenge, ticket: the kernel's load challenge and the tickets
 * that answer it
 *
 * `challenge` prints the kernel's current load challenge. `ticket` writes
 * and signs a ticket for a challenge and a policy blob as a verifier does,
 * without checking any evidence itself: it is for tests, and for a
 * verifier that has checked the machine's state by other means.
 * `ticket --show` prints what a ticket says (text or JSON, from one
 * json-c object).
 *
 * Exit status: 0 success; 1 failure; 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/cordon.h>

#include <json-c/json.h>

#include <cordon/cordon.h>
#include <cordon/nl.h>
#include <cordon/sign.h>
#include <cordon/ticket.h>

#include "cmd.h"

enum {
	OPT_CHALLENGE = 0x400,
	OPT_FROM_KERNEL,
	OPT_POLICY,
	OPT_PCR_DIGEST,
	OPT_FLAGS,
	OPT_KEY,
	OPT_CERT,
	OPT_ISSUED,
	OPT_SHOW,
};

static void print_hex(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static const struct {
	const char *name;
	uint32_t bit;
} flag_names[] = {
	{ "manifest", CORDON_TICKET_F_MANIFEST },
	{ "ek", CORDON_TICKET_F_EK },
	{ "local", CORDON_TICKET_F_LOCAL },
};

#define N_FLAGS (sizeof(flag_names) / sizeof(flag_names[0]))

static json_object *json_hex(const unsigned char *p, size_t n)
{
	char buf[2 * 64 + 1];

	for (size_t i = 0; i < n && i < 64; i++)
		snprintf(buf + 2 * i, 3, "%02x", p[i]);
	buf[2 * (n < 64 ? n : 64)] = '\0';
	return json_object_new_string(buf);
}

/* Read the kernel's challenge; -1 (message printed) on failure. */
static int read_challenge(const char *verb, unsigned char *challenge)
{
	char err[CORDON_ERR_MAX];
	struct cordon_nl *nl;
	int rc;

	if (cordon_nl_open(&nl, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, verb, err);
		return -1;
	}
	rc = cordon_nl_challenge(nl, challenge, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "%s: %s: %s%s\n", PROG, verb,
			cordon_nl_refused(nl) ? "refused: " : "", err);
	cordon_nl_close(nl);
	return rc < 0 ? -1 : 0;
}

/* challenge */

static void challenge_help(const struct command *cmd)
{
	printf("Usage: %s %s\n"
	       "\n"
	       "%s: the %d random bytes, in hex, that a ticket for the next\n"
	       "policy load must carry. The kernel replaces them after every load\n"
	       "attempt, accepted or refused.\n"
	       "\n"
	       "Options:\n"
	       "  -h, --help   show this help and exit\n",
	       PROG, cmd->name, cmd->summary, CORDON_CHALLENGE_SIZE);
}

int cmd_challenge(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned char challenge[CORDON_CHALLENGE_SIZE];
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			challenge_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (read_challenge(cmd->name, challenge) < 0)
		return EXIT_FAILURE;
	print_hex(challenge, sizeof(challenge));
	printf("\n");
	return EXIT_SUCCESS;
}

/* ticket */

static void ticket_help(const struct command *cmd)
{
	printf("Usage: %s %s (--challenge HEX | --from-kernel) --policy BLOB\n"
	       "       %*s --pcr-digest HEX [--flags LIST] --key KEY --cert CERT\n"
	       "       %*s -o TICKET\n"
	       "       %s %s --show TICKET [--policy BLOB] [-j]\n"
	       "\n"
	       "%s: write the ticket allowing the load of BLOB\n"
	       "against the given load challenge to TICKET, and its detached\n"
	       "signature by KEY to TICKET.p7s. Nothing is checked: the caller\n"
	       "vouches for the machine's state. The kernel accepts the ticket\n"
	       "only if CERT is in its .cordon_verifier keyring.\n"
	       "\n"
	       "Options:\n"
	       "  --challenge HEX     the kernel's load challenge (64 hex digits)\n"
	       "  --from-kernel       read the challenge from the running kernel\n"
	       "  --policy BLOB       the policy blob the ticket allows\n"
	       "  --pcr-digest HEX    SHA-256 of the quoted PCR values (64 hex digits)\n"
	       "  --flags LIST        what the verifier checked, comma-separated:\n"
	       "                      manifest, ek, local (default: none)\n"
	       "  --issued SECONDS    the issue time (default: now)\n"
	       "  --key KEY           the verifier's private key (PEM or DER)\n"
	       "  --cert CERT         the verifier's certificate (PEM or DER)\n"
	       "  -o, --output TICKET the ticket file; the signature goes to TICKET.p7s\n"
	       "  --show TICKET       print what TICKET says (its signature is the\n"
	       "                      kernel's to check); with --policy, exit 1 unless\n"
	       "                      it is for BLOB\n"
	       "  -j, --json          --show prints one JSON object\n"
	       "  -h, --help          show this help and exit\n",
	       PROG, cmd->name, (int)(strlen(PROG) + strlen(cmd->name) + 1), "",
	       (int)(strlen(PROG) + strlen(cmd->name) + 1), "", PROG, cmd->name,
	       cmd->summary);
}

static int parse_flags(const char *list, uint32_t *flags)
{
	const char *p = list;

	*flags = 0;
	while (*p) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < N_FLAGS; i++)
			if (strlen(flag_names[i].name) == n &&
			    strncmp(p, flag_names[i].name, n) == 0)
				break;
		if (i == N_FLAGS)
			return -1;
		*flags |= flag_names[i].bit;
		p += n;
		if (*p == ',' && *++p == '\0')
			return -1;
	}
	return 0;
}

/*
 * What the ticket in @path says, as one JSON object; with @policy, whether
 * it is for that blob ("policy_matches"). NULL (message printed) on error.
 */
static json_object *ticket_json(const char *verb, const char *path,
				 const char *policy)
{
	uint8_t digest[CORDON_DIGEST_SIZE], blob_digest[CORDON_DIGEST_SIZE];
	unsigned char *buf = NULL, *blob = NULL;
	struct cordon_ticket_info info;
	json_object *o = NULL, *flags;
	char err[CORDON_ERR_MAX];
	size_t len = 0, blen = 0;

	if (cordon_sign_read_file(path, 65536, &buf, &len, err,
				  sizeof(err)) < 0 ||
	    cordon_ticket_decode(buf, len, &info, err, sizeof(err)) < 0 ||
	    (policy && cordon_sign_read_file(policy, CORDON_POLICY_MAX_SIZE,
					     &blob, &blen, err,
					     sizeof(err)) < 0)) {
		fprintf(stderr, "%s: %s: %s\n", PROG, verb, err);
		goto out;
	}
	if (cordon_ticket_sha256(buf, len, digest) < 0 ||
	    (policy && cordon_ticket_sha256(blob, blen, blob_digest) < 0)) {
		fprintf(stderr, "%s: %s: SHA-256 failed\n", PROG, verb);
		goto out;
	}
	o = json_object_new_object();
	flags = json_object_new_array();
	if (!o || !flags) {
		json_object_put(flags);
		goto oom;
	}
	for (size_t i = 0; i < N_FLAGS; i++)
		if (info.flags & flag_names[i].bit)
			json_object_array_add(flags, json_object_new_string(flag_names[i].name));
	json_object_object_add(o, "challenge",
			       json_hex(info.challenge, sizeof(info.challenge)));
	json_object_object_add(o, "policy_digest",
			       json_hex(info.policy_digest,
					sizeof(info.policy_digest)));
	if (policy)
		json_object_object_add(o, "policy_matches",
				       json_object_new_boolean(!memcmp(blob_digest,
								       info.policy_digest,
								       sizeof(blob_digest))));
	json_object_object_add(o, "pcr_digest",
			       json_hex(info.pcr_digest, sizeof(info.pcr_digest)));
	json_object_object_add(o, "flags", flags);
	json_object_object_add(o, "issued", json_object_new_uint64(info.issued));
	json_object_object_add(o, "ticket_digest",
			       json_hex(digest, sizeof(digest)));
	goto out;
oom:
	fprintf(stderr, "%s: %s: out of memory\n", PROG, verb);
	json_object_put(o);
	o = NULL;
out:
	free(blob);
	free(buf);
	return o;
}

/* `ticket --show`: text ("key: value" lines) or JSON, from one object */
static int ticket_show(const char *verb, const char *path, const char *policy,
		       bool json)
{
	json_object *o = ticket_json(verb, path, policy), *v;
	bool matches = true;

	if (!o)
		return EXIT_FAILURE;
	if (json_object_object_get_ex(o, "policy_matches", &v))
		matches = json_object_get_boolean(v);
	if (json) {
		printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	} else {
		json_object_object_foreach(o, key, val) {
			char name[32];

			snprintf(name, sizeof(name), "%s:", key);
			if (json_object_is_type(val, json_type_array)) {
				size_t n = json_object_array_length(val);

				printf("%-16s", name);
				for (size_t i = 0; i < n; i++)
					printf("%s%s", i ? "," : "",
					       json_object_get_string(json_object_array_get_idx(val, i)));
				printf("%s\n", n ? "" : "-");
			} else if (json_object_is_type(val, json_type_boolean)) {
				printf("%-16s%s\n", name,
				       json_object_get_boolean(val) ? "yes" : "no");
			} else {
				printf("%-16s%s\n", name,
				       json_object_get_string(val));
			}
		}
	}
	json_object_put(o);
	if (!matches) {
		fprintf(stderr, "%s: %s: %s is not for %s\n", PROG, verb, path,
			policy);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

int cmd_ticket(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "challenge", required_argument, NULL, OPT_CHALLENGE },
		{ "from-kernel", no_argument, NULL, OPT_FROM_KERNEL },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "pcr-digest", required_argument, NULL, OPT_PCR_DIGEST },
		{ "flags", required_argument, NULL, OPT_FLAGS },
		{ "issued", required_argument, NULL, OPT_ISSUED },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "output", required_argument, NULL, 'o' },
		{ "show", required_argument, NULL, OPT_SHOW },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *show = NULL;
	bool json = false;
	const char *challenge_hex = NULL, *policy = NULL, *pcr_hex = NULL;
	const char *key = NULL, *cert = NULL, *out = NULL;
	struct cordon_ticket_info info = { 0 };
	bool from_kernel = false, have_issued = false;
	char err[CORDON_ERR_MAX];
	struct cordon_ticket t;
	unsigned char *blob = NULL;
	size_t len = 0;
	int c, status = EXIT_FAILURE;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:jh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_SHOW:
			show = optarg;
			break;
		case 'j':
			json = true;
			break;
		case OPT_CHALLENGE:
			challenge_hex = optarg;
			break;
		case OPT_FROM_KERNEL:
			from_kernel = true;
			break;
		case OPT_POLICY:
			policy = optarg;
			break;
		case OPT_PCR_DIGEST:
			pcr_hex = optarg;
			break;
		case OPT_FLAGS:
			if (parse_flags(optarg, &info.flags) < 0) {
				usage_error(cmd->name,
					    "bad '--flags' list '%s' (manifest, ek, local)",
					    optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_ISSUED: {
			char *end;

			errno = 0;
			info.issued = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || errno) {
				usage_error(cmd->name,
					    "bad '--issued' '%s' (seconds since the epoch)",
					    optarg);
				return EXIT_USAGE;
			}
			have_issued = true;
			break;
		}
		case OPT_KEY:
			key = optarg;
			break;
		case OPT_CERT:
			cert = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			ticket_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmd->name, argc, argv))
		return EXIT_USAGE;
	if (show) {
		if (challenge_hex || from_kernel || pcr_hex || key || cert ||
		    out || have_issued || info.flags) {
			usage_error(cmd->name,
				    "'--show' takes only '--policy' and '-j'");
			return EXIT_USAGE;
		}
		if (!*show || (policy && !*policy)) {
			usage_error(cmd->name, "empty file name");
			return EXIT_USAGE;
		}
		return ticket_show(cmd->name, show, policy, json);
	}
	if (json) {
		usage_error(cmd->name, "'-j' is for '--show'");
		return EXIT_USAGE;
	}
	if (!challenge_hex == !from_kernel) {
		usage_error(cmd->name,
			    "give one of '--challenge HEX' and '--from-kernel'");
		return EXIT_USAGE;
	}
	if (!policy || !pcr_hex || !key || !cert || !out) {
		usage_error(cmd->name, "missing %s",
			    !policy ? "'--policy BLOB'" :
			    !pcr_hex ? "'--pcr-digest HEX'" :
			    !key ? "'--key KEY'" :
			    !cert ? "'--cert CERT'" : "'-o TICKET'");
		return EXIT_USAGE;
	}
	if (!*policy || !*key || !*cert || !*out) {
		usage_error(cmd->name, "empty file name");
		return EXIT_USAGE;
	}
	if (challenge_hex &&
	    cordon_ticket_hex(challenge_hex, info.challenge,
			      sizeof(info.challenge)) < 0) {
		usage_error(cmd->name,
			    "'--challenge' takes %d hex digits",
			    2 * CORDON_CHALLENGE_SIZE);
		return EXIT_USAGE;
	}
	if (cordon_ticket_hex(pcr_hex, info.pcr_digest,
			      sizeof(info.pcr_digest)) < 0) {
		usage_error(cmd->name, "'--pcr-digest' takes %d hex digits",
			    2 * CORDON_DIGEST_SIZE);
		return EXIT_USAGE;
	}
	if (!have_issued)
		info.issued = (uint64_t)time(NULL);

	if (cordon_sign_read_file(policy, CORDON_POLICY_MAX_SIZE, &blob, &len,
				  err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
		goto out;
	}
	if (cordon_ticket_sha256(blob, len, info.policy_digest) < 0) {
		fprintf(stderr, "%s: %s: SHA-256 failed\n", PROG, cmd->name);
		goto out;
	}
	if (from_kernel && read_challenge(cmd->name, info.challenge) < 0)
		goto out;
	if (cordon_ticket_encode(&info, &t, err, sizeof(err)) < 0 ||
	    cordon_ticket_write(&t, key, cert, out, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, cmd->name, err);
		goto out;
	}
	printf("wrote %s and %s.p7s: challenge ", out, out);
	print_hex(info.challenge, sizeof(info.challenge));
	printf(" policy sha256:");
	print_hex(info.policy_digest, sizeof(info.policy_digest));
	printf("\n");
	status = EXIT_SUCCESS;
out:
	free(blob);
	return status;
}
