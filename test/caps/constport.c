/*
 * constport.c — declares the keyboard controller's ports, then writes to 0x61 (the
 * timer gate), a constant port it did not declare. The compiler sees the constant and
 * rejects the module before a single instruction of it runs.
 */
#include "atoll.h"

ATOLL_CAPS(ATOLL_CAP_IO(0x60, 1, ATOLL_RW) ATOLL_CAP_IO(0x64, 1, ATOLL_RW));

int _start(void)
{
    atoll_print("constport: this line must never appear\n");
    atoll_out8(0x64, 0xAE);      /* declared: fine */
    atoll_out8(0x61, 0x03);      /* not declared: the module is rejected */
    return 0;
}
