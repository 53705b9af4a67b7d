/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receive rate limiter of one network: a lock-free generic cell rate
 * algorithm (one atomic "theoretical arrival time"), cheap enough to run
 * before decryption. Pure logic: the caller passes the clock.
 */
#ifndef _GENEVESEC_RATELIMIT_H
#define _GENEVESEC_RATELIMIT_H

#include <linux/atomic.h>
#include <linux/types.h>

struct gsec_ratelimit {
	atomic64_t tat;		/* ns: when the bucket is empty again */
};

void gsec_ratelimit_init(struct gsec_ratelimit *rl);
bool gsec_ratelimit_allow(struct gsec_ratelimit *rl, u32 rate, u64 now);

#endif /* _GENEVESEC_RATELIMIT_H */
