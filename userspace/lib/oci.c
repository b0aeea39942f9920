// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - the OCI state a runtime gives its hooks (runtime-spec
 * "state"), read with json-c
 *
 * Copyright (C) 2026 The cordon authors
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include <cordon/oci.h>

#include "internal.h"

static bool cordon_oci_name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n >= CORDON_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* an OCI id as a container name: other bytes become '-', cut to size */
static void cordon_oci_id_name(const char *id, char *out)
{
	size_t i;

	for (i = 0; id[i] && i < CORDON_NAME_MAX - 1; i++) {
		unsigned char c = (unsigned char)id[i];

		out[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			 c == '-' ? (char)c : '-';
	}
	out[i] = '\0';
}

/* annotation @key as a name into @out ("" if absent); -EINVAL if bad */
static int cordon_oci_annotation(struct json_object *ann, const char *key,
				 char *out, char *err, size_t errlen)
{
	struct json_object *v;
	const char *s;

	out[0] = '\0';
	if (!ann || !json_object_object_get_ex(ann, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string)) {
		cordon__seterr(err, errlen, "annotation %s is not a string", key);
		return -EINVAL;
	}
	s = json_object_get_string(v);
	if (!cordon_oci_name_ok(s)) {
		cordon__seterr(err, errlen,
			       "annotation %s: not a name of 1 to %d bytes of [A-Za-z0-9._-]",
			       key, CORDON_NAME_MAX - 1);
		return -EINVAL;
	}
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

int cordon_oci_state_parse(const char *json, size_t len,
			   struct cordon_oci_binding *b, char *err,
			   size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *root, *v, *ann = NULL;
	int64_t pid;
	size_t end;
	int rc = -EINVAL;

	memset(b, 0, sizeof(*b));
	if (len > CORDON_OCI_STATE_MAX) {
		cordon__seterr(err, errlen, "the OCI state is over %d bytes",
			       CORDON_OCI_STATE_MAX);
		return -E2BIG;
	}
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	root = json_tokener_parse_ex(tok, json, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		cordon__seterr(err, errlen, "the OCI state is not JSON: %s",
			       json_tokener_error_desc(json_tokener_get_error(tok)));
		goto out;
	}
	for (end = json_tokener_get_parse_end(tok); end < len; end++)
		if (json[end] != ' ' && json[end] != '\n' && json[end] != '\t' &&
		    json[end] != '\r')
			break;
	if (end < len) {
		cordon__seterr(err, errlen,
			       "the OCI state has bytes after its JSON object");
		goto out;
	}
	if (!json_object_is_type(root, json_type_object)) {
		cordon__seterr(err, errlen, "the OCI state is not a JSON object");
		goto out;
	}
	if (!json_object_object_get_ex(root, "id", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    !json_object_get_string_len(v)) {
		cordon__seterr(err, errlen, "the OCI state has no id");
		goto out;
	}
	cordon_oci_id_name(json_object_get_string(v), b->name);
	if (!json_object_object_get_ex(root, "pid", &v) ||
	    !json_object_is_type(v, json_type_int)) {
		cordon__seterr(err, errlen,
			       "the OCI state has no pid (a hook of the createRuntime, createContainer or prestart stage gets one)");
		goto out;
	}
	errno = 0;
	pid = json_object_get_int64(v);
	if (errno || pid <= 0 || pid > INT32_MAX) {
		cordon__seterr(err, errlen, "the OCI state's pid is not a process id");
		goto out;
	}
	b->pid = (pid_t)pid;
	if (json_object_object_get_ex(root, "annotations", &ann) &&
	    !json_object_is_type(ann, json_type_object)) {
		cordon__seterr(err, errlen, "the OCI state's annotations are not an object");
		goto out;
	}
	rc = cordon_oci_annotation(ann, CORDON_OCI_ANN_PROFILE, b->profile,
				   err, errlen);
	if (!rc) {
		char name[CORDON_NAME_MAX];

		rc = cordon_oci_annotation(ann, CORDON_OCI_ANN_NAME, name, err,
					   errlen);
		if (!rc && name[0])
			memcpy(b->name, name, sizeof(name));
	}
out:
	json_object_put(root);
	json_tokener_free(tok);
	return rc;
}
