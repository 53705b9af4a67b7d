// SPDX-License-Identifier: GPL-2.0
/*
 * The "genevesec" generic-netlink family. Policies and the ops table are
 * generated from Documentation/netlink/specs/genevesec.yaml into
 * netlink-gen.{c,h}; this file implements the handlers.
 *
 * Every request names a device; write requests then take its
 * configuration mutex, check everything, and change all or nothing.
 * Dumps hold the mutex per message and resume by index; a change between
 * messages is reported with NLM_F_DUMP_INTR.
 */

#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/genevesec.h>

#include "events.h"
#include "genevesec.h"
#include "netlink-gen.h"
#include "network.h"
#include "proto.h"

/* All attribute sets name the device with the same two attributes. */
static_assert((int)GENEVESEC_A_NET_IFINDEX == (int)GENEVESEC_A_DEV_IFINDEX &&
	      (int)GENEVESEC_A_SA_IFINDEX == (int)GENEVESEC_A_DEV_IFINDEX &&
	      (int)GENEVESEC_A_NET_IFNAME == (int)GENEVESEC_A_DEV_IFNAME &&
	      (int)GENEVESEC_A_SA_IFNAME == (int)GENEVESEC_A_DEV_IFNAME);
static_assert((int)GENEVESEC_A_SA_VNI == (int)GENEVESEC_A_NET_VNI);

/* A reason chosen at run time by the SA rules (a static string). */
static void gsec_nl_why(struct netlink_ext_ack *extack,
			const struct nlattr *attr, const char *why)
{
	if (extack && why) {
		extack->_msg = why;
		extack->bad_attr = attr;
	}
}

/* A required attribute is missing: say which, in words and for tools. */
static bool gsec_nl_missing(struct netlink_ext_ack *extack,
			    const struct nlattr *nest, struct nlattr **tb,
			    int type, const char *what)
{
	if (tb[type])
		return false;
	NL_SET_ERR_ATTR_MISS(extack, nest, type);
	if (extack)
		extack->_msg = what;
	return true;
}

static bool gsec_nl_info_missing(struct genl_info *info, int type,
				 const char *what)
{
	return gsec_nl_missing(info->extack, NULL, info->attrs, type, what);
}

/* The device a request names, by ifindex or by name, with a reference. */
static struct net_device *gsec_nl_dev_get(struct net *net,
					  struct nlattr **attrs,
					  struct netlink_ext_ack *extack)
{
	struct nlattr *attr;
	struct net_device *dev;

	if (attrs[GENEVESEC_A_DEV_IFINDEX]) {
		attr = attrs[GENEVESEC_A_DEV_IFINDEX];
		dev = dev_get_by_index(net, nla_get_u32(attr));
	} else if (attrs[GENEVESEC_A_DEV_IFNAME]) {
		attr = attrs[GENEVESEC_A_DEV_IFNAME];
		dev = dev_get_by_name(net, nla_data(attr));
	} else {
		NL_SET_ERR_MSG(extack, "a device is required: ifindex or ifname");
		return ERR_PTR(-EINVAL);
	}

	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!gsec_dev_is(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(extack, attr, "not a genevesec device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

static struct net_device *gsec_nl_info_dev(struct genl_info *info)
{
	return gsec_nl_dev_get(genl_info_net(info), info->attrs, info->extack);
}

/* The network a request names; gsec->lock held. */
static struct gsec_network *gsec_nl_network(struct gsec_dev *gsec,
					    struct genl_info *info)
{
	struct gsec_network *n;

	if (gsec_nl_info_missing(info, GENEVESEC_A_NET_VNI, "missing attribute: vni"))
		return ERR_PTR(-EINVAL);
	n = gsec_network_find(gsec, nla_get_u32(info->attrs[GENEVESEC_A_NET_VNI]));
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[GENEVESEC_A_NET_VNI],
				    "no such network on this device");
		return ERR_PTR(-ENOENT);
	}
	return n;
}

static int gsec_nl_put_stats(struct sk_buff *skb, int attr,
			     struct gsec_counters __percpu *c, unsigned int n,
			     int first)
{
	u64 sum[GSEC_NS_COUNT];
	struct nlattr *nest;
	unsigned int i;

	gsec_stats_sum(c, n, sum);
	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++)
		if (nla_put_uint(skb, first + i, sum[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	nla_nest_end(skb, nest);
	return 0;
}

/* Fills a reply to a do request; called with the device's mutex held. */
typedef int (*gsec_nl_fill_t)(struct sk_buff *msg, struct gsec_dev *gsec,
			      struct genl_info *info);

/* The get requests: find the device, fill a reply under its mutex, send. */
static int gsec_nl_reply(struct genl_info *info, gsec_nl_fill_t fill)
{
	struct net_device *dev;
	struct gsec_dev *gsec;
	struct sk_buff *msg;
	int err;

	dev = gsec_nl_info_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	gsec = gsec_dev(dev);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	mutex_lock(&gsec->lock);
	err = fill(msg, gsec, info);
	mutex_unlock(&gsec->lock);
	if (err)
		nlmsg_free(msg);
	else
		err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

/* Devices */

static int gsec_nl_fill_dev(struct sk_buff *skb, struct net_device *dev,
			    const struct genl_info *info)
{
	struct gsec_dev *gsec = gsec_dev(dev);
	void *hdr;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, GENEVESEC_A_DEV_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, GENEVESEC_A_DEV_IFNAME, dev->name) ||
	    nla_put_u32(skb, GENEVESEC_A_DEV_NETWORKS,
			READ_ONCE(gsec->n_networks)) ||
	    gsec_nl_put_stats(skb, GENEVESEC_A_DEV_STATS, gsec->stats,
			      GSEC_DS_COUNT, GSEC_DS_ATTR_FIRST)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int gsec_nl_reply_dev(struct sk_buff *msg, struct gsec_dev *gsec,
			     struct genl_info *info)
{
	return gsec_nl_fill_dev(msg, gsec->dev, info);
}

int genevesec_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return gsec_nl_reply(info, gsec_nl_reply_dev);
}

struct gsec_nl_dev_dump_ctx {
	unsigned long ifindex;
};

int genevesec_nl_dev_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct gsec_nl_dev_dump_ctx *ctx = (void *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	int err = 0;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));

	rcu_read_lock();
	for_each_netdev_dump(net, dev, ctx->ifindex) {
		if (!gsec_dev_is(dev))
			continue;
		/* On -EMSGSIZE the core sends what fits and calls us again
		 * with ctx->ifindex still naming the device that did not fit.
		 */
		err = gsec_nl_fill_dev(skb, dev, genl_info_dump(cb));
		if (err)
			break;
	}
	rcu_read_unlock();
	return err;
}

/* Networks and routes */

/* A request's routes, checked, with the attribute of each for errors. */
struct gsec_nl_routes {
	struct gsec_route_key *keys;
	const struct nlattr **attrs;
	unsigned int n;
};

static void gsec_nl_routes_free(struct gsec_nl_routes *rs)
{
	kvfree(rs->keys);
	kvfree(rs->attrs);
}

static int gsec_nl_route_parse(const struct nlattr *nest,
			       struct gsec_route_key *key,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[GENEVESEC_A_ROUTE_REMOTE_PLEN + 1];
	unsigned int len;
	int err;

	err = nla_parse_nested(tb, GENEVESEC_A_ROUTE_REMOTE_PLEN, nest,
			       genevesec_route_nl_policy, extack);
	if (err)
		return err;
	if (gsec_nl_missing(extack, nest, tb, GENEVESEC_A_ROUTE_LOCAL,
			    "missing attribute: route local") ||
	    gsec_nl_missing(extack, nest, tb, GENEVESEC_A_ROUTE_LOCAL_PLEN,
			    "missing attribute: route local-plen") ||
	    gsec_nl_missing(extack, nest, tb, GENEVESEC_A_ROUTE_REMOTE,
			    "missing attribute: route remote") ||
	    gsec_nl_missing(extack, nest, tb, GENEVESEC_A_ROUTE_REMOTE_PLEN,
			    "missing attribute: route remote-plen"))
		return -EINVAL;

	len = nla_len(tb[GENEVESEC_A_ROUTE_LOCAL]);
	if (len != 4 && len != 16) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GENEVESEC_A_ROUTE_LOCAL],
				    "an address is 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	if (nla_len(tb[GENEVESEC_A_ROUTE_REMOTE]) != len) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GENEVESEC_A_ROUTE_REMOTE],
				    "local and remote prefixes must be of one family");
		return -EINVAL;
	}
	memset(key, 0, sizeof(*key));
	key->af = len == 4 ? GSEC_AF_IPV4 : GSEC_AF_IPV6;
	key->local_plen = nla_get_u8(tb[GENEVESEC_A_ROUTE_LOCAL_PLEN]);
	key->remote_plen = nla_get_u8(tb[GENEVESEC_A_ROUTE_REMOTE_PLEN]);
	nla_memcpy(key->local, tb[GENEVESEC_A_ROUTE_LOCAL], len);
	nla_memcpy(key->remote, tb[GENEVESEC_A_ROUTE_REMOTE], len);
	if (key->local_plen > len * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GENEVESEC_A_ROUTE_LOCAL_PLEN],
				    "prefix length too long for the family");
		return -EINVAL;
	}
	if (key->remote_plen > len * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GENEVESEC_A_ROUTE_REMOTE_PLEN],
				    "prefix length too long for the family");
		return -EINVAL;
	}
	return gsec_routes_key_check(key);
}

static int gsec_nl_routes_parse(struct genl_info *info, struct gsec_nl_routes *rs)
{
	const struct nlattr *attr;
	unsigned int n = 0;
	int rem, err;

	memset(rs, 0, sizeof(*rs));
	nlmsg_for_each_attr_type(attr, GENEVESEC_A_NET_ROUTE, info->nlhdr,
				 GENL_HDRLEN, rem)
		n++;
	if (!n)
		return 0;
	if (n > GENEVESEC_MAX_ROUTES) {
		NL_SET_ERR_MSG_FMT(info->extack,
				   "at most %u routes per network",
				   GENEVESEC_MAX_ROUTES);
		return -E2BIG;
	}
	rs->keys = kvmalloc_array(n, sizeof(*rs->keys), GFP_KERNEL_ACCOUNT);
	rs->attrs = kvmalloc_array(n, sizeof(*rs->attrs), GFP_KERNEL_ACCOUNT);
	if (!rs->keys || !rs->attrs) {
		gsec_nl_routes_free(rs);
		return -ENOMEM;
	}
	nlmsg_for_each_attr_type(attr, GENEVESEC_A_NET_ROUTE, info->nlhdr,
				 GENL_HDRLEN, rem) {
		err = gsec_nl_route_parse(attr, &rs->keys[rs->n], info->extack);
		if (err) {
			gsec_nl_routes_free(rs);
			return err;
		}
		rs->attrs[rs->n++] = attr;
	}
	return 0;
}

/* Apply a request's routes to @n; on error nothing changed. */
static int gsec_nl_routes_apply(struct gsec_dev *gsec, struct gsec_network *n,
				struct gsec_nl_routes *rs, bool del,
				bool replace, struct netlink_ext_ack *extack)
{
	struct gsec_routes_req req = {
		.owner = &n->routes,
		.replace = replace,
	};
	const struct nlattr *bad;
	struct gsec_network *other;
	int err;

	if (del) {
		req.del = rs->keys;
		req.n_del = rs->n;
	} else {
		req.add = rs->keys;
		req.n_add = rs->n;
		if ((replace ? 0 : n->routes.count) + rs->n > GENEVESEC_MAX_ROUTES) {
			NL_SET_ERR_MSG_FMT(extack, "at most %u routes per network",
					   GENEVESEC_MAX_ROUTES);
			return -E2BIG;
		}
	}
	if (!rs->n && !replace)
		return 0;
	err = gsec_routes_apply(&gsec->routes, &req, GFP_KERNEL_ACCOUNT);
	if (!err)
		return 0;

	bad = req.bad_add >= 0 ? rs->attrs[req.bad_add] :
	      req.bad_del >= 0 ? rs->attrs[req.bad_del] : NULL;
	other = req.conflict ? container_of(req.conflict, struct gsec_network,
					    routes) : NULL;
	NL_SET_BAD_ATTR(extack, bad);
	if (err == -EEXIST)
		NL_SET_ERR_MSG_FMT(extack, "the route belongs to network %u",
				   other->vni);
	else if (err == -EPERM)
		NL_SET_ERR_MSG_FMT(extack,
				   "the route belongs to network %u, not this one",
				   other->vni);
	else if (err == -ENOENT)
		NL_SET_ERR_MSG(extack, "no such route in this network");
	return err;
}

/* The peer of a request, if it names one. */
static struct gsec_peer *gsec_nl_peer(struct gsec_dev *gsec,
				      struct genl_info *info)
{
	struct nlattr *a4 = info->attrs[GENEVESEC_A_NET_PEER4];
	struct nlattr *a6 = info->attrs[GENEVESEC_A_NET_PEER6];
	struct nlattr *ap = info->attrs[GENEVESEC_A_NET_PEER_PORT];
	struct netlink_ext_ack *extack = info->extack;
	__be16 port = htons(GENEVESEC_DEFAULT_PORT);
	union gsec_addr addr = {};
	struct gsec_peer *p;
	u8 af;

	if (!a4 && !a6) {
		if (ap) {
			NL_SET_ERR_MSG_ATTR(extack, ap, "a peer port needs a peer address");
			return ERR_PTR(-EINVAL);
		}
		return NULL;
	}
	if (a4 && a6) {
		NL_SET_ERR_MSG_ATTR(extack, a6, "one peer address: IPv4 or IPv6");
		return ERR_PTR(-EINVAL);
	}
	if (ap)
		port = htons(nla_get_u16(ap));
	if (a4) {
		af = GSEC_AF_IPV4;
		addr.v4 = nla_get_in_addr(a4);
		if (ipv4_is_zeronet(addr.v4) || ipv4_is_multicast(addr.v4) ||
		    ipv4_is_lbcast(addr.v4)) {
			NL_SET_ERR_MSG_ATTR(extack, a4, "the peer must be a unicast address");
			return ERR_PTR(-EINVAL);
		}
		if (!rcu_access_pointer(gsec->sock4)) {
			NL_SET_ERR_MSG_ATTR(extack, a4, "the device has no IPv4 socket");
			return ERR_PTR(-EAFNOSUPPORT);
		}
	} else {
		af = GSEC_AF_IPV6;
		addr.v6 = nla_get_in6_addr(a6);
		if (ipv6_addr_any(&addr.v6) || ipv6_addr_is_multicast(&addr.v6)) {
			NL_SET_ERR_MSG_ATTR(extack, a6, "the peer must be a unicast address");
			return ERR_PTR(-EINVAL);
		}
		if (!rcu_access_pointer(gsec->sock6)) {
			NL_SET_ERR_MSG_ATTR(extack, a6, "the device has no IPv6 socket");
			return ERR_PTR(-EAFNOSUPPORT);
		}
	}
	p = gsec_peer_create(af, &addr, port);
	return p ?: ERR_PTR(-ENOMEM);
}

/* Shared by net-new, net-set, route-add and route-del. Each op's attrs
 * array ends at its own last attribute: only net-set has replace-routes.
 */
static int gsec_nl_net_change(struct genl_info *info, bool create, bool del,
			      bool replace)
{
	struct netlink_ext_ack *extack = info->extack;
	struct gsec_peer *peer = NULL;
	struct gsec_network *n = NULL;
	struct gsec_nl_routes rs;
	struct net_device *dev;
	struct gsec_dev *gsec;
	u32 vni;
	int err;

	if (gsec_nl_info_missing(info, GENEVESEC_A_NET_VNI, "missing attribute: vni"))
		return -EINVAL;
	vni = nla_get_u32(info->attrs[GENEVESEC_A_NET_VNI]);
	dev = gsec_nl_info_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	gsec = gsec_dev(dev);
	err = gsec_nl_routes_parse(info, &rs);
	if (err)
		goto out_dev;

	mutex_lock(&gsec->lock);
	peer = gsec_nl_peer(gsec, info);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		peer = NULL;
		goto out;
	}
	n = gsec_network_find(gsec, vni);
	if (create) {
		if (n) {
			NL_SET_ERR_MSG_ATTR(extack, info->attrs[GENEVESEC_A_NET_VNI],
					    "the network exists");
			err = -EEXIST;
			goto out;
		}
		n = gsec_network_create(gsec, vni);
		if (IS_ERR(n)) {
			err = PTR_ERR(n);
			if (err == -ENOSPC)
				NL_SET_ERR_MSG_FMT(extack, "at most %u networks per device",
						   GENEVESEC_MAX_NETWORKS);
			goto out;
		}
	} else if (!n) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[GENEVESEC_A_NET_VNI],
				    "no such network on this device");
		err = -ENOENT;
		goto out;
	}

	err = gsec_nl_routes_apply(gsec, n, &rs, del, replace, extack);
	if (err) {
		/* A failed create leaves nothing behind. */
		if (create)
			gsec_network_delete(n);
		goto out;
	}
	if (peer) {
		gsec_network_set_peer(n, peer);
		peer = NULL;
	}
	if (create)
		gsec_nl_notify_net(gsec, vni, GENEVESEC_CMD_NET_ADD_NTF);
out:
	mutex_unlock(&gsec->lock);
	gsec_peer_free(peer);
	gsec_nl_routes_free(&rs);
out_dev:
	dev_put(dev);
	return err;
}

int genevesec_nl_net_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return gsec_nl_net_change(info, true, false, false);
}

int genevesec_nl_net_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return gsec_nl_net_change(info, false, false,
				  nla_get_flag(info->attrs[GENEVESEC_A_NET_REPLACE_ROUTES]));
}

int genevesec_nl_route_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return gsec_nl_net_change(info, false, false, false);
}

int genevesec_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return gsec_nl_net_change(info, false, true, false);
}

int genevesec_nl_net_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gsec_network *n;
	struct net_device *dev;
	struct gsec_dev *gsec;
	u32 vni;

	dev = gsec_nl_info_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	gsec = gsec_dev(dev);
	mutex_lock(&gsec->lock);
	n = gsec_nl_network(gsec, info);
	if (!IS_ERR(n)) {
		vni = n->vni;
		/* Its SAs are told gone first, then the network. */
		gsec_network_delete(n);
		gsec_nl_notify_net(gsec, vni, GENEVESEC_CMD_NET_DEL_NTF);
	}
	mutex_unlock(&gsec->lock);
	dev_put(dev);
	return PTR_ERR_OR_ZERO(n);
}

/* Seconds since @when (coarse boot-time ns), or nothing if never. */
static int gsec_nl_put_since(struct sk_buff *skb, int attr, u64 when, u64 now)
{
	when = READ_ONCE(when);
	if (!when)
		return 0;
	return nla_put_uint(skb, attr, div_u64(now > when ? now - when : 0,
					       NSEC_PER_SEC));
}

static int gsec_nl_fill_net(struct sk_buff *skb, struct gsec_network *n,
			    const struct genl_info *info)
{
	struct gsec_dev *gsec = n->gsec;
	u64 now = ktime_get_coarse_boottime_ns();
	struct gsec_peer *peer;
	struct gsec_sa *tx;
	u32 rx = 0;
	void *hdr;
	int i;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	peer = rcu_dereference_protected(n->peer, lockdep_is_held(&gsec->lock));
	tx = rcu_dereference_protected(n->sas.tx, lockdep_is_held(&gsec->lock));
	for (i = 0; i < GSEC_SA_MAX_RX; i++)
		rx += !!rcu_access_pointer(n->sas.rx[i]);

	if (nla_put_u32(skb, GENEVESEC_A_NET_IFINDEX, gsec->dev->ifindex) ||
	    nla_put_u32(skb, GENEVESEC_A_NET_VNI, n->vni) ||
	    (peer && peer->af == GSEC_AF_IPV4 &&
	     nla_put_in_addr(skb, GENEVESEC_A_NET_PEER4, peer->addr.v4)) ||
	    (peer && peer->af == GSEC_AF_IPV6 &&
	     nla_put_in6_addr(skb, GENEVESEC_A_NET_PEER6, &peer->addr.v6)) ||
	    (peer && nla_put_u16(skb, GENEVESEC_A_NET_PEER_PORT, ntohs(peer->port))) ||
	    nla_put_u32(skb, GENEVESEC_A_NET_ROUTE_COUNT, n->routes.count) ||
	    nla_put_u32(skb, GENEVESEC_A_NET_RX_SA_COUNT, rx) ||
	    (tx && nla_put_u32(skb, GENEVESEC_A_NET_TX_SPI, tx->spi)) ||
	    gsec_nl_put_since(skb, GENEVESEC_A_NET_LAST_RX, n->last_rx, now) ||
	    gsec_nl_put_since(skb, GENEVESEC_A_NET_LAST_TX, n->last_tx, now) ||
	    gsec_nl_put_since(skb, GENEVESEC_A_NET_LAST_KEEPALIVE,
			      n->last_keepalive, now) ||
	    gsec_nl_put_stats(skb, GENEVESEC_A_NET_STATS, n->stats,
			      GSEC_NS_COUNT, GSEC_NS_ATTR_FIRST)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int gsec_nl_reply_net(struct sk_buff *msg, struct gsec_dev *gsec,
			     struct genl_info *info)
{
	struct gsec_network *n = gsec_nl_network(gsec, info);

	return IS_ERR(n) ? PTR_ERR(n) : gsec_nl_fill_net(msg, n, info);
}

int genevesec_nl_net_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return gsec_nl_reply(info, gsec_nl_reply_net);
}

/* Where a dump of one device's networks, routes or SAs resumes. */
struct gsec_nl_dump_ctx {
	u32 ifindex;
	u32 vni;			/* only this network, when has_vni */
	bool has_vni;
	unsigned long net_idx;		/* networks done */
	unsigned long item_idx;		/* routes or SAs done in the next */
};

static struct net_device *gsec_nl_dump_dev(struct sk_buff *skb,
					   struct netlink_callback *cb,
					   struct gsec_nl_dump_ctx *ctx)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	if (!ctx->ifindex) {
		dev = gsec_nl_dev_get(net, info->attrs, cb->extack);
		if (IS_ERR(dev))
			return dev;
		ctx->ifindex = dev->ifindex;
		/* Only some dumps take a VNI: attrs ends at their maxattr. */
		if (genl_dumpit_info(cb)->op.maxattr >= GENEVESEC_A_NET_VNI &&
		    info->attrs[GENEVESEC_A_NET_VNI]) {
			ctx->has_vni = true;
			ctx->vni = nla_get_u32(info->attrs[GENEVESEC_A_NET_VNI]);
		}
		return dev;
	}
	dev = dev_get_by_index(net, ctx->ifindex);
	if (!dev || !gsec_dev_is(dev)) {
		dev_put(dev);
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

typedef int (*gsec_nl_dump_fn)(struct sk_buff *skb, struct netlink_callback *cb,
			       struct gsec_network *n, unsigned long *idx);

/* Walk the device's networks (or the one asked for) under the mutex. */
static int gsec_nl_dump_networks(struct sk_buff *skb,
				 struct netlink_callback *cb,
				 gsec_nl_dump_fn fn)
{
	struct gsec_nl_dump_ctx *ctx = (void *)cb->ctx;
	struct gsec_network *n;
	struct net_device *dev;
	struct gsec_dev *gsec;
	unsigned long i = 0;
	int bkt, err = 0;

	dev = gsec_nl_dump_dev(skb, cb, ctx);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	gsec = gsec_dev(dev);
	mutex_lock(&gsec->lock);
	cb->seq = gsec->generation + gsec->routes.generation;
	hash_for_each(gsec->networks, bkt, n, node) {
		if (ctx->has_vni && n->vni != ctx->vni)
			continue;
		if (i++ < ctx->net_idx)
			continue;
		err = fn(skb, cb, n, &ctx->item_idx);
		if (err)
			break;
		ctx->net_idx++;
		ctx->item_idx = 0;
	}
	mutex_unlock(&gsec->lock);
	dev_put(dev);
	/* What did not fit goes in the next message. */
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

static int gsec_nl_dump_net(struct sk_buff *skb, struct netlink_callback *cb,
			    struct gsec_network *n, unsigned long *idx)
{
	const struct genl_info *info = genl_info_dump(cb);
	int err;

	err = gsec_nl_fill_net(skb, n, info);
	if (!err)
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	return err;
}

int genevesec_nl_net_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return gsec_nl_dump_networks(skb, cb, gsec_nl_dump_net);
}

struct gsec_nl_route_msg {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct gsec_network *n;
};

static int gsec_nl_fill_route(void *arg, const struct gsec_route_key *key)
{
	struct gsec_nl_route_msg *m = arg;
	struct sk_buff *skb = m->skb;
	int len = key->af == GSEC_AF_IPV4 ? 4 : 16;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_iput(skb, genl_info_dump(m->cb));
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(m->cb, hdr);
	if (nla_put_u32(skb, GENEVESEC_A_NET_IFINDEX, m->n->gsec->dev->ifindex) ||
	    nla_put_u32(skb, GENEVESEC_A_NET_VNI, m->n->vni))
		goto cancel;
	nest = nla_nest_start(skb, GENEVESEC_A_NET_ROUTE);
	if (!nest ||
	    nla_put(skb, GENEVESEC_A_ROUTE_LOCAL, len, key->local) ||
	    nla_put_u8(skb, GENEVESEC_A_ROUTE_LOCAL_PLEN, key->local_plen) ||
	    nla_put(skb, GENEVESEC_A_ROUTE_REMOTE, len, key->remote) ||
	    nla_put_u8(skb, GENEVESEC_A_ROUTE_REMOTE_PLEN, key->remote_plen))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int gsec_nl_dump_routes(struct sk_buff *skb, struct netlink_callback *cb,
			       struct gsec_network *n, unsigned long *idx)
{
	struct gsec_nl_route_msg m = { .skb = skb, .cb = cb, .n = n };

	return gsec_routes_owner_walk(&n->gsec->routes, &n->routes, idx,
				      gsec_nl_fill_route, &m);
}

int genevesec_nl_route_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	return gsec_nl_dump_networks(skb, cb, gsec_nl_dump_routes);
}

/* Security associations */

/* The request's copy of a key is not needed once the SA exists or the
 * request failed: wipe it, whatever happened.
 */
static void gsec_nl_wipe_key(struct nlattr *nest)
{
	struct nlattr *key;

	if (!nest)
		return;
	key = nla_find_nested(nest, GENEVESEC_A_SA_KEY_KEY);
	if (key)
		memzero_explicit(nla_data(key), nla_len(key));
}

static struct gsec_sa *gsec_nl_sa_create(struct nlattr *nest, bool tx,
					 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[GENEVESEC_A_SA_KEY_MAX + 1];
	u32 lifetime = GSEC_SA_LIFETIME_DEFAULT;
	struct nlattr *key, *soft, *lead;
	const char *why = NULL;
	struct gsec_sa *sa;
	int err;

	err = nla_parse_nested(tb, GENEVESEC_A_SA_KEY_MAX, nest,
			       genevesec_sa_key_nl_policy, extack);
	if (err)
		return ERR_PTR(err);
	if (gsec_nl_missing(extack, nest, tb, GENEVESEC_A_SA_KEY_SPI,
			    "missing attribute: SA spi") ||
	    gsec_nl_missing(extack, nest, tb, GENEVESEC_A_SA_KEY_KEY,
			    "missing attribute: SA key"))
		return ERR_PTR(-EINVAL);
	soft = tb[GENEVESEC_A_SA_KEY_SOFT_LIMIT];
	lead = tb[GENEVESEC_A_SA_KEY_REKEY_LEAD];
	if (!tx && (soft || lead)) {
		NL_SET_ERR_MSG_ATTR(extack, soft ?: lead,
				    "soft-limit and rekey-lead are for transmit SAs");
		return ERR_PTR(-EINVAL);
	}
	key = tb[GENEVESEC_A_SA_KEY_KEY];
	if (nla_len(key) != 16 && nla_len(key) != 32) {
		NL_SET_ERR_MSG_ATTR(extack, key,
				    "a key is 16 (AES-128-GCM) or 32 (AES-256-GCM) bytes");
		return ERR_PTR(-EINVAL);
	}
	if (tb[GENEVESEC_A_SA_KEY_LIFETIME])
		lifetime = nla_get_u32(tb[GENEVESEC_A_SA_KEY_LIFETIME]);
	sa = gsec_sa_create(nla_get_u32(tb[GENEVESEC_A_SA_KEY_SPI]), tx,
			    nla_data(key), nla_len(key), lifetime, gsec_now(), &why);
	if (IS_ERR(sa)) {
		gsec_nl_why(extack, nest, why);
		return sa;
	}
	/* Not installed yet: the data path cannot see these change. */
	if (tx) {
		sa->soft_limit = soft ? nla_get_uint(soft) :
				 GENEVESEC_SOFT_LIMIT_DEFAULT;
		sa->rekey_lead = lead ? nla_get_u32(lead) : 0;
	}
	return sa;
}

static int gsec_nl_sa_new(struct genl_info *info)
{
	struct nlattr *arx = info->attrs[GENEVESEC_A_SA_RX];
	struct nlattr *atx = info->attrs[GENEVESEC_A_SA_TX];
	bool manual = nla_get_flag(info->attrs[GENEVESEC_A_SA_MANUAL]);
	struct netlink_ext_ack *extack = info->extack;
	unsigned int epoch = gsec_device_clone_epoch();
	struct gsec_sa *rx = NULL, *tx = NULL;
	struct gsec_network *n;
	struct net_device *dev;
	struct gsec_dev *gsec;
	const char *why = NULL;
	int err;

	if (!arx && !atx) {
		NL_SET_ERR_MSG(extack, "an SA is required: rx, tx or both");
		return -EINVAL;
	}
	if (manual && (!arx || !atx)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[GENEVESEC_A_SA_MANUAL],
				    "a manual install needs both rx and tx");
		return -EINVAL;
	}
	dev = gsec_nl_info_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	gsec = gsec_dev(dev);

	if (arx) {
		rx = gsec_nl_sa_create(arx, false, extack);
		if (IS_ERR(rx)) {
			err = PTR_ERR(rx);
			rx = NULL;
			goto out;
		}
	}
	if (atx) {
		tx = gsec_nl_sa_create(atx, true, extack);
		if (IS_ERR(tx)) {
			err = PTR_ERR(tx);
			tx = NULL;
			goto out;
		}
	}

	mutex_lock(&gsec->lock);
	n = gsec_nl_network(gsec, info);
	if (!IS_ERR(n))
		/* Every install reaps what has expired (spec section 3). */
		gsec_sa_set_reap(&n->sas, gsec_now());
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
	} else if (tx && epoch != gsec_device_clone_epoch()) {
		/* The machine may have been cloned or restored since this
		 * request began: each copy would install the same SA.
		 */
		why = "the machine may have been cloned or restored meanwhile: install a fresh SA";
		err = -EAGAIN;
	} else if (rx && tx) {
		err = gsec_sa_set_install(&n->sas, rx, tx, manual, gsec_now(),
					  READ_ONCE(gsec->cfg.grace), &why);
		if (!err) {
			rx = NULL;
			tx = NULL;
		}
	} else if (rx) {
		err = gsec_sa_set_add_rx(&n->sas, rx, gsec_now(),
					 READ_ONCE(gsec->cfg.grace), &why);
		if (!err)
			rx = NULL;
	} else {
		err = gsec_sa_set_activate_tx(&n->sas, tx, &why);
		if (!err)
			tx = NULL;
	}
	/* The new SAs' lead time or expiry may come before the next sweep. */
	if (!err)
		gsec_events_kick(gsec);
	mutex_unlock(&gsec->lock);
	gsec_nl_why(extack, NULL, why);
out:
	gsec_sa_put(rx);
	gsec_sa_put(tx);
	dev_put(dev);
	return err;
}

int genevesec_nl_sa_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = gsec_nl_sa_new(info);

	gsec_nl_wipe_key(info->attrs[GENEVESEC_A_SA_RX]);
	gsec_nl_wipe_key(info->attrs[GENEVESEC_A_SA_TX]);
	return err;
}

int genevesec_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gsec_network *n;
	struct net_device *dev;
	struct gsec_dev *gsec;
	int err;

	if (gsec_nl_info_missing(info, GENEVESEC_A_SA_SPI, "missing attribute: spi"))
		return -EINVAL;
	dev = gsec_nl_info_dev(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	gsec = gsec_dev(dev);
	mutex_lock(&gsec->lock);
	n = gsec_nl_network(gsec, info);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
	} else {
		err = gsec_sa_set_del_rx(&n->sas,
					 nla_get_u32(info->attrs[GENEVESEC_A_SA_SPI]));
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[GENEVESEC_A_SA_SPI],
					    "no receive SA with this SPI");
	}
	mutex_unlock(&gsec->lock);
	dev_put(dev);
	return err;
}

static int gsec_nl_fill_sa(struct sk_buff *skb, struct gsec_network *n,
			   struct gsec_sa *sa, const struct genl_info *info)
{
	u64 now = gsec_now(), expires = READ_ONCE(sa->expires);
	u64 counter = atomic64_read(&sa->counter);
	void *hdr;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (!sa->tx) {
		spin_lock_bh(&sa->replay_lock);
		counter = sa->replay.next ? sa->replay.next - 1 : 0;
		spin_unlock_bh(&sa->replay_lock);
	}
	counter = min(counter, GSEC_SA_COUNTER_LIMIT);
	if (nla_put_u32(skb, GENEVESEC_A_SA_IFINDEX, n->gsec->dev->ifindex) ||
	    nla_put_u32(skb, GENEVESEC_A_SA_VNI, n->vni) ||
	    nla_put_u32(skb, GENEVESEC_A_SA_SPI, sa->spi) ||
	    nla_put_u32(skb, GENEVESEC_A_SA_DIR,
			sa->tx ? GENEVESEC_SA_DIR_TX : GENEVESEC_SA_DIR_RX) ||
	    nla_put_u32(skb, GENEVESEC_A_SA_CIPHER, sa->key_len == 16 ?
			GENEVESEC_CIPHER_AES_128_GCM : GENEVESEC_CIPHER_AES_256_GCM) ||
	    nla_put_string(skb, GENEVESEC_A_SA_DRIVER, gsec_sa_driver(sa)) ||
	    nla_put_uint(skb, GENEVESEC_A_SA_EXPIRES_IN, expires > now ?
			 DIV_ROUND_UP_ULL(expires - now, NSEC_PER_SEC) : 0) ||
	    nla_put_uint(skb, GENEVESEC_A_SA_COUNTER, counter) ||
	    nla_put_uint(skb, GENEVESEC_A_SA_PACKETS, sa->tx ? counter :
			 atomic64_read(&sa->packets)) ||
	    nla_put(skb, GENEVESEC_A_SA_FINGERPRINT, GSEC_SA_FPR_LEN,
		    sa->key_digest) ||
	    (sa->tx &&
	     (nla_put_uint(skb, GENEVESEC_A_SA_SOFT_LIMIT, sa->soft_limit) ||
	      nla_put_u32(skb, GENEVESEC_A_SA_REKEY_LEAD, sa->rekey_lead)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

#define sa_locked(n, p) \
	rcu_dereference_protected(p, lockdep_is_held(&(n)->gsec->lock))

static int gsec_nl_reply_sa(struct sk_buff *msg, struct gsec_dev *gsec,
			    struct genl_info *info)
{
	struct nlattr *adir = info->attrs[GENEVESEC_A_SA_DIR];
	struct gsec_network *n;
	struct gsec_sa *sa;
	u32 spi;

	if (gsec_nl_info_missing(info, GENEVESEC_A_SA_SPI, "missing attribute: spi"))
		return -EINVAL;
	spi = nla_get_u32(info->attrs[GENEVESEC_A_SA_SPI]);
	n = gsec_nl_network(gsec, info);
	if (IS_ERR(n))
		return PTR_ERR(n);
	/* Receive unless asked for the transmit SA (the policy bounds dir). */
	if (adir && nla_get_u32(adir) == GENEVESEC_SA_DIR_TX) {
		sa = sa_locked(n, n->sas.tx);
		if (sa && sa->spi != spi)
			sa = NULL;
	} else {
		sa = gsec_sa_set_find_rx(&n->sas, spi);
	}
	if (!sa) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[GENEVESEC_A_SA_SPI],
				    "no such SA in this network");
		return -ENOENT;
	}
	return gsec_nl_fill_sa(msg, n, sa, info);
}

int genevesec_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return gsec_nl_reply(info, gsec_nl_reply_sa);
}

static int gsec_nl_dump_sas(struct sk_buff *skb, struct netlink_callback *cb,
			    struct gsec_network *n, unsigned long *idx)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct gsec_sa *sa;
	int err;

	/* Item 0 is the transmit SA, 1.. the receive slots. */
	for (; *idx <= GSEC_SA_MAX_RX; (*idx)++) {
		sa = *idx ? sa_locked(n, n->sas.rx[*idx - 1]) : sa_locked(n, n->sas.tx);
		if (!sa)
			continue;
		err = gsec_nl_fill_sa(skb, n, sa, info);
		if (err)
			return err;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	return 0;
}

int genevesec_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return gsec_nl_dump_networks(skb, cb, gsec_nl_dump_sas);
}

/* netlink-gen.c has the same table, but static: the generator only hooks
 * it up in the family structures it writes, which genetlink-legacy
 * families do not get.
 */
static const struct genl_multicast_group gsec_genl_mcgrps[] = {
	/* Events name peers, SPIs and key fingerprints: listeners need what
	 * a get request needs, CAP_NET_ADMIN over the namespace.
	 */
	[GENEVESEC_NLGRP_GENEVESEC] = {
		.name	= GENEVESEC_MCGRP_GENEVESEC,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family gsec_genl_family __ro_after_init = {
	.name		= GENEVESEC_GENL_NAME,
	.version	= GENEVESEC_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= genevesec_nl_ops,
	.n_split_ops	= ARRAY_SIZE(genevesec_nl_ops),
	.mcgrps		= gsec_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(gsec_genl_mcgrps),
	/* No legacy commands to keep: every one is validated strictly
	 * (a request's attributes against a policy, reserved header bits
	 * and ambiguous netlink flags refused), whatever is added later.
	 * The notification commands have no handler: refused as unknown.
	 */
	.resv_start_op	= 0,
};

int __init gsec_genl_init(void)
{
	return genl_register_family(&gsec_genl_family);
}

void gsec_genl_uninit(void)
{
	genl_unregister_family(&gsec_genl_family);
}
