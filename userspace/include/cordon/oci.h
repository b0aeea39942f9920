/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - the OCI runtime hook: what a runtime tells a hook
 *
 * Copyright (C) 2026 The cordon authors
 */
#ifndef CORDON_OCI_H
#define CORDON_OCI_H

#include <stddef.h>
#include <sys/types.h>

#include <linux/cordon.h>

/* the annotations a container's config may carry */
#define CORDON_OCI_ANN_PROFILE	"org.cordon.profile"
#define CORDON_OCI_ANN_NAME	"org.cordon.name"

/* the largest state document read (runtimes write a few hundred bytes) */
#define CORDON_OCI_STATE_MAX	(1 << 20)

/**
 * struct cordon_oci_binding - what the hook asks the kernel
 * @pid: the container's first process, in the runtime's pid namespace
 * @name: the container's name: the org.cordon.name annotation, else the
 *	OCI id made of [A-Za-z0-9._-] (other bytes become '-') and cut to
 *	CORDON_NAME_MAX - 1 bytes
 * @profile: the org.cordon.profile annotation, "" if there is none (the
 *	policy's selectors decide)
 */
struct cordon_oci_binding {
	pid_t pid;
	char name[CORDON_NAME_MAX];
	char profile[CORDON_NAME_MAX];
};

/*
 * cordon_oci_state_parse - read the OCI state a runtime gives a hook
 * @json: the state document (runtime-spec "state": ociVersion, id, status,
 *	pid, bundle, annotations), not necessarily NUL-terminated
 * @len: its length
 * @b: receives the binding
 * @err: receives the reason on failure
 * @errlen: size of @err
 *
 * Return: 0; -EINVAL for a document that is not JSON, has no id, no pid
 * (or one that is not a positive integer), or an annotation that is not a
 * string or not a valid name ([A-Za-z0-9._-], 1 to CORDON_NAME_MAX - 1
 * bytes); -E2BIG over CORDON_OCI_STATE_MAX; -ENOMEM.
 */
int cordon_oci_state_parse(const char *json, size_t len,
			   struct cordon_oci_binding *b, char *err,
			   size_t errlen);

#endif /* CORDON_OCI_H */
