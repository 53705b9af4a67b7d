/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Asynchronous crypto completions. Since 6.3 a completion receives the
 * data pointer given to aead_request_set_callback(); before, it received
 * the struct crypto_async_request, whose ->data held that pointer.
 */
#ifndef _GSEC_COMPAT_CRYPTO_H
#define _GSEC_COMPAT_CRYPTO_H

#ifndef GSEC_HAVE_CRYPTO_COMPLETION_DATA
#include <crypto/aead.h>

typedef void (*gsec_compat_crypto_done_t)(void *data, int err);

void gsec_compat_aead_request_set_callback(struct aead_request *req, u32 flags,
					   gsec_compat_crypto_done_t done,
					   void *data);

/*
 * A callback of the new type goes through a trampoline; the kernel's own
 * callbacks (crypto_req_done(), still of the old type here) go straight.
 */
#define aead_request_set_callback(req, flags, done, data)		\
	_Generic((done),						\
		 gsec_compat_crypto_done_t:				\
			gsec_compat_aead_request_set_callback,		\
		 default: aead_request_set_callback)(req, flags, done, data)
#endif

#endif /* _GSEC_COMPAT_CRYPTO_H */
