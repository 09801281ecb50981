/*
 * kobject.c — reference counting and watching, shared by every kind of kernel object.
 *
 * Destroying an object can release others: a channel end's queue holds messages, the
 * messages hold handles, the handles hold more channel ends with queues of their own.
 * Done by recursion, a long enough chain would run the kernel stack into its guard, so
 * kobj_unref puts dead objects on a list and one loop destroys them in turn.
 */
#include "kobject.h"

#include "cpu.h"
#include "panic.h"

static struct kobj *doomed;          /* refs reached 0, not yet destroyed */
static bool destroying;              /* a kobj_unref below us is running the loop */
static uint64_t live;

void kobj_init(struct kobj *obj, const struct kobj_type *type)
{
    obj->type = type;
    obj->refs = 1;
    obj->watches = NULL;
    obj->doomed_next = NULL;
    bool irq = irq_save();
    live++;
    irq_restore(irq);
}

void kobj_ref(struct kobj *obj)
{
    bool irq = irq_save();
    obj->refs++;
    irq_restore(irq);
}

void kobj_unref(struct kobj *obj)
{
    bool irq = irq_save();
    if (obj->refs == 0)
        panic("kobj_unref: %s object %p has no reference left", obj->type->name, (void *)obj);
    if (--obj->refs == 0) {
        obj->doomed_next = doomed;
        doomed = obj;
    }
    if (!destroying) {
        destroying = true;
        while (doomed != NULL) {
            struct kobj *dead = doomed;
            doomed = dead->doomed_next;
            if (dead->watches != NULL)
                panic("kobj_unref: %s object %p destroyed while watched", dead->type->name,
                      (void *)dead);
            live--;
            dead->type->destroy(dead);
        }
        destroying = false;
    }
    irq_restore(irq);
}

void kobj_watch_remove_slow(struct kobj_watch *watch)
{
    struct kobj_watch **link = &watch->obj->watches;
    while (*link != NULL && *link != watch)
        link = &(*link)->next;
    if (*link == NULL)
        panic("kobj_watch_remove: watch not on its %s object", watch->obj->type->name);
    *link = watch->next;
}

void kobj_notify(struct kobj *obj)
{
    for (struct kobj_watch *w = obj->watches; w != NULL; w = w->next)
        sched_wake_one(&w->waiter->queue);
}

uint64_t kobj_live_count(void)
{
    return live;
}
