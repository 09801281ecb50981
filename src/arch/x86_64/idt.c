/*
 * idt.c — the interrupt descriptor table: 48 gates pointing at isr.asm's stubs.
 *
 * All gates are interrupt gates (IF cleared on entry), so a handler is never
 * interrupted by another IRQ until it returns. The double fault gate switches to
 * its own stack through IST1 (gdt.c).
 */
#include <stdint.h>

#include "gdt.h"
#include "idt.h"
#include "trap.h"

struct idt_gate {              /* a 64-bit interrupt gate (Intel SDM vol. 3, 6.14.1) */
    uint16_t offset_low;
    uint16_t selector;         /* code segment to run the handler in */
    uint8_t ist;               /* 0, or the IST slot whose stack to switch to */
    uint8_t type_attr;         /* 0x8E: present, DPL 0, 64-bit interrupt gate */
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

struct idt_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

#define GATE_INTERRUPT 0x8E

extern const uint64_t isr_stub_table[VEC_COUNT];   /* isr.asm */

static struct idt_gate idt[VEC_COUNT];

/* An interrupt gate (interrupts off on entry) to `handler` in ring 0, on IST stack `ist`
 * (0: the current stack). */
static void set_gate(unsigned vector, uint64_t handler, uint8_t ist)
{
    idt[vector] = (struct idt_gate){
        .offset_low = handler & 0xFFFF,
        .selector = GDT_KERNEL_CODE,
        .ist = ist,
        .type_attr = GATE_INTERRUPT,
        .offset_mid = (handler >> 16) & 0xFFFF,
        .offset_high = handler >> 32,
    };
}

void idt_load(void)
{
    for (unsigned v = 0; v < VEC_COUNT; v++)
        set_gate(v, isr_stub_table[v], v == VEC_DOUBLE_FAULT ? IST_DOUBLE_FAULT : 0);
    struct idt_pointer ptr = { .limit = sizeof idt - 1, .base = (uint64_t)idt };
    __asm__ volatile("lidt %0" : : "m"(ptr) : "memory");
}
