/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - what cordonctl prints, as json-c objects
 *
 * Each function builds the one object both of cordonctl's formats print
 * from: `-j` serializes it, the text format walks it (cordon_json_text()).
 * The schema of every object is in cordonctl(8), section JSON OUTPUT.
 * Objects are new references: the caller puts them with json_object_put().
 * Every function returns NULL when out of memory.
 *
 * Copyright (C) 2026 The cordon authors
 */
#ifndef CORDON_JSON_H
#define CORDON_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <json-c/json.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cordon_status;
struct cordon_nl_status;
struct cordon_nl_container;
struct cordon_nl_event;
struct cordon_evidence;
struct cordon_verdict;

/*
 * cordon_json_status - `status`: the securityfs status file
 * @st: the parsed status file
 *
 * Return: { version, mode, policy, policy_version }.
 */
struct json_object *cordon_json_status(const struct cordon_status *st);

/*
 * cordon_json_status_nl - `status`: add what STATUS_GET reported to @obj
 * @obj: an object made by cordon_json_status()
 * @st: the kernel's reply
 *
 * Keys the kernel did not send are left out (policy_digest is null).
 *
 * Return: 0; -ENOMEM.
 */
int cordon_json_status_nl(struct json_object *obj,
			  const struct cordon_nl_status *st);

/*
 * cordon_json_container - `ps`: one container
 *
 * Return: { id, name, profile, armed, depth, ns_mnt, ns_pid, ns_user,
 * denied, complained }; name, profile and depth null when the kernel sent
 * none.
 */
struct json_object *cordon_json_container(const struct cordon_nl_container *c);

/*
 * cordon_json_event - `monitor`: one event
 * @ev: the event; NULL for "events were lost"
 * @ts: when it was received (CLOCK_REALTIME)
 *
 * Return: { time, action, area, op, rule, container, pid, comm, profile,
 * name }, or { time, lost: true } for a NULL @ev.
 */
struct json_object *cordon_json_event(const struct cordon_nl_event *ev,
				      const struct timespec *ts);

/*
 * cordon_json_verdict - `attest`: the verdict of the local gate
 * @ev: the evidence it was made from (the quote is described if there is
 *	one)
 * @v: the verdict
 * @exit_status: what `attest` exits with
 *
 * Return: { pass, exit_status, log_entries, verified, checks, failures,
 * quote }.
 */
struct json_object *cordon_json_verdict(const struct cordon_evidence *ev,
					const struct cordon_verdict *v,
					int exit_status);

/*
 * cordon_json_policy - `dump`: a policy blob, validated, as an object
 * @blob: the blob
 * @len: its length
 * @out: set to the object on success
 * @err: receives a message on failure
 * @errlen: size of @err
 *
 * Return: 0; an error of cordon_policy_validate(); -ENOMEM.
 */
int cordon_json_policy(const void *blob, size_t len, struct json_object **out,
		       char *err, size_t errlen);

/*
 * cordon_json_hex - a string of lower-case hex digits for @n bytes
 *
 * Return: a new string object; NULL when out of memory.
 */
struct json_object *cordon_json_hex(const void *p, size_t n);

/*
 * cordon_json_text - print a flat object as "KEY:" padded to @width, then
 * its value, one line per key, in the object's order
 *
 * Strings print as they are, booleans as yes/no, numbers in decimal, null
 * as "-".  Nested objects and arrays are not expected (printed as JSON).
 */
void cordon_json_text(FILE *out, struct json_object *obj, int width);

/*
 * cordon_json_print - print @obj as one JSON document and a newline
 * @pretty: indented (a document), or on one line (a stream, as monitor's)
 *
 * Return: 0; -EIO on a write error.
 */
int cordon_json_print(FILE *out, struct json_object *obj, bool pretty);

#ifdef __cplusplus
}
#endif

#endif /* CORDON_JSON_H */
