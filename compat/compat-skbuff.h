/* SPDX-License-Identifier: GPL-2.0 */
/* Socket buffers. */
#ifndef _GSEC_COMPAT_SKBUFF_H
#define _GSEC_COMPAT_SKBUFF_H

#include <linux/skbuff.h>

#ifndef GSEC_HAVE_SKB_RESET_CSUM_NOT_INET
/*
 * What 6.10's helper does. Only SCTP sets csum_not_inet (a field of every
 * skb before 6.10, of SCTP kernels only since), so clearing it only there
 * is enough.
 */
static inline void skb_reset_csum_not_inet(struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_NONE;
#if IS_ENABLED(CONFIG_IP_SCTP)
	skb->csum_not_inet = 0;
#endif
}
#endif

#endif /* _GSEC_COMPAT_SKBUFF_H */
