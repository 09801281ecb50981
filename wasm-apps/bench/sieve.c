/*
 * sieve.c — memory-heavy loops: the sieve of Eratosthenes over a 4 MiB byte array.
 *
 * Byte stores with large strides (cache misses), then a streaming pass of byte loads
 * to count. It measures 8-bit loads and stores, loops whose bounds live in locals, and
 * the cost of bounds checks on a memory that does not fit in cache.
 */
#include <stdint.h>

enum { LIMIT = 4 << 20 };

static uint8_t composite[LIMIT];

/* Marks the composites below LIMIT; returns how many primes there are. */
static uint32_t sieve_once(void)
{
    for (uint32_t i = 0; i < LIMIT; i++)
        composite[i] = 0;
    uint32_t count = 0;
    for (uint32_t i = 2; i < LIMIT; i++) {
        if (composite[i])
            continue;
        count++;
        if (i < 2048)                      /* 2048 * 2048 = LIMIT: larger i mark nothing */
            for (uint32_t j = i * i; j < LIMIT; j += i)
                composite[j] = 1;
    }
    return count;
}

/* Sieves n times; returns the prime counts mixed with the round number. */
uint64_t run(int n)
{
    uint64_t sum = 0;
    for (int round = 0; round < n; round++)
        sum = sum * 31 + sieve_once() + (uint32_t)round;
    return sum;
}
