/*
 * ipcbench.c — what IPC costs, timed inside the guest with atoll.cycles (the TSC; one
 * count per instruction under QEMU -icount shift=0). test/ipc/bench.sh runs it; the
 * figures are in docs/ipc.md. Started at boot with the option "spawn"; it spawns itself
 * ("ipcbench echo" / "ipcbench yield") as the partner.
 *
 *   call        a kernel call that does nothing (atoll.sip_id)
 *   recv-empty  chan_recv, non-blocking, on an empty channel: an IPC call's fixed cost
 *   queued      chan_send + chan_recv on one channel by one SIP: the queued path, no switch
 *   roundtrip   8 bytes to the partner and back: two sends, two receives, two switches
 *   yield       atoll.yield to the partner and back: two switches, nothing else
 *
 * Each figure is the median of SAMPLES samples of BATCH operations each, per operation.
 */
#include "atoll_ipc.h"

#define SAMPLES 101
#define BATCH 100

static long long samples[SAMPLES];

static long long median(void)
{
    for (int i = 1; i < SAMPLES; i++)
        for (int j = i; j > 0 && samples[j - 1] > samples[j]; j--) {
            long long t = samples[j];
            samples[j] = samples[j - 1];
            samples[j - 1] = t;
        }
    return samples[SAMPLES / 2];
}

static void report(const char *what, const char *detail)
{
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "BENCH ipc ");
    atoll_line_str(&line, what);
    atoll_line_str(&line, ": ");
    atoll_line_int(&line, median());
    atoll_line_str(&line, " cycles (");
    atoll_line_str(&line, detail);
    atoll_line_str(&line, ")");
    atoll_line_end(&line);
}

/* Time BATCH runs of `op` per sample (a warm-up sample first). */
#define MEASURE(op)                                                     \
    for (int s = -1; s < SAMPLES; s++) {                                \
        long long t0 = atoll_cycles();                                  \
        for (int k = 0; k < BATCH; k++) {                               \
            op;                                                         \
        }                                                               \
        if (s >= 0)                                                     \
            samples[s] = (atoll_cycles() - t0) / BATCH;                 \
    }

static int echo(void)
{
    char msg[8];
    int n;
    while ((n = atoll_chan_recv(ATOLL_HANDLE_INPUT, msg, sizeof msg, 0, 0, 0)) >= 0)
        atoll_chan_send(ATOLL_HANDLE_INPUT, msg, n, 0, 0, 0);
    return 0;
}

/* Yields until the parent closes its end of our channel (looked at every 64 yields,
 * so that the parent's figure holds yields only). */
static int yielder(void)
{
    struct atoll_wait item = { ATOLL_HANDLE_INPUT, ATOLL_SIG_PEER_CLOSED, 0 };
    while (atoll_wait(&item, 1, 0) == ATOLL_ERR_TIMED_OUT)
        for (int i = 0; i < 64; i++)
            atoll_yield();
    return 0;
}

/* A partner "ipcbench ROLE" with the other end of a new channel; our end in *mine. */
static int partner(const char *cmdline, int *mine)
{
    int ends[2];
    if (atoll_chan_create(ends) != 0)
        return -1;
    *mine = ends[0];
    return ipc_spawn(cmdline, &ends[1], 1, 0);
}

int _start(void)
{
    char args[32], msg[8] = "pingpon";
    int c[2], mine, code;
    atoll_get_args(args, sizeof args);
    if (ipc_same(args, "echo", 5))
        return echo();
    if (ipc_same(args, "yield", 6))
        return yielder();

    MEASURE(atoll_sip_id());
    report("call", "atoll.sip_id, a kernel call that does nothing");
    atoll_chan_create(c);
    MEASURE(atoll_chan_recv(c[1], msg, 8, 0, 0, ATOLL_NONBLOCK));
    report("recv-empty", "chan_recv non-blocking on an empty channel");
    MEASURE(atoll_chan_send(c[0], msg, 8, 0, 0, 0); atoll_chan_recv(c[1], msg, 8, 0, 0, 0));
    report("queued", "chan_send + chan_recv of 8 bytes through the queue, one SIP");

    int child = partner("ipcbench echo", &mine);
    MEASURE(atoll_chan_send(mine, msg, 8, 0, 0, 0); atoll_chan_recv(mine, msg, 8, 0, 0, 0));
    report("roundtrip", "8 bytes to another SIP and back: 2 sends, 2 receives, 2 switches");
    atoll_handle_close(mine);
    atoll_sip_wait(child, &code);

    child = partner("ipcbench yield", &mine);
    MEASURE(atoll_yield());
    report("yield", "atoll.yield to another SIP and back: 2 switches");
    atoll_handle_close(mine);
    atoll_sip_wait(child, &code);
    ipc_print("BENCH ipc done\n");
    return 0;
}
