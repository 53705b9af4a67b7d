// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the data path's AEAD functions against known-answer frames that
 * tests/lib/test_gsproto.py computed independently (Python's cryptography
 * package), for AES-128-GCM and AES-256-GCM; tampering; paged skbs.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/skbuff.h>

#include "crypto.h"
#include "proto.h"
#include "sa.h"
#include "suites.h"

/* An ICMP echo request 10.0.0.1 -> 10.0.0.2, 28 bytes. */
static const u8 packet[] = {
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x7c, 0xdd,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x08, 0x00, 0xf7, 0xff,
	0x00, 0x00, 0x00, 0x00,
};

/* Ciphertext and tag for VNI 0x012345, SPI 0xa1b2c3d4, counter
 * 0x0102030405060708 (KAT_AES128 and KAT_AES256 in test_gsproto.py).
 */
static const u8 kat128[] = {
	0x3f, 0x80, 0x5d, 0x5d, 0x15, 0xc5, 0x0e, 0x81, 0xcf, 0x0c, 0x21, 0x04,
	0xe9, 0xbb, 0xef, 0x15, 0x5b, 0xdd, 0x18, 0xfd, 0x8e, 0x1b, 0x3b, 0xb0,
	0xea, 0x41, 0xb3, 0x92, 0xc4, 0x4c, 0x76, 0x67, 0x93, 0x2a, 0x66, 0x57,
	0xf2, 0xc8, 0xd9, 0x0e, 0x49, 0x85, 0x09, 0xce,
};

static const u8 kat256[] = {
	0x60, 0x41, 0x74, 0x9b, 0xe1, 0x0c, 0x10, 0x1e, 0xe8, 0xde, 0x29, 0xf7,
	0x84, 0x8f, 0x9d, 0x06, 0x69, 0x12, 0x35, 0x90, 0x30, 0x59, 0x6d, 0x80,
	0x71, 0x33, 0x80, 0x37, 0x35, 0x8f, 0x83, 0xcc, 0xb0, 0xc2, 0x6a, 0x96,
	0x29, 0x19, 0x9e, 0xb0, 0x9f, 0xfa, 0x52, 0x70,
};

struct waiter {
	struct completion done;
	int err;
};

static void waiter_done(struct sk_buff *skb, int err)
{
	struct waiter *w = *(struct waiter **)skb->cb;

	w->err = err;
	complete(&w->done);
}

/* Start one operation, handing it a reference on @sa as the data path does. */
static int start(struct gsec_sa *sa, struct sk_buff *skb, bool decrypt,
		 struct waiter *w)
{
	init_completion(&w->done);
	*(struct waiter **)skb->cb = w;
	refcount_inc(&sa->refs);
	return decrypt ? gsec_crypto_decrypt(sa, skb, waiter_done) :
			 gsec_crypto_encrypt(sa, skb, waiter_done);
}

/* Run one operation to its end, whether the driver is sync or async. */
static int run(struct gsec_sa *sa, struct sk_buff *skb, bool decrypt)
{
	struct waiter w;
	int err;

	err = start(sa, skb, decrypt, &w);
	if (err != -EINPROGRESS)
		return err;
	wait_for_completion(&w.done);
	return w.err;
}

static struct sk_buff *frame(struct kunit *test, const u8 *payload,
			     unsigned int len)
{
	struct sk_buff *skb = alloc_skb(GSEC_HDR_LEN + len + GSEC_TAG_LEN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	gsec_proto_hdr_build(skb_put(skb, GSEC_HDR_LEN), GSEC_PROTO_IPV4,
			     0x012345, 0xa1b2c3d4, 0x0102030405060708ULL);
	skb_put_data(skb, payload, len);
	return skb;
}

static struct gsec_sa *sa_new(struct kunit *test, const u8 *key, unsigned int len)
{
	const char *why = NULL;
	struct gsec_sa *sa = gsec_sa_create(0xa1b2c3d4, true, key, len, 60, 0, &why);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(sa), "%s", why);
	return sa;
}

static void known_answer(struct kunit *test, const u8 *key, unsigned int key_len,
			 const u8 *kat)
{
	struct gsec_sa *sa = sa_new(test, key, key_len);
	struct sk_buff *skb = frame(test, packet, sizeof(packet));
	u8 hdr[GSEC_HDR_LEN];

	memcpy(hdr, skb->data, GSEC_HDR_LEN);
	KUNIT_ASSERT_EQ(test, run(sa, skb, false), 0);
	KUNIT_ASSERT_EQ(test, skb->len, GSEC_HDR_LEN + sizeof(packet) + GSEC_TAG_LEN);
	KUNIT_EXPECT_MEMEQ(test, skb->data, hdr, GSEC_HDR_LEN);
	KUNIT_EXPECT_MEMEQ(test, skb->data + GSEC_HDR_LEN, kat, sizeof(packet) + GSEC_TAG_LEN);

	KUNIT_ASSERT_EQ(test, run(sa, skb, true), 0);
	KUNIT_ASSERT_EQ(test, skb->len, GSEC_HDR_LEN + sizeof(packet));
	KUNIT_EXPECT_MEMEQ(test, skb->data + GSEC_HDR_LEN, packet, sizeof(packet));
	kfree_skb(skb);
	gsec_sa_put(sa);
}

static void crypto_known_answer_aes128(struct kunit *test)
{
	known_answer(test, gsec_test_key16, sizeof(gsec_test_key16), kat128);
}

static void crypto_known_answer_aes256(struct kunit *test)
{
	known_answer(test, gsec_test_key32, sizeof(gsec_test_key32), kat256);
}

static void crypto_rejects_tampering(struct kunit *test)
{
	struct gsec_sa *sa = sa_new(test, gsec_test_key16, sizeof(gsec_test_key16));
	struct gsec_sa *other = sa_new(test, gsec_test_key32, sizeof(gsec_test_key32));
	static const unsigned int flips[] = { 6, 12, 25, GSEC_HDR_LEN + 3,
					      GSEC_HDR_LEN + sizeof(packet) + 1 };
	struct sk_buff *skb;
	int i;

	for (i = 0; i < ARRAY_SIZE(flips); i++) {
		/* Header (the AAD, the nonce), ciphertext and tag all count. */
		skb = frame(test, kat128, sizeof(kat128));
		skb->data[flips[i]] ^= 0x10;
		KUNIT_EXPECT_EQ_MSG(test, run(sa, skb, true), -EBADMSG,
				    "byte %u flipped", flips[i]);
		kfree_skb(skb);
	}
	skb = frame(test, kat128, sizeof(kat128));
	KUNIT_EXPECT_EQ(test, run(other, skb, true), -EBADMSG);
	kfree_skb(skb);
	skb = frame(test, kat128, GSEC_TAG_LEN - 1);
	KUNIT_EXPECT_EQ(test, run(sa, skb, true), -EINVAL);
	kfree_skb(skb);
	/* The operations dropped the references they were given. */
	KUNIT_EXPECT_EQ(test, refcount_read(&sa->refs), 1);
	gsec_sa_put(sa);
	gsec_sa_put(other);
}

/* A frame whose payload sits in a page fragment gives the same bytes. */
static void crypto_paged_skb(struct kunit *test)
{
	struct gsec_sa *sa = sa_new(test, gsec_test_key16, sizeof(gsec_test_key16));
	u8 out[sizeof(packet) + GSEC_TAG_LEN];
	struct sk_buff *skb;
	struct page *page;

	skb = frame(test, NULL, 0);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	memcpy(page_address(page), packet, sizeof(packet));
	skb_add_rx_frag(skb, 0, page, 0, sizeof(packet), PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, run(sa, skb, false), 0);
	KUNIT_ASSERT_EQ(test, skb->len, GSEC_HDR_LEN + sizeof(out));
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, GSEC_HDR_LEN, out, sizeof(out)), 0);
	KUNIT_EXPECT_MEMEQ(test, out, kat128, sizeof(out));
	kfree_skb(skb);
	gsec_sa_put(sa);
}

/*
 * The same frames through cryptd: every operation completes later. Two in
 * flight at once must not share this CPU's operation block: the second,
 * unless the first has already completed, gets one of its own.
 */
static void crypto_known_answer_async(struct kunit *test)
{
	struct sk_buff *skb, *skb2;
	const char *why = NULL;
	struct waiter w, w2;
	struct gsec_sa *sa;
	int err, err2;

	gsec_sa_force_async = true;
	sa = gsec_sa_create(0xa1b2c3d4, true, gsec_test_key16,
			    sizeof(gsec_test_key16), 60, 0, &why);
	gsec_sa_force_async = false;
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(sa), "%s", why);
	kunit_info(test, "driver %s\n", gsec_sa_driver(sa));
	KUNIT_EXPECT_NOT_NULL(test, strstr(gsec_sa_driver(sa), "cryptd"));

	skb = frame(test, packet, sizeof(packet));
	skb2 = frame(test, packet, sizeof(packet));
	err = start(sa, skb, false, &w);
	err2 = start(sa, skb2, false, &w2);
	/* (No assertion may return while a waiter on the stack is pending.) */
	KUNIT_EXPECT_EQ(test, err, -EINPROGRESS);
	KUNIT_EXPECT_EQ(test, err2, -EINPROGRESS);
	if (err == -EINPROGRESS) {
		wait_for_completion(&w.done);
		err = w.err;
	}
	if (err2 == -EINPROGRESS) {
		wait_for_completion(&w2.done);
		err2 = w2.err;
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_EQ(test, err2, 0);
	KUNIT_EXPECT_MEMEQ(test, skb->data + GSEC_HDR_LEN, kat128, sizeof(kat128));
	KUNIT_EXPECT_MEMEQ(test, skb2->data + GSEC_HDR_LEN, kat128, sizeof(kat128));
	KUNIT_ASSERT_EQ(test, run(sa, skb, true), 0);
	KUNIT_EXPECT_MEMEQ(test, skb->data + GSEC_HDR_LEN, packet, sizeof(packet));
	kfree_skb(skb);
	kfree_skb(skb2);

	skb = frame(test, kat128, sizeof(kat128));
	skb->data[GSEC_HDR_LEN] ^= 1;
	KUNIT_EXPECT_EQ(test, run(sa, skb, true), -EBADMSG);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, refcount_read(&sa->refs), 1);
	gsec_sa_put(sa);
}

static struct kunit_case gsec_crypto_test_cases[] = {
	KUNIT_CASE(crypto_known_answer_aes128),
	KUNIT_CASE(crypto_known_answer_aes256),
	KUNIT_CASE(crypto_rejects_tampering),
	KUNIT_CASE(crypto_paged_skb),
	KUNIT_CASE_SLOW(crypto_known_answer_async),
	{}
};

struct kunit_suite gsec_crypto_test_suite = {
	.name = "genevesec_crypto",
	.test_cases = gsec_crypto_test_cases,
};
