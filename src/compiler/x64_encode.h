/* x64_encode.h — the x86_64 instruction encoder of Atoll's wasm compiler.
 *
 * One function per instruction form, each named for its operand kinds
 * (r = general register, m = memory, imm = immediate, xmm = SSE register) and
 * commented with its Intel syntax and opcode. Operand size is a parameter:
 * `bool w` selects 64-bit (REX.W) over 32-bit, `bool dbl` selects double over
 * single precision. Everything is built on a handful of primitives (emit,
 * REX, ModRM, SIB, one memory-operand encoder), the small ones inline below
 * and the rest in x64_encode.c; the integer forms live in x64_encode_int.c and the SSE forms in x64_encode_sse.c.
 * test/suite-encoder.sh checks every form byte for byte against GNU as.
 */
#ifndef ATOLL_X64_ENCODE_H
#define ATOLL_X64_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- buffer */

/* A code buffer. A write past `cap` stores nothing and sets `overflow`, but
 * `len` still counts the byte, so after an overflow `len` is the size the
 * caller must grow the buffer to before compiling again. */
struct x64_buf {
    uint8_t *bytes;
    size_t len;
    size_t cap;
    bool overflow;
    size_t rip_field;   /* offset of the disp32 of the last RIP-relative operand emitted */
    uint8_t spare[8];   /* where x64_room puts bytes that do not fit */
};

void x64_buf_init(struct x64_buf *buf, uint8_t *bytes, size_t cap);

/* Offset of the next byte. */
static inline size_t x64_buf_pos(const struct x64_buf *buf)
{
    return buf->len;
}

/* One byte, by the buffer's rule: past `cap` it is not stored but still counted.
 * Inline, like the wider emitters below, because every instruction emitted calls it
 * a few times: as a call it was a good part of the compiler's time. */
static inline void x64_emit8(struct x64_buf *buf, uint8_t v)
{
    if (buf->len < buf->cap)
        buf->bytes[buf->len] = v;
    else
        buf->overflow = true;
    buf->len++;
}

/* 2, 4 or 8 bytes at once, written through a pointer: one capacity check for all
 * of them, and none of the buffer's fields reloaded after each byte (a byte store may
 * alias anything, so the compiler would have to). x64_room says where the next `n`
 * bytes (n <= 8) go: into the buffer when they fit, else into `spare`, from which
 * x64_advance then emits them byte by byte (so capacity works as for x64_emit8). */
void x64_emit_spare(struct x64_buf *buf, unsigned n);

static inline uint8_t *x64_room(struct x64_buf *buf, unsigned n)
{
    return buf->len + n <= buf->cap ? buf->bytes + buf->len : buf->spare;
}

/* The `n` bytes written at `at` (x64_room's answer) are emitted. */
static inline void x64_advance(struct x64_buf *buf, const uint8_t *at, unsigned n)
{
    if (at == buf->spare)
        x64_emit_spare(buf, n);
    else
        buf->len += n;
}

/* `n` bytes of `v`, little-endian. */
static inline void x64_emit_le(struct x64_buf *buf, uint64_t v, unsigned n)
{
    uint8_t *p = x64_room(buf, n);
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
    x64_advance(buf, p, n);
}

static inline void x64_emit16(struct x64_buf *buf, uint16_t v) { x64_emit_le(buf, v, 2); }
static inline void x64_emit32(struct x64_buf *buf, uint32_t v) { x64_emit_le(buf, v, 4); }
static inline void x64_emit64(struct x64_buf *buf, uint64_t v) { x64_emit_le(buf, v, 8); }

/* Overwrite 4 bytes at `offset` (ignored if they lie past `cap`). */
void x64_patch32(struct x64_buf *buf, size_t offset, uint32_t v);

/* Point the rel32 field at `patch_offset` (as returned by x64_jmp_rel32,
 * x64_jcc_rel32, x64_call_rel32) at `target_offset`; the displacement counts
 * from the end of the field, which is the end of the instruction. */
void x64_patch_rel32(struct x64_buf *buf, size_t patch_offset, size_t target_offset);

/* Same for a rel8 field; returns false (and writes nothing) if the target is
 * farther than -128..127 bytes from the end of the field. */
bool x64_patch_rel8(struct x64_buf *buf, size_t patch_offset, size_t target_offset);

/* ------------------------------------------------------------- registers */

/* The number is the 4-bit hardware encoding: the low 3 bits go in ModRM/SIB
 * or the opcode, bit 3 goes in REX. */
enum x64_reg {
    X64_RIP = -2,                   /* base of a RIP-relative struct x64_mem (x64_mem_rip) */
    X64_NOREG = -1,                 /* "no index" in struct x64_mem */
    X64_RAX = 0, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
    X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
};

enum x64_xmm {
    X64_XMM0 = 0, X64_XMM1, X64_XMM2, X64_XMM3, X64_XMM4, X64_XMM5, X64_XMM6, X64_XMM7,
    X64_XMM8, X64_XMM9, X64_XMM10, X64_XMM11, X64_XMM12, X64_XMM13, X64_XMM14, X64_XMM15,
};

/* A memory operand [base + index*scale + disp]. base is required (no
 * RIP-relative or absolute forms); index is X64_NOREG (-1) or any register
 * except rsp, which x86 cannot encode as an index. */
struct x64_mem {
    int8_t base;
    int8_t index;    /* -1 = none */
    uint8_t scale;   /* 1, 2, 4 or 8 */
    int32_t disp;
};

static inline struct x64_mem x64_mem_base(enum x64_reg base, int32_t disp)
{
    struct x64_mem m = { (int8_t)base, X64_NOREG, 1, disp };
    return m;
}

/* [rip + disp32]: the displacement counts from the end of the instruction. After
 * emitting an instruction with it, buf->rip_field is where to patch the displacement
 * (x64_patch_rel32 is right when nothing follows the displacement, i.e. no immediate). */
static inline struct x64_mem x64_mem_rip(void)
{
    struct x64_mem m = { (int8_t)X64_RIP, X64_NOREG, 1, 0 };
    return m;
}

static inline struct x64_mem x64_mem_index(enum x64_reg base, enum x64_reg index,
                                           uint8_t scale, int32_t disp)
{
    struct x64_mem m = { (int8_t)base, (int8_t)index, scale, disp };
    return m;
}

/* ------------------------------------------------------ condition codes */

/* The value is the condition nibble of Jcc (0F 80+cc), SETcc (0F 90+cc)
 * and CMOVcc (0F 40+cc). Flipping bit 0 negates the condition. */
enum x64_cc {
    X64_CC_O  = 0x0,   /* overflow                 OF=1 */
    X64_CC_NO = 0x1,   /* no overflow              OF=0 */
    X64_CC_B  = 0x2,   /* below (unsigned <), carry CF=1 */
    X64_CC_AE = 0x3,   /* above or equal (u >=)    CF=0 */
    X64_CC_E  = 0x4,   /* equal, zero              ZF=1 */
    X64_CC_NE = 0x5,   /* not equal, not zero      ZF=0 */
    X64_CC_BE = 0x6,   /* below or equal (u <=)    CF=1 or ZF=1 */
    X64_CC_A  = 0x7,   /* above (u >)              CF=0 and ZF=0 */
    X64_CC_S  = 0x8,   /* sign                     SF=1 */
    X64_CC_NS = 0x9,   /* no sign                  SF=0 */
    X64_CC_P  = 0xA,   /* parity (unordered after ucomis*) PF=1 */
    X64_CC_NP = 0xB,   /* no parity                PF=0 */
    X64_CC_L  = 0xC,   /* less (signed <)          SF!=OF */
    X64_CC_GE = 0xD,   /* greater or equal (s >=)  SF=OF */
    X64_CC_LE = 0xE,   /* less or equal (s <=)     ZF=1 or SF!=OF */
    X64_CC_G  = 0xF,   /* greater (s >)            ZF=0 and SF=OF */
};

static inline enum x64_cc x64_cc_invert(enum x64_cc cc)
{
    return (enum x64_cc)(cc ^ 1);
}

/* --------------------------------------------------------- primitives */

/* The building blocks of every instruction below. Code generators should
 * call the named instruction functions, not these.
 *
 *   REX      0100 W R X B   W: 64-bit operand; R, X, B: bit 3 of ModRM.reg,
 *                           SIB.index, and ModRM.rm / SIB.base / opcode reg
 *   ModRM    mod(2) reg(3) rm(3)     mod 11 = register, else memory
 *   SIB      scale(2) index(3) base(3)
 */

/* Bit 3 of a register number, i.e. the REX extension bit; 0 when unused (-1). */
static inline int x64_high_bit(int reg)
{
    return reg < 0 ? 0 : (reg >> 3) & 1;
}

/* Emit a REX prefix if one is needed: w, any register >= 8, or `force`
 * (byte forms of spl/bpl/sil/dil). Pass -1 (or 0) for an unused field.
 *   REX = 0100 W R X B
 *          W: 64-bit operand size
 *          R: bit 3 of ModRM.reg
 *          X: bit 3 of SIB.index
 *          B: bit 3 of ModRM.rm, SIB.base, or the register in the opcode
 * (REX, ModRM and SIB are inline, like the emitters: nearly every instruction
 * uses them.) */
static inline void x64_rex(struct x64_buf *buf, bool w, int reg, int index, int base, bool force)
{
    uint8_t rex = (uint8_t)(0x40 | (w ? 8 : 0) | x64_high_bit(reg) << 2
                            | x64_high_bit(index) << 1 | x64_high_bit(base));
    if (rex != 0x40 || force)
        x64_emit8(buf, rex);
}

/*   ModRM = mod(7:6) reg(5:3) rm(2:0) */
static inline void x64_modrm(struct x64_buf *buf, int mod, int reg, int rm)
{
    x64_emit8(buf, (uint8_t)((mod & 3) << 6 | (reg & 7) << 3 | (rm & 7)));
}

/*   SIB = scale(7:6) index(5:3) base(2:0), scale stored as log2 */
static inline void x64_sib(struct x64_buf *buf, uint8_t scale, int index, int base)
{
    int log2 = scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
    x64_modrm(buf, log2, index, base);   /* same 2-3-3 bit layout */
}

/* ModRM (+ SIB) (+ disp8/disp32) for `mem`, with `reg` (a register number
 * or an opcode /digit) in ModRM.reg. Chooses no disp, disp8 or disp32 by
 * value; rbp/r13 bases get a zero disp8, rsp/r12 bases a SIB byte. */
void x64_mem_operand(struct x64_buf *buf, int reg, struct x64_mem mem);

/* Opcodes of 1, 2 or 3 bytes, most significant byte first. */
static inline void x64_emit_opcode(struct x64_buf *buf, uint32_t opcode)
{
    if (opcode > 0xFFFF)
        x64_emit8(buf, (uint8_t)(opcode >> 16));
    if (opcode > 0xFF)
        x64_emit8(buf, (uint8_t)(opcode >> 8));
    x64_emit8(buf, (uint8_t)opcode);
}

/* One whole instruction, [prefix] [REX] opcode ModRM..., with the opcode
 * given as up to three bytes, most significant first (0x0FAF = 0F AF).
 * prefix 0 means none (66, F2 and F3 must come before REX). `force_rex`
 * emits a REX even when it would be 0x40, which byte forms need so that
 * register numbers 4-7 mean spl/bpl/sil/dil instead of ah/ch/dh/bh.
 * Inline: each instruction form passes constants for most of the arguments,
 * which leaves little code once they are folded in. */
static inline void x64_insn_r_r(struct x64_buf *buf, uint8_t prefix, bool w, uint32_t opcode,
                                int reg, int rm, bool force_rex)
{
    if (prefix)
        x64_emit8(buf, prefix);
    x64_rex(buf, w, reg, -1, rm, force_rex);
    x64_emit_opcode(buf, opcode);
    x64_modrm(buf, 3, reg, rm);
}

static inline void x64_insn_r_m(struct x64_buf *buf, uint8_t prefix, bool w, uint32_t opcode,
                                int reg, struct x64_mem mem, bool force_rex)
{
    if (prefix)
        x64_emit8(buf, prefix);
    x64_rex(buf, w, reg, mem.index, mem.base, force_rex);
    x64_emit_opcode(buf, opcode);
    x64_mem_operand(buf, reg, mem);
}

/* ------------------------------------------------------------ integer */

/* The eight classic ALU operations: the value is both the /digit of the
 * 81/83 immediate forms and the row of the opcode map (op*8 + 1 = r/m, r). */
enum x64_alu {
    X64_ADD = 0, X64_OR = 1, X64_ADC = 2, X64_SBB = 3,
    X64_AND = 4, X64_SUB = 5, X64_XOR = 6, X64_CMP = 7,
};

/* Shifts and rotates: the value is the /digit of C1, D1 and D3. */
enum x64_shift {
    X64_ROL = 0, X64_ROR = 1, X64_RCL = 2, X64_RCR = 3,
    X64_SHL = 4, X64_SHR = 5, X64_SAR = 7,
};

/* mov */
void x64_mov_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src);
void x64_mov_r_imm32(struct x64_buf *buf, bool w, enum x64_reg dst, int32_t imm);
void x64_mov_r64_imm64(struct x64_buf *buf, enum x64_reg dst, uint64_t imm);
/* The shortest of xor r32,r32 (imm 0: CLOBBERS THE FLAGS), mov r32, imm32
 * (zero-extends), mov r64, simm32 (sign-extends) and movabs. */
void x64_mov_r64_imm(struct x64_buf *buf, enum x64_reg dst, uint64_t imm);
void x64_mov_r_m(struct x64_buf *buf, bool w, enum x64_reg dst, struct x64_mem src);
void x64_mov_m_r(struct x64_buf *buf, bool w, struct x64_mem dst, enum x64_reg src);
void x64_mov_m8_r8(struct x64_buf *buf, struct x64_mem dst, enum x64_reg src);
void x64_mov_m16_r16(struct x64_buf *buf, struct x64_mem dst, enum x64_reg src);
void x64_mov_m_imm32(struct x64_buf *buf, bool w, struct x64_mem dst, int32_t imm);
void x64_mov_m8_imm8(struct x64_buf *buf, struct x64_mem dst, uint8_t imm);
void x64_mov_m16_imm16(struct x64_buf *buf, struct x64_mem dst, uint16_t imm);
void x64_lea_r64_m(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);
void x64_lea_r32_m(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);
size_t x64_lea_r64_rip(struct x64_buf *buf, enum x64_reg dst);   /* returns the disp32 field */
void x64_xchg_r_r(struct x64_buf *buf, bool w, enum x64_reg a, enum x64_reg b);

/* loads with extension */
void x64_movzx_r32_m8(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);
void x64_movzx_r32_m16(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);
void x64_movsx_r32_m8(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);
void x64_movsx_r32_m16(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);
void x64_movsx_r64_m8(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);
void x64_movsx_r64_m16(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);
void x64_movsxd_r64_m32(struct x64_buf *buf, enum x64_reg dst, struct x64_mem src);

/* register extension */
void x64_movzx_r32_r8(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src);
void x64_movzx_r32_r16(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src);
void x64_movsx_r32_r8(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src);
void x64_movsx_r32_r16(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src);
void x64_movsx_r64_r8(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src);
void x64_movsx_r64_r16(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src);
void x64_movsxd_r64_r32(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src);

/* i64.extend_i32_s: the same instruction as movsxd under its wasm name. */
static inline void x64_movsx_r64_r32(struct x64_buf *buf, enum x64_reg dst, enum x64_reg src)
{
    x64_movsxd_r64_r32(buf, dst, src);
}

/* ALU: add, or, adc, sbb, and, sub, xor, cmp */
void x64_alu_r_r(struct x64_buf *buf, enum x64_alu op, bool w, enum x64_reg dst, enum x64_reg src);
void x64_alu_r_imm(struct x64_buf *buf, enum x64_alu op, bool w, enum x64_reg dst, int32_t imm);
void x64_alu_r_m(struct x64_buf *buf, enum x64_alu op, bool w, enum x64_reg dst, struct x64_mem src);
void x64_alu_m_r(struct x64_buf *buf, enum x64_alu op, bool w, struct x64_mem dst, enum x64_reg src);
void x64_alu_m_imm(struct x64_buf *buf, enum x64_alu op, bool w, struct x64_mem dst, int32_t imm);

/* test, multiply, divide, unary */
void x64_test_r_r(struct x64_buf *buf, bool w, enum x64_reg a, enum x64_reg b);
void x64_test_r_imm32(struct x64_buf *buf, bool w, enum x64_reg a, int32_t imm);
void x64_imul_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src);
void x64_imul_r_m(struct x64_buf *buf, bool w, enum x64_reg dst, struct x64_mem src);
void x64_imul_r_r_imm(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src, int32_t imm);
void x64_imul_r_m_imm(struct x64_buf *buf, bool w, enum x64_reg dst, struct x64_mem src, int32_t imm);
void x64_neg_r(struct x64_buf *buf, bool w, enum x64_reg reg);
void x64_not_r(struct x64_buf *buf, bool w, enum x64_reg reg);
void x64_mul_r(struct x64_buf *buf, bool w, enum x64_reg src);   /* rdx:rax = rax * src */
void x64_imul_r(struct x64_buf *buf, bool w, enum x64_reg src);
void x64_div_r(struct x64_buf *buf, bool w, enum x64_reg src);   /* rax, rdx = rdx:rax / src */
void x64_idiv_r(struct x64_buf *buf, bool w, enum x64_reg src);
void x64_cdq(struct x64_buf *buf);
void x64_cqo(struct x64_buf *buf);

/* shifts and rotates */
void x64_shift_r_cl(struct x64_buf *buf, enum x64_shift op, bool w, enum x64_reg reg);
void x64_shift_r_imm(struct x64_buf *buf, enum x64_shift op, bool w, enum x64_reg reg, uint8_t imm);

/* bit counts (lzcnt, tzcnt, popcnt need CPUID features; bsr/bsf leave dst
 * undefined when src is zero) */
void x64_lzcnt_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src);
void x64_tzcnt_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src);
void x64_popcnt_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src);
void x64_bsr_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src);
void x64_bsf_r_r(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_reg src);

/* flags to values */
void x64_setcc_r8(struct x64_buf *buf, enum x64_cc cc, enum x64_reg dst);
void x64_cmovcc_r_r(struct x64_buf *buf, enum x64_cc cc, bool w, enum x64_reg dst, enum x64_reg src);
void x64_cmovcc_r_m(struct x64_buf *buf, enum x64_cc cc, bool w, enum x64_reg dst, struct x64_mem src);

/* control flow. The rel32 forms emit a zero displacement and return the
 * offset of the rel32 field for x64_patch_rel32. The rel8 forms take the
 * displacement from the end of the instruction and return the offset of the
 * rel8 field for x64_patch_rel8. */
size_t x64_jmp_rel32(struct x64_buf *buf);
size_t x64_jmp_rel8(struct x64_buf *buf, int8_t rel);
size_t x64_jcc_rel32(struct x64_buf *buf, enum x64_cc cc);
size_t x64_jcc_rel8(struct x64_buf *buf, enum x64_cc cc, int8_t rel);
size_t x64_call_rel32(struct x64_buf *buf);
void x64_call_r64(struct x64_buf *buf, enum x64_reg target);
void x64_call_m64(struct x64_buf *buf, struct x64_mem target);
void x64_jmp_r64(struct x64_buf *buf, enum x64_reg target);
void x64_jmp_m64(struct x64_buf *buf, struct x64_mem target);
void x64_ret(struct x64_buf *buf);
void x64_push_r64(struct x64_buf *buf, enum x64_reg reg);
void x64_pop_r64(struct x64_buf *buf, enum x64_reg reg);
void x64_ud2(struct x64_buf *buf);
void x64_int3(struct x64_buf *buf);
void x64_nop(struct x64_buf *buf);
void x64_nop_n(struct x64_buf *buf, size_t n);   /* n bytes of multi-byte NOPs (alignment) */

/* port I/O (the port is dx or an 8-bit immediate) */
void x64_in_al_dx(struct x64_buf *buf);
void x64_in_ax_dx(struct x64_buf *buf);
void x64_in_eax_dx(struct x64_buf *buf);
void x64_out_dx_al(struct x64_buf *buf);
void x64_out_dx_ax(struct x64_buf *buf);
void x64_out_dx_eax(struct x64_buf *buf);
void x64_in_al_imm8(struct x64_buf *buf, uint8_t port);
void x64_in_ax_imm8(struct x64_buf *buf, uint8_t port);
void x64_in_eax_imm8(struct x64_buf *buf, uint8_t port);
void x64_out_imm8_al(struct x64_buf *buf, uint8_t port);
void x64_out_imm8_ax(struct x64_buf *buf, uint8_t port);
void x64_out_imm8_eax(struct x64_buf *buf, uint8_t port);

/* ---------------------------------------------------------------- SSE */

/* Scalar arithmetic: the value is the second opcode byte after 0F; the
 * prefix F3 (single) or F2 (double) picks ss or sd. min and max are x86's,
 * not wasm's (see NOTES: NaN and -0 need fix-ups). */
enum x64_sse_op {
    X64_SSE_SQRT = 0x51,
    X64_SSE_ADD  = 0x58,
    X64_SSE_MUL  = 0x59,
    X64_SSE_SUB  = 0x5C,
    X64_SSE_MIN  = 0x5D,
    X64_SSE_DIV  = 0x5E,
    X64_SSE_MAX  = 0x5F,
};

/* Bitwise packed logic: opcode 0F xx, no prefix for ps, 66 for pd. */
enum x64_sse_logic {
    X64_SSE_AND  = 0x54,
    X64_SSE_ANDN = 0x55,   /* dst = ~dst & src */
    X64_SSE_OR   = 0x56,
    X64_SSE_XOR  = 0x57,
};

/* roundss/roundsd imm8: bits 1:0 the mode, bit 2 clear = use the mode
 * given here, bit 3 set = do not raise the precision exception. */
enum x64_round {
    X64_ROUND_NEAREST = 0x8,   /* ties to even: wasm nearest */
    X64_ROUND_FLOOR   = 0x9,
    X64_ROUND_CEIL    = 0xA,
    X64_ROUND_TRUNC   = 0xB,
};

/* cmpss/cmpsd predicate imm8; the result is all ones or all zeros. */
enum x64_sse_cmp {
    X64_SSE_CMP_EQ = 0, X64_SSE_CMP_LT = 1, X64_SSE_CMP_LE = 2, X64_SSE_CMP_UNORD = 3,
    X64_SSE_CMP_NEQ = 4, X64_SSE_CMP_NLT = 5, X64_SSE_CMP_NLE = 6, X64_SSE_CMP_ORD = 7,
};

/* movss / movsd */
void x64_sse_mov_xmm_m(struct x64_buf *buf, bool dbl, enum x64_xmm dst, struct x64_mem src);
void x64_sse_mov_m_xmm(struct x64_buf *buf, bool dbl, struct x64_mem dst, enum x64_xmm src);
void x64_sse_mov_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm dst, enum x64_xmm src);
void x64_movaps_xmm_xmm(struct x64_buf *buf, enum x64_xmm dst, enum x64_xmm src);

/* movd (w false, 32 bits) / movq (w true, 64 bits) between xmm and general */
void x64_movd_xmm_r(struct x64_buf *buf, bool w, enum x64_xmm dst, enum x64_reg src);
void x64_movd_r_xmm(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_xmm src);

/* scalar arithmetic, compares, logic */
void x64_sse_arith_xmm_xmm(struct x64_buf *buf, enum x64_sse_op op, bool dbl, enum x64_xmm dst, enum x64_xmm src);
void x64_sse_arith_xmm_m(struct x64_buf *buf, enum x64_sse_op op, bool dbl, enum x64_xmm dst, struct x64_mem src);
void x64_sse_ucomi_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm a, enum x64_xmm b);
void x64_sse_ucomi_xmm_m(struct x64_buf *buf, bool dbl, enum x64_xmm a, struct x64_mem b);
void x64_sse_comi_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm a, enum x64_xmm b);
void x64_sse_cmp_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm dst, enum x64_xmm src, enum x64_sse_cmp pred);
void x64_sse_logic_xmm_xmm(struct x64_buf *buf, enum x64_sse_logic op, bool dbl, enum x64_xmm dst, enum x64_xmm src);
void x64_sse_logic_xmm_m(struct x64_buf *buf, enum x64_sse_logic op, bool dbl, enum x64_xmm dst, struct x64_mem src);
void x64_pxor_xmm_xmm(struct x64_buf *buf, enum x64_xmm dst, enum x64_xmm src);
void x64_sse_round_xmm_xmm(struct x64_buf *buf, bool dbl, enum x64_xmm dst, enum x64_xmm src, enum x64_round mode);

/* conversions (w: the integer side is 64-bit) */
void x64_cvtsi2ss_xmm_r(struct x64_buf *buf, bool w, enum x64_xmm dst, enum x64_reg src);
void x64_cvtsi2sd_xmm_r(struct x64_buf *buf, bool w, enum x64_xmm dst, enum x64_reg src);
void x64_cvttss2si_r_xmm(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_xmm src);
void x64_cvttsd2si_r_xmm(struct x64_buf *buf, bool w, enum x64_reg dst, enum x64_xmm src);
void x64_cvtss2sd_xmm_xmm(struct x64_buf *buf, enum x64_xmm dst, enum x64_xmm src);
void x64_cvtsd2ss_xmm_xmm(struct x64_buf *buf, enum x64_xmm dst, enum x64_xmm src);

#endif
