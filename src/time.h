/*
 * time.h — the timer tick and the monotonic clock.
 *
 * The PIT interrupts TIMER_HZ times a second; each tick bumps a counter and calls the
 * tick hook, through which the scheduler preempts. Time itself comes from the TSC,
 * so time_ns() is exact between ticks and unaffected by lost interrupts.
 */
#ifndef ATOLL_TIME_H
#define ATOLL_TIME_H

#include <stdint.h>

#include "trap.h"

#define TIMER_HZ 100

/* Calibrate the TSC, start the periodic tick (interrupts must be enabled by the caller). */
void time_init(void);

/* Nanoseconds since time_init. */
uint64_t time_ns(void);

/* Timer interrupts since time_init. */
uint64_t time_ticks(void);

/* Busy-wait (interrupts keep running) for `ns` nanoseconds. */
void time_delay_ns(uint64_t ns);

/* Called on every tick after the counter is bumped, with the interrupted frame; returns
 * the frame to resume (a scheduler returns another thread's). NULL removes the hook. */
typedef struct trap_frame *(*tick_hook_fn)(struct trap_frame *tf);
tick_hook_fn time_set_tick_hook(tick_hook_fn hook);

#endif
