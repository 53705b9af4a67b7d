// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the genevesec header codec against protocol spec section 1 (every
 * offset) and section 4 row 1 (every malformed variant).
 */

#include <kunit/test.h>
#include <linux/unaligned.h>
#include <uapi/linux/genevesec.h>

#include "proto.h"
#include "suites.h"

#define VNI	0x012345
#define SPI	0xa1b2c3d4
#define CTR	0x0102030405060708ULL

/* Spec section 1, byte by byte, for VNI, SPI and CTR above and IPv4. */
static const u8 spec_frame[GSEC_HDR_LEN] = {
	0x06, 0x40, 0x08, 0x00,		/* ver/optlen, flags, protocol */
	0x01, 0x23, 0x45, 0x00,		/* VNI, reserved */
	0xff, 0x00, 0x81, 0x01,		/* KeyEpoch: class, type, length */
	0xa1, 0xb2, 0xc3, 0xd4,		/* SPI */
	0xff, 0x00, 0x82, 0x03,		/* TxCounter: class, type, length */
	0xa1, 0xb2, 0xc3, 0xd4,		/* nonce 0..3: SPI again */
	0x01, 0x02, 0x03, 0x04,		/* nonce 4..11: counter */
	0x05, 0x06, 0x07, 0x08,
};

/* A payload buffer: header, then room for the smallest ciphertext + tag. */
struct frame {
	u8 b[GSEC_MIN_PAYLOAD];
};

static void frame_init(struct frame *f)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->b, spec_frame, sizeof(spec_frame));
}

static void proto_build_matches_spec(struct kunit *test)
{
	u8 buf[GSEC_HDR_LEN];

	memset(buf, 0xaa, sizeof(buf));
	gsec_proto_hdr_build(buf, GSEC_PROTO_IPV4, VNI, SPI, CTR);
	KUNIT_EXPECT_MEMEQ(test, buf, spec_frame, GSEC_HDR_LEN);
}

static void proto_build_fields(struct kunit *test)
{
	u8 buf[GSEC_HDR_LEN];

	gsec_proto_hdr_build(buf, GSEC_PROTO_IPV6, 0xffffff, 1, 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(buf + 2), GSEC_PROTO_IPV6);
	KUNIT_EXPECT_EQ(test, buf[4], 0xff);
	KUNIT_EXPECT_EQ(test, buf[5], 0xff);
	KUNIT_EXPECT_EQ(test, buf[6], 0xff);
	KUNIT_EXPECT_EQ(test, buf[7], 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(buf + 12), 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(buf + 20), 1);
	/* The first frame after an SA install carries counter 1. */
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(buf + 24), 1);

	/* A VNI wider than 24 bits never leaks into the reserved byte. */
	gsec_proto_hdr_build(buf, GSEC_PROTO_KEEPALIVE, 0xabcdef12, SPI, 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(buf + 2), GSEC_PROTO_KEEPALIVE);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(buf + 4), 0xcdef1200);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(buf + 24), 0);
}

static void proto_parse_roundtrip(struct kunit *test)
{
	static const u16 protos[] = {
		GSEC_PROTO_IPV4, GSEC_PROTO_IPV6, GSEC_PROTO_KEEPALIVE,
	};
	struct gsec_hdr hdr;
	struct frame f;
	int i;

	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		frame_init(&f);
		gsec_proto_hdr_build(f.b, protos[i], VNI, SPI, CTR + i);
		KUNIT_ASSERT_EQ(test, gsec_proto_hdr_parse(f.b, sizeof(f.b), &hdr),
				GSEC_HDR_OK);
		KUNIT_EXPECT_EQ(test, hdr.proto, protos[i]);
		KUNIT_EXPECT_EQ(test, hdr.vni, VNI);
		KUNIT_EXPECT_EQ(test, hdr.spi, SPI);
		KUNIT_EXPECT_EQ(test, hdr.nonce_spi, SPI);
		KUNIT_EXPECT_EQ(test, hdr.counter, CTR + i);
	}
}

static void proto_parse_lengths(struct kunit *test)
{
	struct gsec_hdr hdr;
	struct frame f;
	size_t len;

	frame_init(&f);
	/* Header plus tag is the minimum: a keep-alive is exactly that. */
	for (len = 0; len < GSEC_MIN_PAYLOAD; len++)
		KUNIT_EXPECT_EQ_MSG(test, gsec_proto_hdr_parse(f.b, len, &hdr),
				    GSEC_HDR_TOO_SHORT, "len %zu", len);
	KUNIT_EXPECT_EQ(test, gsec_proto_hdr_parse(f.b, GSEC_MIN_PAYLOAD, &hdr),
			GSEC_HDR_OK);
}

/* What parsing must say when byte @off of a valid header changed. */
static enum gsec_hdr_err expected_for_offset(unsigned int off, const u8 *b)
{
	u16 proto;

	switch (off) {
	case 0:
		return GSEC_HDR_BAD_VER_OPTLEN;
	case 1:
		return GSEC_HDR_BAD_FLAGS;
	case 2 ... 3:
		proto = get_unaligned_be16(b + 2);
		return proto == GSEC_PROTO_IPV4 || proto == GSEC_PROTO_IPV6 ||
		       proto == GSEC_PROTO_KEEPALIVE ? GSEC_HDR_OK :
						       GSEC_HDR_BAD_PROTO;
	case 7:
		return GSEC_HDR_BAD_RESERVED;
	case 8 ... 11:
		return GSEC_HDR_BAD_KEY_EPOCH;
	case 16 ... 19:
		return GSEC_HDR_BAD_TX_COUNTER;
	default: /* VNI, SPI, nonce SPI and counter carry any value */
		return GSEC_HDR_OK;
	}
}

/* Flip every bit of the header: fixed fields refuse, variable ones decode. */
static void proto_parse_every_bit(struct kunit *test)
{
	unsigned int off, bit;
	struct gsec_hdr hdr;
	struct frame f;
	enum gsec_hdr_err want;

	for (off = 0; off < GSEC_HDR_LEN; off++) {
		for (bit = 0; bit < 8; bit++) {
			frame_init(&f);
			f.b[off] ^= BIT(bit);
			want = expected_for_offset(off, f.b);
			KUNIT_ASSERT_EQ_MSG(test,
					    gsec_proto_hdr_parse(f.b, sizeof(f.b), &hdr),
					    want, "offset %u bit %u", off, bit);
			if (want != GSEC_HDR_OK)
				continue;
			/* The decoded fields are exactly the bytes on the wire. */
			KUNIT_EXPECT_EQ(test, hdr.proto, get_unaligned_be16(f.b + 2));
			KUNIT_EXPECT_EQ(test, hdr.vni, get_unaligned_be32(f.b + 4) >> 8);
			KUNIT_EXPECT_EQ(test, hdr.spi, get_unaligned_be32(f.b + 12));
			KUNIT_EXPECT_EQ(test, hdr.nonce_spi, get_unaligned_be32(f.b + 20));
			KUNIT_EXPECT_EQ(test, hdr.counter, get_unaligned_be64(f.b + 24));
		}
	}
}

struct variant {
	const char *name;
	unsigned int off;
	u8 val;
	enum gsec_hdr_err want;
};

/* The malformations spec section 4 row 1 names, one by one. */
static const struct variant variants[] = {
	{ "version 1",			0,  0x46, GSEC_HDR_BAD_VER_OPTLEN },
	{ "option length 5",		0,  0x05, GSEC_HDR_BAD_VER_OPTLEN },
	{ "option length 7",		0,  0x07, GSEC_HDR_BAD_VER_OPTLEN },
	{ "OAM bit set",		1,  0xc0, GSEC_HDR_BAD_FLAGS },
	{ "critical bit clear",		1,  0x00, GSEC_HDR_BAD_FLAGS },
	{ "reserved flag bit",		1,  0x41, GSEC_HDR_BAD_FLAGS },
	{ "protocol 0x6558 (Ethernet)",	2,  0x65, GSEC_HDR_BAD_PROTO },
	{ "reserved byte",		7,  0x01, GSEC_HDR_BAD_RESERVED },
	{ "KeyEpoch class",		8,  0x00, GSEC_HDR_BAD_KEY_EPOCH },
	{ "KeyEpoch type 0x01",		10, 0x01, GSEC_HDR_BAD_KEY_EPOCH },
	{ "KeyEpoch as TxCounter",	10, 0x82, GSEC_HDR_BAD_KEY_EPOCH },
	{ "KeyEpoch length 2",		11, 0x02, GSEC_HDR_BAD_KEY_EPOCH },
	{ "TxCounter class",		17, 0x01, GSEC_HDR_BAD_TX_COUNTER },
	{ "TxCounter type 0x02",	18, 0x02, GSEC_HDR_BAD_TX_COUNTER },
	{ "TxCounter length 2",		19, 0x02, GSEC_HDR_BAD_TX_COUNTER },
};

static void proto_parse_variants(struct kunit *test)
{
	struct gsec_hdr hdr;
	struct frame f;
	int i;

	for (i = 0; i < ARRAY_SIZE(variants); i++) {
		frame_init(&f);
		f.b[variants[i].off] = variants[i].val;
		if (variants[i].off == 2)
			f.b[3] = 0x58;
		KUNIT_EXPECT_EQ_MSG(test, gsec_proto_hdr_parse(f.b, sizeof(f.b), &hdr),
				    variants[i].want, "%s", variants[i].name);
	}

	/* Options in the other order are malformed too. */
	frame_init(&f);
	f.b[10] = GSEC_OPT_TX_COUNTER;
	f.b[11] = GSEC_OPT_TX_COUNTER_LEN;
	f.b[18] = GSEC_OPT_KEY_EPOCH;
	f.b[19] = GSEC_OPT_KEY_EPOCH_LEN;
	KUNIT_EXPECT_NE(test, gsec_proto_hdr_parse(f.b, sizeof(f.b), &hdr),
			GSEC_HDR_OK);

	/* A nonce SPI that differs from KeyEpoch parses: check 6 counts it. */
	frame_init(&f);
	put_unaligned_be32(SPI + 1, f.b + GSEC_NONCE_OFF);
	KUNIT_ASSERT_EQ(test, gsec_proto_hdr_parse(f.b, sizeof(f.b), &hdr),
			GSEC_HDR_OK);
	KUNIT_EXPECT_EQ(test, hdr.spi, SPI);
	KUNIT_EXPECT_EQ(test, hdr.nonce_spi, SPI + 1);
}

/* Fixed TOS: its DSCP, never an ECN codepoint; inherit: the inner byte. */
static void proto_outer_tos(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gsec_proto_outer_tos(0, 0xb9), 0);
	KUNIT_EXPECT_EQ(test, gsec_proto_outer_tos(0xb8, 0x03), 0xb8);
	KUNIT_EXPECT_EQ(test, gsec_proto_outer_tos(0xbb, 0x00), 0xb8);
	KUNIT_EXPECT_EQ(test, gsec_proto_outer_tos(GENEVESEC_TOS_INHERIT, 0xb9), 0xb9);
	KUNIT_EXPECT_EQ(test, gsec_proto_outer_tos(GENEVESEC_TOS_INHERIT, 0x03), 0x03);
	KUNIT_EXPECT_EQ(test, gsec_proto_outer_tos(GENEVESEC_TOS_INHERIT, 0x00), 0x00);
}

/* RFC 6040 figure 4, every cell; DSCP bits must not matter. */
static void proto_ecn_decap_rfc6040(struct kunit *test)
{
	static const int want[4][4] = {
		/* inner \ outer: Not-ECT, ECT(1), ECT(0), CE */
		[GSEC_ECN_NOT_ECT] = { GSEC_ECN_NOT_ECT, GSEC_ECN_NOT_ECT,
				       GSEC_ECN_NOT_ECT, -1 },
		[GSEC_ECN_ECT_1] = { GSEC_ECN_ECT_1, GSEC_ECN_ECT_1,
				     GSEC_ECN_ECT_1, GSEC_ECN_CE },
		[GSEC_ECN_ECT_0] = { GSEC_ECN_ECT_0, GSEC_ECN_ECT_1,
				     GSEC_ECN_ECT_0, GSEC_ECN_CE },
		[GSEC_ECN_CE] = { GSEC_ECN_CE, GSEC_ECN_CE, GSEC_ECN_CE,
				  GSEC_ECN_CE },
	};
	int inner, outer;

	for (inner = 0; inner < 4; inner++)
		for (outer = 0; outer < 4; outer++) {
			KUNIT_EXPECT_EQ_MSG(test,
					    gsec_proto_ecn_decap(0xa0 | outer, 0x48 | inner),
					    want[inner][outer],
					    "inner %d outer %d", inner, outer);
		}
}

static struct kunit_case gsec_proto_test_cases[] = {
	KUNIT_CASE(proto_build_matches_spec),
	KUNIT_CASE(proto_build_fields),
	KUNIT_CASE(proto_parse_roundtrip),
	KUNIT_CASE(proto_parse_lengths),
	KUNIT_CASE(proto_parse_every_bit),
	KUNIT_CASE(proto_parse_variants),
	KUNIT_CASE(proto_outer_tos),
	KUNIT_CASE(proto_ecn_decap_rfc6040),
	{}
};

struct kunit_suite gsec_proto_test_suite = {
	.name = "genevesec_proto",
	.test_cases = gsec_proto_test_cases,
};
