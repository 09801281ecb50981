/*
 * modpow.c — i64 arithmetic: modular exponentiation modulo the prime 2^61 - 1.
 *
 * Multiplying two 61-bit numbers needs a 122-bit product; wasm has no 64x64->128
 * multiply, so mulmod61 builds it from four 32x32->64 products and folds it with the
 * identity 2^61 = 1 (mod 2^61 - 1). The work is all i64 multiplies, shifts, masks and
 * adds plus a data-dependent branch per exponent bit: it measures 64-bit instruction
 * selection and register pressure with many live i64 values.
 */
#include <stdint.h>

#define P61 ((1ull << 61) - 1)

/* Reduces s < 2^63 modulo P61. */
static uint64_t reduce61(uint64_t s)
{
    s = (s & P61) + (s >> 61);
    return s >= P61 ? s - P61 : s;
}

/* a * b mod P61, for a, b < P61. */
static uint64_t mulmod61(uint64_t a, uint64_t b)
{
    uint64_t a_hi = a >> 32, a_lo = a & 0xFFFFFFFFu;
    uint64_t b_hi = b >> 32, b_lo = b & 0xFFFFFFFFu;
    uint64_t high = a_hi * b_hi;                   /* weight 2^64 = 8 (mod P61) */
    uint64_t mid = a_hi * b_lo + a_lo * b_hi;      /* weight 2^32, below 2^62 */
    uint64_t low = a_lo * b_lo;                    /* weight 1 */
    uint64_t sum = (high << 3)                     /* below 2^61 */
                 + (mid >> 29)                     /* mid_hi * 2^61 = mid_hi */
                 + ((mid & ((1u << 29) - 1)) << 32)
                 + (low >> 61) + (low & P61);
    return reduce61(sum);
}

/* base^exp mod P61 by square-and-multiply over all 64 bits of exp. */
static uint64_t powmod61(uint64_t base, uint64_t exp)
{
    uint64_t result = 1;
    while (exp) {
        if (exp & 1)
            result = mulmod61(result, base);
        base = mulmod61(base, base);
        exp >>= 1;
    }
    return result;
}

/* A chain of n exponentiations, each feeding the next base. */
uint64_t run(int n)
{
    uint64_t x = 0x123456789ull;
    for (int i = 0; i < n; i++)
        x = powmod61(reduce61(x + (uint64_t)i), 0xF9E3779B97F4A7C1ull);
    return x;
}
