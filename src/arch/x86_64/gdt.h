/*
 * gdt.h — segments: the GDT Atoll runs with and the TSS that holds the IST stacks.
 * Long mode ignores segment bases and limits, but a 64-bit code segment is still
 * required, and the TSS is the only way to give the double-fault handler a stack of its
 * own (a kernel stack overflow cannot push its #PF frame on the full stack).
 */
#ifndef ATOLL_GDT_H
#define ATOLL_GDT_H

#define GDT_KERNEL_CODE 0x08   /* selector of the 64-bit ring-0 code segment */
#define GDT_KERNEL_DATA 0x10   /* selector of the ring-0 data segment */
#define GDT_TSS 0x18           /* selector of the TSS (a 16-byte descriptor) */

#define IST_DOUBLE_FAULT 1     /* IST slot whose stack the #DF handler runs on */

/* Load the kernel GDT (replacing boot.asm's) and the TSS, and reload every segment. */
void gdt_init(void);

#endif
