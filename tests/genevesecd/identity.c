// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd's identities (tools/genevesecd/identity.c) against
 * icx-control-plane.md section 1: a known key (RFC 6979's P-256 example)
 * read and written byte for byte as `icx genkey` and OpenSSL write it,
 * its --peer-key form, the formats refused, a fresh key's round trip,
 * and the role election. Prints TAP.
 */
#include <stdio.h>
#include <string.h>

#include <gnutls/abstract.h>

#include "identity.h"
#include "tap.h"


static const char pkcs8_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgya+p2EW6dRZrXCFX\n"
	"Z7HWk05Qw9s26JsSe4piKxIPZyGhRANCAARg/tS6JVqdMclh63TGNW1owEm4kjth\n"
	"+mzmaWIuYPKftnkD/hAIuLyZpBrp6VYovGTy8bIMLX6fUXejwpTURiKZ\n"
	"-----END PRIVATE KEY-----\n";

static const char sec1_pem[] =
	"-----BEGIN EC PRIVATE KEY-----\n"
	"MHcCAQEEIMmvqdhFunUWa1whV2ex1pNOUMPbNuibEnuKYisSD2choAoGCCqGSM49\n"
	"AwEHoUQDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Z5A/4QCLi8\n"
	"maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
	"-----END EC PRIVATE KEY-----\n";

static const char peer_key[] =
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7"
	"Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==";

static void known_key(void)
{
	char pem[300], b64[ICX_PEER_KEY_B64_LEN + 1], wrapped[200];
	struct icx_identity id = { 0 };
	uint8_t spki[ICX_SPKI_LEN];
	const char *why = NULL;
	int len;

	ok(!icx_identity_from_pem(&id, pkcs8_pem, strlen(pkcs8_pem), &why),
	   "PKCS#8 P-256 key read");
	len = icx_identity_to_pem(&id, pem, sizeof(pem));
	ok(len == (int)strlen(pkcs8_pem) && !strcmp(pem, pkcs8_pem),
	   "written back byte for byte (genkey's PEM)");
	icx_spki_to_base64(id.spki, b64);
	ok(!strcmp(b64, peer_key), "its public key in the --peer-key form");
	icx_identity_free(&id);

	ok(icx_identity_from_pem(&id, sec1_pem, strlen(sec1_pem), &why) == -1,
	   "SEC1 EC PRIVATE KEY refused, as Go refuses it");
	printf("#   %s\n", why);
	ok(icx_identity_from_pem(&id, "no key here\n", 12, &why) == -1,
	   "no PEM block refused");

	ok(!icx_peer_key_parse(peer_key, spki, &why) &&
	   !memcmp(spki, "\x30\x59\x30\x13", 4), "--peer-key read");
	snprintf(wrapped, sizeof(wrapped), "  %.64s\r\n%s\n", peer_key, peer_key + 64);
	ok(!icx_peer_key_parse(wrapped, spki, &why), "--peer-key wrapped in lines read");
	ok(icx_peer_key_parse("-----BEGIN PUBLIC KEY-----\nMFkw\n", spki, &why) == -1,
	   "a PEM public key refused");
	ok(icx_peer_key_parse("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", spki, &why) == -1,
	   "a truncated key refused");
}

static void fresh_key(void)
{
	struct icx_identity a = { 0 }, b = { 0 };
	const char *why = NULL;
	char pem[300];
	int len;

	ok(!icx_identity_generate(&a), "a new key");
	len = icx_identity_to_pem(&a, pem, sizeof(pem));
	ok(len > 0 && !strncmp(pem, "-----BEGIN PRIVATE KEY-----\n", 28),
	   "written as PRIVATE KEY");
	ok(!icx_identity_from_pem(&b, pem, len, &why) &&
	   !memcmp(a.spki, b.spki, ICX_SPKI_LEN), "read back: the same public key");
	icx_identity_free(&a);
	icx_identity_free(&b);
}

/* An RFC 4514 value as GnuTLS prints it, without its backslashes. */
static void unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		*d++ = *s;
	}
	*d = 0;
}

/* The certificate's fields, as ICX's Go peer would parse them. */
static void certificate(void)
{
	struct icx_identity id = { 0 };
	gnutls_x509_crt_t crt = NULL;
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t der = { 0 };
	unsigned int usage = 0, critical, ca = 1;
	const char *why = NULL;
	uint8_t serial[8];
	size_t size = sizeof(serial);
	char dn[128], purpose[64];
	time_t now = 1764892800;	/* 2025-12-05 */

	icx_identity_from_pem(&id, pkcs8_pem, strlen(pkcs8_pem), &why);
	ok(!icx_identity_certificate(&id, now, &crt), "certificate made");
	ok(!gnutls_x509_crt_get_serial(crt, serial, &size) && size == 1 &&
	   serial[0] == 1, "serial 1");
	size = sizeof(dn);
	gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0,
				      dn, &size);
	unescape(dn);
	/* SHA-256 of the known key's SPKI, base64 without its "=" (Python). */
	ok(!strcmp(dn, "icx:Wnp4zKSg9CDZvGK7Zpw8J1njn3I9OuENy+DwgVoH7NQ"),
	   "subject CN icx: + base64 of the SPKI's SHA-256");
	printf("#   CN=%s\n", dn);
	size = sizeof(purpose);
	gnutls_x509_crt_get_issuer_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0,
					     purpose, &size);
	unescape(purpose);
	ok(!strcmp(dn, purpose), "self-issued");
	ok(gnutls_x509_crt_get_activation_time(crt) == now - 3600 &&
	   gnutls_x509_crt_get_expiration_time(crt) == now + 876000L * 3600,
	   "valid from an hour ago for 876000 hours");
	ok(gnutls_x509_crt_get_key_usage(crt, &usage, &critical) >= 0 &&
	   usage == GNUTLS_KEY_DIGITAL_SIGNATURE, "key usage: digitalSignature");
	size = sizeof(purpose);
	ok(!gnutls_x509_crt_get_key_purpose_oid(crt, 0, purpose, &size, &critical) &&
	   !strcmp(purpose, GNUTLS_KP_TLS_WWW_SERVER), "extended key usage: serverAuth");
	size = sizeof(purpose);
	ok(!gnutls_x509_crt_get_key_purpose_oid(crt, 1, purpose, &size, &critical) &&
	   !strcmp(purpose, GNUTLS_KP_TLS_WWW_CLIENT), "extended key usage: clientAuth");
	ok(gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca, NULL) >= 0 &&
	   ca == 0, "basic constraints: not a CA");
	ok(gnutls_pubkey_init(&pub) >= 0 && gnutls_pubkey_import_x509(pub, crt, 0) >= 0 &&
	   gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &der) >= 0 &&
	   der.size == ICX_SPKI_LEN && !memcmp(der.data, id.spki, ICX_SPKI_LEN),
	   "its key is the identity's SPKI");
	ok(gnutls_x509_crt_get_signature_algorithm(crt) == GNUTLS_SIGN_ECDSA_SHA256,
	   "signed with ecdsa-with-SHA256");
	gnutls_free(der.data);
	gnutls_pubkey_deinit(pub);
	gnutls_x509_crt_deinit(crt);
	icx_identity_free(&id);
}

/* Section 7's transcript identities (the spec's script, its scalars). */
static const char transcript_a_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2p47pQ6XknFgBnVu\n"
	"4WkyPCl7Ys3T2s/IBPi0TjLxRQahRANCAAQaHQ98/5yZgJgBY/dmGgEwrvL4stnw\n"
	"L/S07jPldC4AiLxc6O8TQ9/wo5EsjDjWTSN/SkHCe/5P1ZS+CcZ0Ln3z\n"
	"-----END PRIVATE KEY-----\n";
static const char transcript_b_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgAGBLyz0eMhlA3Vr6\n"
	"kkekWmfuh92Gi0eGHUNzhjpyXi2hRANCAARRwYOOb+uFFPykSdFjxKcEhtDjbJ43\n"
	"az8ByZR9/RrVJlNIJsQGLcumAaJcvXXEPug+KZYqTMwY02oT8N67omi0\n"
	"-----END PRIVATE KEY-----\n";

static void transcript(void)
{
	char b64[ICX_PEER_KEY_B64_LEN + 1], cn[128];
	struct icx_identity a = { 0 }, b = { 0 };
	gnutls_x509_crt_t crt = NULL;
	const char *why = NULL;
	size_t size = sizeof(cn);

	ok(!icx_identity_from_pem(&a, transcript_a_pem, strlen(transcript_a_pem), &why) &&
	   !icx_identity_from_pem(&b, transcript_b_pem, strlen(transcript_b_pem), &why),
	   "transcript: A's and B's keys read");
	icx_spki_to_base64(a.spki, b64);
	ok(!strcmp(b64, "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGh0PfP+cmYCYAWP3ZhoBMK7y+LLZ"
			"8C/0tO4z5XQuAIi8XOjvE0Pf8KORLIw41k0jf0pBwnv+T9WUvgnGdC598w=="),
	   "transcript: A's --peer-key form");
	icx_spki_to_base64(b.spki, b64);
	ok(!strcmp(b64, "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEUcGDjm/rhRT8pEnRY8SnBIbQ42ye"
			"N2s/AcmUff0a1SZTSCbEBi3LpgGiXL11xD7oPimWKkzMGNNqE/Deu6JotA=="),
	   "transcript: B's --peer-key form");
	ok(icx_role_elect(a.spki, b.spki) == ICX_INITIATOR &&
	   icx_role_elect(b.spki, a.spki) == ICX_RESPONDER,
	   "transcript: A initiates, B responds");
	if (!icx_identity_certificate(&a, time(NULL), &crt)) {
		gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0,
					      cn, &size);
		unescape(cn);
		gnutls_x509_crt_deinit(crt);
	}
	ok(!strcmp(cn, "icx:FzNu601HjMSl+VPFORYIjVnskSla0brreoVACwJtJAI"),
	   "transcript: A's certificate CN");
	icx_identity_free(&a);
	icx_identity_free(&b);
}

static void roles(void)
{
	uint8_t lo[ICX_SPKI_LEN], hi[ICX_SPKI_LEN];

	memset(lo, 0x30, sizeof(lo));
	memcpy(hi, lo, sizeof(hi));
	lo[27] = 0x10;	/* X's first byte */
	hi[27] = 0x90;
	ok(icx_role_elect(lo, hi) == ICX_INITIATOR, "the lower SPKI initiates");
	ok(icx_role_elect(hi, lo) == ICX_RESPONDER, "the higher SPKI responds");
	hi[27] = 0x10;
	hi[90] = 0x01;
	lo[90] = 0x00;
	ok(icx_role_elect(lo, hi) == ICX_INITIATOR, "equal X: Y decides");
	ok(icx_role_elect(lo, lo) == -1, "the same key on both sides refused");
}

int main(void)
{
	printf("TAP version 13\n");
	known_key();
	fresh_key();
	certificate();
	transcript();
	roles();
	return tap_end();
}
