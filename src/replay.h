/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receive replay window (RFC 6479): a ring of 8192 bits in 64-bit blocks
 * that accepts each counter once, up to 8128 behind the highest seen.
 * Pure logic: the caller serialises calls for one SA.
 */
#ifndef _GENEVESEC_REPLAY_H
#define _GENEVESEC_REPLAY_H

#include <linux/bitops.h>
#include <linux/types.h>

#define GSEC_REPLAY_BLOCKS	128
#define GSEC_REPLAY_BLOCK_BITS	64
#define GSEC_REPLAY_BITS	(GSEC_REPLAY_BLOCKS * GSEC_REPLAY_BLOCK_BITS)
/* One block is always being recycled, so it cannot hold history. */
#define GSEC_REPLAY_WINDOW	(GSEC_REPLAY_BITS - GSEC_REPLAY_BLOCK_BITS)
/* Counters from here on are refused: 2^64 - 2^13 - 1. */
#define GSEC_REPLAY_REJECT_FROM	(U64_MAX - GSEC_REPLAY_BITS)

struct gsec_replay {
	u64 next;	/* highest counter accepted + 1; 0 before the first */
	u64 blocks[GSEC_REPLAY_BLOCKS];
};

void gsec_replay_init(struct gsec_replay *r);
bool gsec_replay_check(struct gsec_replay *r, u64 counter);

#endif /* _GENEVESEC_REPLAY_H */
