/*
 * matmul.c — memory-heavy loops: 32-bit integer matrix multiply.
 *
 * Three 256 x 256 matrices (768 KiB, more than L1 and L2 caches of most cores) in
 * static arrays; the i-k-j loop order streams through rows of B and C. It measures the
 * address arithmetic of loads and stores ([base + index*4 + offset]) and, in
 * bounds-check mode, the cost of one check per access. Native code may vectorise this
 * loop; wasm without SIMD cannot, which shows in the ratio.
 */
#include <stdint.h>

enum { N = 256 };

static uint32_t a[N][N], b[N][N], c[N][N];

/* Fills A and B from a simple hash of (i, j, round) so each round differs. */
static void fill(uint32_t round)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (uint32_t)(i * 7 + j * 13) ^ round;
            b[i][j] = (uint32_t)(i * 11 + j * 5) + round;
        }
}

/* C = A * B (mod 2^32). */
static void multiply(void)
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            c[i][j] = 0;
        for (int k = 0; k < N; k++) {
            uint32_t aik = a[i][k];
            for (int j = 0; j < N; j++)
                c[i][j] += aik * b[k][j];
        }
    }
}

/* n rounds of fill + multiply; returns a position-weighted sum over every C. */
uint64_t run(int n)
{
    uint64_t sum = 0;
    for (int round = 0; round < n; round++) {
        fill((uint32_t)round);
        multiply();
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                sum = sum * 0x100000001b3ull + c[i][j];
    }
    return sum;
}
