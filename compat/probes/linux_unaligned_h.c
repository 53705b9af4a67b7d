// SPDX-License-Identifier: GPL-2.0
/* <linux/unaligned.h>, before 6.12 <asm/unaligned.h>. */
#include <linux/unaligned.h>
#include "probe.h"

GSEC_PROBE(const void *p, u32 *v)
{
	*v = get_unaligned_be32(p);
}
