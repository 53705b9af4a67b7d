/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key-lifecycle events: notifications of the "genevesec" multicast group
 * (networks and SAs added and removed, SA expiry, rekey requests), sent
 * into the device's network namespace when someone listens. They carry
 * the device, the VNI and for SAs the SPI, direction and reason; never a
 * key.
 */
#ifndef _GENEVESEC_EVENTS_H
#define _GENEVESEC_EVENTS_H

#include <linux/gfp_types.h>
#include <linux/types.h>
#include <net/genetlink.h>

struct gsec_dev;
struct gsec_network;
struct gsec_sa;
struct gsec_sa_set;

/* netlink.c */
extern struct genl_family gsec_genl_family;

void gsec_nl_notify_net(const struct gsec_dev *gsec, u32 vni, u8 cmd);
void gsec_nl_notify_sa(const struct gsec_network *n, const struct gsec_sa *sa,
		       u8 cmd, u32 reason, gfp_t gfp);

void gsec_events_sa_notify(struct gsec_sa_set *set, struct gsec_sa *sa,
			   bool added, u32 reason);
void gsec_events_soft_limit(const struct gsec_network *n, struct gsec_sa *sa);
unsigned long gsec_events_run(struct gsec_dev *gsec);
void gsec_events_kick(struct gsec_dev *gsec);

#endif /* _GENEVESEC_EVENTS_H */
