/*
 * serial.c — COM1, a 16550-compatible UART, driven by polling.
 *
 * The serial port is the console that tests read (QEMU writes it to a file or to the
 * terminal), so it must work from the first line of kmain and inside a panic: no
 * interrupts, no buffers, just wait for the transmit register and write the byte.
 */
#include "serial.h"

#include "ioport.h"

#define COM1 0x3F8

/* 16550 registers, as offsets from the base port. */
enum {
    UART_DATA = 0,        /* transmit/receive; divisor low byte when DLAB=1 */
    UART_IER = 1,         /* interrupt enable; divisor high byte when DLAB=1 */
    UART_FCR = 2,         /* FIFO control */
    UART_LCR = 3,         /* line control: word length, parity, stop bits, DLAB */
    UART_MCR = 4,         /* modem control */
    UART_LSR = 5,         /* line status */
};

#define LCR_DLAB 0x80     /* divisor latch access */
#define LCR_8N1 0x03      /* 8 data bits, no parity, 1 stop bit */
#define FCR_ENABLE_CLEAR 0xC7 /* FIFOs on, both cleared, interrupt at 14 bytes */
#define MCR_DTR_RTS_OUT2 0x0B
#define LSR_THR_EMPTY 0x20 /* transmit holding register can take a byte */

void serial_init(void)
{
    outb(COM1 + UART_IER, 0x00);               /* no UART interrupts: we poll */
    outb(COM1 + UART_LCR, LCR_DLAB);           /* next two writes set the divisor */
    outb(COM1 + UART_DATA, 1);                 /* 115200 / 1 = 115200 baud */
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_8N1);            /* and clear DLAB */
    outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
}

static void serial_put_raw(char c)
{
    while ((inb(COM1 + UART_LSR) & LSR_THR_EMPTY) == 0)
        ;
    outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_putc(char c)
{
    if (c == '\n')
        serial_put_raw('\r');
    serial_put_raw(c);
}
