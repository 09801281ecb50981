/*
 * cpu.h — single x86_64 instructions the kernel needs from C: control registers,
 * MSRs, the TSC, CPUID, TLB invalidation, interrupt flag and halt.
 *
 * Each is a static inline wrapper around one instruction so that C code reads as
 * intent (write_cr3(pml4)) while the listing still shows the one instruction.
 */
#ifndef ATOLL_CPU_H
#define ATOLL_CPU_H

#include <stdbool.h>
#include <stdint.h>

#define RFLAGS_IF (1ull << 9)   /* interrupts enabled */

#define CR0_MP (1ull << 1)      /* monitor coprocessor: WAIT/FWAIT honour TS */
#define CR0_EM (1ull << 2)      /* emulate x87: must be clear for SSE */
#define CR0_TS (1ull << 3)      /* task switched: lazy FPU switching (unused) */
#define CR4_OSFXSR (1ull << 9)  /* OS supports FXSAVE/FXRSTOR: enables SSE */
#define CR4_OSXMMEXCPT (1ull << 10) /* OS handles #XM for unmasked SSE exceptions */

static inline uint64_t read_cr0(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr3(void) { uint64_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr4(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint64_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(uint64_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
}

/* The time-stamp counter. Not serializing: fine for timing intervals of microseconds. */
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(out[0]), "=b"(out[1]), "=c"(out[2]), "=d"(out[3])
                     : "a"(leaf), "c"(subleaf));
}

/* Drop the TLB entry for one virtual address after its page-table entry changed. */
static inline void invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void cpu_enable_interrupts(void) { __asm__ volatile("sti" : : : "memory"); }
static inline void cpu_disable_interrupts(void) { __asm__ volatile("cli" : : : "memory"); }
static inline void cpu_halt(void) { __asm__ volatile("hlt" : : : "memory"); }
static inline void cpu_pause(void) { __asm__ volatile("pause"); }

static inline uint64_t read_rflags(void)
{
    uint64_t flags;
    __asm__ volatile("pushfq; pop %0" : "=r"(flags) : : "memory");
    return flags;
}

/* Disable interrupts and return whether they were enabled, for irq_restore(). */
static inline bool irq_save(void)
{
    bool was_enabled = (read_rflags() & RFLAGS_IF) != 0;
    cpu_disable_interrupts();
    return was_enabled;
}

static inline void irq_restore(bool was_enabled)
{
    if (was_enabled)
        cpu_enable_interrupts();
}

/* Stop this CPU for good: interrupts off, halt forever. */
static inline __attribute__((noreturn)) void cpu_halt_forever(void)
{
    for (;;) {
        cpu_disable_interrupts();
        cpu_halt();
    }
}

#endif
