/*
 * wasm_embed.h — the kernel's side of src/compiler/embed.h: what the compiler and the
 * runtime get from the kernel (heap, executable code pages, linear-memory reservations),
 * plus the per-thread wasm execution state the scheduler swaps.
 *
 * wasm_embed.c implements embed.h itself; this header only adds what the rest of the
 * kernel needs to set it up and to look at it.
 */
#ifndef ATOLL_WASM_EMBED_H
#define ATOLL_WASM_EMBED_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler/runtime.h"

/* Reserve the code arena. Call once, after paging_init and before anything compiles. */
void wasm_embed_init(void);

/* The wasm execution state of threads that are not SIPs (kmain, kernel threads):
 * wasm_exec_current points here whenever no SIP thread runs. */
extern struct wasm_exec wasm_exec_kernel;

/* Pages of the code arena in use (each holds one code block or part of one). */
uint64_t wasm_embed_code_pages(void);

#endif
