/*
 * x64_int.c — integer arithmetic, comparisons, bit counts, shifts, division, sign
 * extension; and be_numeric, which routes every numeric opcode to its file.
 *
 * i32 values live zero-extended in 64-bit registers: every 32-bit x86 operation writes
 * its result that way, which memory addressing relies on. The x86-vs-wasm differences
 * handled here: idiv faults on INT_MIN / -1 (wasm: div_s traps "integer overflow",
 * rem_s gives 0), and division by zero must trap before the idiv. Shift counts are
 * masked by x86 exactly as wasm wants.
 */
#include "x64_backend.h"

static bool fits_simm32(uint64_t bits, bool w)
{
    if (!w)
        return true;
    int64_t s = (int64_t)bits;
    return s >= INT32_MIN && s <= INT32_MAX;
}

/* dst op= the entry `depth`: an immediate, a memory operand, or a register. */
static void alu_with(struct be *be, enum x64_alu op, bool w, enum x64_reg dst, uint32_t depth)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, depth);
    int cached = e->loc == LOC_LOCAL ? vs_cached_reg(vs, e) : -1;   /* (no call for the rest) */
    if (e->loc == LOC_CONST && op == X64_AND && w && e->bits == 0xFFFFFFFFull) {
        x64_mov_r_r(&be->buf, false, dst, dst);            /* zero-extends */
    } else if (e->loc == LOC_CONST && op == X64_CMP && (w ? e->bits : (uint32_t)e->bits) == 0) {
        x64_test_r_r(&be->buf, w, dst, dst);                /* same flags as cmp dst, 0 */
    } else if (e->loc == LOC_CONST && fits_simm32(e->bits, w)) {
        x64_alu_r_imm(&be->buf, op, w, dst, (int32_t)e->bits);
    } else if (e->loc == LOC_CONST) {
        x64_mov_r64_imm(&be->buf, X64_R11, e->bits);        /* a 64-bit immediate */
        x64_alu_r_r(&be->buf, op, w, dst, X64_R11);
    } else if (cached >= 0) {
        x64_alu_r_r(&be->buf, op, w, dst, (enum x64_reg)cached);
    } else if (e->loc == LOC_SLOT || e->loc == LOC_LOCAL) {
        x64_alu_r_m(&be->buf, op, w, dst, vs_entry_mem(vs, e));
    } else {
        x64_alu_r_r(&be->buf, op, w, dst, (enum x64_reg)vs_to_reg(vs, depth));
    }
}

/* Replace the top `n` entries by a register result. */
static void result(struct be *be, uint32_t n, uint8_t type, int reg)
{
    vs_pop(&be->vs, n);
    vs_push_reg(&be->vs, type, reg);
}

/* May the instruction write its result over entry `depth`'s register? */
static bool owned(struct be *be, uint32_t depth)
{
    return vs_may_overwrite(&be->vs, depth);
}

/* The constant `bits` as a disp32 added to a w-bit value, if it fits (an i32 always
 * does: lea r32 keeps only the low half). */
static bool as_disp(uint64_t bits, bool w, int32_t *disp)
{
    if (w && !fits_simm32(bits, true))
        return false;
    *disp = (int32_t)(uint32_t)bits;
    return true;
}

static void lea(struct be *be, bool w, enum x64_reg dst, struct x64_mem sum)
{
    if (w)
        x64_lea_r64_m(&be->buf, dst, sum);
    else
        x64_lea_r32_m(&be->buf, dst, sum);   /* the sum wraps at 32 bits, as wasm's */
}

/* a + b and a - const, where a is a register that must stay as it is (a local's):
 *     lea dst, [a + b]        lea dst, [a + const]        lea dst, [a - const]
 * into a fresh register: three operands, no copy of a. True if it applied. */
static bool add_by_lea(struct be *be, bool subtract, bool w, uint8_t type, uint32_t dst)
{
    struct valstack *vs = &be->vs;
    uint32_t src = 1 - dst;
    struct vs_entry *b = vs_top(vs, src);
    int32_t disp = 0;
    if (owned(be, dst))
        return false;                                   /* add in place */
    if (b->loc == LOC_CONST) {
        if (!as_disp(subtract ? 0 - b->bits : b->bits, w, &disp))
            return false;
    } else if (subtract || vs_cached_reg(vs, b) < 0) {
        return false;
    }
    int a = x64_peek_reg(be, dst);
    if (a < 0)
        return false;
    int index = b->loc == LOC_CONST ? X64_NOREG : x64_peek_reg(be, src);
    enum x64_reg r = (enum x64_reg)vs_alloc_gpr(vs);
    lea(be, w, r, x64_mem_index((enum x64_reg)a, (enum x64_reg)index, 1, disp));
    result(be, 2, type, r);
    return true;
}

static void binary_alu(struct be *be, enum x64_alu op, bool w, uint8_t type, bool commutative)
{
    struct valstack *vs = &be->vs;
    uint32_t dst = commutative ? vs_commutative_dest(vs) : 1;
    if ((op == X64_ADD || op == X64_SUB) && add_by_lea(be, op == X64_SUB, w, type, dst))
        return;
    if (op == X64_SUB && vs_top(vs, 1)->loc == LOC_CONST && vs_top(vs, 1)->bits == 0) {
        enum x64_reg r = (enum x64_reg)vs_to_reg(vs, 0);     /* 0 - x */
        x64_neg_r(&be->buf, w, r);
        result(be, 2, type, r);
        return;
    }
    enum x64_reg r = (enum x64_reg)vs_to_reg(vs, dst);
    alu_with(be, op, w, r, 1 - dst);
    result(be, 2, type, r);
}

/* a * k. 3, 5 and 9 are one lea [a + a*2/4/8] (so is 2 into a fresh register), powers
 * of two a shift, anything else imul; in a's register when the instruction may
 * overwrite it, else into a fresh one reading a where it is (a local's register, or
 * memory). */
static void multiply_const(struct be *be, bool w, uint8_t type, uint32_t dst, int32_t k)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    bool by_lea = k == 3 || k == 5 || k == 9;
    int shift = k > 1 && (k & (k - 1)) == 0 ? __builtin_ctz((uint32_t)k) : 0;
    int a = x64_peek_reg(be, dst);
    bool in_place = owned(be, dst);
    if (a < 0 && !by_lea && x64_in_memory(be, dst)) {   /* one imul from memory */
        enum x64_reg r = (enum x64_reg)vs_alloc_gpr(vs);
        x64_imul_r_m_imm(b, w, r, vs_entry_mem(vs, vs_top(vs, dst)), k);
        result(be, 2, type, r);
        return;
    }
    if (a < 0) {
        a = vs_to_reg(vs, dst);
        in_place = true;
    }
    enum x64_reg src = (enum x64_reg)a;
    enum x64_reg r = in_place ? src : (enum x64_reg)vs_alloc_gpr(vs);
    if (by_lea || (k == 2 && !in_place)) {                 /* [a + a*(k-1)] */
        lea(be, w, r, x64_mem_index(src, src, (uint8_t)(k - 1), 0));
    } else if (shift) {
        if (!in_place)
            x64_mov_r_r(b, w, r, src);
        x64_shift_r_imm(b, X64_SHL, w, r, (uint8_t)shift);
    } else {
        x64_imul_r_r_imm(b, w, r, src, k);
    }
    result(be, 2, type, r);
}

__attribute__((noinline)) static void multiply(struct be *be, bool w, uint8_t type)
{
    struct valstack *vs = &be->vs;
    uint32_t dst = vs_commutative_dest(vs), src = 1 - dst;
    struct vs_entry *e = vs_top(vs, src);
    if (e->loc == LOC_CONST && fits_simm32(e->bits, w)) {
        multiply_const(be, w, type, dst, (int32_t)e->bits);
        return;
    }
    enum x64_reg r = (enum x64_reg)vs_to_reg(vs, dst);
    int cached = vs_cached_reg(vs, e);
    if (cached >= 0)
        x64_imul_r_r(&be->buf, w, r, (enum x64_reg)cached);
    else if (e->loc == LOC_SLOT || e->loc == LOC_LOCAL)
        x64_imul_r_m(&be->buf, w, r, vs_entry_mem(vs, e));
    else
        x64_imul_r_r(&be->buf, w, r, (enum x64_reg)vs_to_reg(vs, src));
    result(be, 2, type, r);
}

/* The condition that holds for (b, a) when `cc` holds for (a, b). */
static enum x64_cc swap_cc(enum x64_cc cc)
{
    switch (cc) {
    case X64_CC_L:  return X64_CC_G;
    case X64_CC_G:  return X64_CC_L;
    case X64_CC_LE: return X64_CC_GE;
    case X64_CC_GE: return X64_CC_LE;
    case X64_CC_B:  return X64_CC_A;
    case X64_CC_A:  return X64_CC_B;
    case X64_CC_BE: return X64_CC_AE;
    case X64_CC_AE: return X64_CC_BE;
    default:        return cc;   /* e, ne */
    }
}

/* Comparison: cmp a, b, leaving the result in the flags (LOC_FLAGS): a br_if or if
 * right after jumps on them; anything else gets setcc + movzx. cmp only reads, so a
 * is read where it is — a local's register, or memory against a constant or a
 * register — and a constant a swaps sides. */
__attribute__((noinline)) static void compare(struct be *be, enum x64_cc cc, bool w)
{
    struct valstack *vs = &be->vs;
    uint32_t a = 1, b = 0;
    if (vs_top(vs, 1)->loc == LOC_CONST && vs_top(vs, 0)->loc != LOC_CONST) {
        a = 0;
        b = 1;
        cc = swap_cc(cc);
    }
    struct vs_entry *eb = vs_top(vs, b);
    int rb = eb->loc == LOC_CONST ? -1 : x64_peek_reg(be, b);
    if (x64_in_memory(be, a) && (rb >= 0 || (eb->loc == LOC_CONST && fits_simm32(eb->bits, w)))) {
        struct x64_mem mem = vs_entry_mem(vs, vs_top(vs, a));
        if (rb >= 0)
            x64_alu_m_r(&be->buf, X64_CMP, w, mem, (enum x64_reg)rb);
        else
            x64_alu_m_imm(&be->buf, X64_CMP, w, mem, (int32_t)eb->bits);
    } else {
        alu_with(be, X64_CMP, w, (enum x64_reg)x64_read_reg(be, a), b);
    }
    vs_pop_read_only(vs, 2);
    vs_push_flags(vs, cc);
}

__attribute__((noinline)) static void eqz(struct be *be, bool w)
{
    struct vs_entry *e = vs_top(&be->vs, 0);
    if (e->loc == LOC_FLAGS) {
        e->reg ^= 1;   /* flipping bit 0 negates an x86 condition */
        return;
    }
    if (x64_in_memory(be, 0)) {
        x64_alu_m_imm(&be->buf, X64_CMP, w, vs_entry_mem(&be->vs, e), 0);
    } else {
        enum x64_reg r = (enum x64_reg)x64_read_reg(be, 0);
        x64_test_r_r(&be->buf, w, r, r);
    }
    vs_pop_read_only(&be->vs, 1);
    vs_push_flags(&be->vs, X64_CC_E);
}

static void shift(struct be *be, enum x64_shift op, bool w, uint8_t type)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *count = vs_top(vs, 0);
    if (count->loc == LOC_CONST) {
        enum x64_reg r = (enum x64_reg)vs_to_reg(vs, 1);
        x64_shift_r_imm(&be->buf, op, w, r, (uint8_t)(count->bits & (w ? 63 : 31)));
        result(be, 2, type, r);
        return;
    }
    vs_to_gpr_fixed(vs, 0, X64_RCX);   /* first: it may move the value out of rcx */
    enum x64_reg r = (enum x64_reg)vs_to_reg(vs, 1);
    x64_shift_r_cl(&be->buf, op, w, r);
    result(be, 2, type, r);
}

/* div_s, div_u, rem_s, rem_u: dividend in rax, rdx clobbered. */
__attribute__((noinline)) static void divide(struct be *be, uint32_t op, bool w, uint8_t type)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    bool is_signed = op == OP_I32_DIV_S || op == OP_I32_REM_S || op == OP_I64_DIV_S || op == OP_I64_REM_S;
    bool is_rem = op == OP_I32_REM_S || op == OP_I32_REM_U || op == OP_I64_REM_S || op == OP_I64_REM_U;
    struct vs_entry *d = vs_top(vs, 0);
    bool known = d->loc == LOC_CONST;
    uint64_t divisor = w ? d->bits : (uint32_t)d->bits;
    uint64_t minus_one = w ? ~0ull : 0xFFFFFFFFull;

    vs_to_gpr_fixed(vs, 1, X64_RAX);
    vs_claim_gpr(vs, X64_RDX);
    enum x64_reg r = (enum x64_reg)vs_to_reg(vs, 0);
    if (!known || divisor == 0) {
        x64_test_r_r(b, w, r, r);
        x64_trap_if(be, X64_CC_E, WASM_TRAP_DIV_ZERO);
    }
    size_t done = 0, skip = 0;
    bool may_be_minus_one = is_signed && (!known || divisor == minus_one);
    if (may_be_minus_one) {
        x64_alu_r_imm(b, X64_CMP, w, r, -1);
        skip = x64_fwd_jcc(be, X64_CC_NE);
        if (is_rem) {
            x64_alu_r_r(b, X64_XOR, false, X64_RDX, X64_RDX);   /* INT_MIN % -1 = 0 */
            done = x64_fwd_jmp(be);
        } else {
            x64_alu_r_imm(b, X64_CMP, w, X64_RAX, 1);          /* overflows iff rax = INT_MIN */
            x64_trap_if(be, X64_CC_O, WASM_TRAP_INT_OVERFLOW);
        }
        x64_bind_here(be, skip);
    }
    if (is_signed) {
        if (w)
            x64_cqo(b);
        else
            x64_cdq(b);
        x64_idiv_r(b, w, r);
    } else {
        x64_alu_r_r(b, X64_XOR, false, X64_RDX, X64_RDX);
        x64_div_r(b, w, r);
    }
    if (may_be_minus_one && is_rem)
        x64_bind_here(be, done);
    result(be, 2, type, is_rem ? X64_RDX : X64_RAX);
}

/* For the `op dst, src` forms, which need not overwrite their operand: the operand read
 * where it is, and the register for the result (the operand's own if it may be
 * overwritten, else a fresh one). */
static enum x64_reg unary_regs(struct be *be, enum x64_reg *src)
{
    *src = (enum x64_reg)x64_read_reg(be, 0);
    return owned(be, 0) ? *src : (enum x64_reg)vs_alloc_gpr(&be->vs);
}

__attribute__((noinline)) static void bitcount(struct be *be, uint32_t op, bool w, uint8_t type)
{
    enum x64_reg a, r = unary_regs(be, &a);
    if (op == OP_I32_CLZ || op == OP_I64_CLZ)
        x64_lzcnt_r_r(&be->buf, w, r, a);
    else if (op == OP_I32_CTZ || op == OP_I64_CTZ)
        x64_tzcnt_r_r(&be->buf, w, r, a);
    else
        x64_popcnt_r_r(&be->buf, w, r, a);
    result(be, 1, type, r);
}

__attribute__((noinline)) static void sign_extend(struct be *be, uint32_t op)
{
    enum x64_reg a, r = unary_regs(be, &a);
    struct x64_buf *b = &be->buf;
    switch (op) {
    case OP_I32_EXTEND8_S:  x64_movsx_r32_r8(b, r, a); break;
    case OP_I32_EXTEND16_S: x64_movsx_r32_r16(b, r, a); break;
    case OP_I64_EXTEND8_S:  x64_movsx_r64_r8(b, r, a); break;
    case OP_I64_EXTEND16_S: x64_movsx_r64_r16(b, r, a); break;
    default:                x64_movsxd_r64_r32(b, r, a); break;
    }
    result(be, 1, op == OP_I32_EXTEND8_S || op == OP_I32_EXTEND16_S ? WASM_I32 : WASM_I64, r);
}

/* Condition codes of the comparisons, in opcode order from eq: eq ne lt_s lt_u gt_s
 * gt_u le_s le_u ge_s ge_u. */
static const enum x64_cc compare_cc[10] = {
    X64_CC_E, X64_CC_NE, X64_CC_L, X64_CC_B, X64_CC_G, X64_CC_A, X64_CC_LE, X64_CC_BE,
    X64_CC_GE, X64_CC_AE,
};

/* The dispatch. Every lowering it calls is a function of its own (those called from
 * here only are marked noinline), so that x64_int_op needs no stack frame and reaches
 * each one with a jump: it runs for every integer instruction. */
void x64_int_op(struct be *be, uint32_t op)
{
    bool w = op >= OP_I64_EQZ && op <= OP_I64_GE_U;
    if (op >= OP_I64_CLZ && op <= OP_I64_ROTR)
        w = true;
    uint8_t type = w ? WASM_I64 : WASM_I32;
    /* position of the op within its i32 or i64 group */
    uint32_t arith = w ? op - (OP_I64_CLZ - OP_I32_CLZ) : op;
    switch (op) {
    case OP_I32_EQZ: eqz(be, false); return;
    case OP_I64_EQZ: eqz(be, true); return;
    default: break;
    }
    if ((op >= OP_I32_EQ && op <= OP_I32_GE_U) || (op >= OP_I64_EQ && op <= OP_I64_GE_U)) {
        compare(be, compare_cc[op - (w ? OP_I64_EQ : OP_I32_EQ)], w);
        return;
    }
    if (op >= OP_I32_EXTEND8_S && op <= OP_I64_EXTEND32_S) {
        sign_extend(be, op);
        return;
    }
    switch (arith) {
    case OP_I32_CLZ: case OP_I32_CTZ: case OP_I32_POPCNT: bitcount(be, op, w, type); break;
    case OP_I32_ADD: binary_alu(be, X64_ADD, w, type, true); break;
    case OP_I32_SUB: binary_alu(be, X64_SUB, w, type, false); break;
    case OP_I32_MUL: multiply(be, w, type); break;
    case OP_I32_DIV_S: case OP_I32_DIV_U: case OP_I32_REM_S: case OP_I32_REM_U:
        divide(be, op, w, type);
        break;
    case OP_I32_AND: binary_alu(be, X64_AND, w, type, true); break;
    case OP_I32_OR:  binary_alu(be, X64_OR, w, type, true); break;
    case OP_I32_XOR: binary_alu(be, X64_XOR, w, type, true); break;
    case OP_I32_SHL:   shift(be, X64_SHL, w, type); break;
    case OP_I32_SHR_S: shift(be, X64_SAR, w, type); break;
    case OP_I32_SHR_U: shift(be, X64_SHR, w, type); break;
    case OP_I32_ROTL:  shift(be, X64_ROL, w, type); break;
    case OP_I32_ROTR:  shift(be, X64_ROR, w, type); break;
    default: break;
    }
}

void be_numeric(struct be *be, uint32_t op)
{
    if (op <= OP_I64_GE_U || (op >= OP_I32_CLZ && op <= OP_I64_ROTR) ||
        (op >= OP_I32_EXTEND8_S && op <= OP_I64_EXTEND32_S))
        x64_int_op(be, op);
    else if (op <= OP_F64_COPYSIGN)
        x64_float_op(be, op);
    else
        x64_convert_op(be, op);
}
