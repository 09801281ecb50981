/*
 * device.h — the atoll imports that reach devices: port I/O and IRQ lines, for driver
 * SIPs (docs/caps.md). Each is a wasm_host_fn for the table in atoll.c; each checks the
 * caller's capabilities (caps.h) first and traps when it is asked for something the SIP
 * did not declare. Port imports with a constant port never get here: the compiler
 * emits the in/out instruction itself (src/compiler/x64_port.c).
 */
#ifndef ATOLL_ABI_DEVICE_H
#define ATOLL_ABI_DEVICE_H

#include "compiler/runtime.h"

void abi_device_in8(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_device_in16(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_device_in32(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_device_out8(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_device_out16(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_device_out32(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_device_irq_wait(struct wasm_instance *caller, void *data, uint64_t *slots);
void abi_device_irq_ack(struct wasm_instance *caller, void *data, uint64_t *slots);

#endif
