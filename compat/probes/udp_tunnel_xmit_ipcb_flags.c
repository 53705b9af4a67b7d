// SPDX-License-Identifier: GPL-2.0
/* udp_tunnel_xmit_skb() with IP control block flags (upstream 6.17). */
#include <net/udp_tunnel.h>
#include "probe.h"

GSEC_PROBE(struct rtable *rt, struct sock *sk, struct sk_buff *skb)
{
	udp_tunnel_xmit_skb(rt, sk, skb, 0, 0, 0, 64, 0, 0, 0, false, false,
			    0);
}
