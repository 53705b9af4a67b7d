// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the RFC 6479 replay window, table-driven at its edges and against
 * a brute-force reference on random counter sequences.
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "replay.h"
#include "suites.h"

struct step {
	u64 counter;
	bool accept;
};

#define W GSEC_REPLAY_WINDOW
#define B GSEC_REPLAY_BITS

static const struct step steps[] = {
	{ 1, true }, { 1, false },		/* a repeat */
	{ 2, true }, { 0, true }, { 0, false },	/* 0 is a counter like any */
	{ 9, true }, { 4, true }, { 4, false }, { 9, false },
	{ 63, true }, { 64, true }, { 65, true }, { 64, false },
	{ 2 + W, true },			/* 2 is exactly W behind now */
	{ 2, false },				/* ...but was seen */
	{ 3, true },				/* W - 1 behind, never seen */
	{ 1, false },				/* W + 1 behind: too old */
	{ 5 + W, true }, { 5, true }, { 4, false },
	{ 5 + W + B, true },			/* the same ring slot, one lap on */
	{ 5 + W + B, false },
	{ 5 + W, false },			/* a full lap behind: too old */
	{ 5 + 2 * W + B, true },		/* exactly W ahead */
	{ 5 + W + B, false },		/* W behind, seen */
	{ 6 + W + B, true },			/* W - 1 behind, unseen */
	{ 1000000, true }, { 1000000 - W, true }, { 1000000 - W - 1, false },
	{ 999999, true }, { 999999, false },
};

static void replay_steps(struct kunit *test)
{
	struct gsec_replay *r;
	int i;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	gsec_replay_init(r);
	for (i = 0; i < ARRAY_SIZE(steps); i++)
		KUNIT_EXPECT_EQ_MSG(test, gsec_replay_check(r, steps[i].counter),
				    steps[i].accept, "step %d: counter %llu", i,
				    steps[i].counter);
}

static void replay_limits(struct kunit *test)
{
	struct gsec_replay *r;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);

	/* The receiver rejects counters >= 2^64 - 2^13 - 1. */
	KUNIT_EXPECT_EQ(test, GSEC_REPLAY_REJECT_FROM, U64_MAX - 8192);
	gsec_replay_init(r);
	KUNIT_EXPECT_TRUE(test, gsec_replay_check(r, GSEC_REPLAY_REJECT_FROM - 1));
	KUNIT_EXPECT_FALSE(test, gsec_replay_check(r, GSEC_REPLAY_REJECT_FROM - 1));
	KUNIT_EXPECT_FALSE(test, gsec_replay_check(r, GSEC_REPLAY_REJECT_FROM));
	KUNIT_EXPECT_FALSE(test, gsec_replay_check(r, U64_MAX));
	KUNIT_EXPECT_TRUE(test, gsec_replay_check(r, GSEC_REPLAY_REJECT_FROM - 2));
	KUNIT_EXPECT_FALSE(test, gsec_replay_check(r, GSEC_REPLAY_REJECT_FROM - 2 - W - 1));

	/* A refused counter does not move the window. */
	gsec_replay_init(r);
	KUNIT_EXPECT_TRUE(test, gsec_replay_check(r, 10));
	KUNIT_EXPECT_FALSE(test, gsec_replay_check(r, U64_MAX));
	KUNIT_EXPECT_TRUE(test, gsec_replay_check(r, 9));

	/* Re-initialising (a re-added SA) forgets everything. */
	gsec_replay_init(r);
	KUNIT_EXPECT_TRUE(test, gsec_replay_check(r, 10));
}

#define REF_RANGE	40000
#define REF_OPS		100000

/* Random walks near the top of the window against a plain bitmap. */
static void replay_random_vs_reference(struct kunit *test)
{
	struct rnd_state rnd;
	struct gsec_replay *r;
	unsigned long *seen;
	u64 max = 0, c;
	bool any = false, want;
	int i, round;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	seen = kunit_kcalloc(test, BITS_TO_LONGS(REF_RANGE), sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	prandom_seed_state(&rnd, 6479);

	for (round = 0; round < 4; round++) {
		gsec_replay_init(r);
		bitmap_zero(seen, REF_RANGE);
		any = false;
		max = 0;
		for (i = 0; i < REF_OPS; i++) {
			u32 x = prandom_u32_state(&rnd);

			/* Mostly just behind or just ahead of the top, with
			 * occasional long jumps both ways.
			 */
			if (x % 16 == 0)
				c = x % REF_RANGE;
			else
				c = clamp_t(s64, (s64)max + (s32)(x % (2 * W + 600)) - W,
					    0, REF_RANGE - 1);
			want = !test_bit(c, seen) &&
			       (!any || c > max || max - c <= W);
			KUNIT_ASSERT_EQ_MSG(test, gsec_replay_check(r, c), want,
					    "round %d op %d: counter %llu, top %llu",
					    round, i, c, max);
			if (want) {
				__set_bit(c, seen);
				if (!any || c > max)
					max = c;
				any = true;
			}
			if (!(i % 4096))
				cond_resched();
		}
	}
}

static struct kunit_case gsec_replay_test_cases[] = {
	KUNIT_CASE(replay_steps),
	KUNIT_CASE(replay_limits),
	KUNIT_CASE(replay_random_vs_reference),
	{}
};

struct kunit_suite gsec_replay_test_suite = {
	.name = "genevesec_replay",
	.test_cases = gsec_replay_test_cases,
};
