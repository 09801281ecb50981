/*
 * tsc.h — the time-stamp counter as a clock: calibrated once, then read in ns.
 * QEMU's CPUs name no TSC frequency in CPUID, so it is measured against the PIT at
 * boot; after that, reading the time is one rdtsc and a multiply, with no interrupt
 * (an emulator may drop timer interrupts, never TSC counts).
 */
#ifndef ATOLL_TSC_H
#define ATOLL_TSC_H

#include <stdint.h>

/* Measure the TSC frequency against the PIT; returns it in Hz. */
uint64_t tsc_calibrate(void);

uint64_t tsc_hz(void);

/* Convert a TSC difference to nanoseconds (valid for differences under ~100 years). */
uint64_t tsc_to_ns(uint64_t cycles);

#endif
