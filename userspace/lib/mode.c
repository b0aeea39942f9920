// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcordon - mode names
 */
#include <errno.h>
#include <string.h>

#include <cordon/cordon.h>

static const char *const mode_names[] = {
	[CORDON_MODE_OFF] = "off",
	[CORDON_MODE_COMPLAIN] = "complain",
	[CORDON_MODE_ENFORCE] = "enforce",
};

#define N_MODES (sizeof(mode_names) / sizeof(mode_names[0]))

const char *cordon_mode_name(enum cordon_mode mode)
{
	if ((unsigned int)mode >= N_MODES)
		return "invalid";
	return mode_names[mode];
}

int cordon_mode_parse(const char *name, size_t len, enum cordon_mode *mode)
{
	if (!name && len > 0)
		return -EINVAL;
	for (size_t i = 0; i < N_MODES; i++) {
		if (strlen(mode_names[i]) == len &&
		    memcmp(mode_names[i], name, len) == 0) {
			*mode = (enum cordon_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}
