// SPDX-License-Identifier: GPL-2.0
/* The core allocates and frees dev->dstats (upstream 6.7, stable). */
#include <linux/netdevice.h>
#include "probe.h"

GSEC_PROBE(struct net_device *dev)
{
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_DSTATS;
}
