// SPDX-License-Identifier: GPL-2.0
/* kfree_rcu_mightsleep() (upstream 6.3, in 6.1 stable). */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "probe.h"

GSEC_PROBE(void *p)
{
	kfree_rcu_mightsleep(p);
}
