// SPDX-License-Identifier: GPL-2.0
/*
 * Key-lifecycle events, multicast to the "genevesec" group of the device's
 * network namespace, and only built when someone listens there.
 *
 * Networks and SAs added and removed are told with the device's
 * configuration mutex held, so listeners see them in the order they
 * happened. The soft-limit rekey request comes from the transmit path,
 * once per SA, with an atomic allocation. Lead-time rekey requests and
 * expiries come from the device's delayed work (device.c), which runs
 * when the next of them is due, and at least every GSEC_REAP_INTERVAL.
 *
 * No event is sent for a device that is being deleted (rtnetlink tells of
 * that). An event that cannot be built is not lost silently: the group's
 * sockets get ENOBUFS, as when one overruns, and dump again (rtnetlink's
 * listeners learn of their lost events the same way).
 */

#include <linux/bitops.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <uapi/linux/genevesec.h>

#include "events.h"
#include "genevesec.h"
#include "netlink-gen.h"
#include "network.h"

/* ifindex, vni, spi, dir, reason; ifname; counter, expires-in */
#define GSEC_NTF_SIZE	(5 * nla_total_size(sizeof(u32)) + \
			 nla_total_size(IFNAMSIZ) + \
			 2 * nla_total_size(sizeof(u64)))

/* Drop an event that could not be built and tell the listeners. */
static void gsec_ntf_lost(const struct net_device *dev, struct sk_buff *skb)
{
	nlmsg_free(skb);
	genl_set_err(&gsec_genl_family, dev_net(dev), 0,
		     GENEVESEC_NLGRP_GENEVESEC, -ENOBUFS);
}

static struct sk_buff *gsec_ntf_new(const struct net_device *dev, u8 cmd,
				    gfp_t gfp, void **hdr)
{
	struct sk_buff *skb;

	if (READ_ONCE(dev->reg_state) != NETREG_REGISTERED ||
	    !genl_has_listeners(&gsec_genl_family, dev_net(dev),
				GENEVESEC_NLGRP_GENEVESEC))
		return NULL;
	skb = genlmsg_new(GSEC_NTF_SIZE, gfp);
	if (!skb) {
		gsec_ntf_lost(dev, NULL);
		return NULL;
	}
	*hdr = genlmsg_put(skb, 0, 0, &gsec_genl_family, 0, cmd);
	if (!*hdr) {
		gsec_ntf_lost(dev, skb);
		return NULL;
	}
	return skb;
}

static void gsec_ntf_send(const struct net_device *dev, struct sk_buff *skb,
			  void *hdr, gfp_t gfp)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&gsec_genl_family, dev_net(dev), skb, 0,
				GENEVESEC_NLGRP_GENEVESEC, gfp);
}

/**
 * gsec_nl_notify_net() - tell the group that a network came or went
 * @gsec: its device
 * @vni: the network's VNI
 * @cmd: GENEVESEC_CMD_NET_ADD_NTF or GENEVESEC_CMD_NET_DEL_NTF
 *
 * Context: process context, gsec->lock held.
 */
void gsec_nl_notify_net(const struct gsec_dev *gsec, u32 vni, u8 cmd)
{
	const struct net_device *dev = gsec->dev;
	struct sk_buff *skb;
	void *hdr;

	skb = gsec_ntf_new(dev, cmd, GFP_KERNEL, &hdr);
	if (!skb)
		return;
	if (nla_put_u32(skb, GENEVESEC_A_NET_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, GENEVESEC_A_NET_IFNAME, dev->name) ||
	    nla_put_u32(skb, GENEVESEC_A_NET_VNI, vni)) {
		gsec_ntf_lost(dev, skb);
		return;
	}
	gsec_ntf_send(dev, skb, hdr, GFP_KERNEL);
}

/**
 * gsec_nl_notify_sa() - tell the group about an SA
 * @n: its network
 * @sa: the SA; its direction is its own
 * @cmd: GENEVESEC_CMD_SA_ADD_NTF, _SA_DEL_NTF, _SA_EXPIRE_NTF or _REKEY_NTF
 * @reason: enum genevesec_event_reason; not sent with GENEVESEC_CMD_SA_ADD_NTF
 * @gfp: GFP_ATOMIC where sleeping is not allowed
 *
 * Nothing is sent if nobody listens or the device is being deleted. The
 * key is never part of it: the SA does not even have it.
 *
 * Context: any, with @n and @sa held (by the configuration mutex, or by
 * RCU or references in the data path).
 */
void gsec_nl_notify_sa(const struct gsec_network *n, const struct gsec_sa *sa,
		       u8 cmd, u32 reason, gfp_t gfp)
{
	const struct net_device *dev = n->gsec->dev;
	u64 now, expires;
	struct sk_buff *skb;
	void *hdr;

	skb = gsec_ntf_new(dev, cmd, gfp, &hdr);
	if (!skb)
		return;
	if (nla_put_u32(skb, GENEVESEC_A_SA_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, GENEVESEC_A_SA_IFNAME, dev->name) ||
	    nla_put_u32(skb, GENEVESEC_A_SA_VNI, n->vni) ||
	    nla_put_u32(skb, GENEVESEC_A_SA_SPI, sa->spi) ||
	    nla_put_u32(skb, GENEVESEC_A_SA_DIR,
			sa->tx ? GENEVESEC_SA_DIR_TX : GENEVESEC_SA_DIR_RX) ||
	    (cmd != GENEVESEC_CMD_SA_ADD_NTF &&
	     nla_put_u32(skb, GENEVESEC_A_SA_REASON, reason)))
		goto cancel;
	if (cmd == GENEVESEC_CMD_REKEY_NTF) {
		now = gsec_now();
		expires = READ_ONCE(sa->expires);
		if (nla_put_uint(skb, GENEVESEC_A_SA_COUNTER,
				 min_t(u64, atomic64_read(&sa->counter),
				       GSEC_SA_COUNTER_LIMIT)) ||
		    nla_put_uint(skb, GENEVESEC_A_SA_EXPIRES_IN, expires > now ?
				 DIV_ROUND_UP_ULL(expires - now, NSEC_PER_SEC) : 0))
			goto cancel;
	}
	gsec_ntf_send(dev, skb, hdr, gfp);
	return;
cancel:
	gsec_ntf_lost(dev, skb);
}

/*
 * The SA set's notifier: every SA installed, replaced, deleted, reaped or
 * flushed with its network. Context: process context, gsec->lock held.
 */
void gsec_events_sa_notify(struct gsec_sa_set *set, struct gsec_sa *sa,
			   bool added, u32 reason)
{
	struct gsec_network *n = container_of(set, struct gsec_network, sas);

	/* An SA dump in progress is now inconsistent (NLM_F_DUMP_INTR). */
	n->gsec->generation++;
	if (added) {
		gsec_nl_notify_sa(n, sa, GENEVESEC_CMD_SA_ADD_NTF, 0, GFP_KERNEL);
		return;
	}
	/* Reaped by an install before the work saw it expire. */
	if (reason == GENEVESEC_EVENT_REASON_REAPED &&
	    !test_and_set_bit(GSEC_SA_EV_EXPIRED, &sa->events))
		gsec_nl_notify_sa(n, sa, GENEVESEC_CMD_SA_EXPIRE_NTF,
				  GENEVESEC_EVENT_REASON_EXPIRED, GFP_KERNEL);
	gsec_nl_notify_sa(n, sa, GENEVESEC_CMD_SA_DEL_NTF, reason, GFP_KERNEL);
}

/**
 * gsec_events_soft_limit() - the transmit counter reached the soft limit
 * @n: the network
 * @sa: its transmit SA
 *
 * Context: the transmit path, under RCU; sends once per SA.
 */
void gsec_events_soft_limit(const struct gsec_network *n, struct gsec_sa *sa)
{
	if (!test_and_set_bit(GSEC_SA_EV_SOFT_LIMIT, &sa->events))
		gsec_nl_notify_sa(n, sa, GENEVESEC_CMD_REKEY_NTF,
				  GENEVESEC_EVENT_REASON_SOFT_LIMIT, GFP_ATOMIC);
}

/* Send what is due for @sa at @now; return when its next event is due. */
static u64 gsec_events_sa_due(const struct gsec_network *n,
			      struct gsec_sa *sa, u64 now)
{
	u64 expires = READ_ONCE(sa->expires), next = U64_MAX, lead;

	if (sa->rekey_lead && !test_bit(GSEC_SA_EV_LEAD_TIME, &sa->events)) {
		lead = (u64)sa->rekey_lead * NSEC_PER_SEC;
		lead = expires > lead ? expires - lead : 0;
		if (now < lead)
			next = lead;
		else if (!test_and_set_bit(GSEC_SA_EV_LEAD_TIME, &sa->events))
			gsec_nl_notify_sa(n, sa, GENEVESEC_CMD_REKEY_NTF,
					  GENEVESEC_EVENT_REASON_LEAD_TIME,
					  GFP_KERNEL);
	}
	if (!test_bit(GSEC_SA_EV_EXPIRED, &sa->events)) {
		if (now < expires)
			next = min(next, expires);
		else if (!test_and_set_bit(GSEC_SA_EV_EXPIRED, &sa->events))
			gsec_nl_notify_sa(n, sa, GENEVESEC_CMD_SA_EXPIRE_NTF,
					  GENEVESEC_EVENT_REASON_EXPIRED,
					  GFP_KERNEL);
	}
	return next;
}

#define sa_locked(n, p) \
	rcu_dereference_protected(p, lockdep_is_held(&(n)->gsec->lock))

/**
 * gsec_events_run() - send the lead-time and expiry events that are due
 * @gsec: the device
 *
 * Context: the device's delayed work, gsec->lock held.
 * Return: jiffies until the next is due, at most GSEC_REAP_INTERVAL.
 */
unsigned long gsec_events_run(struct gsec_dev *gsec)
{
	u64 now = gsec_now(), next = U64_MAX;
	struct gsec_network *n;
	struct gsec_sa *sa;
	int bkt, i;

	lockdep_assert_held(&gsec->lock);
	hash_for_each(gsec->networks, bkt, n, node) {
		sa = sa_locked(n, n->sas.tx);
		if (sa)
			next = min(next, gsec_events_sa_due(n, sa, now));
		for (i = 0; i < GSEC_SA_MAX_RX; i++) {
			sa = sa_locked(n, n->sas.rx[i]);
			if (sa)
				next = min(next, gsec_events_sa_due(n, sa, now));
		}
	}
	if (next == U64_MAX ||
	    next - now >= jiffies_to_nsecs(GSEC_REAP_INTERVAL))
		return GSEC_REAP_INTERVAL;
	/* Round up: the work must not run just before it is due. */
	return nsecs_to_jiffies(next - now) + 1;
}

/**
 * gsec_events_kick() - run the device's work now
 * @gsec: the device
 *
 * After an install: the new SAs' events may be due before the next run.
 * Does nothing once the device is going (ndo_uninit disabled the work).
 */
void gsec_events_kick(struct gsec_dev *gsec)
{
	mod_delayed_work(system_power_efficient_wq, &gsec->reap_work, 0);
}
