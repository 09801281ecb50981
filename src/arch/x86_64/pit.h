/*
 * pit.h — the 8253/8254 programmable interval timer (1.193182 MHz input clock).
 * Channel 0 drives the periodic tick (IRQ 0, the scheduler's preemption); channel 2,
 * which raises no interrupt, is the known clock the TSC is calibrated against.
 */
#ifndef ATOLL_PIT_H
#define ATOLL_PIT_H

#include <stdint.h>

#define PIT_HZ 1193182u

/* Channel 0 fires IRQ 0 `hz` times a second (mode 2, rate generator). */
void pit_set_periodic(uint32_t hz);

/* Start channel 2 counting down from `count` at PIT_HZ (mode 0, no interrupt). */
void pit_start_countdown(uint16_t count);

/* Channel 2's current count. */
uint16_t pit_read_countdown(void);

#endif
