/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genevesecd: one peer, its network on the device and its QUIC connection,
 * keyed and rekeyed as icx-control-plane.md sections 2, 4 and 5 say. The
 * daemon (main.c) owns the sockets, which several peers may share, and
 * hands each peer the datagrams and connections that are its own.
 */
#ifndef GENEVESECD_PEER_H
#define GENEVESECD_PEER_H

#include <sys/socket.h>

#include "config.h"
#include "exchange.h"
#include "identity.h"
#include "kernel.h"
#include "quic.h"

struct gsd_peer {
	struct gsd_peer_cfg cfg;
	char tag[32];			/* for the log ("" with one peer) */
	int verbose;
	struct sockaddr_storage addr;	/* the peer's control address */
	socklen_t addr_len;
	uint8_t spki[ICX_SPKI_LEN];	/* its pinned key */
	enum icx_role role;
	struct gsd_kernel kernel;
	struct icx_quic_cfg qcfg;	/* the socket it dials from */
	bool set_up_network;		/* the daemon created it (routes) */

	/* The connection and its exchanges. */
	struct icx_quic *q;
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

uint64_t gsd_now_ms(void);
/* A file's text (NUL-terminated); @private: refused when others may read it. */
int gsd_read_file(const char *path, char *buf, size_t size, bool private);

/* The log line "genevesecd: [TAG: ]MESSAGE" (@p may be NULL). */
__attribute__((format(printf, 2, 3)))
void gsd_say(const struct gsd_peer *p, const char *fmt, ...);

/*
 * Takes @cfg (copied), reads its peer key, elects the role against
 * @id and opens the device's network @dev (set up from the routes when
 * there are any, else it must exist). 0, or -1 with the reason logged.
 */
int gsd_peer_init(struct gsd_peer *p, const struct gsd_peer_cfg *cfg,
		  const struct icx_identity *id, const char *dev,
		  const char *tag, int verbose);
/*
 * Ends the connection and frees @p. With @forget, a network the daemon
 * set up is deleted (the peer left the configuration); else the SAs stay
 * and fail closed at the end of their lifetime.
 */
void gsd_peer_free(struct gsd_peer *p, bool forget);

/* A datagram: true when it was the connection's. */
bool gsd_peer_datagram(struct gsd_peer *p, const uint8_t *buf, size_t len,
		       const struct sockaddr *from, socklen_t from_len);
/* Responder: a new connection whose handshake proved this peer's key. */
void gsd_peer_take(struct gsd_peer *p, struct icx_quic *q);
/* The device's events on this peer's network. */
void gsd_peer_device_events(struct gsd_peer *p);
/* Dials, timers, exchanges: after every poll. */
void gsd_peer_step(struct gsd_peer *p);
/* Milliseconds until gsd_peer_step() has something to do, at most @max. */
int gsd_peer_timeout(struct gsd_peer *p, int max);

#endif /* GENEVESECD_PEER_H */
