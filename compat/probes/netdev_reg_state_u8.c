// SPDX-License-Identifier: GPL-2.0
/* dev->reg_state is a whole byte, readable locklessly (upstream 6.8). */
#include <linux/netdevice.h>
#include "probe.h"

GSEC_PROBE(const struct net_device *dev, int *state)
{
	*state = READ_ONCE(dev->reg_state);
}
