// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests of genevesecd's key schedule (tools/genevesecd/
 * keysched.c), from icx-control-plane.md section 3.6: the vectors ICX's
 * own tests assert (CMAC, PSP KDF), then those derived from its source
 * (SA keys of the first SPIs, HKDF master keys, the TLS exporter). Prints
 * TAP.
 */
#include <stdio.h>
#include <string.h>

#include <nettle/cmac.h>

#include "keysched.h"
#include "tap.h"

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t i, len = strlen(hex) / 2;

	for (i = 0; i < len; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
	return len;
}

static void check(const char *name, const uint8_t *got, size_t got_len,
		  const char *want_hex)
{
	uint8_t want[64];
	size_t want_len = unhex(want_hex, want);
	int match = got_len == want_len && !memcmp(got, want, want_len);
	size_t i;

	ok(match, name);
	if (match)
		return;
	printf("#   got  ");
	for (i = 0; i < got_len; i++)
		printf("%02x", got[i]);
	printf("\n#   want %s\n", want_hex);
}

static void check_int(const char *name, long got, long want)
{
	ok(got == want, name);
	if (got != want)
		printf("#   got %ld, want %ld\n", got, want);
}

/* RFC 4493's AES-CMAC examples, as ICX's tests use them (AES-128). */
static void cmac_vectors(void)
{
	static const char *const blocks =
		"6bc1bee22e409f96e93d7e117393172a"
		"ae2d8a571e03ac9c9eb76fac45af8e51"
		"30c81c46a35ce411e5fbc1191a0a52ef"
		"f69f2445df4f9b17ad2b417be66c3710";
	static const struct {
		size_t len;
		const char *mac;
	} v[] = {
		{ 0, "bb1d6929e95937287fa37d129b756746" },
		{ 16, "070a16b46b4d4144f79bdd9dd04a287c" },
		{ 40, "dfa66747de9ae63030ca32611497c827" },
		{ 64, "51f0bebf7e3b9d92fc49741779363cfe" },
	};
	struct cmac_aes128_ctx ctx;
	uint8_t key[16], msg[64], mac[16];
	char name[32];
	size_t i;

	unhex("2b7e151628aed2a6abf7158809cf4f3c", key);
	unhex(blocks, msg);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		cmac_aes128_set_key(&ctx, key);
		cmac_aes128_update(&ctx, v[i].len, msg);
		cmac_aes128_digest(&ctx, sizeof(mac), mac);
		snprintf(name, sizeof(name), "CMAC, %zu bytes", v[i].len);
		check(name, mac, sizeof(mac), v[i].mac);
	}
}

#define PSP_K0	"34448a064292601b11a0978f56a2d34cf3fc35ede1a6bc04f8db3e5243a2b0ca"
#define PSP_K1	"563952565d3a78ae773ec1b779f2f2d99f4a7f53a6fbb9b07d5b71f39364d739"

static void sa_key(const char *name, const struct icx_master_keys *keys,
		   uint32_t spi, enum icx_version version, const char *want)
{
	uint8_t key[32];
	int len = icx_sa_key(keys, spi, version, key);

	check(name, key, len < 0 ? 0 : len, want);
}

static void psp_vectors(void)
{
	struct icx_master_keys keys;

	unhex(PSP_K0, keys.mk[0]);
	unhex(PSP_K1, keys.mk[1]);
	sa_key("PSP v0, mk0, SPI 12345678", &keys, 0x12345678, ICX_V0_AES128,
	       "96c22dc799198090b74b70ae468e4e30");
	sa_key("PSP v0, mk1, SPI 9a345678", &keys, 0x9a345678, ICX_V0_AES128,
	       "3946da2554eae46ad1ef77a64372edc4");
	sa_key("PSP v1, mk0, SPI 12345678", &keys, 0x12345678, ICX_V1_AES256,
	       "2b7d72074e42ca334487f2990e3f8c4037e436f38283449b76463e9b7fb2e3de");
	sa_key("first initiator SA key", &keys, 0x00000001, ICX_V0_AES128,
	       "1b49f224aa7a6c96f69aa652c933ffcf");
	sa_key("first responder SA key", &keys, 0x40000001, ICX_V0_AES128,
	       "d4e38e6d154da2e0acd4794b049efa1f");
	sa_key("second initiator SA key", &keys, 0x00000002, ICX_V0_AES128,
	       "54957e576477ac7bfb6e850bb01a1505");
	sa_key("second responder SA key", &keys, 0x40000002, ICX_V0_AES128,
	       "07864e32d08beaaf1b8c2dd7fced7aa3");
}

static void master_vectors(void)
{
	struct icx_master_keys keys;
	uint8_t root[ICX_ROOT_LEN];

	memset(root, 0xa5, sizeof(root));
	icx_master_keys(root, &keys);
	check("root a5 x 32: mk0", keys.mk[0], 32,
	      "c692a6d376294a15bfe033ce258ea20516c696b83a0b4b3461e3d62da8085386");
	check("root a5 x 32: mk1", keys.mk[1], 32,
	      "22963726441c139829c08183765f962d8209a0372badf272b58a42108f75e710");
	sa_key("root a5: key(00000001)", &keys, 0x00000001, ICX_V0_AES128,
	       "c8a9baf524fceacf86df21d0adf60a51");
	sa_key("root a5: key(40000001)", &keys, 0x40000001, ICX_V0_AES128,
	       "9bc1ef1c1ceeabf7f1b14fe0a556d112");
	sa_key("root a5: key(80000007), mk1", &keys, 0x80000007, ICX_V0_AES128,
	       "2607069a1e06fc6f5cb5663eca78f5f8");

	unhex("000102030405060708090a0b0c0d0e0f"
	      "101112131415161718191a1b1c1d1e1f", root);
	icx_master_keys(root, &keys);
	check("root 00..1f: mk0", keys.mk[0], 32,
	      "490148a63dfdcb3d8f046f215f51a92c506947efc109ab71e0903842fd2c6e9d");
	check("root 00..1f: mk1", keys.mk[1], 32,
	      "9c17a3eaa85cdc310ed7909cf5ca51e082aae99fafeebe31327a4f16bbb2afdc");
	/* Section 7's transcript: the bring-up exchange and the first rekey. */
	sa_key("transcript: key(40000001)", &keys, 0x40000001, ICX_V0_AES128,
	       "52822250a9a03dfe7afcd86e0921345f");
	sa_key("transcript: key(00000001)", &keys, 0x00000001, ICX_V0_AES128,
	       "aafc4b8fa43648f5f811ba161c4c05d4");
	sa_key("transcript: key(00000002)", &keys, 0x00000002, ICX_V0_AES128,
	       "121919ba12ddc3f47fad70aacb1ecf6e");
	sa_key("transcript: key(40000002)", &keys, 0x40000002, ICX_V0_AES128,
	       "dc3afd8823384e02da52380098625762");
}

static void exporter_vectors(void)
{
	uint8_t secret[48], root[ICX_ROOT_LEN];
	const char *ctx = ICX_EXPORTER_CONTEXT;

	memset(secret, 0x42, sizeof(secret));
	icx_tls_exporter(ICX_TLS_SHA256, secret, ICX_EXPORTER_LABEL,
			 (const uint8_t *)ctx, strlen(ctx), root, sizeof(root));
	check("exporter, SHA-256 suite", root, sizeof(root),
	      "03439be750f56d0222ccb45d2f0fa2c2674098880fb8c44ebaa506e497001be4");
	icx_tls_exporter(ICX_TLS_SHA384, secret, ICX_EXPORTER_LABEL,
			 (const uint8_t *)ctx, strlen(ctx), root, sizeof(root));
	check("exporter, SHA-384 suite", root, sizeof(root),
	      "5bf075c43fda739f8a8f725e568dc3e05339474960c96986972cc9ad08b77d00");
}

static void refusals(void)
{
	struct icx_master_keys keys = { 0 };
	uint8_t key[32];

	check_int("SPI layout: initiator 1", icx_spi(0, 0, 1), 0x00000001);
	check_int("SPI layout: responder 1", icx_spi(0, 1, 1), 0x40000001);
	check_int("SPI layout: mk1, initiator 7", icx_spi(1, 0, 7), 0x80000007);
	check_int("SPI counter 0 refused", icx_spi(0, 0, 0), 0);
	check_int("SPI counter 2^30 refused", icx_spi(0, 0, 1u << 30), 0);
	check_int("SPI counter 2^30 - 1 taken", icx_spi(0, 1, (1u << 30) - 1),
		  0x7fffffff);
	check_int("key of SPI 0 refused", icx_sa_key(&keys, 0, ICX_V0_AES128, key), -1);
	check_int("key of SPI 80000000 refused",
		  icx_sa_key(&keys, 0x80000000, ICX_V0_AES128, key), -1);
	check_int("key of version 2 refused", icx_sa_key(&keys, 1, 2, key), -1);
}

int main(void)
{
	printf("TAP version 13\n");
	cmac_vectors();
	psp_vectors();
	master_vectors();
	exporter_vectors();
	refusals();
	return tap_end();
}
