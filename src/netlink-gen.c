// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/genevesec.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/genevesec_genl.h>

/* GENEVESEC_CMD_DEV_GET - do */
static const struct nla_policy genevesec_dev_get_nl_policy[GENEVESEC_A_DEV_IFNAME + 1] = {
	[GENEVESEC_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_DEV_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* Ops table for genevesec */
const struct genl_split_ops genevesec_nl_ops[2] = {
	{
		.cmd		= GENEVESEC_CMD_DEV_GET,
		.doit		= genevesec_nl_dev_get_doit,
		.policy		= genevesec_dev_get_nl_policy,
		.maxattr	= GENEVESEC_A_DEV_IFNAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= GENEVESEC_CMD_DEV_GET,
		.dumpit	= genevesec_nl_dev_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
};
