/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/genevesec.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_GENEVESEC_GEN_H
#define _LINUX_GENEVESEC_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/genevesec_genl.h>

/* Common nested types */
extern const struct nla_policy genevesec_route_nl_policy[GENEVESEC_A_ROUTE_REMOTE_PLEN + 1];
extern const struct nla_policy genevesec_sa_key_nl_policy[GENEVESEC_A_SA_KEY_REKEY_LEAD + 1];

/* Ops table for genevesec */
extern const struct genl_split_ops genevesec_nl_ops[14];

int genevesec_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_dev_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int genevesec_nl_net_new_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_net_set_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_net_del_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_net_get_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_net_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int genevesec_nl_route_add_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_route_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);
int genevesec_nl_sa_new_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_sa_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);

enum {
	GENEVESEC_NLGRP_GENEVESEC,
};

#endif /* _LINUX_GENEVESEC_GEN_H */
