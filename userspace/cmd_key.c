// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl key add, key list: the .cordon and .cordon_verifier keyrings
 *
 * The kernel creates ".cordon" (policy signers) and ".cordon_verifier"
 * (verifiers, who sign load tickets) at boot, owned by root, not linked into any
 * process keyring; it lists in /proc/keys, where find_key_by_type_and_desc()
 * finds it. It accepts a certificate only when a key of the builtin or
 * secondary trusted keyring signed it (restrict_link_by_builtin_and_
 * secondary_trusted), and policies are verified against its keys;
 * ".cordon_verifier" is the same for tickets.
 */
#include <errno.h>
#include <getopt.h>
#include <keyutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>
#include <cordon/nl.h>
#include <cordon/sign.h>

#include "cmd.h"

#define CORDON_KEYRING ".cordon"
#define CORDON_VERIFIER_KEYRING ".cordon_verifier"

enum { OPT_KEYRING = 0x300, OPT_VERIFIER };

static void key_help(const struct command *cmd)
{
	printf("Usage: %s %s [--verifier | --keyring KEYRING] add CERT\n"
	       "       %s %s [--verifier | --keyring KEYRING] list\n"
	       "\n"
	       "%s.\n"
	       "\n"
	       "  add CERT   add the X.509 certificate CERT (PEM or DER) as an\n"
	       "             \"asymmetric\" key; the kernel takes it only if a key\n"
	       "             of its builtin or secondary trusted keyring signed it\n"
	       "  list       list the keys in the keyring\n"
	       "\n"
	       "Options:\n"
	       "  --verifier          the kernel's '%s' keyring: verifiers,\n"
	       "                      whose keys sign load tickets (not policies)\n"
	       "  --keyring KEYRING   another keyring: an id, %%:NAME, or @s @u @us @p @t\n"
	       "                      (default: the kernel's '%s' keyring, policy signers)\n"
	       "  -h, --help          show this help and exit\n",
	       PROG, cmd->name, PROG, cmd->name, cmd->summary,
	       CORDON_VERIFIER_KEYRING, CORDON_KEYRING);
}

/*
 * Find a keyring by name: in the process's keyrings, then in /proc/keys
 * (which lists the keys the caller may view). 0 (message printed) if none.
 */
static int find_keyring(const char *name, key_serial_t *id)
{
	key_serial_t k = find_key_by_type_and_desc("keyring", name, 0);
	int e = errno;

	if (k < 0) {
		fprintf(stderr, "%s: key: no keyring '%s': %s", PROG, name,
			strerror(e));
		if (strcmp(name, CORDON_KEYRING) == 0 ||
		    strcmp(name, CORDON_VERIFIER_KEYRING) == 0)
			fprintf(stderr,
				" (is cordon active? the kernel creates it at boot; see /proc/keys)");
		fputc('\n', stderr);
		return -1;
	}
	*id = k;
	return 0;
}

/* Resolve --keyring's argument (NULL: .cordon); -1 (message printed). */
static int resolve_keyring(const char *spec, key_serial_t *id)
{
	static const struct {
		const char *name;
		key_serial_t id;
	} specials[] = {
		{ "@t", KEY_SPEC_THREAD_KEYRING },
		{ "@p", KEY_SPEC_PROCESS_KEYRING },
		{ "@s", KEY_SPEC_SESSION_KEYRING },
		{ "@u", KEY_SPEC_USER_KEYRING },
		{ "@us", KEY_SPEC_USER_SESSION_KEYRING },
	};
	long long v;
	char *end;

	if (!spec)
		return find_keyring(CORDON_KEYRING, id);
	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		if (strcmp(spec, specials[i].name) == 0) {
			*id = specials[i].id;
			return 0;
		}
	}
	if (strncmp(spec, "%:", 2) == 0 && spec[2])
		return find_keyring(spec + 2, id);
	errno = 0;
	v = strtoll(spec, &end, 0);
	if (!errno && *spec >= '0' && *spec <= '9' && !*end && v > 0 &&
	    v <= 0x7fffffff) {
		*id = (key_serial_t)v;
		return 0;
	}
	fprintf(stderr, "%s: key: '%s' is no keyring id, %%:NAME or @s @u @us @p @t\n",
		PROG, spec);
	return -1;
}

/* The type and description of a key, from keyctl_describe(). */
static int describe(key_serial_t id, char **type, char **desc, char **buf)
{
	char *p;

	if (keyctl_describe_alloc(id, buf) < 0)
		return -errno;
	/* "type;uid;gid;perm;description" */
	*type = *buf;
	p = *buf;
	for (int i = 0; i < 4; i++) {
		p = strchr(p, ';');
		if (!p) {
			free(*buf);
			*buf = NULL;
			return -EPROTO;
		}
		*p++ = '\0';
	}
	*desc = p;
	return 0;
}

static const char *add_reason(int e)
{
	switch (e) {
	case ENOKEY:
		return "not signed by a trusted key (no key of the builtin or secondary trusted keyring signed it)";
	case EKEYREJECTED:
		return "not signed by a trusted key (its signature does not verify, or a key is blacklisted)";
	case EBADMSG:
		return "the kernel cannot parse the certificate";
	case ENOPKG:
		return "the kernel does not support the certificate's algorithms";
	case EACCES:
	case EPERM:
		return "no permission to add to the keyring (run as root)";
	case ENODEV:
		return "the kernel has no \"asymmetric\" key type (CONFIG_ASYMMETRIC_KEY_TYPE)";
	case EDQUOT:
		return "key quota exceeded";
	default:
		return "the kernel refused it";
	}
}

static int key_add(const char *cert, key_serial_t keyring)
{
	char *type = NULL, *desc = NULL, *buf = NULL;
	char err[CORDON_ERR_MAX];
	unsigned char *der;
	key_serial_t id;
	size_t len;
	int e;

	if (cordon_cert_read_der(cert, &der, &len, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: key add: %s\n", PROG, err);
		return EXIT_FAILURE;
	}
	id = add_key("asymmetric", NULL, der, len, keyring);
	e = errno;
	free(der);
	if (id < 0) {
		fprintf(stderr, "%s: key add: %s refused: %s (%s: %s)\n", PROG,
			cert, add_reason(e), cordon_nl_errname(e), strerror(e));
		return EXIT_FAILURE;
	}
	if (describe(id, &type, &desc, &buf) == 0)
		printf("added key %d: %s\n", id, desc);
	else
		printf("added key %d\n", id);
	free(buf);
	return EXIT_SUCCESS;
}

static int key_list(key_serial_t keyring)
{
	key_serial_t *ids;
	void *raw = NULL;
	long n;
	int e;

	n = keyctl_read_alloc(keyring, &raw);
	if (n < 0) {
		e = errno;
		fprintf(stderr, "%s: key list: cannot read the keyring: %s\n",
			PROG, strerror(e));
		return EXIT_FAILURE;
	}
	ids = raw;
	printf("%10s  %-12s  %s\n", "ID", "TYPE", "DESCRIPTION");
	for (long i = 0; i < n / (long)sizeof(key_serial_t); i++) {
		char *type, *desc, *buf = NULL;
		int rc = describe(ids[i], &type, &desc, &buf);

		if (rc < 0)
			printf("%10d  %-12s  (cannot describe it: %s)\n", ids[i],
			       "?", strerror(-rc));
		else
			printf("%10d  %-12s  %s\n", ids[i], type, desc);
		free(buf);
	}
	free(raw);
	return EXIT_SUCCESS;
}

int cmd_key(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "keyring", required_argument, NULL, OPT_KEYRING },
		{ "verifier", no_argument, NULL, OPT_VERIFIER },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = NULL, *sub;
	bool verifier = false;
	key_serial_t keyring;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_KEYRING:
			if (!*optarg) {
				usage_error(cmd->name,
					    "empty KEYRING for '--keyring'");
				return EXIT_USAGE;
			}
			spec = optarg;
			break;
		case OPT_VERIFIER:
			verifier = true;
			break;
		case 'h':
			key_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (verifier && spec) {
		usage_error(cmd->name,
			    "'--keyring' and '--verifier' exclude each other");
		return EXIT_USAGE;
	}
	if (verifier)
		spec = "%:" CORDON_VERIFIER_KEYRING;
	if (optind >= argc) {
		usage_error(cmd->name, "missing 'add CERT' or 'list'");
		return EXIT_USAGE;
	}
	sub = argv[optind++];
	if (strcmp(sub, "add") == 0) {
		if (optind >= argc) {
			usage_error(cmd->name, "missing CERT after 'add'");
			return EXIT_USAGE;
		}
		if (optind + 1 < argc) {
			usage_error(cmd->name, "unexpected argument '%s'",
				    argv[optind + 1]);
			return EXIT_USAGE;
		}
		if (resolve_keyring(spec, &keyring) < 0)
			return EXIT_FAILURE;
		return key_add(argv[optind], keyring);
	}
	if (strcmp(sub, "list") == 0) {
		if (optind < argc) {
			usage_error(cmd->name, "unexpected argument '%s'",
				    argv[optind]);
			return EXIT_USAGE;
		}
		if (resolve_keyring(spec, &keyring) < 0)
			return EXIT_FAILURE;
		return key_list(keyring);
	}
	usage_error(cmd->name, "unknown subcommand '%s' (add or list)", sub);
	return EXIT_USAGE;
}
