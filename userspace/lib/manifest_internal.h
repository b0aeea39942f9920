/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcordon - what the manifest's text and Keylime readers share; not
 * installed.
 */
#ifndef CORDON_LIB_MANIFEST_INTERNAL_H
#define CORDON_LIB_MANIFEST_INTERNAL_H

#include <stddef.h>

#include <cordon/manifest.h>

/*
 * Make @e an exclude entry for @re (@len bytes, Python re syntax as
 * Keylime writes it): translated to a POSIX extended regular expression,
 * anchored at the start as Python's re.match(), and compiled.
 *
 * Return: 0; -EINVAL with the reason in @why; -ENOMEM.
 */
int cordon__manifest_exclude(struct cordon_manifest_entry *e, const char *re,
			     size_t len, char *why, size_t whylen);

/* Free what an entry owns (name, digests, regex). */
void cordon__manifest_entry_free(struct cordon_manifest_entry *e);

/*
 * Duplicate detection while entries are added: file/allow names (one
 * line per name), and the names of forbid, exclude, ignore_keyring.
 */
struct cordon__mnames {
	size_t *slot;		/* entry index + 1; 0 empty */
	size_t mask;
	size_t used;
};

/*
 * Add entry @i of @m (kinds with a name; others are ignored).  If an entry
 * of the same class and name is there, *@dup is its index and nothing is
 * added; else *@dup is SIZE_MAX.  "file" and "allow" are one class (and
 * "allow" lines of different scopes do not collide).
 *
 * Return: 0 or -ENOMEM.
 */
int cordon__mnames_add(struct cordon__mnames *t,
		       const struct cordon_manifest *m, size_t i,
		       size_t *dup);
void cordon__mnames_free(struct cordon__mnames *t);

#endif /* CORDON_LIB_MANIFEST_INTERNAL_H */
