/*
 * x64_operand.c — where an instruction can read an operand without moving it.
 *
 * Most x86 instructions overwrite their first operand, so a lowering asks the value
 * stack for a register it owns (vs_to_reg), and that costs a copy when the value is a
 * local whose register must go on holding the local (the loop header expects it there,
 * or it will be read again). An instruction that only reads a value — a compare, a
 * store, the sources of lea, of a three-operand imul or of a conversion — needs no
 * copy: it reads the register that caches the local, or the local's frame slot, where
 * they are. The register is locked for the instruction and keeps caching the local.
 *
 * An instruction that writes its result over an operand gets a register to write from
 * x64_dst_reg, which copies the value first when its register holds a local that is
 * worth keeping (a local.tee's value, or a local cached since it was last written) and
 * an idle register is at hand: the copy is a register move, which costs no latency,
 * while a later local.get of the lost local would load it back from its slot.
 */
#include "x64_backend.h"

int x64_peek_reg(struct be *be, uint32_t depth)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, depth);
    int reg;
    if (e->loc == LOC_REG)
        reg = e->reg;
    else if ((reg = vs_cached_reg(vs, e)) < 0)
        return -1;
    if (vs_is_float(e->type))
        vs->xmm_locked |= 1u << reg;
    else
        vs->gpr_locked |= 1u << reg;
    return reg;
}

int x64_read_reg(struct be *be, uint32_t depth)
{
    int reg = x64_peek_reg(be, depth);
    return reg >= 0 ? reg : vs_to_reg(&be->vs, depth);
}

bool x64_in_memory(struct be *be, uint32_t depth)
{
    struct vs_entry *e = vs_top(&be->vs, depth);
    return (e->loc == LOC_SLOT || e->loc == LOC_LOCAL) && vs_cached_reg(&be->vs, e) < 0;
}

/* Would writing over entry `depth`'s register lose a local it caches that an idle
 * register could keep? */
static bool worth_keeping(struct be *be, uint32_t depth)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, depth);
    bool xmm = vs_is_float(e->type);
    int reg = e->loc == LOC_REG ? e->reg : vs_cached_reg(vs, e);
    if (reg < 0 || (xmm ? vs->xmm_cache : vs->gpr_cache)[reg] < 0)
        return false;
    return vs_idle_reg(vs, xmm) >= 0;
}

bool x64_may_overwrite(struct be *be, uint32_t depth)
{
    return vs_top(&be->vs, depth)->loc == LOC_REG && !worth_keeping(be, depth);
}

int x64_dst_reg(struct be *be, uint32_t depth)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, depth);
    if (!worth_keeping(be, depth))
        return vs_to_reg(vs, depth);
    int from = x64_peek_reg(be, depth);
    if (vs_is_float(e->type)) {
        int reg = vs_alloc_xmm(vs);
        x64_movaps_xmm_xmm(&be->buf, (enum x64_xmm)reg, (enum x64_xmm)from);
        return reg;
    }
    int reg = vs_alloc_gpr(vs);
    x64_mov_r_r(&be->buf, vs_is_wide(e->type), (enum x64_reg)reg, (enum x64_reg)from);
    return reg;
}

void x64_result(struct be *be, uint32_t n, uint8_t type, int reg)
{
    /* Every operand register but `reg` was only read, so it keeps the local it caches;
     * pushing the result makes `reg` forget its own. */
    vs_pop_read_only(&be->vs, n);
    vs_push_reg(&be->vs, type, reg);
}
