/* golden.c — drives every function of the x86_64 encoder (x64_encode.h) over
 * a representative set of operands and prints, for each call, the bytes it
 * produced beside the Intel-syntax text it is meant to encode. The script
 * test/suite-encoder.sh assembles the texts with GNU as and compares bytes.
 *
 * Output, one line per case, tab-separated:
 *   case  <function>  <hex bytes>  <assembly text; ';' separates instructions>
 *   check <function>  ok|FAIL      <what was checked>   (no assembler needed)
 * This is a host program: it may use libc; the encoder itself does not.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "x64_encode.h"

/* ------------------------------------------------------------ harness */

static uint8_t bytes[64];
static struct x64_buf buf;
static struct x64_buf *b = &buf;
static const char *group = "?";

static void reset(void)
{
    x64_buf_init(&buf, bytes, sizeof bytes);
}

/* Print the bytes of the case just encoded with its intended text. */
static void emit_case(const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    printf("case\t%s\t", group);
    if (buf.overflow || buf.len == 0)
        printf("(bad buffer)");
    for (size_t i = 0; i < buf.len && i < buf.cap; i++)
        printf("%02x", bytes[i]);
    printf("\t%s\n", text);
}

static void check(bool ok, const char *what)
{
    printf("check\t%s\t%s\t%s\n", group, ok ? "ok" : "FAIL", what);
}

/* CASE(call, "intel text", args...): encode with `call`, print beside the text. */
#define CASE(call, ...) do { reset(); call; emit_case(__VA_ARGS__); } while (0)

/* ------------------------------------------------------------ names */

static const char *r64[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                               "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
static const char *r32[16] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                               "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" };
static const char *r16[16] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
                               "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w" };
static const char *r8n[16] = { "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
                               "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b" };
static const char *cc_names[16] = { "o", "no", "b", "ae", "e", "ne", "be", "a",
                                    "s", "ns", "p", "np", "l", "ge", "le", "g" };
static const char *alu_names[8] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };
static const char *shift_names[8] = { "rol", "ror", "rcl", "rcr", "shl", "shr", NULL, "sar" };

static const char *rw(bool w, int reg) { return w ? r64[reg] : r32[reg]; }
static const char *ptr(bool w) { return w ? "qword ptr" : "dword ptr"; }

static const char *xmm(int reg)
{
    static char names[16][8];
    snprintf(names[reg], sizeof names[reg], "xmm%d", reg);
    return names[reg];
}

/* "[base+index*scale+disp]" as GNU as reads it; rotating static storage
 * so that two operands can be formatted in one call. */
static const char *mem_text(struct x64_mem m)
{
    static char slots[4][64];
    static int next;
    char *s = slots[next++ % 4];
    int n = snprintf(s, 64, "[%s", r64[m.base]);
    if (m.index >= 0)
        n += snprintf(s + n, 64 - (size_t)n, "+%s*%u", r64[m.index], m.scale);
    if (m.disp > 0)
        n += snprintf(s + n, 64 - (size_t)n, "+0x%x", (unsigned)m.disp);
    else if (m.disp < 0)
        n += snprintf(s + n, 64 - (size_t)n, "-0x%x", (unsigned)(-(int64_t)m.disp));
    snprintf(s + n, 64 - (size_t)n, "]");
    return s;
}

/* ------------------------------------------------------------ operands */

/* Displacements around every boundary of the disp8/disp32 choice. */
static const int32_t disps[] = { 0, 1, 8, -8, 127, -128, 128, -129, 0x1000,
                                 0x12345678, -0x12345678, INT32_MAX, INT32_MIN };
#define NDISPS (sizeof disps / sizeof disps[0])

/* Immediates around the imm8/imm32 boundary and the ends of the range. */
static const int32_t imms[] = { 0, 1, -1, 127, 128, -128, -129, 255, 0x1234,
                                0x12345678, INT32_MAX, INT32_MIN };
#define NIMMS (sizeof imms / sizeof imms[0])

/* The full memory set: every base with every displacement, every index
 * with every scale, and the rbp/r13/rsp/r12 special cases in both roles. */
static struct x64_mem mems_full[512];
static size_t nmems_full;

/* A small set that still hits every special case, for the other forms. */
static struct x64_mem mems_small[12];
static size_t nmems_small;

static void build_mems(void)
{
    for (int base = 0; base < 16; base++)
        for (size_t d = 0; d < NDISPS; d++)
            mems_full[nmems_full++] = x64_mem_base(base, disps[d]);
    static const uint8_t scales[] = { 1, 2, 4, 8 };
    for (int index = 0; index < 16; index++) {
        if (index == X64_RSP)
            continue;   /* not encodable as an index */
        for (int s = 0; s < 4; s++) {
            int base = (index * 5 + s * 3) % 16;   /* vary the base too */
            mems_full[nmems_full++] = x64_mem_index(base, index, scales[s], disps[(index + s) % NDISPS]);
        }
    }
    static const int special[] = { X64_RSP, X64_RBP, X64_R12, X64_R13 };
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            if (special[j] == X64_RSP)
                continue;
            mems_full[nmems_full++] = x64_mem_index(special[i], special[j], 2, 0);
            mems_full[nmems_full++] = x64_mem_index(special[i], special[j], 8, -0x80);
            mems_full[nmems_full++] = x64_mem_index(special[i], special[j], 4, 0x80);
        }

    struct x64_mem small[] = {
        x64_mem_base(X64_RAX, 0), x64_mem_base(X64_RSP, 8), x64_mem_base(X64_RBP, -0x80),
        x64_mem_base(X64_R12, 0x80), x64_mem_base(X64_R13, 0), x64_mem_base(X64_R15, -0x81),
        x64_mem_index(X64_R13, X64_RAX, 8, 0), x64_mem_index(X64_RCX, X64_R15, 2, -0x12345678),
        x64_mem_index(X64_RSP, X64_R12, 4, 127), x64_mem_index(X64_R8, X64_R9, 1, -129),
        x64_mem_index(X64_RBP, X64_RBP, 1, 0), x64_mem_index(X64_RDI, X64_RSI, 8, 0x10),
    };
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        mems_small[nmems_small++] = small[i];
}

/* ------------------------------------------------------------ buffer */

static void test_buffer(void)
{
    group = "x64_buf";
    uint8_t small[4] = { 0 };
    struct x64_buf t;
    x64_buf_init(&t, small, 3);
    x64_emit32(&t, 0x44332211);
    check(t.overflow, "a write past cap sets overflow");
    check(t.len == 4, "len counts the bytes that did not fit");
    check(small[2] == 0x33 && small[3] == 0, "nothing written past cap");
    x64_patch32(&t, 0, 0xAABBCCDD);
    check(small[0] == 0x11, "x64_patch32 past cap writes nothing");

    x64_buf_init(&t, small, 4);
    x64_emit16(&t, 0xBEEF);
    check(!t.overflow && x64_buf_pos(&t) == 2 && small[0] == 0xEF && small[1] == 0xBE,
          "x64_emit16 is little-endian");

    group = "x64_patch_rel8";
    reset();
    size_t at = x64_jmp_rel8(b, 0);
    check(at == 1, "x64_jmp_rel8 returns the offset of the rel8 field");
    check(!x64_patch_rel8(b, at, 2 + 128) && bytes[1] == 0, "rel8 +128 refused, not written");
    check(x64_patch_rel8(b, at, 2 + 127) && bytes[1] == 0x7F, "rel8 +127 accepted");
    check(x64_patch_rel8(b, at, 0), "rel8 -2 accepted");
    check(bytes[1] == 0xFE, "rel8 -2 written as FE");

    group = "x64_jcc_rel32";
    reset();
    x64_nop(b);
    at = x64_jcc_rel32(b, X64_CC_E);
    check(at == 3, "x64_jcc_rel32 returns the offset of the rel32 field");
}

/* ------------------------------------------------------------ integer */

static void test_mov(void)
{
    group = "x64_mov_r_r";
    for (int w = 0; w < 2; w++)
        for (int d = 0; d < 16; d++)
            for (int s = 0; s < 16; s++)
                CASE(x64_mov_r_r(b, w, d, s), "mov %s, %s", rw(w, d), rw(w, s));

    group = "x64_mov_r_imm32";
    for (int r = 0; r < 16; r++)
        for (size_t i = 0; i < NIMMS; i++) {
            CASE(x64_mov_r_imm32(b, false, r, imms[i]), "mov %s, %d", r32[r], imms[i]);
            CASE(x64_mov_r_imm32(b, true, r, imms[i]), "mov %s, %d", r64[r], imms[i]);
        }

    group = "x64_mov_r64_imm64";
    static const uint64_t imm64s[] = { 0, 1, 0x7FFFFFFF, 0xFFFFFFFF, 0x100000000,
                                       0x123456789ABCDEF0, 0x8000000000000000, UINT64_MAX };
    for (int r = 0; r < 16; r++)
        for (size_t i = 0; i < sizeof imm64s / sizeof imm64s[0]; i++)
            CASE(x64_mov_r64_imm64(b, r, imm64s[i]), "movabs %s, 0x%llx", r64[r],
                 (unsigned long long)imm64s[i]);

    /* The shortest form, written out per value as as would be asked for it. */
    group = "x64_mov_r64_imm";
    for (int r = 0; r < 16; r++) {
        CASE(x64_mov_r64_imm(b, r, 0), "xor %s, %s", r32[r], r32[r]);
        CASE(x64_mov_r64_imm(b, r, 1), "mov %s, 1", r32[r]);
        CASE(x64_mov_r64_imm(b, r, 0x80000000), "mov %s, 0x80000000", r32[r]);
        CASE(x64_mov_r64_imm(b, r, 0xFFFFFFFF), "mov %s, 0xffffffff", r32[r]);
        CASE(x64_mov_r64_imm(b, r, UINT64_MAX), "mov %s, -1", r64[r]);
        CASE(x64_mov_r64_imm(b, r, 0xFFFFFFFF80000000), "mov %s, -0x80000000", r64[r]);
        CASE(x64_mov_r64_imm(b, r, 0xFFFFFFFF7FFFFFFF), "movabs %s, 0xffffffff7fffffff", r64[r]);
        CASE(x64_mov_r64_imm(b, r, 0x100000000), "movabs %s, 0x100000000", r64[r]);
    }

    group = "x64_mov_r_m";
    for (size_t m = 0; m < nmems_full; m++) {
        int r = (int)(m % 16);
        CASE(x64_mov_r_m(b, false, r, mems_full[m]), "mov %s, dword ptr %s", r32[r], mem_text(mems_full[m]));
        CASE(x64_mov_r_m(b, true, 15 - r, mems_full[m]), "mov %s, qword ptr %s", r64[15 - r], mem_text(mems_full[m]));
    }
    group = "x64_mov_m_r";
    for (size_t m = 0; m < nmems_full; m++) {
        int r = (int)((m * 7) % 16);
        CASE(x64_mov_m_r(b, false, mems_full[m], r), "mov dword ptr %s, %s", mem_text(mems_full[m]), r32[r]);
        CASE(x64_mov_m_r(b, true, mems_full[m], r), "mov qword ptr %s, %s", mem_text(mems_full[m]), r64[r]);
    }

    group = "x64_mov_m8_r8";
    for (int r = 0; r < 16; r++)
        for (size_t m = 0; m < nmems_small; m++)
            CASE(x64_mov_m8_r8(b, mems_small[m], r), "mov byte ptr %s, %s", mem_text(mems_small[m]), r8n[r]);
    group = "x64_mov_m16_r16";
    for (int r = 0; r < 16; r++)
        for (size_t m = 0; m < nmems_small; m += 3)
            CASE(x64_mov_m16_r16(b, mems_small[m], r), "mov word ptr %s, %s", mem_text(mems_small[m]), r16[r]);

    group = "x64_mov_m_imm32";
    for (size_t m = 0; m < nmems_small; m++)
        for (size_t i = 0; i < NIMMS; i += 2) {
            CASE(x64_mov_m_imm32(b, false, mems_small[m], imms[i]), "mov dword ptr %s, %d", mem_text(mems_small[m]), imms[i]);
            CASE(x64_mov_m_imm32(b, true, mems_small[m], imms[i + 1]), "mov qword ptr %s, %d", mem_text(mems_small[m]), imms[i + 1]);
        }
    group = "x64_mov_m8_imm8";
    for (size_t m = 0; m < nmems_small; m++)
        CASE(x64_mov_m8_imm8(b, mems_small[m], (uint8_t)(m * 23)), "mov byte ptr %s, %u", mem_text(mems_small[m]), (unsigned)(uint8_t)(m * 23));
    group = "x64_mov_m16_imm16";
    for (size_t m = 0; m < nmems_small; m++)
        CASE(x64_mov_m16_imm16(b, mems_small[m], (uint16_t)(m * 0x1357)), "mov word ptr %s, %u", mem_text(mems_small[m]), (unsigned)(uint16_t)(m * 0x1357));

    group = "x64_lea_r64_m";
    for (size_t m = 0; m < nmems_full; m++) {
        int r = (int)((m * 3) % 16);
        CASE(x64_lea_r64_m(b, r, mems_full[m]), "lea %s, %s", r64[r], mem_text(mems_full[m]));
    }
    group = "x64_lea_r32_m";
    for (int r = 0; r < 16; r++)
        for (size_t m = 0; m < nmems_small; m++)
            CASE(x64_lea_r32_m(b, r, mems_small[m]), "lea %s, %s", r32[r], mem_text(mems_small[m]));

    group = "x64_xchg_r_r";
    for (int w = 0; w < 2; w++)
        for (int x = 0; x < 16; x++)
            for (int y = 0; y < 16; y += 3)
                CASE(x64_xchg_r_r(b, w, x, y), "xchg %s, %s", rw(w, x), rw(w, y));
}

static void test_extend(void)
{
    struct { void (*fn)(struct x64_buf *, enum x64_reg, struct x64_mem);
             const char *name, *mn, *size; bool w; } loads[] = {
        { x64_movzx_r32_m8,   "x64_movzx_r32_m8",   "movzx",  "byte ptr",  false },
        { x64_movzx_r32_m16,  "x64_movzx_r32_m16",  "movzx",  "word ptr",  false },
        { x64_movsx_r32_m8,   "x64_movsx_r32_m8",   "movsx",  "byte ptr",  false },
        { x64_movsx_r32_m16,  "x64_movsx_r32_m16",  "movsx",  "word ptr",  false },
        { x64_movsx_r64_m8,   "x64_movsx_r64_m8",   "movsx",  "byte ptr",  true },
        { x64_movsx_r64_m16,  "x64_movsx_r64_m16",  "movsx",  "word ptr",  true },
        { x64_movsxd_r64_m32, "x64_movsxd_r64_m32", "movsxd", "dword ptr", true },
    };
    for (size_t f = 0; f < sizeof loads / sizeof loads[0]; f++) {
        group = loads[f].name;
        for (int r = 0; r < 16; r++)
            for (size_t m = 0; m < nmems_small; m++)
                CASE(loads[f].fn(b, r, mems_small[m]), "%s %s, %s %s", loads[f].mn,
                     rw(loads[f].w, r), loads[f].size, mem_text(mems_small[m]));
    }

    struct { void (*fn)(struct x64_buf *, enum x64_reg, enum x64_reg);
             const char *name, *mn; const char **dst, **src; } regs[] = {
        { x64_movzx_r32_r8,   "x64_movzx_r32_r8",   "movzx",  r32, r8n },
        { x64_movzx_r32_r16,  "x64_movzx_r32_r16",  "movzx",  r32, r16 },
        { x64_movsx_r32_r8,   "x64_movsx_r32_r8",   "movsx",  r32, r8n },
        { x64_movsx_r32_r16,  "x64_movsx_r32_r16",  "movsx",  r32, r16 },
        { x64_movsx_r64_r8,   "x64_movsx_r64_r8",   "movsx",  r64, r8n },
        { x64_movsx_r64_r16,  "x64_movsx_r64_r16",  "movsx",  r64, r16 },
        { x64_movsxd_r64_r32, "x64_movsxd_r64_r32", "movsxd", r64, r32 },
        { x64_movsx_r64_r32,  "x64_movsx_r64_r32",  "movsxd", r64, r32 },
    };
    for (size_t f = 0; f < sizeof regs / sizeof regs[0]; f++) {
        group = regs[f].name;
        for (int d = 0; d < 16; d++)
            for (int s = 0; s < 16; s++)
                CASE(regs[f].fn(b, d, s), "%s %s, %s", regs[f].mn, regs[f].dst[d], regs[f].src[s]);
    }
}

static void test_alu(void)
{
    for (int op = 0; op < 8; op++) {
        group = "x64_alu_r_r";
        for (int w = 0; w < 2; w++)
            for (int d = 0; d < 16; d++)
                for (int s = (d + op) % 3; s < 16; s += 3)
                    CASE(x64_alu_r_r(b, op, w, d, s), "%s %s, %s", alu_names[op], rw(w, d), rw(w, s));
        group = "x64_alu_r_imm";
        for (int w = 0; w < 2; w++)
            for (int d = 0; d < 16; d++)
                for (size_t i = 0; i < NIMMS; i++)
                    CASE(x64_alu_r_imm(b, op, w, d, imms[i]), "%s %s, %d", alu_names[op], rw(w, d), imms[i]);
        group = "x64_alu_r_m";
        for (int w = 0; w < 2; w++)
            for (size_t m = 0; m < nmems_small; m++) {
                int d = (int)((m * 5 + (size_t)op) % 16);
                CASE(x64_alu_r_m(b, op, w, d, mems_small[m]), "%s %s, %s %s", alu_names[op], rw(w, d), ptr(w), mem_text(mems_small[m]));
            }
        group = "x64_alu_m_r";
        for (int w = 0; w < 2; w++)
            for (size_t m = 0; m < nmems_small; m++) {
                int s = (int)((m * 7 + (size_t)op) % 16);
                CASE(x64_alu_m_r(b, op, w, mems_small[m], s), "%s %s %s, %s", alu_names[op], ptr(w), mem_text(mems_small[m]), rw(w, s));
            }
        group = "x64_alu_m_imm";
        for (int w = 0; w < 2; w++)
            for (size_t m = 0; m < nmems_small; m++)
                for (size_t i = (m + (size_t)op) % 3; i < NIMMS; i += 3)
                    CASE(x64_alu_m_imm(b, op, w, mems_small[m], imms[i]), "%s %s %s, %d", alu_names[op], ptr(w), mem_text(mems_small[m]), imms[i]);
    }
}

static void test_muldiv(void)
{
    group = "x64_test_r_r";
    for (int w = 0; w < 2; w++)
        for (int x = 0; x < 16; x++)
            for (int y = x % 2; y < 16; y += 2)
                CASE(x64_test_r_r(b, w, x, y), "test %s, %s", rw(w, x), rw(w, y));
    group = "x64_test_r_imm32";
    for (int w = 0; w < 2; w++)
        for (int r = 0; r < 16; r++)
            for (size_t i = 0; i < NIMMS; i += 2)
                CASE(x64_test_r_imm32(b, w, r, imms[i]), "test %s, %d", rw(w, r), imms[i]);

    group = "x64_imul_r_r";
    for (int w = 0; w < 2; w++)
        for (int d = 0; d < 16; d++)
            for (int s = 0; s < 16; s++)
                CASE(x64_imul_r_r(b, w, d, s), "imul %s, %s", rw(w, d), rw(w, s));
    group = "x64_imul_r_m";
    for (int w = 0; w < 2; w++)
        for (size_t m = 0; m < nmems_small; m++)
            CASE(x64_imul_r_m(b, w, (int)m, mems_small[m]), "imul %s, %s %s", rw(w, (int)m), ptr(w), mem_text(mems_small[m]));
    group = "x64_imul_r_r_imm";
    for (int w = 0; w < 2; w++)
        for (int d = 0; d < 16; d++)
            for (size_t i = 0; i < NIMMS; i++) {
                int s = (d + (int)i) % 16;
                CASE(x64_imul_r_r_imm(b, w, d, s, imms[i]), "imul %s, %s, %d", rw(w, d), rw(w, s), imms[i]);
            }
    group = "x64_imul_r_m_imm";
    for (int w = 0; w < 2; w++)
        for (size_t m = 0; m < nmems_small; m++)
            for (size_t i = 0; i < NIMMS; i += 3)
                CASE(x64_imul_r_m_imm(b, w, (int)(m % 16), mems_small[m], imms[i]), "imul %s, %s %s, %d",
                     rw(w, (int)(m % 16)), ptr(w), mem_text(mems_small[m]), imms[i]);

    struct { void (*fn)(struct x64_buf *, bool, enum x64_reg); const char *name, *mn; } unary[] = {
        { x64_neg_r, "x64_neg_r", "neg" },   { x64_not_r, "x64_not_r", "not" },
        { x64_mul_r, "x64_mul_r", "mul" },   { x64_imul_r, "x64_imul_r", "imul" },
        { x64_div_r, "x64_div_r", "div" },   { x64_idiv_r, "x64_idiv_r", "idiv" },
    };
    for (size_t f = 0; f < sizeof unary / sizeof unary[0]; f++) {
        group = unary[f].name;
        for (int w = 0; w < 2; w++)
            for (int r = 0; r < 16; r++)
                CASE(unary[f].fn(b, w, r), "%s %s", unary[f].mn, rw(w, r));
    }
    group = "x64_cdq";
    CASE(x64_cdq(b), "cdq");
    group = "x64_cqo";
    CASE(x64_cqo(b), "cqo");
}

static void test_shift_bits(void)
{
    static const uint8_t counts[] = { 0, 1, 2, 7, 31, 32, 63, 255 };
    for (int op = 0; op < 8; op++) {
        if (!shift_names[op])
            continue;   /* /6 is not a shift */
        group = "x64_shift_r_cl";
        for (int w = 0; w < 2; w++)
            for (int r = 0; r < 16; r++)
                CASE(x64_shift_r_cl(b, op, w, r), "%s %s, cl", shift_names[op], rw(w, r));
        group = "x64_shift_r_imm";
        for (int w = 0; w < 2; w++)
            for (int r = 0; r < 16; r++)
                for (size_t c = 0; c < sizeof counts; c++)
                    CASE(x64_shift_r_imm(b, op, w, r, counts[c]), "%s %s, %u", shift_names[op], rw(w, r), counts[c]);
    }

    struct { void (*fn)(struct x64_buf *, bool, enum x64_reg, enum x64_reg); const char *name, *mn; } counts_ops[] = {
        { x64_lzcnt_r_r, "x64_lzcnt_r_r", "lzcnt" }, { x64_tzcnt_r_r, "x64_tzcnt_r_r", "tzcnt" },
        { x64_popcnt_r_r, "x64_popcnt_r_r", "popcnt" }, { x64_bsr_r_r, "x64_bsr_r_r", "bsr" },
        { x64_bsf_r_r, "x64_bsf_r_r", "bsf" },
    };
    for (size_t f = 0; f < sizeof counts_ops / sizeof counts_ops[0]; f++) {
        group = counts_ops[f].name;
        for (int w = 0; w < 2; w++)
            for (int d = 0; d < 16; d++)
                for (int s = d % 4; s < 16; s += 4)
                    CASE(counts_ops[f].fn(b, w, d, s), "%s %s, %s", counts_ops[f].mn, rw(w, d), rw(w, s));
    }

    for (int cc = 0; cc < 16; cc++) {
        group = "x64_setcc_r8";
        for (int r = 0; r < 16; r++)
            CASE(x64_setcc_r8(b, cc, r), "set%s %s", cc_names[cc], r8n[r]);
        group = "x64_cmovcc_r_r";
        for (int w = 0; w < 2; w++)
            for (int d = 0; d < 16; d++) {
                int s = (d * 3 + cc) % 16;
                CASE(x64_cmovcc_r_r(b, cc, w, d, s), "cmov%s %s, %s", cc_names[cc], rw(w, d), rw(w, s));
            }
        group = "x64_cmovcc_r_m";
        for (int w = 0; w < 2; w++) {
            struct x64_mem m = mems_small[(size_t)cc % nmems_small];
            int d = (cc * 5 + w) % 16;
            CASE(x64_cmovcc_r_m(b, cc, w, d, m), "cmov%s %s, %s %s", cc_names[cc], rw(w, d), ptr(w), mem_text(m));
        }
    }
}

static void test_control(void)
{
    /* Patched to targets before and after the branch; as sees the same
     * targets relative to "." (the start of the branch instruction). */
    static const int32_t targets[] = { 0, 5, 0x100, 0x12345678, -3, -0x1000 };
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        int32_t target = targets[t];
        size_t lead = target < 0 ? 3 : 0;   /* nops so that "target" lands inside the buffer when negative */
        const char *nops = lead ? "nop; nop; nop; " : "";
        size_t at;

        group = "x64_jmp_rel32";
        reset();
        for (size_t i = 0; i < lead; i++) x64_nop(b);
        at = x64_jmp_rel32(b);
        x64_patch_rel32(b, at, (size_t)((int64_t)lead + target));
        emit_case("%s{disp32} jmp .%+d", nops, target);

        group = "x64_call_rel32";
        reset();
        for (size_t i = 0; i < lead; i++) x64_nop(b);
        at = x64_call_rel32(b);
        x64_patch_rel32(b, at, (size_t)((int64_t)lead + target));
        emit_case("%scall .%+d", nops, target);

        group = "x64_jcc_rel32";
        for (int cc = 0; cc < 16; cc++) {
            reset();
            for (size_t i = 0; i < lead; i++) x64_nop(b);
            at = x64_jcc_rel32(b, cc);
            x64_patch_rel32(b, at, (size_t)((int64_t)lead + target));
            emit_case("%s{disp32} j%s .%+d", nops, cc_names[cc], target);
        }
    }

    static const int8_t rels[] = { 0, 1, 127, -128, -2, -1 };
    for (size_t r = 0; r < sizeof rels; r++) {
        group = "x64_jmp_rel8";
        CASE(x64_jmp_rel8(b, rels[r]), "jmp .%+d", rels[r] + 2);
        group = "x64_jcc_rel8";
        for (int cc = 0; cc < 16; cc++)
            CASE(x64_jcc_rel8(b, cc, rels[r]), "j%s .%+d", cc_names[cc], rels[r] + 2);
    }
    group = "x64_patch_rel8";
    reset();
    size_t at = x64_jmp_rel8(b, 0);
    x64_nop(b);
    x64_patch_rel8(b, at, 3);
    emit_case("jmp .+3; nop");

    for (int r = 0; r < 16; r++) {
        group = "x64_call_r64";  CASE(x64_call_r64(b, r), "call %s", r64[r]);
        group = "x64_jmp_r64";   CASE(x64_jmp_r64(b, r), "jmp %s", r64[r]);
        group = "x64_push_r64";  CASE(x64_push_r64(b, r), "push %s", r64[r]);
        group = "x64_pop_r64";   CASE(x64_pop_r64(b, r), "pop %s", r64[r]);
    }
    for (size_t m = 0; m < nmems_small; m++) {
        group = "x64_call_m64";  CASE(x64_call_m64(b, mems_small[m]), "call qword ptr %s", mem_text(mems_small[m]));
        group = "x64_jmp_m64";   CASE(x64_jmp_m64(b, mems_small[m]), "jmp qword ptr %s", mem_text(mems_small[m]));
    }
    group = "x64_ret";   CASE(x64_ret(b), "ret");
    group = "x64_ud2";   CASE(x64_ud2(b), "ud2");
    group = "x64_int3";  CASE(x64_int3(b), "int3");
    group = "x64_nop";   CASE(x64_nop(b), "nop");
    group = "x64_nop_n";
    {
        /* {disp8}/{disp32} keep GNU as from dropping the zero displacement */
        static const char *const nop_text[9] = {
            "nop", "xchg ax, ax", "nop dword ptr [rax]", "{disp8} nop dword ptr [rax+0]",
            "{disp8} nop dword ptr [rax+rax*1+0]", "{disp8} nop word ptr [rax+rax*1+0]",
            "{disp32} nop dword ptr [rax+0]", "{disp32} nop dword ptr [rax+rax*1+0]",
            "{disp32} nop word ptr [rax+rax*1+0]",
        };
        for (size_t n = 1; n <= 20; n++) {
            char text[256] = "";
            for (size_t left = n; left > 0; left -= left < 9 ? left : 9)
                snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s",
                         text[0] ? "; " : "", nop_text[(left < 9 ? left : 9) - 1]);
            CASE(x64_nop_n(b, n), "%s", text);
        }
    }
}

static void test_ports(void)
{
    group = "x64_in_al_dx";   CASE(x64_in_al_dx(b), "in al, dx");
    group = "x64_in_ax_dx";   CASE(x64_in_ax_dx(b), "in ax, dx");
    group = "x64_in_eax_dx";  CASE(x64_in_eax_dx(b), "in eax, dx");
    group = "x64_out_dx_al";  CASE(x64_out_dx_al(b), "out dx, al");
    group = "x64_out_dx_ax";  CASE(x64_out_dx_ax(b), "out dx, ax");
    group = "x64_out_dx_eax"; CASE(x64_out_dx_eax(b), "out dx, eax");
    static const uint8_t ports[] = { 0x00, 0x60, 0x80, 0xFF };
    for (size_t p = 0; p < sizeof ports; p++) {
        unsigned port = ports[p];
        group = "x64_in_al_imm8";   CASE(x64_in_al_imm8(b, ports[p]), "in al, 0x%x", port);
        group = "x64_in_ax_imm8";   CASE(x64_in_ax_imm8(b, ports[p]), "in ax, 0x%x", port);
        group = "x64_in_eax_imm8";  CASE(x64_in_eax_imm8(b, ports[p]), "in eax, 0x%x", port);
        group = "x64_out_imm8_al";  CASE(x64_out_imm8_al(b, ports[p]), "out 0x%x, al", port);
        group = "x64_out_imm8_ax";  CASE(x64_out_imm8_ax(b, ports[p]), "out 0x%x, ax", port);
        group = "x64_out_imm8_eax"; CASE(x64_out_imm8_eax(b, ports[p]), "out 0x%x, eax", port);
    }
}

/* ---------------------------------------------------------------- SSE */

static void test_sse(void)
{
    static const struct { enum x64_sse_op op; const char *mn; } ariths[] = {
        { X64_SSE_ADD, "add" }, { X64_SSE_SUB, "sub" }, { X64_SSE_MUL, "mul" },
        { X64_SSE_DIV, "div" }, { X64_SSE_SQRT, "sqrt" }, { X64_SSE_MIN, "min" },
        { X64_SSE_MAX, "max" },
    };
    static const struct { enum x64_sse_logic op; const char *mn; } logics[] = {
        { X64_SSE_AND, "and" }, { X64_SSE_ANDN, "andn" }, { X64_SSE_OR, "or" }, { X64_SSE_XOR, "xor" },
    };

    for (int dbl = 0; dbl < 2; dbl++) {
        const char *s = dbl ? "sd" : "ss", *p = dbl ? "pd" : "ps";
        const char *size = dbl ? "qword ptr" : "dword ptr";

        group = "x64_sse_mov_xmm_m";
        for (size_t m = 0; m < nmems_full; m += 3) {
            int x = (int)(m % 16);
            CASE(x64_sse_mov_xmm_m(b, dbl, x, mems_full[m]), "mov%s %s, %s %s", s, xmm(x), size, mem_text(mems_full[m]));
        }
        group = "x64_sse_mov_m_xmm";
        for (size_t m = 1; m < nmems_full; m += 3) {
            int x = (int)((m * 7) % 16);
            CASE(x64_sse_mov_m_xmm(b, dbl, mems_full[m], x), "mov%s %s %s, %s", s, size, mem_text(mems_full[m]), xmm(x));
        }
        group = "x64_sse_mov_xmm_xmm";
        for (int d = 0; d < 16; d++)
            for (int r = 0; r < 16; r++)
                CASE(x64_sse_mov_xmm_xmm(b, dbl, d, r), "mov%s %s, %s", s, xmm(d), xmm(r));

        for (size_t a = 0; a < sizeof ariths / sizeof ariths[0]; a++) {
            group = "x64_sse_arith_xmm_xmm";
            for (int d = 0; d < 16; d++)
                for (int r = (d + (int)a) % 3; r < 16; r += 3)
                    CASE(x64_sse_arith_xmm_xmm(b, ariths[a].op, dbl, d, r), "%s%s %s, %s", ariths[a].mn, s, xmm(d), xmm(r));
            group = "x64_sse_arith_xmm_m";
            for (size_t m = 0; m < nmems_small; m++) {
                int d = (int)((m * 3 + a) % 16);
                CASE(x64_sse_arith_xmm_m(b, ariths[a].op, dbl, d, mems_small[m]), "%s%s %s, %s %s", ariths[a].mn, s, xmm(d), size, mem_text(mems_small[m]));
            }
        }

        for (int x = 0; x < 16; x++)
            for (int y = (x % 4); y < 16; y += 4) {
                group = "x64_sse_ucomi_xmm_xmm";
                CASE(x64_sse_ucomi_xmm_xmm(b, dbl, x, y), "ucomi%s %s, %s", s, xmm(x), xmm(y));
                group = "x64_sse_comi_xmm_xmm";
                CASE(x64_sse_comi_xmm_xmm(b, dbl, x, y), "comi%s %s, %s", s, xmm(x), xmm(y));
            }

        group = "x64_sse_ucomi_xmm_m";
        for (size_t m = 0; m < nmems_small; m++)
            CASE(x64_sse_ucomi_xmm_m(b, dbl, (int)((m * 5) % 16), mems_small[m]), "ucomi%s %s, %s %s", s, xmm((int)((m * 5) % 16)), size, mem_text(mems_small[m]));

        group = "x64_sse_cmp_xmm_xmm";
        for (int pred = 0; pred < 8; pred++)
            for (int d = 0; d < 16; d += 5)
                CASE(x64_sse_cmp_xmm_xmm(b, dbl, d, 15 - d, pred), "cmp%s %s, %s, %d", s, xmm(d), xmm(15 - d), pred);

        for (size_t l = 0; l < sizeof logics / sizeof logics[0]; l++) {
            group = "x64_sse_logic_xmm_xmm";
            for (int d = 0; d < 16; d++)
                for (int r = d % 2; r < 16; r += 2)
                    CASE(x64_sse_logic_xmm_xmm(b, logics[l].op, dbl, d, r), "%s%s %s, %s", logics[l].mn, p, xmm(d), xmm(r));
            group = "x64_sse_logic_xmm_m";
            for (size_t m = 0; m < nmems_small; m++) {
                int d = (int)((m * 5 + l) % 16);
                CASE(x64_sse_logic_xmm_m(b, logics[l].op, dbl, d, mems_small[m]), "%s%s %s, xmmword ptr %s", logics[l].mn, p, xmm(d), mem_text(mems_small[m]));
            }
        }

        group = "x64_sse_round_xmm_xmm";
        static const enum x64_round modes[] = { X64_ROUND_NEAREST, X64_ROUND_FLOOR, X64_ROUND_CEIL, X64_ROUND_TRUNC };
        for (int mode = 0; mode < 4; mode++)
            for (int d = 0; d < 16; d += 3)
                CASE(x64_sse_round_xmm_xmm(b, dbl, d, (d + 9) % 16, modes[mode]), "round%s %s, %s, %d", s, xmm(d), xmm((d + 9) % 16), (int)modes[mode]);
    }

    group = "x64_movaps_xmm_xmm";
    for (int d = 0; d < 16; d++)
        for (int r = 0; r < 16; r++)
            CASE(x64_movaps_xmm_xmm(b, d, r), "movaps %s, %s", xmm(d), xmm(r));
    group = "x64_pxor_xmm_xmm";
    for (int d = 0; d < 16; d++)
        for (int r = d % 3; r < 16; r += 3)
            CASE(x64_pxor_xmm_xmm(b, d, r), "pxor %s, %s", xmm(d), xmm(r));

    for (int x = 0; x < 16; x++)
        for (int r = 0; r < 16; r++) {
            group = "x64_movd_xmm_r";
            CASE(x64_movd_xmm_r(b, false, x, r), "movd %s, %s", xmm(x), r32[r]);
            CASE(x64_movd_xmm_r(b, true, x, r), "movq %s, %s", xmm(x), r64[r]);
            group = "x64_movd_r_xmm";
            CASE(x64_movd_r_xmm(b, false, r, x), "movd %s, %s", r32[r], xmm(x));
            CASE(x64_movd_r_xmm(b, true, r, x), "movq %s, %s", r64[r], xmm(x));
        }

    for (int w = 0; w < 2; w++)
        for (int x = 0; x < 16; x++)
            for (int r = x % 2; r < 16; r += 2) {
                group = "x64_cvtsi2ss_xmm_r";
                CASE(x64_cvtsi2ss_xmm_r(b, w, x, r), "cvtsi2ss %s, %s", xmm(x), rw(w, r));
                group = "x64_cvtsi2sd_xmm_r";
                CASE(x64_cvtsi2sd_xmm_r(b, w, x, r), "cvtsi2sd %s, %s", xmm(x), rw(w, r));
                group = "x64_cvttss2si_r_xmm";
                CASE(x64_cvttss2si_r_xmm(b, w, r, x), "cvttss2si %s, %s", rw(w, r), xmm(x));
                group = "x64_cvttsd2si_r_xmm";
                CASE(x64_cvttsd2si_r_xmm(b, w, r, x), "cvttsd2si %s, %s", rw(w, r), xmm(x));
            }
    for (int d = 0; d < 16; d++)
        for (int r = d % 4; r < 16; r += 4) {
            group = "x64_cvtss2sd_xmm_xmm";
            CASE(x64_cvtss2sd_xmm_xmm(b, d, r), "cvtss2sd %s, %s", xmm(d), xmm(r));
            group = "x64_cvtsd2ss_xmm_xmm";
            CASE(x64_cvtsd2ss_xmm_xmm(b, d, r), "cvtsd2ss %s, %s", xmm(d), xmm(r));
        }
}

int main(void)
{
    build_mems();
    test_buffer();
    test_mov();
    test_extend();
    test_alu();
    test_muldiv();
    test_shift_bits();
    test_control();
    test_ports();
    test_sse();
    return 0;
}
