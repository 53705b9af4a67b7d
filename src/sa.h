/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Security associations (protocol spec section 3): per network, at most one
 * transmit SA and a few receive SAs (the current one and previous ones in
 * their grace period), each an AES-GCM key under a 32-bit SPI.
 *
 * The data path finds SAs under RCU and gives each frame's AEAD operation
 * one reference, which the operation drops; what it reads afterwards (the
 * replay window) it reads under RCU, which the SA's freeing waits for.
 * Writers (the device's configuration mutex held) install, replace and
 * reap them. Times are boot-time nanoseconds passed in by the caller, so
 * tests can move the clock.
 */
#ifndef _GENEVESEC_SA_H
#define _GENEVESEC_SA_H

#include <crypto/sha2.h>
#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>

#include "replay.h"

#define GSEC_SA_MAX_RX		4	/* receive SAs per network */
#define GSEC_SA_LIFETIME_MAX	86400	/* seconds */
#define GSEC_SA_LIFETIME_DEFAULT 3600
#define GSEC_SA_GRACE_DEFAULT	30	/* seconds */
/* The counter may reach 2^60; the frame after that is refused. */
#define GSEC_SA_COUNTER_LIMIT	BIT_ULL(60)
#define GSEC_SA_FPR_LEN		4	/* first bytes of SHA-256(key) */
/* Retired transmit keys a network remembers, to refuse them again. */
#define GSEC_SA_TX_HISTORY	16

struct crypto_aead;
struct mutex;

/* Events sent for an SA, bits of gsec_sa.events: each at most once. */
enum {
	GSEC_SA_EV_SOFT_LIMIT,
	GSEC_SA_EV_LEAD_TIME,
	GSEC_SA_EV_EXPIRED,
};

struct gsec_sa {
	struct crypto_aead *tfm;
	u64 expires;			/* boot-time ns */
	u32 spi;
	bool tx;
	u8 key_len;
	/* SHA-256 of the key: compares keys and names them (its first
	 * bytes are the fingerprint) without keeping the key itself.
	 */
	u8 key_digest[SHA256_DIGEST_SIZE];
	atomic64_t counter;		/* transmit: the last counter used */
	atomic64_t packets;		/* receive: frames accepted */
	/* Transmit: the counter that asks for a rekey (0: none), and the
	 * seconds before expiry that do (0: none). Set before install.
	 */
	u64 soft_limit;
	u32 rekey_lead;
	unsigned long events;		/* GSEC_SA_EV_* sent */
	spinlock_t replay_lock;		/* receive: serialises the window */
	struct gsec_replay replay;
	refcount_t refs;
	struct rcu_head rcu;
};

struct gsec_sa_set;

/*
 * Told (the set's lock held) when an SA joins the set (@added) or leaves
 * it, for @reason (enum genevesec_event_reason), before its reference is
 * dropped.
 */
typedef void (*gsec_sa_notify_t)(struct gsec_sa_set *set,
				 struct gsec_sa *sa, bool added, u32 reason);

/* The SAs of one network. */
struct gsec_sa_set {
	struct gsec_sa __rcu *tx;
	struct gsec_sa __rcu *rx[GSEC_SA_MAX_RX];
	u32 last_tx_spi;		/* 0: none yet */
	u32 current_rx_spi;		/* the newest receive SA, 0: none */
	/* The receive SA the newest superseded, and its end before that
	 * (restored if the newest is withdrawn), 0: none.
	 */
	u32 superseded_rx_spi;
	u64 superseded_expires;
	/* Digests of the last GSEC_SA_TX_HISTORY retired transmit keys
	 * (never the keys), the oldest overwritten first.
	 */
	u8 tx_history[GSEC_SA_TX_HISTORY][SHA256_DIGEST_SIZE];
	unsigned int tx_retired;	/* how many were ever retired */
	/* The device's configuration mutex: held by every writer. */
	struct mutex *lock;
	gsec_sa_notify_t notify;	/* NULL: nobody is told */
};

#ifdef GENEVESEC_DEBUG
extern bool gsec_sa_force_async;
#endif

struct gsec_sa *gsec_sa_create(u32 spi, bool tx, const u8 *key,
			       unsigned int key_len, u32 lifetime, u64 now,
			       const char **why);
void gsec_sa_put(struct gsec_sa *sa);
const char *gsec_sa_driver(const struct gsec_sa *sa);
bool gsec_sa_expired(const struct gsec_sa *sa, u64 now);
bool gsec_sa_tx_counter_next(struct gsec_sa *sa, u64 *counter);
bool gsec_sa_rx_replay_check(struct gsec_sa *sa, u64 counter);

void gsec_sa_set_init(struct gsec_sa_set *set, struct mutex *lock);
struct gsec_sa *gsec_sa_set_find_rx(struct gsec_sa_set *set, u32 spi);
int gsec_sa_set_add_rx(struct gsec_sa_set *set, struct gsec_sa *sa, u64 now,
		       u32 grace, const char **why);
int gsec_sa_set_activate_tx(struct gsec_sa_set *set, struct gsec_sa *sa, const char **why);
int gsec_sa_set_install(struct gsec_sa_set *set, struct gsec_sa *rx,
			struct gsec_sa *tx, bool manual, u64 now, u32 grace,
			const char **why);
int gsec_sa_set_del_rx(struct gsec_sa_set *set, u32 spi);
bool gsec_sa_set_kill_tx(struct gsec_sa_set *set, u32 reason);
unsigned int gsec_sa_set_reap(struct gsec_sa_set *set, u64 now);
void gsec_sa_set_flush(struct gsec_sa_set *set);

#endif /* _GENEVESEC_SA_H */
