/*
 * panic.c — the one way the kernel gives up.
 *
 * Interrupts go off first so nothing runs behind the message. A panic inside a panic
 * (say, the console faults) skips straight to halting instead of looping.
 */
#include "panic.h"

#include "cpu.h"
#include "qemu_exit.h"

bool panic_exit_qemu;

static bool panicking;

void panic_at(const char *file, int line, const char *fmt, ...)
{
    cpu_disable_interrupts();
    if (!panicking) {
        panicking = true;
        va_list args;
        va_start(args, fmt);
        kprintf("\nPANIC at %s:%d: ", file, line);
        kvprintf(fmt, args);
        kprintf("\nAtoll halted.\n");
        va_end(args);
    }
    if (panic_exit_qemu)
        qemu_exit(QEMU_EXIT_PANIC);
    cpu_halt_forever();
}
