// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the kernel, to test on the host what genevesec does with
 * replies and errors: it replaces tools/genevesec/netlink.c, and is linked
 * with the tool's other objects into a genevesec that talks to it instead
 * of a socket. It answers dev-get, net-get, route-get and sa-get from a
 * fixed configuration, built as the kernel builds its messages, accepts
 * changes (refusing a few, with an extended ack as the kernel's), and logs
 * every request it gets to $FAKE_LOG, decoded as --dry-run prints them.
 *
 * The configuration exercises: uint attributes of 4 and 8 bytes, networks
 * dumped out of VNI order, IPv4 and IPv6 peers and none, a route and an SA
 * of a network the net-get dump did not list, a device that goes away
 * between the dev-get dump and the next (skipped), and, with
 * FAKE_DUMP_INTR=1, a route dump interrupted once (read again: nothing
 * twice). Device gs0 is ifindex 7, with networks 74565, 5 and 9; gs1 (9)
 * is listed but gone. monitor gets a fixed series of events, with a reply
 * that is not one (ignored) and a malformed one (reported), then ends.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "genevesec.h"

struct fake_route {
	uint32_t vni;
	const char *local, *remote;
	uint8_t local_plen, remote_plen;
};

struct fake_sa {
	uint32_t vni, spi, dir, cipher;
	const char *driver;
	uint64_t expires_in, counter, packets;
	uint8_t fingerprint[4];
};

static const struct fake_route fake_routes[] = {
	{ 74565, "10.0.0.1", "10.0.0.2", 32, 32 },
	{ 77, "10.9.0.1", "10.9.0.2", 32, 32 },		/* no such network: left out */
	{ 5, "fd00::1", "fd00::2", 128, 128 },
	{ 5, "10.1.0.0", "10.2.0.0", 16, 24 },
};

static const struct fake_sa fake_sas[] = {
	{ 74565, 256, GENEVESEC_SA_DIR_TX, GENEVESEC_CIPHER_AES_128_GCM, "gcm-aes-\"x\"",
	  3597, 12, 12, { 0x1a, 0x2b, 0x3c, 0x4d } },
	{ 74565, 512, GENEVESEC_SA_DIR_RX, GENEVESEC_CIPHER_AES_256_GCM, "generic-gcm",
	  0, 8589934592ULL, 7, { 0xde, 0xad, 0xbe, 0xef } },
	{ 77, 1, GENEVESEC_SA_DIR_RX, 0, "x", 1, 1, 1, { 0 } },
};

/* uint attributes take 4 bytes when the value fits, as nla_put_uint. */
static void put_uint(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	if (v > UINT32_MAX)
		mnl_attr_put_u64(nlh, type, v);
	else
		mnl_attr_put_u32(nlh, type, (uint32_t)v);
}

static void put_stats(struct nlmsghdr *nlh, uint16_t type, int first, int last, uint64_t base)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);
	int i;

	for (i = first; i <= last; i++)
		put_uint(nlh, i, base + i);
	mnl_attr_nest_end(nlh, nest);
}

static struct nlmsghdr *begin(char *buf, uint8_t cmd, bool intr)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = 0x20;
	nlh->nlmsg_flags = intr ? NLM_F_DUMP_INTR : 0;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = GENEVESEC_GENL_VERSION;
	return nlh;
}

static int fail(struct gs_nl_error *e, int err, const char *msg)
{
	e->err = err;
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	return err;
}

/* The device a request names: ifindex 7 or 9, or "gs0"/"gs1"; 0 if none. */
static uint32_t named_dev(const struct gs_msg *m, bool *has_vni, uint32_t *vni)
{
	const struct nlattr *attr;
	uint32_t ifindex = 0;

	*has_vni = false;
	mnl_attr_for_each(attr, m->nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case GENEVESEC_A_DEV_IFINDEX:
			ifindex = mnl_attr_get_u32(attr);
			break;
		case GENEVESEC_A_DEV_IFNAME:
			ifindex = !strcmp(mnl_attr_get_str(attr), "gs0") ? 7 :
				  !strcmp(mnl_attr_get_str(attr), "gs1") ? 9 : 0;
			break;
		case GENEVESEC_A_NET_VNI:
			if (m->cmd != GENEVESEC_CMD_DEV_GET) {
				*has_vni = true;
				*vni = mnl_attr_get_u32(attr);
			}
			break;
		}
	}
	return ifindex;
}

static int reply_dev(gs_nl_cb cb, void *data, uint32_t ifindex)
{
	char buf[4096];
	struct nlmsghdr *nlh = begin(buf, GENEVESEC_CMD_DEV_GET, false);

	mnl_attr_put_u32(nlh, GENEVESEC_A_DEV_IFINDEX, ifindex);
	mnl_attr_put_strz(nlh, GENEVESEC_A_DEV_IFNAME, ifindex == 7 ? "gs0" : "gs1");
	mnl_attr_put_u32(nlh, GENEVESEC_A_DEV_NETWORKS, 3);
	if (ifindex == 7) {
		/* The device counters above 2^32: 8-byte uints. */
		put_stats(nlh, GENEVESEC_A_DEV_STATS, GENEVESEC_A_STATS_RX_MALFORMED,
			  GENEVESEC_A_STATS_MAX, 4999999980ULL);
	} else {
		put_stats(nlh, GENEVESEC_A_DEV_STATS, GENEVESEC_A_STATS_RX_MALFORMED,
			  GENEVESEC_A_STATS_MAX, 0);
	}
	return cb(nlh, data);
}

static int reply_net(gs_nl_cb cb, void *data, uint32_t vni)
{
	struct in6_addr a6;
	char buf[4096];
	struct nlmsghdr *nlh = begin(buf, GENEVESEC_CMD_NET_GET, false);

	mnl_attr_put_u32(nlh, GENEVESEC_A_NET_IFINDEX, 7);
	mnl_attr_put_u32(nlh, GENEVESEC_A_NET_VNI, vni);
	if (vni == 74565) {
		mnl_attr_put_u32(nlh, GENEVESEC_A_NET_PEER4, inet_addr("192.0.2.2"));
		mnl_attr_put_u16(nlh, GENEVESEC_A_NET_PEER_PORT, 6081);
		mnl_attr_put_u32(nlh, GENEVESEC_A_NET_TX_SPI, 256);
		put_uint(nlh, GENEVESEC_A_NET_LAST_RX, 3);
		mnl_attr_put_u64(nlh, GENEVESEC_A_NET_LAST_TX, 1);
	} else if (vni == 5) {
		inet_pton(AF_INET6, "2001:db8::2", &a6);
		mnl_attr_put(nlh, GENEVESEC_A_NET_PEER6, sizeof(a6), &a6);
		mnl_attr_put_u16(nlh, GENEVESEC_A_NET_PEER_PORT, 6082);
		put_uint(nlh, GENEVESEC_A_NET_LAST_KEEPALIVE, 0);
	}
	mnl_attr_put_u32(nlh, GENEVESEC_A_NET_ROUTE_COUNT, 1);
	mnl_attr_put_u32(nlh, GENEVESEC_A_NET_RX_SA_COUNT, 1);
	/* rx-bytes of 74565 is above 2^32; 5 counts 1001.., 9 counts 1.. */
	put_stats(nlh, GENEVESEC_A_NET_STATS, GENEVESEC_A_STATS_RX_PACKETS,
		  GENEVESEC_A_STATS_TX_DROPS_EXPIRED_KEY,
		  vni == 74565 ? 5999999998ULL : vni == 5 ? 1000 : 0);
	return cb(nlh, data);
}

static int reply_route(gs_nl_cb cb, void *data, const struct fake_route *r, bool intr)
{
	int family = strchr(r->local, ':') ? AF_INET6 : AF_INET;
	size_t len = family == AF_INET ? 4 : 16;
	uint8_t local[16], remote[16];
	struct nlattr *nest;
	char buf[4096];
	struct nlmsghdr *nlh = begin(buf, GENEVESEC_CMD_ROUTE_GET, intr);

	inet_pton(family, r->local, local);
	inet_pton(family, r->remote, remote);
	mnl_attr_put_u32(nlh, GENEVESEC_A_NET_IFINDEX, 7);
	mnl_attr_put_u32(nlh, GENEVESEC_A_NET_VNI, r->vni);
	nest = mnl_attr_nest_start(nlh, GENEVESEC_A_NET_ROUTE);
	mnl_attr_put(nlh, GENEVESEC_A_ROUTE_LOCAL, len, local);
	mnl_attr_put_u8(nlh, GENEVESEC_A_ROUTE_LOCAL_PLEN, r->local_plen);
	mnl_attr_put(nlh, GENEVESEC_A_ROUTE_REMOTE, len, remote);
	mnl_attr_put_u8(nlh, GENEVESEC_A_ROUTE_REMOTE_PLEN, r->remote_plen);
	mnl_attr_nest_end(nlh, nest);
	return cb(nlh, data);
}

static int reply_sa(gs_nl_cb cb, void *data, const struct fake_sa *sa)
{
	char buf[4096];
	struct nlmsghdr *nlh = begin(buf, GENEVESEC_CMD_SA_GET, false);

	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_IFINDEX, 7);
	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_VNI, sa->vni);
	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_SPI, sa->spi);
	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_DIR, sa->dir);
	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_CIPHER, sa->cipher);
	mnl_attr_put_strz(nlh, GENEVESEC_A_SA_DRIVER, sa->driver);
	put_uint(nlh, GENEVESEC_A_SA_EXPIRES_IN, sa->expires_in);
	put_uint(nlh, GENEVESEC_A_SA_COUNTER, sa->counter);
	put_uint(nlh, GENEVESEC_A_SA_PACKETS, sa->packets);
	mnl_attr_put(nlh, GENEVESEC_A_SA_FINGERPRINT, 4, sa->fingerprint);
	return cb(nlh, data);
}

static int route_dump(gs_nl_cb cb, void *data, bool has_vni, uint32_t vni, bool intr)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(fake_routes); i++) {
		if (has_vni && fake_routes[i].vni != vni)
			continue;
		err = reply_route(cb, data, &fake_routes[i], intr);
		if (err)
			return err;
	}
	return 0;
}

static const uint32_t fake_vnis[] = { 74565, 9, 5 };

static bool fake_vni(uint32_t vni)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fake_vnis); i++)
		if (fake_vnis[i] == vni)
			return true;
	return false;
}

static int fake_ignore(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return 0;
}

static int fake_get(struct gs_msg *m, gs_nl_cb cb, void *data, struct gs_nl_error *e,
		    bool *intr)
{
	static bool interrupted;
	uint32_t vni = 0, ifindex;
	bool has_vni;
	size_t i;
	int err = 0;

	/* A lookup only wants the answer, as gs_nl_request allows. */
	if (!cb)
		cb = fake_ignore;
	ifindex = named_dev(m, &has_vni, &vni);
	if (m->cmd == GENEVESEC_CMD_DEV_GET && m->dump) {
		err = reply_dev(cb, data, 7);
		return err ? err : reply_dev(cb, data, 9);
	}
	if (!ifindex)
		return fail(e, -ENODEV, "no such device");
	if (m->cmd == GENEVESEC_CMD_DEV_GET)
		return reply_dev(cb, data, ifindex);
	/* gs1 went away after the dev-get dump listed it. */
	if (ifindex != 7)
		return fail(e, -ENODEV, "no such device");
	if (has_vni && !fake_vni(vni))
		return fail(e, -ENOENT, "no such network on this device");
	switch (m->cmd) {
	case GENEVESEC_CMD_NET_GET:
		if (!m->dump)
			return has_vni ? reply_net(cb, data, vni) :
			       fail(e, -EINVAL, "missing attribute: vni");
		for (i = 0; i < ARRAY_SIZE(fake_vnis) && !err; i++)
			err = reply_net(cb, data, fake_vnis[i]);
		return err;
	case GENEVESEC_CMD_ROUTE_GET:
		*intr = !interrupted && getenv("FAKE_DUMP_INTR");
		interrupted = true;
		return route_dump(cb, data, has_vni, vni, *intr);
	case GENEVESEC_CMD_SA_GET:
		for (i = 0; i < ARRAY_SIZE(fake_sas) && !err; i++)
			if (!has_vni || fake_sas[i].vni == vni)
				err = reply_sa(cb, data, &fake_sas[i]);
		return err;
	}
	return fail(e, -EOPNOTSUPP, "the fake kernel does not do this");
}

static const char spi_refused[] =
	"the SPI must be greater than the network's last transmit SPI";

/* Changes: accepted, but for a few the kernel would refuse as shown. */
static int fake_change(struct gs_msg *m, struct gs_nl_error *e)
{
	const struct nlattr *attr, *inner;
	uint32_t vni = 0, ifindex;
	bool has_vni;

	ifindex = named_dev(m, &has_vni, &vni);
	if (ifindex != 7)
		return fail(e, -ENODEV, "no such device");
	if (m->cmd == GENEVESEC_CMD_NET_NEW && fake_vni(vni))
		return fail(e, -EEXIST, "the network exists");
	if (m->cmd != GENEVESEC_CMD_NET_NEW && !fake_vni(vni) && vni != 1000)
		return fail(e, -ENOENT, "no such network on this device");
	/* SPI 666 stands for one the kernel refuses. */
	if (m->cmd != GENEVESEC_CMD_SA_NEW)
		return 0;
	mnl_attr_for_each(attr, m->nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != GENEVESEC_A_SA_RX &&
		    mnl_attr_get_type(attr) != GENEVESEC_A_SA_TX)
			continue;
		mnl_attr_for_each_nested(inner, attr) {
			if (mnl_attr_get_type(inner) == GENEVESEC_A_SA_KEY_SPI &&
			    mnl_attr_get_u32(inner) == 666)
				return fail(e, -EINVAL, spi_refused);
		}
	}
	return 0;
}

struct gs_nl {
	int unused;
};

struct gs_nl *gs_nl_open(struct gs_nl_error *e)
{
	if (getenv("FAKE_NO_FAMILY")) {
		fail(e, -ENOENT, "no genevesec netlink family: is the module loaded?");
		return NULL;
	}
	return gs_zalloc(sizeof(struct gs_nl));
}

void gs_nl_close(struct gs_nl *nl)
{
	free(nl);
}

int gs_nl_request(struct gs_nl *nl, struct gs_msg *m, gs_nl_cb cb, void *data,
		  struct gs_nl_error *e, bool *intr)
{
	const char *path = getenv("FAKE_LOG");
	FILE *log;

	(void)nl;
	e->err = 0;
	e->msg[0] = '\0';
	*intr = false;
	if (path) {
		log = fopen(path, "a");
		if (log) {
			gs_msg_print(log, m);
			fclose(log);
		}
	}
	switch (m->cmd) {
	case GENEVESEC_CMD_DEV_GET:
	case GENEVESEC_CMD_NET_GET:
	case GENEVESEC_CMD_ROUTE_GET:
	case GENEVESEC_CMD_SA_GET:
		return fake_get(m, cb, data, e, intr);
	}
	return fake_change(m, e);
}

/* One event as the kernel sends it: no sequence number, our family. */
static struct nlmsghdr *event(char *buf, uint8_t cmd, const char *ifname, uint32_t vni)
{
	struct nlmsghdr *nlh = begin(buf, cmd, false);

	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_IFINDEX, ifname ? 7 : 9);
	if (ifname)
		mnl_attr_put_strz(nlh, GENEVESEC_A_SA_IFNAME, ifname);
	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_VNI, vni);
	return nlh;
}

static void event_sa(struct nlmsghdr *nlh, uint32_t spi, uint32_t dir, int reason)
{
	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_SPI, spi);
	mnl_attr_put_u32(nlh, GENEVESEC_A_SA_DIR, dir);
	if (reason >= 0)
		mnl_attr_put_u32(nlh, GENEVESEC_A_SA_REASON, reason);
}

int gs_nl_monitor(struct gs_nl *nl, gs_nl_cb cb, void *data, struct gs_nl_error *e)
{
	const uint32_t rx = GENEVESEC_SA_DIR_RX, tx = GENEVESEC_SA_DIR_TX;
	struct nlmsghdr *nlh;
	char buf[4096];
	int err = 0;

	(void)nl;
	e->err = 0;
	e->msg[0] = '\0';
	nlh = event(buf, GENEVESEC_CMD_NET_ADD_NTF, "gs0", 74565);
	err = err ?: cb(nlh, data);
	nlh = event(buf, GENEVESEC_CMD_SA_ADD_NTF, "gs0", 74565);
	event_sa(nlh, 0x200, rx, -1);
	err = err ?: cb(nlh, data);
	nlh = event(buf, GENEVESEC_CMD_SA_ADD_NTF, "gs0", 74565);
	event_sa(nlh, 0x100, tx, -1);
	err = err ?: cb(nlh, data);
	nlh = event(buf, GENEVESEC_CMD_REKEY_NTF, "gs0", 74565);
	event_sa(nlh, 0x100, tx, GENEVESEC_EVENT_REASON_SOFT_LIMIT);
	put_uint(nlh, GENEVESEC_A_SA_COUNTER, 300);
	put_uint(nlh, GENEVESEC_A_SA_EXPIRES_IN, 3);
	err = err ?: cb(nlh, data);
	/* Not an event: ignored. */
	err = err ?: reply_dev(cb, data, 7);
	nlh = event(buf, GENEVESEC_CMD_REKEY_NTF, "gs0", 74565);
	event_sa(nlh, 0x100, tx, GENEVESEC_EVENT_REASON_LEAD_TIME);
	put_uint(nlh, GENEVESEC_A_SA_COUNTER, 5000000000ULL);
	put_uint(nlh, GENEVESEC_A_SA_EXPIRES_IN, 2);
	err = err ?: cb(nlh, data);
	/* No SPI: malformed, reported, and the monitor goes on. */
	nlh = event(buf, GENEVESEC_CMD_SA_EXPIRE_NTF, "gs0", 74565);
	err = err ?: cb(nlh, data);
	nlh = event(buf, GENEVESEC_CMD_SA_EXPIRE_NTF, "gs0", 74565);
	event_sa(nlh, 0x100, tx, GENEVESEC_EVENT_REASON_EXPIRED);
	err = err ?: cb(nlh, data);
	nlh = event(buf, GENEVESEC_CMD_SA_DEL_NTF, "gs0", 74565);
	event_sa(nlh, 0x200, rx, GENEVESEC_EVENT_REASON_DELETED);
	err = err ?: cb(nlh, data);
	nlh = event(buf, GENEVESEC_CMD_SA_DEL_NTF, "gs0", 74565);
	event_sa(nlh, 0x100, tx, 99);
	err = err ?: cb(nlh, data);
	/* A device name that needs quoting in JSON; then none at all. */
	nlh = event(buf, GENEVESEC_CMD_NET_DEL_NTF, "g\"s", 74565);
	err = err ?: cb(nlh, data);
	nlh = event(buf, GENEVESEC_CMD_NET_DEL_NTF, NULL, 5);
	err = err ?: cb(nlh, data);
	return err;
}
