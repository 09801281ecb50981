/*
 * pic.h — the two cascaded 8259A interrupt controllers (legacy IRQs 0..15). QEMU's PC
 * has no use for an APIC here: one CPU, a timer and a few ISA devices, each line
 * masked until the kernel (the timer) or a driver's claim (caps_irq.c) wants it.
 */
#ifndef ATOLL_PIC_H
#define ATOLL_PIC_H

#include <stdbool.h>

/* Move IRQs 0..15 to vectors base..base+15 (away from the CPU exceptions); mask all. */
void pic_init(unsigned vector_base);
void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);

/* Acknowledge IRQ `irq` so the PIC can deliver the next one. */
void pic_eoi(unsigned irq);

/* True when IRQ 7 or 15 was spurious (no bit in the in-service register); the
 * master still gets its EOI for a spurious IRQ 15, as the cascade requires. */
bool pic_is_spurious(unsigned irq);

#endif
