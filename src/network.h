/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual networks: one per VNI on a device, each with its peer, its
 * cryptokey routes, its SAs and its counters. The data path finds them
 * under RCU and holds a reference across asynchronous crypto; writers hold
 * the device's configuration mutex.
 */
#ifndef _GENEVESEC_NETWORK_H
#define _GENEVESEC_NETWORK_H

#include <linux/in6.h>
#include <linux/percpu-refcount.h>
#include <net/dst_cache.h>

#include "genevesec.h"
#include "ratelimit.h"
#include "routes.h"
#include "sa.h"
#include "stats.h"

union gsec_addr {
	__be32 v4;
	struct in6_addr v6;
};

/* Where a network's frames go. Replaced as a whole, freed after RCU. */
struct gsec_peer {
	u8 af;				/* GSEC_AF_* */
	__be16 port;
	union gsec_addr addr;
	struct dst_cache dst_cache;	/* the outer route to it */
	struct rcu_head rcu;
};

struct gsec_network {
	struct hlist_node node;		/* in gsec->networks */
	struct gsec_dev *gsec;
	u32 vni;
	struct gsec_peer __rcu *peer;
	struct gsec_route_owner routes;
	struct gsec_sa_set sas;
	struct gsec_ratelimit rx_limit;
	struct gsec_counters __percpu *stats;	/* enum gsec_net_stat */
	/* Coarse boot-time ns of the last event, 0: never. */
	u64 last_rx;
	u64 last_tx;
	u64 last_keepalive;
	struct percpu_ref refs;		/* the device's, then frames' */
	struct rcu_head rcu;
};

struct gsec_network *gsec_network_find(struct gsec_dev *gsec, u32 vni);
struct gsec_network *gsec_network_create(struct gsec_dev *gsec, u32 vni);
void gsec_network_delete(struct gsec_network *n);
void gsec_network_delete_all(struct gsec_dev *gsec);
void gsec_network_reset_routes(struct gsec_dev *gsec);
void gsec_network_put(struct gsec_network *n);
struct gsec_peer *gsec_peer_create(u8 af, const union gsec_addr *addr,
				   __be16 port);
void gsec_peer_free(struct gsec_peer *p);
void gsec_network_set_peer(struct gsec_network *n, struct gsec_peer *p);
void gsec_network_reap(struct gsec_dev *gsec);
unsigned int gsec_network_kill_tx(struct gsec_dev *gsec, u32 reason);

static inline bool gsec_network_get(struct gsec_network *n)
{
	return percpu_ref_tryget_live(&n->refs);
}

static inline void gsec_network_stamp(u64 *when)
{
	WRITE_ONCE(*when, ktime_get_coarse_boottime_ns() ?: 1);
}

#endif /* _GENEVESEC_NETWORK_H */
