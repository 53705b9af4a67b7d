// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink socket: resolving the family, sending a request and reading
 * its replies up to the ack (a do) or NLMSG_DONE (a dump), with the
 * kernel's extended-ack message on errors.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "genevesec.h"

/* Dumps fill messages of up to 32 KiB; more leaves room for any ack. */
#define GS_RX_BUF	(64 * 1024)

struct gs_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t mcgrp;			/* the genevesec group's id, 0: none */
	char *buf;
};

static void gs_nl_set(struct gs_nl_error *e, int err, const char *msg)
{
	e->err = err;
	snprintf(e->msg, sizeof(e->msg), "%s", msg ? msg : "");
}

/* The message of an extended ack, after the error (or DONE) header. */
static void gs_nl_extack(const struct nlmsghdr *nlh, size_t offset, struct gs_nl_error *e)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	const struct nlattr *attr;
	const void *tlvs;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || offset >= len)
		return;
	tlvs = (const char *)mnl_nlmsg_get_payload(nlh) + offset;
	mnl_attr_for_each_payload(tlvs, len - offset) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			gs_nl_set(e, e->err, mnl_attr_get_str(attr));
	}
}

/* An NLMSG_ERROR: 0 for an ack, else the error, with the message if any. */
static int gs_nl_error(const struct nlmsghdr *nlh, struct gs_nl_error *e)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t offset = sizeof(*err);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		gs_nl_set(e, -EBADMSG, "truncated error from the kernel");
		return e->err;
	}
	if (!err->error)
		return 0;
	gs_nl_set(e, err->error > 0 ? -err->error : err->error, NULL);
	/* Unless capped, the request follows the header, then the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += err->msg.nlmsg_len - sizeof(err->msg);
	gs_nl_extack(nlh, MNL_ALIGN(offset), e);
	return e->err;
}

/* NLMSG_DONE carries the dump's error, if any, then its extended ack. */
static int gs_nl_done(const struct nlmsghdr *nlh, struct gs_nl_error *e)
{
	int err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (!err)
		return 0;
	gs_nl_set(e, err > 0 ? -err : err, NULL);
	gs_nl_extack(nlh, sizeof(err), e);
	return e->err;
}

static int gs_nl_exchange(struct gs_nl *nl, struct nlmsghdr *nlh, gs_nl_cb cb,
			  void *data, struct gs_nl_error *e, bool *intr)
{
	bool dump = nlh->nlmsg_flags & NLM_F_DUMP;
	const struct nlmsghdr *reply;
	int len, ret;

	nlh->nlmsg_seq = ++nl->seq;
	nlh->nlmsg_pid = 0;
	if (intr)
		*intr = false;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		gs_nl_set(e, -errno, NULL);
		return e->err;
	}
	for (;;) {
		len = (int)mnl_socket_recvfrom(nl->sock, nl->buf, GS_RX_BUF);
		if (len < 0) {
			gs_nl_set(e, -errno, NULL);
			return e->err;
		}
		reply = (const struct nlmsghdr *)nl->buf;
		for (; mnl_nlmsg_ok(reply, len); reply = mnl_nlmsg_next(reply, &len)) {
			if (reply->nlmsg_seq != nl->seq || reply->nlmsg_pid != nl->portid)
				continue;
			switch (reply->nlmsg_type) {
			case NLMSG_NOOP:
				continue;
			case NLMSG_ERROR:
				/* A dump that fails to start ends here too. */
				return gs_nl_error(reply, e);
			case NLMSG_DONE:
				if (dump)
					return gs_nl_done(reply, e);
				continue;
			case NLMSG_OVERRUN:
				gs_nl_set(e, -ENOBUFS, NULL);
				return e->err;
			}
			if (intr && (reply->nlmsg_flags & NLM_F_DUMP_INTR))
				*intr = true;
			if (cb) {
				ret = cb(reply, data);
				if (ret < 0) {
					gs_nl_set(e, ret, "malformed reply from the kernel");
					return e->err;
				}
			}
		}
	}
}

/* The id of the multicast group named GENEVESEC_MCGRP_GENEVESEC, if any. */
static void gs_nl_mcgrps(const struct nlattr *groups, uint32_t *id)
{
	const struct nlattr *grp, *attr;
	const char *name;
	uint32_t value;

	mnl_attr_for_each_nested(grp, groups) {
		name = NULL;
		value = 0;
		mnl_attr_for_each_nested(attr, grp) {
			if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(attr);
			if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_ID &&
			    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				value = mnl_attr_get_u32(attr);
		}
		if (name && !strcmp(name, GENEVESEC_MCGRP_GENEVESEC))
			*id = value;
	}
}

static int gs_nl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;
	struct gs_nl *nl = data;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			nl->family = mnl_attr_get_u16(attr);
		if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS &&
		    mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0)
			gs_nl_mcgrps(attr, &nl->mcgrp);
	}
	return 0;
}

static int gs_nl_resolve(struct gs_nl *nl, struct gs_nl_error *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	int err;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, GENEVESEC_GENL_NAME);
	err = gs_nl_exchange(nl, nlh, gs_nl_family_cb, nl, e, NULL);
	if (err == -ENOENT) {
		gs_nl_set(e, err, "no genevesec netlink family: is the module loaded?");
	} else if (!err && !nl->family) {
		gs_nl_set(e, -EPROTO, "the kernel named no genevesec family id");
		err = e->err;
	}
	return err;
}

struct gs_nl *gs_nl_open(struct gs_nl_error *e)
{
	struct gs_nl *nl = gs_zalloc(sizeof(*nl));
	int one = 1;

	gs_nl_set(e, 0, NULL);
	nl->buf = gs_zalloc(GS_RX_BUF);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		gs_nl_set(e, -errno, "cannot open a generic netlink socket");
		gs_nl_close(nl);
		return NULL;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	/* Errors then say what is wrong, without echoing the request (keys). */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (gs_nl_resolve(nl, e)) {
		gs_nl_close(nl);
		return NULL;
	}
	return nl;
}

void gs_nl_close(struct gs_nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
	free(nl);
}

/* A request with many routes may exceed the default send buffer. */
static void gs_nl_sndbuf(struct gs_nl *nl, size_t len)
{
	int fd = mnl_socket_get_fd(nl->sock);
	int size = len * 2 + 4096;
	int cur = 0;
	socklen_t sl = sizeof(cur);

	if (len > INT32_MAX / 4 || getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &sl) ||
	    (size_t)cur >= len + 4096)
		return;
	/* FORCE passes the sysctl limit with CAP_NET_ADMIN, which writers have. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
}

int gs_nl_request(struct gs_nl *nl, struct gs_msg *m, gs_nl_cb cb, void *data,
		  struct gs_nl_error *e, bool *intr)
{
	gs_nl_set(e, 0, NULL);
	m->nlh->nlmsg_type = nl->family;
	gs_nl_sndbuf(nl, m->nlh->nlmsg_len);
	return gs_nl_exchange(nl, m->nlh, cb, data, e, intr);
}

int gs_nl_join(struct gs_nl *nl, struct gs_nl_error *e)
{
	gs_nl_set(e, 0, NULL);
	if (!nl->mcgrp) {
		gs_nl_set(e, -ENOENT, "the genevesec family has no event group: is the module too old?");
		return e->err;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &nl->mcgrp,
				  sizeof(nl->mcgrp)) < 0) {
		gs_nl_set(e, -errno, "cannot join the genevesec event group");
		return e->err;
	}
	return 0;
}

int gs_nl_fd(const struct gs_nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

int gs_nl_events(struct gs_nl *nl, gs_nl_cb cb, void *data, bool wait,
		 struct gs_nl_error *e)
{
	const struct nlmsghdr *nlh;
	int len, ret;

	gs_nl_set(e, 0, NULL);
	for (;;) {
		len = recv(gs_nl_fd(nl), nl->buf, GS_RX_BUF, wait ? 0 : MSG_DONTWAIT);
		if (len < 0 && errno == ENOBUFS) {
			gs_err("events were lost: the receive buffer overflowed");
			continue;
		}
		if (len < 0 && !wait && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (len < 0) {
			gs_nl_set(e, -errno, NULL);
			return e->err;
		}
		nlh = (const struct nlmsghdr *)nl->buf;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			/* Only notifications: no sequence number, our family. */
			if (nlh->nlmsg_type != nl->family || nlh->nlmsg_seq)
				continue;
			ret = cb(nlh, data);
			if (ret)
				return ret < 0 ? ret : 0;
		}
	}
}

int gs_nl_monitor(struct gs_nl *nl, gs_nl_cb cb, void *data, struct gs_nl_error *e)
{
	int err = gs_nl_join(nl, e);

	return err ? err : gs_nl_events(nl, cb, data, true, e);
}
