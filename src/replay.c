// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6479 anti-replay window. Advancing never shifts bits: the blocks
 * between the old and the new top are cleared, and each counter owns one bit
 * of the ring at (counter mod 8192). It runs after decryption, so that only
 * authenticated counters move the window.
 */

#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "replay.h"

void gsec_replay_init(struct gsec_replay *r)
{
	memset(r, 0, sizeof(*r));
}
EXPORT_SYMBOL_IF_KUNIT(gsec_replay_init);

/**
 * gsec_replay_check() - accept a counter at most once
 * @r: the window of one receive SA
 * @counter: the authenticated counter of a received frame
 *
 * Return: true if @counter is new and inside the window (it is now marked
 * seen), false for a repeat, a counter too old, or one at the reject limit.
 */
bool gsec_replay_check(struct gsec_replay *r, u64 counter)
{
	u64 block = counter / GSEC_REPLAY_BLOCK_BITS;
	u64 top_block, n, i, bit;

	if (counter >= GSEC_REPLAY_REJECT_FROM)
		return false;

	if (counter >= r->next) {
		/* Clear the blocks the top moves over (all of them at most);
		 * a fresh window is already clear.
		 */
		if (r->next) {
			top_block = (r->next - 1) / GSEC_REPLAY_BLOCK_BITS;
			n = min_t(u64, block - top_block, GSEC_REPLAY_BLOCKS);
			for (i = 1; i <= n; i++)
				r->blocks[(top_block + i) % GSEC_REPLAY_BLOCKS] = 0;
		}
		r->next = counter + 1;
	} else if (r->next - 1 - counter > GSEC_REPLAY_WINDOW) {
		return false;	/* too old */
	}

	bit = BIT_ULL(counter % GSEC_REPLAY_BLOCK_BITS);
	if (r->blocks[block % GSEC_REPLAY_BLOCKS] & bit)
		return false;	/* replayed */
	r->blocks[block % GSEC_REPLAY_BLOCKS] |= bit;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_replay_check);
