/*
 * x64_float.c — f32 and f64 arithmetic and comparisons on SSE scalar instructions.
 *
 * Floats live in xmm0-xmm14 (xmm15 is scratch). Where x86 differs from wasm:
 *   - minss/maxss return the second operand when either is NaN and do not order -0
 *     below +0: min/max branch on ucomiss to handle NaN (propagated by an add) and
 *     equal operands (or/and of the bits gives -0 for min, +0 for max);
 *   - abs, neg and copysign are bit operations on the sign, never arithmetic;
 *   - ordered comparisons jump on ucomiss's flags, which say "unordered" for NaN.
 * Arithmetic on a NaN gives a quiet NaN on x86, which is what wasm requires.
 */
#include "x64_backend.h"

static bool is_f64(uint32_t op)
{
    return (op >= OP_F64_EQ && op <= OP_F64_GE) || (op >= OP_F64_ABS && op <= OP_F64_COPYSIGN);
}

/* ------------------------------------------------------------------ constant pool */

struct x64_mem x64_pool_mem(struct be *be, uint64_t bits, uint32_t *entry)
{
    uint32_t n = be->pool.count;
    uint32_t i = n > 32 ? n - 32 : 0;   /* reuse a recent equal constant */
    while (i < n && be->pool.items[i] != bits)
        i++;
    if (i == n)
        X64_PUSH(be, be->pool, bits);
    *entry = i;
    return x64_mem_rip();
}

void x64_pool_used(struct be *be, uint32_t entry)
{
    struct x64_pool_use use = { (uint32_t)be->buf.rip_field, entry };
    X64_PUSH(be, be->pool_uses, use);
}

void x64_load_fconst(struct be *be, bool dbl, uint64_t bits, enum x64_xmm xmm)
{
    uint32_t entry;
    struct x64_mem mem = x64_pool_mem(be, bits, &entry);
    x64_sse_mov_xmm_m(&be->buf, dbl, xmm, mem);
    x64_pool_used(be, entry);
}

static void result(struct be *be, uint32_t n, uint8_t type, int reg)
{
    vs_pop(&be->vs, n);
    vs_push_reg(&be->vs, type, reg);
}

/* Where an SSE instruction reads entry `depth` from when it does not write it: a
 * register (`reg`), else memory — the entry's slot, or its constant in the pool
 * (`pool` is the pool entry to record once the instruction is emitted, else -1). */
struct sse_source {
    int reg;
    struct x64_mem mem;
    int64_t pool;
};

static struct sse_source source(struct be *be, uint32_t depth, bool dbl)
{
    struct vs_entry *e = vs_top(&be->vs, depth);
    struct sse_source s = { x64_peek_reg(be, depth), x64_mem_rip(), -1 };
    if (s.reg >= 0)
        return s;
    if (x64_in_memory(be, depth)) {
        s.mem = vs_entry_mem(&be->vs, e);
    } else if (e->loc == LOC_CONST) {
        uint32_t entry;
        s.mem = x64_pool_mem(be, dbl ? e->bits : (uint32_t)e->bits, &entry);
        s.pool = entry;
    } else {
        s.reg = vs_to_reg(&be->vs, depth);
    }
    return s;
}

static void source_used(struct be *be, struct sse_source s)
{
    if (s.pool >= 0)
        x64_pool_used(be, (uint32_t)s.pool);
}

/* a op= b. For add and mul, whichever operand is a register the instruction may
 * overwrite becomes a (x86 then returns that operand's NaN when both are NaNs: wasm
 * allows either); b is read where it is. */
static void arith(struct be *be, enum x64_sse_op op, bool dbl, bool commutative)
{
    uint32_t dst = commutative ? vs_commutative_dest(&be->vs) : 1;
    enum x64_xmm a = (enum x64_xmm)vs_to_reg(&be->vs, dst);
    struct sse_source b = source(be, 1 - dst, dbl);
    if (b.reg >= 0)
        x64_sse_arith_xmm_xmm(&be->buf, op, dbl, a, (enum x64_xmm)b.reg);
    else
        x64_sse_arith_xmm_m(&be->buf, op, dbl, a, b.mem);
    source_used(be, b);
    result(be, 2, dbl ? WASM_F64 : WASM_F32, a);
}

/*     ucomiss a, b
 *     jp   nan            ; either is NaN: a + b is a quiet NaN
 *     jne  ordinary
 *     orps a, b           ; equal: -0 | +0 = -0 (min); andps gives +0 (max)
 *     jmp  done
 * ordinary: minss a, b
 *     jmp  done
 * nan: addss a, b
 * done: */
static void min_max(struct be *be, bool is_max, bool dbl)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    enum x64_xmm x = (enum x64_xmm)vs_to_reg(vs, 1);
    enum x64_xmm y = (enum x64_xmm)vs_to_reg(vs, 0);
    x64_sse_ucomi_xmm_xmm(b, dbl, x, y);
    size_t nan = x64_fwd_jcc(be, X64_CC_P);
    size_t ordinary = x64_fwd_jcc(be, X64_CC_NE);
    x64_sse_logic_xmm_xmm(b, is_max ? X64_SSE_AND : X64_SSE_OR, dbl, x, y);
    size_t done1 = x64_fwd_jmp(be);
    x64_bind_here(be, ordinary);
    x64_sse_arith_xmm_xmm(b, is_max ? X64_SSE_MAX : X64_SSE_MIN, dbl, x, y);
    size_t done2 = x64_fwd_jmp(be);
    x64_bind_here(be, nan);
    x64_sse_arith_xmm_xmm(b, X64_SSE_ADD, dbl, x, y);
    x64_bind_here(be, done1);
    x64_bind_here(be, done2);
    result(be, 2, dbl ? WASM_F64 : WASM_F32, x);
}

static uint64_t sign_mask(bool dbl) { return dbl ? 0x8000000000000000ull : 0x80000000ull; }

/* abs: and with ~sign; neg: xor with sign. */
static void sign_op(struct be *be, bool neg, bool dbl)
{
    enum x64_xmm x = (enum x64_xmm)vs_to_reg(&be->vs, 0);
    uint64_t mask = neg ? sign_mask(dbl) : (dbl ? ~sign_mask(true) : 0x7FFFFFFFull);
    x64_load_fconst(be, dbl, mask, VS_SCRATCH_XMM);
    x64_sse_logic_xmm_xmm(&be->buf, neg ? X64_SSE_XOR : X64_SSE_AND, dbl, x, VS_SCRATCH_XMM);
    result(be, 1, dbl ? WASM_F64 : WASM_F32, x);
}

/* copysign(a, b) = (b & sign) | (a & ~sign), built in b's register. */
static void float_copysign(struct be *be, bool dbl)
{
    struct x64_buf *b = &be->buf;
    enum x64_xmm x = (enum x64_xmm)vs_to_reg(&be->vs, 1);
    enum x64_xmm y = (enum x64_xmm)vs_to_reg(&be->vs, 0);
    x64_load_fconst(be, dbl, sign_mask(dbl), VS_SCRATCH_XMM);
    x64_sse_logic_xmm_xmm(b, X64_SSE_AND, dbl, y, VS_SCRATCH_XMM);
    x64_sse_logic_xmm_xmm(b, X64_SSE_ANDN, dbl, VS_SCRATCH_XMM, x);
    x64_sse_logic_xmm_xmm(b, X64_SSE_OR, dbl, y, VS_SCRATCH_XMM);
    result(be, 2, dbl ? WASM_F64 : WASM_F32, y);
}

/* sqrt and the roundings write a register of their own: the operand is read where it
 * is (into the operand's register when that may be overwritten). */
static void unary(struct be *be, uint32_t op, bool dbl)
{
    enum x64_xmm a = (enum x64_xmm)x64_read_reg(be, 0);
    enum x64_xmm x = vs_top(&be->vs, 0)->loc == LOC_REG ? a : (enum x64_xmm)vs_alloc_xmm(&be->vs);
    uint32_t k = dbl ? op - (OP_F64_ABS - OP_F32_ABS) : op;
    if (k == OP_F32_SQRT)
        x64_sse_arith_xmm_xmm(&be->buf, X64_SSE_SQRT, dbl, x, a);
    else
        x64_sse_round_xmm_xmm(&be->buf, dbl, x, a,
                              k == OP_F32_CEIL ? X64_ROUND_CEIL :
                              k == OP_F32_FLOOR ? X64_ROUND_FLOOR :
                              k == OP_F32_TRUNC ? X64_ROUND_TRUNC : X64_ROUND_NEAREST);
    result(be, 1, dbl ? WASM_F64 : WASM_F32, x);
}

/* eq ne lt gt le ge. The four orderings leave their result in the flags (LOC_FLAGS) for
 * a following br_if/if: ucomiss sets CF and ZF on NaN, so "above" and "above or equal"
 * are false then, as wasm wants:
 *     a > b: ucomiss a, b ; ja        a >= b: ucomiss a, b ; jae
 *     a < b: ucomiss b, a ; ja        a <= b: ucomiss b, a ; jae
 * eq and ne also need the parity flag, so they use cmpss (false on NaN except neq) and
 * turn its all-ones/all-zeros mask into 1/0. */
static void compare(struct be *be, uint32_t k, bool dbl)
{
    struct valstack *vs = &be->vs;
    if (k >= 2) {
        uint32_t first = k == 2 || k == 4 ? 0 : 1;   /* lt, le: swapped */
        enum x64_xmm x = (enum x64_xmm)x64_read_reg(be, first);
        struct sse_source y = source(be, 1 - first, dbl);
        if (y.reg >= 0)
            x64_sse_ucomi_xmm_xmm(&be->buf, dbl, x, (enum x64_xmm)y.reg);
        else
            x64_sse_ucomi_xmm_m(&be->buf, dbl, x, y.mem);
        source_used(be, y);
        vs_pop_read_only(vs, 2);
        vs_push_flags(vs, k <= 3 ? X64_CC_A : X64_CC_AE);
        return;
    }
    enum x64_xmm a = (enum x64_xmm)vs_to_reg(vs, 1);
    enum x64_xmm c = (enum x64_xmm)vs_to_reg(vs, 0);
    x64_sse_cmp_xmm_xmm(&be->buf, dbl, a, c, k == 0 ? X64_SSE_CMP_EQ : X64_SSE_CMP_NEQ);
    enum x64_reg r = (enum x64_reg)vs_alloc_gpr(vs);
    x64_movd_r_xmm(&be->buf, false, r, a);
    x64_alu_r_imm(&be->buf, X64_AND, false, r, 1);
    result(be, 2, WASM_I32, r);
}

void x64_float_op(struct be *be, uint32_t op)
{
    bool dbl = is_f64(op);
    if (op >= OP_F32_EQ && op <= OP_F64_GE) {
        compare(be, op - (dbl ? OP_F64_EQ : OP_F32_EQ), dbl);
        return;
    }
    uint32_t k = dbl ? op - (OP_F64_ABS - OP_F32_ABS) : op;
    switch (k) {
    case OP_F32_ABS:      sign_op(be, false, dbl); break;
    case OP_F32_NEG:      sign_op(be, true, dbl); break;
    case OP_F32_ADD:      arith(be, X64_SSE_ADD, dbl, true); break;
    case OP_F32_SUB:      arith(be, X64_SSE_SUB, dbl, false); break;
    case OP_F32_MUL:      arith(be, X64_SSE_MUL, dbl, true); break;
    case OP_F32_DIV:      arith(be, X64_SSE_DIV, dbl, false); break;
    case OP_F32_MIN:      min_max(be, false, dbl); break;
    case OP_F32_MAX:      min_max(be, true, dbl); break;
    case OP_F32_COPYSIGN: float_copysign(be, dbl); break;
    default:              unary(be, op, dbl); break;   /* ceil floor trunc nearest sqrt */
    }
}
