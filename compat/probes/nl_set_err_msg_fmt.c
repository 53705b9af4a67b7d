// SPDX-License-Identifier: GPL-2.0
/* Formatted extack messages (upstream 6.2). */
#include <linux/netlink.h>
#include "probe.h"

GSEC_PROBE(struct netlink_ext_ack *extack, unsigned int n)
{
	NL_SET_ERR_MSG_FMT(extack, "at most %u", n);
}
