// SPDX-License-Identifier: GPL-2.0
/*
 * The AEAD step of transmit and receive, synchronous or asynchronous.
 *
 * An operation needs one block holding the request, the crypto driver's
 * context and the scatterlist: an asynchronous driver keeps using them
 * after we return, so they can live neither on the stack nor in skb->cb.
 * Each CPU has one such block, allocated at module load, which an
 * operation takes when it is free and big enough; only when it is not (an
 * earlier operation still in flight asynchronously, one nested from an
 * interrupt, a frame of very many fragments) is a block allocated for the
 * operation and freed at its end.
 *
 * Contract: the caller hands over a reference on the SA, which the
 * operation drops at its end, whatever the outcome. A return of
 * -EINPROGRESS means @done will be called with the result; any other
 * return is the result itself and @done is not called: -ENOSPC when an
 * asynchronous driver's queue is full.
 */

#include <crypto/aead.h>
#include <linux/bitops.h>
#include <linux/export.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "crypto.h"
#include "proto.h"
#include "sa.h"

/*
 * The request and context of gcm-aesni, even through cryptd, take a few
 * hundred bytes and each scatterlist entry some 32: 2 KiB is room for a
 * frame of MAX_SKB_FRAGS fragments, so in practice only frames with a
 * frag_list need an allocation.
 */
#define GSEC_CRYPTO_SLOT_SIZE	2048

struct gsec_crypto_slot {
	unsigned long busy;	/* bit 0: an operation is using @buf */
	void *buf;		/* GSEC_CRYPTO_SLOT_SIZE bytes */
};

static DEFINE_PER_CPU(struct gsec_crypto_slot, gsec_crypto_slots);

struct gsec_crypto_op {
	struct sk_buff *skb;
	struct gsec_sa *sa;
	gsec_crypto_done_t done;
	struct gsec_crypto_slot *slot;	/* NULL: allocated for this op */
	bool decrypt;
	/* The driver's request context follows, then the scatterlist. */
	struct aead_request req;
};

static size_t op_sg_off(struct gsec_sa *sa)
{
	return ALIGN(sizeof(struct gsec_crypto_op) + crypto_aead_reqsize(sa->tfm),
		     __alignof__(struct scatterlist));
}

static struct scatterlist *op_sg(struct gsec_crypto_op *op)
{
	return (void *)op + op_sg_off(op->sa);
}

static struct gsec_crypto_op *op_alloc(struct gsec_sa *sa, unsigned int nsg)
{
	size_t size = op_sg_off(sa) + nsg * sizeof(struct scatterlist);
	struct gsec_crypto_slot *slot = raw_cpu_ptr(&gsec_crypto_slots);
	struct gsec_crypto_op *op;

	/*
	 * The slot is this CPU's only so that its memory is local and warm:
	 * what makes it ours is the busy bit alone, taken by one atomic
	 * test-and-set, so nothing more needs guarding. Moved to another
	 * CPU after reading the pointer (process context, preemptible), we
	 * merely use the slot of the CPU we left. An operation nested on
	 * this CPU while ours runs (hard interrupt, netpoll) finds the bit
	 * set and allocates. An operation that went asynchronous keeps the
	 * bit set until its completion, on whatever CPU, clears it in
	 * op_finish(); meanwhile this CPU allocates. The acquire here pairs
	 * with the release there: the last accesses to the block of the
	 * previous operation (its driver's and its completion's) come
	 * before our first.
	 */
	if (size <= GSEC_CRYPTO_SLOT_SIZE &&
	    !test_and_set_bit_lock(0, &slot->busy)) {
		op = slot->buf;
		op->slot = slot;
		return op;
	}
	op = kmalloc(size, GFP_ATOMIC);
	if (op)
		op->slot = NULL;
	return op;
}

/*
 * The end of an operation, whether it completed now or later: the block
 * is given back first, so that what the caller or @done does next (the
 * send, maybe another frame) finds the slot free, and the SA's reference
 * is dropped.
 */
static int op_finish(struct gsec_crypto_op *op, int err)
{
	struct sk_buff *skb = op->skb;
	struct gsec_sa *sa = op->sa;
	bool decrypt = op->decrypt;

	if (op->slot)
		clear_bit_unlock(0, &op->slot->busy);
	else
		kfree(op);
	gsec_sa_put(sa);
	/* A verified frame loses its tag; pskb_trim cannot fail after cow. */
	if (!err && decrypt)
		err = pskb_trim(skb, skb->len - GSEC_TAG_LEN);
	return err;
}

static void op_complete(void *data, int err)
{
	struct gsec_crypto_op *op = data;
	gsec_crypto_done_t done = op->done;
	struct sk_buff *skb = op->skb;

	/* The SA's memory outlives its last reference by a grace period:
	 * @done may still read it (receive: the replay window).
	 */
	rcu_read_lock();
	done(skb, op_finish(op, err));
	rcu_read_unlock();
}

static int op_run(struct gsec_sa *sa, struct sk_buff *skb,
		  gsec_crypto_done_t done, bool decrypt)
{
	struct gsec_crypto_op *op;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	unsigned int len;
	int nsg, err;

	err = -EINVAL;
	if (skb->len < GSEC_HDR_LEN + (decrypt ? GSEC_TAG_LEN : 0))
		goto put;
	/* Writable data, room for the tag, and the frags counted. */
	nsg = skb_cow_data(skb, decrypt ? 0 : GSEC_TAG_LEN, &trailer);
	if (nsg < 0) {
		err = nsg;
		goto put;
	}
	if (!decrypt)
		pskb_put(skb, trailer, GSEC_TAG_LEN);
	if (!pskb_may_pull(skb, GSEC_HDR_LEN))
		goto put;

	op = op_alloc(sa, nsg);
	if (!op) {
		err = -ENOMEM;
		goto put;
	}
	op->skb = skb;
	op->sa = sa;
	op->done = done;
	op->decrypt = decrypt;

	sg = op_sg(op);
	sg_init_table(sg, nsg);
	err = skb_to_sgvec_nomark(skb, sg, 0, skb->len);
	if (unlikely(err < 0))
		return op_finish(op, err);

	/* In place: header as associated data, then payload (and tag). */
	len = skb->len - GSEC_HDR_LEN - (decrypt ? 0 : GSEC_TAG_LEN);
	aead_request_set_tfm(&op->req, sa->tfm);
	/*
	 * No CRYPTO_TFM_REQ_MAY_BACKLOG: an asynchronous driver whose queue
	 * is full (cryptd: cryptd_max_cpu_qlen requests a CPU) must refuse
	 * the frame, not put it on a backlog that softirq can grow without
	 * bound while the driver's worker waits for the CPU. The frame is
	 * dropped and counted, as a full device queue drops.
	 */
	aead_request_set_callback(&op->req, 0, op_complete, op);
	aead_request_set_crypt(&op->req, sg, sg, len, skb->data + GSEC_NONCE_OFF);
	aead_request_set_ad(&op->req, GSEC_HDR_LEN);

	/* From here the completion may already have run on another CPU:
	 * neither @op nor @skb nor @sa is ours after -EINPROGRESS.
	 */
	err = decrypt ? crypto_aead_decrypt(&op->req) :
			crypto_aead_encrypt(&op->req);
	if (err == -EINPROGRESS)
		return -EINPROGRESS;
	/* Not queued: -ENOSPC, or -EBUSY from drivers of the old convention. */
	if (err == -EBUSY)
		err = -ENOSPC;
	return op_finish(op, err);

put:
	gsec_sa_put(sa);
	return err;
}

/**
 * gsec_crypto_encrypt() - seal a frame
 * @sa: the transmit SA; the caller's reference passes to the operation,
 *	which drops it at its end, whatever the return
 * @skb: header (with nonce) then plaintext, from skb->data
 * @done: called on asynchronous completion, under rcu_read_lock()
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
 * @sa: the receive SA; the caller's reference passes to the operation,
 *	which drops it at its end, whatever the return. @done, or the
 *	caller after a synchronous return, may still read @sa under RCU.
 * @skb: header, ciphertext and tag, from skb->data
 * @done: called on asynchronous completion, under rcu_read_lock()
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

/**
 * gsec_crypto_init() - allocate each CPU's operation block
 *
 * Context: process; module load.
 * Return: 0 or -ENOMEM.
 */
int gsec_crypto_init(void)
{
	struct gsec_crypto_slot *slot;
	int cpu;

	for_each_possible_cpu(cpu) {
		slot = per_cpu_ptr(&gsec_crypto_slots, cpu);
		slot->buf = kmalloc_node(GSEC_CRYPTO_SLOT_SIZE, GFP_KERNEL,
					 cpu_to_node(cpu));
		if (!slot->buf) {
			gsec_crypto_uninit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * gsec_crypto_uninit() - free each CPU's operation block
 *
 * Context: process; module unload, once no operation can be in flight:
 * frames in the AEAD hold a device reference, which they drop only after
 * op_finish() gave the block back.
 */
void gsec_crypto_uninit(void)
{
	struct gsec_crypto_slot *slot;
	int cpu;

	for_each_possible_cpu(cpu) {
		slot = per_cpu_ptr(&gsec_crypto_slots, cpu);
		kfree(slot->buf);
		slot->buf = NULL;
	}
}
