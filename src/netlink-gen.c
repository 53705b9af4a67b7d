// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/genevesec.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/genevesec_genl.h>

/* Integer value ranges */
static const struct netlink_range_validation genevesec_a_net_vni_range = {
	.max	= GENEVESEC_VNI_MAX,
};

static const struct netlink_range_validation genevesec_a_sa_key_lifetime_range = {
	.min	= 1ULL,
	.max	= GENEVESEC_MAX_LIFETIME,
};

static const struct netlink_range_validation genevesec_a_sa_key_rekey_lead_range = {
	.max	= GENEVESEC_MAX_LIFETIME,
};

static const struct netlink_range_validation genevesec_a_sa_vni_range = {
	.max	= GENEVESEC_VNI_MAX,
};

/* Common nested types */
const struct nla_policy genevesec_route_nl_policy[GENEVESEC_A_ROUTE_REMOTE_PLEN + 1] = {
	[GENEVESEC_A_ROUTE_LOCAL] = { .type = NLA_BINARY, },
	[GENEVESEC_A_ROUTE_LOCAL_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[GENEVESEC_A_ROUTE_REMOTE] = { .type = NLA_BINARY, },
	[GENEVESEC_A_ROUTE_REMOTE_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

const struct nla_policy genevesec_sa_key_nl_policy[GENEVESEC_A_SA_KEY_REKEY_LEAD + 1] = {
	[GENEVESEC_A_SA_KEY_SPI] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_SA_KEY_KEY] = { .type = NLA_BINARY, },
	[GENEVESEC_A_SA_KEY_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_sa_key_lifetime_range),
	[GENEVESEC_A_SA_KEY_SOFT_LIMIT] = { .type = NLA_UINT, },
	[GENEVESEC_A_SA_KEY_REKEY_LEAD] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_sa_key_rekey_lead_range),
};

/* GENEVESEC_CMD_DEV_GET - do */
static const struct nla_policy genevesec_dev_get_nl_policy[GENEVESEC_A_DEV_IFNAME + 1] = {
	[GENEVESEC_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_DEV_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* GENEVESEC_CMD_NET_NEW - do */
static const struct nla_policy genevesec_net_new_nl_policy[GENEVESEC_A_NET_ROUTE + 1] = {
	[GENEVESEC_A_NET_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_NET_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_net_vni_range),
	[GENEVESEC_A_NET_PEER4] = { .type = NLA_U32, },
	[GENEVESEC_A_NET_PEER6] = NLA_POLICY_EXACT_LEN(16),
	[GENEVESEC_A_NET_PEER_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[GENEVESEC_A_NET_ROUTE] = NLA_POLICY_NESTED(genevesec_route_nl_policy),
};

/* GENEVESEC_CMD_NET_SET - do */
static const struct nla_policy genevesec_net_set_nl_policy[GENEVESEC_A_NET_REPLACE_ROUTES + 1] = {
	[GENEVESEC_A_NET_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_NET_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_net_vni_range),
	[GENEVESEC_A_NET_PEER4] = { .type = NLA_U32, },
	[GENEVESEC_A_NET_PEER6] = NLA_POLICY_EXACT_LEN(16),
	[GENEVESEC_A_NET_PEER_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[GENEVESEC_A_NET_ROUTE] = NLA_POLICY_NESTED(genevesec_route_nl_policy),
	[GENEVESEC_A_NET_REPLACE_ROUTES] = { .type = NLA_FLAG, },
};

/* GENEVESEC_CMD_NET_DEL - do */
static const struct nla_policy genevesec_net_del_nl_policy[GENEVESEC_A_NET_VNI + 1] = {
	[GENEVESEC_A_NET_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_NET_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_net_vni_range),
};

/* GENEVESEC_CMD_NET_GET - do */
static const struct nla_policy genevesec_net_get_do_nl_policy[GENEVESEC_A_NET_VNI + 1] = {
	[GENEVESEC_A_NET_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_NET_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_net_vni_range),
};

/* GENEVESEC_CMD_NET_GET - dump */
static const struct nla_policy genevesec_net_get_dump_nl_policy[GENEVESEC_A_NET_IFNAME + 1] = {
	[GENEVESEC_A_NET_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* GENEVESEC_CMD_ROUTE_ADD - do */
static const struct nla_policy genevesec_route_add_nl_policy[GENEVESEC_A_NET_ROUTE + 1] = {
	[GENEVESEC_A_NET_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_NET_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_net_vni_range),
	[GENEVESEC_A_NET_ROUTE] = NLA_POLICY_NESTED(genevesec_route_nl_policy),
};

/* GENEVESEC_CMD_ROUTE_DEL - do */
static const struct nla_policy genevesec_route_del_nl_policy[GENEVESEC_A_NET_ROUTE + 1] = {
	[GENEVESEC_A_NET_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_NET_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_net_vni_range),
	[GENEVESEC_A_NET_ROUTE] = NLA_POLICY_NESTED(genevesec_route_nl_policy),
};

/* GENEVESEC_CMD_ROUTE_GET - dump */
static const struct nla_policy genevesec_route_get_nl_policy[GENEVESEC_A_NET_VNI + 1] = {
	[GENEVESEC_A_NET_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_NET_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_net_vni_range),
};

/* GENEVESEC_CMD_SA_NEW - do */
static const struct nla_policy genevesec_sa_new_nl_policy[GENEVESEC_A_SA_MANUAL + 1] = {
	[GENEVESEC_A_SA_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_SA_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_SA_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_sa_vni_range),
	[GENEVESEC_A_SA_RX] = NLA_POLICY_NESTED(genevesec_sa_key_nl_policy),
	[GENEVESEC_A_SA_TX] = NLA_POLICY_NESTED(genevesec_sa_key_nl_policy),
	[GENEVESEC_A_SA_MANUAL] = { .type = NLA_FLAG, },
};

/* GENEVESEC_CMD_SA_DEL - do */
static const struct nla_policy genevesec_sa_del_nl_policy[GENEVESEC_A_SA_SPI + 1] = {
	[GENEVESEC_A_SA_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_SA_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_SA_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_sa_vni_range),
	[GENEVESEC_A_SA_SPI] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* GENEVESEC_CMD_SA_GET - do */
static const struct nla_policy genevesec_sa_get_do_nl_policy[GENEVESEC_A_SA_DIR + 1] = {
	[GENEVESEC_A_SA_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_SA_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_SA_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_sa_vni_range),
	[GENEVESEC_A_SA_SPI] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_SA_DIR] = NLA_POLICY_MAX(NLA_U32, 1),
};

/* GENEVESEC_CMD_SA_GET - dump */
static const struct nla_policy genevesec_sa_get_dump_nl_policy[GENEVESEC_A_SA_VNI + 1] = {
	[GENEVESEC_A_SA_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[GENEVESEC_A_SA_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GENEVESEC_A_SA_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &genevesec_a_sa_vni_range),
};

/* Ops table for genevesec */
const struct genl_split_ops genevesec_nl_ops[14] = {
	{
		.cmd		= GENEVESEC_CMD_DEV_GET,
		.doit		= genevesec_nl_dev_get_doit,
		.policy		= genevesec_dev_get_nl_policy,
		.maxattr	= GENEVESEC_A_DEV_IFNAME,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= GENEVESEC_CMD_DEV_GET,
		.dumpit	= genevesec_nl_dev_get_dumpit,
		.flags	= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= GENEVESEC_CMD_NET_NEW,
		.doit		= genevesec_nl_net_new_doit,
		.policy		= genevesec_net_new_nl_policy,
		.maxattr	= GENEVESEC_A_NET_ROUTE,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_NET_SET,
		.doit		= genevesec_nl_net_set_doit,
		.policy		= genevesec_net_set_nl_policy,
		.maxattr	= GENEVESEC_A_NET_REPLACE_ROUTES,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_NET_DEL,
		.doit		= genevesec_nl_net_del_doit,
		.policy		= genevesec_net_del_nl_policy,
		.maxattr	= GENEVESEC_A_NET_VNI,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_NET_GET,
		.doit		= genevesec_nl_net_get_doit,
		.policy		= genevesec_net_get_do_nl_policy,
		.maxattr	= GENEVESEC_A_NET_VNI,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_NET_GET,
		.dumpit		= genevesec_nl_net_get_dumpit,
		.policy		= genevesec_net_get_dump_nl_policy,
		.maxattr	= GENEVESEC_A_NET_IFNAME,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= GENEVESEC_CMD_ROUTE_ADD,
		.doit		= genevesec_nl_route_add_doit,
		.policy		= genevesec_route_add_nl_policy,
		.maxattr	= GENEVESEC_A_NET_ROUTE,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_ROUTE_DEL,
		.doit		= genevesec_nl_route_del_doit,
		.policy		= genevesec_route_del_nl_policy,
		.maxattr	= GENEVESEC_A_NET_ROUTE,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_ROUTE_GET,
		.dumpit		= genevesec_nl_route_get_dumpit,
		.policy		= genevesec_route_get_nl_policy,
		.maxattr	= GENEVESEC_A_NET_VNI,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= GENEVESEC_CMD_SA_NEW,
		.doit		= genevesec_nl_sa_new_doit,
		.policy		= genevesec_sa_new_nl_policy,
		.maxattr	= GENEVESEC_A_SA_MANUAL,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_SA_DEL,
		.doit		= genevesec_nl_sa_del_doit,
		.policy		= genevesec_sa_del_nl_policy,
		.maxattr	= GENEVESEC_A_SA_SPI,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_SA_GET,
		.doit		= genevesec_nl_sa_get_doit,
		.policy		= genevesec_sa_get_do_nl_policy,
		.maxattr	= GENEVESEC_A_SA_DIR,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GENEVESEC_CMD_SA_GET,
		.dumpit		= genevesec_nl_sa_get_dumpit,
		.policy		= genevesec_sa_get_dump_nl_policy,
		.maxattr	= GENEVESEC_A_SA_VNI,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
};

static const struct genl_multicast_group genevesec_nl_mcgrps[] = {
	[GENEVESEC_NLGRP_GENEVESEC] = { "genevesec", },
};
