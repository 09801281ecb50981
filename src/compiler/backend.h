/*
 * backend.h — the line between the generic walk (compile.c) and the x86_64 backend
 * (the x64_*.c files). The walk decodes and validates; it never writes a byte of code.
 * It tells the backend, instruction by instruction, what the live code does, and the
 * backend emits machine code against the operand stack (valstack.h), whose types the
 * walk keeps and whose locations the backend keeps.
 *
 * Contract: every operation below is called only for reachable ("live") code, after the
 * walk has checked its operand types; it pops its operands and pushes its results on
 * the valstack. Labels are small integers handed out per function. A branch to a label
 * carries the top `arity` values into the slots of stack positions
 * [height, height + arity) ("the label's canonical slots"); at a label every value is in
 * a slot or a constant (locals may stay in registers: the backend's business).
 */
#ifndef ATOLL_BACKEND_H
#define ATOLL_BACKEND_H

#include "compile.h"
#include "loopscan.h"
#include "valstack.h"
#include "wasm.h"

struct be;   /* the backend's state for one module (x64_backend.h) */

/* Where a branch goes: the label, and where its values must be put. */
struct be_target {
    uint32_t label;
    uint32_t height;
    uint32_t arity;
};

/* ---- Module and function ---- */
struct be *be_create(const struct wasm_module *m, const struct wasm_compile_options *opt);
struct valstack *be_valstack(struct be *be);
/* Out of memory somewhere in the backend, or an internal error (message in *why). */
bool be_failed(const struct be *be, const char **why);
/* Start function `func_index` (defined); `local_types` lists params then declared locals. */
void be_func_begin(struct be *be, uint32_t func_index, const uint8_t *local_types, uint32_t nlocals);
/* Finish it (trap stubs, frame size). False when the code buffer was too small: the
 * buffer has been grown and the walk must compile the same function again. */
bool be_func_end(struct be *be);
/* Link calls, copy the code to executable memory and hand everything to `out`. */
bool be_finish(struct be *be, struct wasm_code *out);
void be_destroy(struct be *be);

/* Called before every instruction `op`, live or not (runs the on_instr hook). */
void be_instr(struct be *be, uint32_t wasm_offset, uint32_t op);

/* ---- Control ---- */
uint32_t be_label_new(struct be *be);
void be_bind(struct be *be, uint32_t label);
/* Bind a loop's label (after be_block_enter). `uses` says which locals its body uses
 * (loopscan.h): the header keeps the heaviest in registers, and every branch back to
 * it puts them there again. */
void be_loop(struct be *be, uint32_t label, const struct wasm_loop_uses *uses);
/* The loop's `end` (no code: a loop's end is not a label). */
void be_loop_end(struct be *be, uint32_t label);
/* Entering a block or loop body: every value below the top `nparams` goes to its slot
 * (constants may stay); a loop's params go to their slots too, constants included,
 * because the back edges write them there. */
void be_block_enter(struct be *be, uint32_t nparams, bool is_loop);
/* Falling into a label whose values are the top `arity` entries, already at their
 * positions: store them to their slots. */
void be_fallthrough(struct be *be, uint32_t arity);
void be_br(struct be *be, struct be_target target);
void be_br_if(struct be *be, struct be_target target);            /* pops the condition */
void be_br_table(struct be *be, const struct be_target *targets, uint32_t ntargets); /* last = default; pops the index */
/* Pops the condition; the params go to their slots (the else branch starts from them). */
void be_if(struct be *be, uint32_t else_label, uint32_t nparams);
void be_jump(struct be *be, uint32_t label);
void be_unreachable(struct be *be);
/* The function's results are the top `nresults` entries: store them and return. */
void be_func_return(struct be *be, uint32_t nresults);

/* ---- Values and variables ---- */
void be_const(struct be *be, uint8_t type, uint64_t bits);
void be_drop(struct be *be);
void be_select(struct be *be);
void be_local_get(struct be *be, uint32_t local);
void be_local_set(struct be *be, uint32_t local);
void be_local_tee(struct be *be, uint32_t local);
/* Before a numeric instruction: the next one is a local.set or local.tee of `local`, so
 * the local's current value dies once this instruction has read it. */
void be_local_dies(struct be *be, uint32_t local);
void be_global_get(struct be *be, uint32_t global);
void be_global_set(struct be *be, uint32_t global);

/* ---- Numbers and memory (op: enum wasm_opcode) ---- */
void be_numeric(struct be *be, uint32_t op);
void be_load(struct be *be, uint32_t op, uint32_t offset);
void be_store(struct be *be, uint32_t op, uint32_t offset);
void be_memory_size(struct be *be);
void be_memory_grow(struct be *be);
void be_memory_fill(struct be *be);
void be_memory_copy(struct be *be);
void be_memory_init(struct be *be, uint32_t seg);
void be_data_drop(struct be *be, uint32_t seg);

/* ---- References and tables ---- */
void be_ref_null(struct be *be, uint8_t type);
void be_ref_is_null(struct be *be);
void be_ref_func(struct be *be, uint32_t func);
void be_table_get(struct be *be, uint32_t table);
void be_table_set(struct be *be, uint32_t table);
void be_table_size(struct be *be, uint32_t table);
void be_table_grow(struct be *be, uint32_t table);
void be_table_fill(struct be *be, uint32_t table);
void be_table_copy(struct be *be, uint32_t dst, uint32_t src);
void be_table_init(struct be *be, uint32_t table, uint32_t seg);
void be_elem_drop(struct be *be, uint32_t seg);

/* ---- Calls ---- */
void be_call(struct be *be, uint32_t func);
void be_call_indirect(struct be *be, uint32_t type_index, uint32_t table);
/* Intrinsic imports (compile.h, x64_port.c): is `func` one, and emit it inline (or as a
 * call when its port is not a constant). False with `err` at the call when a constant
 * port lies outside the declaration: the module is rejected at compile time. */
bool be_is_intrinsic(const struct be *be, uint32_t func);
bool be_intrinsic(struct be *be, uint32_t func, struct wasm_error *err);

#endif
