// SPDX-License-Identifier: GPL-2.0
/*
 * Generic cell rate algorithm: each accepted frame pushes the theoretical
 * arrival time one interval (1/rate) further; a frame is refused when that
 * time already runs a burst of intervals ahead of now. One
 * compare-and-exchange per frame, no lock, no timer.
 */

#include <linux/export.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/time64.h>
#include <kunit/visibility.h>

#include "ratelimit.h"

/* A tenth of a second's worth of frames may arrive back to back. */
#define GSEC_RL_BURST_DIV	10

void gsec_ratelimit_init(struct gsec_ratelimit *rl)
{
	atomic64_set(&rl->tat, 0);
}
EXPORT_SYMBOL_IF_KUNIT(gsec_ratelimit_init);

/**
 * gsec_ratelimit_allow() - admit one frame or not
 * @rl: the limiter
 * @rate: frames per second, at least 1
 * @now: a monotonic clock in ns
 *
 * Context: any; lock-free.
 * Return: true when the frame is within the rate.
 */
bool gsec_ratelimit_allow(struct gsec_ratelimit *rl, u32 rate, u64 now)
{
	u64 interval = div_u64(NSEC_PER_SEC, rate) ?: 1;
	/* How far ahead of now the schedule may run: a burst of frames. */
	u64 slack = interval * (max_t(u32, rate / GSEC_RL_BURST_DIV, 1) - 1);
	s64 tat = atomic64_read(&rl->tat);
	u64 next;

	do {
		next = max_t(u64, tat, now);
		if (next - now > slack)
			return false;
		next += interval;
	} while (!atomic64_try_cmpxchg(&rl->tat, &tat, next));
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_ratelimit_allow);
