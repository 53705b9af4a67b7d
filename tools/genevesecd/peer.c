// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: one peer (see peer.h). The peer whose public key sorts lower
 * initiates: it dials, runs an exchange at once and then every rekey
 * interval. Each exchange follows section 5.4: the new receive SA is added
 * before the peer can send under it, the new transmit SA activated only
 * when the peer can receive it. Any failure closes the connection; the
 * initiator dials again at once, then every 5 s, and a new connection
 * brings new master keys, so no key is ever installed twice. Keys are
 * never logged.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "peer.h"

#define GSD_EXCHANGE_TIMEOUT_MS	10000	/* section 2.4's deadline */
#define GSD_REDIAL_MS		5000	/* section 2.5's back-off */
#define GSD_REPLY_FIN_WAIT_MS	1000	/* section 5.4, responder step 4 */

uint64_t gsd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void gsd_say(const struct gsd_peer *p, const char *fmt, ...)
{
	va_list ap;

	fputs("genevesecd: ", stderr);
	if (p && p->tag[0])
		fprintf(stderr, "%s: ", p->tag);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- the connection -------------------------------------------------- */

/* Ends the connection; the initiator dials again after @redial_ms. */
static void conn_end(struct gsd_peer *p, const char *why, uint64_t redial_ms)
{
	if (p->q) {
		gsd_say(p, "connection ended: %s", why);
		icx_quic_close(p->q);
		icx_quic_free(p->q);
		p->q = NULL;
	}
	icx_wipe(&p->keys, sizeof(p->keys));
	icx_wipe(&p->pending, sizeof(p->pending));
	icx_spi_history_free(&p->history);
	p->keyed = false;
	p->counter = 0;
	p->xs = X_IDLE;
	p->next_dial = gsd_now_ms() + redial_ms;
}

static void rx_forget(struct gsd_peer *p, unsigned int i)
{
	memmove(&p->rx_spis[i], &p->rx_spis[i + 1],
		(--p->n_rx - i) * sizeof(p->rx_spis[0]));
}

/* @spi out of the list, wherever it is. */
static void rx_unlist(struct gsd_peer *p, uint32_t spi)
{
	unsigned int i;

	for (i = 0; i < p->n_rx; i++)
		if (p->rx_spis[i] == spi)
			rx_forget(p, i--);
}

static void rx_remember(struct gsd_peer *p, uint32_t spi)
{
	rx_unlist(p, spi);
	if (p->n_rx == ARRAY_SIZE(p->rx_spis))
		rx_forget(p, 0);
	p->rx_spis[p->n_rx++] = spi;
}

/* The exchange failed: its receive SA goes, and the connection with it. */
static void exchange_failed(struct gsd_peer *p, const char *why)
{
	struct gs_nl_error e = { 0 };

	gsd_say(p, "exchange failed: %s", why);
	/* Our receive SA of the exchange: the peer never got to use it. */
	if (p->own_spi) {
		if (gsd_sa_del_rx(&p->kernel, p->own_spi, &e) && p->verbose)
			gsd_say(p, "removing receive SA 0x%08x: %s", p->own_spi, e.msg);
		rx_unlist(p, p->own_spi);
	}
	p->own_spi = 0;
	/* Section 2.5: dial again at once, then every 5 s. */
	conn_end(p, why, p->failures++ ? GSD_REDIAL_MS : 0);
}

/* Our next SPI and its key; 0 when the connection's SPIs are used up. */
static uint32_t next_spi(struct gsd_peer *p, uint8_t key[32])
{
	uint32_t spi = icx_spi(0, p->role, ++p->counter);

	if (!spi || icx_sa_key(&p->keys, spi, ICX_V0_AES128, key) != 16)
		return 0;
	return spi;
}

static void activate_tx(struct gsd_peer *p, const struct icx_install *in)
{
	uint32_t lifetime = icx_sa_lifetime(p->cfg.interval);
	struct gs_nl_error e = { 0 };

	/* A refusal is logged and swallowed (section 5.6): the old keys
	 * stay in use until the next exchange.
	 */
	if (gsd_sa_activate_tx(&p->kernel, in->tx_spi, in->tx_key, lifetime, 0, &e))
		gsd_say(p, "transmit SA 0x%08x refused by the device: %s", in->tx_spi,
		    e.msg);
	else
		gsd_say(p, "rekeyed: receiving on SPI 0x%08x, sending to SPI 0x%08x",
		    in->rx_spi, in->tx_spi);
}

/*
 * Phase one for our SPI (section 5.4): its receive SA, before the peer can
 * send under it; then the frame that offers it. The key is wiped.
 */
static void offer_own_spi(struct gsd_peer *p, uint8_t key[32],
			  uint8_t frame[ICX_OFFER_FRAME_LEN])
{
	uint32_t lifetime = icx_sa_lifetime(p->cfg.interval);
	struct gs_nl_error e = { 0 }, e2;
	int err;

	err = gsd_sa_add_rx(&p->kernel, p->own_spi, key, lifetime, &e);
	/*
	 * The device keeps four receive SAs; the ones we superseded stay in
	 * their grace period (30 s by default). Rekeying faster than that
	 * fills the slots: the oldest of ours goes, its peer long past it.
	 */
	while (err && e.err == -ENOSPC && p->n_rx) {
		if (p->verbose)
			gsd_say(p, "no room for a receive SA: removing 0x%08x", p->rx_spis[0]);
		gsd_sa_del_rx(&p->kernel, p->rx_spis[0], &e2);
		rx_forget(p, 0);
		err = gsd_sa_add_rx(&p->kernel, p->own_spi, key, lifetime, &e);
	}
	/* A refusal is logged and swallowed (section 5.6). */
	if (err)
		gsd_say(p, "receive SA 0x%08x refused by the device: %s", p->own_spi,
		    e.msg);
	else
		rx_remember(p, p->own_spi);
	icx_wipe(key, 32);
	icx_offer_encode(p->own_spi, frame);
}

/* Initiator, section 5.4 steps 1 to 3. */
static void exchange_start(struct gsd_peer *p)
{
	uint8_t key[32], frame[ICX_OFFER_FRAME_LEN];

	p->own_spi = next_spi(p, key);
	if (!p->own_spi) {
		icx_wipe(key, sizeof(key));
		exchange_failed(p, "SPI space used up");
		return;
	}
	offer_own_spi(p, key, frame);
	if (icx_quic_exchange_open(p->q, frame, sizeof(frame))) {
		exchange_failed(p, icx_quic_error(p->q));
		return;
	}
	if (p->verbose)
		gsd_say(p, "offer sent: SPI 0x%08x", p->own_spi);
	p->xs = X_AWAIT_REPLY;
	p->deadline = gsd_now_ms() + GSD_EXCHANGE_TIMEOUT_MS;
}

/*
 * The peer's frame on the exchange stream, once there is a verdict on it:
 * false while it may still be coming.
 */
static bool offer_ready(struct gsd_peer *p, struct icx_offer *o,
			enum icx_verdict *v)
{
	const uint8_t *data;
	size_t len;
	bool fin;

	if (icx_quic_exchange_received(p->q, &data, &len, &fin) < 0)
		return false;
	*v = icx_offer_decode(data, len, o);
	return *v != ICX_SHORT || fin;
}

static void initiator_step(struct gsd_peer *p)
{
	struct icx_install in;
	enum icx_verdict verdict;
	struct icx_offer o;
	int v;

	if (p->xs == X_IDLE && gsd_now_ms() >= p->next_rekey) {
		exchange_start(p);
		return;
	}
	if (p->xs != X_AWAIT_REPLY)
		return;
	if (!offer_ready(p, &o, &verdict)) {
		if (gsd_now_ms() >= p->deadline)
			exchange_failed(p, "no answer within 10 s");
		return;
	}
	v = verdict;
	if (v == ICX_OK)
		v = icx_exchange_finish(&p->keys, ICX_INITIATOR, p->own_spi, &o,
					&p->history, &in);
	if (v) {
		exchange_failed(p, v < 0 ? "out of memory" : icx_verdict_str(v));
		return;
	}
	activate_tx(p, &in);
	icx_wipe(&in, sizeof(in));
	p->failures = 0;
	p->own_spi = 0;
	p->xs = X_IDLE;
	p->next_rekey = gsd_now_ms() + 1000ULL * p->cfg.interval;
}

/* Responder, section 5.4: receive SA before the reply, transmit after. */
static void responder_step(struct gsd_peer *p)
{
	uint8_t key[32], frame[ICX_OFFER_FRAME_LEN];
	enum icx_verdict verdict;
	const uint8_t *data;
	struct icx_offer o;
	int64_t stream;
	size_t len;
	bool fin;
	int v;

	stream = icx_quic_exchange_received(p->q, &data, &len, &fin);
	if (p->xs == X_AWAIT_FIN) {
		/* The initiator ends its side once it has read our reply. */
		if (stream != p->stream || fin || gsd_now_ms() >= p->deadline) {
			activate_tx(p, &p->pending);
			icx_wipe(&p->pending, sizeof(p->pending));
			p->failures = 0;
			p->xs = X_IDLE;
		}
		if (stream == p->stream)
			return;
	}
	if (stream < 0 || stream == p->stream)
		return;
	if (!offer_ready(p, &o, &verdict))
		return;
	v = verdict;
	p->stream = stream;
	p->own_spi = v ? 0 : next_spi(p, key);
	if (!v && !p->own_spi)
		v = ICX_ZERO_SPI;
	if (!v)
		v = icx_exchange_finish(&p->keys, ICX_RESPONDER, p->own_spi, &o,
					&p->history, &p->pending);
	if (v) {
		icx_wipe(key, sizeof(key));
		exchange_failed(p, v < 0 ? "out of memory" : icx_verdict_str(v));
		return;
	}
	offer_own_spi(p, key, frame);
	if (icx_quic_exchange_reply(p->q, frame, sizeof(frame))) {
		exchange_failed(p, icx_quic_error(p->q));
		return;
	}
	if (p->verbose)
		gsd_say(p, "offer 0x%08x answered with 0x%08x", o.rx_spi, p->own_spi);
	p->own_spi = 0;
	p->xs = X_AWAIT_FIN;
	p->deadline = gsd_now_ms() + GSD_REPLY_FIN_WAIT_MS;
}

/* After every event: keys once established, then the exchanges. */
static void conn_step(struct gsd_peer *p)
{
	uint8_t root[ICX_ROOT_LEN];

	if (!p->q)
		return;
	if (icx_quic_error(p->q)[0]) {
		if (p->xs != X_IDLE)
			exchange_failed(p, icx_quic_error(p->q));
		else	/* (the peer stopped, or went silent) */
			conn_end(p, icx_quic_error(p->q),
				 p->failures++ ? GSD_REDIAL_MS : 0);
		return;
	}
	if (!icx_quic_established(p->q))
		return;
	if (!p->keyed) {
		if (icx_quic_root(p->q, root)) {
			exchange_failed(p, "exporter failure");
			return;
		}
		icx_master_keys(root, &p->keys);
		icx_wipe(root, sizeof(root));
		p->keyed = true;
		p->stream = -1;
		p->next_rekey = gsd_now_ms();
		gsd_say(p, "connected to the pinned peer as %s",
		    p->role == ICX_INITIATOR ? "initiator" : "responder");
	}
	if (p->role == ICX_INITIATOR)
		initiator_step(p);
	else
		responder_step(p);
	if (p->q)
		icx_quic_flush(p->q);
}

/*
 * The device's word on our transmit SA. A rekey request or an expiry
 * asks for an exchange now; a transmit SA killed by a VM fork or before
 * hibernation means this machine may be a copy whose connection's keys
 * the original also holds: only a fresh handshake gives keys of its own.
 * The responder cannot start an exchange: it ends the connection, and the
 * initiator connects again.
 */
void gsd_peer_device_events(struct gsd_peer *p)
{
	enum gsd_event ev = gsd_kernel_events(&p->kernel);

	if (ev == GSD_EV_NONE)
		return;
	if (ev == GSD_EV_TX_KILLED) {
		gsd_say(p, "the transmit SA was killed (VM fork or hibernation): new handshake");
		conn_end(p, "transmit SA killed", 0);
		return;
	}
	gsd_say(p, "the device asks for a new transmit SA (%s)",
	    ev == GSD_EV_REKEY ? "rekey request" : "it expired");
	if (p->role == ICX_INITIATOR)
		p->next_rekey = gsd_now_ms();
	else if (p->xs == X_IDLE)
		conn_end(p, "rekey needed", 0);
}


/* ---- setting up and taking down -------------------------------------- */

int gsd_read_file(const char *path, char *buf, size_t size, bool private)
{
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* As icx: a key file others may read is refused. */
	if (private && (fstat(fd, &st) || (st.st_mode & 077))) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

/* As icx: a file whose name is the value, else the value itself. */
static int load_peer_key(struct gsd_peer *p)
{
	const char *why = NULL;
	char text[1024];

	if (gsd_read_file(p->cfg.peer_key, text, sizeof(text), false) < 0)
		snprintf(text, sizeof(text), "%s", p->cfg.peer_key);
	if (icx_peer_key_parse(text, p->spki, &why)) {
		gsd_say(p, "peer-key: %s", why);
		return -1;
	}
	return 0;
}

/* The control address: the endpoint's IP, the peer's control port. */
static int parse_endpoint(struct gsd_peer *p)
{
	struct sockaddr_in6 *a6 = (void *)&p->addr;
	struct sockaddr_in *a4 = (void *)&p->addr;
	struct gs_peer peer;

	/* (The endpoint's port is the data plane's, set on the device.) */
	if (gs_parse_peer(p->cfg.endpoint, &peer) || !peer.port)
		return -1;
	if (peer.family == AF_INET6) {
		a6->sin6_family = AF_INET6;
		memcpy(&a6->sin6_addr, peer.addr, 16);
		a6->sin6_port = htons(p->cfg.peer_control_port);
		p->addr_len = sizeof(*a6);
	} else {
		a4->sin_family = AF_INET;
		memcpy(&a4->sin_addr, peer.addr, 4);
		a4->sin_port = htons(p->cfg.peer_control_port);
		p->addr_len = sizeof(*a4);
	}
	return 0;
}

int gsd_peer_init(struct gsd_peer *p, const struct gsd_peer_cfg *cfg,
		  const struct icx_identity *id, const char *dev,
		  const char *tag, int verbose)
{
	struct gs_nl_error e = { 0 };
	int role;

	memset(p, 0, sizeof(*p));
	snprintf(p->tag, sizeof(p->tag), "%s", tag);
	p->verbose = verbose;
	p->stream = -1;
	if (gsd_peer_cfg_copy(&p->cfg, cfg)) {
		gsd_say(p, "out of memory");
		return -1;
	}
	if (parse_endpoint(p)) {
		gsd_say(p, "%s: not IP:PORT or [IPv6]:PORT", cfg->endpoint);
		goto fail;
	}
	if (load_peer_key(p))
		goto fail;
	role = icx_role_elect(id->spki, p->spki);
	if (role < 0) {
		gsd_say(p, "the peer's key is this host's own");
		goto fail;
	}
	p->role = role;
	if (gsd_kernel_open(&p->kernel, dev, cfg->vni, &e)) {
		gsd_say(p, "netlink: %s", e.msg[0] ? e.msg : strerror(-e.err));
		goto fail;
	}
	/* With routes given, the daemon sets the network up; else it keys
	 * the one configured before.
	 */
	if (cfg->n_routes) {
		if (gsd_net_setup(&p->kernel, cfg->endpoint, cfg->routes,
				  cfg->n_routes))
			goto fail_kernel;
		p->set_up_network = true;
	}
	if (gsd_net_check(&p->kernel, &e)) {
		gsd_say(p, "%s has no network %u (%s): configure it, or give allowed routes",
			dev, cfg->vni, e.msg[0] ? e.msg : strerror(-e.err));
		goto fail_kernel;
	}
	p->next_dial = gsd_now_ms();
	gsd_say(p, "%s, vni %u, %s, rekey every %u s, SA lifetime %u s", dev,
		cfg->vni, role == ICX_INITIATOR ? "initiator" : "responder",
		cfg->interval, icx_sa_lifetime(cfg->interval));
	return 0;
fail_kernel:
	gsd_kernel_close(&p->kernel);
fail:
	gsd_peer_cfg_free(&p->cfg);
	return -1;
}

void gsd_peer_free(struct gsd_peer *p, bool forget)
{
	struct gs_nl_error e = { 0 };

	conn_end(p, forget ? "the peer left the configuration" : "stopping", 0);
	if (forget && p->set_up_network && gsd_net_del(&p->kernel, &e))
		gsd_say(p, "deleting network %u: %s", p->cfg.vni,
			e.msg[0] ? e.msg : strerror(-e.err));
	gsd_kernel_close(&p->kernel);
	gsd_peer_cfg_free(&p->cfg);
	free(p);
}

bool gsd_peer_datagram(struct gsd_peer *p, const uint8_t *buf, size_t len,
		       const struct sockaddr *from, socklen_t from_len)
{
	if (!p->q || !icx_quic_owns(p->q, buf, len))
		return false;
	icx_quic_recv(p->q, buf, len, from, from_len);
	return true;
}

void gsd_peer_take(struct gsd_peer *p, struct icx_quic *q)
{
	if (p->q)
		conn_end(p, "the peer connected again", 0);
	p->q = q;
}

void gsd_peer_step(struct gsd_peer *p)
{
	uint64_t now = gsd_now_ms();

	if (p->role == ICX_INITIATOR && !p->q && now >= p->next_dial) {
		p->q = icx_quic_connect(&p->qcfg, (struct sockaddr *)&p->addr,
					p->addr_len);
		if (p->q)
			icx_quic_flush(p->q);
		else
			p->next_dial = now + GSD_REDIAL_MS;
	}
	if (p->q && !icx_quic_expiry_ms(p->q))
		icx_quic_on_expiry(p->q);
	conn_step(p);
}

/* @timeout, or less when @when (ms) comes first. */
static int until(uint64_t now, uint64_t when, int timeout)
{
	if (when <= now)
		return 0;
	return when - now < (uint64_t)timeout ? (int)(when - now) : timeout;
}

int gsd_peer_timeout(struct gsd_peer *p, int timeout)
{
	uint64_t now = gsd_now_ms();

	if (p->q && icx_quic_expiry_ms(p->q) < timeout)
		timeout = icx_quic_expiry_ms(p->q);
	if (p->role == ICX_INITIATOR && !p->q)
		timeout = until(now, p->next_dial, timeout);
	/* Exchanges under way are polled; the next rekey is a timer. */
	if (p->xs != X_IDLE)
		timeout = timeout > 50 ? 50 : timeout;
	else if (p->keyed && p->role == ICX_INITIATOR)
		timeout = until(now, p->next_rekey, timeout);
	return timeout;
}
