// SPDX-License-Identifier: GPL-2.0
/*
 * The AEAD step of transmit and receive, synchronous or asynchronous.
 *
 * Each operation allocates one block holding the request, the crypto
 * driver's context and the scatterlist: an asynchronous driver keeps using
 * them after we return, so they can live neither on the stack nor in
 * skb->cb. The block also records the SA, on which it holds a reference
 * until completion.
 *
 * Contract: a return of -EINPROGRESS means @done will be called with the
 * result; any other return is the result itself and @done is not called.
 */

#include <crypto/aead.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "crypto.h"
#include "proto.h"
#include "sa.h"

struct gsec_crypto_op {
	struct sk_buff *skb;
	struct gsec_sa *sa;
	gsec_crypto_done_t done;
	bool decrypt;
	/* The driver's request context follows, then the scatterlist. */
	struct aead_request req;
};

static struct scatterlist *op_sg(struct gsec_crypto_op *op)
{
	return (void *)op + ALIGN(sizeof(*op) + crypto_aead_reqsize(op->sa->tfm),
				  __alignof__(struct scatterlist));
}

static struct gsec_crypto_op *op_alloc(struct gsec_sa *sa, unsigned int nsg)
{
	size_t size = ALIGN(sizeof(struct gsec_crypto_op) +
			    crypto_aead_reqsize(sa->tfm),
			    __alignof__(struct scatterlist)) +
		      nsg * sizeof(struct scatterlist);

	return kmalloc(size, GFP_ATOMIC);
}

/* The end of an operation, whether it completed now or later. */
static int op_finish(struct gsec_crypto_op *op, int err)
{
	struct sk_buff *skb = op->skb;

	/* A verified frame loses its tag; pskb_trim cannot fail after cow. */
	if (!err && op->decrypt)
		err = pskb_trim(skb, skb->len - GSEC_TAG_LEN);
	gsec_sa_put(op->sa);
	kfree(op);
	return err;
}

static void op_complete(void *data, int err)
{
	struct gsec_crypto_op *op = data;
	gsec_crypto_done_t done = op->done;
	struct sk_buff *skb = op->skb;

	/* A backlogged request reports once that it started: not the end. */
	if (err == -EINPROGRESS)
		return;
	done(skb, op_finish(op, err));
}

static int op_run(struct gsec_sa *sa, struct sk_buff *skb,
		  gsec_crypto_done_t done, bool decrypt)
{
	struct gsec_crypto_op *op;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	unsigned int len;
	int nsg, err;

	if (skb->len < GSEC_HDR_LEN + (decrypt ? GSEC_TAG_LEN : 0))
		return -EINVAL;
	/* Writable data, room for the tag, and the frags counted. */
	nsg = skb_cow_data(skb, decrypt ? 0 : GSEC_TAG_LEN, &trailer);
	if (nsg < 0)
		return nsg;
	if (!decrypt)
		pskb_put(skb, trailer, GSEC_TAG_LEN);
	if (!pskb_may_pull(skb, GSEC_HDR_LEN))
		return -EINVAL;

	op = op_alloc(sa, nsg);
	if (!op)
		return -ENOMEM;
	op->skb = skb;
	op->sa = sa;
	op->done = done;
	op->decrypt = decrypt;
	refcount_inc(&sa->refs);

	sg = op_sg(op);
	sg_init_table(sg, nsg);
	err = skb_to_sgvec_nomark(skb, sg, 0, skb->len);
	if (unlikely(err < 0))
		return op_finish(op, err);

	/* In place: header as associated data, then payload (and tag). */
	len = skb->len - GSEC_HDR_LEN - (decrypt ? 0 : GSEC_TAG_LEN);
	aead_request_set_tfm(&op->req, sa->tfm);
	aead_request_set_callback(&op->req, CRYPTO_TFM_REQ_MAY_BACKLOG,
				  op_complete, op);
	aead_request_set_crypt(&op->req, sg, sg, len, skb->data + GSEC_NONCE_OFF);
	aead_request_set_ad(&op->req, GSEC_HDR_LEN);

	err = decrypt ? crypto_aead_decrypt(&op->req) :
			crypto_aead_encrypt(&op->req);
	if (err == -EINPROGRESS || err == -EBUSY)
		return -EINPROGRESS;
	return op_finish(op, err);
}

/**
 * gsec_crypto_encrypt() - seal a frame
 * @sa: the transmit SA (a reference is taken while the operation runs)
 * @skb: header (with nonce) then plaintext, from skb->data
 * @done: called on asynchronous completion
 *
 * Context: any; does not sleep.
 * Return: 0 (the tag is appended), -EINPROGRESS, or an error.
 */
int gsec_crypto_encrypt(struct gsec_sa *sa, struct sk_buff *skb,
			gsec_crypto_done_t done)
{
	return op_run(sa, skb, done, false);
}
EXPORT_SYMBOL_IF_KUNIT(gsec_crypto_encrypt);

/**
 * gsec_crypto_decrypt() - open a frame
 * @sa: the receive SA (a reference is taken while the operation runs)
 * @skb: header, ciphertext and tag, from skb->data
 * @done: called on asynchronous completion
 *
 * Context: any; does not sleep.
 * Return: 0 (plaintext in place, tag removed), -EINPROGRESS, -EBADMSG
 * when authentication fails, or another error.
 */
int gsec_crypto_decrypt(struct gsec_sa *sa, struct sk_buff *skb,
			gsec_crypto_done_t done)
{
	return op_run(sa, skb, done, true);
}
EXPORT_SYMBOL_IF_KUNIT(gsec_crypto_decrypt);
