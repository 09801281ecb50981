/*
 * console.c — the console service: every SIP started with a console handle prints by
 * sending its text here, and this SIP, the only one that writes, puts it out.
 *
 * Handle 0 is the receiving end of the console channel (boot option console=serve).
 * All clients share its one sending end, so their messages queue up here in the order
 * they were sent, each one whole: lines never interleave mid-way. When the last client
 * has closed its handle (and the kernel its own), the receive says PEER_CLOSED and the
 * service ends, reporting what it carried.
 */
#include "atoll_ipc.h"

static char message[ATOLL_MSG_MAX_BYTES];

int _start(void)
{
    long long messages = 0, bytes = 0;
    for (;;) {
        int n = atoll_chan_recv(ATOLL_HANDLE_INPUT, message, sizeof message, 0, 0, 0);
        if (n < 0) {
            struct atoll_line line;
            line.len = 0;
            atoll_line_str(&line, "console: ");
            atoll_line_int(&line, messages);
            atoll_line_str(&line, " messages, ");
            atoll_line_int(&line, bytes);
            atoll_line_str(&line, " bytes; stopping: ");
            atoll_line_str(&line, n == ATOLL_ERR_PEER_CLOSED ? "every client is gone"
                                                             : ipc_error_name(n));
            atoll_line_end(&line);
            return n == ATOLL_ERR_PEER_CLOSED ? 0 : 1;
        }
        atoll_write(message, n);
        messages++;
        bytes += n;
    }
}
