/*
 * valstack.c — the abstract operand stack and the register allocator behind it.
 *
 * Allocation is deliberately simple, in the style of baseline compilers: a register is
 * owned by at most one stack entry (so an instruction may overwrite its operand's
 * register with its result), a free register is taken when there is one, and otherwise
 * the deepest register entry — the one needed last — is stored to its slot. Registers an
 * instruction is working with are "locked" until the next instruction starts, so that
 * materializing its second operand can never spill its first.
 *
 * Registers also remember which local they hold a copy of (locals are written through to
 * their slots), so a local read right after it was written needs no load; that memory
 * is forgotten whenever the register is reused, at labels and at calls.
 */
#include "valstack.h"

#include "embed.h"

/* Allocation order. rcx and rdx come last because shifts and divisions claim them. */
static const uint8_t gpr_order[] = {
    X64_RAX, X64_RBX, X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10, X64_R12, X64_R13,
    X64_RCX, X64_RDX,
};
#define NGPR (sizeof gpr_order / sizeof gpr_order[0])
#define NXMM 15   /* xmm0..xmm14; xmm15 is the scratch */

void vs_init(struct valstack *vs, struct x64_buf *buf)
{
    memset(vs, 0, sizeof *vs);
    vs->buf = buf;
    vs_reset(vs);
}

void vs_free(struct valstack *vs)
{
    wasm_free(vs->entries);
    vs->entries = NULL;
    vs->capacity = 0;
}

void vs_reset(struct valstack *vs)
{
    vs->height = 0;
    vs->max_height = 0;
    vs->local_refs = 0;
    vs->gpr_locked = 0;
    vs->xmm_locked = 0;
    vs->keep_flags = false;
    vs->keep_gpr = 0;
    vs->keep_xmm = 0;
    for (int r = 0; r < 16; r++) {
        vs->gpr_owner[r] = -1;
        vs->xmm_owner[r] = -1;
    }
    vs_cache_clear(vs);
}

/* ------------------------------------------------------------------ cached locals */

static bool local_is_float(const struct valstack *vs, uint32_t local)
{
    return vs_is_float(vs->local_types[local]);
}

void vs_cache_clear(struct valstack *vs)
{
    for (int r = 0; r < 16; r++) {
        vs->gpr_cache[r] = -1;
        vs->xmm_cache[r] = -1;
    }
}

void vs_cache_drop_local(struct valstack *vs, uint32_t local)
{
    int32_t *cache = local_is_float(vs, local) ? vs->xmm_cache : vs->gpr_cache;
    for (int r = 0; r < 16; r++)
        if (cache[r] == (int32_t)local)
            cache[r] = -1;
}

void vs_cache_set(struct valstack *vs, uint32_t local, int reg)
{
    vs_cache_drop_local(vs, local);
    (local_is_float(vs, local) ? vs->xmm_cache : vs->gpr_cache)[reg] = (int32_t)local;
}

int vs_local_cached_reg(const struct valstack *vs, uint32_t local)
{
    const int32_t *cache = local_is_float(vs, local) ? vs->xmm_cache : vs->gpr_cache;
    for (int r = 0; r < 16; r++)
        if (cache[r] == (int32_t)local)
            return r;
    return -1;
}

int vs_cached_reg(const struct valstack *vs, const struct vs_entry *e)
{
    return e->loc == LOC_LOCAL ? vs_local_cached_reg(vs, e->local) : -1;
}

/* Register `reg` is about to hold something else. */
static void take_register(struct valstack *vs, bool xmm, int reg)
{
    (xmm ? vs->xmm_cache : vs->gpr_cache)[reg] = -1;
}

bool vs_reserve(struct valstack *vs, uint32_t more)
{
    if (vs->capacity - vs->height >= more)
        return true;
    uint32_t cap = vs->capacity * 2 + more + 64;
    struct vs_entry *bigger = wasm_alloc((size_t)cap * sizeof *bigger);
    if (!bigger)
        return false;
    if (vs->height)
        memcpy(bigger, vs->entries, vs->height * sizeof *bigger);
    wasm_free(vs->entries);
    vs->entries = bigger;
    vs->capacity = cap;
    return true;
}

/* ------------------------------------------------------------------ push / pop */

static struct vs_entry *push(struct valstack *vs, uint8_t type, uint8_t loc)
{
    struct vs_entry *e = &vs->entries[vs->height++];
    if (vs->height > vs->max_height)
        vs->max_height = vs->height;
    e->type = type;
    e->loc = loc;
    e->reg = 0;
    e->local = 0;
    e->bits = 0;
    return e;
}

void vs_push_type(struct valstack *vs, uint8_t type) { push(vs, type, LOC_NONE); }
void vs_push_slot(struct valstack *vs, uint8_t type) { push(vs, type, LOC_SLOT); }

void vs_push_const(struct valstack *vs, uint8_t type, uint64_t bits)
{
    push(vs, type, LOC_CONST)->bits = bits;
}

void vs_push_reg(struct valstack *vs, uint8_t type, int reg)
{
    push(vs, type, LOC_REG)->reg = (uint8_t)reg;
    take_register(vs, vs_is_float(type), reg);
    if (vs_is_float(type))
        vs->xmm_owner[reg] = (int32_t)vs->height - 1;
    else
        vs->gpr_owner[reg] = (int32_t)vs->height - 1;
}

void vs_push_local(struct valstack *vs, uint8_t type, uint32_t local)
{
    push(vs, type, LOC_LOCAL)->local = local;
    vs->local_refs++;
}

void vs_push_flags(struct valstack *vs, enum x64_cc cc)
{
    push(vs, 0x7F, LOC_FLAGS)->reg = (uint8_t)cc;
}

/* Forget where entry `e` was (its register becomes free; locks stay until the next
 * instruction, so a popped operand's register can carry the result). */
static void release(struct valstack *vs, struct vs_entry *e)
{
    if (e->loc == LOC_REG) {
        take_register(vs, vs_is_float(e->type), e->reg);
        if (vs_is_float(e->type))
            vs->xmm_owner[e->reg] = -1;
        else
            vs->gpr_owner[e->reg] = -1;
    } else if (e->loc == LOC_LOCAL) {
        vs->local_refs--;
    }
}

void vs_pop(struct valstack *vs, uint32_t n)
{
    while (n-- > 0 && vs->height > 0)
        release(vs, &vs->entries[--vs->height]);
}

void vs_pop_read_only(struct valstack *vs, uint32_t n)
{
    vs_pop(vs, n);
}

void vs_give_to_local(struct valstack *vs, uint32_t local)
{
    struct vs_entry *e = vs_top(vs, 0);
    int reg = e->reg;
    release(vs, e);
    vs_cache_set(vs, local, reg);
    e->loc = LOC_LOCAL;
    e->local = local;
    vs->local_refs++;
}

uint32_t vs_commutative_dest(struct valstack *vs)
{
    const struct vs_entry *a = vs_top(vs, 1), *b = vs_top(vs, 0);
    if (a->loc == LOC_REG)
        return 1;
    if (b->loc == LOC_REG || (a->loc == LOC_CONST && b->loc != LOC_CONST))
        return 0;
    return 1;
}

void vs_truncate(struct valstack *vs, uint32_t height)
{
    if (vs->height > height)
        vs_pop(vs, vs->height - height);
}

/* ------------------------------------------------------------------ frame addresses */

struct x64_mem vs_slot_mem(const struct valstack *vs, uint32_t position)
{
    return x64_mem_base(X64_RBP, vs->slot0_disp - 8 * (int32_t)position);
}

struct x64_mem vs_local_mem(const struct valstack *vs, uint32_t local)
{
    if (local < vs->nparams)
        return x64_mem_base(X64_RBP, 16 + 8 * (int32_t)local);
    return x64_mem_base(X64_RBP, vs->local0_disp - 8 * (int32_t)(local - vs->nparams));
}

struct x64_mem vs_entry_mem(const struct valstack *vs, const struct vs_entry *e)
{
    if (e->loc == LOC_LOCAL)
        return vs_local_mem(vs, e->local);
    return vs_slot_mem(vs, (uint32_t)(e - vs->entries));
}

/* ------------------------------------------------------------------ emitting copies */

void vs_emit_load(struct valstack *vs, const struct vs_entry *e, int reg)
{
    struct x64_buf *b = vs->buf;
    bool fl = vs_is_float(e->type), w = vs_is_wide(e->type);
    switch (e->loc) {
    case LOC_CONST:
        if (!fl && e->bits == 0 && vs->keep_flags) {
            x64_mov_r_imm32(b, false, (enum x64_reg)reg, 0);
        } else if (!fl) {
            x64_mov_r64_imm(b, (enum x64_reg)reg, w ? e->bits : (uint32_t)e->bits);
        } else if (e->bits == 0) {
            x64_pxor_xmm_xmm(b, (enum x64_xmm)reg, (enum x64_xmm)reg);
        } else {
            vs->load_fconst(vs->owner, w, w ? e->bits : (uint32_t)e->bits, reg);
        }
        break;
    case LOC_REG:
        if (e->reg == reg)
            break;
        if (fl)
            x64_movaps_xmm_xmm(b, (enum x64_xmm)reg, (enum x64_xmm)e->reg);
        else
            x64_mov_r_r(b, w, (enum x64_reg)reg, (enum x64_reg)e->reg);
        break;
    case LOC_FLAGS:
        x64_setcc_r8(b, (enum x64_cc)e->reg, (enum x64_reg)reg);
        x64_movzx_r32_r8(b, (enum x64_reg)reg, (enum x64_reg)reg);
        break;
    case LOC_SLOT:
    case LOC_LOCAL: {
        int cached = vs_cached_reg(vs, e);
        if (cached == reg)
            break;
        if (cached >= 0 && fl)
            x64_movaps_xmm_xmm(b, (enum x64_xmm)reg, (enum x64_xmm)cached);
        else if (cached >= 0)
            x64_mov_r_r(b, w, (enum x64_reg)reg, (enum x64_reg)cached);
        else if (fl)
            x64_sse_mov_xmm_m(b, w, (enum x64_xmm)reg, vs_entry_mem(vs, e));
        else
            x64_mov_r_m(b, w, (enum x64_reg)reg, vs_entry_mem(vs, e));
        break;
    }
    default:
        break;
    }
}

void vs_emit_store(struct valstack *vs, const struct vs_entry *e, struct x64_mem mem)
{
    struct x64_buf *b = vs->buf;
    bool w = vs_is_wide(e->type);
    switch (e->loc) {
    case LOC_CONST: {
        int64_t s = (int64_t)e->bits;
        if (!w) {
            x64_mov_m_imm32(b, false, mem, (int32_t)(uint32_t)e->bits);
        } else if (s >= INT32_MIN && s <= INT32_MAX) {
            x64_mov_m_imm32(b, true, mem, (int32_t)s);
        } else {
            x64_mov_r64_imm64(b, VS_SCRATCH_GPR, e->bits);
            x64_mov_m_r(b, true, mem, VS_SCRATCH_GPR);
        }
        break;
    }
    case LOC_REG:
        if (vs_is_float(e->type))
            x64_sse_mov_m_xmm(b, w, mem, (enum x64_xmm)e->reg);
        else
            x64_mov_m_r(b, w, mem, (enum x64_reg)e->reg);
        break;
    case LOC_FLAGS:
        x64_setcc_r8(b, (enum x64_cc)e->reg, VS_SCRATCH_GPR);
        x64_movzx_r32_r8(b, VS_SCRATCH_GPR, VS_SCRATCH_GPR);
        x64_mov_m_r(b, false, mem, VS_SCRATCH_GPR);
        break;
    case LOC_SLOT:
    case LOC_LOCAL: {
        struct x64_mem src = vs_entry_mem(vs, e);
        if (src.base == mem.base && src.disp == mem.disp && src.index == mem.index)
            break;
        int cached = vs_cached_reg(vs, e);
        if (cached >= 0 && vs_is_float(e->type)) {
            x64_sse_mov_m_xmm(b, w, mem, (enum x64_xmm)cached);
            break;
        }
        if (cached >= 0) {
            x64_mov_m_r(b, w, mem, (enum x64_reg)cached);
            break;
        }
        x64_mov_r_m(b, true, VS_SCRATCH_GPR, src);
        x64_mov_m_r(b, true, mem, VS_SCRATCH_GPR);
        break;
    }
    default:
        break;
    }
}

/* ------------------------------------------------------------------ spilling */

void vs_spill_to_slot(struct valstack *vs, uint32_t position)
{
    struct vs_entry *e = &vs->entries[position];
    if (e->loc == LOC_SLOT || e->loc == LOC_NONE)
        return;
    vs_emit_store(vs, e, vs_slot_mem(vs, position));
    release(vs, e);
    e->loc = LOC_SLOT;
}

void vs_spill_below(struct valstack *vs, uint32_t height)
{
    for (uint32_t i = 0; i < height && i < vs->height; i++)
        if (vs->entries[i].loc == LOC_REG || vs->entries[i].loc == LOC_LOCAL)
            vs_spill_to_slot(vs, i);
}

void vs_spill_regs_below(struct valstack *vs, uint32_t height)
{
    for (uint32_t i = 0; i < height && i < vs->height; i++)
        if (vs->entries[i].loc == LOC_REG)
            vs_spill_to_slot(vs, i);
}

/* ------------------------------------------------------------------ allocation */

void vs_unlock_all(struct valstack *vs)
{
    vs->gpr_locked = 0;
    vs->xmm_locked = 0;
}

void vs_unlock(struct valstack *vs, bool xmm, int reg)
{
    if (xmm)
        vs->xmm_locked &= ~(1u << reg);
    else
        vs->gpr_locked &= ~(1u << reg);
}

/* The deepest entry of the class held in an unlocked register, stored to its slot;
 * returns the register it freed, or -1 (every register is locked: a compiler bug). */
static int spill_deepest(struct valstack *vs, bool xmm)
{
    for (uint32_t i = 0; i < vs->height; i++) {
        struct vs_entry *e = &vs->entries[i];
        if (e->loc != LOC_REG || vs_is_float(e->type) != xmm)
            continue;
        uint32_t locked = xmm ? vs->xmm_locked : vs->gpr_locked;
        if (locked & (1u << e->reg))
            continue;
        int reg = e->reg;
        vs_spill_to_slot(vs, i);
        return reg;
    }
    return -1;
}

int vs_idle_reg(const struct valstack *vs, bool xmm)
{
    for (unsigned i = 0; i < (xmm ? NXMM : NGPR); i++) {
        int r = xmm ? (int)i : gpr_order[i];
        bool owned = (xmm ? vs->xmm_owner : vs->gpr_owner)[r] >= 0;
        bool locked = ((xmm ? vs->xmm_locked : vs->gpr_locked) >> r) & 1;
        bool caching = (xmm ? vs->xmm_cache : vs->gpr_cache)[r] >= 0;
        if (!owned && !locked && !caching)
            return r;
    }
    return -1;
}

int vs_alloc_gpr(struct valstack *vs)
{
    /* a free register: one caching nothing if possible, then one whose local the
     * current loop's header does not expect */
    int pick = -1, rank = 3;
    for (unsigned i = 0; i < NGPR && rank > 0; i++) {
        int r = gpr_order[i];
        if (vs->gpr_owner[r] >= 0 || (vs->gpr_locked & (1u << r)))
            continue;
        int k = vs->gpr_cache[r] < 0 ? 0 : (vs->keep_gpr & (1u << r)) ? 2 : 1;
        if (k < rank) {
            rank = k;
            pick = r;
        }
    }
    if (pick >= 0) {
        take_register(vs, false, pick);
        vs->gpr_locked |= 1u << pick;
        return pick;
    }
    int r = spill_deepest(vs, false);
    if (r < 0) {
        vs->broken = true;
        r = X64_RAX;
    }
    vs->gpr_locked |= 1u << r;
    return r;
}

int vs_alloc_xmm(struct valstack *vs)
{
    int pick = -1, rank = 3;
    for (int r = 0; r < NXMM && rank > 0; r++) {
        if (vs->xmm_owner[r] >= 0 || (vs->xmm_locked & (1u << r)))
            continue;
        int k = vs->xmm_cache[r] < 0 ? 0 : (vs->keep_xmm & (1u << r)) ? 2 : 1;
        if (k < rank) {
            rank = k;
            pick = r;
        }
    }
    if (pick >= 0) {
        take_register(vs, true, pick);
        vs->xmm_locked |= 1u << pick;
        return pick;
    }
    int r = spill_deepest(vs, true);
    if (r < 0) {
        vs->broken = true;
        r = X64_XMM0;
    }
    vs->xmm_locked |= 1u << r;
    return r;
}

void vs_claim_gpr(struct valstack *vs, int reg)
{
    bool was_locked = vs->gpr_locked & (1u << reg);
    int32_t cached = vs->gpr_cache[reg];
    vs->gpr_locked |= 1u << reg;
    take_register(vs, false, reg);
    int32_t owner = vs->gpr_owner[reg];
    if (owner < 0)
        return;
    struct vs_entry *e = &vs->entries[owner];
    int to = vs_alloc_gpr(vs);
    /* vs_alloc_gpr may have spilled the owner itself (when it was the deepest). */
    if (e->loc == LOC_REG && e->reg == reg) {
        x64_mov_r_r(vs->buf, true, (enum x64_reg)to, (enum x64_reg)reg);
        vs->gpr_cache[to] = cached;   /* the value, and what it stands for, move together */
        e->reg = (uint8_t)to;
        vs->gpr_owner[to] = owner;
        vs->gpr_owner[reg] = -1;
        if (!was_locked)
            vs_unlock(vs, false, to);
    } else {
        vs_unlock(vs, false, to);
    }
}

int vs_to_reg(struct valstack *vs, uint32_t depth_from_top)
{
    struct vs_entry *e = vs_top(vs, depth_from_top);
    bool xmm = vs_is_float(e->type);
    if (e->loc == LOC_REG) {
        if (xmm)
            vs->xmm_locked |= 1u << e->reg;
        else
            vs->gpr_locked |= 1u << e->reg;
        return e->reg;
    }
    int reg = vs_cached_reg(vs, e);
    uint32_t locked = xmm ? vs->xmm_locked : vs->gpr_locked;
    uint32_t keep = xmm ? vs->keep_xmm : vs->keep_gpr;
    /* (an entry retyped by i32.wrap_i64 must not take the i64 register: its high half) */
    bool same_type = e->loc == LOC_LOCAL && e->type == vs->local_types[e->local];
    if (reg >= 0 && vs_idle_reg(vs, xmm) < 0 && same_type && !(locked & (1u << reg)) &&
        !(keep & (1u << reg))) {
        /* no register to copy the local into: the entry takes the local's register (the
         * slot still holds the local), at no cost now and a load at its next use */
        take_register(vs, xmm, reg);
        if (xmm)
            vs->xmm_locked |= 1u << reg;
        else
            vs->gpr_locked |= 1u << reg;
    } else {
        /* the instruction will overwrite the register: copy, and the local keeps its own */
        if (reg >= 0) {
            if (xmm)
                vs->xmm_locked |= 1u << reg;
            else
                vs->gpr_locked |= 1u << reg;
        }
        int to = xmm ? vs_alloc_xmm(vs) : vs_alloc_gpr(vs);
        if (reg >= 0 && !(locked & (1u << reg)))
            vs_unlock(vs, xmm, reg);
        vs_emit_load(vs, e, to);
        reg = to;
    }
    if (e->loc == LOC_LOCAL)
        vs->local_refs--;
    e->loc = LOC_REG;
    e->reg = (uint8_t)reg;
    int32_t index = (int32_t)(e - vs->entries);
    if (xmm)
        vs->xmm_owner[reg] = index;
    else
        vs->gpr_owner[reg] = index;
    return reg;
}

void vs_claim_xmm(struct valstack *vs, int reg)
{
    bool was_locked = vs->xmm_locked & (1u << reg);
    int32_t cached = vs->xmm_cache[reg];
    vs->xmm_locked |= 1u << reg;
    take_register(vs, true, reg);
    int32_t owner = vs->xmm_owner[reg];
    if (owner < 0)
        return;
    struct vs_entry *e = &vs->entries[owner];
    int to = vs_alloc_xmm(vs);
    if (e->loc == LOC_REG && e->reg == reg) {   /* (unless the allocation spilled it) */
        x64_movaps_xmm_xmm(vs->buf, (enum x64_xmm)to, (enum x64_xmm)reg);
        vs->xmm_cache[to] = cached;
        e->reg = (uint8_t)to;
        vs->xmm_owner[to] = owner;
        vs->xmm_owner[reg] = -1;
        if (!was_locked)
            vs_unlock(vs, true, to);
    } else {
        vs_unlock(vs, true, to);
    }
}

/* Does entry `e` stand for a local whose value sits in the free register `reg`? */
static bool local_in_free_reg(const struct valstack *vs, const struct vs_entry *e, int reg)
{
    bool xmm = vs_is_float(e->type);
    return vs_cached_reg(vs, e) == reg && e->type == vs->local_types[e->local] &&
           (xmm ? vs->xmm_owner : vs->gpr_owner)[reg] < 0;
}

/* vs_to_gpr_fixed and vs_to_xmm_fixed. */
static void to_fixed(struct valstack *vs, uint32_t depth_from_top, bool xmm, int reg)
{
    struct vs_entry *e = vs_top(vs, depth_from_top);
    int32_t *owner = xmm ? vs->xmm_owner : vs->gpr_owner;
    if (e->loc == LOC_REG && e->reg == reg) {
        *(xmm ? &vs->xmm_locked : &vs->gpr_locked) |= 1u << reg;
        return;
    }
    if (local_in_free_reg(vs, e, reg)) {   /* the register already holds the value */
        *(xmm ? &vs->xmm_locked : &vs->gpr_locked) |= 1u << reg;
        take_register(vs, xmm, reg);
    } else {
        if (xmm)
            vs_claim_xmm(vs, reg);
        else
            vs_claim_gpr(vs, reg);
        vs_emit_load(vs, e, reg);
    }
    release(vs, e);
    e->loc = LOC_REG;
    e->reg = (uint8_t)reg;
    owner[reg] = (int32_t)(e - vs->entries);
}

void vs_to_gpr_fixed(struct valstack *vs, uint32_t depth_from_top, int reg)
{
    to_fixed(vs, depth_from_top, false, reg);
}

void vs_to_xmm_fixed(struct valstack *vs, uint32_t depth_from_top, int reg)
{
    to_fixed(vs, depth_from_top, true, reg);
}

void vs_detach_local(struct valstack *vs, uint32_t local)
{
    if (vs->local_refs == 0)
        return;
    for (uint32_t i = 0; i < vs->height; i++) {
        struct vs_entry *e = &vs->entries[i];
        if (e->loc == LOC_LOCAL && e->local == local)
            vs_spill_to_slot(vs, i);
    }
}
