// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: cryptokey routes. Two-level lookup without backtracking, owner
 * rules (collisions, removal of owned pairs only), atomic requests, bulk
 * replace, and random routes against a brute-force reference.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "routes.h"
#include "suites.h"

static DEFINE_MUTEX(routes_test_lock);

struct fixture {
	struct gsec_routes r;
	struct gsec_route_owner o[16];
};

static struct fixture *fixture_new(struct kunit *test)
{
	struct fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	gsec_routes_init(&f->r, &routes_test_lock);
	for (i = 0; i < ARRAY_SIZE(f->o); i++)
		gsec_routes_owner_init(&f->r, &f->o[i]);
	return f;
}

static void fixture_free(struct fixture *f)
{
	int i;

	mutex_lock(&routes_test_lock);
	for (i = 0; i < ARRAY_SIZE(f->o); i++)
		gsec_routes_owner_flush(&f->r, &f->o[i]);
	mutex_unlock(&routes_test_lock);
	synchronize_rcu();
	gsec_routes_destroy(&f->r);
}

static struct gsec_route_key v4(const u8 *local, u8 lp, const u8 *remote, u8 rp)
{
	struct gsec_route_key k = { .af = GSEC_AF_IPV4, .local_plen = lp,
				    .remote_plen = rp };

	memcpy(k.local, local, 4);
	memcpy(k.remote, remote, 4);
	gsec_routes_key_check(&k);
	return k;
}

#define A4(a, b, c, d) ((const u8[]){ a, b, c, d })

static int apply(struct fixture *f, int owner, const struct gsec_route_key *add,
		 unsigned int n_add, const struct gsec_route_key *del,
		 unsigned int n_del, bool replace, struct gsec_routes_req *out)
{
	struct gsec_routes_req req = {
		.owner = &f->o[owner], .add = add, .n_add = n_add,
		.del = del, .n_del = n_del, .replace = replace,
	};
	int err;

	mutex_lock(&routes_test_lock);
	err = gsec_routes_apply(&f->r, &req, GFP_KERNEL);
	mutex_unlock(&routes_test_lock);
	if (out)
		*out = req;
	return err;
}

static int owner_of(struct fixture *f, const u8 *src, const u8 *dst)
{
	struct gsec_route_owner *o;

	rcu_read_lock();
	o = gsec_routes_lookup_dst(&f->r, GSEC_AF_IPV4, src, dst);
	rcu_read_unlock();
	return o ? o - f->o : -1;
}

static void routes_two_level(struct kunit *test)
{
	struct fixture *f = fixture_new(test);
	const struct gsec_route_key a[] = {
		v4(A4(10, 0, 0, 0), 8, A4(192, 168, 1, 0), 24),
		v4(A4(0, 0, 0, 0), 0, A4(192, 168, 0, 0), 16),
	};
	const struct gsec_route_key b[] = {
		v4(A4(10, 1, 0, 0), 16, A4(192, 168, 1, 0), 24),
	};
	bool src_ok;

	KUNIT_ASSERT_EQ(test, apply(f, 0, a, ARRAY_SIZE(a), NULL, 0, false, NULL), 0);
	KUNIT_ASSERT_EQ(test, apply(f, 1, b, ARRAY_SIZE(b), NULL, 0, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, f->r.count, 3);

	/* Destination first, then the longest local prefix under it. */
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 1, 2, 3), A4(192, 168, 1, 5)), 1);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 2, 0, 1), A4(192, 168, 1, 5)), 0);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(11, 0, 0, 1), A4(192, 168, 2, 5)), 0);
	/* No backtracking: the /24 matched, its local prefixes did not, and
	 * the /16 with a default local prefix is not tried.
	 */
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(11, 0, 0, 1), A4(192, 168, 1, 5)), -1);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 1, 2, 3), A4(172, 16, 0, 1)), -1);

	/* Receive checks use the network's own prefixes. */
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, gsec_routes_owner_allows(&f->r, &f->o[1], GSEC_AF_IPV4,
							 A4(192, 168, 1, 9), A4(10, 1, 0, 1),
							 &src_ok));
	KUNIT_EXPECT_FALSE(test, gsec_routes_owner_allows(&f->r, &f->o[1], GSEC_AF_IPV4,
							  A4(192, 168, 2, 9), A4(10, 1, 0, 1),
							  &src_ok));
	KUNIT_EXPECT_FALSE(test, src_ok);
	KUNIT_EXPECT_FALSE(test, gsec_routes_owner_allows(&f->r, &f->o[1], GSEC_AF_IPV4,
							  A4(192, 168, 1, 9), A4(10, 2, 0, 1),
							  &src_ok));
	KUNIT_EXPECT_TRUE(test, src_ok);
	rcu_read_unlock();
	fixture_free(f);
}

static void routes_owner_rules(struct kunit *test)
{
	struct fixture *f = fixture_new(test);
	const struct gsec_route_key a = v4(A4(10, 0, 0, 0), 8, A4(192, 168, 1, 0), 24);
	const struct gsec_route_key c = v4(A4(10, 0, 0, 0), 8, A4(192, 168, 3, 0), 24);
	const struct gsec_route_key batch[] = { c, a };
	struct gsec_routes_req req;
	struct gsec_route_key bad;
	u64 gen;

	KUNIT_ASSERT_EQ(test, apply(f, 0, &a, 1, NULL, 0, false, NULL), 0);
	gen = f->r.generation;

	/* A colliding pair fails the whole request, naming the owner. */
	KUNIT_EXPECT_EQ(test, apply(f, 1, batch, 2, NULL, 0, false, &req), -EEXIST);
	KUNIT_EXPECT_EQ(test, req.bad_add, 1);
	KUNIT_EXPECT_PTR_EQ(test, req.conflict, &f->o[0]);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 0, 0, 1), A4(192, 168, 3, 1)), -1);
	KUNIT_EXPECT_EQ(test, f->r.generation, gen);

	/* Only the owner removes its pairs; missing pairs are named. */
	KUNIT_EXPECT_EQ(test, apply(f, 1, NULL, 0, &a, 1, false, &req), -EPERM);
	KUNIT_EXPECT_PTR_EQ(test, req.conflict, &f->o[0]);
	KUNIT_EXPECT_EQ(test, apply(f, 0, NULL, 0, &c, 1, false, &req), -ENOENT);
	KUNIT_EXPECT_EQ(test, req.bad_del, 0);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 0, 0, 1), A4(192, 168, 1, 1)), 0);

	/* Adding a pair again, or twice in one request, is harmless. */
	KUNIT_EXPECT_EQ(test, apply(f, 0, (const struct gsec_route_key[]){ a, c, c },
				    3, NULL, 0, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, f->o[0].count, 2);

	/* The same local and remote prefixes in another family are distinct. */
	bad = a;
	bad.af = GSEC_AF_IPV6;
	KUNIT_EXPECT_EQ(test, apply(f, 1, &bad, 1, NULL, 0, false, NULL), 0);

	/* Invalid keys are refused before any request. */
	bad = a;
	bad.remote_plen = 33;
	KUNIT_EXPECT_EQ(test, gsec_routes_key_check(&bad), -EINVAL);
	bad = a;
	bad.af = GSEC_AF_COUNT;
	KUNIT_EXPECT_EQ(test, gsec_routes_key_check(&bad), -EINVAL);
	fixture_free(f);
}

static void routes_replace_and_flush(struct kunit *test)
{
	struct fixture *f = fixture_new(test);
	const struct gsec_route_key old[] = {
		v4(A4(10, 0, 0, 0), 8, A4(192, 168, 1, 0), 24),
		v4(A4(10, 0, 0, 0), 8, A4(192, 168, 2, 0), 24),
	};
	const struct gsec_route_key new[] = {
		v4(A4(10, 0, 0, 0), 8, A4(192, 168, 2, 0), 24),
		v4(A4(10, 0, 0, 0), 8, A4(192, 168, 4, 0), 24),
	};
	const struct gsec_route_key other = v4(A4(10, 0, 0, 0), 8, A4(192, 168, 9, 0), 24);
	bool src_ok;

	KUNIT_ASSERT_EQ(test, apply(f, 0, old, 2, NULL, 0, false, NULL), 0);
	KUNIT_ASSERT_EQ(test, apply(f, 1, &other, 1, NULL, 0, false, NULL), 0);
	KUNIT_ASSERT_EQ(test, apply(f, 0, new, 2, NULL, 0, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 0, 0, 1), A4(192, 168, 1, 1)), -1);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 0, 0, 1), A4(192, 168, 2, 1)), 0);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 0, 0, 1), A4(192, 168, 4, 1)), 0);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 0, 0, 1), A4(192, 168, 9, 1)), 1);
	KUNIT_EXPECT_EQ(test, f->o[0].count, 2);
	KUNIT_EXPECT_EQ(test, f->r.count, 3);

	/* Removing a network removes only its own pairs. */
	mutex_lock(&routes_test_lock);
	gsec_routes_owner_flush(&f->r, &f->o[0]);
	mutex_unlock(&routes_test_lock);
	KUNIT_EXPECT_EQ(test, f->o[0].count, 0);
	KUNIT_EXPECT_EQ(test, f->r.count, 1);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 0, 0, 1), A4(192, 168, 2, 1)), -1);
	KUNIT_EXPECT_EQ(test, owner_of(f, A4(10, 0, 0, 1), A4(192, 168, 9, 1)), 1);
	rcu_read_lock();
	KUNIT_EXPECT_FALSE(test, gsec_routes_owner_allows(&f->r, &f->o[0], GSEC_AF_IPV4,
							  A4(192, 168, 2, 1), A4(10, 0, 0, 1),
							  &src_ok));
	rcu_read_unlock();
	/* Every trie node went with the last pair of each prefix. */
	KUNIT_EXPECT_EQ(test, f->o[0].local[GSEC_AF_IPV4].nodes, 0);
	KUNIT_EXPECT_EQ(test, f->o[0].remote[GSEC_AF_IPV4].nodes, 0);
	KUNIT_EXPECT_EQ(test, f->r.dst[GSEC_AF_IPV4].nodes, 1);
	fixture_free(f);
	KUNIT_EXPECT_EQ(test, f->r.dst[GSEC_AF_IPV4].nodes, 0);
}

/* ---- random routes against a brute-force reference ---- */

#define NROUTES		3000
#define NLOOKUPS	3000
#define BATCH		50

struct ref_route {
	struct gsec_route_key key;
	int owner;
};

static bool prefix_has(const u8 *prefix, u8 plen, const u8 *addr)
{
	u8 masked[GSEC_LPM_MAX_BYTES] = {};

	memcpy(masked, addr, GSEC_LPM_MAX_BYTES);
	gsec_lpm_prefix_mask(masked, GSEC_LPM_MAX_BYTES * 8, plen);
	return !memcmp(masked, prefix, GSEC_LPM_MAX_BYTES);
}

static bool key_eq(const struct gsec_route_key *a, const struct gsec_route_key *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static int ref_lookup(const struct ref_route *tab, int n, u8 af,
		      const u8 *src, const u8 *dst)
{
	const struct gsec_route_key *best = NULL;
	int i, owner = -1, lp = -1;

	for (i = 0; i < n; i++) {
		const struct gsec_route_key *k = &tab[i].key;

		if (tab[i].owner >= 0 && k->af == af &&
		    prefix_has(k->remote, k->remote_plen, dst) &&
		    (!best || k->remote_plen > best->remote_plen))
			best = k;
	}
	if (!best)
		return -1;
	for (i = 0; i < n; i++) {
		const struct gsec_route_key *k = &tab[i].key;

		if (tab[i].owner >= 0 && k->af == af &&
		    k->remote_plen == best->remote_plen &&
		    !memcmp(k->remote, best->remote, sizeof(k->remote)) &&
		    prefix_has(k->local, k->local_plen, src) && k->local_plen > lp) {
			lp = k->local_plen;
			owner = tab[i].owner;
		}
	}
	return owner;
}

static void random_key(struct rnd_state *rnd, struct gsec_route_key *k)
{
	unsigned int bits;

	memset(k, 0, sizeof(*k));
	k->af = prandom_u32_state(rnd) % GSEC_AF_COUNT;
	bits = k->af == GSEC_AF_IPV4 ? 32 : 128;
	prandom_bytes_state(rnd, k->local, bits / 8);
	prandom_bytes_state(rnd, k->remote, bits / 8);
	/* The top four bits clear, so that prefixes nest and some collide;
	 * at least 8 bits, or most pairs would collide.
	 */
	k->local[0] &= 0x0f;
	k->remote[0] &= 0x0f;
	k->local_plen = 8 + prandom_u32_state(rnd) % (bits / 2 - 7);
	k->remote_plen = 8 + prandom_u32_state(rnd) % (bits / 2 - 7);
	gsec_routes_key_check(k);
}

static void random_addrs(struct rnd_state *rnd, u8 af, u8 *src, u8 *dst)
{
	unsigned int bits = af == GSEC_AF_IPV4 ? 32 : 128;

	memset(src, 0, GSEC_LPM_MAX_BYTES);
	memset(dst, 0, GSEC_LPM_MAX_BYTES);
	prandom_bytes_state(rnd, src, bits / 8);
	prandom_bytes_state(rnd, dst, bits / 8);
	src[0] &= 0x0f;
	dst[0] &= 0x0f;
}

static void check_lookups(struct kunit *test, struct fixture *f,
			  const struct ref_route *tab, int n, struct rnd_state *rnd)
{
	u8 src[GSEC_LPM_MAX_BYTES], dst[GSEC_LPM_MAX_BYTES];
	struct gsec_route_owner *o;
	int i, want;
	u8 af;

	for (i = 0; i < NLOOKUPS; i++) {
		af = i % GSEC_AF_COUNT;
		random_addrs(rnd, af, src, dst);
		want = ref_lookup(tab, n, af, src, dst);
		rcu_read_lock();
		o = gsec_routes_lookup_dst(&f->r, af, src, dst);
		rcu_read_unlock();
		KUNIT_ASSERT_EQ_MSG(test, o ? (int)(o - f->o) : -1, want,
				    "lookup %d af %u", i, af);
		if (!(i % 256))
			cond_resched();
	}
}

static void routes_random_vs_reference(struct kunit *test)
{
	struct fixture *f = fixture_new(test);
	struct gsec_route_key *batch;
	struct gsec_routes_req req;
	struct ref_route *tab;
	struct rnd_state rnd;
	int n = 0, i, j, owner, err, expected, accepted = 0, round;

	tab = kunit_kcalloc(test, NROUTES, sizeof(*tab), GFP_KERNEL);
	batch = kunit_kcalloc(test, BATCH, sizeof(*batch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tab);
	KUNIT_ASSERT_NOT_NULL(test, batch);
	prandom_seed_state(&rnd, 6);

	for (round = 0; n < NROUTES && round < 10 * NROUTES / BATCH; round++) {
		owner = prandom_u32_state(&rnd) % ARRAY_SIZE(f->o);
		for (i = 0; i < BATCH; i++)
			random_key(&rnd, &batch[i]);
		/* The reference's verdict: the batch collides if any pair
		 * belongs to another owner already.
		 */
		expected = 0;
		for (i = 0; i < BATCH && !expected; i++)
			for (j = 0; j < n; j++)
				if (key_eq(&tab[j].key, &batch[i]) && tab[j].owner != owner) {
					expected = -EEXIST;
					break;
				}
		err = apply(f, owner, batch, BATCH, NULL, 0, false, &req);
		KUNIT_ASSERT_EQ(test, err, expected);
		for (i = 0; i < BATCH && !err && n < NROUTES; i++) {
			for (j = 0; j < n; j++)
				if (key_eq(&tab[j].key, &batch[i]))
					break;
			if (j == n) {
				tab[n].key = batch[i];
				tab[n++].owner = owner;
			}
		}
		if (!err)
			accepted++;
		cond_resched();
	}
	KUNIT_EXPECT_EQ(test, n, NROUTES);
	kunit_info(test, "%d routes from %d of %d batches\n", n, accepted, round);
	check_lookups(test, f, tab, n, &rnd);

	/* Flush half the networks; the reference forgets their pairs. */
	mutex_lock(&routes_test_lock);
	for (i = 0; i < ARRAY_SIZE(f->o); i += 2)
		gsec_routes_owner_flush(&f->r, &f->o[i]);
	mutex_unlock(&routes_test_lock);
	for (j = 0; j < n; j++)
		if (tab[j].owner % 2 == 0)
			tab[j].owner = -1;
	check_lookups(test, f, tab, n, &rnd);
	fixture_free(f);
}

/* ---- atomicity seen by a concurrent reader ---- */

struct reader {
	struct fixture *f;
	atomic_t lookups;
	atomic_t misses;
};

static int reader_fn(void *data)
{
	struct reader *rd = data;
	int owner;

	while (!kthread_should_stop()) {
		owner = owner_of(rd->f, A4(10, 0, 0, 1), A4(192, 168, 1, 1));
		atomic_inc(&rd->lookups);
		if (owner != 0)
			atomic_inc(&rd->misses);
		cond_resched();
	}
	return 0;
}

/*
 * The network swaps between two routes that both cover the probe. A reader
 * that ever sees neither would have seen half a request.
 */
static void routes_atomic_for_readers(struct kunit *test)
{
	struct fixture *f = fixture_new(test);
	const struct gsec_route_key wide = v4(A4(0, 0, 0, 0), 0, A4(192, 168, 0, 0), 16);
	const struct gsec_route_key narrow = v4(A4(10, 0, 0, 0), 8, A4(192, 168, 1, 0), 24);
	struct task_struct *task;
	struct reader *rd;
	int i;

	rd = kunit_kzalloc(test, sizeof(*rd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rd);
	rd->f = f;
	KUNIT_ASSERT_EQ(test, apply(f, 0, &wide, 1, NULL, 0, false, NULL), 0);
	task = kthread_run(reader_fn, rd, "gsec-routes-reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	for (i = 0; i < 400; i++) {
		KUNIT_ASSERT_EQ(test, apply(f, 0, i % 2 ? &wide : &narrow, 1,
					    NULL, 0, true, NULL), 0);
		if (!(i % 16))
			usleep_range(100, 200);
	}
	kthread_stop(task);
	kunit_info(test, "%d lookups during 400 replaces\n",
		   atomic_read(&rd->lookups));
	KUNIT_EXPECT_GT(test, atomic_read(&rd->lookups), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&rd->misses), 0);
	fixture_free(f);
}

static struct kunit_case gsec_routes_test_cases[] = {
	KUNIT_CASE(routes_two_level),
	KUNIT_CASE(routes_owner_rules),
	KUNIT_CASE(routes_replace_and_flush),
	KUNIT_CASE_SLOW(routes_random_vs_reference),
	KUNIT_CASE_SLOW(routes_atomic_for_readers),
	{}
};

struct kunit_suite gsec_routes_test_suite = {
	.name = "genevesec_routes",
	.test_cases = gsec_routes_test_cases,
};
