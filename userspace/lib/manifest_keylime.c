// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - a Keylime runtime policy (JSON) read as a manifest
 *
 * The format is Keylime's RuntimePolicyType (keylime/ima/types.py),
 * version 1 (RUNTIME_POLICY_CURRENT_VERSION in keylime/ima/ima.py), and is
 * checked as Keylime's verifier checks an IMA log against it
 * (_validate_ima_ng(), _validate_ima_buf()): an entry whose name matches
 * an exclude is accepted; else its name must be a key of "digests" (files),
 * "keyrings" (ima-buf entries holding a key, unless the keyring is in
 * "ima"."ignored_keyrings") or "ima-buf" (other ima-buf entries) with its
 * digest, in hex, in the list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <cordon/cordon.h>
#include <cordon/manifest.h>

#include "internal.h"
#include "manifest_internal.h"

/* The runtime policy versions this reads. */
#define KEYLIME_POLICY_VERSION 1

struct kparser {
	const char *source;
	char *err;
	size_t errlen;
	struct cordon_manifest *m;
	size_t cap;
	struct cordon__mnames names;
};

#define kerr(kp, fmt, ...)						\
	cordon__seterr((kp)->err, (kp)->errlen, "%s: " fmt, (kp)->source, \
		       ##__VA_ARGS__)

static struct cordon_manifest_entry *kentry_new(struct kparser *kp)
{
	struct cordon_manifest *m = kp->m;

	if (m->count == kp->cap) {
		size_t cap = kp->cap ? 2 * kp->cap : 64;
		struct cordon_manifest_entry *ne;

		ne = realloc(m->entries, cap * sizeof(*ne));
		if (!ne) {
			kerr(kp, "out of memory");
			return NULL;
		}
		m->entries = ne;
		kp->cap = cap;
	}
	memset(&m->entries[m->count], 0, sizeof(m->entries[0]));
	return &m->entries[m->count];
}

/* A JSON string without NUL inside; @what names it in messages. */
static int kstring(struct kparser *kp, json_object *o, const char *what,
		   const char **s, size_t *len)
{
	if (!json_object_is_type(o, json_type_string)) {
		kerr(kp, "%s: not a string", what);
		return -EINVAL;
	}
	*s = json_object_get_string(o);
	*len = (size_t)json_object_get_string_len(o);
	if (strlen(*s) != *len) {
		kerr(kp, "%s: a NUL character in the string", what);
		return -EINVAL;
	}
	return 0;
}

static int khexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Keylime's digests are bare hex: the length says the algorithm. */
static int kdigest(struct kparser *kp, const char *s, size_t len,
		   const char *what, struct cordon_digest *d)
{
	static const enum cordon_hash algs[] = {
		CORDON_HASH_SHA1, CORDON_HASH_SHA256, CORDON_HASH_SHA384,
		CORDON_HASH_SHA512,
	};
	char q[CORDON__QUOTE_SIZE];
	bool hex = true;

	for (size_t i = 0; i < len; i++)
		hex &= khexval(s[i]) >= 0;
	d->alg = CORDON_HASH_NONE;
	for (size_t i = 0; hex && i < sizeof(algs) / sizeof(algs[0]); i++)
		if (2 * cordon_hash_size(algs[i]) == len)
			d->alg = algs[i];
	if (d->alg == CORDON_HASH_NONE) {
		kerr(kp, "%s: %s is not a sha1, sha256, sha384 or sha512 digest in hex",
		     what, cordon__quote(q, s, len));
		return -EINVAL;
	}
	d->len = (uint8_t)(len / 2);
	for (size_t i = 0; i < d->len; i++)
		d->v[i] = (uint8_t)(khexval(s[2 * i]) << 4 |
				    khexval(s[2 * i + 1]));
	return 0;
}

/* "digests", "ima-buf", "keyrings": { NAME: [ HEX... ] } */
static int kmap(struct kparser *kp, json_object *map, const char *member,
		enum cordon_manifest_scope scope)
{
	struct json_object_iterator it, end;
	char what[300], q[CORDON__QUOTE_SIZE];

	if (!map)
		return 0;
	if (!json_object_is_type(map, json_type_object)) {
		kerr(kp, "%s: not an object (name: [digests])", member);
		return -EINVAL;
	}
	it = json_object_iter_begin(map);
	end = json_object_iter_end(map);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *name = json_object_iter_peek_name(&it);
		json_object *list = json_object_iter_peek_value(&it);
		struct cordon_manifest_entry *e;
		size_t n, dup;
		int rc;

		snprintf(what, sizeof(what), "%s.%s", member,
			 cordon__quote(q, name, strlen(name)));
		if (!json_object_is_type(list, json_type_array)) {
			kerr(kp, "%s: not an array of digests", what);
			return -EINVAL;
		}
		if (name[0] == '\0') {
			kerr(kp, "%s: empty name", what);
			return -EINVAL;
		}
		e = kentry_new(kp);
		if (!e)
			return -ENOMEM;
		e->kind = CORDON_MANIFEST_ALLOW;
		e->scope = scope;
		n = json_object_array_length(list);
		e->name = strdup(name);
		e->digests = calloc(n ? n : 1, sizeof(*e->digests));
		if (!e->name || !e->digests) {
			cordon__manifest_entry_free(e);
			kerr(kp, "out of memory");
			return -ENOMEM;
		}
		for (size_t i = 0; i < n; i++) {
			char wi[340];
			const char *s;
			size_t len;

			snprintf(wi, sizeof(wi), "%s[%zu]", what, i);
			rc = kstring(kp, json_object_array_get_idx(list, i),
				     wi, &s, &len);
			if (rc == 0)
				rc = kdigest(kp, s, len, wi, &e->digests[i]);
			if (rc < 0) {
				cordon__manifest_entry_free(e);
				return rc;
			}
		}
		e->ndigests = n;
		/* JSON object keys are unique: this cannot collide */
		rc = cordon__mnames_add(&kp->names, kp->m, kp->m->count, &dup);
		if (rc < 0) {
			cordon__manifest_entry_free(e);
			kerr(kp, "out of memory");
			return rc;
		}
		kp->m->count++;
	}
	return 0;
}

/* "excludes": [ REGEX... ]; "ignored_keyrings": [ NAME... ] */
static int klist(struct kparser *kp, json_object *list, const char *member,
		 enum cordon_manifest_kind kind)
{
	char what[64], why[CORDON_ERR_MAX], q[CORDON__QUOTE_SIZE];

	if (!list)
		return 0;
	if (!json_object_is_type(list, json_type_array)) {
		kerr(kp, "%s: not an array of strings", member);
		return -EINVAL;
	}
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct cordon_manifest_entry *e;
		const char *s;
		size_t len;
		int rc;

		snprintf(what, sizeof(what), "%s[%zu]", member, i);
		rc = kstring(kp, json_object_array_get_idx(list, i), what, &s,
			     &len);
		if (rc < 0)
			return rc;
		e = kentry_new(kp);
		if (!e)
			return -ENOMEM;
		if (kind == CORDON_MANIFEST_EXCLUDE) {
			rc = cordon__manifest_exclude(e, s, len, why,
						      sizeof(why));
			if (rc < 0) {
				cordon__manifest_entry_free(e);
				kerr(kp, "%s: regular expression %s: %s", what,
				     cordon__quote(q, s, len), why);
				return rc;
			}
		} else {
			e->kind = kind;
			e->name = strdup(s);
			if (!e->name) {
				kerr(kp, "out of memory");
				return -ENOMEM;
			}
		}
		kp->m->count++;
	}
	return 0;
}

static json_object *kmember(json_object *o, const char *key)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static int kpolicy(struct kparser *kp, json_object *root)
{
	json_object *meta, *version, *ima, *digests;
	int64_t v;
	int rc;

	if (!json_object_is_type(root, json_type_object)) {
		kerr(kp, "not a JSON object (a Keylime runtime policy is one)");
		return -EINVAL;
	}
	meta = kmember(root, "meta");
	if (!meta || !json_object_is_type(meta, json_type_object)) {
		kerr(kp, "meta: missing, or not an object (a Keylime runtime policy has \"meta\": {\"version\": %d})",
		     KEYLIME_POLICY_VERSION);
		return -EINVAL;
	}
	version = kmember(meta, "version");
	if (!version || !json_object_is_type(version, json_type_int)) {
		kerr(kp, "meta.version: missing, or not an integer");
		return -EINVAL;
	}
	v = json_object_get_int64(version);
	if (v != KEYLIME_POLICY_VERSION) {
		kerr(kp, "meta.version %lld: this reads Keylime runtime policies of version %d (convert older allowlists with keylime-policy)",
		     (long long)v, KEYLIME_POLICY_VERSION);
		return -EINVAL;
	}
	digests = kmember(root, "digests");
	if (!digests) {
		kerr(kp, "digests: missing");
		return -EINVAL;
	}
	rc = kmap(kp, digests, "digests", CORDON_MANIFEST_SCOPE_FILE);
	if (rc == 0)
		rc = kmap(kp, kmember(root, "ima-buf"), "ima-buf",
			  CORDON_MANIFEST_SCOPE_BUF);
	if (rc == 0)
		rc = kmap(kp, kmember(root, "keyrings"), "keyrings",
			  CORDON_MANIFEST_SCOPE_KEY);
	if (rc == 0)
		rc = klist(kp, kmember(root, "excludes"), "excludes",
			   CORDON_MANIFEST_EXCLUDE);
	if (rc < 0)
		return rc;
	ima = kmember(root, "ima");
	if (ima && !json_object_is_type(ima, json_type_object)) {
		kerr(kp, "ima: not an object");
		return -EINVAL;
	}
	if (ima)
		rc = klist(kp, kmember(ima, "ignored_keyrings"),
			   "ima.ignored_keyrings",
			   CORDON_MANIFEST_IGNORE_KEYRING);
	return rc;
}

int cordon_manifest_parse_keylime(const char *buf, size_t len,
				  const char *source, struct cordon_manifest *m,
				  char *err, size_t errlen)
{
	struct cordon_manifest r = { 0 };
	struct kparser kp = { .err = err, .errlen = errlen, .m = &r };
	struct json_tokener *tok;
	json_object *root;
	enum json_tokener_error je;
	size_t used;
	int rc;

	if (!m || (!buf && len)) {
		cordon__seterr(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	kp.source = source ? source : "runtime policy";
	if (len > CORDON_MANIFEST_MAX || len > INT32_MAX) {
		kerr(&kp, "larger than %d bytes", CORDON_MANIFEST_MAX);
		return -EFBIG;
	}
	if (memchr(buf, '\0', len)) {
		kerr(&kp, "a NUL byte at offset %zu",
		     (size_t)((const char *)memchr(buf, '\0', len) - buf));
		return -EINVAL;
	}
	/* JSON keys are C strings to json-c: a \u0000 would cut one */
	for (size_t i = 0; i + 6 <= len; i++) {
		if (buf[i] == '\\' && (buf[i + 1] == 'u' || buf[i + 1] == 'U') &&
		    buf[i + 2] == '0' && buf[i + 3] == '0' && buf[i + 4] == '0' &&
		    buf[i + 5] == '0') {
			kerr(&kp, "\\u0000 (a NUL character) at offset %zu", i);
			return -EINVAL;
		}
	}
	tok = json_tokener_new();
	if (!tok) {
		kerr(&kp, "out of memory");
		return -ENOMEM;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, len ? buf : "", (int)len);
	je = json_tokener_get_error(tok);
	used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!root || je != json_tokener_success) {
		json_object_put(root);
		kerr(&kp, "not valid JSON: %s near offset %zu",
		     je == json_tokener_continue ? "unexpected end of text" :
		     json_tokener_error_desc(je), used);
		return -EINVAL;
	}
	for (; used < len; used++) {
		if (!strchr(" \t\r\n", buf[used])) {
			json_object_put(root);
			kerr(&kp, "text after the JSON object at offset %zu",
			     used);
			return -EINVAL;
		}
	}
	r.source = strdup(kp.source);
	if (!r.source) {
		json_object_put(root);
		kerr(&kp, "out of memory");
		return -ENOMEM;
	}
	r.allowlist = true;
	r.keylime = true;
	rc = kpolicy(&kp, root);
	json_object_put(root);
	cordon__mnames_free(&kp.names);
	if (rc < 0) {
		cordon_manifest_free(&r);
		return rc;
	}
	*m = r;
	cordon__clearerr(err, errlen);
	return 0;
}
