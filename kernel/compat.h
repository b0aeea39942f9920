/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cordon - differences between the kernels cordon builds on
 *
 * cordon supports Linux 6.12 and 6.1.  Every difference between them lives
 * in this file, keyed on one feature test: LSM ids (include/uapi/linux/lsm.h,
 * pulled in by linux/lsm_hooks.h) exist in 6.12 and not in 6.1.
 */

#ifndef _SECURITY_CORDON_COMPAT_H
#define _SECURITY_CORDON_COMPAT_H

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <net/genetlink.h>

#ifdef LSM_ID_UNDEF	/* 6.12 */

#define CORDON_HAVE_LSM_ID 1

#define cordon_hooks_ro __ro_after_init
extern const struct lsm_id cordon_lsmid;
#define cordon_add_hooks(hooks, count) \
	security_add_hooks(hooks, count, &cordon_lsmid)

/* kernel_cap_t is one u64 */
#define CORDON_CAPS(bits) { .val = (bits) }

static inline kernel_cap_t cordon_caps_from_u64(u64 bits)
{
	return (kernel_cap_t){ .val = bits };
}

static inline u64 cordon_caps_to_u64(kernel_cap_t caps)
{
	return caps.val;
}

/* perf_event_open takes the event type only */
#define CORDON_PERF_ATTR

/* the sb_kern_mount and bprm_committing_creds hooks take const objects */
#define CORDON_SB_CONST const
#define CORDON_BPRM_CONST const

/* file_send_sigiotask: fown_struct points back to its file */
static inline const struct file *cordon_fown_file(const struct fown_struct *fown)
{
	return fown->file;
}

/* generic netlink families may vet multicast group joins */
static inline void cordon_genl_set_bind(struct genl_family *family,
					int (*bind)(int group))
{
	family->bind = bind;
}

/*
 * ... but genl_bind() ignores the callback's verdict: multicast events
 * through a filter that drops the listeners it would have refused
 */
static inline void cordon_genl_multicast(const struct genl_family *family,
					 struct sk_buff *skb,
					 int (*filter)(struct sock *dsk,
						       struct sk_buff *skb,
						       void *data))
{
	genlmsg_multicast_netns_filtered(family, &init_net, skb, 0, 0,
					 GFP_KERNEL, filter, NULL);
}

/* keys have an LSM blob */
#define CORDON_HAVE_KEY_BLOB 1
#define CORDON_KEYS_RESTRICTED IS_ENABLED(CONFIG_KEYS)

#else			/* 6.1 */

#define cordon_hooks_ro __lsm_ro_after_init
#define cordon_add_hooks(hooks, count) \
	security_add_hooks(hooks, count, CORDON_NAME)

/* kernel_cap_t is two u32 */
#define CORDON_CAPS(bits) { .cap = { (u32)(bits), (u32)((bits) >> 32) } }

static inline kernel_cap_t cordon_caps_from_u64(u64 bits)
{
	return (kernel_cap_t){ .cap = { (u32)bits, (u32)(bits >> 32) } };
}

static inline u64 cordon_caps_to_u64(kernel_cap_t caps)
{
	return caps.cap[0] | (u64)caps.cap[1] << 32;
}

#define CORDON_SB_CONST
#define CORDON_BPRM_CONST
/* perf_event_open takes the event's attributes too */
#define CORDON_PERF_ATTR struct perf_event_attr *attr,

/*
 * no bind callback in struct genl_family and no filtered multicast: joining
 * the events group needs CAP_SYS_ADMIN (the group's flag) rather than
 * CAP_MAC_ADMIN
 */
static inline void cordon_genl_set_bind(struct genl_family *family,
					int (*bind)(int group))
{
}

static inline void cordon_genl_multicast(const struct genl_family *family,
					 struct sk_buff *skb,
					 int (*filter)(struct sock *dsk,
						       struct sk_buff *skb,
						       void *data))
{
	genlmsg_multicast(family, skb, 0, 0, GFP_KERNEL);
}

/* file_send_sigiotask: fown_struct is embedded in its file */
static inline const struct file *cordon_fown_file(const struct fown_struct *fown)
{
	return container_of(fown, struct file, f_owner);
}

/*
 * keys have a single security pointer, owned by SELinux or Smack: cordon
 * keeps key owners in a table of its own (key.c)
 */
#define CORDON_KEYS_RESTRICTED IS_ENABLED(CONFIG_KEYS)

#endif

#endif /* _SECURITY_CORDON_COMPAT_H */
