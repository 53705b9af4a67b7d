// SPDX-License-Identifier: GPL-2.0
/*
 * The "genevesec" generic-netlink family. Policies and the ops table are
 * generated from Documentation/netlink/specs/genevesec.yaml into
 * netlink-gen.{c,h}; this file implements the handlers.
 */

#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/genevesec.h>

#include "genevesec.h"
#include "netlink-gen.h"

static struct genl_family gsec_genl_family;

static int gsec_nl_fill_dev(struct sk_buff *skb, const struct net_device *dev,
			    const struct genl_info *info)
{
	void *hdr;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, GENEVESEC_A_DEV_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, GENEVESEC_A_DEV_IFNAME, dev->name)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The device a request names, by ifindex or by name, with a reference. */
static struct net_device *gsec_nl_dev_get(struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *attr;
	struct net_device *dev;

	if (info->attrs[GENEVESEC_A_DEV_IFINDEX]) {
		attr = info->attrs[GENEVESEC_A_DEV_IFINDEX];
		dev = dev_get_by_index(net, nla_get_u32(attr));
	} else if (info->attrs[GENEVESEC_A_DEV_IFNAME]) {
		attr = info->attrs[GENEVESEC_A_DEV_IFNAME];
		dev = dev_get_by_name(net, nla_data(attr));
	} else {
		NL_SET_ERR_MSG(info->extack,
			       "a device is required: ifindex or ifname");
		return ERR_PTR(-EINVAL);
	}

	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!gsec_dev_is(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "not a genevesec device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

int genevesec_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	dev = gsec_nl_dev_get(info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	err = gsec_nl_fill_dev(msg, dev, info);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

struct gsec_nl_dump_ctx {
	unsigned long ifindex;
};

int genevesec_nl_dev_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct gsec_nl_dump_ctx *ctx = (void *)cb->ctx;
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

static struct genl_family gsec_genl_family __ro_after_init = {
	.name		= GENEVESEC_GENL_NAME,
	.version	= GENEVESEC_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= genevesec_nl_ops,
	.n_split_ops	= ARRAY_SIZE(genevesec_nl_ops),
	.resv_start_op	= GENEVESEC_CMD_MAX + 1,
};

int __init gsec_genl_init(void)
{
	return genl_register_family(&gsec_genl_family);
}

void gsec_genl_uninit(void)
{
	genl_unregister_family(&gsec_genl_family);
}
