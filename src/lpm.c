// SPDX-License-Identifier: GPL-2.0
/*
 * Path-compressed binary trie for longest-prefix match.
 *
 * Every node holds a prefix; a node without a value exists only to branch
 * and then always has two children, so the depth never exceeds the address
 * width plus one and a lookup costs one prefix comparison per level.
 *
 * Writers publish a node only after it is fully built (rcu_assign_pointer),
 * and free unlinked nodes after a grace period, so a reader that holds any
 * node can always finish its walk. Values are the caller's: the trie never
 * frees them.
 *
 * A value's window starts with the node that carries it: a value given to
 * an existing branch node comes in a new node that takes the branch's
 * place, so a reader that sees a value also sees its own start. Only the
 * window's end changes in a live node, between "never" and the generation
 * a writer is staging, which are the same for every reader of an older
 * generation.
 */

#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "lpm.h"

/* Writers' view of an RCU pointer: the trie's mutex is held. */
#define deref_w(t, p) rcu_dereference_protected(p, lockdep_is_held((t)->lock))

static unsigned int key_bit(const u8 *key, unsigned int i)
{
	return (key[i / 8] >> (7 - i % 8)) & 1;
}

/* The number of leading bits a and b share, looking at most at max bits. */
static unsigned int common_bits(const u8 *a, const u8 *b, unsigned int max)
{
	unsigned int i, n = 0;
	u8 x;

	for (i = 0; n < max; i++, n += 8) {
		x = a[i] ^ b[i];
		if (x) {
			n += 7 - __fls(x);
			break;
		}
	}
	return min(n, max);
}

/* Zero every bit of @prefix past @plen. */
void gsec_lpm_prefix_mask(u8 *prefix, unsigned int bits, u8 plen)
{
	unsigned int i;

	for (i = plen / 8; i < bits / 8; i++)
		prefix[i] &= i == plen / 8 ? (u8)(0xff00 >> (plen % 8)) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_prefix_mask);

void gsec_lpm_init(struct gsec_lpm *t, unsigned int bits, struct mutex *lock)
{
	RCU_INIT_POINTER(t->root, NULL);
	t->lock = lock;
	/* A pair uses four to six nodes: they stay in the 64-byte slab. */
	BUILD_BUG_ON(sizeof(struct gsec_lpm_node) > 64);
	t->bits = bits;
	t->nodes = 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_init);

/**
 * gsec_lpm_lookup() - longest-prefix match of a full-length address
 * @t: the trie
 * @addr: t->bits / 8 bytes, big endian
 * @gen: the generation looked at: values whose window holds it count
 *
 * Context: rcu_read_lock() or rcu_read_lock_bh() held.
 * Return: the value of the longest prefix containing @addr, or NULL.
 */
void *gsec_lpm_lookup(struct gsec_lpm *t, const u8 *addr, u64 gen)
{
	struct gsec_lpm_node *node = rcu_dereference(t->root);
	void *best = NULL, *value;

	while (node && common_bits(node->key, addr, node->plen) == node->plen) {
		value = rcu_dereference(node->value);
		if (value && node->from <= gen && gen < READ_ONCE(node->until))
			best = value;
		if (node->plen == t->bits)
			break;
		node = rcu_dereference(node->child[key_bit(addr, node->plen)]);
	}
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_lookup);

/*
 * Find the slot that holds the node for exactly (prefix, plen), or where
 * that node would be linked. *parent_slot is the slot of the node owning
 * the returned slot (NULL at the root).
 */
static struct gsec_lpm_node __rcu **
find_slot(struct gsec_lpm *t, const u8 *prefix, u8 plen,
	  struct gsec_lpm_node __rcu ***parent_slot)
{
	struct gsec_lpm_node __rcu **slot = &t->root;
	struct gsec_lpm_node *node;

	if (parent_slot)
		*parent_slot = NULL;
	while ((node = deref_w(t, *slot)) && node->plen < plen &&
	       common_bits(node->key, prefix, node->plen) == node->plen) {
		if (parent_slot)
			*parent_slot = slot;
		slot = &node->child[key_bit(prefix, node->plen)];
	}
	return slot;
}

static bool node_is(const struct gsec_lpm_node *node, const u8 *prefix, u8 plen)
{
	return node && node->plen == plen &&
	       common_bits(node->key, prefix, plen) == plen;
}

/**
 * gsec_lpm_get() - the value stored for exactly this prefix
 * @t: the trie
 * @prefix: the prefix, bits past @plen ignored
 * @plen: its length
 *
 * Context: t->lock held.
 *
 * Return: the value, or NULL when the prefix is not in the trie.
 */
void *gsec_lpm_get(struct gsec_lpm *t, const u8 *prefix, u8 plen)
{
	struct gsec_lpm_node *node;

	node = deref_w(t, *find_slot(t, prefix, plen, NULL));
	return node_is(node, prefix, plen) ? deref_w(t, node->value) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_get);

/**
 * gsec_lpm_pool_fill() - make sure a pool holds at least @n nodes
 * @pool: the pool, zero-initialised before first use
 * @n: how many nodes the coming inserts may need
 * @gfp: allocation flags
 *
 * Return: 0 or -ENOMEM (the pool keeps what it got).
 */
int gsec_lpm_pool_fill(struct gsec_lpm_pool *pool, unsigned int n, gfp_t gfp)
{
	struct gsec_lpm_node *node;

	while (pool->count < n) {
		node = kzalloc(sizeof(*node), gfp);
		if (!node)
			return -ENOMEM;
		RCU_INIT_POINTER(node->child[0], pool->free);
		pool->free = node;
		pool->count++;
		if (gfpflags_allow_blocking(gfp))
			cond_resched();
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_pool_fill);

void gsec_lpm_pool_drain(struct gsec_lpm_pool *pool)
{
	struct gsec_lpm_node *node;

	while ((node = pool->free)) {
		pool->free = rcu_dereference_protected(node->child[0], true);
		kfree(node);
	}
	pool->count = 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_pool_drain);

static struct gsec_lpm_node *node_new(struct gsec_lpm *t, const u8 *prefix,
				      u8 plen, void *value, u64 from,
				      struct gsec_lpm_pool *pool)
{
	/* Never empty: gsec_lpm_insert_pool() checked the pool first. */
	struct gsec_lpm_node *node = pool->free;

	pool->free = rcu_dereference_protected(node->child[0], true);
	pool->count--;
	memset(node, 0, sizeof(*node));
	memcpy(node->key, prefix, t->bits / 8);
	gsec_lpm_prefix_mask(node->key, t->bits, plen);
	node->plen = plen;
	RCU_INIT_POINTER(node->value, value);
	node->from = from;
	node->until = GSEC_LPM_FOREVER;
	t->nodes++;
	return node;
}

/* Context: the writer's mutex held, so it may sleep (when no memory is
 * left to queue the node, for a grace period).
 */
static void node_free(struct gsec_lpm *t, struct gsec_lpm_node *node)
{
	t->nodes--;
	kfree_rcu_mightsleep(node);
}

/**
 * gsec_lpm_insert_pool() - add a prefix, taking nodes from a pool
 * @t: the trie
 * @prefix: the prefix, bits past @plen ignored
 * @plen: its length, at most t->bits
 * @value: what lookups of addresses under the prefix return, not NULL
 * @from: the first generation whose lookups see it
 * @pool: holds at least GSEC_LPM_INSERT_NODES nodes
 *
 * Context: t->lock held.
 * Return: 0, -EEXIST if the prefix already has a value (nothing changes),
 * or -EINVAL.
 */
int gsec_lpm_insert_pool(struct gsec_lpm *t, const u8 *prefix, u8 plen,
			 void *value, u64 from, struct gsec_lpm_pool *pool)
{
	struct gsec_lpm_node __rcu **slot;
	struct gsec_lpm_node *node, *leaf, *mid;
	unsigned int cpl;

	if (!value || plen > t->bits)
		return -EINVAL;
	if (WARN_ON_ONCE(pool->count < GSEC_LPM_INSERT_NODES))
		return -ENOMEM;

	slot = find_slot(t, prefix, plen, NULL);
	node = deref_w(t, *slot);
	if (node_is(node, prefix, plen)) {
		if (deref_w(t, node->value))
			return -EEXIST;
		/* A branch point: a new node with the value takes its place. */
		leaf = node_new(t, prefix, plen, value, from, pool);
		RCU_INIT_POINTER(leaf->child[0], deref_w(t, node->child[0]));
		RCU_INIT_POINTER(leaf->child[1], deref_w(t, node->child[1]));
		rcu_assign_pointer(*slot, leaf);
		node_free(t, node);
		return 0;
	}

	leaf = node_new(t, prefix, plen, value, from, pool);
	if (!node) {
		rcu_assign_pointer(*slot, leaf);
		return 0;
	}

	/* node's prefix is not inside ours on the path: they share cpl bits. */
	cpl = common_bits(node->key, leaf->key, min(node->plen, plen));
	if (cpl == plen) {
		/* Ours contains node's: we take its place, it hangs below. */
		RCU_INIT_POINTER(leaf->child[key_bit(node->key, plen)], node);
		rcu_assign_pointer(*slot, leaf);
		return 0;
	}

	/* They diverge at bit cpl: a branch node holds the common part. */
	mid = node_new(t, prefix, cpl, NULL, 0, pool);
	RCU_INIT_POINTER(mid->child[key_bit(leaf->key, cpl)], leaf);
	RCU_INIT_POINTER(mid->child[key_bit(node->key, cpl)], node);
	rcu_assign_pointer(*slot, mid);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_insert_pool);

/* Replace a node that no longer needs to exist by its only child (or by
 * nothing); returns true if it did.
 */
static bool node_collapse(struct gsec_lpm *t, struct gsec_lpm_node __rcu **slot)
{
	struct gsec_lpm_node *node = deref_w(t, *slot);
	struct gsec_lpm_node *c0, *c1;

	if (!node || deref_w(t, node->value))
		return false;
	c0 = deref_w(t, node->child[0]);
	c1 = deref_w(t, node->child[1]);
	if (c0 && c1)
		return false;
	rcu_assign_pointer(*slot, c0 ?: c1);
	node_free(t, node);
	return true;
}

/**
 * gsec_lpm_set_until() - stage the end of a prefix's value
 * @t: the trie
 * @prefix: the prefix, bits past @plen ignored
 * @plen: its length
 * @until: the first generation whose lookups no longer see the value, or
 *	GSEC_LPM_FOREVER to take back a staged end
 *
 * The node stays until gsec_lpm_remove(): readers of older generations
 * still find the value.
 *
 * Context: t->lock held.
 * Return: the value, or NULL when the prefix has none.
 */
void *gsec_lpm_set_until(struct gsec_lpm *t, const u8 *prefix, u8 plen,
			 u64 until)
{
	struct gsec_lpm_node *node;
	void *value;

	node = deref_w(t, *find_slot(t, prefix, plen, NULL));
	if (!node_is(node, prefix, plen))
		return NULL;
	value = deref_w(t, node->value);
	if (value)
		WRITE_ONCE(node->until, until);
	return value;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_set_until);

/**
 * gsec_lpm_remove() - remove a prefix
 * @t: the trie
 * @prefix: the prefix, bits past @plen ignored
 * @plen: its length
 *
 * Context: t->lock held.
 *
 * Readers may still see the value until a grace period has passed.
 * Return: the value the prefix had, or NULL if it was not in the trie.
 */
void *gsec_lpm_remove(struct gsec_lpm *t, const u8 *prefix, u8 plen)
{
	struct gsec_lpm_node __rcu **slot, **parent_slot;
	struct gsec_lpm_node *node;
	void *value;

	slot = find_slot(t, prefix, plen, &parent_slot);
	node = deref_w(t, *slot);
	if (!node_is(node, prefix, plen))
		return NULL;
	value = deref_w(t, node->value);
	if (!value)
		return NULL;

	RCU_INIT_POINTER(node->value, NULL);
	/* A leaf going away can leave its parent a useless branch. */
	if (node_collapse(t, slot) && parent_slot)
		node_collapse(t, parent_slot);
	return value;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_remove);

/**
 * gsec_lpm_destroy() - free every node
 * @t: the trie, unreachable by readers since at least one grace period
 *
 * Iterative, in constant space: left children are rotated up until the
 * node at hand has none, then it is freed and its right child is next.
 */
void gsec_lpm_destroy(struct gsec_lpm *t)
{
	struct gsec_lpm_node *node, *left;

	node = rcu_dereference_protected(t->root, true);
	RCU_INIT_POINTER(t->root, NULL);
	while (node) {
		left = rcu_dereference_protected(node->child[0], true);
		if (left) {
			RCU_INIT_POINTER(node->child[0],
					 rcu_dereference_protected(left->child[1], true));
			RCU_INIT_POINTER(left->child[1], node);
			node = left;
		} else {
			left = node;
			node = rcu_dereference_protected(node->child[1], true);
			kfree(left);
			t->nodes--;
		}
	}
}
EXPORT_SYMBOL_IF_KUNIT(gsec_lpm_destroy);
