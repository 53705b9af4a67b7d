// SPDX-License-Identifier: GPL-2.0
/* IPv4 tunnel route lookup with key and dst_cache (upstream 6.7, stable). */
#include <net/udp_tunnel.h>
#include "probe.h"

GSEC_PROBE(struct sk_buff *skb, struct net_device *dev, struct net *net,
	   __be32 *saddr, const struct ip_tunnel_key *key,
	   struct dst_cache *cache, struct rtable **rt)
{
	*rt = udp_tunnel_dst_lookup(skb, dev, net, 0, saddr, key, 0, 0, 0,
				    cache);
}
