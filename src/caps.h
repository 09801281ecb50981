/*
 * caps.h — the kernel's capability table: which I/O ports and IRQ lines each SIP may
 * use, and who holds what. docs/caps.md tells the whole story.
 *
 * A driver declares its needs in its module (the atoll.caps section, caps_decl.h); the
 * boot configuration grants resources on the module's command line ("grant=io:0x60-
 * 0x64,irq:1"); caps_claim compares the two at load, before anything is compiled, and
 * records the SIP as the holder of everything it declared. The holder's bitmaps are
 * what compiled code (constant ports, at compile time) and the port imports (other
 * ports, at run time) are checked against. caps_irq.c delivers IRQ lines to holders.
 */
#ifndef ATOLL_CAPS_H
#define ATOLL_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler/caps_decl.h"
#include "compiler/compile.h"

struct sip;

/* One entry of the table: what a SIP, or a job of the kernel's own, holds. */
struct caps_holder {
    const char *sip_name;      /* the holding SIP's name; NULL for a claim of the kernel's */
    const char *user;          /* a kernel claim: who, for messages ("the kernel (...)") */
    struct caps_decl decl;     /* the ports (with their rights) and lines held */
    struct caps_holder *next;
};

/* Check `sip`'s atoll.caps declaration against its grant, the kernel's own resources and
 * every live SIP's, and check that it imports port or IRQ functions only when it declares
 * ports or lines. On success, sip->caps holds its claim (NULL when it declares nothing).
 * Otherwise prints one line naming the SIP, the resource and the reason; false. */
bool caps_claim(struct sip *sip);

/* Give back everything `sip` holds (its IRQ lines are masked again) and free sip->caps.
 * Safe when it holds nothing. */
void caps_release(struct sip *sip);

/* What wasm_compile should inline for `sip` (NULL when it declared no ports). */
const struct wasm_intrinsics *caps_intrinsics(const struct sip *sip);

/* May `sip` read (write) `port`? Any 32-bit value may be asked about. */
bool caps_port_allowed(const struct sip *sip, uint32_t port, bool write);

/* Did `sip` declare (and so hold) IRQ line `irq`? */
bool caps_irq_held(const struct sip *sip, uint32_t irq);

/* ---- Claims of the kernel's own ---- */

/* The kernel takes `resources` (grant syntax: "io:0x3f8:r,io:0x3fd:r"; ports only, it
 * drives them itself) for a job of its own, in the same table as the SIPs' claims, so
 * that each excludes the other: a driver then asking for them is rejected ("... is held
 * by USER"), and the claim is refused while a SIP holds any of them. `claim` is the
 * caller's, filled in here; nothing is allocated. False, with `why` saying what is held
 * by whom, when something is taken. */
bool caps_kernel_claim(struct caps_holder *claim, const char *user, const char *resources,
                       char *why, size_t size);

/* The job is over: its resources are free again. */
void caps_kernel_release(struct caps_holder *claim);

/* ---- IRQ delivery (caps_irq.c) ---- */

enum caps_irq_wait {
    CAPS_IRQ_FIRED,       /* the line fired; it stays masked until caps_irq_ack */
    CAPS_IRQ_TIMEOUT,     /* `ns` passed first */
    CAPS_IRQ_UNACKED,     /* it fired before and was never acknowledged: waiting would
                           * never end */
};

/* Route line `irq` to its holder: from now on, when it fires, it is masked and
 * the waiter woken. Unmasks it. Interrupts off. */
void caps_irq_attach(unsigned irq);

/* Back to the kernel: masked, nothing pending. Interrupts off. */
void caps_irq_detach(unsigned irq);

/* Block the calling thread until line `irq` fires (or `ns` pass); takes the event. */
enum caps_irq_wait caps_irq_wait(unsigned irq, uint64_t ns);

/* The holder is done with the event: unmask the line. */
void caps_irq_ack(unsigned irq);

#endif
