// SPDX-License-Identifier: GPL-2.0
/* A policy's range may point to a const range (upstream 6.7). */
#include <net/netlink.h>
#include "probe.h"

static const struct netlink_range_validation probe_range = { .max = 1 };

static const struct nla_policy probe_policy[] = {
	[1] = NLA_POLICY_FULL_RANGE(NLA_U32, &probe_range),
};

GSEC_PROBE(const struct nla_policy **p)
{
	*p = probe_policy;
}
