/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Microbenchmarks of the data path, in the bench kernel's module only
 * (GENEVESEC_BENCH=y); elsewhere these are empty.
 */
#ifndef _GENEVESEC_BENCH_H
#define _GENEVESEC_BENCH_H

#include <linux/skbuff.h>

#include "genevesec.h"

#ifdef GENEVESEC_BENCH
void gsec_bench_init(void);
void gsec_bench_uninit(void);
bool gsec_bench_tx_sink(struct gsec_dev *gsec, struct sk_buff *skb);
#else
static inline void gsec_bench_init(void) {}
static inline void gsec_bench_uninit(void) {}
static inline bool gsec_bench_tx_sink(struct gsec_dev *gsec,
				      struct sk_buff *skb)
{
	return false;
}
#endif

#endif /* _GENEVESEC_BENCH_H */
