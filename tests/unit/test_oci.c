// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the OCI state a runtime hands the oci-hook.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cordon/oci.h>

#include "unit.h"

static int parse(const char *json, struct cordon_oci_binding *b, char *err,
		 size_t errlen)
{
	/* not NUL-terminated: an exact-size copy */
	size_t n = strlen(json);
	char *copy = malloc(n ? n : 1);
	int rc;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, json, n);
	rc = cordon_oci_state_parse(copy, n, b, err, errlen);
	free(copy);
	return rc;
}

TEST(oci_state_annotations)
{
	struct cordon_oci_binding b;
	char err[256] = "";

	REQUIRE_EQ(parse("{\"ociVersion\":\"1.0.2\",\"id\":\"web-1\",\"status\":\"creating\","
			 "\"pid\":4242,\"bundle\":\"/run/b\",\"annotations\":{"
			 "\"org.cordon.profile\":\"restricted\",\"org.cordon.name\":\"shop\"}}",
			 &b, err, sizeof(err)), 0);
	CHECK_EQ(b.pid, 4242);
	CHECK_STREQ(b.name, "shop");
	CHECK_STREQ(b.profile, "restricted");
}

TEST(oci_state_id_as_name)
{
	struct cordon_oci_binding b;
	char err[256] = "", id[200], json[400];

	REQUIRE_EQ(parse("{\"id\":\"a+b/c d\",\"pid\":7}", &b, err, sizeof(err)), 0);
	CHECK_STREQ(b.name, "a-b-c-d");
	CHECK_STREQ(b.profile, "");
	/* a long id is cut to a name's size */
	memset(id, 'x', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	snprintf(json, sizeof(json), "{\"id\":\"%s\",\"pid\":7}", id);
	REQUIRE_EQ(parse(json, &b, err, sizeof(err)), 0);
	CHECK_EQ(strlen(b.name), CORDON_NAME_MAX - 1);
}

TEST(oci_state_refused)
{
	static const char *const bad[] = {
		"", "not json", "[1,2]", "{\"pid\":7}",
		"{\"id\":\"\",\"pid\":7}", "{\"id\":\"x\"}",
		"{\"id\":\"x\",\"pid\":\"7\"}", "{\"id\":\"x\",\"pid\":0}",
		"{\"id\":\"x\",\"pid\":-3}", "{\"id\":\"x\",\"pid\":4294967296}",
		"{\"id\":\"x\",\"pid\":7,\"annotations\":[]}",
		"{\"id\":\"x\",\"pid\":7,\"annotations\":{\"org.cordon.profile\":1}}",
		"{\"id\":\"x\",\"pid\":7,\"annotations\":{\"org.cordon.profile\":\"a b\"}}",
		"{\"id\":\"x\",\"pid\":7,\"annotations\":{\"org.cordon.profile\":\"\"}}",
		"{\"id\":\"x\",\"pid\":7,\"annotations\":{\"org.cordon.name\":\"\\u001b[31m\"}}",
		"{\"id\":\"x\",\"pid\":7} trailing",
	};
	struct cordon_oci_binding b;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK_EQ(parse(bad[i], &b, err, sizeof(err)), -EINVAL);
		CHECK(err[0] != '\0');
	}
}
