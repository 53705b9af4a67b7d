/* SPDX-License-Identifier: GPL-2.0 */
/* Disabling a delayed work. */
#ifndef _GSEC_COMPAT_WORKQUEUE_H
#define _GSEC_COMPAT_WORKQUEUE_H

#include <linux/workqueue.h>

#ifndef GSEC_HAVE_DISABLE_DELAYED_WORK
/*
 * disable_delayed_work_sync() (6.10) cancels a delayed work and makes
 * every later attempt to queue it fail, until enable_delayed_work().
 * cancel_delayed_work_sync() alone does not stop a later queuer, such
 * as a netlink request that kicks the work of a device being deleted:
 * the work would then run after the device is freed.
 *
 * Here a disabled work is marked by its timer's function, which
 * INIT_DELAYED_WORK() resets; the module's calls to queue one go through
 * compat/workqueue.c, which refuses a marked work. Only the calls below
 * are covered (not the _on() variants, which genevesec does not use).
 */
bool gsec_compat_disable_delayed_work_sync(struct delayed_work *dwork);
bool gsec_compat_enable_delayed_work(struct delayed_work *dwork);
bool gsec_compat_queue_delayed_work(struct workqueue_struct *wq,
				    struct delayed_work *dwork,
				    unsigned long delay);
bool gsec_compat_mod_delayed_work(struct workqueue_struct *wq,
				  struct delayed_work *dwork,
				  unsigned long delay);

#define disable_delayed_work_sync(dwork)				\
	gsec_compat_disable_delayed_work_sync(dwork)
#define enable_delayed_work(dwork)					\
	gsec_compat_enable_delayed_work(dwork)
#define queue_delayed_work(wq, dwork, delay)				\
	gsec_compat_queue_delayed_work(wq, dwork, delay)
#define mod_delayed_work(wq, dwork, delay)				\
	gsec_compat_mod_delayed_work(wq, dwork, delay)
#define schedule_delayed_work(dwork, delay)				\
	gsec_compat_queue_delayed_work(system_wq, dwork, delay)
#endif

#endif /* _GSEC_COMPAT_WORKQUEUE_H */
