/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES-GCM over a genevesec frame in an skb: the 32-byte header is the
 * associated data and carries the nonce (bytes 20..31); the payload is
 * encrypted in place and the tag appended, or checked and removed.
 */
#ifndef _GENEVESEC_CRYPTO_H
#define _GENEVESEC_CRYPTO_H

#include <linux/skbuff.h>

struct gsec_sa;

/*
 * Called with the result when an operation completed asynchronously,
 * under rcu_read_lock(), after the operation dropped its SA reference.
 */
typedef void (*gsec_crypto_done_t)(struct sk_buff *skb, int err);

int gsec_crypto_encrypt(struct gsec_sa *sa, struct sk_buff *skb,
			gsec_crypto_done_t done);
int gsec_crypto_decrypt(struct gsec_sa *sa, struct sk_buff *skb,
			gsec_crypto_done_t done);
int gsec_crypto_init(void);
void gsec_crypto_uninit(void);

#endif /* _GENEVESEC_CRYPTO_H */
