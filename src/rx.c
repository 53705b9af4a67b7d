// SPDX-License-Identifier: GPL-2.0
/*
 * Receive (protocol spec section 4): the UDP socket's encap_rcv hook.
 *
 * The checks run in the spec's order, each drop counted where the spec
 * says. Everything cheap (header, VNI, peer, SA, nonce, rate) runs before
 * the AEAD; the replay window only after it, so that forged frames cannot
 * move it. A frame being decrypted holds references on its network and
 * the device, and the AEAD one on its SA, since the AEAD may complete later
 * elsewhere. The AEAD drops the SA's reference at its end; what comes after
 * it still reads the SA, under RCU, which keeps an SA's memory for a grace
 * period after its last reference.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/dsfield.h>
#include <net/udp_tunnel.h>

#include "crypto.h"
#include "l2.h"
#include "network.h"
#include "packet.h"
#include "proto.h"

struct gsec_rx_cb {
	struct gsec_network *net;	/* holds a reference */
	struct gsec_sa *sa;		/* RCU, once past the AEAD */
	u64 counter;
	u16 proto;
	u8 outer_ds;			/* outer TOS / traffic class */
};

static struct gsec_rx_cb *rx_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct gsec_rx_cb) > sizeof(skb->cb));
	return (struct gsec_rx_cb *)skb->cb;
}

static void rx_drop_dev(struct gsec_dev *gsec, struct sk_buff *skb,
			enum gsec_dev_stat why, enum skb_drop_reason reason)
{
	gsec_stats_add(gsec->stats, why, 1);
	dev_dstats_rx_dropped(gsec->dev);
	kfree_skb_reason(skb, reason);
}

static void rx_drop(struct gsec_network *n, struct sk_buff *skb,
		    enum gsec_net_stat why, enum skb_drop_reason reason)
{
	gsec_stats_add(n->stats, why, 1);
	dev_dstats_rx_dropped(n->gsec->dev);
	kfree_skb_reason(skb, reason);
}

/* Outer source == the network's peer (spec section 4, check 3). */
static bool rx_peer_ok(struct gsec_network *n, struct sk_buff *skb)
{
	struct gsec_peer *peer = rcu_dereference(n->peer);

	if (!peer)
		return false;
	if (ip_hdr(skb)->version == 4)
		return peer->af == GSEC_AF_IPV4 &&
		       ip_hdr(skb)->saddr == peer->addr.v4;
	return peer->af == GSEC_AF_IPV6 &&
	       ipv6_addr_equal(&ipv6_hdr(skb)->saddr, &peer->addr.v6);
}

/* Checks 11 to 13 on the plaintext; returns the family or a drop. */
static int rx_inner_check(struct gsec_network *n, struct sk_buff *skb,
			  u16 proto)
{
	struct gsec_dev *gsec = n->gsec;
	const u8 *src, *dst;
	unsigned int len;
	bool src_ok, ok;
	u8 af;

	skb_reset_network_header(skb);
	if (proto == GSEC_PROTO_IPV4) {
		if (!pskb_may_pull(skb, sizeof(struct iphdr)) ||
		    ip_hdr(skb)->version != 4 || ip_hdr(skb)->ihl < 5)
			return GSEC_NS_RX_INVALID_SRC;
		len = ntohs(ip_hdr(skb)->tot_len);
		if (len < ip_hdr(skb)->ihl * 4)
			return GSEC_NS_RX_INVALID_SRC;
		af = GSEC_AF_IPV4;
	} else {
		if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)) ||
		    ipv6_hdr(skb)->version != 6)
			return GSEC_NS_RX_INVALID_SRC;
		len = sizeof(struct ipv6hdr) + ntohs(ipv6_hdr(skb)->payload_len);
		af = GSEC_AF_IPV6;
	}
	if (len > skb->len || pskb_trim(skb, len))
		return GSEC_NS_RX_INVALID_SRC;

	if (af == GSEC_AF_IPV4) {
		src = (const u8 *)&ip_hdr(skb)->saddr;
		dst = (const u8 *)&ip_hdr(skb)->daddr;
	} else {
		src = ipv6_hdr(skb)->saddr.s6_addr;
		dst = ipv6_hdr(skb)->daddr.s6_addr;
	}
	ok = gsec_routes_owner_allows(&gsec->routes, &n->routes, af, src, dst,
				      &src_ok);
	if (!ok)
		return src_ok ? GSEC_NS_RX_INVALID_DST : GSEC_NS_RX_INVALID_SRC;
	skb->protocol = af == GSEC_AF_IPV4 ? htons(ETH_P_IP) : htons(ETH_P_IPV6);
	return -1;
}

/* Congestion marks of the underlay pass to the inner packet (RFC 6040). */
static bool rx_ecn_decap(struct sk_buff *skb, u8 af, u8 outer_ds)
{
	u8 inner_ds = af == GSEC_AF_IPV4 ? ip_hdr(skb)->tos :
					   ipv6_get_dsfield(ipv6_hdr(skb));
	int ecn = gsec_proto_ecn_decap(outer_ds, inner_ds);

	if (ecn < 0)
		return false;
	if (ecn == (inner_ds & GSEC_ECN_MASK))
		return true;
	if (af == GSEC_AF_IPV4)
		ipv4_change_dsfield(ip_hdr(skb), (u8)~GSEC_ECN_MASK, ecn);
	else
		ipv6_change_dsfield(ipv6_hdr(skb), (u8)~GSEC_ECN_MASK, ecn);
	return true;
}

/*
 * After the AEAD: replay, keep-alive, inner checks, delivery. Called under
 * RCU (the receive hook's, or the AEAD's around rx_done()), which keeps the
 * SA, no longer referenced, readable.
 */
static void rx_finish(struct sk_buff *skb, int err)
{
	struct gsec_rx_cb *cb = rx_cb(skb);
	struct gsec_network *n = cb->net;
	struct gsec_sa *sa = cb->sa;
	struct gsec_dev *gsec = n->gsec;
	struct net_device *dev = gsec->dev;
	unsigned int len;
	int why;

	rcu_read_lock();
	if (err == -ENOSPC) {
		/* Not opened: the asynchronous AEAD driver's queue is full. */
		rx_drop_dev(gsec, skb, GSEC_DS_CRYPTO_QUEUE_FULL,
			    SKB_DROP_REASON_NOT_SPECIFIED);
		goto out;
	}
	if (err) {
		rx_drop(n, skb, GSEC_NS_RX_DECRYPT_ERRORS,
			SKB_DROP_REASON_NOT_SPECIFIED);
		goto out;
	}
	if (!gsec_sa_rx_replay_check(sa, cb->counter)) {
		rx_drop(n, skb, GSEC_NS_RX_REPLAY, SKB_DROP_REASON_NOT_SPECIFIED);
		goto out;
	}
	atomic64_inc(&sa->packets);
	gsec_network_stamp(&n->last_rx);

	if (cb->proto == GSEC_PROTO_KEEPALIVE) {
		/* Keeps NAT bindings open; nothing to deliver. */
		gsec_stats_add(n->stats, GSEC_NS_RX_PACKETS, 1);
		dev_dstats_rx_add(dev, 0);
		consume_skb(skb);
		goto out;
	}

	__skb_pull(skb, GSEC_HDR_LEN);
	why = rx_inner_check(n, skb, cb->proto);
	if (why >= 0) {
		rx_drop(n, skb, why, SKB_DROP_REASON_NOT_SPECIFIED);
		goto out;
	}
	if (!rx_ecn_decap(skb, skb->protocol == htons(ETH_P_IP) ?
			  GSEC_AF_IPV4 : GSEC_AF_IPV6, cb->outer_ds)) {
		rx_drop_dev(gsec, skb, GSEC_DS_RX_ECN_DROPS,
			    SKB_DROP_REASON_NOT_SPECIFIED);
		goto out;
	}

	len = skb->len;
	skb_scrub_packet(skb, !net_eq(gsec->net, dev_net(dev)));
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	gsec_packet_reset(skb);
	/* The outer flow's hash is not the inner packet's. */
	skb_clear_hash(skb);
	/* Authenticated end to end: the inner checksums need no check. */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = ~0;
	if (gsec->cfg.mode == GENEVESEC_MODE_L2 && gsec_l2_rx_push(gsec, skb)) {
		dev_dstats_rx_dropped(dev);
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		goto out;
	}
	/* Counted once delivered: a refusal (device going down) is only the
	 * device's rx_dropped, so the sums still match stats64.
	 */
	if (gro_cells_receive(&gsec->gro_cells, skb) == NET_RX_SUCCESS) {
		gsec_stats_add2(n->stats, GSEC_NS_RX_PACKETS, 1,
				GSEC_NS_RX_BYTES, len);
		dev_dstats_rx_add(dev, len);
	} else {
		dev_dstats_rx_dropped(dev);
	}
out:
	rcu_read_unlock();
	gsec_network_put(n);
	dev_put(dev);
}

static void rx_done(struct sk_buff *skb, int err)
{
	/* Asynchronous completion: maybe from a worker thread. */
	local_bh_disable();
	rx_finish(skb, err);
	local_bh_enable();
}

/**
 * gsec_rx_encap_rcv() - the UDP tunnel socket's receive hook
 * @sk: the device's socket
 * @skb: a UDP datagram, data at the UDP header, checksum verified
 *
 * Context: softirq, RCU read side.
 * Return: 0: the datagram is always consumed.
 */
int gsec_rx_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct gsec_dev *gsec = rcu_dereference_sk_user_data(sk);
	struct gsec_network *n;
	struct gsec_hdr hdr;
	struct gsec_sa *sa;
	u32 rate;
	int err;

	if (unlikely(!gsec || !netif_running(gsec->dev))) {
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
		return 0;
	}
	/* 1: a whole header and a tag, exactly the spec's layout. */
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + GSEC_HDR_LEN) ||
	    gsec_proto_hdr_parse(skb->data + sizeof(struct udphdr),
				 skb->len - sizeof(struct udphdr), &hdr)) {
		rx_drop_dev(gsec, skb, GSEC_DS_RX_MALFORMED,
			    SKB_DROP_REASON_UNHANDLED_PROTO);
		return 0;
	}
	/* 2: a network of this device. */
	n = gsec_network_find(gsec, hdr.vni);
	if (!n) {
		rx_drop_dev(gsec, skb, GSEC_DS_RX_UNKNOWN_VNI,
			    SKB_DROP_REASON_UNHANDLED_PROTO);
		return 0;
	}
	/* 3: from its peer. */
	if (READ_ONCE(gsec->cfg.peer_validation) && !rx_peer_ok(n, skb)) {
		rx_drop(n, skb, GSEC_NS_RX_BAD_PEER, SKB_DROP_REASON_NOT_SPECIFIED);
		return 0;
	}
	/* 4, 5: a live receive SA for the KeyEpoch SPI. */
	sa = gsec_sa_set_find_rx(&n->sas, hdr.spi);
	if (!sa) {
		rx_drop(n, skb, GSEC_NS_RX_NO_KEY, SKB_DROP_REASON_NOT_SPECIFIED);
		return 0;
	}
	if (gsec_sa_expired(sa, gsec_now_coarse())) {
		rx_drop(n, skb, GSEC_NS_RX_EXPIRED_KEY,
			SKB_DROP_REASON_NOT_SPECIFIED);
		return 0;
	}
	/* 6: the nonce names the same SA. */
	if (hdr.nonce_spi != hdr.spi) {
		rx_drop(n, skb, GSEC_NS_RX_SPI_MISMATCH,
			SKB_DROP_REASON_NOT_SPECIFIED);
		return 0;
	}
	/* 7: the network's rate, before any expensive work. */
	rate = READ_ONCE(gsec->cfg.rx_rate_limit);
	if (rate && !gsec_ratelimit_allow(&n->rx_limit, rate,
					  ktime_get_mono_fast_ns())) {
		rx_drop(n, skb, GSEC_NS_RX_RATE_LIMIT,
			SKB_DROP_REASON_NOT_SPECIFIED);
		return 0;
	}

	/* Being deleted: the same as not there. The reference goes to the
	 * AEAD.
	 */
	if (!refcount_inc_not_zero(&sa->refs)) {
		rx_drop(n, skb, GSEC_NS_RX_NO_KEY, SKB_DROP_REASON_NOT_SPECIFIED);
		return 0;
	}
	if (!gsec_network_get(n)) {
		gsec_sa_put(sa);
		rx_drop_dev(gsec, skb, GSEC_DS_RX_UNKNOWN_VNI,
			    SKB_DROP_REASON_UNHANDLED_PROTO);
		return 0;
	}
	dev_hold(gsec->dev);
	rx_cb(skb)->net = n;
	rx_cb(skb)->sa = sa;
	rx_cb(skb)->counter = hdr.counter;
	rx_cb(skb)->proto = hdr.proto;
	rx_cb(skb)->outer_ds = ip_hdr(skb)->version == 4 ? ip_hdr(skb)->tos :
			       ipv6_get_dsfield(ipv6_hdr(skb));

	/* 8: open it; the frame now starts at the genevesec header. */
	__skb_pull(skb, sizeof(struct udphdr));
	err = gsec_crypto_decrypt(sa, skb, rx_done);
	if (err != -EINPROGRESS)
		rx_finish(skb, err);
	return 0;
}
