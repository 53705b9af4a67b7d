/* SPDX-License-Identifier: GPL-2.0 */
/* Link operations. */
#ifndef _GSEC_COMPAT_RTNETLINK_H
#define _GSEC_COMPAT_RTNETLINK_H

#ifndef GSEC_HAVE_RTNL_NEWLINK_PARAMS
#include <net/rtnetlink.h>

/* newlink's namespaces and attributes, packed (6.15). */
struct rtnl_newlink_params {
	struct net *src_net;
	struct net *link_net;
	struct net *peer_net;
	struct nlattr **tb;
	struct nlattr **data;
};

static inline struct net *rtnl_newlink_link_net(struct rtnl_newlink_params *p)
{
	return p->link_net ? : p->src_net;
}

/*
 * Before 6.15 newlink took the link's namespace (the one
 * rtnl_newlink_link_net() now gives) and the attributes as arguments.
 * genevesec's newlink is written in the 6.15 form: this turns its
 * definition, `static int gsec_newlink(<its parameters>)`, into that
 * function renamed gsec_newlink_params(), preceded by an old-form
 * gsec_newlink() that packs the arguments and calls it; the link ops'
 * `.newlink = gsec_newlink` (not a call: no expansion) names the latter.
 */
#define gsec_newlink(dev_decl, params_decl, extack_decl)		\
	gsec_newlink_params(dev_decl, params_decl, extack_decl);	\
	static int gsec_newlink(struct net *link_net,			\
				struct net_device *dev,			\
				struct nlattr *tb[], struct nlattr *data[], \
				struct netlink_ext_ack *extack)		\
	{								\
		struct rtnl_newlink_params params = {			\
			.src_net = link_net,				\
			.tb = tb,					\
			.data = data,					\
		};							\
									\
		return gsec_newlink_params(dev, &params, extack);	\
	}								\
	static int gsec_newlink_params(dev_decl, params_decl, extack_decl)
#endif

#endif /* _GSEC_COMPAT_RTNETLINK_H */
