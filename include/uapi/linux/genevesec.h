/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * genevesec: encrypted Geneve overlay devices.
 *
 * The generic-netlink family is declared in
 * Documentation/netlink/specs/genevesec.yaml and its constants are generated
 * into linux/genevesec_genl.h. This header adds what rtnetlink needs for the
 * link kind "genevesec".
 */
#ifndef _UAPI_LINUX_GENEVESEC_H
#define _UAPI_LINUX_GENEVESEC_H

#include <linux/genevesec_genl.h>

#define GENEVESEC_LINK_KIND	"genevesec"

#define GENEVESEC_DEFAULT_PORT	6081

/* IFLA_GENEVESEC_TOS: copy the inner DSCP and ECN (RFC 6040 normal mode). */
#define GENEVESEC_TOS_INHERIT	1

enum genevesec_mode {
	GENEVESEC_MODE_L3,		/* an IP device, like WireGuard */
	GENEVESEC_MODE_L2,		/* an Ethernet device */
};

/* IFLA_INFO_DATA attributes of a genevesec link. Booleans are u8 0/1. */
enum {
	IFLA_GENEVESEC_UNSPEC,
	IFLA_GENEVESEC_PORT,		/* __be16: local UDP port, 6081 */
	IFLA_GENEVESEC_LOCAL,		/* __be32: bind the IPv4 socket to it */
	IFLA_GENEVESEC_LOCAL6,		/* struct in6_addr: same for IPv6 */
	IFLA_GENEVESEC_MODE,		/* u8: enum genevesec_mode */
	IFLA_GENEVESEC_SRCPORT_HASH,	/* u8: per-flow source port, on */
	IFLA_GENEVESEC_UDP_CSUM,	/* u8: outer IPv4 UDP checksum, off */
	IFLA_GENEVESEC_TTL,		/* u8: outer TTL, 64 */
	IFLA_GENEVESEC_TTL_INHERIT,	/* u8: copy the inner TTL, off */
	IFLA_GENEVESEC_TOS,		/* u8: outer TOS, 0; 1 = inherit */
	IFLA_GENEVESEC_DF,		/* u8: set outer DF, off */
	IFLA_GENEVESEC_PEER_VALIDATION,	/* u8: outer source must be the peer, on */
	IFLA_GENEVESEC_RX_RATE_LIMIT,	/* u32: frames/s per network, 0 = off */
	IFLA_GENEVESEC_KEEPALIVE,	/* u32: seconds, 0 = off */
	IFLA_GENEVESEC_GRACE,		/* u32: seconds a superseded rx SA lives, 30 */
	IFLA_GENEVESEC_PEER_MAC,	/* ETH_ALEN bytes: L2 mode's peer MAC */
	__IFLA_GENEVESEC_MAX
};

#define IFLA_GENEVESEC_MAX	(__IFLA_GENEVESEC_MAX - 1)

#endif /* _UAPI_LINUX_GENEVESEC_H */
