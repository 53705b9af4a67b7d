/* SPDX-License-Identifier: GPL-2.0 */
/* Network devices: counters, lockless transmit, the ifindex walk. */
#ifndef _GSEC_COMPAT_NETDEVICE_H
#define _GSEC_COMPAT_NETDEVICE_H

#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>

#ifndef GSEC_HAVE_NETDEV_PCPU_STAT_TYPE
/* The core allocates dev->dstats (6.7, in 6.1.123+): not adapted. */
#error "compat: this kernel lacks dev->pcpu_stat_type"
#endif

#ifndef GSEC_HAVE_NETDEV_REG_STATE_U8
/* READ_ONCE(dev->reg_state) needs a whole byte (6.8, in 6.1.190+). */
#error "compat: this kernel's dev->reg_state is a bit-field"
#endif

#ifndef GSEC_HAVE_DSTATS_U64_STATS_T
/*
 * Before 6.11 struct pcpu_dstats counts in plain u64, written under its
 * syncp as the in-tree users do. u64_stats_add() takes either (only the
 * type of @p is looked at, it is evaluated once).
 */
static inline void gsec_compat_u64_add(u64 *p, unsigned long val)
{
	*p += val;
}

#define u64_stats_add(p, val)						\
	__builtin_choose_expr(__same_type(p, u64 *),			\
			      gsec_compat_u64_add, u64_stats_add)(p, val)
#endif

#ifndef GSEC_HAVE_DEV_DSTATS_HELPERS
/* The helpers of 6.11, on either counter type. */
static inline void dev_dstats_rx_add(struct net_device *dev, unsigned int len)
{
	struct pcpu_dstats *dstats = this_cpu_ptr(dev->dstats);

	u64_stats_update_begin(&dstats->syncp);
	u64_stats_add(&dstats->rx_packets, 1);
	u64_stats_add(&dstats->rx_bytes, len);
	u64_stats_update_end(&dstats->syncp);
}

static inline void dev_dstats_rx_dropped(struct net_device *dev)
{
	struct pcpu_dstats *dstats = this_cpu_ptr(dev->dstats);

	u64_stats_update_begin(&dstats->syncp);
	u64_stats_add(&dstats->rx_drops, 1);
	u64_stats_update_end(&dstats->syncp);
}

static inline void dev_dstats_tx_add(struct net_device *dev, unsigned int len)
{
	struct pcpu_dstats *dstats = this_cpu_ptr(dev->dstats);

	u64_stats_update_begin(&dstats->syncp);
	u64_stats_add(&dstats->tx_packets, 1);
	u64_stats_add(&dstats->tx_bytes, len);
	u64_stats_update_end(&dstats->syncp);
}

static inline void dev_dstats_tx_dropped(struct net_device *dev)
{
	struct pcpu_dstats *dstats = this_cpu_ptr(dev->dstats);

	u64_stats_update_begin(&dstats->syncp);
	u64_stats_add(&dstats->tx_drops, 1);
	u64_stats_update_end(&dstats->syncp);
}

/*
 * The same series (6.11) made the core sum dstats into the interface
 * counters; before, a device reports them with ndo_get_stats64. The
 * registration below gives a dstats device without one a copy of its ops
 * that has it.
 */
#define GSEC_COMPAT_DSTATS_GET_STATS64 1
#endif

#ifndef GSEC_HAVE_NETDEV_LLTX
/*
 * Lockless transmit was the NETIF_F_LLTX feature before 6.12 made it
 * dev->lltx. There is no such member: the assignment goes to
 * needs_free_netdev, which genevesec's setup also sets to true, so it
 * changes nothing, and the registration below sets the feature.
 * Every genevesec device transmits locklessly (gsec_setup()).
 */
#define lltx needs_free_netdev
#define GSEC_COMPAT_LLTX_FEATURE 1
#endif

#if defined(GSEC_COMPAT_DSTATS_GET_STATS64) || defined(GSEC_COMPAT_LLTX_FEATURE)
int gsec_compat_register_netdevice(struct net_device *dev);

#define register_netdevice(dev) gsec_compat_register_netdevice(dev)
#endif

#ifndef GSEC_HAVE_FOR_EACH_NETDEV_DUMP
/*
 * The devices of @net from ifindex @ifindex up, in ifindex order, so a
 * dump resumes where it stopped (6.6 walks an xarray). Under RCU.
 */
struct net_device *gsec_compat_netdev_dump_next(struct net *net,
						unsigned long *ifindex);

#define for_each_netdev_dump(net, d, ifindex)				\
	for (; ((d) = gsec_compat_netdev_dump_next((net), &(ifindex))); \
	     (ifindex)++)
#endif

#endif /* _GSEC_COMPAT_NETDEVICE_H */
