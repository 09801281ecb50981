/*
 * x64_callconv.c — the register lists of the internal calling convention.
 *
 * Params use the System V argument registers (rax stays free: call_indirect and import
 * calls hold the function reference in it up to the `call`); results come back in rax,
 * then rdx, and xmm0, then xmm1, as in System V. Any register a list does not name is
 * never live across a call boundary: every register is caller-saved.
 */
#include "x64_callconv.h"

#include "wasm.h"

static const uint8_t param_gprs[X64_PARAM_GPRS] = {
    X64_RDI, X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9,
};
static const uint8_t param_xmms[X64_PARAM_XMMS] = {
    X64_XMM0, X64_XMM1, X64_XMM2, X64_XMM3, X64_XMM4, X64_XMM5, X64_XMM6, X64_XMM7,
};
static const uint8_t result_gprs[X64_RESULT_GPRS] = { X64_RAX, X64_RDX };
static const uint8_t result_xmms[X64_RESULT_XMMS] = { X64_XMM0, X64_XMM1 };

static bool is_float(uint8_t type) { return type == WASM_F32 || type == WASM_F64; }

static int next(struct x64_regs_used *used, uint8_t type, const uint8_t *gprs, uint8_t ngprs,
                const uint8_t *xmms, uint8_t nxmms)
{
    if (is_float(type))
        return used->xmms < nxmms ? xmms[used->xmms++] : -1;
    return used->gprs < ngprs ? gprs[used->gprs++] : -1;
}

int x64_param_reg(struct x64_regs_used *used, uint8_t type)
{
    return next(used, type, param_gprs, X64_PARAM_GPRS, param_xmms, X64_PARAM_XMMS);
}

int x64_result_reg(struct x64_regs_used *used, uint8_t type)
{
    return next(used, type, result_gprs, X64_RESULT_GPRS, result_xmms, X64_RESULT_XMMS);
}
