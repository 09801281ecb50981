/*
 * com1out.c — asks to write COM1's transmit register, which the kernel's console owns.
 * Even with a grant that covers it, it must be rejected: the kernel holds that port.
 * Loaded by test/suite-caps.sh, configuration "reject".
 */
#include "atoll.h"

ATOLL_CAPS(ATOLL_CAP_IO(0x3F8, 1, ATOLL_WRITE));

int _start(void)
{
    atoll_out8(0x3F8, '!');
    return 0;
}
