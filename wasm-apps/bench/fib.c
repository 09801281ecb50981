/*
 * fib.c — calls: naive recursive Fibonacci.
 *
 * Almost all the time goes into call and return: the prologue (with its stack-limit
 * check), passing one argument, returning one result, and spilling around the two calls.
 * A compiler that keeps arguments and results in registers wins here. clang keeps the
 * recursion (noinline), so wasm and native make the same number of calls.
 */
#include <stdint.h>

__attribute__((noinline)) static uint32_t fib(uint32_t k)
{
    if (k < 2)
        return k;
    return fib(k - 1) + fib(k - 2);
}

/* Sums fib(20..23) over n calls: about 21,000 calls to fib per unit of n. */
uint64_t run(int n)
{
    uint64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += fib(20 + (i & 3));
    return sum;
}
