// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd's SA exchange (tools/genevesecd/exchange.c) against
 * icx-control-plane.md section 4: the offer frame byte for byte, hostile
 * frames, every check on the peer's offer, and the values installed on
 * each side of one exchange. Prints TAP.
 */
#include <stdio.h>
#include <string.h>

#include "exchange.h"
#include "tap.h"


static void decode_is(const char *name, const uint8_t *buf, size_t len,
		      enum icx_verdict want)
{
	struct icx_offer o;
	enum icx_verdict got = icx_offer_decode(buf, len, &o);

	ok(got == want, name);
	if (got != want)
		printf("#   got \"%s\", want \"%s\"\n", icx_verdict_str(got),
		       icx_verdict_str(want));
}

static void frames(void)
{
	/* Section 7: B's answer in the bring-up exchange. */
	static const uint8_t spec[] = { 0x00, 0x07, 0x01, 0x01, 0x00,
					0x40, 0x00, 0x00, 0x01 };
	uint8_t f[ICX_OFFER_FRAME_LEN], b[16];
	struct icx_offer o;

	icx_offer_encode(0x40000001, f);
	ok(!memcmp(f, spec, sizeof(spec)), "offer frame as in section 4.2");
	ok(icx_offer_decode(spec, sizeof(spec), &o) == ICX_OK &&
	   o.suite == 0 && o.rx_spi == 0x40000001, "offer decoded");

	decode_is("empty stream", spec, 0, ICX_SHORT);
	decode_is("length only", spec, 2, ICX_SHORT);
	decode_is("payload cut short", spec, 8, ICX_SHORT);
	memcpy(b, spec, sizeof(spec));
	b[10] = 0;
	decode_is("a byte after the frame", b, 10, ICX_TRAILING);
	b[0] = 0x10;
	b[1] = 0x01;
	decode_is("length 4097", b, 10, ICX_TOO_LONG);
	b[0] = 0;
	b[1] = 6;
	decode_is("length 6", b, 8, ICX_NOT_AN_OFFER);
	b[1] = 8;
	decode_is("length 8", b, 10, ICX_NOT_AN_OFFER);
	memcpy(b, spec, sizeof(spec));
	b[2] = 2;
	decode_is("protocol version 2", b, 9, ICX_BAD_VERSION);
	b[2] = 1;
	b[3] = 2;
	decode_is("keyRequest, not an offer", b, 9, ICX_BAD_TYPE);
}

static int finish(const struct icx_master_keys *k, enum icx_role role,
		  uint32_t own, uint8_t suite, uint32_t peer_spi,
		  struct icx_spi_history *h, struct icx_install *in)
{
	struct icx_offer o = { .suite = suite, .rx_spi = peer_spi };

	return icx_exchange_finish(k, role, own, &o, h, in);
}

static void checks(void)
{
	struct icx_spi_history h = { 0 };
	struct icx_master_keys k;
	struct icx_install in;
	uint8_t zero[16] = { 0 };
	int r;

	memset(k.mk, 0xa5, sizeof(k.mk));
	r = finish(&k, ICX_INITIATOR, 0x00000001, 1, 0x40000001, &h, &in);
	ok(r == ICX_BAD_SUITE, "suite 1 refused");
	ok(!memcmp(in.tx_key, zero, 16), "nothing left of a refused exchange");
	ok(finish(&k, ICX_INITIATOR, 1, 0, 0xc0000001, &h, &in) == ICX_BAD_MASTER_KEY,
	   "peer SPI on master key 1 refused");
	ok(finish(&k, ICX_INITIATOR, 1, 0, 0x00000002, &h, &in) == ICX_SPOOFED_ROLE,
	   "initiator: a peer SPI of the initiator's role refused");
	ok(finish(&k, ICX_RESPONDER, 0x40000001, 0, 0x40000002, &h, &in) ==
	   ICX_SPOOFED_ROLE, "responder: a peer SPI of the responder's role refused");
	ok(finish(&k, ICX_RESPONDER, 0x40000001, 0, 0, &h, &in) == ICX_ZERO_SPI,
	   "peer SPI 0 refused");
	ok(finish(&k, ICX_INITIATOR, 1, 0, 0x40000000, &h, &in) == ICX_OK,
	   "responder SPI 40000000 accepted, as Go does");

	r = finish(&k, ICX_INITIATOR, 0x00000002, 0, 0x40000001, &h, &in);
	ok(r == ICX_OK && in.rx_spi == 2 && in.tx_spi == 0x40000001,
	   "initiator: receives on its SPI, sends to the peer's");
	ok(finish(&k, ICX_INITIATOR, 0x00000003, 0, 0x40000001, &h, &in) ==
	   ICX_SPI_REUSED, "a peer SPI sent to before on the connection refused");
	icx_spi_history_free(&h);
}

/* Both sides of one exchange install mirror images. */
static void both_sides(void)
{
	struct icx_spi_history hi = { 0 }, hr = { 0 };
	struct icx_install a, b;
	struct icx_master_keys k;
	uint8_t root[ICX_ROOT_LEN];
	uint32_t si = icx_spi(0, 0, 1), sr = icx_spi(0, 1, 1);

	memset(root, 0xa5, sizeof(root));
	icx_master_keys(root, &k);
	ok(finish(&k, ICX_INITIATOR, si, 0, sr, &hi, &a) == ICX_OK &&
	   finish(&k, ICX_RESPONDER, sr, 0, si, &hr, &b) == ICX_OK,
	   "one exchange, both sides");
	ok(a.tx_spi == b.rx_spi && a.rx_spi == b.tx_spi &&
	   !memcmp(a.tx_key, b.rx_key, 16) && !memcmp(a.rx_key, b.tx_key, 16),
	   "the initiator's transmit SA is the responder's receive SA, and back");
	icx_spi_history_free(&hi);
	icx_spi_history_free(&hr);
}

/* Section 5.5's examples. */
static void lifetimes(void)
{
	ok(icx_sa_lifetime(120) == 3600, "lifetime: 2 min interval, 1 h");
	ok(icx_sa_lifetime(15 * 60) == 3600, "lifetime: 15 min interval, 1 h");
	ok(icx_sa_lifetime(30 * 60) == 7200, "lifetime: 30 min interval, 2 h");
	ok(icx_sa_lifetime(6 * 3600) == 86400, "lifetime: 6 h interval, 24 h");
	ok(icx_sa_lifetime(0xffffffff) == 86400, "lifetime: no overflow");
}

int main(void)
{
	printf("TAP version 13\n");
	frames();
	checks();
	both_sides();
	lifetimes();
	return tap_end();
}
