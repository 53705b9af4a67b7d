/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink: split operations and the dump-side genl_info. */
#ifndef _GSEC_COMPAT_GENETLINK_H
#define _GSEC_COMPAT_GENETLINK_H

#include <net/genetlink.h>
#include <net/sock.h>

#ifndef GSEC_HAVE_GENL_MCAST_CAP
/*
 * Event listeners must hold CAP_NET_ADMIN (upstream 6.7, in stable
 * trees). Without it anyone could read the events: refuse to build.
 */
#error "compat: this kernel lacks GENL_MCAST_CAP_NET_ADMIN"
#endif

#ifndef GSEC_HAVE_GENL_SPLIT_OPS
/*
 * Split operations (6.2) give a command's do and dump each an entry with
 * its own policy. Before, one struct genl_ops per command carries both
 * handlers and one policy. The generated table keeps its text: it is
 * declared with struct genl_ops, whose fields have the same names for
 * what ynl-gen writes (cmd, doit, dumpit, start, done, policy, maxattr,
 * flags; not pre_doit/post_doit, which would fail to compile), and
 * registration merges each command's entries (compat/genetlink.c).
 */
#define genl_split_ops genl_ops
#define split_ops ops
#define n_split_ops n_ops
#endif

#if !defined(GSEC_HAVE_GENL_SPLIT_OPS) || !defined(GSEC_HAVE_GENL_INFO_DUMP)
/* Registration goes through compat/genetlink.c, which keeps the family. */
#define GSEC_COMPAT_GENL_REGISTER 1

int gsec_compat_genl_register_family(struct genl_family *family);
int gsec_compat_genl_unregister_family(const struct genl_family *family);

#define genl_register_family(family)					\
	gsec_compat_genl_register_family(family)
#define genl_unregister_family(family)					\
	gsec_compat_genl_unregister_family(family)
#endif

#ifndef GSEC_HAVE_GENL_INFO_DUMP
/*
 * Since 6.6 a dump has a struct genl_info too, and genlmsg_iput() starts
 * a message from one. Before, genl_info does not even name its family:
 * the family is the one registered (compat/genetlink.c), found by the
 * request's message type.
 */
const struct genl_family *
gsec_compat_genl_info_family(const struct genl_info *info);

static inline void *genlmsg_iput(struct sk_buff *skb,
				 const struct genl_info *info)
{
	return genlmsg_put(skb, info->snd_portid, info->snd_seq,
			   gsec_compat_genl_info_family(info), 0,
			   info->genlhdr->cmd);
}

/* What 6.6's genl_start() fills in for a dump. */
static inline const struct genl_info *
gsec_compat_genl_info_dump(struct netlink_callback *cb, struct genl_info *info)
{
	info->snd_seq = cb->nlh->nlmsg_seq;
	info->snd_portid = NETLINK_CB(cb->skb).portid;
	info->nlhdr = (struct nlmsghdr *)cb->nlh;
	info->genlhdr = nlmsg_data(cb->nlh);
	info->attrs = genl_dumpit_info(cb)->attrs;
	genl_info_net_set(info, sock_net(cb->skb->sk));
	info->extack = cb->extack;
	return info;
}

/*
 * The genl_info lives in a compound literal: in the caller's block, as
 * long as the pointer is used there (the callers here use it no longer).
 */
#define genl_info_dump(cb)						\
	gsec_compat_genl_info_dump((cb), &(struct genl_info){})
#endif

#endif /* _GSEC_COMPAT_GENETLINK_H */
