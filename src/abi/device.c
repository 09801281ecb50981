/*
 * device.c — port I/O and IRQ imports (device.h), checked against the caller's claim.
 *
 * A port that reaches these functions was not a constant in the wasm code, so nothing
 * checked it before: it is looked up in the SIP's bitmaps here, and a port outside
 * them is a trap that ends the SIP (docs/caps.md). IRQ waits block on the line's wait
 * queue in short slices, so that a driver the kernel kills (sip-deadline) still leaves
 * while no interrupt comes.
 */
#include "abi/device.h"

#include "abi/abi.h"
#include "caps.h"
#include "ioport.h"
#include "sip.h"

#define IRQ_WAIT_SLICE_NS 50000000ull    /* 50 ms between looks at the kill mark */

/* The port in slots[0], or a trap when the caller may not use it that way. */
static uint16_t port_arg(struct wasm_instance *caller, uint64_t *slots, const char *what, bool write)
{
    uint32_t port = (uint32_t)slots[0];
    if (!caps_port_allowed(sip_current(), port, write))
        abi_fail(caller, slots, "%s: port 0x%x is not declared for %s in atoll.caps", what, port,
                 write ? "writing" : "reading");
    return (uint16_t)port;
}

void abi_device_in8(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    slots[0] = inb(port_arg(caller, slots, "atoll.in8", false));
}

void abi_device_in16(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    slots[0] = inw(port_arg(caller, slots, "atoll.in16", false));
}

void abi_device_in32(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    slots[0] = inl(port_arg(caller, slots, "atoll.in32", false));
}

void abi_device_out8(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    outb(port_arg(caller, slots, "atoll.out8", true), (uint8_t)slots[1]);
}

void abi_device_out16(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    outw(port_arg(caller, slots, "atoll.out16", true), (uint16_t)slots[1]);
}

void abi_device_out32(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    outl(port_arg(caller, slots, "atoll.out32", true), (uint32_t)slots[1]);
}

/* The line in slots[0], or a trap when the caller does not hold it. */
static unsigned line_arg(struct wasm_instance *caller, uint64_t *slots, const char *what)
{
    uint32_t irq = (uint32_t)slots[0];
    if (!caps_irq_held(sip_current(), irq))
        abi_fail(caller, slots, "%s: IRQ %u is not declared in atoll.caps", what, irq);
    return irq;
}

/* irq_wait(line): returns once the line has fired; it then stays masked until irq_ack. */
void abi_device_irq_wait(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    unsigned irq = line_arg(caller, slots, "atoll.irq_wait");
    for (;;) {
        abi_leave_if_killed(caller, slots);
        enum caps_irq_wait got = caps_irq_wait(irq, IRQ_WAIT_SLICE_NS);
        if (got == CAPS_IRQ_FIRED)
            return;
        if (got == CAPS_IRQ_UNACKED)
            abi_fail(caller, slots, "atoll.irq_wait: IRQ %u fired and was never acknowledged "
                     "(atoll.irq_ack)", irq);
    }
}

/* irq_ack(line): done with the device; the line may fire again. */
void abi_device_irq_ack(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)data;
    caps_irq_ack(line_arg(caller, slots, "atoll.irq_ack"));
}
