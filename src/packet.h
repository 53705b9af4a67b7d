/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the stack notes on a packet about its own headers does not hold on
 * the other side of the encapsulation.
 */
#ifndef _GENEVESEC_PACKET_H
#define _GENEVESEC_PACKET_H

#include <linux/if_vlan.h>
#include <linux/skbuff.h>

/**
 * gsec_packet_reset() - forget the other layer's offload state
 * @skb: a frame just sealed, or a packet just opened (data at its start)
 *
 * A sealed frame would otherwise offer its inner packet's checksum state,
 * encapsulation flag and inner header offsets to the underlay: a NIC that
 * offloads tunnel checksums or segmentation reads those and would write
 * into ciphertext; an opened packet would carry the outer frame's. The
 * checksum state, the inner headers, a VLAN tag to insert, a redirect and
 * the queue are cleared, and the header offsets restart at the data, as
 * WireGuard's wg_reset_packet() does for the same reasons.
 *
 * Kept, as geneve keeps them: the mark (on transmit it chose the outer
 * route and stays the sender's policy for the underlay), the priority, the
 * socket and its accounting, and the delivery time a paced sender set.
 * Crossing namespaces clears the mark as skb_scrub_packet() does. The
 * caller sets the checksum state the new packet has, if any.
 */
static inline void gsec_packet_reset(struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_NONE;
	skb->csum_level = 0;
	skb->csum_valid = 0;
	skb->csum_complete_sw = 0;
	skb->remcsum_offload = 0;
	skb->encap_hdr_csum = 0;
	skb->csum = 0;
	skb_reset_csum_not_inet(skb);
	skb->encapsulation = 0;
	skb->inner_protocol_type = 0;
	skb->inner_protocol = 0;
	__vlan_hwaccel_clear_tag(skb);
	skb_reset_redirect(skb);
	skb->queue_mapping = 0;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	skb_reset_inner_headers(skb);
}

#endif /* _GENEVESEC_PACKET_H */
