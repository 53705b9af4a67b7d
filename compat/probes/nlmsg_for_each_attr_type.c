// SPDX-License-Identifier: GPL-2.0
/* Iterate a message's attributes of one type (upstream 6.17, stable). */
#include <net/netlink.h>
#include "probe.h"

GSEC_PROBE(const struct nlmsghdr *nlh, int *n)
{
	const struct nlattr *a;
	int rem;

	nlmsg_for_each_attr_type(a, 1, nlh, 0, rem)
		(*n)++;
}
