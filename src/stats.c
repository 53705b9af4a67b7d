// SPDX-License-Identifier: GPL-2.0
/* Per-CPU counter blocks: allocation and summing for netlink. */

#include <linux/bug.h>
#include <linux/string.h>

#include "stats.h"

struct gsec_counters __percpu *gsec_stats_alloc(unsigned int n, gfp_t gfp)
{
	struct gsec_counters __percpu *c;
	int cpu;

	c = __alloc_percpu_gfp(struct_size_t(struct gsec_counters, v, n),
			       __alignof__(struct gsec_counters), gfp);
	if (!c)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(c, cpu)->syncp);
	return c;
}

void gsec_stats_sum(struct gsec_counters __percpu *c, unsigned int n, u64 *sum)
{
	const struct gsec_counters *s;
	u64 one[GSEC_NS_COUNT];
	unsigned int start, i;
	int cpu;

	if (WARN_ON_ONCE(n > ARRAY_SIZE(one)))
		n = ARRAY_SIZE(one);
	memset(sum, 0, n * sizeof(*sum));
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(c, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < n; i++)
				one[i] = u64_stats_read(&s->v[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < n; i++)
			sum[i] += one[i];
	}
}
