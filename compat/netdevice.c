// SPDX-License-Identifier: GPL-2.0
/* Network devices on older kernels: see compat-netdevice.h. */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#ifdef GSEC_COMPAT_DSTATS_GET_STATS64

#ifdef GSEC_HAVE_DSTATS_U64_STATS_T
#define gsec_compat_dstats_read(p) u64_stats_read(p)
#else
#define gsec_compat_dstats_read(p) (*(p))
#endif

/* What 6.11's core reports for a dstats device. */
static void gsec_compat_dstats_get_stats64(struct net_device *dev,
					   struct rtnl_link_stats64 *s)
{
	int cpu;

	netdev_stats_to_stats64(s, &dev->stats);
	for_each_possible_cpu(cpu) {
		const struct pcpu_dstats *d = per_cpu_ptr(dev->dstats, cpu);
		u64 rx_packets, rx_bytes, rx_drops;
		u64 tx_packets, tx_bytes, tx_drops;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&d->syncp);
			rx_packets = gsec_compat_dstats_read(&d->rx_packets);
			rx_bytes = gsec_compat_dstats_read(&d->rx_bytes);
			rx_drops = gsec_compat_dstats_read(&d->rx_drops);
			tx_packets = gsec_compat_dstats_read(&d->tx_packets);
			tx_bytes = gsec_compat_dstats_read(&d->tx_bytes);
			tx_drops = gsec_compat_dstats_read(&d->tx_drops);
		} while (u64_stats_fetch_retry(&d->syncp, start));

		s->rx_packets += rx_packets;
		s->rx_bytes += rx_bytes;
		s->rx_dropped += rx_drops;
		s->tx_packets += tx_packets;
		s->tx_bytes += tx_bytes;
		s->tx_dropped += tx_drops;
	}
}

/*
 * Copies of the module's device ops, each with the function above.
 * genevesec has two (L3 and L2); written under RTNL, never freed (they
 * live as long as the module and its devices).
 */
#define GSEC_COMPAT_NETDEV_OPS_MAX 4

static struct {
	const struct net_device_ops *orig;
	struct net_device_ops copy;
} gsec_compat_netdev_ops[GSEC_COMPAT_NETDEV_OPS_MAX];

static const struct net_device_ops *
gsec_compat_netdev_ops_with_stats(const struct net_device_ops *orig)
{
	unsigned int i;

	for (i = 0; i < GSEC_COMPAT_NETDEV_OPS_MAX; i++) {
		if (gsec_compat_netdev_ops[i].orig == orig)
			return &gsec_compat_netdev_ops[i].copy;
		if (!gsec_compat_netdev_ops[i].orig) {
			gsec_compat_netdev_ops[i].copy = *orig;
			gsec_compat_netdev_ops[i].copy.ndo_get_stats64 =
				gsec_compat_dstats_get_stats64;
			gsec_compat_netdev_ops[i].orig = orig;
			return &gsec_compat_netdev_ops[i].copy;
		}
	}
	return NULL;
}

#endif /* GSEC_COMPAT_DSTATS_GET_STATS64 */

#if defined(GSEC_COMPAT_DSTATS_GET_STATS64) || defined(GSEC_COMPAT_LLTX_FEATURE)

int gsec_compat_register_netdevice(struct net_device *dev)
{
	ASSERT_RTNL();
#ifdef GSEC_COMPAT_DSTATS_GET_STATS64
	if (dev->pcpu_stat_type == NETDEV_PCPU_STAT_DSTATS &&
	    !dev->netdev_ops->ndo_get_stats64 &&
	    !dev->netdev_ops->ndo_get_stats) {
		const struct net_device_ops *ops;

		ops = gsec_compat_netdev_ops_with_stats(dev->netdev_ops);
		if (WARN_ON(!ops))
			return -ENOSPC;
		dev->netdev_ops = ops;
	}
#endif
#ifdef GSEC_COMPAT_LLTX_FEATURE
	dev->features |= NETIF_F_LLTX;
#endif
	/* (The kernel's function: the macro is not expanded.) */
	return (register_netdevice)(dev);
}

#endif

#ifndef GSEC_HAVE_FOR_EACH_NETDEV_DUMP

/*
 * Before 6.6 devices are in hash lists and a list in creation order, not
 * in an ifindex-ordered xarray: the next one is the lowest ifindex at or
 * above @ifindex, found by a walk of all. A dump of n devices costs
 * O(n^2) steps, which only hosts with thousands of devices would notice.
 */
struct net_device *gsec_compat_netdev_dump_next(struct net *net,
						unsigned long *ifindex)
{
	struct net_device *dev, *next = NULL;

	for_each_netdev_rcu(net, dev)
		if ((unsigned long)dev->ifindex >= *ifindex &&
		    (!next || dev->ifindex < next->ifindex))
			next = dev;
	if (next)
		*ifindex = next->ifindex;
	return next;
}

#endif
