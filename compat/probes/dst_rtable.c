// SPDX-License-Identifier: GPL-2.0
/* dst_rtable() (upstream 6.10). */
#include <net/route.h>
#include "probe.h"

GSEC_PROBE(struct dst_entry *dst, struct rtable **rt)
{
	*rt = dst_rtable(dst);
}
