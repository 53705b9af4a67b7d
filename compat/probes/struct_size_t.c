// SPDX-License-Identifier: GPL-2.0
/* struct_size_t() (upstream 6.5, stable). */
#include <linux/build_bug.h>
#include <linux/overflow.h>
#include "probe.h"

struct probe_flex {
	int n;
	u64 v[];
};

GSEC_PROBE(size_t *size, unsigned int n)
{
	*size = struct_size_t(struct probe_flex, v, n);
}
