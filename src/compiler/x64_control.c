/*
 * x64_control.c — labels and branches: block, loop, if/else, br, br_if, br_table.
 *
 * The merge discipline is the simple one: entering a block spills the operand stack
 * below the block's params to the positions' own slots, so every value that outlives
 * the block sits in memory (or is a constant) on every path; a branch stores the values
 * it carries into its label's canonical slots; after a label nothing is in a register.
 * Forward jumps are rel32, chained per label and patched once when the label is bound.
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
 *
 * Loops are the exception to "no register is live at a label": see "loop headers".
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

/* A branch to forward label `label` leaves now: what the registers hold must agree
 * with the other branches there, or be forgotten at the label. */
static void record_edge(struct be *be, uint32_t label)
{
    if (label >= be->labels.count || be->labels.items[label].state >= 0)
        return;   /* loops restore their header's registers instead */
    struct x64_label *l = &be->labels.items[label];
    if (l->meet < 0) {
        struct x64_reg_state now;
        memcpy(now.gpr, be->vs.gpr_cache, sizeof now.gpr);
        memcpy(now.xmm, be->vs.xmm_cache, sizeof now.xmm);
        if (X64_PUSH(be, be->meets, now))
            be->labels.items[label].meet = (int32_t)be->meets.count - 1;
        return;
    }
    struct x64_reg_state *m = &be->meets.items[l->meet];
    for (int r = 0; r < 16; r++) {
        if (m->gpr[r] != be->vs.gpr_cache[r])
            m->gpr[r] = -1;
        if (m->xmm[r] != be->vs.xmm_cache[r])
            m->xmm[r] = -1;
    }
}

void be_bind(struct be *be, uint32_t label)
{
    if (label >= be->labels.count)
        return;
    size_t here = x64_buf_pos(&be->buf);
    struct x64_label *l = &be->labels.items[label];
    /* Registers keep their locals only where every path in agrees; the fallthrough
     * path counts unless the code before is dead. */
    struct valstack *vs = &be->vs;
    const struct x64_reg_state *m = l->meet >= 0 ? &be->meets.items[l->meet] : NULL;
    if (!m && be->dead_code)
        vs_cache_clear(vs);   /* nothing arrives here (dead code follows) */
    for (int r = 0; m && r < 16; r++) {
        bool fall = !be->dead_code;
        vs->gpr_cache[r] = fall && vs->gpr_cache[r] != m->gpr[r] ? -1 : m->gpr[r];
        vs->xmm_cache[r] = fall && vs->xmm_cache[r] != m->xmm[r] ? -1 : m->xmm[r];
    }
    be->dead_code = false;
    l->pos = (int64_t)here;
    for (int32_t p = l->patches; p >= 0; p = be->patches.items[p].next) {
        struct x64_patch *patch = &be->patches.items[p];
        x64_patch32(&be->buf, patch->at, (uint32_t)(here - patch->base));
    }
    l->patches = -1;
}

/* jmp to a label: short when it is bound and near (loops), rel32 otherwise. */
static void jump(struct be *be, uint32_t label)
{
    struct x64_buf *b = &be->buf;
    record_edge(be, label);
    if (label < be->labels.count && be->labels.items[label].pos >= 0) {
        int64_t rel = be->labels.items[label].pos - (int64_t)(x64_buf_pos(b) + 2);
        if (rel >= -128) {
            x64_jmp_rel8(b, (int8_t)rel);
            return;
        }
    }
    x64_jump_to_label(be, x64_jmp_rel32(b), label);
}

static void jump_if(struct be *be, enum x64_cc cc, uint32_t label)
{
    struct x64_buf *b = &be->buf;
    record_edge(be, label);
    if (label < be->labels.count && be->labels.items[label].pos >= 0) {
        int64_t rel = be->labels.items[label].pos - (int64_t)(x64_buf_pos(b) + 2);
        if (rel >= -128) {
            x64_jcc_rel8(b, cc, (int8_t)rel);
            return;
        }
    }
    x64_jump_to_label(be, x64_jcc_rel32(b, cc), label);
}

void be_jump(struct be *be, uint32_t label)
{
    jump(be, label);
    be->dead_code = true;
}

/* ------------------------------------------------------------------ loop headers
 *
 * A loop's header keeps the locals its body uses most (loopscan.c) in registers: those
 * already in one stay there, the others are loaded; the body starts with them, and
 * each branch back to the header first reloads, from the locals' slots, those that no
 * longer hold their local. Locals are written through, so a slot is always current.
 */

static struct x64_reg_state *loop_state(struct be *be, uint32_t label)
{
    if (label >= be->labels.count || be->labels.items[label].state < 0)
        return NULL;
    return &be->loop_states.items[be->labels.items[label].state];
}

/* Tell the allocator which cache registers the innermost open loop expects. */
static void keep_registers(struct be *be)
{
    be->vs.keep_gpr = 0;
    be->vs.keep_xmm = 0;
    if (be->open_loops.count == 0)
        return;
    const struct x64_reg_state *s = &be->loop_states.items[be->open_loops.items[be->open_loops.count - 1]];
    for (int r = 0; r < 16; r++) {
        if (s->gpr[r] >= 0)
            be->vs.keep_gpr |= 1u << r;
        if (s->xmm[r] >= 0)
            be->vs.keep_xmm |= 1u << r;
    }
}

/* How many locals a loop header may keep in registers, per class: the rest of the
 * allocatable registers stay free for the body's temporaries. */
#define LOOP_GPR_HOMES 7
#define LOOP_XMM_HOMES 12

/* Where a loop header puts a local that is not in a register yet, best first: rax, rdx
 * and rcx last, because division and shifts claim them. */
static const uint8_t gpr_home_order[] = {
    X64_RBX, X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10, X64_R12, X64_R13,
    X64_RAX, X64_RDX, X64_RCX,
};

/* The (at most) `max` heaviest locals of one class in `uses`, heaviest first; among
 * equals, the first used. */
static uint32_t heaviest(struct be *be, const struct wasm_loop_uses *uses, bool xmm,
                         uint32_t *out, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < uses->count; i++) {
        uint32_t local = uses->locals[i];
        uint32_t weight = uses->weight[local];
        if (vs_is_float(be->vs.local_types[local]) != xmm)
            continue;
        uint32_t k;
        if (n < max)
            k = n++;
        else if (weight > uses->weight[out[max - 1]])
            k = max - 1;
        else
            continue;
        for (; k > 0 && uses->weight[out[k - 1]] < weight; k--)
            out[k] = out[k - 1];
        out[k] = local;
    }
    return n;
}

/* A register of the class for a loop header's local: free, caching nothing. */
static int free_home(struct valstack *vs, bool xmm)
{
    for (unsigned i = 0; i < (xmm ? 15u : sizeof gpr_home_order); i++) {
        int r = xmm ? (int)i : gpr_home_order[i];
        if ((xmm ? vs->xmm_owner : vs->gpr_owner)[r] < 0 &&
            (xmm ? vs->xmm_cache : vs->gpr_cache)[r] < 0)
            return r;
    }
    return -1;
}

/* The chosen locals of one class get registers: those already in one keep it, the
 * others are loaded into free ones; registers that hold other locals forget them. */
static void place_homes(struct be *be, const uint32_t *chosen, uint32_t n, bool xmm)
{
    struct valstack *vs = &be->vs;
    int32_t *cache = xmm ? vs->xmm_cache : vs->gpr_cache;
    for (int r = 0; r < 16; r++) {
        bool keep = false;
        for (uint32_t i = 0; i < n && !keep; i++)
            keep = cache[r] == (int32_t)chosen[i];
        if (!keep)
            cache[r] = -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (vs_local_cached_reg(vs, chosen[i]) >= 0)
            continue;
        int reg = free_home(vs, xmm);
        if (reg < 0)
            return;
        struct vs_entry e = { vs->local_types[chosen[i]], LOC_LOCAL, 0, chosen[i], 0 };
        vs_emit_load(vs, &e, reg);
        vs_cache_set(vs, chosen[i], reg);
    }
}

void be_loop(struct be *be, uint32_t label, const struct wasm_loop_uses *uses)
{
    struct valstack *vs = &be->vs;
    uint32_t chosen[LOOP_XMM_HOMES];
    place_homes(be, chosen, heaviest(be, uses, false, chosen, LOOP_GPR_HOMES), false);
    place_homes(be, chosen, heaviest(be, uses, true, chosen, LOOP_XMM_HOMES), true);
    struct x64_reg_state state;
    memcpy(state.gpr, vs->gpr_cache, sizeof state.gpr);
    memcpy(state.xmm, vs->xmm_cache, sizeof state.xmm);
    if (label >= be->labels.count || !X64_PUSH(be, be->loop_states, state))
        return;
    int32_t index = (int32_t)be->loop_states.count - 1;
    /* Every back edge lands here: a 16-byte aligned header lets the front end fetch
     * the loop's first instructions in one block (the padding runs once per entry). */
    x64_nop_n(&be->buf, (16 - x64_buf_pos(&be->buf) % 16) % 16);
    be->labels.items[label].state = index;
    be->labels.items[label].pos = (int64_t)x64_buf_pos(&be->buf);   /* bound; caches kept */
    be->dead_code = false;
    X64_PUSH(be, be->open_loops, index);
    keep_registers(be);
}

int x64_loop_register(struct be *be, uint32_t local)
{
    if (be->open_loops.count == 0)
        return -1;
    const struct x64_reg_state *s = &be->loop_states.items[be->open_loops.items[be->open_loops.count - 1]];
    const int32_t *regs = vs_is_float(be->vs.local_types[local]) ? s->xmm : s->gpr;
    for (int r = 0; r < 16; r++)
        if (regs[r] == (int32_t)local)
            return r;
    return -1;
}

void be_loop_end(struct be *be, uint32_t label)
{
    if (be->open_loops.count > 0 && loop_state(be, label))
        be->open_loops.count--;
    keep_registers(be);
}

/* Do the registers hold what the target loop's header expects? (Always, for others.) */
static bool state_matches(struct be *be, uint32_t label)
{
    const struct x64_reg_state *s = loop_state(be, label);
    for (int r = 0; s && r < 16; r++)
        if ((s->gpr[r] >= 0 && be->vs.gpr_cache[r] != s->gpr[r]) ||
            (s->xmm[r] >= 0 && be->vs.xmm_cache[r] != s->xmm[r]))
            return false;
    return true;
}

/* Make the header's registers hold their locals again (emitted on the branch's path
 * only: the stack's state is not changed). A register that holds the wanted local
 * already can be copied, as long as nothing still needs what the target register
 * holds; everything else is reloaded from the local's slot, which is always current. */
static void restore_class(struct be *be, const int32_t *want, const int32_t *cache, bool xmm)
{
    struct valstack *vs = &be->vs;
    int32_t hold[16];
    bool pending[16];
    memcpy(hold, cache, sizeof hold);
    for (int r = 0; r < 16; r++)
        pending[r] = want[r] >= 0 && hold[r] != want[r];
    for (bool progress = true; progress;) {
        progress = false;
        for (int t = 0; t < 16; t++) {
            if (!pending[t])
                continue;
            bool needed = false;   /* does another pending register want what t holds? */
            for (int u = 0; u < 16; u++)
                needed |= u != t && pending[u] && hold[t] >= 0 && want[u] == hold[t];
            int from = -1;
            for (int u = 0; u < 16 && from < 0; u++)
                if (u != t && hold[u] == want[t])
                    from = u;
            if (needed || from < 0)
                continue;
            uint8_t type = vs->local_types[want[t]];
            if (xmm)
                x64_movaps_xmm_xmm(&be->buf, (enum x64_xmm)t, (enum x64_xmm)from);
            else
                x64_mov_r_r(&be->buf, vs_is_wide(type), (enum x64_reg)t, (enum x64_reg)from);
            hold[t] = want[t];
            pending[t] = false;
            progress = true;
        }
    }
    for (int t = 0; t < 16; t++) {
        if (!pending[t])
            continue;
        uint8_t type = vs->local_types[want[t]];
        struct x64_mem mem = vs_local_mem(vs, (uint32_t)want[t]);
        if (xmm)
            x64_sse_mov_xmm_m(&be->buf, vs_is_wide(type), (enum x64_xmm)t, mem);
        else
            x64_mov_r_m(&be->buf, vs_is_wide(type), (enum x64_reg)t, mem);
    }
}

static void restore_state(struct be *be, uint32_t label)
{
    const struct x64_reg_state *s = loop_state(be, label);
    if (!s)
        return;
    restore_class(be, s->gpr, be->vs.gpr_cache, false);
    restore_class(be, s->xmm, be->vs.xmm_cache, true);
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
    if (in_place(be, t))
        be_fallthrough(be, t.arity);
    else
        copy_to_target(be, t);
    restore_state(be, t.label);
    jump(be, t.label);
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
        enum x64_reg reg = (enum x64_reg)vs_to_reg(&be->vs, 0);
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
    if (in_place(be, t)) {
        be_fallthrough(be, t.arity);
        if (state_matches(be, t.label)) {
            jump_if(be, (enum x64_cc)cc, t.label);
            return;
        }
    }
    size_t skip = x64_fwd_jcc(be, x64_cc_invert((enum x64_cc)cc));
    copy_to_target(be, t);
    restore_state(be, t.label);
    jump(be, t.label);
    x64_bind_here(be, skip);
}

void be_if(struct be *be, uint32_t else_label, uint32_t nparams)
{
    uint64_t value;
    int cc = pop_condition(be, &value);
    be_block_enter(be, nparams, true);
    if (cc < 0) {
        if (value == 0)
            jump(be, else_label);
        return;
    }
    jump_if(be, x64_cc_invert((enum x64_cc)cc), else_label);
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

    /* One stub per distinct label that needs a move; stub_of[label] remembers it. */
    int64_t *stub_of = wasm_alloc((size_t)be->labels.count * sizeof *stub_of);
    if (!stub_of) {
        be->out_of_memory = true;
        return;
    }
    for (uint32_t i = 0; i < be->labels.count; i++)
        stub_of[i] = -1;
    for (uint32_t k = 0; k < ntargets; k++) {
        struct be_target t = targets[k];
        bool is_default = k == n;   /* reached by the jae, not through the table */
        size_t field = is_default ? to_default : table + 4 * (size_t)k;
        if (in_place(be, t) && state_matches(be, t.label)) {
            record_edge(be, t.label);
            if (is_default)
                x64_jump_to_label(be, field, t.label);
            else
                x64_field_to_label(be, field, table, t.label);
            continue;
        }
        if (stub_of[t.label] < 0) {
            stub_of[t.label] = (int64_t)x64_buf_pos(b);
            copy_to_target(be, t);
            restore_state(be, t.label);
            jump(be, t.label);
        }
        if (is_default)
            x64_patch_rel32(b, field, (size_t)stub_of[t.label]);
        else
            x64_patch32(b, field, (uint32_t)((size_t)stub_of[t.label] - table));
    }
    wasm_free(stub_of);
    be->dead_code = true;
}
