// SPDX-License-Identifier: GPL-2.0
/*
 * The device's UDP tunnel sockets: one IPv4 and one IPv6 socket on the
 * device's port, in the namespace the device was created in, whose
 * encap_rcv hook is the receive path.
 *
 * The port is deliberately not announced to NIC offloads as Geneve: a NIC
 * parsing the payload would take ciphertext for inner headers.
 */

#include <linux/rcupdate.h>
#include <net/udp_tunnel.h>

#include "genevesec.h"
#include "network.h"

static struct socket *gsec_socket_create(struct gsec_dev *gsec,
					 const struct gsec_cfg *cfg, bool v6)
{
	struct udp_tunnel_sock_cfg tunnel = {
		.sk_user_data	= gsec,
		.encap_type	= 1,
		.encap_rcv	= gsec_rx_encap_rcv,
	};
	struct udp_port_cfg port = {
		.local_udp_port	= cfg->port,
	};
	struct socket *sock;
	int err;

	if (v6) {
		port.family = AF_INET6;
		port.local_ip6 = cfg->has_local6 ? cfg->local6 : in6addr_any;
		port.ipv6_v6only = 1;
		port.use_udp6_tx_checksums = 1;
		port.use_udp6_rx_checksums = 1;
	} else {
		port.family = AF_INET;
		port.local_ip.s_addr = cfg->has_local4 ? cfg->local4 : 0;
	}
	err = udp_sock_create(gsec->net, &port, &sock);
	if (err)
		return ERR_PTR(err);
	setup_udp_tunnel_sock(gsec->net, sock->sk, &tunnel);
	return sock;
}

void gsec_socket_release(struct socket *sock)
{
	if (!sock)
		return;
	/* Receive may still be reading the device through the socket:
	 * udp_tunnel_sock_release() clears the pointer, but on recent
	 * kernels (7.2) no longer waits for those readers itself.
	 */
	rcu_assign_sk_user_data(sock->sk, NULL);
	synchronize_net();
	udp_tunnel_sock_release(sock->sk);
}

/**
 * gsec_socket_open() - open the sockets a configuration asks for
 * @gsec: the device
 * @cfg: port and local addresses
 * @sock4: the IPv4 socket, or NULL when there is none
 * @sock6: the IPv6 socket, or NULL when there is none
 * @extack: for the error message
 *
 * Without local addresses both families are opened (IPv6 only if the
 * kernel has it); with some, only their families.
 *
 * Context: rtnl held.
 * Return: 0 or an error, with no socket left open.
 */
int gsec_socket_open(struct gsec_dev *gsec, const struct gsec_cfg *cfg,
		     struct socket **sock4, struct socket **sock6,
		     struct netlink_ext_ack *extack)
{
	bool any = !cfg->has_local4 && !cfg->has_local6;
	struct socket *s4 = NULL, *s6 = NULL;

	if (any || cfg->has_local4) {
		s4 = gsec_socket_create(gsec, cfg, false);
		if (IS_ERR(s4))
			goto err;
	}
	if (any || cfg->has_local6) {
		s6 = gsec_socket_create(gsec, cfg, true);
		/* A kernel without IPv6 still runs an IPv4 underlay. */
		if (any && PTR_ERR_OR_ZERO(s6) == -EAFNOSUPPORT)
			s6 = NULL;
		if (IS_ERR(s6)) {
			gsec_socket_release(s4);
			s4 = s6;
			goto err;
		}
	}
	*sock4 = s4;
	*sock6 = s6;
	return 0;

err:
	switch (PTR_ERR(s4)) {
	case -EADDRINUSE:
		NL_SET_ERR_MSG_FMT(extack, "UDP port %u is already in use",
				   ntohs(cfg->port));
		break;
	case -EADDRNOTAVAIL:
		NL_SET_ERR_MSG(extack, "the local address is not configured on this host");
		break;
	default:
		NL_SET_ERR_MSG(extack, "cannot open the UDP tunnel socket");
	}
	return PTR_ERR(s4);
}

/* Publish new sockets; the old ones must be closed already. */
void gsec_socket_set(struct gsec_dev *gsec, struct socket *sock4,
		     struct socket *sock6)
{
	rcu_assign_pointer(gsec->sock4, sock4);
	rcu_assign_pointer(gsec->sock6, sock6);
}

/**
 * gsec_socket_close() - stop receiving and sending, then close
 * @gsec: the device
 *
 * Readers that still saw the sockets are done when this returns, and
 * the outer routes cached for them are released.
 *
 * Context: rtnl held; sleeps.
 */
void gsec_socket_close(struct gsec_dev *gsec)
{
	struct socket *s4 = rtnl_dereference(gsec->sock4);
	struct socket *s6 = rtnl_dereference(gsec->sock6);

	if (!s4 && !s6)
		return;
	gsec_socket_set(gsec, NULL, NULL);
	/* udp_tunnel_sock_release() clears sk_user_data, then closes. */
	synchronize_net();
	gsec_socket_release(s4);
	gsec_socket_release(s6);
	/* Routes are looked up only with a socket open: no new one now. */
	mutex_lock(&gsec->lock);
	gsec_network_reset_routes(gsec);
	mutex_unlock(&gsec->lock);
}
