// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordonctl attest enroll: create the attestation key, make it persistent
 * and pin it (cordon_tpm_enroll() does the work); cordonctl attest
 * seal-key: seal the local verifier key to the boot PCRs
 * (cordon_tpm_seal_key()); cordonctl attest activate: the target's side
 * of a remote verifier's credential exchange (cordon_tpm_activate()).
 *
 * Exit status: 0 done; 1 failure; 2 usage error; 6 no usable TPM; 7 the
 * EK certificate or the credential check refused the TPM (enroll).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include <cordon/cordon.h>
#include <cordon/ima.h>
#include <cordon/sign.h>
#include <cordon/tpm.h>

#include "cmd.h"

enum {
	EXIT_ENROLL_NO_TPM = 6,
	EXIT_ENROLL_EK = 7,
};

enum {
	OPT_TCTI = OPT_PATH + 1,
	OPT_AK,
	OPT_HANDLE,
	OPT_EK_CA,
	OPT_AK_OUT,
	OPT_FORCE,
	OPT_KEY,
	OPT_PCRS,
};

static void enroll_help(void)
{
	printf("Usage: %s attest enroll [--ek-ca FILE] [--ak-out FILE] [--ak ecc|rsa]\n"
	       "                         [--handle H] [--force] [--tcti CONF]\n"
	       "\n"
	       "Create the attestation key (a restricted signing primary key of the\n"
	       "endorsement hierarchy), make it persistent at handle H and pin its\n"
	       "public part and TPM name in FILE; every later quote must come from it.\n"
	       "\n"
	       "Options:\n"
	       "      --ek-ca FILE   CA bundle (PEM): verify the TPM's RSA EK certificate\n"
	       "                     (NV 0x%08x) against it and prove, by\n"
	       "                     MakeCredential/ActivateCredential, that the key lives\n"
	       "                     in the TPM of that EK\n"
	       "      --ak-out FILE  where to pin the key (default %s)\n"
	       "      --ak TYPE      ecc (P-256, default) or rsa (RSA-2048)\n"
	       "      --handle H     persistent handle (default 0x%08x)\n"
	       "      --force        replace another key found at the handle\n"
	       "      --tcti CONF    TPM access (default $%s, else %s)\n"
	       "  -h, --help         show this help and exit\n"
	       "\n"
	       "Exit status: 0 enrolled, 1 failure, 2 usage, 6 no usable TPM,\n"
	       "7 the EK certificate or the credential check refused.\n",
	       PROG, CORDON_EK_CERT_NV_RSA, CORDON_AK_PATH, CORDON_AK_HANDLE,
	       CORDON_TPM_TCTI_ENV, CORDON_TPM_TCTI_DEFAULT1);
}

static int parse_handle(const char *s, uint32_t *h)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v > 0xffffffffUL)
		return -1;
	*h = (uint32_t)v;
	return 0;
}

static void print_name(const char *label, const uint8_t *p, size_t n)
{
	printf("%s", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

int cmd_attest_enroll(const char *cmdname, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "tcti", required_argument, NULL, OPT_TCTI },
		{ "ak", required_argument, NULL, OPT_AK },
		{ "handle", required_argument, NULL, OPT_HANDLE },
		{ "ek-ca", required_argument, NULL, OPT_EK_CA },
		{ "ak-out", required_argument, NULL, OPT_AK_OUT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cordon_enroll_opts o = { .type = CORDON_AK_ECC };
	struct cordon_enroll_report r;
	struct cordon_ak ak;
	const char *out = CORDON_AK_PATH;
	char err[CORDON_ERR_MAX];
	mode_t old;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_TCTI:
		case OPT_EK_CA:
		case OPT_AK_OUT:
			if (!*optarg) {
				usage_error(cmdname, "empty argument for '%s'",
					    argv[optind - 1]);
				return EXIT_USAGE;
			}
			if (c == OPT_TCTI)
				o.tcti = optarg;
			else if (c == OPT_EK_CA)
				o.ek_ca = optarg;
			else
				out = optarg;
			break;
		case OPT_AK:
			if (strcmp(optarg, "ecc") == 0) {
				o.type = CORDON_AK_ECC;
			} else if (strcmp(optarg, "rsa") == 0) {
				o.type = CORDON_AK_RSA;
			} else {
				usage_error(cmdname,
					    "unknown key type '%s' for '--ak' (ecc, rsa)",
					    optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_HANDLE:
			if (parse_handle(optarg, &o.handle) < 0) {
				usage_error(cmdname,
					    "'--handle' needs a handle such as 0x%08x, not '%s'",
					    CORDON_AK_HANDLE, optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case 'h':
			enroll_help();
			return EXIT_SUCCESS;
		default:
			option_error(cmdname, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmdname, argc, argv))
		return EXIT_USAGE;
	/* tss2 logs every failed command to stderr; we say it once */
	setenv("TSS2_LOG", "all+NONE", 0);
	rc = cordon_tpm_enroll(&o, &ak, &r, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: attest enroll: %s\n", PROG, err);
		if (rc == -EHOSTUNREACH || rc == -EIO)
			return EXIT_ENROLL_NO_TPM;
		if (rc == -EKEYREJECTED || rc == -ENOENT)
			return EXIT_ENROLL_EK;
		return EXIT_FAILURE;
	}
	old = umask(022);
	if (strcmp(out, CORDON_AK_PATH) == 0)
		mkdir(CORDON_CONFIG_DIR, 0755);	/* EEXIST is fine */
	rc = cordon_ak_write(out, &ak, err, sizeof(err));
	umask(old);
	if (rc < 0) {
		fprintf(stderr, "%s: attest enroll: %s\n", PROG, err);
		cordon_ak_free(&ak);
		return EXIT_FAILURE;
	}
	printf("attestation key: %s, restricted signing, endorsement hierarchy, persistent handle 0x%08x%s\n",
	       ak.type == CORDON_AK_RSA ? "RSA-2048" : "ECC P-256", ak.handle,
	       r.reused ? " (already there)" :
	       r.replaced ? " (replaced another key)" : "");
	print_name("name: ", ak.name, ak.name_len);
	print_name("qualified name: ", ak.qualified_name,
		   ak.qualified_name_len);
	if (ak.ek_verified)
		printf("EK certificate: %s, issued by %s, chains to %s; credential activated: the key resides with that EK\n",
		       r.ek_subject[0] ? r.ek_subject : "(empty subject)",
		       r.ek_issuer, o.ek_ca);
	else
		printf("EK: not checked (no --ek-ca)\n");
	printf("pinned in %s\n", out);
	cordon_ak_free(&ak);
	return EXIT_SUCCESS;
}

static void seal_help(void)
{
	printf("Usage: %s attest seal-key --key KEY [--pcrs LIST] [-o FILE] [--tcti CONF]\n"
	       "\n"
	       "Seal the local verifier's private key KEY (ECC P-256, PEM or DER) in the\n"
	       "TPM under a policy on the SHA-256 PCRs LIST (TPM2_PolicyPCR at their\n"
	       "current values; default 0-7, the boot PCRs), and write the sealed object\n"
	       "to FILE (default %s).  'load' then unseals it to sign its\n"
	       "local ticket: on a machine booted differently the TPM refuses.  Remove\n"
	       "KEY afterwards; reseal after a firmware, boot loader or kernel update.\n"
	       "\n"
	       "Options:\n"
	       "      --key KEY      the verifier's private key\n"
	       "      --pcrs LIST    PCR indices, e.g. 0-7 or 0,2,4,7 (default 0-7)\n"
	       "  -o, --output FILE  the sealed key (default %s)\n"
	       "      --tcti CONF    TPM access\n"
	       "  -h, --help         show this help and exit\n",
	       PROG, CORDON_VERIFIER_SEALED_PATH, CORDON_VERIFIER_SEALED_PATH);
}

/* "0-7", "0,2,4-7": a PCR mask; 0 if malformed. */
static uint32_t parse_pcr_list(const char *s)
{
	uint32_t mask = 0;

	while (*s) {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b = a;

		if (end == s || a >= CORDON_PCR_COUNT)
			return 0;
		if (*end == '-') {
			s = end + 1;
			b = strtoul(s, &end, 10);
			if (end == s || b >= CORDON_PCR_COUNT || b < a)
				return 0;
		}
		for (unsigned long i = a; i <= b; i++)
			mask |= 1u << i;
		if (*end && *end != ',')
			return 0;
		s = *end ? end + 1 : end;
	}
	return mask;
}

int cmd_attest_seal_key(const char *cmdname, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, OPT_KEY },
		{ "pcrs", required_argument, NULL, OPT_PCRS },
		{ "output", required_argument, NULL, 'o' },
		{ "tcti", required_argument, NULL, OPT_TCTI },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *key = NULL, *out = CORDON_VERIFIER_SEALED_PATH, *tcti = NULL;
	uint32_t pcrs = CORDON_SEAL_PCRS_DEFAULT;
	char err[CORDON_ERR_MAX], *text = NULL;
	mode_t old;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_KEY:
		case OPT_TCTI:
		case 'o':
			if (!*optarg) {
				usage_error(cmdname, "empty argument for '%s'",
					    argv[optind - 1]);
				return EXIT_USAGE;
			}
			if (c == OPT_KEY)
				key = optarg;
			else if (c == OPT_TCTI)
				tcti = optarg;
			else
				out = optarg;
			break;
		case OPT_PCRS:
			pcrs = parse_pcr_list(optarg);
			if (!pcrs) {
				usage_error(cmdname,
					    "'--pcrs' needs PCR indices below %d such as 0-7 or 0,2,7, not '%s'",
					    CORDON_PCR_COUNT, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			seal_help();
			return EXIT_SUCCESS;
		default:
			option_error(cmdname, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (unexpected_operand(cmdname, argc, argv))
		return EXIT_USAGE;
	if (!key) {
		usage_error(cmdname, "missing '--key KEY'");
		return EXIT_USAGE;
	}
	setenv("TSS2_LOG", "all+NONE", 0);
	rc = cordon_tpm_seal_key(tcti, key, pcrs, &text, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s: attest seal-key: %s\n", PROG, err);
		return rc == -EHOSTUNREACH || rc == -EIO ? EXIT_ENROLL_NO_TPM :
							 EXIT_FAILURE;
	}
	old = umask(077);
	if (strcmp(out, CORDON_VERIFIER_SEALED_PATH) == 0)
		mkdir(CORDON_CONFIG_DIR, 0755);	/* EEXIST is fine */
	rc = cordon_sign_write_file(out, text, strlen(text), err, sizeof(err));
	umask(old);
	free(text);
	if (rc < 0) {
		fprintf(stderr, "%s: attest seal-key: %s\n", PROG, err);
		return EXIT_FAILURE;
	}
	printf("sealed %s to the TPM under PolicyPCR (sha256 PCR mask 0x%06x) in %s\n",
	       key, pcrs, out);
	return EXIT_SUCCESS;
}

int cmd_attest_activate(const char *cmdname, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "tcti", required_argument, NULL, OPT_TCTI },
		{ "handle", required_argument, NULL, OPT_HANDLE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint8_t secret[CORDON_CREDENTIAL_SECRET_SIZE];
	char err[CORDON_ERR_MAX], *text = NULL;
	const char *tcti = NULL;
	uint32_t handle = 0;
	size_t len = 0;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_TCTI:
			tcti = optarg;
			break;
		case OPT_HANDLE:
			if (parse_handle(optarg, &handle) < 0) {
				usage_error(cmdname,
					    "'--handle' needs a handle such as 0x%08x, not '%s'",
					    CORDON_AK_HANDLE, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			printf("Usage: %s attest activate CRED [--handle H] [--tcti CONF]\n"
			       "\n"
			       "The target's side of the credential exchange: activate CRED, made by\n"
			       "'cordonctl verify credential' on the verifier, with this TPM's EK and\n"
			       "the enrolled key (TPM2_ActivateCredential), and print the secret for\n"
			       "'cordonctl verify check-credential'.\n"
			       "\n"
			       "Exit status: 0 activated, 1 failure, 2 usage, 6 no usable TPM,\n"
			       "7 the TPM refused the credential.\n", PROG);
			return EXIT_SUCCESS;
		default:
			option_error(cmdname, c, argv, opts);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || !*argv[optind]) {
		usage_error(cmdname, "needs one CRED");
		return EXIT_USAGE;
	}
	if (cordon_read_file(argv[optind], 64 * 1024, &text, &len, err,
			     sizeof(err)) < 0) {
		fprintf(stderr, "%s: attest activate: %s\n", PROG, err);
		return EXIT_FAILURE;
	}
	setenv("TSS2_LOG", "all+NONE", 0);
	rc = cordon_tpm_activate(tcti, handle, text, len, secret, err,
				 sizeof(err));
	free(text);
	if (rc < 0) {
		fprintf(stderr, "%s: attest activate: %s\n", PROG, err);
		return rc == -EHOSTUNREACH || rc == -EIO ? EXIT_ENROLL_NO_TPM :
		       rc == -EKEYREJECTED ? EXIT_ENROLL_EK : EXIT_FAILURE;
	}
	for (size_t i = 0; i < sizeof(secret); i++)
		printf("%02x", secret[i]);
	putchar('\n');
	OPENSSL_cleanse(secret, sizeof(secret));
	return EXIT_SUCCESS;
}
