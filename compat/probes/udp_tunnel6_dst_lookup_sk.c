// SPDX-License-Identifier: GPL-2.0
/* The IPv6 tunnel route lookup given the sock, not the socket (after 6.18). */
#include <net/udp_tunnel.h>
#include "probe.h"

GSEC_PROBE(struct sk_buff *skb, struct net_device *dev, struct net *net,
	   struct sock *sk, struct in6_addr *saddr,
	   const struct ip_tunnel_key *key, struct dst_cache *cache,
	   struct dst_entry **dst)
{
	*dst = udp_tunnel6_dst_lookup(skb, dev, net, sk, 0, saddr, key, 0, 0,
				      0, cache);
}
