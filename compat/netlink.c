// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink attribute policies before 6.7, formatted extack messages before
 * 6.2: see compat-netlink.h.
 */

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <net/netlink.h>

#ifndef GSEC_HAVE_NLA_UINT
/* What 6.7's policy validation does for NLA_UINT. */
int gsec_compat_nla_uint_validate(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	if (nla_len(attr) != sizeof(u32) && nla_len(attr) != sizeof(u64)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "invalid attribute length");
		return -EINVAL;
	}
	return 0;
}
#endif

#ifndef GSEC_HAVE_NL_SET_ERR_MSG_FMT
#define GSEC_EXTACK_BUFS	16
#define GSEC_EXTACK_LEN		80	/* NETLINK_MAX_FMTMSG_LEN */

static char gsec_extack_bufs[GSEC_EXTACK_BUFS][GSEC_EXTACK_LEN];
static atomic_t gsec_extack_next = ATOMIC_INIT(0);

const char *gsec_compat_extack_fmt(const char *fmt, ...)
{
	unsigned int i = (unsigned int)atomic_inc_return(&gsec_extack_next) %
			 GSEC_EXTACK_BUFS;
	char *buf = gsec_extack_bufs[i];
	va_list args;

	va_start(args, fmt);
	/* Terminated at every moment, for a reader of a turned ring. */
	vsnprintf(buf, GSEC_EXTACK_LEN - 1, fmt, args);
	va_end(args);
	return buf;
}
#endif
