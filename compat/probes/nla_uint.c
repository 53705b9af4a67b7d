// SPDX-License-Identifier: GPL-2.0
/* Variable-width unsigned attributes (upstream 6.7). */
#include <net/netlink.h>
#include "probe.h"

GSEC_PROBE(struct sk_buff *skb, struct nlattr *a, struct nla_policy *p)
{
	p->type = NLA_UINT;
	if (nla_put_uint(skb, 1, nla_get_uint(a)))
		p->len = 0;
}
