/*
 * ioport.h — x86 port I/O: the in and out instructions as inline C functions.
 *
 * Port I/O reaches the legacy devices Atoll drives: the serial UART, the PIC, the
 * PIT, the keyboard controller and QEMU's isa-debug-exit device. Each helper is one
 * instruction; the "memory" clobber keeps the compiler from reordering device accesses
 * around ordinary loads and stores.
 */
#ifndef ATOLL_IOPORT_H
#define ATOLL_IOPORT_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t value)
{
    __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline void outw(uint16_t port, uint16_t value)
{
    __asm__ volatile("outw %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline void outl(uint16_t port, uint32_t value)
{
    __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t value;
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t value;
    __asm__ volatile("inw %1, %0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t value;
    __asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}

/* A short delay: a write to port 0x80 (the POST code port) takes about a microsecond. */
static inline void io_wait(void)
{
    outb(0x80, 0);
}

#endif
