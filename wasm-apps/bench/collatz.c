/*
 * collatz.c — integer loops: the lengths of Collatz sequences.
 *
 * A tight loop of 32-bit adds, shifts, a multiply and a data-dependent branch, with a few
 * live locals: it measures whether locals stay in registers across the loop and whether
 * compares fuse with their branches. Starting values stay below 100,000, where no
 * sequence climbs past 2^32 (the highest, from 77,671, peaks at 1,570,824,736), so u32
 * arithmetic is exact.
 */
#include <stdint.h>

/* Steps for `x` to reach 1 under x -> x/2 (even), x -> 3x+1 (odd). */
static uint32_t collatz_steps(uint32_t x)
{
    uint32_t steps = 0;
    while (x != 1) {
        x = (x & 1) ? 3 * x + 1 : x >> 1;
        steps++;
    }
    return steps;
}

/* Sums the steps of n starting values, cycling through 1..99,999; mixes them in so
 * the order matters. */
uint64_t run(int n)
{
    uint64_t sum = 0;
    uint32_t start = 1;
    for (int i = 0; i < n; i++) {
        sum = sum * 31 + collatz_steps(start);
        start = start == 99999 ? 1 : start + 1;
    }
    return sum;
}
