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
static const u8 key16c[16] = { 0xfe, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

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

	/* Manual single-SPI installs need an SPI above the last transmit one
	 * (and, as every install, a transmit key never used: key16c).
	 */
	rx = new_sa(test, 2, false, gsec_test_key32, 32, 0);
	tx = new_sa(test, 2, true, key16c, 16, 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_install(&set, rx, tx, true, 0, 30, &why), -EINVAL);
	gsec_sa_put(rx);
	gsec_sa_put(tx);
	rx = new_sa(test, 3, false, gsec_test_key32, 32, 0);
	tx = new_sa(test, 3, true, key16c, 16, 0);
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

/*
 * A control plane withdraws the receive SA of a rekey whose exchange
 * failed: the one it superseded gets its end back (not the grace period's)
 * and is the newest again, so that a later rekey supersedes it as before.
 * One that has gone meanwhile is not brought back.
 */
static void sa_withdrawn_rx_restores_superseded(struct kunit *test)
{
	struct gsec_sa_set set;
	const char *why = NULL;
	struct gsec_sa *sa;

	gsec_sa_set_init(&set, &sa_test_lock);
	lock(test);
	sa = new_sa(test, 1, false, gsec_test_key16, 16, 0);
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, 0, 30, &why), 0);
	sa = new_sa(test, 2, false, key16b, 16, SEC(100));
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, SEC(100), 30, &why), 0);
	KUNIT_EXPECT_FALSE(test, rx_usable(&set, 1, SEC(130)));
	KUNIT_EXPECT_EQ(test, gsec_sa_set_del_rx(&set, 2), 0);
	KUNIT_EXPECT_EQ(test, set.current_rx_spi, 1);
	KUNIT_EXPECT_TRUE(test, rx_usable(&set, 1, SEC(3599)));
	KUNIT_EXPECT_FALSE(test, rx_usable(&set, 1, SEC(3600)));

	/* Superseded again: the grace period again. */
	sa = new_sa(test, 3, false, gsec_test_key32, 32, SEC(300));
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, SEC(300), 30, &why), 0);
	KUNIT_EXPECT_FALSE(test, rx_usable(&set, 1, SEC(330)));
	/* Deleting the superseded one leaves the newest as it is. */
	KUNIT_EXPECT_EQ(test, gsec_sa_set_del_rx(&set, 1), 0);
	KUNIT_EXPECT_EQ(test, set.current_rx_spi, 3);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_del_rx(&set, 3), 0);
	KUNIT_EXPECT_EQ(test, set.current_rx_spi, 0);

	/* The superseded one reaped before the withdrawal stays gone. */
	sa = new_sa(test, 4, false, gsec_test_key16, 16, SEC(400));
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, SEC(400), 30, &why), 0);
	sa = new_sa(test, 5, false, key16b, 16, SEC(500));
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, sa, SEC(500), 30, &why), 0);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_reap(&set, SEC(600)), 1);
	KUNIT_EXPECT_EQ(test, gsec_sa_set_del_rx(&set, 5), 0);
	KUNIT_EXPECT_EQ(test, set.current_rx_spi, 0);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, gsec_sa_set_find_rx(&set, 4));
	rcu_read_unlock();
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

/* A transmit SA for @spi under @key activates (0) or is refused (@err). */
static void expect_tx(struct kunit *test, struct gsec_sa_set *set, u32 spi,
		      const u8 *key, unsigned int len, int err)
{
	struct gsec_sa *sa = new_sa(test, spi, true, key, len, 0);
	const char *why = NULL;
	int ret = gsec_sa_set_activate_tx(set, sa, &why);

	KUNIT_EXPECT_EQ_MSG(test, ret, err, "tx spi %u: %s", spi, why);
	if (ret)
		gsec_sa_put(sa);
}

/* Both at once (@manual: single-SPI), 0 or refused with @err. */
static void expect_install(struct kunit *test, struct gsec_sa_set *set,
			   u32 rx_spi, const u8 *rx_key, u32 tx_spi,
			   const u8 *tx_key, bool manual, int err)
{
	struct gsec_sa *rx = new_sa(test, rx_spi, false, rx_key, 16, 0);
	struct gsec_sa *tx = new_sa(test, tx_spi, true, tx_key, 16, 0);
	const char *why = NULL;
	int ret = gsec_sa_set_install(set, rx, tx, manual, 0, 30, &why);

	KUNIT_EXPECT_EQ_MSG(test, ret, err, "install %u/%u: %s", rx_spi, tx_spi, why);
	if (ret) {
		gsec_sa_put(rx);
		gsec_sa_put(tx);
	}
}

/*
 * Spec section 3: a key that transmitted on a network never transmits
 * there again, whatever the SPI (retired by a replacement or by a VM fork
 * or hibernation kill), and no transmit key is a live receive key, on
 * every install path.
 */
static void sa_nonce_reuse_guards(struct kunit *test)
{
	static const u8 key_c[16] = { 0xcc, 1, 2, 3 };
	static const u8 key_d[16] = { 0xdd, 1, 2, 3 };
	static const u8 key_e[16] = { 0xe0, 1, 2, 3 };
	u8 key[16] = { 0xee };
	struct gsec_sa_set set;
	const char *why = NULL;
	struct gsec_sa *rx;
	int err;
	int i;

	gsec_sa_set_init(&set, &sa_test_lock);
	lock(test);
	/* A -> B -> A: A restarts at counter 1 under its key. */
	expect_tx(test, &set, 1, gsec_test_key16, 16, 0);
	expect_tx(test, &set, 2, key16b, 16, 0);
	expect_tx(test, &set, 1, gsec_test_key16, 16, -EEXIST);
	expect_tx(test, &set, 3, gsec_test_key16, 16, -EEXIST);
	/* The current key under another SPI. */
	expect_tx(test, &set, 4, key16b, 16, -EEXIST);
	/* Killed (VM fork), then the same SA again. */
	KUNIT_EXPECT_TRUE(test, gsec_sa_set_kill_tx(&set, GENEVESEC_EVENT_REASON_VMFORK));
	expect_tx(test, &set, 2, key16b, 16, -EEXIST);

	/* A live receive key never transmits: tx-only path... */
	rx = new_sa(test, 10, false, key_c, 16, 0);
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, rx, 0, 30, &why), 0);
	expect_tx(test, &set, 5, key_c, 16, -EINVAL);
	/* ...rx-only path: a receive key is not the transmit key... */
	expect_tx(test, &set, 5, key_d, 16, 0);
	rx = new_sa(test, 11, false, key_d, 16, 0);
	err = gsec_sa_set_add_rx(&set, rx, 0, 30, &why);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	if (err)
		gsec_sa_put(rx);
	/* ...combined path: the new transmit key against the receive SAs
	 * that stay, and against the retired keys; manual path too.
	 */
	expect_install(test, &set, 12, key_e, 6, key_c, false, -EINVAL);
	expect_install(test, &set, 12, key_e, 6, gsec_test_key16, false, -EEXIST);
	expect_install(test, &set, 12, key_e, 12, key16b, true, -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, gsec_sa_set_find_rx(&set, 12), NULL);

	/* The history holds the last GSEC_SA_TX_HISTORY retired keys. */
	for (i = 0; i <= GSEC_SA_TX_HISTORY; i++) {
		key[1] = i;
		expect_tx(test, &set, 100 + i, key, 16, 0);
	}
	for (i = 1; i < GSEC_SA_TX_HISTORY; i++) {
		key[1] = i;
		expect_tx(test, &set, 200 + i, key, 16, -EEXIST);
	}
	gsec_sa_set_flush(&set);
	unlock(test);
}

/*
 * Re-adding a receive SPI under the same key keeps its replay window (a
 * fresh one would accept every captured frame once more) and takes the
 * new lifetime; under a new key the window is fresh (sa_rx_limits_and_readd).
 */
static void sa_rx_readd_same_key(struct kunit *test)
{
	struct gsec_sa_set set;
	struct gsec_sa *a, *b;
	const char *why = NULL;

	gsec_sa_set_init(&set, &sa_test_lock);
	lock(test);
	a = new_sa(test, 7, false, gsec_test_key16, 16, 0);
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, a, 0, 30, &why), 0);
	KUNIT_EXPECT_TRUE(test, gsec_sa_rx_replay_check(a, 10));
	b = new_sa(test, 7, false, gsec_test_key16, 16, SEC(100));
	KUNIT_ASSERT_EQ(test, gsec_sa_set_add_rx(&set, b, SEC(100), 30, &why), 0);
	/* (Asserted: @a is gone if it was replaced.) */
	KUNIT_ASSERT_PTR_EQ(test, gsec_sa_set_find_rx(&set, 7), a);
	rcu_read_lock();
	KUNIT_EXPECT_FALSE(test, gsec_sa_rx_replay_check(gsec_sa_set_find_rx(&set, 7), 10));
	KUNIT_EXPECT_TRUE(test, gsec_sa_rx_replay_check(gsec_sa_set_find_rx(&set, 7), 11));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, a->expires, SEC(3700));
	KUNIT_EXPECT_EQ(test, set.current_rx_spi, 7);
	gsec_sa_set_flush(&set);
	unlock(test);
}

static struct kunit_case gsec_sa_test_cases[] = {
	KUNIT_CASE(sa_create_rules),
	KUNIT_CASE(sa_tx_guards),
	KUNIT_CASE(sa_install_guards),
	KUNIT_CASE(sa_grace_and_expiry),
	KUNIT_CASE(sa_withdrawn_rx_restores_superseded),
	KUNIT_CASE(sa_rx_limits_and_readd),
	KUNIT_CASE(sa_counter_limits),
	KUNIT_CASE(sa_kill_tx),
	KUNIT_CASE(sa_nonce_reuse_guards),
	KUNIT_CASE(sa_rx_readd_same_key),
	{}
};

struct kunit_suite gsec_sa_test_suite = {
	.name = "genevesec_sa",
	.test_cases = gsec_sa_test_cases,
};
