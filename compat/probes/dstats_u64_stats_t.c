// SPDX-License-Identifier: GPL-2.0
/* dstats counters are u64_stats_t (upstream 6.11). */
#include <linux/netdevice.h>
#include "probe.h"

GSEC_PROBE(struct pcpu_dstats *d)
{
	u64_stats_add(&d->tx_packets, 1);
}
