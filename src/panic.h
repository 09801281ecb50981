/*
 * panic.h — stop the kernel when one of its own invariants is broken.
 *
 * panic("where: what %d", x) prints "PANIC at file:line: message" and halts. When the
 * kernel runs tests (panic_exit_qemu set from the command line), it first asks QEMU to
 * exit with QEMU_EXIT_PANIC so a test run never hangs. Bad input from outside (a
 * malformed module, a faulting SIP) is never a panic: it is an error value.
 */
#ifndef ATOLL_PANIC_H
#define ATOLL_PANIC_H

#include <stdbool.h>

#include "kprintf.h"

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

/* Print "PANIC at file:line: message" (once, should it panic again on the way), then
 * exit QEMU in test runs or halt for good. Behind the panic() macro. */
__attribute__((noreturn)) KPRINTF_FORMAT(3, 4)
void panic_at(const char *file, int line, const char *fmt, ...);

/* When true, panic exits QEMU through isa-debug-exit instead of only halting. */
extern bool panic_exit_qemu;

#endif
