// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: one SA exchange of ICX's control plane. See exchange.h and
 * icx-control-plane.md sections 4.1 to 4.5.
 */
#include <stdlib.h>
#include <string.h>

#include "exchange.h"

const char *icx_verdict_str(enum icx_verdict v)
{
	switch (v) {
	case ICX_OK: return "ok";
	case ICX_SHORT: return "the frame ended early";
	case ICX_TOO_LONG: return "frame longer than 4096 bytes";
	case ICX_NOT_AN_OFFER: return "frame length is not an offer's (7)";
	case ICX_BAD_VERSION: return "unknown protocol version";
	case ICX_BAD_TYPE: return "not an saOffer message";
	case ICX_TRAILING: return "bytes after the frame";
	case ICX_BAD_SUITE: return "cipher suite mismatch";
	case ICX_BAD_MASTER_KEY: return "SPI names an inactive master key";
	case ICX_SPOOFED_ROLE: return "SPI carries our own role (spoofed)";
	case ICX_ZERO_SPI: return "SPI is zero";
	case ICX_SPI_REUSED: return "peer SPI already used for transmit on this connection";
	case ICX_SAME_KEYS: return "transmit and receive keys are equal";
	}
	return "?";
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void icx_offer_encode(uint32_t rx_spi, uint8_t out[ICX_OFFER_FRAME_LEN])
{
	out[0] = 0;
	out[1] = ICX_OFFER_LEN;
	out[2] = ICX_PROTOCOL_VERSION;
	out[3] = ICX_MSG_SA_OFFER;
	out[4] = ICX_V0_AES128;
	put_be32(out + 5, rx_spi);
}

enum icx_verdict icx_offer_decode(const uint8_t *buf, size_t len,
				  struct icx_offer *offer)
{
	size_t plen;

	if (len < 2)
		return ICX_SHORT;
	plen = (size_t)buf[0] << 8 | buf[1];
	if (plen > ICX_FRAME_MAX)
		return ICX_TOO_LONG;
	if (len < 2 + plen)
		return ICX_SHORT;
	if (len > 2 + plen)
		return ICX_TRAILING;
	if (plen != ICX_OFFER_LEN)
		return ICX_NOT_AN_OFFER;
	if (buf[2] != ICX_PROTOCOL_VERSION)
		return ICX_BAD_VERSION;
	if (buf[3] != ICX_MSG_SA_OFFER)
		return ICX_BAD_TYPE;
	offer->suite = buf[4];
	offer->rx_spi = get_be32(buf + 5);
	return ICX_OK;
}

static bool history_has(const struct icx_spi_history *h, uint32_t spi)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->spi[i] == spi)
			return true;
	return false;
}

static int history_add(struct icx_spi_history *h, uint32_t spi)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 16;
		uint32_t *p = realloc(h->spi, cap * sizeof(*p));

		if (!p)
			return -1;
		h->spi = p;
		h->cap = cap;
	}
	h->spi[h->n++] = spi;
	return 0;
}

uint32_t icx_sa_lifetime(uint32_t rekey_interval)
{
	uint64_t t = 4 * (uint64_t)rekey_interval;

	if (t < 3600)
		return 3600;
	return t > 86400 ? 86400 : t;
}

void icx_spi_history_free(struct icx_spi_history *h)
{
	free(h->spi);
	memset(h, 0, sizeof(*h));
}

int icx_exchange_finish(const struct icx_master_keys *keys, enum icx_role role,
			uint32_t own_spi, const struct icx_offer *peer,
			struct icx_spi_history *history,
			struct icx_install *install)
{
	uint32_t spi = peer->rx_spi;
	enum icx_verdict v = ICX_OK;
	uint8_t key[32];

	if (peer->suite != ICX_V0_AES128)
		v = ICX_BAD_SUITE;
	else if (spi >> 31)
		v = ICX_BAD_MASTER_KEY;
	else if ((spi >> 30 & 1) == (uint32_t)role)
		v = ICX_SPOOFED_ROLE;
	else if (!(spi & 0x7fffffff))
		v = ICX_ZERO_SPI;
	else if (history_has(history, spi))
		v = ICX_SPI_REUSED;
	if (v)
		goto refuse;

	install->rx_spi = own_spi;
	install->tx_spi = spi;
	if (icx_sa_key(keys, own_spi, ICX_V0_AES128, key) != 16) {
		v = ICX_ZERO_SPI;	/* (own_spi: the allocator never gives it) */
		goto refuse;
	}
	memcpy(install->rx_key, key, 16);
	icx_sa_key(keys, spi, ICX_V0_AES128, key);
	memcpy(install->tx_key, key, 16);
	icx_wipe(key, sizeof(key));
	if (!memcmp(install->rx_key, install->tx_key, 16)) {
		v = ICX_SAME_KEYS;
		goto refuse;
	}
	if (history_add(history, spi)) {
		icx_wipe(install, sizeof(*install));
		return -1;
	}
	return ICX_OK;

refuse:
	icx_wipe(key, sizeof(key));
	icx_wipe(install, sizeof(*install));
	return v;
}
