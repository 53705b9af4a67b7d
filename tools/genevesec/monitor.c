// SPDX-License-Identifier: GPL-2.0
/*
 * monitor: the events of the genevesec multicast group (networks and SAs
 * added and removed, SA expiry, rekey requests), one line each, as text or
 * as one JSON object per line, until interrupted. Each line is flushed at
 * once, for readers at the other end of a pipe or file.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "genevesec.h"

static const char *const gs_event_names[GENEVESEC_CMD_MAX + 1] = {
	[GENEVESEC_CMD_NET_ADD_NTF]	= "net-add",
	[GENEVESEC_CMD_NET_DEL_NTF]	= "net-del",
	[GENEVESEC_CMD_SA_ADD_NTF]	= "sa-add",
	[GENEVESEC_CMD_SA_DEL_NTF]	= "sa-del",
	[GENEVESEC_CMD_SA_EXPIRE_NTF]	= "sa-expired",
	[GENEVESEC_CMD_REKEY_NTF]	= "rekey-needed",
};

static const char *const gs_reason_names[] = {
	[GENEVESEC_EVENT_REASON_DELETED]	= "deleted",
	[GENEVESEC_EVENT_REASON_NET_DELETED]	= "net-deleted",
	[GENEVESEC_EVENT_REASON_REPLACED]	= "replaced",
	[GENEVESEC_EVENT_REASON_REAPED]		= "reaped",
	[GENEVESEC_EVENT_REASON_EXPIRED]	= "expired",
	[GENEVESEC_EVENT_REASON_SOFT_LIMIT]	= "soft-limit",
	[GENEVESEC_EVENT_REASON_LEAD_TIME]	= "lead-time",
	[GENEVESEC_EVENT_REASON_VMFORK]		= "vmfork",
	[GENEVESEC_EVENT_REASON_HIBERNATION]	= "hibernation",
};

/* The fields of an event: net-* and sa-* share the device and VNI types. */
struct gs_event {
	const char *name;
	uint32_t ifindex;
	const char *ifname;
	uint32_t vni;
	bool sa;
	uint32_t spi, dir;
	bool has_reason, has_counter, has_expires;
	uint32_t reason;
	uint64_t counter, expires_in;
};

_Static_assert((int)GENEVESEC_A_NET_IFINDEX == (int)GENEVESEC_A_SA_IFINDEX &&
	       (int)GENEVESEC_A_NET_IFNAME == (int)GENEVESEC_A_SA_IFNAME &&
	       (int)GENEVESEC_A_NET_VNI == (int)GENEVESEC_A_SA_VNI,
	       "events name the device and network alike");

static int gs_event_parse(const struct nlmsghdr *nlh, struct gs_event *ev)
{
	const struct nlattr *tb[GENEVESEC_A_SA_MAX + 1];
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	size_t hdr = MNL_ALIGN(sizeof(*genl));
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	const struct gs_op *op;

	memset(ev, 0, sizeof(*ev));
	if (len < hdr)
		return -EBADMSG;
	op = gs_op(genl->cmd);
	ev->name = genl->cmd <= GENEVESEC_CMD_MAX ? gs_event_names[genl->cmd] : NULL;
	/* Not an event, or one this tool does not know: not ours to print. */
	if (!ev->name)
		return 0;
	ev->sa = op->aset == &gs_sa_set;
	if (gs_attr_parse_payload((const char *)genl + hdr, len - hdr, op->aset, tb) ||
	    !tb[GENEVESEC_A_SA_IFINDEX] || !tb[GENEVESEC_A_SA_VNI] ||
	    (ev->sa && (!tb[GENEVESEC_A_SA_SPI] || !tb[GENEVESEC_A_SA_DIR])))
		return -EBADMSG;
	ev->ifindex = mnl_attr_get_u32(tb[GENEVESEC_A_SA_IFINDEX]);
	if (tb[GENEVESEC_A_SA_IFNAME])
		ev->ifname = mnl_attr_get_str(tb[GENEVESEC_A_SA_IFNAME]);
	ev->vni = mnl_attr_get_u32(tb[GENEVESEC_A_SA_VNI]);
	if (!ev->sa)
		return 1;
	ev->spi = mnl_attr_get_u32(tb[GENEVESEC_A_SA_SPI]);
	ev->dir = mnl_attr_get_u32(tb[GENEVESEC_A_SA_DIR]);
	if (tb[GENEVESEC_A_SA_REASON]) {
		ev->has_reason = true;
		ev->reason = mnl_attr_get_u32(tb[GENEVESEC_A_SA_REASON]);
	}
	if (tb[GENEVESEC_A_SA_COUNTER]) {
		ev->has_counter = true;
		ev->counter = gs_attr_uint(tb[GENEVESEC_A_SA_COUNTER]);
	}
	if (tb[GENEVESEC_A_SA_EXPIRES_IN]) {
		ev->has_expires = true;
		ev->expires_in = gs_attr_uint(tb[GENEVESEC_A_SA_EXPIRES_IN]);
	}
	return 1;
}

static const char *gs_event_reason(uint32_t reason, char *buf, size_t size)
{
	if (reason < ARRAY_SIZE(gs_reason_names) && gs_reason_names[reason])
		return gs_reason_names[reason];
	snprintf(buf, size, "%u", reason);
	return buf;
}

static void gs_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void gs_event_json(FILE *f, const struct gs_event *ev)
{
	char buf[16];

	fputs("{\"event\": ", f);
	gs_json_string(f, ev->name);
	fprintf(f, ", \"ifindex\": %u", ev->ifindex);
	if (ev->ifname) {
		fputs(", \"ifname\": ", f);
		gs_json_string(f, ev->ifname);
	}
	fprintf(f, ", \"vni\": %u", ev->vni);
	if (ev->sa)
		fprintf(f, ", \"spi\": %u, \"dir\": \"%s\"", ev->spi,
			ev->dir == GENEVESEC_SA_DIR_TX ? "tx" : "rx");
	if (ev->has_reason) {
		fputs(", \"reason\": ", f);
		gs_json_string(f, gs_event_reason(ev->reason, buf, sizeof(buf)));
	}
	if (ev->has_counter)
		fprintf(f, ", \"counter\": %llu", (unsigned long long)ev->counter);
	if (ev->has_expires)
		fprintf(f, ", \"expires_in\": %llu", (unsigned long long)ev->expires_in);
	fputs("}\n", f);
}

static void gs_event_text(FILE *f, const struct gs_event *ev)
{
	char buf[16];

	fprintf(f, "%s dev ", ev->name);
	if (ev->ifname)
		fputs(ev->ifname, f);
	else
		fprintf(f, "%u", ev->ifindex);
	fprintf(f, " vni %u", ev->vni);
	if (ev->sa)
		fprintf(f, " spi 0x%x %s", ev->spi,
			ev->dir == GENEVESEC_SA_DIR_TX ? "tx" : "rx");
	if (ev->has_reason)
		fprintf(f, " reason %s", gs_event_reason(ev->reason, buf, sizeof(buf)));
	if (ev->has_counter)
		fprintf(f, " counter %llu", (unsigned long long)ev->counter);
	if (ev->has_expires)
		fprintf(f, " expires-in %llu", (unsigned long long)ev->expires_in);
	fputc('\n', f);
}

int gs_event_print(FILE *f, const struct nlmsghdr *nlh, bool json)
{
	struct gs_event ev;
	int ret = gs_event_parse(nlh, &ev);

	if (ret <= 0)
		return ret;
	if (json)
		gs_event_json(f, &ev);
	else
		gs_event_text(f, &ev);
	fflush(f);
	return 0;
}

static int gs_monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const bool *json = data;

	/* A malformed event is reported; the next ones still count. */
	if (gs_event_print(stdout, nlh, *json))
		gs_err("malformed event from the kernel");
	return 0;
}

int gs_monitor(struct gs_ctx *ctx, const struct gs_cmd *cmd)
{
	struct gs_nl_error e;
	bool json = cmd->json;
	int err;

	if (ctx->dry_run) {
		gs_err("monitor sends no request: --dry-run has nothing to show");
		return -1;
	}
	if (gs_ctx_open(ctx))
		return -1;
	err = gs_nl_monitor(ctx->nl, gs_monitor_cb, &json, &e);
	if (err)
		gs_nl_perror(&e);
	return err ? -1 : 0;
}
