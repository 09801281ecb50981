/*
 * idt.h — the interrupt descriptor table (idt.c); trap_init is its only caller.
 */
#ifndef ATOLL_IDT_H
#define ATOLL_IDT_H

/* Point all 48 vectors at isr.asm's stubs (#DF on its IST stack) and load the IDT. */
void idt_load(void);

#endif
