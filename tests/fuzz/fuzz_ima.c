// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: IMA's binary measurement list (cordon_ima_parse()),
 * then what a verifier does with what it accepts: each entry's template
 * hash (cordon_ima_check_entry()) and the replay of PCR 10 in both banks
 * (cordon_ima_replay(), cordon_ima_replay_match()).
 *
 * Input: one byte choosing the list's template hash (bit 0: SHA-256, else
 * SHA-1), then the list.
 *
 * Properties: a parse fails with -EINVAL and a message, or gives entries
 * with a PCR index below 24, NUL-terminated names and template data inside
 * the list; the check of an entry is 0 or -EBADMSG with a message; the
 * replay of the whole list is found again by replay_match(), at a prefix
 * whose own replay is that value, and an all-zero value matches the empty
 * prefix.  Seeds: lists built as the kernel writes them (seedgen.c, from
 * the fuzz fixture's entries: ima-ng, ima-buf, a violation, boot_aggregate).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/cordon.h>
#include <cordon/ima.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t fuzz_sink;

static void fuzz_replay(const struct cordon_ima_log *log, uint32_t pcr,
			enum cordon_hash bank)
{
	size_t len = cordon_hash_size(bank);
	uint8_t v[CORDON_DIGEST_MAX], again[CORDON_DIGEST_MAX];
	uint8_t zero[CORDON_DIGEST_MAX] = { 0 };
	struct cordon_ima_replay r;

	if (cordon_ima_replay(log, log->count, pcr, bank, v) != 0)
		abort();
	if (cordon_ima_replay_match(log, pcr, bank, v, &r) != 0 ||
	    r.prefix > log->count || memcmp(r.final, v, len) ||
	    r.bank != bank || r.pcr != pcr)
		abort();
	if (cordon_ima_replay(log, r.prefix, pcr, bank, again) != 0 ||
	    memcmp(again, v, len))
		abort();
	if (cordon_ima_replay_match(log, pcr, bank, zero, &r) != 0 ||
	    r.prefix != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cordon_ima_log log;
	enum cordon_hash alg;
	char err[CORDON_ERR_MAX];
	int rc;

	if (size < 1)
		return 0;
	alg = data[0] & 1 ? CORDON_HASH_SHA256 : CORDON_HASH_SHA1;
	rc = cordon_ima_parse(data + 1, size - 1, alg, &log, err, sizeof(err));
	if (rc != 0) {
		if (rc != -EINVAL || !err[0])
			abort();
		return 0;
	}
	for (size_t i = 0; i < log.count; i++) {
		const struct cordon_ima_entry *e = &log.entries[i];

		if (e->pcr >= CORDON_PCR_COUNT || !e->template_name ||
		    !e->name || (e->data_len && !e->data))
			abort();
		fuzz_sink += strlen(e->template_name) + strlen(e->name);
		if (e->data_len)
			fuzz_sink += e->data[0] + e->data[e->data_len - 1];
		rc = cordon_ima_check_entry(&log, e, err, sizeof(err));
		if (rc != 0 && (rc != -EBADMSG || !err[0]))
			abort();
	}
	fuzz_replay(&log, CORDON_IMA_PCR, CORDON_HASH_SHA1);
	fuzz_replay(&log, CORDON_IMA_PCR, CORDON_HASH_SHA256);
	if (log.count)
		fuzz_replay(&log, log.entries[0].pcr, CORDON_HASH_SHA256);
	cordon_ima_free(&log);
	return 0;
}
