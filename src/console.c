/*
 * console.c — fans every character out to the serial port and the VGA screen.
 *
 * Serial is the console of record (tests and `make run` read it); VGA mirrors it for
 * a QEMU window. Callers that need whole lines kept together (kprintf) disable
 * interrupts around their writes; this file does no locking of its own.
 *
 * The console owns COM1's output and the screen: the capability table (src/caps.c)
 * holds their ports for the kernel, so no SIP can be granted them. COM1's input is a
 * driver's business (wasm-apps/serial.c, granted the receive side only; docs/caps.md).
 */
#include "console.h"

#include "serial.h"
#include "vga.h"

void console_init(void)
{
    serial_init();
    vga_init();
}

void console_putc(char c)
{
    serial_putc(c);
    vga_putc(c);
}

void console_write(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        console_putc(text[i]);
}
