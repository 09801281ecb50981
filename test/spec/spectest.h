/*
 * spectest.h — the built-in "spectest" host module, shared by atoll-run and the spec
 * test runner (test/spec/). Link tools/spectest.c with tools/values.c (which formats
 * what the print functions print) and tools/host_embed.c.
 */
#ifndef ATOLL_SPECTEST_H
#define ATOLL_SPECTEST_H

#include <stdbool.h>

#include "../src/compiler/runtime.h"

/* The spectest export `field` (NUL-terminated), created on first use and kept for the
 * life of the process: print, print_i32, print_i64, print_f32, print_f64, print_i32_f32,
 * print_f64_f64, global_i32/i64 (666), global_f32/f64 (666.6), table (funcref 10..20),
 * memory (1..2 pages; in a guard-region reservation unless bounds_checks). False when
 * there is none. */
bool spectest_lookup(const char *field, bool bounds_checks, struct wasm_extern *out);

/* The same for an import of the module "spectest" (its field names the export). The
 * import's type is checked by wasm_instantiate, not here. */
bool spectest_resolve(const struct wasm_import *imp, bool bounds_checks, struct wasm_extern *out);

#endif
