// SPDX-License-Identifier: GPL-2.0
/*
 * genevesec: an encrypted Geneve overlay device, wire-compatible with ICX.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <uapi/linux/genevesec.h>

#include "bench.h"
#include "crypto.h"
#include "genevesec.h"

static int __init gsec_mod_init(void)
{
	int err;

	/* Before any device: a frame may reach the AEAD at once. */
	err = gsec_crypto_init();
	if (err)
		return err;
	err = gsec_device_init();
	if (err)
		goto err_device;
	err = gsec_genl_init();
	if (err)
		goto err_genl;
	err = gsec_clone_init();
	if (err)
		goto err_clone;

	gsec_bench_init();
	pr_info("genevesec " GENEVESEC_VERSION " loaded\n");
	return 0;

err_clone:
	gsec_genl_uninit();
err_genl:
	gsec_device_uninit();
err_device:
	gsec_crypto_uninit();
	return err;
}

static void __exit gsec_mod_exit(void)
{
	gsec_bench_uninit();
	gsec_clone_uninit();
	/* Devices first: until the last is gone, its sweep may still send
	 * events, which need the family (and its group ids) registered. A
	 * request that still finds a device holds a reference to it, which
	 * the device's deletion waits for.
	 */
	gsec_device_uninit();
	gsec_genl_uninit();
	/* No frame is left in the AEAD once every device is gone. */
	gsec_crypto_uninit();
}

module_init(gsec_mod_init);
module_exit(gsec_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Encrypted Geneve overlay device (ICX-compatible)");
MODULE_AUTHOR("The genevesec authors");
MODULE_VERSION(GENEVESEC_VERSION);
MODULE_ALIAS_RTNL_LINK(GENEVESEC_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(GENEVESEC_GENL_NAME);
