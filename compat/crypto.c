// SPDX-License-Identifier: GPL-2.0
/* Asynchronous crypto completions before 6.3: see compat-crypto.h. */

#include <linux/bug.h>

#ifndef GSEC_HAVE_CRYPTO_COMPLETION_DATA

/*
 * The new-style callback. A request has no room of its own for it (its
 * ->data is the caller's), so the module may use one such callback:
 * genevesec has one, op_complete() in src/crypto.c. A second one would
 * be a bug on these kernels, caught by the warning below.
 */
static gsec_compat_crypto_done_t gsec_compat_aead_done;

static void gsec_compat_aead_complete(struct crypto_async_request *base,
				      int err)
{
	gsec_compat_crypto_done_t done = READ_ONCE(gsec_compat_aead_done);

	done(base->data, err);
}

void gsec_compat_aead_request_set_callback(struct aead_request *req, u32 flags,
					   gsec_compat_crypto_done_t done,
					   void *data)
{
	gsec_compat_crypto_done_t old = cmpxchg(&gsec_compat_aead_done, NULL,
						done);

	WARN_ONCE(old && old != done,
		  "compat: a second asynchronous crypto callback\n");
	aead_request_set_callback(req, flags, gsec_compat_aead_complete, data);
}

#endif /* !GSEC_HAVE_CRYPTO_COMPLETION_DATA */
