/*
 * time.c — counts timer ticks and reads the clock. Time comes from the TSC, never
 * from the tick count, because ticks can be late or lost under an emulator; the tick
 * only drives preemption and sleep deadlines, through the scheduler's tick hook.
 */
#include "time.h"

#include "cpu.h"
#include "pit.h"
#include "tsc.h"

static volatile uint64_t ticks;
static uint64_t tsc_at_boot;
static tick_hook_fn tick_hook;

static struct trap_frame *on_timer_irq(struct trap_frame *tf)
{
    ticks++;
    return tick_hook ? tick_hook(tf) : tf;
}

void time_init(void)
{
    tsc_calibrate();
    tsc_at_boot = rdtsc();
    pit_set_periodic(TIMER_HZ);
    irq_set_handler(0, on_timer_irq);
}

uint64_t time_ns(void)
{
    return tsc_to_ns(rdtsc() - tsc_at_boot);
}

uint64_t time_ticks(void)
{
    return ticks;
}

void time_delay_ns(uint64_t ns)
{
    uint64_t end = time_ns() + ns;
    while (time_ns() < end)
        cpu_pause();
}

tick_hook_fn time_set_tick_hook(tick_hook_fn hook)
{
    tick_hook_fn previous = tick_hook;
    tick_hook = hook;
    return previous;
}
