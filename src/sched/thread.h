/*
 * thread.h — kernel threads and the scheduler: the API the rest of the kernel (the SIP
 * layer first) uses to run code concurrently, preemptively, on one CPU.
 *
 * A thread is a stack of its own (with an unmapped guard below it), the registers of
 * its last interruption (a struct trap_frame on that stack) and its SSE state. The
 * scheduler is round-robin over one run queue; the timer tick preempts; threads block
 * on wait queues or sleep until a deadline. docs/sched.md explains the switch path.
 *
 * Every function here may be called with interrupts on or off, from thread context;
 * sched_wake_one/sched_wake_all may also be called from interrupt handlers.
 */
#ifndef ATOLL_SCHED_THREAD_H
#define ATOLL_SCHED_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fpu.h"
#include "trap.h"

#define THREAD_NAME_MAX 32
#define SCHED_STACK_DEFAULT (64 * 1024)   /* thread_create(..., 0): this much stack */
#define SCHED_STACK_MARGIN (16 * 1024)    /* kept free for kernel C below stack_limit */
#define SCHED_GUARD_BYTES (64 * 1024)     /* unmapped below each stack (address space only) */
#define SCHED_QUANTUM_TICKS 1             /* a thread runs this many ticks before preemption */

enum thread_state {
    THREAD_RUNNING,            /* on the CPU: the one `thread_current()` returns */
    THREAD_READY,              /* in the run queue */
    THREAD_BLOCKED,            /* in a wait queue (and in the sleep list, if it has a timeout) */
    THREAD_SLEEPING,           /* in the sleep list until its deadline */
    THREAD_DEAD,               /* exited; waiting for the reaper to free it */
};

struct wait_queue;
struct vmm_region;

struct thread {
    /* Read by the SIP layer. */
    char name[THREAD_NAME_MAX];
    uint64_t id;               /* 0 is the boot thread; never reused */
    enum thread_state state;
    uint64_t stack_base;       /* lowest mapped byte of the stack */
    uint64_t stack_top;        /* one past the highest; the first push goes below it */
    uint64_t stack_limit;      /* lowest rsp compiled wasm accepts: stack_base + margin */
    void *owner;               /* the SIP this thread runs for (NULL for kernel threads) */
    void *exec;                /* its struct wasm_exec *, for the switch hook */
    int exit_code;             /* thread_exit's argument, valid once DEAD */

    /* The scheduler's own. */
    struct trap_frame *frame;  /* where the registers were saved, while not RUNNING */
    struct fpu_state fpu;      /* FXSAVE image, while not RUNNING (16-byte aligned) */
    void (*entry)(void *arg);
    void *arg;
    struct vmm_region *stack_region;   /* NULL for the boot thread (static stack) */
    uint64_t guard_base;       /* [guard_base, stack_base) is never mapped */
    bool has_deadline;         /* in the sleep list, until wake_at_ns */
    struct thread *queue_next; /* link in the run queue or in one wait queue */
    struct thread *sleep_next; /* link in the sleep list */
    struct thread *all_next;   /* link in the list of every thread */
    struct wait_queue *waiting_on;     /* the queue a BLOCKED thread is in */
    uint64_t wake_at_ns;       /* deadline while in the sleep list */
    bool woken;                /* sched_wait_timeout: woken (true) or timed out */
    int slice_left;            /* ticks left in the current quantum */
    uint64_t ticks;            /* timer ticks that landed while it ran (CPU time, coarse) */
    uint64_t switches_in;      /* times the scheduler switched to it */
};

/* Threads waiting for something, woken in FIFO order. To wait for a condition without
 * missing the wake-up, test it and wait with interrupts off:
 *     bool irq = irq_save();  while (!ready) sched_wait(&wq);  irq_restore(irq);   */
struct wait_queue {
    struct thread *head, *tail;
};

/* A new READY thread running entry(arg) on a stack of stack_bytes (0: the default;
 * rounded up to pages, at least SCHED_STACK_MARGIN). NULL when memory runs out.
 * Returning from entry is thread_exit(0). */
struct thread *thread_create(const char *name, void (*entry)(void *arg), void *arg,
                             size_t stack_bytes);

struct thread *thread_current(void);

/* End the calling thread. The reaper thread later frees its stack, guard and struct,
 * after calling the reap hook. Panics for the idle and reaper threads. */
_Noreturn void thread_exit(int code);

/* Go to the back of the run queue; returns at once when nothing else is ready. */
void sched_yield(void);

/* Sleep at least ns nanoseconds (woken on the first tick after the deadline). */
void sched_sleep_ns(uint64_t ns);

void wait_queue_init(struct wait_queue *wq);
void sched_wait(struct wait_queue *wq);                        /* until woken */
bool sched_wait_timeout(struct wait_queue *wq, uint64_t ns);   /* false: timed out */
void sched_wake_one(struct wait_queue *wq);                    /* the longest waiter */
void sched_wake_all(struct wait_queue *wq);

/* Make the running boot code thread 0 ("boot"), start the idle and reaper threads,
 * install the tick hook. Needs the heap, the vmm and the timer. */
void sched_init(void);

/* The boot thread's last call: it exits, and from then on only threads run (the idle
 * thread halts the CPU whenever none is ready). Does not return. */
_Noreturn void sched_run(void);

/* Called with interrupts off on every switch, just before `next` resumes (the SIP layer
 * points wasm_exec_current at next->exec). It may rewrite next->frame, which is resumed
 * after it returns (say, to send a killed SIP's thread elsewhere). Returns the previous
 * hook. */
typedef void (*sched_switch_hook_fn)(struct thread *next);
sched_switch_hook_fn sched_set_switch_hook(sched_switch_hook_fn hook);

/* Called by the reaper (thread context, interrupts on) for each dead thread just before
 * its stack and struct are freed. Returns the previous hook. */
typedef void (*sched_reap_hook_fn)(struct thread *dead);
sched_reap_hook_fn sched_set_reap_hook(sched_reap_hook_fn hook);

uint64_t sched_switch_count(void);     /* switches from one thread to another since boot */
uint64_t sched_thread_count(void);     /* threads alive or awaiting the reaper */
uint64_t sched_reaped_count(void);     /* threads freed by the reaper since boot */

/* Call fn on every thread, oldest first, with interrupts off: fn must not block. */
void sched_for_each(void (*fn)(const struct thread *t, void *ctx), void *ctx);

/* Print a `ps`-like table of every thread. */
void sched_print_threads(void);

const char *thread_state_name(enum thread_state state);

/* The benchmark behind `bench=sched`: prints cycles per yield round trip and per switch. */
void sched_bench(void);

#endif
