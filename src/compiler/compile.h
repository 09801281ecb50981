/*
 * compile.h — compiling a decoded module to x86_64, one pass per function body.
 *
 * wasm_compile validates every function body while it emits code for it (there is no
 * separate validator pass and no IR). The result is one block of executable code for the
 * whole module; it refers to its instance only through r15 (see runtime.h), so one
 * compiled module can be instantiated many times.
 */
#ifndef ATOLL_COMPILE_H
#define ATOLL_COMPILE_H

#include "wasm.h"

/* on_instr's func_index at the start of each function (OR'ed with the index). */
#define WASM_ON_FUNC_START 0x80000000u

/* Imports the backend compiles inline instead of calling them: port I/O, for drivers
 * (docs/caps.md). A constant port is checked against the bitmaps at compile time (a
 * port outside them rejects the module); any other port calls the import, whose kernel
 * function checks it at run time. Port imports are (i32 port) -> i32 for in and
 * (i32 port, i32 value) -> () for out. */
enum wasm_intrinsic {
    WASM_INTRINSIC_NONE,
    WASM_INTRINSIC_IN8, WASM_INTRINSIC_IN16, WASM_INTRINSIC_IN32,
    WASM_INTRINSIC_OUT8, WASM_INTRINSIC_OUT16, WASM_INTRINSIC_OUT32,
};

struct wasm_intrinsics {
    const uint8_t *kinds;          /* enum wasm_intrinsic of each function import, by index */
    const uint8_t *port_read;      /* 65536-bit bitmaps: bit p set when port p may be read */
    const uint8_t *port_write;     /* ... may be written */
};

struct wasm_compile_options {
    /* false: guard-region mode, no check is emitted (memories live in 8 GiB reservations).
     * true: every access is compared against the memory's size and branches to a trap. */
    bool bounds_checks;
    /* Optional teaching hook: called before each instruction of each body with the
     * instruction's module offset and the code offset its machine code starts at, and
     * once per function with wasm_offset = body_start and a negative func marker
     * (see compile.c). NULL when not wanted. */
    void (*on_instr)(void *ctx, uint32_t func_index, uint32_t wasm_offset, uint32_t code_offset);
    void *on_instr_ctx;
    /* Imports to compile inline (above); NULL: every import is called. */
    const struct wasm_intrinsics *intrinsics;
};

/* Where a faulting instruction came from: lets a hardware fault (a guard-region access)
 * be reported with its wasm offset. Sorted by code_offset. */
struct wasm_pc_entry {
    uint32_t code_offset;
    uint32_t wasm_offset;
};

/* A compiled module. */
struct wasm_code {
    uint8_t *code;               /* executable (wasm_code_alloc), `size` bytes */
    size_t size;
    uint32_t *func_offsets;      /* entry of each defined function, by index - nfunc_imports */
    uint32_t *func_ends;         /* end of each defined function's code */
    struct wasm_pc_entry *pc_map;
    uint32_t npc;
    bool bounds_checks;          /* the mode it was compiled for */
    const struct wasm_module *module;
    struct wasm_code *next_registered;  /* runtime.c's list, for wasm_code_lookup */
};

/* Validate and compile every function body of `m`. On error returns false with `err`
 * naming the offset and reason, and leaves nothing allocated. */
bool wasm_compile(const struct wasm_module *m, const struct wasm_compile_options *opt,
                  struct wasm_code *out, struct wasm_error *err);

/* Free the code and tables of a compiled module. */
void wasm_compiled_free(struct wasm_code *code);

#endif
