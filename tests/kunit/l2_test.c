// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: L2 mode's parsers and its answer-or-not decision (protocol spec
 * section 9): ARP requests and neighbour solicitations byte by byte, and
 * that DAD probes, gratuitous requests, the host's own addresses and
 * targets outside the tunnel are never answered.
 */

#include <kunit/test.h>
#include <linux/in6.h>
#include <linux/string.h>

#include "l2.h"
#include "routes.h"
#include "suites.h"

/* ARP request: who has 10.0.0.2? tell 10.0.0.1 at 02:00:00:00:00:01. */
static const u8 arp_req[28] __aligned(4) = {
	0x00, 0x01, 0x08, 0x00,		/* Ethernet, IPv4 */
	0x06, 0x04, 0x00, 0x01,		/* lengths, request */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,	/* sender MAC */
	10, 0, 0, 1,			/* sender IP */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* target MAC */
	10, 0, 0, 2,			/* target IP */
};

/* NS from fd00::1 for fd00::2 with a source link-layer address option. */
static const u8 ns_req[40 + 24 + 8] __aligned(4) = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff,	/* 32 bytes, ICMPv6, 255 */
	0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,	/* fd00::1 */
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0, 0, 0x02,
	0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* NS, code, csum */
	0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,	/* target */
	0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,	/* SLLA */
};

static void l2_arp_parse_request(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	struct gsec_l2_req req;

	KUNIT_ASSERT_EQ(test, gsec_l2_arp_parse(arp_req, sizeof(arp_req), &req), 0);
	KUNIT_EXPECT_EQ(test, req.af, GSEC_AF_IPV4);
	KUNIT_EXPECT_MEMEQ(test, &req.sender, &arp_req[14], 4);
	KUNIT_EXPECT_MEMEQ(test, &req.target, &arp_req[24], 4);
	KUNIT_EXPECT_EQ(test, req.sender.s6_addr[15], 0);
	KUNIT_EXPECT_TRUE(test, req.has_sender_mac);
	KUNIT_EXPECT_MEMEQ(test, req.sender_mac, mac, ETH_ALEN);
}

static void l2_arp_parse_refuses(struct kunit *test)
{
	struct gsec_l2_req req;
	u8 b[sizeof(arp_req)];
	static const struct {
		unsigned int off;
		u8 val;
	} bad[] = {
		{ 1, 0x06 },		/* hardware type 6 is IEEE 802: fine */
		{ 1, 0x20 },		/* InfiniBand */
		{ 2, 0x86 },		/* protocol not IPv4 */
		{ 4, 0x08 },		/* hardware length */
		{ 5, 0x10 },		/* protocol length */
		{ 7, 0x02 },		/* a reply */
	};
	unsigned int i;

	KUNIT_EXPECT_EQ(test, gsec_l2_arp_parse(arp_req, sizeof(arp_req) - 1, &req),
			-EINVAL);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(b, arp_req, sizeof(b));
		b[bad[i].off] = bad[i].val;
		KUNIT_EXPECT_EQ_MSG(test, gsec_l2_arp_parse(b, sizeof(b), &req),
				    i ? -EINVAL : 0, "case %u", i);
	}
}

static void l2_ns_parse_solicitation(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	struct gsec_l2_req req;
	struct in6_addr a = {};
	u8 b[sizeof(ns_req)];

	KUNIT_ASSERT_EQ(test, gsec_l2_ip6_parse(ns_req, sizeof(ns_req), &req),
			GSEC_L2_IP6_NS);
	KUNIT_EXPECT_EQ(test, req.af, GSEC_AF_IPV6);
	a.s6_addr[0] = 0xfd;
	a.s6_addr[15] = 1;
	KUNIT_EXPECT_MEMEQ(test, &req.sender, &a, sizeof(a));
	a.s6_addr[15] = 2;
	KUNIT_EXPECT_MEMEQ(test, &req.target, &a, sizeof(a));
	KUNIT_EXPECT_TRUE(test, req.has_sender_mac);
	KUNIT_EXPECT_MEMEQ(test, req.sender_mac, mac, ETH_ALEN);

	/* Without the option (a unicast probe): still a solicitation. */
	memcpy(b, ns_req, sizeof(b));
	b[5] = 24;
	KUNIT_ASSERT_EQ(test, gsec_l2_ip6_parse(b, 40 + 24, &req), GSEC_L2_IP6_NS);
	KUNIT_EXPECT_FALSE(test, req.has_sender_mac);
}

static void l2_ns_parse_classifies(struct kunit *test)
{
	struct gsec_l2_req req;
	u8 b[sizeof(ns_req)];

	/* An echo request is data; so is anything not ICMPv6. */
	memcpy(b, ns_req, sizeof(b));
	b[40] = 128;
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_DATA);
	memcpy(b, ns_req, sizeof(b));
	b[6] = 17;
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_DATA);
	/* Other ND: advertisements, router solicitations. */
	memcpy(b, ns_req, sizeof(b));
	b[40] = 136;
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_ND);
	b[40] = 133;
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_ND);
	/* Malformed solicitations are ND, not data. */
	memcpy(b, ns_req, sizeof(b));
	b[7] = 64;				/* hop limit */
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_ND);
	memcpy(b, ns_req, sizeof(b));
	b[41] = 1;				/* code */
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_ND);
	memcpy(b, ns_req, sizeof(b));
	b[65] = 0;				/* option length 0 */
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_ND);
	memcpy(b, ns_req, sizeof(b));
	b[65] = 2;				/* option past the end */
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_ND);
	/* Shorter than its payload length says, or than a solicitation. */
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(ns_req, sizeof(ns_req) - 1, &req),
			GSEC_L2_IP6_ND);
	memcpy(b, ns_req, sizeof(b));
	b[5] = 20;
	KUNIT_EXPECT_EQ(test, gsec_l2_ip6_parse(b, sizeof(b), &req), GSEC_L2_IP6_ND);
	KUNIT_EXPECT_TRUE(test, gsec_l2_nd_type(137));
	KUNIT_EXPECT_FALSE(test, gsec_l2_nd_type(138));
	KUNIT_EXPECT_FALSE(test, gsec_l2_nd_type(132));
}

static void req4(struct gsec_l2_req *req, u32 sender, u32 target)
{
	memset(req, 0, sizeof(*req));
	req->af = GSEC_AF_IPV4;
	req->sender.s6_addr32[0] = htonl(sender);
	req->target.s6_addr32[0] = htonl(target);
	req->sender_mac[0] = 0x02;
	req->sender_mac[5] = 0x01;
	req->has_sender_mac = true;
}

static void l2_verdict_ipv4(struct kunit *test)
{
	struct gsec_l2_req req;

	req4(&req, 0x0a000001, 0x0a000002);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_ANSWER);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, false), GSEC_L2_NOT_ROUTED);
	/* The host's own address, even when a remote prefix holds it. */
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, true, true), GSEC_L2_LOCAL);
	/* A DAD probe (RFC 5227) comes from 0.0.0.0. */
	req4(&req, 0, 0x0a000002);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_DAD);
	/* A gratuitous ARP asks for its own address. */
	req4(&req, 0x0a000002, 0x0a000002);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_GRATUITOUS);
	req4(&req, 0x0a000001, 0xe0000001);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_INVALID);
	req4(&req, 0x0a000001, 0x7f000001);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_INVALID);
	req4(&req, 0x0a000001, 0xffffffff);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_INVALID);
	/* A reply must not go to a group MAC. */
	req4(&req, 0x0a000001, 0x0a000002);
	req.sender_mac[0] = 0x01;
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_INVALID);
}

static void l2_verdict_ipv6(struct kunit *test)
{
	struct gsec_l2_req req;

	KUNIT_ASSERT_EQ(test, gsec_l2_ip6_parse(ns_req, sizeof(ns_req), &req),
			GSEC_L2_IP6_NS);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_ANSWER);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, true, true), GSEC_L2_LOCAL);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, false), GSEC_L2_NOT_ROUTED);
	/* A solicitation without the option is answered to the frame. */
	req.has_sender_mac = false;
	memset(req.sender_mac, 0, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_ANSWER);
	/* DAD (RFC 4862 5.4.2): from ::, never answered, even when routed. */
	memset(&req.sender, 0, sizeof(req.sender));
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_DAD);
	req.sender = req.target;
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_GRATUITOUS);
	req.sender.s6_addr[15] = 1;
	req.target.s6_addr[0] = 0xff;
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_INVALID);
	req.target = (struct in6_addr)IN6ADDR_LOOPBACK_INIT;
	KUNIT_EXPECT_EQ(test, gsec_l2_verdict(&req, false, true), GSEC_L2_INVALID);
}

static struct kunit_case gsec_l2_test_cases[] = {
	KUNIT_CASE(l2_arp_parse_request),
	KUNIT_CASE(l2_arp_parse_refuses),
	KUNIT_CASE(l2_ns_parse_solicitation),
	KUNIT_CASE(l2_ns_parse_classifies),
	KUNIT_CASE(l2_verdict_ipv4),
	KUNIT_CASE(l2_verdict_ipv6),
	{}
};

struct kunit_suite gsec_l2_test_suite = {
	.name = "genevesec_l2",
	.test_cases = gsec_l2_test_cases,
};
