// SPDX-License-Identifier: GPL-2.0
/* A genl_info for dumps and genlmsg_iput() (upstream 6.6). */
#include <net/genetlink.h>
#include "probe.h"

GSEC_PROBE(struct sk_buff *skb, struct netlink_callback *cb)
{
	genlmsg_iput(skb, genl_info_dump(cb));
}
