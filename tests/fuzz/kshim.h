/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim.h - the kernel APIs kernel/policy_parse.c (and the headers it
 * includes: cordon.h, compat.h, policy_parse.h) uses, mapped to libc, so
 * that the kernel's own parser is built for userspace from the same source
 * for fuzz_kernel_policy.
 *
 * The Makefile makes a directory of one-line headers, each named like a
 * kernel header (linux/slab.h, net/genetlink.h, ...) and including this
 * file (linux/types.h and linux/capability.h include the libc/uapi ones
 * first); it comes first on the include path.  Only what the parser runs
 * is real: the allocators (with failure injection, kshim_fail_nth), sort(),
 * memchr_inv(), byte order, bit and device number macros.  The rest are
 * types that let cordon.h and compat.h compile: nothing here is called.
 *
 * The 6.12 side of compat.h is taken (LSM_ID_UNDEF): kernel_cap_t is one
 * u64.
 */
#ifndef CORDON_FUZZ_KSHIM_H
#define CORDON_FUZZ_KSHIM_H

#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* --- types ---------------------------------------------------------------- */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

typedef struct { u64 val; } kernel_cap_t;
typedef struct { int refs; } refcount_t;
typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

struct work_struct {
	void (*func)(struct work_struct *work);
};

struct rcu_work {
	struct work_struct work;
	struct rcu_head rcu;
};

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct ratelimit_state {
	int interval;
	int burst;
};

/* the objects with LSM blobs, as far as cordon.h's inline helpers go */
struct user_namespace;
struct nsproxy;
extern struct user_namespace init_user_ns;
extern struct nsproxy init_nsproxy;

struct cred {
	void *security;
	struct user_namespace *user_ns;
};

struct task_struct {
	void *security;
	struct nsproxy *nsproxy;
	const struct cred *cred;
	const struct cred *real_cred;
};

/* declared for the inline helpers, never called by the parser */
extern struct task_struct *kshim_current;
#define current kshim_current
#define current_cred() (kshim_current->cred)
#define current_real_cred() (kshim_current->real_cred)

struct file {
	void *f_security;
};

struct inode {
	void *i_security;
};

struct lsm_blob_sizes {
	int lbs_cred;
	int lbs_file;
	int lbs_ib;
	int lbs_inode;
	int lbs_sock;
	int lbs_superblock;
	int lbs_ipc;
	int lbs_key;
	int lbs_msg_msg;
	int lbs_perf_event;
	int lbs_task;
	int lbs_xattr_count;
	int lbs_tun_dev;
	int lbs_bdev;
};

struct fown_struct {
	struct file *file;
};

struct genl_family {
	int (*bind)(int group);
};

struct net;
struct sk_buff;
struct sock;
struct lsm_id;
extern struct net init_net;
int genlmsg_multicast_netns_filtered(const struct genl_family *family,
				     struct net *net, struct sk_buff *skb,
				     u32 portid, unsigned int group, int flags,
				     int (*filter)(struct sock *dsk,
						   struct sk_buff *skb,
						   void *data),
				     void *filter_data);

/* --- attributes and annotations ------------------------------------------ */
#define __init
#define __rcu
#define __ro_after_init
#define __packed __attribute__((packed))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define rcu_access_pointer(p) (p)
#define rcu_dereference(p) (p)
#define rcu_dereference_check(p, c) (p)
#define rcu_dereference_protected(p, c) (p)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* the 6.12 branch of compat.h */
#define LSM_ID_UNDEF 0

/* --- bits, byte order, device numbers ------------------------------------- */
#define BIT_ULL(n) (1ULL << (n))
#define GENMASK_ULL(h, l) \
	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#define le16_to_cpu(x) le16toh(x)
#define le32_to_cpu(x) le32toh(x)
#define le64_to_cpu(x) le64toh(x)
#define cpu_to_le16(x) htole16(x)
#define cpu_to_le32(x) htole32(x)
#define cpu_to_le64(x) htole64(x)

#define MINORBITS 20
#define MINORMASK ((1U << MINORBITS) - 1)

/* --- memory ---------------------------------------------------------------- */
typedef unsigned int gfp_t;
#define GFP_KERNEL 0U

/*
 * Allocation failure injection: when kshim_fail_nth is n > 0, the n-th
 * allocation from then on fails (and kshim_fail_nth drops to 0).
 * kshim_nr_allocs counts allocations.
 */
extern unsigned int kshim_fail_nth;
extern unsigned long kshim_nr_allocs;

static inline void *kshim_alloc(size_t n, size_t size)
{
	kshim_nr_allocs++;
	if (kshim_fail_nth && !--kshim_fail_nth)
		return NULL;
	if (size && n > SIZE_MAX / size)
		return NULL;
	/* the kernel's allocators return ZERO_SIZE_PTR for 0: never NULL */
	return calloc(n ? n : 1, size ? size : 1);
}

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	return kshim_alloc(1, size);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	(void)gfp;
	return kshim_alloc(n, size);
}

#define kvcalloc kcalloc
#define kvmalloc_array kcalloc
#define vzalloc(size) kshim_alloc(1, (size))
#define PAGE_SIZE 4096UL
#define ALIGN(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kvfree kfree

/* the first byte of @start that is not @c, or NULL */
static inline void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;
	size_t i;

	for (i = 0; i < bytes; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_func_t)(void *a, void *b, int size);

static inline void sort(void *base, size_t num, size_t size, cmp_func_t cmp,
			swap_func_t swap)
{
	(void)swap;
	if (num > 1)
		qsort(base, num, size, cmp);
}

#endif /* CORDON_FUZZ_KSHIM_H */
