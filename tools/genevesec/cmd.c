// SPDX-License-Identifier: GPL-2.0
/*
 * Running set and del: the requests a parsed command turns into, sent in
 * order (or printed with --dry-run). The first that fails stops the
 * command; those before it stay applied, as each is atomic on its own.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "genevesec.h"

/* Room for the device, VNI, peer and flags of a network request. */
#define GS_NET_ROOM		128
/* One route nest: two 16-byte addresses and two lengths, with headers. */
#define GS_ROUTE_ROOM		64
#define GS_SA_ROOM		256

int gs_ctx_open(struct gs_ctx *ctx)
{
	struct gs_nl_error e;

	if (ctx->nl || ctx->dry_run)
		return 0;
	ctx->nl = gs_nl_open(&e);
	if (!ctx->nl) {
		gs_nl_perror(&e);
		return -1;
	}
	return 0;
}

int gs_send(struct gs_ctx *ctx, struct gs_msg *m, gs_nl_cb cb, void (*reset)(void *),
	    void *data, struct gs_nl_error *e)
{
	struct gs_nl_error local;
	unsigned int tries = 0;
	bool intr;
	int err;

	if (ctx->dry_run) {
		gs_msg_print(stdout, m);
		return 0;
	}
	if (gs_ctx_open(ctx))
		return -EIO;
	if (!e)
		e = &local;
	/* A dump that saw the configuration change is read again. */
	while ((err = gs_nl_request(ctx->nl, m, cb, data, e, &intr)) == 0 && intr && m->dump) {
		if (++tries == 10) {
			snprintf(e->msg, sizeof(e->msg), "the configuration kept changing");
			e->err = -EAGAIN;
			err = e->err;
			break;
		}
		if (reset)
			reset(data);
	}
	if (err && e == &local)
		gs_nl_perror(e);
	return err;
}

static void gs_put_routes(struct gs_msg *m, const struct gs_cmd *cmd)
{
	const struct gs_route *r;
	struct nlattr *nest;
	size_t i;

	for (i = 0; i < cmd->n_routes; i++) {
		r = &cmd->routes[i];
		nest = mnl_attr_nest_start(m->nlh, GENEVESEC_A_NET_ROUTE);
		mnl_attr_put(m->nlh, GENEVESEC_A_ROUTE_LOCAL, r->alen, r->local);
		mnl_attr_put_u8(m->nlh, GENEVESEC_A_ROUTE_LOCAL_PLEN, r->local_plen);
		mnl_attr_put(m->nlh, GENEVESEC_A_ROUTE_REMOTE, r->alen, r->remote);
		mnl_attr_put_u8(m->nlh, GENEVESEC_A_ROUTE_REMOTE_PLEN, r->remote_plen);
		mnl_attr_nest_end(m->nlh, nest);
	}
}

/* net-new, net-set, route-del, net-del: what of the command each takes. */
static int gs_net_request(struct gs_ctx *ctx, const struct gs_cmd *cmd, uint8_t op)
{
	bool config = op == GENEVESEC_CMD_NET_NEW || op == GENEVESEC_CMD_NET_SET;
	const struct gs_peer *peer = &cmd->peer;
	struct gs_msg *m;
	int err;

	m = gs_msg_new(op, false, GS_NET_ROOM + cmd->n_routes * GS_ROUTE_ROOM);
	gs_msg_put_dev(m, &cmd->dev);
	gs_msg_put_u32(m, GENEVESEC_A_NET_VNI, cmd->vni);
	if (config && peer->family == AF_INET)
		mnl_attr_put(m->nlh, GENEVESEC_A_NET_PEER4, 4, peer->addr);
	if (config && peer->family == AF_INET6)
		mnl_attr_put(m->nlh, GENEVESEC_A_NET_PEER6, 16, peer->addr);
	if (config && peer->family && peer->port)
		mnl_attr_put_u16(m->nlh, GENEVESEC_A_NET_PEER_PORT, peer->port);
	if (op != GENEVESEC_CMD_NET_DEL)
		gs_put_routes(m, cmd);
	/* Only net-set takes the flag; a new network has exactly its routes. */
	if (op == GENEVESEC_CMD_NET_SET && cmd->replace_routes)
		mnl_attr_put(m->nlh, GENEVESEC_A_NET_REPLACE_ROUTES, 0, NULL);
	err = gs_send(ctx, m, NULL, NULL, NULL, NULL);
	gs_msg_free(m);
	return err;
}

static void gs_put_sa_key(struct gs_msg *m, uint16_t type, const struct gs_sa_key *sa)
{
	struct nlattr *nest = mnl_attr_nest_start(m->nlh, type);

	mnl_attr_put_u32(m->nlh, GENEVESEC_A_SA_KEY_SPI, sa->spi);
	mnl_attr_put(m->nlh, GENEVESEC_A_SA_KEY_KEY, sa->key.len, sa->key.bytes);
	if (sa->lifetime)
		mnl_attr_put_u32(m->nlh, GENEVESEC_A_SA_KEY_LIFETIME, sa->lifetime);
	if (sa->has_soft_limit)
		mnl_attr_put_u64(m->nlh, GENEVESEC_A_SA_KEY_SOFT_LIMIT, sa->soft_limit);
	if (sa->rekey_lead)
		mnl_attr_put_u32(m->nlh, GENEVESEC_A_SA_KEY_REKEY_LEAD, sa->rekey_lead);
	mnl_attr_nest_end(m->nlh, nest);
}

static int gs_sa_new(struct gs_ctx *ctx, const struct gs_cmd *cmd)
{
	struct gs_msg *m;
	int err;

	m = gs_msg_new(GENEVESEC_CMD_SA_NEW, false, GS_SA_ROOM);
	gs_msg_put_dev(m, &cmd->dev);
	gs_msg_put_u32(m, GENEVESEC_A_SA_VNI, cmd->vni);
	if (cmd->sa != GS_SA_TX)
		gs_put_sa_key(m, GENEVESEC_A_SA_RX, &cmd->rx);
	if (cmd->sa != GS_SA_RX)
		gs_put_sa_key(m, GENEVESEC_A_SA_TX, &cmd->tx);
	if (cmd->sa == GS_SA_MANUAL)
		mnl_attr_put(m->nlh, GENEVESEC_A_SA_MANUAL, 0, NULL);
	err = gs_send(ctx, m, NULL, NULL, NULL, NULL);
	gs_msg_free(m);
	return err;
}

/*
 * Does the network exist? Decides between net-new and net-set. A dry run
 * cannot ask: it takes the answer --dry-run gave (new unless "existing").
 */
static int gs_net_exists(struct gs_ctx *ctx, const struct gs_cmd *cmd, bool *exists)
{
	struct gs_nl_error e;
	struct gs_msg *m;
	int err;

	if (ctx->dry_run) {
		*exists = ctx->dry_run_existing;
		return 0;
	}
	if (gs_ctx_open(ctx))
		return -1;
	m = gs_msg_new(GENEVESEC_CMD_NET_GET, false, GS_NET_ROOM);
	gs_msg_put_dev(m, &cmd->dev);
	gs_msg_put_u32(m, GENEVESEC_A_NET_VNI, cmd->vni);
	err = gs_send(ctx, m, NULL, NULL, NULL, &e);
	gs_msg_free(m);
	/* Only "no such network" is ENOENT; no device is ENODEV. */
	if (err && err != -ENOENT) {
		gs_nl_perror(&e);
		return -1;
	}
	*exists = !err;
	return 0;
}

static int gs_set(struct gs_ctx *ctx, const struct gs_cmd *cmd)
{
	bool exists;

	if (gs_net_exists(ctx, cmd, &exists))
		return -1;
	if (!exists) {
		if (gs_net_request(ctx, cmd, GENEVESEC_CMD_NET_NEW))
			return -1;
	} else if (cmd->peer.family || cmd->n_routes || cmd->replace_routes) {
		if (gs_net_request(ctx, cmd, GENEVESEC_CMD_NET_SET))
			return -1;
	}
	if (cmd->sa != GS_SA_NONE && gs_sa_new(ctx, cmd))
		return -1;
	return 0;
}

static int gs_del(struct gs_ctx *ctx, const struct gs_cmd *cmd)
{
	struct gs_msg *m;
	int err;

	if (cmd->n_routes && gs_net_request(ctx, cmd, GENEVESEC_CMD_ROUTE_DEL))
		return -1;
	if (cmd->has_spi) {
		m = gs_msg_new(GENEVESEC_CMD_SA_DEL, false, GS_SA_ROOM);
		gs_msg_put_dev(m, &cmd->dev);
		gs_msg_put_u32(m, GENEVESEC_A_SA_VNI, cmd->vni);
		gs_msg_put_u32(m, GENEVESEC_A_SA_SPI, cmd->spi);
		err = gs_send(ctx, m, NULL, NULL, NULL, NULL);
		gs_msg_free(m);
		if (err)
			return -1;
	}
	if (!cmd->n_routes && !cmd->has_spi &&
	    gs_net_request(ctx, cmd, GENEVESEC_CMD_NET_DEL))
		return -1;
	return 0;
}

int gs_cmd_run(struct gs_ctx *ctx, struct gs_cmd *cmd)
{
	switch (cmd->kind) {
	case GS_CMD_SHOW:
		return gs_show(ctx, cmd);
	case GS_CMD_SET:
		return gs_set(ctx, cmd);
	case GS_CMD_DEL:
		return gs_del(ctx, cmd);
	case GS_CMD_GENKEY:
		return gs_genkey(cmd->key_bits);
	case GS_CMD_MONITOR:
		return gs_monitor(ctx, cmd);
	}
	return -1;
}
