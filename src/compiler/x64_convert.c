/*
 * x64_convert.c — conversions between number types.
 *
 * float -> int (trapping): x86's cvttss2si gives 0x80000000... on NaN and overflow, so
 * the input is range-checked first against exact bounds (NaN -> "invalid conversion to
 * integer", out of range -> "integer overflow"). Unsigned 64-bit results subtract 2^63
 * from large inputs and put the top bit back.
 * float -> int (saturating): the same shapes, with clamps instead of traps.
 * int -> float: unsigned 32-bit values are converted as (zero-extended) signed 64-bit;
 * unsigned 64-bit values with the top bit set are halved with the lost bit kept sticky
 * ("round to odd"), converted, and doubled, which rounds exactly once.
 */
#include "x64_backend.h"

/* Exclusive bounds of the valid inputs of each trapping conversion (as float bits):
 * inputs must satisfy lo < x < hi. */
struct trunc_bounds {
    uint64_t lo, hi;
};

static const struct trunc_bounds bounds_f32[4] = {      /* i32_s, i32_u, i64_s, i64_u */
    { 0xCF000001, 0x4F000000 }, { 0xBF800000, 0x4F800000 },
    { 0xDF000001, 0x5F000000 }, { 0xBF800000, 0x5F800000 },
};
static const struct trunc_bounds bounds_f64[4] = {
    { 0xC1E0000000200000ull, 0x41E0000000000000ull }, { 0xBFF0000000000000ull, 0x41F0000000000000ull },
    { 0xC3E0000000000001ull, 0x43E0000000000000ull }, { 0xBFF0000000000000ull, 0x43F0000000000000ull },
};

static const uint64_t two_63_f32 = 0x5F000000, two_63_f64 = 0x43E0000000000000ull;

static void cvtt(struct be *be, bool dbl, bool w, enum x64_reg r, enum x64_xmm x)
{
    if (dbl)
        x64_cvttsd2si_r_xmm(&be->buf, w, r, x);
    else
        x64_cvttss2si_r_xmm(&be->buf, w, r, x);
}

/* r = (u64) x for 0 <= x < 2^64 (x may be clobbered). */
static void cvtt_u64(struct be *be, bool dbl, enum x64_reg r, enum x64_xmm x)
{
    struct x64_buf *b = &be->buf;
    x64_load_fconst(be, dbl, dbl ? two_63_f64 : two_63_f32, VS_SCRATCH_XMM);
    x64_sse_ucomi_xmm_xmm(b, dbl, x, VS_SCRATCH_XMM);
    size_t big = x64_fwd_jcc(be, X64_CC_AE);
    cvtt(be, dbl, true, r, x);
    size_t done = x64_fwd_jmp(be);
    x64_bind_here(be, big);
    x64_sse_arith_xmm_xmm(b, X64_SSE_SUB, dbl, x, VS_SCRATCH_XMM);
    cvtt(be, dbl, true, r, x);
    x64_mov_r64_imm64(b, X64_R11, 0x8000000000000000ull);
    x64_alu_r_r(b, X64_XOR, true, r, X64_R11);
    x64_bind_here(be, done);
}

/* kind: 0 i32_s, 1 i32_u, 2 i64_s, 3 i64_u. */
static void trunc_trapping(struct be *be, bool dbl, int kind)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    const struct trunc_bounds *bounds = dbl ? &bounds_f64[kind] : &bounds_f32[kind];
    enum x64_xmm x = (enum x64_xmm)vs_to_reg(vs, 0);
    enum x64_reg r = (enum x64_reg)vs_alloc_gpr(vs);
    x64_sse_ucomi_xmm_xmm(b, dbl, x, x);
    x64_trap_if(be, X64_CC_P, WASM_TRAP_INVALID_CONVERSION);
    x64_load_fconst(be, dbl, bounds->lo, VS_SCRATCH_XMM);
    x64_sse_ucomi_xmm_xmm(b, dbl, x, VS_SCRATCH_XMM);
    x64_trap_if(be, X64_CC_BE, WASM_TRAP_INT_OVERFLOW);
    x64_load_fconst(be, dbl, bounds->hi, VS_SCRATCH_XMM);
    x64_sse_ucomi_xmm_xmm(b, dbl, x, VS_SCRATCH_XMM);
    x64_trap_if(be, X64_CC_AE, WASM_TRAP_INT_OVERFLOW);
    if (kind == 3)
        cvtt_u64(be, dbl, r, x);
    else
        cvtt(be, dbl, kind != 0, r, x);   /* i32_u: the 64-bit form, the low half is exact */
    vs_pop(vs, 1);
    vs_push_reg(vs, kind < 2 ? WASM_I32 : WASM_I64, r);
}

/* Saturating forms: NaN -> 0, below range -> min, above range -> max. */
static void trunc_saturating(struct be *be, bool dbl, int kind)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    enum x64_xmm x = (enum x64_xmm)vs_to_reg(vs, 0);
    enum x64_reg r = (enum x64_reg)vs_alloc_gpr(vs);
    bool w = kind >= 2;
    if (kind == 0 || kind == 2) {
        /* signed: the fast result is right unless it is INT_MIN */
        cvtt(be, dbl, w, r, x);
        x64_alu_r_imm(b, X64_CMP, w, r, 1);            /* OF iff r = INT_MIN */
        size_t done = x64_fwd_jcc(be, X64_CC_NO);
        x64_pxor_xmm_xmm(b, VS_SCRATCH_XMM, VS_SCRATCH_XMM);
        x64_sse_ucomi_xmm_xmm(b, dbl, x, VS_SCRATCH_XMM);
        size_t nan = x64_fwd_jcc(be, X64_CC_P);
        size_t negative = x64_fwd_jcc(be, X64_CC_B);   /* keep INT_MIN */
        x64_mov_r64_imm(b, r, w ? 0x7FFFFFFFFFFFFFFFull : 0x7FFFFFFFull);
        size_t done2 = x64_fwd_jmp(be);
        x64_bind_here(be, nan);
        x64_alu_r_r(b, X64_XOR, false, r, r);
        x64_bind_here(be, done);
        x64_bind_here(be, negative);
        x64_bind_here(be, done2);
    } else {
        /* unsigned: NaN and x <= 0 -> 0 (ucomis sets CF and ZF on NaN), x >= 2^N -> max */
        x64_pxor_xmm_xmm(b, VS_SCRATCH_XMM, VS_SCRATCH_XMM);
        x64_sse_ucomi_xmm_xmm(b, dbl, x, VS_SCRATCH_XMM);
        size_t zero = x64_fwd_jcc(be, X64_CC_BE);
        const struct trunc_bounds *bounds = dbl ? &bounds_f64[kind] : &bounds_f32[kind];
        x64_load_fconst(be, dbl, bounds->hi, VS_SCRATCH_XMM);
        x64_sse_ucomi_xmm_xmm(b, dbl, x, VS_SCRATCH_XMM);
        size_t max = x64_fwd_jcc(be, X64_CC_AE);
        if (kind == 3)
            cvtt_u64(be, dbl, r, x);
        else
            cvtt(be, dbl, true, r, x);
        size_t done = x64_fwd_jmp(be);
        x64_bind_here(be, zero);
        x64_alu_r_r(b, X64_XOR, false, r, r);
        size_t done2 = x64_fwd_jmp(be);
        x64_bind_here(be, max);
        if (w)
            x64_mov_r_imm32(b, true, r, -1);
        else
            x64_mov_r_imm32(b, false, r, -1);
        x64_bind_here(be, done);
        x64_bind_here(be, done2);
    }
    vs_pop(vs, 1);
    vs_push_reg(vs, w ? WASM_I64 : WASM_I32, r);
}

static void cvtsi(struct be *be, bool dbl, bool w, enum x64_xmm x, enum x64_reg r)
{
    if (dbl)
        x64_cvtsi2sd_xmm_r(&be->buf, w, x, r);
    else
        x64_cvtsi2ss_xmm_r(&be->buf, w, x, r);
}

/* int -> float. src64: the source is i64; is_unsigned. */
static void convert(struct be *be, bool dbl, bool src64, bool is_unsigned)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    enum x64_reg r = (enum x64_reg)vs_to_reg(vs, 0);
    enum x64_xmm x = (enum x64_xmm)vs_alloc_xmm(vs);
    x64_pxor_xmm_xmm(b, x, x);   /* cvtsi2ss merges into x: break the dependency */
    if (!src64) {
        cvtsi(be, dbl, is_unsigned, x, r);   /* u32: zero-extended, so exact as s64 */
    } else if (!is_unsigned) {
        cvtsi(be, dbl, true, x, r);
    } else {
        x64_test_r_r(b, true, r, r);
        size_t big = x64_fwd_jcc(be, X64_CC_S);
        cvtsi(be, dbl, true, x, r);
        size_t done = x64_fwd_jmp(be);
        x64_bind_here(be, big);
        x64_mov_r_r(b, true, X64_R11, r);
        x64_shift_r_imm(b, X64_SHR, true, X64_R11, 1);
        x64_alu_r_imm(b, X64_AND, false, r, 1);
        x64_alu_r_r(b, X64_OR, true, X64_R11, r);
        cvtsi(be, dbl, true, x, X64_R11);
        x64_sse_arith_xmm_xmm(b, X64_SSE_ADD, dbl, x, x);
        x64_bind_here(be, done);
    }
    vs_pop(vs, 1);
    vs_push_reg(vs, dbl ? WASM_F64 : WASM_F32, x);
}

/* Same bits, other register class. */
static void reinterpret(struct be *be, uint8_t to)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, 0);
    bool w = vs_is_wide(to);
    if (e->loc == LOC_CONST) {
        uint64_t bits = e->bits;
        vs_pop(vs, 1);
        vs_push_const(vs, to, bits);
        return;
    }
    int from = vs_to_reg(vs, 0);
    int r;
    if (vs_is_float(to)) {
        r = vs_alloc_xmm(vs);
        x64_movd_xmm_r(&be->buf, w, (enum x64_xmm)r, (enum x64_reg)from);
    } else {
        r = vs_alloc_gpr(vs);
        x64_movd_r_xmm(&be->buf, w, (enum x64_reg)r, (enum x64_xmm)from);
    }
    vs_pop(vs, 1);
    vs_push_reg(vs, to, r);
}

/* wrap, extend_u: a register move or nothing; extend_s: movsxd. */
static void int_resize(struct be *be, uint32_t op)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, 0);
    if (e->loc == LOC_CONST) {
        uint64_t v = e->bits;
        vs_pop(vs, 1);
        if (op == OP_I32_WRAP_I64)
            vs_push_const(vs, WASM_I32, (uint32_t)v);
        else if (op == OP_I64_EXTEND_I32_S)
            vs_push_const(vs, WASM_I64, (uint64_t)(int64_t)(int32_t)(uint32_t)v);
        else
            vs_push_const(vs, WASM_I64, (uint32_t)v);
        return;
    }
    if (op == OP_I32_WRAP_I64 && (e->loc == LOC_LOCAL || e->loc == LOC_SLOT)) {
        e->type = WASM_I32;   /* little-endian: the low half is the first 4 bytes */
        return;
    }
    enum x64_reg r = (enum x64_reg)vs_to_reg(vs, 0);
    if (op == OP_I32_WRAP_I64)
        x64_mov_r_r(&be->buf, false, r, r);
    else if (op == OP_I64_EXTEND_I32_S)
        x64_movsxd_r64_r32(&be->buf, r, r);
    /* extend_u: an i32 register is already zero-extended */
    vs_pop(vs, 1);
    vs_push_reg(vs, op == OP_I32_WRAP_I64 ? WASM_I32 : WASM_I64, r);
}

static void float_resize(struct be *be, bool to_f64)
{
    enum x64_xmm x = (enum x64_xmm)vs_to_reg(&be->vs, 0);
    if (to_f64)
        x64_cvtss2sd_xmm_xmm(&be->buf, x, x);
    else
        x64_cvtsd2ss_xmm_xmm(&be->buf, x, x);
    vs_pop(&be->vs, 1);
    vs_push_reg(&be->vs, to_f64 ? WASM_F64 : WASM_F32, x);
}

void x64_convert_op(struct be *be, uint32_t op)
{
    switch (op) {
    case OP_I32_WRAP_I64: case OP_I64_EXTEND_I32_S: case OP_I64_EXTEND_I32_U:
        int_resize(be, op);
        return;
    case OP_I32_TRUNC_F32_S: trunc_trapping(be, false, 0); return;
    case OP_I32_TRUNC_F32_U: trunc_trapping(be, false, 1); return;
    case OP_I32_TRUNC_F64_S: trunc_trapping(be, true, 0); return;
    case OP_I32_TRUNC_F64_U: trunc_trapping(be, true, 1); return;
    case OP_I64_TRUNC_F32_S: trunc_trapping(be, false, 2); return;
    case OP_I64_TRUNC_F32_U: trunc_trapping(be, false, 3); return;
    case OP_I64_TRUNC_F64_S: trunc_trapping(be, true, 2); return;
    case OP_I64_TRUNC_F64_U: trunc_trapping(be, true, 3); return;
    case OP_F32_CONVERT_I32_S: convert(be, false, false, false); return;
    case OP_F32_CONVERT_I32_U: convert(be, false, false, true); return;
    case OP_F32_CONVERT_I64_S: convert(be, false, true, false); return;
    case OP_F32_CONVERT_I64_U: convert(be, false, true, true); return;
    case OP_F64_CONVERT_I32_S: convert(be, true, false, false); return;
    case OP_F64_CONVERT_I32_U: convert(be, true, false, true); return;
    case OP_F64_CONVERT_I64_S: convert(be, true, true, false); return;
    case OP_F64_CONVERT_I64_U: convert(be, true, true, true); return;
    case OP_F32_DEMOTE_F64: float_resize(be, false); return;
    case OP_F64_PROMOTE_F32: float_resize(be, true); return;
    case OP_I32_REINTERPRET_F32: reinterpret(be, WASM_I32); return;
    case OP_I64_REINTERPRET_F64: reinterpret(be, WASM_I64); return;
    case OP_F32_REINTERPRET_I32: reinterpret(be, WASM_F32); return;
    case OP_F64_REINTERPRET_I64: reinterpret(be, WASM_F64); return;
    default:
        if (op >= OP_I32_TRUNC_SAT_F32_S && op <= OP_I64_TRUNC_SAT_F64_U) {
            uint32_t k = op - OP_I32_TRUNC_SAT_F32_S;   /* s/u alternate; f32/f64 pairs */
            int kind = (int)((k >= 4 ? 2 : 0) + (k & 1));
            trunc_saturating(be, (k & 2) != 0, kind);
        }
        return;
    }
}
