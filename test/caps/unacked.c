/*
 * unacked.c — waits for COM1's IRQ twice without acknowledging the first: the line
 * stays masked, so the second wait could never end. The kernel traps it instead.
 * Loaded by test/suite-caps.sh, configuration "again", which types one byte into COM1.
 */
#include "atoll.h"

ATOLL_CAPS(ATOLL_CAP_IO(0x3F8, 1, ATOLL_READ) ATOLL_CAP_IO(0x3F9, 1, ATOLL_WRITE)
           ATOLL_CAP_IO(0x3FD, 1, ATOLL_READ) ATOLL_CAP_IRQ(4));

int _start(void)
{
    while (atoll_in8(0x3FD) & 1)
        atoll_in8(0x3F8);
    atoll_out8(0x3F9, 1);
    atoll_print("unacked: ready\n");
    atoll_irq_wait(4);
    atoll_out8(0x3F9, 0);
    while (atoll_in8(0x3FD) & 1)
        atoll_in8(0x3F8);
    atoll_print("unacked: got IRQ 4; waiting again without irq_ack\n");
    atoll_irq_wait(4);
    atoll_print("unacked: this line must never appear\n");
    return 0;
}
