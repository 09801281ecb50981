/*
 * compile.c — the one pass: decode, validate and compile each function body.
 *
 * The walk reads a body instruction by instruction. For each one it checks the operand
 * types against the operand stack (valstack.h) and the control stack below, then — if
 * the code is reachable — asks the backend (backend.h) to emit it. There is no IR and no
 * second pass over a body. This file reads instructions and handles all but control
 * flow; compile_control.c keeps the control stack and the type checks (walk.h).
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
#include "walk.h"

#define MAX_LOCALS 50000u   /* params + declared locals of one function */
#define MAX_STACK 1000000u  /* operand stack height: keeps frame offsets far inside disp32 */

bool walk_fail(struct walk *w, const char *message)
{
    return wasm_error_set(w->err, w->offset, "%s", message);
}

/* ------------------------------------------------------------------ immediates */

/* An index below `limit` (inline: local.get/set/tee, call and global.get read one). */
static inline bool read_index(struct walk *w, uint32_t limit, uint32_t *out, const char *unknown)
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
    return b == 0 ? true : walk_fail(w, "zero byte expected");
}

static bool need_memory(struct walk *w)
{
    return w->m->nmemories > 0 ? true : walk_fail(w, "unknown memory 0");
}

/* ------------------------------------------------------------------ calls */

static bool op_call(struct walk *w)
{
    uint32_t f;
    if (!read_index(w, w->m->nfuncs, &f, "unknown function"))
        return false;
    const struct wasm_functype *ft = wasm_func_type(w->m, f);
    if (!walk_check_types(w, ft->types, ft->nparams, 0))
        return false;
    if (!live(w))
        walk_dead_apply(w, ft->nparams, results_of(ft), ft->nresults);
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
        return walk_fail(w, "type mismatch");
    const struct wasm_functype *ft = &w->m->types[ti];
    if (!walk_check_types(w, walk_i32_type, 1, 0) || !walk_check_types(w, ft->types, ft->nparams, 1))
        return false;
    if (live(w))
        be_call_indirect(w->be, ti, table);
    else
        walk_dead_apply(w, ft->nparams + 1, results_of(ft), ft->nresults);
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
            return walk_fail(w, "invalid result arity");
        if (!wasm_read_u8(&w->r, &t))
            return false;
        if (!is_valtype(t))
            return walk_fail(w, "malformed value type");
        uint8_t sig[3] = { t, t, WASM_I32 };
        if (!walk_check_types(w, sig, 3, 0))
            return false;
    } else {
        if (!walk_check_types(w, walk_i32_type, 1, 0))
            return false;
        uint8_t a = walk_peek_type(w, 2), b = walk_peek_type(w, 1);
        if (is_ref(a) || is_ref(b))
            return walk_fail(w, "type mismatch");
        if (a != 0 && b != 0 && a != b)
            return walk_fail(w, "type mismatch");
        uint32_t avail = vs_height(w->vs) - top_ctl(w)->height;
        if (avail < 3 && !top_ctl(w)->unreachable)
            return walk_fail(w, "type mismatch");
        t = a ? a : b;
    }
    if (live(w))
        be_select(w->be);
    else
        walk_dead_apply(w, 3, &t, 1);
    return true;
}

/* ------------------------------------------------------------------ variables */

static bool op_local(struct walk *w, uint8_t op)
{
    uint32_t i;
    if (!read_index(w, w->nlocals, &i, "unknown local"))
        return false;
    uint8_t t = w->local_types[i];
    if (op != OP_LOCAL_GET && !walk_check_types(w, &t, 1, 0))
        return false;
    if (!live(w))
        return walk_dead_apply(w, op == OP_LOCAL_GET ? 0 : 1, &t, op == OP_LOCAL_SET ? 0 : 1);
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
        return walk_fail(w, "global is immutable");
    if (!walk_check_types(w, &g->type, 1, 0))
        return false;
    if (live(w))
        be_global_set(w->be, i);
    else
        walk_pop_dead(w, 1);
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
        return walk_fail(w, "alignment must not be larger than natural");
    uint32_t nparams = info->kind == OPK_STORE ? 2 : 1;
    if (!walk_check_types(w, info->params, nparams, 0))
        return false;
    if (!live(w))
        return walk_dead_apply(w, nparams, &info->result, info->result ? 1 : 0);
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
            return walk_fail(w, "data count section required");
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
        if (!walk_check_types(w, walk_i32_type, 1, 0))
            return false;
        if (live(w))
            be_memory_grow(w->be);
        else
            walk_dead_apply(w, 1, walk_i32_type, 1);
        return true;
    }
    if (!walk_check_types(w, three_i32, 3, 0))
        return false;
    if (!live(w))
        walk_pop_dead(w, 3);
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
            return walk_fail(w, "malformed reference type");
        if (live(w))
            be_ref_null(w->be, t);
        else
            vs_push_type(w->vs, t);
        return true;
    }
    if (op == OP_REF_IS_NULL) {
        uint8_t t = walk_peek_type(w, 0);
        if (t != 0 && !is_ref(t))
            return walk_fail(w, "type mismatch");
        if (vs_height(w->vs) == top_ctl(w)->height && !top_ctl(w)->unreachable)
            return walk_fail(w, "type mismatch");
        if (live(w))
            be_ref_is_null(w->be);
        else
            walk_dead_apply(w, 1, walk_i32_type, 1);
        return true;
    }
    uint32_t f;
    if (!read_index(w, w->m->nfuncs, &f, "unknown function"))
        return false;
    if (!w->m->func_declared || !w->m->func_declared[f])
        return walk_fail(w, "undeclared function reference");
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
        return walk_fail(w, "type mismatch");
    if (op == OP_TABLE_COPY && m->tables[t2].elem_type != et)
        return walk_fail(w, "type mismatch");

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
    if (!walk_check_types(w, sig, n, 0))
        return false;
    if (!live(w))
        return walk_dead_apply(w, n, &result, result ? 1 : 0);
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

/* The local the next instruction writes, when it is a local.set or local.tee (of the
 * value this one computes); -1 otherwise. A peek: nothing is consumed or reported. */
static int64_t next_local_write(const struct walk *w)
{
    if (wasm_reader_at_end(&w->r))
        return -1;
    uint8_t op = w->r.bytes[w->r.pos];
    if (op != OP_LOCAL_SET && op != OP_LOCAL_TEE)
        return -1;
    struct wasm_reader r = w->r;
    r.err = NULL;
    r.pos++;
    uint32_t local;
    if (!wasm_read_u32(&r, &local) || local >= w->nlocals)
        return -1;
    return local;
}

static bool op_numeric(struct walk *w, const struct wasm_opcode_info *info, uint32_t op)
{
    uint32_t n = 0;
    while (n < 3 && info->params[n])
        n++;
    if (!walk_check_types(w, info->params, n, 0))
        return false;
    if (live(w)) {
        int64_t next = next_local_write(w);
        if (next >= 0)
            be_local_dies(w->be, (uint32_t)next);   /* it may take the result in place */
        be_numeric(w->be, op);
    } else
        walk_dead_apply(w, n, &info->result, 1);
    return true;
}

/* One instruction whose opcode (byte or 0xFC00 + sub) has been read: a case of its
 * own, or else its row in the opcode table (numeric, load, store). */
static bool instruction(struct walk *w, uint32_t op, bool *done)
{
    uint32_t depth;
    switch (op) {
    case OP_UNREACHABLE:
        if (live(w))
            be_unreachable(w->be);
        walk_set_unreachable(w);
        return true;
    case OP_NOP:
        return true;
    case OP_BLOCK: case OP_LOOP: case OP_IF:
        return walk_block(w, (uint8_t)op);
    case OP_ELSE:
        return walk_else(w);
    case OP_END:
        return walk_end(w, done);
    case OP_BR:
        return wasm_read_u32(&w->r, &depth) && walk_br(w, depth);
    case OP_BR_IF:
        return walk_br_if(w);
    case OP_BR_TABLE:
        return walk_br_table(w);
    case OP_RETURN:
        return walk_br(w, w->nctl - 1);
    case OP_CALL:
        return op_call(w);
    case OP_CALL_INDIRECT:
        return op_call_indirect(w);
    case OP_DROP:
        if (vs_height(w->vs) == top_ctl(w)->height && !top_ctl(w)->unreachable)
            return walk_fail(w, "type mismatch");
        if (live(w))
            be_drop(w->be);
        else
            walk_pop_dead(w, 1);
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
    case OP_TABLE_GET: case OP_TABLE_SET: case OP_TABLE_INIT: case OP_ELEM_DROP:
    case OP_TABLE_COPY: case OP_TABLE_GROW: case OP_TABLE_SIZE: case OP_TABLE_FILL:
        return op_table(w, op);
    default:
        break;
    }
    const struct wasm_opcode_info *info = wasm_opcode_info(op);
    if (info && info->kind == OPK_NUMERIC)
        return op_numeric(w, info, op);
    if (info && (info->kind == OPK_LOAD || info->kind == OPK_STORE))
        return op_memarg(w, info, (uint8_t)op);
    return walk_fail(w, "illegal opcode");
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
            return walk_fail(w, "too many locals");
        if (!is_valtype(t))
            return walk_fail(w, "malformed value type");
    }
    w->local_types = wasm_alloc(total ? total : 1);
    if (!w->local_types)
        return walk_fail(w, "out of memory");
    if (ft->nparams)                             /* a type without params may have no array */
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
    if (!wasm_loop_uses_begin(&w->uses, w->nlocals, fn->body_end - fn->body_start))
        return walk_fail(w, "out of memory");

    vs_reset(w->vs);
    be_func_begin(w->be, f, w->local_types, w->nlocals);
    struct ctl c;
    memset(&c, 0, sizeof c);
    c.kind = CTL_FUNC;
    c.results = results_of(ft);
    c.nresults = ft->nresults;
    c.label = be_label_new(w->be);
    if (!walk_push_ctl(w, &c))
        return false;

    bool done = false;
    while (!done) {
        w->offset = (uint32_t)w->r.pos;
        if (wasm_reader_at_end(&w->r))
            return walk_fail(w, body_end_message(w));
        if (vs_height(w->vs) > MAX_STACK)
            return walk_fail(w, "operand stack too deep (implementation limit)");
        if (!vs_reserve(w->vs, 1100))
            return walk_fail(w, "out of memory");
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
            return walk_fail(w, why);
    }
    if (!wasm_reader_at_end(&w->r)) {
        w->offset = (uint32_t)w->r.pos;
        return walk_fail(w, "section size mismatch");
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
    wasm_loop_uses_free(&w.uses);
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
