/*
 * idt.h — the interrupt descriptor table (idt.c); trap_init is its only caller.
 * Every gate is an interrupt gate (interrupts off on entry) to one of isr.asm's 48
 * stubs, which all funnel into trap_dispatch (trap.c).
 */
#ifndef ATOLL_IDT_H
#define ATOLL_IDT_H

/* Point all 48 vectors at isr.asm's stubs (#DF on its IST stack) and load the IDT. */
void idt_load(void);

#endif
