/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU counters of networks and devices. Their order follows the
 * GENEVESEC_A_STATS_* attributes, so that netlink reports them by index.
 */
#ifndef _GENEVESEC_STATS_H
#define _GENEVESEC_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include <uapi/linux/genevesec.h>

/* Per network; protocol spec section 5. */
enum gsec_net_stat {
	GSEC_NS_RX_PACKETS,
	GSEC_NS_RX_BYTES,
	GSEC_NS_TX_PACKETS,
	GSEC_NS_TX_BYTES,
	GSEC_NS_RX_BAD_PEER,
	GSEC_NS_RX_NO_KEY,
	GSEC_NS_RX_EXPIRED_KEY,
	GSEC_NS_RX_SPI_MISMATCH,
	GSEC_NS_RX_RATE_LIMIT,
	GSEC_NS_RX_DECRYPT_ERRORS,
	GSEC_NS_RX_REPLAY,
	GSEC_NS_RX_INVALID_SRC,
	GSEC_NS_RX_INVALID_DST,
	GSEC_NS_TX_ERRORS,
	GSEC_NS_TX_EXPIRED_KEY,
	GSEC_NS_COUNT
};

#define GSEC_NS_ATTR_FIRST	GENEVESEC_A_STATS_RX_PACKETS

/* Per device: drops that belong to no network. */
enum gsec_dev_stat {
	GSEC_DS_RX_MALFORMED,
	GSEC_DS_RX_UNKNOWN_VNI,
	GSEC_DS_TX_NO_ROUTE,
	GSEC_DS_TX_NON_IP,
	GSEC_DS_TX_TOO_BIG,
	GSEC_DS_RX_ECN_DROPS,
	GSEC_DS_CRYPTO_QUEUE_FULL,
	GSEC_DS_COUNT
};

#define GSEC_DS_ATTR_FIRST	GENEVESEC_A_STATS_RX_MALFORMED

struct gsec_counters {
	struct u64_stats_sync syncp;
	u64_stats_t v[];
};

struct gsec_counters __percpu *gsec_stats_alloc(unsigned int n, gfp_t gfp);
void gsec_stats_sum(struct gsec_counters __percpu *c, unsigned int n, u64 *sum);

/* Context: bottom halves or preemption off. */
static inline void gsec_stats_add(struct gsec_counters __percpu *c,
				  unsigned int i, u64 val)
{
	struct gsec_counters *s = this_cpu_ptr(c);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->v[i], val);
	u64_stats_update_end(&s->syncp);
}

static inline void gsec_stats_add2(struct gsec_counters __percpu *c,
				   unsigned int i, u64 a, unsigned int j,
				   u64 b)
{
	struct gsec_counters *s = this_cpu_ptr(c);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->v[i], a);
	u64_stats_add(&s->v[j], b);
	u64_stats_update_end(&s->syncp);
}

#endif /* _GENEVESEC_STATS_H */
