/* SPDX-License-Identifier: GPL-2.0 */
/* Netlink attributes, policies and extended-ack messages. */
#ifndef _GSEC_COMPAT_NETLINK_H
#define _GSEC_COMPAT_NETLINK_H

#include <net/netlink.h>

#ifndef GSEC_HAVE_NLA_RANGE_CONST
/*
 * Before 6.7 a policy pointed to a non-const range, though the core only
 * reads it; the ranges here are const, as the newer API wants.
 */
#undef NLA_POLICY_FULL_RANGE
#define NLA_POLICY_FULL_RANGE(tp, _range) {				\
	.type = NLA_ENSURE_UINT_OR_BINARY_TYPE(tp),			\
	.validation_type = NLA_VALIDATE_RANGE_PTR,			\
	.range = (struct netlink_range_validation *)(_range),		\
}
#endif

#ifndef GSEC_HAVE_NLA_UINT
/*
 * NLA_UINT (6.7): an unsigned integer of 4 or 8 bytes. Older kernels
 * have no such type; the policy entry becomes a binary attribute whose
 * length a function checks, as 6.7 does. Only "{ .type = NLA_UINT }"
 * works with this, not NLA_UINT inside the NLA_POLICY_*() macros.
 * A policy dump (CTRL_CMD_GETPOLICY) shows it as binary.
 */
int gsec_compat_nla_uint_validate(const struct nlattr *attr,
				  struct netlink_ext_ack *extack);

#define NLA_UINT NLA_BINARY,						\
	.validation_type = NLA_VALIDATE_FUNCTION,			\
	.validate = gsec_compat_nla_uint_validate

/* The same encoding as 6.7: 4 bytes when the value fits, else 8. */
static inline int nla_put_uint(struct sk_buff *skb, int attrtype, u64 value)
{
	u64 tmp64 = value;
	u32 tmp32 = value;

	if (tmp64 == tmp32)
		return nla_put_u32(skb, attrtype, tmp32);
	return nla_put(skb, attrtype, sizeof(u64), &tmp64);
}

static inline u64 nla_get_uint(const struct nlattr *nla)
{
	if (nla_len(nla) == sizeof(u32))
		return nla_get_u32(nla);
	return nla_get_u64(nla);
}
#endif

#ifndef GSEC_HAVE_NLMSG_FOR_EACH_ATTR_TYPE
/* The attributes of type @type of a message (6.17, some stable trees). */
#define nlmsg_for_each_attr_type(pos, type, nlh, hdrlen, rem)		\
	nlmsg_for_each_attr(pos, nlh, hdrlen, rem)			\
		if (nla_type(pos) == type)
#endif

#ifndef GSEC_HAVE_NL_SET_ERR_MSG_FMT
/*
 * Before 6.2 an extack carries only a pointer to a message, with no
 * buffer of its own to format into. The message is formatted into one of
 * a small ring of the module's buffers instead: it is read when the
 * request's answer is built, microseconds later, and the ring would have
 * to turn round in between for another message to overwrite it (a
 * garbled text then, never a fault: each buffer stays terminated).
 */
const char *gsec_compat_extack_fmt(const char *fmt, ...) __printf(1, 2);

#define NL_SET_ERR_MSG_FMT(extack, fmt, args...) do {			\
	struct netlink_ext_ack *__extack = (extack);			\
									\
	if (__extack)							\
		__extack->_msg = gsec_compat_extack_fmt(fmt, ##args);	\
} while (0)
#endif

#endif /* _GSEC_COMPAT_NETLINK_H */
