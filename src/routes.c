// SPDX-License-Identifier: GPL-2.0
/*
 * Cryptokey routes: a two-level longest-prefix match (remote prefix, then
 * local prefix) from inner addresses to the owning network, and per-network
 * prefix sets for the receive checks.
 *
 * A request is validated and every allocation it may need is made before
 * anything changes; then the whole request is published inside one
 * seqcount write section with bottom halves off, which cannot fail. Readers
 * retry a lookup that overlapped a commit, so they see the routes before or
 * after a request, never half of it. Unlinked objects are freed after an RCU
 * grace period.
 */

#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "routes.h"

/* One remote prefix of the device and the local prefixes under it. */
struct gsec_route_dst {
	struct gsec_lpm src;		/* local prefix -> struct gsec_route */
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
	u32 refs;
	struct rcu_head rcu;
};

static const u8 af_bits[GSEC_AF_COUNT] = { 32, 128 };

void gsec_routes_init(struct gsec_routes *r, struct mutex *lock)
{
	int af;

	for (af = 0; af < GSEC_AF_COUNT; af++)
		gsec_lpm_init(&r->dst[af], af_bits[af], lock);
	seqcount_init(&r->seq);
	r->lock = lock;
	r->generation = 0;
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
	struct gsec_route_dst *d;
	struct gsec_route *rt;
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&r->seq);
		d = gsec_lpm_lookup(&r->dst[af], dst);
		/* The longest remote prefix decides: no backtracking. */
		rt = d ? gsec_lpm_lookup(&d->src, src) : NULL;
	} while (read_seqcount_retry(&r->seq, seq));
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
	unsigned int seq;
	bool hit;

	do {
		seq = read_seqcount_begin(&r->seq);
		hit = gsec_lpm_lookup(&r->dst[af], addr);
	} while (read_seqcount_retry(&r->seq, seq));
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
	unsigned int seq;
	bool s, d;

	do {
		seq = read_seqcount_begin(&r->seq);
		s = gsec_lpm_lookup(&o->remote[af], src);
		d = gsec_lpm_lookup(&o->local[af], dst);
	} while (read_seqcount_retry(&r->seq, seq));
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

static void ref_get(struct gsec_lpm *set, const u8 *prefix, u8 plen,
		    struct routes_prealloc *p)
{
	struct gsec_route_ref *ref = gsec_lpm_get(set, prefix, plen);

	if (ref) {
		ref->refs++;
		return;
	}
	ref = prealloc_take(p->refs, &p->n_refs);
	ref->refs = 1;
	WARN_ON(gsec_lpm_insert_pool(set, prefix, plen, ref, &p->pool));
}

static void ref_put(struct gsec_lpm *set, const u8 *prefix, u8 plen)
{
	struct gsec_route_ref *ref = gsec_lpm_get(set, prefix, plen);

	if (WARN_ON(!ref) || --ref->refs)
		return;
	gsec_lpm_remove(set, prefix, plen);
	kfree_rcu(ref, rcu);
}

/* Unlink one route and free it after a grace period. */
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
	ref_put(&o->local[k->af], k->local, k->local_plen);
	ref_put(&o->remote[k->af], k->remote, k->remote_plen);
	list_del(&rt->node);
	o->count--;
	r->count--;
	kfree_rcu(rt, rcu);
}

/* Link one pair, unless it is there already (an owner's own, or a repeat). */
static void route_link(struct gsec_routes *r, struct gsec_route_owner *o,
		       const struct gsec_route_key *k, struct routes_prealloc *p)
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
					     k->remote_plen, d, &p->pool));
	}
	WARN_ON(gsec_lpm_insert_pool(&d->src, k->local, k->local_plen, rt,
				     &p->pool));
	ref_get(&o->local[k->af], k->local, k->local_plen, p);
	ref_get(&o->remote[k->af], k->remote, k->remote_plen, p);
	list_add_tail(&rt->node, &o->routes);
	o->count++;
	r->count++;
}

/*
 * Publish: drop the doomed routes of @o (when the request dooms any: the
 * walk is over all of them, which a request that only adds must not pay
 * per call), then link the new pairs.
 */
static void routes_commit(struct gsec_routes *r, struct gsec_route_owner *o,
			  bool drop, const struct gsec_route_key *add,
			  unsigned int n_add, struct routes_prealloc *p)
{
	struct gsec_route *rt, *tmp;
	unsigned int i;

	local_bh_disable();
	write_seqcount_begin(&r->seq);
	if (drop)
		list_for_each_entry_safe(rt, tmp, &o->routes, node)
			if (rt->doomed)
				route_unlink(r, rt);
	for (i = 0; i < n_add; i++)
		route_link(r, o, &add[i], p);
	r->generation++;
	write_seqcount_end(&r->seq);
	local_bh_enable();
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
