/*
 * x64_control.c — labels and branches: block, loop, if/else, br, br_if, br_table.
 *
 * The merge discipline for operands is the simple one: entering a block spills the
 * operand stack below the block's params to the positions' own slots, so every value
 * that outlives the block sits in memory (or is a constant) on every path; a branch
 * stores the values it carries into its label's canonical slots; at a label no entry is
 * in a register. Locals are another matter: they stay in registers across labels, and
 * a branch first makes its registers match its target's (x64_locals.c). Forward jumps
 * are rel32, chained per label and patched once when the label is bound.
 *
 *   block (result t)           loop (param t)             if (result t) ... else ... end
 *     spill stack                spill stack incl. params   cond -> reg; spill stack
 *     ...body...               L:                           test cond ; jz ELSE
 *     br 0 -> store value        ...body...                 ...then... store result
 *             to slot[h];        br 0 -> store to slot[h];  jmp END
 *             jmp END                    jmp L (backward) ELSE:
 *     ...                        ...                        ...else... store result
 *     store value to slot[h]   end: falls through         END: result in slot[h]
 *   END: value in slot[h]
 */
#include "x64_backend.h"

/* ------------------------------------------------------------------ labels */

uint32_t be_label_new(struct be *be)
{
    struct x64_label l = { -1, -1, -1, -1 };
    if (!X64_PUSH(be, be->labels, l))
        return 0;
    return be->labels.count - 1;
}

void x64_field_to_label(struct be *be, size_t field, size_t base, uint32_t label)
{
    if (label >= be->labels.count)
        return;   /* out of memory earlier */
    struct x64_label *l = &be->labels.items[label];
    if (l->pos >= 0) {
        x64_patch32(&be->buf, field, (uint32_t)((size_t)l->pos - base));
        return;
    }
    struct x64_patch p = { (uint32_t)field, (uint32_t)base, l->patches };
    if (X64_PUSH(be, be->patches, p))
        be->labels.items[label].patches = (int32_t)be->patches.count - 1;
}

void x64_jump_to_label(struct be *be, size_t field, uint32_t label)
{
    x64_field_to_label(be, field, field + 4, label);
}

void be_bind(struct be *be, uint32_t label)
{
    if (label >= be->labels.count)
        return;
    x64_bind_state(be, label);   /* the fallthrough's moves come before the label */
    be->dead_code = false;
    size_t here = x64_buf_pos(&be->buf);
    struct x64_label *l = &be->labels.items[label];
    l->pos = (int64_t)here;
    for (int32_t p = l->patches; p >= 0; p = be->patches.items[p].next) {
        struct x64_patch *patch = &be->patches.items[p];
        x64_patch32(&be->buf, patch->at, (uint32_t)(here - patch->base));
    }
    l->patches = -1;
}

/* jmp to a label: short when it is bound and near (loops), rel32 otherwise. */
static void emit_jmp(struct be *be, uint32_t label)
{
    struct x64_buf *b = &be->buf;
    if (label < be->labels.count && be->labels.items[label].pos >= 0) {
        int64_t rel = be->labels.items[label].pos - (int64_t)(x64_buf_pos(b) + 2);
        if (rel >= -128) {
            x64_jmp_rel8(b, (int8_t)rel);
            return;
        }
    }
    x64_jump_to_label(be, x64_jmp_rel32(b), label);
}

static void emit_jcc(struct be *be, enum x64_cc cc, uint32_t label)
{
    struct x64_buf *b = &be->buf;
    if (label < be->labels.count && be->labels.items[label].pos >= 0) {
        int64_t rel = be->labels.items[label].pos - (int64_t)(x64_buf_pos(b) + 2);
        if (rel >= -128) {
            x64_jcc_rel8(b, cc, (int8_t)rel);
            return;
        }
    }
    x64_jump_to_label(be, x64_jcc_rel32(b, cc), label);
}

static void copy_to_target(struct be *be, struct be_target t);

/* Branch to `label` when `cc` holds (always when cc < 0). `copy`, if any, says which
 * values to copy to the label's slots first; registers then conform to the label's
 * (x64_locals.c). Both happen on the branch's path only: when there is anything to do,
 * the branch jumps over it on the opposite condition. */
static void branch(struct be *be, int cc, uint32_t label, const struct be_target *copy)
{
    struct x64_edge edge;
    bool moves = x64_edge(be, label, &edge);
    if (!copy && !moves) {
        if (cc < 0)
            emit_jmp(be, label);
        else
            emit_jcc(be, (enum x64_cc)cc, label);
        return;
    }
    size_t skip = cc < 0 ? 0 : x64_fwd_jcc(be, x64_cc_invert((enum x64_cc)cc));
    if (copy)
        copy_to_target(be, *copy);
    x64_conform(be, &edge);
    emit_jmp(be, label);
    if (cc >= 0)
        x64_bind_here(be, skip);
}

void be_jump(struct be *be, uint32_t label)
{
    branch(be, -1, label, NULL);
    be->dead_code = true;
}

/* ------------------------------------------------------------------ loop headers
 *
 * A loop's header keeps the locals its body uses most in registers (x64_locals.c): the
 * body starts with them there, and each branch back puts them there again.
 */

/* Tell the allocator which registers the innermost open loop keeps locals in, and the
 * locals whether they are written through. */
static void keep_registers(struct be *be)
{
    be->vs.keep_gpr = 0;
    be->vs.keep_xmm = 0;
    be->write_through = false;
    if (be->open_loops.count == 0)
        return;
    const struct x64_loop *loop = &be->loop_states.items[be->open_loops.items[be->open_loops.count - 1]];
    const struct vs_locals *s = &loop->regs;
    be->write_through = loop->calls;
    for (int r = 0; r < 16; r++) {
        if (s->gpr[r] >= 0)
            be->vs.keep_gpr |= 1u << r;
        if (s->xmm[r] >= 0)
            be->vs.keep_xmm |= 1u << r;
    }
}

void be_loop(struct be *be, uint32_t label, const struct wasm_loop_uses *uses)
{
    struct x64_loop state;
    x64_loop_header(be, uses, &state);
    if (label >= be->labels.count || !X64_PUSH(be, be->loop_states, state))
        return;
    int32_t index = (int32_t)be->loop_states.count - 1;
    /* Every back edge lands here: a 16-byte aligned header lets the front end fetch
     * the loop's first instructions in one block (the padding runs once per entry). */
    x64_nop_n(&be->buf, (16 - x64_buf_pos(&be->buf) % 16) % 16);
    be->labels.items[label].state = index;
    be->labels.items[label].pos = (int64_t)x64_buf_pos(&be->buf);   /* bound; registers kept */
    be->dead_code = false;
    X64_PUSH(be, be->open_loops, index);
    keep_registers(be);
}

int x64_loop_register(struct be *be, uint32_t local)
{
    if (be->open_loops.count == 0)
        return -1;
    const struct vs_locals *s = &be->loop_states.items[be->open_loops.items[be->open_loops.count - 1]].regs;
    bool xmm = vs_is_float(be->vs.local_types[local]);
    const int32_t *regs = xmm ? s->xmm : s->gpr;
    for (uint32_t m = xmm ? s->xmm_held : s->gpr_held; m; m &= m - 1)
        if (regs[__builtin_ctz(m)] == (int32_t)local)
            return __builtin_ctz(m);
    return -1;
}

void be_loop_end(struct be *be, uint32_t label)
{
    if (be->open_loops.count > 0 && label < be->labels.count && be->labels.items[label].state >= 0)
        be->open_loops.count--;
    keep_registers(be);
}

/* ------------------------------------------------------------------ merges */

void be_block_enter(struct be *be, uint32_t nparams, bool is_loop)
{
    vs_spill_below(&be->vs, be->vs.height - nparams);
    if (is_loop)
        be_fallthrough(be, nparams);
}

void be_fallthrough(struct be *be, uint32_t arity)
{
    for (uint32_t i = be->vs.height - arity; i < be->vs.height; i++)
        vs_spill_to_slot(&be->vs, i);
}

/* Are the branch values already at the target's positions? Then storing them to their
 * own slots is all the move there is, and it is right on both paths of a br_if. */
static bool in_place(struct be *be, struct be_target t)
{
    return be->vs.height - t.arity == t.height;
}

/* Copy the top `arity` values to the target's slots without changing the stack's state
 * (the not-taken path of br_if still sees them where they were). Lower targets first:
 * a target slot can only be a source slot of a value already copied. */
static void copy_to_target(struct be *be, struct be_target t)
{
    struct valstack *vs = &be->vs;
    uint32_t from = vs->height - t.arity;
    for (uint32_t i = 0; i < t.arity; i++)
        vs_emit_store(vs, &vs->entries[from + i], vs_slot_mem(vs, t.height + i));
}

void be_br(struct be *be, struct be_target t)
{
    bool placed = in_place(be, t);
    if (placed)
        be_fallthrough(be, t.arity);
    branch(be, -1, t.label, placed ? NULL : &t);
    be->dead_code = true;
}

/* Pop the condition on top of the stack and return the x86 condition that holds when
 * it is nonzero: fused flags of a comparison, or `test reg, reg`. A constant returns -1
 * with *value set. The code emitted between this and the jcc (spills, moves) never
 * touches the flags. */
static int pop_condition(struct be *be, uint64_t *value)
{
    struct vs_entry *c = vs_top(&be->vs, 0);
    int cc;
    if (c->loc == LOC_CONST) {
        *value = (uint32_t)c->bits;
        cc = -1;
    } else if (c->loc == LOC_FLAGS) {
        cc = c->reg;
    } else {
        enum x64_reg reg = (enum x64_reg)x64_read_reg(be, 0);
        x64_test_r_r(&be->buf, false, reg, reg);
        cc = X64_CC_NE;
    }
    vs_pop_read_only(&be->vs, 1);
    return cc;
}

void be_br_if(struct be *be, struct be_target t)
{
    uint64_t value;
    int cc = pop_condition(be, &value);
    if (cc < 0) {
        if (value != 0)
            be_br(be, t);
        return;
    }
    bool placed = in_place(be, t);
    if (placed)
        be_fallthrough(be, t.arity);   /* their own slots: right on both paths */
    branch(be, cc, t.label, placed ? NULL : &t);
}

void be_if(struct be *be, uint32_t else_label, uint32_t nparams)
{
    uint64_t value;
    int cc = pop_condition(be, &value);
    be_block_enter(be, nparams, true);
    if (cc < 0) {
        if (value == 0)
            branch(be, -1, else_label, NULL);
        return;
    }
    branch(be, x64_cc_invert((enum x64_cc)cc), else_label, NULL);
}

void be_unreachable(struct be *be)
{
    x64_trap_always(be, WASM_TRAP_UNREACHABLE);
    be->dead_code = true;
}

/* ------------------------------------------------------------------ br_table
 *
 *       cmp    idx, N                  ; N = number of targets before the default
 *       jae    Ldefault (or its stub)  ; out of range
 *       lea    r11, [rip + TABLE]
 *       movsxd idx, dword [r11 + idx*4]
 *       add    r11, idx
 *       jmp    r11
 *   TABLE:
 *       dd  L0 - TABLE                 ; a label whose slots the values already occupy
 *       dd  S1 - TABLE                 ; or a stub that moves them first
 *       ...                            ; (N entries)
 *   S1: (copy values to label 1's slots)
 *       jmp L1
 *
 * The carried values are stored to their own slots before the dispatch, so the targets
 * at that same height need no stub.
 */

void be_br_table(struct be *be, const struct be_target *targets, uint32_t ntargets)
{
    struct x64_buf *b = &be->buf;
    struct vs_entry *index = vs_top(&be->vs, 0);
    if (index->loc == LOC_CONST) {
        uint64_t value = (uint32_t)index->bits;
        vs_pop(&be->vs, 1);
        be_br(be, targets[value < ntargets - 1 ? value : ntargets - 1]);
        return;
    }
    int idx = vs_to_reg(&be->vs, 0);
    vs_pop(&be->vs, 1);
    be_fallthrough(be, targets[0].arity);
    uint32_t n = ntargets - 1;
    enum x64_reg r = (enum x64_reg)idx;
    x64_alu_r_imm(b, X64_CMP, false, r, (int32_t)n);
    size_t to_default = x64_jcc_rel32(b, X64_CC_AE);
    size_t lea = x64_lea_r64_rip(b, X64_R11);
    x64_movsxd_r64_m32(b, r, x64_mem_index(X64_R11, r, 4, 0));
    x64_alu_r_r(b, X64_ADD, true, X64_R11, r);
    x64_jmp_r64(b, X64_R11);

    size_t table = x64_buf_pos(b);
    x64_patch_rel32(b, lea, table);
    for (uint32_t k = 0; k < n; k++)
        x64_emit32(b, 0);

    /* Each distinct label is one edge: straight to the label when nothing needs moving,
     * else through one stub; stub_of[label] remembers which (-1: not seen yet). */
    int64_t *stub_of = wasm_alloc((size_t)be->labels.count * sizeof *stub_of);
    if (!stub_of) {
        be->out_of_memory = true;
        return;
    }
    const int64_t direct = -2;
    for (uint32_t i = 0; i < be->labels.count; i++)
        stub_of[i] = -1;
    for (uint32_t k = 0; k < ntargets; k++) {
        struct be_target t = targets[k];
        bool is_default = k == n;   /* reached by the jae, not through the table */
        size_t field = is_default ? to_default : table + 4 * (size_t)k;
        if (stub_of[t.label] == -1) {
            struct x64_edge edge;
            bool moves = x64_edge(be, t.label, &edge);
            if (in_place(be, t) && !moves) {
                stub_of[t.label] = direct;
            } else {
                stub_of[t.label] = (int64_t)x64_buf_pos(b);
                copy_to_target(be, t);
                x64_conform(be, &edge);
                emit_jmp(be, t.label);
            }
        }
        if (stub_of[t.label] == direct && is_default)
            x64_jump_to_label(be, field, t.label);
        else if (stub_of[t.label] == direct)
            x64_field_to_label(be, field, table, t.label);
        else if (is_default)
            x64_patch_rel32(b, field, (size_t)stub_of[t.label]);
        else
            x64_patch32(b, field, (uint32_t)((size_t)stub_of[t.label] - table));
    }
    wasm_free(stub_of);
    be->dead_code = true;
}
