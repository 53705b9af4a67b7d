// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the longest-prefix-match trie, by explicit cases and against an
 * independent reference (a sorted table searched once per prefix length)
 * on 10k random IPv4 and IPv6 prefixes and lookups.
 */

#include <kunit/test.h>
#include <linux/bsearch.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "lpm.h"
#include "suites.h"

static DEFINE_MUTEX(lpm_test_lock);

#define V(n) ((void *)(uintptr_t)(n))

static void *lookup_at(struct gsec_lpm *t, const u8 *addr, u64 gen)
{
	void *v;

	rcu_read_lock();
	v = gsec_lpm_lookup(t, addr, gen);
	rcu_read_unlock();
	return v;
}

static int insert_at(struct gsec_lpm *t, const u8 *prefix, u8 plen, void *v,
		     u64 from)
{
	struct gsec_lpm_pool pool = {};
	int err;

	err = gsec_lpm_pool_fill(&pool, GSEC_LPM_INSERT_NODES, GFP_KERNEL);
	if (err)
		return err;
	mutex_lock(&lpm_test_lock);
	err = gsec_lpm_insert_pool(t, prefix, plen, v, from, &pool);
	mutex_unlock(&lpm_test_lock);
	gsec_lpm_pool_drain(&pool);
	return err;
}

/* Without generations: every value visible from generation 0 on. */
static void *lookup(struct gsec_lpm *t, const u8 *addr)
{
	return lookup_at(t, addr, 0);
}

static int insert(struct gsec_lpm *t, const u8 *prefix, u8 plen, void *v)
{
	return insert_at(t, prefix, plen, v, 0);
}

static void *set_until(struct gsec_lpm *t, const u8 *prefix, u8 plen, u64 until)
{
	void *v;

	mutex_lock(&lpm_test_lock);
	v = gsec_lpm_set_until(t, prefix, plen, until);
	mutex_unlock(&lpm_test_lock);
	return v;
}

static void *remove(struct gsec_lpm *t, const u8 *prefix, u8 plen)
{
	void *v;

	mutex_lock(&lpm_test_lock);
	v = gsec_lpm_remove(t, prefix, plen);
	mutex_unlock(&lpm_test_lock);
	return v;
}

#define IP4(a, b, c, d) ((const u8[]){ a, b, c, d })

static void lpm_ipv4_cases(struct kunit *test)
{
	struct gsec_lpm t;

	gsec_lpm_init(&t, 32, &lpm_test_lock);
	KUNIT_EXPECT_NULL(test, lookup(&t, IP4(10, 1, 2, 3)));

	KUNIT_ASSERT_EQ(test, insert(&t, IP4(10, 0, 0, 0), 8, V(1)), 0);
	KUNIT_ASSERT_EQ(test, insert(&t, IP4(10, 1, 0, 0), 16, V(2)), 0);
	KUNIT_ASSERT_EQ(test, insert(&t, IP4(10, 1, 2, 3), 32, V(3)), 0);
	/* Host bits past the prefix length are ignored. */
	KUNIT_EXPECT_EQ(test, insert(&t, IP4(10, 9, 9, 9), 8, V(9)), -EEXIST);
	KUNIT_EXPECT_EQ(test, insert(&t, IP4(1, 0, 0, 0), 33, V(9)), -EINVAL);
	KUNIT_EXPECT_EQ(test, insert(&t, IP4(1, 0, 0, 0), 8, NULL), -EINVAL);

	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 2, 3)), V(3));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 2, 4)), V(2));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 2, 0, 0)), V(1));
	KUNIT_EXPECT_NULL(test, lookup(&t, IP4(11, 1, 2, 3)));

	/* A default route catches everything else. */
	KUNIT_ASSERT_EQ(test, insert(&t, IP4(0, 0, 0, 0), 0, V(4)), 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(11, 1, 2, 3)), V(4));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 2, 3)), V(3));

	/* A sibling forces a branch node; both sides keep working. */
	KUNIT_ASSERT_EQ(test, insert(&t, IP4(10, 1, 128, 0), 17, V(5)), 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 200, 1)), V(5));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 100, 1)), V(2));

	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 1, 0, 0), 16), V(2));
	KUNIT_EXPECT_NULL(test, remove(&t, IP4(10, 1, 0, 0), 16));
	KUNIT_EXPECT_NULL(test, remove(&t, IP4(10, 1, 0, 0), 15));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 100, 1)), V(1));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 200, 1)), V(5));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 2, 3)), V(3));

	/* No backtracking is needed: a longer miss falls back to the /8. */
	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 1, 2, 3), 32), V(3));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, IP4(10, 1, 2, 3)), V(1));

	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 1, 128, 0), 17), V(5));
	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(0, 0, 0, 0), 0), V(4));
	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 0, 0, 0), 8), V(1));
	/* Every node went away with the last prefix. */
	KUNIT_EXPECT_EQ(test, t.nodes, 0);
	KUNIT_EXPECT_NULL(test, lookup(&t, IP4(10, 1, 2, 3)));
	gsec_lpm_destroy(&t);
}

static void lpm_ipv6_cases(struct kunit *test)
{
	static const u8 a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const u8 b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1 };
	static const u8 zero[16];
	struct gsec_lpm t;

	gsec_lpm_init(&t, 128, &lpm_test_lock);
	KUNIT_ASSERT_EQ(test, insert(&t, a, 32, V(1)), 0);
	KUNIT_ASSERT_EQ(test, insert(&t, a, 128, V(2)), 0);
	KUNIT_ASSERT_EQ(test, insert(&t, b, 48, V(3)), 0);
	KUNIT_EXPECT_EQ(test, insert(&t, a, 129, V(9)), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, a), V(2));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, b), V(3));
	KUNIT_EXPECT_NULL(test, lookup(&t, zero));
	KUNIT_ASSERT_EQ(test, insert(&t, zero, 0, V(4)), 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, zero), V(4));
	KUNIT_EXPECT_PTR_EQ(test, remove(&t, a, 128), V(2));
	KUNIT_EXPECT_PTR_EQ(test, lookup(&t, a), V(1));
	/* destroy frees what is left */
	gsec_lpm_destroy(&t);
	KUNIT_EXPECT_EQ(test, t.nodes, 0);
	KUNIT_EXPECT_NULL(test, lookup(&t, a));
}

/* The reference: every prefix in a table sorted by (length, key). */
struct ref_entry {
	u8 plen;
	u8 key[16];
	u32 value;
};

static int ref_cmp(const void *a, const void *b)
{
	const struct ref_entry *x = a, *y = b;

	if (x->plen != y->plen)
		return x->plen < y->plen ? -1 : 1;
	return memcmp(x->key, y->key, sizeof(x->key));
}

/* Longest match by trying each length from the longest down. */
static u32 ref_lookup(const struct ref_entry *tab, size_t n, unsigned int bits,
		      const u8 *addr)
{
	struct ref_entry probe = {};
	const struct ref_entry *hit;
	int plen;

	for (plen = bits; plen >= 0; plen--) {
		probe.plen = plen;
		memcpy(probe.key, addr, bits / 8);
		gsec_lpm_prefix_mask(probe.key, bits, plen);
		hit = bsearch(&probe, tab, n, sizeof(*tab), ref_cmp);
		if (hit && hit->value)
			return hit->value;
	}
	return 0;
}

#define NPREFIX	10000
#define NLOOKUP	10000

static void random_addr(struct rnd_state *rnd, u8 *addr, unsigned int bits)
{
	prandom_bytes_state(rnd, addr, bits / 8);
	/* Crowd the addresses so that prefixes nest and collide often. */
	addr[0] &= 0x0f;
	if (bits == 128)
		addr[1] &= 0x03;
}

static void lpm_random_vs_reference(struct kunit *test, unsigned int bits)
{
	struct ref_entry *tab;
	struct rnd_state rnd;
	struct gsec_lpm t;
	size_t n = 0, i;
	u8 addr[16] = {};
	u32 want, removed = 0;
	int err;

	tab = kunit_kcalloc(test, NPREFIX, sizeof(*tab), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tab);
	prandom_seed_state(&rnd, bits);
	gsec_lpm_init(&t, bits, &lpm_test_lock);

	for (i = 0; i < NPREFIX; i++) {
		struct ref_entry *e = &tab[n];

		random_addr(&rnd, e->key, bits);
		/* Lengths across the whole range, weighted to the middle. */
		e->plen = (prandom_u32_state(&rnd) % (bits + 1) +
			   prandom_u32_state(&rnd) % (bits + 1)) / 2;
		gsec_lpm_prefix_mask(e->key, bits, e->plen);
		e->value = i + 1;
		err = insert(&t, e->key, e->plen, V(e->value));
		if (err == -EEXIST)
			continue;	/* the same prefix drawn twice */
		KUNIT_ASSERT_EQ(test, err, 0);
		n++;
	}
	sort(tab, n, sizeof(*tab), ref_cmp, NULL);
	/* Path compression bounds the node count. */
	KUNIT_EXPECT_LE(test, t.nodes, 2 * n);

	for (i = 0; i < NLOOKUP; i++) {
		random_addr(&rnd, addr, bits);
		/* Every other lookup lands inside a known prefix. */
		if (i % 2) {
			const struct ref_entry *e = &tab[prandom_u32_state(&rnd) % n];
			u8 host[16];
			unsigned int j;

			memcpy(host, addr, sizeof(host));
			memcpy(addr, e->key, sizeof(addr));
			for (j = e->plen; j < bits; j++)
				if (host[j / 8] & (0x80 >> (j % 8)))
					addr[j / 8] |= 0x80 >> (j % 8);
		}
		want = ref_lookup(tab, n, bits, addr);
		KUNIT_ASSERT_PTR_EQ_MSG(test, lookup(&t, addr), want ? V(want) : NULL,
					"lookup %zu of %*phN", i, bits / 8, addr);
		if (!(i % 512))
			cond_resched();
	}

	/* Remove every other prefix; the reference forgets them too. */
	for (i = 0; i < n; i += 2) {
		KUNIT_ASSERT_PTR_EQ(test, remove(&t, tab[i].key, tab[i].plen),
				    V(tab[i].value));
		tab[i].value = 0;
		removed++;
	}
	for (i = 0; i < NLOOKUP / 2; i++) {
		random_addr(&rnd, addr, bits);
		want = ref_lookup(tab, n, bits, addr);
		KUNIT_ASSERT_PTR_EQ(test, lookup(&t, addr), want ? V(want) : NULL);
		if (!(i % 512))
			cond_resched();
	}
	for (i = 1; i < n; i += 2)
		KUNIT_ASSERT_PTR_EQ(test, remove(&t, tab[i].key, tab[i].plen),
				    V(tab[i].value));
	KUNIT_EXPECT_EQ(test, t.nodes, 0);
	KUNIT_EXPECT_GT(test, removed, NPREFIX / 4);
	gsec_lpm_destroy(&t);
}

/*
 * Windows of generations, what lets a writer stage many changes at once: a
 * value is not seen before its first generation; once its end is staged,
 * lookups of older generations still see it and newer ones see the prefix
 * under it; the end can be taken back. A value given to a branch point
 * comes in a new node with its own window, and the branch's children stay.
 */
static void lpm_generations(struct kunit *test)
{
	struct gsec_lpm t;
	u32 nodes;

	gsec_lpm_init(&t, 32, &lpm_test_lock);
	KUNIT_ASSERT_EQ(test, insert_at(&t, IP4(10, 0, 0, 0), 8, V(8), 1), 0);
	KUNIT_ASSERT_EQ(test, insert_at(&t, IP4(10, 1, 0, 0), 16, V(16), 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 1, 2, 3), 0), NULL);
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 1, 2, 3), 1), V(8));
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 1, 2, 3), 2), V(16));

	KUNIT_EXPECT_PTR_EQ(test, set_until(&t, IP4(10, 1, 0, 0), 16, 3), V(16));
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 1, 2, 3), 2), V(16));
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 1, 2, 3), 3), V(8));
	KUNIT_EXPECT_PTR_EQ(test, set_until(&t, IP4(10, 1, 0, 0), 16,
					    GSEC_LPM_FOREVER), V(16));
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 1, 2, 3), 3), V(16));
	KUNIT_EXPECT_PTR_EQ(test, set_until(&t, IP4(10, 9, 0, 0), 16, 3), NULL);

	/* 10.2.0.0/24 and 10.2.4.0/24 branch at 10.2.0.0/21. */
	KUNIT_ASSERT_EQ(test, insert_at(&t, IP4(10, 2, 0, 0), 24, V(240), 1), 0);
	KUNIT_ASSERT_EQ(test, insert_at(&t, IP4(10, 2, 4, 0), 24, V(244), 1), 0);
	nodes = t.nodes;
	KUNIT_ASSERT_EQ(test, insert_at(&t, IP4(10, 2, 0, 0), 21, V(21), 5), 0);
	KUNIT_EXPECT_EQ(test, t.nodes, nodes);
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 2, 2, 1), 4), V(8));
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 2, 2, 1), 5), V(21));
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 2, 4, 1), 4), V(244));
	KUNIT_EXPECT_PTR_EQ(test, lookup_at(&t, IP4(10, 2, 0, 1), 5), V(240));

	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 2, 0, 0), 21), V(21));
	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 2, 0, 0), 24), V(240));
	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 2, 4, 0), 24), V(244));
	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 1, 0, 0), 16), V(16));
	KUNIT_EXPECT_PTR_EQ(test, remove(&t, IP4(10, 0, 0, 0), 8), V(8));
	KUNIT_EXPECT_EQ(test, t.nodes, 0);
	gsec_lpm_destroy(&t);
}

static void lpm_random_ipv4(struct kunit *test)
{
	lpm_random_vs_reference(test, 32);
}

static void lpm_random_ipv6(struct kunit *test)
{
	lpm_random_vs_reference(test, 128);
}

static struct kunit_case gsec_lpm_test_cases[] = {
	KUNIT_CASE(lpm_ipv4_cases),
	KUNIT_CASE(lpm_ipv6_cases),
	KUNIT_CASE(lpm_generations),
	KUNIT_CASE_SLOW(lpm_random_ipv4),
	KUNIT_CASE_SLOW(lpm_random_ipv6),
	{}
};

struct kunit_suite gsec_lpm_test_suite = {
	.name = "genevesec_lpm",
	.test_cases = gsec_lpm_test_cases,
};
