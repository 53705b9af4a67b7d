// SPDX-License-Identifier: GPL-2.0
/* Disabling a delayed work before 6.10: see compat-workqueue.h. */

#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#ifndef GSEC_HAVE_DISABLE_DELAYED_WORK

/*
 * Serializes the check for the mark with the queueing, and the marking:
 * once a work is marked, no queuer is between its check and its queue.
 */
static DEFINE_SPINLOCK(gsec_compat_dwork_lock);

/*
 * The timer function of a disabled work. It does what the usual one
 * does, so a timer that was armed when the work was marked still queues
 * the work, which cancel_delayed_work_sync() then takes back; only its
 * identity differs.
 */
static void gsec_compat_disabled_timer_fn(struct timer_list *t)
{
	delayed_work_timer_fn(t);
}

static bool gsec_compat_dwork_disabled(struct delayed_work *dwork)
{
	lockdep_assert_held(&gsec_compat_dwork_lock);
	return READ_ONCE(dwork->timer.function) == gsec_compat_disabled_timer_fn;
}

bool gsec_compat_disable_delayed_work_sync(struct delayed_work *dwork)
{
	unsigned long flags;

	spin_lock_irqsave(&gsec_compat_dwork_lock, flags);
	WRITE_ONCE(dwork->timer.function, gsec_compat_disabled_timer_fn);
	spin_unlock_irqrestore(&gsec_compat_dwork_lock, flags);
	/* Takes back what is queued, waits for what runs; nothing can
	 * queue it again (a run's own requeue is refused too).
	 */
	return cancel_delayed_work_sync(dwork);
}

bool gsec_compat_enable_delayed_work(struct delayed_work *dwork)
{
	unsigned long flags;
	bool was;

	spin_lock_irqsave(&gsec_compat_dwork_lock, flags);
	was = gsec_compat_dwork_disabled(dwork);
	WRITE_ONCE(dwork->timer.function, delayed_work_timer_fn);
	spin_unlock_irqrestore(&gsec_compat_dwork_lock, flags);
	return was;
}

/* Queue (or, with @mod, move) @dwork unless it is disabled. */
static bool gsec_compat_dwork_queue(struct workqueue_struct *wq,
				    struct delayed_work *dwork,
				    unsigned long delay, bool mod)
{
	unsigned long flags;
	bool ret = false;

	spin_lock_irqsave(&gsec_compat_dwork_lock, flags);
	/* (The kernel's functions: the macros are not expanded.) */
	if (!gsec_compat_dwork_disabled(dwork))
		ret = mod ? (mod_delayed_work)(wq, dwork, delay) :
			    (queue_delayed_work)(wq, dwork, delay);
	spin_unlock_irqrestore(&gsec_compat_dwork_lock, flags);
	return ret;
}

bool gsec_compat_queue_delayed_work(struct workqueue_struct *wq,
				    struct delayed_work *dwork,
				    unsigned long delay)
{
	return gsec_compat_dwork_queue(wq, dwork, delay, false);
}

bool gsec_compat_mod_delayed_work(struct workqueue_struct *wq,
				  struct delayed_work *dwork,
				  unsigned long delay)
{
	return gsec_compat_dwork_queue(wq, dwork, delay, true);
}

#endif /* !GSEC_HAVE_DISABLE_DELAYED_WORK */
