/*
 * walk.h — private to the walk (compile.c, compile_control.c): the state of the one pass
 * over a function body and the helpers both files use.
 *
 * compile.c reads instructions and handles everything but control flow;
 * compile_control.c keeps the control stack (block, loop, if, br...) and the operand
 * type checks, including the "polymorphic stack" rule of unreachable code.
 */
#ifndef ATOLL_WALK_H
#define ATOLL_WALK_H

#include "backend.h"
#include "leb128.h"
#include "loopscan.h"
#include "opcodes.h"
#include "valstack.h"
#include "wasm.h"

enum { CTL_FUNC = 0, CTL_BLOCK = OP_BLOCK, CTL_LOOP = OP_LOOP, CTL_IF = OP_IF, CTL_ELSE = OP_ELSE };

/* One entry of the control stack. */
struct ctl {
    uint8_t kind;
    uint8_t single;            /* the result type of a one-value block type */
    bool one_result;           /* results are `single` */
    bool unreachable;          /* validator: the rest of the frame is polymorphic */
    bool dead;                 /* emitter: code here never runs */
    bool entry_dead;
    bool reached;              /* a live branch goes to this frame's end label */
    uint32_t height;           /* operand stack height below the frame's params */
    const uint8_t *params;
    uint32_t nparams;
    const uint8_t *results;    /* unless one_result */
    uint32_t nresults;
    uint32_t label;            /* end label (start label for a loop) */
    uint32_t else_label;
};

struct walk {
    const struct wasm_module *m;
    struct be *be;
    struct valstack *vs;
    struct wasm_reader r;
    struct wasm_error *err;
    uint32_t func_index;
    uint8_t *local_types;
    uint32_t nlocals;
    struct ctl *ctls;
    uint32_t nctl;
    uint32_t ctl_capacity;
    uint32_t offset;           /* of the current instruction */
    struct wasm_loop_uses uses;   /* the last loop's body, skimmed ahead (loopscan.h) */
};

extern const uint8_t walk_i32_type[1];

static inline struct ctl *top_ctl(struct walk *w) { return &w->ctls[w->nctl - 1]; }
/* Is the code being read reachable, i.e. should the backend emit it? */
static inline bool live(struct walk *w) { return !top_ctl(w)->dead; }

static inline bool is_valtype(uint8_t t)
{
    return t == WASM_I32 || t == WASM_I64 || t == WASM_F32 || t == WASM_F64 ||
           t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

static inline bool is_ref(uint8_t t) { return t == WASM_FUNCREF || t == WASM_EXTERNREF; }

/* A function type's result list (`types` is NULL for [] -> []). */
static inline const uint8_t *results_of(const struct wasm_functype *ft)
{
    return ft->types ? ft->types + ft->nparams : NULL;
}

/* An error at the current instruction; returns false. */
bool walk_fail(struct walk *w, const char *message);

/* ---- Operand types (compile_control.c) ---- */
/* Check that the `n` entries starting `skip` below the top have `types` (types[n-1]
 * nearest the top). Missing entries are fine only in a polymorphic frame. */
bool walk_check_types_all(struct walk *w, const uint8_t *types, uint32_t n, uint32_t skip);

/* The same; the usual case, all there and of exactly those types, inline (every
 * instruction with operands checks them). */
static inline bool walk_check_types(struct walk *w, const uint8_t *types, uint32_t n,
                                    uint32_t skip)
{
    if (vs_height(w->vs) - top_ctl(w)->height < skip + n)
        return walk_check_types_all(w, types, n, skip);
    for (uint32_t i = 0; i < n; i++)
        if (vs_type(w->vs, skip + i) != types[n - 1 - i])
            return walk_check_types_all(w, types, n, skip);
    return true;
}
/* Dead code: pop what is there of `n` operands / push `n` types without values. */
void walk_pop_dead(struct walk *w, uint32_t n);
void walk_push_dead(struct walk *w, const uint8_t *types, uint32_t n);
/* Both; always returns true. */
bool walk_dead_apply(struct walk *w, uint32_t npop, const uint8_t *push, uint32_t npush);
/* The type `depth` below the top, or 0 when a polymorphic frame has none there. */
uint8_t walk_peek_type(struct walk *w, uint32_t depth);
/* After br, br_table, return, unreachable: the rest of the frame is polymorphic. */
void walk_set_unreachable(struct walk *w);

/* ---- Control instructions (compile_control.c) ---- */
bool walk_push_ctl(struct walk *w, const struct ctl *c);
bool walk_block(struct walk *w, uint8_t kind);   /* block, loop, if */
bool walk_else(struct walk *w);
bool walk_end(struct walk *w, bool *done);       /* *done after the body's final end */
bool walk_br(struct walk *w, uint32_t depth);    /* br, and return (depth = outermost) */
bool walk_br_if(struct walk *w);
bool walk_br_table(struct walk *w);

#endif
