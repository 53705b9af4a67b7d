/* SPDX-License-Identifier: GPL-2.0 */
/* UDP tunnel routes. */
#ifndef _GSEC_COMPAT_UDP_TUNNEL_H
#define _GSEC_COMPAT_UDP_TUNNEL_H

#include <net/route.h>
#include <net/udp_tunnel.h>

#ifndef GSEC_HAVE_DST_RTABLE
/* The IPv4 route of a dst (6.10). */
#define dst_rtable(_ptr) container_of(_ptr, struct rtable, dst)
#endif

#ifndef GSEC_HAVE_UDP_TUNNEL_DST_LOOKUP
/*
 * Debian has it from 6.1.176 ("ipv4: add new arguments to
 * udp_tunnel_dst_lookup()"); older kernels are not adapted yet.
 */
#error "compat: this kernel lacks udp_tunnel_dst_lookup() with a key"
#endif

#ifndef GSEC_HAVE_UDP_TUNNEL6_DST_LOOKUP
/*
 * The IPv6 lookup with a tunnel key, ports, DS field and dst cache
 * (6.7); older kernels have another function of the same name. The
 * replacement does what 6.12's does (compat/udp_tunnel.c).
 */
struct dst_entry *
gsec_compat_udp_tunnel6_dst_lookup(struct sk_buff *skb, struct net_device *dev,
				   struct net *net, struct socket *sock,
				   int oif, struct in6_addr *saddr,
				   const struct ip_tunnel_key *key,
				   __be16 sport, __be16 dport, u8 dsfield,
				   struct dst_cache *dst_cache);

#define udp_tunnel6_dst_lookup(skb, dev, net, sock, oif, saddr, key,	\
			       sport, dport, dsfield, dst_cache)	\
	gsec_compat_udp_tunnel6_dst_lookup(skb, dev, net, sock, oif,	\
					   saddr, key, sport, dport,	\
					   dsfield, dst_cache)
#endif

#endif /* _GSEC_COMPAT_UDP_TUNNEL_H */
