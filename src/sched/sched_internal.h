/*
 * sched_internal.h — what the scheduler's files share with each other and with
 * switch.asm, and nobody else uses: the switch itself, the run queue, the sleep list,
 * thread stacks.
 *
 * Unless a comment says otherwise, every function here expects interrupts off: the
 * scheduler's lists are protected by disabling interrupts (one CPU), nothing else.
 */
#ifndef ATOLL_SCHED_INTERNAL_H
#define ATOLL_SCHED_INTERNAL_H

#include "thread.h"

/* sched.c: the running thread, the idle thread, the switch and the run queue. */
extern struct thread *sched_current;
extern struct thread *sched_idle_thread;

/* Save `tf` as the running thread's frame, with its SSE state; pick the next thread and
 * return its frame to resume. A thread still RUNNING goes to the back of the run queue
 * (a yield or a preemption); any other state means the caller has already put it
 * where it waits. Called by the tick hook and by sched_switch_voluntary. */
struct trap_frame *sched_switch(struct trap_frame *tf);

/* switch.asm: enter sched_switch as if interrupted right after this call; returns when
 * the scheduler resumes this thread, with the caller's interrupt flag. */
void sched_switch_voluntary(void);

/* Leave the CPU in `state` (BLOCKED, SLEEPING or DEAD): the caller has put the running
 * thread in the list that will wake it. Returns once it is woken. */
void sched_block(enum thread_state state);

/* Make `t` READY at the back of the run queue. Safe from interrupt handlers. */
void sched_make_ready(struct thread *t);

/* wait.c: wake every sleeper (and timed waiter) whose deadline is <= now_ns. Tick only. */
void sched_wake_sleepers(uint64_t now_ns);

/* thread.c: a thread with a stack and a first frame, not yet in any queue; and the
 * threads the scheduler creates at boot. */
struct thread *sched_thread_new(const char *name, void (*entry)(void *arg), void *arg,
                                size_t stack_bytes);
void sched_threads_init(void);
extern struct thread *sched_reaper_thread;

/* stack.c: a stack in its own reservation with SCHED_GUARD_BYTES unmapped below it, and
 * the frame a new thread starts from; false when memory runs out (nothing kept). */
bool sched_stack_alloc(struct thread *t, size_t stack_bytes);
void sched_stack_free(struct thread *t);
struct trap_frame *sched_stack_first_frame(struct thread *t, void (*start)(struct thread *));

/* stack.c: adopt the boot stack (boot.asm) as thread 0's. */
void sched_stack_adopt_boot(struct thread *t);

/* stack.c: the fault note (trap.h): name the running thread and any guard page hit. */
void sched_fault_note(const struct trap_frame *tf, uint64_t fault_addr);

#endif
