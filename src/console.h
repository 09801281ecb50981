/*
 * console.h — where kernel text goes: COM1 first, the VGA screen as a mirror. Output
 * is polled, so it works from the first line of kmain to a panic with interrupts off;
 * kprintf and the SIPs' atoll.write both end here.
 */
#ifndef ATOLL_CONSOLE_H
#define ATOLL_CONSOLE_H

#include <stddef.h>

void console_init(void);
void console_putc(char c);
void console_write(const char *text, size_t len);

#endif
