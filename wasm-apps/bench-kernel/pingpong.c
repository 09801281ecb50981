/*
 * pingpong.c — what a channel costs, for bench=sip (test/bench/kbench.sh). Started at
 * boot with the option "spawn", the module first times two operations alone (no other
 * SIP ready), then spawns itself by name with the argument "echo" and the other end of
 * a channel as the child's handle 0, and times round trips:
 *
 *     parent: t0 = cycles()  chan_send ──> child: chan_recv returns (it was waiting)
 *                                              chan_send back
 *     parent: chan_recv returns <──────────────┘  (child waits in chan_recv again)
 *     parent: t1 = cycles()
 */
#include "kbench.h"

#define ROUND_TRIPS 1001
#define CALLS 100                        /* operations per sample, for the single-SIP rows */
#define MODULE_NAME "pingpong"

/* The child: send every byte back until the parent's end closes; the count answered. */
static int echo(void)
{
    char byte;
    int answered = 0;
    while (atoll_chan_recv(ATOLL_HANDLE_INPUT, &byte, 1, 0, 0, 0) == 1 &&
           atoll_chan_send(ATOLL_HANDLE_INPUT, &byte, 1, 0, 0, 0) == 0)
        answered++;
    return answered;
}

/* "BENCH OP: failed: WHAT VALUE", which kbench.sh reports. */
static void fail(const char *op, const char *what, int value)
{
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "BENCH ");
    atoll_line_str(&line, op);
    atoll_line_str(&line, ": failed: ");
    atoll_line_str(&line, what);
    atoll_line_str(&line, " ");
    atoll_line_int(&line, value);
    atoll_line_end(&line);
}

/* Per operation, in tenths of a cycle: KB_SAMPLES samples of CALLS operations on the
 * channel `ends`, either non-blocking receives from its empty end (the fixed cost of an
 * IPC call: handle lookup, checks, no copy) or a send of 1 byte on one end and its
 * receive on the other (the queued path: two copies through a kernel buffer, no
 * switch). False (and a "failed" line) if a receive said otherwise. */
static int measure_alone(const char *op, const int *ends, int queued, long long overhead,
                         const char *detail)
{
    static long long tenths[KB_SAMPLES];
    char byte = 'q';
    int wrong = 0, want = queued ? 1 : ATOLL_ERR_EMPTY;
    for (int i = -KB_WARMUP; i < KB_SAMPLES; i++) {
        long long t0 = atoll_cycles();
        for (int k = 0; k < CALLS; k++) {
            if (queued)
                atoll_chan_send(ends[0], &byte, 1, 0, 0, 0);
            wrong += atoll_chan_recv(ends[1], &byte, 1, 0, 0, ATOLL_NONBLOCK) != want;
        }
        long long cycles = atoll_cycles() - t0 - overhead;
        if (i >= 0)
            tenths[i] = cycles * 10 / CALLS;
    }
    if (wrong)
        return fail(op, "receives with another result:", wrong), 0;
    kb_report(op, tenths, KB_SAMPLES, detail);
    return 1;
}

/* A round trip is two sends, two receives and two switches, a 1-byte message each way
 * (the direct path: the receiver is always waiting). At the end the parent closes its
 * end: the child's receive fails and it exits with the number of messages it answered. */
int _start(void)
{
    char args[16];
    atoll_get_args(args, sizeof args);
    if (args[0] == 'e')
        return echo();

    long long overhead = kb_overhead();
    int ends[2];
    int r = atoll_chan_create(ends);
    if (r != 0)
        return fail("channel round trip", "chan_create returned", r), 1;
    if (!measure_alone("channel recv, nothing queued", ends, 0, overhead,
                       "chan_recv non-blocking on an empty channel, 201 samples of 100") ||
        !measure_alone("channel send + recv, queued", ends, 1, overhead,
                       "1 byte through the queue by one SIP, no switch, 201 samples of 100"))
        return 1;
    static const char child_line[] = MODULE_NAME " echo";
    int child = atoll_spawn(child_line, sizeof child_line - 1, &ends[1], 1, 0);
    if (child < 0)
        return fail("channel round trip", "spawn returned", child), 1;

    static long long tenths[ROUND_TRIPS];
    char byte = 'p';
    for (int i = -KB_WARMUP; i < ROUND_TRIPS; i++) {
        long long t0 = atoll_cycles();
        int sent = atoll_chan_send(ends[0], &byte, 1, 0, 0, 0);
        int got = atoll_chan_recv(ends[0], &byte, 1, 0, 0, 0);
        long long t1 = atoll_cycles();
        if (sent != 0)
            return fail("channel round trip", "chan_send returned", sent), 1;
        if (got != 1)
            return fail("channel round trip", "chan_recv returned", got), 1;
        if (i >= 0)
            tenths[i] = (t1 - t0 - overhead) * 10;
    }
    kb_report("channel round trip", tenths, ROUND_TRIPS,
              "send + receive a 1-byte message each way, two switches, 1001 samples");
    atoll_handle_close(ends[0]);
    int code = 0;
    atoll_sip_wait(child, &code);
    return code == ROUND_TRIPS + KB_WARMUP ? 0 : 2;
}
