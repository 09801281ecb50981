/*
 * portrun.c — ports known only at run time, checked when the import is called.
 *
 * Declares port 0x60 for reading and IRQ 1. Arguments: "ok=P bad=Q" (decimal). It reads
 * port P through the atoll.in8 import (allowed when P = 96), prints a line, then reads
 * port Q: when Q was not declared for reading, the call traps and the SIP ends — and
 * with it its claim, which a driver loaded after it can then have.
 */
#include "atoll.h"

ATOLL_CAPS(ATOLL_CAP_IO(0x60, 1, ATOLL_READ) ATOLL_CAP_IRQ(1));

int _start(void)
{
    int ok = (int)atoll_arg_int("ok", 96), bad = (int)atoll_arg_int("bad", 97);
    atoll_in8(ok);
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "portrun: read port ");
    atoll_line_int(&line, ok);
    atoll_line_str(&line, " at run time; now port ");
    atoll_line_int(&line, bad);
    atoll_line_end(&line);
    atoll_in8(bad);
    atoll_print("portrun: this line must never appear\n");
    return 0;
}
