// SPDX-License-Identifier: GPL-2.0
/* Disabling, not only cancelling, a delayed work (upstream 6.10). */
#include <linux/workqueue.h>
#include "probe.h"

GSEC_PROBE(struct delayed_work *w)
{
	disable_delayed_work_sync(w);
}
