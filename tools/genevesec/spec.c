// SPDX-License-Identifier: GPL-2.0
/*
 * The genevesec family as the spec declares it: operation names and the
 * attribute sets with their types, to check replies and print requests.
 * Names are the spec's, so --dry-run output reads like the YNL CLI's.
 */

#include <string.h>

#include <libmnl/libmnl.h>

#include "genevesec.h"

#define SET(name, maxattr, table) \
	const struct gs_aset name = { .max = (maxattr), .attrs = (table) }

static const struct gs_attr stats_attrs[GENEVESEC_A_STATS_MAX + 1] = {
	[GENEVESEC_A_STATS_RX_PACKETS]		= { "rx-packets", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_BYTES]		= { "rx-bytes", GS_T_UINT },
	[GENEVESEC_A_STATS_TX_PACKETS]		= { "tx-packets", GS_T_UINT },
	[GENEVESEC_A_STATS_TX_BYTES]		= { "tx-bytes", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_DROPS_BAD_PEER]	= { "rx-drops-bad-peer", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_DROPS_NO_KEY]	= { "rx-drops-no-key", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_DROPS_EXPIRED_KEY] = { "rx-drops-expired-key", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_DROPS_SPI_MISMATCH] = { "rx-drops-spi-mismatch", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_RATE_LIMIT_DROPS]	= { "rx-rate-limit-drops", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_DECRYPT_ERRORS]	= { "rx-decrypt-errors", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_REPLAY_DROPS]	= { "rx-replay-drops", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_INVALID_SRC]	= { "rx-invalid-src", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_INVALID_DST]	= { "rx-invalid-dst", GS_T_UINT },
	[GENEVESEC_A_STATS_TX_ERRORS]		= { "tx-errors", GS_T_UINT },
	[GENEVESEC_A_STATS_TX_DROPS_EXPIRED_KEY] = { "tx-drops-expired-key", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_MALFORMED]	= { "rx-malformed", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_UNKNOWN_VNI]	= { "rx-unknown-vni", GS_T_UINT },
	[GENEVESEC_A_STATS_TX_NO_ROUTE]		= { "tx-no-route", GS_T_UINT },
	[GENEVESEC_A_STATS_TX_NON_IP]		= { "tx-non-ip", GS_T_UINT },
	[GENEVESEC_A_STATS_TX_TOO_BIG]		= { "tx-too-big", GS_T_UINT },
	[GENEVESEC_A_STATS_RX_ECN_DROPS]	= { "rx-ecn-drops", GS_T_UINT },
	[GENEVESEC_A_STATS_CRYPTO_QUEUE_FULL]	= { "crypto-queue-full", GS_T_UINT },
};

SET(gs_stats_set, GENEVESEC_A_STATS_MAX, stats_attrs);

static const struct gs_attr dev_attrs[GENEVESEC_A_DEV_MAX + 1] = {
	[GENEVESEC_A_DEV_IFINDEX]	= { "ifindex", GS_T_U32 },
	[GENEVESEC_A_DEV_IFNAME]	= { "ifname", GS_T_STRING },
	[GENEVESEC_A_DEV_NETWORKS]	= { "networks", GS_T_U32 },
	[GENEVESEC_A_DEV_STATS]		= { "stats", GS_T_NEST, &gs_stats_set },
};

SET(gs_dev_set, GENEVESEC_A_DEV_MAX, dev_attrs);

static const struct gs_attr route_attrs[GENEVESEC_A_ROUTE_MAX + 1] = {
	[GENEVESEC_A_ROUTE_LOCAL]	= { "local", GS_T_BINARY },
	[GENEVESEC_A_ROUTE_LOCAL_PLEN]	= { "local-plen", GS_T_U8 },
	[GENEVESEC_A_ROUTE_REMOTE]	= { "remote", GS_T_BINARY },
	[GENEVESEC_A_ROUTE_REMOTE_PLEN]	= { "remote-plen", GS_T_U8 },
};

SET(gs_route_set, GENEVESEC_A_ROUTE_MAX, route_attrs);

static const struct gs_attr net_attrs[GENEVESEC_A_NET_MAX + 1] = {
	[GENEVESEC_A_NET_IFINDEX]	= { "ifindex", GS_T_U32 },
	[GENEVESEC_A_NET_IFNAME]	= { "ifname", GS_T_STRING },
	[GENEVESEC_A_NET_VNI]		= { "vni", GS_T_U32 },
	[GENEVESEC_A_NET_PEER4]		= { "peer4", GS_T_IPV4 },
	[GENEVESEC_A_NET_PEER6]		= { "peer6", GS_T_IPV6 },
	[GENEVESEC_A_NET_PEER_PORT]	= { "peer-port", GS_T_U16 },
	[GENEVESEC_A_NET_ROUTE]		= { "route", GS_T_NEST, &gs_route_set },
	[GENEVESEC_A_NET_REPLACE_ROUTES] = { "replace-routes", GS_T_FLAG },
	[GENEVESEC_A_NET_ROUTE_COUNT]	= { "route-count", GS_T_U32 },
	[GENEVESEC_A_NET_RX_SA_COUNT]	= { "rx-sa-count", GS_T_U32 },
	[GENEVESEC_A_NET_TX_SPI]	= { "tx-spi", GS_T_U32 },
	[GENEVESEC_A_NET_LAST_RX]	= { "last-rx", GS_T_UINT },
	[GENEVESEC_A_NET_LAST_TX]	= { "last-tx", GS_T_UINT },
	[GENEVESEC_A_NET_LAST_KEEPALIVE] = { "last-keepalive", GS_T_UINT },
	[GENEVESEC_A_NET_STATS]		= { "stats", GS_T_NEST, &gs_stats_set },
};

SET(gs_net_set, GENEVESEC_A_NET_MAX, net_attrs);

static const struct gs_attr sa_key_attrs[GENEVESEC_A_SA_KEY_MAX + 1] = {
	[GENEVESEC_A_SA_KEY_SPI]	= { "spi", GS_T_U32 },
	[GENEVESEC_A_SA_KEY_KEY]	= { "key", GS_T_SECRET },
	[GENEVESEC_A_SA_KEY_LIFETIME]	= { "lifetime", GS_T_U32 },
	[GENEVESEC_A_SA_KEY_SOFT_LIMIT]	= { "soft-limit", GS_T_UINT },
	[GENEVESEC_A_SA_KEY_REKEY_LEAD]	= { "rekey-lead", GS_T_U32 },
};

SET(gs_sa_key_set, GENEVESEC_A_SA_KEY_MAX, sa_key_attrs);

static const struct gs_attr sa_attrs[GENEVESEC_A_SA_MAX + 1] = {
	[GENEVESEC_A_SA_IFINDEX]	= { "ifindex", GS_T_U32 },
	[GENEVESEC_A_SA_IFNAME]		= { "ifname", GS_T_STRING },
	[GENEVESEC_A_SA_VNI]		= { "vni", GS_T_U32 },
	[GENEVESEC_A_SA_RX]		= { "rx", GS_T_NEST, &gs_sa_key_set },
	[GENEVESEC_A_SA_TX]		= { "tx", GS_T_NEST, &gs_sa_key_set },
	[GENEVESEC_A_SA_MANUAL]		= { "manual", GS_T_FLAG },
	[GENEVESEC_A_SA_SPI]		= { "spi", GS_T_U32 },
	[GENEVESEC_A_SA_DIR]		= { "dir", GS_T_U32 },
	[GENEVESEC_A_SA_CIPHER]		= { "cipher", GS_T_U32 },
	[GENEVESEC_A_SA_DRIVER]		= { "driver", GS_T_STRING },
	[GENEVESEC_A_SA_EXPIRES_IN]	= { "expires-in", GS_T_UINT },
	[GENEVESEC_A_SA_COUNTER]	= { "counter", GS_T_UINT },
	[GENEVESEC_A_SA_PACKETS]	= { "packets", GS_T_UINT },
	[GENEVESEC_A_SA_FINGERPRINT]	= { "fingerprint", GS_T_BINARY },
	[GENEVESEC_A_SA_SOFT_LIMIT]	= { "soft-limit", GS_T_UINT },
	[GENEVESEC_A_SA_REKEY_LEAD]	= { "rekey-lead", GS_T_U32 },
	[GENEVESEC_A_SA_REASON]		= { "reason", GS_T_U32 },
};

SET(gs_sa_set, GENEVESEC_A_SA_MAX, sa_attrs);

static const struct gs_op ops[GENEVESEC_CMD_MAX + 1] = {
	[GENEVESEC_CMD_DEV_GET]		= { "dev-get", &gs_dev_set },
	[GENEVESEC_CMD_NET_NEW]		= { "net-new", &gs_net_set },
	[GENEVESEC_CMD_NET_SET]		= { "net-set", &gs_net_set },
	[GENEVESEC_CMD_NET_DEL]		= { "net-del", &gs_net_set },
	[GENEVESEC_CMD_NET_GET]		= { "net-get", &gs_net_set },
	[GENEVESEC_CMD_ROUTE_ADD]	= { "route-add", &gs_net_set },
	[GENEVESEC_CMD_ROUTE_DEL]	= { "route-del", &gs_net_set },
	[GENEVESEC_CMD_ROUTE_GET]	= { "route-get", &gs_net_set },
	[GENEVESEC_CMD_SA_NEW]		= { "sa-new", &gs_sa_set },
	[GENEVESEC_CMD_SA_DEL]		= { "sa-del", &gs_sa_set },
	[GENEVESEC_CMD_SA_GET]		= { "sa-get", &gs_sa_set },
	[GENEVESEC_CMD_NET_ADD_NTF]	= { "net-add-ntf", &gs_net_set },
	[GENEVESEC_CMD_NET_DEL_NTF]	= { "net-del-ntf", &gs_net_set },
	[GENEVESEC_CMD_SA_ADD_NTF]	= { "sa-add-ntf", &gs_sa_set },
	[GENEVESEC_CMD_SA_DEL_NTF]	= { "sa-del-ntf", &gs_sa_set },
	[GENEVESEC_CMD_SA_EXPIRE_NTF]	= { "sa-expire-ntf", &gs_sa_set },
	[GENEVESEC_CMD_REKEY_NTF]	= { "rekey-ntf", &gs_sa_set },
};

const struct gs_op *gs_op(uint8_t cmd)
{
	return cmd <= GENEVESEC_CMD_MAX ? &ops[cmd] : NULL;
}

/* Does @attr have the length its type needs? */
static bool gs_attr_valid(const struct nlattr *attr, enum gs_type type)
{
	uint16_t len = mnl_attr_get_payload_len(attr);

	switch (type) {
	case GS_T_U8:
		return len == 1;
	case GS_T_U16:
		return len == 2;
	case GS_T_U32:
	case GS_T_IPV4:
		return len == 4;
	case GS_T_UINT:
		return len == 4 || len == 8;
	case GS_T_IPV6:
		return len == 16;
	case GS_T_FLAG:
		return len == 0;
	case GS_T_STRING:
		return mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0;
	case GS_T_NEST:
		return mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0;
	case GS_T_BINARY:
	case GS_T_SECRET:
		return true;
	}
	return false;
}

int gs_attr_parse_payload(const void *data, size_t len, const struct gs_aset *set,
			  const struct nlattr **tb)
{
	const struct nlattr *attr;
	uint16_t type;

	memset(tb, 0, (set->max + 1) * sizeof(*tb));
	mnl_attr_for_each_payload(data, len) {
		type = mnl_attr_get_type(attr);
		/* Attributes a newer kernel added are not ours to read. */
		if (type > set->max || !set->attrs[type].name)
			continue;
		if (!gs_attr_valid(attr, set->attrs[type].type))
			return -1;
		tb[type] = attr;
	}
	return 0;
}

int gs_attr_parse_nest(const struct nlattr *nest, const struct gs_aset *set,
		       const struct nlattr **tb)
{
	return gs_attr_parse_payload(mnl_attr_get_payload(nest),
				     mnl_attr_get_payload_len(nest), set, tb);
}

uint64_t gs_attr_uint(const struct nlattr *attr)
{
	if (mnl_attr_get_payload_len(attr) == 8)
		return mnl_attr_get_u64(attr);
	return mnl_attr_get_u32(attr);
}
