/*
 * spectest.h — the built-in "spectest" host module that spec tests import from. It is
 * freestanding and shared: the host spec runner, the kernel's conformance run
 * (src/conformance.c) and atoll-run all link test/spec/spectest.c.
 */
#ifndef ATOLL_SPECTEST_H
#define ATOLL_SPECTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime.h"

/* The spectest export `field` (NUL-terminated), created on first use and kept until
 * spectest_reset: print, print_i32, print_i64, print_f32, print_f64, print_i32_f32,
 * print_f64_f64, global_i32/i64 (666), global_f32/f64 (666.6), table (funcref 10..20),
 * memory (1..2 pages; in a guard-region reservation unless bounds_checks). False when
 * there is none. */
bool spectest_lookup(const char *field, bool bounds_checks, struct wasm_extern *out);

/* The same for an import of the module "spectest" (its field names the export). The
 * import's type is checked by wasm_instantiate, not here. */
bool spectest_resolve(const struct wasm_import *imp, bool bounds_checks, struct wasm_extern *out);

/* What the print functions do with a call: nothing until an embedder sets a printer
 * (atoll-run prints each call the way wabt's wasm-interp does). */
typedef void (*spectest_printer)(const char *func, const uint8_t *types, uint32_t n,
                                 const uint64_t *args);
void spectest_set_printer(spectest_printer printer);

/* Free every export made so far; the next lookup makes fresh ones. Call it only when no
 * instance that imported them is left (a spec script's end: each script starts with a
 * new spectest, as each once ran in a process of its own). */
void spectest_reset(void);

#endif
