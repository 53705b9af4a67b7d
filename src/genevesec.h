/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations shared by the genevesec module's files. */
#ifndef _GENEVESEC_H
#define _GENEVESEC_H

#include <linux/netdevice.h>

#define GENEVESEC_VERSION	"0.1.0"

/* ICX's default: fits a 1500-byte path on an IPv4 or an IPv6 underlay. */
#define GSEC_DEFAULT_MTU	1392

/* Private data of a genevesec net_device. */
struct gsec_dev {
	struct net_device *dev;
};

/* device.c */
int gsec_device_init(void);
void gsec_device_uninit(void);
bool gsec_dev_is(const struct net_device *dev);

/* netlink.c */
int gsec_genl_init(void);
void gsec_genl_uninit(void);

#endif /* _GENEVESEC_H */
