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
static void (*gsec_compat_aead_done)(void *data, int err);

static void gsec_compat_aead_complete(struct crypto_async_request *base,
				      int err)
{
	READ_ONCE(gsec_compat_aead_done)(base->data, err);
}

void gsec_compat_aead_request_set_callback(struct aead_request *req, u32 flags,
					   void (*done)(void *data, int err),
					   void *data)
{
	void (*old)(void *data, int err);

	old = cmpxchg(&gsec_compat_aead_done, NULL, done);
	WARN_ONCE(old && old != done,
		  "compat: a second asynchronous crypto callback\n");
	aead_request_set_callback(req, flags, gsec_compat_aead_complete, data);
}

#endif /* !GSEC_HAVE_CRYPTO_COMPLETION_DATA */
