// SPDX-License-Identifier: GPL-2.0
/*
 * Microbenchmarks for `make bench`, built only into the bench kernel's
 * module (GENEVESEC_BENCH=y): genevesec's own transmit work on real skbs,
 * from ndo_start_xmit to the hand-off to the UDP tunnel, broken down into
 * its steps and set beside the bare AEAD cost of the same bytes; and the
 * transmit route lookup. Under QEMU's icount the guest clock counts
 * instructions, so the figures are work done, not host noise.
 *
 * The transmit run needs the peer's address routed to a dummy device
 * (tests/bench/guest does it): the frames end there, and the underlay's
 * share is timed apart and taken off, with no hook in the data path.
 *
 * debugfs genevesec/bench: write one command from the device's network
 * namespace, then read the figures back as "key value" lines.
 *
 *   tx DEV ITER                      ITER 1392-byte IPv4 packets
 *   lookup DEV ITER SRC BASE COUNT   transmit lookups, SRC to BASE + [0, COUNT)
 *   apply DEV COUNT BASE             COUNT routes added without netlink
 *   replace DEV KEEP                 one request keeping the first
 *                                    network's KEEP oldest routes and
 *                                    removing the rest, with a reader in
 *                                    softirq timing how long it waits
 *
 * Each loop runs with bottom halves disabled and under RCU, as the data
 * path does; the skbs are built before the clock starts and freed after it
 * stops, so that only the path itself is timed.
 */

#include <crypto/aead.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/math64.h>
#include <linux/netdevice.h>
#include <linux/udp.h>
#include <linux/seq_buf.h>
#include <linux/string.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "bench.h"
#include "crypto.h"
#include "network.h"
#include "proto.h"
#include "stats.h"

#define BENCH_LEN	1392	/* the inner packet: genevesec's default MTU */
#define BENCH_ITER_MAX	100000
#define BENCH_OUT_LEN	1024
#define BENCH_SPORT	49152	/* any: the frames end at a dummy device */

static struct dentry *bench_dir;
static DEFINE_MUTEX(bench_lock);	/* one run at a time; guards the below */
static char bench_out[BENCH_OUT_LEN];
static size_t bench_out_len;

/* Per-operation nanoseconds, three decimals, as a fixed-point string. */
static void bench_put(struct seq_buf *s, const char *key, s64 ns, u32 iters)
{
	s64 milli = div_s64(ns * 1000, iters);

	seq_buf_printf(s, "%s %s%lld.%03lld\n", key, milli < 0 ? "-" : "",
		       abs(milli) / 1000, abs(milli) % 1000);
}

/* The first IPv4 pair of a network, as the addresses of a packet it routes. */
struct bench_pair {
	__be32 src;
	__be32 dst;
};

static int bench_first_v4(void *arg, const struct gsec_route_key *key)
{
	struct bench_pair *p = arg;

	if (key->af != GSEC_AF_IPV4)
		return 0;
	memcpy(&p->src, key->local, 4);
	memcpy(&p->dst, key->remote, 4);
	/* A host inside each prefix, not its network address. */
	if (key->local_plen < 32)
		p->src |= htonl(1);
	if (key->remote_plen < 32)
		p->dst |= htonl(1);
	return 1;
}

/* A network with a peer, a transmit SA and an IPv4 route; its addresses. */
static struct gsec_network *bench_network(struct gsec_dev *gsec,
					  struct bench_pair *p)
{
	struct gsec_network *n;
	unsigned long idx;
	unsigned int bkt;

	lockdep_assert_held(&gsec->lock);
	hash_for_each(gsec->networks, bkt, n, node) {
		idx = 0;
		if (rcu_access_pointer(n->peer) && rcu_access_pointer(n->sas.tx) &&
		    gsec_routes_owner_walk(&gsec->routes, &n->routes, &idx,
					   bench_first_v4, p) == 1)
			return n;
	}
	return NULL;
}

/* An IPv4/UDP packet as the stack hands it to the device. */
static struct sk_buff *bench_skb(struct net_device *dev,
				 const struct bench_pair *p, unsigned int hdr)
{
	unsigned int room = LL_RESERVED_SPACE(dev) + hdr;
	struct sk_buff *skb;
	struct udphdr *uh;
	struct iphdr *iph;

	skb = alloc_skb(room + BENCH_LEN + GSEC_TAG_LEN, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, room);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, BENCH_LEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(BENCH_LEN);
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = p->src;
	iph->daddr = p->dst;
	ip_send_check(iph);
	uh = (struct udphdr *)(iph + 1);
	uh->source = htons(5001);
	uh->dest = htons(5001);
	uh->len = htons(BENCH_LEN - sizeof(*iph));
	memset(uh + 1, 0xa5, BENCH_LEN - sizeof(*iph) - sizeof(*uh));
	skb->protocol = htons(ETH_P_IP);
	skb->dev = dev;
	return skb;
}

static void bench_skbs_free(struct sk_buff **v, u32 n)
{
	while (n--)
		kfree_skb(v[n]);
	kvfree(v);
}

/* ITER packets (@hdr bytes of room pushed in front of each), or NULL. */
static struct sk_buff **bench_skbs(struct net_device *dev,
				   const struct bench_pair *p,
				   unsigned int hdr, u32 iters)
{
	struct sk_buff **v;
	u32 i;

	v = kvcalloc(iters, sizeof(*v), GFP_KERNEL);
	if (!v)
		return NULL;
	for (i = 0; i < iters; i++) {
		v[i] = bench_skb(dev, p, hdr);
		if (!v[i]) {
			bench_skbs_free(v, i);
			return NULL;
		}
		if (hdr)
			skb_push(v[i], hdr);
	}
	return v;
}

/*
 * Whole transmits, from ndo_start_xmit to the underlay device: the guest
 * routes the peer's address to a dummy device for the run, whose transmit
 * frees the frames. bench_underlay() times the underlay's share alone.
 * The network's transmit counter tells that every packet was sent.
 */
static int bench_tx_whole(struct gsec_dev *gsec, struct gsec_network *n,
			  const struct bench_pair *p, u32 iters, s64 *ns)
{
	struct net_device *dev = gsec->dev;
	u64 before[GSEC_NS_COUNT], after[GSEC_NS_COUNT];
	struct sk_buff **v;
	u32 i, sent;
	u64 t0;

	v = bench_skbs(dev, p, 0, iters);
	if (!v)
		return -ENOMEM;
	gsec_stats_sum(n->stats, GSEC_NS_COUNT, before);
	local_bh_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++)
		gsec_tx_xmit(v[i], dev);
	*ns = ktime_get_ns() - t0;
	local_bh_enable();
	kvfree(v);
	gsec_stats_sum(n->stats, GSEC_NS_COUNT, after);
	sent = after[GSEC_NS_TX_PACKETS] - before[GSEC_NS_TX_PACKETS];
	if (sent != iters) {
		pr_warn("bench: %u of %u packets reached the UDP tunnel (dropped, or asynchronous crypto)\n",
			sent, iters);
		return -EIO;
	}
	return 0;
}

/*
 * The underlay's share of a transmit: udp_tunnel_xmit_skb() of frames as
 * long as the sealed ones, through the device's socket to the same peer
 * and so to the same dummy device. Taken off the whole, it leaves
 * genevesec's own work.
 */
static int bench_underlay(struct gsec_dev *gsec, struct gsec_network *n,
			  u32 iters, s64 *ns)
{
	unsigned int len = GSEC_HDR_LEN + BENCH_LEN + GSEC_TAG_LEN;
	unsigned int room = MAX_HEADER + sizeof(struct iphdr) +
			    sizeof(struct udphdr);
	struct flowi4 fl4 = { .flowi4_proto = IPPROTO_UDP };
	const struct gsec_peer *peer;
	struct sk_buff **v;
	struct socket *sock;
	struct rtable *rt;
	__be16 dport;
	int err = 0;
	u32 i;
	u64 t0;

	v = kvcalloc(iters, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	for (i = 0; i < iters; i++) {
		v[i] = alloc_skb(room + len, GFP_KERNEL);
		if (!v[i]) {
			err = -ENOMEM;
			goto free;
		}
		skb_reserve(v[i], room);
		memset(skb_put(v[i], len), 0xa5, len);
	}

	local_bh_disable();
	rcu_read_lock();
	peer = rcu_dereference(n->peer);
	sock = rcu_dereference(gsec->sock4);
	if (!peer || peer->af != GSEC_AF_IPV4 || !sock) {
		err = -ENOENT;
		goto unlock;
	}
	fl4.daddr = peer->addr.v4;
	dport = peer->port;
	rt = ip_route_output_key(gsec->net, &fl4);
	if (IS_ERR(rt)) {
		err = PTR_ERR(rt);
		goto unlock;
	}
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		dst_hold(&rt->dst);
		udp_tunnel_xmit_skb(rt, sock->sk, v[i], fl4.saddr, fl4.daddr,
				    0, 64, htons(IP_DF), htons(BENCH_SPORT),
				    dport, false, true, 0);
		v[i] = NULL;
	}
	*ns = ktime_get_ns() - t0;
	ip_rt_put(rt);
unlock:
	rcu_read_unlock();
	local_bh_enable();
free:
	bench_skbs_free(v, iters);
	return err;
}

static void bench_crypto_done(struct sk_buff *skb, int err)
{
	kfree_skb(skb);
}

/* The AEAD alone on the same bytes: one request, one flat buffer. */
static int bench_aead(struct gsec_sa *sa, u32 iters, s64 *ns)
{
	unsigned int len = GSEC_HDR_LEN + BENCH_LEN + GSEC_TAG_LEN;
	struct aead_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	int err = 0;
	u8 *buf;
	u64 t0;
	u32 i;

	buf = kzalloc(len, GFP_KERNEL);
	req = aead_request_alloc(sa->tfm, GFP_KERNEL);
	if (!buf || !req) {
		err = -ENOMEM;
		goto out;
	}
	sg_init_one(&sg, buf, len);
	aead_request_set_callback(req, 0, crypto_req_done, &wait);
	aead_request_set_crypt(req, &sg, &sg, BENCH_LEN, buf + GSEC_NONCE_OFF);
	aead_request_set_ad(req, GSEC_HDR_LEN);
	local_bh_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < iters && !err; i++)
		err = crypto_aead_encrypt(req);
	*ns = ktime_get_ns() - t0;
	local_bh_enable();
	if (err == -EINPROGRESS || err == -EBUSY) {
		crypto_wait_req(err, &wait);
		pr_warn("bench: the AEAD went asynchronous: no figure\n");
		err = -EIO;
	}
out:
	aead_request_free(req);
	kfree(buf);
	return err;
}

struct bench_steps {
	s64 route, sa, header, crypto, aead;
};

/* The steps of tx_one() and tx_seal() one at a time, ITER times each. */
static int bench_tx_steps(struct gsec_dev *gsec, const struct bench_pair *p,
			  u32 iters, struct bench_steps *st)
{
	struct gsec_route_owner *owner = NULL;
	struct gsec_network *n;
	struct gsec_sa *sa = NULL;
	u8 hdr[GSEC_HDR_LEN];
	u64 t0, counter = 0;
	u32 i, failed = 0;
	struct sk_buff **v;
	int err = 0;

	v = bench_skbs(gsec->dev, p, GSEC_HDR_LEN, iters);
	if (!v)
		return -ENOMEM;
	local_bh_disable();
	rcu_read_lock();

	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		owner = gsec_routes_lookup_dst(&gsec->routes, GSEC_AF_IPV4,
					       (const u8 *)&p->src,
					       (const u8 *)&p->dst);
		OPTIMIZER_HIDE_VAR(owner);
	}
	st->route = ktime_get_ns() - t0;
	if (!owner) {
		err = -ENOENT;
		goto unlock;
	}
	n = container_of(owner, struct gsec_network, routes);

	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		sa = rcu_dereference(n->sas.tx);
		if (!rcu_dereference(n->peer) || !sa ||
		    gsec_sa_expired(sa, gsec_now_coarse()) ||
		    !gsec_sa_tx_counter_next(sa, &counter))
			failed++;
	}
	st->sa = ktime_get_ns() - t0;
	if (failed || !sa || !refcount_inc_not_zero(&sa->refs)) {
		sa = NULL;
		err = -ENOKEY;
		goto unlock;
	}

	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		gsec_proto_hdr_build(hdr, GSEC_PROTO_IPV4, n->vni, sa->spi,
				     counter + i);
		OPTIMIZER_HIDE_VAR(hdr[GSEC_HDR_LEN - 1]);
	}
	st->header = ktime_get_ns() - t0;

	/* Sealed as the data path seals: in the skb, through crypto.c (one
	 * SA reference per operation, which it consumes). The frames share
	 * one counter: none of them is sent.
	 */
	for (i = 0; i < iters; i++)
		memcpy(v[i]->data, hdr, GSEC_HDR_LEN);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		refcount_inc(&sa->refs);
		err = gsec_crypto_encrypt(sa, v[i], bench_crypto_done);
		if (err == -EINPROGRESS)
			v[i] = NULL;	/* the completion frees it */
		if (err)
			failed++;
	}
	st->crypto = ktime_get_ns() - t0;
unlock:
	rcu_read_unlock();
	local_bh_enable();
	if (!err && failed) {
		pr_warn("bench: %u of %u encryptions failed or went asynchronous\n",
			failed, iters);
		err = -EIO;
	}
	if (!err)
		err = bench_aead(sa, iters, &st->aead);
	if (sa)
		gsec_sa_put(sa);
	bench_skbs_free(v, iters);
	return err;
}

static int bench_tx(struct gsec_dev *gsec, u32 iters, struct seq_buf *s)
{
	struct bench_steps st = {};
	struct gsec_network *n;
	s64 whole, underlay, total;
	struct bench_pair p;
	int err;

	mutex_lock(&gsec->lock);
	n = bench_network(gsec, &p);
	/* Its counters and peer are read after the lock. */
	if (n && !gsec_network_get(n))
		n = NULL;
	mutex_unlock(&gsec->lock);
	if (!n) {
		pr_warn("bench: %s has no network with a peer, a transmit SA and an IPv4 route\n",
			gsec->dev->name);
		return -ENOENT;
	}
	err = bench_tx_whole(gsec, n, &p, iters, &whole);
	if (!err)
		err = bench_underlay(gsec, n, iters, &underlay);
	gsec_network_put(n);
	if (!err)
		err = bench_tx_steps(gsec, &p, iters, &st);
	if (err)
		return err;
	total = whole - underlay;

	seq_buf_printf(s, "tx.iterations %u\ntx.len %u\n", iters, BENCH_LEN);
	bench_put(s, "tx.total_ns", total, iters);
	bench_put(s, "tx.underlay_ns", underlay, iters);
	bench_put(s, "tx.route_ns", st.route, iters);
	bench_put(s, "tx.sa_ns", st.sa, iters);
	bench_put(s, "tx.header_ns", st.header, iters);
	bench_put(s, "tx.crypto_ns", st.crypto, iters);
	bench_put(s, "tx.rest_ns",
		  total - st.route - st.sa - st.header - st.crypto, iters);
	bench_put(s, "tx.aead_ns", st.aead, iters);
	/* The ratio to three decimals, as if over one iteration. */
	bench_put(s, "tx.ratio", st.aead ? div64_s64(total * 1000, st.aead) : 0,
		  1000);
	return 0;
}

static int bench_lookup(struct gsec_dev *gsec, u32 iters, __be32 src,
			__be32 base, u32 count, struct seq_buf *s)
{
	struct gsec_route_owner *owner;
	u32 i, hits = 0;
	__be32 *dst;
	u64 t0;
	s64 ns;

	dst = kvmalloc_array(iters, sizeof(*dst), GFP_KERNEL);
	if (!dst)
		return -ENOMEM;
	/* Spread over the range (Knuth's multiplicative hash). */
	for (i = 0; i < iters; i++)
		dst[i] = htonl(ntohl(base) + (u32)(((u64)i * 2654435761u) % count));
	local_bh_disable();
	rcu_read_lock();
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		owner = gsec_routes_lookup_dst(&gsec->routes, GSEC_AF_IPV4,
					       (const u8 *)&src,
					       (const u8 *)&dst[i]);
		hits += !!owner;
	}
	ns = ktime_get_ns() - t0;
	rcu_read_unlock();
	local_bh_enable();
	kvfree(dst);

	seq_buf_printf(s, "lookup.routes %u\nlookup.iterations %u\nlookup.hits %u\n",
		       READ_ONCE(gsec->routes.count), iters, hits);
	bench_put(s, "lookup.ns", ns, iters);
	return 0;
}

/*
 * COUNT routes added in the kernel alone, in requests of 2000 as
 * tests/bench/routes.py sends them: the network's first IPv4 local prefix
 * to the /32s from BASE on. Against the same through netlink, what the
 * requests' parsing costs.
 */
#define BENCH_APPLY_BATCH	2000

static int bench_apply(struct gsec_dev *gsec, u32 count, __be32 base,
		       struct seq_buf *s)
{
	struct gsec_routes_req req = {};
	struct gsec_route_key *keys;
	struct gsec_network *n;
	struct bench_pair p;
	u32 done, i, batch;
	s64 ns = 0;
	int err = 0;
	u64 t0;

	keys = kvcalloc(BENCH_APPLY_BATCH, sizeof(*keys), GFP_KERNEL);
	if (!keys)
		return -ENOMEM;
	mutex_lock(&gsec->lock);
	n = bench_network(gsec, &p);
	for (done = 0; n && !err && done < count; done += batch) {
		batch = min(count - done, BENCH_APPLY_BATCH);
		for (i = 0; i < batch; i++) {
			__be32 remote = htonl(ntohl(base) + done + i);

			keys[i].af = GSEC_AF_IPV4;
			keys[i].local_plen = 32;
			keys[i].remote_plen = 32;
			memcpy(keys[i].local, &p.src, 4);
			memcpy(keys[i].remote, &remote, 4);
		}
		req.owner = &n->routes;
		req.add = keys;
		req.n_add = batch;
		t0 = ktime_get_ns();
		err = gsec_routes_apply(&gsec->routes, &req, GFP_KERNEL_ACCOUNT);
		ns += ktime_get_ns() - t0;
	}
	mutex_unlock(&gsec->lock);
	kvfree(keys);
	if (!n)
		return -ENOENT;
	if (err)
		return err;
	seq_buf_printf(s, "apply.routes %u\napply.added %u\n",
		       READ_ONCE(gsec->routes.count), count);
	bench_put(s, "apply.ns_per_route", ns, count);
	bench_put(s, "apply.seconds", ns, 1000000000);
	return 0;
}

/*
 * A transmit lookup in softirq every BENCH_READER_NS, as the data path
 * makes them: how late the longest one ran, plus its own time, is how long
 * a writer kept readers waiting (with bottom halves disabled, or spinning).
 */
#define BENCH_READER_NS	(50 * NSEC_PER_USEC)

struct bench_reader {
	struct hrtimer timer;
	struct gsec_dev *gsec;
	struct bench_pair p;
	s64 worst;
	u32 runs;
};

static enum hrtimer_restart bench_reader_fn(struct hrtimer *timer)
{
	struct bench_reader *rd = container_of(timer, struct bench_reader, timer);
	ktime_t due = hrtimer_get_expires(timer);

	rcu_read_lock();
	gsec_routes_lookup_dst(&rd->gsec->routes, GSEC_AF_IPV4,
			       (const u8 *)&rd->p.src, (const u8 *)&rd->p.dst);
	rcu_read_unlock();
	rd->worst = max(rd->worst, ktime_to_ns(ktime_sub(ktime_get(), due)));
	rd->runs++;
	hrtimer_forward_now(timer, ns_to_ktime(BENCH_READER_NS));
	return HRTIMER_RESTART;
}

/* The network's oldest pairs, as many as there is room for. */
struct bench_keep {
	struct gsec_route_key *keys;
	u32 n, max;
};

static int bench_keep_key(void *arg, const struct gsec_route_key *key)
{
	struct bench_keep *k = arg;

	if (k->n == k->max)
		return 1;
	k->keys[k->n++] = *key;
	return 0;
}

/*
 * One request that keeps the first network's KEEP oldest pairs and
 * removes all the others (after the lookup curve: a million), with the
 * reader above running throughout.
 */
static int bench_replace(struct gsec_dev *gsec, u32 keep, struct seq_buf *s)
{
	struct gsec_routes_req req = { .replace = true };
	struct bench_keep k = { .max = keep };
	struct bench_reader *rd;
	struct gsec_network *n;
	unsigned long idx = 0;
	u32 before;
	int err;
	s64 ns;
	u64 t0;

	k.keys = kcalloc(keep, sizeof(*k.keys), GFP_KERNEL);
	rd = kzalloc(sizeof(*rd), GFP_KERNEL);
	if (!k.keys || !rd) {
		err = -ENOMEM;
		goto out;
	}
	mutex_lock(&gsec->lock);
	n = bench_network(gsec, &rd->p);
	if (!n) {
		mutex_unlock(&gsec->lock);
		err = -ENOENT;
		goto out;
	}
	gsec_routes_owner_walk(&gsec->routes, &n->routes, &idx, bench_keep_key, &k);
	req.owner = &n->routes;
	req.add = k.keys;
	req.n_add = k.n;
	before = READ_ONCE(gsec->routes.count);
	rd->gsec = gsec;
	hrtimer_init(&rd->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	rd->timer.function = bench_reader_fn;
	hrtimer_start(&rd->timer, ns_to_ktime(BENCH_READER_NS),
		      HRTIMER_MODE_REL_SOFT);
	t0 = ktime_get_ns();
	err = gsec_routes_apply(&gsec->routes, &req, GFP_KERNEL_ACCOUNT);
	ns = ktime_get_ns() - t0;
	hrtimer_cancel(&rd->timer);
	mutex_unlock(&gsec->lock);
	if (err)
		goto out;
	seq_buf_printf(s, "replace.removed %u\nreplace.kept %u\nreplace.reader_runs %u\n",
		       before - READ_ONCE(gsec->routes.count), k.n, rd->runs);
	bench_put(s, "replace.seconds", ns, 1000000000);
	bench_put(s, "replace.reader_worst_us", rd->worst, 1000);
out:
	kfree(rd);
	kfree(k.keys);
	return err;
}

/*
 * One command: "tx DEV ITER", "lookup DEV ITER SRC BASE COUNT",
 * "apply DEV COUNT BASE" or "replace DEV KEEP".
 */
static int bench_run(char *cmd, struct seq_buf *s)
{
	char name[IFNAMSIZ], src[16], base[16], op[8];
	struct net_device *dev;
	__be32 src4, base4;
	u32 iters, count;
	int err, n;

	n = sscanf(cmd, "%7s %15s %u %15s %15s %u", op, name, &iters, src,
		   base, &count);
	if (n < 3 || !iters || iters > BENCH_ITER_MAX)
		return -EINVAL;
	dev = dev_get_by_name(current->nsproxy->net_ns, name);
	if (!dev)
		return -ENODEV;
	if (!gsec_dev_is(dev)) {
		err = -EINVAL;
	} else if (!strcmp(op, "tx") && n == 3) {
		err = bench_tx(gsec_dev(dev), iters, s);
	} else if (!strcmp(op, "apply") && n == 4 &&
		   in4_pton(src, -1, (u8 *)&base4, -1, NULL)) {
		/* (ITER is the count; the fourth word the base.) */
		err = bench_apply(gsec_dev(dev), iters, base4, s);
	} else if (!strcmp(op, "replace") && n == 3) {
		err = bench_replace(gsec_dev(dev), iters, s);
	} else if (!strcmp(op, "lookup") && n == 6 && count &&
		   in4_pton(src, -1, (u8 *)&src4, -1, NULL) &&
		   in4_pton(base, -1, (u8 *)&base4, -1, NULL)) {
		err = bench_lookup(gsec_dev(dev), iters, src4, base4, count, s);
	} else {
		err = -EINVAL;
	}
	dev_put(dev);
	return err;
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	struct seq_buf s;
	char cmd[80];
	int err;

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = 0;

	mutex_lock(&bench_lock);
	seq_buf_init(&s, bench_out, sizeof(bench_out));
	err = bench_run(strim(cmd), &s);
	bench_out_len = err ? 0 : seq_buf_used(&s);
	mutex_unlock(&bench_lock);
	return err ?: len;
}

static ssize_t bench_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&bench_lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, bench_out, bench_out_len);
	mutex_unlock(&bench_lock);
	return ret;
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.read = bench_read,
	.write = bench_write,
	.llseek = default_llseek,
};

void gsec_bench_init(void)
{
	bench_dir = debugfs_create_dir("genevesec", NULL);
	debugfs_create_file("bench", 0600, bench_dir, NULL, &bench_fops);
}

void gsec_bench_uninit(void)
{
	debugfs_remove(bench_dir);
}
