/* x64_encode_int.c — the integer instructions: moves, extensions, ALU,
 * multiply/divide, shifts, bit counts, flags to values, control flow, port I/O.
 *
 * Each function encodes one instruction form with the primitives of
 * x64_encode.c. The comment above it gives the Intel opcode notation:
 * "/r" = ModRM with a register in reg, "/5" = ModRM with the digit 5 in reg,
 * "+r" = register added to the opcode, ib/iw/id/io = 1/2/4/8-byte immediate.
 * `w` adds REX.W: the 64-bit form; 32-bit forms zero the upper half.
 * Where GNU as picks a shorter form (D1 for shifts by 1, the rax forms of
 * ALU and test, 90+r for xchg with rax) we pick it too, so the golden test
 * compares bytes exactly.
 */
#include "x64_encode.h"

/* A byte operand numbered 4-7 means spl/bpl/sil/dil only with a REX
 * prefix; without one it would mean ah/ch/dh/bh. */
static bool needs_rex_for_byte(enum x64_reg reg)
{
    return reg >= X64_RSP && reg <= X64_RDI;
}

static bool fits_int8(int32_t v)
{
    return v >= -128 && v <= 127;
}

/* Forms with the register in the low 3 bits of the opcode (B8+r, 50+r...). */
static void opcode_plus_reg(struct x64_buf *buf, bool w, uint8_t opcode, enum x64_reg reg)
{
    x64_rex(buf, w, -1, -1, reg, false);
    x64_emit8(buf, (uint8_t)(opcode + (reg & 7)));
}

/* ---------------------------------------------------------------- mov */

/* 89 /r  MOV r/m32, r32 (REX.W: r/m64, r64) */
void x64_mov_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, w, 0x89, src, dst, false);
}

/* B8+r id     MOV r32, imm32 (zero-extends to 64 bits)
 * REX.W C7 /0 id  MOV r/m64, imm32 (sign-extends) */
void x64_mov_r_imm32(struct x64_buf *buf, bool w, enum x64_reg dst, int32_t imm)
{
    if (w)
        x64_insn_r_r(buf, 0, true, 0xC7, 0, dst, false);
    else
        opcode_plus_reg(buf, false, 0xB8, dst);
    x64_emit32(buf, (uint32_t)imm);
}

/* REX.W B8+r io  MOV r64, imm64 ("movabs") */
void x64_mov_r64_imm64(struct x64_buf *buf, enum x64_reg dst, uint64_t imm)
{
    opcode_plus_reg(buf, true, 0xB8, dst);
    x64_emit64(buf, imm);
}

/* 31 /r XOR r32, r32 (2-3 bytes), B8+r (5-6), REX.W C7 /0 (7), movabs (10) */
void x64_mov_r64_imm(struct x64_buf *buf, enum x64_reg dst, uint64_t imm)
{
    int64_t simm = (int64_t)imm;
    if (imm == 0)
        x64_alu_r_r(buf, X64_XOR, false, dst, dst);
    else if (imm <= 0xFFFFFFFFu)
        x64_mov_r_imm32(buf, false, dst, (int32_t)(uint32_t)imm);
    else if (simm >= INT32_MIN && simm <= INT32_MAX)
        x64_mov_r_imm32(buf, true, dst, (int32_t)simm);
    else
        x64_mov_r64_imm64(buf, dst, imm);
}

/* 8B /r  MOV r32, r/m32 (REX.W: r64, r/m64) */
void x64_mov_r_m(struct x64_buf *buf, bool w, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, w, 0x8B, dst, src, false);
}

/* 89 /r  MOV r/m32, r32 (REX.W: r/m64, r64) */
void x64_mov_m_r(struct x64_buf *buf, bool w, struct x64_mem dst, enum x64_reg src)
{
    x64_insn_r_m(buf, 0, w, 0x89, src, dst, false);
}

/* 88 /r  MOV r/m8, r8 */
void x64_mov_m8_r8(struct x64_buf *buf, struct x64_mem dst, enum x64_reg src)
{
    x64_insn_r_m(buf, 0, false, 0x88, src, dst, needs_rex_for_byte(src));
}

/* 66 89 /r  MOV r/m16, r16 */
void x64_mov_m16_r16(struct x64_buf *buf, struct x64_mem dst, enum x64_reg src)
{
    x64_insn_r_m(buf, 0x66, false, 0x89, src, dst, false);
}

/* C7 /0 id  MOV r/m32, imm32 (REX.W: r/m64, sign-extended imm32) */
void x64_mov_m_imm32(struct x64_buf *buf, bool w, struct x64_mem dst, int32_t imm)
{
    x64_insn_r_m(buf, 0, w, 0xC7, 0, dst, false);
    x64_emit32(buf, (uint32_t)imm);
}

/* C6 /0 ib  MOV r/m8, imm8 */
void x64_mov_m8_imm8(struct x64_buf *buf, struct x64_mem dst, uint8_t imm)
{
    x64_insn_r_m(buf, 0, false, 0xC6, 0, dst, false);
    x64_emit8(buf, imm);
}

/* 66 C7 /0 iw  MOV r/m16, imm16 */
void x64_mov_m16_imm16(struct x64_buf *buf, struct x64_mem dst, uint16_t imm)
{
    x64_insn_r_m(buf, 0x66, false, 0xC7, 0, dst, false);
    x64_emit16(buf, imm);
}

/* REX.W 8D /r  LEA r64, m */
void x64_lea_r64_m(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, true, 0x8D, dst, src, false);
}

/* REX.W 8D /r  LEA r64, [rip + disp32] (ModRM mod 00, rm 101). Emits a zero
 * displacement and returns the offset of the disp32 field for x64_patch_rel32
 * (RIP-relative displacements count from the end of the instruction). */
size_t x64_lea_r64_rip(struct x64_buf *buf, enum x64_reg dst)
{
    x64_rex(buf, true, dst, -1, -1, false);
    x64_emit8(buf, 0x8D);
    x64_modrm(buf, 0, dst & 7, 5);
    size_t field = x64_buf_pos(buf);
    x64_emit32(buf, 0);
    return field;
}

/* 8D /r  LEA r32, m (the address truncated to 32 bits, upper half zeroed) */
void x64_lea_r32_m(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, false, 0x8D, dst, src, false);
}

/* 90+r  XCHG eax, r32 (REX.W: rax, r64) when one side is rax;
 * 87 /r  XCHG r/m32, r32 (REX.W: r/m64, r64) otherwise. 90 alone is nop,
 * which is exactly xchg rax, rax, but not xchg eax, eax (that one zeroes
 * the upper half of rax), so the latter takes the long form. */
void x64_xchg_r_r(struct x64_buf *buf, bool w, enum x64_reg a, enum x64_reg b)
{
    if (a == X64_RAX && b == X64_RAX && w)
        x64_nop(buf);
    else if (a == X64_RAX && b != X64_RAX)
        opcode_plus_reg(buf, w, 0x90, b);
    else if (b == X64_RAX && a != X64_RAX)
        opcode_plus_reg(buf, w, 0x90, a);
    else
        x64_insn_r_r(buf, 0, w, 0x87, b, a, false);
}

/* ------------------------------------------------- loads with extension */

/* 0F B6 /r  MOVZX r32, r/m8 */
void x64_movzx_r32_m8(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, false, 0x0FB6, dst, src, false);
}

/* 0F B7 /r  MOVZX r32, r/m16 */
void x64_movzx_r32_m16(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, false, 0x0FB7, dst, src, false);
}

/* 0F BE /r  MOVSX r32, r/m8 */
void x64_movsx_r32_m8(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, false, 0x0FBE, dst, src, false);
}

/* 0F BF /r  MOVSX r32, r/m16 */
void x64_movsx_r32_m16(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, false, 0x0FBF, dst, src, false);
}

/* REX.W 0F BE /r  MOVSX r64, r/m8 */
void x64_movsx_r64_m8(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, true, 0x0FBE, dst, src, false);
}

/* REX.W 0F BF /r  MOVSX r64, r/m16 */
void x64_movsx_r64_m16(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, true, 0x0FBF, dst, src, false);
}

/* REX.W 63 /r  MOVSXD r64, r/m32 */
void x64_movsxd_r64_m32(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, true, 0x63, dst, src, false);
}

/* ------------------------------------------------- register extension */

/* 0F B6 /r  MOVZX r32, r/m8 */
void x64_movzx_r32_r8(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, false, 0x0FB6, dst, src, needs_rex_for_byte(src));
}

/* 0F B7 /r  MOVZX r32, r/m16 */
void x64_movzx_r32_r16(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, false, 0x0FB7, dst, src, false);
}

/* 0F BE /r  MOVSX r32, r/m8 */
void x64_movsx_r32_r8(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, false, 0x0FBE, dst, src, needs_rex_for_byte(src));
}

/* 0F BF /r  MOVSX r32, r/m16 */
void x64_movsx_r32_r16(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, false, 0x0FBF, dst, src, false);
}

/* REX.W 0F BE /r  MOVSX r64, r/m8 (REX.W is there, so sil/dil need no more) */
void x64_movsx_r64_r8(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, true, 0x0FBE, dst, src, false);
}

/* REX.W 0F BF /r  MOVSX r64, r/m16 */
void x64_movsx_r64_r16(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, true, 0x0FBF, dst, src, false);
}

/* REX.W 63 /r  MOVSXD r64, r/m32 */
void x64_movsxd_r64_r32(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, true, 0x63, dst, src, false);
}

/* ---------------------------------------------------------------- ALU */

/* op*8+1 /r  OP r/m32, r32 (REX.W: r/m64, r64); e.g. 01 ADD, 29 SUB, 39 CMP */
void x64_alu_r_r(struct x64_buf *buf, enum x64_alu op, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, w, (uint32_t)(op * 8 + 1), src, dst, false);
}

/* 83 /op ib   OP r/m32, imm8 (sign-extended) when the value fits
 * op*8+5 id   OP eax, imm32 (REX.W: rax, sign-extended imm32)
 * 81 /op id   OP r/m32, imm32 (REX.W: r/m64, sign-extended imm32) */
void x64_alu_r_imm(struct x64_buf *buf, enum x64_alu op, bool w, enum x64_reg dst, int32_t imm)
{
    if (fits_int8(imm)) {
        x64_insn_r_r(buf, 0, w, 0x83, op, dst, false);
        x64_emit8(buf, (uint8_t)imm);
        return;
    }
    if (dst == X64_RAX) {
        x64_rex(buf, w, -1, -1, -1, false);
        x64_emit8(buf, (uint8_t)(op * 8 + 5));
    } else {
        x64_insn_r_r(buf, 0, w, 0x81, op, dst, false);
    }
    x64_emit32(buf, (uint32_t)imm);
}

/* op*8+3 /r  OP r32, r/m32 (REX.W: r64, r/m64); e.g. 03 ADD, 3B CMP */
void x64_alu_r_m(struct x64_buf *buf, enum x64_alu op, bool w, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, w, (uint32_t)(op * 8 + 3), dst, src, false);
}

/* op*8+1 /r  OP r/m32, r32 (REX.W: r/m64, r64) with a memory destination */
void x64_alu_m_r(struct x64_buf *buf, enum x64_alu op, bool w, struct x64_mem dst, enum x64_reg src)
{
    x64_insn_r_m(buf, 0, w, (uint32_t)(op * 8 + 1), src, dst, false);
}

/* 83 /op ib  OP r/m32, imm8   or   81 /op id  OP r/m32, imm32 (REX.W: r/m64) */
void x64_alu_m_imm(struct x64_buf *buf, enum x64_alu op, bool w, struct x64_mem dst, int32_t imm)
{
    bool short_imm = fits_int8(imm);
    x64_insn_r_m(buf, 0, w, short_imm ? 0x83 : 0x81, op, dst, false);
    if (short_imm)
        x64_emit8(buf, (uint8_t)imm);
    else
        x64_emit32(buf, (uint32_t)imm);
}

/* -------------------------------------------- test, multiply, divide */

/* 85 /r  TEST r/m32, r32 (REX.W: r/m64, r64) */
void x64_test_r_r(struct x64_buf *buf, bool w, enum x64_reg a, enum x64_reg b)
{
    x64_insn_r_r(buf, 0, w, 0x85, b, a, false);
}

/* A9 id  TEST eax, imm32   or   F7 /0 id  TEST r/m32, imm32 (REX.W: 64) */
void x64_test_r_imm32(struct x64_buf *buf, bool w, enum x64_reg a, int32_t imm)
{
    if (a == X64_RAX) {
        x64_rex(buf, w, -1, -1, -1, false);
        x64_emit8(buf, 0xA9);
    } else {
        x64_insn_r_r(buf, 0, w, 0xF7, 0, a, false);
    }
    x64_emit32(buf, (uint32_t)imm);
}

/* 0F AF /r  IMUL r32, r/m32 (REX.W: r64, r/m64) */
void x64_imul_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, w, 0x0FAF, dst, src, false);
}

/* 0F AF /r  IMUL r32, r/m32 (REX.W: r64, r/m64) */
void x64_imul_r_m(struct x64_buf *buf, bool w, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, w, 0x0FAF, dst, src, false);
}

/* 6B /r ib  IMUL r32, r/m32, imm8   or   69 /r id  IMUL r32, r/m32, imm32 */
void x64_imul_r_r_imm(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src, int32_t imm)
{
    bool short_imm = fits_int8(imm);
    x64_insn_r_r(buf, 0, w, short_imm ? 0x6B : 0x69, dst, src, false);
    if (short_imm)
        x64_emit8(buf, (uint8_t)imm);
    else
        x64_emit32(buf, (uint32_t)imm);
}

/* 6B /r ib  IMUL r32, r/m32, imm8   or   69 /r id  IMUL r32, r/m32, imm32 (memory source) */
void x64_imul_r_m_imm(struct x64_buf *buf, bool w, enum x64_reg dst, struct x64_mem src, int32_t imm)
{
    bool short_imm = fits_int8(imm);
    x64_insn_r_m(buf, 0, w, short_imm ? 0x6B : 0x69, dst, src, false);
    if (short_imm)
        x64_emit8(buf, (uint8_t)imm);
    else
        x64_emit32(buf, (uint32_t)imm);
}

/* The F7 group: one register operand, the operation in ModRM.reg. */
static void group_f7(struct x64_buf *buf, int digit, bool w, enum x64_reg reg)
{
    x64_insn_r_r(buf, 0, w, 0xF7, digit, reg, false);
}

/* F7 /3  NEG r/m32 (REX.W: r/m64) */
void x64_neg_r(struct x64_buf *buf, bool w, enum x64_reg reg) { group_f7(buf, 3, w, reg); }
/* F7 /2  NOT r/m32 (REX.W: r/m64) */
void x64_not_r(struct x64_buf *buf, bool w, enum x64_reg reg) { group_f7(buf, 2, w, reg); }
/* F7 /4  MUL r/m32: edx:eax = eax * r/m32, unsigned (REX.W: rdx:rax) */
void x64_mul_r(struct x64_buf *buf, bool w, enum x64_reg src) { group_f7(buf, 4, w, src); }
/* F7 /5  IMUL r/m32: edx:eax = eax * r/m32, signed (REX.W: rdx:rax) */
void x64_imul_r(struct x64_buf *buf, bool w, enum x64_reg src) { group_f7(buf, 5, w, src); }
/* F7 /6  DIV r/m32: eax = edx:eax / r/m32, edx = remainder (REX.W: 64) */
void x64_div_r(struct x64_buf *buf, bool w, enum x64_reg src) { group_f7(buf, 6, w, src); }
/* F7 /7  IDIV r/m32: signed; #DE on zero and on INT_MIN / -1 (REX.W: 64) */
void x64_idiv_r(struct x64_buf *buf, bool w, enum x64_reg src) { group_f7(buf, 7, w, src); }

/* 99  CDQ: edx = sign of eax (sets up idiv r32) */
void x64_cdq(struct x64_buf *buf)
{
    x64_emit8(buf, 0x99);
}

/* REX.W 99  CQO: rdx = sign of rax (sets up idiv r64) */
void x64_cqo(struct x64_buf *buf)
{
    x64_emit8(buf, 0x48);
    x64_emit8(buf, 0x99);
}

/* --------------------------------------------------------------- shifts */

/* D3 /op  SHL/SHR/SAR/ROL/ROR r/m32, cl (REX.W: r/m64); the count is
 * masked to 5 bits (6 for 64-bit), as wasm requires */
void x64_shift_r_cl(struct x64_buf *buf, enum x64_shift op, bool w, enum x64_reg reg)
{
    x64_insn_r_r(buf, 0, w, 0xD3, op, reg, false);
}

/* D1 /op  OP r/m32, 1   or   C1 /op ib  OP r/m32, imm8 (REX.W: r/m64) */
void x64_shift_r_imm(struct x64_buf *buf, enum x64_shift op, bool w, enum x64_reg reg, uint8_t imm)
{
    if (imm == 1) {
        x64_insn_r_r(buf, 0, w, 0xD1, op, reg, false);
        return;
    }
    x64_insn_r_r(buf, 0, w, 0xC1, op, reg, false);
    x64_emit8(buf, imm);
}

/* ----------------------------------------------------------- bit counts */

/* F3 0F BD /r  LZCNT r32, r/m32 (REX.W: r64, r/m64) */
void x64_lzcnt_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0xF3, w, 0x0FBD, dst, src, false);
}

/* F3 0F BC /r  TZCNT r32, r/m32 (REX.W: r64, r/m64) */
void x64_tzcnt_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0xF3, w, 0x0FBC, dst, src, false);
}

/* F3 0F B8 /r  POPCNT r32, r/m32 (REX.W: r64, r/m64) */
void x64_popcnt_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0xF3, w, 0x0FB8, dst, src, false);
}

/* 0F BD /r  BSR r32, r/m32 (REX.W: r64, r/m64) */
void x64_bsr_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, w, 0x0FBD, dst, src, false);
}

/* 0F BC /r  BSF r32, r/m32 (REX.W: r64, r/m64) */
void x64_bsf_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, w, 0x0FBC, dst, src, false);
}

/* ------------------------------------------------------ flags to values */

/* 0F 90+cc /0  SETcc r/m8 (writes only the low byte: movzx afterwards) */
void x64_setcc_r8(struct x64_buf *buf, enum x64_cc cc, enum x64_reg dst)
{
    x64_insn_r_r(buf, 0, false, 0x0F90u + cc, 0, dst, needs_rex_for_byte(dst));
}

/* 0F 40+cc /r  CMOVcc r32, r/m32 (REX.W: r64, r/m64); the 32-bit form
 * zeroes the upper half of dst even when the condition is false */
void x64_cmovcc_r_r(struct x64_buf *buf, enum x64_cc cc, bool w, enum x64_reg dst, enum x64_reg src)
{
    x64_insn_r_r(buf, 0, w, 0x0F40u + cc, dst, src, false);
}

/* 0F 40+cc /r  CMOVcc r32, m32 (REX.W: r64, m64); the load always happens */
void x64_cmovcc_r_m(struct x64_buf *buf, enum x64_cc cc, bool w, enum x64_reg dst, struct x64_mem src)
{
    x64_insn_r_m(buf, 0, w, 0x0F40u + cc, dst, src, false);
}

/* --------------------------------------------------------- control flow */

/* A zero rel32 placeholder; returns where it is, for x64_patch_rel32. */
static size_t rel32_field(struct x64_buf *buf)
{
    size_t at = x64_buf_pos(buf);
    x64_emit32(buf, 0);
    return at;
}

static size_t rel8_field(struct x64_buf *buf, int8_t rel)
{
    size_t at = x64_buf_pos(buf);
    x64_emit8(buf, (uint8_t)rel);
    return at;
}

/* E9 cd  JMP rel32 */
size_t x64_jmp_rel32(struct x64_buf *buf)
{
    x64_emit8(buf, 0xE9);
    return rel32_field(buf);
}

/* EB cb  JMP rel8 */
size_t x64_jmp_rel8(struct x64_buf *buf, int8_t rel)
{
    x64_emit8(buf, 0xEB);
    return rel8_field(buf, rel);
}

/* 0F 80+cc cd  Jcc rel32 */
size_t x64_jcc_rel32(struct x64_buf *buf, enum x64_cc cc)
{
    x64_emit8(buf, 0x0F);
    x64_emit8(buf, (uint8_t)(0x80 + cc));
    return rel32_field(buf);
}

/* 70+cc cb  Jcc rel8 */
size_t x64_jcc_rel8(struct x64_buf *buf, enum x64_cc cc, int8_t rel)
{
    x64_emit8(buf, (uint8_t)(0x70 + cc));
    return rel8_field(buf, rel);
}

/* E8 cd  CALL rel32 */
size_t x64_call_rel32(struct x64_buf *buf)
{
    x64_emit8(buf, 0xE8);
    return rel32_field(buf);
}

/* FF /2  CALL r/m64 (64-bit by default: no REX.W) */
void x64_call_r64(struct x64_buf *buf, enum x64_reg target)
{
    x64_insn_r_r(buf, 0, false, 0xFF, 2, target, false);
}

/* FF /2  CALL r/m64 */
void x64_call_m64(struct x64_buf *buf, struct x64_mem target)
{
    x64_insn_r_m(buf, 0, false, 0xFF, 2, target, false);
}

/* FF /4  JMP r/m64 */
void x64_jmp_r64(struct x64_buf *buf, enum x64_reg target)
{
    x64_insn_r_r(buf, 0, false, 0xFF, 4, target, false);
}

/* FF /4  JMP r/m64 (a jump table: jmp [table + index*8]) */
void x64_jmp_m64(struct x64_buf *buf, struct x64_mem target)
{
    x64_insn_r_m(buf, 0, false, 0xFF, 4, target, false);
}

/* C3  RET */
void x64_ret(struct x64_buf *buf) { x64_emit8(buf, 0xC3); }
/* 50+r  PUSH r64 */
void x64_push_r64(struct x64_buf *buf, enum x64_reg reg) { opcode_plus_reg(buf, false, 0x50, reg); }
/* 58+r  POP r64 */
void x64_pop_r64(struct x64_buf *buf, enum x64_reg reg) { opcode_plus_reg(buf, false, 0x58, reg); }
/* 0F 0B  UD2: the defined invalid opcode, raises #UD */
void x64_ud2(struct x64_buf *buf) { x64_emit8(buf, 0x0F); x64_emit8(buf, 0x0B); }
/* CC  INT3 */
void x64_int3(struct x64_buf *buf) { x64_emit8(buf, 0xCC); }
/* 90  NOP */
void x64_nop(struct x64_buf *buf) { x64_emit8(buf, 0x90); }

/* The recommended NOP of each length 1-9 (Intel SDM, "NOP"): one instruction each,
 * 0F 1F /0 NOP r/m with a memory operand whose size pads the instruction. */
static const uint8_t nops[9][9] = {
    { 0x90 },                                                   /* nop */
    { 0x66, 0x90 },                                             /* xchg ax, ax */
    { 0x0F, 0x1F, 0x00 },                                       /* nop [rax] */
    { 0x0F, 0x1F, 0x40, 0x00 },                                 /* nop [rax + disp8] */
    { 0x0F, 0x1F, 0x44, 0x00, 0x00 },                           /* nop [rax + rax + disp8] */
    { 0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00 },                     /* 66 nop [rax + rax + disp8] */
    { 0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00 },               /* nop [rax + disp32] */
    { 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },         /* nop [rax + rax + disp32] */
    { 0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },   /* 66 nop [rax + rax + disp32] */
};

/* `n` bytes of padding in as few instructions as the table allows. */
void x64_nop_n(struct x64_buf *buf, size_t n)
{
    while (n > 0) {
        size_t k = n < 9 ? n : 9;
        for (size_t i = 0; i < k; i++)
            x64_emit8(buf, nops[k - 1][i]);
        n -= k;
    }
}

/* ------------------------------------------------------------- port I/O */

/* The 16-bit forms are the 32-bit opcodes under the 66 operand-size prefix. */
static void port_op(struct x64_buf *buf, bool word, uint8_t opcode)
{
    if (word)
        x64_emit8(buf, 0x66);
    x64_emit8(buf, opcode);
}

/* EC  IN al, dx */
void x64_in_al_dx(struct x64_buf *buf) { port_op(buf, false, 0xEC); }
/* 66 ED  IN ax, dx */
void x64_in_ax_dx(struct x64_buf *buf) { port_op(buf, true, 0xED); }
/* ED  IN eax, dx */
void x64_in_eax_dx(struct x64_buf *buf) { port_op(buf, false, 0xED); }
/* EE  OUT dx, al */
void x64_out_dx_al(struct x64_buf *buf) { port_op(buf, false, 0xEE); }
/* 66 EF  OUT dx, ax */
void x64_out_dx_ax(struct x64_buf *buf) { port_op(buf, true, 0xEF); }
/* EF  OUT dx, eax */
void x64_out_dx_eax(struct x64_buf *buf) { port_op(buf, false, 0xEF); }

/* E4 ib  IN al, imm8 */
void x64_in_al_imm8(struct x64_buf *buf, uint8_t port) { port_op(buf, false, 0xE4); x64_emit8(buf, port); }
/* 66 E5 ib  IN ax, imm8 */
void x64_in_ax_imm8(struct x64_buf *buf, uint8_t port) { port_op(buf, true, 0xE5); x64_emit8(buf, port); }
/* E5 ib  IN eax, imm8 */
void x64_in_eax_imm8(struct x64_buf *buf, uint8_t port) { port_op(buf, false, 0xE5); x64_emit8(buf, port); }
/* E6 ib  OUT imm8, al */
void x64_out_imm8_al(struct x64_buf *buf, uint8_t port) { port_op(buf, false, 0xE6); x64_emit8(buf, port); }
/* 66 E7 ib  OUT imm8, ax */
void x64_out_imm8_ax(struct x64_buf *buf, uint8_t port) { port_op(buf, true, 0xE7); x64_emit8(buf, port); }
/* E7 ib  OUT imm8, eax */
void x64_out_imm8_eax(struct x64_buf *buf, uint8_t port) { port_op(buf, false, 0xE7); x64_emit8(buf, port); }
