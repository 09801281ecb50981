/*
 * vga.c — text output on the VGA screen at physical 0xB8000, reached through the
 * direct map. Each cell is a character byte and an attribute byte (colours).
 *
 * The screen only mirrors the serial console for someone watching a window; tests
 * never read it, so it stays minimal: wrap, scroll, move the hardware cursor.
 */
#include "vga.h"

#include <stdint.h>

#include "ioport.h"
#include "memlayout.h"

#define VGA_PHYS 0xB8000
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x07            /* light grey on black */
#define CRTC_INDEX 0x3D4         /* CRT controller: cursor position registers */
#define CRTC_DATA 0x3D5

static int cursor_row, cursor_col;

static volatile uint16_t *vga_cells(void)
{
    return phys_to_virt(VGA_PHYS);
}

static void vga_move_cursor(void)
{
    uint16_t pos = (uint16_t)(cursor_row * VGA_COLS + cursor_col);
    outb(CRTC_INDEX, 0x0F);
    outb(CRTC_DATA, (uint8_t)(pos & 0xFF));
    outb(CRTC_INDEX, 0x0E);
    outb(CRTC_DATA, (uint8_t)(pos >> 8));
}

static void vga_scroll(void)
{
    volatile uint16_t *cells = vga_cells();
    for (int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
        cells[i] = cells[i + VGA_COLS];
    for (int i = (VGA_ROWS - 1) * VGA_COLS; i < VGA_ROWS * VGA_COLS; i++)
        cells[i] = (VGA_ATTR << 8) | ' ';
    cursor_row = VGA_ROWS - 1;
}

void vga_init(void)
{
    volatile uint16_t *cells = vga_cells();
    for (int i = 0; i < VGA_ROWS * VGA_COLS; i++)
        cells[i] = (VGA_ATTR << 8) | ' ';
    cursor_row = cursor_col = 0;
    vga_move_cursor();
}

void vga_putc(char c)
{
    switch (c) {
    case '\n':
        cursor_col = 0;
        cursor_row++;
        break;
    case '\r':
        cursor_col = 0;
        break;
    case '\t':
        cursor_col = (cursor_col + 8) & ~7;
        break;
    case '\b':
        if (cursor_col > 0)
            cursor_col--;
        break;
    default:
        vga_cells()[cursor_row * VGA_COLS + cursor_col] = (VGA_ATTR << 8) | (uint8_t)c;
        cursor_col++;
    }
    if (cursor_col >= VGA_COLS) {
        cursor_col = 0;
        cursor_row++;
    }
    if (cursor_row >= VGA_ROWS)
        vga_scroll();
    vga_move_cursor();
}
