// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl sign
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/cordon.h>

#include <cordon/cordon.h>
#include <cordon/sign.h>

#include "cmd.h"

static void sign_help(const struct command *cmd)
{
	printf("Usage: %s %s --key KEY --cert CERT [-o OUT] IN\n"
	       "\n"
	       "%s: write a detached CMS (PKCS#7) signature of IN, in DER,\n"
	       "as the kernel's scripts/sign-file makes them (SHA-256, no signed\n"
	       "attributes, no certificates, signer named by issuer and serial).\n"
	       "\n"
	       "Options:\n"
	       "  -k, --key KEY      the private key, PEM or DER\n"
	       "  -c, --cert CERT    its X.509 certificate, PEM or DER\n"
	       "  -o, --output OUT   write the signature to OUT (default IN.p7s)\n"
	       "  -h, --help         show this help and exit\n",
	       PROG, cmd->name, cmd->summary);
}

int cmd_sign(const struct command *cmd, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *key = NULL, *cert = NULL, *out = NULL, *in;
	unsigned char *blob = NULL, *sig = NULL;
	size_t len, siglen;
	char err[CORDON_ERR_MAX];
	char *outbuf = NULL;
	int c, status = EXIT_FAILURE;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":k:c:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			key = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			sign_help(cmd);
			return EXIT_SUCCESS;
		default:
			option_error(cmd->name, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (!key || !*key) {
		usage_error(cmd->name, "missing '--key KEY'");
		return EXIT_USAGE;
	}
	if (!cert || !*cert) {
		usage_error(cmd->name, "missing '--cert CERT'");
		return EXIT_USAGE;
	}
	if (out && !*out) {
		usage_error(cmd->name, "empty OUT for '--output'");
		return EXIT_USAGE;
	}
	if (optind >= argc) {
		usage_error(cmd->name, "missing IN, the file to sign");
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		usage_error(cmd->name, "unexpected argument '%s'",
			    argv[optind + 1]);
		return EXIT_USAGE;
	}
	in = argv[optind];
	if (!out) {
		if (asprintf(&outbuf, "%s.p7s", in) < 0) {
			fprintf(stderr, "%s: out of memory\n", PROG);
			return EXIT_FAILURE;
		}
		out = outbuf;
	}

	if (cordon_sign_read_file(in, CORDON_POLICY_MAX_SIZE, &blob, &len, err,
				  sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", PROG, err);
		goto done;
	}
	if (cordon_sign_buf(blob, len, key, cert, &sig, &siglen, err,
			    sizeof(err)) < 0) {
		fprintf(stderr, "%s: cannot sign %s: %s\n", PROG, in, err);
		goto done;
	}
	if (siglen > CORDON_SIGNATURE_MAX_SIZE) {
		fprintf(stderr,
			"%s: the signature is %zu bytes, more than the kernel takes (%u)\n",
			PROG, siglen, CORDON_SIGNATURE_MAX_SIZE);
		goto done;
	}
	if (cordon_sign_write_file(out, sig, siglen, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", PROG, err);
		goto done;
	}
	status = EXIT_SUCCESS;
done:
	free(sig);
	free(blob);
	free(outbuf);
	return status;
}
