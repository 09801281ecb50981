/*
 * thread.c — a thread's life: created with a stack and a first frame, run, exited,
 * and freed by the reaper thread.
 *
 * A thread cannot free the stack it is running on, so thread_exit only marks itself
 * DEAD, hands itself to the reaper and switches away for good; the reaper (a thread
 * like any other) later releases the stack's reservation and the struct. Every thread
 * is also on one list, oldest first, for sched_for_each and the `ps` listing.
 */
#include "sched_internal.h"

#include "cpu.h"
#include "kheap.h"
#include "kprintf.h"
#include "lib.h"
#include "panic.h"

struct thread *sched_reaper_thread;

static struct thread *all_head, *all_tail;    /* every thread not yet reaped, by age */
static uint64_t next_id;
static uint64_t thread_count, reaped_count;
static struct thread *zombies;                /* DEAD threads, linked by queue_next */
static struct wait_queue reaper_queue;
static sched_reap_hook_fn reap_hook;

static void set_name(struct thread *t, const char *name)
{
    size_t n = 0;
    for (; name && name[n] && n + 1 < sizeof t->name; n++)
        t->name[n] = name[n];
    t->name[n] = '\0';
}

/* Give `t` the next id and put it at the end of the list of every thread. */
static void add_to_all(struct thread *t)
{
    bool irq = irq_save();
    t->id = next_id++;
    if (all_tail)
        all_tail->all_next = t;
    else
        all_head = t;
    all_tail = t;
    thread_count++;
    irq_restore(irq);
}

/* Unlink a dead thread from the list of every thread (the reaper does). */
static void remove_from_all(struct thread *t)
{
    struct thread *before = NULL;
    for (struct thread *p = all_head; p != t; before = p, p = p->all_next)
        if (!p)
            panic("thread: %s is not on the list of threads", t->name);
    if (before)
        before->all_next = t->all_next;
    else
        all_head = t->all_next;
    if (all_tail == t)
        all_tail = before;
    thread_count--;
}

/* Where every thread begins (its first frame's RIP, with RDI = the thread). */
static _Noreturn void thread_start(struct thread *self)
{
    self->entry(self->arg);
    thread_exit(0);
}

struct thread *sched_thread_new(const char *name, void (*entry)(void *arg), void *arg,
                                size_t stack_bytes)
{
    struct thread *t = kzalloc(sizeof *t);    /* kmalloc aligns to 16, as FXSAVE needs */
    if (!t)
        return NULL;
    set_name(t, name);
    if (!sched_stack_alloc(t, stack_bytes)) {
        kfree(t);
        return NULL;
    }
    t->entry = entry;
    t->arg = arg;
    fpu_state_init(&t->fpu);
    t->frame = sched_stack_first_frame(t, thread_start);
    add_to_all(t);
    return t;
}

struct thread *thread_create(const char *name, void (*entry)(void *arg), void *arg,
                             size_t stack_bytes)
{
    struct thread *t = sched_thread_new(name, entry, arg, stack_bytes);
    if (t)
        sched_make_ready(t);
    return t;
}

void thread_exit(int code)
{
    struct thread *self = sched_current;
    if (self == sched_idle_thread || self == sched_reaper_thread)
        panic("thread_exit: the %s thread must never exit", self->name);
    cpu_disable_interrupts();                 /* for good: this thread never runs again */
    self->exit_code = code;
    self->queue_next = zombies;
    zombies = self;
    sched_wake_one(&reaper_queue);
    sched_block(THREAD_DEAD);
    panic("thread_exit: dead thread %s was resumed", self->name);
}

/* The reaper: frees each dead thread, outside any critical section (the reap hook may
 * take its time), then sleeps until thread_exit hands it another. */
static void reaper_main(void *unused)
{
    (void)unused;
    for (;;) {
        bool irq = irq_save();
        while (!zombies)
            sched_wait(&reaper_queue);
        struct thread *dead = zombies;
        zombies = dead->queue_next;
        remove_from_all(dead);
        irq_restore(irq);

        if (reap_hook)
            reap_hook(dead);
        sched_stack_free(dead);
        kfree(dead);
        irq = irq_save();
        reaped_count++;
        irq_restore(irq);
    }
}

void sched_threads_init(void)
{
    struct thread *boot = kzalloc(sizeof *boot);
    if (!boot)
        panic("sched_init: no memory for the boot thread");
    set_name(boot, "boot");
    sched_stack_adopt_boot(boot);
    boot->state = THREAD_RUNNING;
    boot->slice_left = SCHED_QUANTUM_TICKS;
    add_to_all(boot);                         /* id 0 */
    sched_current = boot;

    wait_queue_init(&reaper_queue);
    sched_reaper_thread = thread_create("reaper", reaper_main, NULL, 32 * 1024);
    if (!sched_reaper_thread)
        panic("sched_init: no memory for the reaper thread");
}

sched_reap_hook_fn sched_set_reap_hook(sched_reap_hook_fn hook)
{
    bool irq = irq_save();
    sched_reap_hook_fn previous = reap_hook;
    reap_hook = hook;
    irq_restore(irq);
    return previous;
}

uint64_t sched_thread_count(void)
{
    return thread_count;
}

uint64_t sched_reaped_count(void)
{
    return reaped_count;
}

void sched_for_each(void (*fn)(const struct thread *t, void *ctx), void *ctx)
{
    bool irq = irq_save();
    for (struct thread *t = all_head; t; t = t->all_next)
        fn(t, ctx);
    irq_restore(irq);
}

const char *thread_state_name(enum thread_state state)
{
    static const char *const names[] = {
        [THREAD_RUNNING] = "running", [THREAD_READY] = "ready",
        [THREAD_BLOCKED] = "blocked", [THREAD_SLEEPING] = "sleeping",
        [THREAD_DEAD] = "dead",
    };
    return state < ARRAY_SIZE(names) ? names[state] : "?";
}

static void print_thread(const struct thread *t, void *unused)
{
    (void)unused;
    kprintf("  %4lu %-16s %-8s %8lu %8lu %5lu KiB  0x%016lx\n", t->id, t->name,
            thread_state_name(t->state), t->switches_in, t->ticks,
            (t->stack_top - t->stack_base) / 1024, t->stack_base);
}

void sched_print_threads(void)
{
    kprintf("    id name             state    switches    ticks  stack      stack base\n");
    sched_for_each(print_thread, NULL);
}
