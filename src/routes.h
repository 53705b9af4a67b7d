/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cryptokey routes (protocol spec section 6): each virtual network owns a
 * set of (local prefix, remote prefix) pairs. Transmit picks the network by
 * the inner destination (longest remote prefix), then by the inner source
 * (longest local prefix under it), without backtracking; receive checks the
 * inner addresses against the network's own prefixes.
 *
 * Readers take no lock and never wait for a writer: RCU plus generations.
 * A request stages its changes under the next generation, invisible to
 * lookups of the current one, then publishes them all with one store, so
 * that a request adding and removing many pairs is seen entirely or not at
 * all. Writers hold the device's configuration mutex.
 */
#ifndef _GENEVESEC_ROUTES_H
#define _GENEVESEC_ROUTES_H

#include <linux/list.h>

#include "lpm.h"

enum { GSEC_AF_IPV4, GSEC_AF_IPV6, GSEC_AF_COUNT };

/* One pair, as requested and as stored. */
struct gsec_route_key {
	u8 af;				/* GSEC_AF_* */
	u8 local_plen;
	u8 remote_plen;
	u8 local[GSEC_LPM_MAX_BYTES];
	u8 remote[GSEC_LPM_MAX_BYTES];
};

/* The routes of one network; embedded in it. */
struct gsec_route_owner {
	struct list_head routes;	/* struct gsec_route, oldest first */
	/* Prefix -> struct gsec_route_ref: what receive checks against. */
	struct gsec_lpm local[GSEC_AF_COUNT];
	struct gsec_lpm remote[GSEC_AF_COUNT];
	u32 count;
};

/* The routes of one device. */
struct gsec_routes {
	/* Remote prefix -> struct gsec_route_dst. */
	struct gsec_lpm dst[GSEC_AF_COUNT];
	/* The device's configuration mutex: serialises writers. */
	struct mutex *lock;
	/* What lookups see; moved on by every request (and tells dumps). */
	u64 generation;
	/* The generation whose removed pairs are being unlinked: lookups of
	 * an older one that overlap it start again at the newest.
	 */
	u64 unlinking;
	u32 count;
};

/* A batch applied atomically for one owner. */
struct gsec_routes_req {
	struct gsec_route_owner *owner;
	const struct gsec_route_key *add;
	unsigned int n_add;
	const struct gsec_route_key *del;
	unsigned int n_del;
	bool replace;			/* drop the owner's pairs not in add */
	/* On error: the offending pair (index into add or del) and, for a
	 * collision or a pair owned elsewhere, its owner.
	 */
	int bad_add;
	int bad_del;
	struct gsec_route_owner *conflict;
};

void gsec_routes_init(struct gsec_routes *r, struct mutex *lock);
void gsec_routes_owner_init(struct gsec_routes *r, struct gsec_route_owner *o);
int gsec_routes_key_check(struct gsec_route_key *key);
int gsec_routes_apply(struct gsec_routes *r, struct gsec_routes_req *req,
		      gfp_t gfp);
void gsec_routes_owner_flush(struct gsec_routes *r, struct gsec_route_owner *o);
void gsec_routes_destroy(struct gsec_routes *r);
int gsec_routes_owner_walk(struct gsec_routes *r, struct gsec_route_owner *o,
			   unsigned long *idx,
			   int (*fn)(void *arg, const struct gsec_route_key *key),
			   void *arg);

struct gsec_route_owner *gsec_routes_lookup_dst(struct gsec_routes *r, u8 af,
						const u8 *src, const u8 *dst);
bool gsec_routes_has_remote(struct gsec_routes *r, u8 af, const u8 *addr);
bool gsec_routes_owner_allows(struct gsec_routes *r,
			      struct gsec_route_owner *o, u8 af,
			      const u8 *src, const u8 *dst, bool *src_ok);

#endif /* _GENEVESEC_ROUTES_H */
