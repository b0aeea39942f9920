// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - diagnostics of the policy compiler, reading policy files
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cordon/cordon.h>
#include <cordon/policy.h>

#include "internal.h"
#include "policy_internal.h"

void cordon_diags_init(struct cordon_diags *d)
{
	d->items = NULL;
	d->count = 0;
	d->cap = 0;
	d->max = 0;
	d->dropped = 0;
}

void cordon_diags_free(struct cordon_diags *d)
{
	size_t max = d->max;

	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	cordon_diags_init(d);
	d->max = max;
}

void cordon_diags_set_max(struct cordon_diags *d, size_t max)
{
	d->max = max ? max : SIZE_MAX;
}

static size_t cordon_diags_limit(const struct cordon_diags *d)
{
	return d->max ? d->max : CORDON_DIAGS_MAX_DEFAULT;
}

int cordon_diags_note(const struct cordon_diags *d, char *buf, size_t len)
{
	if (!d->dropped) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	return snprintf(buf, len,
			"%s: note: too many errors: %zu more not shown (the limit is %zu)",
			d->count ? d->items[d->count - 1].file : "<input>",
			d->dropped, cordon_diags_limit(d));
}

int cordon__diag_add(struct cordon_diags *d, const char *file,
		     unsigned int line, unsigned int col, const char *fmt, ...)
{
	struct cordon_diag *e;
	va_list ap;
	int n;

	/* beyond the limit, count only: no memory, no formatting */
	if (d->count >= cordon_diags_limit(d)) {
		d->dropped++;
		return 0;
	}
	if (d->count == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct cordon_diag *items;

		items = realloc(d->items, cap * sizeof(*items));
		if (!items)
			return -ENOMEM;
		d->items = items;
		d->cap = cap;
	}
	e = &d->items[d->count];
	e->line = line;
	e->col = col;
	e->file = strdup(file);
	va_start(ap, fmt);
	n = vasprintf(&e->msg, fmt, ap);
	va_end(ap);
	if (!e->file || n < 0) {
		free(e->file);
		if (n >= 0)
			free(e->msg);
		return -ENOMEM;
	}
	d->count++;
	return 0;
}

struct seq_diag {
	struct cordon_diag d;
	size_t seq;
};

static int by_position(const void *pa, const void *pb)
{
	const struct seq_diag *a = pa, *b = pb;

	if (a->d.line != b->d.line)
		return a->d.line < b->d.line ? -1 : 1;
	if (a->d.col != b->d.col)
		return a->d.col < b->d.col ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Stable: qsort() with the original position as the last key. */
void cordon__diags_sort(struct cordon_diags *d, size_t first)
{
	size_t n = d->count - first;
	struct seq_diag *tmp;

	if (n < 2)
		return;
	tmp = malloc(n * sizeof(*tmp));
	if (!tmp) {
		/* out of memory: an insertion sort needs none */
		for (size_t i = first + 1; i < d->count; i++) {
			struct cordon_diag x = d->items[i];
			size_t j = i;

			while (j > first &&
			       (d->items[j - 1].line > x.line ||
				(d->items[j - 1].line == x.line &&
				 d->items[j - 1].col > x.col))) {
				d->items[j] = d->items[j - 1];
				j--;
			}
			d->items[j] = x;
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		tmp[i].d = d->items[first + i];
		tmp[i].seq = i;
	}
	qsort(tmp, n, sizeof(*tmp), by_position);
	for (size_t i = 0; i < n; i++)
		d->items[first + i] = tmp[i].d;
	free(tmp);
}

int cordon_diag_format(const struct cordon_diag *d, char *buf, size_t len)
{
	if (d->line == 0)
		return snprintf(buf, len, "%s: error: %s", d->file, d->msg);
	return snprintf(buf, len, "%s:%u:%u: error: %s", d->file, d->line,
			d->col, d->msg);
}

void cordon_diags_print(const struct cordon_diags *d, FILE *f)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct cordon_diag *e = &d->items[i];

		if (e->line == 0)
			fprintf(f, "%s: error: %s\n", e->file, e->msg);
		else
			fprintf(f, "%s:%u:%u: error: %s\n", e->file, e->line,
				e->col, e->msg);
	}
	if (d->dropped) {
		char note[CORDON_ERR_MAX];

		cordon_diags_note(d, note, sizeof(note));
		fprintf(f, "%s\n", note);
	}
}

void cordon_blob_free(struct cordon_blob *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

int cordon_policy_compile_string(const char *text, struct cordon_blob *out,
				 struct cordon_diags *diags)
{
	return cordon_policy_compile("<string>", text, strlen(text), out,
				     diags);
}

int cordon_policy_compile_file(const char *path, struct cordon_blob *out,
			       struct cordon_diags *diags)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	char *text = NULL;
	size_t len = 0;
	int fd, rc;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
	} else {
		rc = cordon_read_fd(fd, CORDON_POLICY_TEXT_MAX, &text, &len);
		if (!is_stdin)
			close(fd);
	}
	if (rc < 0) {
		const char *why = rc == -EFBIG ? "file too large" :
						 strerror(-rc);

		if (cordon__diag_add(diags, name, 0, 0, "cannot read: %s",
				     why) < 0)
			return -ENOMEM;
		return rc;
	}
	rc = cordon_policy_compile(name, text, len, out, diags);
	free(text);
	return rc;
}
