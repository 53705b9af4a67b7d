/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A longest-prefix-match trie for IPv4 or IPv6 prefixes: binary and
 * path-compressed, read under RCU without locks, written by one writer at a
 * time (the caller's mutex). It maps prefixes to opaque values and knows
 * nothing of routes or networks, so KUnit checks it against brute force.
 *
 * Each value is visible to lookups of a window of generations, [from,
 * until): a writer stages many changes under the next generation, invisible
 * to lookups of the current one, and the caller publishes them all at once
 * by moving its generation on (struct gsec_routes does).
 */
#ifndef _GENEVESEC_LPM_H
#define _GENEVESEC_LPM_H

#include <linux/rcupdate.h>
#include <linux/types.h>

struct mutex;

#define GSEC_LPM_MAX_BYTES	16
/* An insert allocates at most this many nodes. */
#define GSEC_LPM_INSERT_NODES	2
/* The end of the window of a value that has not been removed. */
#define GSEC_LPM_FOREVER	U64_MAX

struct gsec_lpm_node {
	struct gsec_lpm_node __rcu *child[2];
	void __rcu *value;		/* NULL: a branch point only */
	/* The generations whose lookups see the value: from is set before
	 * the node is linked and never changes; until is staged by a writer.
	 */
	u64 from;
	u64 until;
	/* (No rcu_head: freed by kfree_rcu_mightsleep(), which keeps the
	 * node at 57 bytes, in the 64-byte slab; a pair uses four to six.)
	 */
	u8 plen;			/* prefix length in bits */
	u8 key[GSEC_LPM_MAX_BYTES];	/* prefix, big endian, zero past plen */
};

struct gsec_lpm {
	struct gsec_lpm_node __rcu *root;
	/* Serialises writers; held by the caller of insert/remove/get. */
	struct mutex *lock;
	u8 bits;			/* 32 or 128 */
	u32 nodes;			/* for memory accounting and tests */
};

/* Nodes allocated ahead, so that a batch of inserts cannot fail half way. */
struct gsec_lpm_pool {
	struct gsec_lpm_node *free;	/* linked through child[0] */
	unsigned int count;
};

int gsec_lpm_pool_fill(struct gsec_lpm_pool *pool, unsigned int n, gfp_t gfp);
void gsec_lpm_pool_drain(struct gsec_lpm_pool *pool);

void gsec_lpm_init(struct gsec_lpm *t, unsigned int bits, struct mutex *lock);
void *gsec_lpm_lookup(struct gsec_lpm *t, const u8 *addr, u64 gen);
void *gsec_lpm_get(struct gsec_lpm *t, const u8 *prefix, u8 plen);
int gsec_lpm_insert_pool(struct gsec_lpm *t, const u8 *prefix, u8 plen,
			 void *value, u64 from, struct gsec_lpm_pool *pool);
void *gsec_lpm_set_until(struct gsec_lpm *t, const u8 *prefix, u8 plen,
			 u64 until);
void *gsec_lpm_remove(struct gsec_lpm *t, const u8 *prefix, u8 plen);
void gsec_lpm_destroy(struct gsec_lpm *t);
void gsec_lpm_prefix_mask(u8 *prefix, unsigned int bits, u8 plen);

#endif /* _GENEVESEC_LPM_H */
