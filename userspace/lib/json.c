// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - what cordonctl prints, as json-c objects (status, ps,
 * monitor, attest; dump's is in policy_dump.c, next to the text printer)
 *
 * Copyright (C) 2026 The cordon authors
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/ima.h>
#include <cordon/json.h>
#include <cordon/nl.h>
#include <cordon/tpm.h>

#include "json_internal.h"

bool cordon__json_put(struct json_object *obj, const char *key,
		      struct json_object *val)
{
	if (!val)
		return false;
	if (json_object_object_add(obj, key, val) < 0) {
		json_object_put(val);
		return false;
	}
	return true;
}

bool cordon__json_null(struct json_object *obj, const char *key)
{
	return json_object_object_add(obj, key, NULL) == 0;
}

/* A string, or null for an empty one (an attribute the kernel left out). */
bool cordon__json_str_or_null(struct json_object *obj, const char *key,
			      const char *s)
{
	if (!s || !*s)
		return cordon__json_null(obj, key);
	return cordon__json_put(obj, key, json_object_new_string(s));
}

bool cordon__json_array_str(struct json_object *arr, const char *s)
{
	struct json_object *v = json_object_new_string(s);

	if (!v)
		return false;
	if (json_object_array_add(arr, v) < 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

struct json_object *cordon_json_hex(const void *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = p;
	struct json_object *s;
	char *buf;

	buf = malloc(2 * n + 1);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = digits[b[i] >> 4];
		buf[2 * i + 1] = digits[b[i] & 15];
	}
	buf[2 * n] = '\0';
	s = json_object_new_string_len(buf, (int)(2 * n));
	free(buf);
	return s;
}

struct json_object *cordon_json_status(const struct cordon_status *st)
{
	struct json_object *o = json_object_new_object();
	bool ok;

	if (!o)
		return NULL;
	ok = cordon__json_put(o, "version",
			      json_object_new_string(st->version)) &&
	     cordon__json_put(o, "mode",
			      json_object_new_string(cordon_mode_name(st->mode))) &&
	     cordon__json_put(o, "policy", json_object_new_string(st->policy)) &&
	     cordon__json_put(o, "policy_version",
			      json_object_new_uint64(st->policy_version));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int cordon_json_status_nl(struct json_object *o,
			  const struct cordon_nl_status *st)
{
	bool ok = true;

#define U64(cond, key, v)						\
	do {								\
		if (ok && (cond))					\
			ok = cordon__json_put(o, key,			\
					      json_object_new_uint64(v)); \
	} while (0)
	if (st->has_policy_name)
		ok = cordon__json_put(o, "policy_name",
				      json_object_new_string(st->policy_name));
	if (ok)
		ok = st->has_digest ?
		     cordon__json_put(o, "policy_digest",
				      cordon_json_hex(st->digest,
						      sizeof(st->digest))) :
		     cordon__json_null(o, "policy_digest");
	if (ok)
		ok = cordon__json_put(o, "builtin",
				      json_object_new_boolean(st->builtin));
	if (ok && st->has_mode)
		ok = cordon__json_put(o, "boot_mode",
				      json_object_new_string(st->mode));
	U64(st->has_nr_profiles, "profiles", st->nr_profiles);
	U64(st->has_nr_containers, "containers", st->nr_containers);
	U64(st->has_denied, "denied", st->denied);
	U64(st->has_complained, "complained", st->complained);
	U64(st->has_loads, "loads", st->loads);
	U64(st->has_rejects, "rejects", st->rejects);
	/* the load gate: the mode, and how the active policy got in */
	if (ok && st->has_attest)
		ok = cordon__json_put(o, "attest",
				      json_object_new_string(st->attest));
	if (ok && (st->has_attest || st->ticketed))
		ok = cordon__json_put(o, "ticket",
				      json_object_new_boolean(st->ticketed));
	if (ok && st->has_ticket_digest)
		ok = cordon__json_put(o, "ticket_digest",
				      cordon_json_hex(st->ticket_digest,
						      sizeof(st->ticket_digest)));
	U64(st->has_ticket_rejects, "ticket_rejects", st->ticket_rejects);
#undef U64
	return ok ? 0 : -ENOMEM;
}

struct json_object *cordon_json_container(const struct cordon_nl_container *c)
{
	struct json_object *o = json_object_new_object();
	bool ok;

	if (!o)
		return NULL;
	ok = cordon__json_put(o, "id", json_object_new_uint64(c->id)) &&
	     cordon__json_str_or_null(o, "name", c->name) &&
	     cordon__json_str_or_null(o, "profile", c->profile) &&
	     cordon__json_put(o, "armed", json_object_new_boolean(c->armed)) &&
	     (c->has_depth ?
	      cordon__json_put(o, "depth", json_object_new_uint64(c->depth)) :
	      cordon__json_null(o, "depth")) &&
	     cordon__json_put(o, "ns_mnt", json_object_new_uint64(c->ns_mnt)) &&
	     cordon__json_put(o, "ns_pid", json_object_new_uint64(c->ns_pid)) &&
	     cordon__json_put(o, "ns_user",
			      json_object_new_uint64(c->ns_user)) &&
	     cordon__json_put(o, "denied", json_object_new_uint64(c->denied)) &&
	     cordon__json_put(o, "complained",
			      json_object_new_uint64(c->complained));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* RFC 3339, UTC, milliseconds: 2026-11-28T10:27:41.123Z */
static struct json_object *cordon_json_time(const struct timespec *ts)
{
	char stamp[64];
	struct tm tm;
	size_t n;

	if (!gmtime_r(&ts->tv_sec, &tm))
		memset(&tm, 0, sizeof(tm));
	n = strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + n, sizeof(stamp) - n, ".%03ldZ",
		 ts->tv_nsec / 1000000);
	return json_object_new_string(stamp);
}

struct json_object *cordon_json_event(const struct cordon_nl_event *ev,
				      const struct timespec *ts)
{
	struct json_object *o = json_object_new_object();
	bool ok;

	if (!o)
		return NULL;
	ok = cordon__json_put(o, "time", cordon_json_time(ts));
	if (!ev) {
		ok = ok && cordon__json_put(o, "lost",
					    json_object_new_boolean(1));
		goto out;
	}
	ok = ok && cordon__json_put(o, "action",
				    json_object_new_string(ev->action)) &&
	     cordon__json_put(o, "area", json_object_new_string(ev->area)) &&
	     cordon__json_put(o, "op", json_object_new_string(ev->op)) &&
	     cordon__json_put(o, "rule", json_object_new_string(ev->rule)) &&
	     (ev->has_container_id ?
	      cordon__json_put(o, "container",
			       json_object_new_uint64(ev->container_id)) :
	      cordon__json_null(o, "container")) &&
	     (ev->has_pid ?
	      cordon__json_put(o, "pid", json_object_new_uint64(ev->pid)) :
	      cordon__json_null(o, "pid")) &&
	     cordon__json_put(o, "comm", json_object_new_string(ev->comm)) &&
	     cordon__json_str_or_null(o, "profile", ev->profile) &&
	     cordon__json_str_or_null(o, "name", ev->name);
out:
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static const char *cordon_json_check_state(enum cordon_check_state s)
{
	return s == CORDON_CHECK_PASSED ? "passed" :
	       s == CORDON_CHECK_FAILED ? "failed" : "skipped";
}

/* { tcti, ak_handle, nonce, banks: [ { alg, pcrs: { "N": hex } } ] } */
static struct json_object *cordon_json_quote(const struct cordon_quote *q)
{
	struct json_object *o = json_object_new_object();
	struct json_object *banks = json_object_new_array();
	bool ok = o && banks;

	ok = ok && cordon__json_str_or_null(o, "tcti", q->tcti) &&
	     cordon__json_put(o, "ak_handle",
			      json_object_new_uint64(q->ak_handle)) &&
	     cordon__json_put(o, "nonce",
			      cordon_json_hex(q->nonce, sizeof(q->nonce)));
	for (size_t b = 0; ok && b < q->nbanks; b++) {
		struct json_object *bank = json_object_new_object();
		struct json_object *pcrs = json_object_new_object();
		size_t len = cordon_hash_size(q->banks[b].alg);

		ok = bank && pcrs &&
		     cordon__json_put(bank, "alg",
				      json_object_new_string(cordon_hash_name(q->banks[b].alg)));
		for (unsigned int i = 0; ok && i < CORDON_PCR_COUNT; i++) {
			char key[8];

			if (!(q->banks[b].mask & (1u << i)))
				continue;
			snprintf(key, sizeof(key), "%u", i);
			ok = cordon__json_put(pcrs, key,
					      cordon_json_hex(q->banks[b].v[i],
							      len));
		}
		if (ok) {
			ok = cordon__json_put(bank, "pcrs", pcrs);
			pcrs = NULL;
		}
		json_object_put(pcrs);
		if (ok) {
			ok = json_object_array_add(banks, bank) == 0;
			if (ok)
				bank = NULL;
		}
		json_object_put(bank);
	}
	if (ok) {
		ok = cordon__json_put(o, "banks", banks);
		banks = NULL;
	}
	json_object_put(banks);
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *cordon_json_verdict(const struct cordon_evidence *ev,
					const struct cordon_verdict *v,
					int exit_status)
{
	struct json_object *o = json_object_new_object();
	struct json_object *checks = json_object_new_object();
	struct json_object *fails = json_object_new_array();
	bool ok = o && checks && fails;

	for (int c = 0; ok && c < CORDON_CHECK_COUNT; c++) {
		const struct cordon_check_result *r = &v->checks[c];
		struct json_object *cj = json_object_new_object();

		ok = cj &&
		     cordon__json_put(cj, "state",
				      json_object_new_string(cordon_json_check_state(r->state))) &&
		     cordon__json_put(cj, "failures",
				      json_object_new_uint64(r->failures)) &&
		     cordon__json_put(cj, "reason",
				      json_object_new_string(r->reason));
		if (ok)
			ok = cordon__json_put(checks, cordon_check_name(c), cj);
		else
			json_object_put(cj);
	}
	for (size_t i = 0; ok && i < v->nlines; i++) {
		const char *check = cordon_check_name(v->lines[i].check);
		struct json_object *f = json_object_new_object();

		ok = f &&
		     cordon__json_put(f, "check",
				      json_object_new_string(check)) &&
		     cordon__json_put(f, "text",
				      json_object_new_string(v->lines[i].text));
		if (ok)
			ok = json_object_array_add(fails, f) == 0;
		if (!ok)
			json_object_put(f);
	}
	ok = ok &&
	     cordon__json_put(o, "pass",
			      json_object_new_boolean(exit_status == 0)) &&
	     cordon__json_put(o, "exit_status",
			      json_object_new_int(exit_status)) &&
	     cordon__json_put(o, "log_entries",
			      json_object_new_uint64(v->log_count)) &&
	     cordon__json_put(o, "verified",
			      json_object_new_uint64(v->verified));
	if (ok) {
		ok = cordon__json_put(o, "checks", checks);
		checks = NULL;
	}
	if (ok) {
		ok = cordon__json_put(o, "failures", fails);
		fails = NULL;
	}
	if (ok)
		ok = ev && ev->quote.attest ?
		     cordon__json_put(o, "quote", cordon_json_quote(&ev->quote)) :
		     cordon__json_null(o, "quote");
	json_object_put(checks);
	json_object_put(fails);
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

void cordon_json_text(FILE *out, struct json_object *obj, int width)
{
	json_object_object_foreach(obj, key, val) {
		fprintf(out, "%s:%*s", key,
			(int)strlen(key) + 1 < width ?
			width - (int)strlen(key) - 1 : 0, "");
		switch (json_object_get_type(val)) {
		case json_type_null:
			fputs("-", out);
			break;
		case json_type_boolean:
			fputs(json_object_get_boolean(val) ? "yes" : "no", out);
			break;
		case json_type_string:
			fputs(json_object_get_string(val), out);
			break;
		default:
			/* numbers print as JSON does: in decimal */
			fputs(json_object_to_json_string_ext(val,
							     JSON_C_TO_STRING_PLAIN),
			      out);
			break;
		}
		fputc('\n', out);
	}
}

int cordon_json_print(FILE *out, struct json_object *obj, bool pretty)
{
	int flags = pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			     JSON_C_TO_STRING_PLAIN;
	const char *s;

	flags |= JSON_C_TO_STRING_NOSLASHESCAPE;
	s = json_object_to_json_string_ext(obj, flags);
	if (!s || fputs(s, out) == EOF || fputc('\n', out) == EOF)
		return -EIO;
	return 0;
}
