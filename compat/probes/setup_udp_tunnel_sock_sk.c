// SPDX-License-Identifier: GPL-2.0
/* setup_udp_tunnel_sock() given the sock, not the socket (after 6.18). */
#include <net/udp_tunnel.h>
#include "probe.h"

GSEC_PROBE(struct net *net, struct sock *sk, struct udp_tunnel_sock_cfg *cfg)
{
	setup_udp_tunnel_sock(net, sk, cfg);
}
