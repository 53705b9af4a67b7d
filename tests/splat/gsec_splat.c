// SPDX-License-Identifier: GPL-2.0
/*
 * gsec_splat: provokes one kernel report on load, chosen by the "trigger"
 * parameter (warn, kasan, leak or lockdep). `make check` loads it in the test
 * VM and requires the VM runner to fail: the detector of kernel reports is
 * itself tested on every run.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *trigger = "";
module_param(trigger, charp, 0444);
MODULE_PARM_DESC(trigger, "report to provoke: warn, kasan, leak or lockdep");

/* Runtime index, so the compiler cannot see the overflow coming. */
static unsigned int oob_index = 16;
module_param(oob_index, uint, 0444);

static DEFINE_MUTEX(splat_lock_a);
static DEFINE_MUTEX(splat_lock_b);

static void splat_kasan(void)
{
	char *buf = kmalloc(16, GFP_KERNEL);

	if (!buf)
		return;
	/* One byte past the object: a KASAN slab-out-of-bounds write. */
	WRITE_ONCE(buf[oob_index], 1);
	kfree(buf);
}

static void splat_leak(void)
{
	void *p;
	int i;

	/* Drop the only references to a few objects: kmemleak must see them. */
	for (i = 0; i < 8; i++) {
		p = kmalloc(128, GFP_KERNEL);
		OPTIMIZER_HIDE_VAR(p);
	}
}

static void splat_lockdep(void)
{
	/* A then B, later B then A: a potential ABBA deadlock. */
	mutex_lock(&splat_lock_a);
	mutex_lock(&splat_lock_b);
	mutex_unlock(&splat_lock_b);
	mutex_unlock(&splat_lock_a);

	mutex_lock(&splat_lock_b);
	mutex_lock(&splat_lock_a);
	mutex_unlock(&splat_lock_a);
	mutex_unlock(&splat_lock_b);
}

static int __init splat_init(void)
{
	if (!strcmp(trigger, "warn"))
		WARN(1, "gsec_splat: deliberate warning\n");
	else if (!strcmp(trigger, "kasan"))
		splat_kasan();
	else if (!strcmp(trigger, "leak"))
		splat_leak();
	else if (!strcmp(trigger, "lockdep"))
		splat_lockdep();
	else
		return -EINVAL;
	return 0;
}

static void __exit splat_exit(void)
{
}

module_init(splat_init);
module_exit(splat_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Deliberate kernel reports for testing the genevesec VM runner");
