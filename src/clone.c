// SPDX-License-Identifier: GPL-2.0
/*
 * Clone and sleep safety (protocol spec section 3): an AES-GCM nonce is the
 * SPI and a counter, so two machines sending under one key from one counter
 * value break the cipher. A VM fork (a snapshot started twice) or a
 * hibernation image (resumed, perhaps more than once) would do exactly
 * that. Transmit SAs are therefore removed when the machine may have been
 * cloned and before it hibernates, as WireGuard clears its session keys;
 * the control plane hears of it by sa-del-ntf events and installs fresh
 * SAs. Receiving needs no such care: the replay window refuses reuse.
 */

#include <linux/notifier.h>
#include <linux/random.h>
#include <linux/suspend.h>
#include <uapi/linux/genevesec_genl.h>

#include "genevesec.h"

static int gsec_clone_vmfork(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	gsec_device_kill_tx_sas(GENEVESEC_EVENT_REASON_VMFORK);
	return NOTIFY_DONE;
}

static struct notifier_block gsec_vmfork_nb = {
	.notifier_call = gsec_clone_vmfork,
};

static int gsec_clone_pm(struct notifier_block *nb, unsigned long action,
			 void *data)
{
	/* Before the image is taken, so that it holds no transmit SA. */
	if (action == PM_HIBERNATION_PREPARE)
		gsec_device_kill_tx_sas(GENEVESEC_EVENT_REASON_HIBERNATION);
	return NOTIFY_DONE;
}

static struct notifier_block gsec_pm_nb = {
	.notifier_call = gsec_clone_pm,
};

int __init gsec_clone_init(void)
{
	int err;

	err = register_pm_notifier(&gsec_pm_nb);
	if (err)
		return err;
	err = register_random_vmfork_notifier(&gsec_vmfork_nb);
	if (err)
		unregister_pm_notifier(&gsec_pm_nb);
	return err;
}

void gsec_clone_uninit(void)
{
	unregister_random_vmfork_notifier(&gsec_vmfork_nb);
	unregister_pm_notifier(&gsec_pm_nb);
}
