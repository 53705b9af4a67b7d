/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L2 mode (protocol spec section 9): the device is an Ethernet device, but
 * only IP crosses the tunnel. ARP requests and IPv6 neighbour solicitations
 * for addresses behind the tunnel are answered locally with the peer MAC;
 * the Ethernet header is stripped before encryption and built again on
 * receive.
 *
 * The parsers and the verdict are pure logic on buffers, so KUnit drives
 * them directly; the rest works on skbs.
 */
#ifndef _GENEVESEC_L2_H
#define _GENEVESEC_L2_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/types.h>

struct gsec_dev;
struct sk_buff;

/* A parsed ARP request or neighbour solicitation. */
struct gsec_l2_req {
	/* IPv4 addresses in the first four bytes. */
	struct in6_addr sender;		/* ARP sender IP, NS source address */
	struct in6_addr target;		/* the address asked for */
	u8 sender_mac[ETH_ALEN];	/* ARP sender MAC, NS source LL option */
	bool has_sender_mac;
	u8 af;				/* GSEC_AF_* */
};

/* What an IPv6 packet is, for the L2 transmit path. */
enum gsec_l2_ip6_kind {
	GSEC_L2_IP6_DATA,		/* not neighbour discovery: send it */
	GSEC_L2_IP6_NS,			/* a well-formed neighbour solicitation */
	GSEC_L2_IP6_ND,			/* other or malformed ND: link-local only */
};

/* Whether a request is answered, and if not, why not. */
enum gsec_l2_verdict {
	GSEC_L2_ANSWER,
	GSEC_L2_DAD,			/* from 0.0.0.0 or ::: a DAD probe */
	GSEC_L2_GRATUITOUS,		/* sender == target */
	GSEC_L2_INVALID,		/* target not unicast, sender MAC neither */
	GSEC_L2_LOCAL,			/* the host's own address */
	GSEC_L2_NOT_ROUTED,		/* not behind the tunnel */
};

int gsec_l2_arp_parse(const u8 *buf, size_t len, struct gsec_l2_req *req);
bool gsec_l2_nd_type(u8 icmp6_type);
enum gsec_l2_ip6_kind gsec_l2_ip6_parse(const u8 *buf, size_t len,
					struct gsec_l2_req *req);
enum gsec_l2_verdict gsec_l2_verdict(const struct gsec_l2_req *req,
				     bool target_local, bool target_routed);

bool gsec_l2_xmit(struct gsec_dev *gsec, struct sk_buff *skb,
		  struct ethhdr *eh);
int gsec_l2_rx_push(struct gsec_dev *gsec, struct sk_buff *skb);

#endif /* _GENEVESEC_L2_H */
