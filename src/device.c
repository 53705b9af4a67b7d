// SPDX-License-Identifier: GPL-2.0
/*
 * The genevesec net_device and its rtnl link kind. An L3, point-to-multipoint
 * device like WireGuard's: no link-layer header, no ARP, no qdisc.
 */

#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/ip.h>
#include <net/rtnetlink.h>
#include <uapi/linux/genevesec.h>

#include "genevesec.h"
#include "proto.h"

static netdev_tx_t gsec_xmit(struct sk_buff *skb, struct net_device *dev)
{
	/* No virtual network can be configured yet: nothing is routable. */
	dev_dstats_tx_dropped(dev);
	kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
	return NETDEV_TX_OK;
}

static const struct net_device_ops gsec_netdev_ops = {
	.ndo_start_xmit		= gsec_xmit,
};

static struct rtnl_link_ops gsec_link_ops;

bool gsec_dev_is(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &gsec_link_ops;
}

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
	dev->mtu = GSEC_DEFAULT_MTU;
	dev->min_mtu = IPV4_MIN_MTU;
	/* The largest inner packet whose outer IPv6 packet still fits. */
	dev->max_mtu = IP_MAX_MTU - GSEC_OVERHEAD_V6;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_DSTATS;
	/* Keep the dst so that ICMP errors can be sent for routed packets. */
	netif_keep_dst(dev);

	gsec->dev = dev;
}

static int gsec_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	return register_netdevice(dev);
}

static struct rtnl_link_ops gsec_link_ops __read_mostly = {
	.kind		= GENEVESEC_LINK_KIND,
	.priv_size	= sizeof(struct gsec_dev),
	.maxtype	= IFLA_GENEVESEC_MAX,
	.setup		= gsec_setup,
	.newlink	= gsec_newlink,
};

int __init gsec_device_init(void)
{
	return rtnl_link_register(&gsec_link_ops);
}

void gsec_device_uninit(void)
{
	/* Deletes every genevesec device left in any namespace. */
	rtnl_link_unregister(&gsec_link_ops);
}
