/*
 * kprintf.h — formatted output for the kernel.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%, with length modifiers l, ll and z
 * (%ld %lu %lx %llx %zu...). Flags: '-' left-justify, '0' zero padding; a width
 * (digits or '*'); a precision for strings (%.*s prints at most that many bytes).
 */
#ifndef ATOLL_KPRINTF_H
#define ATOLL_KPRINTF_H

#include <stdarg.h>
#include <stddef.h>

#define KPRINTF_FORMAT(fmt_index, args_index) \
    __attribute__((format(printf, fmt_index, args_index)))

/* Print to the console. Interrupts are held off so one call's text stays together. */
int kprintf(const char *fmt, ...) KPRINTF_FORMAT(1, 2);
int kvprintf(const char *fmt, va_list args);

/* Format into buf (always NUL-terminated when size > 0); returns the full length. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) KPRINTF_FORMAT(3, 4);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list args);

#endif
