/*
 * x64_callconv.h — which registers carry the arguments and results of a compiled
 * function (the internal calling convention of runtime.h). Compiled calls, prologues and
 * returns (x64_call.c, x64_frame.c), the host-function stubs (hostfunc.c) and the
 * wasm_invoke trampoline (invoke.c) all ask here, so the convention is written once.
 *
 * Values of each class take the next register of their class's list in signature order;
 * a value that finds its list used up travels in memory slot i (i = its index among the
 * params, or among the results). A register value's slot still exists and is unused.
 */
#ifndef ATOLL_X64_CALLCONV_H
#define ATOLL_X64_CALLCONV_H

#include <stdint.h>

#include "x64_encode.h"

#define X64_PARAM_GPRS 6    /* integer and reference params: rdi rsi rdx rcx r8 r9 */
#define X64_PARAM_XMMS 8    /* float params: xmm0 .. xmm7 */
#define X64_RESULT_GPRS 2   /* integer and reference results: rax rdx */
#define X64_RESULT_XMMS 2   /* float results: xmm0 xmm1 */

/* The registers handed out so far while walking a signature's params or results. */
struct x64_regs_used {
    uint8_t gprs;
    uint8_t xmms;
};

/* The register of the next param (result) of value type `type`: an enum x64_reg for
 * integers and references, an enum x64_xmm for floats; -1 when it travels in memory. */
int x64_param_reg(struct x64_regs_used *used, uint8_t type);
int x64_result_reg(struct x64_regs_used *used, uint8_t type);

#endif
