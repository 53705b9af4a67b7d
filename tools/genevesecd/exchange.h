/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genevesecd: one SA exchange of ICX's control plane (icx-control-plane.md
 * section 4): the 9-byte saOffer frame each side sends on a fresh QUIC
 * stream, the checks on the peer's offer, and the four values the kernel
 * device is given. Pure: no sockets, no QUIC, no netlink.
 */
#ifndef GENEVESECD_EXCHANGE_H
#define GENEVESECD_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keysched.h"

#define ICX_FRAME_MAX		4096	/* a frame's payload, at most */
#define ICX_PROTOCOL_VERSION	0x01
#define ICX_MSG_SA_OFFER	0x01
#define ICX_OFFER_LEN		7	/* payload */
#define ICX_OFFER_FRAME_LEN	(2 + ICX_OFFER_LEN)

enum icx_role {
	ICX_INITIATOR = 0,
	ICX_RESPONDER = 1,
};

/* What a received frame, or an offer in it, is found to be. */
enum icx_verdict {
	ICX_OK = 0,
	ICX_SHORT,		/* not all of the frame has come yet */
	ICX_TOO_LONG,		/* a length above ICX_FRAME_MAX */
	ICX_NOT_AN_OFFER,	/* a length other than an offer's */
	ICX_BAD_VERSION,	/* protocol version other than 1 */
	ICX_BAD_TYPE,		/* a message other than saOffer */
	ICX_TRAILING,		/* bytes after the frame: Go sends one */
	ICX_BAD_SUITE,		/* a cipher suite other than ours (0) */
	ICX_BAD_MASTER_KEY,	/* SPI bit 31 set: an inactive master key */
	ICX_SPOOFED_ROLE,	/* SPI bit 30 is our role's, not the peer's */
	ICX_ZERO_SPI,		/* the SPI's low 31 bits are zero */
	ICX_SPI_REUSED,		/* a transmit SPI this connection used before */
	ICX_SAME_KEYS,		/* transmit and receive keys are equal */
};

struct icx_offer {
	uint8_t suite;
	uint32_t rx_spi;	/* where the offer's sender receives */
};

/* The values the device's SA operations take, from one exchange. */
struct icx_install {
	uint32_t rx_spi, tx_spi;
	uint8_t rx_key[16], tx_key[16];
};

/* The peer SPIs a connection has transmitted to: never one twice. */
struct icx_spi_history {
	uint32_t *spi;
	size_t n, cap;
};

/* What a verdict means, for the log. */
const char *icx_verdict_str(enum icx_verdict v);

/* Writes the frame of our offer (suite 0, @rx_spi) into @out. */
void icx_offer_encode(uint32_t rx_spi, uint8_t out[ICX_OFFER_FRAME_LEN]);

/*
 * Reads one frame from @len bytes at @buf, all that the stream carried
 * when it ended (the peer sends one frame, then FIN), into @offer.
 */
enum icx_verdict icx_offer_decode(const uint8_t *buf, size_t len,
				  struct icx_offer *offer);

/*
 * Section 4.4: checks the peer's offer against our role and what the
 * connection transmitted to before, then derives the SA pair into
 * @install, our own SPI being @own_spi. On ICX_OK the peer's SPI joins
 * @history (which may fail for memory: ICX_SPI_REUSED is not returned
 * then, but -1 is). @install is wiped unless ICX_OK.
 */
int icx_exchange_finish(const struct icx_master_keys *keys, enum icx_role role,
			uint32_t own_spi, const struct icx_offer *peer,
			struct icx_spi_history *history,
			struct icx_install *install);

void icx_spi_history_free(struct icx_spi_history *h);

/* Section 5.5: clamp(4 x the rekey interval, 1 h, 24 h), in seconds. */
uint32_t icx_sa_lifetime(uint32_t rekey_interval);

#endif /* GENEVESECD_EXCHANGE_H */
