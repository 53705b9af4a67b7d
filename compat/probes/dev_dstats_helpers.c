// SPDX-License-Identifier: GPL-2.0
/* dstats helpers; the core sums dstats itself (upstream 6.11). */
#include <linux/netdevice.h>
#include "probe.h"

GSEC_PROBE(struct net_device *dev)
{
	dev_dstats_rx_add(dev, 1);
	dev_dstats_rx_dropped(dev);
	dev_dstats_tx_add(dev, 1);
	dev_dstats_tx_dropped(dev);
}
