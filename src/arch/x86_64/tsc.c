/*
 * tsc.c — calibrate the TSC against PIT channel 2 and convert cycles to nanoseconds.
 *
 * The PIT counts at a known 1.193182 MHz. We read its count and the TSC together at
 * the start and the end of a ~35 ms window, and divide. Under emulation the host may
 * deschedule QEMU for milliseconds at any moment, so a reading counts only when the
 * TSC advanced little while we read the PIT (the two then describe one instant); a
 * reading that took long is taken again. Three windows, keeping the median, finish it.
 * Conversion is fixed point: ns = cycles * mult >> 32 with mult = 10^9 * 2^32 / hz,
 * computed in 128 bits, so no run-time division and no libgcc.
 */
#include "tsc.h"

#include "cpu.h"
#include "panic.h"
#include "pit.h"

#define WINDOW_PIT_TICKS 40000      /* ~33.5 ms of PIT input clock */
#define READ_MAX_CYCLES 100000      /* a PIT read slower than this was interrupted */
#define ROUNDS 3

static uint64_t hz;
static uint64_t ns_mult;            /* nanoseconds per cycle, 32.32 fixed point */

/* Read the PIT count and the TSC at (nearly) one instant; false if it took too long. */
static bool read_pair(uint16_t *count, uint64_t *tsc)
{
    uint64_t before = rdtsc();
    *count = pit_read_countdown();
    uint64_t after = rdtsc();
    *tsc = before + (after - before) / 2;
    return after - before < READ_MAX_CYCLES;
}

/* One window: TSC cycles per second, or 0 if the window must be measured again. */
static uint64_t measure_once(void)
{
    uint16_t start_count, end_count;
    uint64_t start_tsc, end_tsc;
    pit_start_countdown(0xFFFF);
    while (pit_read_countdown() > 0xFF00)        /* let the load settle into the counter */
        ;
    if (!read_pair(&start_count, &start_tsc))
        return 0;
    do {
        if (!read_pair(&end_count, &end_tsc))
            continue;
        if (end_count > start_count)             /* wrapped past 0: we were away too long */
            return 0;
    } while (start_count - end_count < WINDOW_PIT_TICKS);
    return (end_tsc - start_tsc) * PIT_HZ / (start_count - end_count);
}

uint64_t tsc_calibrate(void)
{
    uint64_t rounds[ROUNDS];
    for (int i = 0, tries = 0; i < ROUNDS; tries++) {
        if (tries == 50)
            panic("tsc: no undisturbed PIT window in 50 tries");
        if ((rounds[i] = measure_once()) != 0)
            i++;
    }
    for (int i = 1; i < ROUNDS; i++)             /* insertion sort, then the median */
        for (int j = i; j > 0 && rounds[j - 1] > rounds[j]; j--) {
            uint64_t t = rounds[j];
            rounds[j] = rounds[j - 1];
            rounds[j - 1] = t;
        }
    hz = rounds[ROUNDS / 2];
    if (hz < 1000000)
        panic("tsc: calibrated at %lu Hz, which cannot be right", hz);
    ns_mult = (1000000000ull << 32) / hz;
    return hz;
}

uint64_t tsc_hz(void)
{
    return hz;
}

uint64_t tsc_to_ns(uint64_t cycles)
{
    return (uint64_t)(((unsigned __int128)cycles * ns_mult) >> 32);
}
