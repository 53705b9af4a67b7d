// SPDX-License-Identifier: GPL-2.0
/* IPv6 tunnel route lookup with key and dst_cache, given the socket (6.7 to 6.18). */
#include <net/udp_tunnel.h>
#include "probe.h"

GSEC_PROBE(struct sk_buff *skb, struct net_device *dev, struct net *net,
	   struct socket *sock, struct in6_addr *saddr,
	   const struct ip_tunnel_key *key, struct dst_cache *cache,
	   struct dst_entry **dst)
{
	*dst = udp_tunnel6_dst_lookup(skb, dev, net, sock, 0, saddr, key, 0,
				      0, 0, cache);
}
