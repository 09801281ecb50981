/*
 * vga.h — the 80x25 VGA text screen, a mirror of the serial console.
 */
#ifndef ATOLL_VGA_H
#define ATOLL_VGA_H

/* Clear the screen and put the cursor top left. */
void vga_init(void);

/* Write one character; handles \n, \r, \t and \b, wraps and scrolls. */
void vga_putc(char c);

#endif
