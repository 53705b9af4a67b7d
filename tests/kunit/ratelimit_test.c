// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the receive rate limiter on an injected clock: the burst, the
 * steady rate, recovery after a pause, and that refused frames cost
 * nothing (they do not push the schedule further out).
 */

#include <kunit/test.h>
#include <linux/time64.h>

#include "ratelimit.h"
#include "suites.h"

/* Frames admitted out of @n offered @step ns apart from @start. */
static unsigned int offer(struct gsec_ratelimit *rl, u32 rate, u64 start,
			  u64 step, unsigned int n)
{
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++)
		ok += gsec_ratelimit_allow(rl, rate, start + i * step);
	return ok;
}

static void ratelimit_burst_then_rate(struct kunit *test)
{
	struct gsec_ratelimit rl;
	const u64 t0 = 5 * NSEC_PER_SEC;

	gsec_ratelimit_init(&rl);
	/* 1000/s: a burst of 100 back to back, then nothing at once. */
	KUNIT_EXPECT_EQ(test, offer(&rl, 1000, t0, 0, 500), 100);
	/* One interval (1 ms) later exactly one more. */
	KUNIT_EXPECT_EQ(test, offer(&rl, 1000, t0 + NSEC_PER_MSEC, 0, 10), 1);

	/* Offered at 10x the rate for a second: the rate gets through. */
	gsec_ratelimit_init(&rl);
	KUNIT_EXPECT_EQ(test, offer(&rl, 1000, t0, NSEC_PER_MSEC / 10, 10000),
			100 + 1000 - 1);
}

static void ratelimit_under_rate_never_drops(struct kunit *test)
{
	struct gsec_ratelimit rl;

	gsec_ratelimit_init(&rl);
	/* 1000/s offered at 999/s for 10 s. */
	KUNIT_EXPECT_EQ(test, offer(&rl, 1000, NSEC_PER_SEC,
				    NSEC_PER_SEC / 999, 9990), 9990);
}

static void ratelimit_recovers_after_pause(struct kunit *test)
{
	struct gsec_ratelimit rl;
	const u64 t0 = NSEC_PER_SEC;

	gsec_ratelimit_init(&rl);
	KUNIT_EXPECT_EQ(test, offer(&rl, 10, t0, 0, 50), 1);	/* burst of 1 */
	/* A storm of refused frames does not delay the next slot. */
	KUNIT_EXPECT_EQ(test, offer(&rl, 10, t0, 1000, 10000), 0);
	KUNIT_EXPECT_TRUE(test, gsec_ratelimit_allow(&rl, 10, t0 + NSEC_PER_SEC / 10));
	/* After a long pause: a fresh burst, not a backlog. */
	KUNIT_EXPECT_EQ(test, offer(&rl, 10, t0 + 60 * NSEC_PER_SEC, 0, 50), 1);
}

static void ratelimit_extreme_rates(struct kunit *test)
{
	struct gsec_ratelimit rl;

	gsec_ratelimit_init(&rl);
	/* 1/s: one frame, then one a second later. */
	KUNIT_EXPECT_EQ(test, offer(&rl, 1, NSEC_PER_SEC, 0, 5), 1);
	KUNIT_EXPECT_EQ(test, offer(&rl, 1, 2 * NSEC_PER_SEC, 0, 5), 1);
	/* U32_MAX/s: an interval rounds up to 1 ns, nothing overflows. */
	gsec_ratelimit_init(&rl);
	KUNIT_EXPECT_EQ(test, offer(&rl, U32_MAX, NSEC_PER_SEC, 0, 1000), 1000);
}

static struct kunit_case gsec_ratelimit_test_cases[] = {
	KUNIT_CASE(ratelimit_burst_then_rate),
	KUNIT_CASE(ratelimit_under_rate_never_drops),
	KUNIT_CASE(ratelimit_recovers_after_pause),
	KUNIT_CASE(ratelimit_extreme_rates),
	{}
};

struct kunit_suite gsec_ratelimit_test_suite = {
	.name = "genevesec_ratelimit",
	.test_cases = gsec_ratelimit_test_cases,
};
