// SPDX-License-Identifier: GPL-2.0
/*
 * Geneve header codec for genevesec (protocol spec section 1), and the
 * outer ECN rules of RFC 6040. Receive is
 * strict: only the exact layout genevesec and ICX send is accepted, since the
 * AES-GCM associated data covers the whole header anyway.
 */

#include <linux/export.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>
#include <uapi/linux/genevesec.h>

#include "proto.h"

/**
 * gsec_proto_hdr_build() - write a complete 32-byte genevesec header
 * @buf: destination, GSEC_HDR_LEN bytes
 * @proto: GSEC_PROTO_IPV4, GSEC_PROTO_IPV6 or GSEC_PROTO_KEEPALIVE
 * @vni: virtual network identifier (24 bits)
 * @spi: the transmit SPI, written twice: as KeyEpoch and as nonce bytes 0..3
 * @counter: the per-SA transmit counter, nonce bytes 4..11
 */
void gsec_proto_hdr_build(u8 buf[GSEC_HDR_LEN], u16 proto, u32 vni, u32 spi,
			  u64 counter)
{
	buf[0] = GSEC_VER_OPTLEN;
	buf[1] = GSEC_FLAGS;
	put_unaligned_be16(proto, buf + 2);
	/* VNI in bytes 4..6, byte 7 reserved: one big-endian word. */
	put_unaligned_be32((vni & GSEC_VNI_MAX) << 8, buf + 4);

	put_unaligned_be16(GSEC_OPT_CLASS, buf + 8);
	buf[10] = GSEC_OPT_KEY_EPOCH;
	buf[11] = GSEC_OPT_KEY_EPOCH_LEN;
	put_unaligned_be32(spi, buf + 12);

	put_unaligned_be16(GSEC_OPT_CLASS, buf + 16);
	buf[18] = GSEC_OPT_TX_COUNTER;
	buf[19] = GSEC_OPT_TX_COUNTER_LEN;
	put_unaligned_be32(spi, buf + GSEC_NONCE_OFF);
	put_unaligned_be64(counter, buf + GSEC_NONCE_OFF + 4);
}
EXPORT_SYMBOL_IF_KUNIT(gsec_proto_hdr_build);

/**
 * gsec_proto_hdr_parse() - validate and decode a received header
 * @buf: start of the UDP payload
 * @len: length of the UDP payload (header, ciphertext and tag)
 * @hdr: decoded fields, valid only when GSEC_HDR_OK is returned
 *
 * This is check 1 of the receive path: it does not compare the nonce SPI
 * with the KeyEpoch SPI, which the spec counts separately (check 6).
 *
 * Return: GSEC_HDR_OK or the first malformation found.
 */
enum gsec_hdr_err gsec_proto_hdr_parse(const u8 *buf, size_t len,
				       struct gsec_hdr *hdr)
{
	u16 proto;

	if (len < GSEC_MIN_PAYLOAD)
		return GSEC_HDR_TOO_SHORT;
	if (buf[0] != GSEC_VER_OPTLEN)
		return GSEC_HDR_BAD_VER_OPTLEN;
	if (buf[1] != GSEC_FLAGS)
		return GSEC_HDR_BAD_FLAGS;
	proto = get_unaligned_be16(buf + 2);
	if (proto != GSEC_PROTO_IPV4 && proto != GSEC_PROTO_IPV6 &&
	    proto != GSEC_PROTO_KEEPALIVE)
		return GSEC_HDR_BAD_PROTO;
	if (buf[7])
		return GSEC_HDR_BAD_RESERVED;
	if (get_unaligned_be16(buf + 8) != GSEC_OPT_CLASS ||
	    buf[10] != GSEC_OPT_KEY_EPOCH ||
	    buf[11] != GSEC_OPT_KEY_EPOCH_LEN)
		return GSEC_HDR_BAD_KEY_EPOCH;
	if (get_unaligned_be16(buf + 16) != GSEC_OPT_CLASS ||
	    buf[18] != GSEC_OPT_TX_COUNTER ||
	    buf[19] != GSEC_OPT_TX_COUNTER_LEN)
		return GSEC_HDR_BAD_TX_COUNTER;

	hdr->proto = proto;
	hdr->vni = get_unaligned_be32(buf + 4) >> 8;
	hdr->spi = get_unaligned_be32(buf + 12);
	hdr->nonce_spi = get_unaligned_be32(buf + GSEC_NONCE_OFF);
	hdr->counter = get_unaligned_be64(buf + GSEC_NONCE_OFF + 4);
	return GSEC_HDR_OK;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_proto_hdr_parse);

/**
 * gsec_proto_outer_tos() - the outer IPv4 TOS / IPv6 traffic class
 * @cfg_tos: the device's setting: a value or GENEVESEC_TOS_INHERIT
 * @inner_ds: the inner packet's TOS / traffic class
 *
 * A fixed value (0 by default, as ICX sends) keeps its DSCP and goes out
 * Not-ECT: RFC 6040's compatibility mode, so the underlay never marks CE
 * on a packet whose ends may not understand it. Inherit copies the inner
 * DSCP and ECN field: RFC 6040's normal mode (section 4.1), which lets the
 * underlay signal congestion instead of dropping.
 *
 * Return: the byte for the outer header.
 */
u8 gsec_proto_outer_tos(u8 cfg_tos, u8 inner_ds)
{
	if (cfg_tos == GENEVESEC_TOS_INHERIT)
		return inner_ds;
	return cfg_tos & ~GSEC_ECN_MASK;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_proto_outer_tos);

/**
 * gsec_proto_ecn_decap() - the inner ECN field after decapsulation
 * @outer_ds: the outer TOS / traffic class as received
 * @inner_ds: the inner packet's TOS / traffic class
 *
 * RFC 6040 section 4.2, figure 4: a CE outside is kept as CE inside,
 * ECT(1) outside turns an ECT(0) inside into ECT(1), and a CE outside a
 * Not-ECT packet cannot be passed on, so the packet is dropped.
 *
 * Return: the new inner ECN field (GSEC_ECN_*), or -1 to drop.
 */
int gsec_proto_ecn_decap(u8 outer_ds, u8 inner_ds)
{
	u8 outer = outer_ds & GSEC_ECN_MASK, inner = inner_ds & GSEC_ECN_MASK;

	if (inner == GSEC_ECN_NOT_ECT)
		return outer == GSEC_ECN_CE ? -1 : GSEC_ECN_NOT_ECT;
	if (outer == GSEC_ECN_CE)
		return GSEC_ECN_CE;
	if (inner == GSEC_ECN_ECT_0 && outer == GSEC_ECN_ECT_1)
		return GSEC_ECN_ECT_1;
	return inner;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_proto_ecn_decap);
