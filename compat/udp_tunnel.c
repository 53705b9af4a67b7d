// SPDX-License-Identifier: GPL-2.0
/* UDP tunnel routes on older kernels: see compat-udp_tunnel.h. */

#if !defined(GSEC_HAVE_UDP_TUNNEL6_DST_LOOKUP_SK) && \
	!defined(GSEC_HAVE_UDP_TUNNEL6_DST_LOOKUP)

#include <net/dst_cache.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/udp_tunnel.h>

/* 6.12's udp_tunnel6_dst_lookup(), step for step. */
struct dst_entry *
gsec_compat_udp_tunnel6_dst_lookup(struct sk_buff *skb, struct net_device *dev,
				   struct net *net, struct sock *sk,
				   int oif, struct in6_addr *saddr,
				   const struct ip_tunnel_key *key,
				   __be16 sport, __be16 dport, u8 dsfield,
				   struct dst_cache *dst_cache)
{
	struct dst_entry *dst = NULL;
	struct flowi6 fl6;

#ifdef CONFIG_DST_CACHE
	if (dst_cache) {
		dst = dst_cache_get_ip6(dst_cache, saddr);
		if (dst)
			return dst;
	}
#endif
	memset(&fl6, 0, sizeof(fl6));
	fl6.flowi6_mark = skb->mark;
	fl6.flowi6_proto = IPPROTO_UDP;
	fl6.flowi6_oif = oif;
	fl6.daddr = key->u.ipv6.dst;
	fl6.saddr = key->u.ipv6.src;
	fl6.fl6_sport = sport;
	fl6.fl6_dport = dport;
	fl6.flowlabel = ip6_make_flowinfo(dsfield, key->label);

	dst = ipv6_stub->ipv6_dst_lookup_flow(net, sk, &fl6, NULL);
	if (IS_ERR(dst)) {
		netdev_dbg(dev, "no route to %pI6\n", &fl6.daddr);
		return ERR_PTR(-ENETUNREACH);
	}
	if (dst->dev == dev) {
		netdev_dbg(dev, "circular route to %pI6\n", &fl6.daddr);
		dst_release(dst);
		return ERR_PTR(-ELOOP);
	}
#ifdef CONFIG_DST_CACHE
	if (dst_cache)
		dst_cache_set_ip6(dst_cache, dst, &fl6.saddr);
#endif
	*saddr = fl6.saddr;
	return dst;
}

#endif /* neither form of udp_tunnel6_dst_lookup() */
