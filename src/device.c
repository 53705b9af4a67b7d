// SPDX-License-Identifier: GPL-2.0
/*
 * The genevesec net_device and its rtnl link kind. An L3, point-to-multipoint
 * device like WireGuard's: no link-layer header, no ARP, no qdisc; or, in L2
 * mode (chosen at creation), an Ethernet device carrying only IP (l2.c).
 *
 * Lifetime: the sockets close in ndo_uninit, so a deleted device frees its
 * port at once; everything frames in flight may still touch (networks,
 * routes, GRO cells, counters) goes in the destructor, which runs once the
 * last of their device references is gone.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>
#include <uapi/linux/genevesec.h>

#include "events.h"
#include "genevesec.h"
#include "network.h"
#include "proto.h"

/* Devices by the namespace they were created in (where their sockets are). */
struct gsec_pernet {
	struct list_head devs;		/* rtnl */
};

static unsigned int gsec_pernet_id __read_mostly;

/* Every device, wherever it lives; rtnl. */
static LIST_HEAD(gsec_devices);

/* Bumped each time the transmit SAs are killed (VM fork, hibernation). */
static atomic_t gsec_clone_epoch = ATOMIC_INIT(0);

/* Keep-alive interval and grace: up to a day, like SA lifetimes. */
static const struct netlink_range_validation gsec_seconds_range = {
	.max = GENEVESEC_MAX_LIFETIME,
};

static const struct nla_policy gsec_link_policy[IFLA_GENEVESEC_MAX + 1] = {
	[IFLA_GENEVESEC_PORT]		= { .type = NLA_BE16 },
	[IFLA_GENEVESEC_LOCAL]		= { .type = NLA_BE32 },
	[IFLA_GENEVESEC_LOCAL6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_GENEVESEC_MODE]		= NLA_POLICY_MAX(NLA_U8, GENEVESEC_MODE_L2),
	[IFLA_GENEVESEC_SRCPORT_HASH]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_GENEVESEC_UDP_CSUM]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_GENEVESEC_TTL]		= NLA_POLICY_MIN(NLA_U8, 1),
	[IFLA_GENEVESEC_TTL_INHERIT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_GENEVESEC_TOS]		= { .type = NLA_U8 },
	[IFLA_GENEVESEC_DF]		= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_GENEVESEC_PEER_VALIDATION] = NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_GENEVESEC_RX_RATE_LIMIT]	= { .type = NLA_U32 },
	[IFLA_GENEVESEC_KEEPALIVE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &gsec_seconds_range),
	[IFLA_GENEVESEC_GRACE]		= NLA_POLICY_FULL_RANGE(NLA_U32, &gsec_seconds_range),
	[IFLA_GENEVESEC_PEER_MAC]	= NLA_POLICY_ETH_ADDR,
};

static const struct net_device_ops gsec_netdev_ops;
static struct rtnl_link_ops gsec_link_ops;

bool gsec_dev_is(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &gsec_link_ops;
}

/* Periodic sweep: expired receive SAs go even when nothing is installed.
 * It runs again when the next expiry or rekey event is due.
 */
static void gsec_reap_work(struct work_struct *work)
{
	struct gsec_dev *gsec = container_of(to_delayed_work(work),
					     struct gsec_dev, reap_work);
	unsigned long delay;

	mutex_lock(&gsec->lock);
	delay = gsec_events_run(gsec);
	gsec_network_reap(gsec);
	mutex_unlock(&gsec->lock);
	queue_delayed_work(system_power_efficient_wq, &gsec->reap_work, delay);
}

/* Keep-alives (spec section 7): one per network every interval. */
static void gsec_keepalive_work(struct work_struct *work)
{
	struct gsec_dev *gsec = container_of(to_delayed_work(work),
					     struct gsec_dev, keepalive_work);
	u32 secs = READ_ONCE(gsec->cfg.keepalive);

	if (!secs)
		return;
	if (netif_running(gsec->dev))
		gsec_tx_keepalives(gsec);
	queue_delayed_work(system_power_efficient_wq, &gsec->keepalive_work,
			   secs * HZ);
}

/* A new interval takes effect now: the next keep-alive is one away. */
static void gsec_keepalive_restart(struct gsec_dev *gsec)
{
	u32 secs = gsec->cfg.keepalive;

	if (secs)
		mod_delayed_work(system_power_efficient_wq,
				 &gsec->keepalive_work, secs * HZ);
	else
		cancel_delayed_work(&gsec->keepalive_work);
}

static void gsec_uninit(struct net_device *dev)
{
	struct gsec_dev *gsec = gsec_dev(dev);

	list_del_init(&gsec->pernet_node);
	list_del_init(&gsec->device_node);
	/* Disabled, not just cancelled: an install may still kick it. */
	disable_delayed_work_sync(&gsec->reap_work);
	cancel_delayed_work_sync(&gsec->keepalive_work);
	gsec_socket_close(gsec);
}

/* After the last reference: no frame is in flight any more. */
static void gsec_destruct(struct net_device *dev)
{
	struct gsec_dev *gsec = gsec_dev(dev);

	mutex_lock(&gsec->lock);
	gsec_network_delete_all(gsec);
	mutex_unlock(&gsec->lock);
	gsec_routes_destroy(&gsec->routes);
	gro_cells_destroy(&gsec->gro_cells);
	free_percpu(gsec->stats);
	mutex_destroy(&gsec->lock);
}

static const struct net_device_ops gsec_netdev_ops = {
	.ndo_uninit		= gsec_uninit,
	.ndo_start_xmit		= gsec_tx_xmit,
};

/* L2 mode: the device's own address may change, to anything but the
 * peer MAC.
 */
static int gsec_l2_set_mac_address(struct net_device *dev, void *p)
{
	struct sockaddr *sa = p;

	if (ether_addr_to_u64((const u8 *)sa->sa_data) ==
	    READ_ONCE(gsec_dev(dev)->cfg.peer_mac))
		return -EADDRINUSE;
	return eth_mac_addr(dev, p);
}

static const struct net_device_ops gsec_l2_netdev_ops = {
	.ndo_uninit		= gsec_uninit,
	.ndo_start_xmit		= gsec_tx_xmit,
	.ndo_set_mac_address	= gsec_l2_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
};

#define GSEC_FEATURES (NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG | \
		       NETIF_F_GSO_SOFTWARE | NETIF_F_HIGHDMA)

static void gsec_setup(struct net_device *dev)
{
	struct gsec_dev *gsec = netdev_priv(dev);

	dev->netdev_ops = &gsec_netdev_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->lltx = true;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = GSEC_OVERHEAD_V6 - GSEC_TAG_LEN + LL_MAX_HEADER;
	dev->needed_tailroom = GSEC_TAG_LEN;
	dev->mtu = GSEC_DEFAULT_MTU;
	dev->min_mtu = IPV4_MIN_MTU;
	/* The largest inner packet whose outer IPv6 packet still fits. */
	dev->max_mtu = IP_MAX_MTU - GSEC_OVERHEAD_V6;
	/* GSO packets are segmented (and checksummed) before encryption. */
	dev->features |= GSEC_FEATURES;
	dev->hw_features |= GSEC_FEATURES;
	dev->hw_enc_features |= GSEC_FEATURES;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_DSTATS;
	/* Keep the dst so that ICMP errors can be sent for routed packets. */
	netif_keep_dst(dev);

	gsec->dev = dev;
}

/* L2 mode, decided in newlink (setup runs before the attributes are
 * known): an Ethernet device with the L3 device's MTU limits, since the
 * Ethernet header is stripped before encryption.
 */
static int gsec_setup_l2(struct net_device *dev, struct nlattr *tb[],
			 struct netlink_ext_ack *extack)
{
	/* What ether_setup() changes but L3 set, or the request did. */
	unsigned int mtu = dev->mtu, min_mtu = dev->min_mtu;
	unsigned int max_mtu = dev->max_mtu, txqlen = dev->tx_queue_len;

	ether_setup(dev);
	dev->netdev_ops = &gsec_l2_netdev_ops;
	dev->mtu = mtu;
	dev->min_mtu = min_mtu;
	dev->max_mtu = max_mtu;
	dev->tx_queue_len = txqlen;
	/* Transmit changes the frame: no pktgen-style sharing. */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	if (!tb[IFLA_ADDRESS]) {
		eth_hw_addr_random(dev);
		return 0;
	}
	if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN ||
	    !is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "the address must be a unicast MAC address");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/* The peer MAC: a unicast address that is not the device's own. */
static int gsec_peer_mac_check(struct net_device *dev,
			       const struct gsec_cfg *cfg, struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	if (cfg->peer_mac != ether_addr_to_u64(dev->dev_addr))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, data ? data[IFLA_GENEVESEC_PEER_MAC] : NULL,
			    "peer-mac must differ from the device's address");
	return -EINVAL;
}

static void gsec_cfg_defaults(struct gsec_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->port = htons(GENEVESEC_DEFAULT_PORT);
	cfg->mode = GENEVESEC_MODE_L3;
	cfg->srcport_hash = true;
	cfg->peer_validation = true;
	cfg->ttl = GSEC_DEFAULT_TTL;
	cfg->grace = GSEC_SA_GRACE_DEFAULT;
}

static u8 gsec_get_bool(const struct nlattr *attr)
{
	return !!nla_get_u8(attr);
}

/* Apply @data to @cfg; the socket settings only when @sockets. */
static int gsec_cfg_parse(struct gsec_cfg *cfg, struct nlattr *data[],
			  bool sockets, struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	if (!data)
		return 0;
	/* newlink sets the mode first: here it can only differ in a change. */
	a = data[IFLA_GENEVESEC_MODE];
	if (a && nla_get_u8(a) != cfg->mode) {
		NL_SET_ERR_MSG_ATTR(extack, a, "the mode cannot be changed");
		return -EOPNOTSUPP;
	}
	a = data[IFLA_GENEVESEC_PEER_MAC];
	if (a) {
		if (cfg->mode != GENEVESEC_MODE_L2) {
			NL_SET_ERR_MSG_ATTR(extack, a, "peer-mac is for mode l2 only");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(a))) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "peer-mac must be a unicast MAC address");
			return -EINVAL;
		}
		cfg->peer_mac = ether_addr_to_u64(nla_data(a));
	}
	if (sockets) {
		a = data[IFLA_GENEVESEC_PORT];
		if (a) {
			if (!nla_get_be16(a)) {
				NL_SET_ERR_MSG_ATTR(extack, a, "port 0 is not a port");
				return -EINVAL;
			}
			cfg->port = nla_get_be16(a);
		}
		a = data[IFLA_GENEVESEC_LOCAL];
		if (a) {
			cfg->local4 = nla_get_in_addr(a);
			cfg->has_local4 = cfg->local4 != htonl(INADDR_ANY);
			if (ipv4_is_multicast(cfg->local4) ||
			    ipv4_is_lbcast(cfg->local4)) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "the local address must be unicast");
				return -EINVAL;
			}
		}
		a = data[IFLA_GENEVESEC_LOCAL6];
		if (a) {
			if (!IS_ENABLED(CONFIG_IPV6)) {
				NL_SET_ERR_MSG_ATTR(extack, a, "this kernel has no IPv6");
				return -EAFNOSUPPORT;
			}
			cfg->local6 = nla_get_in6_addr(a);
			cfg->has_local6 = !ipv6_addr_any(&cfg->local6);
			if (ipv6_addr_is_multicast(&cfg->local6)) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "the local address must be unicast");
				return -EINVAL;
			}
		}
	}
	if (data[IFLA_GENEVESEC_SRCPORT_HASH])
		cfg->srcport_hash = gsec_get_bool(data[IFLA_GENEVESEC_SRCPORT_HASH]);
	if (data[IFLA_GENEVESEC_UDP_CSUM])
		cfg->udp_csum = gsec_get_bool(data[IFLA_GENEVESEC_UDP_CSUM]);
	if (data[IFLA_GENEVESEC_TTL])
		cfg->ttl = nla_get_u8(data[IFLA_GENEVESEC_TTL]);
	if (data[IFLA_GENEVESEC_TTL_INHERIT])
		cfg->ttl_inherit = gsec_get_bool(data[IFLA_GENEVESEC_TTL_INHERIT]);
	if (data[IFLA_GENEVESEC_TOS])
		cfg->tos = nla_get_u8(data[IFLA_GENEVESEC_TOS]);
	if (data[IFLA_GENEVESEC_DF])
		cfg->df = gsec_get_bool(data[IFLA_GENEVESEC_DF]);
	if (data[IFLA_GENEVESEC_PEER_VALIDATION])
		cfg->peer_validation = gsec_get_bool(data[IFLA_GENEVESEC_PEER_VALIDATION]);
	if (data[IFLA_GENEVESEC_RX_RATE_LIMIT])
		cfg->rx_rate_limit = nla_get_u32(data[IFLA_GENEVESEC_RX_RATE_LIMIT]);
	if (data[IFLA_GENEVESEC_KEEPALIVE])
		cfg->keepalive = nla_get_u32(data[IFLA_GENEVESEC_KEEPALIVE]);
	if (data[IFLA_GENEVESEC_GRACE])
		cfg->grace = nla_get_u32(data[IFLA_GENEVESEC_GRACE]);
	return 0;
}

/* The settings the data path reads while it runs. */
static void gsec_cfg_publish(struct gsec_cfg *to, const struct gsec_cfg *from)
{
	WRITE_ONCE(to->srcport_hash, from->srcport_hash);
	WRITE_ONCE(to->udp_csum, from->udp_csum);
	WRITE_ONCE(to->ttl, from->ttl);
	WRITE_ONCE(to->ttl_inherit, from->ttl_inherit);
	WRITE_ONCE(to->tos, from->tos);
	WRITE_ONCE(to->df, from->df);
	WRITE_ONCE(to->peer_validation, from->peer_validation);
	WRITE_ONCE(to->rx_rate_limit, from->rx_rate_limit);
	WRITE_ONCE(to->keepalive, from->keepalive);
	WRITE_ONCE(to->grace, from->grace);
	WRITE_ONCE(to->peer_mac, from->peer_mac);
}

static int gsec_newlink(struct net_device *dev,
			struct rtnl_newlink_params *params,
			struct netlink_ext_ack *extack)
{
	/* The sockets' namespace: the link's (IFLA_LINK_NETNSID), else the
	 * requester's, wherever the device itself is created.
	 */
	struct net *src_net = rtnl_newlink_link_net(params);
	struct gsec_pernet *pn = net_generic(src_net, gsec_pernet_id);
	struct nlattr **data = params->data;
	struct nlattr **tb = params->tb;
	struct gsec_dev *gsec = gsec_dev(dev);
	struct socket *sock4, *sock6;
	int err;

	gsec_cfg_defaults(&gsec->cfg);
	if (data && data[IFLA_GENEVESEC_MODE])
		gsec->cfg.mode = nla_get_u8(data[IFLA_GENEVESEC_MODE]);
	err = gsec_cfg_parse(&gsec->cfg, data, true, extack);
	if (err)
		return err;
	if (gsec->cfg.mode == GENEVESEC_MODE_L2) {
		err = gsec_setup_l2(dev, tb, extack);
		if (err)
			return err;
		if (!data || !data[IFLA_GENEVESEC_PEER_MAC]) {
			u8 mac[ETH_ALEN];

			do {
				eth_random_addr(mac);
				gsec->cfg.peer_mac = ether_addr_to_u64(mac);
			} while (ether_addr_equal(mac, dev->dev_addr));
		}
		err = gsec_peer_mac_check(dev, &gsec->cfg, data, extack);
		if (err)
			return err;
	}

	gsec->net = src_net;
	INIT_LIST_HEAD(&gsec->pernet_node);
	INIT_LIST_HEAD(&gsec->device_node);
	mutex_init(&gsec->lock);
	gsec_routes_init(&gsec->routes, &gsec->lock);
	hash_init(gsec->networks);
	get_random_bytes(&gsec->flow_key, sizeof(gsec->flow_key));
	INIT_DELAYED_WORK(&gsec->reap_work, gsec_reap_work);
	INIT_DELAYED_WORK(&gsec->keepalive_work, gsec_keepalive_work);
	gsec->stats = gsec_stats_alloc(GSEC_DS_COUNT, GFP_KERNEL_ACCOUNT);
	if (!gsec->stats)
		return -ENOMEM;
	err = gro_cells_init(&gsec->gro_cells, dev);
	if (err)
		goto err_stats;

	/* Everything the receive hook touches exists before the sockets. */
	err = gsec_socket_open(gsec, &gsec->cfg, &sock4, &sock6, extack);
	if (err)
		goto err_gro;
	gsec_socket_set(gsec, sock4, sock6);

	err = register_netdevice(dev);
	if (err)
		goto err_sock;
	/* Only now: a failed register_netdevice() must not call it. */
	dev->priv_destructor = gsec_destruct;
	list_add(&gsec->pernet_node, &pn->devs);
	list_add(&gsec->device_node, &gsec_devices);
	queue_delayed_work(system_power_efficient_wq, &gsec->reap_work,
			   GSEC_REAP_INTERVAL);
	gsec_keepalive_restart(gsec);
	return 0;

err_sock:
	/* ndo_uninit may have closed them already. */
	gsec_socket_close(gsec);
err_gro:
	gro_cells_destroy(&gsec->gro_cells);
err_stats:
	free_percpu(gsec->stats);
	return err;
}

static int gsec_changelink(struct net_device *dev, struct nlattr *tb[],
			   struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct gsec_dev *gsec = gsec_dev(dev);
	struct gsec_cfg cfg = gsec->cfg;
	struct socket *sock4, *sock6;
	bool sockets;
	int err;

	sockets = data && (data[IFLA_GENEVESEC_PORT] ||
			   data[IFLA_GENEVESEC_LOCAL] ||
			   data[IFLA_GENEVESEC_LOCAL6]);
	if (sockets && gsec->net_gone) {
		NL_SET_ERR_MSG(extack,
			       "the namespace the device was created in is gone: it has no sockets any more");
		return -ENETDOWN;
	}
	if (sockets && !ns_capable(gsec->net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack,
			       "changing the port or addresses needs CAP_NET_ADMIN where the device was created");
		return -EPERM;
	}
	err = gsec_cfg_parse(&cfg, data, sockets, extack);
	if (err)
		return err;
	if (cfg.mode == GENEVESEC_MODE_L2) {
		err = gsec_peer_mac_check(dev, &cfg, data, extack);
		if (err)
			return err;
	}

	if (sockets) {
		/* The old sockets hold the port: close them, then open the
		 * new ones, or reopen the old ones if that fails.
		 */
		gsec_socket_close(gsec);
		err = gsec_socket_open(gsec, &cfg, &sock4, &sock6, extack);
		if (err) {
			if (!gsec_socket_open(gsec, &gsec->cfg, &sock4, &sock6,
					      NULL))
				gsec_socket_set(gsec, sock4, sock6);
			else
				netdev_err(dev, "lost its UDP sockets\n");
			return err;
		}
		WRITE_ONCE(gsec->cfg.port, cfg.port);
		/* Read under rtnl only: the data path takes the local
		 * address from the socket it is bound to.
		 */
		gsec->cfg.local4 = cfg.local4;
		gsec->cfg.has_local4 = cfg.has_local4;
		gsec->cfg.local6 = cfg.local6;
		gsec->cfg.has_local6 = cfg.has_local6;
		gsec_socket_set(gsec, sock4, sock6);
	}
	gsec_cfg_publish(&gsec->cfg, &cfg);
	if (data && data[IFLA_GENEVESEC_KEEPALIVE])
		gsec_keepalive_restart(gsec);
	return 0;
}

static size_t gsec_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(__be16)) +		/* PORT */
	       nla_total_size(sizeof(__be32)) +		/* LOCAL */
	       nla_total_size(sizeof(struct in6_addr)) + /* LOCAL6 */
	       8 * nla_total_size(sizeof(u8)) +		/* MODE .. PEER_VALIDATION */
	       3 * nla_total_size(sizeof(u32)) +	/* RATE, KEEPALIVE, GRACE */
	       nla_total_size(ETH_ALEN);		/* PEER_MAC */
}

static int gsec_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct gsec_cfg *cfg = &gsec_dev(dev)->cfg;
	u8 peer_mac[ETH_ALEN];

	u64_to_ether_addr(cfg->peer_mac, peer_mac);
	if (nla_put_be16(skb, IFLA_GENEVESEC_PORT, cfg->port) ||
	    (cfg->has_local4 &&
	     nla_put_in_addr(skb, IFLA_GENEVESEC_LOCAL, cfg->local4)) ||
	    (cfg->has_local6 &&
	     nla_put_in6_addr(skb, IFLA_GENEVESEC_LOCAL6, &cfg->local6)) ||
	    nla_put_u8(skb, IFLA_GENEVESEC_MODE, cfg->mode) ||
	    nla_put_u8(skb, IFLA_GENEVESEC_SRCPORT_HASH, cfg->srcport_hash) ||
	    nla_put_u8(skb, IFLA_GENEVESEC_UDP_CSUM, cfg->udp_csum) ||
	    nla_put_u8(skb, IFLA_GENEVESEC_TTL, cfg->ttl) ||
	    nla_put_u8(skb, IFLA_GENEVESEC_TTL_INHERIT, cfg->ttl_inherit) ||
	    nla_put_u8(skb, IFLA_GENEVESEC_TOS, cfg->tos) ||
	    nla_put_u8(skb, IFLA_GENEVESEC_DF, cfg->df) ||
	    nla_put_u8(skb, IFLA_GENEVESEC_PEER_VALIDATION, cfg->peer_validation) ||
	    nla_put_u32(skb, IFLA_GENEVESEC_RX_RATE_LIMIT, cfg->rx_rate_limit) ||
	    nla_put_u32(skb, IFLA_GENEVESEC_KEEPALIVE, cfg->keepalive) ||
	    nla_put_u32(skb, IFLA_GENEVESEC_GRACE, cfg->grace) ||
	    (cfg->mode == GENEVESEC_MODE_L2 &&
	     nla_put(skb, IFLA_GENEVESEC_PEER_MAC, ETH_ALEN, peer_mac)))
		return -EMSGSIZE;
	return 0;
}

static struct net *gsec_get_link_net(const struct net_device *dev)
{
	struct gsec_dev *gsec = gsec_dev(dev);

	return gsec->net_gone ? dev_net(dev) : gsec->net;
}

static struct rtnl_link_ops gsec_link_ops __read_mostly = {
	.kind		= GENEVESEC_LINK_KIND,
	.priv_size	= sizeof(struct gsec_dev),
	.maxtype	= IFLA_GENEVESEC_MAX,
	.policy		= gsec_link_policy,
	.setup		= gsec_setup,
	.newlink	= gsec_newlink,
	.changelink	= gsec_changelink,
	.get_size	= gsec_get_size,
	.fill_info	= gsec_fill_info,
	.get_link_net	= gsec_get_link_net,
};

static int __net_init gsec_pernet_init(struct net *net)
{
	struct gsec_pernet *pn = net_generic(net, gsec_pernet_id);

	INIT_LIST_HEAD(&pn->devs);
	return 0;
}

/*
 * The namespace holding some devices' sockets is going away while the
 * devices live elsewhere (moved into a container): close the sockets and
 * take the carrier down, as WireGuard does. The device stays, sends and
 * receives nothing, and can still be inspected and deleted. Devices inside
 * the dying namespace go by the core's own sweep. Runs before the RCU grace
 * period that precedes the namespace's exit, so readers that still saw a
 * socket are done with the namespace before it is freed.
 */
static void __net_exit gsec_pernet_pre_exit(struct net *net)
{
	struct gsec_pernet *pn = net_generic(net, gsec_pernet_id);
	struct gsec_dev *gsec, *tmp;

	rtnl_lock();
	list_for_each_entry_safe(gsec, tmp, &pn->devs, pernet_node) {
		if (net_eq(dev_net(gsec->dev), net))
			continue;
		list_del_init(&gsec->pernet_node);
		gsec->net_gone = true;
		gsec_socket_close(gsec);
		netif_carrier_off(gsec->dev);
		netdev_info(gsec->dev,
			    "the namespace holding its UDP sockets is gone\n");
	}
	rtnl_unlock();
}

/**
 * gsec_device_kill_tx_sas() - remove every transmit SA of every device
 * @reason: GENEVESEC_EVENT_REASON_VMFORK or _HIBERNATION
 *
 * A cloned or restored machine must not send again under a live key: its
 * counter may already have been used by the other copy. Transmit fails
 * closed until the control plane, told by the sa-del-ntf events, installs
 * fresh SAs; receiving goes on.
 *
 * An install under way meanwhile (its request may have come before the
 * fork, and completes in both copies) is refused if it has not taken its
 * device's lock before the kill did: the epoch moves first.
 *
 * Context: process; takes rtnl and each device's lock.
 */
void gsec_device_kill_tx_sas(u32 reason)
{
	struct gsec_dev *gsec;
	unsigned int n;

	atomic_inc(&gsec_clone_epoch);
	rtnl_lock();
	list_for_each_entry(gsec, &gsec_devices, device_node) {
		mutex_lock(&gsec->lock);
		n = gsec_network_kill_tx(gsec, reason);
		mutex_unlock(&gsec->lock);
		if (n)
			netdev_info(gsec->dev, "removed %u transmit SA%s (%s)\n",
				    n, n == 1 ? "" : "s",
				    reason == GENEVESEC_EVENT_REASON_VMFORK ?
				    "VM fork" : "hibernation");
	}
	rtnl_unlock();
}

/**
 * gsec_device_clone_epoch() - how many times transmit SAs were killed
 *
 * A transmit SA install reads it before it starts and installs only if it
 * has not moved by the time the device's lock is held.
 */
unsigned int gsec_device_clone_epoch(void)
{
	return atomic_read(&gsec_clone_epoch);
}

static struct pernet_operations gsec_pernet_ops = {
	.init		= gsec_pernet_init,
	.pre_exit	= gsec_pernet_pre_exit,
	.id		= &gsec_pernet_id,
	.size		= sizeof(struct gsec_pernet),
};

int __init gsec_device_init(void)
{
	int err;

	err = register_pernet_device(&gsec_pernet_ops);
	if (err)
		return err;
	err = rtnl_link_register(&gsec_link_ops);
	if (err)
		unregister_pernet_device(&gsec_pernet_ops);
	return err;
}

void gsec_device_uninit(void)
{
	/* Deletes every genevesec device left in any namespace. */
	rtnl_link_unregister(&gsec_link_ops);
	unregister_pernet_device(&gsec_pernet_ops);
	/* Frames, networks and SAs freed by RCU callbacks of this module.
	 * Twice: a network's last reference goes in an RCU callback (its
	 * percpu_ref's switch to atomic mode), which queues the free.
	 */
	rcu_barrier();
	rcu_barrier();
}
