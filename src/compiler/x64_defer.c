/*
 * x64_defer.c — the one instruction whose code waits for the next wasm instruction.
 *
 * `i32.and x, imm` and the i32 loads often feed nothing but a condition (`br_if`, `if`,
 * `select`, `i32.eqz`), which needs to know whether the value is zero, not the value:
 * `test x, imm` and `cmp byte [m], 0` set the flags without computing it. A single pass
 * does not see the next instruction, so such a lowering allocates its result's
 * register, pushes the result, and leaves the instruction here instead of emitting it.
 * be_instr, which knows the next opcode, calls x64_flush_deferred first of all: before
 * a condition the flag-setting form is emitted and the entry becomes LOC_FLAGS
 * ("nonzero"); before anything else the ordinary form fills the register. Nothing
 * runs in between, so the registers and the address the record names still hold what
 * they held (they stay locked until be_instr unlocks them, after the flush).
 */
#include "x64_backend.h"

void x64_defer_and(struct be *be, enum x64_reg dst, enum x64_reg src, int32_t mask)
{
    struct x64_deferred d = { X64_DEFER_AND, (uint8_t)dst, (uint8_t)src, 0, mask, x64_mem_rip() };
    be->deferred = d;
}

void x64_defer_load(struct be *be, uint32_t op, enum x64_reg dst, struct x64_mem mem)
{
    struct x64_deferred d = { X64_DEFER_LOAD, (uint8_t)dst, 0, op, 0, mem };
    be->deferred = d;
}

/* Does `op` only ask whether the top entry is zero? */
static bool tests_top(uint32_t op)
{
    return op == OP_BR_IF || op == OP_IF || op == OP_I32_EQZ || op == OP_SELECT ||
           op == OP_SELECT_T;
}

void x64_flush_deferred(struct be *be, uint32_t next_op)
{
    struct x64_deferred d = be->deferred;
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    enum x64_reg r = (enum x64_reg)d.dst;
    if (d.kind == X64_DEFER_NONE)
        return;
    be->deferred.kind = X64_DEFER_NONE;
    struct vs_entry *top = vs->height ? vs_top(vs, 0) : NULL;
    if (!top || top->loc != LOC_REG || top->reg != d.dst) {
        vs->broken = true;   /* our bug: the deferred result is not on top */
        return;
    }
    if (!tests_top(next_op)) {
        if (d.kind == X64_DEFER_LOAD) {
            x64_load_into(be, d.op, r, d.mem);
        } else {
            if (d.src != d.dst)
                x64_mov_r_r(b, false, r, (enum x64_reg)d.src);
            x64_alu_r_imm(b, X64_AND, false, r, d.imm);
        }
        return;
    }
    if (d.kind == X64_DEFER_LOAD)
        x64_load_test(be, d.op, d.mem);
    else
        x64_test_r_imm32(b, false, (enum x64_reg)d.src, d.imm);
    vs_pop(vs, 1);
    vs_push_flags(vs, X64_CC_NE);
}
