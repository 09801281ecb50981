/*
 * compile.c — the one pass: decode, validate and compile each function body.
 *
 * The walk reads a body instruction by instruction. For each one it checks the operand
 * types against the operand stack (valstack.h) and the control stack below, then — if
 * the code is reachable — asks the backend (backend.h) to emit it. There is no IR and no
 * second pass over a body. Validation follows the spec's algorithm: a control frame per
 * block/loop/if, and after br/return/unreachable the frame's stack becomes
 * "polymorphic" (missing operands match anything) until its end.
 *
 * Two notions of "unreachable" are kept apart: `unreachable` is the validator's
 * (polymorphic stack), `dead` is the emitter's (no code needed). They differ after a
 * block that nothing branches to and that ends in dead code: what follows is dead but is
 * validated normally.
 *
 * on_instr hook: before each instruction the backend reports (func index, module offset,
 * code offset); at each function start it reports (func index | WASM_ON_FUNC_START,
 * body start, entry offset).
 */
#include "backend.h"
#include "compile.h"
#include "embed.h"
#include "leb128.h"
#include "opcodes.h"
#include "runtime.h"
#include "valstack.h"

#define MAX_LOCALS 50000u   /* params + declared locals of one function */

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
};

static const uint8_t i32_type[1] = { WASM_I32 };

static bool fail(struct walk *w, const char *message)
{
    return wasm_error_set(w->err, w->offset, "%s", message);
}

static bool is_valtype(uint8_t t)
{
    return t == WASM_I32 || t == WASM_I64 || t == WASM_F32 || t == WASM_F64 ||
           t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

static bool is_ref(uint8_t t) { return t == WASM_FUNCREF || t == WASM_EXTERNREF; }

/* A function type's result list (`types` is NULL for [] -> []). */
static const uint8_t *results_of(const struct wasm_functype *ft)
{
    return ft->types ? ft->types + ft->nparams : NULL;
}

static const uint8_t *ctl_results(const struct ctl *c)
{
    return c->one_result ? &c->single : c->results;
}

/* The types a branch to `c` carries: a loop's params, any other frame's results. */
static const uint8_t *label_types(const struct ctl *c, uint32_t *n)
{
    if (c->kind == CTL_LOOP) {
        *n = c->nparams;
        return c->params;
    }
    *n = c->nresults;
    return ctl_results(c);
}

static struct ctl *top_ctl(struct walk *w) { return &w->ctls[w->nctl - 1]; }
static bool live(struct walk *w) { return !top_ctl(w)->dead; }

/* ------------------------------------------------------------------ operand types */

/* Check that the `n` entries starting `skip` below the top have `types` (types[n-1]
 * nearest the top). Missing entries are fine only in a polymorphic frame. */
static bool check_types(struct walk *w, const uint8_t *types, uint32_t n, uint32_t skip)
{
    struct ctl *c = top_ctl(w);
    uint32_t avail = vs_height(w->vs) - c->height;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t depth = skip + i;
        uint8_t want = types[n - 1 - i];
        if (depth >= avail) {
            if (!c->unreachable)
                return fail(w, "type mismatch");
            continue;
        }
        uint8_t have = vs_type(w->vs, depth);
        if (have != want && have != 0)
            return fail(w, "type mismatch");
    }
    return true;
}

/* Dead code: pop what is there of `n` operands (a polymorphic frame may have fewer). */
static void pop_dead(struct walk *w, uint32_t n)
{
    uint32_t avail = vs_height(w->vs) - top_ctl(w)->height;
    vs_pop(w->vs, n < avail ? n : avail);
}

static void push_dead(struct walk *w, const uint8_t *types, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        vs_push_type(w->vs, types[i]);
}

/* The type `depth` below the top, or 0 when a polymorphic frame has none there. */
static uint8_t peek_type(struct walk *w, uint32_t depth)
{
    uint32_t avail = vs_height(w->vs) - top_ctl(w)->height;
    return depth < avail ? vs_type(w->vs, depth) : 0;
}

/* Check `types` on the stack, then either let `emit` run (live) or update the types. */
static bool dead_apply(struct walk *w, uint32_t npop, const uint8_t *push, uint32_t npush)
{
    pop_dead(w, npop);
    push_dead(w, push, npush);
    return true;
}

/* After br, br_table, return, unreachable: the rest of the frame is polymorphic. */
static void set_unreachable(struct walk *w)
{
    struct ctl *c = top_ctl(w);
    vs_truncate(w->vs, c->height);
    c->unreachable = true;
    c->dead = true;
}

/* ------------------------------------------------------------------ immediates */

static bool read_index(struct walk *w, uint32_t limit, uint32_t *out, const char *unknown)
{
    if (!wasm_read_u32(&w->r, out))
        return false;
    if (*out >= limit)
        return wasm_error_set(w->err, w->offset, "%s %u", unknown, *out);
    return true;
}

static bool read_zero_byte(struct walk *w)
{
    uint8_t b;
    if (!wasm_read_u8(&w->r, &b))
        return false;
    return b == 0 ? true : fail(w, "zero byte expected");
}

static bool need_memory(struct walk *w)
{
    return w->m->nmemories > 0 ? true : fail(w, "unknown memory 0");
}

/* A block type: empty, one value type, or a function type index. */
static bool read_blocktype(struct walk *w, struct ctl *c)
{
    int64_t bt;
    if (!wasm_read_s33(&w->r, &bt))
        return false;
    c->nparams = 0;
    c->params = NULL;
    c->one_result = false;
    c->nresults = 0;
    c->results = NULL;
    if (bt == -64)
        return true;
    if (bt < 0) {
        uint8_t t = (uint8_t)(bt & 0x7F);
        if (!is_valtype(t))
            return fail(w, "malformed value type");
        c->one_result = true;
        c->single = t;
        c->nresults = 1;
        return true;
    }
    if ((uint64_t)bt >= w->m->ntypes)
        return fail(w, "unknown type");
    const struct wasm_functype *ft = &w->m->types[bt];
    c->params = ft->types;
    c->nparams = ft->nparams;
    c->results = results_of(ft);
    c->nresults = ft->nresults;
    return true;
}

/* ------------------------------------------------------------------ control */

static bool push_ctl(struct walk *w, const struct ctl *c)
{
    if (w->nctl == w->ctl_capacity) {
        uint32_t cap = w->ctl_capacity * 2 + 16;
        struct ctl *bigger = wasm_alloc((size_t)cap * sizeof *bigger);
        if (!bigger)
            return fail(w, "out of memory");
        if (w->nctl)
            memcpy(bigger, w->ctls, w->nctl * sizeof *bigger);
        wasm_free(w->ctls);
        w->ctls = bigger;
        w->ctl_capacity = cap;
    }
    w->ctls[w->nctl++] = *c;
    return true;
}

/* block, loop, if: the new frame takes its params from the stack. */
static bool op_block(struct walk *w, uint8_t kind)
{
    struct ctl c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    if (!read_blocktype(w, &c))
        return false;
    uint32_t skip = kind == CTL_IF ? 1 : 0;
    if (kind == CTL_IF && !check_types(w, i32_type, 1, 0))
        return false;
    if (!check_types(w, c.params, c.nparams, skip))
        return false;
    bool is_live = live(w);
    if (!is_live) {
        pop_dead(w, c.nparams + skip);
        push_dead(w, c.params, c.nparams);
    }
    c.dead = c.entry_dead = !is_live;
    c.label = be_label_new(w->be);
    if (is_live) {
        if (kind == CTL_IF) {
            c.else_label = be_label_new(w->be);
            be_if(w->be, c.else_label, c.nparams);
        } else {
            be_block_enter(w->be, c.nparams, kind == CTL_LOOP);
            if (kind == CTL_LOOP)
                be_bind(w->be, c.label);
        }
    }
    c.height = vs_height(w->vs) - c.nparams;
    return push_ctl(w, &c);
}

/* The frame's results must be exactly what is left above its height. */
static bool check_frame_end(struct walk *w, struct ctl *c)
{
    const uint8_t *results = ctl_results(c);
    if (!check_types(w, results, c->nresults, 0))
        return false;
    if (vs_height(w->vs) - c->height > c->nresults)
        return fail(w, "type mismatch");
    return true;
}

static bool op_else(struct walk *w)
{
    struct ctl *c = top_ctl(w);
    if (c->kind != CTL_IF)
        return fail(w, "else without matching if");
    if (!check_frame_end(w, c))
        return false;
    if (!c->dead) {
        be_fallthrough(w->be, c->nresults);
        be_jump(w->be, c->label);
        c->reached = true;
    }
    vs_truncate(w->vs, c->height);
    for (uint32_t i = 0; i < c->nparams; i++) {
        if (c->entry_dead)
            vs_push_type(w->vs, c->params[i]);
        else
            vs_push_slot(w->vs, c->params[i]);
    }
    if (!c->entry_dead)
        be_bind(w->be, c->else_label);
    c->kind = CTL_ELSE;
    c->unreachable = false;
    c->dead = c->entry_dead;
    return true;
}

/* Replace the frame's leftovers with its results, as they are after its end label. */
static void results_after_label(struct walk *w, struct ctl *c, bool in_slots)
{
    const uint8_t *results = ctl_results(c);
    vs_truncate(w->vs, c->height);
    for (uint32_t i = 0; i < c->nresults; i++) {
        if (in_slots)
            vs_push_slot(w->vs, results[i]);
        else
            vs_push_type(w->vs, results[i]);
    }
}

static bool op_end(struct walk *w, bool *done)
{
    struct ctl *c = top_ctl(w);
    if (!check_frame_end(w, c))
        return false;
    if (c->kind == CTL_IF) {
        /* No else: the params flow to the results untouched. */
        const uint8_t *results = ctl_results(c);
        bool same = c->nparams == c->nresults;
        for (uint32_t i = 0; same && i < c->nparams; i++)
            same = c->params[i] == results[i];
        if (!same)
            return fail(w, "type mismatch");
    }
    bool reached = c->reached || (c->kind == CTL_IF && !c->entry_dead);
    bool continues;   /* is the code after `end` live? */
    if (c->kind == CTL_LOOP) {
        continues = !c->dead;
        if (c->dead)
            results_after_label(w, c, false);
    } else if (reached) {
        if (!c->dead)
            be_fallthrough(w->be, c->nresults);
        results_after_label(w, c, true);
        if (c->kind == CTL_IF)
            be_bind(w->be, c->else_label);
        be_bind(w->be, c->label);
        continues = true;
    } else {
        continues = !c->dead;
        if (c->dead)
            results_after_label(w, c, false);
    }
    if (c->kind == CTL_FUNC) {
        if (continues)
            be_func_return(w->be, c->nresults);
        w->nctl--;
        *done = true;
        return true;
    }
    w->nctl--;
    top_ctl(w)->dead = !continues;
    return true;
}

/* The frame `depth` labels out, or NULL ("unknown label"). */
static struct ctl *label_at(struct walk *w, uint32_t depth)
{
    if (depth >= w->nctl) {
        wasm_error_set(w->err, w->offset, "unknown label %u", depth);
        return NULL;
    }
    return &w->ctls[w->nctl - 1 - depth];
}

static struct be_target target_of(struct ctl *c)
{
    struct be_target t;
    t.label = c->label;
    t.height = c->height;
    label_types(c, &t.arity);
    return t;
}

static bool op_br(struct walk *w, uint32_t depth)
{
    struct ctl *target = label_at(w, depth);
    if (!target)
        return false;
    uint32_t n;
    const uint8_t *types = label_types(target, &n);
    if (!check_types(w, types, n, 0))
        return false;
    if (live(w)) {
        if (target->kind == CTL_FUNC) {
            be_func_return(w->be, n);   /* return (or br to the body): epilogue in place */
        } else {
            be_br(w->be, target_of(target));
            if (target->kind != CTL_LOOP)
                target->reached = true;
        }
    }
    set_unreachable(w);
    return true;
}

static bool op_br_if(struct walk *w)
{
    uint32_t depth;
    if (!wasm_read_u32(&w->r, &depth))
        return false;
    struct ctl *target = label_at(w, depth);
    if (!target)
        return false;
    uint32_t n;
    const uint8_t *types = label_types(target, &n);
    if (!check_types(w, i32_type, 1, 0) || !check_types(w, types, n, 1))
        return false;
    if (live(w)) {
        be_br_if(w->be, target_of(target));
        if (target->kind != CTL_LOOP)
            target->reached = true;
    } else {
        dead_apply(w, n + 1, types, n);
    }
    return true;
}

static bool op_br_table(struct walk *w)
{
    uint32_t count;
    if (!wasm_read_count(&w->r, &count))
        return false;
    uint32_t *depths = wasm_alloc(((size_t)count + 1) * sizeof *depths);
    struct be_target *targets = wasm_alloc(((size_t)count + 1) * sizeof *targets);
    bool ok = depths && targets;
    if (!ok)
        fail(w, "out of memory");
    for (uint32_t i = 0; ok && i <= count; i++)
        ok = wasm_read_u32(&w->r, &depths[i]);
    uint32_t arity = 0;
    for (uint32_t i = 0; ok && i <= count; i++) {
        /* The default (last) sets the arity every other target must have. */
        uint32_t k = i == 0 ? count : i - 1;
        struct ctl *target = label_at(w, depths[k]);
        ok = target != NULL;
        if (!ok)
            break;
        uint32_t n;
        const uint8_t *types = label_types(target, &n);
        if (i == 0)
            arity = n;
        else if (n != arity)
            ok = fail(w, "type mismatch");
        ok = ok && check_types(w, types, n, 1);
        targets[k] = target_of(target);
    }
    ok = ok && check_types(w, i32_type, 1, 0);
    if (ok && live(w)) {
        be_br_table(w->be, targets, count + 1);
        for (uint32_t i = 0; i <= count; i++) {
            struct ctl *target = &w->ctls[w->nctl - 1 - depths[i]];
            if (target->kind != CTL_LOOP)
                target->reached = true;
        }
    }
    if (ok)
        set_unreachable(w);
    wasm_free(depths);
    wasm_free(targets);
    return ok;
}

/* ------------------------------------------------------------------ calls */

static bool op_call(struct walk *w)
{
    uint32_t f;
    if (!read_index(w, w->m->nfuncs, &f, "unknown function"))
        return false;
    const struct wasm_functype *ft = wasm_func_type(w->m, f);
    if (!check_types(w, ft->types, ft->nparams, 0))
        return false;
    if (!live(w))
        dead_apply(w, ft->nparams, results_of(ft), ft->nresults);
    else if (be_is_intrinsic(w->be, f))
        return be_intrinsic(w->be, f, w->err);   /* port I/O inline (x64_port.c) */
    else
        be_call(w->be, f);
    return true;
}

static bool op_call_indirect(struct walk *w)
{
    uint32_t ti, table;
    if (!read_index(w, w->m->ntypes, &ti, "unknown type") ||
        !read_index(w, w->m->ntables, &table, "unknown table"))
        return false;
    if (w->m->tables[table].elem_type != WASM_FUNCREF)
        return fail(w, "type mismatch");
    const struct wasm_functype *ft = &w->m->types[ti];
    if (!check_types(w, i32_type, 1, 0) || !check_types(w, ft->types, ft->nparams, 1))
        return false;
    if (live(w))
        be_call_indirect(w->be, ti, table);
    else
        dead_apply(w, ft->nparams + 1, results_of(ft), ft->nresults);
    return true;
}

/* ------------------------------------------------------------------ parametric */

static bool op_select(struct walk *w, bool typed)
{
    uint8_t t;
    if (typed) {
        uint32_t n;
        if (!wasm_read_u32(&w->r, &n))
            return false;
        if (n != 1)
            return fail(w, "invalid result arity");
        if (!wasm_read_u8(&w->r, &t))
            return false;
        if (!is_valtype(t))
            return fail(w, "malformed value type");
        uint8_t sig[3] = { t, t, WASM_I32 };
        if (!check_types(w, sig, 3, 0))
            return false;
    } else {
        if (!check_types(w, i32_type, 1, 0))
            return false;
        uint8_t a = peek_type(w, 2), b = peek_type(w, 1);
        if (is_ref(a) || is_ref(b))
            return fail(w, "type mismatch");
        if (a != 0 && b != 0 && a != b)
            return fail(w, "type mismatch");
        uint32_t avail = vs_height(w->vs) - top_ctl(w)->height;
        if (avail < 3 && !top_ctl(w)->unreachable)
            return fail(w, "type mismatch");
        t = a ? a : b;
    }
    if (live(w))
        be_select(w->be);
    else
        dead_apply(w, 3, &t, 1);
    return true;
}

/* ------------------------------------------------------------------ variables */

static bool op_local(struct walk *w, uint8_t op)
{
    uint32_t i;
    if (!read_index(w, w->nlocals, &i, "unknown local"))
        return false;
    uint8_t t = w->local_types[i];
    if (op != OP_LOCAL_GET && !check_types(w, &t, 1, 0))
        return false;
    if (!live(w))
        return dead_apply(w, op == OP_LOCAL_GET ? 0 : 1, &t, op == OP_LOCAL_SET ? 0 : 1);
    if (op == OP_LOCAL_GET)
        be_local_get(w->be, i);
    else if (op == OP_LOCAL_SET)
        be_local_set(w->be, i);
    else
        be_local_tee(w->be, i);
    return true;
}

static bool op_global(struct walk *w, uint8_t op)
{
    uint32_t i;
    if (!read_index(w, w->m->nglobals, &i, "unknown global"))
        return false;
    const struct wasm_global_type *g = &w->m->globals[i].type;
    if (op == OP_GLOBAL_GET) {
        if (live(w))
            be_global_get(w->be, i);
        else
            vs_push_type(w->vs, g->type);
        return true;
    }
    if (!g->mutable)
        return fail(w, "global is immutable");
    if (!check_types(w, &g->type, 1, 0))
        return false;
    if (live(w))
        be_global_set(w->be, i);
    else
        pop_dead(w, 1);
    return true;
}

/* ------------------------------------------------------------------ memory */

static bool op_memarg(struct walk *w, const struct wasm_opcode_info *info, uint8_t op)
{
    uint32_t align, offset;
    if (!wasm_read_u32(&w->r, &align) || !wasm_read_u32(&w->r, &offset))
        return false;
    if (!need_memory(w))
        return false;
    if (align > info->size_log2)
        return fail(w, "alignment must not be larger than natural");
    uint32_t nparams = info->kind == OPK_STORE ? 2 : 1;
    if (!check_types(w, info->params, nparams, 0))
        return false;
    if (!live(w))
        return dead_apply(w, nparams, &info->result, info->result ? 1 : 0);
    if (info->kind == OPK_LOAD)
        be_load(w->be, op, offset);
    else
        be_store(w->be, op, offset);
    return true;
}

static const uint8_t three_i32[3] = { WASM_I32, WASM_I32, WASM_I32 };

static bool op_memory(struct walk *w, uint32_t op)
{
    uint32_t seg = 0;
    if (op == OP_MEMORY_INIT || op == OP_DATA_DROP) {
        if (!wasm_read_u32(&w->r, &seg))
            return false;
        /* Reported in the reference interpreter's order: memory, segment, data count. */
        if (op == OP_MEMORY_INIT && !need_memory(w))
            return false;
        if (seg >= w->m->ndatas)
            return wasm_error_set(w->err, w->offset, "unknown data segment %u", seg);
        if (!w->m->has_data_count)
            return fail(w, "data count section required");
    }
    if (op == OP_DATA_DROP) {
        if (live(w))
            be_data_drop(w->be, seg);
        return true;
    }
    if (!read_zero_byte(w) || (op == OP_MEMORY_COPY && !read_zero_byte(w)) || !need_memory(w))
        return false;
    if (op == OP_MEMORY_SIZE) {
        if (live(w))
            be_memory_size(w->be);
        else
            vs_push_type(w->vs, WASM_I32);
        return true;
    }
    if (op == OP_MEMORY_GROW) {
        if (!check_types(w, i32_type, 1, 0))
            return false;
        if (live(w))
            be_memory_grow(w->be);
        else
            dead_apply(w, 1, i32_type, 1);
        return true;
    }
    if (!check_types(w, three_i32, 3, 0))
        return false;
    if (!live(w))
        pop_dead(w, 3);
    else if (op == OP_MEMORY_FILL)
        be_memory_fill(w->be);
    else if (op == OP_MEMORY_COPY)
        be_memory_copy(w->be);
    else
        be_memory_init(w->be, seg);
    return true;
}

/* ------------------------------------------------------------------ references, tables */

static bool op_ref(struct walk *w, uint8_t op)
{
    if (op == OP_REF_NULL) {
        uint8_t t;
        if (!wasm_read_u8(&w->r, &t))
            return false;
        if (!is_ref(t))
            return fail(w, "malformed reference type");
        if (live(w))
            be_ref_null(w->be, t);
        else
            vs_push_type(w->vs, t);
        return true;
    }
    if (op == OP_REF_IS_NULL) {
        uint8_t t = peek_type(w, 0);
        if (t != 0 && !is_ref(t))
            return fail(w, "type mismatch");
        if (vs_height(w->vs) == top_ctl(w)->height && !top_ctl(w)->unreachable)
            return fail(w, "type mismatch");
        if (live(w))
            be_ref_is_null(w->be);
        else
            dead_apply(w, 1, i32_type, 1);
        return true;
    }
    uint32_t f;
    if (!read_index(w, w->m->nfuncs, &f, "unknown function"))
        return false;
    if (!w->m->func_declared || !w->m->func_declared[f])
        return fail(w, "undeclared function reference");
    uint8_t t = WASM_FUNCREF;
    if (live(w))
        be_ref_func(w->be, f);
    else
        vs_push_type(w->vs, t);
    return true;
}

static bool op_table(struct walk *w, uint32_t op)
{
    const struct wasm_module *m = w->m;
    uint32_t t, t2 = 0, seg = 0;
    if (op == OP_TABLE_INIT) {
        /* table.init elem table: the table is checked first, as the reference does. */
        if (!wasm_read_u32(&w->r, &seg) || !read_index(w, m->ntables, &t, "unknown table"))
            return false;
        if (seg >= m->nelems)
            return wasm_error_set(w->err, w->offset, "unknown elem segment %u", seg);
    }
    if (op == OP_ELEM_DROP) {
        if (!read_index(w, m->nelems, &seg, "unknown elem segment"))
            return false;
        if (live(w))
            be_elem_drop(w->be, seg);
        return true;
    }
    if (op != OP_TABLE_INIT && !read_index(w, m->ntables, &t, "unknown table"))
        return false;
    if (op == OP_TABLE_COPY && !read_index(w, m->ntables, &t2, "unknown table"))
        return false;
    uint8_t et = m->tables[t].elem_type;
    if (op == OP_TABLE_INIT && m->elems[seg].elem_type != et)
        return fail(w, "type mismatch");
    if (op == OP_TABLE_COPY && m->tables[t2].elem_type != et)
        return fail(w, "type mismatch");

    uint8_t sig[3];
    uint32_t n = 0;
    uint8_t result = 0;
    switch (op) {
    case OP_TABLE_GET:  sig[0] = WASM_I32; n = 1; result = et; break;
    case OP_TABLE_SET:  sig[0] = WASM_I32; sig[1] = et; n = 2; break;
    case OP_TABLE_SIZE: result = WASM_I32; break;
    case OP_TABLE_GROW: sig[0] = et; sig[1] = WASM_I32; n = 2; result = WASM_I32; break;
    case OP_TABLE_FILL: sig[0] = WASM_I32; sig[1] = et; sig[2] = WASM_I32; n = 3; break;
    default:            sig[0] = sig[1] = sig[2] = WASM_I32; n = 3; break; /* init, copy */
    }
    if (!check_types(w, sig, n, 0))
        return false;
    if (!live(w))
        return dead_apply(w, n, &result, result ? 1 : 0);
    switch (op) {
    case OP_TABLE_GET:  be_table_get(w->be, t); break;
    case OP_TABLE_SET:  be_table_set(w->be, t); break;
    case OP_TABLE_SIZE: be_table_size(w->be, t); break;
    case OP_TABLE_GROW: be_table_grow(w->be, t); break;
    case OP_TABLE_FILL: be_table_fill(w->be, t); break;
    case OP_TABLE_COPY: be_table_copy(w->be, t, t2); break;
    default:            be_table_init(w->be, t, seg); break;
    }
    return true;
}

/* ------------------------------------------------------------------ constants */

static bool op_const(struct walk *w, uint8_t op)
{
    uint64_t bits = 0;
    uint8_t type;
    bool ok;
    switch (op) {
    case OP_I32_CONST: {
        int32_t v;
        ok = wasm_read_s32(&w->r, &v);
        bits = (uint32_t)v;
        type = WASM_I32;
        break;
    }
    case OP_I64_CONST: {
        int64_t v;
        ok = wasm_read_s64(&w->r, &v);
        bits = (uint64_t)v;
        type = WASM_I64;
        break;
    }
    case OP_F32_CONST: {
        uint32_t v;
        ok = wasm_read_f32(&w->r, &v);
        bits = v;
        type = WASM_F32;
        break;
    }
    default:
        ok = wasm_read_f64(&w->r, &bits);
        type = WASM_F64;
        break;
    }
    if (!ok)
        return false;
    if (live(w))
        be_const(w->be, type, bits);
    else
        vs_push_type(w->vs, type);
    return true;
}

/* ------------------------------------------------------------------ the walk */

static bool op_numeric(struct walk *w, const struct wasm_opcode_info *info, uint32_t op)
{
    uint32_t n = 0;
    while (n < 3 && info->params[n])
        n++;
    if (!check_types(w, info->params, n, 0))
        return false;
    if (live(w))
        be_numeric(w->be, op);
    else
        dead_apply(w, n, &info->result, 1);
    return true;
}

/* One instruction whose opcode (byte or 0xFC00 + sub) has been read. */
static bool instruction(struct walk *w, uint32_t op, bool *done)
{
    const struct wasm_opcode_info *info = wasm_opcode_info(op);
    if (!info)
        return fail(w, "illegal opcode");
    if (info->kind == OPK_NUMERIC)
        return op_numeric(w, info, op);
    if (info->kind == OPK_LOAD || info->kind == OPK_STORE)
        return op_memarg(w, info, (uint8_t)op);
    uint32_t depth;
    switch (op) {
    case OP_UNREACHABLE:
        if (live(w))
            be_unreachable(w->be);
        set_unreachable(w);
        return true;
    case OP_NOP:
        return true;
    case OP_BLOCK: case OP_LOOP: case OP_IF:
        return op_block(w, (uint8_t)op);
    case OP_ELSE:
        return op_else(w);
    case OP_END:
        return op_end(w, done);
    case OP_BR:
        return wasm_read_u32(&w->r, &depth) && op_br(w, depth);
    case OP_BR_IF:
        return op_br_if(w);
    case OP_BR_TABLE:
        return op_br_table(w);
    case OP_RETURN:
        return op_br(w, w->nctl - 1);
    case OP_CALL:
        return op_call(w);
    case OP_CALL_INDIRECT:
        return op_call_indirect(w);
    case OP_DROP:
        if (vs_height(w->vs) == top_ctl(w)->height && !top_ctl(w)->unreachable)
            return fail(w, "type mismatch");
        if (live(w))
            be_drop(w->be);
        else
            pop_dead(w, 1);
        return true;
    case OP_SELECT: case OP_SELECT_T:
        return op_select(w, op == OP_SELECT_T);
    case OP_LOCAL_GET: case OP_LOCAL_SET: case OP_LOCAL_TEE:
        return op_local(w, (uint8_t)op);
    case OP_GLOBAL_GET: case OP_GLOBAL_SET:
        return op_global(w, (uint8_t)op);
    case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST:
        return op_const(w, (uint8_t)op);
    case OP_MEMORY_SIZE: case OP_MEMORY_GROW: case OP_MEMORY_INIT: case OP_DATA_DROP:
    case OP_MEMORY_COPY: case OP_MEMORY_FILL:
        return op_memory(w, op);
    case OP_REF_NULL: case OP_REF_IS_NULL: case OP_REF_FUNC:
        return op_ref(w, (uint8_t)op);
    default:
        return op_table(w, op);   /* table.get/set and the 0xFC table instructions */
    }
}

/* The local declarations: a vector of (count, type). */
static bool read_locals(struct walk *w, const struct wasm_functype *ft)
{
    uint32_t groups;
    if (!wasm_read_u32(&w->r, &groups))
        return false;
    size_t after_groups = w->r.pos;
    uint64_t total = ft->nparams;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t n;
        uint8_t t;
        w->offset = (uint32_t)w->r.pos;
        if (!wasm_read_u32(&w->r, &n) || !wasm_read_u8(&w->r, &t))
            return false;
        total += n;
        if (total > MAX_LOCALS)
            return fail(w, "too many locals");
        if (!is_valtype(t))
            return fail(w, "malformed value type");
    }
    w->local_types = wasm_alloc(total ? total : 1);
    if (!w->local_types)
        return fail(w, "out of memory");
    memcpy(w->local_types, ft->types, ft->nparams);
    w->nlocals = ft->nparams;
    w->r.pos = after_groups;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t n;
        uint8_t t;
        wasm_read_u32(&w->r, &n);
        wasm_read_u8(&w->r, &t);
        memset(w->local_types + w->nlocals, t, n);
        w->nlocals += n;
    }
    return true;
}

/* A body that ends before its final `end`. The reference interpreter reads on into the
 * next bytes, so its message depends on them; we follow it for the spec's tests. */
static const char *body_end_message(struct walk *w)
{
    if (w->r.end >= w->m->size)
        return "unexpected end of section or function";
    if (w->m->bytes[w->r.end] == OP_END)
        return "section size mismatch";
    return "END opcode expected";
}

/* Validate and compile the body of defined function `f` (one attempt). */
static bool compile_body(struct walk *w, uint32_t f)
{
    const struct wasm_module *m = w->m;
    const struct wasm_func *fn = &m->funcs[f];
    const struct wasm_functype *ft = &m->types[fn->type_index];
    wasm_reader_init(&w->r, m->bytes, fn->body_start, fn->body_end, w->err);
    w->func_index = f;
    w->offset = fn->body_start;
    w->nctl = 0;
    wasm_free(w->local_types);
    w->local_types = NULL;
    if (!read_locals(w, ft))
        return false;

    vs_reset(w->vs);
    be_func_begin(w->be, f, w->local_types, w->nlocals);
    struct ctl c;
    memset(&c, 0, sizeof c);
    c.kind = CTL_FUNC;
    c.results = results_of(ft);
    c.nresults = ft->nresults;
    c.label = be_label_new(w->be);
    if (!push_ctl(w, &c))
        return false;

    bool done = false;
    while (!done) {
        w->offset = (uint32_t)w->r.pos;
        if (wasm_reader_at_end(&w->r))
            return fail(w, body_end_message(w));
        if (!vs_reserve(w->vs, 1100))
            return fail(w, "out of memory");
        uint8_t byte;
        uint32_t op;
        if (!wasm_read_u8(&w->r, &byte))
            return false;
        op = byte;
        if (byte == OP_PREFIX_FC) {
            uint32_t sub;
            if (!wasm_read_u32(&w->r, &sub))
                return false;
            op = sub < 0x100 ? 0xFC00 + sub : 0xFFFF;
        }
        be_instr(w->be, w->offset, op);
        if (!instruction(w, op, &done))
            return false;
        const char *why;
        if (be_failed(w->be, &why))
            return fail(w, why);
    }
    if (!wasm_reader_at_end(&w->r)) {
        w->offset = (uint32_t)w->r.pos;
        return fail(w, "section size mismatch");
    }
    return true;
}

bool wasm_compile(const struct wasm_module *m, const struct wasm_compile_options *opt,
                  struct wasm_code *out, struct wasm_error *err)
{
    memset(out, 0, sizeof *out);
    struct walk w;
    memset(&w, 0, sizeof w);
    w.m = m;
    w.err = err;
    w.be = be_create(m, opt);
    if (!w.be)
        return wasm_error_set(err, 0, "out of memory");
    w.vs = be_valstack(w.be);
    bool ok = true;
    for (uint32_t f = m->nfunc_imports; ok && f < m->nfuncs; f++) {
        do {
            ok = compile_body(&w, f);
        } while (ok && !be_func_end(w.be));
        const char *why;
        if (ok && be_failed(w.be, &why))
            ok = wasm_error_set(err, m->funcs[f].body_start, "%s", why);
    }
    if (ok)
        ok = be_finish(w.be, out);
    if (!ok && err && err->message[0] == 0)
        wasm_error_set(err, 0, "out of memory");
    be_destroy(w.be);
    wasm_free(w.ctls);
    wasm_free(w.local_types);
    return ok;
}

void wasm_compiled_free(struct wasm_code *code)
{
    wasm_code_unregister(code);   /* the fault handler must never find freed code */
    if (code->code)
        wasm_code_free(code->code, code->size);
    wasm_free(code->func_offsets);
    wasm_free(code->func_ends);
    wasm_free(code->pc_map);
    memset(code, 0, sizeof *code);
}
