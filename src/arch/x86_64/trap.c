/*
 * trap.c — what happens after isr.asm saved the registers: route IRQs to their
 * handlers, give page faults to the memory manager, give other faults to the hook
 * (the SIP layer, later), and otherwise report the exception and panic.
 *
 * A fault the kernel cannot explain is a kernel bug, so the report is thorough:
 * vector and name, error code, RIP, CR2 for page faults, and every register.
 */
#include "trap.h"

#include "cpu.h"
#include "idt.h"
#include "kprintf.h"
#include "panic.h"
#include "pic.h"
#include "vmm.h"

static const struct {
    const char *name;
    const char *description;
} exception_names[32] = {
    [0] = { "#DE", "Divide error" },
    [1] = { "#DB", "Debug" },
    [2] = { "NMI", "Non-maskable interrupt" },
    [3] = { "#BP", "Breakpoint" },
    [4] = { "#OF", "Overflow" },
    [5] = { "#BR", "Bound range exceeded" },
    [6] = { "#UD", "Invalid opcode" },
    [7] = { "#NM", "Device not available" },
    [8] = { "#DF", "Double fault" },
    [9] = { "CSO", "Coprocessor segment overrun" },
    [10] = { "#TS", "Invalid TSS" },
    [11] = { "#NP", "Segment not present" },
    [12] = { "#SS", "Stack-segment fault" },
    [13] = { "#GP", "General protection" },
    [14] = { "#PF", "Page fault" },
    [15] = { "#15", "Reserved" },
    [16] = { "#MF", "x87 floating-point error" },
    [17] = { "#AC", "Alignment check" },
    [18] = { "#MC", "Machine check" },
    [19] = { "#XM", "SIMD floating-point exception" },
    [20] = { "#VE", "Virtualization exception" },
    [21] = { "#CP", "Control protection" },
    [22] = { "#22", "Reserved" },
    [23] = { "#23", "Reserved" },
    [24] = { "#24", "Reserved" },
    [25] = { "#25", "Reserved" },
    [26] = { "#26", "Reserved" },
    [27] = { "#27", "Reserved" },
    [28] = { "#HV", "Hypervisor injection" },
    [29] = { "#VC", "VMM communication" },
    [30] = { "#SX", "Security exception" },
    [31] = { "#31", "Reserved" },
};

static irq_handler_fn irq_handlers[16];
static fault_hook_fn fault_hook;
static fault_note_fn fault_note;

void trap_init(void)
{
    pic_init(VEC_IRQ_BASE);
    idt_load();
}

void irq_set_handler(unsigned irq, irq_handler_fn handler)
{
    if (irq >= 16)
        panic("irq_set_handler: no IRQ %u", irq);
    irq_handlers[irq] = handler;
    if (handler)
        pic_unmask(irq);
    else
        pic_mask(irq);
}

fault_hook_fn trap_set_fault_hook(fault_hook_fn hook)
{
    fault_hook_fn previous = fault_hook;
    fault_hook = hook;
    return previous;
}

void trap_set_fault_note(fault_note_fn note)
{
    fault_note = note;
}

const char *trap_vector_name(uint64_t vector)
{
    return vector < 32 ? exception_names[vector].name : "IRQ";
}

const char *trap_vector_description(uint64_t vector)
{
    return vector < 32 ? exception_names[vector].description : "Interrupt request";
}

void trap_dump(const struct trap_frame *tf, uint64_t fault_addr)
{
    kprintf("EXCEPTION vector=%lu (%s %s) error=0x%lx rip=0x%016lx\n",
            tf->vector, trap_vector_name(tf->vector), trap_vector_description(tf->vector),
            tf->error_code, tf->rip);
    if (tf->vector == VEC_PAGE_FAULT)
        kprintf("  CR2=0x%016lx (%s, %s%s)\n", fault_addr,
                (tf->error_code & PF_PRESENT) ? "protection violation" : "page not present",
                (tf->error_code & PF_FETCH) ? "instruction fetch"
                : (tf->error_code & PF_WRITE) ? "write" : "read",
                (tf->error_code & PF_RESERVED) ? ", reserved bit set" : "");
    if (tf->vector == VEC_DOUBLE_FAULT)
        kprintf("  CR2=0x%016lx (the last page fault; a kernel stack overflow if it lies in "
                "a guard page)\n", fault_addr);
    kprintf("  RAX=%016lx RBX=%016lx RCX=%016lx RDX=%016lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
    kprintf("  RSI=%016lx RDI=%016lx RBP=%016lx RSP=%016lx\n", tf->rsi, tf->rdi, tf->rbp, tf->rsp);
    kprintf("  R8 =%016lx R9 =%016lx R10=%016lx R11=%016lx\n", tf->r8, tf->r9, tf->r10, tf->r11);
    kprintf("  R12=%016lx R13=%016lx R14=%016lx R15=%016lx\n", tf->r12, tf->r13, tf->r14, tf->r15);
    kprintf("  CS=%04lx SS=%04lx RFLAGS=%016lx CR3=%016lx\n", tf->cs, tf->ss, tf->rflags, read_cr3());
}

/* An exception: vmm.c resolves demand-paging faults, the fault hook may claim the rest
 * (a SIP's trap); anything left is a kernel bug, reported in full, then a panic. */
static struct trap_frame *handle_exception(struct trap_frame *tf)
{
    uint64_t fault_addr = 0;
    if (tf->vector == VEC_PAGE_FAULT || tf->vector == VEC_DOUBLE_FAULT)
        fault_addr = read_cr2();        /* for #DF: the page fault that led to it, if any */
    if (tf->vector == VEC_PAGE_FAULT &&
        vmm_handle_fault(fault_addr, tf->error_code) == VMM_FAULT_RESOLVED)
        return tf;
    if (fault_hook && tf->vector != VEC_DOUBLE_FAULT) {
        struct trap_frame *next = fault_hook(tf, fault_addr);
        if (next)
            return next;
    }
    trap_dump(tf, fault_addr);
    if (fault_note)
        fault_note(tf, fault_addr);
    panic("trap: unhandled %s (%s) in kernel code at rip=0x%lx",
          trap_vector_name(tf->vector), trap_vector_description(tf->vector), tf->rip);
}

struct trap_frame *trap_dispatch(struct trap_frame *tf)
{
    if (tf->vector < 32)
        return handle_exception(tf);
    if (tf->vector >= VEC_COUNT)
        panic("trap: vector %lu has no stub", tf->vector);

    unsigned irq = (unsigned)(tf->vector - VEC_IRQ_BASE);
    if (pic_is_spurious(irq))
        return tf;
    pic_eoi(irq);                  /* before the handler, which may switch threads */
    if (irq_handlers[irq])
        return irq_handlers[irq](tf);
    return tf;
}
