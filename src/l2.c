// SPDX-License-Identifier: GPL-2.0
/*
 * L2 mode (protocol spec sections 5 and 9). Transmit answers ARP requests
 * and IPv6 neighbour solicitations for addresses behind the tunnel with the
 * peer MAC, never duplicate address detection probes nor requests for the
 * host's own addresses, strips the Ethernet header and hands IP packets to
 * the L3 path; everything else is dropped as tx_non_ip. Receive builds an
 * Ethernet header from the peer MAC to the device.
 *
 * The parsers and the verdict first: pure logic on buffers.
 */

#include <linux/etherdevice.h>
#include <linux/export.h>
#include <linux/if_arp.h>
#include <linux/in.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/route.h>

#include "genevesec.h"
#include "l2.h"
#include "routes.h"

/* An Ethernet/IPv4 ARP packet: header, two MACs and two addresses. */
#define L2_ARP_LEN	(sizeof(struct arphdr) + 2 * (ETH_ALEN + 4))
/* A neighbour advertisement with a target link-layer address option. */
#define L2_NA_LEN	(sizeof(struct nd_msg) + 8)

/**
 * gsec_l2_arp_parse() - an Ethernet/IPv4 ARP request
 * @buf: the ARP packet (after the Ethernet header)
 * @len: bytes at @buf
 * @req: filled in on success
 *
 * Return: 0 for a request, -EINVAL for anything else.
 */
int gsec_l2_arp_parse(const u8 *buf, size_t len, struct gsec_l2_req *req)
{
	const u8 *p = buf + sizeof(struct arphdr);
	u16 hrd;

	if (len < L2_ARP_LEN)
		return -EINVAL;
	hrd = get_unaligned_be16(buf);
	if ((hrd != ARPHRD_ETHER && hrd != ARPHRD_IEEE802) ||
	    get_unaligned_be16(buf + 2) != ETH_P_IP ||
	    buf[4] != ETH_ALEN || buf[5] != 4 ||
	    get_unaligned_be16(buf + 6) != ARPOP_REQUEST)
		return -EINVAL;
	memset(req, 0, sizeof(*req));
	req->af = GSEC_AF_IPV4;
	memcpy(req->sender_mac, p, ETH_ALEN);
	req->has_sender_mac = true;
	memcpy(&req->sender, p + ETH_ALEN, 4);
	memcpy(&req->target, p + 2 * ETH_ALEN + 4, 4);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_l2_arp_parse);

/**
 * gsec_l2_nd_type() - an ICMPv6 type of neighbour discovery
 * @icmp6_type: the type
 *
 * Return: true for router and neighbour solicitations and advertisements
 * and redirects: link-local messages that never cross the tunnel.
 */
bool gsec_l2_nd_type(u8 icmp6_type)
{
	return icmp6_type >= NDISC_ROUTER_SOLICITATION &&
	       icmp6_type <= NDISC_REDIRECT;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_l2_nd_type);

/**
 * gsec_l2_ip6_parse() - classify an IPv6 packet, parse a solicitation
 * @buf: the packet, from its IPv6 header
 * @len: bytes at @buf (at most the packet's length)
 * @req: filled in for GSEC_L2_IP6_NS
 *
 * Only ICMPv6 directly after the IPv6 header is neighbour discovery (it
 * never carries extension headers). A solicitation must have code 0, hop
 * limit 255, the whole message within @len and well-formed options.
 *
 * Return: what the packet is.
 */
enum gsec_l2_ip6_kind gsec_l2_ip6_parse(const u8 *buf, size_t len,
					struct gsec_l2_req *req)
{
	const struct ipv6hdr *ip6 = (const struct ipv6hdr *)buf;
	const u8 *icmp = buf + sizeof(*ip6);
	size_t plen, off, optlen;

	if (len < sizeof(*ip6) + 1 || ip6->nexthdr != IPPROTO_ICMPV6 ||
	    !gsec_l2_nd_type(icmp[0]))
		return GSEC_L2_IP6_DATA;
	plen = get_unaligned_be16(&ip6->payload_len);
	if (plen > len - sizeof(*ip6) || plen < sizeof(struct nd_msg) ||
	    icmp[0] != NDISC_NEIGHBOUR_SOLICITATION || icmp[1] != 0 ||
	    ip6->hop_limit != 255)
		return GSEC_L2_IP6_ND;

	memset(req, 0, sizeof(*req));
	req->af = GSEC_AF_IPV6;
	memcpy(&req->sender, &ip6->saddr, sizeof(req->sender));
	memcpy(&req->target, icmp + offsetof(struct nd_msg, target),
	       sizeof(req->target));
	for (off = sizeof(struct nd_msg); off < plen; off += optlen) {
		if (plen - off < 2)
			return GSEC_L2_IP6_ND;
		optlen = icmp[off + 1] * 8;
		if (!optlen || optlen > plen - off)
			return GSEC_L2_IP6_ND;
		if (icmp[off] != ND_OPT_SOURCE_LL_ADDR)
			continue;
		if (optlen < 2 + ETH_ALEN)
			return GSEC_L2_IP6_ND;
		memcpy(req->sender_mac, icmp + off + 2, ETH_ALEN);
		req->has_sender_mac = true;
	}
	return GSEC_L2_IP6_NS;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_l2_ip6_parse);

/**
 * gsec_l2_verdict() - answer a request or not
 * @req: a parsed ARP request or neighbour solicitation
 * @target_local: the target is an address of the host
 * @target_routed: the target is inside a route's remote prefix
 *
 * Return: GSEC_L2_ANSWER, or why not, in the order checked.
 */
enum gsec_l2_verdict gsec_l2_verdict(const struct gsec_l2_req *req,
				     bool target_local, bool target_routed)
{
	const struct in6_addr *s = &req->sender, *t = &req->target;

	if (req->af == GSEC_AF_IPV4) {
		__be32 s4 = s->s6_addr32[0], t4 = t->s6_addr32[0];

		if (!s4)
			return GSEC_L2_DAD;
		if (s4 == t4)
			return GSEC_L2_GRATUITOUS;
		if (ipv4_is_zeronet(t4) || ipv4_is_loopback(t4) ||
		    ipv4_is_multicast(t4) || ipv4_is_lbcast(t4))
			return GSEC_L2_INVALID;
	} else {
		if (ipv6_addr_any(s))
			return GSEC_L2_DAD;
		if (ipv6_addr_equal(s, t))
			return GSEC_L2_GRATUITOUS;
		if (ipv6_addr_any(t) || ipv6_addr_loopback(t) ||
		    ipv6_addr_is_multicast(t))
			return GSEC_L2_INVALID;
	}
	if (req->has_sender_mac && !is_valid_ether_addr(req->sender_mac))
		return GSEC_L2_INVALID;
	if (target_local)
		return GSEC_L2_LOCAL;
	if (!target_routed)
		return GSEC_L2_NOT_ROUTED;
	return GSEC_L2_ANSWER;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_l2_verdict);

/* ---- the data path ---------------------------------------------------- */

/* Whether the target is one of the host's own addresses, in the device's
 * current namespace (tentative IPv6 addresses included).
 */
static bool l2_target_local(struct net_device *dev,
			    const struct gsec_l2_req *req)
{
	struct net *net = dev_net(dev);

	if (req->af == GSEC_AF_IPV4)
		return inet_addr_type_dev_table(net, dev,
						req->target.s6_addr32[0]) ==
		       RTN_LOCAL;
	return IS_ENABLED(CONFIG_IPV6) &&
	       ipv6_chk_addr_and_flags(net, &req->target, NULL, false, 0, 0);
}

static enum gsec_l2_verdict l2_verdict(struct gsec_dev *gsec,
				       const struct gsec_l2_req *req)
{
	bool routed;

	rcu_read_lock();
	routed = gsec_routes_has_remote(&gsec->routes, req->af,
					req->target.s6_addr);
	rcu_read_unlock();
	return gsec_l2_verdict(req, l2_target_local(gsec->dev, req), routed);
}

/* A reply enters the device as if it came from the peer. */
static void l2_deliver(struct net_device *dev, struct sk_buff *reply)
{
	reply->protocol = eth_type_trans(reply, dev);
	reply->ip_summed = CHECKSUM_UNNECESSARY;
	if (netif_rx(reply) == NET_RX_DROP)
		dev_dstats_rx_dropped(dev);
}

static void l2_peer_mac(struct gsec_dev *gsec, u8 *mac)
{
	u64_to_ether_addr(READ_ONCE(gsec->cfg.peer_mac), mac);
}

/* Return: true when @skb (data at the Ethernet header) was answered. */
static bool l2_arp(struct gsec_dev *gsec, struct sk_buff *skb)
{
	u8 peer[ETH_ALEN] __aligned(2);
	struct gsec_l2_req req;
	struct sk_buff *reply;

	if (!pskb_may_pull(skb, ETH_HLEN + L2_ARP_LEN) ||
	    gsec_l2_arp_parse(skb->data + ETH_HLEN, skb_headlen(skb) - ETH_HLEN,
			      &req) ||
	    l2_verdict(gsec, &req) != GSEC_L2_ANSWER)
		return false;
	l2_peer_mac(gsec, peer);
	reply = arp_create(ARPOP_REPLY, ETH_P_ARP, req.sender.s6_addr32[0],
			   gsec->dev, req.target.s6_addr32[0], req.sender_mac,
			   peer, req.sender_mac);
	if (!reply)
		return false;
	l2_deliver(gsec->dev, reply);
	return true;
}

/* A solicited neighbour advertisement from @req's target, by the peer. */
static struct sk_buff *l2_na_create(struct gsec_dev *gsec,
				    const struct gsec_l2_req *req,
				    const u8 *eth_dst)
{
	struct net_device *dev = gsec->dev;
	unsigned int hlen = LL_RESERVED_SPACE(dev);
	u8 peer[ETH_ALEN] __aligned(2);
	struct ipv6hdr *ip6;
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct nd_msg *na;

	skb = alloc_skb(hlen + sizeof(*ip6) + L2_NA_LEN + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	l2_peer_mac(gsec, peer);
	skb_reserve(skb, hlen);
	skb_reset_network_header(skb);
	ip6 = skb_put_zero(skb, sizeof(*ip6));
	ip6->version = 6;
	ip6->payload_len = htons(L2_NA_LEN);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = req->target;
	ip6->daddr = req->sender;

	skb_set_transport_header(skb, sizeof(*ip6));
	na = skb_put_zero(skb, L2_NA_LEN);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_solicited = 1;
	na->icmph.icmp6_override = 1;
	na->target = req->target;
	na->opt[0] = ND_OPT_TARGET_LL_ADDR;
	na->opt[1] = 1;			/* 8 bytes */
	memcpy(&na->opt[2], peer, ETH_ALEN);
	na->icmph.icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr,
						L2_NA_LEN, IPPROTO_ICMPV6,
						csum_partial(na, L2_NA_LEN, 0));

	eth = skb_push(skb, ETH_HLEN);
	memcpy(eth->h_dest, eth_dst, ETH_ALEN);
	memcpy(eth->h_source, peer, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IPV6);
	skb->dev = dev;
	return skb;
}

/* Neighbour discovery in an IPv6 packet at skb->data, the Ethernet header
 * still at the mac header. Return: 1 answered, 0 not ND, -1 to drop.
 */
static int l2_ndisc(struct gsec_dev *gsec, struct sk_buff *skb)
{
	const u8 *eth_dst;
	struct gsec_l2_req req;
	struct sk_buff *reply;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(struct ipv6hdr) + 1) ||
	    ipv6_hdr(skb)->nexthdr != IPPROTO_ICMPV6 ||
	    !gsec_l2_nd_type(skb->data[sizeof(struct ipv6hdr)]))
		return 0;
	len = min_t(unsigned int, skb->len, sizeof(struct ipv6hdr) +
		    ntohs(ipv6_hdr(skb)->payload_len));
	if (!pskb_may_pull(skb, len) ||
	    gsec_l2_ip6_parse(skb->data, len, &req) != GSEC_L2_IP6_NS ||
	    l2_verdict(gsec, &req) != GSEC_L2_ANSWER)
		return -1;
	/* To the source link-layer address, else to the frame's source. */
	eth_dst = req.has_sender_mac ? req.sender_mac : eth_hdr(skb)->h_source;
	reply = l2_na_create(gsec, &req, eth_dst);
	if (!reply)
		return -1;
	l2_deliver(gsec->dev, reply);
	return 1;
}

/**
 * gsec_l2_xmit() - the L2 step of transmit (protocol spec section 5.1)
 * @gsec: the device, in L2 mode
 * @skb: an Ethernet frame
 * @eh: set to its Ethernet header, which an ICMP error about a frame that
 *	has no route (bridged) is addressed from
 *
 * Answers ARP and neighbour solicitations, drops what is not IP
 * (tx_non_ip), and strips the Ethernet header from the rest.
 *
 * Context: ndo_start_xmit.
 * Return: true when @skb is now an IP packet for the L3 path, with
 * skb->protocol, the network and the mac headers at skb->data; false
 * when it was consumed.
 */
bool gsec_l2_xmit(struct gsec_dev *gsec, struct sk_buff *skb,
		  struct ethhdr *eh)
{
	struct net_device *dev = gsec->dev;
	__be16 proto;

	if (!pskb_may_pull(skb, ETH_HLEN))
		goto drop;
	skb_reset_mac_header(skb);
	proto = eth_hdr(skb)->h_proto;
	if (proto == htons(ETH_P_ARP)) {
		if (!l2_arp(gsec, skb))
			goto drop;
		consume_skb(skb);
		return false;
	}
	if (proto != htons(ETH_P_IP) && proto != htons(ETH_P_IPV6))
		goto drop;

	*eh = *eth_hdr(skb);
	__skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	skb->protocol = proto;
	if (proto == htons(ETH_P_IPV6)) {
		switch (l2_ndisc(gsec, skb)) {
		case 1:
			consume_skb(skb);
			return false;
		case -1:
			goto drop;
		}
	}
	/* From here on the packet looks as it does on an L3 device. */
	skb_reset_mac_header(skb);
	return true;

drop:
	gsec_stats_add(gsec->stats, GSEC_DS_TX_NON_IP, 1);
	dev_dstats_tx_dropped(dev);
	kfree_skb_reason(skb, SKB_DROP_REASON_UNHANDLED_PROTO);
	return false;
}

/**
 * gsec_l2_rx_push() - the Ethernet header of a received packet
 * @gsec: the device, in L2 mode
 * @skb: an inner IP packet at skb->data, skb->protocol set
 *
 * From the peer MAC to the device's own address (spec section 9); sets
 * the packet type and protocol with eth_type_trans().
 *
 * Return: 0, or -ENOMEM when no headroom could be made.
 */
int gsec_l2_rx_push(struct gsec_dev *gsec, struct sk_buff *skb)
{
	struct net_device *dev = gsec->dev;
	struct ethhdr *eth;

	if (skb_cow_head(skb, ETH_HLEN))
		return -ENOMEM;
	eth = skb_push(skb, ETH_HLEN);
	memcpy(eth->h_dest, dev->dev_addr, ETH_ALEN);
	l2_peer_mac(gsec, eth->h_source);
	eth->h_proto = skb->protocol;
	skb->protocol = eth_type_trans(skb, dev);
	return 0;
}
