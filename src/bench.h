/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Microbenchmarks of the data path, in the bench kernel's module only
 * (GENEVESEC_BENCH=y); elsewhere these are empty.
 */
#ifndef _GENEVESEC_BENCH_H
#define _GENEVESEC_BENCH_H

#ifdef GENEVESEC_BENCH
void gsec_bench_init(void);
void gsec_bench_uninit(void);
#else
static inline void gsec_bench_init(void) {}
static inline void gsec_bench_uninit(void) {}
#endif

#endif /* _GENEVESEC_BENCH_H */
