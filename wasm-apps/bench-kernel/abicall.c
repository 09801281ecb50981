/*
 * abicall.c — what one call costs, run alone (no other SIP ready): a wasm-to-wasm call
 * as the baseline, then calls into the kernel through the atoll ABI (compiled code ->
 * host-function stub -> kernel C -> back), and a yield with nobody else to run.
 *
 * Each sample times CALLS calls in a loop and divides, so a figure includes the loop's
 * own few instructions (the same in every row, and in the baseline).
 */
#include "kbench.h"

#define CALLS 100

static int sink;          /* results go here, so that no call can be dropped */
static int counter;

/* A wasm function the loop must really call: noinline, and it writes memory. */
__attribute__((noinline)) static int local_bump(void)
{
    return ++counter;
}

static long long batch_wasm_call(void)
{
    long long t0 = atoll_cycles();
    for (int k = 0; k < CALLS; k++)
        sink += local_bump();
    return atoll_cycles() - t0;
}

static long long batch_sip_id(void)
{
    long long t0 = atoll_cycles();
    for (int k = 0; k < CALLS; k++)
        sink += atoll_sip_id();
    return atoll_cycles() - t0;
}

static long long batch_cycles(void)
{
    long long t0 = atoll_cycles();
    for (int k = 0; k < CALLS; k++)
        sink += (int)atoll_cycles();
    return atoll_cycles() - t0;
}

static long long batch_yield(void)
{
    long long t0 = atoll_cycles();
    for (int k = 0; k < CALLS; k++)
        atoll_yield();
    return atoll_cycles() - t0;
}

/* Samples of one batch function, per call in tenths of a cycle, then its BENCH line. */
static void measure(const char *op, long long (*batch)(void), long long overhead)
{
    long long tenths[KB_SAMPLES];
    for (int i = -KB_WARMUP; i < KB_SAMPLES; i++) {
        long long cycles = batch() - overhead;
        if (i >= 0)
            tenths[i] = cycles * 10 / CALLS;
    }
    kb_report(op, tenths, KB_SAMPLES, "per call, 201 samples of 100 calls");
}

int _start(void)
{
    long long overhead = kb_overhead();
    long long pair[1] = { overhead * 10 };
    kb_report("cycles() back to back", pair, 1, "the counter read each sample subtracts");
    measure("wasm call", batch_wasm_call, overhead);
    measure("abi call atoll.sip_id", batch_sip_id, overhead);
    measure("abi call atoll.cycles", batch_cycles, overhead);
    measure("yield, no other SIP", batch_yield, overhead);
    return sink == 12345 ? 1 : 0;   /* uses sink; never 1 in practice */
}
