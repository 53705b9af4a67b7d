/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A probe is one function using one kernel API. It compiles with
 * -Werror, so a changed type (a warning) fails the probe like a missing
 * symbol (an error). The prototype keeps -Wmissing-prototypes quiet.
 */
#ifndef _GSEC_COMPAT_PROBE_H
#define _GSEC_COMPAT_PROBE_H

/* Each probe is its own object, never linked: one name serves all. */
#define GSEC_PROBE(...)					\
	void gsec_probe(__VA_ARGS__);			\
	void gsec_probe(__VA_ARGS__)

#endif
