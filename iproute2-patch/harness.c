// SPDX-License-Identifier: GPL-2.0
/*
 * iplink-genevesec-harness: run ip's genevesec link_util (the patched
 * ip/iplink_genevesec.c) without a kernel, for iproute2-patch/test.
 *
 *   iplink-genevesec-harness parse ARG...
 *	parse ARG... as "ip link add ... type genevesec ARG..." would and
 *	print the IFLA_INFO_DATA attributes it built, one "NAME HEX" a line
 *
 *   iplink-genevesec-harness print [-j] [NAME=HEX]...
 *	print those IFLA_INFO_DATA attributes as "ip -d [-j] link show" would
 *
 * NAME is the attribute's IFLA_GENEVESEC_ suffix in lower case (port,
 * local6, ttl_inherit, ...) and HEX its payload in network byte order for
 * PORT, LOCAL and LOCAL6, host order for the others.
 *
 * It is linked with ip's iplink_genevesec.o and the static libraries of
 * lib/, in the patched tree that iproute2-patch/build builds.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genevesec.h>

#include "utils.h"
#include "ip_common.h"

/* Defined in ip.c; lib/ needs it. */
int json;

extern struct link_util genevesec_link_util;

static const char * const names[IFLA_GENEVESEC_MAX + 1] = {
	[IFLA_GENEVESEC_PORT]		= "port",
	[IFLA_GENEVESEC_LOCAL]		= "local",
	[IFLA_GENEVESEC_LOCAL6]		= "local6",
	[IFLA_GENEVESEC_MODE]		= "mode",
	[IFLA_GENEVESEC_SRCPORT_HASH]	= "srcport_hash",
	[IFLA_GENEVESEC_UDP_CSUM]	= "udp_csum",
	[IFLA_GENEVESEC_TTL]		= "ttl",
	[IFLA_GENEVESEC_TTL_INHERIT]	= "ttl_inherit",
	[IFLA_GENEVESEC_TOS]		= "tos",
	[IFLA_GENEVESEC_DF]		= "df",
	[IFLA_GENEVESEC_PEER_VALIDATION] = "peer_validation",
	[IFLA_GENEVESEC_RX_RATE_LIMIT]	= "rx_rate_limit",
	[IFLA_GENEVESEC_KEEPALIVE]	= "keepalive",
	[IFLA_GENEVESEC_GRACE]		= "grace",
	[IFLA_GENEVESEC_PEER_MAC]	= "peer_mac",
};

static int attr_type(const char *name, size_t len)
{
	int i;

	for (i = 1; i <= IFLA_GENEVESEC_MAX; i++)
		if (names[i] && strlen(names[i]) == len &&
		    strncmp(names[i], name, len) == 0)
			return i;
	return -1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: iplink-genevesec-harness parse ARG...\n"
		"       iplink-genevesec-harness print [-j] [NAME=HEX]...\n");
	exit(2);
}

static int do_parse(int argc, char **argv)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char buf[1024];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL,
		.n.nlmsg_type = RTM_NEWLINK,
	};
	struct rtattr *data, *a;
	int rem;

	data = addattr_nest(&req.n, sizeof(req), IFLA_INFO_DATA);
	if (genevesec_link_util.parse_opt(&genevesec_link_util, argc, argv,
					  &req.n))
		return 1;
	addattr_nest_end(&req.n, data);

	rem = RTA_PAYLOAD(data);
	for (a = RTA_DATA(data); RTA_OK(a, rem); a = RTA_NEXT(a, rem)) {
		const unsigned char *p = RTA_DATA(a);
		int i;

		if (a->rta_type <= IFLA_GENEVESEC_MAX && names[a->rta_type])
			printf("%s ", names[a->rta_type]);
		else
			printf("%u ", a->rta_type);
		for (i = 0; i < RTA_PAYLOAD(a); i++)
			printf("%02x", p[i]);
		printf("\n");
	}
	return 0;
}

static int do_print(int argc, char **argv)
{
	struct rtattr *tb[IFLA_GENEVESEC_MAX + 1] = {};
	char buf[1024];
	struct rtattr *data = (struct rtattr *)buf;

	if (argc > 0 && strcmp(*argv, "-j") == 0) {
		json = 1;
		argc--, argv++;
	}

	data->rta_type = IFLA_INFO_DATA;
	data->rta_len = RTA_LENGTH(0);
	for (; argc > 0; argc--, argv++) {
		const char *eq = strchr(*argv, '=');
		unsigned int len = 0;
		__u8 val[64];
		int type;

		type = eq ? attr_type(*argv, eq - *argv) : -1;
		if (type < 0)
			usage();
		if (eq[1] && !hexstring_a2n(eq + 1, val, sizeof(val), &len))
			usage();
		if (rta_addattr_l(data, sizeof(buf), type, val, len))
			usage();
	}
	parse_rtattr_nested(tb, IFLA_GENEVESEC_MAX, data);

	new_json_obj(json);
	open_json_object(NULL);
	genevesec_link_util.print_opt(&genevesec_link_util, stdout, tb);
	close_json_object();
	delete_json_obj();
	if (!json)
		printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "parse") == 0)
		return do_parse(argc - 2, argv + 2);
	if (strcmp(argv[1], "print") == 0)
		return do_print(argc - 2, argv + 2);
	usage();
	return 2;
}
