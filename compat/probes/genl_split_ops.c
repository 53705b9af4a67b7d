// SPDX-License-Identifier: GPL-2.0
/* Split do/dump genetlink operations (upstream 6.2). */
#include <net/genetlink.h>
#include "probe.h"

GSEC_PROBE(struct genl_family *f, const struct genl_split_ops *ops)
{
	f->split_ops = ops;
	f->n_split_ops = 1;
}
