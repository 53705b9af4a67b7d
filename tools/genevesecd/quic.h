/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genevesecd: one QUIC connection of ICX's control plane
 * (icx-control-plane.md section 2), on ngtcp2 and GnuTLS: QUIC v1, TLS 1.3
 * with ALPN icx-ctrl/1, both sides authenticated by a self-signed
 * certificate whose key must be the pinned one, no tickets, no 0-RTT;
 * and the connection's root secret (the TLS exporter, section 3.1).
 *
 * The connection does no I/O of its own beyond sending on the UDP socket
 * it is given: the caller reads datagrams and hands them over, and wakes
 * it at icx_quic_expiry().
 */
#ifndef GENEVESECD_QUIC_H
#define GENEVESECD_QUIC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "identity.h"

#define ICX_ALPN		"icx-ctrl/1"
#define ICX_IDLE_TIMEOUT_S	30
#define ICX_HANDSHAKE_TIMEOUT_S	20
#define ICX_KEEPALIVE_S		10

struct icx_quic;

struct icx_quic_cfg {
	const struct icx_identity *id;
	/*
	 * The pins: @n_pins keys of ICX_SPKI_LEN bytes each. A client has
	 * its one peer's; a server shared by several peers accepts any of
	 * theirs, and icx_quic_pinned_key() says whose it was.
	 */
	const uint8_t *pins;
	size_t n_pins;
	int fd;					/* the bound UDP socket */
	struct sockaddr_storage local;		/* its address */
	socklen_t local_len;
};

/* As initiator: dial @remote (the QUIC client). NULL on failure. */
struct icx_quic *icx_quic_connect(const struct icx_quic_cfg *cfg,
				  const struct sockaddr *remote,
				  socklen_t remote_len);

/*
 * A datagram on @fd, with the address it came from and the local one it
 * was sent to (@to; its family 0 when the socket does not say). Sockets
 * a server answers on ask for the latter with icx_quic_want_dst().
 */
ssize_t icx_quic_recvmsg(int fd, uint8_t *buf, size_t size,
			 struct sockaddr_storage *from, socklen_t *from_len,
			 struct sockaddr_storage *to);
int icx_quic_want_dst(int fd, int family);

/*
 * As responder: a connection for the datagram @pkt from @from when it
 * opens one (a client's Initial), else NULL. @to, when known, is the
 * address the client dialed: the connection answers from it, whatever
 * the route back would choose (a host with several addresses).
 */
struct icx_quic *icx_quic_accept(const struct icx_quic_cfg *cfg,
				 const uint8_t *pkt, size_t len,
				 const struct sockaddr *from,
				 socklen_t from_len,
				 const struct sockaddr_storage *to);

/* A datagram from @from for the connection; -1 when it is over. */
int icx_quic_recv(struct icx_quic *q, const uint8_t *pkt, size_t len,
		  const struct sockaddr *from, socklen_t from_len);

/* Send what is due; -1 when the connection is over. */
int icx_quic_flush(struct icx_quic *q);

/* Milliseconds until the connection needs icx_quic_on_expiry(). */
int icx_quic_expiry_ms(struct icx_quic *q);
int icx_quic_on_expiry(struct icx_quic *q);

/*
 * The handshake finished with everything section 2 asks (TLS 1.3, our
 * ALPN, not resumed, the pinned key): the root secret is available.
 */
bool icx_quic_established(const struct icx_quic *q);
/* The pinned key the peer proved (ICX_SPKI_LEN bytes), once established. */
const uint8_t *icx_quic_pinned_key(const struct icx_quic *q);
int icx_quic_root(struct icx_quic *q, uint8_t root[ICX_ROOT_LEN]);

/*
 * The exchange stream (section 2.4): each SA exchange has one new
 * bidirectional stream the initiator opens, on which each side sends
 * one frame and FIN. A connection carries one exchange at a time; the
 * responder's current stream is the newest the initiator opened.
 */
#define ICX_STREAM_MAX		(2 + ICX_FRAME_MAX)	/* one frame, at most */

/* As initiator: a new stream, then @len bytes and FIN on it. */
int icx_quic_exchange_open(struct icx_quic *q, const uint8_t *data,
			   size_t len);
/* As responder: @len bytes and FIN on the current stream. */
int icx_quic_exchange_reply(struct icx_quic *q, const uint8_t *data,
			    size_t len);

/*
 * What the peer sent on the current stream so far, and whether it ended
 * (FIN, or more than a frame: then @len is ICX_STREAM_MAX + 1). Returns
 * the stream's id, or -1 when there is none.
 */
int64_t icx_quic_exchange_received(const struct icx_quic *q,
				   const uint8_t **data, size_t *len,
				   bool *fin);

/* Whether the datagram @pkt belongs to @q (by its destination CID). */
bool icx_quic_owns(struct icx_quic *q, const uint8_t *pkt, size_t len);

/* Ends the connection with an application close, code 0 (as Go does). */
void icx_quic_close(struct icx_quic *q);

/* Why the connection ended, for the log ("" while it lives). */
const char *icx_quic_error(const struct icx_quic *q);

void icx_quic_free(struct icx_quic *q);

#endif /* GENEVESECD_QUIC_H */
