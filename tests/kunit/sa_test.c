// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: security associations. Creation limits, the key fingerprint, the
 * install guards, grace and expiry on an injected clock, receive-SA limits
 * and counter limits.
 */

#include <kunit/test.h>
#include <linux/mutex.h>
#include <uapi/linux/genevesec_genl.h>

#include "sa.h"
#include "suites.h"

static DEFINE_MUTEX(sa_test_lock);

#define SEC(s) ((u64)(s) * NSEC_PER_SEC)

static void sa_test_unlock(void *lock)
{
	mutex_unlock(lock);
}

/* Take the writers' mutex so that a failed assertion still releases it. */
static void lock(struct kunit *test)
{
	mutex_lock(&sa_test_lock);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sa_test_unlock,
							&sa_test_lock), 0);
}

static void unlock(struct kunit *test)
{
	kunit_release_action(test, sa_test_unlock, &sa_test_lock);
}

static const u8 key16b[16] = { 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

static struct gsec_sa *new_sa(struct kunit *test, u32 spi, bool tx,
			      const u8 *key, unsigned int len, u64 now)
{
	const char *why = NULL;
	struct gsec_sa *sa;

	sa = gsec_sa_create(spi, tx, key, len, 3600, now, &why);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(sa), "create: %s", why);
	return sa;
}

static void sa_create_rules(struct kunit *test)
{
	static const u8 fpr16[] = { 0xbe, 0x45, 0xcb, 0x26 };
	static const u8 fpr32[] = { 0x63, 0x0d, 0xcd, 0x29 };
	const char *why = NULL;
	struct gsec_sa *sa;

	sa = gsec_sa_create(0, true, gsec_test_key16, 16, 60, 0, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sa), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "SPI 0 is reserved");
	sa = gsec_sa_create(1, true, gsec_test_key32, 24, 60, 0, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sa), -EINVAL);
	sa = gsec_sa_create(1, true, gsec_test_key16, 16, 0, 0, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sa), -EINVAL);
	sa = gsec_sa_create(1, true, gsec_test_key16, 16, GSEC_SA_LIFETIME_MAX + 1, 0, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(sa), -EINVAL);

	/* The fingerprint is the start of SHA-256(key); the driver is named. */
	sa = new_sa(test, 1, true, gsec_test_key16, 16, 0);
	KUNIT_EXPECT_MEMEQ(test, sa->key_digest, fpr16, GSEC_SA_FPR_LEN);
	KUNIT_EXPECT_NOT_NULL(test, strstr(gsec_sa_driver(sa), "gcm"));
	KUNIT_EXPECT_EQ(test, sa->expires, SEC(3600));
	gsec_sa_put(sa);
	sa = new_sa(test, 1, true, gsec_test_key32, 32, SEC(5));
	KUNIT_EXPECT_MEMEQ(test, sa->key_digest, fpr32, GSEC_SA_FPR_LEN);
	KUNIT_EXPECT_FALSE(test, gsec_sa_expired(sa, SEC(3604)));
	KUNIT_EXPECT_TRUE(test, gsec_sa_expired(sa, SEC(3605)));
	gsec_sa_put(sa);
}

static void sa_tx_guards(struct kunit *test)
{
	struct gsec_sa_set set;
	struct gsec_sa *a, *b;
	const char *why = NULL;

	gsec_sa_set_init(&set, &sa_test_lock);
	lock(test);
	a = new_sa(test, 5, true, gsec_test_key16, 16, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_activate_tx(&set, a, &why), 0);
	KUNIT_EXPECT_EQ(test, set.last_tx_spi, 5);

	/* Same SPI and same key: would restart a live counter. */
	b = new_sa(test, 5, true, gsec_test_key16, 16, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_activate_tx(&set, b, &why),
			-EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(set.tx), a);
	gsec_sa_put(b);

	/* Same SPI under a fresh key, or a lower SPI, is allowed. */
	b = new_sa(test, 5, true, key16b, 16, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_activate_tx(&set, b, &why), 0);
	b = new_sa(test, 3, true, gsec_test_key32, 32, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_activate_tx(&set, b, &why), 0);
	KUNIT_EXPECT_EQ(test, set.last_tx_spi, 3);
	gsec_sa_set_flush(&set);
	unlock(test);
}

static void sa_install_guards(struct kunit *test)
{
	struct gsec_sa_set set;
	struct gsec_sa *rx, *tx;
	const char *why = NULL;

	gsec_sa_set_init(&set, &sa_test_lock);
	lock(test);
	/* Receive and transmit keys must differ. */
	rx = new_sa(test, 1, false, gsec_test_key16, 16, 0);
	tx = new_sa(test, 2, true, gsec_test_key16, 16, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_install(&set, rx, tx, false, 0, 30, &why), -EINVAL);
	gsec_sa_put(tx);
	tx = new_sa(test, 2, true, key16b, 16, 0);
	KUNIT_ASSERT_EQ(test, gsec_sa_set_install(&set, rx, tx, false, 0, 30, &why), 0);

	/* Manual single-SPI installs need an SPI above the last transmit one. */
	rx = new_sa(test, 2, false, gsec_test_key32, 32, 0);
	tx = new_sa(test, 2, true, gsec_test_key16, 16, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_install(&set, rx, tx, true, 0, 30, &why), -EINVAL);
	gsec_sa_put(rx);
	gsec_sa_put(tx);
	rx = new_sa(test, 3, false, gsec_test_key32, 32, 0);
	tx = new_sa(test, 3, true, gsec_test_key16, 16, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_install(&set, rx, tx, true, 0, 30, &why), 0);
	KUNIT_EXPECT_EQ(test, set.last_tx_spi, 3);
	KUNIT_EXPECT_EQ(test, set.current_rx_spi, 3);
	gsec_sa_set_flush(&set);
	unlock(test);
}

static bool rx_usable(struct gsec_sa_set *set, u32 spi, u64 now)
{
	struct gsec_sa *sa;
	bool ok;

	rcu_read_lock();
	sa = gsec_sa_set_find_rx(set, spi);
	ok = sa && !gsec_sa_expired(sa, now);
	rcu_read_unlock();
	return ok;
}

static void sa_grace_and_expiry(struct kunit *test)
{
	struct gsec_sa_set set;
	const char *why = NULL;
	struct gsec_sa *sa;

	gsec_sa_set_init(&set, &sa_test_lock);
	lock(test);
	sa = new_sa(test, 1, false, gsec_test_key16, 16, 0);
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, 0, 30, &why), 0);
	/* A new receive SA: the old one keeps min(expiry, now + grace). */
	sa = new_sa(test, 2, false, key16b, 16, SEC(100));
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, SEC(100), 30, &why), 0);
	KUNIT_EXPECT_TRUE(test, rx_usable(&set, 1, SEC(129)));
	KUNIT_EXPECT_FALSE(test, rx_usable(&set, 1, SEC(130)));
	KUNIT_EXPECT_TRUE(test, rx_usable(&set, 2, SEC(130)));

	/* Grace never extends an SA: one about to expire keeps its end. The
	 * install also reaps what has expired (SPI 1).
	 */
	sa = new_sa(test, 3, false, gsec_test_key32, 32, SEC(3690));
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, SEC(3690), 30, &why), 0);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, gsec_sa_set_find_rx(&set, 1));
	rcu_read_unlock();
	KUNIT_EXPECT_TRUE(test, rx_usable(&set, 2, SEC(3699)));
	KUNIT_EXPECT_FALSE(test, rx_usable(&set, 2, SEC(3700)));

	/* A sweep reaps the rest that expired. */
	KUNIT_EXPECT_EQ(test, gsec_sa_set_reap(&set, SEC(3699)), 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_reap(&set, SEC(3700)), 1);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, gsec_sa_set_find_rx(&set, 2));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, set.current_rx_spi, 3);

	KUNIT_EXPECT_EQ(test, gsec_sa_set_del_rx(&set, 9), -ENOENT);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_del_rx(&set, 3), 0);
	KUNIT_EXPECT_EQ(test, set.current_rx_spi, 0);
	gsec_sa_set_flush(&set);
	unlock(test);
}

static void sa_rx_limits_and_readd(struct kunit *test)
{
	struct gsec_sa_set set;
	const char *why = NULL;
	struct gsec_sa *sa;
	int i;

	gsec_sa_set_init(&set, &sa_test_lock);
	lock(test);
	for (i = 1; i <= GSEC_SA_MAX_RX; i++) {
		sa = new_sa(test, i, false, gsec_test_key16, 16, 0);
		KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, 0, 3600, &why), 0);
	}
	sa = new_sa(test, 99, false, gsec_test_key16, 16, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_add_rx(&set, sa, 0, 3600, &why),
			-ENOSPC);
	/* ...until one has expired. */
	KUNIT_EXPECT_EQ(test, gsec_sa_set_add_rx(&set, sa, SEC(3600), 3600, &why), 0);

	/* Re-adding an SPI replaces its SA, with a fresh replay window. */
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, gsec_sa_rx_replay_check(gsec_sa_set_find_rx(&set, 99), 10));
	KUNIT_EXPECT_FALSE(test, gsec_sa_rx_replay_check(gsec_sa_set_find_rx(&set, 99), 10));
	rcu_read_unlock();
	sa = new_sa(test, 99, false, key16b, 16, SEC(3600));
	KUNIT_EXPECT_EQ(test, gsec_sa_set_add_rx(&set, sa, SEC(3600), 30, &why), 0);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, gsec_sa_set_find_rx(&set, 99), sa);
	KUNIT_EXPECT_TRUE(test, gsec_sa_rx_replay_check(sa, 10));
	rcu_read_unlock();
	gsec_sa_set_flush(&set);
	unlock(test);
}

static void sa_counter_limits(struct kunit *test)
{
	struct gsec_sa *sa = new_sa(test, 1, true, gsec_test_key16, 16, 0);
	u64 c = 0;

	/* The first frame carries 1. */
	KUNIT_EXPECT_TRUE(test, gsec_sa_tx_counter_next(sa, &c));
	KUNIT_EXPECT_EQ(test, c, 1);
	atomic64_set(&sa->counter, GSEC_SA_COUNTER_LIMIT - 1);
	KUNIT_EXPECT_TRUE(test, gsec_sa_tx_counter_next(sa, &c));
	KUNIT_EXPECT_EQ(test, c, GSEC_SA_COUNTER_LIMIT);
	KUNIT_EXPECT_FALSE(test, gsec_sa_tx_counter_next(sa, &c));
	KUNIT_EXPECT_FALSE(test, gsec_sa_tx_counter_next(sa, &c));
	KUNIT_EXPECT_EQ(test, c, GSEC_SA_COUNTER_LIMIT);
	gsec_sa_put(sa);
}

/* What the notifier heard, for sa_kill_tx. */
static struct {
	u32 spi;
	bool added;
	u32 reason;
	int calls;
} heard;

static void record_notify(struct gsec_sa_set *set, struct gsec_sa *sa,
			  bool added, u32 reason)
{
	heard.spi = sa->spi;
	heard.added = added;
	heard.reason = reason;
	heard.calls++;
}

/* VM fork and hibernation: the transmit SA goes, told; receive stays. */
static void sa_kill_tx(struct kunit *test)
{
	struct gsec_sa_set set;
	struct gsec_sa *tx, *rx;
	const char *why = NULL;

	gsec_sa_set_init(&set, &sa_test_lock);
	set.notify = record_notify;
	lock(test);
	KUNIT_EXPECT_FALSE(test, gsec_sa_set_kill_tx(&set, GENEVESEC_EVENT_REASON_VMFORK));
	rx = new_sa(test, 8, false, key16b, 16, 0);
	tx = new_sa(test, 9, true, gsec_test_key16, 16, 0);
	KUNIT_ASSERT_EQ(test, gsec_sa_set_install(&set, rx, tx, false, 0, 30, &why), 0);
	memset(&heard, 0, sizeof(heard));
	KUNIT_EXPECT_TRUE(test, gsec_sa_set_kill_tx(&set, GENEVESEC_EVENT_REASON_VMFORK));
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(set.tx));
	KUNIT_EXPECT_EQ(test, heard.calls, 1);
	KUNIT_EXPECT_EQ(test, heard.spi, 9);
	KUNIT_EXPECT_FALSE(test, heard.added);
	KUNIT_EXPECT_EQ(test, heard.reason, GENEVESEC_EVENT_REASON_VMFORK);
	KUNIT_EXPECT_PTR_EQ(test, gsec_sa_set_find_rx(&set, 8), rx);
	KUNIT_EXPECT_EQ(test, set.last_tx_spi, 9);
	KUNIT_EXPECT_FALSE(test, gsec_sa_set_kill_tx(&set, GENEVESEC_EVENT_REASON_VMFORK));
	KUNIT_EXPECT_EQ(test, heard.calls, 1);
	set.notify = NULL;
	gsec_sa_set_flush(&set);
	unlock(test);
}

static struct kunit_case gsec_sa_test_cases[] = {
	KUNIT_CASE(sa_create_rules),
	KUNIT_CASE(sa_tx_guards),
	KUNIT_CASE(sa_install_guards),
	KUNIT_CASE(sa_grace_and_expiry),
	KUNIT_CASE(sa_rx_limits_and_readd),
	KUNIT_CASE(sa_counter_limits),
	KUNIT_CASE(sa_kill_tx),
	{}
};

struct kunit_suite gsec_sa_test_suite = {
	.name = "genevesec_sa",
	.test_cases = gsec_sa_test_cases,
};
