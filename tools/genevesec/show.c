// SPDX-License-Identifier: GPL-2.0
/*
 * show: devices (dev-get), their networks (net-get), routes (route-get)
 * and SAs (sa-get), read first and then printed for people or as JSON.
 * Routes and SAs are dumped per device and matched to networks by VNI.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "genevesec.h"

#define GS_NET_STATS_FIRST	GENEVESEC_A_STATS_RX_PACKETS
#define GS_NET_STATS_LAST	GENEVESEC_A_STATS_TX_DROPS_EXPIRED_KEY

struct gs_stats {
	bool has[GENEVESEC_A_STATS_MAX + 1];
	uint64_t v[GENEVESEC_A_STATS_MAX + 1];
};

struct gs_sa_info {
	uint32_t spi;
	uint32_t dir;
	uint32_t cipher;
	char driver[128];
	uint64_t expires_in;
	uint64_t counter;
	uint64_t packets;
	uint8_t fingerprint[32];
	size_t fingerprint_len;
	bool has_rekey;			/* soft-limit and rekey-lead: transmit */
	uint64_t soft_limit;
	uint32_t rekey_lead;
};

enum { GS_LAST_RX, GS_LAST_TX, GS_LAST_KEEPALIVE, GS_LAST_COUNT };

struct gs_net_info {
	uint32_t vni;
	int peer_family;
	uint8_t peer[16];
	uint16_t port;
	bool has_last[GS_LAST_COUNT];
	uint64_t last[GS_LAST_COUNT];
	struct gs_stats stats;
	struct gs_route *routes;
	size_t n_routes;
	struct gs_sa_info *sas;
	size_t n_sas;
};

struct gs_dev_info {
	uint32_t ifindex;
	char ifname[GENEVESEC_IFNAME_LEN];
	uint32_t networks;
	struct gs_stats stats;
	struct gs_net_info *nets;
	size_t n_nets;
};

struct gs_devs {
	struct gs_dev_info *devs;
	size_t n_devs;
};

/* ---- replies ------------------------------------------------------------- */

static int gs_reply_attrs(const struct nlmsghdr *nlh, const struct gs_aset *set,
			  const struct nlattr **tb)
{
	size_t hdr = MNL_ALIGN(sizeof(struct genlmsghdr));
	size_t len = mnl_nlmsg_get_payload_len(nlh);

	if (len < hdr ||
	    gs_attr_parse_payload((const char *)mnl_nlmsg_get_payload(nlh) + hdr, len - hdr,
				  set, tb))
		return -EBADMSG;
	return 0;
}

static int gs_parse_stats(const struct nlattr *nest, struct gs_stats *stats)
{
	const struct nlattr *tb[GENEVESEC_A_STATS_MAX + 1];
	int i;

	memset(stats, 0, sizeof(*stats));
	if (!nest)
		return 0;
	if (gs_attr_parse_nest(nest, &gs_stats_set, tb))
		return -EBADMSG;
	for (i = 1; i <= GENEVESEC_A_STATS_MAX; i++) {
		if (tb[i]) {
			stats->has[i] = true;
			stats->v[i] = gs_attr_uint(tb[i]);
		}
	}
	return 0;
}

static int gs_dev_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[GENEVESEC_A_DEV_MAX + 1];
	struct gs_devs *s = data;
	struct gs_dev_info *d;

	if (gs_reply_attrs(nlh, &gs_dev_set, tb) || !tb[GENEVESEC_A_DEV_IFINDEX] ||
	    !tb[GENEVESEC_A_DEV_IFNAME])
		return -EBADMSG;
	d = gs_push(&s->devs, &s->n_devs, sizeof(*d));
	d->ifindex = mnl_attr_get_u32(tb[GENEVESEC_A_DEV_IFINDEX]);
	snprintf(d->ifname, sizeof(d->ifname), "%s", mnl_attr_get_str(tb[GENEVESEC_A_DEV_IFNAME]));
	if (tb[GENEVESEC_A_DEV_NETWORKS])
		d->networks = mnl_attr_get_u32(tb[GENEVESEC_A_DEV_NETWORKS]);
	return gs_parse_stats(tb[GENEVESEC_A_DEV_STATS], &d->stats);
}

static void gs_net_free(struct gs_net_info *n)
{
	free(n->routes);
	free(n->sas);
}

static void gs_nets_reset(void *data)
{
	struct gs_dev_info *d = data;
	size_t i;

	for (i = 0; i < d->n_nets; i++)
		gs_net_free(&d->nets[i]);
	free(d->nets);
	d->nets = NULL;
	d->n_nets = 0;
}

static int gs_net_cb(const struct nlmsghdr *nlh, void *data)
{
	static const int last_attr[GS_LAST_COUNT] = {
		GENEVESEC_A_NET_LAST_RX, GENEVESEC_A_NET_LAST_TX, GENEVESEC_A_NET_LAST_KEEPALIVE,
	};
	const struct nlattr *tb[GENEVESEC_A_NET_MAX + 1];
	struct gs_dev_info *d = data;
	struct gs_net_info *n;
	int i;

	if (gs_reply_attrs(nlh, &gs_net_set, tb) || !tb[GENEVESEC_A_NET_VNI])
		return -EBADMSG;
	n = gs_push(&d->nets, &d->n_nets, sizeof(*n));
	n->vni = mnl_attr_get_u32(tb[GENEVESEC_A_NET_VNI]);
	if (tb[GENEVESEC_A_NET_PEER4]) {
		n->peer_family = AF_INET;
		memcpy(n->peer, mnl_attr_get_payload(tb[GENEVESEC_A_NET_PEER4]), 4);
	} else if (tb[GENEVESEC_A_NET_PEER6]) {
		n->peer_family = AF_INET6;
		memcpy(n->peer, mnl_attr_get_payload(tb[GENEVESEC_A_NET_PEER6]), 16);
	}
	n->port = tb[GENEVESEC_A_NET_PEER_PORT] ?
		  mnl_attr_get_u16(tb[GENEVESEC_A_NET_PEER_PORT]) : GENEVESEC_DEFAULT_PORT;
	for (i = 0; i < GS_LAST_COUNT; i++) {
		if (tb[last_attr[i]]) {
			n->has_last[i] = true;
			n->last[i] = gs_attr_uint(tb[last_attr[i]]);
		}
	}
	return gs_parse_stats(tb[GENEVESEC_A_NET_STATS], &n->stats);
}

static int gs_vni_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct gs_net_info *)a)->vni;
	uint32_t y = ((const struct gs_net_info *)b)->vni;

	return x < y ? -1 : x > y;
}

/* Networks are sorted by VNI once dumped; a missing one was just added. */
static struct gs_net_info *gs_net_find(struct gs_dev_info *d, uint32_t vni)
{
	struct gs_net_info key = { .vni = vni };

	if (!d->n_nets)
		return NULL;
	return bsearch(&key, d->nets, d->n_nets, sizeof(*d->nets), gs_vni_cmp);
}

static void gs_routes_reset(void *data)
{
	struct gs_dev_info *d = data;
	size_t i;

	for (i = 0; i < d->n_nets; i++) {
		free(d->nets[i].routes);
		d->nets[i].routes = NULL;
		d->nets[i].n_routes = 0;
	}
}

static int gs_route_parse(const struct nlattr *nest, struct gs_route *r)
{
	const struct nlattr *tb[GENEVESEC_A_ROUTE_MAX + 1];
	size_t len;

	if (gs_attr_parse_nest(nest, &gs_route_set, tb) || !tb[GENEVESEC_A_ROUTE_LOCAL] ||
	    !tb[GENEVESEC_A_ROUTE_REMOTE] || !tb[GENEVESEC_A_ROUTE_LOCAL_PLEN] ||
	    !tb[GENEVESEC_A_ROUTE_REMOTE_PLEN])
		return -EBADMSG;
	len = mnl_attr_get_payload_len(tb[GENEVESEC_A_ROUTE_LOCAL]);
	if ((len != 4 && len != 16) ||
	    mnl_attr_get_payload_len(tb[GENEVESEC_A_ROUTE_REMOTE]) != len)
		return -EBADMSG;
	r->alen = len;
	memcpy(r->local, mnl_attr_get_payload(tb[GENEVESEC_A_ROUTE_LOCAL]), len);
	memcpy(r->remote, mnl_attr_get_payload(tb[GENEVESEC_A_ROUTE_REMOTE]), len);
	r->local_plen = mnl_attr_get_u8(tb[GENEVESEC_A_ROUTE_LOCAL_PLEN]);
	r->remote_plen = mnl_attr_get_u8(tb[GENEVESEC_A_ROUTE_REMOTE_PLEN]);
	return 0;
}

static int gs_route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[GENEVESEC_A_NET_MAX + 1];
	size_t hdr = MNL_ALIGN(sizeof(struct genlmsghdr));
	struct gs_dev_info *d = data;
	const struct nlattr *attr;
	struct gs_net_info *n;
	struct gs_route r;

	if (gs_reply_attrs(nlh, &gs_net_set, tb) || !tb[GENEVESEC_A_NET_VNI])
		return -EBADMSG;
	n = gs_net_find(d, mnl_attr_get_u32(tb[GENEVESEC_A_NET_VNI]));
	if (!n)
		return 0;
	/* route is multi-attr: the table above kept only the last one. */
	mnl_attr_for_each(attr, nlh, hdr) {
		if (mnl_attr_get_type(attr) != GENEVESEC_A_NET_ROUTE)
			continue;
		if (gs_route_parse(attr, &r))
			return -EBADMSG;
		*(struct gs_route *)gs_push(&n->routes, &n->n_routes, sizeof(r)) = r;
	}
	return 0;
}

static void gs_sas_reset(void *data)
{
	struct gs_dev_info *d = data;
	size_t i;

	for (i = 0; i < d->n_nets; i++) {
		free(d->nets[i].sas);
		d->nets[i].sas = NULL;
		d->nets[i].n_sas = 0;
	}
}

static int gs_sa_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[GENEVESEC_A_SA_MAX + 1];
	struct gs_dev_info *d = data;
	const struct nlattr *fpr;
	struct gs_net_info *n;
	struct gs_sa_info *sa;

	if (gs_reply_attrs(nlh, &gs_sa_set, tb) || !tb[GENEVESEC_A_SA_VNI] ||
	    !tb[GENEVESEC_A_SA_SPI])
		return -EBADMSG;
	n = gs_net_find(d, mnl_attr_get_u32(tb[GENEVESEC_A_SA_VNI]));
	if (!n)
		return 0;
	sa = gs_push(&n->sas, &n->n_sas, sizeof(*sa));
	sa->spi = mnl_attr_get_u32(tb[GENEVESEC_A_SA_SPI]);
	if (tb[GENEVESEC_A_SA_DIR])
		sa->dir = mnl_attr_get_u32(tb[GENEVESEC_A_SA_DIR]);
	if (tb[GENEVESEC_A_SA_CIPHER])
		sa->cipher = mnl_attr_get_u32(tb[GENEVESEC_A_SA_CIPHER]);
	if (tb[GENEVESEC_A_SA_DRIVER])
		snprintf(sa->driver, sizeof(sa->driver), "%s",
			 mnl_attr_get_str(tb[GENEVESEC_A_SA_DRIVER]));
	if (tb[GENEVESEC_A_SA_EXPIRES_IN])
		sa->expires_in = gs_attr_uint(tb[GENEVESEC_A_SA_EXPIRES_IN]);
	if (tb[GENEVESEC_A_SA_COUNTER])
		sa->counter = gs_attr_uint(tb[GENEVESEC_A_SA_COUNTER]);
	if (tb[GENEVESEC_A_SA_PACKETS])
		sa->packets = gs_attr_uint(tb[GENEVESEC_A_SA_PACKETS]);
	if (tb[GENEVESEC_A_SA_SOFT_LIMIT] && tb[GENEVESEC_A_SA_REKEY_LEAD]) {
		sa->has_rekey = true;
		sa->soft_limit = gs_attr_uint(tb[GENEVESEC_A_SA_SOFT_LIMIT]);
		sa->rekey_lead = mnl_attr_get_u32(tb[GENEVESEC_A_SA_REKEY_LEAD]);
	}
	fpr = tb[GENEVESEC_A_SA_FINGERPRINT];
	if (fpr) {
		sa->fingerprint_len = mnl_attr_get_payload_len(fpr);
		if (sa->fingerprint_len > sizeof(sa->fingerprint))
			sa->fingerprint_len = sizeof(sa->fingerprint);
		memcpy(sa->fingerprint, mnl_attr_get_payload(fpr), sa->fingerprint_len);
	}
	return 0;
}

/* ---- reading ---------------------------------------------------------------- */

static int gs_get(struct gs_ctx *ctx, uint8_t op, bool dump, const struct gs_dev *dev,
		  const struct gs_cmd *cmd, gs_nl_cb cb, void (*reset)(void *), void *data,
		  struct gs_nl_error *e)
{
	struct gs_msg *m = gs_msg_new(op, dump, 64);
	int err;

	if (dev)
		gs_msg_put_dev(m, dev);
	/* Devices have no VNI: attribute 3 of their set is something else. */
	if (dev && cmd->has_vni && op != GENEVESEC_CMD_DEV_GET)
		gs_msg_put_u32(m, GENEVESEC_A_NET_VNI, cmd->vni);
	err = gs_send(ctx, m, cb, reset, data, e);
	gs_msg_free(m);
	return err;
}

/* A device's networks, routes and SAs; @dev names it in the requests. */
static int gs_read_dev(struct gs_ctx *ctx, const struct gs_cmd *cmd, struct gs_dev_info *d,
		       const struct gs_dev *dev, struct gs_nl_error *e)
{
	int err;

	/* With a VNI, net-get is a do: a missing network is an error. */
	err = gs_get(ctx, GENEVESEC_CMD_NET_GET, !cmd->has_vni, dev, cmd, gs_net_cb,
		     gs_nets_reset, d, e);
	if (err)
		return err;
	if (d->n_nets)
		qsort(d->nets, d->n_nets, sizeof(*d->nets), gs_vni_cmp);
	err = gs_get(ctx, GENEVESEC_CMD_ROUTE_GET, true, dev, cmd, gs_route_cb,
		     gs_routes_reset, d, e);
	if (err)
		return err;
	return gs_get(ctx, GENEVESEC_CMD_SA_GET, true, dev, cmd, gs_sa_cb, gs_sas_reset, d, e);
}

/* ---- people --------------------------------------------------------------- */

static const char *gs_counter_name(int attr, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "%s", gs_stats_set.attrs[attr].name);
	for (p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
	return buf;
}

static const char *gs_addr(int family, const void *addr, char *buf)
{
	return inet_ntop(family, addr, buf, INET6_ADDRSTRLEN);
}

static void gs_format_peer(const struct gs_net_info *n, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];

	gs_addr(n->peer_family, n->peer, addr);
	if (n->peer_family == AF_INET6)
		snprintf(buf, size, "[%s]:%u", addr, n->port);
	else
		snprintf(buf, size, "%s:%u", addr, n->port);
}

static void gs_format_route(const struct gs_route *r, char *buf, size_t size)
{
	int family = r->alen == 4 ? AF_INET : AF_INET6;
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN];

	snprintf(buf, size, "%s/%u=%s/%u", gs_addr(family, r->local, local), r->local_plen,
		 gs_addr(family, r->remote, remote), r->remote_plen);
}

static const char *gs_cipher_name(uint32_t cipher)
{
	switch (cipher) {
	case GENEVESEC_CIPHER_AES_128_GCM:
		return "aes-128-gcm";
	case GENEVESEC_CIPHER_AES_256_GCM:
		return "aes-256-gcm";
	}
	return "unknown";
}

static const char *gs_dir_name(uint32_t dir)
{
	return dir == GENEVESEC_SA_DIR_TX ? "tx" : dir == GENEVESEC_SA_DIR_RX ? "rx" : "unknown";
}

static void gs_print_bytes(uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = bytes;
	int i = -1;

	if (bytes < 1024) {
		printf("%llu B", (unsigned long long)bytes);
		return;
	}
	while (v >= 1024 && i < 5) {
		v /= 1024;
		i++;
	}
	printf("%.2f %s", v, units[i]);
}

static const char *gs_packets(uint64_t n, char *buf, size_t size)
{
	snprintf(buf, size, "%llu packet%s", (unsigned long long)n, n == 1 ? "" : "s");
	return buf;
}

static void gs_print_counters(const struct gs_stats *stats, int first, int last, bool all,
			      const char *indent)
{
	char name[64];
	int i;

	for (i = first; i <= last; i++) {
		if (stats->has[i] && (all || stats->v[i]))
			printf("%s%s: %llu\n", indent, gs_counter_name(i, name, sizeof(name)),
			       (unsigned long long)stats->v[i]);
	}
}

static void gs_print_sa(const struct gs_sa_info *sa)
{
	size_t i;

	printf("  sa: spi 0x%x (%u), %s\n", sa->spi, sa->spi, gs_dir_name(sa->dir));
	printf("    cipher: %s\n", gs_cipher_name(sa->cipher));
	printf("    driver: %s\n", sa->driver[0] ? sa->driver : "(unknown)");
	if (sa->expires_in)
		printf("    expires in: %llu second%s\n", (unsigned long long)sa->expires_in,
		       sa->expires_in == 1 ? "" : "s");
	else
		printf("    expires in: expired\n");
	printf("    counter: %llu\n", (unsigned long long)sa->counter);
	printf("    packets: %llu\n", (unsigned long long)sa->packets);
	printf("    fingerprint: ");
	for (i = 0; i < sa->fingerprint_len; i++)
		printf("%02x", sa->fingerprint[i]);
	printf("\n");
	if (!sa->has_rekey)
		return;
	if (sa->soft_limit)
		printf("    soft limit: %llu packets\n", (unsigned long long)sa->soft_limit);
	else
		printf("    soft limit: none\n");
	if (sa->rekey_lead)
		printf("    rekey lead: %u second%s\n", sa->rekey_lead,
		       sa->rekey_lead == 1 ? "" : "s");
	else
		printf("    rekey lead: none\n");
}

static void gs_print_net(const struct gs_net_info *n, bool all)
{
	static const char *const last_name[GS_LAST_COUNT] = { "rx", "tx", "keepalive" };
	const struct gs_stats *st = &n->stats;
	char buf[128];
	size_t i;

	printf("\nnetwork: %u\n", n->vni);
	if (n->peer_family) {
		gs_format_peer(n, buf, sizeof(buf));
		printf("  peer: %s\n", buf);
	} else {
		printf("  peer: (none)\n");
	}
	if (!n->n_routes)
		printf("  routes: (none)\n");
	for (i = 0; i < n->n_routes; i++) {
		gs_format_route(&n->routes[i], buf, sizeof(buf));
		printf("%s%s\n", i ? "          " : "  routes: ", buf);
	}
	for (i = 0; i < GS_LAST_COUNT; i++) {
		if (n->has_last[i])
			printf("  last %s: %llu second%s ago\n", last_name[i],
			       (unsigned long long)n->last[i], n->last[i] == 1 ? "" : "s");
	}
	printf("  transfer: ");
	gs_print_bytes(st->v[GENEVESEC_A_STATS_RX_BYTES]);
	printf(" received (%s), ", gs_packets(st->v[GENEVESEC_A_STATS_RX_PACKETS], buf,
					       sizeof(buf)));
	gs_print_bytes(st->v[GENEVESEC_A_STATS_TX_BYTES]);
	printf(" sent (%s)\n", gs_packets(st->v[GENEVESEC_A_STATS_TX_PACKETS], buf, sizeof(buf)));
	/* The transfer line has the first four; the rest matter when not 0. */
	gs_print_counters(st, all ? GS_NET_STATS_FIRST : GENEVESEC_A_STATS_TX_BYTES + 1,
			  GS_NET_STATS_LAST, all, "  ");
	for (i = 0; i < n->n_sas; i++)
		gs_print_sa(&n->sas[i]);
}

static void gs_print_dev(const struct gs_dev_info *d, bool first, bool all)
{
	size_t i;

	printf("%sdevice: %s\n", first ? "" : "\n", d->ifname);
	printf("  ifindex: %u\n", d->ifindex);
	printf("  networks: %u\n", d->networks);
	gs_print_counters(&d->stats, GS_NET_STATS_LAST + 1, GENEVESEC_A_STATS_MAX, all, "  ");
	for (i = 0; i < d->n_nets; i++)
		gs_print_net(&d->nets[i], all);
}

/* ---- JSON ------------------------------------------------------------------ */

struct gs_json {
	int depth;
	bool more;			/* the current object or array has members */
};

static void gs_json_next(struct gs_json *j, const char *key)
{
	if (j->depth)
		printf("%s\n%*s", j->more ? "," : "", 2 * j->depth, "");
	j->more = true;
	if (key)
		printf("\"%s\": ", key);
}

static void gs_json_open(struct gs_json *j, const char *key, char c)
{
	gs_json_next(j, key);
	putchar(c);
	j->depth++;
	j->more = false;
}

static void gs_json_close(struct gs_json *j, char c)
{
	j->depth--;
	if (j->more)
		printf("\n%*s", 2 * j->depth, "");
	putchar(c);
	j->more = true;
}

static void gs_json_str(struct gs_json *j, const char *key, const char *s)
{
	gs_json_next(j, key);
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void gs_json_u64(struct gs_json *j, const char *key, uint64_t v)
{
	gs_json_next(j, key);
	printf("%llu", (unsigned long long)v);
}

static void gs_json_null(struct gs_json *j, const char *key)
{
	gs_json_next(j, key);
	printf("null");
}

static void gs_json_counters(struct gs_json *j, const struct gs_stats *stats, int first,
			     int last)
{
	char name[64];
	int i;

	for (i = first; i <= last; i++)
		if (stats->has[i])
			gs_json_u64(j, gs_counter_name(i, name, sizeof(name)), stats->v[i]);
}

static void gs_json_sa(struct gs_json *j, const struct gs_sa_info *sa)
{
	char fpr[2 * sizeof(sa->fingerprint) + 1];
	size_t i;

	for (i = 0; i < sa->fingerprint_len; i++)
		snprintf(fpr + 2 * i, 3, "%02x", sa->fingerprint[i]);
	fpr[2 * sa->fingerprint_len] = '\0';
	gs_json_open(j, NULL, '{');
	gs_json_u64(j, "spi", sa->spi);
	gs_json_str(j, "dir", gs_dir_name(sa->dir));
	gs_json_str(j, "cipher", gs_cipher_name(sa->cipher));
	gs_json_str(j, "driver", sa->driver);
	gs_json_u64(j, "expires_in", sa->expires_in);
	gs_json_u64(j, "counter", sa->counter);
	gs_json_u64(j, "packets", sa->packets);
	gs_json_str(j, "fingerprint", fpr);
	if (sa->has_rekey) {
		gs_json_u64(j, "soft_limit", sa->soft_limit);
		gs_json_u64(j, "rekey_lead", sa->rekey_lead);
	}
	gs_json_close(j, '}');
}

static void gs_json_net(struct gs_json *j, const struct gs_net_info *n)
{
	static const char *const last_key[GS_LAST_COUNT] = {
		"last_rx", "last_tx", "last_keepalive",
	};
	char buf[128];
	size_t i;

	gs_json_open(j, NULL, '{');
	gs_json_u64(j, "vni", n->vni);
	if (n->peer_family) {
		gs_format_peer(n, buf, sizeof(buf));
		gs_json_str(j, "peer", buf);
	} else {
		gs_json_null(j, "peer");
	}
	gs_json_open(j, "routes", '[');
	for (i = 0; i < n->n_routes; i++) {
		gs_format_route(&n->routes[i], buf, sizeof(buf));
		gs_json_str(j, NULL, buf);
	}
	gs_json_close(j, ']');
	for (i = 0; i < GS_LAST_COUNT; i++) {
		if (n->has_last[i])
			gs_json_u64(j, last_key[i], n->last[i]);
		else
			gs_json_null(j, last_key[i]);
	}
	gs_json_counters(j, &n->stats, GS_NET_STATS_FIRST, GS_NET_STATS_LAST);
	gs_json_open(j, "sas", '[');
	for (i = 0; i < n->n_sas; i++)
		gs_json_sa(j, &n->sas[i]);
	gs_json_close(j, ']');
	gs_json_close(j, '}');
}

static void gs_json_devs(const struct gs_devs *s)
{
	struct gs_json j = { 0 };
	const struct gs_dev_info *d;
	size_t i, k;

	gs_json_open(&j, NULL, '[');
	for (i = 0; i < s->n_devs; i++) {
		d = &s->devs[i];
		gs_json_open(&j, NULL, '{');
		gs_json_str(&j, "ifname", d->ifname);
		gs_json_u64(&j, "ifindex", d->ifindex);
		gs_json_counters(&j, &d->stats, GS_NET_STATS_LAST + 1, GENEVESEC_A_STATS_MAX);
		gs_json_open(&j, "networks", '[');
		for (k = 0; k < d->n_nets; k++)
			gs_json_net(&j, &d->nets[k]);
		gs_json_close(&j, ']');
		gs_json_close(&j, '}');
	}
	gs_json_close(&j, ']');
	putchar('\n');
}

/* ---- the command ------------------------------------------------------------ */

static void gs_devs_reset(void *data)
{
	struct gs_devs *s = data;
	size_t i;

	for (i = 0; i < s->n_devs; i++)
		gs_nets_reset(&s->devs[i]);
	free(s->devs);
	s->devs = NULL;
	s->n_devs = 0;
}

int gs_show(struct gs_ctx *ctx, const struct gs_cmd *cmd)
{
	struct gs_dev_info named = { 0 };
	struct gs_devs s = { 0 };
	struct gs_nl_error e;
	struct gs_dev dev;
	size_t i = 0;
	int err;

	err = gs_get(ctx, GENEVESEC_CMD_DEV_GET, !cmd->has_dev, cmd->has_dev ? &cmd->dev : NULL,
		     cmd, gs_dev_cb, gs_devs_reset, &s, NULL);
	if (err)
		goto out;
	if (ctx->dry_run) {
		/* No reply names the device: show the requests for the one named. */
		if (cmd->has_dev)
			err = gs_read_dev(ctx, cmd, &named, &cmd->dev, NULL);
		goto out;
	}
	while (i < s.n_devs) {
		memset(&dev, 0, sizeof(dev));
		dev.ifindex = s.devs[i].ifindex;
		err = gs_read_dev(ctx, cmd, &s.devs[i], &dev, &e);
		/* A device the dump listed may have gone since: leave it out. */
		if ((err == -ENODEV || err == -EOPNOTSUPP) && !cmd->has_dev) {
			gs_nets_reset(&s.devs[i]);
			memmove(&s.devs[i], &s.devs[i + 1], (s.n_devs - i - 1) * sizeof(*s.devs));
			s.n_devs--;
			err = 0;
			continue;
		}
		if (err) {
			gs_nl_perror(&e);
			goto out;
		}
		i++;
	}
	if (cmd->json) {
		gs_json_devs(&s);
	} else {
		for (i = 0; i < s.n_devs; i++)
			gs_print_dev(&s.devs[i], i == 0, cmd->stats);
	}
out:
	gs_nets_reset(&named);
	gs_devs_reset(&s);
	return err ? -1 : 0;
}
