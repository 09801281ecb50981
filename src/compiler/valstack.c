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
 * Registers also hold locals. A local is in at most one register, never one a stack
 * entry owns, and is not written through: its register may be newer than its slot
 * ("dirty"), and is stored only when the register is needed for something else, before
 * calls, or where paths join and the other side does not keep it (x64_control.c). So a
 * register is in one of four states: free, owned by an entry, holding a clean local
 * (free to reuse at once), holding a dirty local (reusable after a store).
 */
#include "valstack.h"

#include "embed.h"

/* Allocation order: by register number, except that rcx and rdx come last because
 * shifts and divisions claim them (first() relies on exactly that). */
#define ALL_GPR (1u << X64_RAX | 1u << X64_RBX | 1u << X64_RSI | 1u << X64_RDI | \
                 1u << X64_R8 | 1u << X64_R9 | 1u << X64_R10 | 1u << X64_R12 | \
                 1u << X64_R13 | 1u << X64_RCX | 1u << X64_RDX)
#define ALL_XMM 0x7FFFu   /* xmm0..xmm14; xmm15 is the scratch */

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
    vs->dying_local = -1;
    vs->keep_gpr = 0;
    vs->keep_xmm = 0;
    for (int r = 0; r < 16; r++) {
        vs->gpr_owner[r] = -1;
        vs->xmm_owner[r] = -1;
    }
    vs->gpr_owned = 0;
    vs->xmm_owned = 0;
    vs_cache_forget(vs);
}

/* ------------------------------------------------------------------ register bookkeeping */

/* Entry `index` (-1: none) owns register `reg`. */
static void set_owner(struct valstack *vs, bool xmm, int reg, int32_t index)
{
    (xmm ? vs->xmm_owner : vs->gpr_owner)[reg] = index;
    uint32_t *owned = xmm ? &vs->xmm_owned : &vs->gpr_owned;
    *owned = index >= 0 ? *owned | 1u << reg : *owned & ~(1u << reg);
}

/* Register `reg` holds `local` (-1: none), dirty or not. */
static void set_local(struct valstack *vs, bool xmm, int reg, int32_t local, bool dirty)
{
    (xmm ? vs->locals.xmm : vs->locals.gpr)[reg] = local;
    uint32_t *held = xmm ? &vs->locals.xmm_held : &vs->locals.gpr_held;
    uint32_t *dirt = xmm ? &vs->locals.xmm_dirty : &vs->locals.gpr_dirty;
    *held = local >= 0 ? *held | 1u << reg : *held & ~(1u << reg);
    *dirt = local >= 0 && dirty ? *dirt | 1u << reg : *dirt & ~(1u << reg);
}

static void lock(struct valstack *vs, bool xmm, int reg)
{
    if (xmm)
        vs->xmm_locked |= 1u << reg;
    else
        vs->gpr_locked |= 1u << reg;
}

static bool is_locked(const struct valstack *vs, bool xmm, int reg)
{
    return ((xmm ? vs->xmm_locked : vs->gpr_locked) >> reg) & 1;
}

/* ------------------------------------------------------------------ locals in registers */

static bool local_is_float(const struct valstack *vs, uint32_t local)
{
    return vs_is_float(vs->local_types[local]);
}

bool vs_reg_dirty(const struct valstack *vs, bool xmm, int reg)
{
    return ((xmm ? vs->locals.xmm_dirty : vs->locals.gpr_dirty) >> reg) & 1;
}

void vs_emit_local_copy(struct valstack *vs, uint32_t local, int reg, bool to_slot)
{
    bool w = vs_is_wide(vs->local_types[local]);
    struct x64_mem mem = vs_local_mem(vs, local);
    if (local_is_float(vs, local) && to_slot)
        x64_sse_mov_m_xmm(vs->buf, w, mem, (enum x64_xmm)reg);
    else if (local_is_float(vs, local))
        x64_sse_mov_xmm_m(vs->buf, w, (enum x64_xmm)reg, mem);
    else if (to_slot)
        x64_mov_m_r(vs->buf, w, mem, (enum x64_reg)reg);
    else
        x64_mov_r_m(vs->buf, w, (enum x64_reg)reg, mem);
}

void vs_evict(struct valstack *vs, bool xmm, int reg)
{
    if (!(((xmm ? vs->locals.xmm_held : vs->locals.gpr_held) >> reg) & 1))
        return;
    int32_t local = (xmm ? vs->locals.xmm : vs->locals.gpr)[reg];
    if (vs_reg_dirty(vs, xmm, reg))
        vs_emit_local_copy(vs, (uint32_t)local, reg, true);
    set_local(vs, xmm, reg, -1, false);
}

void vs_cache_clear(struct valstack *vs)
{
    for (uint32_t m = vs->locals.gpr_held; m; m &= m - 1)
        vs_evict(vs, false, __builtin_ctz(m));
    for (uint32_t m = vs->locals.xmm_held; m; m &= m - 1)
        vs_evict(vs, true, __builtin_ctz(m));
}

void vs_cache_flush(struct valstack *vs)
{
    for (uint32_t m = vs->locals.gpr_dirty; m; m &= m - 1)
        vs_write_back(vs, false, __builtin_ctz(m));
    for (uint32_t m = vs->locals.xmm_dirty; m; m &= m - 1)
        vs_write_back(vs, true, __builtin_ctz(m));
}

void vs_write_back(struct valstack *vs, bool xmm, int reg)
{
    uint32_t *dirty = xmm ? &vs->locals.xmm_dirty : &vs->locals.gpr_dirty;
    if (!((*dirty >> reg) & 1))
        return;
    vs_emit_local_copy(vs, (uint32_t)(xmm ? vs->locals.xmm : vs->locals.gpr)[reg], reg, true);
    *dirty &= ~(1u << reg);
}

void vs_cache_forget(struct valstack *vs)
{
    for (int r = 0; r < 16; r++) {
        vs->locals.gpr[r] = -1;
        vs->locals.xmm[r] = -1;
    }
    vs->locals.gpr_held = vs->locals.xmm_held = 0;
    vs->locals.gpr_dirty = vs->locals.xmm_dirty = 0;
}

int vs_local_cached_reg(const struct valstack *vs, uint32_t local)
{
    bool xmm = local_is_float(vs, local);
    const int32_t *cache = xmm ? vs->locals.xmm : vs->locals.gpr;
    for (uint32_t m = xmm ? vs->locals.xmm_held : vs->locals.gpr_held; m; m &= m - 1)
        if (cache[__builtin_ctz(m)] == (int32_t)local)
            return __builtin_ctz(m);
    return -1;
}

int vs_cached_reg(const struct valstack *vs, const struct vs_entry *e)
{
    return e->loc == LOC_LOCAL ? vs_local_cached_reg(vs, e->local) : -1;
}

void vs_cache_drop_local(struct valstack *vs, uint32_t local)
{
    int reg = vs_local_cached_reg(vs, local);
    if (reg >= 0)
        set_local(vs, local_is_float(vs, local), reg, -1, false);
}

void vs_cache_set(struct valstack *vs, uint32_t local, int reg, bool dirty)
{
    bool xmm = local_is_float(vs, local);
    vs_cache_drop_local(vs, local);
    if ((xmm ? vs->locals.xmm : vs->locals.gpr)[reg] >= 0 && vs_reg_dirty(vs, xmm, reg))
        vs->broken = true;   /* another local's only copy was overwritten: our bug */
    set_local(vs, xmm, reg, (int32_t)local, dirty);
}

/* Register `reg` now holds an entry's value: it must have held no local's only copy. */
static void take_register(struct valstack *vs, bool xmm, int reg)
{
    if (!(((xmm ? vs->locals.xmm_held : vs->locals.gpr_held) >> reg) & 1))
        return;
    if (vs_reg_dirty(vs, xmm, reg))
        vs->broken = true;
    set_local(vs, xmm, reg, -1, false);
}

bool vs_grow(struct valstack *vs, uint32_t more)
{
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
    set_owner(vs, vs_is_float(type), reg, (int32_t)vs->height - 1);
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
        set_owner(vs, vs_is_float(e->type), e->reg, -1);
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
    vs_cache_set(vs, local, reg, true);
    e->loc = LOC_LOCAL;
    e->local = local;
    vs->local_refs++;
}

/* Is `e` a reference to the dying local, in its register, that may take it over? */
static bool dying(const struct valstack *vs, const struct vs_entry *e)
{
    return e->loc == LOC_LOCAL && (int32_t)e->local == vs->dying_local && vs->dying_refs == 1 &&
           e->type == vs->local_types[e->local] && vs_cached_reg(vs, e) >= 0;
}

void vs_local_dies(struct valstack *vs, uint32_t local)
{
    vs->dying_local = (int32_t)local;
    vs->dying_refs = 0;   /* more than one reference: the others still need the old value */
    for (uint32_t i = 0; i < vs->height && vs->local_refs > 0; i++)
        if (vs->entries[i].loc == LOC_LOCAL && vs->entries[i].local == local)
            vs->dying_refs++;
}

bool vs_may_overwrite(struct valstack *vs, uint32_t depth_from_top)
{
    struct vs_entry *e = vs_top(vs, depth_from_top);
    if (vs->dying_local >= 0 && dying(vs, e) && !is_locked(vs, vs_is_float(e->type), vs_cached_reg(vs, e)))
        vs_to_reg(vs, depth_from_top);   /* takes the dying local's register: no code */
    return e->loc == LOC_REG;
}

uint32_t vs_commutative_dest(struct valstack *vs)
{
    const struct vs_entry *a = vs_top(vs, 1), *b = vs_top(vs, 0);
    if (vs->dying_local >= 0 && dying(vs, a))
        return 1;
    if (vs->dying_local >= 0 && dying(vs, b))
        return 0;
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

void vs_unlock(struct valstack *vs, bool xmm, int reg)
{
    if (xmm)
        vs->xmm_locked &= ~(1u << reg);
    else
        vs->gpr_locked &= ~(1u << reg);
}

/* The deepest entry of the class held in an unlocked register, stored to its slot;
 * returns the register it freed, or -1 (every register is locked: a compiler bug).
 * Rare: kept out of line, so that alloc's usual path saves no registers. */
__attribute__((noinline)) static int spill_deepest(struct valstack *vs, bool xmm)
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

/* The first register of `mask` in allocation order, or -1. */
static int first(uint32_t mask, bool xmm)
{
    uint32_t late = xmm ? 0 : 1u << X64_RCX | 1u << X64_RDX;   /* see ALL_GPR */
    if (mask & ~late)
        return __builtin_ctz(mask & ~late);
    return mask ? __builtin_ctz(mask) : -1;
}

/* Registers of the class that no entry owns and the current instruction does not use. */
static uint32_t unused(const struct valstack *vs, bool xmm)
{
    return xmm ? ALL_XMM & ~vs->xmm_owned & ~vs->xmm_locked
               : ALL_GPR & ~vs->gpr_owned & ~vs->gpr_locked;
}

int vs_idle_reg(const struct valstack *vs, bool xmm)
{
    /* one the current loop's header does not keep a local in, if possible */
    uint32_t idle = unused(vs, xmm) & ~(xmm ? vs->locals.xmm_held : vs->locals.gpr_held);
    uint32_t keep = xmm ? vs->keep_xmm : vs->keep_gpr;
    return idle & ~keep ? first(idle & ~keep, xmm) : first(idle, xmm);
}

/* A register for a new value, locked. Cheapest first: a free one (not one the current
 * loop's header keeps a local in, if possible: its local may come back); one holding a
 * clean local; a dirty local (a store); the same two for locals the header keeps (a
 * reload on every trip back); last, the deepest entry's, spilled. */
static int alloc(struct valstack *vs, bool xmm)
{
    uint32_t avail = unused(vs, xmm);
    uint32_t held = xmm ? vs->locals.xmm_held : vs->locals.gpr_held;
    uint32_t dirty = xmm ? vs->locals.xmm_dirty : vs->locals.gpr_dirty;
    uint32_t keep = xmm ? vs->keep_xmm : vs->keep_gpr;
    uint32_t clean = held & ~dirty;
    uint32_t mask = avail & ~held & ~keep;
    if (!mask)
        mask = avail & ~held & keep;
    if (!mask)
        mask = avail & clean & ~keep;
    if (!mask)
        mask = avail & dirty & ~keep;
    if (!mask)
        mask = avail & clean & keep;
    if (!mask)
        mask = avail & dirty & keep;
    int pick = first(mask, xmm);
    if (pick >= 0 && ((held >> pick) & 1))
        vs_evict(vs, xmm, pick);
    else if (pick < 0)
        pick = spill_deepest(vs, xmm);
    if (pick < 0) {
        vs->broken = true;
        pick = xmm ? X64_XMM0 : X64_RAX;
    }
    lock(vs, xmm, pick);
    return pick;
}

int vs_alloc_gpr(struct valstack *vs) { return alloc(vs, false); }
int vs_alloc_xmm(struct valstack *vs) { return alloc(vs, true); }

/* vs_claim_gpr and vs_claim_xmm. */
static void claim(struct valstack *vs, bool xmm, int reg)
{
    bool was_locked = is_locked(vs, xmm, reg);
    lock(vs, xmm, reg);
    int32_t local = (xmm ? vs->locals.xmm : vs->locals.gpr)[reg];
    int idle = local >= 0 && vs_reg_dirty(vs, xmm, reg) ? vs_idle_reg(vs, xmm) : -1;
    if (idle >= 0) {
        /* a dirty local moves out of the way, into a free register (a clean one is
         * simply forgotten: its slot has it) */
        if (xmm)
            x64_movaps_xmm_xmm(vs->buf, (enum x64_xmm)idle, (enum x64_xmm)reg);
        else
            x64_mov_r_r(vs->buf, vs_is_wide(vs->local_types[local]), (enum x64_reg)idle, (enum x64_reg)reg);
        vs_cache_set(vs, (uint32_t)local, idle, vs_reg_dirty(vs, xmm, reg));
    } else {
        vs_evict(vs, xmm, reg);
    }
    int32_t owner = (xmm ? vs->xmm_owner : vs->gpr_owner)[reg];
    if (owner < 0)
        return;
    struct vs_entry *e = &vs->entries[owner];
    int to = alloc(vs, xmm);
    /* alloc may have spilled the owner itself (when it was the deepest). */
    if (e->loc == LOC_REG && e->reg == reg) {
        if (xmm)
            x64_movaps_xmm_xmm(vs->buf, (enum x64_xmm)to, (enum x64_xmm)reg);
        else
            x64_mov_r_r(vs->buf, true, (enum x64_reg)to, (enum x64_reg)reg);
        e->reg = (uint8_t)to;
        set_owner(vs, xmm, to, owner);
        set_owner(vs, xmm, reg, -1);
        if (!was_locked)
            vs_unlock(vs, xmm, to);
    } else {
        vs_unlock(vs, xmm, to);
    }
}

void vs_claim_gpr(struct valstack *vs, int reg) { claim(vs, false, reg); }
void vs_claim_xmm(struct valstack *vs, int reg) { claim(vs, true, reg); }

/* vs_to_reg for an entry not in a register of its own yet. Out of line, so that the
 * common case (it is) costs vs_to_reg no saving of registers. */
__attribute__((noinline)) static int load_to_reg(struct valstack *vs, struct vs_entry *e)
{
    bool xmm = vs_is_float(e->type);
    int reg = vs_cached_reg(vs, e);
    bool was_locked = reg >= 0 && is_locked(vs, xmm, reg);
    uint32_t keep = xmm ? vs->keep_xmm : vs->keep_gpr;
    /* (an entry retyped by i32.wrap_i64 must not take the i64 register: its high half) */
    bool same_type = e->loc == LOC_LOCAL && e->type == vs->local_types[e->local];
    if (reg >= 0 && !was_locked && dying(vs, e)) {
        /* the local is overwritten next: its register takes the result in place */
        vs_cache_drop_local(vs, e->local);
        lock(vs, xmm, reg);
    } else if (reg >= 0 && vs_idle_reg(vs, xmm) < 0 && same_type && !was_locked &&
               !((keep >> reg) & 1) && !vs_reg_dirty(vs, xmm, reg)) {
        /* no register to copy the local into: the entry takes the local's register (the
         * slot holds the local too), at no cost now and a load at its next use */
        take_register(vs, xmm, reg);
        lock(vs, xmm, reg);
    } else {
        /* the instruction will overwrite the register: copy, the local keeps its own */
        if (reg >= 0)
            lock(vs, xmm, reg);
        int to = alloc(vs, xmm);
        if (reg >= 0 && !was_locked)
            vs_unlock(vs, xmm, reg);
        vs_emit_load(vs, e, to);
        reg = to;
    }
    if (e->loc == LOC_LOCAL)
        vs->local_refs--;
    e->loc = LOC_REG;
    e->reg = (uint8_t)reg;
    set_owner(vs, xmm, reg, (int32_t)(e - vs->entries));
    return reg;
}

int vs_to_reg(struct valstack *vs, uint32_t depth_from_top)
{
    struct vs_entry *e = vs_top(vs, depth_from_top);
    if (e->loc != LOC_REG)
        return load_to_reg(vs, e);
    lock(vs, vs_is_float(e->type), e->reg);
    return e->reg;
}

/* Does entry `e` stand for a local whose value sits in the free register `reg`? */
static bool local_in_free_reg(const struct valstack *vs, const struct vs_entry *e, int reg)
{
    return vs_cached_reg(vs, e) == reg && e->type == vs->local_types[e->local];
}

/* vs_to_gpr_fixed and vs_to_xmm_fixed. */
static void to_fixed(struct valstack *vs, uint32_t depth_from_top, bool xmm, int reg)
{
    struct vs_entry *e = vs_top(vs, depth_from_top);
    if (e->loc == LOC_REG && e->reg == reg) {
        lock(vs, xmm, reg);
        return;
    }
    if (local_in_free_reg(vs, e, reg)) {
        /* the register already holds the value: the local leaves it (stored if dirty) */
        lock(vs, xmm, reg);
        vs_evict(vs, xmm, reg);
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
    set_owner(vs, xmm, reg, (int32_t)(e - vs->entries));
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
