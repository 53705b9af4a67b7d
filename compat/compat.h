/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compat layer, included before anything else in every compilation
 * unit (Kbuild: -include). src/ is written against the newest kernel
 * API; this adapts older kernels to it, deciding by what
 * compat/probe.sh found in the target kernel's headers (GSEC_HAVE_*),
 * never by version numbers.
 *
 * Each header below covers one area. Where a fallback cannot behave as
 * the newest kernel does, its comment says so.
 */
#ifndef _GSEC_COMPAT_H
#define _GSEC_COMPAT_H

#include "generated/probes.h"

#include "compat-misc.h"
#include "compat-skbuff.h"
#include "compat-crypto.h"
#include "compat-netlink.h"
#include "compat-genetlink.h"
#include "compat-netdevice.h"
#include "compat-rtnetlink.h"
#include "compat-workqueue.h"
#include "compat-udp_tunnel.h"

#endif /* _GSEC_COMPAT_H */
