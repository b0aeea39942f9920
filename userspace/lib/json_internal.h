/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - helpers for building json-c objects; not installed.
 *
 * Copyright (C) 2026 The cordon authors
 */
#ifndef CORDON_LIB_JSON_INTERNAL_H
#define CORDON_LIB_JSON_INTERNAL_H

#include <stdbool.h>

#include <json-c/json.h>

/*
 * Add @val to @obj under @key, taking the reference.  Return: true; false
 * if @val is NULL (out of memory when it was made) or the add failed (@val
 * is then put).
 */
bool cordon__json_put(struct json_object *obj, const char *key,
		      struct json_object *val);
/* Add a JSON null under @key. */
bool cordon__json_null(struct json_object *obj, const char *key);
/* Add @s, or null for NULL or "" (an attribute the kernel left out). */
bool cordon__json_str_or_null(struct json_object *obj, const char *key,
			      const char *s);

/* Append the string @s to the array @arr.  Return: false when out of memory. */
bool cordon__json_array_str(struct json_object *arr, const char *s);

#endif /* CORDON_LIB_JSON_INTERNAL_H */
