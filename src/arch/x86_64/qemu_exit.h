/*
 * qemu_exit.h — leave QEMU with a status code, through its isa-debug-exit device.
 *
 * Test runs start QEMU with `-device isa-debug-exit,iobase=0xf4,iosize=0x04`. A write
 * of `code` to port 0xf4 makes QEMU exit with status (code << 1) | 1, so the harness
 * (test/qemu/boot.sh) tells a passing run (33) from a failing one (35) or a panic (37).
 * Without the device the write does nothing and the caller carries on (halts).
 */
#ifndef ATOLL_QEMU_EXIT_H
#define ATOLL_QEMU_EXIT_H

#include "ioport.h"

enum qemu_exit_code {
    QEMU_EXIT_PASS = 0x10,   /* QEMU status 33: every self-test passed */
    QEMU_EXIT_FAIL = 0x11,   /* QEMU status 35: a self-test failed */
    QEMU_EXIT_PANIC = 0x12,  /* QEMU status 37: the kernel panicked */
};

static inline void qemu_exit(enum qemu_exit_code code)
{
    outl(0xF4, code);
}

#endif
