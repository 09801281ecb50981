/*
 * trap.h — interrupts and exceptions as C sees them: the saved frame, the handlers,
 * and the hooks through which later parts of the kernel take over.
 *
 * Every vector goes through isr.asm, which saves all general registers into a
 * struct trap_frame on the current stack and calls trap_dispatch(). Whatever frame
 * trap_dispatch returns is restored and resumed with iretq: a handler may edit the
 * frame (say, move RIP to a trap landing pad) or return another thread's frame (a
 * context switch). XMM registers are not saved here: kernel C never touches them
 * (-mgeneral-regs-only); a scheduler that switches threads saves them with fpu.h.
 */
#ifndef ATOLL_TRAP_H
#define ATOLL_TRAP_H

#include <stdbool.h>
#include <stdint.h>

/* Lowest address first: the order isr.asm pushes in, reversed. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;           /* pushed by the stub */
    uint64_t error_code;       /* pushed by the CPU, or 0 by the stub */
    uint64_t rip, cs, rflags, rsp, ss;   /* pushed by the CPU (always, in 64-bit mode) */
};

enum {                         /* exception vectors used by name */
    VEC_DIVIDE_ERROR = 0,
    VEC_INVALID_OPCODE = 6,
    VEC_DOUBLE_FAULT = 8,
    VEC_GENERAL_PROTECTION = 13,
    VEC_PAGE_FAULT = 14,
    VEC_IRQ_BASE = 32,         /* legacy IRQ 0..15 arrive on vectors 32..47 */
    VEC_COUNT = 48,
};

/* Page-fault error code bits. */
#define PF_PRESENT (1u << 0)   /* the page was present: a protection violation */
#define PF_WRITE (1u << 1)
#define PF_USER (1u << 2)
#define PF_RESERVED (1u << 3)
#define PF_FETCH (1u << 4)     /* instruction fetch (NX) */

/* An IRQ handler; returns the frame to resume (tf itself, or another thread's). */
typedef struct trap_frame *(*irq_handler_fn)(struct trap_frame *tf);

/* A fault hook sees every exception the kernel did not resolve itself (page faults
 * inside a reservation's accessible part are resolved by vmm.c first). It returns
 * the frame to resume, possibly tf after editing it, or NULL to let the kernel panic.
 * fault_addr is CR2 for page faults, 0 otherwise. */
typedef struct trap_frame *(*fault_hook_fn)(struct trap_frame *tf, uint64_t fault_addr);

/* A fault note prints what its owner knows about an exception about to be reported as
 * fatal, after the register dump (the scheduler names the running thread, and the
 * thread whose stack guard page the fault address lies in). */
typedef void (*fault_note_fn)(const struct trap_frame *tf, uint64_t fault_addr);

/* Build the IDT (48 vectors) and load it. Interrupts stay disabled. */
void trap_init(void);

/* Route IRQ `irq` (0..15) to `handler` and unmask it at the PIC. */
void irq_set_handler(unsigned irq, irq_handler_fn handler);

/* Install the fault hook (NULL removes it); returns the previous one. */
fault_hook_fn trap_set_fault_hook(fault_hook_fn hook);

/* Install the fault note (NULL removes it). */
void trap_set_fault_note(fault_note_fn note);

/* The short name of an exception vector ("#PF"), and its long one ("Page fault"). */
const char *trap_vector_name(uint64_t vector);
const char *trap_vector_description(uint64_t vector);

/* Print a frame: vector, error code, RIP, CR2 (page faults), every register. */
void trap_dump(const struct trap_frame *tf, uint64_t fault_addr);

/* Called from isr.asm only. */
struct trap_frame *trap_dispatch(struct trap_frame *tf);

#endif
