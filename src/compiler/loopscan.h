/*
 * loopscan.h — what a loop's body does with the function's locals, read ahead of the
 * one pass (loopscan.c).
 *
 * When the walk meets a `loop`, it asks which locals the body uses: the local.get/set/tee
 * of each, uses in nested loops weighing more. The backend gives the heaviest locals
 * registers for the whole loop. The body is skimmed ahead of the walk, without
 * validating (the walk does, as it compiles); on bytes it cannot read the skim simply
 * stops. One skim covers an outermost loop and every loop inside it, so each byte of a
 * function is skimmed at most once; a per-function budget bounds the summing of nested
 * loops' uses, so deeply nested loops cannot make compiling quadratic either.
 */
#ifndef ATOLL_LOOPSCAN_H
#define ATOLL_LOOPSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wasm_loop_uses {
    uint32_t count;        /* locals the body uses, in `locals` in order of first use */
    uint32_t *locals;
    uint32_t *weight;      /* by local index: its uses, weighted; 0 for a local not used */
    uint8_t *written;      /* by local index: set or tee'd in the body */
    bool complete;         /* the scan reached the loop's end (else it saw a prefix) */
    bool calls;            /* the body has a call or call_indirect */
    uint32_t capacity;     /* locals the arrays have room for */
    size_t budget;         /* uses the current function's loops may still sum */
    struct wasm_loop_skim *skim;   /* the last skim's records (private to loopscan.c) */
};

/* At the start of a function of `nlocals` locals whose body is `body_size` bytes: room
 * for its locals, and a fresh budget. False when out of memory. */
bool wasm_loop_uses_begin(struct wasm_loop_uses *u, uint32_t nlocals, size_t body_size);
/* The figures of the loop whose body starts at bytes[pos] (after its block type) and
 * ends at its `end` or at `limit`, into `u` (replacing the previous loop's). The walk
 * asks for loops in the order of their positions (skipping any it likes). */
void wasm_loop_scan(struct wasm_loop_uses *u, const uint8_t *bytes, size_t pos, size_t limit,
                    uint32_t nlocals);
void wasm_loop_uses_free(struct wasm_loop_uses *u);

#endif
