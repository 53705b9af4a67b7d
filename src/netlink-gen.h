/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/genevesec.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_GENEVESEC_GEN_H
#define _LINUX_GENEVESEC_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/genevesec_genl.h>

/* Ops table for genevesec */
extern const struct genl_split_ops genevesec_nl_ops[2];

int genevesec_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int genevesec_nl_dev_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);

#endif /* _LINUX_GENEVESEC_GEN_H */
