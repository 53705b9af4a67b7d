// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: the kernel device's SA operations. See kernel.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>

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
	return k->nl ? 0 : -1;
}

void gsd_kernel_close(struct gsd_kernel *k)
{
	if (k->nl)
		gs_nl_close(k->nl);
	k->nl = NULL;
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
