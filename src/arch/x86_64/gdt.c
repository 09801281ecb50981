/*
 * gdt.c — the global descriptor table and the task-state segment.
 *
 * In long mode segments are mostly vestigial: code and data descriptors only carry
 * the privilege level and the 64-bit flag. Everything in Atoll runs in ring 0, so we
 * need one code and one data segment. The TSS matters for one reason: its Interrupt
 * Stack Table gives the double-fault handler a stack of its own, so a kernel stack
 * overflow (a #PF that cannot push its frame) still reaches a handler that can report it.
 */
#include "gdt.h"

#include <stdint.h>

#include "lib.h"

#define DF_STACK_SIZE 8192

struct tss {                   /* the 64-bit TSS (Intel SDM vol. 3, 8.7) */
    uint32_t reserved0;
    uint64_t rsp[3];           /* stacks for privilege changes: unused, all ring 0 */
    uint64_t reserved1;
    uint64_t ist[7];           /* ist[0] is IST1 */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;       /* = sizeof(struct tss): no I/O permission bitmap */
} __attribute__((packed));

struct gdt_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

/* Descriptors: null, code, data, then the TSS which takes two slots. */
static uint64_t gdt[5];
static struct tss tss;
static uint8_t df_stack[DF_STACK_SIZE] __attribute__((aligned(16)));

/* Access byte P=1 DPL=0 S=1 type=execute/read; flags L=1 (64-bit). */
#define GDT_CODE64 0x00AF9A000000FFFFull
/* Access byte P=1 DPL=0 S=1 type=read/write; flags G=1 D=1. */
#define GDT_DATA 0x00CF92000000FFFFull

static void set_tss_descriptor(uint64_t *slot, uint64_t base, uint32_t limit)
{
    slot[0] = (limit & 0xFFFFull)
            | ((base & 0xFFFFFFull) << 16)
            | (0x89ull << 40)                   /* P=1, type 9: available 64-bit TSS */
            | ((uint64_t)((limit >> 16) & 0xF) << 48)
            | (((base >> 24) & 0xFFull) << 56);
    slot[1] = base >> 32;
}

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[GDT_KERNEL_CODE / 8] = GDT_CODE64;
    gdt[GDT_KERNEL_DATA / 8] = GDT_DATA;
    memset(&tss, 0, sizeof tss);
    tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)(df_stack + DF_STACK_SIZE);
    tss.iomap_base = sizeof tss;
    set_tss_descriptor(&gdt[GDT_TSS / 8], (uint64_t)&tss, sizeof tss - 1);

    struct gdt_pointer ptr = { .limit = sizeof gdt - 1, .base = (uint64_t)gdt };
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"                  /* new CS for the far return */
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"               /* ...and where to return to */
        "lretq\n"                       /* pops RIP and CS: CS reloaded */
        "1:\n\t"
        "movw %w2, %%ax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%ss\n\t"
        "xorl %%eax, %%eax\n\t"
        "movw %%ax, %%fs\n\t"
        "movw %%ax, %%gs\n\t"
        "ltr %w3\n\t"                   /* load the task register with the TSS */
        :
        : "m"(ptr), "i"(GDT_KERNEL_CODE), "r"(GDT_KERNEL_DATA), "r"(GDT_TSS)
        : "rax", "memory");
}
