/*
 * hostfunc.c — functions written in C that wasm can import and call like its own.
 *
 * Compiled code calls every function the same way: r15 = the callee's instance, the
 * first arguments in registers and the rest in the outgoing area at [rsp] (runtime.h),
 * `call ref->code`. A host function is a System V C function that sees every argument
 * and result in a slot array, so each one gets a tiny generated stub that translates:
 *
 *     push rbp                 ; rsp was 16-aligned at the call: now aligned again
 *     mov  rbp, rsp
 *     mov  [rbp+16+8*i], reg   ; each register argument to its slot (x64_callconv.c)
 *     mov  rdi, r15            ; caller: the instance in r15 (see runtime.h)
 *     mov  rsi, <data>         ; the embedder's pointer
 *     lea  rdx, [rbp+16]       ; slots: the caller's outgoing area
 *     mov  rax, <fn>
 *     call rax                 ; fn(caller, data, slots); it writes results into slots
 *     mov  reg, [rbp+16+8*i]   ; each register result from its slot
 *     pop  rbp
 *     ret
 *
 * The C function preserves rbx, rbp and r12-r15 by the System V rules, which is more
 * than compiled code asks for. slots[-1] is the return address into the caller (the
 * kernel's ABI functions report refusals at that call).
 */
#include "embed.h"
#include "runtime.h"
#include "x64_callconv.h"
#include "x64_encode.h"

/* Fixed part, plus at most 9 bytes for each register argument or result. */
#define STUB_SIZE (48 + 9 * (X64_PARAM_GPRS + X64_PARAM_XMMS + X64_RESULT_GPRS + X64_RESULT_XMMS))

struct host_func {
    struct wasm_func_ref ref;        /* first: a ref pointer is a host_func pointer */
    struct wasm_functype type;       /* our copy of the type */
    uint8_t *stub;
    uint8_t types[];                 /* type.types points here */
};

/* Copy value `type` between `reg` and the slot at `mem`, either way. An i32 goes to its
 * slot as 8 bytes: its register is zero-extended, and so the whole slot is defined. */
static void move_slot(struct x64_buf *b, uint8_t type, int reg, struct x64_mem mem, bool to_slot)
{
    bool fl = type == WASM_F32 || type == WASM_F64;
    bool w = type != WASM_F32 && (type != WASM_I32 || to_slot);
    if (fl && to_slot)
        x64_sse_mov_m_xmm(b, w, mem, (enum x64_xmm)reg);
    else if (fl)
        x64_sse_mov_xmm_m(b, w, (enum x64_xmm)reg, mem);
    else if (to_slot)
        x64_mov_m_r(b, w, mem, (enum x64_reg)reg);
    else
        x64_mov_r_m(b, w, (enum x64_reg)reg, mem);
}

static void emit_stub(struct x64_buf *b, const struct wasm_functype *type, wasm_host_fn fn, void *data)
{
    x64_push_r64(b, X64_RBP);
    x64_mov_r_r(b, true, X64_RBP, X64_RSP);
    struct x64_regs_used used = { 0, 0 };
    for (uint32_t i = 0; i < type->nparams; i++) {
        int reg = x64_param_reg(&used, type->types[i]);
        if (reg >= 0)
            move_slot(b, type->types[i], reg, x64_mem_base(X64_RBP, 16 + 8 * (int32_t)i), true);
    }
    x64_mov_r_r(b, true, X64_RDI, X64_R15);
    x64_mov_r64_imm64(b, X64_RSI, (uint64_t)data);
    x64_lea_r64_m(b, X64_RDX, x64_mem_base(X64_RBP, 16));
    x64_mov_r64_imm64(b, X64_RAX, (uint64_t)fn);
    x64_call_r64(b, X64_RAX);
    used = (struct x64_regs_used){ 0, 0 };
    for (uint32_t i = 0; i < type->nresults; i++) {
        uint8_t t = type->types[type->nparams + i];
        int reg = x64_result_reg(&used, t);
        if (reg >= 0)
            move_slot(b, t, reg, x64_mem_base(X64_RBP, 16 + 8 * (int32_t)i), false);
    }
    x64_pop_r64(b, X64_RBP);
    x64_ret(b);
}

struct wasm_func_ref *wasm_host_func_new(const struct wasm_functype *type, wasm_host_fn fn, void *data)
{
    uint32_t ntypes = type->nparams + type->nresults;
    struct host_func *h = wasm_alloc(sizeof *h + ntypes);
    if (h == NULL)
        return NULL;
    memcpy(h->types, type->types, ntypes);
    h->type = *type;
    h->type.types = h->types;
    h->type.sig = wasm_sig_intern(&h->type);
    h->stub = wasm_code_alloc(STUB_SIZE);
    if (h->type.sig == 0 || h->stub == NULL) {
        wasm_host_func_free(&h->ref);
        return NULL;
    }
    struct x64_buf b;
    x64_buf_init(&b, h->stub, STUB_SIZE);
    emit_stub(&b, &h->type, fn, data);
    if (b.overflow) {
        wasm_host_func_free(&h->ref);
        return NULL;
    }
    wasm_code_seal(h->stub, STUB_SIZE);

    h->ref.code = h->stub;
    h->ref.instance = NULL;          /* wasm_instantiate fills in each importer's copy */
    h->ref.sig = h->type.sig;
    h->ref.func_index = UINT32_MAX;
    h->ref.type = &h->type;
    return &h->ref;
}

void wasm_host_func_free(struct wasm_func_ref *f)
{
    struct host_func *h = (struct host_func *)f;
    if (h == NULL)
        return;
    if (h->stub != NULL)
        wasm_code_free(h->stub, STUB_SIZE);
    wasm_free(h);
}
