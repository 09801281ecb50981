/*
 * kobject.h — what a handle names: a kernel object with a type, a reference count,
 * signals that can be waited for, and the list of threads watching it. Every kind of
 * object (a channel end, a SIP) embeds a struct kobj first and describes itself with a
 * struct kobj_type. References come from handle-table slots, messages in flight and the
 * kernel itself; the last kobj_unref destroys the object. Waiting is "watch, test,
 * sleep": a thread links a watch into each object it cares about, tests their signals,
 * and sleeps until kobj_notify on one of them wakes it. All of it runs with interrupts
 * off (one CPU: that is the lock). docs/ipc.md tells the whole story.
 */
#ifndef ATOLL_KOBJECT_H
#define ATOLL_KOBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "sched/thread.h"

/* Signals: what a waiter can wait for (the same bits as ATOLL_SIG_* in atoll.h). */
#define KOBJ_SIG_READABLE    0x1u   /* a channel end has a message queued */
#define KOBJ_SIG_PEER_CLOSED 0x2u   /* a channel end's peer is gone */
#define KOBJ_SIG_WRITABLE    0x4u   /* a send on the end would not block */
#define KOBJ_SIG_EXITED      0x8u   /* a SIP has ended (its exit code is known) */

struct kobj;

struct kobj_type {
    const char *name;                       /* "channel", "sip": for messages */
    uint32_t (*signals)(struct kobj *obj);  /* the KOBJ_SIG_* bits true now */
    void (*destroy)(struct kobj *obj);      /* free it; may kobj_unref others */
};

struct kobj_watch;

struct kobj {
    const struct kobj_type *type;
    uint32_t refs;                  /* handles + messages carrying it + kernel refs */
    struct kobj_watch *watches;     /* threads waiting on a change of its signals */
    struct kobj *doomed_next;       /* on the list of objects being destroyed */
};

/* One sleeping thread, and its own wait queue. Lives on that thread's kernel stack. */
struct kobj_waiter {
    struct wait_queue queue;
};

/* A waiter's interest in one object: linked into obj->watches while it waits. */
struct kobj_watch {
    struct kobj_waiter *waiter;
    struct kobj *obj;
    struct kobj_watch *next;
};

/* A new object holds one reference, the caller's. */
void kobj_init(struct kobj *obj, const struct kobj_type *type);

void kobj_ref(struct kobj *obj);

/* Drop a reference; the last one destroys the object. Destruction that drops further
 * references (a queue of messages carrying handles) is done in a loop, not by
 * recursion, so a long chain of objects cannot overflow the kernel stack. */
void kobj_unref(struct kobj *obj);

static inline uint32_t kobj_signals(struct kobj *obj)
{
    return obj->type->signals(obj);
}

/* Interrupts off for all of these. The first three sit on every blocking IPC call's
 * path, so they are inline. */
static inline void kobj_waiter_init(struct kobj_waiter *waiter)
{
    waiter->queue.head = waiter->queue.tail = NULL;    /* wait_queue_init, inline */
}

static inline void kobj_watch_add(struct kobj_watch *watch, struct kobj *obj,
                                  struct kobj_waiter *waiter)
{
    watch->waiter = waiter;
    watch->obj = obj;
    watch->next = obj->watches;
    obj->watches = watch;
}

void kobj_watch_remove_slow(struct kobj_watch *watch);

/* Unlink a watch: usually the newest, at the head of the list. */
static inline void kobj_watch_remove(struct kobj_watch *watch)
{
    if (watch->obj->watches == watch)
        watch->obj->watches = watch->next;
    else
        kobj_watch_remove_slow(watch);
}

/* Wake every thread watching obj (its signals may have changed). */
void kobj_notify(struct kobj *obj);

/* Objects alive now, every type together (bench=ipc and the tests compare it). */
uint64_t kobj_live_count(void);

#endif
