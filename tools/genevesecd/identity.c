// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: ICX identities. See identity.h and icx-control-plane.md
 * sections 1.1 to 1.3 and 1.6.
 */
#define _GNU_SOURCE	/* memmem() */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "identity.h"

/* DER prefixes of the two encodings, which differ only in the key. */
static const uint8_t spki_prefix[] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
	0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01,
	0x07, 0x03, 0x42, 0x00, 0x04,
};

/* PKCS#8 PrivateKeyInfo around an RFC 5915 ECPrivateKey (version 1, the
 * scalar, no [0] parameters, [1] the public point), as Go marshals it.
 */
static const uint8_t pkcs8_prefix[] = {
	0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a,
	0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
	0xce, 0x3d, 0x03, 0x01, 0x07, 0x04, 0x6d, 0x30, 0x6b, 0x02, 0x01,
	0x01, 0x04, 0x20,
};
static const uint8_t pkcs8_middle[] = { 0xa1, 0x44, 0x03, 0x42, 0x00, 0x04 };

/* A big-endian integer from GnuTLS as exactly 32 bytes; -1 if larger. */
static int fixed32(const gnutls_datum_t *d, uint8_t out[32])
{
	const uint8_t *p = d->data;
	size_t len = d->size;

	while (len > 32 && !*p) {
		p++;
		len--;
	}
	if (len > 32)
		return -1;
	memset(out, 0, 32 - len);
	memcpy(out + 32 - len, p, len);
	return 0;
}

/* The key's scalar and point; -1 unless it is a P-256 key. */
static int raw_key(gnutls_x509_privkey_t key, uint8_t k[32], uint8_t x[32],
		   uint8_t y[32])
{
	gnutls_datum_t dx = { 0 }, dy = { 0 }, dk = { 0 };
	gnutls_ecc_curve_t curve;
	int err = -1;

	if (gnutls_x509_privkey_get_pk_algorithm2(key, NULL) != GNUTLS_PK_ECDSA)
		return -1;
	if (gnutls_x509_privkey_export_ecc_raw(key, &curve, &dx, &dy, &dk) < 0)
		return -1;
	if (curve == GNUTLS_ECC_CURVE_SECP256R1 && !fixed32(&dx, x) &&
	    !fixed32(&dy, y) && !fixed32(&dk, k))
		err = 0;
	gnutls_free(dx.data);
	gnutls_free(dy.data);
	if (dk.data) {
		memset(dk.data, 0, dk.size);
		gnutls_free(dk.data);
	}
	return err;
}

static int fill_spki(struct icx_identity *id)
{
	uint8_t k[32], x[32], y[32];
	int err = raw_key(id->key, k, x, y);

	memset(k, 0, sizeof(k));
	if (err)
		return err;
	memcpy(id->spki, spki_prefix, sizeof(spki_prefix));
	memcpy(id->spki + sizeof(spki_prefix), x, 32);
	memcpy(id->spki + sizeof(spki_prefix) + 32, y, 32);
	return 0;
}

int icx_identity_generate(struct icx_identity *id)
{
	int err;

	err = gnutls_x509_privkey_init(&id->key);
	if (err < 0)
		return err;
	err = gnutls_x509_privkey_generate(id->key, GNUTLS_PK_ECDSA,
		GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (err >= 0)
		err = fill_spki(id) ? GNUTLS_E_INTERNAL_ERROR : 0;
	if (err < 0)
		gnutls_x509_privkey_deinit(id->key);
	return err;
}

int icx_identity_from_pem(struct icx_identity *id, const char *pem,
			  size_t len, const char **why)
{
	const char *begin, *body, *end, *stop = pem + len;
	gnutls_datum_t b64, der = { 0 };
	int err;

	/* The first block, as Go's pem.Decode finds it; its label is not
	 * looked at.
	 */
	begin = memmem(pem, len, "-----BEGIN ", 11);
	body = begin ? memchr(begin, '\n', stop - begin) : NULL;
	end = body ? memmem(body, stop - body, "-----END ", 9) : NULL;
	if (!end) {
		*why = "no PEM block";
		return -1;
	}
	b64.data = (unsigned char *)body + 1;
	b64.size = end - body - 1;
	if (gnutls_base64_decode2(&b64, &der) < 0) {
		*why = "the PEM body is not base64";
		return -1;
	}
	err = gnutls_x509_privkey_init(&id->key);
	if (err >= 0)
		err = gnutls_x509_privkey_import_pkcs8(id->key, &der,
						       GNUTLS_X509_FMT_DER, NULL,
						       GNUTLS_PKCS_PLAIN);
	memset(der.data, 0, der.size);
	gnutls_free(der.data);
	if (err < 0) {
		*why = "not an unencrypted PKCS#8 private key";
		goto fail;
	}
	if (fill_spki(id)) {
		*why = "not an ECDSA P-256 key";
		goto fail;
	}
	return 0;
fail:
	gnutls_x509_privkey_deinit(id->key);
	id->key = NULL;
	return -1;
}

int icx_identity_to_pem(const struct icx_identity *id, char *out, size_t size)
{
	uint8_t der[ICX_PKCS8_LEN], k[32], x[32], y[32];
	gnutls_datum_t in = { der, sizeof(der) }, b64 = { 0 };
	size_t i, n = 0, col;
	int ret = -1;

	if (raw_key(id->key, k, x, y))
		return -1;
	memcpy(der, pkcs8_prefix, sizeof(pkcs8_prefix));
	memcpy(der + sizeof(pkcs8_prefix), k, 32);
	memcpy(der + sizeof(pkcs8_prefix) + 32, pkcs8_middle, sizeof(pkcs8_middle));
	memcpy(der + sizeof(pkcs8_prefix) + 32 + sizeof(pkcs8_middle), x, 32);
	memcpy(der + sizeof(pkcs8_prefix) + 64 + sizeof(pkcs8_middle), y, 32);
	memset(k, 0, sizeof(k));
	if (gnutls_base64_encode2(&in, &b64) < 0)
		goto out;
	/* 64 columns, as Go's pem.Encode. */
	n = snprintf(out, size, "-----BEGIN PRIVATE KEY-----\n");
	for (i = 0; i < b64.size && n + 66 < size; i += col) {
		col = b64.size - i < 64 ? b64.size - i : 64;
		memcpy(out + n, b64.data + i, col);
		n += col;
		out[n++] = '\n';
	}
	if (i < b64.size || n + 27 > size)
		goto out;
	n += snprintf(out + n, size - n, "-----END PRIVATE KEY-----\n");
	ret = n;
out:
	memset(der, 0, sizeof(der));
	if (b64.data) {
		memset(b64.data, 0, b64.size);
		gnutls_free(b64.data);
	}
	return ret;
}

void icx_identity_free(struct icx_identity *id)
{
	if (id->key)
		gnutls_x509_privkey_deinit(id->key);
	id->key = NULL;
}

int icx_identity_certificate(const struct icx_identity *id, time_t now,
			     gnutls_x509_crt_t *crt)
{
	static const uint8_t serial = 1;
	gnutls_datum_t hash = { 0 }, b64 = { 0 };
	uint8_t digest[32];
	char cn[4 + 44 + 1];
	int err;

	err = gnutls_hash_fast(GNUTLS_DIG_SHA256, id->spki, ICX_SPKI_LEN, digest);
	if (err < 0)
		return err;
	hash.data = digest;
	hash.size = sizeof(digest);
	err = gnutls_base64_encode2(&hash, &b64);
	if (err < 0)
		return err;
	/* 44 characters with one '=': the subject has them without it. */
	snprintf(cn, sizeof(cn), "icx:%.43s", b64.data);
	gnutls_free(b64.data);

	err = gnutls_x509_crt_init(crt);
	if (err < 0)
		return err;
	if ((err = gnutls_x509_crt_set_version(*crt, 3)) < 0 ||
	    (err = gnutls_x509_crt_set_serial(*crt, &serial, 1)) < 0 ||
	    (err = gnutls_x509_crt_set_dn_by_oid(*crt, GNUTLS_OID_X520_COMMON_NAME,
						 0, cn, strlen(cn))) < 0 ||
	    (err = gnutls_x509_crt_set_issuer_dn_by_oid(*crt,
						GNUTLS_OID_X520_COMMON_NAME,
						0, cn, strlen(cn))) < 0 ||
	    (err = gnutls_x509_crt_set_activation_time(*crt, now - 3600)) < 0 ||
	    (err = gnutls_x509_crt_set_expiration_time(*crt,
						now + 876000L * 3600)) < 0 ||
	    (err = gnutls_x509_crt_set_key_usage(*crt,
					GNUTLS_KEY_DIGITAL_SIGNATURE)) < 0 ||
	    (err = gnutls_x509_crt_set_key_purpose_oid(*crt,
					GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
	    (err = gnutls_x509_crt_set_key_purpose_oid(*crt,
					GNUTLS_KP_TLS_WWW_CLIENT, 0)) < 0 ||
	    (err = gnutls_x509_crt_set_basic_constraints(*crt, 0, -1)) < 0 ||
	    (err = gnutls_x509_crt_set_key(*crt, id->key)) < 0 ||
	    (err = gnutls_x509_crt_sign2(*crt, *crt, id->key,
					 GNUTLS_DIG_SHA256, 0)) < 0) {
		gnutls_x509_crt_deinit(*crt);
		*crt = NULL;
		return err;
	}
	return 0;
}

void icx_spki_to_base64(const uint8_t spki[ICX_SPKI_LEN],
			char out[ICX_PEER_KEY_B64_LEN + 1])
{
	gnutls_datum_t in = { (unsigned char *)spki, ICX_SPKI_LEN }, b64;

	out[0] = 0;
	if (gnutls_base64_encode2(&in, &b64) < 0)
		return;
	if (b64.size == ICX_PEER_KEY_B64_LEN) {
		memcpy(out, b64.data, b64.size);
		out[b64.size] = 0;
	}
	gnutls_free(b64.data);
}

int icx_peer_key_parse(const char *text, uint8_t spki[ICX_SPKI_LEN],
		       const char **why)
{
	char clean[2 * ICX_PEER_KEY_B64_LEN];
	gnutls_datum_t b64, der = { 0 };
	size_t n = 0;
	int err = -1;

	/* Go's decoder skips \r and \n; the CLI trims the rest. */
	for (; *text; text++) {
		if (isspace((unsigned char)*text))
			continue;
		if (n == sizeof(clean)) {
			*why = "the peer key is too long";
			return -1;
		}
		clean[n++] = *text;
	}
	b64.data = (unsigned char *)clean;
	b64.size = n;
	if (gnutls_base64_decode2(&b64, &der) < 0) {
		*why = "the peer key is not base64 (PEM is not taken)";
		return -1;
	}
	if (der.size != ICX_SPKI_LEN ||
	    memcmp(der.data, spki_prefix, sizeof(spki_prefix)))
		*why = "the peer key is not an ECDSA P-256 public key";
	else
		err = 0;
	if (!err)
		memcpy(spki, der.data, ICX_SPKI_LEN);
	gnutls_free(der.data);
	return err;
}

int icx_role_elect(const uint8_t local[ICX_SPKI_LEN],
		   const uint8_t peer[ICX_SPKI_LEN])
{
	int c = memcmp(local, peer, ICX_SPKI_LEN);

	if (!c)
		return -1;
	return c < 0 ? ICX_INITIATOR : ICX_RESPONDER;
}
