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

#ifndef GSEC_HAVE_UDP_TUNNEL6_DST_LOOKUP_SK
#ifdef GSEC_HAVE_UDP_TUNNEL6_DST_LOOKUP
/* Given the socket, not its sock (6.7 to 6.18). */
#define udp_tunnel6_dst_lookup(skb, dev, net, sk, oif, saddr, key,	\
			       sport, dport, dsfield, dst_cache)	\
	udp_tunnel6_dst_lookup(skb, dev, net, (sk)->sk_socket, oif,	\
			       saddr, key, sport, dport, dsfield,	\
			       dst_cache)
#else
/*
 * The IPv6 lookup with a tunnel key, ports, DS field and dst cache
 * (6.7); older kernels have another function of the same name. The
 * replacement does what 6.12's does (compat/udp_tunnel.c).
 */
struct dst_entry *
gsec_compat_udp_tunnel6_dst_lookup(struct sk_buff *skb, struct net_device *dev,
				   struct net *net, struct sock *sk,
				   int oif, struct in6_addr *saddr,
				   const struct ip_tunnel_key *key,
				   __be16 sport, __be16 dport, u8 dsfield,
				   struct dst_cache *dst_cache);

#define udp_tunnel6_dst_lookup(skb, dev, net, sk, oif, saddr, key,	\
			       sport, dport, dsfield, dst_cache)	\
	gsec_compat_udp_tunnel6_dst_lookup(skb, dev, net, sk, oif,	\
					   saddr, key, sport, dport,	\
					   dsfield, dst_cache)
#endif
#endif

#ifndef GSEC_HAVE_SETUP_UDP_TUNNEL_SOCK_SK
/* Given the socket, not its sock (before 7.2's kernels). */
#define setup_udp_tunnel_sock(net, sk, cfg)				\
	setup_udp_tunnel_sock(net, (sk)->sk_socket, cfg)
#endif

#ifndef GSEC_HAVE_UDP_TUNNEL_SOCK_RELEASE_SK
/* Given the socket, not its sock; it also waits for a grace period. */
#define udp_tunnel_sock_release(sk) udp_tunnel_sock_release((sk)->sk_socket)
#endif

#ifndef GSEC_HAVE_UDP_TUNNEL_XMIT_IPCB_FLAGS
/* No IP control block flags before 6.17: none may be asked for. */
#define udp_tunnel_xmit_skb(rt, sk, skb, src, dst, tos, ttl, df, sport,	\
			    dport, xnet, nocheck, ipcb_flags)		\
	do {								\
		BUILD_BUG_ON((ipcb_flags) != 0);			\
		udp_tunnel_xmit_skb(rt, sk, skb, src, dst, tos, ttl, df,	\
				    sport, dport, xnet, nocheck);	\
	} while (0)
#endif

#ifndef GSEC_HAVE_UDP_TUNNEL6_XMIT_IP6CB_FLAGS
/*
 * No IPv6 control block flags before 6.17, and a return value (always
 * 0) where 6.17 returns nothing.
 */
#define udp_tunnel6_xmit_skb(dst, sk, skb, dev, saddr, daddr, prio, ttl,	\
			     label, sport, dport, nocheck, ip6cb_flags)	\
	do {								\
		BUILD_BUG_ON((ip6cb_flags) != 0);			\
		udp_tunnel6_xmit_skb(dst, sk, skb, dev, saddr, daddr,	\
				     prio, ttl, label, sport, dport,	\
				     nocheck);				\
	} while (0)
#endif

#endif /* _GSEC_COMPAT_UDP_TUNNEL_H */
