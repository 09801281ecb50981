/*
 * yield.c — a yield between two SIPs. Two copies of this module run as one round of
 * bench=sip (the kernel starts them together, with nothing else ready), each yielding
 * to the other in a loop:
 *
 *     A: t0 = cycles()  yield ──switch──> B returns from its yield, loops,
 *                                            calls cycles() twice, yields
 *     A: t1 = cycles() <──switch──────────┘
 */
#include "kbench.h"

#define ROUND_TRIPS 1001

/* t1 - t0 is a round trip: two yields, two switches and B's loop (about one pair of
 * cycles() calls, which kb_overhead measures); one way is (round trip - pair) / 2. The
 * copy whose argument is "print" prints; both measure, so both do the same work. */
int _start(void)
{
    char args[16];
    atoll_get_args(args, sizeof args);
    long long overhead = kb_overhead();
    static long long round_trip[ROUND_TRIPS], one_way[ROUND_TRIPS];
    for (int i = -KB_WARMUP; i < ROUND_TRIPS; i++) {
        long long t0 = atoll_cycles();
        atoll_yield();
        long long t1 = atoll_cycles();
        if (i >= 0) {
            round_trip[i] = (t1 - t0) * 10;
            one_way[i] = (t1 - t0 - overhead) * 10 / 2;
        }
    }
    if (args[0] == 'p') {
        kb_report("yield round trip between two SIPs", round_trip, ROUND_TRIPS,
                  "A -> B -> A: two yields and switches, 1001 samples");
        kb_report("yield to another SIP, one way", one_way, ROUND_TRIPS,
                  "(round trip - cycles() pair) / 2");
    }
    return 0;
}
