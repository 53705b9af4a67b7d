/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations shared by the genevesec module's files. */
#ifndef _GENEVESEC_H
#define _GENEVESEC_H

#include <linux/hashtable.h>
#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/siphash.h>
#include <linux/workqueue.h>
#include <net/gro_cells.h>

#include "routes.h"
#include "stats.h"

#define GENEVESEC_VERSION	"0.1.0"

/* ICX's default: fits a 1500-byte path on an IPv4 or an IPv6 underlay. */
#define GSEC_DEFAULT_MTU	1392
#define GSEC_DEFAULT_TTL	64
/* Expired receive SAs are reaped at least this often. */
#define GSEC_REAP_INTERVAL	(10 * HZ)

/* Link attributes (IFLA_GENEVESEC_*). The data path reads the changeable
 * ones with READ_ONCE(); rtnl serialises the writers.
 */
struct gsec_cfg {
	__be16 port;
	bool has_local4;
	bool has_local6;
	__be32 local4;
	struct in6_addr local6;
	u8 mode;
	bool srcport_hash;
	bool udp_csum;
	bool ttl_inherit;
	u8 ttl;
	u8 tos;
	bool df;
	bool peer_validation;
	u32 rx_rate_limit;		/* frames/s per network, 0: off */
	u32 keepalive;			/* seconds, 0: off */
	u32 grace;			/* seconds */
	u64 peer_mac;			/* L2: ether_addr_to_u64() */
};

/* Private data of a genevesec net_device. */
struct gsec_dev {
	struct net_device *dev;
	/* The namespace the device was created in: its sockets live there,
	 * wherever the device moves.
	 */
	struct net *net;
	/* That namespace is gone (pre_exit): no sockets any more; rtnl. */
	bool net_gone;
	struct list_head pernet_node;	/* in that namespace's list; rtnl */
	struct list_head device_node;	/* in the list of all devices; rtnl */
	struct gsec_cfg cfg;
	struct socket __rcu *sock4;
	struct socket __rcu *sock6;

	/* Serialises configuration of networks, routes and SAs. */
	struct mutex lock;
	struct gsec_routes routes;
	DECLARE_HASHTABLE(networks, 10);	/* struct gsec_network, by VNI */
	u32 n_networks;
	u64 generation;			/* bumped when networks or SAs change */

	struct gro_cells gro_cells;
	struct gsec_counters __percpu *stats;	/* enum gsec_dev_stat */
	siphash_key_t flow_key;		/* source-port hashing */
	struct delayed_work reap_work;
	struct delayed_work keepalive_work;
};

static inline struct gsec_dev *gsec_dev(const struct net_device *dev)
{
	return netdev_priv(dev);
}

/* Boot-time nanoseconds: SA lifetimes count suspend too. */
static inline u64 gsec_now(void)
{
	return ktime_get_boottime_ns();
}

/*
 * The same, as of the last tick, for the per-packet expiry checks: a
 * fraction of the cost of reading the clocksource, and an SA carries
 * traffic at most a tick past its lifetime (as WireGuard's keys do).
 */
static inline u64 gsec_now_coarse(void)
{
	return ktime_get_coarse_boottime_ns();
}

/* device.c */
int gsec_device_init(void);
void gsec_device_uninit(void);
bool gsec_dev_is(const struct net_device *dev);
void gsec_device_kill_tx_sas(u32 reason);
unsigned int gsec_device_clone_epoch(void);

/* clone.c */
int gsec_clone_init(void);
void gsec_clone_uninit(void);

/* socket.c */
int gsec_socket_open(struct gsec_dev *gsec, const struct gsec_cfg *cfg,
		     struct socket **sock4, struct socket **sock6,
		     struct netlink_ext_ack *extack);
void gsec_socket_set(struct gsec_dev *gsec, struct socket *sock4,
		     struct socket *sock6);
void gsec_socket_close(struct gsec_dev *gsec);
void gsec_socket_release(struct socket *sock);

/* tx.c */
netdev_tx_t gsec_tx_xmit(struct sk_buff *skb, struct net_device *dev);
void gsec_tx_keepalives(struct gsec_dev *gsec);

/* rx.c */
int gsec_rx_encap_rcv(struct sock *sk, struct sk_buff *skb);

/* netlink.c */
int gsec_genl_init(void);
void gsec_genl_uninit(void);

#endif /* _GENEVESEC_H */
