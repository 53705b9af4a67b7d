// SPDX-License-Identifier: GPL-2.0
/*
 * Cryptokey routes: a two-level longest-prefix match (remote prefix, then
 * local prefix) from inner addresses to the owning network, and per-network
 * prefix sets for the receive checks.
 *
 * A request is validated and every allocation it may need is made before
 * anything changes. Then it is staged, which cannot fail: new pairs and
 * prefixes go into the tries visible from the next generation on, removed
 * ones get that generation as the end of their window; lookups, which keep
 * to the generation they started with, see none of it. One store of the
 * generation publishes the whole request. Last, the removed pairs are
 * unlinked; a lookup of an older generation that overlaps that starts again
 * at the newest, where they are gone already, so readers see the routes
 * before or after a request, never half of it, and never wait for one
 * however large it is. Unlinked objects are freed after an RCU grace period.
 */

#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "routes.h"

/* One remote prefix of the device and the local prefixes under it. */
struct gsec_route_dst {
	struct gsec_lpm src;		/* local prefix -> struct gsec_route */
	u32 pairs;			/* not removed; 0: staged to go */
	struct rcu_head rcu;
};

/* One (local, remote) pair. */
struct gsec_route {
	struct list_head node;		/* in owner->routes */
	struct gsec_route_owner *owner;
	struct gsec_route_key key;
	bool doomed;			/* scratch while a request applies */
	struct rcu_head rcu;
};

/* How many of an owner's pairs use one prefix, for the receive sets. */
struct gsec_route_ref {
	u32 refs;			/* 0: staged to go */
	struct rcu_head rcu;
};

static const u8 af_bits[GSEC_AF_COUNT] = { 32, 128 };

void gsec_routes_init(struct gsec_routes *r, struct mutex *lock)
{
	int af;

	for (af = 0; af < GSEC_AF_COUNT; af++)
		gsec_lpm_init(&r->dst[af], af_bits[af], lock);
	r->lock = lock;
	r->generation = 0;
	r->unlinking = 0;
	r->count = 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_init);

void gsec_routes_owner_init(struct gsec_routes *r, struct gsec_route_owner *o)
{
	int af;

	INIT_LIST_HEAD(&o->routes);
	for (af = 0; af < GSEC_AF_COUNT; af++) {
		gsec_lpm_init(&o->local[af], af_bits[af], r->lock);
		gsec_lpm_init(&o->remote[af], af_bits[af], r->lock);
	}
	o->count = 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_owner_init);

/**
 * gsec_routes_key_check() - validate a requested pair and clear host bits
 * @key: the pair
 *
 * Return: 0, or -EINVAL for an unknown family or a prefix length too long.
 */
int gsec_routes_key_check(struct gsec_route_key *key)
{
	unsigned int bits;

	if (key->af >= GSEC_AF_COUNT)
		return -EINVAL;
	bits = af_bits[key->af];
	if (key->local_plen > bits || key->remote_plen > bits)
		return -EINVAL;
	gsec_lpm_prefix_mask(key->local, GSEC_LPM_MAX_BYTES * 8, key->local_plen);
	gsec_lpm_prefix_mask(key->remote, GSEC_LPM_MAX_BYTES * 8, key->remote_plen);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_key_check);

/* The generation a lookup looks at: every store staged before it is seen. */
static u64 routes_read_begin(const struct gsec_routes *r)
{
	/* Pairs with the release in routes_commit(). */
	return smp_load_acquire(&r->generation);
}

/*
 * Whether the lookup just made at *@gen must be made again, at the newest
 * generation (set in *@gen): the unlinking of pairs it could still see
 * started meanwhile. That happens at most once per request a writer
 * completes during the lookup; a lookup never waits for a writer.
 */
static bool routes_read_retry(const struct gsec_routes *r, u64 *gen)
{
	/* Pairs with the barrier in routes_unlink_gone(). */
	smp_rmb();
	if (likely(READ_ONCE(r->unlinking) <= *gen))
		return false;
	*gen = routes_read_begin(r);
	return true;
}

/**
 * gsec_routes_lookup_dst() - the network that transmits a packet
 * @r: the device's routes
 * @af: GSEC_AF_IPV4 or GSEC_AF_IPV6
 * @src: inner source address
 * @dst: inner destination address
 *
 * Context: RCU read side; the network stays valid until it ends.
 * Return: the owner, or NULL when no route matches.
 */
struct gsec_route_owner *gsec_routes_lookup_dst(struct gsec_routes *r, u8 af,
						const u8 *src, const u8 *dst)
{
	u64 gen = routes_read_begin(r);
	struct gsec_route_dst *d;
	struct gsec_route *rt;

	do {
		d = gsec_lpm_lookup(&r->dst[af], dst, gen);
		/* The longest remote prefix decides: no backtracking. */
		rt = d ? gsec_lpm_lookup(&d->src, src, gen) : NULL;
	} while (routes_read_retry(r, &gen));
	return rt ? rt->owner : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_lookup_dst);

/**
 * gsec_routes_has_remote() - is an address behind the tunnel
 * @r: the device's routes
 * @af: GSEC_AF_IPV4 or GSEC_AF_IPV6
 * @addr: the address
 *
 * The first step of gsec_routes_lookup_dst() alone: some route's remote
 * prefix holds @addr, whatever the source. L2 mode answers ARP and
 * neighbour solicitations for such addresses.
 *
 * Context: RCU read side.
 * Return: true when a remote prefix holds @addr.
 */
bool gsec_routes_has_remote(struct gsec_routes *r, u8 af, const u8 *addr)
{
	u64 gen = routes_read_begin(r);
	bool hit;

	do {
		hit = gsec_lpm_lookup(&r->dst[af], addr, gen);
	} while (routes_read_retry(r, &gen));
	return hit;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_has_remote);

/**
 * gsec_routes_owner_allows() - receive checks of one network's prefixes
 * @r: the device's routes
 * @o: the network the packet was decrypted for
 * @af: GSEC_AF_IPV4 or GSEC_AF_IPV6
 * @src: inner source, must be inside one of @o's remote prefixes
 * @dst: inner destination, must be inside one of @o's local prefixes
 * @src_ok: set to whether @src passed, to count the right drop
 *
 * Context: RCU read side.
 * Return: true when both addresses pass.
 */
bool gsec_routes_owner_allows(struct gsec_routes *r,
			      struct gsec_route_owner *o, u8 af,
			      const u8 *src, const u8 *dst, bool *src_ok)
{
	u64 gen = routes_read_begin(r);
	bool s, d;

	do {
		s = gsec_lpm_lookup(&o->remote[af], src, gen);
		d = gsec_lpm_lookup(&o->local[af], dst, gen);
	} while (routes_read_retry(r, &gen));
	*src_ok = s;
	return s && d;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_owner_allows);

static struct gsec_route *route_find(struct gsec_routes *r,
				     const struct gsec_route_key *key)
{
	struct gsec_route_dst *d;

	d = gsec_lpm_get(&r->dst[key->af], key->remote, key->remote_plen);
	return d ? gsec_lpm_get(&d->src, key->local, key->local_plen) : NULL;
}

/* Everything a request may allocate, made before it changes anything. */
struct routes_prealloc {
	struct gsec_lpm_pool pool;
	void **routes, **dsts, **refs;
	unsigned int n_routes, n_dsts, n_refs;
};

static void *prealloc_take(void **objs, unsigned int *n)
{
	return *n ? objs[--*n] : NULL;
}

static int objs_fill(void ***objs, unsigned int *n, unsigned int want,
		     size_t size, gfp_t gfp)
{
	*objs = kvcalloc(want, sizeof(**objs), gfp);
	if (!*objs)
		return -ENOMEM;
	for (*n = 0; *n < want; (*n)++) {
		(*objs)[*n] = kzalloc(size, gfp);
		if (!(*objs)[*n])
			return -ENOMEM;
		if (gfpflags_allow_blocking(gfp))
			cond_resched();
	}
	return 0;
}

static void objs_free(void **objs, unsigned int n)
{
	if (!objs)
		return;
	while (n)
		kfree(objs[--n]);
	kvfree(objs);
}

static void prealloc_free(struct routes_prealloc *p)
{
	gsec_lpm_pool_drain(&p->pool);
	objs_free(p->routes, p->n_routes);
	objs_free(p->dsts, p->n_dsts);
	objs_free(p->refs, p->n_refs);
}

/* For each pair that may be new: the route, a dst, two refs, and the trie
 * nodes of four inserts. On failure the caller frees what was made.
 */
static int prealloc_fill(struct routes_prealloc *p, unsigned int n_add,
			 gfp_t gfp)
{
	memset(p, 0, sizeof(*p));
	if (!n_add)
		return 0;
	if (objs_fill(&p->routes, &p->n_routes, n_add,
		      sizeof(struct gsec_route), gfp) ||
	    objs_fill(&p->dsts, &p->n_dsts, n_add,
		      sizeof(struct gsec_route_dst), gfp) ||
	    objs_fill(&p->refs, &p->n_refs, 2 * n_add,
		      sizeof(struct gsec_route_ref), gfp))
		return -ENOMEM;
	return gsec_lpm_pool_fill(&p->pool, 4 * GSEC_LPM_INSERT_NODES * n_add, gfp);
}

/* One more pair uses the prefix: visible from @gen if it is new. */
static void ref_get(struct gsec_lpm *set, const u8 *prefix, u8 plen, u64 gen,
		    struct routes_prealloc *p)
{
	struct gsec_route_ref *ref = gsec_lpm_get(set, prefix, plen);

	if (ref) {
		/* Staged to go by this request, and kept after all. */
		if (!ref->refs++)
			gsec_lpm_set_until(set, prefix, plen, GSEC_LPM_FOREVER);
		return;
	}
	ref = prealloc_take(p->refs, &p->n_refs);
	ref->refs = 1;
	WARN_ON(gsec_lpm_insert_pool(set, prefix, plen, ref, gen, &p->pool));
}

/* One pair less uses the prefix: the last one stages its end at @gen. */
static void ref_put(struct gsec_lpm *set, const u8 *prefix, u8 plen, u64 gen)
{
	struct gsec_route_ref *ref = gsec_lpm_get(set, prefix, plen);

	if (!WARN_ON(!ref) && !--ref->refs)
		gsec_lpm_set_until(set, prefix, plen, gen);
}

/* Unlink a prefix staged to go, unless the request kept it after all. */
static void ref_unlink(struct gsec_lpm *set, const u8 *prefix, u8 plen)
{
	struct gsec_route_ref *ref = gsec_lpm_get(set, prefix, plen);

	if (ref && !ref->refs) {
		gsec_lpm_remove(set, prefix, plen);
		kfree_rcu(ref, rcu);
	}
}

/* Stage the end of one route at @gen and move it to @gone. */
static void route_stage_remove(struct gsec_routes *r, struct gsec_route *rt,
			       u64 gen, struct list_head *gone)
{
	struct gsec_route_key *k = &rt->key;
	struct gsec_route_owner *o = rt->owner;
	struct gsec_route_dst *d;

	d = gsec_lpm_get(&r->dst[k->af], k->remote, k->remote_plen);
	gsec_lpm_set_until(&d->src, k->local, k->local_plen, gen);
	if (!--d->pairs)
		gsec_lpm_set_until(&r->dst[k->af], k->remote, k->remote_plen, gen);
	ref_put(&o->local[k->af], k->local, k->local_plen, gen);
	ref_put(&o->remote[k->af], k->remote, k->remote_plen, gen);
	list_move_tail(&rt->node, gone);
	o->count--;
	r->count--;
}

/* Unlink a removed route, once no lookup can see it, and free it after a
 * grace period.
 */
static void route_unlink(struct gsec_routes *r, struct gsec_route *rt)
{
	struct gsec_route_key *k = &rt->key;
	struct gsec_route_owner *o = rt->owner;
	struct gsec_route_dst *d;

	d = gsec_lpm_get(&r->dst[k->af], k->remote, k->remote_plen);
	gsec_lpm_remove(&d->src, k->local, k->local_plen);
	if (!d->src.nodes) {
		gsec_lpm_remove(&r->dst[k->af], k->remote, k->remote_plen);
		kfree_rcu(d, rcu);
	}
	ref_unlink(&o->local[k->af], k->local, k->local_plen);
	ref_unlink(&o->remote[k->af], k->remote, k->remote_plen);
	list_del(&rt->node);
	kfree_rcu(rt, rcu);
}

/* Stage one pair at @gen, unless it is there already (an owner's own, or a
 * repeat).
 */
static void route_stage_add(struct gsec_routes *r, struct gsec_route_owner *o,
			    const struct gsec_route_key *k, u64 gen,
			    struct routes_prealloc *p)
{
	struct gsec_route_dst *d;
	struct gsec_route *rt;

	d = gsec_lpm_get(&r->dst[k->af], k->remote, k->remote_plen);
	/* (A remote prefix new to the device cannot hold the pair.) */
	if (d && gsec_lpm_get(&d->src, k->local, k->local_plen))
		return;
	rt = prealloc_take(p->routes, &p->n_routes);
	rt->key = *k;
	rt->owner = o;
	if (!d) {
		d = prealloc_take(p->dsts, &p->n_dsts);
		gsec_lpm_init(&d->src, af_bits[k->af], r->lock);
		WARN_ON(gsec_lpm_insert_pool(&r->dst[k->af], k->remote,
					     k->remote_plen, d, gen, &p->pool));
	} else if (!d->pairs) {
		/* Its last pair was staged to go by this request. */
		gsec_lpm_set_until(&r->dst[k->af], k->remote, k->remote_plen,
				   GSEC_LPM_FOREVER);
	}
	d->pairs++;
	WARN_ON(gsec_lpm_insert_pool(&d->src, k->local, k->local_plen, rt, gen,
				     &p->pool));
	ref_get(&o->local[k->af], k->local, k->local_plen, gen, p);
	ref_get(&o->remote[k->af], k->remote, k->remote_plen, gen, p);
	list_add_tail(&rt->node, &o->routes);
	o->count++;
	r->count++;
}

/*
 * Lookups of generations before the one that removed @gone may still see
 * those pairs: announce the unlinking first, so that a lookup that overlaps
 * it starts again (routes_read_retry()).
 */
static void routes_unlink_gone(struct gsec_routes *r, u64 gen,
			       struct list_head *gone)
{
	struct gsec_route *rt, *tmp;

	WRITE_ONCE(r->unlinking, gen);
	/* Pairs with the barrier in routes_read_retry(). */
	smp_wmb();
	list_for_each_entry_safe(rt, tmp, gone, node) {
		route_unlink(r, rt);
		cond_resched();
	}
}

/*
 * Stage the request under the next generation (dropping the doomed routes
 * of @o when it dooms any: the walk is over all of them, which a request
 * that only adds must not pay per call), publish it, and unlink what it
 * removed. Nothing here can fail, and no lookup waits for any of it.
 */
static void routes_commit(struct gsec_routes *r, struct gsec_route_owner *o,
			  bool drop, const struct gsec_route_key *add,
			  unsigned int n_add, struct routes_prealloc *p)
{
	u64 gen = r->generation + 1;
	struct gsec_route *rt, *tmp;
	LIST_HEAD(gone);
	unsigned int i;

	/* (Lookups see none of it yet: a large request may take its time.) */
	if (drop)
		list_for_each_entry_safe(rt, tmp, &o->routes, node) {
			if (rt->doomed)
				route_stage_remove(r, rt, gen, &gone);
			cond_resched();
		}
	for (i = 0; i < n_add; i++) {
		route_stage_add(r, o, &add[i], gen, p);
		cond_resched();
	}
	/* Pairs with routes_read_begin(): the staged stores come first. */
	smp_store_release(&r->generation, gen);
	if (!list_empty(&gone))
		routes_unlink_gone(r, gen, &gone);
}

/**
 * gsec_routes_apply() - add and remove one network's pairs atomically
 * @r: the device's routes
 * @req: the request; keys must have passed gsec_routes_key_check()
 * @gfp: allocation flags
 *
 * Adding a pair the owner already has changes nothing; a pair both removed
 * and added stays. With @req->replace, the owner's pairs not in the add
 * list go. On error nothing has changed and @req says what was wrong.
 *
 * Context: r->lock held; may sleep with GFP_KERNEL.
 * Return: 0; -EEXIST when an added pair belongs to another network;
 * -ENOENT when a removed pair does not exist; -EPERM when it belongs to
 * another network; -ENOMEM.
 */
int gsec_routes_apply(struct gsec_routes *r, struct gsec_routes_req *req,
		      gfp_t gfp)
{
	struct gsec_route_owner *o = req->owner;
	bool drop = req->replace || req->n_del;	/* may doom pairs */
	struct routes_prealloc p;
	struct gsec_route *rt;
	unsigned int i;
	int err;

	lockdep_assert_held(r->lock);
	req->bad_add = -1;
	req->bad_del = -1;
	req->conflict = NULL;

	for (i = 0; i < req->n_del; i++) {
		rt = route_find(r, &req->del[i]);
		if (!rt || rt->owner != o) {
			req->bad_del = i;
			req->conflict = rt ? rt->owner : NULL;
			return rt ? -EPERM : -ENOENT;
		}
	}
	for (i = 0; i < req->n_add; i++) {
		rt = route_find(r, &req->add[i]);
		if (rt && rt->owner != o) {
			req->bad_add = i;
			req->conflict = rt->owner;
			return -EEXIST;
		}
	}

	err = prealloc_fill(&p, req->n_add, gfp);
	if (err) {
		prealloc_free(&p);
		return err;
	}

	/* Mark what goes; pairs that are also added stay. */
	if (req->replace)
		list_for_each_entry(rt, &o->routes, node)
			rt->doomed = true;
	for (i = 0; i < req->n_del; i++)
		route_find(r, &req->del[i])->doomed = true;
	/* (A request that only adds dooms nothing to spare.) */
	for (i = 0; drop && i < req->n_add; i++) {
		rt = route_find(r, &req->add[i]);
		if (rt)
			rt->doomed = false;
	}

	routes_commit(r, o, drop, req->add, req->n_add, &p);
	prealloc_free(&p);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_apply);

/**
 * gsec_routes_owner_flush() - remove every pair of one network
 * @r: the device's routes
 * @o: the network
 *
 * Context: r->lock held.
 */
void gsec_routes_owner_flush(struct gsec_routes *r, struct gsec_route_owner *o)
{
	struct gsec_route *rt;

	lockdep_assert_held(r->lock);
	list_for_each_entry(rt, &o->routes, node)
		rt->doomed = true;
	routes_commit(r, o, true, NULL, 0, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_owner_flush);

/**
 * gsec_routes_destroy() - free the device's tries
 * @r: the device's routes; every owner flushed, readers gone
 */
void gsec_routes_destroy(struct gsec_routes *r)
{
	int af;

	WARN_ON(r->count);
	for (af = 0; af < GSEC_AF_COUNT; af++)
		gsec_lpm_destroy(&r->dst[af]);
}
EXPORT_SYMBOL_IF_KUNIT(gsec_routes_destroy);

/**
 * gsec_routes_owner_walk() - visit one network's pairs, oldest first
 * @r: the device's routes
 * @o: the network
 * @idx: the first pair to visit; advanced past each pair @fn accepts
 * @fn: called per pair; a non-zero return stops the walk
 * @arg: for @fn
 *
 * Context: r->lock held (dumps resume by index across calls).
 * Return: 0 when every pair was visited, or what @fn returned.
 */
int gsec_routes_owner_walk(struct gsec_routes *r, struct gsec_route_owner *o,
			   unsigned long *idx,
			   int (*fn)(void *arg, const struct gsec_route_key *key),
			   void *arg)
{
	struct gsec_route *rt;
	unsigned long i = 0;
	int err;

	lockdep_assert_held(r->lock);
	list_for_each_entry(rt, &o->routes, node) {
		if (i++ < *idx)
			continue;
		err = fn(arg, &rt->key);
		if (err)
			return err;
		(*idx)++;
	}
	return 0;
}
