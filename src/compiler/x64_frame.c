/*
 * x64_frame.c — the backend's life cycle and everything about frames: the code buffer
 * (grown and the function recompiled when it runs out), prologue and epilogue, trap
 * stubs, System V calls to runtime helpers, and the final linking of direct calls.
 *
 * Prologue and epilogue of every compiled function:
 *
 *     mov  r11, [r15 + memory]    ; guard mode, with a memory: r14 = memory 0's base
 *     mov  r14, [r11 + base]
 *   direct:                       ; direct calls enter here: same instance, same r14
 *     push rbp                    ; the caller's frame
 *     mov  rbp, rsp
 *     lea  r11, [rsp - F]         ; F: patched when the function is done
 *     cmp  r11, [r15 + stack_limit]
 *     jb   stack_trap             ; rsp never went below the limit
 *     mov  rsp, r11
 *     (zero the declared locals; bounds-check mode: load r14 and the memory size)
 *     ...
 *     (results to rax, xmm0...; those beyond the result registers to [rbp + 16 + 8*i])
 *     mov  rsp, rbp
 *     pop  rbp
 *     ret
 */
#include "x64_backend.h"

bool x64_array_grow(struct be *be, void **items, uint32_t *capacity, uint32_t count, size_t size)
{
    if (count < *capacity)
        return true;
    uint32_t cap = *capacity * 2 + 16;
    void *bigger = wasm_alloc((size_t)cap * size);
    if (!bigger) {
        be->out_of_memory = true;
        return false;
    }
    if (count)
        memcpy(bigger, *items, (size_t)count * size);
    wasm_free(*items);
    *items = bigger;
    *capacity = cap;
    return true;
}

/* ------------------------------------------------------------------ module */

static void load_fconst(void *owner, bool wide, uint64_t bits, int xmm)
{
    x64_load_fconst(owner, wide, bits, (enum x64_xmm)xmm);
}

struct be *be_create(const struct wasm_module *m, const struct wasm_compile_options *opt)
{
    struct be *be = wasm_alloc(sizeof *be);
    if (!be)
        return NULL;
    be->m = m;
    be->opt = opt;
    uint32_t ndefined = m->nfuncs - m->nfunc_imports;
    be->func_offsets = wasm_alloc((ndefined + 1) * sizeof(uint32_t));
    be->func_ends = wasm_alloc((ndefined + 1) * sizeof(uint32_t));
    be->direct_entries = wasm_alloc((ndefined + 1) * sizeof(uint32_t));
    size_t body_bytes = 0;
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++)
        body_bytes += m->funcs[f].body_end - m->funcs[f].body_start;
    size_t cap = body_bytes * 12 + 256 * (size_t)ndefined + 4096;
    uint8_t *bytes = wasm_alloc(cap);
    if (!be->func_offsets || !be->func_ends || !be->direct_entries || !bytes) {
        wasm_free(bytes);
        be_destroy(be);
        return NULL;
    }
    x64_buf_init(&be->buf, bytes, cap);
    vs_init(&be->vs, &be->buf);
    be->vs.load_fconst = load_fconst;
    be->vs.owner = be;
    return be;
}

struct valstack *be_valstack(struct be *be) { return &be->vs; }

bool be_failed(const struct be *be, const char **why)
{
    if (be->out_of_memory) {
        *why = "out of memory";
        return true;
    }
    if (be->vs.broken) {
        *why = "compiler bug: no register left to spill";
        return true;
    }
    return false;
}

void be_destroy(struct be *be)
{
    if (!be)
        return;
    wasm_free(be->buf.bytes);
    vs_free(&be->vs);
    wasm_free(be->func_offsets);
    wasm_free(be->func_ends);
    wasm_free(be->direct_entries);
    wasm_free(be->calls.items);
    wasm_free(be->pcs.items);
    wasm_free(be->events.items);
    wasm_free(be->labels.items);
    wasm_free(be->patches.items);
    wasm_free(be->traps.items);
    wasm_free(be->pool.items);
    wasm_free(be->pool_uses.items);
    wasm_free(be->loop_states.items);
    wasm_free(be->meets.items);
    wasm_free(be->open_loops.items);
    wasm_free(be);
}

/* be_instr's rare part, out of its way: a comparison's flags survive only into a
 * br_if, if, eqz or select right after it; and the on_instr hook's record. Not
 * inlined, so that be_instr itself, run for every instruction, saves no registers. */
__attribute__((noinline)) static void instr_rare(struct be *be, uint32_t wasm_offset, uint32_t op)
{
    struct valstack *vs = &be->vs;
    if (vs->height > 0 && vs_top(vs, 0)->loc == LOC_FLAGS &&
        op != OP_BR_IF && op != OP_IF && op != OP_I32_EQZ && op != OP_SELECT && op != OP_SELECT_T) {
        vs_to_reg(vs, 0);
        vs_unlock_all(vs);
    }
    if (be->opt && be->opt->on_instr) {
        struct x64_hook_event e = { be->func_index, wasm_offset, (uint32_t)x64_buf_pos(&be->buf) };
        X64_PUSH(be, be->events, e);
    }
}

void be_instr(struct be *be, uint32_t wasm_offset, uint32_t op)
{
    struct valstack *vs = &be->vs;
    be->wasm_offset = wasm_offset;
    vs_unlock_all(vs);
    if ((vs->height > 0 && vs_top(vs, 0)->loc == LOC_FLAGS) || (be->opt && be->opt->on_instr))
        instr_rare(be, wasm_offset, op);
}

/* ------------------------------------------------------------------ function */

void x64_reload_memory_base(struct be *be)
{
    struct x64_buf *b = &be->buf;
    if (be->m->nmemories == 0)
        return;
    x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_R15, WASM_INST_MEMORY));
    x64_mov_r_m(b, true, X64_R14, x64_mem_base(X64_R11, WASM_MEMORY_BASE));
    if (be->opt && be->opt->bounds_checks) {
        /* the size, for bounds checks: it too changes only in a call or memory.grow */
        x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_R11, WASM_MEMORY_SIZE));
        x64_mov_m_r(b, true, x64_mem_base(X64_RBP, X64_MEMORY_SIZE_SLOT), X64_R11);
    }
}

/* Zero the declared locals: one store each, or a loop when there are many. Only r11 is
 * used: the argument registers still hold the params. */
static void zero_locals(struct be *be, uint32_t ndeclared)
{
    struct x64_buf *b = &be->buf;
    if (ndeclared == 0)
        return;
    if (ndeclared <= 8) {
        x64_alu_r_r(b, X64_XOR, false, X64_R11, X64_R11);
        for (uint32_t j = 0; j < ndeclared; j++)
            x64_mov_m_r(b, true, vs_local_mem(&be->vs, be->type->nparams + j), X64_R11);
        return;
    }
    /* for (r11 = n; r11 != 0; r11--) [rbp + LOCAL0 - 8n + 8*r11] = 0: local n - r11 */
    x64_mov_r_imm32(b, false, X64_R11, (int32_t)ndeclared);
    size_t loop = x64_buf_pos(b);
    x64_mov_m_imm32(b, true, x64_mem_index(X64_RBP, X64_R11, 8, X64_LOCAL0 - 8 * (int32_t)ndeclared), 0);
    x64_alu_r_imm(b, X64_SUB, false, X64_R11, 1);
    size_t back = x64_jcc_rel32(b, X64_CC_NE);
    x64_patch_rel32(b, back, loop);
}

/* The params that arrive in registers stay there: the registers hold them, newer than
 * their slots (valstack.c), and store them only when they are needed for something
 * else (a call, a join that does not keep them, register pressure). */
static void home_params(struct be *be)
{
    struct valstack *vs = &be->vs;
    struct x64_regs_used used = { 0, 0 };
    for (uint32_t i = 0; i < be->type->nparams; i++) {
        int reg = x64_param_reg(&used, be->type->types[i]);
        if (reg >= 0)
            vs_cache_set(vs, i, reg, true);
    }
}

void be_func_begin(struct be *be, uint32_t func_index, const uint8_t *local_types, uint32_t nlocals)
{
    struct x64_buf *b = &be->buf;
    const struct wasm_module *m = be->m;
    be->func_index = func_index;
    be->type = wasm_func_type(m, func_index);
    be->nlocals = nlocals;
    be->func_start = x64_buf_pos(b);
    be->ncalls_at_start = be->calls.count;
    be->npcs_at_start = be->pcs.count;
    be->nevents_at_start = be->events.count;
    be->labels.count = 0;
    be->patches.count = 0;
    be->traps.count = 0;
    be->pool.count = 0;
    be->pool_uses.count = 0;
    be->loop_states.count = 0;
    be->meets.count = 0;
    be->dead_code = false;
    be->open_loops.count = 0;
    be->outgoing_bytes = 0;
    be->wasm_offset = m->funcs[func_index].body_start;

    uint32_t ndeclared = nlocals - be->type->nparams;
    vs_reset(&be->vs);
    be->vs.nparams = be->type->nparams;
    be->vs.local_types = local_types;
    be->vs.local0_disp = X64_LOCAL0;
    be->vs.slot0_disp = X64_LOCAL0 - 8 * (int32_t)ndeclared;

    if (be->opt && be->opt->on_instr) {
        struct x64_hook_event e = { func_index | WASM_ON_FUNC_START, be->wasm_offset,
                                    (uint32_t)be->func_start };
        X64_PUSH(be, be->events, e);
    }
    /* In guard mode r14 needs no frame (bounds-check mode also keeps the size in one),
     * and a direct call comes from our own instance, whose r14 is the same: it enters
     * after the load. Refs (imports, tables, exports) enter at the start. */
    bool bounds = be->opt && be->opt->bounds_checks;
    if (!bounds)
        x64_reload_memory_base(be);
    be->direct_entry = x64_buf_pos(b);
    x64_push_r64(b, X64_RBP);
    x64_mov_r_r(b, true, X64_RBP, X64_RSP);
    /* The new rsp is checked before rsp takes it: an interrupt pushes onto the stack at
     * any instruction, and a big frame could otherwise put rsp past the guard for a
     * moment. r11 is scratch, never allocated. */
    x64_lea_r64_m(b, X64_R11, x64_mem_base(X64_RSP, -0x10000));   /* disp32 form, patched */
    be->frame_patch = x64_buf_pos(b) - 4;
    x64_alu_r_m(b, X64_CMP, true, X64_R11, x64_mem_base(X64_R15, WASM_INST_STACK_LIMIT));
    x64_trap_if(be, X64_CC_B, WASM_TRAP_STACK_EXHAUSTED);
    x64_mov_r_r(b, true, X64_RSP, X64_R11);
    home_params(be);
    zero_locals(be, ndeclared);
    if (bounds)
        x64_reload_memory_base(be);
}

void be_func_return(struct be *be, uint32_t nresults)
{
    struct valstack *vs = &be->vs;
    const struct wasm_functype *ft = be->type;
    /* The register results first (each stays locked), then the memory ones. */
    struct x64_regs_used used = { 0, 0 };
    for (uint32_t i = 0; i < nresults; i++) {
        uint8_t t = ft->types[ft->nparams + i];
        int reg = x64_result_reg(&used, t);
        if (reg >= 0 && vs_is_float(t))
            vs_to_xmm_fixed(vs, nresults - 1 - i, reg);
        else if (reg >= 0)
            vs_to_gpr_fixed(vs, nresults - 1 - i, reg);
    }
    /* Result i overwrites param i: load params still referenced by later results first. */
    for (uint32_t i = 0; i < nresults; i++) {
        struct vs_entry *e = vs_top(vs, nresults - 1 - i);
        if (e->loc == LOC_LOCAL && e->local < nresults && e->local < vs->nparams)
            vs_to_reg(vs, nresults - 1 - i);
    }
    used = (struct x64_regs_used){ 0, 0 };
    for (uint32_t i = 0; i < nresults; i++)
        if (x64_result_reg(&used, ft->types[ft->nparams + i]) < 0)
            vs_emit_store(vs, vs_top(vs, nresults - 1 - i), x64_mem_base(X64_RBP, 16 + 8 * (int32_t)i));
    vs_pop(vs, nresults);
    be->dead_code = true;
    x64_mov_r_r(&be->buf, true, X64_RSP, X64_RBP);
    x64_pop_r64(&be->buf, X64_RBP);
    x64_ret(&be->buf);
}

/* ------------------------------------------------------------------ traps */

void x64_trap_if(struct be *be, enum x64_cc cc, enum wasm_trap trap)
{
    struct x64_trap_site t = { (uint32_t)x64_jcc_rel32(&be->buf, cc), be->wasm_offset, (uint8_t)trap };
    X64_PUSH(be, be->traps, t);
}

void x64_trap_always(struct be *be, enum wasm_trap trap)
{
    struct x64_trap_site t = { (uint32_t)x64_jmp_rel32(&be->buf), be->wasm_offset, (uint8_t)trap };
    X64_PUSH(be, be->traps, t);
}

void x64_trap_if_eax(struct be *be)
{
    x64_test_r_r(&be->buf, false, X64_RAX, X64_RAX);
    struct x64_trap_site t = { (uint32_t)x64_jcc_rel32(&be->buf, X64_CC_NE), be->wasm_offset,
                               X64_TRAP_FROM_EAX };
    X64_PUSH(be, be->traps, t);
}

/* The out-of-line stubs, after the function's code:
 *
 *   raise:  mov rdi, r15 ; mov rax, wasm_trap_raise ; call rax     (never returns)
 *   stub k: [mov rsp, rbp]  mov edx, wasm offset ; mov esi, trap ; jmp raise
 */
static void emit_trap_stubs(struct be *be)
{
    struct x64_buf *b = &be->buf;
    if (be->traps.count == 0)
        return;
    size_t raise = x64_buf_pos(b);
    x64_mov_r_r(b, true, X64_RDI, X64_R15);
    x64_mov_r64_imm64(b, X64_RAX, (uint64_t)(uintptr_t)&wasm_trap_raise);
    x64_call_r64(b, X64_RAX);
    x64_ud2(b);
    for (uint32_t i = 0; i < be->traps.count; i++) {
        struct x64_trap_site *t = &be->traps.items[i];
        x64_bind_here(be, t->at);
        x64_mov_r_imm32(b, false, X64_RDX, (int32_t)t->wasm_offset);
        if (t->trap == X64_TRAP_FROM_EAX)
            x64_mov_r_r(b, false, X64_RSI, X64_RAX);
        else
            x64_mov_r_imm32(b, false, X64_RSI, t->trap);
        size_t j = x64_jmp_rel32(b);
        x64_patch_rel32(b, j, raise);
    }
}

/* The constant pool, 8-byte aligned after the stubs, and the references to it. */
static void emit_pool(struct be *be)
{
    struct x64_buf *b = &be->buf;
    if (be->pool.count == 0)
        return;
    while (x64_buf_pos(b) % 8)
        x64_int3(b);
    size_t base = x64_buf_pos(b);
    for (uint32_t i = 0; i < be->pool.count; i++)
        x64_emit64(b, be->pool.items[i]);
    for (uint32_t i = 0; i < be->pool_uses.count; i++) {
        struct x64_pool_use *u = &be->pool_uses.items[i];
        x64_patch_rel32(b, u->at, base + 8 * (size_t)u->entry);
    }
}

bool be_func_end(struct be *be)
{
    emit_trap_stubs(be);
    emit_pool(be);
    uint32_t ndeclared = be->nlocals - be->type->nparams;
    uint64_t frame = -X64_LOCAL0 - 8 + 8ull * ndeclared + 8ull * be->vs.max_height + be->outgoing_bytes;
    frame = (frame + 15) & ~15ull;
    x64_patch32(&be->buf, be->frame_patch, (uint32_t)-frame);   /* lea's displacement */

    if (be->buf.overflow) {
        /* Grow, forget everything this function recorded, and let the walk retry. */
        size_t cap = be->buf.cap * 2 + (be->buf.len - be->func_start) * 2 + 4096;
        uint8_t *bigger = wasm_alloc(cap);
        if (!bigger) {
            be->out_of_memory = true;
            return true;
        }
        memcpy(bigger, be->buf.bytes, be->func_start);
        wasm_free(be->buf.bytes);
        be->buf.bytes = bigger;
        be->buf.cap = cap;
        be->buf.len = be->func_start;
        be->buf.overflow = false;
        be->calls.count = be->ncalls_at_start;
        be->pcs.count = be->npcs_at_start;
        be->events.count = be->nevents_at_start;
        return false;
    }
    uint32_t k = be->func_index - be->m->nfunc_imports;
    be->func_offsets[k] = (uint32_t)be->func_start;
    be->func_ends[k] = (uint32_t)x64_buf_pos(&be->buf);
    be->direct_entries[k] = (uint32_t)be->direct_entry;
    return true;
}

/* ------------------------------------------------------------------ helper calls */

void x64_helper_call(struct be *be, const void *fn, const struct x64_arg *args, uint32_t nargs,
                     uint32_t npop)
{
    static const enum x64_reg sysv[5] = { X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9 };
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    vs_spill_regs_below(vs, vs->height);
    vs_cache_clear(vs);   /* the argument registers are about to be overwritten */
    for (uint32_t i = 0; i < nargs && i < 5; i++) {
        if (args[i].is_imm)
            x64_mov_r64_imm(b, sysv[i], args[i].value);
        else
            vs_emit_load(vs, vs_top(vs, (uint32_t)args[i].value), sysv[i]);
    }
    x64_mov_r_r(b, true, X64_RDI, X64_R15);
    x64_mov_r64_imm64(b, X64_RAX, (uint64_t)(uintptr_t)fn);
    /* A pc_map entry for the call: a fault inside the helper (the kernel finding no
     * frame for a page memory.fill writes) is reported at this instruction. */
    struct wasm_pc_entry site = { (uint32_t)x64_buf_pos(b), be->wasm_offset };
    X64_PUSH(be, be->pcs, site);
    x64_call_r64(b, X64_RAX);
    x64_mov_r_r(b, false, X64_RAX, X64_RAX);   /* a uint32_t result: clear bits 32-63 */
    vs_pop(vs, npop);
}

/* ------------------------------------------------------------------ linking */

bool be_finish(struct be *be, struct wasm_code *out)
{
    const struct wasm_module *m = be->m;
    if (be->out_of_memory)
        return false;
    for (uint32_t i = 0; i < be->calls.count; i++) {
        struct x64_call_site *c = &be->calls.items[i];
        x64_patch_rel32(&be->buf, c->at, be->direct_entries[c->func - m->nfunc_imports]);
    }
    size_t size = be->buf.len ? be->buf.len : 1;
    uint8_t *code = wasm_code_alloc(size);
    if (!code)
        return false;
    memcpy(code, be->buf.bytes, be->buf.len);
    wasm_code_seal(code, size);
    out->code = code;
    out->size = size;
    out->func_offsets = be->func_offsets;
    out->func_ends = be->func_ends;
    out->pc_map = be->pcs.items;
    out->npc = be->pcs.count;
    out->bounds_checks = be->opt ? be->opt->bounds_checks : false;
    out->module = m;
    be->func_offsets = NULL;
    be->func_ends = NULL;
    be->pcs.items = NULL;
    if (be->opt && be->opt->on_instr) {
        for (uint32_t i = 0; i < be->events.count; i++) {
            struct x64_hook_event *e = &be->events.items[i];
            be->opt->on_instr(be->opt->on_instr_ctx, e->func, e->wasm_offset, e->code_offset);
        }
    }
    return true;
}
