/*
 * sched.c — the scheduler proper: one run queue served round-robin, the switch, the
 * timer tick that preempts, yield, and the idle thread.
 *
 * Every switch, preemptive or voluntary, is the same act: the running thread's
 * registers already sit in a struct trap_frame on its own stack (pushed by isr.asm for
 * an interrupt, by switch.asm for a call), sched_switch records where, saves the SSE
 * registers with FXSAVE, and returns the frame of the next thread, which isr.asm pops
 * and resumes with iretq. Interrupts are off throughout; that is the only lock.
 */
#include "sched_internal.h"

#include "cpu.h"
#include "panic.h"
#include "time.h"

struct thread *sched_current;
struct thread *sched_idle_thread;

static struct thread *run_head, *run_tail;    /* READY threads, FIFO */
static sched_switch_hook_fn switch_hook;
static uint64_t switch_count;

void sched_make_ready(struct thread *t)
{
    bool irq = irq_save();
    t->state = THREAD_READY;
    t->queue_next = NULL;
    if (run_tail)
        run_tail->queue_next = t;
    else
        run_head = t;
    run_tail = t;
    irq_restore(irq);
}

/* The thread at the head of the run queue, taken off it; NULL when none is ready. */
static struct thread *run_queue_pop(void)
{
    struct thread *t = run_head;
    if (t) {
        run_head = t->queue_next;
        if (!run_head)
            run_tail = NULL;
        t->queue_next = NULL;
    }
    return t;
}

struct trap_frame *sched_switch(struct trap_frame *tf)
{
    struct thread *prev = sched_current;
    prev->frame = tf;
    if (prev->state == THREAD_RUNNING) {
        if (prev == sched_idle_thread)
            prev->state = THREAD_READY;        /* idle waits outside the run queue */
        else
            sched_make_ready(prev);
    }
    struct thread *next = run_queue_pop();
    if (!next)
        next = sched_idle_thread;
    next->state = THREAD_RUNNING;
    next->slice_left = SCHED_QUANTUM_TICKS;
    if (next == prev)
        return tf;

    if (prev->state != THREAD_DEAD)
        fpu_save(&prev->fpu);                  /* XMM, MXCSR, x87: compiled wasm uses them */
    fpu_restore(&next->fpu);
    sched_current = next;
    switch_count++;
    next->switches_in++;
    if (switch_hook)
        switch_hook(next);
    return next->frame;
}

void sched_block(enum thread_state state)
{
    sched_current->state = state;
    sched_switch_voluntary();
}

/* The tick hook (interrupt context): wake sleepers whose time has come, then preempt
 * the running thread if its quantum is used up and someone else is ready. */
static struct trap_frame *on_tick(struct trap_frame *tf)
{
    struct thread *self = sched_current;
    self->ticks++;
    sched_wake_sleepers(time_ns());
    if (!run_head)
        return tf;                             /* nobody waiting for the CPU */
    if (self != sched_idle_thread && --self->slice_left > 0)
        return tf;
    return sched_switch(tf);
}

void sched_yield(void)
{
    sched_switch_voluntary();                  /* RUNNING: back of the queue */
}

struct thread *thread_current(void)
{
    return sched_current;
}

/* The idle thread: whenever the run queue is empty the scheduler resumes it, and it
 * halts until an interrupt. `sti; hlt` is one step for interrupts (STI takes effect
 * after the next instruction), so a wake-up between the test and the halt is never
 * lost; after any interrupt that made a thread ready, it hands the CPU over at once. */
static void idle_main(void *unused)
{
    (void)unused;
    for (;;) {
        cpu_disable_interrupts();
        if (run_head)
            sched_switch_voluntary();
        else
            __asm__ volatile("sti; hlt" : : : "memory");
    }
}

void sched_init(void)
{
    sched_threads_init();                      /* thread 0 = boot, the reaper */
    sched_idle_thread = sched_thread_new("idle", idle_main, NULL, SCHED_STACK_MARGIN);
    if (!sched_idle_thread)
        panic("sched_init: no memory for the idle thread");
    sched_idle_thread->state = THREAD_READY;   /* never in the run queue */
    if (time_set_tick_hook(on_tick))
        panic("sched_init: a tick hook was already installed");
    trap_set_fault_note(sched_fault_note);
}

void sched_run(void)
{
    thread_exit(0);                            /* the boot stack is static: nothing to free */
}

sched_switch_hook_fn sched_set_switch_hook(sched_switch_hook_fn hook)
{
    bool irq = irq_save();
    sched_switch_hook_fn previous = switch_hook;
    switch_hook = hook;
    irq_restore(irq);
    return previous;
}

uint64_t sched_switch_count(void)
{
    return switch_count;
}
