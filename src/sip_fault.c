/*
 * sip_fault.c — CPU exceptions raised by SIP code become wasm traps; all others stay
 * kernel panics. Compiled code leaves to the hardware the checks it does for free: an
 * access beyond a memory lands in its reservation's guard (#PF), a div/idiv by zero or
 * INT_MIN / -1 raises #DE. trap.c hands every exception it did not resolve to this
 * hook, which claims it only when the faulting rip is compiled wasm code
 * (wasm_code_lookup) while the current thread is inside wasm_invoke. A page fault
 * inside a memory's size that vmm.c could not back (no frame left) is the trap "out of
 * memory", not an out of bounds access: the access was in bounds.
 */
#include "sip.h"

#include "sched/thread.h"
#include "trap.h"
#include "vmm.h"

#define RFLAGS_IF (1ull << 9)
#define VEC_STACK_SEGMENT 12
#define VEC_ALIGNMENT_CHECK 17
#define MAX_C_FRAMES 32                  /* kernel C frames between a helper's call and a fault */

/* A CPU exception in compiled code, as the trap it stands for; WASM_TRAP_NONE for
 * exceptions compiled code never raises (they stay the kernel's). */
static enum wasm_trap trap_for_vector(const struct trap_frame *tf, uint64_t fault_addr)
{
    switch (tf->vector) {
    case VEC_DIVIDE_ERROR: {
        /* The frame's registers in hardware order, rax=0 ... r15=15. */
        const uint64_t gpr[16] = {
            tf->rax, tf->rcx, tf->rdx, tf->rbx, tf->rsp, tf->rbp, tf->rsi, tf->rdi,
            tf->r8, tf->r9, tf->r10, tf->r11, tf->r12, tf->r13, tf->r14, tf->r15,
        };
        return wasm_fault_divide_trap(tf->rip, gpr);
    }
    case VEC_INVALID_OPCODE:
        return WASM_TRAP_UNREACHABLE;    /* ud2: the only undefined opcode the backend emits */
    case VEC_PAGE_FAULT:                 /* no frame for a page due, or beyond `accessible` */
        return vmm_fault_cause(fault_addr, tf->error_code) == VMM_FAULT_NO_MEMORY
               ? WASM_TRAP_OUT_OF_MEMORY : WASM_TRAP_MEMORY_OOB;
    case VEC_GENERAL_PROTECTION:         /* a non-canonical address */
    case VEC_STACK_SEGMENT:
    case VEC_ALIGNMENT_CHECK:
        return WASM_TRAP_MEMORY_OOB;
    default:
        return WASM_TRAP_NONE;
    }
}

/* Resume the frame in wasm_trap_from_fault(trap, pc, instance): iretq then "calls" it on
 * the same stack, and it unwinds to the SIP's wasm_invoke (runtime.h).
 *
 *   before:  rip = faulting instruction        after:  rip = wasm_trap_from_fault
 *            rsp = wasm frame                          rsp = (rsp & ~15) - 8, as after a call
 *                                                      rdi = trap, rsi = old rip, rdx = r15
 */
static struct trap_frame *redirect(struct trap_frame *tf, enum wasm_trap trap, uint64_t pc,
                                   uint64_t instance)
{
    struct sip *sip = sip_current();
    if (sip != NULL)
        sip->trap_pc = pc;
    tf->rdi = trap;
    tf->rsi = pc;
    tf->rdx = instance;
    tf->rsp = (tf->rsp & ~15ull) - 8;
    tf->rip = (uint64_t)wasm_trap_from_fault;
    return tf;
}

/* The call in compiled code that led to the kernel C faulting at `tf` (a runtime helper
 * such as memory.fill's, or an ABI function through its stub), minus one so that it
 * lies inside the call: the first return address into compiled code up the rbp chain.
 * Compiled code and host stubs push rbp, and kernel C does in every function that calls
 * another (-fno-omit-frame-pointer; leaves such as memset may skip it). The memory
 * helpers call memset, memcpy or memmove (lib.c) out of line, so the function compiled
 * code called has its frame whenever something below it faults. 0 when the chain
 * leaves the thread's stack, goes down, or runs too long. */
static uint64_t compiled_caller(const struct trap_frame *tf)
{
    const struct thread *self = thread_current();
    uint64_t rbp = tf->rbp;
    for (uint32_t depth = 0; depth < MAX_C_FRAMES; depth++) {
        if (rbp % 8 != 0 || rbp < self->stack_base || rbp + 16 > self->stack_top)
            return 0;
        const uint64_t *frame = (const uint64_t *)rbp;   /* [saved rbp, return address] */
        if (wasm_code_lookup(frame[1]) != NULL)
            return frame[1] - 1;
        if (frame[0] <= rbp)
            return 0;
        rbp = frame[0];
    }
    return 0;
}

/* The fault hook: a trap for a fault in compiled code, or for kernel C working for a SIP
 * that faulted in that SIP's memory; NULL for anything else (trap.c reports, panics). */
static struct trap_frame *sip_fault_hook(struct trap_frame *tf, uint64_t fault_addr)
{
    struct sip *sip = sip_current();
    if (wasm_exec_current->unwind_rsp == 0)
        return NULL;                     /* not inside wasm: the kernel's own fault */
    /* Compiled code faults the same way on a SIP's thread and on a kernel thread that
     * runs wasm itself (the conformance run, src/conformance.c). */
    if (wasm_code_lookup(tf->rip) != NULL) {
        enum wasm_trap trap = trap_for_vector(tf, fault_addr);
        return trap != WASM_TRAP_NONE ? redirect(tf, trap, tf->rip, tf->r15) : NULL;
    }
    /* Kernel C working for this SIP (an ABI call, a runtime helper) touched the SIP's
     * memory where no page could be had, or its guard. With interrupts on it holds no
     * lock of ours (locks here are irq_save), so abandoning its frames is safe. */
    struct vmm_region *r = tf->vector == VEC_PAGE_FAULT ? vmm_find(fault_addr) : NULL;
    if (sip != NULL && r != NULL && r->owner == sip && (tf->rflags & RFLAGS_IF))
        return redirect(tf, trap_for_vector(tf, fault_addr), compiled_caller(tf),
                        (uint64_t)sip->instance);
    return NULL;
}

/* wasm_trap_host needs a C caller: this is where a killed SIP's frame is sent. */
static _Noreturn void leave_killed(void)
{
    wasm_trap_host(NULL, SIP_KILLED_MESSAGE);
}

void sip_fault_leave_if_killed(struct thread *next)
{
    struct sip *sip = next->owner;
    struct wasm_exec *exec = next->exec;
    struct trap_frame *tf = next->frame;
    if (tf == NULL || exec == NULL || exec->unwind_rsp == 0 || wasm_code_lookup(tf->rip) == NULL)
        return;
    sip->killed = false;                 /* leaving once is enough */
    sip->trap_pc = tf->rip;
    tf->rsp = (tf->rsp & ~15ull) - 8;
    tf->rip = (uint64_t)leave_killed;
}

void sip_fault_init(void)
{
    trap_set_fault_hook(sip_fault_hook);
}
