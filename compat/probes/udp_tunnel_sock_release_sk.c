// SPDX-License-Identifier: GPL-2.0
/* udp_tunnel_sock_release() given the sock, not the socket (after 6.18). */
#include <net/udp_tunnel.h>
#include "probe.h"

GSEC_PROBE(struct sock *sk)
{
	udp_tunnel_sock_release(sk);
}
