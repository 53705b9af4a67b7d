// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: ICX's key schedule. See keysched.h for the formulas and
 * icx-control-plane.md section 3 for where each comes from.
 */
#include <string.h>

#include <nettle/cmac.h>
#include <nettle/hkdf.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "keysched.h"

#define ICX_MASTER_INFO		"icx psp master keys v1"
#define ICX_SPI_COUNTER_MAX	((1u << 30) - 1)

void icx_wipe(void *p, size_t len)
{
	memset(p, 0, len);
	/* The compiler must assume the memory is read after the memset. */
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* ---- TLS 1.3 exporter (RFC 8446 sections 7.1 and 7.5) ------------------ */

struct tls_hash {
	size_t len;
	void (*expand)(const uint8_t *secret, size_t secret_len,
		       const uint8_t *info, size_t info_len,
		       uint8_t *out, size_t out_len);
	void (*digest)(const uint8_t *msg, size_t len, uint8_t *out);
};

static void expand_sha256(const uint8_t *secret, size_t secret_len,
			  const uint8_t *info, size_t info_len,
			  uint8_t *out, size_t out_len)
{
	struct hmac_sha256_ctx ctx;

	hmac_sha256_set_key(&ctx, secret_len, secret);
	hkdf_expand(&ctx, (nettle_hash_update_func *)hmac_sha256_update,
		    (nettle_hash_digest_func *)hmac_sha256_digest,
		    SHA256_DIGEST_SIZE, info_len, info, out_len, out);
	icx_wipe(&ctx, sizeof(ctx));
}

static void expand_sha384(const uint8_t *secret, size_t secret_len,
			  const uint8_t *info, size_t info_len,
			  uint8_t *out, size_t out_len)
{
	struct hmac_sha384_ctx ctx;

	hmac_sha384_set_key(&ctx, secret_len, secret);
	hkdf_expand(&ctx, (nettle_hash_update_func *)hmac_sha384_update,
		    (nettle_hash_digest_func *)hmac_sha384_digest,
		    SHA384_DIGEST_SIZE, info_len, info, out_len, out);
	icx_wipe(&ctx, sizeof(ctx));
}

static void digest_sha256(const uint8_t *msg, size_t len, uint8_t *out)
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, msg);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

static void digest_sha384(const uint8_t *msg, size_t len, uint8_t *out)
{
	struct sha384_ctx ctx;

	sha384_init(&ctx);
	sha384_update(&ctx, len, msg);
	sha384_digest(&ctx, SHA384_DIGEST_SIZE, out);
}

static const struct tls_hash tls_hashes[] = {
	[ICX_TLS_SHA256] = { SHA256_DIGEST_SIZE, expand_sha256, digest_sha256 },
	[ICX_TLS_SHA384] = { SHA384_DIGEST_SIZE, expand_sha384, digest_sha384 },
};

/* HKDF-Expand-Label(secret, label, context, out_len); -1 if too long. */
static int expand_label(const struct tls_hash *h, const uint8_t *secret,
			const char *label, const uint8_t *context,
			size_t context_len, uint8_t *out, size_t out_len)
{
	static const char prefix[] = "tls13 ";
	size_t label_len = sizeof(prefix) - 1 + strlen(label);
	uint8_t info[2 + 1 + 255 + 1 + 255];
	size_t n = 0;

	if (label_len > 255 || context_len > 255 || out_len > 0xffff)
		return -1;
	info[n++] = out_len >> 8;
	info[n++] = out_len;
	info[n++] = label_len;
	memcpy(info + n, prefix, sizeof(prefix) - 1);
	memcpy(info + n + sizeof(prefix) - 1, label, strlen(label));
	n += label_len;
	info[n++] = context_len;
	memcpy(info + n, context, context_len);
	n += context_len;
	h->expand(secret, h->len, info, n, out, out_len);
	return 0;
}

int icx_tls_exporter(enum icx_tls_hash hash, const uint8_t *secret,
		     const char *label, const uint8_t *context,
		     size_t context_len, uint8_t *out, size_t out_len)
{
	const struct tls_hash *h = &tls_hashes[hash];
	uint8_t derived[SHA384_DIGEST_SIZE];
	uint8_t empty[SHA384_DIGEST_SIZE];
	uint8_t ctx_hash[SHA384_DIGEST_SIZE];
	int err;

	/* Derive-Secret(secret, label, "") */
	h->digest(NULL, 0, empty);
	err = expand_label(h, secret, label, empty, h->len, derived, h->len);
	if (!err) {
		h->digest(context, context_len, ctx_hash);
		err = expand_label(h, derived, "exporter", ctx_hash, h->len,
				   out, out_len);
	}
	icx_wipe(derived, sizeof(derived));
	return err;
}

/* ---- master keys (section 3.2) ------------------------------------------ */

void icx_master_keys(const uint8_t root[ICX_ROOT_LEN],
		     struct icx_master_keys *keys)
{
	static const uint8_t no_salt[SHA256_DIGEST_SIZE];
	struct hmac_sha256_ctx ctx;
	uint8_t prk[SHA256_DIGEST_SIZE];

	/* A missing salt is HashLen zero bytes (RFC 5869 section 2.2). */
	hmac_sha256_set_key(&ctx, sizeof(no_salt), no_salt);
	hkdf_extract(&ctx, (nettle_hash_update_func *)hmac_sha256_update,
		     (nettle_hash_digest_func *)hmac_sha256_digest,
		     SHA256_DIGEST_SIZE, ICX_ROOT_LEN, root, prk);
	hmac_sha256_set_key(&ctx, sizeof(prk), prk);
	hkdf_expand(&ctx, (nettle_hash_update_func *)hmac_sha256_update,
		    (nettle_hash_digest_func *)hmac_sha256_digest,
		    SHA256_DIGEST_SIZE, sizeof(ICX_MASTER_INFO) - 1,
		    (const uint8_t *)ICX_MASTER_INFO, sizeof(keys->mk),
		    &keys->mk[0][0]);
	icx_wipe(prk, sizeof(prk));
	icx_wipe(&ctx, sizeof(ctx));
}

/* ---- SA keys (section 3.4) ---------------------------------------------- */

int icx_sa_key(const struct icx_master_keys *keys, uint32_t spi,
	       enum icx_version version, uint8_t out[32])
{
	struct cmac_aes256_ctx ctx;
	unsigned int i, blocks;
	uint8_t block[16];

	if (!(spi & 0x7fffffff))
		return -1;
	switch (version) {
	case ICX_V0_AES128:
		blocks = 1;
		break;
	case ICX_V1_AES256:
		blocks = 2;
		break;
	default:
		return -1;
	}
	cmac_aes256_set_key(&ctx, keys->mk[spi >> 31]);
	for (i = 0; i < blocks; i++) {
		put_be32(block, i + 1);
		block[4] = 'P';
		block[5] = 'v';
		block[6] = '0' + version;
		block[7] = 0;
		put_be32(block + 8, spi);
		put_be32(block + 12, blocks * 128);
		cmac_aes256_update(&ctx, sizeof(block), block);
		cmac_aes256_digest(&ctx, CMAC128_DIGEST_SIZE, out + 16 * i);
	}
	icx_wipe(&ctx, sizeof(ctx));
	return blocks * 16;
}

uint32_t icx_spi(unsigned int mk_index, unsigned int responder,
		 uint32_t counter)
{
	if (mk_index > 1 || responder > 1 || !counter ||
	    counter > ICX_SPI_COUNTER_MAX)
		return 0;
	return (uint32_t)mk_index << 31 | (uint32_t)responder << 30 | counter;
}
