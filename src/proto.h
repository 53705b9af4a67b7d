/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The genevesec wire header: a Geneve base header followed by exactly two
 * options, KeyEpoch (the SPI) and TxCounter (the AES-GCM nonce). Pure logic
 * with no skb or netdev dependency, so KUnit tests it byte by byte.
 */
#ifndef _GENEVESEC_PROTO_H
#define _GENEVESEC_PROTO_H

#include <linux/types.h>

#define GSEC_HDR_LEN		32	/* Geneve base (8) + KeyEpoch (8) + TxCounter (16) */
#define GSEC_TAG_LEN		16	/* AES-GCM tag */
#define GSEC_NONCE_LEN		12	/* SPI (4) || counter (8) */
#define GSEC_NONCE_OFF		20	/* the nonce is carried in the header itself */
#define GSEC_MIN_PAYLOAD	(GSEC_HDR_LEN + GSEC_TAG_LEN)

/* Outer headers on top of an inner packet: IP + UDP + GSEC_HDR + tag. */
#define GSEC_OVERHEAD_V4	(20 + 8 + GSEC_HDR_LEN + GSEC_TAG_LEN)
#define GSEC_OVERHEAD_V6	(40 + 8 + GSEC_HDR_LEN + GSEC_TAG_LEN)

#define GSEC_VER_OPTLEN		0x06	/* version 0, 6 words of options */
#define GSEC_FLAGS		0x40	/* C (critical options present) only */
#define GSEC_OPT_CLASS		0xff00
#define GSEC_OPT_KEY_EPOCH	0x81	/* critical bit + 1 */
#define GSEC_OPT_KEY_EPOCH_LEN	1	/* in 4-byte words */
#define GSEC_OPT_TX_COUNTER	0x82
#define GSEC_OPT_TX_COUNTER_LEN	3

#define GSEC_PROTO_KEEPALIVE	0x0000
#define GSEC_PROTO_IPV4		0x0800
#define GSEC_PROTO_IPV6		0x86dd

#define GSEC_VNI_MAX		0xffffff

/* Why a header was refused; every value is a distinct malformation. */
enum gsec_hdr_err {
	GSEC_HDR_OK = 0,
	GSEC_HDR_TOO_SHORT,		/* payload < header + tag */
	GSEC_HDR_BAD_VER_OPTLEN,	/* version != 0 or option length != 6 */
	GSEC_HDR_BAD_FLAGS,		/* O set, C clear or a reserved bit set */
	GSEC_HDR_BAD_PROTO,		/* not IPv4, IPv6 or keep-alive */
	GSEC_HDR_BAD_RESERVED,		/* byte 7 not zero */
	GSEC_HDR_BAD_KEY_EPOCH,		/* first option not class/type/length */
	GSEC_HDR_BAD_TX_COUNTER,	/* second option not class/type/length */
};

/* The variable fields of a header; everything else is fixed. */
struct gsec_hdr {
	u16 proto;		/* GSEC_PROTO_* */
	u32 vni;		/* 24 bits */
	u32 spi;		/* KeyEpoch: the receiver's receive SPI */
	u32 nonce_spi;		/* TxCounter bytes 0..3: must equal spi */
	u64 counter;		/* TxCounter bytes 4..11 */
};

/* The two low bits of the IPv4 TOS / IPv6 traffic class (RFC 3168). */
#define GSEC_ECN_MASK		0x03
#define GSEC_ECN_NOT_ECT	0x00
#define GSEC_ECN_ECT_1		0x01
#define GSEC_ECN_ECT_0		0x02
#define GSEC_ECN_CE		0x03

u8 gsec_proto_outer_tos(u8 cfg_tos, u8 inner_ds);
int gsec_proto_ecn_decap(u8 outer_ds, u8 inner_ds);

void gsec_proto_hdr_build(u8 buf[GSEC_HDR_LEN], u16 proto, u32 vni, u32 spi,
			  u64 counter);
enum gsec_hdr_err gsec_proto_hdr_parse(const u8 *buf, size_t len,
				       struct gsec_hdr *hdr);

#endif /* _GENEVESEC_PROTO_H */
