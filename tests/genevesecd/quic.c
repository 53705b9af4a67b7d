// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd's QUIC connection (tools/genevesecd/quic.c) between two
 * endpoints of this process on the loopback: with each side pinning the
 * other's key the handshake completes, both derive the same root secret,
 * and SA exchanges over streams (section 4.3) give both the same SAs;
 * with a wrong pin on either side neither gets a connection. Prints TAP.
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "quic.h"
#include "tap.h"


/* On 127.0.0.1, or with @wildcard on every address, as the daemon. */
static int udp_socket(struct icx_quic_cfg *cfg, bool wildcard)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_addr.s_addr = htonl(wildcard ? INADDR_ANY : INADDR_LOOPBACK);
	cfg->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (cfg->fd < 0 || icx_quic_want_dst(cfg->fd, AF_INET) ||
	    bind(cfg->fd, (struct sockaddr *)&a, sizeof(a)))
		return -1;
	cfg->local_len = sizeof(cfg->local);
	return getsockname(cfg->fd, (struct sockaddr *)&cfg->local,
			   &cfg->local_len);
}

struct run {
	struct icx_quic *client, *server;
	int client_done, server_done;	/* 1: established, -1: failed */
	bool settle;	/* only watch for failures, for a while */
};

/* One round: wait up to 10 ms, deliver datagrams, run timers. */
static void step(struct run *r, struct icx_quic_cfg *ccfg,
		 struct icx_quic_cfg *scfg)
{
	struct pollfd p[2] = {
		{ .fd = ccfg->fd, .events = POLLIN },
		{ .fd = scfg->fd, .events = POLLIN },
	};
	struct sockaddr_storage from, to;
	uint8_t buf[65536];
	socklen_t len;
	ssize_t got;

	poll(p, 2, 10);
	/* An established end still takes its datagrams: a close may come. */
	for (len = sizeof(from);
	     (got = icx_quic_recvmsg(scfg->fd, buf, sizeof(buf), &from, &len,
				     &to)) > 0;
	     len = sizeof(from)) {
		if (!r->server)
			r->server = icx_quic_accept(scfg, buf, got,
						    (struct sockaddr *)&from, len,
						    &to);
		else if (r->server_done != -1 &&
			 icx_quic_recv(r->server, buf, got,
				       (struct sockaddr *)&from, len))
			r->server_done = -1;
	}
	for (len = sizeof(from);
	     (got = recvfrom(ccfg->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &len)) > 0;
	     len = sizeof(from))
		if (r->client_done != -1 &&
		    icx_quic_recv(r->client, buf, got,
				  (struct sockaddr *)&from, len))
			r->client_done = -1;
	if (r->client_done != -1 && !icx_quic_expiry_ms(r->client) &&
	    icx_quic_on_expiry(r->client))
		r->client_done = -1;
	if (r->server && r->server_done != -1 &&
	    !icx_quic_expiry_ms(r->server) && icx_quic_on_expiry(r->server))
		r->server_done = -1;
	if (r->settle)
		return;
	if (!r->client_done && icx_quic_established(r->client))
		r->client_done = 1;
	if (r->server && !r->server_done && icx_quic_established(r->server))
		r->server_done = 1;
}

/* Rounds for at most @ms, until both ends are established or over. */
static void drive(struct run *r, struct icx_quic_cfg *ccfg,
		  struct icx_quic_cfg *scfg, int ms)
{
	int waited;

	for (waited = 0; waited < ms; waited += 10) {
		if (r->client_done && r->server_done && !r->settle)
			return;
		step(r, ccfg, scfg);
	}
}

/* Rounds until @q's exchange stream holds a whole offer, or 2 s. */
static enum icx_verdict await_offer(struct run *r, struct icx_quic_cfg *ccfg,
				    struct icx_quic_cfg *scfg,
				    struct icx_quic *q, struct icx_offer *o)
{
	enum icx_verdict v = ICX_SHORT;
	const uint8_t *data;
	size_t len;
	bool fin;
	int i;

	for (i = 0; i < 200; i++) {
		step(r, ccfg, scfg);
		if (q && icx_quic_exchange_received(q, &data, &len, &fin) >= 0) {
			v = icx_offer_decode(data, len, o);
			/* Go reads exactly the frame; more is an error. */
			if (v != ICX_SHORT && (v != ICX_OK || len == ICX_OFFER_FRAME_LEN))
				return v;
			if (fin)
				return v;
		}
	}
	return v;
}

/*
 * Section 4.3 over the connection: the initiator offers, the responder
 * answers; each derives its SA pair; they must be mirror images.
 */
static void exchanges(struct run *r, struct icx_quic_cfg *ccfg,
		      struct icx_quic_cfg *scfg)
{
	struct icx_spi_history hi = { 0 }, hr = { 0 };
	uint8_t root_i[ICX_ROOT_LEN], root_r[ICX_ROOT_LEN];
	struct icx_master_keys ki, kr;
	struct icx_install ii, ir, first = { 0 };
	uint8_t frame[ICX_OFFER_FRAME_LEN];
	struct icx_offer o;
	uint32_t counter;
	char name[96];

	icx_quic_root(r->client, root_i);
	icx_quic_root(r->server, root_r);
	icx_master_keys(root_i, &ki);
	icx_master_keys(root_r, &kr);
	for (counter = 1; counter <= 3; counter++) {
		uint32_t si = icx_spi(0, ICX_INITIATOR, counter);
		uint32_t sr = icx_spi(0, ICX_RESPONDER, counter);
		int ri, rr;

		icx_offer_encode(si, frame);
		ri = icx_quic_exchange_open(r->client, frame, sizeof(frame));
		rr = await_offer(r, ccfg, scfg, r->server, &o);
		icx_offer_encode(sr, frame);
		if (rr == ICX_OK)
			rr = icx_quic_exchange_reply(r->server, frame, sizeof(frame));
		if (rr == ICX_OK)
			rr = icx_exchange_finish(&kr, ICX_RESPONDER, sr, &o, &hr, &ir);
		if (ri == 0)
			ri = await_offer(r, ccfg, scfg, r->client, &o);
		if (ri == ICX_OK)
			ri = icx_exchange_finish(&ki, ICX_INITIATOR, si, &o, &hi, &ii);
		snprintf(name, sizeof(name), "exchange %u over stream %lld: mirror-image SAs",
			 counter, (long long)(counter - 1) * 4);
		ok(ri == ICX_OK && rr == ICX_OK && ii.rx_spi == si && ii.tx_spi == sr &&
		   ir.rx_spi == sr && ir.tx_spi == si &&
		   !memcmp(ii.tx_key, ir.rx_key, 16) && !memcmp(ii.rx_key, ir.tx_key, 16),
		   name);
		if (counter == 1)
			first = ii;
	}
	ok(memcmp(first.tx_key, ii.tx_key, 16) && first.tx_spi != ii.tx_spi,
	   "each exchange gives new SPIs and keys");

	/* A frame that is not an offer (8 bytes), then one cut short. */
	{
		static const uint8_t eight[] = { 0, 8, 1, 1, 0, 0, 0, 0, 1, 0 };

		icx_quic_exchange_open(r->client, eight, sizeof(eight));
		ok(await_offer(r, ccfg, scfg, r->server, &o) == ICX_NOT_AN_OFFER,
		   "an 8-byte payload on a stream: not an offer");
		icx_quic_exchange_open(r->client, eight, 6);
		ok(await_offer(r, ccfg, scfg, r->server, &o) == ICX_SHORT,
		   "a frame ended by FIN half-way: cut short");
	}
	icx_spi_history_free(&hi);
	icx_spi_history_free(&hr);
}

/*
 * A client @a pinning @a_pins dials a server @b pinning the @b_n keys of
 * @b_pins (several when the server's socket serves several peers). The server listens on
 * 127.0.0.1, or (@dial set) on every address, dialed at @dial: on the
 * loopback, its answer to 127.0.0.1 would leave from 127.0.0.1.
 */
static void handshake(const char *what, struct icx_identity *a,
		      struct icx_identity *b, const uint8_t *a_pins,
		      const uint8_t *b_pins, size_t b_n, int want_ok,
		      const char *dial)
{
	struct icx_quic_cfg ccfg = { .id = a, .pins = a_pins, .n_pins = 1 };
	struct icx_quic_cfg scfg = { .id = b, .pins = b_pins, .n_pins = b_n };
	uint8_t r1[ICX_ROOT_LEN], r2[ICX_ROOT_LEN];
	struct run r = { 0 };
	char name[128];

	if (udp_socket(&ccfg, false) || udp_socket(&scfg, dial)) {
		ok(0, "sockets");
		return;
	}
	if (dial)
		inet_pton(AF_INET, dial, &((struct sockaddr_in *)&scfg.local)->sin_addr);
	r.client = icx_quic_connect(&ccfg, (struct sockaddr *)&scfg.local,
				    scfg.local_len);
	if (r.client)
		icx_quic_flush(r.client);
	drive(&r, &ccfg, &scfg, 5000);
	if (want_ok) {
		snprintf(name, sizeof(name), "%s: both ends established", what);
		ok(r.client_done == 1 && r.server_done == 1, name);
		snprintf(name, sizeof(name), "%s: the same root on both ends", what);
		ok(r.client_done == 1 && r.server_done == 1 &&
		   !icx_quic_root(r.client, r1) && !icx_quic_root(r.server, r2) &&
		   !memcmp(r1, r2, sizeof(r1)), name);
		snprintf(name, sizeof(name), "%s: the server knows whose pin", what);
		ok(r.server_done == 1 &&
		   !memcmp(icx_quic_pinned_key(r.server), a->spki, ICX_SPKI_LEN), name);
		if (r.client_done == 1 && r.server_done == 1)
			exchanges(&r, &ccfg, &scfg);
	} else {
		/*
		 * In TLS 1.3 the client has finished before the server checks
		 * its certificate (section 1.5): a refused client learns it
		 * from the close that follows. Nothing may be installed on a
		 * handshake alone; the daemon waits for the first exchange.
		 */
		if (r.client_done == 1) {
			r.client_done = 0;
			r.settle = true;
			drive(&r, &ccfg, &scfg, 1000);
		}
		snprintf(name, sizeof(name), "%s: no connection on either end", what);
		ok(r.client_done == -1 && r.server_done != 1, name);
	}
	printf("#   client: %s; server: %s\n",
	       r.client ? icx_quic_error(r.client) : "none",
	       r.server ? icx_quic_error(r.server) : "none");
	icx_quic_free(r.client);
	icx_quic_free(r.server);
	close(ccfg.fd);
	close(scfg.fd);
}

int main(void)
{
	struct icx_identity a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	uint8_t pins[2 * ICX_SPKI_LEN];

	printf("TAP version 13\n");
	if (icx_identity_generate(&a) || icx_identity_generate(&b) ||
	    icx_identity_generate(&c) || icx_identity_generate(&d)) {
		printf("1..0 # SKIP no keys\n");
		return 1;
	}
	handshake("pinned keys", &a, &b, b.spki, a.spki, 1, 1, NULL);
	handshake("initiator pins another key", &a, &b, c.spki, a.spki, 1, 0, NULL);
	handshake("responder pins another key", &a, &b, b.spki, c.spki, 1, 0, NULL);
	/* A responder's socket serving two peers. */
	memcpy(pins, c.spki, ICX_SPKI_LEN);
	memcpy(pins + ICX_SPKI_LEN, a.spki, ICX_SPKI_LEN);
	handshake("a server pinning two peers", &a, &b, b.spki, pins, 2, 1, NULL);
	memcpy(pins + ICX_SPKI_LEN, d.spki, ICX_SPKI_LEN);
	handshake("a server pinning two others", &a, &b, b.spki, pins, 2, 0, NULL);
	/* A server on every address, dialed at one its answers would not
	 * leave from.
	 */
	handshake("a wildcard server dialed at 127.0.0.2", &a, &b, b.spki, a.spki, 1, 1,
		  "127.0.0.2");
	icx_identity_free(&a);
	icx_identity_free(&b);
	icx_identity_free(&c);
	icx_identity_free(&d);
	return tap_end();
}
