/*
 * hash.c — bit mixing: xorshift, a bitwise CRC-32 and the MurmurHash3 finalizer.
 *
 * Pure 32- and 64-bit ALU work with no memory traffic: shifts, rotates, xors, multiplies
 * and a branch-free conditional xor. It measures instruction selection (rotates,
 * immediates folded into instructions) and register allocation in straight-line code.
 */
#include <stdint.h>

/* One step of Marsaglia's xorshift64 generator. */
static uint64_t xorshift64(uint64_t x)
{
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
}

/* CRC-32 (reflected polynomial 0xEDB88320) of the 4 bytes of `word`, bit by bit. */
static uint32_t crc32_word(uint32_t crc, uint32_t word)
{
    crc ^= word;
    for (int bit = 0; bit < 32; bit++)
        crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    return crc;
}

/* MurmurHash3's 32-bit finalizer: every input bit affects every output bit. */
static uint32_t fmix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
}

static uint32_t rotl32(uint32_t x, int r)
{
    return (x << r) | (x >> (32 - r));
}

/* Hashes n pseudo-random 64-bit words; returns both running hashes. */
uint64_t run(int n)
{
    uint64_t x = 0x9E3779B97F4A7C15ull;
    uint32_t crc = 0xFFFFFFFFu, mix = 0;
    for (int i = 0; i < n; i++) {
        x = xorshift64(x);
        crc = crc32_word(crc, (uint32_t)x);
        mix = rotl32(mix ^ fmix32((uint32_t)(x >> 32)), 13) * 5 + 0xE6546B64u;
    }
    return ((uint64_t)~crc << 32) | mix;
}
