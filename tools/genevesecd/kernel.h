/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genevesecd: what the daemon asks of the kernel device, through the
 * genevesec generic-netlink family (the tool's netlink code, tools/
 * genevesec): the two phases of a rekey on one network, as
 * icx-control-plane.md section 5.4 orders them, and the removal of a
 * receive SA whose exchange failed.
 */
#ifndef GENEVESECD_KERNEL_H
#define GENEVESECD_KERNEL_H

#include <stdint.h>

#include "../genevesec/genevesec.h"

struct gsd_kernel {
	struct gs_nl *nl;
	struct gs_nl *events;		/* joined to the event group */
	struct gs_dev dev;
	uint32_t vni;
};

/* What the device says of this network's transmit SA, most pressing last. */
enum gsd_event {
	GSD_EV_NONE,
	GSD_EV_REKEY,		/* rekey-ntf: soft limit or lead time */
	GSD_EV_TX_EXPIRED,	/* sa-expire-ntf of the transmit SA */
	GSD_EV_TX_KILLED,	/* sa-del-ntf, VM fork or hibernation */
};

/* The device @ifname's network @vni. 0, or -1 with @e set. */
int gsd_kernel_open(struct gsd_kernel *k, const char *ifname, uint32_t vni,
		    struct gs_nl_error *e);
void gsd_kernel_close(struct gsd_kernel *k);

/*
 * Phase one: a receive SA, before the peer can send under it. The
 * device retires the receive SA it supersedes after its grace period.
 */
int gsd_sa_add_rx(struct gsd_kernel *k, uint32_t spi, const uint8_t key[16],
		  uint32_t lifetime, struct gs_nl_error *e);

/*
 * Phase two: the transmit SA, once the peer can receive under it; its
 * counter starts at 1. With @rekey_lead (seconds, 0: none) the device
 * announces when the SA comes that close to its end.
 */
int gsd_sa_activate_tx(struct gsd_kernel *k, uint32_t spi,
		       const uint8_t key[16], uint32_t lifetime,
		       uint32_t rekey_lead, struct gs_nl_error *e);

/* A receive SA whose exchange failed. */
int gsd_sa_del_rx(struct gsd_kernel *k, uint32_t spi, struct gs_nl_error *e);

/*
 * The network set as the flags describe it, through the genevesec tool's
 * own "set" command: created when missing, @peer ("IP:PORT" or
 * "[IP6]:PORT") its peer, @routes ("LOCAL=REMOTE") replacing its routes.
 * Errors are printed. Returns 0 or -1.
 */
int gsd_net_setup(struct gsd_kernel *k, const char *peer,
		  char *const *routes, int n_routes);

/* The network and everything in it, once its peer is gone. */
int gsd_net_del(struct gsd_kernel *k, struct gs_nl_error *e);

/* Whether the device has the network; 0, or -1 with @e set. */
int gsd_net_check(struct gsd_kernel *k, struct gs_nl_error *e);

/* The socket to poll for the device's events (gsd_kernel_open joins). */
int gsd_kernel_events_fd(const struct gsd_kernel *k);
/* The events that came, for this device's network: the most pressing. */
enum gsd_event gsd_kernel_events(struct gsd_kernel *k);

#endif /* GENEVESECD_KERNEL_H */
