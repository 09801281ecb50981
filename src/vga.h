/*
 * vga.h — the 80x25 VGA text screen, a mirror of the serial console, for `make run`
 * with a display (the tests read only the serial port). Reached through the direct
 * map at physical 0xB8000.
 */
#ifndef ATOLL_VGA_H
#define ATOLL_VGA_H

/* Clear the screen and put the cursor top left. */
void vga_init(void);

/* Write one character; handles \n, \r, \t and \b, wraps and scrolls. */
void vga_putc(char c);

#endif
