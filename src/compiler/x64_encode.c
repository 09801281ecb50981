/* x64_encode.c — the code buffer and the memory operand, the one primitive of
 * x86_64 instructions too big to be inline (the emitters, REX, ModRM, SIB and the
 * two generic "prefix REX opcode ModRM" forms are, in x64_encode.h).
 *
 * An x86_64 instruction as this encoder produces it:
 *
 *   [66|F2|F3]  [REX]  opcode (1-3 bytes)  [ModRM]  [SIB]  [disp8|disp32]  [imm]
 *
 * The instruction files (x64_encode_int.c, x64_encode_sse.c) only choose the
 * prefix, opcode and operands; all the bit-fiddling lives here, once.
 */
#include "x64_encode.h"

/* ---------------------------------------------------------------- buffer */

void x64_buf_init(struct x64_buf *buf, uint8_t *bytes, size_t cap)
{
    buf->bytes = bytes;
    buf->len = 0;
    buf->cap = cap;
    buf->overflow = false;
    buf->rip_field = 0;
}

void x64_emit_spare(struct x64_buf *buf, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        x64_emit8(buf, buf->spare[i]);
}

void x64_patch32(struct x64_buf *buf, size_t offset, uint32_t v)
{
    if (offset > buf->cap || buf->cap - offset < 4)
        return;   /* the bytes were never written: the buffer overflowed */
    uint8_t *p = buf->bytes + offset;   /* (written out: one 32-bit store) */
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* The displacement is target - (end of the 4-byte field); unsigned
 * wrap-around gives the right two's-complement value for backward jumps. */
void x64_patch_rel32(struct x64_buf *buf, size_t patch_offset, size_t target_offset)
{
    x64_patch32(buf, patch_offset, (uint32_t)(target_offset - (patch_offset + 4)));
}

bool x64_patch_rel8(struct x64_buf *buf, size_t patch_offset, size_t target_offset)
{
    int64_t rel = (int64_t)target_offset - (int64_t)(patch_offset + 1);
    if (rel < -128 || rel > 127)
        return false;
    if (patch_offset < buf->cap)
        buf->bytes[patch_offset] = (uint8_t)rel;
    return true;
}

/* --------------------------------------------------------- primitives */

static bool fits_int8(int32_t v)
{
    return v >= -128 && v <= 127;
}

/* The special cases of the memory operand, all because of two rm values:
 *   rm = 100 (rsp, r12) means "a SIB byte follows", so those bases need one;
 *   mod = 00 with rm = 101 (rbp, r13) means "disp32, no base" (RIP-relative
 *   in 64-bit mode), so those bases always carry a displacement;
 *   SIB.index = 100 means "no index", which is why rsp cannot be an index. */
void x64_mem_operand(struct x64_buf *buf, int reg, struct x64_mem mem)
{
    int mod;
    if (mem.base == X64_RIP) {   /* mod 00, rm 101: [rip + disp32], no SIB */
        x64_modrm(buf, 0, reg, 5);
        buf->rip_field = buf->len;
        x64_emit32(buf, (uint32_t)mem.disp);
        return;
    }
    if (mem.disp == 0 && (mem.base & 7) != X64_RBP)
        mod = 0;
    else if (fits_int8(mem.disp))
        mod = 1;
    else
        mod = 2;

    if (mem.index >= 0 || (mem.base & 7) == X64_RSP) {
        x64_modrm(buf, mod, reg, X64_RSP);
        x64_sib(buf, mem.scale, mem.index >= 0 ? mem.index : X64_RSP, mem.base);
    } else {
        x64_modrm(buf, mod, reg, mem.base);
    }

    if (mod == 1)
        x64_emit8(buf, (uint8_t)mem.disp);
    else if (mod == 2)
        x64_emit32(buf, (uint32_t)mem.disp);
}
