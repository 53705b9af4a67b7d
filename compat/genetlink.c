// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink before 6.2 (split operations) and 6.6 (genl_info for
 * dumps): see compat-genetlink.h.
 */

#include <linux/slab.h>
#include <net/genetlink.h>

#ifdef GSEC_COMPAT_GENL_REGISTER

/* The module's family: genevesec registers one. */
static struct {
	const struct genl_family *family;
#ifndef GSEC_HAVE_GENL_SPLIT_OPS
	const struct genl_ops *split;	/* the table as generated */
	unsigned int n_split;
	struct genl_ops *merged;	/* what the kernel gets */
#endif
} gsec_compat_genl;

#endif

#ifndef GSEC_HAVE_GENL_SPLIT_OPS

/* Flags of a split entry that a merged entry must not carry. */
#define GSEC_COMPAT_GENL_CAP_FLAGS					\
	(GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL)

static const struct genl_ops *gsec_compat_genl_dump_op(u8 cmd)
{
	unsigned int i;

	for (i = 0; i < gsec_compat_genl.n_split; i++)
		if (gsec_compat_genl.split[i].cmd == cmd &&
		    gsec_compat_genl.split[i].dumpit)
			return &gsec_compat_genl.split[i];
	return NULL;
}

/*
 * A merged entry parses a dump's attributes with the do policy (checked
 * at registration to agree with the dump policy on every attribute the
 * dump knows). A dump's own policy may know fewer: checked again here,
 * strictly, as 6.2 parses a dump with its own policy only.
 */
static int gsec_compat_genl_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	const struct genl_ops *dump = gsec_compat_genl_dump_op(info->op.cmd);
	int hdrlen = GENL_HDRLEN + info->family->hdrsize;
	int err;

	if (WARN_ON_ONCE(!dump))
		return -EOPNOTSUPP;
	/* (The core has checked the header length before.) */
	if (dump->maxattr && dump->policy != info->op.policy) {
		err = __nla_validate(nlmsg_attrdata(cb->nlh, hdrlen),
				     nlmsg_attrlen(cb->nlh, hdrlen),
				     dump->maxattr, dump->policy,
				     NL_VALIDATE_STRICT, cb->extack);
		if (err)
			return err;
	}
	return dump->start ? dump->start(cb) : 0;
}

/* Whether @dump's policy is the start of @doit's. */
static bool gsec_compat_genl_policy_prefix(const struct genl_ops *doit,
					   const struct genl_ops *dump)
{
	if (!dump->maxattr || dump->policy == doit->policy)
		return true;
	return dump->maxattr <= doit->maxattr &&
	       !memcmp(dump->policy, doit->policy,
		       (dump->maxattr + 1) * sizeof(*dump->policy));
}

/* The one entry the kernel gets for command @cmd. */
static int gsec_compat_genl_merge(struct genl_ops *m, u8 cmd,
				  const struct genl_ops *split,
				  unsigned int n_split)
{
	const struct genl_ops *doit = NULL, *dump = NULL;
	unsigned int i;

	for (i = 0; i < n_split; i++) {
		const struct genl_ops *op = &split[i];

		if (op->cmd != cmd)
			continue;
		if (op->doit && !doit)
			doit = op;
		else if (op->dumpit && !dump)
			dump = op;
		else
			return -EINVAL;	/* a duplicate */
	}
	memset(m, 0, sizeof(*m));
	m->cmd = cmd;
	if (doit) {
		m->doit = doit->doit;
		m->policy = doit->policy;
		m->maxattr = doit->maxattr;
		m->flags = doit->flags;
		m->validate = doit->validate;
	}
	if (dump) {
		/* A dump the do policy would parse differently: refuse,
		 * rather than accept what the newer kernels reject.
		 */
		if (doit && !gsec_compat_genl_policy_prefix(doit, dump))
			return -EINVAL;
		m->dumpit = dump->dumpit;
		m->start = gsec_compat_genl_dump_start;
		m->done = dump->done;
		if (!doit) {
			m->policy = dump->policy;
			m->maxattr = dump->maxattr;
		}
		/* One permission for both: the union, never the weaker. */
		m->flags |= dump->flags;
		m->validate |= dump->validate;
	}
	m->flags &= ~GSEC_COMPAT_GENL_CAP_FLAGS;
	return 0;
}

static int gsec_compat_genl_register_split(struct genl_family *family)
{
	const struct genl_ops *split = family->ops;
	unsigned int n_split = family->n_ops, n = 0, i, j;
	struct genl_ops *merged;
	int err;

	if (WARN_ON(family->n_small_ops))
		return -EINVAL;
	merged = kcalloc(n_split, sizeof(*merged), GFP_KERNEL);
	if (!merged)
		return -ENOMEM;
	for (i = 0; i < n_split; i++) {
		for (j = 0; j < n && merged[j].cmd != split[i].cmd; j++)
			;
		if (j < n)
			continue;
		err = gsec_compat_genl_merge(&merged[n++], split[i].cmd,
					     split, n_split);
		if (WARN(err, "compat: genl command %u cannot be merged\n",
			 split[i].cmd))
			goto err_free;
	}

	gsec_compat_genl.family = family;
	gsec_compat_genl.split = split;
	gsec_compat_genl.n_split = n_split;
	gsec_compat_genl.merged = merged;
	family->ops = merged;
	family->n_ops = n;
	/* (The kernel's function: the macro is not expanded.) */
	err = (genl_register_family)(family);
	if (!err)
		return 0;

	/* Still in module init: the family is writable. */
	family->ops = split;
	family->n_ops = n_split;
	memset(&gsec_compat_genl, 0, sizeof(gsec_compat_genl));
err_free:
	kfree(merged);
	return err;
}

#endif /* !GSEC_HAVE_GENL_SPLIT_OPS */

#ifdef GSEC_COMPAT_GENL_REGISTER

int gsec_compat_genl_register_family(struct genl_family *family)
{
	if (WARN_ON(gsec_compat_genl.family))
		return -EBUSY;
#ifndef GSEC_HAVE_GENL_SPLIT_OPS
	return gsec_compat_genl_register_split(family);
#else
	gsec_compat_genl.family = family;
	return (genl_register_family)(family);
#endif
}

int gsec_compat_genl_unregister_family(const struct genl_family *family)
{
	int err = (genl_unregister_family)(family);

	/* The family is read-only after init: its ops pointer stays. */
	if (!err && family == gsec_compat_genl.family) {
#ifndef GSEC_HAVE_GENL_SPLIT_OPS
		kfree(gsec_compat_genl.merged);
#endif
		memset(&gsec_compat_genl, 0, sizeof(gsec_compat_genl));
	}
	return err;
}

#endif /* GSEC_COMPAT_GENL_REGISTER */

#ifndef GSEC_HAVE_GENL_INFO_DUMP

const struct genl_family *
gsec_compat_genl_info_family(const struct genl_info *info)
{
	const struct genl_family *family = gsec_compat_genl.family;

	WARN_ON_ONCE(!family || info->nlhdr->nlmsg_type != family->id);
	return family;
}

#endif /* !GSEC_HAVE_GENL_INFO_DUMP */
