/*
 * wait.c — blocking: wait queues (FIFO lists of BLOCKED threads) and the sleep list
 * (threads ordered by deadline, checked on every timer tick).
 *
 * A thread with a timeout is in both: its wait queue, and the sleep list by deadline;
 * whichever comes first (a wake-up, the tick after its deadline) takes it out of the
 * other. Sleeps therefore end on a tick: at least the time asked, at most one tick
 * (1 / TIMER_HZ) more, plus the wait for the CPU if others are ready.
 */
#include "sched_internal.h"

#include "cpu.h"
#include "panic.h"
#include "time.h"

static struct thread *sleepers;               /* sorted by wake_at_ns, earliest first */

void wait_queue_init(struct wait_queue *wq)
{
    wq->head = wq->tail = NULL;
}

/* `t` waits at the back of `wq`. Interrupts off. */
static void queue_append(struct wait_queue *wq, struct thread *t)
{
    t->queue_next = NULL;
    if (wq->tail)
        wq->tail->queue_next = t;
    else
        wq->head = t;
    wq->tail = t;
    t->waiting_on = wq;
}

/* Take `t` out of `wq` (a timed wait that timed out). Panics if it is not there. */
static void queue_remove(struct wait_queue *wq, struct thread *t)
{
    struct thread *before = NULL;
    for (struct thread *p = wq->head; p; before = p, p = p->queue_next) {
        if (p != t)
            continue;
        if (before)
            before->queue_next = t->queue_next;
        else
            wq->head = t->queue_next;
        if (wq->tail == t)
            wq->tail = before;
        t->queue_next = NULL;
        t->waiting_on = NULL;
        return;
    }
    panic("wait: thread %s is not in the queue it waits on", t->name);
}

/* Put `t` into the sleep list, kept sorted by deadline. Interrupts off. */
static void sleep_insert(struct thread *t, uint64_t wake_at_ns)
{
    t->wake_at_ns = wake_at_ns;
    t->has_deadline = true;
    struct thread **link = &sleepers;
    while (*link && (*link)->wake_at_ns <= wake_at_ns)
        link = &(*link)->sleep_next;       /* equal deadlines wake in arrival order */
    t->sleep_next = *link;
    *link = t;
}

/* Take `t` out of the sleep list, if it is in it (woken before its deadline). */
static void sleep_remove(struct thread *t)
{
    if (!t->has_deadline)
        return;
    struct thread **link = &sleepers;
    while (*link != t)
        link = &(*link)->sleep_next;
    *link = t->sleep_next;
    t->sleep_next = NULL;
    t->has_deadline = false;
}

/* Take a BLOCKED thread off its queue and its deadline, and make it ready. */
static void wake(struct thread *t, bool woken)
{
    if (t->waiting_on)
        queue_remove(t->waiting_on, t);
    sleep_remove(t);
    t->woken = woken;
    sched_make_ready(t);
}

void sched_wait(struct wait_queue *wq)
{
    bool irq = irq_save();
    struct thread *self = sched_current;
    if (self == sched_idle_thread)
        panic("sched_wait: the idle thread must never block");
    queue_append(wq, self);
    sched_block(THREAD_BLOCKED);
    irq_restore(irq);
}

bool sched_wait_timeout(struct wait_queue *wq, uint64_t ns)
{
    bool irq = irq_save();
    struct thread *self = sched_current;
    if (self == sched_idle_thread)
        panic("sched_wait_timeout: the idle thread must never block");
    queue_append(wq, self);
    sleep_insert(self, time_ns() + ns);
    sched_block(THREAD_BLOCKED);
    bool woken = self->woken;
    irq_restore(irq);
    return woken;
}

void sched_wake_one(struct wait_queue *wq)
{
    bool irq = irq_save();
    if (wq->head)
        wake(wq->head, true);
    irq_restore(irq);
}

void sched_wake_all(struct wait_queue *wq)
{
    bool irq = irq_save();
    while (wq->head)
        wake(wq->head, true);
    irq_restore(irq);
}

void sched_sleep_ns(uint64_t ns)
{
    if (ns == 0) {
        sched_yield();
        return;
    }
    bool irq = irq_save();
    struct thread *self = sched_current;
    if (self == sched_idle_thread)
        panic("sched_sleep_ns: the idle thread must never sleep");
    sleep_insert(self, time_ns() + ns);
    sched_block(THREAD_SLEEPING);
    irq_restore(irq);
}

void sched_wake_sleepers(uint64_t now_ns)
{
    while (sleepers && sleepers->wake_at_ns <= now_ns)
        wake(sleepers, false);                 /* a timed waiter: timed out */
}
