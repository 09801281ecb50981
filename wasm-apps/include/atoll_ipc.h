/*
 * atoll_ipc.h — small helpers for SIPs that talk over channels (docs/ipc.md), built on
 * the imports of atoll.h: printing through the console service, error names, and
 * building messages and command lines.
 *
 * Printing: a SIP started with a console handle (handle 1, ATOLL_HANDLE_CONSOLE) sends
 * each line as one message to the console service, which writes it out; a SIP without
 * one (or whose service is gone) falls back to atoll_write. Either way a line arrives
 * whole, never mixed with another SIP's.
 */
#ifndef ATOLL_IPC_H
#define ATOLL_IPC_H

#include "atoll.h"

static int ipc_console_gone;          /* the console handle failed once: write directly */

/* Write len bytes through the console service, or straight to the kernel's console. */
static inline void ipc_write(const char *text, int len)
{
    if (!ipc_console_gone &&
        atoll_chan_send(ATOLL_HANDLE_CONSOLE, text, len, 0, 0, 0) == 0)
        return;
    ipc_console_gone = 1;
    atoll_write(text, len);
}

static inline void ipc_print(const char *s)
{
    ipc_write(s, atoll_strlen(s));
}

/* atoll_line_end, through ipc_write. */
static inline void ipc_line_end(struct atoll_line *line)
{
    if (line->len == (int)sizeof line->buf)
        line->len--;
    line->buf[line->len++] = '\n';
    ipc_write(line->buf, line->len);
    line->len = 0;
}

/* "ATOLL_ERR_PEER_CLOSED" for -4, "ok" for 0 and up. */
static inline const char *ipc_error_name(int code)
{
    static const char *const names[] = {
        "ok", "ATOLL_ERR_BADHANDLE", "ATOLL_ERR_WRONG_TYPE", "ATOLL_ERR_DENIED",
        "ATOLL_ERR_PEER_CLOSED", "ATOLL_ERR_FULL", "ATOLL_ERR_EMPTY", "ATOLL_ERR_TOO_BIG",
        "ATOLL_ERR_NOMEM", "ATOLL_ERR_NO_SLOTS", "ATOLL_ERR_INVALID", "ATOLL_ERR_BUSY",
        "ATOLL_ERR_TIMED_OUT", "ATOLL_ERR_NOT_FOUND", "ATOLL_ERR_REJECTED",
    };
    if (code >= 0)
        return names[0];
    if (-code < (int)(sizeof names / sizeof names[0]))
        return names[-code];
    return "unknown error";
}

/* spawn with a NUL-terminated command line. */
static inline int ipc_spawn(const char *cmdline, const int *handles, int n, int flags)
{
    return atoll_spawn(cmdline, atoll_strlen(cmdline), handles, n, flags);
}

/* Bytes equal? (no libc, and clang must not turn a loop into a memcmp call). */
static inline int ipc_same(const void *a, const void *b, int len)
{
    const volatile unsigned char *x = a, *y = b;
    for (int i = 0; i < len; i++)
        if (x[i] != y[i])
            return 0;
    return 1;
}

/* Copy len bytes (volatile for the same reason: no memcpy in a SIP). */
static inline void ipc_copy(void *dst, const void *src, int len)
{
    volatile unsigned char *d = dst;
    const unsigned char *s = src;
    for (int i = 0; i < len; i++)
        d[i] = s[i];
}

#endif
