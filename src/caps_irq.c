/*
 * caps_irq.c — IRQ lines delivered to the SIPs that hold them. A driver SIP cannot run
 * in interrupt context (it is wasm code on a thread), so the kernel's handler does the
 * least it can: it masks the line at the PIC, marks it pending and wakes the driver
 * blocked in atoll.irq_wait. The driver then talks to its device (which drops the
 * interrupt request) and calls atoll.irq_ack, which unmasks the line. Masking in
 * between keeps a device from firing again and again before its driver had a chance to
 * run. Everything here runs with interrupts off.
 */
#include "caps.h"

#include "compiler/caps_decl.h"
#include "cpu.h"
#include "panic.h"
#include "pic.h"
#include "sched/thread.h"
#include "trap.h"

static struct irq_line {
    bool attached;
    bool pending;                /* fired; irq_wait has not taken it yet */
    bool masked;                 /* fired and not acknowledged yet */
    struct wait_queue waiters;   /* the holder's thread, in irq_wait */
} lines[CAPS_IRQS];

/* The handler of every attached line (interrupt context). The PIC has had its end of
 * interrupt before this runs (trap.c), so other lines are never held up:
 *
 *      device ──IRQ──▶ on_irq: mask, pending, wake ──▶ driver: irq_wait returns
 *                                                        read/write its ports
 *      line unmasked ◀─────────────────────────────────  irq_ack
 */
static struct trap_frame *on_irq(struct trap_frame *tf)
{
    unsigned irq = (unsigned)(tf->vector - VEC_IRQ_BASE);
    struct irq_line *line = &lines[irq];
    pic_mask(irq);
    line->masked = true;
    line->pending = true;
    sched_wake_all(&line->waiters);
    return tf;
}

static struct irq_line *line_of(unsigned irq, const char *who)
{
    if (irq >= CAPS_IRQS || !lines[irq].attached)
        panic("%s: IRQ %u is not attached", who, irq);
    return &lines[irq];
}

void caps_irq_attach(unsigned irq)
{
    if (irq >= CAPS_IRQS || lines[irq].attached)
        panic("caps_irq_attach: IRQ %u is taken", irq);
    struct irq_line *line = &lines[irq];
    *line = (struct irq_line){ .attached = true };
    wait_queue_init(&line->waiters);
    irq_set_handler(irq, on_irq);         /* unmasks it */
}

void caps_irq_detach(unsigned irq)
{
    struct irq_line *line = line_of(irq, "caps_irq_detach");
    if (line->waiters.head != NULL)
        panic("caps_irq_detach: IRQ %u still has a waiter", irq);
    irq_set_handler(irq, NULL);           /* masks it */
    line->attached = false;
}

enum caps_irq_wait caps_irq_wait(unsigned irq, uint64_t ns)
{
    bool irq_on = irq_save();
    struct irq_line *line = line_of(irq, "caps_irq_wait");
    enum caps_irq_wait result = CAPS_IRQ_FIRED;
    if (!line->pending && line->masked)
        result = CAPS_IRQ_UNACKED;
    else if (!line->pending)
        sched_wait_timeout(&line->waiters, ns);
    if (result == CAPS_IRQ_FIRED && !line->pending)
        result = CAPS_IRQ_TIMEOUT;
    if (result == CAPS_IRQ_FIRED)
        line->pending = false;
    irq_restore(irq_on);
    return result;
}

void caps_irq_ack(unsigned irq)
{
    bool irq_on = irq_save();
    struct irq_line *line = line_of(irq, "caps_irq_ack");
    if (line->masked) {
        line->masked = false;
        pic_unmask(irq);
    }
    irq_restore(irq_on);
}
