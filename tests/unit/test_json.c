// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the JSON objects cordonctl prints (<cordon/json.h>), read
 * back with json-c's own parser; the text of `status` made from the same
 * object.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include <cordon/attest.h>
#include <cordon/cordon.h>
#include <cordon/json.h>
#include <cordon/nl.h>
#include <cordon/policy.h>

#include "unit.h"

/* a member by path, NULL if any step is missing */
static struct json_object *get(struct json_object *o, const char *k1,
			       const char *k2)
{
	if (!o || !json_object_object_get_ex(o, k1, &o))
		return NULL;
	if (k2 && (!o || !json_object_object_get_ex(o, k2, &o)))
		return NULL;
	return o;
}

static bool has_null(struct json_object *o, const char *key)
{
	struct json_object *v = (struct json_object *)1;

	return json_object_object_get_ex(o, key, &v) && v == NULL;
}

static const char *str(struct json_object *o)
{
	return o && json_object_is_type(o, json_type_string) ?
	       json_object_get_string(o) : NULL;
}

/* Serialize @o (pretty or plain) and parse it back with json-c. */
static struct json_object *round_trip(struct json_object *o, bool pretty)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_object *back;

	if (!f)
		return NULL;
	if (cordon_json_print(f, o, pretty) < 0) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	/* monitor's stream form: exactly one line */
	if (!pretty && (len == 0 || strchr(buf, '\n') != buf + len - 1)) {
		free(buf);
		return NULL;
	}
	back = json_tokener_parse(buf);
	free(buf);
	return back;
}

static char *text_of(struct json_object *o, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	cordon_json_text(f, o, width);
	fclose(f);
	return buf;
}

static const struct cordon_status fs_status = {
	.version = "0.1.0",
	.mode = CORDON_MODE_ENFORCE,
	.policy = "builtin",
	.policy_version = 18446744073709551615ULL,
};

TEST(json_status_securityfs)
{
	struct json_object *o = cordon_json_status(&fs_status), *back;
	char *text;

	REQUIRE(o != NULL);
	back = round_trip(o, true);
	REQUIRE(back != NULL);
	CHECK_STREQ(str(get(back, "version", NULL)), "0.1.0");
	CHECK_STREQ(str(get(back, "mode", NULL)), "enforce");
	CHECK_STREQ(str(get(back, "policy", NULL)), "builtin");
	/* a u64 survives the trip whole */
	CHECK_EQ(json_object_get_uint64(get(back, "policy_version", NULL)),
		 18446744073709551615ULL);
	/* the text made from the same object: the format scripts rely on */
	text = text_of(o, 16);
	CHECK_STREQ(text, "version:        0.1.0\n"
			  "mode:           enforce\n"
			  "policy:         builtin\n"
			  "policy_version: 18446744073709551615\n");
	free(text);
	json_object_put(back);
	json_object_put(o);
}

TEST(json_status_netlink)
{
	struct cordon_nl_status st = {
		.policy_name = "restricted", .has_policy_name = true,
		.builtin = false, .mode = "enforce", .has_mode = true,
		.nr_profiles = 3, .has_nr_profiles = true,
		.denied = 7, .has_denied = true,
		.attest = "required", .has_attest = true, .ticketed = true,
		.ticket_digest = { 0xab, 0xcd }, .has_ticket_digest = true,
	};
	struct json_object *o = json_object_new_object(), *back;
	char *text;

	REQUIRE(o != NULL);
	REQUIRE_EQ(cordon_json_status_nl(o, &st), 0);
	back = round_trip(o, true);
	REQUIRE(back != NULL);
	CHECK_STREQ(str(get(back, "policy_name", NULL)), "restricted");
	/* no digest from the kernel: null, as the text's "-" */
	CHECK(has_null(back, "policy_digest"));
	CHECK(json_object_is_type(get(back, "builtin", NULL),
				  json_type_boolean));
	CHECK(!json_object_get_boolean(get(back, "builtin", NULL)));
	CHECK_EQ(json_object_get_int(get(back, "profiles", NULL)), 3);
	CHECK_EQ(json_object_get_int(get(back, "denied", NULL)), 7);
	/* what the kernel did not send is left out */
	CHECK(!json_object_object_get_ex(back, "containers", NULL));
	CHECK(!json_object_object_get_ex(back, "loads", NULL));
	CHECK(json_object_get_boolean(get(back, "ticket", NULL)));
	CHECK_STREQ(str(get(back, "ticket_digest", NULL)),
		    "abcd000000000000000000000000000000000000000000000000000000000000");
	text = text_of(o, 16);
	CHECK_STREQ(text, "policy_name:    restricted\n"
			  "policy_digest:  -\n"
			  "builtin:        no\n"
			  "boot_mode:      enforce\n"
			  "profiles:       3\n"
			  "denied:         7\n"
			  "attest:         required\n"
			  "ticket:         yes\n"
			  "ticket_digest:  abcd000000000000000000000000000000000000000000000000000000000000\n");
	free(text);
	json_object_put(back);
	json_object_put(o);
}

TEST(json_container)
{
	struct cordon_nl_container c = {
		.id = 42, .name = "", .profile = "restricted", .armed = true,
		.has_depth = false, .ns_mnt = 4026532000u, .ns_pid = 1,
		.ns_user = 2, .denied = 5, .complained = 0,
	};
	struct json_object *o = cordon_json_container(&c), *back;

	REQUIRE(o != NULL);
	back = round_trip(o, true);
	REQUIRE(back != NULL);
	CHECK_EQ(json_object_get_int64(get(back, "id", NULL)), 42);
	CHECK(has_null(back, "name"));
	CHECK_STREQ(str(get(back, "profile", NULL)), "restricted");
	CHECK(json_object_get_boolean(get(back, "armed", NULL)));
	CHECK(has_null(back, "depth"));
	CHECK_EQ(json_object_get_int64(get(back, "ns_mnt", NULL)), 4026532000);
	CHECK_EQ(json_object_get_int64(get(back, "denied", NULL)), 5);
	json_object_put(back);
	json_object_put(o);
}

TEST(json_event_one_line)
{
	struct cordon_nl_event ev = {
		.action = "denied", .area = "mount", .op = "mount",
		.rule = "fstype \"proc\"\n", .container_id = 3, .pid = 99,
		.comm = "sh\x01", .profile = "default", .name = "",
		.has_container_id = true, .has_pid = false,
	};
	struct timespec ts = { 0, 5000000 };
	struct json_object *o = cordon_json_event(&ev, &ts), *back;

	REQUIRE(o != NULL);
	/* quotes, a newline and a control byte stay inside one line */
	back = round_trip(o, false);
	REQUIRE(back != NULL);
	CHECK_STREQ(str(get(back, "time", NULL)), "1970-01-01T00:00:00.005Z");
	CHECK_STREQ(str(get(back, "action", NULL)), "denied");
	CHECK_STREQ(str(get(back, "rule", NULL)), "fstype \"proc\"\n");
	CHECK_STREQ(str(get(back, "comm", NULL)), "sh\x01");
	CHECK_EQ(json_object_get_int(get(back, "container", NULL)), 3);
	CHECK(has_null(back, "pid"));
	CHECK(has_null(back, "name"));
	json_object_put(back);
	json_object_put(o);

	o = cordon_json_event(NULL, &ts);
	REQUIRE(o != NULL);
	back = round_trip(o, false);
	REQUIRE(back != NULL);
	CHECK(json_object_get_boolean(get(back, "lost", NULL)));
	CHECK(!json_object_object_get_ex(back, "action", NULL));
	json_object_put(back);
	json_object_put(o);
}

TEST(json_verdict)
{
	struct cordon_verdict_line line = { CORDON_CHECK_MANIFEST,
					    (char *)"file '/x' not measured" };
	struct cordon_verdict v = { 0 };
	struct cordon_evidence ev = { 0 };
	struct json_object *o, *back, *f;

	v.checks[CORDON_CHECK_TPM].state = CORDON_CHECK_PASSED;
	v.checks[CORDON_CHECK_MANIFEST].state = CORDON_CHECK_FAILED;
	v.checks[CORDON_CHECK_MANIFEST].failures = 1;
	strcpy(v.checks[CORDON_CHECK_MANIFEST].reason, "file '/x' not measured");
	v.nlines = 1;
	v.lines = &line;
	v.log_count = 12;
	v.verified = 11;
	o = cordon_json_verdict(&ev, &v, 4);
	REQUIRE(o != NULL);
	back = round_trip(o, true);
	REQUIRE(back != NULL);
	CHECK(!json_object_get_boolean(get(back, "pass", NULL)));
	CHECK_EQ(json_object_get_int(get(back, "exit_status", NULL)), 4);
	CHECK_EQ(json_object_get_int(get(back, "log_entries", NULL)), 12);
	CHECK_EQ(json_object_get_int(get(back, "verified", NULL)), 11);
	/* every check, by its name */
	CHECK_EQ(json_object_object_length(get(back, "checks", NULL)),
		 CORDON_CHECK_COUNT);
	CHECK_STREQ(str(get(get(back, "checks", "manifest"), "state", NULL)),
		    "failed");
	CHECK_STREQ(str(get(get(back, "checks", "tpm"), "state", NULL)),
		    "passed");
	CHECK_STREQ(str(get(get(back, "checks", "ek"), "state", NULL)),
		    "skipped");
	f = get(back, "failures", NULL);
	REQUIRE(f && json_object_array_length(f) == 1);
	CHECK_STREQ(str(get(json_object_array_get_idx(f, 0), "check", NULL)),
		    "manifest");
	/* no quote in the evidence */
	CHECK(has_null(back, "quote"));
	json_object_put(back);
	json_object_put(o);
}

static const char policy_text[] =
	"policy demo version 9;\n"
	"profile base {\n"
	"\tmode complain;\n"
	"\tmount allow tmpfs require nosuid,nodev;\n"
	"\tcapability deny sys_module;\n"
	"\tdevice allow char 1:3 rw;\n"
	"\tdevice allow block 8:* r;\n"
	"\tio_uring allow;\n"
	"}\n"
	"default profile base;\n"
	"select name \"web\" profile base;\n"
	"select ns pid=4026531836 profile base;\n";

TEST(json_policy)
{
	struct cordon_blob b = { NULL, 0 };
	struct cordon_diags d;
	struct json_object *o = NULL, *back, *p, *m, *dev, *s;
	char err[CORDON_ERR_MAX];

	cordon_diags_init(&d);
	if (cordon_policy_compile_string(policy_text, &b, &d))
		cordon_diags_print(&d, stdout);
	cordon_diags_free(&d);
	REQUIRE(b.data != NULL);
	REQUIRE_EQ(cordon_json_policy(b.data, b.len, &o, err, sizeof(err)), 0);
	back = round_trip(o, true);
	REQUIRE(back != NULL);
	CHECK_STREQ(str(get(back, "name", NULL)), "demo");
	CHECK_EQ(json_object_get_int(get(back, "version", NULL)), 9);
	CHECK_STREQ(str(get(back, "default_profile", NULL)), "base");
	REQUIRE_EQ(json_object_array_length(get(back, "profiles", NULL)), 1);
	p = json_object_array_get_idx(get(back, "profiles", NULL), 0);
	CHECK_STREQ(str(get(p, "mode", NULL)), "complain");
	m = get(p, "mount_allow", NULL);
	REQUIRE_EQ(json_object_array_length(m), 1);
	m = json_object_array_get_idx(m, 0);
	CHECK_STREQ(str(get(m, "fstype", NULL)), "tmpfs");
	CHECK_EQ(json_object_array_length(get(m, "require", NULL)), 2);
	dev = get(p, "device_allow", NULL);
	REQUIRE_EQ(json_object_array_length(dev), 2);
	CHECK_STREQ(str(get(json_object_array_get_idx(dev, 0), "access",
			    NULL)), "rw");
	CHECK_EQ(json_object_get_int(get(json_object_array_get_idx(dev, 0),
					 "minor", NULL)), 3);
	/* any minor: null */
	CHECK(has_null(json_object_array_get_idx(dev, 1), "minor"));
	CHECK_STREQ(str(get(p, "surface", "io_uring")), "allow");
	CHECK_STREQ(str(get(p, "surface", "bpf")), "deny");
	s = get(back, "selectors", NULL);
	REQUIRE_EQ(json_object_array_length(s), 2);
	CHECK_STREQ(str(get(json_object_array_get_idx(s, 0), "kind", NULL)),
		    "name");
	CHECK_STREQ(str(get(json_object_array_get_idx(s, 0), "name", NULL)),
		    "web");
	CHECK(has_null(json_object_array_get_idx(s, 1), "mnt"));
	CHECK_EQ(json_object_get_int64(get(json_object_array_get_idx(s, 1),
					   "pid", NULL)), 4026531836);
	json_object_put(back);
	json_object_put(o);

	/* an invalid blob: the validator's error, no object */
	o = NULL;
	((unsigned char *)b.data)[0] ^= 0xff;
	CHECK_EQ(cordon_json_policy(b.data, b.len, &o, err, sizeof(err)),
		 -EBADMSG);
	CHECK(o == NULL);
	CHECK(strstr(err, "bad magic") != NULL);
	cordon_blob_free(&b);
}
