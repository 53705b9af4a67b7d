/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genevesecd: ICX's key schedule (../spec: icx-control-plane.md,
 * section 3), from the TLS exporter's root secret to one SA's key.
 *
 *   root  = TLS-Exporter("EXPORTER-icx-master-v1",
 *                        "icx control plane master seed v1", 32)
 *   mk0 ‖ mk1 = HKDF-SHA256(root, no salt, "icx psp master keys v1", 64)
 *   key(SPI) = AES-256-CMAC(mk[SPI >> 31], i ‖ "Pv0\0" ‖ SPI ‖ L), the
 *              PSP counter-mode KDF (NIST SP 800-108), one or two blocks
 *
 * Pure functions over byte strings: no sockets, no netlink, no TLS
 * session. Every secret they hold on the stack is wiped before they
 * return.
 */
#ifndef GENEVESECD_KEYSCHED_H
#define GENEVESECD_KEYSCHED_H

#include <stddef.h>
#include <stdint.h>

#define ICX_ROOT_LEN		32
#define ICX_MASTER_KEY_LEN	32

/* The exporter's label and context (ASCII, no NUL). */
#define ICX_EXPORTER_LABEL	"EXPORTER-icx-master-v1"
#define ICX_EXPORTER_CONTEXT	"icx control plane master seed v1"

/* Cipher-suite codepoints (ICXVersion, section 3.5). */
enum icx_version {
	ICX_V0_AES128 = 0,	/* the only one the ICX CLI negotiates */
	ICX_V1_AES256 = 1,
};

/* The hash of the negotiated TLS 1.3 suite. */
enum icx_tls_hash {
	ICX_TLS_SHA256,		/* TLS_AES_128_GCM_SHA256 and others */
	ICX_TLS_SHA384,		/* TLS_AES_256_GCM_SHA384 */
};

struct icx_master_keys {
	uint8_t mk[2][ICX_MASTER_KEY_LEN];
};

/*
 * RFC 8446 section 7.5, from the exporter master secret of a session
 * whose suite hashes with @hash (its length: 32 or 48 bytes). The daemon
 * asks GnuTLS (gnutls_prf_rfc5705()); this one exists so that the
 * formula is checked against known answers. Returns 0, or -1 for an
 * impossible length.
 */
int icx_tls_exporter(enum icx_tls_hash hash, const uint8_t *secret,
		     const char *label, const uint8_t *context,
		     size_t context_len, uint8_t *out, size_t out_len);

/* Section 3.2: the two master keys of a connection, from its root. */
void icx_master_keys(const uint8_t root[ICX_ROOT_LEN],
		     struct icx_master_keys *keys);

/*
 * Section 3.4: the key of the SA numbered @spi, under the master key
 * that the SPI's bit 31 selects. Returns its length (16 for v0, 32 for
 * v1), or -1 for an SPI whose low 31 bits are zero or an unknown version.
 */
int icx_sa_key(const struct icx_master_keys *keys, uint32_t spi,
	       enum icx_version version, uint8_t out[32]);

/*
 * Section 3.3: an SPI, from the master-key index (0 or 1), the role that
 * allocates it (0: initiator, 1: responder) and a counter of 1 to
 * 2^30 - 1. Returns 0 for a counter out of range.
 */
uint32_t icx_spi(unsigned int mk_index, unsigned int responder,
		 uint32_t counter);

/* Overwrites @len bytes at @p, in a way the compiler keeps. */
void icx_wipe(void *p, size_t len);

#endif /* GENEVESECD_KEYSCHED_H */
