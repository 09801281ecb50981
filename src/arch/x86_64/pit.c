/*
 * pit.c — two uses of the PIT: channel 0 as the periodic timer interrupt, channel 2
 * (the one wired to the PC speaker gate, readable through port 0x61) as a one-shot
 * stopwatch to calibrate the TSC, whose frequency no CPUID leaf tells us on QEMU.
 */
#include "pit.h"

#include "ioport.h"

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61            /* bit 0: channel 2 gate, bit 1: speaker, bit 5: ch2 output */

#define CMD_CH0_RATE 0x34      /* channel 0, lobyte/hibyte, mode 2 (rate generator) */
#define CMD_CH2_ONESHOT 0xB0   /* channel 2, lobyte/hibyte, mode 0 (interrupt on count) */
#define CMD_CH2_LATCH 0x80     /* channel 2, latch the current count */

void pit_set_periodic(uint32_t hz)
{
    uint32_t divisor = (PIT_HZ + hz / 2) / hz;
    outb(PIT_CMD, CMD_CH0_RATE);
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, (divisor >> 8) & 0xFF);
}

void pit_start_countdown(uint16_t count)
{
    uint8_t port_b = inb(PORT_B);
    outb(PORT_B, (port_b & ~0x02) | 0x01);  /* gate on, speaker off */
    outb(PIT_CMD, CMD_CH2_ONESHOT);
    outb(PIT_CH2, count & 0xFF);
    outb(PIT_CH2, count >> 8);              /* counting starts on the next input clock */
}

uint16_t pit_read_countdown(void)
{
    outb(PIT_CMD, CMD_CH2_LATCH);           /* freeze a copy of the count... */
    uint8_t lo = inb(PIT_CH2);              /* ...and read it, low byte first */
    uint8_t hi = inb(PIT_CH2);
    return (uint16_t)(hi << 8 | lo);
}
