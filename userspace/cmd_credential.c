// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl verify credential, verify check-credential: the remote
 * verifier's side of the credential exchange (the target's is `attest
 * activate`, cmd_enroll.c), which proves to the verifier itself that a
 * pinned attestation key lives in the TPM of a certified EK
 * (cordon_credential_make(), <cordon/tpm.h>).
 *
 * Exit status: 0 done (check-credential: the secrets match); 1 failure;
 * 2 usage error; 5 the EK certificate does not chain, or the secret
 * differs.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include <cordon/cordon.h>
#include <cordon/sign.h>
#include <cordon/ticket.h>
#include <cordon/tpm.h>

#include "cmd.h"

#define EXIT_CREDENTIAL_REFUSED 5

enum {
	OPT_EK_CA = 0x700,
	OPT_SECRET,
};

static void credential_help(void)
{
	printf("Usage: %s verify credential AKPUB --ek-ca BUNDLE -o CRED\n"
	       "       %s verify check-credential CRED --secret HEX\n"
	       "\n"
	       "The verifier's side of the credential exchange.  'credential' checks\n"
	       "that the EK certificate of the pinned key AKPUB chains to BUNDLE and\n"
	       "writes CRED, a secret encrypted to that EK for the key's name\n"
	       "(MakeCredential), for the target, and CRED.secret (mode 0600), which\n"
	       "stays here.  The target runs 'cordonctl attest activate CRED' and sends\n"
	       "back the secret it prints; 'check-credential' compares it with\n"
	       "CRED.secret: they match only if the key lives in the TPM of that EK.\n"
	       "\n"
	       "Exit status: 0 written / the secret matches, 1 failure, 2 usage,\n"
	       "5 no chain to BUNDLE, or the secret differs.\n",
	       PROG, PROG);
}

static int make(const char *akpub, const char *ca, const char *out)
{
	uint8_t secret[CORDON_CREDENTIAL_SECRET_SIZE];
	char err[CORDON_ERR_MAX], hex[2 * sizeof(secret) + 2], *json = NULL;
	char *spath = NULL;
	struct cordon_ak ak;
	mode_t old;
	int rc;

	if (attest_read_ak(akpub, &ak) < 0)
		return EXIT_FAILURE;
	rc = cordon_credential_make(&ak, ca, secret, &json, err, sizeof(err));
	cordon_ak_free(&ak);
	if (rc < 0) {
		fprintf(stderr, "%s: verify credential: %s\n", PROG, err);
		return rc == -EKEYREJECTED ? EXIT_CREDENTIAL_REFUSED :
					     EXIT_FAILURE;
	}
	for (size_t i = 0; i < sizeof(secret); i++)
		sprintf(hex + 2 * i, "%02x", secret[i]);
	strcat(hex, "\n");
	OPENSSL_cleanse(secret, sizeof(secret));
	old = umask(077);
	rc = asprintf(&spath, "%s.secret", out) < 0 ? -ENOMEM :
	     cordon_sign_write_file(spath, hex, strlen(hex), err, sizeof(err));
	if (rc == 0)
		rc = cordon_sign_write_file(out, json, strlen(json), err,
					    sizeof(err));
	umask(old);
	OPENSSL_cleanse(hex, sizeof(hex));
	if (rc < 0)
		fprintf(stderr, "%s: verify credential: %s\n", PROG,
			rc == -ENOMEM ? strerror(ENOMEM) : err);
	else
		printf("verify: credential for the pinned key in %s (send it to the target); its secret in %s (keep it here)\n",
		       out, spath);
	free(spath);
	free(json);
	return rc < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int check(const char *cred, const char *hex)
{
	uint8_t want[CORDON_CREDENTIAL_SECRET_SIZE];
	uint8_t got[CORDON_CREDENTIAL_SECRET_SIZE];
	char err[CORDON_ERR_MAX], *spath = NULL, *text = NULL;
	size_t len = 0;
	int rc;

	if (cordon_ticket_hex(hex, got, sizeof(got)) < 0) {
		usage_error("verify check-credential",
			    "'--secret' needs %zu hex digits", 2 * sizeof(got));
		return EXIT_USAGE;
	}
	if (asprintf(&spath, "%s.secret", cred) < 0)
		return EXIT_FAILURE;
	rc = cordon_read_file(spath, 4096, &text, &len, err, sizeof(err));
	free(spath);
	if (rc == 0 && (len < 2 * sizeof(want) ||
			(text[2 * sizeof(want)] = '\0',
			 cordon_ticket_hex(text, want, sizeof(want)) < 0))) {
		snprintf(err, sizeof(err), "%s.secret: not a secret", cred);
		rc = -EBADMSG;
	}
	if (text)
		OPENSSL_cleanse(text, len);
	free(text);
	if (rc < 0) {
		fprintf(stderr, "%s: verify check-credential: %s\n", PROG, err);
		return EXIT_FAILURE;
	}
	rc = CRYPTO_memcmp(want, got, sizeof(want));
	OPENSSL_cleanse(want, sizeof(want));
	if (rc != 0) {
		fprintf(stderr, "%s: verify check-credential: refused: the secret is not the one encrypted to the certified EK: the pinned key does not live in that TPM\n",
			PROG);
		return EXIT_CREDENTIAL_REFUSED;
	}
	printf("verify: credential activated: the pinned key lives in the TPM of the certified EK\n");
	return EXIT_SUCCESS;
}

int cmd_verify_credential(const char *cmdname, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "ek-ca", required_argument, NULL, OPT_EK_CA },
		{ "secret", required_argument, NULL, OPT_SECRET },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool make_mode = strcmp(argv[0], "credential") == 0;
	const char *ca = NULL, *out = NULL, *secret = NULL;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_EK_CA:
		case OPT_SECRET:
		case 'o':
			if (!*optarg) {
				usage_error(cmdname, "empty argument for '%s'",
					    argv[optind - 1]);
				return EXIT_USAGE;
			}
			if (c == OPT_EK_CA)
				ca = optarg;
			else if (c == OPT_SECRET)
				secret = optarg;
			else
				out = optarg;
			break;
		case 'h':
			credential_help();
			return EXIT_SUCCESS;
		default:
			option_error(cmdname, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || !*argv[optind]) {
		usage_error(cmdname, "needs one %s", make_mode ? "AKPUB" : "CRED");
		return EXIT_USAGE;
	}
	if (make_mode && (!ca || !out || secret)) {
		usage_error(cmdname, "needs '--ek-ca BUNDLE' and '-o CRED'");
		return EXIT_USAGE;
	}
	if (!make_mode && (!secret || ca || out)) {
		usage_error(cmdname, "needs '--secret HEX' only");
		return EXIT_USAGE;
	}
	return make_mode ? make(argv[optind], ca, out) :
			   check(argv[optind], secret);
}
