// SPDX-License-Identifier: GPL-2.0
/* Netlink attribute policies before 6.7: see compat-netlink.h. */

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
