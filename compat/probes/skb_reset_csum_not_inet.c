// SPDX-License-Identifier: GPL-2.0
/* skb_reset_csum_not_inet() (upstream 6.10). */
#include <linux/skbuff.h>
#include "probe.h"

GSEC_PROBE(struct sk_buff *skb)
{
	skb_reset_csum_not_inet(skb);
}
