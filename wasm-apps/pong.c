/*
 * pong.c — the echoing half of ping-pong: receives on handle 0 (the channel its parent,
 * ping, handed it), adds one to every byte, sends the result back. Ends when ping
 * closes its end; the exit code is the number of messages answered.
 */
#include "atoll_ipc.h"

static unsigned char buf[ATOLL_MSG_MAX_BYTES];

int _start(void)
{
    int answered = 0;
    for (;;) {
        int n = atoll_chan_recv(ATOLL_HANDLE_INPUT, buf, sizeof buf, 0, 0, 0);
        if (n < 0)
            return n == ATOLL_ERR_PEER_CLOSED ? answered : n;
        for (int i = 0; i < n; i++)
            buf[i]++;
        if (atoll_chan_send(ATOLL_HANDLE_INPUT, buf, n, 0, 0, 0) != 0)
            return -100;
        answered++;
    }
}
