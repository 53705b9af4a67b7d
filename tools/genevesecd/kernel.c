// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: the kernel device's SA operations. See kernel.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "kernel.h"

int gsd_kernel_open(struct gsd_kernel *k, const char *ifname, uint32_t vni,
		    struct gs_nl_error *e)
{
	memset(k, 0, sizeof(*k));
	if (strlen(ifname) >= sizeof(k->dev.ifname)) {
		e->err = -EINVAL;
		snprintf(e->msg, sizeof(e->msg), "device name too long");
		return -1;
	}
	strcpy(k->dev.ifname, ifname);
	k->vni = vni;
	k->nl = gs_nl_open(e);
	if (!k->nl)
		return -1;
	/* Events on a socket of their own: no ack ever waits behind one. */
	k->events = gs_nl_open(e);
	if (!k->events || gs_nl_join(k->events, e)) {
		gsd_kernel_close(k);
		return -1;
	}
	return 0;
}

void gsd_kernel_close(struct gsd_kernel *k)
{
	if (k->nl)
		gs_nl_close(k->nl);
	if (k->events)
		gs_nl_close(k->events);
	k->nl = NULL;
	k->events = NULL;
}

int gsd_net_setup(struct gsd_kernel *k, const char *peer,
		  char *const *routes, int n_routes)
{
	struct gs_ctx ctx = { .nl = k->nl };
	struct gs_cmd cmd = { 0 };
	char vni[16], **argv;
	int argc = 0, i, err = -1;

	argv = calloc(7 + 2 * n_routes + 1, sizeof(*argv));
	if (!argv)
		return -1;
	snprintf(vni, sizeof(vni), "%u", k->vni);
	argv[argc++] = "set";
	argv[argc++] = k->dev.ifname;
	argv[argc++] = "vni";
	argv[argc++] = vni;
	argv[argc++] = "peer";
	argv[argc++] = (char *)peer;
	for (i = 0; i < n_routes; i++) {
		argv[argc++] = "route";
		argv[argc++] = routes[i];
	}
	argv[argc++] = "replace-routes";
	if (!gs_parse(argc, argv, &cmd))
		err = gs_cmd_run(&ctx, &cmd) ? -1 : 0;
	gs_cmd_free(&cmd);
	free(argv);
	return err;
}

/* A request @cmd naming the network and nothing else. */
static int net_request(struct gsd_kernel *k, uint8_t cmd, struct gs_nl_error *e)
{
	struct gs_msg *m = gs_msg_new(cmd, false, 64);
	int err;

	gs_msg_put_dev(m, &k->dev);
	gs_msg_put_u32(m, GENEVESEC_A_NET_VNI, k->vni);
	err = gs_nl_request(k->nl, m, NULL, NULL, e, NULL);
	gs_msg_free(m);
	return err ? -1 : 0;
}

int gsd_net_del(struct gsd_kernel *k, struct gs_nl_error *e)
{
	return net_request(k, GENEVESEC_CMD_NET_DEL, e);
}

int gsd_net_check(struct gsd_kernel *k, struct gs_nl_error *e)
{
	return net_request(k, GENEVESEC_CMD_NET_GET, e);
}

int gsd_kernel_events_fd(const struct gsd_kernel *k)
{
	return gs_nl_fd(k->events);
}

struct gsd_event_ctx {
	const struct gsd_kernel *k;
	enum gsd_event ev;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[GENEVESEC_A_SA_MAX + 1] = { NULL };
	size_t hdr = MNL_ALIGN(sizeof(*genl));
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	struct gsd_event_ctx *c = data;
	enum gsd_event ev = GSD_EV_NONE;
	uint32_t reason;

	if (len < hdr || (genl->cmd != GENEVESEC_CMD_REKEY_NTF &&
			  genl->cmd != GENEVESEC_CMD_SA_EXPIRE_NTF &&
			  genl->cmd != GENEVESEC_CMD_SA_DEL_NTF))
		return 0;
	if (gs_attr_parse_payload((const char *)genl + hdr, len - hdr,
				  &gs_sa_set, tb) ||
	    !tb[GENEVESEC_A_SA_IFNAME] || !tb[GENEVESEC_A_SA_VNI] ||
	    !tb[GENEVESEC_A_SA_DIR] ||
	    strcmp(mnl_attr_get_str(tb[GENEVESEC_A_SA_IFNAME]), c->k->dev.ifname) ||
	    mnl_attr_get_u32(tb[GENEVESEC_A_SA_VNI]) != c->k->vni ||
	    mnl_attr_get_u32(tb[GENEVESEC_A_SA_DIR]) != GENEVESEC_SA_DIR_TX)
		return 0;
	reason = tb[GENEVESEC_A_SA_REASON] ?
		 mnl_attr_get_u32(tb[GENEVESEC_A_SA_REASON]) : 0;
	if (genl->cmd == GENEVESEC_CMD_REKEY_NTF)
		ev = GSD_EV_REKEY;
	else if (genl->cmd == GENEVESEC_CMD_SA_EXPIRE_NTF)
		ev = GSD_EV_TX_EXPIRED;
	else if (reason == GENEVESEC_EVENT_REASON_VMFORK ||
		 reason == GENEVESEC_EVENT_REASON_HIBERNATION)
		ev = GSD_EV_TX_KILLED;
	if (ev > c->ev)
		c->ev = ev;
	return 0;
}

enum gsd_event gsd_kernel_events(struct gsd_kernel *k)
{
	struct gsd_event_ctx c = { .k = k };
	struct gs_nl_error e = { 0 };

	gs_nl_events(k->events, event_cb, &c, false, &e);
	return c.ev;
}

/* One sa-new with an rx or a tx nest; the request is wiped when freed. */
static int sa_new(struct gsd_kernel *k, uint16_t dir, uint32_t spi,
		  const uint8_t key[16], uint32_t lifetime, uint32_t rekey_lead,
		  struct gs_nl_error *e)
{
	struct gs_msg *m = gs_msg_new(GENEVESEC_CMD_SA_NEW, false, 128);
	struct nlattr *nest;
	int err;

	gs_msg_put_dev(m, &k->dev);
	gs_msg_put_u32(m, GENEVESEC_A_SA_VNI, k->vni);
	nest = mnl_attr_nest_start(m->nlh, dir);
	mnl_attr_put_u32(m->nlh, GENEVESEC_A_SA_KEY_SPI, spi);
	mnl_attr_put(m->nlh, GENEVESEC_A_SA_KEY_KEY, 16, key);
	mnl_attr_put_u32(m->nlh, GENEVESEC_A_SA_KEY_LIFETIME, lifetime);
	if (rekey_lead)
		mnl_attr_put_u32(m->nlh, GENEVESEC_A_SA_KEY_REKEY_LEAD, rekey_lead);
	mnl_attr_nest_end(m->nlh, nest);
	err = gs_nl_request(k->nl, m, NULL, NULL, e, NULL);
	gs_msg_free(m);
	return err ? -1 : 0;
}

int gsd_sa_add_rx(struct gsd_kernel *k, uint32_t spi, const uint8_t key[16],
		  uint32_t lifetime, struct gs_nl_error *e)
{
	return sa_new(k, GENEVESEC_A_SA_RX, spi, key, lifetime, 0, e);
}

int gsd_sa_activate_tx(struct gsd_kernel *k, uint32_t spi,
		       const uint8_t key[16], uint32_t lifetime,
		       uint32_t rekey_lead, struct gs_nl_error *e)
{
	return sa_new(k, GENEVESEC_A_SA_TX, spi, key, lifetime, rekey_lead, e);
}

int gsd_sa_del_rx(struct gsd_kernel *k, uint32_t spi, struct gs_nl_error *e)
{
	struct gs_msg *m = gs_msg_new(GENEVESEC_CMD_SA_DEL, false, 64);
	int err;

	gs_msg_put_dev(m, &k->dev);
	gs_msg_put_u32(m, GENEVESEC_A_SA_VNI, k->vni);
	gs_msg_put_u32(m, GENEVESEC_A_SA_SPI, spi);
	err = gs_nl_request(k->nl, m, NULL, NULL, e, NULL);
	gs_msg_free(m);
	return err ? -1 : 0;
}
