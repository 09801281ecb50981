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
 * (An instruction that writes over its operand asks vs_to_reg, which copies a local's
 * register when another one is free.)
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

