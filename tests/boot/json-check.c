// SPDX-License-Identifier: GPL-2.0-only
/*
 * cordon-json-check - check JSON read on standard input with json-c (the
 * guest has no python3): for the guest tests of cordonctl's -j output.
 *
 *   cordon-json-check [-l] [-a | -o] [KEY[=VALUE]...]
 *
 * The input must be one JSON document and nothing else, or with -l one
 * document per line (monitor's stream).  -a: each must be an array (its
 * length is printed), -o: an object.  KEY: each object has the top-level
 * member KEY; KEY=VALUE: with that value, a string's text or the JSON text
 * of anything else (3200, false, null).  Exit status 0 if all holds, 1 if
 * not (the reason on stderr), 2 for a usage error.
 *
 * Copyright (C) 2026 The cordon authors
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

static const char *json_text(struct json_object *v)
{
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
}

static bool check_doc(const char *text, size_t len, char type, char **keys,
		      int nkeys)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	bool ok = true;

	if (!tok)
		return false;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, text, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success) {
		fprintf(stderr, "json-check: not JSON: %s\n",
			json_tokener_error_desc(json_tokener_get_error(tok)));
		ok = false;
		goto out;
	}
	/* nothing but white space after the document */
	for (size_t i = json_tokener_get_parse_end(tok); i < len; i++) {
		if (!strchr(" \t\r\n", text[i])) {
			fprintf(stderr, "json-check: text after the document\n");
			ok = false;
			goto out;
		}
	}
	if (type == 'a') {
		if (!json_object_is_type(o, json_type_array)) {
			fprintf(stderr, "json-check: not an array\n");
			ok = false;
			goto out;
		}
		printf("%zu\n", json_object_array_length(o));
	} else if (type == 'o' && !json_object_is_type(o, json_type_object)) {
		fprintf(stderr, "json-check: not an object\n");
		ok = false;
		goto out;
	}
	for (int i = 0; i < nkeys; i++) {
		char *eq = strchr(keys[i], '=');
		size_t klen = eq ? (size_t)(eq - keys[i]) : strlen(keys[i]);
		char key[256];
		struct json_object *v;

		snprintf(key, sizeof(key), "%.*s", (int)klen, keys[i]);
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, key, &v)) {
			fprintf(stderr, "json-check: no member '%s'\n", key);
			ok = false;
			continue;
		}
		if (eq && strcmp(json_text(v), eq + 1) != 0) {
			fprintf(stderr, "json-check: '%s' is %s, not %s\n", key,
				json_text(v), eq + 1);
			ok = false;
		}
	}
out:
	json_object_put(o);
	json_tokener_free(tok);
	return ok;
}

int main(int argc, char *argv[])
{
	bool lines = false, ok = true;
	char type = 0, *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-l"))
			lines = true;
		else if (!strcmp(argv[i], "-a") || !strcmp(argv[i], "-o"))
			type = argv[i][1];
		else
			return 2;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		char *nbuf = realloc(buf, len + n + 1);

		if (!nbuf)
			return 1;
		buf = nbuf;
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (!len) {
		fprintf(stderr, "json-check: empty input\n");
		return 1;
	}
	buf[len] = '\0';
	if (!lines) {
		ok = check_doc(buf, len, type, argv + i, argc - i);
	} else {
		for (char *p = buf, *nl; p < buf + len; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl)
				nl = buf + len;
			ok = check_doc(p, (size_t)(nl - p), type, argv + i,
				       argc - i) && ok;
		}
	}
	free(buf);
	return ok ? 0 : 1;
}
