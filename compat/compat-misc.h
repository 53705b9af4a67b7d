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

#endif /* _GSEC_COMPAT_MISC_H */
