/*
 * irqonly.c — asks for IRQ 1 alone. Loaded while the keyboard driver holds the line, it
 * must be rejected: IRQ lines are exclusive. Loaded by test/suite-caps.sh, configuration
 * "reject", right after the keyboard driver.
 */
#include "atoll.h"

ATOLL_CAPS(ATOLL_CAP_IRQ(1));

int _start(void)
{
    atoll_irq_wait(1);
    atoll_print("irqonly: this line must never appear\n");
    return 0;
}
