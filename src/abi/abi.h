/*
 * abi.h — the kernel functions a SIP may import, and how imports are bound to them.
 *
 * Every import of a SIP names module "atoll" and one entry of the table in atoll.c
 * (name, signature, C function). At load, abi_resolve binds each import to the entry's
 * host function (wasm_host_func_new): compiled code then calls kernel C directly, with
 * no interrupt and no page-table switch. Anything a SIP passes in is untrusted: the
 * helpers below check pointers against its linear memory and turn a bad one into a
 * trap that ends the SIP (wasm_trap_host), never a kernel fault. docs/abi.md is the
 * reference for SIP authors.
 */
#ifndef ATOLL_ABI_H
#define ATOLL_ABI_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler/runtime.h"

#define ABI_MODULE "atoll"

/* One importable function. Signatures are written as wasm text types, space-separated:
 * params "i32 i32", results "i32" ("" for none). */
struct abi_entry {
    const char *name;
    const char *params;
    const char *results;
    wasm_host_fn fn;
};

extern const struct abi_entry abi_atoll[];
extern const uint32_t abi_atoll_count;

/* Build each entry's type and host function. Call once at boot; they live for ever. */
void abi_init(void);

/* Bind every import of `m` to its ABI function, in import order, into imports[]
 * (m->nimports entries). False with `err` (the import's offset and the reason) when an
 * import is not a function of module "atoll", has no such name, or has another type. */
bool abi_resolve(const struct wasm_module *m, struct wasm_extern *imports, struct wasm_error *err);

/* The bytes [ptr, ptr + len) of the caller's memory, or a trap naming `what` when any
 * of them lies outside it (len 0 is fine anywhere up to the end). Never returns NULL. */
uint8_t *abi_memory(struct wasm_instance *caller, uint64_t *slots, uint32_t ptr, uint32_t len,
                    const char *what);

/* End the calling SIP with a host trap whose message is the formatted reason. `slots`
 * locates the wasm call site for the report (the return address sits just below it). */
_Noreturn void abi_fail(struct wasm_instance *caller, uint64_t *slots, const char *fmt, ...);

/* Trap with "killed" when the kernel has asked the calling SIP to leave (sip.h). ABI
 * functions that may block call it, so that a SIP sleeping in a loop still leaves. */
void abi_leave_if_killed(struct wasm_instance *caller, uint64_t *slots);

#endif
