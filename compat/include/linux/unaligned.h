/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Found only when the kernel has no <linux/unaligned.h> (before 6.12 the
 * helpers lived in <asm/unaligned.h>): Kbuild adds this directory with
 * -idirafter, after the kernel's own include directories.
 */
#ifndef _GSEC_COMPAT_LINUX_UNALIGNED_H
#define _GSEC_COMPAT_LINUX_UNALIGNED_H

#include <asm/unaligned.h>

#endif
