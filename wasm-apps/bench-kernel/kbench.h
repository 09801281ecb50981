/*
 * kbench.h — what the kernel benchmark SIPs share: samples timed with atoll.cycles,
 * their median, and one BENCH line per measurement for test/bench/kbench.sh to read.
 *
 * A figure is the median over SAMPLES samples, after WARMUP samples thrown away (the
 * first ones pay for cold caches, first-touch page faults and partners still starting).
 * A sample is the atoll.cycles difference around the measured code, less the cost of
 * reading the counter itself (`kb_overhead`: two cycles() calls back to back), divided
 * by how many times the code ran. Figures are printed with one decimal.
 */
#ifndef KBENCH_H
#define KBENCH_H

#include "atoll.h"

#define KB_SAMPLES 201
#define KB_WARMUP 20

/* Sort v[0..n) in place (insertion sort: n is small) and return its middle value. */
static long long kb_median(long long *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            long long t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

/* Median cycles between two atoll.cycles calls in a row: what a sample subtracts. */
static long long kb_overhead(void)
{
    long long v[KB_SAMPLES];
    for (int i = -KB_WARMUP; i < KB_SAMPLES; i++) {
        long long t0 = atoll_cycles();
        long long t1 = atoll_cycles();
        if (i >= 0)
            v[i] = t1 - t0;
    }
    return kb_median(v, KB_SAMPLES);
}

/* "12.3": a value in tenths, with one decimal. */
static void kb_line_tenths(struct atoll_line *line, long long tenths)
{
    if (tenths < 0) {
        atoll_line_str(line, "-");
        tenths = -tenths;
    }
    atoll_line_int(line, tenths / 10);
    atoll_line_str(line, ".");
    atoll_line_int(line, tenths % 10);
}

/* "BENCH OP: median M cycles, min N (DETAIL)" from samples in tenths of a cycle. */
static void kb_report(const char *op, long long *tenths, int n, const char *detail)
{
    struct atoll_line line;
    line.len = 0;
    long long m = kb_median(tenths, n);
    atoll_line_str(&line, "BENCH ");
    atoll_line_str(&line, op);
    atoll_line_str(&line, ": median ");
    kb_line_tenths(&line, m);
    atoll_line_str(&line, " cycles, min ");
    kb_line_tenths(&line, tenths[0]);
    atoll_line_str(&line, " (");
    atoll_line_str(&line, detail);
    atoll_line_str(&line, ")");
    atoll_line_end(&line);
}

#endif
