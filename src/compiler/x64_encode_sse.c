/* x64_encode_sse.c — the SSE instructions wasm's f32 and f64 need: scalar
 * moves, arithmetic, compares, bitwise logic (for abs, neg, copysign),
 * rounding and conversions.
 *
 * SSE reuses one opcode map and tells the data type by a mandatory prefix:
 *   none = packed single (ps)   66 = packed double (pd)
 *   F3   = scalar single (ss)   F2 = scalar double (sd)
 * The prefix comes before REX, which comes right before 0F. `dbl` picks the
 * double-precision prefix; `w` (REX.W) makes the integer side 64-bit.
 * XMM numbers share the REX.R/REX.B extension bits with general registers.
 */
#include "x64_encode.h"

/* Mandatory prefix of a scalar operation: F2 for sd, F3 for ss. */
static uint8_t scalar_prefix(bool dbl)
{
    return dbl ? 0xF2 : 0xF3;
}

/* Mandatory prefix of a packed operation: 66 for pd, none for ps. */
static uint8_t packed_prefix(bool dbl)
{
    return dbl ? 0x66 : 0;
}

/* ---------------------------------------------------------------- moves */

/* F3 0F 10 /r  MOVSS xmm, m32     F2 0F 10 /r  MOVSD xmm, m64 */
void x64_sse_mov_xmm_m(struct x64_buf *buf, bool dbl, enum x64_xmm dst, struct x64_mem src)
{
    x64_insn_r_m(buf, scalar_prefix(dbl), false, 0x0F10, dst, src, false);
}

/* F3 0F 11 /r  MOVSS m32, xmm     F2 0F 11 /r  MOVSD m64, xmm */
void x64_sse_mov_m_xmm(struct x64_buf *buf, bool dbl, struct x64_mem dst, enum x64_xmm src)
{
    x64_insn_r_m(buf, scalar_prefix(dbl), false, 0x0F11, src, dst, false);
}

/* F3 0F 10 /r  MOVSS xmm, xmm     F2 0F 10 /r  MOVSD xmm, xmm
 * (merges into the low lane only; movaps copies the whole register) */
void x64_sse_mov_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, scalar_prefix(dbl), false, 0x0F10, dst, src, false);
}

/* 0F 28 /r  MOVAPS xmm, xmm */
void x64_movaps_xmm_xmm(struct x64_buf *buf, enum x64_xmm dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, 0, false, 0x0F28, dst, src, false);
}

/* 66 0F 6E /r  MOVD xmm, r32     66 REX.W 0F 6E /r  MOVQ xmm, r64 */
void x64_movd_xmm_r(struct x64_buf *buf, bool w, enum x64_xmm dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0x66, w, 0x0F6E, dst, src, false);
}

/* 66 0F 7E /r  MOVD r32, xmm     66 REX.W 0F 7E /r  MOVQ r64, xmm */
void x64_movd_r_xmm(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, 0x66, w, 0x0F7E, src, dst, false);
}

/* ----------------------------------------------------------- arithmetic */

/* F3 0F op /r  ADDSS/SUBSS/MULSS/DIVSS/MINSS/MAXSS/SQRTSS xmm, xmm
 * F2 0F op /r  the same for sd */
void x64_sse_arith_xmm_xmm(struct x64_buf *buf, enum x64_sse_op op, bool dbl, enum x64_xmm dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, scalar_prefix(dbl), false, 0x0F00u + op, dst, src, false);
}

/* F3 0F op /r  OPSS xmm, m32     F2 0F op /r  OPSD xmm, m64 */
void x64_sse_arith_xmm_m(struct x64_buf *buf, enum x64_sse_op op, bool dbl, enum x64_xmm dst, struct x64_mem src)
{
    x64_insn_r_m(buf, scalar_prefix(dbl), false, 0x0F00u + op, dst, src, false);
}

/* 0F 2E /r  UCOMISS xmm, xmm     66 0F 2E /r  UCOMISD xmm, xmm
 * Sets ZF, PF, CF like an unsigned compare; unordered (NaN) sets all three. */
void x64_sse_ucomi_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm a, enum x64_xmm b)
{
    x64_insn_r_r(buf, packed_prefix(dbl), false, 0x0F2E, a, b, false);
}

/* 0F 2E /r  UCOMISS xmm, m32     66 0F 2E /r  UCOMISD xmm, m64 */
void x64_sse_ucomi_xmm_m(struct x64_buf *buf, bool dbl, enum x64_xmm a, struct x64_mem b)
{
    x64_insn_r_m(buf, packed_prefix(dbl), false, 0x0F2E, a, b, false);
}

/* 0F 2F /r  COMISS xmm, xmm      66 0F 2F /r  COMISD xmm, xmm
 * As ucomis*, but signals invalid on quiet NaNs too. */
void x64_sse_comi_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm a, enum x64_xmm b)
{
    x64_insn_r_r(buf, packed_prefix(dbl), false, 0x0F2F, a, b, false);
}

/* F3 0F C2 /r ib  CMPSS xmm, xmm, pred     F2 0F C2 /r ib  CMPSD xmm, xmm, pred */
void x64_sse_cmp_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm dst, enum x64_xmm src, enum x64_sse_cmp pred)
{
    x64_insn_r_r(buf, scalar_prefix(dbl), false, 0x0FC2, dst, src, false);
    x64_emit8(buf, (uint8_t)pred);
}

/* ---------------------------------------------------------------- logic */

/* 0F op /r  ANDPS/ANDNPS/ORPS/XORPS xmm, xmm     66 0F op /r  the pd forms */
void x64_sse_logic_xmm_xmm(struct x64_buf *buf, enum x64_sse_logic op, bool dbl, enum x64_xmm dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, packed_prefix(dbl), false, 0x0F00u + op, dst, src, false);
}

/* 0F op /r  ANDPS... xmm, m128   66 0F op /r  ANDPD... xmm, m128
 * (the operand must be 16-byte aligned) */
void x64_sse_logic_xmm_m(struct x64_buf *buf, enum x64_sse_logic op, bool dbl, enum x64_xmm dst, struct x64_mem src)
{
    x64_insn_r_m(buf, packed_prefix(dbl), false, 0x0F00u + op, dst, src, false);
}

/* 66 0F EF /r  PXOR xmm, xmm */
void x64_pxor_xmm_xmm(struct x64_buf *buf, enum x64_xmm dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, 0x66, false, 0x0FEF, dst, src, false);
}

/* 66 0F 3A 0A /r ib  ROUNDSS xmm, xmm, imm8     66 0F 3A 0B /r ib  ROUNDSD
 * (SSE4.1) */
void x64_sse_round_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm dst, enum x64_xmm src, enum x64_round mode)
{
    x64_insn_r_r(buf, 0x66, false, dbl ? 0x0F3A0B : 0x0F3A0A, dst, src, false);
    x64_emit8(buf, (uint8_t)mode);
}

/* ---------------------------------------------------------- conversions */

/* F3 0F 2A /r  CVTSI2SS xmm, r32     F3 REX.W 0F 2A /r  CVTSI2SS xmm, r64 */
void x64_cvtsi2ss_xmm_r(struct x64_buf *buf, bool w, enum x64_xmm dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0xF3, w, 0x0F2A, dst, src, false);
}

/* F2 0F 2A /r  CVTSI2SD xmm, r32     F2 REX.W 0F 2A /r  CVTSI2SD xmm, r64 */
void x64_cvtsi2sd_xmm_r(struct x64_buf *buf, bool w, enum x64_xmm dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0xF2, w, 0x0F2A, dst, src, false);
}

/* F3 0F 2C /r  CVTTSS2SI r32, xmm    F3 REX.W 0F 2C /r  CVTTSS2SI r64, xmm
 * NaN and out-of-range give the "integer indefinite" 0x80000000(00000000) */
void x64_cvttss2si_r_xmm(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, 0xF3, w, 0x0F2C, dst, src, false);
}

/* F2 0F 2C /r  CVTTSD2SI r32, xmm    F2 REX.W 0F 2C /r  CVTTSD2SI r64, xmm */
void x64_cvttsd2si_r_xmm(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, 0xF2, w, 0x0F2C, dst, src, false);
}

/* F3 0F 5A /r  CVTSS2SD xmm, xmm */
void x64_cvtss2sd_xmm_xmm(struct x64_buf *buf, enum x64_xmm dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, 0xF3, false, 0x0F5A, dst, src, false);
}

/* F2 0F 5A /r  CVTSD2SS xmm, xmm */
void x64_cvtsd2ss_xmm_xmm(struct x64_buf *buf, enum x64_xmm dst, enum x64_xmm src)
{
    x64_insn_r_r(buf, 0xF2, false, 0x0F5A, dst, src, false);
}
