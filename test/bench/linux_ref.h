/*
 * linux_ref.h — what the two Linux reference programs share (pipe_pingpong.c and
 * yield_pingpong.c): pinning to one CPU, the measuring loop around a round trip (the
 * TSC and a monotonic clock read together, medians), and the one output line
 * test/bench/kbench.sh reads.
 *
 * A sample times BATCH round trips and divides; the figure is the median of SAMPLES
 * samples after WARMUP thrown away, in nanoseconds and in TSC cycles (the TSC's rate
 * comes from the clock over the whole run).
 */
#ifndef LINUX_REF_H
#define LINUX_REF_H

#define _GNU_SOURCE
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

#define SAMPLES 201
#define WARMUP 20
#define BATCH 100

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Pin this process (and the children it forks later) to `cpu`; -1 leaves it free. */
static void pin(int cpu)
{
    if (cpu < 0)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        perror("sched_setaffinity (running unpinned)");
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Time `round_trip` (false: it failed) in batches of BATCH, WARMUP batches thrown away,
 * then print "LINUX what: median N ns, N cycles per round trip (...)": the median of
 * SAMPLES batches, in ns and in cycles at the TSC rate seen over the whole run. False
 * when a round trip failed. */
static bool measure(const char *what, bool (*round_trip)(void), int cpu)
{
    static uint64_t ns[SAMPLES];
    uint64_t tsc0 = __rdtsc(), ns0 = now_ns();
    for (int i = -WARMUP; i < SAMPLES; i++) {
        uint64_t t0 = now_ns();
        for (int k = 0; k < BATCH; k++)
            if (!round_trip())
                return false;
        if (i >= 0)
            ns[i] = (now_ns() - t0) / BATCH;
    }
    double cycles_per_ns = (double)(__rdtsc() - tsc0) / (double)(now_ns() - ns0);
    qsort(ns, SAMPLES, sizeof *ns, cmp_u64);
    printf("LINUX %s: median %lu ns, %.0f cycles per round trip, min %lu ns "
           "(%d samples of %d, pinned to CPU %d, TSC %.0f MHz)\n", what, ns[SAMPLES / 2],
           ns[SAMPLES / 2] * cycles_per_ns, ns[0], SAMPLES, BATCH, cpu, cycles_per_ns * 1000);
    return true;
}

#endif
