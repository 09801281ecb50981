/*
 * atoll-run.h — the pieces of the host tool atoll-run, one file each:
 *   values.c    typed wasm values as text ("i32:5", "f64:-0.250000"), wabt's way
 *   test/spec/spectest.c  the built-in "spectest" host module, shared with the spec runners
 *   dump.c      --dump: each wasm instruction next to the x86 it became
 *   caps_check.c --caps: a driver's atoll.caps checked, its port I/O compiled inline
 *   atoll-run.c the command line, loading, linking and running
 */
#ifndef ATOLL_RUN_H
#define ATOLL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../src/compiler/compile.h"
#include "../src/compiler/runtime.h"

/* ---- values.c ---- */

/* "TYPE:VALUE" as wasm-interp prints it: integers unsigned in decimal, floats with %f,
 * references as their number (0 for null). */
void value_format(char *buf, size_t size, uint8_t type, uint64_t slot);

/* Append the comma-separated values of `types` held in slots[0..n). */
void values_format(char *buf, size_t size, const uint8_t *types, uint32_t n, const uint64_t *slots);

/* Parse an argument for a parameter of type `type`: "i32:5", "5", "-1", "f64:1.5",
 * "f32:0x7fc00000" (raw bits: hex without '.' or 'p'), "0x1.8p1" (a hex float),
 * "nan", "-inf", "externref:3", "null". False when it does not parse. */
bool value_parse(const char *text, uint8_t type, uint64_t *slot);

/* "i32", "f64", "funcref"...: the WAT name of a value type byte. */
const char *value_type_name(uint8_t type);

/* ---- dump.c ---- */

/* The on_instr hook of wasm_compile and the state it collects. */
struct dump_state;
struct dump_state *dump_new(void);
void dump_on_instr(void *ctx, uint32_t func_index, uint32_t wasm_offset, uint32_t code_offset);

/* Print every function: its wasm instructions, each followed by its x86. */
void dump_print(struct dump_state *d, const struct wasm_module *m, const struct wasm_code *code);
void dump_free(struct dump_state *d);

/* ---- caps_check.c ---- */

/* Check the atoll.caps section of `m` against `grant` (grant syntax; NULL: the
 * declaration itself) and print the check. *ok is false (the reason printed) when the
 * kernel would reject the module; otherwise returns the intrinsics to compile with
 * (NULL when it declares no ports). */
const struct wasm_intrinsics *caps_check(const char *path, const struct wasm_module *m,
                                         const char *grant, bool *ok);

#endif
