// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit (protocol spec section 5): cryptokey route -> network ->
 * transmit SA -> header -> AES-GCM -> UDP tunnel socket.
 *
 * Everything that can refuse a packet runs before the encryption, under
 * RCU: the outer route (so an inner packet too big for the path is still
 * in clear to be answered with ICMP), the SA and its counter. The frame
 * then carries its outer route as skb dst and what else the send needs in
 * skb->cb, with references on the network and the device, because the
 * AEAD may finish later on another context; the AEAD step holds the
 * frame's reference on the SA.
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/siphash.h>
#include <net/dsfield.h>
#include <net/icmp.h>
#include <net/inet_dscp.h>
#include <net/inet_ecn.h>
#include <net/inet_sock.h>
#include <net/ip_tunnels.h>
#include <net/udp_tunnel.h>

#include <uapi/linux/genevesec.h>

#include "crypto.h"
#include "events.h"
#include "l2.h"
#include "network.h"
#include "packet.h"
#include "proto.h"

/* What the send after the AEAD needs; lives in skb->cb. */
struct gsec_tx_cb {
	struct gsec_network *net;	/* holds a reference */
	union gsec_addr saddr;
	union gsec_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 af;
	u8 tos;
	u8 ttl;
	/* (Bits: skb->cb has no byte to spare.) */
	bool df:1;
	bool keepalive:1;
};

static struct gsec_tx_cb *tx_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct gsec_tx_cb) > sizeof(skb->cb));
	return (struct gsec_tx_cb *)skb->cb;
}

/* The inner packet's family, from the version in its header. */
static bool tx_inner_af(struct sk_buff *skb, u8 *af)
{
	if (skb->protocol == htons(ETH_P_IP) &&
	    pskb_network_may_pull(skb, sizeof(struct iphdr)) &&
	    ip_hdr(skb)->version == 4) {
		*af = GSEC_AF_IPV4;
		return true;
	}
	if (skb->protocol == htons(ETH_P_IPV6) &&
	    pskb_network_may_pull(skb, sizeof(struct ipv6hdr)) &&
	    ipv6_hdr(skb)->version == 6) {
		*af = GSEC_AF_IPV6;
		return true;
	}
	return false;
}

static void tx_addrs(struct sk_buff *skb, u8 af, const u8 **src,
		     const u8 **dst)
{
	if (af == GSEC_AF_IPV4) {
		*src = (const u8 *)&ip_hdr(skb)->saddr;
		*dst = (const u8 *)&ip_hdr(skb)->daddr;
	} else {
		*src = ipv6_hdr(skb)->saddr.s6_addr;
		*dst = ipv6_hdr(skb)->daddr.s6_addr;
	}
}

static void tx_unreachable(struct sk_buff *skb, u8 af)
{
	if (af == GSEC_AF_IPV4)
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
}

/* No ICMP error about a packet to a group (RFC 1122 3.2.2). */
static bool tx_dst_group(struct sk_buff *skb, u8 af)
{
	if (af == GSEC_AF_IPV4)
		return ipv4_is_multicast(ip_hdr(skb)->daddr) ||
		       ipv4_is_lbcast(ip_hdr(skb)->daddr);
	return ipv6_addr_is_multicast(&ipv6_hdr(skb)->daddr);
}

static void tx_too_big(struct sk_buff *skb, u8 af, u32 mtu)
{
	if (af == GSEC_AF_IPV4)
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	else
		icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, max_t(u32, mtu, IPV6_MIN_MTU));
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
}

/*
 * A frame bridged into an L2 device has no route icmp_ndo_send() could
 * answer by, so nothing would tell a container behind the bridge that its
 * packet was too big. As vxlan and geneve do, the error is built in the
 * frame's place (skb_tunnel_check_pmtu(): from its destination to its
 * source, at both layers) and handed back to the bridge. @eh is the
 * frame's Ethernet header (the frame may be a segment, which has none);
 * @overhead is what the encapsulation adds. Consumes @skb.
 */
static void tx_too_big_bridged(struct sk_buff *skb, u8 af,
			       const struct ethhdr *eh, struct dst_entry *dst,
			       u32 overhead)
{
	if (skb_cow_head(skb, ETH_HLEN))
		goto drop;
	/* For the check that no ICMP error is answered with another. */
	if (af == GSEC_AF_IPV4)
		skb_set_transport_header(skb, skb_network_offset(skb) +
					 ip_hdrlen(skb));
	memcpy(skb_push(skb, ETH_HLEN), eh, ETH_HLEN);
	skb_reset_mac_header(skb);
	if (skb_tunnel_check_pmtu(skb, dst, overhead, true) <= 0)
		goto drop;
	skb->protocol = eth_type_trans(skb, skb->dev);
	__netif_rx(skb);
	return;
drop:
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
}

/* The IP packet exactly: link padding is not sent (spec section 2). */
static int tx_trim(struct sk_buff *skb, u8 af)
{
	unsigned int len;

	if (af == GSEC_AF_IPV4)
		len = ntohs(ip_hdr(skb)->tot_len);
	else
		len = sizeof(struct ipv6hdr) + ntohs(ipv6_hdr(skb)->payload_len);
	if (len > skb->len || len < (af == GSEC_AF_IPV4 ? sizeof(struct iphdr) :
						      sizeof(struct ipv6hdr)))
		return -EINVAL;
	return pskb_trim(skb, len);
}

/* Protocols whose first four bytes are the source and destination ports. */
static bool tx_proto_has_ports(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP ||
	       proto == IPPROTO_DCCP;
}

/*
 * The keyed hash of an inner flow: its addresses, protocol and ports read
 * straight from the headers, a fraction of what the flow dissector costs
 * per packet. What this does not parse (IPv6 extension headers) goes to
 * the dissector; a flow always takes the same way, so its hash is stable.
 * Fragments hash without ports, as the dissector's do.
 */
static u32 tx_flow_hash(struct gsec_dev *gsec, struct sk_buff *skb, u8 af)
{
	struct {
		struct in6_addr saddr;
		struct in6_addr daddr;
		__be32 ports;
		u32 proto;
	} k = {};
	unsigned int thoff;
	__be32 *ports;

	if (af == GSEC_AF_IPV4) {
		const struct iphdr *iph = ip_hdr(skb);

		if (!ip_is_fragment(iph) && tx_proto_has_ports(iph->protocol)) {
			thoff = skb_network_offset(skb) + iph->ihl * 4;
			ports = skb_header_pointer(skb, thoff, sizeof(k.ports),
						   &k.ports);
			if (ports)
				k.ports = *ports;
		}
		return siphash_4u32((__force u32)iph->saddr,
				    (__force u32)iph->daddr,
				    (__force u32)k.ports, iph->protocol,
				    &gsec->flow_key);
	}
	if (!tx_proto_has_ports(ipv6_hdr(skb)->nexthdr))
		return skb_get_hash_perturb(skb, &gsec->flow_key);
	k.saddr = ipv6_hdr(skb)->saddr;
	k.daddr = ipv6_hdr(skb)->daddr;
	k.proto = ipv6_hdr(skb)->nexthdr;
	thoff = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	ports = skb_header_pointer(skb, thoff, sizeof(k.ports), &k.ports);
	if (ports)
		k.ports = *ports;
	return siphash(&k, sizeof(k), &gsec->flow_key);
}

/* A source port per inner flow, stable for the flow's life. */
static __be16 tx_sport(struct gsec_dev *gsec, struct sk_buff *skb, u8 af)
{
	u32 hash;

	if (!READ_ONCE(gsec->cfg.srcport_hash))
		return READ_ONCE(gsec->cfg.port);
	hash = tx_flow_hash(gsec, skb, af);
	return htons(49152 + reciprocal_scale(hash, 65536 - 49152));
}

/*
 * The peer's cached route serves only frames whose lookup cannot differ
 * from the one that filled it: the key is the peer and the fixed local
 * address (a change of which resets the cache), unless the frame carries
 * a mark (policy routing) or the outer TOS follows the inner packet, as
 * ip_tunnel_dst_cache_usable() and geneve decide.
 */
static struct dst_cache *tx_dst_cache(struct gsec_dev *gsec,
				      const struct sk_buff *skb,
				      struct gsec_peer *peer)
{
	if (skb->mark || READ_ONCE(gsec->cfg.tos) == GENEVESEC_TOS_INHERIT)
		return NULL;
	return &peer->dst_cache;
}

/* The outer route to the peer; fills the addresses in @cb. */
static struct dst_entry *tx_route(struct gsec_dev *gsec, struct sk_buff *skb,
				  struct gsec_peer *peer, struct gsec_tx_cb *cb)
{
	struct dst_cache *cache = tx_dst_cache(gsec, skb, peer);
	struct ip_tunnel_key key = {};
	struct socket *sock;
	struct rtable *rt;

	/* The local address is the one the socket is bound to (any: the
	 * route picks one), read through the socket pointer: a change
	 * publishes both at once (gsec_socket_set()).
	 */
	if (peer->af == GSEC_AF_IPV4) {
		sock = rcu_dereference(gsec->sock4);
		if (!sock)
			return ERR_PTR(-EAFNOSUPPORT);
		key.u.ipv4.dst = peer->addr.v4;
		key.u.ipv4.src = inet_sk(sock->sk)->inet_rcv_saddr;
		rt = udp_tunnel_dst_lookup(skb, gsec->dev, gsec->net, 0,
					   &cb->saddr.v4, &key, cb->sport,
					   cb->dport, cb->tos, cache);
		if (IS_ERR(rt))
			return ERR_CAST(rt);
		cb->daddr.v4 = peer->addr.v4;
		return &rt->dst;
	}
	sock = rcu_dereference(gsec->sock6);
	if (!sock)
		return ERR_PTR(-EAFNOSUPPORT);
	key.u.ipv6.dst = peer->addr.v6;
	key.u.ipv6.src = sock->sk->sk_v6_rcv_saddr;
	cb->daddr.v6 = peer->addr.v6;
	return udp_tunnel6_dst_lookup(skb, gsec->dev, gsec->net, sock->sk, 0,
				      &cb->saddr.v6, &key, cb->sport, cb->dport,
				      cb->tos, cache);
}

/* A frame dropped for a reason of the device's, not of a network's. */
static void tx_drop_dev(struct net_device *dev, struct sk_buff *skb,
			enum gsec_dev_stat why, enum skb_drop_reason reason)
{
	gsec_stats_add(gsec_dev(dev)->stats, why, 1);
	dev_dstats_tx_dropped(dev);
	kfree_skb_reason(skb, reason);
}

/*
 * Release what an in-flight frame held, and drop it if it is still here:
 * every frame of it, when it is a batch (struct gsec_tx_batch).
 */
static void tx_end(struct sk_buff *skb, struct gsec_network *n,
		   enum gsec_net_stat why)
{
	struct net_device *dev = n->gsec->dev;
	unsigned int frames, i;

	if (skb) {
		frames = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
		gsec_stats_add(n->stats, why, frames);
		for (i = 0; i < frames; i++)
			dev_dstats_tx_dropped(dev);
		kfree_skb(skb);
	}
	gsec_network_put(n);
	dev_put(dev);
}

/* The device's counters for @packets frames of @bytes inner bytes in all. */
static void tx_dstats_add(struct net_device *dev, unsigned int packets,
			  unsigned int bytes)
{
	struct pcpu_dstats *dstats = this_cpu_ptr(dev->dstats);

	u64_stats_update_begin(&dstats->syncp);
	u64_stats_add(&dstats->tx_packets, packets);
	u64_stats_add(&dstats->tx_bytes, bytes);
	u64_stats_update_end(&dstats->syncp);
}

/*
 * Hand a sealed frame, or a batch of them (see struct gsec_tx_batch) to
 * the UDP tunnel: @packets frames carrying @len inner bytes in all.
 */
static void tx_send(struct sk_buff *skb, unsigned int packets, unsigned int len)
{
	struct gsec_tx_cb *cb = tx_cb(skb);
	struct gsec_network *n = cb->net;
	struct gsec_dev *gsec = n->gsec;
	bool xnet = !net_eq(gsec->net, dev_net(gsec->dev));
	struct dst_entry *dst = skb_dst(skb);
	struct socket *sock;

	rcu_read_lock();
	if (cb->af == GSEC_AF_IPV4)
		sock = rcu_dereference(gsec->sock4);
	else
		sock = rcu_dereference(gsec->sock6);
	if (unlikely(!sock)) {
		/* The device is going away or changing its port. */
		rcu_read_unlock();
		tx_end(skb, n, GSEC_NS_TX_ERRORS);
		return;
	}
	/* A keep-alive counts as a packet without bytes (spec section 5). */
	gsec_stats_add2(n->stats, GSEC_NS_TX_PACKETS, packets,
			GSEC_NS_TX_BYTES, len);
	tx_dstats_add(gsec->dev, packets, len);
	gsec_network_stamp(cb->keepalive ? &n->last_keepalive : &n->last_tx);

	/* The tunnel takes over the route reference it is given; the
	 * device's stats are already counted above.
	 */
	dst_hold(dst);
	skb_dst_drop(skb);
	skb->dev = NULL;
	/* (The IPv4 tunnel scrubs by itself; the IPv6 one does not.) */
	if (cb->af == GSEC_AF_IPV6)
		skb_scrub_packet(skb, xnet);
	if (cb->af == GSEC_AF_IPV4)
		udp_tunnel_xmit_skb(dst_rtable(dst), sock->sk, skb, cb->saddr.v4,
				    cb->daddr.v4, cb->tos, cb->ttl,
				    cb->df ? htons(IP_DF) : 0, cb->sport,
				    cb->dport, xnet,
				    !READ_ONCE(gsec->cfg.udp_csum), 0);
	else
		udp_tunnel6_xmit_skb(dst, sock->sk, skb, NULL, &cb->saddr.v6,
				     &cb->daddr.v6, cb->tos, cb->ttl, 0,
				     cb->sport, cb->dport, false, 0);
	rcu_read_unlock();
	tx_end(NULL, n, 0);
}

static void tx_done(struct sk_buff *skb, int err)
{
	/* Asynchronous completion: maybe from a worker thread. */
	local_bh_disable();
	if (err) {
		tx_end(skb, tx_cb(skb)->net, GSEC_NS_TX_ERRORS);
	} else {
		gsec_packet_reset(skb);
		tx_send(skb, 1, skb->len - GSEC_HDR_LEN - GSEC_TAG_LEN);
	}
	local_bh_enable();
}

/*
 * The frames of one GSO packet, sealed at once, leave as one UDP GSO
 * packet (SKB_GSO_UDP_L4 | SKB_GSO_FRAGLIST, the frames chained on the
 * first's frag_list): the underlay's output path, the link and, on a
 * Linux receiver, the input path up to the UDP socket run once per batch
 * instead of once per frame. Nothing changes on the wire: a device that
 * cannot carry the batch whole has it split by software GSO, and a UDP
 * socket splits it again before its encap_rcv (udp_rcv_segment()). Both
 * splits keep each member's own IP and UDP headers (skb_segment_list()),
 * so the members get theirs here, from the settings the first frame's
 * are built from; only the IP length, ID and checksum are rewritten.
 *
 * Only an IPv4 underlay without UDP checksums takes part: a checksum
 * would have to be computed per member, and the IPv6 tunnel path adds
 * nothing a batch could save that IPv4 does not show first. Nor do frames
 * whose outer header is ECN-capable (tos inherit, ECT inner packets): an
 * AQM that marks a batch CE marks its first frame's header only, and the
 * splits would drop the mark from the others; alone, each frame is marked
 * or not by itself, as the inner flow's congestion control expects.
 */
struct gsec_tx_batch {
	struct sk_buff *head;
	struct sk_buff **tail;		/* where the next member goes */
	unsigned int seg_len;		/* the head's frame: no member is longer */
	unsigned int packets;
	unsigned int bytes;		/* inner bytes, for the counters */
	/* The packet given to xmit was too big and its sender told so:
	 * its other segments go without another ICMP error.
	 */
	bool told_too_big;
};

/* At most this many frames, and an IP length, per batch. */
#define GSEC_TX_BATCH_MAX	64
#define GSEC_TX_BATCH_LEN	(IP_MAX_MTU - sizeof(struct iphdr) - \
				 sizeof(struct udphdr))

static void tx_batch_flush(struct gsec_tx_batch *b)
{
	struct sk_buff *head = b->head;

	if (!head)
		return;
	if (b->packets > 1) {
		skb_shinfo(head)->gso_size = b->seg_len;
		skb_shinfo(head)->gso_segs = b->packets;
		skb_shinfo(head)->gso_type = SKB_GSO_UDP_L4 | SKB_GSO_FRAGLIST;
		/* No checksum to fill in (the UDP one is zero): without
		 * this, the device would get the batch split in software.
		 */
		head->ip_summed = CHECKSUM_UNNECESSARY;
		/* Segmented by its outer headers, whatever the inner was. */
		head->encapsulation = 0;
	}
	b->head = NULL;
	tx_send(head, b->packets, b->bytes);
}

/* A member's outer IPv4 and UDP headers, in front of its frame. */
static void tx_batch_member_hdrs(struct sk_buff *skb, struct gsec_tx_cb *cb)
{
	unsigned int len = skb->len + sizeof(struct udphdr);
	struct udphdr *uh;
	struct iphdr *iph;

	uh = skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = cb->sport;
	uh->dest = cb->dport;
	uh->len = htons(len);
	uh->check = 0;
	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = cb->tos;
	iph->tot_len = htons(len + sizeof(*iph));
	iph->id = 0;
	iph->frag_off = cb->df ? htons(IP_DF) : 0;
	iph->ttl = cb->ttl;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = cb->saddr.v4;
	iph->daddr = cb->daddr.v4;
	ip_send_check(iph);
	__skb_pull(skb, sizeof(*iph) + sizeof(*uh));
}

/* Can @skb join the batch whose first frame is @head? */
static bool tx_batch_fits(const struct gsec_tx_batch *b,
			  const struct sk_buff *skb)
{
	const struct sk_buff *head = b->head;

	/* The same flow, route and outer header settings (the cb is
	 * zeroed before it is filled: no stray padding to compare).
	 */
	return b->packets < GSEC_TX_BATCH_MAX &&
	       skb->len <= b->seg_len &&
	       head->len + skb->len <= GSEC_TX_BATCH_LEN &&
	       skb_dst(skb) == skb_dst(head) &&
	       skb->sk == head->sk && skb->destructor == head->destructor &&
	       !memcmp(skb->cb, head->cb, sizeof(struct gsec_tx_cb));
}

/* A sealed frame: to the batch, or sent alone. Consumes @skb. */
static void tx_batch_add(struct gsec_tx_batch *b, struct sk_buff *skb)
{
	struct gsec_tx_cb *cb = tx_cb(skb);
	unsigned int len = skb->len - GSEC_HDR_LEN - GSEC_TAG_LEN;
	struct gsec_network *n = cb->net;

	if (!b || cb->af != GSEC_AF_IPV4 || skb_has_frag_list(skb) ||
	    INET_ECN_is_capable(cb->tos) || READ_ONCE(n->gsec->cfg.udp_csum)) {
		if (b)
			tx_batch_flush(b);
		tx_send(skb, 1, len);
		return;
	}
	if (b->head && !tx_batch_fits(b, skb))
		tx_batch_flush(b);
	if (!b->head) {
		b->head = skb;
		b->tail = &skb_shinfo(skb)->frag_list;
		b->seg_len = skb->len;
		b->packets = 1;
		b->bytes = len;
		return;
	}
	b->packets++;
	b->bytes += len;
	/* The head carries the batch's route and references, and the
	 * members' memory: their truesize and their charge on the sending
	 * socket move to it, as GRO's frag_list packets take theirs
	 * (skb_gro_receive_list()). The socket is released when the batch
	 * is, so TCP small queues and a sender's SO_SNDBUF see everything
	 * still queued below, and a qdisc's memory limits see the batch's
	 * size. A member keeps no device pointer: the head has the one the
	 * output path sets, and segmentation copies it to the members.
	 */
	tx_batch_member_hdrs(skb, cb);
	skb_dst_drop(skb);
	b->head->truesize += skb->truesize;
	skb->destructor = NULL;
	skb->sk = NULL;
	skb->dev = NULL;
	gsec_network_put(n);
	dev_put(n->gsec->dev);
	*b->tail = skb;
	b->tail = &skb->next;
	b->head->len += skb->len;
	b->head->data_len += skb->len;
}

/* The settings of the outer header that do not depend on the route. */
static void tx_cb_init(struct gsec_dev *gsec, struct gsec_peer *peer,
		       struct gsec_tx_cb *cb)
{
	memset(cb, 0, sizeof(*cb));
	cb->af = peer->af;
	cb->dport = peer->port;
	cb->df = READ_ONCE(gsec->cfg.df);
	cb->ttl = READ_ONCE(gsec->cfg.ttl);
}

/*
 * Counter, header, AEAD, send: the tail that data frames and keep-alives
 * share. @skb holds the plaintext (maybe none) with headroom for the
 * header; @dst is the outer route, consumed. A frame sealed at once goes
 * to @b when there is one. Consumes @skb.
 */
static void tx_seal(struct gsec_network *n, struct gsec_sa *sa,
		    struct sk_buff *skb, struct dst_entry *dst, u16 proto,
		    struct gsec_tx_batch *b)
{
	struct net_device *dev = n->gsec->dev;
	u64 counter;
	int err;

	if (!gsec_sa_tx_counter_next(sa, &counter)) {
		dst_release(dst);
		goto drop;
	}
	if (unlikely(counter == sa->soft_limit))
		gsec_events_soft_limit(n, sa);

	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + dst->header_len +
			 sizeof(struct ipv6hdr) + sizeof(struct udphdr) +
			 GSEC_HDR_LEN))
		goto drop;
	gsec_proto_hdr_build(skb_push(skb, GSEC_HDR_LEN), proto, n->vni,
			     sa->spi, counter);

	/* The SA may be on its way out (replaced or deleted): the frame's
	 * reference, which the AEAD step takes over, must not resurrect it.
	 */
	if (!refcount_inc_not_zero(&sa->refs))
		goto drop;
	if (!gsec_network_get(n)) {
		gsec_sa_put(sa);
		goto drop;
	}
	tx_cb(skb)->net = n;
	dev_hold(dev);
	err = gsec_crypto_encrypt(sa, skb, tx_done);
	if (err == -EINPROGRESS) {
		/* The frames sealed before it leave first: its completion
		 * cannot run on this CPU before bottom halves are enabled.
		 */
		if (b)
			tx_batch_flush(b);
		return;
	}
	if (err == -ENOSPC) {
		/* The asynchronous AEAD driver's queue is full (crypto.c). */
		tx_drop_dev(dev, skb, GSEC_DS_CRYPTO_QUEUE_FULL,
			    SKB_DROP_REASON_NOT_SPECIFIED);
		tx_end(NULL, n, 0);
		return;
	}
	if (err) {
		tx_end(skb, n, GSEC_NS_TX_ERRORS);
		return;
	}
	gsec_packet_reset(skb);
	tx_batch_add(b, skb);
	return;

drop:
	gsec_stats_add(n->stats, GSEC_NS_TX_ERRORS, 1);
	dev_dstats_tx_dropped(dev);
	kfree_skb(skb);
}

/*
 * One packet, no longer GSO, to one network, from @sport; @bridged is the
 * Ethernet header of a frame bridged into an L2 device, else NULL.
 * Consumes @skb.
 */
static void tx_one(struct gsec_dev *gsec, struct gsec_network *n,
		   struct sk_buff *skb, u8 af, __be16 sport,
		   const struct ethhdr *bridged, struct gsec_tx_batch *b)
{
	enum gsec_net_stat why = GSEC_NS_TX_ERRORS;
	struct net_device *dev = gsec->dev;
	struct gsec_tx_cb *cb = tx_cb(skb);
	struct dst_entry *dst;
	struct gsec_peer *peer;
	struct gsec_sa *sa;
	u32 mtu, overhead;
	u8 inner_ds;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto drop;
	if (tx_trim(skb, af))
		goto drop;

	peer = rcu_dereference(n->peer);
	sa = rcu_dereference(n->sas.tx);
	if (!peer || !sa)
		goto drop;
	if (gsec_sa_expired(sa, gsec_now_coarse())) {
		why = GSEC_NS_TX_EXPIRED_KEY;
		goto drop;
	}

	tx_cb_init(gsec, peer, cb);
	cb->sport = sport;
	inner_ds = af == GSEC_AF_IPV4 ? ip_hdr(skb)->tos :
					ipv6_get_dsfield(ipv6_hdr(skb));
	cb->tos = gsec_proto_outer_tos(READ_ONCE(gsec->cfg.tos), inner_ds);
	if (READ_ONCE(gsec->cfg.ttl_inherit))
		cb->ttl = af == GSEC_AF_IPV4 ? ip_hdr(skb)->ttl :
					       ipv6_hdr(skb)->hop_limit;

	dst = tx_route(gsec, skb, peer, cb);
	if (IS_ERR(dst))
		goto drop;
	/* Never outer fragments: too big for the path is the sender's
	 * problem, told by ICMP (spec section 8).
	 */
	mtu = dst_mtu(dst);
	overhead = peer->af == GSEC_AF_IPV4 ? GSEC_OVERHEAD_V4 : GSEC_OVERHEAD_V6;
	mtu = mtu > overhead ? mtu - overhead : 0;
	if (skb->len > mtu) {
		gsec_stats_add(gsec->stats, GSEC_DS_TX_TOO_BIG, 1);
		dev_dstats_tx_dropped(dev);
		if (b->told_too_big)
			kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		else if (bridged)
			tx_too_big_bridged(skb, af, bridged, dst, overhead);
		else
			tx_too_big(skb, af, mtu);
		b->told_too_big = true;
		dst_release(dst);
		return;
	}
	tx_seal(n, sa, skb, dst,
		af == GSEC_AF_IPV4 ? GSEC_PROTO_IPV4 : GSEC_PROTO_IPV6, b);
	return;

drop:
	gsec_stats_add(n->stats, why, 1);
	dev_dstats_tx_dropped(dev);
	kfree_skb(skb);
}

/* One keep-alive of @n, if it has a live transmit SA (spec section 7). */
static void tx_keepalive(struct gsec_dev *gsec, struct gsec_network *n)
{
	struct gsec_tx_cb *cb;
	struct dst_entry *dst;
	struct gsec_peer *peer;
	struct sk_buff *skb;
	struct gsec_sa *sa;

	peer = rcu_dereference(n->peer);
	sa = rcu_dereference(n->sas.tx);
	if (!peer || !sa || gsec_sa_expired(sa, gsec_now_coarse()))
		return;
	skb = alloc_skb(LL_MAX_HEADER + GSEC_OVERHEAD_V6, GFP_ATOMIC);
	if (!skb) {
		gsec_stats_add(n->stats, GSEC_NS_TX_ERRORS, 1);
		return;
	}
	skb_reserve(skb, LL_MAX_HEADER + GSEC_OVERHEAD_V6 - GSEC_TAG_LEN);
	skb->dev = gsec->dev;
	cb = tx_cb(skb);
	tx_cb_init(gsec, peer, cb);
	cb->keepalive = true;
	/* From the fixed port, so that it opens the flow NATs will map. */
	cb->sport = READ_ONCE(gsec->cfg.port);
	cb->tos = gsec_proto_outer_tos(READ_ONCE(gsec->cfg.tos), 0);
	if (READ_ONCE(gsec->cfg.ttl_inherit))
		cb->ttl = GSEC_DEFAULT_TTL;
	dst = tx_route(gsec, skb, peer, cb);
	if (IS_ERR(dst)) {
		gsec_stats_add(n->stats, GSEC_NS_TX_ERRORS, 1);
		kfree_skb(skb);
		return;
	}
	tx_seal(n, sa, skb, dst, GSEC_PROTO_KEEPALIVE, NULL);
}

/**
 * gsec_tx_keepalives() - send one keep-alive on each network that can
 * @gsec: the device
 *
 * Context: process; takes the RCU read lock and disables bottom halves
 * around each send, as the transmit path expects.
 */
void gsec_tx_keepalives(struct gsec_dev *gsec)
{
	struct gsec_network *n;
	unsigned int bkt;

	rcu_read_lock();
	hash_for_each_rcu(gsec->networks, bkt, n, node) {
		local_bh_disable();
		tx_keepalive(gsec, n);
		local_bh_enable();
	}
	rcu_read_unlock();
}

/**
 * gsec_tx_xmit() - ndo_start_xmit
 * @skb: an inner IPv4 or IPv6 packet (L2 mode: an Ethernet frame), maybe GSO
 * @dev: the genevesec device
 *
 * Return: NETDEV_TX_OK; the packet is always consumed.
 */
netdev_tx_t gsec_tx_xmit(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *bridged = NULL;
	struct gsec_tx_batch batch = {};
	struct gsec_dev *gsec = gsec_dev(dev);
	struct gsec_route_owner *owner;
	struct gsec_network *n;
	struct sk_buff *segs, *next;
	const u8 *src, *dst;
	struct ethhdr eh;
	__be16 sport;
	u8 af;

	/* The mode is fixed when the device is created. */
	if (gsec->cfg.mode == GENEVESEC_MODE_L2) {
		if (!gsec_l2_xmit(gsec, skb, &eh))
			return NETDEV_TX_OK;
		if (!skb_dst(skb))
			bridged = &eh;
	}
	skb_reset_network_header(skb);
	if (!tx_inner_af(skb, &af)) {
		tx_drop_dev(dev, skb, GSEC_DS_TX_NON_IP,
			    SKB_DROP_REASON_UNHANDLED_PROTO);
		return NETDEV_TX_OK;
	}

	rcu_read_lock();
	tx_addrs(skb, af, &src, &dst);
	owner = gsec_routes_lookup_dst(&gsec->routes, af, src, dst);
	if (!owner) {
		if (!tx_dst_group(skb, af))
			tx_unreachable(skb, af);
		tx_drop_dev(dev, skb, GSEC_DS_TX_NO_ROUTE,
			    SKB_DROP_REASON_IP_OUTNOROUTES);
		goto out;
	}
	n = container_of(owner, struct gsec_network, routes);

	/* One flow: its segments share the port, hashed once. */
	sport = tx_sport(gsec, skb, af);
	if (skb_is_gso(skb)) {
		segs = skb_gso_segment(skb, 0);
		if (IS_ERR_OR_NULL(segs)) {
			gsec_stats_add(n->stats, GSEC_NS_TX_ERRORS, 1);
			dev_dstats_tx_dropped(dev);
			kfree_skb(skb);
			goto out;
		}
		consume_skb(skb);
	} else {
		segs = skb;
	}
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		skb = skb_share_check(skb, GFP_ATOMIC);
		if (unlikely(!skb)) {
			gsec_stats_add(n->stats, GSEC_NS_TX_ERRORS, 1);
			dev_dstats_tx_dropped(dev);
			continue;
		}
		tx_one(gsec, n, skb, af, sport, bridged, &batch);
	}
	tx_batch_flush(&batch);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}
