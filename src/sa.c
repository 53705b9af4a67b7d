// SPDX-License-Identifier: GPL-2.0
/*
 * Security associations: creation (AES-GCM transform, key digest), the
 * install rules of protocol spec section 3 (guards, grace, expiry, limits)
 * and their lifetime (references, RCU, wiping).
 *
 * The key itself is handed to the crypto API and never stored here; the
 * transform's memory is wiped by crypto_free_aead(), and the SA's own
 * (which holds the key's digest) by kfree_sensitive(), both after an RCU
 * grace period.
 */

#include <crypto/aead.h>
#include <crypto/algapi.h>
#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include <uapi/linux/genevesec.h>

#include "proto.h"
#include "sa.h"

/* Writers' view of an SA pointer: the set's mutex is held. */
#ifdef GENEVESEC_DEBUG
/* Test kernels only: make every SA's AEAD asynchronous (through cryptd),
 * so that the completion paths run even where the driver is synchronous.
 */
bool gsec_sa_force_async;
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_force_async);
module_param_named(force_async, gsec_sa_force_async, bool, 0644);
MODULE_PARM_DESC(force_async, "debug: run all AES-GCM through cryptd");
#endif

#ifdef GENEVESEC_DEBUG
/*
 * cryptd wraps only a synchronous implementation, named by driver (a
 * cryptd instance keeps the inner algorithm's name and is found again by
 * its driver name alone). The generic one, whose name changed in 7.x: its
 * low priority keeps the instance (inner priority + 50) from becoming the
 * machine's preferred gcm(aes), which wrapping the best one would do.
 */
static const char *const gsec_sa_cryptd_names[] = {
	"cryptd(gcm_base(ctr(aes-generic),ghash-generic))",
	"cryptd(gcm_base(ctr(aes-lib),ghash-lib))",
};

static unsigned int gsec_sa_cryptd_name;	/* the last that worked */
#endif

static struct crypto_aead *gsec_sa_alloc_aead(void)
{
#ifdef GENEVESEC_DEBUG
	if (READ_ONCE(gsec_sa_force_async)) {
		unsigned int i, n = ARRAY_SIZE(gsec_sa_cryptd_names);
		unsigned int first = READ_ONCE(gsec_sa_cryptd_name);
		struct crypto_aead *tfm = ERR_PTR(-ENOENT);

		for (i = 0; i < n && IS_ERR(tfm); i++) {
			tfm = crypto_alloc_aead(gsec_sa_cryptd_names[(first + i) % n],
						0, 0);
			if (!IS_ERR(tfm))
				WRITE_ONCE(gsec_sa_cryptd_name, (first + i) % n);
		}
		return tfm;
	}
#endif
	return crypto_alloc_aead("gcm(aes)", 0, 0);
}

#define sa_w(set, p) rcu_dereference_protected(p, lockdep_is_held((set)->lock))

/**
 * gsec_sa_create() - a new SA with its own AES-GCM transform
 * @spi: its SPI, not 0
 * @tx: transmit (true) or receive SA
 * @key: 16 (AES-128-GCM) or 32 (AES-256-GCM) bytes; the caller wipes it
 * @key_len: its length
 * @lifetime: seconds, 1 to GSEC_SA_LIFETIME_MAX
 * @now: boot-time ns
 * @why: set to a reason for the user when it fails
 *
 * Context: process context, may sleep.
 * Return: the SA with one reference, or an ERR_PTR.
 */
struct gsec_sa *gsec_sa_create(u32 spi, bool tx, const u8 *key,
			       unsigned int key_len, u32 lifetime, u64 now,
			       const char **why)
{
	struct gsec_sa *sa;
	int err;

	if (!spi) {
		*why = "SPI 0 is reserved";
		return ERR_PTR(-EINVAL);
	}
	if (key_len != 16 && key_len != 32) {
		*why = "a key is 16 (AES-128-GCM) or 32 (AES-256-GCM) bytes";
		return ERR_PTR(-EINVAL);
	}
	if (!lifetime || lifetime > GSEC_SA_LIFETIME_MAX) {
		*why = "the lifetime is 1 to 86400 seconds";
		return ERR_PTR(-EINVAL);
	}

	sa = kzalloc(sizeof(*sa), GFP_KERNEL_ACCOUNT);
	if (!sa)
		return ERR_PTR(-ENOMEM);
	sa->tfm = gsec_sa_alloc_aead();
	if (IS_ERR(sa->tfm)) {
		err = PTR_ERR(sa->tfm);
		*why = "the kernel has no gcm(aes)";
		kfree(sa);
		return ERR_PTR(err);
	}
	err = crypto_aead_setkey(sa->tfm, key, key_len);
	if (!err)
		err = crypto_aead_setauthsize(sa->tfm, GSEC_TAG_LEN);
	if (err) {
		*why = "the AES-GCM transform refused the key";
		crypto_free_aead(sa->tfm);
		kfree(sa);
		return ERR_PTR(err);
	}

	sha256(key, key_len, sa->key_digest);
	sa->spi = spi;
	sa->tx = tx;
	sa->key_len = key_len;
	sa->expires = now + (u64)lifetime * NSEC_PER_SEC;
	atomic64_set(&sa->counter, 0);
	atomic64_set(&sa->packets, 0);
	spin_lock_init(&sa->replay_lock);
	gsec_replay_init(&sa->replay);
	refcount_set(&sa->refs, 1);
	return sa;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_create);

static void gsec_sa_free_rcu(struct rcu_head *rcu)
{
	struct gsec_sa *sa = container_of(rcu, struct gsec_sa, rcu);

	crypto_free_aead(sa->tfm);
	kfree_sensitive(sa);
}

void gsec_sa_put(struct gsec_sa *sa)
{
	if (sa && refcount_dec_and_test(&sa->refs))
		call_rcu(&sa->rcu, gsec_sa_free_rcu);
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_put);

/* The crypto driver doing the work, e.g. "generic-gcm-aesni". */
const char *gsec_sa_driver(const struct gsec_sa *sa)
{
	return crypto_tfm_alg_driver_name(crypto_aead_tfm(sa->tfm));
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_driver);

bool gsec_sa_expired(const struct gsec_sa *sa, u64 now)
{
	return now >= READ_ONCE(sa->expires);
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_expired);

/**
 * gsec_sa_tx_counter_next() - take the next transmit counter
 * @sa: a transmit SA
 * @counter: the counter for this frame: 1 for the first
 *
 * Every value is handed out once, whichever CPU asks.
 * Return: false when the SA is exhausted (the counter would pass 2^60).
 */
bool gsec_sa_tx_counter_next(struct gsec_sa *sa, u64 *counter)
{
	u64 c = atomic64_inc_return(&sa->counter);

	if (c > GSEC_SA_COUNTER_LIMIT) {
		/* Stay past the limit even if many CPUs raced here. */
		atomic64_set(&sa->counter, GSEC_SA_COUNTER_LIMIT + 1);
		return false;
	}
	*counter = c;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_tx_counter_next);

bool gsec_sa_rx_replay_check(struct gsec_sa *sa, u64 counter)
{
	bool ok;

	spin_lock_bh(&sa->replay_lock);
	ok = gsec_replay_check(&sa->replay, counter);
	spin_unlock_bh(&sa->replay_lock);
	return ok;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_rx_replay_check);

void gsec_sa_set_init(struct gsec_sa_set *set, struct mutex *lock)
{
	memset(set, 0, sizeof(*set));
	set->lock = lock;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_init);

/**
 * gsec_sa_set_find_rx() - the receive SA for an SPI
 * @set: the network's SAs
 * @spi: the KeyEpoch SPI of a frame
 *
 * Context: RCU read side or set->lock; take a reference to keep it longer.
 * Return: the SA (possibly expired) or NULL.
 */
struct gsec_sa *gsec_sa_set_find_rx(struct gsec_sa_set *set, u32 spi)
{
	struct gsec_sa *sa;
	int i;

	for (i = 0; i < GSEC_SA_MAX_RX; i++) {
		sa = rcu_dereference_check(set->rx[i], lockdep_is_held(set->lock));
		if (sa && sa->spi == spi)
			return sa;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_find_rx);

static int rx_slot(struct gsec_sa_set *set, u32 spi)
{
	struct gsec_sa *sa;
	int i, free = -1;

	for (i = 0; i < GSEC_SA_MAX_RX; i++) {
		sa = sa_w(set, set->rx[i]);
		if (sa && sa->spi == spi)
			return i;
		if (!sa && free < 0)
			free = i;
	}
	return free;
}

static void sa_notify(struct gsec_sa_set *set, struct gsec_sa *sa, bool added,
		      u32 reason)
{
	if (sa && set->notify)
		set->notify(set, sa, added, reason);
}

static void rx_drop(struct gsec_sa_set *set, int i, u32 reason)
{
	struct gsec_sa *sa = sa_w(set, set->rx[i]);

	RCU_INIT_POINTER(set->rx[i], NULL);
	if (set->current_rx_spi == sa->spi)
		set->current_rx_spi = 0;
	sa_notify(set, sa, false, reason);
	gsec_sa_put(sa);
}

/**
 * gsec_sa_set_reap() - drop expired receive SAs
 * @set: the network's SAs
 * @now: boot-time ns
 *
 * An expired transmit SA stays: transmit fails closed until it is replaced.
 * Return: how many were dropped.
 */
unsigned int gsec_sa_set_reap(struct gsec_sa_set *set, u64 now)
{
	struct gsec_sa *sa;
	unsigned int n = 0;
	int i;

	for (i = 0; i < GSEC_SA_MAX_RX; i++) {
		sa = sa_w(set, set->rx[i]);
		if (sa && gsec_sa_expired(sa, now)) {
			rx_drop(set, i, GENEVESEC_EVENT_REASON_REAPED);
			n++;
		}
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_reap);

/* Where a new receive SA goes, after reaping; -ENOSPC when nowhere. */
static int rx_prepare(struct gsec_sa_set *set, u32 spi, u64 now, const char **why)
{
	int i;

	gsec_sa_set_reap(set, now);
	i = rx_slot(set, spi);
	if (i < 0)
		*why = "too many receive SAs in this network";
	return i < 0 ? -ENOSPC : i;
}

static bool same_key(const struct gsec_sa *a, const struct gsec_sa *b)
{
	return a && b && a->key_len == b->key_len &&
	       !crypto_memneq(a->key_digest, b->key_digest, sizeof(a->key_digest));
}

/* Is @sa's key that of a live receive SA of the set? */
static bool rx_key_live(struct gsec_sa_set *set, const struct gsec_sa *sa)
{
	int i;

	for (i = 0; i < GSEC_SA_MAX_RX; i++)
		if (same_key(sa_w(set, set->rx[i]), sa))
			return true;
	return false;
}

/*
 * A transmit SA leaves: its key may never transmit again on this network
 * (its counter would restart under it). Remembered whether it carried
 * traffic or not: a frame may still take a counter from it in the very
 * instant it is replaced, so "unused" cannot be known for sure.
 */
static void tx_retire(struct gsec_sa_set *set, const struct gsec_sa *sa)
{
	if (!sa)
		return;
	memcpy(set->tx_history[set->tx_retired % GSEC_SA_TX_HISTORY],
	       sa->key_digest, sizeof(sa->key_digest));
	set->tx_retired++;
}

static void rx_commit(struct gsec_sa_set *set, int i, struct gsec_sa *sa,
		      u64 now, u32 grace)
{
	struct gsec_sa *old = sa_w(set, set->rx[i]);
	struct gsec_sa *cur;
	int c;

	/* The SA this one supersedes lives on for the grace period only. */
	if (set->current_rx_spi && set->current_rx_spi != sa->spi) {
		c = rx_slot(set, set->current_rx_spi);
		cur = c < 0 ? NULL : sa_w(set, set->rx[c]);
		if (!WARN_ON_ONCE(!cur || cur->spi != set->current_rx_spi)) {
			set->superseded_rx_spi = cur->spi;
			set->superseded_expires = cur->expires;
			WRITE_ONCE(cur->expires,
				   min(cur->expires, now + (u64)grace * NSEC_PER_SEC));
		}
	}
	set->current_rx_spi = sa->spi;
	/* Re-adding an SPI under the same key keeps that SA and so its
	 * replay window (a fresh one would accept every frame it already
	 * took once more); only its lifetime is the new one's.
	 */
	if (same_key(old, sa)) {
		WRITE_ONCE(old->expires, sa->expires);
		old->events = 0;
		sa_notify(set, old, true, 0);
		gsec_sa_put(sa);
		return;
	}
	/* Under a new key: a new SA, with a fresh replay window. */
	rcu_assign_pointer(set->rx[i], sa);
	sa_notify(set, old, false, GENEVESEC_EVENT_REASON_REPLACED);
	sa_notify(set, sa, true, 0);
	gsec_sa_put(old);
}

/* A receive key must not be the network's transmit key. */
static int rx_check(struct gsec_sa_set *set, struct gsec_sa *sa, const char **why)
{
	if (same_key(sa_w(set, set->tx), sa)) {
		*why = "the receive and transmit keys must differ";
		return -EINVAL;
	}
	return 0;
}

/**
 * gsec_sa_set_add_rx() - install a receive SA (phase one of a rekey)
 * @set: the network's SAs
 * @sa: the new SA; its reference passes to the set on success
 * @now: boot-time ns
 * @grace: seconds the superseded receive SA stays usable
 * @why: set to a reason for the user when it fails
 *
 * Return: 0, -EINVAL (the transmit key) or -ENOSPC.
 */
int gsec_sa_set_add_rx(struct gsec_sa_set *set, struct gsec_sa *sa, u64 now,
		       u32 grace, const char **why)
{
	int i = rx_check(set, sa, why);

	if (i)
		return i;
	i = rx_prepare(set, sa->spi, now, why);
	if (i < 0)
		return i;
	rx_commit(set, i, sa, now, grace);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_add_rx);

/*
 * The guards of a new transmit SA (spec section 3): its key was never a
 * transmit key of this network (current or retired: its counter would
 * restart under it, reusing nonces, whatever the SPI) and is no live
 * receive key.
 */
static int tx_check(struct gsec_sa_set *set, struct gsec_sa *sa, const char **why)
{
	struct gsec_sa *cur = sa_w(set, set->tx);
	unsigned int i, n = min(set->tx_retired, GSEC_SA_TX_HISTORY);

	if (same_key(cur, sa)) {
		*why = cur->spi == sa->spi ?
		       "this transmit SA (same SPI and key) is already active" :
		       "this key is already the transmit key: a new SA needs a fresh key";
		return -EEXIST;
	}
	for (i = 0; i < n; i++) {
		if (!crypto_memneq(set->tx_history[i], sa->key_digest,
				   sizeof(sa->key_digest))) {
			*why = "this key has transmitted on this network before";
			return -EEXIST;
		}
	}
	if (rx_key_live(set, sa)) {
		*why = "the receive and transmit keys must differ";
		return -EINVAL;
	}
	return 0;
}

static void tx_commit(struct gsec_sa_set *set, struct gsec_sa *sa)
{
	struct gsec_sa *old = sa_w(set, set->tx);

	tx_retire(set, old);
	rcu_assign_pointer(set->tx, sa);
	set->last_tx_spi = sa->spi;
	sa_notify(set, old, false, GENEVESEC_EVENT_REASON_REPLACED);
	sa_notify(set, sa, true, 0);
	gsec_sa_put(old);
}

/**
 * gsec_sa_set_activate_tx() - switch transmit to a new SA (phase two)
 * @set: the network's SAs
 * @sa: the new SA; its reference passes to the set on success
 * @why: set to a reason for the user when it fails
 *
 * Return: 0, -EEXIST (a key transmitted before) or -EINVAL (a receive key).
 */
int gsec_sa_set_activate_tx(struct gsec_sa_set *set, struct gsec_sa *sa, const char **why)
{
	int err = tx_check(set, sa, why);

	if (!err)
		tx_commit(set, sa);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_activate_tx);

/**
 * gsec_sa_set_install() - install a receive and a transmit SA at once
 * @set: the network's SAs
 * @rx: the receive SA
 * @tx: the transmit SA
 * @manual: single-SPI install: both SAs share one SPI, which must be
 *	greater than the last transmit SPI of this network
 * @now: boot-time ns
 * @grace: seconds the superseded receive SA stays usable
 * @why: set to a reason for the user when it fails
 *
 * Both or neither: on success the set owns both references.
 * Return: 0, -EINVAL, -EEXIST or -ENOSPC.
 */
int gsec_sa_set_install(struct gsec_sa_set *set, struct gsec_sa *rx,
			struct gsec_sa *tx, bool manual, u64 now, u32 grace, const char **why)
{
	int i, err;

	if (same_key(rx, tx)) {
		*why = "the receive and transmit keys must differ";
		return -EINVAL;
	}
	if (manual && (rx->spi != tx->spi || tx->spi <= set->last_tx_spi)) {
		*why = "the SPI must be greater than the network's last transmit SPI";
		return -EINVAL;
	}
	err = tx_check(set, tx, why);
	if (!err)
		err = rx_check(set, rx, why);
	if (err)
		return err;
	i = rx_prepare(set, rx->spi, now, why);
	if (i < 0)
		return i;
	rx_commit(set, i, rx, now, grace);
	tx_commit(set, tx);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_install);

/**
 * gsec_sa_set_del_rx() - remove a receive SA
 * @set: the network's SAs
 * @spi: its SPI
 *
 * Return: 0 or -ENOENT.
 */
int gsec_sa_set_del_rx(struct gsec_sa_set *set, u32 spi)
{
	int i = rx_slot(set, spi);
	bool newest = spi == set->current_rx_spi;
	struct gsec_sa *prev;

	if (i < 0 || !sa_w(set, set->rx[i]))
		return -ENOENT;
	rx_drop(set, i, GENEVESEC_EVENT_REASON_DELETED);
	/*
	 * The newest receive SA withdrawn, as a control plane does when the
	 * exchange that added it failed: the SA it superseded, which the
	 * peer never stopped sending under, is the newest again with the
	 * end it had. Else its grace period would run out while the
	 * control plane cannot reach the peer, and with it the tunnel.
	 */
	if (newest && set->superseded_rx_spi) {
		i = rx_slot(set, set->superseded_rx_spi);
		prev = i < 0 ? NULL : sa_w(set, set->rx[i]);
		if (prev && prev->spi == set->superseded_rx_spi) {
			WRITE_ONCE(prev->expires, set->superseded_expires);
			set->current_rx_spi = prev->spi;
		}
	}
	if (newest || spi == set->superseded_rx_spi)
		set->superseded_rx_spi = 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_del_rx);

/**
 * gsec_sa_set_kill_tx() - remove the transmit SA, if any
 * @set: the network's SAs
 * @reason: GENEVESEC_EVENT_REASON_* for the notifier
 *
 * Transmit then fails closed until a new SA is activated; the receive SAs
 * stay. The last transmit SPI is kept, so a manual install still has to
 * go above it.
 *
 * Return: whether there was one.
 */
bool gsec_sa_set_kill_tx(struct gsec_sa_set *set, u32 reason)
{
	struct gsec_sa *tx = sa_w(set, set->tx);

	if (!tx)
		return false;
	tx_retire(set, tx);
	RCU_INIT_POINTER(set->tx, NULL);
	sa_notify(set, tx, false, reason);
	gsec_sa_put(tx);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_kill_tx);

/* Drop every SA, when the network goes. */
void gsec_sa_set_flush(struct gsec_sa_set *set)
{
	struct gsec_sa *tx = sa_w(set, set->tx);
	int i;

	for (i = 0; i < GSEC_SA_MAX_RX; i++)
		if (sa_w(set, set->rx[i]))
			rx_drop(set, i, GENEVESEC_EVENT_REASON_NET_DELETED);
	RCU_INIT_POINTER(set->tx, NULL);
	sa_notify(set, tx, false, GENEVESEC_EVENT_REASON_NET_DELETED);
	gsec_sa_put(tx);
	/* Digests name keys: wiped like the SAs that held them. */
	memzero_explicit(set->tx_history, sizeof(set->tx_history));
	set->tx_retired = 0;
}
EXPORT_SYMBOL_IF_KUNIT(gsec_sa_set_flush);
