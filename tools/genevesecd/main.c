// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: keys and rekeys one genevesec network with one peer over
 * ICX's control plane (../shared/spec: icx-control-plane.md).
 *
 *   genevesecd [options] PEER-IP:PORT      run (see usage())
 *   genevesecd genkey [-o FILE] [--force]  a new identity, as icx genkey
 *   genevesecd pubkey [-i FILE]            its --peer-key form, as icx pubkey
 *
 * One process, one peer, one QUIC connection at a time. The peer whose
 * public key sorts lower initiates: it dials, runs an exchange at once
 * and then every rekey interval. Each exchange follows section 5.4: the
 * new receive SA is added before the peer can send under it, the new
 * transmit SA activated only when the peer can receive it. Any failure
 * closes the connection; the initiator dials again at once, then every
 * 5 s, and a new connection brings new master keys, so no key is ever
 * installed twice. Keys are never logged.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "exchange.h"
#include "identity.h"
#include "kernel.h"
#include "quic.h"

#define GSD_EXCHANGE_TIMEOUT_MS	10000	/* section 2.4's deadline */
#define GSD_REDIAL_MS		5000	/* section 2.5's back-off */
#define GSD_REPLY_FIN_WAIT_MS	1000	/* section 5.4, responder step 4 */

struct gsd {
	/* Configuration. */
	const char *dev;
	uint32_t vni;
	uint32_t interval;		/* seconds */
	uint16_t control_port, peer_control_port;
	int verbose;
	struct sockaddr_storage peer;	/* the peer's control address */
	socklen_t peer_len;
	struct icx_identity id;
	uint8_t peer_spki[ICX_SPKI_LEN];
	enum icx_role role;
	struct gsd_kernel kernel;
	struct icx_quic_cfg qcfg;

	/* The connection and its exchanges. */
	struct icx_quic *q;
	/* Responder: a new connection, until its handshake proves the pin. */
	struct icx_quic *next_q;
	bool keyed;			/* master keys derived */
	struct icx_master_keys keys;
	struct icx_spi_history history;
	uint32_t counter;		/* our SPIs' on this connection */
	enum { X_IDLE, X_AWAIT_REPLY, X_AWAIT_FIN } xs;
	uint32_t own_spi;
	int64_t stream;			/* the exchange's (responder) */
	struct icx_install pending;	/* responder: activated after FIN */
	uint64_t deadline, next_rekey, next_dial;
	unsigned int failures;		/* in a row, for the back-off */
	/* Our receive SAs on the device, oldest first (across connections). */
	uint32_t rx_spis[8];
	unsigned int n_rx;
};

static volatile sig_atomic_t gsd_stop, gsd_hup;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("genevesecd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- the connection -------------------------------------------------- */

/* Ends the connection; the initiator dials again after @redial_ms. */
static void conn_end(struct gsd *g, const char *why, uint64_t redial_ms)
{
	if (g->q) {
		say("connection ended: %s", why);
		icx_quic_close(g->q);
		icx_quic_free(g->q);
		g->q = NULL;
	}
	icx_wipe(&g->keys, sizeof(g->keys));
	icx_wipe(&g->pending, sizeof(g->pending));
	icx_spi_history_free(&g->history);
	g->keyed = false;
	g->counter = 0;
	g->xs = X_IDLE;
	g->next_dial = now_ms() + redial_ms;
}

static void rx_forget(struct gsd *g, unsigned int i)
{
	memmove(&g->rx_spis[i], &g->rx_spis[i + 1],
		(--g->n_rx - i) * sizeof(g->rx_spis[0]));
}

/* @spi out of the list, wherever it is. */
static void rx_unlist(struct gsd *g, uint32_t spi)
{
	unsigned int i;

	for (i = 0; i < g->n_rx; i++)
		if (g->rx_spis[i] == spi)
			rx_forget(g, i--);
}

static void rx_remember(struct gsd *g, uint32_t spi)
{
	rx_unlist(g, spi);
	if (g->n_rx == ARRAY_SIZE(g->rx_spis))
		rx_forget(g, 0);
	g->rx_spis[g->n_rx++] = spi;
}

/* The exchange failed: its receive SA goes, and the connection with it. */
static void exchange_failed(struct gsd *g, const char *why)
{
	struct gs_nl_error e = { 0 };

	say("exchange failed: %s", why);
	/* Our receive SA of the exchange: the peer never got to use it. */
	if (g->own_spi) {
		if (gsd_sa_del_rx(&g->kernel, g->own_spi, &e) && g->verbose)
			say("removing receive SA 0x%08x: %s", g->own_spi, e.msg);
		rx_unlist(g, g->own_spi);
	}
	g->own_spi = 0;
	/* Section 2.5: dial again at once, then every 5 s. */
	conn_end(g, why, g->failures++ ? GSD_REDIAL_MS : 0);
}

/* Our next SPI and its key; 0 when the connection's SPIs are used up. */
static uint32_t next_spi(struct gsd *g, uint8_t key[32])
{
	uint32_t spi = icx_spi(0, g->role, ++g->counter);

	if (!spi || icx_sa_key(&g->keys, spi, ICX_V0_AES128, key) != 16)
		return 0;
	return spi;
}

static void activate_tx(struct gsd *g, const struct icx_install *in)
{
	uint32_t lifetime = icx_sa_lifetime(g->interval);
	struct gs_nl_error e = { 0 };

	/* A refusal is logged and swallowed (section 5.6): the old keys
	 * stay in use until the next exchange.
	 */
	if (gsd_sa_activate_tx(&g->kernel, in->tx_spi, in->tx_key, lifetime, 0, &e))
		say("transmit SA 0x%08x refused by the device: %s", in->tx_spi,
		    e.msg);
	else
		say("rekeyed: receiving on SPI 0x%08x, sending to SPI 0x%08x",
		    in->rx_spi, in->tx_spi);
}

/*
 * Phase one for our SPI (section 5.4): its receive SA, before the peer can
 * send under it; then the frame that offers it. The key is wiped.
 */
static void offer_own_spi(struct gsd *g, uint8_t key[32],
			  uint8_t frame[ICX_OFFER_FRAME_LEN])
{
	uint32_t lifetime = icx_sa_lifetime(g->interval);
	struct gs_nl_error e = { 0 }, e2;
	int err;

	err = gsd_sa_add_rx(&g->kernel, g->own_spi, key, lifetime, &e);
	/*
	 * The device keeps four receive SAs; the ones we superseded stay in
	 * their grace period (30 s by default). Rekeying faster than that
	 * fills the slots: the oldest of ours goes, its peer long past it.
	 */
	while (err && e.err == -ENOSPC && g->n_rx) {
		if (g->verbose)
			say("no room for a receive SA: removing 0x%08x", g->rx_spis[0]);
		gsd_sa_del_rx(&g->kernel, g->rx_spis[0], &e2);
		rx_forget(g, 0);
		err = gsd_sa_add_rx(&g->kernel, g->own_spi, key, lifetime, &e);
	}
	/* A refusal is logged and swallowed (section 5.6). */
	if (err)
		say("receive SA 0x%08x refused by the device: %s", g->own_spi,
		    e.msg);
	else
		rx_remember(g, g->own_spi);
	icx_wipe(key, 32);
	icx_offer_encode(g->own_spi, frame);
}

/* Initiator, section 5.4 steps 1 to 3. */
static void exchange_start(struct gsd *g)
{
	uint8_t key[32], frame[ICX_OFFER_FRAME_LEN];

	g->own_spi = next_spi(g, key);
	if (!g->own_spi) {
		icx_wipe(key, sizeof(key));
		exchange_failed(g, "SPI space used up");
		return;
	}
	offer_own_spi(g, key, frame);
	if (icx_quic_exchange_open(g->q, frame, sizeof(frame))) {
		exchange_failed(g, icx_quic_error(g->q));
		return;
	}
	if (g->verbose)
		say("offer sent: SPI 0x%08x", g->own_spi);
	g->xs = X_AWAIT_REPLY;
	g->deadline = now_ms() + GSD_EXCHANGE_TIMEOUT_MS;
}

/*
 * The peer's frame on the exchange stream, once there is a verdict on it:
 * false while it may still be coming.
 */
static bool offer_ready(struct gsd *g, struct icx_offer *o,
			enum icx_verdict *v)
{
	const uint8_t *data;
	size_t len;
	bool fin;

	if (icx_quic_exchange_received(g->q, &data, &len, &fin) < 0)
		return false;
	*v = icx_offer_decode(data, len, o);
	return *v != ICX_SHORT || fin;
}

static void initiator_step(struct gsd *g)
{
	struct icx_install in;
	enum icx_verdict verdict;
	struct icx_offer o;
	int v;

	if (g->xs == X_IDLE && now_ms() >= g->next_rekey) {
		exchange_start(g);
		return;
	}
	if (g->xs != X_AWAIT_REPLY)
		return;
	if (!offer_ready(g, &o, &verdict)) {
		if (now_ms() >= g->deadline)
			exchange_failed(g, "no answer within 10 s");
		return;
	}
	v = verdict;
	if (v == ICX_OK)
		v = icx_exchange_finish(&g->keys, ICX_INITIATOR, g->own_spi, &o,
					&g->history, &in);
	if (v) {
		exchange_failed(g, v < 0 ? "out of memory" : icx_verdict_str(v));
		return;
	}
	activate_tx(g, &in);
	icx_wipe(&in, sizeof(in));
	g->failures = 0;
	g->own_spi = 0;
	g->xs = X_IDLE;
	g->next_rekey = now_ms() + 1000ULL * g->interval;
}

/* Responder, section 5.4: receive SA before the reply, transmit after. */
static void responder_step(struct gsd *g)
{
	uint8_t key[32], frame[ICX_OFFER_FRAME_LEN];
	enum icx_verdict verdict;
	const uint8_t *data;
	struct icx_offer o;
	int64_t stream;
	size_t len;
	bool fin;
	int v;

	stream = icx_quic_exchange_received(g->q, &data, &len, &fin);
	if (g->xs == X_AWAIT_FIN) {
		/* The initiator ends its side once it has read our reply. */
		if (stream != g->stream || fin || now_ms() >= g->deadline) {
			activate_tx(g, &g->pending);
			icx_wipe(&g->pending, sizeof(g->pending));
			g->failures = 0;
			g->xs = X_IDLE;
		}
		if (stream == g->stream)
			return;
	}
	if (stream < 0 || stream == g->stream)
		return;
	if (!offer_ready(g, &o, &verdict))
		return;
	v = verdict;
	g->stream = stream;
	g->own_spi = v ? 0 : next_spi(g, key);
	if (!v && !g->own_spi)
		v = ICX_ZERO_SPI;
	if (!v)
		v = icx_exchange_finish(&g->keys, ICX_RESPONDER, g->own_spi, &o,
					&g->history, &g->pending);
	if (v) {
		icx_wipe(key, sizeof(key));
		exchange_failed(g, v < 0 ? "out of memory" : icx_verdict_str(v));
		return;
	}
	offer_own_spi(g, key, frame);
	if (icx_quic_exchange_reply(g->q, frame, sizeof(frame))) {
		exchange_failed(g, icx_quic_error(g->q));
		return;
	}
	if (g->verbose)
		say("offer 0x%08x answered with 0x%08x", o.rx_spi, g->own_spi);
	g->own_spi = 0;
	g->xs = X_AWAIT_FIN;
	g->deadline = now_ms() + GSD_REPLY_FIN_WAIT_MS;
}

/* After every event: keys once established, then the exchanges. */
static void conn_step(struct gsd *g)
{
	uint8_t root[ICX_ROOT_LEN];

	if (!g->q)
		return;
	if (icx_quic_error(g->q)[0]) {
		if (g->xs != X_IDLE)
			exchange_failed(g, icx_quic_error(g->q));
		else	/* (the peer stopped, or went silent) */
			conn_end(g, icx_quic_error(g->q),
				 g->failures++ ? GSD_REDIAL_MS : 0);
		return;
	}
	if (!icx_quic_established(g->q))
		return;
	if (!g->keyed) {
		if (icx_quic_root(g->q, root)) {
			exchange_failed(g, "exporter failure");
			return;
		}
		icx_master_keys(root, &g->keys);
		icx_wipe(root, sizeof(root));
		g->keyed = true;
		g->stream = -1;
		g->next_rekey = now_ms();
		say("connected to the pinned peer as %s",
		    g->role == ICX_INITIATOR ? "initiator" : "responder");
	}
	if (g->role == ICX_INITIATOR)
		initiator_step(g);
	else
		responder_step(g);
	if (g->q)
		icx_quic_flush(g->q);
}

static void datagram(struct gsd *g, const uint8_t *buf, size_t len,
		     const struct sockaddr *from, socklen_t from_len)
{
	struct icx_quic *q;

	if (g->q && icx_quic_owns(g->q, buf, len)) {
		icx_quic_recv(g->q, buf, len, from, from_len);
		return;
	}
	if (g->next_q && icx_quic_owns(g->next_q, buf, len)) {
		icx_quic_recv(g->next_q, buf, len, from, from_len);
		return;
	}
	if (g->role != ICX_RESPONDER)
		return;
	/*
	 * A new connection: the peer restarted, or lost the old one. It
	 * replaces the old only once its handshake has proved the pin
	 * (next_step()): anyone can send an Initial.
	 */
	q = icx_quic_accept(&g->qcfg, buf, len, from, from_len);
	if (!q)
		return;
	icx_quic_free(g->next_q);
	g->next_q = q;
}

/* Responder: a new connection that proved the pin takes over. */
static void next_step(struct gsd *g)
{
	if (!g->next_q)
		return;
	if (icx_quic_error(g->next_q)[0]) {
		if (g->verbose)
			say("a new connection failed: %s", icx_quic_error(g->next_q));
		icx_quic_free(g->next_q);
		g->next_q = NULL;
		return;
	}
	if (!icx_quic_established(g->next_q))
		return;
	if (g->q)
		conn_end(g, "the peer connected again", 0);
	g->q = g->next_q;
	g->next_q = NULL;
}

/*
 * The device's word on our transmit SA. A rekey request or an expiry
 * asks for an exchange now; a transmit SA killed by a VM fork or before
 * hibernation means this machine may be a copy whose connection's keys
 * the original also holds: only a fresh handshake gives keys of its own.
 * The responder cannot start an exchange: it ends the connection, and the
 * initiator connects again.
 */
static void device_events(struct gsd *g)
{
	enum gsd_event ev = gsd_kernel_events(&g->kernel);

	if (ev == GSD_EV_NONE)
		return;
	if (ev == GSD_EV_TX_KILLED) {
		say("the transmit SA was killed (VM fork or hibernation): new handshake");
		conn_end(g, "transmit SA killed", 0);
		return;
	}
	say("the device asks for a new transmit SA (%s)",
	    ev == GSD_EV_REKEY ? "rekey request" : "it expired");
	if (g->role == ICX_INITIATOR)
		g->next_rekey = now_ms();
	else if (g->xs == X_IDLE)
		conn_end(g, "rekey needed", 0);
}

static int run(struct gsd *g)
{
	struct sockaddr_storage from;
	uint8_t buf[65536];
	socklen_t from_len;
	ssize_t got;

	g->next_dial = now_ms();
	while (!gsd_stop) {
		struct pollfd p[2] = {
			{ .fd = g->qcfg.fd, .events = POLLIN },
			{ .fd = gsd_kernel_events_fd(&g->kernel), .events = POLLIN },
		};
		int timeout = 1000;
		uint64_t now = now_ms();

		if (g->role == ICX_INITIATOR && !g->q && now >= g->next_dial) {
			g->q = icx_quic_connect(&g->qcfg, (struct sockaddr *)&g->peer,
						g->peer_len);
			if (g->q)
				icx_quic_flush(g->q);
			else
				g->next_dial = now + GSD_REDIAL_MS;
		}
		if (g->q && icx_quic_expiry_ms(g->q) < timeout)
			timeout = icx_quic_expiry_ms(g->q);
		if (g->next_q && icx_quic_expiry_ms(g->next_q) < timeout)
			timeout = icx_quic_expiry_ms(g->next_q);
		/* Exchanges under way are polled; the next rekey is a timer. */
		if (g->xs != X_IDLE)
			timeout = timeout > 50 ? 50 : timeout;
		else if (g->keyed && g->role == ICX_INITIATOR)
			timeout = g->next_rekey <= now ? 0 :
				  g->next_rekey - now < (uint64_t)timeout ?
				  (int)(g->next_rekey - now) : timeout;
		if (poll(p, 2, timeout) < 0 && errno != EINTR)
			return -1;
		if (p[1].revents)
			device_events(g);
		if (gsd_hup) {
			/* (Not the default: that would end the tunnel's keying.) */
			say("SIGHUP: nothing to reload, the configuration is the command line");
			gsd_hup = 0;
		}
		for (;;) {
			from_len = sizeof(from);
			got = recvfrom(g->qcfg.fd, buf, sizeof(buf), MSG_DONTWAIT,
				       (struct sockaddr *)&from, &from_len);
			if (got <= 0)
				break;
			datagram(g, buf, got, (struct sockaddr *)&from, from_len);
		}
		if (g->q && !icx_quic_expiry_ms(g->q))
			icx_quic_on_expiry(g->q);
		if (g->next_q && !icx_quic_expiry_ms(g->next_q))
			icx_quic_on_expiry(g->next_q);
		next_step(g);
		conn_step(g);
	}
	conn_end(g, "stopping", 0);
	icx_quic_free(g->next_q);
	return 0;
}

/* ---- configuration ---------------------------------------------------- */

static int read_file(const char *path, char *buf, size_t size, bool private)
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

static int load_identity(struct icx_identity *id, const char *path)
{
	const char *why = NULL;
	char pem[4096];
	int n = read_file(path, pem, sizeof(pem), true);

	if (n < 0) {
		say("%s: %s%s", path, strerror(errno),
		    errno == EPERM ? " (the key file must be mode 0600)" : "");
		return -1;
	}
	if (icx_identity_from_pem(id, pem, n, &why)) {
		say("%s: %s", path, why);
		return -1;
	}
	icx_wipe(pem, sizeof(pem));
	return 0;
}

/* As icx: a file whose name is the value, else the value itself. */
static int load_peer_key(uint8_t spki[ICX_SPKI_LEN], const char *arg)
{
	const char *why = NULL;
	char text[1024];

	if (read_file(arg, text, sizeof(text), false) < 0)
		snprintf(text, sizeof(text), "%s", arg);
	if (icx_peer_key_parse(text, spki, &why)) {
		say("--peer-key: %s", why);
		return -1;
	}
	return 0;
}

static int parse_peer(struct gsd *g, const char *arg)
{
	char host[INET6_ADDRSTRLEN + 2], *colon;
	struct sockaddr_in6 *a6 = (void *)&g->peer;
	struct sockaddr_in *a4 = (void *)&g->peer;

	snprintf(host, sizeof(host), "%s", arg);
	colon = strrchr(host, ':');
	if (!colon)
		return -1;
	*colon = 0;
	/* (The port after the colon is the data plane's, set on the device.) */
	if (host[0] == '[' && colon[-1] == ']') {
		colon[-1] = 0;
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -1;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(g->peer_control_port);
		g->peer_len = sizeof(*a6);
	} else {
		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return -1;
		a4->sin_family = AF_INET;
		a4->sin_port = htons(g->peer_control_port);
		g->peer_len = sizeof(*a4);
	}
	return 0;
}

/* A wildcard socket on the control port, of the peer's family. */
static int open_socket(struct gsd *g)
{
	struct icx_quic_cfg *c = &g->qcfg;
	int family = g->peer.ss_family;

	memset(&c->local, 0, sizeof(c->local));
	c->local.ss_family = family;
	if (family == AF_INET6) {
		((struct sockaddr_in6 *)&c->local)->sin6_port = htons(g->control_port);
		c->local_len = sizeof(struct sockaddr_in6);
	} else {
		((struct sockaddr_in *)&c->local)->sin_port = htons(g->control_port);
		c->local_len = sizeof(struct sockaddr_in);
	}
	c->fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || bind(c->fd, (struct sockaddr *)&c->local, c->local_len)) {
		say("control port %u: %s", g->control_port, strerror(errno));
		return -1;
	}
	return 0;
}

static void usage(FILE *f)
{
	fputs("usage: genevesecd [options] PEER-IP:PORT\n"
	      "       genevesecd genkey [-o FILE] [--force]\n"
	      "       genevesecd pubkey [-i FILE]\n"
	      "options:\n"
	      "  -k, --key FILE              this host's identity (mode 0600)\n"
	      "  -P, --peer-key KEY|FILE     the peer's public key (icx pubkey)\n"
	      "  -d, --device NAME           the genevesec device (gs0)\n"
	      "      --vni N                 the network (1)\n"
	      "      --rekey-interval SECONDS  between exchanges (120)\n"
	      "      --allowed-route LOCAL=REMOTE  set up the network with these\n"
	      "                              cryptokey routes (repeatable); without,\n"
	      "                              the network must exist\n"
	      "      --control-port PORT     (6082)\n"
	      "      --peer-control-port PORT  (the control port)\n"
	      "  -v, --verbose               protocol traces\n", f);
}

/* ---- genkey, pubkey --------------------------------------------------- */

static int cmd_genkey(int argc, char **argv)
{
	const char *out = NULL;
	struct icx_identity id = { 0 };
	char pem[300], b64[ICX_PEER_KEY_B64_LEN + 1];
	bool force = false;
	int i, n, fd;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force"))
			force = true;
		else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--identity-key")) &&
			 i + 1 < argc)
			out = argv[++i];
		else
			return usage(stderr), 2;
	}
	if (icx_identity_generate(&id))
		return say("cannot generate a key"), 1;
	n = icx_identity_to_pem(&id, pem, sizeof(pem));
	icx_spki_to_base64(id.spki, b64);
	icx_identity_free(&id);
	if (!out) {
		fputs(pem, stdout);
		icx_wipe(pem, sizeof(pem));
		return 0;
	}
	fd = open(out, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL),
		  0600);
	if (fd < 0 || write(fd, pem, n) != n || close(fd)) {
		icx_wipe(pem, sizeof(pem));
		return say("%s: %s", out, strerror(errno)), 1;
	}
	icx_wipe(pem, sizeof(pem));
	fprintf(stderr, "wrote identity key to %s\n"
		"public key (share as the peer's --peer-key):\n%s\n", out, b64);
	return 0;
}

static int cmd_pubkey(int argc, char **argv)
{
	char pem[4096], b64[ICX_PEER_KEY_B64_LEN + 1];
	struct icx_identity id = { 0 };
	const char *why = NULL;
	ssize_t n;

	if (argc == 3 && (!strcmp(argv[1], "-i") ||
			  !strcmp(argv[1], "--identity-key"))) {
		n = read_file(argv[2], pem, sizeof(pem), false);
		if (n < 0)
			return say("%s: %s", argv[2], strerror(errno)), 1;
	} else if (argc == 1) {
		n = fread(pem, 1, sizeof(pem) - 1, stdin);
		pem[n] = 0;
	} else {
		return usage(stderr), 2;
	}
	if (icx_identity_from_pem(&id, pem, n, &why))
		return say("%s", why), 1;
	icx_wipe(pem, sizeof(pem));
	icx_spki_to_base64(id.spki, b64);
	icx_identity_free(&id);
	printf("%s\n", b64);
	return 0;
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		gsd_hup = 1;
	else
		gsd_stop = 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "peer-key", required_argument, NULL, 'P' },
		{ "device", required_argument, NULL, 'd' },
		{ "vni", required_argument, NULL, 'n' },
		{ "rekey-interval", required_argument, NULL, 'r' },
		{ "control-port", required_argument, NULL, 'c' },
		{ "peer-control-port", required_argument, NULL, 'p' },
		{ "allowed-route", required_argument, NULL, 'a' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct gsd g = {
		.dev = "gs0", .vni = 1, .interval = 120, .control_port = 6082,
	};
	const char *key = NULL, *peer_key = NULL;
	char **routes = NULL;
	int n_routes = 0;
	struct gs_nl_error e = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	int c, role;

	if (argc > 1 && !strcmp(argv[1], "genkey"))
		return cmd_genkey(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "pubkey"))
		return cmd_pubkey(argc - 1, argv + 1);
	while ((c = getopt_long(argc, argv, "k:P:d:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = optarg; break;
		case 'P': peer_key = optarg; break;
		case 'd': g.dev = optarg; break;
		case 'n': g.vni = strtoul(optarg, NULL, 0); break;
		case 'r': g.interval = strtoul(optarg, NULL, 0); break;
		case 'c': g.control_port = strtoul(optarg, NULL, 0); break;
		case 'p': g.peer_control_port = strtoul(optarg, NULL, 0); break;
		case 'a':
			routes = realloc(routes, (n_routes + 1) * sizeof(*routes));
			if (!routes)
				return 1;
			routes[n_routes++] = optarg;
			break;
		case 'v': g.verbose++; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!g.peer_control_port)
		g.peer_control_port = g.control_port;
	if (optind + 1 != argc || !key || !peer_key || !g.interval ||
	    !g.vni || g.vni > 0xffffff) {
		usage(stderr);
		return 2;
	}
	if (parse_peer(&g, argv[optind])) {
		say("%s: not IP:PORT or [IPv6]:PORT", argv[optind]);
		return 2;
	}
	if (load_identity(&g.id, key) || load_peer_key(g.peer_spki, peer_key))
		return 1;
	role = icx_role_elect(g.id.spki, g.peer_spki);
	if (role < 0) {
		say("the peer's key is this host's own");
		return 1;
	}
	g.role = role;
	if (getenv("SSLKEYLOGFILE"))
		say("warning: SSLKEYLOGFILE is set: GnuTLS writes the TLS secrets to it, "
		    "which decrypt the control plane and so give the SA keys; "
		    "for debugging captures only");
	if (gsd_kernel_open(&g.kernel, g.dev, g.vni, &e)) {
		say("netlink: %s", e.msg[0] ? e.msg : strerror(-e.err));
		return 1;
	}
	/* With routes given, the daemon sets the network up; else it keys
	 * the one configured before.
	 */
	if (n_routes && gsd_net_setup(&g.kernel, argv[optind], routes, n_routes))
		return 1;
	if (gsd_net_check(&g.kernel, &e)) {
		say("%s has no network %u (%s): configure it, or give --allowed-route",
		    g.dev, g.vni, e.msg[0] ? e.msg : strerror(-e.err));
		return 1;
	}
	free(routes);
	g.qcfg.id = &g.id;
	g.qcfg.peer_spki = g.peer_spki;
	if (open_socket(&g))
		return 1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	say("%s, vni %u, %s, rekey every %u s, SA lifetime %u s", g.dev, g.vni,
	    role == ICX_INITIATOR ? "initiator" : "responder", g.interval,
	    icx_sa_lifetime(g.interval));
	run(&g);
	gsd_kernel_close(&g.kernel);
	icx_identity_free(&g.id);
	close(g.qcfg.fd);
	return 0;
}
