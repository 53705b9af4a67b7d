/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/genevesec.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_GENEVESEC_GENL_H
#define _UAPI_LINUX_GENEVESEC_GENL_H

#define GENEVESEC_GENL_NAME	"genevesec"
#define GENEVESEC_GENL_VERSION	1

#define GENEVESEC_IFNAME_LEN	16

enum {
	GENEVESEC_A_DEV_IFINDEX = 1,
	GENEVESEC_A_DEV_IFNAME,

	__GENEVESEC_A_DEV_MAX,
	GENEVESEC_A_DEV_MAX = (__GENEVESEC_A_DEV_MAX - 1)
};

enum {
	GENEVESEC_CMD_DEV_GET = 1,

	__GENEVESEC_CMD_MAX,
	GENEVESEC_CMD_MAX = (__GENEVESEC_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_GENEVESEC_GENL_H */
