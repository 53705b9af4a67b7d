// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual networks of a device: creation, lookup by VNI, peer changes and
 * deletion. A deleted network leaves the VNI table and the route tries at
 * once; in-flight frames keep it (not its SAs' keys) alive until they are
 * done, and its memory goes after an RCU grace period.
 *
 * Every frame takes a reference on its network, so the count is per CPU
 * (percpu_ref): no cache line shared by all CPUs per packet. Deletion
 * kills it; the last frame out releases the network.
 */

#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/slab.h>

#include "events.h"
#include "network.h"

struct gsec_network *gsec_network_find(struct gsec_dev *gsec, u32 vni)
{
	struct gsec_network *n;

	hash_for_each_possible_rcu(gsec->networks, n, node, vni,
				   lockdep_is_held(&gsec->lock))
		if (n->vni == vni)
			return n;
	return NULL;
}

static void gsec_peer_free_rcu(struct rcu_head *rcu)
{
	struct gsec_peer *p = container_of(rcu, struct gsec_peer, rcu);

	dst_cache_destroy(&p->dst_cache);
	kfree(p);
}

static void gsec_network_free_rcu(struct rcu_head *rcu)
{
	struct gsec_network *n = container_of(rcu, struct gsec_network, rcu);

	percpu_ref_exit(&n->refs);
	free_percpu(n->stats);
	kfree(n);
}

/* The last reference of a deleted network is gone. */
static void gsec_network_release(struct percpu_ref *ref)
{
	struct gsec_network *n = container_of(ref, struct gsec_network, refs);

	WARN_ON(!list_empty(&n->routes.routes));
	call_rcu(&n->rcu, gsec_network_free_rcu);
}

void gsec_network_put(struct gsec_network *n)
{
	percpu_ref_put(&n->refs);
}

/**
 * gsec_network_create() - add an empty network to a device
 * @gsec: the device
 * @vni: its VNI, not yet in use
 *
 * Context: gsec->lock held.
 * Return: the network (owned by the device) or an ERR_PTR.
 */
struct gsec_network *gsec_network_create(struct gsec_dev *gsec, u32 vni)
{
	struct gsec_network *n;

	lockdep_assert_held(&gsec->lock);
	if (gsec->n_networks >= GENEVESEC_MAX_NETWORKS)
		return ERR_PTR(-ENOSPC);
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return ERR_PTR(-ENOMEM);
	n->stats = gsec_stats_alloc(GSEC_NS_COUNT, GFP_KERNEL_ACCOUNT);
	if (!n->stats ||
	    percpu_ref_init(&n->refs, gsec_network_release, 0,
			    GFP_KERNEL_ACCOUNT)) {
		free_percpu(n->stats);
		kfree(n);
		return ERR_PTR(-ENOMEM);
	}
	n->gsec = gsec;
	n->vni = vni;
	gsec_routes_owner_init(&gsec->routes, &n->routes);
	gsec_sa_set_init(&n->sas, &gsec->lock);
	n->sas.notify = gsec_events_sa_notify;
	gsec_ratelimit_init(&n->rx_limit);
	hash_add_rcu(gsec->networks, &n->node, vni);
	gsec->n_networks++;
	gsec->generation++;
	return n;
}

/**
 * gsec_peer_create() - a peer, ready to be set on a network
 * @af: GSEC_AF_IPV4 or GSEC_AF_IPV6
 * @addr: the peer's outer address
 * @port: its UDP port
 *
 * Return: the peer or NULL.
 */
struct gsec_peer *gsec_peer_create(u8 af, const union gsec_addr *addr,
				   __be16 port)
{
	struct gsec_peer *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return NULL;
	if (dst_cache_init(&p->dst_cache, GFP_KERNEL_ACCOUNT)) {
		kfree(p);
		return NULL;
	}
	p->af = af;
	p->port = port;
	p->addr = *addr;
	return p;
}

/* A peer that was never set on a network. */
void gsec_peer_free(struct gsec_peer *p)
{
	if (p) {
		dst_cache_destroy(&p->dst_cache);
		kfree(p);
	}
}

/**
 * gsec_network_set_peer() - point a network at a (new) peer
 * @n: the network
 * @p: the peer, or NULL for none; the network owns it
 *
 * Context: gsec->lock held.
 */
void gsec_network_set_peer(struct gsec_network *n, struct gsec_peer *p)
{
	struct gsec_peer *old;

	old = rcu_replace_pointer(n->peer, p, lockdep_is_held(&n->gsec->lock));
	if (old)
		call_rcu(&old->rcu, gsec_peer_free_rcu);
}

/**
 * gsec_network_delete() - remove a network with its routes and SAs
 * @n: the network
 *
 * Context: gsec->lock held.
 */
void gsec_network_delete(struct gsec_network *n)
{
	struct gsec_dev *gsec = n->gsec;

	lockdep_assert_held(&gsec->lock);
	hash_del_rcu(&n->node);
	gsec->n_networks--;
	gsec->generation++;
	gsec_routes_owner_flush(&gsec->routes, &n->routes);
	gsec_sa_set_flush(&n->sas);
	gsec_network_set_peer(n, NULL);
	percpu_ref_kill(&n->refs);
}

/**
 * gsec_network_reset_routes() - release every peer's cached outer routes
 * @gsec: the device, whose sockets are closed
 *
 * The routes belong to the namespace of the sockets they were looked up
 * for. Released at once, not with the peer: when that namespace dies, a
 * route held past its end (an IPv6 one keeps a pointer into it) would be
 * destroyed after the namespace was freed; when the sockets change their
 * port or address, the cached routes may carry a stale source.
 *
 * Context: gsec->lock held; no reader can be in a cache, since the data
 * path looks up routes only under RCU while a socket is open (see
 * gsec_socket_close()).
 */
void gsec_network_reset_routes(struct gsec_dev *gsec)
{
	struct gsec_network *n;
	struct gsec_peer *peer;
	int bkt;

	lockdep_assert_held(&gsec->lock);
	hash_for_each(gsec->networks, bkt, n, node) {
		peer = rcu_dereference_protected(n->peer,
						 lockdep_is_held(&gsec->lock));
		if (peer)
			dst_cache_reset_now(&peer->dst_cache);
	}
}

void gsec_network_delete_all(struct gsec_dev *gsec)
{
	struct gsec_network *n;
	struct hlist_node *tmp;
	int bkt;

	lockdep_assert_held(&gsec->lock);
	hash_for_each_safe(gsec->networks, bkt, tmp, n, node)
		gsec_network_delete(n);
}

/**
 * gsec_network_kill_tx() - remove every network's transmit SA
 * @gsec: the device
 * @reason: GENEVESEC_EVENT_REASON_* told to listeners
 *
 * Return: how many were removed.
 */
unsigned int gsec_network_kill_tx(struct gsec_dev *gsec, u32 reason)
{
	struct gsec_network *n;
	unsigned int killed = 0;
	int bkt;

	lockdep_assert_held(&gsec->lock);
	hash_for_each(gsec->networks, bkt, n, node)
		killed += gsec_sa_set_kill_tx(&n->sas, reason);
	return killed;
}

/*
 * Drop the receive SAs of every network that expired a sweep interval ago
 * or more: until then a late frame still counts as hitting an expired key,
 * not an unknown one. Installs reap every expired SA at once.
 */
void gsec_network_reap(struct gsec_dev *gsec)
{
	u64 late = jiffies_to_nsecs(GSEC_REAP_INTERVAL);
	u64 now = gsec_now();
	struct gsec_network *n;
	int bkt;

	now = now > late ? now - late : 0;

	lockdep_assert_held(&gsec->lock);
	hash_for_each(gsec->networks, bkt, n, node)
		gsec_sa_set_reap(&n->sas, now);
}
