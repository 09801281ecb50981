/*
 * ping.c — ping-pong between two SIPs: ping makes a channel, spawns pong with one end
 * as pong's handle 0, sends ROUNDS messages of SIZE bytes and checks every answer
 * (each byte plus one). Then it closes its end, so pong ends, and checks pong's exit
 * code (the number of messages it answered). Arguments: [ROUNDS] [SIZE].
 *
 * It also prints the guest time per round trip (a message there and back: two sends,
 * two receives, two thread switches), for a person at the shell; the kernel's measured
 * figures come from test/bench/kbench.sh (docs/performance.md).
 */
#include "atoll_ipc.h"

static unsigned char out[ATOLL_MSG_MAX_BYTES], in[ATOLL_MSG_MAX_BYTES];

static void fill(unsigned char *buf, int size, int round)
{
    for (int i = 0; i < size; i++)
        buf[i] = (unsigned char)(round * 31 + i * 7);
}

/* The answer is every byte plus one. */
static int answer_ok(int size)
{
    for (int i = 0; i < size; i++)
        if (in[i] != (unsigned char)(out[i] + 1))
            return 0;
    return 1;
}

int _start(void)
{
    char args[64];
    atoll_get_args(args, sizeof args);
    char *cursor = args;
    int rounds = (int)atoll_parse_int(atoll_next_word(&cursor), 1000);
    int size = (int)atoll_parse_int(atoll_next_word(&cursor), 8);
    if (size > ATOLL_MSG_MAX_BYTES)
        size = ATOLL_MSG_MAX_BYTES;

    int ends[2];
    if (atoll_chan_create(ends) != 0)
        return 2;
    int console = atoll_handle_dup(ATOLL_HANDLE_CONSOLE, ATOLL_RIGHT_WRITE | ATOLL_RIGHT_TRANSFER);
    int given[2] = { ends[1], console };
    int pong = ipc_spawn("pong", given, console >= 0 ? 2 : 1, 0);
    if (pong < 0) {
        ipc_print("ping: cannot spawn pong: ");
        ipc_print(ipc_error_name(pong));
        ipc_print("\n");
        return 3;
    }

    int wrong = 0, failed = 0;
    long long start = atoll_time_ns();
    for (int r = 0; r < rounds; r++) {
        fill(out, size, r);
        int s = atoll_chan_send(ends[0], out, size, 0, 0, 0);
        int n = atoll_chan_recv(ends[0], in, sizeof in, 0, 0, 0);
        if (s != 0 || n != size)
            failed++;
        else if (!answer_ok(size))
            wrong++;
    }
    long long elapsed = atoll_time_ns() - start;
    atoll_handle_close(ends[0]);
    int code = -1000;
    atoll_sip_wait(pong, &code);

    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "ping: ");
    atoll_line_int(&line, rounds);
    atoll_line_str(&line, " round trips of ");
    atoll_line_int(&line, size);
    atoll_line_str(&line, " bytes, ");
    atoll_line_int(&line, wrong);
    atoll_line_str(&line, " wrong, ");
    atoll_line_int(&line, failed);
    atoll_line_str(&line, " failed; pong answered ");
    atoll_line_int(&line, code);
    ipc_line_end(&line);
    atoll_line_str(&line, "ping: ");
    atoll_line_int(&line, rounds > 0 ? elapsed / rounds : 0);
    atoll_line_str(&line, " ns per round trip");
    ipc_line_end(&line);
    return wrong == 0 && failed == 0 && code == rounds ? 0 : 1;
}
