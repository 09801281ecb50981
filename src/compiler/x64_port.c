/*
 * x64_port.c — port I/O imports compiled inline, for drivers (docs/caps.md).
 *
 * When the options mark an import as a port intrinsic (compile.h) and the port operand
 * is a constant, the declaration is checked here, at compile time, and the call becomes
 * the instruction itself. A port known only at run time is left to an ordinary call:
 * the kernel function behind the import checks the SIP's bitmap and traps.
 *
 *   in8 (const p < 256)     in al, p         ; movzx eax, al     result in eax
 *   in16(const p >= 256)    mov edx, p ; in ax, dx ; movzx eax, ax
 *   out8(const p, v)        v -> eax ; out p, al          (out dx, al when p >= 256)
 *
 * x86 fixes the registers: the data goes through al/ax/eax, a port above 255 through dx.
 * None of these instructions touches the flags, so a comparison still held in them
 * (LOC_FLAGS) survives.
 */
#include "x64_backend.h"

/* The width of each intrinsic in bytes, and whether it writes. */
static const struct {
    uint8_t bytes;
    bool out;
} port_ops[] = {
    [WASM_INTRINSIC_IN8] = { 1, false },  [WASM_INTRINSIC_IN16] = { 2, false },
    [WASM_INTRINSIC_IN32] = { 4, false }, [WASM_INTRINSIC_OUT8] = { 1, true },
    [WASM_INTRINSIC_OUT16] = { 2, true }, [WASM_INTRINSIC_OUT32] = { 4, true },
};

static uint8_t intrinsic_of(const struct be *be, uint32_t func)
{
    const struct wasm_intrinsics *in = be->opt->intrinsics;
    if (in == NULL || func >= be->m->nfunc_imports)
        return WASM_INTRINSIC_NONE;
    uint8_t kind = in->kinds[func];
    return kind <= WASM_INTRINSIC_OUT32 ? kind : WASM_INTRINSIC_NONE;
}

bool be_is_intrinsic(const struct be *be, uint32_t func)
{
    return intrinsic_of(be, func) != WASM_INTRINSIC_NONE;
}

/* in al/ax/eax from `port`, zero-extended into eax. */
static void emit_in(struct be *be, uint32_t port, uint8_t bytes)
{
    struct x64_buf *b = &be->buf;
    if (port < 256) {
        if (bytes == 1)
            x64_in_al_imm8(b, (uint8_t)port);          /* E4 ib      in al, imm8 */
        else if (bytes == 2)
            x64_in_ax_imm8(b, (uint8_t)port);          /* 66 E5 ib   in ax, imm8 */
        else
            x64_in_eax_imm8(b, (uint8_t)port);         /* E5 ib      in eax, imm8 */
    } else {
        vs_claim_gpr(&be->vs, X64_RDX);
        x64_mov_r_imm32(b, false, X64_RDX, (int32_t)port);
        if (bytes == 1)
            x64_in_al_dx(b);                           /* EC         in al, dx */
        else if (bytes == 2)
            x64_in_ax_dx(b);                           /* 66 ED      in ax, dx */
        else
            x64_in_eax_dx(b);                          /* ED         in eax, dx */
    }
    if (bytes == 1)
        x64_movzx_r32_r8(b, X64_RAX, X64_RAX);
    else if (bytes == 2)
        x64_movzx_r32_r16(b, X64_RAX, X64_RAX);
}

/* out to `port` from al/ax/eax. */
static void emit_out(struct be *be, uint32_t port, uint8_t bytes)
{
    struct x64_buf *b = &be->buf;
    if (port < 256) {
        if (bytes == 1)
            x64_out_imm8_al(b, (uint8_t)port);         /* E6 ib      out imm8, al */
        else if (bytes == 2)
            x64_out_imm8_ax(b, (uint8_t)port);         /* 66 E7 ib   out imm8, ax */
        else
            x64_out_imm8_eax(b, (uint8_t)port);        /* E7 ib      out imm8, eax */
    } else {
        vs_claim_gpr(&be->vs, X64_RDX);
        x64_mov_r_imm32(b, false, X64_RDX, (int32_t)port);
        if (bytes == 1)
            x64_out_dx_al(b);                          /* EE         out dx, al */
        else if (bytes == 2)
            x64_out_dx_ax(b);                          /* 66 EF      out dx, ax */
        else
            x64_out_dx_eax(b);                         /* EF         out dx, eax */
    }
}

bool be_intrinsic(struct be *be, uint32_t func, struct wasm_error *err)
{
    struct valstack *vs = &be->vs;
    uint8_t kind = intrinsic_of(be, func);
    bool out = port_ops[kind].out;
    const struct vs_entry *port_entry = vs_top(vs, out ? 1 : 0);
    if (port_entry->loc != LOC_CONST) {
        be_call(be, func);                 /* checked at run time, by the import */
        return true;
    }
    uint32_t port = (uint32_t)port_entry->bits;
    const uint8_t *allowed = out ? be->opt->intrinsics->port_write : be->opt->intrinsics->port_read;
    if (port >= 0x10000 || !((allowed[port >> 3] >> (port & 7)) & 1))
        return wasm_error_set(err, be->wasm_offset, "port 0x%x is not declared for %s in atoll.caps",
                              port, out ? "writing" : "reading");
    if (out) {
        vs_to_gpr_fixed(vs, 0, X64_RAX);
        emit_out(be, port, port_ops[kind].bytes);
        vs_pop(vs, 2);
        return true;
    }
    vs_pop(vs, 1);
    vs_claim_gpr(vs, X64_RAX);
    emit_in(be, port, port_ops[kind].bytes);
    vs_push_reg(vs, WASM_I32, X64_RAX);
    vs_unlock(vs, false, X64_RAX);
    return true;
}
