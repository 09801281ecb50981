/*
 * stack.c — thread stacks, each in a vmm reservation of its own:
 *
 *   region base                                  stack_base   stack_limit     stack_top
 *   |<-------- SCHED_GUARD_BYTES, never mapped ------>|<- margin ->|<-- wasm frames ...|
 *   (the 1 GiB unmapped gap vmm.c leaves between regions lies below the region base)
 *
 * A push into the guard faults; the CPU cannot push the page fault's frame there
 * either, so it raises a double fault, which runs on its own IST stack (gdt.c) and is
 * reported with the thread's name by sched_fault_note. The guard costs address space
 * only, so it is wide: a kernel C frame larger than a page still cannot leap over it.
 */
#include "sched_internal.h"

#include "cpu.h"
#include "gdt.h"
#include "kprintf.h"
#include "lib.h"
#include "memlayout.h"
#include "vmm.h"

#define RFLAGS_RESERVED (1ull << 1)   /* bit 1 of RFLAGS always reads 1 */

extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];   /* boot.asm */

bool sched_stack_alloc(struct thread *t, size_t stack_bytes)
{
    uint64_t bytes = PAGE_ALIGN_UP(stack_bytes ? stack_bytes : SCHED_STACK_DEFAULT);
    if (bytes < SCHED_STACK_MARGIN)
        bytes = SCHED_STACK_MARGIN;
    struct vmm_region *region = vmm_reserve(SCHED_GUARD_BYTES + bytes, 0, t->name);
    if (!region)
        return false;
    for (uint64_t off = SCHED_GUARD_BYTES; off < SCHED_GUARD_BYTES + bytes; off += PAGE_SIZE) {
        if (!vmm_map_zeroed(region, off)) {
            vmm_release(region);
            return false;
        }
    }
    t->stack_region = region;
    t->guard_base = region->base;
    t->stack_base = region->base + SCHED_GUARD_BYTES;
    t->stack_top = t->stack_base + bytes;
    t->stack_limit = t->stack_base + SCHED_STACK_MARGIN;
    return true;
}

void sched_stack_free(struct thread *t)
{
    if (t->stack_region)
        vmm_release(t->stack_region);          /* unmaps, frees frames and page tables */
    t->stack_region = NULL;
}

void sched_stack_adopt_boot(struct thread *t)
{
    t->guard_base = (uint64_t)boot_stack_guard;
    t->stack_base = (uint64_t)boot_stack_bottom;
    t->stack_top = (uint64_t)boot_stack_top;
    t->stack_limit = t->stack_base + SCHED_STACK_MARGIN;
}

/* The first frame, at the top of the new stack:
 *
 *   stack_top ->  +--------------------------+
 *                 | 0 (start's "return addr") |  <- frame.rsp: as if start had been called
 *                 +--------------------------+
 *                 | pad to 16                |
 *                 | struct trap_frame:       |  rip = start, rdi = t, rflags = IF,
 *                 |   ss rsp rflags cs rip   |  cs/ss = kernel segments, all else 0
 *                 |   error vector           |
 *   t->frame ->   |   rax ... r15            |
 *                 +--------------------------+
 * The first switch to the thread pops it like any other frame and "returns" into start. */
struct trap_frame *sched_stack_first_frame(struct thread *t, void (*start)(struct thread *))
{
    uint64_t rsp = t->stack_top - 8;           /* rsp + 8 is 16-aligned, as after a call */
    *(uint64_t *)rsp = 0;
    struct trap_frame *tf = (struct trap_frame *)((rsp - sizeof *tf) & ~15ull);
    memset(tf, 0, sizeof *tf);
    tf->rip = (uint64_t)start;
    tf->rdi = (uint64_t)t;
    tf->cs = GDT_KERNEL_CODE;
    tf->ss = GDT_KERNEL_DATA;
    tf->rflags = RFLAGS_IF | RFLAGS_RESERVED;
    tf->rsp = rsp;
    return tf;
}

struct fault_context {
    uint64_t fault_addr;
    const struct thread *overflowed;
};

static void find_guard(const struct thread *t, void *ctx)
{
    struct fault_context *fc = ctx;
    if (fc->fault_addr >= t->guard_base && fc->fault_addr < t->stack_base)
        fc->overflowed = t;
}

void sched_fault_note(const struct trap_frame *tf, uint64_t fault_addr)
{
    const struct thread *self = sched_current;
    kprintf("  in thread %s (id %lu), stack 0x%016lx-0x%016lx, rsp=0x%016lx\n", self->name,
            self->id, self->stack_base, self->stack_top, tf->rsp);
    struct fault_context fc = { .fault_addr = fault_addr };
    sched_for_each(find_guard, &fc);
    if (fc.overflowed)
        kprintf("STACK OVERFLOW: thread %s (id %lu) ran off its stack 0x%016lx-0x%016lx: "
                "0x%016lx is in its guard 0x%016lx-0x%016lx\n", fc.overflowed->name,
                fc.overflowed->id, fc.overflowed->stack_base, fc.overflowed->stack_top,
                fault_addr, fc.overflowed->guard_base, fc.overflowed->stack_base);
}
