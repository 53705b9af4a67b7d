/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * genevesec: encrypted Geneve overlay devices.
 *
 * The generic-netlink family is declared in
 * Documentation/netlink/specs/genevesec.yaml and its constants are generated
 * into linux/genevesec_genl.h. This header adds what rtnetlink needs for the
 * link kind "genevesec".
 */
#ifndef _UAPI_LINUX_GENEVESEC_H
#define _UAPI_LINUX_GENEVESEC_H

#include <linux/genevesec_genl.h>

#define GENEVESEC_LINK_KIND	"genevesec"

/* IFLA_INFO_DATA attributes of a genevesec link. */
enum {
	IFLA_GENEVESEC_UNSPEC,
	__IFLA_GENEVESEC_MAX
};

#define IFLA_GENEVESEC_MAX	(__IFLA_GENEVESEC_MAX - 1)

#endif /* _UAPI_LINUX_GENEVESEC_H */
