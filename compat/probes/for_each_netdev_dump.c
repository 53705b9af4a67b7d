// SPDX-License-Identifier: GPL-2.0
/* Devices in ifindex order, resumable (upstream 6.6). */
#include <linux/netdevice.h>
#include "probe.h"

GSEC_PROBE(struct net *net, unsigned long *next)
{
	unsigned long ifindex = *next;
	struct net_device *dev;

	for_each_netdev_dump(net, dev, ifindex)
		dev_hold(dev);
	*next = ifindex;
}
