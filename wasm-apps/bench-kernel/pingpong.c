/*
 * pingpong.c — a channel round trip between two SIPs. Started at boot with the option
 * "spawn", the module makes a channel and spawns itself by name with the argument
 * "echo" and the other end as the child's handle 0; then it times round trips:
 *
 *     parent: t0 = cycles()  chan_send ──> child: chan_recv returns (it was waiting)
 *                                              chan_send back
 *     parent: chan_recv returns <──────────────┘  (child waits in chan_recv again)
 *     parent: t1 = cycles()
 *
 * A round trip is two sends, two receives and two switches, a 1-byte message each way.
 * At the end the parent closes its end: the child's receive fails and it exits.
 */
#include "kbench.h"

#define ROUND_TRIPS 1001
#define MODULE_NAME "pingpong"

static int echo(void)
{
    char byte;
    int answered = 0;
    while (atoll_chan_recv(ATOLL_HANDLE_INPUT, &byte, 1, 0, 0, 0) == 1 &&
           atoll_chan_send(ATOLL_HANDLE_INPUT, &byte, 1, 0, 0, 0) == 0)
        answered++;
    return answered;
}

static void fail(const char *what, int error)
{
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "BENCH channel round trip: failed: ");
    atoll_line_str(&line, what);
    atoll_line_str(&line, " returned ");
    atoll_line_int(&line, error);
    atoll_line_end(&line);
}

int _start(void)
{
    char args[16];
    atoll_get_args(args, sizeof args);
    if (args[0] == 'e')
        return echo();

    int ends[2];
    int r = atoll_chan_create(ends);
    if (r != 0)
        return fail("chan_create", r), 1;
    static const char child_line[] = MODULE_NAME " echo";
    int child = atoll_spawn(child_line, sizeof child_line - 1, &ends[1], 1, 0);
    if (child < 0)
        return fail("spawn", child), 1;

    long long overhead = kb_overhead();
    static long long tenths[ROUND_TRIPS];
    char byte = 'p';
    for (int i = -KB_WARMUP; i < ROUND_TRIPS; i++) {
        long long t0 = atoll_cycles();
        int sent = atoll_chan_send(ends[0], &byte, 1, 0, 0, 0);
        int got = atoll_chan_recv(ends[0], &byte, 1, 0, 0, 0);
        long long t1 = atoll_cycles();
        if (sent != 0 || got != 1)
            return fail(sent != 0 ? "chan_send" : "chan_recv", sent != 0 ? sent : got), 1;
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
