/*
 * pic.c — program the 8259A pair. The BIOS leaves IRQs 0..7 on vectors 8..15, which
 * collide with CPU exceptions (8 is #DF), so we move them to 32..47.
 *
 * Every line stays masked until someone asks for it through irq_set_handler: the
 * timer (IRQ 0, time.c), and the lines driver SIPs hold (caps_irq.c).
 */
#include "pic.h"

#include <stdint.h>

#include "ioport.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1

#define ICW1_INIT_ICW4 0x11    /* start initialisation, an ICW4 will follow */
#define ICW4_8086 0x01         /* 8086 mode (not MCS-80) */
#define OCW2_EOI 0x20          /* non-specific end of interrupt */
#define OCW3_READ_ISR 0x0B     /* next read of the command port returns the ISR */
#define CASCADE_IRQ 2          /* the slave is wired to the master's IRQ 2 */

void pic_init(unsigned vector_base)
{
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    io_wait();
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    io_wait();
    outb(PIC1_DATA, (uint8_t)vector_base);        /* ICW2: master's vector offset */
    io_wait();
    outb(PIC2_DATA, (uint8_t)(vector_base + 8));  /* ICW2: slave's vector offset */
    io_wait();
    outb(PIC1_DATA, 1 << CASCADE_IRQ);            /* ICW3: slave on IRQ 2 */
    io_wait();
    outb(PIC2_DATA, CASCADE_IRQ);                 /* ICW3: slave's cascade identity */
    io_wait();
    outb(PIC1_DATA, ICW4_8086);
    io_wait();
    outb(PIC2_DATA, ICW4_8086);
    io_wait();
    outb(PIC1_DATA, 0xFF & ~(1 << CASCADE_IRQ));  /* mask all but the cascade */
    outb(PIC2_DATA, 0xFF);
}

static uint16_t data_port(unsigned irq)
{
    return irq < 8 ? PIC1_DATA : PIC2_DATA;
}

void pic_unmask(unsigned irq)
{
    uint16_t port = data_port(irq);
    outb(port, inb(port) & ~(1 << (irq & 7)));
}

void pic_mask(unsigned irq)
{
    uint16_t port = data_port(irq);
    outb(port, inb(port) | (1 << (irq & 7)));
}

void pic_eoi(unsigned irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, OCW2_EOI);
    outb(PIC1_CMD, OCW2_EOI);
}

bool pic_is_spurious(unsigned irq)
{
    if (irq != 7 && irq != 15)
        return false;
    uint16_t cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
    outb(cmd, OCW3_READ_ISR);
    if (inb(cmd) & 0x80)
        return false;
    if (irq == 15)
        outb(PIC1_CMD, OCW2_EOI);
    return true;
}
