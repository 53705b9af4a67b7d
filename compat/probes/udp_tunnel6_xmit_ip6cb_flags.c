// SPDX-License-Identifier: GPL-2.0
/* udp_tunnel6_xmit_skb() with IPv6 control block flags (upstream 6.17). */
#include <net/udp_tunnel.h>
#include "probe.h"

GSEC_PROBE(struct dst_entry *dst, struct sock *sk, struct sk_buff *skb,
	   const struct in6_addr *saddr, const struct in6_addr *daddr)
{
	udp_tunnel6_xmit_skb(dst, sk, skb, NULL, saddr, daddr, 0, 64, 0, 0, 0,
			     false, 0);
}
