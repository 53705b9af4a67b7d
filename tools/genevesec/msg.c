// SPDX-License-Identifier: GPL-2.0
/*
 * Requests: built as the netlink messages that are sent, so that --dry-run
 * prints exactly what the kernel would get, decoded by the spec's types.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "genevesec.h"

struct gs_msg *gs_msg_new(uint8_t cmd, bool dump, size_t payload)
{
	struct gs_msg *m = gs_zalloc(sizeof(*m));
	struct genlmsghdr *genl;

	m->cap = MNL_ALIGN(sizeof(struct nlmsghdr)) + MNL_ALIGN(sizeof(*genl)) +
		 MNL_ALIGN(payload);
	m->buf = gs_zalloc(m->cap);
	m->cmd = cmd;
	m->dump = dump;
	m->nlh = mnl_nlmsg_put_header(m->buf);
	/* The family's id is only known once resolved: netlink.c sets it. */
	m->nlh->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK);
	genl = mnl_nlmsg_put_extra_header(m->nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = GENEVESEC_GENL_VERSION;
	return m;
}

void gs_msg_free(struct gs_msg *m)
{
	if (!m)
		return;
	explicit_bzero(m->buf, m->cap);
	free(m->buf);
	free(m);
}

/* Callers size their messages; running out of room is a bug here. */
static void gs_msg_room(const struct gs_msg *m, size_t len)
{
	if (m->nlh->nlmsg_len + MNL_ATTR_HDRLEN + MNL_ALIGN(len) > m->cap) {
		fprintf(stderr, "genevesec: internal error: request too small\n");
		abort();
	}
}

void gs_msg_put_u32(struct gs_msg *m, uint16_t type, uint32_t value)
{
	gs_msg_room(m, sizeof(value));
	mnl_attr_put_u32(m->nlh, type, value);
}

/* Every attribute set names the device with the same two attributes. */
void gs_msg_put_dev(struct gs_msg *m, const struct gs_dev *dev)
{
	if (dev->ifindex) {
		gs_msg_put_u32(m, GENEVESEC_A_DEV_IFINDEX, dev->ifindex);
	} else {
		gs_msg_room(m, sizeof(dev->ifname));
		mnl_attr_put_strz(m->nlh, GENEVESEC_A_DEV_IFNAME, dev->ifname);
	}
}

static void gs_print_hex(FILE *f, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x", data[i]);
}

static void gs_print_attrs(FILE *f, const void *data, size_t len, const struct gs_aset *set)
{
	const struct nlattr *attr;
	const struct gs_attr *desc;
	char addr[INET6_ADDRSTRLEN];
	bool first = true;
	uint16_t type;

	mnl_attr_for_each_payload(data, len) {
		type = mnl_attr_get_type(attr);
		desc = type <= set->max && set->attrs[type].name ? &set->attrs[type] : NULL;
		fputs(first ? "" : " ", f);
		first = false;
		if (!desc) {
			fprintf(f, "%u=", type);
			gs_print_hex(f, mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr));
			continue;
		}
		if (desc->type == GS_T_FLAG) {
			fputs(desc->name, f);
			continue;
		}
		fprintf(f, "%s=", desc->name);
		switch (desc->type) {
		case GS_T_U8:
			fprintf(f, "%u", mnl_attr_get_u8(attr));
			break;
		case GS_T_U16:
			fprintf(f, "%u", mnl_attr_get_u16(attr));
			break;
		case GS_T_U32:
			fprintf(f, "%u", mnl_attr_get_u32(attr));
			break;
		case GS_T_UINT:
			fprintf(f, "%llu", (unsigned long long)gs_attr_uint(attr));
			break;
		case GS_T_STRING:
			fputs(mnl_attr_get_str(attr), f);
			break;
		case GS_T_IPV4:
		case GS_T_IPV6:
			inet_ntop(desc->type == GS_T_IPV4 ? AF_INET : AF_INET6,
				  mnl_attr_get_payload(attr), addr, sizeof(addr));
			fputs(addr, f);
			break;
		case GS_T_SECRET:
			fprintf(f, "<%u bytes>", mnl_attr_get_payload_len(attr));
			break;
		case GS_T_NEST:
			fputc('{', f);
			gs_print_attrs(f, mnl_attr_get_payload(attr),
				       mnl_attr_get_payload_len(attr), desc->nest);
			fputc('}', f);
			break;
		case GS_T_BINARY:
		case GS_T_FLAG:
			gs_print_hex(f, mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr));
			break;
		}
	}
}

void gs_msg_print(FILE *f, const struct gs_msg *m)
{
	const struct gs_op *op = gs_op(m->cmd);
	size_t hdr = sizeof(struct genlmsghdr);

	fprintf(f, "%s%s", op->name, m->dump ? ":dump" : "");
	if (m->nlh->nlmsg_len > MNL_NLMSG_HDRLEN + MNL_ALIGN(hdr)) {
		fputc(' ', f);
		gs_print_attrs(f, mnl_nlmsg_get_payload_offset(m->nlh, hdr),
			       mnl_nlmsg_get_payload_len(m->nlh) - MNL_ALIGN(hdr), op->aset);
	}
	fputc('\n', f);
}
