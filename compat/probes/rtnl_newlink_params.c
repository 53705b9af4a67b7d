// SPDX-License-Identifier: GPL-2.0
/* rtnl_link_ops.newlink(dev, params, extack) (upstream 6.15). */
#include <net/rtnetlink.h>
#include "probe.h"

static int probe_newlink(struct net_device *dev,
			 struct rtnl_newlink_params *params,
			 struct netlink_ext_ack *extack)
{
	return rtnl_newlink_link_net(params) ? 0 : -EINVAL;
}

GSEC_PROBE(struct rtnl_link_ops *ops)
{
	ops->newlink = probe_newlink;
}
