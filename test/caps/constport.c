/*
 * constport.c — declares the CMOS clock's index (0x70, write) and data (0x71, read)
 * ports, then writes to 0x61 (the timer gate), a constant port it did not declare. The
 * compiler sees the constant and rejects the module before an instruction of it runs.
 */
#include "atoll.h"

ATOLL_CAPS(ATOLL_CAP_IO(0x70, 1, ATOLL_WRITE) ATOLL_CAP_IO(0x71, 1, ATOLL_READ));

int _start(void)
{
    atoll_print("constport: this line must never appear\n");
    atoll_out8(0x70, 0x00);              /* declared: the seconds register */
    int seconds = atoll_in8(0x71);       /* declared */
    atoll_out8(0x61, seconds & 3);       /* not declared: the module is rejected */
    return 0;
}
