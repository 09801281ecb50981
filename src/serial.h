/*
 * serial.h — the COM1 UART, Atoll's main console (115200 baud, 8N1, polled). The
 * kernel owns COM1's transmit side for good (caps.c holds those ports); the receive
 * side is a driver's (wasm-apps/serial.c) or the kernel's serial-in thread's.
 */
#ifndef ATOLL_SERIAL_H
#define ATOLL_SERIAL_H

/* Program COM1 for 115200 8N1 with FIFOs on and interrupts off. */
void serial_init(void);

/* Send one byte, waiting until the transmitter can take it. "\n" goes out as "\r\n". */
void serial_putc(char c);

#endif
