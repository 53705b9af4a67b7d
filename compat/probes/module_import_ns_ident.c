// SPDX-License-Identifier: GPL-2.0
/*
 * MODULE_IMPORT_NS() takes an identifier, which it makes a string
 * (before 6.13). Probed this way round because the string form of 6.13
 * also compiles on older kernels, into a wrong namespace name.
 */
#include <linux/module.h>
#include "probe.h"

MODULE_IMPORT_NS(GSEC_PROBE_NS);

GSEC_PROBE(void)
{
}
