/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genevesecd: identities as ICX has them (icx-control-plane.md section
 * 1): an ECDSA P-256 key in a PEM "PRIVATE KEY" file (unencrypted
 * PKCS#8, byte for byte what `icx genkey` writes), the public key as
 * base64 of its DER SubjectPublicKeyInfo (`icx pubkey`, --peer-key), and
 * the role election by SPKI order.
 */
#ifndef GENEVESECD_IDENTITY_H
#define GENEVESECD_IDENTITY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <gnutls/x509.h>

#include "exchange.h"

#define ICX_SPKI_LEN		91	/* P-256, named curve, uncompressed */
#define ICX_PKCS8_LEN		138
#define ICX_PEER_KEY_B64_LEN	124	/* base64 of the SPKI, with padding */

struct icx_identity {
	gnutls_x509_privkey_t key;
	uint8_t spki[ICX_SPKI_LEN];
};

/* A new key. Returns 0 or a GnuTLS error. */
int icx_identity_generate(struct icx_identity *id);

/*
 * The first PEM block of @len bytes at @pem, whatever its label, as ICX
 * reads it: the body must be an unencrypted PKCS#8 P-256 key (a SEC1
 * "EC PRIVATE KEY" is refused). Returns 0, or -1 with *@why set.
 */
int icx_identity_from_pem(struct icx_identity *id, const char *pem,
			  size_t len, const char **why);

/*
 * The key as `icx genkey` writes it, NUL-terminated, into a buffer of
 * @size bytes (300 are enough). Returns its length or -1.
 */
int icx_identity_to_pem(const struct icx_identity *id, char *out, size_t size);

void icx_identity_free(struct icx_identity *id);

/*
 * Section 1.4: the self-signed certificate of the identity, as ICX makes
 * a fresh one for each connection: serial 1, subject and issuer
 * "CN=icx:" + unpadded base64 of SHA-256(SPKI), valid from @now - 1 h for
 * 876000 h, digitalSignature, serverAuth and clientAuth, cA FALSE,
 * ecdsa-with-SHA256. Returns 0 or a GnuTLS error.
 */
int icx_identity_certificate(const struct icx_identity *id, time_t now,
			     gnutls_x509_crt_t *crt);

/* The --peer-key form of an SPKI: 124 characters and a NUL. */
void icx_spki_to_base64(const uint8_t spki[ICX_SPKI_LEN],
			char out[ICX_PEER_KEY_B64_LEN + 1]);

/*
 * A --peer-key value: base64 (line breaks and surrounding blanks
 * skipped) of a P-256 SPKI. Returns 0, or -1 with *@why set.
 */
int icx_peer_key_parse(const char *text, uint8_t spki[ICX_SPKI_LEN],
		       const char **why);

/*
 * Section 1.6: the lower SPKI (bytewise) initiates. Returns the local
 * role, or -1 when both keys are the same.
 */
int icx_role_elect(const uint8_t local[ICX_SPKI_LEN],
		   const uint8_t peer[ICX_SPKI_LEN]);

#endif /* GENEVESECD_IDENTITY_H */
