/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers that are plain definitions on older kernels. */
#ifndef _GSEC_COMPAT_MISC_H
#define _GSEC_COMPAT_MISC_H

#ifndef GSEC_HAVE_STRUCT_SIZE_T
#include <linux/overflow.h>

/* The size of a @type with @count trailing @member elements (6.5). */
#define struct_size_t(type, member, count)				\
	struct_size((type *)NULL, member, count)
#endif

#ifndef GSEC_HAVE_KFREE_RCU_MIGHTSLEEP
#include <linux/rcupdate.h>

/* The name 6.3 gave to the one-argument kfree_rcu(), which may sleep. */
#define kfree_rcu_mightsleep(ptr) kfree_rcu(ptr)
#endif

#ifdef GSEC_HAVE_MODULE_IMPORT_NS_IDENT
#include <linux/module.h>

/* The namespace is a string literal since 6.13: take it as one. */
#undef MODULE_IMPORT_NS
#define MODULE_IMPORT_NS(ns) MODULE_INFO(import_ns, ns)
#endif

#endif /* _GSEC_COMPAT_MISC_H */
