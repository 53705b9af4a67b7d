// SPDX-License-Identifier: GPL-2.0
/* Multicast groups that require CAP_NET_ADMIN (upstream 6.7, stable). */
#include <net/genetlink.h>
#include "probe.h"

GSEC_PROBE(struct genl_multicast_group *g)
{
	g->flags = GENL_MCAST_CAP_NET_ADMIN;
}
