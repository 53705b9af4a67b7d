// SPDX-License-Identifier: GPL-2.0
/* Lockless transmit as dev->lltx, not NETIF_F_LLTX (upstream 6.12). */
#include <linux/netdevice.h>
#include "probe.h"

GSEC_PROBE(struct net_device *dev)
{
	dev->lltx = true;
}
