/*
 * x64_backend.h — private to the x64_*.c files: the backend's state and the helpers the
 * lowering files share (trap branches, local jumps, helper calls, float constants).
 *
 * Registers (see valstack.c for the allocation order):
 *   rax rbx rcx rdx rsi rdi r8 r9 r10 r12 r13   allocatable (all caller-saved for wasm)
 *   r11                                          scratch: never holds a stack value
 *   r14                                          base of memory 0 (reloaded after calls)
 *   r15                                          instance (kept at [rbp-8] across calls)
 *   rbp, rsp                                     frame
 *   xmm0-xmm14 allocatable, xmm15 scratch
 *
 * Frame of a compiled function (the stack grows down; F is patched at the function's end):
 *
 *   [rbp + 16 + 8*i]   param i, result i           (the caller's outgoing area: a param
 *                      that came in a register is stored here only when its register
 *                      is needed, a result that goes back in one is never stored;
 *                      x64_callconv.c, valstack.c)
 *   [rbp + 8]          return address
 *   [rbp]              caller's rbp
 *   [rbp - 8]          r15, stored before each call through a function ref
 *   [rbp - 16]         memory 0's size in bytes   (bounds-check mode; reloaded with r14)
 *   [rbp - 24 - 8*j]   declared local j           (zeroed by the prologue)
 *   [slot0 - 8*d]      operand stack position d   (slot0 = -24 - 8*declared locals)
 *        ...
 *   [rsp + 8*i]        outgoing slot i: args and results of our calls (as many slots
 *                      as the function's largest call needs; none in a leaf)
 *   rsp = rbp - F, 16-byte aligned
 */
#ifndef ATOLL_X64_BACKEND_H
#define ATOLL_X64_BACKEND_H

#include "backend.h"
#include "embed.h"
#include "opcodes.h"
#include "runtime.h"
#include "valstack.h"
#include "x64_callconv.h"
#include "x64_encode.h"

#define X64_TRAP_FROM_EAX 0xFF   /* a trap stub whose trap code is the helper's result */
#define X64_MEMORY_SIZE_SLOT (-16)   /* [rbp - 16]: the memory size (frame diagram above) */
#define X64_LOCAL0 (-24)             /* [rbp - 24]: declared local 0 */

struct x64_label {
    int64_t pos;        /* code offset once bound, -1 before */
    int32_t patches;    /* head of its list in be->patches, -1 when empty */
    int32_t state;      /* a loop's: its header (struct x64_loop) in be->loop_states,
                         * else -1 */
    int32_t meet;       /* a forward label's: the registers every branch to it
                         * conforms to, in be->meets; -1 before the first branch */
};

/* A loop's header: the locals it keeps in registers (every branch back puts them there
 * again), and whether its body calls (then it keeps them clean, x64_locals.c). */
struct x64_loop {
    struct vs_locals regs;
    bool calls;
};

/* A 32-bit field at `at` that must become (label position - base). */
struct x64_patch {
    uint32_t at;
    uint32_t base;
    int32_t next;
};

struct x64_trap_site {
    uint32_t at;        /* rel32 field of the jcc/jmp to the stub */
    uint32_t wasm_offset;
    uint8_t trap;       /* enum wasm_trap, or X64_TRAP_FROM_EAX */
};

struct x64_call_site {
    uint32_t at;        /* rel32 field of a call to a defined function */
    uint32_t func;
};

/* A RIP-relative use of constant-pool entry `entry` (its disp32 at `at`). */
struct x64_pool_use {
    uint32_t at;
    uint32_t entry;
};

struct x64_hook_event {
    uint32_t func;
    uint32_t wasm_offset;
    uint32_t code_offset;
};

/* A growable array: `items` of `count` used, `capacity` allocated. */
#define X64_ARRAY(type) struct { type *items; uint32_t count, capacity; }

struct be {
    const struct wasm_module *m;
    const struct wasm_compile_options *opt;
    struct x64_buf buf;               /* bytes on the heap; copied to code memory at the end */
    struct valstack vs;
    bool out_of_memory;

    /* the module */
    uint32_t *func_offsets;           /* by defined-function index: the entry of refs */
    uint32_t *func_ends;
    uint32_t *direct_entries;         /* by defined-function index: where direct calls enter */
    X64_ARRAY(struct x64_call_site) calls;
    X64_ARRAY(struct wasm_pc_entry) pcs;
    X64_ARRAY(struct x64_hook_event) events;

    /* the function being compiled */
    uint32_t func_index;
    const struct wasm_functype *type;
    uint32_t nlocals;
    size_t func_start;
    size_t direct_entry;              /* past the r14 load (guard mode), else func_start */
    uint32_t outgoing_bytes;          /* 8 * the most params or results of a call it makes */
    size_t frame_patch;               /* disp32 of `lea r11, [rsp - F]` */
    uint32_t ncalls_at_start, npcs_at_start, nevents_at_start;
    X64_ARRAY(struct x64_label) labels;
    X64_ARRAY(struct x64_patch) patches;
    X64_ARRAY(struct x64_trap_site) traps;
    X64_ARRAY(uint64_t) pool;         /* float constants, emitted after the trap stubs */
    X64_ARRAY(struct x64_loop) loop_states;
    X64_ARRAY(struct vs_locals) meets;
    bool dead_code;                   /* after an unconditional jump, until the next label */
    X64_ARRAY(int32_t) open_loops;    /* loop_states of the loops we are inside, innermost last */
    bool write_through;               /* the innermost open loop calls: local.set stores */
    X64_ARRAY(struct x64_pool_use) pool_uses;
    uint32_t wasm_offset;             /* of the instruction being compiled */
};

/* Make room for one more item in an X64_ARRAY; false (and out_of_memory) on failure.
 * X64_PUSH calls it only when the array is full. */
bool x64_array_grow(struct be *be, void **items, uint32_t *capacity, uint32_t count, size_t size);
#define X64_PUSH(be, array, value) \
    (((array).count < (array).capacity || \
      x64_array_grow((be), (void **)&(array).items, &(array).capacity, (array).count, \
                     sizeof *(array).items)) ? ((array).items[(array).count++] = (value), true) : false)

/* A jump to a label: records the rel32 field (label position - end of field). */
void x64_jump_to_label(struct be *be, size_t field, uint32_t label);
/* A 32-bit field that must hold (label position - base): a br_table entry. */
void x64_field_to_label(struct be *be, size_t field, size_t base, uint32_t label);

/* The register the innermost loop's header keeps `local` in, or -1. */
int x64_loop_register(struct be *be, uint32_t local);

/* Locals where paths join (x64_locals.c). x64_loop_header picks a loop's registers,
 * loads them and describes them in *out. A branch to `label` about to leave asks
 * x64_edge what it must do so that its registers match the label's (a forward label
 * learns from it): true when that is any code, which x64_conform then emits on the
 * branch's path (the valstack's state is unchanged). x64_bind_state: the label is
 * being bound: conform the fallthrough and take the label's state. */
struct x64_edge {
    const struct vs_locals *to;       /* NULL: nothing to match (the function's end) */
    uint32_t gpr_store, gpr_write;    /* dirty registers to store; registers to write */
    uint32_t xmm_store, xmm_write;
};
void x64_loop_header(struct be *be, const struct wasm_loop_uses *uses, struct x64_loop *out);
bool x64_edge(struct be *be, uint32_t label, struct x64_edge *edge);
void x64_conform(struct be *be, const struct x64_edge *edge);
void x64_bind_state(struct be *be, uint32_t label);

/* Branch to an out-of-line trap stub when `cc` holds / always. */
void x64_trap_if(struct be *be, enum x64_cc cc, enum wasm_trap trap);
void x64_trap_always(struct be *be, enum wasm_trap trap);
void x64_trap_if_eax(struct be *be);   /* test eax, eax; jnz stub raising trap eax */

/* Local forward jumps inside one lowering: emit, then bind to the current position. */
static inline size_t x64_fwd_jcc(struct be *be, enum x64_cc cc) { return x64_jcc_rel32(&be->buf, cc); }
static inline size_t x64_fwd_jmp(struct be *be) { return x64_jmp_rel32(&be->buf); }
static inline void x64_bind_here(struct be *be, size_t field)
{
    x64_patch_rel32(&be->buf, field, x64_buf_pos(&be->buf));
}

/* Float constants live in a per-function pool after the code, read RIP-relative:
 * x64_pool_mem gives the operand, x64_pool_used records the instruction just emitted
 * with it (its displacement must be the instruction's last field: no immediate). */
struct x64_mem x64_pool_mem(struct be *be, uint64_t bits, uint32_t *entry);
void x64_pool_used(struct be *be, uint32_t entry);
/* Load the float constant `bits` into `xmm` (movss/movsd from the pool). */
void x64_load_fconst(struct be *be, bool dbl, uint64_t bits, enum x64_xmm xmm);

/* A System V call to a runtime helper: rdi = instance, then `nargs` arguments, each an
 * immediate or a stack entry (`depth` from the top). All registers are spilled first.
 * Pops `npop` entries afterwards; the result, if any, is in eax (zero-extended). */
struct x64_arg {
    bool is_imm;
    uint64_t value;     /* immediate, or depth from the top of the stack */
};
void x64_helper_call(struct be *be, const void *fn, const struct x64_arg *args, uint32_t nargs,
                     uint32_t npop);

/* Reload r14 from the instance (after calls and memory.grow). */
void x64_reload_memory_base(struct be *be);
/* The location of a global's cell pointer: loads it into r11. */
void x64_load_global_cell(struct be *be, uint32_t global);

/* Reading an operand in place (x64_operand.c), for instructions that do not write it.
 * The register already holding entry `depth` — its own, or the one caching the local
 * it refers to — locked for this instruction; -1 if none (no code is emitted). */
int x64_peek_reg(struct be *be, uint32_t depth);
/* The same, else the entry loaded into a register it owns (vs_to_reg). */
int x64_read_reg(struct be *be, uint32_t depth);
/* Is entry `depth` only in memory (its slot or its local's, no register caching it)? */
bool x64_in_memory(struct be *be, uint32_t depth);

/* Lowerings split by job (each file's entry point). */
void x64_int_op(struct be *be, uint32_t op);
void x64_float_op(struct be *be, uint32_t op);
void x64_convert_op(struct be *be, uint32_t op);

#endif
