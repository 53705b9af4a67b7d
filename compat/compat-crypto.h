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

void gsec_compat_aead_request_set_callback(struct aead_request *req, u32 flags,
					   void (*done)(void *data, int err),
					   void *data);

/*
 * A callback of the new type goes through a trampoline; the kernel's own
 * callbacks (crypto_req_done(), still of the old type here) go straight.
 */
#define aead_request_set_callback(req, flags, done, data)		\
	__builtin_choose_expr(						\
		__builtin_types_compatible_p(typeof(*(done)),		\
					     void (void *, int)),	\
		gsec_compat_aead_request_set_callback,			\
		aead_request_set_callback)(req, flags, done, data)
#endif

#endif /* _GSEC_COMPAT_CRYPTO_H */
