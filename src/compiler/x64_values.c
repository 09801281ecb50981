/*
 * x64_values.c — constants, drop, select, locals and globals.
 *
 * Most of these emit nothing at all: a constant or a `local.get` is only written down
 * on the operand stack, and the instruction that consumes it decides how to use it
 * (an immediate, a memory operand, or a register). Writing a local first gives every
 * stack entry that still refers to it a copy of the old value; the new value goes to a
 * register, not the slot (valstack.c): the one the current loop's header keeps the
 * local in, so that the branch back has nothing to move, else the value's own.
 */
#include "x64_backend.h"

void be_const(struct be *be, uint8_t type, uint64_t bits)
{
    vs_push_const(&be->vs, type, bits);
}

void be_drop(struct be *be)
{
    vs_pop_read_only(&be->vs, 1);
}

void be_local_get(struct be *be, uint32_t local)
{
    vs_push_local(&be->vs, be->vs.local_types[local], local);
}

/* The register `local`'s new value should go to: the one the innermost loop's header
 * keeps it in, when no entry owns it and the instruction is not using it; whatever
 * other local it holds is evicted. Else -1. */
static int home_for(struct be *be, uint32_t local)
{
    struct valstack *vs = &be->vs;
    int r = x64_loop_register(be, local);
    bool xmm = vs_is_float(vs->local_types[local]);
    if (r < 0 || (xmm ? vs->xmm_owner : vs->gpr_owner)[r] >= 0 ||
        (((xmm ? vs->xmm_locked : vs->gpr_locked) >> r) & 1))
        return -1;
    if ((xmm ? vs->locals.xmm : vs->locals.gpr)[r] != (int32_t)local)
        vs_evict(vs, xmm, r);
    return r;
}

/* The top entry, in a register it owns, becomes `local`'s value: copied to the local's
 * loop register (the entry keeps its own), or the register passes to the local and the
 * entry refers to the local from now on. */
static void give_register(struct be *be, uint32_t local)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, 0);
    vs_cache_drop_local(vs, local);   /* its old value is dead: no store */
    int home = home_for(be, local);
    if (home < 0 || home == e->reg) {
        vs_give_to_local(vs, local);
        return;
    }
    if (vs_is_float(e->type))
        x64_movaps_xmm_xmm(&be->buf, (enum x64_xmm)home, (enum x64_xmm)e->reg);
    else
        x64_mov_r_r(&be->buf, vs_is_wide(e->type), (enum x64_reg)home, (enum x64_reg)e->reg);
    vs_cache_set(vs, local, home, true);
}

/* The top entry (a constant, a slot, flags or another local) becomes `local`'s value:
 * loaded into the local's loop register, the register it is in, or a free one; with
 * no register to spare, stored to its slot. The entry stays as it is. */
static void copy_value(struct be *be, uint32_t local)
{
    struct valstack *vs = &be->vs;
    bool xmm = vs_is_float(vs->local_types[local]);
    int reg = home_for(be, local);
    if (reg < 0)
        reg = vs_local_cached_reg(vs, local);
    if (reg < 0)
        reg = vs_idle_reg(vs, xmm);
    if (reg < 0) {
        vs_emit_store(vs, vs_top(vs, 0), vs_local_mem(vs, local));
        return;
    }
    vs_emit_load(vs, vs_top(vs, 0), reg);
    vs_cache_set(vs, local, reg, true);
}

/* In a loop that calls, locals are written through (x64_locals.c). */
static void write_through(struct be *be, uint32_t local)
{
    int reg = be->write_through ? vs_local_cached_reg(&be->vs, local) : -1;
    if (reg >= 0)
        vs_write_back(&be->vs, vs_is_float(be->vs.local_types[local]), reg);
}

void be_local_set(struct be *be, uint32_t local)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, 0);
    if (!(e->loc == LOC_LOCAL && e->local == local)) {
        vs_detach_local(vs, local);
        if (e->loc == LOC_REG)
            give_register(be, local);
        else
            copy_value(be, local);
        write_through(be, local);
    }
    vs_pop(vs, 1);
}

void be_local_dies(struct be *be, uint32_t local)
{
    vs_local_dies(&be->vs, local);
}

void be_local_tee(struct be *be, uint32_t local)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, 0);
    if (e->loc == LOC_LOCAL && e->local == local)
        return;
    vs_detach_local(vs, local);
    if (e->loc == LOC_CONST) {
        copy_value(be, local);   /* the entry stays a constant */
    } else {
        vs_to_reg(vs, 0);
        give_register(be, local);
    }
    write_through(be, local);
}

/* select: cond ? a : b, with the stack [a b cond]. */
void be_select(struct be *be)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    struct vs_entry *c = vs_top(vs, 0);
    uint8_t type = vs_top(vs, 1)->type;
    if (c->loc == LOC_CONST) {
        bool pick_a = (uint32_t)c->bits != 0;
        vs_pop(vs, 1);
        if (pick_a) {
            vs_pop(vs, 1);
            return;
        }
        /* keep b: it moves down one position, so it must leave its slot first */
        if (vs_top(vs, 0)->loc == LOC_SLOT)
            vs_to_reg(vs, 0);
        struct vs_entry kept = *vs_top(vs, 0);
        vs_pop(vs, 2);
        if (kept.loc == LOC_REG)
            vs_push_reg(vs, type, kept.reg);
        else if (kept.loc == LOC_LOCAL)
            vs_push_local(vs, type, kept.local);
        else
            vs_push_const(vs, type, kept.bits);
        return;
    }
    /* The condition: a comparison's flags (kept intact while a and b are loaded), or a
     * register to test. `pick_a` is the condition code under which the result is a. */
    enum x64_cc pick_a = X64_CC_NE;
    int rc = -1;
    if (c->loc == LOC_FLAGS) {
        pick_a = (enum x64_cc)c->reg;
        vs->keep_flags = true;
    } else {
        rc = x64_read_reg(be, 0);
    }
    int ra = vs_to_reg(vs, 2);
    if (vs_is_float(type)) {
        int rb = x64_read_reg(be, 1);
        if (rc >= 0)
            x64_test_r_r(b, false, (enum x64_reg)rc, (enum x64_reg)rc);
        size_t keep = x64_fwd_jcc(be, pick_a);
        x64_movaps_xmm_xmm(b, (enum x64_xmm)ra, (enum x64_xmm)rb);
        x64_bind_here(be, keep);
    } else {
        struct vs_entry *eb = vs_top(vs, 1);
        bool w = vs_is_wide(type);
        bool in_memory = (eb->loc == LOC_SLOT || eb->loc == LOC_LOCAL) && vs_cached_reg(vs, eb) < 0;
        int rb = in_memory ? -1 : x64_read_reg(be, 1);   /* loads before the test: xor clobbers flags */
        if (rc >= 0)
            x64_test_r_r(b, false, (enum x64_reg)rc, (enum x64_reg)rc);
        enum x64_cc pick_b = x64_cc_invert(pick_a);
        if (in_memory)
            x64_cmovcc_r_m(b, pick_b, w, (enum x64_reg)ra, vs_entry_mem(vs, eb));
        else
            x64_cmovcc_r_r(b, pick_b, w, (enum x64_reg)ra, (enum x64_reg)rb);
    }
    vs->keep_flags = false;
    vs_pop(vs, 3);
    vs_push_reg(vs, type, ra);
}

/* ------------------------------------------------------------------ globals */

void x64_load_global_cell(struct be *be, uint32_t global)
{
    x64_mov_r_m(&be->buf, true, X64_R11, x64_mem_base(X64_R15, WASM_INST_GLOBALS));
    x64_mov_r_m(&be->buf, true, X64_R11, x64_mem_base(X64_R11, 8 * (int32_t)global));
}

void be_global_get(struct be *be, uint32_t global)
{
    struct valstack *vs = &be->vs;
    uint8_t type = be->m->globals[global].type.type;
    bool w = vs_is_wide(type);
    x64_load_global_cell(be, global);
    struct x64_mem cell = x64_mem_base(X64_R11, 0);
    int reg;
    if (vs_is_float(type)) {
        reg = vs_alloc_xmm(vs);
        x64_sse_mov_xmm_m(&be->buf, w, (enum x64_xmm)reg, cell);
    } else {
        reg = vs_alloc_gpr(vs);
        x64_mov_r_m(&be->buf, w, (enum x64_reg)reg, cell);
    }
    vs_push_reg(vs, type, reg);
}

void be_global_set(struct be *be, uint32_t global)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, 0);
    bool needs_reg = e->loc == LOC_SLOT || e->loc == LOC_LOCAL;
    if (e->loc == LOC_CONST && vs_is_wide(e->type)) {
        int64_t s = (int64_t)e->bits;
        needs_reg = s < INT32_MIN || s > INT32_MAX;
    }
    if (needs_reg)
        x64_read_reg(be, 0);
    x64_load_global_cell(be, global);
    vs_emit_store(vs, vs_top(vs, 0), x64_mem_base(X64_R11, 0));
    vs_pop(vs, 1);
}
